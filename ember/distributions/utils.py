"""Helpers mirroring ``torch.distributions.utils``: ``broadcast_all``,
``logits_to_probs``/``probs_to_logits``, ``clamp_probs``, ``lazy_property``.
"""
from __future__ import annotations

import numbers
from functools import update_wrapper
from typing import Any, Callable

import numpy as np

import ember as torch
from ember import Tensor

__all__ = ["broadcast_all", "logits_to_probs", "probs_to_logits", "clamp_probs", "lazy_property",
           "tril_matrix_to_vec", "vec_to_tril_matrix"]


def finfo_eps(dtype) -> float:
    """``torch.finfo(dtype).eps`` for an ember float dtype."""
    return float(np.finfo(torch.empty(0, dtype=dtype).numpy().dtype).eps)


def finfo_tiny(dtype) -> float:
    """``torch.finfo(dtype).tiny`` (smallest normal number)."""
    return float(np.finfo(torch.empty(0, dtype=dtype).numpy().dtype).tiny)


def broadcast_all(*values) -> tuple:
    """``broadcast_all``: numbers become tensors of the tensors' (or the default)
    dtype, then everything is broadcast with ``torch.broadcast_tensors``."""
    if not all(isinstance(v, (Tensor, numbers.Number)) for v in values):
        raise ValueError(
            "Input arguments must all be instances of numbers.Number, "
            "torch.Tensor or objects implementing __torch_function__."
        )
    if not all(isinstance(v, Tensor) for v in values):
        dtype = torch.get_default_dtype()
        for v in values:
            if isinstance(v, Tensor):
                dtype = v.dtype
                break
        values = tuple(v if isinstance(v, Tensor) else torch.tensor(v, dtype=dtype) for v in values)
    return tuple(torch.broadcast_tensors(*values))


def _standard_normal(shape, dtype, device=None) -> Tensor:
    """``torch.empty(shape, dtype=dtype).normal_()``, PyTorch's ``_standard_normal``."""
    return torch.empty(tuple(shape), dtype=dtype).normal_()


def _sum_rightmost(value: Tensor, dim: int) -> Tensor:
    """Sum out the ``dim`` rightmost dimensions of ``value``."""
    if dim == 0:
        return value
    required_shape = tuple(value.shape[: value.dim() - dim]) + (-1,)
    return value.reshape(required_shape).sum(-1)


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """Sigmoid for binary logits, softmax over the last dim otherwise."""
    if is_binary:
        return torch.sigmoid(logits)
    return torch.softmax(logits, dim=-1)


def clamp_probs(probs: Tensor) -> Tensor:
    """Clamp into ``[eps, 1 - eps]`` with ``eps = finfo(probs.dtype).eps``."""
    eps = finfo_eps(probs.dtype)
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """``log(p)`` (or ``log(p) - log1p(-p)`` when binary) of the clamped probabilities."""
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return torch.log(ps_clamped) - torch.log1p(-ps_clamped)
    return torch.log(ps_clamped)


class lazy_property:
    """Compute once on first access, then store on the instance (PyTorch's ``lazy_property``)."""

    def __init__(self, wrapped: Callable[[Any], Any]) -> None:
        self.wrapped = wrapped
        update_wrapper(self, wrapped)  # type: ignore[arg-type]

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return _lazy_property_and_property(self.wrapped)
        with torch.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


class BinaryProbsLogits:
    """Mixin for a two-outcome parameter given as ``probs`` or ``logits``: the other one is
    derived on first use and kept (PyTorch's lazy pair for Bernoulli-like distributions)."""

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)


class CategoricalParams:
    """Mixin for a distribution built on an inner ``self._categorical``: its ``probs``, ``logits``
    and ``param_shape`` are the inner Categorical's (OneHotCategorical, Multinomial, ...)."""

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def param_shape(self):
        return self._categorical.param_shape


class _lazy_property_and_property(lazy_property, property):
    """Returned on class access so documentation tools see a property."""

    def __init__(self, wrapped: Callable[[Any], Any]) -> None:
        property.__init__(self, wrapped)


def tril_matrix_to_vec(mat: Tensor, diag: int = 0) -> Tensor:
    """Flatten the lower triangle (row-major) of the last two dims."""
    n = mat.shape[-1]
    rows, cols = np.tril_indices(n, k=diag)
    return mat[..., torch.tensor(rows), torch.tensor(cols)]


def vec_to_tril_matrix(vec: Tensor, diag: int = 0) -> Tensor:
    """Inverse of :func:`tril_matrix_to_vec`."""
    m = vec.shape[-1]
    n = int(round((-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * m + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2))
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (n, n))
    rows, cols = np.tril_indices(n, k=diag)
    mat[..., torch.tensor(rows), torch.tensor(cols)] = vec
    return mat
