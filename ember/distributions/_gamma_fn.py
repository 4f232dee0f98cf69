"""NumPy helpers for the Gamma family: the regularised lower incomplete gamma
``P(a, x)`` (``torch.special.gammainc``) and the implicit reparameterisation
gradient ``d sample / d alpha`` used by ``_standard_gamma``'s backward."""
from __future__ import annotations

import math

import numpy as np


def _gammainc_series(a: float, x: float) -> float:
    term = 1.0 / a
    total = term
    n = 0
    while abs(term) > abs(total) * 1e-17 and n < 10000:
        n += 1
        term *= x / (a + n)
        total += term
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gammaincc_cf(a: float, x: float) -> float:
    """Upper tail via Lentz's continued fraction."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def gammainc_scalar(a: float, x: float) -> float:
    """Regularised lower incomplete gamma ``P(a, x)``."""
    if x <= 0:
        return 0.0
    if math.isinf(x):
        return 1.0
    if x < a + 1.0:
        return _gammainc_series(a, x)
    return 1.0 - _gammaincc_cf(a, x)


def gammainc(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Element-wise ``P(a, x)`` (broadcast), in ``float64``."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    out = np.empty(a.shape, np.float64)
    flat = out.reshape(-1)
    for i, (ai, xi) in enumerate(zip(a.reshape(-1), x.reshape(-1))):
        flat[i] = gammainc_scalar(float(ai), float(xi))
    return out


def standard_gamma_grad(alpha: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``d x / d alpha = -(dP/dalpha)(alpha, x) / pdf(x; alpha)``, with
    ``dP/dalpha`` by a central difference of :func:`gammainc`."""
    a = np.asarray(alpha, np.float64)
    xs = np.asarray(x, np.float64)
    h = 1e-5 * np.maximum(a, 1.0)
    dP = (gammainc(a + h, xs) - gammainc(a - np.minimum(h, a / 2), xs)) / (h + np.minimum(h, a / 2))
    with np.errstate(all="ignore"):
        log_pdf = (a - 1) * np.log(xs) - xs - np.vectorize(math.lgamma)(a)
        grad = -dP / np.exp(log_pdf)
    return np.where(np.isfinite(grad), grad, 0.0)
