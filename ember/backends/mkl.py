"""``torch.backends.mkl``: ember does not use it."""
from __future__ import annotations


def is_available() -> bool:
    return False
