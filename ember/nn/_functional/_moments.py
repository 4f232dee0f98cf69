"""ATen's CPU ``RowwiseMoments`` (``aten/src/ATen/native/cpu/moments_utils.h``) bit for bit.

PyTorch's CPU ``layer_norm`` (and ``group_norm``) compute each row's mean and
biased variance with a vectorised, cascaded Welford algorithm in the input's
own precision (float32 stays float32), not with a correctly rounded sum. The
rounding of that algorithm shows in what learners print (``ln(x).mean(-1)``
is rounding noise, ``tensor([-7.4506e-09, 2.9802e-08, 0.0000e+00])``), so
``rowwise_moments`` replays it, vectorised over the rows with NumPy:

* the row is read as ``n = N // V`` SIMD vectors of ``V`` lanes (8 float32 /
  4 float64 lanes, the AVX2 build PyTorch runs on x86-64);
* the vectors are taken in chunks of 16. Inside a chunk each lane runs
  Welford's update with the reciprocals ``1 / (j + 1)`` and fused
  multiply-adds (``UpdateMomentsVec``; the chunks are independent, so here
  they all run at once); each chunk's result is then merged, in order, into
  a binary-counter stack of partial moments (``AddMomentsVec``), which is
  folded into level 0 at the end;
* the ``N % V`` leftover elements run the scalar Welford loop (plain
  multiplies and adds), and the lanes are then merged into it one by one
  (``AddMoments``, with the two fused multiply-adds GCC contracts it to).
  Both facts were measured against PyTorch 2.13, not assumed.

The result is ``(mean, m2 / (N - ddof))`` per row, in the input's dtype.
"""
from __future__ import annotations

import math

import numpy as np

from ...backend.scratch import scratch
from ...ops.special_funcs import _fma as _fma_any

__all__ = ["fma", "rowwise_moments"]

_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
_CHUNK = 16


_ABS_BITS = 0x7FFFFFFFFFFFFFFF
_TINY_BITS_M1 = np.uint64(np.float64(2.0 ** -126).view(np.int64) - 1)


# Up to this many elements a call with flagged elements fixes them over the whole array: a few
# dense passes cost less than gathering and scattering the flagged ones (16 -> 9 us at 256).
_DENSE_FIX_MAX = 4096


def fma(a, b, c, dtype):
    """``a * b + c`` rounded once to ``dtype`` (a vectorised ``fmadd``); ``a``, ``b``, ``c`` hold values of it.

    ``c`` must be a scalar or broadcast to the shape of ``a * b`` (the kernels here always pass it so).
    float32: the product is exact in float64, and ``s = a*b + c`` in float64 is off by less than half
    a float64 ulp, so rounding ``s`` to float32 is correct unless ``s`` is inexact *and* sits on a
    float32 rounding midpoint, or the result is a float32 subnormal (rounded at a higher bit): those
    few elements are found by their bits and rounded to odd first (Boldo-Melquiond), which makes the
    final rounding correct. The common call is a handful of passes. float64: ``special_funcs._fma``.
    """
    if dtype != np.float32:
        return _fma_any(a, b, c).astype(dtype, copy=False)
    sa, sb = np.shape(a), np.shape(b)
    shape = sa if sa == sb else np.broadcast_shapes(sa, sb)
    if not shape:
        return np.float32(_fma_any(a, b, c))
    # work buffers (scratch.py) for large calls: fresh temporaries would page-fault every 4 KiB
    n = math.prod(shape)
    big = n >= 32768
    s = np.multiply(a, b, dtype=np.float64, out=scratch(shape, np.float64, "fma.s") if big else None)
    np.add(s, c, out=s)
    mag = np.bitwise_and(s.view(np.int64), _ABS_BITS, out=scratch(shape, np.int64, "fma.mag") if big else None)
    low = np.bitwise_and(mag, 0x1FFFFFFF, out=scratch(shape, np.int64, "fma.low") if big else None)
    flag = np.equal(low, 0x10000000, out=scratch(shape, np.bool_, "fma.flag") if big else None)
    np.subtract(mag, 1, out=mag)  # zero wraps to the top as unsigned: "0 < |s| < 2**-126" is one compare
    flag |= np.less(mag.view(np.uint64), _TINY_BITS_M1, out=scratch(shape, np.bool_, "fma.tiny") if big else None)
    if n <= _DENSE_FIX_MAX and flag.any():  # small calls: the same fix over every element (no gathers)
        p = np.multiply(a, b, dtype=np.float64)
        cc = np.asarray(c, dtype=np.float64)
        bp = s - p
        err = (p - (s - bp)) + (cc - bp)
        flag &= err != 0
        flag &= np.bitwise_and(s.view(np.int64), 1) == 0
        return np.where(flag, np.nextafter(s, np.copysign(np.inf, err)), s).astype(np.float32)
    if flag.any():  # redo the flagged few: exact sum error (two-sum), then round to odd
        at = np.nonzero(flag)
        p, cc = np.multiply(*(np.broadcast_to(v, s.shape)[at] for v in (a, b)), dtype=np.float64), \
            np.broadcast_to(c, s.shape)[at].astype(np.float64)
        ss = p + cc
        bp = ss - p
        err = (p - (ss - bp)) + (cc - bp)
        even = np.bitwise_and(ss.view(np.int64), 1) == 0
        s[at] = np.where((err != 0) & even, np.nextafter(ss, np.where(err > 0, np.inf, -np.inf)), ss)
    return s.astype(np.float32)


def _ceil_log2(x: int) -> int:
    """``at::native::utils::CeilLog2`` (1 for ``x <= 2``)."""
    if x <= 2:
        return 1
    return int(x - 1).bit_length()


def _add_moments_vec(m0_add, m1_add, m2_add, m0, m1, m2, dt):
    """``AddMomentsVec``: merge ``(m0_add, m1_add, m2_add)`` into ``(m0, m1, m2)``; returns the new triple."""
    n = m0 + m0_add
    c = dt(0) if n == 0 else dt(dt(m0_add) / dt(n))
    delta = m1_add - m1
    m2_tmp = m2 + m2_add
    c_delta = c * delta
    m0_delta = delta * dt(m0)
    return n, m1 + c_delta, fma(m0_delta, c_delta, m2_tmp, dt)


def rowwise_moments(x: np.ndarray, ddof: int = 0):
    """Per-row ``(mean, var)`` of the 2-D float array ``x`` as ATen's ``RowwiseMoments`` computes them.

    Returns two 1-D arrays of ``x.dtype`` (float32 or float64).
    """
    dt = x.dtype.type
    rows, N = x.shape
    V = _LANES[x.dtype]
    n = N // V
    m = -(-n // _CHUNK)
    depth = _ceil_log2(m)
    with np.errstate(all="ignore"):
        zero = np.zeros((rows, V), x.dtype)
        m0_stk = [0] * depth
        m1_stk = [zero] * depth
        m2_stk = [zero] * depth
        chunks = []  # (m0, m1, m2) of each chunk: the chunks are independent, so all run at once
        if n:
            lanes = x[:, :n * V].reshape(rows, n, V).transpose(1, 0, 2)  # (n, rows, V)
            full = n // _CHUNK
            groups = [(lanes[:full * _CHUNK].reshape(full, _CHUNK, rows, V).transpose(1, 0, 2, 3), _CHUNK)] \
                if full else []
            if n % _CHUNK:
                groups.append((lanes[full * _CHUNK:][:, None], n % _CHUNK))
            for xs, m0 in groups:  # xs: (steps, chunks, rows, V)
                m1v = xs[0] + dt(0)  # step 0: m1 = fma(1, x - 0, 0) = x + 0 (-0.0 -> +0.0), m2 = +0
                m2v = np.zeros_like(m1v)
                for j in range(1, m0):
                    xv = xs[j]
                    delta = xv - m1v
                    m1v = fma(dt(dt(1) / dt(j + 1)), delta, m1v, dt)
                    m2v = fma(delta, xv - m1v, m2v, dt)
                chunks += [(m0, m1v[k], m2v[k]) for k in range(m1v.shape[0])]
        for i, (m0, m1v, m2v) in enumerate(chunks):
            m0_stk[0], m1_stk[0], m2_stk[0] = _add_moments_vec(m0, m1v, m2v, m0_stk[0], m1_stk[0], m2_stk[0], dt)
            mask = i + 1
            j = 1
            while j < depth and (mask & 1) == 0:
                m0_stk[j], m1_stk[j], m2_stk[j] = _add_moments_vec(
                    m0_stk[j - 1], m1_stk[j - 1], m2_stk[j - 1], m0_stk[j], m1_stk[j], m2_stk[j], dt)
                m0_stk[j - 1], m1_stk[j - 1], m2_stk[j - 1] = 0, zero, zero
                mask >>= 1
                j += 1
        for i in range(1, depth):
            m0_stk[0], m1_stk[0], m2_stk[0] = _add_moments_vec(
                m0_stk[i], m1_stk[i], m2_stk[i], m0_stk[0], m1_stk[0], m2_stk[0], dt)

        # scalar tail: Welford over the leftover elements (this loop is not contracted to FMAs)
        c0 = 0
        m1 = np.zeros(rows, x.dtype)
        m2 = np.zeros(rows, x.dtype)
        for k in range(n * V, N):
            xk = x[:, k]
            delta = xk - m1
            c0 += 1
            m1 = m1 + delta / dt(c0)
            m2 = m2 + delta * (xk - m1)
        # merge the lanes (AddMoments, as GCC contracts it)
        for lane in range(V):
            m1_add, m2_add = m1_stk[0][:, lane], m2_stk[0][:, lane]
            tot = c0 + n
            c = dt(0) if tot == 0 else dt(dt(n) / dt(tot))
            delta = m1_add - m1
            m1 = fma(c, delta, m1, dt)
            m2 = m2 + fma((delta * delta) * c, dt(c0), m2_add, dt)
            c0 = tot
        return m1, m2 / dt(N - ddof)
