"""PyTorch's differentiable backward kernels, for gradients taken with ``create_graph=True``.

PyTorch computes the gradient of ``tanh``, ``sigmoid``, ``relu`` and
``leaky_relu`` with dedicated ops (``tanh_backward`` ...), so a first
derivative built under ``create_graph`` prints as
``grad_fn=<TanhBackwardBackward0>`` and stays connected to the graph even
when its value does not depend on the input (``relu``: its second derivative
is zero, not an error).  ``tanh_backward(grad, output)`` & co. here compute
the same values as ember's formulas, and when grad mode is on and an operand
requires grad they record such a node, whose own backward follows PyTorch's
``derivatives.yaml`` (so third and higher derivatives keep working).
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


def _zeros(like):
    from ..ops.creation import zeros_like
    return zeros_like(like)


def _on_arrays(kernel, grad_output, other):
    """A backward kernel's array result as a tensor (grad mode is off here)."""
    from .._tensor import _make
    return _make(kernel(grad_output._data, other._data))


def _record(cls, compute, grad_output, other, **attrs):
    """``compute()`` with grad mode off; a ``cls`` node over (grad_output, other) when either requires grad."""
    if not (STATE.enabled and (grad_output._rg or other._rg)):
        return compute()
    STATE.enabled = False
    try:
        value = compute()
    finally:
        STATE.enabled = True
    node = cls((grad_output, other))
    for k, v in attrs.items():
        setattr(node, k, v)
    node.save(grad_output, other)
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
