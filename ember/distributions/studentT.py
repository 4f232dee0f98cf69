"""``torch.distributions.studentT`` (implemented in :mod:`.extra_family`)."""
from .extra_family import StudentT

__all__ = ["StudentT"]
