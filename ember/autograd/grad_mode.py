"""Grad-mode switches: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, ``inference_mode``.

Like PyTorch, the mode is thread-local, and each switch works both as a context
manager and as a function decorator.
"""
from __future__ import annotations

import functools
import inspect
import sys
import threading
import warnings
from typing import Any, Callable, TypeVar

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    enabled = True
    inference = False


STATE = _GradState()


def is_grad_enabled() -> bool:
    """True when operations are being recorded (``torch.is_grad_enabled``)."""
    return STATE.enabled


def is_inference_mode_enabled() -> bool:
    return STATE.inference


# ``ember._tensor``'s listener: while inference mode is on, new tensors are made as inference
# tensors (``Tensor.is_inference()``), which costs ops nothing when the mode is never used.
_INFERENCE_LISTENER = None


def _set_inference(on: bool) -> None:
    STATE.inference = on
    if _INFERENCE_LISTENER is not None:
        _INFERENCE_LISTENER(on)


def _wrap_generator(ctx_factory, func):
    """Wrap a generator function so every step runs inside a fresh context (``torch.utils._contextlib``)."""

    @functools.wraps(func)
    def generator_context(*args, **kwargs):
        gen = func(*args, **kwargs)
        try:
            with ctx_factory():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with ctx_factory():
                        gen.close()
                    raise
                except BaseException:
                    with ctx_factory():
                        response = gen.throw(*sys.exc_info())
                else:
                    with ctx_factory():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value

    return generator_context


def context_decorator(factory, func):
    """Run ``func`` inside a fresh ``factory()`` context (named as PyTorch's wrapper is, so that an
    undecorated object passed in shows ``context_decorator.<locals>.decorate_context``)."""
    if inspect.isgeneratorfunction(func):
        return _wrap_generator(factory, func)

    @functools.wraps(func)
    def decorate_context(*args, **kwargs):
        with factory():
            return func(*args, **kwargs)

    return decorate_context


class _DecoratorContextManager:
    """Base for the switches: usable as ``with`` block and as ``@decorator`` (generators step inside it)."""

    def __call__(self, orig_func: F) -> F:
        if inspect.isclass(orig_func):
            warnings.warn(
                "Decorating classes is deprecated and will be disabled in "
                "future versions. You should only decorate functions or methods. "
                "To preserve the current behavior of class decoration, you can "
                "directly decorate the `__init__` method and nothing else.",
                FutureWarning,
                stacklevel=2,
            )
            func = lambda *args, **kwargs: orig_func(*args, **kwargs)  # noqa: E731
        else:
            func = orig_func
        return context_decorator(self.clone, func)  # type: ignore[return-value]

    def clone(self):
        return self.__class__()


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """Also usable as a decorator without parentheses: ``@torch.no_grad``."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return object.__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamDecoratorContextManager):
    """Disable gradient recording inside the block (``torch.no_grad``)."""

    def __init__(self) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = STATE.enabled
        STATE.enabled = False

    def __exit__(self, *exc) -> None:
        STATE.enabled = self.prev


class enable_grad(_NoParamDecoratorContextManager):
    """Enable gradient recording inside the block (``torch.enable_grad``)."""

    def __init__(self) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = STATE.enabled
        STATE.enabled = True

    def __exit__(self, *exc) -> None:
        STATE.enabled = self.prev


class set_grad_enabled(_DecoratorContextManager):
    """Set grad mode; takes effect immediately, like ``torch.set_grad_enabled``.

    As a decorator it restores the previous mode at decoration time and
    applies ``mode`` only while the decorated function runs.
    """

    def __init__(self, mode: bool) -> None:
        if mode.__class__ is not bool:  # ``torch._C._set_grad_enabled`` takes a bool only
            from ..ops._argerrors import type_name
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not {type_name(mode)}")
        self.prev = STATE.enabled
        self.mode = mode
        STATE.enabled = mode

    def __call__(self, orig_func: F) -> F:
        STATE.enabled = self.prev
        return super().__call__(orig_func)

    def __enter__(self) -> None:
        STATE.enabled = bool(self.mode)

    def __exit__(self, *exc) -> None:
        STATE.enabled = self.prev

    def __str__(self) -> str:
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self.mode})"

    def __repr__(self) -> str:
        return str(self)

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """``torch.inference_mode``: grad mode off, and tensors made inside are inference tensors.

    As in PyTorch's ``InferenceMode(enabled)``, entering sets grad mode to
    ``not mode`` and inference mode to ``mode``; ``@torch.inference_mode``
    works without parentheses.
    """

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode: bool = True) -> None:
        self.mode = mode
        self.prev = (True, False)

    def __enter__(self) -> None:
        self.prev = (STATE.enabled, STATE.inference)
        STATE.enabled = not self.mode
        _set_inference(bool(self.mode))

    def __exit__(self, *exc) -> None:
        STATE.enabled = self.prev[0]
        _set_inference(self.prev[1])

    def clone(self):
        return self.__class__(self.mode)
