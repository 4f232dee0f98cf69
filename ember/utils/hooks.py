"""``torch.utils.hooks``: the handle type ``register_*_hook`` methods return."""
from __future__ import annotations

from ..nn.modules.module import RemovableHandle

__all__ = ["RemovableHandle"]
