"""``torch.testing``: ``assert_close``, ``make_tensor`` and the deprecated ``assert_allclose``.

Mirrors ``torch/testing/_comparison.py`` and ``_creation.py`` of PyTorch 2.13:
the same pair types (None, bool, number, tensor-like), the same recursion
through sequences and mappings, the same default tolerances per dtype and the
same error types and message texts.  Values are compared with ember's
``isclose`` (PyTorch's closeness rule); the mismatch statistics are computed
in NumPy in the compared dtype, like PyTorch's ``torch.max`` over the flat
differences.  ember has no sparse, quantized or float8 tensors, so those
branches of PyTorch's comparison are absent.
"""
from __future__ import annotations

import cmath
import collections.abc
import functools
import math
import warnings
from typing import Any, Callable, NoReturn, Optional, Sequence, Union

import numpy as np

from . import _dtype as D
from ._tensor import Tensor

__all__ = ["assert_close", "assert_allclose", "make_tensor"]

Msg = Optional[Union[str, Callable[[str], str]]]

# {dtype: (rtol, atol)} exactly as torch.testing._comparison._DTYPE_PRECISIONS (ember has no bfloat16/complex32).
_DTYPE_PRECISIONS = {
    D.float16: (0.001, 1e-5),
    D.float32: (1.3e-6, 1e-5),
    D.float64: (1e-7, 1e-7),
    D.complex64: (1.3e-6, 1e-5),
    D.complex128: (1e-7, 1e-7),
}


def _type_str(tp: type) -> str:
    """``str(type(x))`` as PyTorch prints it: ember's Tensor is ``torch.Tensor``."""
    if isinstance(tp, type) and issubclass(tp, Tensor) and tp.__module__.startswith("ember"):
        return "<class 'torch.Tensor'>" if tp is Tensor else f"<class 'torch.{tp.__qualname__}'>"
    return str(tp)


class ErrorMeta(Exception):
    """Error type, message and item id of a failed comparison (``torch.testing._comparison.ErrorMeta``)."""

    def __init__(self, type: type, msg: str, *, id: tuple = ()) -> None:
        super().__init__("ErrorMeta: raise ErrorMeta.to_error() for user facing errors.")
        self.type, self.msg, self.id = type, msg, id

    def to_error(self, msg: Msg = None) -> Exception:
        if not isinstance(msg, str):
            generated = self.msg
            if self.id:
                generated += f"\n\nThe failure occurred for item {''.join(str([item]) for item in self.id)}"
            msg = msg(generated) if callable(msg) else generated
        return self.type(msg)


class UnsupportedInputs(Exception):
    """Raised by a pair's constructor when it cannot handle the inputs."""


# --------------------------------------------------------------------------- tolerances
def default_tolerances(*inputs, dtype_precisions: Optional[dict] = None) -> tuple:
    """Loosest ``(rtol, atol)`` of the inputs' dtypes (``torch.testing._comparison.default_tolerances``)."""
    dtypes = []
    for inp in inputs:
        if isinstance(inp, Tensor):
            dtypes.append(inp.dtype)
        elif isinstance(inp, D.dtype):
            dtypes.append(inp)
        else:
            raise TypeError(f"Expected a torch.Tensor or a torch.dtype, but got {type(inp)} instead.")
    precisions = dtype_precisions or _DTYPE_PRECISIONS
    rtols, atols = zip(*[precisions.get(d, (0.0, 0.0)) for d in dtypes])
    return max(rtols), max(atols)


def get_tolerances(*inputs, rtol: Optional[float], atol: Optional[float], id: tuple = ()) -> tuple:
    """Both tolerances or neither; defaults from the dtype table (``get_tolerances``)."""
    if (rtol is None) ^ (atol is None):
        raise ErrorMeta(ValueError, f"Both 'rtol' and 'atol' must be either specified or omitted, "
                                    f"but got no {'rtol' if rtol is None else 'atol'}.", id=id)
    if rtol is not None and atol is not None:
        return rtol, atol
    return default_tolerances(*inputs)


# --------------------------------------------------------------------------- messages
def _identifier(default: str, identifier: Msg) -> str:
    if identifier is None:
        return default
    return identifier(default) if callable(identifier) else identifier


def _make_mismatch_msg(*, default_identifier: str, identifier: Msg = None, extra: Optional[str] = None,
                       abs_diff, abs_diff_idx=None, atol: float, rel_diff, rel_diff_idx=None,
                       rtol: float) -> str:
    """PyTorch's ``_make_mismatch_msg``: header, extra line, absolute and relative differences."""
    equality = rtol == 0 and atol == 0

    def diff_msg(kind: str, diff, idx, tol) -> str:
        text = f"{kind.title()} difference: {diff}" if idx is None else \
            f"Greatest {kind} difference: {diff} at index {idx}"
        return text + ("" if equality else f" (up to {tol} allowed)") + "\n"

    msg = f"{_identifier(default_identifier, identifier)} are not {'equal' if equality else 'close'}!\n\n"
    if extra:
        msg += f"{extra.strip()}\n"
    msg += diff_msg("absolute", abs_diff, abs_diff_idx, atol)
    msg += diff_msg("relative", rel_diff, rel_diff_idx, rtol)
    return msg.strip()


def make_scalar_mismatch_msg(actual, expected, *, rtol: float, atol: float, identifier: Msg = None) -> str:
    """``torch.testing._comparison.make_scalar_mismatch_msg``."""
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _make_mismatch_msg(default_identifier="Scalars", identifier=identifier,
                              extra=f"Expected {expected} but got {actual}.", abs_diff=abs_diff, atol=atol,
                              rel_diff=rel_diff, rtol=rtol)


def _max_with_index(values: np.ndarray) -> tuple:
    """``torch.max(values, 0)``: NaN wins, first occurrence of the maximum."""
    idx = int(np.argmax(values))
    return values[idx].item(), idx


def make_tensor_mismatch_msg(actual: Tensor, expected: Tensor, matches: np.ndarray, *, rtol: float,
                             atol: float, identifier: Msg = None) -> str:
    """``torch.testing._comparison.make_tensor_mismatch_msg``: counts and greatest differences."""
    shape = matches.shape
    total = matches.size
    mismatches = total - int(matches.sum())
    extra = f"Mismatched elements: {mismatches} / {total} ({mismatches / total:.1%})"
    a = np.asarray(actual.detach().cpu().numpy()).reshape(-1)
    e = np.asarray(expected.detach().cpu().numpy()).reshape(-1)
    flat_matches = matches.reshape(-1)
    if not (actual.dtype.is_floating_point or actual.dtype.is_complex):
        a, e = a.astype(np.int64), e.astype(np.int64)
    abs_diff = np.abs(a - e)
    abs_diff[flat_matches] = 0
    max_abs, abs_idx = _max_with_index(abs_diff)
    denom = np.abs(e)
    if abs_diff.dtype.kind in "iu":  # int64 / int64 is true division into the default dtype
        abs_diff, denom = abs_diff.astype(D.get_default_dtype().np), denom.astype(D.get_default_dtype().np)
    with np.errstate(all="ignore"):
        rel_diff = abs_diff / denom
    rel_diff[flat_matches] = 0
    max_rel, rel_idx = _max_with_index(rel_diff)
    return _make_mismatch_msg(default_identifier="Tensor-likes", identifier=identifier, extra=extra,
                              abs_diff=max_abs, abs_diff_idx=_unravel(abs_idx, shape), atol=atol,
                              rel_diff=max_rel, rel_diff_idx=_unravel(rel_idx, shape), rtol=rtol)


def _unravel(flat_index: int, shape: tuple) -> tuple:
    return tuple(int(i) for i in np.unravel_index(flat_index, shape)) if shape else ()


# --------------------------------------------------------------------------- pairs
class Pair:
    """Base of the comparison pairs (``torch.testing._comparison.Pair``)."""

    def __init__(self, actual: Any, expected: Any, *, id: tuple = (), **unknown_parameters: Any) -> None:
        self.actual, self.expected, self.id = actual, expected, id
        self._unknown_parameters = unknown_parameters

    @staticmethod
    def _inputs_not_supported() -> NoReturn:
        raise UnsupportedInputs

    @staticmethod
    def _check_inputs_isinstance(*inputs: Any, cls) -> None:
        if not all(isinstance(inp, cls) for inp in inputs):
            Pair._inputs_not_supported()

    def _fail(self, type: type, msg: str, *, id: tuple = ()) -> NoReturn:
        raise ErrorMeta(type, msg, id=self.id if not id and hasattr(self, "id") else id)

    def compare(self) -> None:
        raise NotImplementedError

    def extra_repr(self) -> Sequence:
        return []

    def __repr__(self) -> str:
        items = [("id", self.id), ("actual", self.actual), ("expected", self.expected)]
        items += [(name, getattr(self, name)) for name in self.extra_repr()]
        return "\n".join((f"{type(self).__name__}(", *[f"    {n}={v!s}," for n, v in items], ")"))


class ObjectPair(Pair):
    """Fallback pair compared with ``==``."""

    def compare(self) -> None:
        try:
            equal = self.actual == self.expected
        except Exception as error:
            raise ErrorMeta(ValueError, f"{self.actual} == {self.expected} failed with:\n{error}.",
                            id=self.id) from error
        if not equal:
            self._fail(AssertionError, f"{self.actual} != {self.expected}")


class NonePair(Pair):
    """Pair for ``None`` inputs."""

    def __init__(self, actual: Any, expected: Any, **other: Any) -> None:
        if not (actual is None or expected is None):
            self._inputs_not_supported()
        super().__init__(actual, expected, **other)

    def compare(self) -> None:
        if not (self.actual is None and self.expected is None):
            self._fail(AssertionError, f"None mismatch: {self.actual} is not {self.expected}")


class BooleanPair(Pair):
    """Pair for ``bool`` and ``numpy.bool_`` inputs."""

    def __init__(self, actual: Any, expected: Any, *, id: tuple, **other: Any) -> None:
        self._check_inputs_isinstance(actual, expected, cls=(bool, np.bool_))
        actual, expected = (bool(x) for x in (actual, expected))
        super().__init__(actual, expected, **other)

    def compare(self) -> None:
        if self.actual is not self.expected:
            self._fail(AssertionError, f"Booleans mismatch: {self.actual} is not {self.expected}")


class NumberPair(Pair):
    """Pair for Python (and NumPy) numbers; tolerances of int64 / float64 / complex128."""

    _TYPE_TO_DTYPE = {int: D.int64, float: D.float64, complex: D.complex128}

    def __init__(self, actual: Any, expected: Any, *, id: tuple = (), rtol: Optional[float] = None,
                 atol: Optional[float] = None, equal_nan: bool = False, check_dtype: bool = False,
                 **other: Any) -> None:
        self._check_inputs_isinstance(actual, expected, cls=(int, float, complex, np.number))
        actual, expected = (self._to_number(x) for x in (actual, expected))
        super().__init__(actual, expected, id=id, **other)
        self.rtol, self.atol = get_tolerances(*[self._TYPE_TO_DTYPE[type(x)] for x in (actual, expected)],
                                              rtol=rtol, atol=atol, id=id)
        self.equal_nan, self.check_dtype = equal_nan, check_dtype

    @staticmethod
    def _to_number(number_like: Any):
        if isinstance(number_like, np.number):
            return number_like.item()
        return number_like

    def compare(self) -> None:
        if self.check_dtype and type(self.actual) is not type(self.expected):
            self._fail(AssertionError,
                       f"The (d)types do not match: {type(self.actual)} != {type(self.expected)}.")
        if self.actual == self.expected:
            return
        if self.equal_nan and cmath.isnan(self.actual) and cmath.isnan(self.expected):
            return
        abs_diff = abs(self.actual - self.expected)
        if cmath.isfinite(abs_diff) and abs_diff <= self.atol + self.rtol * abs(self.expected):
            return
        self._fail(AssertionError, make_scalar_mismatch_msg(self.actual, self.expected,
                                                            rtol=self.rtol, atol=self.atol))

    def extra_repr(self) -> Sequence:
        return ("rtol", "atol", "equal_nan", "check_dtype")


class TensorLikePair(Pair):
    """Pair for tensors and tensor-likes (NumPy arrays) of directly related types."""

    def __init__(self, actual: Any, expected: Any, *, id: tuple = (), allow_subclasses: bool = True,
                 rtol: Optional[float] = None, atol: Optional[float] = None, equal_nan: bool = False,
                 check_device: bool = True, check_dtype: bool = True, check_layout: bool = True,
                 check_stride: bool = False, **other: Any) -> None:
        actual, expected = self._process_inputs(actual, expected, allow_subclasses=allow_subclasses)
        super().__init__(actual, expected, id=id, **other)
        self.rtol, self.atol = get_tolerances(actual, expected, rtol=rtol, atol=atol, id=self.id)
        self.equal_nan, self.check_device, self.check_dtype = equal_nan, check_device, check_dtype
        self.check_layout, self.check_stride = check_layout, check_stride

    def _process_inputs(self, actual: Any, expected: Any, *, allow_subclasses: bool) -> tuple:
        if not (isinstance(actual, type(expected)) or isinstance(expected, type(actual))):
            self._inputs_not_supported()
        if not allow_subclasses and type(actual) is not type(expected):
            self._inputs_not_supported()
        return self._to_tensor(actual), self._to_tensor(expected)

    def _to_tensor(self, tensor_like: Any) -> Tensor:
        if isinstance(tensor_like, Tensor):
            return tensor_like
        from .ops.creation import as_tensor
        try:
            return as_tensor(tensor_like)
        except Exception:
            self._inputs_not_supported()

    def compare(self) -> None:
        self._compare_attributes(self.actual, self.expected)
        actual, expected = self._equalize_attributes(self.actual, self.expected)
        self._compare_regular_values_close(actual, expected, rtol=self.rtol, atol=self.atol,
                                           equal_nan=self.equal_nan)

    def _compare_attributes(self, actual: Tensor, expected: Tensor) -> None:
        def mismatch(name: str, a: Any, e: Any) -> NoReturn:
            self._fail(AssertionError, f"The values for attribute '{name}' do not match: {a} != {e}.")

        if actual.shape != expected.shape:
            mismatch("shape", actual.shape, expected.shape)
        if actual.layout != expected.layout:
            if self.check_layout:
                mismatch("layout", actual.layout, expected.layout)
        elif self.check_stride and actual.stride() != expected.stride():
            mismatch("stride()", actual.stride(), expected.stride())
        if self.check_device and actual.device != expected.device:
            mismatch("device", actual.device, expected.device)
        if self.check_dtype and actual.dtype != expected.dtype:
            mismatch("dtype", actual.dtype, expected.dtype)

    @staticmethod
    def _equalize_attributes(actual: Tensor, expected: Tensor) -> tuple:
        if actual.device != expected.device:
            actual, expected = actual.cpu(), expected.cpu()
        if actual.dtype != expected.dtype:
            dtype = D.promote_types(actual.dtype, expected.dtype)
            actual, expected = actual.to(dtype), expected.to(dtype)
        return actual, expected

    def _compare_regular_values_close(self, actual: Tensor, expected: Tensor, *, rtol: float, atol: float,
                                      equal_nan: bool, identifier: Msg = None) -> None:
        from .ops.pointwise import isclose
        matches = np.asarray(isclose(actual.detach(), expected.detach(), rtol=rtol, atol=atol,
                                     equal_nan=equal_nan).cpu().numpy(), dtype=bool)
        if matches.all():
            return
        if actual.shape == ():
            msg = make_scalar_mismatch_msg(actual.item(), expected.item(), rtol=rtol, atol=atol,
                                           identifier=identifier)
        else:
            msg = make_tensor_mismatch_msg(actual, expected, matches, rtol=rtol, atol=atol, identifier=identifier)
        self._fail(AssertionError, msg)

    def extra_repr(self) -> Sequence:
        return ("rtol", "atol", "equal_nan", "check_device", "check_dtype", "check_layout", "check_stride")


# --------------------------------------------------------------------------- origination
def _is_sequence(x: Any) -> bool:
    return isinstance(x, collections.abc.Sequence) and not isinstance(x, str)


def _originate_sequence(actual, expected, *, id: tuple, **options) -> list:
    if len(actual) != len(expected):
        raise ErrorMeta(AssertionError,
                        f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", id=id)
    pairs = []
    for idx in range(len(actual)):
        pairs.extend(originate_pairs(actual[idx], expected[idx], id=(*id, idx), **options))
    return pairs


def _originate_mapping(actual, expected, *, id: tuple, **options) -> list:
    actual_keys, expected_keys = set(actual.keys()), set(expected.keys())
    if actual_keys != expected_keys:
        raise ErrorMeta(AssertionError, (
            f"The keys of the mappings do not match:\n"
            f"Missing keys in the actual mapping: {sorted(expected_keys - actual_keys)}\n"
            f"Additional keys in the actual mapping: {sorted(actual_keys - expected_keys)}"), id=id)
    keys: Any = actual_keys
    try:
        keys = sorted(keys)
    except Exception:
        pass
    pairs = []
    for key in keys:
        pairs.extend(originate_pairs(actual[key], expected[key], id=(*id, key), **options))
    return pairs


def originate_pairs(actual: Any, expected: Any, *, pair_types: Sequence, id: tuple = (), **options: Any) -> list:
    """Recurse through sequences and mappings; build the first pair type that accepts the leaves."""
    if _is_sequence(actual) and _is_sequence(expected):
        return _originate_sequence(actual, expected, id=id, pair_types=pair_types, **options)
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        return _originate_mapping(actual, expected, id=id, pair_types=pair_types, **options)
    for pair_type in pair_types:
        try:
            return [pair_type(actual, expected, id=id, **options)]
        except UnsupportedInputs:
            continue
        except ErrorMeta:
            raise
    raise ErrorMeta(TypeError, f"No comparison pair was able to handle inputs of type "
                               f"{_type_str(type(actual))} and {_type_str(type(expected))}.", id=id)


def not_close_error_metas(actual: Any, expected: Any, *, pair_types: Sequence = (ObjectPair,),
                          **options: Any) -> list:
    """The failed comparisons of all pairs (``torch.testing._comparison.not_close_error_metas``)."""
    __tracebackhide__ = True
    try:
        pairs = originate_pairs(actual, expected, pair_types=pair_types, **options)
    except ErrorMeta as error_meta:
        raise error_meta.to_error() from None
    metas = []
    for pair in pairs:
        try:
            pair.compare()
        except ErrorMeta as error_meta:
            metas.append(error_meta)
    return metas


def assert_close(actual: Any, expected: Any, *, allow_subclasses: bool = True, rtol: Optional[float] = None,
                 atol: Optional[float] = None, equal_nan: bool = False, check_device: bool = True,
                 check_dtype: bool = True, check_layout: bool = True, check_stride: bool = False,
                 msg: Msg = None) -> None:
    """``torch.testing.assert_close``: raise ``AssertionError`` unless ``actual`` and ``expected`` are close.

    Closeness is ``|actual - expected| <= atol + rtol * |expected|`` with PyTorch's default tolerances
    per dtype (float16 1e-3/1e-5, float32 1.3e-6/1e-5, float64 1e-7/1e-7, complex alike, others 0/0).
    """
    __tracebackhide__ = True
    metas = not_close_error_metas(actual, expected, pair_types=(NonePair, BooleanPair, NumberPair, TensorLikePair),
                                  allow_subclasses=allow_subclasses, rtol=rtol, atol=atol, equal_nan=equal_nan,
                                  check_device=check_device, check_dtype=check_dtype, check_layout=check_layout,
                                  check_stride=check_stride, msg=msg)
    if metas:
        raise metas[0].to_error(msg)


def assert_allclose(actual: Any, expected: Any, rtol: Optional[float] = None, atol: Optional[float] = None,
                    equal_nan: bool = True, msg: str = "") -> None:
    """Deprecated ``torch.testing.assert_allclose`` (still in PyTorch 2.13): warns ``FutureWarning``."""
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be removed in a future "
                  "release. Please use `torch.testing.assert_close()` instead. You can find detailed upgrade "
                  "instructions in https://github.com/pytorch/pytorch/issues/61844.", FutureWarning, stacklevel=2)
    from .ops.creation import tensor
    if not isinstance(actual, Tensor):
        actual = tensor(actual)
    if not isinstance(expected, Tensor):
        expected = tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        rtol, atol = default_tolerances(actual, expected, dtype_precisions={
            D.float16: (1e-3, 1e-3), D.float32: (1e-4, 1e-5), D.float64: (1e-5, 1e-8)})
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True,
                 check_dtype=False, check_stride=False, msg=msg or None)


# --------------------------------------------------------------------------- make_tensor
_FLOATING = (D.float16, D.float32, D.float64)
_COMPLEX = (D.complex64, D.complex128)
_BOOL_OR_INT = (D.bool_, D.uint8, D.int8, D.int16, D.int32, D.int64)


def _modify_low_high(low, high, *, dtype, lowest_inclusive, highest_exclusive, default_low, default_high) -> tuple:
    """PyTorch's ``modify_low_high``: defaults, validation, clamping, ``ceil`` for integers."""
    low = low if low is not None else default_low
    high = high if high is not None else default_high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got {low=} and {high=}")
    elif low == high and dtype in _FLOATING + _COMPLEX:
        warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or complex types is "
                      "deprecated since 2.1 and will be removed in 2.3. Use `torch.full(...)` instead.",
                      FutureWarning, stacklevel=4)
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest_inclusive or low >= highest_exclusive:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), "
                         f"but {dtype} only supports [{lowest_inclusive}, {highest_exclusive})")
    low = min(max(low, lowest_inclusive), highest_exclusive)
    high = min(max(high, lowest_inclusive), highest_exclusive)
    if dtype in _BOOL_OR_INT:
        return math.ceil(low), math.ceil(high)
    return low, high


def _integral(shape: tuple, dtype, device, low, high) -> Tensor:
    from .ops.creation import randint
    if dtype is D.bool_:
        bounds = dict(lowest_inclusive=0, highest_exclusive=2, default_low=0, default_high=2)
    else:
        info = np.iinfo(dtype.np)
        bounds = dict(lowest_inclusive=int(info.min), highest_exclusive=int(info.max) + (dtype is not D.int64),
                      default_low=-9, default_high=10)
    low, high = _modify_low_high(low, high, dtype=dtype, **bounds)
    return randint(low, high, shape, device=device, dtype=dtype)


def _floating(shape: tuple, dtype, device, low, high) -> Tensor:
    from .ops.creation import empty
    real = dtype.to_real()
    finfo = np.finfo(real.np)
    low, high = _modify_low_high(low, high, dtype=dtype, lowest_inclusive=float(finfo.min),
                                 highest_exclusive=float(finfo.max), default_low=-9, default_high=9)
    if dtype in _COMPLEX:  # uniform_ on torch.view_as_real(result): real/imag interleaved
        parts = empty((*shape, 2), device=device, dtype=real)
        _uniform_random_(parts, low, high, finfo)
        data = parts.detach().cpu().numpy()
        from .ops.creation import as_tensor
        return as_tensor(np.ascontiguousarray(data[..., 0] + 1j * data[..., 1]).astype(dtype.np), device=device)
    result = empty(shape, device=device, dtype=dtype)
    return _uniform_random_(result, low, high, finfo)


def _uniform_random_(t: Tensor, low: float, high: float, finfo) -> Tensor:
    if high - low >= float(finfo.max):
        return t.uniform_(low / 2, high / 2).mul_(2)
    return t.uniform_(low, high)


def make_tensor(*shape: Union[int, Sequence[int]], dtype, device, low: Optional[float] = None,
                high: Optional[float] = None, requires_grad: bool = False, noncontiguous: bool = False,
                exclude_zero: bool = False, memory_format=None) -> Tensor:
    """``torch.testing.make_tensor``: uniform values in ``[low, high)`` (defaults -9..9, ints -9..10).

    Same algorithm and draws as PyTorch (``randint`` for bool/integers, ``uniform_`` for floating
    dtypes); the values equal PyTorch's exactly where ember's ``randint``/``uniform_`` streams do.
    """
    if len(shape) == 1 and isinstance(shape[0], collections.abc.Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(f"The parameters `noncontiguous` and `memory_format` are mutually exclusive, "
                         f"but got {noncontiguous=} and {memory_format=}")
    if requires_grad and dtype in _BOOL_OR_INT:
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral dtypes, "
                         f"but got {dtype=}")
    noncontiguous = noncontiguous and functools.reduce(lambda x, y: x * y, shape, 1) > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if dtype in _BOOL_OR_INT:
        result = _integral(shape, dtype, device, low, high)
    elif dtype in _FLOATING + _COMPLEX:
        result = _floating(shape, dtype, device, low, high)
    else:
        raise TypeError(f"The requested dtype '{dtype}' is not supported by torch.testing.make_tensor()."
                        " To request support, file an issue at: https://github.com/pytorch/pytorch/issues")
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if dtype in _BOOL_OR_INT else float(np.finfo(dtype.to_real().np).tiny)
    if dtype in _FLOATING + _COMPLEX:
        result.requires_grad = requires_grad
    return result
