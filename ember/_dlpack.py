"""DLPack exchange: ``Tensor.__dlpack__``, ``Tensor.__dlpack_device__``, ``from_dlpack``, ``to_dlpack``.

ember tensors are NumPy (CPU) or CuPy (GPU) arrays, so both directions
delegate to those libraries' own DLPack support and never copy: a tensor
handed to ``np.from_dlpack``, ``torch.from_dlpack`` or ``cupy.from_dlpack``
shares memory with the ember tensor, and ``from_dlpack`` wraps the
producer's memory the same way.

Two deliberate deviations from a pure pass-through:

* PyTorch cannot represent negative strides (and aborts the process when a
  DLPack capsule carries them), so a tensor with negative strides (e.g. from
  ``flip``) is exported as a contiguous *copy*; pass ``copy=False`` to get a
  ``BufferError`` instead.
* NumPy imports legacy (unversioned) capsules, such as those made by
  ``torch.utils.dlpack.to_dlpack``, as read-only arrays because old DLPack
  cannot signal writability.  ``from_dlpack`` makes those writable, as PyTorch
  does; versioned capsules keep the producer's read-only flag.
"""
from __future__ import annotations

import enum
from typing import Any, Optional

import numpy as np

from . import _dtype as D
from ._tensor import Tensor, _make
from .backend import device as _dev

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]


class DLDeviceType(enum.IntEnum):
    """DLPack device codes (``torch.utils.dlpack.DLDeviceType``)."""

    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17


_CPU_LIKE = (DLDeviceType.kDLCPU, DLDeviceType.kDLCUDAHost, DLDeviceType.kDLROCMHost)
_GPU_LIKE = (DLDeviceType.kDLCUDA, DLDeviceType.kDLROCM, DLDeviceType.kDLCUDAManaged)


def __dlpack__(self: Tensor, *, stream: Any = None, max_version: Optional[tuple] = None,
               dl_device: Optional[tuple] = None, copy: Optional[bool] = None):
    """Export this tensor as a DLPack capsule sharing its memory (``torch.Tensor.__dlpack__``)."""
    if self._rg:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None and type(stream) is not int:
        raise TypeError("stream must be ``int`` or ``none``")
    d = self._data
    kwargs = {}
    if max_version is not None:
        kwargs["max_version"] = max_version
    if dl_device is not None:
        kwargs["dl_device"] = dl_device
    if copy is not None:
        kwargs["copy"] = copy
    if _dev.is_cuda_array(d):
        if stream is not None and stream != -1:
            kwargs["stream"] = stream
        return _call_dlpack(d, kwargs)
    arr = self._materialize()
    if any(s < 0 for s in arr.strides):
        if copy is False:
            raise BufferError("Can't export a tensor with negative strides without copying (PyTorch and "
                              "other consumers reject them); call .contiguous() first or allow copy")
        arr = np.array(arr, order="C")
        kwargs.pop("copy", None)
    return _call_dlpack(arr, kwargs)


def _call_dlpack(arr, kwargs: dict):
    try:
        return arr.__dlpack__(**kwargs)
    except TypeError:
        # Older NumPy/CuPy only know ``stream``: a plain (legacy) capsule is still valid.
        if kwargs.get("copy") or kwargs.get("dl_device") not in (None, arr.__dlpack_device__()):
            raise
        return arr.__dlpack__()


def __dlpack_device__(self: Tensor) -> tuple:
    """``(device_type, device_id)`` of this tensor, as DLPack codes."""
    d = self._data
    if _dev.is_cuda_array(d):
        return (DLDeviceType.kDLCUDA, int(d.device.id))
    return (DLDeviceType.kDLCPU, 0)


TENSOR_METHODS = {"__dlpack__": __dlpack__, "__dlpack_device__": __dlpack_device__}


def to_dlpack(tensor: Tensor):
    """A legacy DLPack capsule for ``tensor`` (``torch.utils.dlpack.to_dlpack``)."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"to_dlpack(): argument 'tensor' must be Tensor, not {type(tensor).__name__}")
    return tensor.__dlpack__()


def _capsule_name(obj) -> Optional[bytes]:
    if type(obj).__name__ != "PyCapsule":
        return None
    import ctypes
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype = ctypes.c_char_p
    get_name.argtypes = [ctypes.py_object]
    is_valid = ctypes.pythonapi.PyCapsule_IsValid
    is_valid.restype = ctypes.c_int
    is_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]
    name = get_name(obj)
    return name if name and is_valid(obj, name) else None


class _CapsuleHolder:
    """Presents a bare capsule through the ``__dlpack__`` protocol, which NumPy/CuPy consume."""

    def __init__(self, capsule, device: tuple) -> None:
        self._capsule = capsule
        self._device = device

    def __dlpack__(self, **kwargs):
        return self._capsule

    def __dlpack_device__(self):
        return self._device


def _writable_alias(arr: np.ndarray) -> np.ndarray:
    """A writable view of the memory behind a read-only array that keeps ``arr`` (and its owner) alive."""
    if arr.flags.writeable or arr.size == 0:
        return arr
    import ctypes
    itemsize = arr.itemsize
    ptr = arr.__array_interface__["data"][0]
    low = ptr + sum((n - 1) * s for n, s in zip(arr.shape, arr.strides) if s < 0)
    high = ptr + sum((n - 1) * s for n, s in zip(arr.shape, arr.strides) if s > 0) + itemsize
    buf = (ctypes.c_char * (high - low)).from_address(low)
    buf._owner = arr  # keeps the capsule (and the producer's memory) alive
    return np.ndarray(arr.shape, dtype=arr.dtype, buffer=buf, offset=ptr - low, strides=arr.strides)


def _import_gpu(obj):
    cp = _dev.cupy_or_none()
    if cp is None:
        raise RuntimeError("from_dlpack: the tensor lives on a GPU, but CuPy (ember's GPU backend) is not available")
    return cp.from_dlpack(obj)


def from_dlpack(ext_tensor: Any, *, device=None, copy: Optional[bool] = None) -> Tensor:
    """Wrap a DLPack-capable object (or capsule) as a tensor sharing its memory (``torch.from_dlpack``)."""
    legacy = False
    if hasattr(ext_tensor, "__dlpack__"):
        src = ext_tensor
        dev_type = int(ext_tensor.__dlpack_device__()[0])
    else:
        name = _capsule_name(ext_tensor)
        if name not in (b"dltensor", b"dltensor_versioned"):
            raise TypeError(f"from_dlpack(): expected an object with __dlpack__ or a DLPack capsule, got "
                            f"{type(ext_tensor).__name__}"
                            + (" (the capsule was already consumed)" if name in (b"used_dltensor",
                                                                                 b"used_dltensor_versioned") else ""))
        legacy = name == b"dltensor"
        src = _CapsuleHolder(ext_tensor, (DLDeviceType.kDLCPU, 0))
        dev_type = DLDeviceType.kDLCPU
    if dev_type in _GPU_LIKE:
        arr = _import_gpu(src)
    elif dev_type in _CPU_LIKE:
        try:
            arr = np.from_dlpack(src) if copy is None else np.from_dlpack(src, copy=copy)
        except (BufferError, RuntimeError, ValueError) as e:
            if isinstance(src, _CapsuleHolder) and "device" in str(e).lower():
                arr = _import_gpu(src)  # a bare capsule carries its device inside: try the GPU importer
            else:
                raise
        if legacy and isinstance(arr, np.ndarray):
            arr = _writable_alias(arr)
    else:
        raise BufferError(f"from_dlpack: unsupported DLPack device type {dev_type}")
    D.from_numpy_dtype(arr.dtype)
    t = _make(arr)
    if device is not None:
        from .ops.convert import to
        t = to(t, device)
    return t
