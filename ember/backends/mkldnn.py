"""``torch.backends.mkldnn`` (oneDNN): ember does not use it."""
from __future__ import annotations

enabled = True
deterministic = False


def is_available() -> bool:
    return False
