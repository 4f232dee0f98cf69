"""Activation functions of ``torch.nn.functional``.

Each fused activation records the node PyTorch records (``GeluBackward0``,
``LeakyReluBackward0``, ``EluBackward0`` ...; in-place variants that save
their output use the ``...Backward1`` names).  Transcendental forwards are
evaluated in float64 and rounded to the input dtype, so float32 stays
float32.  Backward formulas are ember tensor ops: nodes call PyTorch's
differentiable backward kernels (``hardtanh_backward``, ``elu_backward`` ...
in ``ember/autograd/_backward_ops.py``), so a gradient taken with
``create_graph=True`` records PyTorch's ``...BackwardBackward0`` node and can
be differentiated again; raw ``vjp`` fast paths serve plain ``backward()``.
"""
from __future__ import annotations

import functools
import math
import warnings
from typing import Optional

import numpy as np

from ... import _dtype as D
from ..._tensor import Tensor, _make
from ...autograd.grad_mode import STATE as GRAD
from ...autograd.graph import Node
from ...ops._layout import row_major
from ...backend.fma import fma
from ...ops._common import finish, needs_grad, saved_output, unpack_output, via_float32
from ...ops import pointwise as _pw
from ...ops.inplace import apply_inplace
from ._special import erf as _erf
from ._util import no_method, not_tensor

__all__ = ["relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "selu_", "celu", "celu_",
           "gelu", "silu", "mish", "softplus", "sigmoid", "tanh", "hardtanh", "hardtanh_", "softmax", "log_softmax",
           "softmin", "softsign", "hardsigmoid", "hardswish", "prelu", "threshold", "threshold_", "glu",
           "tanhshrink", "logsigmoid", "softshrink", "hardshrink", "rrelu", "rrelu_"]

_SQRT1_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_K_BETA = math.sqrt(2.0) * (2.0 / math.sqrt(math.pi)) * 0.5
_K_KAPPA = 0.044715
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _float_data(x: Tensor, name: str, complex_ok: bool = False):
    """``x``'s array, or the dispatch error of a CPU kernel named ``name`` compiled for
    real floating types (and complex ones with ``complex_ok``)."""
    d = x._data
    if d.dtype.kind != "f" and not (complex_ok and d.dtype.kind == "c"):
        from .basic import _word
        raise NotImplementedError(f"\"{name}\" not implemented for '{_word(x)}'")
    return d


def _tr(fn, v):
    """A transcendental ``fn`` correctly rounded to ``v``'s dtype (float32 via float64; complex
    values in their own dtype)."""
    if v.dtype == np.float64 or v.dtype.kind == "c":
        return fn(v)
    return fn(v.astype(np.float64)).astype(v.dtype)


def _pipe(fn, d):
    """Run ``fn(v, c)`` on ``d`` as an array in its own dtype; ``c(const)`` casts constants.

    float16 runs in float32 and is rounded once at the end, as PyTorch's CPU kernels compute
    Half (in its "opmath" type, float)."""
    is_arr = d.__class__ is np.ndarray
    v = np.asarray(d)
    dt = v.dtype
    if dt == np.float16:
        v = v.astype(np.float32)
    t = v.dtype.type
    with np.errstate(all="ignore"):
        r = np.asarray(fn(v, t)).astype(dt)
    return r if (is_arr and r.ndim) else r[()]


def _kernel(fn):
    """A fused ATen backward kernel ``fn(g, x, *params)`` on arrays of one float dtype.

    float16 runs in float32 (Half's opmath type) and is rounded once, as ATen
    does.  Returns None (the node's tensor ``backward`` then runs) for other
    operand kinds."""
    @functools.wraps(fn)
    def run(g, x, *params):
        if g.__class__ is not np.ndarray or x.__class__ is not np.ndarray or g.dtype != x.dtype \
                or x.dtype.kind != "f":
            return None
        if x.dtype == np.float16:
            return via_float32(lambda g32, x32: fn(g32, x32, *params), g, x)
        return fn(g, x, *params)
    return run


def _vjp_of(kernel, g, saved, *params):
    """``(kernel(g, saved, *params),)``, or None to let the node's ``backward`` run."""
    r = kernel(np.asarray(g), np.asarray(saved._data), *params)
    return None if r is None else (r,)


def _record(x: Tensor, data, node_cls, save: str, attrs: dict, extra_inputs=()):
    if GRAD.enabled and (x._rg or any(isinstance(t, Tensor) and t._rg for t in extra_inputs)):
        node = node_cls((x,) + tuple(extra_inputs))
        for k, v in attrs.items():
            setattr(node, k, v)
        res = finish(data, node)
        if save == "in":
            node.save(x, *extra_inputs)
        elif save == "out":
            node.save(saved_output(node, res))
        return res
    return _make(data)


def _inplace(x: Tensor, fn, *args):
    return apply_inplace(x, lambda s, *a: fn(s, *a), *args)


def _inplace_original(x: Tensor, fn) -> Tensor:
    """In place for an op whose node saves its input: as PyTorch records it, the node keeps ``self``'s
    edge and saves ``original_self``, a (recorded) clone of ``self`` taken before the write, so double
    backward reaches ``self`` through ``CloneBackward0``."""
    def run(s):
        r = fn(s)
        node = r.grad_fn
        saved = node._saved if node is not None else None
        if saved and any(t is s for t in saved):
            node.save(*(s.clone() if t is s else t for t in saved))
        return r
    return apply_inplace(x, run)


# ------------------------------------------------------------------- relu
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(x, 0)`` (``ReluBackward0``)."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "relu_" if inplace else "relu")
    if inplace:
        return input.relu_()
    return _pw.relu(input)


def relu_(input: Tensor) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "relu_")
    return input.relu_()


# ------------------------------------------------------------- leaky relu
class LeakyReluBackward0(Node):
    __slots__ = ("negative_slope",)

    def backward(self, g):
        from ...autograd._backward_ops import leaky_relu_backward  # LeakyReluBackwardBackward0 under create_graph
        (x,) = self.saved()
        return leaky_relu_backward(g, x, self.negative_slope)

    def vjp(self, g):
        return _vjp_of(_leaky_grad, g, self.saved()[0], self.negative_slope)


@_kernel
def _leaky_grad(g, x, slope):
    """ATen's ``leaky_relu_backward``: ``x > 0 ? g : g * slope``."""
    return np.where(x > 0, g, g * x.dtype.type(slope))


class LeakyReluBackward1(Node):
    __slots__ = ("negative_slope",)

    def backward(self, g):
        from ...autograd._backward_ops import leaky_relu_backward  # LeakyReluBackwardBackward0 under create_graph
        (r,) = self.saved()
        return leaky_relu_backward(g, unpack_output(self, r), self.negative_slope)

    def vjp(self, g):
        return _vjp_of(_leaky_grad, g, self.saved()[0], self.negative_slope)


def _leaky(x: Tensor, slope: float, node_cls, save: str) -> Tensor:
    data = _pipe(lambda v, c: np.where(v > 0, v, v * c(slope)), x._data)
    return _record(x, data, node_cls, save, {"negative_slope": slope})


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``max(x, 0) + negative_slope * min(x, 0)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "leaky_relu_" if inplace else "leaky_relu")
    _float_data(input, "leaky_relu_cpu")
    if inplace:
        return _inplace(input, lambda s: _leaky(s, negative_slope, LeakyReluBackward1, "out"))
    return _leaky(input, negative_slope, LeakyReluBackward0, "in")


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    return leaky_relu(input, negative_slope, True)


# --------------------------------------------------------------- elu family
class EluBackward0(Node):
    __slots__ = ("alpha", "scale", "input_scale")

    def backward(self, g):
        from ...autograd._backward_ops import elu_backward  # EluBackwardBackward0 under create_graph
        (x,) = self.saved()
        return elu_backward(g, self.alpha, self.scale, self.input_scale, False, x)

    def vjp(self, g):
        return _vjp_of(_elu_grad, g, self.saved()[0], self.alpha, self.scale, self.input_scale)


@_kernel
def _elu_grad(g, x, alpha, scale, input_scale):
    """ATen's ``elu_backward`` from the input: ``x <= 0 ? g * ipt * negcoef * exp(x * ipt) : g * scale``
    with ``negcoef = alpha * scale`` rounded in the op dtype."""
    t = x.dtype.type
    ipt = t(input_scale)
    return np.where(x <= 0, g * ipt * (t(alpha) * t(scale)) * _exp_rounded(x * ipt), g * t(scale))


@_kernel
def _elu_result_grad(g, r, alpha, scale, input_scale):
    """ATen's ``elu_backward`` from the output: ``r <= 0 ? g * ipt * (r + negcoef) : g * scale``."""
    t = r.dtype.type
    return np.where(r <= 0, g * t(input_scale) * (r + t(alpha) * t(scale)), g * t(scale))


class EluBackward1(Node):
    __slots__ = ("alpha", "scale", "input_scale")

    def backward(self, g):
        from ...autograd._backward_ops import elu_backward  # EluBackwardBackward0 under create_graph
        (r,) = self.saved()
        return elu_backward(g, self.alpha, self.scale, self.input_scale, True, unpack_output(self, r))

    def vjp(self, g):
        return _vjp_of(_elu_result_grad, g, self.saved()[0], self.alpha, self.scale, self.input_scale)


class CeluBackward0(EluBackward0):
    __slots__ = ()


class CeluBackward1(EluBackward1):
    __slots__ = ()


def _elu(x: Tensor, alpha: float, scale: float, input_scale: float, node_cls, save: str, name: str,
         grad_input_scale: Optional[float] = None) -> Tensor:
    d = _float_data(x, name)
    data = _pipe(lambda v, c: np.where(v > 0, v * c(scale), _tr(np.expm1, v * c(input_scale)) * c(alpha * scale)), d)
    if grad_input_scale is None:
        grad_input_scale = input_scale
    return _record(x, data, node_cls, save, {"alpha": alpha, "scale": scale, "input_scale": grad_input_scale})


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "elu_" if inplace else "elu")
    # (``scale``/``input_scale``: ATen's ``Scalar`` defaults, the int 1, as ``grad_fn._saved_scale`` shows)
    if inplace:
        return _inplace(input, lambda s: _elu(s, alpha, 1, 1, EluBackward1, "out", "elu_cpu"))
    return _elu(input, alpha, 1, 1, EluBackward0, "in", "elu_cpu")


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return elu(input, alpha, True)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "selu_" if inplace else "selu")
    if inplace:
        return _inplace(input, lambda s: _elu(s, _SELU_ALPHA, _SELU_SCALE, 1, EluBackward1, "out", "elu_cpu"))
    return _elu(input, _SELU_ALPHA, _SELU_SCALE, 1, EluBackward0, "in", "elu_cpu")


def selu_(input: Tensor) -> Tensor:
    return selu(input, True)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "celu_" if inplace else "celu")
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    # derivatives.yaml differentiates celu with input scale 1.0 / alpha.toFloat(): alpha rounded to float
    grad_scale = 1.0 / float(np.float32(alpha))
    if inplace:
        return _inplace(input, lambda s: _elu(s, alpha, 1.0, 1.0 / alpha, CeluBackward1, "out", "elu_cpu", grad_scale))
    return _elu(input, alpha, 1.0, 1.0 / alpha, CeluBackward0, "in", "elu_cpu", grad_scale)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return celu(input, alpha, True)


# ------------------------------------------------------------------- gelu
_AS_P = 0.3275911
_AS_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _fma(a, b, c):
    return a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64) if hasattr(c, "astype") else \
        a.astype(np.float64) * b.astype(np.float64) + c


def _gelu_erf_f32(v, c):
    """float32 GELU as PyTorch's CPU (oneDNN) kernel evaluates it: ``h + h * erf(x / sqrt 2)``, ``h = x / 2``,
    with erf from the Abramowitz-Stegun 7.1.26 formula; agrees with PyTorch bit for bit far more often
    than a correctly rounded result does (and gives +0.0, not -0.0, in the far negative tail)."""
    dt = v.dtype
    s = (v * c(_SQRT1_2)).astype(dt)
    ax = np.abs(s)
    t = (c(1) / _fma(ax, np.full_like(ax, c(_AS_P)), 1.0).astype(dt)).astype(dt)
    poly = np.full_like(ax, c(_AS_A[4]))
    for k in (3, 2, 1, 0):
        poly = _fma(poly, t, float(c(_AS_A[k]))).astype(dt)
    poly = (poly * t).astype(dt)
    e = _tr(np.exp, -(ax * ax).astype(dt))
    erfv = (c(1) - (poly * e).astype(dt)).astype(dt)
    erfv = np.where(np.signbit(s), -erfv, erfv)
    h = (v * c(0.5)).astype(dt)
    return _fma(h, erfv, h)


def _gelu_erf_grad_f32(x: np.ndarray) -> np.ndarray:
    """d gelu / dx for float32 as PyTorch's CPU (oneDNN) backward kernel evaluates it, each step
    rounded to float32: ``r = x / sqrt 2``, ``q = exp(-r * r)``, ``w = 1 / (p |r| + 1)``,
    ``erf = sign(r) (1 - (q w) P(w))`` (the forward's Abramowitz-Stegun polynomial),
    ``t = r (q / sqrt pi)`` and ``d = ((1 + 2t) + erf) / 2``.  Bit-equal to PyTorch's in ~80% of
    elements (its ``exp`` is its own), and +0.0 where PyTorch's is (``x`` below about -6.15: ``2t``
    vanishes next to 1), where the exact derivative is a tiny negative number."""
    f32, one = np.float32, np.float32(1)
    r = (x * f32(_SQRT1_2)).astype(f32)
    q = np.exp(np.negative(r * r), dtype=np.float64).astype(f32)
    ar = np.abs(r)
    w = (one / _fma(ar, np.full_like(ar, f32(_AS_P)), 1.0).astype(f32)).astype(f32)
    poly = np.full_like(ar, f32(_AS_A[4]))
    for k in (3, 2, 1, 0):
        poly = _fma(poly, w, float(f32(_AS_A[k]))).astype(f32)
    erf = np.asarray(_fma(np.negative(q * w), poly, 1.0).astype(f32))  # (0-d: an array, for out=)
    np.negative(erf, out=erf, where=np.signbit(r))
    t = (r * (q * f32(1 / math.sqrt(math.pi)))).astype(f32)
    d = ((one + t * f32(2)) + erf).astype(f32)
    return d * f32(0.5)


class GeluBackward0(Node):
    __slots__ = ("approximate",)

    def backward(self, g):
        from ...autograd._backward_ops import gelu_backward  # GeluBackwardBackward0 under create_graph
        (x,) = self.saved()
        return gelu_backward(g, x, self.approximate)

    def vjp(self, g):
        r = _gelu_grad(g, np.asarray(self.saved()[0]._data), self.approximate)
        return None if r is None else (r,)


def _gelu_tanh_grad_f32(x: np.ndarray) -> np.ndarray:
    """d gelu(approximate='tanh') / dx for float32 in ATen's float steps (``tanh`` rounded once):
    ``0.5 (1 + t) + (0.5 x) (1 - t t) (beta (1 + 3 kappa x^2))``, ``t = tanh(beta (x + kappa x^3))``;
    twice as often bit-equal to PyTorch as the float64 formula, and 0 where PyTorch's cancels to 0."""
    f32 = np.float32
    x_sq = x * x
    inner = f32(_K_BETA) * (x + f32(_K_KAPPA) * (x_sq * x))
    t = np.asarray(np.tanh(inner, dtype=np.float64)).astype(f32)
    right_d = (f32(0.5) * x) * (f32(1) - t * t) * (f32(_K_BETA) * (f32(1) + f32(3) * f32(_K_KAPPA) * x_sq))
    return f32(0.5) * (f32(1) + t) + right_d


def _gelu_grad(g, xd, approximate):
    """``aten.gelu_backward`` on arrays (None for non-float input: the tensor formula runs)."""
    if xd.dtype.kind != "f":
        return None
    if xd.dtype == np.float32:
        return g * (_gelu_tanh_grad_f32(xd) if approximate == "tanh" else _gelu_erf_grad_f32(xd))
    v = xd.astype(np.float64)
    if approximate == "tanh":
        inner = _K_BETA * (v + _K_KAPPA * v * v * v)
        t = np.tanh(inner)
        d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * _K_BETA * (1 + 3 * _K_KAPPA * v * v)
    else:
        d = 0.5 * (1.0 + _erf(v * _SQRT1_2)) + v * np.exp(-0.5 * v * v) * _INV_SQRT_2PI
    return g * d.astype(xd.dtype)


def _gelu_grad_formula(g: Tensor, x: Tensor, approximate: str) -> Tensor:
    """``gelu_backward`` in tensor ops (for operands ``_gelu_grad`` declines)."""
    if approximate == "tanh":
        x_sq = x * x
        inner = (x + x_sq * x * _K_KAPPA) * _K_BETA
        t = inner.tanh()
        left = x * 0.5
        right = t + 1
        left_d = right * 0.5
        right_d = (1 - t * t) * ((x_sq * (3 * _K_KAPPA) + 1) * _K_BETA)
        return g * (left_d + left * right_d)
    from ...ops.special import erf
    cdf = (erf(x * _SQRT1_2) + 1) * 0.5
    pdf = (x * x * -0.5).exp() * _INV_SQRT_2PI
    return g * (cdf + x * pdf)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit; ``approximate='tanh'`` for the tanh formula."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "gelu")
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    d = _float_data(input, "GeluKernelImpl")
    if approximate == "tanh":
        fn = lambda v, c: c(0.5) * v * (c(1) + _tr(np.tanh, c(_K_BETA) * (v + c(_K_KAPPA) * (v * v * v))))
    elif np.asarray(d).dtype == np.float64:
        fn = lambda v, c: v * c(0.5) * (c(1) + _erf(v * c(_SQRT1_2)))
    else:
        fn = _gelu_erf_f32
    return _record(input, _pipe(fn, d), GeluBackward0, "in", {"approximate": approximate})


# ------------------------------------------------------------ silu / mish
class SiluBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        # PyTorch under grad mode: infinitely_differentiable_silu_backward,
        # ``grad_output * sigmoid * (1.0 + input * (1.0 - sigmoid))`` (C++'s ``1.0 - t`` and ``1.0 + t``)
        from ...autograd._backward_ops import _number_minus
        (x,) = self.saved()
        s = x.sigmoid()
        return g * s * _pw.add_scalar(x * _number_minus(1.0, s), 1.0)

    def vjp(self, g):
        return _vjp_of(_silu_grad, g, self.saved()[0])


def _exp_rounded(v):
    """``exp(v)`` rounded once from float64 (Sleef's, which PyTorch uses, in ~99% of elements)."""
    return np.exp(v) if v.dtype == np.float64 else np.exp(v, dtype=np.float64).astype(v.dtype)


@_kernel
def _silu_grad(g, x):
    """ATen's ``silu_backward`` kernel: ``s = 1 / (1 + exp(-x))``, ``g * s * (1 + x * (1 - s))``
    with the compiler's FMA for ``1 + x * (1 - s)``."""
    dt = x.dtype
    one = dt.type(1)
    s = one / (one + _exp_rounded(-x))
    return g * s * fma(x, one - s, one, dt)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "silu_" if inplace else "silu")
    if inplace:
        return _inplace_original(input, silu)
    d = _float_data(input, "silu_cpu", complex_ok=True)
    if d.dtype.kind == "c" and needs_grad(input):
        raise RuntimeError("silu does not support automatic differentiation for outputs with complex dtype.")
    return _record(input, _pipe(lambda v, c: v / (c(1) + _tr(np.exp, -v)), d), SiluBackward0, "in", {})


class MishBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        # PyTorch under grad mode: infinitely_differentiable_mish_backward,
        # ``grad_output * (tanh_softplus + input * sigmoid * (1.0 - tanh_softplus * tanh_softplus))``
        # with ``softplus = input.exp().log1p()``
        from ...autograd._backward_ops import _number_minus
        (x,) = self.saved()
        s = x.sigmoid()
        t = x.exp().log1p().tanh()
        return g * (t + x * s * _number_minus(1.0, t * t))

    def vjp(self, g):
        return _vjp_of(_mish_grad, g, self.saved()[0])


@_kernel
def _mish_grad(g, x):
    """ATen's ``mish_backward``: ``t = tanh(log1p(exp(x)))``, ``g * (t + x * sigmoid(x) * (1 - t*t))``
    with the compiler's two FMAs."""
    dt = x.dtype
    one = dt.type(1)
    s = one / (one + _exp_rounded(-x))
    t = _exp_rounded(x)
    if dt != np.float64:  # log1p and tanh rounded once from float64, as for exp
        t = np.tanh(np.log1p(t, dtype=np.float64).astype(dt), dtype=np.float64).astype(dt)
    else:
        t = np.tanh(np.log1p(t))
    return g * fma(x * s, fma(-t, t, one, dt), t, dt)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "mish_" if inplace else "mish")
    if inplace:
        return _inplace_original(input, mish)
    d = _float_data(input, "mish_cpu")
    fn = lambda v, c: v * _tr(np.tanh, _tr(np.log1p, _tr(np.exp, v)))
    return _record(input, _pipe(fn, d), MishBackward0, "in", {})


# --------------------------------------------------------------- softplus
class SoftplusBackward0(Node):
    __slots__ = ("beta", "threshold")

    def backward(self, g):
        from ...autograd._backward_ops import softplus_backward  # SoftplusBackwardBackward0 under create_graph
        (x,) = self.saved()
        return softplus_backward(g, x, self.beta, self.threshold)

    def vjp(self, g):
        return _vjp_of(_softplus_grad, g, self.saved()[0], self.beta, self.threshold)


@_kernel
def _softplus_grad(g, x, beta, threshold):
    """ATen's ``softplus_backward``: ``z = exp(x * beta)``, ``x * beta > threshold ? g : g * z / (z + 1)``."""
    t = x.dtype.type
    xb = x * t(beta)
    z = _exp_rounded(xb)
    return np.where(xb > t(threshold), g, g * z / (z + t(1)))


def softplus(input: Tensor, beta: float = 1, threshold: float = 20) -> Tensor:
    """``log(1 + exp(beta x)) / beta`` (linear above ``threshold``); the defaults are ATen's ``Scalar``
    ints, as ``grad_fn._saved_beta``/``_saved_threshold`` show."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "softplus")
    d = _float_data(input, "softplus_cpu")
    fn = lambda v, c: np.where(v * c(beta) > c(threshold), v, _tr(np.log1p, _tr(np.exp, v * c(beta))) / c(beta))
    return _record(input, _pipe(fn, d), SoftplusBackward0, "in", {"beta": beta, "threshold": threshold})


# ------------------------------------------------------ sigmoid / tanh
def sigmoid(input: Tensor) -> Tensor:
    if input.__class__ is not Tensor:  # PyTorch's functional is ``input.sigmoid()``
        no_method(input, "sigmoid")
    return _pw.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    if input.__class__ is not Tensor:  # PyTorch's functional is ``input.tanh()``
        no_method(input, "tanh")
    return _pw.tanh(input)


# ---------------------------------------------------------------- hardtanh
class HardtanhBackward0(Node):
    __slots__ = ("min_val", "max_val")

    def backward(self, g):
        # PyTorch: (x <= min || x >= max) ? 0 : grad -- a NaN input passes the gradient
        from ...autograd._backward_ops import hardtanh_backward  # HardtanhBackwardBackward0 under create_graph
        (x,) = self.saved()
        return hardtanh_backward(g, x, self.min_val, self.max_val)

    def vjp(self, g):
        (x,) = self.saved()
        xd = x._data
        g = np.asarray(g)
        out = np.where((xd <= self.min_val) | (xd >= self.max_val), g.dtype.type(0), g)
        return (out if out.ndim else out[()],)


def _hardtanh(x: Tensor, min_val, max_val) -> Tensor:
    d = x._data
    data = np.clip(d, d.dtype.type(min_val) if d.dtype.kind == "f" else min_val,
                   d.dtype.type(max_val) if d.dtype.kind == "f" else max_val)
    data = np.asarray(data).astype(d.dtype)
    if d.__class__ is not np.ndarray:
        data = data[()]
    return _record(x, data, HardtanhBackward0, "in", {"min_val": min_val, "max_val": max_val})


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    """Clamp to ``[min_val, max_val]``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "hardtanh_" if inplace else "hardtanh")
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    dt = input._data.dtype
    if dt == np.bool_:
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if dt.kind == "u" and (min_val < 0 or max_val < 0):
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    if dt.kind == "c":
        raise NotImplementedError("clamp is not supported for complex types")
    if inplace:
        return _inplace_original(input, lambda s: _hardtanh(s, min_val, max_val))
    return _hardtanh(input, min_val, max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    return hardtanh(input, min_val, max_val, True)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(x, 0), 6)`` (``HardtanhBackward0``)."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "relu6_" if inplace else "relu6")
    return hardtanh(input, 0.0, 6.0, inplace)


# --------------------------------------------------------------- threshold
class ThresholdBackward0(Node):
    __slots__ = ("threshold",)

    def backward(self, g):
        # PyTorch: x <= threshold ? 0 : grad (ThresholdBackwardBackward0 under create_graph)
        from ...autograd._backward_ops import threshold_backward
        (x,) = self.saved()
        return threshold_backward(g, x, self.threshold)


class ThresholdBackward1(ThresholdBackward0):
    """``threshold_``: the same rule on ``original_self`` (its result cannot tell ``x <= threshold`` when
    ``value > threshold``)."""

    __slots__ = ()


def _threshold(x: Tensor, threshold, value, node_cls, save) -> Tensor:
    d = x._data
    if d.dtype == np.bool_ or d.dtype.kind == "c":
        from .basic import _word
        raise NotImplementedError(f"\"threshold_cpu\" not implemented for '{_word(x)}'")
    data = np.where(d <= threshold, value, d).astype(d.dtype)  # PyTorch: x <= threshold ? value : x
    if d.__class__ is not np.ndarray:
        data = data[()]
    return _record(x, data, node_cls, save, {"threshold": threshold})


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``x if x > threshold else value``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "threshold_" if inplace else "threshold")
    if inplace:
        return _inplace_original(input, lambda s: _threshold(s, threshold, value, ThresholdBackward1, "in"))
    return _threshold(input, threshold, value, ThresholdBackward0, "in")


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    return globals()["threshold"](input, threshold, value, True)


# ------------------------------------------------------- hard sigmoid/swish
# ATen's hardsigmoid_backward multiplies by ``1.0f / 6.0f``, a float constant, in every dtype
_ONE_SIXTH_F = float(np.float32(1.0 / 6.0))


class HardsigmoidBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        # PyTorch: -3 < x < 3 ? grad / 6 : 0; under create_graph a NotImplemented node, as in PyTorch
        from ...autograd._backward_ops import hardsigmoid_backward
        (x,) = self.saved()
        return hardsigmoid_backward(g, x)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``relu6(x + 3) / 6``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "hardsigmoid_" if inplace else "hardsigmoid")
    if inplace:
        return _inplace_original(input, hardsigmoid)
    d = _float_data(input, "hardsigmoid_cpu")
    fn = lambda v, c: np.minimum(np.maximum(v + c(3), c(0)), c(6)) / c(6)
    return _record(input, _pipe(fn, d), HardsigmoidBackward0, "in", {})


class HardswishBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        # PyTorch's kernel: x <= -3 -> 0, x < 3 -> grad * (x / 3 + 1/2), else (x >= 3 or NaN) grad
        from ...autograd._backward_ops import hardswish_backward  # HardswishBackwardBackward0 under create_graph
        (x,) = self.saved()
        return hardswish_backward(g, x)

    def vjp(self, g):
        return _vjp_of(_hardswish_grad, g, self.saved()[0])


@_kernel
def _hardswish_grad(g, x):
    """ATen's ``hardswish_backward``: ``x <= -3 ? 0 : x < 3 ? g * (x / 3 + 0.5) : g``."""
    t = x.dtype.type
    return np.where(x <= -3, t(0), np.where(x < 3, g * (x / t(3) + t(0.5)), g))


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * relu6(x + 3) / 6``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "hardswish_" if inplace else "hardswish")
    if inplace:
        return _inplace_original(input, hardswish)
    d = _float_data(input, "hardswish_cpu")
    fn = lambda v, c: v * np.minimum(np.maximum(v + c(3), c(0)), c(6)) / c(6)
    return _record(input, _pipe(fn, d), HardswishBackward0, "in", {})


# ------------------------------------------------------------- logsigmoid
class LogSigmoidBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        from ...autograd._backward_ops import log_sigmoid_backward  # LogSigmoidBackwardBackward0 under create_graph
        (x,) = self.saved()
        return log_sigmoid_backward(g, x)

    def vjp(self, g):
        (x,) = self.saved()
        x = x._data
        if not isinstance(x, (np.ndarray, np.generic)) or g.dtype != x.dtype or x.dtype.kind != "f":
            return None  # (other devices: the tensor formula)
        return (_logsigmoid_grad(g, np.asarray(x)),)


def _logsigmoid_grad(g, x):
    """ATen's ``log_sigmoid_backward`` kernel: with ``z = exp(-|x|)`` (the forward's buffer, in the
    input dtype), ``g * (m - s * (z / (1 + z)))``, ``m, s = (1, 1)`` for ``x < 0`` else ``(0, -1)``;
    float16 in float32 from the float16 buffer."""
    dt = x.dtype
    wd = np.float32 if dt == np.float16 else dt.type
    z = np.exp(-np.abs(x).astype(np.float64)).astype(dt).astype(wd)
    gw = g.astype(wd)
    neg = x < 0
    one = wd(1)
    r = gw * (np.where(neg, one, wd(0)) - np.where(neg, one, -one) * (z / (one + z)))
    return r.astype(dt)


def logsigmoid(input: Tensor) -> Tensor:
    """``log(sigmoid(x))`` computed stably."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "log_sigmoid")
    d = row_major(_float_data(input, "log_sigmoid_cpu"))  # (ATen's kernel writes a contiguous result)
    fn = lambda v, c: np.minimum(v, c(0)) - _tr(np.log1p, _tr(np.exp, -np.abs(v)))
    return _record(input, _pipe(fn, d), LogSigmoidBackward0, "in", {})


# --------------------------------------------------------------- shrinks
class SoftshrinkBackward0(Node):
    __slots__ = ("lambd",)

    def backward(self, g):
        # PyTorch: (x >= -lambd && x <= lambd) ? 0 : grad -- a NaN input passes the gradient
        from ...autograd._backward_ops import softshrink_backward  # SoftshrinkBackwardBackward0 under create_graph
        (x,) = self.saved()
        return softshrink_backward(g, x, self.lambd)


class HardshrinkBackward0(SoftshrinkBackward0):
    __slots__ = ()

    def backward(self, g):
        from ...autograd._backward_ops import hardshrink_backward  # HardshrinkBackwardBackward0 under create_graph
        (x,) = self.saved()
        return hardshrink_backward(g, x, self.lambd)


_SHRINK_RANGE = {np.dtype(np.float32): ("3.40282e+38", "Float"), np.dtype(np.float64): ("1.79769e+308", "Double"),
                 np.dtype(np.float16): ("65504", "Half")}


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "softshrink")
    d = _float_data(input, "softshrink_check")
    hi = _SHRINK_RANGE.get(d.dtype)
    if hi is not None and not (0 <= lambd <= float(np.finfo(d.dtype).max)):
        raise RuntimeError(f"lambda must be in range [0, {hi[0]}] for input dtype {hi[1]}, but found {float(lambd):g}")
    def fn(v, c):
        # PyTorch's AVX2 loop writes +0.0 in the vectorised body and ``x * 0`` (-0.0 for x < 0) in the tail
        zero = (v * c(0)).reshape(-1)
        body = zero.size - zero.size % (64 // v.dtype.itemsize)
        zero[:body] = 0
        zero = zero.reshape(v.shape)
        return np.where(v > c(lambd), v - c(lambd), np.where(v < -c(lambd), v + c(lambd), zero))
    return _record(input, _pipe(fn, d), SoftshrinkBackward0, "in", {"lambd": lambd})


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "hardshrink")
    d = _float_data(input, "hardshrink_cpu")
    data = np.where((d >= -lambd) & (d <= lambd), 0, d).astype(d.dtype)  # NaN stays NaN, as in PyTorch
    if d.__class__ is not np.ndarray:
        data = data[()]
    return _record(input, data, HardshrinkBackward0, "in", {"lambd": lambd})


def softsign(input: Tensor) -> Tensor:
    """``x / (1 + |x|)`` (composite: ``DivBackward0``)."""
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    """``x - tanh(x)`` (composite: ``SubBackward0``)."""
    return input - input.tanh()


# ------------------------------------------------------------------- prelu
class PreluKernelBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        from ...autograd._backward_ops import prelu_kernel_backward  # PreluKernelBackwardBackward0 (create_graph)
        x, w = self.saved()
        e = self._edges
        gx, gw = prelu_kernel_backward(g, x, w)
        return gx if e[0] is not None else None, gw if e[1] is not None else None

    def vjp(self, g):
        x, w = self.saved()
        e = self._edges
        xd, wd = x._data, w._data
        g = np.asarray(g)
        pos = xd > 0
        gx = np.where(pos, g, g * wd) if e[0] is not None else None
        gw = np.where(pos, g.dtype.type(0), g * xd) if e[1] is not None else None
        return gx, gw


def _prelu_checks(input, weight) -> None:
    """ATen ``prelu``'s argument checks, in its order: a Tensor weight of the input's dtype, a
    weight of one element or one per channel, at most 1-D, and a real floating dtype."""
    if not isinstance(weight, Tensor):
        raise TypeError(f"prelu(): argument 'weight' (position 2) must be Tensor, not {type(weight).__name__}")
    xd, wd = input._data, weight._data
    if xd.dtype != wd.dtype:
        from .basic import _word
        raise RuntimeError(f"prelu: Type promoting not supported. Got {_word(input)} and {_word(weight)}")
    nd = np.ndim(xd)
    wn = int(np.size(wd))
    if wn != 1:
        if nd == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = xd.shape[1] if nd >= 2 else 1
        if wn != channels:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = {wn} "
                               f"and channel size = {channels}.")
    if np.ndim(wd) > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {np.ndim(wd)}")
    if xd.dtype.kind != "f":
        from .basic import _word
        raise NotImplementedError(f"\"prelu_cpu\" not implemented for '{_word(input)}'")


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``max(0, x) + weight * min(0, x)`` with a per-channel ``weight`` (``PreluKernelBackward0``)."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "prelu")
    _prelu_checks(input, weight)
    xd = input._data
    nd = np.ndim(xd)
    wn = int(np.size(weight._data))
    if weight.dim() != nd:  # ATen's prelu: weight viewed as (1, C, 1, ...), or as self's rank of ones
        weight = weight.reshape(((1, wn) + (1,) * (nd - 2)) if nd >= 2 else (1,) * nd)
    wd = weight._data
    data = np.where(xd > 0, xd, xd * wd).astype(np.result_type(xd, wd))
    if xd.__class__ is not np.ndarray and np.ndim(data) == 0:
        data = np.asarray(data)[()]
    if needs_grad(input, weight):
        node = PreluKernelBackward0((input, weight))
        node.save(input, weight)
        return finish(data, node)
    return _make(data)


# -------------------------------------------------------------------- glu
class GluBackward0(Node):
    __slots__ = ("dim",)

    def backward(self, g):
        # ATen's glu_backward kernel: [g * s, ((1 - s) * s * a) * g] (GluBackwardBackward0 under create_graph)
        from ...autograd._backward_ops import glu_backward
        (x,) = self.saved()
        return glu_backward(g, x, self.dim)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """Gated linear unit: ``a * sigmoid(b)`` for the two halves of ``dim``."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    nd = input.dim()
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})")
    dim = dim % nd
    size = input.shape[dim]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {size}")
    d = _float_data(input, "glu_cpu")
    a, b = np.split(np.asarray(d), 2, axis=dim)
    if d.dtype == np.float16:   # PyTorch's kernel computes half in float and rounds once
        a, b = a.astype(np.float32), b.astype(np.float32)
    t = a.dtype.type
    with np.errstate(all="ignore"):
        data = (a * (t(1) / (t(1) + _tr(np.exp, -b)))).astype(d.dtype)
    return _record(input, data, GluBackward0, "in", {"dim": dim})


# ------------------------------------------------------------------ rrelu
class RreluWithNoiseBackward0(Node):
    __slots__ = ("noise", "slope")

    def backward(self, g):
        # RreluWithNoiseBackwardBackward0 under create_graph
        from ...autograd._backward_ops import rrelu_with_noise_backward
        (x,) = self.saved()
        return rrelu_with_noise_backward(g, x, self.noise, self.slope)


class RreluWithNoiseBackward1(RreluWithNoiseBackward0):
    __slots__ = ()

    def backward(self, g):
        from ...autograd._backward_ops import rrelu_with_noise_backward
        (r,) = self.saved()
        return rrelu_with_noise_backward(g, unpack_output(self, r), self.noise, self.slope)


def _rrelu(x: Tensor, lower, upper, training, node_cls, save) -> Tensor:
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    d = _float_data(x, "rrelu_with_noise_out_cpu" if training else "leaky_relu_cpu")
    if training:
        from ... import _rng
        arr = np.asarray(d)
        flat = arr.reshape(-1)
        neg = flat <= 0
        noise = np.ones(flat.shape, dtype=arr.dtype)
        cnt = int(neg.sum())
        if cnt:
            r = _rng.uniform(_rng.default_generator, (cnt,), np.float64, lower, upper)
            noise[neg] = r.astype(arr.dtype)
        noise = noise.reshape(arr.shape)
        data = (arr * noise).astype(arr.dtype)
        noise_t = _make(noise)
        slope = None
    else:
        slope = (lower + upper) / 2
        data = np.where(d > 0, d, d * np.asarray(d).dtype.type(slope)).astype(np.asarray(d).dtype)
        noise_t = None
    if d.__class__ is not np.ndarray:
        data = np.asarray(data)[()]
    return _record(x, row_major(data), node_cls, save, {"noise": noise_t, "slope": slope})


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False) -> Tensor:
    """Randomized leaky ReLU (slope ``(lower + upper) / 2`` in eval mode)."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "rrelu_" if inplace else "rrelu")
    if inplace:
        return _inplace(input, lambda s: _rrelu(s, lower, upper, training, RreluWithNoiseBackward1, "out"))
    return _rrelu(input, lower, upper, training, RreluWithNoiseBackward0, "in")


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False) -> Tensor:
    return rrelu(input, lower, upper, training, True)


# ---------------------------------------------------------------- softmax
def _get_softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an argument.",
        stacklevel=stacklevel,
    )
    return 0 if ndim in (0, 1, 3) else 1


class SoftmaxBackward0(Node):
    __slots__ = ("dim",)

    def backward(self, g):
        (y,) = self.saved()
        y = unpack_output(self, y)
        return y * (g - (g * y).sum(self.dim, keepdim=True))


class LogSoftmaxBackward0(Node):
    __slots__ = ("dim",)

    def backward(self, g):
        (y,) = self.saved()
        y = unpack_output(self, y)
        return g - y.exp() * g.sum(self.dim, keepdim=True)


def _wrap_dim(dim: int, nd: int) -> int:
    n = max(nd, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _softmax_impl(x: Tensor, dim: int, log: bool) -> Tensor:
    d = x._data
    if d.dtype.kind not in "f":
        raise RuntimeError(f"\"{'log_softmax' if log else 'softmax'}_lastdim_kernel_impl\" not implemented for "
                           f"'{D.from_numpy_dtype(d.dtype).name}'")
    nd = np.ndim(d)
    dim = _wrap_dim(dim, nd)
    a = np.asarray(d, dtype=np.float64)
    ax = dim if nd else None
    with np.errstate(all="ignore"):
        m = np.max(a, axis=ax, keepdims=True) if a.size else a
        m = np.where(np.isfinite(m), m, 0.0)
        z = a - m
        s = np.sum(np.exp(z), axis=ax, keepdims=True)
        r = z - np.log(s) if log else np.exp(z) / s
    r = r.astype(d.dtype)
    if nd == 0:
        r = r[()]
    node_cls = LogSoftmaxBackward0 if log else SoftmaxBackward0
    return _record(x, r, node_cls, "out", {"dim": dim})


def _cast(x: Tensor, dtype):
    if dtype is not None and x.dtype != dtype:
        return x.to(dtype)
    return x


def _method_dim(name: str, dim) -> None:
    """``F.softmax``/``log_softmax``/``softmin`` call the tensor method with ``dim`` positionally, so a float
    ``dim`` is named as argument 1 of the method however it was passed."""
    from ...ops.shape import _not_int
    from ...ops._argerrors import type_name
    if _not_int(dim):
        raise TypeError(f"{name}(): argument 'dim' (position 1) must be int, not {type_name(dim)}")


def softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim`` (``SoftmaxBackward0``)."""
    if dim is not None and dim.__class__ is not int:
        _method_dim("softmax", dim)
    if dim is None:
        dim = _get_softmax_dim("softmax", input.dim(), _stacklevel)
    x = _cast(input, dtype)
    if hasattr(Tensor, "softmax"):
        return x.softmax(dim)
    return _softmax_impl(x, dim, False)


def log_softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim`` (``LogSoftmaxBackward0``)."""
    if dim is not None and dim.__class__ is not int:
        _method_dim("log_softmax", dim)
    if dim is None:
        dim = _get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    x = _cast(input, dtype)
    if hasattr(Tensor, "log_softmax"):
        return x.log_softmax(dim)
    return _softmax_impl(x, dim, True)


def softmin(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``softmax(-x)``: negated in the input's own dtype (an unsigned input wraps), then cast."""
    if dim is None:
        dim = _get_softmax_dim("softmin", input.dim(), _stacklevel)
    return softmax(-input, dim, dtype=dtype)


# ------------------------------------------------------------------- C++-bound functions
class _NativeFunction:
    # PyTorch binds these from C++ (``torch._C._nn.gelu``): they print as ``<built-in function gelu>``
    # (seen when a model stores ``activation=F.gelu``), have no signature and pickle by name.  Each
    # wrapper's class holds the function as a static ``__call__``, so a call costs no extra frame.
    __slots__ = ("__name__", "__qualname__", "_attr", "__wrapped__")

    def __repr__(self) -> str:
        return f"<built-in function {self.__name__}>"

    def __reduce__(self):
        return self._attr

    @property
    def __signature__(self):
        raise ValueError(f"no signature found for builtin {self!r}")


def _native(fn, name: str):
    cls = type("builtin_function_or_method", (_NativeFunction,), {"__slots__": (), "__call__": staticmethod(fn),
                                                                   "__module__": "ember.nn.functional",
                                                                   "__doc__": fn.__doc__})
    obj = object.__new__(cls)
    obj.__name__ = obj.__qualname__ = name
    obj._attr = fn.__name__
    obj.__wrapped__ = fn
    return obj


gelu = _native(gelu, "gelu")
softplus = _native(softplus, "softplus")
softshrink = _native(softshrink, "softshrink")
logsigmoid = _native(logsigmoid, "log_sigmoid")
