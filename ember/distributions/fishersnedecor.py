"""``torch.distributions.fishersnedecor`` (implemented in :mod:`.extra_family`)."""
from .extra_family import FisherSnedecor

__all__ = ["FisherSnedecor"]
