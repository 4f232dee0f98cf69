"""``torch.distributions.negative_binomial`` (implemented in :mod:`.extra_family`)."""
from .extra_family import NegativeBinomial

__all__ = ["NegativeBinomial"]
