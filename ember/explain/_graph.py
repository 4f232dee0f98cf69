"""Reading a finished graph: its nodes, leaves, names and the values we can still find.

Shared by ``ember.viz`` and ``ember.explain``.  A graph node keeps only what
its backward needs, so values of intermediate tensors are gathered from every
place that still holds them:

* the output tensor(s) themselves;
* tensors bound to names in the caller's frame (``y = 3*x + 2`` keeps ``y``);
* tensors saved for backward (``x ** 2`` saves ``x``; ``exp`` saves its output);
* what :func:`record` captured while the graph was built.
"""
from __future__ import annotations

import contextlib
import weakref

import numpy as np

from .. import _hints
from ..autograd.graph import SAME_META, Node

_SMALL_COPY = 4096  # elements: recorded values up to this size are copied (safe from in-place edits)

# node -> tuple of recorded inputs (numpy data, Python scalars, None for unknown)
_REC_INPUTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# node -> {output_nr: numpy data} of its outputs, as seen by their consumers
_REC_OUTPUTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# node -> {output_nr: weakref to the output tensor}
_REC_TENSORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_RECORDING = [0]


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


def _snapshot(data):
    if isinstance(data, np.ndarray):
        return data.copy() if data.size <= _SMALL_COPY else data
    return data


def _on_node(node, inputs) -> None:
    T = _tensor_cls()
    rec = []
    for t in inputs:
        if isinstance(t, T):
            d = _snapshot(t._data)
            rec.append(d)
            fn = t.grad_fn
            if fn is not None:
                _REC_OUTPUTS.setdefault(fn, {})[t._out_nr] = d
                try:
                    _REC_TENSORS.setdefault(fn, {})[t._out_nr] = weakref.ref(t)
                except TypeError:  # pragma: no cover
                    pass
        else:
            rec.append(t)
    _REC_INPUTS[node] = tuple(rec)


@contextlib.contextmanager
def record():
    """Record the inputs of every op run inside the block.

    Graphs built inside ``with ember.viz.record():`` remember the value of every
    intermediate tensor and every constant operand, so :func:`ember.viz.draw`
    can print intermediate values and :func:`ember.explain.formula` works even
    after ``backward()`` freed the saved tensors.  Outside the block nothing is
    recorded and ops run at full speed.
    """
    if _RECORDING[0] == 0:
        _hints.add_node_hook(_on_node)
    _RECORDING[0] += 1
    try:
        yield
    finally:
        _RECORDING[0] -= 1
        if _RECORDING[0] == 0:
            _hints.remove_node_hook(_on_node)


def is_recording() -> bool:
    return _RECORDING[0] > 0


# ----------------------------------------------------------------- names
def names_in_frame(frame) -> dict:
    """``id(tensor) -> name`` for tensors bound to names in ``frame`` (locals win over globals)."""
    T = _tensor_cls()
    out: dict = {}
    if frame is None:
        return out
    for scope in (frame.f_globals, frame.f_locals):
        for k, v in list(scope.items()):
            if isinstance(v, T) and not k.startswith("_"):
                out[id(v)] = k
    return out


def caller_frame():
    """The user's frame calling into ember (skipping ember's own frames)."""
    return _hints.user_frame(2)


# ------------------------------------------------------------ graph info
class GraphInfo:
    """Everything that can be read back from the graph behind ``roots``.

    * ``nodes``: op nodes in breadth-first order from the roots;
    * ``leaves``: leaf tensors (requiring grad) in the order first met;
    * ``consumers``: ``node_or_leaf_id -> [(consumer, input index)]``;
    * ``known``: ``(node, output_nr) -> numpy value`` of intermediate outputs;
    * ``tensors``: ``(node, output_nr) -> tensor`` where the tensor object is at hand;
    * names for leaves and named intermediates.
    """

    def __init__(self, roots, names: dict | None = None, frame=None) -> None:
        T = _tensor_cls()
        if isinstance(roots, T):
            roots = [roots]
        self.roots = list(roots)
        self.leaf_names: dict = {}       # id(leaf) -> name
        self.node_names: dict = {}       # (node, nr) -> name
        self.nodes: list = []
        self.leaves: list = []
        self.consumers: dict = {}
        self.out_meta: dict = {}         # (node, nr) -> (shape, np dtype)
        self.known: dict = {}
        self.tensors: dict = {}
        self._walk()
        self._gather_names(names, frame)
        self._gather_values(frame)
        self.infer_inputs()

    # .................................................................. walk
    def _walk(self) -> None:
        seen = set()
        queue = []
        for t in self.roots:
            fn = t.grad_fn
            if fn is None:
                if t._rg and id(t) not in seen:
                    seen.add(id(t))
                    self.leaves.append(t)
                continue
            key = (fn, t._out_nr)
            self.out_meta[key] = (t._data.shape, t._data.dtype)
            self.tensors[key] = t
            if id(fn) not in seen:
                seen.add(id(fn))
                queue.append(fn)
        i = 0
        while i < len(queue):
            node = queue[i]
            i += 1
            self.nodes.append(node)
            for k, e in enumerate(node._edges):
                if e is None:
                    continue
                target, nr = e
                self.consumers.setdefault(id(target), []).append((node, k))
                if isinstance(target, Node):
                    meta = node._meta[k]
                    if meta is None and node._meta is SAME_META:  # the input looks like the output
                        meta = self.out_meta.get((node, 0))
                    if meta is not None:
                        self.out_meta.setdefault((target, nr), meta)
                    if id(target) not in seen:
                        seen.add(id(target))
                        queue.append(target)
                else:
                    if id(target) not in seen:
                        seen.add(id(target))
                        self.leaves.append(target)

    # ................................................................. names
    def _gather_names(self, names, frame) -> None:
        T = _tensor_cls()
        by_id = names_in_frame(frame)
        if names:
            for k, v in dict(names).items():
                if isinstance(v, T):
                    by_id[id(v)] = str(k)
        self._by_id = by_id
        for t in self.leaves:
            n = by_id.get(id(t))
            if n is not None:
                self.leaf_names[id(t)] = n
        # named intermediates: walk the frame's tensors that belong to this graph
        node_set = {id(n) for n in self.nodes}
        objs = {}
        if frame is not None:
            for scope in (frame.f_globals, frame.f_locals):
                for k, v in list(scope.items()):
                    if isinstance(v, T) and not k.startswith("_"):
                        objs[k] = v
        for t in self.roots:
            if id(t) in by_id:
                objs.setdefault(by_id[id(t)], t)
        for k, v in objs.items():
            fn = v.grad_fn
            if fn is not None and id(fn) in node_set:
                key = (fn, v._out_nr)
                self.node_names[key] = k
                self.tensors.setdefault(key, v)
                if v._data is not None:
                    self.known[key] = v._data

    def leaf_label(self, t, index: int | None = None) -> str:
        n = self.leaf_names.get(id(t))
        if n is not None:
            return n
        if index is None:
            index = next((i for i, l in enumerate(self.leaves) if l is t), 0)
        return f"leaf{index}" if len(self.leaves) > 1 else "leaf"

    # ................................................................ values
    def _gather_values(self, frame) -> None:
        T = _tensor_cls()
        for t in self.roots:
            if t.grad_fn is not None:
                self.known[(t.grad_fn, t._out_nr)] = t._data
        for node in self.nodes:
            saved = node._saved
            if saved:
                for s in saved:
                    if not isinstance(s, T):
                        continue
                    fn = s.grad_fn
                    if fn is not None:
                        self.known.setdefault((fn, s._out_nr), s._data)
                        self.tensors.setdefault((fn, s._out_nr), s)
                    elif s._ext and s._ext.get("saved_output"):
                        self.known.setdefault((node, 0), s._data)
            rec = _REC_OUTPUTS.get(node)
            if rec:
                for nr, d in rec.items():
                    self.known.setdefault((node, nr), d)
            rt = _REC_TENSORS.get(node)
            if rt:
                for nr, ref in rt.items():
                    obj = ref()
                    if obj is not None:
                        self.tensors.setdefault((node, nr), obj)

    def infer_inputs(self) -> None:
        """Fill in unknown outputs from known ones through invertible one-input ops.

        ``(t*t + 1).sqrt()`` keeps only the sqrt's output; squaring it gives the
        value of ``t*t + 1``, from which the ``1`` can be recovered.
        """
        for _ in range(len(self.nodes) + 1):
            changed = False
            for node in self.nodes:
                out = self.known.get((node, 0))
                if out is None:
                    continue
                inv = _INVERSE.get(type(node).__name__)
                if inv is None:
                    continue
                edges = [e for e in node._edges if e is not None]
                if len(node._edges) != 1 or len(edges) != 1:
                    continue
                target, nr = edges[0]
                if not isinstance(target, Node) or (target, nr) in self.known:
                    continue
                meta = node._meta[0]
                try:
                    with np.errstate(all="ignore"):
                        v = inv(node, np.asarray(out, dtype=np.float64), meta)
                except Exception:
                    continue
                v = np.asarray(v)
                if meta is not None and v.shape != tuple(meta[0]):
                    continue
                if not np.all(np.isfinite(v)):
                    continue
                self.known[(target, nr)] = v
                changed = True
            if not changed:
                break

    def value(self, node, nr: int = 0):
        return self.known.get((node, nr))

    def retains_grad(self, node, nr: int = 0) -> bool:
        t = self.tensors.get((node, nr))
        if t is not None and t.grad_fn is node:
            return t.retains_grad
        hooks = node._pre_hooks
        if hooks:
            for h in hooks:
                if h[0] is not None and h[0] == -nr - 1:
                    return True
        return False

    def grad_of(self, node, nr: int = 0):
        t = self.tensors.get((node, nr))
        if t is not None and t.grad_fn is node and t.retains_grad:
            return t._grad
        return None


def _reshape_back(node, out, meta):
    return np.reshape(out, meta[0])


_INVERSE = {
    "ExpBackward0": lambda n, o, m: np.log(o),
    "Exp2Backward0": lambda n, o, m: np.log2(o),
    "Expm1Backward0": lambda n, o, m: np.log1p(o),
    "LogBackward0": lambda n, o, m: np.exp(o),
    "Log2Backward0": lambda n, o, m: np.exp2(o),
    "Log10Backward0": lambda n, o, m: np.power(10.0, o),
    "Log1PBackward0": lambda n, o, m: np.expm1(o),
    "SqrtBackward0": lambda n, o, m: o * o,
    "RsqrtBackward0": lambda n, o, m: 1.0 / (o * o),
    "TanhBackward0": lambda n, o, m: np.arctanh(o),
    "SigmoidBackward0": lambda n, o, m: np.log(o / (1.0 - o)),
    "NegBackward0": lambda n, o, m: -o,
    "ReciprocalBackward0": lambda n, o, m: 1.0 / o,
    "SinhBackward0": lambda n, o, m: np.arcsinh(o),
    "AsinhBackward0": lambda n, o, m: np.sinh(o),
    "AtanBackward0": lambda n, o, m: np.tan(o),
    "ViewBackward0": _reshape_back,
    "UnsafeViewBackward0": _reshape_back,
    "ReshapeAliasBackward0": _reshape_back,
    "SqueezeBackward0": _reshape_back,
    "SqueezeBackward1": _reshape_back,
    "SqueezeBackward2": _reshape_back,
    "CloneBackward0": lambda n, o, m: o,
    "ToCopyBackward0": lambda n, o, m: o,
    "TBackward0": lambda n, o, m: o.T if o.ndim == 2 else o,
    "TransposeBackward0": lambda n, o, m: np.swapaxes(o, n.d0, n.d1) if o.ndim else o,
    "PermuteBackward0": lambda n, o, m: np.transpose(o, tuple(int(k) for k in n.inverse)),
}


def recorded_inputs(node):
    return _REC_INPUTS.get(node)
