"""NumPy ufuncs on ``SparseCOO`` storage: the kernels of PyTorch's SparseCPU backend that ember supports.

ember's dense ops compute on ``Tensor._data``; when that is a ``SparseCOO``
NumPy hands the call to ``SparseCOO.__array_ufunc__``, which lands here.
Results follow PyTorch's layouts: sparse + sparse and sparse * scalar stay
sparse, dense + sparse is dense, sparse @ dense is dense.
"""
from __future__ import annotations

import numpy as np

from ._coo import SparseCOO, caller_op, not_implemented

# zero-preserving unary functions PyTorch runs on the values of a sparse COO tensor
_VALUEWISE = {np.negative, np.absolute, np.sin, np.tan, np.sqrt, np.tanh, np.expm1, np.log1p, np.sign,
              np.floor, np.ceil, np.trunc, np.rint, np.arcsin, np.arctan, np.sinh, np.arcsinh, np.arctanh,
              np.deg2rad, np.rad2deg, np.conjugate, np.positive, np.signbit, np.isnan, np.isinf}

_ATEN = {"negative": "neg", "absolute": "abs", "true_divide": "div.Tensor", "subtract": "sub.Tensor",
         "add": "add.Tensor", "multiply": "mul.Tensor", "power": "pow.Tensor_Scalar", "exp": "exp",
         "greater": "gt.Tensor", "less": "lt.Tensor", "equal": "eq.Tensor", "not_equal": "ne.Tensor",
         "greater_equal": "ge.Tensor", "less_equal": "le.Tensor", "maximum": "maximum", "minimum": "minimum",
         "log": "log", "cos": "cos", "sigmoid": "sigmoid", "reciprocal": "reciprocal", "floor_divide": "floor_divide",
         "remainder": "remainder.Tensor", "fmod": "fmod.Tensor", "arccos": "acos", "cosh": "cosh", "exp2": "exp2",
         "log2": "log2", "log10": "log10", "square": "square", "arctan2": "atan2", "isfinite": "isfinite",
         "logical_not": "logical_not", "clip": "clamp"}


def _is_sparse(x) -> bool:
    return x.__class__ is SparseCOO


def _is_scalar(x) -> bool:
    return np.ndim(x) == 0 and not _is_sparse(x)


def dispatch(ufunc, method, inputs, kwargs):
    """Run ``ufunc`` on inputs of which at least one is sparse."""
    out = kwargs.pop("out", None)
    if method != "__call__":
        raise not_implemented("aten::" + _ATEN.get(ufunc.__name__, ufunc.__name__))
    result = _compute(ufunc, inputs, kwargs)
    if out is not None:
        target = out[0]
        target[...] = result.to_dense() if _is_sparse(result) else result
        return target
    return result


def _compute(ufunc, inputs, kwargs):
    dtype = kwargs.get("dtype")
    if len(inputs) == 1:
        (x,) = inputs
        if ufunc in _VALUEWISE:
            return x.with_values(ufunc(x.values, **kwargs))
        raise not_implemented("aten::" + _op_name(_ATEN.get(ufunc.__name__, ufunc.__name__)))
    a, b = inputs
    if ufunc is np.add or ufunc is np.subtract:
        return _add(a, b, ufunc, dtype)
    if ufunc is np.multiply:
        return _mul(a, b, dtype)
    if ufunc is np.true_divide and _is_sparse(a) and _is_scalar(b):
        return a.with_values(np.true_divide(a.values, b, **kwargs))
    if ufunc is np.true_divide and _is_sparse(a):
        raise RuntimeError("Sparse division requires a scalar or zero-dim dense tensor divisor (got shape "
                           f"{list(np.shape(b))} for divisor)")
    if ufunc is np.true_divide and _is_sparse(b):
        raise not_implemented("aten::reciprocal")
    if ufunc is np.maximum and _is_sparse(a) and _is_scalar(b) and b == 0:  # relu
        return a.with_values(np.maximum(a.values, b))
    if ufunc is np.maximum and _is_sparse(b) and _is_scalar(a) and a == 0:
        return b.with_values(np.maximum(a, b.values))
    if ufunc is np.matmul and _is_sparse(a) and _is_sparse(b):
        from ._tensor_methods import from_dense
        return from_dense(spmm(a, b.to_dense()), 2)
    if ufunc is np.power and _is_sparse(a) and _is_scalar(b):
        return a.with_values(np.power(a.values, b, **kwargs))
    if ufunc is np.matmul and _is_sparse(a) and not _is_sparse(b):
        return spmm(a, np.asarray(b))
    if ufunc is np.matmul and _is_sparse(b) and not _is_sparse(a):
        dense = np.asarray(a)
        if dense.ndim == 1:
            return spmm(b.T, dense)
        return spmm(b.T, dense.T).T
    name = _ATEN.get(ufunc.__name__, ufunc.__name__)
    if _is_scalar(b) and name.endswith(".Tensor"):
        name = name[:-len(".Tensor")] + ".Scalar"
    raise not_implemented("aten::" + _op_name(name))


def _op_name(ufunc_name: str) -> str:
    """The ember op being run (``sigmoid``, ``clamp``...) when it is not the ufunc itself."""
    op = caller_op()
    if op is None or op == ufunc_name.split(".")[0] or op in ("add", "sub", "mul", "div", "rsub", "radd",
                                                              "rmul", "truediv", "rtruediv", "pow", "rpow"):
        return ufunc_name
    return op


def dispatch_function(func, args, kwargs):
    """NumPy functions (``np.sum``...) called on sparse storage."""
    name = getattr(func, "__name__", str(func))
    if name in ("shape", "ndim"):
        return getattr(args[0], name)
    if name in ("swapaxes", "transpose"):
        x = args[0]
        axes = args[1:] or tuple(kwargs.values())
        if name == "transpose" and (not axes or axes[0] is None):
            return x.T
        if name == "transpose":
            perm = tuple(axes[0])
            if perm == tuple(range(x.ndim)):
                return x
            if x.ndim == 2:
                return x.T
        else:
            return x.swapaxes(*axes)
    if name == "reshape" and _is_sparse(args[0]):
        return args[0].reshape(*args[1:], **kwargs)
    if name == "sum" and _is_sparse(args[0]):
        return args[0].sum(*args[1:], **kwargs)
    if name == "any" and _is_sparse(args[0]) and len(args) == 1 and not kwargs:
        return args[0].any()
    if name == "result_type":
        return np.result_type(*[a.values.dtype if _is_sparse(a) else a for a in args])
    raise not_implemented("aten::" + (caller_op() or name))  # the op that ran, not NumPy's helper


def _check_same_size(a, b, op: str) -> None:
    if tuple(a.shape) != tuple(b.shape):
        raise RuntimeError(f"{op}: expected 'self' and 'other' to have same size, but self has size "
                           f"{list(a.shape)} while other has size {list(b.shape)} (FYI: dense-sparse addition "
                           "does not currently support broadcasting)")


def _add(a, b, ufunc, dtype):
    """PyTorch's ``add``/``sub`` on sparse COO operands (``alpha`` folded into the ufunc)."""
    op = "add" if ufunc is np.add else "sub"
    if _is_sparse(a) and _is_sparse(b):
        _check_same_size(a, b, op)
        vb = b.values if ufunc is np.add else -b.values
        return merge_add(a, b.with_values(vb), dtype)
    if _is_sparse(a):
        raise RuntimeError("add(sparse, dense) is not supported. Use add(dense, sparse) instead.")
    dense = np.asarray(a)
    _check_same_size(dense, b, op)
    res_dtype = dtype if dtype is not None else np.result_type(dense.dtype, b.values.dtype)
    out = np.array(dense, dtype=res_dtype, copy=True)
    if b.nnz:
        vals = b.values if ufunc is np.add else -b.values
        np.add.at(out, tuple(b.indices), vals.astype(res_dtype, copy=False))
    return out


def merge_add(a: SparseCOO, b: SparseCOO, dtype=None, alpha=None) -> SparseCOO:
    """``a + alpha * b`` by a two-pointer merge of the entries in their stored order, adding values whose
    indices are equal at the meeting point (PyTorch's CPU ``add_out_sparse_contiguous``: an entry of ``b``
    goes in through BLAS ``axpy``, one fused multiply-add; the result is coalesced only when both inputs
    are)."""
    res_dtype = dtype if dtype is not None else np.result_type(a.values.dtype, b.values.dtype)
    if not (a.values.flags.c_contiguous and b.values.flags.c_contiguous):
        if alpha is not None:
            b = b.with_values(b.values * res_dtype.type(alpha))
        return _concat(a, b, res_dtype)
    sd = a.sparse_dim
    ia, ib = a.indices, b.indices
    na, nb = a.nnz, b.nnz
    keys_a = [tuple(ia[:, k]) for k in range(na)]
    keys_b = [tuple(ib[:, k]) for k in range(nb)]
    cols, src_a, src_b = [], [], []
    i = j = 0
    while i < na or j < nb:
        if j >= nb or (i < na and keys_a[i] < keys_b[j]):
            cols.append(keys_a[i])
            src_a.append(i)
            src_b.append(-1)
            i += 1
        elif i >= na or keys_b[j] < keys_a[i]:
            cols.append(keys_b[j])
            src_a.append(-1)
            src_b.append(j)
            j += 1
        else:
            cols.append(keys_a[i])
            src_a.append(i)
            src_b.append(j)
            i += 1
            j += 1
    idx = np.array(cols, dtype=np.int64).T.reshape(sd, len(cols))
    values = _merged_values(a.values.astype(res_dtype, copy=False), b.values.astype(res_dtype, copy=False),
                            np.array(src_a, np.int64), np.array(src_b, np.int64), alpha)
    return SparseCOO(idx, values, a.shape, a.coalesced and b.coalesced)


def _merged_values(va, vb, src_a, src_b, alpha):
    """Values of the merge: ``a``'s entry, then ``+ alpha * b``'s entry with one rounding."""
    n = len(src_a)
    out = np.zeros((n,) + va.shape[1:], dtype=va.dtype)
    has_a, has_b = src_a >= 0, src_b >= 0
    out[has_a] = va[src_a[has_a]]
    if alpha is None:
        out[has_b] = out[has_b] + vb[src_b[has_b]]
        return out
    if va.dtype.kind != "f" or va.dtype.itemsize > 4:
        out[has_b] = out[has_b] + va.dtype.type(alpha) * vb[src_b[has_b]]
        return out
    a64 = np.float64(va.dtype.type(alpha))
    out[has_b] = (out[has_b].astype(np.float64) + a64 * vb[src_b[has_b]].astype(np.float64)).astype(va.dtype)
    return out


def _concat(a: SparseCOO, b: SparseCOO, res_dtype) -> SparseCOO:
    """PyTorch's ``add_out_sparse_non_contiguous``: with non-contiguous values the entries are concatenated."""
    idx = np.concatenate([a.indices, b.indices], axis=1)
    vals = np.concatenate([a.values.astype(res_dtype, copy=False), b.values.astype(res_dtype, copy=False)])
    return SparseCOO(idx, vals, a.shape, False)


def _mul(a, b, dtype):
    """sparse * scalar, sparse * sparse (intersection), sparse * dense of the same shape (sparse)."""
    if _is_sparse(a) and _is_scalar(b):
        return a.with_values(np.multiply(a.values, b))
    if _is_sparse(b) and _is_scalar(a):
        return b.with_values(np.multiply(a, b.values))
    if _is_sparse(a) and _is_sparse(b):
        _check_mul_size(a, b)
        if a.coalesced and b.coalesced:
            return _intersect_mul(a, b)
        return _pattern_mul(a, b)
    sp, dense = (a, np.asarray(b)) if _is_sparse(a) else (b, np.asarray(a))
    _check_mul_size(sp, dense)
    picked = dense[tuple(sp.indices)]
    return sp.with_values(sp.values * picked)


def _check_mul_size(a, b) -> None:
    if tuple(a.shape) != tuple(b.shape):
        raise RuntimeError("mul operands have incompatible sizes")


def _pattern_mul(a: SparseCOO, b: SparseCOO) -> SparseCOO:
    """PyTorch's CPU sparse ``mul`` when an operand is uncoalesced: the result keeps the entries of one operand
    (the uncoalesced one; of two, the one with fewer entries, the second on a tie), each multiplied by the
    other operand's summed value at that index (zero where it has none)."""
    if a.coalesced != b.coalesced:
        keep, other = (a, b) if not a.coalesced else (b, a)
    else:
        keep, other = (a, b) if a.nnz < b.nnz else (b, a)
    other = other.coalesce()
    sd = keep.sparse_dim
    lead = keep.shape[:sd]
    kk = np.ravel_multi_index(tuple(keep.indices), lead) if keep.nnz else np.zeros(0, np.int64)
    ok = np.ravel_multi_index(tuple(other.indices), lead) if other.nnz else np.zeros(0, np.int64)
    pos = np.searchsorted(ok, kk)
    found = pos < len(ok)
    found[found] = ok[pos[found]] == kk[found]
    looked = np.zeros(keep.values.shape, np.result_type(keep.values.dtype, other.values.dtype))
    looked[found] = other.values[pos[found]]
    return SparseCOO(keep.indices, keep.values * looked, keep.shape, False)


def _intersect_mul(a: SparseCOO, b: SparseCOO) -> SparseCOO:
    sd = a.sparse_dim
    fa = np.ravel_multi_index(tuple(a.indices), a.shape[:sd]) if a.nnz else np.zeros(0, np.int64)
    fb = np.ravel_multi_index(tuple(b.indices), b.shape[:sd]) if b.nnz else np.zeros(0, np.int64)
    common, ia, ib = np.intersect1d(fa, fb, assume_unique=True, return_indices=True)
    idx = np.array(np.unravel_index(common, a.shape[:sd]), dtype=np.int64).reshape(sd, -1)
    return SparseCOO(idx, a.values[ia] * b.values[ib], a.shape, True)


def spmm(a: SparseCOO, dense: np.ndarray) -> np.ndarray:
    """``sparse @ dense`` for a 2-D sparse matrix: each entry (r, c, v) adds ``v * dense[c]`` to row r."""
    if a.ndim != 2 or a.sparse_dim != 2:
        raise RuntimeError(f"addmm: matrices expected, got {a.ndim}D tensor")
    vec = dense.ndim == 1
    d2 = dense[:, None] if vec else dense
    if a.shape[1] != d2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                           f"{d2.shape[0]}x{d2.shape[1]})")
    res_dtype = np.result_type(a.values.dtype, d2.dtype)
    out = np.zeros((a.shape[0], d2.shape[1]), dtype=res_dtype)
    if a.nnz:
        rows, cols = a.indices
        np.add.at(out, rows, a.values[:, None].astype(res_dtype, copy=False) * d2[cols])
    return out[:, 0] if vec else out
