"""``torch.distributions.wishart`` (implemented in :mod:`.extra_family`)."""
from .extra_family import Wishart

__all__ = ["Wishart"]
