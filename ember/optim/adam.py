"""``torch.optim.Adam`` (with AMSGrad, L2 or decoupled weight decay, ``maximize``)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._fused import fused_adam_, supports_fused_emulation
from .optimizer import (sqrt, Optimizer, _check_capturable, _check_not_differentiable, _device_dtype_check_for_fused, _eval_closure,
                        _get_scalar_dtype, _is_np, _read, _real, _scratch, _storage, _to_hyper,
                        _use_grad_for_differentiable, addcdiv_, addcmul_, added, inc_, lerp_, mul_, scalar_tensor,
                        zeros_like_data)

__all__ = ["Adam"]


class Adam(Optimizer):
    """Implements the Adam algorithm."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 amsgrad: bool = False, *, foreach=None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused=None, decoupled_weight_decay: bool = False) -> None:
        if isinstance(lr, Tensor):
            if foreach and not capturable:
                raise ValueError("lr as a Tensor is not supported for capturable=False and foreach=True")
            if lr.numel() != 1:
                raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not (
            (isinstance(betas[0], float) and isinstance(betas[1], float))
            or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))
        ):
            raise ValueError("betas must be either both floats or both Tensors")
        if isinstance(betas[0], Tensor):
            if not capturable and foreach:
                raise ValueError("betas[0] as a Tensor is not supported for capturable=False and foreach=True")
            if betas[0].numel() != 1:
                raise ValueError("Tensor betas[0] must be 1-element")
        if isinstance(betas[1], Tensor):
            if not capturable and foreach:
                raise ValueError("betas[1] as a Tensor is not supported for capturable=False and foreach=True")
            if betas[1].numel() != 1:
                raise ValueError("Tensor betas[1] must be 1-element")
        betas = tuple(b.squeeze() if isinstance(b, Tensor) and b.dim() != 0 else b for b in betas)

        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

        if fused:
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            self._step_supports_amp_scaling = True
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")

    def __setstate__(self, state):
        super().__setstate__(state)
        from ..ops.creation import tensor
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            fused = group.setdefault("fused", None)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0 and not isinstance(p_state["step"], Tensor):
                    step_val = float(p_state["step"])
                    p_state["step"] = tensor(step_val, dtype=_get_scalar_dtype(is_fused=fused))

    def _init_state(self, group, p) -> dict:
        state = self.state[p]
        if len(state) == 0:
            if group["fused"]:
                _device_dtype_check_for_fused(p)
            state["step"] = scalar_tensor(0.0, _get_scalar_dtype(is_fused=group["fused"]))
            state["exp_avg"] = zeros_like_data(p)
            state["exp_avg_sq"] = zeros_like_data(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = zeros_like_data(p)
        return state

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        self._accelerator_graph_capture_health_check()
        loss = _eval_closure(closure)

        for group in self.param_groups:
            _check_not_differentiable(group)
            beta1, beta2 = (_to_hyper(b) for b in group["betas"])
            lr = _to_hyper(group["lr"])
            one_minus_beta1, beta2_f, one_minus_beta2 = float(1 - beta1), float(beta2), float(1 - beta2)
            weight_decay = group["weight_decay"]
            eps = group["eps"]
            maximize = group["maximize"]
            amsgrad = group["amsgrad"]
            decoupled = group["decoupled_weight_decay"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self._init_state(group, p)
                _check_capturable(group)
                param = _real(_storage(p))
                if group["fused"] and supports_fused_emulation(param, allow_half=True):
                    self._fused_update(p, group, state, float(lr), float(beta1), beta2_f)
                    continue
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                exp_avg = _real(_storage(state["exp_avg"]))
                exp_avg_sq = _real(_storage(state["exp_avg_sq"]))

                step = inc_(state["step"])

                if weight_decay != 0:
                    if decoupled:
                        mul_(param, float(1 - lr * weight_decay))
                    else:
                        g = added(g, param, weight_decay, slot=1)

                lerp_(exp_avg, g, one_minus_beta1)
                mul_(exp_avg_sq, beta2_f)
                addcmul_(exp_avg_sq, g, g, one_minus_beta2)

                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                step_size = float(lr / bias_correction1)
                bias_correction2_sqrt = float(bias_correction2 ** 0.5)

                if amsgrad:
                    mx = _real(_storage(state["max_exp_avg_sq"]))
                    np.maximum(mx, exp_avg_sq, out=mx)
                    src = mx
                else:
                    src = exp_avg_sq
                dt = param.dtype.type
                if _is_np(param):
                    denom = sqrt(src, out=_scratch(src.shape, src.dtype, 4))
                    np.divide(denom, dt(bias_correction2_sqrt), out=denom)
                    np.add(denom, dt(eps), out=denom)
                else:
                    denom = sqrt(src) / dt(bias_correction2_sqrt) + dt(eps)
                addcdiv_(param, exp_avg, denom, -step_size)
                p._bump_version()
        return loss

    @staticmethod
    def _fused_update(p, group, state, lr, beta1, beta2) -> None:
        """``fused=True``: PyTorch's fused CPU kernel arithmetic (``ember.optim._fused``)."""
        step = inc_(state["step"])
        flat = _storage(p).reshape(-1)
        max_sq = state["max_exp_avg_sq"] if group["amsgrad"] else None
        fused_adam_(flat, np.ascontiguousarray(_read(p._grad)).reshape(-1),
                    _storage(state["exp_avg"]).reshape(-1), _storage(state["exp_avg_sq"]).reshape(-1),
                    None if max_sq is None else _storage(max_sq).reshape(-1), step,
                    lr=lr, beta1=beta1, beta2=beta2, weight_decay=group["weight_decay"], eps=group["eps"],
                    amsgrad=group["amsgrad"], maximize=group["maximize"],
                    decoupled=group["decoupled_weight_decay"])
        for t in (p, state["exp_avg"], state["exp_avg_sq"]):
            t._bump_version()
