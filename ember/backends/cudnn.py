"""``torch.backends.cudnn``: ember does not use cuDNN; the flags keep PyTorch's defaults."""
from __future__ import annotations

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True
benchmark_limit = 10


def is_available() -> bool:
    return False


def version():
    return None


def is_acceptable(tensor) -> bool:
    return False
