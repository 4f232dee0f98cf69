"""Reductions: sum, mean and the broadcast helpers ``sum_to_size``/``expand``.

``dim`` may be an int, a tuple of ints or ``None``; ``keepdim`` keeps the
reduced axes with size 1, as in PyTorch.  Node names follow PyTorch:
``SumBackward0`` for a full reduction and ``SumBackward1`` with ``dim``.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ._cascade_sum import faithful_sum
from ._common import GRAD, Node, Tensor, _make, finish, needs_grad, write_out
from ._common import NP_UNSET, numpy_dim_names


def normalize_dims(dim, ndim: int) -> tuple:
    """Wrap and validate ``dim`` (int, sequence or None) into a sorted tuple."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        dims = [_wrap(d, ndim) for d in dim]
    else:
        dims = [_wrap(dim, ndim)]
    seen = set()
    for d in dims:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    return tuple(sorted(dims))


_DIM_SIGNATURES = {
    "sum": ("Tensor input, *, torch.dtype dtype = None",
            "Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None"),
    "mean": ("Tensor input, *, torch.dtype dtype = None, Tensor out = None",
             "Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None"),
}


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) or (isinstance(v, Tensor) and v._data.ndim == 0
                                                and v._data.dtype.kind in "iu")


def check_dim_arg(name: str, input, dim, keepdim, dtype, out) -> None:
    """PyTorch's parser error for a ``sum``/``mean`` ``dim`` that is not an int or a sequence of ints
    (``x.sum(dim=1.0)``, ``x.sum(True)``: the parser takes no bool for an int).  Only called when ``dim``
    is not a plain int."""
    if dim is None or (_is_int(dim) and dim.__class__ is not bool):
        return
    if isinstance(dim, (tuple, list)):
        bad = [k for k, v in enumerate(dim) if not _is_int(v)]
        if not bad:
            return
        if len(dim) > 1:
            from ._argerrors import type_name
            raise TypeError(f"{name}(): argument 'dim' failed to unpack the object at pos {bad[0] + 1} with error "
                            f"\"type must be tuple of ints,but got {type_name(dim[bad[0]])}\"")
    from ._argerrors import parser_error
    values = {"dim": dim, "keepdim": keepdim, "dtype": dtype, "out": out}
    err = parser_error(name, _DIM_SIGNATURES[name], input, ["dim", "keepdim", "dtype", "out"], values, "dim",
                       "tuple of ints")
    if err is not None:
        raise err


def check_int_dim(name: str, dim, params, want: str = "int", allow_none: bool = True) -> None:
    """PyTorch's parser error for a ``dim`` of the wrong type (``x.cumsum(1.0)``: ``cumsum(): argument
    'dim' (position 1) must be int, not float``); ``want`` is ``int`` or ``tuple of ints``.  Called
    only when ``dim`` is not a plain int; sentinels pass, and None unless ``allow_none`` is false (an
    op with no ``dim=None`` overload: ``x.softmax(None)``)."""
    if (dim is None and allow_none) or type(dim) is object or (_is_int(dim) and dim.__class__ is not bool):
        return
    if isinstance(dim, (tuple, list)) and want == "tuple of ints":
        bad = [k for k, v in enumerate(dim) if not _is_int(v)]
        if not bad or len(dim) == 1:
            return
        from ._argerrors import type_name
        raise TypeError(f"{name}(): argument 'dim' failed to unpack the object at pos {bad[0] + 1} with error "
                        f"\"type must be tuple of ints,but got {type_name(dim[bad[0]])}\"")
    from ._argerrors import argument_type_error
    raise argument_type_error(name, params, "dim", want, dim)


def check_keepdim(name: str, keepdim, params=("dim", "keepdim"), sigs=None, input=None, dim=None) -> None:
    """PyTorch's parser error for a ``keepdim`` that is not a Python bool (``q.max(1, 1)``: ``max():
    argument 'keepdim' (position 2) must be bool, not int``; an int, a NumPy bool or a tensor is
    refused).  ``params``: the op's parameters after ``input``, for the position.  ``sigs``: the
    function overloads of ops (``max``, ``min``, ``mean``) whose top-level form ``torch.max(x, 1, 1)``
    reports PyTorch's "invalid combination of arguments" instead (their method form keeps the short
    error); ``input`` and ``dim`` are then that call's arguments.  Called only when ``keepdim`` is not
    a bool."""
    if keepdim.__class__ is bool:
        return
    from ._argerrors import argument_type_error, format_overload_error, user_call_site
    site = user_call_site(name) if sigs is not None else None
    if site is not None and not site[0]:
        _, n_pos, kwnames = site
        values = {"input": input, "dim": dim, "keepdim": keepdim}
        if n_pos <= 3 and all(k in values for k in kwnames):
            given = [input, dim, keepdim][:n_pos]
            given_kw = [(k, values[k]) for k in reversed(kwnames)]
            raise TypeError(format_overload_error(name, sigs, given, given_kw))
    raise argument_type_error(name, list(params), "keepdim", "bool", keepdim)


def keepdim_without_dim_error(name: str, input, keepdim, dtype, out):
    """PyTorch's parser error for ``x.sum(keepdim=True)``: the overload without ``dim`` takes no
    ``keepdim`` (``sum() received an invalid combination of arguments - got (keepdim=bool, )``).
    Only called when ``keepdim`` is true and no ``dim`` was passed."""
    from ._argerrors import parser_error
    values = {"dim": None, "keepdim": keepdim, "keepdims": keepdim, "dtype": dtype, "out": out}
    err = parser_error(name, _DIM_SIGNATURES[name], input, ["dim", "keepdim", "dtype", "out"], values, None, "")
    return err if err is not None else TypeError(f"{name}(): keepdim given without dim")


def _empty_dims(dim) -> bool:
    """``dim=()`` / ``dim=[]``: PyTorch's sum/mean then reduce over every dim (still recording SumBackward1)."""
    return dim.__class__ in (tuple, list) and len(dim) == 0


def _wrap(d, ndim: int) -> int:
    if isinstance(d, Tensor):
        d = int(d)
    n = max(ndim, 1)
    if not -n <= d < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {d})")
    return d % n


def _grad_expand(g: Tensor, shape: tuple, dims: tuple, keepdim: bool) -> Tensor:
    """Undo a reduction for backward: re-insert reduced dims then broadcast."""
    if not keepdim and len(shape) > 0:
        for d in dims:
            g = g.unsqueeze(d)
    return g.expand(shape)


def _raw_expand(g, shape: tuple, dims: tuple, keepdim: bool):
    """Array version of ``_grad_expand`` for the engine's raw path."""
    if not keepdim and len(shape) > 0:
        g = np.expand_dims(g, dims)
    return np.broadcast_to(g, shape)


# --------------------------------------------------------------------- sum
class SumBackward0(Node):
    __slots__ = ("shape",)

    def backward(self, g):
        return g.expand(self.shape)

    def vjp(self, g):
        return (np.broadcast_to(g, self.shape),)


class SumBackward1(Node):
    # ``dim_arg``: the ``dim`` argument as given, set only where it differs from ``dims`` (normalised,
    # sorted): PyTorch's ``grad_fn._saved_dim`` shows the argument
    # (``keepdim_arg``: ``keepdim`` as given where ``dim=None`` reduces with ``keepdim`` set internally)
    __slots__ = ("shape", "dims", "keepdim", "dim_arg", "keepdim_arg")

    def backward(self, g):
        return _grad_expand(g, self.shape, self.dims, self.keepdim)

    def vjp(self, g):
        return (_raw_expand(g, self.shape, self.dims, self.keepdim),)


def drop_imaginary(d):
    """The real parts of a complex array cast to a real ``dtype=``, with ATen's copy warning (once per
    process) instead of NumPy's ``ComplexWarning``."""
    from .convert import _warn_complex_to_real
    _warn_complex_to_real()
    return d.real


def _sum_dtype(d, dtype):
    if dtype is not None:
        return dtype.np
    if d.dtype.kind in "biu":
        return np.int64
    return None


class _NoDim:
    """Default of ``dim`` in sum/mean: PyTorch records ``SumBackward0``/``MeanBackward0`` only when no
    ``dim`` is passed at all; an explicit ``dim=None`` selects the ``dim`` overload (``...Backward1``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "None"


_NO_DIM = _NoDim()


def sum(input: Tensor, dim=_NO_DIM, keepdim: bool = False, *, dtype=None, out=None, _method=False,
        axis=NP_UNSET, keepdims=NP_UNSET) -> Tensor:
    """``torch.sum``; integer and bool inputs accumulate as int64 like PyTorch."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('sum', dim, keepdim, axis, keepdims, _NO_DIM)
    x = input  # PyTorch's keyword name
    if dim.__class__ is not int and dim is not _NO_DIM:
        check_dim_arg("sum", x, dim, keepdim, dtype, out)
    if keepdim.__class__ is not bool:
        check_keepdim("sum", keepdim, ("dim", "keepdim", "dtype"))
    if keepdim and dim is _NO_DIM:
        raise keepdim_without_dim_error("sum", input, keepdim, dtype, out)
    if out is not None:
        r = _sum_out_overload(x, dim, keepdim, dtype, out, _method)
        if r is not None:
            return r
    d = x._data
    ndt = _sum_dtype(d, dtype)
    if dtype is not None and d.dtype.kind == "c" and dtype.np.kind != "c":
        d = drop_imaginary(d)
    if dtype is not None and x._rg and GRAD.enabled and dtype.np.kind not in "fc":
        from .inplace import _type_word
        raise RuntimeError(f"Autograd not support dtype: {_type_word(dtype.np)}")
    if dim is _NO_DIM or dim is None:
        data = faithful_sum(d, tuple(range(d.ndim)), False) if ndt is None else None
        if data is None and d.dtype == np.float16 and ndt is None:
            data = _sum_half(d, tuple(range(d.ndim)), False)
        if data is None:
            data = d.sum(dtype=ndt)
        if keepdim:
            data = np.asarray(data).reshape((1,) * d.ndim)
        node = None
        if GRAD.enabled and x._rg:
            if keepdim or dim is None:
                node = SumBackward1((x,))
                node.shape, node.dims, node.keepdim, node.dim_arg = d.shape, tuple(range(d.ndim)), True, dim
                node.keepdim_arg = keepdim
            else:
                node = SumBackward0((x,))
                node.shape = d.shape
        return write_out(out, finish(data, node))
    dims = normalize_dims(dim, d.ndim) if not _empty_dims(dim) else tuple(range(d.ndim))
    if d.ndim == 0:
        data = d.sum(dtype=ndt) if ndt is not None else d
    else:
        data = faithful_sum(d, dims, keepdim) if ndt is None else None
        if data is None and d.dtype == np.float16 and ndt is None:
            data = _sum_half(d, dims, keepdim)
        if data is None:
            data = d.sum(axis=dims, keepdims=keepdim, dtype=ndt)
    node = None
    if GRAD.enabled and x._rg:
        node = SumBackward1((x,))
        node.shape, node.dims, node.keepdim = d.shape, dims, keepdim
        if dim.__class__ is not int or dim < 0:
            node.dim_arg = dim
    return write_out(out, finish(data, node))


_SUM_METHOD_SIGNATURES = ("\n * (*, torch.dtype dtype = None)\n"
                          " * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n")
_SUM_SIGNATURES = ("\n * (Tensor input, *, torch.dtype dtype = None)\n"
                   " * (Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, "
                   "Tensor out = None)\n")


def _sum_out_overload(x, dim, keepdim, dtype, out, method: bool):
    """``sum(..., out=)``: PyTorch's argument parser (``Tensor.sum`` takes no ``out``; the full
    reduction has no ``out`` overload), then ``sum.IntList_out``, which sums in ``out``'s dtype
    when no ``dtype`` is given (the input cast to it first).  None: the plain path will do."""
    if dim is _NO_DIM:
        if dtype is not None or keepdim:
            raise TypeError('sum() missing 1 required positional arguments: "dim"')
        got = "(out=Tensor, )" if method else "(Tensor, out=Tensor)"
        raise TypeError(f"sum() received an invalid combination of arguments - got {got}, but expected one of:"
                        + (_SUM_METHOD_SIGNATURES if method else _SUM_SIGNATURES))
    if method:
        raise TypeError("sum() got an unexpected keyword argument 'out'")
    if not isinstance(out, Tensor):
        return None
    od = out._data.dtype
    if dtype is not None:
        if dtype.np != od:
            from ._common import cpp_type_name
            raise RuntimeError(f"Expected out tensor to have dtype {cpp_type_name(dtype.np)}, but got "
                               f"{cpp_type_name(od)} instead")
        return None
    d = x._data
    natural = _sum_dtype(d, None) or d.dtype
    if od == natural:
        return None
    if GRAD.enabled and x._rg:
        raise RuntimeError("sum(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    odt = D.from_numpy_dtype(od)
    return sum(x.to(odt), dim, keepdim, dtype=odt, out=out)


def _not_expandable(size, shape) -> RuntimeError:
    """``sum_to_size``'s error; PyTorch prints both sizes as ``{[a, b]}``."""
    return RuntimeError(f"size {{[{', '.join(map(str, size))}]}} is not expandable to size "
                        f"{{[{', '.join(map(str, shape))}]}}.")


def sum_to_size(x: Tensor, *size) -> Tensor:
    """``Tensor.sum_to_size``: sum broadcast dims so the result has ``size``."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    shape = x._data.shape
    if not size:  # (ATen's ``sum_to`` of an empty shape is a full ``sum()``, a 0-d input's too)
        return sum(x)
    if tuple(size) == shape:
        return x
    lead = len(shape) - len(size)
    if lead < 0:
        raise _not_expandable(size, shape)
    dims = list(range(lead))
    for i, s in enumerate(size):
        if s == 1 and shape[lead + i] != 1:
            dims.append(lead + i)
        elif s != shape[lead + i]:
            raise _not_expandable(size, shape)
    r = sum(x, tuple(dims), keepdim=True) if dims else x
    if lead:
        r = r.reshape(tuple(size))
    return r


# -------------------------------------------------------------------- mean
class MeanBackward0(Node):
    __slots__ = ("shape", "count")

    def backward(self, g):  # ``grad.expand(sizes) / numel``: a DivBackward1 under create_graph
        from .pointwise import div_scalar
        return div_scalar(g.expand(self.shape), self.count)

    def vjp(self, g):
        return (np.broadcast_to(g, self.shape) / self.count,)


class MeanBackward1(Node):
    __slots__ = ("shape", "dims", "keepdim", "count", "dim_arg", "keepdim_arg")  # (as SumBackward1's)

    def backward(self, g):
        from .pointwise import div_scalar
        return div_scalar(_grad_expand(g, self.shape, self.dims, self.keepdim), self.count)

    def vjp(self, g):
        return (_raw_expand(g, self.shape, self.dims, self.keepdim) / self.count,)


def mean(input: Tensor, dim=_NO_DIM, keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
         keepdims=NP_UNSET) -> Tensor:
    """``torch.mean``; integer inputs raise PyTorch's error (pass ``dtype``)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = numpy_dim_names('mean', dim, keepdim, axis, keepdims, _NO_DIM)
    x = input  # PyTorch's keyword name
    if out is not None:  # (``Tensor.mean`` takes no ``out``)
        from .reduction_ext import _method_takes_no_out
        _method_takes_no_out("mean")
    if dim.__class__ is not int and dim is not _NO_DIM:
        check_dim_arg("mean", x, dim, keepdim, dtype, out)
    if keepdim.__class__ is not bool:
        check_keepdim("mean", keepdim, ("dim", "keepdim", "dtype"), _DIM_SIGNATURES['mean'], input, dim)
    if keepdim and dim is _NO_DIM:
        raise keepdim_without_dim_error("mean", input, keepdim, dtype, out)
    d = x._data
    if dtype is not None:
        if dtype.np.kind not in "fc":
            from .inplace import _type_word
            raise RuntimeError("mean(): could not infer output dtype. Optional dtype must be either a floating point "
                               f"or complex dtype. Got: {_type_word(dtype.np)}")
        if d.dtype.kind == "c" and dtype.np.kind != "c":
            d = drop_imaginary(d)
        d = d.astype(dtype.np)
    elif d.dtype.kind not in "fc":
        from .inplace import _type_word
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
            f"Got: {_type_word(d.dtype)}"
        )
    if dim is _NO_DIM or dim is None:
        data = _mean(d, tuple(range(d.ndim)), False)
        if keepdim:
            data = np.asarray(data).reshape((1,) * d.ndim)
        node = None
        if GRAD.enabled and x._rg:
            if keepdim or dim is None:
                node = MeanBackward1((x,))
                node.shape, node.dims, node.keepdim, node.count = d.shape, tuple(range(d.ndim)), True, d.size
                node.dim_arg, node.keepdim_arg = dim, keepdim
            else:
                node = MeanBackward0((x,))
                node.shape, node.count = d.shape, d.size
        if data.dtype != d.dtype:
            data = data.astype(d.dtype)
        return write_out(out, finish(data, node))
    dims = normalize_dims(dim, d.ndim) if not _empty_dims(dim) else tuple(range(d.ndim))
    data = _mean(d, dims, keepdim) if d.ndim else d
    count = 1
    for i in dims:
        count *= d.shape[i] if d.ndim else 1
    node = None
    if GRAD.enabled and x._rg:
        node = MeanBackward1((x,))
        node.shape, node.dims, node.keepdim, node.count = d.shape, dims, keepdim, count
        if dim.__class__ is not int or dim < 0:
            node.dim_arg = dim
    return write_out(out, finish(data, node))


def _mean(d, dims: tuple, keepdim: bool):
    """Mean as PyTorch computes it: the (cascade-ordered) sum divided by the count."""
    s = faithful_sum(d, dims, keepdim)
    if s is None and d.dtype == np.float16:
        return _mean_half(d, dims, keepdim)
    if s is None and not d.size:
        return _mean_of_empty(d, dims, keepdim)
    if s is None:
        return d.mean(axis=dims, keepdims=keepdim) if dims != tuple(range(d.ndim)) or keepdim else d.mean()
    count = 1
    for i in dims:
        count *= d.shape[i]
    r = s / d.dtype.type(count)
    return r


def _mean_of_empty(d, dims: tuple, keepdim: bool):
    """The mean over an empty selection: NaN (PyTorch's 0/0), without NumPy's empty-slice warning."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sum(d, axis=dims, keepdims=keepdim) / d.dtype.type(0)


def _mean_half(d, dims: tuple, keepdim: bool):
    """float16 mean: PyTorch's CPU kernel sums and divides in float32, then rounds once to float16."""
    wide = d.astype(np.float32)
    s = faithful_sum(wide, dims, keepdim)
    if s is None:
        s = np.sum(wide, axis=dims, keepdims=keepdim)
    count = 1
    for i in dims:
        count *= d.shape[i]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (s / np.float32(count)).astype(np.float16)


def _sum_half(d, dims: tuple, keepdim: bool):
    """float16 sum: PyTorch's CPU kernel accumulates in float32 and rounds once to float16."""
    wide = d.astype(np.float32)
    s = faithful_sum(wide, dims, keepdim)
    if s is None:
        s = np.sum(wide, axis=dims, keepdims=keepdim)
    return np.asarray(s).astype(np.float16)



from ._common import method_twin as _method_twin  # noqa: E402

sum_method = _method_twin(sum, _method=True)
