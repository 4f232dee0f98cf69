"""Weight normalization, the old hook-based API (``torch.nn.utils.weight_norm``).

Also home of the two ops it is built on, ``torch._weight_norm`` and
``torch.norm_except_dim``, which ``parametrizations.weight_norm`` shares.
"""
from __future__ import annotations

import warnings
from typing import Any, TypeVar

import numpy as np

from ..._tensor import Tensor
from ...autograd.grad_mode import STATE as _GRAD
from ...autograd.graph import Node
from ...ops._common import finish, _make
from ...ops.misc_top import norm_except_dim
from ..modules.module import Module
from ..parameter import Parameter, UninitializedParameter

__all__ = ["WeightNorm", "weight_norm", "remove_weight_norm"]


class WeightNormInterfaceBackward0(Node):
    """Backward of ``torch._weight_norm_interface`` (PyTorch's ``_weight_norm_differentiable_backward``)."""

    __slots__ = ("dim",)

    def backward(self, gw):
        v, g, norms = self.saved()
        bcast = [1] * v.dim()
        if self.dim == 0:
            bcast[0] = v.size(0)
            per_dim = (gw * v).reshape(v.size(0), -1).sum(1).view(bcast)
        else:
            bcast[-1] = v.size(-1)
            per_dim = (gw * v).reshape(-1, v.size(-1)).sum(0).view(bcast)
        e = self._edges
        gv = (g / norms) * (gw - v * (per_dim / (norms * norms))) if e[0] is not None else None
        gg = per_dim / norms if e[1] is not None else None
        return gv, gg


def _fused_norms(vd: np.ndarray, dim: int) -> np.ndarray:
    """Per-slice 2-norms of ``v`` (kept dims), accumulated in float64 and rounded like the CPU kernel's output."""
    axes = tuple(i for i in range(vd.ndim) if i != dim)
    x = vd.astype(np.float64)
    return np.sqrt((x * x).sum(axis=axes, keepdims=True)).astype(vd.dtype)


def _weight_norm_interface(v: Tensor, g: Tensor, dim: int) -> Tensor:
    """``torch._weight_norm_interface(v, g, dim)[0]``: ``v * (g / ||v||)`` with a fused backward node."""
    vd = v._materialize()
    norms = _fused_norms(vd, dim)
    gd = np.asarray(g._data).reshape(norms.shape)
    data = vd * (gd / norms).astype(vd.dtype)
    if _GRAD.enabled and (v._rg or g._rg):
        node = WeightNormInterfaceBackward0((v, g))
        node.dim = dim
        res = finish(data, node)
        node.save(v, g.view(norms.shape), _make(norms))
        return res
    return _make(data)


def _weight_norm(v: Tensor, g: Tensor, dim: int = 0) -> Tensor:
    """``torch._weight_norm``: fused for the first/last dim, ``v * (g / norm_except_dim(v, 2, dim))`` otherwise."""
    if v.device != g.device:
        raise RuntimeError(f"Expected tensors v and g to be on the same device, but got {v.device} and {g.device}")
    if dim == 0 or dim == v.dim() - 1:
        return _weight_norm_interface(v.contiguous(), g.contiguous(), dim)
    return v * (g / norm_except_dim(v, 2, dim))


class WeightNorm:
    """``torch.nn.utils.weight_norm.WeightNorm``: a forward pre-hook recomputing ``name`` from ``name_g``/``name_v``."""

    name: str
    dim: int

    def __init__(self, name: str, dim: int) -> None:
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module: Module) -> Any:
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module, name: str, dim: int) -> "WeightNorm":
        """Register ``name_g``/``name_v`` and the hook; warns as PyTorch's ``@deprecated`` decorator does."""
        warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                      "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning, stacklevel=2)
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        if isinstance(weight, UninitializedParameter):
            raise ValueError(
                "The module passed to `WeightNorm` can't have uninitialized parameters. "
                "Make sure to run the dummy forward before applying weight normalization"
            )
        del module._parameters[name]
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Module) -> None:
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module))


T_module = TypeVar("T_module", bound=Module)


def weight_norm(module: T_module, name: str = "weight", dim: int = 0) -> T_module:
    """``torch.nn.utils.weight_norm``: ``w = g * v / ||v||`` recomputed before every forward (deprecated API)."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module: T_module, name: str = "weight") -> T_module:
    """``torch.nn.utils.remove_weight_norm``: fold ``g``/``v`` back into a plain parameter."""
    for k, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
