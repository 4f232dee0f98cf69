"""The remaining stand-alone distributions and their KL divergences.

Contents, grouped by how they are built:

* Gamma-derived: :class:`Chi2`, :class:`StudentT`, :class:`FisherSnedecor`;
* Bernoulli-trial counts: :class:`Geometric`, :class:`NegativeBinomial`,
  :class:`Multinomial`;
* other univariate laws: :class:`ContinuousBernoulli`, :class:`VonMises`,
  :class:`GeneralizedPareto`;
* :class:`MixtureSameFamily`;
* matrix / vector-valued: :class:`LowRankMultivariateNormal`,
  :class:`Wishart`, :class:`LKJCholesky`.

PyTorch keeps each class in a module of its own; here they share one file
and the small modules ``chi2``, ``studentT``, ... re-export them (the
classes' ``__module__`` is set to those names at the bottom).  Formulas are
evaluated in the same sequence of tensor operations as PyTorch's, and random
draws are made in the same order, so after ``manual_seed`` samples agree bit
for bit; the docstrings note the draw order where it is not obvious.
"""
from __future__ import annotations

import math
import warnings

import ember as torch
from ember import Size, Tensor
from ember.nn.functional import binary_cross_entropy_with_logits, logsigmoid

from . import constraints
from ._base import batch_shape_of, expand_params, finish_expand, is_number
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .gamma import Gamma
from .kl import register_kl
from .laplace import Laplace
from .multivariate_normal import (MultivariateNormal, _batch_mahalanobis, _batch_mv,
                                  _precision_to_scale_tril)
from .normal import Normal
from .uniform import Uniform
from .utils import (CategoricalParams, BinaryProbsLogits, _standard_normal, broadcast_all, clamp_probs, finfo_eps, finfo_tiny,
                    lazy_property, logits_to_probs, probs_to_logits)

__all__ = [
    "Chi2", "StudentT", "Geometric", "Multinomial", "NegativeBinomial", "MixtureSameFamily",
    "VonMises", "FisherSnedecor", "ContinuousBernoulli", "LowRankMultivariateNormal",
    "Wishart", "LKJCholesky", "GeneralizedPareto",
]

_INF = math.inf
_NAN = math.nan
_LOG_2 = math.log(2)
_LOG_2PI = math.log(2 * math.pi)
_HALF_LOG_PI = 0.5 * math.log(math.pi)


# --------------------------------------------------------------------------- shared plumbing


def _require_one_of(probs, logits) -> None:
    """The probs-xor-logits check every Bernoulli-style constructor starts with."""
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


def _expand_probs_or_logits(new, dist, batch_shape, keep_param: bool = True) -> None:
    """Copy whichever of ``probs`` / ``logits`` ``dist`` holds (either or both,
    depending on which lazy property has been computed) onto ``new``, expanded.
    With ``keep_param`` the last one copied also becomes ``new._param``."""
    for name in ("probs", "logits"):
        if name in dist.__dict__:
            expanded = getattr(dist, name).expand(batch_shape)
            setattr(new, name, expanded)
            if keep_param:
                new._param = expanded


def _with_values_at(t: Tensor, mask: Tensor, fill) -> Tensor:
    """A copy of ``t`` with ``fill`` written where ``mask`` holds."""
    out = t.clone()
    out[mask] = fill
    return out


def _batch_shaped(dist, *trailing) -> tuple:
    """``dist``'s batch shape as a tuple, followed by ``trailing`` sizes."""
    return tuple(dist._batch_shape) + tuple(trailing)


# --------------------------------------------------------------------------- Gamma-derived


class Chi2(Gamma):
    """Chi-squared with ``df`` degrees of freedom, held as ``Gamma(df / 2, 1 / 2)``;
    ``df`` is read back as ``2 * concentration``."""

    arg_constraints = {"df": constraints.positive}

    def __init__(self, df, validate_args=None) -> None:
        super().__init__(0.5 * df, 0.5, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Chi2":
        target = self._get_checked_instance(Chi2, _instance)
        return super().expand(batch_shape, target)

    @property
    def df(self) -> Tensor:
        return self.concentration * 2


class StudentT(Distribution):
    """Student's t with ``df`` degrees of freedom, location ``loc`` and scale
    ``scale``.  ``rsample`` returns ``loc + scale * N * rsqrt(C / df)`` where the
    standard normal ``N`` is drawn *before* ``C ~ Chi2(df)``, PyTorch's order."""

    arg_constraints = {"df": constraints.positive, "loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None) -> None:
        self.df, self.loc, self.scale = broadcast_all(df, loc, scale)
        self._chi2 = Chi2(self.df)
        super().__init__(self.df.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "StudentT":
        return expand_params(self, StudentT, batch_shape, ("df", "loc", "scale", "_chi2"), _instance)

    @property
    def mean(self) -> Tensor:
        """``loc``, undefined (nan) when ``df <= 1``."""
        return _with_values_at(self.loc, self.df <= 1, _NAN)

    @property
    def mode(self) -> Tensor:
        return self.loc

    @property
    def variance(self) -> Tensor:
        """``scale**2 * df / (df - 2)`` for ``df > 2``; inf on ``(1, 2]``; nan below."""
        df = self.df
        finite = df > 2
        out = df.clone()
        out[finite] = self.scale[finite].pow(2) * df[finite] / (df[finite] - 2)
        out[(df <= 2) & (df > 1)] = _INF
        out[df <= 1] = _NAN
        return out

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        gaussian = _standard_normal(shape, dtype=self.df.dtype)
        chi2_draw = self._chi2.rsample(sample_shape)
        standard_t = gaussian * torch.rsqrt(chi2_draw / self.df)
        return self.loc + self.scale * standard_t

    def _log_norm_const(self) -> Tensor:
        df = self.df
        return (self.scale.log() + 0.5 * df.log() + _HALF_LOG_PI
                + torch.lgamma(0.5 * df) - torch.lgamma(0.5 * (df + 1.0)))

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        z = (value - self.loc) / self.scale
        log_norm = self._log_norm_const()
        return -0.5 * (self.df + 1.0) * torch.log1p(z ** 2.0 / self.df) - log_norm

    def entropy(self) -> Tensor:
        df = self.df
        log_beta = torch.lgamma(0.5 * df) + math.lgamma(0.5) - torch.lgamma(0.5 * (df + 1))
        return (self.scale.log()
                + 0.5 * (df + 1) * (torch.digamma(0.5 * (df + 1)) - torch.digamma(0.5 * df))
                + 0.5 * df.log()
                + log_beta)


class FisherSnedecor(Distribution):
    """Fisher-Snedecor F(df1, df2), sampled as the ratio ``G1 / G2`` of
    ``G_i ~ Gamma(df_i / 2, df_i)`` (``G1`` drawn first), both clamped to
    ``finfo.tiny``."""

    arg_constraints = {"df1": constraints.positive, "df2": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, df1, df2, validate_args=None) -> None:
        self.df1, self.df2 = broadcast_all(df1, df2)
        self._gamma1 = Gamma(self.df1 * 0.5, self.df1)
        self._gamma2 = Gamma(self.df2 * 0.5, self.df2)
        super().__init__(batch_shape_of(self.df1, df1, df2), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "FisherSnedecor":
        names = ("df1", "df2", "_gamma1", "_gamma2")
        return expand_params(self, FisherSnedecor, batch_shape, names, _instance)

    @property
    def mean(self) -> Tensor:
        df2 = _with_values_at(self.df2, self.df2 <= 2, _NAN)
        return df2 / (df2 - 2)

    @property
    def mode(self) -> Tensor:
        df1, df2 = self.df1, self.df2
        out = (df1 - 2) / df1 * df2 / (df2 + 2)
        out[df1 <= 2] = _NAN
        return out

    @property
    def variance(self) -> Tensor:
        df1 = self.df1
        df2 = _with_values_at(self.df2, self.df2 <= 4, _NAN)
        numerator = 2 * df2.pow(2) * (df1 + df2 - 2)
        return numerator / (df1 * (df2 - 2).pow(2) * (df2 - 4))

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        top = self._gamma1.rsample(sample_shape).view(shape)
        bottom = self._gamma2.rsample(sample_shape).view(shape)
        tiny = finfo_tiny(bottom.dtype)
        bottom.clamp_(min=tiny)
        ratio = top / bottom
        ratio.clamp_(min=tiny)
        return ratio

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        half1 = self.df1 * 0.5
        half2 = self.df2 * 0.5
        df_ratio = self.df1 / self.df2
        log_beta_inv = (half1 + half2).lgamma() - half1.lgamma() - half2.lgamma()
        log_power = half1 * df_ratio.log() + (half1 - 1) * torch.log(value)
        log_tail = (half1 + half2) * torch.log1p(df_ratio * value)
        return log_beta_inv + log_power - log_tail


# --------------------------------------------------------------------------- Bernoulli-trial counts


def _check_probs_positive(dist) -> None:
    """Geometric's extra argument check: ``probs`` must be strictly positive
    (the ``unit_interval`` constraint alone admits 0)."""
    probs = dist.probs
    positive = probs > 0
    if positive.all():
        return
    bad = probs.detach()[~positive]
    raise ValueError(
        "Expected parameter probs "
        f"({type(probs).__name__} of shape {tuple(probs.shape)}) "
        f"of distribution {repr(dist)} "
        f"to be positive but found invalid values:\n{bad}"
    )


class Geometric(BinaryProbsLogits, Distribution):
    """Number of failures before the first success, success chance ``probs``
    (or ``logits``).  ``sample`` draws ``u ~ U(tiny, 1)`` and returns
    ``floor(log(u) / log1p(-probs))``."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None) -> None:
        _require_one_of(probs, logits)
        given = logits if probs is None else probs
        if probs is None:
            (self.logits,) = broadcast_all(logits)
            stored = self.logits
        else:
            (self.probs,) = broadcast_all(probs)
            stored = self.probs
        super().__init__(batch_shape_of(stored, given), validate_args=validate_args)
        if self._validate_args and probs is not None:
            _check_probs_positive(self)

    def expand(self, batch_shape, _instance=None) -> "Geometric":
        new = self._get_checked_instance(Geometric, _instance)
        batch_shape = Size(batch_shape)
        _expand_probs_or_logits(new, self, batch_shape, keep_param=False)
        return finish_expand(new, self, batch_shape)

    @property
    def mean(self) -> Tensor:
        return 1.0 / self.probs - 1.0

    @property
    def mode(self) -> Tensor:
        return torch.zeros_like(self.probs)

    @property
    def variance(self) -> Tensor:
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape=Size()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        probs = self.probs
        lowest = finfo_tiny(probs.dtype)
        with torch.no_grad():
            u = torch.empty(shape, dtype=probs.dtype).uniform_(lowest, 1)
            return (u.log() / (-probs).log1p()).floor()

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        # value 0 with probs 1 is a certain event: make 0 * log1p(-1) read 0
        certain = (probs == 1) & (value == 0)
        probs = _with_values_at(probs, certain, 0)
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self) -> Tensor:
        bce = binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")
        return bce / self.probs


class NegativeBinomial(BinaryProbsLogits, Distribution):
    """Failures before ``total_count`` successes, each trial succeeding with
    ``probs`` (or ``logits``).  ``sample`` is ``poisson(Gamma(total_count,
    exp(-logits)).sample())``, the gamma-Poisson mixture PyTorch draws."""

    arg_constraints = {
        "total_count": constraints.greater_than_eq(0),
        "probs": constraints.half_open_interval(0.0, 1.0),
        "logits": constraints.real,
    }
    support = constraints.nonnegative_integer

    def __init__(self, total_count, probs=None, logits=None, validate_args=None) -> None:
        _require_one_of(probs, logits)
        if probs is None:
            count, self.logits = broadcast_all(total_count, logits)
            self._param = self.logits
        else:
            count, self.probs = broadcast_all(total_count, probs)
            self._param = self.probs
        self.total_count = count.type_as(self._param)
        super().__init__(self._param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "NegativeBinomial":
        new = self._get_checked_instance(NegativeBinomial, _instance)
        batch_shape = Size(batch_shape)
        new.total_count = self.total_count.expand(batch_shape)
        _expand_probs_or_logits(new, self, batch_shape)
        return finish_expand(new, self, batch_shape)

    @property
    def param_shape(self) -> Size:
        return self._param.size()

    @property
    def mean(self) -> Tensor:
        return self.total_count * torch.exp(self.logits)

    @property
    def mode(self) -> Tensor:
        scaled = (self.total_count - 1) * self.logits.exp()
        return scaled.floor().clamp(min=0.0)

    @property
    def variance(self) -> Tensor:
        return self.mean / torch.sigmoid(-self.logits)

    @lazy_property
    def _gamma(self) -> Gamma:
        rate = torch.exp(-self.logits)
        return Gamma(concentration=self.total_count, rate=rate, validate_args=False)

    def sample(self, sample_shape=Size()) -> Tensor:
        with torch.no_grad():
            poisson_rate = self._gamma.sample(sample_shape=sample_shape)
            return torch.poisson(poisson_rate)

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        log_unnormalized = n * logsigmoid(-self.logits) + value * logsigmoid(self.logits)
        log_binom_denominator = -torch.lgamma(n + value) + torch.lgamma(1.0 + value) + torch.lgamma(n)
        # total_count 0 with value 0: lgamma(0) is inf, but the coefficient is 1
        log_binom_denominator = log_binom_denominator.masked_fill(n + value == 0.0, 0.0)
        return log_unnormalized - log_binom_denominator


class Multinomial(CategoricalParams, Distribution):
    """Counts from ``total_count`` independent categorical draws (``probs`` or
    ``logits``).  ``sample`` makes all ``total_count`` draws with one
    ``Categorical.sample`` call (the count dimension first) and tallies them
    with ``scatter_add_``, as PyTorch does."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None) -> None:
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        self._binomial = Binomial(total_count=total_count, probs=self.probs)
        categorical = self._categorical
        super().__init__(categorical.batch_shape, categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Multinomial":
        new = self._get_checked_instance(Multinomial, _instance)
        batch_shape = Size(batch_shape)
        new.total_count = self.total_count
        new._categorical = self._categorical.expand(batch_shape)
        return finish_expand(new, self, batch_shape, self.event_shape)

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def mean(self) -> Tensor:
        return self.probs * self.total_count

    @property
    def variance(self) -> Tensor:
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()) -> Tensor:
        sample_shape = Size(sample_shape)
        draws = self._categorical.sample(Size((self.total_count,) + tuple(sample_shape)))
        # move the draw dimension from the front to the back, then tally
        rank = draws.dim()
        draws = draws.permute(*range(1, rank), 0)
        counts = torch.zeros(tuple(self._extended_shape(sample_shape)), dtype=draws.dtype)
        counts.scatter_add_(-1, draws, torch.ones_like(draws))
        return counts.type_as(self.probs)

    def entropy(self) -> Tensor:
        """``n H(cat) - lgamma(n + 1) + sum_k E[lgamma(X_k + 1)]``, the expectation
        taken over each count's Binomial marginal (support values 1..n)."""
        n = torch.tensor(self.total_count)
        leading = n * self._categorical.entropy() - torch.lgamma(n + 1)
        counts = self._binomial.enumerate_support(expand=False)[1:]
        marginal = torch.exp(self._binomial.log_prob(counts))
        expected_log_fact = (marginal * torch.lgamma(counts + 1)).sum([0, -1])
        return leading + expected_log_fact

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        logits = logits.clone()
        log_fact_total = torch.lgamma(value.sum(-1) + 1)
        log_fact_parts = torch.lgamma(value + 1).sum(-1)
        # a zero count of an impossible category contributes 0, not 0 * -inf
        logits[(value == 0) & (logits == -_INF)] = 0
        log_powers = (logits * value).sum(-1)
        return log_fact_total - log_fact_parts + log_powers


# --------------------------------------------------------------------------- other univariate laws


class ContinuousBernoulli(ExponentialFamily):
    """Continuous Bernoulli on ``[0, 1]`` (density proportional to
    ``p**x (1-p)**(1-x)``).  Near ``p = 1/2`` -- strictly inside ``lims`` --
    the closed forms are 0/0, so ``mean``, ``variance``, the log normaliser,
    ``cdf`` and ``icdf`` switch to PyTorch's Taylor expansions there; the
    closed forms are then evaluated at ``lims[0]`` to keep gradients finite.
    Sampling is ``icdf(rand)``."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    _mean_carrier_measure = 0
    has_rsample = True

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None) -> None:
        _require_one_of(probs, logits)
        if probs is None:
            given = logits
            (self.logits,) = broadcast_all(logits)
            self._param = self.logits
        else:
            given = probs
            (self.probs,) = broadcast_all(probs)
            # PyTorch checks the raw probs whenever validate_args is given
            # (even False), before clamping them away from 0 and 1.
            if validate_args is not None and not self.arg_constraints["probs"].check(self.probs).all():
                raise ValueError("The parameter probs has invalid values")
            self.probs = clamp_probs(self.probs)
            self._param = self.probs
        self._lims = lims
        super().__init__(batch_shape_of(self._param, given), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "ContinuousBernoulli":
        new = self._get_checked_instance(ContinuousBernoulli, _instance)
        batch_shape = Size(batch_shape)
        new._lims = self._lims
        _expand_probs_or_logits(new, self, batch_shape)
        return finish_expand(new, self, batch_shape)

    @lazy_property
    def logits(self) -> Tensor:
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self) -> Tensor:
        return clamp_probs(logits_to_probs(self.logits, is_binary=True))

    @property
    def param_shape(self) -> Size:
        return self._param.size()

    # -- the stable / Taylor split

    def _outside_unstable_region(self) -> Tensor:
        low, high = self._lims
        return torch.max(torch.le(self.probs, low), torch.gt(self.probs, high))

    def _cut_probs(self) -> Tensor:
        """``probs`` where the closed forms are safe, ``lims[0]`` elsewhere."""
        fallback = self._lims[0] * torch.ones_like(self.probs)
        return torch.where(self._outside_unstable_region(), self.probs, fallback)

    def _stable_or_taylor(self, closed_form: Tensor, taylor: Tensor) -> Tensor:
        return torch.where(self._outside_unstable_region(), closed_form, taylor)

    def _cont_bern_log_norm(self) -> Tensor:
        """``log C(p)``: ``log(|log1p(-p) - log p| / |1 - 2p|)``, or its Taylor series."""
        p = self._cut_probs()
        below_half = torch.le(p, 0.5)
        p_low = torch.where(below_half, p, torch.zeros_like(p))
        p_high = torch.where(torch.ge(p, 0.5), p, torch.ones_like(p))
        log_abs_logit = torch.log(torch.abs(torch.log1p(-p) - torch.log(p)))
        log_abs_gap = torch.where(below_half, torch.log1p(-2.0 * p_low), torch.log(2.0 * p_high - 1.0))
        closed_form = log_abs_logit - log_abs_gap
        sq = torch.pow(self.probs - 0.5, 2)
        taylor = math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * sq) * sq
        return self._stable_or_taylor(closed_form, taylor)

    @property
    def mean(self) -> Tensor:
        p = self._cut_probs()
        closed_form = p / (2.0 * p - 1.0) + 1.0 / (torch.log1p(-p) - torch.log(p))
        d = self.probs - 0.5
        taylor = 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * torch.pow(d, 2)) * d
        return self._stable_or_taylor(closed_form, taylor)

    @property
    def stddev(self) -> Tensor:
        return torch.sqrt(self.variance)

    @property
    def variance(self) -> Tensor:
        p = self._cut_probs()
        closed_form = (p * (p - 1.0) / torch.pow(1.0 - 2.0 * p, 2)
                       + 1.0 / torch.pow(torch.log1p(-p) - torch.log(p), 2))
        sq = torch.pow(self.probs - 0.5, 2)
        taylor = 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * sq) * sq
        return self._stable_or_taylor(closed_form, taylor)

    def sample(self, sample_shape=Size()) -> Tensor:
        u = torch.rand(tuple(self._extended_shape(sample_shape)), dtype=self.probs.dtype)
        with torch.no_grad():
            return self.icdf(u)

    def rsample(self, sample_shape=Size()) -> Tensor:
        u = torch.rand(tuple(self._extended_shape(sample_shape)), dtype=self.probs.dtype)
        return self.icdf(u)

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        bce = binary_cross_entropy_with_logits(logits, value, reduction="none")
        return -bce + self._cont_bern_log_norm()

    def cdf(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        p = self._cut_probs()
        closed_form = ((torch.pow(p, value) * torch.pow(1.0 - p, 1.0 - value) + p - 1.0)
                       / (2.0 * p - 1.0))
        inside = self._stable_or_taylor(closed_form, value)
        above = torch.where(torch.ge(value, 1.0), torch.ones_like(value), inside)
        return torch.where(torch.le(value, 0.0), torch.zeros_like(value), above)

    def icdf(self, value) -> Tensor:
        p = self._cut_probs()
        closed_form = ((torch.log1p(-p + value * (2.0 * p - 1.0)) - torch.log1p(-p))
                       / (torch.log(p) - torch.log1p(-p)))
        return self._stable_or_taylor(closed_form, value)

    def entropy(self) -> Tensor:
        log_q = torch.log1p(-self.probs)
        log_p = torch.log(self.probs)
        return self.mean * (log_q - log_p) - self._cont_bern_log_norm() - log_q

    @property
    def _natural_params(self) -> tuple:
        return (self.logits,)

    def _log_normalizer(self, x):
        """The log normaliser as a function of the natural parameter ``x`` (the
        logit), with the same stable / Taylor split shifted by ``-1/2``."""
        low, high = self._lims[0] - 0.5, self._lims[1] - 0.5
        stable = torch.max(torch.le(x, low), torch.gt(x, high))
        cut_x = torch.where(stable, x, low * torch.ones_like(x))
        closed_form = torch.log(torch.abs(torch.special.expm1(cut_x))) - torch.log(torch.abs(cut_x))
        taylor = 0.5 * x + torch.pow(x, 2) / 24.0 - torch.pow(x, 4) / 2880.0
        return torch.where(stable, closed_form, taylor)


# Abramowitz & Stegun 9.8.1-9.8.4: polynomial fits of the modified Bessel
# functions I0 and I1, for x < 3.75 in (x / 3.75)**2 and beyond in 3.75 / x.
_BESSEL_SMALL_X = {
    0: (1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.360768e-1, 0.45813e-2),
    1: (0.5, 0.87890594, 0.51498869, 0.15084934, 0.2658733e-1, 0.301532e-2, 0.32411e-3),
}
_BESSEL_LARGE_X = {
    0: (0.39894228, 0.1328592e-1, 0.225319e-2, -0.157565e-2, 0.916281e-2,
        -0.2057706e-1, 0.2635537e-1, -0.1647633e-1, 0.392377e-2),
    1: (0.39894228, -0.3988024e-1, -0.362018e-2, 0.163801e-2, -0.1031555e-1,
        0.2282967e-1, -0.2895312e-1, 0.1787654e-1, -0.420059e-2),
}


def _horner(y, coefficients):
    """``sum_k c_k y**k`` by Horner's rule, from the highest coefficient down."""
    acc = coefficients[-1]
    for c in reversed(coefficients[:-1]):
        acc = c + y * acc
    return acc


def _log_modified_bessel_fn(x, order=0):
    """``log I_order(x)`` for positive ``x``; ``order`` is 0 or 1."""
    if order not in (0, 1):
        raise AssertionError(f"order must be 0 or 1, got {order}")
    ratio = x / 3.75
    near = _horner(ratio * ratio, _BESSEL_SMALL_X[order])
    if order == 1:
        near = x.abs() * near
    near = near.log()
    far = x - 0.5 * x.log() + _horner(3.75 / x, _BESSEL_LARGE_X[order]).log()
    return torch.where(x < 3.75, near, far)


def _von_mises_rejection(loc, concentration, proposal_r, x):
    """Best & Fisher (1979): each round draws one ``rand((3,) + shape)`` block
    (angle, acceptance and sign uniforms) and fills the still-pending entries
    that it accepts; the result is wrapped into ``[-pi, pi)`` around ``loc``."""
    done = torch.zeros(tuple(x.shape), dtype=torch.bool)
    while not done.all():
        u_angle, u_accept, u_sign = torch.rand((3,) + tuple(x.shape), dtype=loc.dtype).unbind()
        z = torch.cos(math.pi * u_angle)
        f = (1 + proposal_r * z) / (proposal_r + z)
        c = concentration * (proposal_r - f)
        accepted = ((c * (2 - c) - u_accept) > 0) | ((c / u_accept).log() + 1 - c >= 0)
        if accepted.any():
            x = torch.where(accepted, (u_sign - 0.5).sign() * f.acos(), x)
            done = done | accepted
    return (x + math.pi + loc) % (2 * math.pi) - math.pi


class VonMises(Distribution):
    """Circular von Mises(loc, concentration).  Sampling runs in ``float64``
    and is cast back to the parameters' dtype."""

    arg_constraints = {"loc": constraints.real, "concentration": constraints.positive}
    support = constraints.real
    has_rsample = False

    def __init__(self, loc, concentration, validate_args=None) -> None:
        self.loc, self.concentration = broadcast_all(loc, concentration)
        super().__init__(self.loc.shape, Size(), validate_args)

    def expand(self, batch_shape, _instance=None) -> "VonMises":
        """PyTorch has no dedicated ``expand`` here: the base one refuses, and a
        fresh instance is built from the expanded parameters instead."""
        try:
            return super().expand(batch_shape)
        except NotImplementedError:
            validate_args = self.__dict__.get("_validate_args")
            loc = self.loc.expand(batch_shape)
            concentration = self.concentration.expand(batch_shape)
            return type(self)(loc, concentration, validate_args=validate_args)

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

    @lazy_property
    def variance(self) -> Tensor:
        """Circular variance ``1 - I1(k) / I0(k)``."""
        k = self.concentration
        log_ratio = _log_modified_bessel_fn(k, order=1) - _log_modified_bessel_fn(k, order=0)
        return 1 - log_ratio.exp()

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        k = self.concentration
        kernel = k * torch.cos(value - self.loc)
        return kernel - _LOG_2PI - _log_modified_bessel_fn(k, order=0)

    @lazy_property
    def _loc(self) -> Tensor:
        return self.loc.to(torch.double)

    @lazy_property
    def _concentration(self) -> Tensor:
        return self.concentration.to(torch.double)

    @lazy_property
    def _proposal_r(self) -> Tensor:
        """The wrapped-Cauchy envelope's ``r``; ``1/k + k`` for tiny ``k``."""
        k = self._concentration
        tau = 1 + (1 + 4 * k ** 2).sqrt()
        rho = (tau - (2 * tau).sqrt()) / (2 * k)
        exact = (1 + rho ** 2) / (2 * rho)
        series = 1 / k + k
        return torch.where(k < 1e-5, series, exact)

    def sample(self, sample_shape=Size()) -> Tensor:
        with torch.no_grad():
            shape = tuple(self._extended_shape(sample_shape))
            start = torch.empty(shape, dtype=self._loc.dtype)
            angles = _von_mises_rejection(self._loc, self._concentration, self._proposal_r, start)
            return angles.to(self.loc.dtype)


class GeneralizedPareto(Distribution):
    """Generalized Pareto(loc, scale, concentration); the exponential law is
    the ``concentration == 0`` limit (taken wherever ``isclose`` to 0).
    ``rsample`` is ``icdf(rand)``."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive, "concentration": constraints.real}
    has_rsample = True

    def __init__(self, loc, scale, concentration, validate_args=None) -> None:
        self.loc, self.scale, self.concentration = broadcast_all(loc, scale, concentration)
        batch_shape = batch_shape_of(self.loc, loc, scale, concentration)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "GeneralizedPareto":
        names = ("loc", "scale", "concentration")
        return expand_params(self, GeneralizedPareto, batch_shape, names, _instance)

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        lower = self.loc
        upper = torch.where(self.concentration < 0, lower - self.scale / self.concentration, _INF)
        return constraints.interval(lower, upper)

    def _split_at_zero(self, zero: Tensor) -> tuple:
        """``(is_zero, safe)``: where ``concentration`` is close to ``zero``, and
        the concentration with those entries replaced by 1 (safe to divide by).
        ``log_prob`` compares with a default-dtype ``tensor(0.0)``, ``icdf`` with
        ``zeros_like`` -- PyTorch's choices, kept for identical dtype handling."""
        conc = self.concentration
        is_zero = torch.isclose(conc, zero)
        return is_zero, torch.where(is_zero, torch.ones_like(conc), conc)

    def _standardize(self, x):
        return (x - self.loc) / self.scale

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        z = self._standardize(value)
        is_zero, conc = self._split_at_zero(torch.tensor(0.0))
        exponent = 1 / conc + torch.ones_like(z)
        general = torch.where(exponent == 0, exponent, exponent * torch.log1p(conc * z))
        return -self.scale.log() - torch.where(is_zero, z, general)

    def log_survival_function(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        z = self._standardize(value)
        is_zero, conc = self._split_at_zero(torch.tensor(0.0))
        general = -torch.log1p(conc * z) / conc
        return torch.where(is_zero, -z, general)

    def log_cdf(self, value) -> Tensor:
        return torch.log1p(-torch.exp(self.log_survival_function(value)))

    def cdf(self, value) -> Tensor:
        return torch.exp(self.log_cdf(value))

    def icdf(self, value) -> Tensor:
        is_zero, conc = self._split_at_zero(torch.zeros_like(self.concentration))
        log_tail = torch.log1p(-value)
        general = self.loc + self.scale / conc * torch.expm1(-conc * log_tail)
        exponential = self.loc - self.scale * log_tail
        return torch.where(is_zero, exponential, general)

    def rsample(self, sample_shape=Size()) -> Tensor:
        u = torch.rand(tuple(self._extended_shape(sample_shape)), dtype=self.loc.dtype)
        return self.icdf(u)

    @property
    def mean(self) -> Tensor:
        """``loc + scale / (1 - concentration)``; nan once ``concentration >= 1``."""
        defined = self.concentration < 1
        conc = torch.where(defined, self.concentration, 0.5)
        return torch.where(defined, self.loc + self.scale / (1 - conc), _NAN)

    @property
    def variance(self) -> Tensor:
        """nan once ``concentration >= 1/2``."""
        defined = self.concentration < 0.5
        conc = torch.where(defined, self.concentration, 0.25)
        value = self.scale ** 2 / ((1 - conc) ** 2 * (1 - 2 * conc))
        return torch.where(defined, value, _NAN)

    @property
    def mode(self) -> Tensor:
        return self.loc

    def entropy(self) -> Tensor:
        pointwise = torch.log(self.scale) + self.concentration + 1
        return torch.broadcast_to(pointwise, tuple(self._batch_shape))


# --------------------------------------------------------------------------- mixtures

MixtureSameFamilyConstraint = constraints.MixtureSameFamilyConstraint


def _check_mixture_parts(mixture, components) -> int:
    """Validate a ``MixtureSameFamily``'s two parts; return the component count."""
    if not isinstance(mixture, Categorical):
        raise ValueError(
            " The Mixture distribution needs to be an  instance of torch.distributions.Categorical")
    if not isinstance(components, Distribution):
        raise ValueError(
            "The Component distribution needs to be an instance of torch.distributions.Distribution")
    mix_batch = mixture.batch_shape
    comp_batch = components.batch_shape[:-1]
    for a, b in zip(reversed(mix_batch), reversed(comp_batch)):
        if a != 1 and b != 1 and a != b:
            raise ValueError(
                f"`mixture_distribution.batch_shape` ({mix_batch}) is not compatible with "
                f"`component_distribution.batch_shape`({comp_batch})")
    n_mix = mixture.logits.shape[-1]
    n_comp = components.batch_shape[-1]
    if n_mix is not None and n_comp is not None and n_mix != n_comp:
        raise ValueError(
            f"`mixture_distribution component` ({n_mix}) does not equal "
            f"`component_distribution.batch_shape[-1]` ({n_comp})")
    return n_mix


class MixtureSameFamily(Distribution):
    """A ``Categorical``-weighted mixture of one family of distributions, whose
    rightmost batch dimension indexes the components.  ``sample`` draws the
    mixture indices first, then every component, and gathers."""

    arg_constraints: dict = {}
    has_rsample = False

    def __init__(self, mixture_distribution, component_distribution, validate_args=None) -> None:
        self._mixture_distribution = mixture_distribution
        self._component_distribution = component_distribution
        self._num_component = _check_mixture_parts(mixture_distribution, component_distribution)
        event_shape = component_distribution.event_shape
        self._event_ndims = len(event_shape)
        batch_shape = Size(component_distribution.batch_shape[:-1])
        super().__init__(batch_shape=batch_shape, event_shape=event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "MixtureSameFamily":
        batch_shape = Size(batch_shape)
        new = self._get_checked_instance(MixtureSameFamily, _instance)
        with_components = Size(tuple(batch_shape) + (self._num_component,))
        new._component_distribution = self._component_distribution.expand(with_components)
        new._mixture_distribution = self._mixture_distribution.expand(batch_shape)
        new._num_component = self._num_component
        new._event_ndims = self._event_ndims
        return finish_expand(new, self, batch_shape, new._component_distribution.event_shape)

    @constraints.dependent_property
    def support(self):
        return MixtureSameFamilyConstraint(self._component_distribution.support)

    @property
    def mixture_distribution(self) -> Categorical:
        return self._mixture_distribution

    @property
    def component_distribution(self) -> Distribution:
        return self._component_distribution

    @property
    def _component_dim(self) -> int:
        """The (negative) dimension of a component-indexed tensor holding the components."""
        return -1 - self._event_ndims

    def _pad(self, x):
        """Insert the component dimension into a sample-shaped ``x``."""
        return x.unsqueeze(self._component_dim)

    def _pad_mixture_dimensions(self, x):
        """Reshape mixture weights ``(..., K)`` to line up with component-shaped tensors."""
        own_batch = len(self.batch_shape)
        mix_batch = len(self.mixture_distribution.batch_shape)
        missing = 0 if mix_batch == 1 else own_batch - mix_batch
        shape = tuple(x.shape)
        return x.reshape(shape[:-1] + (1,) * missing + shape[-1:] + (1,) * self._event_ndims)

    @property
    def mean(self) -> Tensor:
        weights = self._pad_mixture_dimensions(self.mixture_distribution.probs)
        return torch.sum(weights * self.component_distribution.mean, dim=self._component_dim)

    @property
    def variance(self) -> Tensor:
        """Law of total variance: mean of the variances plus variance of the means."""
        weights = self._pad_mixture_dimensions(self.mixture_distribution.probs)
        components = self.component_distribution
        within = torch.sum(weights * components.variance, dim=self._component_dim)
        spread = (components.mean - self._pad(self.mean)).pow(2.0)
        between = torch.sum(weights * spread, dim=self._component_dim)
        return within + between

    def cdf(self, x) -> Tensor:
        per_component = self.component_distribution.cdf(self._pad(x))
        return torch.sum(per_component * self.mixture_distribution.probs, dim=-1)

    def log_prob(self, x) -> Tensor:
        if self._validate_args:
            self._validate_sample(x)
        per_component = self.component_distribution.log_prob(self._pad(x))
        log_weights = torch.log_softmax(self.mixture_distribution.logits, dim=-1)
        return torch.logsumexp(per_component + log_weights, dim=-1)

    def sample(self, sample_shape=Size()) -> Tensor:
        with torch.no_grad():
            gather_dim = len(sample_shape) + len(self.batch_shape)
            event = tuple(self.event_shape)
            choice = self.mixture_distribution.sample(sample_shape)
            choice_shape = tuple(choice.shape)
            candidates = self.component_distribution.sample(sample_shape)
            # index tensor shaped like one component's draw: (..., 1, *event)
            index = choice.reshape(choice_shape + (1,) * (len(event) + 1))
            index = index.repeat((1,) * len(choice_shape) + (1,) + event)
            picked = torch.gather(candidates, gather_dim, index)
            return picked.squeeze(gather_dim)

    def __repr__(self) -> str:
        inner = f"\n  {self.mixture_distribution},\n  {self.component_distribution}"
        return f"MixtureSameFamily({inner})"


# --------------------------------------------------------------------------- low-rank Gaussian


def _whitened_factor_t(W, D):
    """``W.T @ D^{-1}`` for a factor ``W`` (``n x m``) and diagonal ``D`` (``n``)."""
    return W.mT / D.unsqueeze(-2)


def _batch_capacitance_tril(W, D):
    """Cholesky factor of the capacitance matrix ``I_m + W.T @ D^{-1} @ W``."""
    rank = W.size(-1)
    capacitance = torch.matmul(_whitened_factor_t(W, D), W).contiguous()
    capacitance = capacitance + torch.eye(rank, dtype=capacitance.dtype)
    return torch.linalg.cholesky(capacitance)


def _batch_lowrank_logdet(W, D, capacitance_tril):
    """``log det(W W.T + D)`` by the matrix determinant lemma."""
    log_det_capacitance = 2 * capacitance_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)
    return log_det_capacitance + D.log().sum(-1)


def _batch_lowrank_mahalanobis(W, D, x, capacitance_tril):
    """``x.T (W W.T + D)^{-1} x`` by the Woodbury identity."""
    projected = _batch_mv(_whitened_factor_t(W, D), x)
    diagonal_part = (x.pow(2) / D).sum(-1)
    correction = _batch_mahalanobis(capacitance_tril, projected)
    return diagonal_part - correction


class LowRankMultivariateNormal(Distribution):
    """Multivariate normal with covariance ``cov_factor @ cov_factor.T +
    diag(cov_diag)``.  Log-densities go through the capacitance matrix
    (Woodbury / determinant lemma); ``rsample`` draws the rank-``m`` noise
    before the ``n``-dimensional diagonal noise."""

    arg_constraints = {
        "loc": constraints.real_vector,
        "cov_factor": constraints.independent(constraints.real, 2),
        "cov_diag": constraints.independent(constraints.positive, 1),
    }
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None) -> None:
        event_shape = self._check_shapes(loc, cov_factor, cov_diag)
        try:
            loc_col, self.cov_factor, diag_col = torch.broadcast_tensors(
                loc.unsqueeze(-1), cov_factor, cov_diag.unsqueeze(-1))
        except RuntimeError as e:
            raise ValueError(
                f"Incompatible batch shapes: loc {loc.shape}, cov_factor {cov_factor.shape}, "
                f"cov_diag {cov_diag.shape}") from e
        self.loc = loc_col[..., 0]
        self.cov_diag = diag_col[..., 0]
        self._unbroadcasted_cov_factor = cov_factor
        self._unbroadcasted_cov_diag = cov_diag
        self._capacitance_tril = _batch_capacitance_tril(cov_factor, cov_diag)
        super().__init__(self.loc.shape[:-1], event_shape, validate_args=validate_args)

    @staticmethod
    def _check_shapes(loc, cov_factor, cov_diag):
        """Argument shape checks (PyTorch's messages); returns the event shape."""
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = loc.shape[-1:]
        if cov_factor.dim() < 2:
            raise ValueError("cov_factor must be at least two-dimensional, "
                             "with optional leading batch dimensions")
        if cov_factor.shape[-2:-1] != event_shape:
            raise ValueError(f"cov_factor must be a batch of matrices with shape {event_shape[0]} x m")
        if cov_diag.shape[-1:] != event_shape:
            raise ValueError(f"cov_diag must be a batch of vectors with shape {event_shape}")
        return event_shape

    def expand(self, batch_shape, _instance=None) -> "LowRankMultivariateNormal":
        new = self._get_checked_instance(LowRankMultivariateNormal, _instance)
        batch_shape = Size(batch_shape)
        vector_shape = tuple(batch_shape) + tuple(self.event_shape)
        new.loc = self.loc.expand(vector_shape)
        new.cov_diag = self.cov_diag.expand(vector_shape)
        new.cov_factor = self.cov_factor.expand(vector_shape + tuple(self.cov_factor.shape[-1:]))
        for name in ("_unbroadcasted_cov_factor", "_unbroadcasted_cov_diag", "_capacitance_tril"):
            setattr(new, name, getattr(self, name))
        return finish_expand(new, self, batch_shape, self.event_shape)

    def _matrix_shape(self) -> tuple:
        n = self._event_shape[0]
        return _batch_shaped(self, n, n)

    def _log_det(self) -> Tensor:
        return _batch_lowrank_logdet(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag,
                                     self._capacitance_tril)

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

    @lazy_property
    def variance(self) -> Tensor:
        diagonal = self._unbroadcasted_cov_factor.pow(2).sum(-1) + self._unbroadcasted_cov_diag
        return diagonal.expand(_batch_shaped(self, *self._event_shape))

    @lazy_property
    def scale_tril(self) -> Tensor:
        """``D^{1/2} chol(I_n + D^{-1/2} W W.T D^{-1/2})``."""
        n = self._event_shape[0]
        sqrt_diag = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        scaled_factor = self._unbroadcasted_cov_factor / sqrt_diag
        inner = torch.matmul(scaled_factor, scaled_factor.mT).contiguous()
        inner = inner + torch.eye(n, dtype=inner.dtype)
        return (sqrt_diag * torch.linalg.cholesky(inner)).expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        W = self._unbroadcasted_cov_factor
        cov = torch.matmul(W, W.mT) + torch.diag_embed(self._unbroadcasted_cov_diag)
        return cov.expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self) -> Tensor:
        """Woodbury: ``D^{-1} - A.T A`` with ``A = L_cap^{-1} W.T D^{-1}``."""
        D = self._unbroadcasted_cov_diag
        whitened = _whitened_factor_t(self._unbroadcasted_cov_factor, D)
        A = torch.linalg.solve_triangular(self._capacitance_tril, whitened, upper=False)
        precision = torch.diag_embed(D.reciprocal()) - A.mT @ A
        return precision.expand(self._matrix_shape())

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        rank_shape = shape[:-1] + tuple(self.cov_factor.shape[-1:])
        eps_factor = _standard_normal(rank_shape, dtype=self.loc.dtype)
        eps_diag = _standard_normal(shape, dtype=self.loc.dtype)
        return (self.loc + _batch_mv(self._unbroadcasted_cov_factor, eps_factor)
                + self._unbroadcasted_cov_diag.sqrt() * eps_diag)

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        maha = _batch_lowrank_mahalanobis(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag,
                                          value - self.loc, self._capacitance_tril)
        return -0.5 * (self._event_shape[0] * _LOG_2PI + self._log_det() + maha)

    def entropy(self) -> Tensor:
        entropy = 0.5 * (self._event_shape[0] * (1.0 + _LOG_2PI) + self._log_det())
        if len(self._batch_shape) == 0:
            return entropy
        return entropy.expand(tuple(self._batch_shape))


# --------------------------------------------------------------------------- random matrices


def _mvdigamma(x: Tensor, p: int) -> Tensor:
    """Multivariate digamma ``sum_{i<p} digamma(x - i/2)``."""
    if not x.gt((p - 1) / 2).all():
        raise AssertionError("Wrong domain for multivariate digamma function.")
    half_steps = torch.arange(p, dtype=x.dtype).div(2).expand(tuple(x.shape) + (-1,))
    return torch.digamma(x.unsqueeze(-1) - half_steps).sum(-1)


def _clamp_above_eps(x: Tensor) -> Tensor:
    return x.clamp(min=finfo_eps(x.dtype))


def _bartlett_chi2(df: Tensor, p: int, dtype, batch_shape) -> Chi2:
    """The diagonal laws of the Bartlett factor: ``Chi2(df - i)`` for ``i < p``."""
    steps = torch.arange(p, dtype=dtype).expand(tuple(batch_shape) + (-1,))
    return Chi2(df=df.unsqueeze(-1) - steps)


def _batch_dims_of(batch_shape) -> list:
    """``[-1, -2, ...]``: the batch dimensions of a per-sample flag, counted from the right."""
    return [-(k + 1) for k in range(len(batch_shape))]


_WISHART_PARAMS = ("covariance_matrix", "precision_matrix", "scale_tril")


class Wishart(ExponentialFamily):
    """Wishart(df, covariance_matrix | precision_matrix | scale_tril) over
    ``p x p`` positive-definite matrices.  ``rsample`` uses the Bartlett
    decomposition: the Chi2 diagonal is drawn before the ``randn``
    off-diagonal, and the re-draw loop consumes the generator as PyTorch's
    does (including its quirk noted in :meth:`rsample`)."""

    support = constraints.positive_definite
    has_rsample = True
    _mean_carrier_measure = 0

    @property
    def arg_constraints(self):
        return {
            "covariance_matrix": constraints.positive_definite,
            "precision_matrix": constraints.positive_definite,
            "scale_tril": constraints.lower_cholesky,
            "df": constraints.greater_than(self.event_shape[-1] - 1),
        }

    def __init__(self, df, covariance_matrix=None, precision_matrix=None, scale_tril=None,
                 validate_args=None) -> None:
        given = {"covariance_matrix": covariance_matrix, "precision_matrix": precision_matrix,
                 "scale_tril": scale_tril}
        supplied = [name for name in _WISHART_PARAMS if given[name] is not None]
        if len(supplied) != 1:
            raise AssertionError(
                "Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        kind = supplied[0]
        matrix = given[kind]
        if matrix.dim() < 2:
            raise ValueError("scale_tril must be at least two-dimensional, "
                             "with optional leading batch dimensions")
        matrix_batch = tuple(matrix.shape[:-2])
        if is_number(df):
            batch_shape = Size(matrix_batch)
            self.df = torch.tensor(df, dtype=matrix.dtype)
        else:
            batch_shape = Size(torch.broadcast_shapes(matrix_batch, tuple(df.shape)))
            self.df = df.expand(batch_shape)
        event_shape = matrix.shape[-2:]
        p = event_shape[-1]
        if self.df.le(p - 1).any():
            raise ValueError(f"Value of df={df} expected to be greater than ndim - 1 = {p - 1}.")
        setattr(self, kind, matrix.expand(tuple(batch_shape) + (-1, -1)))
        if self.df.lt(p).any():
            warnings.warn("Low df values detected. Singular samples are highly likely to occur "
                          "for ndim - 1 < df < ndim.", stacklevel=2)
        super().__init__(batch_shape, event_shape, validate_args=validate_args)
        self._batch_dims = _batch_dims_of(self._batch_shape)
        if kind == "scale_tril":
            self._unbroadcasted_scale_tril = matrix
        elif kind == "covariance_matrix":
            self._unbroadcasted_scale_tril = torch.linalg.cholesky(matrix)
        else:
            self._unbroadcasted_scale_tril = _precision_to_scale_tril(matrix)
        self._dist_chi2 = _bartlett_chi2(self.df, self._event_shape[-1],
                                         self._unbroadcasted_scale_tril.dtype, batch_shape)

    def expand(self, batch_shape, _instance=None) -> "Wishart":
        new = self._get_checked_instance(Wishart, _instance)
        batch_shape = Size(batch_shape)
        matrix_shape = tuple(batch_shape) + tuple(self.event_shape)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril.expand(matrix_shape)
        new.df = self.df.expand(batch_shape)
        new._batch_dims = _batch_dims_of(batch_shape)
        for name in ("covariance_matrix", "scale_tril", "precision_matrix"):
            if name in self.__dict__:
                setattr(new, name, getattr(self, name).expand(matrix_shape))
        new._dist_chi2 = _bartlett_chi2(new.df, self.event_shape[-1],
                                        new._unbroadcasted_scale_tril.dtype, batch_shape)
        return finish_expand(new, self, batch_shape, self.event_shape)

    def _matrix_shape(self) -> tuple:
        return _batch_shaped(self, *self._event_shape)

    def _df_as_matrix(self, df: Tensor) -> Tensor:
        """``df`` viewed as ``(*batch, 1, 1)`` to scale a batch of matrices."""
        return df.view(_batch_shaped(self, 1, 1))

    @lazy_property
    def scale_tril(self) -> Tensor:
        return self._unbroadcasted_scale_tril.expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        L = self._unbroadcasted_scale_tril
        return (L @ L.transpose(-2, -1)).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self) -> Tensor:
        L = self._unbroadcasted_scale_tril
        identity = torch.eye(self._event_shape[-1], dtype=L.dtype)
        return torch.cholesky_solve(identity, L).expand(self._matrix_shape())

    @property
    def mean(self) -> Tensor:
        return self._df_as_matrix(self.df) * self.covariance_matrix

    @property
    def mode(self) -> Tensor:
        """``(df - p - 1) V``, nan where ``df <= p + 1``."""
        factor = self.df - self.covariance_matrix.shape[-1] - 1
        factor[factor <= 0] = _NAN
        return self._df_as_matrix(factor) * self.covariance_matrix

    @property
    def variance(self) -> Tensor:
        V = self.covariance_matrix
        diag = V.diagonal(dim1=-2, dim2=-1)
        return self._df_as_matrix(self.df) * (V.pow(2) + torch.einsum("...i,...j->...ij", diag, diag))

    def _bartlett_sampling(self, sample_shape=Size()):
        """``L A A.T L.T`` with ``A`` lower triangular: ``sqrt(Chi2(df - i))`` on
        the diagonal (drawn first), standard normals below it."""
        p = self._event_shape[-1]
        root_chi2 = _clamp_above_eps(self._dist_chi2.rsample(sample_shape).sqrt())
        factor = root_chi2.diag_embed(dim1=-2, dim2=-1)
        rows, cols = torch.tril_indices(p, p, offset=-1)
        below_shape = tuple(sample_shape) + tuple(self._batch_shape) + (int(p * (p - 1) / 2),)
        factor[..., rows, cols] = torch.randn(below_shape, dtype=factor.dtype)
        chol = self._unbroadcasted_scale_tril @ factor
        return chol @ chol.transpose(-2, -1)

    def _flag_per_sample(self, flags: Tensor) -> Tensor:
        """Reduce per-matrix flags over the batch dimensions (any)."""
        if self._batch_shape:
            return flags.amax(self._batch_dims)
        return flags

    def rsample(self, sample_shape=Size(), max_try_correction=None) -> Tensor:
        """Bartlett draws, re-drawn (up to ``max_try_correction`` times, default
        10) where flagged.  As in PyTorch the *first* flagging uses the support
        check un-negated, so valid draws are flagged and drawn again; kept so
        the generator stays in step with PyTorch."""
        if max_try_correction is None:
            max_try_correction = 10
        sample_shape = Size(sample_shape)
        sample = self._bartlett_sampling(sample_shape)
        redo = self._flag_per_sample(self.support.check(sample))
        if not redo.any():
            return sample
        warnings.warn("Singular sample detected.", stacklevel=2)
        for _ in range(max_try_correction):
            fresh = self._bartlett_sampling(redo[redo].shape)
            sample[redo] = fresh
            still_bad = self._flag_per_sample(~self.support.check(fresh))
            redo[redo.clone()] = still_bad
            if not redo.any():
                break
        return sample

    def _log_det_scale(self) -> Tensor:
        """``log det L`` (half the log-determinant of the scale matrix)."""
        return self._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        nu = self.df
        p = self._event_shape[-1]
        L = self._unbroadcasted_scale_tril
        return (-nu * (p * _LOG_2 / 2 + self._log_det_scale())
                - torch.mvlgamma(nu / 2, p=p)
                + (nu - p - 1) / 2 * torch.linalg.slogdet(value).logabsdet
                - torch.cholesky_solve(value, L).diagonal(dim1=-2, dim2=-1).sum(dim=-1) / 2)

    def entropy(self) -> Tensor:
        nu = self.df
        p = self._event_shape[-1]
        return ((p + 1) * (p * _LOG_2 / 2 + self._log_det_scale())
                + torch.mvlgamma(nu / 2, p=p)
                - (nu - p - 1) / 2 * _mvdigamma(nu / 2, p=p)
                + nu * p / 2)

    @property
    def _natural_params(self) -> tuple:
        p = self._event_shape[-1]
        return -self.precision_matrix / 2, (self.df - p - 1) / 2

    def _log_normalizer(self, x, y):
        p = self._event_shape[-1]
        log_det_term = -torch.linalg.slogdet(-2 * x).logabsdet + _LOG_2 * p
        return (y + (p + 1) / 2) * log_det_term + torch.mvlgamma(y + (p + 1) / 2, p=p)


class LKJCholesky(Distribution):
    """LKJ law over lower Cholesky factors of ``dim x dim`` correlation
    matrices, sampled by the onion method: one Beta draw per row, then
    ``randn`` directions on the hypersphere."""

    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky

    def __init__(self, dim, concentration=1.0, validate_args=None) -> None:
        if dim < 2:
            raise ValueError(f"Expected dim to be an integer greater than or equal to 2. Found dim={dim}.")
        self.dim = dim
        (self.concentration,) = broadcast_all(concentration)
        conc = self.concentration
        # Beta(i/2, conc + (dim - 2)/2 - i/2) for row i (row 0 gets offset 0 twice)
        marginal = conc + 0.5 * (self.dim - 2)
        offset = torch.arange(self.dim - 1, dtype=conc.dtype)
        offset = torch.cat([offset.new_zeros((1,)), offset])
        self._beta = Beta(offset + 0.5, marginal.unsqueeze(-1) - 0.5 * offset)
        super().__init__(conc.size(), Size((dim, dim)), validate_args)

    def expand(self, batch_shape, _instance=None) -> "LKJCholesky":
        new = self._get_checked_instance(LKJCholesky, _instance)
        batch_shape = Size(batch_shape)
        new.dim = self.dim
        new.concentration = self.concentration.expand(batch_shape)
        new._beta = self._beta.expand(tuple(batch_shape) + (self.dim,))
        return finish_expand(new, self, batch_shape, self.event_shape)

    def sample(self, sample_shape=Size()) -> Tensor:
        radius_sq = self._beta.sample(sample_shape).unsqueeze(-1)
        shape = tuple(self._extended_shape(sample_shape))
        gaussian = torch.randn(shape, dtype=radius_sq.dtype).tril(-1)
        direction = gaussian / gaussian.norm(dim=-1, keepdim=True)
        direction[..., 0, :].fill_(0.0)
        w = torch.sqrt(radius_sq) * direction
        floor = finfo_tiny(w.dtype)
        diagonal = torch.clamp(1 - torch.sum(w ** 2, dim=-1), min=floor).sqrt()
        w += torch.diag_embed(diagonal)
        return w

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        d = self.dim
        diag = value.diagonal(dim1=-1, dim2=-2)[..., 1:]
        powers = 2 * (self.concentration - 1).unsqueeze(-1) + d - torch.arange(2, d + 1)
        unnormalized = torch.sum(powers * diag.log(), dim=-1)
        dm1 = d - 1
        alpha = self.concentration + 0.5 * dm1
        log_gamma_part = torch.lgamma(alpha) * dm1
        log_mv_gamma_part = torch.mvlgamma(alpha - 0.5, dm1)
        log_normalizer = 0.5 * dm1 * math.log(math.pi) + log_mv_gamma_part - log_gamma_part
        return unnormalized - log_normalizer


# --------------------------------------------------------------------------- KL divergences


def _infinite_like(tensor: Tensor) -> Tensor:
    return torch.full_like(tensor, _INF)


def _batch_trace_XXT(bmat: Tensor) -> Tensor:
    """``trace(X @ X.T)`` (the squared Frobenius norm) of each matrix in a batch."""
    rows, cols = bmat.size(-2), bmat.size(-1)
    squares = bmat.reshape(-1, rows * cols).pow(2).sum(-1)
    return squares.reshape(tuple(bmat.shape[:-2]))


# Continuous Bernoulli: KL(p || q) = -H(p) - E_p[log q(X)], with
# log q(x) = x * logits + log1p(-probs) + log C(probs) for q continuous Bernoulli.


def _cross_term_against_cb(p, q) -> Tensor:
    """``-H(p) - E_p[log q]`` for a continuous-Bernoulli ``q``."""
    return -p.entropy() - p.mean * q.logits - torch.log1p(-q.probs) - q._cont_bern_log_norm()


def _inf_where(outside: Tensor, result: Tensor) -> Tensor:
    """``result``, with ``inf`` where ``outside`` (supports not nested)."""
    return torch.where(outside, torch.ones_like(result) * _INF, result)


@register_kl(ContinuousBernoulli, ContinuousBernoulli)
def _kl_continuous_bernoulli_continuous_bernoulli(p, q):
    logit_part = p.mean * (p.logits - q.logits)
    p_norm = p._cont_bern_log_norm() + torch.log1p(-p.probs)
    q_norm = -q._cont_bern_log_norm() - torch.log1p(-q.probs)
    return logit_part + p_norm + q_norm


@register_kl(Geometric, Geometric)
def _kl_geometric_geometric(p, q):
    return -p.entropy() - torch.log1p(-q.probs) / p.probs - q.logits


# PyTorch's messages, run-on spaces included (they come from a wrapped literal).
_LOWRANK_PAIR_MSG = ("KL-divergence between two Low Rank Multivariate Normals with"
                     "                          different event shapes cannot be computed")
_MIXED_PAIR_MSG = ("KL-divergence between two (Low Rank) Multivariate Normals with"
                   "                          different event shapes cannot be computed")


def _require_same_event(p, q, message: str) -> None:
    if p.event_shape != q.event_shape:
        raise ValueError(message)


def _lowrank_log_det(d) -> Tensor:
    return _batch_lowrank_logdet(d._unbroadcasted_cov_factor, d._unbroadcasted_cov_diag, d._capacitance_tril)


def _tril_log_det(d) -> Tensor:
    """``log det(Sigma)`` of a full-rank normal from its Cholesky factor."""
    return 2 * d._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)


def _lowrank_mahalanobis_of(q, diff) -> Tensor:
    return _batch_lowrank_mahalanobis(q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, diff,
                                      q._capacitance_tril)


def _woodbury_factor(q) -> Tensor:
    """``A = L_cap^{-1} W.T D^{-1}`` of a low-rank normal: ``Sigma^{-1} = D^{-1} - A.T A``."""
    whitened = _whitened_factor_t(q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag)
    return torch.linalg.solve_triangular(q._capacitance_tril, whitened, upper=False)


def _gaussian_kl(log_det_gap, trace_term, mahalanobis, dim) -> Tensor:
    """``KL = (log|Sq|/|Sp| + tr(Sq^-1 Sp) + maha - n) / 2``."""
    return 0.5 * (log_det_gap + trace_term + mahalanobis - dim)


@register_kl(LowRankMultivariateNormal, LowRankMultivariateNormal)
def _kl_lowrankmultivariatenormal_lowrankmultivariatenormal(p, q):
    _require_same_event(p, q, _LOWRANK_PAIR_MSG)
    log_det_gap = _lowrank_log_det(q) - _lowrank_log_det(p)
    maha = _lowrank_mahalanobis_of(q, q.loc - p.loc)
    # tr(Sq^-1 Sp) with Sq^-1 = Dq^-1 - A.T A and Sp = Wp Wp.T + Dp, term by term
    A = _woodbury_factor(q)
    diag_ratio = (p._unbroadcasted_cov_diag / q._unbroadcasted_cov_diag).sum(-1)
    factor_over_q_diag = _batch_trace_XXT(
        p._unbroadcasted_cov_factor * q._unbroadcasted_cov_diag.rsqrt().unsqueeze(-1))
    A_times_p_diag = _batch_trace_XXT(A * p._unbroadcasted_cov_diag.sqrt().unsqueeze(-2))
    A_times_p_factor = _batch_trace_XXT(A.matmul(p._unbroadcasted_cov_factor))
    trace = diag_ratio + factor_over_q_diag - A_times_p_diag - A_times_p_factor
    return _gaussian_kl(log_det_gap, trace, maha, p.event_shape[0])


@register_kl(MultivariateNormal, LowRankMultivariateNormal)
def _kl_multivariatenormal_lowrankmultivariatenormal(p, q):
    _require_same_event(p, q, _MIXED_PAIR_MSG)
    log_det_gap = _lowrank_log_det(q) - _tril_log_det(p)
    maha = _lowrank_mahalanobis_of(q, q.loc - p.loc)
    A = _woodbury_factor(q)
    over_q_diag = _batch_trace_XXT(p._unbroadcasted_scale_tril * q._unbroadcasted_cov_diag.rsqrt().unsqueeze(-1))
    through_A = _batch_trace_XXT(A.matmul(p._unbroadcasted_scale_tril))
    return _gaussian_kl(log_det_gap, over_q_diag - through_A, maha, p.event_shape[0])


@register_kl(LowRankMultivariateNormal, MultivariateNormal)
def _kl_lowrankmultivariatenormal_multivariatenormal(p, q):
    _require_same_event(p, q, _MIXED_PAIR_MSG)
    log_det_gap = _tril_log_det(q) - _lowrank_log_det(p)
    maha = _batch_mahalanobis(q._unbroadcasted_scale_tril, q.loc - p.loc)
    batch = tuple(torch.broadcast_shapes(tuple(q._unbroadcasted_scale_tril.shape[:-2]),
                                         tuple(p._unbroadcasted_cov_factor.shape[:-2])))
    n = p.event_shape[0]
    q_tril = q._unbroadcasted_scale_tril.expand(batch + (n, n))
    p_factor = p._unbroadcasted_cov_factor.expand(batch + (n, p.cov_factor.size(-1)))
    p_diag_root = torch.diag_embed(p._unbroadcasted_cov_diag.sqrt()).expand(batch + (n, n))
    factor_part = _batch_trace_XXT(torch.linalg.solve_triangular(q_tril, p_factor, upper=False))
    diag_part = _batch_trace_XXT(torch.linalg.solve_triangular(q_tril, p_diag_root, upper=False))
    return _gaussian_kl(log_det_gap, factor_part + diag_part, maha, p.event_shape[0])


@register_kl(Beta, ContinuousBernoulli)
def _kl_beta_continuous_bernoulli(p, q):
    return _cross_term_against_cb(p, q)


@register_kl(ContinuousBernoulli, Exponential)
def _kl_continuous_bernoulli_exponential(p, q):
    return -p.entropy() - torch.log(q.rate) + q.rate * p.mean


@register_kl(ContinuousBernoulli, Normal)
def _kl_continuous_bernoulli_normal(p, q):
    neg_entropy = -p.entropy()
    log_norm = 0.5 * (_LOG_2PI + torch.square(q.loc / q.scale)) + torch.log(q.scale)
    quadratic = (p.variance + torch.square(p.mean) - 2.0 * q.loc * p.mean) / (2.0 * torch.square(q.scale))
    return neg_entropy + log_norm + quadratic


@register_kl(ContinuousBernoulli, Uniform)
def _kl_continuous_bernoulli_uniform(p, q):
    result = -p.entropy() + (q.high - q.low).log()
    escapes = torch.max(torch.ge(q.low, p.support.lower_bound), torch.le(q.high, p.support.upper_bound))
    return _inf_where(escapes, result)


@register_kl(Uniform, ContinuousBernoulli)
def _kl_uniform_continuous_bernoulli(p, q):
    result = _cross_term_against_cb(p, q)
    escapes = torch.max(torch.ge(p.high, q.support.upper_bound), torch.le(p.low, q.support.lower_bound))
    return _inf_where(escapes, result)


def _register_infinite(pairs, param: str) -> None:
    """Register ``KL = inf`` (shaped like ``p.<param>``) for each ``(P, Q)`` pair."""
    for type_p, type_q in pairs:
        register_kl(type_p, type_q)(lambda p, q, _name=param: _infinite_like(getattr(p, _name)))


_register_infinite([(Exponential, ContinuousBernoulli)], "rate")
_register_infinite([(Gamma, ContinuousBernoulli)], "concentration")
_register_infinite([(Laplace, ContinuousBernoulli), (Normal, ContinuousBernoulli)], "loc")


def _register_transformed_pairs() -> None:
    """The infinite pairs with Pareto / Gumbel, which live in ``transformed_family``."""
    try:
        from . import transformed_family
    except ImportError:  # pragma: no cover
        return
    pareto = getattr(transformed_family, "Pareto", None)
    gumbel = getattr(transformed_family, "Gumbel", None)
    if pareto is not None:
        _register_infinite([(ContinuousBernoulli, pareto)], "probs")
        _register_infinite([(pareto, ContinuousBernoulli)], "scale")
    if gumbel is not None:
        _register_infinite([(gumbel, ContinuousBernoulli)], "loc")


_register_transformed_pairs()


# --------------------------------------------------------------------------- module names

# Where PyTorch defines each class; the thin modules of these names re-export
# from here, and ``__module__`` follows PyTorch so class reprs and messages match.
_HOME_MODULES = {
    "Chi2": "chi2", "StudentT": "studentT", "Geometric": "geometric",
    "Multinomial": "multinomial", "NegativeBinomial": "negative_binomial",
    "MixtureSameFamily": "mixture_same_family", "VonMises": "von_mises",
    "FisherSnedecor": "fishersnedecor", "ContinuousBernoulli": "continuous_bernoulli",
    "LowRankMultivariateNormal": "lowrank_multivariate_normal", "Wishart": "wishart",
    "LKJCholesky": "lkj_cholesky", "GeneralizedPareto": "generalized_pareto",
}
for _cls_name, _module in _HOME_MODULES.items():
    globals()[_cls_name].__module__ = f"{__package__}.{_module}"
del _cls_name, _module

from . import (  # noqa: E402,F401  (after the classes exist: these modules import them from here)
    chi2, continuous_bernoulli, fishersnedecor, generalized_pareto, geometric, lkj_cholesky,
    lowrank_multivariate_normal, mixture_same_family, multinomial, negative_binomial, studentT,
    von_mises, wishart,
)
