"""Padding, interpolation (upsampling), pixel shuffle and unfold/fold.

All of these are linear maps of the input (constant padding is affine), so
each is two NumPy kernels recorded with ``linear_op``: forward and adjoint,
each the other's backward.  Padding in reflect/replicate/circular modes and
every interpolation mode are *separable*: one gather (with weights, for the
interpolating modes) along each spatial axis.  The gathers follow PyTorch's
index/weight formulas in the input's precision, last axis first (PyTorch's
``h0 * (w0 * x00 + w1 * x01) + h1 * (...)`` order); the adjoint applies the
transposed (out x in) matrix of each axis with one GEMM.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ...ops._common import Tensor
from ...ops.shape import int_list_arg
from ._util import linear_node, linear_op, not_tensor

__all__ = ["pad", "interpolate", "upsample", "upsample_nearest", "upsample_bilinear", "pixel_shuffle",
           "pixel_unshuffle", "unfold", "fold"]

ConstantPadNdBackward0 = linear_node("ConstantPadNdBackward0")
PixelShuffleBackward0 = linear_node("PixelShuffleBackward0")
PixelUnshuffleBackward0 = linear_node("PixelUnshuffleBackward0")
Im2ColBackward0 = linear_node("Im2ColBackward0")
Col2ImBackward0 = linear_node("Col2ImBackward0")

_NODES: dict = {}


def _node_pair(name: str):
    """(``<name>Backward0``, ``<name>BackwardBackward0``) node classes."""
    if name not in _NODES:
        if name == "CopySlices":   # circular padding: PyTorch builds it from slice copies
            _NODES[name] = (linear_node("CopySlices"), linear_node("SliceBackward0"))
        else:
            _NODES[name] = (linear_node(name + "Backward0"), linear_node(name + "BackwardBackward0"))
    return _NODES[name]


def _fmt(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


# ------------------------------------------------------------------ separable axis maps
class _Axis:
    """A linear map along one axis: ``out[o] = sum_t w[t, o] * in[idx[t, o]]``."""

    __slots__ = ("axis", "idx", "w", "n_in", "half_w")

    def __init__(self, axis: int, idx, w, n_in: int, half_w=None):
        self.axis, self.idx, self.w, self.n_in = axis, np.asarray(idx), w, n_in
        self.half_w = half_w  # the weights a float16 forward uses (None: ``w``)

    def apply(self, x, half: bool = False):
        ax = self.axis
        if self.w is None:
            return np.take(x, self.idx[0], axis=ax)
        shape = [1] * x.ndim
        shape[ax] = -1
        out = None
        w = self.half_w if half and self.half_w is not None else self.w
        for t in range(self.idx.shape[0]):
            term = np.take(x, self.idx[t], axis=ax) * w[t].astype(x.dtype, copy=False).reshape(shape)
            out = term if out is None else np.add(out, term, out=out)
        return out

    def matrix(self, dtype):
        n_out = self.idx.shape[1]
        m = np.zeros((n_out, self.n_in), dtype=dtype)
        rows = np.arange(n_out)
        for t in range(self.idx.shape[0]):
            np.add.at(m, (rows, self.idx[t]), 1 if self.w is None else self.w[t].astype(dtype))
        return m

    def adjoint(self, g):
        m = self.matrix(g.dtype)
        ax = self.axis
        if ax == g.ndim - 1:
            return np.matmul(g, m)
        gm = np.moveaxis(g, ax, -1)
        r = np.matmul(gm, m)
        return np.ascontiguousarray(np.moveaxis(r, -1, ax))


def _keep_channels_last(a, out):
    """``out`` laid out channels-last (NHWC strides) when the rank-4 input ``a`` suggests that memory
    format, as PyTorch's CPU upsample / pad kernels allocate their output; else ``out`` itself."""
    if out.__class__ is not np.ndarray or out.ndim != 4 or a.__class__ is not np.ndarray or a.ndim != 4:
        return out
    from .conv import _strides_like_channels_last
    if not _strides_like_channels_last(a):
        return out
    from .pooling import _nhwc_like
    return _nhwc_like(a, out)


def _separable(x: Tensor, axes, name: str, save: bool = False, forward_axes=None, keep_cl: bool = True) -> Tensor:
    """Apply the axis maps (last axis first) with the adjoint as backward.  ``forward_axes``
    (rarely) replaces the maps of the forward only, where PyTorch's forward kernel differs.
    ``keep_cl``: a channels-last input gives a channels-last output (not for circular padding,
    which PyTorch builds contiguous)."""
    order = sorted(axes, key=lambda a: -a.axis)
    fwd_order = order if forward_axes is None else sorted(forward_axes, key=lambda a: -a.axis)

    def fwd(a):
        a0 = a
        half = a.dtype == np.float16
        if half:   # PyTorch's CPU kernels compute half in float (with half weights) and round once
            a = a.astype(np.float32)
        for ax in fwd_order:
            a = ax.apply(a, half)
        a = a.astype(np.float16) if half else a
        return _keep_channels_last(a0, a) if keep_cl else a

    def adj(g):
        for ax in reversed(order):
            g = ax.adjoint(g)
        return g

    cls, adj_cls = _node_pair(name)
    return linear_op(x, fwd, adj, cls, adj_cls, save=save)


# ------------------------------------------------------------------ padding
def _constant_pad(x: Tensor, pads, value) -> Tensor:
    nd = x.dim()
    if len(pads) % 2 != 0:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pads) // 2 > nd:
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pads)} and input of dimension {nd}")
    shape = list(x.shape)
    lo = [0] * nd
    hi = [0] * nd
    for i in range(len(pads) // 2):
        d = nd - 1 - i
        lo[d], hi[d] = int(pads[2 * i]), int(pads[2 * i + 1])
    new_shape = []
    for d in range(nd):
        if shape[d] + min(lo[d], 0) + min(hi[d], 0) < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
        new_shape.append(shape[d] + lo[d] + hi[d])
    new_shape = tuple(new_shape)
    src = tuple(slice(max(-lo[d], 0), shape[d] - max(-hi[d], 0)) for d in range(nd))
    dst = tuple(slice(max(lo[d], 0), max(lo[d], 0) + (shape[d] - max(-lo[d], 0) - max(-hi[d], 0)))
                for d in range(nd))

    def fwd_with(a, v):
        out = np.full(new_shape, v, dtype=a.dtype)
        out[dst] = a[src]
        return _keep_channels_last(a, out)

    def fwd(a):
        return fwd_with(a, 0)

    def adj(g):
        out = np.zeros(tuple(shape), dtype=g.dtype)
        out[src] = g[dst]
        return out

    xd = x._data
    if value is None or value == 0:
        data = fwd(xd)
    else:
        v = value
        if xd.dtype.kind in "iub" and isinstance(v, float) and not float(v).is_integer():
            v = int(v)
        data = fwd_with(xd, v)
    return linear_op(x, fwd, adj, ConstantPadNdBackward0, ConstantPadNdBackward0, data=data)


def _pad_index(mode: str, n: int, lo: int, hi: int):
    i = np.arange(-lo, n + hi)
    if mode == "reflect":
        i = np.abs(i)
        i = np.where(i >= n, 2 * (n - 1) - i, i)
    elif mode == "replicate":
        i = np.clip(i, 0, n - 1)
    else:   # PyTorch crops negative pads first, then wraps within what is left
        c0 = max(-lo, 0)
        m = n - c0 - max(-hi, 0)
        i = c0 + np.mod(np.arange(-max(lo, 0), m + max(hi, 0)), m)
    return i


def _check_pad_args(mode, value) -> None:
    """PyTorch's parser checks of ``pad(Tensor input, int[] pad, str mode, float? value)`` (``F.pad`` passes
    them positionally): ``mode`` a ``str``, ``value`` a real number or a 0-d tensor not requiring grad."""
    from ...ops._argerrors import type_name
    if not isinstance(mode, str):
        raise TypeError(f"pad(): argument 'mode' (position 3) must be str, not {type_name(mode)}")
    if value is None or isinstance(value, (int, float, np.integer, np.floating)):
        return
    if isinstance(value, Tensor) and value.dim() == 0 and not value.requires_grad:
        return
    raise TypeError(f"pad(): argument 'value' (position 4) must be float, not {type_name(value)}")


def pad(input, pad, mode="constant", value=None) -> Tensor:
    """``torch.nn.functional.pad``: constant / reflect / replicate / circular."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "pad")
    x = input
    pads = list(int_list_arg("pad", "pad", (pad,)))
    if mode.__class__ is not str or not (value is None or value.__class__ is float or value.__class__ is int):
        _check_pad_args(mode, value)
    if mode == "constant":
        return _constant_pad(x, pads, value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if len(pads) % 2:   # ATen's _pad_enum checks the length before the value
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pads) > 2 * x.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pads)} and input of dimension {x.dim()}")
    if value is not None and value != 0:
        raise RuntimeError(f"Padding mode \"{mode}\" doesn't take in value argument")
    nd = x.dim()
    k = len(pads) // 2
    if len(pads) % 2 or k not in (1, 2, 3) or nd not in (k + 1, k + 2):
        raise NotImplementedError(
            f"Padding size {len(pads)} is not supported for {nd}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    axes = []
    for i in range(k):
        d = nd - 1 - i
        lo, hi = pads[2 * i], pads[2 * i + 1]
        n = x.shape[d]
        if mode == "reflect" and (lo >= n or hi >= n):
            arg = 4 + 2 * i   # ATen's reflection_pad{1,2,3}d check W, H, D as arguments #4, #6, #8
            raise RuntimeError(f"Argument #{arg}: Padding size should be less than the corresponding input dimension, "
                               f"but got: padding ({lo}, {hi}) at dimension {d} of input {_fmt(x.shape)}")
        if mode == "circular" and (lo > n or hi > n):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if n + lo + hi < 0:
            raise RuntimeError(f"input tensor size {n} with padding ({lo}, {hi}) resulted in an invalid output size")
        axes.append(_Axis(d, _pad_index(mode, n, lo, hi)[None, :], None, n))
    if mode != "circular" and (x._data.dtype.kind == "b" or x._data.dtype == np.uint16):
        from .basic import _word
        kernel = ("reflection_pad" if mode == "reflect" else "replication_pad") + f"{k}d"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_word(x)}'")
    if mode == "circular":
        return _separable(x, axes, "CopySlices", keep_cl=False)
    name = ("ReflectionPad" if mode == "reflect" else "ReplicationPad") + f"{k}D"
    return _separable(x, axes, name)


# ------------------------------------------------------------------ interpolation
def _scale_value(scale, n_in: int, n_out: int, ft=np.float32):
    """PyTorch's ``compute_scales_value`` in the op's math type."""
    if scale is not None and scale > 0:
        return ft(1.0 / scale)
    return ft(n_in) / ft(n_out)


def _area_scale(n_in: int, n_out: int, align_corners: bool, scale, ft=np.float32):
    if align_corners:
        if n_out > 1:
            return ft(n_in - 1) / ft(n_out - 1)
        return ft(0)
    return _scale_value(scale, n_in, n_out, ft)


def _nearest_axis(axis, n_in, n_out, scale, exact: bool) -> _Axis:
    o = np.arange(n_out)
    if exact:
        s = _scale_value(scale, n_in, n_out)
        idx = np.minimum(np.floor((o.astype(np.float32) + np.float32(0.5)) * s).astype(np.int64), n_in - 1)
    elif n_out == n_in:
        idx = o
    elif n_out == 2 * n_in:
        idx = o >> 1
    else:
        s = _scale_value(scale, n_in, n_out)
        idx = np.minimum(np.floor(o.astype(np.float32) * s).astype(np.int64), n_in - 1)
    return _Axis(axis, idx[None, :], None, n_in)


def _linear_axis(axis, n_in, n_out, scale, align_corners, dtype) -> _Axis:
    ft = np.float64 if dtype == np.float64 else np.float32
    o = np.arange(n_out)
    s = _area_scale(n_in, n_out, align_corners, scale, ft)
    of = o.astype(ft)
    if align_corners:
        src = s * of
    else:
        src = s * (of + ft(0.5)) - ft(0.5)
        src = np.where(src < 0, ft(0), src).astype(ft)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    lam1 = np.clip(src - i0.astype(ft), 0, 1).astype(ft)
    lam0 = (ft(1) - lam1).astype(ft)
    i1 = i0 + (i0 < n_in - 1)
    half_w = _half_linear_weights(lam1) if dtype == np.float16 else None
    return _Axis(axis, np.stack([i0, i1]), np.stack([lam0, lam1]), n_in, half_w)


def _half_linear_weights(lam1):
    """ATen's float16 linear weights: ``lambda1`` rounded to half, ``lambda0 = 1 - lambda1`` computed in half."""
    h1 = lam1.astype(np.float16)
    h0 = (np.float16(1) - h1).astype(np.float16)
    return np.stack([h0, h1]).astype(np.float32)


def _cubic_axis(axis, n_in, n_out, scale, align_corners, dtype) -> _Axis:
    ft = np.float64 if dtype == np.float64 else np.float32
    o = np.arange(n_out)
    s = _area_scale(n_in, n_out, align_corners, scale, ft)
    of = o.astype(ft)
    src = s * of if align_corners else s * (of + ft(0.5)) - ft(0.5)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    t = np.clip(src - i0.astype(ft), 0, 1).astype(ft)
    A = ft(-0.75)

    def c1(x):
        return ((A + ft(2)) * x - (A + ft(3))) * x * x + ft(1)

    def c2(x):
        return ((A * x - ft(5) * A) * x + ft(8) * A) * x - ft(4) * A

    w = np.stack([c2(t + ft(1)), c1(t), c1(ft(1) - t), c2(ft(1) - t + ft(1))]).astype(ft)
    idx = np.stack([np.clip(i0 - 1 + j, 0, n_in - 1) for j in range(4)])
    half_w = w.astype(np.float16).astype(np.float32) if dtype == np.float16 else None  # (float16: half weights)
    return _Axis(axis, idx, w, n_in, half_w)


def _aa_linear_filter(x):
    """Triangle filter of ``_upsample_bilinear2d_aa``."""
    x = np.abs(x)
    return np.where(x < 1, 1 - x, 0).astype(x.dtype)


def _aa_cubic_filter(x):
    """Keys' cubic (``a = -0.5``, as Pillow) of ``_upsample_bicubic2d_aa``, in the op's type."""
    ft = x.dtype.type
    a = ft(-0.5)
    x = np.abs(x)
    near = ((a + ft(2)) * x - (a + ft(3))) * x * x + ft(1)
    far = ((a * x - ft(5) * a) * x + ft(8) * a) * x - ft(4) * a
    return np.where(x < 1, near, np.where(x < 2, far, 0)).astype(x.dtype)


def _aa_lanczos_filter(x):
    """Lanczos-3 windowed sinc of ``_upsample_lanczos2d_aa`` (Pillow's ``LANCZOS``)."""
    xd = x.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.sinc(xd) * np.sinc(xd / 3)
    return np.where((xd >= -3) & (xd < 3), w, 0).astype(x.dtype)


_AA_FILTERS = {"bilinear": (2, _aa_linear_filter), "bicubic": (4, _aa_cubic_filter),
               "lanczos": (6, _aa_lanczos_filter)}


def _aa_axis(axis, n_in, n_out, scale, align_corners, dtype, mode) -> _Axis:
    """PyTorch's anti-aliased resampling weights (``_compute_indices_min_size_weights_aa``): a filter
    stretched by the scale when downsampling, taps ``[xmin, xmin + xsize)`` around each output
    centre, normalised to sum 1; computed in the input's floating type."""
    ft = np.float64 if dtype == np.float64 else np.float32
    interp_size, filt = _AA_FILTERS[mode]
    s = _area_scale(n_in, n_out, align_corners, scale, ft)
    down = s >= 1
    support = ft(interp_size * 0.5 * float(s)) if down else ft(interp_size * 0.5)
    invscale = ft(1.0 / float(s)) if down else ft(1)
    max_taps = int(math.ceil(float(support))) * 2 + 1
    o = np.arange(n_out)
    center = (float(s) * (o + 0.5)).astype(ft)
    xmin = np.maximum(((center - support).astype(np.float64) + 0.5).astype(np.int64), 0)
    xend = np.minimum(((center + support).astype(np.float64) + 0.5).astype(np.int64), n_in)
    xsize = np.clip(xend - xmin, 0, max_taps)
    j = np.arange(max_taps)[:, None]
    offs = (j + xmin[None, :]).astype(ft) - center[None, :]
    w = filt(((offs.astype(np.float64) + 0.5) * float(invscale)).astype(ft))
    w = np.where(j < xsize[None, :], w, ft(0)).astype(ft)
    total = np.zeros(n_out, dtype=ft)
    for t in range(max_taps):                # float sums in tap order, as the kernel
        total = (total + w[t]).astype(ft)
    w = np.where(total != 0, w / np.where(total != 0, total, ft(1)), w).astype(ft)
    idx = np.minimum(j + xmin[None, :], n_in - 1)
    used = int(xsize.max()) if n_out else 0
    return _Axis(axis, idx[:max(used, 1)], w[:max(used, 1)], n_in)


def _int_kernel(mode: str, dim: int, dtype) -> str:
    """The CPU kernel whose dispatch error PyTorch raises for integer input to ``interpolate``."""
    if mode in ("nearest", "nearest-exact"):
        return "upsample_nearest2d_channels_last" if dim == 2 else "compute_indices_weights_nearest"
    if mode == "bilinear":
        return "upsample_bilinear2d_channels_last"
    if mode == "bicubic":
        return "compute_indices_weights_cubic"
    if mode == "area":
        return "adaptive_avg_pool3d_cpu" if dim == 3 else "adaptive_avg_pool2d"
    return "compute_indices_weights_linear"


def _check_int_interpolate(dtype, mode: str, dim: int, antialias: bool = False) -> None:
    """Integer / bool / complex input (and float16 when antialiased): only uint8 with nearest /
    bilinear / bicubic (/ lanczos) is implemented, as in PyTorch."""
    if dtype == np.uint8 and (mode in ("nearest", "nearest-exact", "bilinear", "bicubic", "lanczos")):
        return
    from ..._dtype import SCALAR_TYPE_NAMES
    kernel = "compute_index_ranges_weights" if antialias else _int_kernel(mode, dim, dtype)
    raise NotImplementedError(f"\"{kernel}\" not implemented for "
                              f"'{SCALAR_TYPE_NAMES.get(dtype.name, dtype.name)}'")


def _uint8_filter(mode: str, antialias: bool):
    """The double filters of PyTorch's uint8 resampling (Keys' a = -0.75 bicubic without antialias)."""
    if mode == "bilinear":
        return lambda x: np.where(np.abs(x) < 1, 1 - np.abs(x), 0.0)
    if mode == "lanczos":
        return _aa_lanczos_filter
    a = -0.5 if antialias else -0.75

    def cubic(x):
        x = np.abs(x)
        near = ((a + 2) * x - (a + 3)) * x * x + 1
        far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
        return np.where(x < 1, near, np.where(x < 2, far, 0.0))
    return cubic


def _uint8_axis(n_in, n_out, scale, align_corners, mode, antialias):
    """(first tap, int16 weights (taps, n_out), precision) of PyTorch's uint8 kernels
    (``compute_index_ranges_int16_weights``): the anti-aliasing weights in double (with the
    half-pixel shift for ``align_corners`` without antialias), scaled to fixed point."""
    interp_size = _AA_FILTERS[mode][0]
    filt = _uint8_filter(mode, antialias)
    s = float(_area_scale(n_in, n_out, align_corners, scale, np.float64))
    if mode == "bicubic" and not antialias:
        w = _uint8_cubic_weights(n_in, n_out, s, align_corners, filt)
        xmin = np.clip(np.floor(_cubic_source(n_out, s, align_corners)).astype(np.int64) - 1, 0, n_in - 1)
        xsize = np.full(n_out, 4, dtype=np.int64)
        return (xmin, xsize) + _int16_weights(w)
    delta = 0.5 if (align_corners and not antialias) else 0.0
    stretch = antialias and s >= 1
    support = interp_size * 0.5 * s if stretch else interp_size * 0.5
    invscale = 1.0 / s if stretch else 1.0
    max_taps = int(math.ceil(support)) * 2 + 1
    center = s * (np.arange(n_out) + 0.5 - delta)
    xmin = np.maximum(np.trunc(center - support + 0.5 + delta).astype(np.int64), 0)
    xend = np.minimum(np.trunc(center + support + 0.5 + delta).astype(np.int64), n_in)
    xsize = np.clip(xend - xmin, 0, max_taps)
    j = np.arange(max_taps)[:, None]
    w = filt(((j + xmin[None, :]) - center[None, :] + 0.5 - delta) * invscale)
    w = np.where(j < xsize[None, :], w, 0.0)
    total = np.zeros(n_out)
    for t in range(max_taps):
        total = total + w[t]
    w = np.where(total != 0, w / np.where(total != 0, total, 1.0), w)
    return (xmin, xsize) + _int16_weights(w)


def _int16_weights(w):
    """Double weights to PyTorch's int16 fixed point: the largest precision keeping the biggest
    weight below 2**15, each weight rounded half away from zero.  Returns (weights, precision)."""
    wt_max = max(float(w.max()), 0.0) if w.size else 0.0
    precision = 0
    while precision < 22 and int(0.5 + wt_max * (1 << (precision + 1))) < (1 << 15):
        precision += 1
    v = w * (1 << precision)
    return np.trunc(np.where(v < 0, v - 0.5, v + 0.5)).astype(np.int64), precision


def _cubic_source(n_out, s, align_corners):
    """``area_pixel_compute_source_index`` for cubic (no clamping at 0), in double."""
    o = np.arange(n_out, dtype=np.float64)
    return s * o if align_corners else s * (o + 0.5) - 0.5


def _uint8_cubic_weights(n_in, n_out, s, align_corners, filt):
    """Bicubic taps ``floor(x) - 1 .. floor(x) + 2`` with out-of-range taps folded onto the border
    pixel (index clamping), as dense (4, n_out) weights from the clamped first tap."""
    src = _cubic_source(n_out, s, align_corners)
    base = np.floor(src).astype(np.int64)
    t = src - base
    first = np.clip(base - 1, 0, n_in - 1)
    w = np.zeros((4, n_out))
    cols = np.arange(n_out)
    for k in range(4):
        tap = np.clip(base - 1 + k, 0, n_in - 1)
        np.add.at(w, (np.minimum(tap - first, 3), cols), filt(t + 1 - k))
    return w


def _uint8_pass(a, axis, n_out, scale, align_corners, mode, antialias):
    """One fixed-point resampling pass along ``axis`` (rounded half up, clamped to 0..255)."""
    n_in = a.shape[axis]
    xmin, xsize, wi, precision = _uint8_axis(n_in, n_out, scale, align_corners, mode, antialias)
    src = np.moveaxis(a, axis, -1).astype(np.int64)
    acc = np.zeros(src.shape[:-1] + (n_out,), dtype=np.int64)
    for t in range(wi.shape[0]):
        idx = np.minimum(xmin + t, n_in - 1)
        acc += src[..., idx] * np.where(t < xsize, wi[t], 0)
    acc = (acc + (1 << (precision - 1) if precision else 0)) >> precision
    return np.moveaxis(np.clip(acc, 0, 255).astype(np.uint8), -1, axis)


def _uint8_resample(x, in_sz, output_size, scale_factors, align_corners, mode, antialias):
    """uint8 ``bilinear`` / ``bicubic`` (/ ``lanczos``) as PyTorch's integer kernels: width then
    height, each a separate fixed-point pass on uint8 (a dim of unchanged size is skipped)."""
    from ...ops._common import _make
    a = np.asarray(x._data)
    for i in (1, 0):
        if in_sz[i] != output_size[i]:
            sc = None if scale_factors is None else scale_factors[i]
            a = _uint8_pass(a, i + 2, output_size[i], sc, align_corners, mode, antialias)
    if a.shape[1] > 4 and output_size[1] == 1 and in_sz[0] != output_size[0]:
        a = np.repeat(a[:, :, :1], a.shape[2], axis=2)   # PyTorch's generic kernel repeats row 0 here
    return _make(np.ascontiguousarray(a))


_MODE_NAMES = {
    ("nearest", 1): "UpsampleNearest1D", ("nearest", 2): "UpsampleNearest2D", ("nearest", 3): "UpsampleNearest3D",
    ("nearest-exact", 1): "UpsampleNearestExact1D", ("nearest-exact", 2): "UpsampleNearestExact2D",
    ("nearest-exact", 3): "UpsampleNearestExact3D", ("linear", 1): "UpsampleLinear1D",
    ("bilinear", 2): "UpsampleBilinear2D", ("trilinear", 3): "UpsampleTrilinear3D", ("bicubic", 2): "UpsampleBicubic2D",
}

_MODES_MSG = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"


def _is_integer(v) -> bool:
    """``F._is_integer``: a Python/NumPy int, or a tensor holding integers."""
    if isinstance(v, (int, np.integer)):
        return True
    return isinstance(v, Tensor) and not v.is_floating_point()


class _TypeRepr:
    """Prints as ``type(v)`` does under PyTorch (an ember tensor shows as ``torch.Tensor``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _torch_type(v):
    if isinstance(v, Tensor):
        return _TypeRepr("<class 'torch.Tensor'>")
    return type(v)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False) -> Tensor:
    """``torch.nn.functional.interpolate`` (nearest, nearest-exact, (bi/tri)linear, bicubic, area)."""
    x = input
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = x.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        scale_factors = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got input with spatial "
                    f"dimensions of {list(x.shape[2:])} and output size of {size}. Please provide input tensor in "
                    "(N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
            if not all(_is_integer(v) for v in size):
                types = [_torch_type(v) for v in size]
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                                f"Tuple[int, int, int], but got size with types {types}")
            output_size = [int(s) for s in size]
        else:
            output_size = [int(size)] * dim
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but got input with "
                    f"spatial dimensions of {list(x.shape[2:])} and scale_factor of shape {scale_factor}. Please "
                    "provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) "
                    "format.")
            scale_factors = [float(s) for s in scale_factor]
        else:
            scale_factors = [float(scale_factor)] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor is not None and recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        output_size = [int(math.floor(float(x.shape[i + 2]) * scale_factors[i])) for i in range(dim)]
        scale_factors = None
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and x.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                         "4-D tensor as input")
    if mode == "lanczos" and x.dim() == 4:
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    if dim not in (1, 2, 3):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {x.dim()}D) for the "
                                  f"modes: {_MODES_MSG} (got {mode})")
    need = {"linear": 1, "bilinear": 2, "trilinear": 3}
    if mode in need and need[mode] != dim:
        raise NotImplementedError(f"Got {x.dim()}D input, but {mode} mode needs {need[mode] + 2}D input")
    if mode == "bicubic" and dim != 2:   # (PyTorch has no "needs 4D" message for bicubic: the catch-all)
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {x.dim()}D) for the "
                                  f"modes: {_MODES_MSG} (got {mode})")
    if x._data.dtype.kind in "biuc" or (antialias and x._data.dtype == np.float16):
        _check_int_interpolate(x._data.dtype, mode, dim, antialias)
    if mode == "area":
        from .pooling import adaptive_avg_pool1d, adaptive_avg_pool2d
        if dim == 1:
            return adaptive_avg_pool1d(x, output_size)
        if dim == 2:
            return adaptive_avg_pool2d(x, output_size)
        from .pooling3d import adaptive_avg_pool3d
        return adaptive_avg_pool3d(x, output_size)
    if mode not in ("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "bicubic") \
            and not (mode == "lanczos" and dim == 2):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {x.dim()}D) for the "
                                  f"modes: {_MODES_MSG} (got {mode})")
    in_sz = list(x.shape[2:])
    if output_size is None:
        output_size = [int(in_sz[i] * scale_factors[i]) for i in range(dim)]
    if any(o <= 0 for o in output_size) or any(i <= 0 for i in in_sz):
        names = "DHW"[3 - dim:]
        ins = ", ".join(f"{n}: {v}" for n, v in zip(names, in_sz))
        outs = ", ".join(f"{n}: {v}" for n, v in zip(names, output_size))
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({ins}) output ({outs})")
    dtype = x._data.dtype
    if dtype == np.uint8 and dim == 2 and mode in ("bilinear", "bicubic", "lanczos"):
        return _uint8_resample(x, in_sz, output_size, scale_factors, align_corners, mode, antialias)
    if antialias:
        return _antialiased(x, in_sz, output_size, scale_factors, align_corners, mode, dtype)
    axes = []
    for i in range(dim):
        sc = None if scale_factors is None else scale_factors[i]
        n_in, n_out = in_sz[i], output_size[i]
        if mode in ("nearest", "nearest-exact"):
            axes.append(_nearest_axis(i + 2, n_in, n_out, sc, mode == "nearest-exact"))
        elif mode == "bicubic":
            axes.append(_cubic_axis(i + 2, n_in, n_out, sc, align_corners, dtype))
        else:
            axes.append(_linear_axis(i + 2, n_in, n_out, sc, align_corners, dtype))
    if dtype == np.float16 and mode == "bilinear" and sum(output_size) <= 128:
        for ax in axes:  # ATen's separable kernel for small outputs: float weights, as float32
            ax.half_w = None
    return _separable(x, axes, _MODE_NAMES[(mode, dim)])


def _antialiased(x, in_sz, output_size, scale_factors, align_corners, mode, dtype) -> Tensor:
    """``_upsample_{bilinear,bicubic,lanczos}2d_aa``: separable, width first; a spatial dim whose
    size does not change is copied (PyTorch's kernel skips it).

    PyTorch 2.13's CPU forward kernel, when the output width is 1 and the height changes, writes
    output row 0 into every output row; the forward mirrors that (its backward is unaffected)."""
    axes = []
    for i in range(2):
        n_in, n_out = in_sz[i], output_size[i]
        if n_in == n_out:
            continue
        sc = None if scale_factors is None else scale_factors[i]
        axes.append(_aa_axis(i + 2, n_in, n_out, sc, align_corners, dtype, mode))
    fwd_axes = list(axes)
    if output_size[1] == 1 and in_sz[0] != output_size[0]:
        rows = axes[0]
        fwd_axes[0] = _Axis(rows.axis, np.repeat(rows.idx[:, :1], rows.idx.shape[1], axis=1),
                            np.repeat(rows.w[:, :1], rows.w.shape[1], axis=1), rows.n_in)
    name = {"bilinear": "UpsampleBilinear2DAa", "bicubic": "UpsampleBicubic2DAa", "lanczos": "UpsampleLanczos2DAa"}
    if fwd_axes == axes:
        return _separable(x, axes, name[mode])
    return _separable(x, axes, name[mode], forward_axes=fwd_axes)


def _deprecated_upsample(name: str) -> None:
    """PyTorch's ``UserWarning`` from the deprecated ``nn.functional.<name>`` (pointed at the caller)."""
    import warnings
    warnings.warn(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=3)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated ``torch.nn.functional.upsample`` (warns, then ``interpolate``)."""
    _deprecated_upsample("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated ``torch.nn.functional.upsample_nearest`` (warns, then nearest ``interpolate``)."""
    _deprecated_upsample("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated ``torch.nn.functional.upsample_bilinear`` (warns, then bilinear ``interpolate`` with
    ``align_corners=True``)."""
    _deprecated_upsample("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ------------------------------------------------------------------ pixel shuffle
def pixel_shuffle(input, upscale_factor: int) -> Tensor:
    """``torch.nn.functional.pixel_shuffle``: ``(*, C*r*r, H, W) -> (*, C, H*r, W*r)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "pixel_shuffle")
    x = input
    r = int(upscale_factor)
    if x.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{x.dim()} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    C, H, W = x.shape[-3:]
    if C % (r * r):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={C} is not divisible by {r * r}")
    lead = tuple(x.shape[:-3])
    Co = C // (r * r)
    nl = len(lead)
    perm = tuple(range(nl)) + tuple(nl + i for i in (0, 3, 1, 4, 2))

    def fwd(a):
        return np.array(a.reshape(lead + (Co, r, r, H, W)).transpose(perm)).reshape(
            lead + (Co, H * r, W * r))

    def adj(g):
        return _unshuffle_np(g, r, lead, Co, H, W)

    return linear_op(x, fwd, adj, PixelShuffleBackward0, PixelUnshuffleBackward0)


def _unshuffle_np(a, r, lead, Co, H, W):
    nl = len(lead)
    perm = tuple(range(nl)) + tuple(nl + i for i in (0, 2, 4, 1, 3))
    return np.array(a.reshape(lead + (Co, H, r, W, r)).transpose(perm)).reshape(
        lead + (Co * r * r, H, W))


def pixel_unshuffle(input, downscale_factor: int) -> Tensor:
    """``torch.nn.functional.pixel_unshuffle``: ``(*, C, H*r, W*r) -> (*, C*r*r, H, W)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "pixel_unshuffle")
    x = input
    r = int(downscale_factor)
    if x.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{x.dim()} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    C, Hr, Wr = x.shape[-3:]
    if Hr % r:
        raise RuntimeError("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)="
                           f"{Hr} is not divisible by {r}")
    if Wr % r:
        raise RuntimeError("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)="
                           f"{Wr} is not divisible by {r}")
    lead = tuple(x.shape[:-3])
    H, W = Hr // r, Wr // r
    nl = len(lead)
    perm = tuple(range(nl)) + tuple(nl + i for i in (0, 3, 1, 4, 2))

    def fwd(a):
        return _unshuffle_np(a, r, lead, C, H, W)

    def adj(g):
        return np.array(g.reshape(lead + (C, r, r, H, W)).transpose(perm)).reshape(lead + (C, Hr, Wr))

    return linear_op(x, fwd, adj, PixelUnshuffleBackward0, PixelShuffleBackward0)


# ------------------------------------------------------------------ unfold / fold
def _pair(v):
    if isinstance(v, (list, tuple)):
        return tuple(int(i) for i in v) if len(v) == 2 else (int(v[0]),) * 2
    return (int(v), int(v))


def _unfold_np(a, k, d, p, s, out_sz):
    """``(N, C, H, W)`` -> ``(N, C*kh*kw, L)``."""
    N, C, H, W = a.shape
    if p[0] or p[1]:
        ap = np.zeros((N, C, H + 2 * p[0], W + 2 * p[1]), dtype=a.dtype)
        ap[:, :, p[0]:p[0] + H, p[1]:p[1] + W] = a
    else:
        ap = a
    st = ap.strides
    shape = (N, C, k[0], k[1], out_sz[0], out_sz[1])
    strides = (st[0], st[1], st[2] * d[0], st[3] * d[1], st[2] * s[0], st[3] * s[1])
    out = np.empty(shape, dtype=a.dtype)
    np.copyto(out, as_strided(ap, shape, strides, writeable=False))
    return out.reshape(N, C * k[0] * k[1], out_sz[0] * out_sz[1])


def _fold_np(cols, C, in_sz, k, d, p, s, out_sz):
    """Adjoint of ``_unfold_np``: ``(N, C*kh*kw, L)`` -> ``(N, C, H, W)``."""
    N = cols.shape[0]
    c = cols.reshape(N, C, k[0], k[1], out_sz[0], out_sz[1])
    H, W = in_sz
    xp = np.zeros((N, C, H + 2 * p[0], W + 2 * p[1]), dtype=cols.dtype)
    for a in range(k[0]):
        for b in range(k[1]):
            xp[:, :, a * d[0]:a * d[0] + s[0] * (out_sz[0] - 1) + 1:s[0],
               b * d[1]:b * d[1] + s[1] * (out_sz[1] - 1) + 1:s[1]] += c[:, :, a, b]
    if p[0] or p[1]:
        return np.ascontiguousarray(xp[:, :, p[0]:p[0] + H, p[1]:p[1] + W])
    return xp


def _blocks(in_sz, k, d, p, s):
    return tuple((n + 2 * pp - dd * (kk - 1) - 1) // ss + 1 for n, kk, dd, pp, ss in zip(in_sz, k, d, p, s))


def _im2col_pairs(args) -> list:
    """F's ``_pair`` (a sequence passes through as is) and ATen's ``It is expected ... equals to 2`` checks."""
    out = []
    for name, v in args:
        if isinstance(v, Tensor):
            v = v.tolist()
        v = tuple(int(i) for i in v) if isinstance(v, (list, tuple)) else (int(v), int(v))
        if len(v) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(v)}")
        out.append(v)
    return out


_IM2COL_CHECKS = {
    "kernel_size": (lambda v: v > 0, "kernel size should be greater than zero, but got kernel_height: {} "
                                     "kernel_width: {}"),
    "dilation": (lambda v: v > 0, "dilation should be greater than zero, but got dilation_height: {} "
                                  "dilation_width: {}"),
    "padding": (lambda v: v >= 0, "padding should be non-negative, but got pad_height: {} pad_width: {}"),
    "stride": (lambda v: v > 0, "stride should be greater than zero, but got stride_height: {} stride_width: {}"),
}


def _im2col_value_checks(order, vals) -> None:
    for name in order:
        ok, msg = _IM2COL_CHECKS[name]
        if not (ok(vals[name][0]) and ok(vals[name][1])):
            raise RuntimeError(msg.format(*vals[name]))


def _im2col_dtype_check(x, kernel: str) -> None:
    if x._data.dtype.kind in "iu":
        from .basic import _word
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_word(x)}'")


def unfold(input, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """``torch.nn.functional.unfold`` (im2col): ``(N, C, H, W) -> (N, C*kh*kw, L)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "im2col")
    x = input
    k, d, p, s = _im2col_pairs((("kernel_size", kernel_size), ("dilation", dilation), ("padding", padding),
                                ("stride", stride)))
    _im2col_value_checks(("kernel_size", "dilation", "padding", "stride"),
                         {"kernel_size": k, "dilation": d, "padding": p, "stride": s})
    if x.dim() < 3:   # ATen's im2col_shape_check reads size(1) and size(2) before checking the rank
        x.size(1), x.size(2)
    if x.dim() not in (3, 4) or any(v == 0 for v in x.shape[-3:]):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {_fmt(x.shape)}")
    unbatched = x.dim() == 3   # im2col takes the 3-D input itself: the node is Im2ColBackward0 either way
    C = x.shape[-3]
    in_sz = tuple(x.shape[-2:])
    out_sz = _blocks(in_sz, k, d, p, s)
    if out_sz[0] < 1 or out_sz[1] < 1:
        raise RuntimeError(f"Given input with spatial size ({in_sz[0]}, {in_sz[1]}), kernel_size=({k[0]}, {k[1]}), "
                           f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), calculated shape of the array of "
                           f"sliding blocks as ({out_sz[0]}, {out_sz[1]}), but its components must be at least one.")
    _im2col_dtype_check(x, "im2col_out_cpu")
    if unbatched:
        return linear_op(x, lambda a: _unfold_np(a[None], k, d, p, s, out_sz)[0],
                         lambda g: _fold_np(g[None], C, in_sz, k, d, p, s, out_sz)[0], Im2ColBackward0,
                         Col2ImBackward0)
    return linear_op(x, lambda a: _unfold_np(a, k, d, p, s, out_sz),
                     lambda g: _fold_np(g, C, in_sz, k, d, p, s, out_sz), Im2ColBackward0, Col2ImBackward0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """``torch.nn.functional.fold`` (col2im): ``(N, C*kh*kw, L) -> (N, C, H, W)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "col2im")
    x = input
    o, k, d, p, s = _im2col_pairs((("output_size", output_size), ("kernel_size", kernel_size),
                                   ("dilation", dilation), ("padding", padding), ("stride", stride)))
    _im2col_value_checks(("kernel_size", "stride", "dilation", "padding"),
                         {"kernel_size": k, "dilation": d, "padding": p, "stride": s})
    if x.dim() not in (2, 3) or any(v == 0 for v in x.shape[x.dim() - 2:]):
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {_fmt(x.shape)}")
    unbatched = x.dim() == 2   # col2im takes the 2-D input itself: the node is Col2ImBackward0 either way
    xs = (1,) + tuple(x.shape) if unbatched else tuple(x.shape)
    K = k[0] * k[1]
    if xs[1] % K:
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={xs[1]} and kernel_size=({k[0]}, {k[1]}).")
    C = xs[1] // K
    blocks = _blocks(o, k, d, p, s)
    if blocks[0] * blocks[1] != xs[2]:
        raise RuntimeError(
            f"Given output_size=({o[0]}, {o[1]}), kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, {d[1]}), "
            f"padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), expected size of input's dimension 2 to match the "
            f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but got "
            f"input.size(2)={xs[2]}.")
    _im2col_dtype_check(x, "col2im_out_cpu")
    if unbatched:
        return linear_op(x, lambda c: _fold_np(c[None], C, o, k, d, p, s, blocks)[0],
                         lambda g: _unfold_np(g[None], k, d, p, s, blocks)[0], Col2ImBackward0, Im2ColBackward0)
    return linear_op(x, lambda c: _fold_np(c, C, o, k, d, p, s, blocks),
                     lambda g: _unfold_np(g, k, d, p, s, blocks), Col2ImBackward0, Im2ColBackward0)
