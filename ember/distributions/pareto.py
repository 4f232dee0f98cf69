"""``torch.distributions.pareto`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import Pareto

__all__ = ["Pareto"]
