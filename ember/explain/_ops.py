"""What each graph node means: its forward expression, local derivative and value.

One table, keyed by ``grad_fn`` name, gives for every op ember knows:

* ``text``: the forward op as an expression in its operands (``a**2``, ``mean(z)``);
* ``local``: its local derivative with respect to input ``i`` as a formula
  (``2*y``, ``1/6``); ``None`` where no short formula helps;
* ``kind``: ``"elementwise"`` (local derivatives are per-element numbers),
  ``"reduce"``, ``"view"``, ``"index"``, ``"linalg"``;
* ``ev``: how to re-run the forward op on NumPy arrays, numeric (float64) or
  symbolic (object arrays of SymPy expressions), used by ``formula()``.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from . import _graph

ADD, MUL, NEG, POW, ATOM = 1, 2, 3, 4, 5


class UnknownConstant(Exception):
    """A constant operand the graph no longer holds."""

    def __init__(self, node, index: int) -> None:
        super().__init__(f"{type(node).__name__}: operand {index} is a constant that the graph did not keep")
        self.node = node
        self.index = index


class NoSymbolicForm(Exception):
    def __init__(self, node) -> None:
        super().__init__(type(node).__name__)
        self.node = node


# ------------------------------------------------------------ formatting
def fmt_num(v) -> str:
    """A short readable number: 3, 0.1667, -2.5, 1e-08."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if math.isnan(f) or math.isinf(f):
        return str(f)
    if f == int(f) and abs(f) < 1e15:
        return str(int(f))
    return f"{f:.4g}"


def fmt_fraction(v) -> str:
    """``1/6`` for simple fractions, else :func:`fmt_num`."""
    try:
        fr = Fraction(float(v)).limit_denominator(1000)
    except (TypeError, ValueError, OverflowError):
        return fmt_num(v)
    if fr.denominator != 1 and abs(float(fr) - float(v)) < 1e-9 * max(1.0, abs(float(v))):
        return f"{fr.numerator}/{fr.denominator}"
    return fmt_num(v)


def fmt_array(a, max_elems: int = 12) -> str:
    """Numbers for small arrays, shape plus a few elements for large ones."""
    if a is None:
        return "None"
    arr = np.asarray(a)
    if arr.ndim == 0:
        return fmt_num(arr.item())
    if arr.size <= max_elems:
        return _nested(arr)
    flat = arr.reshape(-1)
    head = ", ".join(fmt_num(v) for v in flat[:4].tolist())
    return f"shape {tuple(arr.shape)}, first elements [{head}, ...]"


def _nested(arr) -> str:
    if arr.ndim == 1:
        return "[" + ", ".join(fmt_num(v) for v in arr.tolist()) + "]"
    return "[" + ", ".join(_nested(x) for x in arr) + "]"


def par(op, prec: int) -> str:
    text, p = op
    return f"({text})" if p < prec else text


def const_op(v) -> tuple:
    """(text, precedence) of a constant operand."""
    if v is None:
        return ("c", ATOM)
    arr = np.asarray(v)
    if arr.ndim == 0:
        s = fmt_num(arr.item())
        return (s, NEG if s.startswith("-") else ATOM)
    return (fmt_array(arr, 6), ATOM)


def _is_const_number(op) -> bool:
    t = op[0]
    try:
        float(t)
        return True
    except ValueError:
        return False


# ------------------------------------------------------------ constants
def constant(node, i: int):
    """Value of constant input ``i`` of ``node`` (no edge), or None if unknown."""
    rec = _graph.recorded_inputs(node)
    if rec is not None and i < len(rec) and rec[i] is not None:
        return rec[i]
    name = type(node).__name__
    if name in ("MulBackward0", "DivBackward0"):
        s = getattr(node, "scalar", None)  # older layout: scalar kept as an attribute
        if s is not None and i == 1:
            return s
    if name == "PowBackward0":
        return getattr(node, "exponent", None)
    if name == "PowBackward2":
        return getattr(node, "base", None)
    saved = node._saved
    if not saved:
        return None
    if name == "RsubBackward1":
        return saved[1] if i == 1 and len(saved) > 1 else None
    idx = _SAVED_INDEX.get(name)
    if idx is not None:
        j = idx(i)
    elif len(saved) == len(node._edges):
        j = i
    else:
        return None
    if j is None or j >= len(saved):
        return None
    t = saved[j]
    if t is None:
        return None
    return getattr(t, "_data", t)


_SAVED_INDEX = {
    "PowBackward1": lambda i: i,
    "AddcmulBackward0": lambda i: i - 1 if i >= 1 else None,
    "AddcdivBackward0": lambda i: i - 1 if i >= 1 else None,
    "WhereBackward0": lambda i: 0 if i == 0 else None,
    "MaskedFillBackward0": lambda i: None,  # only the mask is saved, and it is no edge
    "MaskedFillBackward1": lambda i: None,
    "ClampBackward0": lambda i: i,
}


# --------------------------------------------------------------- registry
class Op:
    __slots__ = ("text", "local", "kind", "ev")

    def __init__(self, text, local=None, kind="elementwise", ev=None) -> None:
        self.text = text
        self.local = local
        self.kind = kind
        self.ev = ev


OPS: dict = {}


def reg(names, text, local=None, kind="elementwise", ev=None) -> None:
    for n in names.split():
        OPS[n] = Op(text, local, kind, ev)


def _alpha(node):
    return getattr(node, "alpha", 1)


def _scaled(alpha, op) -> tuple:
    if alpha == 1:
        return op
    return (f"{fmt_num(alpha)}*{par(op, POW)}", MUL)


def _add_text(node, a):
    x, y = a
    y = _scaled(_alpha(node), y)
    if y[0].startswith("-"):
        return (f"{x[0]} - {par((y[0][1:], y[1]), MUL)}", ADD)
    return (f"{x[0]} + {y[0]}", ADD)


reg("AddBackward0", _add_text, lambda n, i, a: "1" if i == 0 else fmt_num(_alpha(n)),
    ev=lambda E, n, v: v[0] + v[1] * E.c(_alpha(n)))
reg("SubBackward0", lambda n, a: (f"{a[0][0]} - {par(_scaled(_alpha(n), a[1]), MUL)}", ADD),
    lambda n, i, a: "1" if i == 0 else fmt_num(-_alpha(n)),
    ev=lambda E, n, v: v[0] - v[1] * E.c(_alpha(n)))
reg("RsubBackward1", lambda n, a: (f"{a[1][0]} - {par(_scaled(_alpha(n), a[0]), MUL)}", ADD),
    lambda n, i, a: fmt_num(-_alpha(n)),
    ev=lambda E, n, v: v[1] - v[0] * E.c(_alpha(n)))
reg("RsubBackward0", lambda n, a: (f"{a[1][0]} - {par(_scaled(_alpha(n), a[0]), MUL)}", ADD),
    lambda n, i, a: fmt_num(-_alpha(n)) if i == 0 else "1",
    ev=lambda E, n, v: v[1] - v[0] * E.c(_alpha(n)))


def _mul_text(node, a):
    x, y = a
    if _is_const_number(y) and not _is_const_number(x):
        x, y = y, x
    return (f"{par(x, MUL)}*{par(y, MUL + 1)}", MUL)


reg("MulBackward0", _mul_text, lambda n, i, a: a[1 - i][0], ev=lambda E, n, v: v[0] * v[1])
reg("DivBackward0", lambda n, a: (f"{par(a[0], MUL)}/{par(a[1], MUL + 1)}", MUL),
    lambda n, i, a: f"1/{par(a[1], MUL + 1)}" if i == 0 else f"-{par(a[0], MUL)}/{par(a[1], POW + 1)}**2",
    ev=lambda E, n, v: v[0] / v[1])


def _pow0_local(node, i, a):
    e = getattr(node, "exponent", None)
    base = par(a[0], POW + 1)
    if e is None:
        return None
    if e == 0:
        return "0"
    if e == 1:
        return "1"
    if e == 2:
        return f"2*{base}"
    e1 = e - 1
    es = fmt_num(e1)
    if e1 < 0 or not float(e1).is_integer():
        es = f"({es})"
    return f"{fmt_num(e)}*{base}**{es}"


def _pow_e_text(e):
    s = fmt_num(e)
    return f"({s})" if (isinstance(e, (int, float)) and (e < 0 or not float(e).is_integer())) else s


reg("PowBackward0", lambda n, a: (f"{par(a[0], POW + 1)}**{_pow_e_text(getattr(n, 'exponent', 'e'))}", POW),
    _pow0_local, ev=lambda E, n, v: E.pow(v[0], n.exponent))
reg("PowBackward1", lambda n, a: (f"{par(a[0], POW + 1)}**{par(a[1], POW)}", POW),
    lambda n, i, a: (f"{par(a[1], MUL)}*{par(a[0], POW + 1)}**({a[1][0]} - 1)" if i == 0
                     else f"{par(a[0], POW + 1)}**{par(a[1], POW)}*log({a[0][0]})"),
    ev=lambda E, n, v: v[0] ** v[1])
reg("PowBackward2", lambda n, a: (f"{fmt_num(n.base)}**{par(a[0], POW)}", POW),
    lambda n, i, a: f"{fmt_num(n.base)}**{par(a[0], POW)}*log({fmt_num(n.base)})",
    ev=lambda E, n, v: E.c(n.base) ** v[0])
reg("NegBackward0", lambda n, a: (f"-{par(a[0], NEG)}", NEG), lambda n, i, a: "-1", ev=lambda E, n, v: -v[0])


def _fn_text(fname):
    return lambda n, a: (f"{fname}({a[0][0]})", ATOM)


def _unary(names, fname, local, fn=None):
    f = fn or fname
    reg(names, _fn_text(fname), (lambda n, i, a, _l=local: _l(a[0][0], par(a[0], POW + 1))) if local else None,
        ev=lambda E, n, v, _f=f: E.fn(_f, v[0]))


_unary("AbsBackward0", "abs", lambda s, p: f"sign({s})")
_unary("ExpBackward0", "exp", lambda s, p: f"exp({s})")
_unary("Exp2Backward0", "exp2", lambda s, p: f"exp2({s})*log(2)")
_unary("Expm1Backward0", "expm1", lambda s, p: f"exp({s})")
_unary("LogBackward0", "log", lambda s, p: f"1/{p}")
_unary("Log2Backward0", "log2", lambda s, p: f"1/({s}*log(2))")
_unary("Log10Backward0", "log10", lambda s, p: f"1/({s}*log(10))")
_unary("Log1PBackward0", "log1p", lambda s, p: f"1/(1 + {s})")
_unary("SqrtBackward0", "sqrt", lambda s, p: f"1/(2*sqrt({s}))")
_unary("RsqrtBackward0", "rsqrt", lambda s, p: f"-1/(2*{p}**(3/2))")
_unary("SinBackward0", "sin", lambda s, p: f"cos({s})")
_unary("CosBackward0", "cos", lambda s, p: f"-sin({s})")
_unary("TanBackward0", "tan", lambda s, p: f"1 + tan({s})**2")
_unary("AsinBackward0", "asin", lambda s, p: f"1/sqrt(1 - {p}**2)")
_unary("AcosBackward0", "acos", lambda s, p: f"-1/sqrt(1 - {p}**2)")
_unary("AtanBackward0", "atan", lambda s, p: f"1/(1 + {p}**2)")
_unary("SinhBackward0", "sinh", lambda s, p: f"cosh({s})")
_unary("CoshBackward0", "cosh", lambda s, p: f"sinh({s})")
_unary("TanhBackward0", "tanh", lambda s, p: f"1 - tanh({s})**2")
_unary("AsinhBackward0", "asinh", lambda s, p: f"1/sqrt({p}**2 + 1)")
_unary("AcoshBackward0", "acosh", lambda s, p: f"1/sqrt({p}**2 - 1)")
_unary("AtanhBackward0", "atanh", lambda s, p: f"1/(1 - {p}**2)")
_unary("SigmoidBackward0", "sigmoid", lambda s, p: f"sigmoid({s})*(1 - sigmoid({s}))")
_unary("ReluBackward0", "relu", lambda s, p: f"1 where {s} > 0, else 0")
_unary("ReciprocalBackward0", "reciprocal", lambda s, p: f"-1/{p}**2")
_unary("SignBackward0 SgnBackward0", "sign", lambda s, p: "0")
_unary("FloorBackward0", "floor", lambda s, p: "0")
_unary("CeilBackward0", "ceil", lambda s, p: "0")
_unary("RoundBackward0", "round", lambda s, p: "0")
_unary("TruncBackward0", "trunc", lambda s, p: "0")
_unary("FracBackward0", "frac", lambda s, p: "1")
_unary("Deg2RadBackward0", "deg2rad", lambda s, p: "pi/180")
_unary("Rad2DegBackward0", "rad2deg", lambda s, p: "180/pi")


def _clamp_text(n, a):
    lo, hi = getattr(n, "lo", None), getattr(n, "hi", None)
    parts = [a[0][0]]
    if lo is not None:
        parts.append(f"min={fmt_num(lo)}")
    if hi is not None:
        parts.append(f"max={fmt_num(hi)}")
    return (f"clamp({', '.join(parts)})", ATOM)


def _clamp_local(n, i, a):
    lo, hi = getattr(n, "lo", None), getattr(n, "hi", None)
    s = a[0][0]
    if lo is not None and hi is not None:
        cond = f"{fmt_num(lo)} <= {s} <= {fmt_num(hi)}"
    elif lo is not None:
        cond = f"{s} >= {fmt_num(lo)}"
    else:
        cond = f"{s} <= {fmt_num(hi)}"
    return f"1 where {cond}, else 0"


def _clamp_ev(E, n, v):
    r = v[0]
    if getattr(n, "lo", None) is not None:
        r = E.maximum(r, E.c(n.lo))
    if getattr(n, "hi", None) is not None:
        r = E.minimum(r, E.c(n.hi))
    return r


reg("ClampBackward1", _clamp_text, _clamp_local, ev=_clamp_ev)
reg("MaximumBackward0", lambda n, a: (f"maximum({a[0][0]}, {a[1][0]})", ATOM),
    lambda n, i, a: f"1 where {a[i][0]} > {a[1 - i][0]} (1/2 where equal), else 0",
    ev=lambda E, n, v: E.maximum(v[0], v[1]))
reg("MinimumBackward0", lambda n, a: (f"minimum({a[0][0]}, {a[1][0]})", ATOM),
    lambda n, i, a: f"1 where {a[i][0]} < {a[1 - i][0]} (1/2 where equal), else 0",
    ev=lambda E, n, v: E.minimum(v[0], v[1]))
reg("WhereBackward0", lambda n, a: (f"where({a[0][0]}, {a[1][0]}, {a[2][0]})", ATOM),
    lambda n, i, a: "1 where the condition holds, else 0" if i == 1 else "1 where the condition fails, else 0",
    ev=lambda E, n, v: E.where(v[0], v[1], v[2]))


# ------------------------------------------------------------ reductions
def _dims_text(n):
    dims = getattr(n, "dims", None)
    if dims is None:
        return ""
    d = dims[0] if len(dims) == 1 else tuple(dims)
    s = f", dim={d}"
    if getattr(n, "keepdim", False):
        s += ", keepdim=True"
    return s


def _reduce_ev(mean):
    def ev(E, n, v):
        x = v[0]
        dims = getattr(n, "dims", None)
        keep = bool(getattr(n, "keepdim", False))
        if x.ndim == 0:
            return x
        if dims is None:
            r = E.sum(x, None, False)
            count = x.size
        else:
            r = E.sum(x, tuple(dims), keep)
            count = 1
            for d in dims:
                count *= x.shape[d]
        return E.div_int(r, count) if mean else r
    return ev


def _mean_local(n, i, a):
    c = getattr(n, "count", None)
    return f"1/{c}" if c is not None else "1/n"


reg("SumBackward0 SumBackward1", lambda n, a: (f"sum({a[0][0]}{_dims_text(n)})", ATOM),
    lambda n, i, a: "1", kind="reduce", ev=_reduce_ev(False))
reg("MeanBackward0 MeanBackward1", lambda n, a: (f"mean({a[0][0]}{_dims_text(n)})", ATOM),
    _mean_local, kind="reduce", ev=_reduce_ev(True))


# ----------------------------------------------------------------- views
def _shape_s(s):
    return "(" + ", ".join(str(int(v)) for v in s) + ("," if len(s) == 1 else "") + ")"


def _view(names, text, ev):
    reg(names, text, lambda n, i, a: "1 (each gradient element goes back to where it came from)", kind="view", ev=ev)


_view("ViewBackward0 UnsafeViewBackward0 ReshapeAliasBackward0", lambda n, a: (f"{par(a[0], ATOM)}.view(...)", ATOM),
      lambda E, n, v: E.reshape(v[0], E.out_shape(n)))
_view("SqueezeBackward0 SqueezeBackward1 SqueezeBackward2", lambda n, a: (f"{par(a[0], ATOM)}.squeeze()", ATOM),
      lambda E, n, v: E.reshape(v[0], E.out_shape(n)))
_view("TBackward0", lambda n, a: (f"{par(a[0], ATOM)}.t()", ATOM), lambda E, n, v: E.transpose(v[0]))
_view("TransposeBackward0", lambda n, a: (f"{par(a[0], ATOM)}.transpose({n.d0}, {n.d1})", ATOM),
      lambda E, n, v: np.swapaxes(v[0], n.d0, n.d1) if v[0].ndim else v[0])
_view("PermuteBackward0",
      lambda n, a: (f"{par(a[0], ATOM)}.permute{tuple(int(k) for k in np.argsort(n.inverse))}", ATOM),
      lambda E, n, v: np.transpose(v[0], tuple(int(k) for k in np.argsort(n.inverse))))
_view("CloneBackward0", lambda n, a: (f"{par(a[0], ATOM)}.clone()", ATOM), lambda E, n, v: v[0])
_view("AliasBackward0", lambda n, a: a[0], lambda E, n, v: v[0])
_view("ToCopyBackward0", lambda n, a: (f"{par(a[0], ATOM)}.to(...)", ATOM), lambda E, n, v: v[0])
reg("ExpandBackward0", lambda n, a: (f"{par(a[0], ATOM)}.expand{_shape_s(n.shape) if False else '(...)'}", ATOM),
    lambda n, i, a: "1 (summed over the copies made by broadcasting)", kind="view",
    ev=lambda E, n, v: E.broadcast(v[0], E.out_shape(n)))


def _unsqueeze_like(n, a):
    if hasattr(n, "index"):
        return (f"{par(a[0], ATOM)}[{_index_text(n.index)}]", ATOM)
    return (f"{par(a[0], ATOM)}.unsqueeze({n.dim})", ATOM)


def _unsqueeze_ev(E, n, v):
    if hasattr(n, "index") and getattr(n, "advanced", None) is not None:
        return E.index(v[0], n.index)
    return np.expand_dims(v[0], n.dim)


_view("UnsqueezeBackward0", _unsqueeze_like, _unsqueeze_ev)


def _index_text(idx) -> str:
    if not isinstance(idx, tuple):
        idx = (idx,)
    parts = []
    for k in idx:
        if k is None:
            parts.append("None")
        elif k is Ellipsis:
            parts.append("...")
        elif isinstance(k, slice):
            s = ("" if k.start is None else str(k.start)) + ":" + ("" if k.stop is None else str(k.stop))
            if k.step is not None:
                s += ":" + str(k.step)
            parts.append(s)
        elif isinstance(k, np.ndarray):
            parts.append(fmt_array(k, 8) if k.dtype != np.bool_ else "mask")
        else:
            parts.append(str(k))
    return ", ".join(parts)


for _name in ("SelectBackward0", "SliceBackward0", "IndexBackward0"):
    reg(_name, lambda n, a: (f"{par(a[0], ATOM)}[{_index_text(n.index)}]", ATOM),
        lambda n, i, a: "1 at the picked elements, 0 elsewhere", kind="index",
        ev=lambda E, n, v: E.index(v[0], n.index))
# ``x[...]`` is recorded as AliasBackward0 by indexing; same evaluation as identity.


# ---------------------------------------------------------------- linalg
def _mm_local(n, i, a):
    return f"grad @ {par(a[1], ATOM)}ᵀ" if i == 0 else f"{par(a[0], ATOM)}ᵀ @ grad"


reg("MmBackward0 BmmBackward0 MvBackward0 MatmulBackward0",
    lambda n, a: (f"{par(a[0], MUL + 1)} @ {par(a[1], MUL + 1)}", MUL), _mm_local, kind="linalg",
    ev=lambda E, n, v: E.matmul(v[0], v[1]))
reg("DotBackward0", lambda n, a: (f"dot({a[0][0]}, {a[1][0]})", ATOM),
    lambda n, i, a: a[1 - i][0], kind="linalg", ev=lambda E, n, v: E.matmul(v[0], v[1]))


def _addmm_text(n, a):
    return (f"{a[0][0]} + {par(a[1], MUL + 1)} @ {par(a[2], MUL + 1)}", ADD)


def _addmm_ev(E, n, v):
    beta = getattr(n, "beta", 1)
    alpha = getattr(n, "alpha", 1)
    return v[0] * E.c(beta) + E.matmul(v[1], v[2]) * E.c(alpha)


reg("AddmmBackward0", _addmm_text,
    lambda n, i, a: "1" if i == 0 else (f"grad @ {par(a[2], ATOM)}ᵀ" if i == 1 else f"{par(a[1], ATOM)}ᵀ @ grad"),
    kind="linalg", ev=_addmm_ev)


def n_inputs(node) -> int:
    """Operands of the forward op (``rsub`` records only its tensor input as an edge)."""
    n = len(node._edges)
    if type(node).__name__ == "RsubBackward1" and n == 1:
        return 2
    return n


def spec(node) -> Op | None:
    return OPS.get(type(node).__name__)


def attributes(node) -> dict:
    """Non-tensor attributes worth showing (``exponent=2``, ``dims=(0,)``)."""
    out = {}
    for cls in type(node).__mro__:
        for s in getattr(cls, "__slots__", ()):
            if s.startswith("_") or s in out or s in ("variable", "view_fn", "index", "mask", "advanced"):
                continue
            try:
                v = getattr(node, s)
            except AttributeError:
                continue
            if v is None or callable(v) or isinstance(v, np.ndarray):
                continue
            if s == "alpha" and v == 1:
                continue
            if s in ("shape",):
                continue
            out[s] = v
    return out
