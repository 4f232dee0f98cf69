"""``torch.cpu.amp.autocast``: ``torch.amp.autocast("cpu", ...)`` with PyTorch 2.13's FutureWarning."""
import warnings
from typing import Any

from ...amp import autocast_mode as _amp

__all__ = ["autocast"]


class autocast(_amp.autocast):
    """See :class:`torch.autocast`.

    ``torch.cpu.amp.autocast(args...)`` is deprecated. Please use ``torch.amp.autocast("cpu", args...)`` instead.
    """

    def __init__(self, enabled: bool = True, dtype=_amp._BF16, cache_enabled: bool = True) -> None:
        if type(self) is autocast:
            warnings.warn("`torch.cpu.amp.autocast(args...)` is deprecated. "
                          "Please use `torch.amp.autocast('cpu', args...)` instead.", FutureWarning, stacklevel=2)
        super().__init__(
            "cpu", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)

    def __enter__(self):
        return super().__enter__()

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any):  # type: ignore[override]
        return super().__exit__(exc_type, exc_val, exc_tb)

    def __call__(self, func):
        return super().__call__(func)
