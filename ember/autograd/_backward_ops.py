"""PyTorch's differentiable backward kernels, for gradients taken with ``create_graph=True``.

PyTorch computes the gradient of ``tanh``, ``sigmoid``, ``relu``, the
piecewise-linear activations (``hardtanh``/``relu6``, ``threshold``,
``softshrink``, ``hardshrink``, ``leaky_relu``, ``rrelu``, ``prelu``) and the
fused ones (``elu``/``selu``/``celu``, ``gelu``, ``softplus``,
``log_sigmoid``, ``hardswish``, ``glu``) with dedicated ops (``tanh_backward``
...), so a first derivative built under ``create_graph`` prints as
``grad_fn=<TanhBackwardBackward0>`` and stays connected to the graph even
when its value does not depend on the input (``relu``: its second derivative
is zero, not an error).  ``tanh_backward(grad, output)`` & co. here compute
the same values as ember's first-order kernels, and when grad mode is on and
an operand requires grad they record such a node, whose own backward follows
PyTorch's ``derivatives.yaml`` and ``FunctionsManual.cpp`` (so third and
higher derivatives keep working).  ``hardsigmoid_backward`` has no
derivative in PyTorch: it records a ``NotImplemented`` node that raises
PyTorch's error if differentiated.
"""
from __future__ import annotations

from .grad_mode import STATE
from .graph import Node


class _BackwardOfBackward(Node):
    """A node for ``op_backward(grad_output, other)``: ``_rule(gg, grad_output, other)`` gives its input grads."""

    __slots__ = ()
    _rule = None

    def backward(self, gg):
        grad_output, other = self.saved()
        return type(self)._rule(gg, grad_output, other)


class TanhBackwardBackward0(_BackwardOfBackward):
    __slots__ = ()

    @staticmethod
    def _rule(gg, grad_output, output):
        return tanh_backward(gg, output), gg * (-2 * output * grad_output)


class SigmoidBackwardBackward0(_BackwardOfBackward):
    __slots__ = ()

    @staticmethod
    def _rule(gg, grad_output, output):
        return sigmoid_backward(gg, output), gg * grad_output * (-2 * output + 1)


class ThresholdBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("threshold",)

    def backward(self, gg):
        grad_output, x = self.saved()
        return threshold_backward(gg, x, self.threshold), _zeros(gg)


class LeakyReluBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("negative_slope",)

    def backward(self, gg):
        grad_output, x = self.saved()
        return leaky_relu_backward(gg, x, self.negative_slope), _zeros(gg)


class HardtanhBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("min_val", "max_val")

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (hardtanh_backward(gg, x, self.min_val, self.max_val) if e[0] is not None else None,
                _zeros(gg) if e[1] is not None else None)


class SoftshrinkBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("lambd",)

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (softshrink_backward(gg, x, self.lambd) if e[0] is not None else None,
                _zeros(gg) if e[1] is not None else None)


class HardshrinkBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("lambd",)

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (hardshrink_backward(gg, x, self.lambd) if e[0] is not None else None,
                _zeros(gg) if e[1] is not None else None)


class RreluWithNoiseBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("noise", "negative_slope")

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (rrelu_with_noise_backward(gg, x, self.noise, self.negative_slope) if e[0] is not None else None,
                _zeros(gg) if e[1] is not None else None)


class EluBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("alpha", "scale", "input_scale", "is_result")

    def backward(self, gg):
        grad_output, sor = self.saved()
        e = self._edges
        a, s, i, r = self.alpha, self.scale, self.input_scale, self.is_result
        return (elu_backward(gg, a, s, i, r, sor) if e[0] is not None else None,
                elu_double_backward(gg, grad_output, a, s, i, r, sor) if e[1] is not None else None)


class GeluBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("approximate",)

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (gelu_backward(gg, x, self.approximate) if e[0] is not None else None,
                gelu_double_backward(gg, grad_output, x, self.approximate) if e[1] is not None else None)


class SoftplusBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("beta", "threshold")

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        b, t = self.beta, self.threshold
        return (softplus_backward(gg, x, b, t) if e[0] is not None else None,
                softplus_double_backward(gg * grad_output, x, b, t) if e[1] is not None else None)


class LogSigmoidBackwardBackward0(_BackwardOfBackward):
    __slots__ = ()

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (log_sigmoid_backward(gg, x) if e[0] is not None else None,
                log_sigmoid_double_backward(gg * grad_output, x) if e[1] is not None else None)


class HardswishBackwardBackward0(_BackwardOfBackward):
    __slots__ = ()

    def backward(self, gg):
        from ..ops.pointwise import div_scalar, logical_and, where
        grad_output, x = self.saved()
        e = self._edges
        gx = None
        if e[1] is not None:  # where(-3 < x < 3, grad * grad_output / 3.0, 0)
            gx = where(logical_and(x > -3.0, x < 3.0), div_scalar(gg * grad_output, 3.0), 0.0)
        return hardswish_backward(gg, x) if e[0] is not None else None, gx


class GluBackwardBackward0(_BackwardOfBackward):
    __slots__ = ("dim",)

    def backward(self, gg):
        grad_output, x = self.saved()
        e = self._edges
        return (glu_double_backward_grad_output(gg, x, self.dim) if e[0] is not None else None,
                glu_double_backward(gg, grad_output, x, self.dim) if e[1] is not None else None)


class PreluKernelBackwardBackward0(Node):
    """``_prelu_kernel_backward(grad_output, self, weight) -> (grad_input, grad_weight)``.

    derivatives.yaml masks with ``self >= 0`` here where the kernel uses ``self > 0``; PyTorch's
    second derivatives at ``self == 0`` follow the former, and so do these."""

    __slots__ = ()
    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, ggx, ggw):
        from ..ops.pointwise import where
        grad_output, x, w = self.saved()
        e = self._edges
        if ggx is None and ggw is None:
            return None, None, None
        nonneg = x >= 0
        g_go = g_x = g_w = None
        if e[0] is not None:
            if ggx is None:
                g_go = where(nonneg, 0.0, ggw * x)
            elif ggw is None:
                g_go = where(nonneg, ggx, ggx * w)
            else:
                g_go = where(nonneg, ggx, ggx * w + ggw * x)
        if e[1] is not None:
            g_x = where(nonneg, 0.0, grad_output * ggw) if ggw is not None else _zeros(x)
        if e[2] is not None:
            g_w = where(nonneg, 0.0, grad_output * ggx) if ggx is not None else _zeros(x)
        return g_go, g_x, g_w


def _zeros(like):
    from ..ops.creation import zeros_like
    return zeros_like(like)


def _act():
    from ..nn._functional import activation
    return activation


def _on_arrays(kernel, grad_output, other):
    """A backward kernel's array result as a tensor (grad mode is off here)."""
    from .._tensor import _make
    return _make(kernel(grad_output._data, other._data))


def _kernel_or(kernel, fallback, grad_output, x, *params):
    """``kernel`` (a first-order array kernel: PyTorch's bits) on the operands' arrays, or, where it
    declines (None: other dtypes or devices), the tensor formula ``fallback()``."""
    import numpy as np
    from .._tensor import _make
    g, xd = grad_output._data, x._data
    r = kernel(np.asarray(g), np.asarray(xd), *params)
    if r is None:
        return fallback()
    return _make(r if r.ndim else r[()])


def _record(cls, compute, *inputs, **attrs):
    """``compute()`` with grad mode off; a ``cls`` node over ``inputs`` (saved) when one requires grad."""
    if not STATE.enabled:
        return compute()
    for t in inputs:
        if t is not None and t._rg:
            break
    else:
        return compute()
    STATE.enabled = False
    try:
        value = compute()
    finally:
        STATE.enabled = True
    node = cls(inputs)
    for k, v in attrs.items():
        setattr(node, k, v)
    node.save(*inputs)
    value.grad_fn = node
    value._rg = True
    return value


def tanh_backward(grad_output, output):
    """``grad_output * (1 - output**2)`` (``torch.ops.aten.tanh_backward``)."""
    from ..ops.pointwise import tanh_grad
    return _record(TanhBackwardBackward0, lambda: _on_arrays(tanh_grad, grad_output, output), grad_output, output)


def sigmoid_backward(grad_output, output):
    """``grad_output * (1 - output) * output`` (``torch.ops.aten.sigmoid_backward``)."""
    from ..ops.pointwise import sigmoid_grad
    return _record(SigmoidBackwardBackward0, lambda: _on_arrays(sigmoid_grad, grad_output, output), grad_output,
                   output)


def threshold_backward(grad_output, x, threshold):
    """``x <= threshold ? 0 : grad_output`` (``torch.ops.aten.threshold_backward``; a NaN ``x`` passes)."""
    from ..ops.pointwise import where
    return _record(ThresholdBackwardBackward0, lambda: where(x <= threshold, 0.0, grad_output), grad_output, x,
                   threshold=threshold)


def leaky_relu_backward(grad_output, x, negative_slope):
    """``x > 0 ? grad_output : grad_output * negative_slope`` (``torch.ops.aten.leaky_relu_backward``)."""
    from ..ops.pointwise import where
    return _record(LeakyReluBackwardBackward0,
                   lambda: where(x > 0, grad_output, grad_output * negative_slope), grad_output, x,
                   negative_slope=negative_slope)


def hardtanh_backward(grad_output, x, min_val, max_val):
    """``(x <= min_val || x >= max_val) ? 0 : grad_output`` (``aten.hardtanh_backward``; a NaN ``x`` passes)."""
    from ..ops.pointwise import where
    return _record(HardtanhBackwardBackward0,
                   lambda: where((x <= min_val).logical_or(x >= max_val), 0.0, grad_output), grad_output, x,
                   min_val=min_val, max_val=max_val)


def softshrink_backward(grad_output, x, lambd):
    """``(x >= -lambd && x <= lambd) ? 0 : grad_output`` (``aten.softshrink_backward``; a NaN ``x`` passes)."""
    from ..ops.pointwise import where
    return _record(SoftshrinkBackwardBackward0,
                   lambda: where((x >= -lambd).logical_and(x <= lambd), 0.0, grad_output), grad_output, x,
                   lambd=lambd)


def hardshrink_backward(grad_output, x, lambd):
    """``(x >= -lambd && x <= lambd) ? 0 : grad_output`` (``aten.hardshrink_backward``)."""
    from ..ops.pointwise import where
    return _record(HardshrinkBackwardBackward0,
                   lambda: where((x >= -lambd).logical_and(x <= lambd), 0.0, grad_output), grad_output, x,
                   lambd=lambd)


def rrelu_with_noise_backward(grad_output, x, noise, negative_slope):
    """``aten.rrelu_with_noise_backward``: ``grad_output * noise`` in training (``noise`` given), else
    ``leaky_relu_backward(grad_output, x, (lower + upper) / 2)``."""
    from ..ops.pointwise import where

    def compute():
        if noise is not None:
            return grad_output * noise
        return where(x > 0, grad_output, grad_output * negative_slope)
    return _record(RreluWithNoiseBackwardBackward0, compute, grad_output, x, noise=noise,
                   negative_slope=negative_slope)


def elu_backward(grad_output, alpha, scale, input_scale, is_result, self_or_result):
    """``aten.elu_backward``: from the input ``x <= 0 ? g * input_scale * alpha * scale * exp(x * input_scale)
    : g * scale``; from the result (``is_result``) ``r <= 0 ? g * input_scale * (r + alpha * scale) : g * scale``."""
    from ..ops.pointwise import where
    act = _act()
    sor = self_or_result

    def fallback():
        if is_result:
            neg = grad_output * ((sor + alpha * scale) * input_scale)
        else:
            neg = grad_output * ((sor * input_scale).exp() * (alpha * scale * input_scale))
        return where(sor <= 0, neg, grad_output * scale)  # NaN takes the positive side, as in PyTorch
    kernel = act._elu_result_grad if is_result else act._elu_grad
    return _record(EluBackwardBackward0,
                   lambda: _kernel_or(kernel, fallback, grad_output, sor, alpha, scale, input_scale),
                   grad_output, sor, alpha=alpha, scale=scale, input_scale=input_scale, is_result=is_result)


def elu_double_backward(grad, grad_output, alpha, scale, input_scale, is_result, self_or_result):
    """FunctionsManual's ``elu_double_backward``: only the negative side (``self_or_result < 0``) curves."""
    from ..ops.pointwise import mul_scalar
    mask = (self_or_result < 0).type_as(grad)
    t = mul_scalar(grad * grad_output, input_scale)
    if is_result:
        return t * mask
    return elu_backward(t, alpha, scale, input_scale, False, self_or_result) * mask


def gelu_backward(grad_output, x, approximate):
    """``aten.gelu_backward`` (``approximate`` ``'none'`` or ``'tanh'``)."""
    act = _act()
    return _record(GeluBackwardBackward0,
                   lambda: _kernel_or(act._gelu_grad, lambda: act._gelu_grad_formula(grad_output, x, approximate),
                                      grad_output, x, approximate),
                   grad_output, x, approximate=approximate)


def gelu_double_backward(ggI, gO, x, approximate):
    """FunctionsManual's ``gelu_double_backward``: ``ggI * gO * gelu''(x)``, in PyTorch's steps."""
    import math
    from ..ops.pointwise import add_scalar, mul_scalar
    if approximate == "tanh":
        k_beta = math.sqrt(2.0) * (2.0 / math.sqrt(math.pi)) * 0.5
        k_kappa = 0.044715
        inner = mul_scalar(x + mul_scalar(x ** 3, k_kappa), k_beta)
        tanh_inner = inner.tanh()
        sech_inner = _number_over(1.0, inner.cosh())
        f = mul_scalar(x, 0.5)
        g = _number_minus(1.0, tanh_inner * tanh_inner)
        h = mul_scalar(add_scalar(mul_scalar(x, 3 * k_kappa) * x, 1.0), k_beta)
        f_prime_gh = mul_scalar(g, 0.5) * h
        g_prime = mul_scalar(sech_inner, 2.0) * (-sech_inner * tanh_inner) * h
        g_prime_fh = f * h * g_prime
        h_prime = mul_scalar(mul_scalar(x, 6 * k_kappa), k_beta)
        h_prime_fg = f * g * h_prime
        return ggI * gO * (f_prime_gh + f_prime_gh + g_prime_fh + h_prime_fg)
    k_beta = (2.0 / math.sqrt(math.pi)) * math.sqrt(0.5) * 0.5
    input_sq = x * x
    pdf = mul_scalar(mul_scalar(input_sq, -0.5).exp(), k_beta)
    return ggI * gO * (mul_scalar(pdf, 2.0) - input_sq * pdf)


def _number_minus(c, t):
    """C++'s ``c - t`` for a number ``c``: ``empty_like(t).fill_(c).sub_(t)``, a ``SubBackward0`` whose first
    input needs no grad (Python's ``c - t`` records ``RsubBackward1``)."""
    from ..ops.pointwise import sub
    return sub(_number_like(c, t), t)


def _number_over(c, t):
    """C++'s ``c / t`` for a number ``c``: ``DivBackward0`` whose first input needs no grad."""
    from ..ops.pointwise import div
    return div(_number_like(c, t), t)


def _number_like(c, t):
    import numpy as np
    from .._tensor import _make
    return _make(np.asarray(c, dtype=t._data.dtype)[()])


def softplus_backward(grad_output, x, beta, threshold):
    """``aten.softplus_backward``: ``z = exp(x * beta)``, ``x * beta > threshold ? g : g * z / (z + 1)``."""
    from ..ops.pointwise import where
    act = _act()

    def fallback():
        xb = x * beta
        z = xb.exp()
        return where(xb > threshold, grad_output, grad_output * z / (z + 1))
    return _record(SoftplusBackwardBackward0,
                   lambda: _kernel_or(act._softplus_grad, fallback, grad_output, x, beta, threshold),
                   grad_output, x, beta=beta, threshold=threshold)


def softplus_double_backward(grad, x, beta, threshold):
    """FunctionsManual's: ``sigmoid_backward(grad, sigmoid(x * beta)) * (x * beta < threshold) * beta``."""
    from ..ops.pointwise import mul_scalar
    xb = mul_scalar(x, beta)
    return mul_scalar(sigmoid_backward(grad, xb.sigmoid()) * (xb < threshold).type_as(grad), beta)


def log_sigmoid_backward(grad_output, x):
    """``aten.log_sigmoid_backward``: ``grad_output * sigmoid(-x)`` (ATen's kernel from ``exp(-|x|)``)."""
    act = _act()

    def compute():
        import numpy as np
        from .._tensor import _make
        g, xd = grad_output._data, x._data
        if isinstance(xd, (np.ndarray, np.generic)) and isinstance(g, (np.ndarray, np.generic)) \
                and g.dtype == xd.dtype and xd.dtype.kind == "f":
            r = act._logsigmoid_grad(g, np.asarray(xd))
            return _make(r[()] if np.ndim(g) == 0 and np.ndim(xd) == 0 else r)
        return grad_output * (-x).sigmoid()
    return _record(LogSigmoidBackwardBackward0, compute, grad_output, x)


def log_sigmoid_double_backward(grad, x):
    """FunctionsManual's: ``grad * (z - 1) * z`` with ``z = sigmoid(x)``."""
    from ..ops.pointwise import _sub_scalar
    z = x.sigmoid()
    return grad * _sub_scalar(z, 1) * z


def hardswish_backward(grad_output, x):
    """``aten.hardswish_backward``: ``x <= -3 ? 0 : x < 3 ? g * (x / 3 + 0.5) : g``."""
    from ..ops.pointwise import where
    act = _act()

    def fallback():
        return where(x <= -3.0, 0.0, where(x < 3.0, grad_output * (x / 3.0 + 0.5), grad_output))
    return _record(HardswishBackwardBackward0, lambda: _kernel_or(act._hardswish_grad, fallback, grad_output, x),
                   grad_output, x)


def hardsigmoid_backward(grad_output, x):
    """``aten.hardsigmoid_backward``: ``-3 < x < 3 ? g / 6 : 0``.  PyTorch has no derivative for it: under grad
    mode it records ``NotImplemented`` over the operands that require grad (autograd's fallback kernel)."""
    from ..ops.pointwise import NotImplementedBackward, _zeros_grad, where
    sixth = _act()._ONE_SIXTH_F

    def compute():
        return where((x > -3.0).logical_and(x < 3.0), grad_output * sixth, _zeros_grad(grad_output))
    if not STATE.enabled or not (grad_output._rg or x._rg):
        return compute()
    STATE.enabled = False
    try:
        value = compute()
    finally:
        STATE.enabled = True
    node = NotImplementedBackward(tuple(t for t in (grad_output, x) if t._rg))
    node.opname = "hardsigmoid_backward"
    value.grad_fn = node
    value._rg = True
    return value


def glu_backward(grad_output, x, dim):
    """``aten.glu_backward``: ``[g * s, (1 - s) * s * a * g]`` for ``a, b`` the halves and ``s = sigmoid(b)``."""

    def compute():
        from ..ops.shape_ext import cat
        a, b = x.chunk(2, dim)
        sb = b.sigmoid()
        return cat([grad_output * sb, (1 - sb) * sb * a * grad_output], dim)  # ATen's left-to-right order
    return _record(GluBackwardBackward0, compute, grad_output, x, dim=dim)


def glu_double_backward_grad_output(grad, x, dim):
    """FunctionsManual's: ``grad * glu_backward(ones, x, dim)``, its two halves added."""
    from ..ops.creation import ones
    n = x.shape[dim] // 2
    sizes = list(x.shape)
    sizes[dim] = n
    tmp = grad * glu_backward(ones(sizes, dtype=x.dtype), x, dim)
    return tmp.narrow(dim, 0, n) + tmp.narrow(dim, n, n)


def glu_double_backward(grad, grad_output, x, dim):
    """FunctionsManual's ``glu_double_backward``."""
    from ..ops.shape_ext import cat
    gO = grad_output
    n = x.shape[dim] // 2
    first_half = x.narrow(dim, 0, n)
    second_half = x.narrow(dim, n, n)
    sig_second_half = second_half.sigmoid()
    one_sub_sig_second_half = _number_minus(1, sig_second_half)
    sig_one_sub_sig = sig_second_half * one_sub_sig_second_half
    ggI_first_half = grad.narrow(dim, 0, n)
    ggI_second_half = grad.narrow(dim, n, n)
    ggI_second_half_times_first_half = ggI_second_half * first_half
    gI_first_half = ggI_second_half * gO * sig_one_sub_sig
    second_order_sh = sig_one_sub_sig * one_sub_sig_second_half - sig_second_half * sig_one_sub_sig
    gI_second_half = ggI_second_half_times_first_half * gO * second_order_sh + ggI_first_half * gO * sig_one_sub_sig
    return cat([gI_first_half, gI_second_half], dim)


def prelu_kernel_backward(grad_output, x, w):
    """``aten._prelu_kernel_backward``: ``(x > 0 ? g : w * g, x > 0 ? 0 : x * g)``, both of the broadcast
    shape (the engine sums the weight's down).  Under grad mode, one ``PreluKernelBackwardBackward0`` node
    with both as outputs."""
    from .._tensor import _make
    from ..ops.pointwise import _zeros_grad, where

    def compute():
        import numpy as np
        g, xd, wd = grad_output._data, x._data, w._data
        if all(isinstance(a, (np.ndarray, np.generic)) for a in (g, xd, wd)):
            g = np.asarray(g)
            pos = xd > 0
            gx = np.where(pos, g, g * wd)
            gw = np.where(pos, g.dtype.type(0), g * xd)
            return _make(gx if gx.ndim else gx[()]), _make(gw if gw.ndim else gw[()])
        pos = x > 0
        return where(pos, grad_output, grad_output * w), where(pos, _zeros_grad(grad_output), grad_output * x)
    if not STATE.enabled or not (grad_output._rg or x._rg or w._rg):
        return compute()
    STATE.enabled = False
    try:
        gx, gw = compute()
    finally:
        STATE.enabled = True
    node = PreluKernelBackwardBackward0((grad_output, x, w))
    node.save(grad_output, x, w)
    for nr, t in enumerate((gx, gw)):
        t.grad_fn = node
        t._rg = True
        t._out_nr = nr
    return gx, gw
