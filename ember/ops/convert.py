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
    if (d.__class__ is _ndarray and d.ndim >= 2 and not d.flags.c_contiguous
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
    d = x._data
    if d.__class__ is not _ndarray or d.flags.c_contiguous:
        return x
    data = big_copy(d, d.shape, "contiguous") if d.nbytes >= BIG_BYTES else np.ascontiguousarray(d)
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


def _parse_to_args(args, kwargs):
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, (str, _dev.device, int)) and not isinstance(a, bool):
            device = a
        elif isinstance(a, bool):
            pass
        else:
            raise TypeError(f"to() received an invalid combination of arguments - got ({type(a).__name__})")
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    return dtype, device, copy


def to(x: Tensor, *args, **kwargs) -> Tensor:
    """``Tensor.to(dtype)``, ``.to(device)``, ``.to(other)``; no-op when nothing changes."""
    dtype, device, copy = _parse_to_args(args, dict(kwargs))
    out = x
    if dtype is not None and x._data.dtype != dtype.np:
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
    if copy and out is x:
        out = clone(x)
    return out


def _caster(dt):
    def cast(self, memory_format=None):
        return to_dtype_np(self, dt.np)
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


def cpu(x: Tensor, memory_format=None) -> Tensor:
    return to(x, "cpu")


def cuda(x: Tensor, device=None, non_blocking: bool = False, memory_format=None) -> Tensor:
    if device is None:
        device = "cuda"
    elif isinstance(device, int):
        device = f"cuda:{device}"
    return to(x, device)
