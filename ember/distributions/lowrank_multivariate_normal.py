"""``torch.distributions.lowrank_multivariate_normal`` (implemented in :mod:`.extra_family`)."""
from .extra_family import LowRankMultivariateNormal

__all__ = ["LowRankMultivariateNormal"]
