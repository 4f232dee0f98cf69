"""``torch.amp``: ``autocast`` and ``GradScaler`` (see ``autocast_mode`` and ``grad_scaler``).

ember's autocast validates and records its state like PyTorch's but does not
change the dtypes ops compute in; ember has no bfloat16, so an enabled
autocast that would use it (``device_type="cpu"`` by default) raises.
"""
from . import autocast_mode, grad_scaler
from .autocast_mode import autocast, custom_bwd, custom_fwd, is_autocast_available
from .grad_scaler import GradScaler

_enter_autocast = autocast_mode._enter_autocast
_exit_autocast = autocast_mode._exit_autocast
_SUBMODULES = (autocast_mode, grad_scaler)  # torch.amp.autocast_mode / torch.amp.grad_scaler

__all__ = ["autocast", "custom_bwd", "custom_fwd", "is_autocast_available", "GradScaler"]
