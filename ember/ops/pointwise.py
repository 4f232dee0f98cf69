"""Elementwise ops: arithmetic, powers, unary math, clamps, comparisons.

Each op is a forward function next to its ``*Backward*`` node.  The node
names and derivative formulas follow PyTorch's ``derivatives.yaml``; backward
formulas use tensor ops so they are themselves differentiable.  Broadcast
reduction is not done here: the engine sums each gradient down to its input's
shape.
"""
from __future__ import annotations

import math
import numbers
import sys

import numpy as np

from .. import _dtype as D
from ..autograd.graph import FUSION, node2, save_scalar_operand, wrap_same
from ..backend.scratch import BIG_BYTES, big_empty, pool_refs, scratch
from ..backend.fma import fma
from ._common import (int_scalar, method_form, float_binary_data, cpp_type_name, require_tensor, broadcast_checked, _F16, _F32, _F64, SAVED_OUTPUT_EXT, half_scalar, via_float32, GRAD, Node, Tensor, _make, binary_data, broadcast_error,
                      finish, needs_grad, saved_output, scalar_operand, to_float_data, unpack_output, write_out,
                      as_tensor_arg)
from ._common import PY_NUMBER_TYPES, check_not_method_call, method_out_error
from ._argerrors import method_twin_code
from ._common import COMPLEX_DTYPES, BOOL_OR_COMPLEX_DTYPES, huge_int_error, method_twin, _refuse_array_argument
from ._common import _BARE_UINT_CLASSES, _FULL_KERNEL_SCALARS

_ndarray = np.ndarray
_f32 = np.float32  # scalar types, compared with ``is`` against a held 0-d value's class
_f64 = np.float64


def _saved_one(node):
    """The single tensor ``node`` saved, or ``None`` when it was freed or changed in place.

    The raw ``vjp`` rules use this cheap check and, on ``None``, decline, so
    the node's ``backward`` runs and raises PyTorch's error via ``saved()``.
    """
    s = node._saved
    if not s:
        return None
    t = s[0]
    vc = t._vc
    if vc is not None and vc[0] != node._versions[0]:
        return None
    return t

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


def _is_tensor(x) -> bool:
    return x.__class__ is Tensor or isinstance(x, Tensor)


def _no_tensor_operand() -> None:
    """Raise PyTorch's argument-parser ``TypeError`` for the public function on the stack when it
    got no tensor operand at all (``torch.pow(2, 3)``: no overload takes two numbers)."""
    from ._argerrors import arg_type_error
    err = arg_type_error()
    if err is not None:
        raise err


# PyTorch 2.13's "barebones" unsigned types uint16/uint32/uint64 have CPU kernels for few ops (mul, true
# division, bitwise and/or/xor, eq/ne, float math, copies): add, sub, neg, abs, shifts, ordering comparisons,
# clamp, minimum/maximum, floor division, remainder, pow... raise ``"add_stub" not implemented for 'UInt16'``.
# Tested by dtype class, in the sets ops already test (bool, complex), so other dtypes pay nothing more.
_BARE_UINT_DTYPES = _BARE_UINT_CLASSES  # uint16/32/64 (one definition, in ``_common``)
_BOOL_DTYPE = type(np.dtype(np.bool_))
_BOOL_OR_BARE_UINT = _BARE_UINT_DTYPES | {_BOOL_DTYPE}
_COMPLEX_OR_BARE_UINT = COMPLEX_DTYPES | _BARE_UINT_DTYPES
_NO_KERNEL_DTYPES = BOOL_OR_COMPLEX_DTYPES | _BARE_UINT_DTYPES
_NO_BITWISE_NOT_DTYPES = _COMPLEX_OR_BARE_UINT | {type(np.dtype(t)) for t in (np.float16, np.float32, np.float64)}


def no_bare_uint_kernel(dt, kernel: str) -> None:
    """PyTorch's ``"<kernel>" not implemented for 'UInt16'`` when NumPy dtype ``dt`` is uint16/32/64."""
    if dt.__class__ in _BARE_UINT_DTYPES:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(dt)}\'')


# The default of the ``out`` parameter of ops bound as ``Tensor`` methods without arguments (``Tensor.ceil``):
# PyTorch's methods take no ``out``, and ``x.ceil(out=None)`` is refused too.
_NO_OUT = object()


def _method_arguments_error(name: str) -> TypeError:
    """PyTorch's error for an argument given to a ``Tensor`` method without arguments (``x.ceil(out=o)``)."""
    from ._common import method_arguments_error
    return method_arguments_error(name)


def _bin(a: Tensor, b, fn):
    """Run a NumPy binary function with PyTorch promotion and error messages."""
    ad, bd = binary_data(a, b)
    if bd.__class__ is int and not -1 < bd < 128:
        bd = int_scalar(ad.dtype, bd)  # computed in the tensor's integer dtype: PyTorch wraps the scalar
    try:
        return fn(ad, bd)
    except ValueError:
        raise broadcast_error(np.shape(ad), np.shape(bd)) from None


# --------------------------------------------------------------------- add
class AddBackward0(Node):
    __slots__ = ("alpha",)

    def backward(self, g):
        a = self.alpha
        return g, (g if a == 1 else g * a)

    def vjp(self, g):
        a = self.alpha
        return g, (g if a == 1 else _np_mul(g, a))


def _number_input(a, b) -> Tensor:
    """A non-tensor ``input`` of add / sub / mul / div as a tensor: PyTorch takes a number there (its
    ``Number self`` overloads), not a sequence or None (the argument parser's TypeError)."""
    if not isinstance(a, (numbers.Number, np.generic)):
        from ._argerrors import arg_type_error
        err = arg_type_error()
        if err is not None:
            raise err
    return as_tensor_arg(a, b if _is_tensor(b) else None)


def add(input, other, *, alpha=1, out=None) -> Tensor:
    """``torch.add(a, b, alpha=1)``: ``a + alpha * b``."""
    a, b = input, other  # PyTorch's keyword names: ``add(input, other)``
    if not _is_tensor(a):
        a = _number_input(a, b)
    if alpha.__class__ is not int or alpha != 1:  # (alpha=True or 1.0 is checked too, as PyTorch does)
        _check_alpha(a, b, alpha)
        return write_out(out, _add_scaled(a, b, alpha, AddBackward0, alpha))
    return write_out(out, _add_plain(a, b, 1))


def _host_array(v) -> bool:
    """Whether ``v`` is a NumPy array, NumPy scalar or Python number (the FMA emulations' operands)."""
    return v.__class__ is _ndarray or isinstance(v, (np.generic, float, int))


def _fmadd(x, y, alpha):
    """``x + alpha * y`` as PyTorch's ``add`` kernel computes it: one fused multiply-add
    (``vec::fmadd``) rounded once in the op dtype; float16 in float32 (its opmath type) with
    ``alpha`` rounded to half first.  Other dtypes: ``x + y * alpha``."""
    if not (_host_array(x) and _host_array(y)):
        return x + y * alpha
    dt = np.result_type(x, y)
    if alpha.__class__ is float and not -65504.0 <= alpha <= 65504.0 and dt.kind == "f":  # (beyond half's range)
        _check_fill_value(alpha, dt)  # (c10's checked ``alpha.to<scalar_t>()``: 1e40 overflows float)
    if dt == _F16:  # alpha is a Half scalar there
        alpha = np.float16(alpha)
    elif dt != _F32 and dt != _F64:
        if dt.kind in "iu" and alpha.__class__ is int:
            _check_fill_value(alpha, dt)  # (c10's checked ``alpha.to<scalar_t>()``: uint8 takes -255..255)
            alpha = int_scalar(dt, alpha)  # wrapped into the dtype (``alpha=-3`` on uint8 is 253), as in C
        elif dt.kind == "b":
            alpha = bool(alpha)  # a bool result takes alpha as a bool (``alpha=2`` is True), as in C
        return x + y * alpha
    if dt == _F16 and (y.__class__ is float or y.__class__ is int):
        # a Python-number ``other``: ATen's Half loop adds the float32 product ``half(other) * alpha``
        # computed once (no fused multiply-add)
        r = np.add(np.asarray(x, _F32), np.float32(np.float16(y)) * np.float32(alpha), dtype=_F32).astype(_F16)
    else:
        r = np.asarray(fma(y, dt.type(alpha), x, dt), dt)
    if dt == _F16 and r.size:
        _half_scalar_tail(r, x, y, alpha)
    return r if r.ndim else r[()]


_F16_BLOCK = 32  # float16 elements in ATen's vectorised loop step


def _half_scalar_tail(r, x, y, alpha) -> None:
    """Overwrite, in ``r`` (float16 ``x + alpha * y`` fused in float32), the elements ATen's Half
    loop leaves to its scalar tail (past the last whole block of 32 in each inner loop: the whole
    array for same-size or scalar operands, else a row of the last dim).  There ``alpha * y`` is a
    ``c10::Half`` product, rounded to half before the add."""
    inner = r.size if np.size(x) in (1, r.size) and np.size(y) in (1, r.size) else r.shape[-1]
    body = (inner // _F16_BLOCK) * _F16_BLOCK
    if body == inner:
        return
    rows = r.reshape(-1, inner)
    xs = np.broadcast_to(np.asarray(x, _F16), r.shape).reshape(-1, inner)[:, body:]
    ys = np.broadcast_to(np.asarray(y, _F16), r.shape).reshape(-1, inner)[:, body:]
    product = (np.float32(alpha) * ys.astype(_F32)).astype(_F16)
    rows[:, body:] = (xs.astype(_F32) + product.astype(_F32)).astype(_F16)


def _add_scaled(a, b, scale, node_cls, alpha):
    """``a + scale * b``: ``add`` (``scale = alpha``) or ``sub`` (``scale = -alpha``) with ``alpha != 1``,
    one node recording ``alpha``, as in PyTorch."""
    data = _bin(a, b, lambda x, y: _fmadd(x, y, scale))
    dt = data.dtype
    if dt is not _F32 and dt.__class__ in _BARE_UINT_DTYPES:
        no_bare_uint_kernel(dt, "add_stub")  # (uint16/32/64: PyTorch has no ``add`` kernel)
    return _with_alpha_node(data, node_cls, a, b, alpha)


def _with_alpha_node(data, node_cls, a, b, alpha):
    """``data`` as the result of ``a (+|-) alpha * b``, recording ``node_cls`` when either needs grad."""
    node = None
    if needs_grad(a, b):
        node = node_cls((a, b))
        node.alpha = alpha
        if not _is_tensor(b):
            save_scalar_operand(node, b)  # (the scalar, for ember.explain)
    return finish(data, node)


def _check_alpha(a, b, alpha) -> None:
    """PyTorch's ``alpha_check``: no float alpha for an integral result, no bool alpha for a non-bool one."""
    kinds = {a._data.dtype.kind, b._data.dtype.kind if _is_tensor(b) else
             ("b" if b.__class__ is bool else "i" if isinstance(b, int) else "c" if isinstance(b, complex) else "f")}
    integral = not (kinds & set("fc"))
    if isinstance(alpha, (float, complex, np.bool_)) and integral:  # (PyTorch reads an ``np.bool_`` as a double)
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if isinstance(alpha, bool) and kinds != {"b"}:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, complex) and "c" not in kinds:
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")


def _add_plain(a, b, alpha):
    data = _bin(a, b, _np_add)
    dt = data.dtype
    if dt is not _F32 and dt.__class__ in _BARE_UINT_DTYPES:  # (float32 first: one comparison)
        no_bare_uint_kernel(dt, "add_stub")  # (uint16/32/64: PyTorch has no ``add`` kernel)
    node = None
    if GRAD.enabled and (a._rg or (b.__class__ is Tensor and b._rg) or (isinstance(b, Tensor) and b._rg)):
        node = AddBackward0((a, b))
        node.alpha = 1
        if not _is_tensor(b):
            save_scalar_operand(node, b)  # (the scalar, for ember.explain)
    return finish(data, node)


def _np_add(x, y):
    out = _big_result(x, y)
    return x + y if out is None else np.add(x, y, out=out)


def _big_result(x, y):
    """A pooled output array for ``x (op) y`` when it is large and has ``x``'s shape and dtype.

    Fresh arrays this large come from newly mapped pages (a page fault per
    4 KiB, up to a third of a layer's time); the pool hands the same buffer
    out again once nothing refers to it (``backend.scratch.pooled``).
    None: let NumPy allocate (small results, other shapes, dtypes or operand kinds).
    """
    if x.__class__ is not _ndarray or x.nbytes < BIG_BYTES:
        return None
    yc = y.__class__
    if yc is _ndarray or isinstance(y, np.generic):
        if y.dtype != x.dtype:
            return None
        if y.shape != x.shape and (y.ndim > x.ndim or np.broadcast_shapes(x.shape, y.shape) != x.shape):
            return None
    else:
        return None
    return big_empty(x.shape, x.dtype, "binary.out")


def _fast_data(self, other, oc, fn):
    """Operand arrays for the common cases (same-dtype tensors, Python scalars)."""
    ad = self._data
    if oc is Tensor:
        bd = other._data
        if ad.dtype is not bd.dtype and ad.dtype != bd.dtype:
            if fn is _np_mul and _is_half_with_float_scalar_tensor(ad, bd):
                return half_scalar(np.multiply, ad, float(bd))
            ad, bd = binary_data(self, other)
        try:
            return fn(ad, bd)
        except ValueError:
            raise broadcast_error(np.shape(ad), np.shape(bd)) from None
    if oc is float and ad.dtype.kind in "biu":
        ad = ad.astype(D._default.value.np)
    try:
        return fn(ad, scalar_operand(ad, other))
    except OverflowError:  # a 0-d integer tensor and an int outside its range: wrapped, as in C
        return fn(ad, _wrapped_int(ad, other))


def operands_result_type(operands) -> D.dtype | None:
    """``torch.result_type`` over tensors and Python numbers (others ignored); None when
    the dtypes do not promote."""
    dims, zeros, scalars = [], [], []
    for v in operands:
        if isinstance(v, Tensor):
            (dims if v._data.ndim else zeros).append(D.from_numpy_dtype(v._data.dtype))
        elif isinstance(v, (bool, int, float, complex)):
            scalars.append(v)
    try:
        return D.result_type_of(dims, zeros, scalars)
    except (RuntimeError, TypeError, KeyError):
        return None


def raise_if_uncastable(result: D.dtype | None, target: D.dtype) -> None:
    """TensorIterator's check, made before any kernel runs: a result of a higher category
    (bool < integer < floating < complex) than the output's dtype is an error."""
    if result is not None and result.category > target.category:
        raise RuntimeError(f"result type {D.SCALAR_TYPE_NAMES[result.name]} can't be cast to the desired "
                           f"output type {D.SCALAR_TYPE_NAMES[target.name]}") from None


def _out_cast_first(out, operands, float_op: bool = False) -> None:
    """Called where an op with ``out=`` failed in its kernel: raise PyTorch's earlier
    "result type X can't be cast to the desired output type Y" when it applies."""
    if out is None:
        return
    check_not_method_call(sys._getframe(1))  # (``x.bitwise_left_shift(1, out=o)``: the method has no out)
    if not isinstance(out, Tensor):
        return
    rt = operands_result_type(operands)
    if float_op and rt is not None and rt.category < 2:
        rt = D.get_default_dtype()
    raise_if_uncastable(rt, D.from_numpy_dtype(out._data.dtype))


def _is_half_with_float_scalar_tensor(ad, bd) -> bool:
    """A dimensioned float16 first operand and a 0-d float32/float64 second one: ATen's ``mul``
    and ``div`` kernels then take the scalar's original value in float32 (Half's opmath) rather
    than first rounding it to float16."""
    return ad.dtype is _F16 and np.ndim(ad) > 0 and np.ndim(bd) == 0 and bd.dtype in (_F32, _F64)


def _wrapped_int(ad, value):
    """A Python int operand of integer data ``ad`` after PyTorch's C-style cast to its dtype
    (``uint8 + -2`` adds 254); other operands are returned unchanged."""
    if value.__class__ is int and ad.dtype.kind in "iu":
        return int_scalar(ad.dtype, value)
    raise  # (called from an ``except OverflowError``): the original error, e.g. "int too big to convert"


def __add__(self, other):
    """``x + y``: PyTorch's ``add``, fast paths for same-dtype tensors and Python numbers.  uint16/32/64
    results fail as PyTorch's missing ``add_stub`` kernel (``_add_plain``, ``scalar_operand``)."""
    oc = other.__class__
    if oc is float or oc is int:
        ad = self._data
        if not self._rg and oc is float and ad.dtype.kind in "biu":  # (requires grad: float already)
            ad = ad.astype(D._default.value.np)
        try:  # (``scalar_operand`` raises uint16/32/64's missing ``add_stub`` off the float32/64 path)
            ac = ad.__class__
            if ac is _ndarray:
                data = ad + scalar_operand(ad, other, "add_stub")
            else:  # a 0-d tensor's NumPy scalar (or a CuPy array): no operand cache
                if ac is not _F32S and ac not in _FULL_KERNEL_SCALARS:
                    scalar_operand(ad, other, "add_stub")
                data = ad + other
        except OverflowError:  # a 0-d integer tensor and an int outside its range: wrapped, as in C
            data = ad + _wrapped_int(ad, other)
        if self._rg and GRAD.enabled:
            t = wrap_same(AddBackward0, self, data, other)
            t.grad_fn.alpha = 1
            return t
        return _make(data)
    if oc is Tensor:
        ad = self._data
        bd = other._data
        dt = ad.dtype
        if dt is bd.dtype:  # the common case, without the generic helper
            if dt is not _F32 and dt.__class__ in _BARE_UINT_DTYPES:  # (float32 first: one comparison)
                return _add_plain(self, other, 1)
            try:
                data = ad + bd if ad.nbytes < BIG_BYTES else _np_add(ad, bd)
            except ValueError:
                raise broadcast_error(np.shape(ad), np.shape(bd)) from None
        else:
            data = _fast_data(self, other, oc, _np_add)
            no_bare_uint_kernel(data.dtype, "add_stub")  # (``uint16 + uint8``)
        if GRAD.enabled and (self._rg or other._rg):
            node = node2(AddBackward0, self, other)
            node.alpha = 1
            return _make(data, node)
        return _make(data)
    if isinstance(other, Tensor) or _is_scalar_like(other):
        return _add_plain(self, other, 1)
    return NotImplemented


def _is_scalar_like(x) -> bool:
    """A Python or NumPy number.  An ``ndarray`` is not one: PyTorch's operators return
    ``NotImplemented`` for it, so NumPy computes ``t + a`` (see ``ember/_numpy_interop.py``)."""
    return isinstance(x, (int, float, bool, complex, np.generic))


# --------------------------------------------------------------------- sub
class SubBackward0(Node):
    __slots__ = ("alpha",)

    def backward(self, g):
        a = self.alpha
        return g, (-g if a == 1 else g * (-a))

    def vjp(self, g):
        a = self.alpha
        return g, (-g if a == 1 else _np_mul(g, -a))


class RsubBackward1(Node):
    __slots__ = ("alpha",)

    def backward(self, g):
        return -g if self.alpha == 1 else g * (-self.alpha), None

    def vjp(self, g):
        return (-g if self.alpha == 1 else _np_mul(g, -self.alpha)), None


class RsubBackward0(Node):
    """``torch.rsub(a, b)`` for two tensors: ``b - alpha * a``."""

    __slots__ = ("alpha",)

    def backward(self, g):
        a = self.alpha
        return (-g if a == 1 else g * (-a)), g


def _np_sub(x, y):
    out = _big_result(x, y)
    return x - y if out is None else np.subtract(x, y, out=out)


def _check_bool_sub(a, b) -> None:
    """PyTorch refuses ``-`` when either operand is a bool tensor (and has no uint16/32/64 kernel)."""
    a_cls = a._data.dtype.__class__ if _is_tensor(a) else None
    b_cls = b._data.dtype.__class__ if _is_tensor(b) else None
    if a_cls in _BARE_UINT_DTYPES or b_cls in _BARE_UINT_DTYPES:
        _bare_uint_sub(a, b)
    a_bool = a_cls is _BOOL_DTYPE or a.__class__ is bool  # a Python bool counts too
    b_bool = b_cls is _BOOL_DTYPE or b.__class__ is bool
    if a_bool and b_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
            "`logical_xor()` operator instead."
        )
    if a_bool or b_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, "
            "use the `~` or `logical_not()` operator instead."
        )


def _bare_uint_sub(a, b) -> None:
    """``-`` with a uint16/32/64 tensor: PyTorch's promotion error (with another integer type) or its
    missing ``add_stub`` kernel (a float operand promotes to float: allowed)."""
    binary_data(a, b) if _is_tensor(a) else binary_data(b, a)  # (raises the promotion error)
    dt = operands_result_type((a, b))
    if dt is not None:
        no_bare_uint_kernel(dt.np, "add_stub")


def sub(input, other, *, alpha=1, out=None) -> Tensor:
    """``torch.sub(a, b, alpha=1)``: ``a - alpha * b``."""
    a, b = input, other  # PyTorch's keyword names: ``sub(input, other)``
    if not _is_tensor(a):
        a = _number_input(a, b)
    _check_bool_sub(a, b)
    if alpha.__class__ is not int or alpha != 1:  # (alpha=True or 1.0 is checked too, as PyTorch does)
        _check_alpha(a, b, alpha)
        scale = -alpha
        if scale.__class__ is int and scale == 1 << 63:  # (c10's ``-Scalar`` wraps -2**63 in int64)
            scale = -scale
        return write_out(out, _add_scaled(a, b, scale, SubBackward0, alpha))
    return write_out(out, _with_alpha_node(_bin(a, b, _np_sub), SubBackward0, a, b, alpha))


def __sub__(self, other):
    oc = other.__class__
    if oc is Tensor or oc is float or oc is int:
        if self._data.dtype.__class__ in _BOOL_OR_BARE_UINT or (
                oc is Tensor and other._data.dtype.__class__ in _BOOL_OR_BARE_UINT):
            return sub(self, other)  # (its bool and uint16/32/64 errors)
        data = _fast_data(self, other, oc, _np_sub)
        if GRAD.enabled and (self._rg or (oc is Tensor and other._rg)):
            if oc is Tensor:
                t = _make(data, node2(SubBackward0, self, other))
            else:
                t = wrap_same(SubBackward0, self, data, other)
            t.grad_fn.alpha = 1
            return t
        return _make(data)
    if not (_is_tensor(other) or _is_scalar_like(other)):
        return NotImplemented
    return sub(self, other)


def __rsub__(self, other):
    if not _is_scalar_like(other):
        return NotImplemented
    return rsub(self, other)


def rsub(input, other, *, alpha=1) -> Tensor:
    """``torch.rsub(a, b)``: ``b - alpha * a``."""
    a, b = input, other  # PyTorch's keyword names: ``rsub(input, other)``
    if _is_tensor(b) and not isinstance(b, (int, float)):
        if not _is_tensor(a):  # ``torch.rsub(2, t)``: no Scalar_Tensor overload
            from ._argerrors import raise_arg_type_error
            raise_arg_type_error(TypeError("rsub() expects a tensor"))
        r = sub(b, a, alpha=alpha)
        if r.grad_fn is not None:  # rsub.Tensor records RsubBackward0 (inputs: self, other)
            node = RsubBackward0((a, b))
            node.alpha = alpha
            r.grad_fn = node
        return r
    _check_bool_sub(a, b)
    ad, bd = binary_data(a, b)
    if bd.__class__ is int and not -1 < bd < 128:
        bd = int_scalar(ad.dtype, bd)
    data = bd - (ad if alpha == 1 else ad * alpha)
    node = None
    if needs_grad(a):
        node = RsubBackward1((a,))
        node.alpha = alpha
        save_scalar_operand(node, b)  # (the scalar, for ember.explain)
    return finish(data, node)


# --------------------------------------------------------------------- mul
class MulBackward0(Node):
    """``a * b``; for a Python-scalar ``b`` the scalar itself is saved in place of a tensor."""

    __slots__ = ()

    # complex operands: PyTorch's gradient convention is grad * conj(other)
    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        ga = g * _conj(b) if e[0] is not None else None
        gb = g * _conj(a) if e[1] is not None else None
        return ga, gb

    def vjp(self, g):
        s = self._saved
        if s is not None and (s[1].__class__ is float or s[1].__class__ is int):  # x * python scalar
            b = s[1]
            if g.__class__ is not _ndarray:
                return g * b, None
            return (half_scalar(np.multiply, g, b) if g.dtype is _F16 else g * scalar_operand(g, b)), None
        a, b = self.saved()
        e = self._edges
        ad = a._data if a is not None else None
        bd = b._data if isinstance(b, Tensor) else b
        gdt = g.dtype
        if (ad is not None and ad.dtype is not gdt and ad.dtype != gdt) or (
                isinstance(b, Tensor) and bd.dtype is not gdt and bd.dtype != gdt) or (
                bd.__class__ is not float and bd.__class__ is not int and not isinstance(b, Tensor)):
            return None
        if gdt.kind == "c":  # only the saved operands (the other side needs no gradient)
            ad = np.conj(ad) if ad is not None else None
            bd = np.conj(bd) if bd is not None else None
        ga = g * bd if e[0] is not None else None
        gb = g * ad if e[1] is not None else None
        return ga, gb


def _conj(x):
    """``x.conj()`` for a complex tensor or Python complex; anything else unchanged."""
    if isinstance(x, Tensor):
        return x.conj() if x._data.dtype.kind == "c" else x
    return x.conjugate() if isinstance(x, complex) else x


_C64 = np.dtype(np.complex64)
_C128 = np.dtype(np.complex128)


def _np_mul(x, y):
    dt = x.dtype
    if dt is not _F32 and dt is not _F64:  # (float32/float64 skip the rarer dtypes' checks)
        if dt is _F16 and (y.__class__ is float or y.__class__ is int):
            return half_scalar(np.multiply, x, y)
        if dt is _C64 or dt is _C128:
            return _complex_mul(x, y)
    out = _big_result(x, y)
    return x * y if out is None else np.multiply(x, y, out=out)


def _complex_mul(x, y):
    """Complex ``x * y`` as PyTorch's kernels compute it: ``(ac - bd) + (ad + bc)i`` with each
    product rounded (NumPy fuses them, so about 40% of its products differ in the last bit);
    a real or Python-number ``y`` is a complex number with a zero imaginary part."""
    if y.__class__ is not np.ndarray:
        y = np.asarray(y, dtype=x.dtype)
    a, b = np.real(x), np.imag(x)
    c, d = np.real(y), np.imag(y)
    with np.errstate(invalid="ignore", over="ignore"):
        re = a * c - b * d
        im = a * d + b * c
    r = np.empty(np.broadcast(re, im).shape, np.result_type(x, y))
    r.real = re
    r.imag = im
    return r if r.ndim else r[()]


def mul(input, other, *, out=None) -> Tensor:
    """``torch.mul``: elementwise product with broadcasting."""
    a, b = input, other  # PyTorch's keyword names: ``mul(input, other)``
    if not _is_tensor(a):
        a = _number_input(a, b)
    if a._data.dtype is _F16 and _is_tensor(b) and _is_half_with_float_scalar_tensor(a._data, b._data):
        data = half_scalar(np.multiply, a._data, float(b._data))
    else:
        data = _bin(a, b, _np_mul)
    node = None
    if GRAD.enabled and (a._rg or (_is_tensor(b) and b._rg)):
        node = MulBackward0((a, b))
        if _is_tensor(b):
            node.save(a if b._rg else None, b if a._rg else None)
        else:
            save_scalar_operand(node, b)  # (the scalar, for ember.explain)
    return write_out(out, finish(data, node))


def _ver(t):
    return 0 if t._vc is None else t._vc[0]


def __mul__(self, other):
    oc = other.__class__
    if oc is Tensor:
        data = _fast_data(self, other, oc, _np_mul)
        if GRAD.enabled and (self._rg or other._rg):
            node = node2(MulBackward0, self, other)
            node.save(self if other._rg else None, other if self._rg else None)
            return _make(data, node)
        return _make(data)
    if oc is int or oc is float:
        ad = self._data
        if not self._rg and oc is float and ad.dtype.kind in "biu":  # (requires grad: float already)
            ad = ad.astype(D._default.value.np)
        ac = ad.__class__
        if ac is _f32 or ac is _f64:  # a held 0-d value
            data = ad * other
        elif ad.dtype is _F16:
            data = half_scalar(np.multiply, ad, other)
        else:
            try:
                data = ad * (scalar_operand(ad, other) if ac is _ndarray else other)
            except OverflowError:  # a 0-d integer tensor and an int outside its range: wrapped, as in C
                data = ad * _wrapped_int(ad, other)
        if self._rg and GRAD.enabled:
            return wrap_same(MulBackward0, self, data, other)
        return _make(data)
    if isinstance(other, Tensor) or _is_scalar_like(other):
        return mul(self, other)
    return NotImplemented


# --------------------------------------------------------------------- div
class DivBackward0(Node):
    """``a / b``; for a Python-scalar ``b`` the scalar itself is saved."""

    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        ga = g / _conj(b) if e[0] is not None else None
        gb = -g * _conj((a / b) / b) if e[1] is not None else None
        return ga, gb

    def vjp(self, g):
        a, b = self.saved()
        bd = b._data if isinstance(b, Tensor) else b
        gdt = g.dtype
        if gdt.kind == "c":
            return None  # the tensor path conjugates
        if isinstance(b, Tensor):
            if bd.dtype is not gdt and bd.dtype != gdt:
                return None
        elif bd.__class__ is not float and bd.__class__ is not int:
            return None
        e = self._edges
        ga = _np_truediv(g, bd) if e[0] is not None else None
        gb = None
        if e[1] is not None:
            ad = a._data
            if ad.dtype is not gdt and ad.dtype != gdt:
                return None
            gb = -g * ((ad / bd) / bd)
        return ga, gb


def _np_zeros(g):
    """Raw-array ``zeros_like``: 0-d gradients stay NumPy scalars, as ember stores them."""
    if g.__class__ is _ndarray and g.ndim:
        return np.zeros_like(g)
    return np.asarray(g).dtype.type(0)


def _zeros_grad(g):
    """PyTorch's ``zeros_like(grad)``: exact +0 even where ``grad`` is negative, inf or NaN (not ``g * 0``)."""
    from .creation import zeros_like
    return zeros_like(g)


class DivBackward2(Node):
    """``div`` with ``rounding_mode``: PyTorch records ``DivBackward2`` and its gradients are zeros."""

    __slots__ = ()

    def backward(self, g):
        e = self._edges
        return (_zeros_grad(g) if e[0] is not None else None), (_zeros_grad(g) if e[1] is not None else None)

    def vjp(self, g):
        e = self._edges
        return (_np_zeros(g) if e[0] is not None else None), (_np_zeros(g) if e[1] is not None else None)


def _np_truediv(x, y):
    if (y.__class__ is float or y.__class__ is int) and x.dtype is _F16:
        return half_scalar(np.true_divide, x, y)
    return x / y


_NO_MODE = "<no rounding_mode>"  # ``div(a, b)``, told apart from an explicit ``rounding_mode=None``


def div(input, other, *, rounding_mode=_NO_MODE, out=None) -> Tensor:
    """``torch.div``: true division (ints give float), or ``rounding_mode='trunc'|'floor'``."""
    a, b = input, other  # PyTorch's keyword names: ``div(input, other)``
    if not _is_tensor(a):
        a = _wrapped_dividend(a, b, rounding_mode)
    if rounding_mode is not _NO_MODE:
        if rounding_mode is not None and not isinstance(rounding_mode, str):
            if isinstance(rounding_mode, bytes):  # (PyTorch's parser takes bytes for a str)
                rounding_mode = rounding_mode.decode()
            else:
                _div_mode_type_error(input, other, rounding_mode, out, sys._getframe(0).f_code)
        if rounding_mode is not None:
            try:
                res = _rounded_div(a, b, rounding_mode)
            except RuntimeError:  # (an integer division by zero: ``out``'s dtype is checked first)
                _out_cast_first(out, (a, b))
                raise
            return write_out(out, res)
        # an explicit ``rounding_mode=None`` is ATen's ``div.Tensor_mode``: true division's
        # gradients, recorded as ``DivBackward2``
        res = div(a, b)
        if res.grad_fn.__class__ is DivBackward0:
            res.grad_fn.__class__ = _DivNoneModeBackward
        return write_out(out, res)
    ad, bd = float_binary_data(a, b)
    if ad.dtype is _F16 and _is_tensor(b) and _is_half_with_float_scalar_tensor(a._data, b._data):
        ad, bd = a._data, float(b._data)  # (divided in float32 by the scalar's own value, as in ATen)
    if ad.dtype.kind in "biu" and (not hasattr(bd, "dtype") or bd.dtype.kind in "biu"):
        ad = ad.astype(D._default.value.np)
    try:
        data = _np_truediv(ad, bd)
    except ValueError:
        raise broadcast_error(np.shape(ad), np.shape(bd)) from None
    if hasattr(data, "dtype") and data.dtype == np.float64 and ad.dtype != np.float64 and (
        not hasattr(bd, "dtype") or bd.dtype != np.float64
    ):
        data = data.astype(ad.dtype)
    node = None
    if needs_grad(a, b):
        node = DivBackward0((a, b))
        if _is_tensor(b):
            node.save(a if b._rg else None, b)
        else:
            save_scalar_operand(node, b)  # (the scalar, for ember.explain)
    return write_out(out, finish(data, node))


_DIV_SIGNATURES = ("Tensor input, Tensor other, *, Tensor out = None",
                   "Tensor input, Tensor other, *, str rounding_mode, Tensor out = None",
                   "Tensor input, Number other, *, str rounding_mode")


def _div_mode_type_error(input, other, mode, out, code):
    """PyTorch's argument-parser error for a ``rounding_mode`` that is not a str (``div(x, 2,
    rounding_mode=1)``): no overload matches; the ``Tensor.div``/``div_`` method lists its own
    signatures (``code``: the running ``div``, whose qualified name tells the method twin apart)."""
    from ._argerrors import _OVERLOADS, _method_signature, format_overload_error
    from ._common import _DIV_METHOD_SIGS
    name = code.co_name  # (``divide``, PyTorch's alias, lists its own overloads)
    sigs = _OVERLOADS["divide"] if name == "divide" else _DIV_SIGNATURES
    given_kw = [("rounding_mode", mode)] + ([("out", out)] if out is not None else [])
    if getattr(code, "co_qualname", "").startswith("Tensor."):
        method_sigs = _DIV_METHOD_SIGS if name == "div" else [m for m in map(_method_signature, sigs) if m is not None]
        raise TypeError(format_overload_error(name, method_sigs, [other], given_kw))
    raise TypeError(format_overload_error(name, sigs, [input, other], given_kw))


def _wrapped_dividend(a, b, rounding_mode) -> Tensor:
    """A Python-number dividend of ``torch.div(number, tensor)`` as a tensor.

    PyTorch wraps the number as a 0-d tensor that takes part in promotion as a
    scalar.  True division converts each integer operand's own value to float,
    so an int dividend keeps its value (``div(-2, uint8_tensor)`` is negative);
    the rounding modes compute in the promoted integer type, which wraps it.
    """
    if a.__class__ is int and rounding_mode in (_NO_MODE, None) and _is_tensor(b) and b._data.dtype.kind in "biu":
        return _make(np.int64(int_scalar(np.dtype(np.int64), a)))
    return _number_input(a, b)


_DivNoneModeBackward = type("DivBackward2", (DivBackward0,), {"__slots__": (), "__doc__": "``div(a, b, rounding_mode=None)``"})


class NotImplementedBackward(Node):
    """Node for ops whose derivative PyTorch does not implement (named ``NotImplemented``).

    As PyTorch's autograd fallback (``autogradNotImplementedFallback``), it links only the inputs
    that require grad: ``heaviside(x, c)`` with only ``x`` requiring grad has one edge, not
    ``(None, 0)`` for ``c``."""

    __slots__ = ("opname",)

    def __init__(self, inputs) -> None:
        super().__init__([t for t in inputs if getattr(t, "_rg", False)])

    def backward(self, g):
        raise RuntimeError(f"derivative for aten::{self.opname} is not implemented")


NotImplementedBackward.__name__ = "NotImplemented"
NotImplementedBackward.__qualname__ = "NotImplemented"


def _rounded_div_operands(a, b):
    """Operands of ``div(a, b, rounding_mode=...)`` in PyTorch's promoted dtype.

    A Python int or bool divisor takes the tensor's integer dtype (wrapped the
    way C casts: ``uint8 // -2`` divides by 254), and a bool tensor divided by
    an int is computed in int64, as PyTorch's ``result_type`` says.
    """
    ad, bd = binary_data(a, b)
    bc = bd.__class__
    if bc is bool and ad.dtype.kind in "iu":
        bd = int(bd)
    elif bc is int:
        if ad.dtype.kind == "b":
            ad = ad.astype(np.int64)
        if ad.dtype.kind in "iu":
            bd = int_scalar(ad.dtype, bd)
    return ad, bd


def _trunc_int_divide(x, y):
    """Integer division rounding toward zero (C's ``/``): the floor quotient, plus one
    where the division is inexact and the operands have opposite signs."""
    q = np.floor_divide(x, y)
    if np.result_type(x, y).kind == "u":
        return q
    fix = (np.remainder(x, y) != 0) & ((np.asarray(x) < 0) != (np.asarray(y) < 0))
    return q + fix.astype(q.dtype)


def _rounded_div(a, b, mode):
    ad, bd = _rounded_div_operands(a, b)
    if mode == "floor":
        _int_division_checks(ad, bd, "div_floor_cpu")
        data = np.floor_divide(ad, bd)
    elif mode == "trunc":
        _int_division_checks(ad, bd, "div_trunc_cpu")
        if ad.dtype.kind in "iu" and (not hasattr(bd, "dtype") or bd.dtype.kind in "iu"):
            data = _trunc_int_divide(ad, bd)
        elif np.ndim(bd) == 0 and np.ndim(ad) and np.asarray(ad).dtype == _F16:
            # Half by a scalar: ATen divides in float32 by the scalar's own value, truncates,
            # rounds once (by a tensor, the float16-rounded quotient is truncated)
            b32 = float(b._data) if _is_tensor(b) else float(bd)
            data = np.trunc(np.divide(ad, b32, dtype=_F32)).astype(_F16)
        else:
            data = np.trunc(ad / bd)
    else:
        raise RuntimeError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{mode}'"
        )
    node = None
    if needs_grad(a, b):
        node = DivBackward2((a, b))
    return finish(data, node)


def _type_word(d) -> str:
    """PyTorch's legacy type name (``Float``, ``Long``...) of an array or a NumPy dtype."""
    from .reduction_ext import _tname
    return _tname(d if hasattr(d, "dtype") else np.empty(0, d))


def check_out_same_dtype(out, x) -> None:
    """PyTorch's unary ops whose ``TensorIterator`` keeps every operand's dtype (``ceil``, ``neg``,
    ``abs``, ``sign``, ``bitwise_not``...): ``out`` must have exactly the input's dtype, no cast
    (``Found dtype Byte but expected Long``).  Called only when ``out`` is given."""
    if isinstance(out, Tensor) and isinstance(x, Tensor) and out._data.dtype != x._data.dtype:
        raise RuntimeError(f"Found dtype {_type_word(out._data.dtype)} but expected {_type_word(x._data.dtype)}")


def _check_nan_to_num_out(out, x) -> None:
    """``torch.nan_to_num(x, out=o)``: PyTorch's own check that ``o`` has ``x``'s dtype."""
    if isinstance(out, Tensor) and isinstance(x, Tensor) and out._data.dtype != x._data.dtype:
        raise RuntimeError(f"nan_to_num: dtype of out: {_type_word(out._data.dtype)} should be same as input: "
                           f"{_type_word(x._data.dtype)}")


def _int_division_checks(ad, bd, kernel: str) -> None:
    """PyTorch's integer division errors: Bool has no kernel, and an integer zero divisor raises
    ``RuntimeError: ZeroDivisionError`` (NumPy would return 0 with a warning)."""
    rd = np.result_type(ad, bd)
    if rd.__class__ in _NO_KERNEL_DTYPES:
        no_bare_uint_kernel(rd, kernel)
        raise NotImplementedError(f'"{kernel}" not implemented for \'{"Bool" if rd.kind == "b" else _type_word(rd)}\'')
    if rd.kind in "iu" and not np.all(bd):
        raise RuntimeError("ZeroDivisionError")


def _int_checked(fn, kernel: str):
    def run(ad, bd):
        _int_division_checks(ad, bd, kernel)
        return fn(ad, bd)
    return run


def _np_floor_divide(x, y):
    if x.dtype is _F16 and (y.__class__ is float or y.__class__ is int):
        return half_scalar(np.floor_divide, x, y)
    return np.floor_divide(x, y)


_FLOOR_DIVIDE = _int_checked(_np_floor_divide, "div_floor_cpu")
def _np_remainder(x, y):
    """PyTorch's remainder: ``m = fmod(x, y)``, plus ``y`` when ``m`` is nonzero with the other sign.

    Same values as NumPy's ``remainder``, but a zero keeps the dividend's sign as in PyTorch
    (``remainder(-2., 1.)`` is ``-0.``; NumPy gives ``+0.``).  Integers use NumPy's (no signed zero).
    """
    r = np.remainder(x, y)
    if r.dtype.kind != "f":
        return r
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.fmod(x, y)
    return np.where(m == 0, m, r)


_REMAINDER = _int_checked(_np_remainder, "remainder_cpu")
_FMOD = _int_checked(np.fmod, "fmod_cpu")


def floor_divide(input, other, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``floor_divide(input, other)``
    if not _is_tensor(a):
        a = as_tensor_arg(a, b if _is_tensor(b) else None)
    try:
        data = _bin(a, b, _FLOOR_DIVIDE)
    except (RuntimeError, NotImplementedError):
        _out_cast_first(out, (a, b))
        raise
    node = None
    if needs_grad(a, b):
        node = NotImplementedBackward((a, b))
        node.opname = "floor_divide"
    return write_out(out, finish(data, node))


def true_divide(input, other, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``true_divide(input, other)``
    return div(a, b, out=out)


def __truediv__(self, other):
    if not (_is_tensor(other) or _is_scalar_like(other)):
        return NotImplemented
    return div(self, other)


def __rtruediv__(self, other):
    if not _is_scalar_like(other):
        if isinstance(other, np.ndarray):  # PyTorch's ``reciprocal() * other``: NumPy computes the product
            return reciprocal(self) * other
        return NotImplemented
    return mul(reciprocal(self), other)


def __floordiv__(self, other):
    if not (_is_tensor(other) or _is_scalar_like(other)):
        return NotImplemented
    return floor_divide(self, other)


def __rfloordiv__(self, other):
    return floor_divide(as_tensor_arg(other, self), self)


# -------------------------------------------------------------- remainder
class RemainderBackward0(Node):
    """``remainder(tensor, number)``: PyTorch's ``remainder.Scalar`` links ``self`` only (one edge)."""

    __slots__ = ()

    def backward(self, g):
        return g


class RemainderBackward1(Node):
    """``remainder(tensor, tensor)``: edges for both operands."""

    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        gb = None
        if self._edges[1] is not None:
            gb = -g * div(a, b, rounding_mode="floor")  # ATen's floor division (not floor(a / b))
        return g, gb


def remainder(input, other, *, out=None) -> Tensor:
    """``torch.remainder`` (Python ``%``: a nonzero result has the sign of the divisor)."""
    a, b = input, other  # PyTorch's keyword names: ``remainder(input, other)``
    scalar_self = not _is_tensor(a)
    if scalar_self:
        if not _is_tensor(b):
            _no_tensor_operand()
        a = as_tensor_arg(a, b if _is_tensor(b) else None)
    try:
        data = _bin(a, b, _REMAINDER)
    except (RuntimeError, NotImplementedError):
        _out_cast_first(out, (a, b))
        raise
    node = None
    if needs_grad(a, b):
        if scalar_self:  # remainder.Scalar_Tensor (``2 % t``) has no derivative formula in PyTorch
            node = NotImplementedBackward((a, b))
            node.opname = "remainder"
            return write_out(out, finish(data, node))
        if _is_tensor(b):
            node = RemainderBackward1((a, b))
            node.save(a, b)
        else:
            node = RemainderBackward0((a,))
    return write_out(out, finish(data, node))


class FmodBackward0(Node):
    """``fmod(tensor, number)``: PyTorch's ``fmod.Scalar`` links ``self`` only (one edge)."""

    __slots__ = ()

    def backward(self, g):
        return g


class FmodBackward1(Node):
    """``fmod(tensor, tensor)``: edges for both operands."""

    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        gb = -g * div(a, b, rounding_mode="trunc") if self._edges[1] is not None else None  # (DivBackward2)
        return g, gb


def fmod(input, other, *, out=None) -> Tensor:
    """``torch.fmod`` (C ``fmod``: result has the sign of the dividend)."""
    a, b = input, other  # PyTorch's keyword names: ``fmod(input, other)``
    try:
        data = _bin(a, b, _FMOD)
    except (RuntimeError, NotImplementedError):
        _out_cast_first(out, (a, b))
        raise
    node = None
    if needs_grad(a, b):
        if _is_tensor(b):
            node = FmodBackward1((a, b))
            node.save(a, b)
        else:
            node = FmodBackward0((a,))
    return write_out(out, finish(data, node))


def __mod__(self, other):
    if not (_is_tensor(other) or _is_scalar_like(other)):
        return NotImplemented
    return remainder(self, other)


def __rmod__(self, other):
    if not _is_scalar_like(other):
        return NotImplemented
    return remainder(other, self)


# --------------------------------------------------------------------- pow
class PowBackward0(Node):
    """``x ** scalar``."""

    __slots__ = ("exponent",)

    def backward(self, g):
        (x,) = self.saved()
        e = self.exponent
        if e == 0:
            return _zeros_grad(g)  # PyTorch's pow_backward: zeros_like for a zero exponent
        if x._data.dtype.kind == "c":  # complex: grad * (exponent * self.pow(exponent - 1)).conj()
            return g * mul_scalar(x ** (e - 1), e).conj()
        if e.__class__ is int or e.__class__ is float:  # ``exponent * self.pow(exponent - 1)``: MulBackward1
            return g * mul_scalar(x ** (e - 1), e)
        return g * (x ** (e - 1) * e)

    def vjp(self, g):
        x = _saved_one(self)
        if x is None:
            return None  # freed or modified: ``backward`` raises PyTorch's error
        e = self.exponent
        xd = x._data
        xc = xd.__class__
        if xc is _ndarray:
            if xd.dtype.kind != "f" or (xd.dtype is not g.dtype and xd.dtype != g.dtype):
                return None
        elif (xc is not _f32 and xc is not _f64) or g.__class__ is not xc:
            return None
        if e.__class__ is not int and e.__class__ is not float:
            return None
        if e == 0:
            return (_np_zeros(g),)
        if e == 2:
            t = xd + xd  # x ** 1 * 2, exactly
            if t.__class__ is _ndarray and g.shape == t.shape:
                return (np.multiply(g, t, out=t),)
            return (g * t,)
        em1 = e - 1
        if em1 == 2:  # PyTorch's special-cased powers (as _np_pow, inlined for the common exponents)
            p = xd * xd
        elif em1 == 3:
            p = xd * xd * xd
        else:
            p = _np_pow(xd, em1)
        return (g * (p * scalar_operand(xd, e)),)


class PowBackward1(Node):
    """``x ** tensor``."""

    __slots__ = ()

    def backward(self, g):
        x, e, r = self.saved()
        ga = gb = None
        if self._edges[0] is not None:
            # PyTorch's pow_backward_self: a zero exponent gives 0 (not 0 * x**-1, NaN at x = 0)
            ga = where(e == 0, 0.0, g * (e * x ** (e - 1)))
        if self._edges[1] is not None:
            res = unpack_output(self, r)  # pow_backward_exponent: grad * where(cond, 0, result * log(self))
            gb = g * where(logical_and(x == 0, e >= 0), 0.0, res * x.log())
        return ga, gb


class PowBackward2(Node):
    """``scalar ** tensor``."""

    __slots__ = ("base",)

    def backward(self, g):
        r = self.saved()[1]  # (the exponent, then the result)
        res = unpack_output(self, r)
        base = self.base
        if base == 0:
            # PyTorch: grad * where(exponent >= 0, 0, result * log(0)); result <= 1 exactly when exponent >= 0
            return g * where(res <= 1, 0.0, res * float("-inf"))
        return g * mul_scalar(res, math.log(base) if base > 0 else float("nan"))  # (result * log(base))


_POW_SPECIAL = frozenset((2, 3, -1, -2, -0.5, 0.5))


def _np_pow(x, y):
    yc = y.__class__
    dt = x.dtype
    if dt is _F32 or dt is _F64:  # the common case first (scalar graphs call this a lot)
        if (yc is int or yc is float) and y in _POW_SPECIAL:
            return _special_pow(x, y)
        return x ** y
    if dt.kind == "c":
        return _complex_pow(x, y)
    if dt is _F16 and (yc is int or yc is float):  # Half in float32, rounded once (ATen's opmath)
        if yc is float and y not in _POW_SPECIAL:
            y = float(np.float16(y))  # (ATen's Half kernel converts the exponent to Half first)
        return via_float32(lambda v: _np_pow(v, y), x)
    if (yc is int or yc is float) and y in _POW_SPECIAL and dt.kind == "f":
        return _special_pow(x, y)
    return _general_pow(x, y, yc)


def _special_pow(x, y):
    """PyTorch's pow kernel special-cases these exponents (bit-for-bit the same results)."""
    if y == 2:
        return x * x
    if y == 3:
        return x * x * x
    if y == -1:
        return 1 / x
    if y == -2:
        return 1 / (x * x)
    if y == -0.5:
        return 1 / np.sqrt(x)
    if y == 0.5:
        return np.sqrt(x)
    return x ** y


def _general_pow(x, y, yc):
    """``x ** y`` for integer, bool and other inputs (PyTorch's integer-pow rules)."""
    if hasattr(x, "dtype") and x.dtype.kind in "biu":
        no_bare_uint_kernel(x.dtype, "pow")
        yy = np.asarray(y)
        if yc is bool and x.dtype.kind == "b":  # bool ** True is the base; bool ** False is all True
            return x.copy() if y else np.ones_like(x)
        if yy.dtype.kind == "b" and x.dtype.kind == "b":
            raise NotImplementedError('"pow" not implemented for \'Bool\'')
        if x.dtype.kind == "b" and yc is int:
            x = x.astype(np.int64)  # bool ** python int: PyTorch's default integer type
        elif x.dtype.kind == "b" and yy.dtype.kind in "iu":
            x = x.astype(yy.dtype)  # bool ** integer tensor: the exponent's type
        if yy.dtype.kind in "iu" and (yy < 0).any():
            if yc is int:  # (a Python int; a 0-d integer tensor exponent goes through the integer kernel)
                raise RuntimeError("Integers to negative integer powers are not allowed.")
            return _int_pow_negative(x, yy)
    return x ** y


def _complex_pow(x, y):
    """Complex ``x ** y`` as PyTorch's CPU kernels compute it.

    A real scalar exponent of 0, 1, 2, 3, 0.5, -0.5, -1 or -2 takes the fast
    forms (ones, copy, products, ``sqrt``, reciprocals); any other exponent,
    and every tensor exponent, is ``exp(y * log(x))`` with a plain complex
    product, so a zero base gives ``nan+nanj`` for ``0 ** 0j`` and ``0-0j`` or
    ``inf+nanj`` for other exponents, as in PyTorch.
    """
    if y.__class__ in (int, float, bool, complex):
        e = complex(y)
        if e.imag == 0:
            special = _complex_pow_special(x, e.real)
            if special is not None:
                return special
        y = np.asarray(y, dtype=x.dtype)
    with np.errstate(all="ignore"):
        lx = np.log(x)
        yr, yi = np.real(y), np.imag(y)
        lr, li = np.real(lx), np.imag(lx)
        re = yr * lr - yi * li
        im = yr * li + yi * lr
        z = np.empty(np.broadcast(re, im).shape, dtype=np.result_type(x, y))
        z.real = re
        z.imag = im
        r = np.exp(z)
    return r[()] if r.ndim == 0 else r


def _complex_pow_special(x, e: float):
    """``x ** e`` for the real exponents PyTorch's complex pow special-cases, else ``None``."""
    with np.errstate(all="ignore"):
        if e == 0:
            return np.ones_like(x)
        if e == 1:
            return x.copy()
        if e == 2:
            return _complex_mul(x, x)
        if e == 3:
            return _complex_mul(_complex_mul(x, x), x)
        if e == 0.5:
            return np.sqrt(x)
        if e == -0.5:
            return 1 / np.sqrt(x)
        if e == -1:
            return 1 / x
        if e == -2:
            return 1 / _complex_mul(x, x)
    return None


def _int_pow_negative(x, y):
    """Integer ``x ** y`` with some ``y < 0`` (a tensor exponent): PyTorch's integer kernel gives
    1 for a base of 1, +-1 for -1 (by parity), and 0 for any other base (0 included)."""
    r = np.power(x, np.where(y < 0, 0, y))
    one = np.ones((), dtype=r.dtype)
    neg = np.where(x == 1, one, np.where(x == -1, np.where(y % 2 == 0, one, -one), np.zeros((), r.dtype)))
    return np.where(y < 0, neg, r).astype(r.dtype, copy=False)


def pow(input, exponent, *, out=None) -> Tensor:
    """``torch.pow`` for tensor/scalar bases and exponents."""
    a, b = input, exponent  # PyTorch's keyword names: ``pow(input, exponent)``
    if not _is_tensor(a):
        if not _is_tensor(b):
            _no_tensor_operand()
        return write_out(out, _scalar_pow(a, b))
    if not _is_tensor(b) and isinstance(b, (np.ndarray,)):
        _refuse_array_argument()
        b = as_tensor_arg(b)
    if b.__class__ is int and a._data.dtype.kind in "biu":
        if b < 0:  # (checked before the int is cast)
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        lim = _FILL_LIMITS.get(a._data.dtype)
        if lim is not None and b > lim[1]:  # c10's checked cast of the exponent to the tensor's dtype
            _check_fill_value(b, a._data.dtype)
    data = _bin(a, b, _np_pow)
    node = None
    if _is_tensor(b):
        if needs_grad(a, b):
            node = PowBackward1((a, b))
            res = finish(data, node)
            node.save(a, b, saved_output(node, res))
            return write_out(out, res)
    elif GRAD.enabled and a._rg:
        node = PowBackward0((a,))
        node.save(a)
        node.exponent = b
    return write_out(out, finish(data, node))


def _scalar_pow(base, e: Tensor) -> Tensor:
    ed = e._data
    if base.__class__ is bool and ed.dtype.kind == "b":
        raise NotImplementedError('"pow" not implemented for \'Bool\'')
    if isinstance(base, complex) or ed.dtype.kind == "c":
        dt = D.result_type_of([], [D.from_numpy_dtype(ed.dtype)], [base]).np if ed.ndim == 0 else \
            D.result_type_of([D.from_numpy_dtype(ed.dtype)], [], [base]).np
        data = _complex_pow(np.asarray(base, dtype=dt), ed.astype(dt, copy=False))
        return _finish_scalar_pow(base, e, data)
    if isinstance(base, float) and ed.dtype.kind in "biu":
        ed = ed.astype(D._default.value.np)
    if base.__class__ is int and ed.dtype.kind in "iu":
        no_bare_uint_kernel(ed.dtype, "pow")
        base = int_scalar(ed.dtype, base)  # wrapped like PyTorch: ``(-1) ** uint8_tensor`` is 255 ** t
    if ed.dtype.kind in "iu" and isinstance(base, (int, np.integer, np.ndarray)) and (ed < 0).any():
        data = _int_pow_negative(np.asarray(base, dtype=ed.dtype), ed)  # int ** tensor with negatives
    else:
        data = np.power(np.asarray(base, dtype=ed.dtype) if ed.dtype.kind in "fc" else base, ed)
    if not isinstance(data, (np.ndarray, np.generic)):
        data = np.asarray(data)
    if data.dtype != ed.dtype and ed.dtype.kind in "fc":
        data = data.astype(ed.dtype)
    return _finish_scalar_pow(base, e, data)


def _finish_scalar_pow(base, e: Tensor, data) -> Tensor:
    """The result of ``base ** e`` (a Python-number base), recording ``PowBackward2``."""
    node = None
    if GRAD.enabled and e._rg:
        node = PowBackward2((e,))
        node.base = base
        res = finish(data, node)
        node.save(e, saved_output(node, res))
        return res
    return _make(data)


def __pow__(self, other, modulo=None):
    if modulo is not None:  # pow(t, e, m): PyTorch's __pow__ turns the TypeError into NotImplemented
        return NotImplemented
    oc = other.__class__
    if (oc is int or oc is float) and self._rg and GRAD.enabled:
        t = wrap_same(PowBackward0, self, _np_pow(self._data, other))  # requires grad: float, no promotion
        node = t.grad_fn
        node._saved = (self,)
        vc = self._vc
        node._versions = (0 if vc is None else vc[0],)
        node.exponent = other
        return t
    if not (_is_tensor(other) or _is_scalar_like(other)):
        return NotImplemented
    return pow(self, other)


def __rpow__(self, other):
    if not _is_scalar_like(other):
        return NotImplemented
    if isinstance(other, np.generic):
        other = other.item()
    return _scalar_pow(other, self)


def float_power(input, exponent, *, out=None) -> Tensor:
    a, b = input, exponent  # PyTorch's keyword names: ``float_power(input, exponent)``
    if not (_is_tensor(a) or _is_tensor(b)):
        _no_tensor_operand()
    wide = D.complex128 if _float_power_is_complex(a, b) else D.float64
    a64 = a.to(wide) if _is_tensor(a) else a
    b64 = b.to(wide) if _is_tensor(b) else b
    if out is None:
        return pow(a64, b64)
    check_not_method_call(sys._getframe())
    if isinstance(out, Tensor) and out._data.dtype != wide.np:
        raise RuntimeError(f"the output given to float_power has dtype {_type_word(out._data.dtype)} but the "
                           f"operation's result requires dtype {_type_word(wide.np)}")
    return write_out(out, pow(a64, b64), "float_power")


def _float_power_is_complex(a, b) -> bool:
    """``float_power`` computes in complex128 when either operand is complex, else float64."""
    for v in (a, b):
        if _is_tensor(v):
            if v._data.dtype.kind == "c":
                return True
        elif isinstance(v, complex):
            return True
    return False


# ---------------------------------------------------------------- unary ops
_PRECISE_LIMIT = 1 << 16
_F32S = np.float32


def _via_float64(fn, scalar_fn=None):
    """Evaluate ``fn`` in float64 and round to float32/float16.

    PyTorch's vectorised float32 ``exp``/``tanh``/``log``... are accurate to
    within rounding, so the correctly rounded float64 result agrees with them
    far more often (exp: 1% vs 40% of values differ in the last bit) than
    NumPy's own float32 routines do.  Large arrays keep the float32 routine
    for speed.  A float32 scalar goes through ``math`` (``scalar_fn``), which
    is the same float64 evaluation at a fraction of NumPy's per-call cost.
    """
    f32 = np.float32

    def precise(d):
        if d.__class__ is f32 and scalar_fn is not None:
            try:
                return f32(scalar_fn(float(d)))
            except (ValueError, OverflowError):
                return fn(d.astype(np.float64)).astype(f32)
        dt = d.dtype
        if (dt is _F32 or dt.kind == "f" and dt.itemsize < 8) and d.size <= _PRECISE_LIMIT:
            return fn(d.astype(_F64)).astype(dt)
        return fn(d)

    precise.__name__ = getattr(fn, "__name__", "fn")
    return precise


_exp64 = _via_float64(np.exp, math.exp)
_exp2_64 = _via_float64(np.exp2)
_expm1_64 = _via_float64(np.expm1, math.expm1)
_log64 = _via_float64(np.log, math.log)
_log2_64 = _via_float64(np.log2, math.log2)
_log10_64 = _via_float64(np.log10, math.log10)
_log1p64 = _via_float64(np.log1p, math.log1p)
_sin64 = _via_float64(np.sin, math.sin)
_cos64 = _via_float64(np.cos, math.cos)
_tan64 = _via_float64(np.tan, math.tan)
_tanh64 = _via_float64(np.tanh, math.tanh)
_asin64 = _via_float64(np.arcsin)
_acos64 = _via_float64(np.arccos)
_atan64 = _via_float64(np.arctan, math.atan)
def _sinh64(d, _precise=_via_float64(np.sinh)):
    # a float32 scalar: PyTorch's 0-d kernel is libm's ``sinhf``, which NumPy's float32 loop calls
    return np.sinh(d) if d.__class__ is _F32S else _libm_tail(_precise(d), d, np.sinh)


def _cosh64(d, _precise=_via_float64(np.cosh)):
    return np.cosh(d) if d.__class__ is _F32S else _libm_tail(_precise(d), d, np.cosh)


_F32_BLOCK = 16  # float32 elements in ATen's vectorised loop step (two AVX2 vectors)
_TAIL_LIMIT = 32768  # ATen's grain size: one chunk, so only the array's end is a tail


def _libm_tail(r, d, libm_fn):
    """Redo the scalar tail of a float32 unary kernel with libm (NumPy's float32 loop).

    ATen's vectorised loop handles whole blocks of 16 float32 elements with
    its vector routine (``r``: correctly rounded values) and the remaining
    ``n % 16`` elements with libm's ``sinhf``/``coshf``, which can differ in the last bit.
    """
    if r.__class__ is not np.ndarray or r.dtype is not _F32 or not 0 < r.size <= _TAIL_LIMIT:
        return r
    body = (r.size // _F32_BLOCK) * _F32_BLOCK
    if body == r.size or not (r.flags.c_contiguous and d.flags.c_contiguous):
        return r
    src = d.reshape(-1)[body:]
    r.reshape(-1)[body:] = libm_fn(src if src.dtype is _F32 else src.astype(_F32))
    return r


def _unary(x: Tensor, fn, node_cls, save: str | None, float_only: bool = True):
    """Apply elementwise ``fn``; ``save`` is 'in', 'out', 'both' or None."""
    try:
        d = x._data
    except AttributeError:  # ``torch.exp(2)``: worded for the op that called (the frame above)
        raise_input_type_error(x, sys._getframe(1).f_code.co_name)
    kind = d.dtype.kind
    if float_only and kind in "biu":
        d = d.astype(D._default.value.np)
    data = fn(d)
    if x._rg and GRAD.enabled:
        # float in, same float out: the node needs no per-input metadata
        if kind == "f":
            res = wrap_same(node_cls, x, data)
            node = res.grad_fn
        else:
            node = node_cls((x,))
            res = finish(data, node)
        if save == "in":
            node._saved = (x,)
            vc = x._vc
            node._versions = (0 if vc is None else vc[0],)
        elif save == "out":
            vc = res._vc = [0]
            alias = _make(data)
            alias._vc = vc
            alias._ext = SAVED_OUTPUT_EXT
            node._saved = (alias,)
            node._versions = (0,)
        elif save == "both":
            node.save(x, saved_output(node, res))
        return res
    return _make(data)


def raise_input_type_error(x, op_name: str, original: BaseException | None = None):
    """PyTorch's ``<op>(): argument 'input' (position 1) must be Tensor, not int`` for a unary op
    given a non-tensor (``op_name``: the function's name; a private helper's re-raises ``original``)."""
    from ._argerrors import type_name
    if op_name.startswith("_") or isinstance(x, Tensor):
        raise original or AttributeError(f"'{type(x).__name__}' object has no attribute '_data'")
    raise TypeError(f"{op_name}(): argument 'input' (position 1) must be Tensor, not {type_name(x)}") from None


def _unary_op(name: str, fn, node_cls, save: str | None):
    """``torch.<name>(input, *, out=None)`` for a float unary op, with ``op.method`` for ``Tensor.<name>()``.

    Both are one call into ``_unary`` (``ember._methods`` binds ``op.method`` when present).  The method
    takes ``out`` as an optional positional parameter (which keeps CPython's fast call path, unlike a
    keyword-only one) only to refuse it as PyTorch does ("TensorBase.exp() takes no keyword arguments").
    """
    def op(input: Tensor, *, out=None) -> Tensor:  # PyTorch's keyword name: torch.exp(input=x)
        res = _unary(input, fn, node_cls, save)
        return res if out is None else write_out(out, res, name)

    def method(self, out=_NO_OUT) -> Tensor:
        if out is not _NO_OUT:  # ``x.exp(out=o)``
            raise _method_arguments_error(name)
        return _unary(self, fn, node_cls, save)

    op.__name__ = op.__qualname__ = method.__name__ = method.__qualname__ = name
    op.__code__ = op.__code__.replace(co_name=name)  # (the name its argument errors use)
    op.__doc__ = f"``torch.{name}``: elementwise; its gradient node is ``{node_cls.__name__}``."
    op.method = method
    return op


class NegBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return -g

    def vjp(self, g):
        return (-g,)


def _neg_kernel(dt):
    """``neg`` of a bool, complex or uint16/32/64 dtype: PyTorch's errors, or the complex kernel."""
    if dt.kind == "b":
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, "
            "use the `~` or `logical_not()` operator instead."
        )
    no_bare_uint_kernel(dt, "neg_cpu")
    return _np_neg_complex


def neg(input: Tensor, *, out=None) -> Tensor:
    x = input  # PyTorch's keyword name
    try:
        dt = x._data.dtype
    except AttributeError as e:  # ``torch.neg(2)``
        raise_input_type_error(x, "neg", e)
    fn = _neg_kernel(dt) if dt.__class__ in _NO_KERNEL_DTYPES else np.negative
    if out is None:
        return _unary(x, fn, NegBackward0, None, float_only=False)
    check_out_same_dtype(out, x)
    return write_out(out, _unary(x, fn, NegBackward0, None, float_only=False))


_COMPLEX_LANES = {8: 4, 16: 2}  # complex64 / complex128 elements per AVX2 vector


def _np_neg_complex(d):
    """Complex negation as PyTorch's AVX2 loop computes it: the vectorised body (whole blocks of
    two vectors) computes ``0 - x``, so zero parts come out ``+0``; the scalar tail computes
    ``-x`` (``-0``).  ``-tensor([0j] * 9)`` is eight ``0.+0.j`` and one ``-0.-0.j``."""
    r = np.negative(d)
    if r.__class__ is not np.ndarray or not (r.flags.c_contiguous and d.flags.c_contiguous):
        return r  # (a strided input: iteration order not modelled)
    block = 2 * _COMPLEX_LANES[d.dtype.itemsize]
    body = (r.size // block) * block
    if body:
        flat = r.reshape(-1)  # (C-contiguous: a view)
        flat[:body] = np.subtract(0, d.reshape(-1)[:body])
    return r


class AbsBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        return g * x.sgn()  # PyTorch: grad * self.sgn() (SgnBackward0 under create_graph)


def _float_kernel(kernel: str, a: Tensor, b: Tensor, kinds: str = "biu") -> None:
    """PyTorch's error for a binary kernel that exists only for floating dtypes (``hypot``, ``logaddexp``)."""
    ad, bd = binary_data(a, b)
    dt = np.result_type(ad, bd)
    if dt.kind in kinds:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(dt)}\'')


def _no_bool(x: Tensor, kernel: str, complex_error: str = "", uint: bool = False) -> None:
    """PyTorch's error for a kernel without a Bool version (and, given ``complex_error``, without a
    complex one: ``floor is not supported for complex inputs``; ``"kernel"`` words the generic form;
    ``uint``: nor a uint16/32/64 one)."""
    if x._data.dtype.__class__ not in _NO_KERNEL_DTYPES:
        return
    if uint:
        no_bare_uint_kernel(x._data.dtype, kernel)
    k = x._data.dtype.kind
    if k == "b":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
    if k == "c" and complex_error:
        if complex_error == "kernel":
            raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(x._data.dtype)}\'')
        raise NotImplementedError(complex_error)


def abs(input: Tensor, *, out=None) -> Tensor:
    x = input  # PyTorch's keyword name
    if not isinstance(x, Tensor):  # ``torch.abs(2)``
        raise_input_type_error(x, "abs")
    if out is None:
        _no_bool(x, "abs_cpu", "", True)
        return _unary(x, np.abs, AbsBackward0, "in", float_only=False)
    check_out_same_dtype(out, x)  # (before the Bool kernel error, as in PyTorch)
    _no_bool(x, "abs_cpu", "", True)
    return write_out(out, _unary(x, np.abs, AbsBackward0, "in", float_only=False))


class ExpBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        r = unpack_output(self, self.saved()[0])
        return g * (r.conj() if r._data.dtype.kind == "c" else r)  # grad * result.conj()

    def vjp(self, g):
        r = self.saved()[0]._data
        return (g * (r.conj() if r.dtype.kind == "c" else r),)


exp = _unary_op("exp", _exp64, ExpBackward0, "out")


class Exp2Backward0(Node):
    __slots__ = ()

    def backward(self, g):
        return mul_scalar(g * unpack_output(self, self.saved()[0]), _LN2)  # derivatives.yaml: grad * result * M_LN2


exp2 = _unary_op("exp2", _exp2_64, Exp2Backward0, "out")


class Expm1Backward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g * add_scalar(unpack_output(self, self.saved()[0]), 1)  # grad * (result + 1)


expm1 = _unary_op("expm1", _expm1_64, Expm1Backward0, "out")


class LogBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g / self.saved()[0]

    def vjp(self, g):
        return (g / self.saved()[0]._data,)


log = _unary_op("log", _log64, LogBackward0, "in")


class Log2Backward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g / mul_scalar(self.saved()[0], 0.6931471805599453)  # derivatives.yaml's constant


log2 = _unary_op("log2", _log2_64, Log2Backward0, "in")


class Log10Backward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g / mul_scalar(self.saved()[0], 2.3025850929940456)  # derivatives.yaml's constant (not M_LN10)


log10 = _unary_op("log10", _log10_64, Log10Backward0, "in")


class Log1PBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g / add_scalar(self.saved()[0], 1)  # log1p_backward: grad / (self + 1)


log1p = _unary_op("log1p", _log1p64, Log1PBackward0, "in")


class SqrtBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        r = unpack_output(self, self.saved()[0])
        if r._data.dtype.kind == "c":  # grad / (2 * result.conj())
            return g / mul_scalar(r.conj(), 2)
        return g / mul_scalar(r, 2)  # grad / (2 * result)

    def vjp(self, g):
        r = self.saved()[0]._data
        return (g / (2 * (r.conj() if r.dtype.kind == "c" else r)),)


def sqrt(input: Tensor, *, out=None) -> Tensor:
    x = input  # PyTorch's keyword name
    if out is None:
        return _unary(x, np.sqrt, SqrtBackward0, "out")
    return write_out(out, _unary(x, np.sqrt, SqrtBackward0, "out"))


class RsqrtBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        r = unpack_output(self, self.saved()[0])
        return -0.5 * g * r ** 3


def _np_rsqrt(d):
    if d.dtype is _F16:
        return via_float32(_np_rsqrt, d)
    return 1 / np.sqrt(d)


rsqrt = _unary_op("rsqrt", _np_rsqrt, RsqrtBackward0, "out")


class SinBackward0(Node):
    """``g * cos(x)``, with NumPy's float32 ``cos`` on both paths (raw and ``create_graph``).

    The float64-rounded ``cos`` of ``Tensor.cos`` matches PyTorch's last bit
    more often (90% vs 77% of values) but costs ~6% of a small chain's
    backward; what matters most is that both paths give the same gradient.
    """

    __slots__ = ()

    def backward(self, g):
        return g * _cos_f32(self.saved()[0])

    def vjp(self, g):
        x = _saved_one(self)
        if x is None:
            return None  # freed or modified: ``backward`` raises PyTorch's error
        return (g * np.cos(x._data),)


sin = _unary_op("sin", _sin64, SinBackward0, "in")


class CosBackward0(Node):
    """``-g * sin(x)``, NumPy's float32 ``sin`` on both paths (see ``SinBackward0``)."""

    __slots__ = ()

    def backward(self, g):
        return g * -_sin_f32(self.saved()[0])

    def vjp(self, g):
        x = _saved_one(self)
        if x is None:
            return None
        return (g * -np.sin(x._data),)


def _cos_f32(x: Tensor) -> Tensor:
    """Differentiable ``cos`` with NumPy's float32 kernel (the backward of ``sin``)."""
    return _unary(x, np.cos, CosBackward0, "in")


def _sin_f32(x: Tensor) -> Tensor:
    """Differentiable ``sin`` with NumPy's float32 kernel (the backward of ``cos``)."""
    return _unary(x, np.sin, SinBackward0, "in")


cos = _unary_op("cos", _cos64, CosBackward0, "in")


class TanBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        r = unpack_output(self, self.saved()[0])
        return g * add_scalar(r.pow(2), 1)  # derivatives.yaml: grad * (1 + result.pow(2))


tan = _unary_op("tan", _tan64, TanBackward0, "out")


class AsinBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x = self.saved()[0]
        return g * add_scalar(-x * x, 1).rsqrt()  # derivatives.yaml: grad * (-self * self + 1).rsqrt()


asin = _unary_op("asin", _asin64, AsinBackward0, "in")


class AcosBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x = self.saved()[0]
        return g * -(add_scalar(-x * x, 1).rsqrt())  # grad * -((-self * self + 1).rsqrt())


acos = _unary_op("acos", _acos64, AcosBackward0, "in")


class AtanBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x = self.saved()[0]
        return g / add_scalar(x * x, 1)  # derivatives.yaml: grad / (self * self + 1)


atan = _unary_op("atan", _atan64, AtanBackward0, "in")


class SinhBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g * self.saved()[0].cosh()


sinh = _unary_op("sinh", _sinh64, SinhBackward0, "in")


class CoshBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g * self.saved()[0].sinh()


cosh = _unary_op("cosh", _cosh64, CoshBackward0, "in")


class TanhBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        from ..autograd._backward_ops import tanh_backward  # a TanhBackwardBackward0 under create_graph
        return tanh_backward(g, unpack_output(self, self.saved()[0]))

    def vjp(self, g):
        r = _saved_one(self)
        if r is None:
            return None  # freed or modified: ``backward`` raises PyTorch's error
        y = r._data
        if y.__class__ is _f32 and g.__class__ is _f32:  # tanh_grad's 0-d float32 path, inlined
            yf = float(y)
            return (g * _f32(1.0 - yf * yf),)
        if y.__class__ is _ndarray and g.__class__ is _ndarray and y.dtype is _F32 and g.shape == y.shape \
                and g.dtype is _F32:  # tanh_grad's float32 path, without the call (chains of small ops)
            t = y.astype(_F64)
            t *= t
            t = np.subtract(_ONE64, t, out=t).astype(_F32)
            t *= g
            return (t,)
        return (tanh_grad(g, y),)


_ONE64 = np.array(1.0)  # a 0-d float64 operand: NumPy converts a Python float on every call (~0.3 us)
_ONE64.flags.writeable = False


def tanh_grad(g, y):
    """ATen's ``tanh_backward`` kernel on arrays: ``g * (1 - y*y)``, where the compiler fuses
    ``1 - y*y`` into one FMA (without it the last bit differs in half of the elements); float16
    in float32, rounded once."""
    dt = y.dtype
    if y.__class__ is _f32 and g.__class__ is _f32:  # 0-d float32: in Python floats (the square is exact)
        yf = float(y)
        return g * _f32(1.0 - yf * yf)
    if dt is _F32 and g.__class__ is _ndarray and y.__class__ is _ndarray and g.dtype is _F32:
        # y*y is exact in float64 and 1 - y*y rounds once to float32 (exactly so for |y| >= 2**-2.5;
        # below, a double rounding could differ at an exact float32 midpoint)
        t = y.astype(_F64)
        t *= t
        r = np.subtract(_ONE64, t, out=t).astype(_F32)
        if r.shape == g.shape:
            r *= g
            return r
        return g * r
    if dt.kind == "c":
        return g * np.conj(1 - y * y)
    if g.dtype != dt or dt.kind != "f":
        return g * (1 - y * y)
    if dt is _F16:
        return via_float32(tanh_grad, g, y)
    if isinstance(y, np.generic):  # a 0-d float64 value
        yf = float(y)
        return g * float(fma(-yf, yf, 1.0, _F64))
    return g * fma(np.negative(y), y, 1.0, dt)


tanh = _unary_op("tanh", _tanh64, TanhBackward0, "out")


class AsinhBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x = self.saved()[0]
        return g * add_scalar(x.pow(2), 1).rsqrt()  # derivatives.yaml: grad * (self.pow(2) + 1).rsqrt()


def asinh(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.asinh(out=o)`` (``torch.asinh(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("asinh")
    x = input  # PyTorch's keyword name
    return _unary(x, np.arcsinh, AsinhBackward0, "in")


class AcoshBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x = self.saved()[0]
        return g * _sub_scalar(x * x, 1).rsqrt()  # derivatives.yaml (real): grad * (self * self - 1).rsqrt()


def acosh(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.acosh(out=o)`` (``torch.acosh(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("acosh")
    x = input  # PyTorch's keyword name
    return _unary(x, np.arccosh, AcoshBackward0, "in")


class AtanhBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        x = self.saved()[0]
        return mul_scalar(g, 1) / scalar_minus(1, x.pow(2))  # derivatives.yaml: grad * 1 / (1 - self.pow(2))


def atanh(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.atanh(out=o)`` (``torch.atanh(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("atanh")
    x = input  # PyTorch's keyword name
    return _unary(x, np.arctanh, AtanhBackward0, "in")


class SigmoidBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        from ..autograd._backward_ops import sigmoid_backward  # a SigmoidBackwardBackward0 under create_graph
        return sigmoid_backward(g, unpack_output(self, self.saved()[0]))

    def vjp(self, g):
        return (sigmoid_grad(g, self.saved()[0]._data),)


def sigmoid_grad(g, y):
    """ATen's ``sigmoid_backward`` kernel on arrays: ``(g * (1 - y)) * y`` in that order, each
    step in the op dtype (float16 too); complex: ``g * conj((1 - y) * y)``."""
    if y.dtype.kind == "c":
        return g * np.conj((1 - y) * y)
    return (g * (scalar_operand(y, 1) - y)) * y


def _np_sigmoid(d):
    if d.dtype is _F16:
        return via_float32(_np_sigmoid, d)
    if d.__class__ is np.ndarray and d.ndim:
        out = np.negative(d)
        if d.dtype is _F32 and d.size <= _PRECISE_LIMIT:  # exp rounded once from float64: Sleef's
            np.exp(out, out=out, dtype=_F64, casting="unsafe")  # (PyTorch's) in 96% of sigmoids, not 83%
        else:
            np.exp(out, out=out)
        out += 1
        if out.dtype.kind == "c":  # c10::complex's ``1 / z`` (Smith's division): a zero imaginary part is +0
            np.divide(1, out, out=out)
        else:
            np.reciprocal(out, out=out)
        return out
    if d.__class__ is _F32S:  # exp rounded once from float64, as for arrays (PyTorch's 0-d sigmoid)
        try:
            return 1 / (1 + _F32S(math.exp(-d)))
        except OverflowError:
            pass
    return 1 / (1 + np.exp(-d))


sigmoid = _unary_op("sigmoid", _np_sigmoid, SigmoidBackward0, "out")


_INT_OF_SIZE = {2: np.int16, 4: np.int32, 8: np.int64}


class ReluBackward0(Node):
    __slots__ = ()

    # PyTorch's threshold_backward: ``result <= 0 ? 0 : grad`` (a NaN result passes the gradient)
    def backward(self, g):
        from ..autograd._backward_ops import threshold_backward  # a ThresholdBackwardBackward0 under create_graph
        return threshold_backward(g, unpack_output(self, self.saved()[0]), 0)

    def vjp(self, g):
        r = self.saved()[0]._data
        fz = FUSION
        if fz.grad is g and fz.node is self:  # a max pool already applied this mask (graph.FUSION)
            fz.node = fz.grad = None
            return (g,)
        if (g.__class__ is np.ndarray and g.ndim and g.dtype.kind == "f" and g.shape == r.shape
                and g.size > _RELU_WHERE_MAX):
            # exactly np.where(r <= 0, +0.0, g), but ~10x faster: g's bits times a 0/1 mask
            # (an integer product, so no -0.0 and no 0 * inf); NaN results keep their gradient.
            # r is a ReLU output (>= +0, -0.0 or NaN), so "not r <= 0" is "r != 0": one pass
            it = _INT_OF_SIZE[g.dtype.itemsize]
            keep = np.not_equal(r, 0, out=scratch(r.shape, np.bool_, "relu.mask"))
            out = _relu_buffer(r.shape, it, "relu.grad")
            return (np.multiply(np.ascontiguousarray(g).view(it), keep.view(np.int8), out=out).view(g.dtype),)
        out = np.where(r <= 0, g.dtype.type(0), g)
        return (out if out.ndim else out[()],)

    def vjp_owned(self, g):
        """``vjp`` writing the masked gradient into ``g``, which the engine alone holds (it was
        just made by the next layer's backward): the product then stays in the cache lines the
        gradient already occupies (MLP-512: ~100 us less per step than a separate buffer)."""
        r = self.saved()[0]._data
        if (FUSION.node is None and g.ndim and g.dtype.kind == "f" and g.shape == r.shape and g.size > _RELU_WHERE_MAX
                and g.flags.c_contiguous and g.flags.writeable):
            it = _INT_OF_SIZE[g.dtype.itemsize]
            keep = np.not_equal(r, 0, out=scratch(r.shape, np.bool_, "relu.mask"))
            gi = g.view(it)
            np.multiply(gi, keep.view(np.int8), out=gi)
            return (g,)
        return self.vjp(g)


# ReLU gradients up to this many elements take ``np.where`` directly: below ~4k elements its
# single call costs less than the mask product's scratch buffers and two passes (16 x 8: 6.7 -> 2.9 us).
_RELU_WHERE_MAX = 2048


# NumPy's SIMD loop for maximum() is skipped when one operand is a broadcast scalar; a block of
# zeros broadcast over rows keeps it (~3x faster).  Inputs up to one block take a single call
# (16k elements: 2.8 against 5.9 us with 8200-wide rows); larger ones run row by row, where the
# block width hardly matters (measured 8200 to 65536).
_RELU_BLOCK = 65536
_RELU_ZEROS: dict = {}


# ReLU outputs and gradients under 1 MiB come from NumPy's allocator, whose most recently freed
# block of that size is usually still in cache; the pool hands back last step's buffer, which the
# GEMMs in between have evicted (MLP-512, two (512, 256) ReLUs: 28-40 us per step less by paired
# ablation, no page faults either way).  Larger ones stay pooled: blocks that size are mapped
# afresh and fault (``backend.scratch``).
_RELU_FRESH_BYTES = 1 << 20


def _relu_buffer(shape, dtype, slot):
    if math.prod(shape) * np.dtype(dtype).itemsize < _RELU_FRESH_BYTES:
        return np.empty(shape, dtype)
    return big_empty(shape, dtype, slot)


def _relu_zeros(dtype):
    """A block of +0 of ``dtype`` if ``np.maximum(+0, x)`` is PyTorch's relu bit for bit, else None.

    PyTorch's relu is ``x < 0 ? 0 : x``, so ``-0.0`` and every NaN pass through unchanged.
    ``maximum(+0, x)`` agrees only if the loop returns its second operand on the tie
    ``+0 == -0`` (NumPy's float32/float64 loops do, its float16 loop does not): probed once
    per dtype, over the block path and the short path.
    """
    z = _RELU_ZEROS.get(dtype, False)
    if z is False:
        z = np.zeros(_RELU_BLOCK, dtype)
        x = np.full(2 * _RELU_BLOCK + 13, -0.0, dtype)
        x[5::97] = np.nan
        x[7::89] = -np.asarray(np.nan, dtype)
        ok = all(np.array_equal(r.view(np.uint8), x[:r.size].view(np.uint8))
                 for r in (_relu_max(z, x, np.empty_like(x)), np.maximum(dtype.type(0), x[:40])))
        z = _RELU_ZEROS[dtype] = z if ok else None
    return z


def _relu_max(z, d, out):
    n = d.size
    if n <= _RELU_BLOCK:  # one call: slicing rows costs more than the loop on these sizes
        np.maximum(z[:n], d.reshape(-1), out=out.reshape(-1))
        return out
    m = n - n % _RELU_BLOCK
    df, of = d.reshape(-1), out.reshape(-1)
    np.maximum(z, df[:m].reshape(-1, _RELU_BLOCK), out=of[:m].reshape(-1, _RELU_BLOCK))
    if m < n:
        np.maximum(z[:n - m], df[m:], out=of[m:])
    return out


def _np_relu(d):
    """PyTorch's relu: ``x < 0 ? 0 : x`` (``-0.0`` and NaN pass through unchanged)."""
    dt = d.dtype
    if dt.kind != "f":
        return np.maximum(d, dt.type(0))
    z = _relu_zeros(dt)
    if d.__class__ is not _ndarray or not d.ndim:
        return np.maximum(dt.type(0), d) if z is not None else np.where(d < 0, dt.type(0), d)
    if not d.flags.c_contiguous:
        # PyTorch's TensorIterator keeps the layout of a dense permuted input (channels-last stays so)
        perm = tuple(np.argsort([-s for s in d.strides], kind="stable"))
        dp = d.transpose(perm)
        if dp.flags.c_contiguous:
            return _np_relu(dp).transpose(tuple(np.argsort(perm)))
    d = np.ascontiguousarray(d)
    out = _relu_buffer(d.shape, dt, "relu.out")
    if z is not None:
        return _relu_max(z, d, out)  # faster than the scalar-operand loop at every size
    it = _INT_OF_SIZE[dt.itemsize]  # x AND (x < 0 ? 0 : all ones), exact for any tie rule
    keep = np.less(d, 0, out=scratch(d.shape, np.bool_, "relu.neg"))
    mask = scratch(d.shape, it, "relu.keep")
    np.subtract(keep.view(np.int8), np.int8(1), out=mask, casting="unsafe")
    return np.bitwise_and(d.view(it), mask, out=out.view(it)).view(dt)


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    x = input  # PyTorch's keyword name
    if inplace:
        return x.relu_()
    if x._data.dtype.__class__ in _NO_KERNEL_DTYPES:
        no_bare_uint_kernel(x._data.dtype, "clamp_min_scalar_cpu")
        if x._data.dtype.kind == "c":
            raise NotImplementedError("clamp is not supported for complex types")
        raise RuntimeError("Boolean inputs not supported for relu")
    return _unary(x, _np_relu, ReluBackward0, "out", float_only=False)


def _count(obj) -> int:
    return sys.getrefcount(obj)


def _data_count(x: Tensor) -> int:
    """References to ``x._data`` besides this thread's buffer pool, as seen here."""
    d = x._data
    return sys.getrefcount(d) - pool_refs(d)


def _probe_sole(x) -> int:  # (the call shape of ``relu_if_sole``: caller's local -> parameter -> _count)
    return _count(x)


def _calibrate_sole() -> tuple:
    t = _make(np.empty(2))
    return _probe_sole(t), _data_count(t)


_SOLE_TENSOR, _SOLE_DATA = _calibrate_sole()


def relu_if_sole(x: Tensor):
    """``relu(x)`` written into ``x``'s own buffer when nothing but the caller's one local can
    reach ``x`` or its memory; None otherwise (the caller then runs ``relu`` as usual).

    ``nn.Sequential`` calls this for a plain ``nn.ReLU`` that follows another module: the
    previous module's output is then a temporary that the loop drops on its next line, so no
    one can see that its values changed.  The result, its ``ReluBackward0`` node and its
    gradients are ``relu(x)``'s; the step saves a buffer and a cache-cold write (MLP-512:
    20-40 us per step, the CNN ~75).  Reference counts decide "nothing else": a view, a
    saved output, a hook's or a user's variable, a forward-AD tangent (``_ext``) all count."""
    if (x.__class__ is not Tensor or x._ext is not None or x._base is not None
            or _count(x) != _SOLE_TENSOR or _data_count(x) != _SOLE_DATA):
        return None
    d = x._data
    if (d.__class__ is not _ndarray or d.base is not None or d.dtype.kind != "f" or not d.ndim
            or not (d.flags.c_contiguous and d.flags.writeable)):
        return None
    z = _relu_zeros(d.dtype)
    if z is None:
        return None
    return _unary(x, lambda a: _relu_max(z, a, a), ReluBackward0, "out", float_only=False)


class SignBackward0(Node):
    """Also the base of floor/ceil/round/trunc: PyTorch's ``zeros_like(grad)``."""

    __slots__ = ()

    def backward(self, g):
        return _zeros_grad(g)

    def vjp(self, g):
        return (_np_zeros(g),)


def _np_sign(d):
    """PyTorch's ``(0 < x) - (x < 0)``: like ``np.sign``, except that NaN gives 0 (and bool stays bool)."""
    if getattr(d, "dtype", None) == np.bool_:
        return d.copy()
    out = np.sign(d)
    if getattr(out, "dtype", None) is not None and out.dtype.kind == "f":
        nan = np.isnan(out)
        if nan.any():
            if out.ndim:
                out[nan] = 0
            else:
                out = out.dtype.type(0)
    return out


def sign(input: Tensor, *, out=None) -> Tensor:
    x = input  # PyTorch's keyword name
    if not isinstance(x, Tensor):  # ``torch.sign(2)``
        raise_input_type_error(x, "sign")
    if x._data.dtype.__class__ in _COMPLEX_OR_BARE_UINT:
        no_bare_uint_kernel(x._data.dtype, "sign_cpu")
        raise NotImplementedError("Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
                                  "torch.sgn instead.")
    if out is not None:
        check_out_same_dtype(out, x)
    return write_out(out, _unary(x, _np_sign, SignBackward0, None, float_only=False))


class SgnBackward0(SignBackward0):
    """PyTorch's ``sgn_backward`` gives real inputs an ``_efficientzerotensor``, which adds to the
    other gradients of the input without turning their ``-0.`` into ``+0.`` (see ``_zerotensor``)."""

    __slots__ = ()

    def backward(self, g):
        if g._data.dtype.kind == "c":
            return _zeros_grad(g)
        from ..autograd._zerotensor import zero_tensor_array
        return _make(zero_tensor_array(g._data.shape, g._data.dtype))

    def vjp(self, g):
        if g.dtype.kind == "c":
            return (_np_zeros(g),)
        from ..autograd._zerotensor import zero_tensor_array
        return (zero_tensor_array(g.shape, g.dtype),)


def sgn(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.sgn(out=o)`` (``torch.sgn(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("sgn")
    x = input  # PyTorch's keyword name
    dt = getattr(x._data, "dtype", None)
    fn = _np_sign
    if dt.__class__ in _COMPLEX_OR_BARE_UINT:
        no_bare_uint_kernel(dt, "sign_cpu")
        fn = np.sign
    return _unary(x, fn, SgnBackward0, None, float_only=False)


class ReciprocalBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        r = unpack_output(self, self.saved()[0])
        return -g * (r * r)


def _np_reciprocal(d):
    return 1 / d


reciprocal = _unary_op("reciprocal", _np_reciprocal, ReciprocalBackward0, "out")


def square(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.square(out=o)`` (``torch.square(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("square")
    """``torch.square``: recorded as ``PowBackward0`` like PyTorch."""
    x = input  # PyTorch's keyword name
    if x._data.dtype == np.bool_:
        x = x.long()
    return pow(x, 2)


def _zero_grad_unary(name):
    cls = type(name, (SignBackward0,), {"__slots__": ()})
    return cls


FloorBackward0 = _zero_grad_unary("FloorBackward0")
CeilBackward0 = _zero_grad_unary("CeilBackward0")
RoundBackward0 = _zero_grad_unary("RoundBackward0")
RoundBackward1 = _zero_grad_unary("RoundBackward1")
TruncBackward0 = _zero_grad_unary("TruncBackward0")


def floor(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.floor(out=o)`` (``torch.floor(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("floor")
    x = input  # PyTorch's keyword name
    _no_bool(x, "floor_vml_cpu", "floor is not supported for complex inputs")
    return _unary(x, np.floor, FloorBackward0, None, float_only=False)


def ceil(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.ceil(out=o)`` (``torch.ceil(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("ceil")
    x = input  # PyTorch's keyword name
    _no_bool(x, "ceil_vml_cpu", "ceil is not supported for complex inputs")
    return _unary(x, np.ceil, CeilBackward0, None, float_only=False)


def round(input: Tensor, decimals: int | None = None, out=_NO_OUT) -> Tensor:
    """``torch.round``; an explicit ``decimals`` (even 0) is PyTorch's ``round.decimals`` overload
    (node ``RoundBackward1``; no integer kernel)."""
    if out is not _NO_OUT:  # ``x.round(out=o)``: PyTorch's parser takes ``out`` for no overload of the method
        from ._argerrors import missing_arguments_error
        raise missing_arguments_error("round", ("decimals",), (False,))
    x = input  # PyTorch's keyword name
    explicit = decimals is not None
    _no_bool(x, "round_cpu" if decimals else "round_vml_cpu", "kernel")
    if explicit and x._data.dtype.kind in "iu":  # (``decimals=0`` runs the plain kernel, which has none)
        kernel = "round_cpu" if decimals else "round_vml_cpu"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(np.asarray(x._data))}\'')
    if decimals:
        return _unary(x, lambda d: _round_decimals(d, decimals), RoundBackward1, None, float_only=False)
    return _unary(x, np.round, RoundBackward1 if explicit else RoundBackward0, None, float_only=False)


def _round_decimals(d, decimals: int):
    """ATen's ``round(decimals=n)``: ``nearbyint(x * 10**n) / 10**n``, or for ``n < 0``
    ``nearbyint(x / 10**-n) * 10**-n`` (NumPy multiplies by the inexact ``10**n`` instead),
    in the opmath type (float32 for float16)."""
    dt = d.dtype
    work = _F32 if dt == _F16 else dt
    x = np.asarray(d, work)
    scale = work.type(10.0 ** (-decimals if decimals < 0 else decimals))  # (``abs`` is the tensor op here)
    with np.errstate(over="ignore", invalid="ignore"):
        if decimals < 0:
            r = np.rint(x / scale) * scale
        else:
            r = np.rint(x * scale) / scale
    r = r.astype(dt, copy=False)
    return r if r.ndim else r[()]


def trunc(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.trunc(out=o)`` (``torch.trunc(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("trunc")
    x = input  # PyTorch's keyword name
    _no_bool(x, "trunc_vml_cpu", "trunc is not supported for complex inputs")
    return _unary(x, np.trunc, TruncBackward0, None, float_only=False)


fix = trunc


class FracBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g


def frac(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.frac(out=o)`` (``torch.frac(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("frac")
    x = input  # PyTorch's keyword name
    if x._data.dtype.kind in "biuc":  # PyTorch has no integer (nor complex) frac kernel
        raise NotImplementedError(f'"frac_cpu" not implemented for \'{_type_word(np.asarray(x._data))}\'')
    return _unary(x, lambda d: d - np.trunc(d), FracBackward0, None)


class Deg2RadBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g * (math.pi / 180)


def _no_complex_angle_conversion(x: Tensor, name: str) -> None:
    """PyTorch's ``deg2rad``/``rad2deg`` reject complex input."""
    if x._data.dtype.kind == "c":
        raise RuntimeError(f"{name} is not supported for complex tensors.")


def deg2rad(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.deg2rad(out=o)`` (``torch.deg2rad(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("deg2rad")
    x = input  # PyTorch's keyword name
    _no_complex_angle_conversion(x, "deg2rad")
    return _unary(x, np.deg2rad, Deg2RadBackward0, None)


class Rad2DegBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g * (180 / math.pi)


def _np_rad2deg(d):
    """``d * (180 / pi)`` with the constant rounded to ``d``'s dtype first, as PyTorch does.

    (NumPy's float32 ``rad2deg`` differs from PyTorch in the last bit for
    most inputs.)
    """
    if d.dtype == _F16:  # Half: in float32 (its opmath type), rounded once
        return half_scalar(np.multiply, d, 180.0 / math.pi)
    return d * d.dtype.type(180.0 / math.pi)


def rad2deg(input: Tensor, out=_NO_OUT) -> Tensor:
    if out is not _NO_OUT:  # ``x.rad2deg(out=o)`` (``torch.rad2deg(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("rad2deg")
    x = input  # PyTorch's keyword name
    _no_complex_angle_conversion(x, "rad2deg")
    return _unary(x, _np_rad2deg, Rad2DegBackward0, None)


# ------------------------------------------------------------------- clamp
class ClampBackward1(Node):
    __slots__ = ("lo", "hi")

    def backward(self, g):
        (x,) = self.saved()
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            mask = logical_and(x >= lo, x <= hi)
        elif lo is not None:
            mask = x >= lo
        else:
            mask = x <= hi
        return where(mask, g, 0.0)


class ClampBackward0(Node):
    """``clamp`` with tensor bounds (PyTorch's ``clamp_backward`` / ``clamp_backward_min_max``): ``x``
    gets the gradient where ``lo <= x <= hi``; with both bounds ``lo`` only where ``x < lo`` and
    ``lo < hi``, and ``hi`` where ``x > hi`` or ``hi < lo`` (``hi`` wins when the bounds cross)."""

    __slots__ = ()

    def backward(self, g):
        x, lo, hi = self.saved()
        e = self._edges
        both = lo is not None and hi is not None
        gx = glo = ghi = None
        if e[0] is not None:
            if both:
                mask = logical_and(x >= lo, x <= hi)
            else:
                mask = (x >= lo) if lo is not None else (x <= hi)
            gx = where(mask, g, 0.0)
        if lo is not None and e[1] is not None:
            below = x < lo
            glo = where(logical_and(below, lo < hi) if both else below, g, 0.0)
        if hi is not None and e[2] is not None:
            above = x > hi
            ghi = where(logical_or(above, hi < lo) if both else above, g, 0.0)
        return gx, glo, ghi


class _ClampOneTensorBound(Node):
    """``clamp_min`` / ``clamp_max`` with a tensor bound (PyTorch's ``Clamp{Min,Max}Backward1``):
    ``x`` gets the gradient where it was kept, the bound where it won (strictly: neither at a NaN)."""

    __slots__ = ()
    keeps_x = None
    bound_wins = None

    def backward(self, g):
        x, bound = self.saved()
        e = self._edges
        gx = where(self.keeps_x(x, bound), g, 0.0) if e[0] is not None else None
        gb = where(self.bound_wins(x, bound), g, 0.0) if e[1] is not None else None
        return gx, gb


class ClampMinBackward1(_ClampOneTensorBound):
    __slots__ = ()
    keeps_x = staticmethod(lambda x, lo: x >= lo)
    bound_wins = staticmethod(lambda x, lo: x < lo)


class ClampMaxBackward1(_ClampOneTensorBound):
    __slots__ = ()
    keeps_x = staticmethod(lambda x, hi: x <= hi)
    bound_wins = staticmethod(lambda x, hi: x > hi)


def clamp(input: Tensor, min=None, max=None, *, out=None) -> Tensor:
    """``torch.clamp`` with scalar or tensor bounds."""
    x = input  # PyTorch's keyword name
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if _is_tensor(min) or _is_tensor(max):
        if min is not None and max is not None and _is_tensor(min) != _is_tensor(max):
            lo, hi = _clamp_scalar_bounds(x, min, max, out)  # (a 0-d bound as a number, else the parser error)
            return clamp(x, lo, hi, out=out)
        try:
            r = _clamp_tensor(x, min, max)
        except NotImplementedError:
            if x._data.dtype.kind != "c":  # (a complex input fails clamp's own check first)
                _out_cast_first(out, (x, min, max))
            raise
        return write_out(out, r)
    try:
        d = x._data
    except AttributeError as e:  # ``torch.clamp_min(2, 1)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if not (_clamp_bound_ok(min) and _clamp_bound_ok(max)):  # ``x.clamp((0, 1))``: no sequence bounds
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(TypeError(f"clamp(): bounds must be numbers or tensors, not {type(min).__name__}"))
    if isinstance(min, float) or isinstance(max, float):
        d = to_float_data(d)
    elif d.dtype.kind == "b" and (min.__class__ is int or max.__class__ is int):
        d = d.astype(np.int64)  # result_type(bool tensor, int scalar) is int64
    if d.dtype.__class__ in _COMPLEX_OR_BARE_UINT:
        no_bare_uint_kernel(d.dtype, "clamp_scalar_cpu" if min is not None and max is not None else (
            "clamp_min_scalar_cpu" if min is not None else "clamp_max_scalar_cpu"))
        raise NotImplementedError("clamp is not supported for complex types")
    if d.dtype.kind in "iu" or isinstance(min, complex) or isinstance(max, complex):
        _check_clamp_scalar_bounds(d, min, max)
    if d.dtype.kind == "b":  # PyTorch's scalar-bound kernels have no bool version
        kernel = "clamp_scalar_cpu" if min is not None and max is not None else (
            "clamp_min_scalar_cpu" if min is not None else "clamp_max_scalar_cpu")
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
    if out is not None and isinstance(out, Tensor) and out._data.dtype != d.dtype:
        # clamp(Tensor, Scalar)'s ``out`` must have exactly the result dtype (no cast)
        raise RuntimeError(f"Found dtype {_type_word(out._data.dtype)} but expected {_type_word(d.dtype)}")
    if d.dtype.kind in "iu":  # PyTorch casts int bounds to the tensor's dtype (with wraparound)
        min = int_scalar(d.dtype, min) if min.__class__ is int else min
        max = int_scalar(d.dtype, max) if max.__class__ is int else max
    data = d
    if min is not None:
        data = np.maximum(data, min)
    if max is not None:
        data = np.minimum(data, max)
    if isinstance(data, np.ndarray) and data.dtype != d.dtype:
        data = data.astype(d.dtype)
    node = None
    if GRAD.enabled and x._rg:
        node = ClampBackward1((x,))
        node.save(x)
        node.lo, node.hi = min, max
    return write_out(out, finish(data, node))


def _clamp_scalar_bounds(x, min, max, out):
    """One tensor bound and one non-tensor bound: PyTorch's parser binds a 0-d tensor that needs no
    grad to a ``Scalar``, so ``clamp(a, torch.tensor(0.0), 1.0)`` is the ``(Tensor, Scalar, Scalar)``
    overload (its value as the bound); any other tensor fits no overload."""
    bound = min if _is_tensor(min) else max
    if bound._data.ndim != 0 or bound.requires_grad:
        raise _clamp_mixed_bounds_error(x, min, max, out)
    value = bound.item()
    return (value, max) if bound is min else (min, value)


def _clamp_mixed_bounds_error(x, min, max, out) -> TypeError:
    """PyTorch's parser error for one tensor bound and one non-tensor bound (``clamp(a, min=low, max=2.0)``):
    ``clamp`` binds ``(Tensor, Tensor?, Tensor?)`` or ``(Tensor, Scalar?, Scalar?)``, so no overload fits
    and it lists both, worded for the function, the method or the in-place method the user called."""
    from ._argerrors import _OVERLOADS, _called_function, parser_error
    frame = _called_function()
    name = frame.f_code.co_name if frame is not None else "clamp"
    params = ["min", "max"] + (["out"] if out is not None else [])
    values = {"min": min, "max": max, "out": out}
    sigs = _OVERLOADS["clamp"]
    err = parser_error(name + "_", sigs, x, params, values, None, "")  # ``x.clamp_(...)``
    if err is None:
        err = parser_error(name, sigs, x, params, values, None, "", default_site=(False, 3, ()))
    return err


def _clamp_bound_ok(v) -> bool:
    """A scalar ``clamp`` bound PyTorch's parser takes: None or a number (not a sequence or string)."""
    return v is None or v.__class__ is float or v.__class__ is int or isinstance(v, (numbers.Number, np.generic))


def _clamp_tensor(x, lo, hi, named: bool = False, node_cls=None):
    """``clamp`` with tensor bounds; ``named``: called as ``clamp_min``/``clamp_max``, whose
    complex input fails in the ``maximum``/``minimum`` kernel rather than in ``clamp``'s check;
    ``node_cls``: their one-bound node (``ClampMinBackward1``/``ClampMaxBackward1``)."""
    lo_t = as_tensor_arg(lo, x) if lo is not None else None
    hi_t = as_tensor_arg(hi, x) if hi is not None else None
    try:
        data = x._data
    except AttributeError as e:  # ``torch.clamp_min(2, t)``
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if data.dtype.kind == "c" and not named:
        raise NotImplementedError("clamp is not supported for complex types")
    ts = [t for t in (x, lo_t, hi_t) if t is not None]
    dt = D.result_type_of([D.from_numpy_dtype(t._data.dtype) for t in ts if t._data.ndim > 0],
                          [D.from_numpy_dtype(t._data.dtype) for t in ts if t._data.ndim == 0], ()).np
    _clamp_tensor_kernel_check(dt, lo_t is not None, hi_t is not None)
    data = data.astype(dt, copy=False)  # PyTorch promotes input and tensor bounds together
    if lo_t is not None:
        data = np.maximum(data, lo_t._data.astype(dt, copy=False))
    if hi_t is not None:
        data = np.minimum(data, hi_t._data.astype(dt, copy=False))
    node = None
    if needs_grad(x, lo_t, hi_t):
        if node_cls is not None:
            bound = lo_t if lo_t is not None else hi_t
            node = node_cls((x, bound))
            node.save(x, bound)
        else:
            node = ClampBackward0((x, lo_t, hi_t))
            node.save(x, lo_t, hi_t)
    return finish(data, node)


def _clamp_tensor_kernel_check(dt, has_lo: bool, has_hi: bool) -> None:
    """PyTorch's error for ``clamp`` of a real tensor with tensor bounds promoting to a dtype
    without a kernel: complex (``clamp_cpu``, or ``maximum_cpu``/``minimum_cpu`` for one bound),
    and bool with both bounds."""
    both = has_lo and has_hi
    if dt.kind == "c" or (dt.kind == "b" and both) or dt.__class__ in _BARE_UINT_DTYPES:
        kernel = "clamp_cpu" if both else ("maximum_cpu" if has_lo else "minimum_cpu")
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(dt)}\'')


from ._argerrors import alias as _alias_clip  # (``torch.clip``: PyTorch's errors say ``clip()``; same code)
clip = _alias_clip(clamp, "clip")


class ClampMinBackward0(ClampBackward1):
    """``clamp_min(x, scalar)`` (``clamp(x, min=...)`` records ClampBackward1)."""

    __slots__ = ()


class ClampMaxBackward0(ClampBackward1):
    __slots__ = ()


def _clamp_named(x, lo, hi, cls, tensor_cls):
    if isinstance(lo, complex) or isinstance(hi, complex):  # (``clamp_min``/``clamp_max`` reject it first)
        raise NotImplementedError("clamp is not supported for complex types")
    if _is_tensor(lo) or _is_tensor(hi):
        return _clamp_tensor(x, lo, hi, named=True, node_cls=tensor_cls)
    r = clamp(x, lo, hi)
    if r.grad_fn is not None:
        node = cls((x,))
        node.save(x)
        node.lo, node.hi = lo, hi
        r.grad_fn = node
    return r


def clamp_min(input, min, *, out=None):
    if out is not None:  # (``Tensor.clamp_min``; ``torch.clamp_min(x, 0, out=)`` is ``_with_out``'s)
        raise method_out_error(sys._getframe())
    x = input  # PyTorch's keyword name
    return _clamp_named(x, min, None, ClampMinBackward0, ClampMinBackward1)


def clamp_max(input, max, *, out=None):
    if out is not None:  # (``Tensor.clamp_max``; ``torch.clamp_max(x, 0, out=)`` is ``_with_out``'s)
        raise method_out_error(sys._getframe())
    x = input  # PyTorch's keyword name
    return _clamp_named(x, None, max, ClampMaxBackward0, ClampMaxBackward1)


# ------------------------------------------------------- binary min / max
class MaximumBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        half = where(a == b, g / 2, g)
        ga = half.masked_fill(a < b, 0) if self._edges[0] is not None else None
        gb = half.masked_fill(a > b, 0) if self._edges[1] is not None else None
        return ga, gb


class MinimumBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        half = where(a == b, g / 2, g)
        ga = half.masked_fill(a > b, 0) if self._edges[0] is not None else None
        gb = half.masked_fill(a < b, 0) if self._edges[1] is not None else None
        return ga, gb


def maximum(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``maximum(input, other)``
    if not _is_tensor(b):
        require_tensor("maximum", b)
    data = _bin(a, b, np.maximum)
    if data.dtype.__class__ in _COMPLEX_OR_BARE_UINT:
        no_bare_uint_kernel(data.dtype, "maximum_cpu")
        raise RuntimeError("maximum not implemented for complex tensors.")
    node = None
    if needs_grad(a, b):
        node = MaximumBackward0((a, b))
        node.save(a, b)
    return write_out(out, finish(data, node))


def minimum(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``minimum(input, other)``
    if not _is_tensor(b):
        require_tensor("minimum", b)
    data = _bin(a, b, np.minimum)
    if data.dtype.__class__ in _COMPLEX_OR_BARE_UINT:
        no_bare_uint_kernel(data.dtype, "minimum_cpu")
        raise RuntimeError("minimum not implemented for complex tensors.")
    node = None
    if needs_grad(a, b):
        node = MinimumBackward0((a, b))
        node.save(a, b)
    return write_out(out, finish(data, node))


class _NanIgnoringBackward(Node):
    """``fmax``/``fmin`` (PyTorch): ``self`` gets the gradient where it won (``keeps_self``) or ``other``
    is NaN; ``other`` elsewhere."""

    __slots__ = ()
    keeps_self = None

    def backward(self, g):
        a, b = self.saved()
        to_a = self.keeps_self(a, b).logical_or(b.isnan())
        ga = g.masked_fill(to_a.logical_not(), 0) if self._edges[0] is not None else None
        gb = g.masked_fill(to_a, 0) if self._edges[1] is not None else None
        return ga, gb


class FmaxBackward0(_NanIgnoringBackward):
    __slots__ = ()
    keeps_self = staticmethod(lambda a, b: a >= b)


class FminBackward0(_NanIgnoringBackward):
    __slots__ = ()
    keeps_self = staticmethod(lambda a, b: a <= b)


def _nan_ignoring(name, a, b, ufunc, node_cls, out):
    """``torch.fmax`` / ``torch.fmin``: like maximum/minimum, but a NaN loses to a number."""
    if not _is_tensor(b):
        require_tensor(name, b)
    data = _bin(a, b, ufunc)
    if data.dtype.__class__ in _COMPLEX_OR_BARE_UINT:
        no_bare_uint_kernel(data.dtype, "maximum_cpu" if name == "fmax" else "minimum_cpu")  # (ints: maximum)
        raise RuntimeError(f"{name} not implemented for complex tensors.")
    node = None
    if needs_grad(a, b):
        node = node_cls((a, b))
        node.save(a, b)
    return write_out(out, finish(data, node))


def fmax(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``fmax(input, other)``
    return _nan_ignoring("fmax", a, b, np.fmax, FmaxBackward0, out)


def fmin(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``fmin(input, other)``
    return _nan_ignoring("fmin", a, b, np.fmin, FminBackward0, out)


class Atan2Backward0(Node):
    __slots__ = ()

    def backward(self, g):
        # PyTorch's atan2_backward: grad * other * recip and grad * -self * recip, where
        # recip = 1 / (self^2 + other^2) is 0 where that sum is 0 (the origin, or underflow)
        a, b = self.saved()
        denom = a * a + b * b
        recip = denom.reciprocal().masked_fill(denom == 0, 0.0)  # (ATen: masked_fill_, MaskedFillBackward0)
        ga = g * b * recip if self._edges[0] is not None else None
        gb = g * -a * recip if self._edges[1] is not None else None
        return ga, gb


def atan2(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    a, b = input, other  # PyTorch's keyword names: ``atan2(input, other)``
    if not (_is_tensor(a) and _is_tensor(b)):  # (worded for the name called: ``atan2`` or ``arctan2``)
        from ._argerrors import arg_type_error
        err = arg_type_error()
        if err is None:
            require_tensor("atan2", a, "input", 1)
            require_tensor("atan2", b)
        raise err
    ad, bd = float_binary_data(a, b)
    try:
        data = broadcast_checked(_np_atan2, to_float_data(ad), to_float_data(bd))
    except TypeError:
        if np.result_type(ad, bd).kind == "c":
            _out_cast_first(out, (a, b))
            raise NotImplementedError(f'"atan2_cpu" not implemented for \'{_type_word(np.result_type(ad, bd))}\'') \
                from None
        raise
    node = None
    if needs_grad(a, b):
        node = Atan2Backward0((a, b))
        node.save(a, b)
    return write_out(out, finish(data, node))


def _np_atan2(y, x):
    """``atan2`` as ATen's float32 loop computes it: its vector routine on whole blocks of 16
    elements (float64 evaluation rounded once agrees with it far more often than NumPy's
    float32 ``arctan2``: about 2% vs 17% of values differ in the last bit), and libm's
    ``atan2f`` (NumPy's float32 loop) on the scalar tail of each inner loop."""
    r = np.arctan2(y, x)
    return _with_vector_body(r, y, x, lambda: np.arctan2(np.asarray(y, _F64), np.asarray(x, _F64)).astype(_F32))


def _with_vector_body(r, y, x, precise):
    """``r`` (a float32 binary result from libm, NumPy's float32 loop) with the elements ATen's
    loop computes with its vector routine (whole blocks of 16 in each inner loop) replaced by
    ``precise()`` (float64 evaluation rounded once).  The inner loop is the whole array when
    the operands are the same size or one is a scalar, else a row of the last dimension."""
    if r.__class__ is not np.ndarray or r.dtype is not _F32 or not 0 < r.size <= _TAIL_LIMIT:
        return r
    inner = r.size if np.size(y) in (1, r.size) and np.size(x) in (1, r.size) else r.shape[-1]
    body = (inner // _F32_BLOCK) * _F32_BLOCK
    if body:
        with np.errstate(all="ignore"):
            exact = precise()
        rows, exact_rows = r.reshape(-1, inner), np.broadcast_to(exact, r.shape).reshape(-1, inner)
        rows[:, :body] = exact_rows[:, :body]
    return r


from ._argerrors import alias as _alias  # (distinct names for PyTorch's argument errors; same code)
arctan2 = _alias(atan2, "arctan2")


class HypotBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b, r = self.saved()
        res = unpack_output(self, r)
        return g * a / res, g * b / res


def hypot(input, other):
    a, b = input, other  # PyTorch's keyword names: ``hypot(input, other)``
    require_tensor("hypot", b)
    _float_kernel("hypot_cpu", a, b, "biuc")
    data = _bin(a, b, np.hypot)
    node = None
    if needs_grad(a, b):
        node = HypotBackward0((a, b))
        res = finish(data, node)
        node.save(a, b, saved_output(node, res))
        return res
    return _make(data)


class LogaddexpBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        # derivatives.yaml: grad / (1 + exp(other - self)) (ATen's C++ ``1 + t``: AddBackward1)
        return g / add_scalar((b - a).exp(), 1), g / add_scalar((a - b).exp(), 1)


def _logaddexp_f32(x, y):
    """float32 ``logaddexp`` as ATen's vector loop computes it, ``max + log1p(exp(-|x - y|))``
    with ``exp`` and ``log1p`` each correctly rounded to float32 (as its vector routines nearly
    always are); equal infinities give themselves and a NaN operand NaN."""
    with np.errstate(all="ignore"):
        hi = np.maximum(x, y)
        d = np.abs(np.subtract(x, y, dtype=_F32))
        e = np.exp(-d.astype(_F64)).astype(_F32)
        r = np.asarray(hi + np.log1p(e.astype(_F64)).astype(_F32))
        same_inf = np.isinf(x) & (x == y)
        if same_inf.any():
            r = np.where(same_inf, x, r)
    return r[()] if r.ndim == 0 else r


def _np_logaddexp(x, y):
    """``log(exp(x) + exp(y))``; complex operands (which NumPy's ufunc lacks) as PyTorch computes
    them: ``hi + log1p(exp(lo - hi))`` with ``lo``/``hi`` ordered by real part; special
    values where both real parts are the same infinity or a part is NaN."""
    rd = np.result_type(x, y)
    if rd == _F32:  # libm's chain (NumPy's loop) in the scalar tail, the vector routine's values elsewhere
        return _with_vector_body(np.logaddexp(x, y), x, y, lambda: _logaddexp_f32(x, y))
    if rd.kind != "c":
        return np.logaddexp(x, y)
    with np.errstate(all="ignore"):
        x, y = np.broadcast_arrays(np.asarray(x), np.asarray(y))
        swap = x.real < y.real
        hi = np.where(swap, y, x)
        lo = np.where(swap, x, y)
        r = hi + np.log1p(np.exp(lo - hi))
        same_inf = np.isinf(lo.real) & (lo.real == hi.real)
        if same_inf.any():  # both -inf: the lower operand itself; both +inf: the direct formula
            direct = np.where(lo.real < 0, lo, np.log(np.exp(lo) + np.exp(hi)))
            r = np.where(same_inf, direct, r)
        any_nan = np.isnan(lo) | np.isnan(hi)  # (a NaN part anywhere: nan+nanj)
        if any_nan.any():
            r = np.where(any_nan, np.array(complex(np.nan, np.nan), r.dtype), r)
    return r[()] if r.ndim == 0 else r


def logaddexp(input, other):
    a, b = input, other  # PyTorch's keyword names: ``logaddexp(input, other)``
    require_tensor("logaddexp", b)
    _float_kernel("logaddexp_cpu", a, b)
    data = _bin(a, b, _np_logaddexp)
    node = None
    if needs_grad(a, b):
        node = LogaddexpBackward0((a, b))
        node.save(a, b)
    return finish(data, node)


def xlogy(input, other, *, out=None):
    """``torch.xlogy``: the same op as ``torch.special.xlogy`` (its three overloads and
    ``derivatives.yaml`` gradients live in ``ember/special.py``)."""
    from ..special import xlogy as _xlogy
    if out is not None:
        check_not_method_call(sys._getframe())
    try:
        return _xlogy(input, other, out=out)
    except TypeError as e:  # worded for ``torch.xlogy`` / ``Tensor.xlogy`` (not ``special_xlogy``)
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)


# ------------------------------------------------- ATen's ``.Scalar`` overloads
# ``tensor op python_number`` recorded as ATen's C++ code records it inside composites
# (``MulBackward1`` / ``DivBackward1`` / ``AddBackward1``), where the Python operators
# record ``MulBackward0`` ... : cross entropy, ``special.ndtr``, ``trapezoid`` use these.
class MulBackward1(Node):
    """``aten::mul.Scalar``: the gradient is ``g * other`` (itself a ``mul.Scalar``)."""

    __slots__ = ("other",)

    def backward(self, g):
        return mul_scalar(g, self.other)

    def vjp(self, g):
        return (g * np.asarray(g).dtype.type(self.other),)


class DivBackward1(Node):
    """``aten::div.Scalar``: the gradient is ``g / other``."""

    __slots__ = ("other",)

    def backward(self, g):
        return div_scalar(g, self.other)

    def vjp(self, g):
        return (g / np.asarray(g).dtype.type(self.other),)


class AddBackward1(Node):
    """``aten::add.Scalar``: the gradient passes through."""

    __slots__ = ()

    def backward(self, g):
        return g

    def vjp(self, g):
        return (g,)


def _scalar_overload(t: Tensor, c, node_cls, fn) -> Tensor:
    d = to_float_data(np.asarray(t._data)) if isinstance(c, float) else np.asarray(t._data)
    if d.dtype == _F16:  # computed in float32 (Half's opmath type), the scalar unrounded
        data = half_scalar(fn, d, c)
    else:
        data = fn(d, d.dtype.type(c)).astype(d.dtype, copy=False)
    data = data if data.ndim else data[()]
    if GRAD.enabled and t._rg:
        node = node_cls((t,))
        if node_cls is not AddBackward1 and node_cls is not SubBackward1:  # these keep no operand
            node.other = c
        return finish(data, node)
    return _make(data)


def mul_scalar(t: Tensor, c) -> Tensor:
    """``t * c`` for a Python number ``c``, recorded as ``aten::mul.Scalar`` (``MulBackward1``)."""
    return _scalar_overload(t, c, MulBackward1, np.multiply)


def div_scalar(t: Tensor, c) -> Tensor:
    """``t / c`` for a Python number ``c``, recorded as ``aten::div.Scalar`` (``DivBackward1``)."""
    return _scalar_overload(t, c, DivBackward1, np.true_divide)


def add_scalar(t: Tensor, c) -> Tensor:
    """``t + c`` for a Python number ``c``, recorded as ``aten::add.Scalar`` (``AddBackward1``)."""
    return _scalar_overload(t, c, AddBackward1, np.add)


class SubBackward1(AddBackward1):
    """``aten::sub.Scalar``: the gradient passes through."""

    __slots__ = ()


def scalar_minus(c, t: Tensor) -> Tensor:
    """ATen's C++ ``c - t`` for a number ``c`` (``empty_like(t).fill_(c).sub_(t)``): recorded as
    ``SubBackward0`` with no edge for ``c`` (Python's ``c - t`` records ``RsubBackward1``)."""
    return sub(as_tensor_arg(c, t), t)  # (a 0-d operand of t's dtype: the values of ``c - t``)


def _sub_scalar(t: Tensor, c) -> Tensor:
    """``t - c`` for a Python number ``c``, recorded as ``aten::sub.Scalar`` (``SubBackward1``)."""
    return _scalar_overload(t, c, SubBackward1, np.subtract)


# ------------------------------------------------------------ selection ops
class WhereBackward0(Node):
    __slots__ = ()

    # edges (input, other), as PyTorch's: the condition is not differentiable
    def backward(self, g):
        (cond,) = self.saved()
        ga = where(cond, g, 0.0) if self._edges[0] is not None else None
        gb = where(cond, 0.0, g) if self._edges[1] is not None else None
        return ga, gb


def where(condition, input=None, other=None, *, out=None):
    """``torch.where(cond, a, b)``; ``torch.where(cond)`` gives ``nonzero(as_tuple=True)``."""
    if input is None and other is None:
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    cond = as_tensor_arg(condition)
    if cond._data.dtype == np.uint8:  # deprecated in PyTorch (with a warning), still accepted
        cond = _make(cond._data.astype(np.bool_))
    elif cond._data.dtype != np.bool_:
        raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_type_word(cond._data)}")
    if _is_tensor(input) and _is_tensor(other):
        ad, bd = binary_data(input, other)
    elif _is_tensor(input):
        if out is not None:
            _where_scalar_out_error("other", other)
        ad, bd = _where_tensor_scalar(input, other)
    elif _is_tensor(other):
        if out is not None:
            _where_scalar_out_error("input", input)
        bd, ad = _where_tensor_scalar(other, input)
    else:
        if out is not None:
            _where_scalar_out_error("input", input)
        if not (_is_scalar_like(input) and _is_scalar_like(other)):  # ``where(c, (1,), 2)``
            _no_tensor_operand()
        ad, bd = np.asarray(input), np.asarray(other)
        if isinstance(input, complex) or isinstance(other, complex):  # (the default complex: ComplexFloat)
            ad = ad.astype(D._default_complex().np)
            bd = bd.astype(D._default_complex().np)
        elif isinstance(input, float) or isinstance(other, float):
            ad = ad.astype(D._default.value.np)
            bd = bd.astype(D._default.value.np)
    try:
        data = np.where(cond._data, ad, bd)
    except ValueError:
        shape = np.shape(cond._data)  # PyTorch broadcasts condition, input, other in that order
        for s in (np.shape(ad), np.shape(bd)):
            try:
                shape = np.broadcast_shapes(shape, s)
            except ValueError:
                raise broadcast_error(shape, s) from None
        raise
    dt = getattr(ad, "dtype", None) or getattr(bd, "dtype", None)
    if dt is not None and data.dtype != dt and (hasattr(ad, "dtype") and hasattr(bd, "dtype")) is False:
        data = data.astype(dt)
    elif hasattr(ad, "dtype") and data.dtype != ad.dtype and not hasattr(bd, "dtype"):
        data = data.astype(ad.dtype)
    elif hasattr(bd, "dtype") and data.dtype != bd.dtype and not hasattr(ad, "dtype"):
        data = data.astype(bd.dtype)
    node = None
    if needs_grad(input, other):
        node = WhereBackward0((input, other))
        node.save(cond)
    return write_out(out, finish(data, node))


def _where_scalar_out_error(name: str, value):
    """PyTorch's ``where`` overloads taking a Number have no ``out``: with ``out=`` the parser wants the
    Tensor one (``where(): argument 'other' (position 3) must be Tensor, not int``)."""
    from ._argerrors import argument_type_error
    raise argument_type_error("where", ("input", "other"), name, "Tensor", value)


_WHERE_SCALARS = (bool, int, float, complex)
_F32_MAX = float(np.finfo(np.float32).max)
_C_TYPE_NAMES = {"float32": "float", "int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t",
                 "uint8": "uint8_t"}


def _where_tensor_scalar(t: Tensor, value):
    """Operands of ``where(cond, t, value)`` for a Python number ``value``: both in
    ``result_type(t, value)`` (``where(c, 1, bool_tensor)`` is int64), the number converted with
    c10's overflow check ("value cannot be converted to type int8_t without overflow")."""
    if value.__class__ not in _WHERE_SCALARS:
        return binary_data(t, value)
    td = t._data
    own = D.from_numpy_dtype(td.dtype)
    rt = D.result_type_of([own] if td.ndim else [], [] if td.ndim else [own], [value])
    _check_scalar_fits(value, rt)
    return td.astype(rt.np, copy=False), np.asarray(value).astype(rt.np)


def _check_scalar_fits(value, dt) -> None:
    """c10's ``checked_convert`` of a Python number to ``dt``: integers must be in range (uint8
    also takes negatives down to -255, wrapped), float32 must not overflow to infinity."""
    if value.__class__ is int:
        if not -(1 << 63) <= value < (1 << 64):
            raise huge_int_error(value)
        if dt.category == 1:
            info = np.iinfo(dt.np)
            low = -int(info.max) if info.min == 0 else int(info.min)
            if not low <= value <= int(info.max):
                raise RuntimeError(f"value cannot be converted to type {_C_TYPE_NAMES[dt.name]} without overflow")
    elif value.__class__ is float and dt.name == "float32" and math.isfinite(value):
        if not -_F32_MAX <= value <= _F32_MAX:  # (``abs`` here is the tensor op)
            raise RuntimeError("value cannot be converted to type float without overflow")


# per dtype: (lowest, max, values beyond them that fit) of a fill value needing no closer check
_FILL_LIMITS = {np.dtype(t): (float(np.finfo(t).min), float(np.finfo(t).max), (math.inf, -math.inf))
                for t in (np.float16, np.float32, np.float64)}
_FILL_LIMITS.update({np.dtype(np.complex64): _FILL_LIMITS[np.dtype(np.float32)],
                     np.dtype(np.complex128): _FILL_LIMITS[np.dtype(np.float64)]})
_FILL_LIMITS.update({np.dtype(t): (int(np.iinfo(t).min), int(np.iinfo(t).max), ())
                     for t in (np.uint8, np.uint16, np.uint32, np.uint64, np.int8, np.int16, np.int32, np.int64)})
_CHECKED_TYPE_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double",
                       "complex64": "c10::complex<float>", "complex128": "c10::complex<double>",
                       "int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t", "uint8": "uint8_t",
                       "uint16": "uint16_t", "uint32": "uint32_t", "uint64": "uint64_t"}


def _check_fill_value(v, dt) -> None:
    """c10's ``checked_convert`` of a scalar fill value (``Scalar::to<T>``) to the tensor dtype ``dt``
    (not bool): ``overflows<T>`` for a bool / int64 (uint64 from 2**63) / double / complex scalar."""
    cls = v.__class__
    if cls is float:
        bad = _float_overflows(v, dt)
    elif cls is bool or isinstance(v, (bool, np.bool_)):
        return
    elif isinstance(v, numbers.Integral):
        v = int(v)
        if not -(1 << 63) <= v < (1 << 64):
            raise huge_int_error(v)
        if dt.kind in "iu":
            info = np.iinfo(dt)
            lo, hi = int(info.min), int(info.max)
        else:
            hi = float(np.finfo(dt).max)
            lo = -hi
        if dt.kind == "u" and v < (1 << 63):  # a signed value wraps into an unsigned type
            bad = (-v if v < 0 else v) > hi  # (``abs`` here is the tensor op)
        else:
            bad = not lo <= v <= hi
    elif isinstance(v, numbers.Complex) and not isinstance(v, numbers.Real):
        v = complex(v)
        bad = (dt.kind != "c" and v.imag != 0) or _float_overflows(v.real, dt) or _float_overflows(v.imag, dt)
    else:
        bad = _float_overflows(float(v), dt)
    if bad:
        raise RuntimeError(f"value cannot be converted to type {_CHECKED_TYPE_NAMES.get(dt.name, dt.name)} "
                           f"without overflow")


_F16 = np.dtype(np.float16)
_F64 = np.dtype(np.float64)


def check_fill_scalar(v, dt, one_element: bool = False):
    """``Tensor.fill_(v)``'s checked conversion of a Python scalar to the tensor dtype ``dt``
    (PyTorch raises "value cannot be converted to type uint8_t without overflow"); a one-element
    half tensor's value is converted through ``double``.  Returns the value to write (a complex
    value's real part for a real tensor)."""
    if dt.kind == "b":
        return v
    lim = _FILL_LIMITS.get(dt)
    if lim is not None and (v.__class__ is float or v.__class__ is int) and (lim[0] <= v <= lim[1] or v in lim[2]):
        return v  # (the common case: a number in range)
    _check_fill_value(v, _F64 if one_element and dt == _F16 else dt)
    if isinstance(v, complex) and dt.kind != "c":
        return v.real
    return v


def _check_clamp_scalar_bounds(d, min, max) -> None:
    """PyTorch's checked conversion of ``clamp``'s scalar bounds: to an integer tensor's dtype
    (``clamp(uint8, 300)`` raises), to ``double`` for a floating one (a complex bound raises); an
    integer tensor with a complex bound promotes to complex, which ``clamp`` rejects."""
    dt = d.dtype
    lim = None
    for bound in (min, max):
        cls = bound.__class__
        if cls is int:
            if lim is None:
                lim = _FILL_LIMITS.get(dt, _NO_LIMITS)
            if not lim[0] <= bound <= lim[1]:
                _check_fill_value(bound, dt)
        elif cls is complex or (bound is not None and cls is not bool and isinstance(bound, complex)):
            if dt.kind == "f":
                raise RuntimeError("value cannot be converted to type double without overflow")
            raise NotImplementedError("clamp is not supported for complex types")


_NO_LIMITS = (-math.inf, math.inf, ())


def _float_overflows(f: float, dt) -> bool:
    """``c10::overflows<T>(double)``: infinities fit floating types, NaN fits only floating types."""
    if dt.kind in "fc":
        if math.isinf(f) or f != f:
            return False
        hi = float(np.finfo(dt).max)
        return not -hi <= f <= hi
    if f != f:
        return True
    info = np.iinfo(dt)
    return not int(info.min) <= f <= int(info.max)


class MaskedFillBackward0(Node):
    """``masked_fill.Scalar``: one edge (``self``), as PyTorch's."""

    __slots__ = ()

    def backward(self, g):
        (mask,) = self.saved()
        return g.masked_fill(mask, 0)


class MaskedFillBackward1(Node):
    """``masked_fill`` with a 0-d tensor ``value`` (the ``masked_fill.Tensor`` overload): edges ``(self, value)``."""

    __slots__ = ()

    def backward(self, g):
        from .indexing import masked_select
        (mask,) = self.saved()
        e = self._edges
        gx = g.masked_fill(mask, 0) if e[0] is not None else None
        gv = masked_select(g, mask).sum() if e[1] is not None else None  # masked_fill_backward
        return gx, gv


_MASKED_FILL_SIGNATURES = ("Tensor input, Tensor mask, Tensor value", "Tensor input, Tensor mask, Number value")
_UNSET = object()


def masked_fill(input: Tensor, mask: Tensor = _UNSET, value=_UNSET, *extra) -> Tensor:
    """``Tensor.masked_fill(mask, value)``; arguments of other types (or too few or many) raise PyTorch's
    argument-parser error (:func:`_masked_fill_arg_error`)."""
    x = input  # PyTorch's keyword name
    vt = _is_tensor(value)
    vc = value.__class__
    if extra or (vc is not float and vc is not int and not vt and not isinstance(value, PY_NUMBER_TYPES)):
        raise _masked_fill_arg_error(input, mask, value, extra)
    try:
        md = mask._data
        d = x._data
    except AttributeError:  # (a non-tensor mask or input)
        raise _masked_fill_arg_error(input, mask, value, extra) from None
    if md.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {cpp_type_name(md.dtype)}")
    v = value._data if vt else value
    if vt and v.ndim != 0:
        raise RuntimeError(
            f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with {v.ndim} dimension(s)."
        )
    dt = d.dtype
    if dt.kind != "b":  # c10's checked conversion of the fill value (none for bool tensors)
        sv = v.item() if v.__class__ is np.ndarray else v
        lim = _FILL_LIMITS.get(dt)
        if lim is None or (sv.__class__ is not float and sv.__class__ is not int) or \
                not (lim[0] <= sv <= lim[1] or sv in lim[2]):
            _check_fill_value(sv, dt)
            if dt.kind != "c" and isinstance(sv, numbers.Complex) and not isinstance(sv, numbers.Real):
                v = sv.real  # (a complex value with no imaginary part, as c10's checked conversion allows)
    try:
        if v.__class__ is int and dt.kind in "iu":
            v = int_scalar(dt, v)
        data = np.where(md, np.asarray(v, dtype=dt), d)
        if data.__class__ is np.ndarray and not data.flags.c_contiguous:
            data = np.ascontiguousarray(data)  # ATen fills ``self.clone(contiguous_format)``
    except ValueError:  # out of place, ATen broadcasts the mask against self
        raise broadcast_error(np.shape(md), np.shape(d)) from None
    if dt.__class__ in _BARE_UINT_DTYPES:  # (after the broadcast, as ATen's kernel dispatch)
        no_bare_uint_kernel(dt, "masked_fill")
    if data.ndim == 0:  # (out of place the result takes the broadcast shape; masked_fill_ checks it)
        data = data[()]
    node = None
    if needs_grad(x, value):
        node = MaskedFillBackward1((x, value)) if vt else MaskedFillBackward0((x,))
        node.save(mask)
    return finish(data, node)


def masked_fill_self_first(input: Tensor, mask: Tensor = _UNSET, value=_UNSET, *extra) -> Tensor:
    """``masked_fill`` for ``Tensor.masked_fill_``: in place, ATen names ``self`` as tensor a in its
    broadcast error (out of place the mask comes first)."""
    try:
        return masked_fill(input, mask, value, *extra)
    except RuntimeError as e:
        if not str(e).startswith("The size of tensor a"):
            raise
        raise broadcast_error(np.shape(input._data), np.shape(mask._data)) from None


masked_fill_self_first.__name__ = "masked_fill"


def _masked_fill_arg_error(input, mask, value, extra=()) -> TypeError:
    """PyTorch's "invalid combination of arguments" for ``masked_fill`` (``masked_fill_`` in place) given a
    non-tensor ``input`` or ``mask``, a ``value`` neither Tensor nor Number, or too few or many arguments."""
    from ._argerrors import parser_error
    f = sys._getframe(1)
    while f is not None and f.f_code is not masked_fill_self_first.__code__ and f.f_code.co_name != "<module>":
        f = f.f_back
    name = "masked_fill_" if f is not None and f.f_code is masked_fill_self_first.__code__ else "masked_fill"
    values = {k: v for k, v in (("mask", mask), ("value", value)) if v is not _UNSET}
    values.update((f"extra{i}", v) for i, v in enumerate(extra))  # (positional only: no keyword names them)
    return parser_error(name, _MASKED_FILL_SIGNATURES, input, tuple(values), values, None, None,
                        default_site=(True, len(values), ()))


class LerpBackward0(Node):
    __slots__ = ("weight",)

    def backward(self, g):
        w = self.weight
        return g * (1 - w), g * w


class LerpBackward1(Node):
    __slots__ = ()

    def backward(self, g):
        a, b, w = self.saved()
        e = self._edges
        return (g * scalar_minus(1, w) if e[0] is not None else None, g * w if e[1] is not None else None,
                g * (b - a) if e[2] is not None else None)


_LERP_SIGNATURES = ("Tensor input, Tensor end, Tensor weight, *, Tensor out = None",
                    "Tensor input, Tensor end, Number weight, *, Tensor out = None")
_LERP_METHOD_SIGNATURES = ("Tensor end, Tensor weight", "Tensor end, Number weight")
_NUMBER_CLASSES = (float, int, bool, complex)


def _arg_desc(v) -> str:
    """How PyTorch's argument parser describes ``v`` in a "didn't match" line."""
    from ._argerrors import type_name
    if isinstance(v, (tuple, list)):
        inner = ", ".join(_arg_desc(e) for e in v)
        return f"tuple of ({inner})" if isinstance(v, tuple) else f"list of [{inner}]"
    return type_name(v)


def _lerp_arg_error(a, b, weight, method) -> TypeError:
    """PyTorch's argument-parser error for ``lerp`` called with a non-tensor ``input`` / ``end`` or a
    ``weight`` that is neither tensor nor number (``method``: ``"lerp"`` / ``"lerp_"`` for the
    ``Tensor`` methods, whose message also says which arguments did not match)."""
    from ._argerrors import type_name
    if method is None:
        got = ", ".join(type_name(v) for v in (a, b, weight))
        lines = "".join(f" * ({s})\n" for s in _LERP_SIGNATURES)
        return TypeError(f"lerp() received an invalid combination of arguments - got ({got}), but expected one "
                         f"of:\n{lines}")
    got = ", ".join(type_name(v) for v in (b, weight))
    lines = ""
    for sig in _LERP_METHOD_SIGNATURES:
        # (PyTorch marks a Number argument as not matching too, once the call has failed)
        marks = [_arg_desc(v) if (_is_tensor(v) and kind.startswith("Tensor")) else f"!{_arg_desc(v)}!"
                 for v, kind in zip((b, weight), sig.split(", "))]
        lines += f" * ({sig})\n      didn't match because some of the arguments have invalid types: ({', '.join(marks)})\n"
    return TypeError(f"{method}() received an invalid combination of arguments - got ({got}), but expected one "
                     f"of:\n{lines}")


def _lerp_checks(a, b, weight, method=None) -> None:
    """PyTorch's lerp: tensors ``input`` and ``end`` and a tensor or number ``weight`` (the argument
    parser); ``end`` (and a dimensioned ``weight``) must have ``input``'s dtype; floating only."""
    try:
        dt = a._data.dtype
    except AttributeError:
        dt = None
    bt = _is_tensor(b)
    wt = _is_tensor(weight)
    if dt is None or not bt or not (wt or weight.__class__ in _NUMBER_CLASSES or isinstance(weight, numbers.Number)):
        raise _lerp_arg_error(a, b, weight, method)
    if b._data.dtype != dt:
        raise RuntimeError(f"expected dtype {cpp_type_name(dt)} for `end` but got dtype "
                           f"{cpp_type_name(b._data.dtype)}")
    if wt and weight._data.dtype != dt and weight._data.ndim != 0:
        raise RuntimeError(f"expected dtype {cpp_type_name(dt)} for `weight` but got dtype "
                           f"{cpp_type_name(weight._data.dtype)}")
    if wt and weight._data.dtype != dt:
        dt = _lerp_common_dtype(a, b, weight)
    if dt.kind not in "fc":
        kernel = "lerp_kernel_tensor" if _is_tensor(weight) else "lerp_kernel_scalar"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(dt)}\'')


def _lerp_common_dtype(a, b, weight) -> np.dtype:
    """The dtype ``lerp`` computes in when its ``weight`` is a 0-d tensor of another dtype: PyTorch
    2.13's ``lerp_Tensor`` meta function then promotes the three operands to their common dtype
    (``lerp(int, int, tensor(0.5))`` is Float; a 0-d Double weight leaves Float inputs Float)."""
    arrays = (a._data, b._data, weight._data)
    common = D.result_type_of([D.from_numpy_dtype(x.dtype) for x in arrays if x.ndim > 0],
                              [D.from_numpy_dtype(x.dtype) for x in arrays if x.ndim == 0], ())
    return common.np


def _lerp_data(a, b, w):
    """ATen's ``lerp``: ``|w| < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)``, each branch one
    FMA (the compiler fuses them); float16 in float32, rounded once.  Other dtypes: ``a + w * (b - a)``."""
    if not (_host_array(a) and _host_array(b) and _host_array(w)):
        return a + w * (b - a)
    dt = np.result_type(a, b)
    if dt.kind != "f" or np.iscomplexobj(w):
        return a + w * (b - a)
    wd = _F32 if dt == _F16 else dt
    a, b, w = np.asarray(a, wd), np.asarray(b, wd), np.asarray(w, wd)
    diff = b - a
    one = wd.type(1)
    small = np.abs(w) < 0.5
    if small.all():
        r = fma(w, diff, a, wd)
    elif not small.any():
        r = fma(-diff, one - w, b, wd)
    else:
        r = np.where(small, fma(w, diff, a, wd), fma(-diff, one - w, b, wd))
    r = np.asarray(r).astype(dt)
    return r if r.ndim else r[()]


def lerp(input: Tensor, end: Tensor, weight, *, _method=None) -> Tensor:
    a, b = input, end  # PyTorch's keyword names: ``lerp(input, end)``
    _lerp_checks(a, b, weight, _method)
    ad, bd = binary_data(a, b)
    if _is_tensor(weight):
        wd = weight._data
        if wd.dtype != ad.dtype:  # a 0-d weight of another dtype: all three promoted
            common = _lerp_common_dtype(a, b, weight)
            ad, bd, wd = ad.astype(common, copy=False), bd.astype(common, copy=False), wd.astype(common)
        try:
            data = _lerp_data(ad, bd, wd)
        except ValueError:
            raise _lerp_broadcast_error(ad, bd, wd) from None
        node = None
        if needs_grad(a, b, weight):
            node = LerpBackward1((a, b, weight))
            node.save(a, b, weight)
        return finish(data.astype(ad.dtype, copy=False) if hasattr(data, "astype") else data, node)
    try:
        data = _lerp_data(ad, bd, weight)
    except ValueError:
        raise _lerp_broadcast_error(ad, bd) from None
    node = None
    if needs_grad(a, b):
        node = LerpBackward0((a, b))
        node.weight = weight
    return finish(data, node)


def _lerp_broadcast_error(*arrays):
    """PyTorch's TensorIterator error for ``lerp`` operands that do not broadcast (shapes folded in order)."""
    shape = np.shape(arrays[0])
    for d in arrays[1:]:
        try:
            shape = np.broadcast_shapes(shape, np.shape(d))
        except ValueError:
            return broadcast_error(shape, np.shape(d))
    raise  # (not a broadcasting failure: the original error)


lerp_method = method_twin(lerp, _method="lerp")
lerp_inplace_op = method_twin(lerp, _method="lerp_")


class AddcmulBackward0(Node):
    __slots__ = ("value",)

    def backward(self, g):
        t1, t2 = self.saved()
        v = self.value
        e = self._edges
        # derivatives.yaml: grad * (tensor2 * value), grad * (tensor1 * value)
        return (g, g * mul_scalar(t2, v) if e[1] is not None else None,
                g * mul_scalar(t1, v) if e[2] is not None else None)


def _addc_data(name, x, t1, t2, value, fn):
    """``x + value * fn(t1, t2)`` computed in PyTorch's result dtype of the three tensors.

    The Python-scalar ``value`` does not take part in promotion; for an
    integral result it is cast to an integer first, as PyTorch does
    (``addcmul(int, int, int, value=0.5)`` adds nothing).
    """
    ts = (x, t1, t2)
    if name == "addcdiv" and t1._data.dtype.kind in "biu" and t2._data.dtype.kind in "biu":
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a "
            "true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value "
            "* torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / "
            "tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value "
            "* tensor1 / tensor2), for all dtypes.")
    dt = D.result_type_of([D.from_numpy_dtype(t._data.dtype) for t in ts if t._data.ndim > 0],
                          [D.from_numpy_dtype(t._data.dtype) for t in ts if t._data.ndim == 0], ()).np
    if dt.kind == "b":
        raise NotImplementedError(f"\"{name}_cpu_out\" not implemented for 'Bool'")
    if dt.kind in "iu":
        no_bare_uint_kernel(dt, f"{name}_cpu_out")
        _check_fill_value(value, dt)  # (c10's checked ``value.to<scalar_t>()``)
        if isinstance(value, complex):
            value = value.real
        value = int_scalar(dt, int(value))  # (C-style wrap: ``value=-1`` on uint8 multiplies by 255)
    elif isinstance(value, (float, complex)):
        _check_fill_value(value, _F32 if dt == _F16 else dt)  # (Half's kernel takes ``value.to<float>()``)
    xd, ad, bd = (t._data.astype(dt, copy=False) for t in ts)
    try:
        pshape = np.broadcast_shapes(np.shape(ad), np.shape(bd))
    except ValueError:
        raise broadcast_error(np.shape(ad), np.shape(bd)) from None
    try:
        np.broadcast_shapes(np.shape(xd), pshape)
    except ValueError:
        raise broadcast_error(np.shape(xd), pshape) from None
    if dt.kind == "f" and _host_array(xd) and _host_array(ad) and _host_array(bd):
        data = _addc_float(name, xd, ad, bd, value, dt)
    else:
        data = xd + value * fn(ad, bd)
    return data.astype(dt, copy=False)


def _addc_float(name, x, t1, t2, value, dt):
    """ATen's float ``addcmul``/``addcdiv`` kernels: ``x + v * t1 * t2`` as ``fma(v * t1, t2, x)`` (the
    compiler fuses it) and ``x + (v * t1) / t2``; float16 in float32, rounded once."""
    wd = _F32 if dt == _F16 else dt
    v = wd.type(value)
    if dt == _F16:
        x, t1, t2 = (np.asarray(t, _F32) for t in (x, t1, t2))
    if name == "addcmul":
        r = fma(v * t1, t2, x, wd)
    else:
        r = x + (v * t1) / t2
    r = np.asarray(r).astype(dt)
    return r if r.ndim else r[()]


def addcmul(input: Tensor, t1: Tensor, t2: Tensor, *, value=1) -> Tensor:
    x = input  # PyTorch's keyword name
    data = _addc_data("addcmul", x, t1, t2, value, np.multiply)
    node = None
    if needs_grad(x, t1, t2):
        node = AddcmulBackward0((x, t1, t2))
        node.save(t1 if t2._rg else None, t2 if t1._rg else None)  # (each for the other's gradient, as PyTorch)
        node.value = value
    return finish(data, node)


class AddcdivBackward0(Node):
    __slots__ = ("value",)

    def backward(self, g):
        t1, t2 = self.saved()
        v = self.value
        e = self._edges
        # derivatives.yaml: grad * (value / tensor2) (a true division), -grad * (value * tensor1 / (tensor2 * tensor2))
        return (g, g * div(as_tensor_arg(v, t2), t2) if e[1] is not None else None,
                -g * (mul_scalar(t1, v) / (t2 * t2)) if e[2] is not None else None)


def addcdiv(input: Tensor, t1: Tensor, t2: Tensor, *, value=1) -> Tensor:
    x = input  # PyTorch's keyword name
    data = _addc_data("addcdiv", x, t1, t2, value, np.true_divide)
    node = None
    if needs_grad(x, t1, t2):
        node = AddcdivBackward0((x, t1, t2))
        node.save(t1 if t2._rg else None, t2)  # (PyTorch keeps tensor2 always, tensor1 for tensor2's gradient)
        node.value = value
    return finish(data, node)


class NanToNumBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()
        return g * x.isfinite()  # PyTorch's grad * isfinite(self): -0.0 where a negative grad meets inf/NaN


def nan_to_num(input: Tensor, nan: float = 0.0, posinf=None, neginf=None) -> Tensor:
    x = input  # PyTorch's keyword name
    data = np.nan_to_num(x._data, nan=nan, posinf=posinf, neginf=neginf)
    node = None
    if needs_grad(x):
        node = NanToNumBackward0((x,))
        node.save(x)
    return finish(data, node)


# ------------------------------------------------- comparisons and logic
def _compare(a, b, fn, ordered=False):
    if b is None or not (_is_tensor(b) or _is_scalar_like(b)):
        return _compare_other()
    ad, bd = binary_data(a, b)
    if bd.__class__ is int and not -1 < bd < 128:
        bd = int_scalar(ad.dtype, bd)  # ``uint8_tensor < -3`` compares with 253, as in PyTorch
    if ordered and ad.dtype.__class__ in _COMPLEX_OR_BARE_UINT:  # (NumPy orders complex numbers; uint16: no kernel)
        raise NotImplementedError(f'"{_ORDERING[fn]}" not implemented for \'{_type_word(ad.dtype)}\'')
    try:
        return _make(fn(ad, bd))
    except ValueError:
        raise broadcast_error(np.shape(ad), np.shape(bd)) from None


_ORDERING = {np.less: "lt_cpu", np.less_equal: "le_cpu", np.greater: "gt_cpu", np.greater_equal: "ge_cpu"}


def _compare_other():
    """``other`` is neither a tensor nor a number (a list, a string...): the ``<`` operator gives Python's
    ``NotImplemented`` (so ``t == [1, 2]`` is False and ``t < (1, 2)`` a TypeError, as in PyTorch), and
    ``torch.lt``/``t.lt`` PyTorch's argument error."""
    import sys
    if sys._getframe(2).f_code.co_name.startswith("__"):  # the operator (``__lt__``, ``__eq__``...)
        return NotImplemented
    from ._argerrors import arg_type_error
    err = arg_type_error()
    if err is None:
        return NotImplemented
    raise err


def eq(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``eq(input, other)``
    return write_out(out, _compare(a, b, np.equal))


def ne(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``ne(input, other)``
    return write_out(out, _compare(a, b, np.not_equal))


def lt(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``lt(input, other)``
    return write_out(out, _compare(a, b, np.less, True))


def le(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``le(input, other)``
    return write_out(out, _compare(a, b, np.less_equal, True))


def gt(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``gt(input, other)``
    return write_out(out, _compare(a, b, np.greater, True))


def ge(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``ge(input, other)``
    return write_out(out, _compare(a, b, np.greater_equal, True))


__lt__, __le__, __gt__, __ge__ = _alias(lt, "__lt__"), _alias(le, "__le__"), _alias(gt, "__gt__"), _alias(ge, "__ge__")
greater, greater_equal, less, less_equal, not_equal = (_alias(gt, "greater"), _alias(ge, "greater_equal"),
                                                        _alias(lt, "less"), _alias(le, "less_equal"),
                                                        _alias(ne, "not_equal"))


def __eq__(self, other):
    if other is None:
        return False
    if isinstance(other, np.ndarray):  # the one operator PyTorch runs on an ndarray (as a tensor)
        other = as_tensor_arg(other)
    r = _compare(self, other, np.equal)
    return r


def __ne__(self, other):
    if other is None:
        return True
    return _compare(self, other, np.not_equal)


def equal(input: Tensor, other: Tensor) -> bool:
    """``torch.equal``: same shape and same values."""
    a, b = input, other  # PyTorch's keyword names: ``equal(input, other)``
    try:
        return a._data.shape == b._data.shape and bool(np.array_equal(a._data, b._data))
    except AttributeError as e:  # ``torch.equal(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)



def _logical(a, b, fn):
    require_tensor(fn.__name__, b)
    if _is_tensor(a):
        ad = a._data
    else:  # ``torch.logical_and(2, t)``: PyTorch's argument-parser error
        from ._argerrors import arg_type_error
        err = arg_type_error()
        if err is not None:
            raise err
        ad = np.asarray(a)
    bd = b._data
    if ad.dtype.__class__ in _BARE_UINT_DTYPES or bd.dtype.__class__ in _BARE_UINT_DTYPES:
        _bare_uint_logical(a, b, fn.__name__)
    return _make(broadcast_checked(fn, ad, bd))


def _bare_uint_logical(a, b, name: str) -> None:
    """``logical_and/or/xor`` with a uint16/32/64 operand: PyTorch promotes the operands first (an error
    with another integer or bool dtype), then its ``<name>_cpu`` kernel has no uint16/32/64 loop (a float
    operand promotes to float: allowed)."""
    dt = binary_data(a, b)[0].dtype  # (raises the promotion error)
    no_bare_uint_kernel(dt, f"{name}_cpu")


def logical_and(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``logical_and(input, other)``
    return write_out(out, _logical(a, b, np.logical_and))


def logical_or(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``logical_or(input, other)``
    return write_out(out, _logical(a, b, np.logical_or))


def logical_xor(input, other, *, out=None):
    a, b = input, other  # PyTorch's keyword names: ``logical_xor(input, other)``
    return write_out(out, _logical(a, b, np.logical_xor))


def logical_not(a, *, out=None):
    try:
        ad = a._data
    except AttributeError as e:  # ``torch.logical_not(2)``
        raise_input_type_error(a, "logical_not", e)
    if out is not None or ad.dtype.__class__ in _BARE_UINT_DTYPES:
        _check_logical_not_kernel(ad.dtype, out)
    return write_out(out, _make(np.logical_not(ad)))


def _check_logical_not_kernel(dt, out) -> None:
    """ATen's ``logical_not`` kernel dispatches on the input's dtype, then on ``out``'s: neither may be
    uint16/32/64 (``"logical_not_cpu" not implemented for 'UInt16'``)."""
    no_bare_uint_kernel(dt, "logical_not_cpu")
    if out.__class__ is Tensor:
        no_bare_uint_kernel(out._data.dtype, "logical_not_cpu")


_BITWISE_SCALARS = (bool, int, float, complex, np.number, np.bool_)  # (a complex one fails in the kernel)


def _bitwise(a, b, fn, name):
    if not (_is_tensor(b) or isinstance(b, _BITWISE_SCALARS)):
        _no_tensor_operand()  # (``t & obj`` returns NotImplemented in the operators below instead)
        return NotImplemented
    try:
        ad, bd = binary_data(a, b)
    except TypeError:
        if _is_tensor(a) or not isinstance(a, _BITWISE_SCALARS) or not _is_tensor(b):
            raise
        a = as_tensor_arg(a, b)  # ``torch.bitwise_and(2, t)`` (the Scalar_Tensor overload)
        ad, bd = binary_data(a, b)
    if bd.__class__ is int and not -1 < bd < 128:
        bd = int_scalar(ad.dtype, bd)
    if np.ndim(bd):
        try:
            np.broadcast_shapes(np.shape(ad), np.shape(bd))
        except ValueError:
            raise broadcast_error(np.shape(ad), np.shape(bd)) from None
    rd = np.result_type(ad, bd)
    if rd.kind in "fc":  # (a float scalar makes the computation dtype floating, as in PyTorch)
        raise NotImplementedError(f'"{name}_cpu" not implemented for \'{_type_word(np.empty(0, rd))}\'')
    return _make(fn(ad, bd))


def bitwise_and(input, other):
    a, b = input, other  # PyTorch's keyword names: ``bitwise_and(input, other)``
    return _bitwise(a, b, np.bitwise_and, "bitwise_and")


def bitwise_or(input, other):
    a, b = input, other  # PyTorch's keyword names: ``bitwise_or(input, other)``
    return _bitwise(a, b, np.bitwise_or, "bitwise_or")


def bitwise_xor(input, other):
    a, b = input, other  # PyTorch's keyword names: ``bitwise_xor(input, other)``
    return _bitwise(a, b, np.bitwise_xor, "bitwise_xor")


def _bitwise_operator(fn):
    """``Tensor.__and__`` (and ``|``, ``^``, reflected too): ``NotImplemented`` for an operand that is
    neither a tensor nor a number, so Python raises its ``unsupported operand type(s)`` error."""
    def operator(self, other):
        if not (_is_tensor(other) or isinstance(other, _BITWISE_SCALARS)):
            return NotImplemented
        return fn(self, other)
    operator.__name__ = operator.__qualname__ = fn.__name__
    return operator


__and__ = _bitwise_operator(bitwise_and)
__or__ = _bitwise_operator(bitwise_or)
__xor__ = _bitwise_operator(bitwise_xor)


def _shift(a, b, left: bool):
    """``a << b`` / ``a >> b`` with PyTorch's rules: integer types only; a shift by a negative
    amount or by the bit width or more gives 0 (``>>``: the sign, -1 or 0)."""
    ad, bd = binary_data(a, b)
    if np.ndim(bd):
        try:
            np.broadcast_shapes(np.shape(ad), np.shape(bd))
        except ValueError:
            raise broadcast_error(np.shape(ad), np.shape(bd)) from None
    rd = np.result_type(ad, bd)
    if rd.kind not in "iu" or rd.__class__ in _BARE_UINT_DTYPES:
        kernel = "lshift_cpu" if left else "rshift_cpu"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(np.empty(0, rd))}\'')
    x = np.asarray(ad).astype(rd, copy=False)
    n = np.asarray(bd).astype(rd, copy=False)
    out_of_range = (n < 0) | (n >= rd.itemsize * 8)
    safe = np.where(out_of_range, 0, n).astype(rd, copy=False)
    if left:
        r = np.where(out_of_range, np.zeros((), rd), np.left_shift(x, safe))
    else:
        r = np.where(out_of_range, np.where(x < 0, -np.ones((), rd), np.zeros((), rd)), np.right_shift(x, safe))
    r = r.astype(rd, copy=False)
    return _make(r if r.ndim else r[()])


def _shift_operand_ok(b) -> bool:
    return _is_tensor(b) or isinstance(b, _BITWISE_SCALARS)


def bitwise_left_shift(input, other, *, out=None):
    """``torch.bitwise_left_shift`` / ``<<``."""
    if not _is_tensor(input):
        if not _is_tensor(other):
            _no_tensor_operand()
        input = as_tensor_arg(input, other)
    try:
        r = _shift(input, other, True)
    except NotImplementedError:
        _out_cast_first(out, (input, other))
        raise
    return write_out(out, r)


def bitwise_right_shift(input, other, *, out=None):
    """``torch.bitwise_right_shift`` / ``>>`` (arithmetic for signed types)."""
    if not _is_tensor(input):
        if not _is_tensor(other):
            _no_tensor_operand()
        input = as_tensor_arg(input, other)
    try:
        r = _shift(input, other, False)
    except NotImplementedError:
        _out_cast_first(out, (input, other))
        raise
    return write_out(out, r)


def __lshift__(self, other):
    return _shift(self, other, True) if _shift_operand_ok(other) else NotImplemented


def __rlshift__(self, other):
    return _shift(as_tensor_arg(other, self), self, True) if _shift_operand_ok(other) else NotImplemented


def __rshift__(self, other):
    return _shift(self, other, False) if _shift_operand_ok(other) else NotImplemented


def __rrshift__(self, other):
    return _shift(as_tensor_arg(other, self), self, False) if _shift_operand_ok(other) else NotImplemented


def bitwise_not(a, out=_NO_OUT):
    """``torch.bitwise_not`` (the ``~`` operator is ``__invert__``, which words the float error differently)."""
    if out is not _NO_OUT:  # ``x.bitwise_not(out=o)`` (``torch.bitwise_not(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("bitwise_not")
    if a._data.dtype.__class__ in _NO_BITWISE_NOT_DTYPES:  # (floating, complex, uint16/32/64)
        raise NotImplementedError(f'"bitwise_not_cpu" not implemented for \'{_type_word(a._data)}\'')
    return _make(np.invert(a._data))


def __invert__(self):
    if self._data.dtype.kind in "fc":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return bitwise_not(self)


def isnan(input):
    x = input  # PyTorch's keyword name
    try:
        return _make(np.isnan(x._data))
    except AttributeError as e:  # ``torch.isnan(2.0)``
        raise_input_type_error(x, "isnan", e)


def isinf(input):
    x = input  # PyTorch's keyword name
    try:
        return _make(np.isinf(x._data))
    except AttributeError as e:  # ``torch.isinf(2.0)``
        raise_input_type_error(x, "isinf", e)


def isfinite(input):
    x = input  # PyTorch's keyword name
    try:
        return _make(np.isfinite(x._data))
    except AttributeError as e:  # ``torch.isfinite(2.0)``
        raise_input_type_error(x, "isfinite", e)


def _no_complex_isinf_variant(x, name: str) -> None:
    if x._data.dtype.kind == "c":
        raise RuntimeError(f"{name} does not support complex inputs.")


def isposinf(input, out=_NO_OUT):
    if out is not _NO_OUT:  # ``x.isposinf(out=o)`` (``torch.isposinf(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("isposinf")
    x = input  # PyTorch's keyword name
    _no_complex_isinf_variant(x, "isposinf")
    return _make(np.isposinf(x._data))


def isneginf(input, out=_NO_OUT):
    if out is not _NO_OUT:  # ``x.isneginf(out=o)`` (``torch.isneginf(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("isneginf")
    x = input  # PyTorch's keyword name
    _no_complex_isinf_variant(x, "isneginf")
    return _make(np.isneginf(x._data))


def signbit(input, out=_NO_OUT):
    if out is not _NO_OUT:  # ``x.signbit(out=o)`` (``torch.signbit(x, out=o)`` is ``_with_out``'s)
        raise _method_arguments_error("signbit")
    x = input  # PyTorch's keyword name
    try:
        return _make(np.signbit(x._data))
    except TypeError:
        if x._data.dtype.kind == "c":
            raise NotImplementedError("signbit is not implemented for complex tensors.") from None
        raise


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    a, b = input, other  # PyTorch's keyword names: ``isclose(input, other)``
    require_tensor("isclose", b)
    try:
        a._data
    except AttributeError as e:  # ``torch.isclose(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"{_type_word(a._data.dtype)} did not match {_type_word(b._data.dtype)}")
    _check_tolerances(rtol, atol)
    return _make(broadcast_checked(lambda x, y: np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan),
                                   a._data, b._data))


def _check_tolerances(rtol, atol) -> None:
    """PyTorch's ``isclose`` checks: neither tolerance may be negative."""
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    a, b = input, other  # PyTorch's keyword names: ``allclose(input, other)``
    if not (_is_tensor(a) and _is_tensor(b)):
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(TypeError("allclose() expects tensors"))
    if a._data.dtype != b._data.dtype:  # (isclose's check)
        raise RuntimeError(f"{_type_word(a._data.dtype)} did not match {_type_word(b._data.dtype)}")
    _check_tolerances(rtol, atol)
    return bool(np.allclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


# ``Tensor`` methods of ops that take ``out=``: the same code named ``Tensor.<op>`` (no extra call), which
# ``write_out`` reads to refuse ``x.neg(out=o)`` as PyTorch does ("Tensor.neg() takes no keyword arguments")
for _op in (neg, abs, sign, sqrt, logical_not):
    _op.method = method_twin_code(_op)
del _op
absolute = abs
negative = neg
# PyTorch's aliases under their own names (same code), for argument errors that name the alias
multiply = _alias(mul, "multiply")
subtract = _alias(sub, "subtract")
divide = _alias(div, "divide")


# Tensor-method forms whose argument errors PyTorch words with method positions (``x.atan2(2)``).
for _op in (atan2, hypot, logaddexp, logical_and, logical_or, logical_xor, isclose, maximum, minimum, fmax, fmin):
    _op.method = method_form(_op)
del _op


_OUT_PROMOTING = frozenset(("hypot", "logaddexp", "maximum", "minimum", "fmax", "fmin", "atan2", "bitwise_and",
                            "bitwise_or", "bitwise_xor"))


def _with_out(fn, bool_out: bool = False, check_out=None):
    """``torch.<name>(..., out=)`` for an op written without ``out``; ``Tensor.<name>`` keeps ``fn``
    (its ``method`` when it has one), so the method path is unchanged.  ``check_out(out, input)``:
    the op's own check of ``out`` made before it computes (PyTorch's same-dtype rules)."""
    name = fn.__name__

    def op(input, *args, out=None, **kwargs):
        if out is None:
            try:
                return fn(input, *args, **kwargs)
            except AttributeError as e:  # ``torch.round(2.5)``: PyTorch's argument-parser error
                raise_input_type_error(input, name, e)
        if bool_out and isinstance(out, Tensor) and out._data.dtype != np.bool_:
            raise RuntimeError(f"{name} does not support non-boolean outputs.")
        if check_out is not None:
            check_out(out, input)
        try:
            r = fn(input, *args, **kwargs)
        except (RuntimeError, NotImplementedError):
            if name in _OUT_PROMOTING:
                _out_cast_first(out, (input,) + args)
            raise
        return write_out(out, r, name)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = fn.__doc__
    op.method = getattr(fn, "method", fn)
    return op


acosh = _with_out(acosh)
asinh = _with_out(asinh)
atanh = _with_out(atanh)
ceil = _with_out(ceil, check_out=check_out_same_dtype)
floor = _with_out(floor, check_out=check_out_same_dtype)
round = _with_out(round, check_out=check_out_same_dtype)
trunc = _with_out(trunc, check_out=check_out_same_dtype)
fix = trunc
frac = _with_out(frac, check_out=check_out_same_dtype)
deg2rad = _with_out(deg2rad)
rad2deg = _with_out(rad2deg)
sgn = _with_out(sgn, check_out=check_out_same_dtype)
square = _with_out(square)
nan_to_num = _with_out(nan_to_num, check_out=_check_nan_to_num_out)
isposinf = _with_out(isposinf, True)
isneginf = _with_out(isneginf, True)
signbit = _with_out(signbit, True)
bitwise_not = _with_out(bitwise_not, check_out=check_out_same_dtype)
bitwise_and = _with_out(bitwise_and)
bitwise_or = _with_out(bitwise_or)
bitwise_xor = _with_out(bitwise_xor)
hypot = _with_out(hypot)
logaddexp = _with_out(logaddexp)
lerp = _with_out(lerp)


def _lerp_parser_error(input, args, kwargs, out):
    """PyTorch's "invalid combination of arguments" error for ``torch.lerp`` called with too few or
    too many arguments or a non-tensor ``out``."""
    from ._argerrors import caller_keywords, format_overload_error
    values = dict(kwargs)
    if out is not None:
        values["out"] = out
    names = caller_keywords()
    if names is None or not set(values) <= set(names):
        names = list(values)
    if "input" in names:
        values["input"] = input
    given_kw = [(k, values[k]) for k in reversed(names) if k in values]  # (the parser's reverse call order)
    given = ((input,) if "input" not in names and input is not None else ()) + tuple(args)
    raise TypeError(format_overload_error("lerp", _LERP_SIGNATURES, given, given_kw))


def _lerp_out_dtype_checked(op):
    """``torch.lerp(..., out=)``: with a dimensioned ``weight`` PyTorch's ``lerp_Tensor`` iterator
    neither promotes nor casts, so ``out`` must have the input's dtype (``Found dtype Double but
    expected Float``), checked after the op's own dtype checks; scalar and 0-d weights cast."""
    def lerp(input=None, *args, out=None, **kwargs):
        if len(args) + len(kwargs) != 2 or not (out is None or isinstance(out, Tensor)):
            _lerp_parser_error(input, args, kwargs, out)
        weight = args[1] if len(args) == 2 else kwargs.get("weight")
        end = args[0] if args else kwargs.get("end")
        if isinstance(out, Tensor) and _is_tensor(weight) and _is_tensor(input) and _is_tensor(end) \
                and weight._data.ndim != 0 and not needs_grad(input, end, weight):  # (autograd's error first)
            _lerp_checks(input, end, weight)
            check_out_same_dtype(out, input)
        try:
            return op(input, *args, out=out, **kwargs)
        except TypeError as e:
            if kwargs and "received an invalid combination" in str(e):  # (keywords: listed as keywords)
                _lerp_parser_error(input, args, kwargs, out)
            raise

    lerp.__doc__, lerp.method = op.__doc__, op.method
    return lerp


lerp = _lerp_out_dtype_checked(lerp)
addcdiv = _with_out(addcdiv)
addcmul = _with_out(addcmul)
clamp_min = _with_out(clamp_min)
clamp_max = _with_out(clamp_max)
