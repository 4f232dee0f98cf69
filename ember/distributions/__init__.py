"""``torch.distributions`` for ember.

Parameterisable probability distributions with PyTorch's API, reprs, argument
validation and KL registry.  Sampling consumes ember's generator exactly like
PyTorch's CPU kernels, so after the same ``manual_seed`` the draws agree.
"""
from . import constraints
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .dirichlet import Dirichlet
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .gamma import Gamma
from .independent import Independent
from .kl import kl_divergence, register_kl
from .laplace import Laplace
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .one_hot_categorical import OneHotCategorical, OneHotCategoricalStraightThrough
from .poisson import Poisson
from .uniform import Uniform
from . import transforms, constraint_registry
from .transformed_family import *  # noqa: F401,F403  (TransformedDistribution and its family)
from .transformed_family import __all__ as _transformed_all
from .extra_family import *  # noqa: F401,F403  (the other distributions)
from .extra_family import __all__ as _extra_all

__all__ = [
    "Bernoulli", "Beta", "Binomial", "Categorical", "Dirichlet", "Distribution", "Exponential",
    "ExponentialFamily", "Gamma", "Independent", "Laplace", "MultivariateNormal", "Normal",
    "OneHotCategorical", "OneHotCategoricalStraightThrough", "Poisson", "Uniform",
    "kl_divergence", "register_kl",
] + list(_transformed_all) + list(_extra_all)
# (as in PyTorch, the submodules ``constraints``, ``transforms`` and ``constraint_registry`` are
# attributes of the package but not in ``__all__``: ``from torch.distributions import *`` omits them)
