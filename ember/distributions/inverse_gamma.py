"""``torch.distributions.inverse_gamma`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import InverseGamma

__all__ = ["InverseGamma"]
