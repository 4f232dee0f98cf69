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

The same holds for ``softmax``/``log_softmax`` (``_softmax_backward_data``), the
fused losses (``nll_loss_backward``, ``mse_loss_backward``,
``smooth_l1_loss_backward``, ``huber_loss_backward``,
``binary_cross_entropy_backward``), ``native_layer_norm_backward`` (one node,
three outputs) and basic indexing (``slice_backward``/``select_backward``);
value-selecting reductions (``max(dim)``, ``sort``, ``topk`` ...) and
``max()``/``median()`` rebuild PyTorch's composite formulas
(``zeros.scatter_``, ``zeros.masked_fill_``).  Nodes with a raw ``vjp`` keep
it for plain backward; the first-order values computed here are that
``vjp``'s (or, for nodes without one, ATen's kernel order).
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


def record_outputs(node, outs) -> tuple:
    """Make ``node`` the ``grad_fn`` of each non-None tensor of ``outs`` (output ``nr`` of it)."""
    for nr, t in enumerate(outs):
        if t is not None:
            t.grad_fn = node
            t._rg = True
            t._out_nr = nr
    return tuple(outs)


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
    return record_outputs(node, (gx, gw))


# ===================================================================================================
# Softmax, losses, layer norm, value-selecting reductions and basic indexing.  As above: the first
# derivative keeps ember's first-order values (the array kernels of the nodes' ``vjp``) and, under
# grad mode, records the node PyTorch's backward op records, whose own backward follows
# ``derivatives.yaml`` / ``FunctionsManual.cpp`` in tensor ops.
# ===================================================================================================
def _edge_input(node, i):
    """A tensor standing for ``node``'s forward input ``i`` in a graph built from its backward: the
    same edge (its ``grad_fn`` and output number, or the leaf itself) and the same shape and dtype.
    Only for inputs whose values the new node never reads (their gradients alone matter).  None
    when the input needs no gradient."""
    import numpy as np
    from .._tensor import _make
    e = node._edges[i]
    if e is None:
        return None
    target, nr = e
    if not isinstance(target, Node):
        return target  # a leaf tensor: its own edge
    shape, dt = node._meta[i]
    t = _make(np.broadcast_to(np.zeros((), dt), shape), target)
    t._out_nr = nr
    return t


def _host(*arrays) -> bool:
    import numpy as np
    return all(a is None or isinstance(a, (np.ndarray, np.generic)) for a in arrays)


def _wrap_array(r):
    import numpy as np
    from .._tensor import _make
    r = np.asarray(r)
    return _make(r if r.ndim else r[()])


# ------------------------------------------------------------------------------------- softmax
class SoftmaxBackwardDataBackward0(_BackwardOfBackward):
    """``_softmax_backward_data(grad_output, output, dim)``."""

    __slots__ = ("dim", "dim_arg")  # (``dim_arg``: a negative ``dim`` as the forward was given it)

    def backward(self, gg):
        grad_output, output = self.saved()
        e = self._edges
        return (softmax_backward_data(gg, output, self.dim) if e[0] is not None else None,
                softmax_double_backward(gg, grad_output, self.dim, output) if e[1] is not None else None)


class LogSoftmaxBackwardDataBackward0(_BackwardOfBackward):
    """``_log_softmax_backward_data(grad_output, output, dim)``."""

    __slots__ = ("dim", "dim_arg")  # (``dim_arg``: a negative ``dim`` as the forward was given it)

    def backward(self, gg):
        grad_output, output = self.saved()
        e = self._edges
        dim = self.dim
        g_go = g_out = None
        if e[0] is not None:  # grad - (grad * output.exp()).sum(dim, true)
            g_go = gg - (gg * output.exp()).sum(dim, keepdim=True)
        if e[1] is not None:  # -grad_output.sum(dim, true) * output.exp() * grad
            g_out = -grad_output.sum(dim, keepdim=True) * output.exp() * gg
        return g_go, g_out


def softmax_backward_data(grad_output, output, dim):
    """``aten._softmax_backward_data``: ``output * (grad_output - (grad_output * output).sum(dim))``."""
    def compute():
        g, y = grad_output._data, output._data
        if _host(g, y) and g.dtype == y.dtype:
            from ..ops.reduction_ext import softmax_grad_arrays
            return _wrap_array(softmax_grad_arrays(g, y, dim))
        return output * (grad_output - (grad_output * output).sum(dim, keepdim=True))
    return _record(SoftmaxBackwardDataBackward0, compute, grad_output, output, dim=dim)


def softmax_double_backward(grad, grad_output, dim, output):
    """FunctionsManual's ``softmax_double_backward``."""
    return grad_output * grad - (output * grad_output).sum(dim, keepdim=True) * grad - \
        grad_output * (output * grad).sum(dim, keepdim=True)


def log_softmax_backward_data(grad_output, output, dim):
    """``aten._log_softmax_backward_data``: ``grad_output - exp(output) * grad_output.sum(dim)``."""
    def compute():
        g, y = grad_output._data, output._data
        if _host(g, y) and g.dtype == y.dtype:
            from ..ops.reduction_ext import log_softmax_grad_arrays
            return _wrap_array(log_softmax_grad_arrays(g, y, dim))
        return grad_output - output.exp() * grad_output.sum(dim, keepdim=True)
    return _record(LogSoftmaxBackwardDataBackward0, compute, grad_output, output, dim=dim)


# ------------------------------------------------------------------------------------ NLL loss
class NllLossBackwardBackward0(Node):
    """``nll_loss_backward(grad_output, self, target, weight, ...)``: ``grad_output`` gets
    ``nll_loss(grad, target, weight, ...)``, ``self`` zeros (its value is never read)."""

    __slots__ = ("fwd",)

    def backward(self, gg):
        e = self._edges
        g_go = nll_loss_of(self.fwd, gg, self._meta[0][0]) if e[0] is not None else None
        return g_go, (_zeros(gg) if e[1] is not None else None)


class NllLoss2DBackwardBackward0(NllLossBackwardBackward0):
    __slots__ = ()


def nll_loss_backward(grad_output, fwd):
    """``aten.nll_loss_backward`` of the ``NllLossBackward0`` / ``NllLoss2DBackward0`` node ``fwd``:
    zeros, and ``-w[t] * grad_output`` (scaled) at each counted item's target class."""
    from ..nn._functional.loss import NllLoss2DBackward0
    cls = NllLoss2DBackwardBackward0 if isinstance(fwd, NllLoss2DBackward0) else NllLossBackwardBackward0
    x = _edge_input(fwd, 0)
    return _record(cls, lambda: _wrap_array(fwd.vjp(grad_output._data)[0]), grad_output, x, fwd=fwd)


def nll_loss_of(fwd, t, out_shape):
    """``nll_loss(t, target, weight, reduction, ignore_index)`` with the target, weights and reduction
    of the NLL node ``fwd`` (``t`` has the input's shape; ``out_shape``: the loss's), recording a node of
    ``fwd``'s class."""
    import numpy as np
    from ..nn._functional.loss import _MEAN, _NONE, _nll_node
    from ..ops._common import finish
    d = np.asarray(t._data)
    dt = d.dtype
    if fwd.index is None:
        c = np.zeros((0,), dt)
    else:
        v = d[fwd.index]
        c = -(v * fwd.wt) if fwd.wt is not None else -v
    if fwd.red == _NONE:
        out = np.zeros(out_shape, dt)
        if fwd.index is not None:
            out[fwd.item_index] = c
        out = out if out.ndim else out[()]
    else:
        s = np.asarray(c, np.float64).sum()
        if fwd.red == _MEAN:
            with np.errstate(all="ignore"):
                s = s / np.float64(fwd.tw)
        out = dt.type(s)
    node = None
    if STATE.enabled and t._rg:
        node = _nll_node(type(fwd), t, fwd.index, fwd.item_index, fwd.wt, fwd.tw, fwd.red, fwd.class_dim,
                         (t,) + fwd.args[1:])
    return finish(out, node)


# ------------------------------------------------------------------ MSE / smooth L1 / Huber losses
def _loss_norm(red, numel, dt):
    from ..nn._functional.loss import _MEAN
    return dt.type(1.0 / numel) if red == _MEAN else dt.type(1)


class _PointLossBackwardBackward(Node):
    """``<loss>_backward(grad_output, self, target, reduction, param)``."""

    __slots__ = ("red", "numel", "param")

    def _first(self, g, x, t):  # the first-order op itself (records this node again)
        raise NotImplementedError

    def _second(self, g, x, t):  # ``<loss>_double_backward(g, x, t)``
        raise NotImplementedError

    def _grad_output(self, gg, grad_output, x, t):
        return self._first(gg, x, t)

    def backward(self, gg):
        grad_output, x, t = self.saved()
        e = self._edges
        g_go = self._grad_output(gg, grad_output, x, t) if e[0] is not None else None
        g_x = g_t = None
        if e[1] is not None or e[2] is not None:
            gs = self._second(gg * grad_output, x, t)
            g_x = gs if e[1] is not None else None
            g_t = -gs if e[2] is not None else None
        return g_go, g_x, g_t

    def _mean(self, t):
        from ..nn._functional.loss import _MEAN
        from ..ops.pointwise import div_scalar
        return div_scalar(t, self.numel) if self.red == _MEAN else t


class MseLossBackwardBackward0(_PointLossBackwardBackward):
    __slots__ = ()

    def _first(self, g, x, t):
        return mse_loss_backward(g, x, t, self.red, self.numel)

    def _second(self, g, x, t):  # mse_loss_double_backward: 2 * grad (/ numel)
        from ..ops.pointwise import mul_scalar
        return self._mean(mul_scalar(g, 2))


class SmoothL1LossBackwardBackward0(_PointLossBackwardBackward):
    __slots__ = ()

    def _first(self, g, x, t):
        return smooth_l1_loss_backward(g, x, t, self.red, self.numel, self.param)

    def _second(self, g, x, t):  # grad * (|x - t| < beta) / beta (/ numel)
        from ..ops.pointwise import div_scalar
        beta = self.param
        if beta == 0:
            return _zeros(g)
        d = (x - t).abs()
        return self._mean(div_scalar(g * (d < beta).type_as(g), beta))


class HuberLossBackwardBackward0(_PointLossBackwardBackward):
    __slots__ = ()

    def _first(self, g, x, t):
        return huber_loss_backward(g, x, t, self.red, self.numel, self.param)

    def _second(self, g, x, t):  # grad * (|x - t| < delta) (/ numel)
        d = (x - t).abs()
        return self._mean(g * (d < self.param))

    def _grad_output(self, gg, grad_output, x, t):  # huber_loss_double_backward_grad_output
        from ..nn._functional.loss import _NONE
        from ..ops.creation import ones_like
        if self.red == _NONE:
            return self._first(gg, x, t)
        r = self._first(ones_like(grad_output), x, t)
        return (r * gg).sum()


def _point_loss_backward(cls, kernel, fallback, grad_output, x, t, red, numel, param):
    def compute():
        g, xd, td = grad_output._data, x._data, t._data
        if _host(g, xd, td):
            import numpy as np
            xd, td = np.asarray(xd), np.asarray(td)
            dt = np.result_type(xd, td, g)
            if dt.kind == "f":
                with np.errstate(all="ignore"):
                    return _wrap_array(kernel(np.asarray(g, dt), xd.astype(dt, copy=False), td.astype(dt, copy=False),
                                              red, numel, param))
        return fallback()
    return _record(cls, compute, grad_output, x, t, red=red, numel=numel, param=param)


def mse_grad_array(g, x, t, red, numel, _=None):
    """``MseLossBackward0.vjp``'s formula (ember's first-order values): ``(x - t) * ((g / numel) * 2)``."""
    from ..nn._functional.loss import _MEAN
    dt = x.dtype.type
    gs = g / dt(numel) if red == _MEAN else g
    return (x - t) * (gs * dt(2))


def mse_loss_backward(grad_output, x, t, red, numel):
    """``aten.mse_loss_backward``: ``2 * (x - t) * grad_output`` (``/ numel`` for the mean)."""
    from ..nn._functional.loss import _MEAN
    from ..ops.pointwise import div_scalar
    return _point_loss_backward(
        MseLossBackwardBackward0, mse_grad_array,
        lambda: (x - t) * ((div_scalar(grad_output, numel) if red == _MEAN else grad_output) * 2),
        grad_output, x, t, red, numel, None)


def smooth_l1_grad_array(g, x, t, red, numel, beta):
    """ATen's vectorised ``smooth_l1_backward`` kernel: ``norm * (|x| >= beta ? sign : x / beta) * g`` for
    ``x = input - target`` (``sign``: 1 above 0, else -1; a NaN ``x`` gives NaN)."""
    import numpy as np
    dt = x.dtype.type
    d = x - t
    b = dt(beta)
    out = np.where(np.abs(d) >= b, np.where(d > 0, dt(1), dt(-1)), d / b)
    return _loss_norm(red, numel, x.dtype) * out * g


def huber_grad_array(g, x, t, red, numel, delta):
    """ATen's vectorised ``huber_backward`` kernel: ``norm * (|x| >= delta ? sign * delta : x) * g``."""
    import numpy as np
    dt = x.dtype.type
    d = x - t
    dl = dt(delta)
    out = np.where(np.abs(d) >= dl, np.where(d > 0, dl, -dl), d)
    return _loss_norm(red, numel, x.dtype) * out * g


def smooth_l1_loss_backward(grad_output, x, t, red, numel, beta):
    """``aten.smooth_l1_loss_backward``."""
    def fallback():
        from ..ops.pointwise import where
        from ..nn._functional.loss import _MEAN
        d = x - t
        gs = grad_output / numel if red == _MEAN else grad_output
        return where(d <= -beta, -gs, where(d >= beta, gs, gs * d / beta))
    return _point_loss_backward(SmoothL1LossBackwardBackward0, smooth_l1_grad_array, fallback, grad_output, x, t,
                                red, numel, beta)


def huber_loss_backward(grad_output, x, t, red, numel, delta):
    """``aten.huber_loss_backward``."""
    def fallback():
        from ..nn._functional.loss import _MEAN
        gs = grad_output / numel if red == _MEAN else grad_output
        return (x - t).clamp(-delta, delta) * gs
    return _point_loss_backward(HuberLossBackwardBackward0, huber_grad_array, fallback, grad_output, x, t,
                                red, numel, delta)


# ----------------------------------------------------------------------------------- layer norm
class NativeLayerNormBackwardBackward0(Node):
    """``native_layer_norm_backward(grad_out, input, normalized_shape, mean, rstd, weight, bias, mask)``:
    three outputs (input, weight, bias gradients); next functions ``grad_out, input, mean, rstd,
    weight, bias`` (mean and rstd never require grad).  Its backward is FunctionsManual's
    ``layer_norm_double_backward``, which reads the saved ``mean``/``rstd`` as constants."""

    __slots__ = ("axis", "mean", "rstd")
    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 3

    def backward(self, ggI, ggW, ggB):
        gO, x, w = self.saved()
        e = self._edges
        if ggI is None and ggW is None and ggB is None:
            return None, None, None, None, None, None
        gI, gG, ggO = layer_norm_double_backward(x, w, ggI, ggW, ggB, gO, self.mean, self.rstd, self.axis)
        return (ggO if e[0] is not None else None, gI if e[1] is not None else None, None, None,
                gG if e[4] is not None else None, None)


def native_layer_norm_backward(grad_out, fwd):
    """The gradients of the ``NativeLayerNormBackward0`` node ``fwd`` for ``grad_out``: ember's
    first-order kernel (``fwd.vjp``), with the weight and bias gradients summed to their shapes; under
    grad mode one ``NativeLayerNormBackwardBackward0`` node makes all three."""
    import numpy as np
    from .._tensor import _make
    from .engine import _sum_to_raw
    x, w, _ = fwd.saved()
    b = _edge_input(fwd, 2)
    e = fwd._edges

    def compute():
        gx, gw, gb = fwd.vjp(grad_out._data)
        outs = []
        for i, r in enumerate((gx, gw, gb)):
            if r is None or e[i] is None:
                outs.append(None)
                continue
            shape = fwd._meta[i][0]
            if np.shape(r) != tuple(shape):
                r = _sum_to_raw(r, tuple(shape))
            outs.append(_make(r))
        return outs
    if not STATE.enabled or not any(t is not None and t._rg for t in (grad_out, x, w, b)):
        return tuple(compute())
    STATE.enabled = False
    try:
        outs = compute()
    finally:
        STATE.enabled = True
    node = NativeLayerNormBackwardBackward0((grad_out, x, None, None, w, b))
    node.axis = fwd.axes[0]
    node.mean, node.rstd = fwd.mean, fwd.rstd
    node.save(grad_out, x, w)
    return record_outputs(node, outs)


def layer_norm_double_backward(input_t, gamma, ggI, ggG, ggB, gO_t, save_mean_t, save_invstd_t, axis):
    """FunctionsManual's ``layer_norm_double_backward``: ``(gI, gG, ggO)``."""
    import math
    from ..ops.creation import ones
    from ..ops.pointwise import div_scalar, mul_scalar
    shape = tuple(input_t.shape)
    M = math.prod(shape[:axis])
    N = math.prod(shape[axis:])
    dt = input_t.dtype
    inp = input_t.reshape(M, N)
    gO = gO_t.reshape(M, N)
    save_mean = save_mean_t.reshape(M, 1)
    save_invstd = save_invstd_t.reshape(M, 1)
    affine = gamma is not None
    ggG_e = ggB_e = None
    if affine:
        gamma_e = gamma.reshape(1, N)
        if ggG is not None:
            ggG_e = ggG.reshape(1, N)
        if ggB is not None:
            ggB_e = ggB.reshape(1, N)
    else:
        gamma_e = ones((1,), dtype=dt)
    ggI_e = ggI.reshape(M, N) if ggI is not None else None
    mu = save_mean.to(dt)
    input_sub_mu = inp - mu
    s12 = save_invstd.to(dt)
    s1 = s12.pow(2)
    s32 = s12.pow(3)
    gI = None
    input_mu_s32 = input_sub_mu * s32
    if ggI_e is not None:
        gxhat = gO * gamma_e
        gxhat_mu_sum = (gxhat * input_sub_mu).sum(1, keepdim=True)
        gxhat_sum = gxhat.sum(1, keepdim=True)
        ggI_sum = ggI_e.sum(1, keepdim=True)
        ggI_mu_sum = (ggI_e * input_sub_mu).sum(1, keepdim=True)
        all_sub = div_scalar(ggI_sum * gxhat_sum, N) - (ggI_e * gxhat).sum(1, keepdim=True) + \
            mul_scalar(s1 * gxhat_mu_sum * ggI_mu_sum, 3.0 / N)
        gI_0t = div_scalar(input_mu_s32 * all_sub, N)
        gI_1t = div_scalar(ggI_mu_sum * s32, N) * (div_scalar(gxhat_sum, N) - gxhat)
        gI_2t = div_scalar(gxhat_mu_sum * s32, N) * (div_scalar(ggI_sum, N) - ggI_e)
        gI = gI_0t + gI_1t + gI_2t
    if affine and ggG_e is not None:
        t0 = gO * ggG_e * s12
        t1 = div_scalar(s12 * (gO * ggG_e).sum(1, keepdim=True), -N)
        t2 = div_scalar(input_mu_s32 * (gO * ggG_e * input_sub_mu).sum(1, keepdim=True), -N)
        term = t0 + t1 + t2
        gI = term if gI is None else gI + term
    if gI is not None:
        gI = gI.reshape(shape)

    def first_bwd_fn_grad_input(gO_local, gamma_local):
        h0 = div_scalar(gamma_local * s12, N)
        h1 = mul_scalar(gO_local, N) - gO_local.sum(1, keepdim=True) - \
            input_sub_mu * s1 * (gO_local * input_sub_mu).sum(1, keepdim=True)
        return h0 * h1

    gG = None
    if affine and ggI_e is not None:
        gG = first_bwd_fn_grad_input(ggI_e, ones((), dtype=dt))
        gG = (gO * gG).sum(0).reshape(tuple(gamma.shape))
    ggO = None
    if ggI_e is not None:
        ggO = first_bwd_fn_grad_input(ggI_e, gamma_e)
    if ggG_e is not None:
        term = ggG_e * input_sub_mu * s12
        ggO = term if ggO is None else ggO + term
    if ggB_e is not None:
        ggO = ggB_e if ggO is None else ggO + ggB_e
    elif ggB is not None and ggO is not None:  # a bias without a weight: PyTorch adds an undefined tensor
        raise RuntimeError("Expected a proper Tensor but got None (or an undefined Tensor in C++) for argument #1 "
                           "'other'")
    if ggO is not None:
        ggO = ggO.expand(M, N).reshape(shape)
    return gI, gG, ggO


# --------------------------------------------------------------- value-selecting reductions
def value_selecting_backward(grad, dim, indices, sizes, keepdim):
    """FunctionsManual's ``value_selecting_reduction_backward``: ``zeros(sizes).scatter_(dim, indices,
    grad)`` (``ScatterBackward0`` over the gradient; ``grad`` and ``indices`` unsqueezed at ``dim``
    unless ``keepdim``).  ``indices``: an int64 array."""
    import numpy as np
    from .._tensor import _make
    from ..ops.shape_ext import scatter
    if not keepdim and len(sizes):
        grad = grad.unsqueeze(dim)
        indices = np.expand_dims(indices, dim)
    zeros = grad.new_zeros(tuple(sizes))
    return scatter(zeros, dim, _make(np.asarray(indices, np.int64)), grad)


def evenly_distribute_backward(grad, mask, count):
    """FunctionsManual's ``evenly_distribute_backward`` (CPU): ``grad.new_zeros(sizes).masked_fill_(mask,
    grad / mask.sum())`` (``MaskedFillBackward1`` over ``DivBackward0``)."""
    import numpy as np
    from .._tensor import _make
    from ..ops.pointwise import masked_fill
    zeros = grad.new_zeros(tuple(mask._data.shape))
    return masked_fill(zeros, mask, grad / _make(np.int64(count)))


# ------------------------------------------------------------------------- basic indexing
class SliceBackwardBackward0(Node):
    """``slice_backward(grad_output, input_sizes, dim, start, end, step)``."""

    __slots__ = ("dim", "start", "end", "step")

    def backward(self, gg):
        from ..ops import indexing
        idx = (slice(None),) * self.dim + (slice(self.start, self.end, self.step),)
        r = indexing.getitem(gg, idx)
        if r.grad_fn is not None:  # ``grad.slice(dim, start, end, step)``: always a SliceBackward0
            r.grad_fn.__class__ = indexing.SliceBackward0
        return r


class SelectBackwardBackward0(Node):
    """``select_backward(grad_output, input_sizes, dim, index)``."""

    __slots__ = ("dim", "index")

    def backward(self, gg):
        return gg.select(self.dim, self.index)


def _scatter_into_zeros(grad, sizes, idx):
    import numpy as np
    from .._tensor import _make
    gd = grad._data
    if _host(gd):
        out = np.zeros(sizes, gd.dtype)
    else:  # CuPy
        out = grad.new_zeros(tuple(sizes))._data
    out[idx] = gd
    return _make(out if out.ndim else out[()])


def slice_backward(grad, sizes, dim, start, end, step):
    """``aten.slice_backward``: zeros of ``sizes`` with ``grad`` written at ``[start:end:step]`` along ``dim``."""
    idx = (slice(None),) * dim + (slice(start, end, step),)
    return _record(SliceBackwardBackward0, lambda: _scatter_into_zeros(grad, sizes, idx), grad,
                   dim=dim, start=start, end=end, step=step)


def select_backward(grad, sizes, dim, index):
    """``aten.select_backward``: zeros of ``sizes`` with ``grad`` written at ``index`` along ``dim``."""
    idx = (slice(None),) * dim + (index, Ellipsis)
    return _record(SelectBackwardBackward0, lambda: _scatter_into_zeros(grad, sizes, idx), grad,
                   dim=dim, index=index)


def basic_index_backward(grad, sizes, index, sliced: bool):
    """The gradient of ``x[index]`` (a basic index: ints, slices, ``None``, ``...``) for ``x`` of shape
    ``sizes``, as PyTorch's chain of views differentiates it: the last step first, each ``select`` a
    ``select_backward``, each slice a ``slice_backward`` (full slices of a tuple index are no step), each
    ``None`` a ``squeeze``.  ``sliced``: the forward recorded ``SliceBackward0`` (``x[:]``, ``narrow``,
    ``slice``), so its last slice is a step even when it takes everything."""
    nd = len(sizes)
    n_spec = sum(1 for k in index if k is not None and k is not Ellipsis)
    steps = []  # (kind, dim, args, input sizes)
    last_slice = None  # a full slice left out: (position, step)
    cur = list(sizes)
    dim = 0
    for k in index:
        if k is Ellipsis:
            skip = nd - n_spec
            dim += skip
        elif k is None:
            steps.append(("unsqueeze", dim, None, tuple(cur)))
            cur.insert(dim, 1)
            dim += 1
        elif k.__class__ is int or not isinstance(k, slice):
            n = cur[dim]
            i = int(k)
            steps.append(("select", dim, i + n if i < 0 else i, tuple(cur)))
            del cur[dim]
        else:
            n = cur[dim]
            start, end, step = k.indices(n)
            end = max(end, start)
            last_slice = (len(steps), ("slice", dim, (start, end, step), tuple(cur)))
            if not (start == 0 and end == n and step == 1):
                steps.append(last_slice[1])
                cur[dim] = len(range(start, end, step))
                last_slice = None
            dim += 1
    if sliced and last_slice is not None and not any(s[0] == "slice" for s in steps):
        steps.insert(*last_slice)
    g = grad
    for kind, d, args, in_sizes in reversed(steps):
        if kind == "select":
            g = select_backward(g, in_sizes, d, args)
        elif kind == "slice":
            g = slice_backward(g, in_sizes, d, *args)
        else:
            g = g.squeeze(d)
    return g


# --------------------------------------------------------------------- binary cross entropy
class BinaryCrossEntropyBackwardBackward0(Node):
    """``binary_cross_entropy_backward(grad_output, self, target, weight, reduction)``; edges
    ``grad_output, self, target`` (the weight is not differentiable)."""

    __slots__ = ("red", "numel", "weight")

    def backward(self, gg):
        import numpy as np
        from ..nn._functional.loss import _MEAN
        from ..ops.pointwise import add_scalar, div_scalar, mul_scalar
        grad_output, x, t = self.saved()
        w = self.weight
        e = self._edges
        eps = 1e-12
        mean = self.red == _MEAN
        g_go = g_x = g_t = None
        if e[1] is not None:  # binary_cross_entropy_double_backward
            num = x * x - mul_scalar(x, 2) * t + t
            g_x = num / (add_scalar(x, eps).pow(2) * add_scalar(1 - x, eps).pow(2)) * (gg * grad_output)
            if w is not None:
                g_x = g_x * w
            if mean:
                g_x = div_scalar(g_x, self.numel)
        if e[2] is not None:  # binary_cross_entropy_double_backward_target
            g_t = -gg * grad_output
            if w is not None:
                g_t = g_t * w
            denom = (1 - x) * x
            # ``denom.clamp_min_(eps)`` under no_grad: the values change, the graph does not
            denom._data = np.maximum(denom._data, denom._data.dtype.type(eps))
            g_t = g_t / denom
            if mean:
                g_t = div_scalar(g_t, self.numel)
        if e[0] is not None:  # binary_cross_entropy_double_backward_grad_output
            g_go = (x - t) / (add_scalar(x, eps) * add_scalar(1 - x, eps)) * gg
            if w is not None:
                g_go = g_go * w
            if mean:
                g_go = div_scalar(g_go, self.numel)
        return g_go, g_x, g_t


def bce_grad_array(g, x, t, red, numel, w):
    """ATen's ``binary_cross_entropy_backward`` kernel: ``g * (x - t) / max((1 - x) * x, 1e-12)``, then
    ``* weight`` and ``/ numel`` for the mean."""
    import numpy as np
    from ..nn._functional.loss import _MEAN
    dt = x.dtype.type
    r = g * (x - t) / np.maximum((dt(1) - x) * x, dt(1e-12))
    if w is not None:
        r = r * w
    if red == _MEAN:
        r = r / dt(numel)
    return r


def binary_cross_entropy_backward(grad_output, x, t, weight, red, numel):
    """``aten.binary_cross_entropy_backward``: ember's first-order values in ATen's order; under grad
    mode a ``BinaryCrossEntropyBackwardBackward0`` node."""
    def compute():
        import numpy as np
        g, xd, td = grad_output._data, x._data, t._data
        wd = None if weight is None else weight._data
        if _host(g, xd, td, wd):
            xd = np.asarray(xd)
            if xd.dtype.kind == "f":
                with np.errstate(all="ignore"):
                    return _wrap_array(bce_grad_array(np.asarray(g, xd.dtype), xd, np.asarray(td, xd.dtype),
                                                      red, numel, None if wd is None else np.asarray(wd)))
        from ..nn._functional.loss import _MEAN
        r = grad_output * (x - t) / ((1 - x) * x).clamp_min(1e-12)
        if weight is not None:
            r = r * weight
        return r / numel if red == _MEAN else r
    return _record(BinaryCrossEntropyBackwardBackward0, compute, grad_output, x, t, red=red, numel=numel,
                   weight=weight)


def binary_cross_entropy_target_backward(grad, x, t, weight, red, numel):
    """FunctionsManual's ``binary_cross_entropy_target_backward``: ``-logit(x) * grad * weight`` (``/ numel``)."""
    from ..nn._functional.loss import _MEAN
    from ..ops.pointwise import div_scalar
    r = -x.logit() * grad
    if weight is not None:
        r = r * weight
    return div_scalar(r, numel) if red == _MEAN else r
