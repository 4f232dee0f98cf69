"""``torch.xpu`` on a machine without Intel GPU support (ember has none).

Mirrors PyTorch 2.13 built without XPU: queries answer "no device" (zero
devices, zero memory, ``False``), seeding is silently ignored, and calls that
need a device raise ``AssertionError("Torch not compiled with XPU enabled")``.
"""
from __future__ import annotations

from collections import OrderedDict

__all__ = ["is_available", "device_count", "is_initialized", "init", "current_device", "set_device",
           "get_device_name", "get_device_properties", "get_device_capability", "synchronize", "current_stream",
           "mem_get_info", "manual_seed", "manual_seed_all", "seed", "seed_all", "initial_seed", "get_rng_state",
           "get_rng_state_all", "set_rng_state", "empty_cache", "memory_allocated", "memory_reserved",
           "max_memory_allocated", "max_memory_reserved", "memory_stats", "is_bf16_supported",
           "is_tf32_supported", "get_arch_list"]

_MESSAGE = "Torch not compiled with XPU enabled"


def _not_compiled(*args, **kwargs):
    raise AssertionError(_MESSAGE)


init = current_device = set_device = get_device_name = get_device_properties = _not_compiled
get_device_capability = synchronize = current_stream = mem_get_info = initial_seed = get_rng_state = _not_compiled


def is_available() -> bool:
    return False


def device_count() -> int:
    return 0


def is_initialized() -> bool:
    return False


def manual_seed(seed: int) -> None:
    """Ignored without an XPU device, as in PyTorch."""


def manual_seed_all(seed: int) -> None:
    """Ignored without an XPU device, as in PyTorch."""


def seed() -> None:
    """Ignored without an XPU device, as in PyTorch."""


def seed_all() -> None:
    """Ignored without an XPU device, as in PyTorch."""


def set_rng_state(new_state, device="xpu") -> None:
    """Ignored without an XPU device, as in PyTorch."""


def get_rng_state_all() -> list:
    return []


def empty_cache() -> None:
    """Nothing cached without a device."""


def memory_allocated(device=None) -> int:
    return 0


def memory_reserved(device=None) -> int:
    return 0


def max_memory_allocated(device=None) -> int:
    return 0


def max_memory_reserved(device=None) -> int:
    return 0


def memory_stats(device=None) -> "OrderedDict":
    return OrderedDict()


def is_bf16_supported(including_emulation: bool = True) -> bool:
    return False


def is_tf32_supported() -> bool:
    return False


def get_arch_list() -> list:
    return []
