"""``torch.distributions.cauchy`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import Cauchy

__all__ = ["Cauchy"]
