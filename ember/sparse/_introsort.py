"""The permutation PyTorch's CPU ``sort(stable=False)`` gives an int64 vector below the radix-sort size.

PyTorch sorts (key, position) pairs with ``std::sort`` comparing keys only
(libstdc++'s introsort: median-of-three quicksort down to runs of 16, heap
sort past the depth limit, then insertion sort), so equal keys come out in an
order that depends on the algorithm.  ``coalesce`` sums duplicate entries in
that order, so its float results depend on it bit for bit; this module replays
the algorithm.  Large inputs use PyTorch's radix sort, which is stable.
"""
from __future__ import annotations

import numpy as np

_THRESHOLD = 16
RADIX_MIN = 32768  # at::internal::GRAIN_SIZE: from here PyTorch's CPU sort is a (stable) radix sort


def sort_permutation(keys: np.ndarray) -> np.ndarray:
    """Positions of ``keys`` in the order PyTorch's CPU ``sort`` (non-stable) puts them."""
    n = len(keys)
    if n >= RADIX_MIN or n <= _THRESHOLD:
        return np.argsort(keys, kind="stable")
    k = keys.tolist()
    p = list(range(n))
    _introsort_loop(k, p, 0, n, 2 * (n.bit_length() - 1))
    _final_insertion_sort(k, p, 0, n)
    return np.array(p, dtype=np.int64)


def _swap(k, p, i, j) -> None:
    k[i], k[j] = k[j], k[i]
    p[i], p[j] = p[j], p[i]


def _introsort_loop(k, p, first, last, depth) -> None:
    while last - first > _THRESHOLD:
        if depth == 0:
            _heap_sort(k, p, first, last)
            return
        depth -= 1
        cut = _partition_pivot(k, p, first, last)
        _introsort_loop(k, p, cut, last, depth)
        last = cut


def _partition_pivot(k, p, first, last) -> int:
    mid = first + (last - first) // 2
    _move_median_to_first(k, p, first, first + 1, mid, last - 1)
    return _unguarded_partition(k, p, first + 1, last, first)


def _move_median_to_first(k, p, result, a, b, c) -> None:
    if k[a] < k[b]:
        if k[b] < k[c]:
            _swap(k, p, result, b)
        elif k[a] < k[c]:
            _swap(k, p, result, c)
        else:
            _swap(k, p, result, a)
    elif k[a] < k[c]:
        _swap(k, p, result, a)
    elif k[b] < k[c]:
        _swap(k, p, result, c)
    else:
        _swap(k, p, result, b)


def _unguarded_partition(k, p, first, last, pivot) -> int:
    pv = k[pivot]
    while True:
        while k[first] < pv:
            first += 1
        last -= 1
        while pv < k[last]:
            last -= 1
        if not first < last:
            return first
        _swap(k, p, first, last)
        first += 1


def _insertion_sort(k, p, first, last) -> None:
    for i in range(first + 1, last):
        kv, pv = k[i], p[i]
        if kv < k[first]:
            k[first + 1:i + 1] = k[first:i]
            p[first + 1:i + 1] = p[first:i]
            k[first], p[first] = kv, pv
        else:
            _unguarded_linear_insert(k, p, i, kv, pv)


def _unguarded_linear_insert(k, p, last, kv, pv) -> None:
    nxt = last - 1
    while kv < k[nxt]:
        k[last], p[last] = k[nxt], p[nxt]
        last = nxt
        nxt -= 1
    k[last], p[last] = kv, pv


def _final_insertion_sort(k, p, first, last) -> None:
    if last - first > _THRESHOLD:
        _insertion_sort(k, p, first, first + _THRESHOLD)
        for i in range(first + _THRESHOLD, last):
            _unguarded_linear_insert(k, p, i, k[i], p[i])
    else:
        _insertion_sort(k, p, first, last)


def _heap_sort(k, p, first, last) -> None:
    """libstdc++'s ``__partial_sort(first, last, last)``: make_heap then sort_heap."""
    n = last - first
    for parent in range((n - 2) // 2, -1, -1):
        _adjust_heap(k, p, first, parent, n, k[first + parent], p[first + parent])
    while last - first > 1:
        last -= 1
        kv, pv = k[last], p[last]
        k[last], p[last] = k[first], p[first]
        _adjust_heap(k, p, first, 0, last - first, kv, pv)


def _adjust_heap(k, p, first, hole, length, kv, pv) -> None:
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if k[first + child] < k[first + child - 1]:
            child -= 1
        k[first + hole], p[first + hole] = k[first + child], p[first + child]
        hole = child
    if (length & 1) == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        k[first + hole], p[first + hole] = k[first + child - 1], p[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and k[first + parent] < kv:
        k[first + hole], p[first + hole] = k[first + parent], p[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    k[first + hole], p[first + hole] = kv, pv
