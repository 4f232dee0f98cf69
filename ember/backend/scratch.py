"""Reusable work buffers for temporaries that never leave a kernel.

A training step allocates the same large temporaries every time (the LSTM's
per-step derivative factors, the optimizer's fused-update buffer...).  Fresh
NumPy arrays of that size come from newly mapped pages, and touching them
costs a page fault per 4 KiB -- on the LSTM benchmark, a quarter of the step.
Handing out the same buffer again avoids that without changing the process's
``malloc`` settings (compare the opt-in ``ember._memory.tune_malloc``).

A buffer stays valid until the next request for the same ``slot`` (and
dtype) in the same thread, so a kernel must not return it or keep it past
its own call.  Buffers are per thread: two threads never share one.
"""
from __future__ import annotations

import math
import sys
import threading

import numpy as np

_LOCAL = threading.local()


def scratch(shape: tuple, dtype, slot) -> np.ndarray:
    """An uninitialised C-contiguous array of ``shape`` and ``dtype`` owned by ``slot`` (any hashable)."""
    try:
        pool = _LOCAL.pool
    except AttributeError:
        pool = _LOCAL.pool = {}
    n = math.prod(shape)
    key = (slot, dtype)  # dtype as given: equal spellings at worst get separate buffers
    buf = pool.get(key)
    if buf is None or buf.size < n:
        buf = pool[key] = np.empty(max(n, 16), dtype=dtype)
    return buf[:n].reshape(shape)


def release_all() -> None:
    """Drop this thread's buffers (their memory goes back to the allocator)."""
    _LOCAL.pool = {}
    _LOCAL.pooled = {}
    _LOCAL.pooled_ids = set()


_MAX_PER_KEY = 8
_MAX_KEYS = 64  # distinct (slot, shape, dtype) kept per thread; older ones are dropped


def _free_refcount() -> int:
    """``sys.getrefcount`` of a pooled array that only the pool refers to, as ``pooled`` sees it."""
    probe = [np.empty(0)]
    for a in probe:
        return sys.getrefcount(a)
    return 0  # pragma: no cover


def pooled(shape: tuple, dtype, slot, zeroed: bool = False) -> np.ndarray:
    """An uninitialised array of ``shape``/``dtype``, recycled once nothing else refers to it.

    ``zeroed``: a newly made array starts as zeros (a recycled one keeps what its last user
    left), for layouts that only ever write the same positions, such as a convolution's
    row layout keyed by its geometry, whose padding then stays zero for good.

    Unlike ``scratch`` the array may escape: a node may save it for backward
    or a tensor may wrap it.  The pool only hands an array out again when
    its reference count shows that the pool's own list is its last owner
    (views keep their base alive, so they count too), so memory still in
    use is never overwritten.
    """
    pool = getattr(_LOCAL, "pooled", None)
    if pool is None:
        pool = _LOCAL.pooled = {}
        _LOCAL.pooled_ids = set()
    dt = np.dtype(dtype)
    key = (slot, shape, dt)
    arrs = pool.pop(key, None)  # re-inserted below: the dict's order is least recently used first
    if arrs is None:
        arrs = []
        if len(pool) >= _MAX_KEYS:  # e.g. many sequence lengths: forget the stalest shape
            stale = pool.pop(next(iter(pool)))
            _LOCAL.pooled_ids.difference_update(map(id, stale))
    pool[key] = arrs
    for a in arrs:
        if sys.getrefcount(a) <= _FREE:
            return a
    a = np.zeros(shape, dtype=dt) if zeroed else np.empty(shape, dtype=dt)
    if len(arrs) < _MAX_PER_KEY:
        arrs.append(a)
        _LOCAL.pooled_ids.add(id(a))
    return a


def pool_refs(a: np.ndarray) -> int:
    """How many references this thread's ``pooled`` lists hold to ``a`` (0 or 1).

    The autograd engine subtracts it when it asks whether it alone holds a gradient
    array (``engine._owned``).  Ids leave the set when their list is dropped, so an id
    in it always names a live pooled array."""
    ids = getattr(_LOCAL, "pooled_ids", None)
    return 1 if ids is not None and id(a) in ids else 0


_FREE = _free_refcount()


BIG_BYTES = 1 << 17  # 128 KiB: glibc's default mmap threshold; smaller blocks come from recycled heap


def big_empty(shape: tuple, dtype, slot: str) -> np.ndarray:
    """An uninitialised result array: ``pooled`` when large (its pages stay mapped), fresh otherwise."""
    dt = np.dtype(dtype)
    if math.prod(shape) * dt.itemsize >= BIG_BYTES:
        return pooled(tuple(shape), dt, slot)
    return np.empty(shape, dtype=dt)


def big_zeroed_once(shape: tuple, dtype, slot) -> np.ndarray:
    """A result array that was zeros when made: ``pooled(..., zeroed=True)`` when large, fresh
    zeros otherwise.  For layouts keyed by their geometry (``slot``) whose callers only ever write
    the same positions, so the rest stays zero without being cleared again."""
    dt = np.dtype(dtype)
    if math.prod(shape) * dt.itemsize >= BIG_BYTES:
        return pooled(tuple(shape), dt, slot, zeroed=True)
    return np.zeros(shape, dtype=dt)


def big_copy(a: np.ndarray, shape: tuple, slot: str) -> np.ndarray:
    """A C-contiguous copy of ``a``'s values in C order, shaped ``shape`` (same size): a pooled
    buffer when large (``big_empty``)."""
    out = big_empty(tuple(shape), a.dtype, slot)
    np.copyto(out.reshape(a.shape), a)
    return out


def big_zeros(shape: tuple, dtype, slot: str) -> np.ndarray:
    """``big_empty`` filled with zeros."""
    a = big_empty(shape, dtype, slot)
    a.fill(0)
    return a
