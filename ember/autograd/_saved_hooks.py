"""Saved-tensor hooks: ``torch.autograd.graph.saved_tensors_hooks`` and its relatives.

PyTorch calls the innermost ``pack_hook`` of the current thread whenever an
op saves a tensor for backward, keeps what it returns, and calls the paired
``unpack_hook`` on it when backward (or ``grad_fn._saved_<name>``) needs the
tensor.

ember's ops save tensors by assigning ``node._saved``, through ``Node.save``
or directly in their fast paths.  Rather than test for hooks on every save,
the slot's descriptor itself is swapped: while at least one hooks context is
open (on any thread), ``Node._saved`` is a ``_PackingSlot`` whose ``__set__``
packs; when the last context closes the plain slot descriptor is put back.
Without hooks the forward pass runs exactly the code it runs otherwise.

A packed node keeps its tensors in the slot (ember's tools may read them)
and gets an ``_Unpacker`` node pre-hook with the packed objects.  The engine
runs it before the node's backward: it calls the unpack hooks and puts their
tensors in the slot, with their current versions (tensors saved through
hooks are not version-checked, as in PyTorch).  When an in-place op swaps a
saved tensor for its ``original_self`` copy, the copy is packed too.
"""
from __future__ import annotations

import collections
import contextlib
import sys
import threading
import weakref

from . import graph as _g

_SLOT = _g.Node.__dict__["_saved"]  # the member descriptor of the ``_saved`` slot
_slot_get = _SLOT.__get__
_slot_set = _SLOT.__set__


class _ThreadHooks(threading.local):
    def __init__(self) -> None:
        self.stack = []  # (pack, unpack) pairs; the last one applies
        self.disabled = None  # the error message while ``disable_saved_tensors_hooks`` is on
        self.pending = []  # (weakref to node, hooks) saved during an in-place op, packed once it is over

    def pending_node_is(self, node) -> bool:
        return bool(self.pending) and self.pending[-1][0]() is node


_STATE = _ThreadHooks()
_LOCK = threading.Lock()
_OPEN = [0]  # hooks contexts open on all threads: the packing descriptor is installed while > 0


class _PackingSlot:
    """``Node._saved`` while hooks are on: reads are plain, stores pack each tensor (this thread's hooks)."""

    __slots__ = ()

    def __get__(self, node, owner=None):
        if node is None:
            return self
        return _slot_get(node)

    def __set__(self, node, value) -> None:
        st = _STATE
        if st.pending and (not st.pending_node_is(node) or not _in_inplace_op()):
            _flush()
        if not st.stack or not value:
            _slot_set(node, value)
            return
        T = _g._Tensor
        for t in value:
            if isinstance(t, T):
                break
        else:  # nothing to pack (a tensor-scalar node keeps its scalar here, before its other slots are set)
            _slot_set(node, value)
            return
        _slot_set(node, tuple(value))
        unp = _unpacker_of(node)
        if _in_inplace_op():
            # An in-place op runs its out-of-place twin, which saves here; it may then swap a saved
            # ``self`` for its ``original_self`` copy and write ``self``.  PyTorch packs the copy (and
            # a saved result after the write), so packing waits until the op is over: the next save,
            # the end of the hooks context, or backward.
            if not st.pending_node_is(node):
                st.pending.append((weakref.ref(node), st.stack[-1]))
            return
        _pack(node, unp, st.stack[-1])


_PACKING = _PackingSlot()
# Positions of a node's saved tuple in the order PyTorch's generated code saves (and packs) them,
# where ember's order differs.
# (A binary op whose ``self`` formula reads ``other`` first saves ``other`` first.)
_PACK_ORDER = {
    **{name: (1, 0) for name in (
        "MmBackward0", "DivBackward0", "MulBackward0", "Atan2Backward0", "MaximumBackward0", "MinimumBackward0",
        "XlogyBackward0", "FmodBackward1", "RemainderBackward1")},
    "PowBackward1": (1, 0, 2), "HypotBackward0": (1, 0, 2), "LerpBackward1": (1, 0, 2),
    "ClampBackward0": (2, 1, 0),
}


def _unpacker_of(node) -> "_Unpacker":
    ext = node._ext
    unp = ext.get("unpacker") if ext else None
    if unp is None:
        unp = _Unpacker(node)
        if ext is None:
            ext = node._ext = {}
        ext["unpacker"] = unp
        _g.pre_hooks_of(node).append((None, unp))
    return unp


def _pack(node, unp: "_Unpacker", hooks) -> None:
    """Call ``pack`` on each tensor of ``node``'s saved tuple not packed yet (in PyTorch's order)."""
    value = _slot_get(node)
    T = _g._Tensor
    pack, unpack = hooks
    old = unp.records
    records = {}
    order = _PACK_ORDER.get(type(node).__name__)
    if order is None or len(order) != len(value):
        order = range(len(value))
    for i in order:
        t = value[i]
        if not isinstance(t, T):
            continue
        prev = old.get(i)
        if prev is not None and prev[2] is t:
            records[i] = prev  # already packed (the tuple was saved again)
            continue
        vc = t._vc
        if vc is not None:
            vc[0]  # an inference tensor raises PyTorch's "cannot be saved for backward" here
        records[i] = (pack(_pack_argument(node, t)), unpack, t)
    unp.records = records


def _flush() -> None:
    """Pack the saves of the in-place ops that have finished since (see ``_PackingSlot.__set__``)."""
    pending = _STATE.pending
    while pending:
        ref, hooks = pending.pop(0)
        node = ref()
        if node is not None and _slot_get(node):
            _pack(node, _unpacker_of(node), hooks)


_INPLACE_CODES = None


def _in_inplace_op() -> bool:
    """Whether an in-place op (``ember.ops.inplace``) is on the call stack, a few frames up."""
    global _INPLACE_CODES
    if _INPLACE_CODES is None:
        from ..ops import inplace
        _INPLACE_CODES = tuple(f.__code__ for f in (getattr(inplace, "apply_inplace", None),
                                                    getattr(inplace, "_inplace_on_view", None)) if f is not None)
    f = sys._getframe(2)
    for _ in range(8):
        if f is None:
            return False
        if f.f_code in _INPLACE_CODES:
            return True
        f = f.f_back
    return False


def _pack_argument(node, t):
    """What ``pack_hook`` receives: the tensor, or for a saved output (kept as a detached alias to
    avoid a reference cycle) a tensor connected to ``node`` as the output is."""
    ext = t._ext
    if ext and ext.get("saved_output"):
        return _g.output_alias(node, t)
    return t


class _Unpacker:
    """Pre-hook of a node whose saved tensors were packed: unpacks them just before its backward."""

    __slots__ = ("node", "records", "live")

    def __init__(self, node) -> None:
        self.node = weakref.ref(node)
        self.records = {}  # position in ``_saved`` -> (packed object, unpack hook, the tensor packed)
        self.live = None  # the ``_versions`` list set with the last unpacked tensors

    def unpacked(self, node) -> tuple:
        """The saved tuple with every packed entry replaced by its unpack hook's tensor."""
        if _STATE.pending:
            _flush()
        s = _slot_get(node)
        if s is None:
            raise RuntimeError(_g.FREED_MSG)
        vals = list(s)
        for i, (packed, unpack, _t) in self.records.items():
            if i >= len(vals):  # the node's tensors were dropped (``utils.checkpoint``)
                continue
            r = unpack(packed)
            if not isinstance(r, _g._Tensor):
                raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                                f"{type(r).__name__}")
            vals[i] = r
        return tuple(vals)

    def __call__(self, grads):
        node = self.node()
        if node is None or not _slot_get(node):
            return None  # freed (the node's backward raises PyTorch's error) or emptied
        vals = self.unpacked(node)
        _slot_set(node, vals)
        vs = []
        for t in vals:
            if isinstance(t, _g._Tensor):
                vc = t._vc
                vs.append(0 if vc is None else vc[0])
            else:
                vs.append(None)
        node._versions = self.live = vs
        return None


class SavedTensor:
    """One tensor saved by a node (``grad_fn._raw_saved_<name>``, PyTorch's
    ``torch._C._autograd.SavedTensor``): ``register_hooks`` packs it now and unpacks it for backward."""

    __slots__ = ("_node", "_position")

    def __init__(self, node, position: int) -> None:
        self._node = node
        self._position = position

    def register_hooks(self, pack_hook, unpack_hook) -> None:
        node = self._node
        saved = _slot_get(node)
        if saved is None:
            raise RuntimeError(
                "Calling register_hooks on a saved tensor after it has been freed. Saved intermediate values of the "
                "graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need "
                "to backward through the graph a second time or if you need to access saved variables after calling "
                "backward.")
        unp = _unpacker_of(node)
        if self._position in unp.records:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: "
                               "only one pair of hooks is allowed at a time.")
        t = saved[self._position]
        unp.records[self._position] = (pack_hook(_pack_argument(node, t)), unpack_hook, t)


SavedTensor.__module__ = "torch._C._autograd"


def saved_values(node) -> tuple:
    """``node``'s saved tuple as ``grad_fn._saved_<name>`` and ``ctx.saved_tensors`` read it: through the
    unpack hooks when they were packed (and not already unpacked for a backward pass)."""
    ext = node._ext
    unp = ext.get("unpacker") if ext else None
    if unp is None or (unp.live is not None and node._versions is unp.live):
        return node.saved()
    return unp.unpacked(node)


def _push(pack_hook, unpack_hook) -> None:
    st = _STATE
    if st.disabled is not None:
        raise RuntimeError(st.disabled)
    st.stack.append((pack_hook, unpack_hook))
    with _LOCK:
        _OPEN[0] += 1
        if _OPEN[0] == 1:
            _g.Node._saved = _PACKING


def _pop() -> None:
    try:
        if _STATE.pending:
            _flush()
    finally:
        _STATE.stack.pop()
        with _LOCK:
            _OPEN[0] -= 1
            if _OPEN[0] == 0:
                _g.Node._saved = _SLOT


class saved_tensors_hooks:
    """Context manager that sets a pair of pack / unpack hooks for saved tensors.

    In that context ``pack_hook(tensor)`` is called every time an operation
    saves a tensor for backward, and its result is stored in the graph;
    ``unpack_hook(packed)`` is called when backward needs the tensor and must
    return a tensor with the original's content.  Only the innermost pair
    applies.
    """

    def __init__(self, pack_hook, unpack_hook) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> None:
        _push(self.pack_hook, self.unpack_hook)

    def __exit__(self, *args) -> None:
        _pop()


class save_on_cpu(saved_tensors_hooks):
    """Context manager under which tensors saved by the forward pass are stored on the CPU
    (copied back to their device for backward); on a CPU graph, ``tensor.cpu()`` is the tensor itself."""

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        import ember
        device_module = getattr(ember, device_type, ember.cuda)

        def pack_to_cpu(tensor):
            if not pin_memory:
                return (tensor.device, tensor.cpu())
            is_pinnable = device_module.is_available() and not tensor.is_sparse
            packed = ember.empty(tensor.size(), dtype=tensor.dtype, layout=tensor.layout, pin_memory=is_pinnable)
            packed.copy_(tensor, non_blocking=is_pinnable)
            return (tensor.device, packed)

        def unpack_from_cpu(packed):
            device, tensor = packed
            return tensor.to(device, non_blocking=pin_memory)

        super().__init__(pack_to_cpu, unpack_from_cpu)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message: str):
    """Context manager under which saved-tensor hooks raise ``RuntimeError(error_message)``:
    entering ``saved_tensors_hooks`` inside it, or entering it while hooks are on."""
    st = _STATE
    prev = st.disabled
    try:
        st.disabled = error_message
        if st.stack:
            raise RuntimeError(error_message)
        yield
    finally:
        st.disabled = prev


# ------------------------------------------------------------ allow_mutation_on_saved_tensors
# PyTorch's module flag ``_allow_mutation_on_saved_tensors_enabled`` (one for all contexts and threads)
_MUTATION_ALLOWED = [False]
# (PyTorch's message joins its two string literals without a space)
_BACKWARD_OUTSIDE_MSG = ("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context"
                         "in which the graph was originally recorded.")


class _Handle:
    """What ``allow_mutation_on_saved_tensors``'s pack hook stores in the graph for one saved tensor."""

    __slots__ = ("__weakref__",)


class _AllowMutationOnSavedContext:
    """The state of one ``allow_mutation_on_saved_tensors`` context (what it yields), as PyTorch's: the
    saved tensors by handle (``original``), the copies backward uses for those mutated since
    (``cloned``), the handles by ``(id, data_ptr, version)`` and those ids by ``(data_ptr, version)``.

    PyTorch clones a saved tensor when an in-place op is about to write it; ember has no hook before
    every write (optimizers and ``.data`` writes go straight to the array), so it copies each saved
    tensor's values when it is saved (``snapshots``) and hands that copy to backward when the tensor's
    version has moved on since or its values changed (a ``.data`` write).  (Unlike PyTorch, a write
    through a view that starts elsewhere in the saved tensor is caught too: PyTorch matches the written
    tensor's ``data_ptr`` and misses it.)"""

    def __init__(self) -> None:
        self.cloned = weakref.WeakKeyDictionary()
        self.original = weakref.WeakKeyDictionary()
        self.tid_to_weakhandle = weakref.WeakValueDictionary()
        self.sid_to_tid = collections.defaultdict(set)
        self.snapshots = weakref.WeakKeyDictionary()  # handle -> (version when saved, a copy of the values)

    def clear(self) -> None:
        self.cloned.clear()
        self.original.clear()
        self.tid_to_weakhandle.clear()
        self.sid_to_tid.clear()
        self.snapshots.clear()

    def pack(self, tensor) -> _Handle:
        """PyTorch's ``_swap_with_cloned`` pack hook: one handle per tensor and version saved."""
        version = tensor._version
        sid = (tensor.data_ptr(), version)
        tid = (id(tensor),) + sid
        self.sid_to_tid[sid].add(tid)
        handle = self.tid_to_weakhandle.get(tid)
        if handle is None:
            handle = _Handle()
            self.tid_to_weakhandle[tid] = handle
            self.original[handle] = tensor
            self.snapshots[handle] = (version, tensor.detach().clone(), tensor.grad_fn, tensor._out_nr)
        return handle

    def unpack(self, handle: _Handle):
        """PyTorch's unpack hook: the tensor as it was saved (its copy once it was mutated); outside the
        context (or after it closed) an ``AssertionError``."""
        if not _MUTATION_ALLOWED[0]:
            raise AssertionError(_BACKWARD_OUTSIDE_MSG)
        cloned = self.cloned.get(handle)
        if cloned is not None:
            return cloned
        tensor = self.original.get(handle)
        if tensor is None:
            raise AssertionError(_BACKWARD_OUTSIDE_MSG)
        version, copy, node, out_nr = self.snapshots[handle]
        if tensor._version != version or _values_differ(tensor, copy):
            # written since it was saved (``.data`` writes keep the version): PyTorch would have cloned it
            copy = _with_history(copy, node, out_nr)
            self.cloned[handle] = copy
            del self.original[handle]
            return copy
        return _with_history(tensor, node, out_nr)


def _with_history(values, node, out_nr: int):
    """What PyTorch's ``SavedVariable::unpack`` makes of an unpack hook's tensor for a saved non-leaf: a new
    tensor of ``values``'s data with the ``grad_fn`` and output number the saved tensor had when saved
    (``_saved_self`` prints ``grad_fn=<MulBackward0>``; double backward reaches that history even after
    an in-place op rebased the tensor's).  A leaf's values are given as they are (ember keeps no grad
    accumulator for a stand-in of the leaf)."""
    from .._tensor import _make
    if node is None:
        return values
    t = _make(values._data, node)
    t._out_nr = out_nr
    return t


def _values_differ(tensor, copy) -> bool:
    """Whether ``tensor`` no longer holds ``copy``'s values (compared bit for bit: NaNs and signed zeros
    count as written)."""
    import numpy as np
    a = np.asarray(tensor._data)
    b = np.asarray(copy._data)
    return a.shape != b.shape or a.dtype != b.dtype or a.tobytes() != b.tobytes()


@contextlib.contextmanager
def allow_mutation_on_saved_tensors():
    """Context manager under which mutating tensors saved for backward is allowed: backward (run in the
    same context) uses the values they had when saved instead of raising PyTorch's "modified by an
    inplace operation" error.  Yields the context's state (``_AllowMutationOnSavedContext``), cleared on
    exit; nesting fails with ``allow_mutation_on_saved_tensors contexts cannot be nested``."""
    ctx = _AllowMutationOnSavedContext()
    with saved_tensors_hooks(ctx.pack, ctx.unpack):
        try:
            if _MUTATION_ALLOWED[0]:
                raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
            _MUTATION_ALLOWED[0] = True
            yield ctx
        finally:
            ctx.clear()
            _MUTATION_ALLOWED[0] = False


# PyTorch defines these in torch.autograd.graph: take the module name graph's own classes show (under
# ``python -m ember run`` they were renamed to PyTorch's before this module was first imported).
for _obj in (saved_tensors_hooks, save_on_cpu, disable_saved_tensors_hooks, allow_mutation_on_saved_tensors,
             _AllowMutationOnSavedContext):
    _obj.__module__ = _g.GradientEdge.__module__
    if getattr(_g.GradientEdge, "_ember_renamed", False) and isinstance(_obj, type):
        _obj._ember_renamed = True
