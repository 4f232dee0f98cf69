"""Per-element samplers of ATen's CPU kernels: ``torch.poisson``, ``torch.binomial``,
``torch._standard_gamma`` and ``torch._sample_dirichlet`` (used by ``ember.distributions``).

They are written on top of ember's generator draws (``ember._rng``) and
consume the stream exactly like ATen's CPU kernels: one element after another,
``uniform_real_distribution<double>`` = one ``random64()``, and
``normal_distribution<double>`` = the cached scalar Box-Muller, so that after
``manual_seed`` the samples are PyTorch's.  Python loops over elements: exact,
not fast.
"""
from __future__ import annotations

import math

import numpy as np

from ember import _rng


def _generator(generator=None):
    if generator is None:
        return _rng.default_generator
    return getattr(generator, "_impl", generator)


def _uniform(gen) -> float:
    return float(_rng._uniform_double(gen, 1)[0])


def _normal(gen) -> float:
    return float(_rng._box_muller_scalar(gen, 1)[0])


_C0331 = float(np.float32(0.0331))


def _gamma_one(alpha, gen, acc_float: bool) -> float:
    """ATen ``sample_gamma`` (Marsaglia-Tsang with boosting for alpha < 1).

    ``alpha`` arithmetic is done in the input's precision (``float`` for
    float32 tensors, like ``scalar_t``), the rest in double.
    """
    to_t = np.float32 if acc_float else float
    alpha = to_t(alpha)
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0.0:
            return 0.0
        scale *= math.pow(1.0 - _uniform(gen), float(to_t(1.0) / alpha))
        alpha = to_t(alpha + to_t(1.0))
    d = float(to_t(alpha - to_t(np.float32(1.0) / np.float32(3.0))))
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        while True:
            x = _normal(gen)
            y = 1.0 + c * x
            if not y <= 0:
                break
        v = y * y * y
        u = 1.0 - _uniform(gen)
        xx = x * x
        if u < 1.0 - _C0331 * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def standard_gamma(alpha: np.ndarray, generator=None) -> np.ndarray:
    """``torch._standard_gamma(alpha)`` on CPU: element-wise in row-major
    order, result ``max(finfo.tiny, sample)`` in ``alpha``'s dtype."""
    gen = _generator(generator)
    alpha = np.ascontiguousarray(alpha).reshape(np.shape(alpha))  # keep 0-d inputs 0-d
    dtype = alpha.dtype
    low_prec = dtype != np.float64
    tiny = np.finfo(dtype).tiny
    out = np.empty(alpha.shape, dtype=dtype)
    flat_in = alpha.reshape(-1)
    flat_out = out.reshape(-1)
    for i in range(flat_in.size):
        s = dtype.type(_gamma_one(flat_in[i], gen, low_prec))
        flat_out[i] = max(tiny, s)
    return out


def sample_dirichlet(alpha: np.ndarray, generator=None) -> np.ndarray:
    """``torch._sample_dirichlet(alpha)`` on CPU: double gamma draws
    (clamped to double ``tiny``), normalised over the last dim, cast back and
    clamped into ``[tiny, nextafter(1, 0)]``."""
    gen = _generator(generator)
    alpha = np.ascontiguousarray(alpha)
    dtype = alpha.dtype
    flat = alpha.reshape(-1).astype(np.float64)
    gam = np.empty(flat.size, dtype=np.float64)
    tiny64 = np.finfo(np.float64).tiny
    for i in range(flat.size):
        gam[i] = max(tiny64, _gamma_one(flat[i], gen, False))
    gam = gam.reshape(alpha.shape)
    ratio = (gam / gam.sum(-1, keepdims=True)).astype(dtype)
    top = np.nextafter(dtype.type(1.0), dtype.type(0.0))
    return np.minimum(top, np.maximum(np.finfo(dtype).tiny, ratio))


def _poisson_one(lam: float, gen) -> int:
    """ATen ``sample_poisson``: transformed rejection (Hoermann 1993) for
    ``lam >= 10``, multiplication of uniforms below."""
    if lam >= 10:
        return _poisson_ptrs(lam, gen)
    if lam == 0:
        return 0
    enlam = math.exp(-lam)
    count = 0
    prod = 1.0
    while True:
        prod *= _uniform(gen)
        if prod > enlam:
            count += 1
        else:
            return count


def _poisson_ptrs(lam: float, gen) -> int:
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = _uniform(gen) - 0.5
        v = _uniform(gen)
        us = 0.5 - abs(u)
        k = int(math.floor((2 * a / us + b) * u + lam + 0.43))
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        lhs = math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
        if lhs <= -lam + k * loglam - math.lgamma(k + 1.0):
            return k


def poisson(rate: np.ndarray, generator=None) -> np.ndarray:
    """``torch.poisson(rate)`` on CPU, bit-compatible with ATen's stream."""
    gen = _generator(generator)
    rate = np.ascontiguousarray(rate).reshape(np.shape(rate))  # keep 0-d inputs 0-d
    flat = rate.reshape(-1)
    if (flat < 0).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    out = np.empty(flat.size, dtype=rate.dtype)
    for i in range(flat.size):
        out[i] = _poisson_one(float(flat[i]), gen)
    return out.reshape(rate.shape)


_STIRLING_TAIL = (
    0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
    0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
    0.00925546218271273, 0.00833056343336287,
)


def _stirling_tail(k: float) -> float:
    if k <= 9:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _binomial_inversion(count, prob, gen, to_t) -> float:
    """ATen ``binomial_inversion``: count geometric waiting times until they exceed ``count``."""
    logprob = float(np.log1p(to_t(-prob))) if to_t is np.float32 else math.log1p(-prob)
    geom_sum = 0.0
    num_geom = 0.0
    while True:
        u = _uniform(gen)
        geom_sum += math.ceil(math.log(u) / logprob)
        if geom_sum > count:
            return num_geom
        num_geom += 1


def _binomial_btrs(count, prob, gen, to_t) -> float:
    """ATen ``btrs`` (Hormann's transformed rejection), with ``scalar_t``
    products done in the input precision as in the C++ kernel."""
    stddev = math.sqrt(float(to_t(to_t(count * prob) * to_t(1 - prob))))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * float(prob)
    c = float(to_t(count * prob)) + 0.5
    v_r = 0.92 - 4.2 / b
    r = float(to_t(prob / to_t(1 - prob)))
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor(float(to_t(to_t(count + 1) * prob)))
    count = float(count)
    while True:
        u = _uniform(gen) - 0.5
        v = _uniform(gen)
        us = 0.5 - abs(u)
        k = float(to_t(math.floor((2 * a / us + b) * u + c)))
        if k < 0 or k > count:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        upper = ((m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
                 + (count + 1) * math.log((count - m + 1) / (count - k + 1))
                 + (k + 0.5) * math.log(r * (count - k + 1) / (k + 1))
                 + _stirling_tail(m) + _stirling_tail(count - m)
                 - _stirling_tail(k) - _stirling_tail(count - k))
        if v <= upper:
            return k


def _binomial_one(count, prob, gen, to_t) -> float:
    """ATen ``sample_binomial`` case split (BTRS when the mean is >= 10)."""
    if count <= 0.0 or prob <= 0.0:
        return 0.0
    if prob >= 1.0:
        return float(count)
    if prob <= 0.5:
        if to_t(count * prob) >= 10.0:
            return _binomial_btrs(count, prob, gen, to_t)
        return _binomial_inversion(count, prob, gen, to_t)
    if prob > 0.5:
        qprob = to_t(1.0 - prob)
        if to_t(count * qprob) >= 10.0:
            return float(count) - _binomial_btrs(count, qprob, gen, to_t)
        return float(count) - _binomial_inversion(count, qprob, gen, to_t)
    return math.nan


def binomial(count: np.ndarray, prob: np.ndarray, generator=None) -> np.ndarray:
    """``torch.binomial(count, prob)`` on CPU: element-wise in row-major order."""
    gen = _generator(generator)
    count, prob = np.broadcast_arrays(np.asarray(count), np.asarray(prob))
    dtype = prob.dtype
    to_t = np.float32 if dtype != np.float64 else np.float64
    out = np.empty(prob.shape, dtype=dtype)
    flat_c, flat_p, flat_o = count.reshape(-1), prob.reshape(-1), out.reshape(-1)
    for i in range(flat_o.size):
        flat_o[i] = _binomial_one(to_t(flat_c[i]), to_t(flat_p[i]), gen, to_t)
    return out
