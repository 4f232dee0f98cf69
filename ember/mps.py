"""``torch.mps`` on a machine without Apple's Metal backend (ember has none).

Mirrors what PyTorch 2.13 does where MPS is absent: the queries answer "no
device", ``manual_seed`` is silently ignored, and every call that needs the
backend raises PyTorch's ``RuntimeError``.
"""
from __future__ import annotations

__all__ = ["device_count", "is_available", "manual_seed", "seed", "get_rng_state", "set_rng_state", "synchronize",
           "empty_cache", "set_per_process_memory_fraction", "current_allocated_memory", "driver_allocated_memory",
           "recommended_max_memory", "compile_shader"]


def _absent(call: str) -> RuntimeError:
    return RuntimeError(f"Cannot execute {call}() without MPS backend.")


def is_available() -> bool:
    return False


def device_count() -> int:
    return 0


def manual_seed(seed: int) -> None:
    """Ignored without an MPS device, as in PyTorch."""


def seed() -> None:
    raise _absent("getDefaultGenerator")


def get_rng_state(device="mps"):
    raise _absent("getDefaultGenerator")


def set_rng_state(new_state, device="mps") -> None:
    raise _absent("getDefaultGenerator")


def synchronize() -> None:
    raise _absent("deviceSynchronize")


def empty_cache() -> None:
    raise _absent("emptyCache")


def set_per_process_memory_fraction(fraction: float) -> None:
    raise _absent("setMemoryFraction")


def current_allocated_memory() -> int:
    raise _absent("getCurrentAllocatedMemory")


def driver_allocated_memory() -> int:
    raise _absent("getDriverAllocatedMemory")


def recommended_max_memory() -> int:
    raise _absent("getRecommendedMaxMemory")


def compile_shader(source: str):
    raise RuntimeError("MPS is not available")
