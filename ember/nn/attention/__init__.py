"""``torch.nn.attention``: ``SDPBackend`` and the ``sdpa_kernel`` context manager.

PyTorch chooses among several ``scaled_dot_product_attention`` kernels
(flash, memory-efficient, cuDNN, math); ``sdpa_kernel`` restricts the choice
inside a ``with`` block.  ember has one CPU implementation, so the selection
is recorded (``_cur_sdpa_kernel_backends()``, with PyTorch's validation and
restore-on-exit) and otherwise changes nothing.  ``SDPBackend`` reproduces
PyTorch's pybind11 enum: ``<SDPBackend.MATH: 0>``, ``int()``, ``.name``,
``.value``, ``__members__``, no ordering and no equality with ints.
"""
from __future__ import annotations

import contextlib
import logging
import operator
from typing import Iterable

__all__: list[str] = [
    "SDPBackend",
    "sdpa_kernel",
    "WARN_FOR_UNFUSED_KERNELS",
    "register_flash_attention_impl",
    "activate_flash_attention_impl",
    "list_flash_attention_impls",
    "current_flash_attention_impl",
    "restore_flash_attention_impl",
]

WARN_FOR_UNFUSED_KERNELS = False


class pybind11_type(type):
    """The metaclass of PyTorch's C++ enums (so ``list(SDPBackend)`` fails with its message)."""


pybind11_type.__module__ = "pybind11_builtins"


class _SDPBackend(metaclass=pybind11_type):
    """An enum that contains all the scaled dot product attention backends."""

    __slots__ = ("_value",)
    __members__: dict = {}
    _NAMES: dict = {}

    def __new__(cls, value):
        v = operator.index(value)
        member = cls._NAMES.get(v)
        if member is not None:
            return cls.__members__[member]
        obj = object.__new__(cls)
        obj._value = v
        return obj

    @property
    def name(self) -> str:
        return self._NAMES.get(self._value, "???")

    @property
    def value(self) -> int:
        return self._value

    def __int__(self) -> int:
        return self._value

    def __index__(self) -> int:
        return self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __eq__(self, other):
        if type(other) is not type(self):
            return False
        return self._value == other._value

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self) -> str:
        return f"<SDPBackend.{self.name}: {self._value}>"

    def __str__(self) -> str:
        return f"SDPBackend.{self.name}"

    def __getstate__(self):
        return self._value

    def __setstate__(self, state) -> None:
        self._value = state


_SDPBackend.__name__ = "SDPBackend"  # PyTorch renames its C++ enum but keeps the _SDPBackend qualname
_members = {}
for _name, _value in (("ERROR", -1), ("MATH", 0), ("FLASH_ATTENTION", 1), ("EFFICIENT_ATTENTION", 2),
                      ("CUDNN_ATTENTION", 3), ("OVERRIDEABLE", 4)):
    _m = object.__new__(_SDPBackend)
    _m._value = _value
    _members[_name] = _m
    setattr(_SDPBackend, _name, _m)
_SDPBackend.__members__ = _members
_SDPBackend._NAMES = {m._value: n for n, m in _members.items()}
SDPBackend = _SDPBackend
del _name, _value, _m, _members

_backend_names = {
    "cudnn": "CUDNN_ATTENTION",
    "flash": "FLASH_ATTENTION",
    "mem_efficient": "EFFICIENT_ATTENTION",
    "math": "MATH",
    "overrideable": "OVERRIDEABLE",
}
# PyTorch's defaults: every backend enabled, priority flash, efficient, math, cudnn, overrideable
from .._functional.attention import _SDPA_ENABLED as _ENABLED  # noqa: E402  (shared with the SDPA dispatcher)
_PRIORITY = [1, 2, 0, 3, 4]


def _backend_from_string(name: str):
    return getattr(SDPBackend, name)


def _cur_sdpa_kernel_backends(with_priority: bool = False) -> list:
    backends = [getattr(SDPBackend, val) for name, val in _backend_names.items() if _ENABLED[name]]
    if with_priority:
        backends = sorted(backends, key=lambda backend: _PRIORITY.index(int(backend)))
    return backends


def _sdpa_kernel(backends: Iterable, set_priority: bool = False) -> None:
    for name, val in _backend_names.items():
        _ENABLED[name] = getattr(SDPBackend, val) in backends
    if set_priority:
        user_priority = [int(backend) for backend in backends]
        for backend in list(_PRIORITY):
            if backend not in user_priority:
                user_priority.append(int(backend))
        _PRIORITY[:] = user_priority


@contextlib.contextmanager
def sdpa_kernel(backends, set_priority: bool = False):
    """Context manager to select which backend to use for scaled dot product attention."""
    if not isinstance(backends, (list, SDPBackend)):
        raise AssertionError("Backend must be an instance of SDPBackend or a list of SDPBackend instances, "
                             f"got {type(backends).__name__}")
    if isinstance(backends, SDPBackend):
        backends = [backends]
    backends = list(dict.fromkeys(backends))
    previous_backends = _cur_sdpa_kernel_backends(with_priority=set_priority)
    try:
        _sdpa_kernel(backends, set_priority)
        yield {}
    finally:
        _sdpa_kernel(previous_backends, set_priority)


@contextlib.contextmanager
def _sdpa_kernel_variadic(*backends):
    with sdpa_kernel(list(backends)):
        yield


def _get_flash_version() -> str:
    return "2.5.7"


# --------------------------------------------------------------------------- flash-attention implementations
_logger = logging.getLogger("torch.nn.attention._registry")
_FLASH_ATTENTION_IMPLS: dict = {}
_FLASH_ATTENTION_ACTIVE = None


def register_flash_attention_impl(impl: str, *, register_fn) -> None:
    """Register the callable that activates a flash attention implementation."""
    _FLASH_ATTENTION_IMPLS[impl] = register_fn


def activate_flash_attention_impl(impl: str) -> None:
    """Activate a registered flash attention implementation (FA3/FA4 need their CUDA packages)."""
    global _FLASH_ATTENTION_ACTIVE
    restore_flash_attention_impl(_raise_warn=False)
    register_fn = _FLASH_ATTENTION_IMPLS.get(impl)
    if register_fn is None:
        raise ValueError(f"Unknown flash attention impl '{impl}'. "
                         f"Available implementations: {list_flash_attention_impls()}")
    handle = register_fn()
    if handle is not None:
        _FLASH_ATTENTION_ACTIVE = (impl, handle)


def list_flash_attention_impls() -> list[str]:
    """Names of the registered flash attention implementations."""
    return sorted(_FLASH_ATTENTION_IMPLS.keys())


def current_flash_attention_impl() -> str | None:
    """The active flash attention implementation, or None for the default."""
    return _FLASH_ATTENTION_ACTIVE[0] if _FLASH_ATTENTION_ACTIVE is not None else None


def restore_flash_attention_impl(_raise_warn: bool = True) -> None:
    """Go back to the default flash attention implementation."""
    global _FLASH_ATTENTION_ACTIVE
    handle = _FLASH_ATTENTION_ACTIVE[1] if _FLASH_ATTENTION_ACTIVE is not None else None
    if handle is not None:
        handle.remove()
    elif _raise_warn:
        _logger.warning("Trying to restore default FA2 impl when no custom impl was activated")
    _FLASH_ATTENTION_ACTIVE = None


def _needs(module: str):
    def register():
        raise ModuleNotFoundError(f"No module named '{module}'", name=module)
    return register


register_flash_attention_impl("FA3", register_fn=_needs("flash_attn_interface"))
register_flash_attention_impl("FA4", register_fn=_needs("flash_attn"))
