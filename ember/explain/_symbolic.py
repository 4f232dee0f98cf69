"""``ember.explain.formula``: rebuild f from the graph with SymPy and differentiate it."""
from __future__ import annotations

import numpy as np

from . import _graph, _ops
from ._eval import SymbolicEvaluator, sym_number
from ._ops import NoSymbolicForm, UnknownConstant

MAX_ELEMENTS = 100


class FormulaError(ValueError):
    """The graph cannot be turned into a formula (op without symbolic form, lost constant, too big)."""


def _require_sympy():
    try:
        import sympy
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "ember.explain.formula needs SymPy: pip install sympy (or pip install 'ember[sym]')"
        ) from None
    return sympy


def _symbols_for(sp, leaf, name):
    shape = tuple(leaf._data.shape)
    out = np.empty(shape, dtype=object)
    if not shape:
        out[()] = sp.Symbol(name, real=True)
        return out
    for idx in np.ndindex(*shape):
        out[idx] = sp.Symbol(name + "_" + "_".join(str(i) for i in idx), real=True)
    return out


def _latex_name(sym_name: str) -> str:
    base, _, rest = sym_name.partition("_")
    if not rest:
        return sym_name
    return f"{base}_{{{rest.replace('_', ',')}}}"


class Formula:
    """The result of :func:`formula`: f, its derivatives, their values and autograd's check.

    Attributes: ``f`` (SymPy expression, or a NumPy object array for a
    non-scalar output), ``derivatives`` (name -> SymPy expression or object
    array shaped like the variable), ``values`` (name -> float array at the
    current point), ``autograd`` (name -> autograd's gradient or None),
    ``agrees`` (True/False, or None if autograd's gradient was unavailable),
    ``point`` (name -> current value).  ``str()`` gives the printout,
    :meth:`latex` the LaTeX form.
    """

    def __init__(self, out_name, f, wrt, derivatives, values, autograd, agrees, point, symbols, scalar_out,
                 source) -> None:
        self.out_name = out_name
        self.f = f
        self.wrt = wrt
        self.derivatives = derivatives
        self.values = values
        self.autograd = autograd
        self.agrees = agrees
        self.point = point
        self.symbols = symbols
        self.scalar_output = scalar_out
        self.gradient_source = source

    # .............................................................. text
    def _single_var(self) -> bool:
        return len(self.symbols) == 1

    def _dname(self, var):
        d = "d" if self._single_var() else "∂"
        return f"{d}{self.out_name}/{d}{var}"

    def __str__(self) -> str:
        lines = []
        lines.append(f"{self.out_name} = {_show(self.f)}")
        pt = ", ".join(f"{k} = {_ops.fmt_array(v)}" for k, v in self.point.items())
        for name in self.wrt:
            d = self.derivatives[name]
            vals = self.values[name]
            if not self.scalar_output:
                lines.append(f"(output has {self._out_size} elements: derivatives of the sum of its elements)")
            if isinstance(d, np.ndarray) and d.ndim > 0:
                flat = list(np.ndindex(*d.shape))
                for k, idx in enumerate(flat):
                    if k >= 12:
                        lines.append(f"... ({len(flat) - 12} more elements)")
                        break
                    sym = self.symbols_of[name][idx]
                    lines.append(f"{self._dname(sym)} = {d[idx]} = {_ops.fmt_num(vals[idx])}")
            else:
                lines.append(f"{self._dname(name)} = {_show(d)}")
                lines.append(f"{' ' * len(self._dname(name))} = {_ops.fmt_array(vals)} at {pt}")
            ag = self.autograd.get(name)
            if ag is None:
                lines.append(f"autograd: no gradient available for {name} to check against")
            else:
                ok = np.allclose(vals, ag, rtol=1e-4, atol=1e-5, equal_nan=True)
                verdict = "agrees" if ok else "DISAGREES"
                lines.append(f"autograd: {name}.grad = {_ops.fmt_array(ag)} ({verdict})")
        return "\n".join(lines)

    __repr__ = __str__

    def latex(self) -> str:
        """LaTeX for f and each derivative (one ``\\\\``-separated line each)."""
        sp = _require_sympy()
        names = {s: _latex_name(s.name) for arr in self.symbols_of.values() for s in np.asarray(arr).reshape(-1)}
        out = [f"{self.out_name} = {_latex(sp, self.f, names)}"]
        d = "d" if self._single_var() else "\\partial "
        for name in self.wrt:
            der = self.derivatives[name]
            if isinstance(der, np.ndarray) and der.ndim > 0:
                for idx in np.ndindex(*der.shape):
                    sym = self.symbols_of[name][idx]
                    out.append(f"\\frac{{{d}{self.out_name}}}{{{d}{names[sym]}}} = {sp.latex(der[idx], symbol_names=names)}")
            else:
                out.append(f"\\frac{{{d}{self.out_name}}}{{{d}{name}}} = {_latex(sp, der, names)}")
        return " \\\\\n".join(out)

    def _repr_latex_(self) -> str:
        return "$$\\begin{aligned}" + self.latex().replace(" = ", " &= ", ) + "\\end{aligned}$$"


def _show(e):
    if isinstance(e, np.ndarray):
        if e.ndim == 0:
            return str(e[()])
        return str(e.tolist())
    return str(e)


def _latex(sp, e, names):
    if isinstance(e, np.ndarray):
        if e.ndim == 0:
            return sp.latex(e[()], symbol_names=names)
        return sp.latex(sp.Array(e.tolist()), symbol_names=names)
    return sp.latex(e, symbol_names=names)


def _simplify(sp, e):
    try:
        if sp.count_ops(e) > 40 or e.has(sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside):
            return e
        s = sp.simplify(e)
        return s if sp.count_ops(s) < sp.count_ops(e) else e
    except Exception:  # pragma: no cover - SymPy corner cases
        return e


def build(output, wrt=None, *, names=None, frame=None, simplify=True, max_elements=MAX_ELEMENTS):
    """Compute a :class:`Formula` (no printing)."""
    sp = _require_sympy()
    from .._tensor import Tensor
    if not isinstance(output, Tensor):
        raise TypeError(f"formula() expects a tensor, got {type(output).__name__}")
    if output.grad_fn is None:
        raise FormulaError("formula(): this tensor has no grad_fn, so there is no graph to read "
                           "(was it created with requires_grad=True, or computed under no_grad?)")
    info = _graph.GraphInfo(output, names=names, frame=frame)
    if output._data.size > max_elements:
        raise FormulaError(f"formula() works on tensors of up to {max_elements} elements; the output has "
                           f"{output._data.size}. Try a smaller example.")
    symbols = {}
    symbols_of = {}
    used = set()
    for i, leaf in enumerate(info.leaves):
        name = info.leaf_label(leaf, i)
        base = name
        k = 2
        while name in used:
            name = f"{base}{k}"
            k += 1
        used.add(name)
        if leaf._data.size > max_elements:
            raise FormulaError(f"formula() uses one symbol per element and works on tensors of up to "
                               f"{max_elements} elements; {name} has {leaf._data.size}.")
        arr = _symbols_for(sp, leaf, name)
        symbols[id(leaf)] = arr
        symbols_of[name] = arr
    leaf_name = {id(leaf): n for leaf, n in zip(info.leaves, symbols_of)}
    ev = SymbolicEvaluator(info, symbols)
    try:
        f_arr = ev.value_of(output)
    except NoSymbolicForm as e:
        missing = _unsupported(info)
        raise FormulaError(
            f"formula(): no symbolic form for {', '.join(missing) or type(e.node).__name__}. "
            "Supported: elementwise math (+ - * / **, exp, log, sin, tanh, sigmoid, relu, ...), "
            "sum/mean, matmul, views and indexing."
        ) from None
    except UnknownConstant as e:
        raise FormulaError(
            f"formula(): a constant operand of {type(e.node).__name__} cannot be read back from the graph "
            "(graphs do not keep every constant, and backward() frees saved tensors). Call formula() before "
            "backward(), pass retain_graph=True to backward(), or build the graph inside "
            "`with ember.viz.record():`."
        ) from None

    scalar_out = f_arr.size == 1
    f = f_arr.reshape(-1)[0] if scalar_out else f_arr
    total = f if scalar_out else sp.Add(*f_arr.reshape(-1).tolist())

    T = Tensor
    if wrt is None:
        wrt_list = list(info.leaves)
    elif isinstance(wrt, T):
        wrt_list = [wrt]
    else:
        wrt_list = list(wrt)
    wrt_names = []
    for w in wrt_list:
        if id(w) not in leaf_name:
            raise FormulaError("formula(): `wrt` must be a leaf tensor of this graph that requires grad")
        wrt_names.append(leaf_name[id(w)])

    subs = {}
    point = {}
    for leaf in info.leaves:
        arr = symbols[id(leaf)]
        vals = np.asarray(leaf._data)
        for idx in np.ndindex(*arr.shape) if arr.ndim else [()]:
            subs[arr[idx]] = sym_number(vals[idx].item(), vals.dtype)
        point[leaf_name[id(leaf)]] = vals

    derivatives, values = {}, {}
    for w, name in zip(wrt_list, wrt_names):
        arr = symbols[id(w)]
        der = np.empty(arr.shape, dtype=object)
        val = np.empty(arr.shape, dtype=np.float64)
        for idx in np.ndindex(*arr.shape) if arr.ndim else [()]:
            d = sp.diff(total, arr[idx])
            if simplify:
                d = _simplify(sp, d)
            der[idx] = d
            try:
                val[idx] = float(sp.N(d.subs(subs)))
            except (TypeError, ValueError):
                val[idx] = float("nan")
        derivatives[name] = der[()] if der.ndim == 0 else der
        values[name] = val

    ag, source = _autograd_grads(output, wrt_list, scalar_out)
    autograd = {n: g for n, g in zip(wrt_names, ag)}
    checks = [np.allclose(values[n], g, rtol=1e-4, atol=1e-5, equal_nan=True)
              for n, g in autograd.items() if g is not None]
    agrees = all(checks) if checks else None
    out_name = info.node_names.get((output.grad_fn, output._out_nr)) or "f"
    res = Formula(out_name, f, wrt_names, derivatives, values, autograd, agrees, point, symbols_of, scalar_out,
                  source)
    res.symbols_of = symbols_of
    res._out_size = f_arr.size
    return res


def _unsupported(info):
    names = []
    for n in info.nodes:
        op = _ops.spec(n)
        if op is None or op.ev is None:
            nm = type(n).__name__
            if nm not in names:
                names.append(nm)
    return names


def _autograd_grads(output, wrt_list, scalar_out):
    from .. import autograd
    from ..ops.creation import ones_like
    try:
        gs = autograd.grad(output, wrt_list, grad_outputs=None if scalar_out else ones_like(output),
                           retain_graph=True, allow_unused=True)
        res = [np.zeros(w._data.shape) if g is None else np.asarray(g._data, dtype=np.float64)
               for g, w in zip(gs, wrt_list)]
        return res, "autograd.grad"
    except RuntimeError:
        res = [None if w._grad is None else np.asarray(w._grad._data, dtype=np.float64) for w in wrt_list]
        return res, ".grad"
