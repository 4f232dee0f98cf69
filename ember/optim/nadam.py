"""``torch.optim.NAdam``: Adam with Nesterov momentum."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from .optimizer import (sqrt, Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure,
                        _real, _scratch, _storage, _to_scalar, _use_grad_for_differentiable, addcdiv_, addcmul_,
                        added, inc_, lerp_, mul_, scalar_tensor, zeros_like_data)

__all__ = ["NAdam"]


class NAdam(Optimizer):
    """Implements the NAdam algorithm."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False, *, foreach=None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False) -> None:
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
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum_decay": momentum_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        from ..ops.creation import tensor
        for group in self.param_groups:
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0:
                    if not isinstance(p_state["step"], Tensor):
                        p_state["step"] = tensor(float(p_state["step"]), dtype=_get_scalar_dtype())
                    if not isinstance(p_state["mu_product"], Tensor):
                        p_state["mu_product"] = tensor(p_state["mu_product"], dtype=_get_scalar_dtype())

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
            momentum_decay = group["momentum_decay"]
            eps = group["eps"]
            maximize = group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
                    state["mu_product"] = scalar_tensor(1.0, _get_scalar_dtype())
                    state["exp_avg"] = zeros_like_data(p)
                    state["exp_avg_sq"] = zeros_like_data(p)
                _check_capturable(group, "params, mu_products and state_steps")
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                exp_avg = _real(_storage(state["exp_avg"]))
                exp_avg_sq = _real(_storage(state["exp_avg_sq"]))

                step = inc_(state["step"])
                bias_correction2 = 1 - beta2 ** step
                if weight_decay != 0:
                    if decoupled:
                        mul_(param, 1 - lr * weight_decay)
                    else:
                        g = added(g, param, weight_decay, slot=1)

                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))

                mp_t = state["mu_product"]
                mp_old = mp_t._data
                mp_t._data = mp_old * mp_old.dtype.type(mu)  # mu_product *= mu (in the state dtype)
                if mp_old.__class__ is np.ndarray:
                    mp_old[...] = mp_t._data
                    mp_t._data = mp_old
                mu_product = float(mp_t._data)

                lerp_(exp_avg, g, 1 - beta1)
                mul_(exp_avg_sq, beta2)
                addcmul_(exp_avg_sq, g, g, 1 - beta2)
                dt = param.dtype.type
                if group["foreach"]:  # _multi_tensor_nadam: sqrt(exp_avg_sq) / (1 - beta2 ** step) ** 0.5
                    denom = _foreach_denom(exp_avg_sq, bias_correction2)
                elif _is_np(param):
                    denom = np.divide(exp_avg_sq, dt(bias_correction2), out=_scratch(param.shape, param.dtype, 4))
                    sqrt(denom, out=denom)
                else:
                    denom = sqrt(exp_avg_sq / dt(bias_correction2))

                mu_product_next = mu_product * mu_next
                np.add(denom, dt(eps), out=denom)
                addcdiv_(param, g, denom, (-lr * (1.0 - mu) / (1.0 - mu_product)))
                addcdiv_(param, exp_avg, denom, (-lr * mu_next) / (1.0 - mu_product_next))
                p._bump_version()
        return loss


def _foreach_denom(exp_avg_sq, bias_correction2: float):
    """The denominator of PyTorch's ``_multi_tensor_nadam`` (``foreach=True``; on CPU the default is
    the single-tensor code, which takes the root of ``exp_avg_sq / bias_correction2`` instead): the
    root of ``exp_avg_sq`` divided by the Python float ``bias_correction2 ** 0.5`` (``eps`` is added
    by the caller)."""
    out = _scratch(exp_avg_sq.shape, exp_avg_sq.dtype, 4) if _is_np(exp_avg_sq) else None
    denom = sqrt(exp_avg_sq, out=out)
    np.divide(denom, denom.dtype.type(bias_correction2 ** 0.5), out=denom)
    return denom
