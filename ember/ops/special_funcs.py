"""Bessel and Airy functions, the Hurwitz zeta function and the orthogonal polynomials of ``torch.special``.

Mirrors PyTorch 2.13's CPU kernels (``aten/src/ATen/native/Math.h``, ports of
Cephes): the same rational/Chebyshev approximations, branch points, special
cases and loop structure, vectorised in NumPy, so results are bit-identical to
PyTorch's on x86-64 Linux (measured on dense grids and random inputs):

* the arithmetic runs in the input's dtype, as PyTorch's templated kernels do
  (``T`` is float32 for float32 tensors);
* PyTorch's CPU kernels are compiled for AVX2 with FMA contraction, so every
  ``a * b + c`` the compiler fuses is a fused multiply-add here too (``_fma``:
  exact products, one rounding);
* ``sin``/``cos``/``exp``/``log``/``pow`` are evaluated in float64 and rounded;
  for float32 the C library's ``sinf``/``cosf``/... (what PyTorch calls, not
  always correctly rounded) is asked through ctypes for the few elements near
  a rounding midpoint.  Without a loadable C math library the values are the
  correctly rounded ones (an ulp or so off PyTorch's, rarely);
* ``zeta`` runs in float64 (PyTorch's ``acc_type``) except its first term
  ``std::pow(q, -x)``, taken in the input dtype as PyTorch does.

PyTorch's kernels differ from Cephes in places and those differences are kept:
several monic denominators (Cephes' ``p1evl``) are evaluated with their first
stored coefficient as the leading one, so J0/J1/Y0/Y1 carry ~1e-7 relative
error between 2.5 and 6; the unscaled K0 takes ``log(0.5 * x)`` in double.

Autograd: the unary Bessel/Airy functions and the polynomials have no
derivative formula in PyTorch, so their results never require grad.  ``zeta``
records ``SpecialZetaBackward0/1/2`` (tensor/tensor, number/tensor,
tensor/number); the gradient for ``x`` raises PyTorch's
``NotImplementedError("the derivative for 'zeta' is not implemented.")``, the
one for ``q`` is ``grad * -x * zeta(x + 1, q)``.

float16 (and complex) inputs raise PyTorch's ``"<name>_cpu" not implemented
for 'Half'``; integer and bool inputs give the default float dtype.  The
polynomials take ``n`` converted to the common dtype, then to int64 (NaN, inf
and out-of-range degrees become INT64_MIN, so the result is 0).  Known
difference: for NaN ``x`` and a degree >= 2, PyTorch returns an uninitialised
variable for the U/W (shifted too), Laguerre and Legendre families (garbage
such as the previous element's result); ember returns NaN.
"""
from __future__ import annotations

import functools
import numbers

import numpy as np

from ._common import GRAD, Node, Tensor, _make, binary_data, broadcast_error, finish, needs_grad, to_float_data, \
    write_out
from .reduction_ext import _tname

__all__ = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
           "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0",
           "scaled_modified_bessel_k1", "spherical_bessel_j0", "zeta", "chebyshev_polynomial_t",
           "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
           "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
           "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
           "laguerre_polynomial_l", "legendre_polynomial_p"]


# ------------------------------------------------------------------ helpers
def _as_data(r):
    r = np.asarray(r)
    return r[()] if r.ndim == 0 else r


@functools.lru_cache(maxsize=None)
def _c_float_fn(name: str, nargs: int = 1):
    """The C library's single-precision ``name`` (``sinf`` ...) through ctypes, or None where unavailable."""
    try:
        import ctypes
        import ctypes.util
        path = ctypes.util.find_library("m")
        if path is None:
            return None
        fn = getattr(ctypes.CDLL(path), name)
    except (OSError, AttributeError, ImportError):
        return None
    fn.restype = ctypes.c_float
    fn.argtypes = [ctypes.c_float] * nargs
    return fn


# the C library's float functions are faithful, not always correctly rounded: glibc's sinf/cosf err by up to
# ~0.56 ulp, expf ~0.502, logf and powf ~0.82; only results this close (in ulp) to a rounding midpoint can differ
_MIDPOINT_MARGIN = {"sinf": 0.1, "cosf": 0.1, "expf": 0.05, "logf": 0.35, "powf": 0.35}


def _f64(fn, x, cname: str, *more):
    """A transcendental evaluated in float64 and rounded to ``x``'s dtype.

    For float32, PyTorch's kernels call the C library's ``sinf``/``cosf``/... whose results can differ from the
    correctly rounded value by one ulp where that value lies near a rounding midpoint; those few elements are
    recomputed with the C library's own function (when it can be loaded), so float32 results match PyTorch's.
    """
    with np.errstate(all="ignore"):
        r64 = fn(np.asarray(x, dtype=np.float64), *(np.asarray(m, dtype=np.float64) for m in more))
        r = r64.astype(x.dtype)
        if x.dtype != np.float32 or _c_float_fn(cname, 1 + len(more)) is None:
            return r
        toward = np.nextafter(r, np.where(r64 > r, np.inf, -np.inf).astype(r.dtype))
        off = np.abs(r64 - r) / np.abs(toward.astype(np.float64) - r)  # in units of the gap r64 leans into
        idx = np.nonzero(np.isfinite(r64) & np.isfinite(r) & (off > 0.5 - _MIDPOINT_MARGIN[cname]))
    if idx[0].size:
        c_fn = _c_float_fn(cname, 1 + len(more))
        args = [np.broadcast_to(a, r.shape)[idx].tolist() for a in (x, *more)]
        r[idx] = [c_fn(*vals) for vals in zip(*args)]
    return r


def _sin(x):
    return _f64(np.sin, x, "sinf")


def _cos(x):
    return _f64(np.cos, x, "cosf")


def _exp(x):
    return _f64(np.exp, x, "expf")


def _log(x):
    return _f64(np.log, x, "logf")


def _sqrt(x):
    with np.errstate(all="ignore"):
        return np.sqrt(x)  # IEEE correctly rounded in every dtype


def _horner(x, coefs, dt):
    """PyTorch's ``r = 0; for c in C: r = r * x + c`` loop in dtype ``dt`` (``0 * inf`` gives NaN, as there)."""
    r = np.zeros_like(x)
    for c in coefs:
        r = _fma(r, x, dt.type(c))
    return r


def _chbevl(y, coefs, dt):
    """Cephes ``chbevl`` as PyTorch unrolls it: ``0.5 * (b0 - b2)``."""
    q = np.zeros_like(y)
    p = q
    a = np.full_like(y, dt.type(coefs[0]))
    for c in coefs[1:]:
        p, q = q, a
        a = _fma(y, q, -p) + dt.type(c)
    return dt.type(0.5) * (a - p)


def _unary_input(fname: str, kernel: str, x) -> np.ndarray:
    """``x``'s data as a float array (integers/bool as the default dtype) with PyTorch's argument/dtype errors."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not {type(x).__name__}")
    d = to_float_data(np.asarray(x._data))
    if d.dtype.kind == "c" or d.dtype.itemsize < 4:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_tname(d)}'")
    return np.atleast_1d(d)


def _write(out: Tensor | None, res: Tensor) -> Tensor:
    """``out=`` with PyTorch's refusal to cast a floating result into an integer/bool ``out``.

    A non-differentiable result is written even into an ``out`` that requires grad (PyTorch records nothing
    and leaves ``out.requires_grad`` as it was).
    """
    if out is None or not isinstance(out, Tensor):
        return write_out(out, res)
    od, rd = np.asarray(out._data), np.asarray(res._data)
    if od.dtype.kind in "biu" and rd.dtype.kind == "f":
        raise RuntimeError(f"result type {_tname(rd)} can't be cast to the desired output type {_tname(od)}")
    if res._rg:
        return write_out(out, res)
    prev = GRAD.enabled
    GRAD.enabled = False
    try:
        return write_out(out, res)
    finally:
        GRAD.enabled = prev


def _unary(name: str, kernel_fn, input, out):
    """Run a non-differentiable unary kernel (PyTorch records no grad_fn for these)."""
    d = _unary_input(f"special_{name}", f"{name}_cpu", input)
    shape = np.shape(input._data)
    with np.errstate(all="ignore"):
        r = kernel_fn(d.copy(), d.dtype).astype(d.dtype)
    return _write(out, _make(_as_data(r.reshape(shape))))


def _two_prod(a, b):
    """Dekker's error-free product: ``a * b = p + e`` exactly (barring overflow)."""
    p = a * b
    split = 134217729.0  # 2^27 + 1
    t = split * a
    ah = t - (t - a)
    al = a - ah
    t = split * b
    bh = t - (t - b)
    bl = b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _fma(a, b, c):
    """``a * b + c`` rounded once, the fused multiply-add PyTorch's AVX2 kernels are compiled to.

    float32: the exact product in float64 plus ``c``, rounded to float32; float64: Dekker's product and
    Knuth's two-sum (plain ``a * b + c`` where those would overflow).
    """
    a, b, c = np.broadcast_arrays(np.asarray(a), np.asarray(b), np.asarray(c))
    dt = np.result_type(a, b, c)
    with np.errstate(all="ignore"):
        if dt == np.float32:  # exact product in float64, the sum rounded to odd, then one rounding to float32
            p, c64 = a.astype(np.float64) * b.astype(np.float64), c.astype(np.float64)
            s = p + c64
            bb = s - p
            t = (p - (s - bb)) + (c64 - bb)
            nudge = (t != 0) & ((s.view(np.int64) & 1) == 0) & np.isfinite(s)
            if nudge.any():
                s = np.where(nudge, np.nextafter(s, np.where(t > 0, np.inf, -np.inf)), s)
            return s.astype(dt)
        big_a = np.abs(a) > 2.0 ** 900  # keep Dekker's splitting clear of overflow: scale by 2^-200 (exact)
        big = big_a | (np.abs(b) > 2.0 ** 900)
        scale = 1.0
        if big.any():
            scale = np.where(big, 2.0 ** -200, 1.0)
            a, b, c = np.where(big_a, a * scale, a), np.where(big_a, b, b * scale), c * scale
        p, e = _two_prod(a, b)
        s = p + c
        bb = s - p
        r = s + (((p - (s - bb)) + (c - bb)) + e)
        plain = a * b + c
        return np.where(np.isfinite(r), r, plain) / scale


def _split(x, cond, f_true, f_false):
    """``where(cond, f_true(x), f_false(x))`` evaluating each branch only on its own elements."""
    out = np.empty_like(x)
    if cond.any():
        out[cond] = f_true(x[cond])
    if not cond.all():
        out[~cond] = f_false(x[~cond])
    return out


def _select(shape, dt, branches, default=np.nan):
    """Fill an array of ``shape``: each ``(mask, value)`` in ``branches`` overrides the earlier ones."""
    r = np.full(shape, dt.type(default), dtype=dt)
    for mask, val in branches:
        r = np.where(mask, val, r)
    return r


# ================================================== Bessel J0, J1, Y0, Y1
_PI_4 = 0.785398163397448309615660845819875721
_3PI_4 = 2.356194490192344928846982537459627163
_SQRT_2_PI = 0.797884560802865355879892119868763737
_2_PI = 0.636619772367581343075535053490057448

_J0_PP = (7.96936729297347051624e-04, 8.28352392107440799803e-02, 1.23953371646414299388e+00,
          5.44725003058768775090e+00, 8.74716500199817011941e+00, 5.30324038235394892183e+00,
          9.99999999999999997821e-01)
_J0_PQ = (9.24408810558863637013e-04, 8.56288474354474431428e-02, 1.25352743901058953537e+00,
          5.47097740330417105182e+00, 8.76190883237069594232e+00, 5.30605288235394617618e+00,
          1.00000000000000000218e+00)
_J0_QP = (-1.13663838898469149931e-02, -1.28252718670509318512e+00, -1.95539544257735972385e+01,
          -9.32060152123768231369e+01, -1.77681167980488050595e+02, -1.47077505154951170175e+02,
          -5.14105326766599330220e+01, -6.05014350600728481186e+00)
_J0_QQ = (6.43178256118178023184e+01, 8.56430025976980587198e+02, 3.88240183605401609683e+03,
          7.24046774195652478189e+03, 5.93072701187316984827e+03, 2.06209331660327847417e+03,
          2.42005740240291393179e+02)
_J0_RP = (-4.79443220978201773821e+09, 1.95617491946556577543e+12, -2.49248344360967716204e+14,
          9.70862251047306323952e+15)
_J0_RQ = (4.99563147152651017219e+02, 1.73785401676374683123e+05, 4.84409658339962045305e+07,
          1.11855537045356834862e+10, 2.11277520115489217587e+12, 3.10518229857422583814e+14,
          3.18121955943204943306e+16, 1.71086294081043136091e+18)
_J1_PP = (7.62125616208173112003e-04, 7.31397056940917570436e-02, 1.12719608129684925192e+00,
          5.11207951146807644818e+00, 8.42404590141772420927e+00, 5.21451598682361504063e+00,
          1.00000000000000000254e+00)
_J1_PQ = (5.71323128072548699714e-04, 6.88455908754495404082e-02, 1.10514232634061696926e+00,
          5.07386386128601488557e+00, 8.39985554327604159757e+00, 5.20982848682361821619e+00,
          9.99999999999999997461e-01)
_J1_QP = (5.10862594750176621635e-02, 4.98213872951233449420e+00, 7.58238284132545283818e+01,
          3.66779609360150777800e+02, 7.10856304998926107277e+02, 5.97489612400613639965e+02,
          2.11688757100572135698e+02, 2.52070205858023719784e+01)
_J1_QQ = (7.42373277035675149943e+01, 1.05644886038262816351e+03, 4.98641058337653607651e+03,
          9.56231892404756170795e+03, 7.99704160447350683650e+03, 2.82619278517639096600e+03,
          3.36093607810698293419e+02)
_J1_RP = (-8.99971225705559398224e+08, 4.52228297998194034323e+11, -7.27494245221818276015e+13,
          3.68295732863852883286e+15)
_J1_RQ = (6.20836478118054335476e+02, 2.56987256757748830383e+05, 8.35146791431949253037e+07,
          2.21511595479792499675e+10, 4.74914122079991414898e+12, 7.84369607876235854894e+14,
          8.95222336184627338078e+16, 5.32278620332680085395e+18)
_Y0_YP = (1.55924367855235737965e+04, -1.46639295903971606143e+07, 5.43526477051876500413e+09,
          -9.82136065717911466409e+11, 8.75906394395366999549e+13, -3.46628303384729719441e+15,
          4.42733268572569800351e+16, -1.84950800436986690637e+16)
_Y0_YQ = (1.04128353664259848412e+03, 6.26107330137134956842e+05, 2.68919633393814121987e+08,
          8.64002487103935000337e+10, 2.02979612750105546709e+13, 3.17157752842975028269e+15,
          2.50596256172653059228e+17)
_Y1_YP = (1.26320474790178026440e+09, -6.47355876379160291031e+11, 1.14509511541823727583e+14,
          -8.12770255501325109621e+15, 2.02439475713594898196e+17, -7.78877196265950026825e+17)
_Y1_YQ = (5.94301592346128195359e+02, 2.35564092943068577943e+05, 7.34811944459721705660e+07,
          1.87601316108706159478e+10, 3.88231277496238566008e+12, 6.20557727146953693363e+14,
          6.87141087355300489866e+16, 3.97270608116560655612e+18)


def _hankel(x, w, dt, order: int, second_kind: bool):
    """The ``x > 5`` branch of J0/J1/Y0/Y1: ``(P cos(x - phase) -+ 5/x Q sin(x - phase)) sqrt(2/pi) / sqrt(x)``."""
    pp_c, pq_c, qp_c, qq_c = (_J1_PP, _J1_PQ, _J1_QP, _J1_QQ) if order else (_J0_PP, _J0_PQ, _J0_QP, _J0_QQ)
    pp, pq = _horner(w, pp_c, dt), _horner(w, pq_c, dt)
    qp, qq = _horner(w, qp_c, dt), _horner(w, qq_c, dt)
    arg = x - dt.type(_3PI_4 if order else _PI_4)
    p_term, q_term = pp / pq, dt.type(5.0) / x * (qp / qq)
    if second_kind:
        r = _fma(p_term, _sin(arg), q_term * _cos(arg))
    else:
        r = _fma(p_term, _cos(arg), -(q_term * _sin(arg)))
    return r * dt.type(_SQRT_2_PI) / _sqrt(x)


def _j0_kernel(x, dt):
    """``bessel_j0_forward``: ``1 - x^2/4`` below 1e-5, Cephes' rational R(x^2) up to 5, the Hankel form beyond."""
    return _split(np.abs(x), np.abs(x) <= 5, lambda x: _j0_small(x, dt),
                  lambda x: _hankel(x, dt.type(25.0) / (x * x), dt, 0, False))


def _j0_small(x, dt):
    xx = x * x
    small = (xx - dt.type(5.78318596294678452118e+00)) * (xx - dt.type(3.04712623436620863991e+01)) \
        * _horner(xx, _J0_RP, dt) / _horner(xx, _J0_RQ, dt)
    return np.where(x < dt.type(0.00001), dt.type(1.0) - xx / dt.type(4.0), small)


def _j1_kernel(x, dt):
    """``bessel_j1_forward``: odd; ``R(x^2) x (x^2 - j1,1^2)(x^2 - j1,2^2)`` up to 5, the Hankel form beyond."""
    r = _split(np.abs(x), np.abs(x) <= 5, lambda x: _j1_small(x, dt),
               lambda x: _hankel(x, dt.type(5.0) / x * (dt.type(5.0) / x), dt, 1, False))
    return np.where(x < 0, -r, r)


def _j1_small(x, dt):
    xx = x * x
    return _horner(xx, _J1_RP, dt) / _horner(xx, _J1_RQ, dt) * x * (xx - dt.type(1.46819706421238932572e+01)) \
        * (xx - dt.type(4.92184563216946036703e+01))


def _y0_small(x, dt):
    xx = x * x
    return _fma(dt.type(_2_PI) * _log(x), _j0_kernel(x, dt), _horner(xx, _Y0_YP, dt) / _horner(xx, _Y0_YQ, dt))


def _y1_small(x, dt):
    xx = x * x
    inner = _fma(_j1_kernel(x, dt), _log(x), -(dt.type(1.0) / x))
    return _fma(x, _horner(xx, _Y1_YP, dt) / _horner(xx, _Y1_YQ, dt), dt.type(_2_PI) * inner)


def _y_kernel(x, dt, order: int):
    """``bessel_y0/y1_forward``: -inf at 0, NaN below, the small-x rational form plus ``2/pi log(x) J(x)`` up to 5,
    the Hankel form beyond."""
    small = _y1_small if order else _y0_small
    w = (lambda x: dt.type(5.0) / x * (dt.type(5.0) / x)) if order else (lambda x: dt.type(25.0) / (x * x))
    r = _split(x, x <= 5, lambda x: small(x, dt), lambda x: _hankel(x, w(x), dt, order, True))
    return _select(x.shape, dt, [(~np.isnan(x), r), (x < 0, np.nan), (x == 0, -np.inf)])


def _y0_kernel(x, dt):
    return _y_kernel(x, dt, 0)


def _y1_kernel(x, dt):
    return _y_kernel(x, dt, 1)


def bessel_j0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.bessel_j0``: Bessel function of the first kind, order 0 (no derivative in PyTorch)."""
    return _unary("bessel_j0", _j0_kernel, input, out)


def bessel_j1(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.bessel_j1``: Bessel function of the first kind, order 1 (no derivative in PyTorch)."""
    return _unary("bessel_j1", _j1_kernel, input, out)


def bessel_y0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.bessel_y0``: Bessel function of the second kind, order 0 (no derivative in PyTorch)."""
    return _unary("bessel_y0", _y0_kernel, input, out)


def bessel_y1(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.bessel_y1``: Bessel function of the second kind, order 1 (no derivative in PyTorch)."""
    return _unary("bessel_y1", _y1_kernel, input, out)


# ======================================== modified Bessel I0, I1, K0, K1
_I0_A = (-4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16,
         1.71539128555513303061e-15, -1.16853328779934516808e-14, 7.67618549860493561688e-14,
         -4.85644678311192946090e-13, 2.95505266312963983461e-12, -1.72682629144155570723e-11,
         9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-09,
         -1.30002500998624804212e-08, 6.04699502254191894932e-08, -2.67079385394061173391e-07,
         1.11738753912010371815e-06, -4.41673835845875056359e-06, 1.64484480707288970893e-05,
         -5.75419501008210370398e-05, 1.88502885095841655729e-04, -5.76375574538582365885e-04,
         1.63947561694133579842e-03, -4.32430999505057594430e-03, 1.05464603945949983183e-02,
         -2.37374148058994688156e-02, 4.93052842396707084878e-02, -9.49010970480476444210e-02,
         1.71620901522208775349e-01, -3.04682672343198398683e-01, 6.76795274409476084995e-01)
_I0_B = (-7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17,
         3.46122286769746109310e-17, -2.82762398051658348494e-16, -3.42548561967721913462e-16,
         1.77256013305652638360e-15, 3.81168066935262242075e-15, -9.55484669882830764870e-15,
         -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
         7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11,
         -3.14991652796324136454e-11, 1.18891471078464383424e-11, 4.94060238822496958910e-10,
         3.39623202570838634515e-09, 2.26666899049817806459e-08, 2.04891858946906374183e-07,
         2.89137052083475648297e-06, 6.88975834691682398426e-05, 3.36911647825569408990e-03,
         8.04490411014108831608e-01)
_I1_A = (2.77791411276104639959e-18, -2.11142121435816608115e-17, 1.55363195773620046921e-16,
         -1.10559694773538630805e-15, 7.60068429473540693410e-15, -5.04218550472791168711e-14,
         3.22379336594557470981e-13, -1.98397439776494371520e-12, 1.17361862988909016308e-11,
         -6.66348972350202774223e-11, 3.62559028155211703701e-10, -1.88724975172282928790e-09,
         9.38153738649577178388e-09, -4.44505912879632808065e-08, 2.00329475355213526229e-07,
         -8.56872026469545474066e-07, 3.47025130813767847674e-06, -1.32731636560394358279e-05,
         4.78156510755005422638e-05, -1.61760815825896745588e-04, 5.12285956168575772895e-04,
         -1.51357245063125314899e-03, 4.15642294431288815669e-03, -1.05640848946261981558e-02,
         2.47264490306265168283e-02, -5.29459812080949914269e-02, 1.02643658689847095384e-01,
         -1.76416518357834055153e-01, 2.52587186443633654823e-01)
_I1_B = (7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17,
         -3.20952592199342395980e-17, 2.96262899764595013876e-16, 3.30820231092092828324e-16,
         -1.88035477551078244854e-15, -3.81440307243700780478e-15, 1.04202769841288027642e-14,
         4.27244001671195135429e-14, -2.10154184277266431302e-14, -4.08355111109219731823e-13,
         -7.19855177624590851209e-13, 2.03562854414708950722e-12, 1.41258074366137813316e-11,
         3.25260358301548823856e-11, -1.89749581235054123450e-11, -5.58974346219658380687e-10,
         -3.83538038596423702205e-09, -2.63146884688951950684e-08, -2.51223623787020892529e-07,
         -3.88256480887769039346e-06, -1.10588938762623716291e-04, -9.76109749136146840777e-03,
         7.78576235018280120474e-01)
_K0_A = (1.37446543561352307156e-16, 4.25981614279661018399e-14, 1.03496952576338420167e-11,
         1.90451637722020886025e-09, 2.53479107902614945675e-07, 2.28621210311945178607e-05,
         1.26461541144692592338e-03, 3.59799365153615016266e-02, 3.44289899924628486886e-01,
         -5.35327393233902768720e-01)
_K0_B = (5.30043377268626276149e-18, -1.64758043015242134646e-17, 5.21039150503902756861e-17,
         -1.67823109680541210385e-16, 5.51205597852431940784e-16, -1.84859337734377901440e-15,
         6.34007647740507060557e-15, -2.22751332699166985548e-14, 8.03289077536357521100e-14,
         -2.98009692317273043925e-13, 1.14034058820847496303e-12, -4.51459788337394416547e-12,
         1.85594911495471785253e-11, -7.95748924447710747776e-11, 3.57739728140030116597e-10,
         -1.69753450938905987466e-09, 8.57403401741422608519e-09, -4.66048989768794782956e-08,
         2.76681363944501510342e-07, -1.83175552271911948767e-06, 1.39498137188764993662e-05,
         -1.28495495816278026384e-04, 1.56988388573005337491e-03, -3.14481013119645005427e-02,
         2.44030308206595545468e+00)
_K1_A = (-7.02386347938628759343e-18, -2.42744985051936593393e-15, -6.66690169419932900609e-13,
         -1.41148839263352776110e-10, -2.21338763073472585583e-08, -2.43340614156596823496e-06,
         -1.73028895751305206302e-04, -6.97572385963986435018e-03, -1.22611180822657148235e-01,
         -3.53155960776544875667e-01, 1.52530022733894777053e+00)
_K1_B = (-5.75674448366501715755e-18, 1.79405087314755922667e-17, -5.68946255844285935196e-17,
         1.83809354436663880070e-16, -6.05704724837331885336e-16, 2.03870316562433424052e-15,
         -7.01983709041831346144e-15, 2.47715442448130437068e-14, -8.97670518232499435011e-14,
         3.34841966607842919884e-13, -1.28917396095102890680e-12, 5.13963967348173025100e-12,
         -2.12996783842756842877e-11, 9.21831518760500529508e-11, -4.19035475934189648750e-10,
         2.01504975519703286596e-09, -1.03457624656780970260e-08, 5.74108412545004946722e-08,
         -3.50196060308781257119e-07, 2.40648494783721712015e-06, -1.93619797416608296024e-05,
         1.95215518471351631108e-04, -2.85781685962277938680e-03, 1.03923736576817238437e-01,
         2.72062619048444266945e+00)


def _i0_kernel(x, dt):
    """``modified_bessel_i0_forward``: ``exp(|x|)`` times Cephes' Chebyshev series on [0, 8] and (8, inf)."""
    ax = np.abs(x)
    return _split(ax, ax <= 8,
                  lambda a: _exp(a) * _chbevl(a / dt.type(2.0) - dt.type(2.0), _I0_A, dt),
                  lambda a: _exp(a) * _chbevl(dt.type(32.0) / a - dt.type(2.0), _I0_B, dt) / _sqrt(a))


def _i1_kernel(x, dt):
    """``modified_bessel_i1_forward``: odd; ``series * |x| * exp(|x|)`` on [0, 8], ``exp(|x|) series / sqrt(|x|)``."""
    ax = np.abs(x)
    r = _split(ax, ax <= 8,
               lambda a: _chbevl(a / dt.type(2.0) - dt.type(2.0), _I1_A, dt) * a * _exp(a),
               lambda a: _exp(a) * _chbevl(dt.type(32.0) / a - dt.type(2.0), _I1_B, dt) / _sqrt(a))
    return np.where(x < 0, -r, r)


def _k_near(x, dt, order: int, scaled: bool):
    """K0/K1 (or the scaled forms) on (0, 2]: Chebyshev series in ``x^2 - 2`` plus the ``log(x/2) I(x)`` term.

    As in PyTorch, the unscaled K0 takes ``std::log(0.5 * x)`` with a double ``0.5`` (so in double precision
    for float32 inputs, the sum rounded once at the end).
    """
    h = _chbevl(_fma(x, x, dt.type(-2.0)), _K1_A if order else _K0_A, dt)
    if order:
        near = _fma(_log(dt.type(0.5) * x), _i1_kernel(x, dt), h / x)
    elif scaled:
        near = _fma(-_log(dt.type(0.5) * x), _i0_kernel(x, dt), h)
    else:
        x64 = x.astype(np.float64)
        near = _fma(-np.log(0.5 * x64), _i0_kernel(x, dt).astype(np.float64), h.astype(np.float64)).astype(dt)
    return near * _exp(x) if scaled else near


def _k_far(x, dt, order: int, scaled: bool):
    """K0/K1 (or the scaled forms) above 2: ``exp(-x)`` times a Chebyshev series in ``8/x - 2`` over ``sqrt(x)``."""
    hb = _chbevl(dt.type(8.0) / x - dt.type(2.0), _K1_B if order else _K0_B, dt)
    return hb / _sqrt(x) if scaled else _exp(-x) * hb / _sqrt(x)


def _k_kernel(x, dt, order: int, scaled: bool):
    """``modified_bessel_k0/k1_forward`` and the ``scaled_`` variants: inf at 0, NaN below 0, two series."""
    r = _split(x, x <= 2, lambda v: _k_near(v, dt, order, scaled), lambda v: _k_far(v, dt, order, scaled))
    return _select(x.shape, dt, [(~np.isnan(x), r), (x < 0, np.nan), (x == 0, np.inf)])


def modified_bessel_i0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.modified_bessel_i0`` (no derivative in PyTorch, unlike ``torch.i0``)."""
    return _unary("modified_bessel_i0", _i0_kernel, input, out)


def modified_bessel_i1(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.modified_bessel_i1`` (no derivative in PyTorch)."""
    return _unary("modified_bessel_i1", _i1_kernel, input, out)


def modified_bessel_k0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.modified_bessel_k0``: inf at 0, NaN for negative inputs (no derivative in PyTorch)."""
    return _unary("modified_bessel_k0", lambda x, dt: _k_kernel(x, dt, 0, False), input, out)


def modified_bessel_k1(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.modified_bessel_k1``: inf at 0, NaN for negative inputs (no derivative in PyTorch)."""
    return _unary("modified_bessel_k1", lambda x, dt: _k_kernel(x, dt, 1, False), input, out)


def scaled_modified_bessel_k0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.scaled_modified_bessel_k0``: ``exp(x) K0(x)`` (no derivative in PyTorch)."""
    return _unary("scaled_modified_bessel_k0", lambda x, dt: _k_kernel(x, dt, 0, True), input, out)


def scaled_modified_bessel_k1(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.scaled_modified_bessel_k1``: ``exp(x) K1(x)`` (no derivative in PyTorch)."""
    return _unary("scaled_modified_bessel_k1", lambda x, dt: _k_kernel(x, dt, 1, True), input, out)


# ================================================ spherical J0, Airy Ai
def _sph_j0_kernel(x, dt):
    """``spherical_bessel_j0_forward``: 0 at +-inf, a Taylor polynomial below 0.5, ``sin(x) / x`` beyond."""
    xx = x * x
    one = dt.type(1.0)
    poly = one / dt.type(6227020800.0)
    for den, sign in ((39916800.0, -1), (362880.0, 1), (5040.0, -1), (120.0, 1), (6.0, -1)):
        poly = _fma(xx, poly, dt.type(sign) / dt.type(den))
    poly = _fma(xx, poly, one)
    return np.where(np.isinf(x), dt.type(0.0), np.where(np.abs(x) < dt.type(0.5), poly, _sin(x) / x))


_AI_AN = (3.46538101525629032477e-01, 1.20075952739645805542e+01, 7.62796053615234516538e+01,
          1.68089224934630576269e+02, 1.59756391350164413639e+02, 7.05360906840444183113e+01,
          1.40264691163389668864e+01, 9.99999999999999995305e-01)
_AI_AD = (5.67594532638770212846e-01, 1.47562562584847203173e+01, 8.45138970141474626562e+01,
          1.77318088145400459522e+02, 1.64234692871529701831e+02, 7.14778400825575695274e+01,
          1.40959135607834029598e+01, 1.00000000000000000470e+00)
_AI_AFN = (-1.31696323418331795333e-01, -6.26456544431912369773e-01, -6.93158036036933542233e-01,
           -2.79779981545119124951e-01, -4.91900132609500318020e-02, -4.06265923594885404393e-03,
           -1.59276496239262096340e-04, -2.77649108155232920844e-06, -1.67787698489114633780e-08)
_AI_AFD = (1.33560420706553243746e+01, 3.26825032795224613948e+01, 2.67367040941499554804e+01,
           9.18707402907259625840e+00, 1.47529146771666414581e+00, 1.15687173795188044134e-01,
           4.40291641615211203805e-03, 7.54720348287414296618e-05, 4.51850092970580378464e-07)
_AI_AGN = (1.97339932091685679179e-02, 3.91103029615688277255e-01, 1.06579897599595591108e+00,
           9.39169229816650230044e-01, 3.51465656105547619242e-01, 6.33888919628925490927e-02,
           5.85804113048388458567e-03, 2.82851600836737019778e-04, 6.98793669997260967291e-06,
           8.11789239554389293311e-08, 3.41551784765923618484e-10)
_AI_AGD = (9.30892908077441974853e+00, 1.98352928718312140417e+01, 1.55646628932864612953e+01,
           5.47686069422975497931e+00, 9.54293611618961883998e-01, 8.64580826352392193095e-02,
           4.12656523824222607191e-03, 1.01259085116509135510e-04, 1.17166733214413521882e-06,
           4.91834570062930015649e-09)
_1_SQRT_PI = 5.64189583547756286948e-01


def _airy_oscillating(x, dt):
    """Ai for ``x < -2.09``: Cephes' modulus/phase rational approximations."""
    zeta = dt.type(-2.0) * x * _sqrt(-x) / dt.type(3.0)
    z = dt.type(1.0) / zeta
    zz = z * z
    f = dt.type(1.0) + zz * _horner(zz, _AI_AFN, dt) / _horner(zz, _AI_AFD, dt)
    g = z * _horner(zz, _AI_AGN, dt) / _horner(zz, _AI_AGD, dt)
    t = zeta + dt.type(0.25) * dt.type(np.pi)
    return dt.type(_1_SQRT_PI) / _sqrt(_sqrt(-x)) * _fma(_sin(t), f, -(_cos(t) * g))


def _airy_decaying(x, dt):
    """Ai for ``x >= 2.09``: ``an/ad / (2 sqrt(pi) x^1/4 exp(zeta))``."""
    zeta = dt.type(2.0) * x * _sqrt(x) / dt.type(3.0)
    iz = dt.type(1.0) / zeta
    ratio = _horner(iz, _AI_AN, dt) / _horner(iz, _AI_AD, dt)
    return dt.type(_1_SQRT_PI) * ratio / (dt.type(2.0) * _sqrt(_sqrt(x)) * _exp(zeta))


def _airy_series(x, dt):
    """Ai by the Maclaurin series ``c1 f(x) - c2 g(x)``, summed per element until ``|m / f| <= eps``."""
    eps = np.finfo(dt).eps
    z = x * x * x
    f, g = np.ones_like(x), x.copy()
    m, n = np.ones_like(x), x.copy()
    active = np.ones(x.shape, dtype=bool)
    k = 1.0
    while active.any():
        k1, k2, k3 = (dt.type(k + i) for i in (1, 2, 3))
        k += 3.0
        m_new = m * z / k1
        n_new = n * z / k2
        m_new = m_new / k2
        f_new = f + m_new
        n_new = n_new / k3
        m, n = np.where(active, m_new, m), np.where(active, n_new, n)
        f, g = np.where(active, f_new, f), np.where(active, g + n_new, g)
        active = active & (np.abs(m / f) > eps)
    return _fma(dt.type(0.355028053887817239260), f, -(dt.type(0.258819403792806798405) * g))


def _airy_kernel(x, dt):
    """``airy_ai_forward``: NaN at +-inf, 0 above 103.892, PyTorch's three regions."""
    finite = np.where(np.isfinite(x), x, dt.type(0.0))
    osc = x < dt.type(-2.09)
    dec = x >= dt.type(2.09)  # PyTorch returns the asymptotic value from 2.09 on (its series result is unused)
    mid = ~osc & ~dec
    r = np.full(x.shape, np.nan, dtype=dt)
    if osc.any():
        r[osc] = _airy_oscillating(finite[osc], dt)
    if dec.any():
        r[dec] = _airy_decaying(finite[dec], dt)
    if mid.any():
        r[mid] = _airy_series(x[mid], dt)
    r = np.where(x > dt.type(103.892), dt.type(0.0), r)
    return np.where(np.isinf(x), dt.type(np.nan), r)


def spherical_bessel_j0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.spherical_bessel_j0``: ``sin(x) / x`` (no derivative in PyTorch)."""
    return _unary("spherical_bessel_j0", _sph_j0_kernel, input, out)


def airy_ai(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.airy_ai``: Airy function Ai (no derivative in PyTorch)."""
    return _unary("airy_ai", _airy_kernel, input, out)


# ================================================================= zeta
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
           -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
           1.8152105401943546773e17, -7.1661652561756670113e18)
_MACHEP = 1.11022302462515654042E-16


def _zeta_regular(x, q, dt):
    """Cephes' Hurwitz zeta for the elements past the special cases: direct sum, then Euler-Maclaurin.

    All in float64 except the first term ``std::pow(q, -x)``, which PyTorch takes in the input dtype.
    """
    s = _f64(np.power, q.astype(dt), "powf", (-x).astype(dt)).astype(np.float64)
    a = q.copy()
    b = np.zeros_like(q)
    done = np.zeros(q.shape, dtype=bool)
    i = 0
    while True:
        run = ~done & ((i < 9) | (a <= 9.0))
        if not run.any():
            break
        i += 1
        a = np.where(run, a + 1.0, a)
        b = np.where(run, np.power(a, -x), b)
        s = np.where(run, s + b, s)
        done |= run & (-_MACHEP * s < b) & (b < _MACHEP * s)
    w = a
    s = np.where(done, s, _fma(-0.5, b, s + b * w / (x - 1.0)))
    a = np.ones_like(q)
    k = 0.0
    for coef in _ZETA_A:
        a = a * (x + k)
        b = b / w
        t = a * b / coef
        s = np.where(done, s, s + t)
        done |= np.abs(t / s) < _MACHEP
        k += 1.0
        a = a * (x + k)
        b = b / w
        k += 1.0
    return s


def _zeta_np(x, q, dt=np.float64):
    """PyTorch's ``zeta(x, q)`` in float64: inf at x == 1, NaN for x < 1, inf at non-positive integer q,
    NaN for other non-positive q unless x is an integer."""
    x, q = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(q, dtype=np.float64))
    with np.errstate(all="ignore"):
        q_int = q == np.floor(q)
        special = [(x == 1, np.inf), (x < 1, np.nan), ((q <= 0) & q_int, np.inf),
                   ((q <= 0) & ~q_int & (x != np.floor(x)), np.nan)]
        out = np.full(x.shape, np.nan)
        handled = np.zeros(x.shape, dtype=bool)
        for mask, val in special:
            m = mask & ~handled
            out[m] = val
            handled |= m
        reg = ~handled
        if reg.any():
            out[reg] = _zeta_regular(x[reg], q[reg], dt)
    return out


class _ZetaBackward(Node):
    """``special_zeta``'s derivatives.yaml entries: ``self`` (x) not implemented, ``other`` (q)
    ``grad * -self * special_zeta(self + 1., other)``."""
    __slots__ = ("scalar",)

    def _x_grad_error(self):
        raise NotImplementedError("the derivative for 'zeta' is not implemented.")


class SpecialZetaBackward0(_ZetaBackward):
    """``zeta(Tensor x, Tensor q)``: the gradient for ``x`` raises, the one for ``q`` is ``-x zeta(x + 1, q)``."""
    __slots__ = ()

    def backward(self, g):
        x, q = self.saved()
        if self._edges[0] is not None:
            self._x_grad_error()
        return None, g * -x * zeta(x + 1.0, q)


class SpecialZetaBackward1(_ZetaBackward):
    """``zeta(Number x, Tensor q)``: ``grad * -x * zeta(x + 1, q)``."""
    __slots__ = ()

    def backward(self, g):
        (q,) = self.saved()
        return g * -self.scalar * zeta(float(self.scalar) + 1.0, q)


class SpecialZetaBackward2(_ZetaBackward):
    """``zeta(Tensor x, Number q)``: the gradient for ``x`` is "not implemented" in PyTorch."""
    __slots__ = ()

    def backward(self, g):
        self._x_grad_error()


def _is_number(v) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, (Tensor, np.ndarray, np.generic, complex))


def _overload_error(fname: str, a, b, names=("input", "other")) -> TypeError:
    x, n = names
    return TypeError(f"{fname}() received an invalid combination of arguments - got ({type(a).__name__}, "
                     f"{type(b).__name__}), but expected one of:\n"
                     f" * (Tensor {x}, Tensor {n}, *, Tensor out = None)\n"
                     f" * (Number {'self' if x == 'input' else x}, Tensor {n}, *, Tensor out = None)\n"
                     f" * (Tensor {x}, Number {n}, *, Tensor out = None)\n")


def _binary_arrays(fname: str, kernel: str, a, b, names=("input", "other")):
    """Promote ``(a, b)`` like PyTorch's binary ops (either may be a Python number), then to floating point."""
    a_t, b_t = isinstance(a, Tensor), isinstance(b, Tensor)
    if not ((a_t or _is_number(a)) and (b_t or _is_number(b))) or not (a_t or b_t):
        raise _overload_error(fname, a, b, names)
    if a_t:
        ad, bd = binary_data(a, b)
    else:
        bd, ad = binary_data(b, a)
    arrays = [np.asarray(v) for v in (ad, bd) if isinstance(v, (np.ndarray, np.generic))]
    dt = to_float_data(np.zeros(0, dtype=np.result_type(*arrays))).dtype
    if dt.kind == "c" or dt.itemsize < 4:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_tname(np.zeros(0, dt))}'")
    ad, bd = np.asarray(ad, dtype=dt), np.asarray(bd, dtype=dt)
    try:
        shape = np.broadcast_shapes(ad.shape, bd.shape)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
    return ad, bd, shape


def _out_grad_check(name: str, out, *inputs) -> None:
    if out is not None and GRAD.enabled and any(isinstance(t, Tensor) and t._rg for t in (*inputs, out)):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")


def zeta(input, other, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.zeta``: Hurwitz zeta ``sum_k (k + q)^-x`` (Cephes, evaluated in float64 as PyTorch's
    ``acc_type``), with PyTorch's three overloads and their nodes ``SpecialZetaBackward0/1/2``."""
    x, q, shape = _binary_arrays("special_zeta", "zeta_cpu", input, other)
    data = _as_data(_zeta_np(x, q, x.dtype).astype(x.dtype).reshape(shape))
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        node_cls, inputs, saved = SpecialZetaBackward0, (input, other), (input, other)
    elif isinstance(input, Tensor):
        node_cls, inputs, saved = SpecialZetaBackward2, (input,), ()
    else:
        node_cls, inputs, saved = SpecialZetaBackward1, (other,), (other,)
    _out_grad_check("special_zeta", out, *inputs)
    if needs_grad(*inputs):
        node = node_cls(inputs)
        node.scalar = input if node_cls is SpecialZetaBackward1 else None
        res = finish(data, node)
        node.save(*saved)
    else:
        res = _make(data)
    return _write(out, res)


# ======================================================== orthogonal polynomials
def _int_degree(n: np.ndarray) -> np.ndarray:
    """``static_cast<int64_t>(n)`` on x86: truncation, ``INT64_MIN`` for NaN, infinities and out-of-range values."""
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(n) & (np.abs(n) < 9.2e18)
        return np.where(ok, np.trunc(np.where(ok, n, 0)), -2.0 ** 63).astype(np.int64)


def _recurrence(x, n, p, q, step, nan_stop: bool):
    """Run ``r = step(j, x, p, q); p = q; q = r`` for ``j = 1 .. n - 1`` per element (stopping early where ``q``
    is NaN if ``nan_stop``), PyTorch's three-term loops; returns the last ``r`` (``q`` if the loop never ran)."""
    x, p, q = x.copy(), p.copy(), q.copy()
    r = q.copy()
    idx = np.arange(x.size)
    j = 1
    with np.errstate(all="ignore"):
        while idx.size:
            live = n[idx] - 1 >= j
            if nan_stop:
                live &= ~np.isnan(q[idx])
            idx = idx[live]
            if not idx.size:
                break
            rj = step(j, x[idx], p[idx], q[idx])
            r[idx] = rj
            p[idx] = q[idx]
            q[idx] = rj
            j += 1
    return r


def _cheb_step(j, x, p, q):
    """``r = (x + x) * q - p`` (the Chebyshev loop; ``x`` already shifted for the shifted variants)."""
    return _fma(x + x, q, -p)


def _poly_apply(x, n, special, q0, step, nan_stop=True):
    """Evaluate a polynomial family: ``special`` is a list of ``(mask, value)`` overrides in PyTorch's order
    (the first match wins); the rest are ``n == 0 -> 1``, ``n == 1 -> q0`` and the recurrence."""
    dt = x.dtype
    one = np.ones_like(x)
    branches = [(n < 0, np.zeros_like(x))] + special + [(n == 0, one), (n == 1, q0)]
    taken = np.zeros(x.shape, dtype=bool)
    out = np.empty_like(x)
    for mask, val in branches:
        m = mask & ~taken
        out[m] = np.broadcast_to(val, x.shape)[m]
        taken |= m
    rest = ~taken
    if rest.any():
        out[rest] = _recurrence(x[rest], n[rest], one[rest], np.broadcast_to(q0, x.shape)[rest], step, nan_stop)
    return out.astype(dt)


def _even(n):
    return n % 2 == 0


def _pm(n, pos, neg):
    """``n % 2 == 0 ? pos : neg``."""
    return np.where(_even(n), pos, neg)


def _cheb_kernel(kind: str, shifted: bool):
    """The kernel of (shifted_)chebyshev_polynomial_{t,u,v,w}_forward."""
    def kernel(x, n, dt):
        one = dt.type(1.0)
        y = x + x - one if shifted else x
        nt = n.astype(dt)
        two_n1 = (n + n + 1).astype(dt)
        n1 = (n + 1).astype(dt)
        if shifted:
            at_one, at_m1 = x == one, x == dt.type(0.0)
        else:
            at_one, at_m1 = (np.abs(x) == one) & (x > 0), (np.abs(x) == one) & ~(x > 0)
        with np.errstate(all="ignore"):
            th = np.arccos(np.where(np.abs(y) < one, y, dt.type(0.0)))
            inside = np.abs(y) < one
            if kind == "t":
                edge = [(at_one, one), (at_m1, _pm(n, one, -one))]
                big = (n > 6) & inside
                shortcut = _cos(nt * th)
                q0 = y
            elif kind == "u":
                edge = [(at_one, n1), (at_m1, _pm(n, n1, -n1))]
                big = (n > (6 if shifted else 8)) & inside
                s = _sin(th)
                shortcut = np.where(s != 0, _sin(n1 * th) / s, n1 * _cos(n1 * th) / y)
                q0 = y + y
            elif kind == "v":
                edge = [(at_one, one), (at_m1, _pm(n, two_n1, -two_n1))]
                big = (n > (6 if shifted else 8)) & inside
                half = th / dt.type(2.0)
                shortcut = np.where(_sin(half) != one, _cos((nt + dt.type(0.5)) * th) / _cos(half),
                                    _pm(n, two_n1, -two_n1))
                q0 = y + y - one
            else:
                edge = [(at_one, two_n1), (at_m1, _pm(n, one, -one))]
                big = (n > (4 if shifted else 8)) & inside
                half = th / dt.type(2.0)
                fallback = _pm(n, one, -one) if shifted else np.where(x > 0, two_n1, _pm(n, one, -one))
                shortcut = np.where(_cos(half) != one, _sin((nt + dt.type(0.5)) * th) / _sin(half), fallback)
                q0 = y + y + one
        return _poly_apply(y, n, edge + [(big, shortcut)], q0, _cheb_step)
    return kernel


def _hermite_h_kernel(x, n, dt):
    """``hermite_polynomial_h_forward``: ``H_n = 2x H_{n-1} - 2(n-1) H_{n-2}``; NaN above n = 128 (float32) / 512."""
    step = lambda j, x, p, q: _fma(x + x, q, -(dt.type(2 * j) * p))  # noqa: E731
    return _poly_apply(x, n, [(n > _hermite_limit(dt), np.nan)], x + x, step, nan_stop=False)


def _hermite_limit(dt) -> int:
    """PyTorch's ``getHermitianLimit``: the largest degree computed (128 for float32, 512 for float64)."""
    return 128 if dt == np.float32 else 512


def _hermite_he_kernel(x, n, dt):
    """``hermite_polynomial_he_forward``: ``He_n = x He_{n-1} - (n-1) He_{n-2}``; NaN above the same limits."""
    step = lambda j, x, p, q: _fma(x, q, -(dt.type(j) * p))  # noqa: E731
    return _poly_apply(x, n, [(n > _hermite_limit(dt), np.nan)], x, step, nan_stop=False)


def _laguerre_kernel(x, n, dt):
    """``laguerre_polynomial_l_forward``: 1 at x == 0; ``((2k + 1 - x) L_k - k L_{k-1}) / (k + 1)``."""
    one = dt.type(1.0)
    step = lambda j, x, p, q: _fma(dt.type(2 * j) + (one - x), q, -(dt.type(j) * p)) / dt.type(j + 1)  # noqa: E731
    return _poly_apply(x, n, [(np.abs(x) == 0, np.ones_like(x))], one - x, step)


def _legendre_kernel(x, n, dt):
    """``legendre_polynomial_p_forward``: +-1 at |x| == 1; ``((2k + 1) x P_k - k P_{k-1}) / (k + 1)``."""
    one = dt.type(1.0)
    edge = [((np.abs(x) == one) & ((x > 0) | _even(n)), np.ones_like(x)), (np.abs(x) == one, -np.ones_like(x))]
    step = lambda j, x, p, q: _fma(dt.type(2 * j + 1) * x, q, -(dt.type(j) * p)) / dt.type(j + 1)  # noqa: E731
    return _poly_apply(x, n, edge, x, step)


def _polynomial(name: str, kernel, x, n, out) -> Tensor:
    """Shared driver: PyTorch's (x, n) overloads and promotion, ``n`` cast to the common dtype and then to int64;
    the result never requires grad (PyTorch has no derivative for these)."""
    xd, nd, shape = _binary_arrays(f"special_{name}", f"{name}_cpu", x, n, names=("x", "n"))
    xd = np.broadcast_to(xd, shape).reshape(-1)
    ni = _int_degree(np.broadcast_to(nd, shape).reshape(-1))
    with np.errstate(all="ignore"):
        r = kernel(xd.copy(), ni, xd.dtype)
    return _write(out, _make(_as_data(r.reshape(shape))))


def chebyshev_polynomial_t(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.chebyshev_polynomial_t``: ``T_n(x)``; ``cos(n acos x)`` for n > 6 inside (-1, 1)."""
    return _polynomial("chebyshev_polynomial_t", _cheb_kernel("t", False), input, n, out)


def chebyshev_polynomial_u(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.chebyshev_polynomial_u``: ``U_n(x)``; ``sin((n+1) t) / sin t`` for n > 8 inside."""
    return _polynomial("chebyshev_polynomial_u", _cheb_kernel("u", False), input, n, out)


def chebyshev_polynomial_v(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.chebyshev_polynomial_v``: ``V_n(x)`` (third kind)."""
    return _polynomial("chebyshev_polynomial_v", _cheb_kernel("v", False), input, n, out)


def chebyshev_polynomial_w(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.chebyshev_polynomial_w``: ``W_n(x)`` (fourth kind)."""
    return _polynomial("chebyshev_polynomial_w", _cheb_kernel("w", False), input, n, out)


def shifted_chebyshev_polynomial_t(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.shifted_chebyshev_polynomial_t``: ``T_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_t", _cheb_kernel("t", True), input, n, out)


def shifted_chebyshev_polynomial_u(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.shifted_chebyshev_polynomial_u``: ``U_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_u", _cheb_kernel("u", True), input, n, out)


def shifted_chebyshev_polynomial_v(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.shifted_chebyshev_polynomial_v``: ``V_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_v", _cheb_kernel("v", True), input, n, out)


def shifted_chebyshev_polynomial_w(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.shifted_chebyshev_polynomial_w``: ``W_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_w", _cheb_kernel("w", True), input, n, out)


def hermite_polynomial_h(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.hermite_polynomial_h``: physicists' Hermite ``H_n(x)`` (NaN/inf degree -> 0)."""
    return _polynomial("hermite_polynomial_h", _hermite_h_kernel, input, n, out)


def hermite_polynomial_he(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.hermite_polynomial_he``: probabilists' Hermite ``He_n(x)``."""
    return _polynomial("hermite_polynomial_he", _hermite_he_kernel, input, n, out)


def laguerre_polynomial_l(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.laguerre_polynomial_l``: Laguerre ``L_n(x)``."""
    return _polynomial("laguerre_polynomial_l", _laguerre_kernel, input, n, out)


def legendre_polynomial_p(input, n, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.legendre_polynomial_p``: Legendre ``P_n(x)``."""
    return _polynomial("legendre_polynomial_p", _legendre_kernel, input, n, out)
