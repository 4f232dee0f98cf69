"""``torch.distributions.geometric`` (implemented in :mod:`.extra_family`)."""
from .extra_family import Geometric

__all__ = ["Geometric"]
