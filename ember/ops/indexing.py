"""Indexing: ``x[idx]`` and ``x[idx] = v`` with PyTorch semantics and names.

Basic indexing (ints, slices with steps, ``None``, ``...``) returns a view and
records the node PyTorch records for the *last* step it applies
(``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``, or
``AliasBackward0`` for ``x[...]``).  Advanced indexing (integer lists or
tensors, boolean masks) copies and records ``IndexBackward0``; its backward
scatter-adds, so repeated indices accumulate.
"""
from __future__ import annotations

import numpy as np

from ._common import GRAD, Node, Tensor, _make, finish
from .shape import make_view
from .inplace import apply_inplace, check_inplace_allowed, copy_

_ndarray = np.ndarray


def _convert_index(idx):
    """Turn an index (possibly with tensors/lists) into a NumPy index tuple."""
    if not isinstance(idx, tuple):
        idx = (idx,)
    out = []
    advanced = False
    for k in idx:
        if isinstance(k, Tensor):
            a = k._data
            if a.ndim == 0 and a.dtype.kind in "iu":
                out.append(int(a))
                continue
            if a.dtype.kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            out.append(np.asarray(a))
            advanced = True
        elif isinstance(k, (list,)) or (isinstance(k, tuple)):
            arr = np.asarray([int(v) if isinstance(v, Tensor) else v for v in k])
            if arr.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if arr.size == 0:
                arr = arr.astype(np.int64)
            out.append(arr)
            advanced = True
        elif isinstance(k, np.ndarray):
            out.append(k)
            advanced = True
        elif isinstance(k, bool):
            out.append(k)
            advanced = True
        elif isinstance(k, (int, np.integer)):
            out.append(int(k))
        elif k is None or k is Ellipsis or isinstance(k, slice):
            if isinstance(k, slice):
                k = slice(*(int(v) if isinstance(v, Tensor) else v for v in (k.start, k.stop, k.step)))
                if k.step is not None and k.step <= 0:
                    raise ValueError("step must be greater than zero")
            out.append(k)
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices "
                f"(got {type(k).__name__})"
            )
    return tuple(out), advanced


def _basic_name(idx, shape) -> str:
    """Name of the node PyTorch records for a basic index."""
    name = "AliasBackward0"
    dim = 0
    n_specified = sum(1 for k in idx if k is not None and k is not Ellipsis)
    for k in idx:
        if k is Ellipsis:
            dim += len(shape) - n_specified
        elif k is None:
            name = "UnsqueezeBackward0"
            dim += 1
        elif isinstance(k, int):
            name = "SelectBackward0"
        elif isinstance(k, slice):
            name = "SliceBackward0"
            dim += 1
    return name


class _IndexNode(Node):
    """Shared backward of every indexing node: scatter the gradient back."""

    __slots__ = ("index", "shape", "advanced")

    def backward(self, g):
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
    return e


def getitem(x: Tensor, idx) -> Tensor:
    """``x[idx]``."""
    nidx, advanced = _convert_index(idx)
    d = x._data
    if d.__class__ is not _ndarray and isinstance(d, np.generic):
        d = x._materialize()
    try:
        data = d[nidx]
    except IndexError as e:
        raise _index_error(e, d.shape) from None
    node = None
    rg = GRAD.enabled and x._rg
    if advanced:
        if rg:
            node = IndexBackward0((x,))
            node.index, node.shape, node.advanced = nidx, d.shape, True
        return finish(data, node)
    if rg:
        node = _BASIC[_basic_name(nidx, d.shape)]((x,))
        node.index, node.shape, node.advanced = nidx, d.shape, False
    if data.__class__ is not _ndarray:  # a single element
        data = d[nidx + (Ellipsis,)] if isinstance(d, _ndarray) else data
    return make_view(x, data, node, lambda b, i=idx: b[i])


class IndexScatterBackward(Node):
    """Backward of ``index_scatter`` (used by double backward): gather again."""

    __slots__ = ("index",)

    def backward(self, g):
        return getitem(g, self.index if not isinstance(self.index, tuple) or len(self.index) != 1 else self.index)


def index_scatter(g: Tensor, shape, index, advanced: bool) -> Tensor:
    """Zeros of ``shape`` with ``g`` added at ``index`` (duplicates accumulate)."""
    gd = g._data
    out = np.zeros(shape, dtype=gd.dtype)
    if advanced:
        np.add.at(out, index, gd)
    else:
        out[index] = gd
    node = None
    if GRAD.enabled and g._rg:
        node = IndexScatterBackward((g,))
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
                mask[self.index] = 0
                gx = g * _make(mask)
        if e[1] is not None:
            gv = getitem(g, self.index)
        return gx, gv


def index_put(x: Tensor, index, value, accumulate: bool = False) -> Tensor:
    """Out-of-place ``index_put``: a copy of ``x`` with ``value`` written at ``index``."""
    nidx, _ = _convert_index(index) if not isinstance(index, tuple) or not all(isinstance(i, np.ndarray) for i in index) else (index, True)
    v = value if isinstance(value, Tensor) else _make(np.asarray(value, dtype=x._data.dtype))
    d = x._materialize() if not isinstance(x._data, _ndarray) else x._data
    data = d.copy()
    vd = v._data.astype(d.dtype, copy=False) if hasattr(v._data, "astype") else v._data
    try:
        if accumulate:
            np.add.at(data, nidx, vd)
        else:
            data[nidx] = vd
    except IndexError as e:
        raise _index_error(e, d.shape) from None
    except ValueError:
        tgt = d[nidx].shape
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(np.shape(vd))} cannot be broadcast to indexing result of "
            f"shape {list(tgt)}"
        ) from None
    node = None
    if GRAD.enabled and (x._rg or v._rg):
        node = IndexPutBackward0((x, v))
        node.index, node.accumulate = nidx, accumulate
    return finish(data if data.ndim else data[()], node)


def setitem(x: Tensor, idx, value) -> None:
    """``x[idx] = value``: in place, recorded like PyTorch (``CopySlices`` / ``IndexPutBackward0``)."""
    nidx, advanced = _convert_index(idx)
    v_rg = isinstance(value, Tensor) and value._rg
    if not GRAD.enabled or not (x._rg or v_rg):
        check_inplace_allowed(x)
        d = x._materialize()
        vd = value._data if isinstance(value, Tensor) else value
        try:
            d[nidx] = vd
        except IndexError as e:
            raise _index_error(e, d.shape) from None
        except ValueError:
            raise RuntimeError(
                f"shape mismatch: value tensor of shape {list(np.shape(vd))} cannot be broadcast to indexing result of "
                f"shape {list(d[nidx].shape)}"
            ) from None
        x._bump_version()
        return
    x._materialize()
    if advanced:
        apply_inplace(x, index_put, nidx, value)
        return
    view = getitem(x, idx)
    if view._base is None:
        view._base = x
    src = value if isinstance(value, Tensor) else _make(np.asarray(value, dtype=x._data.dtype))
    copy_(view, src)


def index_put_(x: Tensor, indices, values, accumulate: bool = False) -> Tensor:
    idx = tuple(indices)
    return apply_inplace(x, index_put, _convert_index(idx)[0], values, accumulate)


def nonzero(x: Tensor, *, as_tuple: bool = False):
    """``torch.nonzero``: indices of non-zero elements (int64)."""
    nz = np.nonzero(np.atleast_1d(x._data) if x._data.ndim == 0 else x._data)
    if as_tuple:
        return tuple(_make(a.astype(np.int64)) for a in nz)
    return _make(np.stack(nz, axis=1).astype(np.int64) if nz else np.zeros((0, 0), np.int64))


def argwhere(x: Tensor) -> Tensor:
    return nonzero(x)


class MaskedSelectBackward0(Node):
    __slots__ = ("mask", "shape")

    def backward(self, g):
        full = np.zeros(self.shape, dtype=g._data.dtype)
        out = index_put(_make(full), (self.mask,), g)
        return out


def masked_select(x: Tensor, mask: Tensor) -> Tensor:
    xd, md = np.broadcast_arrays(x._data, mask._data)
    data = xd[md]
    node = None
    if GRAD.enabled and x._rg:
        node = MaskedSelectBackward0((x,))
        node.mask, node.shape = md, xd.shape
    return finish(data, node)
