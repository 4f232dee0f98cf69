"""Fused ``y += alpha * x`` through the BLAS that NumPy already links.

PyTorch's CPU ``add_(other, alpha=a)`` (and ``lerp_`` with a scalar weight)
computes ``fmadd(other, a, self)``: the product and the sum are rounded
once.  NumPy has no fused multiply-add, so ``ember.optim`` emulates one in
float64, which costs three mixed-precision passes per parameter.  A BLAS
``?axpy`` does exactly this operation, and the AVX2/AVX-512 kernels of
OpenBLAS (the BLAS inside NumPy's wheels) use FMA instructions for it, so
one call gives PyTorch's bits at memory speed.

Two facts are checked, not assumed:

* only the vectorised part of an ``axpy`` call is fused; OpenBLAS finishes
  the last ``n % block`` elements with separate multiply and add.  The
  block is measured once (the smallest of 16, 32, 64, 128 whose multiples
  agree bit for bit with the exact emulation) and calls only ever cover
  whole blocks; the rest goes back to the caller's emulation;
* large calls are split between BLAS threads; they are made only with lengths
  whose every thread's share is whole blocks, and only where a probe at the
  current thread count confirms it (``_span``); otherwise calls are kept
  below OpenBLAS's threading threshold.

If the BLAS cannot be found or a check fails, ``axpy`` returns ``False`` and
callers use their NumPy path: the result never depends on which path ran.
"""
from __future__ import annotations

import ctypes
import functools
import threading
from ctypes import addressof as _addressof, c_char as _c_char

import numpy as np

# Per call: whole blocks only, and few enough elements that OpenBLAS runs it on one thread
# (its level-1 threading starts above 10,000 elements).
_CHUNK = 8192
_BLOCKS = (16, 32, 64, 128)

_LOCK = threading.Lock()
_STATE: dict = {}  # (routine, dtype char) -> (function, block), or None once probed


@functools.lru_cache(maxsize=None)
def _library():
    """``(ctypes library, symbol prefix, suffix, int type)`` of the CBLAS NumPy links, or None."""
    try:
        from numpy._core import _multiarray_umath as mod
    except ImportError:  # pragma: no cover - NumPy 1.x
        from numpy.core import _multiarray_umath as mod  # type: ignore[no-redef]
    try:
        lib = ctypes.CDLL(mod.__file__)  # dlsym on it also searches the BLAS it links
    except OSError:  # pragma: no cover
        return None
    for prefix, suffix, itype in (("scipy_cblas_", "64_", ctypes.c_int64), ("cblas_", "64_", ctypes.c_int64),
                                  ("scipy_cblas_", "", ctypes.c_int), ("cblas_", "", ctypes.c_int)):
        if hasattr(lib, f"{prefix}saxpy{suffix}") and hasattr(lib, f"{prefix}daxpy{suffix}"):
            return lib, prefix, suffix, itype
    return None


def _bind(name: str, dtype_char: str):
    """The ``cblas_?<name>`` function for float32 ('f') or float64 ('d'), typed, or None."""
    found = _library()
    if found is None:
        return None
    lib, prefix, suffix, itype = found
    fn = getattr(lib, f"{prefix}{'s' if dtype_char == 'f' else 'd'}{name}{suffix}", None)
    if fn is None:
        return None
    ctype = ctypes.c_float if dtype_char == "f" else ctypes.c_double
    vp = ctypes.c_void_p
    fn.restype = None
    if name == "axpy":    # (n, alpha, x, incx, y, incy)
        fn.argtypes = [itype, ctype, vp, itype, vp, itype]
    elif name == "axpby":  # (n, alpha, x, incx, beta, y, incy)
        fn.argtypes = [itype, ctype, vp, itype, ctype, vp, itype]
    elif name == "ger":   # (order, M, N, alpha, x, incx, y, incy, A, lda)
        fn.argtypes = [ctypes.c_int, itype, itype, ctype, vp, itype, vp, itype, vp, itype]
    elif name == "gemm":  # (order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
        fn.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, itype, itype, itype, ctype, vp, itype, vp, itype,
                       ctype, vp, itype]
    else:                 # gemm_batch: the same, each argument an array (one entry per group or matrix)
        P = ctypes.POINTER
        fn.argtypes = [ctypes.c_int, P(ctypes.c_int), P(ctypes.c_int), P(itype), P(itype), P(itype), P(ctype),
                       P(vp), P(itype), P(vp), P(itype), P(ctype), P(vp), P(itype), itype, P(itype)]
    return fn


def _exact_axpy(y, x, alpha):
    """Exactly rounded ``y + alpha * x`` (float64 product is exact for float32; float64 via Dekker)."""
    from .fma import fma64 as _fma64
    if y.dtype == np.float32:
        return (y.astype(np.float64) + x.astype(np.float64) * np.float64(alpha)).astype(np.float32)
    return _fma64(x, np.float64(alpha), y)


def _two_step_scale_add(y, x, beta):
    """``y * beta`` rounded, then ``+ x`` rounded: PyTorch's ``y.mul_(beta).add_(x)``."""
    return np.multiply(y, beta) + x


# name -> (reference(y, x, scalar), how the BLAS is called with that scalar)
_ROUTINES = {
    "axpy": (_exact_axpy, lambda fn, m, a, px, py: fn(m, a, px, 1, py, 1)),
    "scale_add": (_two_step_scale_add, lambda fn, m, b, px, py: fn(m, 1.0, px, 1, b, py, 1)),
}


def _probe(name: str, fn, dtype) -> int:
    """The smallest block size whose whole multiples ``fn`` computes exactly like the reference, or 0."""
    reference, call = _ROUTINES[name]
    rng = np.random.default_rng(12345)
    n = 3 * _CHUNK
    # Values where a differently rounded evaluation often changes the last bit.
    y0 = (rng.standard_normal(n) * 3.0).astype(dtype)
    x = (rng.standard_normal(n) * 37.0).astype(dtype)
    scalar = dtype(-0.0123) if name == "axpy" else dtype(0.9)
    want = reference(y0, x, scalar)
    for block in _BLOCKS:
        ok = True
        for m in (block, 2 * block, _CHUNK):
            y = y0[:m].copy()
            call(fn, m, float(scalar), x.ctypes.data, y.ctypes.data)
            if not np.array_equal(y, want[:m]):
                ok = False
                break
        if ok:
            return block
    return 0


def _get(name: str, dtype_char: str):
    key = (name, dtype_char)
    st = _STATE.get(key, False)
    if st is not False:
        return st
    with _LOCK:
        st = _STATE.get(key, False)
        if st is not False:
            return st
        st = None
        try:
            fn = _bind("axpy" if name == "axpy" else "axpby", dtype_char)
            if fn is not None:
                block = _probe(name, fn, np.float32 if dtype_char == "f" else np.float64)
                if block:
                    st = (fn, block)
        except Exception:  # any trouble: the NumPy path runs instead
            st = None
        _STATE[key] = st
        return st


# OpenBLAS runs a level-1 call of more than ~10,000 elements on its threads, cutting it into
# equal consecutive shares (its ``blas_level1_thread``).  When the length is a multiple of
# threads * block, every share is a whole number of blocks, so the call is exact however long
# it is, and one call over a whole parameter is 1.5-3x faster than many single-thread chunks.
# ``_span`` probes this at the current thread count; where it fails, calls stay below the
# threading threshold (``_CHUNK``).


def _span(name: str, dtype_char: str, fn, block: int) -> int:
    """``threads * block`` if calls of any multiple of it are exact here, else 0."""
    threads = get_threads() or 1
    key = ("span", name, dtype_char, threads)
    span = _STATE.get(key)
    if span is None:
        span = threads * block
        try:
            reference, call = _ROUTINES[name]
            dtype = np.float32 if dtype_char == "f" else np.float64
            rng = np.random.default_rng(54321)
            n = 3 * 65536 + 8 * span
            y0 = (rng.standard_normal(n) * 3.0).astype(dtype)
            x = (rng.standard_normal(n) * 37.0).astype(dtype)
            scalar = dtype(-0.0123) if name == "axpy" else dtype(0.9)
            want = reference(y0, x, scalar)
            # just above the threading threshold, an odd number of spans, and a long call
            for m in (span * -(-10001 // span), span * (2 * (25000 // span) + 1), n - n % span):
                y = y0[:m].copy()
                call(fn, m, float(scalar), x.ctypes.data, y.ctypes.data)
                if not np.array_equal(y, want[:m]):
                    span = 0
                    break
        except Exception:
            span = 0
        _STATE[key] = span
    return span


def _addr(a: np.ndarray) -> int:
    """The address of ``a``'s data (``a.ctypes.data`` costs 5x more)."""
    try:
        return _addressof(_c_char.from_buffer(a))
    except (TypeError, ValueError):  # read-only or empty
        return a.ctypes.data


def _run(name: str, scalar, x: np.ndarray, y: np.ndarray) -> int:
    ch = y.dtype.char
    if ch not in "fd":
        return 0
    st = _STATE.get((name, ch), False)
    if st is False:
        st = _get(name, ch)
    if st is None:
        return 0
    fn, block = st
    n = y.size
    done = n - n % block
    if not done:
        return 0
    px = _addr(x)
    py = _addr(y)
    if px != py and abs(px - py) < n * y.itemsize:
        return 0  # partly overlapping operands: the caller's NumPy path handles them
    call = _ROUTINES[name][1]
    s = float(scalar)
    i = 0
    span = _span(name, ch, fn, block) if done > _CHUNK else 0
    if span:
        i = done - done % span
        call(fn, i, s, px, py)
    step = _CHUNK * y.itemsize
    px += i * y.itemsize
    py += i * y.itemsize
    while i < done:
        m = min(_CHUNK, done - i)
        call(fn, m, s, px, py)
        px += step
        py += step
        i += m
    return done


def axpy(alpha, x: np.ndarray, y: np.ndarray) -> int:
    """``y += alpha * x`` with one rounding, on the leading whole blocks of ``y``.

    ``x`` and ``y`` must be C-contiguous NumPy arrays of one float dtype
    (float32 or float64) and equal size; ``alpha`` is already rounded to it.
    Returns how many leading elements (in flat order) were updated; the
    caller finishes the rest.  0 means nothing was done.
    """
    return _run("axpy", alpha, x, y)


def scale_add(y: np.ndarray, beta, x: np.ndarray) -> int:
    """``y = y * beta + x``, the product rounded before the sum (``y.mul_(beta).add_(x)``,
    SGD's momentum update), in one pass through ``?axpby``; same contract as ``axpy``."""
    return _run("scale_add", beta, x, y)


def available(dtype, name: str = "axpy") -> bool:
    """Whether the BLAS path ``name`` is used for ``dtype`` on this machine (probes on first call)."""
    ch = np.dtype(dtype).char
    return ch in "fd" and _get(name, ch) is not None


# ------------------------------------------------------------------ BLAS thread counts
# ``ember.set_num_threads`` / ``get_num_threads`` act on NumPy's OpenBLAS, the BLAS every
# ember GEMM runs in (as ``torch.set_num_threads`` sets the threads of PyTorch's kernels).

@functools.lru_cache(maxsize=None)
def _thread_fn(name: str):
    found = _library()
    if found is None:
        return None
    lib, prefix, suffix, itype = found
    for sym in (name, f"scipy_{name}{suffix}", f"{name}{suffix}"):
        fn = getattr(lib, sym, None)
        if fn is not None:
            if name.startswith("openblas_set"):
                fn.argtypes = [ctypes.c_int]
            fn.restype = ctypes.c_int if "get" in name else None
            return fn
    return None


def get_threads() -> int | None:
    """Threads NumPy's OpenBLAS uses per call (its ``openblas_get_num_threads``), or None if unknown."""
    fn = _thread_fn("openblas_get_num_threads")
    return None if fn is None else int(fn())


def set_threads(n: int) -> bool:
    """Set NumPy's OpenBLAS thread count for the whole process; False if this BLAS has no such call."""
    fn = _thread_fn("openblas_set_num_threads")
    if fn is None:
        return False
    fn(int(n))
    return True


# ------------------------------------------------------------------ a row vector added to every row
# ``out += v`` for a (rows, n) ``out`` and an (n,) ``v`` (a bias after a matrix product) is a rank-1
# update, ``out += ones (x) v``: ``?ger`` with a vector of ones, which OpenBLAS runs on its threads.
# Each element gets ``out + 1 * (1 * v)``, and ``1 * v`` is exact, so the one rounding is NumPy's
# ``out + v`` whether the kernel fuses it or not: the same bits.  NumPy's add runs on one core; on
# a (512, 256) output the BLAS takes 13 against 28 us, and below ~64k elements the ctypes call
# costs more than it saves.
_ADD_ROWS_MIN = 1 << 16
_ONES: dict = {}


def ones_vector(n: int, dtype) -> np.ndarray:
    """A read-only vector of ``n`` ones of ``dtype`` (the other operand of a BLAS sum or rank-1
    update), cached for the last few sizes."""
    key = (n, np.dtype(dtype))
    v = _ONES.get(key)
    if v is None:
        if len(_ONES) >= 16:
            _ONES.clear()
        v = _ONES[key] = np.ones(n, dtype)
        v.flags.writeable = False
    return v


@functools.lru_cache(maxsize=None)
def _ger_fn(dtype_char: str):
    return _bind("ger", dtype_char)


def add_rows(out: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``out += v`` in place for a C-contiguous 2-D float32/float64 ``out`` and a contiguous 1-D
    ``v`` of its dtype and width: large ones through ``?ger`` (the same bits as NumPy's add)."""
    m, n = out.shape
    fn = None
    if (out.size >= _ADD_ROWS_MIN and out.dtype.char in "fd" and v.dtype == out.dtype and v.shape == (n,)
            and out.flags.c_contiguous and v.flags.c_contiguous and out.__class__ is np.ndarray
            and v.__class__ is np.ndarray and not np.may_share_memory(out, v)):
        fn = _ger_fn(out.dtype.char)
    if fn is None:
        return np.add(out, v, out=out)
    fn(_ROW_MAJOR, m, n, 1.0, ones_vector(m, out.dtype).ctypes.data, 1, v.ctypes.data, 1, _addr(out), n)
    return out


# ------------------------------------------------------------------ GEMM with strided operands
# ``np.matmul`` copies an operand whose rows overlap or are not evenly spaced, and it has no
# ``beta``; the convolution kernels read shifted windows of one buffer as matrices
# (``rows[:, s:s + M]``) and accumulate several products into one output, so they call
# ``cblas_?gemm`` directly.

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112


@functools.lru_cache(maxsize=None)
def _gemm_fn(dtype_char: str):
    return _bind("gemm", dtype_char)


def _operand(a: np.ndarray):
    """(transpose flag, leading dimension) of a 2-D view for a row-major GEMM, or None."""
    isz = a.itemsize
    s0, s1 = a.strides
    if s1 == isz and s0 % isz == 0 and s0 // isz >= max(1, a.shape[1]):
        return _NO_TRANS, s0 // isz
    if s0 == isz and s1 % isz == 0 and s1 // isz >= max(1, a.shape[0]):
        return _TRANS, s1 // isz
    return None


def gemm_fn(dtype):
    """The raw ``cblas_?gemm`` (row-major arguments) for float32/float64 ``dtype``, or None.

    For loops that call it many times with fixed operands, where ``gemm``'s
    layout checks would cost more than the product.
    """
    ch = np.dtype(dtype).char
    return _gemm_fn(ch) if ch in "fd" else None


def gemm_available(dtype) -> bool:
    """Whether ``gemm`` calls the BLAS for ``dtype`` (float32/float64) rather than NumPy."""
    ch = np.dtype(dtype).char
    return ch in "fd" and _gemm_fn(ch) is not None


def gemm(a: np.ndarray, b: np.ndarray, out: np.ndarray, beta: float = 0.0) -> np.ndarray:
    """``out = a @ b + beta * out`` for 2-D float32/float64 NumPy views, without copying them.

    ``a`` and ``b`` may be any views with one unit stride (their rows may
    overlap: ``buf[:, s:s + n]`` of a wider buffer); ``out`` needs a unit
    inner stride.  With ``beta == 0`` the old contents of ``out`` are ignored
    (even NaN), as BLAS specifies.  Falls back to NumPy where the BLAS or
    the layout does not allow the call.
    """
    m, k = a.shape
    n = b.shape[1]
    fn = _gemm_fn(out.dtype.char) if out.dtype.char in "fd" else None
    la = _operand(a) if fn is not None and a.dtype == out.dtype else None
    lb = _operand(b) if la is not None and b.dtype == out.dtype else None
    ok = (lb is not None and out.strides[1] == out.itemsize and out.strides[0] % out.itemsize == 0
          and out.strides[0] // out.itemsize >= max(1, n) and m and n)
    if not ok:
        prod = a @ b
        if beta == 0:
            out[...] = prod
        else:
            out *= beta
            out += prod
        return out
    fn(_ROW_MAJOR, la[0], lb[0], m, n, k, 1.0, a.ctypes.data, la[1], b.ctypes.data, lb[1], float(beta),
       out.ctypes.data, out.strides[0] // out.itemsize)
    return out


# ------------------------------------------------------------------ thin GEMMs on all threads
# A product with a small (M, N) result and a long inner dimension (a convolution's weight
# gradient: (O, C*k) from N*H*W columns) runs on one OpenBLAS thread, which splits only M and N.
# Splitting the inner dimension into one part per thread and handing the parts to
# ``cblas_?gemm_batch`` (which runs the entries of a batch on different threads) uses them all.
# OpenBLAS 0.3.31 crashes on batch entries with M*N*K <= 100**3 in DYNAMIC_ARCH builds (its
# small-matrix path, fixed upstream in PR 5980), so every part is kept well above that.

_SPLIT_MIN_MNK = 2e6  # twice the crash bound
_SPLIT_MAX_MN = 1024


@functools.lru_cache(maxsize=None)
def _gemm_batch_fn(dtype_char: str):
    """(``cblas_?gemm_batch``, its scalar ctype, its int ctype), or None."""
    fn = _bind("gemm_batch", dtype_char)
    if fn is None:
        return None
    return fn, (ctypes.c_float if dtype_char == "f" else ctypes.c_double), _library()[3]


def _batch_call(found, la, lb, m, n_sizes, k_sizes, a_ptrs, b_ptrs, c_ptrs, ldc, beta, group_sizes):
    """One ``cblas_?gemm_batch`` call; the entries of group ``j`` share ``n_sizes[j]``/``k_sizes[j]``."""
    fn, ctype, itype = found

    def arr(ctype_, values):
        return (ctype_ * len(values))(*values)

    g = range(len(group_sizes))
    fn(_ROW_MAJOR, arr(ctypes.c_int, [la[0] for _ in g]), arr(ctypes.c_int, [lb[0] for _ in g]),
       arr(itype, [m for _ in g]), arr(itype, n_sizes), arr(itype, k_sizes), arr(ctype, [1.0 for _ in g]),
       arr(ctypes.c_void_p, a_ptrs), arr(itype, [la[1] for _ in g]), arr(ctypes.c_void_p, b_ptrs),
       arr(itype, [lb[1] for _ in g]), arr(ctype, [beta for _ in g]), arr(ctypes.c_void_p, c_ptrs),
       arr(itype, [ldc for _ in g]), len(group_sizes), arr(itype, group_sizes))


def _split(total: int, parts: int):
    """(part size, sizes per group, entries per group) of ``total`` cut into ``parts`` pieces."""
    step = total // parts
    last = total - step * (parts - 1)
    if last == step:
        return step, [step], [parts]
    return step, [step, last], [parts - 1, 1]


def gemm_split_n(a: np.ndarray, b: np.ndarray, out: np.ndarray, beta: float = 0.0) -> bool:
    """``out = a @ b + beta * out`` for a product with few rows (``a`` of at most 8) and many
    columns, the columns split over the BLAS threads (OpenBLAS runs such a product mostly on
    one); False (nothing written) where that does not apply or would not pay."""
    m, k = a.shape
    n = b.shape[1]
    parts = get_threads() or 1
    if parts < 2 or m > 8 or m * k * (n // parts) < _SPLIT_MIN_MNK:
        return False
    ch = out.dtype.char
    found = _gemm_batch_fn(ch) if ch in "fd" and a.dtype == out.dtype == b.dtype else None
    la = _operand(a) if found is not None else None
    lb = _operand(b) if la is not None else None
    if lb is None or out.strides[1] != out.itemsize or out.strides[0] % out.itemsize:
        return False
    step, n_sizes, groups = _split(n, parts)
    b_ptrs = [b.ctypes.data + i * step * b.strides[1] for i in range(parts)]
    c_ptrs = [out.ctypes.data + i * step * out.itemsize for i in range(parts)]
    _batch_call(found, la, lb, m, n_sizes, [k] * len(groups), [a.ctypes.data] * parts, b_ptrs, c_ptrs,
                out.strides[0] // out.itemsize, beta, groups)
    return True


def gemm_split_k(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> bool:
    """``out = a @ b`` for a thin product (small ``M x N``, long inner dimension), with the
    inner dimension split over the BLAS threads; False (nothing written) where that does not
    apply or would not pay, and the caller multiplies as usual."""
    m, k = a.shape
    n = b.shape[1]
    parts = get_threads() or 1
    if parts < 2 or m * n > _SPLIT_MAX_MN or m * n * (k // parts) < _SPLIT_MIN_MNK:
        return False
    ch = out.dtype.char
    found = _gemm_batch_fn(ch) if ch in "fd" and a.dtype == out.dtype == b.dtype else None
    la = _operand(a) if found is not None else None
    lb = _operand(b) if la is not None else None
    if lb is None or not out.flags.c_contiguous:
        return False
    step, k_sizes, groups = _split(k, parts)
    partial = np.empty((parts, m, n), out.dtype)
    a_ptrs = [a.ctypes.data + i * step * a.strides[1] for i in range(parts)]
    b_ptrs = [b.ctypes.data + i * step * b.strides[0] for i in range(parts)]
    c_ptrs = [partial.ctypes.data + i * m * n * partial.itemsize for i in range(parts)]
    _batch_call(found, la, lb, m, [n] * len(groups), k_sizes, a_ptrs, b_ptrs, c_ptrs, n, 0.0, groups)
    np.sum(partial, axis=0, out=out)
    return True
