"""Factory functions: ``tensor``, ``zeros``, ``arange``, ``rand`` and friends.

dtype inference mirrors ``torch.tensor``: Python floats give the default
dtype (float32), ints give int64, bools give bool, NumPy arrays keep their
dtype.  Random factories draw from ``ember._rng``, whose streams are
bit-identical to PyTorch's CPU generator.
"""
from __future__ import annotations

import math
import numbers
import operator
from typing import Any, Optional

import numpy as np

from .. import _dtype as D
from .. import _factory_defaults
from ..backend import device as _dev
from . import _layout
from . import random_ops as _random_ops
from ._common import GRAD, Tensor, _make, write_out

_ndarray = np.ndarray


def _finalize(arr, dtype: Optional[D.dtype], device, requires_grad: bool) -> Tensor:
    if dtype is not None and arr.dtype != dtype.np:
        arr = arr.astype(dtype.np)
    dev = _dev.parse(device) if device is not None else _factory_defaults.get_default_device()
    if dev.type != "cpu":
        arr = _dev.move(arr, dev)
    elif arr.__class__ is _ndarray and arr.ndim == 0:
        arr = arr[()]
    t = _make(arr)
    if requires_grad:
        if requires_grad is not True:
            _requires_grad_arg(requires_grad)
        if arr.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._rg = True
    elif requires_grad is not False and requires_grad is not None:
        _requires_grad_arg(requires_grad)
    return t


# factories whose argument parser words a non-bool ``requires_grad`` as "argument 'requires_grad' must be bool"
_PLAIN_RG_FACTORIES = frozenset(("zeros", "ones", "empty", "full", "tensor", "zeros_like", "ones_like",
                                 "empty_like", "full_like"))


def _requires_grad_arg(requires_grad) -> None:
    """PyTorch's parser takes only a bool (or None) ``requires_grad``: its TypeError, naming the
    public factory on the stack (left alone for factories with overloads, whose message lists them)."""
    import sys
    f = sys._getframe(2)
    while f is not None and f.f_code.co_name.startswith("_"):
        f = f.f_back
    fn = f.f_code.co_name if f is not None else ""
    if fn in _PLAIN_RG_FACTORIES:
        raise TypeError(f"{fn}(): argument 'requires_grad' must be bool, not {_tp_name(requires_grad)}")


def _dtype_from_out(dtype, out):
    """PyTorch's argument parser for a factory given ``out=``: with no ``dtype`` the result takes out's
    dtype (``torch.zeros(2, out=long_tensor)`` is a long zeros); a different ``dtype`` is its
    RuntimeError.  Only called when ``out`` is given."""
    if not isinstance(out, Tensor):
        return dtype
    od = out.dtype
    if dtype is None:
        return od
    if dtype.__class__ is D.dtype and dtype is not od:
        raise RuntimeError(f"dtype {D.SCALAR_TYPE_NAMES[dtype.name]} does not match dtype of out parameter "
                           f"({D.SCALAR_TYPE_NAMES[od.name]})")
    return dtype


def _factory_out(out, result: Tensor, fn: str) -> Tensor:
    """``out=`` of a factory (``zeros``, ``arange``, ``rand``...): ATen resizes ``out`` to the result's
    shape silently (no deprecation warning, unlike other ops), and names the op ``aten::<fn>`` in its
    autograd error."""
    if out is None:
        return result
    if not isinstance(out, Tensor):
        return write_out(out, result, "aten::" + fn)
    if out._data.shape != result._data.shape and not (out._rg and GRAD.enabled):
        out._data = np.zeros(0, out._data.dtype)  # (then filled at the new shape, without the resize warning)
    res = write_out(out, result, "aten::" + fn)
    if out.grad_fn is None:  # (the parser then sets the factory's ``requires_grad`` on ``out``)
        out._rg = result._rg
    return res


def _overloaded_requires_grad(fn: str, positional: tuple, kwargs: dict, sigs) -> None:
    """A non-bool ``requires_grad`` given to a factory with overloads (``arange``, ``eye``, ``linspace``,
    ``logspace``): no overload matches, PyTorch's "invalid combination of arguments" TypeError."""
    got = _call_types(positional, kwargs)
    raise TypeError(f"{fn}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                    + "".join(f" * {sig}\n" for sig in sigs))


_PY_SCALARS = frozenset((float, int, bool, complex))
_MAX_DIMS = 128
_WARNED_NDARRAY_LIST = [False]
_NDARRAY_LIST_WARNING = (
    "Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider converting the list to a "
    "single numpy.ndarray with numpy.array() before converting to a tensor. (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:252.)")


from ._argerrors import type_name as _tp_name  # (``Py_TYPE(x)->tp_name``)
from ._argerrors import missing_arguments_error


def _is_seq(x) -> bool:
    """``PySequence_Check``: lists, tuples, ranges, strings, arrays... but not tensors (nor dicts)."""
    c = x.__class__
    if c is list or c is tuple:
        return True
    if c in _PY_SCALARS:
        return False
    if isinstance(x, (str, bytes, np.ndarray)):
        return True
    if isinstance(x, (Tensor, dict, np.generic)):
        return False
    return hasattr(c, "__getitem__")


def _compute_sizes(data) -> list:
    """torch/csrc/utils/tensor_new.cpp ``compute_sizes``: the shape, following first elements only."""
    sizes = []
    seq = data
    while _is_seq(seq):
        n = len(seq)
        sizes.append(n)
        if len(sizes) > _MAX_DIMS:
            raise ValueError(f"too many dimensions '{_tp_name(seq)}'")
        if n == 0:
            break
        try:
            seq = seq[0]
        except Exception:
            raise ValueError(f"could not determine the shape of object type '{_tp_name(seq)}'") from None
    return sizes


def _py_scalar_dtype(c) -> D.dtype:
    if c is float:
        return D._default.value
    if c is int:
        return D.int64
    if c is bool:
        return D.bool_
    return D._default_complex()


def _infer_dtype(obj) -> D.dtype:
    """tensor_new.cpp ``infer_scalar_type``: the dtype ``torch.tensor(obj)`` infers (``promoteTypes`` of the items)."""
    c = obj.__class__
    if c in _PY_SCALARS:
        return _py_scalar_dtype(c)
    if isinstance(obj, (np.ndarray, np.generic)):
        return D.from_numpy_dtype(obj.dtype)
    if isinstance(obj, float):
        return D._default.value
    if isinstance(obj, int):
        return D.bool_ if isinstance(obj, bool) else D.int64
    if isinstance(obj, complex):
        return D._default_complex()
    if isinstance(obj, Tensor):
        return D.from_numpy_dtype(obj._data.dtype)
    if isinstance(obj, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{_tp_name(obj)}'")
    if _is_seq(obj):
        n = len(obj)
        if n == 0:
            return D._default.value
        if c is list or c is tuple:
            types = set(map(type, obj))
            if types <= _PY_SCALARS:  # the common case: Python numbers only
                best = None
                for t in types:
                    d = _py_scalar_dtype(t)
                    best = d if best is None else D.promote_types(best, d)
                return best
        best = None
        for i in range(n):
            item = obj[i]
            if item is obj:
                raise TypeError("new(): self-referential lists are incompatible")
            d = _infer_dtype(item)
            best = d if best is None else D.promote_types(best, d)
            if best is D.complex128:
                return best
        return best
    raise RuntimeError(f"Could not infer dtype of {_tp_name(obj)}")


def _store(obj, sizes, dim: int, out: list) -> None:
    """tensor_new.cpp ``recursive_store`` without the conversion: the leaves, in order, into ``out``."""
    n = sizes[dim]
    if obj.__class__ is not list and obj.__class__ is not tuple:
        try:
            it = iter(obj)  # (PySequence_Fast)
        except TypeError:
            raise TypeError("not a sequence") from None
        obj = list(it)
    if len(obj) != n:
        raise ValueError(f"expected sequence of length {n} at dim {dim} (got {len(obj)})")
    if dim + 1 == len(sizes):
        out.extend(obj)
        return
    for item in obj:
        if not _WARNED_NDARRAY_LIST[0] and isinstance(item, np.ndarray):
            _warn_ndarray_list()
        _store(item, sizes, dim + 1, out)


def _warn_ndarray_list() -> None:
    import warnings
    from .._hints import _user_stacklevel
    _WARNED_NDARRAY_LIST[0] = True  # (TORCH_WARN_ONCE)
    warnings.warn(_NDARRAY_LIST_WARNING, UserWarning, stacklevel=_user_stacklevel())


def _overflow(dt: D.dtype) -> RuntimeError:
    return RuntimeError(f"value cannot be converted to type {dt.name} without overflow")


def _as_double(x) -> float:
    """``THPUtils_unpackDouble``: ``PyFloat_AsDouble`` (TypeError "must be real number, not X")."""
    if isinstance(x, Tensor) and x._data.dtype.kind == "c" and x._data.size == 1:
        v = complex(x.item())  # (``Tensor.__float__`` of a complex tensor: ``item()`` then a checked cast)
        if v.imag != 0:
            raise RuntimeError("value cannot be converted to type double without overflow")
        return v.real
    return math.ldexp(x, 0)


def _as_index(x) -> int:
    """``THPUtils_unpackLong``: ``PyLong_AsLongLongAndOverflow`` (``__index__``) with its int64 check."""
    v = operator.index(x)
    if not -(1 << 63) <= v < (1 << 63):
        raise ValueError("Overflow when unpacking long long")
    return v


def _int_leaves(flat, types, dt: D.dtype) -> np.ndarray:
    """``unpackIntegral<T>`` + ``c10::checked_convert``: floats are range-checked then truncated; ints may wrap
    only as far as ``-max`` for unsigned types (``torch.tensor([-1], dtype=torch.uint8)`` is 255)."""
    from ._common import _INT_RANGE
    fmin, fmax = _INT_RANGE[dt.np]
    lo, hi = (-fmax if fmin == 0 else fmin), fmax
    if dt is D.uint64:
        vals = []
        for x in flat:
            if not isinstance(x, int):  # (PyLong_AsUnsignedLongLong)
                raise TypeError("an integer is required")
            if x < 0:
                raise OverflowError("can't convert negative int to unsigned")
            if x >= 1 << 64:
                raise OverflowError("int too big to convert")
            vals.append(x)
        return np.array(vals, dtype=np.uint64)
    if types <= {int, bool}:
        try:
            arr = np.array(flat, dtype=np.int64)
        except OverflowError:
            raise ValueError("Overflow when unpacking long long") from None
        if dt is not D.int64 and arr.size and (arr.min() < lo or arr.max() > hi):
            raise _overflow(dt)
        return arr.astype(dt.np)
    vals = []
    for x in flat:
        if isinstance(x, float):
            if not float(fmin) <= x <= float(fmax):  # (in double, as ATen compares; NaN too)
                raise _overflow(dt)
            v = int(x)
            if v > hi:  # float(2**63 - 1) == 2**63: C's cast gives INT64_MIN
                v -= 1 << 64
        else:
            v = _as_index(x)
            if not lo <= v <= hi:
                raise _overflow(dt)
        vals.append(v)
    return np.array(vals, dtype=np.int64).astype(dt.np)


def _as_bool(x) -> bool:
    """``THPUtils_unpackNumberAsBool``."""
    if isinstance(x, (float, complex, np.bool_)):
        return bool(x)
    return bool(operator.index(x))


def _leaves_array(flat: list, dt: D.dtype) -> np.ndarray:
    """``store_scalar`` for each leaf: a 1-D array of ``dt``, converted and checked as PyTorch does."""
    types = set(map(type, flat))
    if not _WARNED_NDARRAY_LIST[0] and not types <= _PY_SCALARS and any(issubclass(t, np.ndarray) for t in types):
        _warn_ndarray_list()  # (an array as a leaf: ``torch.tensor([1, np.ones(2)])`` warns, then fails)
    cat = dt.category
    if cat == 2:
        if types <= {float, int, bool}:
            arr = np.array(flat, dtype=np.float64)
        else:
            arr = np.array([_as_double(x) for x in flat], dtype=np.float64)
        if dt is D.float16:  # at::convert<Half, double>: through float
            return arr.astype(np.float32).astype(np.float16)
        return arr.astype(dt.np)
    if cat == 1:
        return _int_leaves(flat, types, dt)
    if cat == 0:
        if types <= {bool}:
            return np.array(flat, dtype=np.bool_)
        return np.array([_as_bool(x) for x in flat], dtype=np.bool_)
    if not types <= {complex, float, int, bool}:
        flat = [x if isinstance(x, complex) else (complex(x) if hasattr(type(x), "__complex__") else _as_double(x))
                for x in flat]
    return np.array(flat, dtype=np.complex128).astype(dt.np)


def _dtype_arg(fn: str, dtype) -> D.dtype:
    """A ``dtype=`` argument that is not a ``torch.dtype``: Python's ``float``/``int``/``bool``/``complex`` as
    PyTorch's argument parser maps them, anything else its ``TypeError``."""
    if isinstance(dtype, D.dtype):  # a dtype with no NumPy type (bfloat16): ember's TypeError
        dtype.np  # noqa: B018
        return dtype
    d = {float: D.float64, int: D.int64, bool: D.bool_, complex: D.complex128}.get(dtype) \
        if isinstance(dtype, type) else None
    if d is None:
        raise TypeError(f"{fn}(): argument 'dtype' must be torch.dtype, not {_tp_name(dtype)}")
    return d


def tensor(data: Any, *, dtype: Optional[D.dtype] = None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """``torch.tensor``: always copies ``data`` into a new leaf tensor."""
    if data.__class__ is float and dtype is None:  # the common 0-d case: straight to a NumPy scalar
        return _finalize(D._default.value.np.type(data), None, device, requires_grad)
    if dtype is not None and dtype.__class__ is not D.dtype:
        dtype = _dtype_arg("tensor", dtype)
    if isinstance(data, Tensor):
        import warnings
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
            "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning, stacklevel=2)
        arr = _dev.to_numpy(data._data)
        arr = np.array(arr, copy=True)
        return _finalize(arr, dtype, device, requires_grad)
    if isinstance(data, np.ndarray):
        _check_numpy(data)
        arr = np.array(data, copy=True)
        return _finalize(arr, dtype, device, requires_grad)
    c = data.__class__
    if dtype is None and (c is bool or (c is int and -(1 << 63) <= data < (1 << 63))):
        return _finalize(np.array(data, dtype=np.bool_ if c is bool else np.int64), None, device, requires_grad)
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{_tp_name(data)}'")
    return _tensor_from_data(data, dtype, device, requires_grad)


def _tensor_from_data(data, dtype, device, requires_grad) -> Tensor:
    """tensor_new.cpp ``internal_new_from_data`` for Python data: sizes, dtype inference, then the store."""
    sizes = _compute_sizes(data)
    dt = _infer_dtype(data) if dtype is None else dtype
    n = 1
    for s in sizes:
        n *= s
    if n == 0:
        arr = np.zeros(sizes, dtype=dt.np)
    elif not sizes:
        arr = _leaves_array([data], dt).reshape(())
    else:
        flat = []
        _store(data, sizes, 0, flat)
        arr = _leaves_array(flat, dt).reshape(sizes)
    return _finalize(arr, None, device, requires_grad)


def as_tensor(data: Any, dtype: Optional[D.dtype] = None, device=None) -> Tensor:
    """``torch.as_tensor``: shares memory with a tensor or NumPy array when it can."""
    if isinstance(data, Tensor):
        if dtype is None or data.dtype is dtype:
            return data
        return data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtype.np) and device is None:
        return from_numpy(data)
    return tensor(data, dtype=dtype, device=device)


asarray = as_tensor


def _check_numpy(arr: np.ndarray) -> None:
    """``tensor_from_numpy``'s checks: a supported dtype, native byte order, no negative stride."""
    if arr.dtype not in D._BY_NP:  # (a non-native byte order is not found either)
        bo = arr.dtype.byteorder
        if arr.dtype.kind in "biufc" and bo in "<>" and (bo == "<") != _LITTLE_ENDIAN:
            raise ValueError("given numpy array has byte order different from the native byte order. Conversion "
                             "between byte orders is currently not supported.")
        D.from_numpy_dtype(arr.dtype)
    if not arr.flags.c_contiguous:
        for s in arr.strides:
            if s < 0:
                raise ValueError("At least one stride in the given numpy array is negative, and tensors with "
                                 "negative strides are not currently supported. (You can probably work around this "
                                 "by making a copy of your array  with array.copy().) ")


_LITTLE_ENDIAN = np.little_endian


def from_numpy(arr: np.ndarray) -> Tensor:
    """``torch.from_numpy``: the tensor and the array share memory."""
    if not isinstance(arr, np.ndarray):
        from .._tensor import _c_type_name
        raise TypeError(f"expected np.ndarray (got {_c_type_name(arr)})")  # e.g. numpy.float64, list
    _check_numpy(arr)
    return _make(arr)


class _NoSize:
    """Default of ``size=`` in zeros / ones / empty: not given (an explicit ``size=None`` is PyTorch's
    TypeError)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "None"


_NO_SIZE = _NoSize()


def _size_args(size, fn: Optional[str] = None, keyword: bool = False) -> tuple:
    """A factory's ``size`` (positional varargs, one sequence, or ``size=`` when ``keyword``) as a tuple
    of ints.  Non-int entries raise the argument parser's errors, naming ``fn`` (default: the caller)."""
    seq = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    for s in seq:
        if s.__class__ is not int:
            import sys
            seq = _parse_size_slow(size, fn or sys._getframe(1).f_code.co_name, keyword)
            break
    seq = tuple(seq)
    for s in seq:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(seq)}")
        if s >= _INT64_LIMIT:
            import sys
            _parse_size_slow(size, fn or sys._getframe(1).f_code.co_name, keyword)
    return seq


_INT64_LIMIT = 1 << 63


def _int_like(x) -> bool:
    """Accepted as one ``int`` of a ``tuple of ints`` by PyTorch's parser (bools are not)."""
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, (int, np.integer)):
        return True
    return isinstance(x, Tensor) and x._data.size == 1 and x._data.dtype.kind in "iu"


def _parse_size_slow(size: tuple, fn: str, keyword: bool) -> tuple:
    """The argument parser's ``tuple of ints size`` for ``size`` as given (varargs, or one argument)
    when some entry is not an ``int``: PyTorch's TypeErrors, else the ints."""
    where = "" if keyword else " (position 1)"
    single = len(size) == 1
    if single and not isinstance(size[0], (tuple, list)):
        if not _int_like(size[0]):
            raise TypeError(f"{fn}(): argument 'size'{where} must be tuple of ints, not {_tp_name(size[0])}")
        seq = size
    elif single:
        seq = size[0]
        if seq and not _int_like(seq[0]):
            if keyword:
                raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, not {_tp_name(seq)}")
            raise TypeError(f"{fn}(): argument 'size'{where} must be tuple of ints, but found element of type "
                            f"{_tp_name(seq[0])} at pos 0")
    else:
        seq = size
        if not _int_like(seq[0]):
            raise TypeError(f"{fn}() takes 1 positional argument but {len(size)} were given")
    out = []
    for i, s in enumerate(seq):
        if not (_int_like(s) or (i > 0 and isinstance(s, (bool, np.bool_)))):
            if keyword:
                raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, not {_tp_name(seq)}")
            raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {_tp_name(s)}\"")
        v = int(s)
        if not -_INT64_LIMIT <= v < _INT64_LIMIT:
            raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            "\"Overflow when unpacking long long\"")
        out.append(v)
    return tuple(out)


def _factory_sizes(fn: str, sizes: tuple, size, overloaded: bool, got) -> tuple:
    """``sizes`` (varargs) or ``size=``: PyTorch's errors for both at once, or for several positional
    arguments whose first is not an int (``overloaded``: the invalid-combination message)."""
    if size is not None:
        if sizes:
            if overloaded:
                raise _invalid_combination(fn, got())
            raise TypeError(f"{fn}() got multiple values for argument 'size'")
        return _size_args((size,), fn, keyword=True)
    if len(sizes) > 1 and not _int_like(sizes[0]):
        if overloaded:
            raise _invalid_combination(fn, got())
        raise TypeError(f"{fn}() takes 1 positional argument but {len(sizes)} were given")
    return _size_args(sizes, fn)


_FACTORY_TAIL = ("Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
                 "bool pin_memory = False, bool requires_grad = False)")
_LIKE_TAIL = ("torch.memory_format memory_format = None, torch.dtype dtype = None, torch.layout layout = None, "
              "torch.device device = None, bool pin_memory = False, bool requires_grad = False)")
_NORMAL_SIGS = (
    "(Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)",
    "(Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)",
    "(float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)",
    "(float mean, float std, tuple of ints size, *, torch.Generator generator = None, " + _FACTORY_TAIL,
)


def _signatures(fn: str) -> tuple:
    """PyTorch's overloads of the random factories, as its argument parser lists them."""
    gen = "torch.Generator generator, "
    if fn in ("rand", "randn"):
        return tuple(f"(tuple of ints size, *, {g}{_FACTORY_TAIL}" for g in (gen, ""))
    if fn == "randperm":
        return tuple(f"(int n, *, {g}{_FACTORY_TAIL}" for g in (gen, ""))
    if fn == "randint":
        return tuple(f"({a}tuple of ints size, *, {g}{_FACTORY_TAIL}"
                     for a in ("int high, ", "int low, int high, ") for g in (gen, ""))
    if fn in ("rand_like", "randn_like"):
        return tuple(f"(Tensor input, *, {g}{_LIKE_TAIL}" for g in (gen, ""))
    if fn == "normal":
        return _NORMAL_SIGS
    return ()


def _call_types(args: tuple, kwargs: dict) -> str:
    """``(int, tuple, generator=int)``: the argument parser's summary of a call: the keywords the call
    passed in reverse order, as PyTorch's parser lists them (sorted, leaving out None/False values, when
    the call's keywords cannot be read)."""
    from ._argerrors import caller_keywords
    parts = [_tp_name(a) for a in args]
    order = caller_keywords()
    if order and all(k in kwargs for k in order):
        parts += [f"{k}={_tp_name(kwargs[k])}" for k in reversed(order)]
    else:
        parts += [f"{k}={_tp_name(v)}" for k, v in sorted(kwargs.items()) if v is not None and v is not False]
    return ", ".join(parts)


def _invalid_combination(fn: str, got: str) -> TypeError:
    sigs = "".join(f" * {sig}\n" for sig in _signatures(fn))
    return TypeError(f"{fn}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     f"{sigs}")


def _is_generator(g) -> bool:
    from .. import _rng
    return hasattr(g, "_impl") or isinstance(g, _rng.Generator)


def _check_factory_kwargs(fn: str, got, generator=None, layout=None, pin_memory=False) -> None:
    """Slow-path checks of the keyword arguments shared by the factories (only when one is set)."""
    if generator is not None and not _is_generator(generator):
        if _signatures(fn):
            raise _invalid_combination(fn, got())
        raise TypeError(f"{fn}(): argument 'generator' must be torch.Generator, not {_tp_name(generator)}")
    from .. import layout as layout_cls
    if layout is not None and not isinstance(layout, layout_cls):
        if _signatures(fn):
            raise _invalid_combination(fn, got())
        raise TypeError(f"{fn}(): argument 'layout' must be torch.layout, not {_tp_name(layout)}")
    if pin_memory is not False:
        if not isinstance(pin_memory, bool):
            if _signatures(fn):
                raise _invalid_combination(fn, got())
            raise TypeError(f"{fn}(): argument 'pin_memory' must be bool, not {_tp_name(pin_memory)}")
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                           "allocator is available on this system.")


def _dt(dtype) -> D.dtype:
    if dtype is None:
        return D._default.value
    if dtype.__class__ is not D.dtype:  # float/int/bool/complex, or the argument parser's TypeError
        import sys
        return _dtype_arg(sys._getframe(1).f_code.co_name, dtype)
    return dtype


def _plain_sizes(fn: str, sizes: tuple, size, layout, pin_memory) -> tuple:
    """The size of ``zeros``/``ones``/``empty``: the common all-int varargs go straight through."""
    if size is _NO_SIZE and layout is None and pin_memory is False:
        return _size_args(sizes, fn)
    _check_factory_kwargs(fn, None, layout=layout, pin_memory=pin_memory)
    if size is not _NO_SIZE and not isinstance(size, (tuple, list)) and not sizes:
        # ``size=`` must be a sequence (``size=None`` too: it is not the default here)
        raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, not {_tp_name(size)}")
    return _factory_sizes(fn, sizes, None if size is _NO_SIZE else size, False, None)


def zeros(*sizes, size=_NO_SIZE, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          pin_memory=False) -> Tensor:
    given = sizes if size is _NO_SIZE else (size,)
    flat = given[0] if len(given) == 1 and isinstance(given[0], (tuple, list)) else given
    if any(isinstance(s, (int, np.integer)) and s < 0 for s in flat):
        raise RuntimeError("zeros: Dimension size must be non-negative.")  # (zeros has its own check)
    shape = _plain_sizes("zeros", sizes, size, layout, pin_memory)
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    return _factory_out(out, _finalize(np.zeros(shape, dtype=_dt(dtype).np), None, device, requires_grad), "zeros")


def ones(*sizes, size=_NO_SIZE, dtype=None, device=None, requires_grad=False, out=None, layout=None,
         pin_memory=False) -> Tensor:
    shape = _plain_sizes("ones", sizes, size, layout, pin_memory)
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    return _factory_out(out, _finalize(np.ones(shape, dtype=_dt(dtype).np), None, device, requires_grad), "ones")


def empty(*sizes, size=_NO_SIZE, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          memory_format=None, pin_memory=False) -> Tensor:
    shape = _plain_sizes("empty", sizes, size, layout, pin_memory)
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    if memory_format is not None:
        _check_memory_format(memory_format, len(shape))
    if isinstance(out, Tensor) and out._rg:
        raise RuntimeError("cannot resize variables that require grad")
    data = np.zeros(shape, dtype=_dt(dtype).np)
    if out is None and str(memory_format) in ("torch.channels_last", "torch.channels_last_3d"):
        from .convert import _nhwc_copy   # PyTorch lays the new tensor out channels-last (NHWC / NDHWC strides)
        data = _nhwc_copy(data, str(memory_format), force=True)
    return _factory_out(out, _finalize(data, None, device, requires_grad), "empty")


def _check_memory_format(memory_format, ndim: int) -> None:
    """``empty(..., memory_format=)``: channels-last formats need rank 4 / 5 (ember keeps row-major data)."""
    name = str(memory_format)
    if name.endswith("channels_last") and ndim != 4:
        raise RuntimeError("required rank 4 tensor to use channels_last format")
    if name.endswith("channels_last_3d") and ndim != 5:
        raise RuntimeError("required rank 5 tensor to use channels_last_3d format")


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None, layout=None,
         pin_memory=False) -> Tensor:
    """``torch.full``: ``size`` must be a sequence (a bare int is the parser's TypeError)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not {_tp_name(size)}")
    if not isinstance(fill_value, (numbers.Number, np.number, np.bool_, Tensor)):
        raise TypeError(f"full(): argument 'fill_value' (position 2) must be Number, not {_tp_name(fill_value)}")
    if layout is not None or pin_memory is not False:
        _check_factory_kwargs("full", None, layout=layout, pin_memory=pin_memory)
    if dtype is not None and dtype.__class__ is not D.dtype:
        dtype = _dtype_arg("full", dtype)
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    if dtype is None:
        if isinstance(fill_value, bool):  # (a NumPy bool_ gives the default float, as in PyTorch)
            dtype = D.bool_
        elif isinstance(fill_value, numbers.Integral):
            dtype = D.int64
        elif isinstance(fill_value, Tensor):
            dtype = fill_value.dtype
            fill_value = fill_value.item()
        elif isinstance(fill_value, complex):
            dtype = D._default_complex()
        else:
            dtype = D._default.value
    if fill_value.__class__ in (int, float) and dtype.np.kind in "iuf":
        fill_value = _scalar_to(fill_value, dtype)  # PyTorch's checked conversion: -1 -> 255 for uint8, 300 raises
    arr = np.full(_size_args((tuple(size),), "full"), fill_value, dtype=dtype.np)
    return _factory_out(out, _finalize(arr, None, device, requires_grad), "full")


def _like(x: Tensor, dtype, device):
    if dtype is not None and dtype.__class__ is not D.dtype:   # ``dtype=int`` and such, or the parser's error
        import sys
        dtype = _dtype_arg(sys._getframe(2).f_code.co_name, dtype)
    return (x.dtype if dtype is None else dtype), (x.device if device is None else device)


def _layout_like(x: Tensor, dt: D.dtype, memory_format):
    """An empty array shaped and laid out as ``torch.empty_like(x, memory_format=...)`` gives it
    (``preserve_format``: ``x``'s dim order, ``ops._layout``), or None for a plain row-major one."""
    d = x._data
    if (d.__class__ is _ndarray and d.ndim >= 2 and not d.flags.c_contiguous
            and (memory_format is None or memory_format == "torch.preserve_format")):
        return _layout.empty_like_layout(d, dt.np)
    return None


def _filled_like(x: Tensor, dtype, device, requires_grad: bool, memory_format, value) -> Tensor:
    try:
        dt, dev = _like(x, dtype, device)
    except AttributeError:  # ``zeros_like((2, 3))``: the argument parser's error
        if isinstance(x, Tensor):
            raise
        import sys
        raise TypeError(f"{sys._getframe(1).f_code.co_name}(): argument 'input' (position 1) must be Tensor, "
                        f"not {type(x).__name__}") from None
    arr = _layout_like(x, dt, memory_format)
    if arr is None:
        if x._data.__class__ is not _ndarray and getattr(x._data, "is_sparse_coo", False):  # ember/sparse
            from ..sparse._tensor_methods import filled_like
            return filled_like(x, dt, value, requires_grad)
        arr = np.full(x._data.shape, value, dtype=dt.np)
    else:
        arr[...] = value
    return _finalize(arr, None, dev, requires_grad)


def zeros_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None) -> Tensor:
    """``torch.zeros_like``: zeros in ``input``'s layout (``preserve_format``, as PyTorch)."""
    return _filled_like(input, dtype, device, requires_grad, memory_format, 0)


def ones_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None) -> Tensor:
    return _filled_like(input, dtype, device, requires_grad, memory_format, 1)


def empty_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None) -> Tensor:
    return _filled_like(input, dtype, device, requires_grad, memory_format, 0)


def full_like(input: Tensor, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None) -> Tensor:
    if fill_value.__class__ in (int, float) and isinstance(input, Tensor):  # PyTorch's checked conversion
        dt = input.dtype if dtype is None else _dt(dtype)  # (-9 -> 247 for uint8, 300 raises)
        if dt.np.kind in "iuf":
            fill_value = _scalar_to(fill_value, dt)
    return _filled_like(input, dtype, device, requires_grad, memory_format, fill_value)


def _cpp_num(v) -> str:
    """A scalar as a C++ stream prints it in PyTorch's messages (doubles as ``%g``)."""
    return f"{v:g}" if isinstance(v, float) else str(v)


_ARANGE_SIGS = (
    "(Number end, *, " + _FACTORY_TAIL,
    "(Number start, Number end, *, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
    "bool pin_memory = False, bool requires_grad = False)",
    "(Number start, Number end, Number step = 1, *, " + _FACTORY_TAIL,
)


def _is_number(v) -> bool:
    """A ``Number`` of PyTorch's argument parser: Python / NumPy scalars and one-element tensors."""
    if isinstance(v, Tensor):
        return v._data.size == 1
    return isinstance(v, (numbers.Number, np.number, np.bool_))


_UNSET = object()   # an argument not given (None is a wrong argument for arange)


def _arange_args(start, end, step):
    """``arange``'s overloads: ``(end)``, ``(start, end)``, ``(start, end, step)``; the parser's errors."""
    if end is _UNSET:
        if start is _UNSET or step is not _UNSET:
            got = [] if start is _UNSET else [start]
            raise TypeError("arange() received an invalid combination of arguments - got "
                            f"({_call_types(tuple(got), {'step': None if step is _UNSET else step})}), but expected "
                            "one of:\n"
                            + "".join(f" * {sig}\n" for sig in _ARANGE_SIGS))
        if not _is_number(start):
            raise TypeError(f"arange(): argument 'end' (position 1) must be Number, not {_tp_name(start)}")
        return 0, start, 1
    start = 0 if start is _UNSET else start
    given = (start, end) if step is _UNSET else (start, end, step)
    if not all(_is_number(v) for v in given):
        raise TypeError(f"arange() received an invalid combination of arguments - got ({_call_types(given, {})}), "
                        "but expected one of:\n" + "".join(f" * {sig}\n" for sig in _ARANGE_SIGS))
    return start, end, 1 if step is _UNSET else step


def arange(start=_UNSET, end=_UNSET, step=_UNSET, *, dtype=None, device=None, requires_grad=False, out=None,
           layout=None, pin_memory=False) -> Tensor:
    """``torch.arange``; int arguments give int64, any float gives the default dtype."""
    if requires_grad.__class__ is not bool and requires_grad is not None:
        given = tuple(v for v in (start, end, step) if v is not _UNSET)
        kwargs = dict(dtype=dtype, device=device, requires_grad=requires_grad, out=out, layout=layout,
                      pin_memory=pin_memory)
        _overloaded_requires_grad("arange", given, kwargs, _ARANGE_SIGS)
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    if end is _UNSET and step is _UNSET and start.__class__ is int:
        start, end, step = 0, start, 1
    else:
        start, end, step = _arange_args(start, end, step)
    if layout is not None or pin_memory is not False:
        _check_factory_kwargs("arange", None, layout=layout, pin_memory=pin_memory)
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    start, end, step = vals
    if not (step > 0 or step < 0):  # NaN too
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_cpp_num(start)} -> {_cpp_num(end)}")
    if (step > 0 and start > end) or (step < 0 and start < end):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if (end - start) / step > 9.223372036854775807e18:
        raise RuntimeError("invalid size, possible overflow?")
    if dtype is None:
        dtype = D.int64 if all(isinstance(v, (int, np.integer)) for v in vals) else D._default.value
    elif dtype.__class__ is not D.dtype:
        dtype = _dtype_arg("arange", dtype)
    if dtype.category == 3:
        raise NotImplementedError(f'"arange_cpu" not implemented for \'{D.SCALAR_TYPE_NAMES[dtype.name]}\'')
    if dtype.category == 2:
        n = max(int(math.ceil((end - start) / step)), 0)
        arr = _arange_float(float(start), float(step), n, dtype.np)
    else:
        arr = _arange_int(start, end, step, dtype)
    if out is not None and out._data.size != arr.size and out._data.size:
        _arange_resize_warning(out, arr.size)
    return _factory_out(out, _finalize(arr, None, device, requires_grad), "arange")


def _arange_resize_warning(out: Tensor, n: int) -> None:
    """``arange(out=)`` of the wrong size: RangeFactories' own warning, then ``out`` is resized (empty
    first, so the generic resize warning does not follow)."""
    import warnings
    from .._hints import _user_stacklevel
    shape = list(out._data.shape)
    warnings.warn(f"The number of elements in the out tensor of shape {shape} is {out._data.size} which does not "
                  f"match the computed number of elements {n}. Note that this may occur as a result of rounding "
                  f"error. The out tensor will be resized to a tensor of shape ({n},). (Triggered internally at "
                  "/__w/pytorch/pytorch/aten/src/ATen/native/RangeFactories.cpp:199.)", UserWarning,
                  stacklevel=_user_stacklevel())


def _arange_int(start, end, step, dtype) -> np.ndarray:
    """ATen's integral ``arange``: start/end/step are first truncated to int64 (so a step of 0.3
    is zero); int64 sizes its result with integer arithmetic, smaller types with the double formula."""
    if dtype.np == np.bool_ or dtype in D._BAREBONES_UNSIGNED:
        raise NotImplementedError(f'"arange_cpu" not implemented for \'{D.SCALAR_TYPE_NAMES[dtype.name]}\'')
    xs, xe, xst = int(start), int(end), int(step)
    if xst == 0 and dtype.np == np.int64:  # (other types size the result in double: all ``start``)
        raise ValueError("step must be nonzero")
    if (xst > 0 and xs > xe) or (xst < 0 and xs < xe):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype.np == np.int64:
        q = xe - xs + xst - (1 if xst > 0 else -1)
        n = abs(q) // abs(xst) * (1 if (q >= 0) == (xst > 0) else -1)  # C++ division truncates toward 0
    else:
        n = int(math.ceil((float(end) - float(start)) / float(step)))
    n = max(n, 0)
    return (xs + xst * np.arange(n, dtype=np.int64)).astype(dtype.np)


def _arange_vector_lanes(n: int, lanes: int):
    """Which elements ATen's ``arange_kernel`` computes with ``Vectorized::arange`` (whole blocks of two
    ``lanes``-wide vectors, from the start of each ``at::parallel_for`` chunk: ``get_num_threads()``
    chunks above 32768 elements), and the first index of each one's vector."""
    idx = np.arange(n, dtype=np.int64)
    grain = 32768
    cs, ce = np.zeros(n, dtype=np.int64), np.full(n, n, dtype=np.int64)
    if n > grain:
        from .. import get_num_threads
        tasks = min(get_num_threads(), -(-n // grain))
        if tasks > 1:
            chunk = -(-n // tasks)
            cs = idx // chunk * chunk
            ce = np.minimum(cs + chunk, n)
    rel = idx - cs
    in_vec = rel < (ce - cs) // (2 * lanes) * (2 * lanes)
    return in_vec, cs + rel // lanes * lanes


def _arange_float(start: float, step: float, n: int, npdt) -> np.ndarray:
    """ATen's ``arange_kernel`` bit for bit (AVX2 build): ``start + step * i`` in double with one
    rounding (an FMA), then cast.  Whole blocks of two vectors (8 float32 / 4 float64 lanes each) take
    ``Vectorized::arange``: each vector starts from its first value, already in the output dtype, and
    adds ``k * step``; the last values of an odd-length tail take the scalar formula."""
    from ..backend.fma import fma64 as _fma64
    lanes = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}.get(np.dtype(npdt))
    if lanes is None:
        return _arange_half(start, step, n)
    idx = np.arange(n, dtype=np.float64)
    out = _fma64(np.full(n, step), idx, np.full(n, start)).astype(npdt) if n else np.empty(0, dtype=npdt)
    in_vec, first = _arange_vector_lanes(n, lanes)
    if in_vec.any():
        fv, iv = first[in_vec].astype(np.float64), idx[in_vec]
        st = np.full(fv.size, step)
        base = _fma64(st, fv, np.full(fv.size, start)).astype(npdt).astype(np.float64)
        out[in_vec] = _fma64(st, iv - fv, base).astype(npdt)
    return out


def _arange_half(start: float, step: float, n: int) -> np.ndarray:
    """float16 ``arange_kernel``: the accumulate type is float, so ``start + step * i`` is an FMA in float;
    whole blocks of two 16-lane ``Vectorized<Half>`` take ``Vectorized::arange(base, step)``, whose lanes
    are ``base + k * step`` with ``base`` (the vector's first value) already rounded to half."""
    from ..backend.fma import fma32
    f = np.float32
    idx = np.arange(n, dtype=f)
    out = fma32(np.full(n, step, dtype=f), idx, np.full(n, start, dtype=f)).astype(np.float16)
    in_vec, first = _arange_vector_lanes(n, 16)
    if in_vec.any():
        fv, iv = first[in_vec].astype(f), idx[in_vec]
        st = np.full(fv.size, step, dtype=f)
        base = fma32(st, fv, np.full(fv.size, start, dtype=f)).astype(np.float16).astype(f)
        out[in_vec] = fma32(iv - fv, st, base).astype(np.float16)
    return out


def range_(start, end, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """Deprecated ``torch.range`` (``end`` included), with PyTorch's warning and checks."""
    import warnings
    from .._hints import _user_stacklevel
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=_user_stacklevel())
    if not (step > 0 or step < 0):
        raise RuntimeError("step must be nonzero")
    if (step > 0 and start > end) or (step < 0 and start < end):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = int(math.floor((end - start) / step)) + 1
    arr = (np.arange(n, dtype=np.float64) * step + start).astype(_dt(dtype).np)
    return _finalize(arr, None, device, requires_grad)


_CPP_SCALAR_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double", "int8": "int8_t",
                     "int16": "int16_t", "int32": "int", "int64": "int64_t", "uint8": "uint8_t", "bool": "bool",
                     "uint16": "uint16_t", "uint32": "uint32_t", "uint64": "uint64_t"}


def _scalar_to(v, dt: D.dtype):
    """``c10::Scalar::to<T>()`` (``checked_convert``): a Python number as a value of ``dt`` (a Python int
    for integer types, a NumPy scalar for floating ones), or PyTorch's overflow ``RuntimeError``."""
    if isinstance(v, Tensor):
        v = v.item()
    if dt.category == 1:
        from ._common import _INT_RANGE
        lo, hi = _INT_RANGE[dt.np]
        if isinstance(v, float):
            if not float(lo) <= v <= float(hi):  # (in double, as ATen compares; NaN too)
                raise _scalar_overflow(dt)
            iv = int(v)
            return iv if iv <= hi else iv - (1 << 64)  # (2.0**63 -> INT64_MIN, as the C cast gives)
        iv = int(v)
        if lo <= iv <= hi:
            return iv
        if not (-hi if lo == 0 else lo) <= iv <= hi:  # (unsigned types take -max..-1, wrapped)
            raise _scalar_overflow(dt)
        return iv % (1 << (8 * dt.itemsize))
    if dt.category == 2:
        fv = float(v)
        if dt is not D.float64 and abs(fv) > _FLOAT_MAX[dt.name] and fv - fv == 0:  # (finite, too large)
            raise _scalar_overflow(dt)
        if dt is D.float16:
            return np.float16(np.float32(fv))  # (double -> float -> Half)
        return dt.np.type(fv)
    return dt.np.type(v)


_FLOAT_MAX = {"float16": 65504.0, "float32": 3.4028234663852886e38}


def _scalar_overflow(dt: D.dtype) -> RuntimeError:
    return RuntimeError(f"value cannot be converted to type {_CPP_SCALAR_NAMES.get(dt.name, dt.name)} without "
                        "overflow")


def _double_to_int(vals: np.ndarray, npdt) -> np.ndarray:
    """C's ``static_cast`` of doubles to an integer type as GCC compiles it on x86 (``cvttsd2si``): truncation;
    out of range (or NaN) gives the 64-bit (int64, uint32) or 32-bit (smaller types) "integer indefinite"
    ``INT_MIN``, whose low bits the narrower types keep."""
    dt = np.dtype(npdt)
    bits = 64 if dt.itemsize >= 8 or dt == np.uint32 else 32
    lim = float(1 << (bits - 1))
    with np.errstate(invalid="ignore"):
        t = np.trunc(vals)
        ok = (t >= -lim) & (t < lim)
    return np.where(ok, t, -lim).astype(np.int64).astype(dt)


def _steps_arg(fn: str, start, end, steps, dtype, requires_grad):
    """``steps`` must be an int (a bool or float is PyTorch's argument-parser ``TypeError``)."""
    if steps.__class__ is int or (isinstance(steps, (int, np.integer)) and not isinstance(steps, (bool, np.bool_))):
        return int(steps)
    if isinstance(steps, Tensor) and steps._data.ndim == 0 and steps._data.dtype.kind in "iu":
        return int(steps)
    from ._argerrors import type_name
    got = [type_name(x) for x in (start, end, steps) if x is not _UNSET]  # (steps left out: the parser's error)
    if dtype is not None:
        got.append("dtype=torch.dtype")
    if requires_grad:
        got.append("requires_grad=bool")
    base = ", float base = 10.0" if fn == "logspace" else ""
    tail = (f"{base}, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
            "torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")
    sigs = "".join(f" * ({a} start, {b} end, int steps{tail}" for a, b in
                   (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")))
    raise TypeError(f"{fn}() received an invalid combination of arguments - got ({', '.join(got)}), but expected "
                    f"one of:\n{sigs}")


def _range_args(fn: str, start, end, steps, dtype, requires_grad, out=None, base=None):
    """``linspace``/``logspace``'s checked arguments: Python-number ends, int steps, the dtype."""
    if steps.__class__ is not int:
        steps = _steps_arg(fn, start, end, steps, dtype, requires_grad)
    if requires_grad.__class__ is not bool and requires_grad is not None:
        given = (start, end, steps) if base is None else (start, end, steps, base)
        tail = (", float base = 10.0" if fn == "logspace" else "") + ", *, " + _FACTORY_TAIL
        sigs = tuple(f"({a} start, {b} end, int steps{tail}" for a, b in
                     (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")))
        _overloaded_requires_grad(fn, given, dict(dtype=dtype, requires_grad=requires_grad, out=out), sigs)
    if start.__class__ is Tensor or end.__class__ is Tensor:
        _check_0d_ends(fn, start, end)
    if isinstance(start, Tensor):
        start = start.item()
    if isinstance(end, Tensor):
        end = end.item()
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _dt(dtype) if dtype is None or dtype.__class__ is D.dtype else _dtype_arg(fn, dtype)
    if dt.np == np.bool_ or dt in D._BAREBONES_UNSIGNED:
        raise NotImplementedError(f'"{fn}_cpu" not implemented for \'{D.SCALAR_TYPE_NAMES[dt.name]}\'')
    return start, end, steps, dt


def _check_0d_ends(fn: str, start, end) -> None:
    """``linspace``/``logspace`` take only 0-d tensor ends (RangeFactories' check)."""
    sd = start.dim() if isinstance(start, Tensor) else 0
    ed = end.dim() if isinstance(end, Tensor) else 0
    if sd or ed:
        raise RuntimeError(f"{fn} only supports 0-dimensional start and end tensors, but got start with {sd} "
                           f"dimension(s) and end with {ed} dimension(s).")


def linspace(start, end, steps: int = _UNSET, *, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    """``torch.linspace``: computed like PyTorch (from both ends) for identical values."""
    start, end, steps, dt = _range_args("linspace", start, end, steps, dtype, requires_grad, out)
    if steps == 0:
        arr = np.zeros(0, dtype=dt.np)
    elif dt.category == 3:
        arr = np.linspace(start, end, steps).astype(dt.np) if steps > 1 else np.array([start], dtype=dt.np)
    elif steps == 1:  # (``fill_(start)``)
        arr = np.array([_scalar_to(start, dt)], dtype=dt.np)
    elif dt.category == 1:
        arr = _double_to_int(_linspace_exponents(start, end, steps, dt), dt.np)
    else:
        arr = _linspace_float(start, end, steps, dt)
    return _factory_out(out, _finalize(arr, None, device, requires_grad), "linspace")


def _linspace_exponents(start, end, steps: int, dt: D.dtype) -> np.ndarray:
    """ATen's integral ``linspace_kernel``: ``start``/``end`` converted to the integer type first, the step
    in double, then ``start + step * i`` below the halfway index and ``end - step * (steps - 1 - i)`` from
    it (FMAs), as doubles (the caller casts them)."""
    from ..backend.fma import fma64
    s, e = _scalar_to(start, dt), _scalar_to(end, dt)
    step = (float(e) - float(s)) / (steps - 1)
    idx = np.arange(steps, dtype=np.float64)
    up = idx < steps // 2
    fwd = fma64(np.full(steps, step), idx, np.full(steps, float(s)))
    bwd = fma64(np.full(steps, -step), (steps - 1) - idx, np.full(steps, float(e)))
    return np.where(up, fwd, bwd)


def _linspace_float(start, end, steps: int, dt: D.dtype) -> np.ndarray:
    """ATen's ``linspace_kernel`` bit for bit: ``start + step * i`` below the halfway index and
    ``end - step * (steps - 1 - i)`` from it, each rounded once (the build contracts them to FMAs).
    float32: the product is exact in float64, then one rounding; float64: an exact FMA emulation;
    float16: c10::Half's per-operation rounding (no FMA)."""
    npdt = dt.np
    s, e = _scalar_to(start, dt), _scalar_to(end, dt)
    idx = np.arange(steps)
    up = idx < steps // 2
    if npdt == np.float16:  # c10::Half arithmetic: every operation (and each integer operand) rounded to half
        f, h = np.float32, np.float16
        step = h(f(h(f(e) - f(s))) / f(h(steps - 1)))
        fwd = (f(s) + (f(step) * idx.astype(h).astype(f)).astype(h).astype(f)).astype(h)
        bwd = (f(e) - (f(step) * (steps - 1 - idx).astype(h).astype(f)).astype(h).astype(f)).astype(h)
        return np.where(up, fwd, bwd)
    ctype = npdt.type
    step = (e - s) / ctype(steps - 1)
    if npdt == np.float64:
        from ..backend.fma import fma64 as _fma64
        fwd = _fma64(np.full(steps, step), idx.astype(np.float64), np.full(steps, s))
        bwd = _fma64(np.full(steps, -step), (steps - 1 - idx).astype(np.float64), np.full(steps, e))
        return np.where(up, fwd, bwd)
    s64, e64, st64 = np.float64(s), np.float64(e), np.float64(step)
    return np.where(up, s64 + st64 * idx, e64 - st64 * (steps - 1 - idx)).astype(npdt)


def logspace(start, end, steps: int = _UNSET, base: float = 10.0, *, dtype=None, device=None, requires_grad=False,
             out=None) -> Tensor:
    """``torch.logspace`` as ATen's ``logspace_out``: ``start``/``end`` converted to the dtype first (their
    difference too), the step and exponents (from both ends like ``linspace``) in double, then
    ``std::pow(base, exponent)`` in double, cast to the dtype.  (RangeFactories.cpp is built for the
    baseline CPU: no FMA, unlike the ``linspace`` kernel.)"""
    start, end, steps, dt = _range_args("logspace", start, end, steps, dtype, requires_grad, out,
                                        None if base is _LOGSPACE_BASE else base)
    base = float(base)
    if steps == 0:
        arr = np.zeros(0, dtype=dt.np)
    elif dt.category == 3:
        arr = np.power(base, np.linspace(start, end, steps)).astype(dt.np)
    elif steps == 1:  # (``fill_(pow(base, start))``)
        arr = np.array([_scalar_to(float(np.power(base, float(start))), dt)], dtype=dt.np)
    else:
        s, e = _scalar_to(start, dt), _scalar_to(end, dt)
        if dt.category == 1:
            diff = e - s
            if dt.itemsize >= 4:  # (int / int64_t subtraction wraps; smaller types are promoted to int)
                diff = int(np.array(diff % (1 << (8 * dt.itemsize)), np.uint64).astype(dt.np))
        else:
            diff = (e - s).astype(dt.np) if dt is not D.float16 else np.float16(np.float32(e) - np.float32(s))
        step = float(diff) / (steps - 1)
        idx = np.arange(steps, dtype=np.float64)
        up = idx < steps // 2
        with np.errstate(all="ignore"):
            vals = np.power(base, np.where(up, float(s) + step * idx, float(e) - step * ((steps - 1) - idx)))
        if dt.category == 1:
            arr = _double_to_int(vals, dt.np)
        elif dt is D.float16:
            arr = vals.astype(np.float32).astype(np.float16)
        else:
            arr = vals.astype(dt.np)
    return _factory_out(out, _finalize(np.asarray(arr), None, device, requires_grad), "logspace")


_LOGSPACE_BASE = logspace.__defaults__[-1]  # (a ``base`` the caller left out is not in the parser's "got")
_EYE_SIGS = ("(int n, *, " + _FACTORY_TAIL, "(int n, int m, *, " + _FACTORY_TAIL)


def eye(n: int, m: Optional[int] = None, *, dtype=None, device=None, requires_grad=False, out=None, layout=None,
        pin_memory=False) -> Tensor:
    """``torch.eye`` with the argument parser's int checks."""
    if requires_grad.__class__ is not bool and requires_grad is not None:
        kwargs = dict(dtype=dtype, device=device, requires_grad=requires_grad, out=out, layout=layout,
                      pin_memory=pin_memory)
        _overloaded_requires_grad("eye", (n,) if m is None else (n, m), kwargs, _EYE_SIGS)
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    if n.__class__ is not int or (m is not None and m.__class__ is not int):
        if m is None:
            n = _int_arg("eye", "n", 1, n)
        elif not (_int_like(n) and _int_like(m)):
            raise TypeError("eye() received an invalid combination of arguments - got "
                            f"({_call_types((n, m), {})}), but expected one of:\n"
                            + "".join(f" * {sig}\n" for sig in _EYE_SIGS))
        else:
            n, m = int(n), int(m)
    if layout is not None or pin_memory is not False:
        _check_factory_kwargs("eye", None, layout=layout, pin_memory=pin_memory)
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    dt = _dt(dtype)
    if dt in D._BAREBONES_UNSIGNED:
        raise NotImplementedError(f'"eye" not implemented for \'{D.SCALAR_TYPE_NAMES[dt.name]}\'')
    return _factory_out(out, _finalize(np.eye(n, m, dtype=dt.np), None, device, requires_grad), "eye")


def scalar_tensor(value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    dt = _dt(dtype)
    if value.__class__ in (int, float) and dt.np.kind in "iuf":  # (PyTorch's checked scalar conversion)
        value = _scalar_to(value, dt)
    return _finalize(np.array(value, dtype=dt.np), None, device, requires_grad)


# ------------------------------------------------------------------ random
def _gen(generator):
    from .. import _rng
    return _rng.default_generator if generator is None else getattr(generator, "_impl", generator)


def _random_sizes(fn: str, sizes: tuple, kwargs: dict) -> tuple:
    """Checked size of ``rand``/``randn``; the uncommon keywords are checked only when given."""
    size = kwargs["size"]
    if kwargs["generator"] is not None or kwargs["layout"] is not None or kwargs["pin_memory"] is not False:
        _check_factory_kwargs(fn, lambda: _call_types(sizes, kwargs), kwargs["generator"], kwargs["layout"],
                              kwargs["pin_memory"])
    if size is None and sizes and sizes[0].__class__ is int:
        return _size_args(sizes, fn)
    return _factory_sizes(fn, sizes, size, True, lambda: _call_types(sizes, kwargs))


def _check_float_dtype(fn: str, dt: D.dtype) -> None:
    """``rand``/``randn`` of an integer dtype: the uniform / normal kernels' dispatch errors."""
    if dt.np.kind not in "fc":
        kernel = "check_uniform_bounds" if fn.startswith("rand") and not fn.startswith("randn") else "normal_kernel_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{D.SCALAR_TYPE_NAMES[dt.name]}'")


def _float_random(fn: str, sampler: str, sizes, size, generator, dtype, device, requires_grad, out, layout,
                  pin_memory) -> Tensor:
    """``torch.rand``/``torch.randn``: ``sampler`` (``_rng.uniform``/``_rng.normal``) values of ``dtype``,
    with PyTorch's argument checks (a plain ``rand(2, 3)`` skips straight to the draw)."""
    from .. import _rng
    if size is _NO_SIZE and generator is None and layout is None and pin_memory is False and sizes \
            and sizes[0].__class__ is int:
        shape = _size_args(sizes, fn)
    else:
        if size is not _NO_SIZE and not sizes and not isinstance(size, (tuple, list)):
            raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, not {_tp_name(size)}")
        shape = _random_sizes(fn, sizes, dict(size=None if size is _NO_SIZE else size, generator=generator,
                                              dtype=dtype, device=device, requires_grad=requires_grad, out=out,
                                              layout=layout, pin_memory=pin_memory))
    if requires_grad is not False and requires_grad is not True and requires_grad is not None:
        kwargs = dict(generator=generator, dtype=dtype, device=device, requires_grad=requires_grad, out=out,
                      layout=layout, pin_memory=pin_memory)
        if size is not _NO_SIZE:
            kwargs["size"] = size
        raise _invalid_combination(fn, _call_types(sizes, kwargs))
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    dt = _dt(dtype)
    if dt.np.kind not in "fc":
        _check_float_dtype(fn, dt)
    arr = getattr(_rng, sampler)(_gen(generator), shape, dt.np)
    return _factory_out(out, _finalize(np.asarray(arr), None, device, requires_grad), fn)


def rand(*sizes, size=_NO_SIZE, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
         pin_memory=False) -> Tensor:
    """``torch.rand``: uniform values in [0, 1), PyTorch's stream."""
    return _float_random("rand", "uniform", sizes, size, generator, dtype, device, requires_grad, out, layout,
                         pin_memory)


def randn(*sizes, size=_NO_SIZE, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          pin_memory=False) -> Tensor:
    """``torch.randn``: standard normal values, PyTorch's stream."""
    return _float_random("randn", "normal", sizes, size, generator, dtype, device, requires_grad, out, layout,
                         pin_memory)


def _int_arg(fn: str, name: str, pos: int, value) -> int:
    """An ``int`` parameter of the argument parser (0-d integer tensors and NumPy ints accepted)."""
    if _int_like(value):
        value = int(value)
        if not -_INT64_LIMIT <= value < _INT64_LIMIT:
            raise ValueError("Overflow when unpacking long long")
        return value
    raise TypeError(f"{fn}(): argument '{name}' (position {pos}) must be int, not {_tp_name(value)}")


# randint's overloads as PyTorch's argument parser holds them: (parameters, whether the
# ``generator`` keyword is required, how many arguments the overload takes at most)
_RANDINT_OVERLOADS = ((("high", "size"), True, 9), (("high", "size"), False, 8),
                      (("low", "high", "size"), True, 10), (("low", "high", "size"), False, 9))


def _bind_overload(args: tuple, named: dict, overloads: tuple):
    """The values of the first parameter list in ``overloads`` that takes exactly the positional
    ``args`` and the keywords ``named`` (each parameter once, none left over), as a dict; None if
    none does (the caller then raises its parser error)."""
    for params in overloads:
        if len(args) <= len(params) and all(k in params for k in named):
            vals = dict(zip(params, args))
            if not any(k in vals for k in named) and len(vals) + len(named) == len(params):
                vals.update(named)
                return vals
    return None


def _randint_bind(args: tuple, named: dict, extra: dict) -> tuple:
    """``(low, high, size, two)`` of a ``randint`` call bound to ``(high, size)`` (``two``, ``low`` 0)
    or ``(low, high, size)``, positional ``args`` first, then the keywords ``named``; or PyTorch's
    parser error when neither overload takes the call (``extra``: the other keyword arguments)."""
    vals = _bind_overload(args, named, (("high", "size"), ("low", "high", "size")))
    if vals is None:
        raise _randint_parse_error(args, named, extra)
    return vals.get("low", 0), vals["high"], vals["size"], len(vals) == 2


def _randint_parse_error(args: tuple, named: dict, extra: dict) -> TypeError:
    """The parser's error for a ``randint`` call no overload takes: the overloads whose argument counts
    admit the call are the plausible ones; a single one reports its missing arguments, otherwise the
    call is "an invalid combination" (its summary ends in ``, `` when it has keywords only)."""
    passed = {k: v for k, v in extra.items() if v is not None and v is not False}
    n = len(args) + len(named) + len(passed)
    plausible = [params for params, needs_gen, most in _RANDINT_OVERLOADS if len(params) + needs_gen <= n <= most]
    if len(plausible) == 1:
        params = plausible[0]
        given = tuple(i < len(args) or p in named for i, p in enumerate(params))
        if not all(given):
            return missing_arguments_error("randint", params, given)
    kwargs = {**named, **passed}
    got = _call_types(args, kwargs)
    return _invalid_combination("randint", got + ", " if kwargs and not args else got)


def randint(*args, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
            pin_memory=False, **named) -> Tensor:
    """``torch.randint(high, size)`` / ``torch.randint(low, high, size)`` with the parser's checks
    (``low``, ``high`` and ``size`` may be keywords, as in ``RandomSampler``'s ``randint(high=n, size=(32,), ...)``)."""
    from .. import _rng
    extra = dict(generator=generator, dtype=dtype, device=device, requires_grad=requires_grad, out=out,
                 layout=layout, pin_memory=pin_memory)
    low, high, size, two = _randint_bind(args, named, extra)
    if generator is not None or layout is not None or pin_memory is not False:
        kwargs = dict(generator=generator, dtype=dtype, layout=layout, pin_memory=pin_memory, out=out, **named)
        _check_factory_kwargs("randint", lambda: _call_types(args, kwargs) + (", " if not args else ""),
                              generator, layout, pin_memory)
    low = 0 if two else _int_arg("randint", "low", 1, low)
    high = _int_arg("randint", "high", 1 if two else 2, high)
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"randint(): argument 'size' (position {2 if two else 3}) must be tuple of ints, not "
                        f"{_tp_name(size)}")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    dt = D.int64 if dtype is None else _dt(dtype)
    arr = _rng.randint(_gen(generator), low, high, _size_args((tuple(size),), "randint"), dt.np)
    return _factory_out(out, _finalize(np.asarray(arr), None, device, requires_grad), "randint")


def _randperm_bad_n(n, kwargs: dict) -> None:
    """A non-int ``n`` with any keyword: both ``randperm`` overloads take two or more arguments then, so PyTorch's
    parser reports ``received an invalid combination of arguments`` rather than ``argument 'n' must be int``."""
    passed = {k: v for k, v in kwargs.items() if v is not None and v is not False}
    if passed:
        raise _invalid_combination("randperm", _call_types((n,), passed)) from None


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
             pin_memory=False) -> Tensor:
    from .. import _rng
    if generator is not None or layout is not None or pin_memory is not False:
        kwargs = dict(generator=generator, dtype=dtype, layout=layout, pin_memory=pin_memory, out=out)
        _check_factory_kwargs("randperm", lambda: _call_types((n,), kwargs), generator, layout, pin_memory)
    try:
        n = _int_arg("randperm", "n", 1, n)
    except TypeError:
        _randperm_bad_n(n, dict(generator=generator, dtype=dtype, device=device, requires_grad=requires_grad,
                                out=out, layout=layout, pin_memory=pin_memory))
        raise
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    if out is not None:
        dtype = _dtype_from_out(dtype, out)
    dt = D.int64 if dtype is None else _dt(dtype)
    arr = _rng.randperm(_gen(generator), n, dt.np)
    return _factory_out(out, _finalize(np.asarray(arr), None, device, requires_grad), "randperm")


def _random_like(x: Tensor, dtype, device, requires_grad: bool, memory_format, fill) -> Optional[Tensor]:
    """``torch.empty_like(x).<fill>_()`` for an ``x`` whose layout is not row-major: PyTorch's
    sampler walks the new tensor in memory order (``ops._layout``).  None: the caller's plain
    row-major draw gives the same values."""
    try:
        dt = x.dtype if dtype is None else dtype
    except AttributeError:  # ``rand_like((2, 3))``: the argument parser's error
        if isinstance(x, Tensor):
            raise
        import sys
        raise TypeError(f"{sys._getframe(1).f_code.co_name}(): argument 'input' (position 1) must be Tensor, "
                        f"not {type(x).__name__}") from None
    arr = _layout_like(x, dt, memory_format)
    if arr is None:
        return None
    t = _make(arr)
    fill(t)
    return _finalize(t._data, None, x.device if device is None else device, requires_grad)


def rand_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, generator=None,
              memory_format=None) -> Tensor:
    x = input  # PyTorch's keyword name
    if generator is not None:
        _check_factory_kwargs("rand_like", lambda: _call_types((x,), dict(generator=generator)), generator)
    out = _random_like(x, dtype, device, requires_grad, memory_format,
                       lambda t: _random_ops.uniform_(t, generator=generator))
    if out is not None:
        return out
    return rand(x._data.shape, dtype=x.dtype if dtype is None else dtype, device=device, requires_grad=requires_grad,
                generator=generator)


def randn_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, generator=None,
               memory_format=None) -> Tensor:
    x = input  # PyTorch's keyword name
    if generator is not None:
        _check_factory_kwargs("randn_like", lambda: _call_types((x,), dict(generator=generator)), generator)
    out = _random_like(x, dtype, device, requires_grad, memory_format,
                       lambda t: _random_ops.normal_(t, generator=generator))
    if out is not None:
        return out
    return randn(x._data.shape, dtype=x.dtype if dtype is None else dtype, device=device, requires_grad=requires_grad,
                 generator=generator)


def _randint_like_error(x: Tensor, args: tuple, named: dict, generator) -> TypeError:
    """PyTorch's "invalid combination" error for ``randint_like``'s overloads (``(input, high)``,
    ``(input, Tensor high)``, ``(input, low, high)``, each with and without a generator) called with
    ``x``, the positional ``args`` and the keywords ``named``."""
    sigs = tuple(f"(Tensor input, {a}*, {g}{_LIKE_TAIL}"
                 for a in ("int low, int high, ", "Tensor high, ", "int high, ")
                 for g in ("torch.Generator generator, ", ""))
    kwargs = dict(named) if generator is None else dict(named, generator=generator)
    return TypeError(f"randint_like() received an invalid combination of arguments - got "
                     f"({_call_types((x,) + args, kwargs)}), but expected one of:\n" + "".join(f" * {sig}\n" for sig in sigs))


def randint_like(input: Tensor, *args, dtype=None, device=None, requires_grad=False, memory_format=None,
                 generator=None, **named) -> Tensor:
    """``torch.randint_like(input, high)`` / ``(input, low, high)`` (``high`` may be a keyword)."""
    x = input  # PyTorch's keyword name
    vals = _bind_overload(args, named, (("high",), ("low", "high")))
    if vals is None:
        raise _randint_like_error(x, args, named, generator)
    low, high = (vals["high"], None) if len(vals) == 1 else (vals["low"], vals["high"])
    if generator is not None and not _is_generator(generator):
        raise _randint_like_error(x, args, named, generator)
    if not (_int_like(low) or (high is None and isinstance(low, Tensor))) or not (high is None or _int_like(high)):
        raise _randint_like_error(x, args, named, generator)
    lo, hi = (0, low) if high is None else (low, high)
    out = _random_like(x, dtype, device, requires_grad, memory_format,
                       lambda t: _random_ops.random_(t, lo, hi, generator=generator))
    if out is not None:
        return out
    return randint(lo, hi, x._data.shape, dtype=x.dtype if dtype is None else dtype, device=device,
                   generator=generator)
