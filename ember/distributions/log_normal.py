"""``torch.distributions.log_normal`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import LogNormal

__all__ = ["LogNormal"]
