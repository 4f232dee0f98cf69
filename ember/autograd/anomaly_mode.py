"""Anomaly detection (``torch.autograd.set_detect_anomaly`` / ``detect_anomaly``).

When enabled, every node remembers the stack of the forward call that created
it, and after each backward step the engine checks the produced gradients for
NaN.  A NaN raises PyTorch's error, naming the node and printing the line of
the forward op that built it.
"""
from __future__ import annotations

import warnings

import numpy as np


class _State:
    """Process-wide, like PyTorch's ``AnomalyMode`` (a static flag, not thread-local)."""

    enabled = False
    check_nan = True


_STATE = _State()


def _refresh() -> None:
    from .graph import refresh_node_callbacks
    refresh_node_callbacks()


def is_enabled() -> bool:
    return _STATE.enabled


def is_anomaly_enabled() -> bool:
    return _STATE.enabled


def is_anomaly_check_nan_enabled() -> bool:
    return _STATE.check_nan


class set_detect_anomaly:
    """Turn anomaly detection on or off; works as a call or a ``with`` block."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = (_STATE.enabled, _STATE.check_nan)
        _STATE.enabled = bool(mode)
        _STATE.check_nan = bool(check_nan)
        _refresh()

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        _STATE.enabled, _STATE.check_nan = self.prev
        _refresh()


class detect_anomaly:
    """Context manager/decorator enabling anomaly detection in its block."""

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        self.prev = (False, True)
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the runtime and should only "
            "be enabled for debugging.",
            stacklevel=2,
        )

    def __enter__(self) -> None:
        self.prev = (_STATE.enabled, _STATE.check_nan)
        _STATE.enabled = True
        _STATE.check_nan = self.check_nan
        _refresh()

    def __exit__(self, *exc) -> None:
        _STATE.enabled, _STATE.check_nan = self.prev
        _refresh()

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*a, **k):
            with self.__class__(self.check_nan):
                return fn(*a, **k)

        return wrapper


def record_creation(node) -> None:
    """Remember where the forward op of ``node`` was called (only in anomaly mode).

    The stack leaves out ember's frames and the ``python -m ember run``
    runner's (PyTorch records ``traceback.format_stack()`` of the script).
    """
    import traceback  # only in anomaly mode: keeps it out of `import ember`

    stack = traceback.extract_stack()[:-3]
    stack = [f for f in stack if "/ember/" not in f.filename.replace("\\", "/")
             and not f.filename.startswith("<frozen runpy>")] or stack
    if node._ext is None:
        node._ext = {}
    node._ext["trace"] = "".join(traceback.format_list(stack))


_INTERNAL_AT = " (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/python_anomaly_mode.cpp:{}.)"


def warn_error_detected(node) -> None:
    """PyTorch's anomaly-mode warning when a node's backward fails: the forward traceback of ``node``."""
    from .. import _hints
    trace = (node._ext or {}).get("trace")
    if trace:
        msg = (f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n{trace}"
               + _INTERNAL_AT.format(122))
    else:
        msg = (f"Error detected in {node.name()}. No forward pass information available. Enable detect anomaly "
               "during forward pass for more information." + _INTERNAL_AT.format(100))
    warnings.warn(msg, UserWarning, stacklevel=_hints._user_stacklevel())


def call_checked(node, buf):
    """Run ``node.backward`` in anomaly mode: NaN outputs raise, and any error first warns with the forward trace."""
    try:
        outs = node.backward(*buf)
        if not isinstance(outs, (tuple, list)):
            outs = (outs,)
        outs = tuple(outs)
        if _STATE.check_nan:
            for i, g in enumerate(outs):
                if g is None:
                    continue
                data = g._data
                if data.dtype.kind in "fc" and bool(np.isnan(data).any()):
                    raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
    except Exception:
        warn_error_detected(node)
        raise
    return outs
