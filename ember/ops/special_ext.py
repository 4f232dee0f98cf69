"""Modified Bessel functions, polygamma/mvlgamma, the incomplete gamma ratios and ``index_reduce``.

Mirrors PyTorch 2.13:

* ``torch.i0`` (``I0Backward0``) and the ``torch.special`` functions ``i0e``
  (``SpecialI0EBackward0``), ``i1`` (``SpecialI1Backward0``), ``i1e``
  (``SpecialI1EBackward0``).  As in Cephes (and PyTorch's kernels) each is a
  Chebyshev expansion of ``exp(-x) I(x)`` on ``[0, 8]`` and of
  ``sqrt(x) exp(-x) I(x)`` on ``(8, inf)``; the coefficients are computed here
  on first use (power series on ``[0, 8]``, the trapezoid rule on
  ``I_v(x) e^-x = 1/pi int_0^pi exp(x (cos t - 1)) cos(v t) dt`` beyond) and
  the expansions are evaluated in float64, then rounded to the input's dtype.
  PyTorch's float32 ``exp`` overflow (``i0(88.8)`` is ``inf``) and its NaN
  at ``+-inf`` for ``i0``/``i1`` are reproduced.
* ``polygamma`` (``PolygammaBackward0``) and ``mvlgamma`` (``MvlgammaBackward0``),
  reusing ember's ``lgamma``/``digamma`` kernels of ``numeric_ext``.
* ``igamma``/``igammac`` (``IgammaBackward0``/``IgammacBackward0``): the
  regularised lower/upper incomplete gamma functions with PyTorch's special
  cases and branch selection (series for P, series for Q at small x, the
  continued fraction for Q); PyTorch's gradient for ``input`` is
  "not implemented", the one for ``other`` is.
* ``index_reduce`` (``IndexReduceBackward0``) with prod/mean/amax/amin and
  ``include_self``; its backward is PyTorch's ``index_reduce_backward`` written
  with ember ops (so double backward works).

Functions that exist only in ``torch.special`` (``i0e``, ``i1``, ``i1e``,
``gammainc``, ``gammaincc``, ``multigammaln``) are private here
(``_i0e`` ...); ``ember/special.py`` exposes them.
"""
from __future__ import annotations

import functools
import math
import numbers
import warnings

import numpy as np

from ._common import GRAD, Node, Tensor, _make, binary_data, broadcast_error, finish, needs_grad, saved_output, \
    to_float_data, unpack_output, write_out
from ._common import NP_UNSET, numpy_required
from . import numeric_ext as _nx
from . import pointwise as _pw
from .reduction_ext import _tname

__all__ = ["i0", "polygamma", "mvlgamma", "igamma", "igammac", "index_reduce"]


# ------------------------------------------------------------------ helpers
def _as_data(r):
    r = np.asarray(r)
    return r[()] if r.ndim == 0 else r


def _check_tensor(fname: str, arg: str, pos: int, v) -> None:
    if not isinstance(v, Tensor):
        raise TypeError(f"{fname}(): argument '{arg}' (position {pos}) must be Tensor, not {type(v).__name__}")


def _check_int(fname: str, arg: str, pos: int, v) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{fname}(): argument '{arg}' (position {pos}) must be int, not {type(v).__name__}")
    return int(v)


def _float_data(x: Tensor, kernel: str) -> np.ndarray:
    """``x``'s data as floating point (integers and bool as the default dtype); complex raises PyTorch's error."""
    d = to_float_data(np.asarray(x._data))
    if d.dtype.kind == "c":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_tname(d)}'")
    return d


def _out(name: str, out: Tensor | None, res: Tensor, *inputs) -> Tensor:
    """``out=`` with PyTorch's refusal when an argument requires grad."""
    if out is not None and GRAD.enabled and any(isinstance(t, Tensor) and t._rg for t in (*inputs, out)):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    return write_out(out, res)


def _record(data, node_cls, inputs, saved=(), save_result: bool = False, **attrs) -> Tensor:
    """Wrap ``data``; if an input requires grad, record ``node_cls`` saving ``saved`` (then the result)."""
    if not needs_grad(*inputs):
        return _make(data)
    node = node_cls(inputs)
    for k, v in attrs.items():
        setattr(node, k, v)
    res = finish(data, node)
    node.save(*saved, *((saved_output(node, res),) if save_result else ()))
    return res


def _compute_dtype(d: np.ndarray) -> np.dtype:
    """PyTorch's "opmath" type: float16 (and bfloat16) kernels run in float32."""
    return np.dtype(np.float32) if d.dtype.itemsize < 4 else d.dtype


# =================================================== modified Bessel I0, I1
_N_CHEB = 48     # Chebyshev nodes per expansion
_N_QUAD = 4096   # trapezoid points for the large-x quadrature
_FIT = np.longdouble  # the fits run in extended precision where the platform has it (x86: 64-bit mantissa)
_FIT_PI = 4 * np.arctan(_FIT(1))


def _bessel_series(x: np.ndarray, order: int) -> np.ndarray:
    """``e^-x I0(x)`` (order 0) or ``e^-x I1(x) / x`` (order 1) by the power series, for ``0 < x <= 8``."""
    q = x * x / 4
    term = np.full_like(x, 0.5 if order else 1.0)
    total = term.copy()
    for k in range(1, 60):
        term = term * q / (k * (k + order))
        total = total + term
    return total * np.exp(-x)


def _bessel_quadrature(x: np.ndarray, order: int) -> np.ndarray:
    """``sqrt(x) e^-x I_order(x)`` by the trapezoid rule in ``theta`` (spectrally accurate, periodic integrand)."""
    theta = np.arange(_N_QUAD + 1, dtype=_FIT) * (_FIT_PI / _N_QUAD)
    w = np.full(theta.shape, 1 / _FIT(_N_QUAD))
    w[[0, -1]] *= 0.5
    one_minus_cos = 2.0 * np.sin(theta / 2) ** 2  # no cancellation near theta = 0, where the mass is
    vals = np.exp(-x[:, None] * one_minus_cos[None, :]) * np.cos(order * theta)[None, :]
    return np.sqrt(x) * (vals @ w)


def _cheb_fit(fn, to_x) -> np.ndarray:
    """Chebyshev coefficients ``c`` with ``fn(to_x(t)) = sum_k c_k T_k(t)`` on ``[-1, 1]`` (``c_0`` not halved)."""
    j = np.arange(_N_CHEB)
    pi = _FIT_PI
    t = np.cos(pi * (2 * j + 1) / (2 * _N_CHEB))
    f = fn(to_x(t))
    phase = np.outer(j, 2 * j + 1) % (4 * _N_CHEB)  # exact reduction: cos(pi k (2j + 1) / (2N))
    c = (np.cos(pi * phase / (2 * _N_CHEB)) @ f) * 2 / _N_CHEB
    c[0] /= 2
    c = c.astype(np.float64)
    floor = np.nonzero(np.abs(c) < 1e-16 * np.abs(c[0]))[0]  # from there on: rounding noise of the samples
    return c[: floor[0]] if floor.size else c


@functools.lru_cache(maxsize=None)
def _bessel_coefs(order: int) -> tuple:
    """(near, far): expansions in ``t = x/4 - 1`` on ``[0, 8]`` and ``t = 16/x - 1`` on ``(8, inf)``."""
    near = _cheb_fit(lambda x: _bessel_series(x, order), lambda t: 4.0 * (t + 1.0))
    far = _cheb_fit(lambda x: _bessel_quadrature(x, order), lambda t: 16.0 / (t + 1.0))
    return near, far


def _clenshaw(c: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``sum_k c_k T_k(t)`` by Clenshaw's recurrence."""
    b1 = np.zeros_like(t)
    b2 = np.zeros_like(t)
    t2 = 2.0 * t
    for ck in c[:0:-1]:
        b1, b2 = t2 * b1 - b2 + ck, b1
    return t * b1 - b2 + c[0]


def _bessel_scaled(ax: np.ndarray, order: int) -> np.ndarray:
    """``e^-x I_order(x)`` for ``ax >= 0`` (float64); NaN stays NaN, ``+inf`` gives 0."""
    near, far = _bessel_coefs(order)
    small = ax <= 8.0
    xs = np.where(small, ax, 0.0)
    xl = np.where(small, 16.0, ax)
    r_near = _clenshaw(near, xs / 4.0 - 1.0) * (xs if order else 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r_far = _clenshaw(far, 16.0 / xl - 1.0) / np.sqrt(xl)
    return np.where(small, r_near, r_far)


def _bessel_np(d: np.ndarray, order: int, scaled: bool) -> np.ndarray:
    """``I_order(x)`` (or ``e^-|x| I_order(x)``) of ``d``, PyTorch's kernel values, rounded to ``d``'s dtype."""
    x = np.asarray(d, dtype=np.float64)
    ax = np.abs(x)
    r = _bessel_scaled(ax, order)
    if not scaled:
        with np.errstate(over="ignore", invalid="ignore"):
            r = np.exp(ax) * r  # inf * 0 -> NaN at +-inf, as PyTorch
            overflow = np.isinf(np.exp(ax.astype(_compute_dtype(d)))) & np.isfinite(ax)
        r = np.where(overflow, np.inf, r)  # PyTorch's exp overflows in the compute dtype (float32: x > 88.72)
    if order == 1:
        r = np.where(x < 0, -r, r)
    return r.astype(d.dtype)


def _bessel_op(x: Tensor, order: int, scaled: bool, kernel: str, node_cls, out, name: str) -> Tensor:
    d = _float_data(x, kernel)
    data = _as_data(_bessel_np(d, order, scaled))
    res = _record(data, node_cls, (x,), (x,), save_result=node_cls is not I0Backward0)
    return _out(name, out, res, x)


class I0Backward0(Node):
    """``grad * special_i1(self)``."""
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        return g * _i1(x)


class SpecialI0EBackward0(Node):
    """``grad * (special_i1e(self) - self.sgn() * result)``."""
    __slots__ = ()

    def backward(self, g):
        x, r = self.saved()
        return g * (_i1e(x) - x.sgn() * unpack_output(self, r))


def _i1_grad(node: Node, g: Tensor, scaled: bool) -> Tensor:
    """PyTorch's ``i1_backward``/``i1e_backward``: 0.5 where ``|x| <= eps`` (float32/float64 only)."""
    x, r = node.saved()
    r = unpack_output(node, r)
    d = np.asarray(x._data)
    if d.dtype.kind != "f" or d.dtype.itemsize < 4:
        raise NotImplementedError(f"\"{'i1e' if scaled else 'i1'}_backward\" not implemented for '{_tname(d)}'")
    eps = float(np.finfo(d.dtype).eps)
    not_tiny = x.abs() > eps
    safe = _pw.where(not_tiny, x, _make(np.asarray(eps, dtype=d.dtype)))
    if scaled:
        gradx = _i0e(safe) - r * (safe.sgn() + safe.reciprocal())
    else:
        gradx = i0(safe) - r * safe.reciprocal()
    return g * _pw.where(not_tiny, gradx, _make(np.asarray(0.5, dtype=d.dtype)))


class SpecialI1Backward0(Node):
    """PyTorch's ``i1_backward(grad, self, result)``: ``i0(x) - i1(x) / x``, 0.5 at ``|x| <= eps``."""
    __slots__ = ()

    def backward(self, g):
        return _i1_grad(self, g, scaled=False)


class SpecialI1EBackward0(Node):
    """PyTorch's ``i1e_backward``: ``i0e(x) - i1e(x) (sgn(x) + 1/x)``, 0.5 at ``|x| <= eps``."""
    __slots__ = ()

    def backward(self, g):
        return _i1_grad(self, g, scaled=True)


def i0(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.i0``: modified Bessel function of the first kind, order 0 (``I0Backward0``).

    Integers and bool give the default float dtype; NaN at ``+-inf`` and ``inf`` once ``exp(|x|)`` overflows
    the compute dtype, like PyTorch's kernel.
    """
    return _bessel_op(input, 0, False, "i0_vml_cpu", I0Backward0, out, "i0")


def _i0e(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.i0e``: ``exp(-|x|) i0(x)`` (``SpecialI0EBackward0``); 0 at ``+-inf``."""
    return _bessel_op(input, 0, True, "i0e_cpu", SpecialI0EBackward0, out, "special_i0e")


def _i1(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.i1``: modified Bessel function of the first kind, order 1 (``SpecialI1Backward0``)."""
    return _bessel_op(input, 1, False, "i1_cpu", SpecialI1Backward0, out, "special_i1")


def _i1e(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.i1e``: ``exp(-|x|) i1(x)`` (``SpecialI1EBackward0``)."""
    return _bessel_op(input, 1, True, "i1e_cpu", SpecialI1EBackward0, out, "special_i1e")


# ============================================================== polygamma
def _polygamma_np(n: int, d: np.ndarray) -> np.ndarray:
    """PyTorch's ``polygamma`` values: digamma, trigamma (in the compute dtype), then ``-(-1)^n n! zeta(n+1, x)``.

    For n >= 2 PyTorch computes ``exp(lgamma(n + 1))`` in the compute dtype, so in float32 it overflows for
    n >= 35 and the result is ``+-inf`` (or NaN) however small ``zeta`` is; that is reproduced.
    """
    cdt = _compute_dtype(d)
    if n == 0:
        return _nx._digamma(d).astype(d.dtype)
    if n == 1:
        return _nx._trigamma(d.astype(cdt)).astype(d.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        fac = np.exp(cdt.type(math.lgamma(n + 1.0)))
        z = _nx._hurwitz_zeta(n + 1, d)
        sign = 1.0 if n % 2 else -1.0
        if np.isinf(fac):
            return (cdt.type(sign) * fac * z.astype(cdt)).astype(d.dtype)
        return (sign * math.factorial(n) * z).astype(d.dtype)


class PolygammaBackward0(Node):
    """``grad * polygamma(n + 1, self)``."""
    __slots__ = ("n",)

    def backward(self, g):
        (x,) = self.saved()
        return g * polygamma(self.n + 1, x)


def _polygamma(fname: str, n, input: Tensor, out: Tensor | None) -> Tensor:
    n = _check_int(fname, "n", 1, n)
    _check_tensor(fname, "input", 2, input)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    d = _float_data(input, "polygamma")
    data = _as_data(_polygamma_np(n, d))
    return _out("polygamma", out, _record(data, PolygammaBackward0, (input,), (input,), n=n), input)


def polygamma(n: int, input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.polygamma``: the n-th derivative of digamma (``PolygammaBackward0``, gradient polygamma(n + 1))."""
    return _polygamma("polygamma", n, input, out)


def _special_polygamma(n: int, input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.polygamma`` (its argument errors name ``special_polygamma``)."""
    return _polygamma("special_polygamma", n, input, out)


def _polygamma_method(self: Tensor, n: int) -> Tensor:
    """``Tensor.polygamma(n)``."""
    return polygamma(n, self)


class PolygammaBackward1(PolygammaBackward0):
    """``Tensor.polygamma_(n)``: PyTorch's in-place overload records ``PolygammaBackward1``."""
    __slots__ = ()


def _polygamma_inplace_op(self: Tensor, n: int) -> Tensor:
    """The out-of-place op behind ``Tensor.polygamma_(n)`` (its node named as PyTorch's in-place one)."""
    r = polygamma(n, self)
    if r.grad_fn.__class__ is PolygammaBackward0:
        r.grad_fn.__class__ = PolygammaBackward1
    return r


# ---------------------------------------------------------------- mvlgamma
def _mvlgamma_args(x: Tensor, p: int) -> Tensor:
    """``arange(-p/2 + 1/2, 1/2, 1/2) + x.unsqueeze(-1)`` as PyTorch builds it (ember ops)."""
    dt = np.asarray(x._data).dtype
    steps = np.arange(-p / 2.0 + 0.5, 0.5, 0.5)[:p].astype(dt)
    return x.unsqueeze(-1) + _make(steps)


class MvlgammaBackward0(Node):
    """PyTorch's ``mvlgamma_backward``: ``grad * digamma(arange(...) + self.unsqueeze(-1)).sum(-1)``."""
    __slots__ = ("p",)

    def backward(self, g):
        (x,) = self.saved()
        return g * _nx.digamma(_mvlgamma_args(x, self.p)).sum(-1)


def _mvlgamma(fname: str, input: Tensor, p, out: Tensor | None) -> Tensor:
    _check_tensor(fname, "input", 1, input)
    p = _check_int(fname, "p", 2, p)
    d = np.asarray(input._data)
    if d.dtype.kind == "b":
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    d = _float_data(input, "arange_cpu")
    steps = np.arange(-p / 2.0 + 0.5, 0.5, 0.5)[:p].astype(d.dtype)
    args = d[..., None] + steps
    lg = _nx._lgamma_f64(args).astype(d.dtype)
    const = d.dtype.type(p * (p - 1) * math.log(math.pi) / 4)
    data = _as_data((np.sum(lg, axis=-1, dtype=d.dtype) + const).astype(d.dtype))
    return _out("mvlgamma", out, _record(data, MvlgammaBackward0, (input,), (input,), p=p), input)


def mvlgamma(input: Tensor, p: int, *, out: Tensor | None = None) -> Tensor:
    """``torch.mvlgamma``: multivariate log-gamma of dimension ``p`` (``MvlgammaBackward0``).

    Integers give the default float dtype; bool and ``p < 1`` raise PyTorch's errors.
    """
    return _mvlgamma("mvlgamma", input, p, out)


def _multigammaln(input: Tensor, p: int, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.multigammaln``: ``torch.mvlgamma``."""
    return _mvlgamma("special_multigammaln", input, p, out)


def _mvlgamma_method(self: Tensor, p: int) -> Tensor:
    """``Tensor.mvlgamma(p)``."""
    return mvlgamma(self, p)


def _mvlgamma_inplace(self: Tensor, p: int) -> Tensor:
    """``Tensor.mvlgamma_(p)``: integer tensors raise PyTorch's ``mvlgamma:`` cast error."""
    from .inplace import apply_inplace
    d = np.asarray(self._data)
    if d.dtype.kind in "iu":
        raise RuntimeError(f"mvlgamma: result type {_tname(d)} can't be cast to the desired output type "
                           f"{_tname(to_float_data(d))}")
    return apply_inplace(self, mvlgamma, p)


# ================================================ regularised incomplete gamma
_EPS = np.finfo(np.float64).eps
_MAX_ITER = 20000
_TINY = 1e-300


def _log1pmx(t: np.ndarray) -> np.ndarray:
    """``log(1 + t) - t``, by its series for ``|t| < 0.25``."""
    small = np.abs(t) < 0.25
    ts = np.where(small, t, 0.0)
    s = np.zeros_like(ts)
    p = ts.copy()
    for k in range(2, 40):
        p = p * -ts
        s = s + p / k
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(small, s, np.log1p(t) - t)


def _igam_fac(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``x^a e^-x / Gamma(a)``; for ``a >= 10`` from Stirling's series around ``x = a`` (no cancellation)."""
    big = a >= 10
    ab = np.where(big, a, 10.0)
    corr = _nx._horner(_nx._STIRLING, 1.0 / (ab * ab)) / ab
    stable = np.exp(ab * _log1pmx((x - ab) / ab) - corr) * np.sqrt(ab / (2 * np.pi))
    direct = np.exp(a * np.log(x) - x - _nx._lgamma_f64(np.where(big, 1.0, a)))
    return np.where(big, stable, direct)


def _igam_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) = x^a e^-x / Gamma(a) * sum_n x^n / (a (a+1) ... (a+n))."""
    term = 1.0 / a
    total = term.copy()
    ap = a.copy()
    for _ in range(_MAX_ITER):
        ap = ap + 1.0
        term = term * x / ap
        total = total + term
        if not (term > total * _EPS).any():
            break
    return total * _igam_fac(a, x)


def _lgamma1p(a: np.ndarray) -> np.ndarray:
    """``lgamma(1 + a)``, accurate for small ``a``."""
    small = np.abs(a) <= 0.5
    return np.where(small, _nx._lgamma1p(np.where(small, a, 0.0)), _nx._lgamma_f64(1.0 + a))


def _igamc_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Q(a, x) for small x: ``1 - x^a/Gamma(a+1) - x^a/Gamma(a) sum_{n>=1} (-x)^n / (n! (a+n))``."""
    f = np.ones_like(x)
    total = np.zeros_like(x)
    for n in range(1, 200):
        f = f * -x / n
        term = f / (a + n)
        total = total + term
        if not (np.abs(term) > _EPS * np.abs(total)).any():
            break
    lx = a * np.log(x)
    return -np.expm1(lx - _lgamma1p(a)) - np.exp(lx - _nx._lgamma_f64(a)) * total


def _igamc_cf(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...)) (modified Lentz)."""
    b = x + 1.0 - a
    c = np.full_like(x, 1.0 / _TINY)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if not (np.abs(delta - 1.0) > _EPS).any():
            break
    return h * _igam_fac(a, x)


def _on(mask: np.ndarray, fn, a: np.ndarray, x: np.ndarray, out: np.ndarray) -> None:
    if mask.any():
        out[mask] = fn(a[mask], x[mask])


def _one_minus(fn):
    return lambda a, x: 1.0 - fn(a, x)


def _igammac_regular(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Q for finite ``a, x > 0``: PyTorch's choice between ``1 - P`` series, Q series and continued fraction."""
    out = np.empty_like(x)
    with np.errstate(divide="ignore"):
        low_a = np.where(x <= 0.5, -0.4 / np.log(x) >= a, x * 1.1 >= a)
    mid = x <= 1.1
    _on(~mid & (x < a), _one_minus(_igam_series), a, x, out)
    _on(~mid & (x >= a), _igamc_cf, a, x, out)
    _on(mid & ~low_a, _one_minus(_igam_series), a, x, out)
    _on(mid & low_a, _igamc_series, a, x, out)
    return out


def _igamma_regular(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P for finite ``a, x > 0``: ``1 - Q`` where ``x > 1`` and ``x > a``, else the series."""
    out = np.empty_like(x)
    upper = (x > 1.0) & (x > a)
    _on(upper, _one_minus(_igammac_regular), a, x, out)
    _on(~upper, _igam_series, a, x, out)
    return out


def _igamma_np(a: np.ndarray, x: np.ndarray, upper: bool) -> np.ndarray:
    """P(a, x) (or Q) in float64 with PyTorch's ``calc_igamma``/``calc_igammac`` special cases."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(x, dtype=np.float64))
    lo, hi = (1.0, 0.0) if upper else (0.0, 1.0)  # value at x = 0 / at "x = inf"
    with np.errstate(invalid="ignore"):
        nan = (x < 0) | (a < 0)
        a0 = ~nan & (a == 0)
        x0 = ~nan & ~a0 & (x == 0)
        ainf = ~nan & ~a0 & ~x0 & np.isinf(a)
        xinf = ~nan & ~a0 & ~x0 & ~ainf & np.isinf(x)
        reg = ~(nan | a0 | x0 | ainf | xinf | np.isnan(a) | np.isnan(x))
        out = np.full(a.shape, np.nan)
        out[a0 & (x > 0)] = hi
        out[x0] = lo
        out[ainf & ~np.isinf(x)] = lo
        out[xinf] = hi
        _on(reg, _igammac_regular if upper else _igamma_regular, a, x, out)
    return out


def _igamma_grad(node: Node, g: Tensor, name: str, sign: float):
    a, x = node.saved()
    if node._edges[0] is not None:
        raise NotImplementedError(f"the derivative for '{name}: input' is not implemented.")
    d = ((a - 1) * x.log() - x - _nx.lgamma(a)).exp()
    return None, (g * d if sign > 0 else -g * d)


class IgammaBackward0(Node):
    """``input``: not implemented (PyTorch's error); ``other``: ``grad * exp((a - 1) log x - x - lgamma(a))``."""
    __slots__ = ()

    def backward(self, g):
        return _igamma_grad(self, g, "igamma", 1.0)


class IgammacBackward0(Node):
    """``input``: not implemented (PyTorch's error); ``other``: ``-grad * exp((a - 1) log x - x - lgamma(a))``."""
    __slots__ = ()

    def backward(self, g):
        return _igamma_grad(self, g, "igammac", -1.0)


def _igamma_op(fname: str, kernel: str, input: Tensor, other: Tensor, out, node_cls, upper: bool,
               other_pos: int = 2) -> Tensor:
    _check_tensor(fname, "input", 1, input)
    _check_tensor(fname, "other", other_pos, other)
    ad, bd = binary_data(input, other)
    ad, bd = np.asarray(ad), np.asarray(bd)
    if ad.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_tname(ad)}'")
    try:
        np.broadcast_shapes(ad.shape, bd.shape)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
    data = _as_data(_igamma_np(ad, bd, upper).astype(ad.dtype))
    name = "igammac" if upper else "igamma"
    return _out(name, out, _record(data, node_cls, (input, other), (input, other)), input, other)


def igamma(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.igamma``: regularised lower incomplete gamma ``P(input, other)`` (``IgammaBackward0``).

    Operands are promoted with PyTorch's rules but must end up floating (``"igamma_cpu" not implemented for
    'Long'``); NaN for negative arguments, PyTorch's values at 0 and infinity.
    """
    return _igamma_op("igamma", "igamma_cpu", input, other, out, IgammaBackward0, False)


def igammac(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.igammac``: regularised upper incomplete gamma ``Q = 1 - P`` (``IgammacBackward0``)."""
    return _igamma_op("igammac", "igammac_cpu", input, other, out, IgammacBackward0, True)


def _gammainc(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.gammainc``: ``torch.igamma``."""
    return _igamma_op("special_gammainc", "igamma_cpu", input, other, out, IgammaBackward0, False)


def _gammaincc(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.special.gammaincc``: ``torch.igammac``."""
    return _igamma_op("special_gammaincc", "igammac_cpu", input, other, out, IgammacBackward0, True)


def _igamma_method(self: Tensor, other: Tensor) -> Tensor:
    """``Tensor.igamma(other)`` (its argument error says position 1)."""
    return _igamma_op("igamma", "igamma_cpu", self, other, None, IgammaBackward0, False, other_pos=1)


def _igammac_method(self: Tensor, other: Tensor) -> Tensor:
    """``Tensor.igammac(other)``."""
    return _igamma_op("igammac", "igammac_cpu", self, other, None, IgammacBackward0, True, other_pos=1)


# ============================================================= index_reduce
_REDUCES = ("prod", "mean", "amax", "amin")
_beta_warned = False


def _beta_warning() -> None:
    """PyTorch's ``TORCH_WARN_ONCE``: the first ``index_reduce`` call of the process warns."""
    from .._hints import _user_stacklevel
    global _beta_warned
    if not _beta_warned:
        _beta_warned = True
        warnings.warn("index_reduce() is in beta and the API may change at any time. (Triggered internally at "
                      "/__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:1523.)", UserWarning,
                      stacklevel=_user_stacklevel())


def _index_reduce_checks(d: np.ndarray, dim: int, index: Tensor, sd: np.ndarray) -> np.ndarray:
    """PyTorch's ``index_func_meta_impl`` checks, in its order; returns the index as a flat array."""
    idx = np.asarray(index._data)
    if idx.ndim > 1:
        raise IndexError(f"index_reduce_(): Index is supposed to be a vector, but got dim: {idx.ndim} with type: "
                         f"{_tname(idx)} and size: {list(idx.shape)}")
    if idx.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"index_reduce_(): Expected dtype int32/int64 for index but got: {_tname(idx)}")
    if sd.dtype != d.dtype:
        raise RuntimeError(f"index_reduce_(): self ({_tname(d)}) and source ({_tname(sd)}) must have the same "
                           "scalar type")
    if not (dim == 0 or dim < sd.ndim):
        raise RuntimeError(f"index_reduce_(): Indexing dim {dim} is out of bounds of the source tensor with dim "
                         f"{sd.ndim}")
    n_src = 1 if sd.ndim == 0 else sd.shape[dim]
    if idx.size != n_src:
        raise RuntimeError(f"index_reduce_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
                           f"({n_src}), for dim: {dim}")
    ss, cs = list(d.shape), list(sd.shape)
    if sd.ndim and d.ndim:
        del ss[dim], cs[dim]
    if ss != cs:
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(d.shape)} source.shape = {list(sd.shape)}")
    _beta_warning()  # (ATen warns once before its kernel checks the dtype and the bounds)
    if d.dtype.kind in "bc":
        raise NotImplementedError(f"\"index_func_\" not implemented for '{_tname(d)}'")
    idx = idx.reshape(-1).astype(np.intp)
    n = d.shape[dim] if d.ndim else 1
    if idx.size and ((idx < 0) | (idx >= n)).any():
        raise IndexError("index out of range in self")
    return idx


def _identity(reduce: str, dt: np.dtype):
    if reduce in ("prod", "mean"):
        return dt.type(1 if reduce == "prod" else 0)
    if dt.kind == "f":
        return dt.type(-np.inf if reduce == "amax" else np.inf)
    info = np.iinfo(dt)
    return dt.type(info.min if reduce == "amax" else info.max)


def _index_reduce_np(d, dim, idx, sd, reduce, include_self):
    """The forward on arrays (``dim`` moved first); mean divides by the counts (floor for integers)."""
    res = np.array(d, copy=True, order="C").reshape(d.shape or (1,))  # (ATen's structured output: contiguous)
    src = np.asarray(sd).reshape(sd.shape or (1,))
    rm, sm = np.moveaxis(res, dim, 0), np.moveaxis(src, dim, 0)
    if not include_self:
        rm[idx] = _identity(reduce, d.dtype)
    ufunc = {"prod": np.multiply, "mean": np.add, "amax": np.maximum, "amin": np.minimum}[reduce]  # NaN wins
    ufunc.at(rm, idx, sm)
    if reduce == "mean":
        cnt = np.full(rm.shape[0], 1 if include_self else 0, dtype=np.int64)
        np.add.at(cnt, idx, 1)
        cnt = np.maximum(cnt, 1).reshape((-1,) + (1,) * (rm.ndim - 1))
        rm[...] = rm / cnt if d.dtype.kind == "f" else np.floor_divide(rm, cnt)
    return res.reshape(d.shape)


class IndexReduceBackward0(Node):
    """PyTorch's ``index_reduce_backward`` (prod with zeros, mean counts, amax/amin ties shared evenly)."""
    __slots__ = ("dim", "index", "reduce", "include_self")

    def backward(self, g):
        x, src, r = self.saved()
        res = unpack_output(self, r)
        gx, gs = _index_reduce_grads(g, x, src, res, self.dim, self.index, self.reduce, self.include_self)
        e = self._edges
        return (gx if e[0] is not None else None), (gs if e[1] is not None else None)


def _index_reduce_grads(g, x, src, res, dim, index, reduce, include_self):
    from .shape_ext import index_add, index_fill, index_select
    if reduce == "prod":
        masked_self = x.masked_fill(x == 0, 1)
        gx = g * index_reduce(masked_self, dim, index, src, "prod", include_self=include_self) / masked_self
        src_zero = src == 0
        zeros = _make(np.zeros(np.shape(x._data), dtype=np.asarray(x._data).dtype))
        n_zeros = index_select(index_add(zeros, dim, index, src_zero.to(x.dtype)), dim, index)
        single = src_zero.logical_and(n_zeros == 1)
        masked_src_res = index_reduce(x, dim, index, src.masked_fill(single, 1), "prod", include_self=include_self)
        gs = _pw.where(single, index_select(g * masked_src_res, dim, index),
                       index_select(g * res, dim, index) / src.masked_fill(src_zero, 1))
    elif reduce == "mean":
        gd = np.asarray(g._data)
        base = _make(np.ones(gd.shape, gd.dtype) if include_self else np.zeros(gd.shape, gd.dtype))
        n = index_add(base, dim, index, _make(np.ones(np.shape(src._data), gd.dtype)))
        n = n.masked_fill(n == 0, 1)
        gx = g / n
        gs = index_select(g, dim, index) / index_select(n, dim, index)
    else:
        value = index_select(res, dim, index)
        self_is = (x == res).to(x.dtype)
        src_is = (src == value).to(x.dtype)
        dist = g / index_add(self_is, dim, index, src_is)
        gx = self_is * dist
        gs = src_is * index_select(dist, dim, index)
    if not include_self:
        gx = index_fill(gx, dim, index, 0)
    return gx, gs


def index_reduce(input: Tensor, dim: int = NP_UNSET, index: Tensor = NP_UNSET, source: Tensor = NP_UNSET,
                 reduce: str = NP_UNSET, *, include_self: bool = True, out: Tensor | None = None,
                 axis=NP_UNSET) -> Tensor:
    """``torch.index_reduce``: reduce slices of ``source`` into ``input`` at ``index`` along ``dim``.

    ``reduce`` is prod/mean/amax/amin (mean floor-divides integers); ``include_self=False`` ignores the
    indexed slices of ``input``.  Errors, the one-time beta warning and ``IndexReduceBackward0`` as PyTorch.
    """
    if dim is NP_UNSET or index is NP_UNSET or source is NP_UNSET or reduce is NP_UNSET or axis is not NP_UNSET:
        dim = numpy_required('index_reduce', axis, dim=dim, index=index, source=source, reduce=reduce)
    if dim.__class__ is not int or input.__class__ is not Tensor or index.__class__ is not Tensor or \
            source.__class__ is not Tensor:
        from .shape_ext import _arg_type_error  # PyTorch's parser error for a list index (not AttributeError)
        err = _arg_type_error("index_reduce", input, ("dim", "index", "source", "reduce"), (dim, index, source),
                              ("int", "Tensor", "Tensor"))
        if err is not None:
            raise err
    from .shape_ext import _wrap
    if reduce not in _REDUCES:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    d = np.asarray(input._data)
    dim = _wrap(dim, d.ndim)
    sd = np.asarray(source._data)
    idx = _index_reduce_checks(d, dim, index, sd)
    _beta_warning()
    data = _as_data(_index_reduce_np(d, dim, idx, sd, reduce, include_self))
    if not needs_grad(input, source):
        return write_out(out, _make(data))
    node = IndexReduceBackward0((input, source))  # (the index gets no edge)
    node.dim, node.index, node.reduce, node.include_self = dim, index, reduce, include_self
    res = finish(data, node)
    node.save(input, source, saved_output(node, res))
    return write_out(out, res)


TENSOR_METHODS = {"i0": i0, "polygamma": _polygamma_method, "mvlgamma": _mvlgamma_method,
                  "mvlgamma_": _mvlgamma_inplace, "igamma": _igamma_method, "igammac": _igammac_method,
                  "index_reduce": index_reduce}
INPLACE_METHODS = {"i0_": i0, "polygamma_": _polygamma_inplace_op, "igamma_": _igamma_method,
                   "igammac_": _igammac_method, "index_reduce_": index_reduce}
