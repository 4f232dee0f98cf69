"""3-D pooling: max/avg/adaptive/LP pooling and max unpooling over ``(D, H, W)``.

Built on the 2-D machinery of ``pooling.py``: ``_PoolGeo`` (its constructor,
padded size and overlap test are dimension-free) is subclassed with N-d
versions of its slice/pad/crop/scatter/gather methods; window sizes, adaptive
bounds, dtype minima and the unpool output size are imported unchanged.
Windows are strided slices of a padded copy, one per kernel offset, visited in
PyTorch's window order (depth, then height, then width), so max pooling keeps
the first maximum and the last NaN exactly as PyTorch's CPU kernels.  Every
backward is a linear map recorded with ``linear_op`` (differentiable again).
"""
from __future__ import annotations

import itertools
from functools import reduce

import numpy as np

from ...ops._common import GRAD, Tensor, _make, finish
from ...ops.shape_ext import _type_word
from ._util import linear_node, linear_op, not_tensor
from .pooling import (_AdaptiveMaxNodeBase, _max_pool_result, _adaptive_bounds, _fmt, _MaxPoolNode, _min_of, _out_size, _PoolGeo,
                      _unpool_output_size, _window_matrix)

__all__ = ["max_pool3d", "max_pool3d_with_indices", "avg_pool3d", "adaptive_avg_pool3d", "adaptive_max_pool3d",
           "adaptive_max_pool3d_with_indices", "lp_pool3d", "max_unpool3d"]

# PyTorch's double backward of every 3-D max/unpool gradient is ``max_pool_double_backward``: a gather on views
ViewBackward0 = linear_node("ViewBackward0")
MaxPool3DWithIndicesBackwardBackward0 = linear_node("MaxPool3DWithIndicesBackwardBackward0")
AvgPool3DBackward0 = linear_node("AvgPool3DBackward0")
AvgPool3DBackwardBackward0 = linear_node("AvgPool3DBackwardBackward0")
AdaptiveAvgPool3DBackward0 = linear_node("AdaptiveAvgPool3DBackward0")
AdaptiveAvgPool3DBackwardBackward0 = linear_node("AdaptiveAvgPool3DBackwardBackward0")
AdaptiveMaxPool3DBackwardBackward0 = linear_node("AdaptiveMaxPool3DBackwardBackward0")
MaxUnpool3DBackward0 = linear_node("MaxUnpool3DBackward0")

_MAX_MSGS = {"kernel_size": "max_pool3d: kernel_size must either be a single int, or a tuple of three ints",
             "stride": "max_pool3d: stride must either be omitted, a single int, or a tuple of three ints",
             "padding": "max_pool3d: padding must either be a single int, or a tuple of three ints",
             "dilation": "max_pool3d: dilation must be either a single int, or a tuple of three ints"}
_AVG_MSGS = {"kernel_size": "avg_pool3d: kernel_size must be a single int, or a tuple of three ints",
             "stride": "avg_pool3d: stride must be omitted, a single int, or a tuple of three ints",
             "padding": "avg_pool3d: padding must be a single int, or a tuple of three ints"}


def _triple(v, name: str, msgs: dict):
    """An int or 1-/3-sequence as a 3-tuple (``None`` for an empty stride), PyTorch's message otherwise."""
    if isinstance(v, Tensor):
        v = v.tolist()
    if not isinstance(v, (list, tuple)):
        return (int(v),) * 3
    if name == "stride" and len(v) == 0:
        return None
    if len(v) == 1:
        return (int(v[0]),) * 3
    if len(v) == 3:
        return tuple(int(e) for e in v)
    raise RuntimeError(msgs[name])


def _cdiv(a: int, b: int) -> int:
    """C++ integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


# ------------------------------------------------------------------ geometry
class _PoolGeo3(_PoolGeo):
    """Window geometry of a 3-D pooling (``in``/``out`` are (D, H, W)); N-d versions of ``_PoolGeo``'s methods."""

    __slots__ = ()

    def slices(self):
        """(offset index, slices) for every kernel offset, in window (row-major) order."""
        per_dim = [[slice(a * d, a * d + s * (o - 1) + 1, s) for a in range(k)]
                   for k, s, d, o in zip(self.k, self.s, self.d, self.out_sz)]
        for j, sl in enumerate(itertools.product(*per_dim)):
            yield j, (Ellipsis,) + sl

    def _inner(self):
        return (Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(self.p, self.in_sz))

    def pad(self, x, fill):
        if self.padded == self.in_sz:
            return x
        xp = np.full(x.shape[:-3] + self.padded, fill, dtype=x.dtype)
        xp[self._inner()] = x
        return xp

    def crop(self, xp):
        if self.padded == self.in_sz:
            return xp
        return np.ascontiguousarray(xp[self._inner()])

    def tiles(self) -> bool:
        return (self.k == self.s and self.d == (1, 1, 1) and self.p == (0, 0, 0)
                and all(o * k == i for o, k, i in zip(self.out_sz, self.k, self.in_sz)))

    windows = slices  # slices already index from the leading dims

    def flat_index(self, kidx):
        return _flat_indices3(kidx, self)

    def gather(self, gx, kidx):
        """``gx`` read at each output's chosen offset."""
        gp = self.pad(gx, 0)
        out = np.zeros(kidx.shape, dtype=gx.dtype)
        finite = gx.dtype.kind != "f" or bool(np.isfinite(gx).all())
        zero = gx.dtype.type(0)
        for j, sl in self.slices():
            m = kidx == j
            out += gp[sl] * m if finite else np.where(m, gp[sl], zero)
        return out


def _pool3d_checks(x, k, s, p, d, ceil, fn_name: str, check_input_size: bool) -> _PoolGeo3:
    """``pooling_output_shape`` per dim then ``pool3d_shape_check`` (ATen's Pool.h), in PyTorch's order."""
    if x.dim() not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    in_sz = tuple(x.shape[-3:])
    outs = []
    for n, kk, ss, pp, dd in zip(in_sz, k, s, p, d):
        if ss == 0:
            raise RuntimeError("stride should not be zero")
        if pp < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {pp}")
        if pp > _cdiv((kk - 1) * dd + 1, 2):
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={pp}, "
                               f"kernel_size={kk} and dilation={dd}")
        outs.append(_out_size(n, kk, pp, ss, dd, ceil))
    if min(k) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kT: {k[0]} kH: {k[1]} kW: {k[2]}")
    if min(s) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dT: {s[0]} dH: {s[1]} dW: {s[2]}")
    if min(d) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationT: {d[0]} dilationH: {d[1]} "
                           f"dilationW: {d[2]}")
    non_batch = x.shape[1:] if x.dim() == 5 else x.shape
    if any(v == 0 for v in non_batch):   # PyTorch prints the (zero) size where it means the dimension
        raise RuntimeError(f"{fn_name}: Expected input's non-batch dimensions to have positive length, but input "
                           f"has a shape of {_fmt(x.shape)} and non-batch dimension 0 has length zero!")
    T, H, W = in_sz
    if check_input_size and (T < k[0] or H < k[1] or W < k[2]):
        raise RuntimeError(f"input image (T: {T} H: {H} W: {W}) smaller than kernel size (kT: {k[0]} kH: {k[1]} "
                           f"kW: {k[2]})")
    if any(kk // 2 < pp for kk, pp in zip(k, p)):
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got kT: {k[0]} "
                           f"kW: {k[2]} kH: {k[1]} padT: {p[0]} padW: {p[2]} padH: {p[1]}")
    if min(outs) < 1:
        C = x.shape[-4]
        raise RuntimeError(f"Given input size: ({C}x{T}x{H}x{W}). Calculated output size: "
                           f"({C}x{outs[0]}x{outs[1]}x{outs[2]}). Output size is too small")
    return _PoolGeo3(k, s, p, d, in_sz, tuple(outs))


def _not_for(x, op: str, kinds: str, allowed=()) -> None:
    """PyTorch's dispatch error for dtypes whose kind is in ``kinds`` (except the ``allowed`` ones)."""
    dt = x._data.dtype
    if dt.kind in kinds and dt not in allowed:
        raise NotImplementedError(f"\"{op}\" not implemented for '{_type_word(x._data.dtype)}'")


# ------------------------------------------------------------------ max pooling
def _max_forward3(xd, geo: _PoolGeo3, want_idx: bool):
    """Maximum over the windows and, if asked, the winning kernel offset (first max, last NaN)."""
    xp = geo.pad(xd, _min_of(xd.dtype))
    views = [xp[sl] for _, sl in geo.slices()]
    out = views[0].copy()
    if not want_idx:
        for v in views[1:]:
            np.maximum(out, v, out=out)
        return out, None
    it = np.int16 if len(views) < 2 ** 15 else np.int32
    kidx = np.zeros(out.shape, dtype=it)
    beat = np.empty(out.shape, dtype=np.bool_)
    for j in range(1, len(views)):
        np.greater(views[j], out, out=beat)
        np.maximum(kidx, beat * it(j), out=kidx)   # j only grows: the last strict improvement wins
        np.maximum(out, views[j], out=out)
    if out.dtype.kind == "f":
        if np.isnan(out).any():
            for j, v in enumerate(views):
                np.copyto(kidx, j, where=np.isnan(v))
        if geo.padded != geo.in_sz:   # windows that saw only -inf: PyTorch keeps the first in-bounds position
            allneg = out == -np.inf
            if allneg.any():
                kidx = np.where(allneg, _first_valid3(geo), kidx).astype(it)
    return out, kidx


def _starts(geo: _PoolGeo3):
    """Per dim, the (possibly negative) first input coordinate of every window."""
    return [np.arange(o, dtype=np.int64) * s - p for o, s, p in zip(geo.out_sz, geo.s, geo.p)]


def _outer(per_dim, op):
    """Combine one 1-D array per spatial dim into a (D, H, W) grid."""
    n = len(per_dim)
    grids = [np.asarray(a).reshape((1,) * i + (-1,) + (1,) * (n - 1 - i)) for i, a in enumerate(per_dim)]
    return reduce(op, grids)   # (np.ix_ would read boolean arrays as masks)


def _first_valid3(geo: _PoolGeo3):
    firsts = [np.where(st < 0, -(st // d), 0) for st, d in zip(_starts(geo), geo.d)]   # ceil(-start / d)
    return np.ravel_multi_index(np.ix_(*firsts), geo.k)


def _flat_indices3(kidx, geo: _PoolGeo3):
    """Winning offsets as flat indices into each (D, H, W) input volume."""
    T, H, W = geo.in_sz
    strides = (H * W, W, 1)
    base = _outer([st * m for st, m in zip(_starts(geo), strides)], np.add)
    offs = np.unravel_index(kidx.astype(np.int64), geo.k)
    return base + sum(o * (d * m) for o, d, m in zip(offs, geo.d, strides))


class MaxPool3DWithIndicesBackward0(_MaxPoolNode):
    """Saved: (input, winning kernel offset of every output)."""

    __slots__ = ()
    double_cls = MaxPool3DWithIndicesBackwardBackward0
    gather_cls = ViewBackward0


def _max_pool3d_impl(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    k = _triple(kernel_size, "kernel_size", _MAX_MSGS)
    s = _triple(stride, "stride", _MAX_MSGS) if stride is not None else None
    s = k if s is None else s
    p = _triple(padding, "padding", _MAX_MSGS)
    d = _triple(dilation, "dilation", _MAX_MSGS)
    geo = _pool3d_checks(x, k, s, p, d, ceil_mode, "max_pool3d_with_indices_out_cpu_template()", False)
    _not_for(x, "max_pool3d", "bc")
    need = GRAD.enabled and x._rg
    out, kidx = _max_forward3(x._data, geo, need or return_indices)
    return _max_pool_result(x, out, kidx, geo, need, MaxPool3DWithIndicesBackward0,
                            _flat_indices3 if return_indices else None)


def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """``torch.nn.functional.max_pool3d``: indices are flat offsets into each input volume."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "max_pool3d")
    return _max_pool3d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = True):
    """``torch.nn.functional.max_pool3d_with_indices`` (always returns ``(output, indices)``)."""
    return _max_pool3d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, True)


# ------------------------------------------------------------------ average pooling
def _avg_divisor3(geo: _PoolGeo3, count_include_pad: bool):
    """Per-output divisor (D, H, W) and the mask of windows holding at least one input element."""
    divs, valid = [], []
    for n, k, p, st in zip(geo.in_sz, geo.k, geo.p, _starts(geo)):
        end = np.minimum(st + k, n + p)
        cs, ce = np.maximum(st, 0), np.minimum(end, n)
        divs.append(end - st if count_include_pad else ce - cs)
        valid.append(ce > cs)
    ok = _outer(valid, np.logical_and)
    return np.where(ok, _outer(divs, np.multiply), 1), ok


def _avg_scale(geo, count_include_pad, divisor_override):
    """The map dividing window sums by PyTorch's divisor (C++ truncating division for int64)."""
    if divisor_override is not None:
        div, ok = np.asarray(divisor_override), None
    else:
        div, ok = _avg_divisor3(geo, count_include_pad)

    def scale(a):
        if a.dtype.kind in "iu":
            return np.trunc(a / div).astype(a.dtype)
        r = a / div.astype(a.dtype)
        if ok is not None and not ok.all():
            r = np.where(ok, r, a.dtype.type(0))
        return r

    return scale


def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override=None) -> Tensor:
    """``torch.nn.functional.avg_pool3d`` (float32/float64/int64, as PyTorch's CPU kernel)."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "avg_pool3d")
    x = input
    k = _triple(kernel_size, "kernel_size", _AVG_MSGS)
    s = _triple(stride, "stride", _AVG_MSGS) if stride is not None else None
    s = k if s is None else s
    p = _triple(padding, "padding", _AVG_MSGS)
    if x.dim() not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    geo = _pool3d_checks(x, k, s, p, (1, 1, 1), ceil_mode, "avg_pool3d()", True)
    _not_for(x, "avg_pool3d_out_frame", "biufc", allowed=(np.float32, np.float64, np.int64))
    scale = _avg_scale(geo, count_include_pad, divisor_override)

    def fwd(a):
        ap = geo.pad(a, 0)
        acc = None
        for _, sl in geo.slices():
            acc = ap[sl].copy() if acc is None else np.add(acc, ap[sl], out=acc)
        return scale(acc)

    def adj(g):
        gs = scale(g)
        gp = np.zeros(g.shape[:-3] + geo.padded, dtype=g.dtype)
        for _, sl in geo.slices():
            gp[sl] += gs
        return geo.crop(gp)

    return linear_op(x, fwd, adj, AvgPool3DBackward0, AvgPool3DBackwardBackward0, save=True)


def lp_pool3d(input: Tensor, norm_type, kernel_size, stride=None, ceil_mode: bool = False) -> Tensor:
    """``torch.nn.functional.lp_pool3d`` (composed like PyTorch, ``±inf`` norms via ``max_pool3d``)."""
    kd, kw, kh = tuple(kernel_size) if isinstance(kernel_size, (list, tuple)) else (kernel_size,) * 3
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return max_pool3d(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -float("inf"):
            return -max_pool3d(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool3d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool3d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kd * kw * kh).pow(1.0 / norm_type)


# ------------------------------------------------------------------ adaptive pooling
def _list_with_default(out_size, defaults):
    """``torch.nn.functional._list_with_default``: ``None`` entries take the input's size."""
    if isinstance(out_size, Tensor):
        out_size = out_size.tolist()
    if isinstance(out_size, int):
        return out_size
    if len(defaults) <= len(out_size):
        raise ValueError(f"Input dimension should be at least {len(out_size) + 1}")
    return [v if v is not None else d for v, d in zip(out_size, defaults[-len(out_size):])]


def _adaptive_sizes(output_size, x, fname: str):
    out = _list_with_default(output_size, tuple(x.shape))
    out = (int(out),) * 3 if isinstance(out, int) else tuple(int(v) for v in out)
    if len(out) != 3:
        msg = ("output_size must be 3" if fname == "adaptive_avg_pool3d"
               else "internal error: output_size.size() must be 3")
        raise RuntimeError(f"{fname}{'' if fname == 'adaptive_avg_pool3d' else '()'}: {msg}")
    return out


def _adaptive_input_checks(x, fname: str, colon: str) -> None:
    if x.dim() not in (4, 5):
        raise RuntimeError(f"{fname}(): Expected 4D or 5D tensor, but got{colon} {_fmt(x.shape)}")
    for i in range(1, x.dim()):
        if x.shape[i] == 0:
            raise RuntimeError(f"{fname}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {_fmt(x.shape)} with dimension {i} being empty")


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:
    """``torch.nn.functional.adaptive_avg_pool3d``: separable window averages (three small matmuls)."""
    if input.__class__ is not Tensor and not isinstance(input, Tensor):  # (PyTorch's Python code: ``input.size()``)
        raise AttributeError(f"'{type(input).__name__}' object has no attribute 'size'")
    x = input
    o = _adaptive_sizes(output_size, x, "adaptive_avg_pool3d")
    if min(o) < 0:
        raise RuntimeError("adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 but "
                           f"received {{{o[0]}, {o[1]},{o[2]}}}")
    if o == (1, 1, 1):   # PyTorch: a plain mean, before any dimension check
        return x.mean((-1, -2, -3), keepdim=True)
    _adaptive_input_checks(x, "adaptive_avg_pool3d", "")
    _not_for(x, "adaptive_avg_pool3d_cpu", "biuc")
    dt = x._data.dtype
    (T, H, W), lead = x.shape[-3:], tuple(x.shape[:-3])
    (md, ld), (mh, lh), (mw, lw) = (_window_matrix(n, m, dt) for n, m in zip((T, H, W), o))
    area = _outer([ld, lh, lw], np.multiply).astype(dt)

    def fwd(a):
        if a.dtype == np.float16:
            return _adaptive_avg3d_half(a, (T, H, W), o)
        r = np.matmul(mh, np.matmul(a, mw.T))                                # (..., T, oh, ow)
        r = np.matmul(md, r.reshape(lead + (T, o[1] * o[2])))                # (..., od, oh*ow)
        return r.reshape(lead + o) / area

    def adj(g):
        r = np.matmul(md.T, (g / area).reshape(lead + (o[0], o[1] * o[2])))  # (..., T, oh*ow)
        r = np.matmul(mh.T, r.reshape(lead + (T, o[1], o[2])))               # (..., T, H, ow)
        return np.matmul(r, mw)

    return linear_op(x, fwd, adj, AdaptiveAvgPool3DBackward0, AdaptiveAvgPool3DBackwardBackward0, save=True)


def _adaptive_avg3d_half(a, sizes, o):
    """ATen's half ``adaptive_avg_pool3d`` kernel: each window summed in half, element by element in
    (t, h, w) order, then divided by its depth, height and width in turn (each step rounded to half)."""
    bounds = [_adaptive_bounds(n, m) for n, m in zip(sizes, o)]
    out = np.empty(a.shape[:-3] + tuple(o), dtype=np.float16)
    for od, oh, ow in itertools.product(*(range(m) for m in o)):
        (t0, t1), (h0, h1), (w0, w1) = ((b[0][i], b[1][i]) for b, i in zip(bounds, (od, oh, ow)))
        acc = np.zeros(a.shape[:-3], dtype=np.float16)
        for t, h, w in itertools.product(range(t0, t1), range(h0, h1), range(w0, w1)):
            acc = acc + a[..., t, h, w]
        for k in (t1 - t0, h1 - h0, w1 - w0):
            acc = acc / np.float16(k)
        out[..., od, oh, ow] = acc
    return out


def _adaptive_max_forward(xd, o):
    """Max over every adaptive window and its flat (D, H, W) index (first max, last NaN)."""
    in_sz = xd.shape[-3:]
    bounds = [_adaptive_bounds(n, m) for n, m in zip(in_sz, o)]
    kmax = [int((e - s).max()) if m else 0 for (s, e), m in zip(bounds, o)]
    out = np.full(xd.shape[:-3] + tuple(o), _min_of(xd.dtype), dtype=xd.dtype)
    idx = np.zeros(out.shape, dtype=np.int64)
    idx[...] = np.ravel_multi_index(np.ix_(*[s for s, _ in bounds]), in_sz)
    for offs in itertools.product(*[range(k) for k in kmax]):
        coords = [s + a for (s, _), a in zip(bounds, offs)]
        inside = _outer([c < e for c, (_, e) in zip(coords, bounds)], np.logical_and)
        coords = [np.minimum(c, n - 1) for c, n in zip(coords, in_sz)]
        grid = np.ix_(*coords)
        v = xd[(Ellipsis,) + grid]
        m = v > out
        if xd.dtype.kind == "f":
            m |= np.isnan(v)
        m &= inside
        out = np.where(m, v, out)
        idx = np.where(m, np.ravel_multi_index(grid, in_sz), idx)
    return out, idx


class AdaptiveMaxPool3DBackward0(_AdaptiveMaxNodeBase):
    """Saved: the input; ``scatter``/``gather`` are the adjoint pair of reading the winning positions."""

    __slots__ = ()
    double_cls = AdaptiveMaxPool3DBackwardBackward0
    gather_cls = ViewBackward0


def _adaptive_max_impl(x, output_size, return_indices):
    fname = "adaptive_max_pool3d"
    o = _adaptive_sizes(output_size, x, fname)
    _adaptive_input_checks(x, fname, ":")
    if min(o) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(o)}: "
                           f"{_fmt(tuple(x.shape[:-3]) + o)}")
    _not_for(x, "adaptive_max_pool3d_cpu", "biuc")
    out, idx = _adaptive_max_forward(x._data, o)
    if GRAD.enabled and x._rg:
        lead, vol = tuple(x.shape[:-3]), int(np.prod(x.shape[-3:]))
        nvol = int(np.prod(lead)) if lead else 1
        per_out = int(np.prod(o))
        flat = (idx.reshape(nvol, per_out) + (np.arange(nvol, dtype=np.int64) * vol)[:, None]).ravel()

        def scatter(g):
            r = np.bincount(flat, weights=g.ravel().astype(np.float64), minlength=nvol * vol)
            return r.astype(g.dtype).reshape(x.shape)

        def gather(gx):
            return np.ascontiguousarray(gx.reshape(-1)[flat].reshape(out.shape))

        node = AdaptiveMaxPool3DBackward0((x,))
        node.scatter, node.gather = scatter, gather
        node.save(x)
        res = finish(out, node)
    else:
        res = _make(out)
    return (res, _make(idx)) if return_indices else res


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """``torch.nn.functional.adaptive_max_pool3d``."""
    if input.__class__ is not Tensor and not isinstance(input, Tensor):  # (PyTorch's Python code: ``input.size()``)
        raise AttributeError(f"'{type(input).__name__}' object has no attribute 'size'")
    return _adaptive_max_impl(input, output_size, return_indices)


def adaptive_max_pool3d_with_indices(input: Tensor, output_size, return_indices: bool = True):
    """``torch.nn.functional.adaptive_max_pool3d_with_indices`` (always returns ``(output, indices)``)."""
    return _adaptive_max_impl(input, output_size, True)


# ------------------------------------------------------------------ max unpooling
def _unpool3d_checks(x, indices, out, stride, padding) -> None:
    """``max_unpooling3d_shape_check`` (ATen MaxUnpooling.cpp), in its order."""
    if indices._data.dtype != np.int64:
        raise RuntimeError("elements in indices should be type int64")
    if x.dim() not in (4, 5):
        raise RuntimeError("Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with "
                           f"{x.dim()} dimensions.")
    if len(out) != 3:
        raise RuntimeError("There should be exactly three elements (depth, height, width) in output_size, but got "
                           f"{len(out)} elements.")
    for name, v in (("stride", stride), ("padding", padding)):
        if len(v) != 3:
            raise RuntimeError(f"There should be exactly three elements (depth, height, width) in {name}, but got: "
                               f"{len(v)} elements.")
    if tuple(indices.shape) != tuple(x.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({_fmt(x.shape)}) but "
                           f"got indices tensor with shape: {_fmt(indices.shape)}")
    for i in range(1, x.dim()):
        if x.shape[i] == 0:
            raise RuntimeError("max_unpooling3d_forward_out_cpu(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but got {_fmt(x.shape)} with dimension {i} being empty.")
    if min(stride) <= 0:
        raise RuntimeError(f"strides should be greater than zero, but got stride: {_fmt(stride)}")


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """``torch.nn.functional.max_unpool3d``: scatter pooled maxima back into ``(D, H, W)`` volumes.

    An out-of-range index raises PyTorch's error naming the last bad index (its single-threaded CPU loop).
    """
    def triple(v):
        return tuple(v) if isinstance(v, (list, tuple)) else (v,) * 3

    k = triple(kernel_size)
    s = triple(stride) if stride is not None else k
    p = triple(padding)
    out = [int(v) for v in _unpool_output_size(input, k, s, p, output_size)]
    x = input
    _unpool3d_checks(x, indices, out, s, p)
    vol = out[0] * out[1] * out[2]
    idx = indices._data
    bad = (idx < 0) | (idx >= vol)
    if bad.any():
        raise RuntimeError(f"Found an invalid max index: {int(idx.ravel()[np.flatnonzero(bad)[-1]])} (output volumes "
                           f"are of size {out[0]}x{out[1]}x{out[2]})")
    lead = tuple(x.shape[:-3])
    nvol = int(np.prod(lead)) if lead else 1
    per_in = int(np.prod(x.shape[-3:]))
    flat = (idx.reshape(nvol, per_in) + (np.arange(nvol, dtype=np.int64) * vol)[:, None]).ravel()

    def fwd(a):
        r = np.zeros(nvol * vol, dtype=a.dtype)
        r[flat] = a.ravel()
        return r.reshape(lead + tuple(out))

    def adj(g):
        return np.ascontiguousarray(g.reshape(-1)[flat].reshape(x.shape))

    return linear_op(x, fwd, adj, MaxUnpool3DBackward0, ViewBackward0)
