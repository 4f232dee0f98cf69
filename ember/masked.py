"""``torch.masked``: reductions and normalizations that skip masked-out elements.

Each op takes an ordinary (strided) tensor and a boolean ``mask=`` broadcastable to it (``True``:
the element takes part).  As in PyTorch, the masked-out elements are first replaced by the
operation's identity (0 for ``sum``, ``-inf`` for ``amax``/``softmax`` ...) with ``torch.where``,
then the plain op runs, so results, dtypes and autograd nodes are those of the composed ops
(``sum`` records ``SumBackward1`` over ``WhereBackward0``).  Without a mask every element takes
part.  Sparse layouts and ``MaskedTensor`` are not provided.
"""
from __future__ import annotations

import math

import ember as _torch

__all__ = ["amax", "amin", "argmax", "argmin", "cumprod", "cumsum", "log_softmax", "logaddexp", "logsumexp",
           "mean", "median", "norm", "normalize", "prod", "softmax", "softmin", "std", "sum", "var"]

_SMALL_INTS = ("torch.uint8", "torch.bool", "torch.int8", "torch.int16", "torch.int32")


# ------------------------------------------------------------------ helpers
def _dims(dim, ndim: int) -> tuple:
    """``dim`` as a sorted tuple of non-negative dims (None or ``()``: all of them); PyTorch's
    ``_canonical_dim`` checks: no repeats, each in range."""
    if dim is None or dim == ():
        return tuple(range(ndim))
    ndim = max(ndim, 1)
    seen = []
    for d in ((dim,) if isinstance(dim, int) else dim):
        if d in seen:
            raise RuntimeError(f"dim={d} appears multiple times in the list of dims")
        if d >= ndim or d < -ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], "
                             f"but got {d})")
        seen.append(d % ndim)
    return tuple(sorted(seen))


def _input_mask(input, mask):
    """``mask`` as a bool tensor of ``input``'s shape (broadcast; never of higher rank)."""
    if mask.shape != input.shape:
        if mask.ndim > input.ndim:
            raise IndexError("_input_mask expected broadcastable mask (got mask dimensionality higher than of "
                             "the input)")
        mask = _torch.broadcast_to(mask.clone(), input.shape).to(dtype=_torch.bool)
    return mask.to(dtype=_torch.bool)


def _is_signed_or_byte(input) -> bool:
    return input.dtype == _torch.uint8 or (input.is_signed() and not input.is_floating_point())


def _identity(op: str, input, *args):
    """The value a masked-out element takes for ``op`` (its identity), as a 0-d tensor; None where
    PyTorch defines none (``mean``, ``var``, ``std``)."""
    dtype = input.dtype
    if op in ("sum", "cumsum"):
        return _torch.tensor(0, dtype=dtype)
    if op in ("prod", "cumprod"):
        return _torch.tensor(1, dtype=dtype)
    if op in ("amax", "argmax", "logaddexp", "logsumexp"):
        if input.is_floating_point():
            return _torch.tensor(-math.inf, dtype=dtype)
        if op == "logsumexp" and input.is_complex():
            return _torch.tensor(complex(-math.inf, 0), dtype=dtype)
        if _is_signed_or_byte(input):
            return _torch.tensor(_torch.iinfo(dtype).min, dtype=dtype)
    elif op in ("amin", "argmin"):
        if input.is_floating_point():
            return _torch.tensor(math.inf, dtype=dtype)
        if _is_signed_or_byte(input):
            return _torch.tensor(_torch.iinfo(dtype).max, dtype=dtype)
    elif op == "norm":
        ord = args[0] if args else 2
        if ord == -math.inf:
            if not input.is_floating_point():
                raise AssertionError(f"input must be floating point, got {input.dtype}")
            return _torch.tensor(math.inf, dtype=dtype)
        return _torch.tensor(0, dtype=dtype)
    elif op == "median":
        return _torch.tensor(math.nan, dtype=dtype if input.is_floating_point() else _torch.float32)
    elif op in ("mean", "var", "std"):
        return None
    raise NotImplementedError(f"identity of {op} on {dtype} input")


def _masked_input(op: str, input, mask, *args):
    """``input`` with its masked-out elements replaced by ``op``'s identity (``input`` itself
    without a mask)."""
    if mask is None:
        return input
    return _torch.where(_input_mask(input, mask), input, _identity(op, input, *args))


def _sum_dtype(input, dtype):
    """A sum's or product's default result dtype: integers and bool widen to int64."""
    if dtype is not None:
        return dtype
    return _torch.int64 if str(input.dtype) in _SMALL_INTS else input.dtype


# --------------------------------------------------------------- reductions
def sum(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.sum``: the sum of the masked-in elements (0 where none)."""
    dtype = _sum_dtype(input, dtype)
    dims = _dims(dim, input.ndim)
    return _torch.sum(_masked_input("sum", input, mask), dims, bool(keepdim), dtype=dtype)


def prod(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.prod``: the product of the masked-in elements (1 where none), one dim at a
    time from the last (PyTorch's workaround for multi-dim ``prod``)."""
    dtype = _sum_dtype(input, dtype)
    dims = _dims(dim, input.ndim)
    result = _masked_input("prod", input, mask).to(dtype=dtype)
    for d in reversed(dims):
        result = result.prod(dim=d, keepdim=bool(keepdim))
    return result


def cumsum(input, dim, *, dtype=None, mask=None):
    """``torch.masked.cumsum``: running sums in which masked-out elements count as 0."""
    dtype = input.dtype if dtype is None else dtype
    d = _dims(dim, input.ndim)[0]
    return _torch.cumsum(_masked_input("sum", input, mask), d, dtype=dtype).to(dtype=dtype)


def cumprod(input, dim, *, dtype=None, mask=None):
    """``torch.masked.cumprod``: running products in which masked-out elements count as 1."""
    dtype = input.dtype if dtype is None else dtype
    d = _dims(dim, input.ndim)[0]
    return _torch.cumprod(_masked_input("prod", input, mask), d, dtype=dtype).to(dtype=dtype)


def amax(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.amax``: the largest masked-in element (``-inf`` / the dtype's min where none)."""
    dtype = input.dtype if dtype is None else dtype
    masked = _masked_input("amax", input, mask)
    return _torch.amax(masked, _dims(dim, masked.ndim), bool(keepdim)).to(dtype=dtype)


def amin(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.amin``: the smallest masked-in element (``inf`` / the dtype's max where none)."""
    dtype = input.dtype if dtype is None else dtype
    masked = _masked_input("amin", input, mask)
    return _torch.amin(masked, _dims(dim, masked.ndim), bool(keepdim)).to(dtype=dtype)


def argmax(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.argmax``: the index of the largest masked-in element (cast to ``dtype``,
    by default the input's)."""
    dtype = input.dtype if dtype is None else dtype
    return _torch.argmax(_masked_input("argmax", input, mask), dim, bool(keepdim)).to(dtype=dtype)


def argmin(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.argmin``: the index of the smallest masked-in element."""
    dtype = input.dtype if dtype is None else dtype
    return _torch.argmin(_masked_input("argmin", input, mask), dim, bool(keepdim)).to(dtype=dtype)


def mean(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.mean``: masked sum over masked-in count (NaN where none); floating or
    complex result dtypes only."""
    source = "Optional"
    if dtype is None:
        dtype, source = input.dtype, "Input"
    if not (dtype.is_floating_point or dtype.is_complex):
        raise ValueError(f"mean(): Could not infer output dtype. {source} dtype must be either a floating point "
                         f"or complex dtype. Got: {dtype}")
    count, total = _count_and_sum(input, dim, keepdim, dtype, mask)
    return total / count


def _count_and_sum(input, dim, keepdim, dtype, mask):
    """The number of masked-in elements and their sum over ``dim``."""
    if mask is None:
        count = sum(_torch.ones(input.shape, dtype=_torch.int64), dim, keepdim=keepdim)
        return count, sum(input, dim, keepdim=keepdim, dtype=dtype)
    inmask = _input_mask(input, mask)
    count = inmask.sum(dim=dim, keepdim=bool(keepdim))
    return count, sum(input, dim, keepdim=keepdim, dtype=dtype, mask=inmask)


def median(input, dim=-1, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.median``: ``nanmedian`` with masked-out elements as NaN (NaN where none; a
    non-floating input may have no fully masked-out row)."""
    dtype = input.dtype if dtype is None else dtype
    d = _dims(dim, input.ndim)[0]
    is_float = input.is_floating_point()
    if not is_float:
        input = input.to(dtype=_torch.float32)
    output = _torch.nanmedian(_masked_input("median", input, mask), d, keepdim).values
    if is_float:
        return output
    if not _torch.isnan(output).any():
        return output.to(dtype=dtype)
    raise ValueError("masked median expects no fully masked out rows if dtype is not floating point")


def logsumexp(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.logsumexp``: masked-out elements count as ``-inf``."""
    dtype = input.dtype if dtype is None else dtype
    dims = _dims(dim, input.ndim)
    return _torch.logsumexp(_masked_input("logsumexp", input, mask), dims, keepdim=keepdim).to(dtype=dtype)


def logaddexp(input, other, *, dtype=None, input_mask=None, other_mask=None):
    """``torch.masked.logaddexp``: elementwise, each operand's masked-out elements as ``-inf``."""
    dtype = input.dtype if dtype is None else dtype
    a = _masked_input("logaddexp", input, input_mask)
    b = _masked_input("logaddexp", other, other_mask)
    return _torch.logaddexp(a, b).to(dtype=dtype)


def norm(input, ord=2.0, dim=None, *, keepdim=False, dtype=None, mask=None):
    """``torch.masked.norm``: ``linalg.vector_norm`` of the masked-in elements."""
    dtype = input.dtype if dtype is None else dtype
    masked = _masked_input("norm", input, mask, ord)
    return _torch.linalg.vector_norm(masked, ord, _dims(dim, input.ndim), bool(keepdim), dtype=dtype)


def _std_var(input, dim, unbiased, correction_opt, keepdim, dtype, mask, take_sqrt):
    """Masked variance (``take_sqrt``: standard deviation): the squared deviations from the masked
    mean over ``count - correction`` (at least 0), NaN where nothing is masked in."""
    if unbiased is not None and correction_opt is not None:
        raise AssertionError("Only one of unbiased and correction may be given")
    correction = 1.0
    if unbiased is not None:
        correction = 1.0 if unbiased else 0.0
    if correction_opt is not None:
        correction = float(correction_opt)
    if dtype is None:
        dtype = input.dtype
        if not (dtype.is_floating_point or dtype.is_complex):
            dtype = _torch.float32
    compute_dtype = dtype if (dtype.is_floating_point or dtype.is_complex) else _torch.float32
    count, sample_total = _count_and_sum(input, dim, True, dtype, mask)
    inmask = None if mask is None else _input_mask(input, mask)
    x = _torch.subtract(input, _torch.divide(sample_total, count))
    total = sum(x * x.conj(), dim, keepdim=keepdim, dtype=compute_dtype, mask=inmask)
    if not keepdim:
        count = count.reshape(total.shape)
    if correction != 0:
        real_dtype = compute_dtype.to_real() if compute_dtype.is_complex else compute_dtype
        count = _torch.subtract(count.to(real_dtype), correction)
        count = _torch.maximum(count, count.new_zeros([]))
    output = _torch.divide(total, count).to(dtype=dtype)
    return _torch.sqrt(output) if take_sqrt else output


def var(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None):
    """``torch.masked.var``: the variance of the masked-in elements (NaN where none)."""
    return _std_var(input, dim, unbiased, correction, keepdim, dtype, mask, take_sqrt=False)


def std(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None):
    """``torch.masked.std``: the standard deviation of the masked-in elements (NaN where none)."""
    return _std_var(input, dim, unbiased, correction, keepdim, dtype, mask, take_sqrt=True)


# ----------------------------------------------------------- normalizations
def softmax(input, dim, *, dtype=None, mask=None):
    """``torch.masked.softmax``: masked-out elements as ``-inf`` (probability 0)."""
    dtype = input.dtype if dtype is None else dtype
    d = _dims(dim, input.ndim)[0]
    return _torch.nn.functional.softmax(_masked_input("amax", input, mask), d, dtype=dtype)


def log_softmax(input, dim, *, dtype=None, mask=None):
    """``torch.masked.log_softmax``: masked-out elements as ``-inf``."""
    dtype = input.dtype if dtype is None else dtype
    d = _dims(dim, input.ndim)[0]
    return _torch.nn.functional.log_softmax(_masked_input("amax", input, mask), d, dtype=dtype)


def softmin(input, dim, *, dtype=None, mask=None):
    """``torch.masked.softmin``: masked-out elements as ``inf`` (probability 0)."""
    dtype = input.dtype if dtype is None else dtype
    d = _dims(dim, input.ndim)[0]
    return _torch.nn.functional.softmin(_masked_input("amin", input, mask), d, dtype=dtype)


def normalize(input, ord, dim, *, eps=1e-12, dtype=None, mask=None):
    """``torch.masked.normalize``: the masked input over its masked ``ord``-norm along ``dim``
    (at least ``eps``); masked-out elements come out 0."""
    dtype = input.dtype if dtype is None else dtype
    masked = _masked_input("sum", input, mask)
    nrm = norm(input, ord, dim, keepdim=True, dtype=dtype, mask=mask)
    return _torch.divide(masked, _torch.maximum(nrm, nrm.new_full([], eps)))
