"""Legacy typed constructors: ``torch.FloatTensor([1, 2])``, ``isinstance(t, torch.LongTensor)``.

Old tutorials still use them.  Calling one builds a tensor of that dtype (from
data, or uninitialised from sizes, like PyTorch); ``isinstance`` checks the
tensor's dtype.
"""
from __future__ import annotations

from . import _dtype as D


class _LegacyMeta(type):
    def __instancecheck__(cls, obj) -> bool:
        from ._tensor import Tensor
        return isinstance(obj, Tensor) and obj.dtype is cls._dtype and obj.device.type == "cpu"

    def __call__(cls, *args, **kwargs):
        from ._tensor import Tensor
        return Tensor(*args, dtype=cls._dtype, **kwargs)

    def __repr__(cls) -> str:
        return f"<class 'torch.{cls.__name__}'>"


def _make(name: str, dt: D.dtype):
    return _LegacyMeta(name, (), {"_dtype": dt})


FloatTensor = _make("FloatTensor", D.float32)
DoubleTensor = _make("DoubleTensor", D.float64)
HalfTensor = _make("HalfTensor", D.float16)
LongTensor = _make("LongTensor", D.int64)
IntTensor = _make("IntTensor", D.int32)
ShortTensor = _make("ShortTensor", D.int16)
CharTensor = _make("CharTensor", D.int8)
ByteTensor = _make("ByteTensor", D.uint8)
BoolTensor = _make("BoolTensor", D.bool_)
