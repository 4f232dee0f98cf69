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
* large calls may be split between BLAS threads at boundaries that are not
  block multiples, so calls are kept below OpenBLAS's threading threshold.

If the BLAS cannot be found or a check fails, ``axpy`` returns ``False`` and
callers use their NumPy path: the result never depends on which path ran.
"""
from __future__ import annotations

import ctypes
import threading

import numpy as np

# Per call: whole blocks only, and few enough elements that OpenBLAS runs it on one thread
# (its level-1 threading starts above 10,000 elements).
_CHUNK = 8192
_BLOCKS = (16, 32, 64, 128)

_LOCK = threading.Lock()
_STATE: dict = {}  # dtype char -> (function, block) or None once probed


def _symbols():
    """Candidate ``cblas_?axpy`` entry points, as (float32 fn, float64 fn, int type)."""
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
        try:
            fs = getattr(lib, f"{prefix}saxpy{suffix}")
            fd = getattr(lib, f"{prefix}daxpy{suffix}")
        except AttributeError:
            continue
        return fs, fd, itype
    return None


def _bind(fn, ctype, itype):
    fn.restype = None
    fn.argtypes = [itype, ctype, ctypes.c_void_p, itype, ctypes.c_void_p, itype]
    return fn


def _reference(y, x, alpha):
    """Exactly rounded ``y + alpha * x`` (float64 product is exact for float32; float64 via Dekker)."""
    from ..optim.optimizer import _fma64
    if y.dtype == np.float32:
        return (y.astype(np.float64) + x.astype(np.float64) * np.float64(alpha)).astype(np.float32)
    return _fma64(x, np.float64(alpha), y)


def _probe(fn, dtype) -> int:
    """The smallest block size whose whole multiples ``fn`` computes fused, or 0."""
    rng = np.random.default_rng(12345)
    n = 3 * _CHUNK
    # Values where separate rounding often differs from a fused operation.
    y0 = rng.standard_normal(n).astype(dtype)
    x = (rng.standard_normal(n) * 37.0).astype(dtype)
    alpha = dtype(-0.0123)
    want = _reference(y0, x, alpha)
    for block in _BLOCKS:
        ok = True
        for m in (block, 2 * block, _CHUNK):
            y = y0[:m].copy()
            fn(m, alpha, x.ctypes.data, 1, y.ctypes.data, 1)
            if not np.array_equal(y, want[:m]):
                ok = False
                break
        if ok:
            return block
    return 0


def _get(dtype_char: str):
    st = _STATE.get(dtype_char, False)
    if st is not False:
        return st
    with _LOCK:
        st = _STATE.get(dtype_char, False)
        if st is not False:
            return st
        st = None
        try:
            syms = _symbols()
            if syms is not None:
                fs, fd, itype = syms
                if dtype_char == "f":
                    fn, dt = _bind(fs, ctypes.c_float, itype), np.float32
                else:
                    fn, dt = _bind(fd, ctypes.c_double, itype), np.float64
                block = _probe(fn, dt)
                if block:
                    st = (fn, block)
        except Exception:  # any trouble: the NumPy emulation runs instead
            st = None
        _STATE[dtype_char] = st
        return st


def axpy(alpha, x: np.ndarray, y: np.ndarray) -> int:
    """``y += alpha * x`` with one rounding, on the leading whole blocks of ``y``.

    ``x`` and ``y`` must be C-contiguous NumPy arrays of one float dtype
    (float32 or float64) and equal size; ``alpha`` is already rounded to it.
    Returns how many leading elements (in flat order) were updated; the
    caller finishes the rest.  0 means nothing was done.
    """
    ch = y.dtype.char
    if ch not in "fd":
        return 0
    st = _STATE.get(ch, False)
    if st is False:
        st = _get(ch)
    if st is None:
        return 0
    fn, block = st
    n = y.size
    done = n - n % block
    if not done:
        return 0
    a = float(alpha)
    px = x.ctypes.data
    py = y.ctypes.data
    step = _CHUNK * y.itemsize
    i = 0
    while i < done:
        m = min(_CHUNK, done - i)
        fn(m, a, px, 1, py, 1)
        px += step
        py += step
        i += m
    return done


def available(dtype) -> bool:
    """Whether ``axpy`` is used for ``dtype`` on this machine (probes on first call)."""
    ch = np.dtype(dtype).char
    return ch in "fd" and _get(ch) is not None
