"""Process-wide defaults for factory functions (``set_default_device``)."""
from __future__ import annotations

from .backend import device as _dev

_DEFAULT_DEVICE = None


def get_default_device():
    return _DEFAULT_DEVICE or _dev.CPU


def set_default_device(device) -> None:
    global _DEFAULT_DEVICE
    _DEFAULT_DEVICE = None if device is None else _dev.parse(device)


def is_default_cpu() -> bool:
    return _DEFAULT_DEVICE is None or _DEFAULT_DEVICE.type == "cpu"
