"""``torch.distributions.kumaraswamy`` (implemented in :mod:`.transformed_family`)."""
from .transformed_family import Kumaraswamy

__all__ = ["Kumaraswamy"]
