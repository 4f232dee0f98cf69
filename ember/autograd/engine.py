"""The backward engine.

Like PyTorch's ``engine.cpp`` the walk is iterative: one pass counts, for
every node reachable from the roots, how many edges point at it; then nodes
run when all their incoming gradients have arrived (their count reaches 0).
No recursion, so a 100,000-op chain is fine.

Broadcast reduction happens here, once, for every op: a gradient whose shape
differs from the recorded input shape is summed down to it (and cast back to
the input's dtype).  Leaves are targets like nodes, so a leaf's hooks see the
total gradient, accumulated once, exactly as ``AccumulateGrad`` does.
"""
from __future__ import annotations

import heapq
import itertools
import sys
from typing import Sequence

import numpy as np

from .. import _hints
from ..backend.scratch import BIG_BYTES, big_empty, pool_refs
from . import anomaly_mode
from .grad_mode import STATE
from .graph import FUSION, HOOKS, RETAINERS, SAME_META, AccumulateGrad, GradientEdge, Node
from ._zerotensor import add_grads, is_zero_tensor_array
from ..ops._layout import grad_in_layout, obeys_grad_layout

_Tensor = None  # set by ember._tensor
_move_retainers = None  # ember._tensor.move_retainers: retain_grad hooks follow in-place ops' new grad_fn


def _current_task():
    """The innermost backward pass running on this thread (PyTorch's current ``GraphTask``), for hooks
    that ask which nodes it will execute (``graph.register_multi_grad_hook``): ``(deps, roots, needed,
    wanted, capture)`` read from the frame of ``run_backward`` or ``run_backward_raw_scalar``, or None.

    It is looked up on the stack rather than stored per pass, so passes pay nothing for it.
    """
    f = sys._getframe(1)
    while f is not None:
        code = f.f_code
        if code is _RUN_BACKWARD_CODE:
            loc = f.f_locals
            if "deps" in loc:
                return loc["deps"], loc["root_targets"], loc["needed"], loc["wanted"], loc["capture"]
        elif code is _RUN_SCALAR_CODE:
            loc = f.f_locals
            if "deps" in loc:
                return loc["deps"], (loc["fn"],), None, None, False
        f = f.f_back
    return None


def current_task_id() -> int:
    """``torch._C._current_graph_task_id()``: an id of the running backward pass, -1 outside one."""
    cur = _current_task()
    return -1 if cur is None else id(cur[0])


def will_execute(target) -> bool:
    """``torch._C._will_engine_execute_node``: whether the running pass will execute ``target``
    (a node, or a leaf tensor standing for its AccumulateGrad)."""
    cur = _current_task()
    if cur is None:
        raise RuntimeError("_will_engine_execute_node should only be called during the backward pass")
    deps, roots, needed, wanted, capture = cur
    if target._is_leaf_target:
        return (target in deps or target in roots) and not capture and (wanted is None or target in wanted)
    if target in roots:
        return needed is None or target in needed
    return target in deps and (needed is None or target in needed)


def _reduce_to(g, meta, node=None, outs=None):
    """Sum a broadcast gradient down to the input's shape and cast to its dtype."""
    shape, dt = meta
    gd = g._data
    if gd.shape != shape:
        if node is not None and node._user_rule and not _expandable(shape, gd.shape):
            raise _invalid_gradient(node, outs, g, gd.shape, shape)
        g = g.sum_to_size(shape) if shape else g.sum()
    if g._data.dtype != dt:
        if g._data.dtype.kind == "c" and np.dtype(dt).kind != "c":
            g = g.real
        g = g._to_np_dtype(dt)
    return g


def _add(a, b):
    if a is None:
        return b
    return a + b


def _collect_needed(root_targets, wanted) -> set:
    """Nodes that must run: those with an edge into a wanted target or into a node that reaches one.

    A wanted node itself only runs when another wanted target lies below it:
    its gradient is captured from its input buffer (as PyTorch captures it at
    the node's input), so ``autograd.grad(out, non_leaf)`` leaves the
    non-leaf's own node, and its saved tensors, untouched.  Iterative post-order.
    """
    reach = set()
    needed = set()
    visited = set()
    stack = [(t, False) for t in root_targets]
    while stack:
        node, done = stack.pop()
        if done:
            if isinstance(node, Node):
                for e in node._edges:
                    if e is not None and e[0] in reach:
                        needed.add(node)
                        reach.add(node)
                        break
            if node in wanted:
                reach.add(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))
        if isinstance(node, Node):
            for e in node._edges:
                if e is not None and e[0] not in visited:
                    stack.append((e[0], False))
    return needed


def _count_dependencies(root_targets) -> dict:
    """How many edges point at each node/leaf reachable from the roots.

    Each node's edges are walked once: a node is scheduled the first time it
    is seen (roots are scheduled up front).
    """
    if len(root_targets) == 1 and not root_targets[0]._is_leaf_target:
        return _count_from(root_targets[0])
    deps = {}
    roots = set(root_targets)
    stack = [r for r in roots if not r._is_leaf_target]
    pop = stack.pop
    push = stack.append
    get = deps.get
    while stack:
        for e in pop()._edges:
            if e is None:
                continue
            t = e[0]
            c = get(t)
            if c is None:
                deps[t] = 1
                if not t._is_leaf_target and t not in roots:
                    push(t)
            else:
                deps[t] = c + 1
    return deps


def _count_from(root) -> dict:
    """``_count_dependencies`` for one root node: no other root can be reached (the graph is acyclic)."""
    deps = {}
    stack = [root]
    pop = stack.pop
    push = stack.append
    get = deps.get
    while stack:
        node = pop()
        while node._meta is SAME_META:  # a chain link: one edge, nothing else to look at
            t = node._edges[0][0]
            c = get(t)
            if c is not None:
                deps[t] = c + 1
                break
            deps[t] = 1
            if t._is_leaf_target:
                break
            node = t
        else:
            for e in node._edges:
                if e is not None:
                    t = e[0]
                    c = get(t)
                    if c is None:
                        deps[t] = 1
                        if not t._is_leaf_target:
                            push(t)
                    else:
                        deps[t] = c + 1
    return deps


def _new_buffer(t) -> list:
    if t.multi_output:
        return [None] * t.num_outputs
    return [None]


def run_backward(
    roots: Sequence,
    grads: Sequence,
    retain_graph: bool,
    create_graph: bool,
    inputs: Sequence | None = None,
    capture: bool = False,
):
    """Propagate ``grads`` from ``roots`` through the graph.

    With ``capture`` (``autograd.grad``) gradients for ``inputs`` are returned
    rather than accumulated into ``.grad``.  With ``inputs`` and no capture
    (``backward(inputs=...)``) only those leaves accumulate.
    """
    if RETAINERS:
        _move_retainers()
    buffers: dict = {}
    root_targets = []
    for t, g in zip(roots, grads):
        fn = t.grad_fn
        key = t if fn is None else fn
        nr = 0 if fn is None else t._out_nr
        buf = buffers.get(key)
        if buf is None:
            buf = buffers[key] = _new_buffer(key)
            root_targets.append(key)
        if g is not None and g._data.dtype != t._data.dtype:
            g = g._to_np_dtype(t._data.dtype)  # PyTorch's validate_outputs casts root gradients
        buf[nr] = _add(buf[nr], g)

    capture_at = {}  # target -> list of (output_nr, slot index)
    wanted = None
    if inputs is not None:
        wanted = set()
        for i, t in enumerate(inputs):
            if t.__class__ is GradientEdge:  # ``graph.get_gradient_edge``: (node or its AccumulateGrad, slot)
                node = t.node
                target = node.variable if node.__class__ is AccumulateGrad else node
                nr = t.output_nr
            else:
                target = t if t.grad_fn is None else t.grad_fn
                nr = 0 if t.grad_fn is None else t._out_nr
            capture_at.setdefault(target, []).append((nr, i))
            wanted.add(target)
    results = [None] * (len(inputs) if inputs is not None else 0)
    needed = _collect_needed(root_targets, wanted) if wanted is not None else None

    deps = _count_dependencies(root_targets)
    # Ready targets run as in PyTorch's engine: leaves (its AccumulateGrad) first, then the node with
    # the highest sequence number, so the gradients meeting in one buffer are summed in its order.
    ready = [(_key(t), t) for t in root_targets if t not in deps]
    heapq.heapify(ready)
    if not create_graph and not anomaly_mode.is_enabled():
        prev = STATE.enabled
        STATE.enabled = False
        fz = FUSION
        blocked = fz.blocked
        if capture_at or needed is not None:  # gradients between nodes are observed
            fz.blocked = True
        try:
            _run_raw(buffers, deps, ready, retain_graph, capture_at, results, capture, wanted, needed)
        finally:
            STATE.enabled = prev
            fz.blocked = blocked
            if fz.grad is not None:
                fz.node = fz.grad = fz.extra = None
        return results
    def push(t):
        heapq.heappush(ready, (_key(t), t))

    prev_mode = STATE.enabled
    STATE.enabled = create_graph
    anomaly = anomaly_mode.is_enabled()
    try:
        while ready:
            target = heapq.heappop(ready)[1]
            buf = buffers.pop(target, None)
            if target._is_leaf_target:
                if buf is not None and buf[0] is not None:
                    _deliver_leaf(target, buf[0], capture_at, results, capture, wanted, create_graph)
                continue
            node = target
            if buf is not None:
                if node._pre_hooks:
                    buf = _run_pre_hooks(node, buf, needed is None or node in needed)
                if capture_at and node in capture_at:
                    for nr, slot in capture_at[node]:
                        results[slot] = _add(results[slot], buf[nr])
                run = buf[0] is not None if len(buf) == 1 else any(g is not None for g in buf)
                if needed is not None and node not in needed:
                    run = False
            else:
                run = False
            outs = None
            if run:
                if anomaly:
                    outs = anomaly_mode.call_checked(node, buf)
                else:
                    outs = node.backward(*buf)
                    if outs.__class__ is not tuple:
                        outs = tuple(outs) if outs.__class__ is list else (outs,)
                if node._hooks:
                    outs = _run_post_hooks(node, _fitted_outs(node, outs), buf)
                if not retain_graph and node._saved:
                    node._saved = None
            i = 0
            n_outs = len(outs) if outs is not None else 0
            metas = node._meta
            for e in node._edges:
                if e is not None:
                    t = e[0]
                    if i < n_outs:
                        g = outs[i]
                        if g is not None:
                            gd = g._data
                            meta = metas[i]
                            if meta is not None and (gd.shape != meta[0] or gd.dtype is not meta[1]
                                                     and gd.dtype != meta[1]):
                                g = _reduce_to(g, meta, node, outs)
                            b = buffers.get(t)
                            if b is None:
                                b = buffers[t] = _new_buffer(t)
                            nr = e[1]
                            cur = b[nr]
                            b[nr] = g if cur is None else add_grads(cur, g)
                    c = deps[t] - 1
                    if c:
                        deps[t] = c
                    else:
                        deps[t] = 0
                        push(t)
                i += 1
    finally:
        STATE.enabled = prev_mode
    return results


_LEAF_FIRST = -(1 << 62)  # below every node's key (sequence numbers stay far below 2**61)
# Leaves tie in PyTorch (every AccumulateGrad has the highest sequence number) and its heap then pops
# the one pushed first; a running count keeps that order, deterministic (an id would not be).
_leaf_tick = itertools.count().__next__


def run_backward_raw_scalar(fn, buffers: dict, retain_graph: bool) -> None:
    """``loss.backward()`` for a 0-d float loss with default arguments (the hot path)."""
    if RETAINERS:
        _move_retainers()
    deps = _count_from(fn)
    if anomaly_mode._STATE.enabled:
        from .._tensor import _make
        run_backward([_make(buffers[fn][0], fn)], [_make(buffers[fn][0])], retain_graph, False)
        return
    prev = STATE.enabled
    STATE.enabled = False
    try:
        _run_raw(buffers, deps, [(-fn._seq, fn)], retain_graph, {}, [], False, None, None, raw_roots=True)
    except BaseException:
        FUSION.node = FUSION.grad = FUSION.extra = None  # a ReLU that never ran leaves its tag (graph.FUSION)
        raise
    finally:
        STATE.enabled = prev


_RUN_BACKWARD_CODE = run_backward.__code__
_RUN_SCALAR_CODE = run_backward_raw_scalar.__code__

_faithful_sum = _column_sums = None  # ops._cascade_sum's, imported on first use (ops imports autograd)


def _import_sums() -> None:
    global _faithful_sum, _column_sums
    from ..ops._cascade_sum import column_sums as _column_sums, faithful_sum as _faithful_sum


def _invalid_gradient(node, outs, g, gshape, shape) -> RuntimeError:
    """PyTorch's ``validate_outputs`` error for a gradient that cannot be summed to its input's shape."""
    i = next((j for j, o in enumerate(outs or ()) if o is g), 0)
    name = node.name() if node is not None else "Function"
    return RuntimeError(f"Function {name} returned an invalid gradient at index {i} - got {list(gshape)} but "
                        f"expected shape compatible with {list(shape)}")


def _expandable(shape, gshape) -> bool:
    """Whether a tensor of ``shape`` broadcasts to ``gshape`` (``is_expandable_to``)."""
    lead = len(gshape) - len(shape)
    return lead >= 0 and all(s == 1 or s == gs for s, gs in zip(shape, gshape[lead:]))


def _sum_to_raw(gd, shape, node=None, outs=None):
    """Sum a broadcast gradient array down to ``shape`` (PyTorch's sum_to_size).

    A custom Function's gradient whose shape the input's shape does not
    broadcast to raises PyTorch's "returned an invalid gradient" error naming
    ``node`` (the index is found in ``outs`` by identity); ember's own nodes
    are trusted.
    """
    gshape = gd.shape
    if node is not None and node._user_rule and not _expandable(shape, gshape):
        raise _invalid_gradient(node, outs, gd, gshape, shape)
    if _faithful_sum is None:
        _import_sums()
    if (len(gshape) == 2 and len(shape) == 1 and gshape[1] == shape[0] and gd.__class__ is np.ndarray
            and gd.flags.c_contiguous):  # a bias gradient (batch, features): straight to the column sums
        r = _column_sums(gd)
        if r is not None:
            return r
    lead = len(gshape) - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and gshape[lead + i] != 1)
    if not axes:
        return np.reshape(gd, shape)
    if gd.__class__ is not np.ndarray:
        gd = np.asarray(gd)
    if not gd.flags.c_contiguous:
        gd = np.ascontiguousarray(gd)
    if gd.dtype == np.float16:  # PyTorch accumulates a Half sum in float32, rounding once
        from ..ops.reduction import _sum_half
        r = _sum_half(gd, axes, True)
    else:
        r = _faithful_sum(gd, axes, True)
    if r is None:
        r = gd.sum(axis=axes, keepdims=True)
    r = r.reshape(shape)
    return r[()] if r.ndim == 0 else r


_NONES = (None,)


def _ref_counts(g: np.ndarray):
    """``sys.getrefcount`` of ``g`` and of its base (None without one), seen from here."""
    base = g.base
    return sys.getrefcount(g), (None if base is None else sys.getrefcount(base))


def _calibrate():
    """The counts ``_ref_counts`` reports for arrays only the caller's local ``g`` refers to."""
    g = np.empty(2)
    alone = _ref_counts(g)[0]
    g = np.empty(2)[:]  # a whole view of an array nothing else holds
    return alone, _ref_counts(g)[1]


_ALONE, _BASE_ALONE = _calibrate()


def _sole_owner(g: np.ndarray) -> bool:
    """Whether the caller's local ``g`` is the only reference to a writable C-contiguous array
    whose memory nothing else can reach (``g`` may be a whole view of an array only it refers to)."""
    if not (g.flags.c_contiguous and g.flags.writeable):
        return False
    own, base_refs = _ref_counts(g)
    if own != _ALONE + 1:  # +1: the caller's local and this function's parameter
        return False
    if base_refs is None:
        return True
    base = g.base
    return (base.__class__ is np.ndarray and base.base is None and base.size == g.size
            and base_refs == _BASE_ALONE)


def _run_raw(buffers, deps, ready, retain_graph, capture_at, results, capture, wanted, needed,
             raw_roots: bool = False) -> None:
    """The engine loop without ``create_graph``: gradients flow as raw arrays.

    Nodes that define a raw ``vjp`` run it directly on arrays; others run their
    tensor-op ``backward`` on wrapped arrays.  Leaves, hooks and captured
    results see tensors, exactly as in the recording loop.

    Ready targets run in PyTorch's order: leaves first, then the node with the
    highest sequence number (``ready`` is a heap of ``(_key(t), t)``), so the
    gradients meeting in one buffer arrive, and are summed, in PyTorch's order.
    A target that becomes ready and outranks everything waiting is run next
    directly, without a round trip through the heap and ``buffers``; a chain
    of ops is walked with no heap or dictionary traffic.
    """
    _make = _Tensor._fast_make
    if not raw_roots:
        for key, buf in buffers.items():
            for i, g in enumerate(buf):
                if g is not None:
                    buf[i] = g._data
    pop = heapq.heappop
    push = heapq.heappush
    bget = buffers.get
    bpop = buffers.pop
    chains = not capture_at and needed is None  # nothing to watch for along the way
    while ready:
        target = pop(ready)[1]
        buf = bpop(target, None)
        while target is not None:
            if (target._meta is SAME_META and chains and buf is not None and buf[0] is not None):
                # (SAME_META: a single-output node, so one slot; a leaf's _meta is None)
                if target.vjp_owned is None:
                    target, buf = _run_chain(target, buf[0], deps, buffers, retain_graph, ready)
                else:  # the gradient handed over alone (no stale references here) for ``_owned`` to test
                    outs = gd = b = g0 = None
                    target, buf = _run_chain(target, buf.pop(), deps, buffers, retain_graph, ready, True)
                if target is None:
                    break
            if target._is_leaf_target:
                if buf is not None and buf[0] is not None:
                    g = buf[0]
                    if (chains and wanted is None and target._grad is None and target._ext is None
                            and not _hints._ENABLED):
                        # AccumulateGrad's first gradient, nothing watching: keep the array itself when
                        # nothing else can see it (as AccumulateGrad steals a gradient it alone holds),
                        # else store a private copy.  First drop this loop's own stale references.
                        outs = gd = g0 = buf = b = None
                        if g.__class__ is np.ndarray:
                            vd = target._data
                            if vd.__class__ is np.ndarray and not vd.flags.c_contiguous:
                                # a strided leaf: AccumulateGrad's layout contract (its strides or row-major)
                                if not (obeys_grad_layout(g, vd) and _sole_owner(g)):
                                    g = grad_in_layout(g, vd)
                            elif not _sole_owner(g):
                                g = g.copy()
                        target._grad = _make(g)
                    else:
                        _deliver_leaf(target, _make(g), capture_at, results, capture, wanted, False)
                break
            node = target
            outs = None
            if buf is not None:
                if node._pre_hooks:
                    tb = _run_pre_hooks(node, [None if b is None else _make(b) for b in buf],
                                        needed is None or node in needed)
                    buf = [None if b is None else b._data for b in tb]
                if capture_at and node in capture_at:
                    for nr, slot in capture_at[node]:
                        if buf[nr] is not None:
                            results[slot] = _add(results[slot], _make(buf[nr]))
                if len(buf) == 1:
                    g0 = buf[0]
                    run = g0 is not None
                else:
                    g0 = None
                    run = any(g is not None for g in buf)
                if run and (needed is None or node in needed):
                    vjp = node.vjp
                    if g0 is not None and vjp is not None and node._hooks is None:
                        outs = vjp(g0)  # the hot path: one incoming gradient, a raw vjp, no hooks
                        if outs is None:
                            outs = _call_node(node, buf, _make)
                    else:
                        outs = _call_node(node, buf, _make)
                    if not retain_graph and node._saved:
                        node._saved = None
            edges = node._edges
            if outs is None:
                outs = _NONES * len(edges)
            elif len(outs) < len(edges):
                outs = tuple(outs) + _NONES * (len(edges) - len(outs))
            target = buf = None  # the next target to run directly, and its gradients
            for e, gd, meta in zip(edges, outs, node._meta):
                if e is None:
                    continue
                t = e[0]
                if gd is not None and meta is not None:  # None: the gradient already fits (SAME_META)
                    if gd.shape != meta[0]:
                        gd = _sum_to_raw(gd, meta[0], node, outs)
                    dt = meta[1]
                    if gd.dtype is not dt and gd.dtype != dt:
                        if gd.dtype.kind == "c" and dt.kind != "c":  # PyTorch: a real input gets the real part
                            gd = gd.real
                        gd = gd.astype(dt)
                c = deps[t] - 1
                if c:
                    deps[t] = c
                    if gd is not None:
                        b = bget(t)
                        if b is None and not t.multi_output:
                            buffers[t] = [gd]  # the first of several gradients for t
                        else:
                            _accumulate_raw(buffers, b, t, e[1], gd)
                    continue
                b = bpop(t, None)
                if gd is not None:
                    b = [gd] if b is None and not t.multi_output else _merged(b, t, e[1], gd)
                if target is None:
                    target = t
                    buf = b
                    tkey = None  # (computed when needed)
                    continue
                if tkey is None:
                    tkey = _key(target)
                k = _key(t)
                if k < tkey:  # t outranks the target chosen so far, which waits in the heap
                    t, target = target, t
                    b, buf = buf, b
                    k, tkey = tkey, k
                if b is not None:
                    buffers[t] = b
                push(ready, (k, t))
            if target is not None and ready:
                if tkey is None:
                    tkey = _key(target)
                if ready[0][0] < tkey:  # a waiting target outranks it: it waits too
                    if buf is not None:
                        buffers[target] = buf
                    push(ready, (tkey, target))
                    target = None


def _key(t) -> int:
    """Heap key of a ready target (smallest runs first): leaves, PyTorch's ``AccumulateGrad``, before
    any node and in the order their keys are taken (the order they became ready), then nodes newest
    first (highest ``sequence_nr``); never equal for two targets."""
    return _LEAF_FIRST + _leaf_tick() if t._is_leaf_target else -t._seq


def _sum_grads(cur, gd):
    """``cur + gd``; a large sum goes into a pooled buffer (a fresh one would page-fault).  A ZeroTensor
    ``cur`` (``sgn``'s real derivative) gives ``gd`` as it is, as PyTorch's ``ZeroTensor + var`` does."""
    if is_zero_tensor_array(cur):
        return gd
    if (cur.__class__ is np.ndarray and gd.__class__ is np.ndarray and cur.nbytes >= BIG_BYTES
            and cur.shape == gd.shape and cur.dtype == gd.dtype):
        return np.add(cur, gd, out=big_empty(cur.shape, cur.dtype, "engine.grad_sum"))
    return cur + gd


def _merged(buf, t, nr, gd) -> list:
    """``t``'s input buffer (created if ``None``) with ``gd`` added into slot ``nr``."""
    if buf is None:
        buf = [None] * t.num_outputs
    cur = buf[nr]
    buf[nr] = gd if cur is None else _sum_grads(cur, gd)
    return buf


def _owned(g) -> bool:
    """Whether the caller's local ``g`` is the only reference to that array besides this
    thread's buffer pool: no tensor, hook, view or other gradient slot can see it, so a rule
    may overwrite it (``Node.vjp_owned``).  Views are never owned: their base may be shared."""
    n = sys.getrefcount(g)
    return g.__class__ is np.ndarray and g.base is None and n - pool_refs(g) == _ALONE


def _run_chain(node, g, deps, buffers, retain_graph, ready, owned: bool = False):
    """Run consecutive unary / tensor-scalar nodes (``SAME_META``) in a tight loop.

    Each such node has one input, and the gradient it returns already fits
    that input, so a chain of them needs no buffers, no reduction checks and
    no heap while nothing waiting outranks the next link.  ``owned``: the
    first node has a ``vjp_owned`` and the caller passed ``g`` without keeping
    a reference, so that ``_owned`` can tell whether the engine alone holds it
    (a later link's gradient is still held by the previous link's outputs, so
    only the first link is tested).  Returns the first
    target the loop does not handle, with its gradient buffer, or
    ``(None, None)`` when the chain ended in a target that still waits for
    other gradients or that a waiting target outranks (it joins the heap).
    """
    while True:
        vjp = node.vjp
        if vjp is None or HOOKS.seen and (node._hooks is not None or node._pre_hooks is not None):
            return node, [g]
        if owned:
            owned = False
            outs = node.vjp_owned(g) if _owned(g) else vjp(g)
        else:
            outs = vjp(g)
        if outs is None:  # the raw rule declined: the general path runs ``backward``
            return node, [g]
        if not retain_graph and node._saved:
            node._saved = None
        t, nr = node._edges[0]
        g = outs[0]
        c = deps[t]
        if (c == 1 and g is not None and t._meta is SAME_META and t not in buffers  # (a leaf's _meta is None)
                and (not ready or ready[0][0] > -t._seq)):
            node = t  # t's last gradient, none buffered (an earlier one may wait in ``buffers``), another link
            continue
        c -= 1
        if c:
            deps[t] = c
            if g is not None:
                b = buffers.get(t)
                if b is None and not t.multi_output:
                    buffers[t] = [g]
                else:
                    _accumulate_raw(buffers, b, t, nr, g)
            return None, None
        buf = buffers.pop(t, None)
        if g is not None:
            buf = [g] if buf is None and not t.multi_output else _merged(buf, t, nr, g)
        if ready:
            k = _key(t)
            if ready[0][0] < k:  # a waiting target outranks t
                if buf is not None:
                    buffers[t] = buf
                heapq.heappush(ready, (k, t))
                return None, None
        return t, buf


def _accumulate_raw(buffers, b, t, nr, gd) -> None:
    """Add gradient array ``gd`` into slot ``nr`` of ``t``'s input buffer ``b`` (None: not made yet)."""
    if b is None:
        if t.multi_output:
            b = buffers[t] = [None] * t.num_outputs
            b[nr] = gd
        else:
            buffers[t] = [gd]
        return
    cur = b[nr]
    b[nr] = gd if cur is None else _sum_grads(cur, gd)


def _call_node(node, buf, _make):
    """Run one node on gradient arrays: its raw ``vjp`` if it has one, else its tensor ``backward``."""
    vjp = node.vjp
    outs = None
    if vjp is not None:
        outs = vjp(buf[0]) if len(buf) == 1 else vjp(*buf)
    if outs is None:
        touts = node.backward(*[None if b is None else _make(b) for b in buf])
        if touts.__class__ is not tuple:
            touts = tuple(touts) if touts.__class__ is list else (touts,)
        if node._hooks:
            touts = _run_post_hooks(node, _fitted_outs(node, touts),
                                    [None if b is None else _make(b) for b in buf])
        return [None if o is None else o._data for o in touts]
    if node._hooks:
        touts = _fitted_outs(node, tuple(None if o is None else _make(o) for o in outs))
        touts = _run_post_hooks(node, touts, [None if b is None else _make(b) for b in buf])
        return [None if o is None else o._data for o in touts]
    return outs


def _fitted_outs(node, outs) -> tuple:
    """A node's gradients as its post hooks see them (PyTorch's ``validate_outputs`` runs first):
    one per input, ``None`` where the input needs none, each summed to its input's shape and
    cast to its dtype."""
    edges = node._edges
    metas = node._meta
    res = []
    for i, e in enumerate(edges):
        g = outs[i] if i < len(outs) else None
        if e is None or g is None:
            res.append(None)
            continue
        meta = metas[i] if metas is not SAME_META else None
        if meta is not None and (g._data.shape != meta[0] or g._data.dtype != meta[1]):
            g = _reduce_to(g, meta, node, outs)
        res.append(g)
    return tuple(res)


def _hook_name(fn) -> str:
    """How PyTorch names a Python hook in its errors (``hook_name``): ``__name__`` or ``<unknown>``."""
    name = getattr(fn, "__name__", None)
    return name if isinstance(name, str) else "<unknown>"


def _check_hook_result(fn, old, new) -> None:
    """PyTorch's checks on what a hook returned for one gradient: a tensor of the gradient's type and size."""
    if not isinstance(new, _Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    if new._data.dtype != old._data.dtype or new.is_cuda != old.is_cuda:
        from .._tensor import _legacy_type_name
        raise RuntimeError(f"hook '{_hook_name(fn)}' has changed the type of value "
                           f"(was {_legacy_type_name(old)} got {_legacy_type_name(new)})")
    if new._data.shape != old._data.shape:
        raise RuntimeError(f"hook '{_hook_name(fn)}' has changed the size of value")


def _checked_hook_tuple(fn, old: tuple, new) -> tuple:
    """What a node hook returned, checked as PyTorch's ``_call_hooks`` does: a tuple with one entry
    per gradient, each ``None`` (no gradient) or a tensor of the gradient's type and size."""
    if new.__class__ is not tuple and not isinstance(new, tuple):
        raise TypeError(f"expected tuple, but hook returned '{type(new).__name__}'")
    if len(new) != len(old):
        raise RuntimeError(f"hook '{_hook_name(fn)}' has returned an incorrect number of values "
                           f"(got {len(new)}, but expected {len(old)})")
    for o, n in zip(old, new):
        if n is None:
            continue
        if o is None:
            raise RuntimeError("can't replace a None gradient with a non-None value")
        _check_hook_result(fn, o, n)
    return tuple(new)


def _run_pre_hooks(node: Node, buf: list, node_runs: bool = True) -> list:
    """A node's pre-hooks in PyTorch's order: tensor hooks, then ``retain_grad``, then (only when
    the node will run) hooks from ``register_prehook``, whose results replace the gradients."""
    buf = list(buf)
    hooks = list(node._pre_hooks)
    tensor_hooks = [h for h in hooks if h[0] is not None and h[0] >= 0]
    retain = [h for h in hooks if h[0] is not None and h[0] < 0]
    for nr, fn in tensor_hooks + retain:
        real_nr = nr if nr >= 0 else -nr - 1
        if buf[real_nr] is None:
            continue
        r = fn(buf[real_nr])
        if r is not None:
            if nr >= 0:
                _check_hook_result(fn, buf[real_nr], r)
            buf[real_nr] = r
    if node_runs:
        for nr, fn in hooks:
            if nr is None:
                r = fn(tuple(buf))
                if r is not None:
                    buf = list(_checked_hook_tuple(fn, tuple(buf), r))
    return buf


def _run_post_hooks(node: Node, outs: tuple, buf) -> tuple:
    """``register_hook`` hooks ``fn(grad_inputs, grad_outputs)``, in turn; a result replaces ``grad_inputs``."""
    go = tuple(buf)
    for fn in list(node._hooks):
        r = fn(outs, go)
        if r is not None:
            outs = _checked_hook_tuple(fn, outs, r)
    return outs


def _deliver_leaf(t, g, capture_at, results, capture, wanted, create_graph) -> None:
    """A leaf's gradient: what PyTorch's ``AccumulateGrad`` node does, in its order.

    Tensor hooks, then capture (``autograd.grad``), then the node's pre-hooks
    (``register_prehook`` on ``next_functions``' AccumulateGrad), accumulation
    into ``.grad`` (with ``register_post_accumulate_grad_hook`` hooks), and the
    node's post hooks ``fn((), (grad,))``.  A leaf outside ``inputs=`` is not
    run at all: none of its hooks are called.
    """
    if wanted is not None and t not in wanted:
        return
    ext = t._ext
    if ext and t._base is not None and ext.get("view_meta") == "no_grad" and t.grad_fn is None:
        return  # a view made in no-grad mode: PyTorch gives it no gradient accumulator
    hooks = ext.get("hooks") if ext else None
    if hooks:
        for fn in list(hooks):
            r = fn(g)
            if r is not None:
                _check_hook_result(fn, g, r)
                g = r
    if capture_at and t in capture_at:
        for _nr, slot in capture_at[t]:
            results[slot] = _add(results[slot], g)
    if capture:
        return
    acc = ext.get("acc_node") if ext else None
    if acc is None or (acc._pre_hooks is None and acc._hooks is None):
        t._accumulate(g, create_graph)
        return
    if acc._pre_hooks:
        for nr, fn in list(acc._pre_hooks):
            r = fn((g,))
            if r is not None:
                g = _checked_hook_tuple(fn, (g,), r)[0]
    if g is not None:
        t._accumulate(g, create_graph)
    if acc._hooks:
        for fn in list(acc._hooks):
            r = fn((), (g,))
            if r is not None:
                _checked_hook_tuple(fn, (), r)
