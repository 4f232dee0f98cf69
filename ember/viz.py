"""``ember.viz``: draw the autograd graph behind a tensor.

``draw(output)`` walks from ``output`` back to its leaves and returns a
:class:`Graph`: DOT source (``.source`` / ``str``), ``.save("graph.svg")``
(also ``.png``/``.pdf``) and ``_repr_svg_`` for Jupyter.  Rendering uses the
Graphviz Python package (``pip install 'ember[viz]'``) and the ``dot``
program; the DOT text itself never needs either.

What the picture shows:

* op nodes (ellipses) carry their ``grad_fn`` name and constants
  (``exponent=2``, ``×3``);
* tensor nodes (rounded boxes) show name, shape, dtype, value and ``.grad``:
  leaves that require grad are blue, the output green, intermediate tensors
  white, non-leaves that retain their grad yellow;
* leaf names come from the caller's variables (``x``, ``w``) or from
  ``params`` (e.g. ``dict(model.named_parameters())``).

Intermediate values are shown when the graph still holds them (saved
tensors, named variables); build the graph inside ``with ember.viz.record():``
to see every one.  Long chains of repeated structure (layer after layer of the
same ops) are collapsed, and at most ``max_nodes`` nodes are drawn, with a
note saying how many were left out.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import numpy as np

from .autograd.graph import Node
from .explain import _graph, _ops
from .explain._graph import record

__all__ = ["draw", "record", "Graph", "GraphvizNotFound"]

INSTALL_DOT = (
    "the Graphviz `dot` program is needed to render graphs; install it with "
    "`apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
    "`conda install graphviz`. The DOT source is still available as graph.source."
)
INSTALL_PY = (
    "rendering needs the Graphviz Python package: `pip install graphviz` (or `pip install 'ember[viz]'`), "
    "plus the `dot` program (`apt-get install graphviz` / `brew install graphviz` / `conda install graphviz`). "
    "The DOT source is still available as graph.source."
)

STYLE = {
    "leaf": 'shape=box, style="rounded,filled", fillcolor="#cce5ff", color="#1f5fa8", penwidth=1.5',
    "const": 'shape=box, style="rounded,filled", fillcolor="#eeeeee", color="#888888"',
    "tensor": 'shape=box, style="rounded", color="#777777"',
    "retained": 'shape=box, style="rounded,filled", fillcolor="#fff3b0", color="#b08900", penwidth=1.5',
    "output": 'shape=box, style="rounded,filled", fillcolor="#d4f4d2", color="#2e7d32", penwidth=1.5',
    "op": 'shape=ellipse, style=filled, fillcolor="#e8e8e8", color="#555555"',
    "collapsed": 'shape=box3d, style=filled, fillcolor="#efe6ff", color="#6a4fb3"',
    "omitted": 'shape=plaintext, fontcolor="#666666"',
}


class GraphvizNotFound(RuntimeError):
    """Rendering was asked for but Graphviz (package or ``dot``) is missing."""


class Graph:
    """A drawn graph: DOT text plus rendering helpers.

    ``items`` lists the drawn nodes as dicts (``id``, ``kind``, ``label``);
    ``edges`` the drawn edges; ``omitted`` how many nodes the cap left out;
    ``collapsed`` how many nodes repeated-structure collapsing folded away.
    """

    def __init__(self, source: str, items: list, edges: list, omitted: int, collapsed: int) -> None:
        self.source = source
        self.items = items
        self.edges = edges
        self.omitted = omitted
        self.collapsed = collapsed

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"<ember.viz.Graph: {len(self.items)} nodes, {len(self.edges)} edges>"

    def labels(self) -> list:
        return [it["label"] for it in self.items]

    # ............................................................ render
    def pipe(self, format: str = "svg") -> bytes:
        """Render with Graphviz and return the bytes (``svg``, ``png``, ``pdf``...)."""
        try:
            import graphviz
        except ImportError:
            graphviz = None
        if graphviz is not None:
            try:
                return graphviz.Source(self.source).pipe(format=format)
            except graphviz.ExecutableNotFound:
                raise GraphvizNotFound(INSTALL_DOT) from None
        dot = shutil.which("dot")
        if dot is None:
            raise GraphvizNotFound(INSTALL_PY)
        r = subprocess.run([dot, f"-T{format}"], input=self.source.encode(), capture_output=True, check=False)
        if r.returncode != 0:
            raise RuntimeError(f"dot failed: {r.stderr.decode(errors='replace').strip()}")
        return r.stdout

    def save(self, path: str, format: str | None = None) -> str:
        """Write the picture to ``path``; the format comes from the suffix (``.svg``, ``.png``, ``.pdf``).

        ``.dot``/``.gv`` write the DOT source and need no Graphviz.
        """
        path = os.fspath(path)
        fmt = (format or os.path.splitext(path)[1].lstrip(".") or "svg").lower()
        if fmt in ("dot", "gv"):
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.source)
            return path
        data = self.pipe(fmt)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def _repr_svg_(self):
        try:
            return self.pipe("svg").decode("utf-8")
        except (GraphvizNotFound, RuntimeError, OSError):
            return None


# ------------------------------------------------------------------ draw
def draw(output, params=None, *, max_nodes: int = 60, collapse: bool = True, show_values: bool = True,
         legend: bool = False, title: str | None = None) -> Graph:
    """Draw the graph from ``output`` (a tensor or a list of them) back to its leaves.

    ``params``: extra names for leaves, e.g. ``dict(model.named_parameters())``.
    ``max_nodes``: most nodes drawn (the rest are counted in a note).
    ``collapse``: fold long runs of repeated structure (same ops, same shapes).
    """
    frame = _graph.caller_frame()
    info = _graph.GraphInfo(output, names=params, frame=frame)
    b = _Builder(info, show_values)
    b.build()
    collapsed = b.collapse() if collapse else 0
    omitted = b.cap(max_nodes)
    src = b.dot(legend=legend, title=title, omitted=omitted, max_nodes=max_nodes, collapsed=collapsed)
    items = [dict(id=i, kind=b.kind[i], label=b.label[i].replace("\\n", "\n")) for i in b.order if i in b.visible]
    return Graph(src, items, sorted(b.visible_edges()), omitted, collapsed)


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _short_value(v, limit: int = 6) -> str:
    arr = np.asarray(v)
    if arr.ndim == 0 or arr.size == 1:
        return _ops.fmt_num(arr.reshape(-1)[0]) if arr.size else "[]"
    if arr.size <= limit:
        return _ops.fmt_array(arr, limit)
    flat = arr.reshape(-1)
    return "[" + ", ".join(_ops.fmt_num(x) for x in flat[:3].tolist()) + ", …]"


def _dtype_name(dt) -> str:
    try:
        from ._dtype import from_numpy_dtype
        return from_numpy_dtype(dt).name
    except Exception:
        return str(dt)


def _shape_text(shape) -> str:
    if not len(shape):
        return "scalar"
    return "(" + ", ".join(str(int(s)) for s in shape) + ("," if len(shape) == 1 else "") + ")"


class _Builder:
    def __init__(self, info, show_values: bool) -> None:
        self.info = info
        self.show_values = show_values
        self.order: list = []       # item ids, BFS from the output
        self.kind: dict = {}
        self.label: dict = {}
        self.edges: set = set()     # (src, dst) in data-flow direction
        self.node_id: dict = {}     # id(node) -> op item id
        self.tensor_id: dict = {}   # (id(node), nr) or id(leaf) -> tensor item id
        self.visible: set = set()
        self.redirect: dict = {}
        self.module_of: dict = {}   # item -> module name (from params)
        self.node_of: dict = {}
        from .explain._steps import _Labels
        self.labels = _Labels(info)
        self.num = self.labels.num

    # ............................................................ items
    def _add(self, iid, kind, label) -> str:
        self.order.append(iid)
        self.kind[iid] = kind
        self.label[iid] = label
        self.visible.add(iid)
        return iid

    def _tensor_label(self, name, shape, dtype, value, grad, extra=None) -> str:
        lines = []
        if name:
            lines.append(name)
        lines.append(f"{_shape_text(shape)} {_dtype_name(dtype)}" if shape is not None else "")
        if self.show_values and value is not None:
            lines.append(f"value {_short_value(value)}")
        if grad is not None:
            lines.append(f"grad {_short_value(grad)}")
        if extra:
            lines.append(extra)
        return "\\n".join(_esc(l) for l in lines if l)

    def _op_label(self, node) -> str:
        lines = [type(node).__name__]
        attrs = _ops.attributes(node)
        for k, v in attrs.items():
            if isinstance(v, tuple) and len(v) > 4:
                continue
            lines.append(f"{k}={v}")
        for i, e in enumerate(node._edges):
            if e is None:
                c = self.num.constant(node, i)
                if c is not None and np.ndim(c) == 0 and type(node).__name__ not in ("PowBackward0",):
                    lines.append(f"const {_ops.fmt_num(c if not hasattr(c, 'item') else c.item())}")
        return "\\n".join(_esc(l) for l in lines)

    def build(self) -> None:
        info = self.info
        T = _graph._tensor_cls()
        leaf_index = {id(l): i for i, l in enumerate(info.leaves)}
        root_keys = set()
        for t in info.roots:
            if t.grad_fn is not None:
                root_keys.add((id(t.grad_fn), t._out_nr))
            else:
                root_keys.add(id(t))

        def tensor_item(key, producer=None, nr=0, leaf=None):
            tid = self.tensor_id.get(key)
            if tid is not None:
                return tid
            tid = f"t{len(self.tensor_id)}"
            self.tensor_id[key] = tid
            if leaf is not None:
                name = info.leaf_label(leaf, leaf_index.get(id(leaf)))
                kind = "leaf" if leaf._rg else "const"
                if key in root_keys:
                    kind = "output"
                label = self._tensor_label(name, leaf._data.shape, leaf._data.dtype, leaf._data,
                                           leaf._grad, None if leaf._rg else "requires_grad=False")
                if info.leaf_names.get(id(leaf)) and "." in info.leaf_names[id(leaf)]:
                    self.module_of[tid] = info.leaf_names[id(leaf)].rsplit(".", 1)[0]
            else:
                meta = info.out_meta.get((producer, nr))
                shape, dtype = (meta if meta is not None else (None, None))
                name = info.node_names.get((producer, nr))
                if name is None:
                    expr = self.labels.output(producer, nr)[0]
                    if not re.search(r"\bt\d+\b", expr) and "…" not in expr:
                        name = "= " + expr
                retained = info.retains_grad(producer, nr)
                grad = info.grad_of(producer, nr)
                kind = "output" if key in root_keys else ("retained" if retained else "tensor")
                extra = "retains_grad" if retained else None
                label = self._tensor_label(name, shape, dtype, info.value(producer, nr), grad, extra)
            self._add(tid, kind, label)
            return tid

        # roots first, then BFS over nodes (info.nodes is already BFS order)
        for t in info.roots:
            if t.grad_fn is None:
                tensor_item(id(t), leaf=t)
        for node in info.nodes:
            oid = self.node_id.get(id(node))
            if oid is None:
                oid = f"op{len(self.node_id)}"
                self.node_id[id(node)] = oid
            for t in info.roots:
                if t.grad_fn is node:
                    tid = tensor_item((id(node), t._out_nr), node, t._out_nr)
                    self.edges.add((oid, tid))
            self._add(oid, "op", self._op_label(node))
            self.node_of[oid] = node
            for e in node._edges:
                if e is None:
                    continue
                target, nr = e
                if isinstance(target, Node):
                    tid = tensor_item((id(target), nr), target, nr)
                    pid = self.node_id.get(id(target))
                    if pid is None:
                        pid = f"op{len(self.node_id)}"
                        self.node_id[id(target)] = pid
                    self.edges.add((pid, tid))
                else:
                    tid = tensor_item(id(target), leaf=target)
                self.edges.add((tid, oid))
        # keep order stable: ops discovered before being added appear after their tensors; fine for DOT.

    # ......................................................... collapse
    def _children(self, node):
        return [e[0] for e in node._edges if e is not None and isinstance(e[0], Node)]

    def collapse(self) -> int:
        """Fold long runs of identical structure along the main chain; returns nodes folded."""
        info = self.info
        if not info.nodes:
            return 0
        # depth of each node (longest path down to a leaf), iteratively
        depth = {}
        for node in reversed(info.nodes):
            ch = self._children(node)
            depth[id(node)] = 1 + max((depth.get(id(c), 0) for c in ch), default=0)
        # the spine: from the root node follow the deepest child
        spine = []
        node = info.nodes[0]
        seen = set()
        while node is not None and id(node) not in seen:
            seen.add(id(node))
            spine.append(node)
            ch = self._children(node)
            node = max(ch, key=lambda c: depth.get(id(c), 0)) if ch else None
        spine_ids = {id(n) for n in spine}

        def side(n):
            """Nodes and leaves hanging off spine node n (not on the spine)."""
            out_nodes, out_leaves = [], []
            stack = [e[0] for e in n._edges if e is not None and id(e[0]) not in spine_ids]
            seen_l = set()
            while stack:
                t = stack.pop()
                if id(t) in seen_l:
                    continue
                seen_l.add(id(t))
                if isinstance(t, Node):
                    out_nodes.append(t)
                    stack.extend(e[0] for e in t._edges if e is not None and id(e[0]) not in spine_ids)
                else:
                    out_leaves.append(t)
            return out_nodes, out_leaves

        sides = [side(n) for n in spine]

        def sig(k):
            n = spine[k]
            nodes, leaves = sides[k]
            return (type(n).__name__, tuple(m[0] if m else None for m in n._meta),
                    tuple(sorted(type(x).__name__ for x in nodes)),
                    tuple(sorted(tuple(l._data.shape) for l in leaves)))

        sigs = [sig(k) for k in range(len(spine))]
        folded = 0
        k = 0
        n = len(spine)
        while k < n:
            best = None
            for p in range(1, 7):
                reps = 1
                while k + (reps + 1) * p <= n and sigs[k + reps * p:k + (reps + 1) * p] == sigs[k:k + p]:
                    reps += 1
                if reps >= 3 and (best is None or reps * p > best[0] * best[1]):
                    best = (reps, p)
            if best is None:
                k += 1
                continue
            reps, p = best
            hide_from, hide_to = k + p, k + (reps - 1) * p   # keep the first and the last repetition
            folded += self._fold(spine, sides, hide_from, hide_to, reps - 2, p)
            k += reps * p
        return folded

    def _fold(self, spine, sides, a, b, count, period) -> int:
        hidden = set()
        modules = []
        for k in range(a, b):
            node = spine[k]
            hidden.add(self.node_id[id(node)])
            nodes, leaves = sides[k]
            for x in nodes:
                if id(x) in self.node_id:
                    hidden.add(self.node_id[id(x)])
            for l in leaves:
                tid = self.tensor_id.get(id(l))
                if tid is not None:
                    hidden.add(tid)
                    m = self.module_of.get(tid)
                    if m and m not in modules:
                        modules.append(m)
        for key, tid in self.tensor_id.items():
            if isinstance(key, tuple):
                for node in spine[a:b]:
                    if key[0] == id(node):
                        hidden.add(tid)
                for k in range(a, b):
                    for x in sides[k][0]:
                        if key[0] == id(x):
                            hidden.add(tid)
        # keep the tensor feeding the fold visible (output of the last hidden spine node's child)
        keep = self.tensor_id.get((id(spine[b]), 0)) if b < len(spine) else None
        hidden.discard(keep)
        cid = f"c{len([i for i in self.kind if i.startswith('c')])}"
        ops = " → ".join(type(spine[k]).__name__ for k in range(b - 1, b - 1 - period, -1))
        lines = [f"… {count} more × [{ops}]", f"({len(hidden)} nodes collapsed)"]
        if modules:
            lines.insert(1, modules[0] if len(modules) == 1 else f"{modules[-1]} … {modules[0]}")
        self._add(cid, "collapsed", "\\n".join(_esc(l) for l in lines))
        for h in hidden:
            self.visible.discard(h)
            self.redirect[h] = cid
        return len(hidden)

    # .............................................................. cap
    def cap(self, max_nodes: int) -> int:
        vis = [i for i in self._bfs_order() if i in self.visible]
        if max_nodes is None or len(vis) <= max_nodes:
            return 0
        keep = set(vis[:max(1, max_nodes)])
        dropped = [i for i in vis if i not in keep]
        mid = "more"
        self._add(mid, "omitted", _esc(f"… {len(dropped)} more nodes not drawn"))
        for d in dropped:
            self.visible.discard(d)
            self.redirect[d] = mid
        return len(dropped)

    def _bfs_order(self) -> list:
        """Visible items in breadth-first order from the output(s), following edges backwards."""
        preds: dict = {}
        for s, d in self._resolved_edges():
            preds.setdefault(d, []).append(s)
        succ_targets = {s for s, _ in self._resolved_edges()}
        starts = [i for i in self.order if i in self.visible and i not in succ_targets]
        seen, out = set(), []
        queue = list(starts)
        while queue:
            i = queue.pop(0)
            if i in seen:
                continue
            seen.add(i)
            out.append(i)
            for p in sorted(preds.get(i, []), key=self.order.index):
                if p not in seen:
                    queue.append(p)
        out.extend(i for i in self.order if i not in seen and i in self.visible)
        return out

    def _resolve(self, i):
        seen = 0
        while i in self.redirect and seen < 10:
            i = self.redirect[i]
            seen += 1
        return i

    def _resolved_edges(self):
        out = set()
        for s, d in self.edges:
            s2, d2 = self._resolve(s), self._resolve(d)
            if s2 != d2:
                out.add((s2, d2))
        return out

    def visible_edges(self):
        return {(s, d) for s, d in self._resolved_edges() if s in self.visible and d in self.visible}

    # .............................................................. DOT
    def dot(self, legend: bool, title, omitted: int, max_nodes, collapsed: int) -> str:
        lines = ["digraph ember {",
                 '    graph [rankdir=TB, fontname="Helvetica", fontsize=11, nodesep=0.3, ranksep=0.35];',
                 '    node [fontname="Helvetica", fontsize=10, margin="0.12,0.05"];',
                 '    edge [color="#555555", arrowsize=0.7];']
        notes = []
        if title:
            notes.append(title)
        if collapsed:
            notes.append(f"{collapsed} nodes of repeated structure collapsed")
        if omitted:
            notes.append(f"{omitted} nodes left out (max_nodes={max_nodes})")
        if notes:
            lines.append(f'    label="{_esc(chr(10).join(notes))}"; labelloc=b;')
        for i in self.order:
            if i not in self.visible:
                continue
            lines.append(f'    {i} [label="{self.label[i]}", {STYLE[self.kind[i]]}];')
        for s, d in sorted(self.visible_edges(), key=lambda e: (self.order.index(e[0]), self.order.index(e[1]))):
            lines.append(f"    {s} -> {d};")
        if legend:
            lines.append("    subgraph cluster_legend {")
            lines.append('        label="legend"; fontsize=9; color="#bbbbbb";')
            for k, text in (("leaf", "leaf (requires_grad)"), ("tensor", "intermediate tensor"),
                            ("retained", "non-leaf with retain_grad"), ("output", "output"),
                            ("op", "op (grad_fn)")):
                lines.append(f'        legend_{k} [label="{text}", {STYLE[k]}, fontsize=9];')
            lines.append("        {rank=same; legend_leaf; legend_tensor; legend_retained; legend_output; legend_op;}")
            lines.append("    }")
        lines.append("}")
        return "\n".join(lines) + "\n"
