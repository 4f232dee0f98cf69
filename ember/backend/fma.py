"""Correctly rounded fused multiply-add on NumPy arrays.

PyTorch's vectorised CPU kernels use the hardware FMA (``vfmadd``: ``a * b + c``
rounded once) in ``add(alpha=)``, ``addcmul``, ``lerp``, optimizer steps and its
random samplers; NumPy has no FMA ufunc.  These error-free emulations give the
same bits: Dekker's exact product and Knuth's exact sum, with the low part
rounded to odd before the final round-to-nearest (Boldo & Melquiond).  Used by
``ember.ops`` (``add``/``sub`` with ``alpha``, ``arange``/``linspace``), the
optimizers, ``backend.blas`` and ``ember._rng``.
"""
from __future__ import annotations

from typing import Tuple

import numpy as np

__all__ = ["two_sum", "two_prod", "round_to_odd", "fma64", "fma32"]


def two_sum(a: np.ndarray, b: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Knuth's TwoSum: ``s + e == a + b`` exactly with ``s = fl(a + b)``."""
    s = a + b
    bp = s - a
    e = (a - (s - bp)) + (b - bp)
    return s, e


def two_prod(a: np.ndarray, b: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Dekker's TwoProduct (Veltkamp split): ``p + e == a * b`` exactly."""
    p = a * b
    t = 134217729.0 * a
    ah = t - (t - a)
    al = a - ah
    t = 134217729.0 * b
    bh = t - (t - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def round_to_odd(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Given ``s = RN(x)`` and ``e = x - s`` return ``RO(x)`` (round-to-odd)."""
    bits = s.view(np.int64)
    adjust = (e != 0) & ((bits & 1) == 0) & np.isfinite(s)
    if not adjust.any():
        return s
    step = np.where((e > 0) == (s > 0), 1, -1).astype(np.int64)
    return (bits + np.where(adjust, step, 0)).view(np.float64)


def fma64(a, b, c) -> np.ndarray:
    """Correctly rounded float64 ``a * b + c`` (what ``vfmadd`` computes).

    Boldo & Melquiond's emulation: exact product and sum, the low part summed
    with round-to-odd, then one final round-to-nearest.
    """
    a, b, c = np.broadcast_arrays(*(np.asarray(x, np.float64) for x in (a, b, c)))
    with np.errstate(all="ignore"):
        uh, ul = two_prod(a, b)
        th, tl = two_sum(c, uh)
        s, e = two_sum(tl, ul)
        out = th + round_to_odd(np.asarray(s), np.asarray(e))
        bad = ~np.isfinite(out)
        if bad.any():  # overflow/inf/nan operands: the error terms are meaningless
            out = np.where(bad, a * b + c, out)
    return out


def fma32(a, b, c) -> np.ndarray:
    """Correctly rounded float32 ``a * b + c``.

    The float32 product is exact in float64, so ``s = fl64(a*b + c)`` is off
    by at most half a float64 ulp; rounding ``s`` to float32 is then correct
    unless ``s`` sits exactly on a float32 rounding midpoint (or in the
    float32 subnormal range).  Those rare elements are redone with
    round-to-odd.
    """
    shape = _fma_shape(a, b, c)
    s = np.multiply(a, b, dtype=np.float64)
    if s.__class__ is np.ndarray and s.shape == shape:
        s += np.asarray(c, dtype=np.float64)  # (converted first: a mixed-dtype ufunc loop is ~5x slower)
    else:
        s = np.atleast_1d(s + np.asarray(c, dtype=np.float64))
    bits = s.view(np.int64)
    risky = np.bitwise_and(bits, _LOW29)
    risky = np.equal(risky, _MIDPOINT29, out=np.empty(s.shape, dtype=bool))
    risky |= np.less(np.bitwise_and(bits, _EXPONENT64), _TINY_EXPONENT)
    if risky.any():
        p = np.broadcast_to(np.multiply(a, b, dtype=np.float64), s.shape)
        c64 = np.broadcast_to(np.asarray(c, np.float64), s.shape)
        ss, es = two_sum(p[risky], c64[risky])
        s[risky] = round_to_odd(ss, es)
    out = s.astype(np.float32)
    return out if out.shape == shape else out.reshape(shape)


_LOW29 = np.int64(0x1FFFFFFF)  # the float64 bits below a float32's last bit
_MIDPOINT29 = np.int64(0x10000000)  # ... when the value is halfway between two float32s
_EXPONENT64 = np.int64(0x7FF0000000000000)
_TINY_EXPONENT = np.int64((1023 - 125) << 52)  # float32 subnormals (and values near them)


def _fma_shape(a, b, c) -> tuple:
    """The broadcast shape of three FMA operands; without NumPy's general rule when each operand is
    a scalar or has the first array's shape (every call from the samplers and optimizers)."""
    shape = None
    for v in (a, b, c):
        if v.__class__ is np.ndarray and v.ndim:
            if shape is None:
                shape = v.shape
            elif v.shape != shape:
                return np.broadcast_shapes(np.shape(a), np.shape(b), np.shape(c))
    return () if shape is None else shape


# float64 arrays up to this many elements get the exact emulation (~25 NumPy passes); larger
# ones round the product and the sum separately (at most 1 ulp from the fused result).
FMA64_EXACT_MAX = 1 << 14


def fma(a, b, c, dtype) -> np.ndarray:
    """``a * b + c`` rounded once in ``dtype`` (float16, float32 or float64), as the FMA that
    PyTorch's kernels are compiled to.  float16 is computed as ATen computes Half, in float32
    (its opmath type), and rounded to float16 at the end."""
    dtype = np.dtype(dtype)
    if not all(v.__class__ is np.ndarray or isinstance(v, (np.generic, float, int)) for v in (a, b, c)):
        return a * b + c  # CuPy and other array types: their own (unfused) arithmetic
    if dtype == np.float32:
        return fma32(a, b, c)
    if dtype == np.float64:
        if max(np.size(a), np.size(b), np.size(c)) <= FMA64_EXACT_MAX:
            return fma64(a, b, c)
        return np.asarray(a, np.float64) * b + c
    if dtype == np.float16:
        f = np.float32
        return fma32(np.asarray(a, f), np.asarray(b, f), np.asarray(c, f)).astype(np.float16)
    raise TypeError(f"fma: unsupported dtype {dtype}")
