"""``torch.optim.SGD``: stochastic gradient descent with momentum, dampening,
Nesterov momentum, weight decay and ``maximize``."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _make
from ._fused import fused_sgd_, supports_fused_emulation
from .optimizer import (Optimizer, _check_not_differentiable, _device_dtype_check_for_fused, _is_np, _read, _eval_closure,
                        _scratch, _storage, _to_scalar, _use_grad_for_differentiable, add_, added, momentum_)

__all__ = ["SGD"]


class SGD(Optimizer):
    """Implements stochastic gradient descent (optionally with momentum)."""

    def __init__(self, params, lr=1e-3, momentum: float = 0, dampening: float = 0, weight_decay=0,
                 nesterov: bool = False, *, maximize: bool = False, foreach=None, differentiable: bool = False,
                 fused=None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")

        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

        if fused:
            self._step_supports_amp_scaling = True
            self._need_device_dtype_check_for_fused = True
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """Perform a single optimization step; returns the closure's loss."""
        loss = _eval_closure(closure)

        for group in self.param_groups:
            _check_not_differentiable(group)
            weight_decay = _to_scalar(group["weight_decay"])
            momentum = group["momentum"]
            dampening = group["dampening"]
            nesterov = group["nesterov"]
            maximize = group["maximize"]
            lr = _to_scalar(group["lr"])
            state = self.state
            for p in group["params"]:
                if p._grad is None:
                    continue
                if group["fused"] and getattr(self, "_need_device_dtype_check_for_fused", True):
                    _device_dtype_check_for_fused(p)
                    self._need_device_dtype_check_for_fused = False
                # Complex parameters stay complex: PyTorch's SGD does complex arithmetic (each
                # multiply and add rounded separately), where other optimizers use view_as_real.
                param = _storage(p)
                if group["fused"] and supports_fused_emulation(param, allow_half=True):
                    self._fused_update(p, group, weight_decay, lr)
                    continue
                gdata = p._grad._data
                if gdata.__class__ is not np.ndarray and getattr(gdata, "is_sparse_coo", False):  # sparse COO grad
                    from ..sparse._optim import sgd_step
                    sgd_step(param, p._grad._data, lr, weight_decay, momentum, dampening, nesterov, maximize,
                             state[p])
                    p._bump_version()
                    continue
                g = _read(p._grad)
                if maximize:
                    g = np.negative(g, out=_scratch(g.shape, g.dtype, 2)) if _is_np(g) else -g
                if weight_decay != 0:
                    g = added(g, param, weight_decay, slot=1)
                if momentum != 0:
                    st = state[p]
                    buf_t = st.get("momentum_buffer")
                    if buf_t is None:
                        buf_t = _make(_read(p._grad).copy())
                        b = buf_t._data
                        if b is not g:
                            b[...] = g
                        st["momentum_buffer"] = buf_t
                    else:
                        b = _storage(buf_t)
                        momentum_(b, g, momentum, dampening)
                        buf_t._bump_version()
                    if nesterov:
                        g = added(g, b, momentum, slot=3)
                    else:
                        g = b
                add_(param, g, -lr)
                p._bump_version()
        return loss

    def _fused_update(self, p, group, weight_decay, lr) -> None:
        """``fused=True``: PyTorch's fused CPU kernel arithmetic (``ember.optim._fused``)."""
        momentum = group["momentum"]
        buf = None
        first_step = False
        if momentum != 0:
            st = self.state[p]
            first_step = st.get("momentum_buffer") is None
            if first_step:
                st["momentum_buffer"] = _make(np.empty_like(_storage(p)))
            buf = _storage(st["momentum_buffer"]).reshape(-1)
            st["momentum_buffer"]._bump_version()
        fused_sgd_(_storage(p).reshape(-1), np.ascontiguousarray(_read(p._grad)).reshape(-1), buf, lr=lr,
                   weight_decay=weight_decay, momentum=momentum, dampening=group["dampening"],
                   nesterov=group["nesterov"], maximize=group["maximize"], first_step=first_step)
        p._bump_version()
