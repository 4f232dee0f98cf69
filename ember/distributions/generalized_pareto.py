"""``torch.distributions.generalized_pareto`` (implemented in :mod:`.extra_family`)."""
from .extra_family import GeneralizedPareto

__all__ = ["GeneralizedPareto"]
