"""``torch.optim.Adagrad`` (lr decay, weight decay, initial accumulator, ``maximize``)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _make
from ._fused import fused_adagrad_, supports_fused_emulation
from .optimizer import (sqrt, Optimizer, _check_not_differentiable, _device_dtype_check_for_fused, _get_scalar_dtype, _eval_closure,
                        _is_np, _read, _real, _scratch, _storage, _to_scalar, _use_grad_for_differentiable,
                        addcdiv_, addcmul_, added, inc_, scalar_tensor)

__all__ = ["Adagrad"]


def _full_like(p: Tensor, value) -> Tensor:
    d = np.zeros_like(p._data)
    d[...] = value
    return _make(d)


class Adagrad(Optimizer):
    """Implements the Adagrad algorithm."""

    def __init__(self, params, lr=1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, foreach=None, *, maximize: bool = False,
                 differentiable: bool = False, fused=None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")

        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)

        if fused:
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
            self._need_device_dtype_check_for_fused = True
            self._step_supports_amp_scaling = True

        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(group, p, initial_accumulator_value)

    def _init_state(self, group, p, init) -> dict:
        state = self.state[p]
        state["step"] = scalar_tensor(0.0, _get_scalar_dtype(is_fused=group["fused"]))
        state["sum"] = _full_like(p, complex(init, init) if p.is_complex() else init)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        from ..ops.creation import tensor
        fused = None
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            fused = group.setdefault("fused", None)
        for s in self.state.values():
            if "step" in s and not isinstance(s["step"], Tensor):
                s["step"] = tensor(float(s["step"]), dtype=_get_scalar_dtype(is_fused=fused))

    def share_memory(self) -> None:
        """No-op in ember (single process)."""

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        loss = _eval_closure(closure)

        for group in self.param_groups:
            _check_not_differentiable(group)
            lr = _to_scalar(group["lr"])
            weight_decay = group["weight_decay"]
            lr_decay = group["lr_decay"]
            eps = group["eps"]
            maximize = group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                if group["fused"] and getattr(self, "_need_device_dtype_check_for_fused", True):
                    _device_dtype_check_for_fused(p)
                    self._need_device_dtype_check_for_fused = False
                state = self.state[p]
                if len(state) == 0:
                    if group["fused"]:
                        _device_dtype_check_for_fused(p)
                    self._init_state(group, p, self.defaults["initial_accumulator_value"])
                step = inc_(state["step"])
                param = _real(_storage(p))
                if group["fused"] and supports_fused_emulation(param, allow_half=True):
                    self._fused_update(p, group, state, step, lr)
                    continue
                gdata = p._grad._data
                if gdata.__class__ is not np.ndarray and getattr(gdata, "is_sparse_coo", False):  # sparse COO grad
                    from ..sparse._optim import adagrad_step
                    adagrad_step(param, p._grad._data, _storage(state["sum"]), lr / (1 + (step - 1) * lr_decay),
                                 eps, weight_decay, maximize)
                    p._bump_version()
                    state["sum"]._bump_version()
                    continue
                g = _real(_read(p._grad))
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                if weight_decay != 0:
                    g = added(g, param, weight_decay, slot=1)
                clr = lr / (1 + (step - 1) * lr_decay)
                state_sum = _real(_storage(state["sum"]))
                addcmul_(state_sum, g, g, 1)
                if _is_np(param):
                    std = sqrt(state_sum, out=_scratch(param.shape, param.dtype, 4))
                    np.add(std, std.dtype.type(eps), out=std)
                else:
                    std = sqrt(state_sum) + param.dtype.type(eps)
                addcdiv_(param, g, std, -clr)
                p._bump_version()
        return loss

    @staticmethod
    def _fused_update(p, group, state, step, lr) -> None:
        """``fused=True``: PyTorch's fused CPU kernel arithmetic (``ember.optim._fused``)."""
        fused_adagrad_(_storage(p).reshape(-1), np.ascontiguousarray(_read(p._grad)).reshape(-1),
                       _storage(state["sum"]).reshape(-1), step, lr=lr, lr_decay=group["lr_decay"],
                       weight_decay=group["weight_decay"], eps=group["eps"], maximize=group["maximize"])
        p._bump_version()
        state["sum"]._bump_version()
