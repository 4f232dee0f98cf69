"""``torch.cuda.amp.autocast``, ``custom_fwd``, ``custom_bwd``: ``torch.amp``'s with PyTorch 2.13's FutureWarnings."""
import functools
import warnings
from typing import Any

from ... import _dtype as D
from ...amp import autocast_mode as _amp

__all__ = ["autocast", "custom_fwd", "custom_bwd"]


class autocast(_amp.autocast):
    """See :class:`torch.autocast`.

    ``torch.cuda.amp.autocast(args...)`` is deprecated. Please use ``torch.amp.autocast("cuda", args...)`` instead.
    """

    def __init__(self, enabled: bool = True, dtype=D.float16, cache_enabled: bool = True) -> None:
        if type(self) is autocast:
            warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. "
                          "Please use `torch.amp.autocast('cuda', args...)` instead.", FutureWarning, stacklevel=2)
        # torch.amp's warnings point at the next line, as PyTorch's point at its "super().__init__("
        super().__init__(
            "cuda", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)

    def __enter__(self):
        return super().__enter__()

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any):  # type: ignore[override]
        return super().__exit__(exc_type, exc_val, exc_tb)

    def __call__(self, func):
        return super().__call__(func)


def _cast(value, dtype):
    warnings.warn("`torch.cuda.amp.autocast_mode._cast(value, dtype)` is deprecated. "
                  "Please use `torch.amp.autocast_mode._cast(value, 'cuda', dtype)` instead.",
                  FutureWarning, stacklevel=2)
    return _amp._cast(value, dtype)


def custom_fwd(fwd=None, *, cast_inputs=None):
    """``torch.cuda.amp.custom_fwd(args...)`` is deprecated. Please use
    ``torch.amp.custom_fwd(args..., device_type='cuda')`` instead."""
    warnings.warn("`torch.cuda.amp.custom_fwd(args...)` is deprecated. "
                  "Please use `torch.amp.custom_fwd(args..., device_type='cuda')` instead.",
                  FutureWarning, stacklevel=2)
    return functools.partial(_amp.custom_fwd, device_type="cuda")(fwd=fwd, cast_inputs=cast_inputs)


def custom_bwd(bwd):
    """``torch.cuda.amp.custom_bwd(args...)`` is deprecated. Please use
    ``torch.amp.custom_bwd(args..., device_type='cuda')`` instead."""
    warnings.warn("`torch.cuda.amp.custom_bwd(args...)` is deprecated. "
                  "Please use `torch.amp.custom_bwd(args..., device_type='cuda')` instead.",
                  FutureWarning, stacklevel=2)
    return functools.partial(_amp.custom_bwd, device_type="cuda")(bwd)
