"""``torch.distributions.logistic_normal`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import LogisticNormal

__all__ = ["LogisticNormal"]
