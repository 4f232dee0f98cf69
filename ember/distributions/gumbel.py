"""``torch.distributions.gumbel`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import Gumbel

__all__ = ["Gumbel"]
