"""Gradient clipping: ``clip_grad_norm_`` (returns the total norm) and ``clip_grad_value_``."""
from __future__ import annotations

import math
import types
import warnings
from typing import Optional

import numpy as np

from ..._tensor import Tensor, _make

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_"]


def _host(d):
    from ...backend import device as _dev
    return np.asarray(_dev.to_numpy(d))


def _vector_norm_np(a: np.ndarray, p: float):
    """``torch.linalg.vector_norm`` of an array: float32/float64 in ATen's order
    (``linalg.abs_norm_values``), other norms accumulated in float64 and rounded to ``a``'s dtype."""
    if a.dtype.kind == "f" and a.dtype.itemsize >= 4 and a.size:
        from ...ops.linalg import abs_norm_values
        return np.asarray(abs_norm_values(np.abs(np.ascontiguousarray(a)), p, None, False), a.dtype)
    x = np.abs(a.astype(np.float64).reshape(-1))
    if p == math.inf:
        r = x.max() if x.size else 0.0
    elif p == -math.inf:
        r = x.min() if x.size else math.inf
    elif p == 0:
        r = float(np.count_nonzero(x))
    elif p == 1:
        r = x.sum()
    elif p == 2:
        r = math.sqrt(float(np.dot(x, x)))
    else:
        r = (x ** p).sum() ** (1.0 / p)
    return np.asarray(r, dtype=a.dtype if a.dtype.kind == "f" else np.float32)


def _as_list(tensors) -> list:
    if isinstance(tensors, Tensor):
        return [tensors]
    return list(tensors)


def get_total_norm(tensors, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: Optional[bool] = None) -> Tensor:
    """Norm of the norms of ``tensors`` (``torch.nn.utils.get_total_norm``)."""
    tensors = _as_list(tensors)
    norm_type = float(norm_type)
    if len(tensors) == 0:
        from ...ops.creation import tensor
        return tensor(0.0)
    try:
        norms = [_vector_norm_np(_host(t._data), norm_type) for t in tensors]
    except TypeError:
        if any(getattr(t._data, "is_sparse_coo", False) for t in tensors):  # PyTorch has no sparse norm kernel
            from ...sparse._coo import not_implemented
            raise not_implemented("aten::linalg_vector_norm") from None
        raise
    dt = np.result_type(*[n.dtype for n in norms])
    stacked = np.stack([n.astype(dt) for n in norms])
    total = _vector_norm_np(stacked, norm_type)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it cannot be "
            "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
            "`error_if_nonfinite=False`"
        )
    return _make(total[()])


def clip_grads_with_norm_(parameters, max_norm: float, total_norm: Tensor, foreach: Optional[bool] = None) -> None:
    """Scale gradients in place by ``min(1, max_norm / (total_norm + 1e-6))``."""
    params = _as_list(parameters)
    grads = [p._grad for p in params if p._grad is not None]
    if len(grads) == 0:
        return
    tn = np.asarray(_host(total_norm._data))
    dt = tn.dtype
    denom = (tn + dt.type(1e-6)).astype(dt)
    # ``max_norm / (total_norm + 1e-6)`` is ``Tensor.__rtruediv__``: ``reciprocal() * max_norm`` in ``dt``
    coef = ((dt.type(1.0) / denom).astype(dt) * dt.type(float(max_norm))).astype(dt)
    coef = np.minimum(coef, dt.type(1.0)).astype(dt)
    for g in grads:
        gd = g._materialize()
        c = coef.astype(gd.dtype) if gd.dtype != dt else coef
        if gd.__class__ is np.ndarray:
            np.multiply(gd, c, out=gd, casting="unsafe")
        else:
            gd *= g._data.__class__(c) if False else c.item()
        g._bump_version()


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: Optional[bool] = None) -> Tensor:
    """Clip the gradient norm of ``parameters`` in place; return the total norm (before clipping)."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and len(parameters) == 0:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=3)
    grads = [p._grad for p in parameters if p._grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(parameters, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: Optional[bool] = None) -> Tensor:
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value: float, foreach: Optional[bool] = None) -> None:
    """Clamp every gradient to ``[-clip_value, clip_value]`` in place."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    parameters = list(parameters)
    if all(p._grad is None for p in parameters):   # PyTorch groups the (empty) list of grads and fails
        raise RuntimeError("Expected !nested_tensorlist[0].empty() to be true, but got false.  (Could this error "
                           "message be improved?  If so, please report an enhancement request to PyTorch.)")
    for p in parameters:
        g = p._grad
        if g is None:
            continue
        gd = g._materialize()
        lo, hi = gd.dtype.type(-clip_value), gd.dtype.type(clip_value)
        if gd.__class__ is np.ndarray:
            np.clip(gd, lo, hi, out=gd)
        else:
            gd[...] = gd.clip(lo, hi)
        g._bump_version()
