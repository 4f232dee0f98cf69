"""``torch.sparse``: sparse COO tensors.

A sparse tensor is a ``Tensor`` whose storage is a ``SparseCOO`` (indices,
values, size); see ``_coo.py``.  This package is imported on first use, so
dense programs never load it.
"""
from __future__ import annotations

from ._tensor_methods import sparse_coo_tensor
from ._ops import addmm, log_softmax, mm, softmax, sum, check_sparse_tensor_invariants, sampled_addmm
from ._ops import torch_spmm as spmm
from ._legacy import DoubleTensor, FloatTensor, IntTensor, LongTensor

__all__ = ["addmm", "check_sparse_tensor_invariants", "log_softmax", "mm", "sampled_addmm", "softmax", "sum"]
