"""ATen's CPU ``batch_norm_cpu_backward_kernel`` (contiguous input and gradient) bit for bit.

``native_batch_norm_backward`` takes this kernel when the input and the incoming gradient are both
contiguous (``aten/src/ATen/native/cpu/batch_norm_kernel.cpp``); it has two layouts:

* ``(N, C)`` input (an image of one element, "NC11 is also channels last"):
  ``batch_norm_cpu_backward_channels_last_impl``.  ``at::parallel_for(0, N, 1)`` gives each of
  ``min(get_num_threads(), N)`` threads ``ceil(N / threads)`` rows; each thread adds its rows one
  after another in the input dtype (``sum += dy``; ``dotp = fma(x - mean, dy, dotp)``, the multiply-add
  GCC contracts), and the per-thread partials are added in double and rounded back.  Then
  ``k = dotp * invstd * invstd / N`` and ``grad_mean = sum / N`` in the input dtype, and
  ``dx = (dy - grad_mean - (x - mean) * k) * invstd * w``, fused (``fma(-(x - mean), k, dy - grad_mean)``)
  for the channels in full SIMD vectors and plain in the partial last vector.
* ``(N, C, *)`` input with an image: ``batch_norm_cpu_backward_contiguous_impl``.  Per channel, double
  accumulators ``sum`` and ``dotp`` take, image by image, ``reduce_all(dy)`` and
  ``map2_reduce_all((x - mean) * dy)`` (full vectors added unfused, the partial last vector fused,
  the lanes folded by ``vec_reduce_all``'s shuffle tree); ``k = float(dotp) * invstd * invstd / N``,
  ``grad_mean = float(sum / N)`` and ``dx = fma(-(x - mean), k, dy - grad_mean) * invstd * w``.

Both give ``grad_weight = dotp * invstd`` and ``grad_bias = sum``; evaluation mode has
``dx = dy * invstd * w`` with ``invstd = 1 / sqrt(running_var + eps)`` computed in double.  All of
this was measured against PyTorch 2.13 (float32 and float64, 1 to 4 threads), not assumed.
"""
from __future__ import annotations

import numpy as np

from ._group_norm_backward import _row_sums, fold_lanes
from ._moments import fma

__all__ = ["batch_norm_backward"]


def batch_norm_backward(dy, x, mean, invstd, weight, train: bool, threads: int):
    """``(dx, dweight, dbias)`` for C-contiguous float32/float64 NumPy ``dy``/``x`` of shape ``(N, C, *)``:
    ``mean``/``invstd`` hold the ``C`` saved statistics (the running mean and the double-computed
    ``invstd`` in evaluation mode), ``weight`` the ``C`` weights or None."""
    c = x.shape[1]
    w = weight.reshape(-1) if weight is not None else np.ones(c, x.dtype)
    mean, invstd = mean.reshape(-1), invstd.reshape(-1)
    with np.errstate(all="ignore"):
        if x.size == x.shape[0] * c:
            return _channels_last(dy, x, mean, invstd, w, train, threads)
        return _contiguous(dy, x, mean, invstd, w, train)


def _thread_rows(n: int, threads: int):
    """``(parts, chunk)``: how ``at::parallel_for(0, n, 1)`` splits ``n`` rows over the threads."""
    workers = min(threads, n) if n > 1 and threads > 1 else 1
    chunk = -(-n // workers)
    return -(-n // chunk), chunk


def _double_sum(parts):
    """The per-thread float partials (axis 0) added in order in double, rounded to their dtype."""
    return np.cumsum(parts.astype(np.float64), axis=0)[-1].astype(parts.dtype)


def _channels_last(dy, x, mean, invstd, w, train, threads):
    dt = x.dtype
    n, c = x.shape[0], x.shape[1]
    x2, g2 = x.reshape(n, c), dy.reshape(n, c)
    parts, chunk = _thread_rows(n, threads)
    # the last thread's rows padded with ``dy = 0`` and ``x = mean``: adding ``+0`` changes no partial
    xp = np.empty((parts * chunk, c), dt)
    xp[:n] = x2
    xp[n:] = mean
    gp = np.zeros((parts * chunk, c), dt)
    gp[:n] = g2
    # step i of every thread at once: (chunk, parts, C), row i of each thread's block
    xp = np.ascontiguousarray(xp.reshape(parts, chunk, c).transpose(1, 0, 2))
    gp = np.ascontiguousarray(gp.reshape(parts, chunk, c).transpose(1, 0, 2))
    sums = np.cumsum(gp, axis=0, dtype=dt)[-1]  # (cumsum adds in order, in the input dtype)
    total, dotp = _double_sum(sums), _double_sum(_fma_chain(xp - mean, gp))
    if train:
        count = dt.type(n)
        k = dotp * invstd * invstd / count
        shifted = g2 - total / count
        xm = x2 - mean
        dx = shifted - xm * k  # the partial last vector: unfused
        full = c - c % (8 if dt == np.float32 else 4)
        if full:
            kf = np.broadcast_to(k[:full], (n, full))
            dx[:, :full] = fma(-xm[:, :full], kf, shifted[:, :full], dt)
        dx = dx * invstd * w
    else:
        dx = g2 * invstd * w
    return dx.reshape(x.shape), dotp * invstd, total


_LOW_BITS = 0x1FFFFFFF      # the float64 mantissa bits below float32's
_MIDPOINT = 0x10000000      # ... holding exactly half a float32 ulp
_TINY = 2.0 ** -126         # below it float32 is subnormal and rounds at a higher bit


def _fma_chain(a, b):
    """``acc = fma(a[i], b[i], acc)`` for the steps ``i`` of axis 0 in order, from ``acc = 0``.

    float32: the products are exact in float64, so each step is one float64 add rounded to float32;
    that double rounding is wrong only where the float64 sum sits on a float32 rounding midpoint or in
    float32's subnormal range, so when any step does, the chain is redone with exact ``fma`` calls."""
    dt = a.dtype
    if dt == np.float32:
        prods = a.astype(np.float64)
        prods *= b
        accs = np.empty(a.shape, dt)  # the accumulator after each step
        prev = np.zeros(a.shape[1:], dt)
        for i in range(a.shape[0]):  # one call a step: the float64 sum, rounded as it is stored
            prev = np.add(prev, prods[i], out=accs[i], dtype=np.float64, casting="unsafe")
        steps = prods  # the float64 sums each step rounded
        steps[1:] += accs[:-1]
        if not (_on_midpoint(steps) or _subnormal(steps)):
            return prev
    acc = np.zeros(a.shape[1:], dt)
    for i in range(a.shape[0]):
        acc = fma(a[i], b[i], acc, dt)
    return acc


def _on_midpoint(s) -> bool:
    """Whether any float64 in ``s`` sits exactly half a float32 ulp between two float32 values."""
    low = np.bitwise_and(s.view(np.int64), _LOW_BITS)
    return bool(np.equal(low, _MIDPOINT, out=np.empty(low.shape, bool)).any())


def _subnormal(s) -> bool:
    """Whether any nonzero float64 in ``s`` is in float32's subnormal range."""
    mag = np.abs(s)
    tiny = mag < _TINY
    return bool(tiny.any() and mag[tiny].any())


def _dot_rows(a, b, dt):
    """``map2_reduce_all`` of ``a * b`` per row (last axis) with the map fused into the reduction
    only for the partial last vector (rows shorter than a vector: in order, unfused)."""
    lanes = 8 if dt == np.float32 else 4
    n = a.shape[-1]
    if n < lanes:
        return _row_sums(a, b, dt)
    nv = n // lanes
    acc = a[..., :lanes] * b[..., :lanes]
    for j in range(1, nv):
        acc += a[..., j * lanes:(j + 1) * lanes] * b[..., j * lanes:(j + 1) * lanes]
    r = n - nv * lanes
    if r:
        acc[..., :r] = fma(a[..., nv * lanes:], b[..., nv * lanes:], acc[..., :r], dt)
    return fold_lanes(acc, lanes)


def _contiguous(dy, x, mean, invstd, w, train):
    dt = x.dtype
    n, c = x.shape[0], x.shape[1]
    xr, gr = x.reshape(n, c, -1), dy.reshape(n, c, -1)
    xm = xr - mean.reshape(1, c, 1)
    total = np.cumsum(_row_sums(gr, None, dt).astype(np.float64), axis=0)[-1]
    dotp = np.cumsum(_dot_rows(xm, gr, dt).astype(np.float64), axis=0)[-1]
    if train:
        count = xr.shape[0] * xr.shape[2]
        k = (dotp.astype(dt) * invstd * invstd / dt.type(count)).reshape(1, c, 1)
        shifted = gr - (total / count).astype(dt).reshape(1, c, 1)
        dx = fma(-xm, np.broadcast_to(k, xm.shape), shifted, dt)
        dx = dx * invstd.reshape(1, c, 1) * w.reshape(1, c, 1)
    else:
        dx = gr * invstd.reshape(1, c, 1) * w.reshape(1, c, 1)
    return dx.reshape(x.shape), (dotp * invstd).astype(dt), total.astype(dt)
