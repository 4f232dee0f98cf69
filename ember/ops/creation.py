"""Factory functions: ``tensor``, ``zeros``, ``arange``, ``rand`` and friends.

dtype inference mirrors ``torch.tensor``: Python floats give the default
dtype (float32), ints give int64, bools give bool, NumPy arrays keep their
dtype.  Random factories draw from ``ember._rng``, whose streams are
bit-identical to PyTorch's CPU generator.
"""
from __future__ import annotations

import math
import numbers
from typing import Any, Optional

import numpy as np

from .. import _dtype as D
from .. import _factory_defaults
from ..backend import device as _dev
from . import _layout
from . import random_ops as _random_ops
from ._common import Tensor, _make, int_scalar, write_out

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
        if arr.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._rg = True
    return t


def _infer_dtype(data) -> Optional[D.dtype]:
    """dtype PyTorch infers from nested Python data (None: keep NumPy's)."""
    kinds = set()
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, Tensor):
            kinds.add(("t", D.from_numpy_dtype(x._data.dtype)))
        elif isinstance(x, np.ndarray) or isinstance(x, np.generic):
            kinds.add(("t", D.from_numpy_dtype(x.dtype)))
        elif isinstance(x, bool):
            kinds.add(("p", D.bool_))
        elif isinstance(x, numbers.Integral):
            kinds.add(("p", D.int64))
        elif isinstance(x, complex):
            kinds.add(("p", D.complex64))
        elif isinstance(x, numbers.Real):
            kinds.add(("p", D._default.value))
        else:
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
    if not kinds:
        return D._default.value
    best = None
    for _, d in kinds:
        best = d if best is None else D.promote_types(best, d)
    return best


def _to_array(data):
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)):
        out = [_to_array(x) for x in data]
        return out
    return data


def _check_ragged(data, dim=0):
    if isinstance(data, (list, tuple)) and data:
        lens = None
        for item in data:
            if isinstance(item, (list, tuple)):
                if lens is None:
                    lens = len(item)
                elif len(item) != lens:
                    raise ValueError(f"expected sequence of length {lens} at dim {dim + 1} (got {len(item)})")
        for item in data:
            _check_ragged(item, dim + 1)


def tensor(data: Any, *, dtype: Optional[D.dtype] = None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """``torch.tensor``: always copies ``data`` into a new leaf tensor."""
    if data.__class__ is float and dtype is None:  # the common 0-d case: straight to a NumPy scalar
        return _finalize(D._default.value.np.type(data), None, device, requires_grad)
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
        arr = np.array(data, copy=True)
        if arr.dtype == np.float64 or arr.dtype.kind in "biufc":
            D.from_numpy_dtype(arr.dtype)
        return _finalize(arr, dtype, device, requires_grad)
    if isinstance(data, np.generic) and dtype is None and data.dtype.kind in "biufc":
        return _finalize(np.array(data), None, device, requires_grad)  # a NumPy scalar keeps its dtype
    if isinstance(data, (float, int, bool)) and dtype is None:
        inferred = D.bool_ if isinstance(data, bool) else (D.int64 if isinstance(data, int) else D._default.value)
        return _finalize(np.array(data, dtype=inferred.np), None, device, requires_grad)
    inferred = _infer_dtype(data) if dtype is None else dtype
    _check_ragged(data)
    try:
        arr = np.array(_to_array(data), dtype=inferred.np)
    except OverflowError:
        raise RuntimeError(f"value cannot be converted to type {inferred.name} without overflow") from None
    except (ValueError, TypeError) as e:
        if "could not convert" in str(e):
            raise TypeError(f"new(): invalid data type '{type(data).__name__}'") from None
        raise
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


def from_numpy(arr: np.ndarray) -> Tensor:
    """``torch.from_numpy``: the tensor and the array share memory."""
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(arr).__name__})")
    D.from_numpy_dtype(arr.dtype)
    return _make(arr)


def _size_args(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    for s in size:
        if not isinstance(s, (int, np.integer)) and not (isinstance(s, Tensor) and s.numel() == 1):
            raise TypeError(
                f"zeros(): argument 'size' (position 1) must be tuple of ints, but found element of type "
                f"{type(s).__name__} at pos 0"
            )
    size = tuple(int(s) for s in size)
    for s in size:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")
    return size


def _dt(dtype) -> D.dtype:
    return D._default.value if dtype is None else dtype


def zeros(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None) -> Tensor:
    size = sizes if size is None else (size,)  # positional sizes or PyTorch's ``size=`` keyword
    flat = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    if any(isinstance(s, (int, np.integer)) and s < 0 for s in flat):
        raise RuntimeError("zeros: Dimension size must be non-negative.")  # (zeros has its own check)
    return write_out(out, _finalize(np.zeros(_size_args(size), dtype=_dt(dtype).np), None, device, requires_grad))


def ones(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None) -> Tensor:
    size = sizes if size is None else (size,)  # positional sizes or PyTorch's ``size=`` keyword
    return write_out(out, _finalize(np.ones(_size_args(size), dtype=_dt(dtype).np), None, device, requires_grad))


def empty(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          memory_format=None, pin_memory=False) -> Tensor:
    size = sizes if size is None else (size,)
    return write_out(out, _finalize(np.zeros(_size_args(size), dtype=_dt(dtype).np), None, device, requires_grad))


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    if dtype is None:
        if isinstance(fill_value, bool):  # (a NumPy bool_ gives the default float, as in PyTorch)
            dtype = D.bool_
        elif isinstance(fill_value, numbers.Integral):
            dtype = D.int64
        elif isinstance(fill_value, Tensor):
            dtype = fill_value.dtype
            fill_value = fill_value.item()
        else:
            dtype = D._default.value
    if fill_value.__class__ is int and dtype.np.kind in "iu":
        fill_value = int_scalar(dtype.np, fill_value)  # wraps like PyTorch: full((2,), -1, dtype=uint8) -> 255
    arr = np.full(_size_args((size,) if not isinstance(size, (tuple, list)) else (tuple(size),)), fill_value, dtype=dtype.np)
    return write_out(out, _finalize(arr, None, device, requires_grad))


def _like(x: Tensor, dtype, device):
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
    dt, dev = _like(x, dtype, device)
    arr = _layout_like(x, dt, memory_format)
    if arr is None:
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
    return _filled_like(input, dtype, device, requires_grad, memory_format, fill_value)


def _cpp_num(v) -> str:
    """A scalar as a C++ stream prints it in PyTorch's messages (doubles as ``%g``)."""
    return f"{v:g}" if isinstance(v, float) else str(v)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    """``torch.arange``; int arguments give int64, any float gives the default dtype."""
    if end is None:
        start, end = 0, start
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
    if dtype.category == 2:
        n = max(int(math.ceil((end - start) / step)), 0)
        arr = _arange_float(float(start), float(step), n, dtype.np)
    else:
        arr = _arange_int(start, end, step, dtype)
    return write_out(out, _finalize(arr, None, device, requires_grad))


def _arange_int(start, end, step, dtype) -> np.ndarray:
    """ATen's integral ``arange``: start/end/step are first truncated to int64 (so a step of 0.3
    is zero); int64 sizes its result with integer arithmetic, smaller types with the double formula."""
    if dtype.np == np.bool_:
        raise NotImplementedError('"arange_cpu" not implemented for \'Bool\'')
    xs, xe, xst = int(start), int(end), int(step)
    if xst == 0:
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


def _arange_float(start: float, step: float, n: int, npdt) -> np.ndarray:
    """ATen's ``arange_kernel`` bit for bit (AVX2 build): ``start + step * i`` in double with one
    rounding (an FMA), then cast.  Whole blocks of two vectors (8 float32 / 4 float64 lanes each) take
    ``Vectorized::arange``: each vector starts from its first value, already in the output dtype, and
    adds ``k * step``; the last values of an odd-length tail take the scalar formula."""
    from ..backend.fma import fma64 as _fma64
    idx = np.arange(n, dtype=np.float64)
    lanes = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}.get(np.dtype(npdt))
    if lanes is None:  # float16: the scalar formula throughout
        return (_fma64(np.full(n, step), idx, np.full(n, start)) if n else idx).astype(npdt)
    nvec = (n // (2 * lanes)) * 2 * lanes
    out = np.empty(n, dtype=npdt)
    if nvec:
        first = np.floor(idx[:nvec] / lanes) * lanes
        base = _fma64(np.full(nvec, step), first, np.full(nvec, start)).astype(npdt).astype(np.float64)
        out[:nvec] = _fma64(np.full(nvec, step), idx[:nvec] - first, base).astype(npdt)
    if nvec < n:
        out[nvec:] = _fma64(np.full(n - nvec, step), idx[nvec:], np.full(n - nvec, start)).astype(npdt)
    return out


def range_(start, end, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    n = int(math.floor((end - start) / step)) + 1
    arr = (np.arange(n, dtype=np.float64) * step + start).astype(_dt(dtype).np)
    return _finalize(arr, None, device, requires_grad)


def linspace(start, end, steps: int, *, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    """``torch.linspace``: computed like PyTorch (from both ends) for identical values."""
    if isinstance(start, Tensor):
        start = start.item()
    if isinstance(end, Tensor):
        end = end.item()
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _dt(dtype)
    if dt.np == np.bool_:
        raise NotImplementedError('"linspace_cpu" not implemented for \'Bool\'')
    if steps == 0:
        arr = np.zeros(0, dtype=dt.np)
    elif steps == 1:
        arr = np.array([start], dtype=dt.np)
    elif dt.category != 2:
        arr = np.linspace(start, end, steps).astype(dt.np)
    else:
        arr = _linspace_float(start, end, steps, dt.np)
    return write_out(out, _finalize(arr, None, device, requires_grad))


def _linspace_float(start, end, steps: int, npdt) -> np.ndarray:
    """ATen's ``linspace_kernel`` bit for bit: ``start + step * i`` below the halfway index and
    ``end - step * (steps - 1 - i)`` from it, each rounded once (the build contracts them to FMAs).
    float32: the product is exact in float64, then one rounding; float64: an exact FMA emulation;
    float16: c10::Half's per-operation rounding (no FMA)."""
    ctype = npdt.type
    s, e = ctype(start), ctype(end)
    idx = np.arange(steps)
    up = idx < steps // 2
    if npdt == np.float16:  # c10::Half arithmetic: every operation (and each integer operand) rounded to half
        f, h = np.float32, np.float16
        step = h(f(h(f(e) - f(s))) / f(h(steps - 1)))
        fwd = (f(s) + (f(step) * idx.astype(h).astype(f)).astype(h).astype(f)).astype(h)
        bwd = (f(e) - (f(step) * (steps - 1 - idx).astype(h).astype(f)).astype(h).astype(f)).astype(h)
        return np.where(up, fwd, bwd)
    step = (e - s) / ctype(steps - 1)
    if npdt == np.float64:
        from ..backend.fma import fma64 as _fma64
        fwd = _fma64(np.full(steps, step), idx.astype(np.float64), np.full(steps, s))
        bwd = _fma64(np.full(steps, -step), (steps - 1 - idx).astype(np.float64), np.full(steps, e))
        return np.where(up, fwd, bwd)
    s64, e64, st64 = np.float64(s), np.float64(e), np.float64(step)
    return np.where(up, s64 + st64 * idx, e64 - st64 * (steps - 1 - idx)).astype(npdt)


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    dt = _dt(dtype)
    if dt.np == np.bool_:
        raise NotImplementedError('"logspace_cpu" not implemented for \'Bool\'')
    exps = linspace(start, end, steps, dtype=D.float64)._data
    arr = np.power(base, exps).astype(dt.np)
    return _finalize(np.asarray(arr), None, device, requires_grad)


def eye(n: int, m: Optional[int] = None, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    return _finalize(np.eye(n, m, dtype=_dt(dtype).np), None, device, requires_grad)


def scalar_tensor(value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _finalize(np.array(value, dtype=_dt(dtype).np), None, device, requires_grad)


# ------------------------------------------------------------------ random
def _gen(generator):
    from .. import _rng
    return _rng.default_generator if generator is None else getattr(generator, "_impl", generator)


def rand(*sizes, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    from .. import _rng
    shape = _size_args(sizes if size is None else (size,))
    arr = _rng.uniform(_gen(generator), shape, _dt(dtype).np)
    return write_out(out, _finalize(np.asarray(arr), None, device, requires_grad))


def randn(*sizes, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    from .. import _rng
    shape = _size_args(sizes if size is None else (size,))
    arr = _rng.normal(_gen(generator), shape, _dt(dtype).np)
    return write_out(out, _finalize(np.asarray(arr), None, device, requires_grad))


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor:
    from .. import _rng
    if size is None and isinstance(high, (tuple, list)):
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing 1 required positional argument: 'size'")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dt = D.int64 if dtype is None else dtype
    arr = _rng.randint(_gen(generator), low, high, _size_args((tuple(size),)), dt.np)
    return _finalize(np.asarray(arr), None, device, requires_grad)


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor:
    from .. import _rng
    dt = D.int64 if dtype is None else dtype
    arr = _rng.randperm(_gen(generator), int(n), dt.np)
    return _finalize(np.asarray(arr), None, device, requires_grad)


def _random_like(x: Tensor, dtype, device, requires_grad: bool, memory_format, fill) -> Optional[Tensor]:
    """``torch.empty_like(x).<fill>_()`` for an ``x`` whose layout is not row-major: PyTorch's
    sampler walks the new tensor in memory order (``ops._layout``).  None: the caller's plain
    row-major draw gives the same values."""
    dt = x.dtype if dtype is None else dtype
    arr = _layout_like(x, dt, memory_format)
    if arr is None:
        return None
    t = _make(arr)
    fill(t)
    return _finalize(t._data, None, x.device if device is None else device, requires_grad)


def rand_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, generator=None,
              memory_format=None) -> Tensor:
    x = input  # PyTorch's keyword name
    out = _random_like(x, dtype, device, requires_grad, memory_format,
                       lambda t: _random_ops.uniform_(t, generator=generator))
    if out is not None:
        return out
    return rand(x._data.shape, dtype=x.dtype if dtype is None else dtype, device=device, requires_grad=requires_grad,
                generator=generator)


def randn_like(input: Tensor, *, dtype=None, device=None, requires_grad=False, generator=None,
               memory_format=None) -> Tensor:
    x = input  # PyTorch's keyword name
    out = _random_like(x, dtype, device, requires_grad, memory_format,
                       lambda t: _random_ops.normal_(t, generator=generator))
    if out is not None:
        return out
    return randn(x._data.shape, dtype=x.dtype if dtype is None else dtype, device=device, requires_grad=requires_grad,
                 generator=generator)


def randint_like(input: Tensor, low, high=None, *, dtype=None, device=None, requires_grad=False,
                 memory_format=None) -> Tensor:
    x = input  # PyTorch's keyword name
    lo, hi = (0, low) if high is None else (low, high)
    out = _random_like(x, dtype, device, requires_grad, memory_format, lambda t: _random_ops.random_(t, lo, hi))
    if out is not None:
        return out
    return randint(low, high, x._data.shape, dtype=x.dtype if dtype is None else dtype, device=device)
