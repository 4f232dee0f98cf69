"""``torch.optim.RMSprop`` (centered, momentum, weight decay, ``maximize``)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from .optimizer import (sqrt, Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure, _upgrade_steps_to_tensors,
                        _real, _scratch, _storage, _to_scalar, _use_grad_for_differentiable, add_, addcdiv_,
                        addcmul_, added, fma_, inc_, lerp_, mul_, scalar_tensor, zeros_like_data)

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """Implements the RMSprop algorithm."""

    def __init__(self, params, lr=1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0,
                 momentum: float = 0, centered: bool = False, capturable: bool = False, foreach=None,
                 maximize: bool = False, differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")

        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("momentum", 0)
            group.setdefault("centered", False)
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
            alpha = group["alpha"]
            eps = group["eps"]
            weight_decay = group["weight_decay"]
            momentum = group["momentum"]
            centered = group["centered"]
            maximize = group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
                    state["square_avg"] = zeros_like_data(p)
                    if momentum > 0:
                        state["momentum_buffer"] = zeros_like_data(p)
                    if centered:
                        state["grad_avg"] = zeros_like_data(p)
                _check_capturable(group)
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                square_avg = _real(_storage(state["square_avg"]))
                inc_(state["step"])
                if weight_decay != 0:
                    g = added(g, param, weight_decay, slot=1)

                mul_(square_avg, alpha)
                addcmul_(square_avg, g, g, 1 - alpha)

                if centered:
                    grad_avg = _real(_storage(state["grad_avg"]))
                    lerp_(grad_avg, g, 1 - alpha)
                    # avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                    avg = _scratch(param.shape, param.dtype, 4) if _is_np(param) else square_avg.copy()
                    if _is_np(param):
                        np.negative(grad_avg, out=avg)
                    else:
                        avg = -grad_avg
                    fma_(avg, avg, grad_avg, square_avg)
                    sqrt(avg, out=avg)
                else:
                    avg = sqrt(square_avg, out=_scratch(param.shape, param.dtype, 4)) if _is_np(param) \
                        else sqrt(square_avg)
                np.add(avg, avg.dtype.type(eps), out=avg)

                if momentum > 0:
                    buf = _real(_storage(state["momentum_buffer"]))
                    mul_(buf, momentum)
                    addcdiv_(buf, g, avg)
                    add_(param, buf, -lr)
                else:
                    addcdiv_(param, g, avg, -lr)
                p._bump_version()
        return loss
