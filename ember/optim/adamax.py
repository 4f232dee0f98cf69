"""``torch.optim.Adamax``: Adam with the infinity norm."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from .optimizer import (Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure, _upgrade_steps_to_tensors,
                        _real, _scratch, _storage, _to_hyper, _use_grad_for_differentiable, addcdiv_, added, inc_,
                        lerp_, mul_, scalar_tensor, zeros_like_data)

__all__ = ["Adamax"]


class Adamax(Optimizer):
    """Implements the Adamax algorithm (a variant of Adam based on the infinity norm)."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 foreach=None, *, maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
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

        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
            _upgrade_steps_to_tensors(self, group)

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        self._accelerator_graph_capture_health_check()
        loss = _eval_closure(closure)

        for group in self.param_groups:
            _check_not_differentiable(group)
            beta1, beta2 = (_to_hyper(b) for b in group["betas"])
            eps = group["eps"]
            lr = _to_hyper(group["lr"])
            one_minus_beta1, beta2_f = float(1 - beta1), float(beta2)
            weight_decay = group["weight_decay"]
            maximize = group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
                    state["exp_avg"] = zeros_like_data(p)
                    state["exp_inf"] = zeros_like_data(p)
                _check_capturable(group)
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                exp_avg = _real(_storage(state["exp_avg"]))
                exp_inf = _real(_storage(state["exp_inf"]))
                step = inc_(state["step"])
                if weight_decay != 0:
                    g = added(g, param, weight_decay, slot=1)

                lerp_(exp_avg, g, one_minus_beta1)
                mul_(exp_inf, beta2_f)
                if _is_np(param):
                    norm = np.abs(g, out=_scratch(param.shape, param.dtype, 4))
                    np.add(norm, norm.dtype.type(eps), out=norm)
                else:
                    norm = np.abs(g) + param.dtype.type(eps)
                np.maximum(exp_inf, norm, out=exp_inf)

                bias_correction = 1 - beta1 ** step
                clr = float(lr / bias_correction)
                addcdiv_(param, exp_avg, exp_inf, -clr)
                p._bump_version()
        return loss
