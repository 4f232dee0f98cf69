"""``torch.sparse.FloatTensor(indices, values, size)`` and friends: PyTorch's deprecated constructors."""
from __future__ import annotations

import warnings

_DEPRECATED = ("torch.sparse.SparseTensor(indices, values, shape, *, device=) is deprecated.  Please use "
               "torch.sparse_coo_tensor(indices, values, shape, dtype=, device=). (Triggered internally at "
               "/__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:653.)")


def _legacy(dtype_name: str):
    class _Legacy:
        """A deprecated sparse constructor: ``sparse_coo_tensor`` with this class's dtype."""

        def __new__(cls, indices, values, size=None, *, device=None):
            from .. import _dtype as D
            from ._tensor_methods import sparse_coo_tensor
            warnings.warn(_DEPRECATED, UserWarning, stacklevel=2)
            return sparse_coo_tensor(indices, values, size, dtype=getattr(D, dtype_name), device=device,
                                     check_invariants=False)

    return _Legacy


FloatTensor = _legacy("float32")
DoubleTensor = _legacy("float64")
LongTensor = _legacy("int64")
IntTensor = _legacy("int32")
FloatTensor.__name__, DoubleTensor.__name__, LongTensor.__name__, IntTensor.__name__ = (
    "FloatTensor", "DoubleTensor", "LongTensor", "IntTensor")
