"""``torch.jit`` on ember: TorchScript is a no-op, as under PyTorch's ``PYTORCH_JIT=0``.

Like ``torch.compile`` (see ``ember/__init__.py``), ``script`` and ``trace``
return the function or module unchanged: it keeps running as Python, so
results equal eager PyTorch's.  No ``ScriptModule``/``ScriptFunction`` is
built: ``.graph``, ``.code`` and ``.save`` do not exist on the result, and
``torch.jit.save``/``torch.jit.load`` raise ``NotImplementedError``.  The
decorators (``ignore``, ``unused``, ``export``, ``interface``...) return their
argument; ``is_scripting()``/``is_tracing()`` are False; ``fork``/``wait``
run the call at once.
"""
from __future__ import annotations

import builtins
import contextlib
from typing import Any, Callable, Optional

__all__ = ["Attribute", "Error", "Future", "annotate", "enable_onednn_fusion", "export", "fork", "freeze",
           "interface", "ignore", "isinstance", "load", "onednn_fusion_enabled", "optimize_for_inference", "save",
           "script", "script_if_tracing", "set_fusion_strategy", "strict_fusion", "trace", "trace_module",
           "unused", "wait", "is_scripting", "is_tracing"]

_NO_TORCHSCRIPT = ("ember has no TorchScript: torch.jit.script/trace return the Python function or module "
                   "unchanged, so there is no serialized program to {what}. Save the weights with "
                   "torch.save(model.state_dict(), f) and rebuild the model in Python instead.")


class Error(RuntimeError):
    """``torch.jit.Error`` (TorchScript's runtime error type)."""


def script(obj: Any, optimize: Optional[bool] = None, _frames_up: int = 0, _rcb=None,
           example_inputs=None) -> Any:
    """``torch.jit.script``: returns ``obj`` unchanged (no TorchScript compilation in ember)."""
    return obj


def trace(func: Any, example_inputs: Any = None, optimize=None, check_trace: bool = True, check_inputs=None,
          check_tolerance: float = 1e-5, strict: bool = True, _force_outplace: bool = False,
          _module_class=None, _compilation_unit=None, example_kwarg_inputs=None, _store_inputs: bool = True) -> Any:
    """``torch.jit.trace``: returns ``func`` unchanged; the example inputs are not run."""
    return func


def trace_module(mod: Any, inputs: Any = None, *args: Any, **kwargs: Any) -> Any:
    """``torch.jit.trace_module``: returns ``mod`` unchanged."""
    return mod


def script_if_tracing(fn: Callable) -> Callable:
    """``torch.jit.script_if_tracing``: returns ``fn`` unchanged."""
    return fn


def ignore(drop: Any = False, **kwargs: Any) -> Any:
    """``@torch.jit.ignore`` / ``@torch.jit.ignore(drop=True)``: the function is left as Python (unchanged)."""
    if callable(drop):
        return drop
    return lambda fn: fn


def unused(fn: Callable) -> Callable:
    """``@torch.jit.unused``: unchanged (the compiler would skip it)."""
    return fn


def export(fn: Callable) -> Callable:
    """``@torch.jit.export``: unchanged (the compiler would compile it as an entry point)."""
    return fn


def interface(obj: Any) -> Any:
    """``@torch.jit.interface``: unchanged."""
    return obj


def is_scripting() -> bool:
    """``torch.jit.is_scripting()``: False, code always runs as Python."""
    return False


def is_tracing() -> bool:
    """``torch.jit.is_tracing()``: False, nothing is ever traced."""
    return False


def annotate(the_type: Any, the_value: Any) -> Any:
    """``torch.jit.annotate``: returns ``the_value``."""
    return the_value


def Attribute(value: Any, type: Any) -> Any:  # noqa: N802 - PyTorch's name
    """``torch.jit.Attribute`` outside TorchScript (``PYTORCH_JIT=0``): returns ``value``."""
    return value


def isinstance(obj: Any, target_type: Any) -> bool:
    """``torch.jit.isinstance`` in eager mode, for plain (non-generic) types."""
    return builtins.isinstance(obj, getattr(target_type, "__origin__", target_type))


class Future:
    """A finished ``torch.jit.Future``: ``fork`` runs its call immediately."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def wait(self) -> Any:
        return self._value

    def value(self) -> Any:
        return self._value

    def done(self) -> bool:
        return True


def fork(func: Callable, *args: Any, **kwargs: Any) -> Future:
    """``torch.jit.fork``: runs ``func`` now and returns a completed :class:`Future`."""
    return Future(func(*args, **kwargs))


def wait(future: Future) -> Any:
    """``torch.jit.wait``: the value of a :class:`Future`."""
    return future.wait()


def freeze(mod: Any, preserved_attrs: Any = None, optimize_numerics: bool = True) -> Any:
    """``torch.jit.freeze``: returns ``mod`` unchanged."""
    return mod


def optimize_for_inference(mod: Any, other_methods: Any = None) -> Any:
    """``torch.jit.optimize_for_inference``: returns ``mod`` unchanged."""
    return mod


_ONEDNN = [False]


def enable_onednn_fusion(enabled: bool) -> None:
    _ONEDNN[0] = bool(enabled)


def onednn_fusion_enabled() -> bool:
    return _ONEDNN[0]


def set_fusion_strategy(strategy: Any) -> Any:
    """Accepted for compatibility; ember fuses nothing."""
    return [("STATIC", 2), ("DYNAMIC", 10)]


strict_fusion = contextlib.nullcontext


def save(m: Any, f: Any, _extra_files: Any = None) -> None:
    """``torch.jit.save``: not supported (no TorchScript program exists); raises ``NotImplementedError``."""
    raise NotImplementedError(_NO_TORCHSCRIPT.format(what="save (torch.jit.save)"))


def load(f: Any, map_location: Any = None, _extra_files: Any = None, _restore_shapes: bool = False) -> Any:
    """``torch.jit.load``: not supported (TorchScript archives need PyTorch); raises ``NotImplementedError``."""
    raise NotImplementedError(_NO_TORCHSCRIPT.format(what="load (torch.jit.load)"))


def _optimized_module_class():
    """``torch._dynamo.eval_frame.OptimizedModule``, built on first use (``nn`` loads lazily)."""
    from .nn.modules.module import Module

    class OptimizedModule(Module):
        """What ``torch.compile(module)`` returns: a wrapper holding the module as ``_orig_mod``
        (so ``state_dict`` keys gain the ``_orig_mod.`` prefix, as in PyTorch) that runs it eagerly;
        attributes it lacks are read from the wrapped module."""

        def __init__(self, mod: Module) -> None:
            super().__init__()
            self._orig_mod = mod
            self.training = mod.training

        def forward(self, *args, **kwargs):
            return self._orig_mod(*args, **kwargs)

        def __getattr__(self, name: str):
            try:
                return super().__getattr__(name)
            except AttributeError:
                return getattr(self.__dict__["_modules"]["_orig_mod"], name)

    return OptimizedModule


_OPTIMIZED: list = []


def compile_model(model):
    """``torch.compile``: modules come back wrapped in ``OptimizedModule``, functions unchanged."""
    from .nn.modules.module import Module
    from .distributions import Distribution
    Distribution.set_default_validate_args(False)  # as PyTorch's TorchPatcher.patch() on a first compile
    if isinstance(model, Module):
        if not _OPTIMIZED:
            _OPTIMIZED.append(_optimized_module_class())
        return _OPTIMIZED[0](model)
    return model
