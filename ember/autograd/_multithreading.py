"""``torch.autograd.set_multithreading_enabled`` / ``is_multithreading_enabled``.

PyTorch may run backward on worker threads per device; ember's engine
always runs on the calling thread, so the flag is only recorded.  As in
PyTorch, constructing ``set_multithreading_enabled(mode)`` sets the flag at
once and a ``with`` block restores the previous value on exit.
"""
from __future__ import annotations

_ENABLED = [True]


def is_multithreading_enabled() -> bool:
    """Whether autograd may use worker threads (default True)."""
    return _ENABLED[0]


class set_multithreading_enabled:
    """Set the multithreaded-backward flag (a call or a ``with`` block)."""

    def __init__(self, mode: bool) -> None:
        self.prev = _ENABLED[0]
        self.mode = mode
        _ENABLED[0] = bool(mode)

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        _ENABLED[0] = self.prev

    def clone(self) -> "set_multithreading_enabled":
        return self.__class__(self.mode)
