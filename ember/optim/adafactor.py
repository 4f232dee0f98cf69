"""``torch.optim.Adafactor``: Adam-like steps with a factored (row x column) second moment.

Mirrors ``torch/optim/_adafactor.py``'s single-tensor path (the CPU default) step by step: the same
norms (``torch.norm`` over the last / second-to-last dim, squared and divided), ``lerp_`` with weight
``step ** beta2_decay``, the outer product ``row_var @ col_var`` divided by the clamped row mean,
``clamp_(eps1 ** 2).rsqrt_()``, RMS clipping by ``d`` and ``add_(update, alpha=-alpha / denom)``
(fused multiply-add as PyTorch's vectorised CPU kernel).
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..ops._common import _make
from .optimizer import (Optimizer, _eval_closure, _get_scalar_dtype, _storage,
                        _upgrade_steps_to_tensors, _use_grad_for_differentiable, add_, inc_, lerp_, mul_,
                        scalar_tensor, zeros_like_data)

__all__ = ["Adafactor"]


def _norm_lastdim(a: np.ndarray) -> np.ndarray:
    """``torch.norm(a, dim=-1, keepdim=True)`` in the order of ATen's AVX2 ``norm_cpu`` last-dim kernel.

    Lanes of 8 float32 / 4 float64 accumulate ``acc + x * x`` (product rounded), the lanes are added
    left to right, then the tail: whole groups of 4 as ``b + x * x``, the rest as fused ``fma(x, x, b)``.
    """
    from ..ops.special_funcs import _fma
    lanes = 8 if a.dtype.itemsize == 4 else 4
    n = a.shape[-1]
    m = n - n % lanes
    acc = np.zeros(a.shape[:-1] + (lanes,), a.dtype)
    for i in range(0, m, lanes):
        blk = a[..., i:i + lanes]
        acc += blk * blk
    b = acc[..., 0].copy()
    for j in range(1, lanes):
        b += acc[..., j]
    k = m + (n - m) // 4 * 4
    for j in range(m, n):
        x = a[..., j]
        b = b + x * x if j < k else _fma(x, x, b).astype(a.dtype)
    return np.sqrt(b)[..., None]


def _norm(a: np.ndarray, dim=None) -> np.ndarray:
    """``torch.norm(a, dim=dim, keepdim=True)`` through ember's faithful reduction."""
    from ..linalg import vector_norm
    if dim is None:   # a contiguous full reduction coalesces to one last-dim row in ATen
        return _norm_lastdim(np.ascontiguousarray(a).reshape(-1))[0]
    if dim == -1:
        return _norm_lastdim(a)
    t = _make(a)
    r = vector_norm(t) if dim is None else vector_norm(t, dim=dim, keepdim=True)
    return np.asarray(r._data)


def _mean_dim2(a: np.ndarray) -> np.ndarray:
    """``a.mean(dim=-2, keepdim=True)`` of a ``(..., m, 1)`` row factor: ATen drops the size-1 last dim, so it
    is a last-dim sum (ember's cascade order) divided by ``m``."""
    rows = np.ascontiguousarray(a[..., 0])
    total = np.asarray(_make(rows).sum(dim=-1)._data)
    return (total / a.dtype.type(a.shape[-2])).reshape(a.shape[:-2] + (1, 1))


def _check_args(lr, beta2_decay, eps, d, weight_decay) -> None:
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
    if not 0.0 >= beta2_decay:
        raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
    if eps[0] is not None and not 0.0 <= eps[0]:
        raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
    if not 0.0 <= eps[1]:
        raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
    if not 1.0 <= d:
        raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")


class Adafactor(Optimizer):
    """Implements the Adafactor algorithm (Shazeer & Stern, 2018) as ``torch.optim.Adafactor``."""

    def __init__(self, params, lr=1e-2, beta2_decay: float = -0.8, eps=(None, 1e-3), d: float = 1.0,
                 weight_decay: float = 0.0, *, foreach=None, maximize: bool = False) -> None:
        _check_args(lr, beta2_decay, eps, d, weight_decay)
        defaults = {"lr": lr, "beta2_decay": beta2_decay, "eps": eps, "d": d, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            _upgrade_steps_to_tensors(self, group)

    def _init_state(self, p: Tensor) -> dict:
        if p.is_complex():
            raise RuntimeError("Adafactor does not support complex parameters")
        if getattr(p._grad, "is_sparse", False):
            raise RuntimeError("Adafactor does not support sparse gradients")
        state = self.state[p]
        if len(state) == 0:
            state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
            g = p._grad
            if g.dim() > 1:
                row = list(g.shape)
                row[-1] = 1
                state["row_var"] = _make(np.zeros(row, dtype=np.asarray(g._data).dtype))
                col = list(g.shape)
                col[-2] = 1
                state["col_var"] = _make(np.zeros(col, dtype=np.asarray(g._data).dtype))
            else:
                state["variance"] = zeros_like_data(p)
        return state

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        self._accelerator_graph_capture_health_check()
        loss = _eval_closure(closure)
        for group in self.param_groups:
            params = [p for p in group["params"] if p._grad is not None]
            states = [self._init_state(p) for p in params]
            for p, state in zip(params, states):
                _adafactor_one(p, state, group)
                p._bump_version()
        return loss


def _var_estimate(g: np.ndarray, state: dict, w: float, eps1: float) -> np.ndarray:
    """Factored (``dim > 1``) or full second-moment estimate, updated in place in ``state``."""
    t = g.dtype.type
    if g.ndim > 1:
        row_var, col_var = _storage(state["row_var"]), _storage(state["col_var"])
        row_mean = np.square(_norm(g, -1)) / t(g.shape[-1])
        lerp_(row_var, row_mean.astype(g.dtype), w)
        col_mean = np.square(_norm(g, -2)) / t(g.shape[-2])
        lerp_(col_var, col_mean.astype(g.dtype), w)
        est = np.matmul(row_var, col_var)
        return est / np.maximum(_mean_dim2(row_var), t(eps1))
    variance = _storage(state["variance"])
    lerp_(variance, g * g, w)
    return variance.copy()


def _adafactor_one(p: Tensor, state: dict, group: dict) -> None:
    """``_single_tensor_adafactor`` for one parameter."""
    lr = group["lr"]
    if isinstance(lr, Tensor):   # PyTorch keeps a tensor lr: alpha and the decay factor take its dtype
        lr = np.asarray(lr.detach()._data).reshape(()).dtype.type(lr.item())
    eps1, eps2 = group["eps"]
    param = _storage(p)
    g = np.asarray(p._grad._data)
    if group["maximize"]:
        g = -g
    if eps1 is None:
        eps1 = float(np.finfo(param.dtype).eps)
    step = inc_(state["step"])
    one_minus_beta2_t = step ** group["beta2_decay"]
    rho_t = min(lr, 1 / (step ** 0.5))
    alpha = max(eps2, float(_norm(param)) / (param.size ** 0.5)) * rho_t
    if group["weight_decay"] != 0:
        mul_(param, 1 - lr * group["weight_decay"])
    est = _var_estimate(g, state, one_minus_beta2_t, eps1)
    t = param.dtype.type
    update = np.maximum(est, t(eps1 * eps1))
    update = t(1) / np.sqrt(update)
    update *= g
    denom = max(1.0, float(_norm(update)) / ((update.size ** 0.5) * group["d"]))
    add_(param, update, float(-alpha / denom))
