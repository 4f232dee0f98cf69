"""Shared machinery of the spatial functionals (conv, pooling, sampling, attention, rnn).

* ``linear_op``: run a *linear* NumPy map and record a node whose backward is
  the adjoint map, itself recorded as a node whose backward is the original
  map.  Pooling, padding, upsampling, unfold/fold and the max-pool scatter are
  all linear in the tensor they differentiate, so this one helper makes them
  differentiable to any order with two NumPy kernels each.
* ``not_implemented``: wrap a gradient computed in NumPy under
  ``create_graph=True`` for ops PyTorch only differentiates once (fused
  attention); backward through it raises PyTorch's error.
"""
from __future__ import annotations

from ...ops._common import GRAD, Node, Tensor, _make, finish


def node_class(name: str, base: type) -> type:
    """A ``Node`` subclass called ``name`` (PyTorch's grad_fn name)."""
    return type(name, (base,), {"__slots__": ()})


class _LinearNode(Node):
    """Backward of a linear map ``fwd``: the adjoint map, recorded the same way."""

    __slots__ = ("fwd", "adj", "adj_cls")

    def backward(self, g):
        if self._saved is None or self._saved:
            self.saved()   # PyTorch's errors for freed / modified saved inputs
        return linear_op(g, self.adj, self.fwd, self.adj_cls, type(self))

    def vjp(self, g):
        """Raw-array backward (engine fast path when not recording)."""
        if self._saved is None or self._saved:
            self.saved()
        return (self.adj(g),)


def linear_node(name: str) -> type:
    return node_class(name, _LinearNode)


def linear_op(x: Tensor, fwd, adj, cls: type, adj_cls: type, save: bool = False, data=None) -> Tensor:
    """``fwd(x._data)`` as a tensor whose grad_fn (``cls``) applies ``adj``.

    ``adj`` must be the adjoint (transpose) of ``fwd``; its node is ``adj_cls``
    and its own backward applies ``fwd`` again (node ``cls``).  With ``save``
    the input is saved (as PyTorch saves it), so a second backward or an
    in-place change raises PyTorch's errors.  ``data`` overrides the forward
    result (affine maps such as padding with a nonzero value).
    """
    if data is None:
        data = fwd(x._data)
    if GRAD.enabled and x._rg:
        node = cls((x,))
        node.fwd = fwd
        node.adj = adj
        node.adj_cls = adj_cls
        if save:
            node.save(x)
        return finish(data, node)
    return _make(data)


class NotImplementedNode(Node):
    """Stands for a derivative PyTorch does not implement (once-differentiable ops)."""

    __slots__ = ("what",)

    def backward(self, *grads):
        raise RuntimeError(f"derivative for {self.what} is not implemented")


NotImplemented_ = node_class("NotImplemented", NotImplementedNode)


def not_implemented(data, inputs, what: str) -> Tensor:
    """Wrap a NumPy gradient; differentiating it again raises PyTorch's error."""
    if GRAD.enabled and any(isinstance(t, Tensor) and t._rg for t in inputs):
        node = NotImplemented_(tuple(inputs))
        node.what = what
        return finish(data, node)
    return _make(data)


class OnceDifferentiableNode(Node):
    """A node whose gradient is computed by ``_raw(g_array)`` in NumPy (PyTorch's ops without a
    double-backward formula): ``vjp`` is ``_raw``; ``backward`` wraps its arrays, and under
    ``create_graph`` differentiating them again raises PyTorch's "not implemented" error.

    Subclasses set ``aten_backward`` (the op PyTorch names in that error) and may override
    ``backward_inputs`` (the tensors the gradient depends on)."""

    __slots__ = ()
    aten_backward = ""

    def vjp(self, g):
        return self._raw(g)

    def backward_inputs(self) -> tuple:
        return tuple(t for t in self.saved() if t is not None)

    def backward(self, g):
        outs = self._raw(g._data)
        if not GRAD.enabled:
            return tuple(None if o is None else _make(o) for o in outs)
        ins = (g,) + self.backward_inputs()
        return tuple(None if o is None else not_implemented(o, ins, self.aten_backward) for o in outs)


def not_tensor(value, fn: str, arg: str = "input", pos: int = 1):
    """PyTorch's argument-parser error for a functional given something other than a tensor
    (``F.softplus(2)``: ``softplus(): argument 'input' (position 1) must be Tensor, not int``).
    Callers test ``x.__class__ is not Tensor`` first, so an ordinary call pays one comparison."""
    if isinstance(value, Tensor):
        return
    from ...ops._argerrors import type_name
    raise TypeError(f"{fn}(): argument '{arg}' (position {pos}) must be Tensor, not {type_name(value)}")


def no_method(value, method: str):
    """The ``AttributeError`` of a PyTorch functional written as ``input.<method>()`` (``F.sigmoid(2)``)."""
    if isinstance(value, Tensor):
        return
    raise AttributeError(f"'{type(value).__name__}' object has no attribute '{method}'")


def check_tensor_args(fn: str, args) -> None:
    """PyTorch's argument-parser error for the first of ``args`` -- ``(name, position, value,
    optional)`` in the ATen signature's order -- that is not a tensor (``optional``: None allowed).
    Called on the rare path only, once a cheap test has seen a non-tensor."""
    for name, pos, value, optional in args:
        if value is None and optional:
            continue
        if not isinstance(value, Tensor):
            from ...ops._argerrors import type_name
            raise TypeError(f"{fn}(): argument '{name}' (position {pos}) must be Tensor, not {type_name(value)}")
