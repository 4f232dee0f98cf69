"""``torch.optim.RAdam``: rectified Adam."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from .optimizer import (sqrt, Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure, _upgrade_steps_to_tensors,
                        _real, _scratch, _storage, _to_scalar, _use_grad_for_differentiable, addcmul_, added, inc_,
                        lerp_, mul_, scalar_tensor, zeros_like_data)

__all__ = ["RAdam"]


class RAdam(Optimizer):
    """Implements the RAdam algorithm."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 decoupled_weight_decay: bool = False, *, foreach=None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False) -> None:
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
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "decoupled_weight_decay": decoupled_weight_decay,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            group.setdefault("capturable", False)
            _upgrade_steps_to_tensors(self, group)

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        self._accelerator_graph_capture_health_check()
        loss = _eval_closure(closure)

        for group in self.param_groups:
            _check_not_differentiable(group)
            beta1, beta2 = group["betas"]
            lr = _to_scalar(group["lr"])
            weight_decay = group["weight_decay"]
            eps = group["eps"]
            maximize = group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
                    state["exp_avg"] = zeros_like_data(p)
                    state["exp_avg_sq"] = zeros_like_data(p)
                _check_capturable(group)
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                exp_avg = _real(_storage(state["exp_avg"]))
                exp_avg_sq = _real(_storage(state["exp_avg_sq"]))

                step = inc_(state["step"])
                if weight_decay != 0:
                    if decoupled:
                        mul_(param, 1 - lr * weight_decay)
                    else:
                        g = added(g, param, weight_decay, slot=1)

                lerp_(exp_avg, g, 1 - beta1)
                mul_(exp_avg_sq, beta2)
                addcmul_(exp_avg_sq, g, g, 1 - beta2)

                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                if group["foreach"]:
                    _foreach_update(param, exp_avg, exp_avg_sq, step, lr, beta1, beta2, eps)
                    p._bump_version()
                    continue
                dt = param.dtype.type
                npx = _is_np(param)
                # bias_corrected_exp_avg * lr (* adaptive_lr * rect)
                upd = np.divide(exp_avg, dt(bias_correction1),
                                out=_scratch(param.shape, param.dtype, 4) if npx else None)
                np.multiply(upd, dt(lr), out=upd)

                rho_inf = 2 / (1 - beta2) - 1
                rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
                if rho_t > 5.0:
                    rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                    ad = sqrt(exp_avg_sq, out=_scratch(param.shape, param.dtype, 5) if npx else None)
                    np.add(ad, dt(eps), out=ad)
                    # (bias_correction2 ** 0.5) / t is Tensor.__rtruediv__: t.reciprocal() * scalar
                    np.divide(dt(1), ad, out=ad)
                    np.multiply(ad, dt(bias_correction2 ** 0.5), out=ad)
                    np.multiply(upd, ad, out=upd)
                    np.multiply(upd, dt(rect), out=upd)
                np.subtract(param, upd, out=param)
                p._bump_version()
        return loss


def _foreach_update(param, exp_avg, exp_avg_sq, step: float, lr: float, beta1: float, beta2: float,
                    eps: float) -> None:
    """The parameter update of PyTorch's ``_multi_tensor_radam`` (``foreach=True``; on CPU the default
    is the single-tensor code): ``param += exp_avg * buffer`` (one ``addcmul``), with ``buffer`` the
    reciprocal of ``(sqrt(exp_avg_sq) + eps) / (-(1 - beta2 ** step) ** 0.5 * lr * rect / bc1)`` plus
    the unrectified step ``-lr / bc1`` (0 while rectified), all in the parameter's dtype."""
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * step * (beta2 ** step) / (1 - beta2 ** step)
    rect = 0
    if rho_t > 5:
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
    unrectified = 0 if rect > 0 else 1.0
    bias_correction1 = 1 - beta1 ** step
    unrect_step_size = (lr * unrectified / bias_correction1) * -1
    rect_step_size = ((1 - beta2 ** step) ** 0.5) * (lr * rect / bias_correction1) * -1
    dt = param.dtype.type
    buffer = sqrt(exp_avg_sq, out=_scratch(param.shape, param.dtype, 5) if _is_np(param) else None)
    np.add(buffer, dt(eps), out=buffer)
    with np.errstate(divide="ignore"):
        np.divide(buffer, dt(rect_step_size), out=buffer)
        np.divide(dt(1), buffer, out=buffer)
    np.add(buffer, dt(unrect_step_size), out=buffer)
    addcmul_(param, exp_avg, buffer)
