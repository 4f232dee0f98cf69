"""View and shape ops: view/reshape, expand, (un)squeeze, transpose, permute.

View ops return tensors that share storage with their input.  Such a result
records ``_base`` (the root tensor it views) and a ``view_fn`` that replays the
view on another tensor; in-place ops on views use it to rewrite the base's
history (PyTorch's ``CopySlices``).
"""
from __future__ import annotations

import math
from operator import index as _operator_index

import numpy as np

from ..backend.scratch import BIG_BYTES, big_copy
from ._common import GRAD, Node, Tensor, _make, finish, needs_grad
from ._common import NP_UNSET, numpy_dim_names, numpy_required

_ndarray = np.ndarray


def make_view(x: Tensor, data, node: Node | None, view_fn) -> Tensor:
    """Wrap ``data`` (a view of ``x``'s storage) and link it to ``x``'s base.

    Like PyTorch's ``CreationMeta``, a view made in no-grad mode is marked
    ``"no_grad"`` (and views of it inherit the mark); ``check_view_rebase``
    then refuses recorded in-place ops on it.  Such a view of a tensor that
    requires grad requires grad too (it prints ``requires_grad=True``), but
    as in PyTorch no gradient flows into it or its base (``_deliver_leaf``).
    """
    t = finish(data, node)
    if data.__class__ is _ndarray and x._data.__class__ is _ndarray:
        base = x._base if x._base is not None else x
        t._base = base
        t._vc = x._shared_vc()
        xext = x._ext if x._base is not None else None
        prev = xext.get("view_fn") if xext else None
        if prev is not None:
            fn = view_fn
            t._ext = {"view_fn": lambda b, prev=prev, fn=fn: fn(prev(b))}
        else:
            t._ext = {"view_fn": view_fn}
        if not GRAD.enabled:
            t._ext["view_meta"] = "no_grad"
            if x._rg:  # PyTorch: the view still requires grad (a leaf; no gradient ever reaches it)
                t._rg = True
        elif xext:
            meta = xext.get("view_meta")
            if meta is not None:
                t._ext["view_meta"] = meta
    return t


_MULTI_TAIL = (" This view is the output of a function that returns multiple views. Such functions do not allow the "
               "output views to be modified inplace. You should replace the inplace operation by an out-of-place one.")
_NO_GRAD_TAIL = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by "
                 "moving both the view and the inplace either both inside the no_grad block (if you don't want the "
                 "inplace to be tracked) or both outside (if you want the inplace to be tracked).")


def _short_name(fn) -> str:
    name = fn.name()
    i = name.rfind("Backward")
    return name[:i] if i > 0 else name


def check_view_rebase(t: Tensor) -> None:
    """PyTorch's ``handle_view_on_rebase``: recorded in-place ops on views made in no-grad mode, by a
    multi-output op (``split``, ``unbind``...) or by a custom Function (``view_meta`` "custom") are errors."""
    ext = t._ext
    meta = ext.get("view_meta") if ext else None
    if meta is None or t._base is None:
        return
    fn = t.grad_fn
    if meta == "custom":
        raise RuntimeError(
            f"Output {t._out_nr} of {_short_name(fn)} is a view and is being modified inplace. This view was created "
            "inside a custom Function (or because an input was returned as-is) and the autograd logic to handle "
            "view+inplace would override the custom backward associated with the custom Function, leading to "
            "incorrect gradients. This behavior is forbidden. You can fix this by cloning the output of the custom "
            "Function.")
    if meta == "multi":
        head = (f"Output {t._out_nr} of {_short_name(fn)} is a view and is being modified inplace." if fn is not None
                else "A view was created in no_grad mode and is being modified inplace with grad mode enabled.")
        raise RuntimeError(head + _MULTI_TAIL)
    head = (f"Output {t._out_nr} of {_short_name(fn)} is a view of a view which was created in no_grad mode and is "
            "being modified inplace with grad mode enabled." if fn is not None else
            "A view was created in no_grad mode and is being modified inplace with grad mode enabled.")
    raise RuntimeError(head + _NO_GRAD_TAIL)


class AsStridedBackward0(Node):
    """``grad_fn`` of a view after an in-place op on it: PyTorch regenerates it as ``as_strided`` of the
    base; ember replays the view ops and keeps their node (``inner``) behind PyTorch's name."""

    __slots__ = ("inner",)

    def backward(self, g):
        return self.inner.backward(g)

    def release(self) -> None:
        self.inner.release()


def regenerated_grad_fn(inner: Node | None):
    """Wrap the replayed view node ``inner`` as the ``AsStridedBackward0`` PyTorch shows."""
    if inner is None or isinstance(inner, AsStridedBackward0):
        return inner
    node = AsStridedBackward0(())
    node._edges, node._meta, node.inner = inner._edges, inner._meta, inner
    return node


def _shape_arg(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    elif len(size) == 1 and isinstance(size[0], Tensor):
        size = size[0].tolist()
    return tuple(int(s) for s in size)


def _view_shape_arg(size) -> tuple:
    """``view``'s sizes: as :func:`int_list_arg`, with ``view``'s own error (it has a ``dtype`` overload too)."""
    return int_list_arg("view", "size", size)


def int_list_arg(name: str, param: str, size: tuple, keyword: bool = False) -> tuple:
    """An ``int[]`` argument (``reshape``'s shape, ``expand``'s size, ``permute``'s dims,
    ``repeat``'s repeats) as the op received it in ``size``: several ints, or one tuple, list or
    1-D tensor (``keyword``: passed by name).  Python and NumPy ints take the fast path; a float
    or another non-int raises PyTorch's parser error instead of being truncated."""
    packed = len(size) == 1 and isinstance(size[0], (tuple, list))
    flat = size[0] if packed else size
    if flat and flat[0].__class__ is not bool:
        try:
            return tuple(map(_operator_index, flat))
        except TypeError:
            pass
    if not flat or any(isinstance(s, Tensor) for s in flat):
        return _shape_arg(size)
    if name == "view":
        raise _view_size_error(size[0] if packed else None, flat)
    raise _int_list_error(name, param, size, packed, keyword)


def _int_list_error(name: str, param: str, size: tuple, packed: bool, keyword: bool) -> TypeError:
    """PyTorch's parser ``TypeError`` for an ``int[]`` argument holding a non-int (see ``int_list_arg``)."""
    from ._argerrors import type_name, user_call_site
    flat = size[0] if packed else size
    site = None if keyword else user_call_site(name)
    position = 1 if site is None or site[0] else 2  # a method's first argument, or torch.<name>(input, ...)'s second
    where = "" if keyword else f" (position {position})"
    if packed or not _not_int(flat[0]):
        return int_seq_error(name, param, flat, where)
    if len(size) == 1:
        return TypeError(f"{name}(): argument '{param}'{where} must be tuple of ints, not {type_name(size[0])}")
    return TypeError(f"{name}() takes {position} positional argument{'s' if position > 1 else ''} but "
                     f"{len(size) + position - 1} were given")


def int_seq_error(name: str, param: str, seq, where: str) -> TypeError:
    """PyTorch's parser error for a sequence ``seq`` given for an ``int[]`` parameter with a non-int in it:
    a non-int first is "found element of type ... at pos 0"; after ints it is the unpacking error naming
    the 1-based position.  ``where``: `` (position N)``, or empty for a keyword argument."""
    from ._argerrors import type_name
    if _not_int(seq[0]):
        return TypeError(f"{name}(): argument '{param}'{where} must be tuple of ints, but found element of type "
                         f"{type_name(seq[0])} at pos 0")
    pos = next(i for i, v in enumerate(seq) if _not_int(v))
    return TypeError(f"{name}(): argument '{param}' failed to unpack the object at pos {pos + 1} with error "
                     f"\"type must be tuple of ints,but got {type_name(seq[pos])}\"")


def check_int_args(name: str, params: tuple, *values) -> None:
    """PyTorch's parser error for an ``int`` argument given as a float (or another non-int), e.g.
    ``transpose(): argument 'dim1' (position 2) must be int, not float``; ``params``: the op's
    parameters after ``input``, the first ``len(values)`` of them checked.  Callers test for a
    non-``int`` first, so the common case costs one class check."""
    from ._argerrors import argument_type_error
    for p, v in zip(params, values):
        if _not_int(v):
            raise argument_type_error(name, list(params), p, "int", v)


def overload_error(name: str, method_sigs: tuple, input, args: dict) -> TypeError:
    """PyTorch's "received an invalid combination of arguments" for an op whose ``args`` (name ->
    value, in signature order, the ones the user gave) do not fit any overload; ``method_sigs``: the
    overloads without ``Tensor input``.  Whether the op was called as a method (and which arguments
    were keywords) is read from the user's call site."""
    from ._argerrors import format_overload_error, user_call_site
    site = user_call_site(name)
    is_method = site is None or site[0]
    keywords = set(site[2]) if site is not None else set()
    given = [v for k, v in args.items() if k not in keywords]
    given_kw = [(k, args[k]) for k in (site[2] if site is not None else ()) if k in args]
    if is_method:
        sigs = method_sigs
    else:
        sigs = tuple("Tensor input" + (", " + s if s else "") for s in method_sigs)
        given = [input] + given
    return TypeError(format_overload_error(name, sigs, given, given_kw))


def _check_movedim_args(input, source, destination) -> None:
    """PyTorch's overload error for ``movedim`` dims that are neither ints nor int sequences."""
    def bad(v):
        return any(_not_int(e) for e in v) if isinstance(v, (tuple, list)) else _not_int(v)
    for name, v in (("source", source), ("destination", destination)):
        if isinstance(v, (tuple, list)) and v and not _not_int(v[0]) and bad(v):  # ints first: unpacked, then fails
            raise int_seq_error("movedim", name, v, "")
    if bad(source) or bad(destination):
        raise overload_error("movedim", ("int source, int destination",
                                         "tuple of ints source, tuple of ints destination"),
                             input, {"source": source, "destination": destination})


def _not_int(v) -> bool:
    return v.__class__ is not int and (isinstance(v, (bool, np.bool_)) or not _is_index(v))


def _is_index(s) -> bool:
    try:
        _operator_index(s)
    except TypeError:
        return False
    return True


def _view_size_error(seq, flat) -> TypeError:
    """The parser's TypeError for ``view`` sizes that are not ints: an unpacking error when the first
    is an int, else "invalid combination" (``seq``: the one tuple/list given, if any)."""
    from ._argerrors import type_name
    if not isinstance(flat[0], (bool, np.bool_)) and _is_index(flat[0]):
        pos = next(i for i, s in enumerate(flat) if not _is_index(s))
        return TypeError(f"view(): argument 'size' failed to unpack the object at pos {pos + 1} with error "
                         f"\"type must be tuple of ints,but got {type_name(flat[pos])}\"")
    sigs = (" * (torch.dtype dtype)\n", " * (tuple of ints size)\n")
    if seq is None:
        got = ", ".join(type_name(s) for s in flat)
        if len(flat) == 1:  # one argument: each overload says why it did not match
            why = f"      didn't match because some of the arguments have invalid types: (!{got}!)\n"
            sigs = tuple(sig + why for sig in sigs)
        return TypeError(f"view() received an invalid combination of arguments - got ({got}), but expected one "
                         "of:\n" + "".join(sigs))
    inner = ", ".join(type_name(s) for s in flat)
    word = f"tuple of ({inner},)" if isinstance(seq, tuple) and len(flat) == 1 else \
        f"tuple of ({inner})" if isinstance(seq, tuple) else f"list of [{inner}]"
    why = f"      didn't match because some of the arguments have invalid types: (!{word}!)\n"
    return TypeError(f"view() received an invalid combination of arguments - got ({type_name(seq)}), but expected "
                     "one of:\n" + "".join(sig + why for sig in sigs))


def infer_shape(shape: tuple, numel: int) -> tuple:
    """Resolve one ``-1`` entry; PyTorch's errors for invalid shapes."""
    neg = None
    for i, s in enumerate(shape):  # (checked in order, as PyTorch's ``infer_size_impl``)
        if s == -1:
            if neg is not None:
                raise RuntimeError("only one dimension can be inferred")
            neg = i
        elif s < -1:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
    if neg is not None:
        known = 1
        for s in shape:
            if s != -1:
                known *= s
        if known == 0 and numel == 0:
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                               "unspecified dimension size -1 can be any value and is ambiguous")
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    n = 1
    for s in shape:
        n *= s
    if n != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


# -------------------------------------------------------------- view/reshape
def reshape_view(d, shape):
    """``d`` reshaped as a view of the same memory, or None where that needs a copy."""
    if d.flags.c_contiguous:
        return np.reshape(d, shape)
    try:
        return np.reshape(d, shape, copy=False)
    except ValueError:
        return None
    except TypeError:  # NumPy < 2.1: no ``copy`` argument; a view works where setting the shape does
        v = d.view()
        try:
            v.shape = shape
        except AttributeError:
            return None
        return v


def _copy_reshaped(d, shape):
    """``np.reshape(d, shape)`` where it must copy; a large copy goes into a pooled buffer
    (fresh arrays that size page-fault: ``backend.scratch.pooled``)."""
    if d.__class__ is _ndarray and d.nbytes >= BIG_BYTES:
        return big_copy(d, shape, "reshape.copy")
    return np.reshape(d, shape)


class ViewBackward0(Node):
    __slots__ = ("shape",)

    def backward(self, g):
        return g.reshape(self.shape)

    def vjp(self, g):
        if g.__class__ is _ndarray and g.nbytes >= BIG_BYTES and not g.flags.c_contiguous:
            v = reshape_view(g, self.shape)
            return (v if v is not None else _copy_reshaped(g, self.shape),)
        return (np.reshape(g, self.shape),)


class UnsafeViewBackward0(ViewBackward0):
    __slots__ = ()


class ReshapeAliasBackward0(ViewBackward0):
    """``reshape`` of a non-contiguous tensor whose strides still allow a view (ATen's ``_reshape_alias``)."""

    __slots__ = ()


def view(input: Tensor, *size, dtype=None) -> Tensor:
    """``Tensor.view``: a reshaped view; fails when strides do not allow it."""
    x = input  # PyTorch's keyword name
    if dtype is not None:  # view(dtype=...)
        size = (dtype,)
    if len(size) == 1 and not isinstance(size[0], (tuple, list, int, np.integer, Tensor)):
        from .._dtype import dtype as _dtype_class
        if not isinstance(size[0], _dtype_class):  # (neither a dtype nor a size)
            from ._argerrors import type_name
            why = f"      didn't match because some of the arguments have invalid types: (!{type_name(size[0])}!)\n"
            raise TypeError(f"view() received an invalid combination of arguments - got ({type_name(size[0])}), but "
                            "expected one of:\n * (torch.dtype dtype)\n" + why + " * (tuple of ints size)\n" + why)
        return _view_dtype(x, size[0])
    d = x._data
    if d.__class__ is not _ndarray and isinstance(d, np.generic):  # a held scalar: the view aliases it
        d = x._materialize()
    shape = infer_shape(_view_shape_arg(size), d.size)
    if d.__class__ is _ndarray:
        try:
            data = np.reshape(d, shape, copy=False)
        except ValueError:
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one dimension spans "
                "across two contiguous subspaces). Use .reshape(...) instead."
            ) from None
    else:
        data = d.reshape(shape) if hasattr(d, "reshape") else d
    node = None
    if GRAD.enabled and x._rg:
        node = ViewBackward0((x,))
        node.shape = d.shape
    return make_view(x, data, node, lambda b, s=shape: b.view(s))


def _view_dtype(x, dtype):
    """``Tensor.view(dtype)``: the same bytes read as ``dtype``, with ATen's ``view_dtype`` checks (a 0-d
    tensor keeps its element size; the last dim needs stride 1, and to widen, a size, storage offset
    and strides divisible by the size ratio); the last dim's size scales by the ratio."""
    d = x._materialize()
    new_np = np.dtype(dtype.np)
    if new_np == d.dtype:  # (ATen returns ``self``)
        return x
    if d.__class__ is not _ndarray:
        return _make(d.view(new_np))
    if new_np.itemsize == d.itemsize:
        data = d.view(new_np)
    else:
        _check_view_dtype(x, d, dtype, new_np.itemsize)
        strides = [st * d.itemsize for st in x.stride()]  # (a size-1 dim gets the stride ATen shows)
        data = np.lib.stride_tricks.as_strided(d, d.shape, strides).view(new_np)
    out = make_view(x, data, None, lambda b, dt=dtype: _view_dtype(b, dt))  # (a view: same storage and version)
    if new_np.kind not in "fc":  # (not differentiable: never requires grad, even made under no_grad)
        out._rg = False
    return out


def _check_view_dtype(x, d, dtype, new_size: int) -> None:
    from .inplace import _type_word
    what = f"to view {_type_word(d.dtype)} as {_type_word(np.dtype(dtype.np))}"
    what += " (different element sizes)"
    if d.ndim == 0:
        raise RuntimeError(f"self.dim() cannot be 0 {what}")
    strides = x.stride()
    if new_size > d.itemsize:
        ratio = new_size // d.itemsize
        if d.shape[-1] % ratio:
            raise RuntimeError(f"self.size(-1) must be divisible by {ratio} {what}, but got {d.shape[-1]}")
        if x.storage_offset() % ratio:
            raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} {what}, but got "
                               f"{x.storage_offset()}")
    if strides[-1] != 1:
        raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {strides[-1]}")
    if new_size > d.itemsize:
        for k, st in enumerate(strides[:-1]):
            if st % ratio:
                raise RuntimeError(f"self.stride({k}) must be divisible by {ratio} {what}, but got {st}")


def reshape(input: Tensor, *size, shape=None) -> Tensor:
    """``Tensor.reshape``: a view when possible, else a copy (``UnsafeViewBackward0``)."""
    x = input  # PyTorch's keyword name
    d = x._data
    if d.__class__ is not _ndarray and isinstance(d, np.generic):  # a held scalar: the view aliases it
        d = x._materialize()
    shape = infer_shape(int_list_arg("reshape", "shape", size if shape is None else (shape,), shape is not None),
                        d.size)
    if d.__class__ is not _ndarray:
        data = np.reshape(d, shape)
        node = None
        if GRAD.enabled and x._rg:
            node = ViewBackward0((x,))
            node.shape = d.shape
        return finish(data if data.ndim else data[()], node)
    data = reshape_view(d, shape)
    is_view = data is not None
    if not is_view:
        data = _copy_reshaped(d, shape)
    node = None
    if GRAD.enabled and x._rg:
        if is_view:
            node = (ViewBackward0 if d.flags.c_contiguous else ReshapeAliasBackward0)((x,))
        else:  # ATen: ``_unsafe_view(self.clone(contiguous_format), shape)``
            from .convert import CloneBackward0
            node = UnsafeViewBackward0((finish(d, CloneBackward0((x,))),))
        node.shape = d.shape
    if is_view:
        return make_view(x, data, node, lambda b, s=shape: b.reshape(s))
    return finish(data, node)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    x = input  # PyTorch's keyword name
    if start_dim.__class__ is not int or end_dim.__class__ is not int:
        check_int_args("flatten", ("start_dim", "end_dim"), start_dim, end_dim)
    shape = x._data.shape
    nd = len(shape)
    if nd == 0:
        for k in (start_dim, end_dim):
            if not -1 <= k <= 0:
                _bad_dim(k, 0)
        return reshape(x, (1,))
    s = start_dim % nd if -nd <= start_dim < nd else _bad_dim(start_dim, nd)
    e = end_dim % nd if -nd <= end_dim < nd else _bad_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return x
    n = 1
    for k in shape[s:e + 1]:
        n *= k
    return reshape(x, shape[:s] + (n,) + shape[e + 1:])


def _bad_dim(d, nd):
    n = max(nd, 1)
    raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {d})")


def unflatten(input: Tensor, dim: int = NP_UNSET, sizes=NP_UNSET, *, axis=NP_UNSET) -> Tensor:
    if dim is NP_UNSET or sizes is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('unflatten', axis, dim=dim, sizes=sizes)
    x = input  # PyTorch's keyword name
    shape = x._data.shape
    if not -len(shape) <= dim < max(len(shape), 1) or not shape:
        _bad_dim(dim, len(shape))
    dim = dim % len(shape)
    sizes = tuple(sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    known = math.prod(v for v in sizes if v != -1)
    if -1 in sizes and sizes.count(-1) == 1 and known and shape[dim] % known == 0:
        sizes = infer_shape(sizes, shape[dim])
    elif -1 in sizes or known != shape[dim]:
        _check_inferable_sizes(sizes)
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({shape[dim]}) in the input tensor")
    return view(x, shape[:dim] + sizes + shape[dim + 1:])


def _check_inferable_sizes(sizes) -> None:
    """ATen's ``infer_size`` loop, whose errors other than a size mismatch ``unflatten`` passes on as "unflatten
    got an unexpected error" (PyTorch appends the C++ backtrace, which ember has not): a second ``-1``
    (``only one dimension can be inferred``) or another negative size (``invalid shape dimension -2``)."""
    inferred = False
    for i, s in enumerate(sizes):
        if s == -1:
            if inferred:
                raise RuntimeError("unflatten got an unexpected error:\nonly one dimension can be inferred")
            inferred = True
        elif s < 0:
            raise RuntimeError(f"unflatten got an unexpected error:\ninvalid shape dimension {s} at index {i} of "
                               f"shape {list(sizes)}")


def unflatten_method(self, dim, sizes):
    return unflatten(self, dim, sizes)


unflatten_method.__qualname__ = "Tensor.unflatten"  # (written in Python in PyTorch: no ``axis``, Python's errors)


# ------------------------------------------------------------------ expand
class ExpandBackward0(Node):
    __slots__ = ("shape",)

    def backward(self, g):
        return g.sum_to_size(self.shape)


def expand(input: Tensor, *sizes, size=None) -> Tensor:
    """``Tensor.expand``: broadcast to ``size`` without copying (``-1`` keeps a dim)."""
    x = input  # PyTorch's keyword name
    size = int_list_arg("expand", "size", sizes if size is None else (size,), size is not None)
    d = x._data
    shape = d.shape
    if len(size) < len(shape):
        raise RuntimeError(
            f"expand(torch.FloatTensor{{[{', '.join(map(str, shape))}]}}, size=[{', '.join(map(str, size))}]): "
            "the number of sizes provided (" + str(len(size)) + ") must be greater or equal to the number of "
            "dimensions in the tensor (" + str(len(shape)) + ")"
        )
    lead = len(size) - len(shape)
    target = []
    for i in range(len(size) - 1, -1, -1):  # PyTorch checks from the last dim, reporting that mismatch
        s = size[i]
        if i < lead:
            if s == -1:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {i}"
                )
            target.append(s)
            continue
        cur = shape[i - lead]
        if s == -1:
            target.append(cur)
        elif cur == s or cur == 1:
            target.append(s)
        else:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at non-singleton "
                f"dimension {i}.  Target sizes: [{', '.join(map(str, size))}].  Tensor sizes: "
                f"[{', '.join(map(str, shape))}]"
            )
    target = tuple(target[::-1])
    src = x._materialize() if d.__class__ is not _ndarray else d
    data = np.broadcast_to(src, target)
    if data.size == src.size and src.__class__ is _ndarray:  # nothing repeated: the view stays writable
        data = src.view() if target == shape else np.lib.stride_tricks.as_strided(src, target, data.strides)
    node = None
    if GRAD.enabled and x._rg:
        node = ExpandBackward0((x,))
        node.shape = shape
    return make_view(x, data, node, lambda b, s=target: b.expand(s))


def expand_as(input: Tensor, other: Tensor) -> Tensor:
    x = input  # PyTorch's keyword name
    return expand(x, other._data.shape)


# --------------------------------------------------------------- squeezing
class UnsqueezeBackward0(Node):
    # ``dim_arg``: a negative ``dim`` as given (``dim`` is normalised), for ``grad_fn._saved_dim``
    __slots__ = ("dim", "dim_arg")

    def backward(self, g):
        return g.squeeze(self.dim)

    def vjp(self, g):
        return (np.squeeze(g, self.dim),)


def unsqueeze(input: Tensor, dim: int = NP_UNSET, *, axis=NP_UNSET) -> Tensor:
    if dim is NP_UNSET or axis is not NP_UNSET:  # (NumPy's ``axis``, or PyTorch's missing-argument error)
        dim = numpy_required('unsqueeze', axis, dim=dim)
    if dim.__class__ is not int:
        check_int_args("unsqueeze", ("dim",), dim)
    x = input  # PyTorch's keyword name
    d = x._data
    nd = d.ndim + 1
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})")
    dim_arg = dim
    dim %= nd
    src = x._materialize() if d.__class__ is not _ndarray else d
    data = np.expand_dims(src, dim)
    if data.__class__ is _ndarray and data.size:  # PyTorch's stride for the new dim: size * stride of the next
        want = data.strides[dim + 1] * data.shape[dim + 1] if dim + 1 < nd else data.itemsize
        if data.strides[dim] != want:
            st = list(data.strides)
            st[dim] = want
            data = np.lib.stride_tricks.as_strided(data, data.shape, st, writeable=data.flags.writeable)
    node = None
    if GRAD.enabled and x._rg:
        node = UnsqueezeBackward0((x,))
        node.dim = dim
        if dim_arg < 0:
            node.dim_arg = dim_arg
    return make_view(x, data, node, lambda b, k=dim: b.unsqueeze(k))


class SqueezeBackward0(Node):
    __slots__ = ("shape", "dim_arg")  # (``dim_arg``: the ``dim`` argument, ``grad_fn._saved_dim``)

    def backward(self, g):
        return g.reshape(self.shape)

    def vjp(self, g):
        return (np.reshape(g, self.shape),)


class SqueezeBackward1(SqueezeBackward0):
    __slots__ = ()


class SqueezeBackward2(SqueezeBackward0):
    __slots__ = ()


_SQUEEZE_SIGS = ("", "int dim", "tuple of ints dim")


def squeeze(input: Tensor, *args, dim=NP_UNSET, axis=NP_UNSET) -> Tensor:
    """``torch.squeeze(input, dim=None)``: no dim, one dim, or a tuple/list of dims (PyTorch 2.x).  More
    positional dims match none of its overloads (only the method takes varargs: :func:`squeeze_method`)."""
    return _squeeze_call(input, args, dim, axis, False)


def squeeze_method(self: Tensor, *args, dim=NP_UNSET, axis=NP_UNSET) -> Tensor:
    """``Tensor.squeeze``: as :func:`squeeze`, and PyTorch's parser packs several positional ints into the
    ``int[] dim`` (``x.squeeze(0, 1)``)."""
    return _squeeze_call(self, args, dim, axis, True)


def _squeeze_call(x: Tensor, args: tuple, dim, axis, is_method: bool) -> Tensor:
    if args and len(args) == 1 and args[0].__class__ is int and dim is NP_UNSET and axis is NP_UNSET:
        dim = args[0]
    elif args or axis is not NP_UNSET or (dim is not NP_UNSET and dim.__class__ is not int):
        dim = squeeze_dims_arg(x, args, dim, axis, "squeeze", is_method)
    if dim is NP_UNSET:  # (each overload has its node)
        return _squeeze(x, None, SqueezeBackward0)
    if dim.__class__ is int:
        return _squeeze(x, (dim,), SqueezeBackward1, dim)
    return _squeeze(x, dim, SqueezeBackward2, dim)


def squeeze_dims_arg(input: Tensor, args: tuple, dim, axis, name: str = "squeeze", is_method: bool = True):
    """The dims of a ``squeeze`` call (positional ``args``, ``dim=`` or NumPy's ``axis=``) read as PyTorch's
    parser reads them: NP_UNSET (none), an int, or a tuple/list of ints.  The method packs several positional
    ints into its ``int[] dim``; a non-int first, a keyword beside them, ``None`` or several dims given to the
    function match no overload ("invalid combination of arguments", worded for ``name``: ``squeeze_`` for
    the in-place method); a later non-int in a sequence is the "failed to unpack" error.  Range and
    duplicate checks are :func:`_squeeze`'s."""
    if args:
        if dim is not NP_UNSET or axis is not NP_UNSET or (len(args) > 1 and (not is_method or _not_int(args[0]))):
            raise _squeeze_call_error(input, args, dim, axis, name, is_method)
        dim = args[0] if len(args) == 1 else list(args)
    elif axis is not NP_UNSET:
        if dim is not NP_UNSET:  # (both spellings: no overload matches)
            raise _squeeze_call_error(input, (), dim, axis, name, None)
        dim = axis
    if dim is NP_UNSET or dim.__class__ is int:
        return dim
    if isinstance(dim, (tuple, list)):
        return _squeeze_dims(input, dim, name)
    if _not_int(dim):  # (None too: PyTorch has no ``dim=None`` overload)
        raise overload_error(name, _SQUEEZE_SIGS, input, {"dim": dim})
    return _operator_index(dim)


def _squeeze_dims(input, dims, name: str):
    """A dims tuple/list as PyTorch's parser reads an ``int[]``: its first element must be an int (else no
    overload matches); a later non-int is the "failed to unpack" error (a bool or an integer tensor of one
    element passes there, as ``__index__`` takes it)."""
    for d in dims:
        if d.__class__ is not int:
            break
    else:
        return dims
    if _not_int(dims[0]):
        raise overload_error(name, _SQUEEZE_SIGS, input, {"dim": dims})
    bad = next((i for i, d in enumerate(dims) if not _is_index(d)), None)
    if bad is not None:
        from ._argerrors import type_name
        raise TypeError(f"{name}(): argument 'dim' failed to unpack the object at pos {bad + 1} with error "
                        f"\"type must be tuple of ints,but got {type_name(dims[bad])}\"")
    return tuple(map(_operator_index, dims))


def _squeeze_call_error(input, args, dim, axis, name: str, is_method) -> TypeError:
    """PyTorch's "invalid combination of arguments" for a ``squeeze`` call no overload takes, listing the
    arguments as the user wrote them (keywords in reverse call order, as PyTorch's parser does);
    ``is_method`` None: as the call site reads."""
    from ._argerrors import format_overload_error, user_call_site
    site = user_call_site(name)
    values = {"dim": dim, "axis": axis}
    if site is not None:
        kw = [(k, values.get(k, input)) for k in reversed(site[2])]
    else:
        kw = [(k, v) for k, v in reversed(values.items()) if v is not NP_UNSET]
    if is_method is None:
        is_method = site is None or site[0]
    if is_method:
        return TypeError(format_overload_error(name, _SQUEEZE_SIGS, list(args), kw))
    sigs = tuple("Tensor input" + (", " + sg if sg else "") for sg in _SQUEEZE_SIGS)
    return TypeError(format_overload_error(name, sigs, [input, *args], kw))


def _squeeze(x: Tensor, dims, cls, dim_arg=None) -> Tensor:
    """Drop the size-1 dims among ``dims`` (all of them for None); PyTorch's range and duplicate
    checks run dim by dim, in order, as ATen's ``dim_list_to_bitset``."""
    d = x._data
    shape = d.shape
    if dims is None:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
    else:
        nd = max(len(shape), 1)
        axes = []
        seen = 0  # (a bit per dim)
        for k in dims:
            if not -nd <= k < nd:
                raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {k})")
            k %= nd
            if seen >> k & 1:
                raise RuntimeError(f"dim {k} appears multiple times in the list of dims")
            seen |= 1 << k
            if shape and shape[k] == 1:
                axes.append(k)
        axes = tuple(axes)
    src = x._materialize() if d.__class__ is not _ndarray else d
    data = np.squeeze(src, axis=axes) if axes else src.view()
    node = None
    if GRAD.enabled and x._rg:
        node = cls((x,))
        node.shape, node.dim_arg = shape, dim_arg
    return make_view(x, data, node, lambda b, a=dim_arg: b.squeeze(a) if a is not None else b.squeeze())


squeeze_method.__name__ = squeeze_method.__qualname__ = "squeeze"
squeeze.method = squeeze_method  # (``ember._methods`` binds it as ``Tensor.squeeze``)


# ------------------------------------------------------- transpose/permute
class TransposeBackward0(Node):
    # ``dim_arg``: ``(dim0, dim1)`` as given where one is negative (``d0``/``d1`` are normalised), for
    # ``grad_fn._saved_dim0``/``_saved_dim1``
    __slots__ = ("d0", "d1", "dim_arg")

    def backward(self, g):
        return g.transpose(self.d0, self.d1)

    def vjp(self, g):
        if g.ndim == 0:  # ``transpose(0, 0)`` of a 0-d tensor
            return (g,)
        return (np.swapaxes(g, self.d0, self.d1),)


class TBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g.t()

    def vjp(self, g):
        return (np.transpose(g),)


class PermuteBackward0(Node):
    # ``dim_arg``: the ``dims`` as given where one is negative, for ``grad_fn._saved_dims``
    __slots__ = ("inverse", "dim_arg")

    def backward(self, g):
        return g.permute(self.inverse)

    def vjp(self, g):
        return (np.transpose(g, self.inverse),)


_MISSING_DIM = object()


def transpose(input: Tensor, dim0: int = _MISSING_DIM, dim1: int = _MISSING_DIM) -> Tensor:
    x = input  # PyTorch's keyword name
    if dim1 is _MISSING_DIM:  # (the argument parser's wording)
        if dim0 is _MISSING_DIM:
            raise TypeError('transpose() missing 2 required positional argument: "dim0", "dim1"')
        raise TypeError('transpose() missing 1 required positional arguments: "dim1"')
    if dim0.__class__ is not int or dim1.__class__ is not int:
        check_int_args("transpose", ("dim0", "dim1"), dim0, dim1)
    d = x._data
    nd = max(d.ndim, 1)
    for k in (dim0, dim1):
        if not -nd <= k < nd:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {k})")
    if d.ndim == 0:
        return make_view(x, x._materialize().view(), None if not needs_grad(x) else _t_node(x, 0, 0), lambda b: b)
    d0, d1 = dim0 % nd, dim1 % nd
    data = np.swapaxes(d, d0, d1)
    node = None
    if GRAD.enabled and x._rg:
        node = _t_node(x, d0, d1)
        if dim0 < 0 or dim1 < 0:
            node.dim_arg = (dim0, dim1)
    return make_view(x, data, node, lambda b, a=d0, c=d1: b.transpose(a, c))


def _t_node(x, d0, d1):
    node = TransposeBackward0((x,))
    node.d0, node.d1 = d0, d1
    return node


def swapaxes(input, axis0, axis1):
    """``torch.swapaxes(input, axis0, axis1)``: ``transpose``."""
    return transpose(input, axis0, axis1)


def swapdims(input, dim0, dim1):
    """``torch.swapdims(input, dim0, dim1)``: ``transpose``."""
    return transpose(input, dim0, dim1)


def t(input: Tensor) -> Tensor:
    x = input  # PyTorch's keyword name
    d = x._data
    if d.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {d.ndim}D")
    src = x._materialize() if d.__class__ is not _ndarray else d
    data = src.T if d.ndim == 2 else src.view()
    node = None
    if GRAD.enabled and x._rg:
        node = TBackward0((x,))
    return make_view(x, data, node, lambda b: b.t())


def permute(input: Tensor, *args, dims=None) -> Tensor:
    x = input  # PyTorch's keyword name
    if dims is None and not args:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = int_list_arg("permute", "dims", args if dims is None else (dims,), dims is not None)
    d = x._data
    nd = d.ndim
    if len(dims) != nd:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired "
            f"ordering of dimensions i.e. input.dim() = {nd} is not equal to len(dims) = {len(dims)}"
        )
    n = max(nd, 1)
    for k in dims:
        if not -n <= k < n:
            _bad_dim(k, nd)
    dim_arg = dims
    dims = tuple(k % n for k in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    src = x._materialize() if d.__class__ is not _ndarray else d
    data = np.transpose(src, dims)
    node = None
    if GRAD.enabled and x._rg:
        node = PermuteBackward0((x,))
        node.inverse = tuple(np.argsort(dims))
        if dims != tuple(dim_arg):
            node.dim_arg = dim_arg
    return make_view(x, data, node, lambda b, p=dims: b.permute(p))


def movedim(input: Tensor, source, destination) -> Tensor:
    x = input  # PyTorch's keyword name
    if source.__class__ is not int or destination.__class__ is not int:
        _check_movedim_args(input, source, destination)
    nd = x._data.ndim
    src_in = list(source) if isinstance(source, (tuple, list)) else [source]
    dst_in = list(destination) if isinstance(destination, (tuple, list)) else [destination]
    if len(src_in) != len(dst_in):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src_in} dims) should contain the "
                           f"same number of dims as destination ({dst_in} dims)")
    n = max(nd, 1)
    for s in src_in + dst_in:
        if not -n <= s < n:
            _bad_dim(s, nd)
    src = [s % n for s in src_in]
    dst = [s % n for s in dst_in]
    for name, given, wrapped in (("source", src_in, src), ("destination", dst_in, dst)):
        if len(set(wrapped)) != len(wrapped):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    if nd == 0:  # PyTorch returns an alias of a 0-d tensor
        from .inplace import AliasBackward0
        return make_view(x, x._materialize().view(), AliasBackward0((x,)) if needs_grad(x) else None, lambda b: b)
    order = [i for i in range(nd) if i not in src]
    for dd, s in sorted(zip(dst, src)):
        order.insert(dd, s)
    return permute(x, tuple(order))


def matrix_T(input: Tensor) -> Tensor:
    """``Tensor.T``: reverses all dims (PyTorch records PermuteBackward0)."""
    nd = input._data.ndim
    if nd != 2:
        _warn_T_once(nd)
        if nd == 0:  # PyTorch: permute(x, []), a PermuteBackward0 view
            return permute(input, ())
    return _reverse_dims(input)


def _reverse_dims(x: Tensor) -> Tensor:
    """All dims reversed (``Tensor.T`` without its deprecation warnings; ``Tensor.H`` builds on it)."""
    nd = x._data.ndim
    if nd < 2:
        return x if nd == 0 else permute(x, (0,))
    return permute(x, tuple(range(nd - 1, -1, -1)))


_T_WARNED: set = set()


def _warn_T_once(nd: int) -> None:
    """PyTorch's TORCH_WARN_ONCE deprecations of ``Tensor.T`` off 2-D tensors (once per process each)."""
    key = nd == 0
    if key in _T_WARNED:
        return
    _T_WARNED.add(key)
    import warnings
    if key:
        msg = ("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases. (Triggered "
               "internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4321.)")
    else:
        msg = ("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it "
               "will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
               "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor. (Triggered "
               "internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)")
    warnings.warn(msg, UserWarning, stacklevel=3)


def mT(input: Tensor) -> Tensor:
    x = input  # PyTorch's keyword name
    if x._data.ndim == 0:
        if "mT" not in _T_WARNED:
            _T_WARNED.add("mT")
            import warnings
            warnings.warn("Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases. "
                          "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4373.)",
                          UserWarning, stacklevel=2)
        return x
    if x._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return transpose(x, -2, -1)
