"""``torch.accelerator``: the current accelerator, if any (CUDA through CuPy)."""
from __future__ import annotations

from .backend.device import cuda_available, device


def is_available() -> bool:
    return cuda_available()


def current_accelerator(check_available: bool = False):
    if cuda_available():
        return device("cuda")
    return None


def device_count() -> int:
    from . import cuda
    return cuda.device_count()
