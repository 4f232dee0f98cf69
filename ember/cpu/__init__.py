"""``torch.cpu``: the CPU device module (always available, one device, no-op streams and events) and
``torch.cpu.amp`` (deprecated aliases of ``torch.amp`` for ``device_type="cpu"``)."""
from __future__ import annotations

from contextlib import AbstractContextManager
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

__all__ = [
    "is_available",
    "is_initialized",
    "synchronize",
    "current_device",
    "current_stream",
    "stream",
    "set_device",
    "device_count",
    "Stream",
    "StreamContext",
    "Event",
    "get_capabilities",
]


@lru_cache(None)
def get_capabilities() -> Mapping[str, Any]:
    """What ember knows of the CPU: its architecture and logical core count (PyTorch also lists ISA flags)."""
    import os
    import platform
    return MappingProxyType({"architecture": platform.machine(), "num_logical_cores": os.cpu_count() or 1})


def _is_avx2_supported() -> bool:
    return get_capabilities().get("avx2", False)


def _is_avx512_supported() -> bool:
    return get_capabilities().get("avx512_f", False)


def _is_avx512_bf16_supported() -> bool:
    return get_capabilities().get("avx512_bf16", False)


def _is_vnni_supported() -> bool:
    return get_capabilities().get("avx512_vnni", False)


def _is_amx_tile_supported() -> bool:
    return get_capabilities().get("amx_tile", False)


def _is_amx_fp16_supported() -> bool:
    return get_capabilities().get("amx_fp16", False)


def is_available() -> bool:
    """Returns a bool indicating if CPU is currently available (always True)."""
    return True


def synchronize(device=None) -> None:
    """Waits for all kernels in all streams on the CPU device to complete (nothing to wait for)."""


class Stream:
    """N.B. This class only exists to facilitate device-agnostic code."""

    def __init__(self, priority: int = -1) -> None:
        pass

    def wait_stream(self, stream) -> None:
        pass

    def record_event(self) -> None:
        pass

    def wait_event(self, event) -> None:
        pass


class Event:
    def query(self) -> bool:
        return True

    def record(self, stream=None) -> None:
        pass

    def synchronize(self) -> None:
        pass

    def wait(self, stream=None) -> None:
        pass


_default_cpu_stream = Stream()
_current_stream = _default_cpu_stream


def current_stream(device=None) -> Stream:
    """Returns the currently selected ``Stream`` for a given device."""
    return _current_stream


class StreamContext(AbstractContextManager):
    """Context-manager that selects a given stream."""

    def __init__(self, stream):
        self.stream = stream
        self.prev_stream = _default_cpu_stream

    def __enter__(self):
        global _current_stream
        if self.stream is None:
            return
        self.prev_stream = _current_stream
        _current_stream = self.stream

    def __exit__(self, type: Any, value: Any, traceback: Any) -> None:
        global _current_stream
        if self.stream is None:
            return
        _current_stream = self.prev_stream


def stream(stream: Stream) -> AbstractContextManager:
    """Wrapper around the Context-manager StreamContext that selects a given stream."""
    return StreamContext(stream)


def device_count() -> int:
    """Returns number of CPU devices (not cores). Always 1."""
    return 1


def set_device(device) -> None:
    """Sets the current device, in CPU we do nothing."""


def current_device() -> str:
    """Returns current device for cpu. Always 'cpu'."""
    return "cpu"


def is_initialized() -> bool:
    """Returns True if the CPU is initialized. Always True."""
    return True


def __getattr__(name: str):
    if name == "amp":  # PyTorch imports it with torch.cpu
        import importlib
        return importlib.import_module(".amp", __name__)
    raise AttributeError(f"module 'torch.cpu' has no attribute '{name}'")
