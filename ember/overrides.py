"""``torch.overrides``: the ``__torch_function__`` protocol helpers.

ember's own ops do not dispatch to ``__torch_function__``, but library
code built on the protocol calls these helpers directly: it asks
``has_torch_function(args)`` and, when an argument's type overrides
``__torch_function__``, hands the call over with
``handle_torch_function``, which tries each overriding type in PyTorch's
order (subclasses before their bases) and raises PyTorch's ``TypeError``
when all return ``NotImplemented``.
"""
from __future__ import annotations

import contextlib
import functools
import types
import warnings
from typing import Any, Callable, Iterable

__all__ = ["get_ignored_functions", "get_overridable_functions", "get_testing_overrides",
           "handle_torch_function", "has_torch_function", "resolve_name", "is_tensor_like",
           "is_tensor_method_or_property", "wrap_torch_function", "enable_reentrant_dispatch",
           "has_torch_function_unary", "has_torch_function_variadic", "TorchFunctionMode",
           "BaseTorchFunctionMode", "get_default_nowrap_functions"]


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def _overrides(obj) -> bool:
    """Whether ``obj``'s type brings its own ``__torch_function__``."""
    cls = type(obj)
    if cls is _tensor_cls():
        return False
    impl = getattr(cls, "__torch_function__", None)
    return impl is not None and impl is not getattr(_tensor_cls(), "__torch_function__", None)


def has_torch_function(relevant_args: Iterable) -> bool:
    """Whether any argument overrides ``__torch_function__`` (plain Tensors do not)."""
    return any(_overrides(a) for a in relevant_args)


def has_torch_function_unary(arg) -> bool:
    return _overrides(arg)


def has_torch_function_variadic(*args) -> bool:
    return has_torch_function(args)


def _get_overloaded_args(relevant_args: Iterable) -> list:
    """Overriding arguments, one per type, subclasses placed before their base classes."""
    seen: list = []
    result: list = []
    for arg in relevant_args:
        cls = type(arg)
        if not _overrides(arg) or cls in seen:
            continue
        seen.append(cls)
        index = len(result)
        for i, other in enumerate(result):
            if issubclass(cls, type(other)):
                index = i
                break
        result.insert(index, arg)
    return result


def resolve_name(f) -> str | None:
    """``torch.add`` / ``torch.Tensor.add`` style name of an API function (None if unknown)."""
    if isinstance(f, (types.MethodWrapperType, types.WrapperDescriptorType)):
        return str(f)
    name = getattr(f, "__name__", None)
    if name is None:
        return None
    tensor_attr = getattr(_tensor_cls(), name, None)
    if tensor_attr is f:
        return f"torch.Tensor.{name}"
    module = getattr(f, "__module__", "") or ""
    if module.startswith("ember.nn"):
        return f"torch.nn.functional.{name}"
    return f"torch.{name}"


def _is_plain_method(cls) -> bool:
    for klass in cls.__mro__:
        if "__torch_function__" in vars(klass):
            return isinstance(vars(klass)["__torch_function__"], types.FunctionType)
    return False


def handle_torch_function(public_api: Callable, relevant_args: Iterable, *args, **kwargs) -> Any:
    """Call the first ``__torch_function__`` override that does not return ``NotImplemented``."""
    overloaded = _get_overloaded_args(relevant_args)
    override_types = tuple(type(a) for a in overloaded)
    for arg in overloaded:
        if _is_plain_method(type(arg)):
            warnings.warn("Defining your `__torch_function__ as a plain method is deprecated and will be an error "
                          "in future, please define it as a classmethod.", DeprecationWarning, stacklevel=2)
        result = arg.__torch_function__(public_api, override_types, args, kwargs)  # bound (classmethod)
        if result is not NotImplemented:
            return result
    func_name = f"{public_api.__module__}.{public_api.__name__}"
    msg = (f"no implementation found for '{func_name}' on types that implement "
           f"__torch_function__: {[type(arg) for arg in overloaded]}")
    raise TypeError(msg)


def is_tensor_like(inp) -> bool:
    """A Tensor, or an object whose type defines ``__torch_function__``."""
    return type(inp) is _tensor_cls() or hasattr(inp, "__torch_function__")


def is_tensor_method_or_property(func: Callable) -> bool:
    """Whether ``func`` is a ``Tensor`` method (or a property's getter)."""
    name = getattr(func, "__name__", None)
    if name == "__get__":
        return True
    return name is not None and getattr(_tensor_cls(), name, None) is func


def wrap_torch_function(dispatcher: Callable):
    """Decorate a function so overriding arguments (chosen by ``dispatcher``) take the call."""
    def inner(func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            relevant = dispatcher(*args, **kwargs)
            if has_torch_function(relevant):
                return handle_torch_function(wrapped, relevant, *args, **kwargs)
            return func(*args, **kwargs)
        return wrapped
    return inner


@functools.lru_cache(None)
def get_ignored_functions() -> set:
    """Public functions that take tensors but cannot be overridden (utilities, not ops)."""
    import ember
    names = ("typename", "is_tensor", "is_storage", "set_default_tensor_type", "set_default_device",
             "get_default_device", "set_rng_state", "get_rng_state", "manual_seed", "initial_seed", "seed",
             "save", "load", "set_printoptions", "compile", "from_numpy", "get_default_dtype",
             "set_default_dtype", "is_grad_enabled", "set_grad_enabled", "get_num_threads",
             "set_num_threads", "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
             "promote_types", "can_cast", "result_type", "empty", "zeros", "ones", "full", "arange",
             "linspace", "logspace", "eye", "rand", "randn", "randint", "randperm", "tensor", "as_tensor")
    found = set()
    for name in names:
        fn = getattr(ember, name, None)
        if fn is not None:
            found.add(fn)
    return found


@functools.lru_cache(None)
def get_default_nowrap_functions() -> set:
    return set()


@functools.lru_cache(None)
def get_overridable_functions() -> dict:
    """``{namespace: [functions]}`` for ``torch``, ``torch.nn.functional`` and ``torch.Tensor``."""
    import ember
    from . import _functions
    from .nn import functional as F
    ignored = get_ignored_functions()
    top = [v for k, v in sorted(vars(_functions).items())
           if not k.startswith("_") and isinstance(v, types.FunctionType) and v not in ignored]
    nn_f = [getattr(F, k) for k in sorted(F.__all__) if isinstance(getattr(F, k, None), types.FunctionType)]
    tensor = _tensor_cls()
    methods = [v for k, v in sorted(vars(tensor).items())
               if not k.startswith("_") and isinstance(v, types.FunctionType)]
    return {ember: top, F: nn_f, tensor: methods}


@functools.lru_cache(None)
def get_testing_overrides() -> dict:
    """``{function: dummy}`` with a dummy returning -1 for every overridable function."""
    def dummy(*args, **kwargs):
        return -1
    return {fn: dummy for group in get_overridable_functions().values() for fn in group}


_MODE_STACK: list = []


class TorchFunctionMode:
    """A ``with`` mode whose ``__torch_function__`` would see every call.

    ember's ops do not dispatch through modes, so entering one only records
    it on the mode stack (``_get_current_function_mode``)."""

    inner: "TorchFunctionMode"

    def __init__(self) -> None:
        pass

    def __torch_function__(self, func, types, args=(), kwargs=None):
        raise NotImplementedError

    def __enter__(self):
        _MODE_STACK.append(self)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb) -> None:
        if _MODE_STACK and _MODE_STACK[-1] is self:
            _MODE_STACK.pop()

    @classmethod
    def push(cls, *args, **kwargs):
        import warnings
        warnings.warn("`Mode.push()` is no longer necessary and can be replaced with just `with Mode()`",
                      stacklevel=2)
        return cls(*args, **kwargs)


class BaseTorchFunctionMode(TorchFunctionMode):
    """A mode that calls through to the function unchanged."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        return func(*args, **(kwargs or {}))


def _get_current_function_mode():
    return _MODE_STACK[-1] if _MODE_STACK else None


@contextlib.contextmanager
def enable_reentrant_dispatch():
    yield
