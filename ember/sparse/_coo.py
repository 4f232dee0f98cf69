"""``SparseCOO``: the storage (``Tensor._data``) of a sparse COO tensor.

A sparse tensor in ember is an ordinary ``Tensor`` whose ``_data`` is a
``SparseCOO`` instead of a NumPy array, so the dense fast paths never test
for it.  ``shape``, ``dtype`` and ``ndim`` answer like an array's, which
keeps the autograd engine and the tensor's metadata methods working
unchanged; NumPy ufuncs applied to it (by ember's dense ops) go through
``__array_ufunc__``, which runs the few operations PyTorch's SparseCPU
backend implements and raises PyTorch's ``NotImplementedError`` for the rest.
"""
from __future__ import annotations

import numpy as np

def not_implemented(op: str, dispatch: str = "SparseCPU") -> NotImplementedError:
    """PyTorch's dispatcher error for an operator with no SparseCPU kernel (its first paragraph)."""
    return NotImplementedError(
        f"Could not run '{op}' with arguments from the '{dispatch}' backend. This could be because the operator "
        "doesn't exist for this backend, or was omitted during the selective/custom build process (if using "
        "custom build). If you are a Facebook employee using PyTorch on mobile, please visit "
        f"https://fburl.com/ptmfixes for possible resolutions. '{op}' is only available for these backends: "
        "[CPU, CUDA, HIP, MPS, IPU, XPU, HPU, VE, MTIA, MAIA, PrivateUse1, PrivateUse2, PrivateUse3, Meta, FPGA, "
        "Vulkan, Metal, QuantizedCPU, QuantizedCUDA, QuantizedHIP, QuantizedMPS, QuantizedIPU, QuantizedXPU, "
        "QuantizedHPU, QuantizedVE, QuantizedMTIA, QuantizedMAIA, QuantizedPrivateUse1, QuantizedPrivateUse2, "
        "QuantizedPrivateUse3, QuantizedMeta, CustomRNGKeyId, MkldnnCPU, SparseCsrCPU, SparseCsrCUDA, "
        "SparseCsrHIP, SparseCsrMPS, SparseCsrIPU, SparseCsrXPU, SparseCsrHPU, SparseCsrVE, SparseCsrMTIA, "
        "SparseCsrMAIA, SparseCsrPrivateUse1, SparseCsrPrivateUse2, SparseCsrPrivateUse3, SparseCsrMeta, "
        "BackendSelect, Python, FuncTorchDynamicLayerBackMode, Functionalize, Conjugate, Negative, ZeroTensor, "
        "ADInplaceOrView, AutogradOther, AutogradCPU, AutogradCUDA, AutogradHIP, AutogradXLA, AutogradMPS, "
        "AutogradIPU, AutogradXPU, AutogradHPU, AutogradVE, AutogradLazy, AutogradMTIA, AutogradMAIA, "
        "AutogradPrivateUse1, AutogradPrivateUse2, AutogradPrivateUse3, AutogradMeta, AutogradNestedTensor, "
        "Tracer, AutocastCPU, AutocastMTIA, AutocastMAIA, AutocastXPU, AutocastMPS, AutocastCUDA, "
        "FuncTorchBatched, BatchedNestedTensor, FuncTorchVmapMode, Batched, VmapMode, FuncTorchGradWrapper, "
        "PythonTLSSnapshot, FuncTorchDynamicLayerFrontMode, PreDispatch, PythonDispatcher].\n")


_EMBER_DIR = __file__.rsplit("/sparse/", 1)[0] + "/"
_SKIP_NAMES = frozenset({"_materialize", "_read", "_arr", "_np", "_host", "to_numpy", "asarray", "_data_of",
                         "wrapper", "inner", "method", "fn", "_fast_data", "_bin", "apply", "__call__", "unary",
                         "binary", "_unary", "_binary"})
# PyTorch's overload names of the ops whose plain name differs from the kernel that is missing
_OVERLOADS = {"mean": "mean.dim", "softmax": "_softmax", "log_softmax": "_log_softmax", "cat": "cat",
              "narrow": "as_strided", "var": "var.correction", "std": "std.correction"}


def caller_op():
    """The name of the outermost ember op (a function in ember/ops, ember/nn or ember/linalg) in the current
    call, i.e. the public op the user called, or None when no ember op is involved (user code, ``numpy()``)."""
    import sys
    frame = sys._getframe(2)
    found = None
    while frame is not None:
        code = frame.f_code
        path = code.co_filename
        if not path.startswith(_EMBER_DIR):
            if "/site-packages/" not in path and "<frozen" not in path and found is not None:
                break
        elif "/sparse/" not in path and "/autograd/" not in path and "/optim/" not in path:
            name = code.co_name
            if name not in _SKIP_NAMES and not name.startswith("<") and _is_api_name(name):
                found = _OVERLOADS.get(name.strip("_"), name.strip("_"))
        frame = frame.f_back
    return found


def _is_api_name(name: str) -> bool:
    """Whether ``name`` is a PyTorch op (a ``torch.*`` or ``Tensor.*`` name), not an ember helper."""
    import ember
    from ember.nn import functional
    return hasattr(ember.Tensor, name) or name in ember.__dict__ or hasattr(functional, name)


class SparseCOO:
    """Indices ``(sparse_dim, nnz)`` int64, values ``(nnz, *dense_shape)``, the full ``shape`` and
    whether the entries are known to be sorted and unique (PyTorch's ``is_coalesced`` flag)."""

    __slots__ = ("indices", "values", "shape", "coalesced")
    is_sparse_coo = True
    __array_priority__ = 2000

    def __init__(self, indices: np.ndarray, values: np.ndarray, shape, coalesced: bool = False) -> None:
        self.indices = indices
        self.values = values
        self.shape = tuple(int(s) for s in shape)
        self.coalesced = coalesced or indices.shape[1] <= 1  # PyTorch: fewer than two entries are coalesced

    # ----- array-like metadata (what Tensor and the autograd engine read)
    @property
    def dtype(self):
        return self.values.dtype

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        n = 1
        for s in self.shape:
            n *= s
        return n

    @property
    def itemsize(self) -> int:
        return self.values.dtype.itemsize

    @property
    def nbytes(self) -> int:
        return int(self.indices.nbytes + self.values.nbytes)

    @property
    def sparse_dim(self) -> int:
        return self.indices.shape[0]

    @property
    def nnz(self) -> int:
        return self.indices.shape[1]

    def astype(self, dtype, copy: bool = True) -> "SparseCOO":
        if not copy and np.dtype(dtype) == self.values.dtype:
            return self
        return SparseCOO(self.indices, self.values.astype(dtype), self.shape, self.coalesced)

    def copy(self) -> "SparseCOO":
        return SparseCOO(self.indices.copy(), self.values.copy(), self.shape, self.coalesced)

    def with_values(self, values: np.ndarray, coalesced=None) -> "SparseCOO":
        """The same sparsity pattern holding ``values``."""
        return SparseCOO(self.indices, values, self.shape, self.coalesced if coalesced is None else coalesced)

    @property
    def T(self) -> "SparseCOO":
        return self.swapaxes(0, 1) if self.ndim == 2 else self

    def swapaxes(self, d0: int, d1: int) -> "SparseCOO":
        """Swap two sparse dims (PyTorch's ``transpose`` of a sparse tensor: the result is uncoalesced)."""
        d0, d1 = d0 % max(self.ndim, 1), d1 % max(self.ndim, 1)
        if d0 == d1:
            return self
        if d0 >= self.sparse_dim or d1 >= self.sparse_dim:
            raise RuntimeError("transpose of a dense dimension of a sparse tensor is not supported in ember")
        idx = self.indices.copy()
        idx[[d0, d1]] = idx[[d1, d0]]
        shape = list(self.shape)
        shape[d0], shape[d1] = shape[d1], shape[d0]
        return SparseCOO(idx, self.values, shape, self.coalesced and self.nnz <= 1)

    def sum(self, axis=None, dtype=None, keepdims=False, **kwargs):
        """All entries summed (a dense scalar), or a sum over ``axis`` (sparse while sparse dims remain)."""
        vals = self.values if dtype is None else self.values.astype(dtype)
        if axis is None or (not isinstance(axis, int) and len(axis) in (0, self.ndim)):
            total = vals.sum(dtype=vals.dtype)
            return np.asarray(total).reshape((1,) * self.ndim) if keepdims else total
        if keepdims:
            raise not_implemented("aten::sum.dim_IntList")
        from ._ops import _sum_dims
        dims = (axis,) if isinstance(axis, int) else tuple(axis)
        return _sum_dims(SparseCOO(self.indices, vals, self.shape, self.coalesced).coalesce(),
                         tuple(sorted(d % self.ndim for d in dims)))

    # ----- conversions
    def to_dense(self) -> np.ndarray:
        """Scatter-add the values into a dense array (duplicates add up, as PyTorch's to_dense)."""
        out = np.zeros(self.shape, dtype=self.values.dtype)
        if self.nnz:
            np.add.at(out, tuple(self.indices), self.values)
        return out

    def coalesce(self) -> "SparseCOO":
        """Sorted unique indices, duplicate values summed (PyTorch's ``coalesce``)."""
        if self.coalesced:
            return self
        sd = self.sparse_dim
        if self.nnz == 0 or sd == 0:
            if sd == 0 and self.nnz > 1:
                vals = self.values.sum(axis=0, keepdims=True)
                return SparseCOO(np.zeros((0, 1), np.int64), vals, self.shape, True)
            return SparseCOO(self.indices, self.values, self.shape, True)
        from ._introsort import sort_permutation
        flat = np.ravel_multi_index(tuple(self.indices), self.shape[:sd])
        perm = sort_permutation(flat)
        keys = flat[perm]
        first = np.r_[True, keys[1:] != keys[:-1]]
        group = np.cumsum(first) - 1
        ordered = self.values[perm]
        vals = ordered[first].copy()  # each group's first entry is copied, the others added in sort order
        rest = ~first
        if rest.any():
            np.add.at(vals, group[rest], ordered[rest])
        idx = np.array(np.unravel_index(keys[first], self.shape[:sd]), dtype=np.int64).reshape(sd, -1)
        return SparseCOO(idx, vals, self.shape, True)

    def __setitem__(self, key, value) -> None:
        """In-place ops store their result with ``d[...] = result``: a sparse result replaces the entries."""
        if key is Ellipsis and value.__class__ is not SparseCOO and np.ndim(value) == 0 and value == 0:  # zero_
            self.indices = np.zeros((self.sparse_dim, 0), np.int64)
            self.values = np.zeros((0,) + self.values.shape[1:], self.values.dtype)
            self.coalesced = False
            return
        if key is Ellipsis and value.__class__ is SparseCOO and value.shape == self.shape:
            self.indices, self.values, self.coalesced = value.indices, value.values.astype(self.dtype), \
                value.coalesced
            return
        raise not_implemented("aten::copy_")

    def fill(self, value) -> None:
        self[...] = value

    def tolist(self):
        raise RuntimeError("Cannot access data pointer of Tensor that doesn't have storage")

    def any(self, *args, **kwargs):
        return self.values.any()

    def reshape(self, *shape, **kwargs):
        """PyTorch: ``reshape`` has no sparse kernel (``view`` is a dispatcher error)."""
        if caller_op() == "view":
            raise not_implemented("aten::view")
        raise RuntimeError("reshape is not implemented for sparse tensors")

    # ----- NumPy protocol: ember's dense ops land here
    def __array__(self, dtype=None, copy=None):
        """Densifying is refused: inside an ember op it is PyTorch's missing-kernel error for that op."""
        op = caller_op()
        if op is not None:
            raise not_implemented("aten::" + op)
        raise TypeError("can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first.")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        from . import _ufuncs
        return _ufuncs.dispatch(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        from . import _ufuncs
        return _ufuncs.dispatch_function(func, args, kwargs)

    def __add__(self, other):
        """The ``+`` of raw storages, used by autograd to sum gradients: sparse + dense gives the dense sum
        (as AccumulateGrad's ``new_grad + variable_grad``); tensor-level ``add`` goes through ``np.add``,
        which keeps PyTorch's ``add(sparse, dense)`` error."""
        if other.__class__ is not SparseCOO and np.ndim(other) == self.ndim and np.ndim(other) > 0:
            return np.add(other, self)
        return np.add(self, other)

    def __radd__(self, other):
        return np.add(other, self)

    def __sub__(self, other):
        return np.subtract(self, other)

    def __rsub__(self, other):
        return np.subtract(other, self)

    def __mul__(self, other):
        return np.multiply(self, other)

    def __rmul__(self, other):
        return np.multiply(other, self)

    def __truediv__(self, other):
        return np.true_divide(self, other)

    def __rtruediv__(self, other):
        return np.true_divide(other, self)

    def __neg__(self):
        return np.negative(self)

    def __matmul__(self, other):
        return np.matmul(self, other)

    def __getattr__(self, name):
        if name.startswith("__"):  # NumPy / copy / pickle protocol probes
            raise AttributeError(name)
        raise not_implemented("aten::" + _OVERLOADS.get(name, name))

    def __getitem__(self, item):
        raise not_implemented("aten::index.Tensor")

    def __repr__(self) -> str:
        return f"SparseCOO(shape={self.shape}, nnz={self.nnz})"
