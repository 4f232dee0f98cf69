"""``torch.distributions.half_normal`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import HalfNormal

__all__ = ["HalfNormal"]
