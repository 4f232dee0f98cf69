"""More shape and index ops: cat/stack/split, gather/scatter, index_*, flip/roll,
tril/triu, diagonals, unfold, as_strided, broadcasting helpers, unique & co.

Each differentiable op records the node PyTorch 2.13 records (same name) and
writes its backward with ember tensor ops, so double backward works.  Linear
maps whose adjoint has no natural ember op (``diagonal``'s backward, the
backward of ``unfold``/``as_strided``) go through ``_linear``: a node whose
backward applies the adjoint map and records the forward map in turn.

View ops (``narrow``, ``select``, ``diagonal``, ``unfold``, ``as_strided`` and
the outputs of ``split``/``chunk``/``unbind``) share storage with their input
through ``make_view``.
"""
from __future__ import annotations

import builtins as _b
from operator import index as _operator_index
import itertools
import math
import warnings

import numpy as np

from .. import _dtype as D
from ..autograd.graph import KEPT_IN_SLOTS
from ._common import GRAD, Node, Tensor, _make, check_out_overlap, finish, needs_grad, write_out
from ._common import method_form as _method_form
from ._common import NP_UNSET, numpy_dim_names, numpy_required
from .shape import make_view, expand as _expand, _shape_arg, int_list_arg, check_int_args
from ._layout import legacy_contiguous, row_major
from . import indexing as _ix
from .._hints import _user_stacklevel

_ndarray = np.ndarray
_as_strided = np.lib.stride_tricks.as_strided

__all__ = []


# ======================================================================== helpers
def _arr(x: Tensor):
    """The tensor's storage as an array (a held NumPy scalar becomes a 0-d array)."""
    try:
        d = x._data
    except AttributeError as e:  # ``torch.searchsorted(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if d.__class__ is not _ndarray and isinstance(d, np.generic):
        d = x._materialize()
    return d


def _wrap(dim, nd: int) -> int:
    if isinstance(dim, Tensor):
        dim = int(dim)
    n = _b.max(nd, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _res(data):
    """Result array as stored by ember: 0-d results are kept as NumPy scalars."""
    if data.__class__ is _ndarray and data.ndim == 0:
        return data[()]
    return data


def _zeros(shape, npdt) -> Tensor:
    return _make(np.zeros(shape, dtype=npdt))


def _type_word(npdt) -> str:
    name = D.from_numpy_dtype(npdt).name
    return {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16", "int64": "Long",
            "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
            "complex64": "ComplexFloat", "complex128": "ComplexDouble"}.get(name, name)


def _promote(tensors) -> np.dtype:
    dt = None
    for t in tensors:
        d = D.from_numpy_dtype(t._data.dtype)
        dt = d if dt is None else D.promote_types(dt, d)
    return dt.np


def _tensor_list(tensors, fname: str) -> list:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{fname}(): argument 'tensors' (position 1) must be tuple of Tensors, not {type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return list(tensors)


def _varargs_tensors(args, fname: str) -> list:
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    return _tensor_list(list(args), fname)


_INDEX_PARAMS = {"gather": ("dim", "index"), "scatter_add": ("dim", "index"), "scatter_reduce": ("dim", "index"),
                 "index_select": ("dim", "index"), "take": ("index",), "index_add": ("dim", "index", "source"),
                 "index_copy": ("dim", "index", "source")}


def _index_data(index: Tensor, what: str):
    """``index``'s array; a non-tensor is PyTorch's parser error, naming the position of a positional
    ``index`` for the one-signature ops in ``_INDEX_PARAMS``."""
    if not isinstance(index, Tensor):
        params = _INDEX_PARAMS.get(what)
        if params is not None:
            from ._argerrors import argument_type_error
            raise argument_type_error(_user_op_name(what), params, "index", "Tensor", index)
        raise TypeError(f"{what}(): argument 'index' must be Tensor, not {type(index).__name__}")
    d = _arr(index)
    return d


def _user_op_name(what: str) -> str:
    """``what``, or its in-place method ``what_`` when that is what the user's call names (error paths)."""
    from ._argerrors import user_call_site
    return what + "_" if user_call_site(what + "_") is not None else what


def _arg_type_error(what: str, input, params: tuple, values: tuple, wants: tuple):
    """PyTorch's one-signature parser error for the first argument of a wrong type: ``input`` (a Tensor),
    then ``values`` (the arguments after it, named ``params``), each wanting ``"Tensor"``, ``"int"`` or
    ``"int?"`` (an int or None), e.g. ``index_copy(): argument 'index' (position 2) must be Tensor, not
    list``; worded for the in-place method when the user called that.  None when all fit (a NumPy int or
    an integer 0-d tensor passes for an int).  Callers test the common types first: error paths only."""
    from ._argerrors import argument_type_error, type_name
    from .shape import _not_int
    if not isinstance(input, Tensor):
        return TypeError(f"{what}(): argument 'input' (position 1) must be Tensor, not {type_name(input)}")
    for p, v, want in zip(params, values, wants):
        if want == "Tensor":
            bad = not isinstance(v, Tensor)
        else:
            bad = _not_int(v) and not (v is None and want == "int?")
        if bad:
            return argument_type_error(_user_op_name(what), list(params), p, want.rstrip("?"), v)
    return None


def _is_number(v) -> bool:
    """PyTorch's ``Number`` argument: a Python or NumPy number (not a string, a sequence or a tensor)."""
    from ._common import PY_NUMBER_TYPES
    return isinstance(v, PY_NUMBER_TYPES)


def _overload_arg_error(what: str, sigs: tuple, input, params: tuple, values: dict):
    """PyTorch's "invalid combination of arguments" for ``what`` (``what_`` when the user called the in-place
    method) through :func:`_argerrors.parser_error`: ``sigs``, the function's overloads; ``params``, its
    positional parameters after ``input``; ``values``, every argument given (keywords included)."""
    from ._argerrors import parser_error
    return parser_error(_user_op_name(what), sigs, input, params, values, None, None,
                        default_site=(True, len(params), ()))


def _int_list(v) -> list:
    if isinstance(v, Tensor):
        v = v.tolist()
    if isinstance(v, (int, np.integer)):
        return [int(v)]
    return [int(s) for s in v]


# ----------------------------------------------------------- linear-map nodes
class _LinearNode(Node):
    """Backward of a linear map ``fn``: apply its adjoint ``adj`` (itself recorded)."""

    __slots__ = ("fn", "adj", "adj_name")

    def backward(self, g):
        return _linear(g, self.adj, self.fn, self.adj_name, type(self).__name__)


_LIN_CLASSES: dict = {}


def _lin_cls(name: str):
    c = _LIN_CLASSES.get(name)
    if c is None:
        c = _LIN_CLASSES[name] = type(name, (_LinearNode,), {"__slots__": ()})
    return c


def _linear(x: Tensor, fn, adj, name: str, adj_name: str) -> Tensor:
    """``fn(x)`` for a linear NumPy map ``fn`` with adjoint ``adj``; node ``name``."""
    data = fn(_arr(x))
    if GRAD.enabled and x._rg:
        node = _lin_cls(name)((x,))
        node.fn, node.adj, node.adj_name = fn, adj, adj_name
        return finish(_res(data), node)
    return _make(_res(data))


# ===================================================================== cat/stack
class CatBackward0(Node):
    # ``dim_arg``: a negative ``dim`` as given (``dim`` is normalised), for ``grad_fn._saved_dim``
    __slots__ = ("dim", "sizes", "dim_arg")

    def backward(self, g):
        out = []
        off = 0
        dim = self.dim
        for e, s, m in zip(self._edges, self.sizes, self._meta):
            if s is None:  # a skipped legacy empty tensor
                out.append(None if e is None else _zeros((0,), g._data.dtype))
                continue
            if e is not None:
                out.append(narrow(g, dim, off, s))
            else:
                out.append(None)
            off += s
        return tuple(out)


def _check_cat_out(dt: np.dtype, out: Tensor) -> None:
    """``torch.cat(..., out=)``: PyTorch's ``canCast`` from the inputs' promoted dtype to ``out``'s
    (no float to integral, complex to real or non-bool to bool), a ``TypeError`` there."""
    od = out._data.dtype
    if (dt.kind == "c" and od.kind != "c") or (dt.kind == "f" and od.kind in "iub") or \
            (dt.kind != "b" and od.kind == "b"):
        from .inplace import _type_word
        raise TypeError(f"torch.cat(): input types can't be cast to the desired output type {_type_word(od)}")


def cat(tensors, dim=0, *, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.cat``: join tensors along an existing dimension (with dtype promotion)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('cat', dim, None, axis, NP_UNSET, 0)
    tensors = _tensor_list(tensors, "cat")  # PyTorch's parser checks ``tensors`` (position 1) before ``dim``
    if dim.__class__ is not int:
        check_int_args("cat", ("dim",), dim)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if t._data.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    used = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)]
    dt = _promote(tensors)
    if out is not None:
        _check_cat_out(np.dtype(dt), out)
    if not used:  # only legacy 1-D empty tensors: PyTorch returns an empty tensor without checking dim
        res = _make(np.zeros((0,), dtype=dt))
        if needs_grad(*tensors):
            node = CatBackward0(tuple(tensors))
            node.dim, node.sizes = 0, [None] * len(tensors)
            res = finish(res._data, node)
        return write_out(out, res)
    ref = used[0]._data.shape
    nd = len(ref)
    dim_arg = dim
    dim = _wrap(dim, nd)
    for i, t in enumerate(tensors):
        s = t._data.shape
        if len(s) == 1 and s[0] == 0:
            continue
        if len(s) != nd:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {nd} and {len(s)}")
        for k in range(nd):
            if k != dim and s[k] != ref[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {dim}. Expected size {ref[k]} but got size "
                    f"{s[k]} for tensor number {i} in the list.")
    arrays = [_arr(t) for t in used]
    data = _concat_like_aten([a if a.dtype == dt else a.astype(dt) for a in arrays], dim)
    node = None
    if needs_grad(*tensors):
        node = CatBackward0(tuple(tensors))
        node.dim = dim
        node.sizes = [None if (t._data.ndim == 1 and t._data.shape[0] == 0) else t._data.shape[dim]
                      for t in tensors]
        if dim_arg < 0:
            node.dim_arg = dim_arg
    return write_out(out, finish(data, node))


def _cat_memory_format(arrays) -> str:
    """ATen's ``compute_output_memory_format`` for ``cat``: the inputs' common suggested memory
    format (channels-last for 4-d/5-d tensors with NHWC/NDHWC strides), else contiguous."""
    from .convert import _suggests
    fmt = None
    for a in arrays:
        if a.ndim == 4 and _suggests(a, "torch.channels_last"):
            f = "torch.channels_last"
        elif a.ndim == 5 and _suggests(a, "torch.channels_last_3d"):
            f = "torch.channels_last_3d"
        else:
            return "contiguous"
        if fmt is not None and f != fmt:
            return "contiguous"
        fmt = f
    return fmt


def _concat_like_aten(arrays, dim: int):
    """``np.concatenate`` with ``torch.cat``'s output layout: row-major, or channels-last when every
    input suggests it (NumPy keeps the inputs' own dim order, so ``cat`` of transposed tensors would
    not be contiguous and a later ``view`` would fail where PyTorch's succeeds)."""
    data = np.concatenate(arrays, axis=dim)
    if data.__class__ is not np.ndarray or data.flags.c_contiguous and data.ndim not in (4, 5):
        return data  # row-major, as PyTorch's unless every input suggests channels-last (rank 4 or 5)
    if all(a.flags.c_contiguous for a in arrays):
        return data  # row-major inputs: NumPy's result is row-major, as PyTorch's
    fmt = _cat_memory_format(arrays)
    if fmt == "contiguous":
        return data if data.flags.c_contiguous else np.ascontiguousarray(data)
    from .convert import _nhwc_copy
    nhwc = _nhwc_copy(data, fmt)
    return data if nhwc is None else nhwc


def concat(tensors, dim=0, *, out=None, axis=NP_UNSET) -> Tensor:
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('concat', dim, None, axis, NP_UNSET, 0)
    return cat(tensors, dim, out=out)


def concatenate(tensors, axis=0, out=None, *, dim=None) -> Tensor:
    return cat(tensors, axis if dim is None else dim, out=out)


class StackBackward0(Node):
    __slots__ = ("dim", "dim_arg")  # (``dim_arg``: as CatBackward0's)

    def backward(self, g):
        return tuple(None if e is None else select(g, self.dim, i) for i, e in enumerate(self._edges))


def stack(tensors, dim=0, *, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.stack``: join equally-shaped tensors along a new dimension."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('stack', dim, None, axis, NP_UNSET, 0)
    tensors = _tensor_list(tensors, "stack")  # PyTorch's parser checks ``tensors`` (position 1) before ``dim``
    if dim.__class__ is not int:
        check_int_args("stack", ("dim",), dim)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    ref = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != ref:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(ref)} at entry 0 and "
                f"{list(t._data.shape)} at entry {i}")
    dim_arg = dim
    dim = _wrap(dim, len(ref) + 1)
    dt = _promote(tensors)
    arrays = [a if a.dtype == dt else a.astype(dt) for a in (_arr(t) for t in tensors)]
    if dim < len(ref):  # ATen: ``cat(tensors, dim).view(...)``, so the result has cat's layout
        data = _concat_like_aten(arrays, dim).reshape(ref[:dim] + (len(arrays),) + ref[dim:])
    else:  # a new last dim: ``cat`` of the inputs unsqueezed there
        data = _concat_like_aten([a[..., None] for a in arrays], dim)
    node = None
    if needs_grad(*tensors):
        node = StackBackward0(tuple(tensors))
        node.dim = dim
        if dim_arg < 0:
            node.dim_arg = dim_arg
    return write_out(out, finish(data, node))


def hstack(tensors, *, out=None) -> Tensor:
    tensors = _tensor_list(tensors, "hstack")
    if not tensors:
        raise RuntimeError("hstack expects a non-empty TensorList")
    ts = atleast_1d(tensors)
    return cat(ts, 0 if ts[0]._data.ndim == 1 else 1, out=out)


def vstack(tensors, *, out=None) -> Tensor:
    tensors = _tensor_list(tensors, "vstack")
    if not tensors:
        raise RuntimeError("vstack expects a non-empty TensorList")
    return cat(atleast_2d(tensors), 0, out=out)


row_stack = vstack


def dstack(tensors, *, out=None) -> Tensor:
    tensors = _tensor_list(tensors, "dstack")
    if not tensors:
        raise RuntimeError("dstack expects a non-empty TensorList")
    return cat(atleast_3d(tensors), 2, out=out)


def column_stack(tensors, *, out=None) -> Tensor:
    tensors = _tensor_list(tensors, "column_stack")
    if not tensors:
        raise RuntimeError("column_stack expects a non-empty TensorList")
    ts = [t.reshape(t.numel(), 1) if t._data.ndim <= 1 else t for t in tensors]
    return cat(ts, 1, out=out)


# ====================================================================== atleast
def _atleast(args, fn, name):
    if len(args) == 1 and isinstance(args[0], Tensor):
        return fn(args[0])
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    for a in args:
        if not isinstance(a, Tensor):
            raise TypeError(
                f"{name}() received an invalid combination of arguments - got ({type(a).__name__}), but expected "
                "one of:\n * (Tensor input)\n * (tuple of Tensors tensors)\n")
    return tuple(fn(a) for a in args)


def _al1(x):
    return x.reshape(1) if x._data.ndim == 0 else x


def _al2(x):
    nd = x._data.ndim
    if nd == 0:
        return x.reshape(1, 1)
    if nd == 1:
        return x.unsqueeze(0)
    return x


def _al3(x):
    nd = x._data.ndim
    if nd == 0:
        return x.reshape(1, 1, 1)
    if nd == 1:
        return x.unsqueeze(0).unsqueeze(-1)
    if nd == 2:
        return x.unsqueeze(-1)
    return x


def atleast_1d(*tensors):
    return _atleast(tensors, _al1, "atleast_1d")


def atleast_2d(*tensors):
    return _atleast(tensors, _al2, "atleast_2d")


def atleast_3d(*tensors):
    return _atleast(tensors, _al3, "atleast_3d")


# ================================================================= split/unbind
class _MultiOutput(Node):
    # ``dim_arg``: ``(dim, split_size)`` as given to ``split``, or a negative ``dim`` given to ``unbind``
    # (``dim`` is normalised), for ``grad_fn._saved_dim``/``_saved_split_size``
    __slots__ = ("n", "dim", "sizes", "shape", "dim_arg")
    multi_output = True

    @property
    def num_outputs(self) -> int:
        return self.n

    def _pieces(self, grads):
        dt = next((g._data.dtype for g in grads if g is not None), None)
        out = []
        for i, g in enumerate(grads):
            if g is None:
                shp = list(self.shape)
                if self.sizes is not None:
                    shp[self.dim] = self.sizes[i]
                else:
                    del shp[self.dim]
                g = _zeros(tuple(shp), dt)
            out.append(g)
        return out


class SplitBackward0(_MultiOutput):
    __slots__ = ()

    def backward(self, *grads):
        return cat(self._pieces(grads), self.dim)


class SplitWithSizesBackward0(SplitBackward0):
    __slots__ = ()


class UnbindBackward0(_MultiOutput):
    __slots__ = ()

    def backward(self, *grads):
        return stack(self._pieces(grads), self.dim)


def _multi_views(x: Tensor, datas, node, view_fns, label: str) -> tuple:
    outs = []
    for i, (data, vf) in enumerate(zip(datas, view_fns)):
        t = make_view(x, data, node, vf)
        t._out_nr = i
        if t._base is not None and GRAD.enabled:
            t._ext["view_meta"] = "multi"
        outs.append(t)
    return tuple(outs)


def _split_sizes(x: Tensor, sizes, dim: int, cls) -> tuple:
    d = _arr(x)
    datas, vfs = [], []
    off = 0
    pre = (slice(None),) * dim
    for s in sizes:
        datas.append(d[pre + (slice(off, off + s),)])
        vfs.append(lambda b, dd=dim, o=off, s=s: b.narrow(dd, o, s))
        off += s
    node = None
    if GRAD.enabled and x._rg:
        node = cls((x,))
        node.n, node.dim, node.sizes, node.shape = len(sizes), dim, list(sizes), d.shape
    return _multi_views(x, datas, node, vfs, "Split" if cls is SplitBackward0 else "SplitWithSizes")


def _check_split_args(x, s, dim) -> None:
    """PyTorch's errors for float split sizes or dim: ``Tensor.split`` hands an int size to ``_VF.split`` and
    anything else to ``_VF.split_with_sizes``, positionally, so their parser messages name position 2."""
    from .shape import _not_int, int_seq_error
    from ._argerrors import format_overload_error, type_name
    if isinstance(s, Tensor):
        return
    if isinstance(s, (list, tuple)):
        if any(_not_int(v) for v in s):
            raise int_seq_error("split_with_sizes", "split_sizes", s, " (position 2)")
        bad_dim_sigs = ("Tensor input, tuple of ints split_sizes, int dim = 0",)
        name = "split_with_sizes"
    elif _not_int(s):
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not "
                        f"{type_name(s)}")
    else:
        bad_dim_sigs = ("Tensor input, int split_size, int dim = 0",
                        "Tensor input, tuple of ints split_size, int dim = 0")
        name = "split"
    if _not_int(dim):
        if name == "split_with_sizes":
            raise TypeError(f"split_with_sizes(): argument 'dim' (position 3) must be int, not {type_name(dim)}")
        raise TypeError(format_overload_error(name, bad_dim_sigs, [x, s, dim], []))


def split(tensor: Tensor, split_size_or_sections, dim=0) -> tuple:
    """``torch.split``: views of equal chunks (int) or of the given sizes (list)."""
    x = tensor
    if dim.__class__ is not int or split_size_or_sections.__class__ is not int:
        _check_split_args(x, split_size_or_sections, dim)
    if x._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim_arg = dim
    dim = _wrap(dim, x._data.ndim)
    n = x._data.shape[dim]
    s = split_size_or_sections
    if isinstance(s, Tensor):  # (``Tensor.split`` tries ``int(split_size)``, else calls ``split_with_sizes``)
        if s._data.size != 1:
            raise TypeError("split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not Tensor")
        s = int(s)
    if isinstance(s, (int, np.integer)):
        s = int(s)
        if s < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size={s}")
        if s == 0 and n != 0:
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
        if s == 0:
            sizes = [0]
        else:
            k = _b.max((n + s - 1) // s, 1)
            sizes = [s] * (k - 1) + [n - s * (k - 1)]
        return _keep_split_args(_split_sizes(x, sizes, dim, SplitBackward0), dim_arg, s)
    sizes = _int_list(s)
    if _b.any(v < 0 for v in sizes):  # (ATen checks each size as it slices, the sum at the end)
        raise RuntimeError("split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if _b.sum(sizes) != n:
        raise RuntimeError(  # (PyTorch shows ``dim`` as passed: a negative one stays negative)
            f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at dimension {dim_arg}), "
            f"but got split_sizes={sizes}")
    return _keep_split_args(_split_sizes(x, sizes, dim, SplitWithSizesBackward0), dim_arg, tuple(sizes))


def _keep_split_args(pieces: tuple, dim, split_size) -> tuple:
    """``split``'s pieces; their node keeps the arguments as given (``grad_fn._saved_dim``,
    ``_saved_split_size``/``_saved_split_sizes``)."""
    node = pieces[0].grad_fn if pieces else None
    if node is not None:
        node.dim_arg = (dim, split_size)
    return pieces


def split_with_sizes(input: Tensor, split_sizes, dim=0, *, axis=NP_UNSET) -> tuple:
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('split_with_sizes', dim, None, axis, NP_UNSET, 0)
    x = input  # PyTorch's keyword name
    return split(x, list(split_sizes), dim)


def chunk(input: Tensor, chunks: int, dim=0, *, axis=NP_UNSET) -> tuple:
    """``torch.chunk``: ``chunks`` views (the last may be smaller)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('chunk', dim, None, axis, NP_UNSET, 0)
    x = input
    if not isinstance(chunks, (int, np.integer)) or isinstance(chunks, bool):
        raise TypeError(f"chunk(): argument 'chunks' (position 2) must be int, not {type(chunks).__name__}")
    if x._data.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    dim_arg = dim
    dim = _wrap(dim, x._data.ndim)
    n = x._data.shape[dim]
    s = (n + chunks - 1) // chunks
    if s == 0 and n == 0:
        return _split_sizes(x, [0] * chunks, dim, SplitWithSizesBackward0)
    return split(x, s, dim_arg)  # (ATen's ``chunk`` calls ``split`` with the dim as given)


def unbind(input: Tensor, dim=0, *, axis=NP_UNSET) -> tuple:
    """``torch.unbind``: views of every slice along ``dim``."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('unbind', dim, None, axis, NP_UNSET, 0)
    if dim.__class__ is not int:
        check_int_args("unbind", ("dim",), dim)
    x = input
    d = _arr(x)
    if d.ndim == 0:
        _wrap(dim, 0)  # an out-of-range dim is reported first, as in PyTorch
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim_arg = dim
    dim = _wrap(dim, d.ndim)
    pre = (slice(None),) * dim
    datas = [d[pre + (i, Ellipsis)] for i in range(d.shape[dim])]
    vfs = [lambda b, dd=dim, i=i: b.select(dd, i) for i in range(d.shape[dim])]
    node = None
    if GRAD.enabled and x._rg:
        node = UnbindBackward0((x,))
        node.n, node.dim, node.sizes, node.shape = d.shape[dim], dim, None, d.shape
        if dim_arg < 0:
            node.dim_arg = dim_arg
    return _multi_views(x, datas, node, vfs, "Unbind")


def tensor_split(input: Tensor, indices_or_sections=NP_UNSET, dim=0, *, axis=NP_UNSET, sections=NP_UNSET,
                 indices=NP_UNSET, tensor_indices_or_sections=NP_UNSET) -> tuple:
    """``torch.tensor_split``: split into sections (int) or at indices (list/tensor); PyTorch's overloads
    name that argument ``sections``, ``indices`` or ``tensor_indices_or_sections`` (any as a keyword)."""
    if indices_or_sections is NP_UNSET:
        given = [v for v in (sections, indices, tensor_indices_or_sections) if v is not NP_UNSET]
        if len(given) != 1:
            raise TypeError("tensor_split() missing 1 required positional argument: 'indices_or_sections'")
        indices_or_sections = given[0]
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('tensor_split', dim, None, axis, NP_UNSET, 0)
    x = input
    if not _split_arg_ok("tensor_split", indices_or_sections, True):
        raise _split_arg_error("tensor_split", indices_or_sections, (
            "Tensor input, tuple of ints indices, int dim = 0", "Tensor input, Tensor tensor_indices_or_sections, "
            "int dim = 0", "Tensor input, int sections, int dim = 0"), False)
    if x._data.ndim == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    ios = indices_or_sections
    if isinstance(ios, Tensor):  # (ATen checks the tensor before it wraps ``dim``)
        if ios._data.dtype != np.int64:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                f"{_type_word(ios._data.dtype)}")
        if ios._data.ndim == 0:
            ios = int(ios)
        elif ios._data.ndim == 1:
            ios = ios.tolist()
        else:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional "
                f"tensor, but got a tensor with {ios._data.ndim} dims")
    dim = _wrap(dim, x._data.ndim)
    n = x._data.shape[dim]
    if isinstance(ios, (int, np.integer)):
        k = int(ios)
        if k <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {k}")
        q, r = divmod(n, k)
        bounds, off = [], 0
        for i in range(k):
            sz = q + (1 if i < r else 0)
            bounds.append((off, sz))
            off += sz
    else:
        idx = [int(v) for v in ios]
        bounds = []
        prev = 0
        for v in idx + [n]:
            v2 = v if v >= 0 else _b.max(v + n, 0)
            st = _b.min(prev, n)
            en = _b.min(_b.max(v2, st), n)
            bounds.append((st, en - st))
            prev = v2 if v2 <= n else n
        # PyTorch slices x[prev:cur] with Python-like clamping
    return tuple(narrow(x, dim, st, ln) for st, ln in bounds)


def _split_arg_ok(name: str, ios, tensor_ok: bool) -> bool:
    """Whether ``indices_or_sections`` fits the parser's ``int sections`` / ``tuple of ints indices``
    (``Tensor`` too for ``tensor_split``); a sequence whose first item is an int but a later one is not
    is the parser's unpacking TypeError."""
    if isinstance(ios, (int, np.integer)):
        return True
    if isinstance(ios, Tensor):
        return tensor_ok
    if not isinstance(ios, (tuple, list)):
        return False
    ok = [isinstance(v, (int, np.integer, Tensor)) for v in ios]
    if all(ok):
        return True
    if ok[0]:
        from ._argerrors import type_name
        bad = ok.index(False)
        raise TypeError(f"{name}(): argument 'indices' failed to unpack the object at pos {bad + 1} with error "
                        f"\"type must be tuple of ints,but got {type_name(ios[bad])}\"")
    return False


def _split_arg_word(ios) -> str:
    """The parser's name for a bad ``indices_or_sections``: ``str``, ``tuple of (float,)``."""
    from ._argerrors import type_name
    if isinstance(ios, tuple):
        inner = ", ".join(type_name(v) for v in ios)
        return f"tuple of ({inner},)" if len(ios) == 1 else f"tuple of ({inner})"
    if isinstance(ios, list):
        return f"list of [{', '.join(type_name(v) for v in ios)}]"
    return type_name(ios)


def _split_arg_error(name: str, ios, sigs, mark: bool):
    """``hsplit``/``vsplit``/``dsplit``/``tensor_split`` with an ``indices_or_sections`` of another type:
    PyTorch's "invalid combination of arguments" (the h/v/d forms mark the bad argument)."""
    from ._argerrors import type_name
    word = _split_arg_word(ios)
    lines = []
    for sig in sigs:
        lines.append(f" * ({sig})\n")
        if mark:
            lines.append(f"      didn't match because some of the arguments have invalid types: (Tensor, !{word}!)\n")
    return TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, {type_name(ios)}), "
                     "but expected one of:\n" + "".join(lines))


def _hvd_split(x, ios, dim, name, need):
    if not _split_arg_ok(name, ios, False):
        raise _split_arg_error(name, ios, ("Tensor input, int sections", "Tensor input, tuple of ints indices"), True)
    if x._data.ndim < need:
        raise RuntimeError(
            f"torch.{name} requires a tensor with at least {need} dimension, but got a tensor with "
            f"{x._data.ndim} dimensions!")
    if isinstance(ios, (int, np.integer)):
        n = x._data.shape[dim]
        if ios == 0 or n % ios:
            raise RuntimeError(
                f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension {n} is not "
                f"divisible by the split_size {ios}!")
    return tensor_split(x, ios, dim)


def hsplit(input: Tensor, indices_or_sections) -> tuple:
    return _hvd_split(input, indices_or_sections, 0 if input._data.ndim == 1 else 1, "hsplit", 1)


def vsplit(input: Tensor, indices_or_sections) -> tuple:
    return _hvd_split(input, indices_or_sections, 0, "vsplit", 2)


def dsplit(input: Tensor, indices_or_sections) -> tuple:
    return _hvd_split(input, indices_or_sections, 2, "dsplit", 3)


# ================================================================ narrow/select
def _check_narrow_args(input, dim, start, length) -> None:
    """PyTorch's overload error for a float ``dim``/``start``/``length`` (``x.narrow(0, 0, n / 2)``); a 0-d
    integer tensor ``start`` is its other overload."""
    from .shape import _not_int, overload_error
    if _not_int(dim) or _not_int(length) or (_not_int(start) and not isinstance(start, Tensor)):
        raise overload_error("narrow", ("int dim, Tensor start, int length", "int dim, int start, int length"),
                             input, {"dim": dim, "start": start, "length": length})


def narrow(input: Tensor, dim: int = NP_UNSET, start=NP_UNSET, length: int = NP_UNSET, *, axis=NP_UNSET) -> Tensor:
    """``torch.narrow``: a view of ``length`` elements along ``dim`` from ``start``."""
    if dim is NP_UNSET or length is NP_UNSET or start is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('narrow', axis, dim=dim, start=start, length=length)
    if dim.__class__ is not int or start.__class__ is not int or length.__class__ is not int:
        _check_narrow_args(input, dim, start, length)
    x = input
    d = _arr(x)
    if d.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if isinstance(start, Tensor):
        if start._data.ndim or start._data.dtype.kind not in "iu":
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start)
    if isinstance(length, Tensor):
        length = int(length)
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    dim_arg = dim
    dim = _wrap(dim, d.ndim)
    n = d.shape[dim]
    if not -n <= start <= n:
        raise IndexError(f"start out of range (expected to be in range of [{-n}, {n}], but got {start})")
    if start < 0:
        start += n
    if start + length > n:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    idx = (slice(None),) * dim + (slice(start, start + length),)
    data = d[idx]
    node = None
    if GRAD.enabled and x._rg:
        node = _ix.SliceBackward0((x,))
        node.index, node.shape, node.advanced = idx, d.shape, False
        if dim_arg < 0:  # (``grad_fn._saved_dim`` shows the argument)
            node.dim_arg = (dim_arg, idx[-1])
    return make_view(x, data, node, lambda b, a=dim, s=start, ln=length: narrow(b, a, s, ln))


def select(input: Tensor, dim: int = NP_UNSET, index: int = NP_UNSET, *, axis=NP_UNSET) -> Tensor:
    """``torch.select``: a view of one slice along ``dim`` (the dim is removed)."""
    if dim is NP_UNSET or index is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('select', axis, dim=dim, index=index)
    if dim.__class__ is not int or index.__class__ is not int:
        check_int_args("select", ("dim", "index"), dim, index)
    x = input
    d = _arr(x)
    if d.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim_arg = dim
    dim = _wrap(dim, d.ndim)
    if isinstance(index, Tensor):
        index = int(index)
    index_arg = index
    n = d.shape[dim]
    if not -n <= index < n:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(d.shape)} at dimension {dim}")
    index %= n
    idx = (slice(None),) * dim + (index,)
    data = d[idx + (Ellipsis,)]
    node = None
    if GRAD.enabled and x._rg:
        node = _ix.SelectBackward0((x,))
        node.index, node.shape, node.advanced = idx, d.shape, False
        if dim_arg < 0 or index_arg < 0:  # (``grad_fn._saved_dim``/``_saved_index`` show the arguments)
            node.dim_arg = (dim_arg, index_arg)
    return make_view(x, data, node, lambda b, a=dim, i=index: select(b, a, i))


# ================================================================ gather/scatter
def _check_index_dtype(index: Tensor, msg: str):
    """gather/scatter's index dtype check (ATen skips it for an empty index)."""
    if index._data.dtype not in (np.int64, np.int32) and index._data.size:
        raise RuntimeError(msg)


def _scatter_grid(idx: np.ndarray, dim: int):
    """Full index tuple addressing ``out[... idx ...]`` over the index's extent."""
    nd = idx.ndim
    grid = []
    for k in range(nd):
        if k == dim:
            grid.append(idx)
        else:
            shp = [1] * nd
            shp[k] = idx.shape[k]
            grid.append(np.arange(idx.shape[k]).reshape(shp))
    return tuple(grid)


def _check_bounds(idx: np.ndarray, n: int, dim: int):
    if idx.size:
        bad = (idx < 0) | (idx >= n)
        if bad.any():
            v = int(idx[bad].flat[0])
            raise RuntimeError(f"index {v} is out of bounds for dimension {dim} with size {n}")


class GatherBackward0(Node):
    # ``args``: ``(dim, sparse_grad)`` as given, for ``grad_fn._saved_dim``/``_saved_sparse_grad``
    __slots__ = ("dim", "index", "shape", "args")

    def backward(self, g):
        if getattr(self, "args", (None, False))[1] and len(self.shape) and np.ndim(g._data):
            return _gather_sparse_backward(g, self.shape, self.dim, self.index)
        z = _zeros(self.shape, g._data.dtype)
        return scatter_add(z, self.dim, self.index, g)


def _gather_sparse_backward(g: Tensor, shape: tuple, dim: int, index: Tensor) -> Tensor:
    """``gather(..., sparse_grad=True)``'s gradient, ATen's ``_gather_sparse_backward``: an uncoalesced sparse
    COO tensor with one entry per gathered element, in row-major order of ``grad``."""
    from ..sparse._coo import SparseCOO
    gd = np.asarray(g._data)
    rows = []
    n_above, n_below = gd.size, 1
    for i, n in enumerate(gd.shape):
        n_above //= n
        if i == dim:
            rows.append(np.asarray(index._data, dtype=np.int64).reshape(-1))
        else:
            rows.append(np.tile(np.repeat(np.arange(n, dtype=np.int64), n_above), n_below))
        n_below *= n
    indices = np.stack(rows) if gd.size else np.empty((len(shape), 0), np.int64)
    return _make(SparseCOO(indices, gd.reshape(-1), shape, False))  # (a view where ``reshape`` can: strided values)


def gather(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, *, sparse_grad: bool = False, out=None,
           axis=NP_UNSET) -> Tensor:
    """``torch.gather``: ``out[i][j] = input[index[i][j]][j]`` (for ``dim=0``)."""
    if dim is NP_UNSET or index is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('gather', axis, dim=dim, index=index)
    if dim.__class__ is not int:
        check_int_args("gather", ("dim", "index"), dim)
    x = input
    d = _arr(x)
    idx = _index_data(index, "gather")
    if out is not None and isinstance(out, Tensor):  # ATen's meta: out's dtype, its memory, then the index
        if out._data.dtype != d.dtype:
            from .reduction_ext import _check_out_dtype
            _check_out_dtype(out, d.dtype)
        check_out_overlap(out, (x,), (index,))
    _check_index_dtype(index, "gather(): Expected dtype int32/int64 for index")
    if idx.size == 0:  # (ATen checks no shapes for an empty index: an empty result of its shape)
        dim = _wrap(dim, d.ndim)
        node = None
        if GRAD.enabled and x._rg:
            node = GatherBackward0((x,))
            node.dim, node.index, node.shape = dim, index, d.shape
        return write_out(out, finish(np.zeros(idx.shape, d.dtype), node))
    if idx.ndim != d.ndim and not (idx.ndim <= 1 and d.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    dim_arg = dim
    dim = _wrap(dim, d.ndim)
    d1 = d.reshape(-1) if d.ndim == 0 else d
    i1 = idx.reshape(-1) if idx.ndim == 0 else idx
    for k in range(d1.ndim):
        if k != dim and i1.shape[k] > d1.shape[k]:
            raise RuntimeError(
                f"Size does not match at dimension {k} expected index {list(idx.shape)} to be no larger than self "
                f"{list(d.shape)} apart from dimension {dim}")
    _check_bounds(i1, d1.shape[dim], dim)
    sub = d1[tuple(slice(0, i1.shape[k]) if k != dim else slice(None) for k in range(d1.ndim))]
    data = row_major(np.take_along_axis(sub, i1.astype(np.intp, copy=False), axis=dim))  # (contiguous, as ATen's gather)
    if idx.ndim == 0:
        data = data.reshape(())
    node = None
    if GRAD.enabled and x._rg:
        node = GatherBackward0((x,))
        node.dim, node.index, node.shape = dim, index, d.shape
        node.args = (dim_arg, sparse_grad)
        node.save(x)  # (as PyTorch's: ``grad_fn._saved_self``)
    return write_out(out, finish(_res(data), node))


def _scatter_checks(d, dim, idx, src_shape, fname="scatter"):
    if idx.size == 0:  # (ATen's scatter_shape_check: nothing to check for an empty index)
        return
    if idx.ndim != d.ndim and not (idx.ndim <= 1 and d.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    if src_shape is not None and len(src_shape) != idx.ndim and not (idx.ndim <= 1 and len(src_shape) <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    src_sizes = src_shape if src_shape is None or len(src_shape) else (1,)  # (a 0-d src: size 1 in dim 0)
    for k in range(idx.ndim):
        if (k != dim and idx.shape[k] > d.shape[k]) or (src_shape is not None and idx.shape[k] > src_sizes[k]):
            if src_shape is None:
                raise RuntimeError(
                    f"Expected index {list(idx.shape)} to be no larger than self {list(d.shape)} apart from "
                    f"dimension {dim}")
            raise RuntimeError(
                f"Expected index {list(idx.shape)} to be no larger than self {list(d.shape)} apart from dimension "
                f"{dim} and to be no larger size than src {list(src_shape)}")
    if d.ndim:
        _check_bounds(idx, d.shape[dim], dim)


def _scatter_np(d, dim, idx, src, mode):
    """Return a copy of ``d`` with ``src`` scattered at ``idx`` along ``dim``."""
    out = d.copy()
    if idx.size == 0:
        return out
    o = out.reshape(-1) if out.ndim == 0 else out
    i = idx.reshape(-1) if idx.ndim == 0 else idx
    grid = _scatter_grid(i.astype(np.intp, copy=False), dim)
    if isinstance(src, np.ndarray) and src.ndim:
        s = src[tuple(slice(0, n) for n in i.shape)]
    else:
        s = src
    if mode is None:
        o[grid] = s
    elif mode == "add":
        np.add.at(o, grid, s)
    elif mode == "multiply":
        np.multiply.at(o, grid, s)
    elif mode == "amax":
        np.maximum.at(o, grid, s)
    elif mode == "amin":
        np.minimum.at(o, grid, s)
    return out


def _src_grad(g, dim, index, src_shape):
    """``gather(g, dim, index)`` zero-padded to ``src_shape`` (``src`` may be larger than ``index``)."""
    r = gather(g, dim, index)
    ishape = index._data.shape
    if tuple(ishape) != tuple(src_shape) and len(src_shape) == len(ishape):
        idx = tuple(slice(0, n) for n in ishape)
        r = _ix.index_scatter(r, tuple(src_shape), idx, False)
    return r


class ScatterBackward0(Node):
    __slots__ = ("dim", "index", "dim_arg")

    def backward(self, g):
        (index,) = self.saved()  # (PyTorch's saved index: freed after backward)
        e = self._edges
        gx = scatter(g, self.dim, index, 0) if e[0] is not None else None
        gs = _src_grad(g, self.dim, index, self._meta[1][0]) if e[1] is not None else None
        return gx, gs


class ScatterBackward1(Node):
    __slots__ = ("dim", "index", "dim_arg")

    def backward(self, g):
        (index,) = self.saved()
        return scatter(g, self.dim, index, 0)


_SCATTER_REDUCE_WARNED: list = []  # non-empty once the deprecated ``reduce=`` warning was shown


_SCATTER_SIGS = ("Tensor input, int dim, Tensor index, Tensor src, *, Tensor out = None",
                 "Tensor input, int dim, Tensor index, Tensor src, *, str reduce, Tensor out = None",
                 "Tensor input, int dim, Tensor index, Number value, *, Tensor out = None",
                 "Tensor input, int dim, Tensor index, Number value, *, str reduce, Tensor out = None")


def _check_scatter_args(input, dim, index, src, value, reduce, out) -> None:
    """PyTorch's parser error for ``scatter`` arguments no overload takes (a non-int ``dim``, a non-tensor
    ``index``, a ``src``/``value`` neither Tensor nor Number, a non-string ``reduce``)."""
    from .shape import _not_int
    fill = value if src is None else src
    if isinstance(input, Tensor) and not _not_int(dim) and isinstance(index, Tensor) and \
            (isinstance(fill, Tensor) or _is_number(fill)) and (reduce is None or isinstance(reduce, str)):
        return
    values = {"dim": dim, "index": index, "src": src}
    values.update((k, v) for k, v in (("value", value), ("reduce", reduce), ("out", out)) if v is not None)
    raise _overload_arg_error("scatter", _SCATTER_SIGS, input, ("dim", "index", "src"), values)


def scatter(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, src=None, *, value=None, reduce=None,
            out=None, axis=NP_UNSET) -> Tensor:
    """``torch.scatter``: a copy of ``input`` with ``src`` (tensor or scalar) written at ``index``."""
    if dim is NP_UNSET or index is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('scatter', axis, dim=dim, index=index)
    fc = (value if src is None else src).__class__
    if dim.__class__ is not int or index.__class__ is not Tensor or (fc is not Tensor and fc is not float and fc is not int):
        _check_scatter_args(input, dim, index, src, value, reduce, out)
    x = input
    if src is None:
        src = value
    d = _arr(x)
    idx = _index_data(index, "scatter")
    _check_index_dtype(index, "scatter(): Expected dtype int32/int64 for index")
    dim_arg, dim = dim, _wrap(dim, d.ndim)  # (``dim_arg``: as given, for ``grad_fn._saved_dim``)
    if reduce is not None and reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if isinstance(src, Tensor):
        sd = _arr(src)
        if sd.dtype != d.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        _scatter_checks(d, dim, idx, sd.shape)
        if reduce is not None and not _SCATTER_REDUCE_WARNED:
            _SCATTER_REDUCE_WARNED.append(True)  # TORCH_WARN_ONCE: once per process, whatever the call site
            warnings.warn(
                "The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a future "
                "PyTorch release. Use torch.scatter_reduce instead for more reduction options. (Triggered internally "
                "at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:225.)", UserWarning,
                stacklevel=_user_stacklevel())
        data = _scatter_np(d, dim, idx, sd, reduce)
        node = None
        if needs_grad(x, src):
            if reduce is not None:
                node = _NotImplNode((x, src))
                node.what = "aten::scatter"
            else:
                node = ScatterBackward0((x, src))
                node.dim, node.index = dim, index
                node.save(index)
                if dim_arg != dim:
                    node.dim_arg = dim_arg
        return write_out(out, finish(_res(data), node))
    if src is None:
        raise TypeError("scatter() missing 1 required positional arguments: \"src\"")
    _scatter_checks(d, dim, idx, None)
    v = src.item() if hasattr(src, "item") else src
    data = _scatter_np(d, dim, idx, np.asarray(v).astype(d.dtype), reduce)
    node = None
    if GRAD.enabled and x._rg:
        if reduce is not None:
            node = _NotImplNode((x,))
            node.what = "aten::scatter"
        else:
            node = ScatterBackward1((x,))
            node.dim, node.index = dim, index
            node.save(index)
            if dim_arg != dim:
                node.dim_arg = dim_arg
    return write_out(out, finish(_res(data), node))


class _NotImplNode(Node):
    """``scatter(..., reduce=...)``: PyTorch records a ``NotImplemented`` node that fails in backward,
    linked (as its autograd fallback) only to the inputs that require grad."""

    __slots__ = ("what",)

    def __init__(self, inputs) -> None:
        super().__init__([t for t in inputs if getattr(t, "_rg", False)])

    def backward(self, g):
        raise RuntimeError(f"derivative for {self.what} is not implemented")


_NotImplNode.__name__ = _NotImplNode.__qualname__ = "NotImplemented"


class ScatterAddBackward0(Node):
    __slots__ = ("dim", "index", "dim_arg")

    def backward(self, g):
        (index,) = self.saved()  # (saved for the source's gradient only, as PyTorch)
        e = self._edges
        return (g if e[0] is not None else None), (_src_grad(g, self.dim, index, self._meta[1][0])
                                                   if e[1] is not None else None)


def scatter_add(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, src: Tensor = NP_UNSET, *, out=None,
                axis=NP_UNSET) -> Tensor:
    """``torch.scatter_add``: a copy of ``input`` with ``src`` added at ``index`` (duplicates accumulate)."""
    if dim is NP_UNSET or index is NP_UNSET or src is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('scatter_add', axis, dim=dim, index=index, src=src)
    x = input
    d = _arr(x)
    idx = _index_data(index, "scatter_add")
    _check_index_dtype(index, "scatter(): Expected dtype int32/int64 for index")
    dim_arg, dim = dim, _wrap(dim, d.ndim)  # (``dim_arg``: as given, for ``grad_fn._saved_dim``)
    sd = _arr(src)
    if sd.dtype != d.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    _scatter_checks(d, dim, idx, sd.shape)
    data = _scatter_np(d, dim, idx, sd, "add")
    node = None
    if needs_grad(x, src):
        node = ScatterAddBackward0((x, src))
        node.dim, node.index = dim, index
        node.save(index if src._rg else None)
        if dim_arg != dim:
            node.dim_arg = dim_arg
    return write_out(out, finish(_res(data), node))


class ScatterReduceBackward0(Node):
    """Edges ``(self, src)``: ATen's ``index`` is not differentiable, so it gets no edge."""

    __slots__ = ("dim", "index", "reduce", "include_self")

    def backward(self, g):
        x, src, res = self.saved()
        e = self._edges
        dim, index, red = self.dim, self.index, self.reduce
        gx = gs = None
        if red == "sum":
            gx = g
            gs = _src_grad(g, dim, index, self._meta[1][0]) if e[1] is not None else None
        elif red == "mean":
            cnt = _scatter_count(x, dim, index, self.include_self)
            gx = g / cnt
            gs = _src_grad(g / cnt, dim, index, self._meta[1][0]) if e[1] is not None else None
        elif red in ("amax", "amin"):
            ishape = index._data.shape
            src_0d = np.ndim(src._data) == 0  # (a 0-d src broadcasts; its gradient is summed back)
            src_sub = src[tuple(slice(0, n) for n in ishape)] if src._data.shape != ishape and not src_0d else src
            # (as PyTorch's ``scatter_reduce_backward``: an excluded self equal to the result still counts in
            # the number of ties its gradient is shared by, though it gets none of it)
            selfeq = (x == res).to(g.dtype)
            srceq = (src_sub == gather(res, dim, index)).to(g.dtype)
            n = scatter_add(selfeq, dim, index, srceq)
            gx = g * selfeq / n
            gs = gather(g / n, dim, index) * srceq
            if e[1] is not None and src_0d:
                gs = gs.sum()
            elif e[1] is not None and tuple(ishape) != tuple(self._meta[1][0]):
                gs = _ix.index_scatter(gs, tuple(self._meta[1][0]), tuple(slice(0, k) for k in ishape), False)
        elif red == "prod":
            gx, gs = _prod_grads(g, x, src, res, dim, index, self.include_self)
        if not self.include_self:
            gx = scatter(gx, dim, index, 0)
        return (gx if e[0] is not None else None), (gs if e[1] is not None else None)


def _scatter_count(x, dim, index, include_self):
    ones_src = _make(np.ones(index._data.shape, dtype=x._data.dtype))
    base = _make(np.ones(x._data.shape, dtype=x._data.dtype) if include_self else
                 np.zeros(x._data.shape, dtype=x._data.dtype))
    cnt = scatter_add(base, dim, index, ones_src)
    return cnt.clamp_min(1)


def _prod_grads(g, x, src, res, dim, index, include_self):
    """First-order gradients of a scatter product (exact with zeros)."""
    xd, sd, rd, gd = _arr(x), _arr(src), _arr(res), _arr(g)
    x_shape, src_shape = xd.shape, sd.shape
    if xd.ndim == 0:  # (0-d: computed as one-element vectors)
        xd, rd, gd = xd.reshape(1), np.reshape(rd, 1), np.reshape(gd, 1)
    idx = _arr(index)
    i1 = idx.reshape(-1) if idx.ndim == 0 else idx
    grid = _scatter_grid(i1.astype(np.intp), dim)
    if not include_self:
        xd = xd.copy()
        xd[grid] = 1
    s_sub = (sd.reshape(-1) if sd.ndim == 0 else sd)[tuple(slice(0, n) for n in i1.shape)]
    # product of the non-zero contributors and the number of zeros at each output position
    nz_x = np.where(xd == 0, 1, xd)
    prod_nz = nz_x.copy()
    np.multiply.at(prod_nz, grid, np.where(s_sub == 0, 1, s_sub))
    zcount = (xd == 0).astype(np.int64)
    np.add.at(zcount, grid, (s_sub == 0).astype(np.int64))
    gx = np.where(xd == 0, np.where(zcount == 1, prod_nz, 0), rd / np.where(xd == 0, 1, xd)) * gd
    zc_s = zcount[grid]
    pn_s = prod_nz[grid]
    r_s = rd[grid]
    g_s = gd[grid]
    gs = np.where(s_sub == 0, np.where(zc_s == 1, pn_s, 0), r_s / np.where(s_sub == 0, 1, s_sub)) * g_s
    full = np.zeros(sd.shape if sd.ndim else (1,), dtype=gd.dtype)
    full[tuple(slice(0, n) for n in i1.shape)] = gs
    return _make(gx.astype(gd.dtype).reshape(x_shape)), _make(full.reshape(src_shape))


def scatter_reduce(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, src: Tensor = NP_UNSET,
                   reduce: str = NP_UNSET, *, include_self: bool = True, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.scatter_reduce``: reduce ``src`` into ``input`` at ``index`` (sum/prod/mean/amax/amin)."""
    if dim is NP_UNSET or index is NP_UNSET or src is NP_UNSET or reduce is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('scatter_reduce', axis, dim=dim, index=index, src=src, reduce=reduce)
    x = input
    d = _arr(x)
    idx = _index_data(index, "scatter_reduce")
    _check_index_dtype(index, "scatter(): Expected dtype int32/int64 for index")
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)  # PyTorch still accepts the old names
    if reduce not in ("sum", "prod", "mean", "amax", "amin"):
        raise RuntimeError(
            f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    dim = _wrap(dim, d.ndim)
    sd = _arr(src)
    if sd.dtype != d.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    _scatter_checks(d, dim, idx, sd.shape)
    if reduce == "mean" and d.dtype == np.bool_ and idx.size:  # (ATen's mean kernel takes no bool)
        raise NotImplementedError('"scatter_gather_tensor_cpu_reduce_mean" not implemented for \'Bool\'')
    base = d
    if not include_self and idx.size:
        ident = {"sum": 0, "mean": 0, "prod": 1,
                 "amax": -np.inf if d.dtype.kind in "fc" else (False if d.dtype.kind == "b" else np.iinfo(d.dtype).min),
                 "amin": np.inf if d.dtype.kind in "fc" else (True if d.dtype.kind == "b" else np.iinfo(d.dtype).max)}[reduce]
        base = _scatter_np(d, dim, idx, np.asarray(ident).astype(d.dtype), None)
    mode = {"sum": "add", "mean": "add", "prod": "multiply", "amax": "amax", "amin": "amin"}[reduce]
    data = _scatter_np(base, dim, idx, sd, mode)
    if reduce == "mean":
        cnt = np.ones(d.shape, dtype=np.int64) if include_self else np.zeros(d.shape, dtype=np.int64)
        cnt = _scatter_np(cnt, dim, idx, np.ones(idx.shape, dtype=np.int64), "add")
        cnt = np.maximum(cnt, 1)
        if d.dtype.kind in "fc":
            data = (data / cnt).astype(d.dtype)
        else:
            data = np.floor_divide(data, cnt).astype(d.dtype)
    node = None
    if needs_grad(x, src):
        node = ScatterReduceBackward0((x, src))
        node.dim, node.index, node.reduce, node.include_self = dim, index, reduce, include_self
        res = finish(_res(data), node)
        from ._common import saved_output
        node.save(x, src, saved_output(node, res))
        return write_out(out, res)
    return write_out(out, finish(_res(data), None))


# ================================================================== index_* ops
def _index_vec(index: Tensor, what: str, dtype_msg: str) -> np.ndarray:
    idx = _index_data(index, what)
    if index._data.dtype not in (np.int64, np.int32):
        raise RuntimeError(dtype_msg)
    if idx.ndim > 1:
        raise IndexError(f"{what}(): Index is supposed to be a vector")
    return idx.reshape(-1)


def _index_func_vec(index: Tensor, func: str) -> np.ndarray:
    """The index of ``index_add``: ATen's ``index_func_meta_impl`` checks its rank, then its dtype."""
    idx = _index_data(index, func)
    if idx.ndim > 1:
        raise IndexError(f"{func}_(): Index is supposed to be a vector, but got dim: {idx.ndim} with type: "
                         f"{_type_word(idx.dtype)} and size: {list(idx.shape)}")
    if idx.dtype != np.int64 and idx.dtype != np.int32:
        raise RuntimeError(f"{func}_(): Expected dtype int32/int64 for index but got: {_type_word(idx.dtype)}")
    return idx.reshape(-1)


def _index_select_range_error(idx: np.ndarray, n: int, d: np.ndarray, dim: int) -> None:
    """Raise the error of ATen's CPU ``index_select_out_cpu_`` for an index outside ``[0, n)``.

    With more than one dim, an empty ``self`` and the ``dim == 1`` fast path (``index_select_out_cpu_dim1_``)
    run ``check_indexarray_range``, a ``RuntimeError`` naming the first bad index; every other path
    fails with ``TORCH_CHECK_INDEX``'s ``index out of range in self``.
    """
    if d.ndim > 1 and (d.size == 0 or dim == 1):
        bad = int(idx[(idx < 0) | (idx >= n)][0])
        raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={n}")
    raise IndexError("index out of range in self")


class IndexSelectBackward0(Node):
    __slots__ = ("dim", "index", "shape", "dim_arg")  # (``dim_arg``: a negative ``dim`` as given)

    def backward(self, g):
        z = _zeros(self.shape, g._data.dtype)
        return index_add(z, self.dim, self.index, g)


def index_select(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, *, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.index_select``: the slices ``index`` along ``dim`` (a copy)."""
    if dim is NP_UNSET or index is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('index_select', axis, dim=dim, index=index)
    if dim.__class__ is not int:
        check_int_args("index_select", ("dim", "index"), dim)
    x = input
    d = _arr(x)
    idx = _index_vec(index, "index_select", "index_select(): Expected dtype int32 or int64 for index")
    if out is not None and isinstance(out, Tensor):  # ATen's out= kernel: the dtype, then the memory
        if out._data.dtype != d.dtype:
            raise RuntimeError("index_select(): self and result must have the same scalar type")
        check_out_overlap(out, (x, index))
    dim_arg = dim
    dim = _wrap(dim, d.ndim)
    if d.ndim == 0:
        if idx.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {idx.size} value(s)")
        if idx.size and (idx != 0).any():
            raise IndexError("index out of range in self")
        data = d.copy()
    else:
        n = d.shape[dim]
        if idx.size and n == 0 and d.ndim > 1:  # PyTorch's many-dim kernel checks this first
            raise RuntimeError("index_select(): self indexing axis dim should be positive")
        if idx.size and ((idx < 0) | (idx >= n)).any():
            _index_select_range_error(idx, n, d, dim)
        data = np.take(d, idx, axis=dim)
    node = None
    if GRAD.enabled and x._rg:
        node = IndexSelectBackward0((x,))
        node.dim, node.index, node.shape = dim, index, d.shape
        node._saved = KEPT_IN_SLOTS  # (``grad_fn._saved_index`` is freed after backward)
        if dim_arg < 0:
            node.dim_arg = dim_arg
    return write_out(out, finish(_res(data), node))


class IndexAddBackward0(Node):
    __slots__ = ("dim", "index", "alpha", "src_nd", "dim_arg")

    def backward(self, g):  # edges (self, source), as PyTorch's: the index is not differentiable
        index, _ = self.saved()  # (index and source: saved for the source's gradient only, as PyTorch)
        e = self._edges
        gx = g if e[0] is not None else None
        gs = None
        if e[1] is not None:  # maybe_multiply(grad.index_select(dim, index).expand_as(source), alpha)
            gs = index_select(g, self.dim, index) if g._data.ndim else g
            if self.src_nd == 0:
                gs = gs.reshape(())
            else:
                gs = gs.expand(self._meta[1][0])
            if self.alpha != 1:
                from .pointwise import mul_scalar
                gs = mul_scalar(gs, self.alpha)
        return gx, gs


def _index_op_checks(d, dim, idx, sd, what, count_msg):
    if sd.ndim and d.ndim and idx.size != sd.shape[dim]:
        raise count_msg
    n = d.shape[dim] if d.ndim else 1
    if idx.size and ((idx < 0) | (idx >= n)).any():
        bad = int(idx[(idx < 0) | (idx >= n)][0])
        if what == "index_add" and d.ndim > 1:  # (1-D: PyTorch's fast path raises the generic IndexError)
            raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {n}")
        if what == "index_copy":
            raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {dim} with size {n}")
        raise IndexError("index out of range in self")


def _index_add_shape_check(d, sd, dim: int) -> None:
    """``index_add``'s meta check: ``source`` has ``self``'s shape apart from ``dim`` (both taken whole
    when either is 0-d)."""
    ss, rs = list(d.shape), list(sd.shape)
    if d.ndim and sd.ndim:
        del ss[dim]
        if dim < len(rs):
            del rs[dim]
    if ss != rs:
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(d.shape)} source.shape = {list(sd.shape)}")


_INT_2TENSORS = ("int", "Tensor", "Tensor")


def index_add(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, source: Tensor = NP_UNSET, *, alpha=1,
              out=None, axis=NP_UNSET) -> Tensor:
    """``torch.index_add``: a copy of ``input`` with ``alpha * source`` added at slices ``index``."""
    if dim is NP_UNSET or index is NP_UNSET or source is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('index_add', axis, dim=dim, index=index, source=source)
    if dim.__class__ is not int or input.__class__ is not Tensor or index.__class__ is not Tensor or \
            source.__class__ is not Tensor:
        err = _arg_type_error("index_add", input, _INDEX_PARAMS["index_add"], (dim, index, source), _INT_2TENSORS)
        if err is not None:
            raise err
    x = input
    d = _arr(x)
    idx = _index_func_vec(index, "index_add")
    dim_arg, dim = dim, _wrap(dim, d.ndim)  # (``dim_arg``: as given, for ``grad_fn._saved_dim``)
    sd = _arr(source)
    if sd.dtype != d.dtype:
        raise RuntimeError(
            f"index_add_(): self ({_type_word(d.dtype)}) and source ({_type_word(sd.dtype)}) must have the same "
            "scalar type")
    _index_op_checks(d, dim, idx, sd, "index_add", RuntimeError(
        f"index_add_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
        f"({sd.shape[dim] if sd.ndim > dim else 1}), for dim: {dim}"))
    _index_add_shape_check(d, sd, dim)
    out_arr = d.copy()
    if d.dtype.kind in "biu" and isinstance(alpha, float):
        alpha = int(alpha)  # PyTorch casts alpha to an integral self's dtype
    if d.dtype.kind == "u" and isinstance(alpha, int) and alpha < 0:
        alpha = np.array(alpha).astype(d.dtype)[()]  # (wrapped into the unsigned type, -1 -> 255)
    s = sd * alpha if alpha != 1 else sd
    if d.ndim == 0:
        out_arr = out_arr + np.sum(np.broadcast_to(s, (idx.size,)), dtype=d.dtype)
    else:
        src_m = np.moveaxis(s, dim, 0) if s.ndim else np.broadcast_to(s, (idx.size,) + tuple(
            n for k, n in enumerate(d.shape) if k != dim))
        np.add.at(np.moveaxis(out_arr, dim, 0), idx.astype(np.intp), src_m.astype(d.dtype, copy=False))
    node = None
    if needs_grad(x, source):
        node = IndexAddBackward0((x, source))
        node.dim, node.index, node.alpha, node.src_nd = dim, index, alpha, sd.ndim
        node.save(*((index, source) if source._rg else (None, None)))  # (for the source's gradient, as PyTorch)
        if dim_arg != dim:
            node.dim_arg = dim_arg
    return write_out(out, finish(_res(np.asarray(out_arr)), node))


class IndexCopyBackward0(Node):
    """Edges ``(self, source)`` (the index gets none)."""

    __slots__ = ("dim", "index")

    def backward(self, g):
        e = self._edges
        gx = index_fill(g, self.dim, self.index, 0) if e[0] is not None else None
        gs = index_select(g, self.dim, self.index) if e[1] is not None else None
        return gx, gs


def _index_copy_checks(d, dim: int, idd, sd) -> None:
    """ATen's ``index_copy`` meta checks, in its order (``dim`` already wrapped): the index's rank, the
    source's rank, the index dtype (int64 only), the dtypes, the slice shapes, the number of indices."""
    n = idd.size
    if idd.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {idd.ndim})")
    if sd.ndim == 0 and n != 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element (got {n})")
    if sd.ndim != d.ndim and sd.ndim and d.ndim:
        raise IndexError("index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({sd.ndim}), destination dimensionality ({d.ndim})")
    if idd.dtype != np.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {_type_word(idd.dtype)}")
    if sd.dtype != d.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{_type_word(d.dtype)} and (source) {_type_word(sd.dtype)}")
    ds = [k for i, k in enumerate(d.shape) if i != dim]
    ss = [k for i, k in enumerate(sd.shape) if i != dim]
    if ds != ss:  # (ATen prints the sizes space-separated)
        raise RuntimeError("index_copy_(): Source/destination tensor must have same slice shapes. Destination slice "
                           f"shape: {' '.join(map(str, ds))} at dimension {dim} and source slice shape: "
                           f"{' '.join(map(str, ss))} at dimension 0.")
    if sd.ndim and n != sd.shape[dim]:
        raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({sd.shape[dim]})")


def index_copy(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, source: Tensor = NP_UNSET, *, out=None,
               axis=NP_UNSET) -> Tensor:
    """``torch.index_copy``: a copy of ``input`` with slices ``index`` replaced by ``source``."""
    if dim is NP_UNSET or index is NP_UNSET or source is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('index_copy', axis, dim=dim, index=index, source=source)
    if dim.__class__ is not int or input.__class__ is not Tensor or index.__class__ is not Tensor or \
            source.__class__ is not Tensor:
        err = _arg_type_error("index_copy", input, _INDEX_PARAMS["index_copy"], (dim, index, source), _INT_2TENSORS)
        if err is not None:
            raise err
    x = input
    d = _arr(x)
    dim = _wrap(dim, d.ndim)
    idd, sd = _arr(index), _arr(source)
    _index_copy_checks(d, dim, idd, sd)
    idx = idd.reshape(-1)
    _index_op_checks(d, dim, idx, sd, "index_copy", None)  # (the index bounds)
    out_arr = d.copy()
    if d.ndim == 0:
        out_arr[()] = sd.reshape(-1)[-1] if idx.size else out_arr
    else:
        om = np.moveaxis(out_arr, dim, 0)
        om[idx.astype(np.intp)] = np.moveaxis(sd, dim, 0) if sd.ndim else sd
    node = None
    if needs_grad(x, source):
        node = IndexCopyBackward0((x, source))
        node.dim, node.index = dim, index
    return write_out(out, finish(_res(out_arr), node))


class IndexFillBackward0(Node):
    __slots__ = ("dim", "index")

    def backward(self, g):
        return index_fill(g, self.dim, self.index, 0)


class IndexFillBackward1(Node):
    """Edges ``(self, value)`` (the index gets none)."""

    __slots__ = ("dim", "index")

    def backward(self, g):
        e = self._edges
        gx = index_fill(g, self.dim, self.index, 0) if e[0] is not None else None
        gv = None
        if e[1] is not None:  # (PyTorch sums over the distinct index values: a repeated one counts once)
            uniq = _make(np.unique(_arr(self.index).reshape(-1)))
            gv = index_select(g, self.dim, uniq).sum()
        return gx, gv


_INDEX_FILL_SIGS = ("Tensor input, int dim, Tensor index, Tensor value", "Tensor input, int dim, Tensor index, Number value")


def _check_index_fill_args(input, dim, index, value) -> None:
    """PyTorch's parser error for ``index_fill`` arguments no overload takes (a non-int ``dim``, a
    non-tensor ``index``, a ``value`` neither Tensor nor Number)."""
    from .shape import _not_int
    if isinstance(input, Tensor) and not _not_int(dim) and isinstance(index, Tensor) and \
            (isinstance(value, Tensor) or _is_number(value)):
        return
    raise _overload_arg_error("index_fill", _INDEX_FILL_SIGS, input, ("dim", "index", "value"),
                              {"dim": dim, "index": index, "value": value})


def index_fill(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, value=NP_UNSET, *,
               axis=NP_UNSET) -> Tensor:
    """``torch.index_fill``: a copy of ``input`` with slices ``index`` set to ``value``."""
    if dim is NP_UNSET or index is NP_UNSET or value is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('index_fill', axis, dim=dim, index=index, value=value)
    if dim.__class__ is not int or index.__class__ is not Tensor or \
            (value.__class__ is not float and value.__class__ is not int and value.__class__ is not Tensor):
        _check_index_fill_args(input, dim, index, value)
    x = input
    d = _arr(x)
    if isinstance(index, Tensor) and index._data.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    idx = _index_vec(index, "index_fill", "index_fill_(): Expected dtype int64 for index.")
    dim = _wrap(dim, d.ndim)
    n = d.shape[dim] if d.ndim else 1
    if idx.size and ((idx < -n) | (idx >= n)).any():
        bad = int(idx[(idx < -n) | (idx >= n)][0])
        raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size {n}")
    vt = isinstance(value, Tensor)
    if vt and value._data.ndim != 0:
        raise RuntimeError(
            f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with {value._data.ndim} "
            "dimension(s).")
    v = value.item() if vt else value
    out_arr = d.copy(order="K")  # (ATen: ``self.clone(at::MemoryFormat::Preserve).index_fill_(...)``)
    if d.ndim == 0:
        if idx.size:
            out_arr[()] = v
    else:
        np.moveaxis(out_arr, dim, 0)[idx.astype(np.intp) % n] = np.asarray(v).astype(d.dtype) \
            if not isinstance(v, float) or d.dtype.kind in "fc" else np.trunc(v).astype(d.dtype)
    node = None
    if vt and needs_grad(x, value):
        node = IndexFillBackward1((x, value))
        node.dim, node.index = dim, index
    elif not vt and GRAD.enabled and x._rg:
        node = IndexFillBackward0((x,))
        node.dim, node.index = dim, index
    return finish(_res(out_arr), node)


class MaskedScatterBackward0(Node):
    """Edges ``(self, source)`` (the mask gets none)."""

    __slots__ = ("mask", "src_shape")

    def backward(self, g):
        e = self._edges
        m = self.mask
        gx = g.masked_fill(m, 0) if e[0] is not None else None
        gs = None
        if e[1] is not None:
            sel = _ix.masked_select(g, m)
            n = int(np.prod(self.src_shape))
            k = sel._data.shape[0]
            if k < n:
                sel = cat([sel, _zeros((n - k,), g._data.dtype)])
            gs = sel.reshape(self.src_shape)
        return gx, gs


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """``torch.masked_scatter``: copy ``source`` elements, in order, where ``mask`` is True."""
    x = input
    if x.__class__ is not Tensor or mask.__class__ is not Tensor or source.__class__ is not Tensor:
        err = _arg_type_error("masked_scatter", x, ("mask", "source"), (mask, source), ("Tensor", "Tensor"))
        if err is not None:
            raise err
    d, md, sd = _arr(x), _arr(mask), _arr(source)
    if md.dtype != np.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{_type_word(md.dtype)}")
    if sd.dtype != d.dtype:
        raise RuntimeError(
            f"masked_scatter: expected self and source to have same dtypes but got{_type_word(d.dtype)} and "
            f"{_type_word(sd.dtype)}")
    try:
        shp = np.broadcast_shapes(d.shape, md.shape)
    except ValueError:
        from ._common import broadcast_error
        raise broadcast_error(d.shape, md.shape) from None
    out_arr = np.array(np.broadcast_to(d, shp), order="C")  # (ATen's masked_scatter: a contiguous clone)
    mb = np.broadcast_to(md, shp)
    k = int(mb.sum())
    if k > sd.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    out_arr[mb] = sd.reshape(-1)[:k]
    node = None
    if needs_grad(x, source):
        node = MaskedScatterBackward0((x, source))
        node.mask, node.src_shape = mask, sd.shape
    return finish(_res(out_arr), node)


class TakeBackward0(Node):
    __slots__ = ("index", "shape")

    def backward(self, g):
        n = int(np.prod(self.shape))
        z = _zeros((n,), g._data.dtype)
        r = _ix._index_put(z, (self.index.reshape(-1),), g.reshape(-1), True)
        return r.reshape(self.shape)


def take(input: Tensor, index: Tensor, *, out=None) -> Tensor:
    """``torch.take``: elements of the flattened input at ``index`` (output has the index's shape)."""
    x = input
    if out is not None:
        if isinstance(out, Tensor) and isinstance(x, Tensor) and out._data.dtype != x._data.dtype:
            raise RuntimeError(f"take(): self and out expected to have the same dtype, but got self.dtype = "
                               f"{_type_word(x._data.dtype)} and out.dtype = {_type_word(out._data.dtype)}")
        if isinstance(out, Tensor) and isinstance(index, Tensor) and index._data.dtype == np.int64:
            check_out_overlap(out, (index, x))
        return write_out(out, take(x, index), "take")
    d = _arr(x)
    idx = _index_data(index, "take")
    if index._data.dtype != np.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {_type_word(index._data.dtype)}")
    n = d.size
    if idx.size:
        bad = (idx < -n) | (idx >= n)
        if bad.any():
            v = int(idx[bad].flat[0])
            raise IndexError(f"out of range: tried to access index {v} on a tensor of {n} elements.")
    flat_idx = np.where(idx < 0, idx + n, idx).astype(np.int64)
    data = d.reshape(-1)[flat_idx]
    node = None
    if GRAD.enabled and x._rg:
        node = TakeBackward0((x,))
        node.index, node.shape = flat_idx, d.shape
    return finish(_res(data), node)


def take_along_dim(input: Tensor, indices: Tensor, dim=None, *, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.take_along_dim``: ``gather`` with broadcasting (flattened when ``dim`` is None)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('take_along_dim', dim, None, axis, NP_UNSET, None)
    if input.__class__ is not Tensor or indices.__class__ is not Tensor or (dim is not None and dim.__class__ is not int):
        err = _arg_type_error("take_along_dim", input, ("indices", "dim"), (indices, dim), ("Tensor", "int?"))
        if err is not None:
            raise err
    x = input
    if dim is None:  # a flat gather, with gather's own index checks (int32 is taken)
        return write_out(out, gather(x.view(-1), 0, indices.view(-1)))  # (ATen's ``view``: a strided input fails)
    if indices._data.dtype != np.int64:
        raise RuntimeError(
            f"torch.take_along_dim(): dtype of indices should be Long but got {_type_word(indices._data.dtype)}")
    xd, idd = x._data, indices._data
    if xd.ndim != idd.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of dimensions, but got "
            f"{xd.ndim} dimensions for input, and {idd.ndim} dimensions for indices")
    dim = _wrap(dim, xd.ndim)
    n = xd.shape[dim] if xd.ndim else 1
    if idd.size and n and ((idd < 0) | (idd >= n)).any():  # PyTorch 2.13 takes indices modulo the size
        indices = _make(np.mod(idd, n))
        idd = indices._data
    xs, is_ = list(xd.shape), list(idd.shape)
    xs[dim] = is_[dim] = 1
    try:
        b = list(np.broadcast_shapes(tuple(xs), tuple(is_)))
    except ValueError:
        from ._common import broadcast_error
        raise broadcast_error(tuple(xs), tuple(is_)) from None
    bx, bi = list(b), list(b)
    bx[dim], bi[dim] = xd.shape[dim], idd.shape[dim]
    xx = _expand(x, tuple(bx))  # (ATen's ``broadcast_to`` records ExpandBackward0 even for its own shape)
    ii = indices if tuple(bi) == idd.shape else _expand(indices, tuple(bi))
    return write_out(out, gather(xx, dim, ii))


# ==================================================================== repeat/tile
class RepeatBackward0(Node):
    __slots__ = ("shape", "repeats")

    def backward(self, g):
        reps = self.repeats
        shape = self.shape
        pad = (1,) * (len(reps) - len(shape)) + tuple(shape)
        inter = []
        for r, s in zip(reps, pad):
            inter += [r, s]
        gg = g.reshape(tuple(inter))
        gg = gg.sum(tuple(range(0, 2 * len(reps), 2))) if reps else gg
        return gg.reshape(shape)


def _repeat(x: Tensor, *sizes, repeats=None) -> Tensor:
    """``Tensor.repeat``: tile the tensor ``sizes`` times along each dimension."""
    if repeats is not None:  # PyTorch's keyword spelling
        sizes = (repeats,)
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    reps = int_list_arg("repeat", "repeats", sizes, repeats is not None)
    d = _arr(x)
    if len(reps) < d.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    pad = (1,) * (len(reps) - d.ndim) + d.shape
    target = [p * r for p, r in zip(pad, reps)]
    for t in target:
        if t < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {t}: {target}")
    data = np.tile(d.reshape(pad), reps) if reps else d.copy()
    data = row_major(data)  # (ATen's repeat writes a fresh contiguous tensor; ``np.tile`` of ones keeps the layout)
    node = None
    if GRAD.enabled and x._rg:
        node = RepeatBackward0((x,))
        node.shape, node.repeats = d.shape, tuple(reps)
    return finish(_res(data), node)


def tile(input: Tensor, dims) -> Tensor:
    """``torch.tile``: like ``repeat``, with missing leading repeats taken as 1."""
    if isinstance(dims, (int, np.integer)):
        dims = (int(dims),)
    dims = int_list_arg("tile", "dims", (dims,))
    nd = input._data.ndim
    if len(dims) < nd:
        dims = (1,) * (nd - len(dims)) + dims
    return _repeat(input, dims)


def _tile_method(self, *args, dims=None):
    dims = args if dims is None else (dims,)  # positional sizes or PyTorch's ``dims=`` keyword
    return tile(self, int_list_arg("tile", "dims", dims, len(args) == 0))


def _check_repeats_total(r: np.ndarray, output_size) -> None:
    """A tensor of ``repeats`` with an ``output_size`` that is not their sum: PyTorch's kernel error."""
    if output_size is not None and output_size != int(r.sum()):
        raise RuntimeError("allocated size does not match required size")


def _check_repeats_dtype(r: np.ndarray) -> None:
    """ATen's ``repeat_interleave_cpu`` dispatches on the index types (int64/int32) only."""
    if r.dtype != np.int64 and r.dtype != np.int32:
        raise NotImplementedError(f'"repeat_interleave_cpu" not implemented for \'{_type_word(r.dtype)}\'')


_REPEAT_INTERLEAVE_SIGS = ("Tensor input, Tensor repeats, int dim = None, *, int output_size = None",
                           "Tensor repeats, *, int output_size = None",
                           "Tensor input, int repeats, int dim = None, *, int output_size = None")


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None, axis=NP_UNSET, out=NP_UNSET) -> Tensor:
    """``torch.repeat_interleave``: repeat each element (or slice along ``dim``) ``repeats`` times."""
    if out is not NP_UNSET:  # (no overload takes ``out``: PyTorch's parser error)
        from ._argerrors import _method_signature, no_overload_error, user_call_site
        given = [v for v in (input, repeats, dim) if v is not None]
        given_kw = [(k, v) for k, v in (("output_size", output_size), ("out", out)) if v is not None]
        sigs = _REPEAT_INTERLEAVE_SIGS
        site = user_call_site("repeat_interleave")
        if site is not None and site[0]:  # ``x.repeat_interleave(...)``: the method's overloads, no ``input``
            sigs = [m for m in map(_method_signature, sigs) if m is not None]
            given = given[1:]
        raise no_overload_error("repeat_interleave", sigs, given, given_kw)
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('repeat_interleave', dim, None, axis, NP_UNSET, None)
    if repeats is None:  # torch.repeat_interleave(repeats)
        r = _arr(input)
        _check_repeats_dtype(r)
        if r.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if r.size and (r < 0).any():
            raise RuntimeError("repeats can not be negative")
        _check_repeats_total(r, output_size)
        return _make(np.repeat(np.arange(r.size, dtype=np.int64), r))
    x = input
    flat = dim is None
    if flat:
        x = x.flatten()  # (ATen's ``self.flatten()``: a 1-D input as is, no ViewBackward0)
        dim = 0
    d = x._data
    dim = _wrap(dim, d.ndim)
    if isinstance(repeats, Tensor):
        if d.ndim == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        r = _arr(repeats)
        if r.ndim == 0 or r.shape == (1,):
            r = np.broadcast_to(r.reshape(-1), (d.shape[dim] if d.ndim else 1,))
        if r.ndim != 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        n = d.shape[dim] if d.ndim else 1
        if r.shape[0] != n:
            raise RuntimeError(
                f"repeats must have the same size as input along dim, but got repeats.size(0) = {r.shape[0]} and "
                f"input.size({dim}) = {n}")
        _check_repeats_dtype(r)
        if r.size and (r < 0).any():
            raise RuntimeError("repeats can not be negative")
        _check_repeats_total(r, output_size)
        idx = _make(np.repeat(np.arange(r.size, dtype=np.int64), r))
        return index_select(x, dim, idx)
    repeats = int(repeats)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    if d.ndim == 0:  # PyTorch unsqueezes the 0-d input at ``dim + 1``: out of range unless flattened
        if not flat:
            _wrap(dim + 1, 0)
        x = x.reshape(1)
        d = x._data
    shp = d.shape
    if output_size is not None and output_size != shp[dim] * repeats:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {shp[dim] * repeats} but got "
                           f"{output_size}")
    e = x.unsqueeze(dim + 1).expand(shp[:dim + 1] + (repeats,) + shp[dim + 1:])
    from .convert import clone, contiguous
    new = shp[:dim] + (shp[dim] * repeats,) + shp[dim + 1:]
    # PyTorch: clone(contiguous_format).view(...); ember's clone keeps a permuted layout
    ed = e._data
    c = clone(e) if (ed.__class__ is not np.ndarray or ed.flags.c_contiguous) else contiguous(e)
    return c.view(new)


# ==================================================================== flip/roll/rot90
class FlipBackward0(Node):
    __slots__ = ("dims", "dim_arg")  # (``dim_arg``: the ``dims`` as given, for ``grad_fn._saved_dims``)

    def backward(self, g):
        return flip(g, self.dims)


def _dims_list(dims, nd, what="flip"):
    if isinstance(dims, (int, np.integer)):
        dims = (dims,)
    out = []
    for k in dims:
        k = _wrap(int(k), nd)
        if k in out:
            raise RuntimeError(f"dim {k} appears multiple times in the list of dims")
        out.append(k)
    return tuple(out)


def _check_flip_dims(dims, where: str = " (position 2)") -> None:
    """PyTorch's argument parser for ``flip``'s ``IntArrayRef dims``: a tuple/list of ints, never a bare int."""
    if isinstance(dims, Tensor) or not isinstance(dims, (tuple, list)):
        raise TypeError(f"flip(): argument 'dims'{where} must be tuple of ints, not {type(dims).__name__}")
    for i, k in enumerate(dims):
        if isinstance(k, Tensor) and k.dim() == 0 and not k.is_floating_point() and not k.is_complex():
            continue
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            if i == 0 and not where:   # (a keyword argument: the parser names the whole sequence)
                raise TypeError(f"flip(): argument 'dims' must be tuple of ints, not {type(dims).__name__}")
            if i == 0:
                raise TypeError(f"flip(): argument 'dims'{where} must be tuple of ints, but found element of type "
                                f"{type(k).__name__} at pos 0")
            raise TypeError(f"flip(): argument 'dims' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {type(k).__name__}\"")


_NO_DIMS = object()


def flip(input: Tensor, *positional, dims=_NO_DIMS) -> Tensor:
    """``torch.flip(input, dims)``: reverse the order of elements along ``dims`` (a copy); as PyTorch, ``dims``
    must be a tuple or list (``torch.flip(x, 0)`` is a TypeError, while the method ``x.flip(0)`` takes varargs).
    ``dims`` is read positionally or by keyword so that the error names the position as PyTorch does."""
    if len(positional) > 1 or (positional and dims is not _NO_DIMS):
        raise TypeError(f"flip() takes 2 positional arguments but {len(positional) + 1} were given")
    if positional:
        dims = positional[0]
        _check_flip_dims(dims)
    elif dims is _NO_DIMS:
        raise TypeError('flip() missing 1 required positional arguments: "dims"')
    else:
        _check_flip_dims(dims, "")
    x = input
    d = _arr(x)
    dim_arg = dims
    dims = _dims_list(dims, d.ndim)
    # (order="K": PyTorch's empty_like(preserve_format) keeps a dense input's layout, channels-last included)
    if dims and d.ndim:
        if d.dtype.kind == "u" and d.dtype.itemsize > 1:  # (no flip kernel for uint16/32/64; no dims: a copy)
            from .pointwise import no_bare_uint_kernel
            no_bare_uint_kernel(d.dtype, "flip_cpu")
        data = _preserve_copy(np.flip(d, axis=dims), d)
    else:
        data = d.copy()
    node = None
    if GRAD.enabled and x._rg:
        node = FlipBackward0((x,))
        node.dims, node.dim_arg = dims, dim_arg
    return finish(_res(data), node)


def _preserve_copy(values: np.ndarray, d: np.ndarray) -> np.ndarray:
    """``values`` (shaped like ``d``) in a fresh array laid out as ATen's ``empty_like(d)`` (preserve_format):
    ``d``'s strides when dense, else ``infer_dense_strides`` (a broadcast dim keeps its place, unlike NumPy's
    ``order="K"``, which moves it innermost)."""
    from ._layout import empty_like_layout
    out = empty_like_layout(d)
    np.copyto(out, values)
    return out


def fliplr(input: Tensor) -> Tensor:
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


def flipud(input: Tensor) -> Tensor:
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


class RollBackward0(Node):
    __slots__ = ("shifts", "dims", "dim_arg")  # (``dim_arg``: the ``dims`` as given, ``grad_fn._saved_dims``)

    def backward(self, g):
        return roll(g, tuple(-s for s in self.shifts), self.dims)


def _is_int_like(v) -> bool:
    return (v.__class__ is not bool and isinstance(v, (int, np.integer))) or (
        isinstance(v, Tensor) and v.dim() == 0 and not v.is_floating_point() and not v.is_complex())


def _check_roll_arg(bad: str, value) -> None:
    """PyTorch's parser for ``roll``'s ``IntArrayRef[1] shifts, dims``: an int or a tuple/list of ints (the
    position is named for a positional argument: 2 and 3 for ``torch.roll``, 1 and 2 for the method)."""
    from ._argerrors import type_name, user_call_site
    if (value is None and bad == "dims") or _is_int_like(value):
        return
    if isinstance(value, (tuple, list)):
        bad_at = [i for i, v in enumerate(value) if not _is_int_like(v)]
        if not bad_at:
            return
        if bad_at[0] > 0:
            raise TypeError(f"roll(): argument '{bad}' failed to unpack the object at pos {bad_at[0] + 1} with error "
                            f"\"type must be tuple of ints,but got {type_name(value[bad_at[0]])}\"")
    site = user_call_site("roll")
    where = ""
    if site is None or bad not in site[2]:
        where = f" (position {['shifts', 'dims'].index(bad) + (1 if site is not None and site[0] else 2)})"
    if isinstance(value, (tuple, list)) and where:
        raise TypeError(f"roll(): argument '{bad}'{where} must be tuple of ints, but found element of type "
                        f"{type_name(value[0])} at pos 0")
    raise TypeError(f"roll(): argument '{bad}'{where} must be tuple of ints, not {type_name(value)}")


def roll(input: Tensor = NP_UNSET, shifts=NP_UNSET, dims=None, *extra) -> Tensor:
    """``torch.roll``: shift elements cyclically along ``dims`` (flattened when ``dims`` is None).  Missing
    or extra arguments raise PyTorch's parser errors (its wording differs from Python's)."""
    if shifts is NP_UNSET or input is NP_UNSET or extra:
        _roll_call_error(input, shifts, extra, 3)
    _check_roll_arg("shifts", shifts)
    _check_roll_arg("dims", dims)
    x = input
    d = _arr(x)
    sh = _int_list(shifts)
    if not sh:
        raise RuntimeError("`shifts` required")
    if dims is None or (isinstance(dims, (tuple, list)) and len(dims) == 0):
        if len(sh) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(sh)}, dims:0")
        data = np.roll(d.reshape(-1), sh[0]).reshape(d.shape) if d.size else d.copy()
        dl = None
    else:
        dl = _int_list(dims)
        if len(sh) != len(dl):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(sh)}, dims:{len(dl)}")
        if d.ndim == 0:
            raise IndexError(f"Dimension specified as {dl[0]} but tensor has no dimensions")
        if d.size:  # an empty input is copied without checking its dims, as in PyTorch
            dl = [_wrap(k, d.ndim) for k in dl]
        data = np.roll(d, sh, axis=dl) if d.size else d.copy()
    if dl is None:  # (ATen rolls ``self.contiguous().view(-1)``: a row-major result)
        data = row_major(data)
    else:
        data = legacy_contiguous(data, d)  # (ATen's roll: empty_like(self, LEGACY_CONTIGUOUS_MEMORY_FORMAT))
    node = None
    if GRAD.enabled and x._rg:
        node = RollBackward0((x,))
        node.shifts, node.dims = tuple(sh), None if dl is None else tuple(dl)
        node.dim_arg = () if dims is None else dims
    return finish(_res(data), node)


def _roll_call_error(input, shifts, extra, n_params: int):
    """PyTorch's parser error for a ``roll`` call with required arguments left out or too many positional
    ones (``n_params``: the positional parameters it counts, 2 for the method, 3 for ``torch.roll``)."""
    from ._argerrors import missing_arguments_error
    if extra:
        raise TypeError(f"roll() takes from {n_params - 1} to {n_params} positional arguments but "
                        f"{n_params + len(extra)} were given")
    raise missing_arguments_error("roll", ("input", "shifts"), (input is not NP_UNSET, shifts is not NP_UNSET))


def _roll_method(self, shifts=NP_UNSET, dims=None, *extra) -> Tensor:
    """``Tensor.roll(shifts, dims=None)``: as :func:`roll`, its errors counting arguments without ``self``."""
    if extra:
        _roll_call_error(self, shifts, extra, 2)
    return roll(self, shifts, dims)


_roll_method.__name__ = _roll_method.__qualname__ = "roll"


class Rot90Backward0(Node):
    __slots__ = ("k", "dims", "dims_arg")  # (``dims_arg``: the dims as given, for ``_saved_dims``)

    def backward(self, g):
        return rot90(g, -self.k, self.dims)


def rot90(input: Tensor, k: int = 1, dims=(0, 1)) -> Tensor:
    """``torch.rot90``: rotate by 90 degrees ``k`` times in the plane ``dims``."""
    x = input
    if k.__class__ is not int:
        from .shape import _not_int
        if _not_int(k):
            from ._argerrors import argument_type_error  # (PyTorch's parser: ``k`` is an int)
            raise argument_type_error("rot90", ("k", "dims"), "k", "int", k)
        k = _operator_index(k)
    d = _arr(x)
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if d.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {d.ndim}")
    a, b = dims
    if a == b or (a % d.ndim if -d.ndim <= a < d.ndim else a) == (b % d.ndim if -d.ndim <= b < d.ndim else b):
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {a} and dim1 = {b}")
    a, b = _wrap(a, d.ndim), _wrap(b, d.ndim)
    data = np.rot90(d, int(k), axes=(a, b))
    # PyTorch flips into a copy laid out as the input (empty_like(preserve_format): a contiguous or channels-last
    # input keeps its layout), then (odd k) returns its transpose: a permuted layout; k % 4 == 0 is a contiguous clone
    if int(k) % 2:
        data = _preserve_copy(data.swapaxes(a, b), d).swapaxes(a, b)
    else:
        data = _preserve_copy(data, d) if int(k) % 4 else np.array(data, order="C")
    node = None
    if GRAD.enabled and x._rg:
        node = Rot90Backward0((x,))
        node.k, node.dims, node.dims_arg = int(k), (a, b), tuple(dims)
    return finish(_res(data), node)


# ====================================================================== tril/triu
class TrilBackward0(Node):
    __slots__ = ("k",)

    def backward(self, g):
        return tril(g, self.k)


class TriuBackward0(Node):
    __slots__ = ("k",)

    def backward(self, g):
        return triu(g, self.k)


def _tri(x, k, fn, cls, name):
    d = _arr(x)
    if d.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    k = int(k)
    data = row_major(fn(d, k))  # (a contiguous result, as ATen's triu/tril)
    node = None
    if GRAD.enabled and x._rg:
        node = cls((x,))
        node.k = k
    return finish(data, node)


_NO_DIAGONAL = object()


def _diagonal_arg(name: str, positional: tuple, diagonal, position: int) -> int:
    """The ``int64_t diagonal`` of ``tril``/``triu`` as PyTorch's argument parser reads it: positionally (the error
    names the position: 2 for ``torch.tril``, 1 for the method) or by keyword; an int or an integer 0-d tensor."""
    if len(positional) > 1:
        raise TypeError(f"{name}() takes from {position - 1} to {position} positional arguments but "
                        f"{len(positional) + position - 1} were given")
    if positional and diagonal is not _NO_DIAGONAL:
        raise TypeError(f"{name}() got multiple values for argument 'diagonal'")
    where = f" (position {position})" if positional else ""
    k = positional[0] if positional else (0 if diagonal is _NO_DIAGONAL else diagonal)
    if isinstance(k, Tensor) and k.dim() == 0 and not k.is_floating_point() and not k.is_complex():
        return int(k.item())
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"{name}(): argument 'diagonal'{where} must be int, not {type(k).__name__}")
    return int(k)


def tril(input: Tensor, *positional, diagonal=_NO_DIAGONAL, out=None) -> Tensor:
    """``torch.tril(input, diagonal=0)``: the lower triangle (elements on and below ``diagonal``)."""
    k = _diagonal_arg("tril", positional, diagonal, 2)
    return write_out(out, _tri(input, k, np.tril, TrilBackward0, "tril"))


def triu(input: Tensor, *positional, diagonal=_NO_DIAGONAL, out=None) -> Tensor:
    """``torch.triu(input, diagonal=0)``: the upper triangle (elements on and above ``diagonal``)."""
    k = _diagonal_arg("triu", positional, diagonal, 2)
    return write_out(out, _tri(input, k, np.triu, TriuBackward0, "triu"))


def _tri_method(fn, name: str):
    """``Tensor.tril``/``triu`` (and the in-place forms): ``diagonal`` is argument 1 of the method."""
    def method(self, *positional, diagonal=_NO_DIAGONAL):
        return fn(self, _diagonal_arg(name, positional, diagonal, 1))
    method.__name__ = name
    return method


def _tri_indices(row, col, offset, dtype, name, lower):
    from .. import _dtype as _D
    _check_tri_index_ints(name, row, col, offset)
    dtype = _D.int64 if dtype is None else dtype
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    if dtype.category != 1:
        raise NotImplementedError(f"\"{name}\" not implemented for '{_type_word(dtype.np)}'")
    m = np.ones((row, col), dtype=bool)
    m = np.tril(m, offset) if lower else np.triu(m, offset)
    r, c = np.nonzero(m)
    return _make(np.stack([r, c]).astype(dtype.np).reshape(2, -1))


def _check_tri_index_ints(name: str, row, col, offset) -> None:
    """PyTorch's parser error for a ``row``/``col``/``offset`` that is not an int (positions 1 to 3: no
    tensor comes first; none for a keyword argument)."""
    from .shape import _not_int
    for pos, (pname, v) in enumerate((("row", row), ("col", col), ("offset", offset)), 1):
        if v.__class__ is not int and _not_int(v):
            from ._argerrors import type_name, user_call_site
            site = user_call_site(name)
            where = "" if site is not None and pname in site[2] else f" (position {pos})"
            raise TypeError(f"{name}(): argument '{pname}'{where} must be int, not {type_name(v)}")


def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None) -> Tensor:
    return _tri_indices(row, col, offset, dtype, "tril_indices", True)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None) -> Tensor:
    return _tri_indices(row, col, offset, dtype, "triu_indices", False)


# ================================================================== diagonals
def _diag_geometry(shape, offset, d1, d2):
    n1, n2 = shape[d1], shape[d2]
    if offset >= 0:
        ln = _b.max(0, _b.min(n1, n2 - offset))
        r0, c0 = 0, offset
    else:
        ln = _b.max(0, _b.min(n1 + offset, n2))
        r0, c0 = -offset, 0
    return ln, r0, c0


def _diag_view_np(a: np.ndarray, offset: int, d1: int, d2: int) -> np.ndarray:
    """Writable strided view of a diagonal (diagonal dim appended last), like ``np.diagonal``."""
    ln, r0, c0 = _diag_geometry(a.shape, offset, d1, d2)
    others = [k for k in range(a.ndim) if k not in (d1, d2)]
    shape = tuple(a.shape[k] for k in others) + (ln,)
    strides = tuple(a.strides[k] for k in others) + (a.strides[d1] + a.strides[d2],)
    if ln == 0:
        return _as_strided(a, shape, strides) if a.size else np.zeros(shape, a.dtype)
    idx = [slice(None)] * a.ndim
    idx[d1] = slice(r0, None)
    idx[d2] = slice(c0, None)
    sub = a[tuple(idx)]
    return _as_strided(sub, shape, strides, writeable=a.flags.writeable)


def _check_diag_dims(nd, dim1, dim2):
    a, b = _wrap(dim1, nd), _wrap(dim2, nd)
    if a == b:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return a, b


def _diag_embed_np(shape, offset, d1, d2):
    """Adjoint of the diagonal view: put an array on the diagonal of zeros of ``shape``."""
    def fn(gd):
        out = np.zeros(shape, dtype=gd.dtype)
        _diag_view_np(out, offset, d1, d2)[...] = gd
        return out
    return fn


def _diag_take_np(offset, d1, d2):
    def fn(a):
        return _diag_view_np(a, offset, d1, d2).copy()
    return fn


class DiagonalBackward0(Node):
    # ``dim_arg``: ``(dim1, dim2)`` as given where one is negative, ``grad_fn._saved_dim1``/``_saved_dim2``
    __slots__ = ("offset", "d1", "d2", "shape", "dim_arg")

    def backward(self, g):
        return _linear(g, _diag_embed_np(self.shape, self.offset, self.d1, self.d2),
                       _diag_take_np(self.offset, self.d1, self.d2), "DiagonalBackwardBackward0",
                       "DiagonalBackward0")


class DiagonalBackward0_copy(DiagonalBackward0):
    __slots__ = ()


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """``torch.diagonal``: a view of the diagonal of the ``dim1``/``dim2`` planes (appended last)."""
    x = input
    d = _arr(x)
    a, b = _check_diag_dims(d.ndim, dim1, dim2)
    data = _diag_view_np(d, int(offset), a, b)
    node = None
    if GRAD.enabled and x._rg:
        node = DiagonalBackward0((x,))
        node.offset, node.d1, node.d2, node.shape = int(offset), a, b, d.shape
        if dim1 < 0 or dim2 < 0:
            node.dim_arg = (dim1, dim2)
    return make_view(x, data, node, lambda bb, o=int(offset), p=a, q=b: diagonal(bb, o, p, q))


class DiagEmbedBackward0(Node):
    __slots__ = ("offset", "d1", "d2", "dims_arg")  # (``dims_arg``: ``(dim1, dim2)`` as given, for ``_saved_dim1``)

    def backward(self, g):
        return diagonal(g, self.offset, self.d1, self.d2)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """``torch.diag_embed``: matrices (in dims ``dim1``/``dim2``) with the last dim on their diagonal."""
    x = input
    d = _arr(x)
    nd = d.ndim + 1
    a, b = _check_diag_dims(nd, dim1, dim2)
    offset = int(offset)
    n = d.shape[-1] + _b.abs(offset) if d.ndim else 1 + _b.abs(offset)
    rest = list(d.shape[:-1])
    shape = []
    for k in range(nd):
        shape.append(n if k in (a, b) else rest.pop(0))
    out_arr = np.zeros(tuple(shape), dtype=d.dtype)
    _diag_view_np(out_arr, offset, a, b)[...] = d
    node = None
    if GRAD.enabled and x._rg:
        node = DiagEmbedBackward0((x,))
        node.offset, node.d1, node.d2, node.dims_arg = offset, a, b, (dim1, dim2)
    return finish(out_arr, node)


def diag(input: Tensor, diagonal: int = 0, *, out=None) -> Tensor:
    """``torch.diag``: a diagonal matrix from a vector, or a matrix's diagonal (as a copy)."""
    if diagonal.__class__ is not int:
        check_int_args("diag", ("diagonal",), diagonal)
    x = input
    nd = x._data.ndim
    if nd == 1:
        return write_out(out, diag_embed(x, diagonal, 0, 1))
    if nd != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")
    d = _arr(x)
    off = int(diagonal)
    data = _diag_view_np(d, off, 0, 1).copy()
    node = None
    if GRAD.enabled and x._rg:
        node = DiagonalBackward0_copy((x,))
        node.offset, node.d1, node.d2, node.shape = off, 0, 1, d.shape
    return write_out(out, finish(data, node))


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """``torch.diagflat``: the flattened input on the diagonal of a matrix."""
    return diag_embed(input.contiguous().view(-1), offset, 0, 1)  # (ATen: ``contiguous().view(-1)``)


# ================================================================= unfold/as_strided
def _unfold_np(dim, size, step):
    def fn(a):
        a1 = a.reshape(1) if a.ndim == 0 else a
        n = a1.shape[dim]
        nwin = (n - size) // step + 1
        shape = a1.shape[:dim] + (nwin,) + a1.shape[dim + 1:] + (size,)
        strides = a1.strides[:dim] + (a1.strides[dim] * step,) + a1.strides[dim + 1:] + (a1.strides[dim],)
        return _as_strided(a1, shape, strides, writeable=a1.flags.writeable)
    return fn


def _unfold_adj_np(shape, dim, size, step):
    def fn(gd):
        out = np.zeros(shape if shape else (1,), dtype=gd.dtype)
        n = out.shape[dim]
        nwin = (n - size) // step + 1
        pos = (np.arange(nwin)[:, None] * step + np.arange(size)[None, :])  # (nwin, size)
        if not shape:  # a 0-d input's windows come back as (size,)
            gd = gd.reshape(1, -1)
        # gd: (..., nwin at dim, ..., size) -> (nwin, size, others...)
        gm = np.moveaxis(np.moveaxis(gd, -1, 0), dim + 1, 0)
        np.add.at(np.moveaxis(out, dim, 0), pos, gm)
        return out.reshape(shape)
    return fn


class UnfoldBackward0(Node):
    __slots__ = ("shape", "dim", "size", "step", "dim_arg")  # (``dim_arg``: a negative ``dimension`` as given)

    def backward(self, g):
        f = _unfold_np(self.dim, self.size, self.step)
        return _linear(g, _unfold_adj_np(self.shape, self.dim, self.size, self.step),
                       lambda a, f=f: f(a).copy(), "UnfoldBackwardBackward0", "UnfoldBackward0")


def _tensor_unfold(self: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """``Tensor.unfold``: a view of all windows of ``size`` elements, ``step`` apart, along ``dimension``."""
    d = _arr(self)
    dim = _wrap(dimension, d.ndim)
    n = d.shape[dim] if d.ndim else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {dim} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    data = _unfold_np(dim, size, step)(d)
    if d.ndim == 0:
        data = data.reshape(size)
    node = None
    if GRAD.enabled and self._rg:
        node = UnfoldBackward0((self,))
        node.shape, node.dim, node.size, node.step = d.shape, dim, size, step
        if dimension < 0:  # (``grad_fn._saved_dimension`` shows the argument)
            node.dim_arg = dimension
    return make_view(self, data, node, lambda b, a=dim, s=size, st=step: _tensor_unfold(b, a, s, st))


def _storage_of(x: Tensor):
    """(storage array, element offset of ``x`` inside it) for ``as_strided``."""
    d = _arr(x)
    base = x._base
    st = _arr(base) if base is not None else d
    flat = _flat_storage(st) if st.__class__ is _ndarray and d.itemsize == st.itemsize else None
    if flat is not None:
        off_b = d.__array_interface__["data"][0] - flat.__array_interface__["data"][0]
        if off_b % d.itemsize == 0 and 0 <= off_b // d.itemsize <= flat.size:
            return flat, off_b // d.itemsize
    c = np.ascontiguousarray(d)
    return c.reshape(-1), 0


def _flat_storage(st: np.ndarray):
    """The memory of a dense array as a flat view in address order (a channels-last or permuted tensor's
    storage is its memory, not its elements in logical order); None when ``st`` is not dense."""
    if st.flags.c_contiguous:
        return st.reshape(-1)
    from ._common import _non_overlapping_and_dense
    if all(s >= 0 for s in st.strides) and _non_overlapping_and_dense(st):
        return _as_strided(st, (st.size,), (st.itemsize,), writeable=st.flags.writeable)
    return None


def _positions(size, stride, offset):
    pos = np.full(tuple(size), offset, dtype=np.int64)
    for k, (n, s) in enumerate(zip(size, stride)):
        shp = [1] * len(size)
        shp[k] = n
        pos = pos + (np.arange(n, dtype=np.int64) * s).reshape(shp)
    return pos


class AsStridedBackward0(Node):
    __slots__ = ("xpos", "opos", "nstore", "shape")

    def backward(self, g):
        inv = np.full(self.nstore, -1, dtype=np.int64)
        inv[self.xpos.reshape(-1)] = np.arange(self.xpos.size)
        m = inv[self.opos.reshape(-1)]
        valid = m >= 0
        nx = self.xpos.size
        shape = self.shape

        def fn(gd, m=m, valid=valid):
            out = np.zeros(nx, dtype=gd.dtype)
            np.add.at(out, m[valid], gd.reshape(-1)[valid])
            return out.reshape(shape)

        oshape = self.opos.shape

        def adj(xd, m=m, valid=valid):
            flat = xd.reshape(-1)
            out = np.zeros(m.shape, dtype=xd.dtype)
            out[valid] = flat[m[valid]]
            return out.reshape(oshape)

        return _linear(g, fn, adj, "AsStridedBackwardBackward0", "AsStridedBackward0")


def as_strided(input: Tensor, size, stride, storage_offset=None) -> Tensor:
    """``torch.as_strided``: a view with explicit sizes/strides (in elements) into the input's storage."""
    x = input
    size = tuple(int(s) for s in size)
    stride = tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(f"mismatch in length of strides and shape")
    for s in stride:
        if s < 0:
            raise RuntimeError("as_strided: Negative strides are not supported at the moment, got strides: "
                               f"{list(stride)}")
    flat, xoff = _storage_of(x)
    off = xoff if storage_offset is None else int(storage_offset)
    if off < 0:  # ATen's checks after the stride check: the offset, then the storage size of the sizes
        raise RuntimeError(f"Tensor: invalid storage offset {off}")
    if any(n < 0 for n in size) and 0 not in size:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}")
    itemsize = flat.itemsize
    need = off + (1 + _b.sum((n - 1) * s for n, s in zip(size, stride)) if all(n > 0 for n in size) else 0)
    if need > flat.size:
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {off}, and itemsize {itemsize} "
            f"requiring a storage size of {need * itemsize} are out of bounds for storage of size "
            f"{flat.size * itemsize}")
    start = flat[off:]
    data = _as_strided(start, size, tuple(s * itemsize for s in stride), writeable=flat.flags.writeable) \
        if start.size or not size or 0 in size else np.zeros(size, flat.dtype)
    node = None
    if GRAD.enabled and x._rg:
        d = _arr(x)
        node = AsStridedBackward0((x,))
        xstr = tuple(s // d.itemsize for s in d.strides) if d.ndim else ()
        node.xpos = _positions(d.shape, xstr, xoff)
        node.opos = _positions(size, stride, off)
        node.nstore = flat.size
        node.shape = d.shape
    return make_view(x, data, node, lambda b, s=size, st=stride, o=off: as_strided(b, s, st, o))


def ravel(input: Tensor) -> Tensor:
    """``torch.ravel``: a flattened view (contiguous copy first when needed)."""
    from .convert import contiguous
    return contiguous(input).view(-1)


# ============================================================== broadcasting
def broadcast_to(input: Tensor, size) -> Tensor:
    return _expand(input, _shape_arg((size,)) if not isinstance(size, int) else (size,))


def _broadcast_to_method(self, *size):
    return _expand(self, _shape_arg(size))


def broadcast_shapes(*shapes):
    """``torch.broadcast_shapes``: the broadcast result of several shapes."""
    from .._tensor import Size
    norm, shown = [], []   # the message shows each shape as passed (a Size prints as torch.Size([...]))
    for s in shapes:
        if isinstance(s, (int, np.integer)):
            s = (int(s),)
        shown.append(s)
        s = tuple(int(v) for v in s)
        for v in s:
            if v < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
        norm.append(s)
    res = []
    for i, s in enumerate(norm):
        n = _b.max(len(res), len(s))
        r = [1] * (n - len(res)) + res
        t = [1] * (n - len(s)) + list(s)
        for k in range(n - 1, -1, -1):  # last dim first; the message shows the partly merged shape
            if t[k] == r[k] or t[k] == 1:
                continue
            if r[k] == 1:
                r[k] = t[k]
            else:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {t[k]} at {k - n}! Mismatching argument at index "
                    f"{i} had {shown[i]}; but expected shape should be broadcastable to {r}")
        res = r
    return Size(res)


def broadcast_tensors(*tensors) -> tuple:
    """``torch.broadcast_tensors``: expand all tensors to their common shape."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if not tensors:
        return ()
    shape = tensors[0]._data.shape
    for t in tensors[1:]:
        try:
            shape = np.broadcast_shapes(shape, t._data.shape)
        except ValueError:
            from ._common import broadcast_error
            raise broadcast_error(shape, t._data.shape) from None
    return tuple(t if t._data.shape == shape else _expand(t, shape) for t in tensors)


def meshgrid(*tensors, indexing=None) -> tuple:
    """``torch.meshgrid``: coordinate grids from 1-D tensors (``indexing='ij'`` or ``'xy'``)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument. (Triggered "
            "internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4215.)", UserWarning,
            stacklevel=2)
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: " + str(t))
    dt = tensors[0]._data.dtype
    for t in tensors[1:]:
        if t._data.dtype != dt:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    n = len(tensors)
    axis_of = list(range(n))
    if indexing == "xy" and n >= 2:
        axis_of[0], axis_of[1] = 1, 0
    sizes = [t.numel() for t in tensors]
    out_shape = [0] * n
    for i, s in enumerate(sizes):
        out_shape[axis_of[i]] = s
    out = []
    for i, t in enumerate(tensors):
        vs = [1] * n
        vs[axis_of[i]] = -1
        out.append(t.view(tuple(vs)).expand(tuple(out_shape)))
    return tuple(out)


def cartesian_prod(*tensors) -> Tensor:
    """``torch.cartesian_prod``: all combinations of elements, one per row."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for t in tensors:
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.reshape(-1) for g in grids], 1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """``torch.combinations``: length-``r`` combinations of a 1-D tensor's elements."""
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if input._data.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._data.shape)}")
    if r == 0:
        return _make(np.zeros((0,), dtype=input._data.dtype))
    n = input._data.shape[0]
    gen = itertools.combinations_with_replacement(range(n), r) if with_replacement else \
        itertools.combinations(range(n), r)
    combos = np.array(list(gen), dtype=np.int64).reshape(-1, r)
    cols = [_ix.getitem(input, _make(combos[:, k].copy())) for k in range(r)]
    return stack(cols, 1)


# ==================================================================== unique & co
class Unique2Backward0(Node):
    __slots__ = ()

    def backward(self, g):
        raise NotImplementedError("the derivative for '_unique2' is not implemented.")


class UniqueDimBackward0(Node):
    __slots__ = ()
    multi_output = True

    def backward(self, *g):
        raise NotImplementedError("the derivative for 'unique_dim' is not implemented.")

    @property
    def num_outputs(self):
        return 3


class UniqueConsecutiveBackward0(UniqueDimBackward0):
    __slots__ = ()

    def backward(self, *g):
        raise NotImplementedError("the derivative for 'unique_consecutive' is not implemented.")


def _unique_result(x, vals, inv, cnt, return_inverse, return_counts, cls):
    node = None
    if GRAD.enabled and x._rg:
        node = cls((x,))
    v = finish(vals, node)
    outs = [v]
    if return_inverse:
        outs.append(_make(inv.astype(np.int64)))
    if return_counts:
        outs.append(_make(cnt.astype(np.int64)))
    return outs[0] if len(outs) == 1 else tuple(outs)


def _unique_dim(d, dim) -> int:
    """Validate ``dim`` for unique/unique_consecutive with PyTorch's errors; returns it wrapped."""
    if d.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    dim = _wrap(dim, d.ndim)
    if any(n == 0 for i, n in enumerate(d.shape) if i != dim):
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
    return dim


def _unique_arg_checks(op: str, flags: dict, dim, dim_positional: bool) -> None:
    """The parser errors of the ATen op ``torch.unique``/``unique_consecutive`` forward to
    (``_unique2``, ``unique_dim``, ``unique_consecutive``), which take the flags by keyword:
    ``_unique2(): argument 'sorted' must be bool, not int``; ``unique_dim`` takes ``dim`` by position
    (``argument 'dim' (position 2) must be int, not float``)."""
    from .shape import _not_int
    from ._argerrors import type_name
    if dim is not None and _not_int(dim):
        where = " (position 2)" if dim_positional else ""
        raise TypeError(f"{op}(): argument 'dim'{where} must be int, not {type_name(dim)}")
    for name, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{op}(): argument '{name}' must be bool, not {type_name(value)}")


def _unique_complex_check(d, kernel: str) -> None:
    """ATen's unique kernels have no complex dispatch."""
    if d.dtype.kind == "c":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(d.dtype)}\'')


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,
           dim=None):
    """``torch.unique``: the sorted unique elements (optionally inverse indices and counts)."""
    x = input
    d = _arr(x)
    flags = {"sorted": sorted, "return_inverse": return_inverse, "return_counts": return_counts}
    if sorted.__class__ is not bool or return_inverse.__class__ is not bool or return_counts.__class__ is not bool \
            or (dim is not None and dim.__class__ is not int):
        _unique_arg_checks("_unique2" if dim is None else "unique_dim", flags, dim, True)
    _unique_complex_check(d, "unique" if dim is None else "unique_dim")
    if dim is None:
        flat = d.reshape(-1)
        if flat.size == 0:
            vals, inv, cnt = flat.copy(), np.zeros(d.shape, np.int64), np.zeros(0, np.int64)
        else:
            order = np.argsort(flat, kind="stable")
            s = flat[order]
            if s.dtype.kind in "fc":
                neq = ~((s[1:] == s[:-1]))
            else:
                neq = s[1:] != s[:-1]
            starts = np.concatenate([[True], neq])
            vals = s[starts]
            grp = np.cumsum(starts) - 1
            inv = np.empty(flat.size, np.int64)
            inv[order] = grp
            inv = inv.reshape(d.shape)
            cnt = np.bincount(grp, minlength=vals.size)
        return _unique_result(x, vals, inv, cnt, return_inverse, return_counts, Unique2Backward0)
    dim = _unique_dim(d, dim)
    m = np.moveaxis(d, dim, 0)
    n = m.shape[0]
    rows = m.reshape(n, int(np.prod(m.shape[1:])))
    if n == 0:
        vals_m = m.copy()
        inv, cnt = np.zeros(0, np.int64), np.zeros(0, np.int64)
    elif rows.shape[1] == 0:
        vals_m = m[:1].copy()
        inv, cnt = np.zeros(n, np.int64), np.array([n])
    else:
        order = np.lexsort(rows.T[::-1])
        s = rows[order]
        starts = np.concatenate([[True], (s[1:] != s[:-1]).any(axis=1)])
        grp = np.cumsum(starts) - 1
        inv = np.empty(n, np.int64)
        inv[order] = grp
        cnt = np.bincount(grp)
        vals_m = m[order][starts]
    vals = np.moveaxis(np.ascontiguousarray(vals_m), 0, dim)  # PyTorch: the unique rows, moved back (a view)
    return _unique_result(x, vals, inv, cnt, return_inverse, return_counts, UniqueDimBackward0)


def unique_consecutive(input: Tensor, return_inverse: bool = False, return_counts: bool = False, dim=None):
    """``torch.unique_consecutive``: collapse runs of equal consecutive elements."""
    x = input
    d = _arr(x)
    if return_inverse.__class__ is not bool or return_counts.__class__ is not bool or \
            (dim is not None and dim.__class__ is not int):
        flags = {"return_inverse": return_inverse, "return_counts": return_counts}
        _unique_arg_checks("unique_consecutive", flags, dim, False)
    _unique_complex_check(d, "unique")
    if dim is None:
        flat = d.reshape(-1)
        if flat.size == 0:
            return _unique_result(x, flat.copy(), np.zeros(d.shape, np.int64), np.zeros(0, np.int64),
                                  return_inverse, return_counts, UniqueConsecutiveBackward0)
        starts = np.concatenate([[True], flat[1:] != flat[:-1]])
        grp = np.cumsum(starts) - 1
        vals = flat[starts]
        cnt = np.bincount(grp)
        return _unique_result(x, vals, grp.reshape(d.shape), cnt, return_inverse, return_counts,
                              UniqueConsecutiveBackward0)
    dim = _unique_dim(d, dim)
    m = np.moveaxis(d, dim, 0)
    n = m.shape[0]
    rows = m.reshape(n, int(np.prod(m.shape[1:])))
    if n == 0:
        return _unique_result(x, d.copy(), np.zeros(0, np.int64), np.zeros(0, np.int64), return_inverse,
                              return_counts, UniqueConsecutiveBackward0)
    starts = np.concatenate([[True], (rows[1:] != rows[:-1]).any(axis=1)])
    grp = np.cumsum(starts) - 1
    vals = np.moveaxis(np.ascontiguousarray(m[starts]), 0, dim)
    return _unique_result(x, vals, grp, np.bincount(grp), return_inverse, return_counts,
                          UniqueConsecutiveBackward0)


def _int_arg_check(name: str, params: tuple, param: str, value) -> None:
    """PyTorch's parser error for an ``int`` parameter given another type (a NumPy or 0-d integer
    tensor passes): ``bincount(): argument 'minlength' must be int, not float``."""
    from .shape import _not_int
    if _not_int(value):
        from ._argerrors import argument_type_error
        raise argument_type_error(name, list(params), param, "int", value)


def bincount(input: Tensor, weights=None, minlength: int = 0) -> Tensor:
    """``torch.bincount``: occurrences of each non-negative integer (optionally weighted)."""
    d = _arr(input)
    if minlength.__class__ is not int:
        _int_arg_check("bincount", ("weights", "minlength"), "minlength", minlength)
    if d.dtype.kind not in "iub" or d.dtype.kind == "b":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{_type_word(d.dtype)}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if d.ndim != 1 or (d.size and d.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None:
        w = _arr(weights)
        if w.ndim != 1 or w.shape[0] != d.shape[0]:
            raise RuntimeError("weights should be 1-d and have the same length as input")
        odt = w.dtype if w.dtype.kind == "f" and w.dtype == np.float32 else np.float64
        if w.dtype.kind == "c":  # (ATen casts the weights to double: the imaginary parts are dropped)
            from .convert import _warn_complex_to_real
            _warn_complex_to_real()
            w = w.real
        res = np.bincount(d, weights=w.astype(np.float64), minlength=minlength).astype(odt)
        node = None
        if needs_grad(weights):  # PyTorch has no derivative for bincount, but records the node
            from .pointwise import NotImplementedBackward
            node = NotImplementedBackward((input, weights))
            node.opname = "bincount"
        return finish(res, node)
    return _make(np.bincount(d, minlength=minlength).astype(np.int64))


def diff(input: Tensor, n: int = 1, dim: int = -1, prepend=None, append=None, *, axis=NP_UNSET) -> Tensor:
    """``torch.diff``: ``n``-th forward difference along ``dim`` (PyTorch's composite: a
    ``SubBackward0`` of two narrowed views per order; ``logical_xor`` for bool)."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('diff', dim, None, axis, NP_UNSET, -1)
    from . import pointwise as _pw
    if input.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    x = input
    _wrap(dim, x.dim())  # PyTorch's dim-range IndexError
    if n == 0:  # (ATen: a copy of ``input`` into ``zeros_like``, ``prepend``/``append`` ignored)
        from .creation import zeros_like
        return zeros_like(input).copy_(input)
    if prepend is not None or append is not None:
        parts = [t for t in (prepend, x, append) if t is not None]
        x = cat(parts, dim)
    d = dim + x.dim() if dim < 0 else dim
    for _ in range(n):
        length = x.shape[d]
        if length == 0:
            break
        hi, lo = narrow(x, d, 1, length - 1), narrow(x, d, 0, length - 1)
        x = _pw.logical_xor(hi, lo) if x._data.dtype == np.bool_ else hi - lo
    return x


def heaviside(input: Tensor, values: Tensor, *, out=None) -> Tensor:
    """``torch.heaviside``: 0 below zero, ``values`` at zero, 1 above (not differentiable)."""
    from ._common import binary_data, broadcast_checked, require_tensor
    require_tensor("heaviside", values, "values")
    out_dtype = _heaviside_out_dtype(out)
    try:
        if input._data.dtype.kind == "c" or values._data.dtype.kind == "c" or out_dtype.kind == "c":
            raise RuntimeError("heaviside is not yet implemented for complex tensors.")  # (checked first, as in PyTorch)
        if input._data.dtype != values._data.dtype or (out is not None and out_dtype != input._data.dtype):
            raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    except AttributeError as e:  # ``torch.heaviside(2, t)``
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    xd, vd = binary_data(input, values)
    if xd.dtype.kind == "c":
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    data = broadcast_checked(np.heaviside, xd, vd).astype(xd.dtype, copy=False)
    if xd.dtype.kind == "f":  # ATen: x == 0 ? values : (x > 0); NumPy gives NaN for a NaN input
        data = np.where(np.isnan(xd), data.dtype.type(0), data) if np.isnan(xd).any() else data
    node = None
    if needs_grad(input, values):
        from .pointwise import NotImplementedBackward
        node = NotImplementedBackward((input, values))
        node.opname = "heaviside"
    return write_out(out, finish(data if data.ndim else data[()], node))


def _heaviside_out_dtype(out) -> np.dtype:
    """The dtype of ``heaviside``'s ``out`` (bool's when none is given), which ATen's meta function checks
    with the operands' (not complex, the same dtype as ``input``); an ``out`` that is no tensor fails
    first, in PyTorch's parser."""
    if out is None:
        return np.dtype(bool)
    if not isinstance(out, Tensor):
        from ._common import _out_type_error
        raise _out_type_error(out, "heaviside")
    return out._data.dtype


def histc(input: Tensor, bins: int = 100, min=0, max=0, *, out=None) -> Tensor:
    """``torch.histc``: a histogram with ``bins`` equal-width bins in ``[min, max]``."""
    if bins.__class__ is not int:
        _int_arg_check("histc", ("bins", "min", "max"), "bins", bins)
    d = _arr(input)
    if d.dtype.kind not in "f":  # (bool fails earlier in PyTorch, building the bin edges; complex in the
        # ``aminmax`` that finds the range when ``min == max``)
        kernel = "linspace_cpu" if d.dtype.kind == "b" else "histogram_cpu"
        if d.dtype.kind == "c" and min == max:
            kernel = "aminmax_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_type_word(d.dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    lo, hi = float(min), float(max)
    from_data = lo == hi and d.size
    if from_data:
        lo, hi = float(d.min()), float(d.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (math.isfinite(lo) and math.isfinite(hi)):
        # C++ ostream (%g) formatting of the doubles; a NaN range taken from the data prints as "-nan"
        fl = lambda v: ("-nan" if from_data or math.copysign(1.0, v) < 0 else "nan") if math.isnan(v) else f"{v:g}"
        raise RuntimeError(f"torch.histc: range of [{fl(lo)}, {fl(hi)}] is not finite")
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    flat = d.reshape(-1)
    flat = flat[(flat >= d.dtype.type(lo)) & (flat <= d.dtype.type(hi))]
    pos = ((flat - d.dtype.type(lo)) * d.dtype.type(bins) / (d.dtype.type(hi) - d.dtype.type(lo))).astype(np.int64)
    pos = np.minimum(pos, bins - 1)
    res = np.bincount(pos, minlength=bins).astype(d.dtype)
    return write_out(out, _make(res))


def _searchsorted_sorter_checks(seq: np.ndarray, sorter) -> np.ndarray:
    """ATen's ``searchsorted_pre_check`` of ``sorter``: its shape, dtype and index range."""
    srt = _arr(sorter)
    if srt.shape != seq.shape:
        raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                           f"tensor {list(seq.shape)}and got sorter tensor {list(srt.shape)}")
    if srt.dtype != np.int64:
        raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                           f"{_type_word(srt.dtype)}")
    if srt.size and (srt.max() >= srt.shape[-1] or srt.min() < 0):
        raise RuntimeError("torch.searchsorted(): sorter index out of range")
    return srt


def _searchsorted_shape_checks(seq: np.ndarray, vals: np.ndarray) -> None:
    """ATen's ``searchsorted_pre_check`` of the shapes: a scalar value needs 1-D boundaries, 0-d
    boundaries fail, and N-d boundaries must match the values in all but the last dim."""
    if vals.ndim == 0 and seq.ndim != 1:
        raise RuntimeError("torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({seq.ndim}) and input value's dim(0) numel(1)")
    if seq.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if seq.ndim != 1 and (vals.ndim != seq.ndim or vals.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of "
            f"boundaries tensor and input value tensor must match, but we got boundaries tensor "
            f"{list(seq.shape)} and input value tensor {list(vals.shape)}")


def _searchsorted_out_check(out, out_int32: bool) -> None:
    """ATen's check of ``out``'s dtype: int32 with ``out_int32``, int64 without."""
    odt = out._data.dtype
    if odt != (np.int32 if out_int32 else np.int64):
        raise RuntimeError("torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or "
                           "Long(int64) depending on whether out_int32 flag is True, but we got output tensor's "
                           f"dtype {_type_word(odt)} and out_int32 flag is {bool(out_int32)}")


_SEARCHSORTED_WARNED = set()
_SEARCHSORTED_COPY_LINES = {"input value": 32, "boundary": 38, "sorter": 44}


def _searchsorted_copy_warnings(**tensors) -> None:
    """ATen's ``TORCH_WARN_ONCE`` (``searchsorted_maybe_trim_input_tensors``) for each non-contiguous
    ``input value``/``boundary``/``sorter`` tensor: once per process per kind."""
    for kind, t in tensors.items():
        kind = kind.replace("_", " ")
        if t is None or not isinstance(t, Tensor) or kind in _SEARCHSORTED_WARNED or t.is_contiguous():
            continue
        _SEARCHSORTED_WARNED.add(kind)
        warnings.warn(f"torch.searchsorted(): {kind} tensor is non-contiguous, this will lower the performance due "
                      "to extra data copy when converting non-contiguous tensor to contiguous, please use contiguous "
                      f"{kind} tensor if possible. This message will only appear once per program. (Triggered "
                      "internally at /__w/pytorch/pytorch/aten/src/ATen/native/BucketizationUtils.h:"
                      f"{_SEARCHSORTED_COPY_LINES[kind]}.)", UserWarning, stacklevel=_user_stacklevel())


def _binary_search_rows(seq: np.ndarray, vals: np.ndarray, right: bool) -> np.ndarray:
    """ATen's ``cus_lower_bound``/``cus_upper_bound`` on each row of the 2-D ``seq`` for the values in
    the same row of ``vals``, step by step: ``!(mid >= v)`` (``!(mid > v)`` for the right side) moves
    right, so NaN boundaries read as smaller than every value (NumPy sorts them last instead)."""
    rows, n = seq.shape
    start = np.zeros(vals.shape, np.int64)
    end = np.full(vals.shape, n, np.int64)
    row_idx = np.arange(rows)[:, None]
    active = start < end
    while active.any():
        mid = start + ((end - start) >> 1)
        mid_val = seq[row_idx, np.minimum(mid, n - 1)]
        go_right = ~(mid_val > vals) if right else ~(mid_val >= vals)
        start = np.where(active & go_right, mid + 1, start)
        end = np.where(active & ~go_right, mid, end)
        active = start < end
    return start


_NO_ARG = object()


def searchsorted(sorted_sequence: Tensor, input=_NO_ARG, *extra, out_int32: bool = False, right: bool = False,
                 side=None, sorter=None, out=None) -> Tensor:
    """``torch.searchsorted``: insertion indices of ``input`` into (the innermost dim of) ``sorted_sequence``,
    with ATen's checks in its order and its binary search where the boundaries hold a NaN."""
    if input is _NO_ARG or extra:
        from ._argerrors import call_shape_error
        given = [sorted_sequence] + ([] if input is _NO_ARG else [input, *extra])
        raise call_shape_error("searchsorted", given, {"out_int32": out_int32, "right": right, "side": side,
                                                       "sorter": sorter, "out": out})
    seq = _arr(sorted_sequence)
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError(
                "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True")
        right = side == "right"
    scalar = not isinstance(input, Tensor)
    vals = np.asarray(input) if scalar else _arr(input)
    if sorter is not None:
        srt = _searchsorted_sorter_checks(seq, sorter)
    _searchsorted_shape_checks(seq, vals)
    if out is not None and isinstance(out, Tensor):
        _searchsorted_out_check(out, out_int32)
    _searchsorted_copy_warnings(input_value=input, boundary=sorted_sequence, sorter=sorter)
    if seq.dtype == np.bool_ and vals.dtype == np.bool_:  # the common dtype stays Bool
        raise NotImplementedError('"searchsorted_out_cpu" not implemented for \'Bool\'')
    if seq.dtype.kind == "c" or vals.dtype.kind == "c":
        common = seq.dtype if seq.dtype.kind == "c" else np.dtype(np.complex64)
        raise NotImplementedError(f'"searchsorted_out_cpu" not implemented for \'{_type_word(common)}\'')
    if sorter is not None:
        seq = np.take_along_axis(seq, srt.astype(np.intp), axis=-1)
    sd = "right" if right else "left"
    odt = np.int32 if out_int32 else np.int64
    if seq.dtype.kind == "f" and seq.size and np.isnan(seq).any():
        rows = seq.reshape(-1, seq.shape[-1])
        flat = vals.reshape(1, -1) if seq.ndim == 1 else vals.reshape(rows.shape[0], -1)
        res = _binary_search_rows(rows, flat, right).reshape(vals.shape)
    elif seq.ndim == 1:
        res = np.searchsorted(seq, vals, side=sd)
    else:
        rows = int(np.prod(seq.shape[:-1]))  # (explicit: ``-1`` cannot be inferred for empty rows)
        s2 = seq.reshape(rows, seq.shape[-1])
        v2 = vals.reshape(rows, vals.shape[-1])
        res = np.stack([np.searchsorted(a, b, side=sd) for a, b in zip(s2, v2)]).reshape(vals.shape) \
            if s2.shape[0] else np.zeros(vals.shape, np.int64)
    res = np.asarray(res).astype(odt)
    return write_out(out, _make(_res(res)))


def bucketize(input, boundaries: Tensor = _NO_ARG, *extra, out_int32: bool = False, right: bool = False,
              out=None) -> Tensor:
    """``torch.bucketize``: the bucket index of each ``input`` element in 1-D ``boundaries``."""
    if boundaries is _NO_ARG or extra:
        from ._argerrors import call_shape_error
        given = [input] + ([] if boundaries is _NO_ARG else [boundaries, *extra])
        raise call_shape_error("bucketize", given, {"out_int32": out_int32, "right": right, "out": out})
    try:
        boundaries._data
    except AttributeError as e:  # ``torch.bucketize(t, 2)``
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


# ================================================================ scatter-likes
class _RegionScatter(Node):
    """Backward of ``*_scatter``: the region's gradient goes to ``src``, the rest to ``input``."""

    __slots__ = ("args",)

    def backward(self, g):
        e = self._edges
        region, scat = self._REGION, self._SCATTER
        gx = gs = None
        if e[0] is not None:
            zs = _zeros(self._meta[1][0] if self._meta[1] is not None else region(g, *self.args)._data.shape,
                        g._data.dtype)
            gx = scat(g, zs, *self.args)
        if e[1] is not None:
            gs = region(g, *self.args)
        return gx, gs


def _region_scatter(x: Tensor, src: Tensor, region, cls, args) -> Tensor:
    d = _arr(x)
    out_arr = d.copy()
    with _no_grad():
        view = region(_make(out_arr), *args)
    vshape = view._data.shape
    sd = _arr(src)
    if sd.shape != vshape:
        raise RuntimeError(
            f"expected src to have a size equal to the slice of self. src size = {list(sd.shape)}, slice size = "
            f"{list(vshape)}")
    view._data[...] = sd
    node = None
    if needs_grad(x, src):
        node = cls((x, src))
        node.args = args
    return finish(_res(out_arr), node)


def _no_grad():
    from ..autograd.grad_mode import no_grad
    return no_grad()


def _slice_region(b, dim, start, end, step):
    return _ix.getitem(b, (slice(None),) * dim + (slice(start, end, step),))


class SelectScatterBackward0(_RegionScatter):
    __slots__ = ()


class SliceScatterBackward0(_RegionScatter):
    __slots__ = ()


class DiagonalScatterBackward0(_RegionScatter):
    __slots__ = ()


def select_scatter(input: Tensor, src: Tensor, dim: int = NP_UNSET, index: int = NP_UNSET, *,
                   axis=NP_UNSET) -> Tensor:
    """``torch.select_scatter``: a copy of ``input`` with ``src`` embedded at ``input.select(dim, index)``."""
    if dim is NP_UNSET or index is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('select_scatter', axis, dim=dim, index=index)
    d = _arr(input)
    return _region_scatter(input, src, select, SelectScatterBackward0, (_wrap(dim, d.ndim), int(index)))


def slice_scatter(input: Tensor, src: Tensor, dim: int = 0, start=None, end=None, step: int = 1, *,
                  axis=NP_UNSET) -> Tensor:
    """``torch.slice_scatter``: a copy of ``input`` with ``src`` embedded at the slice."""
    if axis is not NP_UNSET:
        dim, _ = numpy_dim_names('slice_scatter', dim, None, axis, NP_UNSET, 0)
    d = _arr(input)
    return _region_scatter(input, src, _slice_region, SliceScatterBackward0,
                           (_wrap(dim, d.ndim), start, end, step))


def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """``torch.diagonal_scatter``: a copy of ``input`` with ``src`` embedded on its diagonal."""
    return _region_scatter(input, src, diagonal, DiagonalScatterBackward0, (int(offset), dim1, dim2))


SelectScatterBackward0._REGION, SelectScatterBackward0._SCATTER = staticmethod(select), staticmethod(select_scatter)
SliceScatterBackward0._REGION, SliceScatterBackward0._SCATTER = staticmethod(_slice_region), staticmethod(slice_scatter)
DiagonalScatterBackward0._REGION, DiagonalScatterBackward0._SCATTER = (staticmethod(diagonal),
                                                                       staticmethod(diagonal_scatter))


# ===================================================================== registry
def _split_method(self, split_size, dim=0):
    return split(self, split_size, dim)


def _index_fill_m(self, dim=NP_UNSET, index=NP_UNSET, value=NP_UNSET, *, axis=NP_UNSET):
    return index_fill(self, dim, index, value, axis=axis)


def _scatter_m(self, dim=NP_UNSET, index=NP_UNSET, src=None, *, value=None, reduce=None, axis=NP_UNSET):
    return scatter(self, dim, index, src, value=value, reduce=reduce, axis=axis)


def _flip_method(self, *args, dims=None):
    if dims is not None:   # PyTorch's ``dims=`` keyword: a tuple of ints, as for the function
        _check_flip_dims(dims, "")
        return flip(self, tuple(dims))
    dims = args
    if not dims:  # (``x.flip(())`` gives an empty tuple: a copy, as in PyTorch)
        raise TypeError('flip() missing 1 required positional arguments: "dims"')
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    elif len(dims) == 1 and (dims[0].__class__ is bool or not isinstance(dims[0], (int, np.integer, Tensor))):
        raise TypeError(f"flip(): argument 'dims' (position 1) must be tuple of ints, not {type(dims[0]).__name__}")
    return flip(self, tuple(dims))


def _unique_method(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
    return unique(self, sorted, return_inverse, return_counts, dim)


TENSOR_METHODS = {
    "split": _split_method, "split_with_sizes": split_with_sizes, "chunk": _method_form(chunk),
    "tensor_split": tensor_split,
    "hsplit": hsplit, "vsplit": vsplit, "dsplit": dsplit, "unbind": unbind, "narrow": narrow, "select": select,
    "gather": gather, "scatter": _scatter_m, "scatter_add": scatter_add, "scatter_reduce": scatter_reduce,
    "index_select": index_select, "index_add": index_add, "index_copy": index_copy, "index_fill": _index_fill_m,
    "masked_scatter": masked_scatter, "take": take, "take_along_dim": take_along_dim, "repeat": _repeat,
    "repeat_interleave": repeat_interleave, "tile": _tile_method, "flip": _flip_method, "fliplr": fliplr,
    "flipud": flipud, "roll": _roll_method, "rot90": rot90, "tril": _tri_method(tril, "tril"), "triu": _tri_method(triu, "triu"), "diag": diag,
    "diagonal": diagonal, "diag_embed": diag_embed, "diagflat": diagflat, "unfold": _tensor_unfold,
    "as_strided": as_strided, "ravel": ravel, "broadcast_to": _broadcast_to_method, "unique": _unique_method,
    "unique_consecutive": unique_consecutive, "bincount": bincount, "histc": histc, "diff": diff,
    "heaviside": _method_form(heaviside),
    "select_scatter": select_scatter, "slice_scatter": slice_scatter, "diagonal_scatter": diagonal_scatter,
}

INPLACE_METHODS = {
    "heaviside_": heaviside, "scatter_": _scatter_m, "scatter_add_": scatter_add, "scatter_reduce_": scatter_reduce,
    "index_add_": index_add, "index_copy_": index_copy, "index_fill_": _index_fill_m, "tril_": _tri_method(tril, "tril_"),
    "triu_": _tri_method(triu, "triu_"), "masked_scatter_": masked_scatter,
}
