"""``torch.distributions.transforms``: invertible maps with log-det-Jacobians.

Layout (ember's own): :class:`Transform` holds caching, inversion and the
``with_cache`` protocol; parameter-free maps derive from :class:`_Stateless`
(equal to any instance of their kind), and the four monotone scalar maps
(exp, sigmoid, softplus, tanh) are declared as :class:`_MonotoneMap` rows of
forward / inverse / log-derivative functions.  Domains, codomains, ``sign``,
shape inference, reprs and error messages mirror PyTorch, and the tensor
expressions are chosen so values and gradients agree bit for bit.
"""
from __future__ import annotations

import math
from typing import Callable, List, Optional, Sequence

import ember as torch
from ember import Size, Tensor
from ember.nn.functional import logsigmoid, pad, softplus

from . import constraints
from .distribution import Distribution
from .utils import _sum_rightmost, broadcast_all, lazy_property, tril_matrix_to_vec, vec_to_tril_matrix

__all__ = [
    "AbsTransform",
    "AffineTransform",
    "CatTransform",
    "ComposeTransform",
    "CorrCholeskyTransform",
    "CumulativeDistributionTransform",
    "ExpTransform",
    "IndependentTransform",
    "LowerCholeskyTransform",
    "PositiveDefiniteTransform",
    "PowerTransform",
    "ReshapeTransform",
    "SigmoidTransform",
    "SoftplusTransform",
    "TanhTransform",
    "SoftmaxTransform",
    "StackTransform",
    "StickBreakingTransform",
    "Transform",
    "identity_transform",
]

_Number = (int, float, bool)


# --------------------------------------------------------------------------- small helpers


def _require_dims(shape, ndim: int) -> None:
    if len(shape) < ndim:
        raise ValueError("Too few dimensions on input")


def _reals(event_dim: int) -> constraints.Constraint:
    """``real`` for scalars, ``independent(real, n)`` for ``n``-dim events."""
    if event_dim == 0:
        return constraints.real
    return constraints.independent(constraints.real, event_dim)


def _same_values(a, b) -> bool:
    """Parameter equality: plain ``==`` for two numbers, elementwise-all otherwise."""
    if isinstance(a, _Number) and isinstance(b, _Number):
        return a == b
    return bool((a == b).all().item())


def _shape_of(param) -> tuple:
    return getattr(param, "shape", ())


def _clipped_sigmoid(x: Tensor) -> Tensor:
    """``sigmoid`` kept inside ``[tiny, 1 - eps]`` so its logit stays finite."""
    info = torch.finfo(x.dtype)
    return torch.clamp(torch.sigmoid(x), min=info.tiny, max=1.0 - info.eps)


# --------------------------------------------------------------------------- base classes


class Transform:
    """An invertible (or at least left-invertible) map with a computable
    ``log |det J|``.  ``cache_size=1`` remembers the latest ``(x, y)`` pair so
    that ``t.inv(t(x)) is x``; ``cache_size=0`` caches nothing."""

    bijective = False
    domain: constraints.Constraint
    codomain: constraints.Constraint

    def __init__(self, cache_size: int = 0) -> None:
        if cache_size not in (0, 1):
            raise ValueError("cache_size must be 0 or 1")
        self._cache_size = cache_size
        self._inv: Optional[Transform] = None
        if cache_size == 1:
            self._cached_x_y = None, None
        super().__init__()

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_inv"] = None  # the inverse holds a back-reference; rebuild it lazily
        return state

    # -- structure
    @property
    def event_dim(self) -> int:
        dim_in, dim_out = self.domain.event_dim, self.codomain.event_dim
        if dim_in != dim_out:
            raise ValueError("Please use either .domain.event_dim or .codomain.event_dim")
        return dim_in

    @property
    def inv(self) -> "Transform":
        """The inverse map, built once (so ``t.inv.inv is t``)."""
        if self._inv is None:
            self._inv = _InverseTransform(self)
        return self._inv

    @property
    def sign(self) -> int:
        raise NotImplementedError

    def with_cache(self, cache_size: int = 1) -> "Transform":
        """This transform with another cache size (``self`` if unchanged)."""
        if self._cache_size == cache_size:
            return self
        return self._rebuild(cache_size)

    def _rebuild(self, cache_size: int) -> "Transform":
        """A copy with ``cache_size``; parameterised transforms override this."""
        if type(self).__init__ is Transform.__init__:
            return type(self)(cache_size=cache_size)
        raise NotImplementedError(f"{type(self)}.with_cache is not implemented")

    def __eq__(self, other) -> bool:
        return self is other

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    # -- evaluation (with the one-slot cache)
    def __call__(self, x: Tensor) -> Tensor:
        if self._cache_size == 0:
            return self._call(x)
        seen_x, seen_y = self._cached_x_y
        if x is seen_x:
            return seen_y
        y = self._call(x)
        self._cached_x_y = x, y
        return y

    def _inv_call(self, y: Tensor) -> Tensor:
        if self._cache_size == 0:
            return self._inverse(y)
        seen_x, seen_y = self._cached_x_y
        if y is seen_y:
            return seen_x
        x = self._inverse(y)
        self._cached_x_y = x, y
        return x

    def _call(self, x: Tensor) -> Tensor:
        raise NotImplementedError

    def _inverse(self, y: Tensor) -> Tensor:
        raise NotImplementedError

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        raise NotImplementedError

    def forward_shape(self, shape):
        return shape

    def inverse_shape(self, shape):
        return shape

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class _InverseTransform(Transform):
    """``t.inv``: swaps domain/codomain, forward/inverse and negates the log-det."""

    def __init__(self, transform: Transform) -> None:
        super().__init__(cache_size=transform._cache_size)
        self._inv = transform

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        return self._inv.codomain

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        return self._inv.domain

    @property
    def bijective(self) -> bool:  # type: ignore[override]
        return self._inv.bijective

    @property
    def sign(self) -> int:
        return self._inv.sign

    @property
    def inv(self) -> Transform:
        return self._inv

    def with_cache(self, cache_size: int = 1) -> Transform:
        return self._inv.with_cache(cache_size).inv

    def __eq__(self, other) -> bool:
        return isinstance(other, _InverseTransform) and self._inv == other._inv

    def __call__(self, x: Tensor) -> Tensor:
        return self._inv._inv_call(x)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        return -self._inv.log_abs_det_jacobian(y, x)

    def forward_shape(self, shape):
        return self._inv.inverse_shape(shape)

    def inverse_shape(self, shape):
        return self._inv.forward_shape(shape)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._inv!r})"


class _Stateless(Transform):
    """A transform without parameters: any two instances of one kind are equal.

    The kind is the class defined in this module, so a user subclass still
    compares equal to its ember parent (as PyTorch's per-class ``__eq__`` does)."""

    _kind: type = Transform

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__ == __name__:
            cls._kind = cls

    def __eq__(self, other) -> bool:
        return isinstance(other, self._kind)


class _MonotoneMap(_Stateless):
    """An increasing elementwise bijection given by three functions:
    ``_forward(x)``, ``_backward(y)`` and ``_log_slope(x) = log dy/dx``."""

    bijective = True
    sign = +1
    _forward: Callable[[Tensor], Tensor]
    _backward: Callable[[Tensor], Tensor]
    _log_slope: Callable[[Tensor], Tensor]

    def _call(self, x: Tensor) -> Tensor:
        return self._forward(x)

    def _inverse(self, y: Tensor) -> Tensor:
        return self._backward(y)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        return self._log_slope(x)


# --------------------------------------------------------------------------- elementwise maps


def _logit(y: Tensor) -> Tensor:
    info = torch.finfo(y.dtype)
    y = y.clamp(min=info.tiny, max=1.0 - info.eps)
    return y.log() - (-y).log1p()


def _softplus_inverse(y: Tensor) -> Tensor:
    # log(exp(y) - 1) written as log(-expm1(-y)) + y, stable for large y
    return (-y).expm1().neg().log() + y


def _tanh_log_slope(x: Tensor) -> Tensor:
    # log(1 - tanh(x)^2) = 2 * (log 2 - x - softplus(-2x))
    return 2.0 * (math.log(2.0) - x - softplus(-2.0 * x))


class ExpTransform(_MonotoneMap):
    r"""``y = exp(x)``."""

    domain = constraints.real
    codomain = constraints.positive
    _forward = staticmethod(lambda x: x.exp())
    _backward = staticmethod(lambda y: y.log())
    _log_slope = staticmethod(lambda x: x)


class SigmoidTransform(_MonotoneMap):
    r"""``y = sigmoid(x)`` (clipped to ``[tiny, 1 - eps]``), ``x = logit(y)``."""

    domain = constraints.real
    codomain = constraints.unit_interval
    _forward = staticmethod(_clipped_sigmoid)
    _backward = staticmethod(_logit)
    _log_slope = staticmethod(lambda x: -softplus(-x) - softplus(x))


class SoftplusTransform(_MonotoneMap):
    r"""``y = log(1 + exp(x))`` (linear above the softplus threshold)."""

    domain = constraints.real
    codomain = constraints.positive
    _forward = staticmethod(softplus)
    _backward = staticmethod(_softplus_inverse)
    _log_slope = staticmethod(lambda x: -softplus(-x))


class TanhTransform(_MonotoneMap):
    r"""``y = tanh(x)``."""

    domain = constraints.real
    codomain = constraints.interval(-1.0, 1.0)
    _forward = staticmethod(lambda x: x.tanh())
    _backward = staticmethod(torch.atanh)
    _log_slope = staticmethod(_tanh_log_slope)


class AbsTransform(_Stateless):
    r"""``y = |x|``: not injective, its "inverse" is the identity."""

    domain = constraints.real
    codomain = constraints.positive

    def _call(self, x: Tensor) -> Tensor:
        return x.abs()

    def _inverse(self, y: Tensor) -> Tensor:
        return y


class PowerTransform(Transform):
    r"""``y = x ** exponent`` on the positive reals."""

    domain = constraints.positive
    codomain = constraints.positive
    bijective = True

    def __init__(self, exponent, cache_size: int = 0) -> None:
        super().__init__(cache_size=cache_size)
        (self.exponent,) = broadcast_all(exponent)

    def _rebuild(self, cache_size: int) -> "PowerTransform":
        return PowerTransform(self.exponent, cache_size=cache_size)

    @lazy_property
    def sign(self) -> Tensor:  # type: ignore[override]
        return self.exponent.sign()

    def __eq__(self, other) -> bool:
        if not isinstance(other, PowerTransform):
            return False
        return self.exponent.eq(other.exponent).all().item()

    def _call(self, x: Tensor) -> Tensor:
        return x.pow(self.exponent)

    def _inverse(self, y: Tensor) -> Tensor:
        return y.pow(1 / self.exponent)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        # dy/dx = exponent * x**(exponent-1) = exponent * y / x
        return (self.exponent * y / x).abs().log()

    def forward_shape(self, shape):
        return torch.broadcast_shapes(shape, _shape_of(self.exponent))

    inverse_shape = forward_shape


class AffineTransform(Transform):
    r"""``y = loc + scale * x``; ``event_dim`` rightmost dims form one event
    (their log-scales are summed in ``log_abs_det_jacobian``)."""

    bijective = True

    def __init__(self, loc, scale, event_dim: int = 0, cache_size: int = 0) -> None:
        super().__init__(cache_size=cache_size)
        self.loc = loc
        self.scale = scale
        self._event_dim = event_dim

    def _rebuild(self, cache_size: int) -> "AffineTransform":
        return AffineTransform(self.loc, self.scale, self.event_dim, cache_size=cache_size)

    @property
    def event_dim(self) -> int:
        return self._event_dim

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        return _reals(self.event_dim)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        return _reals(self.event_dim)

    def __eq__(self, other) -> bool:
        return (isinstance(other, AffineTransform)
                and _same_values(self.loc, other.loc)
                and _same_values(self.scale, other.scale))

    @property
    def sign(self):
        scale = self.scale
        if not isinstance(scale, _Number):
            return scale.sign()
        value = float(scale)
        return (value > 0) - (value < 0)

    def _call(self, x: Tensor) -> Tensor:
        return self.loc + self.scale * x

    def _inverse(self, y: Tensor) -> Tensor:
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        out_shape = x.shape
        if isinstance(self.scale, _Number):
            log_scale = torch.full_like(x, math.log(abs(self.scale)))
        else:
            log_scale = torch.abs(self.scale).log()
        if self.event_dim:
            keep = tuple(log_scale.size()[: -self.event_dim])
            log_scale = log_scale.view(keep + (-1,)).sum(-1)
            out_shape = out_shape[: -self.event_dim]
        return log_scale.expand(tuple(out_shape))

    def forward_shape(self, shape):
        return torch.broadcast_shapes(shape, _shape_of(self.loc), _shape_of(self.scale))

    inverse_shape = forward_shape


# --------------------------------------------------------------------------- combinators


def _propagate_event_dim(event_dim: int, steps) -> int:
    """Walk ``(dim_in, dim_out)`` pairs, growing the event rank as each step requires."""
    for dim_in, dim_out in steps:
        event_dim = max(event_dim + dim_out - dim_in, dim_out)
    return event_dim


def _with_event_dim(constraint, event_dim: int, label: str):
    if event_dim < constraint.event_dim:
        raise AssertionError(f"event_dim {event_dim} must be >= {label}.event_dim {constraint.event_dim}")
    if event_dim > constraint.event_dim:
        return constraints.independent(constraint, event_dim - constraint.event_dim)
    return constraint


class ComposeTransform(Transform):
    """Apply ``parts`` left to right; the empty composition is the identity."""

    def __init__(self, parts: List[Transform], cache_size: int = 0) -> None:
        if cache_size:
            parts = [part.with_cache(cache_size) for part in parts]
        super().__init__(cache_size=cache_size)
        self.parts = parts

    def _rebuild(self, cache_size: int) -> "ComposeTransform":
        return ComposeTransform(self.parts, cache_size=cache_size)

    def __eq__(self, other) -> bool:
        return isinstance(other, ComposeTransform) and self.parts == other.parts

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        if not self.parts:
            return constraints.real
        steps = [(p.codomain.event_dim, p.domain.event_dim) for p in reversed(self.parts)]
        event_dim = _propagate_event_dim(self.parts[-1].codomain.event_dim, steps)
        return _with_event_dim(self.parts[0].domain, event_dim, "domain")

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        if not self.parts:
            return constraints.real
        steps = [(p.domain.event_dim, p.codomain.event_dim) for p in self.parts]
        event_dim = _propagate_event_dim(self.parts[0].domain.event_dim, steps)
        return _with_event_dim(self.parts[-1].codomain, event_dim, "codomain")

    @lazy_property
    def bijective(self) -> bool:  # type: ignore[override]
        return all(p.bijective for p in self.parts)

    @lazy_property
    def sign(self) -> int:  # type: ignore[override]
        total = 1
        for part in self.parts:
            total = total * part.sign
        return total

    @property
    def inv(self) -> Transform:
        if self._inv is None:
            reverse = ComposeTransform([p.inv for p in reversed(self.parts)])
            reverse._inv = self
            self._inv = reverse
        return self._inv

    def __call__(self, x: Tensor) -> Tensor:
        for part in self.parts:
            x = part(x)
        return x

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        if not self.parts:
            return torch.zeros_like(x)
        # the values entering each part: x, parts[0](x), ..., and finally y
        points = [x]
        for part in self.parts[:-1]:
            points.append(part(points[-1]))
        points.append(y)
        total = None
        event_dim = self.domain.event_dim
        for k, part in enumerate(self.parts):
            term = part.log_abs_det_jacobian(points[k], points[k + 1])
            term = _sum_rightmost(term, event_dim - part.domain.event_dim)
            total = term if total is None else total + term
            event_dim += part.codomain.event_dim - part.domain.event_dim
        return total

    def forward_shape(self, shape):
        for part in self.parts:
            shape = part.forward_shape(shape)
        return shape

    def inverse_shape(self, shape):
        for part in reversed(self.parts):
            shape = part.inverse_shape(shape)
        return shape

    def __repr__(self) -> str:
        body = ",\n    ".join(repr(p) for p in self.parts)
        return f"{type(self).__name__}(\n    {body}\n)"


identity_transform = ComposeTransform([])


class IndependentTransform(Transform):
    """Wrap ``base_transform`` so ``reinterpreted_batch_ndims`` more rightmost
    dims belong to the event (and are summed out of the log-det)."""

    def __init__(self, base_transform: Transform, reinterpreted_batch_ndims: int, cache_size: int = 0) -> None:
        super().__init__(cache_size=cache_size)
        self.base_transform = base_transform.with_cache(cache_size)
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    def _rebuild(self, cache_size: int) -> "IndependentTransform":
        return IndependentTransform(self.base_transform, self.reinterpreted_batch_ndims, cache_size=cache_size)

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        return constraints.independent(self.base_transform.domain, self.reinterpreted_batch_ndims)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        return constraints.independent(self.base_transform.codomain, self.reinterpreted_batch_ndims)

    @property
    def bijective(self) -> bool:  # type: ignore[override]
        return self.base_transform.bijective

    @property
    def sign(self) -> int:
        return self.base_transform.sign

    def _call(self, x: Tensor) -> Tensor:
        if x.dim() < self.domain.event_dim:
            raise ValueError("Too few dimensions on input")
        return self.base_transform(x)

    def _inverse(self, y: Tensor) -> Tensor:
        if y.dim() < self.codomain.event_dim:
            raise ValueError("Too few dimensions on input")
        return self.base_transform.inv(y)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        inner = self.base_transform.log_abs_det_jacobian(x, y)
        return _sum_rightmost(inner, self.reinterpreted_batch_ndims)

    def forward_shape(self, shape):
        return self.base_transform.forward_shape(shape)

    def inverse_shape(self, shape):
        return self.base_transform.inverse_shape(shape)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_transform!r}, {self.reinterpreted_batch_ndims})"


def _replace_tail(shape, old: Size, new: Size):
    """``shape`` with its trailing ``old`` swapped for ``new`` (validated)."""
    _require_dims(shape, len(old))
    split = len(shape) - len(old)
    if shape[split:] != old:
        raise ValueError(f"Shape mismatch: expected {shape[split:]} but got {old}")
    return shape[:split] + new


class ReshapeTransform(Transform):
    """Reshape the rightmost ``in_shape`` dims to ``out_shape`` (unit Jacobian)."""

    bijective = True

    def __init__(self, in_shape, out_shape, cache_size: int = 0) -> None:
        self.in_shape = Size(in_shape)
        self.out_shape = Size(out_shape)
        if self.in_shape.numel() != self.out_shape.numel():
            raise ValueError("in_shape, out_shape have different numbers of elements")
        super().__init__(cache_size=cache_size)

    def _rebuild(self, cache_size: int) -> "ReshapeTransform":
        return ReshapeTransform(self.in_shape, self.out_shape, cache_size=cache_size)

    @constraints.dependent_property
    def domain(self):
        return constraints.independent(constraints.real, len(self.in_shape))

    @constraints.dependent_property
    def codomain(self):
        return constraints.independent(constraints.real, len(self.out_shape))

    @staticmethod
    def _batch_part(t: Tensor, event: Size) -> tuple:
        return tuple(t.shape[: t.dim() - len(event)])

    def _call(self, x: Tensor) -> Tensor:
        return x.reshape(self._batch_part(x, self.in_shape) + tuple(self.out_shape))

    def _inverse(self, y: Tensor) -> Tensor:
        return y.reshape(self._batch_part(y, self.out_shape) + tuple(self.in_shape))

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        return x.new_zeros(self._batch_part(x, self.in_shape))

    def forward_shape(self, shape):
        return _replace_tail(shape, self.in_shape, self.out_shape)

    def inverse_shape(self, shape):
        return _replace_tail(shape, self.out_shape, self.in_shape)


# --------------------------------------------------------------------------- vector / matrix maps


class CorrCholeskyTransform(Transform):
    r"""Vector of ``D*(D-1)/2`` reals to the Cholesky factor of a ``D x D``
    correlation matrix: ``tanh`` into ``(-1, 1)``, then signed stick breaking
    row by row so every row has unit norm."""

    domain = constraints.real_vector
    codomain = constraints.corr_cholesky
    bijective = True

    def _call(self, x: Tensor) -> Tensor:
        eps = torch.finfo(x.dtype).eps
        partial = torch.tanh(x).clamp(min=-1 + eps, max=1 - eps)
        strict = vec_to_tril_matrix(partial, diag=-1)
        # remaining stick length after each column: cumprod of sqrt(1 - r^2)
        remaining = (1 - strict ** 2).sqrt().cumprod(-1)
        with_diag = strict + torch.eye(strict.shape[-1], dtype=strict.dtype)
        return with_diag * pad(remaining[..., :-1], [1, 0], value=1)

    def _inverse(self, y: Tensor) -> Tensor:
        left = 1 - torch.cumsum(y * y, dim=-1)
        left_before = pad(left[..., :-1], [1, 0], value=1)
        ratio = tril_matrix_to_vec(y, diag=-1) / (tril_matrix_to_vec(left_before, diag=-1)).sqrt()
        return (ratio.log1p() - ratio.neg().log1p()) / 2  # atanh

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor, intermediates=None) -> Tensor:
        left = 1 - (y * y).cumsum(dim=-1)
        stick_part = 0.5 * (tril_matrix_to_vec(left, diag=-2)).log().sum(-1)
        tanh_part = -2 * (x + softplus(-2 * x) - math.log(2.0)).sum(dim=-1)
        return stick_part + tanh_part

    def forward_shape(self, shape):
        _require_dims(shape, 1)
        n = shape[-1]
        d = round((0.25 + 2 * n) ** 0.5 + 0.5)
        if d * (d - 1) // 2 != n:
            raise ValueError("Input is not a flattened lower-diagonal number")
        return shape[:-1] + (d, d)

    def inverse_shape(self, shape):
        _require_dims(shape, 2)
        if shape[-2] != shape[-1]:
            raise ValueError("Input is not square")
        d = shape[-1]
        return shape[:-2] + (d * (d - 1) // 2,)


class SoftmaxTransform(_Stateless):
    r"""Reals to the simplex by ``exp`` and normalising; the inverse is ``log``
    (right-inverse only: not bijective)."""

    domain = constraints.real_vector
    codomain = constraints.simplex

    def _call(self, x: Tensor) -> Tensor:
        unnormalised = (x - x.max(-1, True)[0]).exp()
        return unnormalised / unnormalised.sum(-1, True)

    def _inverse(self, y: Tensor) -> Tensor:
        return y.log()

    def forward_shape(self, shape):
        _require_dims(shape, 1)
        return shape

    inverse_shape = forward_shape


def _stick_offsets(like: Tensor, count: int, total: int) -> Tensor:
    """``total - [1, 2, ..., count]``: the per-position shift of stick breaking."""
    return total - like.new_ones(count).cumsum(-1)


class StickBreakingTransform(_Stateless):
    """``K`` reals to the ``K+1`` simplex: each coordinate breaks off a
    sigmoid-sized fraction of what is left of the stick."""

    domain = constraints.real_vector
    codomain = constraints.simplex
    bijective = True

    def _call(self, x: Tensor) -> Tensor:
        k = x.shape[-1]
        fractions = _clipped_sigmoid(x - _stick_offsets(x, k, k + 1).log())
        left = (1 - fractions).cumprod(-1)
        return pad(fractions, [0, 1], value=1) * pad(left, [1, 0], value=1)

    def _inverse(self, y: Tensor) -> Tensor:
        head = y[..., :-1]
        offsets = _stick_offsets(y, head.shape[-1], y.shape[-1])
        left = torch.clamp(1 - head.cumsum(-1), min=torch.finfo(y.dtype).tiny)
        return head.log() - left.log() + offsets.log()

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        k = x.shape[-1]
        shifted = x - _stick_offsets(x, k, k + 1).log()
        return (-shifted + logsigmoid(shifted) + y[..., :-1].log()).sum(-1)

    def forward_shape(self, shape):
        _require_dims(shape, 1)
        return shape[:-1] + (shape[-1] + 1,)

    def inverse_shape(self, shape):
        _require_dims(shape, 1)
        return shape[:-1] + (shape[-1] - 1,)


class LowerCholeskyTransform(_Stateless):
    """Square matrices to lower-triangular ones with a positive (exp'd) diagonal."""

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.lower_cholesky

    def _call(self, x: Tensor) -> Tensor:
        return x.tril(-1) + x.diagonal(dim1=-2, dim2=-1).exp().diag_embed()

    def _inverse(self, y: Tensor) -> Tensor:
        return y.tril(-1) + y.diagonal(dim1=-2, dim2=-1).log().diag_embed()


class PositiveDefiniteTransform(_Stateless):
    """Square matrices to positive-definite ones as ``L @ L.mT`` with ``L``
    from :class:`LowerCholeskyTransform`."""

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.positive_definite

    def _call(self, x: Tensor) -> Tensor:
        factor = LowerCholeskyTransform()(x)
        return factor @ factor.mT

    def _inverse(self, y: Tensor) -> Tensor:
        return LowerCholeskyTransform().inv(torch.linalg.cholesky(y))


# --------------------------------------------------------------------------- piecewise along a dim


def _check_dim(dim: int, t: Tensor, what: str) -> None:
    if not -t.dim() <= dim < t.dim():
        raise AssertionError(f"dim {dim} out of range for {what} with {t.dim()} dimensions")


class _Piecewise(Transform):
    """Common part of Cat/StackTransform: one sub-transform per block along
    ``dim``; the (co)domain joins the parts' (co)domains with ``_join``."""

    def __init__(self, tseq: Sequence[Transform], dim: int, cache_size: int) -> None:
        if not all(isinstance(t, Transform) for t in tseq):
            raise AssertionError("All elements of tseq must be Transform instances")
        if cache_size:
            tseq = [t.with_cache(cache_size) for t in tseq]
        super().__init__(cache_size=cache_size)
        self.transforms = list(tseq)
        self.dim = dim

    def _join(self, parts: list) -> constraints.Constraint:
        raise NotImplementedError

    @property
    def bijective(self) -> bool:  # type: ignore[override]
        return all(t.bijective for t in self.transforms)

    @constraints.dependent_property
    def domain(self):
        return self._join([t.domain for t in self.transforms])

    @constraints.dependent_property
    def codomain(self):
        return self._join([t.codomain for t in self.transforms])


class CatTransform(_Piecewise):
    """``tseq[i]`` applied to the ``i``-th block (``lengths[i]`` wide) along ``dim``,
    the blocks joined back with ``torch.cat``."""

    def __init__(self, tseq: Sequence[Transform], dim: int = 0, lengths=None, cache_size: int = 0) -> None:
        super().__init__(tseq, dim, cache_size)
        count = len(self.transforms)
        self.lengths = [1] * count if lengths is None else list(lengths)
        if len(self.lengths) != count:
            raise AssertionError(f"lengths ({len(self.lengths)}) must match transforms ({count})")

    def _rebuild(self, cache_size: int) -> "CatTransform":
        return CatTransform(self.transforms, self.dim, self.lengths, cache_size)

    def _join(self, parts: list) -> constraints.Constraint:
        return constraints.cat(parts, self.dim, self.lengths)

    @lazy_property
    def event_dim(self) -> int:  # type: ignore[override]
        return max(t.event_dim for t in self.transforms)

    @lazy_property
    def length(self) -> int:
        return sum(self.lengths)

    def _check(self, t: Tensor, name: str, what: str) -> None:
        _check_dim(self.dim, t, what)
        if t.size(self.dim) != self.length:
            raise AssertionError(f"{name}.size({self.dim}) = {t.size(self.dim)} must equal length {self.length}")

    def _blocks(self, t: Tensor):
        """Yield ``(transform, block)`` pairs along ``dim``."""
        start = 0
        for transform, width in zip(self.transforms, self.lengths):
            yield transform, t.narrow(self.dim, start, width)
            start = start + width

    def _call(self, x: Tensor) -> Tensor:
        self._check(x, "x", "tensor")
        return torch.cat([t(block) for t, block in self._blocks(x)], dim=self.dim)

    def _inverse(self, y: Tensor) -> Tensor:
        self._check(y, "y", "tensor")
        return torch.cat([t.inv(block) for t, block in self._blocks(y)], dim=self.dim)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        self._check(x, "x", "x")
        self._check(y, "y", "y")
        pieces = []
        for (t, x_block), (_, y_block) in zip(self._blocks(x), self._blocks(y)):
            piece = t.log_abs_det_jacobian(x_block, y_block)
            if t.event_dim < self.event_dim:
                piece = _sum_rightmost(piece, self.event_dim - t.event_dim)
            pieces.append(piece)
        # position of ``dim`` counted from the right of the log-det's shape
        dim = self.dim - x.dim() if self.dim >= 0 else self.dim
        dim = dim + self.event_dim
        if dim < 0:
            return torch.cat(pieces, dim=dim)
        return sum(pieces)  # ``dim`` fell inside the event: the blocks just add up


class StackTransform(_Piecewise):
    """``tseq[i]`` applied to index ``i`` along ``dim``, results joined with ``torch.stack``."""

    def __init__(self, tseq: Sequence[Transform], dim: int = 0, cache_size: int = 0) -> None:
        super().__init__(tseq, dim, cache_size)

    def _rebuild(self, cache_size: int) -> "StackTransform":
        return StackTransform(self.transforms, self.dim, cache_size)

    def _join(self, parts: list) -> constraints.Constraint:
        return constraints.stack(parts, self.dim)

    def _slices(self, t: Tensor) -> list:
        return [t.select(self.dim, i) for i in range(t.size(self.dim))]

    def _check(self, t: Tensor, name: str, what: str) -> None:
        _check_dim(self.dim, t, what)
        count = len(self.transforms)
        if t.size(self.dim) != count:
            raise AssertionError(
                f"{name}.size({self.dim}) = {t.size(self.dim)} must equal len(transforms) {count}")

    def _call(self, x: Tensor) -> Tensor:
        self._check(x, "x", "tensor")
        return torch.stack([t(s) for s, t in zip(self._slices(x), self.transforms)], dim=self.dim)

    def _inverse(self, y: Tensor) -> Tensor:
        self._check(y, "y", "tensor")
        return torch.stack([t.inv(s) for s, t in zip(self._slices(y), self.transforms)], dim=self.dim)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        self._check(x, "x", "x")
        self._check(y, "y", "y")
        triples = zip(self._slices(x), self._slices(y), self.transforms)
        return torch.stack([t.log_abs_det_jacobian(xs, ys) for xs, ys, t in triples], dim=self.dim)


class CumulativeDistributionTransform(Transform):
    """``y = distribution.cdf(x)`` onto ``[0, 1]`` (inverse: ``icdf``); the
    log-det is the distribution's ``log_prob``."""

    bijective = True
    codomain = constraints.unit_interval
    sign = +1

    def __init__(self, distribution: Distribution, cache_size: int = 0) -> None:
        super().__init__(cache_size=cache_size)
        self.distribution = distribution

    def _rebuild(self, cache_size: int) -> "CumulativeDistributionTransform":
        return CumulativeDistributionTransform(self.distribution, cache_size=cache_size)

    @property
    def domain(self):  # type: ignore[override]
        return self.distribution.support

    def _call(self, x: Tensor) -> Tensor:
        return self.distribution.cdf(x)

    def _inverse(self, y: Tensor) -> Tensor:
        return self.distribution.icdf(y)

    def log_abs_det_jacobian(self, x: Tensor, y: Tensor) -> Tensor:
        return self.distribution.log_prob(x)
