"""``torch.distributions.half_cauchy`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import HalfCauchy

__all__ = ["HalfCauchy"]
