"""Distances, quantiles and small matrix builders: ``dist``, ``cdist``,
``quantile``/``nanquantile``, ``block_diag``, ``vander``, ``renorm``.

Where PyTorch has a dedicated backward node (``DistBackward0``,
``CdistBackward0``, ``EuclideanDistBackward0``, ``RenormBackward0``,
``BlockDiagBackward0``) this module defines it with the formula of
``derivatives.yaml`` / ``FunctionsManual.cpp``.  Where PyTorch composes the op
from other ops (``quantile`` sorts, gathers and lerps; ``vander`` fills slices
and takes a cumulative product), the same ember ops are composed, so the
recorded graph has the same node names.
"""
from __future__ import annotations

import math as _math

import numpy as np

from .. import _dtype as D
from .reduction_ext import _tname
from ._common import GRAD as _GRAD, Node, Tensor, _make, broadcast_error as _broadcast_error, \
    finish as _finish, saved_output as _saved_output, unpack_output as _unpack_output, write_out as _write_out
from ._common import NP_UNSET, numpy_dim_names, numpy_required

_ndarray = np.ndarray


# ------------------------------------------------------------------ helpers
def _arr(x: Tensor) -> np.ndarray:
    d = x._data
    return d if d.__class__ is _ndarray else np.asarray(d)


def _c(arr) -> Tensor:
    """A constant tensor (no grad) around an array."""
    return _make(np.asarray(arr))


def _needs(*xs) -> bool:
    return _GRAD.enabled and any(isinstance(x, Tensor) and x._rg for x in xs)


def _scalar_out(a):
    """0-d arrays become NumPy scalars (ember's convention for fresh 0-d results)."""
    if isinstance(a, _ndarray) and a.ndim == 0:
        return a[()]
    return a


def _wrap_dim(dim: int, ndim: int) -> int:
    """PyTorch's ``maybe_wrap_dim`` with its IndexError message."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _fmt_double(v: float) -> str:
    """A double as C++ ``operator<<`` prints it in PyTorch's messages (``1.5``, ``2``)."""
    return f"{v:g}"


def _zeros_like(x: Tensor) -> Tensor:
    return _c(np.zeros(x._data.shape, dtype=x._data.dtype))


def _norm_array(d: np.ndarray, p: float, axis, keepdims: bool) -> np.ndarray:
    """``linalg.vector_norm`` of an array over ``axis`` (result in ``d``'s dtype)."""
    from .linalg import abs_norm_values
    return abs_norm_values(np.abs(d), p, axis, keepdims)


def _norm_backward(g: Tensor, x: Tensor, p: float, norm: Tensor, dims: tuple) -> Tensor:
    """PyTorch's ``norm_backward`` with ``keepdim=True`` shapes (tensor ops, so double backward works)."""
    if p == 0:
        return _zeros_like(x)
    if p == 1:
        return x.sgn() * g
    norm_zero = _c(_arr(norm) == 0)
    if p == 2:
        return g * (x / norm).masked_fill(norm_zero, 0)
    if _math.isinf(p):
        xa = _arr(x.abs())
        mask = _c(((xa == _arr(norm)) | np.isnan(xa)).astype(x._data.dtype))
        count = mask.sum(dims, keepdim=True) if dims else mask
        return x.sgn() * ((g / count) * mask)
    if p < 1:
        scaled = x.sgn() * x.abs().pow(p - 1).masked_fill(_c(_arr(x) == 0), 0)
        return scaled * g * norm.pow(1 - p)
    if p < 2:
        scaled = x.sgn() * x.abs().pow(p - 1)
    else:
        scaled = x * x.abs().pow(p - 2)
    return scaled * (g / norm.pow(p - 1)).masked_fill(norm_zero, 0)


# --------------------------------------------------------------------- dist
class DistBackward0(Node):
    """``dist``: ``self: norm_backward(grad, self - other, p, result)``, ``other``: its negation."""

    __slots__ = ("p",)

    def backward(self, g):
        a, b, r = self.saved()
        diff = a - b
        ng = _norm_backward(g, diff, self.p, _unpack_output(self, r), tuple(range(diff.dim())))
        ga = ng if self._edges[0] is not None else None
        gb = -ng if self._edges[1] is not None else None
        return ga, gb


def _check_p_number(p, fname: str) -> float:
    if isinstance(p, Tensor):
        return float(p.item())
    if isinstance(p, bool) or not isinstance(p, (int, float, np.number)):
        raise TypeError(f"{fname}(): argument 'p' (position 3) must be Number, not {type(p).__name__}")
    return float(p)


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:
    """``torch.dist``: the ``p``-norm of ``input - other`` (broadcast), recorded as ``DistBackward0``.

    Mirrors PyTorch's promotion (float32 with float64 gives float64), its
    broadcast error and its ``norm()`` error for integer inputs.
    """
    from ._common import binary_data
    pv = _check_p_number(p, "dist")
    if not isinstance(other, Tensor):  # (binary_data takes Python scalars)
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(TypeError("dist() expects tensors"))
    ad, bd = binary_data(input, other)
    ad, bd = np.asarray(ad), np.asarray(bd)
    try:
        shape = np.broadcast_shapes(ad.shape, bd.shape)
    except ValueError:
        raise _broadcast_error(ad.shape, bd.shape) from None
    if ad.dtype.kind not in "fc":
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got {_tname(ad)} instead.")
    diff = np.broadcast_to(ad, shape) - np.broadcast_to(bd, shape)
    data = _norm_array(diff, pv, None, False)
    if not _needs(input, other):
        return _make(_scalar_out(data))
    node = DistBackward0((input, other))
    node.p = pv
    res = _finish(_scalar_out(data), node)
    node.save(input, other, _saved_output(node, res))
    return res


# -------------------------------------------------------------------- cdist
_CDIST_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                "donot_use_mm_for_euclid_dist": 2}


class CdistBackward0(Node):
    """``_cdist_forward``: PyTorch's ``_cdist_backward`` for each input (sub-gradient 0 where the distance is 0)."""

    __slots__ = ("p",)

    def backward(self, g):
        x1, x2, r = self.saved()
        r = _unpack_output(self, r)
        if self.p == 0:
            return _cdist_zero_grad(self, x1, x2)
        diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
        factor = _cdist_factor(diff, r.unsqueeze(-1), self.p)
        weighted = g.unsqueeze(-1) * factor
        g1 = weighted.sum(-2) if self._edges[0] is not None else None
        g2 = -weighted.sum(-3) if self._edges[1] is not None else None
        return g1, g2


def _cdist_zero_grad(node: Node, x1: Tensor, x2: Tensor) -> tuple:
    g1 = _zeros_like(x1) if node._edges[0] is not None else None
    g2 = _zeros_like(x2) if node._edges[1] is not None else None
    return g1, g2


def _cdist_factor(diff: Tensor, dist_: Tensor, p: float) -> Tensor:
    """d dist / d x1 for every pair, following the cases of PyTorch's ``cdist`` backward kernel."""
    zero = _arr(dist_) == 0
    if p == 1:
        return diff.sign()
    if p == 2:
        return (diff / dist_).masked_fill(_c(zero), 0)
    if _math.isinf(p):
        ties = (np.abs(_arr(diff)) == _arr(dist_)).astype(diff._data.dtype)
        return diff.sign() * _c(ties)
    if p < 2:
        mask = zero | ((_arr(diff) == 0) & (p < 1))
        raw = diff.sign() * diff.abs().pow(p - 1) / dist_.pow(p - 1)
        return raw.masked_fill(_c(mask), 0)
    raw = diff * diff.abs().pow(p - 2) / dist_.pow(p - 1)
    return raw.masked_fill(_c(zero), 0)


class EuclideanDistBackward0(Node):
    """``_euclidean_dist`` (the matrix-multiply path of ``cdist`` for p=2): ``_euclidean_dist_backward``."""

    __slots__ = ()

    def backward(self, g):
        x1, x2, r = self.saved()
        r = _unpack_output(self, r)
        ratio = (g / r).masked_fill(_c(_arr(r) == 0), 0)
        g1 = x1 * ratio.sum(-1, keepdim=True) - ratio.matmul(x2) if self._edges[0] is not None else None
        g2 = x2 * ratio.sum(-2).unsqueeze(-1) - ratio.mT.matmul(x1) if self._edges[1] is not None else None
        return g1, g2


def _cdist_checks(x1: Tensor, x2: Tensor, p: float) -> None:
    """PyTorch's argument checks of ``cdist``, in its order."""
    try:
        d1, d2 = x1._data, x2._data
    except AttributeError as e:  # ``torch.cdist(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if d1.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {d1.ndim}D")
    if d2.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X2 got: {d2.ndim}D")
    if d1.shape[-1] != d2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {d1.shape[-1]} X2: {d2.shape[-1]}")
    if d1.dtype.kind != "f":
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: {_tname(d1)}")
    if d2.dtype.kind != "f":
        raise RuntimeError(f"cdist only supports floating-point dtypes, X2 got: {_tname(d2)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if d1.dtype != d2.dtype:
        raise RuntimeError(f"expected scalar type {_tname(d1)} but found {_tname(d2)}")


def _cdist_batch(x1: Tensor, x2: Tensor) -> tuple:
    b1, b2 = x1._data.shape[:-2], x2._data.shape[:-2]
    try:
        return tuple(np.broadcast_shapes(b1, b2))
    except ValueError:
        raise _broadcast_error(b1, b2) from None


def _cdist_pairwise(d1: np.ndarray, d2: np.ndarray, p: float) -> np.ndarray:
    """The direct (no matrix multiply) distances of ``_cdist_forward``."""
    diff = d1[..., :, None, :] - d2[..., None, :, :]
    if diff.shape[-1] == 0:
        return np.zeros(diff.shape[:-1], dtype=d1.dtype)
    return _norm_array(diff, p, -1, False)


def _cdist_direct(x1: Tensor, x2: Tensor, p: float) -> Tensor:
    data = _cdist_pairwise(_arr(x1), _arr(x2), p)
    if not _needs(x1, x2):
        return _make(data)
    node = CdistBackward0((x1, x2))
    node.p = p
    res = _finish(data, node)
    node.save(x1, x2, _saved_output(node, res))
    return res


def _euclidean_dist(x1: Tensor, x2: Tensor) -> Tensor:
    """``_euclidean_dist``: ``|a|^2 - 2ab + |b|^2`` by one matrix product, clamped at 1e-30 before the sqrt."""
    d1, d2 = _arr(x1), _arr(x2)
    n1 = np.sum(d1 * d1, axis=-1, keepdims=True)
    n2 = np.sum(d2 * d2, axis=-1, keepdims=True)
    a = np.concatenate([d1 * d1.dtype.type(-2), n1, np.ones_like(n1)], axis=-1)
    b = np.concatenate([d2, np.ones_like(n2), n2], axis=-1)
    data = np.sqrt(np.maximum(np.matmul(a, np.swapaxes(b, -1, -2)), d1.dtype.type(1e-30)))
    if not _needs(x1, x2):
        return _make(data)
    node = EuclideanDistBackward0((x1, x2))
    res = _finish(data, node)
    node.save(x1, x2, _saved_output(node, res))
    return res


def _cdist_mm(x1: Tensor, x2: Tensor, batch: tuple) -> Tensor:
    """The matrix-multiply path (``cdist_impl``): flatten the batch, ``_euclidean_dist``, view back."""
    r1, r2, c = x1._data.shape[-2], x2._data.shape[-2], x1._data.shape[-1]
    out_shape = batch + (r1, r2)
    prod = int(np.prod(batch, dtype=np.int64))
    if prod == 1:
        return _euclidean_dist(x1, x2).view(out_shape)
    a = x1.expand(batch + (r1, c)).reshape(prod, r1, c)
    b = x2.expand(batch + (r2, c)).reshape(prod, r2, c)
    return _euclidean_dist(a, b).view(out_shape)


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0,
          compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """``torch.cdist``: p-norm distances between the rows of ``x1`` (``..., P, M``) and ``x2`` (``..., R, M``).

    Batch dims broadcast.  As in PyTorch, p=2 uses the matrix-multiply
    formula (node ``EuclideanDistBackward0`` under a ``ViewBackward0``) when
    ``compute_mode`` asks for it, or by default when either input has more
    than 25 rows; every other case records ``CdistBackward0``.
    """
    if compute_mode is None:
        compute_mode = "use_mm_for_euclid_dist_if_necessary"
    if compute_mode not in _CDIST_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    mode = _CDIST_MODES[compute_mode]
    pv = float(p)
    _cdist_checks(x1, x2, pv)
    batch = _cdist_batch(x1, x2)
    r1, r2 = x1._data.shape[-2], x2._data.shape[-2]
    if x1._data.size == 0 or x2._data.size == 0:
        return _cdist_direct(x1, x2, pv)
    if pv == 2 and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))):
        return _cdist_mm(x1, x2, batch)
    return _cdist_direct(x1, x2, pv)


# ----------------------------------------------------------------- quantile
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile_q(x: Tensor, q) -> Tensor:
    """``q`` as a tensor; a Python number is range-checked first, as PyTorch's scalar overload does."""
    if isinstance(q, Tensor):
        return q
    qv = float(q)
    if not 0 <= qv <= 1:
        raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {_fmt_double(qv)}")
    return _make(np.asarray(qv, dtype=x._data.dtype if x._data.dtype.kind == "f" else np.float32))


def _quantile_checks(x: Tensor, q: Tensor, interpolation: str) -> None:
    """PyTorch's ``quantile_checks`` and interpolation-name check."""
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    xd, qd = x._data, q._data
    # PyTorch's order: non-empty input, then q's rank, then the dtypes
    if xd.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if qd.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if xd.dtype not in (np.float32, np.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if qd.dtype != xd.dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    qa = np.asarray(qd)
    if not np.all((qa >= 0) & (qa <= 1)):
        raise RuntimeError("quantile() q values must be in the range [0, 1]")


def _quantile_out_shape(x: Tensor, q: Tensor, dim, keepdim: bool) -> list:
    """``quantile_output_shape`` with the q dim always first (PyTorch treats a scalar q as 1-D here)."""
    shape = list(x._data.shape)
    if dim is not None and len(shape) > 0:
        if keepdim:
            shape[dim] = 1
        else:
            del shape[dim]
    elif keepdim:
        shape = [1] * len(shape)
    else:
        shape = []
    return [int(q._data.size)] + shape


def _quantile_sorted(x: Tensor, dim) -> Tensor:
    """Values sorted along the reduced dim, moved last (``flatten`` when ``dim`` is None)."""
    if dim is None:
        return x.flatten().sort()[0]
    if dim == x.dim() - 1:
        return x.sort()[0]
    return x.unsqueeze(-1).transpose(dim, -1).sort()[0]


def _quantile_ranks(q: Tensor, sorted_: Tensor, ignore_nan: bool) -> Tensor:
    """Fractional ranks in ``[0, n)``; NaN rows rank last (quantile) or count only non-NaN values (nanquantile)."""
    nan = _arr(sorted_.isnan())
    if ignore_nan:
        count = _c(np.sum(~nan, axis=-1, keepdims=True))
        ranks = q * (count - 1)
        return ranks.masked_fill(_c(_arr(ranks) < 0), 0)
    last = sorted_._data.shape[-1] - 1
    ranks = q * last
    any_nan = np.any(nan, axis=-1, keepdims=True)
    shape = np.broadcast_shapes(ranks._data.shape, any_nan.shape)
    return ranks.expand(shape).masked_fill(_c(np.broadcast_to(any_nan, shape)), last)


def _quantile_values(sorted_: Tensor, ranks: Tensor, interpolation: str) -> Tensor:
    """Gather the neighbours of each rank and interpolate as ``interpolation`` says."""
    from .shape_ext import gather
    r = _arr(ranks)
    if interpolation == "lower":
        r = np.floor(r)
    elif interpolation == "higher":
        r = np.ceil(r)
    elif interpolation == "nearest":
        r = np.round(r)
    below = r.astype(np.int64)
    values = gather(sorted_, -1, _c(below))
    if interpolation not in ("linear", "midpoint"):
        return values
    if interpolation == "midpoint":
        weights = _c(np.full(r.shape, 0.5, dtype=r.dtype))
    else:
        weights = ranks - _c(below)
    above = gather(sorted_, -1, _c(np.ceil(r).astype(np.int64)))
    return values.lerp(above, weights)


_QUANTILE_SIGS = tuple(f"Tensor input, {q} q, int dim = None, bool keepdim = False, *, "
                       'str interpolation = "linear", Tensor out = None' for q in ("Tensor", "float"))


def _quantile_arg_types(name: str, x, q, dim, keepdim, interpolation) -> None:
    """PyTorch's parser error for a ``quantile``/``nanquantile`` argument of the wrong type (a list
    ``q``, a float ``dim``): both overloads fit the argument count, so it is the "invalid combination"
    message listing them."""
    import numbers
    from .shape import _not_int
    ok = (isinstance(q, (Tensor, numbers.Real)) and (dim is None or not _not_int(dim))
          and isinstance(keepdim, bool) and isinstance(interpolation, str))
    if ok:
        return
    values = {"q": q, "dim": dim, "keepdim": keepdim, "interpolation": interpolation}
    from ._argerrors import parser_error
    err = parser_error(name, _QUANTILE_SIGS, x, ("q", "dim", "keepdim", "interpolation"), values, None, "")
    if err is not None:
        raise err


def _quantile(x: Tensor, q, dim, keepdim: bool, interpolation: str, ignore_nan: bool) -> Tensor:
    """PyTorch's ``quantile_compute``: sort, view as ``(*, n)``, gather/lerp, squeeze the q dim."""
    qt = _quantile_q(x, q)
    _quantile_checks(x, qt, interpolation)
    if dim is not None:
        dim = _wrap_dim(int(dim), x.dim())
    out_shape = _quantile_out_shape(x, qt, dim, keepdim)
    sorted_ = _quantile_sorted(x, dim)
    in_shape = out_shape[1:] + [sorted_._data.shape[-1]]
    sorted_ = sorted_.view(in_shape)
    ranks = _quantile_ranks(qt, sorted_, ignore_nan)
    values = _quantile_values(sorted_, ranks, interpolation)
    # PyTorch finishes with in-place view ops (SqueezeBackward4, UnsqueezeBackward1, TransposeBackward1)
    if qt.dim() == 0:
        return squeeze_(values, -1)
    values = transpose_(unsqueeze_(values, 0), 0, -1)
    return squeeze_(values, values.dim() - 1)


def quantile(input: Tensor, q, dim: int | None = None, keepdim: bool = False, *,
             interpolation: str = "linear", out: Tensor | None = None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    """``torch.quantile``: ``q`` (float or 1-D tensor) quantiles over ``dim`` (all values when None).

    A NaN in a reduced row makes its quantiles NaN.  The graph is PyTorch's:
    ``SortBackward0`` -> ``GatherBackward0`` -> ``LerpBackward1`` (linear and
    midpoint) -> ``SqueezeBackward4``; gradients also reach a ``q`` that
    requires grad through the lerp weight.
    """
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('quantile', dim, keepdim, axis, keepdims, None)
    _quantile_arg_types("quantile", input, q, dim, keepdim, interpolation)
    return _write_out(out, _quantile(input, q, dim, keepdim, interpolation, False))


def nanquantile(input: Tensor, q, dim: int | None = None, keepdim: bool = False, *,
                interpolation: str = "linear", out: Tensor | None = None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    """``torch.nanquantile``: like :func:`quantile` but NaNs are ignored (an all-NaN row gives NaN)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('nanquantile', dim, keepdim, axis, keepdims, None)
    _quantile_arg_types("nanquantile", input, q, dim, keepdim, interpolation)
    return _write_out(out, _quantile(input, q, dim, keepdim, interpolation, True))


# --------------------------------------------------------------- block_diag
class BlockDiagBackward0(Node):
    """``block_diag``: each input gets its block of the gradient, in its own shape."""

    __slots__ = ("blocks",)  # per input: (row0, col0, rows, cols, original shape)

    def backward(self, g):
        grads = []
        for edge, (r0, c0, rows, cols, shape) in zip(self._edges, self.blocks):
            if edge is None:
                grads.append(None)
                continue
            grads.append(g[r0:r0 + rows, c0:c0 + cols].reshape(shape))
        return tuple(grads)


def _block_shape(t: Tensor, i: int) -> tuple:
    shape = t._data.shape
    if len(shape) > 2:
        raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                           f"{len(shape)} dimensions")
    if len(shape) == 2:
        return shape
    return (1, shape[0]) if shape else (1, 1)


def block_diag(*tensors: Tensor) -> Tensor:
    """``torch.block_diag``: inputs (0-d, 1-d as one row, or 2-d) placed along the diagonal.

    The dtype is the promotion of all inputs; no inputs give an empty
    ``(1, 0)`` tensor of the default dtype, as in PyTorch.
    """
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    if not tensors:
        return _make(np.empty((1, 0), dtype=D._default.value.np))
    shapes = [_block_shape(t, i) for i, t in enumerate(tensors)]
    dtype = D.result_type_of([D.from_numpy_dtype(t._data.dtype) for t in tensors], [], ()).np
    out = np.zeros((sum(s[0] for s in shapes), sum(s[1] for s in shapes)), dtype=dtype)
    blocks, r0, c0 = [], 0, 0
    for t, (rows, cols) in zip(tensors, shapes):
        out[r0:r0 + rows, c0:c0 + cols] = np.reshape(_arr(t), (rows, cols))
        blocks.append((r0, c0, rows, cols, t._data.shape))
        r0, c0 = r0 + rows, c0 + cols
    if not _needs(*tensors):
        return _make(out)
    node = BlockDiagBackward0(tuple(tensors))
    node.blocks = tuple(blocks)
    return _finish(out, node)


# ------------------------------------------------------------------- vander
def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:
    """``torch.vander``: columns ``x**(N-1) ... x**0`` (reversed when ``increasing``).

    Built like PyTorch: fill column 0 with ones, copy ``x`` into the other
    columns and replace them by their cumulative product (``CopySlices``),
    then flip (``FlipBackward0``).  Integer and bool inputs give int64.  Note
    that PyTorch 2.13's own backward through this graph fails with "modified
    by an inplace operation" (the cumprod input is overwritten), and so does
    ember's, by the same mechanism.
    """
    from .creation import empty
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._data.shape[0]
    if N is not None:
        n = int(N)
        if n < 0:
            raise RuntimeError("N must be non-negative.")
    dtype = x._data.dtype if x._data.dtype.kind in "fc" else np.dtype(np.int64)
    result = empty((x._data.shape[0], n), dtype=D.from_numpy_dtype(dtype))
    if n > 0:
        result.select(1, 0).fill_(1)
    if n > 1:
        result[:, 1:].copy_(x.unsqueeze(1))
        result[:, 1:].copy_(result[:, 1:].cumprod(1))
    if not increasing:
        return result.flip([1])
    return result


# ------------------------------------------------------------------- renorm
class RenormBackward0(Node):
    """``renorm``: PyTorch's ``renorm_backward`` (tensor ops)."""

    __slots__ = ("p", "dims", "maxnorm")

    def backward(self, g):
        from .linalg import _vector_norm
        (x,) = self.saved()
        norm = _vector_norm(x, self.p, self.dims, True)
        grad_output = (x * g).sum(self.dims, keepdim=True)
        nb = _norm_backward(grad_output, x, self.p, norm, self.dims)
        invnorm = (norm + 1e-7).reciprocal()
        factor = invnorm * self.maxnorm
        from .pointwise import where
        return where(_c(_arr(norm) > self.maxnorm), factor * g - (factor * invnorm) * nb, g)


def _renorm_checks(x: Tensor, p: float, dim: int, maxnorm: float) -> int:
    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {_fmt_double(maxnorm)}")
    nd = x.dim()
    if nd <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {nd} dimensions")
    dim = _wrap_dim(int(dim), nd)
    if x._data.dtype.kind not in "fc":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{_tname(x._data)}")
    return dim


def renorm(input: Tensor, p: float = NP_UNSET, dim: int = NP_UNSET, maxnorm: float = NP_UNSET, *,
           out: Tensor | None = None, axis=NP_UNSET) -> Tensor:
    """``torch.renorm``: rescale each slice along ``dim`` whose ``p``-norm exceeds ``maxnorm``.

    The factor is ``maxnorm / (norm + 1e-7)`` computed in the input's dtype,
    as PyTorch's ``renorm_scale_factor`` kernel does.
    """
    if p is NP_UNSET or dim is NP_UNSET or maxnorm is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('renorm', axis, p=p, dim=dim, maxnorm=maxnorm)
    pv, mv = float(p), float(maxnorm)
    dim = _renorm_checks(input, pv, dim, mv)
    d = _arr(input)
    dims = tuple(k for k in range(d.ndim) if k != dim)
    norm = _norm_array(d, pv, dims, True)
    t = d.dtype.type
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(norm > t(mv), t(mv) / (norm + t(1e-7)), t(1)).astype(d.dtype)
    data = d * factor
    if not _needs(input):
        return _write_out(out, _make(data))
    node = RenormBackward0((input,))
    node.p, node.dims, node.maxnorm = pv, dims, mv
    node.save(input)
    return _write_out(out, _finish(data, node))


# ------------------------------------------------------------ small Tensor API
_ISIN_SCALAR_TYPES = {bool: "Bool", complex: "ComplexDouble"}  # (a Python scalar's ``Scalar.type()``)


def _isin_dtype_check(value, data) -> None:
    """ATen's ``check_for_unsupported_isin_dtype`` (elements first): the sort-based kernel has no Bool or
    complex version, for a tensor or a Python scalar alike."""
    if isinstance(value, Tensor):
        kind = data.dtype.kind
        if kind == "b" or kind == "c":
            from .inplace import _type_word
            raise RuntimeError(f"Unsupported input type encountered for isin(): {_type_word(data.dtype)}")
    elif value.__class__ in _ISIN_SCALAR_TYPES:
        raise RuntimeError(f"Unsupported input type encountered for isin(): {_ISIN_SCALAR_TYPES[value.__class__]}")


_NO_ARG = object()


def _isin_operands_ok(elements, test_elements) -> bool:
    """Whether ``isin``'s operands fit one of its overloads: tensors or numbers, at least one a tensor."""
    import numbers
    kinds = (Tensor, numbers.Number)
    return (isinstance(elements, kinds) and isinstance(test_elements, kinds)
            and (isinstance(elements, Tensor) or isinstance(test_elements, Tensor)))


def isin(elements, test_elements=_NO_ARG, *extra, assume_unique: bool = False, invert: bool = False) -> Tensor:
    """``torch.isin``: whether each element of ``elements`` is in ``test_elements`` (either may be a scalar)."""
    if test_elements is _NO_ARG or extra or not _isin_operands_ok(elements, test_elements):
        from ._argerrors import call_shape_error
        given = [elements] + ([] if test_elements is _NO_ARG else [test_elements, *extra])
        raise call_shape_error("isin", given, {"assume_unique": assume_unique, "invert": invert})
    e = _arr(elements) if isinstance(elements, Tensor) else np.asarray(elements)
    t = _arr(test_elements) if isinstance(test_elements, Tensor) else np.asarray(test_elements)
    _isin_dtype_check(elements, e)
    _isin_dtype_check(test_elements, t)
    r = np.isin(e, t, assume_unique=assume_unique, invert=invert)
    return _make(r if r.ndim else r[()])


def type_as(self: Tensor, other: Tensor) -> Tensor:
    """``Tensor.type_as``: ``self`` converted to ``other``'s dtype (``self`` itself when it already has it)."""
    return self.to(other.dtype)


def fill_diagonal_(self: Tensor, fill_value, wrap: bool = False) -> Tensor:
    """``Tensor.fill_diagonal_``: PyTorch's rules (2-D, or all dimensions equal; ``wrap`` for tall matrices)."""
    d = self._data
    if d.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if d.ndim > 2 and len(set(d.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    # an in-place write: PyTorch's version counter and leaf checks via a masked assignment
    mask = np.zeros(d.shape, dtype=np.bool_)
    n = min(d.shape)
    if d.ndim == 2 and wrap and d.shape[0] > d.shape[1] + 1:
        step = d.shape[1] + 1  # PyTorch continues below the first block, skipping one row
        flat = mask.reshape(-1)
        flat[::step] = True
        mask = flat.reshape(d.shape)
    else:
        idx = np.arange(n)
        mask[(idx,) * d.ndim] = True
    return self.masked_fill_(_make(mask), fill_value)


def is_nonzero(self: Tensor) -> bool:
    """``Tensor.is_nonzero``: the truth of a one-element tensor, PyTorch's errors otherwise."""
    n = self.numel()
    if n == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if n > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(_arr(self).reshape(-1)[0] != 0)


def is_signed(self: Tensor) -> bool:
    """``Tensor.is_signed``: False only for unsigned integer and bool dtypes."""
    return _arr(self).dtype.kind not in "ub"


def get_device(self: Tensor) -> int:
    """``Tensor.get_device``: -1 on the CPU, the GPU index otherwise."""
    dev = self.device
    return -1 if dev.type == "cpu" else (dev.index or 0)


def is_same_size(self: Tensor, other: Tensor) -> bool:
    return tuple(self.shape) == tuple(other.shape)


def positive(self: Tensor) -> Tensor:
    """``torch.positive``: ``self`` itself (PyTorch raises for bool)."""
    if _arr(self).dtype == np.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return self


def logit(input: Tensor, eps=None, *, out=None) -> Tensor:
    """``torch.logit``: the same op as ``torch.special.logit``."""
    from ..special import logit as _logit
    return _logit(input, eps, out=out)


def sinc(input: Tensor, *, out=None) -> Tensor:
    """``torch.sinc``: the same op as ``torch.special.sinc``."""
    from ..special import sinc as _sinc
    return _sinc(input, out=out)


# ------------------------------------------------------------ in-place view ops
_INPLACE_VIEW_NODES: dict = {}


def _inplace_view_node(cls):
    """PyTorch's class for the in-place form of a view op's node (``UnsqueezeBackward0`` ->
    ``UnsqueezeBackward1``, ``SqueezeBackward0/1/2`` -> ``3/4/5``, ``TBackward0`` -> ``TBackward1`` ...)."""
    sub = _INPLACE_VIEW_NODES.get(cls)
    if sub is None:
        stem, k = cls.__name__[:-1], int(cls.__name__[-1])
        shift = 3 if stem == "SqueezeBackward" else 1
        sub = _INPLACE_VIEW_NODES[cls] = type(f"{stem}{k + shift}", (cls,), {"__slots__": ()})
    return sub


def _inplace_view(self: Tensor, view) -> Tensor:
    """``self.op_()`` for a view op: ``self`` takes the view's shape and history, keeping its identity."""
    from .inplace import check_inplace_allowed
    check_inplace_allowed(self)
    r = view(self)
    self._data = r._data
    node = r.grad_fn
    if node is not None:
        node.__class__ = _inplace_view_node(type(node))  # same slots: only the name PyTorch prints changes
        self.grad_fn = node
        self._rg = r._rg
        self._out_nr = r._out_nr
    if self._base is not None and r._ext and "view_fn" in r._ext:
        self._get_ext()["view_fn"] = r._ext["view_fn"]  # later in-place writes replay the new view
    self._bump_version()
    return self


def unsqueeze_(self: Tensor, dim: int = NP_UNSET, *, axis=NP_UNSET) -> Tensor:
    if dim is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('unsqueeze_', axis, dim=dim)
    return _inplace_view(self, lambda t: t.unsqueeze(dim))


def squeeze_(self: Tensor, *args, dim=NP_UNSET, axis=NP_UNSET) -> Tensor:
    """``Tensor.squeeze_``: its dims read as ``Tensor.squeeze`` reads them (varargs too), errors naming ``squeeze_``."""
    from .shape import squeeze_dims_arg
    dims = squeeze_dims_arg(self, args, dim, axis, "squeeze_")
    return _inplace_view(self, lambda t: t.squeeze() if dims is NP_UNSET else t.squeeze(dims))


def transpose_(self: Tensor, dim0: int, dim1: int) -> Tensor:
    return _inplace_view(self, lambda t: t.transpose(dim0, dim1))


def t_(self: Tensor) -> Tensor:
    return _inplace_view(self, lambda t: t.t())


TENSOR_METHODS = {"dist": dist, "quantile": quantile, "nanquantile": nanquantile, "renorm": renorm,
                  "isin": isin, "type_as": type_as, "fill_diagonal_": fill_diagonal_, "is_nonzero": is_nonzero,
                  "is_signed": is_signed, "get_device": get_device, "is_same_size": is_same_size,
                  "positive": positive, "logit": logit, "sinc": sinc, "unsqueeze_": unsqueeze_,
                  "squeeze_": squeeze_, "transpose_": transpose_, "swapaxes_": transpose_, "swapdims_": transpose_,
                  "t_": t_}
INPLACE_METHODS = {"renorm_": renorm, "logit_": logit, "sinc_": sinc}
