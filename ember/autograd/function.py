"""Custom differentiable ops: ``ember.autograd.Function`` (like ``torch.autograd.Function``).

Subclass it with static ``forward(ctx, *args)`` and ``backward(ctx, *grads)``
and call ``MyFn.apply(*args)``.  The recorded node is named
``<ClassName>Backward`` as in PyTorch.  ``ctx`` offers
``save_for_backward``/``saved_tensors``, ``needs_input_grad``,
``mark_non_differentiable``, ``mark_dirty``, ``set_materialize_grads``.
"""
from __future__ import annotations

import contextlib
import functools
from typing import Any, NamedTuple

from .grad_mode import STATE
from .graph import Node


class FunctionCtx:
    """The ``ctx`` object handed to ``forward``/``backward``."""

    def save_for_backward(self, *tensors) -> None:
        self._to_save = tensors

    def save_for_forward(self, *tensors) -> None:
        """Tensors the Function's ``jvp`` reads as ``ctx.saved_tensors`` (forward-mode AD)."""
        from .._tensor import Tensor
        if not all(t is None or isinstance(t, Tensor) for t in tensors):  # (PyTorch's assert)
            raise AssertionError("save_for_forward expects all arguments to be tensors; you should save non-tensors "
                                 "as attributes on ctx.")
        self._fw_saved = tensors

    def mark_non_differentiable(self, *tensors) -> None:
        self._non_diff = {id(t) for t in tensors}

    def mark_dirty(self, *tensors) -> None:
        self._dirty = tensors

    def set_materialize_grads(self, value: bool) -> None:
        self._materialize = value


class BackwardCFunction(Node):
    """The node for a custom Function; subclassed per Function as ``<Name>Backward``."""

    __slots__ = ("_fn_cls", "ctx", "_n_out", "_out_meta", "_tensor_in", "_saved_out_nrs")
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

    def _saved_output_nr(self, t):
        """PyTorch names a saved output of a custom Function after the Function (``output 0 of
        MyFn``) in the version-mismatch error, whatever in-place op has rebased it since."""
        nrs = getattr(self, "_saved_out_nrs", None)
        if not nrs:
            return None
        return nrs.get(id(t))

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


BackwardCFunction.__module__ = "torch.autograd.function"  # as PyTorch's class shows in an MRO or repr


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

    generate_vmap_rule = False

    @staticmethod
    def vmap(info, in_dims, *args):
        raise NotImplementedError(
            "To use autograd.Function with vmap, you must either override the vmap staticmethod or set "
            "generate_vmap_rule=True.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        return None

    @classmethod
    def apply(cls, *args, **kwargs):
        if TRANSFORMS.stack:
            return _apply_under_transforms(cls, args, kwargs)
        return cls._apply_eager(*args, **kwargs)

    @classmethod
    def _apply_eager(cls, *args, **kwargs):
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
        for t in getattr(ctx, "_dirty", ()):  # PyTorch's ``_mark_dirty`` bumps each dirty tensor's version
            if isinstance(t, Tensor):
                t._bump_version()
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
                if o._base is not None and o._ext and "view_fn" in o._ext:
                    _rebase_dirty_view(o, node, i, len(outs))
                    wrapped.append(o)
                    continue
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
                elif o._base is not None:  # a view made inside forward (of an input needing grad)
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
            node._saved_out_nrs = _saved_output_positions(node._saved, wrapped)
        return wrapped[0] if single else tuple(wrapped)


def _rebase_dirty_view(o, node, i: int, n_outs: int) -> None:
    """PyTorch's ``rebase_history`` for a view marked dirty: the base's history becomes a ``CopySlices``
    whose view part runs the Function's backward, and the view's grad_fn is regenerated from the base."""
    from .._tensor import _make
    from ..ops.inplace import check_inplace_allowed, copy_slices
    from ..ops.shape import regenerated_grad_fn
    check_inplace_allowed(o)
    if n_outs != 1:
        raise RuntimeError(
            "If your Function modifies inplace an input that is a view of another Tensor, your Function cannot "
            "return more than one Tensor. This is not supported by the current autograd engine. You should either "
            "make sure the input is not a view (using .clone() for example) or make your Function only return one "
            "Tensor (potentially splitting it into two Functions: one doing the inplace that returns a single Tensor "
            "and a second one that does the other operations). You can ask on the forum "
            "https://discuss.pytorch.org/ if you need help to do this change.")
    base = o._base
    r = _make(o._data, node)
    r._out_nr = i
    cs = copy_slices(base, node, o._ext["view_fn"], i)
    base.grad_fn = cs
    base._rg = True
    base._out_nr = 0
    o.grad_fn = regenerated_grad_fn(cs.view_fn(base).grad_fn)
    o._rg = True


def mark_custom_view(t, src) -> None:
    """Make ``t`` a view of ``src`` made by a custom Function: in-place ops on it raise PyTorch's error."""
    t._base = src._base if src._base is not None else src
    t._ext = {"view_meta": "custom"}


def _saved_output_positions(saved, wrapped) -> dict:
    """``{id(saved tensor): output index}`` for the saved tensors that are outputs of the Function."""
    positions = {}
    for t in saved:
        for i, w in enumerate(wrapped):
            if t is w:
                positions[id(t)] = i
                break
    return positions


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


# ----- custom Functions under torch.func transforms ----------------------------------------------------
class _Transforms:
    """The torch.func transforms running user code, innermost last (PyTorch's functorch
    interpreter stack): a ``VmapFrame`` for ``vmap``, ``None`` for the autodiff transforms."""

    __slots__ = ("stack",)

    def __init__(self) -> None:
        self.stack = []


TRANSFORMS = _Transforms()


@contextlib.contextmanager
def transform_running(frame=None):
    """Mark user code as running under a torch.func transform (``frame``: a vmap's ``VmapFrame``)."""
    TRANSFORMS.stack.append(frame)
    try:
        yield
    finally:
        TRANSFORMS.stack.pop()


class VmapInfo(NamedTuple):
    """What a custom Function's ``vmap`` staticmethod receives first (``torch._functorch``'s ``VmapInfo``)."""
    batch_size: int
    randomness: str


class VmapFrame:
    """One running ``vmap`` (ember runs ``func`` once per index of the mapped dimension).

    ``sources`` maps ``id`` of each argument handed to ``func`` to its batched tensor and mapped
    dimension (``None`` for an unmapped argument), so that a custom Function called on them can get
    its ``vmap`` staticmethod's batched call, made once (for index 0) and sliced for every index.
    """

    __slots__ = ("batch_size", "randomness", "index", "sources", "calls", "results")

    def __init__(self, batch_size: int, randomness: str) -> None:
        self.batch_size = batch_size
        self.randomness = randomness
        self.index = 0
        self.sources = {}
        self.calls = 0
        self.results = {}

    def start_index(self, index: int, sources: dict) -> None:
        self.index = index
        self.sources = sources
        self.calls = 0


_NEEDS_SETUP_CONTEXT = (
    "In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, ...), it must "
    "override the setup_context staticmethod. For more details, please see "
    "https://pytorch.org/docs/main/notes/extending.func.html")


# ember's own Functions that stand in for PyTorch native ops, which the transforms accept as they are
# (``(last module name, class name)``; a class may also set ``_native_op = True``).
_NATIVE_OP_FUNCTIONS = frozenset({("multivariate_normal", "_SolveLowerTriangular"), ("gamma", "_StandardGamma")})


def _is_native_op(cls) -> bool:
    if getattr(cls, "_native_op", False):
        return True
    return (cls.__module__.rsplit(".", 1)[-1], cls.__qualname__) in _NATIVE_OP_FUNCTIONS


def _apply_under_transforms(cls, args, kwargs):
    """``Function.apply`` inside a torch.func transform, with PyTorch's requirements and vmap rules."""
    if _is_native_op(cls):
        return cls._apply_eager(*args, **kwargs)
    if not _overrides(cls, "setup_context"):
        raise RuntimeError(_NEEDS_SETUP_CONTEXT)
    frame = TRANSFORMS.stack[-1]
    if frame is None:
        return cls._apply_eager(*args, **kwargs)
    in_dims = _vmap_in_dims(frame, args)
    if in_dims is None or all(d is None for d in in_dims):
        return cls._apply_eager(*args, **kwargs)  # no argument known to be mapped: an ordinary call
    _check_vmap_support(cls)
    if getattr(cls, "generate_vmap_rule", False):
        return cls._apply_eager(*args, **kwargs)  # the generated rule: forward on each slice
    return _slice_of_vmap_rule(cls, frame, in_dims, args, kwargs)


def _vmap_in_dims(frame, args):
    """Each argument's mapped dimension, or None when one of them is a tensor the vmap did not
    hand to ``func`` (computed inside it: its batched form is not known here)."""
    from .._tensor import Tensor
    dims = []
    for a in args:
        if not isinstance(a, Tensor):
            dims.append(None)
            continue
        source = frame.sources.get(id(a))
        if source is None:
            return None
        dims.append(source[1])
    return tuple(dims)


def _check_vmap_support(cls) -> None:
    """PyTorch's errors for a Function that cannot be vmapped as declared."""
    overridden = _overrides(cls, "vmap")
    if getattr(cls, "generate_vmap_rule", False):
        if overridden:
            raise RuntimeError(
                f"You tried to vmap over {cls.__name__}, but it has both generate_vmap_rule=True and an overridden "
                "vmap staticmethod. Please set generate_vmap_rule=False or delete the overridden vmap staticmethod "
                "to avoid ambiguity. For more details, please see "
                "https://pytorch.org/docs/main/notes/extending.func.html")
        return
    if not overridden:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please override and "
            "implement the vmap staticmethod or set generate_vmap_rule=True. For more details, please see "
            "https://pytorch.org/docs/main/notes/extending.func.html")


def _slice_of_vmap_rule(cls, frame, in_dims, args, kwargs):
    """Run the user's ``vmap`` staticmethod once on the batched arguments; return this index's slice."""
    batched = tuple(a if d is None else frame.sources[id(a)][0] for a, d in zip(args, in_dims))
    key = (frame.calls, cls, tuple(id(a) for a in batched), in_dims)
    frame.calls += 1
    cached = frame.results.get(key)
    if cached is None:
        info = VmapInfo(batch_size=frame.batch_size, randomness=frame.randomness)
        TRANSFORMS.stack.pop()  # the rule runs at the next level out
        try:
            result = cls.vmap(info, in_dims, *batched, **kwargs)
        finally:
            TRANSFORMS.stack.append(frame)
        _check_vmap_rule_result(result)
        cached = (batched, result)  # (the batched arguments are kept alive with their ids)
        frame.results[key] = cached
    output, out_dims = cached[1]
    return _select_outputs(output, out_dims, frame.index)


def _check_vmap_rule_result(result) -> None:
    base = ("Expected the vmap staticmethod to have two returns, an output and out_dims with pytree structure "
            "compatible with the output. ")
    if not isinstance(result, tuple):
        raise RuntimeError(base + f"Got a {type(result)} instead")
    if len(result) != 2:
        raise RuntimeError(base + f"Got {len(result)} returns instead")


def _select_outputs(output, out_dims, index):
    """Index ``index`` of a batched output (a tensor or tuple; ``out_dims`` an int, None or a tuple)."""
    from .._tensor import Tensor
    if isinstance(output, tuple):
        dims = out_dims if isinstance(out_dims, tuple) else (out_dims,) * len(output)
        return tuple(_select_outputs(o, d, index) for o, d in zip(output, dims))
    if isinstance(output, Tensor) and out_dims is not None:
        return output.select(out_dims, index)
    return output
