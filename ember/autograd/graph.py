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
    "VarBackward0", "StdBackward0", "VarMeanBackward0", "StdMeanBackward0",
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


class _ScalarSlots(tuple):
    """The positions of ``Node.save``'s slots that hold Python scalars (kept after the versions)."""


def _never_saved(node, where: int) -> bool:
    """Whether slot ``where`` of a freed node saved by ``Node.save`` held None (nothing saved)."""
    vs = node._versions
    if vs.__class__ is not list or where >= len(vs) or vs[where] is not None:
        return False
    last = vs[-1]
    return not (last.__class__ is _ScalarSlots and where in last)


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
        """Save tensors for backward, remembering their versions.  A slot holding a Python scalar
        is marked after the versions (``_ScalarSlots``), so that once the tensors are freed a slot
        that was never saved (None) can still be told apart: PyTorch's ``_saved_*`` field then
        reads None, where a freed one raises."""
        self._saved = tensors
        vs = []
        scalars = None
        for t in tensors:
            if t is None:
                vs.append(None)
            elif t.__class__ is _Tensor or isinstance(t, _Tensor):
                vc = t._vc
                vs.append(0 if vc is None else vc[0])
            else:
                i = len(vs)
                vs.append(None)
                scalars = _ScalarSlots((i,)) if scalars is None else _ScalarSlots(scalars + (i,))
        if scalars is not None:
            vs.append(scalars)  # (past the saved slots: ``saved()`` zips them and never reads it)
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
        """Without ember's own ``_saved`` slot and ``saved``/``_saved_output_nr`` methods, so that the names a
        ``dir(grad_fn)`` listing shows with ``saved`` in them are PyTorch's saved-field accessors."""
        fields = _SAVED_FIELDS.get(type(self).__name__) or {}
        hidden = ("_saved", "saved", "_saved_output_nr")
        return [n for n in super().__dir__() if n not in hidden and _own_field(n, fields)]

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
            elif spec[0] == "tensor":
                setattr(cls, "_raw_saved_" + field, _RawComputedField(field))


def _own_field(name: str, fields: dict) -> bool:
    """Whether ``dir(node)`` lists ``name``: a ``_saved_<f>``/``_raw_saved_<f>`` accessor inherited from
    a parent node type (``CeluBackward0`` from ``EluBackward0``) only where ``f`` is the node's own."""
    if name.startswith("_saved_"):
        return name[7:] in fields
    if name.startswith("_raw_saved_"):
        spec = fields.get(name[11:])
        return spec is not None and spec[0] in ("self", "result", "tensor")
    return True


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


class _RawComputedField:
    """``grad_fn._raw_saved_<field>`` of a field ember rebuilds on access (``_computed_tensor``)."""

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, node, owner=None):
        if node is None:
            return self
        return ComputedSavedTensor(node, self.field)


class ComputedSavedTensor:
    """PyTorch's ``SavedTensor`` for a field ember rebuilds on access: ``register_hooks(pack_hook,
    unpack_hook)`` packs the value now; reading ``grad_fn._saved_<field>`` then unpacks it."""

    __slots__ = ("_node", "_field")

    def __init__(self, node, field: str) -> None:
        self._node = node
        self._field = field

    def register_hooks(self, pack_hook, unpack_hook) -> None:
        node = self._node
        if node._saved is None:
            raise RuntimeError(
                "Calling register_hooks on a saved tensor after it has been freed. Saved intermediate values of the "
                "graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need "
                "to backward through the graph a second time or if you need to access saved variables after calling "
                "backward.")
        if node._ext is None:
            node._ext = {}
        hooks = node._ext.setdefault("computed_hooks", {})
        if self._field in hooks:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: "
                               "only one pair of hooks is allowed at a time.")
        value = getattr(node, "_saved_" + self._field)
        hooks[self._field] = (pack_hook(value), unpack_hook)


ComputedSavedTensor.__name__ = ComputedSavedTensor.__qualname__ = "SavedTensor"
ComputedSavedTensor.__module__ = "torch._C._autograd"


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


def _int(*attrs: str) -> tuple:
    """A saved ``int64_t``/``SymInt`` (or a list of them) kept as a node attribute, read as PyTorch's
    accessor returns it (:func:`saved_int`).  With several names, the first one the node has set
    wins: ops store the argument as given (``dim_arg``) only where it differs from the normalised
    value their backward uses, so making the node costs nothing more in the common case."""
    return ("int", attrs)


def _computed(fn) -> tuple:
    """A saved value rebuilt on access by ``fn(node)`` from what the node keeps for its backward."""
    return ("computed", fn)


def _computed_tensor(fn) -> tuple:
    """As :func:`_computed`, for a value PyTorch saves as a tensor: it also has ``_raw_saved_<name>``."""
    return ("tensor", fn)


def saved_int(value):
    """An ``int64_t`` saved field as PyTorch's generated accessor hands it out: through an unsigned
    64-bit conversion, so a negative ``dim`` reads back as its wrap (``-1`` -> ``18446744073709551615``);
    a list of ints is a tuple of them, ``None`` (an unset optional) stays ``None``."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return tuple(saved_int(v) for v in value)
    value = int(value)
    return value + (1 << 64) if value < 0 else value


def _first_set(node, attrs: tuple):
    """The value of the first of ``attrs`` set on ``node`` (an unset slot raises AttributeError)."""
    for attr in attrs[:-1]:
        value = getattr(node, attr, _UNSET_FIELD)
        if value is not _UNSET_FIELD:
            return value
    return getattr(node, attrs[-1])


_UNSET_FIELD = object()

# ``node._saved`` of a node that keeps what its backward needs in its own slots (not saved tensors):
# non-empty, so that the engine frees it after backward (``None``) and the ``_saved_*`` fields that
# PyTorch frees then raise its error (:func:`_unless_freed`)
KEPT_IN_SLOTS = (None,)


def _unless_freed(fn):
    """``fn`` as a tensor-valued field: after backward (without ``retain_graph``) PyTorch has freed it."""
    def get(node):
        if node._saved is None:
            raise RuntimeError(FREED_MSG)
        return fn(node)
    return get


def _dim_list(node):
    """``_saved_dim`` of a reduction over ``int[]? dim`` (sum, mean, amax ...): the ``dim`` argument as
    given (kept as ``dim_arg`` where it differs from the node's normalised ``dims``), as a tuple."""
    dim = getattr(node, "dim_arg", _UNSET_FIELD)
    if dim is _UNSET_FIELD:
        dim = node.dims
    return _as_dim_list(dim)


def _keepdim_arg(node) -> bool:
    """``_saved_keepdim`` of sum/mean: the argument (``keepdim_arg`` where the node's own differs)."""
    return _first_set(node, ("keepdim_arg", "keepdim"))


def _as_dim_list(dim):
    """An ``int[]? dim`` argument as PyTorch's accessor returns it: a tuple (an int is a list of one
    int), ``None`` when not given."""
    if dim is not None and not isinstance(dim, (tuple, list)):
        dim = (dim,)
    return saved_int(dim)


def _args_dim_list(node):
    """``_saved_dim`` where the node keeps its arguments as ``args = (dim, ...)`` or ``(..., dim)``."""
    return _as_dim_list(node.args[0] if type(node).__name__ != "LinalgVectorNormBackward0" else node.args[1])


def _pair_item(i: int, names: tuple):
    """Item ``i`` of a ``(dim0, dim1)``-style ``dim_arg`` where the node kept one, else the
    normalised attribute ``names[i]`` (``TransposeBackward0``: ``d0``/``d1``)."""
    def get(node):
        given = getattr(node, "dim_arg", None)
        return saved_int(given[i] if given is not None else getattr(node, names[i]))
    return get


def _index_op_item(i: int):
    """``_saved_dim`` (0) or ``_saved_index`` (1) of a ``SelectBackward0`` made by indexing or ``select``."""
    def get(node):
        from ..ops.indexing import last_basic_op
        return saved_int(last_basic_op(node)[i])
    return get


def _slice_item(field: str):
    """``SliceBackward0._saved_start``/``_end``/``_step``."""
    def get(node):
        from ..ops.indexing import saved_slice_field
        return saved_int(saved_slice_field(field)(node))
    return get


def _advanced_index_item(i: int):
    """``IndexBackward0._saved_indices`` (0) and ``_saved_self_sym_sizes`` (1)."""
    def get(node):
        from ..ops.indexing import advanced_index_fields
        return advanced_index_fields(node)[i]
    return get


def _unsqueeze_dim(node) -> int:
    """``UnsqueezeBackward0._saved_dim``: from ``unsqueeze`` (``dim``) or from a ``None`` in an index."""
    if hasattr(type(node), "index"):
        from ..ops.indexing import last_basic_op
        return saved_int(last_basic_op(node)[0])
    return saved_int(_first_set(node, ("dim_arg", "dim")))


def _permute_dims(node) -> tuple:
    """``PermuteBackward0._saved_dims``: the ``dims`` as given (the node keeps their inverse)."""
    given = getattr(node, "dim_arg", None)
    if given is not None:
        return saved_int(given)
    inverse = node.inverse
    dims = [0] * len(inverse)
    for i, k in enumerate(inverse):
        dims[int(k)] = i
    return tuple(dims)


def _array_tensor(array):
    """A tensor of the (index) array a node keeps, as PyTorch's saved index tensor."""
    import numpy as np
    from ..ops._common import _make
    return _make(np.asarray(array))


def _indices(node):
    """``_saved_indices`` of a value-selecting reduction (max/min/sort/topk ... over a dim): the
    indices output, rebuilt from the array the node keeps for its backward."""
    from ..ops._common import _make
    return _make(node.idx)


def _nll_arg(i: int):
    """``NllLossBackward0._saved_self`` (0), ``_saved_target`` (1), ``_saved_weight`` (2) and
    ``_saved_ignore_index`` (3), from the arguments the node keeps (``args``)."""
    def get(node):
        value = node.args[i]
        if i == 1:
            from ..ops._common import _make
            return _make(value)
        return saved_int(value) if i == 3 else value
    return get


def _nll_total_weight(node):
    """``NllLossBackward0._saved_total_weight``: the summed weight of the counted items (their count
    without ``weight``), which ATen computes for ``'sum'`` too; 0 for ``reduction='none'``."""
    import numpy as np
    from ..ops._common import _make
    if node.red == 0 or node.index is None:
        value = 0
    elif node.tw is not None:
        value = node.tw
    elif node.wt is not None:
        value = np.sum(node.wt, dtype=np.float64)
    else:
        value = np.asarray(node.index[0]).size
    return _make(np.asarray(value, dtype=node.dtype))


def _operand(node, edge: int, position: int):
    """The matrix operand ``edge`` of an mm-style node where it can be read: saved (at ``position``)
    for the other operand's gradient, or a leaf the edge points at; else None."""
    saved = node._saved
    t = saved[position] if saved and position < len(saved) else None
    if t is None:
        e = node._edges[edge]
        if e is not None and isinstance(e[0], _Tensor):
            t = e[0]
    return t


def _operand_sizes(edge: int, position: int):
    """``_saved_self_sym_sizes``/``_saved_mat2_sym_sizes`` ... of mm/addmm: PyTorch keeps them always."""
    def get(node):
        meta = node._meta[edge]
        if meta is not None:
            return tuple(meta[0])
        return tuple(_operand(node, edge, position)._data.shape)
    return get


def _operand_strides(edge: int, position: int):
    """``_saved_self_sym_strides``/``_saved_mat2_sym_strides`` ... of mm/addmm: PyTorch keeps an
    operand's strides only when it needs a gradient (else ``()``).  Read from the operand where the
    node can reach it (a ``t()`` of a leaf, as ``nn.Linear``'s weight, included), else the operand
    was a fresh (contiguous) result."""
    def get(node):
        e = node._edges[edge]
        if e is None:
            return ()
        t = _operand(node, edge, position)
        if t is not None:
            return tuple(t.stride())
        if type(e[0]).__name__ == "TBackward0":
            leaf = e[0]._edges[0]
            if leaf is not None and isinstance(leaf[0], _Tensor):
                return tuple(reversed(leaf[0].stride()))
        strides, step = [], 1
        for size in reversed(node._meta[edge][0]):
            strides.append(step)
            step *= max(size, 1)
        return tuple(reversed(strides))
    return get


def _split_arg(i: int):
    """``_saved_dim`` (0) and ``_saved_split_size``/``_saved_split_sizes`` (1) of a ``split``'s node:
    the arguments as given where it kept them (``dim_arg``), else the normalised ``dim`` and sizes."""
    def get(node):
        given = getattr(node, "dim_arg", None)
        if given is not None:
            return saved_int(given[i])
        if i == 0:
            return node.dim
        return node.sizes[0] if type(node).__name__ == "SplitBackward0" else tuple(node.sizes)
    return get


def _conv_output_padding(node) -> tuple:
    """``ConvolutionBackward0._saved_output_padding``: zeros for a convolution; for a transposed one, what
    the output size has beyond ``(in - 1) * stride - padding + dilation * (kernel - 1) + 1``."""
    geo = node.geo
    if not node.transposed:
        return (0,) * geo.nd
    sizes = zip(geo.in_sz, geo.out_sz, geo.stride, geo.padl, geo.padr, geo.dil, geo.k)
    return tuple(out - ((n - 1) * st - a - b + d * (k - 1) + 1) for out, n, st, a, b, d, k in sizes)


def _numel(node) -> int:
    """``_saved_self_sym_numel``: the element count of the input, from its saved ``shape``."""
    count = 1
    for size in node.shape:
        count *= size
    return count


_SAVED_FIELDS: dict[str, dict[str, tuple]] = {
    **{n: {"result": _RESULT} for n in (
        "ExpBackward0", "SigmoidBackward0", "TanhBackward0", "SqrtBackward0", "RsqrtBackward0", "TanBackward0",
        "ReciprocalBackward0", "Exp2Backward0", "Expm1Backward0")},
    **{n: {"dim": _int("dim_arg", "dim"), "result": _RESULT} for n in ("LogSoftmaxBackward0", "SoftmaxBackward0")},
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
    "PowBackward2": {"self": _scalar("base"), "exponent": _SELF, "result": ("result", 1)},
    "ReluBackward0": {"result": _RESULT},
    "ProdBackward0": {"self": _SELF, "result": ("result", 1)},
    "MmBackward0": {"self": _SELF, "mat2": _SECOND, "self_sym_sizes": _computed(_operand_sizes(0, 0)),
                    "self_sym_strides": _computed(_operand_strides(0, 0)),
                    "mat2_sym_sizes": _computed(_operand_sizes(1, 1)),
                    "mat2_sym_strides": _computed(_operand_strides(1, 1))},
    "BmmBackward0": {"self": _SELF, "mat2": _SECOND},
    "MvBackward0": {"self": _SELF, "vec": _SECOND},
    "DotBackward0": {"self": _SELF, "tensor": _SECOND},
    "AddmmBackward0": {"alpha": _computed(lambda node: getattr(node, "alpha", 1)),
                       "beta": _computed(lambda node: getattr(node, "beta", 1)),
                       "mat1": _SELF, "mat2": _SECOND, "mat1_sym_sizes": _computed(_operand_sizes(1, 0)),
                       "mat1_sym_strides": _computed(_operand_strides(1, 0)),
                       "mat2_sym_sizes": _computed(_operand_sizes(2, 1)),
                       "mat2_sym_strides": _computed(_operand_strides(2, 1))},
    "BaddbmmBackward0": {"batch1": _SELF, "batch2": _SECOND},
    "AddcmulBackward0": {"tensor1": _SELF, "tensor2": _SECOND, "value": _scalar("value")},
    "AddcdivBackward0": {"tensor1": _SELF, "tensor2": _SECOND, "value": _scalar("value")},
    "ClampBackward1": {"self": _SELF, "min": _scalar("lo"), "max": _scalar("hi")},
    "WhereBackward0": {"condition": _SELF},
    "MaskedFillBackward0": {"mask": _SELF},
    "GeluBackward0": {"self": _SELF, "approximate": _scalar("approximate")},
    "LeakyReluBackward0": {"self": _SELF, "negative_slope": _scalar("negative_slope")},
    "HardtanhBackward0": {"self": _SELF, "min_val": _scalar("min_val"), "max_val": _scalar("max_val")},
    "EluBackward0": {"alpha": _scalar("alpha"), "input_scale": _scalar("input_scale"), "scale": _scalar("scale"),
                     "self": _SELF},
    "CeluBackward0": {"alpha": _scalar("alpha"), "self": _SELF},
    "SoftplusBackward0": {"beta": _scalar("beta"), "self": _SELF, "threshold": _scalar("threshold")},
    "LerpBackward0": {"weight": _scalar("weight")},
    "HuberLossBackward0": {"delta": _scalar("delta"), "reduction": _scalar("red"), "self": _SELF, "target": _SECOND},
    "LogitBackward0": {"self": _SELF, "eps": _scalar("eps")},
    "LinalgVectorNormBackward0": {"dim": _computed(_args_dim_list), "keepdim": _scalar("keepdim"),
                                  "ord": _computed(lambda node: node.args[0]), "result": ("result", 1),
                                  "self": _SELF},
    "VarBackward0": {"correction": _computed(lambda node: node.args[1]), "dim": _computed(_args_dim_list),
                     "keepdim": _scalar("keepdim"), "self": _SELF},
    "StdBackward0": {"correction": _computed(lambda node: node.args[1]), "dim": _computed(_args_dim_list),
                     "keepdim": _scalar("keepdim"), "result": ("result", 1), "self": _SELF},
    "LogsumexpBackward0": {"dim": _computed(_dim_list), "keepdim": _scalar("keepdim"), "result": ("result", 1),
                           "self": _SELF},
    **{n: {"dim": _computed(_dim_list), "keepdim": _scalar("keepdim"), "result": ("result", 1), "self": _SELF}
       for n in ("AmaxBackward0", "AminBackward0")},
    "CumsumBackward0": {"dim": _int("dim_arg", "dim")},
    **{n: {"grad_output": _SELF, "output": _SECOND} for n in ("TanhBackwardBackward0", "SigmoidBackwardBackward0")},
    "ThresholdBackwardBackward0": {"self": _SECOND, "threshold": _scalar("threshold")},
    "LeakyReluBackwardBackward0": {"negative_slope": _scalar("negative_slope"), "self": _SECOND},
    **{n: {"dim": _int("dim_arg", "dim"), "grad_output": _SELF, "output": _SECOND}
       for n in ("SoftmaxBackwardDataBackward0", "LogSoftmaxBackwardDataBackward0")},
    "SplitBackward0": {"dim": _computed(_split_arg(0)), "self_sym_sizes": _scalar("shape"),
                       "split_size": _computed(_split_arg(1))},
    "SplitWithSizesBackward0": {"dim": _computed(_split_arg(0)), "self_sym_sizes": _scalar("shape"),
                                "split_sizes": _computed(_split_arg(1))},
    "UnbindBackward0": {"dim": _int("dim_arg", "dim")},
    "EmbeddingBackward0": {"indices": _computed_tensor(_unless_freed(lambda node: _array_tensor(node.indices))),
                           "padding_idx": _int("padding_idx"), "scale_grad_by_freq": _scalar("scale"),
                           "sparse": _computed(lambda node: getattr(node, "sparse", False)),
                           "weight_sym_argsize_0": _scalar("num_weights")},
    "UnfoldBackward0": {"dimension": _int("dim_arg", "dim"), "self_sym_sizes": _scalar("shape"), "size": _int("size"),
                        "step": _int("step")},
    **{n: {"dim": _int("dim_arg", "dim"), "indices": _computed_tensor(_unless_freed(_indices)), "self": _SELF}
       for n in ("CummaxBackward0", "CumminBackward0")},
    "FlipBackward0": {"dims": _computed(lambda node: _as_dim_list(_first_set(node, ("dim_arg", "dims"))))},
    "RollBackward0": {"dims": _computed(lambda node: _as_dim_list(node.dim_arg)), "shifts": _int("shifts")},
    **{n: {"diagonal": _int("k")} for n in ("TrilBackward0", "TriuBackward0")},
    "Rot90Backward0": {"dims": _int("dims_arg"), "k": _int("k")},
    "DiagEmbedBackward0": {"dim1": _computed(lambda node: saved_int(node.dims_arg[0])),
                           "dim2": _computed(lambda node: saved_int(node.dims_arg[1])), "offset": _int("offset")},
    "ScatterBackward0": {"dim": _int("dim_arg", "dim"), "index": _SELF},
    "ScatterBackward1": {"dim": _int("dim_arg", "dim"), "index": _SELF},
    "ScatterAddBackward0": {"dim": _int("dim_arg", "dim"), "index": _SELF},
    "IndexAddBackward0": {"alpha": _scalar("alpha"), "dim": _int("dim_arg", "dim"), "index": _SELF,
                          "source": _SECOND, "source_dim": _scalar("src_nd")},
    "GatherBackward0": {"dim": _computed(lambda node: saved_int(node.args[0])), "index": ("attr", "index"),
                        "self": _SELF, "sparse_grad": _computed(lambda node: node.args[1])},
    "IndexSelectBackward0": {"dim": _int("dim_arg", "dim"), "index": ("attr", "index"),
                             "self_sym_sizes": _scalar("shape")},
    **{n: {"dim1": _computed(_pair_item(0, ("d1", "d2"))), "dim2": _computed(_pair_item(1, ("d1", "d2"))),
           "offset": _int("offset"), "self_sym_sizes": _scalar("shape")}
       for n in ("DiagonalBackward0", "DiagonalBackward0_copy")},
    "CumprodBackward0": {"dim": _int("dim_arg", "dim"), "result": ("result", 1), "self": _SELF},
    "MseLossBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red")},
    "SmoothL1LossBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red"), "beta": _scalar("beta")},
    "BinaryCrossEntropyBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red"),
                                    "weight": ("attr", "weight")},
    "BinaryCrossEntropyWithLogitsBackward0": {"self": _SELF, "target": _SECOND, "reduction": _scalar("red"),
                                              "pos_weight": ("attr", "pos_weight"), "weight": ("attr", "weight")},
    "ConvolutionBackward0": {"bias_sym_sizes_opt": _scalar("bias_sizes"), "dilation": _computed(lambda n: n.geo.dil),
                             "groups": _computed(lambda n: n.geo.groups), "input": _SELF,
                             "output_padding": _computed(_conv_output_padding),
                             "padding": _computed(lambda n: n.geo.padl), "stride": _computed(lambda n: n.geo.stride),
                             "transposed": _scalar("transposed"), "weight": _SECOND},
    **{n: {"self_sym_sizes": _scalar("shape")} for n in ("UnsafeViewBackward0", "ReshapeAliasBackward0")},
    "ProdBackward1": {"dim": _int("dim_arg", "dim"), "keepdim": _scalar("keepdim"), "result": ("result", 1),
                      "self": _SELF},
    "NativeLayerNormBackward0": {"input": _SELF, "weight": _SECOND, "bias": ("attr", "bias"),
                                 "normalized_shape": _computed(lambda node: node.normalized_shape),
                                 "result1": ("attr", "mean"), "result2": ("attr", "rstd")},
    **{n: {"self_sym_sizes": _scalar("shape")} for n in (
        "SumBackward0", "ViewBackward0", "ExpandBackward0", "TraceBackward0")},
    "SumBackward1": {"dim": _computed(_dim_list), "keepdim": _computed(_keepdim_arg),
                     "self_sym_sizes": _scalar("shape")},
    "MeanBackward0": {"self_sym_sizes": _scalar("shape"), "self_sym_numel": _scalar("count")},
    "MeanBackward1": {"dim": _computed(_dim_list), "keepdim": _computed(_keepdim_arg),
                      "self_sym_numel": _computed(_numel), "self_sym_sizes": _scalar("shape")},
    "RepeatBackward0": {"self_sym_sizes": _scalar("shape"), "repeats": _scalar("repeats")},
    "CatBackward0": {"dim": _int("dim_arg", "dim")},
    "StackBackward0": {"dim": _int("dim_arg", "dim")},
    "SelectBackward0": {"dim": _computed(_index_op_item(0)), "index": _computed(_index_op_item(1)),
                        "self_sym_sizes": _scalar("shape")},
    "SliceBackward0": {"dim": _computed(_index_op_item(0)), "start": _computed(_slice_item("start")),
                       "end": _computed(_slice_item("end")), "step": _computed(_slice_item("step")),
                       "self_sym_sizes": _scalar("shape")},
    "TransposeBackward0": {"dim0": _computed(_pair_item(0, ("d0", "d1"))),
                           "dim1": _computed(_pair_item(1, ("d0", "d1")))},
    "PermuteBackward0": {"dims": _computed(_permute_dims)},
    "IndexBackward0": {"indices": _computed(_unless_freed(_advanced_index_item(0))),
                       "self_sym_sizes": _computed(_advanced_index_item(1))},
    "UnsqueezeBackward0": {"dim": _computed(_unsqueeze_dim)},
    "SqueezeBackward0": {"self_sym_sizes": _scalar("shape")},
    **{n: {"self": _computed_tensor(_unless_freed(_nll_arg(0))),
           "target": _computed_tensor(_unless_freed(_nll_arg(1))),
           "weight": _computed_tensor(_unless_freed(_nll_arg(2))),
           "total_weight": _computed_tensor(_unless_freed(_nll_total_weight)),
           "ignore_index": _computed(_nll_arg(3)),
           "reduction": _scalar("red")} for n in ("NllLossBackward0", "NllLoss2DBackward0")},
    **{n: {"self": _SELF, "result": ("result", 1)} for n in (
        "MaxBackward1", "MinBackward1", "MedianBackward0", "NanmedianBackward0")},
    **{n: {"dim": _int("dim_arg", "dim"), "indices": _computed_tensor(_unless_freed(_indices)),
           "keepdim": _scalar("keepdim"), "self_sym_sizes": _scalar("shape")} for n in (
        "MaxBackward0", "MinBackward0", "KthvalueBackward0", "MedianBackward1", "NanmedianBackward1", "ModeBackward0")},
    **{n: {"dim": _int("dim_arg", "dim"), "indices": _computed_tensor(_unless_freed(_indices)),
           "self_sym_sizes": _scalar("shape")} for n in ("SortBackward0", "SortBackward1", "TopkBackward0")},
    **{n: {"dim": _int("dim_arg"), "self_sym_sizes": _scalar("shape")}
       for n in ("SqueezeBackward1", "SqueezeBackward2")},
}


def _unpack_saved_field(node: Node, field: str, spec: tuple):
    kind, where = spec
    if kind == "scalar":
        return getattr(node, where)
    if kind == "int":
        return saved_int(_first_set(node, where))
    if kind == "computed":
        return where(node)
    if kind == "tensor":
        hooks = node._ext.get("computed_hooks") if node._ext else None
        if hooks and field in hooks:  # (``_raw_saved_<name>.register_hooks``)
            if node._saved is None:
                raise RuntimeError(FREED_MSG)
            packed, unpack_hook = hooks[field]
            return unpack_hook(packed)
        return where(node)
    if kind == "attr":
        if node._saved is None:
            raise RuntimeError(FREED_MSG)
        return getattr(node, where)
    if node._saved is None and _never_saved(node, where):  # nothing was saved there: None, freed or not
        return None
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


# ``Node.save(None, scalar)``'s versions: slot 0 never saved, slot 1 a Python scalar
_SCALAR_OPERAND_VERSIONS = [None, None, _ScalarSlots((1,))]


def save_scalar_operand(node: Node, scalar) -> None:
    """``node.save(None, scalar)`` for a ``tensor op python-scalar`` node, without the loop: the
    scalar (for ``ember.explain`` and ``_saved_other``) and nothing for the tensor."""
    node._saved = (None, scalar)
    node._versions = _SCALAR_OPERAND_VERSIONS


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
        n._versions = None
    else:
        n._edges = (e, None)
        n._saved = (None, scalar)
        n._versions = _SCALAR_OPERAND_VERSIONS  # (what ``save(None, scalar)`` records; never mutated)
    n._meta = SAME_META
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


def node1(cls, a):
    """Fast constructor of the node of an op on one tensor ``a`` that requires grad (``Node((a,))``
    for a non-complex ``a``, whose output need not have ``a``'s shape or dtype)."""
    d = a._data
    if d.dtype.kind == "c":  # (Node's constructor adds the complex-gradient refusal)
        return cls((a,))
    n = _new_obj(cls)
    fn = a.grad_fn
    n._edges = ((a, 0) if fn is None else (fn, a._out_nr),)
    n._meta = ((d.shape, d.dtype),)
    n._saved = ()
    n._versions = None
    n._pre_hooks = None
    n._hooks = None
    n._ext = None
    n._seq = _next_seq()
    if _ON_NEW is not None:
        _ON_NEW(n, (a,))
    return n


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


_SAVED_HOOKS_NAMES = ("saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks",
                      "allow_mutation_on_saved_tensors")


def __getattr__(name: str):
    """``saved_tensors_hooks`` and friends live in ``_saved_hooks``, imported on first use."""
    if name in _SAVED_HOOKS_NAMES:
        from . import _saved_hooks
        return getattr(_saved_hooks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SAVED_HOOKS_NAMES))


from .anomaly_mode import _STATE as _ANOMALY  # noqa: E402
