"""Learner hints (off by default): extra plain-language lines appended to PyTorch's messages.

``ember.set_hints(True)`` or ``EMBER_HINTS=1`` turns them on.  The PyTorch
message itself is always kept intact; a hint is only appended.
"""
from __future__ import annotations

import os

_ENABLED = os.environ.get("EMBER_HINTS", "") not in ("", "0")


def set_hints(enabled: bool = True) -> None:
    global _ENABLED
    _ENABLED = bool(enabled)


def hints_enabled() -> bool:
    return _ENABLED


def decorate_version_error(msg: str, node, tensor) -> str:
    return msg


def decorate_freed_error(msg: str, node) -> str:
    return msg


def decorate_nonleaf_grad(msg: str) -> str:
    return msg


def note_accumulation(tensor, accumulated: bool) -> None:
    return None


def before_backward(outputs) -> None:
    return None


def decorate_runtime_error(err: RuntimeError, outputs) -> RuntimeError:
    return err
