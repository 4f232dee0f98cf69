"""``torch.distributions.lkj_cholesky`` (implemented in :mod:`.extra_family`)."""
from .extra_family import LKJCholesky

__all__ = ["LKJCholesky"]
