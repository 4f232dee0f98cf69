"""Vectorised ``erf``/``erfc``/``erfinv`` on NumPy arrays (NumPy has none).

``erf`` and ``erfc`` use the rational approximations of Cephes ``ndtr.c``
(W. J. Cody's coefficients), evaluated in float64: relative error about
1e-16 over the whole real line, so a float32 result rounded from them is
the correctly rounded value in nearly every case.  ``erfinv`` starts from
Giles' single-precision approximation and polishes it with Newton steps on
``erf``.  All functions take and return float64 arrays (callers cast).
"""
from __future__ import annotations

import math

import numpy as np

_T = (9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3,
      7.00332514112805075473e3, 5.55923013010394962768e4)
_U = (1.0, 3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3,
      2.26290000613890934246e4, 4.92673942608635921086e4)
_P = (2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0,
      4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2,
      9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2)
_Q = (1.0, 1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2,
      9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3,
      1.65666309194161350182e3, 5.57535340817727675546e2)
_R = (5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0,
      6.16021097993053585195e0, 7.40974269950448939160e0, 2.97886665372100240670e0)
_S = (1.0, 2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1,
      1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516355e0)

_MAXLOG = 7.09782712893383996843e2
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _polevl(x, coefs):
    r = np.full_like(x, coefs[0])
    for c in coefs[1:]:
        r = r * x + c
    return r


def _expx2_neg(x):
    """``exp(-x*x)`` with the argument split to keep the last bits (Cephes ``expx2``)."""
    m = np.floor(x * 128.0 + 0.5) / 128.0
    f = x - m
    u = m * m
    u1 = 2.0 * m * f + f * f
    return np.exp(-u) * np.exp(-u1)


def _erfc_pos(x):
    """erfc for x >= 1 (float64 array)."""
    out = np.empty_like(x)
    mid = x < 8.0
    xm = x[mid]
    out[mid] = _expx2_neg(xm) * _polevl(xm, _P) / _polevl(xm, _Q)
    far = ~mid
    if far.any():
        xf = x[far]
        y = _expx2_neg(xf) * _polevl(xf, _R) / _polevl(xf, _S)
        out[far] = np.where(xf * xf > _MAXLOG, 0.0, y)
    return out


def _erf_small(x):
    z = x * x
    return x * _polevl(z, _T) / _polevl(z, _U)


def erf(x) -> np.ndarray:
    """Error function of a float64 array."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    ax = np.abs(x)
    small = ax <= 1.0
    with np.errstate(all="ignore"):
        xs = x[small]
        out[small] = _erf_small(xs)
        big = ~small
        xb = x[big]
        out[big] = np.copysign(1.0 - _erfc_pos(np.abs(xb)), xb)
    return out


def erfc(x) -> np.ndarray:
    """Complementary error function of a float64 array."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    small = np.abs(x) < 1.0
    with np.errstate(all="ignore"):
        out[small] = 1.0 - _erf_small(x[small])
        big = ~small
        xb = x[big]
        tail = _erfc_pos(np.abs(xb))
        out[big] = np.where(xb < 0, 2.0 - tail, tail)
    return out


def erfinv(y) -> np.ndarray:
    """Inverse error function of a float64 array (``erfinv(±1) = ±inf``)."""
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(all="ignore"):
        w = -np.log((1.0 - y) * (1.0 + y))
        # Giles (2010), single precision branch, then Newton on erf.
        w1 = w - 2.5
        p1 = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            p1 = p1 * w1 + c
        w2 = np.sqrt(np.maximum(w, 5.0)) - 3.0
        p2 = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            p2 = p2 * w2 + c
        x = np.where(w < 5.0, p1, p2) * y
        for _ in range(3):
            err = erf(x) - y
            x = x - err / (_TWO_OVER_SQRT_PI * np.exp(-x * x))
        x = np.where(y == 1.0, np.inf, x)
        x = np.where(y == -1.0, -np.inf, x)
        x = np.where(np.abs(y) > 1.0, np.nan, x)
    return x
