"""Helpers shared by the op modules: operand promotion, recording, ``out=``.

Every op follows the same short path:

1. get the operands' arrays, promoted with PyTorch's rules (``binary_data``);
2. compute the result array with NumPy/CuPy;
3. if grad mode is on and an input requires grad, build the op's node
   (``Node(inputs)``), save what backward needs, and wrap the result with
   ``_make(result, node)``.
"""
from __future__ import annotations

import numbers
import sys as _sys

import numpy as np

from .. import _dtype as D
from .._tensor import SAVED_OUTPUT_EXT, Tensor, _make, _from_data
from ..autograd.grad_mode import STATE as GRAD
from ..autograd.graph import Node
from ..autograd import anomaly_mode as _anomaly

_ndarray = np.ndarray
_generic = np.generic
# ``x.dtype.__class__ in COMPLEX_DTYPES``: the cheapest complex test (``x.dtype.kind`` builds a string)
COMPLEX_DTYPES = frozenset((type(np.dtype(np.complex64)), type(np.dtype(np.complex128))))
BOOL_OR_COMPLEX_DTYPES = COMPLEX_DTYPES | {type(np.dtype(np.bool_))}
_float_kinds = "fc"

__all__ = ["Tensor", "Node", "GRAD", "_make", "binary_data", "as_tensor_arg", "write_out", "needs_grad",
           "to_float_data", "broadcast_error", "finish", "default_float_np"]


def default_float_np():
    return D._default.value.np


def to_float_data(d):
    """Integer/bool data as the default float dtype (``exp(int)`` -> float32)."""
    if d.dtype.kind in "biu":
        return d.astype(D._default.value.np)
    return d


def _promote_pair(a: Tensor, b: Tensor):
    ad, bd = a._data, b._data
    dt = D.result_type_of(
        [D.from_numpy_dtype(x.dtype) for x in (ad, bd) if x.ndim > 0],
        [D.from_numpy_dtype(x.dtype) for x in (ad, bd) if x.ndim == 0],
        (),
    ).np
    if ad.dtype != dt:
        ad = ad.astype(dt)
    if bd.dtype != dt:
        bd = bd.astype(dt)
    return ad, bd


def _complex_with_scalar(dt: np.dtype) -> np.dtype:
    """The dtype of a real tensor of dtype ``dt`` combined with a Python complex: a floating tensor's
    own complex dtype (float32 stays ComplexFloat under a float64 default), else the default complex
    dtype.  (Half's ComplexHalf has no NumPy dtype: ComplexFloat stands for it.)"""
    if dt == np.float64:
        return np.dtype(np.complex128)
    if dt.kind == "f":
        return np.dtype(np.complex64)
    return D._default_complex().np


def _refuse_array_argument() -> None:
    """A NumPy array given to a public op (``torch.add(t, a)``, ``t.pow(a)``, ``t.add_(a)``): PyTorch's
    argument parser takes tensors and numbers, not arrays (``add(): argument 'other' (position 2) must
    be Tensor, not numpy.ndarray``).  Tensor operators never get here: they defer to NumPy first."""
    from ._argerrors import arg_type_error
    err = arg_type_error()
    if err is not None:
        raise err


def binary_data(a: Tensor, b):
    """Arrays for ``a op b`` after PyTorch promotion; ``b`` may be a Python scalar."""
    try:
        ad = a._data
    except AttributeError as e:  # ``torch.fmod(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if b.__class__ is Tensor or isinstance(b, Tensor):
        bd = b._data
        if ad.dtype != bd.dtype:
            return _promote_pair(a, b)
        return ad, bd
    if b.__class__ is float:
        if ad.dtype.kind in "biu":
            ad = ad.astype(D._default.value.np)
        return ad, b
    if b.__class__ is int:
        if not -(1 << 63) <= b < (1 << 64):
            raise huge_int_error(b)
        return ad, b
    if isinstance(b, bool):
        return ad, b
    if isinstance(b, complex):  # PyTorch: a Python complex makes real tensors complex (float64 -> complex128)
        if ad.dtype.kind != "c":
            ad = ad.astype(_complex_with_scalar(ad.dtype))
        return ad, b
    if isinstance(b, numbers.Number) and not isinstance(b, (np.ndarray, np.generic)):
        return binary_data(a, float(b) if isinstance(b, numbers.Real) and not isinstance(b, numbers.Integral) else (int(b) if isinstance(b, numbers.Integral) else b))
    if isinstance(b, (np.ndarray, np.generic)):
        if isinstance(b, np.generic) and b.ndim == 0:
            return binary_data(a, numpy_scalar_value(b))
        _refuse_array_argument()
        return binary_data(a, _from_data(b))
    from ._argerrors import arg_type_error
    raise arg_type_error() or TypeError(f"unsupported operand type: '{type(b).__name__}'")


_INT_RANGE = {np.dtype(t): (int(np.iinfo(t).min), int(np.iinfo(t).max))
              for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)}


def huge_int_error(value: int) -> OverflowError:
    """PyTorch's error for a Python int operand outside ``[-2**63, 2**64)`` (it converts through int64/uint64)."""
    return OverflowError("int too big to convert" if value > 0 else "can't convert negative int to unsigned")


def int_scalar(dt, value):
    """A Python int operand for an integer array of dtype ``dt``, cast the way PyTorch casts it.

    PyTorch converts a Python int to the tensor's integer dtype with C
    (two's-complement) wraparound, so ``uint8_tensor + 300`` adds 44,
    ``uint8_tensor < -3`` compares against 253 and ``int32_tensor + 2**40``
    adds 0.  NumPy instead raises ``OverflowError``, so values outside
    ``dt``'s range become a wrapped 0-d array of ``dt``; values inside are
    returned unchanged (the common case costs one dict lookup).
    """
    if not -(1 << 63) <= value < (1 << 64):
        raise huge_int_error(value)
    r = _INT_RANGE.get(dt)
    if r is None or r[0] <= value <= r[1]:
        return value
    return np.array(value % (1 << (8 * dt.itemsize))).astype(dt)


_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
              "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def cpp_type_name(dt) -> str:
    """The C++ type name PyTorch prints for a dtype in some errors (``long int``, ``float``...)."""
    dt = np.dtype(dt)
    return _CPP_NAMES.get(dt.name, dt.name)


def require_tensor(fn: str, value, arg: str = "other", pos: int = 2) -> None:
    """PyTorch's argument-parser ``TypeError`` where an op accepts only a ``Tensor`` (no Python scalar)."""
    if not isinstance(value, Tensor):
        from ._argerrors import arg_type_error
        err = arg_type_error()  # (the public function's first wrong argument, as PyTorch checks them in order)
        raise err or TypeError(f"{fn}(): argument '{arg}' (position {pos}) must be Tensor, not {type(value).__name__}")


_ARG_ERROR = None


def method_arg_error(e: TypeError, fn: str, name: str) -> TypeError:
    """Reword function ``fn``'s argument-parser ``TypeError`` as PyTorch words it for method ``name``.

    ``atan2(): argument 'other' (position 2) ...`` becomes ``atan2(): ... (position 1)``
    for ``x.atan2(2)`` and ``atan2_(): ... (position 1)`` for ``x.atan2_(2)``: the
    method's name, and positions that do not count ``self``.  Other errors are returned as is.
    """
    global _ARG_ERROR
    if _ARG_ERROR is None:
        import re
        _ARG_ERROR = re.compile(r"^(\w+)\(\): argument '(\w+)' \(position (\d+)\)")
    msg = str(e)
    m = _ARG_ERROR.match(msg)
    if m is None or m.group(1) != fn or int(m.group(3)) < 2:
        return e
    return TypeError(f"{name}(): argument '{m.group(2)}' (position {int(m.group(3)) - 1})" + msg[m.end():])


def method_form(op):
    """``op`` bound as a ``Tensor`` method, with its argument errors worded for the method."""
    fn = op.__name__

    def method(self, *args, **kwargs):
        try:
            return op(self, *args, **kwargs)
        except TypeError as e:
            err = method_arg_error(e, fn, fn)
            if err is e:
                raise
            raise err from None

    method.__name__ = method.__qualname__ = fn
    method.__doc__ = op.__doc__
    return method


_METHOD_FORM_CODE = method_form(abs).__code__  # (the code every ``method_form`` wrapper runs)


# PyTorch's argument parser's ``Number``: Python and NumPy scalars (bool included)
PY_NUMBER_TYPES = (int, float, bool, complex, np.number, np.bool_)


def broadcast_checked(fn, ad, bd):
    """``fn(ad, bd)``, with NumPy's broadcast ``ValueError`` turned into PyTorch's ``RuntimeError``."""
    try:
        return fn(ad, bd)
    except ValueError:
        if np.ndim(ad) and np.ndim(bd):
            try:
                np.broadcast_shapes(np.shape(ad), np.shape(bd))
            except ValueError:
                raise broadcast_error(np.shape(ad), np.shape(bd)) from None
        raise


def float_binary_data(a: Tensor, b):
    """Operands for an op that computes integer inputs in floating point (true division, atan2).

    PyTorch casts each integer operand's own values to the float dtype, not
    their integer common type first: ``int64 0-d tensor (-4) / uint8 tensor (5)``
    is ``-0.8``, not ``252 / 5``.  Other operand mixes use ``binary_data``.
    """
    if isinstance(b, Tensor) and a._data.dtype.kind in "biu" and b._data.dtype.kind in "biu":
        f = D._default.value.np
        return a._data.astype(f), b._data.astype(f)
    return binary_data(a, b)


def numpy_scalar_value(x: np.generic):
    """The Python number PyTorch's argument parser reads from a NumPy scalar: ``np.float32``/
    ``np.int8``... as ``float``/``int``, ``np.complex128`` as ``complex``, but ``np.bool_`` and
    ``np.complex64`` through ``__float__`` (so ``int_tensor + np.bool_(True)`` is float32, and
    ``np.complex64`` drops its imaginary part with NumPy's ComplexWarning)."""
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, (np.floating, np.bool_)) or not isinstance(x, complex):
        return float(x)
    return complex(x)


def as_tensor_arg(x, like: Tensor | None = None) -> Tensor:
    """Wrap a scalar/array argument as a tensor (not requiring grad)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.generic) and like is not None:
        x = numpy_scalar_value(x)
    elif isinstance(x, (np.ndarray, np.generic)):
        return _from_data(np.asarray(x))
    if like is not None:
        if isinstance(x, bool):
            dt = np.bool_
        elif isinstance(x, int):
            dt = like._data.dtype if like._data.dtype.kind != "b" else np.int64
            x = int_scalar(dt, x)  # wrapped to the tensor's dtype like PyTorch: ``-1 // uint8_tensor`` is 255 // t
        elif isinstance(x, float):
            dt = like._data.dtype if like._data.dtype.kind in "fc" else default_float_np()
        elif isinstance(x, complex):  # ``torch.add(1j, int_tensor)`` is complex64, as for ``t + 1j``
            ld = like._data.dtype
            dt = ld if ld.kind == "c" else (np.complex128 if ld == np.float64 else D._default_complex().np)
        else:
            dt = None
        return _from_data(np.asarray(x, dtype=dt))
    from .creation import tensor
    return tensor(x)


def needs_grad(*tensors) -> bool:
    """True when grad mode is on and some input requires grad."""
    if not GRAD.enabled:
        return False
    for t in tensors:
        if t.__class__ is Tensor or isinstance(t, Tensor):
            if t._rg:
                return True
    return False


def scalar_out(a):
    """An array result as ember stores it: 0-d results become NumPy scalars."""
    a = np.asarray(a)
    return a[()] if a.ndim == 0 else a


def finish(data, node: Node | None) -> Tensor:
    """Wrap a result; registers the creation trace in anomaly mode."""
    if node is not None and _anomaly._STATE.enabled:
        _anomaly.record_creation(node)
    return _make(data, node)


_KIND_ORDER = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def write_out(out: Tensor | None, result: Tensor, op_name: str | None = None) -> Tensor:
    """Implement ``out=``: copy ``result`` into ``out`` and return ``out`` itself (``op_name``: the
    op PyTorch's autograd error names; found from the caller when not given)."""
    if out is None:
        return result
    check_not_method_call(_sys._getframe(1))
    if not isinstance(out, Tensor):
        raise _out_type_error(out, op_name or _out_op_name(result))
    no_derivative = None
    if GRAD.enabled and (result._rg or (out._rg and out.grad_fn is None)):
        no_derivative = _out_no_derivative_node(out, result, op_name or _out_op_name(result))
    rd = result._data
    od = out._data
    if _KIND_ORDER[rd.dtype.kind] > _KIND_ORDER[od.dtype.kind]:  # PyTorch's canCast(result, out)
        from .inplace import _type_word
        raise RuntimeError(f"result type {_type_word(rd.dtype)} can't be cast to the desired output type "
                           f"{_type_word(od.dtype)}")
    if od.shape == rd.shape and od.__class__ is _ndarray:
        try:
            od[...] = rd
        except ValueError:  # a read-only (expanded) ``out``: ATen's internal-overlap error
            check_no_internal_overlap(out)
            raise
    else:
        if np.size(od) and np.shape(od) != np.shape(rd):
            _warn_resized(np.shape(od), np.shape(rd))
        out._data = np.array(rd, dtype=od.dtype) if od.__class__ is _ndarray or isinstance(od, _generic) else rd.astype(od.dtype)
    out._bump_version()
    if no_derivative is not None:
        out.grad_fn = no_derivative
        out._rg = True
        out._out_nr = 0
    return out


def _out_no_derivative_node(out: Tensor, result: Tensor, name: str):
    """``out=`` given to an op that records a gradient: PyTorch's "functions with out=... arguments don't
    support automatic differentiation" error, except for an op without a derivative formula (a
    ``NotImplemented`` node: ``floor_divide``, ``heaviside``), whose ``out`` takes that node as its
    ``grad_fn`` (returned), unless ``out`` is a leaf that requires grad (the error, naming ``aten::<op>``).
    Error path only.  (``out`` a view: ember keeps the error; PyTorch rebases the view's history.)"""
    node = result.grad_fn
    if node is not None and type(node).__name__ == "NotImplemented" and out._base is None:
        if not out._rg:
            return node
        name = f"aten::{name}"
    raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, but one "
                       "of the arguments requires grad.")


_INTERNAL_OVERLAP_MSG = ("unsupported operation: more than one element of the written-to tensor refers to a single "
                         "memory location. Please clone() the tensor before performing the operation.")
_INPUT_OVERLAP_MSG = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                      "single memory location. Please clone() the tensor before performing the operation.")
_NO_OVERLAP, _PARTIAL_OVERLAP, _FULL_OVERLAP, _TOO_HARD = 0, 1, 2, 3
_byte_bounds = np.lib.array_utils.byte_bounds if hasattr(np.lib, "array_utils") else np.byte_bounds  # (NumPy 1.x)


def _non_overlapping_and_dense(d) -> bool:
    """ATen's ``is_non_overlapping_and_dense``: the elements fill one block of memory, each once (in any
    dimension order).  Negative NumPy strides count as not dense (PyTorch has none)."""
    if d.flags.c_contiguous or d.flags.f_contiguous:
        return True
    expected = d.itemsize
    for stride, n in sorted((st, n) for st, n in zip(d.strides, d.shape) if n != 1):
        if stride != expected:
            return False
        expected *= n
    return True


def _overlap_status(a: Tensor, b: Tensor) -> int:
    """ATen's ``get_overlap_status`` of two tensors: full (same elements, same strides), partial
    (their memory ranges meet), none, or too hard to tell (a non-dense view)."""
    if a is b:
        return _FULL_OVERLAP
    ad, bd = a._data, b._data
    if ad.__class__ is not _ndarray or bd.__class__ is not _ndarray:
        return _NO_OVERLAP
    return overlap_status_arrays(ad, bd)


def overlap_status_arrays(ad, bd) -> int:
    """``_overlap_status`` of two NumPy arrays."""
    if ad is bd:
        return _FULL_OVERLAP if ad.size else _NO_OVERLAP
    if not ad.size or not bd.size:
        return _NO_OVERLAP
    if not (_non_overlapping_and_dense(ad) and _non_overlapping_and_dense(bd)):
        return _TOO_HARD
    a_lo, a_hi = _byte_bounds(ad)
    b_lo, b_hi = _byte_bounds(bd)
    if a_lo == b_lo and a_hi == b_hi:
        same = ad.strides == bd.strides and ad.shape == bd.shape
        return _FULL_OVERLAP if same else _PARTIAL_OVERLAP
    if a_lo < b_hi and b_lo < a_hi:
        return _PARTIAL_OVERLAP
    return _NO_OVERLAP


def check_no_internal_overlap(out: Tensor) -> None:
    """ATen's ``assert_no_internal_overlap``: a written tensor with a repeated element (an expanded,
    stride-0 view) is refused."""
    d = out._data
    if d.__class__ is _ndarray and d.size and any(st == 0 and n > 1 for st, n in zip(d.strides, d.shape)):
        raise RuntimeError(_INTERNAL_OVERLAP_MSG)


def check_out_overlap(out, inputs=(), partial_inputs=()) -> None:
    """The memory checks of an ATen ``out=`` kernel, run only on the ``out=`` path: ``out`` must not be
    expanded (``assert_no_internal_overlap``), must not share memory with any of ``inputs``
    (``assert_no_overlap``: full or partial) and must not partly share memory with any of
    ``partial_inputs`` (``assert_no_partial_overlap``; the same tensor is allowed)."""
    if not isinstance(out, Tensor):
        return
    check_no_internal_overlap(out)
    for t in inputs:
        if isinstance(t, Tensor) and _overlap_status(out, t) in (_PARTIAL_OVERLAP, _FULL_OVERLAP):
            raise RuntimeError(_INPUT_OVERLAP_MSG)
    for t in partial_inputs:
        if isinstance(t, Tensor) and _overlap_status(out, t) == _PARTIAL_OVERLAP:
            raise RuntimeError(_INPUT_OVERLAP_MSG)


def _warn_resized(old_shape, new_shape) -> None:
    """ATen's ``resize_output`` warning for a non-empty ``out=`` tensor of another shape."""
    import warnings
    from .._hints import _user_stacklevel
    warnings.warn(
        f"An output with one or more elements was resized since it had shape {list(old_shape)}, which does not "
        f"match the required output shape {list(new_shape)}. This behavior is deprecated, and in a future PyTorch "
        "release outputs will not be resized unless they have zero elements. You can explicitly reuse an out "
        "tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at "
        "/__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)", UserWarning, stacklevel=_user_stacklevel())


def check_not_method_call(frame) -> None:
    """``x.add(1, out=o)``: PyTorch's ``Tensor`` methods take no ``out``.  Called with ``out`` given,
    from the op's ``frame`` (``write_out``'s caller).  That op or one of its two callers (``true_divide``
    calls ``div``; ``fmax`` a shared helper) is a method when it is a method twin (qualified name
    ``Tensor.<op>``) or is called from :func:`method_form`'s wrapper."""
    for _ in range(3):
        back = frame.f_back
        if getattr(frame.f_code, "co_qualname", "")[:7] == "Tensor.":
            raise method_out_error(frame)
        if back is None:
            return
        if back.f_code is _METHOD_FORM_CODE:
            name = called_method_name(back.f_locals.get("fn", frame.f_code.co_name))
            raise TypeError(f"{name}() got an unexpected keyword argument 'out'")
        frame = back


def called_method_name(name: str) -> str:
    """The name the user called ``Tensor.<name>`` under (``x.absolute()`` runs ``abs``'s function)."""
    return _called_method(name)[0]


def _called_method(name: str):
    """``(alias, direct)``: the name the user called ``Tensor.<name>`` under, read from the user's frame
    (its last load of an attribute bound to the same function), and whether that load is a method call
    (``x.neg(...)``, not ``getattr(x, "neg")(...)``).  Error paths only."""
    import dis
    fn = Tensor.__dict__.get(name)
    aliases = {k for k, v in Tensor.__dict__.items() if v is fn} if fn is not None else {name}
    f = _sys._getframe(1)
    while f is not None and (f.f_globals.get("__name__") or "").split(".")[0] == "ember":
        f = f.f_back
    direct = False
    if f is None:
        return name, direct
    for ins in dis.get_instructions(f.f_code):
        if ins.offset > f.f_lasti:
            break
        if ins.opname in ("LOAD_METHOD", "LOAD_ATTR") and ins.argval in aliases:
            name, direct = ins.argval, ins.opname == "LOAD_METHOD" or "NULL|self" in ins.argrepr
    return name, direct


# ``Tensor.div``'s own overloads as PyTorch lists them (``torch.div``'s differ)
_DIV_METHOD_SIGS = ("Tensor other", "Tensor other, *, str rounding_mode", "Number other, *, str rounding_mode")


def method_out_error(frame) -> TypeError:
    """PyTorch's argument-parser error for ``out=`` given to a ``Tensor`` method (``frame``: the op's
    method twin running, see ``_argerrors.method_twin_code``): ``TensorBase.neg() takes no keyword
    arguments`` for a method without arguments, ``add() got an unexpected keyword argument 'out'``
    for one signature, ``div() received an invalid combination of arguments`` for overloads."""
    from ._argerrors import _OVERLOADS, _method_signature, format_overload_error
    code = frame.f_code
    name = code.co_qualname[7:]
    if code.co_argcount == 1 and code.co_kwonlyargcount == 1:
        return method_arguments_error(name)
    given, given_kw = _method_call_arguments(frame)
    if name == "div" or name in _OVERLOADS:
        sigs = _DIV_METHOD_SIGS if name == "div" else [
            m for m in (_method_signature(sg) for sg in _OVERLOADS[name]) if m is not None]
        return TypeError(format_overload_error(name, sigs, given, given_kw))
    if name in _DEPRECATED_OVERLOAD_OPS and len(given) + len(given_kw) > _method_max_args(code):
        return TypeError(f"{name}() received an invalid combination of arguments - got unrecognized keyword "
                         f"arguments: {', '.join(k for k, _ in given_kw)}")
    return TypeError(f"{called_method_name(name)}() got an unexpected keyword argument 'out'")


# ops with a hidden (deprecated.yaml) overload besides their own signature: PyTorch's parser then checks
# the argument count against the visible one (``print_error``) and, with too many, lists the keywords as
# unrecognized; an op with one signature (``logit``) names ``out`` as an unexpected keyword
_DEPRECATED_OVERLOAD_OPS = frozenset({"add", "sub", "addcmul", "addcdiv", "addmm", "addmv", "addr", "addbmm",
                                      "baddbmm"})


def _method_max_args(code) -> int:
    """How many arguments the ``Tensor`` method of ``code`` (an op taking ``self`` and a keyword-only
    ``out``) takes: its parameters less ``self`` and ``out``."""
    return code.co_argcount + code.co_kwonlyargcount - 2


def _method_call_arguments(frame):
    """The arguments of the method call running in ``frame`` as PyTorch's parser lists them: those
    given positionally (after ``self``), then the keywords, in the reverse of the call's order (read
    from the call site; else the signature's reversed)."""
    from ._argerrors import caller_keywords
    code = frame.f_code
    loc = frame.f_locals
    fn = frame.f_globals.get(code.co_name)
    params = code.co_varnames[1:code.co_argcount]
    kwonly = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
    defaults = dict(zip(reversed(params), reversed(getattr(fn, "__defaults__", None) or ())))
    defaults.update(getattr(fn, "__kwdefaults__", None) or {})
    keywords = caller_keywords()
    if keywords is None:
        keywords = [k for k in kwonly if k == "out" or loc.get(k) is not defaults.get(k)]
    given = [loc.get(p) for p in params if p not in keywords and (p not in defaults or loc.get(p) is not defaults[p])]
    return given, [(k, loc.get(k)) for k in reversed(keywords)]


def method_arguments_error(name: str) -> TypeError:
    """PyTorch's error for an argument given to a ``Tensor`` method without arguments: ``TensorBase.neg()
    takes no keyword arguments`` (``x.neg(out=o)``), ``... takes no arguments (1 given)`` (``x.neg(o)``).
    Its ``TensorBase`` method descriptor names its class; a bound method (``f = x.neg``) the tensor's."""
    from ._argerrors import caller_keywords
    name, direct = _called_method(name)
    what = "arguments (1 given)" if caller_keywords() == () else "keyword arguments"
    return TypeError(f"{'TensorBase' if direct else 'Tensor'}.{name}() takes no {what}")


def _out_type_error(out, name: str) -> TypeError:
    """PyTorch's parser error for an ``out`` that is no tensor (``torch.add(a, b, out=[1])``):
    ``add(): argument 'out' must be Tensor, not list``, or for an op with overloads its "invalid
    combination of arguments" listing (``copysign``).  Error path only."""
    from ._argerrors import arg_type_error
    err = arg_type_error()
    if err is not None and "invalid combination" in str(err):
        return err
    return TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")


def _out_op_name(result: Tensor) -> str:
    """The op PyTorch names in its ``out=`` autograd error: the public ember function that called
    ``write_out`` (or the ``name`` a generated op closes over), else the op of ``result``'s node
    (``LinalgInvExBackward0`` -> ``linalg_inv_ex``).  Only runs on that error path."""
    import re
    import sys
    from .._hints import _is_internal
    frame = sys._getframe(2)
    while frame is not None and _is_internal(frame):
        name = frame.f_code.co_name
        if not name.startswith("_") and name not in ("op", "wrapper", "fn", "f", "impl"):
            return name
        own = frame.f_locals.get("name")
        if isinstance(own, str) and own.isidentifier():
            return own
        frame = frame.f_back
    fn = result.grad_fn
    if fn is None:
        return "op"
    base = re.sub(r"Backward\d*$", "", type(fn).__name__)
    return re.sub(r"(?<!^)(?=[A-Z])", "_", base).lower()


def broadcast_error(shape_a, shape_b) -> RuntimeError:
    """PyTorch's message for shapes that do not broadcast."""
    a, b = tuple(shape_a), tuple(shape_b)
    n = max(len(a), len(b))
    pa = (1,) * (n - len(a)) + a
    pb = (1,) * (n - len(b)) + b
    for i in range(n - 1, -1, -1):
        if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
            return RuntimeError(
                f"The size of tensor a ({pa[i]}) must match the size of tensor b ({pb[i]}) at non-singleton dimension {i}"
            )
    return RuntimeError(f"shapes {list(a)} and {list(b)} are not broadcastable")


def saved_output(node: Node, result: Tensor) -> Tensor:
    """A detached alias of ``result`` to save in ``node`` (no reference cycle).

    It shares ``result``'s version counter, so an in-place change to the
    output is still caught when backward unpacks it.
    """
    alias = _make(result._data)
    alias._vc = result._shared_vc()
    alias._ext = SAVED_OUTPUT_EXT
    return alias


def unpack_output(node: Node, alias: Tensor) -> Tensor:
    """Return a saved output; under ``create_graph`` reconnect it to ``node``."""
    if GRAD.enabled:
        t = _make(alias._data, node)
        t._vc = alias._vc
        return t
    return alias


# ------------------------------------------------- Python scalars as operands
_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)
_OPERANDS = {_F32: {}, _F64: {}}  # dtype -> {python scalar: read-only 0-d array}
_OPERAND_CACHE_MAX = 512
_F32_CACHE = _OPERANDS[_F32]
_F16 = np.dtype(np.float16)


# uint16/32/64: PyTorch's "barebones" unsigned types (few CPU kernels: see ``pointwise.no_bare_uint_kernel``)
_BARE_UINT_CLASSES = frozenset(type(np.dtype(t)) for t in (np.uint16, np.uint32, np.uint64))
# the NumPy scalar types a 0-d tensor holds that have every kernel (all but uint16/32/64): one set lookup
_FULL_KERNEL_SCALARS = frozenset(t for t in (np.float32, np.float64, np.float16, np.int64, np.int32, np.int16,
                                             np.int8, np.uint8, np.bool_, np.complex64, np.complex128))


def _no_bare_uint_kernel(dt, kernel: str) -> None:
    """``pointwise.no_bare_uint_kernel``'s error for a uint16/32/64 ``dt`` (imported only then)."""
    if dt.__class__ in _BARE_UINT_CLASSES:
        from .pointwise import no_bare_uint_kernel
        no_bare_uint_kernel(dt, kernel)


def via_float32(fn, *arrays):
    """``fn(*arrays)`` for float16 arrays, computed in float32 and rounded once to float16: how
    PyTorch's CPU kernels compute Half (in its "opmath" type, float)."""
    return fn(*(a.astype(_F32) for a in arrays)).astype(_F16)


def half_scalar(ufunc, arr, value):
    """``ufunc(arr, value)`` for a float16 ``arr`` and a Python number, as PyTorch's CPU kernels
    for Half compute it: both operands in float32 (Half's "opmath" type, the scalar converted
    from its full value) and one rounding to float16.  NumPy would round the scalar to float16
    first (``x * 0.1`` then differs in about a third of the elements)."""
    return ufunc(arr, np.float32(value), dtype=np.float32).astype(_F16)


def scalar_operand(arr, value, kernel=None):
    """``value`` as a cached read-only 0-d array of ``arr``'s dtype, for ``arr op value``.

    NumPy computes ``float32_array * 1.01`` by first converting the Python
    float to float32 (NEP 50, the same rounding PyTorch applies to a wrapped
    scalar), but that conversion costs more than the multiply itself on small
    arrays.  The converted 0-d array gives bit-identical results at about
    half the cost.  NumPy scalars and other dtypes are returned unchanged.
    ``kernel``: the ATen kernel of an op PyTorch has none of for uint16/32/64
    (``x + 1``: ``add_stub``), whose error a uint16/32/64 ``arr`` raises here,
    off the float32/64 path.
    """
    if arr.__class__ is not _ndarray:
        if kernel is not None and arr.__class__ not in _FULL_KERNEL_SCALARS:  # (a 0-d float32 skips the dtype)
            _no_bare_uint_kernel(np.result_type(arr), kernel)
        return value
    dt = arr.dtype
    cache = _F32_CACHE if dt is _F32 else _OPERANDS.get(dt)
    if cache is None:
        if kernel is not None:
            _no_bare_uint_kernel(dt, kernel)
        if value.__class__ is not int or -1 < value < 128:  # (small non-negative ints fit every dtype)
            return value
        return int_scalar(dt, value)
    c = cache.get(value)
    if c is None:
        vc = value.__class__
        if not ((vc is float and -3.0e38 < value < 3.0e38) or (vc is int and -(1 << 53) < value < (1 << 53))):
            if vc is int and not -(1 << 63) <= value < (1 << 64):
                raise huge_int_error(value)
            return value  # nan, inf, huge: leave NumPy's own conversion (and warnings) alone
        if value == 0:
            return value  # 0.0 and -0.0 are equal dict keys but give different results
        if len(cache) >= _OPERAND_CACHE_MAX:
            cache.clear()
        c = np.array(value, arr.dtype)
        c.flags.writeable = False
        cache[value] = c
    return c


class _NpUnset:
    """Default of the NumPy-style ``axis``/``keepdims`` keywords (not passed)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "None"


NP_UNSET = _NpUnset()


def numpy_dim_names(name: str, dim, keepdim, axis, keepdims, dim_default, keepdim_default=False):
    """PyTorch's argument parser takes NumPy's ``axis``/``keepdims`` for ``dim``/``keepdim`` (its
    ``numpy_compatibility_arg_names``); passing both spellings is an unexpected keyword. Returns the
    ``(dim, keepdim)`` to use (callers test ``axis``/``keepdims`` against ``NP_UNSET`` first)."""
    if axis is not NP_UNSET:
        if dim is not dim_default:
            raise TypeError(f"{name}() got an unexpected keyword argument 'axis'")
        dim = axis
    if keepdims is not NP_UNSET:
        if keepdim is not keepdim_default:
            raise TypeError(f"{name}() got an unexpected keyword argument 'keepdims'")
        keepdim = keepdims
    return dim, keepdim


def numpy_required(name: str, axis, **args):
    """A required ``dim`` (default ``NP_UNSET``) or a required argument after it left out: NumPy's
    ``axis`` stands for the dim; returns it, or raises PyTorch's parser error for what is missing
    (``args``: the required arguments in order, ``dim`` first; ``NP_UNSET`` where not given)."""
    if axis is not NP_UNSET:
        if args["dim"] is not NP_UNSET:
            raise TypeError(f"{name}() got an unexpected keyword argument 'axis'")
        args["dim"] = axis
    names = list(args)  # (PyTorch names the first one missing and every required one after it)
    missing = next((names[i:] for i, k in enumerate(names) if args[k] is NP_UNSET), [])
    if len(missing) == 1:
        raise TypeError(f'{name}() missing 1 required positional arguments: "{missing[0]}"')
    if missing:
        raise TypeError(f"{name}() missing {len(missing)} required positional argument: "
                        + ", ".join(f'"{k}"' for k in missing))
    return args["dim"]


def method_twin(fn, **kwdefaults):
    """``fn`` as a separate function object with other keyword defaults: the same code (no extra
    call), so a ``Tensor`` method bound to it can tell itself apart from the ``torch.`` function
    (for PyTorch's argument-parser errors, which differ between the two)."""
    import types
    twin = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    twin.__kwdefaults__ = {**(fn.__kwdefaults__ or {}), **kwdefaults}
    twin.__doc__, twin.__qualname__, twin.__module__ = fn.__doc__, fn.__qualname__, fn.__module__
    twin.__dict__.update(fn.__dict__)
    return twin
