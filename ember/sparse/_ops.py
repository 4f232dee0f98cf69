"""``torch.sparse.mm`` / ``addmm`` / ``sum`` / ``softmax`` / ``log_softmax`` and their autograd nodes."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _make
from ..autograd.graph import Node
from ..autograd.grad_mode import STATE as _GRAD
from . import _tensor_methods as M
from ._coo import SparseCOO
from ._ufuncs import spmm


def _dense_of(g) -> np.ndarray:
    d = g._data
    return d.to_dense() if d.__class__ is SparseCOO else np.asarray(d)


def _masked(dense: np.ndarray, coo: SparseCOO, scale=1) -> SparseCOO:
    """``dense`` restricted to ``coo``'s entries, as a sparse tensor with ``coo``'s indices."""
    vals = dense[tuple(coo.indices)]
    if scale != 1:
        vals = vals * scale
    return SparseCOO(coo.indices, vals, coo.shape, coo.coalesced)


class SparseAddmmBackward0(Node):
    """``beta * self + alpha * (mat1 @ mat2)`` with a sparse ``mat1``: the gradient of ``mat1`` is sparse
    (masked to its pattern), the others are dense."""
    __slots__ = ("beta", "alpha", "coo", "mat2")

    def backward(self, g):
        gd = _dense_of(g)
        e = self._edges
        g_self = _make(gd * self.beta if self.beta != 1 else gd) if e[0] is not None else None
        g_mat1 = None
        if e[1] is not None:
            g_mat1 = _make(_masked(gd @ np.asarray(self.mat2._data).T, self.coo, self.alpha))
        g_mat2 = None
        if e[2] is not None:
            t = SparseCOO(self.coo.indices[::-1], self.coo.values, self.coo.shape[::-1])
            g_mat2 = spmm(t, gd)
            g_mat2 = _make(g_mat2 * self.alpha if self.alpha != 1 else g_mat2)
        return g_self, g_mat1, g_mat2


_SCALAR_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
                 "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
                 "complex128": "ComplexDouble"}


def mm_error(sparse: SparseCOO, dense) -> RuntimeError:
    """PyTorch's error for ``sparse @ dense`` with mismatched sizes or dtypes (its sparse ``addmm`` kernel)."""
    if sparse.shape[1] != dense.shape[0] and dense.__class__ is SparseCOO:
        return RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sparse.shape[0]}x{sparse.shape[1]} and "
                            f"{dense.shape[0]}x{dense.shape[1]})")
    if sparse.shape[1] != dense.shape[0]:
        return RuntimeError(f"addmm: Argument #3 (dense): Expected dim 0 size {sparse.shape[1]}, got "
                            f"{dense.shape[0]}")
    return RuntimeError(f"expected scalar type {_SCALAR_NAMES.get(sparse.dtype.name, sparse.dtype.name)} but found "
                        f"{_SCALAR_NAMES.get(dense.dtype.name, dense.dtype.name)}")


def _check_mm(mat1: Tensor, mat2: Tensor, name: str) -> None:
    if not M.is_sparse(mat1):
        raise RuntimeError(f"{name}: expected mat1 to be a sparse COO tensor")
    if mat2.dim() == 1:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    if mat1.dim() != 2 or mat2.dim() != 2:
        raise RuntimeError(f"{name}: matrices expected, got {mat1.dim()}D, {mat2.dim()}D tensors")
    if mat1.shape[1] != mat2.shape[0] or mat1.dtype != mat2.dtype:
        raise mm_error(mat1._data, mat2._data)


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1.0, alpha=1.0) -> Tensor:
    """``torch.sparse.addmm``: ``beta * input + alpha * (mat1 @ mat2)`` for a sparse ``mat1``."""
    _check_mm(mat1, mat2, "addmm")
    prod = spmm(mat1._data, np.asarray(mat2._data))
    base = np.asarray(M._dense_of_input(input))
    data = beta * base + alpha * prod if (beta != 1 or alpha != 1) else base + prod
    data = np.asarray(data, dtype=prod.dtype)
    return _addmm_result(data, input, mat1, mat2, beta, alpha)


def _addmm_result(data, input, mat1, mat2, beta, alpha) -> Tensor:
    node = None
    rg = (input is not None and input._rg) or mat1._rg or mat2._rg
    if rg and _GRAD.enabled:
        node = SparseAddmmBackward0((input if input is not None else None, mat1, mat2))
        node.beta, node.alpha, node.coo, node.mat2 = beta, alpha, mat1._data, mat2
    return _make(data, node)


def mm(mat1: Tensor, mat2: Tensor, reduce: str = "sum") -> Tensor:
    """``torch.sparse.mm``: sparse @ dense (dense result); sparse @ sparse (sparse result)."""
    if M.is_sparse(mat1) and M.is_sparse(mat2):
        dense = spmm(mat1._data, mat2._data.to_dense())
        return _make(M.from_dense(dense, 2))
    _check_mm(mat1, mat2, "mm")
    data = spmm(mat1._data, np.asarray(mat2._data))
    zeros = _make(np.zeros_like(data))
    return _addmm_result(data, zeros, mat1, mat2, 0, 1)


def sampled_addmm(input, mat1, mat2, *, beta=1.0, alpha=1.0):
    raise NotImplementedError("torch.sparse.sampled_addmm needs sparse CSR tensors, which ember does not have")


class SumBackward0(Node):
    """``torch.sparse.sum``: each stored entry gets the gradient of the output position it summed into."""
    __slots__ = ("coo", "dims")

    def backward(self, g):
        c = self.coo
        gd = _dense_of(g)
        if not self.dims:
            vals = np.broadcast_to(gd, c.values.shape).astype(c.values.dtype)
            return (_make(SparseCOO(c.indices, np.ascontiguousarray(vals), c.shape, c.coalesced)),)
        keep = [d for d in range(c.sparse_dim) if d not in self.dims]
        dense_red = tuple(d - c.sparse_dim + 1 for d in self.dims if d >= c.sparse_dim)
        picked = gd[tuple(c.indices[keep])] if keep else np.broadcast_to(gd, (c.nnz,) + gd.shape)
        for ax in dense_red:
            picked = np.expand_dims(picked, ax)
        vals = np.ascontiguousarray(np.broadcast_to(picked, c.values.shape)).astype(c.values.dtype)
        return (_make(SparseCOO(c.indices, vals, c.shape, c.coalesced)),)


class SparseSumBackward0(SumBackward0):
    """``torch.sparse.sum(input, dim)`` (PyTorch's ``_sparse_sum.dim``)."""
    __slots__ = ()


def sum(input: Tensor, dim=None, dtype=None) -> Tensor:
    """``torch.sparse.sum``: all entries (a dense 0-d tensor), or over ``dim`` (sparse while sparse dims
    remain, else dense)."""
    c = input._data
    if dtype is not None:
        c = c.astype(dtype.np)
    if dim is None:
        data = c.values.sum(dtype=c.values.dtype)
        dims = ()
    else:
        dims = tuple(sorted(d % c.ndim for d in ((dim,) if isinstance(dim, int) else dim)))
        data = _sum_dims(c.coalesce(), dims)
    node = None
    if input._rg and _GRAD.enabled:
        node = (SparseSumBackward0 if dims else SumBackward0)((input,))
        node.coo, node.dims = input._data, dims
    return _make(data, node)


def _sum_dims(c: SparseCOO, dims: tuple):
    sdims = [d for d in dims if d < c.sparse_dim]
    ddims = tuple(d - c.sparse_dim + 1 for d in dims if d >= c.sparse_dim)
    vals = c.values.sum(axis=ddims) if ddims else c.values
    keep = [d for d in range(c.sparse_dim) if d not in sdims]
    shape = tuple(c.shape[d] for d in keep) + tuple(c.shape[d] for d in range(c.sparse_dim, c.ndim)
                                                     if d not in dims)
    if not keep:
        return vals.sum(axis=0)
    out = SparseCOO(c.indices[keep], vals, shape, False)
    return out.coalesce() if sdims else SparseCOO(c.indices, vals, shape, True)


class SparseSoftmaxBackward0(Node):
    __slots__ = ("out", "dim", "log")

    def backward(self, g):
        y = self.out
        gd = g._data
        gv = gd.values if gd.__class__ is SparseCOO and gd.indices is y.indices else _masked(_dense_of(g), y).values
        groups = _groups(y, self.dim)
        if self.log:
            sums = np.zeros(groups.max() + 1 if groups.size else 0, gv.dtype)
            np.add.at(sums, groups, gv)
            vals = gv - np.exp(y.values) * sums[groups]
        else:
            sums = np.zeros(groups.max() + 1 if groups.size else 0, gv.dtype)
            np.add.at(sums, groups, gv * y.values)
            vals = y.values * (gv - sums[groups])
        return (_make(SparseCOO(y.indices, vals, y.shape, y.coalesced)),)


class SparseLogSoftmaxBackward0(SparseSoftmaxBackward0):
    __slots__ = ()


def _groups(c: SparseCOO, dim: int) -> np.ndarray:
    """Which softmax group (the entry's indices with ``dim`` left out) each entry belongs to."""
    keep = [d for d in range(c.sparse_dim) if d != dim]
    if not keep:
        return np.zeros(c.nnz, np.int64)
    key = np.ravel_multi_index(tuple(c.indices[keep]), tuple(c.shape[d] for d in keep))
    return np.unique(key, return_inverse=True)[1].reshape(-1)


def _softmax(input: Tensor, dim: int, dtype, log: bool) -> Tensor:
    c = input._data.coalesce()
    if dtype is not None:
        c = c.astype(dtype.np)
    dim = dim % c.ndim
    if dim >= c.sparse_dim:
        raise RuntimeError("softmax over a dense dimension of a sparse tensor is not supported in ember")
    groups = _groups(c, dim)
    v = c.values
    n = groups.max() + 1 if groups.size else 0
    mx = np.full(n, -np.inf, v.dtype)
    np.maximum.at(mx, groups, v)
    e = np.exp(v - mx[groups])
    tot = np.zeros(n, v.dtype)
    np.add.at(tot, groups, e)
    vals = (v - mx[groups]) - np.log(tot[groups]) if log else e / tot[groups]
    out = SparseCOO(c.indices, vals.astype(v.dtype), c.shape, c.coalesced)
    node = None
    if input._rg and _GRAD.enabled:
        node = (SparseLogSoftmaxBackward0 if log else SparseSoftmaxBackward0)((input,))
        node.out, node.dim, node.log = out, dim, log
    return _make(out, node)


def softmax(input: Tensor, dim: int, *, dtype=None) -> Tensor:
    """``torch.sparse.softmax``: softmax over the specified entries of each slice (absent ones are -inf)."""
    return _softmax(input, dim, dtype, False)


def log_softmax(input: Tensor, dim: int, *, dtype=None) -> Tensor:
    """``torch.sparse.log_softmax``."""
    return _softmax(input, dim, dtype, True)


class check_sparse_tensor_invariants:
    """``torch.sparse.check_sparse_tensor_invariants``: turn the index checks of ``sparse_coo_tensor`` on
    (globally with ``enable()``, or inside a ``with`` block / as a decorator)."""

    def __init__(self, enable: bool = True) -> None:
        self.state = enable
        self.saved_state = None

    @staticmethod
    def is_enabled() -> bool:
        return M._INVARIANTS["enabled"]

    @staticmethod
    def enable() -> None:
        M._INVARIANTS["enabled"] = True

    @staticmethod
    def disable() -> None:
        M._INVARIANTS["enabled"] = False

    def __enter__(self):
        self.saved_state = M._INVARIANTS["enabled"]
        M._INVARIANTS["enabled"] = self.state
        return self

    def __exit__(self, *exc) -> None:
        M._INVARIANTS["enabled"] = self.saved_state

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)
        return wrapped



def torch_spmm(input: Tensor, mat2: Tensor) -> Tensor:
    """``torch.spmm``: ``torch.mm`` (a sparse first operand included)."""
    from ..ops.linalg import mm as _mm
    return _mm(input, mat2)
