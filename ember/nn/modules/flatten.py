"""``torch.nn.modules.flatten``: ``Flatten`` and ``Unflatten`` (defined in ``linear`` in ember)."""
from .linear import Flatten, Unflatten

__all__ = ["Flatten", "Unflatten"]
