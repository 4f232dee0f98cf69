"""``torch.distributions.chi2`` (implemented in :mod:`.extra_family`)."""
from .extra_family import Chi2

__all__ = ["Chi2"]
