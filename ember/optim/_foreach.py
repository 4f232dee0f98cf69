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
``grad_fn`` (``MulBackward0``), where PyTorch shows its fused foreach nodes
(``ForeachMulBackward1Scalar``); the gradients are the same.
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


# ----------------------------------------------------------------- op factories
def _apply_unary(method: str, inplace: bool):
    def op(self):
        tensors = _check_self(self)
        if inplace:
            for t in tensors:
                getattr(t, method + "_")()
            return self
        return tuple(getattr(t, method)() for t in tensors)
    op.__name__ = f"_foreach_{method}{'_' if inplace else ''}"
    op.__doc__ = f"``torch.{op.__name__}``: ``t.{method}{'_' if inplace else ''}()`` for every tensor ``t``."
    return op


def _binary_result(method: str, t: Tensor, other, alpha):
    """The out-of-place per-tensor op (``maximum``/``minimum`` with a scalar are clamps)."""
    if method in ("maximum", "minimum") and not isinstance(other, Tensor):
        return t.clamp_min(other) if method == "maximum" else t.clamp_max(other)
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
            return tuple(_binary_result(method, t, o, alpha) for t, o in zip(tensors, others))
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
        return self if inplace else out
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
        return self if inplace else out
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
        return tuple(_pow(self, t) for t in _check_self(exponent))
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
    return tuple(vector_norm(t, ord, dtype=dtype) for t in _check_self(self))


def _foreach_max(self):
    """``torch._foreach_max``: the maximum of every tensor (0-d results)."""
    return tuple(t.max() for t in _check_self(self))


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
