"""``torch.utils.checkpoint``: activation checkpointing (``checkpoint``, ``checkpoint_sequential``).

A checkpointed block keeps its inputs, not its intermediate activations, and
runs again in the backward pass to rebuild them.  Both of PyTorch 2.13's
variants are here, with its warnings, errors and graph:

* ``use_reentrant=True`` (still the default when ``use_reentrant`` is left
  out, after PyTorch's warning) is PyTorch's ``CheckpointFunction``: the
  forward runs under ``no_grad`` and the output's ``grad_fn`` is
  ``CheckpointFunctionBackward``, whose backward re-runs the block with grad
  enabled and back-propagates through the new graph (a nested backward).
* ``use_reentrant=False`` records the block's graph as usual, so outputs
  show the ops' own ``grad_fn`` (``MulBackward0`` ...), ``autograd.grad``
  works and kwargs reach the function.  PyTorch drops the saved tensors
  through saved-tensor hooks; ember's nodes keep their saved state in their
  own slots, so after the forward the block's nodes (collected as they are
  created) are emptied of tensors and arrays.  The first of them that the
  backward pass reaches re-runs the block and moves the recomputed nodes'
  state into the original nodes, which keep their edges, hooks and identity.

With ``preserve_rng_state=True`` (the default) the CPU generator's state is
restored for the recomputation and put back afterwards, so dropout inside a
block draws the same mask as in the forward pass; the autocast state of the
forward is restored as well.  The recomputation is always complete
(PyTorch's ``early_stop`` only saves time) and ``debug`` adds no operator
logs.  CUDA generator states are not stashed.
"""
from __future__ import annotations

import contextlib
import sys
import threading
import warnings
import weakref
from typing import Any, Iterable

import numpy as np

from ..autograd import graph as _graph
from ..autograd.function import Function, FunctionCtx
from ..autograd.grad_mode import STATE as _GRAD

__all__ = [
    "checkpoint",
    "checkpoint_sequential",
    "CheckpointError",
    "CheckpointFunction",
    "check_backward_validity",
    "detach_variable",
    "get_device_states",
    "set_device_states",
    "noop_context_fn",
    "set_checkpoint_early_stop",
    "DefaultDeviceType",
    "set_checkpoint_debug_enabled",
]

_DEFAULT_DETERMINISM_MODE = "default"
_allowed_determinism_checks = ("default", "none")
_checkpoint_debug_enabled: bool | None = None
_enable_checkpoint_early_stop: bool | None = None


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


# --------------------------------------------------------------------------- small public helpers
@contextlib.contextmanager
def set_checkpoint_debug_enabled(enabled: bool | None):
    """Context manager setting whether checkpoint prints debug information on errors (ember has none to add)."""
    global _checkpoint_debug_enabled
    prev = _checkpoint_debug_enabled
    _checkpoint_debug_enabled = enabled
    try:
        yield
    finally:
        _checkpoint_debug_enabled = prev


@contextlib.contextmanager
def set_checkpoint_early_stop(enable: bool):
    """Context manager for PyTorch's early stop of the recomputation (ember always recomputes the whole block)."""
    global _enable_checkpoint_early_stop
    prev = _enable_checkpoint_early_stop
    _enable_checkpoint_early_stop = enable
    try:
        yield
    finally:
        _enable_checkpoint_early_stop = prev


def detach_variable(inputs: tuple) -> tuple:
    if isinstance(inputs, tuple):
        T = _tensor_cls()
        out = []
        for inp in inputs:
            if not isinstance(inp, T):
                out.append(inp)
                continue
            x = inp.detach()
            x.requires_grad = inp.requires_grad
            out.append(x)
        return tuple(out)
    raise RuntimeError(
        f"Only tuple of tensors is supported. Got Unsupported input type: {type(inputs).__name__}")


def check_backward_validity(inputs: Iterable[Any]) -> None:
    T = _tensor_cls()
    if not any(inp.requires_grad for inp in inputs if isinstance(inp, T)):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=2)


class DefaultDeviceType:
    """The device type whose generator state checkpoint stashes when no input is on an accelerator."""

    _default_device_type: str | None = None

    @staticmethod
    def set_device_type(device: str = "cuda") -> None:
        DefaultDeviceType._default_device_type = device

    @staticmethod
    def get_device_type() -> str:
        if not DefaultDeviceType._default_device_type:
            from .. import cuda
            DefaultDeviceType._default_device_type = "cuda" if cuda.is_available() else "cpu"
        return DefaultDeviceType._default_device_type


def _infer_device_type(*args) -> str:
    T = _tensor_cls()
    types = []
    for a in args:
        if isinstance(a, T) and a.device.type != "cpu":
            types.append(a.device.type)
    if len(set(types)) > 1:
        warnings.warn(
            "Tensor arguments, excluding CPU tensors, are detected on at least two types of devices. "
            "Device state will only be saved for devices of a single device type, and the remaining "
            "devices will be ignored. Consequently, if any checkpointed functions involve randomness, "
            "this may result in incorrect gradients. (Note that if CUDA devices are among the devices "
            "detected, it will be prioritized; otherwise, the first device encountered will be selected.)"
            f"\nDevice types: {sorted(set(types))} first device type: {types[0]}", stacklevel=2)
    if not types:
        return DefaultDeviceType.get_device_type()
    return "cuda" if "cuda" in types else types[0]


def get_device_states(*args) -> tuple[list[int], list]:
    """Accelerator generator states of the inputs' devices: ember stashes none (CPU state only)."""
    return [], []


def set_device_states(devices, states, *, device_type=None) -> None:
    """Counterpart of ``get_device_states`` (nothing to restore in ember)."""


def noop_context_fn():
    return contextlib.nullcontext(), contextlib.nullcontext()


class CheckpointError(RuntimeError):
    pass


# --------------------------------------------------------------------------- RNG and autocast state
def _rng_state():
    from .._rng_api import _rng
    return _rng().default_generator.get_state().copy()


def _set_rng_state(state) -> None:
    from .._rng_api import _rng
    _rng().default_generator.set_state(state)


def _autocast_state(device_type: str):
    """The forward's autocast state (``enabled``, dtype, cache) for the CPU and ``device_type``."""
    mod = sys.modules.get("ember.amp.autocast_mode")
    if mod is None:  # never imported: autocast cannot have been entered
        return None
    kinds = ("cpu",) if device_type in ("cpu", "meta") or not mod.is_autocast_available(device_type) \
        else ("cpu", device_type)
    return [(k, mod.is_autocast_enabled(k), mod._raw_autocast_dtype(k)) for k in kinds], mod.is_autocast_cache_enabled()


@contextlib.contextmanager
def _restored_autocast(saved):
    """Run the recomputation under the forward's autocast state (ember's autocast only records state)."""
    if saved is None:
        yield
        return
    mod = sys.modules["ember.amp.autocast_mode"]
    states, cache = saved
    prev = [(k, mod.is_autocast_enabled(k), mod._raw_autocast_dtype(k)) for k, _, _ in states]
    prev_cache = mod.is_autocast_cache_enabled()
    for k, enabled, dtype in states:
        mod.set_autocast_enabled(k, enabled)
        mod.set_autocast_dtype(k, dtype)
    mod.set_autocast_cache_enabled(cache)
    try:
        yield
    finally:
        for k, enabled, dtype in prev:
            mod.set_autocast_enabled(k, enabled)
            mod.set_autocast_dtype(k, dtype)
        mod.set_autocast_cache_enabled(prev_cache)


@contextlib.contextmanager
def _forward_rng(state):
    """PyTorch's ``fork_rng`` + ``set_rng_state(fwd_state)``: replay the forward's draws, then restore."""
    if state is None:
        yield
        return
    outer = _rng_state()
    _set_rng_state(state)
    try:
        yield
    finally:
        _set_rng_state(outer)


# --------------------------------------------------------------------------- use_reentrant=True
def _is_checkpoint_valid() -> bool:
    """``torch.autograd._is_checkpoint_valid``: False inside ``autograd.grad`` or ``backward(inputs=...)``.

    The innermost engine call on the stack tells: reentrant checkpoint's nested backward must
    accumulate into ``.grad``, which those two calls do not allow.
    """
    from ..autograd import engine
    code = engine.run_backward.__code__
    f = sys._getframe(1)
    while f is not None:
        if f.f_code is code:
            return f.f_locals.get("inputs") is None
        f = f.f_back
    return True


class CheckpointFunction(Function):
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        check_backward_validity(args)
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        ctx.device_type = _infer_device_type(*args)
        ctx.autocast_state = _autocast_state(ctx.device_type)
        if preserve_rng_state:
            ctx.fwd_cpu_state = _rng_state()
            ctx.had_device_in_fwd = False
        T = _tensor_cls()
        ctx.inputs = []
        ctx.tensor_indices = []
        tensor_inputs = []
        for i, arg in enumerate(args):
            if isinstance(arg, T):
                tensor_inputs.append(arg)
                ctx.tensor_indices.append(i)
                ctx.inputs.append(None)
            else:
                ctx.inputs.append(arg)
        ctx.save_for_backward(*tensor_inputs)
        prev = _GRAD.enabled
        _GRAD.enabled = False
        try:
            outputs = run_function(*args)
        finally:
            _GRAD.enabled = prev
        return outputs

    @staticmethod
    def backward(ctx, *args):
        if not _is_checkpoint_valid():
            raise RuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible"
                " with .grad() or passing an `inputs` parameter to .backward()."
                " To resolve this error, you can either set use_reentrant=False,"
                " or call .backward() without passing the `inputs` argument.")
        from ..autograd import backward as _backward
        T = _tensor_cls()
        inputs = list(ctx.inputs)
        tensors = ctx.saved_tensors
        for i, idx in enumerate(ctx.tensor_indices):
            inputs[idx] = tensors[i]
        with _forward_rng(ctx.fwd_cpu_state if ctx.preserve_rng_state else None):
            detached_inputs = detach_variable(tuple(inputs))
            prev = _GRAD.enabled
            _GRAD.enabled = True
            try:
                with _restored_autocast(ctx.autocast_state):
                    outputs = ctx.run_function(*detached_inputs)
            finally:
                _GRAD.enabled = prev
        if isinstance(outputs, T):
            outputs = (outputs,)
        outputs_with_grad = []
        args_with_grad = []
        for i in range(len(outputs)):
            if isinstance(outputs[i], T) and outputs[i].requires_grad:
                outputs_with_grad.append(outputs[i])
                args_with_grad.append(args[i])
        if len(outputs_with_grad) == 0:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        _backward(outputs_with_grad, args_with_grad)
        grads = tuple(inp.grad if isinstance(inp, T) else None for inp in detached_inputs)
        return (None, None) + grads


# --------------------------------------------------------------------------- use_reentrant=False
class _Capture(threading.local):
    """Per-thread stack of the node lists being filled: each new node goes to the innermost block."""

    def __init__(self) -> None:
        self.stack: list = []


_CAPTURE = _Capture()
_HOOKED = [0]  # threads with a capture open; the node hook is installed while this is positive
_HOOK_LOCK = threading.Lock()


def _on_new_node(node, inputs) -> None:
    stack = _CAPTURE.stack
    if stack and type(node) is not _graph.AccumulateGrad:
        stack[-1].append(node)


@contextlib.contextmanager
def _capturing(nodes: list):
    """Append every graph node created inside the block (outside nested blocks) to ``nodes``."""
    from .. import _hints
    with _HOOK_LOCK:
        if _HOOKED[0] == 0:
            _hints.add_node_hook(_on_new_node)
        _HOOKED[0] += 1
    _CAPTURE.stack.append(nodes)
    try:
        yield
    finally:
        _CAPTURE.stack.pop()
        with _HOOK_LOCK:
            _HOOKED[0] -= 1
            if _HOOKED[0] == 0:
                _hints.remove_node_hook(_on_new_node)


_BASE_SLOTS = frozenset(("_edges", "_meta", "_pre_hooks", "_hooks", "_ext", "__weakref__", "__dict__"))
_STATE_SLOTS: dict = {}


def _state_slots(cls) -> tuple:
    """The slots of a node class that hold its backward state (not its edges, hooks or metadata)."""
    slots = _STATE_SLOTS.get(cls)
    if slots is None:
        names = []
        for klass in cls.__mro__:
            s = klass.__dict__.get("__slots__", ())
            for n in ((s,) if isinstance(s, str) else s):
                if n not in _BASE_SLOTS and n not in names:
                    names.append(n)
        slots = _STATE_SLOTS[cls] = tuple(names)
    return slots


def _heavy(v) -> bool:
    """Whether a node attribute holds tensor data (what checkpointing frees)."""
    if isinstance(v, (_graph._Tensor, np.ndarray, FunctionCtx)):
        return True
    if isinstance(v, (tuple, list)):
        return any(_heavy(x) for x in v)
    return type(v).__module__.startswith("cupy")


def _hollow(node) -> None:
    for name in _state_slots(type(node)):
        try:
            v = getattr(node, name)
        except AttributeError:
            continue
        if _heavy(v):
            if name == "_saved":
                node._saved = ()
            else:
                delattr(node, name)
    d = getattr(node, "__dict__", None)
    if d:
        for k in [k for k, v in d.items() if _heavy(v)]:
            del d[k]


def _transplant(dst, src) -> None:
    """Give ``dst`` the backward state of ``src`` (its recomputed twin), keeping ``dst``'s edges and hooks."""
    for name in _state_slots(type(src)):
        try:
            v = getattr(src, name)
        except AttributeError:
            try:
                delattr(dst, name)
            except AttributeError:
                pass
            continue
        setattr(dst, name, v)
    d = getattr(src, "__dict__", None)
    if d:
        dst.__dict__.update(d)


class _Trigger:
    """Pre-hook of each emptied node: the first one the backward pass reaches recomputes the block.

    It refers to its node and the frame to its nodes by weak reference, so a checkpointed graph
    holds no reference cycle and is freed by reference counting like any other graph.
    """

    __slots__ = ("frame", "node")

    def __init__(self, frame, node) -> None:
        self.frame = frame
        self.node = weakref.ref(node)

    def __call__(self, grads):
        frame = self.frame
        if frame is not None:
            frame.recompute(self)
        return None


def _metadata(node) -> tuple:
    return type(node).__name__, tuple(None if m is None else (tuple(m[0]), str(m[1])) for m in (node._meta or ()))


class _Frame:
    """One non-reentrant checkpointed block: how to re-run it and (weakly) the nodes it recorded."""

    def __init__(self, fn, args, kwargs, rng_state, autocast_state, recompute_context, metadata_check) -> None:
        T = _tensor_cls()
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.versions = [(a, a._version) if isinstance(a, T) else None for a in args]
        self.rng_state = rng_state
        self.autocast_state = autocast_state
        self.recompute_context = recompute_context
        self.metadata_check = metadata_check
        self.nodes: list = []
        self.triggers: list = []

    def arm(self, nodes: list) -> None:
        """Free the recorded nodes' tensors and install the recomputation pre-hooks."""
        for node in nodes:
            _hollow(node)
            trig = _Trigger(self, node)
            _graph.pre_hooks_of(node).append((None, trig))
            self.triggers.append(trig)
        self.nodes = [weakref.ref(n) for n in nodes]

    def _disarm(self, current) -> None:
        for trig in self.triggers:
            trig.frame = None
            node = trig.node()
            if trig is current or node is None:  # its hook list is being iterated right now: leave the inert entry
                continue
            hooks = node._pre_hooks
            if hooks is not None:
                for i, h in enumerate(hooks):
                    if h[1] is trig:
                        del hooks[i]
                        break
                if not hooks:
                    node._pre_hooks = None
        self.triggers = []

    def recompute(self, current) -> None:
        for entry in self.versions:
            if entry is not None and entry[0]._version != entry[1]:
                _graph._raise_version_error(current.node(), entry[0], entry[1])
        new_nodes: list = []
        prev = _GRAD.enabled
        _GRAD.enabled = True
        try:
            with _forward_rng(self.rng_state), _restored_autocast(self.autocast_state), \
                    _capturing(new_nodes), self.recompute_context:
                self.fn(*self.args, **self.kwargs)
        finally:
            _GRAD.enabled = prev
        nodes = [r() for r in self.nodes]
        if len(new_nodes) != len(nodes):
            raise CheckpointError(
                "torch.utils.checkpoint: A different number of tensors was saved "
                "during the original forward and recomputation.\n"
                f"Number of tensors saved during forward: {len(nodes)}\n"
                f"Number of tensors saved during recomputation: {len(new_nodes)}.\n")
        different = [(i, _metadata(a), _metadata(b)) for i, (a, b) in enumerate(zip(nodes, new_nodes))
                     if a is not None and (type(a) is not type(b)
                                           or (self.metadata_check and _metadata(a) != _metadata(b)))]
        if different:
            text = "".join(f"tensor at position {i}:\nsaved metadata: {a}\nrecomputed metadata: {b}\n"
                           for i, a, b in different)
            raise CheckpointError(
                "torch.utils.checkpoint: Recomputed values for the following tensors "
                f"have different metadata than during the forward pass.\n{text}.\n")
        for dst, src in zip(nodes, new_nodes):
            if dst is not None:  # nodes no output leads to any more are gone
                _transplant(dst, src)
        self._disarm(current)
        self.fn = self.args = self.kwargs = self.versions = None
        self.nodes = []


def _checkpoint_without_reentrant(function, preserve, context_fn, determinism_check, debug, *args, **kwargs):
    debug_on = _checkpoint_debug_enabled if _checkpoint_debug_enabled is not None else debug
    if debug_on and context_fn is not noop_context_fn:
        raise ValueError("debug=True is incompatible with non-default context_fn")
    if determinism_check not in _allowed_determinism_checks:
        raise ValueError(
            f"determinism_check should be one of {list(_allowed_determinism_checks)}, but got {determinism_check}")
    device_type = _infer_device_type(*args)
    forward_context, recompute_context = context_fn()
    autocast_state = _autocast_state(device_type)
    rng_state = _rng_state() if preserve else None
    if not _GRAD.enabled:
        with forward_context:
            return function(*args, **kwargs)
    frame = _Frame(function, args, kwargs, rng_state, autocast_state, recompute_context,
                   determinism_check == "default")
    nodes: list = []
    suppressed = True
    with _capturing(nodes), forward_context:
        ret = function(*args, **kwargs)
        suppressed = False
    if suppressed:
        raise RuntimeError(
            "torch.utils.checkpoint: the forward context provided by "
            "context_fn suppressed an exception raised during the "
            "checkpointed forward. This is not supported because checkpoint "
            "cannot return a value for a failed forward.")
    if nodes:
        frame.arm(nodes)
    return ret


# --------------------------------------------------------------------------- public entry points
def checkpoint(function, *args, use_reentrant: bool | None = None, context_fn=noop_context_fn,
               determinism_check: str = _DEFAULT_DETERMINISM_MODE, debug: bool = False, early_stop: bool = True,
               **kwargs):
    """Checkpoint a model or part of the model: run ``function(*args)`` now and again during backward."""
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint: the use_reentrant parameter should be "
            "passed explicitly. Starting in PyTorch 2.9, calling checkpoint "
            "without use_reentrant will raise an exception. use_reentrant=False is "
            "recommended, but if you need to preserve the current default "
            "behavior, you can pass use_reentrant=True. Refer to docs for more "
            "details on the differences between the two variants.",
            stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    if use_reentrant:
        if context_fn is not noop_context_fn or debug is not False:
            raise ValueError("Passing `context_fn` or `debug` is only supported when use_reentrant=False.")
        return CheckpointFunction.apply(function, preserve, *args)
    return _checkpoint_without_reentrant(function, preserve, context_fn, determinism_check, debug, *args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Checkpoint a sequential model: all segments but the last are checkpointed."""
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint.checkpoint_sequential: the use_reentrant "
            "parameter should be passed explicitly. "
            "In version 2.9 we will raise an exception if use_reentrant "
            "is not passed. use_reentrant=False is "
            "recommended, but if you need to preserve the current default "
            "behavior, you can pass use_reentrant=True. Refer to docs for more "
            "details on the differences between the two variants.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))

    def run_function(start, end, functions):
        def forward(input):
            for j in range(start, end + 1):
                input = functions[j](input)
            return input
        return forward

    from ..nn.modules.container import Sequential
    if isinstance(functions, Sequential):
        functions = list(functions.children())
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_function(start, end, functions), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run_function(end + 1, len(functions) - 1, functions)(input)
