"""Graph nodes: the ``grad_fn`` objects that record how a tensor was made.

Every differentiable op defines one ``Node`` subclass, named exactly as
PyTorch names it (``MulBackward0``, ``SumBackward1`` ...), right beside its
forward function in ``ember/ops``.  A node keeps:

* ``_edges``: for each forward input, ``(target, output_nr)`` where ``target``
  is the input's ``grad_fn`` (or the leaf tensor itself), or ``None`` when the
  input needs no gradient;
* ``_meta``: the input's ``(shape, numpy dtype)``; the engine reduces
  broadcast gradients to it in one central place;
* ``_saved``: tensors saved for backward, checked against their version
  counters when unpacked and freed after backward unless ``retain_graph``.

``backward(grad)`` is written with ember tensor ops, so running it with grad
mode on (``create_graph=True``) records a graph of the backward itself.
"""
from __future__ import annotations

import collections
import itertools
import threading
from typing import Any

FREED_MSG = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)

_Tensor = None  # set by ember._tensor to break the import cycle
# ``retain_grad`` hooks (``ember._tensor._RetainGrad``) of tensors still alive; while there are any, the
# engine moves each to its tensor's current ``grad_fn`` before a pass (in-place ops rebind it).
RETAINERS: list = []
_NODE_HOOK = None  # ember._hints sets this while hints or ember.viz.record() are on: hook(node, inputs)
# True while the profiler has wrapped the op functions to time them: shortcuts that skip a call
# (``nn.Sequential``'s in-buffer ReLU) then make it, so the call is recorded
CALLS_TRACED = False


class _Fusion(threading.local):
    """Per-thread state of the engine's one cross-node shortcut: ReLU then max pooling.

    The ReLU backward of a ``relu -> max_pool`` pair masks a gradient that
    the pool's backward has just scattered (mostly zeros) with ``relu(x) > 0``.
    At the winning positions ``relu(x)`` is the pooled value, so the pool can
    apply that mask to its small output gradient before scattering, and the
    ReLU node can pass the result on untouched: the same bits, without one
    full-size pass (``docs/internals.md``, "ReLU before max pooling").  The engine
    sets ``blocked`` for passes that observe gradients between nodes (``inputs=``,
    ``autograd.grad`` captures); the pool also declines while new nodes are
    watched (``_NODE_HOOK``: hints, ``viz.record()``) or either node has hooks,
    then records ``(node, grad)`` here, and the ReLU skips its mask only for
    exactly that node and that array object.  Only the engine's raw ``vjp``
    loop runs this (``create_graph`` and anomaly mode run ``backward``).

    The second pair is an NLL loss over a log-softmax (``cross_entropy``): the
    NLL gradient is one value at each counted row's target, so the log-softmax
    backward needs no row sums.  The NLL node tags its gradient with the
    log-softmax node and puts those positions in ``extra``.  The gradient it
    passes on is the true one, so only what could change that array before
    the log-softmax runs stops it: hooks on either node, or a pass that
    captures gradients.
    """

    blocked = False
    node = None
    grad = None
    extra = None


FUSION = _Fusion()


# Nodes whose backward is right for complex inputs (PyTorch's conjugate convention): linear maps with
# real coefficients (views, reductions, add/sub, cat...) and the rules written for complex (mul, div,
# abs, conj, real, FFTs).  Any other node that receives a complex input refuses to run backward
# rather than return a wrong gradient.
COMPLEX_GRAD_OK = frozenset({
    "AddBackward0", "AddBackward1", "SubBackward0", "SubBackward1", "RsubBackward0", "RsubBackward1",
    "NegBackward0", "MulBackward0", "DivBackward0", "SumBackward0", "SumBackward1", "MeanBackward0",
    "MeanBackward1", "AbsBackward0", "ConjBackward0", "ConjPhysicalBackward0",
    "ViewBackward0", "ReshapeAliasBackward0", "UnsafeViewBackward0", "UnsqueezeBackward0", "SqueezeBackward0",
    "SqueezeBackward1", "SqueezeBackward2", "PermuteBackward0", "TransposeBackward0", "TBackward0",
    "ExpandBackward0", "SliceBackward0", "SelectBackward0", "IndexBackward0", "CatBackward0", "StackBackward0",
    "CloneBackward0", "AliasBackward0", "ToCopyBackward0", "CopySlices", "CopyBackwards", "RollBackward0",
    "FlipBackward0", "ConstantPadNdBackward0", "SplitBackward0", "SplitWithSizesBackward0", "UnbindBackward0",
    "FftR2CBackward0", "FftC2RBackward0", "FftC2CBackward0", "BackwardHookFunctionBackward",
    "ViewAsRealBackward0", "ViewAsComplexBackward0", "ComplexBackward0", "PolarBackward0",
    "AngleBackward0", "ExpBackward0", "SqrtBackward0", "PowBackward0",
})


class _ComplexRefusal:
    """Pre-hook of a node that has no verified complex derivative: backward raises instead."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, grads):
        raise NotImplementedError(
            f"ember cannot yet differentiate {self.name} with complex inputs (PyTorch's conjugate convention is "
            "implemented for add/sub/mul/div, sums, views, abs, conj, real and the FFTs)")


# Nodes PyTorch implements by hand in C++ (not generated from derivatives.yaml):
# ``grad_fn.name()`` includes their namespace, while ``repr`` shows the bare name.
_NAMESPACED_NODES = frozenset({"NotImplemented", "CopyBackwards", "CopySlices", "DelayedError", "Error",
                               "UndefinedGrad", "UndefinedGradBackward", "GraphRoot"})


class Node:
    """Base class of every ``grad_fn``."""

    __slots__ = ("_edges", "_meta", "_saved", "_versions", "_pre_hooks", "_hooks", "_ext", "_seq", "__weakref__")
    _is_leaf_target = False  # engine: Nodes run, leaf tensors accumulate
    _user_rule = False  # True for custom Function nodes: their backward is the user's, complex or not
    vjp = None  # optional fast path: ``vjp(*grad_arrays) -> tuple of arrays`` (or None to fall back)
    # optional: ``vjp`` that may overwrite its gradient array, which the engine calls instead
    # when it alone holds that array (``engine._owned``); same results as ``vjp``
    vjp_owned = None
    multi_output = False

    def __init__(self, inputs) -> None:
        edges = []
        meta = []
        cplx = False
        for t in inputs:
            if t.__class__ is _Tensor or isinstance(t, _Tensor):
                if t._rg:
                    fn = t.grad_fn
                    edges.append((t, 0) if fn is None else (fn, t._out_nr))
                    d = t._data
                    dt = d.dtype
                    meta.append((d.shape, dt))
                    if dt.kind == "c":
                        cplx = True
                    continue
            edges.append(None)
            meta.append(None)
        self._edges = edges
        self._meta = meta
        self._saved = ()
        self._versions = None
        self._pre_hooks = None
        if cplx and not self._user_rule and type(self).__name__ not in COMPLEX_GRAD_OK:
            pre_hooks_of(self).append((None, _ComplexRefusal(type(self).__name__)))
        self._hooks = None
        self._ext = None
        self._seq = _next_seq()
        if _ON_NEW is not None:  # anomaly mode's forward trace, and _NODE_HOOK
            _ON_NEW(self, inputs)

    # ----- saved tensors -------------------------------------------------
    def save(self, *tensors) -> None:
        """Save tensors for backward, remembering their versions."""
        self._saved = tensors
        vs = []
        for t in tensors:
            if t is None or not isinstance(t, _Tensor):
                vs.append(None)
            else:
                vc = t._vc
                vs.append(0 if vc is None else vc[0])
        self._versions = vs

    def saved(self) -> tuple:
        """Unpack saved tensors, raising PyTorch's errors if freed or modified in place."""
        s = self._saved
        if s is None:
            raise RuntimeError(FREED_MSG)
        vs = self._versions
        if vs is not None:
            for t, v in zip(s, vs):
                if v is not None:
                    vc = t._vc
                    if (0 if vc is None else vc[0]) != v:
                        _raise_version_error(self, t, v)
        return s

    def _saved_output_nr(self, t):
        """Which of this node's outputs the saved tensor ``t`` is, when known here (else None)."""
        return None

    def release(self) -> None:
        """Free saved tensors (called by the engine after backward)."""
        if self._saved:
            self._saved = None

    # ----- introspection (PyTorch API) -------------------------------------
    def name(self) -> str:
        """PyTorch's node name; its hand-written C++ nodes carry the ``torch::autograd::`` namespace."""
        n = type(self).__name__
        return "torch::autograd::" + n if n in _NAMESPACED_NODES else n

    @property
    def next_functions(self) -> tuple:
        out = []
        for e in self._edges:
            if e is None:
                out.append((None, 0))
            elif isinstance(e[0], Node):
                out.append(e)
            else:
                out.append((e[0]._accumulate_node(), 0))
        return tuple(out)

    @property
    def needs_input_grad(self) -> tuple:
        return tuple(e is not None for e in self._edges)

    @property
    def metadata(self) -> dict:
        if self._ext is None:
            self._ext = {}
        return self._ext.setdefault("metadata", {})

    def register_hook(self, fn):
        """Post-hook ``fn(grad_inputs, grad_outputs)``, as ``torch.autograd.graph.Node.register_hook``."""
        if self._hooks is None:
            HOOKS.seen = True
            self._hooks = []
        return _Handle(self._hooks, fn)

    def register_prehook(self, fn):
        """Pre-hook ``fn(grad_outputs)``, as ``Node.register_prehook``."""
        return _Handle(pre_hooks_of(self), (None, fn))

    @property
    def num_outputs(self) -> int:
        return 1

    def backward(self, *grads):  # pragma: no cover - every op overrides
        raise NotImplementedError

    def __call__(self, *grads):
        return self.backward(*grads)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def __dir__(self):
        """Without ember's own ``_saved`` slot and ``_saved_output_nr`` method, so that the names a
        ``dir(grad_fn)`` listing shows starting with ``_saved`` are PyTorch's saved-field accessors."""
        return [n for n in super().__dir__() if n not in ("_saved", "_saved_output_nr")]

    def __init_subclass__(cls, **kwargs):
        """Give node types listed in ``_SAVED_FIELDS`` their ``_saved_<name>`` accessors.

        They are class attributes (descriptors) rather than a ``__getattr__``
        fallback: a class with ``__getattr__`` loses CPython's specialised
        attribute loads for *every* attribute, and the engine reads node
        attributes (``_edges``, ``_meta``, ``vjp``...) in its hottest loop
        (a ``__getattr__`` here made small-graph backward 10-15% slower).
        """
        super().__init_subclass__(**kwargs)
        fields = _SAVED_FIELDS.get(cls.__name__) if "_SAVED_FIELDS" in globals() else None
        for field, spec in (fields or {}).items():
            setattr(cls, "_saved_" + field, _SavedField(field))
            if spec[0] in ("self", "result"):
                setattr(cls, "_raw_saved_" + field, _RawSavedField(spec[1]))


class _SavedField:
    """``grad_fn._saved_<field>`` (``_saved_self``, ``_saved_result`` ...), as PyTorch's accessors:
    freed or modified saved tensors raise PyTorch's errors, a saved output comes back connected
    to its node (as PyTorch unpacks it), and a saved Python scalar operand comes back as the 0-d
    tensor PyTorch wraps it in.  A subclass with another name has no such field (AttributeError)."""

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, node, owner=None):
        if node is None:
            return self
        fields = _SAVED_FIELDS.get(type(node).__name__)
        if fields is None or self.field not in fields:
            raise AttributeError(f"'{type(node).__name__}' object has no attribute '_saved_{self.field}'")
        return _unpack_saved_field(node, self.field, fields[self.field])


class _RawSavedField:
    """``grad_fn._raw_saved_<field>``: the saved tensor as PyTorch's ``SavedTensor`` object, on which
    ``register_hooks(pack_hook, unpack_hook)`` sets that one tensor's pack/unpack hooks."""

    __slots__ = ("position",)

    def __init__(self, position: int) -> None:
        self.position = position

    def __get__(self, node, owner=None):
        if node is None:
            return self
        from ._saved_hooks import SavedTensor
        return SavedTensor(node, self.position)


_RESULT = ("result", 0)
_SELF = ("self", 0)
_SECOND = ("self", 1)


def _scalar(attr: str) -> tuple:
    """A non-tensor saved value kept as a node attribute; like PyTorch's, it outlives backward."""
    return ("scalar", attr)


_SAVED_FIELDS: dict[str, dict[str, tuple]] = {
    **{n: {"result": _RESULT} for n in (
        "ExpBackward0", "SigmoidBackward0", "TanhBackward0", "SqrtBackward0", "RsqrtBackward0", "TanBackward0",
        "ReciprocalBackward0", "LogSoftmaxBackward0", "SoftmaxBackward0", "Exp2Backward0", "Expm1Backward0")},
    **{n: {"self": _SELF} for n in (
        "SinBackward0", "CosBackward0", "LogBackward0", "AbsBackward0", "SinhBackward0", "Log1PBackward0",
        "AtanBackward0", "ErfBackward0")},
    **{n: {"self": _SELF} for n in (
        "CoshBackward0", "AsinBackward0", "AcosBackward0", "Log2Backward0", "Log10Backward0", "SiluBackward0",
        "HardsigmoidBackward0")},
    **{n: {"self": _SELF, "other": _SECOND} for n in (
        "MulBackward0", "DivBackward0", "Atan2Backward0", "MaximumBackward0", "MinimumBackward0", "XlogyBackward0",
        "LinalgCrossBackward0")},
    **{n: {"alpha": _scalar("alpha")} for n in ("AddBackward0", "SubBackward0", "RsubBackward1")},
    "PowBackward0": {"self": _SELF, "exponent": _scalar("exponent")},
    "PowBackward1": {"self": _SELF, "exponent": _SECOND, "result": ("result", 2)},
    "PowBackward2": {"self": _scalar("base"), "result": _RESULT},
    "ReluBackward0": {"result": _RESULT},
    "ProdBackward0": {"self": _SELF, "result": ("result", 1)},
    "MmBackward0": {"self": _SELF, "mat2": _SECOND},
    "BmmBackward0": {"self": _SELF, "mat2": _SECOND},
    "MvBackward0": {"self": _SELF, "vec": _SECOND},
    "DotBackward0": {"self": _SELF, "tensor": _SECOND},
    "AddmmBackward0": {"mat1": _SELF, "mat2": _SECOND},
    "BaddbmmBackward0": {"batch1": _SELF, "batch2": _SECOND},
    "AddcmulBackward0": {"tensor1": _SELF, "tensor2": _SECOND, "value": _scalar("value")},
    "ClampBackward1": {"self": _SELF, "min": _scalar("lo"), "max": _scalar("hi")},
    "WhereBackward0": {"condition": _SELF},
    "MaskedFillBackward0": {"mask": _SELF},
    "GeluBackward0": {"self": _SELF, "approximate": _scalar("approximate")},
    "LeakyReluBackward0": {"self": _SELF, "negative_slope": _scalar("negative_slope")},
    "HardtanhBackward0": {"self": _SELF, "min_val": _scalar("min_val"), "max_val": _scalar("max_val")},
    "EluBackward0": {"self": _SELF, "alpha": _scalar("alpha")},
    "SoftplusBackward0": {"self": _SELF},
    "LogitBackward0": {"self": _SELF, "eps": _scalar("eps")},
    "LinalgVectorNormBackward0": {"self": _SELF, "result": ("result", 1), "keepdim": _scalar("keepdim")},
    "VarBackward0": {"self": _SELF, "keepdim": _scalar("keepdim")},
    "StdBackward0": {"self": _SELF, "result": ("result", 1), "keepdim": _scalar("keepdim")},
    "LogsumexpBackward0": {"self": _SELF, "result": ("result", 1), "keepdim": _scalar("keepdim")},
    "MseLossBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red")},
    "SmoothL1LossBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red"), "beta": _scalar("beta")},
    "BinaryCrossEntropyBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red")},
    "BinaryCrossEntropyWithLogitsBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red")},
    "ConvolutionBackward0": {"input": _SELF, "weight": _SECOND, "transposed": _scalar("transposed")},
    "NativeLayerNormBackward0": {"input": _SELF},
    **{n: {"self_sym_sizes": _scalar("shape")} for n in (
        "SumBackward0", "ViewBackward0", "ExpandBackward0", "TraceBackward0")},
    "SumBackward1": {"self_sym_sizes": _scalar("shape"), "keepdim": _scalar("keepdim")},
    "MeanBackward0": {"self_sym_sizes": _scalar("shape"), "self_sym_numel": _scalar("count")},
    "MeanBackward1": {"self_sym_sizes": _scalar("shape"), "keepdim": _scalar("keepdim")},
    "RepeatBackward0": {"self_sym_sizes": _scalar("shape"), "repeats": _scalar("repeats")},
}


def _unpack_saved_field(node: Node, field: str, spec: tuple):
    kind, where = spec
    if kind == "scalar":
        return getattr(node, where)
    if kind == "attr":
        if node._saved is None:
            raise RuntimeError(FREED_MSG)
        return getattr(node, where)
    saved = node.saved() if node._ext is None else _saved_values(node)
    value = saved[where] if where < len(saved) else None
    if value is None:
        return None
    if not isinstance(value, _Tensor):  # a Python scalar operand: PyTorch's wrapped-number tensor (64-bit)
        from .. import _dtype as D
        from ..ops.creation import tensor
        dt = (D.bool if isinstance(value, bool) else D.int64 if isinstance(value, int) else
              D.complex128 if isinstance(value, complex) else D.float64)
        return tensor(value, dtype=dt)
    if kind == "result":
        return output_alias(node, value)
    return value


def output_alias(node: Node, t):
    """``node``'s saved output read back as PyTorch hands it out: a tensor sharing ``t``'s data and
    version counter whose grad_fn is ``node`` (ember keeps the saved output as a detached alias,
    so the graph holds no reference cycle)."""
    out = _Tensor._fast_make(t._data)
    out.grad_fn = node
    out._rg = True
    out._vc = t._vc
    return out


class AccumulateGrad(Node):
    """The node PyTorch shows for a leaf in ``next_functions``; ``.variable`` is the leaf."""

    __slots__ = ("variable",)

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    def __init__(self, variable) -> None:
        super().__init__(())
        self.variable = variable


class _Handle:
    """Removable handle returned by ``register_hook`` (``torch.utils.hooks.RemovableHandle``)."""

    __slots__ = ("_list", "_item")

    def __init__(self, lst: list, item: Any) -> None:
        self._list = lst
        self._item = item
        lst.append(item)

    def remove(self) -> None:
        try:
            self._list.remove(self._item)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


_Handle.__name__ = _Handle.__qualname__ = "RemovableHandle"  # type() shows torch.utils.hooks.RemovableHandle


def _version_of(t) -> int | None:
    if t is None or not isinstance(t, _Tensor):
        return None
    vc = t._vc
    return 0 if vc is None else vc[0]


_ANOMALY_HINT = ("Hint: the backtrace further above shows the operation that failed to compute its gradient. "
                 "The variable in question was changed in there or anywhere later. Good luck!")


def _raise_version_error(node: Node, t, expected: int) -> None:
    from .._tensor import _legacy_type_name
    shape = list(t._data.shape)
    desc = f"[{_legacy_type_name(t)} {shape}]".replace("[]", "[]") if shape else f"[{_legacy_type_name(t)} []]"
    out_info = ""
    own_output_nr = node._saved_output_nr(t)
    if own_output_nr is not None:  # a custom Function saved its own output
        out_info = f", which is output {own_output_nr} of {_short_name(node.name())},"
    elif t._ext and t._ext.get("saved_output"):  # the node saved its own output
        out_info = f", which is output 0 of {_short_name(node.name())},"
    elif t.grad_fn is not None:
        if t._base is not None:
            # a view whose version moved: PyTorch regenerates its grad_fn (as_strided on the base)
            out_info = ", which is output 0 of AsStrided,"
        else:
            out_info = f", which is output {t._out_nr} of {_short_name(t.grad_fn.name())},"
    msg = (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: {desc}{out_info} is at version {_version_of(t)}; expected version {expected} instead. "
        + (_ANOMALY_HINT if _ANOMALY.enabled else
           "Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
           "with torch.autograd.set_detect_anomaly(True, check_nan=False).")
    )
    from .. import _hints
    raise RuntimeError(_hints.decorate_version_error(msg, node, t))


def _short_name(name: str) -> str:
    """``AddBackward0`` -> ``Add`` (how PyTorch names a node in version errors)."""
    import re
    return re.sub(r"Backward\d*$", "", name)


_new_obj = object.__new__


class _HookFlag:
    """``HOOKS.seen``: whether any node has had a hook list (``_hooks`` or ``_pre_hooks``) set.

    Until one has, the engine's hot loops skip looking at each node's hooks.
    Every place that gives a node hooks goes through ``pre_hooks_of`` or
    ``Node.register_hook``, which set it; it is never reset.
    """

    __slots__ = ("seen",)


HOOKS = _HookFlag()
HOOKS.seen = False


def pre_hooks_of(node) -> list:
    """``node._pre_hooks``, created empty if it has none; notes that hooks exist (``HOOKS``)."""
    hooks = node._pre_hooks
    if hooks is None:
        HOOKS.seen = True
        hooks = node._pre_hooks = []
    return hooks
# PyTorch's ``sequence_nr``: nodes are numbered as they are made.  Its engine runs the ready node with
# the highest number first, so the gradients that meet in one input buffer are added newest producer
# first; ember's engine runs its ready nodes in that order too (``engine._key``).
_next_seq = itertools.count().__next__


# ``_meta`` of a node whose inputs all have its output's shape and dtype
# (float unary ops, ``tensor op python-scalar``): the incoming gradient
# already fits every input, so the engine skips the reduction check, and
# the forward op skips building per-input metadata.
SAME_META = (None, None)
_NO_SCALAR = object()
# What the fast constructors call for a new node: ``None`` unless anomaly mode
# or a node hook is on (kept current by ``refresh_node_callbacks``).
_ON_NEW = None


def refresh_node_callbacks() -> None:
    """Re-read anomaly mode and ``_NODE_HOOK`` after either changes."""
    global _ON_NEW
    _ON_NEW = _on_new_node if (_NODE_HOOK is not None or _ANOMALY.enabled) else None


def wrap_same(cls, x, data, scalar=_NO_SCALAR):
    """The output tensor of a unary op (or ``x op scalar``) on ``x``, with its new ``cls`` node.

    ``x`` requires grad and the output has its shape and dtype (``SAME_META``).
    For a tensor-scalar op the node has a second, empty edge and keeps the
    scalar in ``_saved`` for ``ember.explain`` (freed with it).  This is the
    hot path of every such op, so it builds the node and inlines ``_make``.
    """
    n = _new_obj(cls)
    fn = x.grad_fn
    e = (x, 0) if fn is None else (fn, x._out_nr)
    if scalar is _NO_SCALAR:
        n._edges = (e,)
        n._saved = ()
    else:
        n._edges = (e, None)
        n._saved = (None, scalar)
    n._meta = SAME_META
    n._versions = None
    n._pre_hooks = None
    n._hooks = None
    n._ext = None
    n._seq = _next_seq()
    t = _new_obj(_Tensor)
    t._data = data
    t.grad_fn = n
    t._rg = True
    t._grad = None
    t._vc = None
    t._base = None
    t._ext = None
    t._out_nr = 0
    if _ON_NEW is not None:
        _ON_NEW(n, (x,) if scalar is _NO_SCALAR else (x, scalar))
    return t


def _on_new_node(n, inputs) -> None:
    if _ANOMALY.enabled:
        from .anomaly_mode import record_creation
        record_creation(n)
    if _NODE_HOOK is not None:
        _NODE_HOOK(n, inputs)


def node2(cls, a, b):
    """Fast constructor of the node of a binary op on two tensors, at least one requiring grad."""
    n = _new_obj(cls)
    if a._rg:
        fn = a.grad_fn
        d = a._data
        ea = (a, 0) if fn is None else (fn, a._out_nr)
        ma = (d.shape, d.dtype)
    else:
        ea = ma = None
    if b._rg:
        fn = b.grad_fn
        d = b._data
        eb = (b, 0) if fn is None else (fn, b._out_nr)
        mb = (d.shape, d.dtype)
    else:
        eb = mb = None
    n._edges = (ea, eb)
    n._meta = (ma, mb)
    n._saved = ()
    n._versions = None
    n._pre_hooks = None
    n._hooks = None
    n._ext = None
    n._seq = _next_seq()
    if _ON_NEW is not None:
        _ON_NEW(n, (a, b))
    return n


# ------------------------------------------------------------------ torch.autograd.graph's functions
GradientEdge = collections.namedtuple("GradientEdge", ["node", "output_nr", "ownership_token"], defaults=[None])
GradientEdge.__doc__ = "A gradient edge of the graph: the node that receives the gradient and which of its inputs."


def _get_grad_fn_or_grad_acc(t):
    if isinstance(t, GradientEdge):
        return t.node
    if t._rg and t.grad_fn is None:
        return t._accumulate_node()
    node = t.grad_fn
    if node is None:
        raise AssertionError("Expected gradient function to be set")
    return node


def get_gradient_edge(tensor) -> GradientEdge:
    """The edge where ``tensor``'s gradient is computed: ``(grad_fn or its AccumulateGrad, output_nr)``;
    ``autograd.grad(loss, edge)`` returns what ``autograd.grad(loss, tensor)`` does."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require gradients")
    return GradientEdge(_get_grad_fn_or_grad_acc(tensor), tensor.output_nr)


def increment_version(tensor) -> None:
    """Bump the version counter of ``tensor`` (or of each tensor of an iterable), as an in-place op does;
    inference tensors have none and are left alone."""
    if isinstance(tensor, _Tensor):
        tensor = (tensor,)
    for t in tensor:
        if not t.is_inference():
            t._bump_version()


class _MultiHandle(_Handle):
    """The handle ``register_multi_grad_hook`` returns (a ``RemovableHandle``): removes every per-tensor hook."""

    __slots__ = ("handles",)

    def __init__(self, handles: tuple) -> None:
        self.handles = handles

    def remove(self) -> None:
        for h in self.handles:
            h.remove()


def register_multi_grad_hook(tensors, fn, *, mode: str = "all"):
    """Call ``fn`` once per backward pass from the gradients of ``tensors`` (PyTorch's semantics).

    ``mode="all"``: after every tensor whose gradient this pass computes has it,
    ``fn(grads)`` with ``None`` for the others.  ``mode="any"``: ``fn(grad)``
    with the first gradient computed.
    """
    import functools
    from . import engine
    supported_modes = ("all", "any")
    lock = threading.Lock()
    if mode not in supported_modes:
        raise ValueError(f"Expects mode to be one of {supported_modes} but got {mode}")
    if mode == "all":
        count: dict = {}
        buffer: dict = {}
        nb_calls = None
        grad_fns = [_get_grad_fn_or_grad_acc(t) for t in tensors]
        targets = [g.variable if isinstance(g, AccumulateGrad) else g for g in grad_fns]
        n = len(tensors)

        def get_inner_hook(idx):
            def inner_hook(grad):
                nonlocal nb_calls
                task = engine.current_task_id()
                if task == -1:
                    raise AssertionError("expected this hook to be called inside a backward call")
                count[task] = count.get(task, 0)
                buffer[task] = buffer.get(task, [None] * n)
                with lock:
                    curr, count[task] = count[task], count[task] + 1
                    if curr == 0:
                        nb_calls = sum(map(engine.will_execute, targets))
                buffer[task][idx] = grad
                if curr == nb_calls - 1:
                    fn(buffer[task])
                    del count[task]
                    del buffer[task]
            return inner_hook

        handles = tuple(t.register_hook(get_inner_hook(i)) for i, t in enumerate(tensors))
    else:
        ran: dict = {}

        @functools.wraps(fn)
        def wrapped_fn(grad):
            task = engine.current_task_id()
            if task == -1:
                raise AssertionError("expected this hook to be called inside a backward call")
            with lock:
                prev, ran[task] = ran.get(task, False), True
            if prev:
                return
            fn(grad)

        handles = tuple(t.register_hook(wrapped_fn) for t in tensors if t.requires_grad)
    return _MultiHandle(handles)


def _saved_values(node) -> tuple:
    from ._saved_hooks import saved_values
    return saved_values(node)


_SAVED_HOOKS_NAMES = ("saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks")


def __getattr__(name: str):
    """``saved_tensors_hooks`` and friends live in ``_saved_hooks``, imported on first use."""
    if name in _SAVED_HOOKS_NAMES:
        from . import _saved_hooks
        return getattr(_saved_hooks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SAVED_HOOKS_NAMES))


from .anomaly_mode import _STATE as _ANOMALY  # noqa: E402
