"""Data types and PyTorch's type-promotion rules.

ember mirrors ``torch.dtype``: each dtype object prints as ``torch.float32``
etc. (so ``import ember as torch`` programs print what PyTorch prints) and
carries the matching NumPy dtype.  Promotion follows ``torch.result_type``:
dimensioned tensors outrank 0-d tensors, which outrank Python scalars, and a
lower-priority operand only matters when it is of a higher *category*
(bool < integer < floating < complex).
"""
from __future__ import annotations

import numpy as np

__all__ = ["dtype", "get_default_dtype", "set_default_dtype", "promote_types"]


class dtype:
    """A tensor element type; compares by identity like ``torch.dtype``."""

    __slots__ = ("name", "np", "category", "itemsize", "is_signed", "__weakref__")

    def __init__(self, name: str, np_dtype, category: int) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)
        self.category = category  # 0 bool, 1 int, 2 float, 3 complex
        self.itemsize = self.np.itemsize
        self.is_signed = name not in ("uint8", "uint16", "uint32", "uint64", "bool")

    @property
    def is_floating_point(self) -> bool:
        return self.category == 2

    @property
    def is_complex(self) -> bool:
        return self.category == 3

    def to_real(self) -> "dtype":
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    def to_complex(self) -> "dtype":
        if self.category < 2:  # c10::toComplexType has no complex type for integral/bool dtypes
            raise RuntimeError(f"Unknown Complex ScalarType for {SCALAR_TYPE_NAMES[self.name]}")
        return {"float64": complex128, "float16": complex64}.get(self.name, complex64)

    def __repr__(self) -> str:
        return "torch." + self.name

    def __format__(self, spec: str) -> str:
        """``object.__format__`` with the C type name: a non-empty spec is a TypeError."""
        if spec:
            raise TypeError("unsupported format string passed to torch.dtype.__format__")
        return str(self)

    def _no_order(self, other, op):
        if isinstance(other, dtype):  # CPython's message names the C type torch.dtype
            raise TypeError(f"'{op}' not supported between instances of 'torch.dtype' and 'torch.dtype'")
        return NotImplemented

    def __lt__(self, other):
        return self._no_order(other, "<")

    def __le__(self, other):
        return self._no_order(other, "<=")

    def __gt__(self, other):
        return self._no_order(other, ">")

    def __ge__(self, other):
        return self._no_order(other, ">=")

    def __reduce__(self):
        return (_dtype_by_name, (self.name,))


class _NoArrayDtype(dtype):
    """A PyTorch dtype NumPy has no type for (``torch.bfloat16``).

    It exists so programs that name it run: it prints, compares, pickles and
    has ``finfo``; ``autocast`` knows it.  Making a tensor of it raises a clear
    ``TypeError`` (every path to an array goes through ``.np``) instead of
    silently storing another dtype."""

    __slots__ = ()

    def __init__(self, name: str, category: int, itemsize: int) -> None:
        self.name = name
        self.category = category
        self.itemsize = itemsize
        self.is_signed = True

    @property
    def np(self):
        raise TypeError(f"ember does not support torch.{self.name} tensors (NumPy has no {self.name} type); "
                        "use torch.float32 or torch.float16")


bfloat16 = _NoArrayDtype("bfloat16", 2, 2)
float16 = dtype("float16", np.float16, 2)
float32 = dtype("float32", np.float32, 2)
float64 = dtype("float64", np.float64, 2)
int8 = dtype("int8", np.int8, 1)
int16 = dtype("int16", np.int16, 1)
int32 = dtype("int32", np.int32, 1)
int64 = dtype("int64", np.int64, 1)
uint8 = dtype("uint8", np.uint8, 1)
uint16 = dtype("uint16", np.uint16, 1)  # PyTorch's "barebones" unsigned types: few ops, no promotion with ints
uint32 = dtype("uint32", np.uint32, 1)
uint64 = dtype("uint64", np.uint64, 1)
bool_ = dtype("bool", np.bool_, 0)
complex64 = dtype("complex64", np.complex64, 3)
complex128 = dtype("complex128", np.complex128, 3)

ALL_DTYPES = (float16, float32, float64, int8, int16, int32, int64, uint8, bool_, complex64, complex128,
              uint16, uint32, uint64)
_BAREBONES_UNSIGNED = (uint16, uint32, uint64)
# c10::ScalarType names, as PyTorch prints dtypes in some messages
SCALAR_TYPE_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char", "int16": "Short",
                     "int32": "Int", "int64": "Long", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
                     "complex128": "ComplexDouble", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}
_BY_NAME = {d.name: d for d in ALL_DTYPES}
_BY_NP = {d.np: d for d in ALL_DTYPES}
_BY_NP_TYPE = {d.np.type: d for d in ALL_DTYPES}


def _dtype_by_name(name: str) -> dtype:
    return bfloat16 if name == "bfloat16" else _BY_NAME[name]


def from_numpy_dtype(np_dtype) -> dtype:
    """Map a NumPy dtype (or scalar type) to an ember dtype."""
    try:
        return _BY_NP[np_dtype]
    except (KeyError, TypeError):
        pass
    try:
        return _BY_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).type.__name__}. The only supported types "
            "are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, "
            "uint16, uint8, and bool."
        ) from None


class _DefaultDtype:
    value: dtype = float32


_default = _DefaultDtype()


def get_default_dtype() -> dtype:
    """Return the default floating dtype (``torch.get_default_dtype``)."""
    return _default.value


def set_default_dtype(d: dtype) -> None:
    """Set the default floating dtype; like PyTorch only float32/float64 (and float16) are allowed."""
    if not isinstance(d, dtype):  # PyTorch's ``THPDtype_Check`` failing first (``float``, ``'float'``, None)
        raise TypeError("invalid dtype object: only floating-point types are supported as the default type")
    if d.category != 2:
        raise TypeError("only floating-point types are supported as the default type")
    if isinstance(d, _NoArrayDtype):
        d.np  # noqa: B018 - raises ember's TypeError for a dtype it cannot store
    _default.value = d


def promote_types(a: dtype, b: dtype) -> dtype:
    """``torch.promote_types``: the smallest dtype both can be cast to."""
    if a is b:
        return a
    if a.category != b.category:
        hi, lo = (a, b) if a.category > b.category else (b, a)
        if hi.category == 3 and lo.category == 2 and lo is float64:
            return complex128
        if hi.category != 2 and (hi in _BAREBONES_UNSIGNED or lo in _BAREBONES_UNSIGNED):
            raise _barebones_error(a, b)
        return hi
    if a.category == 0:
        return a
    if a.category == 1 and (a in _BAREBONES_UNSIGNED or b in _BAREBONES_UNSIGNED):
        raise _barebones_error(a, b)
    if a is bfloat16 or b is bfloat16:  # (no NumPy dtype) c10's table: with Half it is Float, else the wider
        other = b if a is bfloat16 else a
        return float32 if other is float16 else other
    return _BY_NP[np.promote_types(a.np, b.np)]


def _barebones_error(a: dtype, b: dtype) -> RuntimeError:
    """c10::promoteTypes: uint16/uint32/uint64 promote only with floating types."""
    return RuntimeError("Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                        f"{SCALAR_TYPE_NAMES[a.name]} and {SCALAR_TYPE_NAMES[b.name]}")


def _default_complex() -> dtype:
    """The complex dtype of the default floating dtype (a Python complex's dtype)."""
    return complex128 if _default.value is float64 else complex64


def _scalar_dtype(value) -> dtype:
    """dtype a Python scalar takes when it wins promotion."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int64
    if isinstance(value, complex):
        return complex64 if _default.value is not float64 else complex128
    return _default.value


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    """Combine the result of a higher-priority group with a lower one."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.category == 3:
        return higher
    if lower.category == 3:
        return higher.to_complex() if higher.category == 2 else lower
    if higher.category == 2:
        return higher
    if higher.category == 0 or lower.category == 2:
        return promote_types(higher, lower)
    return higher


def result_type_of(dim_dtypes, zero_dim_dtypes, scalars) -> dtype:
    """PyTorch's ``result_type`` over dimensioned tensors, 0-d tensors and Python scalars."""
    dim_r = zero_r = wrap_r = None
    for d in dim_dtypes:
        dim_r = d if dim_r is None else promote_types(dim_r, d)
    for d in zero_dim_dtypes:
        zero_r = d if zero_r is None else promote_types(zero_r, d)
    for s in scalars:
        d = _scalar_dtype(s)
        wrap_r = d if wrap_r is None else promote_types(wrap_r, d)
    return _combine(dim_r, _combine(zero_r, wrap_r))


def dtype_of_python_value(value) -> dtype:
    """dtype ``torch.tensor(value)`` infers for nested Python data."""
    return _scalar_dtype(value)
