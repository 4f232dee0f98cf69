"""``torch.optim.Muon``: momentum followed by Newton-Schulz orthogonalisation of 2-D updates.

PyTorch runs the Newton-Schulz iteration in bfloat16.  ember has no bfloat16
tensors, so the iteration is computed on float32 arrays and every intermediate
PyTorch stores in bfloat16 is rounded to bfloat16 (round to nearest even) at
the same points: the cast of the update, the normalised matrix, each Gram
matrix and each ``addmm`` result (accumulated in float32, rounded once).
"""
from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor
from .optimizer import (Optimizer, _eval_closure, _read, _storage, _to_scalar, _use_grad_for_differentiable, add_,
                        lerp_, mul_, zeros_like_data)

__all__ = ["Muon"]

EPS = 1e-7
DEFAULT_A = 3.4445
DEFAULT_B = -4.7750
DEFAULT_C = 2.0315
DEFAULT_NS_STEPS = 5


def _round_bf16(a: np.ndarray) -> np.ndarray:
    """float32 values rounded to the nearest bfloat16 (ties to even), kept as float32."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    bits = a.view(np.uint32)
    rounding = ((bits >> 16) & np.uint32(1)) + np.uint32(0x7FFF)
    rounded = ((bits + rounding) & np.uint32(0xFFFF0000)).view(np.float32)
    return np.where(np.isnan(a), a, rounded)


def _bf16_addmm(c: np.ndarray, a: np.ndarray, b: np.ndarray, beta: float, alpha: float) -> np.ndarray:
    """``addmm`` on bfloat16 matrices: ``beta * c + alpha * (a @ b)`` in float32, rounded once to bfloat16."""
    product = np.matmul(a, b)
    out = np.float32(beta) * c + np.float32(alpha) * product
    return _round_bf16(out)


def _zeropower_via_newtonschulz(grad: np.ndarray, ns_coefficients, ns_steps: int, eps: float) -> np.ndarray:
    """Approximately orthogonalise ``grad`` (PyTorch's quintic Newton-Schulz iteration, in bfloat16)."""
    if ns_steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if grad.ndim != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(ns_coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = ns_coefficients
    tall = grad.shape[0] > grad.shape[1]
    ortho = _round_bf16(grad)
    if tall:
        ortho = np.ascontiguousarray(ortho.T)
    norm = _round_bf16(np.sqrt(np.sum(ortho.astype(np.float32) ** 2, dtype=np.float32)))
    norm = max(norm, _round_bf16(np.float32(eps)))
    ortho = _round_bf16(ortho / norm)
    for _ in range(ns_steps):
        gram = _round_bf16(np.matmul(ortho, ortho.T))
        gram_update = _bf16_addmm(gram, gram, gram, beta=b, alpha=c)
        ortho = _bf16_addmm(ortho, gram_update, ortho, beta=a, alpha=1.0)
    return ortho.T if tall else ortho


def _adjust_lr(lr: float, adjust_lr_fn, param_shape) -> float:
    """Muon's shape-dependent learning-rate scale ("original" or "match_rms_adamw")."""
    rows, cols = param_shape[:2]
    if adjust_lr_fn is None or adjust_lr_fn == "original":
        ratio = math.sqrt(max(1, rows / cols))
    elif adjust_lr_fn == "match_rms_adamw":
        ratio = 0.2 * math.sqrt(max(rows, cols))
    else:
        ratio = 1.0
    return lr * ratio


class Muon(Optimizer):
    """Implements the Muon algorithm (for 2-D parameters)."""

    def __init__(self, params, lr=1e-3, weight_decay: float = 0.1, momentum: float = 0.95, nesterov: bool = True,
                 ns_coefficients=(DEFAULT_A, DEFAULT_B, DEFAULT_C), eps: float = EPS,
                 ns_steps: int = DEFAULT_NS_STEPS, adjust_lr_fn=None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 <= momentum:
            raise ValueError(f"momentum should be >= 0 but is: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight decay should be >= 0 but is: {weight_decay}")
        if adjust_lr_fn is not None and adjust_lr_fn not in ["original", "match_rms_adamw"]:
            raise ValueError(f"Adjust learning rate function {adjust_lr_fn} is not supported")
        defaults = {
            "lr": lr,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "nesterov": nesterov,
            "ns_coefficients": ns_coefficients,
            "eps": eps,
            "ns_steps": ns_steps,
            "adjust_lr_fn": adjust_lr_fn,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                if p.ndim != 2:
                    raise ValueError(
                        f"Muon only supports 2D parameters whereas we found a parameter with size: {p.size()}")

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        loss = _eval_closure(closure)
        for group in self.param_groups:
            params = [p for p in group["params"] if p._grad is not None]
            for p in params:
                if p.is_complex():
                    raise RuntimeError("Muon does not support complex parameters")
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = zeros_like_data(p)
            lr = _to_scalar(group["lr"])
            for p in params:
                self._update(p, group, lr)
        return loss

    def _update(self, p: Tensor, group: dict, lr: float) -> None:
        grad = _read(p._grad)
        if grad.ndim != 2:
            raise ValueError("Param gradient must be a 2D matrix")
        momentum = group["momentum"]
        buf_t = self.state[p]["momentum_buffer"]
        buf = _storage(buf_t)
        lerp_(buf, grad, 1 - momentum)
        buf_t._bump_version()
        if group["nesterov"]:
            update = np.array(grad, copy=True)
            lerp_(update, buf, momentum)
        else:
            update = buf
        ortho = _zeropower_via_newtonschulz(update, group["ns_coefficients"], group["ns_steps"], group["eps"])
        adjusted_lr = _adjust_lr(lr, group["adjust_lr_fn"], p.shape)
        param = _storage(p)
        mul_(param, 1 - lr * group["weight_decay"])
        add_(param, ortho.astype(param.dtype, copy=False), -adjusted_lr)
        p._bump_version()
