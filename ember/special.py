"""``torch.special``: erf family, logit/expit, sinc, entropy, normal CDF, Bessel/Airy, zeta, orthogonal polynomials.

Every function mirrors PyTorch 2.13's ``torch.special``: forward values
(NaN, ±inf, zeros and out-of-domain inputs included), dtype rules (integer
and bool inputs give the default float dtype, float16 stays float16), the
``out=`` keyword, and the ``grad_fn`` node with PyTorch's name and its
``derivatives.yaml`` formula.  Backward formulas are ember tensor ops, so
``create_graph=True`` (double backward) works.

Re-exported ember ops: ``expit`` (``sigmoid``), ``erf``, ``erfc``, ``erfinv``,
``exp2``, ``expm1``, ``log1p``; ``logsumexp``, ``softmax`` and ``log_softmax``
call ember's ops and only rename the missing-``dim`` error
(``special_softmax() missing ...``).

Written here:

* ``round``: PyTorch records ``RoundBackward1`` even for ``decimals=0``;
* ``xlogy`` and ``xlog1py``: PyTorch's three overloads (``XlogyBackward0/1/2``,
  a Python number on either side) and its gradient ``log(y)`` for ``x`` where
  x == 0 but y > 0;
* ``logit``, ``sinc``, ``entr``;
* ``ndtr``: PyTorch's composite ``(1 + erf(x / sqrt 2)) * 0.5``, recorded as the
  same four nodes;
* ``log_ndtr``: PyTorch's kernel, ``log1p(-erfc(t) / 2)`` and, left of -1,
  ``log(erfcx(-t) / 2) - t^2`` with ``erfcx`` from ``erfc`` and its asymptotic
  series;
* ``ndtri``: Cephes' rational approximations, the algorithm of PyTorch's
  kernel (``sqrt(2) * erfinv(2p - 1)`` loses all accuracy in the tails:
  ``ndtri(1e-30)`` would be ``-inf`` instead of ``-11.46``).

Transcendental parts are evaluated in float64 and rounded to the input's
dtype; the arithmetic around them runs in the input's dtype (float32 for
float16, PyTorch's "opmath"), as PyTorch's kernels do, so e.g.
``sinc(1.)`` is ``-2.7828e-08`` in float32 exactly like PyTorch.

Bessel, Airy, Hurwitz zeta and orthogonal-polynomial functions come from
``ember/ops/special_funcs.py`` (ports of the Cephes-derived kernels of
PyTorch's ``Math.h``, fused multiply-adds included, so float64 results are
bit-identical to PyTorch's CPU kernels and float32 ones agree to a few ulp):

* Bessel and Airy functions: ``airy_ai``, ``bessel_j0``, ``bessel_j1``,
  ``bessel_y0``, ``bessel_y1``, ``modified_bessel_i0``, ``modified_bessel_i1``,
  ``modified_bessel_k0``, ``modified_bessel_k1``, ``scaled_modified_bessel_k0``,
  ``scaled_modified_bessel_k1``, ``spherical_bessel_j0`` (PyTorch gives them no
  derivative, so results never require grad; ``i0``, ``i0e``, ``i1``, ``i1e``
  come from ``ember/ops/special_ext.py``);
* ``zeta`` (``SpecialZetaBackward0/1/2``; the gradient for ``x`` raises
  PyTorch's "not implemented" error);
* orthogonal polynomials (no derivative): ``chebyshev_polynomial_t``,
  ``chebyshev_polynomial_u``, ``chebyshev_polynomial_v``, ``chebyshev_polynomial_w``,
  ``shifted_chebyshev_polynomial_t``, ``shifted_chebyshev_polynomial_u``,
  ``shifted_chebyshev_polynomial_v``, ``shifted_chebyshev_polynomial_w``,
  ``hermite_polynomial_h``, ``hermite_polynomial_he``,
  ``laguerre_polynomial_l``, ``legendre_polynomial_p``.

Not provided: nothing of ``torch.special`` is missing (``polygamma``,
``multigammaln``, ``gammainc`` and ``gammaincc`` come from
``ember/ops/special_ext.py``; ``gammaln``, ``digamma`` and ``psi`` are
``torch.lgamma`` / ``torch.digamma`` from ``ember/ops/numeric_ext.py``).

Complex inputs are not supported by the functions written here.  Known
differences: PyTorch's own logit backward gives +inf at -0.0 (and NaN at NaN
with ``eps``) in its scalar loop but -inf (and 0) in its vectorised loop and
under ``create_graph``; ember always follows the latter.
"""
from __future__ import annotations

import math as _math
import numbers as _numbers

import numpy as _np

from .ops import pointwise as _pw
from .ops import reduction_ext as _rx
from .ops._common import (GRAD as _GRAD, Node as _Node, Tensor, _make, binary_data as _binary_data, finish as _finish,
                          needs_grad as _needs_grad, saved_output as _saved_output, to_float_data as _to_float_data,
                          unpack_output as _unpack_output, write_out as _write_out)
from .ops._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _numpy_dim_names
from .ops.special import erf, erfc, erfinv
from .ops.special import _sp as _erf_arrays  # NumPy erf/erfc on float64 arrays
from .ops.reduction_ext import _tname
from .ops import special_ext as _sx
from .ops.special_funcs import (airy_ai, bessel_j0, bessel_j1, bessel_y0, bessel_y1, chebyshev_polynomial_t,
                                chebyshev_polynomial_u, chebyshev_polynomial_v, chebyshev_polynomial_w,
                                hermite_polynomial_h, hermite_polynomial_he, laguerre_polynomial_l,
                                legendre_polynomial_p, modified_bessel_i0, modified_bessel_i1, modified_bessel_k0,
                                modified_bessel_k1, scaled_modified_bessel_k0, scaled_modified_bessel_k1,
                                shifted_chebyshev_polynomial_t, shifted_chebyshev_polynomial_u,
                                shifted_chebyshev_polynomial_v, shifted_chebyshev_polynomial_w, spherical_bessel_j0,
                                zeta)

__all__ = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
           "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma", "entr", "erf",
           "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc", "gammaincc", "gammaln",
           "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e", "i1", "i1e", "laguerre_polynomial_l",
           "legendre_polynomial_p", "log1p", "log_ndtr", "log_softmax", "logit", "logsumexp",
           "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1", "multigammaln",
           "ndtr", "ndtri", "polygamma", "psi", "round", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
           "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
           "shifted_chebyshev_polynomial_w", "sinc", "softmax", "spherical_bessel_j0", "xlog1py", "xlogy", "zeta"]

_NOT_PROVIDED: frozenset = frozenset()  # every torch.special function is provided

_SQRT_2PI = _math.sqrt(2.0 * _math.pi)
_SQRT1_2 = 0.70710678118654752440  # C's M_SQRT1_2, the constant of PyTorch's ndtr composite


def __getattr__(name: str):
    if name in _NOT_PROVIDED:
        raise AttributeError(f"module 'ember.special' has no attribute '{name}' (torch.special.{name} needs "
                             "special-function math that ember does not implement)")
    raise AttributeError(f"module 'ember.special' has no attribute '{name}'")


# ------------------------------------------------------------ re-exports
expit = _pw.sigmoid  # SigmoidBackward0, as torch.special.expit records


def gammaln(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.gammaln``: ``torch.lgamma`` (``LgammaBackward0``)."""
    from .ops.numeric_ext import lgamma
    return _write_out(out, lgamma(input))


def digamma(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.digamma`` (also ``psi``): ``torch.digamma`` (``DigammaBackward0``)."""
    from .ops.numeric_ext import digamma as _digamma
    return _write_out(out, _digamma(input))


psi = digamma

# Bessel I0/I1 and the rest of the gamma family: ``ember/ops/special_ext.py``
i0 = _sx.i0                      # I0Backward0, as torch.special.i0 records
i0e = _sx._i0e                   # SpecialI0EBackward0
i1 = _sx._i1                     # SpecialI1Backward0
i1e = _sx._i1e                   # SpecialI1EBackward0
polygamma = _sx._special_polygamma  # PolygammaBackward0
multigammaln = _sx._multigammaln    # MvlgammaBackward0
gammainc = _sx._gammainc            # IgammaBackward0
gammaincc = _sx._gammaincc          # IgammacBackward0
exp2 = _pw.exp2
expm1 = _pw.expm1
log1p = _pw.log1p


def _require_dim(name: str, dim) -> None:
    if dim is _rx._REQUIRED:
        raise TypeError(f'special_{name}() missing 1 required positional arguments: "dim"')


def logsumexp(input: Tensor, dim=_rx._REQUIRED, keepdim: bool = False, *, out: Tensor | None = None,
              axis=_NP_UNSET, keepdims=_NP_UNSET) -> Tensor:
    """``torch.special.logsumexp``: ``torch.logsumexp`` (``LogsumexpBackward0``)."""
    if axis is not _NP_UNSET or keepdims is not _NP_UNSET:
        dim, keepdim = _numpy_dim_names("special_logsumexp", dim, keepdim, axis, keepdims, _rx._REQUIRED)
    _require_dim("logsumexp", dim)
    return _rx.logsumexp(input, dim, keepdim, out=out)


def softmax(input: Tensor, dim=_rx._REQUIRED, dtype=None, *, axis=_NP_UNSET) -> Tensor:
    """``torch.special.softmax``: ``torch.softmax`` with a required ``dim`` (``SoftmaxBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("special_softmax", dim, None, axis, _NP_UNSET, _rx._REQUIRED)
    _require_dim("softmax", dim)
    return _rx.softmax(input, dim, dtype)


def log_softmax(input: Tensor, dim=_rx._REQUIRED, dtype=None, *, axis=_NP_UNSET) -> Tensor:
    """``torch.special.log_softmax``: ``torch.log_softmax`` with a required ``dim`` (``LogSoftmaxBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("special_log_softmax", dim, None, axis, _NP_UNSET, _rx._REQUIRED)
    _require_dim("log_softmax", dim)
    return _rx.log_softmax(input, dim, dtype)


# --------------------------------------------------------------- helpers
def _as_data(r):
    """A NumPy result as tensor data: 0-d results become NumPy scalars, like every ember op's."""
    r = _np.asarray(r)
    return r[()] if r.ndim == 0 else r


def _float_input(x: Tensor, kernel: str, half: bool = True):
    """``x``'s data as floating point (integers and bool as the default dtype), with PyTorch's dtype errors."""
    try:
        d = _to_float_data(x._data)
    except AttributeError as e:  # ``torch.sinc(2)``: worded for the op that called
        import sys
        _pw.raise_input_type_error(x, sys._getframe(1).f_code.co_name, e)
    if d.dtype.kind == "c" or (not half and d.dtype == _np.float16):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_tname(d)}'")
    return d


def _opmath(d):
    """``d`` as an array of PyTorch's compute dtype: float16 is computed in float32."""
    d = _np.asarray(d)
    return d.astype(_np.float32) if d.dtype == _np.float16 else d


def _rounded(fn, a):
    """``fn`` evaluated in float64 and rounded to ``a``'s dtype (the correctly rounded value)."""
    return _np.asarray(fn(_np.asarray(a, dtype=_np.float64))).astype(a.dtype)


def _polevl(x, coefs):
    """Horner's rule, highest-degree coefficient first (Cephes ``polevl``)."""
    r = _np.full_like(x, coefs[0])
    for c in coefs[1:]:
        r = r * x + c
    return r


def _out(name: str, out: Tensor | None, res: Tensor, *inputs) -> Tensor:
    """``out=`` with PyTorch's refusal when an argument (``out`` included) requires grad."""
    if out is not None and _GRAD.enabled and any(isinstance(t, Tensor) and t._rg for t in (*inputs, out)):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    return _write_out(out, res)


def _record(data, node_cls, inputs, saved=(), save_result: bool = False, **attrs) -> Tensor:
    """Wrap ``data``; if an input requires grad, record ``node_cls`` saving ``saved`` (then the result)."""
    if not _needs_grad(*inputs):
        return _make(data)
    node = node_cls(inputs)
    for k, v in attrs.items():
        setattr(node, k, v)
    res = _finish(data, node)
    node.save(*saved, *((_saved_output(node, res),) if save_result else ()))
    return res


# ----------------------------------------------------------------- round
def round(input: Tensor, *, decimals: int = 0, out: Tensor | None = None) -> Tensor:
    """``torch.special.round``: half to even, ``decimals`` places; ``RoundBackward1`` (zero gradient) always.

    Unlike ``torch.round``, integer and bool inputs raise PyTorch's ``round_vml_cpu`` error.
    """
    if input._data.dtype.kind in "biu":
        raise NotImplementedError(f"\"round_vml_cpu\" not implemented for '{_tname(input._data)}'")
    res = _pw._unary(input, lambda d: _np.round(d, decimals), _pw.RoundBackward1, None, float_only=False)
    return _out("round", out, res, input)


# ----------------------------------------------------------------- logit
class LogitBackward0(_Node):
    """``g / (x (1 - x))`` inside ``[eps, 1 - eps]`` (``[0, 1]`` without eps); outside 0 with eps, NaN without.

    A negative ``eps`` counts as none (PyTorch's ``logit_backward`` kernel).
    """

    __slots__ = ("eps",)

    def backward(self, g):
        (x,) = self.saved()
        no_eps = self.eps is None or self.eps < 0  # PyTorch's kernel: a negative eps is no eps
        lo, hi, fill = (0.0, 1.0, _math.nan) if no_eps else (self.eps, 1.0 - self.eps, 0.0)
        inside = (x >= lo).logical_and(x <= hi)
        return _pw.where(inside, g / (x * _pw.scalar_minus(1, x)), fill)


def _np_logit(d, eps):
    if d.dtype == _np.float16:
        return _np_logit_half(d, eps)
    a = _opmath(d)
    if eps is not None:
        lo = a.dtype.type(eps)
        hi = a.dtype.type(1) - lo
        a = _np.where(a < lo, lo, _np.where(a > hi, hi, a))  # NaN stays NaN
    return _rounded(_np.log, a / (1 - a)).astype(d.dtype)


def _np_logit_half(d, eps):
    """float16 ``logit`` in ``c10::Half`` arithmetic, as ATen's kernel: the bounds, ``1 - x`` and the
    quotient each rounded to half, then ``log`` of the quotient."""
    h = _np.asarray(d)
    if eps is not None:
        lo = _np.float16(eps)
        hi = _np.float16(1) - lo
        h = _np.where(h < lo, lo, _np.where(h > hi, hi, h))  # NaN stays NaN
    with _np.errstate(all="ignore"):
        z = h / (_np.float16(1) - h)
    return _rounded(_np.log, z.astype(_np.float32)).astype(_np.float16)


def logit(input: Tensor, eps: float | None = None, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.logit``: ``log(x / (1 - x))``; NaN outside [0, 1]; ``eps`` clamps x to [eps, 1 - eps]."""
    if eps is not None and not isinstance(eps, _numbers.Real):
        raise TypeError(f"special_logit(): argument 'eps' must be float, not {type(eps).__name__}")
    eps = None if eps is None else float(eps)
    data = _as_data(_np_logit(_float_input(input, "logit_cpu"), eps))
    return _out("logit", out, _record(data, LogitBackward0, (input,), (input,), eps=eps), input)


# ------------------------------------------------------------------ sinc
class SincBackward0(_Node):
    """``g (pi x cos(pi x) - sin(pi x)) / (pi x^2)``, and 0 where ``x * x * pi`` is 0 (PyTorch's sinc_backward)."""

    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        x_pi = _pw.mul_scalar(x, _math.pi)  # (ATen's C++ ``self * M_PI``: MulBackward1)
        x2_pi = _pw.mul_scalar(x * x, _math.pi)
        slope = (x_pi * x_pi.cos() - x_pi.sin()) / x2_pi
        out = g * (slope.conj() if slope.is_complex() else slope)
        return _pw.where(x2_pi == 0, 0.0, out)


def _np_sinc(d):
    a = _opmath(d)
    prod = a * a.dtype.type(_math.pi)
    r = _rounded(_np.sin, prod) / prod
    return _np.where(a == 0, a.dtype.type(1), r).astype(d.dtype)


def sinc(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.sinc``: normalized ``sin(pi x) / (pi x)``, 1 at x = 0 (computed as PyTorch does)."""
    if isinstance(input, Tensor) and input._data.dtype.kind == "c":
        data = _as_data(_np_sinc_complex(input._data))
    else:
        data = _as_data(_np_sinc(_float_input(input, "sinc_cpu")))
    return _out("sinc", out, _record(data, SincBackward0, (input,), (input,)), input)


def _np_sinc_complex(d):
    """Complex ``sin(pi z) / (pi z)``, 1 at z = 0 (PyTorch's sinc takes complex input too)."""
    a = _np.asarray(d)
    prod = a * a.dtype.type(_math.pi)
    with _np.errstate(all="ignore"):
        r = _np.sin(prod) / prod
    return _np.where(a == 0, a.dtype.type(1), r).astype(a.dtype)


# ------------------------------------------------------------------ entr
class SpecialEntrBackward0(_Node):
    """``-g (1 + log x)``: ``+inf`` at 0, NaN for x < 0."""

    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        return g * (-_pw.add_scalar(x.log(), 1))  # grad * (-(1 + self.log())): AddBackward1


def _np_entr(d):
    a = _opmath(d)
    r = -a * _rounded(_np.log, a)
    r = _np.where(a > 0, r, _np.where(a == 0, a.dtype.type(0), a.dtype.type(-_np.inf)))
    return _np.where(_np.isnan(a), a, r).astype(d.dtype)


def entr(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.entr``: ``-x log x`` for x > 0, 0 at 0, ``-inf`` for x < 0, NaN for NaN."""
    data = _as_data(_np_entr(_float_input(input, "entr_cpu")))
    return _out("special_entr", out, _record(data, SpecialEntrBackward0, (input,), (input,)), input)


# ------------------------------------------------------------------ ndtr
# PyTorch's ndtr composite records ATen's ``.Scalar`` overloads (``MulBackward1``, ``AddBackward1``)
_mul_scalar = _pw.mul_scalar
_add_scalar = _pw.add_scalar


def ndtr(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.ndtr``: the standard normal CDF as PyTorch's composite ``(1 + erf(x * M_SQRT1_2)) * 0.5``.

    Same roundings and the same graph as PyTorch (``MulBackward1`` <- ``AddBackward1`` <- ``ErfBackward0`` <-
    ``MulBackward1``); like PyTorch it is 0 below about -8.3 (float64).  With ``out=`` and an input that
    requires grad, ``out`` gets the result by ``copy_`` (``CopyBackwards``), as in PyTorch.
    """
    _float_input(input, "erf_vml_cpu")  # complex: the error PyTorch's erf gives
    res = _mul_scalar(_add_scalar(erf(_mul_scalar(input, _SQRT1_2)), 1), 0.5)
    if out is not None and res.requires_grad:  # PyTorch's ndtr_out copies the result: ``out`` joins the graph
        if tuple(out.shape) != tuple(res.shape):
            _write_out(out, res.detach())  # resized as by every out=
        return out.copy_(res)
    return _write_out(out, res)


# -------------------------------------------------------------- log_ndtr
class SpecialLogNdtrBackward0(_Node):
    """``g / sqrt(2 pi) * exp(-(result + x^2 / 2))`` (PyTorch's formula, finite far into the left tail)."""

    __slots__ = ()

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        return g / _SQRT_2PI * (-(r + _pw.div_scalar(x.pow(2), 2))).exp()


def _erfcx64(z):
    """``exp(z^2) erfc(z)`` for z >= 0.7 (float64): the product below 26, the asymptotic series above.

    The series ``1 / (z sqrt(pi)) * sum_k (-1)^k (2k - 1)!! / (2 z^2)^k`` is truncated after 8 terms
    (error below 1e-18 for z >= 26); ``erfc`` underflows and ``exp(z^2)`` overflows past 26.6.
    """
    near = _np.minimum(z, 26.0)
    product = _erf_arrays().erfc(near) * _np.exp(near * near)
    far = _np.maximum(z, 26.0)
    w = 1.0 / (2.0 * far * far)
    s = term = _np.ones_like(far)
    for k in range(1, 8):
        term = term * -(2 * k - 1) * w
        s = s + term
    return _np.where(z < 26.0, product, s / (far * _math.sqrt(_math.pi)))


class SpecialErfcxBackward0(_Node):
    """``(2 x erfcx(x) - 2 / sqrt(pi)) * grad`` (PyTorch's formula, from the saved result)."""

    __slots__ = ()

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        twice_xr = _pw.mul_scalar(x, 2.0) * r
        return _pw._sub_scalar(twice_xr, 2.0 / _math.sqrt(_math.pi)) * g


def _np_erfcx(d):
    """``exp(x^2) erfc(x)`` without overflow for large x (``_erfcx64`` from 0.7 up; inf below -26.6)."""
    a = _np.asarray(d, dtype=_np.float64) if d.dtype.kind == "f" else d  # float32's exp(x^2) overflows past 9.4
    with _np.errstate(over="ignore", invalid="ignore"):
        low = _erf_arrays().erfc(_np.minimum(a, 0.7)) * _np.exp(_np.minimum(a, 0.7) ** 2)
        high = _erfcx64(_np.maximum(a, 0.7))
        r = _np.where(a < 0.7, low, high)
    r = _np.where(a == _np.inf, 0.0, r)
    return r.astype(d.dtype)


def erfcx(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.erfcx``: the scaled complementary error function ``exp(x^2) * erfc(x)``."""
    d = _float_input(input, "erfcx_cpu", half=False)
    data = _as_data(_np_erfcx(d))
    res = _record(data, SpecialErfcxBackward0, (input,), (input,), save_result=True)
    return _out("special_erfcx", out, res, input)


def _np_log_ndtr(d):
    """PyTorch's kernel: ``log1p(-erfc(t) / 2)`` for x >= -1, ``log(erfcx(-t) / 2) - t^2`` below (t = x / sqrt 2)."""
    a = _opmath(d)
    t = a * a.dtype.type(_SQRT1_2)
    right = _rounded(_np.log1p, -_rounded(_erf_arrays().erfc, t) / 2)  # NaN stays NaN
    left_side = a < -1
    z = _np.where(left_side, -t, 1)
    left = _rounded(_np.log, _rounded(_erfcx64, z) / 2) - t * t
    return _np.where(left_side, left, right).astype(d.dtype)


def log_ndtr(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.log_ndtr``: ``log`` of the normal CDF, accurate in the left tail (-inf only at -inf)."""
    d = _float_input(input, "log_ndtr_cpu", half=False)
    data = _as_data(_np_log_ndtr(d))
    res = _record(data, SpecialLogNdtrBackward0, (input,), (input,), save_result=True)
    return _out("special_log_ndtr", out, res, input)


# ----------------------------------------------------------------- ndtri
# Cephes ndtri (S. L. Moshier): rational approximations in y - 1/2 for exp(-2) < y < 1 - exp(-2),
# and in 1/sqrt(-2 log y) for the tails; PyTorch's ndtri kernel is the same algorithm.
_EXP_M2 = 0.13533528323661269189
_P0 = (-5.99633501014107895267E1, 9.80010754185999661536E1, -5.66762857469070293439E1, 1.39312609387279679503E1,
       -1.23916583867381258016E0)
_Q0 = (1.0, 1.95448858338141759834E0, 4.67627912898881538453E0, 8.63602421390890590575E1,
       -2.25462687854119370527E2, 2.00260212380060660359E2, -8.20372256168333339912E1, 1.59056225126211695515E1,
       -1.18331621121330003142E0)
_P1 = (4.05544892305962419923E0, 3.15251094599893866154E1, 5.71628192246421288162E1, 4.40805073893200834700E1,
       1.46849561928858024014E1, 2.18663306850790267539E0, -1.40256079171354495875E-1, -3.50424626827848203418E-2,
       -8.57456785154685413611E-4)
_Q1 = (1.0, 1.57799883256466749731E1, 4.53907635128879210584E1, 4.13172038254672030440E1,
       1.50425385692907503408E1, 2.50464946208309415979E0, -1.42182922854787788574E-1, -3.80806407691578277194E-2,
       -9.33259480895457427372E-4)
_P2 = (3.23774891776946035970E0, 6.91522889068984211695E0, 3.93881025292474443415E0, 1.33303460815807542389E0,
       2.01485389549179081538E-1, 1.23716634817820021358E-2, 3.01581553508235416007E-4, 2.65806974686737550832E-6,
       6.23974539184983293730E-9)
_Q2 = (1.0, 6.02427039364742014255E0, 3.67983563856160859403E0, 1.37702099489081330271E0,
       2.16236993594496635890E-1, 1.34204006088543189037E-2, 3.28014464682127739104E-4, 2.89247864745380683936E-6,
       6.79019408009981274425E-9)


def _ndtri_open(y):
    """ndtri on (0, 1) in ``y``'s dtype, as PyTorch runs Cephes in float32 for float32 (sqrt/log rounded)."""
    T = y.dtype.type
    upper = y > T(1) - T(_EXP_M2)
    y = _np.where(upper, T(1) - y, y)  # exact: y > 1/2 there
    mid = y > T(_EXP_M2)  # never true where ``upper``
    u = _np.where(mid, y, T(0.5)) - T(0.5)
    u2 = u * u
    central = (u + u * (u2 * _polevl(u2, _P0) / _polevl(u2, _Q0))) * T(_SQRT_2PI)
    s = _rounded(_np.sqrt, T(-2) * _rounded(_np.log, _np.where(mid, T(_EXP_M2), y)))  # between 2 and 38.6
    z = T(1) / s
    corr = _np.where(s < 8, z * _polevl(z, _P1) / _polevl(z, _Q1), z * _polevl(z, _P2) / _polevl(z, _Q2))
    tail = (s - _rounded(_np.log, s) / s) - corr
    return _np.where(mid, central, _np.where(upper, tail, -tail))


def _np_ndtri(d):
    a = _np.asarray(d)
    T = a.dtype.type
    inside = (a > 0) & (a < 1)
    r = _ndtri_open(_np.where(inside, a, T(0.5)))
    r = _np.where(a == 0, T(-_np.inf), _np.where(a == 1, T(_np.inf), r))
    return _np.where(inside | (a == 0) | (a == 1), r, T(_np.nan))


class SpecialNdtriBackward0(_Node):
    """``g sqrt(2 pi) exp(result^2 / 2)``: the reciprocal of the normal density at the result."""

    __slots__ = ()

    def backward(self, g):
        r = _unpack_output(self, self.saved()[0])
        return g * _SQRT_2PI * _pw.div_scalar(r.square(), 2).exp()


def ndtri(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.ndtri``: inverse of ``ndtr``; ``-inf`` at 0, ``inf`` at 1, NaN outside [0, 1]."""
    d = _float_input(input, "ndtri_cpu", half=False)
    data = _as_data(_np_ndtri(d))
    return _out("special_ndtri", out, _record(data, SpecialNdtriBackward0, (input,), save_result=True), input)


# --------------------------------------------------------- xlogy, xlog1py
class _XlogBackward(_Node):
    """Shared backward of ``x * log(y)`` (``xlogy``) and ``x * log1p(y)`` (``xlog1py``), PyTorch's formulas.

    ``scalar`` holds the Python-number operand of the ``...Backward1`` (number ``self``) and
    ``...Backward2`` (number ``other``) overloads.
    """

    __slots__ = ("scalar",)
    log1p = False

    def _op(self, a, b):
        return xlog1py(a, b) if self.log1p else xlogy(a, b)

    def _pole(self) -> float:
        return -1.0 if self.log1p else 0.0

    def _other_grad(self, g, x, y):
        return g * x / (_pw.add_scalar(y, 1) if self.log1p else y)


class _XlogTensorTensor(_XlogBackward):
    __slots__ = ()

    def backward(self, g):
        x, y = self.saved()
        ga = gb = None
        if self._edges[0] is not None:
            ga = self._op(g, y).masked_fill((x == 0).logical_and(y <= self._pole()), 0.0)
        if self._edges[1] is not None:
            gb = self._other_grad(g, x, y)
        return ga, gb


class _XlogNumberTensor(_XlogBackward):
    __slots__ = ()

    def backward(self, g):
        (y,) = self.saved()
        return self._other_grad(g, self.scalar, y)


class _XlogTensorNumber(_XlogBackward):
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        ga = self._op(g, self.scalar)
        return ga if self.scalar > self._pole() else ga.masked_fill(x == 0, 0.0)


class XlogyBackward0(_XlogTensorTensor):
    __slots__ = ()


class XlogyBackward1(_XlogNumberTensor):
    __slots__ = ()


class XlogyBackward2(_XlogTensorNumber):
    __slots__ = ()


class SpecialXlog1PyBackward0(_XlogTensorTensor):
    __slots__ = ()
    log1p = True


class SpecialXlog1PyBackward1(_XlogNumberTensor):
    __slots__ = ()
    log1p = True


class SpecialXlog1PyBackward2(_XlogTensorNumber):
    __slots__ = ()
    log1p = True


def _is_number(v) -> bool:
    return isinstance(v, _numbers.Number) and not isinstance(v, _np.ndarray)


def _xlog_operands(name: str, input, other):
    """The two operands as arrays of one floating dtype, promoted as PyTorch promotes them."""
    a_t, b_t = isinstance(input, Tensor), isinstance(other, Tensor)
    if not ((a_t and (b_t or _is_number(other))) or (b_t and _is_number(input))):
        got = ", ".join(type(v).__name__ for v in (input, other))
        raise TypeError(f"special_{name}() received an invalid combination of arguments - got ({got}), but expected "
                        "one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n"
                        " * (Number self, Tensor other, *, Tensor out = None)\n"
                        " * (Tensor input, Number other, *, Tensor out = None)\n")
    if a_t:
        ad, bd = _binary_data(input, other)
    else:
        bd, ad = _binary_data(other, input)
    arrays = [_to_float_data(v) for v in (ad, bd) if isinstance(v, (_np.ndarray, _np.generic))]
    dt = _np.result_type(*arrays)
    if dt.kind == "c":
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{_tname(arrays[0])}'")
    return _np.asarray(ad, dtype=dt), _np.asarray(bd, dtype=dt)


def _xlog(name: str, log_fn, nodes, input, other, out):
    x, y = _xlog_operands(name, input, other)
    xo, yo = _opmath(x), _opmath(y)
    try:
        r = xo * _rounded(log_fn, y)  # (PyTorch rounds a half ``log(y)`` to half before the product)
    except ValueError:
        raise _pw.broadcast_error(x.shape, y.shape) from None
    r = _np.where(xo == 0, xo.dtype.type(0), r)
    r = _np.where(_np.isnan(yo), yo, r)  # a NaN ``other`` gives NaN even where x == 0
    data = _as_data(r.astype(x.dtype))
    both, number_self, number_other = nodes
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        res = _record(data, both, (input, other), (input, other))
    elif isinstance(input, Tensor):
        res = _record(data, number_other, (input,), (input,), scalar=other)
    else:
        res = _record(data, number_self, (other,), (other,), scalar=input)
    # PyTorch's out= error names xlogy "xlogy()" but xlog1py "special_xlog1py()"
    return _out("xlogy" if name == "xlogy" else f"special_{name}", out, res, input, other)


def xlogy(input, other, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.xlogy``: ``x * log(y)``, 0 where x == 0 unless y is NaN (then NaN).

    Either operand may be a Python number (PyTorch's overloads: ``XlogyBackward0`` for two tensors,
    ``XlogyBackward1`` for a number ``input``, ``XlogyBackward2`` for a number ``other``).
    """
    return _xlog("xlogy", _np.log, (XlogyBackward0, XlogyBackward1, XlogyBackward2), input, other, out)


def xlog1py(input, other, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.xlog1py``: ``x * log1p(y)``, 0 where x == 0 unless y is NaN (then NaN).

    Nodes ``SpecialXlog1PyBackward0/1/2`` as for ``xlogy``.
    """
    return _xlog("xlog1py", _np.log1p,
                 (SpecialXlog1PyBackward0, SpecialXlog1PyBackward1, SpecialXlog1PyBackward2), input, other, out)
