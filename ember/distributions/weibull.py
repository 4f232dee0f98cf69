"""``torch.distributions.weibull`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import Weibull

__all__ = ["Weibull"]
