"""``ember.explain.backward``: run backward and narrate each step of the chain rule."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ..autograd.graph import Node
from . import _graph, _ops
from ._eval import Evaluator
from ._ops import ATOM, fmt_array, fmt_fraction, fmt_num

_LABEL_MAX = 32


@dataclass
class InputGrad:
    """What one step sends to one of its inputs."""

    label: str                     # the input ("y", "3*x", "x")
    local: Optional[str]           # local derivative formula, d(output)/d(input)
    local_value: Any               # its value (elementwise ops), else None
    grad: Any                      # incoming gradient times local derivative (NumPy array)
    leaf: Optional[str] = None     # name of the leaf this input is, if it is one


@dataclass
class Step:
    """One step of the backward pass, in the order the engine ran it."""

    index: int
    kind: str                      # "node" or "accumulate"
    name: str                      # grad_fn name, or "AccumulateGrad"
    output: str                    # label of the tensor this node produced (or the leaf)
    expression: str                # forward expression, e.g. "z = 2*y**2"
    incoming: Any                  # gradient arriving at the output (d root / d output)
    inputs: list = field(default_factory=list)   # InputGrad per differentiable input
    grad: Any = None               # for "accumulate": the leaf's .grad after this step
    node: Any = None


class Explanation(list):
    """A list of :class:`Step`; ``str()`` is the printed walk-through, ``chains`` the per-leaf summary."""

    text: str = ""
    chains: list

    def __str__(self) -> str:
        return self.text

    def _repr_pretty_(self, p, cycle) -> None:  # IPython
        p.text(self.text)


# --------------------------------------------------------------- labels
class _Labels:
    def __init__(self, info) -> None:
        self.info = info
        self.memo: dict = {}
        self.counter = 0
        self.num = Evaluator(info)

    def leaf(self, t) -> tuple:
        return (self.info.leaf_label(t), ATOM)

    def operand(self, node, i) -> tuple:
        e = node._edges[i] if i < len(node._edges) else None
        if e is None:
            return _ops.const_op(self.num.constant(node, i))
        target, nr = e
        if isinstance(target, Node):
            return self.output(target, nr)
        return self.leaf(target)

    def expression(self, node) -> tuple:
        op = _ops.spec(node)
        args = [self.operand(node, i) for i in range(_ops.n_inputs(node))]
        if op is None:
            inner = ", ".join(a[0] for a, e in zip(args, node._edges) if e is not None)
            return (f"{type(node).__name__}({inner})", ATOM)
        try:
            return op.text(node, args)
        except Exception:
            return (f"{type(node).__name__}(...)", ATOM)

    def output(self, node, nr: int = 0) -> tuple:
        key = (id(node), nr)
        got = self.memo.get(key)
        if got is not None:
            return got
        name = self.info.node_names.get((node, nr))
        if name is not None:
            res = (name, ATOM)
        else:
            self.memo[key] = ("…", ATOM)  # guards against cycles through odd graphs
            text = self.expression(node)
            if len(text[0]) > _LABEL_MAX:
                self.counter += 1
                text = (f"t{self.counter}", ATOM)
            res = text
        self.memo[key] = res
        return res


def _d(label: str) -> str:
    simple = label.replace("_", "").isalnum()
    return label if simple else f"({label})"


def _fmt(v) -> str:
    if v is None:
        return "None"
    arr = np.asarray(v)
    if arr.size > 1:
        flat = arr.reshape(-1)
        if np.all(flat == flat[0]):
            return f"{fmt_fraction(flat[0])} (each of {arr.size} elements)"
    if arr.size == 1:
        return fmt_fraction(arr.reshape(-1)[0])
    return fmt_array(arr)


# ------------------------------------------------------------------ run
def run(output, gradient=None, retain_graph=None, names=None, frame=None, show=True) -> Explanation:
    from .. import autograd, no_grad
    from .._tensor import Tensor
    from ..autograd.engine import _reduce_to
    from ..ops.creation import ones_like

    if not isinstance(output, Tensor):
        raise TypeError(f"explain.backward() expects a tensor, got {type(output).__name__}")
    if not output._rg:
        raise RuntimeError("explain.backward(): this tensor does not require grad, so there is nothing to "
                           "backpropagate (create the inputs with requires_grad=True)")
    info = _graph.GraphInfo(output, names=names, frame=frame)
    for n in info.nodes:
        if n._saved is None:
            raise RuntimeError(
                "explain.backward() runs the backward pass itself, but this graph was already used by an "
                "earlier backward() that freed its saved values. Re-run the forward code to build a fresh "
                "graph and call ember.explain.backward(out) instead of out.backward(), or pass "
                "retain_graph=True to the earlier backward()."
            )
    labels = _Labels(info)
    root_label = labels.output(output.grad_fn, output._out_nr)[0] if output.grad_fn is not None else \
        info.leaf_label(output)
    if root_label.startswith("t") and root_label[1:].isdigit() or root_label == "…":
        root_label = "out"
    if output.grad_fn is not None and (output.grad_fn, output._out_nr) not in info.node_names:
        # name the root for the printout even when the caller did not
        info.node_names[(output.grad_fn, output._out_nr)] = root_label if root_label.isidentifier() else "out"
        labels.memo.pop((id(output.grad_fn), output._out_nr), None)
        root_label = labels.output(output.grad_fn, output._out_nr)[0]

    # Labels and formulas are read before backward frees the saved tensors holding constants.
    pre = {}
    for n in info.nodes:
        op = _ops.spec(n)
        args = [labels.operand(n, i) for i in range(_ops.n_inputs(n))]
        out_label = labels.output(n)[0]
        expr = labels.expression(n)[0]
        locals_ = []
        for i, e in enumerate(n._edges):
            local = None
            if e is not None and op is not None and op.local is not None:
                try:
                    local = op.local(n, i, args)
                except Exception:
                    local = None
            locals_.append(local)
        pre[id(n)] = (out_label, expr, args, locals_)

    events = []
    handles = []

    def node_hook(node):
        def hook(outs, buf):
            local_vals = None
            op = _ops.spec(node)
            if op is not None and op.kind in ("elementwise", "reduce") and len(buf) == 1 and buf[0] is not None:
                try:
                    with no_grad():
                        lv = node.backward(ones_like(buf[0]))
                    local_vals = lv if isinstance(lv, (tuple, list)) else (lv,)
                except Exception:
                    local_vals = None
            events.append(("node", node, outs, buf, local_vals))
        return hook

    for n in info.nodes:
        handles.append(n.register_hook(node_hook(n)))
    for leaf in info.leaves:
        def leaf_hook(g, _leaf=leaf):
            events.append(("leaf", _leaf, g))
        handles.append(leaf.register_hook(leaf_hook))
    before = {id(l): (None if l._grad is None else np.array(l._grad._data)) for l in info.leaves}
    try:
        autograd.backward(output, gradient, retain_graph=retain_graph)
    finally:
        for h in handles:
            h.remove()

    steps = Explanation()
    for ev in events:
        if ev[0] == "node":
            _, node, outs, buf, local_vals = ev
            out_label, expr, args, locals_ = pre[id(node)]
            expression = expr if expr == out_label else f"{out_label} = {expr}"
            incoming = None if not buf or buf[0] is None else np.asarray(buf[0]._data)
            inputs = []
            outs = outs if isinstance(outs, (tuple, list)) else (outs,)
            for i, e in enumerate(node._edges):
                if e is None:
                    continue
                g = outs[i] if i < len(outs) else None
                if g is not None and node._meta[i] is not None:
                    with no_grad():
                        g = _reduce_to(g, node._meta[i])
                local = locals_[i]
                lv = None
                if local_vals is not None and i < len(local_vals) and local_vals[i] is not None:
                    lv = np.asarray(local_vals[i]._data)
                target = e[0]
                leaf_name = None if isinstance(target, Node) else info.leaf_label(target)
                inputs.append(InputGrad(args[i][0], local, lv, None if g is None else np.asarray(g._data),
                                        leaf_name))
            steps.append(Step(len(steps) + 1, "node", type(node).__name__, out_label, expression, incoming,
                              inputs, node=node))
        else:
            _, leaf, g = ev
            name = info.leaf_label(leaf)
            after = None if leaf._grad is None else np.array(leaf._grad._data)
            steps.append(Step(len(steps) + 1, "accumulate", "AccumulateGrad", name, name,
                              np.asarray(g._data), [], after, node=leaf))
            steps[-1].before = before.get(id(leaf))
    steps.chains = _chains(info, labels, output, steps)
    steps.text = _render(steps, root_label)
    if show:
        print(steps.text)
    return steps


# ------------------------------------------------------------ chain view
def _paths(root_node, leaf, limit: int = 8):
    """Paths (lists of (node, input index)) from the root node down to ``leaf``."""
    out = []
    stack = [(root_node, [])]
    while stack and len(out) < limit:
        node, path = stack.pop()
        for i in range(len(node._edges) - 1, -1, -1):
            e = node._edges[i]
            if e is None:
                continue
            t = e[0]
            if t is leaf:
                out.append(path + [(node, i)])
            elif isinstance(t, Node) and len(path) < 200:
                stack.append((t, path + [(node, i)]))
    return out


_NUM = r"-?\d+(?:\.\d+)?(?:/\d+)?"


def _as_fraction(s: str):
    from fractions import Fraction
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        return None


def _plain_product(factors) -> str:
    """Multiply formula strings without SymPy: numbers are combined, the rest kept in order."""
    import re
    from fractions import Fraction
    coef = Fraction(1)
    rest = []
    for f in factors:
        f = f.strip()
        c = _as_fraction(f)
        if c is not None:
            coef *= c
            continue
        m = re.fullmatch(rf"({_NUM})\*(.+)", f)
        if m and _as_fraction(m.group(1)) is not None and not re.search(r"[+]| - ", m.group(2)):
            coef *= _as_fraction(m.group(1))
            f = m.group(2)
        rest.append(f if not re.search(r"[+]| - ", f) else f"({f})")
    if coef == 0:
        return "0"
    body = "*".join(rest)
    c = str(coef.numerator) if coef.denominator == 1 else f"{coef.numerator}/{coef.denominator}"
    if not body:
        return c
    if coef == 1:
        return body
    if coef == -1:
        return "-" + body
    return f"{c}*{body}" if coef.denominator == 1 else f"({c})*{body}"


def _sympy(factors_list, names):
    """Sum over paths of the product of each path's factors, simplified (SymPy if installed)."""
    try:
        import sympy as sp
    except ImportError:
        terms = [_plain_product(fs) for fs in factors_list]
        return " + ".join(terms).replace("+ -", "- ")
    try:
        loc = {n: sp.Symbol(n) for n in names if n.isidentifier()}
        loc.update({"sigmoid": sp.Function("sigmoid"), "pi": sp.pi})
        total = sp.Integer(0)
        for factors in factors_list:
            expr = sp.Integer(1)
            for f in factors:
                expr = expr * sp.sympify(f, locals=loc)
            total = total + expr
        return str(sp.simplify(total))
    except Exception:
        return None


def _sympy_product(factors, names):
    return _sympy([factors], names)


def _chains(info, labels, output, steps):
    """Per leaf: the chain-rule product along each path, grouped between named tensors."""
    chains = []
    if output.grad_fn is None:
        return chains
    local_by_node = {}
    for s in steps:
        if s.kind == "node":
            local_by_node[id(s.node)] = s
    names = set(info.leaf_names.values()) | set(info.node_names.values())
    root = labels.output(output.grad_fn, output._out_nr)[0]
    for leaf in info.leaves:
        lname = info.leaf_label(leaf)
        paths = []
        complete = True
        for path in _paths(output.grad_fn, leaf):
            segments = []      # (from label, to label, [formulas])
            cur_from = root
            cur = []
            factors = []
            ok = True
            for node, i in path:
                step = local_by_node.get(id(node))
                ig = None
                if step is not None:
                    k = sum(1 for j in range(i) if node._edges[j] is not None)
                    ig = step.inputs[k] if k < len(step.inputs) else None
                if ig is None or ig.local is None or not _algebraic(ig.local):
                    ok = False
                    break
                cur.append(ig.local)
                factors.append(ig.local)
                tgt, tnr = node._edges[i]
                is_named = (not isinstance(tgt, Node)) or (tgt, tnr) in info.node_names
                if is_named:
                    tlabel = info.leaf_label(tgt) if not isinstance(tgt, Node) else labels.output(tgt, tnr)[0]
                    segments.append((cur_from, tlabel, cur))
                    cur_from, cur = tlabel, []
            if not ok:
                complete = False
                continue
            segs = []
            for a, b, fs in segments:
                prod = _sympy_product(fs, names) if len(fs) > 1 else (fs[0] if fs else "1")
                segs.append((a, b, prod or " × ".join(_par(f) for f in fs)))
            paths.append({"segments": segs, "factors": factors, "product": _sympy_product(factors, names)})
        if not paths:
            continue
        total = _sympy([p["factors"] for p in paths], names) if complete else None
        chains.append({"leaf": lname, "paths": paths, "total": total,
                       "grad": None if leaf._grad is None else np.array(leaf._grad._data)})
    return chains


def _algebraic(formula: str) -> bool:
    return not any(w in formula for w in (" where ", "grad", "(each", "(summed", "picked"))


def _render(steps, root_label) -> str:
    lines = [f"Backward pass from {root_label}, step by step in the order the engine runs it:"]
    root_d = _d(root_label)
    for s in steps:
        lines.append("")
        if s.kind == "accumulate":
            lines.append(f"step {s.index}: AccumulateGrad into leaf {s.output}")
            before = getattr(s, "before", None)
            lines.append(f"    {s.output}.grad += ∂{root_d}/∂{_d(s.output)} = {_fmt(s.incoming)}")
            if before is not None:
                lines.append(f"    (it already held {_fmt(before)}: gradients add up across backward calls)")
            lines.append(f"    {s.output}.grad is now {_fmt(s.grad)}")
            continue
        lines.append(f"step {s.index}: {s.name}   {s.expression}")
        lines.append(f"    incoming gradient  ∂{root_d}/∂{_d(s.output)} = {_fmt(s.incoming)}")
        for ig in s.inputs:
            dname = f"∂{_d(s.output)}/∂{_d(ig.label)}"
            local = ig.local if ig.local is not None else "(see the op's backward formula)"
            if ig.local_value is not None and ig.local not in (None,) and not _is_number(ig.local):
                local_s = f"{local} = {_fmt(ig.local_value)}"
            else:
                local_s = local
            lines.append(f"    local derivative   {dname} = {local_s}")
            lines.append(f"    product            ∂{root_d}/∂{_d(ig.label)} = {_fmt(ig.grad)}"
                         + (f"   → goes to leaf {ig.leaf}" if ig.leaf else ""))
    chains = getattr(steps, "chains", [])
    if chains:
        lines.append("")
        lines.append("Chain rule, per leaf (multiply the local derivatives along each path):")
        for c in chains:
            paths = c["paths"]
            if len(paths) == 1:
                p = paths[0]
                segs = ",  ".join(f"∂{_d(a)}/∂{_d(b)} = {f}" for a, b, f in p["segments"])
                lines.append(f"    {c['leaf']}:  {segs}")
                fs = [f for _, _, f in p["segments"]]
                prod = fs[0] if len(fs) == 1 else " × ".join(_par(f) for f in fs)
                tail = f" = {p['product']}" if p["product"] and p["product"] != prod else ""
                lines.append(f"        ∂{root_d}/∂{_d(c['leaf'])} = {prod}{tail} = {_fmt(c['grad'])}")
            else:
                lines.append(f"    {c['leaf']}:  {len(paths)} paths lead from {root_label} to {c['leaf']}; "
                             "their products add up")
                for p in paths:
                    prod = " × ".join(_par(f) for f in p["factors"])
                    tail = f" = {p['product']}" if p["product"] and p["product"] != prod else ""
                    lines.append(f"        path: {prod}{tail}")
                total = c["total"] or " + ".join(_par(p["product"] or "?") for p in paths)
                lines.append(f"        ∂{root_d}/∂{_d(c['leaf'])} = {total} = {_fmt(c['grad'])}")
    return "\n".join(lines)


def _par(p: str) -> str:
    return p if p.replace("_", "").replace("/", "").replace(".", "").isalnum() or _is_number(p) else f"({p})"


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except (TypeError, ValueError):
        if isinstance(s, str) and s.count("/") == 1:
            a, b = s.split("/")
            return _is_number(a) and _is_number(b)
        return False
