"""ATen's CPU ``GroupNormBackwardKernelImplInternal`` (contiguous input) bit for bit.

``native_group_norm_backward`` reduces in the input's own precision with AVX2 vectors (8 float32 /
4 float64 lanes), in this order (``aten/src/ATen/native/cpu/group_norm_kernel.cpp``):

* ``ComputeInternalGradients``: per ``(n, c)`` ``ds = sum(dY * X)`` and ``db = sum(dY)`` over the
  spatial positions with ``at::vec::map2_reduce_all`` / ``reduce_all``: the first vector, then the
  other full vectors added in order (not fused), the partial last vector added into its first lanes
  (float64: fused, as GCC compiles it), and the lanes folded (float32: ``vec_reduce_all``'s
  shuffle tree ``((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7))``; float64: in order).  Rows shorter than a
  vector are summed in order.
* ``GroupNormInputBackward``: per ``(n, g)`` ``ds``/``db`` weighted by gamma, vectorised over the
  channels with fused multiply-adds, the lanes summed in order and the leftover channels added
  (fused); ``c2 = fma(db, mean, -ds) * rstd**3 * s``, ``c3 = fma(-(db * rstd), s, -c2 * mean)``,
  ``dX = fma(c1, dY, c2 * X) + c3`` with ``c1 = rstd * gamma``.
* ``GammaBackward``: ``dgamma += fma(fma(-db, mean, ds), rstd, dgamma)`` over the batch in order;
  ``BetaBackward``: ``dbeta`` sums ``db`` over the batch in order.

All of this was measured against PyTorch 2.13 (float32 and float64, with and without affine
parameters), not assumed.
"""
from __future__ import annotations

import numpy as np

from ._moments import fma

__all__ = ["group_norm_backward"]


def _fma(a, b, c, dt):
    shape = np.broadcast_shapes(np.shape(a), np.shape(b), np.shape(c))
    return fma(np.broadcast_to(a, shape), np.broadcast_to(b, shape), np.broadcast_to(c, shape), dt)


def _row_sums(a, b, dt):
    """``map2_reduce_all(x * y, +)`` (``b`` given) or ``reduce_all(+)`` of each row (last axis)."""
    lanes = 8 if dt == np.float32 else 4
    n = a.shape[-1]
    if n < lanes:
        v = a * b if b is not None else a
        acc = v[..., 0].copy()
        for i in range(1, n):
            acc += v[..., i]
        return acc
    nv = n // lanes
    body = a[..., :nv * lanes] * b[..., :nv * lanes] if b is not None else a[..., :nv * lanes]
    acc = np.add.reduce(body.reshape(a.shape[:-1] + (nv, lanes)), axis=-2)  # in order, lane by lane
    r = n - nv * lanes
    if r:
        if b is not None and dt == np.float64:
            acc[..., :r] = _fma(a[..., nv * lanes:], b[..., nv * lanes:], acc[..., :r], dt)
        else:
            acc[..., :r] += a[..., nv * lanes:] * b[..., nv * lanes:] if b is not None else a[..., nv * lanes:]
    return fold_lanes(acc, lanes)


def fold_lanes(acc, lanes: int):
    """``vec_reduce_all`` of the ``lanes`` vector lanes on the last axis: 8 float32 lanes fold as
    ``((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7))`` (AVX2's shuffle tree), other widths in order."""
    if lanes == 8:
        v = acc[..., :4] + acc[..., 4:]
        v = v[..., :2] + v[..., 2:]
        return v[..., 0] + v[..., 1]
    out = acc[..., 0].copy()
    for i in range(1, lanes):
        out += acc[..., i]
    return out


def group_norm_backward(dy, x, mean, rstd, gamma, groups: int, need_x: bool, need_w: bool, need_b: bool):
    """``(dX, dgamma, dbeta)`` (None where not needed) for float32/float64 NumPy arrays: ``dy``/``x`` of
    shape ``(N, C, *)``, ``mean``/``rstd`` with ``N * groups`` elements, ``gamma`` of ``C`` or None."""
    dt = x.dtype
    t = dt.type
    lanes = 8 if dt == np.float32 else 4
    n, c = x.shape[0], x.shape[1]
    hw = x.size // (n * c) if n * c else 0
    d = c // groups
    xr = x.reshape(n, c, hw)
    dyr = dy.reshape(n, c, hw)
    with np.errstate(all="ignore"):
        ds = _row_sums(dyr, xr, dt)
        db = _row_sums(dyr, None, dt)
        m = mean.reshape(n, groups).astype(dt, copy=False)
        r = rstd.reshape(n, groups).astype(dt, copy=False)
        dsg = ds.reshape(n, groups, d)
        dbg = db.reshape(n, groups, d)
        dx = dgamma = dbeta = None
        if need_x:
            gg = gamma.reshape(groups, d) if gamma is not None else np.ones((groups, d), dt)
            s = t(1) / t(d * hw)
            full = d // lanes * lanes
            both = np.stack([dsg, dbg])  # ds and db take the same steps: one fma for the two
            acc_v = np.zeros((2, n, groups, lanes), dt)
            for j in range(0, full, lanes):
                acc_v = _fma(both[..., j:j + lanes], gg[:, j:j + lanes], acc_v, dt)
            acc = np.zeros((2, n, groups), dt)
            for k in range(lanes):
                acc += acc_v[..., k]
            for j in range(full, d):
                acc = _fma(both[..., j], gg[:, j], acc, dt)
            ds_val, db_val = acc[0], acc[1]
            c2 = _fma(db_val, m, -ds_val, dt) * r * r * r * s
            c3 = _fma(-(db_val * r), s, -c2 * m, dt)
            c1 = r[:, :, None] * gg[None]
            xg = xr.reshape(n, groups, d, hw)
            dyg = dyr.reshape(n, groups, d, hw)
            dx = (_fma(c1[..., None], dyg, c2[..., None, None] * xg, dt) + c3[..., None, None]).reshape(x.shape)
        if need_w:
            inner = _fma(-dbg, m[:, :, None], dsg, dt)
            acc = np.zeros((groups, d), dt)
            for i in range(n):
                acc = _fma(inner[i], r[i][:, None], acc, dt)
            dgamma = acc.reshape(c)
        if need_b:
            dbeta = np.zeros(c, dt)
            for i in range(n):
                dbeta += db[i]
    return dx, dgamma, dbeta
