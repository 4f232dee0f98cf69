"""``TransformedDistribution`` and the distributions built on (or beside) it.

Contents: :class:`TransformedDistribution`; Cauchy and the half (folded)
distributions; LogNormal and LogisticNormal (pushed-forward normals);
Gumbel, Weibull, Pareto, Kumaraswamy and InverseGamma (pushed-forward
uniform / exponential / gamma draws); the relaxed Bernoulli and categorical
families; and the KL divergences PyTorch registers for them.

Every sample is its base distribution's draw sent through the transforms, so
the generator is consumed exactly as under PyTorch (``cauchy_`` for Cauchy,
``rand`` for Gumbel / Kumaraswamy / the relaxed families, ``exponential_``
for Weibull / Pareto, ``_standard_gamma`` for InverseGamma).  The transforms
and ``biject_to`` / ``transform_to`` are re-exported here so that
``torch.distributions.ExpTransform`` and friends resolve as in PyTorch.
"""
from __future__ import annotations

import math
from typing import Sequence, Union

import ember as torch
from ember import Size, Tensor

from . import constraints
from ._base import batch_shape_of, empty_like_shape, expand_params, finish_expand, is_number
from .beta import Beta
from .categorical import Categorical
from .constraint_registry import biject_to, transform_to  # noqa: F401  (re-exported)
from .distribution import Distribution
from .exponential import Exponential
from .gamma import Gamma
from .independent import Independent
from .kl import _kl_normal_normal, kl_divergence, register_kl
from .laplace import Laplace
from .normal import Normal
from .transforms import *  # noqa: F401,F403  (re-exported, as torch.distributions does)
from .transforms import __all__ as _transforms_all
from .transforms import (AbsTransform, AffineTransform, ComposeTransform, ExpTransform, PowerTransform,
                         SigmoidTransform, StickBreakingTransform, Transform)
from .uniform import Uniform
from .utils import CategoricalParams, BinaryProbsLogits, _sum_rightmost, broadcast_all, clamp_probs

__all__ = [
    "TransformedDistribution", "LogNormal", "HalfNormal", "Cauchy", "HalfCauchy", "Gumbel",
    "Weibull", "Pareto", "Kumaraswamy", "LogisticNormal", "InverseGamma", "RelaxedBernoulli",
    "RelaxedOneHotCategorical", "biject_to", "transform_to",
] + list(_transforms_all)
# As in PyTorch, LogitRelaxedBernoulli and ExpRelaxedCategorical are only reachable
# through their modules (``distributions.relaxed_bernoulli`` / ``relaxed_categorical``).

_EULER_GAMMA = 0.57721566490153286060  # Euler-Mascheroni constant
_LOG_2 = math.log(2)


# --------------------------------------------------------------------------- shared plumbing


def _from_base(name: str, depth: int = 1) -> property:
    """Read-only property forwarding ``name`` from ``base_dist`` (``depth`` levels down)."""

    def read(self):
        dist = self
        for _ in range(depth):
            dist = dist.base_dist
        return getattr(dist, name)

    return property(read, doc=f"``{name}`` of the base distribution.")


def _expand_pushforward(dist: "TransformedDistribution", cls: type, batch_shape,
                        _instance=None, params: Sequence[str] = ()) -> "TransformedDistribution":
    """``expand`` for a TransformedDistribution subclass: expand the parameters the
    subclass stores itself (``params``), then let TransformedDistribution expand
    the base distribution."""
    new = dist._get_checked_instance(cls, _instance)
    for name in params:
        setattr(new, name, getattr(dist, name).expand(batch_shape))
    return TransformedDistribution.expand(dist, batch_shape, _instance=new)


def _as_transform_list(transforms) -> list:
    if isinstance(transforms, Transform):
        return [transforms]
    if not isinstance(transforms, list):
        raise ValueError(f"transforms must be a Transform or list, but was {transforms}")
    if not all(isinstance(t, Transform) for t in transforms):
        raise ValueError("transforms must be a Transform or a list of Transforms")
    return transforms


# --------------------------------------------------------------------------- TransformedDistribution


class TransformedDistribution(Distribution):
    """``Y = f_n(...f_1(X))`` for ``X ~ base_distribution``, with
    ``log p(Y) = log p(X) - sum_i log |det df_i/dx|``.  The base is expanded
    (and wrapped in :class:`Independent`) as the transforms' shapes and event
    ranks require, matching PyTorch's shape bookkeeping."""

    arg_constraints: dict = {}

    def __init__(self, base_distribution: Distribution, transforms: Union[Transform, list],
                 validate_args=None) -> None:
        self.transforms = _as_transform_list(transforms)
        chain = ComposeTransform(self.transforms)
        in_rank = chain.domain.event_dim

        base_shape = Size(tuple(base_distribution.batch_shape) + tuple(base_distribution.event_shape))
        base_event_rank = len(base_distribution.event_shape)
        if len(base_shape) < in_rank:
            raise ValueError(
                f"base_distribution needs to have shape with size at least {in_rank}, "
                f"but got {base_shape}."
            )
        out_shape = Size(chain.forward_shape(base_shape))
        needed_base_shape = Size(chain.inverse_shape(out_shape))
        if base_shape != needed_base_shape:  # the transforms broadcast the base
            base_distribution = base_distribution.expand(
                needed_base_shape[: len(needed_base_shape) - base_event_rank])
        if in_rank > base_event_rank:
            base_distribution = Independent(base_distribution, in_rank - base_event_rank)
        self.base_dist = base_distribution

        out_rank = chain.codomain.event_dim
        event_rank = max(out_rank, base_event_rank + out_rank - in_rank)
        if len(out_shape) < event_rank:
            raise AssertionError(f"forward_shape length {len(out_shape)} must be >= event_dim {event_rank}")
        split = len(out_shape) - event_rank
        super().__init__(Size(out_shape[:split]), Size(out_shape[split:]), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "TransformedDistribution":
        new = self._get_checked_instance(TransformedDistribution, _instance)
        batch_shape = Size(batch_shape)
        shape = Size(tuple(batch_shape) + tuple(self.event_shape))
        for t in reversed(self.transforms):
            shape = t.inverse_shape(shape)
        new.base_dist = self.base_dist.expand(shape[: len(shape) - len(self.base_dist.event_shape)])
        new.transforms = self.transforms
        return finish_expand(new, self, batch_shape)

    @constraints.dependent_property(is_discrete=False)
    def support(self):
        if not self.transforms:
            return self.base_dist.support
        last = self.transforms[-1].codomain
        extra = len(self.event_shape) - last.event_dim
        return constraints.independent(last, extra) if extra > 0 else last

    @property
    def has_rsample(self) -> bool:  # type: ignore[override]
        return self.base_dist.has_rsample

    def _push(self, x: Tensor) -> Tensor:
        for t in self.transforms:
            x = t(x)
        return x

    def sample(self, sample_shape=Size()) -> Tensor:
        with torch.no_grad():
            return self._push(self.base_dist.sample(sample_shape))

    def rsample(self, sample_shape=Size()) -> Tensor:
        return self._push(self.base_dist.rsample(sample_shape))

    def log_prob(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        rank = len(self.event_shape)
        total = 0.0
        y = value
        for t in reversed(self.transforms):  # pull the value back one transform at a time
            x = t.inv(y)
            rank += t.domain.event_dim - t.codomain.event_dim
            total = total - _sum_rightmost(t.log_abs_det_jacobian(x, y), rank - t.domain.event_dim)
            y = x
        return total + _sum_rightmost(self.base_dist.log_prob(y), rank - len(self.base_dist.event_shape))

    def _monotonize_cdf(self, value: Tensor) -> Tensor:
        """Flip ``value`` around 1/2 when the transforms are decreasing overall."""
        sign = 1
        for t in self.transforms:
            sign = sign * t.sign
        if isinstance(sign, int) and sign == 1:
            return value
        return sign * (value - 0.5) + 0.5

    def cdf(self, value: Tensor) -> Tensor:
        for t in reversed(self.transforms):
            value = t.inv(value)
        if self._validate_args:
            self.base_dist._validate_sample(value)
        return self._monotonize_cdf(self.base_dist.cdf(value))

    def icdf(self, value: Tensor) -> Tensor:
        return self._push(self.base_dist.icdf(self._monotonize_cdf(value)))


# --------------------------------------------------------------------------- Cauchy and folded distributions


class Cauchy(Distribution):
    """Cauchy(loc, scale); ``rsample`` is ``loc + empty(shape).cauchy_() * scale``
    (mean NaN and variance infinite, as in PyTorch)."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(batch_shape_of(self.loc, loc, scale), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Cauchy":
        return expand_params(self, Cauchy, batch_shape, ("loc", "scale"), _instance)

    def _filled(self, fill: float) -> Tensor:
        return torch.full(tuple(self._extended_shape()), fill, dtype=self.loc.dtype)

    @property
    def mean(self) -> Tensor:
        return self._filled(math.nan)

    @property
    def mode(self) -> Tensor:
        return self.loc

    @property
    def variance(self) -> Tensor:
        return self._filled(math.inf)

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        eps = empty_like_shape(shape, self.loc).cauchy_()
        return self.loc + eps * self.scale

    def log_prob(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        z = (value - self.loc) / self.scale
        return -math.log(math.pi) - self.scale.log() - (z ** 2).log1p()

    def cdf(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        return torch.atan((value - self.loc) / self.scale) / math.pi + 0.5

    def icdf(self, value: Tensor) -> Tensor:
        return torch.tan(math.pi * (value - 0.5)) * self.scale + self.loc

    def entropy(self) -> Tensor:
        return math.log(4 * math.pi) + self.scale.log()


class _FoldedAtZero(TransformedDistribution):
    """``|X|`` for ``X`` symmetric about 0 with a ``scale`` (HalfNormal, HalfCauchy):
    the density and CDF double, the entropy drops by ``log 2``."""

    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    scale = _from_base("scale")

    def __init__(self, base_dist: Distribution, validate_args=None) -> None:
        super().__init__(base_dist, AbsTransform(), validate_args=validate_args)

    def _coerce(self, value):
        return value

    @property
    def mode(self) -> Tensor:
        return torch.zeros_like(self.scale)

    def log_prob(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        value = self._coerce(value)
        doubled = self.base_dist.log_prob(value) + _LOG_2
        return torch.where(value >= 0, doubled, -math.inf)

    def cdf(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob: Tensor) -> Tensor:
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self) -> Tensor:
        return self.base_dist.entropy() - _LOG_2


class HalfCauchy(_FoldedAtZero):
    """``|Cauchy(0, scale)|``."""

    def __init__(self, scale, validate_args=None) -> None:
        super().__init__(Cauchy(0, scale, validate_args=False), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "HalfCauchy":
        return _expand_pushforward(self, HalfCauchy, batch_shape, _instance)

    def _coerce(self, value):
        return torch.as_tensor(value, dtype=self.base_dist.scale.dtype)

    @property
    def mean(self) -> Tensor:
        return torch.full(tuple(self._extended_shape()), math.inf, dtype=self.scale.dtype)

    @property
    def variance(self) -> Tensor:
        return self.base_dist.variance


class HalfNormal(_FoldedAtZero):
    """``|Normal(0, scale)|``."""

    def __init__(self, scale, validate_args=None) -> None:
        super().__init__(Normal(0, scale, validate_args=False), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "HalfNormal":
        return _expand_pushforward(self, HalfNormal, batch_shape, _instance)

    @property
    def mean(self) -> Tensor:
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def variance(self) -> Tensor:
        return self.scale.pow(2) * (1 - 2 / math.pi)


# --------------------------------------------------------------------------- pushed-forward normals


class LogNormal(TransformedDistribution):
    """``exp(Normal(loc, scale))``."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.positive
    has_rsample = True
    loc = _from_base("loc")
    scale = _from_base("scale")

    def __init__(self, loc, scale, validate_args=None) -> None:
        normal = Normal(loc, scale, validate_args=validate_args)
        super().__init__(normal, ExpTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "LogNormal":
        return _expand_pushforward(self, LogNormal, batch_shape, _instance)

    @property
    def mean(self) -> Tensor:
        return (self.loc + self.scale.pow(2) / 2).exp()

    @property
    def mode(self) -> Tensor:
        return (self.loc - self.scale.square()).exp()

    @property
    def variance(self) -> Tensor:
        var = self.scale.pow(2)
        return var.expm1() * (2 * self.loc + var).exp()

    def entropy(self) -> Tensor:
        return self.base_dist.entropy() + self.loc


class LogisticNormal(TransformedDistribution):
    """Stick-breaking image of ``Normal(loc, scale)`` on the simplex (a scalar
    ``loc``/``scale`` gives a batch of one, i.e. a 2-simplex)."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.simplex
    has_rsample = True
    loc = _from_base("loc", depth=2)  # base_dist is Independent(Normal)
    scale = _from_base("scale", depth=2)

    def __init__(self, loc, scale, validate_args=None) -> None:
        normal = Normal(loc, scale, validate_args=validate_args)
        if not normal.batch_shape:
            normal = normal.expand([1])
        super().__init__(normal, StickBreakingTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "LogisticNormal":
        return _expand_pushforward(self, LogisticNormal, batch_shape, _instance)


# --------------------------------------------------------------------------- pushed-forward uniforms / exponentials


class Gumbel(TransformedDistribution):
    """Gumbel(loc, scale) as ``loc - scale * log(-log(U))`` with
    ``U ~ Uniform(tiny, 1 - eps)`` (four transforms, as in PyTorch)."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real

    def __init__(self, loc, scale, validate_args=None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        info = torch.finfo(self.loc.dtype)
        if is_number(loc) and is_number(scale):
            low, high = info.tiny, 1 - info.eps
        else:
            low, high = torch.full_like(self.loc, info.tiny), torch.full_like(self.loc, 1 - info.eps)
        uniform = Uniform(low, high, validate_args=validate_args)
        steps = [
            ExpTransform().inv,                                          # log u  (< 0)
            AffineTransform(loc=0, scale=-torch.ones_like(self.scale)),  # -log u
            ExpTransform().inv,                                          # log(-log u)
            AffineTransform(loc=loc, scale=-self.scale),                 # loc - scale * (.)
        ]
        super().__init__(uniform, steps, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Gumbel":
        return _expand_pushforward(self, Gumbel, batch_shape, _instance, ("loc", "scale"))

    def log_prob(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        z = (self.loc - value) / self.scale
        return (z - z.exp()) - self.scale.log()

    @property
    def mean(self) -> Tensor:
        return self.loc + self.scale * _EULER_GAMMA

    @property
    def mode(self) -> Tensor:
        return self.loc

    @property
    def stddev(self) -> Tensor:
        return (math.pi / math.sqrt(6)) * self.scale

    @property
    def variance(self) -> Tensor:
        return self.stddev.pow(2)

    def entropy(self) -> Tensor:
        return self.scale.log() + (1 + _EULER_GAMMA)


def _weibull_steps(scale: Tensor, concentration_reciprocal: Tensor) -> list:
    """``scale * E ** (1 / concentration)`` for ``E ~ Exponential(1)``."""
    return [PowerTransform(exponent=concentration_reciprocal), AffineTransform(loc=0, scale=scale)]


class Weibull(TransformedDistribution):
    """Weibull(scale, concentration) from a unit-rate exponential."""

    arg_constraints = {"scale": constraints.positive, "concentration": constraints.positive}
    support = constraints.positive

    def __init__(self, scale, concentration, validate_args=None) -> None:
        self.scale, self.concentration = broadcast_all(scale, concentration)
        self.concentration_reciprocal = self.concentration.reciprocal()
        unit_exponential = Exponential(torch.ones_like(self.scale), validate_args=validate_args)
        steps = _weibull_steps(self.scale, self.concentration_reciprocal)
        super().__init__(unit_exponential, steps, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Weibull":
        # the transforms hold the parameters, so they are rebuilt rather than reused
        new = self._get_checked_instance(Weibull, _instance)
        new.scale = self.scale.expand(batch_shape)
        new.concentration = self.concentration.expand(batch_shape)
        new.concentration_reciprocal = new.concentration.reciprocal()
        base = self.base_dist.expand(batch_shape)
        steps = _weibull_steps(new.scale, new.concentration_reciprocal)
        TransformedDistribution.__init__(new, base, steps, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self) -> Tensor:
        return self.scale * torch.exp(torch.lgamma(1 + self.concentration_reciprocal))

    @property
    def mode(self) -> Tensor:
        k = self.concentration
        return self.scale * ((k - 1) / k) ** k.reciprocal()

    @property
    def variance(self) -> Tensor:
        inv_k = self.concentration_reciprocal
        second = torch.exp(torch.lgamma(1 + 2 * inv_k))
        first_sq = torch.exp(2 * torch.lgamma(1 + inv_k))
        return self.scale.pow(2) * (second - first_sq)

    def entropy(self) -> Tensor:
        inv_k = self.concentration_reciprocal
        return _EULER_GAMMA * (1 - inv_k) + torch.log(self.scale * inv_k) + 1


class Pareto(TransformedDistribution):
    """Pareto(scale, alpha) as ``scale * exp(Exponential(alpha))``; support ``[scale, inf)``."""

    arg_constraints = {"alpha": constraints.positive, "scale": constraints.positive}

    def __init__(self, scale, alpha, validate_args=None) -> None:
        self.scale, self.alpha = broadcast_all(scale, alpha)
        steps = [ExpTransform(), AffineTransform(loc=0, scale=self.scale)]
        super().__init__(Exponential(self.alpha, validate_args=validate_args), steps,
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Pareto":
        return _expand_pushforward(self, Pareto, batch_shape, _instance, ("scale", "alpha"))

    @property
    def mean(self) -> Tensor:
        a = self.alpha.clamp(min=1)  # infinite for alpha <= 1
        return a * self.scale / (a - 1)

    @property
    def mode(self) -> Tensor:
        return self.scale

    @property
    def variance(self) -> Tensor:
        a = self.alpha.clamp(min=2)  # infinite for alpha <= 2
        return self.scale.pow(2) * a / ((a - 1).pow(2) * (a - 2))

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        return constraints.greater_than_eq(self.scale)

    def entropy(self) -> Tensor:
        return (self.scale / self.alpha).log() + (1 + self.alpha.reciprocal())


def _kumaraswamy_moment(a: Tensor, b: Tensor, n: int) -> Tensor:
    """``E[X**n] = b * Beta(1 + n/a, b)``, via log-gammas."""
    shifted = 1 + n / a
    log_beta = torch.lgamma(shifted) + torch.lgamma(b) - torch.lgamma(shifted + b)
    return b * torch.exp(log_beta)


class Kumaraswamy(TransformedDistribution):
    """Kumaraswamy(concentration1, concentration0) as ``(1 - U ** (1/c0)) ** (1/c1)``
    with ``U ~ Uniform(0, 1)``."""

    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None) -> None:
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        c1, c0 = self.concentration1, self.concentration0
        uniform = Uniform(torch.full_like(c0, 0), torch.full_like(c0, 1), validate_args=validate_args)
        steps = [
            PowerTransform(exponent=c0.reciprocal()),
            AffineTransform(loc=1.0, scale=-1.0),
            PowerTransform(exponent=c1.reciprocal()),
        ]
        super().__init__(uniform, steps, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Kumaraswamy":
        return _expand_pushforward(self, Kumaraswamy, batch_shape, _instance,
                                   ("concentration1", "concentration0"))

    @property
    def mean(self) -> Tensor:
        return _kumaraswamy_moment(self.concentration1, self.concentration0, 1)

    @property
    def mode(self) -> Tensor:
        c1, c0 = self.concentration1, self.concentration0
        log_mode = c0.reciprocal() * (-c0).log1p() - (-c0 * c1).log1p()
        log_mode[(c0 < 1) | (c1 < 1)] = math.nan
        return log_mode.exp()

    @property
    def variance(self) -> Tensor:
        second = _kumaraswamy_moment(self.concentration1, self.concentration0, 2)
        return second - torch.pow(self.mean, 2)

    def entropy(self) -> Tensor:
        c1, c0 = self.concentration1, self.concentration0
        t1 = 1 - c1.reciprocal()
        t0 = 1 - c0.reciprocal()
        harmonic = torch.digamma(c0 + 1) + _EULER_GAMMA
        return t0 + t1 * harmonic - torch.log(c1) - torch.log(c0)


class InverseGamma(TransformedDistribution):
    """``1 / Gamma(concentration, rate)`` (a ``PowerTransform(-1)``)."""

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive
    has_rsample = True
    concentration = _from_base("concentration")
    rate = _from_base("rate")

    def __init__(self, concentration, rate, validate_args=None) -> None:
        gamma = Gamma(concentration, rate, validate_args=validate_args)
        minus_one = -gamma.rate.new_ones(())
        super().__init__(gamma, PowerTransform(minus_one), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "InverseGamma":
        return _expand_pushforward(self, InverseGamma, batch_shape, _instance)

    @property
    def mean(self) -> Tensor:
        value = self.rate / (self.concentration - 1)
        return torch.where(self.concentration > 1, value, torch.inf)

    @property
    def mode(self) -> Tensor:
        return self.rate / (self.concentration + 1)

    @property
    def variance(self) -> Tensor:
        a = self.concentration
        value = self.rate.square() / ((a - 1).square() * (a - 2))
        return torch.where(a > 2, value, torch.inf)

    def entropy(self) -> Tensor:
        a = self.concentration
        return a + self.rate.log() + a.lgamma() - (1 + a) * a.digamma()


# --------------------------------------------------------------------------- relaxed (Concrete) families


class LogitRelaxedBernoulli(BinaryProbsLogits, Distribution):
    """Logit of a RelaxedBernoulli: ``(logit(U) + logit(p)) / temperature``
    with ``U ~ Uniform(0, 1)`` (clamped)."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.real

    def __init__(self, temperature, probs=None, logits=None, validate_args=None) -> None:
        self.temperature = temperature
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            (self.probs,) = broadcast_all(probs)
            self._param = self.probs
        else:
            (self.logits,) = broadcast_all(logits)
            self._param = self.logits
        raw = probs if probs is not None else logits
        super().__init__(batch_shape_of(self._param, raw), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "LogitRelaxedBernoulli":
        new = self._get_checked_instance(LogitRelaxedBernoulli, _instance)
        batch_shape = Size(batch_shape)
        new.temperature = self.temperature
        for name in ("probs", "logits"):  # whichever were given or already computed
            if name in self.__dict__:
                setattr(new, name, getattr(self, name).expand(batch_shape))
                new._param = getattr(new, name)
        return finish_expand(new, self, batch_shape)

    @property
    def param_shape(self) -> Size:
        return self._param.size()

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        p = clamp_probs(self.probs.expand(shape))
        u = clamp_probs(torch.rand(shape, dtype=p.dtype))
        return (u.log() - (-u).log1p() + p.log() - (-p).log1p()) / self.temperature

    def log_prob(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        diff = logits - value.mul(self.temperature)
        return self.temperature.log() + diff - 2 * diff.exp().log1p()


class RelaxedBernoulli(TransformedDistribution):
    """``sigmoid(LogitRelaxedBernoulli)`` on ``[0, 1]``."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    has_rsample = True
    temperature = _from_base("temperature")
    logits = _from_base("logits")
    probs = _from_base("probs")

    def __init__(self, temperature, probs=None, logits=None, validate_args=None) -> None:
        logit_dist = LogitRelaxedBernoulli(temperature, probs, logits)
        super().__init__(logit_dist, SigmoidTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "RelaxedBernoulli":
        return _expand_pushforward(self, RelaxedBernoulli, batch_shape, _instance)


class ExpRelaxedCategorical(CategoricalParams, Distribution):
    """Log of a RelaxedOneHotCategorical: Gumbel-perturbed logits divided by
    ``temperature`` and log-normalised."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None) -> None:
        self._categorical = Categorical(probs, logits)
        self.temperature = temperature
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "ExpRelaxedCategorical":
        new = self._get_checked_instance(ExpRelaxedCategorical, _instance)
        batch_shape = Size(batch_shape)
        new.temperature = self.temperature
        new._categorical = self._categorical.expand(batch_shape)
        return finish_expand(new, self, batch_shape)

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        u = clamp_probs(torch.rand(shape, dtype=self.logits.dtype))
        noise = -((-(u.log())).log())  # standard Gumbel
        scores = (self.logits + noise) / self.temperature
        return scores - scores.logsumexp(dim=-1, keepdim=True)

    def log_prob(self, value: Tensor) -> Tensor:
        k = self._categorical._num_events
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        # log((k-1)!) + (k-1) log(temperature)
        log_scale = torch.full_like(self.temperature, float(k)).lgamma() - self.temperature.log().mul(-(k - 1))
        score = logits - value.mul(self.temperature)
        score = (score - score.logsumexp(dim=-1, keepdim=True)).sum(-1)
        return score + log_scale


class RelaxedOneHotCategorical(TransformedDistribution):
    """``exp(ExpRelaxedCategorical)`` on the simplex (the Gumbel-softmax)."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.simplex
    has_rsample = True
    temperature = _from_base("temperature")
    logits = _from_base("logits")
    probs = _from_base("probs")

    def __init__(self, temperature, probs=None, logits=None, validate_args=None) -> None:
        log_dist = ExpRelaxedCategorical(temperature, probs, logits, validate_args=validate_args)
        super().__init__(log_dist, ExpTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "RelaxedOneHotCategorical":
        return _expand_pushforward(self, RelaxedOneHotCategorical, batch_shape, _instance)


# --------------------------------------------------------------------------- KL divergences


def _x_log_x(t: Tensor) -> Tensor:
    return t * t.log()


@register_kl(TransformedDistribution, TransformedDistribution)
def _kl_transformed_transformed(p, q):
    """Same transforms and event shape: the KL of the bases."""
    if p.transforms != q.transforms or p.event_shape != q.event_shape:
        raise NotImplementedError
    return kl_divergence(p.base_dist, q.base_dist)


@register_kl(HalfNormal, HalfNormal)
def _kl_halfnormal_halfnormal(p, q):
    return _kl_normal_normal(p.base_dist, q.base_dist)


@register_kl(Cauchy, Cauchy)
def _kl_cauchy_cauchy(p, q):
    # log(((s_p + s_q)^2 + (m_p - m_q)^2) / (4 s_p s_q))
    numerator = ((p.scale + q.scale).pow(2) + (p.loc - q.loc).pow(2)).log()
    return numerator - (4 * p.scale * q.scale).log()


@register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(p, q):
    ratio = p.scale / q.scale
    q_loc = q.loc / q.scale
    p_loc = p.loc / q.scale
    head = -ratio.log() - q_loc + p_loc
    return head + ratio * _EULER_GAMMA + torch.exp(q_loc + (1 + ratio).lgamma() - p_loc) - (1 + _EULER_GAMMA)


@register_kl(Pareto, Pareto)
def _kl_pareto_pareto(p, q):
    scale_ratio = p.scale / q.scale
    alpha_ratio = q.alpha / p.alpha
    log_scale_term = q.alpha * scale_ratio.log()
    log_alpha_term = -alpha_ratio.log()
    result = log_scale_term + log_alpha_term + alpha_ratio - 1
    result[p.support.lower_bound < q.support.lower_bound] = math.inf  # p puts mass below q's support
    return result


@register_kl(Exponential, Gumbel)
def _kl_exponential_gumbel(p, q):
    rate_scale = p.rate * q.scale
    loc_ratio = q.loc / q.scale
    head = rate_scale.log() - 1
    middle = torch.exp(loc_ratio) * rate_scale / (rate_scale + 1)
    return head - loc_ratio + middle + rate_scale.reciprocal()


@register_kl(Gamma, Gumbel)
def _kl_gamma_gumbel(p, q):
    a = p.concentration
    rate_scale = p.rate * q.scale
    loc_ratio = q.loc / q.scale
    neg_entropy = (a - 1) * a.digamma() - a.lgamma() - a
    linear = rate_scale.log() + a / rate_scale
    tail = torch.exp(loc_ratio) * (1 + rate_scale.reciprocal()).pow(-a) - loc_ratio
    return neg_entropy + linear + tail


@register_kl(Gumbel, Normal)
def _kl_gumbel_normal(p, q):
    ratio = p.scale / q.scale
    log_norm = (ratio / math.sqrt(2 * math.pi)).log()
    spread = (math.pi * ratio * 0.5).pow(2) / 3
    mean_gap = ((p.loc + p.scale * _EULER_GAMMA - q.loc) / q.scale).pow(2) * 0.5
    return -log_norm + spread + mean_gap - (_EULER_GAMMA + 1)


@register_kl(Normal, Gumbel)
def _kl_normal_gumbel(p, q):
    mean_ratio = p.loc / q.scale
    var_ratio = (p.scale / q.scale).pow(2)
    loc_ratio = q.loc / q.scale
    half_log_var = var_ratio.log() * 0.5
    shift = mean_ratio - loc_ratio
    tail = torch.exp(-mean_ratio + 0.5 * var_ratio + loc_ratio)  # E[exp(-(x - loc_q) / scale_q)]
    return -half_log_var + shift + tail - (0.5 * (1 + math.log(2 * math.pi)))


@register_kl(Pareto, Exponential)
def _kl_pareto_exponential(p, q):
    scale_rate = p.scale * q.rate
    log_ratio = (p.alpha / scale_rate).log()
    scaled_mean = p.alpha * scale_rate / (p.alpha - 1)
    result = log_ratio - p.alpha.reciprocal() + scaled_mean - 1
    result[p.alpha <= 1] = math.inf  # Pareto's mean is infinite
    return result


@register_kl(Pareto, Gamma)
def _kl_pareto_gamma(p, q):
    a, b = q.concentration, q.rate
    mean_log = p.scale.log() + p.alpha.reciprocal()  # E_p[log x]
    neg_entropy = p.alpha.log() - mean_log
    log_norm = a.lgamma() - a * b.log()
    log_term = (1 - a) * mean_log
    rate_term = b * p.alpha * p.scale / (p.alpha - 1)
    result = neg_entropy + log_norm + log_term + rate_term - 1
    result[p.alpha <= 1] = math.inf
    return result


@register_kl(Pareto, Normal)
def _kl_pareto_normal(p, q):
    two_var = 2 * q.scale.pow(2)
    mean_factor = p.scale / (p.alpha - 1)
    log_ratio = (math.sqrt(2 * math.pi) * q.scale * p.alpha / p.scale).log()
    inv_alpha = p.alpha.reciprocal()
    p_var = p.alpha * mean_factor.pow(2) / (p.alpha - 2)
    bias_sq = (p.alpha * mean_factor - q.loc).pow(2)
    result = log_ratio - inv_alpha + (p_var + bias_sq) / two_var - 1
    result[p.alpha <= 2] = math.inf  # Pareto's variance is infinite
    return result


@register_kl(Uniform, Gumbel)
def _kl_uniform_gumbel(p, q):
    width_ratio = q.scale / (p.high - p.low)
    high_z = (p.high - q.loc) / q.scale
    low_z = (p.low - q.loc) / q.scale
    linear = width_ratio.log() + 0.5 * (high_z + low_z)
    tail = width_ratio * (torch.exp(-high_z) - torch.exp(-low_z))
    return linear - tail


@register_kl(Uniform, Pareto)
def _kl_uniform_pareto(p, q):
    width = p.high - p.low
    log_norm = (q.alpha * q.scale.pow(q.alpha) * width).log()
    mean_log = (_x_log_x(p.high) - _x_log_x(p.low) - width) / width  # E_p[log x]
    result = mean_log * (q.alpha + 1) - log_norm
    result[p.low < q.support.lower_bound] = math.inf
    return result


# pairs whose KL is infinite (p has mass where q has none), keyed by a parameter of p
_INFINITE_KL = {
    "concentration1": [(Beta, Pareto)],
    "rate": [(Exponential, Pareto)],
    "concentration": [(Gamma, Pareto)],
    "loc": [(Gumbel, Beta), (Gumbel, Exponential), (Gumbel, Gamma), (Gumbel, Pareto), (Gumbel, Uniform),
            (Laplace, Pareto), (Normal, Pareto)],
    "scale": [(Pareto, Beta), (Pareto, Uniform)],
}
for _param, _pairs in _INFINITE_KL.items():
    for _p_type, _q_type in _pairs:
        register_kl(_p_type, _q_type)(lambda p, q, _name=_param: torch.full_like(getattr(p, _name), math.inf))


# --------------------------------------------------------------------------- module names
# PyTorch defines each class in its own module (``torch.distributions.log_normal`` ...).
# Thin ember modules of those names re-export from here; giving the classes the same
# ``__module__`` keeps class reprs and messages identical, and importing the modules
# makes ``distributions.<module>`` resolve as an attribute.

_HOME_MODULE = {
    "transformed_distribution": ["TransformedDistribution"],
    "cauchy": ["Cauchy"], "half_cauchy": ["HalfCauchy"], "half_normal": ["HalfNormal"],
    "log_normal": ["LogNormal"], "logistic_normal": ["LogisticNormal"],
    "gumbel": ["Gumbel"], "weibull": ["Weibull"], "pareto": ["Pareto"],
    "kumaraswamy": ["Kumaraswamy"], "inverse_gamma": ["InverseGamma"],
    "relaxed_bernoulli": ["LogitRelaxedBernoulli", "RelaxedBernoulli"],
    "relaxed_categorical": ["ExpRelaxedCategorical", "RelaxedOneHotCategorical"],
}
for _module, _names in _HOME_MODULE.items():
    for _name in _names:
        globals()[_name].__module__ = f"{__package__}.{_module}"

from . import (  # noqa: E402,F401  (after the classes exist: these modules import them from here)
    cauchy, gumbel, half_cauchy, half_normal, inverse_gamma, kumaraswamy, log_normal, logistic_normal,
    pareto, relaxed_bernoulli, relaxed_categorical, transformed_distribution, weibull,
)
