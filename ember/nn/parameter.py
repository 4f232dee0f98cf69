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

__all__ = ["Parameter", "Buffer", "UninitializedTensorMixin", "UninitializedParameter", "UninitializedBuffer",
           "is_lazy"]

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
        if not isinstance(data, Tensor):  # torch calls data.detach() on anything not a Tensor
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        return _alias_as(cls, data, requires_grad)

    def __init__(self, data=None, requires_grad=True) -> None:
        pass

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        # like torch: neither .grad nor a program's own attributes (``p.tag = ...``) are copied
        result = type(self)(self.data.clone(), self.requires_grad)
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


_REAL_DATA = Tensor.__dict__["_data"]  # the slot that really holds an uninitialised tensor's (empty) storage

_SHAPE_MSG = (
    "Can't access the shape of an uninitialized parameter or buffer. "
    "This error usually happens in `load_state_dict` when trying to load "
    "an uninitialized parameter into an initialized one. "
    "Call `forward` to initialize the parameters before accessing their attributes."
)

_SHARE_MSG = (
    "Can't share memory on an uninitialized parameter or buffer. "
    "Call `forward` to initialize the parameters before calling "
    "`module.share_memory()`."
)

# ``UninitializedTensorMixin._allowed_methods`` (plus the read-only attributes PyTorch lets through).
_ALLOWED = ("size", "copy_", "is_complex", "is_floating_point", "half", "float", "double", "char", "short", "int",
            "long", "cuda", "cpu", "to", "get_device")

# Operator dunders report the ATen method they dispatch to, as PyTorch's error does.
_DUNDER_TO_OP = {
    "__add__": "add", "__radd__": "add", "__iadd__": "add_", "__sub__": "sub", "__rsub__": "rsub",
    "__isub__": "sub_", "__mul__": "mul", "__rmul__": "mul", "__imul__": "mul_", "__truediv__": "div",
    "__rtruediv__": "__rtruediv__", "__itruediv__": "div_", "__matmul__": "__matmul__", "__pow__": "pow",
    "__neg__": "neg", "__abs__": "abs", "__eq__": "eq", "__ne__": "ne", "__lt__": "lt", "__le__": "le",
    "__gt__": "gt", "__ge__": "ge",
}
_SLOT_DUNDERS = ("__getitem__", "__setitem__", "__and__", "__or__", "__xor__", "__invert__", "__mod__",
                 "__floordiv__", "__rfloordiv__", "__rpow__", "__lshift__", "__rshift__")
_PY_DUNDERS = ("__len__", "__iter__", "__reversed__", "__contains__", "__array__", "__format__", "__float__",
               "__int__", "__bool__", "__index__", "__complex__")

# Modules whose functions count as "the torch function" named in the error.
_OP_MODULES = ("ember._tensor", "ember._methods", "ember.ops", "ember.nn._functional", "ember.nn.functional",
               "ember.nn.init", "ember.linalg", "ember.special", "ember.fft", "ember._functions")


def _func_repr(name: str, *, method: bool, in_init: bool = False) -> str:
    """Spell the callable like ``repr(func)`` in PyTorch's ``__torch_function__`` error."""
    if name in _DUNDER_TO_OP:
        return f"<method '{_DUNDER_TO_OP[name]}' of 'torch._C.TensorBase' objects>"
    if name in _SLOT_DUNDERS:
        return f"<slot wrapper '{name}' of 'torch._C.TensorBase' objects>"
    if name in _PY_DUNDERS:
        return f"<function Tensor.{name} at 0x{id(Tensor):x}>"
    if in_init:
        return f"<function {name} at 0x{id(_func_repr):x}>"
    if method:
        return f"<method '{name}' of 'torch._C.TensorBase' objects>"
    return f"<built-in method {name} of type object at 0x{id(Tensor):x}>"


def _uninit_error(cls_name: str, func: str) -> ValueError:
    return ValueError(
        f"Attempted to use an uninitialized parameter in {func}. "
        "This error happens when you are using a `LazyModule` or "
        f"explicitly manipulating `torch.nn.parameter.{cls_name}` "
        "objects. When using LazyModules Call `forward` with a dummy batch "
        "to initialize the parameters before calling torch functions"
    )


def _is_op_frame(frame) -> bool:
    mod = frame.f_globals.get("__name__", "") or ""
    return mod == "ember" or any(mod == m or mod.startswith(m + ".") for m in _OP_MODULES)


def _calling_op(self) -> str:
    """Name the ember op that touched the storage: the outermost op frame above the access."""
    import sys
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back  # skip our own ``_data`` getter / ``__getattribute__``
    first = frame
    entry = None
    while frame is not None and _is_op_frame(frame):
        entry = frame
        frame = frame.f_back
    if entry is None:  # a property getter outside the op modules
        return _func_repr(first.f_code.co_name if first is not None else "<unknown>", method=True)
    name = entry.f_code.co_name
    method = entry.f_locals.get("self", None) is self or (
        entry.f_code.co_argcount > 0 and entry.f_code.co_varnames[:1]
        and entry.f_locals.get(entry.f_code.co_varnames[0]) is self and name.startswith("__"))
    in_init = (entry.f_globals.get("__name__") == "ember.nn.init")
    return _func_repr(name, method=bool(method), in_init=in_init)


def _shadow(self) -> Tensor:
    """A plain tensor over the real (empty) storage, used to run PyTorch's allowed methods."""
    t = _make(_REAL_DATA.__get__(self), None)
    t._rg = self._rg
    t._vc = self._shared_vc()
    return t


def _allowed_method(name: str):
    def method(self, *args, **kwargs):
        s = _shadow(self)
        out = getattr(Tensor, name)(s, *args, **kwargs)
        if out is s:
            return self
        if isinstance(self, UninitializedBuffer) and type(out) is Tensor:
            return _as_uninit_buffer(out)  # ``Tensor.__torch_function__`` re-wraps results in the subclass
        return out
    method.__name__ = name
    method.__doc__ = f"``Tensor.{name}``: allowed on uninitialized tensors (as in PyTorch)."
    return method


def _as_uninit_buffer(t: Tensor) -> Tensor:
    """``t.as_subclass(UninitializedBuffer)``: same storage, not flagged as a buffer."""
    out = _make(t._data, t.grad_fn, UninitializedBuffer)
    out._rg = t._rg
    out._vc = t._shared_vc()
    return out


def _blocked_method(name: str):
    def method(self, *args, **kwargs):
        raise _uninit_error(type(self).__name__, _func_repr(name, method=True))
    method.__name__ = name
    return method


class UninitializedTensorMixin:
    """``torch.nn.parameter.UninitializedTensorMixin``: a tensor whose shape is not known yet.

    The storage is an empty tensor of the requested dtype/device; reading ``.shape``
    raises ``RuntimeError`` and any op other than PyTorch's ``_allowed_methods``
    (``size``, ``to``, ``float``/``double``..., ``cpu``, ``copy_``...) raises
    ``ValueError("Attempted to use an uninitialized parameter in ...")``.
    ``materialize(shape)`` gives it real storage and swaps ``__class__`` to
    ``cls_to_become`` (``Parameter`` / ``Tensor``), keeping object identity.
    """

    __slots__ = ()
    cls_to_become = None

    @property
    def _data(self):
        raise _uninit_error(type(self).__name__, _calling_op(self))

    def __getattribute__(self, name: str):
        if name[0] != "_" and name not in _MIXIN_NAMES and name in _TENSOR_METHODS:
            return _blocked_method(name).__get__(self)  # raises when called, like PyTorch
        return object.__getattribute__(self, name)

    @_data.setter
    def _data(self, value) -> None:
        _REAL_DATA.__set__(self, value)

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Create storage of ``shape`` (same device/dtype unless given) and become ``cls_to_become``."""
        from ..ops.creation import empty
        real = _shadow(self)
        if device is None:
            device = real.device
        if dtype is None:
            dtype = real.dtype
        _REAL_DATA.__set__(self, empty(tuple(shape), device=device, dtype=dtype)._data)
        self._bump_version()
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(_SHAPE_MSG)

    def share_memory_(self):
        raise RuntimeError(_SHARE_MSG)

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__}>"

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (self.__class__, (self.requires_grad,))

    # read-only attributes PyTorch lets through (``method-wrapper`` descriptors)
    @property
    def data(self) -> Tensor:
        return _shadow(self).detach()

    @data.setter
    def data(self, value: Tensor) -> None:
        _REAL_DATA.__set__(self, value._data)
        self._bump_version()

    @property
    def requires_grad(self) -> bool:
        return self._rg

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self._rg = _shadow(self).requires_grad_(value)._rg

    dtype = property(lambda self: _shadow(self).dtype)
    device = property(lambda self: _shadow(self).device)
    ndim = property(lambda self: _shadow(self).ndim)
    is_cuda = property(lambda self: _shadow(self).is_cuda)
    is_cpu = property(lambda self: _shadow(self).is_cpu)
    nbytes = property(lambda self: _shadow(self).nbytes)
    itemsize = property(lambda self: _shadow(self).itemsize)


for _name in _ALLOWED:
    setattr(UninitializedTensorMixin, _name, _allowed_method(_name))
for _name in (*_DUNDER_TO_OP, *_SLOT_DUNDERS, *_PY_DUNDERS):
    if _name != "__format__":
        setattr(UninitializedTensorMixin, _name, _blocked_method(_name))
UninitializedTensorMixin.__hash__ = object.__hash__
_MIXIN_NAMES = frozenset(UninitializedTensorMixin.__dict__)


class _TensorMethodNames:
    """Public ``Tensor`` methods, read lazily (``ember._methods`` binds most of them after this import)."""

    def __contains__(self, name: str) -> bool:
        return callable(getattr(Tensor, name, None)) and not isinstance(getattr(Tensor, name), type)


_TENSOR_METHODS = _TensorMethodNames()


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """``torch.nn.UninitializedParameter``: a ``Parameter`` whose shape is inferred later.

    ``UninitializedParameter(requires_grad=True, device=None, dtype=None)``; becomes a
    ``Parameter`` (same object) on ``materialize(shape)``.
    """

    cls_to_become = Parameter

    def __new__(cls, requires_grad: bool = True, device=None, dtype=None):
        from ..ops.creation import empty
        data = empty(0, device=device, dtype=dtype)
        return _alias_as(cls, data, requires_grad)

    def __init__(self, requires_grad: bool = True, device=None, dtype=None) -> None:
        pass

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.requires_grad, self.device, self.dtype)
        memo[id(self)] = result
        return result


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """``torch.nn.UninitializedBuffer``: a buffer whose shape is inferred later.

    ``UninitializedBuffer(requires_grad=False, device=None, dtype=None, persistent=True)``;
    becomes a plain ``Tensor`` (same object) on ``materialize(shape)``.
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __new__(cls, requires_grad: bool = False, device=None, dtype=None, persistent: bool = True):
        from ..ops.creation import empty
        data = empty(0, device=device, dtype=dtype)
        t = _alias_as(cls, data, requires_grad)
        ext = t._get_ext()
        ext["is_buffer"] = True
        ext["persistent"] = persistent
        return t

    def __init__(self, requires_grad: bool = False, device=None, dtype=None, persistent: bool = True) -> None:
        pass


def is_lazy(param) -> bool:
    """``torch.nn.parameter.is_lazy``: is ``param`` an ``UninitializedParameter``/``UninitializedBuffer``?"""
    return isinstance(param, UninitializedTensorMixin)
