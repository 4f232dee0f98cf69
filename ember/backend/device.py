"""``torch.device`` and the CPU/GPU array-module resolution."""
from __future__ import annotations

import os
from typing import Any, Optional, Union

import numpy as np

_CUPY: Any = None
_CUPY_CHECKED = False


def cupy_or_none():
    """Import CuPy lazily; ``None`` when it is absent or no GPU is usable."""
    global _CUPY, _CUPY_CHECKED
    if not _CUPY_CHECKED:
        _CUPY_CHECKED = True
        if os.environ.get("EMBER_DISABLE_CUPY"):
            return None
        try:
            import cupy  # type: ignore

            if cupy.cuda.runtime.getDeviceCount() > 0:
                _CUPY = cupy
        except Exception:
            _CUPY = None
    return _CUPY


def cuda_available() -> bool:
    return cupy_or_none() is not None


_DEVICE_NAMES = frozenset(("cpu", "cuda", "mps", "meta", "xpu"))


class device:
    """``torch.device('cpu')`` / ``torch.device('cuda', 0)``."""

    __slots__ = ("type", "index")

    def __init__(self, type: Union[str, "device"], index: Optional[int] = None) -> None:
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int):  # an index names the current accelerator: CUDA, if ember has one (CuPy)
            if not cuda_available():
                raise RuntimeError("Cannot access accelerator device when none is available.")
            self.type, self.index = "cuda", type
            return
        if not isinstance(type, str):
            n = type.__class__.__name__  # PyTorch's python_arg_parser message for device(<bad>)
            raise TypeError(f"device() received an invalid combination of arguments - got ({n}), but expected one "
                            f"of:\n * (torch.device device)\n      didn't match because some of the arguments have "
                            f"invalid types: (!{n}!)\n * (str type, int index = -1)\n")
        if index is not None:
            if isinstance(index, bool) or not hasattr(index, "__index__"):
                raise TypeError(f"device(): argument 'index' (position 2) must be int, not "
                                f"{index.__class__.__name__}")
            index = index.__index__()
            if index < 0:
                raise RuntimeError("Device index must not be negative")
        if not type:
            raise RuntimeError("Device string must not be empty")
        name = type
        if name not in _DEVICE_NAMES:
            import re  # PyTorch's device-string grammar: ``name`` or ``name:index`` (no leading zeros)
            m = re.fullmatch(r"([a-zA-Z_]+)(?::([1-9][0-9]*|0))?", name)
            if m is None:
                raise RuntimeError(f"Invalid device string: '{type}'")
            name, idx = m.groups()
            if idx is not None:
                if index is not None:
                    raise RuntimeError("type (string) must not include an index because index was passed "
                                       "explicitly: " + type)
                index = int(idx)
        if name not in _DEVICE_NAMES:
            raise RuntimeError(
                "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, "
                f"lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: {type}"
            )
        self.type = name
        self.index = index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __format__(self, spec: str) -> str:
        """``object.__format__`` with the C type name: a non-empty spec is a TypeError."""
        if spec:
            raise TypeError("unsupported format string passed to torch.device.__format__")
        return str(self)

    def __eq__(self, other) -> bool:
        # PyTorch compares devices only with devices: ``torch.device("cpu") == "cpu"`` is False
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and self.index == other.index

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __enter__(self):
        from .. import _factory_defaults
        self._prev = _factory_defaults.get_default_device()
        _factory_defaults.set_default_device(self)
        return self

    def __exit__(self, *exc):
        from .. import _factory_defaults
        _factory_defaults.set_default_device(self._prev)


CPU = device("cpu")
CUDA0 = device("cuda", 0)


def is_cuda_array(arr) -> bool:
    return arr.__class__ is not np.ndarray and not isinstance(arr, np.generic) and _CUPY is not None and isinstance(arr, _CUPY.ndarray)


def device_of(arr) -> device:
    if arr.__class__ is np.ndarray or isinstance(arr, np.generic):
        return CPU
    if is_cuda_array(arr):
        return device("cuda", arr.device.id)
    return CPU


def get_array_module(arr):
    """NumPy for CPU arrays, CuPy for GPU arrays."""
    if arr.__class__ is np.ndarray or isinstance(arr, np.generic):
        return np
    if is_cuda_array(arr):
        return _CUPY
    return np


def to_numpy(arr):
    if is_cuda_array(arr):
        return arr.get()
    return arr


def move(arr, dev: device):
    """Copy ``arr`` to ``dev`` (no copy when it is already there)."""
    if dev.type == "cpu":
        return to_numpy(arr)
    if dev.type == "cuda":
        cp = cupy_or_none()
        if cp is None:
            raise AssertionError("Torch not compiled with CUDA enabled")
        with cp.cuda.Device(dev.index or 0):
            return cp.asarray(arr)
    raise RuntimeError(f"ember has no backend for device type '{dev.type}'")


def parse(dev) -> device:
    if dev is None:
        return CPU
    if isinstance(dev, device):
        return dev
    return device(dev)
