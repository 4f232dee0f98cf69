"""``torch.distributions.Gamma`` and the ``_standard_gamma`` primitive it samples with."""
from __future__ import annotations


import ember as torch
from ember import Size, Tensor
from ember.autograd import Function

from . import constraints
from ._base import batch_shape_of, expand_params
from ._gamma_fn import standard_gamma_grad
from ..ops._samplers import standard_gamma as _np_standard_gamma
from .exp_family import ExponentialFamily
from .utils import broadcast_all, finfo_tiny

__all__ = ["Gamma"]


class _StandardGamma(Function):
    """``torch._standard_gamma``: Gamma(alpha, 1) draws with the implicit
    reparameterisation gradient w.r.t. ``alpha``."""

    @staticmethod
    def forward(ctx, alpha):
        out = torch.from_numpy(_np_standard_gamma(alpha.detach().numpy()))
        ctx.save_for_backward(alpha, out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        alpha, out = ctx.saved_tensors
        g = standard_gamma_grad(alpha.detach().numpy(), out.detach().numpy())
        return grad_output * torch.from_numpy(g.astype(out.detach().numpy().dtype))


def _standard_gamma(alpha: Tensor) -> Tensor:
    """Sample ``Gamma(alpha, 1)``; bit-identical stream to PyTorch's CPU kernel."""
    return _StandardGamma.apply(alpha)


class Gamma(ExponentialFamily):
    """Gamma(concentration, rate).  ``rsample`` = ``_standard_gamma(concentration) / rate``
    clamped (outside autograd) to ``finfo.tiny``."""

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    _mean_carrier_measure = 0

    def __init__(self, concentration, rate, validate_args=None) -> None:
        self.concentration, self.rate = broadcast_all(concentration, rate)
        shape = batch_shape_of(self.concentration, concentration, rate)
        super().__init__(shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None) -> "Gamma":
        return expand_params(self, Gamma, batch_shape, ("concentration", "rate"), _instance)

    @property
    def mean(self) -> Tensor:
        return self.concentration / self.rate

    @property
    def mode(self) -> Tensor:
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self) -> Tensor:
        return self.concentration / self.rate.pow(2)

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        value = _standard_gamma(self.concentration.expand(shape)) / self.rate.expand(shape)
        value.detach().clamp_(min=finfo_tiny(value.dtype))
        return value

    def log_prob(self, value) -> Tensor:
        value = torch.as_tensor(value, dtype=self.rate.dtype)
        if self._validate_args:
            self._validate_sample(value)
        return (torch.xlogy(self.concentration, self.rate)
                + torch.xlogy(self.concentration - 1, value)
                - self.rate * value
                - torch.lgamma(self.concentration))

    def entropy(self) -> Tensor:
        c = self.concentration
        return c - torch.log(self.rate) + torch.lgamma(c) + (1.0 - c) * torch.digamma(c)

    @property
    def _natural_params(self) -> tuple:
        return (self.concentration - 1, -self.rate)

    def _log_normalizer(self, x, y):
        return torch.lgamma(x + 1) + (x + 1) * torch.log(-y.reciprocal())

    def cdf(self, value: Tensor) -> Tensor:
        """``torch.special.gammainc(concentration, rate * value)`` (``IgammaBackward0``)."""
        if self._validate_args:
            self._validate_sample(value)
        return torch.special.gammainc(self.concentration, self.rate * value)
