"""Sparse COO tensors: creation, conversion, the ``Tensor`` methods and the autograd nodes PyTorch
uses for them (``SparseCooTensorWithDimsAndTensorsBackward0``, ``ToDenseBackward0``...)."""
from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _make
from ..autograd.graph import Node
from ..autograd.grad_mode import STATE as _GRAD
from ._coo import SparseCOO

_INVARIANTS = {"enabled": False, "warned": False}


def is_sparse(t) -> bool:
    return t._data.__class__ is SparseCOO


def _storage(t: Tensor) -> SparseCOO:
    return t._data


def _wrap(data, node=None) -> Tensor:
    if node is not None and not _GRAD.enabled:
        node = None
    return _make(data, node)


def _as_array(x, dtype=None):
    """``x`` (tensor, list or array) as a NumPy array."""
    if isinstance(x, Tensor):
        if is_sparse(x):
            raise TypeError("can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first.")
        return np.asarray(x._data)
    from ..ops.creation import tensor as _tensor
    return np.asarray(_tensor(x, dtype=dtype)._data)


# ------------------------------------------------------------------ creation
class SparseCooTensorWithDimsAndTensorsBackward0(Node):
    """Gradient of the values of ``sparse_coo_tensor``: the incoming gradient's values, masked to the
    tensor's indices."""
    __slots__ = ("coo",)

    def backward(self, g):
        d = g._data
        if d.__class__ is SparseCOO:
            if d.indices is self.coo.indices:
                return (None, _make(d.values))
            return (None, _make(_mask_values(d.to_dense(), self.coo)))
        return (None, _make(_mask_values(np.asarray(d), self.coo)))


def _mask_values(dense: np.ndarray, coo: SparseCOO) -> np.ndarray:
    return dense[tuple(coo.indices)]


def _invariant_warning() -> None:
    if _INVARIANTS["warned"]:
        return
    _INVARIANTS["warned"] = True
    warnings.warn("Sparse invariant checks are implicitly disabled. Memory errors (e.g. SEGFAULT) will occur "
                  "when operating on a sparse tensor which violates the invariants, but checks incur performance "
                  "overhead. To silence this warning, explicitly opt in or out. See "
                  "`torch.sparse.check_sparse_tensor_invariants.__doc__` for guidance.  (Triggered internally at "
                  "/__w/pytorch/pytorch/aten/src/ATen/Context.cpp:816.)", UserWarning, stacklevel=3)


def sparse_coo_tensor(indices, values, size=None, *, dtype=None, device=None, pin_memory=False,
                      requires_grad=False, check_invariants=None, is_coalesced=None) -> Tensor:
    """``torch.sparse_coo_tensor``: size inferred from the indices when not given, PyTorch's checks."""
    if check_invariants is None:
        check_invariants = _INVARIANTS["enabled"]
        if not check_invariants:
            _invariant_warning()
    idx = _as_array(indices)
    vals_t = values if isinstance(values, Tensor) else None
    if vals_t is None:
        from ..ops.creation import tensor as _tensor
        vals_t = _tensor(values, dtype=dtype)
    vals = np.asarray(vals_t._data)
    if dtype is not None:
        vals = vals.astype(dtype.np, copy=False)
    if idx.ndim == 1:
        idx = idx.reshape(-1, 1)
    if idx.ndim != 2:
        raise RuntimeError(f"indices must be sparse_dim x nnz, but got: {list(idx.shape)}")
    idx = idx.astype(np.int64, copy=True)
    sd, nnz = idx.shape
    if vals.ndim == 0:
        vals = vals.reshape(1)
    dense_shape = vals.shape[1:]
    if size is not None and len(size) != sd + len(dense_shape):
        raise RuntimeError(f"'len(size) == sparse_dim + dense_dim' is not satisfied: len(size) = {len(size)}, "
                           f"sparse_dim = {sd}, dense_dim = {len(dense_shape)}")
    if vals.shape[0] != nnz:
        raise RuntimeError(f"indices and values must have same nnz, but got nnz from indices: {nnz}, "
                           f"nnz from values: {vals.shape[0]}")
    if size is None:
        if nnz and idx.min() < 0:
            neg_dim = int(np.nonzero((idx < 0).any(axis=1))[0][0])
            raise RuntimeError(f"found negative index {int(idx[neg_dim].min())} for dim {neg_dim}")
        sparse_sizes = tuple(int(m) + 1 for m in idx.max(axis=1)) if nnz else (0,) * sd
        shape = sparse_sizes + tuple(dense_shape)
    else:
        shape = tuple(int(s) for s in size)
        if check_invariants:
            _check_indices(idx, shape)
    coo = SparseCOO(idx, np.array(vals, copy=True) if vals_t._rg else vals.copy(), shape,
                    bool(is_coalesced) if is_coalesced is not None else nnz <= 1)
    if vals_t._rg and _GRAD.enabled:
        coo.values = vals
        node = SparseCooTensorWithDimsAndTensorsBackward0((None, vals_t))
        node.coo = coo
        return _make(coo, node)
    t = _make(coo)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _check_indices(idx: np.ndarray, shape: tuple) -> None:
    for d in range(idx.shape[0]):
        row = idx[d]
        if row.size and row.min() < 0:
            raise RuntimeError(f"found negative index {int(row.min())} for dim {d}")
        if row.size and row.max() >= shape[d]:
            raise RuntimeError(f"size is inconsistent with indices: for dim {d}, size is {shape[d]} but found "
                               f"index {int(row.max())}")


# ------------------------------------------------------------------ conversions
class ToDenseBackward0(Node):
    """``to_dense`` of a sparse tensor: the dense gradient restricted to the input's (coalesced) pattern."""
    __slots__ = ("coo",)

    def backward(self, g):
        mask = self.coo.coalesce()
        dense = np.asarray(g._data)
        return (_make(SparseCOO(mask.indices, dense[tuple(mask.indices)], mask.shape, True)),)


class ToSparseBackward0(Node):
    """``to_sparse`` of a dense tensor: the sparse gradient made dense."""
    __slots__ = ()

    def backward(self, g):
        d = g._data
        return (_make(d.to_dense() if d.__class__ is SparseCOO else d),)


class ToSparseBackward1(ToSparseBackward0):
    __slots__ = ()


def to_dense(self: Tensor, dtype=None, *, masked_grad=None) -> Tensor:
    if not is_sparse(self):
        return self if dtype is None else self.to(dtype)
    if dtype is not None:
        raise RuntimeError("dtype argument is not supported by sparse_to_dense")
    data = self._data.to_dense()
    node = None
    if self._rg and _GRAD.enabled:
        node = ToDenseBackward0((self,))
        node.coo = self._data
    return _make(data, node)


def to_sparse(self: Tensor, sparse_dim=None, *, layout=None, blocksize=None, dense_dim=None) -> Tensor:
    """``Tensor.to_sparse([sparse_dim])``: the nonzero entries (of the leading ``sparse_dim`` dims)."""
    if layout is not None and str(layout) != "torch.sparse_coo":
        raise RuntimeError(f"to_sparse for {layout} layout is not supported in ember")
    if is_sparse(self):
        if sparse_dim is not None and sparse_dim != self._data.sparse_dim:
            raise RuntimeError("to_sparse: conversion from Sparse to Sparse with sparse_dim argument != "
                               f"self.sparse_dim() is not supported")
        return self
    arr = np.asarray(self._data)
    sd = arr.ndim if sparse_dim is None else int(sparse_dim)
    if sparse_dim is not None and not 0 <= sd <= arr.ndim:
        raise RuntimeError(f"sparse_dim argument must be in [0,{arr.ndim}] range, but {sd} is given")
    coo = from_dense(arr, sd)
    node = None
    if self._rg and _GRAD.enabled:
        node = (ToSparseBackward1 if sparse_dim is None else ToSparseBackward0)((self,))
    return _make(coo, node)


def from_dense(arr: np.ndarray, sd: int) -> SparseCOO:
    """The coalesced COO form of ``arr`` with ``sd`` sparse dims (rows that are all zero dropped)."""
    if sd == 0:
        return SparseCOO(np.zeros((0, 1), np.int64), arr.reshape((1,) + arr.shape).copy(), arr.shape, True)
    lead = arr.shape[:sd]
    flat = arr.reshape((int(np.prod(lead, dtype=np.int64)),) + arr.shape[sd:])
    if arr.ndim == sd:
        keep = np.nonzero(flat != 0)[0]
    else:
        keep = np.nonzero((flat != 0).reshape(flat.shape[0], -1).any(axis=1))[0]
    idx = np.array(np.unravel_index(keep, lead), dtype=np.int64).reshape(sd, len(keep))
    return SparseCOO(idx, flat[keep].copy(), arr.shape, True)


def to_sparse_coo(self: Tensor) -> Tensor:
    return to_sparse(self)


# ------------------------------------------------------------------ attributes
class CoalesceBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return (g,)


class ValuesBackward0(Node):
    """``values()`` of a coalesced sparse tensor: the gradient scattered back as a sparse tensor."""
    __slots__ = ("coo",)

    def backward(self, g):
        c = self.coo
        return (_make(SparseCOO(c.indices, np.asarray(g._data), c.shape, c.coalesced)),)


def _require_sparse(self, name: str) -> SparseCOO:
    if not is_sparse(self):
        raise RuntimeError(f"{name} expected sparse coordinate tensor layout but got Strided")
    return self._data


def indices(self: Tensor) -> Tensor:
    c = _require_sparse(self, "indices")
    if not c.coalesced:
        raise RuntimeError("Cannot get indices on an uncoalesced tensor, please call .coalesce() first")
    return _make(c.indices)


def values(self: Tensor) -> Tensor:
    c = _require_sparse(self, "values")
    if not c.coalesced:
        raise RuntimeError("Cannot get values on an uncoalesced tensor, please call .coalesce() first")
    node = None
    if self._rg and _GRAD.enabled:
        node = ValuesBackward0((self,))
        node.coo = c
    return _make(c.values, node)


def _indices(self: Tensor) -> Tensor:
    return _make(_require_sparse(self, "_indices").indices)


def _values(self: Tensor) -> Tensor:
    return _make(_require_sparse(self, "_values").values)


def coalesce(self: Tensor) -> Tensor:
    c = _require_sparse(self, "coalesce")
    if c.coalesced:
        return self
    node = CoalesceBackward0((self,)) if self._rg and _GRAD.enabled else None
    return _make(c.coalesce(), node)


def is_coalesced(self: Tensor) -> bool:
    return _require_sparse(self, "is_coalesced").coalesced


def _nnz(self: Tensor) -> int:
    return _require_sparse(self, "_nnz").nnz


def sparse_dim(self: Tensor) -> int:
    return self._data.sparse_dim if is_sparse(self) else 0


def dense_dim(self: Tensor) -> int:
    return self._data.values.ndim - 1 if is_sparse(self) else self._data.ndim


# ------------------------------------------------------------------ printing
def format_sparse(self: Tensor) -> str:
    """PyTorch's ``repr`` of a sparse COO tensor: indices, values, then the size/nnz/dtype/layout suffixes."""
    from .. import _tensor_str as S
    c = self._data
    indent = len("tensor(")
    default = D.get_default_dtype().name
    dtype = S._canonical_dtype(self.dtype.name)
    suffixes = [f"size={tuple(c.shape)}", f"nnz={c.nnz}"]
    if dtype not in (S._canonical_dtype(default), S._default_complex(S._canonical_dtype(default)), "int64", "bool"):
        suffixes.append(f"dtype=torch.{dtype}")
    suffixes.append("layout=torch.sparse_coo")
    if self.grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(self.grad_fn).__name__}>")
    elif self._rg:
        suffixes.append("requires_grad=True")
    ind = _part(S, c.indices, "int64", indent + len("indices=tensor("))
    val = _part(S, c.values, dtype, indent + len("values=tensor("))
    body = "tensor(indices=tensor(" + ind + "),\n" + " " * indent + "values=tensor(" + val + ")"
    return _suffixed(body, suffixes, indent, S.PRINT_OPTS.linewidth)


def _part(S, arr, dtype: str, indent: int) -> str:
    s = S._tensor_body(arr, dtype, indent)
    if arr.size == 0:
        s += ", size=" + str(tuple(int(n) for n in arr.shape))
    return s


def _suffixed(text: str, suffixes: list, indent: int, linewidth: int) -> str:
    """torch's ``_add_suffixes`` with ``force_newline``: the first suffix starts a new line."""
    parts = [text]
    last = len(text) - text.rfind("\n") + 1
    force = True
    for suffix in suffixes:
        if force or last + len(suffix) + 2 > linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last = indent + len(suffix)
            force = False
        else:
            parts.append(", " + suffix)
            last += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


class SparseMaskBackward0(Node):
    """``dense.sparse_mask(mask)``: the gradient of the dense input is the (sparse) gradient made dense."""
    __slots__ = ()

    def backward(self, g):
        d = g._data
        return (_make(d.to_dense() if d.__class__ is SparseCOO else d),)


def sparse_mask(self: Tensor, mask: Tensor) -> Tensor:
    """``Tensor.sparse_mask(mask)``: this dense tensor's entries at ``mask``'s (coalesced) indices."""
    if not is_sparse(mask):
        raise RuntimeError("sparse_mask expects mask to be sparse COO")
    if tuple(self.shape) != tuple(mask.shape):
        raise RuntimeError("sparse_mask(): operands have incompatible sizes; self has size "
                           f"{list(self.shape)} but mask has size {list(mask.shape)}")
    c = mask._data.coalesce()
    dense = np.asarray(self._data)
    node = SparseMaskBackward0((self,)) if self._rg and _GRAD.enabled else None
    return _make(SparseCOO(c.indices, dense[tuple(c.indices)].copy(), c.shape, True), node)


def filled_like(x: Tensor, dt, value, requires_grad: bool) -> Tensor:
    """``zeros_like`` / ``empty_like`` of a sparse tensor: a sparse tensor with no entries (PyTorch)."""
    c = x._data
    if value != 0:
        from ._coo import not_implemented
        raise not_implemented("aten::fill_.Scalar")
    coo = SparseCOO(np.zeros((c.sparse_dim, 0), np.int64), np.zeros((0,) + c.values.shape[1:], dt.np), c.shape)
    t = _make(coo)
    if requires_grad:
        t.requires_grad_(True)
    return t


TENSOR_METHODS = {
    "to_dense": to_dense, "to_sparse": to_sparse, "to_sparse_coo": to_sparse_coo, "indices": indices,
    "values": values, "_indices": _indices, "_values": _values, "coalesce": coalesce, "is_coalesced": is_coalesced,
    "_nnz": _nnz, "sparse_dim": sparse_dim, "dense_dim": dense_dim, "sparse_mask": sparse_mask,
}


def _dense_of_input(t):
    """``addmm``'s ``input`` as a dense array (a sparse input is made dense)."""
    d = t._data
    return d.to_dense() if d.__class__ is SparseCOO else d
