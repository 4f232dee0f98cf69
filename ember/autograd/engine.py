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

from typing import Sequence

import numpy as np

from . import anomaly_mode
from .grad_mode import STATE
from .graph import Node

_Tensor = None  # set by ember._tensor


def _reduce_to(g, meta):
    """Sum a broadcast gradient down to the input's shape and cast to its dtype."""
    shape, dt = meta
    gd = g._data
    if gd.shape != shape:
        g = g.sum_to_size(shape) if shape else g.sum()
    if g._data.dtype != dt:
        g = g._to_np_dtype(dt)
    return g


def _add(a, b):
    if a is None:
        return b
    return a + b


def _collect_needed(root_targets, wanted) -> set:
    """Nodes from which some wanted target is reachable (iterative post-order)."""
    needed = set()
    visited = set()
    stack = [(t, False) for t in root_targets]
    while stack:
        node, done = stack.pop()
        if done:
            if node in wanted:
                needed.add(node)
            elif isinstance(node, Node):
                for e in node._edges:
                    if e is not None and e[0] in needed:
                        needed.add(node)
                        break
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
    deps = {}
    seen = set(root_targets)
    stack = list(seen)
    while stack:
        node = stack.pop()
        if node.__class__ is _Tensor or isinstance(node, _Tensor):
            continue
        for e in node._edges:
            if e is None:
                continue
            t = e[0]
            if t in deps:
                deps[t] += 1
            else:
                deps[t] = 1
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return deps


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
    buffers: dict = {}
    root_targets = []
    for t, g in zip(roots, grads):
        fn = t.grad_fn
        key = (t if fn is None else fn)
        nr = 0 if fn is None else t._out_nr
        buf = buffers.get(key)
        if buf is None:
            buf = buffers[key] = [None] * (1 if fn is None else _num_outputs(fn))
            root_targets.append(key)
        buf[nr] = _add(buf[nr], g)

    capture_at = {}  # target -> list of (output_nr, slot index)
    wanted = None
    if inputs is not None:
        wanted = set()
        for i, t in enumerate(inputs):
            target = t if t.grad_fn is None else t.grad_fn
            capture_at.setdefault(target, []).append((0 if t.grad_fn is None else t._out_nr, i))
            wanted.add(target)
    results = [None] * (len(inputs) if inputs is not None else 0)
    needed = _collect_needed(root_targets, wanted) if wanted is not None else None

    deps = _count_dependencies(root_targets)
    ready = [t for t in root_targets if deps.get(t, 0) == 0]
    prev_mode = STATE.enabled
    STATE.enabled = create_graph
    anomaly = anomaly_mode.is_enabled()
    try:
        while ready:
            target = ready.pop()
            buf = buffers.pop(target, None)
            if target.__class__ is _Tensor or isinstance(target, _Tensor):
                if buf is not None and buf[0] is not None:
                    _deliver_leaf(target, buf[0], capture_at, results, capture, wanted, create_graph)
                continue
            node = target
            if buf is not None and node._pre_hooks:
                buf = _run_pre_hooks(node, buf)
            if capture_at and node in capture_at and buf is not None:
                for nr, slot in capture_at[node]:
                    results[slot] = _add(results[slot], buf[nr])
            run = buf is not None and any(g is not None for g in buf)
            if needed is not None and node not in needed:
                run = False
            if run:
                outs = _call_node(node, buf, anomaly)
                if node._hooks:
                    _run_post_hooks(node, outs, buf)
                if not retain_graph:
                    node.release()
            else:
                outs = None
            edges = node._edges
            for i, e in enumerate(edges):
                if e is None:
                    continue
                t = e[0]
                if outs is not None:
                    g = outs[i] if i < len(outs) else None
                    if g is not None:
                        g = _reduce_to(g, node._meta[i])
                        b = buffers.get(t)
                        if b is None:
                            b = buffers[t] = [None] * (1 if not isinstance(t, Node) else _num_outputs(t))
                        nr = e[1]
                        b[nr] = g if b[nr] is None else b[nr] + g
                c = deps[t] - 1
                deps[t] = c
                if c == 0:
                    ready.append(t)
    finally:
        STATE.enabled = prev_mode
    return results


def _num_outputs(node) -> int:
    return node.num_outputs


def _call_node(node: Node, buf: list, anomaly: bool):
    if anomaly:
        return anomaly_mode.call_checked(node, buf)
    outs = node.backward(*buf)
    if outs.__class__ is not tuple:
        if isinstance(outs, list):
            return tuple(outs)
        return (outs,)
    return outs


def _run_pre_hooks(node: Node, buf: list) -> list:
    buf = list(buf)
    tensor_hooks = [h for h in node._pre_hooks if h[0] is not None and h[0] >= 0]
    retain = [h for h in node._pre_hooks if h[0] is not None and h[0] < 0]
    for nr, fn in tensor_hooks + retain:
        real_nr = nr if nr >= 0 else -nr - 1
        if buf[real_nr] is None:
            continue
        r = fn(buf[real_nr])
        if r is not None:
            buf[real_nr] = r
    for nr, fn in node._pre_hooks:
        if nr is None:
            r = fn(tuple(buf))
            if r is not None:
                buf = list(r)
    return buf


def _run_post_hooks(node: Node, outs, buf) -> None:
    for fn in list(node._hooks):
        fn(outs, tuple(buf))


def _deliver_leaf(t, g, capture_at, results, capture, wanted, create_graph) -> None:
    hooks = t._ext.get("hooks") if t._ext else None
    if hooks:
        for fn in list(hooks):
            r = fn(g)
            if r is not None:
                g = r
    if capture_at and t in capture_at:
        for _nr, slot in capture_at[t]:
            results[slot] = _add(results[slot], g)
        if capture:
            return
    if capture or (wanted is not None and t not in wanted):
        return
    t._accumulate(g, create_graph)
