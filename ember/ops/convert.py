"""Copies and conversions: ``clone``, ``contiguous``, ``to``, ``float()`` ...

``to(dtype)`` records ``ToCopyBackward0`` (its backward casts the gradient
back), and returns ``self`` unchanged when nothing changes, like PyTorch.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ..backend import device as _dev
from ..backend.scratch import BIG_BYTES, big_copy
from . import _layout
from ._common import GRAD, Node, Tensor, _make, finish

_ndarray = np.ndarray


class CloneBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g

    def vjp(self, g):
        return (g,)


def clone(input: Tensor, *, memory_format=None) -> Tensor:
    """``Tensor.clone``: a copy that stays in the graph."""
    x = input  # PyTorch's keyword name
    d = x._data
    if d.__class__ is _ndarray and memory_format in ("torch.channels_last", "torch.channels_last_3d"):
        data = _nhwc_copy(d, str(memory_format), force=True)  # clone(memory_format=): always that layout
    elif (d.__class__ is _ndarray and d.ndim >= 2 and not d.flags.c_contiguous
            and memory_format != "torch.contiguous_format"):
        # PyTorch's preserve_format: a permuted (transposed, channels-last...) input keeps its dim
        # order; an expanded one (stride 0: no order) comes out contiguous
        data = _layout.empty_like_layout(d)
        data[...] = d
    else:
        data = d.copy() if (d.__class__ is _ndarray or not isinstance(d, np.generic)) else d
    if d.__class__ is _ndarray and d.ndim == 0:
        data = d[()]
    node = CloneBackward0((x,)) if (GRAD.enabled and x._rg) else None
    return finish(data, node)


def contiguous(x: Tensor, memory_format=None) -> Tensor:
    """``Tensor.contiguous()``: ``x`` itself when already laid out so, else a copy (``CloneBackward0``);
    ``memory_format=torch.channels_last`` asks for the NHWC layout of a 4-d tensor."""
    d = x._data
    if memory_format is not None and str(memory_format) in ("torch.channels_last", "torch.channels_last_3d"):
        return _channels_last_clone(x, d, str(memory_format))
    if d.__class__ is not _ndarray or d.flags.c_contiguous:
        return x
    data = big_copy(d, d.shape, "contiguous") if d.nbytes >= BIG_BYTES else np.ascontiguousarray(d)
    node = CloneBackward0((x,)) if (GRAD.enabled and x._rg) else None
    return finish(data, node)


def _suggests(d, fmt) -> bool:
    """ATen's ``is_channels_last_strides_{2d,3d}`` (``suggest_memory_format() == fmt``) of a NumPy array:
    dims C, W, H, (D,) N in order of increasing stride."""
    order = (1, 3, 2, 0) if fmt == "torch.channels_last" else (1, 4, 3, 2, 0)
    if d.__class__ is not _ndarray or d.ndim != len(order):
        return False
    strides = [s // d.itemsize for s in d.strides]
    if strides[1] == 0:  # (a broadcast C dim: ATen defaults to NCHW)
        return False
    lowest = 0
    for dim in order:
        if d.shape[dim] == 0 or strides[dim] < lowest or (dim == 0 and lowest == strides[1]):
            return False
        lowest = strides[dim]
        if d.shape[dim] > 1:
            lowest *= d.shape[dim]
    return True


def _nhwc_copy(d, fmt="torch.channels_last", force=False):
    """``d`` (rank 4) copied to channels-last (NHWC) strides, or ``None`` when it already has them
    (or is not a NumPy array); ``fmt="torch.channels_last_3d"``: rank 5, NDHWC.  ``force``: copy even
    when the layout already qualifies (``Tensor.to`` copies unless the strides *suggest* the format)."""
    if fmt == "torch.channels_last_3d":
        if d.ndim != 5:
            raise RuntimeError("required rank 5 tensor to use channels_last_3d format")
        perm, back = (0, 2, 3, 4, 1), (0, 4, 1, 2, 3)
    else:
        if d.ndim != 4:
            raise RuntimeError("required rank 4 tensor to use channels_last format")
        perm, back = (0, 2, 3, 1), (0, 3, 1, 2)
    nhwc = d.transpose(perm)
    if d.__class__ is not _ndarray or (nhwc.flags.c_contiguous and not force):
        return None
    return nhwc.copy(order="C").transpose(back)


def _channels_last_clone(x: Tensor, d, fmt="torch.channels_last") -> Tensor:
    """``x`` in channels-last (NHWC / NDHWC) layout: itself when already so, else a copy (``CloneBackward0``)."""
    data = _nhwc_copy(d, fmt)
    if data is None:
        return x
    node = CloneBackward0((x,)) if (GRAD.enabled and x._rg) else None
    return finish(data, node)


class ToCopyBackward0(Node):
    __slots__ = ("src_dtype", "src_device")

    def backward(self, g):
        r = g
        if g._data.dtype != self.src_dtype:
            r = to_dtype_np(r, self.src_dtype)
        if self.src_device is not None and r.device != self.src_device:
            r = r.to(self.src_device)
        return r


_COMPLEX_TO_REAL_WARNED = [False]


def _warn_complex_to_real() -> None:
    """ATen's copy_ warning (NumPy's own would be a ComplexWarning pointing into ember); like
    PyTorch's ``TORCH_WARN_ONCE``, only the first cast in a process warns."""
    import warnings
    from .._hints import _user_stacklevel
    if _COMPLEX_TO_REAL_WARNED[0]:
        return
    _COMPLEX_TO_REAL_WARNED[0] = True
    warnings.warn("Casting complex values to real discards the imaginary part (Triggered internally at "
                  "/__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)", UserWarning,
                  stacklevel=_user_stacklevel())


def to_dtype_np(x: Tensor, np_dtype) -> Tensor:
    """Cast to a NumPy dtype, recording ``ToCopyBackward0``."""
    d = x._data
    if d.dtype == np_dtype:
        return x
    if d.dtype.kind == "c" and np.dtype(np_dtype).kind != "c":
        _warn_complex_to_real()
        data = d.real.astype(np_dtype)
    else:
        data = d.astype(np_dtype)
    node = None
    if GRAD.enabled and x._rg:
        if np.dtype(np_dtype).kind not in "fc":
            return _make(data)
        node = ToCopyBackward0((x,))
        node.src_dtype = d.dtype
        node.src_device = None
    return finish(data, node)


_TO_SIGNATURES = (
    " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)\n"
    " * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)\n"
    " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n")


def _to_arg_error(args, kwargs) -> TypeError:
    """PyTorch's argument-parser error for ``Tensor.to`` with arguments no overload takes."""
    from ._argerrors import type_name
    got = [_to_type_name(a, type_name) for a in args] + [f"{k}={type_name(v)}" for k, v in kwargs.items()]
    tail = ", " if kwargs and not args else ""  # (PyTorch leaves the separator when only keywords came)
    return TypeError(f"to() received an invalid combination of arguments - got ({', '.join(got)}{tail}), "
                     f"but expected one of:\n{_TO_SIGNATURES}")


def _to_type_name(a, type_name) -> str:
    if isinstance(a, D.dtype):
        return "torch.dtype"
    if isinstance(a, _dev.device):
        return "torch.device"
    return type_name(a)


_TO_KEYWORDS = frozenset(("dtype", "device", "copy", "non_blocking", "memory_format"))
_PY_TYPE_DTYPES = {float: D.float64, int: D.int64, bool: D.bool_, complex: D.complex128}


def _parse_to_args(args, kwargs):
    """``(dtype, device, copy, memory_format)`` from ``Tensor.to``'s three overloads: ``to(device=None,
    dtype=None, non_blocking=False, copy=False)``, ``to(dtype, non_blocking, copy)``, ``to(other,
    non_blocking, copy)``, each with keyword-only ``memory_format``."""
    if not kwargs and len(args) == 1 and args[0].__class__ is D.dtype:  # ``x.to(torch.float64)``
        return args[0], None, False, None
    dtype = device = memory_format = None
    copy = False
    if kwargs:
        if kwargs.keys() - _TO_KEYWORDS:
            raise _to_arg_error(args, kwargs)
        dtype, device = kwargs.get("dtype"), kwargs.get("device")
        copy, memory_format = kwargs.get("copy", False), kwargs.get("memory_format")
    flags = []
    for a in args:
        if isinstance(a, bool):
            flags.append(a)
        elif flags:  # nothing comes after non_blocking / copy
            raise _to_arg_error(args, kwargs)
        elif isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, (str, _dev.device, int)):
            device = a
        elif isinstance(a, float) and dtype is None and device is None:
            dtype = D.float64  # (PyTorch's parser reads a Python float as the dtype ``float``)
        elif a.__class__ is type and a in _PY_TYPE_DTYPES and dtype is None and device is None:  # ``x.to(float)``
            dtype = _PY_TYPE_DTYPES[a]
        else:
            raise _to_arg_error(args, kwargs)
    if len(flags) > 2:
        raise _to_arg_error(args, kwargs)
    if len(flags) == 2:
        copy = flags[1]
    return dtype, device, copy, memory_format


def _with_memory_format(x: Tensor, out: Tensor, memory_format) -> Tensor:
    """``out`` (``x`` converted) laid out as ``memory_format`` asks: channels-last (rank 4 only) or
    contiguous; a copy recorded as ``ToCopyBackward0`` when the layout changes."""
    name = str(memory_format)
    d = out._data
    if name in ("torch.channels_last", "torch.channels_last_3d"):
        # ATen's to(): aliases only when suggest_memory_format() is the format asked for, else copies
        # into freshly computed channels-last strides (so an (8, 3, 1, 1) weight gets (3, 1, 3, 3))
        data = _nhwc_copy(d, name, force=not _suggests(d, name))
        if data is None:
            return out
    elif name == "torch.contiguous_format":
        if d.__class__ is not _ndarray or d.flags.c_contiguous:
            return out
        data = np.ascontiguousarray(d)
    else:
        return out
    return _copied(x, out, data)


def _copied(x: Tensor, out: Tensor, data) -> Tensor:
    """``data`` (a new copy of ``out``, converted from ``x``) as ``to``'s result: ``out``'s own node
    when it already has one (the dtype cast), else ``ToCopyBackward0`` from ``x``."""
    if out is not x:
        out._data = data
        return out
    node = None
    if GRAD.enabled and x._rg:
        node = ToCopyBackward0((x,))
        node.src_dtype = x._data.dtype
        node.src_device = None
    return finish(data, node)


def to(self: Tensor, *args, **kwargs) -> Tensor:
    """``Tensor.to(dtype)``, ``.to(device)``, ``.to(other)``; no-op when nothing changes (unless
    ``copy=True`` or ``memory_format`` asks for another layout)."""
    dtype, device, copy, memory_format = _parse_to_args(args, kwargs)
    out = self
    if dtype is not None and self._data.dtype != dtype.np:
        out = to_dtype_np(out, dtype.np)
    if device is not None:
        dev = _dev.parse(device)
        if dev != out.device:
            data = _dev.move(out._data, dev)
            node = None
            if GRAD.enabled and out._rg:
                node = ToCopyBackward0((out,))
                node.src_dtype = out._data.dtype
                node.src_device = out.device
            out = finish(data, node)
    if memory_format is not None:
        out = _with_memory_format(self, out, memory_format)
    if copy and out is self:
        d = self._data
        out = _copied(self, self, d.copy() if d.__class__ is _ndarray else d)
    return out


def _caster(dt):
    def cast(self, memory_format=None):
        if memory_format is None:
            return to_dtype_np(self, dt.np)
        return to(self, dt, memory_format=memory_format)
    cast.__name__ = dt.name
    return cast


float_ = _caster(D.float32)
double = _caster(D.float64)
half = _caster(D.float16)
bfloat16 = _caster(D.bfloat16)  # raises ember's TypeError: NumPy has no bfloat16
long = _caster(D.int64)
int_ = _caster(D.int32)
short = _caster(D.int16)
char = _caster(D.int8)
byte = _caster(D.uint8)
bool_ = _caster(D.bool_)


def chalf(self: Tensor, memory_format=None) -> Tensor:
    """``Tensor.chalf()``: PyTorch's complex32; ember (NumPy) has no such dtype, so it says so."""
    raise RuntimeError("ember has no complex32 (ComplexHalf) dtype: PyTorch would return a complex32 tensor here")


def cpu(x: Tensor, memory_format=None) -> Tensor:
    return to(x, "cpu")


def cuda(x: Tensor, device=None, non_blocking: bool = False, memory_format=None) -> Tensor:
    if device is None:
        device = "cuda"
    elif isinstance(device, int):
        device = f"cuda:{device}"
    return to(x, device)
