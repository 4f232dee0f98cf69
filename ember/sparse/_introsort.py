"""The permutation PyTorch's CPU ``sort(stable=False)`` gives an int64 vector below the radix-sort size.

PyTorch sorts (key, position) pairs with ``std::sort`` comparing keys only
(libstdc++'s introsort: median-of-three quicksort down to runs of 16, heap
sort past the depth limit, then insertion sort), so equal keys come out in an
order that depends on the algorithm.  ``coalesce`` sums duplicate entries in
that order, so its float results depend on it bit for bit; this module replays
the algorithm (``ember/ops/_stl_sort.py``, shared with ``torch.sort``).
Large inputs use PyTorch's radix sort, which is stable.
"""
from __future__ import annotations

import operator

import numpy as np

from ..ops._stl_sort import introsort

_THRESHOLD = 16
RADIX_MIN = 32768  # at::internal::GRAIN_SIZE: from here PyTorch's CPU sort is a (stable) radix sort


def sort_permutation(keys: np.ndarray) -> np.ndarray:
    """Positions of ``keys`` in the order PyTorch's CPU ``sort`` (non-stable) puts them."""
    n = len(keys)
    if n >= RADIX_MIN or n <= _THRESHOLD:
        return np.argsort(keys, kind="stable")
    k = keys.tolist()
    p = list(range(n))
    introsort(k, p, 0, n, operator.lt)
    return np.array(p, dtype=np.int64)
