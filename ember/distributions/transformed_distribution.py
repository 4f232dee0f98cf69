"""``torch.distributions.transformed_distribution`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import TransformedDistribution

__all__ = ["TransformedDistribution"]
