"""Re-running a recorded graph forward, on numbers or on SymPy symbols.

``Evaluator(info)`` recomputes every node's output from the leaves in float64;
``Evaluator(info, symbols=...)`` does the same on NumPy object arrays of SymPy
expressions, one symbol per leaf element, which is how ``formula()`` rebuilds
``f`` from the graph.  Constants come from node attributes (``.scalar``,
``.exponent``), saved tensors, :func:`ember.viz.record`, or, for ``a + c``
whose ``c`` the graph does not keep, from the known output value.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..autograd.graph import Node
from . import _ops
from ._ops import NoSymbolicForm, UnknownConstant


def _sp():
    import sympy
    return sympy


# ------------------------------------------------------- number -> SymPy
def sym_number(v, dtype=None):
    """An exact SymPy number for ``v`` (float32 values use their shortest repr)."""
    sp = _sp()
    if isinstance(v, (bool, np.bool_)):
        return sp.Integer(int(v))
    if isinstance(v, (int, np.integer)):
        return sp.Integer(int(v))
    if isinstance(v, complex):
        return sp.sympify(v)
    f = float(v)
    if math.isnan(f):
        return sp.nan
    if math.isinf(f):
        return sp.oo if f > 0 else -sp.oo
    if f.is_integer() and abs(f) < 1e15:
        return sp.Integer(int(f))
    if dtype is not None and np.dtype(dtype) == np.float32:
        s = np.format_float_positional(np.float32(f), unique=True, trim="-")
    else:
        s = repr(f)
    r = sp.Rational(s)
    fr = Fraction(s).limit_denominator(1000)
    tol = 1e-5 if dtype is not None and np.dtype(dtype).itemsize <= 4 else 1e-9
    if fr != Fraction(s) and abs(float(fr) - f) <= tol * max(1.0, abs(f)):
        r = sp.Rational(fr.numerator, fr.denominator)
    return r


def sym_array(a, dtype=None):
    sp = _sp()
    arr = np.asarray(a)
    if arr.dtype == object:
        return np.vectorize(lambda v: v if isinstance(v, sp.Basic) else sym_number(v), otypes=[object])(arr) \
            if arr.ndim else np.asarray(arr.item() if isinstance(arr.item(), sp.Basic) else sym_number(arr.item()),
                                        dtype=object)
    dt = dtype if dtype is not None else arr.dtype
    if arr.ndim == 0:
        out = np.empty((), dtype=object)
        out[()] = sym_number(arr.item(), dt)
        return out
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = sym_number(v.item() if hasattr(v, "item") else v, dt)
    return out


def _obj(x):
    if isinstance(x, np.ndarray) and x.dtype == object:
        return x
    out = np.empty((), dtype=object)
    out[()] = x
    return out if not isinstance(x, np.ndarray) else np.asarray(x, dtype=object)


# ------------------------------------------------------------ evaluators
class Evaluator:
    """Numeric (float64) re-evaluation of the graph from its leaves."""

    symbolic = False

    def __init__(self, info) -> None:
        self.info = info
        self.memo: dict = {}
        self.dtype_of: dict = {}

    # -- leaves and constants
    def leaf(self, t):
        return np.asarray(t._data, dtype=np.float64) if t._data.dtype.kind != "c" else np.asarray(t._data)

    def c(self, v):
        if isinstance(v, (bool, int, float, complex)):
            return v
        arr = np.asarray(v)
        if arr.dtype == np.bool_:
            return arr
        return arr.astype(np.float64)

    # -- graph
    def out(self, node, nr: int = 0):
        key = (id(node), nr)
        r = self.memo.get(key)
        if r is not None:
            return r
        op = _ops.spec(node)
        if op is None or op.ev is None:
            raise NoSymbolicForm(node)
        vals = []
        missing = []
        edges = list(node._edges) + [None] * (_ops.n_inputs(node) - len(node._edges))
        for i, e in enumerate(edges):
            if e is None:
                v = _ops.constant(node, i)
                if v is None:
                    vals.append(None)
                    missing.append(i)
                else:
                    vals.append(self.c(v))
            else:
                target, tnr = e
                vals.append(self.out(target, tnr) if isinstance(target, Node) else self.leaf(target))
        if missing:
            self._recover(node, vals, missing)
        r = op.ev(self, node, vals)
        r = self.wrap(r)
        self.memo[key] = r
        return r

    def value_of(self, t):
        """Evaluate tensor ``t`` (a root or a leaf)."""
        if t.grad_fn is None:
            return self.leaf(t)
        return self.out(t.grad_fn, t._out_nr)

    def _recover(self, node, vals, missing) -> None:
        """Fill in constants of ``a + c`` style ops from the known output value."""
        name = type(node).__name__
        known = self.info.known.get((node, 0))
        if known is None or len(missing) != 1:
            raise UnknownConstant(node, missing[0])
        i = missing[0]
        num = self.numeric()
        nv = []
        edges = list(node._edges) + [None] * (_ops.n_inputs(node) - len(node._edges))
        for k, e in enumerate(edges):
            if k == i:
                nv.append(None)
            elif e is None:
                nv.append(num.c(_ops.constant(node, k)))
            else:
                target, tnr = e
                nv.append(num.out(target, tnr) if isinstance(target, Node) else num.leaf(target))
        out = np.asarray(known, dtype=np.float64)
        alpha = getattr(node, "alpha", 1)
        if name == "AddBackward0":
            c = (out - nv[0]) / alpha if i == 1 else out - nv[1] * alpha
        elif name == "SubBackward0":
            c = (nv[0] - out) / alpha if i == 1 else out + nv[1] * alpha
        elif name == "RsubBackward1" and i == 1:
            c = out + nv[0] * alpha
        elif name == "MulBackward0":
            other = np.broadcast_to(nv[1 - i], out.shape) if np.ndim(nv[1 - i]) <= out.ndim else nv[1 - i]
            ok = other != 0
            if not np.any(ok):
                raise UnknownConstant(node, i)
            c = np.where(ok, out / np.where(ok, other, 1.0), np.nan)
            c = _fill_constant(c, node, i)
        elif name == "DivBackward0":
            if i == 1:
                ok = out != 0
                c = np.where(ok, np.asarray(nv[0], dtype=np.float64) / np.where(ok, out, 1.0), np.nan)
                c = _fill_constant(c, node, i)
            else:
                c = out * nv[1]
        elif name == "WhereBackward0" and i in (1, 2):
            cond = np.asarray(nv[0], dtype=bool)
            c = np.where(cond, out, 0.0) if i == 1 else np.where(cond, 0.0, out)
        else:
            raise UnknownConstant(node, i)
        dt = self.info.out_meta.get((node, 0), (None, None))[1]
        c = np.asarray(c)
        if np.allclose(c, c.reshape(-1)[0] if c.size else 0) and c.size:
            c = np.asarray(c.reshape(-1)[0])
        vals[i] = self.c_recovered(c, dt)

    def c_recovered(self, c, dtype):
        return self.c(c)

    def constant(self, node, i: int):
        """Constant input ``i`` of ``node``, recovered from the output where needed (or None)."""
        v = _ops.constant(node, i)
        if v is not None:
            return v
        vals = [None] * _ops.n_inputs(node)
        try:
            self.numeric()._recover(node, vals, [i])
        except (UnknownConstant, NoSymbolicForm, KeyError, ValueError, TypeError):
            return None
        return vals[i]

    def numeric(self):
        return self

    # -- backend primitives
    def wrap(self, r):
        return np.asarray(r)

    _FN = {
        "abs": np.abs, "exp": np.exp, "exp2": np.exp2, "expm1": np.expm1, "log": np.log, "log2": np.log2,
        "log10": np.log10, "log1p": np.log1p, "sqrt": np.sqrt, "rsqrt": lambda x: 1 / np.sqrt(x), "sin": np.sin,
        "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan, "sinh": np.sinh,
        "cosh": np.cosh, "tanh": np.tanh, "asinh": np.arcsinh, "acosh": np.arccosh, "atanh": np.arctanh,
        "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "relu": lambda x: np.maximum(x, 0.0),
        "reciprocal": lambda x: 1 / x, "sign": np.sign, "floor": np.floor, "ceil": np.ceil, "round": np.round,
        "trunc": np.trunc, "frac": lambda x: x - np.trunc(x), "deg2rad": np.deg2rad, "rad2deg": np.rad2deg,
    }

    def fn(self, name, x):
        return self._FN[name](x)

    def pow(self, x, e):
        return np.power(x, e)

    def maximum(self, a, b):
        return np.maximum(a, b)

    def minimum(self, a, b):
        return np.minimum(a, b)

    def where(self, cond, a, b):
        return np.where(np.asarray(cond, dtype=bool), a, b)

    def sum(self, x, dims, keep):
        return np.sum(x, axis=dims, keepdims=keep)

    def div_int(self, r, n):
        return r / n

    def reshape(self, x, shape):
        return np.reshape(x, shape)

    def transpose(self, x):
        return x.T if x.ndim == 2 else x

    def broadcast(self, x, shape):
        return np.broadcast_to(x, shape)

    def index(self, x, idx):
        return x[idx]

    def matmul(self, a, b):
        return np.matmul(a, b)

    def out_shape(self, node, nr: int = 0):
        meta = self.info.out_meta.get((node, nr))
        if meta is None:
            raise UnknownConstant(node, -1)
        return meta[0]


class SymbolicEvaluator(Evaluator):
    """The graph re-run on SymPy expressions (object arrays)."""

    symbolic = True

    def __init__(self, info, symbols: dict) -> None:
        super().__init__(info)
        self.symbols = symbols      # id(leaf) -> object array of Symbols
        self._num = Evaluator(info)

    def numeric(self):
        return self._num

    def leaf(self, t):
        s = self.symbols.get(id(t))
        if s is not None:
            return s
        return sym_array(t._data)

    def c(self, v):
        if isinstance(v, np.ndarray) and v.dtype == np.bool_:
            return v
        return sym_array(v)

    def c_recovered(self, c, dtype):
        return sym_array(c, dtype)

    def wrap(self, r):
        return _obj(r)

    def fn(self, name, x):
        sp = _sp()
        f = {
            "abs": sp.Abs, "exp": sp.exp, "exp2": lambda a: 2 ** a, "expm1": lambda a: sp.exp(a) - 1,
            "log": sp.log, "log2": lambda a: sp.log(a) / sp.log(2), "log10": lambda a: sp.log(a) / sp.log(10),
            "log1p": lambda a: sp.log(1 + a), "sqrt": sp.sqrt, "rsqrt": lambda a: 1 / sp.sqrt(a), "sin": sp.sin,
            "cos": sp.cos, "tan": sp.tan, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "sinh": sp.sinh,
            "cosh": sp.cosh, "tanh": sp.tanh, "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
            "sigmoid": lambda a: 1 / (1 + sp.exp(-a)), "relu": lambda a: sp.Max(0, a),
            "reciprocal": lambda a: 1 / a, "sign": sp.sign, "floor": sp.floor, "ceil": sp.ceiling,
            "round": lambda a: sp.floor(a + sp.Rational(1, 2)), "trunc": lambda a: sp.sign(a) * sp.floor(sp.Abs(a)),
            "frac": lambda a: a - sp.sign(a) * sp.floor(sp.Abs(a)), "deg2rad": lambda a: a * sp.pi / 180,
            "rad2deg": lambda a: a * 180 / sp.pi,
        }[name]
        return _map(f, x)

    def pow(self, x, e):
        e = sym_number(e) if not isinstance(e, np.ndarray) else e
        return _map(lambda a: a ** e, x)

    def maximum(self, a, b):
        return np.frompyfunc(_sp().Max, 2, 1)(a, b)

    def minimum(self, a, b):
        return np.frompyfunc(_sp().Min, 2, 1)(a, b)

    def div_int(self, r, n):
        return _map(lambda a: a * _sp().Rational(1, n), _obj(r))

    def sum(self, x, dims, keep):
        if dims is None:
            total = _sp().Add(*x.reshape(-1).tolist())
            return _obj(total)
        return np.sum(x, axis=dims, keepdims=keep)

    def matmul(self, a, b):
        return np.matmul(a, b) if a.ndim and b.ndim else a * b


def _fill_constant(c, node, i):
    """A recovered constant with unknown (NaN) spots: fine if the known spots agree on one value."""
    known = c[~np.isnan(c)]
    if known.size and np.allclose(known, known[0]):
        return np.asarray(known[0])
    if np.isnan(c).any():
        raise UnknownConstant(node, i)
    return c


def _map(f, x):
    x = _obj(x)
    if x.ndim == 0:
        return _obj(f(x[()]))
    return np.frompyfunc(f, 1, 1)(x)
