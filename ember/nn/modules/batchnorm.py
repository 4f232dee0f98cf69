"""``torch.nn.modules.batchnorm``: PyTorch's home of the BatchNorm classes (ember defines them in
``normalization``, ``lazy`` and ``syncbatchnorm``); the same class objects, so ``isinstance`` holds."""
from .lazy import LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d, _LazyNormBase
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, _BatchNorm, _NormBase
from .syncbatchnorm import SyncBatchNorm

__all__ = ["BatchNorm1d", "LazyBatchNorm1d", "BatchNorm2d", "LazyBatchNorm2d", "BatchNorm3d", "LazyBatchNorm3d",
           "SyncBatchNorm"]
