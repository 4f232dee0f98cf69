"""Custom differentiable ops: ``ember.autograd.Function`` (like ``torch.autograd.Function``).

Subclass it with static ``forward(ctx, *args)`` and ``backward(ctx, *grads)``
and call ``MyFn.apply(*args)``.  The recorded node is named
``<ClassName>Backward`` as in PyTorch.  ``ctx`` offers
``save_for_backward``/``saved_tensors``, ``needs_input_grad``,
``mark_non_differentiable``, ``mark_dirty``, ``set_materialize_grads``.
"""
from __future__ import annotations

import functools
from typing import Any

from .grad_mode import STATE
from .graph import Node


class FunctionCtx:
    """The ``ctx`` object handed to ``forward``/``backward``."""

    def save_for_backward(self, *tensors) -> None:
        self._to_save = tensors

    def mark_non_differentiable(self, *tensors) -> None:
        self._non_diff = {id(t) for t in tensors}

    def mark_dirty(self, *tensors) -> None:
        self._dirty = tensors

    def set_materialize_grads(self, value: bool) -> None:
        self._materialize = value


class BackwardCFunction(Node):
    """The node for a custom Function; subclassed per Function as ``<Name>Backward``."""

    __slots__ = ("_fn_cls", "ctx", "_n_out", "_out_meta", "_tensor_in")
    multi_output = True
    _user_rule = True

    def __repr__(self) -> str:  # a Python class in PyTorch: <torch.autograd.function.XBackward object at ...>
        return object.__repr__(self)

    @property
    def num_outputs(self) -> int:
        return self._n_out

    @property
    def saved_tensors(self):
        return self.ctx.saved_tensors

    def backward(self, *grads):
        """Call the user's ``backward`` as PyTorch's ``PyNode::apply`` does: a tensor output that got
        no gradient gets zeros of its shape and dtype (unless ``ctx.set_materialize_grads(False)``),
        a non-tensor output always ``None``; the result must hold ``None`` or a tensor for each tensor
        input and ``None`` for every other input."""
        from ..ops.creation import zeros
        ctx = self.ctx
        if getattr(ctx, "_materialize", True):
            grads = tuple(
                zeros(meta[0], dtype=_dt(meta[1])) if g is None and meta is not None else g
                for g, meta in zip(grads, self._out_meta)
            )
        res = self._fn_cls.backward(ctx, *grads)
        if not isinstance(res, tuple):
            res = (res,)
        n_in = len(self._edges)
        if len(res) != n_in:
            if len(res) > n_in and all(r is None for r in res[n_in:]):
                res = res[:n_in]
            else:
                raise RuntimeError(
                    f"function {type(self).__name__} returned an incorrect number of gradients (expected {n_in}, "
                    f"got {len(res)})"
                )
        for i, (r, is_t) in enumerate(zip(res, self._tensor_in)):
            if r is None:
                continue
            if not is_t:
                raise RuntimeError(
                    f"function {type(self).__name__} returned a gradient different than None at position {i + 1}, "
                    "but the corresponding forward input was not a Variable")
            if not isinstance(r, _tensor_cls()):
                raise RuntimeError(f"expected Variable or None (got {type(r).__name__})")
        return res


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


def _dt(np_dtype):
    from .. import _dtype
    return _dtype.from_numpy_dtype(np_dtype)


class _SavedAccess:
    def __get__(self, ctx, owner=None):
        if ctx is None:
            return self
        saved = getattr(ctx, "_saved", ())
        node = getattr(ctx, "_node", None)
        if node is not None:
            if node._ext is None:
                return node.saved()
            from ._saved_hooks import saved_values  # (packed by saved_tensors_hooks, or other node state)
            return saved_values(node)
        return saved


FunctionCtx.saved_tensors = _SavedAccess()


class FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        # PyTorch makes this class in torch.autograd.function, which its repr shows
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,),
                                 {"__slots__": (), "__module__": "torch.autograd.function"})


class Function(metaclass=FunctionMeta):
    """Base class for custom autograd ops (``torch.autograd.Function``)."""

    def __init__(self, *args, **kwargs) -> None:
        """Instances are deprecated in PyTorch: warn as it does (the methods are static)."""
        import warnings
        warnings.warn(
            f"{self.__class__} should not be instantiated. Methods on autograd functions "
            "are all static, so you should invoke them on the class itself. "
            "Instantiating an autograd function will raise an "
            "error in a future version of PyTorch.",
            DeprecationWarning,
            stacklevel=2,
        )

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. "
            "Please use new-style autograd function with static forward method. "
            "(Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def setup_context(ctx, inputs, output):
        return None

    @classmethod
    def apply(cls, *args, **kwargs):
        from .._tensor import Tensor, _make
        tensor_args = [a for a in args if isinstance(a, Tensor)]
        needs = STATE.enabled and any(a._rg for a in tensor_args)
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._rg for a in args)
        prev = STATE.enabled
        STATE.enabled = False
        try:
            if _overrides(cls, "setup_context"):
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        finally:
            STATE.enabled = prev
        single = not isinstance(out, tuple)
        outs = (out,) if single else out
        if not needs:
            return out
        node = cls._backward_cls(args)
        node._fn_cls = cls
        node.ctx = ctx
        node._n_out = len(outs)
        node._out_meta = [(o._data.shape, o._data.dtype) if isinstance(o, Tensor) else None for o in outs]
        node._tensor_in = tuple(isinstance(a, Tensor) for a in args)
        ctx._node = node
        to_save = getattr(ctx, "_to_save", ())
        for i, t in enumerate(to_save):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {i} is of type "
                                f"{type(t).__name__}")
        node.save(*to_save)
        non_diff = getattr(ctx, "_non_diff", set())
        dirty = {id(t) for t in getattr(ctx, "_dirty", ())}
        wrapped = []
        for i, o in enumerate(outs):
            if not isinstance(o, Tensor):
                wrapped.append(o)
                continue
            if id(o) in non_diff or o._data.dtype.kind not in "fc":
                # not differentiable (marked, or an integer/bool dtype): no history; an input comes back as
                # an alias, detached if it requires grad (PyTorch's ``_wrap_outputs``)
                if id(o) in dirty:
                    pass
                elif any(o is a for a in args):
                    o = o.detach()
                elif o._rg:
                    o.detach_()
                wrapped.append(o)
                continue
            if id(o) in dirty:
                if o._rg and o.grad_fn is None:
                    raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
                o.grad_fn = node
                o._rg = True
                o._out_nr = i
                wrapped.append(o)
                continue
            if any(o is a for a in args) or o.grad_fn is not None or o._rg:
                t = _make(o._data, node)
                t._vc = o._shared_vc()
                if any(o is a for a in args):  # an input returned as-is: PyTorch's output is a view of it
                    mark_custom_view(t, o)
            else:
                t = o
                t.grad_fn = node
                t._rg = True
                if t._base is not None:  # a view made inside forward
                    t._ext = dict(t._ext or {}, view_meta="custom")
            t._out_nr = i
            wrapped.append(t)
        if node._saved:
            # a saved output must point at the wrapped tensor so versions line up
            node._saved = tuple(_swap(s, outs, wrapped) for s in node._saved)
            node.save(*node._saved)
        return wrapped[0] if single else tuple(wrapped)


def mark_custom_view(t, src) -> None:
    """Make ``t`` a view of ``src`` made by a custom Function: in-place ops on it raise PyTorch's error."""
    t._base = src._base if src._base is not None else src
    t._ext = {"view_meta": "custom"}


def _swap(t, outs, wrapped):
    for o, w in zip(outs, wrapped):
        if t is o:
            return w
    return t


def _overrides(cls, name: str) -> bool:
    return getattr(cls, name) is not getattr(Function, name)


def once_differentiable(fn):
    """Decorator for ``backward``: run it with grad mode off (no double backward)."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        prev = STATE.enabled
        STATE.enabled = False
        try:
            return fn(ctx, *args)
        finally:
            STATE.enabled = prev
    return wrapper


class InplaceFunction(Function):
    def __init__(self, inplace: bool = False) -> None:
        self.inplace = inplace


class NestedIOFunction(Function):
    pass
