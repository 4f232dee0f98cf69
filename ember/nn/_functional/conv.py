"""Convolutions: ``conv1d/2d/3d`` and ``conv_transpose1d/2d/3d``.

A convolution is a trilinear form ``T(x, W, ybar) = <conv(x, W), ybar>``.
Its three "faces" are the only NumPy kernels here:

* face 0, ``y  = conv(x, W)``: im2col (one strided copy) then one GEMM;
* face 1, ``xbar = conv_x_grad(ybar, W)``: one GEMM then col2im, which
  accumulates the columns back one kernel offset at a time (``kh*kw``
  strided adds, no scatter);
* face 2, ``Wbar = conv_w_grad(x, ybar)``: im2col then one batched GEMM.

The derivative of each face with respect to either operand is another face,
so ``_face`` records nodes whose backward calls ``_face`` again: convolution
is differentiable to any order (``ConvolutionBackwardBackward0`` as in
PyTorch), while first-order backward (grad mode off) runs pure NumPy.
A transposed convolution is face 1 of the convolution it transposes.
"""
from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ...backend import blas
from ...backend.scratch import big_empty, scratch
from ...ops._common import GRAD, Node, Tensor, _make, finish
from ...ops.convert import _suggests
from . import conv_shift as _shift
from .conv_shift import pad_nc as _pad_nc, padded as _padded

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]

_SAME_WARNING = (
    "Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be "
    "created (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1101.)"
)


class _Geo:
    """Geometry of one convolution (spatial sizes exclude batch and channels)."""

    __slots__ = ("nd", "k", "stride", "dil", "padl", "padr", "groups", "in_sz", "out_sz", "trivial", "exact_cols")

    def __init__(self, k, stride, dil, padl, padr, groups, in_sz, out_sz):
        self.nd = len(k)
        self.k, self.stride, self.dil = tuple(k), tuple(stride), tuple(dil)
        self.padl, self.padr = tuple(padl), tuple(padr)
        self.groups = groups
        self.in_sz, self.out_sz = tuple(in_sz), tuple(out_sz)
        # 1x1 kernel, stride 1, no padding: im2col is a reshape
        self.trivial = (all(v == 1 for v in self.k) and all(v == 1 for v in self.stride)
                        and not any(self.padl) and not any(self.padr) and self.in_sz == self.out_sz)
        # one im2col column per output position: no layout that computes extra columns
        self.exact_cols = False

    def exact(self) -> "_Geo":
        """This geometry with the flat and shifted-GEMM layouts turned off.

        Their extra columns carry zero gradient, and ``0 * inf`` is NaN: a
        gradient that comes out non-finite there is recomputed this way.
        """
        geo = _Geo(self.k, self.stride, self.dil, self.padl, self.padr, self.groups, self.in_sz, self.out_sz)
        geo.exact_cols = True
        return geo

    @property
    def kprod(self) -> int:
        p = 1
        for v in self.k:
            p *= v
        return p

    @property
    def L(self) -> int:
        p = 1
        for v in self.out_sz:
            p *= v
        return p


# ------------------------------------------------------------------ NumPy kernels
# Internally columns use a channel-major, batch-inner layout ``(C*prod(k), N*Lc)``
# so that every convolution is one GEMM per group (``(Og, Cg*K) @ (Cg*K, N*Lc)``)
# and every kernel offset of im2col / col2im touches long contiguous runs.
#
# Stride-1 convolutions use the "flat" trick: with the padded input flattened
# per (channel, image), the window of kernel offset ``kk`` is the contiguous
# run ``xp[off(kk) : off(kk) + Lc]`` where ``Lc = out[0] * prod(padded[1:])``;
# the extra columns (those past ``out[i]`` in inner dims) are computed and
# cropped.  Other strides use one strided copy (``as_strided``) instead.

def _flat_info(geo: _Geo):
    """(padded sizes, row strides of the padded flat layout, Lc, offsets, buffer length)."""
    key = (geo.k, geo.dil, geo.padl, geo.padr, geo.in_sz, geo.out_sz)
    info = _FLAT_INFO.get(key)
    if info is None:
        if len(_FLAT_INFO) >= 256:
            _FLAT_INFO.clear()
        info = _FLAT_INFO[key] = _compute_flat_info(geo)
    return info


_FLAT_INFO: dict = {}


def _compute_flat_info(geo: _Geo):
    sp = _padded(geo)
    pst = [1] * geo.nd
    for i in range(geo.nd - 2, -1, -1):
        pst[i] = pst[i + 1] * sp[i + 1]
    P = pst[0] * sp[0]
    Lc = geo.out_sz[0] * pst[0]
    offs = [sum(kk[i] * geo.dil[i] * pst[i] for i in range(geo.nd))
            for kk in itertools.product(*(range(v) for v in geo.k))]
    return sp, tuple(pst), Lc, tuple(offs), max(P, offs[-1] + Lc)


# Output rows at least this wide take the exact-columns path: its copies run over whole rows
# (and the GEMM result is already in NCHW order up to a transpose), which beats the flat
# layout's longer runs plus its cropping copies (CNN 32x32: -4%; LeNet 28x28: -4%; with 10-wide
# rows the flat layout is faster).
_FLAT_BELOW = 16


def _is_flat(geo: _Geo) -> bool:
    return (all(v == 1 for v in geo.stride) and not geo.trivial and geo.out_sz[-1] < _FLAT_BELOW
            and not geo.exact_cols)


def _cols_buffer(shape: tuple, n_rows: int, dtype, ones: bool):
    """A pooled im2col buffer: ``(view, matrix)`` where ``view`` has ``shape`` (whose leading dims
    hold ``n_rows`` rows) and ``matrix`` is the 2-D columns matrix, with one more row of ones
    after them if ``ones`` (the bias, as in the rows layout)."""
    n_cols = math.prod(shape) // n_rows
    mat = big_empty((n_rows + ones, n_cols), dtype, "conv.cols1" if ones else "conv.cols")
    if ones:
        mat[n_rows] = 1
    return mat[:n_rows].reshape(shape), mat


def _im2col(x, geo: _Geo, ones: bool = False):
    """Columns ``(G, Cg*prod(k), N*Lc)`` of ``x`` ``(N, C, *in_sz)``; with ``ones`` (one group
    only), ``(1, C*prod(k) + 1, N*Lc)`` whose last row holds ones (for the bias)."""
    N, C = x.shape[:2]
    G = geo.groups
    K = geo.kprod
    ones = ones and G == 1
    head = (slice(None), slice(None))
    if geo.trivial:
        cols, mat = _cols_buffer((C, N) + geo.in_sz, C, x.dtype, ones)
        np.copyto(cols, x.swapaxes(0, 1))
        return mat.reshape(G, -1, N * geo.L)
    if _is_flat(geo):
        sp, pst, Lc, offs, blen = _flat_info(geo)
        buf = scratch((C, N, blen), x.dtype, "conv.padded")  # only read into cols below
        buf.fill(0)
        inner = buf[:, :, :pst[0] * sp[0]].reshape((C, N) + sp)
        inner[head + tuple(slice(a, a + s) for a, s in zip(geo.padl, geo.in_sz))] = x.swapaxes(0, 1)
        cols, mat = _cols_buffer((C, K, N, Lc), C * K, x.dtype, ones)
        for j, off in enumerate(offs):
            cols[:, j] = buf[:, :, off:off + Lc]
        return mat.reshape(G, -1, N * Lc)
    xp = _pad_nc(x, geo)
    st = xp.strides
    shape = (C,) + geo.k + (N,) + geo.out_sz
    strides = (st[1],) + tuple(st[2 + i] * geo.dil[i] for i in range(geo.nd)) + (st[0],) + \
        tuple(st[2 + i] * geo.stride[i] for i in range(geo.nd))
    cols, mat = _cols_buffer(shape, C * K, x.dtype, ones)
    np.copyto(cols, as_strided(xp, shape, strides, writeable=False))
    return mat.reshape(G, -1, N * geo.L)


def _to_cols_layout(g, geo: _Geo):
    """``g`` ``(N, O, *out_sz)`` as ``(O, N*Lc)`` (zeros in the flat layout's extra columns)."""
    N, O = g.shape[:2]
    if _is_flat(geo):
        sp, pst, Lc, offs, blen = _flat_info(geo)
        gp = big_empty((O, N, geo.out_sz[0]) + sp[1:], g.dtype, "conv.gm")
        for i in range(1, geo.nd):  # zero only the extra columns, then copy g over the others
            gp[(slice(None),) * (2 + i) + (slice(geo.out_sz[i], None),)] = 0
        gp[(slice(None),) * 3 + tuple(slice(0, s) for s in geo.out_sz[1:])] = g.swapaxes(0, 1)
        return gp.reshape(O, N * Lc)
    gp = big_empty((O, N) + geo.out_sz, g.dtype, "conv.gm")
    np.copyto(gp, g.swapaxes(0, 1))
    return gp.reshape(O, N * geo.L)


def _from_cols_layout(y, geo: _Geo, N: int, bias=None):
    """``y`` ``(O, N*Lc)`` back to ``(N, O, *out_sz)`` (C-contiguous), plus ``bias`` per channel."""
    O = y.shape[0]
    if _is_flat(geo):
        sp = _padded(geo)
        y = y.reshape((O, N, geo.out_sz[0]) + sp[1:])
        y = y[(slice(None),) * 3 + tuple(slice(0, s) for s in geo.out_sz[1:])]
    else:
        y = y.reshape((O, N) + geo.out_sz)
    out = big_empty((N, O) + geo.out_sz, y.dtype, "conv.out")
    np.copyto(out, y.swapaxes(0, 1))
    if bias is not None:
        _add_channel_bias(out, bias)
    return out


# A bias broadcast along the contiguous axis (stride 0) takes NumPy's slow non-SIMD loop; a
# ``(O, L)`` block of it runs ~2x faster.  Above this many elements the block costs more than it saves.
_BIAS_BLOCK_MAX = 1 << 18


def _bias_operand(bias, spatial: tuple, dtype):
    """``bias[o]`` as an operand broadcasting against ``(O, *spatial)``: a whole block while it
    is small (NumPy's SIMD loop), else ``(O, 1, ...)``."""
    O, L = bias.shape[0], math.prod(spatial)
    if O * L <= _BIAS_BLOCK_MAX and L >= 16:
        return np.repeat(bias.astype(dtype, copy=False), L).reshape((O,) + tuple(spatial))
    return bias.reshape((O,) + (1,) * len(spatial))


def _add_channel_bias(out, bias) -> None:
    """``out (N, O, *spatial) += bias[o]`` in place."""
    np.add(out, _bias_operand(bias, out.shape[2:], out.dtype), out=out)


def _col2im(dcols, geo: _Geo, N: int, C: int):
    """Accumulate columns ``(C*prod(k), N*Lc)`` back into an input ``(N, C, *in_sz)``."""
    head = (slice(None), slice(None))
    K = geo.kprod
    if geo.trivial:
        out = np.empty((N, C) + geo.in_sz, dtype=dcols.dtype)
        np.copyto(out, dcols.reshape((C, N) + geo.in_sz).swapaxes(0, 1))
        return out
    if _is_flat(geo):
        sp, pst, Lc, offs, blen = _flat_info(geo)
        dcols = dcols.reshape(C, K, N, Lc)
        buf = np.zeros((C, N, blen), dtype=dcols.dtype)
        for j, off in enumerate(offs):
            buf[:, :, off:off + Lc] += dcols[:, j]
        xp = buf[:, :, :pst[0] * sp[0]].reshape((C, N) + sp)
    else:
        dcols = dcols.reshape((C,) + geo.k + (N,) + geo.out_sz)
        xp = np.zeros((C, N) + _padded(geo), dtype=dcols.dtype)
        for kk in itertools.product(*(range(v) for v in geo.k)):
            slc = tuple(slice(kk[i] * geo.dil[i], kk[i] * geo.dil[i] + geo.stride[i] * (geo.out_sz[i] - 1) + 1,
                              geo.stride[i]) for i in range(geo.nd))
            xp[head + slc] += dcols[(slice(None),) + kk]
    crop = tuple(slice(a, a + s) for a, s in zip(geo.padl, geo.in_sz))
    out = np.empty((N, C) + geo.in_sz, dtype=dcols.dtype)
    np.copyto(out, xp[head + crop].swapaxes(0, 1))
    return out


def _columns(x, geo: _Geo, w, weight_grad_only: bool = False, ones: bool = False):
    """What face 0 and face 2 read of input ``x``: the shifted-GEMM rows where they apply (with a
    row of ones for the bias if ``ones``), else im2col."""
    if _shift.rows_pay(geo, x, w, weight_grad_only):
        return _shift.make_rows(x, geo, ones)
    return _im2col(x, geo, ones)


def _face0_np(x, w, geo: _Geo, cols=None, bias=None):
    """``y = conv(x, w) (+ bias)``: ``(N, O, *out_sz)``."""
    if cols.__class__ is _shift.Rows or (cols is None and _shift.rows_pay(geo, x, w)):
        return _shift.face0(x, w, geo, cols, bias)  # the forward's rows carry the bias's row of ones
    N = x.shape[0]
    G = geo.groups
    O = w.shape[0]
    if cols is None:
        cols = _im2col(x, geo)
    if G == 1:
        wm, y = w.reshape(O, -1), scratch((O, cols.shape[2]), cols.dtype, "conv.y")
        mat = cols[0]
        if mat.shape[0] > wm.shape[1]:  # a row of ones: the bias is one more column of the weights
            if bias is None:
                mat = mat[:wm.shape[1]]
            else:
                wm = np.concatenate((wm, bias.reshape(O, 1).astype(wm.dtype, copy=False)), axis=1)
                bias = None
        if not blas.gemm_split_n(wm, mat, y):  # few output channels: columns over the threads
            np.matmul(wm, mat, out=y)
    elif bias is not None and w.dtype == np.float16:   # PyTorch sums a half bias in with the float products
        y = np.matmul(w.reshape(G, O // G, -1).astype(np.float32), cols.astype(np.float32)).reshape(O, -1)
        y = (y + bias.reshape(O, 1).astype(np.float32)).astype(np.float16)
        bias = None
    else:
        y = np.matmul(w.reshape(G, O // G, -1), cols).reshape(O, -1)
    return _from_cols_layout(y, geo, N, bias)  # copies out of the scratch buffer


def _face1_np(g, w, geo: _Geo, cols=None, gm=None):
    """``xbar`` from ``ybar = g`` and ``w``: ``(N, C, *in_sz)``."""
    if _shift.usable(geo, g, w):
        out = _shift.face1(g, w, geo, gm if gm.__class__ is _shift.GradRows else None)
        if out is not None:
            return out
        geo, gm = geo.exact(), None  # non-finite weights: no extra columns
    elif gm.__class__ is _shift.GradRows:
        gm = None
    if _is_flat(geo) and not np.isfinite(w).all():
        geo, gm = geo.exact(), None
    N = g.shape[0]
    G = geo.groups
    O, Cg = w.shape[:2]
    if gm is None:
        gm = _to_cols_layout(g, geo)
    if G == 1:
        dcols = np.matmul(w.reshape(O, -1).T, gm)
    else:
        wm = w.reshape(G, O // G, -1)
        dcols = np.matmul(wm.transpose(0, 2, 1), gm.reshape(G, O // G, -1))
    return _col2im(dcols, geo, N, Cg * G)


def _face2_np(x, g, geo: _Geo, cols=None, gm=None, bias_out=None):
    """``Wbar`` from ``x`` and ``ybar = g``: ``(O, Cg, *k)`` (and the bias gradient appended to
    ``bias_out`` where the rows layout has a row of ones)."""
    if cols.__class__ is _shift.Rows or (cols is None and _shift.rows_pay(geo, x, g, True)):
        out = _shift.face2(x, g, geo, cols, gm if gm.__class__ is _shift.GradRows else None, bias_out)
        if out is not None:
            return out
        return _face2_np(x, g, geo.exact())  # maybe 0 * inf in an extra column: recompute without them
    if gm.__class__ is _shift.GradRows:
        gm = None
    C = x.shape[1]
    G = geo.groups
    O = g.shape[1]
    if cols is None:
        cols = _im2col(x, geo)
    if gm is None:
        gm = _to_cols_layout(g, geo)
    if G == 1:
        dw = np.empty((O, cols.shape[1]), dtype=cols.dtype)
        if not blas.gemm_split_k(gm, cols[0].T, dw):  # thin: the long inner dim on all threads
            dw = np.matmul(gm, cols[0].T)
    else:
        dw = np.matmul(gm.reshape(G, O // G, -1), cols.transpose(0, 2, 1))
    n_w = (C // G) * geo.kprod
    if _is_flat(geo) and not np.isfinite(dw[..., :n_w]).all():
        return _face2_np(x, g, geo.exact())
    if dw.shape[-1] > n_w:  # the columns' row of ones: each channel's gradient summed
        if bias_out is not None:
            bias_out.append(dw[:, n_w].copy())
        dw = dw[:, :n_w]
    return dw.reshape((O, C // G) + geo.k)


_FACES = (_face0_np, _face1_np, _face2_np)


class ConvolutionBackwardBackward0(Node):
    """One face of the convolution form, recorded while differentiating a convolution."""

    __slots__ = ("face", "geo")

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        k = self.face
        geo = self.geo
        ga = gb = None
        if k == 0:      # y = conv(x=a, W=b)
            if e[0] is not None:
                ga = _face(1, g, b, geo)
            if e[1] is not None:
                gb = _face(2, a, g, geo)
        elif k == 1:    # xbar = xgrad(ybar=a, W=b)
            if e[0] is not None:
                ga = _face(0, g, b, geo)
            if e[1] is not None:
                gb = _face(2, g, a, geo)
        else:           # Wbar = wgrad(x=a, ybar=b)
            if e[0] is not None:
                ga = _face(1, b, g, geo)
            if e[1] is not None:
                gb = _face(0, a, g, geo)
        return ga, gb


def _face(k: int, a: Tensor, b: Tensor, geo: _Geo, cols=None, cls=ConvolutionBackwardBackward0) -> Tensor:
    ad, bd = a._data, b._data
    if ad.dtype != bd.dtype:
        dt = np.result_type(ad.dtype, bd.dtype)
        ad, bd = ad.astype(dt), bd.astype(dt)
    data = _FACES[k](ad, bd, geo, cols)
    if GRAD.enabled and (a._rg or b._rg):
        node = cls((a, b))
        node.face = k
        node.geo = geo
        node.save(a, b)
        return finish(data, node)
    return _make(data)


class ConvolutionBackward0(Node):
    """``torch.convolution``'s node: inputs (input, weight, bias)."""

    # ``bias_sizes``: the bias's shape (``(0,)`` without one), ``grad_fn._saved_bias_sym_sizes_opt``
    __slots__ = ("geo", "transposed", "bias_sizes")

    # saved: (input, weight, im2col columns of the input or None); the engine frees them after backward

    def backward(self, g):
        x, w, cols = self.saved()
        e = self._edges
        geo = self.geo
        gx = gw = gb = None
        if not self.transposed:
            if e[0] is not None:
                gx = _face(1, g, w, geo)
            if e[1] is not None:
                gw = _face(2, x, g, geo, cols=cols)
        else:
            if e[0] is not None:
                gx = _face(0, g, w, geo)
            if e[1] is not None:
                gw = _face(2, g, x, geo)
        if e[2] is not None:
            gb = g.sum([0] + list(range(2, g.dim())))
        return gx, gw, gb

    def vjp(self, g):
        """Raw-array backward (engine fast path when not recording)."""
        x, w, cols = self.saved()
        e = self._edges
        geo = self.geo
        xd, wd = x._data, w._data
        gx = gw = gb = None
        if not self.transposed:
            gm = None
            if e[0] is not None and e[1] is not None:
                gm = _shift.grad_rows(g, geo) if _shift.usable(geo, g, wd, xd) else _to_cols_layout(g, geo)
            elif (e[1] is not None and e[2] is not None and cols.__class__ is _shift.Rows
                  and _shift.usable(geo, g, wd, xd)):
                gm = _shift.grad_rows(g, geo)  # face 2 reads it, and the bias gradient too
            if e[0] is not None:
                gx = _face1_np(g, wd, geo, gm=gm)
            bias_out = [] if e[2] is not None and cols is not None else None
            if e[1] is not None:
                gw = _face2_np(xd, g, geo, cols, gm=gm, bias_out=bias_out)
            if bias_out:
                return gx, gw, bias_out[0]
            if e[2] is not None and gm.__class__ is _shift.GradRows:
                return gx, gw, _shift.channel_sums(gm)
        else:
            gcols = _columns(g, geo, wd) if (e[0] is not None and e[1] is not None) else None
            if e[0] is not None:
                gx = _face0_np(g, wd, geo, gcols)
            if e[1] is not None:
                gw = _face2_np(g, xd, geo, gcols)
        if e[2] is not None:
            gb = g.sum(axis=(0,) + tuple(range(2, g.ndim)))
        return gx, gw, gb


# ------------------------------------------------------------------ argument checks
def _fmt_sizes(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _as_list(v, nd: int):
    """What PyTorch's ``IntArrayRef[nd]`` binding makes of an argument: an int becomes ``nd`` copies."""
    if isinstance(v, Tensor):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [int(i) for i in v]
    return [int(v)] * nd


def _expand(v, n: int, name: str):
    """``expand_param_if_needed``: a 1-list is repeated, other lengths must equal ``n``."""
    if isinstance(v, Tensor):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        v = [int(i) for i in v]
        if len(v) == 1:
            return tuple(v) * n
        if len(v) != n:
            raise RuntimeError(
                f"expected {name} to be a single integer value or a list of {n} values to match the convolution "
                f"dimensions, but got {name}={_fmt_sizes(v)}")
        return tuple(v)
    return (int(v),) * n


_CPP_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "float16": "c10::Half",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
              "bfloat16": "c10::BFloat16", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}
_TRANSPOSE_NO_KERNEL = ("int32", "int16", "int8", "uint8", "bool")  # slow_conv_transpose*d dispatch lacks them


def _check_dtypes(x: Tensor, w: Tensor, b, transposed: bool = False, nd: int = 2) -> None:
    """The dtype checks of ATen's CPU convolution, in its order.

    Convolution: a bias of another dtype than the input fails first ("Input type (long int) and bias
    type (float) ..." with C++ type names), then a bool input (no ``slow_conv2d_cpu`` /
    ``compute_columns3d`` kernel), then a weight of another dtype ("expected scalar type ...").
    Transposed convolution: inputs with no ``slow_conv_transpose{2,3}d_out_cpu`` kernel fail first,
    then the weight dtype; a bias of another dtype is an error only in 3-D (the 1-D/2-D kernels add
    it in place into the output, which refuses only a float bias on an integer output).
    """
    from ... import _dtype as D

    def name(t):
        return str(D.from_numpy_dtype(t._data.dtype)).replace("torch.", "")

    xn, wn = name(x), name(w)
    bn = name(b) if b is not None else xn
    if not transposed:
        if bn != xn:
            raise RuntimeError(f"Input type ({_CPP_NAMES.get(xn, xn)}) and bias type ({_CPP_NAMES.get(bn, bn)}) should "
                               "be the same")
        if xn == "bool":
            kernel = "compute_columns3d" if nd == 3 else "slow_conv2d_cpu"
            raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
    elif xn in _TRANSPOSE_NO_KERNEL:
        raise NotImplementedError(f'"slow_conv_transpose{3 if nd == 3 else 2}d_out_cpu" not implemented for '
                                  f"'{_scalar_name(xn)}'")
    if wn != xn:
        if x._data.dtype.kind == "c":   # complex inputs take the generic convolution's type check
            from .basic import _aten_type_name
            raise RuntimeError(f"Input type ({_aten_type_name(x)}) and weight type ({_aten_type_name(w)}) should be "
                               "the same")
        raise RuntimeError(f"expected scalar type {_scalar_name(xn)} but found {_scalar_name(wn)}")
    if transposed and bn != xn:
        if nd == 3:
            raise RuntimeError(f"expected scalar type {_scalar_name(xn)} but found {_scalar_name(bn)}")
        if b._data.dtype.kind == "f" and x._data.dtype.kind != "f":
            raise RuntimeError(f"result type {_scalar_name(bn)} can't be cast to the desired output type "
                               f"{_scalar_name(xn)}")


_SCALAR_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
                 "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
                 "complex128": "ComplexDouble"}


def _scalar_name(dt) -> str:
    return _SCALAR_NAMES.get(str(dt).replace("torch.", ""), str(dt))


_CONV_SIGNATURES = (
    "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, "
    "tuple of ints dilation = 1, int groups = 1",
    "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = \"valid\", "
    "tuple of ints dilation = 1, int groups = 1")


def _conv_arg_error(x, weight, bias, stride, padding, dilation, groups, fname: str):
    """PyTorch's parser error for a ``conv{1,2,3}d`` call with a non-tensor operand: every overload
    listed, with the argument types of the call as written."""
    from ...ops._argerrors import parser_error, type_name
    values = {"weight": weight, "bias": bias, "stride": stride, "padding": padding, "dilation": dilation,
              "groups": groups}
    err = parser_error(fname, _CONV_SIGNATURES, x, list(values), values, None, "",
                       default_site=(False, 1 + len(values), ()))  # (``nn.Conv*d`` passes all positionally)
    if err is not None:
        return err
    return TypeError(f"{fname}() received an invalid combination of arguments - got ({type_name(x)}, ...)")


def _convnd(x, weight, bias, stride, padding, dilation, groups, nd: int, fname: str) -> Tensor:
    if not isinstance(x, Tensor) or not isinstance(weight, Tensor) or not isinstance(bias, (Tensor, type(None))):
        raise _conv_arg_error(x, weight, bias, stride, padding, dilation, groups, fname)
    if bias is not None and bias._data.dtype != x._data.dtype:   # ATen's conv{1,2,3}d check this first
        _check_dtypes(x, x, bias, False, nd)
    if x.dim() not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {fname}, but got input "
                           f"of size: {_fmt_sizes(x.shape)}")
    unbatched = x.dim() == nd + 1
    if unbatched:
        x = x.unsqueeze(0)
    wnd = weight.dim() - 2
    if wnd <= 0:
        raise RuntimeError("weight should have at least three dimensions")
    if isinstance(padding, str):
        if padding == "same":
            x, strides, padl, dils = _same_mode(x, weight, _as_list(stride, nd), _as_list(dilation, nd), groups)
            padr = padl
        elif padding == "valid":
            strides = _expand(_as_list(stride, nd), wnd, "stride")
            dils = _expand(_as_list(dilation, nd), wnd, "dilation")
            padl = padr = (0,) * wnd
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        strides = _expand(_as_list(stride, nd), wnd, "stride")
        padl = padr = _expand(_as_list(padding, nd), wnd, "padding")
        dils = _expand(_as_list(dilation, nd), wnd, "dilation")
    out = _conv_core(x, weight, bias, strides, padl, padr, dils, int(groups), False, (0,) * wnd)
    return out.squeeze(0) if unbatched else out


_SAME_WARNED = [False]


def _same_mode(x, weight, stride, dilation, groups):
    """ATen's ``convolution_same``: its own checks, then ``(x, strides, padding, dilations)`` for an
    ordinary convolution. Where the padding is asymmetric (an even kernel with odd dilation) ATen
    warns and pads the input by the difference first (a ``ConstantPadNdBackward0`` in the graph)."""
    k = weight.dim()
    wnd = k - 2
    if int(groups) <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if k != x.dim():
        raise RuntimeError(f"Expected {k}-dimensional input for {k}-dimensional weight{_fmt_sizes(weight.shape)}, "
                           f"but got {x.dim()}-dimensional input of size {_fmt_sizes(x.shape)} instead")
    if len(stride) not in (wnd, 1):
        raise RuntimeError(f"stride cannot broadcast to {wnd} dimensions")
    if len(dilation) not in (wnd, 1):
        raise RuntimeError(f"dilation cannot broadcast to {wnd} dimensions")
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    strides = tuple(stride) * wnd if len(stride) == 1 else tuple(stride)
    dils = tuple(dilation) * wnd if len(dilation) == 1 else tuple(dilation)
    padl, padr = [], []
    for ksz, d in zip(weight.shape[2:], dils):
        total = d * (ksz - 1)
        left = int(total / 2)   # C++ division: truncated toward zero
        padl.append(left)
        padr.append(total - left)
    if padl == padr:
        return x, strides, tuple(padl), dils
    if not _SAME_WARNED[0]:   # TORCH_WARN_ONCE: once per process
        _SAME_WARNED[0] = True
        warnings.warn(_SAME_WARNING, UserWarning, stacklevel=4)
    pad_nd = [0] * (2 * wnd)   # F.pad order: last dimension first
    for i in range(wnd):
        delta = padr[i] - padl[i]
        at = 2 * (wnd - 1 - i)
        if delta > 0:
            pad_nd[at + 1] = delta
        else:
            pad_nd[at] = delta
            padl[i] = padr[i]
    from .sampling import pad as _pad
    return _pad(x, pad_nd), strides, tuple(padl), dils


def _common_checks(x, weight, bias, strides, padl, dils, groups, transposed, output_padding):
    if any(p < 0 for p in padl):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in strides):
        raise RuntimeError("non-positive stride is not supported")
    if any(d < 0 for d in dils):   # a zero dilation fails later, in the backend (_zero_dilation)
        raise RuntimeError("dilation should be greater than zero")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    ws = tuple(weight.shape)
    if weight.dim() != x.dim():
        raise RuntimeError(f"Expected {weight.dim()}-dimensional input for {weight.dim()}-dimensional weight "
                           f"{_fmt_sizes(ws)}, but got {x.dim()}-dimensional input of size {_fmt_sizes(x.shape)} "
                           "instead")
    if ws[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {_fmt_sizes(ws)} instead")
    if ws[0] % groups != 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{_fmt_sizes(ws)}] instead")
    C = x.shape[1]
    if not transposed:
        if C != ws[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {_fmt_sizes(ws)}, expected input"
                               f"{_fmt_sizes(x.shape)} to have {ws[1] * groups} channels, but got {C} channels "
                               "instead")
        if bias is not None and (bias.dim() != 1 or bias.shape[0] != ws[0]):
            raise RuntimeError(f"Given weight of size {_fmt_sizes(ws)}, expected bias to be 1-dimensional with "
                               f"{ws[0]} elements, but got bias of size {_fmt_sizes(bias.shape)} instead")
    else:
        if C != ws[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {_fmt_sizes(ws)}, expected input"
                               f"{_fmt_sizes(x.shape)} to have {ws[0]} channels, but got {C} channels instead")
        if bias is not None and (bias.dim() != 1 or bias.shape[0] != ws[1] * groups):
            raise RuntimeError(f"Given transposed=1, weight of size {_fmt_sizes(ws)}, expected bias to be "
                               f"1-dimensional with {ws[1] * groups} elements, but got bias of size "
                               f"{_fmt_sizes(bias.shape)} instead")


def _strides_like_channels_last(d) -> bool:
    """ATen's ``is_channels_last_strides_2d`` (``suggest_memory_format() == channels_last``) of a rank-4
    NumPy array: dims C, W, H, N in order of increasing stride."""
    return _suggests(d, "torch.channels_last")


def _nhwc_layout(data):
    """``data`` (N, C, H, W) laid out channels-last, as the CPU convolution backends return their output
    when the input or the weight suggests that memory format."""
    return np.ascontiguousarray(data.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)


def _check_kernel_positive(ksz, weight, transposed) -> None:
    """The CPU backends' shape check (``slow_conv2d_shape_check`` and friends): a zero-size kernel
    dimension fails before the dtype checks; 1-D runs as 2-D (height 1)."""
    if all(k > 0 for k in ksz):
        return
    if len(ksz) == 3:
        if transposed:
            raise RuntimeError("non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x "
                               f"kernel_width) tensor expected for weight, but got: {_fmt_sizes(weight.shape)}")
        raise RuntimeError(f"kernel size should be greater than zero, but got: {' x '.join(map(str, ksz))} (TxHxW)")
    kh, kw = (1, ksz[0]) if len(ksz) == 1 else ksz
    raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {kh} kernel_width: {kw}")


def _check_all_dtypes(x, weight, bias, strides, dils, groups, transposed, output_padding) -> None:
    """The dtype checks ATen makes once the shapes are known (after its kernel-size check)."""
    xdt = x._data.dtype
    if 0 in dils:
        _zero_dilation(x, weight, bias, strides, dils, groups, transposed, output_padding)
    if weight._data.dtype != xdt or (bias is not None and bias._data.dtype != xdt):
        if _uses_mkldnn(x, weight, strides, dils, groups, transposed, output_padding):
            _check_mkldnn_dtypes(x, weight, bias)
        _check_dtypes(x, weight, bias, transposed, len(strides))
    elif xdt == np.bool_ or (transposed and xdt.kind in "biu" and str(xdt) in _TRANSPOSE_NO_KERNEL):
        _check_dtypes(x, weight, bias, transposed, len(strides))


def _zero_dilation(x, weight, bias, strides, dils, groups, transposed, output_padding) -> None:
    """A zero dilation passes ATen's generic checks and fails in the backend it selects."""
    if _uses_mkldnn(x, weight, strides, dils, groups, transposed, output_padding):
        _check_mkldnn_dtypes(x, weight, bias)
        if not transposed:
            raise RuntimeError("non-positive dilation is not supported")
        if len(dils) == 3:   # oneDNN's own wording
            raise RuntimeError("dimensions are invalid")
        raise RuntimeError("could not create a primitive descriptor for the deconvolution forward propagation "
                           "primitive. Run workload with environment variable ONEDNN_VERBOSE=all to get additional "
                           "diagnostic information.")
    ds = [1] + list(dils) if len(dils) == 1 else list(dils)   # 1-D runs as 2-D
    if transposed:
        names = ("depth", "height", "width")[-len(ds):]
        raise RuntimeError("dilation should be greater than zero, but got "
                           + ", ".join(f"dilation_{n}: {d}" for n, d in zip(names, ds)))
    raise RuntimeError(f"dilation should be greater than zero, but got {ds}")


def _uses_mkldnn(x, w, strides, dils, groups, transposed, output_padding) -> bool:
    """ATen's ``ConvParams::use_mkldnn`` on CPU: float32 inputs meeting its size heuristic take the oneDNN
    backend, whose dtype check words its messages differently (only consulted on a dtype mismatch)."""
    if x._data.dtype != np.float32:
        return False
    if transposed and any(op >= s for op, s in zip(output_padding, strides)):
        return False
    xs, ws = tuple(x.shape), tuple(w.shape)
    if len(xs) == 3:   # conv1d runs as a 2-D convolution of height 1
        xs, ws = (xs[0], xs[1], 1, xs[2]), (ws[0], ws[1], 1, ws[2])
    from ... import get_num_threads
    strided = any(s != 1 for s in strides)
    dilated = any(d != 1 for d in dils)
    if not (strided or dilated or xs[0] >= 16 or ws[-1] != 1 or ws[-2] != 1 or get_num_threads() > 1):
        return False
    return (groups > 1 or (ws[-1] > 3 and ws[-2] > 3) or xs[0] > 1
            or xs[0] * xs[1] * xs[2] * xs[3] > 20480)


def _check_mkldnn_dtypes(x, w, b) -> None:
    from .basic import _aten_type_name
    if w._data.dtype != x._data.dtype:
        raise RuntimeError(f"Input type ({_aten_type_name(x)}) and weight type ({_aten_type_name(w)}) should be the "
                           "same or input should be a MKLDNN tensor and weight is a dense tensor")
    if b is not None and b._data.dtype != x._data.dtype:
        raise RuntimeError(f"Input type ({_aten_type_name(x)}) and bias type ({_aten_type_name(b)}) should be the "
                           "same or input should be a MKLDNN tensor and bias is a dense tensor")


def _conv_core(x, weight, bias, strides, padl, padr, dils, groups, transposed, output_padding) -> Tensor:
    """Batched convolution (``torch.convolution``) with possibly asymmetric padding."""
    _common_checks(x, weight, bias, strides, padl, dils, groups, transposed, output_padding)
    ksz = tuple(weight.shape[2:])
    _check_kernel_positive(ksz, weight, transposed)
    nd = len(ksz)
    xs = tuple(x.shape[2:])
    if not transposed:
        padded = [s + a + b for s, a, b in zip(xs, padl, padr)]
        kernel = [d * (k - 1) + 1 for d, k in zip(dils, ksz)]
        if any(p < k for p, k in zip(padded, kernel)):
            raise RuntimeError(
                f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel size: "
                f"({' x '.join(map(str, kernel))}). Kernel size can't be greater than actual input size")
        out_sz = tuple((p - k) // s + 1 for p, k, s in zip(padded, kernel, strides))
        geo = _Geo(ksz, strides, dils, padl, padr, groups, xs, out_sz)
    else:
        for i in range(nd):
            if output_padding[i] >= strides[i] and output_padding[i] >= dils[i]:
                if nd in (1, 2, 3):   # ATen runs 1-D as 2-D (height 1) and names each dimension
                    vals = [list(output_padding), list(strides), list(dils)]
                    if nd == 1:
                        vals = [[0] + vals[0], [1] + vals[1], [1] + vals[2]]
                    names = ("depth", "height", "width")[-len(vals[0]):]
                    kinds = ("output_padding", "stride", "dilation")
                    msg = " ".join(f"{kind}_{n}: {v}" for kind, vs in zip(kinds, vals) for n, v in zip(names, vs))
                    raise RuntimeError(f"output padding must be smaller than either stride or dilation, but got {msg}")
                raise RuntimeError(
                    "output padding must be smaller than either stride or dilation, but got output_padding: "
                    f"{_fmt_sizes(output_padding)} stride: {_fmt_sizes(strides)} dilation: {_fmt_sizes(dils)}")
        in_sz = tuple((s - 1) * st - a - b + d * (k - 1) + op + 1
                      for s, st, a, b, d, k, op in zip(xs, strides, padl, padr, dils, ksz, output_padding))
        if any(v <= 0 for v in in_sz):
            raise RuntimeError(
                f"Given input size per channel: ({' x '.join(map(str, xs))}). Calculated output size per channel: "
                f"({' x '.join(map(str, in_sz))}). Output size is too small")
        geo = _Geo(ksz, strides, dils, padl, padr, groups, in_sz, xs)
    _check_all_dtypes(x, weight, bias, strides, dils, groups, transposed, output_padding)
    if x.shape[0] == 0:   # an empty batch: an empty output, zero gradients
        return _empty_batch_conv(x, weight, bias, out_sz if not transposed else in_sz, transposed, groups)
    xd, wd = x._data, weight._data
    need = GRAD.enabled and (x._rg or weight._rg or (bias is not None and bias._rg))
    cols = None
    if not transposed:
        cols = _columns(xd, geo, wd, need and weight._rg and not x._rg, ones=bias is not None)
        data = _face0_np(xd, wd, geo, cols, None if bias is None else bias._data)
    else:
        data = _face1_np(xd, wd, geo)
        if bias is not None:  # added in place: a bias of another dtype is cast to the output's
            data += bias._data.reshape((1, -1) + (1,) * nd).astype(data.dtype, copy=False)
    if nd == 2 and (_strides_like_channels_last(xd) or _strides_like_channels_last(wd)):
        data = _nhwc_layout(data)
    if need:
        node = ConvolutionBackward0((x, weight, bias))
        node.geo = geo
        node.transposed = transposed
        node.bias_sizes = (0,) if bias is None else tuple(bias.shape)
        node.save(x, weight, cols if (weight._rg and not geo.trivial) else None)
        return finish(data, node)
    return _make(data)


def _zero_grads(self, *g):
    return tuple(None if m is None else np.zeros(m[0], m[1]) for m in self._meta)


def _zero_grads_t(self, *g):
    return tuple(None if m is None else _make(np.zeros(m[0], m[1])) for m in self._meta)


_EmptyConvolutionBackward0 = type("ConvolutionBackward0", (Node,), {"__slots__": (), "backward": _zero_grads_t,
                                                                   "vjp": _zero_grads})


def _empty_batch_conv(x, weight, bias, out_sp, transposed, groups) -> Tensor:
    cout = weight.shape[1] * groups if transposed else weight.shape[0]
    data = np.zeros((0, cout) + tuple(out_sp), dtype=x._data.dtype)
    if GRAD.enabled and (x._rg or weight._rg or (bias is not None and bias._rg)):
        return finish(data, _EmptyConvolutionBackward0((x, weight, bias)))
    return _make(data)


# ------------------------------------------------------------------ public API
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:
    """``torch.nn.functional.conv1d``."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:
    """``torch.nn.functional.conv2d``."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:
    """``torch.nn.functional.conv3d``."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transposend(x, weight, bias, stride, padding, output_padding, groups, dilation, nd, fname) -> Tensor:
    if x.dim() not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {fname}, but got input "
                           f"of size: {_fmt_sizes(x.shape)}")
    if isinstance(padding, str):
        raise _transpose_int_list_error(fname, stride, padding, output_padding, dilation)
    unbatched = x.dim() == nd + 1
    if unbatched:
        x = x.unsqueeze(0)
    wnd = weight.dim() - 2
    if wnd <= 0:
        raise RuntimeError("weight should have at least three dimensions")
    try:
        strides = _expand(_as_list(stride, nd), wnd, "stride")
        pads = _expand(_as_list(padding, nd), wnd, "padding")
        dils = _expand(_as_list(dilation, nd), wnd, "dilation")
        ops = _expand(_as_list(output_padding, nd), wnd, "output_padding")
    except (TypeError, ValueError):
        raise _transpose_int_list_error(fname, stride, padding, output_padding, dilation) from None
    out = _conv_core(x, weight, bias, strides, pads, pads, dils, int(groups), True, ops)
    return out.squeeze(0) if unbatched else out


_TRANSPOSE_PARAMS = ("weight", "bias", "stride", "padding", "output_padding", "groups", "dilation")


def _transpose_int_list_error(fname, stride, padding, output_padding, dilation) -> TypeError:
    """PyTorch's parser error for the first of a ``conv_transpose{1,2,3}d`` call's ``int[]`` arguments
    holding a non-int (``nn.ConvTranspose2d(..., padding='same')`` stores ``('s', 'a', 'm', 'e')``):
    ``argument 'padding' (position 5) must be tuple of ints, but found element of type str at pos 0``,
    ``... not str`` for a non-sequence (or a keyword's sequence with a bad first item), no position for a
    keyword argument.  Error path only."""
    from ...ops._argerrors import user_call_site, type_name
    from ...ops.shape import int_seq_error
    site = user_call_site(fname)   # (None when an ``nn`` module made the call: all positional)
    values = {"stride": stride, "padding": padding, "output_padding": output_padding, "dilation": dilation}
    for param, v in values.items():
        seq = isinstance(v, (list, tuple))
        if (v.__class__ is int) or (seq and all(i.__class__ is int for i in v)):
            continue
        keyword = site is not None and param in site[2]
        where = "" if keyword else f" (position {_TRANSPOSE_PARAMS.index(param) + 2})"
        if seq and (where or (v and v[0].__class__ is int)):   # (a keyword's bad first item: "not tuple")
            return int_seq_error(fname, param, list(v), where)
        return TypeError(f"{fname}(): argument '{param}'{where} must be tuple of ints, not {type_name(v)}")
    return TypeError(f"{fname}(): invalid int[] argument")


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1) -> Tensor:
    """``torch.nn.functional.conv_transpose1d``."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                             "conv_transpose1d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1) -> Tensor:
    """``torch.nn.functional.conv_transpose2d``."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 2,
                             "conv_transpose2d")


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1) -> Tensor:
    """``torch.nn.functional.conv_transpose3d``."""
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                             "conv_transpose3d")
