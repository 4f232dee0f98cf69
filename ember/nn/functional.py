"""``torch.nn.functional``: every functional op, gathered from ``ember/nn/_functional``.

``activation``, ``loss`` and ``basic`` are always present; the spatial
families (``conv``, ``pooling``, ``rnn``, ``attention``, ``sampling``) are
imported when their files exist.
"""
import dataclasses  # noqa: F401  (names PyTorch's module also carries)
import importlib
import importlib as _importlib
import math  # noqa: F401
import warnings  # noqa: F401
from typing import TYPE_CHECKING, Callable, Optional  # noqa: F401

import numpy as np  # noqa: F401

from .._tensor import Tensor  # noqa: F401

from ._functional.activation import *  # noqa: F401,F403
from ._functional.activation import __all__ as _act_all
from ._functional.loss import *  # noqa: F401,F403
from ._functional.loss import __all__ as _loss_all, _Reduction  # noqa: F401
from ._functional.basic import *  # noqa: F401,F403
from ._functional.basic import __all__ as _basic_all

__all__ = list(_act_all) + list(_loss_all) + list(_basic_all)

DType = int
# ``grid_sample``'s mode names and the integer codes of ``torch.grid_sampler``
GRID_SAMPLE_INTERPOLATION_MODES = {"bilinear": 0, "nearest": 1, "bicubic": 2}
GRID_SAMPLE_PADDING_MODES = {"zeros": 0, "border": 1, "reflection": 2}

_OPTIONAL = ("conv", "pooling", "rnn", "attention", "sampling", "padding", "vision", "distance", "grid_sampling",
             "pooling3d", "extra", "ctc", "fractional_pool", "linear_ce")
_OPTIONAL_ERRORS: dict = {}


def _load_optional() -> None:
    g = globals()
    for name in _OPTIONAL:
        try:
            m = _importlib.import_module(f"{__package__}._functional.{name}")
        except ImportError as e:
            if getattr(e, "name", None) != f"{__package__}._functional.{name}":
                _OPTIONAL_ERRORS[name] = e
            continue
        names = getattr(m, "__all__", None)
        if names is None:
            names = [k for k, v in vars(m).items() if not k.startswith("_") and callable(v)
                     and getattr(v, "__module__", "") == m.__name__]
        for k in names:
            if k not in g and hasattr(m, k):
                g[k] = getattr(m, k)
                __all__.append(k)


_load_optional()


def __getattr__(name: str):
    raise AttributeError(f"module 'torch.nn.functional' has no attribute '{name}'")
