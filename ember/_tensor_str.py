"""Tensor printing for ember, mirroring ``torch/_tensor_str.py`` (PyTorch 2.13).

Everything here works on plain NumPy arrays plus a torch dtype *name*
(``"float32"``, ``"int64"``, ``"bool"``, ...), so the module depends only on
NumPy and the standard library.  The goal is character-for-character identical
output to ``repr(torch_tensor)`` for dense CPU/CUDA tensors:

* the ``_Formatter`` rules (integer-valued floats printed as ``2.``, fixed vs.
  scientific notation, one common column width for every element),
* line wrapping of the innermost dimension at ``linewidth``,
* summarisation with ``...`` once ``numel > threshold``,
* the ``device=`` / ``size=`` / ``dtype=`` / ``grad_fn=`` / ``requires_grad=``
  suffixes and where they wrap.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any, Iterator, Optional, Sequence

import numpy as np

__all__ = [
    "PrintOptions",
    "PRINT_OPTS",
    "set_printoptions",
    "get_printoptions",
    "printoptions",
    "format_tensor",
    "format_parameter",
    "format_scalar",
]


# --------------------------------------------------------------------------
# Print options (torch.set_printoptions / torch.get_printoptions)
# --------------------------------------------------------------------------


@dataclasses.dataclass
class PrintOptions:
    """Mirror of torch's ``__PrinterOptions`` dataclass (same defaults)."""

    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: Optional[bool] = None


PRINT_OPTS = PrintOptions()

_PROFILES: dict[str, dict[str, Any]] = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(
    precision: Optional[int] = None,
    threshold: Optional[float] = None,
    edgeitems: Optional[int] = None,
    linewidth: Optional[int] = None,
    profile: Optional[str] = None,
    sci_mode: Optional[bool] = None,
) -> None:
    """Same semantics as ``torch.set_printoptions``.

    A ``profile`` ('default', 'short', 'full'; anything else is ignored) is
    applied first, then the explicit options override it.  Like torch,
    ``sci_mode`` is *always* assigned, so omitting it resets it to ``None``.
    """
    if profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(PRINT_OPTS, name, value)
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Current options as a dict usable as ``set_printoptions(**opts)``."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Temporarily change print options (``torch._tensor_str.printoptions``)."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


# --------------------------------------------------------------------------
# dtype handling
# --------------------------------------------------------------------------

_DTYPE_ALIASES: dict[str, str] = {
    "half": "float16",
    "float": "float32",
    "double": "float64",
    "cfloat": "complex64",
    "cdouble": "complex128",
    "short": "int16",
    "int": "int32",
    "long": "int64",
}

# bfloat16 has no NumPy dtype: its values are carried in float32 arrays.
_NUMPY_DTYPES: dict[str, Any] = {
    "bool": np.bool_,
    "uint8": np.uint8,
    "uint16": np.uint16,
    "uint32": np.uint32,
    "uint64": np.uint64,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "float16": np.float16,
    "bfloat16": np.float32,
    "float32": np.float32,
    "float64": np.float64,
    "complex64": np.complex64,
    "complex128": np.complex128,
}

_FLOATING = frozenset({"float16", "bfloat16", "float32", "float64"})
_COMPLEX = frozenset({"complex64", "complex128"})


def _canonical_dtype(dtype_name: str) -> str:
    """Normalise ``"torch.float"`` / ``"float"`` / ``"float32"`` to ``"float32"``."""
    name = dtype_name[len("torch."):] if dtype_name.startswith("torch.") else dtype_name
    name = _DTYPE_ALIASES.get(name, name)
    if name not in _NUMPY_DTYPES:
        raise ValueError(f"unsupported dtype for printing: {dtype_name!r}")
    return name


def _round_to_bfloat16(arr: np.ndarray) -> np.ndarray:
    """Round float32 values to the nearest bfloat16 (ties to even), as float32."""
    arr = np.array(arr, dtype=np.float32, ndmin=1)
    bits = arr.view(np.uint32)
    rounding = np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))
    rounded = ((bits + rounding) & np.uint32(0xFFFF0000)).view(np.float32)
    return np.where(np.isnan(arr), arr, rounded)


def _as_dtype(data: Any, dtype: str) -> np.ndarray:
    """The tensor's values as a NumPy array holding exactly the torch values."""
    arr = np.asarray(data)
    with np.errstate(all="ignore"):  # out-of-range values saturate to inf, as in torch
        if dtype == "bfloat16":
            return _round_to_bfloat16(arr.astype(np.float32)).reshape(arr.shape)
        return arr.astype(_NUMPY_DTYPES[dtype], copy=False)


def _default_complex(default_dtype: str) -> str:
    """torch's repr maps a float64 default to complex128, anything else to complex64."""
    return "complex128" if default_dtype == "float64" else "complex64"


# --------------------------------------------------------------------------
# Element formatting (torch._tensor_str._Formatter)
# --------------------------------------------------------------------------


def _fixed(value: float, precision: int) -> str:
    return f"{value:.{precision}f}"


def _sci(value: float, precision: int) -> str:
    return f"{value:.{precision}e}"


def _width_candidates(values: np.ndarray) -> list[Any]:
    """The few values whose formatted strings are the widest of ``values``.

    For a fixed sign, the length of ``str(int)``, ``"{:.Nf}"`` and
    ``"{:.Ne}"`` output grows monotonically with the magnitude, except that
    the scientific exponent also widens for *tiny* magnitudes (``e-100``).
    Hence the largest/smallest positive and negative values suffice; torch
    itself loops over every element, with the same result.
    """
    candidates = [values.min(), values.max()]
    if values.dtype.kind == "f":
        positive = values[values > 0]
        negative = values[values < 0]
        if positive.size:
            candidates.append(positive.min())
        if negative.size:
            candidates.append(negative.max())
    return [c.item() for c in candidates]


class _Formatter:
    """Mirror of ``torch._tensor_str._Formatter``.

    Decides, from the (possibly summarised) values of a tensor, whether floats
    print in int mode (``2.``), fixed (``2.5000``) or scientific
    (``2.5000e+10``) notation, and the common width every element is
    right-aligned to.  Only nonzero finite values take part in the decision.
    """

    def __init__(self, values: np.ndarray, floating: bool) -> None:
        self.floating_dtype = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        values = values.reshape(-1)
        if not floating:
            if values.size:
                self.max_width = max(len(f"{v}") for v in _width_candidates(values))
            return
        finite = values[np.isfinite(values) & (values != 0)]
        if finite.size == 0:
            return
        self._analyse_floats(finite)

    def _analyse_floats(self, finite: np.ndarray) -> None:
        """Pick int/sci mode and width from the nonzero finite values."""
        precision = PRINT_OPTS.precision
        abs_vals = np.abs(finite)
        abs_min = float(abs_vals.min())
        abs_max = float(abs_vals.max())
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = abs_max / abs_min > 1000.0 or abs_max > 1.0e8 or abs_min < 1.0e-4
        else:
            self.sci_mode = bool(PRINT_OPTS.sci_mode)
        candidates = _width_candidates(finite)
        if self.sci_mode:
            widths = [len(_sci(v, precision)) for v in candidates]
        elif self.int_mode:
            # int mode appends "." to every finite value, hence the + 1
            widths = [len(f"{v:.0f}") + 1 for v in candidates]
        else:
            widths = [len(_fixed(v, precision)) for v in candidates]
        self.max_width = max(self.max_width, *widths)

    def width(self) -> int:
        return self.max_width

    def format(self, value: Any) -> str:
        """Format one Python scalar, right-aligned to the common width."""
        if self.floating_dtype:
            if self.sci_mode:
                ret = _sci(value, PRINT_OPTS.precision)
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = _fixed(value, PRINT_OPTS.precision)
        else:
            ret = f"{value}"
        return ret.rjust(self.max_width)


def _format_value(value: Any, real_fmt: _Formatter, imag_fmt: Optional[_Formatter]) -> str:
    """One element; complex values become ``real+imagj`` like torch."""
    if imag_fmt is None:
        return real_fmt.format(value)
    real_str = real_fmt.format(value.real)
    imag_str = (imag_fmt.format(value.imag) + "j").lstrip()
    if imag_str[0] in "+-":
        return real_str + imag_str
    return real_str + "+" + imag_str


# --------------------------------------------------------------------------
# Layout (torch._tensor_str._vector_str / _tensor_str_with_formatter)
# --------------------------------------------------------------------------


def _edge_indices(size: int, summarize: bool) -> Optional[list[int]]:
    """Indices kept along a summarised dimension, or None to keep them all."""
    edge = PRINT_OPTS.edgeitems
    if summarize and size > 2 * edge:
        return list(range(edge)) + list(range(size - edge, size))
    return None


def _summarized_data(arr: np.ndarray) -> np.ndarray:
    """Mirror of torch's ``get_summarized_data``: the values the formatter sees.

    Quirks kept on purpose: with ``edgeitems == 0`` a 1-d tensor keeps *all*
    its values (``t[-0:]`` is the whole tensor) while an n-d tensor keeps none.
    """
    edge = PRINT_OPTS.edgeitems
    if arr.ndim == 0:
        return arr
    if arr.ndim == 1:
        if arr.shape[0] > 2 * edge:
            return np.concatenate((arr[:edge], arr[-edge:]))
        return arr
    if not edge:
        return arr[(slice(0, 0),) * arr.ndim]
    index = []
    for size in arr.shape:
        keep = _edge_indices(size, summarize=True)
        index.append(np.arange(size) if keep is None else np.array(keep))
    return arr[np.ix_(*index)]


def _vector_str(
    arr: np.ndarray,
    indent: int,
    summarize: bool,
    real_fmt: _Formatter,
    imag_fmt: Optional[_Formatter],
) -> str:
    """A 1-d row, wrapped so that each line fits ``linewidth - indent``."""
    element_length = real_fmt.width() + 2  # ", " between elements
    if imag_fmt is not None:
        element_length += imag_fmt.width() + 1  # the trailing "j"
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    edge = PRINT_OPTS.edgeitems

    def fmt(values: Sequence[Any]) -> list[str]:
        return [_format_value(v, real_fmt, imag_fmt) for v in values]

    if summarize and not edge:
        data = ["..."]
    elif summarize and arr.shape[0] > 2 * edge:
        data = fmt(arr[:edge].tolist()) + [" ..."] + fmt(arr[-edge:].tolist())
    else:
        data = fmt(arr.tolist())
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(
    arr: np.ndarray,
    indent: int,
    summarize: bool,
    real_fmt: _Formatter,
    imag_fmt: Optional[_Formatter],
) -> str:
    """Recursive layout; ``dim - 1`` newlines separate sub-blocks."""
    if arr.ndim == 0:
        return _format_value(arr.item(), real_fmt, imag_fmt)
    if arr.ndim == 1:
        return _vector_str(arr, indent, summarize, real_fmt, imag_fmt)
    size = arr.shape[0]
    edge = PRINT_OPTS.edgeitems

    def sub(i: int) -> str:
        return _nested_str(arr[i], indent + 1, summarize, real_fmt, imag_fmt)

    if summarize and size > 2 * edge:
        slices = [sub(i) for i in range(edge)] + ["..."]
        slices += [sub(i) for i in range(size - edge, size)]
    else:
        slices = [sub(i) for i in range(size)]
    separator = "," + "\n" * (arr.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(slices) + "]"


def _tensor_body(arr: np.ndarray, dtype: str, indent: int) -> str:
    """Mirror of torch's ``_tensor_str``: the bracketed values, no prefix/suffix."""
    if arr.size == 0:
        return "[]"
    summarize = arr.size > PRINT_OPTS.threshold
    shown = _summarized_data(arr) if summarize else arr
    if dtype in _COMPLEX:
        real_fmt = _Formatter(shown.real, floating=True)
        imag_fmt: Optional[_Formatter] = _Formatter(shown.imag, floating=True)
    else:
        real_fmt = _Formatter(shown, floating=dtype in _FLOATING)
        imag_fmt = None
    return _nested_str(arr, indent, summarize, real_fmt, imag_fmt)


def _add_suffixes(tensor_str: str, suffixes: list[str], indent: int) -> str:
    """Append ``, suffix`` items, wrapping before one that would pass linewidth.

    Keeps torch's off-by-two quirk: without a newline, the "last line length"
    is ``len(tensor_str) + 2``.
    """
    parts = [tensor_str]
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


# --------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------


def format_tensor(
    data: np.ndarray,
    dtype_name: str,
    *,
    requires_grad: bool = False,
    grad_fn_name: Optional[str] = None,
    device: Optional[str] = None,
    default_dtype_name: str = "float32",
    prefix: str = "tensor(",
    tangent: Optional[str] = None,
) -> str:
    """Exactly ``repr(t)`` (== ``str(t)``) of a dense torch tensor.

    Suffix order and rules follow torch's ``_str_intern``: ``device=`` (when
    ``device`` is given), ``size=`` (empty tensors that are not 1-d, or when
    ``edgeitems == 0``), ``dtype=`` (empty tensors: whenever the dtype is not
    the default float dtype; otherwise hidden for the default float dtype,
    its complex counterpart, int64 and bool), then ``grad_fn=<...>`` or, when
    there is no grad_fn, ``requires_grad=True``; last ``tangent=`` (forward AD).
    """
    dtype = _canonical_dtype(dtype_name)
    default_dtype = _canonical_dtype(default_dtype_name)
    arr = _as_dtype(data, dtype)
    indent = len(prefix)
    suffixes: list[str] = []
    if device is not None:
        suffixes.append(f"device='{device}'")
    shape_suffix = "size=" + str(tuple(int(n) for n in arr.shape))
    if arr.size == 0:
        if arr.ndim != 1:
            suffixes.append(shape_suffix)
        if dtype != default_dtype:
            suffixes.append(f"dtype=torch.{dtype}")
        tensor_str = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(shape_suffix)
        hidden = (default_dtype, _default_complex(default_dtype), "int64", "bool")
        if dtype not in hidden:
            suffixes.append(f"dtype=torch.{dtype}")
        tensor_str = _tensor_body(arr, dtype, indent)
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    if tangent is not None:  # a forward-AD dual tensor's tangent, formatted by the caller
        suffixes.append(f"tangent={tangent}")
    return _add_suffixes(prefix + tensor_str, suffixes, indent)


def format_parameter(
    data: np.ndarray, dtype_name: str, requires_grad: bool = True, **kw: Any
) -> str:
    """``repr(torch.nn.Parameter(...))``: a header line, then the tensor repr."""
    body = format_tensor(data, dtype_name, requires_grad=requires_grad, **kw)
    return "Parameter containing:\n" + body


def format_scalar(value: Any, dtype_name: str, format_spec: str = "") -> str:
    """``format(t, spec)`` / ``f"{t:spec}"`` for a tensor holding ``value``.

    Mirrors ``Tensor.__format__``: a 0-d tensor formats its ``item()`` (a
    Python float/int/bool/complex), so ``f"{torch.tensor(4.)}" == "4.0"``.
    Other tensors fall back to ``object.__format__``: ``str(t)`` for an empty
    spec, otherwise a TypeError.
    """
    dtype = _canonical_dtype(dtype_name)
    arr = _as_dtype(value, dtype)
    if arr.ndim == 0:
        return format(arr.item(), format_spec)
    if format_spec:
        raise TypeError("unsupported format string passed to Tensor.__format__")
    return format_tensor(arr, dtype)
