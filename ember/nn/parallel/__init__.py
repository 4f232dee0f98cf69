"""``torch.nn.parallel``: ``DataParallel`` and ``DistributedDataParallel`` (CPU, one process)."""

from .data_parallel import DataParallel, data_parallel
from .distributed import DistributedDataParallel

DistributedDataParallelCPU = DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]
