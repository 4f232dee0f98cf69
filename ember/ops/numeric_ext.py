"""Numeric helpers missing from the core op set: ``copysign``, ``logaddexp2``,
``ldexp``, ``frexp``, ``gcd``, ``lcm``, ``nextafter``, ``cov``, ``corrcoef``,
``trapezoid``/``trapz``, ``cumulative_trapezoid``, ``lgamma`` and ``digamma``.

Ops with a dedicated PyTorch backward node (``CopysignBackward0/1``,
``Logaddexp2Backward0``, ``LdexpBackward0``, ``FrexpBackward0``,
``NextafterBackward0``, ``LgammaBackward0``, ``DigammaBackward0``) define it here
with the formula of ``derivatives.yaml``.  PyTorch's composites (``cov``,
``corrcoef``, the trapezoid rules) are written with the same ember ops as ATen
uses, so the recorded graph has the same node names.

``lgamma``/``digamma`` are evaluated in float64 with vectorised NumPy code
(series about 1, recurrence, Stirling/asymptotic series and reflection) and
rounded to the input dtype.  The trigamma used by ``digamma``'s backward is
private (``_polygamma``); it mirrors PyTorch's ``calc_trigamma`` in the
input's dtype, so even its values near the poles match.
"""
from __future__ import annotations

import math as _math

import numpy as np

from .. import _dtype as D
from ..backend.fma import fma
from ._common import scalar_out as _scalar_out
from ._common import (Node, Tensor, _make, binary_data, require_tensor, method_form, broadcast_error, finish, needs_grad, saved_output,
                      to_float_data, unpack_output, write_out)
from .reduction_ext import _tname
from ._common import NP_UNSET
from .pointwise import DivBackward1, MulBackward1, div_scalar, mul_scalar

__all__ = ["copysign", "logaddexp2", "ldexp", "frexp", "gcd", "lcm", "nextafter", "cov", "corrcoef", "trapezoid",
           "trapz", "cumulative_trapezoid", "lgamma", "digamma"]


# ------------------------------------------------------------------ helpers
def _is_t(x) -> bool:
    return isinstance(x, Tensor)


def _arrays(a: Tensor, b) -> tuple:
    """Promoted operand arrays (PyTorch rules), broadcast-checked."""
    ad, bd = binary_data(a, b)
    ad, bd = np.asarray(ad), np.asarray(bd) if _is_t(b) else bd
    if _is_t(b):
        try:
            np.broadcast_shapes(ad.shape, bd.shape)
        except ValueError:
            raise broadcast_error(ad.shape, bd.shape) from None
    return ad, bd


def _require_float(op: str, *arrays) -> None:
    for d in arrays:
        if isinstance(d, np.ndarray) and d.dtype.kind not in "fc":
            raise NotImplementedError(f"\"{op}_cpu\" not implemented for '{_tname(d)}'")


def _require_int(op: str, *arrays) -> None:
    for d in arrays:
        if isinstance(d, np.ndarray) and d.dtype.kind not in "iu":
            raise NotImplementedError(f"\"{op}_cpu\" not implemented for '{_tname(d)}'")


def _const(arr) -> Tensor:
    return _make(np.asarray(arr))


def _zeros_of(x: Tensor) -> Tensor:
    return _const(np.zeros(np.shape(x._data), dtype=np.asarray(x._data).dtype))


# ------------------------------------------------------------------ copysign
class CopysignBackward0(Node):
    """``copysign(Tensor, Tensor)``: self gets ``grad * (result / self)`` (0 where self == 0), other zeros."""
    __slots__ = ()

    def backward(self, g):
        a, b, r = self.saved()
        res = unpack_output(self, r)
        ga = g * (res / a).masked_fill(a == 0, 0) if self._edges[0] is not None else None
        gb = _zeros_of(b) if self._edges[1] is not None else None
        return ga, gb


class CopysignBackward1(Node):
    """``copysign(Tensor, Scalar)``: the self part of ``CopysignBackward0``."""
    __slots__ = ()

    def backward(self, g):
        a, r = self.saved()
        res = unpack_output(self, r)
        return (g * (res / a).masked_fill(a == 0, 0),)


def copysign(input: Tensor, other, *, out: Tensor | None = None) -> Tensor:
    """``torch.copysign``: magnitude of ``input`` with the sign of ``other``; integers give the default float."""
    ad, bd = _arrays(input, other)
    if np.result_type(ad, bd).kind == "c":
        from .pointwise import _out_cast_first
        _out_cast_first(out, (input, other), float_op=True)  # (PyTorch checks ``out`` first)
        from .reduction_ext import _complex_unsupported
        raise _complex_unsupported(np.empty(0, np.result_type(ad, bd)), "copysign_cpu")
    data = np.copysign(to_float_data(ad), to_float_data(bd) if isinstance(bd, np.ndarray) else float(bd))
    data = _scalar_out(np.asarray(data, dtype=np.result_type(to_float_data(ad))) if not _is_t(other) else data)
    node = None
    if needs_grad(input, other):
        if _is_t(other):
            node = CopysignBackward0((input, other))
            res = finish(data, node)
            node.save(input, other, saved_output(node, res))
        else:
            node = CopysignBackward1((input,))
            res = finish(data, node)
            node.save(input, saved_output(node, res))
        return write_out(out, res)
    return write_out(out, _make(data))


# ---------------------------------------------------------------- logaddexp2
class Logaddexp2Backward0(Node):
    """``grad / (1 + pow(2, other - self))`` and ``grad / (1 + pow(2, self - other))``."""
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        from .pointwise import add_scalar, pow as tensor_pow
        return g / add_scalar(tensor_pow(2, b - a), 1), g / add_scalar(tensor_pow(2, a - b), 1)


def _logaddexp2_data(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """PyTorch's kernel: ``m + log1p(exp2(-|a - b|)) / ln 2``, with ``a`` where both are the same infinity."""
    dt = np.result_type(a, b)
    a64, b64 = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)  # then rounded once, like torch
    with np.errstate(invalid="ignore"):
        r = np.maximum(a64, b64) + np.log1p(np.exp2(-np.abs(a64 - b64))) / _math.log(2.0)
        return np.where(np.isinf(a64) & (a64 == b64), a64, r).astype(dt)


def logaddexp2(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.logaddexp2``: ``log2(2**input + 2**other)``; floating inputs only, like PyTorch's CPU kernel."""
    require_tensor("logaddexp2", other)
    ad, bd = _arrays(input, other)
    _require_float("logaddexp2", ad, bd)
    data = _scalar_out(_logaddexp2_data(ad, bd))
    node = None
    if needs_grad(input, other):
        node = Logaddexp2Backward0((input, other))
        node.save(input, other)
    return write_out(out, finish(data, node))


# --------------------------------------------------------------------- ldexp
class LdexpBackward0(Node):
    """derivatives.yaml: self ``grad * pow(2, other)`` (an integer pow for an integer ``other``: 2**-k
    is 0); other ``grad * result * M_LN2``."""
    __slots__ = ()

    def backward(self, g):
        from .pointwise import pow as tensor_pow
        a, b, r = self.saved()
        ga = g * tensor_pow(2, b) if self._edges[0] is not None else None
        gb = mul_scalar(g * unpack_output(self, r), _math.log(2.0)) if self._edges[1] is not None else None
        return ga, gb


def _ldexp_dtype(a: np.ndarray, b: np.ndarray) -> np.dtype:
    """dtype of PyTorch's ``self * pow(2., other)``."""
    pw = D.from_numpy_dtype(b.dtype if b.dtype.kind in "fc" else D._default.value.np)
    dims = [D.from_numpy_dtype(a.dtype)] if a.ndim else []
    zero = [] if a.ndim else [D.from_numpy_dtype(a.dtype)]
    (dims if b.ndim else zero).append(pw)
    return D.result_type_of(dims, zero, ()).np


def _ldexp_exact(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``x * 2**n`` for an integer ``n``, exactly (C's ``ldexp``), complex parts scaled separately."""
    n = np.clip(n, -100000, 100000).astype(np.int32)  # (beyond any float's exponent range either way)
    if x.dtype.kind == "c":
        r = np.empty(np.broadcast(x, n).shape, x.dtype)
        r.real = np.ldexp(x.real, n)
        r.imag = np.ldexp(x.imag, n)
        return r
    return np.ldexp(x, n)


def _ldexp_pow2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ATen's ``_pow2(self, other)`` for a complex ``ldexp``: ``pow(2., other)`` (a wrapped number)
    for an integral or Float ``self``, else ``pow`` of a 0-d tensor 2 of ``self``'s dtype, which
    takes part in promotion as a 0-d tensor (a Double ``self`` leaves a ComplexFloat exponent's power
    ComplexFloat; a ComplexFloat ``self`` raises a Double exponent in ComplexDouble)."""
    from .pointwise import pow as tensor_pow
    if a.dtype.kind in "biu" or a.dtype == np.float32:
        base = 2.0
    else:
        base = _make(np.asarray(2.0, a.dtype))
    return np.asarray(tensor_pow(base, _make(b))._data)


def _ldexp_power(b: np.ndarray, dt: np.dtype) -> np.ndarray:
    """``2 ** b`` for ``ldexp``'s general path, as a ``dt`` array.

    As measured against PyTorch: a complex result with a non-floating
    exponent raises 2 to it in complex arithmetic (``exp(b * log 2)``, so
    integral powers come out inexact); a dimensioned floating exponent is
    raised in its own dtype (a float16 exponent gives float16-rounded powers);
    a 0-d one in ``dt``'s real dtype.
    """
    if dt.kind == "c" and b.dtype.kind != "f":
        from .pointwise import _complex_pow
        return np.asarray(_complex_pow(np.asarray(2, dt), b.astype(dt)))
    if b.ndim == 0 or b.dtype.kind != "f":
        return np.exp2(b.astype(np.empty(0, dt).real.dtype)).astype(dt)
    if b.dtype == np.float16:
        return np.exp2(b.astype(np.float32)).astype(np.float16).astype(dt)
    return np.exp2(b).astype(dt)


def ldexp(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.ldexp``: ``input * 2**other`` computed as PyTorch does: exactly in the input's dtype
    for a floating input and an integer exponent, else ``pow(2., other)`` then ``mul``."""
    if not _is_t(other):
        require_tensor("ldexp", other)  # (PyTorch checks ``input`` first: ``ldexp(2, 3)`` names it)
    try:
        ad, bd = np.asarray(input._data), np.asarray(other._data)
    except AttributeError as e:  # ``torch.ldexp(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    int_exponent = ad.dtype.kind == "f" and bd.dtype.kind in "biu"  # PyTorch's exact ``ldexp_cpu_exp`` kernel
    if int_exponent and bd.dtype.kind == "b":
        raise NotImplementedError("\"ldexp_cpu_exp\" not implemented for 'Bool'")
    dt = ad.dtype if int_exponent else _ldexp_dtype(ad, bd)
    if out is not None and isinstance(out, Tensor) and _cannot_cast(dt, out._data.dtype):
        _ldexp_cast_error(out._data.dtype)
    try:
        if int_exponent:
            data = _ldexp_exact(ad.astype(dt), bd)
            if out is None and ad.size and data.shape != ad.shape:
                from ._common import _warn_resized  # PyTorch's kernel sizes its result like ``input`` first
                _warn_resized(ad.shape, data.shape)
        elif ad.dtype.kind == "c" or bd.dtype.kind == "c":
            data = np.multiply(ad.astype(dt), _ldexp_pow2(ad, bd).astype(dt), dtype=dt)
        else:
            data = np.multiply(ad.astype(dt), _ldexp_power(bd, dt), dtype=dt)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
    node = None
    if needs_grad(input, other):
        node = LdexpBackward0((input, other))
        res = finish(_scalar_out(data), node)
        node.save(input, other, saved_output(node, res))
        return write_out(out, res)
    return write_out(out, finish(_scalar_out(data), node))


def _cannot_cast(src, dst) -> bool:
    order = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}
    return order[np.dtype(src).kind] > order[np.dtype(dst).kind]


def _ldexp_cast_error(dst):
    from .inplace import _type_word
    raise RuntimeError(f"ldexp can't be cast to the desired output type {_type_word(np.dtype(dst))}")


def _ldexp_inplace(input, other):
    """``Tensor.ldexp_``: PyTorch words its cast error as ``ldexp``'s."""
    if _is_t(input) and _is_t(other) and _cannot_cast(_ldexp_dtype(np.asarray(input._data), np.asarray(other._data)),
                                                       input._data.dtype):
        _ldexp_cast_error(input._data.dtype)
    return ldexp(input, other)


_ldexp_inplace.__name__ = "ldexp"  # (so ``ldexp_``'s argument errors are reworded from ``ldexp``'s)


# --------------------------------------------------------------------- frexp
class FrexpBackward0(Node):
    """mantissa's gradient: ``grad / exponent.exp2()``."""
    __slots__ = ()

    def backward(self, g):
        (e,) = self.saved()
        return (g / e.exp2(),)


def frexp(input: Tensor, *, out=None):
    """``torch.frexp``: ``return_types.frexp(mantissa, exponent)``; the exponent is int32."""
    from ..return_types import frexp as _frexp_t
    if out is not None and not isinstance(out, (tuple, list)):
        raise TypeError(f"frexp(): argument 'out' must be tuple of Tensors, not {type(out).__name__}")
    d = np.asarray(input._data)
    if d.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    m, e = np.frexp(d)
    exponent = _make(_scalar_out(e.astype(np.int32)))
    node = None
    if needs_grad(input):
        node = FrexpBackward0((input,))
        node.save(exponent)
    mantissa = finish(_scalar_out(m), node)
    if out is not None:
        mantissa, exponent = write_out(out[0], mantissa), write_out(out[1], exponent)
    return _frexp_t((mantissa, exponent))


# ----------------------------------------------------------------- gcd / lcm
def _int_binary(op: str, fn, input: Tensor, other: Tensor, out) -> Tensor:
    require_tensor(op, other)
    ad, bd = _arrays(input, other)
    try:
        _require_int(op, ad, bd if isinstance(bd, np.ndarray) else np.asarray(0))
    except NotImplementedError:
        _out_checked_before_kernel(op, out, (input, other))
        raise
    return write_out(out, _make(_scalar_out(fn(ad, bd))))


def _out_checked_before_kernel(op: str, out, operands) -> None:
    """PyTorch checks ``out`` (its parser: a tensor; TensorIterator: the result type castable to it)
    before the kernel's dtype dispatch fails: ``torch.gcd(f, f, out=long_tensor)`` names the cast."""
    if out is None:
        return
    if not isinstance(out, Tensor):
        from ._common import _out_type_error
        raise _out_type_error(out, op) from None
    from .pointwise import _out_cast_first
    _out_cast_first(out, operands)


def gcd(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.gcd``: elementwise greatest common divisor of integer tensors (``gcd(0, 0) == 0``)."""
    return _int_binary("gcd", np.gcd, input, other, out)


def lcm(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.lcm``: elementwise least common multiple (non-negative), integer tensors only."""
    return _int_binary("lcm", np.lcm, input, other, out)


# ----------------------------------------------------------------- nextafter
class NextafterBackward0(Node):
    """PyTorch 2.13 passes the gradient through to ``self`` where ``self != other`` (zeros where they
    are equal) and gives ``other`` zeros."""
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        return (g * (a != b) if self._edges[0] is not None else None), (
            _zeros_of(b) if self._edges[1] is not None else None)


def nextafter(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.nextafter``: the next representable float after ``input`` towards ``other``."""
    require_tensor("nextafter", other)
    ad, bd = _arrays(input, other)
    _require_float("nextafter", ad, bd)
    for d in (ad, bd):  # (a real-only kernel: PyTorch names the promoted complex type)
        if np.asarray(d).dtype.kind == "c":
            raise NotImplementedError(f"\"nextafter_cpu\" not implemented for '{_tname(np.empty(0, np.result_type(ad, bd)))}'")
    data = _scalar_out(np.nextafter(ad, bd))
    node = None
    if needs_grad(input, other):
        node = NextafterBackward0((input, other))
        node.save(input, other)
    return write_out(out, finish(data, node))


# ------------------------------------------------------------ cov / corrcoef
def _check_weights(w: Tensor, name: str, n: int) -> None:
    d = np.asarray(w._data)
    if d.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                           f"{d.ndim} dimensions")
    integral = name == "fweights"
    if (d.dtype.kind in "iu") != integral or (not integral and d.dtype.kind != "f"):
        kind = "integral" if integral else "floating point"
        raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                           f"{_tname(d)} dtype")
    if d.size != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the "
                           f"input but got {d.size} != {n}")
    if n and d.min() < 0:
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input: Tensor, *, correction: int = 1, fweights: Tensor | None = None,
        aweights: Tensor | None = None) -> Tensor:
    """``torch.cov``: ATen's composite (``sub``, ``mm``, ``div``, ``squeeze``), so the grad_fn is ``SqueezeBackward0``."""
    import warnings
    if input.dim() > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.dim()} dimensions")
    if np.asarray(input._data).dtype.kind == "b":
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.view(1, -1) if input.dim() < 2 else input
    n = x.shape[1]
    w = None
    if fweights is not None:
        _check_weights(fweights, "fweights", n)
        w = fweights
    if aweights is not None:
        _check_weights(aweights, "aweights", n)
        w = aweights if w is None else w * aweights
    w_sum = w.sum() if w is not None else _const(np.asarray(n, dtype=np.int64))
    if w is not None and not bool(np.asarray(w_sum._data) != 0):
        raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    avg = (x * w if w is not None else x).sum(1) / w_sum
    if w is not None and aweights is not None and correction != 0:
        norm = w_sum - correction * (w * aweights).sum() / w_sum
    else:
        norm = w_sum - correction
    if bool(np.asarray(norm._data) <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number "
                      "of observations.", UserWarning, stacklevel=2)
        norm = _const(np.zeros_like(np.asarray(norm._data)))
    x = x - avg.unsqueeze(1)
    other = (x * w if w is not None else x).t()
    if other._data.dtype.kind == "c":
        other = other.conj()  # ATen: input @ input.t().conj()
    c = x.mm(other)
    return (c / norm).squeeze()


def corrcoef(input: Tensor) -> Tensor:
    """``torch.corrcoef``: ``cov`` normalised by the standard deviations and clipped to [-1, 1] (``ClampBackward1``)."""
    if input.dim() > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.dim()} dimensions")
    c = cov(input)
    if c.dim() == 0:
        return c / c
    d = c.diagonal()
    is_complex = d._data.dtype.kind == "c"
    std = (d.real if is_complex else d).sqrt()
    c = c / std.view(-1, 1)
    c = c / std.view(1, -1)
    if is_complex:  # ATen clips the real and imaginary parts separately
        from .. import complex as _complex
        return _complex(c.real.clip(-1, 1), c.imag.clip(-1, 1))
    return c.clip(-1, 1)


# ---------------------------------------------------------------- trapezoid
def _scalar_op(t: Tensor, c: float, node_cls) -> Tensor:
    """``t * c`` or ``t / c`` recorded as ATen's ``mul.Scalar`` / ``div.Scalar`` (what its composites record)."""
    return (mul_scalar if node_cls is MulBackward1 else div_scalar)(t, c)


def _wrap(dim: int, ndim: int) -> int:
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _slice(t: Tensor, dim: int, start, stop) -> Tensor:
    return t[(slice(None),) * dim + (slice(start, stop),)]


def _sample_spacing(y: Tensor, x: Tensor, dim: int, name: str) -> Tensor:
    """ATen's ``dx`` for sample points ``x`` (a 1-D ``x`` is viewed along ``dim``)."""
    if x.dim() == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        sizes = [1] * y.dim()
        sizes[dim] = x.shape[0]
        x = x.view(*sizes)
    elif x.dim() < y.dim():
        x = x.view(*([1] * (y.dim() - x.dim()) + list(x.shape)))
    return _slice(x, dim, 1, None) - _slice(x, dim, 0, -1)


def _check_trapezoid(y: Tensor, x, name: str) -> None:
    if np.asarray(y._data).dtype.kind == "b" or (_is_t(x) and np.asarray(x._data).dtype.kind == "b"):
        raise RuntimeError(f"{name}: received a bool input for `{'x' if _is_t(x) and np.asarray(y._data).dtype.kind != 'b' else 'y'}`, but bool is not supported")
    if not _is_t(x) and (isinstance(x, (bool, complex))):
        raise RuntimeError(f"{name}: Currently, we only support dx as a real number.")


def _empty_result(y: Tensor, dim: int) -> Tensor:
    shape = list(y.shape)
    del shape[dim]
    return _const(np.zeros(shape, dtype=np.asarray(y._data).dtype))


_TRAPEZOID_SIGS = ("Tensor y, Tensor x, *, int dim = -1", "Tensor y, *, Number dx = 1, int dim = -1")


def _trapezoid_axis(name: str, y, x, dx, dim, axis):
    """NumPy's ``axis`` for ``dim``; with both, PyTorch's overload error (the keywords taken as written
    ``dx=``, ``dim=``, ``axis=``, which PyTorch lists in reverse)."""
    if dim.__class__ is int and dim == -1:  # (the default; an explicit ``dim=-1`` is missed)
        return axis
    from ._argerrors import format_overload_error
    sigs = (_TRAPEZOID_SIGS if name != "trapz" else
            ("Tensor y, *, float dx = 1, int dim = -1", "Tensor y, Tensor x, *, int dim = -1"))
    given = [y] if x is None else [y, x]
    kw = [("axis", axis), ("dim", dim)] + ([("dx", dx)] if dx is not None else [])
    raise TypeError(format_overload_error(name, sigs, given, kw))


def trapezoid(y: Tensor, x: Tensor | None = None, *, dx: float | None = None, dim: int = -1,
              axis=NP_UNSET) -> Tensor:
    """``torch.trapezoid``: ATen's composites (``MulBackward1`` for a constant ``dx``, ``DivBackward1`` with ``x``)."""
    if axis is not NP_UNSET:
        dim = _trapezoid_axis("trapezoid", y, x, dx, dim, axis)
    if x is not None and dx is not None:
        raise RuntimeError("trapezoid: cannot pass both x and dx")
    if y.dim() == 0 and (not _is_t(x) or dim in (-1, 0)):
        raise IndexError(f"Dimension specified as {0 if _is_t(x) else dim} but tensor has no dimensions")
    x = x if x is not None else (1 if dx is None else dx)
    dim = _wrap(dim, y.dim())
    if y.shape[dim] == 0:
        return _empty_result(y, dim)
    _check_trapezoid(y, x, "trapezoid")
    n = y.shape[dim]
    if _is_t(x):
        step = _sample_spacing(y, x, dim, "trapezoid")
        return _scalar_op((step * (_slice(y, dim, 1, n) + _slice(y, dim, 0, n - 1))).sum(dim), 2., DivBackward1)
    ends = _scalar_op(y.select(dim, 0) + y.select(dim, -1), 0.5, MulBackward1)
    return _scalar_op(y.sum(dim) - ends, float(x), MulBackward1)


def trapz(y: Tensor, x: Tensor | None = None, *, dx: float | None = None, dim: int = -1, axis=NP_UNSET) -> Tensor:
    """``torch.trapz``: alias of ``trapezoid``."""
    if axis is not NP_UNSET:
        dim = _trapezoid_axis("trapz", y, x, dx, dim, axis)
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y: Tensor, x: Tensor | None = None, *, dx: float | None = None, dim: int = -1,
                         axis=NP_UNSET) -> Tensor:
    """``torch.cumulative_trapezoid``: ATen's ``(dx / 2. * (y[1:] + y[:-1])).cumsum(dim)``."""
    if axis is not NP_UNSET:
        dim = _trapezoid_axis("cumulative_trapezoid", y, x, dx, dim, axis)
    if x is not None and dx is not None:
        raise RuntimeError("cumulative_trapezoid: cannot pass both x and dx")
    if y.dim() == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    x = x if x is not None else (1 if dx is None else dx)
    dim = _wrap(dim, y.dim())
    _check_trapezoid(y, x, "cumulative_trapezoid")
    pair_sum = _slice(y, dim, 1, None) + _slice(y, dim, 0, -1)
    if _is_t(x):
        step = _sample_spacing(y, x, dim, "cumulative_trapezoid")
        return _scalar_op((step * pair_sum).cumsum(dim), 2., DivBackward1)
    return _scalar_op(pair_sum, float(x) / 2., MulBackward1).cumsum(dim)


# ------------------------------------------------------- gamma-family math
_EULER = 0.5772156649015328606
_LOG_SQRT_2PI = 0.91893853320467274178


def _zeta_values(kmax: int) -> np.ndarray:
    """Riemann zeta(k) for k = 0..kmax (entries 0, 1 unused), by Euler-Maclaurin summation."""
    n = 1000
    ks = np.arange(2, kmax + 1, dtype=np.float64)[:, None]
    terms = np.arange(n - 1, 0, -1, dtype=np.float64)[None, :] ** -ks
    z = terms.sum(axis=1) + (n ** (1 - ks[:, 0])) / (ks[:, 0] - 1) + 0.5 * n ** -ks[:, 0] \
        + ks[:, 0] * n ** (-ks[:, 0] - 1) / 12
    return np.concatenate([[np.nan, np.nan], z])


_K = 56
_ZETA = _zeta_values(_K)
# lgamma(1 + z) = -gamma z + sum_{k>=2} (-1)^k zeta(k) z^k / k  (|z| <= 0.5 here)
_L1_COEF = np.array([0.0, -_EULER] + [(-1) ** k * _ZETA[k] / k for k in range(2, _K + 1)])
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400)
_PSI_ASYM = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12)


def _horner(coef, z):
    acc = np.zeros_like(z)
    for c in coef[::-1]:
        acc = acc * z + c
    return acc


def _lgamma1p(z: np.ndarray) -> np.ndarray:
    """``lgamma(1 + z)`` for ``|z| <= 0.5`` by its Taylor series (accurate at the roots z = 0, 1)."""
    return _horner(_L1_COEF, z)


def _stirling(x: np.ndarray) -> np.ndarray:
    r = 1.0 / (x * x)
    return (x - 0.5) * np.log(x) - x + _LOG_SQRT_2PI + _horner(_STIRLING, r) / x


def _lgamma_positive(x: np.ndarray) -> np.ndarray:
    """lgamma for finite ``x > 0`` (float64)."""
    out = np.empty_like(x)
    big = x >= 10
    out[big] = _stirling(x[big])
    small = x < 0.5
    out[small] = _lgamma1p(x[small]) - np.log(x[small])
    near1 = (x >= 0.5) & (x < 1.5)
    out[near1] = _lgamma1p(x[near1] - 1)
    mid = (x >= 1.5) & (x < 10)
    xm = x[mid]
    shift = np.floor(xm - 1.5)  # bring xm down into [1.5, 2.5)
    y = xm - shift
    logs = np.zeros_like(xm)
    prod = np.ones_like(xm)
    for i in range(int(shift.max()) if xm.size else 0):
        prod = np.where(i < shift, prod * (y + i), prod)
    logs = np.log(prod)
    out[mid] = np.log1p(y - 2) + _lgamma1p(y - 2) + logs
    return out


def _sinpi_abs(x: np.ndarray) -> np.ndarray:
    """``|sin(pi x)|`` with exact argument reduction."""
    r = x - np.round(x)
    return np.abs(np.sin(np.pi * r))


def _lgamma_f64(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    out = np.full(x.shape, np.inf)
    out[np.isnan(x)] = np.nan
    pos = np.isfinite(x) & (x > 0)
    out[pos] = _lgamma_positive(x[pos])
    neg = np.isfinite(x) & (x < 0) & (x != np.floor(x))
    xn = x[neg]
    out[neg] = np.log(np.pi / _sinpi_abs(xn)) - _lgamma_positive(1 - xn)
    return out


def _digamma_positive(x: np.ndarray) -> np.ndarray:
    """digamma for finite ``x > 0``: recurrence up to 10, then the asymptotic series (as PyTorch's ``calc_digamma``)."""
    acc = np.zeros_like(x)
    x = x.copy()
    while True:
        low = x < 10
        if not low.any():
            break
        acc = np.where(low, acc - 1.0 / x, acc)
        x = np.where(low, x + 1, x)
    r = 1.0 / (x * x)
    return acc + np.log(x) - 0.5 / x - r * _horner(_PSI_ASYM, r)


def _digamma_f64(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    out = np.full(x.shape, np.nan)
    out[x == np.inf] = np.inf
    zero = x == 0
    out[zero] = np.copysign(np.inf, -x[zero])
    pos = np.isfinite(x) & (x > 0)
    out[pos] = _digamma_positive(x[pos])
    neg = np.isfinite(x) & (x < 0) & (x != np.trunc(x))
    xn = x[neg]
    frac = xn - np.trunc(xn)
    out[neg] = _digamma_positive(1 - xn) - np.pi / np.tan(np.pi * frac)
    return out


# calc_digamma's float coefficients (ATen's Math.h), highest power first
_PSI_ASYM_F32 = tuple(np.float32(c) for c in (8.33333333333333333333e-2, -2.10927960927960927961e-2,
                                               7.57575757575757575758e-3, -4.16666666666666666667e-3,
                                               3.96825396825396825397e-3, -8.33333333333333333333e-3,
                                               8.33333333333333333333e-2))
_PSI_10_F32 = np.float32(2.25175258906672110764)


def _digamma_positive_f32(x: np.ndarray) -> np.ndarray:
    """``calc_digamma(float)`` for finite ``x > 0``, step by step in float32: ``result -= 1 / x`` while
    ``x < 10``, then ``result + log(x) - 0.5 / x - z * polevl(z)`` with ``z = 1 / x**2`` (``logf`` is
    correctly rounded, as a float64 log rounded once)."""
    f32 = np.float32
    res = np.zeros_like(x)
    x = x.copy()
    low = x < 10
    while low.any():
        np.subtract(res, f32(1) / x, out=res, where=low)
        np.add(x, f32(1), out=x, where=low)
        low = x < 10
    z = f32(1) / (x * x)
    p = np.full_like(z, _PSI_ASYM_F32[0])
    for c in _PSI_ASYM_F32[1:]:
        p = fma(p, z, c, np.float32)
    y = np.where(x < f32(1e17), z * p, f32(0))
    out = ((res + np.log(x, dtype=np.float64).astype(f32)) - f32(0.5) / x) - y
    return np.where(x == 10, res + _PSI_10_F32, out)


def _digamma_f32(x: np.ndarray) -> np.ndarray:
    """PyTorch's float ``digamma``: ``calc_digamma(float)``, including its reflection for ``x < 0``
    (``pi / tan(pi * frac(x))`` in double, rounded to float).  PyTorch's bits in 99.9% of elements
    (the float64 series rounded once: 30-67%)."""
    x = np.asarray(x, dtype=np.float32)
    out = np.full(x.shape, np.nan, np.float32)
    out[x == np.inf] = np.inf
    zero = x == 0
    out[zero] = np.copysign(np.float32(np.inf), -x[zero])
    pos = np.isfinite(x) & (x > 0)
    out[pos] = _digamma_positive_f32(x[pos])
    neg = np.isfinite(x) & (x < 0) & (x != np.trunc(x))
    xn = x[neg]
    frac = xn.astype(np.float64) - np.trunc(xn.astype(np.float64))
    refl = (np.pi / np.tan(np.pi * frac)).astype(np.float32)
    out[neg] = _digamma_positive_f32(np.float32(1) - xn) - refl
    return out


def _digamma(x: np.ndarray) -> np.ndarray:
    """``digamma`` in PyTorch's per-dtype algorithm: float32 (and float16, through float32) step by
    step in float, float64 with the float64 series."""
    dt = np.asarray(x).dtype
    if dt == np.float32 or dt == np.float16:
        return _digamma_f32(x)
    return _digamma_f64(x)


def _trigamma(x: np.ndarray) -> np.ndarray:
    """PyTorch's ``calc_trigamma``, run in ``x``'s own dtype (so values at the poles match)."""
    one = x.dtype.type(1)
    pi = x.dtype.type(np.pi)
    refl = x < 0.5
    s = np.sin(pi * x)
    result = np.where(refl, -(pi * pi) / (s * s), x.dtype.type(0))
    x = np.where(refl, one - x, x)
    for _ in range(6):
        result = result + one / (x * x)
        x = x + one
    ixx = one / (x * x)
    tail = (one + one / (x.dtype.type(2) * x)
            + ixx * (x.dtype.type(1 / 6) - ixx * (x.dtype.type(1 / 30) - ixx * x.dtype.type(1 / 42)))) / x
    return np.where(refl, -(result + tail), result + tail)


_ZETA_B2K = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330,
             854513 / 138, -236364091 / 2730)


def _hurwitz_zeta(s: int, q: np.ndarray) -> np.ndarray:
    """Hurwitz zeta(s, q) for integer ``s >= 2`` by Euler-Maclaurin (Cephes ``zeta``), float64."""
    q = np.asarray(q, dtype=np.float64)
    finite = np.isfinite(q)
    n = np.where(finite, np.maximum(12, np.ceil(10 - np.where(finite, q, 0))), 12)
    total = np.zeros_like(q)
    for k in range(int(n.max()) if q.size else 0):
        total += np.where(k < n, (q + k) ** -float(s), 0.0)
    a = q + n
    total += a ** (1.0 - s) / (s - 1) + 0.5 * a ** -float(s)
    fac, rising = 1.0, float(s)
    for j, b in enumerate(_ZETA_B2K, start=1):
        fac *= (2 * j - 1) * (2 * j) if j > 1 else 2
        total += b / fac * rising * a ** (-s - 2 * j + 1)
        rising *= (s + 2 * j - 1) * (s + 2 * j)
    pole = (q <= 0) & (q == np.floor(q))
    return np.where(pole, np.inf, np.where(q == np.inf, np.nan, total))


def _polygamma_data(n: int, d: np.ndarray) -> np.ndarray:
    if n == 1:
        return _trigamma(d)
    val = (-1.0) ** (n + 1) * _math.factorial(n) * _hurwitz_zeta(n + 1, d)
    return val.astype(d.dtype)


class PolygammaBackward0(Node):
    """``polygamma(n, x)``'s gradient ``grad * polygamma(n + 1, x)`` (private: only digamma's backward records it)."""
    __slots__ = ("n",)

    def backward(self, g):
        (x,) = self.saved()
        return (g * _polygamma(self.n + 1, x),)


def _polygamma(n: int, x: Tensor) -> Tensor:
    """Private ``polygamma(n, x)`` for ``n >= 1`` (PyTorch's trigamma formula for n = 1, Hurwitz zeta above)."""
    d = np.asarray(to_float_data(np.asarray(x._data)))
    data = _scalar_out(_polygamma_data(n, d))
    node = None
    if needs_grad(x):
        node = PolygammaBackward0((x,))
        node.n = n
        node.save(x)
    return finish(data, node)


# ---------------------------------------------------------- lgamma / digamma
class LgammaBackward0(Node):
    """``grad * digamma(self)``."""
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        return (g * digamma(x),)


class DigammaBackward0(Node):
    """``grad * polygamma(1, self)``."""
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        return (g * _polygamma(1, x),)


def _unary_special(x: Tensor, fn, node_cls, out) -> Tensor:
    d = to_float_data(np.asarray(x._data))
    if d.dtype.kind == "c":
        kernel = "digamma" if node_cls is DigammaBackward0 else f"{node_cls.__name__[:-9].lower()}_vml_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_tname(d)}'")
    data = _scalar_out(fn(d).astype(d.dtype))
    node = None
    if needs_grad(x):
        node = node_cls((x,))
        node.save(x)
    return write_out(out, finish(data, node))


def lgamma(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.lgamma``: ``log|Gamma(x)|``; ``inf`` at 0 and the negative integers and at +-inf, as PyTorch."""
    return _unary_special(input, _lgamma_f64, LgammaBackward0, out)


def digamma(input: Tensor, *, out: Tensor | None = None) -> Tensor:
    """``torch.digamma``: ``-inf``/``+inf`` at ``+0``/``-0``, NaN at negative integers and ``-inf`` (PyTorch's ``calc_digamma``)."""
    return _unary_special(input, _digamma, DigammaBackward0, out)


TENSOR_METHODS = {"copysign": copysign, "logaddexp2": method_form(logaddexp2), "ldexp": method_form(ldexp),
                  "frexp": frexp, "gcd": method_form(gcd), "lcm": method_form(lcm), "nextafter": method_form(nextafter), "cov": cov, "corrcoef": corrcoef, "lgamma": lgamma,
                  "digamma": digamma}
INPLACE_METHODS = {"copysign_": copysign, "ldexp_": _ldexp_inplace, "gcd_": gcd, "lcm_": lcm, "nextafter_": nextafter,
                   "lgamma_": lgamma, "digamma_": digamma}
