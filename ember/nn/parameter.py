"""``nn.Parameter`` and ``nn.Buffer``.

A ``Parameter`` is a leaf ``Tensor`` subclass that modules register
automatically when assigned as an attribute.  It shares storage (and version
counter) with the tensor it was made from, prints as
``Parameter containing:\\n<tensor repr>`` and requires grad by default.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from .._tensor import Tensor, _make

__all__ = ["Parameter", "Buffer", "UninitializedParameter", "UninitializedBuffer", "is_lazy"]

_FLOAT_MSG = "Only Tensors of floating point and complex dtype can require gradients"


def _empty0():
    from .. import _dtype as D
    return _make(np.empty((0,), dtype=D.get_default_dtype().np))


def _alias_as(cls, data: Tensor, requires_grad: bool):
    if requires_grad and data._data.dtype.kind not in "fc":
        raise RuntimeError(_FLOAT_MSG)
    d = data._materialize() if isinstance(data._data, (np.ndarray, np.generic)) else data._data
    t = _make(d, None, cls)
    t._vc = data._shared_vc()
    t._rg = bool(requires_grad)
    return t


class Parameter(Tensor):
    """A tensor that is a module parameter (``torch.nn.Parameter``)."""

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _empty0()
        if not isinstance(data, Tensor):
            raise TypeError(
                f"Parameter.__new__(): argument 'data' must be Tensor, not {type(data).__name__}"
            )
        return _alias_as(cls, data, requires_grad)

    def __init__(self, data=None, requires_grad=True) -> None:
        pass

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        import copy
        result = type(self)(self.data.clone(), self.requires_grad)  # like torch: .grad is not copied
        for k, v in self.__dict__.items():
            setattr(result, k, copy.deepcopy(v, memo))
        memo[id(self)] = result
        return result

    def __repr__(self) -> str:
        return Tensor.__repr__(self)

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self.data, self.requires_grad, OrderedDict()))

    # operations on a Parameter return plain tensors (``_make`` builds Tensor)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    return Parameter(data, requires_grad)


class _BufferMeta(type):
    def __instancecheck__(cls, instance) -> bool:
        if cls is Buffer:
            return isinstance(instance, Tensor) and bool(instance._ext and instance._ext.get("is_buffer"))
        return super().__instancecheck__(instance)


class Buffer(metaclass=_BufferMeta):
    """``torch.nn.Buffer``: marks a tensor to be registered as a module buffer."""

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            data = _empty0()
        t = data.detach()
        t._rg = data._rg
        ext = t._get_ext()
        ext["is_buffer"] = True
        ext["persistent"] = persistent
        return t


def _buffer_persistent(t: Tensor) -> bool:
    return bool(t._ext.get("persistent", True)) if t._ext else True


class UninitializedParameter(Parameter):
    """Placeholder for lazy modules (not supported by ember; kept for isinstance checks)."""


class UninitializedBuffer(Tensor):
    """Placeholder for lazy modules (not supported by ember)."""


def is_lazy(param) -> bool:
    return isinstance(param, (UninitializedParameter, UninitializedBuffer))
