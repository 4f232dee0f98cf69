"""``torch.cpu.amp``: deprecated aliases of ``torch.amp.autocast("cpu")`` and ``torch.amp.GradScaler("cpu")``."""
from .autocast_mode import autocast
from .grad_scaler import GradScaler
