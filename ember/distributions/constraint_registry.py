"""``torch.distributions.constraint_registry``: ``biject_to`` / ``transform_to``.

Each registry maps a constraint *type* to a factory ``factory(constraint) ->
Transform`` whose codomain is that constraint.  ``biject_to`` only holds
bijections; ``transform_to`` may use cheaper non-injective maps (softmax,
lower-Cholesky).  The built-in entries below are a table, filled in the same
way PyTorch registers them, so the same constraint yields the same transform.
"""
from __future__ import annotations

from typing import Callable, Optional

from . import constraints, transforms

__all__ = ["ConstraintRegistry", "biject_to", "transform_to"]

_Number = (int, float, bool)
_Factory = Callable[[constraints.Constraint], transforms.Transform]


class ConstraintRegistry:
    """Constraint type -> transform factory; call it with a constraint instance."""

    def __init__(self) -> None:
        self._registry: dict = {}
        super().__init__()

    def register(self, constraint, factory: Optional[_Factory] = None):
        """Register ``factory`` for a ``Constraint`` subclass (or an instance's type).

        Without ``factory`` this returns a decorator.  A later registration for
        the same type replaces the earlier one."""
        if factory is None:
            return lambda fn: self.register(constraint, fn)
        key = type(constraint) if isinstance(constraint, constraints.Constraint) else constraint
        if not (isinstance(key, type) and issubclass(key, constraints.Constraint)):
            raise TypeError(
                f"Expected constraint to be either a Constraint subclass or instance, but got {key}"
            )
        self._registry[key] = factory
        return factory

    def __call__(self, constraint) -> transforms.Transform:
        """The transform onto ``constraint`` (``NotImplementedError`` if its type is unknown)."""
        factory = self._registry.get(type(constraint))
        if factory is None:
            raise NotImplementedError(f"Cannot transform {type(constraint).__name__} constraints")
        return factory(constraint)


biject_to = ConstraintRegistry()
transform_to = ConstraintRegistry()


# --------------------------------------------------------------------------- factories


def _identity(constraint):
    return transforms.identity_transform


def _exp(constraint):
    return transforms.ExpTransform()


def _shifted_exp(constraint):
    """``lower_bound + exp(x)``."""
    return transforms.ComposeTransform(
        [transforms.ExpTransform(), transforms.AffineTransform(constraint.lower_bound, 1)])


def _reflected_exp(constraint):
    """``upper_bound - exp(x)``."""
    return transforms.ComposeTransform(
        [transforms.ExpTransform(), transforms.AffineTransform(constraint.upper_bound, -1)])


def _scaled_sigmoid(constraint):
    """``sigmoid`` alone for the literal unit interval, else rescaled onto ``[lower, upper]``."""
    lower, upper = constraint.lower_bound, constraint.upper_bound
    if isinstance(lower, _Number) and lower == 0 and isinstance(upper, _Number) and upper == 1:
        return transforms.SigmoidTransform()
    return transforms.ComposeTransform(
        [transforms.SigmoidTransform(), transforms.AffineTransform(lower, upper - lower)])


def _new(transform_cls: type) -> _Factory:
    """_Factory ignoring the constraint: a fresh ``transform_cls()``."""
    return lambda constraint: transform_cls()


def _recursive(registry: ConstraintRegistry, kind: str) -> _Factory:
    """_Factory for the composite constraints, recursing into ``registry``."""
    if kind == "independent":
        return lambda c: transforms.IndependentTransform(registry(c.base_constraint), c.reinterpreted_batch_ndims)
    if kind == "cat":
        return lambda c: transforms.CatTransform([registry(part) for part in c.cseq], c.dim, c.lengths)
    return lambda c: transforms.StackTransform([registry(part) for part in c.cseq], c.dim)


_BOTH = (biject_to, transform_to)
_BIJECT = (biject_to,)
_TRANSFORM = (transform_to,)

# (registries, constraint types, factory); rows are registered top to bottom.
_TABLE = [
    (_BOTH, (constraints.real,), _identity),
    (_BOTH, (constraints.positive, constraints.nonnegative), _exp),
    (_BOTH, (constraints.greater_than, constraints.greater_than_eq), _shifted_exp),
    (_BOTH, (constraints.less_than,), _reflected_exp),
    (_BOTH, (constraints.interval, constraints.half_open_interval), _scaled_sigmoid),
    (_BIJECT, (constraints.simplex,), _new(transforms.StickBreakingTransform)),
    (_TRANSFORM, (constraints.simplex,), _new(transforms.SoftmaxTransform)),
    (_TRANSFORM, (constraints.lower_cholesky,), _new(transforms.LowerCholeskyTransform)),
    (_TRANSFORM, (constraints.positive_definite, constraints.positive_semidefinite),
     _new(transforms.PositiveDefiniteTransform)),
    (_BOTH, (constraints.corr_cholesky,), _new(transforms.CorrCholeskyTransform)),
]
for _registry in _BOTH:
    for _kind in ("independent", "cat", "stack"):
        _TABLE.append(((_registry,), (getattr(constraints, _kind),), _recursive(_registry, _kind)))

for _registries, _constraint_types, _factory in _TABLE:
    for _registry in _registries:
        for _constraint in _constraint_types:
            _registry.register(_constraint, _factory)

del _registries, _constraint_types, _factory, _registry, _constraint, _kind
