"""``torch.optim.Adadelta``."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from .optimizer import (sqrt, Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure, _upgrade_steps_to_tensors,
                        _real, _scratch, _storage, _to_scalar, _use_grad_for_differentiable, add_, addcmul_, added,
                        inc_, mul_, scalar_tensor, zeros_like_data)

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Implements the Adadelta algorithm."""

    def __init__(self, params, lr=1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0, foreach=None,
                 *, capturable: bool = False, maximize: bool = False, differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")

        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "capturable": capturable,
            "foreach": foreach,
            "differentiable": differentiable,
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
            lr = _to_scalar(group["lr"])
            rho = group["rho"]
            eps = group["eps"]
            weight_decay = group["weight_decay"]
            maximize = group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
                    state["square_avg"] = zeros_like_data(p)
                    state["acc_delta"] = zeros_like_data(p)
                _check_capturable(group, supports_xla=False)
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                inc_(state["step"])
                if weight_decay != 0:
                    g = added(g, param, weight_decay, slot=1)
                square_avg = _real(_storage(state["square_avg"]))
                acc_delta = _real(_storage(state["acc_delta"]))
                e = param.dtype.type(eps)

                mul_(square_avg, rho)
                addcmul_(square_avg, g, g, 1 - rho)
                if _is_np(param):
                    std = np.add(square_avg, e, out=_scratch(param.shape, param.dtype, 4))
                    sqrt(std, out=std)
                    delta = np.add(acc_delta, e, out=_scratch(param.shape, param.dtype, 5))
                    sqrt(delta, out=delta)
                    np.divide(delta, std, out=delta)
                    np.multiply(delta, g, out=delta)
                else:
                    std = sqrt(square_avg + e)
                    delta = sqrt(acc_delta + e) / std * g
                mul_(acc_delta, rho)
                addcmul_(acc_delta, delta, delta, 1 - rho)
                add_(param, delta, -lr)
                p._bump_version()
        return loss
