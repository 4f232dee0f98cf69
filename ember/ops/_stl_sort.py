"""The tie order of PyTorch's CPU sorting kernels, reproduced step by step.

PyTorch sorts (value, index) pairs with libstdc++'s ``std::sort`` (introsort: median-of-three
quicksort with an unguarded Hoare partition, heapsort past the depth limit, then insertion sort
over runs of 16), selects with ``std::nth_element`` / ``std::partial_sort`` (``topk``), and with
ATen's own ``quick_select_template`` (``kthvalue``).  None of them is stable, so the *indices*
they return among equal values follow from the exact sequence of comparisons and swaps.  NumPy's
sorts give the same values but other indices, so ember replays these algorithms on the rows that
hold ties (rows without ties have one answer, whatever the algorithm).

Every function works in place on two parallel Python lists: ``keys`` (what the comparator
reads) and ``vals`` (the original positions, moved along with their keys).  ``less(a, b)`` is the
comparator applied to two keys.  The code follows libstdc++'s ``bits/stl_algo.h`` and
``bits/stl_heap.h`` (GCC 9-14 all share it) and ATen's ``SortingUtils.h``.
"""
from __future__ import annotations

from typing import Callable, List

Less = Callable[[object, object], bool]

_THRESHOLD = 16  # libstdc++'s _S_threshold


def _lg(n: int) -> int:
    return n.bit_length() - 1


def _swap(keys: List, vals: List, i: int, j: int) -> None:
    keys[i], keys[j] = keys[j], keys[i]
    vals[i], vals[j] = vals[j], vals[i]


# ------------------------------------------------------------------ insertion sorts
def _unguarded_linear_insert(keys, vals, last: int, less: Less) -> None:
    k, v = keys[last], vals[last]
    nxt = last - 1
    while less(k, keys[nxt]):
        keys[last], vals[last] = keys[nxt], vals[nxt]
        last = nxt
        nxt -= 1
    keys[last], vals[last] = k, v


def _insertion_sort(keys, vals, first: int, last: int, less: Less) -> None:
    if first == last:
        return
    for i in range(first + 1, last):
        if less(keys[i], keys[first]):
            k, v = keys[i], vals[i]
            keys[first + 1:i + 1] = keys[first:i]
            vals[first + 1:i + 1] = vals[first:i]
            keys[first], vals[first] = k, v
        else:
            _unguarded_linear_insert(keys, vals, i, less)


def _final_insertion_sort(keys, vals, first: int, last: int, less: Less) -> None:
    if last - first > _THRESHOLD:
        _insertion_sort(keys, vals, first, first + _THRESHOLD, less)
        for i in range(first + _THRESHOLD, last):
            _unguarded_linear_insert(keys, vals, i, less)
    else:
        _insertion_sort(keys, vals, first, last, less)


# ------------------------------------------------------------------ heaps (stl_heap.h)
def _push_heap(keys, vals, first: int, hole: int, top: int, k, v, less: Less) -> None:
    parent = (hole - 1) // 2
    while hole > top and less(keys[first + parent], k):
        keys[first + hole], vals[first + hole] = keys[first + parent], vals[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    keys[first + hole], vals[first + hole] = k, v


def _adjust_heap(keys, vals, first: int, hole: int, length: int, k, v, less: Less) -> None:
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if less(keys[first + child], keys[first + child - 1]):
            child -= 1
        keys[first + hole], vals[first + hole] = keys[first + child], vals[first + child]
        hole = child
    if (length & 1) == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        keys[first + hole], vals[first + hole] = keys[first + child - 1], vals[first + child - 1]
        hole = child - 1
    _push_heap(keys, vals, first, hole, top, k, v, less)


def _make_heap(keys, vals, first: int, last: int, less: Less) -> None:
    length = last - first
    if length < 2:
        return
    parent = (length - 2) // 2
    while True:
        _adjust_heap(keys, vals, first, parent, length, keys[first + parent], vals[first + parent], less)
        if parent == 0:
            return
        parent -= 1


def _pop_heap(keys, vals, first: int, last: int, result: int, less: Less) -> None:
    k, v = keys[result], vals[result]
    keys[result], vals[result] = keys[first], vals[first]
    _adjust_heap(keys, vals, first, 0, last - first, k, v, less)


def _heap_select(keys, vals, first: int, middle: int, last: int, less: Less) -> None:
    _make_heap(keys, vals, first, middle, less)
    for i in range(middle, last):
        if less(keys[i], keys[first]):
            _pop_heap(keys, vals, first, middle, i, less)


def _sort_heap(keys, vals, first: int, last: int, less: Less) -> None:
    while last - first > 1:
        last -= 1
        _pop_heap(keys, vals, first, last, last, less)


def partial_sort(keys, vals, first: int, middle: int, last: int, less: Less) -> None:
    """``std::partial_sort``: the smallest ``middle - first`` items, sorted, at the front."""
    _heap_select(keys, vals, first, middle, last, less)
    _sort_heap(keys, vals, first, middle, less)


# ------------------------------------------------------------------ introsort / introselect
def _move_median_to_first(keys, vals, result: int, a: int, b: int, c: int, less: Less) -> None:
    ka, kb, kc = keys[a], keys[b], keys[c]
    if less(ka, kb):
        if less(kb, kc):
            _swap(keys, vals, result, b)
        elif less(ka, kc):
            _swap(keys, vals, result, c)
        else:
            _swap(keys, vals, result, a)
    elif less(ka, kc):
        _swap(keys, vals, result, a)
    elif less(kb, kc):
        _swap(keys, vals, result, c)
    else:
        _swap(keys, vals, result, b)


def _unguarded_partition_pivot(keys, vals, first: int, last: int, less: Less) -> int:
    mid = first + (last - first) // 2
    _move_median_to_first(keys, vals, first, first + 1, mid, last - 1, less)
    pivot = keys[first]
    lo, hi = first + 1, last
    while True:
        while less(keys[lo], pivot):
            lo += 1
        hi -= 1
        while less(pivot, keys[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        _swap(keys, vals, lo, hi)
        lo += 1


def introsort(keys, vals, first: int, last: int, less: Less) -> None:
    """``std::sort`` over ``[first, last)``."""
    if last - first < 2:
        return
    stack = [(first, last, 2 * _lg(last - first))]
    while stack:  # the recursion of __introsort_loop, right part first, as libstdc++ does
        lo, hi, depth = stack.pop()
        while hi - lo > _THRESHOLD:
            if depth == 0:
                partial_sort(keys, vals, lo, hi, hi, less)
                break
            depth -= 1
            cut = _unguarded_partition_pivot(keys, vals, lo, hi, less)
            stack.append((lo, cut, depth))  # continued after the right part is done
            lo = cut
        # (the left part pushed last is popped next: same order as the C++ loop)
    _final_insertion_sort(keys, vals, first, last, less)


def nth_element(keys, vals, first: int, nth: int, last: int, less: Less) -> None:
    """``std::nth_element`` (introselect)."""
    if first == last or nth == last:
        return
    depth = 2 * _lg(last - first)
    while last - first > 3:
        if depth == 0:
            _heap_select(keys, vals, first, nth + 1, last, less)
            _swap(keys, vals, first, nth)
            return
        depth -= 1
        cut = _unguarded_partition_pivot(keys, vals, first, last, less)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(keys, vals, first, last, less)


def quick_select(keys, vals, k: int, greater: Less) -> None:
    """ATen's ``quick_select_template`` (``kthvalue``): item ``k`` in place; ``greater`` is its
    ``gt_or_nan`` comparator."""
    lo, hi = 0, len(keys) - 1
    while True:
        if hi <= lo:
            return
        if hi == lo + 1:
            if greater(keys[lo], keys[hi]):
                _swap(keys, vals, lo, hi)
            return
        p = lo + (hi - lo) // 2
        _swap(keys, vals, p, lo + 1)
        if greater(keys[lo + 1], keys[hi]):
            _swap(keys, vals, lo + 1, hi)
        if greater(keys[lo], keys[hi]):
            _swap(keys, vals, lo, hi)
        if greater(keys[lo + 1], keys[lo]):
            _swap(keys, vals, lo + 1, lo)
        i, j = lo + 1, hi
        piv = keys[lo]
        while True:
            i += 1
            while greater(piv, keys[i]):
                i += 1
            j -= 1
            while greater(keys[j], piv):
                j -= 1
            if j < i:
                break
            _swap(keys, vals, i, j)
        _swap(keys, vals, lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1


# ------------------------------------------------------------------ PyTorch's kernels, row by row
import operator as _op  # noqa: E402

import numpy as np  # noqa: E402

# Rows are replayed in Python only while all rows together stay under this much work
# (rows * n log2 n: about 0.1 s); past it the NumPy result stands (same values, ties in stable
# order), and no time is spent looking for ties.
WORK_LIMIT = 400_000


def _ranks(row: np.ndarray) -> list:
    """Dense ranks of ``row`` in PyTorch's comparator order: NaN above everything, NaNs equal,
    -0.0 equal to +0.0 (so rank comparisons decide exactly what the C++ comparisons decide)."""
    if row.dtype.kind == "c":
        raise TypeError("complex values have no order")
    _, inv = np.unique(row, return_inverse=True, equal_nan=True)
    return inv.reshape(-1).tolist()


def tied_rows(rows: np.ndarray) -> np.ndarray:
    """Which rows of a 2-D array hold two equal values (NaNs count as equal)."""
    if rows.shape[1] < 2:
        return np.zeros(rows.shape[0], dtype=bool)
    s = np.sort(rows, axis=1)
    eq = s[:, 1:] == s[:, :-1]
    if s.dtype.kind in "fc":
        eq |= np.isnan(s[:, 1:]) & np.isnan(s[:, :-1])
    return eq.any(axis=1)


def _affordable(count: int, n: int) -> bool:
    return count * n * max(n.bit_length(), 1) <= WORK_LIMIT


def _rows_to_replay(rows: np.ndarray, every_row: bool = False):
    """Indices of the rows to replay (those holding ties, or ``every_row``), or None when there are
    none or replaying all the rows would cost more than ``WORK_LIMIT``."""
    m, n = rows.shape
    if not _affordable(m, n):
        return None
    pick = np.arange(m) if every_row else np.flatnonzero(tied_rows(rows))
    return pick if pick.size else None


def sort_rows(rows: np.ndarray, order: np.ndarray, descending: bool) -> np.ndarray:
    """``order`` (a stable argsort of ``rows`` along axis 1) with the tied rows re-sorted as
    PyTorch's unstable ``sort`` orders them (``std::sort`` on (value, index) pairs)."""
    n = rows.shape[1]
    tied = None if n <= _THRESHOLD else _rows_to_replay(rows)  # up to 16: insertion sort, stable as NumPy's
    if tied is None:
        return order
    order = order.copy()
    for r in tied:
        keys = _ranks(rows[r])
        if descending:
            keys = [-k for k in keys]
        vals = list(range(n))
        introsort(keys, vals, 0, n, _op.lt)
        order[r] = vals
    return order


def topk_rows(rows: np.ndarray, k: int, largest: bool, sorted_: bool, stable_idx: np.ndarray) -> np.ndarray:
    """Indices (``(m, k)``) of ATen's ``topk_impl_loop``: ``std::partial_sort`` when
    ``k * 64 <= n``, else ``std::nth_element`` then ``std::sort`` of the first ``k - 1``.
    ``stable_idx`` holds the sorted answer, used for rows where no replay is needed."""
    n = rows.shape[1]
    pick = None if k == 0 else _rows_to_replay(rows, every_row=not sorted_)
    if pick is None:
        return stable_idx
    out = stable_idx.copy()
    for r in pick:
        keys = _ranks(rows[r])
        if largest:
            keys = [-v for v in keys]
        vals = list(range(n))
        if k * 64 <= n:
            partial_sort(keys, vals, 0, k, n, _op.lt)
        else:
            nth_element(keys, vals, 0, k - 1, n, _op.lt)
            if sorted_:
                introsort(keys, vals, 0, k - 1, _op.lt)
        out[r] = vals[:k]
    return out


def kth_rows(rows: np.ndarray, k: int, stable_idx: np.ndarray) -> np.ndarray:
    """Indices (``(m,)``) of ``kthvalue``'s quick-select for the tied rows (``k`` is 1-based)."""
    n = rows.shape[1]
    tied = _rows_to_replay(rows)
    if tied is None:
        return stable_idx
    out = stable_idx.copy()
    for r in tied:
        keys = _ranks(rows[r])
        vals = list(range(n))
        quick_select(keys, vals, k - 1, _op.gt)
        out[r] = vals[k - 1]
    return out


def mode_row(row: np.ndarray):
    """``(value, index)`` of ATen's CPU ``mode``: (value, index) pairs sorted by ``std::sort``
    with a plain ``<`` on the values, then the first longest run of equal values; the index is
    that of the run's last pair.  None when the row is too long to replay."""
    n = row.shape[0]
    if not _affordable(1, n):
        return None
    keys = row.tolist()
    vals = list(range(n))
    introsort(keys, vals, 0, n, _op.lt)
    best = 0
    run = 0
    value, index = keys[0], vals[0]
    for i in range(n):
        run += 1
        if i == n - 1 or keys[i] != keys[i + 1]:
            if run > best:
                value, index, best = keys[i], vals[i], run
            run = 0
    return value, index
