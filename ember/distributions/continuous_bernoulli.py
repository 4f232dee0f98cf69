"""``torch.distributions.continuous_bernoulli`` (implemented in :mod:`.extra_family`)."""
from .extra_family import ContinuousBernoulli

__all__ = ["ContinuousBernoulli"]
