"""``torch.cuda.amp``: deprecated aliases of ``torch.amp`` for ``device_type="cuda"``.

This directory is the search path ``ember/cuda.py`` declares (its ``__path__``),
so the package imports as ``ember.cuda.amp`` (``torch.cuda.amp`` under
``python -m ember run``).  Without a GPU, autocast and GradScaler warn and
disable themselves as PyTorch's do.
"""
from .autocast_mode import autocast, custom_bwd, custom_fwd
from .common import amp_definitely_not_available
from .grad_scaler import GradScaler

__all__ = [
    "amp_definitely_not_available",
    "autocast",
    "custom_bwd",
    "custom_fwd",
    "GradScaler",
]
