"""``torch.distributions.mixture_same_family`` (implemented in :mod:`.extra_family`)."""
from .extra_family import MixtureSameFamily

__all__ = ["MixtureSameFamily"]
