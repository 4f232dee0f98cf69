"""Extra top-level functions (``torch.cat``, ``torch.matmul`` ...) gathered from ``ember/ops``.

``ember/__init__`` falls back to this module for names it does not define
itself, so every public op function of the op modules is reachable as
``ember.<name>``.
"""
from __future__ import annotations

import importlib

_MODULES = ("pointwise", "reduction", "shape", "indexing", "convert", "creation", "shape_ext", "linalg",
            "reduction_ext", "special")


def _collect() -> dict:
    names = {}
    for mod in _MODULES:
        try:
            m = importlib.import_module("ember.ops." + mod)
        except ImportError:
            continue
        for k, v in vars(m).items():
            if k.startswith("_") or not callable(v) or isinstance(v, type):
                continue
            if getattr(v, "__module__", "").startswith("ember.ops"):
                names.setdefault(k, v)
    return names


globals().update(_collect())
