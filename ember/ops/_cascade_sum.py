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
sequential float additions), vectorised over rows/columns.  A whole-tensor sum
larger than one parallel chunk (32768 elements) is split as ATen's two-pass
reduction splits it over ``get_num_threads()`` threads (``two_pass_sum``), so
it matches PyTorch run with the same thread count; sums over some dims of such
tensors fall back to NumPy's pairwise sum.
"""
from __future__ import annotations

import numpy as np

from . import _layout
from ..backend.blas import ones_vector

# AVX2 vector widths, in elements, of ATen's vectorised CPU kernels (shared by every order replay)
LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
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
    if ncols >= 2:  # (under 16 rows that is one in-order reduction from +0.0: 22 -> 6 us on a (2, 5) bias)
        return _multi_row_sum_wide(x)
    return _multi_row_sum_seq(x)


def _multi_row_sum_wide(x: np.ndarray) -> np.ndarray:
    """Same order as ``_multi_row_sum_seq`` for many columns, one NumPy reduction per level.

    ATen's accumulator ``j`` takes ``step`` additions (chunk sums of ``step`` rows at level 0,
    then sums of ``step`` level-``j - 1`` flushes) before it is added to level ``j + 1`` and
    cleared; the last level is never cleared, and at the end the levels are added from 0 up.
    So each level is the in-order sum of ``step``-long groups of the level below, and what is
    left over at a level stays in its accumulator.  NumPy reduces a middle or leading axis of a
    C-ordered view strictly in order (the columns stay its inner loop), and ``initial=+0.0``
    gives ATen's accumulators starting at +0.0 (a sum of -0.0s is +0.0).  One reduction per level
    replaced a Python loop over the chunks in the sixteenth session: a (512, 256) column sum
    70 -> 36 us, the same bits.
    """
    size = x.shape[1]
    lead, row = x.shape[:1], x.shape[2:]
    step = 1 << max(4, _ceil_log2(size) // _NUM_LEVELS)
    zero = x.dtype.type(0)
    red = np.add.reduce
    levels = []   # what each accumulator holds at the end (None: nothing was added)
    items = x     # the addends of the current level, along axis 1
    for _ in range(_NUM_LEVELS - 1):
        n = items.shape[1]
        full = n - n % step
        levels.append(red(items[:, full:], axis=1, initial=zero) if full < n else None)
        if not full:
            items = None
            break
        items = red(items[:, :full].reshape(lead + (full // step, step) + row), axis=2, initial=zero)
    if items is not None:
        levels.append(red(items, axis=1, initial=zero))
    res = None
    for acc in levels:  # (an accumulator that was never added to holds +0.0, which adds nothing here)
        if acc is not None:
            res = acc if res is None else res + acc
    return np.zeros(lead + row, x.dtype) if res is None else res


def _one_level_sum(cols: np.ndarray) -> np.ndarray:
    """``_multi_row_sum_wide`` for 16 to 271 rows (a bias gradient's batch): the cascade never
    leaves level 1, so it is the in-order sum of 16-row blocks, then of the blocks and the tail.
    NumPy reduces a leading or middle axis in order; starting the outer sums at ``initial=+0.0``
    gives ATen's +0.0 for all-zero columns (NumPy's in-order sum of -0.0s is -0.0; a block's sign
    cannot matter otherwise)."""
    rows, k = cols.shape
    nfull = rows >> 4
    zero = cols.dtype.type(0)
    red = np.add.reduce
    # each block's 16 rows reduced as the middle axis of a C-contiguous view: NumPy keeps the
    # contiguous columns as its inner loop and adds the rows in order (re-measured in the eighth
    # session, faster than the leading-axis view of the same sums for every width: 64 x 256
    # 8.0 -> 6.6 us, 16 x 4096 14.3 -> 10.7 us)
    blocks = red(cols[:nfull * 16].reshape(nfull, 16, k), axis=1)
    if nfull * 16 < rows:
        return red(cols[nfull * 16:], axis=0, initial=zero) + red(blocks, axis=0)
    return red(blocks, axis=0, initial=zero)


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
    if n and is_short_row(n, rows.dtype):
        return short_rows_sum(rows)
    return _inner_sum_cascade(rows)


def _inner_sum_cascade(rows: np.ndarray) -> np.ndarray:
    """``inner_sum`` through the general cascade replay (any row length)."""
    m, n = rows.shape
    lanes = LANES[rows.dtype]
    if n < lanes:
        return _row_sum(rows)
    nvec = n // lanes
    vecs = rows[:, :nvec * lanes].reshape(m, nvec, lanes)
    vacc = _row_sum(vecs)  # (m, lanes)
    tail = _seq_add(np.zeros(m, dtype=rows.dtype), rows[:, nvec * lanes:])
    return _seq_add(tail, vacc)


def is_short_row(n: int, dt) -> bool:
    """Whether a row of ``n`` elements stays on the cascade's first level in every accumulator (at
    most 16 groups of 4 vectors), so ``short_row_sum`` applies."""
    return n // LANES[dt] // _ILP <= 16


def short_row_sum(x: np.ndarray):
    """``inner_sum`` of one float32/float64 row that ``is_short_row``, in 5-8 NumPy calls instead
    of ~25: the same additions in the same order (a tiny tensor's ``sum()`` 34 -> 14 us)."""
    return short_rows_sum(x.reshape(1, -1))[0]


def short_rows_sum(x: np.ndarray) -> np.ndarray:
    """``inner_sum`` of the rows of a 2-D float32/float64 array whose row length ``is_short_row``.

    Vectors of ``L`` lanes are dealt to 4 accumulators in turn, each summing its vectors in order
    from +0.0 (NumPy reduces a middle axis in order); leftover vectors join accumulator 0, the
    accumulators combine as ``((a0 + a1) + a2) + a3``; the scalar tail (under ``L`` elements, which
    NumPy adds in order) is summed from +0.0 and the lanes are added to it one by one.  Rows
    shorter than one vector take the same scheme on scalars."""
    dt = x.dtype
    zero = dt.type(0)
    m, n = x.shape
    lanes = LANES[dt]
    unit = lanes if n >= lanes else 1
    nvec = n // unit
    vecs = x[:, :nvec * unit].reshape(m, nvec, unit)
    groups = nvec // _ILP
    acc = np.add.reduce(vecs[:, :groups * _ILP].reshape(m, groups, _ILP, unit), axis=1, initial=zero)
    for j in range(groups * _ILP, nvec):  # at most 3 leftover vectors, into accumulator 0
        acc[:, 0] += vecs[:, j]
    comb = np.add.accumulate(acc, axis=1)[:, -1]  # ((a0 + a1) + a2) + a3, per lane
    if unit == 1:
        return comb[:, 0] + zero
    tail = np.add.reduce(x[:, nvec * unit:], axis=1, initial=zero, keepdims=True)
    return np.add.accumulate(np.concatenate((tail, comb), axis=1), axis=1)[:, -1]


def outer_sum(cols: np.ndarray) -> np.ndarray:
    """Sum a (reduced, columns) float array over axis 0 in ATen's outer-sum order.

    Columns in full groups go through ``multi_row_sum`` (one cascade per
    column); leftover columns go through ``row_sum`` (4-way interleaved).
    """
    lanes = LANES[cols.dtype]
    k = cols.shape[1]
    group = _ILP * lanes if k >= lanes else _ILP
    head = (k // group) * group
    if head == k:
        if 16 <= cols.shape[0] < 272 and k >= 2:
            return _one_level_sum(cols)
        return _multi_row_sum(cols[None])[0]
    out = np.empty(k, dtype=cols.dtype)
    if head:
        part = cols[:, :head]
        out[:head] = _one_level_sum(part) if 16 <= cols.shape[0] < 272 and head >= 2 else _multi_row_sum(part[None])[0]
    if head < k:
        rest = cols[:, head:]
        out[head:] = _row_sum_2d(rest) if rest.shape[0] < 4 * 272 else _row_sum(rest[None])[0]
    return out


def _row_sum_2d(cols: np.ndarray) -> np.ndarray:
    """``_row_sum`` of a 2-D (rows, columns) array with under 1,088 rows, in fewer NumPy calls: each
    of the 4 interleaved accumulators is one cascade level at most (``_one_level_sum``), NumPy's
    in-order reduction of a leading axis below 16 rows; leftover rows join accumulator 0, then
    the accumulators are added in order (``add.accumulate``: ``((a0 + a1) + a2) + a3``)."""
    rows, k = cols.shape
    m = rows // _ILP
    zero = cols.dtype.type(0)
    grouped = cols[:m * _ILP].reshape(m, _ILP * k)
    if m >= 16:
        acc = _one_level_sum(grouped).reshape(_ILP, k)
    elif m:
        acc = np.add.reduce(grouped, axis=0, initial=zero).reshape(_ILP, k)
    else:
        acc = np.zeros((_ILP, k), cols.dtype)
    for r in range(m * _ILP, rows):
        acc[0] += cols[r]
    return np.add.accumulate(acc, axis=0)[-1]


def lane_partials(rows: np.ndarray, lanes: int) -> np.ndarray:
    """``(rows, lanes)`` per-lane sums of the whole vectors of each row, each lane adding
    ``x[j], x[j + lanes], ...`` in turn (the accumulators of ATen's vectorised row reductions);
    the caller handles the leftover elements and combines the lanes.  Rows hold at least one vector."""
    full = rows.shape[1] - rows.shape[1] % lanes
    blocks = rows[:, :full].reshape(rows.shape[0], full // lanes, lanes)
    if blocks.shape[1] <= 32:  # in order per lane; NumPy's own sum over this axis is ~3x slower
        acc = blocks[:, 0].copy()
        for j in range(1, blocks.shape[1]):
            acc += blocks[:, j]
        return acc
    return np.ascontiguousarray(blocks.transpose(1, 0, 2)).sum(axis=0)  # the leading axis: in order too


def _in_order_range(d: np.ndarray) -> bool:
    """Whether ``d``'s sums follow ATen's order here: float32/float64, non-empty, one parallel chunk
    at most (above it PyTorch's own result depends on the thread count)."""
    return d.dtype in LANES and 0 < d.size <= GRAIN


def column_sums(d: np.ndarray):
    """The column sums of a C-contiguous 2-D float NumPy array (a bias gradient's
    ``(batch, features)``), or None (a single column, or another dtype: ``faithful_sum``).

    Up to one parallel chunk this is ``outer_sum``, PyTorch's bits.  Above it, PyTorch's column
    sums are still thread-independent and ``outer_sum`` would give its bits too, but it costs
    2-4x NumPy's sum; a GEMV with a vector of ones (``ones @ d``, the BLAS's threads) costs
    0.3-0.5x NumPy's (a (512, 256) bias gradient 36 against 25 and 10 us), so training steps
    take that, as the matrix products around it do not match PyTorch's bits either.  A single
    column is one contiguous run, which ATen sums as an inner (vectorised cascade) reduction."""
    if d.shape[1] < 2:
        return _single_column_sum(d)
    if _in_order_range(d):
        return outer_sum(d)
    if d.dtype not in LANES or not d.shape[0]:
        return None
    return np.matmul(ones_vector(d.shape[0], d.dtype), d)


def _single_column_sum(d: np.ndarray):
    """The sum of a C-contiguous ``(n, 1)`` float array as a ``(1,)`` array (ATen's inner reduction of
    the run), or None above one parallel chunk (``faithful_sum``'s two-pass replay)."""
    if not _in_order_range(d):
        return None
    row = d.reshape(1, -1)
    return short_rows_sum(row)[:1] if is_short_row(d.size, d.dtype) else inner_sum(row)


# Whole-tensor sums above one parallel chunk replay ATen's two-pass reduction up to this size
# (the replay costs ~10x NumPy's pairwise sum; beyond it NumPy's sum is used)
TWO_PASS_MAX = 1 << 24


def _memory_order(d: np.ndarray) -> np.ndarray:
    """``d``'s elements as one row in the order PyTorch's TensorIterator reduces them: memory order
    for a permuted (e.g. transposed) array, row-major otherwise."""
    if not _layout.is_row_major(d):
        d = d.transpose(_layout.outer_order(d))
    return np.ascontiguousarray(d).reshape(1, -1)


def two_pass_sum(row: np.ndarray, threads: int):
    """ATen's ``parallel_reduce`` of a whole tensor (``two_pass_reduction``): ``parallel_for``
    splits the ``n`` elements into ``T = min(threads, ceil(n / GRAIN))`` equal chunks, each chunk
    is cascade-summed into its thread's slot of a ``threads``-long zero buffer, and the buffer is
    summed again.  With one thread (or one chunk) it is one cascade sum over the whole row."""
    n = row.shape[1]
    t = min(threads, -(-n // GRAIN))
    if t <= 1:
        return inner_sum(row)[0]
    chunk = -(-n // t)
    buf = np.zeros((1, max(threads, t)), row.dtype)
    for i in range(t):
        buf[0, i] += inner_sum(row[:, i * chunk:min(n, (i + 1) * chunk)])[0]
    return inner_sum(buf)[0] + row.dtype.type(0)


def _threads() -> int:
    from .. import get_num_threads
    return get_num_threads()


# Sums over some dims replay ATen's order up to this many elements.  Above it NumPy's pairwise sum
# runs instead: the replay costs 2-8x NumPy's there (a (512, 256) bias gradient 81 vs 22 us, a
# (1000, 1000) row sum 1.6 vs 0.2 ms), which training steps and large reductions can't afford.
DIM_REPLAY_MAX = GRAIN


def batched_outer_sum(x: np.ndarray) -> np.ndarray:
    """``outer_sum`` of each ``x[b]`` of a (batch, reduced, columns) array: a contiguous tensor
    reduced over a middle dim, which ATen walks one outer index at a time, so the column groups
    (``4 * lanes`` wide, leftovers interleaved) are formed within each batch entry."""
    lanes = LANES[x.dtype]
    k = x.shape[2]
    group = _ILP * lanes if k >= lanes else _ILP
    head = (k // group) * group
    out = np.empty((x.shape[0], k), x.dtype)
    if head:
        out[:, :head] = _multi_row_sum(x[:, :, :head])
    if head < k:
        out[:, head:] = _row_sum(x[:, :, head:])
    return out


def _coalesced_runs(shape: tuple, reduced: list) -> list:
    """``[size, reduced]`` runs of a row-major array, outermost first, as TensorIterator sees it:
    size-1 dims dropped, neighbouring dims of the same role merged."""
    runs = []
    for n, r in zip(shape, reduced):
        if n == 1:
            continue
        if runs and runs[-1][1] == r:
            runs[-1][0] *= n
        else:
            runs.append([n, r])
    return runs


def _row_major_dim_sum(d: np.ndarray, dims) -> np.ndarray | None:
    """The sums of a C-contiguous ``d`` over ``dims`` (kept dims flattened row-major), for the
    layouts replayed here: rows (``inner_sum``), columns (``outer_sum``) or a middle run of dims
    (``batched_outer_sum``); None otherwise."""
    runs = _coalesced_runs(d.shape, [k in dims for k in range(d.ndim)])
    pattern = tuple(r for _, r in runs)
    sizes = [n for n, _ in runs]
    flat = d.reshape(-1)
    if pattern == (False, True):
        return inner_sum(flat.reshape(sizes))
    if pattern == (True, False):
        return outer_sum(flat.reshape(sizes))
    if pattern == (False, True, False):
        return batched_outer_sum(flat.reshape(sizes)).reshape(-1)
    if pattern == (True, False, True):  # e.g. a batch norm's dims (0, 2, 3)
        return _outer_of_inner_sums(flat.reshape(sizes))
    return None


def _outer_of_inner_sums(x: np.ndarray) -> np.ndarray:
    """Sums of a (reduced, kept, reduced) array over its outer and inner dims: ATen reduces each
    contiguous row (``inner_sum``) and adds the row sums into the zero-filled output one outer
    index after another (NumPy reduces a leading axis in order)."""
    n, k, m = x.shape
    rows = inner_sum(x.reshape(n * k, m)).reshape(n, k)
    return np.add.reduce(rows, axis=0, initial=x.dtype.type(0))


def _dim_sum(d: np.ndarray, dims: tuple) -> np.ndarray | None:
    """``_row_major_dim_sum`` in the kept dims' logical order, for a C-contiguous ``d`` or a
    permutation of one whose kept dims stay in logical order in memory (the output's row-major
    strides then agree with the input's on the iteration order)."""
    if d.flags.c_contiguous:
        return _row_major_dim_sum(d, dims)
    order = _layout.outer_order(d)
    dp = d.transpose(order)
    if not dp.flags.c_contiguous:
        return None
    kept = [k for k in order if k not in dims]
    if kept != sorted(kept):
        return None
    return _row_major_dim_sum(dp, {order.index(k) for k in dims})


def _one_output(shape: tuple, dims: tuple) -> bool:
    """Whether every kept dim has size 1: ATen then reduces the whole tensor to its one output."""
    for k, n in enumerate(shape):
        if n != 1 and k not in dims:
            return False
    return True


def faithful_sum(d: np.ndarray, dims: tuple, keepdim: bool):
    """Sum ``d`` over ``dims`` like PyTorch, or return None to use NumPy instead."""
    if d.__class__ is not np.ndarray or d.dtype not in LANES or not d.size:
        return None
    nd = d.ndim
    if nd == 0:
        return None
    dims = tuple(sorted(dims))
    if dims == tuple(range(nd)) or _one_output(d.shape, dims):
        if d.size > TWO_PASS_MAX:
            return None
        row = _memory_order(d)
        if is_short_row(d.size, d.dtype):
            out = short_row_sum(row[0])
        else:
            out = inner_sum(row)[0] if d.size <= GRAIN else two_pass_sum(row, _threads())
        if dims != tuple(range(nd)):
            return out.reshape(tuple(1 if k in dims else n for k, n in enumerate(d.shape)) if keepdim else
                               tuple(n for k, n in enumerate(d.shape) if k not in dims))
        return out.reshape((1,) * nd) if keepdim else out
    out_shape = tuple(1 if k in dims else n for k, n in enumerate(d.shape)) if keepdim else \
        tuple(n for k, n in enumerate(d.shape) if k not in dims)
    if d.size > DIM_REPLAY_MAX:
        return None
    if d.size > GRAIN or len(dims) != 1:
        r = _dim_sum(d, dims)
        return None if r is None else r.reshape(out_shape)
    ax = dims[0]
    shape = d.shape
    moved_shape = shape[:ax] + shape[ax + 1:]
    contiguous = d.flags.c_contiguous
    if ax == nd - 1 and contiguous:
        out = inner_sum(d.reshape(-1, shape[-1]))
    elif ax == 0 and contiguous:  # e.g. a bias gradient: no axis move, no copy
        out = outer_sum(d.reshape(shape[0], -1))
    else:
        out = _dim_sum(d, dims)
        if out is None and ax == nd - 1:
            out = inner_sum(np.ascontiguousarray(d).reshape(-1, shape[-1]))
        elif out is None:
            cols = np.moveaxis(d, ax, 0).reshape(shape[ax], -1)
            out = outer_sum(np.ascontiguousarray(cols))
    return out.reshape(shape[:ax] + (1,) + shape[ax + 1:] if keepdim else moved_shape)


# ------------------------------------------------------------------ nll_loss's own cascade
# ATen's CPU ``nll_loss`` (and ``nll_loss2d``) reduces in the loss dtype with an 8-level cascade
# of 16-item steps: after adding item ``b`` (its position in the batch, ignored targets
# included in the count) to level 0, every level ``j`` whose ``b % 16**(j + 1) == 0`` is added
# to level ``j + 1`` and cleared; at the end the levels are added from 0 to 7 onto +0.0.  So
# item 0 goes straight to the top, and the rest is summed in runs of 16, 256, ...

_NLL_LEVELS = 8


def _seq_from_zero(items: np.ndarray):
    zero = items.dtype.type(0)
    if not items.size:
        return zero
    return np.cumsum(items, dtype=items.dtype)[-1] + zero


def _ragged_runs(vals: np.ndarray, ends: np.ndarray):
    """In-order sums of the runs of ``vals`` that end at the True entries of ``ends`` (inclusive),
    the leftover values, and the indices of the run ends; None if the runs are too ragged."""
    end_idx = np.flatnonzero(ends)
    if not end_idx.size:
        return vals[:0], vals, end_idx
    starts = np.concatenate(([0], end_idx[:-1] + 1))
    lengths = end_idx - starts + 1
    width = int(lengths.max())
    if width * lengths.size > 16 * (end_idx[-1] + 1) + 256:
        return None
    grid = np.zeros((lengths.size, width), vals.dtype)  # trailing zeros leave an in-order sum as it is
    rows = np.repeat(np.arange(lengths.size), lengths)
    cols = np.arange(end_idx[-1] + 1) - np.repeat(starts, lengths)
    grid[rows, cols] = vals[:end_idx[-1] + 1]
    sums = np.cumsum(grid, axis=1, dtype=vals.dtype)[:, -1]
    sums += vals.dtype.type(0)
    return sums, vals[end_idx[-1] + 1:], end_idx


def _nll_cascade_dense(vals: np.ndarray):
    """``nll_cascade_sum`` with no skipped items: item 0 is the top level; the others are
    summed in runs of 16 per level, each level's leftover joining the result from the bottom up
    (the result starts at +0.0 and so is never -0.0: the signs of zero partial sums never matter).
    ``add.accumulate`` is ``cumsum`` (sequential, in the input dtype) without its wrapper."""
    acc = np.add.accumulate
    out = vals.dtype.type(0)
    items = vals[1:]
    while items.size:
        full = items.size - items.size % 16
        if full < items.size:
            out = out + acc(items[full:])[-1]
        if not full:
            break
        items = acc(items[:full].reshape(-1, 16), axis=1)[:, -1]
    return out + vals[0] if vals.size else out


def nll_cascade_sum(vals: np.ndarray, pos: np.ndarray | None = None):
    """``vals`` (1-D float) summed in ATen's ``nll_loss`` order, as a 0-d value of their dtype.

    ``pos`` holds each value's iteration index when some were skipped (ignored targets);
    None means ``0, 1, 2, ...``.  Returns None when skipped items make the runs too ragged
    to vectorise (the caller then sums another way).
    """
    if pos is None and vals.size < 16 ** (_NLL_LEVELS - 2):
        return _nll_cascade_dense(vals)
    if pos is None:
        pos = np.arange(vals.size)
    dt = vals.dtype
    zero = dt.type(0)
    levels = [zero] * _NLL_LEVELS
    items, ipos = vals, pos
    for j in range(_NLL_LEVELS - 1):
        got = _ragged_runs(items, ipos % (16 ** (j + 1)) == 0)
        if got is None:
            return None
        sums, rest, end_idx = got
        levels[j] = _seq_from_zero(rest)
        items, ipos = sums, ipos[end_idx]
        if not items.size:
            break
    else:
        levels[-1] = _seq_from_zero(items)
    out = zero
    for v in levels:
        out = out + v
    return out
