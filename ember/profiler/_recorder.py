"""Op recording for the profilers, at no cost while no profiler runs.

PyTorch's profiler sees every ATen op through the dispatcher.  ember has no
dispatcher, so while a profiler records, ``_Recorder.start`` swaps the
user-facing entry points for timing wrappers: the public ``torch.*``
functions, the ``Tensor`` methods and operators, and ``torch.nn.functional``
(each of its modules, so ``nn.Linear`` calling ``F.linear`` is seen).
``stop`` puts the originals back, so when no profiler runs nothing is
wrapped and no op pays anything.

Events are named as PyTorch names them (``aten::linear``, ``aten::addmm``,
``aten::relu``); ``loss.backward()`` records PyTorch's
``autograd::engine::evaluate_function: <Node>`` / ``<Node>`` pair for every
node the engine runs.
"""
from __future__ import annotations

import functools
import os
import sys
import threading
import time
import types

from ..autograd import graph as _graph
from ..autograd.profiler_util import EventList, FunctionEvent

# the recording session, or None: the only thing a wrapper checks
_SESSION = None

# Tensor dunders that are ops, by their ATen names
_DUNDER_OPS = {
    "__add__": "add", "__radd__": "add", "__iadd__": "add_", "__sub__": "sub", "__rsub__": "rsub",
    "__isub__": "sub_", "__mul__": "mul", "__rmul__": "mul", "__imul__": "mul_", "__truediv__": "div",
    "__rtruediv__": "div", "__itruediv__": "div_", "__floordiv__": "floor_divide",
    "__rfloordiv__": "floor_divide", "__mod__": "remainder", "__rmod__": "remainder", "__pow__": "pow",
    "__rpow__": "pow", "__ipow__": "pow_", "__matmul__": "matmul", "__rmatmul__": "matmul", "__neg__": "neg",
    "__abs__": "abs", "__eq__": "eq", "__ne__": "ne", "__lt__": "lt", "__le__": "le", "__gt__": "gt",
    "__ge__": "ge", "__and__": "bitwise_and", "__or__": "bitwise_or", "__xor__": "bitwise_xor",
    "__invert__": "bitwise_not", "__lshift__": "__lshift__", "__rshift__": "__rshift__",
}

# ATen names where PyTorch's op name differs from the Python name
_ATEN_NAMES = {"cross_entropy": "cross_entropy_loss", "nll_loss": "nll_loss_nd", "true_divide": "div",
               "divide": "div", "multiply": "mul", "subtract": "sub", "absolute": "abs", "negative": "neg",
               "greater": "gt", "less": "lt", "greater_equal": "ge", "less_equal": "le", "not_equal": "ne",
               "float": "to", "double": "to", "half": "to", "bfloat16": "to", "long": "to", "int": "to",
               "short": "to", "char": "to", "byte": "to", "bool": "to", "tensor": "lift_fresh",
               "as_tensor": "lift_fresh"}

# composite ops and the ops PyTorch's kernels for them run (recorded as children)
_DECOMPOSED = {"linear": ("t", "addmm"), "relu": ("clamp_min",), "relu_": ("clamp_min_",),
               "log_softmax": ("_log_softmax",), "matmul": ("mm",), "softmax": ("_softmax",), "dropout": (),
               "mse_loss": (), "nll_loss_nd": ("nll_loss",), "nll_loss": ("nll_loss_forward",),
               "item": ("_local_scalar_dense",), "zero_": ("fill_",),
               "conv2d": ("convolution",), "conv1d": ("convolution",), "batch_norm": ("_batch_norm_impl_index",),
               "max_pool2d": ("max_pool2d_with_indices",)}

# public names that are not ops (PyTorch records nothing for them)
_NOT_OPS = frozenset({
    "size", "dim", "ndimension", "numel", "nelement", "stride", "storage_offset", "data_ptr", "element_size",
    "get_device", "tolist", "numpy", "type", "register_hook", "register_post_accumulate_grad_hook",
    "retain_grad", "requires_grad_", "backward", "storage", "untyped_storage", "dim_order", "manual_seed",
    "seed", "initial_seed", "typename", "compile", "save", "load", "from_numpy", "numel", "result_type",
    "can_cast", "promote_types", "broadcast_shapes", "vmap", "cpu", "apply_", "map_", "share_memory_",
    "pin_memory", "record_stream", "new_tensor", "has_names", "refine_names", "rename", "align_to",
    "__torch_function__", "nbytes", "itemsize", "is_shared", "is_pinned", "tensor_split_sizes",
})

_NOT_OP_PREFIXES = ("_", "is_", "get_", "set_", "use_", "are_")


def _is_op_name(name: str) -> bool:
    return name not in _NOT_OPS and not name.startswith(_NOT_OP_PREFIXES)


def _aten(name: str) -> str:
    return "aten::" + _ATEN_NAMES.get(name, name)


def _shape_of(arg) -> list:
    data = getattr(arg, "_data", None)
    if data is not None and hasattr(data, "shape"):
        return list(data.shape)
    return []


def _allocated_bytes(out) -> int:
    """Bytes of fresh storage in an op's result (views and inputs returned as-is count 0)."""
    outs = out if isinstance(out, (tuple, list)) else (out,)
    total = 0
    for o in outs:
        data = getattr(o, "_data", None)
        if data is not None and getattr(data, "base", 1) is None:
            total += data.nbytes
    return total


class _Recorder:
    """Collects ``FunctionEvent``s on the thread that started profiling."""

    def __init__(self, record_shapes: bool = False, profile_memory: bool = False, with_stack: bool = False,
                 with_flops: bool = False):
        self.record_shapes = record_shapes
        self.with_flops = with_flops
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.events: list[FunctionEvent] = []
        self.open: list[FunctionEvent] = []
        self.thread = threading.get_ident()
        self.t0 = time.perf_counter_ns()
        self.in_backward = False
        self.in_optimizer = False
        self._patches: list = []

    # ---- events ---------------------------------------------------------------------------------
    def now_us(self) -> float:
        return (time.perf_counter_ns() - self.t0) / 1000.0

    def begin(self, name: str, args=(), kwargs=None, annotation: bool = False) -> FunctionEvent:
        shapes = None
        if self.record_shapes and not annotation:
            shapes = [_shape_of(a) for a in args]
            if kwargs:  # keyword tensors; Python-only options (``inplace=``) are not ATen arguments
                shapes += [_shape_of(v) for v in kwargs.values() if getattr(v, "_data", None) is not None]
        stack = _python_stack() if self.with_stack and not annotation else None
        if name.startswith("ProfilerStep#"):  # PyTorch shows every step marker as one row
            name = "ProfilerStep*"
        evt = FunctionEvent(len(self.events) + 1, name, 1, self.now_us(), 0.0, input_shapes=shapes,
                            stack=stack, is_user_annotation=annotation)
        if self.open:
            parent = self.open[-1]
            parent.append_cpu_child(evt)
            evt.set_cpu_parent(parent)
        self.events.append(evt)
        self.open.append(evt)
        return evt

    def end(self, evt: FunctionEvent, out=None) -> None:
        evt.time_range.end = self.now_us()
        if self.profile_memory:
            evt.cpu_memory_usage = _allocated_bytes(out) + sum(c.cpu_memory_usage for c in evt.cpu_children)
        if self.open and self.open[-1] is evt:
            self.open.pop()
        elif evt in self.open:
            self.open.remove(evt)

    def add_span(self, name: str, start: float, end: float) -> FunctionEvent:
        """A finished event covering ``[start, end]`` (for work timed as a whole)."""
        evt = self.begin(name, annotation=True)
        evt.is_user_annotation = False
        evt.time_range.start = start
        evt.time_range.end = end
        self.open.pop()
        return evt

    def add_children(self, parent: FunctionEvent, names) -> None:
        """The ops a composite kernel runs, sharing the parent's interval after its own share."""
        if not names:
            return
        start, end = parent.time_range.start, parent.time_range.end
        share = (end - start) / (len(names) + 1)
        for i, name in enumerate(names):
            child = FunctionEvent(0, "aten::" + name, 1, start + share * (i + 1), start + share * (i + 2))
            child.input_shapes = [] if parent.input_shapes is not None else None
            child.cpu_parent = parent
            parent.append_cpu_child(child)
            self.events.insert(self.events.index(parent) + 1 + i, child)

    def finished_events(self) -> EventList:
        for i, evt in enumerate(self.events):
            evt.id = i + 1
        return EventList(self.events, profile_memory=self.profile_memory, with_flops=self.with_flops)

    # ---- patching -------------------------------------------------------------------------------
    def start(self) -> None:
        global _SESSION
        if _SESSION is not None:  # a profiler inside another: the outer one keeps recording
            self.nested = True
            return
        self.nested = False
        _SESSION = self
        self.t0 = time.perf_counter_ns()
        self._patch_all()
        _graph.CALLS_TRACED = True

    def stop(self) -> None:
        global _SESSION
        if getattr(self, "nested", True):
            return
        self._unpatch_all()
        _graph.CALLS_TRACED = False
        while self.open:
            self.end(self.open[-1])
        if _SESSION is self:
            _SESSION = None

    def _patch(self, owner, name: str, new, wrapped_cache: dict) -> None:
        own = owner.__dict__ if isinstance(owner, type) else vars(owner)
        had = name in own
        old = own.get(name)
        self._patches.append((owner, name, had, old))
        setattr(owner, name, new)

    def _patch_all(self) -> None:
        cache: dict = {}
        for owner, name, fn, aten in _targets():
            wrapper = cache.get((id(fn), aten))
            if wrapper is None:
                wrapper = cache[(id(fn), aten)] = _traced(fn, aten)
            if isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod):
                self._patch(owner, name, staticmethod(wrapper), cache)
            else:
                self._patch(owner, name, wrapper, cache)
        for owner, name, fn in _backward_targets():
            self._patch(owner, name, _traced_backward(fn), cache)
        for owner, name, fn in _optimizer_targets():
            self._patch(owner, name, _traced_optimizer(fn, name), cache)

    def _unpatch_all(self) -> None:
        for owner, name, had, old in reversed(self._patches):
            if had:
                setattr(owner, name, old)
            else:
                try:
                    delattr(owner, name)
                except AttributeError:
                    pass
        self._patches = []


def _python_stack() -> list:
    """The caller's Python frames outside ember, innermost first (``file(line): function``)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frames = []
    f = sys._getframe(2)
    while f is not None:
        path = f.f_code.co_filename
        if not os.path.abspath(path).startswith(here):
            frames.append(f"{path}({f.f_lineno}): {f.f_code.co_name}")
        f = f.f_back
    return frames


def _traced(fn, aten: str):
    """``fn`` recording an ``aten`` event while a session runs on this thread."""
    children = _DECOMPOSED.get(aten[6:], None)

    @functools.wraps(fn)
    def traced(*args, **kwargs):
        rec = _SESSION
        if rec is None or rec.in_backward or threading.get_ident() != rec.thread:
            return fn(*args, **kwargs)
        evt = rec.begin(aten, args, kwargs)
        out = None
        try:
            out = fn(*args, **kwargs)
        finally:
            rec.end(evt, out)
        if children:
            rec.add_children(evt, _children_for(aten, children, args, kwargs))
        if rec.with_flops:
            _count_flops(evt, aten, args, out)
        return out
    traced.__ember_traced__ = fn
    return traced


def _children_for(aten: str, children, args, kwargs):
    """``linear`` runs ``addmm`` for a 2-d input with a bias, else ``matmul``."""
    if aten == "aten::matmul":  # 2-d @ 2-d runs ``mm``; other ranks are left as one event
        dims = [getattr(getattr(a, "_data", None), "ndim", 0) for a in args[:2]]
        return ("mm",) if dims == [2, 2] else ()
    if aten == "aten::linear":
        bias = args[2] if len(args) > 2 else kwargs.get("bias")
        x = args[0] if args else kwargs.get("input")
        if bias is None or getattr(getattr(x, "_data", None), "ndim", 0) != 2:
            return ("t", "matmul")
    return children


def _dims(arg) -> tuple:
    data = getattr(arg, "_data", None)
    return tuple(data.shape) if data is not None and hasattr(data, "shape") else ()


def _matmul_flops(a: tuple, b: tuple) -> int:
    """``2 * M * N * K`` (times the batch) for ``(..., M, K) @ (..., K, N)``; 0 for other ranks."""
    if len(a) < 2 or len(b) < 2:
        return 0
    batch = 1
    for size in a[:-2]:
        batch *= size
    return 2 * batch * a[-2] * a[-1] * b[-1]


def _count_flops(evt: FunctionEvent, aten: str, args, out) -> None:
    """PyTorch's FLOP estimates: matrix products count ``2*M*N*K``, ``mul``/``add`` one per element."""
    flops = 0
    if aten in ("aten::mm", "aten::bmm", "aten::matmul") and len(args) >= 2:
        flops = _matmul_flops(_dims(args[0]), _dims(args[1]))
    elif aten == "aten::addmm" and len(args) >= 3:
        flops = _matmul_flops(_dims(args[1]), _dims(args[2]))
    elif aten == "aten::linear" and len(args) >= 2:
        x, w = _dims(args[0]), _dims(args[1])
        flops = _matmul_flops(x, w[::-1]) if len(w) == 2 else 0
    elif aten in ("aten::mul", "aten::add"):
        data = getattr(out, "_data", None)
        flops = int(data.size) if data is not None else 0
    if aten in ("aten::matmul", "aten::linear"):  # PyTorch counts them on the mm / addmm inside
        for child in evt.cpu_children:
            if child.name in ("aten::mm", "aten::addmm", "aten::matmul"):
                child.flops = flops
        return
    evt.flops = flops


def _traced_backward(fn):
    """``backward`` / ``autograd.grad`` recording the autograd nodes the engine evaluates."""

    @functools.wraps(fn)
    def traced(*args, **kwargs):
        rec = _SESSION
        if rec is None or rec.in_backward or threading.get_ident() != rec.thread:
            return fn(*args, **kwargs)
        roots = _backward_roots(fn, args, kwargs)
        order = _graph_order(roots)
        if _implicit_ones(fn, args, kwargs):
            now = rec.now_us()
            rec.add_span("aten::ones_like", now, now)
        rec.in_backward = True
        start = rec.now_us()
        try:
            return fn(*args, **kwargs)
        finally:
            rec.in_backward = False
            _record_nodes(rec, order, start, rec.now_us())
    traced.__ember_traced__ = fn
    return traced


def _implicit_ones(fn, args, kwargs) -> bool:
    """``loss.backward()`` without a gradient: PyTorch creates it with ``ones_like``."""
    if fn.__name__ != "backward" or not args or not hasattr(args[0], "_data"):
        return False
    return (args[1] if len(args) > 1 else kwargs.get("gradient")) is None


def _backward_roots(fn, args, kwargs) -> list:
    first = args[0] if args else kwargs.get("tensors", kwargs.get("outputs"))
    tensors = list(first) if isinstance(first, (tuple, list)) else [first]
    roots = []
    for t in tensors:
        node = getattr(t, "grad_fn", None)
        if node is not None:
            roots.append(node)
        elif getattr(t, "requires_grad", False):
            roots.append(t)
    return roots


def _node_children(target) -> list:
    if getattr(target, "_is_leaf_target", False):
        return []
    return [e[0] for e in (getattr(target, "_edges", None) or ()) if e is not None]


def _graph_order(roots) -> list:
    """The graph's nodes in an order the engine may run them: each after all its consumers."""
    deps: dict = {}
    seen = {id(r) for r in roots}
    todo = list(roots)
    while todo:
        t = todo.pop()
        for c in _node_children(t):
            deps[id(c)] = deps.get(id(c), 0) + 1
            if id(c) not in seen:
                seen.add(id(c))
                todo.append(c)
    ready = [r for r in roots if deps.get(id(r), 0) == 0]
    order = []
    while ready:
        t = ready.pop()
        order.append(t)
        for c in _node_children(t):
            deps[id(c)] -= 1
            if deps[id(c)] == 0:
                ready.append(c)
    return order


def _node_name(target) -> str:
    if getattr(target, "_is_leaf_target", False):
        return "torch::autograd::AccumulateGrad"
    name = getattr(target, "name", None)
    return name() if callable(name) else type(target).__name__


def _record_nodes(rec: _Recorder, order, start: float, end: float) -> None:
    """One ``evaluate_function`` event (with the node's own event inside) per node, in run order."""
    if not order:
        return
    step = (end - start) / len(order)
    for i, target in enumerate(order):
        name = _node_name(target)
        lo = start + i * step
        outer = rec.add_span("autograd::engine::evaluate_function: " + name, lo, lo + step)
        rec.open.append(outer)
        rec.add_span(name, lo + step * 0.1, lo + step)
        rec.open.pop()


# ---- what gets wrapped ------------------------------------------------------------------------------
def _tensor_targets():
    from .._tensor import Tensor
    for name, value in list(vars(Tensor).items()):
        if not isinstance(value, types.FunctionType):
            continue
        if name.startswith("__"):
            if name in _DUNDER_OPS:
                yield Tensor, name, value, "aten::" + _DUNDER_OPS[name]
        elif _is_op_name(name):
            yield Tensor, name, value, _aten(name)


def _toplevel_targets():
    import ember
    from .. import _functions
    module = ember
    names = {}
    for name, value in vars(_functions).items():
        names[name] = value
    for name, value in vars(module).items():
        if isinstance(value, types.FunctionType) and getattr(value, "__module__", "").startswith("ember.ops"):
            names[name] = value
    for name, value in names.items():
        if isinstance(value, types.FunctionType) and _is_op_name(name):
            yield module, name, value, _aten(name)


def _functional_targets():
    modules = [m for n, m in list(sys.modules.items())
               if m is not None and (n == "ember.nn.functional" or n.startswith("ember.nn._functional."))]
    for module in modules:
        for name in getattr(module, "__all__", ()):
            value = vars(module).get(name)
            if isinstance(value, types.FunctionType) and _is_op_name(name):
                yield module, name, value, _aten(name)


def _module_class_targets(functional: dict):
    """``staticmethod(F.conv2d)`` held by ``nn`` module classes (``Conv2d._fn``)."""
    modules = [m for n, m in list(sys.modules.items()) if m is not None and n.startswith("ember.nn.modules.")]
    seen = set()
    for module in modules:
        for cls in list(vars(module).values()):
            if not isinstance(cls, type) or id(cls) in seen:
                continue
            seen.add(id(cls))
            for name, value in list(vars(cls).items()):
                if isinstance(value, staticmethod) and id(value.__func__) in functional:
                    yield cls, name, value.__func__, functional[id(value.__func__)]


def _targets():
    yield from _tensor_targets()
    yield from _toplevel_targets()
    functional = {}
    for owner, name, fn, aten in _functional_targets():
        functional[id(fn)] = aten
        yield owner, name, fn, aten
    yield from _module_class_targets(functional)


def _backward_targets():
    from .._tensor import Tensor
    from .. import autograd
    yield Tensor, "backward", vars(Tensor)["backward"]
    yield autograd, "backward", autograd.backward
    yield autograd, "grad", autograd.grad


def _optimizer_targets():
    """``step`` / ``zero_grad`` of every loaded optimizer class (user subclasses included)."""
    optimizer = sys.modules.get("ember.optim.optimizer")
    if optimizer is None:
        return
    todo = [optimizer.Optimizer]
    seen = set()
    while todo:
        cls = todo.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        todo.extend(cls.__subclasses__())
        for name in ("step", "zero_grad"):
            fn = vars(cls).get(name)
            if isinstance(fn, types.FunctionType):
                yield cls, name, fn


def _traced_optimizer(fn, method: str):
    """PyTorch's ``Optimizer.step#SGD.step`` / ``Optimizer.zero_grad#SGD.zero_grad`` events."""

    @functools.wraps(fn)
    def traced(self, *args, **kwargs):
        rec = _SESSION
        if rec is None or rec.in_optimizer or threading.get_ident() != rec.thread:
            return fn(self, *args, **kwargs)
        evt = rec.begin(f"Optimizer.{method}#{type(self).__name__}.{method}", annotation=True)
        rec.in_optimizer = True
        try:
            return fn(self, *args, **kwargs)
        finally:
            rec.in_optimizer = False
            rec.end(evt)
    traced.__ember_traced__ = fn
    return traced


# ---- user annotations (record_function, ProfilerStep#N) ---------------------------------------------
def begin_annotation(name: str):
    """Open a ``record_function`` event in the running session (None when none runs)."""
    rec = _SESSION
    if rec is None or threading.get_ident() != rec.thread:
        return None
    return rec, rec.begin(name, annotation=True)


def end_annotation(token) -> None:
    if token is not None:
        rec, evt = token
        rec.end(evt)
