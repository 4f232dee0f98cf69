"""Indexing: ``x[idx]`` and ``x[idx] = v`` with PyTorch semantics and names.

Basic indexing (ints, slices with steps, ``None``, ``...``) returns a view and
records the node PyTorch records for the *last* step it applies
(``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``, or
``AliasBackward0`` when no step changes anything, e.g. ``x[...]``).

Advanced indexing (integer lists or tensors, boolean masks) copies and records
``IndexBackward0``; its backward scatter-adds, so repeated indices accumulate.
Like PyTorch (and unlike NumPy), the basic part of a mixed index is applied
first (as a view) and the advanced part on its result, so ``x[0, :, [1, 2]]``
has shape ``(x.shape[1], 2)``.  Such an index is kept as an ``_Idx`` (basic
tuple, advanced tuple).

``x[idx] = v`` follows PyTorch: a basic index copies into the view (the base
records ``CopySlices``), an advanced one calls ``index_put_``
(``IndexPutBackward0``), an index that selects everything fills/copies the
tensor itself.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype as D
from ..autograd.graph import KEPT_IN_SLOTS
from ..backend.scratch import big_zeros
from ._common import GRAD, Node, Tensor, _make, finish
from . import _layout
from .shape import make_view
from .inplace import apply_inplace, check_inplace_allowed, copy_

_ndarray = np.ndarray

_SEQ_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; use "
    "x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
    "which will result either in an error or a different result (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/python_variable_indexing.cpp:349.)"
)
_UINT8_WARNING = (
    "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead. (Triggered internally "
    "at /__w/pytorch/pytorch/aten/src/ATen/native/IndexingUtils.h:37.)"
)
_BAD_INDEX_DTYPE = "tensors used as indices must be long, int, byte or bool tensors"


class _Idx:
    """A mixed index, PyTorch-style: ``basic`` (a view) then ``adv`` (NumPy advanced indexing on it)."""

    __slots__ = ("basic", "adv")

    def __init__(self, basic: tuple, adv: tuple) -> None:
        self.basic = basic
        self.adv = adv

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Idx({self.basic!r}, {self.adv!r})"


# ------------------------------------------------------------ index parsing
def _treat_as_tuple(idx) -> bool:
    """PyTorch's ``treatSequenceAsTuple`` for a non-tuple sequence index."""
    if not isinstance(idx, (list, str)) or len(idx) >= 32:
        return False
    for k in idx:
        if isinstance(k, (Tensor, list, tuple, slice, str, np.ndarray)) or k is None or k is Ellipsis:
            return True
    return False


def _seq_to_array(k) -> np.ndarray:
    """A list/tuple used as an index, as PyTorch's indexing tensor (bool or int64)."""
    if isinstance(k, str):
        raise TypeError("new(): invalid data type 'str'")
    vals = [v.item() if isinstance(v, Tensor) else v for v in k]
    try:
        arr = np.asarray(vals)
    except ValueError as e:
        raise ValueError(str(e)) from None
    if arr.size == 0:
        return arr.astype(np.int64)
    if arr.dtype.kind == "b":
        return arr
    if arr.dtype.kind in "iuf":
        return arr.astype(np.int64)
    raise TypeError(f"new(): invalid data type '{type(vals[0]).__name__}'")


def _array_index(a: np.ndarray, sl: int = 5):
    """Validate/convert an array index: returns an int64/bool array, or a Python bool for 0-d bool."""
    kind = a.dtype.kind
    if kind == "b":
        return bool(a) if a.ndim == 0 else a
    if a.dtype == np.uint8:
        warnings.warn(_UINT8_WARNING, UserWarning, stacklevel=sl)
        return bool(a) if a.ndim == 0 else a.astype(bool)
    if a.dtype not in (np.int64, np.int32):
        raise IndexError(_BAD_INDEX_DTYPE)
    return a


def _convert_index(idx):
    """Turn an index into a NumPy-style tuple; returns ``(index, advanced)``.

    For advanced indices the result is an ``_Idx`` (basic part, advanced part);
    otherwise a tuple of ints, slices, ``None`` and ``Ellipsis``.
    """
    out, advanced = _parse(idx)
    if isinstance(out, _Idx):
        return out, True
    if not advanced:
        return tuple(out), False
    return _split(out), True


def _parse(idx, sl: int = 4):
    """Convert each index entry (ints, slices, None, Ellipsis, bools, int64/bool arrays)."""
    if isinstance(idx, _Idx):
        return idx, True
    if not isinstance(idx, tuple):
        if _treat_as_tuple(idx):
            warnings.warn(_SEQ_WARNING, UserWarning, stacklevel=sl)
            idx = tuple(idx)
        else:
            idx = (idx,)
    out = []
    advanced = seen_ellipsis = False
    for k in idx:
        if k.__class__ is int:
            out.append(k)
        elif isinstance(k, slice):
            start, stop, step = (int(v) if isinstance(v, Tensor) else v for v in (k.start, k.stop, k.step))
            if step is not None:
                if step == 0:
                    raise ValueError("slice step cannot be zero")
                if step < 0:
                    raise ValueError("step must be greater than zero")
            out.append(slice(start, stop, step))
        elif k is None:
            out.append(k)
        elif k is Ellipsis:
            if seen_ellipsis:
                raise _SeveralEllipses()
            seen_ellipsis = True
            out.append(k)
        elif isinstance(k, Tensor):
            a = k._data
            if not isinstance(a, (np.ndarray, np.generic)):
                from ..backend.device import to_numpy
                a = to_numpy(a)
            a = np.asarray(a)
            if a.ndim == 0 and a.dtype.kind in "iu" and a.dtype != np.uint8:
                if a.dtype not in (np.int64, np.int32):
                    raise IndexError(_BAD_INDEX_DTYPE)
                out.append(int(a))
                continue
            r = _array_index(a, sl + 1)
            out.append(r)
            advanced = True
        elif isinstance(k, bool) or isinstance(k, np.bool_):
            out.append(bool(k))
            advanced = True
        elif isinstance(k, (int, np.integer)):
            out.append(int(k))
        elif isinstance(k, np.ndarray):
            if k.ndim == 0 and k.dtype.kind in "iu" and k.dtype != np.uint8:
                out.append(int(k))
                continue
            if k.dtype.kind == "f":  # PyTorch reads an array as a sequence: floats become a long index
                k = k.astype(np.int64)
                if k.ndim == 0:
                    out.append(int(k))
                    continue
            out.append(_array_index(k.astype(np.int64) if k.dtype.kind in "iu" and k.dtype != np.uint8 else k, sl + 1))
            advanced = True
        elif isinstance(k, (list, tuple, str)):
            out.append(_array_index(_seq_to_array(k), sl + 1))
            advanced = True
        elif isinstance(k, range):  # PyTorch reads a range as the sequence of its ints
            out.append(_array_index(np.asarray(k, dtype=np.int64), sl + 1))
            advanced = True
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices "
                f"(got {type(k).__name__})"
            )
    return out, advanced


class _SeveralEllipses(Exception):
    """Raised by :func:`_parse` for a second ``...``; the caller rewrites the index (:func:`_merge_ellipses`)."""


def _merge_ellipses(idx: tuple, ndim: int) -> tuple:
    """An index with several ``...`` as PyTorch's ``applySlicing`` reads it: each one moves past
    ``ndim - specified`` dims (full slices here); those past the last dim do nothing and are dropped."""
    specified = 0
    for k in idx:
        if k is None or k is Ellipsis or isinstance(k, bool):
            continue
        is_mask = isinstance(k, Tensor) and k._data.dtype in (np.bool_, np.uint8)
        specified += k._data.ndim if is_mask else 1
    fill = max(ndim - specified, 0)
    out, from_ellipsis = [], []
    for k in idx:
        if k is Ellipsis:
            out += [slice(None)] * fill
            from_ellipsis += [True] * fill
        else:
            out.append(k)
            from_ellipsis.append(False)
    used = specified + sum(from_ellipsis)
    while used > ndim and from_ellipsis and from_ellipsis[-1]:
        out.pop()
        from_ellipsis.pop()
        used -= 1
    return tuple(out)


def _split(out) -> "_Idx":
    basic, adv = [], []
    for k in out:
        if k is None:
            basic.append(None)
            adv.append(slice(None))
        elif k is Ellipsis:
            basic.append(Ellipsis)
            adv.append(Ellipsis)
        elif k.__class__ is int:
            basic.append(k)
        elif isinstance(k, slice):
            basic.append(k)
            adv.append(slice(None))
        elif isinstance(k, bool):
            adv.append(k)
        else:  # array
            basic.extend([slice(None)] * (k.ndim if k.dtype.kind == "b" else 1))
            adv.append(k)
    return _Idx(tuple(basic), tuple(adv))


def _with_ellipsis(t: tuple) -> tuple:
    """``t`` with a trailing ``...`` (so that NumPy returns 0-d views, never scalars)."""
    for k in t:
        if k is Ellipsis:
            return _expand_ellipsis(t)
    return t + (Ellipsis,)


def _expand_ellipsis(t: tuple) -> tuple:
    # the caller knows ``t`` has an Ellipsis; keep it and add none: NumPy views are fine with one Ellipsis
    return t


def _basic_view(d: np.ndarray, basic: tuple) -> np.ndarray:
    """``d[basic]`` as a view (0-d results too), with PyTorch's out-of-bounds message."""
    try:
        if any(k is Ellipsis for k in basic):
            r = d[basic]
            if r.__class__ is not _ndarray:  # all dims were selected by ints: take a 0-d view
                r = d[tuple(k for k in basic if k is not Ellipsis) + (Ellipsis,)]
        else:
            r = d[basic + (Ellipsis,)]
    except IndexError as e:
        raise _index_error(e, d.shape) from None
    if None in basic:  # (``basic`` holds only ints, slices, None and Ellipsis)
        return _unsqueeze_strides(r, d, basic)
    return r


def _unsqueeze_strides(r: np.ndarray, d: np.ndarray, basic: tuple) -> np.ndarray:
    """``r = d[basic]`` with each ``None`` dim given the stride ATen's ``unsqueeze`` gives it when
    ``applySlicing`` reaches it: size * stride of the input dim it lands before (1 at the end), where
    NumPy gives 0 (a size-1 dim's stride never moves an element, so the view is the same)."""
    n_specified = sum(1 for k in basic if k is not None and k is not Ellipsis)
    strides, in_dim = [], 0
    for k in basic:
        if k is Ellipsis:
            for _ in range(d.ndim - n_specified):
                strides.append(None)
            in_dim += d.ndim - n_specified
        elif k is None:
            strides.append(d.shape[in_dim] * d.strides[in_dim] if in_dim < d.ndim else d.itemsize)
        else:
            if k.__class__ is not int:
                strides.append(None)
            in_dim += 1
    strides += [None] * (r.ndim - len(strides))
    new = [r.strides[i] if st is None else st for i, st in enumerate(strides)]
    return np.lib.stride_tricks.as_strided(r, r.shape, new)


def _check_advanced(v: np.ndarray, adv: tuple) -> None:
    """PyTorch's errors for the advanced part applied to ``v`` (mask shapes, broadcasting, bounds)."""
    nd = v.ndim
    consumed = [0 if (k is Ellipsis or isinstance(k, bool)) else (k.ndim if isinstance(k, np.ndarray) and
                                                                    k.dtype.kind == "b" else 1) for k in adv]
    total = sum(consumed)
    if total > nd:
        raise IndexError(f"too many indices for tensor of dimension {nd}")
    pos = 0
    rank = 0
    shapes = []
    bounds = []
    for k, c in zip(adv, consumed):
        if k is Ellipsis:
            pos += nd - total
            continue
        if isinstance(k, np.ndarray):
            if k.dtype.kind == "b":
                for j in range(k.ndim):
                    if k.shape[j] != v.shape[pos + j]:
                        raise IndexError(
                            f"The shape of the mask {list(k.shape)} at index {j} does not match the shape of the "
                            f"indexed tensor {list(v.shape)} at index {pos + j}")
                n = int(k.sum())
                shapes += [[n]] * k.ndim
                rank += k.ndim
            else:
                shapes.append(list(k.shape))
                bounds.append((k, rank, v.shape[pos]))
                rank += 1
        pos += c
    if len(shapes) > 1:
        try:
            np.broadcast_shapes(*[tuple(s) for s in shapes])
        except ValueError:
            raise IndexError(
                "shape mismatch: indexing tensors could not be broadcast together with shapes "
                + ", ".join(str(s) for s in shapes)) from None
    for k, r, n in bounds:
        if k.size and (k.min() < -n or k.max() >= n):
            bad = (k < -n) | (k >= n)
            if bad.any():
                val = int(k[bad].flat[0])
                raise IndexError(f"index {val} is out of bounds for dimension {r} with size {n}")


def _np_get(d: np.ndarray, index):
    if isinstance(index, _Idx):
        v = _basic_view(d, index.basic)
        _check_advanced(v, index.adv)
        return v[index.adv]
    return d[index]


def _index_layout(v: np.ndarray, adv: tuple, data: np.ndarray) -> np.ndarray:
    """``data`` (NumPy's ``v[adv]``) laid out as PyTorch's ``index`` allocates its output."""
    isz = v.itemsize
    arrays, dims, pos = [], [], 0
    n_cons = sum(0 if (k is Ellipsis or isinstance(k, bool)) else
                 (k.ndim if isinstance(k, np.ndarray) and k.dtype.kind == "b" else 1) for k in adv)
    for k in adv:
        if k is Ellipsis:
            pos += v.ndim - n_cons
        elif isinstance(k, bool):
            return data
        elif isinstance(k, np.ndarray):
            if k.dtype.kind == "b":
                for j, a in enumerate(np.nonzero(k)):
                    arrays.append(a)
                    dims.append(pos + j)
                pos += k.ndim
            else:
                arrays.append(k)
                dims.append(pos)
                pos += 1
        else:
            pos += 1
    if not arrays:
        return data
    if len(arrays) == 1 and _strictly_row_major(v) and _strictly_row_major(arrays[0]):
        return _row_major_unit_strides(np.ascontiguousarray(data))  # (what the general case gives, quickly)
    if len(arrays) > 1:
        try:
            arrays = np.broadcast_arrays(*arrays)
        except ValueError:
            return data
    vst = [st // isz for st in v.strides]
    order = list(range(v.ndim))
    if dims != list(range(dims[0], dims[0] + len(dims))):  # not adjacent: PyTorch's transposeToFront
        order = dims + [i for i in order if i not in dims]
        dims = list(range(len(dims)))
    p0 = dims[0]
    before, after = order[:p0], order[p0 + len(dims):]
    b = arrays[0].shape
    shape = [v.shape[i] for i in before] + list(b) + [v.shape[i] for i in after]
    if tuple(shape) != data.shape:
        return data
    src = [vst[i] for i in before] + [0] * len(b) + [vst[i] for i in after]  # (ATen's ``restride_src``)
    ops, fast = [src], _torch_contiguous(shape, src)
    for a in arrays:
        idx_shape, idx_strides = _reshaped_indexer(a, len(before), len(after))
        fast = fast and idx_shape == shape and _torch_contiguous(idx_shape, idx_strides)  # (same shapes only)
        ops.append([0 if n == 1 and m != 1 else st for n, m, st in zip(idx_shape, shape, idx_strides)])
    if fast:  # (TensorIterator's ``fast_set_up``: all operands contiguous, so is the output)
        return _row_major_unit_strides(np.ascontiguousarray(data))
    perm = _layout.iteration_perm(shape, *ops)
    want = [0] * len(shape)
    acc = 1
    for dd in perm:
        want[dd] = acc
        acc *= shape[dd]
    if data.size == 0:
        return data
    if all(shape[i] == 1 or want[i] * isz == data.strides[i] for i in range(len(shape))):
        if all(want[i] * isz == data.strides[i] for i in range(len(shape))):
            return data
        return np.lib.stride_tricks.as_strided(data, shape, [w * isz for w in want])  # (size-1 dims' strides)
    out = np.lib.stride_tricks.as_strided(np.empty(data.size, data.dtype), shape, [w * isz for w in want])
    out[...] = data
    return out


def _strictly_row_major(a: np.ndarray) -> bool:
    """Row-major strides in every dim, size-1 dims too: then TensorIterator keeps the dims in order
    (the strides of size-1 dims count there, though ``is_contiguous()`` ignores them)."""
    if not a.flags.c_contiguous:
        return False
    if 1 not in a.shape:  # (NumPy's flag then says it all)
        return True
    acc = a.itemsize
    for n, st in zip(reversed(a.shape), reversed(a.strides)):
        if st != acc:
            return False
        acc *= max(n, 1)
    return True


def _reshaped_indexer(a: np.ndarray, n_before: int, n_after: int) -> tuple:
    """Shape and strides (elements) of ATen's ``reshape_indexer``: the (broadcast) index array viewed with
    1-dims for the dims before and after the indexed ones; a leading 1-dim gets size * stride of the first
    dim, a trailing one the last dim's stride (what ``view`` computes)."""
    inner = [st // a.itemsize for st in a.strides]
    lead = inner[0] * a.shape[0] if inner else 1
    tail = inner[-1] if inner else 1
    shape = [1] * n_before + list(a.shape) + [1] * n_after
    return shape, [lead] * n_before + inner + [tail] * n_after


def _torch_contiguous(shape, strides) -> bool:
    """``Tensor.is_contiguous()``: row-major strides, size-1 dims ignored (an empty tensor is contiguous)."""
    acc = 1
    for n, st in zip(reversed(shape), reversed(strides)):
        if n == 0:
            return True
        if n != 1:
            if st != acc:
                return False
            acc *= n
    return True


def _row_major_unit_strides(a: np.ndarray) -> np.ndarray:
    """A C-contiguous ``a`` whose size-1 dims carry the row-major strides ATen's fresh outputs have (NumPy
    may leave others there, which only ``stride()`` shows)."""
    want, acc = [], a.itemsize
    for n in reversed(a.shape):
        want.append(acc)
        acc *= max(n, 1)
    want.reverse()
    if a.size == 0 or tuple(want) == a.strides:
        return a
    return np.lib.stride_tricks.as_strided(a, a.shape, want)


def _np_add_at(out: np.ndarray, index, val) -> None:
    if isinstance(index, _Idx):
        np.add.at(_basic_view(out, index.basic), index.adv, val)
    else:
        np.add.at(out, index, val)


def _np_set(out: np.ndarray, index, val) -> None:
    if isinstance(index, _Idx):
        _basic_view(out, index.basic)[index.adv] = val
    else:
        out[index] = val


# ------------------------------------------------------------------ getitem
def _full_slice(k: slice, n: int) -> bool:
    return k.start in (None, 0) and k.step in (None, 1) and (k.stop is None or k.stop >= n)


def _basic_name(idx, shape, single: bool) -> str:
    """Name of the node PyTorch records for a basic index (the last op that changes something)."""
    name = "AliasBackward0"
    n_specified = sum(1 for k in idx if k is not None and k is not Ellipsis)
    dim = 0
    for k in idx:
        if k is Ellipsis:
            dim += len(shape) - n_specified
        elif k is None:
            name = "UnsqueezeBackward0"
        elif k.__class__ is int:
            name = "SelectBackward0"
            dim += 1
        elif isinstance(k, slice):
            n = shape[dim] if dim < len(shape) else 0
            if single or not _full_slice(k, n):
                name = "SliceBackward0"
            dim += 1
    return name


_INT64_MAX = (1 << 63) - 1


def last_basic_op(node) -> tuple:
    """``(dim, item)`` of the last ``select``/``slice`` PyTorch's ``applySlicing`` runs for the basic
    index ``node.index``: the op whose node is ``node`` (ember records one node for the whole index).
    ``dim`` counts dims of the partial result, as ATen's loop does: a ``select`` keeps it, a slice or
    ``None`` moves past.  ``select``/``narrow`` calls keep their arguments as given in ``dim_arg``."""
    given = getattr(node, "dim_arg", None)
    if given is not None:
        return given
    idx, shape = node.index, node.shape
    n_specified = 0
    for k in idx:
        if k is not None and k is not Ellipsis:
            n_specified += 1
    dim, in_dim, last = 0, 0, (0, None)
    for k in idx:  # (the walk of ``_basic_name``: a full slice records no op unless it is the whole index)
        if k is Ellipsis:
            dim += len(shape) - n_specified
            in_dim += len(shape) - n_specified
        elif k is None:
            last = (dim, None)
            dim += 1
        elif k.__class__ is int:
            last = (dim, k)
            in_dim += 1
        else:
            n = shape[in_dim] if in_dim < len(shape) else 0
            if len(idx) == 1 or not _full_slice(k, n):
                last = (dim, k)
            dim += 1
            in_dim += 1
    return last


def saved_select_dim(node) -> int:
    """``SelectBackward0._saved_dim``."""
    return last_basic_op(node)[0]


def saved_select_index(node) -> int:
    """``SelectBackward0._saved_index``: the index as given (a negative one reads back wrapped)."""
    return last_basic_op(node)[1]


def saved_slice_field(field: str):
    """``SliceBackward0._saved_start``/``_end``/``_step``: an omitted start is 0, an omitted stop
    ``INT64_MAX``, an omitted step 1 (the defaults of ``aten::slice``)."""
    def get(node):
        k = last_basic_op(node)[1]
        if field == "start":
            return 0 if k.start is None else k.start
        if field == "end":
            return _INT64_MAX if k.stop is None else k.stop
        return 1 if k.step is None else k.step
    return get


def advanced_index_fields(node) -> tuple:
    """``(indices, self_sym_sizes)`` of an ``IndexBackward0`` as PyTorch saves them: ember records
    one node for ``basic`` (the view) then ``adv``, PyTorch's ``index`` runs on the view, so its
    sizes are the view's; each dim the advanced part leaves alone is ``None`` (trailing ones
    dropped) and each index array a tensor (a bool mask as given)."""
    idx = node.index
    view_shape = np.broadcast_to(np.zeros((), dtype=bool), node.shape)[idx.basic].shape
    consumed = 0
    for k in idx.adv:
        if k is Ellipsis or k is None:
            continue
        consumed += k.ndim if getattr(k, "dtype", None) == np.bool_ else 1
    indices = []
    for k in idx.adv:
        if k is Ellipsis:
            indices.extend([None] * (len(view_shape) - consumed))
        elif k is None or isinstance(k, slice):
            indices.append(None)
        else:
            indices.append(_make(np.asarray(k)))
    while indices and indices[-1] is None:
        indices.pop()
    return tuple(indices), view_shape


def _applied_steps(nidx, shape: tuple, advanced: bool):
    """The one-op indices PyTorch's ``applySlicing`` applies in turn for the converted index ``nidx``
    (each for the partial result so far: ``select`` keeps the dim, a slice or ``None`` moves past it;
    a full slice is no op), then the advanced part on that view; None where at most one op is
    recorded (the index's one node is PyTorch's graph) or for indices this does not decompose."""
    if advanced:
        if not isinstance(nidx, _Idx) or _is_noop_index(nidx.basic, shape):
            return None
        basic = _applied_steps(nidx.basic, shape, False)
        return (basic or [nidx.basic]) + [_Idx((Ellipsis,), nidx.adv)]
    n_specified = 0
    for k in nidx:
        if k is not None and k is not Ellipsis:
            n_specified += 1
    steps, dim, in_dim = [], 0, 0
    for k in nidx:
        if k is Ellipsis:
            dim += len(shape) - n_specified
            in_dim += len(shape) - n_specified
        elif k is None:
            steps.append((slice(None),) * dim + (None,))
            dim += 1
        elif k.__class__ is int:
            steps.append((slice(None),) * dim + (k,))
            in_dim += 1
        elif k.__class__ is slice:
            if not _full_slice(k, shape[in_dim] if in_dim < len(shape) else 0):
                steps.append((slice(None),) * dim + (k,))
            dim += 1
            in_dim += 1
        else:
            return None
    return steps if len(steps) > 1 else None


class _IndexNode(Node):
    """Shared backward of every indexing node: scatter the gradient back."""

    # ``dim_arg``: ``(dim, index)`` or ``(dim, slice)`` as given to ``select``/``narrow``, where it differs
    # from what ``index`` (normalised there) shows (:func:`last_basic_op`)
    __slots__ = ("index", "shape", "advanced", "dim_arg")

    def backward(self, g):
        if not self.advanced and GRAD.enabled and g._rg:  # create_graph: PyTorch's chain of
            from ..autograd._backward_ops import basic_index_backward  # Select/SliceBackwardBackward0
            return basic_index_backward(g, self.shape, self.index, self.__class__ is SliceBackward0)
        return index_scatter(g, self.shape, self.index, self.advanced)


def _named(name):
    return type(name, (_IndexNode,), {"__slots__": ()})


SelectBackward0 = _named("SelectBackward0")
SliceBackward0 = _named("SliceBackward0")
UnsqueezeIndexBackward0 = _named("UnsqueezeBackward0")
AliasIndexBackward0 = _named("AliasBackward0")
IndexBackward0 = _named("IndexBackward0")
_BASIC = {"SelectBackward0": SelectBackward0, "SliceBackward0": SliceBackward0,
          "UnsqueezeBackward0": UnsqueezeIndexBackward0, "AliasBackward0": AliasIndexBackward0}


def _index_error(e: IndexError, shape) -> IndexError:
    msg = str(e)
    if "out of bounds for axis" in msg:
        parts = msg.split()
        idx = parts[1]
        axis = int(parts[-4])
        return IndexError(f"index {idx} is out of bounds for dimension {axis} with size {shape[axis] if axis < len(shape) else 0}")
    if "too many indices" in msg:
        return IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if "boolean index did not match" in msg:
        return IndexError(msg.replace("array", "tensor").replace("axis", "dimension"))
    if "single ellipsis" in msg:
        return IndexError("an index can only have a single ellipsis ('...')")
    return e


def _zero_dim_index_error(idx) -> IndexError:
    """PyTorch's ``applySelect``/``applySlice`` on a 0-d tensor (``x[i]``, ``x[i] = v``, ``x[a:b]``): index 0
    has its own hint, any other int is out of bounds of a size-0 dim."""
    if idx.__class__ is slice:
        return IndexError("slice() cannot be applied to a 0-dim tensor.")
    if idx == 0:
        return IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in "
                          "C++ to convert a 0-dim tensor to a number")
    return IndexError(f"index {int(idx)} is out of bounds for dimension 0 with size 0")


def getitem(x: Tensor, idx) -> Tensor:
    """``x[idx]``."""
    if x._data.ndim == 0 and (idx.__class__ is int or idx.__class__ is slice or isinstance(idx, np.integer)):
        raise _zero_dim_index_error(idx)
    try:
        nidx, advanced = _convert_index(idx)
    except _SeveralEllipses:
        nidx, advanced = _convert_index(_merge_ellipses(idx, x._data.ndim))
    if GRAD.enabled and x._rg and (advanced or len(nidx) > 1):  # several ops: PyTorch records a node per op
        steps = _applied_steps(nidx, x._data.shape, advanced)
        if steps is not None:
            out = x
            for step in steps:
                out = _index_once(out, step, step.__class__ is _Idx, False)
            return out
    return _index_once(x, nidx, advanced, not isinstance(idx, tuple))


def _index_once(x: Tensor, nidx, advanced: bool, single: bool) -> Tensor:
    """``x[nidx]`` for a converted index (:func:`_convert_index`), recorded as one node; ``single``: the
    index was one item, not a tuple (``x[1:]`` records a slice even when it takes everything)."""
    d = x._data
    if d.__class__ is not _ndarray and isinstance(d, np.generic):
        d = x._materialize()
    rg = GRAD.enabled and x._rg
    if advanced:
        data = _np_get(d, nidx)
        if data.ndim > 1 and data.__class__ is _ndarray and isinstance(nidx, _Idx):
            data = _index_layout(_basic_view(d, nidx.basic), nidx.adv, data)
        node = None
        if rg:
            node = IndexBackward0((x,))
            node.index, node.shape, node.advanced = nidx, d.shape, True
            node._saved = KEPT_IN_SLOTS  # (``grad_fn._saved_indices`` is freed after backward)
        return finish(data, node)
    if d.__class__ is not _ndarray:  # CuPy
        data = d[nidx]
    else:
        data = _basic_view(d, nidx)
    node = None
    if rg:
        node = _BASIC[_basic_name(nidx, d.shape, single)]((x,))
        node.index, node.shape, node.advanced = nidx, d.shape, False
    return make_view(x, data, node, lambda b, i=nidx: getitem(b, i))


class IndexScatterBackward(Node):
    """Backward of ``index_scatter`` (used by double backward): gather again."""

    __slots__ = ("index",)

    def backward(self, g):
        return getitem(g, self.index)


class IndexPutImplBackward0(Node):
    """``zeros._index_put_impl_(indices, grad, accumulate=True)`` (PyTorch's ``index_backward``): edges
    ``(self, values)``, ``self`` (the zeros) needing none."""

    __slots__ = ("index",)

    def backward(self, g):
        return None, getitem(g, self.index)


def index_scatter(g: Tensor, shape, index, advanced: bool) -> Tensor:
    """Zeros of ``shape`` with ``g`` added at ``index`` (duplicates accumulate)."""
    gd = g._data
    out = big_zeros(shape, gd.dtype, "index_scatter") if gd.__class__ is np.ndarray else np.zeros(shape, gd.dtype)
    if advanced:
        _np_add_at(out, index, gd)
    else:
        _np_set(out, index, gd)
    node = None
    if GRAD.enabled and g._rg:
        node = IndexPutImplBackward0((None, g)) if advanced else IndexScatterBackward((g,))
        node.index = index
    return finish(out if out.ndim else out[()], node)


# ----------------------------------------------------------------- setitem
class IndexPutBackward0(Node):
    __slots__ = ("index", "accumulate")

    def backward(self, g):
        e = self._edges
        gx = gv = None
        if e[0] is not None:
            if self.accumulate:
                gx = g
            else:
                mask = np.ones(g._data.shape, dtype=g._data.dtype)
                _np_set(mask, self.index, 0)
                gx = g * _make(mask)
        if e[1] is not None:
            gv = getitem(g, self.index)
        return gx, gv


def _legacy_name(d) -> str:
    from .._tensor import _LEGACY_NAMES
    return "torch." + _LEGACY_NAMES.get(D.from_numpy_dtype(d.dtype).name, "Tensor")


_CPP_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "int64_t", "int32": "int",
             "int16": "int16_t", "int8": "int8_t", "uint8": "uint8_t", "bool": "bool"}


_I64 = 1 << 63
_F32_MAX = float(np.finfo(np.float32).max)


def _check_setitem_scalar(value, dt) -> None:
    """PyTorch's conversion of a Python number for ``x[i] = value``: an int outside int64 fails to unpack
    (``ValueError``); a float is ``checked_convert``-ed for an integer or float32 tensor (NaN, infinities and
    out-of-range values fail; a float16 one just overflows to inf)."""
    c = value.__class__
    if c is int:
        if not -_I64 <= value < _I64:
            raise ValueError("Overflow when unpacking long long")
    elif c is float and (dt.kind in "iu" or dt == np.float32):
        from .pointwise import _check_fill_value
        _check_fill_value(value, dt)


def _value_tensor(x: Tensor, value) -> Tensor:
    """``value`` of ``x[idx] = value`` as a tensor of ``x``'s dtype (scalars) or as is (tensors)."""
    if isinstance(value, Tensor):
        return value
    dt = x._data.dtype
    _check_setitem_scalar(value, dt)
    if isinstance(value, (bool, int, float, complex, np.generic)) and not isinstance(value, np.ndarray):
        if isinstance(value, (complex, np.complexfloating)) and dt.kind != "c":
            raise RuntimeError(f"value cannot be converted to type {_CPP_TYPE.get(D.from_numpy_dtype(dt).name, 'float')}"
                               " without overflow")
        if value.__class__ is int and dt.kind in "iu":
            return _make(_wrapped_int(value, dt))
        return _make(np.asarray(value).astype(dt))
    raise TypeError(f"can't assign a {_type_desc(value)} to a {_legacy_name(x._data)}")


def _type_desc(v) -> str:
    t = type(v)
    if t.__module__ in ("builtins",):
        return t.__name__
    return f"{t.__module__.split('.')[0]}.{t.__name__}"


def _strip_leading_ones(shape: tuple, nd: int) -> tuple:
    shape = tuple(shape)
    while len(shape) > nd and shape and shape[0] == 1:
        shape = shape[1:]
    return shape


def _check_value_basic(vshape: tuple, target: tuple) -> tuple:
    """PyTorch's ``copy_to`` checks for ``x[basic] = v``: strip leading 1s, then ``expand`` rules."""
    vs = _strip_leading_ones(vshape, len(target))
    if vs == tuple(target):
        return vs
    if len(vs) <= len(target) and all(a == 1 or a == b for a, b in zip(vs[::-1], tuple(target)[::-1])):
        return vs
    from .shape import expand
    expand(_make(np.broadcast_to(np.zeros((), np.float32), vs)), tuple(target))
    return vs


def _check_value_adv(vshape: tuple, target: tuple) -> tuple:
    vs = _strip_leading_ones(vshape, len(target))
    try:
        if np.broadcast_shapes(vs, tuple(target)) == tuple(target):
            return vs
    except ValueError:
        pass
    raise RuntimeError(
        f"shape mismatch: value tensor of shape {list(vs)} cannot be broadcast to indexing result of shape "
        f"{list(target)}")


def _check_put_dtypes(x: Tensor, values) -> None:
    """``index_put``/``index_put_`` (unlike ``x[i] = v``) need a tensor value of ``x``'s own dtype."""
    if isinstance(values, Tensor) and values._data.dtype != x._data.dtype:
        from .inplace import _type_word
        raise RuntimeError("Index put requires the source and destination dtypes match, got "
                           f"{_type_word(x._data.dtype)} for the destination and "
                           f"{_type_word(values._data.dtype)} for the source.")


def _dispatches_to_masked_fill(nidx: "_Idx", value: Tensor) -> bool:
    """ATen's ``canDispatchToMaskedFill``: ``x[mask] = v`` with one bool mask as the only advanced index and a
    one-element value runs ``masked_fill_`` (which casts ``v``); any other advanced ``x[i] = v`` runs
    ``index_put_``, which needs ``v`` of ``x``'s dtype."""
    if np.size(value._data) != 1:
        return False
    arrays = [k for k in nidx.adv if isinstance(k, np.ndarray)]
    if any(isinstance(k, bool) for k in nidx.adv):  # (a bool scalar indexes with a long tensor)
        return False
    return len(arrays) == 1 and arrays[0].dtype == np.bool_


def _check_index_put_args(name: str, indices, values, accumulate) -> None:
    """PyTorch's parser errors for ``index_put``/``index_put_`` (``x[i] = v`` takes more and skips this), in
    its order: ``indices`` a tuple or list of tensors (no ints, lists or None), then ``values`` a tensor,
    ``accumulate`` a bool; no indices at all fails in ATen (an undefined tensor)."""
    ic = indices.__class__
    if ic is tuple or ic is list:
        for t in indices:
            if t.__class__ is not Tensor and not isinstance(t, Tensor):
                break
        else:
            if indices and isinstance(values, Tensor) and (accumulate is True or accumulate is False):
                return
    _raise_index_put_error(name, indices, values, accumulate)


def _raise_index_put_error(name: str, indices, values, accumulate) -> None:
    from ._argerrors import argument_type_error, missing_arguments_error, type_name, user_call_site
    params = ["indices", "values", "accumulate"]
    if indices is _UNSET or values is _UNSET:
        raise missing_arguments_error(name, ("indices", "values"), (indices is not _UNSET, values is not _UNSET))
    if not isinstance(indices, (tuple, list)):
        raise argument_type_error(name, params, "indices", "tuple of Tensors", indices)
    for k, t in enumerate(indices):
        if not isinstance(t, Tensor):  # (the method's ``indices`` is its argument 0, the function's 1)
            site = user_call_site(name)
            raise TypeError(f"expected Tensor as element {k} in argument {0 if site is None or site[0] else 1}, "
                            f"but got {type_name(t)}")
    if not isinstance(values, Tensor):
        raise argument_type_error(name, params, "values", "Tensor", values)
    if accumulate is not True and accumulate is not False:
        raise argument_type_error(name, params, "accumulate", "bool", accumulate)
    raise RuntimeError("sym_strides() called on an undefined Tensor")  # (no indices)


def _check_index_count(x: Tensor, indices) -> None:
    """ATen's ``_index_put_impl_``: no more indices than dims (a mask counts as one here)."""
    nd = np.ndim(x._data)
    if len(indices) > nd:
        raise IndexError(f"too many indices for tensor of dimension {nd} (got {len(indices)})")


_UNSET = object()


def index_put(input: Tensor, indices=_UNSET, values=_UNSET, accumulate: bool = False) -> Tensor:
    """``torch.index_put``: a copy of ``input`` with ``values`` written (or added) at ``indices``."""
    _check_index_put_args("index_put", indices, values, accumulate)
    _check_index_count(input, indices)
    _check_put_dtypes(input, values)
    return _index_put(input, indices, values, accumulate)


def _index_put(input: Tensor, index, value, accumulate: bool = False) -> Tensor:
    """``index_put`` without the dtype check (``x[i] = v`` casts ``v``)."""
    x = input  # PyTorch's keyword name
    if isinstance(index, _Idx):
        nidx = index
    else:
        if isinstance(index, list):
            index = tuple(index)
        nidx, adv = _convert_index(index)
        if not adv:
            nidx = _Idx(nidx, ())
    v = _value_tensor(x, value)
    d = x._materialize() if not isinstance(x._data, _ndarray) else x._data
    tgt = _np_get(d, nidx).shape
    vs = _check_value_adv(np.shape(v._data), tgt)
    data = d.copy(order="K")  # (ATen: ``self.clone(at::MemoryFormat::Preserve).index_put_(...)``)
    vd = v._data
    if hasattr(vd, "astype") and vd.dtype != d.dtype:
        vd = vd.astype(d.dtype)
    vd = np.reshape(vd, vs)
    if accumulate:
        _np_add_at(data, nidx, np.broadcast_to(vd, tgt))
    else:
        _np_set(data, nidx, vd)
    node = None
    if GRAD.enabled and (x._rg or v._rg):
        node = IndexPutBackward0((x, v))
        node.index, node.accumulate = nidx, accumulate
    return finish(data if data.ndim else data[()], node)


def _is_noop_index(nidx: tuple, shape) -> bool:
    """True when a basic index selects the whole tensor unchanged (``...``, ``:``)."""
    dim = 0
    n_spec = sum(1 for k in nidx if k is not None and k is not Ellipsis)
    for k in nidx:
        if k is Ellipsis:
            dim += len(shape) - n_spec
        elif k is None or k.__class__ is int:
            return False
        elif isinstance(k, slice):
            if not _full_slice(k, shape[dim] if dim < len(shape) else 0):
                return False
            dim += 1
    return True


def _simple_basic(idx) -> bool:
    """An int / step-less slice, or a tuple of them: NumPy's assignment semantics equal PyTorch's."""
    c = idx.__class__
    if c is int:
        return True
    if c is slice:
        return idx.step is None
    if c is tuple:
        for k in idx:
            kc = k.__class__
            if not (kc is int or (kc is slice and k.step is None)):
                return False
        return True
    return False


def _wrapped_int(value: int, dtype):
    """A Python int NumPy refuses for ``dtype``: PyTorch's checked conversion (``uint8`` takes
    -255..255, wrapping negatives; other out-of-range values raise), then a C cast."""
    from .. import _dtype as D
    from .pointwise import _check_scalar_fits
    _check_scalar_fits(value, D.from_numpy_dtype(dtype))
    return np.array(value, dtype=np.int64).astype(dtype)


def setitem(x: Tensor, idx, value) -> None:
    """``x[idx] = value``: in place, recorded like PyTorch (``CopySlices`` / ``IndexPutBackward0``)."""
    d = x._data
    if d.ndim == 0 and (idx.__class__ is int or idx.__class__ is slice or isinstance(idx, np.integer)):
        raise _zero_dim_index_error(idx)
    if (value.__class__ in (int, float, bool) and d.__class__ is _ndarray and not (GRAD.enabled and x._rg)
            and _simple_basic(idx)):  # fast path: scalar into a basic index, nothing recorded
        if GRAD.enabled and x._base is not None and x._base._rg:
            from .shape import check_view_rebase
            check_view_rebase(x)
        check_inplace_allowed(x)
        vc = value.__class__  # (the uncommon values NumPy would convert silently: PyTorch's checks; literal
        if vc is float:  # bounds: float32's max and int64's range, NaN failing the range too)
            if d.dtype.kind in "iu" or not -3.4028234663852886e+38 <= value <= 3.4028234663852886e+38:
                _check_setitem_scalar(value, d.dtype)
        elif vc is int and not -9223372036854775808 <= value <= 9223372036854775807:
            _check_setitem_scalar(value, d.dtype)
        try:
            d[idx] = value
        except IndexError as e:
            raise _index_error(e, d.shape) from None
        except OverflowError:
            d[idx] = _wrapped_int(value, d.dtype)
        except ValueError:  # a read-only (expanded) array: PyTorch's overlap error when it applies
            target = _expanded_write_target(d)
            if target is None:
                raise
            from .inplace import _check_no_internal_overlap
            _check_no_internal_overlap(d[idx])
            target[idx] = value  # (an expanded tensor: PyTorch writes its shared memory)
        x._bump_version()
        return
    try:
        out, advanced = _parse(idx, 3)
    except _SeveralEllipses:
        out, advanced = _parse(_merge_ellipses(idx, d.ndim), 3)
    if advanced and not isinstance(out, _Idx) and not any(isinstance(k, np.ndarray) for k in out):
        # only bool scalars: ``x[True] = v`` is a view (unsqueeze) in PyTorch's setitem; ``x[False] = v`` is a no-op
        if any(k is False for k in out):
            _value_tensor(x, value)
            return
        out, advanced = [None if k is True else k for k in out], False
    nidx = (out if isinstance(out, _Idx) else _split(out)) if advanced else tuple(out)
    v = _value_tensor(x, value)
    d = x._materialize()
    if advanced:
        target = _np_get(d, nidx).shape
        vs = _check_value_adv(np.shape(v._data), target)
        if v._data.dtype != d.dtype and not _dispatches_to_masked_fill(nidx, v):
            _check_put_dtypes(x, v)
    else:
        tview = _basic_view(d, nidx) if d.__class__ is _ndarray else d[nidx]
        target = tview.shape
        vs = _check_value_basic(np.shape(v._data), target)
    if not GRAD.enabled or not (x._rg or (v._rg and d.dtype.kind in "fc")):  # (an integer target records nothing)
        if GRAD.enabled and x._base is not None and x._base._rg:
            from .shape import check_view_rebase
            check_view_rebase(x)
        check_inplace_allowed(x)
        vd = v._data
        if hasattr(vd, "dtype") and vd.dtype != d.dtype:
            vd = np.asarray(vd).astype(d.dtype)
        elif (vd.__class__ is _ndarray and d.__class__ is _ndarray
              and (d if d.base is None else d.base) is (vd if vd.base is None else vd.base)):  # one buffer
            from .inplace import check_partial_overlap
            if not advanced:  # (``copy_``'s check)
                check_partial_overlap(tview, vd)
            elif isinstance(nidx, _Idx) and _is_noop_index(nidx.basic, d.shape):  # (``index_put_``'s)
                check_partial_overlap(d, vd, full=True)
        target = d if d.__class__ is not _ndarray or d.flags.writeable else _expanded_write_target(d)
        if target is not None and target is not d:
            _check_expanded_write(None if advanced else tview, advanced and _dispatches_to_masked_fill(nidx, v))
            d = target
        _np_set(d, nidx, np.reshape(vd, vs))
        x._bump_version()
        return
    if advanced:
        if v._data.shape != vs:
            v = v.reshape(vs)
        basic = nidx.basic
        if _is_noop_index(basic, d.shape):
            apply_inplace(x, _index_put, _Idx(basic, nidx.adv), v)
            return
        view = getitem(x, basic)
        apply_inplace(view, _index_put, _Idx((Ellipsis,), nidx.adv), v)
        _regenerate_view(x)
        return
    if _is_noop_index(nidx, d.shape):
        _copy_to(x, v, tuple(target))
        return
    _copy_to(getitem(x, nidx), v, tuple(target))
    _regenerate_view(x)


def _expanded_write_target(d: np.ndarray):
    """A writable alias of a read-only array that views writable memory (an expanded tensor: NumPy makes
    ``broadcast_to`` results read-only, PyTorch writes them), else None."""
    root = d
    while isinstance(root.base, _ndarray):
        root = root.base
    if root is d or not root.flags.writeable:
        return None
    from .._dlpack import _writable_alias
    return _writable_alias(d)


def _check_expanded_write(view, masked_fill: bool = False) -> None:
    """``x[i] = v`` on an expanded tensor: a basic index is a ``copy_`` into the view (ATen refuses a view
    whose elements share memory); an advanced one is ``index_put_`` (or ``masked_fill_``), which only warns."""
    if view is not None:
        from .inplace import _check_no_internal_overlap
        _check_no_internal_overlap(view)
        return
    from .._hints import _user_stacklevel
    if masked_fill:
        msg = ("Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing "
               "this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar (Triggered "
               "internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:2450.)")
    else:
        msg = ("Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing "
               "this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor (Triggered "
               "internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:976.)")
    warnings.warn(msg, UserWarning, stacklevel=_user_stacklevel())


def _regenerate_view(x: Tensor) -> None:
    """After ``x[idx] = v`` wrote through a view of ``x``: where ``x`` is itself a view, PyTorch hands
    out its grad_fn regenerated over the base's new ``CopySlices`` (``AsStridedBackward0``), as for
    a view modified in place directly."""
    ext, base = x._ext, x._base
    if base is None or not ext or "view_fn" not in ext or not base._rg:
        return
    from .shape import regenerated_grad_fn
    x.grad_fn = regenerated_grad_fn(ext["view_fn"](base).grad_fn)
    x._rg = True


def _copy_to(dst: Tensor, src: Tensor, shape: tuple) -> None:
    """PyTorch's ``copy_to`` for ``x[basic index] = tensor`` (``dst`` the indexed view, ``shape`` its
    shape), whose steps the recorded graph shows: the same shape is a ``copy_``; a 0-d value a
    ``fill_``; otherwise the value is viewed without its leading 1s (``ViewBackward0``) and expanded
    to the target (``ExpandBackward0``) before the ``copy_``."""
    sshape = tuple(src._data.shape)
    if sshape == shape:
        copy_(dst, src)
        return
    if not sshape:
        from .inplace import fill_
        fill_(dst, src)
        return
    k = 0
    while k < len(sshape) and sshape[k] == 1:
        k += 1
    src = src.view(sshape[k:])
    if sshape[k:] != shape:
        src = src.expand(shape)
    copy_(dst, src)


def index_put_(input: Tensor, indices=_UNSET, values=_UNSET, accumulate: bool = False) -> Tensor:
    x = input  # PyTorch's keyword name
    _check_index_put_args("index_put_", indices, values, accumulate)
    _check_index_count(x, indices)
    _check_put_dtypes(x, values)
    idx = tuple(indices)
    nidx, adv = _convert_index(idx)
    if not adv:
        nidx = _Idx(nidx, ())
    return apply_inplace(x, _index_put, nidx, values, accumulate)


def nonzero(input: Tensor, *, out=None, as_tuple: bool = False):
    """``torch.nonzero``: indices of non-zero elements (int64)."""
    x = input  # PyTorch's keyword name
    d = x._data
    if out is not None:
        if as_tuple:
            raise RuntimeError("nonzero does not support the out kwarg when as_tuple is True")
        if isinstance(out, Tensor) and out._data.dtype != np.int64:
            from .inplace import _type_word
            raise RuntimeError("nonzero: Expected out tensor to have scalar type Long but got scalar type"
                               + _type_word(out._data.dtype))
        from ._common import write_out
        return write_out(out, nonzero(x), "nonzero")
    if as_tuple:
        nz = np.nonzero(np.atleast_1d(d))
        if d.ndim == 0:
            return (_make(nz[0].astype(np.int64)),)
        return tuple(_make(a.astype(np.int64)) for a in nz)
    if d.ndim == 0:
        return _make(np.zeros((1 if d else 0, 0), np.int64))
    nz = np.nonzero(d)
    # PyTorch fills a (ndim, n) buffer and returns its transpose: strides (1, n)
    return _make(np.stack(nz, axis=0).astype(np.int64, copy=False).T)


def argwhere(input: Tensor) -> Tensor:
    x = input  # PyTorch's keyword name
    return nonzero(x)


class MaskedSelectBackward0(Node):
    __slots__ = ("mask", "shape")

    def backward(self, g):
        full = np.zeros(self.shape, dtype=g._data.dtype)
        if not self.shape:  # a 0-d input: scatter into one element (NumPy cannot index a 0-d array by a 0-d mask)
            return _index_put(_make(full.reshape(1)), (self.mask.reshape(1),), g).reshape(())
        out = _index_put(_make(full), (self.mask,), g)
        return out


def masked_select(input: Tensor, mask: Tensor, *, out=None) -> Tensor:
    """``torch.masked_select``: the elements where ``mask`` (broadcast) is True, as a 1-D tensor."""
    x = input  # PyTorch's keyword name
    if out is not None:
        if isinstance(out, Tensor) and isinstance(x, Tensor) and out._data.dtype != x._data.dtype:
            raise RuntimeError("masked_select(): self and result must have the same scalar type")
        from ._common import check_out_overlap, write_out
        check_out_overlap(out, (x, mask))  # (ATen's order: the dtypes, then the memory, then the shapes)
        return write_out(out, masked_select(x, mask), "masked_select")
    if not isinstance(mask, Tensor) or mask._data.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    try:
        xd, md = np.broadcast_arrays(x._materialize(), mask._materialize())
    except ValueError:
        from ._common import broadcast_error
        raise broadcast_error(mask._data.shape, x._data.shape) from None  # ATen: expand_outplace(mask, self)
    data = xd[md]
    node = None
    if GRAD.enabled and x._rg:
        node = MaskedSelectBackward0((x,))
        node.mask, node.shape = np.ascontiguousarray(md), xd.shape
    return finish(data, node)
