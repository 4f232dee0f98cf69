"""``torch.utils``: submodules (``ember.utils.data`` ...) load lazily on first access."""
from __future__ import annotations

import importlib


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    try:
        return importlib.import_module("." + name, __name__)
    except ModuleNotFoundError as e:
        if e.name == f"{__name__}.{name}":
            raise AttributeError(f"module 'torch.utils' has no attribute '{name}'") from None
        raise
