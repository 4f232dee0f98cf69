"""``torch.compiler``: the compiler controls, for a runtime that always runs eagerly.

ember has no graph compiler: ``torch.compile`` returns the function (or an
``OptimizedModule`` wrapper) unchanged, so here nothing is ever being
compiled (``is_compiling()`` is False), and the decorators that steer
Dynamo (``disable``, ``allow_in_graph``, ``substitute_in_graph``...) give
back the function they decorate.
"""
import contextlib

__all__ = ["compile", "assume_constant_result", "reset", "allow_in_graph", "substitute_in_graph",
           "list_backends", "disable", "set_stance", "set_enable_guard_collectives", "cudagraph_mark_step_begin",
           "wrap_numpy", "is_compiling", "is_dynamo_compiling", "is_exporting", "save_cache_artifacts",
           "load_cache_artifacts", "skip_guard_on_inbuilt_nn_modules_unsafe",
           "skip_guard_on_all_nn_modules_unsafe", "keep_tensor_guards_unsafe", "skip_guard_on_globals_unsafe",
           "skip_all_guards_unsafe", "nested_compile_region", "get_default_backend", "set_default_backend"]

_DEFAULT_BACKEND = ["inductor"]


def compile(*args, **kwargs):
    """``torch.compiler.compile``: the same as ``torch.compile``."""
    import ember
    return ember.compile(*args, **kwargs)


def reset() -> None:
    """Clear compilation caches (there are none)."""


def is_compiling() -> bool:
    """False: ember never traces code into a graph."""
    return False


def is_dynamo_compiling() -> bool:
    return False


def is_exporting() -> bool:
    return False


def _identity_decorator(fn=None):
    if fn is None:
        return lambda f: f
    return fn


def allow_in_graph(fn):
    return fn


def assume_constant_result(fn):
    return fn


def wrap_numpy(fn):
    return fn


def disable(fn=None, recursive: bool = True, *, reason=None):
    """Exclude ``fn`` from compilation: it runs as is (usable as ``@disable`` or ``@disable()``)."""
    return _identity_decorator(fn)


def substitute_in_graph(original_fn, *, can_constant_fold_through: bool = False,
                        skip_signature_check: bool = False):
    """A decorator registering a traceable stand-in for ``original_fn``; returns the stand-in."""
    def register(fn):
        return fn
    return register


def nested_compile_region(fn=None, *, options=None, max_reuse_entries: int = 8, reuse_hash_fn=None):
    return _identity_decorator(fn)


class set_stance(contextlib.ContextDecorator):
    """Set how compiled functions behave (a context manager / decorator; no effect in ember)."""

    def __init__(self, stance: str = "default", *, skip_guard_eval_unsafe: bool = False,
                 force_backend=None) -> None:
        self.stance = stance

    def __enter__(self):
        return None

    def __exit__(self, *exc) -> bool:
        return False


def list_backends(exclude_tags=("debug", "experimental")) -> list:
    """The names ``torch.compile(backend=...)`` accepts (PyTorch's default list)."""
    if exclude_tags:
        return ["cudagraphs", "inductor", "openxla", "tvm"]
    return ["aot_eager", "cudagraphs", "eager", "inductor", "openxla", "tvm"]


def get_default_backend() -> str:
    return _DEFAULT_BACKEND[0]


def set_default_backend(backend) -> None:
    _DEFAULT_BACKEND[0] = "inductor" if backend is None else backend


def set_enable_guard_collectives(enabled: bool) -> bool:
    return False


def cudagraph_mark_step_begin() -> None:
    """Mark a new iteration for CUDA graphs (no CUDA: nothing to mark)."""


def save_cache_artifacts():
    return None


def load_cache_artifacts(serialized_artifacts: bytes):
    return None


def skip_guard_on_inbuilt_nn_modules_unsafe(guard_entries) -> list:
    """A guard filter: keep every guard (there are no guards to skip in ember)."""
    return [False] * len(guard_entries)


skip_guard_on_all_nn_modules_unsafe = skip_guard_on_inbuilt_nn_modules_unsafe
keep_tensor_guards_unsafe = skip_guard_on_inbuilt_nn_modules_unsafe
skip_guard_on_globals_unsafe = skip_guard_on_inbuilt_nn_modules_unsafe
skip_all_guards_unsafe = skip_guard_on_inbuilt_nn_modules_unsafe
