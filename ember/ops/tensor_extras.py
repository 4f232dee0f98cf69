"""Assorted ``torch.Tensor`` methods that libraries expect to find.

* in-place inverse hyperbolics (``asinh_``, ``acosh_``, ``atanh_`` and their
  ``arc*`` aliases): PyTorch records ``AsinhBackward1``/``AcoshBackward1``/
  ``AtanhBackward1``, whose backward raises "the derivative for 'inplace
  version of asinh' is not implemented." (``derivatives.yaml`` marks them
  ``not_implemented``), and so does ember;
* ``float_power_``: PyTorch's composite, a dtype check then ``pow_``;
* method forms of existing functions (``hardshrink``, ``prelu``), and
  ``adjoint``, ``narrow_copy``, the ``unsafe_*`` splits (not views, recorded
  as ``UnsafeSplitBackward0``/``UnsafeSplitWithSizesBackward0``), ``put``/``put_``,
  ``index_reduce``, ``histogram``, ``nonzero_static``, ``new_empty_strided``,
  ``resize_``/``resize_as_``;
* flags and no-op helpers (``is_meta``, ``is_conj()``, ``pin_memory``,
  ``share_memory_``, ``conj``, ``resolve_conj``, ``real``, ``dim_order`` ...);
* ``apply_``/``map_``/``map2_``: Python callables applied element by element.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ._common import scalar_out as _scalar_out, GRAD as _GRAD, Node, Tensor, _make, broadcast_error, finish as _finish, \
    needs_grad as _needs_grad
from . import pointwise as _pw
from .reduction_ext import _tname
from .shape_ext import SplitBackward0
from ._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _numpy_dim_names, numpy_required as _numpy_required

_ndarray = np.ndarray


# ------------------------------------------------------------------ helpers
def _arr(x: Tensor) -> np.ndarray:
    d = x._data
    return d if d.__class__ is _ndarray else np.asarray(d)


def _wrap_dim(dim: int, ndim: int) -> int:
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _is_complex(x: Tensor) -> bool:
    return _arr(x).dtype.kind == "c"


# ------------------------------------------- in-place inverse hyperbolics
class _NotImplementedInplace(Node):
    """Backward of an in-place op that ``derivatives.yaml`` marks ``not_implemented``."""

    __slots__ = ()
    what = ""

    def backward(self, g):
        raise NotImplementedError(f"the derivative for '{self.what}' is not implemented.")


class AsinhBackward1(_NotImplementedInplace):
    __slots__ = ()
    what = "inplace version of asinh"


class AcoshBackward1(_NotImplementedInplace):
    __slots__ = ()
    what = "inplace version of acosh"


class AtanhBackward1(_NotImplementedInplace):
    __slots__ = ()
    what = "inplace version of atanh"


def _inplace_unary(op, node_cls):
    """Out-of-place helper for ``x.op_()``: values of ``op``, PyTorch's in-place node."""

    def fn(self: Tensor) -> Tensor:
        prev = _GRAD.enabled
        _GRAD.enabled = False
        try:
            r = op(self)
        finally:
            _GRAD.enabled = prev
        node = node_cls((self,)) if _needs_grad(self) else None
        return _finish(r._data, node)

    fn.__name__ = op.__name__
    return fn


_asinh_ip = _inplace_unary(_pw.asinh, AsinhBackward1)
_acosh_ip = _inplace_unary(_pw.acosh, AcoshBackward1)
_atanh_ip = _inplace_unary(_pw.atanh, AtanhBackward1)


def _float_power_(self: Tensor, exponent) -> Tensor:
    """``Tensor.float_power_``: PyTorch checks that ``self`` already has the
    result dtype (float64, or complex128 for complex operands), then runs ``pow_``."""
    cplx = (_is_complex(self) or (isinstance(exponent, Tensor) and _is_complex(exponent))
            or isinstance(exponent, complex))
    want = np.complex128 if cplx else np.float64
    have = _arr(self).dtype
    if have != want:
        raise RuntimeError(f"the base given to float_power_ has dtype {_tname(np.empty(0, have))} but the "
                           f"operation's result requires dtype {_tname(np.empty(0, want))}")
    if isinstance(exponent, Tensor) and _arr(exponent).dtype != want:
        exponent = exponent.to(D.from_numpy_dtype(np.dtype(want)))
    return self.pow_(exponent)


# ------------------------------------------------ method forms / aliases
def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``torch.hardshrink`` / ``Tensor.hardshrink``: ``nn.functional.hardshrink``."""
    from ..nn import functional as F
    return F.hardshrink(input, lambd)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``torch.prelu`` / ``Tensor.prelu``: ``nn.functional.prelu``."""
    from ..nn import functional as F
    return F.prelu(input, weight)


def adjoint(input: Tensor) -> Tensor:
    """``torch.adjoint``: ``transpose(-2, -1)`` (conjugated for complex), a view."""
    if input.dim() < 2:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. "
                           f"Got {input.dim()}-D tensor.")
    t = input.transpose(-2, -1)
    return conj(t) if _is_complex(t) else t


class NarrowCopyBackward0(Node):
    """``narrow_copy``: the gradient is scattered back into zeros of the input's shape."""

    __slots__ = ("dim", "start", "length", "shape")

    def backward(self, g):
        from .creation import zeros
        z = zeros(self.shape, dtype=g.dtype)
        idx = (slice(None),) * self.dim + (slice(self.start, self.start + self.length),)
        target = np.empty(self.shape, dtype=bool)[idx].shape
        if target != tuple(g.shape):
            raise broadcast_error(target, tuple(g.shape))
        z[idx] = g
        return (z,)


def narrow_copy(input: Tensor, dim: int = _NP_UNSET, start: int = _NP_UNSET, length: int = _NP_UNSET, *,
                axis=_NP_UNSET) -> Tensor:
    """``torch.narrow_copy``: ``narrow(...)`` as a fresh tensor, recorded as ``NarrowCopyBackward0``."""
    if dim is _NP_UNSET or start is _NP_UNSET or length is _NP_UNSET or axis is not _NP_UNSET:
        dim = _numpy_required("narrow_copy", axis, dim=dim, start=start, length=length)
    nd = input.dim()
    if dim >= nd and nd:  # (ATen's narrow_copy checks this with a bare TORCH_CHECK, before wrapping)
        raise RuntimeError("Expected dim < static_cast<int64_t>(self_sizes.size()) to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report an enhancement request "
                           "to PyTorch.)")
    if length < 0 and nd:
        n = input.shape[_wrap_dim(dim, nd)]
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    prev = _GRAD.enabled
    _GRAD.enabled = False
    try:
        v = input.narrow(dim, start, length)
    finally:
        _GRAD.enabled = prev
    data = np.array(_arr(v), copy=True, order="C")  # (ATen's narrow_copy writes a fresh contiguous tensor)
    node = None
    if _needs_grad(input):
        node = NarrowCopyBackward0((input,))
        node.dim = _wrap_dim(dim, input.dim())
        node.start = start  # PyTorch's backward uses the raw start, so a negative one fails there as well
        node.length = length
        node.shape = tuple(input.shape)
    return _finish(_scalar_out(data), node)


# ------------------------------------------------------------ unsafe splits
class UnsafeSplitBackward0(SplitBackward0):
    """``unsafe_split``/``unsafe_chunk``: ``split``'s backward (concatenate the pieces' gradients)."""

    __slots__ = ()


class UnsafeSplitWithSizesBackward0(SplitBackward0):
    """``unsafe_split_with_sizes``: ``split_with_sizes``'s backward."""

    __slots__ = ()


def _unsafe_outputs(input: Tensor, views: tuple, node_cls) -> tuple:
    """Re-wrap the pieces of a split as non-view tensors sharing the input's memory."""
    node = None
    src = views[0].grad_fn if views else None
    if _needs_grad(input) and src is not None:
        node = node_cls((input,))
        node.n, node.dim, node.sizes, node.shape = src.n, src.dim, src.sizes, src.shape
    outs = []
    for i, v in enumerate(views):
        t = _finish(v._data, node)
        t._out_nr = i
        outs.append(t)
    return tuple(outs)


def unsafe_split(tensor: Tensor, split_size: int, dim: int = 0, *, axis=_NP_UNSET) -> tuple:
    """``torch.unsafe_split``: ``split`` whose pieces are not tracked as views (``UnsafeSplitBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("unsafe_split", dim, None, axis, _NP_UNSET, 0)
    from .shape_ext import split
    return _unsafe_outputs(tensor, split(tensor, split_size, dim), UnsafeSplitBackward0)


def unsafe_split_with_sizes(input: Tensor, split_sizes, dim: int = 0, *, axis=_NP_UNSET) -> tuple:
    """``torch.unsafe_split_with_sizes``: recorded as ``UnsafeSplitWithSizesBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("unsafe_split_with_sizes", dim, None, axis, _NP_UNSET, 0)
    from .shape_ext import split
    return _unsafe_outputs(input, split(input, list(split_sizes), dim), UnsafeSplitWithSizesBackward0)


def unsafe_chunk(input: Tensor, chunks: int, dim: int = 0, *, axis=_NP_UNSET) -> tuple:
    """``torch.unsafe_chunk``: ``chunk`` as ``unsafe_split`` (``UnsafeSplitBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("unsafe_chunk", dim, None, axis, _NP_UNSET, 0)
    from .shape_ext import chunk
    return _unsafe_outputs(input, chunk(input, chunks, dim), UnsafeSplitBackward0)


# ---------------------------------------------------------- conj / real
class ConjBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return (conj(g),)


class ConjPhysicalBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return (conj_physical(g),)


def _conj_record(input: Tensor, node_cls) -> Tensor:
    data = np.conj(_arr(input))
    node = node_cls((input,)) if _needs_grad(input) else None
    return _finish(_scalar_out(data), node)


def conj(input: Tensor) -> Tensor:
    """``torch.conj``: ``input`` itself for non-complex tensors; for complex ember
    conjugates eagerly (PyTorch returns a lazy view with the conj bit)."""
    if not _is_complex(input):
        return input
    return _conj_record(input, ConjBackward0)


def conj_physical(input: Tensor) -> Tensor:
    """``torch.conj_physical``: ``input`` itself for non-complex tensors, else ``ConjPhysicalBackward0``."""
    if not _is_complex(input):
        return input
    return _conj_record(input, ConjPhysicalBackward0)


def conj_physical_(input: Tensor) -> Tensor:
    """``torch.conj_physical_``: in place; for non-complex tensors only the version counter moves (as PyTorch)."""
    if not _is_complex(input):
        input._bump_version()
        return input
    from .inplace import apply_inplace
    return apply_inplace(input, conj_physical)


def resolve_conj(input: Tensor) -> Tensor:
    """``torch.resolve_conj``: ember never sets the conj bit, so ``input`` itself."""
    return input


def resolve_neg(input: Tensor) -> Tensor:
    """``torch.resolve_neg``: ember never sets the negative bit, so ``input`` itself."""
    return input


def is_conj(input: Tensor) -> bool:
    """``torch.is_conj``: always False (no lazy conjugation in ember)."""
    return False


def is_neg(input: Tensor) -> bool:
    """``torch.is_neg``: always False (no lazy negation in ember)."""
    return False


def isreal(input: Tensor) -> Tensor:
    """``torch.isreal``: True everywhere for real dtypes, ``imag == 0`` for complex."""
    d = _arr(input)
    if d.dtype.kind == "c":
        return _make(_scalar_out(d.imag == 0))
    return _make(_scalar_out(np.ones(d.shape, dtype=bool)))


def real(input: Tensor) -> Tensor:
    """``torch.real``: ``input`` itself for real tensors; for complex ones a view of the real part,
    ``select(view_as_real(input), -1, 0)`` as in PyTorch (grad_fn ``SelectBackward0``)."""
    if not _is_complex(input):
        return input
    from .misc_top import view_as_real
    from .shape_ext import select
    return select(view_as_real(input), -1, 0)


# ------------------------------------------------------------ flags
def _false_property(name: str) -> property:
    def get(self) -> bool:
        return False

    get.__name__ = name
    get.__doc__ = f"``Tensor.{name}``: always False in ember (CPU/CuPy strided tensors only)."
    return property(get)


def _is_pinned(self: Tensor, device=None) -> bool:
    """``Tensor.is_pinned``: ember never pins host memory."""
    return False


def _pin_memory(self: Tensor, device=None) -> Tensor:
    """``Tensor.pin_memory``: PyTorch raises without an accelerator; with CuPy ember returns a copy."""
    from .. import cuda
    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return self.clone()


def _is_shared(self: Tensor) -> bool:
    """``Tensor.is_shared``: True after ``share_memory_()``."""
    return bool(self._ext and self._ext.get("shared"))


def _share_memory_(self: Tensor) -> Tensor:
    """``Tensor.share_memory_``: marks the tensor shared (NumPy memory is already process-local)."""
    self._get_ext()["shared"] = True
    return self


def _strides(self: Tensor) -> tuple:
    return tuple(self.stride())


def _is_contiguous_strides(shape, strides) -> bool:
    expected = 1
    for n, s in zip(reversed(shape), reversed(strides)):
        if n == 1:
            continue
        if s != expected:
            return False
        expected *= n
    return True


def _is_channels_last(shape, strides) -> bool:
    if len(shape) != 4:
        return False
    order = (1, 3, 2, 0)
    expected = 1
    for d in order:
        if shape[d] == 0:
            return True
        if shape[d] == 1:
            continue
        if strides[d] != expected:
            return False
        expected *= shape[d]
    return True


def _ge(a: int, b: int) -> bool:
    if b == 0:
        return True
    if a == 0:
        return False
    return a >= b or a % b == 0


def _should_swap(shape, strides, a: int, b: int) -> int:
    sa, sb = strides[a], strides[b]
    if sa == 0 or sb == 0:
        return 0
    if sa == sb:
        return 0 if _ge(shape[b], shape[a]) else 1
    if _ge(sb, sa):
        return -1
    if _ge(sa, sb):
        return 1
    return 0


def _dim_order(self: Tensor, *, ambiguity_check: bool = False) -> tuple:
    """``Tensor.dim_order``: PyTorch's ``compute_elementwise_output_logical_to_physical_perm``
    (outermost dimension first).  ``ambiguity_check`` is not supported."""
    shape, strides = tuple(self.shape), _strides(self)
    ndim = len(shape)
    if ndim <= 1:
        return tuple(range(ndim))
    contiguous = _is_contiguous_strides(shape, strides)
    channels_last = _is_channels_last(shape, strides)
    if contiguous and not channels_last:
        return tuple(range(ndim))
    if channels_last and not contiguous:
        return (0, *range(2, ndim), 1)
    perm = list(reversed(range(ndim)))
    for i in range(1, ndim):
        d1 = i
        for d0 in reversed(range(i)):
            c = _should_swap(shape, strides, perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return tuple(reversed(perm))


# ------------------------------------------------------- apply_ / map_
def _no_grad_check(name: str, *tensors) -> None:
    for t in tensors:
        if t._rg:
            raise RuntimeError(f"Can't call {name}() on Variable that requires grad. "
                               f"Use var.detach().{name}() instead.")


def _check_number(v, kind: str):
    """The callable's result as a Python number for an array of ``kind`` (PyTorch's argument check)."""
    if kind in "biuf" and not isinstance(v, (int, float, bool, np.number)):
        raise TypeError(f"must be real number, not {type(v).__name__}")
    return v


def _pointwise_apply(self: Tensor, fn, others) -> None:
    """Call ``fn`` on every element of ``self`` (and the broadcast ``others``), storing into ``self``."""
    d = self._data
    shape = np.shape(d)
    srcs = []
    for o in others:
        try:
            srcs.append(np.broadcast_to(_arr(o), shape))
        except ValueError:
            osh = _arr(o).shape
            raise RuntimeError(f"The expanded size of the tensor ({shape[-1] if shape else 1}) must match the "
                               f"existing size ({osh[-1] if osh else 1}) at non-singleton dimension "
                               f"{len(shape) - 1}.  Target sizes: {list(shape)}.  Tensor sizes: {list(osh)}") from None
    if d.__class__ is not _ndarray:  # ember keeps fresh 0-d results as NumPy scalars
        args = [d.item()] + [s.item() for s in srcs]
        self._data = np.asarray(_check_number(fn(*args), d.dtype.kind), dtype=d.dtype)[()]
        return
    for idx in np.ndindex(shape):
        args = [d[idx].item()] + [s[idx].item() for s in srcs]
        d[idx] = _check_number(fn(*args), d.dtype.kind)


def _apply_(self: Tensor, callable) -> Tensor:
    """``Tensor.apply_``: ``callable`` on every element (CPU, no autograd; the version is unchanged, as PyTorch)."""
    _no_grad_check("apply_", self)
    _pointwise_apply(self, callable, ())
    return self


def _map_(self: Tensor, tensor: Tensor, callable) -> Tensor:
    """``Tensor.map_``: ``callable(self_i, tensor_i)`` with ``tensor`` broadcast to ``self``."""
    _no_grad_check("map_", self, tensor)
    if isinstance(tensor, Tensor) and tensor._data.dtype != self._data.dtype:
        raise TypeError(f"map_: expected {self.type()} for 'other' (got {tensor.type()})")
    _pointwise_apply(self, callable, (tensor,))
    return self


def _map2_(self: Tensor, x: Tensor, y: Tensor, callable) -> Tensor:
    """``Tensor.map2_``: ``callable(self_i, x_i, y_i)`` with ``x`` and ``y`` broadcast to ``self``."""
    _no_grad_check("map2_", self, x, y)
    _pointwise_apply(self, callable, (x, y))
    return self


# ------------------------------------------------------------ put / put_
class PutBackward0(Node):
    """``self: grad.put(index, zeros_like(source), accumulate)``, ``source: grad.take(index).reshape_as(source)``."""

    __slots__ = ("index", "accumulate", "source_shape")

    def backward(self, g):
        gs = gsrc = None
        if self._edges[0] is not None:
            from .creation import zeros
            gs = put(g, self.index, zeros(self.source_shape, dtype=g.dtype), self.accumulate)
        if self._edges[1] is not None:
            gsrc = g.take(self.index).reshape(self.source_shape)
        return gs, gsrc


def _put_data(self: Tensor, index: Tensor, source: Tensor, accumulate: bool) -> np.ndarray:
    d = _arr(self)
    idx = _arr(index)
    src = _arr(source)
    if idx.dtype != np.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {_tname(idx)}")
    if src.dtype != d.dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{_tname(d)} and source.dtype = {_tname(src)}")
    if src.size != idx.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {src.size}, index.numel() = {idx.size}")
    n = d.size
    flat_idx = idx.reshape(-1)
    for i in flat_idx:
        if not -n <= i < n:
            raise IndexError(f"out of range: tried to access index {int(i)} on a tensor of {n} elements.")
    out = np.array(d, copy=True).reshape(-1)
    pos = np.where(flat_idx < 0, flat_idx + n, flat_idx)
    if accumulate:
        np.add.at(out, pos, src.reshape(-1))
    else:
        out[pos] = src.reshape(-1)
    out = out.reshape(d.shape)
    if not d.flags.c_contiguous:  # (ATen: ``self.clone(at::MemoryFormat::Preserve).put_(...)``)
        kept = np.empty_like(d, order="K")
        kept[...] = out
        return kept
    return out


def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """``torch.put``: writes ``source`` at flat positions ``index`` of a copy (``PutBackward0``)."""
    if input.__class__ is not Tensor or index.__class__ is not Tensor or source.__class__ is not Tensor:
        from .shape_ext import _arg_type_error  # PyTorch's parser error for a list index (not AttributeError)
        err = _arg_type_error("put", input, ("index", "source"), (index, source), ("Tensor", "Tensor"))
        if err is not None:
            raise err
    data = _put_data(input, index, source, accumulate)
    node = None
    if _needs_grad(input, source):
        node = PutBackward0((input, source))
        node.index, node.accumulate, node.source_shape = index, accumulate, tuple(source.shape)
    return _finish(_scalar_out(data), node)


# ------------------------------------------------------------ histogram
def histogram(input: Tensor, bins=100, *, range=None, weight: Tensor | None = None,
              density: bool = False, out=None):
    """``torch.histogram``: ``return_types.histogram(hist, bin_edges)``; float inputs only,
    equal-width bins from ``range`` (or the input's min/max, widened by 0.5 when equal)."""
    from ..return_types import histogram as _hist_t
    d = _arr(input)
    if not isinstance(bins, Tensor):
        _histogram_bins_type_check(input, bins, range, weight, density, out)
    if d.dtype.kind != "f":
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_tname(d)}'")
    if isinstance(bins, Tensor):  # (ATen checks the inputs, then counts the bins)
        _histogram_check_inputs(d, _arr(bins), weight)
        edges = _arr(bins)
        _histogram_bin_count_check(edges.size - 1)
    else:
        _histogram_bin_count_check(bins)
        edges = _linear_edges(d, int(bins), range)
        _histogram_check_inputs(d, None, weight)
    if weight is None and not isinstance(bins, Tensor):
        hist, _ = np.histogram(d.reshape(-1), bins=edges.astype(np.float64))
        hist = hist.astype(d.dtype)
    else:  # (given edges may be in any order: ATen's kernel counts what lies between the first and last)
        w = np.ones(d.size, d.dtype) if weight is None else _arr(weight).reshape(-1)
        hist = _weighted_hist(d.reshape(-1), edges, w)
    if density:
        widths = np.diff(edges)
        hist = hist / (hist.sum() * widths)
    return _hist_t((_make(hist.astype(d.dtype)), _make(edges)))


_HISTOGRAM_SIGS = ("Tensor input, Tensor bins, *, Tensor weight = None, bool density = False, tuple of Tensors out = None",
                   "Tensor input, int bins = 100, *, tuple of floats range = None, Tensor weight = None, "
                   "bool density = False, tuple of Tensors out = None")


def _histogram_bins_type_check(input, bins, range, weight, density, out) -> None:
    """PyTorch's parser error for ``bins`` that is neither a tensor nor an int (``histogram(x, 2.5)``)."""
    from .shape import _not_int
    if not _not_int(bins):
        return
    from ._argerrors import parser_error
    values = {"bins": bins, "range": range, "weight": weight, "density": density, "out": out}
    err = parser_error("histogram", _HISTOGRAM_SIGS, input, ("bins",), values, None, "",
                       default_site=(False, 2, ()))
    raise err


def _histogram_bin_count_check(count: int) -> None:
    if count <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {count} for dimension 0")


def _histogram_check_inputs(d: np.ndarray, edges, weight) -> None:
    """ATen's ``histogramdd_check_inputs`` for ``torch.histogram`` (the input viewed as ``[numel, 1]``, the
    weight as ``[numel]``): the bins' dtype, rank and size, then the weight's dtype and size."""
    from .reduction_ext import _C10_TYPE_NAMES
    name = lambda dt: _C10_TYPE_NAMES.get(str(dt), str(dt))  # noqa: E731
    if edges is not None:
        if edges.dtype != d.dtype:
            raise RuntimeError("torch.histogramdd: input tensor and bins tensors should have the same dtype, but got "
                               f"input with dtype {name(d.dtype)} and bins for dimension 0 with dtype "
                               f"{name(edges.dtype)}")
        if edges.ndim != 1:
            raise RuntimeError("torch.histogramdd: bins tensor should have one dimension, but got "
                               f"{edges.ndim} dimensions in the bins tensor for dimension 0")
        if edges.size == 0:
            raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements "
                               "in the bins tensor for dimension 0")
    if weight is None:
        return
    w = _arr(weight)
    if w.dtype != d.dtype:
        raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have "
                           f"the same dtype, but got input({name(d.dtype)}), and weight({name(w.dtype)})")
    if w.size != d.size:
        raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have the same shape as the input "
                           f"tensor excluding its innermost dimension, but got input with shape [{d.size}, 1] and "
                           f"weight with shape [{w.size}]")


def _weighted_hist(x: np.ndarray, edges: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted bin sums as ATen's histogram kernel: each element's weight added in turn, in the input's
    dtype (float32 sums round like PyTorch's); the last bin includes its right edge."""
    e = edges.astype(np.float64)
    nb = len(e) - 1
    xs = x.astype(np.float64)
    keep = (xs >= e[0]) & (xs <= e[-1])
    idx = np.searchsorted(e, xs[keep], side="right") - 1
    idx = np.minimum(idx, nb - 1)
    hist = np.zeros(nb, dtype=x.dtype)
    np.add.at(hist, idx, w[keep].astype(x.dtype))
    return hist


def _linear_edges(d: np.ndarray, bins: int, range) -> np.ndarray:
    from .creation import linspace
    if range is not None:
        lo, hi = float(range[0]), float(range[1])
    elif d.size:
        lo, hi = float(d.min()), float(d.max())
    else:  # (an empty input: NumPy's default range [0, 1], as ATen's)
        lo, hi = 0.0, 1.0
    # ATen's torch.histogram runs histogramdd's range checks (and messages), before widening lo == hi
    if lo > hi:
        raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {lo:g} max {hi:g} "
                           "for dimension 0")
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histogramdd: dimension 0's range [{lo:g}, {hi:g}] is not finite")
    if lo == hi:
        lo -= 0.5
        hi += 0.5
    return _arr(linspace(lo, hi, bins + 1, dtype=D.from_numpy_dtype(d.dtype)))


# --------------------------------------------------------- nonzero_static
def nonzero_static(input: Tensor, *, size: int, fill_value: int = -1) -> Tensor:
    """``torch.nonzero_static``: ``nonzero`` truncated or padded with ``fill_value`` to ``size`` rows."""
    if not isinstance(size, (int, np.integer)) or size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    d = _arr(input)
    idx = np.stack(np.nonzero(d), axis=1) if d.ndim else np.zeros((int(d != 0), 0), dtype=np.int64)
    out = np.full((size, d.ndim), fill_value, dtype=np.int64)
    k = min(size, idx.shape[0])
    out[:k] = idx[:k]
    return _make(out)


# ------------------------------------------------- new_empty_strided / resize_
def _new_empty_strided(self: Tensor, size, stride, *, dtype=None, layout=None, device=None,
                       pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """``Tensor.new_empty_strided``: uninitialised (zeroed) memory with the given element strides."""
    dt = np.dtype(D.from_numpy_dtype(_arr(self).dtype).np if dtype is None else dtype.np)
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    need = 0 if 0 in size else 1 + sum((n - 1) * s for n, s in zip(size, stride))
    buf = np.zeros(max(need, 1), dtype=dt)
    data = np.lib.stride_tricks.as_strided(buf, size, tuple(s * dt.itemsize for s in stride))
    t = _make(_scalar_out(data) if not size else data)
    t._rg = requires_grad
    return t


def _resize_(self: Tensor, *sizes, memory_format=None) -> Tensor:
    """``Tensor.resize_``: keeps the first elements (in memory order), new ones are zero; refuses tensors
    that require grad as PyTorch does."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    shape = tuple(int(s) for s in sizes)
    if self._rg:
        raise RuntimeError("cannot resize variables that require grad")
    for s in shape:
        if s < 0:
            raise RuntimeError("numel: integer multiplication overflow")
    d = _arr(self)
    n = int(np.prod(shape, dtype=np.int64))
    if d.shape != shape:
        flat = d.reshape(-1)
        if n <= flat.size:
            self._data = flat[:n].reshape(shape)
        else:
            new = np.zeros(n, dtype=d.dtype)
            new[:flat.size] = flat
            self._data = new.reshape(shape)
    self._bump_version()
    return self


def _resize_as_(self: Tensor, the_template: Tensor, *, memory_format=None) -> Tensor:
    """``Tensor.resize_as_``: ``resize_(the_template.shape)``."""
    return _resize_(self, tuple(the_template.shape))


_SET_SIGS = (" * ()\n", " * (torch.Storage source)\n",
             " * (torch.Storage source, int storage_offset, tuple of ints size, tuple of ints stride = None)\n",
             " * (Tensor source)\n",
             " * (Tensor source, int storage_offset, tuple of ints size, tuple of ints stride = None)\n")


def _set_(self: Tensor, source=None, storage_offset=None, size=None, stride=None) -> Tensor:
    """``Tensor.set_``: this tensor takes ``source``'s memory, shape and strides (the two then share memory);
    with a storage, a view of it (``storage_offset``/``size``/``stride`` in elements); with nothing, an empty
    tensor.  The source's dtype must be this tensor's; an in-place op for autograd's leaf rules."""
    from ..storage import _Storage
    from .linalg import _c10
    from .inplace import check_inplace_allowed
    dt = self._data.dtype
    if source is None:
        data = np.empty(0, dtype=dt)
    elif isinstance(source, Tensor):
        if source._data.dtype != dt:
            raise RuntimeError(f"Could not set tensor of type {_c10(source._data)} to a tensor of type "
                               f"{_c10(self._data)}")
        data = source._materialize()
    elif isinstance(source, _Storage):
        flat = source._flat
        if flat.dtype != dt:
            flat = flat.view(np.uint8)
            flat = flat[:flat.size - flat.size % dt.itemsize].view(dt)
        data = flat
    else:
        from ._argerrors import type_name
        got = type_name(source)
        why = f"      didn't match because some of the arguments have invalid types: (!{got}!)\n"
        raise TypeError(f"set_() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        + "".join(s + why if i in (0, 1, 3) else s for i, s in enumerate(_SET_SIGS)))
    if storage_offset is not None:  # a strided view of the source's memory
        if isinstance(source, Tensor):
            data = source._materialize()
            while isinstance(data.base, np.ndarray):
                data = data.base
            data = data.reshape(-1)
        shape = tuple(int(s) for s in size)
        if stride is None:
            stride, acc = [], 1
            for n in reversed(shape):
                stride.insert(0, acc)
                acc *= n
        data = np.lib.stride_tricks.as_strided(data[int(storage_offset):], shape,
                                               tuple(int(s) * dt.itemsize for s in stride))
    check_inplace_allowed(self)
    self._data = data
    self._base = None
    if _GRAD.enabled and isinstance(source, Tensor) and source._rg:  # (PyTorch has no derivative for set_)
        node = _pw.NotImplementedBackward((source,))
        node.opname = "set_"
        self.grad_fn, self._rg, self._out_nr = node, True, 0
    self._bump_version()
    return self


TENSOR_METHODS = {
    "float_power_": _float_power_, "hardshrink": hardshrink, "prelu": prelu, "adjoint": adjoint,
    "narrow_copy": narrow_copy, "unsafe_chunk": unsafe_chunk, "unsafe_split": unsafe_split,
    "unsafe_split_with_sizes": unsafe_split_with_sizes, "new_empty_strided": _new_empty_strided,
    "resize_": _resize_, "resize_as_": _resize_as_, "set_": _set_, "put": put, "histogram": histogram,
    "nonzero_static": nonzero_static, "conj": conj, "conj_physical": conj_physical,
    "conj_physical_": conj_physical_, "resolve_conj": resolve_conj, "resolve_neg": resolve_neg,
    "is_conj": is_conj, "is_neg": is_neg, "isreal": isreal, "real": property(real),
    "is_pinned": _is_pinned, "pin_memory": _pin_memory, "is_shared": _is_shared,
    "share_memory_": _share_memory_, "dim_order": _dim_order, "apply_": _apply_, "map_": _map_,
    "map2_": _map2_,
}
for _flag in ("is_meta", "is_sparse", "is_sparse_csr", "is_quantized", "is_nested", "is_mkldnn", "is_xpu",
              "is_mps", "is_xla", "is_ipu", "is_maia", "is_mtia", "is_vulkan"):
    TENSOR_METHODS[_flag] = _false_property(_flag)


def _cfloat(self: Tensor, memory_format=None) -> Tensor:
    """``Tensor.cfloat()``: ``self.to(torch.complex64)``."""
    from .. import _dtype as D
    return self.to(D.complex64, memory_format=memory_format)


def _cdouble(self: Tensor, memory_format=None) -> Tensor:
    """``Tensor.cdouble()``: ``self.to(torch.complex128)``."""
    from .. import _dtype as D
    return self.to(D.complex128, memory_format=memory_format)


def _to_dense(self: Tensor, dtype=None, *, masked_grad=None) -> Tensor:
    """``Tensor.to_dense()``: a strided tensor is already dense (returned as is, or cast to ``dtype``)."""
    return self if dtype is None else self.to(dtype)


def _is_set_to(self: Tensor, tensor: Tensor) -> bool:
    """``Tensor.is_set_to``: same memory, size and strides."""
    a, b = self._materialize(), tensor._materialize()
    return (a.__array_interface__["data"][0] == b.__array_interface__["data"][0] and a.shape == b.shape
            and self.stride() == tensor.stride() and a.dtype == b.dtype)


def _typed_storage(self: Tensor):
    """``Tensor.storage()``: the shared buffer in this tensor's dtype (see ``ember/storage.py``)."""
    from ..storage import typed_storage
    return typed_storage(self)


def _untyped_storage(self: Tensor):
    """``Tensor.untyped_storage()``: the shared buffer's bytes."""
    from ..storage import untyped_storage
    return untyped_storage(self)


TENSOR_METHODS.update({"storage": _typed_storage, "untyped_storage": _untyped_storage, "cfloat": _cfloat, "cdouble": _cdouble, "to_dense": _to_dense, "is_set_to": _is_set_to,
                       "is_distributed": lambda self: False, "const_data_ptr": lambda self: self.data_ptr()})



def _sparse_method(name: str):
    """``Tensor.<name>`` of sparse COO support, run from ember/sparse (imported on first use)."""
    def method(self, *args, **kwargs):
        from ..sparse import _tensor_methods
        return _tensor_methods.TENSOR_METHODS[name](self, *args, **kwargs)
    method.__name__ = name
    return method


for _name in ("to_dense", "to_sparse", "to_sparse_coo", "indices", "values", "_indices", "_values", "coalesce",
              "is_coalesced", "_nnz", "sparse_dim", "dense_dim", "sparse_mask"):
    TENSOR_METHODS[_name] = _sparse_method(_name)
TENSOR_METHODS["is_sparse"] = property(
    lambda self: self._data.__class__ is not np.ndarray and getattr(self._data, "is_sparse_coo", False))

INPLACE_METHODS = {
    "asinh_": _asinh_ip, "acosh_": _acosh_ip, "atanh_": _atanh_ip, "arcsinh_": _asinh_ip,
    "arccosh_": _acosh_ip, "arctanh_": _atanh_ip, "put_": put,
}
