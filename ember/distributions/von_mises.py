"""``torch.distributions.von_mises`` (implemented in :mod:`.extra_family`)."""
from .extra_family import VonMises

__all__ = ["VonMises"]
