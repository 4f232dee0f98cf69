"""Float sums in PyTorch's exact order of additions.

A float32 sum's last bits depend on the order of additions, and those bits
show up when a program prints ``loss.item()``.  PyTorch's CPU ``sum`` (ATen's
``cascade_sum`` in ``SumKernel.cpp``) adds in a fixed order:

* reducing a contiguous row (``vectorized_inner_sum``): the row is read as
  SIMD vectors (8 float32 / 4 float64 lanes on AVX2), the vectors are summed
  with 4 interleaved accumulators and a multi-level cascade, the scalar tail
  is summed sequentially, and finally the lanes are added to it one by one;
* reducing along a strided dim (``vectorized_outer_sum``): each output column
  is a cascade sum over the reduced dim.

This module reproduces that order with NumPy (``np.cumsum`` gives strictly
sequential float additions), vectorised over rows/columns.  Inputs larger
than one parallel chunk (32768 elements) fall back to NumPy's pairwise sum,
where PyTorch's own result depends on the thread count.
"""
from __future__ import annotations

import numpy as np

_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
_NUM_LEVELS = 4
_ILP = 4
GRAIN = 32768


def _ceil_log2(x: int) -> int:
    if x <= 2:
        return 1
    return int(x - 1).bit_length()


def _seq_add(acc: np.ndarray, items: np.ndarray) -> np.ndarray:
    """``acc + items[:,0] + items[:,1] + ...`` strictly left to right (axis 1 of items)."""
    if items.shape[1] == 0:
        return acc
    stacked = np.concatenate([acc[:, None], items], axis=1)
    return np.cumsum(stacked, axis=1, dtype=acc.dtype)[:, -1]


def _multi_row_sum(x: np.ndarray) -> np.ndarray:
    """ATen ``multi_row_sum``: x has shape (batch, size, *row); returns (batch, *row)."""
    size = x.shape[1]
    ncols = 1
    for n in x.shape[2:]:
        ncols *= n
    if ncols >= 2 and size >= 16:
        return _multi_row_sum_wide(x)
    return _multi_row_sum_seq(x)


def _multi_row_sum_wide(x: np.ndarray) -> np.ndarray:
    """Same order as ``_multi_row_sum_seq`` for many columns, using NumPy's in-order strided sums.

    NumPy reduces a non-contiguous axis strictly left to right, so summing each
    cascade block with ``.sum(axis=2)`` gives the same bits as sequential adds;
    ``+= 0`` reproduces ATen's accumulator starting at +0.0 (a sum of -0.0s is +0.0).
    """
    size = x.shape[1]
    level_power = max(4, _ceil_log2(size) // _NUM_LEVELS)
    step = 1 << level_power
    mask = step - 1
    nfull = size // step
    zero = x.dtype.type(0)
    acc = [None] * _NUM_LEVELS
    i = 0
    if nfull:
        chunks = x[:, :nfull * step].reshape((x.shape[0], nfull, step) + x.shape[2:]).sum(axis=2)
        chunks += zero
        if nfull <= 16:  # the cascade never reaches level 2: it is the chunks' in-order sum
            block = chunks.sum(axis=1)
            if nfull * step < size:
                t = x[:, nfull * step:size].sum(axis=1)
                t += zero
                return (t + zero) + block
            return block + zero
        for c in range(nfull):
            acc[0] = chunks[:, c]
            i += step
            for j in range(1, _NUM_LEVELS):
                acc[j] = acc[j - 1] if acc[j] is None else acc[j] + acc[j - 1]
                acc[j - 1] = None
                if i & (mask << (j * level_power)):
                    break
    if i < size:
        t = x[:, i:size].sum(axis=1)
        t += zero
        acc[0] = t if acc[0] is None else acc[0] + t
    res = None
    for a in acc:
        if a is not None:
            res = a + zero if res is None else res + a
    if res is None:
        return np.zeros((x.shape[0],) + x.shape[2:], x.dtype)
    return res


def _one_level_sum(cols: np.ndarray) -> np.ndarray:
    """``_multi_row_sum_wide`` for 16 to 271 rows (a bias gradient's batch): the cascade never
    leaves level 1, so it is the in-order sum of 16-row blocks, then of the blocks and the tail.
    ``+ zero`` at the end gives ATen's +0.0 for all-zero columns (NumPy's in-order sum of -0.0s is
    -0.0; a block's sign cannot matter otherwise)."""
    rows, k = cols.shape
    nfull = rows >> 4
    zero = cols.dtype.type(0)
    block = cols[:nfull * 16].reshape(nfull, 16, k).sum(axis=1).sum(axis=0)
    if nfull * 16 < rows:
        tail = cols[nfull * 16:].sum(axis=0)
        tail += zero
        return tail + block
    return block + zero


def _multi_row_sum_seq(x: np.ndarray) -> np.ndarray:
    size = x.shape[1]
    level_power = max(4, _ceil_log2(size) // _NUM_LEVELS)
    step = 1 << level_power
    mask = step - 1
    zero = np.zeros((x.shape[0],) + x.shape[2:], dtype=x.dtype)
    acc = [zero.copy() for _ in range(_NUM_LEVELS)]
    i = 0
    while i + step <= size:
        acc[0] = _seq_add(acc[0], x[:, i:i + step])
        i += step
        for j in range(1, _NUM_LEVELS):
            acc[j] = acc[j] + acc[j - 1]
            acc[j - 1] = zero.copy()
            if i & (mask << (j * level_power)):
                break
    acc[0] = _seq_add(acc[0], x[:, i:size])
    for j in range(1, _NUM_LEVELS):
        acc[0] = acc[0] + acc[j]
    return acc[0]


def _row_sum(x: np.ndarray) -> np.ndarray:
    """ATen ``row_sum``: x (batch, size, *elem) -> (batch, *elem), 4-way interleaved."""
    size = x.shape[1]
    size_ilp = size // _ILP
    grouped = x[:, :size_ilp * _ILP].reshape((x.shape[0], size_ilp, _ILP) + x.shape[2:])
    partial = _multi_row_sum(grouped)  # (batch, ILP, *elem)
    p0 = _seq_add(partial[:, 0], x[:, size_ilp * _ILP:])
    for k in range(1, _ILP):
        p0 = p0 + partial[:, k]
    return p0


def inner_sum(rows: np.ndarray) -> np.ndarray:
    """Sum each row of a 2-D C-contiguous float array in PyTorch's order."""
    m, n = rows.shape
    lanes = _LANES[rows.dtype]
    if n < lanes:
        return _row_sum(rows)
    nvec = n // lanes
    vecs = rows[:, :nvec * lanes].reshape(m, nvec, lanes)
    vacc = _row_sum(vecs)  # (m, lanes)
    tail = _seq_add(np.zeros(m, dtype=rows.dtype), rows[:, nvec * lanes:])
    return _seq_add(tail, vacc)


def outer_sum(cols: np.ndarray) -> np.ndarray:
    """Sum a (reduced, columns) float array over axis 0 in ATen's outer-sum order.

    Columns in full groups go through ``multi_row_sum`` (one cascade per
    column); leftover columns go through ``row_sum`` (4-way interleaved).
    """
    lanes = _LANES[cols.dtype]
    k = cols.shape[1]
    group = _ILP * lanes if k >= lanes else _ILP
    head = (k // group) * group
    if head == k:
        if 16 <= cols.shape[0] < 272 and k >= 2:
            return _one_level_sum(cols)
        return _multi_row_sum(cols[None])[0]
    out = np.empty(k, dtype=cols.dtype)
    if head:
        out[:head] = _multi_row_sum(cols[None, :, :head])[0]
    if head < k:
        out[head:] = _row_sum(cols[None, :, head:])[0]
    return out


def faithful_sum(d: np.ndarray, dims: tuple, keepdim: bool):
    """Sum ``d`` over ``dims`` like PyTorch, or return None to use NumPy instead."""
    if d.__class__ is not np.ndarray or d.dtype not in _LANES or d.size == 0 or d.size > GRAIN:
        return None
    nd = d.ndim
    if nd == 0:
        return None
    dims = tuple(sorted(dims))
    if dims == tuple(range(nd)):
        out = inner_sum(np.ascontiguousarray(d).reshape(1, -1))[0]
        return out.reshape((1,) * nd) if keepdim else out
    if len(dims) != 1:
        return None
    ax = dims[0]
    shape = d.shape
    moved_shape = shape[:ax] + shape[ax + 1:]
    if ax == nd - 1:
        out = inner_sum(np.ascontiguousarray(d).reshape(-1, shape[-1]))
    elif ax == 0 and d.flags.c_contiguous:  # e.g. a bias gradient: no axis move, no copy
        out = outer_sum(d.reshape(shape[0], -1))
    else:
        cols = np.moveaxis(d, ax, 0).reshape(shape[ax], -1)
        out = outer_sum(np.ascontiguousarray(cols))
    return out.reshape(shape[:ax] + (1,) + shape[ax + 1:] if keepdim else moved_shape)
