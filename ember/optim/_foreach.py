"""``torch._foreach_*``: one op applied to every tensor of a list.

PyTorch's CPU kernels for these ops take the "slow path": a loop calling the
per-tensor op (``t.add(other)``, ``t.lerp_(end, weight)``, ``linalg.vector_norm``
...), so the values here come from the same per-tensor ops.  As in PyTorch:

* out-of-place ops return a tuple of new tensors; in-place ops (``_``) modify
  the tensors and return the list they were given;
* the second argument may be a Python scalar, a list of scalars (one per
  tensor), a list of tensors, or (for ``add``/``sub``/``mul``/``div``) a
  single tensor used for every element;
* the list checks raise PyTorch's messages ("Tensor list must have at least one
  tensor.", "Tensor lists must have the same number of tensors, got 1 and 2",
  "Tensor list must have same number of elements as scalar list.").

Out-of-place results of tensors that require grad carry the per-tensor ops'
nodes renamed as PyTorch's fused foreach nodes (``ForeachMulBackward1Scalar``):
the gradients are the per-tensor ops' (as PyTorch's derivatives.yaml formulas).
PyTorch records one node for the whole list (output ``i`` is its output
``i``); ember keeps one node per tensor under that name.
"""
from __future__ import annotations

from .._tensor import Tensor

__all__: list = []

_UNARY = ("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp", "expm1", "floor", "frac",
          "lgamma", "log", "log10", "log1p", "log2", "neg", "reciprocal", "round", "rsqrt", "sigmoid", "sign",
          "sin", "sinh", "sqrt", "tan", "tanh", "trunc")


# ----------------------------------------------------------------- argument checks
def _check_self(tensors) -> list:
    """The tensor list: at least one tensor."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("Tensor list must have at least one tensor.")
    return tensors


def _check_same_length(tensors: list, others: list) -> None:
    if len(others) != len(tensors):
        raise RuntimeError(f"Tensor lists must have the same number of tensors, got {len(tensors)} and {len(others)}")


def _per_tensor_args(tensors: list, other) -> list:
    """One second operand per tensor: a list (of tensors or scalars) element-wise, anything else repeated."""
    if isinstance(other, (list, tuple)):
        if other and not isinstance(other[0], Tensor):
            if len(other) != len(tensors):
                raise RuntimeError("Tensor list must have same number of elements as scalar list.")
        else:
            _check_same_length(tensors, other)
        return list(other)
    return [other] * len(tensors)


def _scalar_values(tensors: list, scalars) -> list:
    """``value``/``weight`` of the ternary ops: a scalar, a scalar list or a 1-D tensor of scalars."""
    if isinstance(scalars, Tensor):
        if scalars.dim() == 0:
            return [scalars.item()] * len(tensors)
        scalars = scalars.tolist()
    return _per_tensor_args(tensors, scalars)


# ----------------------------------------------------------------- foreach node names
# PyTorch's node name of ``_foreach_<op>`` by the kind of its second argument
# ("Tensor": a single tensor operand)
_BINARY_NODE_NAMES = {
    "add": {"Scalar": "ForeachAddBackward1Scalar", "List": "ForeachAddBackward0List",
            "ScalarList": "ForeachAddBackward1ScalarList", "Tensor": "ForeachAddBackward1Scalar"},
    "sub": {"Scalar": "ForeachSubBackward1Scalar", "List": "ForeachSubBackward0List",
            "ScalarList": "ForeachSubBackward1ScalarList", "Tensor": "ForeachSubBackward1Scalar"},
    "mul": {"Scalar": "ForeachMulBackward1Scalar", "List": "ForeachMulBackward0List",
            "ScalarList": "ForeachMulBackward1ScalarList", "Tensor": "ForeachMulBackward0Tensor"},
    "div": {"Scalar": "ForeachDivBackward1Scalar", "List": "ForeachDivBackward0",
            "ScalarList": "ForeachDivBackward1ScalarList", "Tensor": "ForeachDivBackward0Tensor"},
    "pow": {"Scalar": "ForeachPowBackward0Scalar", "List": "ForeachPowBackward0",
            "ScalarList": "ForeachPowBackward1", "Tensor": "ForeachPowBackward0Scalar"},
    "clamp_min": {"Scalar": "ForeachClampMinBackward0Scalar", "List": "ForeachClampMinBackward1List",
                  "ScalarList": "ForeachClampMinBackward0ScalarList", "Tensor": "ForeachClampMinBackward0Scalar"},
    "clamp_max": {"Scalar": "ForeachClampMaxBackward0Scalar", "List": "ForeachClampMaxBackward1List",
                  "ScalarList": "ForeachClampMaxBackward0ScalarList", "Tensor": "ForeachClampMaxBackward0Scalar"},
    "maximum": {"Scalar": "ForeachMaximumBackward0", "List": "ForeachMaximumBackward0List",
                "ScalarList": "ForeachMaximumBackward1", "Tensor": "ForeachMaximumBackward0"},
    "minimum": {"Scalar": "ForeachMinimumBackward0", "List": "ForeachMinimumBackward0List",
                "ScalarList": "ForeachMinimumBackward1", "Tensor": "ForeachMinimumBackward0"},
}
_NAMED_NODE_CLASSES: dict = {}


def _argument_kind(other) -> str:
    """``Scalar``, ``ScalarList``, ``List`` (of tensors) or ``Tensor``: which overload PyTorch picks."""
    if isinstance(other, Tensor):
        return "Tensor"
    if isinstance(other, (list, tuple)):
        return "List" if other and isinstance(other[0], Tensor) else "ScalarList"
    return "Scalar"


def _unary_node_name(method: str) -> str:
    """``ForeachLog1PBackward0``: the op's name capitalised (a letter after a digit too)."""
    chars = []
    for i, ch in enumerate(method):
        chars.append(ch.upper() if i == 0 or method[i - 1].isdigit() else ch)
    return f"Foreach{''.join(chars)}Backward0"


def _named_node_class(cls: type, name: str) -> type:
    """A layout-compatible subclass of node class ``cls`` whose ``name()`` is ``name``."""
    key = (cls, name)
    named = _NAMED_NODE_CLASSES.get(key)
    if named is None:
        named = type(name, (cls,), {"__slots__": (), "name": lambda self: name})
        _NAMED_NODE_CLASSES[key] = named
    return named


def _as_foreach_nodes(inputs, results: tuple, name: str) -> tuple:
    """Rename the per-tensor nodes of ``results`` as PyTorch's foreach node ``name`` (a result that is
    its input, or shares its node, is left alone)."""
    for t, r in zip(inputs, results):
        node = r.grad_fn
        if node is not None and r is not t and node is not getattr(t, "grad_fn", None):
            node.__class__ = _named_node_class(type(node), name)
    return results


# ----------------------------------------------------------------- op factories
def _apply_unary(method: str, inplace: bool):
    def op(self):
        tensors = _check_self(self)
        if inplace:
            for t in tensors:
                getattr(t, method + "_")()
            return self
        return _as_foreach_nodes(tensors, tuple(getattr(t, method)() for t in tensors), _unary_node_name(method))
    op.__name__ = f"_foreach_{method}{'_' if inplace else ''}"
    op.__doc__ = f"``torch.{op.__name__}``: ``t.{method}{'_' if inplace else ''}()`` for every tensor ``t``."
    return op


def _scalar_operand(t: Tensor, value) -> Tensor:
    """A Python scalar as a 0-d tensor: of ``t``'s dtype for a floating ``t``, else of its own type."""
    from ..ops.creation import tensor as _tensor
    if t.is_floating_point() or t.is_complex():
        return _tensor(value, dtype=t.dtype)
    return _tensor(value)


def _binary_result(method: str, t: Tensor, other, alpha):
    """The out-of-place per-tensor op.  ``maximum``/``minimum`` with a scalar are the elementwise
    ops against it (PyTorch's derivative splits the gradient of a tie, unlike a clamp's)."""
    if method in ("maximum", "minimum") and not isinstance(other, Tensor):
        other = _scalar_operand(t, other)
    if alpha is not None:
        return getattr(t, method)(other, alpha=alpha)
    return getattr(t, method)(other)


def _apply_binary(method: str, inplace: bool, with_alpha: bool):
    def op(self, other, *, alpha=None):
        if alpha is not None and not with_alpha:
            raise TypeError(f"_foreach_{method}() got an unexpected keyword argument 'alpha'")
        tensors = _check_self(self)
        others = _per_tensor_args(tensors, other)
        if not inplace:
            results = tuple(_binary_result(method, t, o, alpha) for t, o in zip(tensors, others))
            return _as_foreach_nodes(tensors, results, _BINARY_NODE_NAMES[method][_argument_kind(other)])
        for t, o in zip(tensors, others):
            fn = getattr(t, method + "_", None)
            if fn is None or method in ("maximum", "minimum"):
                t.copy_(_binary_result(method, t, o, alpha))
            elif alpha is not None:
                fn(o, alpha=alpha)
            else:
                fn(o)
        return self
    op.__name__ = f"_foreach_{method}{'_' if inplace else ''}"
    op.__doc__ = f"``torch.{op.__name__}``: the per-tensor ``{method}`` with a scalar, scalar list or tensor(s)."
    return op


def _apply_pointwise3(method: str, inplace: bool):
    """``addcmul`` / ``addcdiv``: ``self + value * t1 (op) t2``."""
    def op(self, tensor1, tensor2, value=1):
        tensors = _check_self(self)
        _check_same_length(tensors, list(tensor1))
        _check_same_length(tensors, list(tensor2))
        values = _scalar_values(tensors, value)
        name = method + "_" if inplace else method
        out = tuple(getattr(t, name)(a, b, value=v) for t, a, b, v in zip(tensors, tensor1, tensor2, values))
        if inplace:
            return self
        if isinstance(value, Tensor):  # (PyTorch has no derivative for a tensor of values)
            return out
        kind = "ScalarList" if isinstance(value, (list, tuple)) else "Scalar"
        return _as_foreach_nodes(tensors, out, f"Foreach{method.capitalize()}Backward0{kind}")
    op.__name__ = f"_foreach_{method}{'_' if inplace else ''}"
    op.__doc__ = f"``torch.{op.__name__}``: ``t.{method}(t1, t2, value=v)`` for every tensor."
    return op


def _apply_lerp(inplace: bool):
    def op(self, tensors1, weight):
        tensors = _check_self(self)
        ends = list(tensors1)
        _check_same_length(tensors, ends)
        weights = _per_tensor_args(tensors, weight)
        name = "lerp_" if inplace else "lerp"
        out = tuple(getattr(t, name)(e, w) for t, e, w in zip(tensors, ends, weights))
        if inplace:
            return self
        kind = {"List": "Backward1List", "ScalarList": "Backward0ScalarList"}.get(_argument_kind(weight),
                                                                               "Backward0Scalar")
        return _as_foreach_nodes(tensors, out, f"ForeachLerp{kind}")
    op.__name__ = "_foreach_lerp_" if inplace else "_foreach_lerp"
    op.__doc__ = f"``torch.{op.__name__}``: ``t.lerp(end, weight)`` with a scalar, scalar list or tensor weights."
    return op


# ----------------------------------------------------------------- the namespace
def _install() -> None:
    ns = globals()
    for name in _UNARY:
        for inplace in (False, True):
            fn = _apply_unary(name, inplace)
            ns[fn.__name__] = fn
    for name, with_alpha in (("add", True), ("sub", True), ("mul", False), ("div", False), ("pow", False),
                             ("clamp_min", False), ("clamp_max", False), ("maximum", False), ("minimum", False)):
        for inplace in (False, True):
            fn = _apply_binary(name, inplace, with_alpha)
            ns[fn.__name__] = fn
    for name in ("addcmul", "addcdiv"):
        for inplace in (False, True):
            fn = _apply_pointwise3(name, inplace)
            ns[fn.__name__] = fn
    for inplace in (False, True):
        fn = _apply_lerp(inplace)
        ns[fn.__name__] = fn
    __all__.extend(n for n in ns if n.startswith("_foreach_"))


_install()
_pow_list = globals()["_foreach_pow"]


def _foreach_pow(self, exponent):  # noqa: F811
    """``torch._foreach_pow``: ``t ** exponent`` per tensor; a scalar base with a tensor list of exponents
    (``_foreach_pow(2.0, tensors)``) gives ``base ** t``."""
    if not isinstance(self, (list, tuple)) and not isinstance(self, Tensor):
        from ..ops.pointwise import pow as _pow
        exponents = _check_self(exponent)
        return _as_foreach_nodes(exponents, tuple(_pow(self, t) for t in exponents), "ForeachPowBackward2")
    return _pow_list(self, exponent)


def _foreach_zero_(self):
    """``torch._foreach_zero_``: ``t.zero_()`` for every tensor; returns the list."""
    for t in _check_self(self):
        t.zero_()
    return self


def _foreach_copy_(self, src, non_blocking: bool = False):
    """``torch._foreach_copy_``: ``t.copy_(s)`` pairwise; returns the list."""
    tensors = _check_self(self)
    sources = list(src)
    _check_same_length(tensors, sources)
    for t, s in zip(tensors, sources):
        t.copy_(s, non_blocking=non_blocking)
    return self


def _foreach_clone(self):
    """``torch._foreach_clone``: a clone of every tensor."""
    return tuple(t.clone() for t in _check_self(self))


def _foreach_norm(self, ord=2, dtype=None):
    """``torch._foreach_norm``: ``linalg.vector_norm(t, ord, dtype=dtype)`` of every tensor (0-d results)."""
    if isinstance(ord, str):
        raise TypeError(f"_foreach_norm(): argument 'ord' (position 2) must be Number, not {type(ord).__name__}")
    from ..linalg import vector_norm
    tensors = _check_self(self)
    return _as_foreach_nodes(tensors, tuple(vector_norm(t, ord, dtype=dtype) for t in tensors), "ForeachNormBackward0")


def _foreach_max(self):
    """``torch._foreach_max``: the maximum of every tensor (0-d results)."""
    tensors = _check_self(self)
    return _as_foreach_nodes(tensors, tuple(t.max() for t in tensors), "ForeachMaxBackward1")


def _foreach_powsum(self, ord=2, dtype=None):
    """``torch._foreach_powsum``: ``sum(|t| ** ord)`` of every tensor (0-d results)."""
    out = []
    for t in _check_self(self):
        if dtype is not None:
            t = t.to(dtype)
        out.append(t.abs().pow(ord).sum())
    return tuple(out)


def _foreach_mm(self, mat2):
    """``torch._foreach_mm``: ``t.mm(m)`` pairwise."""
    tensors = _check_self(self)
    mats = list(mat2)
    _check_same_length(tensors, mats)
    return tuple(t.mm(m) for t, m in zip(tensors, mats))


__all__.extend(["_foreach_pow", "_foreach_zero_", "_foreach_copy_", "_foreach_clone", "_foreach_norm",
                "_foreach_max", "_foreach_powsum", "_foreach_mm"])
