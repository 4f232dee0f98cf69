"""``torch.optim.Rprop``: resilient backpropagation."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _make
from .optimizer import (Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure, _upgrade_steps_to_tensors,
                        _real, _storage, _to_scalar, _use_grad_for_differentiable, addcmul_, inc_, scalar_tensor,
                        zeros_like_data)

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Implements the resilient backpropagation algorithm."""

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable: bool = False,
                 foreach=None, maximize: bool = False, differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = {
            "lr": lr,
            "etas": etas,
            "step_sizes": step_sizes,
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
            etaminus, etaplus = group["etas"]
            step_size_min, step_size_max = group["step_sizes"]
            maximize = group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_tensor(0.0, _get_scalar_dtype())
                    state["prev"] = zeros_like_data(p)
                    lr = _to_scalar(group["lr"])
                    d = np.zeros_like(p._grad._data)
                    d[...] = complex(lr, lr) if d.dtype.kind == "c" else lr
                    state["step_size"] = _make(d)
                _check_capturable(group)
                inc_(state["step"])
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                g = np.negative(g, out=np.empty_like(g)) if maximize else g.copy()
                prev = _real(_storage(state["prev"]))
                step_size = _real(_storage(state["step_size"]))
                dt = param.dtype.type

                sign = np.multiply(g, prev, out=np.empty_like(g))
                np.sign(sign, out=sign)
                sign[sign > 0] = dt(etaplus)
                sign[sign < 0] = dt(etaminus)
                sign[sign == 0] = 1
                np.multiply(step_size, sign, out=step_size)
                np.minimum(np.maximum(step_size, dt(step_size_min), out=step_size), dt(step_size_max),
                           out=step_size)
                g[sign == dt(etaminus)] = 0
                addcmul_(param, np.sign(g), step_size, -1)
                if _is_np(prev):
                    np.copyto(prev, g)
                else:
                    prev[...] = g
                p._bump_version()
        return loss
