"""More reductions and scans: prod, max/min, amax/amin, argmax, var/std, logsumexp,
cumsum/cumprod, cummax/cummin, all/any, sort/topk/kthvalue/median/mode,
nansum/nanmean, softmax/log_softmax.

Node names and derivative formulas follow PyTorch's ``derivatives.yaml``;
backward formulas are tensor ops, so double backward works.  Ops that select
elements (``max(dim)``, ``sort``, ``topk`` ...) scatter the gradient back to
the chosen positions with a differentiable scatter/gather pair.
"""
from __future__ import annotations

import builtins as _builtins
import math as _math
import warnings as _warnings

import numpy as np

from .. import _dtype as D
from .. import return_types as _RT
from ..backend.fma import fma
from ..autograd.graph import FUSION as _FUSION, KEPT_IN_SLOTS, wrap_same
from ._common import GRAD as _GRAD, via_float32, Node, Tensor, _make, finish as _finish, saved_output as _saved_output, \
    unpack_output as _unpack_output, write_out as _write_out, check_out_overlap
from ._common import SAVED_OUTPUT_EXT as _SAVED_OUTPUT_EXT
from .._tensor import _legacy_type_name
from ._common import COMPLEX_DTYPES, BOOL_OR_COMPLEX_DTYPES
from ._common import NP_UNSET, numpy_dim_names
from .reduction import normalize_dims as _normalize_dims, _wrap, check_int_dim as _check_int_dim
from .reduction import _is_int as _is_int_arg
from . import pointwise as _pw
from . import _stl_sort as _stl
from . import reduction as _red
from . import _cascade_sum as _cascade
from .._hints import _user_stacklevel


def _check_pair_out_memory(name: str, args, kwargs, out) -> None:
    """ATen's memory checks of ``out=(values, indices)``: neither may be expanded, and ``values``
    must not partly share memory with the input (``kthvalue``: not share it at all)."""
    x = args[0] if args else kwargs.get("input")
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return
    if name == "kthvalue":
        check_out_overlap(out[0], (x,))
    else:
        check_out_overlap(out[0], (), (x,))
    check_out_overlap(out[1])


def _pair_out_dtype_check(name: str, values, out) -> None:
    """The dtype checks ATen makes of ``out=(values, indices)``, in its order and words: ``values``
    must have the input's dtype and ``indices`` must be int64 (``sort``/``topk``: ``set_output``'s
    check; ``kthvalue``, ``median``/``nanmedian`` (indices first) and ``mode`` have their own)."""
    vo, io = out
    if not (isinstance(vo, Tensor) and isinstance(io, Tensor)):
        return
    want, vd, idd = values._data.dtype, vo._data.dtype, io._data.dtype
    long_ = np.dtype(np.int64)
    if name in ("median", "nanmedian"):  # ``checkScalarType`` then ``checkSameType``, both naming median
        if idd != long_:
            raise RuntimeError(f"Expected tensor for argument #1 'indices' to have scalar type Long; but got "
                               f"{_legacy_type_name(io)} instead (while checking arguments for median)")
        if vd != want:
            raise RuntimeError(f"Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; "
                               f"but type {_legacy_type_name(vo)} does not equal {_legacy_type_name(values)} (while checking "
                               "arguments for median)")
    elif name == "kthvalue":
        if vd != want:
            raise RuntimeError("output values must be of same type as input")
        if idd != long_:
            raise RuntimeError("output indices must be of scalar type Long")
    elif name == "mode":
        for got, w, what in ((vd, want, "values"), (idd, long_, "indices")):
            if got != w:
                raise RuntimeError(f"expected scalar type '{_LEGACY[w.name]}' but got '{_LEGACY[got.name]}' "
                                   f"for {what} output")
    else:
        _check_out_dtype(vo, want)
        _check_out_dtype(io, long_)


def _method_takes_no_out(name: str, sigs=None, input=None, params=(), values=None) -> None:
    """PyTorch binds only the functions' ``out=`` overloads: ``x.cumsum(0, out=o)`` is the parser's
    ``cumsum() got an unexpected keyword argument 'out'`` (``sigs``: an op with several overloads gets
    its "invalid combination" error).  Runs only when ``out`` is given."""
    from ._argerrors import parser_error, user_call_site
    site = user_call_site(name)
    if site is None or not site[0]:
        return
    err = parser_error(name, sigs, input, list(params), values, None, "") if sigs is not None else None
    raise err if err is not None else TypeError(f"{name}() got an unexpected keyword argument 'out'")


def _values_indices_out(name: str, out_needs_dim: bool = False):
    """``out=(values, indices)`` for an op returning that pair (``torch.sort``, ``topk``, ``max(dim)``
    ...): each result copied into its ``out`` tensor, returned as the same named tuple, with
    PyTorch's autograd refusal naming ``name``.  A single-tensor result goes to ``out`` itself.
    ``out_needs_dim``: like ``torch.median``, the op has no ``out=`` overload without ``dim``."""
    def wrap(fn):
        code = fn.__code__
        max_pos = None if code.co_flags & 0x04 else code.co_argcount  # (``*args`` ops check their own)

        def op(*args, out=None, **kwargs):
            if max_pos is not None and len(args) > max_pos:
                raise _pair_op_extra_positional_error(name, args, max_pos)
            if out is not None:
                _method_takes_no_out(name)
            if out is not None and out_needs_dim and len(args) < 2 and kwargs.get("dim", kwargs.get("axis")) is None:
                raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
            if out is not None:
                _check_pair_out_memory(name, args, kwargs, out)
            res = fn(*args, **kwargs)
            if out is None:
                return res
            if isinstance(res, Tensor):
                return _write_out(out, res, name)
            if len(out) == 2:
                _pair_out_dtype_check(name, res[0], out)
            outs = tuple(_write_out(o, r, name) for o, r in zip(out, res))
            return _RT.make(type(res).__name__ + "_out", res._names)(outs)  # torch.return_types.sort_out
        op.__name__ = op.__qualname__ = fn.__name__
        op.__doc__ = fn.__doc__
        return op
    return wrap

# the fewest arguments of the function overload taking the most positional ones (PyTorch's ``min_args``)
_PAIR_OP_MIN_ARGS = {"topk": 2, "kthvalue": 2, "median": 2, "nanmedian": 2, "mode": 1}
_MEDIAN_METHOD_SIGS = ("", "int dim, bool keepdim = False")


def _pair_op_extra_positional_error(name: str, args: tuple, max_pos: int) -> TypeError:
    """PyTorch's parser error for ``topk``/``kthvalue``/``median``/``nanmedian``/``mode`` given more
    positional arguments than they take (``topk() takes from 2 to 5 positional arguments but 6 were
    given``); the method counts one fewer, and ``median``'s two method overloads take none of them."""
    from ._argerrors import format_overload_error, positional_count_error, user_call_site
    site = user_call_site(name)
    if site is not None and site[0]:
        if name in ("median", "nanmedian"):
            return TypeError(format_overload_error(name, _MEDIAN_METHOD_SIGS, list(args[1:]), []))
        return positional_count_error(name, _PAIR_OP_MIN_ARGS[name] - 1, max_pos - 1, len(args) - 1)
    return positional_count_error(name, _PAIR_OP_MIN_ARGS[name], max_pos, len(args))


_ndarray = np.ndarray
builtins_max = _builtins.max
_REQUIRED = object()

_LEGACY = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16", "int64": "Long",
           "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
           "complex64": "ComplexFloat", "complex128": "ComplexDouble", "uint16": "UInt16", "uint32": "UInt32",
           "uint64": "UInt64"}


def _complex_unsupported(d, kernel: str):
    """PyTorch's ``"<kernel>" not implemented for 'ComplexFloat'`` (no complex kernel: NumPy would order
    complex numbers lexicographically)."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{_tname(d)}\'')


def _tname(d) -> str:
    """PyTorch's legacy scalar type name (``Float``, ``Long`` ...) of an array's dtype."""
    return _LEGACY.get(D.from_numpy_dtype(d.dtype).name, str(d.dtype))


def _c(arr) -> Tensor:
    """A constant tensor (no grad) around an array."""
    return _make(arr)


def _arr(x: Tensor):
    d = x._data
    return d if d.__class__ is _ndarray else np.asarray(d)


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def _needs(x: Tensor) -> bool:
    return _GRAD.enabled and x._rg


def _all_dims(dim, ndim: int) -> tuple:
    """``dim`` as a sorted tuple; ``None`` or ``()`` mean every dim (sum/var/amax convention)."""
    if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0):
        return tuple(range(ndim))
    return _normalize_dims(dim, ndim)


def _restore(g: Tensor, dims: tuple, keepdim: bool, ndim: int) -> Tensor:
    """Re-insert reduced dims (size 1) into a gradient."""
    if keepdim or ndim == 0:
        return g
    for d in dims:
        g = g.unsqueeze(d)
    return g


def _scalar_out(a):
    """0-d arrays become NumPy scalars (ember's convention for fresh 0-d results)."""
    if isinstance(a, _ndarray) and a.ndim == 0:
        return a[()]
    return a


def _float_like(d):
    return d.dtype if d.dtype.kind in "fc" else D._default.value.np


# ------------------------------------------------------ gather / scatter pair
class GatherBackward0(Node):
    __slots__ = ("dim", "idx", "shape")

    def backward(self, g):
        return _scatter_add(g, self.dim, self.idx, self.shape, False)


class ScatterAddBackward0(Node):
    """``zeros(shape).scatter_add(dim, idx, src)``: edges ``(self, src)`` as PyTorch's, ``self`` needing none."""

    __slots__ = ("dim", "idx")

    def backward(self, g):
        return None, _gather(g, self.dim, self.idx)


def _gather(x: Tensor, dim: int, idx: np.ndarray) -> Tensor:
    data = np.take_along_axis(_arr(x), idx, axis=dim)
    node = None
    if _needs(x):
        node = GatherBackward0((x,))
        node.dim, node.idx, node.shape = dim, idx, x._data.shape
    return _finish(data, node)


def _scatter_add(src: Tensor, dim: int, idx: np.ndarray, shape: tuple, unique: bool) -> Tensor:
    """``zeros(shape).scatter_add(dim, idx, src)`` (differentiable in ``src``)."""
    s = _arr(src)
    if s.shape != idx.shape:
        s = np.broadcast_to(s, idx.shape)
    out = np.zeros(shape, dtype=s.dtype)
    if unique:
        np.put_along_axis(out, idx, s, axis=dim)
    else:
        grids = list(np.indices(idx.shape, sparse=True))
        grids[dim] = idx
        np.add.at(out, tuple(grids), s)
    node = None
    if _needs(src):
        node = ScatterAddBackward0((None, src))
        node.dim, node.idx = dim, idx
    return _finish(out, node)


class FlipBackward0(Node):
    __slots__ = ("dims",)

    def backward(self, g):
        return _flip(g, self.dims)


def _flip(x: Tensor, dims: tuple) -> Tensor:
    data = np.flip(_arr(x), axis=dims).copy()
    node = None
    if _needs(x):
        node = FlipBackward0((x,))
        node.dims = dims
    return _finish(data, node)


def _rev_cumsum(g: Tensor, dim: int) -> Tensor:
    """``g.flip(dim).cumsum(dim).flip(dim)`` (PyTorch's ``reversed_cumsum``)."""
    return _flip(cumsum(_flip(g, (dim,)), dim), (dim,))


# ------------------------------------------------ value-selecting backward
class _SelectNode(Node):
    """Gradient flows to the selected ``indices`` (``value_selecting_reduction_backward``)."""

    __slots__ = ("dim", "idx", "shape", "keepdim", "dim_arg")

    def backward(self, g):
        return _select_backward(g, self.dim, self.idx, self.shape, self.keepdim)

    def vjp(self, g):
        if len(self.shape) == 0:
            return (g,)
        idx = self.idx
        g = np.asarray(g)
        if not self.keepdim:
            g = np.expand_dims(g, self.dim)
            idx = np.expand_dims(idx, self.dim)
        out = np.zeros(self.shape, dtype=g.dtype)
        np.put_along_axis(out, idx, np.broadcast_to(g, idx.shape), axis=self.dim)
        return (out,)


def _select_backward(g, dim, idx, shape, keepdim):
    if len(shape) == 0:
        return g
    if _GRAD.enabled and g._rg:  # create_graph: PyTorch's ScatterBackward0 over the gradient
        from ..autograd._backward_ops import value_selecting_backward
        return value_selecting_backward(g, dim, idx, shape, keepdim)
    if not keepdim:
        g = g.unsqueeze(dim)
        idx = np.expand_dims(idx, dim)
    return _scatter_add(g, dim, idx, shape, True)


def _sel(name):
    return type(name, (_SelectNode,), {"__slots__": ()})


MaxBackward0 = _sel("MaxBackward0")
MinBackward0 = _sel("MinBackward0")
SortBackward0 = _sel("SortBackward0")
SortBackward1 = _sel("SortBackward1")
TopkBackward0 = _sel("TopkBackward0")
KthvalueBackward0 = _sel("KthvalueBackward0")
MedianBackward1 = _sel("MedianBackward1")
NanmedianBackward1 = _sel("NanmedianBackward1")
ModeBackward0 = _sel("ModeBackward0")


def _select_result(x, values, idx, dim, keepdim, node_cls, rtype, dim_arg=0):
    """Wrap ``values``/``indices`` of a selecting op (indices carry no grad); a negative ``dim_arg``
    (the ``dim`` argument as given) is kept for ``grad_fn._saved_dim``."""
    node = None
    if _needs(x) and node_cls is not None:
        node = node_cls((x,))
        node.dim, node.idx, node.shape, node.keepdim = dim, np.asarray(idx), x._data.shape, keepdim
        node._saved = KEPT_IN_SLOTS  # (``grad_fn._saved_indices`` is freed after backward)
        if dim_arg < 0:
            node.dim_arg = dim_arg
    v = _finish(_scalar_out(values), node)
    i = _make(_scalar_out(np.asarray(idx, dtype=np.int64)))
    return rtype((v, i))


class _EvenNode(Node):
    """``evenly_distribute_backward``: the gradient is shared by all tied extremes."""

    __slots__ = ("mask", "count")

    def backward(self, g):
        self.saved()  # (PyTorch unpacks ``self`` and ``result``: freed or modified in place, they raise)
        if _GRAD.enabled and g._rg:  # create_graph: PyTorch's MaskedFillBackward1 over the gradient
            from ..autograd._backward_ops import evenly_distribute_backward
            return evenly_distribute_backward(g, self.mask, self.count)
        return _pw.where(self.mask, g / self.count, 0.0)


def _even(name):
    return type(name, (_EvenNode,), {"__slots__": ()})


MaxBackward1 = _even("MaxBackward1")
MinBackward1 = _even("MinBackward1")
MedianBackward0 = _even("MedianBackward0")
NanmedianBackward0 = _even("NanmedianBackward0")


def _even_result(x, value, node_cls):
    node = None
    if _needs(x):
        d = _arr(x)
        if d.dtype.kind in "fc" and np.isnan(value):
            mask = np.isnan(d)
        else:
            mask = d == value
        node = node_cls((x,))
        node.mask = _c(mask)
        node.count = int(mask.sum())
    res = _finish(value, node)
    if node is not None:  # (PyTorch's ``evenly_distribute_backward`` reads them: ``grad_fn._saved_self``)
        node.save(x, _saved_output(node, res))
    return res


# --------------------------------------------------------------------- prod
def _prod_dtype(d, dtype):
    if dtype is not None:
        return dtype.np
    if d.dtype.kind in "biu":
        return np.int64
    return d.dtype


class ProdBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        if x._data.ndim == 0:
            return g
        zeros = int(np.count_nonzero(_arr(x) == 0))
        if not zeros:
            return g * (r / x)
        if zeros > 1 and not _GRAD.enabled:  # PyTorch: every partial product is 0 (even beside inf/NaN);
            # under create_graph it takes the differentiable exclusive-products path below instead
            from .creation import zeros_like
            return zeros_like(x)
        flat = x.reshape(-1)
        return (g * _prod_safe_zeros(flat, 0)).reshape(x._data.shape)


class ProdBackward1(Node):
    __slots__ = ("dim", "keepdim", "dim_arg")  # (``dim_arg``: a negative ``dim`` as given, ``grad_fn._saved_dim``)

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        if x._data.ndim == 0:
            return g
        if not self.keepdim:
            g = g.unsqueeze(self.dim)
            r = r.unsqueeze(self.dim)
        if not (_arr(x) == 0).any():
            return g * (r / x)
        return g * _prod_safe_zeros(x, self.dim)


def _shift(x: Tensor, dim: int, forward: bool) -> Tensor:
    """``cat([ones, x[:-1]])`` (``forward``) or ``cat([x[1:], ones])`` along ``dim``."""
    n = x._data.shape[dim]
    shape = [1] * x._data.ndim
    shape[dim] = n
    pos = np.arange(n).reshape(shape)
    src = np.clip(pos - 1 if forward else pos + 1, 0, n - 1)
    idx = np.broadcast_to(src, x._data.shape).copy()
    edge = np.broadcast_to(pos == (0 if forward else n - 1), x._data.shape)
    return _pw.where(_c(edge), 1.0, _gather(x, dim, idx))


def _prod_safe_zeros(x: Tensor, dim: int) -> Tensor:
    """Product of all other elements along ``dim`` (exclusive cumprods), safe with zeros."""
    if x._data.size == 0:
        return x
    left = cumprod(_shift(x, dim, True), dim)
    right = _flip(cumprod(_flip(_shift(x, dim, False), (dim,)), dim), (dim,))
    return left * right


def _prod_inner_rows(rows: np.ndarray) -> np.ndarray:
    """Row products in the order of ATen's contiguous inner reduction (``vectorized_inner_reduction``):
    four vectors of accumulators (``4 * lanes`` elements) multiply whole blocks in turn, combine
    as ``(a0 * a1) * (a2 * a3)``, their lanes one after another, then the leftover elements in turn."""
    lanes = _PROD_LANES[rows.dtype]
    width = 4 * lanes
    n = rows.shape[1]
    count = n // width
    out = np.ones(rows.shape[0], rows.dtype)
    if count:
        acc = rows[:, :width].copy()
        for c in range(1, count):
            acc *= rows[:, c * width:(c + 1) * width]
        a = acc.reshape(-1, 4, lanes)
        comb = (a[:, 0] * a[:, 1]) * (a[:, 2] * a[:, 3])
        tot = comb[:, 0].copy()
        for j in range(1, lanes):
            tot *= comb[:, j]
        out *= tot
    for k in range(count * width, n):
        out *= rows[:, k]
    return out


# AVX2 vector widths for prod: float16 vectors hold 16 elements, each product rounded to float16
_PROD_LANES = {**_cascade.LANES, np.dtype(np.float16): 16}


def _prod_values(d: np.ndarray, axis, keepdims: bool, ndt):
    """``prod`` of ``d`` over ``axis`` (None: all) in ATen's order for float32/float64 NumPy arrays
    (a last-dim or whole-tensor product: ``_prod_inner_rows``; other axes multiply in turn, as
    NumPy does); NumPy's otherwise."""
    if d.__class__ is np.ndarray and d.dtype == ndt and ndt in _PROD_LANES and d.ndim and d.size:
        if axis is None and d.flags.c_contiguous and d.size <= _cascade.GRAIN:
            r = _prod_inner_rows(d.reshape(1, -1))[0]
            return r.reshape((1,) * d.ndim) if keepdims else r
        if axis == d.ndim - 1:
            r = _prod_inner_rows(d.reshape(-1, d.shape[-1])).reshape(d.shape[:-1])
            return r[..., None] if keepdims else r
    return np.prod(d, axis=axis, keepdims=keepdims, dtype=ndt)


_PROD_SIGNATURES = ("Tensor input, *, torch.dtype dtype = None",
                    "Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None")
_ALL_ANY_SIGNATURES = ("Tensor input, *, Tensor out = None",
                       "Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None",
                       "Tensor input, int dim, bool keepdim = False, *, Tensor out = None")


def _is_int_dim(dim) -> bool:
    """An ``int`` argument as PyTorch's parser takes it: an int, a NumPy integer or a 0-d integer tensor."""
    if isinstance(dim, (bool, np.bool_)):
        return False
    return isinstance(dim, (int, np.integer)) or (isinstance(dim, Tensor) and dim._data.ndim == 0
                                                  and dim._data.dtype.kind in "iu")


def _prod_dim_error(x, dim, keepdim, dtype, out):
    """PyTorch's parser error for a ``prod`` ``dim`` that is not an int."""
    from ._argerrors import parser_error, type_name
    values = {"dim": dim, "keepdim": keepdim, "dtype": dtype, "out": out}
    err = parser_error("prod", _PROD_SIGNATURES, x, ["dim", "keepdim", "dtype", "out"], values, "dim", "int")
    if err is not None:
        return err
    return TypeError(f"prod(): argument 'dim' must be int, not {type_name(dim)}")


def _prod_out_parser_check(x, dim, keepdim, dtype, out) -> None:
    """PyTorch's parser on ``prod(..., out=)``: only ``prod.int_out`` (with ``dim``) takes ``out`` and
    ``Tensor.prod`` takes none, so ``torch.prod(x, out=o)`` and ``x.prod(0, out=o)`` are TypeErrors."""
    from ._argerrors import parser_error, user_call_site
    site = user_call_site("prod")
    if site is not None and site[0] and dim is not None:
        raise TypeError("prod() got an unexpected keyword argument 'out'")
    if dim is not None and isinstance(out, Tensor):
        return
    if dim is None and (dtype is not None or keepdim):  # only the ``dim`` overload takes both
        raise TypeError('prod() missing 1 required positional arguments: "dim"')
    values = {"dim": dim, "keepdim": keepdim, "dtype": dtype, "out": out}
    err = parser_error("prod", _PROD_SIGNATURES, x, ["dim", "keepdim", "dtype", "out"], values, None, "")
    if err is not None:
        raise err


def _prod_in_out_dtype(dtype, out):
    """``prod.int_out`` without ``dtype`` multiplies in ``out``'s dtype (the input cast to it first,
    ``tensor([1.5, -2.5]).prod(0)`` into a Long ``out`` is -2); with ``dtype``, ``out`` must have it."""
    od = out._data.dtype
    if dtype is None:
        return D.from_numpy_dtype(od)
    if dtype.np != od:
        _check_out_dtype(out, dtype.np)
    return dtype


class _DimLeftOut:
    """``dim`` left out of ``prod``/``median``/``nanmedian`` (PyTorch's overload without ``dim``): an
    explicit ``dim=None`` matches no overload, as in PyTorch (``prod(): argument 'dim' must be int, not
    NoneType``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "None"


_DIM_LEFT_OUT = _DimLeftOut()


def prod(input: Tensor, dim=_DIM_LEFT_OUT, keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
         keepdims=NP_UNSET) -> Tensor:
    """``torch.prod``: integer/bool inputs give int64, like PyTorch."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('prod', dim, keepdim, axis, keepdims, _DIM_LEFT_OUT)
    if dim is None:
        raise _prod_dim_error(input, dim, keepdim, dtype, out)
    if dim is _DIM_LEFT_OUT:
        dim = None
    if out is not None:
        _prod_out_parser_check(input, dim, keepdim, dtype, out)
        if not _needs(input):
            dtype = _prod_in_out_dtype(dtype, out)
    if keepdim.__class__ is not bool:
        _red.check_keepdim("prod", keepdim)
    if dim is None and keepdim:  # (only the ``dim`` overload takes ``keepdim``)
        raise _prod_dim_error(input, dim, keepdim, dtype, out)
    x = input
    d = _arr(x)
    ndt = np.dtype(_prod_dtype(d, dtype))
    if d.dtype.kind == "c" and ndt.kind != "c":
        d = _red.drop_imaginary(d)
    if dtype is not None and ndt.kind not in "fc" and _needs(x):
        raise RuntimeError(f"Autograd not support dtype: {_tname(np.empty(0, ndt))}")
    if dim is None:
        data = _prod_values(d, None, False, ndt)
        if keepdim:
            data = np.asarray(data).reshape((1,) * d.ndim)
        node = None
        if _needs(x) and ndt.kind in "fc":
            node = ProdBackward0((x,))
        res = _finish(data if keepdim else _scalar_out(np.asarray(data, dtype=ndt)), node)
        if node is not None:
            node.save(x, _saved_output(node, res))
        return _write_out(out, res)
    if dim.__class__ is not int and not _is_int_dim(dim):
        raise _prod_dim_error(x, dim, keepdim, dtype, out)
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0:
        data = d.astype(ndt)
    else:
        data = _prod_values(d, dd, keepdim, ndt)
    node = None
    if _needs(x) and ndt.kind in "fc":
        node = ProdBackward1((x,))
        node.dim, node.keepdim = dd, keepdim
        if dim < 0:
            node.dim_arg = dim
    res = _finish(_scalar_out(np.asarray(data, dtype=ndt)), node)
    if node is not None:
        node.save(x, _saved_output(node, res))
    return _write_out(out, res)


# ------------------------------------------------------------ max / min
def _minmax_all(x: Tensor, is_max: bool, name: str, node_cls):
    d = _arr(x)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise _complex_unsupported(d, f"{name}_all")
    if d.size == 0:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                           "Specify the reduction dim with the 'dim' argument.")
    _pw.no_bare_uint_kernel(d.dtype, f"{name}_all")
    value = d.max() if is_max else d.min()
    return _even_result(x, value, node_cls)


def _arg_extreme(d, dd, is_max):
    return np.argmax(d, axis=dd) if is_max else np.argmin(d, axis=dd)


def _minmax_dim(x: Tensor, dim, keepdim: bool, is_max: bool, name: str, node_cls, rtype):
    d = _arr(x)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise RuntimeError(f"{name}(): does not support complex input")
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0:
        return _select_result(x, d.copy(), np.int64(0), dd, keepdim, node_cls, rtype, dim_arg=dim)
    if d.shape[dd] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dd} to have non-zero size.")
    _pw.no_bare_uint_kernel(d.dtype, f"{name}_cpu")
    idx = np.expand_dims(_arg_extreme(d, dd, is_max), dd)
    values = np.take_along_axis(d, idx, axis=dd)
    if not keepdim:
        values = np.squeeze(values, dd)
        idx = np.squeeze(idx, dd)
    return _select_result(x, values, idx, dd, keepdim, node_cls, rtype, dim_arg=dim)


_MINMAX_SIGNATURES = (" * (Tensor input, *, Tensor out = None)\n * (Tensor input, Tensor other, *, Tensor out = None)\n"
                      " * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n")


_MINMAX_FUNCTION_SIGNATURES = ("Tensor input, *, Tensor out = None", "Tensor input, Tensor other, *, Tensor out = None",
                               "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None")


def _minmax_other_and_dim_error(name: str, input, dim, keepdim, other) -> None:
    """PyTorch's "invalid combination of arguments" for ``max(x, dim=0, other=y)``."""
    from ._argerrors import format_overload_error, parser_error
    values = {"dim": dim, "keepdim": keepdim, "other": other}
    err = parser_error(name, _MINMAX_FUNCTION_SIGNATURES, input, ["dim", "keepdim"], values, None, "")
    if err is None:
        err = TypeError(format_overload_error(name, _MINMAX_FUNCTION_SIGNATURES, [input],
                                              [("other", other), ("dim", dim)]))
    raise err


def _minmax_dim_arg(name: str, dim, positional: bool, keepdim, input=None):
    """A ``dim`` that is not a Python int: a NumPy integer or a 0-d integer tensor is one (PyTorch's
    argument parser takes them as ``int``); anything else is PyTorch's ``TypeError``."""
    if isinstance(dim, (int, np.integer)) and not isinstance(dim, (bool, np.bool_)):
        return int(dim)
    if isinstance(dim, Tensor) and dim._data.ndim == 0 and dim._data.dtype.kind in "iu":
        return int(dim)
    from ._argerrors import parser_error, type_name
    err = parser_error(name, _MINMAX_FUNCTION_SIGNATURES, input, ["dim", "keepdim"],
                       {"dim": dim, "keepdim": keepdim}, "dim", "int")
    if err is not None:
        raise err
    got = ["Tensor", type_name(dim) if positional else f"dim={type_name(dim)}"]
    if keepdim is not None:
        got.append(type_name(keepdim))
    raise TypeError(f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), but "
                    f"expected one of:\n{_MINMAX_SIGNATURES}")


_C10_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
                   "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                   "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
                   "complex128": "c10::complex<double>"}


def _check_out_dtype(out: Tensor, want) -> None:
    """``max(dim, out=...)``'s dtype check of one ``out`` tensor (PyTorch names C++ types)."""
    got = out._data.dtype
    if got != want:
        raise RuntimeError(f"Expected out tensor to have dtype {_C10_TYPE_NAMES.get(str(want), str(want))}, "
                           f"but got {_C10_TYPE_NAMES.get(str(got), str(got))} instead")


def _minmax_dim_out(res, out, name: str, input: Tensor):
    """``torch.max(x, dim, out=(values, indices))``: both results written into ``out`` and returned
    as ``torch.return_types.max_out``, after PyTorch's dtype checks."""
    if out is None:
        return res
    if isinstance(out, Tensor):
        sigs = _MINMAX_SIGNATURES.replace(
            "out = None)\n", "out = None)\n      didn't match because some of the keywords were incorrect: out\n", 1)
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, int, out=Tensor), "
                        f"but expected one of:\n{sigs}")
    _check_out_dtype(out[0], res[0]._data.dtype)
    _check_out_dtype(out[1], np.dtype(np.int64))
    check_out_overlap(out[0], (), (input,))
    check_out_overlap(out[1])
    outs = tuple(_write_out(o, r, name) for o, r in zip(out, res))
    return _RT.make(name + "_out", res._names)(outs)


def _keepdim_without_dim(name: str, input: Tensor, keepdim) -> None:
    """PyTorch's parser error for ``max``/``min`` given ``keepdim`` but no ``dim``."""
    from ._argerrors import parser_error
    err = parser_error(name, _MINMAX_FUNCTION_SIGNATURES, input, ["dim", "keepdim"], {"dim": None, "keepdim": keepdim},
                       None, "")
    raise err if err is not None else TypeError(f"{name}(): keepdim given without dim")


def _max_or_min(is_max: bool, input: Tensor, _dim, keepdim, dim, other, out):
    """The body of ``torch.max`` (``is_max``) and ``torch.min``: the whole-tensor extreme, the
    ``(values, indices)`` along a dim, or the elementwise ``maximum``/``minimum``."""
    name = "max" if is_max else "min"
    if out is not None:
        _method_takes_no_out(name)
    if not isinstance(input, Tensor):  # ``torch.max(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(TypeError(f"{name}(): argument 'input' (position 1) must be Tensor"))
    elementwise = _pw.maximum if is_max else _pw.minimum
    if _dim is _DIM_LEFT_OUT:
        _dim = None
    elif _dim is None:  # (an explicit None matches no overload)
        _minmax_dim_arg(name, None, True, keepdim, input)
    if dim is _DIM_LEFT_OUT:
        dim = None
    elif dim is None:
        _minmax_dim_arg(name, None, False, keepdim, input)
    if _dim is not None:
        if _is_tensor(_dim) and keepdim is None:
            return elementwise(input, _dim, out=out)
        positional = True
    elif dim is None:
        if other is not None:
            return elementwise(input, other, out=out)
        if keepdim is not None:  # ``x.max(keepdim=True)``: no overload takes keepdim without dim
            _keepdim_without_dim(name, input, keepdim)
        return _write_out(out, _minmax_all(input, is_max, name, MaxBackward1 if is_max else MinBackward1))
    else:
        if other is not None:  # (no overload takes both)
            _minmax_other_and_dim_error(name, input, dim, keepdim, other)
        _dim, positional = dim, False
    if _dim.__class__ is not int:
        _dim = _minmax_dim_arg(name, _dim, positional, keepdim, input)
    if keepdim is not None and keepdim.__class__ is not bool:
        _red.check_keepdim(name, keepdim, ("dim", "keepdim"), _MINMAX_FUNCTION_SIGNATURES, input, _dim)
    res = _minmax_dim(input, _dim, bool(keepdim), is_max, name, MaxBackward0 if is_max else MinBackward0,
                      _RT.max if is_max else _RT.min)
    return res if out is None else _minmax_dim_out(res, out, name, input)


def max(input: Tensor, _dim=_DIM_LEFT_OUT, keepdim=None, *, dim=_DIM_LEFT_OUT, other=None, out=None,
        axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.max``: full max, ``max(dim)`` -> ``(values, indices)``, or ``max(a, b)``.

    As in PyTorch, a tensor second argument is ``other`` (an elementwise max) unless it is passed as
    ``dim=`` or followed by ``keepdim``: then it must be a 0-d integer tensor, and is the dim."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names("max", dim, keepdim, axis, keepdims, _DIM_LEFT_OUT, None)
    return _max_or_min(True, input, _dim, keepdim, dim, other, out)


def min(input: Tensor, _dim=_DIM_LEFT_OUT, keepdim=None, *, dim=_DIM_LEFT_OUT, other=None, out=None,
        axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.min``: full min, ``min(dim)`` -> ``(values, indices)``, or ``min(a, b)`` (see ``max``)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names("min", dim, keepdim, axis, keepdims, _DIM_LEFT_OUT, None)
    return _max_or_min(False, input, _dim, keepdim, dim, other, out)


# -------------------------------------------------------------- amax / amin
class AmaxBackward0(Node):
    """``scale_grad_by_count``: ties share the gradient equally."""

    # ``dim_arg``: the ``dim`` argument as given, for ``grad_fn._saved_dim``
    __slots__ = ("dims", "keepdim", "ndim", "mask", "count", "dim_arg")

    def backward(self, g):
        self.saved()  # (PyTorch unpacks ``self`` and ``result``: modified in place, they raise)
        g = _restore(g, self.dims, self.keepdim, self.ndim)
        return (g / self.count) * self.mask

    def vjp(self, g):
        self.saved()
        if not self.keepdim and self.ndim:
            g = np.expand_dims(g, self.dims)
        return ((g / self.count._data) * self.mask._data,)


class AminBackward0(AmaxBackward0):
    __slots__ = ()


def _check_empty_reduction_dims(d, dim, name: str) -> None:
    """PyTorch wraps and checks the dims of an empty input one at a time, in the order given: an empty
    reduced dim is reported before a repeated or out-of-range dim later in the list (amax/amin name
    the dim as it was passed, aminmax the wrapped one)."""
    for given in (dim if isinstance(dim, (tuple, list)) else (dim,)):
        k = _wrap(given, d.ndim)
        if d.shape[k] == 0:
            shown = k if name == "aminmax" else given
            raise IndexError(f"{name}{'' if name == 'aminmax' else '()'}: Expected reduction dim {shown} to have "
                             "non-zero size.")


def _amaxmin_data(x: Tensor, dim, keepdim: bool, is_max: bool, name: str):
    d = _arr(x)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise _complex_unsupported(d, {"amax": "max_values_cpu", "amin": "min_values_cpu"}.get(name, f"{name}_cpu"))
    if d.size == 0 and dim is not None:
        _check_empty_reduction_dims(d, dim, name)
    dims = _all_dims(dim, d.ndim)
    if d.size == 0:
        if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
            if name == "aminmax":
                raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation "
                                   "has no identity.")
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument.")
        for k in dims:
            if d.shape[k] == 0:
                raise IndexError(f"{name}{'' if name == 'aminmax' else '()'}: Expected reduction dim {k} to have "
                                 "non-zero size.")
    _pw.no_bare_uint_kernel(d.dtype, {"amax": "max_values_cpu", "amin": "min_values_cpu"}.get(name, f"{name}_cpu"))
    if d.ndim == 0:
        return d, dims, d.copy()
    fn = np.amax if is_max else np.amin
    return d, dims, fn(d, axis=dims, keepdims=keepdim)


def _amax_node(x, d, dims, keepdim, data, cls):
    node = cls((x,))
    kept = data if keepdim or d.ndim == 0 else np.expand_dims(data, dims)
    mask = d == kept
    node.dims, node.keepdim, node.ndim = dims, keepdim, d.ndim
    node.mask = _c(mask.astype(d.dtype))
    node.count = _c(mask.sum(axis=dims, keepdims=True).astype(d.dtype) if d.ndim else np.asarray(1, d.dtype))
    return node


def _amaxmin_out_dtype(x: Tensor, out) -> None:
    """``amax``/``amin(out=)``: ATen's meta function wants ``out`` of the input's dtype."""
    if isinstance(out, Tensor) and out._data.dtype != x._data.dtype:
        raise RuntimeError(f"Expected the dtype for input and out to match, but got {_tname(x._data)} for input's "
                           f"dtype and {_tname(out._data)} for out's dtype.")


def amax(input: Tensor, dim=(), keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("amax")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('amax', dim, keepdim, axis, keepdims, ())
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("amax", dim, ["dim", "keepdim"], "tuple of ints")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("amax", keepdim)
    x = input
    d, dims, data = _amaxmin_data(x, dim, keepdim, True, "amax")
    if out is not None:
        _amaxmin_out_dtype(x, out)
    node = _amax_node(x, d, dims, keepdim, data, AmaxBackward0) if _needs(x) else None
    return _write_out(out, _amax_result(x, dim, data, node))


def amin(input: Tensor, dim=(), keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("amin")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('amin', dim, keepdim, axis, keepdims, ())
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("amin", dim, ["dim", "keepdim"], "tuple of ints")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("amin", keepdim)
    x = input
    d, dims, data = _amaxmin_data(x, dim, keepdim, False, "amin")
    if out is not None:
        _amaxmin_out_dtype(x, out)
    node = _amax_node(x, d, dims, keepdim, data, AminBackward0) if _needs(x) else None
    return _write_out(out, _amax_result(x, dim, data, node))


def _amax_result(x, dim, data, node):
    """``amax``/``amin``'s result; the node keeps the ``dim`` argument and saves the input and the
    result as PyTorch's does (``grad_fn._saved_dim``, ``_saved_self``, ``_saved_result``)."""
    res = _finish(_scalar_out(data), node)
    if node is not None:
        node.dim_arg = dim
        node.save(x, _saved_output(node, res))
    return res


class AminmaxBackward0(Node):
    __slots__ = ("dims", "keepdim", "ndim", "mask_min", "count_min", "mask_max", "count_max")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gmin, gmax):
        r = None
        if gmin is not None:
            r = (_restore(gmin, self.dims, self.keepdim, self.ndim) / self.count_min) * self.mask_min
        if gmax is not None:
            t = (_restore(gmax, self.dims, self.keepdim, self.ndim) / self.count_max) * self.mask_max
            r = t if r is None else r + t
        return r


def aminmax(input: Tensor, *, dim=None, keepdim: bool = False, out=None, axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.aminmax`` -> ``torch.return_types.aminmax(min, max)``."""
    if out is not None:
        _method_takes_no_out("aminmax")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('aminmax', dim, keepdim, axis, keepdims, None)
    if dim is not None and dim.__class__ is not int and not _is_int_dim(dim):  # (``dim`` is keyword-only)
        from ._argerrors import type_name
        raise TypeError(f"aminmax(): argument 'dim' must be int, not {type_name(dim)}")
    x = input
    d, dims, lo = _amaxmin_data(x, dim, keepdim, False, "aminmax")
    hi = (np.amax(d, axis=dims, keepdims=keepdim) if d.ndim else d.copy())
    node = None
    if _needs(x):
        node = AminmaxBackward0((x,))
        a = _amax_node(x, d, dims, keepdim, lo, AminBackward0)
        b = _amax_node(x, d, dims, keepdim, hi, AmaxBackward0)
        node.dims, node.keepdim, node.ndim = dims, keepdim, d.ndim
        node.mask_min, node.count_min, node.mask_max, node.count_max = a.mask, a.count, b.mask, b.count
    r0 = _finish(_scalar_out(lo), node)
    r1 = _finish(_scalar_out(hi), node)
    r1._out_nr = 1
    res = _RT.aminmax((r0, r1))
    if out is None:
        return res
    for o in out:  # (ATen's meta function: both ``out`` tensors of the input's dtype)
        _check_out_dtype(o, d.dtype)
    for o in out:
        check_out_overlap(o, (), (x,))
    outs = tuple(_write_out(o, r, "aminmax") for o, r in zip(out, res))
    return _RT.make("aminmax_out", res._names)(outs)


# ------------------------------------------------------------ argmax / argmin
def _argext_dim(dim, name: str) -> int:
    """The parser's ``int? dim`` of ``argmax``/``argmin``: NumPy ints and 0-d integer tensors pass, a
    tuple, float or bool is its TypeError."""
    if isinstance(dim, Tensor) and dim._data.ndim == 0 and dim._data.dtype.kind in "iu":
        return int(dim)
    if isinstance(dim, (int, np.integer)) and not isinstance(dim, (bool, np.bool_)):
        return int(dim)
    from ._argerrors import argument_type_error
    raise argument_type_error(name, ["dim", "keepdim"], "dim", "int", dim)


def _argext(x: Tensor, dim, keepdim: bool, is_max: bool, name: str) -> Tensor:
    d = _arr(x)
    if dim is not None and dim.__class__ is not int:
        dim = _argext_dim(dim, name)
    if dim is None:
        if d.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        _pw.no_bare_uint_kernel(d.dtype, f"{name}_cpu")
        r = np.asarray(_arg_extreme(d.reshape(-1), 0, is_max), dtype=np.int64)
        if keepdim:
            return _make(r.reshape((1,) * d.ndim))
        return _make(r[()])
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0:
        return _make(np.int64(0))
    if d.shape[dd] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dd} to have non-zero size.")
    _pw.no_bare_uint_kernel(d.dtype, f"{name}_cpu")
    r = _arg_extreme(d, dd, is_max).astype(np.int64)
    if keepdim:
        r = np.expand_dims(r, dd)
    return _make(_scalar_out(r))


def argmax(input: Tensor, dim=None, keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("argmax")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('argmax', dim, keepdim, axis, keepdims, None)
    if keepdim.__class__ is not bool:
        _red.check_keepdim("argmax", keepdim)
    if _arr(input).dtype.__class__ in BOOL_OR_COMPLEX_DTYPES:
        k = _arr(input).dtype.kind
        raise RuntimeError(f"argmax(): does not support {'bool' if k == 'b' else 'complex'} input")
    res = _argext(input, dim, keepdim, True, "argmax")
    if isinstance(out, Tensor):  # ``resize_reduction(..., kLong)``: the indices are written only into an int64 ``out``
        _check_out_dtype(out, np.dtype(np.int64))
    return _write_out(out, res)


def argmin(input: Tensor, dim=None, keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("argmin")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('argmin', dim, keepdim, axis, keepdims, None)
    if keepdim.__class__ is not bool:
        _red.check_keepdim("argmin", keepdim)
    if _arr(input).dtype.__class__ in BOOL_OR_COMPLEX_DTYPES:
        k = _arr(input).dtype.kind
        raise RuntimeError(f"argmin(): does not support {'bool' if k == 'b' else 'complex'} input")
    res = _argext(input, dim, keepdim, False, "argmin")
    if isinstance(out, Tensor):  # ``resize_reduction(..., kLong)``: the indices are written only into an int64 ``out``
        _check_out_dtype(out, np.dtype(np.int64))
    return _write_out(out, res)


# ------------------------------------------------------------- var / std
_VAR_SIGNATURES = ("Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False",
                   "Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False",
                   "Tensor input, bool unbiased = True")


def _both_unbiased_and_correction(name: str, input, dim, unbiased, keepdim, correction):
    """PyTorch's parser error for ``unbiased`` and ``correction`` given together (no overload takes both)."""
    from ._argerrors import parser_error
    sigs = _VAR_SIGNATURES
    if name in ("var", "std"):
        sigs = (sigs[0] + ", *, Tensor out = None", sigs[1] + ", Tensor out = None", sigs[2])
    values = {"dim": dim, "unbiased": unbiased, "keepdim": keepdim, "correction": correction}
    err = parser_error(name, sigs, input, ["dim", "unbiased", "keepdim"], values, None, "")
    return err if err is not None else RuntimeError("Cannot specify both unbiased and correction")


def _var_dim_error(name: str, input, dim, unbiased, keepdim, correction):
    """PyTorch's parser error for a ``var``/``std`` ``dim`` that is not ints."""
    from ._argerrors import parser_error
    sigs = _VAR_SIGNATURES
    if name in ("var", "std"):
        sigs = (sigs[0] + ", *, Tensor out = None", sigs[1] + ", Tensor out = None", sigs[2])
    values = {"dim": dim, "unbiased": unbiased, "keepdim": keepdim, "correction": correction}
    return parser_error(name, sigs, input, ["dim", "unbiased", "keepdim"], values, None, "")


def _var_args(dim, unbiased, keepdim, correction, name: str = "var", input=None):
    if isinstance(dim, bool):  # var(unbiased)
        unbiased, dim = dim, None
    if keepdim.__class__ is not bool or (unbiased is not None and unbiased.__class__ is not bool):
        # (``x.std(1, keepdim=1)``: PyTorch's parser matches no overload)
        err = _var_dim_error(name, input, dim, unbiased, keepdim, correction)
        if err is not None:
            raise err
    elif dim is not None and dim.__class__ is not int and not _is_int_dim(dim):
        if isinstance(dim, (tuple, list)):
            _check_int_dim(name, dim, ["dim", "unbiased", "keepdim"], "tuple of ints")
        else:
            err = _var_dim_error(name, input, dim, unbiased, keepdim, correction)
            if err is not None:
                raise err
    if correction is None:
        correction = 1 if unbiased is None else (1 if unbiased else 0)
    elif unbiased is not None:
        raise _both_unbiased_and_correction(name, input, dim, unbiased, keepdim, correction)
    return dim, keepdim, correction


_WELFORD_MAX = 256  # reduced lengths replayed element by element (each step is a few NumPy passes)


def _welford_applies(d, dims, n: int) -> bool:
    """Whether ``_welford`` replays PyTorch here: float64 over one dim of at most ``_WELFORD_MAX``
    (float32/float16 accumulate in double, where two passes round to the same result)."""
    return d.__class__ is np.ndarray and d.dtype == np.float64 and len(dims) == 1 and 0 < n <= _WELFORD_MAX \
        and d.ndim > 0


def _all_sum_applies(d, n: int) -> bool:
    """Whether ``_var_all_sum`` replays PyTorch: a float32/float64 reduction to one value within one grain."""
    return d.__class__ is np.ndarray and (d.dtype == np.float64 or d.dtype == np.float32) and d.ndim > 0 \
        and n == d.size and 1 < n <= _cascade.GRAIN


def _var_all_sum(d: np.ndarray, dims: tuple, keepdim: bool):
    """``(sum of squared deviations, mean)`` as ATen's ``std_var_all_cpu``: the mean is ``mean()`` in the
    input's dtype (the cascade sum over the count: a float32 sum may overflow to inf), read as a double;
    then ``(x - mean)**2`` is summed in double one element after another."""
    mean = _cascade.faithful_sum(d, tuple(range(d.ndim)), True) / d.dtype.type(d.size)
    with np.errstate(invalid="ignore", over="ignore"):
        dx = d.reshape(-1).astype(np.float64) - np.float64(mean.reshape(()))
    sq = dx * dx
    # ATen adds the squares one after another; for a float32 input the double sum's last bits vanish in the
    # rounding to float32, so NumPy's (several times faster) pairwise sum gives the same result
    ss = np.cumsum(sq)[-1] if d.dtype == np.float64 else sq.sum()
    # (every kept dim has size 1: ATen fills the output, of the reduction's shape, with the one value)
    shape = tuple(1 if k in dims else n for k, n in enumerate(d.shape) if keepdim or k not in dims)
    return np.reshape(ss, shape), mean


def _welford(d: np.ndarray, ax: int, keepdim: bool):
    """``(m2, mean)`` over axis ``ax`` by ATen's sequential ``WelfordOps``: for each element in turn
    ``mean += (x - mean) / k`` and ``m2 += (x - mean_old) * (x - mean_new)``."""
    rows = np.moveaxis(d, ax, 0)
    mean = np.zeros(rows.shape[1:])
    m2 = np.zeros(rows.shape[1:])
    for k in range(rows.shape[0]):
        delta = rows[k] - mean
        mean = mean + delta / (k + 1)
        m2 = m2 + delta * (rows[k] - mean)
    return (np.expand_dims(m2, ax) if keepdim else m2), np.expand_dims(mean, ax)


_DOF_WARN_SITE = "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)"


def _var_of_empty(d: np.ndarray, dims: tuple, n: int, dof, keepdim: bool, sqrt: bool):
    """``_var_core``'s result for an empty input: PyTorch gives NaN (or an empty result) silently,
    where NumPy would warn about the empty slice."""
    rdt = d.real.dtype if d.dtype.kind == "c" else d.dtype
    shape = [1 if (k in dims or not d.ndim) else s for k, s in enumerate(d.shape)]
    mean = np.full(shape, np.nan, dtype=d.dtype)
    var = np.full(shape, np.nan, dtype=rdt)
    if not keepdim and d.ndim:
        mean, var = np.squeeze(mean, dims), np.squeeze(var, dims)
    return d, dims, n, var, mean


def _complex_var_core(d, dim, correction, keepdim: bool, name: str, sqrt: bool):
    """ATen's complex ``var``/``std``/``var_mean``: the real and imaginary parts' variances (each a real
    reduction, warning on its own), added in the real dtype, then the square root; the mean is
    ``complex(mean(real), mean(imag))``."""
    _, dims, n, var_re, mean_re = _var_core(_make(np.ascontiguousarray(d.real)), dim, correction, keepdim, name)
    _, _, _, var_im, mean_im = _var_core(_make(np.ascontiguousarray(d.imag)), dim, correction, keepdim, name)
    var = var_re + var_im
    if sqrt:
        var = np.sqrt(var)
    mean = np.empty(mean_re.shape, d.dtype)
    mean.real, mean.imag = mean_re, mean_im
    return d, dims, n, np.asarray(var, order="C"), mean


def _var_core(x: Tensor, dim, correction, keepdim: bool, name: str, sqrt: bool = False):
    """``(d, dims, n, var, mean)`` with the variance accumulated in double (float32/float16 inputs,
    as ATen's ``std_var_kernel``); ``sqrt``: the standard deviation instead, its square root taken
    in double too before the one rounding."""
    d = _arr(x)
    if d.dtype.kind not in "fc":
        who = name if name in ("std_mean", "var_mean") else "std and var"
        raise RuntimeError(f"{who} only support floating point and complex dtypes")
    if d.dtype.kind == "c" and d.size:
        return _complex_var_core(d, dim, correction, keepdim, name, sqrt)
    dims = _all_dims(dim, d.ndim)
    n = 1
    for k in dims:
        n *= d.shape[k] if d.ndim else 1
    dof = n - correction
    # PyTorch's reduction factor is numel(input) / numel(output): 0 for any empty input
    if (dof if d.size else -correction) <= 0:
        _warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
                       "reduction factor (input numel divided by output numel). " + _DOF_WARN_SITE,
                       UserWarning, stacklevel=_user_stacklevel())
    acc = d.astype(np.float64) if d.dtype == np.float32 or d.dtype == np.float16 else d
    ax = dims if d.ndim else None
    if not d.size:
        with np.errstate(invalid="ignore", divide="ignore"):
            return _var_of_empty(d, dims, n, dof, keepdim, sqrt)
    if _welford_applies(d, dims, n):
        ss, m = _welford(d, dims[0], keepdim)
    elif _all_sum_applies(d, n) and name in ("var", "std"):
        ss, m = _var_all_sum(d, dims, keepdim)
    else:
        total = acc.sum(axis=ax, keepdims=True) if d.ndim else acc
        m = total / n if n else total * np.nan
        diff = acc - m
        sq = (diff * np.conj(diff)).real
        ss = sq.sum(axis=ax, keepdims=keepdim) if d.ndim else sq
    var = ss / dof if dof > 0 else ss / 0.0
    if sqrt:
        var = np.sqrt(var)
    rdt = d.real.dtype if d.dtype.kind == "c" else d.dtype
    mean = m if keepdim or not d.ndim else np.squeeze(m, dims)
    # (contiguous results, as ATen's reductions write them)
    return d, dims, n, np.asarray(var).astype(rdt, order="C"), np.asarray(mean).astype(d.dtype, order="C")


def _var_backward(g, x, dims, keepdim, ndim, n, correction):
    g = _restore(g, dims, keepdim, ndim)
    dof = n - correction
    if dof <= 0 and (ndim == 0 or len(dims) == ndim):
        # ATen's var_backward over all elements: grad * (x == mean ? nan : inf)
        from .pointwise import where
        return g * where(x == (x.mean() if ndim else x), _math.nan, _math.inf)
    scale = 2.0 / dof if dof != 0 else _math.inf
    if ndim == 0:
        return g * scale * (x - x)
    return (g * scale) * (x - x.mean(dims, keepdim=True))


def _var_saved_args(dim, unbiased, correction) -> tuple:
    """``(dim, correction)`` as PyTorch's VarBackward0/StdBackward0 save them (``grad_fn._saved_dim``,
    ``_saved_correction``): the ``dim`` argument as given, and the correction of the overload the
    call matches: ``correction`` as given, ``1``/``0`` from ``unbiased`` or a ``dim`` (the
    ``dim, unbiased=True`` overload), ``None`` for a bare ``x.var()``."""
    if isinstance(dim, bool):  # var(unbiased)
        dim, unbiased = None, dim
    if correction is not None:
        return dim, correction
    if unbiased is not None:
        return dim, 1 if unbiased else 0
    return dim, (None if dim is None else 1)


class VarBackward0(Node):
    # ``args``: :func:`_var_saved_args`
    __slots__ = ("dims", "keepdim", "ndim", "n", "correction", "args")

    def backward(self, g):
        (x,) = self.saved()
        return _var_backward(g, x, self.dims, self.keepdim, self.ndim, self.n, self.correction)


class StdBackward0(Node):
    __slots__ = ("dims", "keepdim", "ndim", "n", "correction", "args")  # (``args``: :func:`_var_saved_args`)

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        gv = (g / (r * 2)).masked_fill(_c(_arr(r) == 0), 0)
        return _var_backward(gv, x, self.dims, self.keepdim, self.ndim, self.n, self.correction)


def _var_method_no_out(name: str, x, dim, unbiased, keepdim, correction, out) -> None:
    """``x.var(0, out=o)``/``x.std(...)``: the parser's error (no method overload takes ``out``)."""
    values = {"dim": dim, "unbiased": unbiased, "keepdim": keepdim, "correction": correction, "out": out}
    _method_takes_no_out(name, _VAR_SIGNATURES, x, list(values), values)


def var(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    """``torch.var`` (``unbiased`` or ``correction``; ``dim`` int/tuple/None)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('var', dim, keepdim, axis, keepdims, None)
    x = input
    if out is not None:
        _var_method_no_out("var", x, dim, unbiased, keepdim, correction, out)
    args = _var_saved_args(dim, unbiased, correction)
    dim, keepdim, correction = _var_args(dim, unbiased, keepdim, correction, "var", x)
    d, dims, n, v, _ = _var_core(x, dim, correction, keepdim, "var")
    node = None
    if _needs(x):
        node = VarBackward0((x,))
        node.dims, node.keepdim, node.ndim, node.n, node.correction = dims, keepdim, d.ndim, n, correction
        node.args = args
        node.save(x)
    return _write_out(out, _finish(_scalar_out(v), node))


def std(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    """``torch.std`` (``unbiased`` or ``correction``; ``dim`` int/tuple/None)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('std', dim, keepdim, axis, keepdims, None)
    x = input
    if out is not None:
        _var_method_no_out("std", x, dim, unbiased, keepdim, correction, out)
    args = _var_saved_args(dim, unbiased, correction)
    dim, keepdim, correction = _var_args(dim, unbiased, keepdim, correction, "std", x)
    d, dims, n, s, _ = _var_core(x, dim, correction, keepdim, "std", sqrt=True)
    node = None
    if _needs(x):
        node = StdBackward0((x,))
        node.dims, node.keepdim, node.ndim, node.n, node.correction = dims, keepdim, d.ndim, n, correction
        node.args = args
    res = _finish(_scalar_out(s), node)
    if node is not None:
        node.save(x, _saved_output(node, res))
    return _write_out(out, res)


class VarMeanBackward0(Node):
    __slots__ = ("dims", "keepdim", "ndim", "n", "correction")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gv, gm):
        (x,) = self.saved()
        r = None
        if gv is not None:
            r = _var_backward(gv, x, self.dims, self.keepdim, self.ndim, self.n, self.correction)
        if gm is not None:
            t = _restore(gm, self.dims, self.keepdim, self.ndim).expand(x._data.shape) / self.n
            r = t if r is None else r + t
        return r


class StdMeanBackward0(VarMeanBackward0):
    __slots__ = ()

    def backward(self, gs, gm):
        x, s = self.saved()
        r = None
        if gs is not None:
            s = _unpack_output(self, s)
            gv = (gs / (s * 2)).masked_fill(_c(_arr(s) == 0), 0)
            r = _var_backward(gv, x, self.dims, self.keepdim, self.ndim, self.n, self.correction)
        if gm is not None:
            t = _restore(gm, self.dims, self.keepdim, self.ndim).expand(x._data.shape) / self.n
            r = t if r is None else r + t
        return r


def _var_mean(x, dim, unbiased, keepdim, correction, is_std):
    name = "std_mean" if is_std else "var_mean"
    dim, keepdim, correction = _var_args(dim, unbiased, keepdim, correction, name, x)
    d, dims, n, v, m = _var_core(x, dim, correction, keepdim, name, sqrt=is_std)
    node = None
    if _needs(x):
        node = (StdMeanBackward0 if is_std else VarMeanBackward0)((x,))
        node.dims, node.keepdim, node.ndim, node.n, node.correction = dims, keepdim, d.ndim, n, correction
    r0 = _finish(_scalar_out(v), node)
    r1 = _finish(_scalar_out(m), node)
    r1._out_nr = 1
    if node is not None:
        node.save(x, _saved_output(node, r0)) if is_std else node.save(x)
    return r0, r1


def _var_mean_out_error(name: str, x, dim, unbiased, keepdim, correction, out) -> TypeError:
    """``var_mean``/``std_mean`` have no ``out=`` overload: PyTorch's "invalid combination of arguments"."""
    from ._argerrors import format_overload_error, parser_error
    values = {"dim": dim, "unbiased": unbiased, "keepdim": keepdim, "correction": correction, "out": out}
    err = parser_error(name, _VAR_SIGNATURES, x, ("dim", "unbiased", "keepdim"), values, None, "")
    if err is not None:
        return err
    return TypeError(format_overload_error(name, _VAR_SIGNATURES, [x], [("out", out)]))


def var_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None, out=None,
             axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.var_mean`` -> ``(var, mean)`` (a plain tuple, as in PyTorch)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('var_mean', dim, keepdim, axis, keepdims, None)
    if out is not None:
        raise _var_mean_out_error("var_mean", input, dim, unbiased, keepdim, correction, out)
    return _var_mean(input, dim, unbiased, keepdim, correction, False)


def std_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None, out=None,
             axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.std_mean`` -> ``(std, mean)``."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('std_mean', dim, keepdim, axis, keepdims, None)
    if out is not None:
        raise _var_mean_out_error("std_mean", input, dim, unbiased, keepdim, correction, out)
    return _var_mean(input, dim, unbiased, keepdim, correction, True)


# --------------------------------------------------------------------- norm
def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, out=None, dtype=None) -> Tensor:
    """``torch.norm`` / ``Tensor.norm``: dispatches to ``linalg.vector_norm`` / ``matrix_norm`` like PyTorch."""
    from . import linalg as _la
    _dim = [dim] if isinstance(dim, int) else dim
    if out is not None:
        res = norm(input, p, dim, keepdim, dtype=dtype)
        _check_out_dtype(out, res._data.dtype)
        return _write_out(out, res, "linalg_matrix_norm" if p == "nuc" else "linalg_vector_norm")
    if isinstance(p, str):
        if p not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
        if p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2):
            return _write_out(out, _la._vector_norm(input, 2, _dim, keepdim, dtype=dtype))
        if _dim is None:
            _dim = list(range(input._data.ndim))
        return _write_out(out, _la._matrix_norm(input, p, _dim, keepdim, dtype=dtype))
    _p = 2.0 if p is None else p
    return _write_out(out, _la._vector_norm(input, _p, _dim, keepdim, dtype=dtype))


# ---------------------------------------------------------------- logsumexp
class LogsumexpBackward0(Node):
    __slots__ = ("dims", "keepdim", "ndim", "dim_arg")  # (``dim_arg``: the ``dim`` argument, ``_saved_dim``)

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        g = _restore(g, self.dims, self.keepdim, self.ndim)
        r = _restore(r, self.dims, self.keepdim, self.ndim)
        return g * (x - r).exp()

    def vjp(self, g):
        x, r = self.saved()
        r = r._data
        if not self.keepdim and self.ndim:
            g, r = np.expand_dims(g, self.dims), np.expand_dims(r, self.dims)
        return (g * _exp_like_aten(x._data - r, _EXACT_EXP_SOFTMAX),)


def _logsumexp_empty_dims_error(d) -> None:
    """PyTorch 2.13's ``logsumexp(x, dim=())`` of a non-empty N-d tensor without ``keepdim``: ``amax``
    keeps every dim (``[1, ..., 1]``), ``squeeze_multiple`` over no dims keeps them, and adding that
    in place to the 0-d sum fails."""
    raise RuntimeError(f"output with shape [] doesn't match the broadcast shape {[1] * d.ndim}")


def _extra_positional_error(name: str, min_args: int, max_pos: int, n_given: int) -> TypeError:
    """PyTorch's parser error for more positional arguments than ``name`` takes (``cumsum(x, 0, True)``:
    ``cumsum() takes 2 positional arguments but 3 were given``); the ``Tensor`` method counts one
    fewer on each side (no ``input``).  ``n_given``: the function form's count."""
    from ._argerrors import positional_count_error, user_call_site
    site = user_call_site(name)
    if site is not None and site[0]:
        return positional_count_error(name, min_args - 1, max_pos - 1, n_given - 1)
    return positional_count_error(name, min_args, max_pos, n_given)


def logsumexp(input: Tensor, dim=_REQUIRED, keepdim: bool = False, *extra, out=None, axis=NP_UNSET,
              keepdims=NP_UNSET) -> Tensor:
    """``torch.logsumexp`` (numerically stable; integer inputs give float)."""
    if extra:
        raise _extra_positional_error("logsumexp", 2, 3, 3 + len(extra))
    if out is not None:
        _method_takes_no_out("logsumexp")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('logsumexp', dim, keepdim, axis, keepdims, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("logsumexp", dim, ["dim", "keepdim"], "tuple of ints", allow_none=False)
    if keepdim.__class__ is not bool:
        _red.check_keepdim("logsumexp", keepdim)
    if dim is _REQUIRED:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    x = input
    d = _arr(x)
    if d.dtype.kind not in "fc":
        d = d.astype(D._default.value.np)
    dims = _all_dims(dim, d.ndim)
    if d.ndim == 0 and d.dtype.kind == "c":  # (``log(exp(x - max)) + max``: the imaginary part wraps)
        m = d.real if np.isfinite(d.real) else d.real.dtype.type(0)
        with np.errstate(all="ignore"):
            data = np.log(np.exp(d - m)) + m
    elif d.ndim == 0:
        data = d.copy()
    elif d.size == 0:
        with np.errstate(divide="ignore"):
            data = np.log(np.sum(np.exp(d), axis=dims, keepdims=keepdim))
    else:
        if not keepdim and isinstance(dim, (tuple, list)) and not dim:
            _logsumexp_empty_dims_error(d)
        # ATen: sum(exp(x - amax)) in its cascade order, log, plus the max (infinite ones as 0)
        m = np.amax(d.real if d.dtype.kind == "c" else d, axis=dims, keepdims=True)  # (complex: the real parts')
        m = np.where(np.isfinite(m), m, 0).astype(d.dtype)
        e = _exp_like_aten(d - m, _EXACT_EXP_SOFTMAX)
        s = _cascade.faithful_sum(e, tuple(dims), True)
        if s is None and e.dtype == np.float16:  # ATen's sum: float32 accumulation
            s = _red._sum_half(e, tuple(dims), True)
        if s is None:
            s = np.sum(e, axis=dims, keepdims=True)
        with np.errstate(divide="ignore"):
            data = (np.log(s, dtype=np.float64).astype(d.dtype) if d.dtype == np.float32 else np.log(s)) + m
        if not keepdim:
            data = np.squeeze(data, dims)
    data = np.asarray(data, dtype=d.dtype)
    node = None
    if _needs(x) and x._data.dtype.kind in "fc":
        node = LogsumexpBackward0((x,))
        node.dims, node.keepdim, node.ndim, node.dim_arg = dims, keepdim, d.ndim, dim
    res = _finish(_scalar_out(data), node)
    if node is not None:
        node.save(x, _saved_output(node, res))
    return _write_out(out, res)


# ------------------------------------------------------------ cumsum/cumprod
def _scan_dtype(d, dtype):
    if dtype is not None:
        return dtype.np
    if d.dtype.kind in "biu":
        return np.dtype(np.int64)
    return d.dtype


class CumsumBackward0(Node):
    __slots__ = ("dim", "dim_arg")  # (``dim_arg``: a negative ``dim`` as given, ``grad_fn._saved_dim``)

    def backward(self, g):
        if g._data.ndim == 0:
            return g
        return _rev_cumsum(g, self.dim)

    def vjp(self, g):
        if np.ndim(g) == 0:
            return (g,)
        d = self.dim
        dt = g.dtype
        if dt.kind == "f" and dt.itemsize < 8:  # reversed_cumsum is a cumsum: double accumulation, as the forward
            return (np.flip(np.cumsum(np.flip(g, d), axis=d, dtype=np.float64), d).astype(dt),)
        return (np.flip(np.cumsum(np.flip(g, d), axis=d), d),)


def _scan_out_dtype(dtype, out):
    """``cumsum``/``cumprod`` with ``out=``: ATen's ``meta_func_cum_ops`` scans in ``dtype`` or else in
    ``out``'s dtype (the input cast to it first), and ``out`` must then have exactly that dtype."""
    if not isinstance(out, Tensor):
        return dtype
    od = out._data.dtype
    if dtype is None:
        return D.from_numpy_dtype(od)
    if dtype.np != od:
        from ._common import cpp_type_name
        raise RuntimeError(f"Expected out tensor to have dtype {cpp_type_name(dtype.np)}, but got "
                           f"{cpp_type_name(od)} instead")
    return dtype


def _scan(x: Tensor, dim, dtype, np_scan, name: str):
    """Shared forward of cumsum/cumprod: float32 accumulates in double like PyTorch's CPU kernel."""
    if dim is _REQUIRED:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    d = _arr(x)
    dd = _wrap(dim, d.ndim)
    odt = _scan_dtype(d, dtype)
    if odt == np.bool_ and d.ndim and d.size:  # (a 0-d or empty input is ``fill_``/``zero_``, no kernel)
        raise NotImplementedError(f'"{name}_out_cpu" not implemented for \'Bool\'')
    if d.dtype.kind == "c" and odt.kind != "c":  # ATen casts ``self`` to the result dtype first (``Copy.cpp``)
        from .convert import _warn_complex_to_real
        _warn_complex_to_real()
        d = d.real
    if odt.kind not in "fc" and _needs(x):
        raise RuntimeError(f"Autograd not support dtype: {_tname(np.empty(0, odt))}")
    if d.ndim == 0:
        data = d.astype(odt)
    elif odt.kind == "f" and odt.itemsize < 8:
        data = np_scan(d, axis=dd, dtype=np.float64).astype(odt)
    else:
        data = np_scan(d, axis=dd, dtype=odt)
    if data.__class__ is np.ndarray and not data.flags.c_contiguous:  # ATen's scans write a contiguous result
        data = np.ascontiguousarray(data)
    return d, dd, odt, data


def cumsum(input: Tensor, dim=_REQUIRED, *extra, dtype=None, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.cumsum`` (float32 accumulates in double like PyTorch's CPU kernel)."""
    if extra:
        raise _extra_positional_error("cumsum", 2, 2, 2 + len(extra))
    if out is not None:
        _method_takes_no_out("cumsum")
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('cumsum', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("cumsum", dim, ["dim"], "int", allow_none=False)
    x = input
    if out is not None:
        dtype = _scan_out_dtype(dtype, out)
    d, dd, odt, data = _scan(x, dim, dtype, np.cumsum, "cumsum")
    node = None
    if _needs(x) and odt.kind in "fc":
        node = CumsumBackward0((x,))
        node.dim = dd
        if dim < 0:
            node.dim_arg = dim
    if out is not None:
        check_out_overlap(out, (), (x,))
    return _write_out(out, _finish(_scalar_out(data), node))


class CumprodBackward0(Node):
    __slots__ = ("dim", "dim_arg")  # (``dim_arg``: as CumsumBackward0's)

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        dim = self.dim
        xd = _arr(x)
        if xd.size <= 1 or xd.ndim == 0:
            return g
        zero = xd == 0
        if not zero.any():
            return _rev_cumsum(g * r, dim) / x
        if _GRAD.enabled:
            return _cumprod_backward_n2(g, x, dim)
        seen = np.cumsum(zero, axis=dim)
        first = zero & (seen == 1)
        t1 = _rev_cumsum(g * r, dim) / _pw.where(_c(zero), 1.0, x)
        xp = _pw.where(_c(first), 1.0, x)
        t2 = _rev_cumsum(g * cumprod(xp, dim), dim)
        # before the first zero: t1; at it: t2; after it: exact +0 (PyTorch zero-fills that part)
        return _pw.where(_c(seen == 0), t1, _pw.where(_c(first), t2, 0.0))


def _cumprod_backward_n2(g: Tensor, x: Tensor, dim: int) -> Tensor:
    """PyTorch's O(n^2) cumprod backward for an input with zeros when a second derivative may be
    taken (``cumprod_backward`` in FunctionsManual.cpp), op for op: slice ``k`` of the gradient is
    ``sum(grad[k:] * omitted_products)``, copied into a zero tensor (a ``CopySlices`` graph)."""
    from .creation import ones, zeros
    from .shape_ext import cat
    n = x._data.shape[dim]
    ones_size = list(x._data.shape)
    ones_size[dim] = 1
    one = ones(1, dtype=g.dtype).expand(ones_size)
    grad_input = zeros(x._data.shape, dtype=g.dtype)
    for k in range(n):
        if k == 0:
            omitted = cat([one, cumprod(x.narrow(dim, 1, n - 1), dim)], dim)
        elif k == n - 1:
            omitted = prod(x.narrow(dim, 0, k), dim, True)
        else:
            until_k = prod(x.narrow(dim, 0, k), dim, True)
            from_k1 = cumprod(x.narrow(dim, k + 1, n - k - 1), dim)
            omitted = cat([until_k, until_k.expand_as(from_k1) * from_k1], dim)
        grad_slice = _red.sum(g.narrow(dim, k, n - k) * omitted, dim)
        grad_input.select(dim, k).copy_(grad_slice)
    return grad_input


def cumprod(input: Tensor, dim=_REQUIRED, *extra, dtype=None, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.cumprod``; the backward is exact with zeros in the input."""
    if extra:
        raise _extra_positional_error("cumprod", 2, 2, 2 + len(extra))
    if out is not None:
        _method_takes_no_out("cumprod")
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('cumprod', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("cumprod", dim, ["dim"], "int", allow_none=False)
    x = input
    if out is not None:
        dtype = _scan_out_dtype(dtype, out)
    d, dd, odt, data = _scan(x, dim, dtype, np.cumprod, "cumprod")
    node = None
    if _needs(x) and odt.kind in "fc":
        node = CumprodBackward0((x,))
        node.dim = dd
        if dim < 0:
            node.dim_arg = dim
    res = _finish(_scalar_out(data), node)
    if node is not None:
        xs = x if d.dtype == odt else _make(d.astype(odt))
        node.save(xs, _saved_output(node, res))
    if out is not None:
        check_out_overlap(out, (), (x,))
    return _write_out(out, res)


class CummaxBackward0(Node):
    __slots__ = ("dim", "idx", "dim_arg")  # (``dim_arg``: a negative ``dim`` as given, ``grad_fn._saved_dim``)

    def backward(self, g):
        if g._data.ndim == 0:
            return g
        return _scatter_add(g, self.dim, self.idx, g._data.shape, False)


class CumminBackward0(CummaxBackward0):
    __slots__ = ()


def _cum_ext(x: Tensor, dim, is_max: bool):
    d = _arr(x)
    if d.ndim == 0 and dim not in (0, -1):
        name = "cummax" if is_max else "cummin"
        raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    if d.size == 0 and not -d.ndim <= dim < d.ndim:  # PyTorch returns empty results unchecked
        dim = 0
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0 or d.size == 0:
        vals, idx = d.copy(), np.zeros(d.shape, np.int64)
    else:
        _pw.no_bare_uint_kernel(d.dtype, "cummax_cpu" if is_max else "cummin_cpu")
        a = np.moveaxis(d, dd, -1)
        vals = np.empty_like(a)
        idx = np.empty(a.shape, np.int64)
        cur = a[..., 0].copy()
        ci = np.zeros(cur.shape, np.int64)
        vals[..., 0], idx[..., 0] = cur, 0
        isf = a.dtype.kind in "fc"
        for i in range(1, a.shape[-1]):
            v = a[..., i]
            take = (v >= cur) if is_max else (v <= cur)
            if isf:
                take = np.isnan(v) | (take & ~np.isnan(cur))  # ATen: isnan(x) || (!isnan(out) && op(x, out))
            cur = np.where(take, v, cur)
            ci = np.where(take, i, ci)
            vals[..., i], idx[..., i] = cur, ci
        vals, idx = np.moveaxis(vals, -1, dd), np.moveaxis(idx, -1, dd)
    vals, idx = np.array(vals, order="C"), np.array(idx, order="C")
    node = None
    if _needs(x):
        node = (CummaxBackward0 if is_max else CumminBackward0)((x,))
        node.dim, node.idx = dd, idx
        node.save(x)  # (as PyTorch's: ``grad_fn._saved_self``)
        if dim < 0:
            node.dim_arg = dim
    v = _finish(_scalar_out(vals), node)
    return (_RT.cummax if is_max else _RT.cummin)((v, _make(_scalar_out(idx))))


def _cum_ext_out(input: Tensor, dim, is_max: bool, out):
    """``torch.cummax(x, dim, out=(values, indices))``: ATen's scalar-type checks of both ``out``
    tensors (values of the input's dtype, Long indices), then the results copied in."""
    name = "cummax" if is_max else "cummin"
    want = (_arr(input).dtype, np.dtype(np.int64))
    for o, w in zip(out, want):
        if isinstance(o, Tensor) and o._data.dtype != w:
            raise RuntimeError(f"expected scalar_type {_tname(np.empty(0, w))} but found {_tname(o._data)}")
    res = _cum_ext(input, dim, is_max)
    outs = tuple(_write_out(o, r, name) for o, r in zip(out, res))
    return _RT.make(name + "_out", res._names)(outs)


def cummax(input: Tensor, dim=_REQUIRED, *extra, out=None, axis=NP_UNSET):
    if extra:
        raise _extra_positional_error("cummax", 2, 2, 2 + len(extra))
    if out is not None:
        _method_takes_no_out("cummax")
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('cummax', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("cummax", dim, ["dim"], "int", allow_none=False)
    if dim is _REQUIRED:
        raise TypeError('cummax() missing 1 required positional arguments: "dim"')
    if _arr(input).dtype.__class__ in COMPLEX_DTYPES:
        raise _complex_unsupported(_arr(input), "cummax_cpu")
    if out is not None:
        return _cum_ext_out(input, dim, True, out)
    return _cum_ext(input, dim, True)


def cummin(input: Tensor, dim=_REQUIRED, *extra, out=None, axis=NP_UNSET):
    if extra:
        raise _extra_positional_error("cummin", 2, 2, 2 + len(extra))
    if out is not None:
        _method_takes_no_out("cummin")
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('cummin', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("cummin", dim, ["dim"], "int", allow_none=False)
    if dim is _REQUIRED:
        raise TypeError('cummin() missing 1 required positional arguments: "dim"')
    if _arr(input).dtype.__class__ in COMPLEX_DTYPES:
        raise _complex_unsupported(_arr(input), "cummin_cpu")
    if out is not None:
        return _cum_ext_out(input, dim, False, out)
    return _cum_ext(input, dim, False)


class LogcumsumexpBackward0(Node):
    __slots__ = ("dim",)

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        if x._data.ndim == 0:  # logcumsumexp of a scalar is the scalar itself
            return g
        return _logcumsumexp_grad(g, x, r, self.dim)


def _logcumsumexp_grad(g: Tensor, x: Tensor, r: Tensor, dim: int) -> Tensor:
    """``d/dx_i = sum_{j>=i} g_j exp(x_i - r_j)`` summed in log space, as PyTorch does, so that large
    inputs neither overflow ``exp(x)`` nor ``exp(-r)``: the positive and the negative parts of ``g``
    each go through a reversed ``logcumsumexp`` (entries of the other sign get the lowest finite
    value, contributing nothing)."""
    from .pointwise import where
    lowest = float(np.finfo(g._data.dtype).min)
    log_abs = g.abs().log()
    log_pos = where(g > 0, log_abs, lowest)
    log_neg = where(g < 0, log_abs, lowest)

    def reversed_lcse(t):
        return t.flip(dim).logcumsumexp(dim).flip(dim)

    return (reversed_lcse(log_pos - r) + x).exp() - (reversed_lcse(log_neg - r) + x).exp()


def _complex_logcumsumexp(d: np.ndarray, dim: int) -> np.ndarray:
    """ATen's complex ``logcumsumexp``: ``acc = max + log1p(exp(min - max))`` step by step, ``min``/``max``
    ordered by real part (an infinite or NaN ``min`` passes ``max`` through)."""
    x = np.moveaxis(d.astype(np.complex128), dim, 0)
    out = np.empty_like(x)
    acc = x[0]
    out[0] = acc
    with np.errstate(all="ignore"):
        for i in range(1, x.shape[0]):
            y = x[i]
            swap = acc.real < y.real
            mn, mx = np.where(swap, acc, y), np.where(swap, y, acc)
            finite = np.isfinite(mn.real) & np.isfinite(mx.real)
            acc = np.where(finite, mx + np.log1p(np.exp(mn - mx)), np.where(np.isnan(mn), mn, mx))
            out[i] = acc
    return np.moveaxis(out, 0, dim).astype(d.dtype)


def logcumsumexp(input: Tensor, dim=_REQUIRED, *extra, out=None, axis=NP_UNSET) -> Tensor:
    if extra:
        raise _extra_positional_error("logcumsumexp", 2, 2, 2 + len(extra))
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('logcumsumexp', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("logcumsumexp", dim, ["dim"], "int", allow_none=False)
    if dim is _REQUIRED:
        raise TypeError('logcumsumexp() missing 1 required positional arguments: "dim"')
    x = input
    d = _arr(x)
    dd = _wrap(dim, d.ndim)  # the dim is checked before the dtype, as in PyTorch
    if d.dtype.kind not in "fc":  # ATen has no integer/bool logcumsumexp kernel
        raise NotImplementedError(f'"logcumsumexp_out_cpu" not implemented for \'{_tname(d)}\'')
    if d.ndim == 0:
        data = d.copy()
    elif d.dtype.kind == "c":
        data = _complex_logcumsumexp(d, dd)
    else:
        data = np.logaddexp.accumulate(d.astype(np.float64), axis=dd).astype(d.dtype, order="C")  # (contiguous, as ATen)
    node = None
    if _needs(x):
        node = LogcumsumexpBackward0((x,))
        node.dim = dd
    res = _finish(_scalar_out(data), node)
    if node is not None:
        node.save(x, _saved_output(node, res))
    if out is not None:
        check_out_overlap(out, (), (x,))
    return _write_out(out, res)


# ------------------------------------------------------------- all / any
def _logical_reduce(x: Tensor, dim, keepdim: bool, fn) -> Tensor:
    d = _arr(x)
    if dim is None:
        r = fn(d)
        if keepdim:
            r = np.asarray(r).reshape((1,) * d.ndim)
    else:
        dims = _normalize_dims(dim, d.ndim)
        r = fn(d, axis=dims if d.ndim else None, keepdims=keepdim)
    r = np.asarray(r)
    if d.dtype == np.uint8:
        r = r.astype(np.uint8)
    return _make(_scalar_out(r))


def _all_any_dim_check(name: str, x, dim, keepdim, out) -> None:
    """PyTorch's parser errors for an ``all``/``any`` ``dim`` that is neither an int nor ints."""
    if dim is None or _is_int_dim(dim):
        return
    if isinstance(dim, (tuple, list)):
        _check_int_dim(name, dim, ["dim", "keepdim"], "tuple of ints")
        return
    from ._argerrors import parser_error
    values = {"dim": dim, "keepdim": keepdim, "out": out}
    err = parser_error(name, _ALL_ANY_SIGNATURES, x, ["dim", "keepdim", "out"], values, None, "")
    if err is not None:
        raise err


def _all_any_out(name: str, res: Tensor, out):
    """``all``/``any`` with ``out=``: ATen's ``check_result_is_bytebool`` (a bool or uint8 ``out`` only),
    then the result is computed in ``out``'s dtype (a uint8 input may fill a bool ``out``)."""
    if not isinstance(out, Tensor):
        return _write_out(out, res)
    od = out._data.dtype
    if od != np.bool_ and od != np.uint8:
        from .inplace import _type_word
        raise RuntimeError(f"{name} only supports bool tensor for result, got: {_type_word(od)}")
    if res._data.dtype != od:
        res = _make(_scalar_out(np.asarray(res._data, dtype=od)))
    return _write_out(out, res)


def all(input: Tensor, dim=None, keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("all", _ALL_ANY_SIGNATURES, input, ["dim", "keepdim", "out"],
                             {"dim": dim, "keepdim": keepdim, "out": out})
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('all', dim, keepdim, axis, keepdims, None)
    if dim.__class__ is not int and dim is not None:
        _all_any_dim_check("all", input, dim, keepdim, out)
    return _all_any_out("all", _logical_reduce(input, dim, keepdim, np.all), out)


def any(input: Tensor, dim=None, keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("any", _ALL_ANY_SIGNATURES, input, ["dim", "keepdim", "out"],
                             {"dim": dim, "keepdim": keepdim, "out": out})
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('any', dim, keepdim, axis, keepdims, None)
    if dim.__class__ is not int and dim is not None:
        _all_any_dim_check("any", input, dim, keepdim, out)
    return _all_any_out("any", _logical_reduce(input, dim, keepdim, np.any), out)


_COUNT_NONZERO_SIGS = ("Tensor input, int dim = None", "Tensor input, tuple of ints dim")


def _count_nonzero_args(input, dim, extra: tuple, unknown: dict):
    """``count_nonzero``'s ``dim`` as PyTorch's parser reads it: the method takes several ints as the
    ``dim`` list (``x.count_nonzero(0, 1)``); otherwise extra arguments, unknown keywords or a ``dim``
    that is neither an int nor a sequence of ints fail with "invalid combination of arguments"."""
    from ._argerrors import _method_signature, format_overload_error, user_call_site
    every = _builtins.all
    if not extra and isinstance(dim, (tuple, list)):
        _check_int_dim("count_nonzero", dim, ["dim"], "tuple of ints")
    if not extra and not unknown and (dim is None or _is_int_arg(dim)
                                      or (isinstance(dim, (tuple, list)) and every(_is_int_arg(v) for v in dim))):
        return dim
    site = user_call_site("count_nonzero")
    method = site is not None and site[0]
    if method and extra and not unknown and every(_is_int_arg(v) for v in (dim, *extra)):
        return (dim, *extra)
    kwnames = site[2] if site is not None else tuple(unknown)
    values = {"dim": dim, **unknown}
    given_kw = [(k, values[k]) for k in reversed(kwnames) if k in values]
    positional = [] if "dim" in kwnames or (dim is None and not extra) else [dim, *extra]
    if method:
        sigs = [_method_signature(sg) for sg in _COUNT_NONZERO_SIGS]
        raise TypeError(format_overload_error("count_nonzero", sigs, positional, given_kw))
    raise TypeError(format_overload_error("count_nonzero", _COUNT_NONZERO_SIGS, [input, *positional], given_kw))


def count_nonzero(input: Tensor, dim=None, *extra, axis=NP_UNSET, **unknown) -> Tensor:
    """``torch.count_nonzero`` (no ``keepdim``: its two overloads take ``dim`` only)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('count_nonzero', dim, None, axis, NP_UNSET, None)
    if extra or unknown or (dim is not None and dim.__class__ is not int):
        dim = _count_nonzero_args(input, dim, extra, unknown)
    d = _arr(input)
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):  # () counts over every dim
        _pw.no_bare_uint_kernel(d.dtype, "nonzero_count_cpu")  # (with a dim it is a sum of ``!= 0``: no such kernel)
        return _make(np.int64(np.count_nonzero(d)))
    dims = _normalize_dims(dim, d.ndim)
    return _make(_scalar_out(np.asarray(np.count_nonzero(d, axis=dims if d.ndim else None), dtype=np.int64)))


# ------------------------------------------------------------------- sort
def _argsort_np(d, dd, descending: bool):
    """Stable argsort along ``dd``; NaN sorts as the largest value (PyTorch's order)."""
    if not descending:
        return np.argsort(d, axis=dd, kind="stable")
    n = d.shape[dd]
    rev = np.flip(d, axis=dd)
    idx = np.argsort(rev, axis=dd, kind="stable")
    return (n - 1) - np.flip(idx, axis=dd)


def _as_rows(a: np.ndarray, dd: int) -> np.ndarray:
    """``a`` with axis ``dd`` last, as a 2-D array of rows."""
    return np.moveaxis(a, dd, -1).reshape(-1, a.shape[dd])


def _from_rows(rows: np.ndarray, like_shape: tuple, dd: int) -> np.ndarray:
    moved = like_shape[:dd] + like_shape[dd + 1:] + (rows.shape[1],)
    return np.moveaxis(rows.reshape(moved), -1, dd)


def _unstable_order(d: np.ndarray, dd: int, descending: bool) -> np.ndarray:
    """Argsort along ``dd`` as PyTorch's unstable CPU ``sort`` gives it: NumPy's stable order,
    with rows holding ties replayed through ``std::sort`` (``_stl_sort``)."""
    order = _argsort_np(d, dd, descending)
    if d.shape[dd] <= 16 or d.__class__ is not np.ndarray or d.dtype.kind == "c":
        return order
    rows = _as_rows(d, dd)
    fixed = _stl.sort_rows(rows, _as_rows(order, dd), descending)
    return _from_rows(fixed, d.shape, dd)


def _sort_impl(x, dim, descending, node_cls=SortBackward0, rtype=None, stable=False):
    d = _arr(x)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise RuntimeError(" Sort does not support complex dtypes on CPU")
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0:
        return _select_result(x, d.copy(), np.int64(0), dd, True, node_cls, rtype or _RT.sort, dim_arg=dim)
    idx = _argsort_np(d, dd, descending) if stable else _unstable_order(d, dd, descending)
    vals = np.take_along_axis(d, idx, axis=dd)
    return _select_result(x, vals, idx, dd, True, node_cls, rtype or _RT.sort, dim_arg=dim)


_NO_STABLE = object()  # (``stable`` left out: a given ``stable``, None too, selects the keyword-only overload)
_SORT_SIGS = ("Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors out = None",
              "Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None")
_SORT_METHOD_SIGS = ("*, bool stable, int dim = -1, bool descending = False", "int dim = -1, bool descending = False")


def _sort_call_error(x, args: tuple, stable, descending, site) -> TypeError:
    """PyTorch's parser error for ``sort`` given ``dim``/``descending`` by position with ``stable``, or too
    many positional arguments, read against the user's call site (``site``: see ``user_call_site``)."""
    from ._argerrors import _method_signature, no_overload_error
    method, _, kwnames = site
    values = {"stable": stable, "descending": descending}
    given_kw = [(k, values[k]) for k in reversed(kwnames) if k in values]
    if method:
        return no_overload_error("sort", [_method_signature(sg) for sg in _SORT_SIGS], list(args), given_kw)
    return no_overload_error("sort", _SORT_SIGS, [x, *args], given_kw)


def _sort_positionals(input, args: tuple, stable, method: bool, descending: bool = False):
    """``sort``'s ``dim``/``descending`` given by position: PyTorch's overloads take them so only without
    ``stable`` (``stable=`` makes them keyword-only); its argument-parser TypeErrors otherwise."""
    from ._argerrors import type_name, user_call_site
    if stable is not _NO_STABLE or len(args) > 2:
        site = user_call_site("sort")
        if site is not None:
            raise _sort_call_error(input, args, stable, descending, site)
        if method and len(args) >= 2:
            raise TypeError(f"sort() takes from 1 to 0 positional arguments but {len(args)} were given")
        got = ([] if method else ["Tensor"]) + [type_name(a) for a in args]
        if stable is not _NO_STABLE:
            got.append(f"stable={type_name(stable)}")
        sigs = _SORT_METHOD_SIGS if method else _SORT_SIGS
        tail = "      didn't match because some of the keywords were incorrect: stable\n" if method else ""
        raise TypeError(f"sort() received an invalid combination of arguments - got ({', '.join(got)}), but "
                        "expected one of:\n" + "".join(f" * ({sig})\n" for sig in sigs) + tail)
    return (args[0], descending) if len(args) == 1 else args


@_values_indices_out("sort")
def sort(input: Tensor, *args, stable=_NO_STABLE, dim=-1, descending: bool = False, axis=NP_UNSET):
    """``torch.sort`` -> ``torch.return_types.sort(values, indices)``; without ``stable=True`` the
    indices of tied values are those of PyTorch's unstable ``std::sort``."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('sort', NP_UNSET if args else dim, None, axis, NP_UNSET, -1)
    return _sort_call(input, args, stable, dim, descending, False)


def _sort_method(self: Tensor, *args, stable=_NO_STABLE, dim=-1, descending: bool = False, axis=NP_UNSET, out=None):
    """``Tensor.sort``: as :func:`sort`, with the method's argument errors."""
    if out is not None:  # (no method overload takes ``out``)
        from ._argerrors import format_overload_error
        raise TypeError(format_overload_error("sort", _SORT_METHOD_SIGS, list(args), [("out", out)]))
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('sort', NP_UNSET if args else dim, None, axis, NP_UNSET, -1)
    return _sort_call(self, args, stable, dim, descending, True)


def _sort_call(x: Tensor, args: tuple, stable, dim, descending: bool, method: bool):
    """The body of ``torch.sort`` / ``Tensor.sort`` once the positional arguments are read."""
    if args:
        if stable is _NO_STABLE and len(args) == 1:
            dim = args[0]
        else:
            dim, descending = _sort_positionals(x, args, stable, method, descending)
    if dim.__class__ is not int or descending.__class__ is not bool or \
            (stable is not _NO_STABLE and stable is not None and stable.__class__ is not bool):
        _check_sort_arg_types("sort", _SORT_SIGS, x, len(args) + (not method), stable, dim, descending, method)
    if stable is _NO_STABLE:
        return _sort_impl(x, dim, descending, SortBackward0)
    return _sort_impl(x, dim, descending, SortBackward0 if stable is None else SortBackward1, stable=bool(stable))


_ARGSORT_SIGS = ("Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None",
                 "Tensor input, int dim = -1, bool descending = False")


def _check_sort_arg_types(name, sigs, x, n_pos, stable, dim, descending, method) -> None:
    """PyTorch's "invalid combination of arguments" for ``sort``/``argsort`` given a non-int ``dim``, a
    non-bool ``descending`` or ``stable`` (a NumPy int or an integer 0-d tensor is an int)."""
    from ._argerrors import parser_error
    from .shape import _not_int
    if not _not_int(dim) and isinstance(descending, (bool, np.bool_)) and \
            (stable is _NO_STABLE or stable is None or isinstance(stable, (bool, np.bool_))):
        return
    values = {"dim": dim, "descending": descending}
    if stable is not _NO_STABLE:
        values["stable"] = stable
    raise parser_error(name, sigs, x, ("dim", "descending"), values, None, None, default_site=(method, n_pos, ()))


def _argsort_call_error(x, args: tuple, stable, dim, descending, out=None) -> TypeError:
    """PyTorch's parser error for ``argsort`` given ``dim``/``descending`` by position together with
    ``stable`` (its ``stable`` overload takes them by keyword only), or too many positional arguments."""
    from ._argerrors import _method_signature, no_overload_error, user_call_site
    site = user_call_site("argsort")
    method = site is not None and site[0]
    kwnames = site[2] if site is not None else ("stable",)
    values = {"stable": stable, "dim": dim, "descending": descending, "out": out}
    given_kw = [(k, values[k]) for k in reversed(kwnames) if k in values and values[k] is not _NO_STABLE]
    if method:
        return no_overload_error("argsort", [_method_signature(sg) for sg in _ARGSORT_SIGS], list(args), given_kw)
    return no_overload_error("argsort", _ARGSORT_SIGS, [x, *args], given_kw)


def argsort(input: Tensor, *args, dim=-1, descending: bool = False, stable=_NO_STABLE, out=None,
            axis=NP_UNSET) -> Tensor:
    """``torch.argsort``: ``dim`` and ``descending`` may come by position only without ``stable`` (as
    PyTorch's two overloads); ``stable`` must be a bool (not None, unlike ``sort``'s); only the
    ``stable`` overload takes ``out``."""
    if out is not None and stable is _NO_STABLE:
        raise _argsort_call_error(input, args, stable, dim, descending, out)
    if out is not None:
        _method_takes_no_out("argsort", _ARGSORT_SIGS, input, ("dim", "descending"),
                             {"dim": dim, "descending": descending, "stable": stable, "out": out})
        return _write_out(out, argsort(input, *args, dim=dim, descending=descending, stable=stable, axis=axis))
    if args:
        if stable is not _NO_STABLE or len(args) > 2:
            raise _argsort_call_error(input, args, stable, dim, descending)
        dim = args[0]
        if len(args) == 2:
            descending = args[1]
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('argsort', NP_UNSET if args else dim, None, axis, NP_UNSET, -1)
    if stable is _NO_STABLE:
        stable = False
    elif stable.__class__ is not bool and not isinstance(stable, np.bool_):
        raise _argsort_call_error(input, args, stable, dim, descending)
    if dim.__class__ is not int or descending.__class__ is not bool:
        _check_sort_arg_types("argsort", _ARGSORT_SIGS, input, 1 + len(args), stable, dim, descending, False)
    d = _arr(input)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise RuntimeError(" Sort does not support complex dtypes on CPU")
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0:
        return _make(np.int64(0))
    order = _argsort_np(d, dd, descending) if stable else _unstable_order(d, dd, descending)
    return _make(np.ascontiguousarray(order).astype(np.int64))


def msort(input: Tensor, *, out=None) -> Tensor:
    """``torch.msort``: ``sort(input, 0)``'s values; ``out`` must have the input's dtype (``sort.values``'s
    check), and ``Tensor.msort`` takes no arguments at all."""
    if out is not None:
        from ._argerrors import user_call_site
        site = user_call_site("msort")
        if site is not None and site[0]:
            raise TypeError("TensorBase.msort() takes no keyword arguments")
        if isinstance(out, Tensor):
            _check_out_dtype(out, _arr(input).dtype)
    return _write_out(out, _sort_impl(input, 0, False)[0])


@_values_indices_out("topk")
def topk(input: Tensor, k=_REQUIRED, dim=-1, largest: bool = True, sorted: bool = True, *, out=None, axis=NP_UNSET):
    """``torch.topk`` -> ``torch.return_types.topk(values, indices)``."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('topk', dim, None, axis, NP_UNSET, -1)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("topk", dim, ["k", "dim", "largest", "sorted"], "int")
    if k is _REQUIRED:
        raise TypeError('topk() missing 1 required positional arguments: "k"')
    if k.__class__ is not int:   # PyTorch's parser: ``k`` is an int (a bool or float is refused)
        if k.__class__ is bool or not _is_int_arg(k):
            from ._argerrors import argument_type_error
            raise argument_type_error("topk", ["k", "dim", "largest", "sorted"], "k", "int", k)
        k = int(k)
    x = input
    d = _arr(x)
    # PyTorch checks the dim, then k, then the dtype
    dd = _wrap(dim, d.ndim)
    n = d.shape[dd] if d.ndim else 1
    if k < 0 or k > n:
        raise RuntimeError("selected index k out of range")
    if d.dtype.__class__ in BOOL_OR_COMPLEX_DTYPES:
        raise RuntimeError("topk does not support bool dtypes on CPU" if d.dtype.kind == "b" else
                           " topk does not support complex dtypes on CPU")
    _pw.no_bare_uint_kernel(d.dtype, "topk_cpu")
    if d.ndim == 0:
        return _select_result(x, d.copy(), np.int64(0), dd, True, TopkBackward0, _RT.topk, dim_arg=dim)
    idx = np.take(_argsort_np(d, dd, largest), np.arange(k), axis=dd)
    if d.__class__ is np.ndarray and d.dtype.kind != "c" and n > 1 and k > 0:  # ATen's order for ties
        idx = _from_rows(_stl.topk_rows(_as_rows(d, dd), k, largest, bool(sorted), _as_rows(idx, dd)), d.shape, dd)
    vals = np.take_along_axis(d, idx, axis=dd)
    return _select_result(x, vals, idx, dd, True, TopkBackward0, _RT.topk, dim_arg=dim)


@_values_indices_out("kthvalue")
def kthvalue(input: Tensor, k=_REQUIRED, dim=-1, keepdim: bool = False, *, out=None, axis=NP_UNSET,
             keepdims=NP_UNSET):
    """``torch.kthvalue``: the ``k``-th smallest element along ``dim``."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('kthvalue', dim, keepdim, axis, keepdims, -1)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("kthvalue", dim, ["k", "dim", "keepdim"], "int")
    if k is _REQUIRED:
        raise TypeError('kthvalue() missing 1 required positional arguments: "k"')
    if k.__class__ is not int:
        from .shape import check_int_args
        check_int_args("kthvalue", ("k", "dim", "keepdim"), k)
    x = input
    d = _arr(x)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise _complex_unsupported(d, "kthvalue_cpu")
    dd = _wrap(dim, d.ndim)
    n = d.shape[dd] if d.ndim else 1
    if d.ndim and n == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {dd} to have non-zero size.")
    if k < 1 or k > n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dd}")
    if d.ndim == 0:  # PyTorch copies a 0-d input without running the (bool-less) kernel
        return _select_result(x, d.copy(), np.int64(0), dd, keepdim, KthvalueBackward0, _RT.kthvalue, dim_arg=dim)
    if d.dtype == np.bool_:
        raise NotImplementedError('"kthvalue_cpu" not implemented for \'Bool\'')
    _pw.no_bare_uint_kernel(d.dtype, "kthvalue_cpu")
    idx = np.take(_argsort_np(d, dd, False), [k - 1], axis=dd)
    if d.__class__ is np.ndarray and d.dtype.kind != "c" and n > 1:  # ATen's quick-select order for ties
        idx = _from_rows(_stl.kth_rows(_as_rows(d, dd), k, _as_rows(idx, dd)[:, 0])[:, None], d.shape, dd)
    vals = np.take_along_axis(d, idx, axis=dd)
    if not keepdim:
        idx, vals = np.squeeze(idx, dd), np.squeeze(vals, dd)
    return _select_result(x, vals, idx, dd, keepdim, KthvalueBackward0, _RT.kthvalue, dim_arg=dim)


def _median_dim(x, dim, keepdim, ignore_nan):
    d = _arr(x)
    dd = _wrap(dim, d.ndim)
    cls = NanmedianBackward1 if ignore_nan else MedianBackward1
    rt = _RT.nanmedian if ignore_nan else _RT.median
    n = d.shape[dd] if d.ndim else 1
    if n == 0:  # PyTorch names median() for nanmedian too
        raise IndexError(f"median(): Expected reduction dim {dd} to have non-zero size.")
    if d.dtype == np.bool_:  # checked before the 0-d shortcut, as in PyTorch
        raise NotImplementedError('"median_out" not implemented for \'Bool\'')
    _pw.no_bare_uint_kernel(d.dtype, "median_out")
    if d.ndim == 0:
        return _select_result(x, d.copy(), np.int64(0), dd, keepdim, cls, rt, dim_arg=dim)
    order = _argsort_np(d, dd, False)
    if d.dtype.kind in "fc":
        nans = np.isnan(d)
        cnt = n - nans.sum(axis=dd, keepdims=True)
        if ignore_nan:
            k = np.maximum((cnt - 1) // 2, 0)
            idx = np.take_along_axis(order, k, axis=dd)
        else:
            k = np.full(cnt.shape, (n - 1) // 2)
            idx = np.take_along_axis(order, k, axis=dd)
            has = nans.any(axis=dd, keepdims=True)
            idx = np.where(has, np.argmax(nans, axis=dd, keepdims=True), idx)
    else:
        idx = np.take(order, [(n - 1) // 2], axis=dd)
    vals = np.take_along_axis(d, idx, axis=dd)
    if not keepdim:
        idx, vals = np.squeeze(idx, dd), np.squeeze(vals, dd)
    return _select_result(x, vals, idx, dd, keepdim, cls, rt, dim_arg=dim)


def _median_all(x, ignore_nan):
    d = _arr(x).reshape(-1)
    if d.size == 0:
        return _even_result(x, _nan_as(d.dtype), NanmedianBackward0 if ignore_nan else MedianBackward0)
    if d.dtype == np.bool_:
        raise NotImplementedError('"median_cpu" not implemented for \'Bool\'')  # nanmedian too
    _pw.no_bare_uint_kernel(d.dtype, "median_cpu")
    if d.dtype.kind in "fc":
        nan = np.isnan(d)
        if ignore_nan:
            d = d[~nan]
        elif nan.any():
            return _even_result(x, d.dtype.type(np.nan), NanmedianBackward0 if ignore_nan else MedianBackward0)
    if d.size == 0:
        v = _nan_as(d.dtype)
    else:
        v = np.sort(d, kind="stable")[(d.size - 1) // 2]
    return _even_result(x, v, NanmedianBackward0 if ignore_nan else MedianBackward0)


def _nan_as(dtype):
    """The median of an empty tensor: NaN converted to ``dtype`` as a C cast does (PyTorch gives the
    most negative integer for integer dtypes and True for bool)."""
    if dtype.kind in "fc":
        return np.array(np.nan, dtype=dtype)[()]
    if dtype.kind == "b":
        return np.True_
    return dtype.type(np.iinfo(dtype).min if dtype.kind == "i" else 0)


def _median_dim_arg(name: str, dim, keepdim):
    """``median``/``nanmedian``'s ``dim`` (None when left out): PyTorch's overload without ``dim`` takes
    no ``keepdim`` (``median() missing 1 required positional arguments: "dim"``), and the one with
    ``dim`` takes no None (``median(): argument 'dim' must be int, not NoneType``)."""
    if dim is _DIM_LEFT_OUT:
        if keepdim is not False:
            raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
        return None
    if dim is None:
        from ._argerrors import argument_type_error
        raise argument_type_error(name, ["dim", "keepdim"], "dim", "int", dim)
    return dim


@_values_indices_out("median", out_needs_dim=True)
def median(input: Tensor, dim=_DIM_LEFT_OUT, keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.median``: the lower median; with ``dim`` returns ``(values, indices)``."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('median', dim, keepdim, axis, keepdims, _DIM_LEFT_OUT)
    dim = _median_dim_arg("median", dim, keepdim)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("median", dim, ["dim", "keepdim"], "int")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("median", keepdim)
    if _arr(input).dtype.__class__ in COMPLEX_DTYPES:  # (the ``dim`` overload's kernel is ``median_out``)
        raise _complex_unsupported(_arr(input), "median_cpu" if dim is None else "median_out")
    if dim is None:
        return _median_all(input, False)
    return _median_dim(input, dim, keepdim, False)


@_values_indices_out("nanmedian", out_needs_dim=True)
def nanmedian(input: Tensor, dim=_DIM_LEFT_OUT, keepdim: bool = False, *, out=None, axis=NP_UNSET,
              keepdims=NP_UNSET):
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('nanmedian', dim, keepdim, axis, keepdims, _DIM_LEFT_OUT)
    dim = _median_dim_arg("nanmedian", dim, keepdim)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("nanmedian", dim, ["dim", "keepdim"], "int")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("nanmedian", keepdim)
    if _arr(input).dtype.__class__ in COMPLEX_DTYPES:  # (the ``dim`` overload's kernel is ``median_out``)
        raise _complex_unsupported(_arr(input), "median_cpu" if dim is None else "median_out")
    if dim is None:
        return _median_all(input, True)
    return _median_dim(input, dim, keepdim, True)


@_values_indices_out("mode")
def mode(input: Tensor, dim=-1, keepdim: bool = False, *, out=None, axis=NP_UNSET, keepdims=NP_UNSET):
    """``torch.mode``: the most frequent value (the smallest on ties) and an index of it, as ATen's
    CPU kernel picks them (``_stl_sort.mode_row``; NaN never equals itself there)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('mode', dim, keepdim, axis, keepdims, -1)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("mode", dim, ["dim", "keepdim"], "int")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("mode", keepdim)
    x = input
    d = _arr(x)
    if d.dtype.__class__ in COMPLEX_DTYPES:
        raise _complex_unsupported(d, "mode_cpu")
    dd = _wrap(dim, d.ndim)
    if d.ndim == 0:
        return _select_result(x, d.copy(), np.int64(0), dd, keepdim, ModeBackward0, _RT.mode, dim_arg=dim)
    if d.shape[dd] == 0:
        raise IndexError(f"mode(): Expected reduction dim {dd} to have non-zero size.")
    _pw.no_bare_uint_kernel(d.dtype, "mode_cpu")
    a = np.moveaxis(d, dd, -1)
    rows = a.reshape(-1, a.shape[-1])
    vals = np.empty(rows.shape[0], d.dtype)
    idx = np.empty(rows.shape[0], np.int64)
    for r in range(rows.shape[0]):
        got = _stl.mode_row(rows[r]) if rows.shape[1] else None
        if got is None:  # too long to replay: smallest most frequent value, its last index
            u, c = np.unique(rows[r], return_counts=True)
            got = u[np.argmax(c)], np.nonzero(rows[r] == u[np.argmax(c)])[0][-1]
        vals[r], idx[r] = got
    vals = vals.reshape(a.shape[:-1])
    idx = idx.reshape(a.shape[:-1])
    if keepdim:
        vals, idx = np.expand_dims(vals, dd), np.expand_dims(idx, dd)
    return _select_result(x, vals, idx, dd, keepdim, ModeBackward0, _RT.mode, dim_arg=dim)


# ----------------------------------------------------------- nansum/nanmean
class NansumBackward0(Node):
    __slots__ = ("dims", "keepdim", "ndim", "mask")

    def backward(self, g):
        return _restore(g, self.dims, self.keepdim, self.ndim) * self.mask


def _nansum_faithful(d, dims: tuple, keepdim: bool):
    """ATen's nansum is its cascade sum with every NaN read as 0: the same order of additions as
    ``sum`` (None where ``faithful_sum`` does not replay that order)."""
    if d.__class__ is not np.ndarray or d.dtype not in _cascade.LANES or not d.ndim:
        return None
    return _cascade.faithful_sum(np.where(np.isnan(d), d.dtype.type(0), d), dims, keepdim)


def nansum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
           keepdims=NP_UNSET) -> Tensor:
    if out is not None:
        _method_takes_no_out("nansum")
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('nansum', dim, keepdim, axis, keepdims, None)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("nansum", dim, ["dim", "keepdim"], "tuple of ints")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("nansum", keepdim)
    x = input
    d = _arr(x)
    odt = _scan_dtype(d, dtype)
    _nansum_dtype_checks(d, odt)
    dims = _all_dims(dim, d.ndim)
    if d.dtype.kind in "fc":
        data = _nansum_faithful(d, dims, keepdim) if odt == d.dtype else None
        if data is None and d.dtype == np.float16:  # (ATen accumulates half in float, rounded once)
            data = np.nansum(d.astype(np.float32), axis=dims if d.ndim else None, keepdims=keepdim).astype(odt)
        elif data is None:
            data = np.nansum(d, axis=dims if d.ndim else None, keepdims=keepdim, dtype=odt)
    else:
        data = np.sum(d, axis=dims if d.ndim else None, keepdims=keepdim, dtype=odt)
    node = None
    if _needs(x) and np.dtype(odt).kind in "fc":
        node = NansumBackward0((x,))
        node.dims, node.keepdim, node.ndim = dims, keepdim, d.ndim
        node.mask = _c((~np.isnan(d)).astype(d.dtype))
    return _write_out(out, _finish(_scalar_out(np.asarray(data, dtype=odt)), node))


def _nanmean_dtype_checks(d, dtype) -> None:
    """ATen's ``nanmean`` checks: a floating or complex input (even when ``dtype`` is given), then a
    floating or complex ``dtype``."""
    if d.dtype.kind not in "fc":
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got "
                           f"{_tname(d)}")
    if dtype is not None and dtype.np.kind not in "fc":
        raise RuntimeError("nanmean(): could not infer output dtype. Optional dtype must be either a floating "
                           f"point or complex dtype. Got: {_LEGACY.get(dtype.name, dtype.name)}")


def _nansum_dtype_checks(d, odt) -> None:
    """ATen's CPU ``nansum``: no complex input at all; a floating input runs the ``nansum_cpu`` kernel,
    which has no complex output either (integral inputs are a plain ``sum``)."""
    if d.dtype.kind == "c":
        raise RuntimeError("nansum on CPU does not support complex inputs")
    if d.dtype.kind == "f" and np.dtype(odt).kind == "c":
        raise NotImplementedError(f'"nansum_cpu" not implemented for \'{_LEGACY[np.dtype(odt).name]}\'')


def nanmean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
            keepdims=NP_UNSET) -> Tensor:
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('nanmean', dim, keepdim, axis, keepdims, None)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("nanmean", dim, ["dim", "keepdim"], "tuple of ints")
    if keepdim.__class__ is not bool:
        _red.check_keepdim("nanmean", keepdim)
    x = input
    d = _arr(x)
    _nanmean_dtype_checks(d, dtype)
    factor = _red.sum(_pw.logical_not(_pw.isnan(x)), dim, keepdim)
    return _write_out(out, nansum(x, dim, keepdim, dtype=dtype) / factor)


# ------------------------------------------------------ softmax/log_softmax
class SoftmaxBackward0(Node):
    # ``dim_arg``: a negative ``dim`` as given (``dim`` is normalised), for ``grad_fn._saved_dim``
    __slots__ = ("dim", "dim_arg")

    def backward(self, g):
        # ``_softmax_backward_data``: SoftmaxBackwardDataBackward0 under create_graph
        from ..autograd._backward_ops import softmax_backward_data
        (y,) = self.saved()
        return _keep_dim_arg(self, softmax_backward_data(g, _unpack_output(self, y), self.dim))

    def vjp(self, g):
        (y,) = self.saved()
        return (softmax_grad_arrays(g, y._data, self.dim),)


def _keep_dim_arg(node, grad):
    """``grad`` (a softmax's gradient under create_graph); its node keeps the forward's ``dim`` as given
    for ``grad_fn._saved_dim`` (PyTorch passes the saved ``dim`` on)."""
    given = getattr(node, "dim_arg", None)
    if given is not None and grad.grad_fn is not None:
        grad.grad_fn.dim_arg = given
    return grad


class LogSoftmaxBackward0(Node):
    __slots__ = ("dim", "dim_arg")  # (``dim_arg``: as SoftmaxBackward0's)

    def backward(self, g):
        # ``_log_softmax_backward_data``: LogSoftmaxBackwardDataBackward0 under create_graph
        from ..autograd._backward_ops import log_softmax_backward_data
        (y,) = self.saved()
        return _keep_dim_arg(self, log_softmax_backward_data(g, _unpack_output(self, y), self.dim))

    def vjp(self, g):
        (y,) = self.saved()
        fz = _FUSION
        if fz.grad is g and fz.node is self:  # an NLL loss's gradient: one value per row (graph.FUSION)
            flat, value = fz.extra
            fz.node = fz.grad = fz.extra = None
            out = log_softmax_grad_of_nll(y._data, flat, value)
            if out is not None:
                return (out,)
        return (log_softmax_grad_arrays(g, y._data, self.dim),)

    def vjp_arrays(self, g, y):
        return _log_softmax_grad(g, y, self.dim)


def _softmax_grad(g, y, dim):
    return y * (g - (g * y).sum(dim, keepdims=True))


def _log_softmax_grad(g, y, dim):
    if (dim == y.ndim - 1 and g.__class__ is np.ndarray and y.__class__ is np.ndarray
            and g.dtype == y.dtype and g.dtype in _SOFTMAX_LANES and g.shape == y.shape and g.size):
        return _log_softmax_grad_lastdim(g, y)
    return g - np.exp(y) * g.sum(dim, keepdims=True)


def _grad_arrays(kernel, g, y, dim):
    """A (log-)softmax gradient ``kernel(g, y, dim)`` on arrays: 0-d gives zeros, float16 runs in float32."""
    if y.ndim == 0:
        return g * 0
    if y.dtype == np.float16:
        return via_float32(lambda a, b: kernel(a, b, dim), g, y)
    return kernel(g, y, dim)


def softmax_grad_arrays(g, y, dim):
    """``softmax``'s gradient on arrays (``SoftmaxBackward0.vjp``)."""
    return _grad_arrays(_softmax_grad, g, y, dim)


def log_softmax_grad_arrays(g, y, dim):
    """``log_softmax``'s gradient on arrays (``LogSoftmaxBackward0.vjp``)."""
    return _grad_arrays(_log_softmax_grad, g, y, dim)


def _log_softmax_grad_lastdim(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """ATen's ``_vec_log_softmax_backward`` over the last dim: each row's ``s = sum(g)`` in
    vector-lane order, then ``g - exp(y) * s`` as one FMA (the compiler fuses it), with ``exp``
    rounded from float64 for float32 as in the forward.  Matches PyTorch's bits in 96-99% of
    elements (the rest: Sleef's ``exp``), against 65-85% for ``g - exp(y) * sum(g)``."""
    n = g.shape[-1]
    if n <= 64 and g.size >= 16 * n:  # short rows: the lane sums on the transpose (as the forward)
        s = _lane_sum_of_columns(g.reshape(-1, n).T.copy(), _SOFTMAX_LANES[g.dtype], inplace=True)
        s = s.reshape(g.shape[:-1] + (1,))
    else:
        s = _lastdim_vec_sum(g)
    if g.dtype == np.float32:
        prod = np.multiply(_exp_like_aten(y, _EXACT_EXP_LOG_SOFTMAX_GRAD), s, dtype=np.float64)  # exact
        return np.subtract(g, prod, out=np.empty_like(g), dtype=np.float64, casting="unsafe")  # one rounding
    e = np.exp(y)
    return fma(np.negative(e, out=e), s, g, g.dtype)


def nll_fusable(y) -> bool:
    """Whether ``log_softmax_grad_of_nll`` takes the gradient of a log-softmax output ``y``."""
    return y.__class__ is np.ndarray and y.ndim == 2 and y.shape[1] >= 2 and y.dtype in _SOFTMAX_LANES


def log_softmax_grad_of_nll(y: np.ndarray, flat: np.ndarray, value) -> np.ndarray | None:
    """``_log_softmax_grad_lastdim(g, y)`` (``y`` 2-D, at least two classes, float32/float64) for
    an NLL loss's gradient ``g``: +0.0 except ``value`` (a scalar of ``y``'s dtype) at the flat
    positions ``flat``, one in every row.  Each row's lane-order sum is then ``value`` (+0.0 for
    -0.0, as adding +0.0 makes it), and ``g - exp(y) * s`` with one rounding is ``exp(y) * -s``
    (the product rounded once, an underflow keeping its sign) where ``g`` is 0, except that an
    exactly zero product gives +0.0; the targets take the FMA.  The same bits as the general rule
    without its row sums and mixed-precision passes (64 x 10: 19 -> 13 us; 512 x 10: 32 -> 19
    us).  None (the general rule runs) for a NaN ``value``, whose sign the negation would flip."""
    dt = y.dtype
    s = value + dt.type(0)
    if s != s:
        return None
    e = _exp_like_aten(y, _EXACT_EXP_LOG_SOFTMAX_GRAD)
    et = e.ravel().take(flat)
    out = np.multiply(e, -s, out=e)
    if np.count_nonzero(out) != out.size:  # zeros: exact (+0.0 in the FMA) or underflowed (signed)
        if s == 0:  # every product is exactly zero, NaN aside
            out[out == 0] = 0
        else:
            out[_exp_like_aten(y, _EXACT_EXP_LOG_SOFTMAX_GRAD) == 0] = 0
    if dt == np.float32:  # as the general rule: the exact product, one float64 rounding, then float32
        val = np.subtract(value, np.multiply(et, s, dtype=np.float64), dtype=np.float64).astype(dt)
    else:
        val = fma(np.negative(et), s, value, dt)
    out.ravel()[flat] = val
    return out


def _softmax_prep(x, dim, dtype, name):
    d = _arr(x)
    if dtype is not None:
        if d.dtype.kind == "c" and dtype.np.kind != "c":  # ATen's copy_ warning, not NumPy's
            from .convert import _warn_complex_to_real
            _warn_complex_to_real()
            d = d.real
        d = d.astype(dtype.np)
    if d.__class__ is np.ndarray and not d.flags.c_contiguous:  # ATen's kernels run on input.contiguous()
        d = np.ascontiguousarray(d)
    dd = _wrap(dim, d.ndim)
    if d.dtype.kind != "f" and d.size:  # no complex kernel either; an empty input never reaches one
        last = "lastdim_" if dd == builtins_max(d.ndim - 1, 0) else ""
        raise NotImplementedError(f'"{name}_{last}kernel_impl" not implemented for \'{_tname(d)}\'')
    return d, dd


_SOFTMAX_LANES = _cascade.LANES  # AVX2 vector widths


def _lane_sum_of_columns(cols: np.ndarray, lanes: int, inplace: bool = False) -> np.ndarray:
    """``_lastdim_vec_sum`` of the columns of ``cols`` (shape ``(n, rows)``: each column is one row
    of the softmax input): the same additions, each one run over all rows at once (NumPy's loops
    are slow on short rows).  Rows shorter than one vector are summed in order.  ``inplace``:
    ``cols`` may be overwritten (saves a copy)."""
    n = cols.shape[0]
    if n < lanes:
        acc = cols[0] if inplace else cols[0].copy()
        for j in range(1, n):
            acc += cols[j]
        return acc
    nfull = n - n % lanes
    acc = cols[:lanes] if inplace else cols[:lanes].copy()
    for j in range(lanes, nfull, lanes):
        acc += cols[j:j + lanes]
    if nfull < n:
        acc[:n - nfull] += cols[nfull:]
    half = acc[:lanes // 2] + acc[lanes // 2:]
    if lanes == 8:  # ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))
        quarter = half[:2] + half[2:]
        return quarter[0] + quarter[1]
    return half[0] + half[1]


def _lastdim_vec_sum(e: np.ndarray) -> np.ndarray:
    """Row sums (keepdims) in the order of ATen's ``vec::reduce_all`` on AVX2: lane ``j`` adds
    ``e[j], e[j + L], ...`` in turn, the tail joins the first lanes, then the lanes combine as
    ``((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))`` (float64: ``(l0 + l2) + (l1 + l3)``).
    Rows shorter than one vector are summed in order."""
    lanes = _SOFTMAX_LANES[e.dtype]
    n = e.shape[-1]
    rows = e.reshape(-1, n)
    if n < lanes:  # (``add.accumulate`` is ``cumsum`` without its wrapper)
        out = np.add.accumulate(rows, axis=1, dtype=e.dtype)[:, -1]
        return out.reshape(e.shape[:-1] + (1,))
    nfull = n - n % lanes
    acc = _cascade.lane_partials(rows, lanes)
    if nfull < n:
        acc[:, :n - nfull] += rows[:, nfull:]
    half = lanes // 2
    a = acc[:, :half] + acc[:, half:]
    if lanes == 8:
        out = (a[:, 0] + a[:, 2]) + (a[:, 1] + a[:, 3])
    else:
        out = a[:, 0] + a[:, 1]
    return out.reshape(e.shape[:-1] + (1,))


def _short_rows(d: np.ndarray, dd: int) -> bool:
    """Whether a last-dim (log-)softmax of ``d`` runs on its transpose: many rows of at most 64
    elements (class scores of a batch).  NumPy's row-wise reductions and broadcasts spend ~40 ns
    per row there; on the transpose every step is one streaming loop over all rows."""
    n = d.shape[-1] if d.ndim else 0
    return (dd == d.ndim - 1 and 2 <= n <= 64 and d.size >= 16 * n and d.__class__ is np.ndarray
            and d.dtype in _SOFTMAX_LANES)


def _shifted_columns(d: np.ndarray) -> np.ndarray:
    """``(x - max(x))`` of each row of ``d``, transposed: a fresh ``(n, rows)`` C-contiguous array."""
    st = (d if d.ndim == 2 else d.reshape(-1, d.shape[-1])).T.copy()
    st -= np.maximum.reduce(st, axis=0)
    return st


def _softmax_short_rows(d: np.ndarray) -> np.ndarray:
    """``_vec_softmax_lastdim`` (``e * (1 / sum(e))``, ATen's lane order) computed on the transpose."""
    e = _exp_like_aten(_shifted_columns(d), _EXACT_EXP_SOFTMAX)
    np.multiply(e, e.dtype.type(1) / _lane_sum_of_columns(e, _SOFTMAX_LANES[e.dtype]), out=e)
    return e.T.copy().reshape(d.shape)


def _log_softmax_short_rows(d: np.ndarray) -> np.ndarray:
    """``_log_softmax_lastdim`` (the same values, bit for bit) computed on the transpose."""
    st = _shifted_columns(d)
    if st.dtype == np.float32:  # exp and log in float64, rounded once (``_exp_like_aten``; Sleef's 1-ulp log agrees)
        e = np.exp(st, out=np.empty_like(st), dtype=np.float64, casting="unsafe") if st.size <= _EXACT_EXP_LOG_SOFTMAX \
            else np.exp(st)
        tot = _lane_sum_of_columns(e, 8, inplace=True)
        np.log(tot, out=tot, dtype=np.float64, casting="unsafe")
    else:
        tot = _lane_sum_of_columns(np.exp(st), _SOFTMAX_LANES[st.dtype], inplace=True)
        np.log(tot, out=tot)
    out = np.empty(d.shape, d.dtype)
    np.subtract(st.T, tot[:, None], out=out.reshape(st.shape[::-1]))  # the transpose back, in the same pass
    return out


def softmax(input: Tensor, dim=_REQUIRED, dtype=None, *, _stacklevel=3, axis=NP_UNSET) -> Tensor:
    """``torch.softmax`` (max-shifted, so large inputs do not overflow)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('softmax', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("softmax", dim, ["dim", "dtype"], "int", allow_none=False)
    if dim is _REQUIRED:
        raise TypeError('softmax() missing 1 required positional arguments: "dim"')
    x = input
    d, dd = _softmax_prep(x, dim, dtype, "softmax")
    half = d.dtype == np.float16
    if half:  # computed in float32 and rounded once, as PyTorch's CPU kernel does for Half
        d = d.astype(np.float32)
    if d.ndim == 0:
        data = np.ones_like(d)
    elif d.size == 0:
        data = d.copy()
    elif _short_rows(d, dd):
        data = _softmax_short_rows(d)
    else:
        e = _exp_like_aten(d - d.max(axis=dd, keepdims=True), _EXACT_EXP_SOFTMAX)
        if dd == d.ndim - 1 and e.dtype in _SOFTMAX_LANES and e.__class__ is np.ndarray:
            data = e * (e.dtype.type(1) / _lastdim_vec_sum(e))  # ATen's _vec_softmax_lastdim
        else:
            data = e / e.sum(axis=dd, keepdims=True)
    if half:
        data = data.astype(np.float16)
    node = None
    if _needs(x):
        node = SoftmaxBackward0((x,))
        node.dim = dd
        if dim < 0:
            node.dim_arg = dim
    res = _finish(_scalar_out(data), node)
    if node is not None:
        node.save(_saved_output(node, res))
    return res


# float32 inputs up to this many elements take the float64-rounded exp (4x NumPy's float32 exp):
# tutorial-sized softmaxes then print PyTorch's digits (a row summing to exactly 1. instead of
# 1.0000: 97-99% of random rows against 81-95%); above it (attention maps, large vocabularies) the
# float32 loop keeps training steps fast.
_EXACT_EXP_SOFTMAX = 32768
_EXACT_EXP_LOG_SOFTMAX = 1 << 20
# log_softmax's backward recomputes exp(output): float64-rounded up to this many elements
# (tutorial-sized batches: 96-99% of PyTorch's gradient bits), NumPy's float32 loop above it
# (84-97%; 20 us less at 512 x 10 in a training step's cross entropy).
_EXACT_EXP_LOG_SOFTMAX_GRAD = 1024


def _exp_like_aten(s, limit: int):
    """``exp(s)`` as PyTorch's vectorised kernels give it: for float32 NumPy arrays of at most
    ``limit`` elements, evaluated in float64 and rounded (Sleef agrees with that in ~99% of
    elements, NumPy's float32 loop in ~60%)."""
    if s.__class__ is np.ndarray and s.dtype == np.float32 and s.size <= limit:
        return np.exp(s, out=np.empty_like(s), dtype=np.float64, casting="unsafe")  # rounded once
    return np.exp(s)


def _log_softmax_lastdim(s: np.ndarray) -> np.ndarray:
    """ATen's ``_vec_log_softmax_lastdim`` on ``s = x - max``: ``s - log(sum(exp(s)))`` with the sum
    in vector-lane order.  For float32 the ``exp`` and ``log`` are evaluated in float64 and
    rounded: PyTorch's Sleef kernels (1-ulp) agree with that in ~99% of cases, NumPy's float32
    loops in ~60% (``exp``); the whole log-softmax then matches PyTorch's bits in ~99% of
    elements instead of ~80%, and so do cross-entropy losses printed with ``.item()``."""
    e = _exp_like_aten(s, _EXACT_EXP_LOG_SOFTMAX)
    if s.dtype == np.float32:
        lse = np.log(_lastdim_vec_sum(e), dtype=np.float64).astype(np.float32)
    else:
        lse = np.log(_lastdim_vec_sum(e))
    return np.subtract(s, lse, out=s)


def log_softmax(input: Tensor, dim=_REQUIRED, dtype=None, *, _stacklevel=3, axis=NP_UNSET) -> Tensor:
    """``torch.log_softmax`` (``x - max - log(sum(exp(x - max)))``)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('log_softmax', dim, None, axis, NP_UNSET, _REQUIRED)
    if dim.__class__ is not int:  # (PyTorch's parser error for a dim of another type)
        _check_int_dim("log_softmax", dim, ["dim", "dtype"], "int", allow_none=False)
    if dim is _REQUIRED:
        raise TypeError('log_softmax() missing 1 required positional arguments: "dim"')
    x = input
    d, dd = _softmax_prep(x, dim, dtype, "log_softmax")
    half = d.dtype == np.float16
    if half:  # computed in float32 and rounded once, as PyTorch's CPU kernel does for Half
        d = d.astype(np.float32)
    if d.ndim == 0:
        data = np.zeros_like(d)
    elif d.size == 0:
        data = d.copy()
    elif half and dd == d.ndim - 1:   # ATen's last-dim Half kernel keeps the row sum and its log in Half
        s = d - d.max(axis=dd, keepdims=True)
        tot = np.exp(s).sum(axis=dd, keepdims=True).astype(np.float16)
        data = s - np.log(tot.astype(np.float32)).astype(np.float16).astype(np.float32)
    elif _short_rows(d, dd):
        data = _log_softmax_short_rows(d)
    else:
        s = d - d.max(axis=dd, keepdims=True)
        # no errstate needed: each row's sum holds exp(0) = 1 (or is NaN), so the log never sees 0
        if dd == d.ndim - 1 and d.dtype in _SOFTMAX_LANES and d.__class__ is np.ndarray:
            data = _log_softmax_lastdim(s)
        else:  # ATen's _vec_log_softmax over an inner dim: sums in order, exp and log as in the last-dim path
            tot = _exp_like_aten(s, _EXACT_EXP_LOG_SOFTMAX).sum(axis=dd, keepdims=True)
            if s.dtype == np.float32:
                data = s - np.log(tot, dtype=np.float64).astype(np.float32)
            else:
                data = s - np.log(tot)
    if half:
        data = data.astype(np.float16)
    res = log_softmax_result(x, _scalar_out(data), dd)
    if dim < 0 and res.grad_fn is not None:
        res.grad_fn.dim_arg = dim
    return res


def log_softmax_result(x: Tensor, data, dd: int) -> Tensor:
    """``data`` (``log_softmax(x)`` over dim ``dd``) as a tensor recording ``LogSoftmaxBackward0``,
    which saves that output, when ``x`` needs grad."""
    if not _needs(x):
        return _finish(data, None)
    xd = x._data
    if data.__class__ is np.ndarray and data.dtype is xd.dtype and data.shape == xd.shape:
        # same shape and dtype as the input: ``wrap_same``'s node and tensor, then the saved alias
        # of the output (``saved_output``) made in place (1.9 -> 0.9 us)
        res = wrap_same(LogSoftmaxBackward0, x, data)
        node = res.grad_fn
        node.dim = dd
        alias = _make(data)
        alias._vc = res._vc = [0]
        alias._ext = _SAVED_OUTPUT_EXT
        node._saved = (alias,)
        node._versions = (0,)
        return res
    node = LogSoftmaxBackward0((x,))
    node.dim = dd
    res = _finish(data, node)
    node.save(_saved_output(node, res))
    return res


# ------------------------------------------------------------- hash_tensor
_HASH_UNSUPPORTED = ("c", "uint16", "uint32", "uint64")


def _hash_dim_arg(dim):
    """``hash_tensor``'s ``int[1]? dim``: an int, a sequence of ints or None (PyTorch's parser error else)."""
    if dim is None or isinstance(dim, (int, np.integer)) and not isinstance(dim, bool):
        return dim
    if isinstance(dim, (tuple, list)):
        ints = [d for d in dim if isinstance(d, (int, np.integer))]  # (``all`` is this module's reduction)
        if len(ints) == len(dim):
            return tuple(int(d) for d in dim)
    raise TypeError(f"hash_tensor(): argument 'dim' (position 2) must be tuple of ints, not {type(dim).__name__}")


def _hash_bits(d: np.ndarray) -> np.ndarray:
    """Each element upcast to its 64-bit float / integer equivalent, read as ``uint64`` bits."""
    if d.dtype.kind == "f":
        return np.asarray(d, dtype=np.float64).view(np.uint64)
    if d.dtype.kind == "b":
        return np.asarray(d, dtype=np.uint64)
    return np.asarray(d, dtype=np.int64).view(np.uint64)


def hash_tensor(input: Tensor, dim=None, *, keepdim: bool = False, mode: int = 0, out=None, axis=NP_UNSET,
                keepdims=NP_UNSET) -> Tensor:
    """``torch.hash_tensor`` (PyTorch 2.13): mode 0 xor-reduces the elements' 64-bit patterns (floats
    as float64, integers and bools as int64) over ``dim`` (all dims when None or empty) into a
    ``uint64`` tensor.  ATen's order of checks: ``out``'s dtype, empty reductions, the mode, then the
    input dtype (no complex or wide unsigned kernel)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('hash_tensor', dim, keepdim, axis, keepdims, None)
    if not isinstance(input, Tensor):
        raise TypeError(f"hash_tensor(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if not isinstance(mode, (int, np.integer)) or isinstance(mode, bool):
        raise TypeError(f"hash_tensor(): argument 'mode' must be int, not {type(mode).__name__}")
    dim = _hash_dim_arg(dim)
    if out is not None and isinstance(out, Tensor) and out._data.dtype != np.uint64:
        raise RuntimeError(f"Expected result to be of dtype uint64, but got {_tname(out._data)}")
    d = _arr(input)
    if not isinstance(d, np.ndarray):
        d = np.asarray(d)
    if d.size == 0:
        if dim is None or (isinstance(dim, tuple) and not dim):
            raise RuntimeError("hash_tensor: Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument.")
        for k in _normalize_dims(dim, d.ndim):
            if d.ndim and d.shape[k] == 0:
                raise IndexError(f"hash_tensor: Expected reduction dim {k} to have non-zero size.")
    if mode != 0:
        raise RuntimeError(f"Unknown hash_tensor mode: {mode}")
    if d.dtype.kind in _HASH_UNSUPPORTED or d.dtype.name in _HASH_UNSUPPORTED:
        raise NotImplementedError(f'"xor_sum_cpu" not implemented for \'{_tname(d)}\'')
    dims = _normalize_dims(None if dim == () else dim, d.ndim)
    bits = _hash_bits(d)
    if d.ndim == 0:
        data = bits.reshape(()).copy()
    else:
        data = np.bitwise_xor.reduce(bits, axis=dims, keepdims=bool(keepdim))
    return _write_out(out, _make(_scalar_out(np.asarray(data, dtype=np.uint64))), "hash_tensor")


# ------------------------------------------------------------- registration
TENSOR_METHODS = {
    "hash_tensor": hash_tensor,
    "prod": prod, "max": max, "min": min, "amax": amax, "amin": amin, "aminmax": aminmax, "argmax": argmax,
    "argmin": argmin, "var": var, "std": std, "norm": norm, "logsumexp": logsumexp, "cumsum": cumsum,
    "cumprod": cumprod, "cummax": cummax, "cummin": cummin, "logcumsumexp": logcumsumexp, "all": all,
    "any": any, "count_nonzero": count_nonzero, "sort": _sort_method, "argsort": argsort, "msort": msort,
    "topk": topk, "kthvalue": kthvalue, "median": median, "nanmedian": nanmedian, "mode": mode,
    "nansum": nansum, "nanmean": nanmean, "softmax": softmax, "log_softmax": log_softmax,
}

INPLACE_METHODS = {"cumsum_": cumsum, "cumprod_": cumprod}
