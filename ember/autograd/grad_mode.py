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
    """Per-thread autograd state.  ``enabled`` is what ops test: whether they record a graph.
    Inside inference mode that is always False, while the grad mode a user sets there (with
    ``enable_grad``/``set_grad_enabled``, as PyTorch allows) is kept in ``nominal`` and is what
    ``is_grad_enabled()`` reports; ``nominal`` is None outside inference mode."""
    enabled = True
    inference = False
    nominal = None


STATE = _GradState()


def is_grad_enabled() -> bool:
    """``torch.is_grad_enabled``: the grad mode (ops record a graph when it is on, outside
    inference mode)."""
    nominal = STATE.nominal
    return STATE.enabled if nominal is None else nominal


def _set_grad_mode(mode: bool) -> None:
    """Set the grad mode.  Inside inference mode, PyTorch's grad mode changes but ops still record
    nothing (the autograd dispatch keys stay excluded), so only ``nominal`` follows ``mode``."""
    if STATE.inference:
        STATE.nominal = mode
    else:
        STATE.enabled = mode


def _grad_mode_state() -> tuple:
    return STATE.enabled, STATE.nominal


def _restore_grad_mode(prev: tuple) -> None:
    STATE.enabled, STATE.nominal = prev


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
        self.prev = (False, None)

    def __enter__(self) -> None:
        self.prev = _grad_mode_state()
        _set_grad_mode(False)

    def __exit__(self, *exc) -> None:
        _restore_grad_mode(self.prev)


class enable_grad(_NoParamDecoratorContextManager):
    """Enable gradient recording inside the block (``torch.enable_grad``)."""

    def __init__(self) -> None:
        self.prev = (False, None)

    def __enter__(self) -> None:
        self.prev = _grad_mode_state()
        _set_grad_mode(True)

    def __exit__(self, *exc) -> None:
        _restore_grad_mode(self.prev)


class set_grad_enabled(_DecoratorContextManager):
    """Set grad mode; takes effect immediately, like ``torch.set_grad_enabled``.

    As a decorator it restores the previous mode at decoration time and
    applies ``mode`` only while the decorated function runs.
    """

    def __init__(self, mode: bool) -> None:
        if mode.__class__ is not bool:  # ``torch._C._set_grad_enabled`` takes a bool only
            from ..ops._argerrors import type_name
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not {type_name(mode)}")
        self.prev = _grad_mode_state()
        self.mode = mode
        _set_grad_mode(mode)

    def __call__(self, orig_func: F) -> F:
        _restore_grad_mode(self.prev)
        return super().__call__(orig_func)

    def __enter__(self) -> None:
        _set_grad_mode(bool(self.mode))

    def __exit__(self, *exc) -> None:
        _restore_grad_mode(self.prev)

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
        self.prev = (True, False, None)

    def __enter__(self) -> None:
        self.prev = (STATE.enabled, STATE.inference, STATE.nominal)
        STATE.enabled = not self.mode   # PyTorch's InferenceMode(mode) sets grad mode to ``not mode``
        STATE.nominal = False if self.mode else None
        _set_inference(bool(self.mode))

    def __exit__(self, *exc) -> None:
        STATE.enabled, _, STATE.nominal = self.prev
        _set_inference(self.prev[1])

    def clone(self):
        return self.__class__(self.mode)
