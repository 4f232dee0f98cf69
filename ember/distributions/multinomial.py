"""``torch.distributions.multinomial`` (implemented in :mod:`.extra_family`)."""
from .extra_family import Multinomial

__all__ = ["Multinomial"]
