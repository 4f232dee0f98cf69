"""``torch.amp.autocast``: argument checks, warnings and autocast state as in PyTorch 2.13.

ember does not cast inside autocast regions.  PyTorch's autocast reroutes the
ops on its cast lists (``linear``, ``matmul``, ``conv*``, ``bmm`` ... to the
low-precision dtype; ``softmax``, losses ... to float32) in its dispatcher;
ember's ops are bound directly by many modules, so an autocast region here
runs every op in its inputs' dtypes (float32 stays float32).  What matches
PyTorch: device/dtype validation and its error texts, the warnings that disable
autocast (``device_type="cuda"`` without a GPU; an unsupported dtype), the
state queried by ``is_autocast_enabled``/``get_autocast_dtype``, the nesting,
and use as a decorator.

ember has no ``bfloat16``.  An *enabled* autocast whose dtype would be
bfloat16 (the default for ``device_type="cpu"``) raises ``RuntimeError``
instead of silently computing in another dtype; ``enabled=False`` and
``dtype=torch.float16`` are accepted.
"""
from __future__ import annotations

import functools
import warnings
from typing import Any, Callable, Optional

from .. import _dtype as D

__all__ = ["autocast_decorator", "autocast", "is_autocast_available", "custom_fwd", "custom_bwd"]

_BF16 = D.bfloat16  # a dtype ember has no arrays for

_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia",
                 "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
# PyTorch's default autocast dtype per device type (torch.get_autocast_dtype); absent: "unsupported scalarType".
_DEFAULT_DTYPES = {"cpu": _BF16, "cuda": D.float16, "ipu": D.float16, "xpu": D.float16, "hip": D.float16,
                   "maia": _BF16, "xla": _BF16, "mps": D.float16, "hpu": _BF16, "mtia": D.float16,
                   "privateuseone": D.float16}
_AVAILABLE = frozenset(("cpu", "cuda", "ipu", "xpu", "maia", "xla", "mps", "hpu", "mtia", "privateuseone"))

_STATE: dict = {"enabled": {}, "dtype": dict(_DEFAULT_DTYPES), "cache": True, "nesting": 0}


def _bf16_error(device_type: str) -> RuntimeError:
    return RuntimeError(
        f"ember has no bfloat16: an enabled torch.autocast(device_type='{device_type}') would compute in "
        f"torch.bfloat16 (PyTorch's default autocast dtype for '{device_type}'). Pass enabled=False to run in "
        "the inputs' dtypes.")


def _device_type(device_type: str) -> str:
    """The device type of a device string, validated like ``torch.device``."""
    kind = device_type.split(":", 1)[0]
    if kind not in _DEVICE_TYPES:
        raise RuntimeError(f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start of device string: "
                           f"{device_type}")
    return kind


def is_autocast_available(device_type: str) -> bool:
    """``torch.amp.is_autocast_available``: whether autocast supports ``device_type``."""
    return _device_type(device_type) in _AVAILABLE


# --------------------------------------------------------------------------- state (torch.* top level)
def is_autocast_enabled(device_type: Optional[str] = None) -> bool:
    """``torch.is_autocast_enabled([device_type])``; no argument means CUDA, as in PyTorch."""
    return _STATE["enabled"].get(_device_type(device_type or "cuda"), False)


def set_autocast_enabled(device_type, enabled: Optional[bool] = None) -> None:
    """``torch.set_autocast_enabled(device_type, enabled)`` (or the legacy CUDA-only ``(enabled)``)."""
    if enabled is None:
        device_type, enabled = "cuda", device_type
    _STATE["enabled"][_device_type(device_type)] = bool(enabled)


def _raw_autocast_dtype(device_type: str):
    kind = _device_type(device_type)
    if kind not in _STATE["dtype"]:
        raise RuntimeError("unsupported scalarType")
    return _STATE["dtype"][kind]


def get_autocast_dtype(device_type: str) -> D.dtype:
    """``torch.get_autocast_dtype``."""
    return _raw_autocast_dtype(device_type)


def set_autocast_dtype(device_type: str, dtype) -> None:
    _STATE["dtype"][_device_type(device_type)] = dtype


def is_autocast_cache_enabled() -> bool:
    return _STATE["cache"]


def set_autocast_cache_enabled(enabled: bool) -> None:
    _STATE["cache"] = bool(enabled)


def autocast_increment_nesting() -> int:
    _STATE["nesting"] += 1
    return _STATE["nesting"]


def autocast_decrement_nesting() -> int:
    _STATE["nesting"] -= 1
    return _STATE["nesting"]


def clear_autocast_cache() -> None:
    """ember keeps no autocast cast cache."""


# --------------------------------------------------------------------------- autocast
def autocast_decorator(autocast_instance: "autocast", func: Callable) -> Callable:
    @functools.wraps(func)
    def decorate_autocast(*args, **kwargs):
        with autocast_instance:
            return func(*args, **kwargs)
    decorate_autocast.__script_unsupported = "@autocast() decorator is not supported in script mode"  # type: ignore
    return decorate_autocast


_WARNED_NO_CAST = [False]


class autocast:
    """``torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None)``: context manager/decorator.

    Validates and warns like PyTorch and sets the autocast state; ops keep their inputs' dtypes
    (see the module docstring).
    """

    def __init__(self, device_type: str, dtype: Optional[D.dtype] = None, enabled: bool = True,
                 cache_enabled: Optional[bool] = None) -> None:
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        self.fast_dtype = _raw_autocast_dtype(device_type) if dtype is None else dtype
        self.device = device_type
        if not is_autocast_available(self.device):
            raise RuntimeError(f"User specified an unsupported autocast device_type '{self.device}'")
        self._cache_enabled = is_autocast_cache_enabled() if cache_enabled is None else cache_enabled
        self._enabled = self._check_enabled(enabled)

    def _check_enabled(self, enabled: bool) -> bool:
        if not enabled:
            return False
        if self.device == "cuda":
            from .grad_scaler import _cuda_definitely_not_available
            if _cuda_definitely_not_available():
                warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=3)
                return False
        elif self.fast_dtype is not _BF16 and self.fast_dtype is not D.float16:
            name = self.device.upper()
            warnings.warn(f"In {name} autocast, but the target dtype is not supported. Disabling autocast.\n"
                          f"{name} Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                          stacklevel=3)
            return False
        if self.fast_dtype is _BF16:
            raise _bf16_error(self.device)
        if not _WARNED_NO_CAST[0]:  # results would silently differ from PyTorch's float16 ones otherwise
            _WARNED_NO_CAST[0] = True
            warnings.warn("ember's autocast does not change dtypes: ops inside it run in their inputs' dtypes "
                          "(PyTorch runs matmul, linear and convolutions in float16 here)", UserWarning,
                          stacklevel=3)
        return True

    def __enter__(self) -> "autocast":
        self.prev_cache_enabled = is_autocast_cache_enabled()
        self.prev = is_autocast_enabled(self.device)
        self.prev_fastdtype = _raw_autocast_dtype(self.device)
        set_autocast_enabled(self.device, self._enabled)
        set_autocast_dtype(self.device, self.fast_dtype)
        autocast_increment_nesting()
        set_autocast_cache_enabled(self._cache_enabled)
        return self

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> bool:
        if autocast_decrement_nesting() == 0:
            clear_autocast_cache()
        set_autocast_enabled(self.device, self.prev)
        set_autocast_dtype(self.device, self.prev_fastdtype)
        set_autocast_cache_enabled(self.prev_cache_enabled)
        return False

    def __call__(self, func: Callable) -> Callable:
        if not callable(func):
            raise TypeError(
                f"autocast()(func) requires a callable, but got {type(func).__name__}. "
                f"Did you mean to use autocast as a context manager? For example:\n"
                f"    with torch.autocast(device_type=...):\n"
                f"        output = model(input)")
        return autocast_decorator(self, func)


# --------------------------------------------------------------------------- custom_fwd / custom_bwd
def _cast(value, dtype):
    from .._tensor import Tensor
    if isinstance(value, Tensor) and value.is_floating_point() and value.dtype is not D.float64:
        return value.to(dtype)
    if isinstance(value, (list, tuple)):
        return type(value)(_cast(v, dtype) for v in value)
    if isinstance(value, dict):
        return {k: _cast(v, dtype) for k, v in value.items()}
    return value


def custom_fwd(fwd: Optional[Callable] = None, *, device_type: str, cast_inputs: Optional[D.dtype] = None):
    """``torch.amp.custom_fwd``: a custom ``Function.forward`` records the autocast state for its backward;
    with ``cast_inputs`` its floating (non-float64) inputs are cast and it runs with autocast disabled."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        args[0]._dtype = _raw_autocast_dtype(device_type)
        if cast_inputs is None:
            args[0]._fwd_used_autocast = is_autocast_enabled(device_type)
            return fwd(*args, **kwargs)
        autocast_context = is_autocast_enabled(device_type)
        args[0]._fwd_used_autocast = False
        if autocast_context:
            with autocast(device_type=device_type, enabled=False):
                return fwd(*_cast(args, cast_inputs), **_cast(kwargs, cast_inputs))
        return fwd(*args, **kwargs)
    return decorate_fwd


def custom_bwd(bwd: Optional[Callable] = None, *, device_type: str):
    """``torch.amp.custom_bwd``: run a custom backward with the autocast state its forward saw."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        with autocast(device_type=device_type, enabled=args[0]._fwd_used_autocast, dtype=args[0]._dtype):
            return bwd(*args, **kwargs)
    return decorate_bwd


_autocast_stack: list = []


def _enter_autocast(*vals) -> autocast:
    """``torch.amp._enter_autocast(device_type, dtype, enabled, cache_enabled)``."""
    mode = autocast(*vals)
    mode.__enter__()
    _autocast_stack.append(mode)
    return mode


def _exit_autocast(mode: Optional[autocast] = None) -> None:
    """``torch.amp._exit_autocast``: leave the most recent ``_enter_autocast`` region."""
    (mode or _autocast_stack.pop()).__exit__(None, None, None)
