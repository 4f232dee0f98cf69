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


_F08, _F09, _F11 = float(np.float32(0.8)), float(np.float32(0.9)), float(np.float32(1.1))  # C++ float literals
_GAMMA_GRAD_UV = np.array([
    [0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084],
    [0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623],
    [0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367,
     -1.5247877e-07]])


def standard_gamma_grad(alpha: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``torch._standard_gamma_grad``: ``d x / d alpha`` of a Gamma(alpha, 1) sample ``x`` (the
    pathwise derivative ``rsample`` needs), ATen's ``standard_gamma_grad_one`` in double and
    rounded to the input dtype: a Taylor series for ``x < 0.8``, Rice's saddle-point expansion
    for ``alpha > 8``, else a bivariate rational approximation in ``log(x / alpha)`` and
    ``log(alpha)``."""
    dt = np.result_type(alpha, x)
    a = np.asarray(alpha, np.float64)
    xs = np.asarray(x, np.float64)
    a, xs = np.broadcast_arrays(a, xs)
    out = np.empty(a.shape, np.float64)
    with np.errstate(all="ignore"):
        small = xs < _F08
        if small.any():
            out[small] = _gamma_grad_series(a[small], xs[small])
        rice = ~small & (a > 8.0)
        if rice.any():
            out[rice] = _gamma_grad_rice(a[rice], xs[rice])
        rest = ~small & ~rice
        if rest.any():
            u, v = np.log(xs[rest] / a[rest]), np.log(a[rest])
            c = _GAMMA_GRAD_UV[0][:, None] + u * (_GAMMA_GRAD_UV[1][:, None] + u * _GAMMA_GRAD_UV[2][:, None])
            pp = c[0] + v * (c[1] + v * (c[2] + v * c[3]))
            qq = c[4] + v * (c[5] + v * (c[6] + v * c[7]))
            out[rest] = np.exp(pp / qq)
    return out.astype(dt if dt.kind == "f" else np.float64)


def _gamma_grad_series(alpha, x):
    numer = np.ones_like(x)
    denom = alpha.copy()
    series1 = numer / denom
    series2 = numer / (denom * denom)
    for i in range(1, 6):
        numer = numer * (-x / i)
        denom = denom + 1
        series1 = series1 + numer / denom
        series2 = series2 + numer / (denom * denom)
    pow_x_alpha = np.power(x, alpha)
    gamma_pdf = np.power(x, alpha - 1) * np.exp(-x)
    gamma_cdf = pow_x_alpha * series1
    gamma_cdf_alpha = (np.log(x) - _digamma64(alpha)) * gamma_cdf - pow_x_alpha * series2
    result = -gamma_cdf_alpha / gamma_pdf
    return np.where(np.isnan(result), 0.0, result)


def _gamma_grad_rice(alpha, x):
    near = (_F09 * alpha <= x) & (x <= _F11 * alpha)
    numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
    numer_2 = 1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha + alpha * (107 + 3600 * x)
    close = numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
    denom = np.sqrt(8 * alpha)
    term2 = denom / (alpha - x)
    term3 = np.power(x - alpha - alpha * np.log(x / alpha), -1.5)
    term23 = np.where(x < alpha, term2 - term3, term2 + term3)
    term1 = np.log(x / alpha) * term23 - np.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x))
    stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
    far = -stirling * (x * term1) / denom
    return np.where(near, close, far)


# PyTorch's ``_dirichlet_grad`` (ATen/native/Distributions.h ``dirichlet_grad_one``),
# vectorised in float64: the scaled reparameterised gradient
# ``-(d/dalpha cdf(x; alpha, beta)) / pdf(x; alpha, beta) / (1 - x)`` of a
# Beta(alpha, total - alpha) draw ``x``.
_DIRICHLET_C = np.array([
    [[[1.003668233, -0.01061107488, -0.0657888334, 0.01201642863],
      [0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033],
      [-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013]],
     [[0.221950385, -0.3187676331, 0.01799915743, 0.01074823814],
      [-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057],
      [0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05]],
     [[-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565],
      [0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181],
      [0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05]]],
    [[[1, -0.02924021934, -0.04438342661, 0.007285809825],
      [0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521],
      [-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149]],
     [[0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273],
      [0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956],
      [-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05]],
     [[0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05],
      [0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05],
      [-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06]]],
])


_PSI_10 = 2.25175258906672110764
_DIGAMMA_A = (8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
              -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
              8.33333333333333333333E-2)


def _digamma64(x):
    """ATen's ``digamma_one<scalar_t, double>`` for ``x > 0``: the argument and
    its recurrence steps in ``x``'s dtype (scalar_t), the sums in double, the
    result rounded back to scalar_t."""
    x = np.array(x, copy=True)
    sdt = x.dtype.type
    result = np.zeros(x.shape, np.float64)
    with np.errstate(all="ignore"):
        m = x < 10
        while m.any():
            result[m] -= (sdt(1) / x[m]).astype(np.float64)
            x[m] += sdt(1)
            m = x < 10
        xd = x.astype(np.float64)
        z = 1.0 / (x * x).astype(np.float64)
        y = np.full(x.shape, _DIGAMMA_A[0])
        for c in _DIGAMMA_A[1:]:
            y = y * z + c
        y = np.where(xd < 1.0e17, z * y, 0.0)
        out = result + np.log(x).astype(np.float64) - (sdt(0.5) / x).astype(np.float64) - y
        out = np.where(x == 10, result + _PSI_10, out)
        out = np.where(x == 0, np.inf, out)
    return out.astype(sdt)


def _beta_grad_alpha_small(x, alpha, beta):
    factor = _digamma64(alpha) - _digamma64(alpha + beta) - np.log(x)
    numer = np.ones_like(x)
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        numer = numer * ((i - beta) * x / i)
        denom = alpha + i
        series = series + numer / denom * (factor + 1 / denom)
    result = x * np.power(1 - x, -beta) * series
    return np.where(np.isnan(result), 0.0, result)


def _beta_grad_beta_small(x, alpha, beta):
    factor = _digamma64(alpha + beta) - _digamma64(beta)
    numer = np.ones_like(x)
    betas = np.ones_like(x)
    dbetas = np.zeros_like(x)
    series = factor / alpha
    for i in range(1, 9):
        numer = numer * (-x / i)
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series = series + numer / (alpha + i) * (dbetas + factor * betas)
    result = -np.power(1 - x, 1 - beta) * series
    return np.where(np.isnan(result), 0.0, result)


def _beta_grad_alpha_mid(x, alpha, beta):
    total = alpha + beta
    mean = alpha / total
    std = np.sqrt(alpha * beta / (total + 1)) / total
    poly = 47 * x * (beta * beta) * (beta * beta) + alpha * (
        (43 + 20 * (16 + 27 * beta) * x) * (beta * beta) * beta + alpha * (
            3 * (59 + 180 * beta - 90 * x) * (beta * beta) + alpha * (
                (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                    8 * (1 - x) * (135 * beta - 11)))))
    prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
    prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)
    near = prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / np.sqrt(2 * alpha * beta / total)
    stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha))
                * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta)
    axbx = alpha * (x - 1) + beta * x
    term1_den = np.sqrt(2 * alpha / beta) * np.power(total, 1.5) * axbx * axbx
    term1 = term1_num / term1_den
    term2 = 0.5 * np.log(alpha / (total * x))
    term3 = np.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4_base = beta * np.log(beta / (total * (1 - x))) + alpha * np.log(alpha / (total * x))
    term4 = np.power(term4_base, -1.5)
    term1234 = term1 + term2 * (term3 + np.where(x < mean, term4, -term4))
    far = stirling * prefactor * term1234
    return np.where((mean - 0.1 * std <= x) & (x <= mean + 0.1 * std), near, far)


def dirichlet_grad(x: np.ndarray, alpha: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``torch._dirichlet_grad(x, alpha, total)`` on arrays (result in ``x``'s dtype)."""
    dtype = np.result_type(x)
    # the Taylor-series branches and the branch tests run in the tensor's own
    # dtype (scalar_t), the rest in double (accscalar_t), as in ATen
    sdt = np.float32 if dtype == np.float32 else np.float64
    xs, alphas, totals = np.broadcast_arrays(*(np.asarray(v).astype(sdt) for v in (x, alpha, total)))
    x, alpha, total = (v.astype(np.float64) for v in (xs, alphas, totals))
    with np.errstate(all="ignore"):
        beta = total - alpha
        betas_ = totals - alphas
        boundary = totals * xs * (1 - xs)
        small_a = (xs <= 0.5) & (boundary < 2.5)
        small_b = ~small_a & (xs >= 0.5) & (boundary < 0.75)
        mid = ~small_a & ~small_b & (alphas > 6) & (betas_ > 6)
        u = np.log(x)
        a = np.log(alpha) - u
        b = np.log(total) - a
        pow_u = (np.ones_like(u), u, u * u)
        pow_a = (np.ones_like(a), a, a * a)
        c = _DIRICHLET_C
        p = np.zeros_like(x)
        q = np.zeros_like(x)
        for i in range(3):
            for j in range(3):
                ua = pow_u[i] * pow_a[j]
                p = p + ua * (c[0, i, j, 0] + b * (c[0, i, j, 1] + b * (c[0, i, j, 2] + b * c[0, i, j, 3])))
                q = q + ua * (c[1, i, j, 0] + b * (c[1, i, j, 1] + b * (c[1, i, j, 2] + b * c[1, i, j, 3])))
        approx = x * (_digamma64(total.astype(sdt)).astype(np.float64)
                      - _digamma64(alpha.astype(sdt)).astype(np.float64)) / beta
        out = p / q * approx
        out = np.where(mid, _beta_grad_alpha_mid(x, alpha, beta), out)
        out = np.where(small_b, -_beta_grad_beta_small(1 - xs, betas_, alphas), out)
        out = np.where(small_a, _beta_grad_alpha_small(xs, alphas, betas_), out)
    return out.astype(dtype if np.issubdtype(dtype, np.floating) else np.float64, copy=False)
