"""``torch.utils.hooks``: the handle type ``register_*_hook`` methods return, and hook markers."""
from __future__ import annotations

from ..nn.modules.module import RemovableHandle

__all__ = ["RemovableHandle", "unserializable_hook"]


def unserializable_hook(f):
    """Mark ``f`` as a hook that is not meant to be serialized (``torch.utils.hooks.unserializable_hook``).

    PyTorch checks the ``__torch_unserializable__`` flag it sets before warning that a tensor's
    backward hook will not be saved.
    """
    f.__torch_unserializable__ = True
    return f
