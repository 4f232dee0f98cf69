"""Convolutions with stride 1 along the last spatial dim, as shifted GEMMs over input rows.

The im2col kernels in ``conv.py`` copy one column per kernel offset, ``prod(k)``
copies of the input, and then run one GEMM.  When the last spatial dim has
stride 1, the offsets ``b`` along it need no copies of their own.  Lay the
padded input out as rows, one per channel and leading kernel offset::

    rows[(c, kk), (n, i, p)] = xpad[n, c, i*stride + kk*dilation, p]   # p: the whole padded last dim

(``kk`` and ``i`` run over the leading spatial dims).  The window of last-dim
offset ``b`` is then the same matrix moved ``b * dilation[-1]`` columns to
the right, ``rows[:, s:s + M]``, which the BLAS reads in place with leading
dimension ``R`` (``backend.blas.gemm``).  So

* face 0: ``y = sum_b W_b @ rows[:, s_b:s_b + M]`` (``k[-1]`` GEMMs accumulating with beta = 1);
* face 2: ``Wbar_b = ybar @ rows[:, s_b:s_b + M].T``;
* face 1: ``rowsbar[:, s_b:s_b + M] += W_b.T @ ybar``, then each leading offset's rows
  are added back into the input,

where ``W_b = W[..., b]`` as ``(O, C * prod(k[:-1]))``.  Columns ``p >= out[-1]`` of
each output row are computed and dropped (face 0) or given a zero gradient
(faces 1 and 2).  The copy is ``k[-1]`` times smaller than im2col's and every
product runs in OpenBLAS's threads.  Face 1 always gains (the input gradient
of a training step's hidden layers: 7-33% faster steps); faces 0 and 2 go
together; they lose only for the weight gradient of a wide kernel over few
input channels (``rows_pay``).

A zero gradient column still meets the input or the weight in a product: if
those hold an infinity, ``0 * inf`` would put a NaN where PyTorch has a
number.  Face 1 therefore runs only for finite weights, and face 2 checks its
(small) result; ``None`` tells the caller to use im2col instead.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ...backend import blas
from ...backend.scratch import big_empty, big_zeroed_once, scratch


class Rows:
    """The row layout of an input (``buf`` is ``(C * prod(k[:-1]), M + span)``).

    ``ones``: when not None, ``buf`` has one more row, at that index, holding 1 in
    its first ``M`` columns and 0 after: face 0 folds the bias into its first
    product through it, and face 2 gets the bias gradient from the same product
    (the row against the output gradient is the sum of each channel's row).
    """

    __slots__ = ("buf", "n", "ones")

    def __init__(self, buf: np.ndarray, n: int, ones: int | None = None):
        self.buf = buf
        self.n = n
        self.ones = ones


class GradRows:
    """An output gradient as ``(O, M)``: full padded last dim, zeros past ``out[-1]``."""

    __slots__ = ("arr",)

    def __init__(self, arr: np.ndarray):
        self.arr = arr


def usable(geo, *arrays) -> bool:
    """Whether the shifted-GEMM kernels apply to ``geo`` with these operands."""
    if geo.groups != 1 or geo.stride[-1] != 1 or geo.trivial or geo.exact_cols:
        return False
    dt = arrays[0].dtype
    for a in arrays:
        if a.__class__ is not np.ndarray or a.dtype != dt or not a.size:
            return False
    return dt.char in "fd" and blas.gemm_available(dt)


def rows_pay(geo, x: np.ndarray, other: np.ndarray, weight_grad_only: bool = False) -> bool:
    """Whether faces 0 and 2 should read input ``x`` as rows rather than im2col columns.

    Face 1 gains everywhere it applies, but faces 0 and 2 share their layout
    (the forward saves it for the weight gradient).  Rows need at least 8
    rows per last-dim offset (``C * prod(k[:-1])``; 1-channel 3x3 layers stay
    on im2col).  Measured on single layers and training steps
    (docs/benchmarks.md): the forward alone is 1.3-2.7x faster with rows, and
    so are forward plus backward wherever the input needs a gradient too
    (5x5 and 7x7 hidden layers: 7-22% faster).  The one loss is a wide
    kernel whose backward computes only the weight gradient (a first layer)
    over few rows: face 2's ``k[-1]`` thin products then cost more than the
    smaller copy saves (3 or 6 channels, 5x5: 3-9% slower), so
    ``weight_grad_only`` keeps im2col there.
    """
    if not (x.ndim >= 2 and usable(geo, x, other)):
        return False
    rows = x.shape[1] * math.prod(geo.k[:-1])
    if rows < 8:
        return False
    return geo.k[-1] <= 3 or not weight_grad_only or rows >= 48


def pad_nc(x: np.ndarray, geo) -> np.ndarray:
    """``x`` zero-padded in its spatial dims, in a work buffer (only read by the caller's copy)."""
    if not any(geo.padl) and not any(geo.padr):
        return x
    shape = x.shape[:2] + padded(geo)
    out = scratch(shape, x.dtype, "conv.padded_nc")
    head = (slice(None), slice(None))
    for i, (a, n) in enumerate(zip(geo.padl, geo.in_sz)):  # zero the borders only
        lead = head + (slice(None),) * i
        out[lead + (slice(0, a),)] = 0
        out[lead + (slice(a + n, None),)] = 0
    out[head + tuple(slice(a, a + n) for a, n in zip(geo.padl, geo.in_sz))] = x
    return out


def padded(geo) -> tuple:
    return tuple(s + a + b for s, a, b in zip(geo.in_sz, geo.padl, geo.padr))


def _sizes(geo, n: int):
    """(padded last size, output columns per batch item and lead position, M, shift step, R)."""
    wp = geo.padl[-1] + geo.in_sz[-1] + geo.padr[-1]
    m = n * math.prod(geo.out_sz[:-1]) * wp
    step = geo.dil[-1]
    return wp, m, step, m + step * (geo.k[-1] - 1)


def make_rows(x: np.ndarray, geo, ones: bool = False) -> Rows:
    """The row layout of input ``x`` ``(N, C, *in_sz)``, with a row of ones after the others
    if ``ones`` (for the bias; see ``Rows``)."""
    n, c = x.shape[:2]
    wp, m, step, r = _sizes(geo, n)
    lead_k, lead_out = geo.k[:-1], geo.out_sz[:-1]
    k_rows = c * math.prod(lead_k)
    shape = (k_rows + ones, r)
    if any(geo.padl) or any(geo.padr):
        buf = _padded_rows(x, geo, shape, ones)
    else:
        buf = big_empty(shape, x.dtype, "conv.rows")  # may be saved for backward
        core = buf[:k_rows, :m].reshape((c,) + lead_k + (n,) + lead_out + (wp,))
        _copy_rows(core, x, geo)
        buf[:k_rows, m:] = 0  # read only against zero gradient columns (face 2)
    if not ones:
        return Rows(buf, n)
    buf[k_rows, :m] = 1
    buf[k_rows, m:] = 0
    return Rows(buf, n, k_rows)


def _copy_rows(core: np.ndarray, x: np.ndarray, geo) -> None:
    """The row layout's values, for a convolution without padding: one strided copy."""
    st = x.strides
    lead = range(geo.nd - 1)
    strides = ((st[1],) + tuple(st[2 + i] * geo.dil[i] for i in lead) + (st[0],)
               + tuple(st[2 + i] * geo.stride[i] for i in lead) + (st[-1],))
    np.copyto(core, as_strided(x, core.shape, strides, writeable=False))


def _padded_rows(x: np.ndarray, geo, shape: tuple, ones: bool) -> np.ndarray:
    """``make_rows``'s buffer for a padded convolution, copied straight from ``x``.

    Every padding position of the layout (pad columns, rows that read above or below the
    input, the tail) depends only on the geometry, so the buffer comes from a pool keyed by
    it and zeroed once when made; each call then writes only the input's values, one strided
    copy per leading kernel offset, with no padded copy of ``x`` in between (CNN layer: the
    forward's layout 20-25% faster).
    """
    n = x.shape[0]
    buf = big_zeroed_once(shape, x.dtype, ("conv.rows.padded", geo.k, geo.stride, geo.dil, geo.padl, geo.padr,
                                           geo.in_sz, ones))
    wp, m, _, _ = _sizes(geo, n)
    lead_k, lead_out = geo.k[:-1], geo.out_sz[:-1]
    core = buf[:shape[0] - ones, :m].reshape((x.shape[1],) + lead_k + (n,) + lead_out + (wp,))
    xs = x.swapaxes(0, 1)
    cols = (slice(geo.padl[-1], geo.padl[-1] + geo.in_sz[-1]),)
    for kk in itertools.product(*(range(v) for v in lead_k)):
        dst, src = [], []
        for d, k in enumerate(kk):  # output positions i whose input row i*s + k*dil - pad exists
            s, off, size = geo.stride[d], k * geo.dil[d] - geo.padl[d], geo.in_sz[d]
            lo = max(0, -(off // s))  # ceil(-off / s)
            hi = min(lead_out[d], (size - 1 - off) // s + 1)
            if hi <= lo:
                break
            dst.append(slice(lo, hi))
            src.append(slice(lo * s + off, (hi - 1) * s + off + 1, s))
        else:
            np.copyto(core[(slice(None),) + kk + (slice(None),) + tuple(dst) + cols],
                      xs[(slice(None), slice(None)) + tuple(src)])
    return buf


def grad_rows(g: np.ndarray, geo) -> GradRows:
    """``g`` ``(N, O, *out_sz)`` in the ``(O, M)`` layout (zeros in the extra columns)."""
    n, o = g.shape[:2]
    wp, m, _, _ = _sizes(geo, n)
    shape = (o, n) + geo.out_sz[:-1] + (wp,)
    wo = geo.out_sz[-1]
    # the extra columns are zeroed once: a buffer keyed by ``wo`` (and its shape) is only ever
    # written at columns < wo (zeroing them each call cost a third of this copy)
    gm = big_zeroed_once(shape, g.dtype, ("conv.gm.rows", wo))
    gm[..., :wo] = g.swapaxes(0, 1)
    return GradRows(gm.reshape(o, m))


def channel_sums(gm: GradRows) -> np.ndarray:
    """The bias gradient ``(O,)``: each channel's row summed (its extra columns hold zeros), in
    one BLAS matrix-vector product over the contiguous rows rather than a reduction over
    ``g``'s axes 0, 2, 3...; like PyTorch's, a float32 sum accumulates in float32."""
    a = gm.arr
    ones = scratch((a.shape[1],), a.dtype, "conv.ones")
    ones.fill(1)
    return a @ ones


def _weight_taps(w: np.ndarray) -> np.ndarray:
    """``W`` ``(O, C, *k)`` as ``(k[-1], O, C * prod(k[:-1]))``: one matrix per last-dim offset."""
    kw, o = w.shape[-1], w.shape[0]
    return np.ascontiguousarray(np.moveaxis(w, -1, 0)).reshape(kw, o, -1)


def face0(x: np.ndarray, w: np.ndarray, geo, rows: Rows | None = None, bias: np.ndarray | None = None) -> np.ndarray:
    """``y = conv(x, w) + bias`` ``(N, O, *out_sz)`` (``bias``: ``(O,)`` or None).

    With rows that have a row of ones (the forward's), the bias is one more column of the
    first product; otherwise it is added while the product is copied out of the row layout.
    """
    if rows is None:
        rows = make_rows(x, geo)
    n = rows.n
    wp, m, step, _ = _sizes(geo, n)
    taps = _weight_taps(w)
    o, k_rows = taps.shape[1:]
    buf = rows.buf
    y = scratch((o, m), buf.dtype, "conv.y")
    first = 0
    if bias is not None and rows.ones is not None:
        t0 = np.empty((o, k_rows + 1), buf.dtype)
        t0[:, :k_rows] = taps[0]
        t0[:, k_rows] = bias
        blas.gemm(t0, buf[:, :m], y, beta=0.0)
        first, bias = 1, None
    for b in range(first, taps.shape[0]):
        blas.gemm(taps[b], buf[:k_rows, b * step:b * step + m], y, beta=0.0 if b == 0 else 1.0)
    out = big_empty((n, o) + geo.out_sz, buf.dtype, "conv.out")
    full = y.reshape((o, n) + geo.out_sz[:-1] + (wp,))
    src = full[..., :geo.out_sz[-1]].swapaxes(0, 1)
    if bias is None:
        np.copyto(out, src)
    else:
        np.add(src, bias.reshape((o,) + (1,) * geo.nd).astype(buf.dtype, copy=False), out=out)
    return out


def face2(x: np.ndarray, g: np.ndarray, geo, rows: Rows | None = None, gm: GradRows | None = None,
          bias_out: list | None = None):
    """``Wbar`` ``(O, C, *k)`` from input ``x`` and output gradient ``g``, or None if not finite.

    ``bias_out``: given a list and rows with a row of ones, the bias gradient ``(O,)`` is
    appended to it (the first product's extra row: each channel's gradient summed in the
    input dtype, as PyTorch's float32 sum).
    """
    if rows is None:
        rows = make_rows(x, geo)
    if gm is None:
        gm = grad_rows(g, geo)
    _, m, step, _ = _sizes(geo, rows.n)
    gmat = gm.arr
    o = gmat.shape[0]
    buf = rows.buf
    kw = geo.k[-1]
    k_rows = buf.shape[0] - (rows.ones is not None)
    with_bias = bias_out is not None and rows.ones is not None
    # each tap as window @ gmat.T, (C * prod(k[:-1]), O): OpenBLAS runs this orientation of the
    # thin product faster than gmat @ window.T (interleaved A/B: 1-3% on the CNN and LeNet
    # benchmarks' layers, 39% on a 16->32-channel 3x3 layer at batch 64)
    taps_t = np.empty((kw, k_rows + with_bias, o), dtype=buf.dtype)
    for b in range(kw):
        rows_b = k_rows + with_bias if b == 0 else k_rows
        window = buf[:rows_b, b * step:b * step + m]
        dst = taps_t[b, :rows_b]
        if not blas.gemm_split_k(window, gmat.T, dst):  # thin products: split over the threads
            blas.gemm(window, gmat.T, dst)
    if with_bias:
        bias_out.append(taps_t[0, k_rows].copy())
    taps = taps_t[:, :k_rows].transpose(0, 2, 1)
    if not np.isfinite(taps).all():  # maybe 0 * inf from an extra column: im2col decides
        return None
    c = x.shape[1]
    return np.ascontiguousarray(np.moveaxis(taps.reshape((kw, o, c) + geo.k[:-1]), 0, -1))


def face1(g: np.ndarray, w: np.ndarray, geo, gm: GradRows | None = None):
    """``xbar`` ``(N, C, *in_sz)`` from output gradient ``g`` and ``w``, or None for non-finite ``w``."""
    if not np.isfinite(w).all():
        return None
    if gm is None:
        gm = grad_rows(g, geo)
    n = g.shape[0]
    c = w.shape[1]
    wp, m, step, r = _sizes(geo, n)
    taps = _weight_taps(w)
    gmat = gm.arr
    drows = scratch((taps.shape[2], r), gmat.dtype, "conv.drows")
    drows[:, m:] = 0
    for b in range(taps.shape[0]):
        blas.gemm(taps[b].T, gmat, drows[:, b * step:b * step + m], beta=0.0 if b == 0 else 1.0)
    lead_k, lead_out = geo.k[:-1], geo.out_sz[:-1]
    parts = drows[:, :m].reshape((c,) + lead_k + (n,) + lead_out + (wp,))
    sp = padded(geo)
    if lead_k:
        xp = scratch((c, n) + sp, gmat.dtype, "conv.xbar_padded")
        xp.fill(0)
        head = (slice(None), slice(None))
        for kk in itertools.product(*(range(v) for v in lead_k)):
            slc = tuple(slice(kk[i] * geo.dil[i], kk[i] * geo.dil[i] + geo.stride[i] * (lead_out[i] - 1) + 1,
                              geo.stride[i]) for i in range(len(lead_k)))
            xp[head + slc] += parts[(slice(None),) + kk]
    else:
        xp = parts
    # leading output positions that never reach the end of the padded input leave it at zero
    crop = tuple(slice(a, a + s) for a, s in zip(geo.padl, geo.in_sz))
    out = np.empty((n, c) + geo.in_sz, dtype=gmat.dtype)
    np.copyto(out, xp[(slice(None), slice(None)) + crop].swapaxes(0, 1))
    return out
