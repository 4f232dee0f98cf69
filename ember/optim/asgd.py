"""``torch.optim.ASGD``: averaged stochastic gradient descent."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from .optimizer import (Optimizer, _check_capturable, _check_not_differentiable, _get_scalar_dtype, _is_np, _read, _eval_closure,
                        _real, _scratch, _storage, _to_hyper, _use_grad_for_differentiable, add_, added, inc_, mul_,
                        addcmul_, scalar_tensor, zeros_like_data)

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """Implements averaged stochastic gradient descent."""

    def __init__(self, params, lr=1e-2, lambd: float = 1e-4, alpha: float = 0.75, t0: float = 1e6,
                 weight_decay: float = 0, foreach=None, maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "lambd": lambd,
            "alpha": alpha,
            "t0": t0,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        from ..ops.creation import tensor
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0:
                    for key in ("step", "eta", "mu"):
                        if not isinstance(p_state[key], Tensor):
                            p_state[key] = tensor(float(p_state[key]), dtype=_get_scalar_dtype())

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        self._accelerator_graph_capture_health_check()
        loss = _eval_closure(closure)

        for group in self.param_groups:
            _check_not_differentiable(group)
            lr = _to_hyper(group["lr"])
            lambd, alpha, t0 = group["lambd"], group["alpha"], group["t0"]
            weight_decay = group["weight_decay"]
            maximize = group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    sdt = _get_scalar_dtype()
                    state["step"] = scalar_tensor(0.0, sdt)
                    state["eta"] = scalar_tensor(float(lr), sdt)
                    state["mu"] = scalar_tensor(1.0, sdt)
                    state["ax"] = zeros_like_data(p)
                _check_capturable(group, "params, mus, etas, and state_steps")
                param = _real(_storage(p))
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                ax = _real(_storage(state["ax"]))
                step = inc_(state["step"])
                if weight_decay != 0:
                    g = added(g, param, weight_decay, slot=1)

                if group["foreach"]:
                    _foreach_update(param, g, ax, state, step, lr, lambd, alpha, t0)
                    p._bump_version()
                    continue
                eta_value = float(state["eta"]._data)
                mul_(param, 1 - lambd * eta_value)
                add_(param, g, -eta_value)

                mu_t = state["mu"]
                if float(mu_t._data) != 1:
                    tmp = np.subtract(param, ax, out=_scratch(param.shape, param.dtype, 4) if _is_np(param) else None)
                    np.multiply(tmp, param.dtype.type(mu_t._data), out=tmp)
                    np.add(ax, tmp, out=ax)
                else:
                    ax[...] = param

                sdt = state["eta"]._data.dtype.type
                state["eta"]._data = sdt(float(lr / ((1 + lambd * lr * step) ** alpha)))
                mu_t._data = sdt(1 / max(1, step - t0))
                p._bump_version()
        return loss


def _foreach_update(param, g, ax, state, step, lr, lambd, alpha, t0) -> None:
    """One parameter's update by PyTorch's ``_multi_tensor_asgd`` (``foreach=True``; on CPU the
    default is the single-tensor code): ``param -= eta * (g + lambd * param)`` as one ``addcmul``
    with the float32 ``eta`` tensor, ``ax += mu * (param - ax)`` even when ``mu`` is 1, and the new
    ``eta`` computed in the step tensor's dtype (``lr / (1 + lambd * lr * step) ** alpha``, the
    division being ``Tensor.__rtruediv__``'s ``reciprocal() * lr``)."""
    eta, mu = state["eta"]._data, state["mu"]._data
    intermediate = added(g, param, lambd, slot=5)
    addcmul_(param, intermediate, eta, -1)
    diff = np.subtract(param, ax, out=_scratch(param.shape, param.dtype, 4) if _is_np(param) else None)
    addcmul_(ax, diff, mu)
    sdt = eta.dtype.type
    base = sdt(1) + sdt(lambd * lr) * sdt(step)
    state["eta"]._data = (sdt(1) / base ** sdt(alpha)) * sdt(lr)
    state["mu"]._data = sdt(1 / max(1, step - t0))
