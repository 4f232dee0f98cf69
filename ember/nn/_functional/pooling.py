"""Pooling: max/avg pooling (1-D, 2-D), adaptive avg/max pooling (1-D, 2-D).

Windows are read as strided slices of a padded copy, one slice per kernel
offset (``kh*kw`` NumPy passes over output-sized arrays, no Python loops over
pixels).  Max pooling records, per output, which kernel offset won (first
maximum, last NaN, as PyTorch's CPU kernel), so its backward accumulates the
gradient one kernel offset at a time.  Every backward is a linear map
recorded with ``linear_op`` and is therefore itself differentiable.

1-D variants run the 2-D kernel on ``unsqueeze(-2)`` and squeeze the result,
exactly as PyTorch does (their grad_fn is ``SqueezeBackward1``).
"""
from __future__ import annotations

import numpy as np

from ...backend.scratch import big_empty, big_zeros, scratch
from ...ops._common import GRAD, Node, Tensor, _make, finish
from ...autograd import graph as _graph
from ...autograd.graph import FUSION
from ...ops.pointwise import _INT_OF_SIZE, ReluBackward0
from ._util import linear_node, linear_op, not_tensor

__all__ = ["max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
           "adaptive_max_pool1d", "adaptive_max_pool2d", "max_pool1d_with_indices", "max_pool2d_with_indices",
           "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices", "lp_pool1d", "lp_pool2d",
           "max_unpool1d", "max_unpool2d"]

MaxPool2DWithIndicesBackwardBackward0 = linear_node("MaxPool2DWithIndicesBackwardBackward0")
AvgPool2DBackward0 = linear_node("AvgPool2DBackward0")
AvgPool2DBackwardBackward0 = linear_node("AvgPool2DBackwardBackward0")
AdaptiveAvgPool2DBackward0 = linear_node("AdaptiveAvgPool2DBackward0")
AdaptiveAvgPool2DBackwardBackward0 = linear_node("AdaptiveAvgPool2DBackwardBackward0")
AdaptiveMaxPool2DBackward0 = linear_node("AdaptiveMaxPool2DBackward0")
AdaptiveMaxPool2DBackwardBackward0 = linear_node("AdaptiveMaxPool2DBackwardBackward0")
GatherBackward0 = linear_node("GatherBackward0")


def _fmt(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


_POOL_ARG_POSITION = {"kernel_size": 2, "stride": 3, "padding": 4, "dilation": 5}


def _check_pool_ints(v, name: str, fname: str) -> None:
    """PyTorch's parser error for a pooling size that is not an int or a sequence of ints (``F.max_pool2d(x,
    2.0)``): the functional passes its arguments positionally, so the message names the position."""
    from ...ops.shape import _not_int, int_seq_error
    from ...ops._argerrors import type_name
    where = f" (position {_POOL_ARG_POSITION.get(name, 2)})"
    if not isinstance(v, (list, tuple)):
        if _not_int(v):
            raise TypeError(f"{fname}(): argument '{name}'{where} must be tuple of ints, not {type_name(v)}")
    elif any(_not_int(e) for e in v):
        raise int_seq_error(fname, name, v, where)


def _pair(v, name: str, fname: str, allow_empty: bool = False):
    if isinstance(v, Tensor):
        v = v.tolist()
    if v.__class__ is not int:
        _check_pool_ints(v, name, fname)
    if isinstance(v, (list, tuple)):
        if len(v) == 1:
            return (int(v[0]),) * 2
        if len(v) == 2:
            return (int(v[0]), int(v[1]))
        if allow_empty and len(v) == 0:
            return None
        if name == "stride":
            raise RuntimeError(f"{fname}: stride must either be omitted, a single int, or a tuple of two ints")
        raise RuntimeError(f"{fname}: {name} must either be a single int, or a tuple of two ints")
    return (int(v), int(v))


def _out_size(n: int, k: int, p: int, s: int, d: int, ceil: bool) -> int:
    num = n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)
    o = num // s + 1
    if ceil and (o - 1) * s >= n + p:
        o -= 1
    return o


class _PoolGeo:
    """Window geometry of a 2-D pooling (``in``/``out`` are (H, W))."""

    __slots__ = ("k", "s", "p", "d", "in_sz", "out_sz", "padded")

    def __init__(self, k, s, p, d, in_sz, out_sz):
        self.k, self.s, self.p, self.d = k, s, p, d
        self.in_sz, self.out_sz = in_sz, out_sz
        # big enough for every window, ceil_mode's partial windows included
        self.padded = tuple(max(i + 2 * pp, (o - 1) * ss + dd * (kk - 1) + 1)
                            for i, pp, o, ss, dd, kk in zip(in_sz, p, out_sz, s, d, k))

    def slices(self):
        """(offset index, (slice_h, slice_w)) for every kernel offset, row-major."""
        (kh, kw), (sh, sw), (dh, dw), (oh, ow) = self.k, self.s, self.d, self.out_sz
        j = 0
        for a in range(kh):
            for b in range(kw):
                yield j, (slice(a * dh, a * dh + sh * (oh - 1) + 1, sh), slice(b * dw, b * dw + sw * (ow - 1) + 1, sw))
                j += 1

    def pad(self, x, fill):
        (ph, pw), (H, W) = self.p, self.in_sz
        if self.padded == (H, W):
            return x
        xp = np.full(x.shape[:-2] + self.padded, fill, dtype=x.dtype)
        xp[..., ph:ph + H, pw:pw + W] = x
        return xp

    def crop(self, xp):
        (ph, pw), (H, W) = self.p, self.in_sz
        if self.padded == (H, W):
            return xp
        return np.ascontiguousarray(xp[..., ph:ph + H, pw:pw + W])

    def tiles(self) -> bool:
        """Whether the windows cover the input exactly once (kernel = stride, no dilation or padding)."""
        return (self.k == self.s and self.d == (1, 1) and self.p == (0, 0)
                and all(o * k == i for o, k, i in zip(self.out_sz, self.k, self.in_sz)))

    def overlapping(self) -> bool:
        return any(s < d * (k - 1) + 1 for k, s, d in zip(self.k, self.s, self.d))

    def windows(self):
        """(offset index, index into a padded array) for every kernel offset, row-major."""
        for j, (sh, sw) in self.slices():
            yield j, (Ellipsis, sh, sw)

    def scatter(self, g, kidx, keep=None):
        """Adjoint of the per-offset gather: a zero-filled gradient with ``g`` added at each
        output's chosen offset (PyTorch's ``grad_input[index] += grad``).

        Windows that do not overlap write each position at most once: ``g``'s bits where the
        window chose it and +0.0 elsewhere, as ``g``'s bits times a 0/1 integer mask (exact for
        inf and NaN; a float multiply would leave -0.0 where ``g`` is negative).  ``g + 0``
        first turns a -0.0 gradient into +0.0, as PyTorch's ``0 + grad`` does.

        ``keep`` (int8 0/1 of ``g``'s shape; only where ``fusable``) is a ReLU mask applied to
        ``g``'s bits first: the result is then that ReLU's backward of the scatter, bit for bit.
        """
        shape = g.shape[:g.ndim - len(self.k)] + self.padded
        it = _INT_OF_SIZE.get(g.dtype.itemsize) if g.dtype.kind == "f" else None
        if it is not None and not self.overlapping():
            gp = (big_empty if self.tiles() else big_zeros)(shape, g.dtype, "pool.grad")
            bits = np.add(g, g.dtype.type(0), out=scratch(g.shape, g.dtype, "pool.bits")).view(it)
            if keep is not None:
                np.multiply(bits, keep, out=bits)
            chosen = scratch(kidx.shape, np.bool_, "pool.chosen")
            for j, index in self.windows():
                np.equal(kidx, j, out=chosen)
                np.multiply(bits, chosen.view(np.int8), out=gp[index].view(it))
            return self.crop(gp)
        # overlapping windows: PyTorch adds each output's gradient in turn, plane by plane, so a
        # position chosen by several windows sums them in output order (``add.at`` keeps it)
        lead = g.shape[:g.ndim - len(self.k)]
        planes, plane = int(np.prod(lead)), int(np.prod(self.in_sz))
        flat = self.flat_index(kidx).reshape(planes, -1) + (np.arange(planes, dtype=np.int64) * plane)[:, None]
        out = np.zeros(planes * plane, dtype=g.dtype)
        np.add.at(out, flat.reshape(-1), np.ascontiguousarray(g).reshape(-1))
        return out.reshape(lead + self.in_sz)

    def fusable(self, dtype) -> bool:
        """Whether ``scatter`` takes its integer-bits path for gradients of ``dtype`` (the path
        that can apply a ReLU mask on the way)."""
        return dtype.kind == "f" and dtype.itemsize in _INT_OF_SIZE and not self.overlapping()

    def flat_index(self, kidx):
        """Each output's chosen position as a flat index into its (unpadded) input plane."""
        return _flat_indices(kidx, self)

    def gather(self, gx, kidx):
        """``gx`` read at each output's chosen offset."""
        gp = self.pad(gx, 0)
        out = np.zeros(kidx.shape, dtype=gx.dtype)
        finite = gx.dtype.kind != "f" or bool(np.isfinite(gx).all())
        zero = gx.dtype.type(0)
        for j, (sh, sw) in self.slices():
            m = kidx == j
            out += gp[..., sh, sw] * m if finite else np.where(m, gp[..., sh, sw], zero)
        return out


def _refuse_dtype(x, kernel: str, floats_only: bool = True, long_ok: bool = False, ints_ok: bool = False) -> None:
    """The CPU dispatch error of a pooling kernel compiled for floating types (and, with
    ``long_ok``, int64; with ``ints_ok``, every integer type but bool)."""
    dt = x._data.dtype
    if dt.kind == "f":
        return
    if (long_ok and dt == np.int64) or (ints_ok and dt.kind in "iu"):
        return
    from .basic import _word
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{_word(x)}'")


def _pool_checks(x, k, s, p, d, ceil, fname):
    """PyTorch's checks, in its order (``max_pool2d_with_indices`` / ``avg_pool2d`` meta functions)."""
    if x.dim() not in (3, 4) and fname != "avg_pool2d":
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    H, W = x.shape[-2:]
    outs = []
    for n, kk, ss, pp, dd in zip((H, W), k, s, p, d):   # pooling_output_shape
        if ss == 0:
            raise RuntimeError("stride should not be zero")
        if pp < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {pp}")
        if pp > ((kk - 1) * dd + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={pp}, "
                               f"kernel_size={kk} and dilation={dd}")
        outs.append(_out_size(n, kk, pp, ss, dd, ceil))
    if k[0] <= 0 or k[1] <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {k[0]} kW: {k[1]}")
    if s[0] <= 0 or s[1] <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {s[0]} dW: {s[1]}")
    if d[0] <= 0 or d[1] <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {d[0]} dilationW: {d[1]}")
    if any(v == 0 for v in x.shape[-3:]) or x.dim() not in (3, 4):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{_fmt(x.shape)}")
    oh, ow = outs
    if oh < 1 or ow < 1:
        C = x.shape[-3]
        raise RuntimeError(f"Given input size: ({C}x{H}x{W}). Calculated output size: ({C}x{oh}x{ow}). Output size "
                           "is too small")
    return _PoolGeo(k, s, p, d, (H, W), (oh, ow))


def _min_of(dt):
    if dt.kind == "f":
        return -np.inf
    if dt.kind == "b":
        return False
    return np.iinfo(dt).min


# ------------------------------------------------------------------ max pooling
def _nhwc_like(xd, out):
    """``out`` (rank 4) in channels-last (NHWC) strides when the input ``xd`` suggests that memory format:
    PyTorch's CPU pooling kernels give a channels-last input a channels-last output (and indices), and
    any other input a contiguous one."""
    if out.__class__ is not np.ndarray:
        return out
    from .conv import _strides_like_channels_last
    if out.ndim != 4 or xd.__class__ is not np.ndarray or not _strides_like_channels_last(xd):
        return out if out.flags.c_contiguous else np.ascontiguousarray(out)
    n, c, h, w = out.shape
    if out.strides == tuple(v * out.itemsize for v in (h * w * c, 1, w * c, c)):
        return out
    return out.transpose(0, 2, 3, 1).copy(order="C").transpose(0, 3, 1, 2)


def _max_forward(xd, geo: _PoolGeo, want_idx: bool):
    xp = geo.pad(xd, _min_of(xd.dtype))
    views = [xp[..., sh, sw] for _, (sh, sw) in geo.slices()]
    if not want_idx:
        out = views[0].copy() if len(views) == 1 else np.maximum(views[0], views[1])
        for v in views[2:]:
            np.maximum(out, v, out=out)
        return out, None
    # the first offset holding the maximum (PyTorch keeps the first of ties) ...
    # Offsets are folded in order: j wins where it beats the running maximum strictly, and as
    # j only grows, max(kidx, j * beat) records that without NumPy's (slow) masked copies.
    K = len(views)
    it = np.int8 if K < 128 else np.int32
    shape = views[0].shape
    out = big_empty(shape, xd.dtype, "maxpool.out")   # pooled: large fresh arrays page-fault
    np.copyto(out, views[0])
    kidx = big_zeros(shape, it, "maxpool.index")
    beat = scratch(shape, np.bool_, "maxpool.beat")
    cand = scratch(shape, it, "maxpool.cand")
    strided = views[0].ndim and views[0].strides[-1] != xd.itemsize
    plane = scratch(shape, xd.dtype, "maxpool.plane") if strided else None
    for j in range(1, K):
        v = views[j]
        if plane is not None:  # strided windows: read each once into a contiguous plane (20-27% faster)
            np.copyto(plane, v)
            v = plane
        np.greater(v, out, out=beat)
        np.multiply(beat, it(j), out=cand)
        np.maximum(kidx, cand, out=kidx)
        np.maximum(out, v, out=out)
    if out.dtype.kind == "f":
        # ... except NaN: PyTorch's `val > max || isnan(val)` keeps the last NaN
        if np.isnan(out, out=beat).any():
            for j, v in enumerate(views):
                np.copyto(kidx, j, where=np.isnan(v))
        # windows that only saw -inf: the first valid position wins
        if geo.padded != geo.in_sz:
            allneg = out == -np.inf
            if allneg.any():
                kidx = np.where(allneg, _first_valid(geo), kidx).astype(kidx.dtype)
    return out, kidx


def _first_valid(geo: _PoolGeo):
    (_, kw), (sh, sw), (ph, pw), (dh, dw), (oh, ow) = geo.k, geo.s, geo.p, geo.d, geo.out_sz
    hs = np.arange(oh) * sh - ph
    ws = np.arange(ow) * sw - pw
    a = np.where(hs < 0, -(hs // dh), 0)   # ceil(-hs / dh)
    b = np.where(ws < 0, -(ws // dw), 0)
    return (a[:, None] * kw + b[None, :]).astype(np.int32)


def _flat_indices(kidx, geo: _PoolGeo):
    (_, kw), (sh, sw), (ph, pw), (dh, dw), (oh, ow) = geo.k, geo.s, geo.p, geo.d, geo.out_sz
    W = geo.in_sz[1]
    base = (np.arange(oh, dtype=np.int64) * sh - ph)[:, None] * W + (np.arange(ow, dtype=np.int64) * sw - pw)[None, :]
    return base + (kidx // kw).astype(np.int64) * (dh * W) + (kidx % kw).astype(np.int64) * dw


class _MaxPoolNode(Node):
    """Saved: (input, winning kernel offset of every output); any number of spatial dims (``geo``).

    Subclasses name the nodes of its own derivative: ``double_cls`` (its backward) and
    ``gather_cls`` (the backward of that).
    """

    __slots__ = ("geo",)
    double_cls = MaxPool2DWithIndicesBackwardBackward0
    gather_cls = GatherBackward0

    def backward(self, g):
        kidx = self.saved()[1]
        geo = self.geo
        return linear_op(g, lambda a: geo.scatter(a, kidx), lambda a: geo.gather(a, kidx),
                         self.double_cls, self.gather_cls)

    def vjp(self, g):
        x, kidx, keep = self.saved()
        fz = FUSION
        if (keep is not None and not fz.blocked and _graph._NODE_HOOK is None and self._hooks is None
                and g.shape == keep.shape and self.geo.fusable(g.dtype)):
            relu = x.grad_fn
            if relu.__class__ is ReluBackward0 and relu._pre_hooks is None and relu._hooks is None:
                # this pool's input is a ReLU's output and nothing can watch the gradient between
                # them: scatter the ReLU-masked gradient and let the ReLU pass it on (graph.FUSION)
                gx = self.geo.scatter(g, kidx, keep)
                fz.node, fz.grad = relu, gx
                return (gx,)
        return (self.geo.scatter(g, kidx),)


MaxPool2DWithIndicesBackward0 = type("MaxPool2DWithIndicesBackward0", (_MaxPoolNode,), {"__slots__": ()})


def _max_pool2d_impl(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices, fname="max_pool2d"):
    k = _pair(kernel_size, "kernel_size", fname)
    s = _pair(stride, "stride", fname, allow_empty=True) if stride is not None else None
    s = k if s is None else s
    p = _pair(padding, "padding", fname)
    d = _pair(dilation, "dilation", fname)
    geo = _pool_checks(x, k, s, p, d, ceil_mode, fname)
    _refuse_dtype(x, fname, ints_ok=True)
    need = GRAD.enabled and x._rg
    out, kidx = _max_forward(x._data, geo, need or return_indices)
    return _max_pool_result(x, out, kidx, geo, need, MaxPool2DWithIndicesBackward0,
                            _flat_indices if return_indices else None)


def _relu_keep(x, out, geo):
    """For a pool of a ReLU's output: ReLU's backward mask at the pooled positions (``out``'s values
    are that output at the winning positions), int8 0/1 as ``ReluBackward0`` keeps a gradient
    (``result <= 0 ? 0 : grad``, so NaN keeps it); else None.  See ``_MaxPoolNode.vjp``."""
    fn = x.grad_fn
    if fn.__class__ is not ReluBackward0 or geo.__class__ is not _PoolGeo or not geo.fusable(out.dtype):
        return None
    # the pooled values are ReLU outputs (>= +0, -0.0 or NaN): "not out <= 0" is "out != 0"
    return np.not_equal(out, 0, out=np.empty(out.shape, np.bool_)).view(np.int8)


def _max_pool_result(x, out, kidx, geo, need: bool, node_cls, flat_indices=None):
    """A max-pool's output (recording ``node_cls``, which saves the winning offsets, when ``need``),
    paired with its flat indices when ``flat_indices`` (the geometry's index function) is given."""
    out = _nhwc_like(x._data, out)
    if need:
        node = node_cls((x,))
        node.geo = geo
        node.save(x, kidx, _relu_keep(x, out, geo))
        res = finish(out, node)
    else:
        res = _make(out)
    if flat_indices is not None:
        return res, _make(_nhwc_like(x._data, flat_indices(kidx, geo)))
    return res


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "max_pool2d_with_indices")
    return _max_pool2d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """``torch.nn.functional.max_pool2d``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "max_pool2d_with_indices" if return_indices else "max_pool2d")
    return _max_pool2d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices,
                            "max_pool2d_with_indices" if return_indices else "max_pool2d")


_MAXPOOL1D_WORDING = {"kernel_size": "an int, list of ints or tuple of ints",
                      "stride": "None, an int, list of ints, or tuple of ints",
                      "padding": "an int, list of ints, or tuple of ints",
                      "dilation": "an int, list of ints or tuple of ints"}


def _single(v, name, check1d=None):
    """One int from an int or a 1-element sequence; a longer one fails as ``max_pool1d``'s own check words it,
    or (``check1d`` naming the op) as ATen's ``check1d`` does."""
    if isinstance(v, Tensor):
        v = v.tolist()
    if v.__class__ is not int:
        _check_pool_ints(v, name, check1d or "max_pool1d")
    if isinstance(v, (list, tuple)):
        if len(v) != 1:
            if check1d is not None:
                raise RuntimeError(f"{check1d}() argument '{name}' should contain one int (got {len(v)})")
            raise RuntimeError(f"max_pool1d() {name} must be {_MAXPOOL1D_WORDING.get(name, 'an int')} of size 1 but "
                               f"got size {len(v)}")
        return int(v[0])
    return int(v)


def _max_pool1d_impl(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    if return_indices:   # ATen's max_pool1d_with_indices: a rank check, then max_pool2d_with_indices' checks
        if x.dim() not in (2, 3):
            raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.dim()}-dimensional tensor for argument #1 "
                               "'self' (while checking arguments for max_pool1d)")
    elif x.dim() not in (2, 3) or x.shape[-1] == 0 or x.shape[-2] == 0:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{_fmt(x.shape)}")
    if return_indices:
        k = _single(kernel_size, "kernel_size", "max_pool1d")
        s = k if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else \
            _single(stride, "stride", "max_pool1d")
        p = _single(padding, "padding", "max_pool1d")
        d = _single(dilation, "dilation", "max_pool1d")
        r = _max_pool2d_impl(x.unsqueeze(-2), (1, k), (1, s), (0, p), (1, d), ceil_mode, True)
        return r[0].squeeze(-2), r[1].squeeze(-2)
    k = _single(kernel_size, "kernel_size")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else _single(stride, "stride")
    p = _single(padding, "padding")
    d = _single(dilation, "dilation")
    if k <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {s}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={p} and "
                           f"kernel_size={k}")
    if d <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d}")
    o = _out_size(x.shape[-1], k, p, s, d, ceil_mode)
    if o <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {o}")
    if not return_indices:
        _refuse_dtype(x, "max_pool1d_impl")
    r = _max_pool2d_impl(x.unsqueeze(-2), (1, k), (1, s), (0, p), (1, d), ceil_mode, return_indices)
    if return_indices:
        return r[0].squeeze(-2), r[1].squeeze(-2)
    r = r.squeeze(-2)
    if not (GRAD.enabled and x._rg) and not r.is_contiguous():
        r = r.contiguous()   # ATen's own max_pool1d kernel (no grad): a contiguous output
    return r


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """``torch.nn.functional.max_pool1d``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "max_pool1d_with_indices" if return_indices else "max_pool1d")
    return _max_pool1d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "max_pool1d_with_indices")
    return _max_pool1d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, True)


# ------------------------------------------------------------------ average pooling
def _avg_divisor(geo: _PoolGeo, count_include_pad: bool, divisor_override):
    """Per-output divisor ``(oh, ow)`` and the mask of non-empty windows."""
    if divisor_override is not None:
        return None, None
    divs = []
    valid = []
    for n, k, s, p, o in zip(geo.in_sz, geo.k, geo.s, geo.p, geo.out_sz):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        size = end - start
        cs = np.maximum(start, 0)
        ce = np.minimum(end, n)
        divs.append(size if count_include_pad else (ce - cs))
        valid.append(ce > cs)
    div = divs[0][:, None] * divs[1][None, :]
    ok = valid[0][:, None] & valid[1][None, :]
    return np.where(ok, div, 1), ok


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """``torch.nn.functional.avg_pool2d``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "avg_pool2d")
    x = input
    fname = "avg_pool2d"
    k = _pair(kernel_size, "kernel_size", fname)
    s = _pair(stride, "stride", fname, allow_empty=True) if stride is not None else None
    s = k if s is None else s
    p = _pair(padding, "padding", fname)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    if x.dim() not in (3, 4):   # ATen's avg_pool2d meta reads size(-3) first, checks the rank only later
        x.size(-3)
    geo = _pool_checks(x, k, s, p, (1, 1), ceil_mode, fname)
    _refuse_dtype(x, fname, long_ok=True)
    return _avg_pool_core(x, geo, count_include_pad, divisor_override)


def _avg_pool_core(x, geo, count_include_pad, divisor_override):
    div, ok = _avg_divisor(geo, count_include_pad, divisor_override)
    dt = x._data.dtype
    is_int = dt.kind in "iub"

    def scale(a):
        if div is None:
            if is_int:
                return np.trunc(a / divisor_override).astype(a.dtype)
            return a / a.dtype.type(divisor_override)
        if is_int:
            return np.trunc(a / div).astype(a.dtype)
        r = a / div.astype(a.dtype)
        if not ok.all():
            r = np.where(ok, r, a.dtype.type(0))
        return r

    def fwd(a):
        if a.dtype == np.float16:  # Half: summed and divided in float32, rounded once (ATen's opmath)
            return fwd(a.astype(np.float32)).astype(np.float16)
        ap = geo.pad(a, 0)
        acc = None
        for _, (sh, sw) in geo.slices():
            v = ap[..., sh, sw]
            acc = v.astype(a.dtype, copy=True) if acc is None else np.add(acc, v, out=acc)
        return _nhwc_like(a, scale(acc))

    def adj(g):
        gs = scale(g)
        gp = np.zeros(g.shape[:-2] + geo.padded, dtype=g.dtype)
        for _, (sh, sw) in geo.slices():
            gp[..., sh, sw] += gs
        return geo.crop(gp)

    return linear_op(x, fwd, adj, AvgPool2DBackward0, AvgPool2DBackwardBackward0, save=True)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) -> Tensor:
    """``torch.nn.functional.avg_pool1d``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "avg_pool1d")
    x = input
    if x.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.dim()}-dimensional tensor for argument #1 'self' "
                           "(while checking arguments for avg_pool1d)")
    k = _single(kernel_size, "kernel_size", "avg_pool1d")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else \
        _single(stride, "stride", "avg_pool1d")
    p = _single(padding, "padding", "avg_pool1d")
    xu = x.unsqueeze(-2)
    geo = _pool_checks(xu, (1, k), (1, s), (0, p), (1, 1), ceil_mode, "avg_pool2d")
    _refuse_dtype(x, "avg_pool2d", long_ok=True)
    return _avg_pool_core(xu, geo, count_include_pad, None).squeeze(-2)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """``torch.nn.functional.lp_pool2d`` (composed like PyTorch)."""
    if isinstance(kernel_size, Tensor):
        kernel_size = kernel_size.tolist()
    kw, kh = kernel_size if isinstance(kernel_size, (list, tuple)) else (kernel_size, kernel_size)   # F's unpack
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return max_pool2d(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -float("inf"):
            return -max_pool2d(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool2d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kw * kh).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """``torch.nn.functional.lp_pool1d`` (composed like PyTorch)."""
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return max_pool1d(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -float("inf"):
            return -max_pool1d(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool1d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kernel_size).pow(1.0 / norm_type)


# ------------------------------------------------------------------ adaptive pooling
def _adaptive_bounds(n: int, o: int):
    i = np.arange(o)
    start = (i * n) // o
    end = ((i + 1) * n + o - 1) // o
    return start, end


def _adaptive_out(output_size, in_sz, fname, negative_ok=False):
    if isinstance(output_size, Tensor):
        output_size = output_size.tolist()
    if isinstance(output_size, (list, tuple)):
        if len(output_size) != 2:
            raise RuntimeError(f"{fname}: output_size must be 2")
        out = tuple(in_sz[i] if output_size[i] is None else int(output_size[i]) for i in range(2))
    else:
        out = (int(output_size),) * 2
    if (out[0] < 0 or out[1] < 0) and not negative_ok:
        raise RuntimeError(f"{fname}: elements of output_size must be greater than or equal to 0 but received "
                           f"{{{out[0]}, {out[1]}}}")
    return out


def _window_matrix(n: int, o: int, dtype):
    """``(o, n)`` 0/1 matrix of adaptive windows and each window's length."""
    start, end = _adaptive_bounds(n, o)
    cols = np.arange(n)
    m = ((cols[None, :] >= start[:, None]) & (cols[None, :] < end[:, None])).astype(dtype)
    return m, (end - start)


def adaptive_avg_pool2d(input, output_size) -> Tensor:
    """``torch.nn.functional.adaptive_avg_pool2d``."""
    if input.__class__ is not Tensor and not isinstance(input, Tensor):  # (PyTorch's Python code: ``input.size()``)
        raise AttributeError(f"'{type(input).__name__}' object has no attribute 'size'")
    x = input
    if isinstance(output_size, Tensor):
        output_size = output_size.tolist()
    if isinstance(output_size, (list, tuple)):   # F._list_with_default: None takes the input's size
        n = len(output_size)
        if x.dim() <= n:
            raise ValueError(f"Input dimension should be at least {n + 1}")
        output_size = [x.shape[x.dim() - n + i] if v is None else v for i, v in enumerate(output_size)]
    oh, ow = _adaptive_out(output_size, (0, 0), "adaptive_avg_pool2d")
    if oh == 1 and ow == 1:
        res = x.mean((-1, -2), keepdim=True)   # ATen: a plain mean, before any rank check ...
        from .conv import _strides_like_channels_last
        if _strides_like_channels_last(x._data):   # ... made channels-last for a channels-last input
            res._data = _nhwc_like(x._data, res._data)
        return res
    if x.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {_fmt(x.shape)}")
    H, W = x.shape[-2:]
    _refuse_dtype(x, "adaptive_avg_pool2d")
    for i in (-2, -1):
        if x.shape[i] == 0:
            raise RuntimeError("adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, "
                               f"but input has sizes {_fmt(x.shape)} with dimension {i + x.dim()} being empty")
    dt = x._data.dtype
    cdt = (np.float32 if dt == np.float16 else dt) if dt.kind in "fc" else np.float64   # half: float opmath
    mh, lh = _window_matrix(H, oh, cdt)
    mw, lw = _window_matrix(W, ow, cdt)
    area = (lh[:, None] * lw[None, :]).astype(cdt)

    def fwd(a):
        r = np.matmul(np.matmul(mh, a.astype(cdt, copy=False)), mw.T) / area
        return _nhwc_like(a, r.astype(dt, copy=False))

    def adj(g):
        r = np.matmul(np.matmul(mh.T, g.astype(cdt, copy=False) / area), mw)
        return r.astype(dt, copy=False)

    return linear_op(x, fwd, adj, AdaptiveAvgPool2DBackward0, AdaptiveAvgPool2DBackwardBackward0, save=True)


def adaptive_avg_pool1d(input, output_size) -> Tensor:
    """``torch.nn.functional.adaptive_avg_pool1d``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "adaptive_avg_pool1d")
    x = input
    if x.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.dim()}-dimensional tensor for argument #1 'self' "
                           "(while checking arguments for adaptive_avg_pool1d)")
    o = _single(output_size, "output_size", "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(x.unsqueeze(-2), (1, int(o))).squeeze(-2)


def _nonempty_check(x, fname) -> None:
    for i in range(1, x.dim()):
        if x.shape[i] == 0:
            raise RuntimeError(f"{fname}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {_fmt(x.shape)} with dimension {i} being empty")


def _adaptive_max_impl(x, output_size, return_indices, fname="adaptive_max_pool2d"):
    if x.dim() not in (3, 4):
        raise RuntimeError(f"{fname}(): Expected 3D or 4D tensor, but got: {_fmt(x.shape)}")
    _nonempty_check(x, fname)
    H, W = x.shape[-2:]
    if isinstance(output_size, (list, tuple)) and len(output_size) != 2:
        raise RuntimeError(f"{fname}(): internal error: output_size.size() must be 2")
    oh, ow = _adaptive_out(output_size, (H, W), fname, negative_ok=True)
    if oh < 0 or ow < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {oh if oh < 0 else ow}: "
                           f"{_fmt(tuple(x.shape[:-2]) + (oh, ow))}")
    _refuse_dtype(x, "adaptive_max_pool2d")
    xd = x._data
    hs, he = _adaptive_bounds(H, oh)
    ws, we = _adaptive_bounds(W, ow)
    kh = int((he - hs).max()) if oh else 0
    kw = int((we - ws).max()) if ow else 0
    lead = xd.shape[:-2]
    out = np.full(lead + (oh, ow), _min_of(xd.dtype), dtype=xd.dtype)
    idx = np.zeros(lead + (oh, ow), dtype=np.int64)
    idx[...] = (hs[:, None] * W + ws[None, :])
    is_f = xd.dtype.kind == "f"
    for a in range(kh):
        rows = hs + a
        rv = rows < he
        rows = np.minimum(rows, H - 1)
        for b in range(kw):
            cols = ws + b
            cv = cols < we
            cols = np.minimum(cols, W - 1)
            v = xd[..., rows[:, None], cols[None, :]]
            m = v > out
            if is_f:
                m |= np.isnan(v)
            m &= rv[:, None] & cv[None, :]
            out = np.where(m, v, out)
            idx = np.where(m, rows[:, None] * W + cols[None, :], idx)
    out = _nhwc_like(xd, out)
    need = GRAD.enabled and x._rg
    if need:
        HW = H * W
        flat_idx = idx.reshape(-1, oh * ow) + (np.arange(idx.size // max(oh * ow, 1)) * HW)[:, None]
        flat_idx = flat_idx.ravel()

        def scatter(g):
            tot = int(np.prod(lead)) * HW
            r = np.bincount(flat_idx, weights=g.ravel().astype(np.float64), minlength=tot)
            return r.astype(g.dtype).reshape(lead + (H, W))

        def gather(gx):
            return np.ascontiguousarray(gx.reshape(-1)[flat_idx].reshape(lead + (oh, ow)))

        node = _AdaptiveMaxNode((x,))
        node.scatter, node.gather = scatter, gather
        node.save(x)
        res = finish(out, node)
    else:
        res = _make(out)
    if return_indices:
        return res, _make(_nhwc_like(xd, idx))
    return res


class _AdaptiveMaxNodeBase(Node):
    """Saved: the input; ``scatter``/``gather`` are the adjoint pair of reading the winning positions.
    Subclasses name the nodes of its own derivative (``double_cls``, ``gather_cls``)."""

    __slots__ = ("scatter", "gather")
    double_cls = AdaptiveMaxPool2DBackwardBackward0
    gather_cls = GatherBackward0

    def backward(self, g):
        self.saved()
        return linear_op(g, self.scatter, self.gather, self.double_cls, self.gather_cls)

    def vjp(self, g):
        self.saved()
        return (self.scatter(g),)


_AdaptiveMaxNode = type("AdaptiveMaxPool2DBackward0", (_AdaptiveMaxNodeBase,), {"__slots__": ()})


def _fill_none_sizes(output_size, x):
    """``F._list_with_default``: a list/tuple ``output_size`` needs more input dims than entries;
    its ``None`` entries take the input's trailing sizes."""
    if isinstance(output_size, Tensor):
        output_size = output_size.tolist()
    if not isinstance(output_size, (list, tuple)):
        return output_size
    n = len(output_size)
    if x.dim() <= n:
        raise ValueError(f"Input dimension should be at least {n + 1}")
    lead = x.dim() - n
    return [x.shape[lead + i] if v is None else v for i, v in enumerate(output_size)]


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """``torch.nn.functional.adaptive_max_pool2d``."""
    if input.__class__ is not Tensor and not isinstance(input, Tensor):  # (PyTorch's Python code: ``input.size()``)
        raise AttributeError(f"'{type(input).__name__}' object has no attribute 'size'")
    return _adaptive_max_impl(input, _fill_none_sizes(output_size, input), return_indices)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    return _adaptive_max_impl(input, _fill_none_sizes(output_size, input), True)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """``torch.nn.functional.adaptive_max_pool1d``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "adaptive_max_pool1d")
    x = input
    if x.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.dim()}-dimensional tensor for argument #1 'self' "
                           "(while checking arguments for adaptive_max_pool1d)")
    _nonempty_check(x, "adaptive_max_pool1d")
    o = _single(output_size, "output_size", "adaptive_max_pool1d")
    r = _adaptive_max_impl(x.unsqueeze(-2), (1, int(o)), return_indices)
    if return_indices:
        return r[0].squeeze(-2), r[1].squeeze(-2)
    return r.squeeze(-2)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool1d(input, output_size, True)


# ------------------------------------------------------------------ max unpooling
MaxUnpool2DBackward0 = linear_node("MaxUnpool2DBackward0")
MaxUnpool2DBackwardBackward0 = linear_node("MaxUnpool2DBackwardBackward0")


def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    input_size = input.size()
    default_size = [(input_size[-len(kernel_size) + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d]
                    for d in range(len(kernel_size))]
    if output_size is None:
        return default_size
    if len(output_size) == len(kernel_size) + 2:  # the caller's sequence type is kept (it shows in errors)
        output_size = output_size[2:]
    if len(output_size) != len(kernel_size):
        raise ValueError(f"output_size should be a sequence containing {len(kernel_size)} or {len(kernel_size) + 2} "
                         f"elements, but it has a length of '{len(output_size)}'")
    for d in range(len(kernel_size)):
        min_size = default_size[d] - stride[d]
        max_size = default_size[d] + stride[d]
        if not (min_size < output_size[d] < max_size):
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {min_size} and '
                             f'{max_size})')
    return output_size


def _max_unpool2d_core(x, indices, out_hw) -> Tensor:
    if indices._data.dtype != np.int64:
        from .basic import _word
        raise RuntimeError(f"elements in indices should be type int64 but got: {_word(indices)}")
    oh, ow = int(out_hw[0]), int(out_hw[1])
    lead = tuple(x.shape[:-2])
    idx = indices._data.astype(np.int64, copy=False)
    if tuple(idx.shape) != tuple(x.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({_fmt(x.shape)}) but "
                           f"got indices tensor with shape: {_fmt(idx.shape)}")
    hw = oh * ow
    if idx.size and (idx.min() < 0 or idx.max() >= hw):
        # ATen's loop keeps overwriting the error index: the last invalid one (in a single-threaded run) is shown
        bad = int(idx.ravel()[np.flatnonzero((idx < 0) | (idx >= hw))[-1]])
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size {oh}x{ow})")
    nlead = int(np.prod(lead)) if lead else 1
    flat = (idx.reshape(nlead, -1) + (np.arange(nlead, dtype=np.int64) * hw)[:, None]).ravel()

    def fwd(a):
        out = np.zeros(nlead * hw, dtype=a.dtype)
        out[flat] = a.ravel()
        return out.reshape(lead + (oh, ow))

    def adj(g):
        return np.ascontiguousarray(g.reshape(-1)[flat].reshape(x.shape))

    return linear_op(x, fwd, adj, MaxUnpool2DBackward0, MaxUnpool2DBackwardBackward0)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """``torch.nn.functional.max_unpool2d``: scatter pooled maxima back to their positions."""
    k = _pair(kernel_size, "kernel_size", "max_unpool2d")
    s = k if stride is None else _pair(stride, "stride", "max_unpool2d")
    p = _pair(padding, "padding", "max_unpool2d")
    out = _unpool_output_size(input, k, s, p, output_size)
    return _max_unpool2d_core(input, indices, out)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """``torch.nn.functional.max_unpool1d``."""
    k = (_single(kernel_size, "kernel_size"),)
    s = k if stride is None else (_single(stride, "stride"),)
    p = (_single(padding, "padding"),)
    out = _unpool_output_size(input, k, s, p, output_size)
    return _max_unpool2d_core(input.unsqueeze(-1), indices.unsqueeze(-1), (out[0], 1)).squeeze(-1)
