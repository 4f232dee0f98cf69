"""Opt-in glibc ``malloc`` tuning for training loops (off by default).

NumPy allocates every array above ``M_MMAP_THRESHOLD`` (128 KiB by default,
adjusted dynamically by glibc) with ``mmap`` and returns it with ``munmap``
when freed.  A training step allocates and frees the same few-hundred-KiB
activations and gradients every step, so with the defaults each step pays
for fresh ``mmap`` calls and, worse, for the page faults that zero-fill the
new pages (one fault per 4 KiB page touched).  PyTorch avoids this with its
own caching allocator.

:func:`tune_malloc` asks glibc to keep freed memory in the heap instead:

* ``M_MMAP_THRESHOLD`` (``-3``): allocations at or above this size use
  ``mmap``; raising it keeps activations on the heap, where freed blocks are
  reused by the next step without page faults.
* ``M_TRIM_THRESHOLD`` (``-1``): the heap top is returned to the OS
  (``brk`` shrink) only when this many bytes are free there; raising it
  keeps the step's working set mapped between steps.
* ``M_ARENA_MAX`` (``-8``): optional cap on per-thread arenas.

The trade-off: freed memory is kept by the process (up to about one step's
working set), so the peak RSS of a short script may be slightly higher, and
memory freed after training is returned to the OS later (or only on
:func:`trim`).  This is why it is opt-in.

Usage::

    import ember._memory
    ember._memory.tune_malloc()   # trim 256 MiB, mmap 32 MiB (glibc's maximum)

or set ``EMBER_MALLOC_TUNE=1`` in the environment and call
:func:`tune_malloc_from_env` (the benchmarks do; ``import ember`` never
does).  ``EMBER_MALLOC_TUNE`` may also hold ``trim,mmap`` byte counts,
e.g. ``EMBER_MALLOC_TUNE=67108864,33554432``.

On systems without glibc (macOS, Windows, musl) these functions do nothing
and return ``False``.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

__all__ = ["tune_malloc", "tune_malloc_from_env", "trim", "malloc_available", "is_tuned",
           "M_TRIM_THRESHOLD", "M_TOP_PAD", "M_MMAP_THRESHOLD", "M_MMAP_MAX", "M_ARENA_MAX"]

# <malloc.h> parameter numbers for mallopt().
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
M_MMAP_MAX = -4
M_ARENA_MAX = -8

DEFAULT_TRIM_THRESHOLD = 256 * 1024 * 1024
DEFAULT_MMAP_THRESHOLD = 32 * 1024 * 1024
# glibc caps M_MMAP_THRESHOLD at HEAP_MAX_SIZE/2 (32 MiB on 64-bit) for mallopt;
# larger values make mallopt() return 0 and change nothing.
_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024

_libc = None
_state = {"tuned": None}


def _load_libc():
    global _libc
    if _libc is not None:
        return _libc or None
    lib = None
    if sys.platform.startswith("linux"):
        try:
            lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            lib.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
            lib.mallopt.restype = ctypes.c_int
            lib.malloc_trim.argtypes = [ctypes.c_size_t]
            lib.malloc_trim.restype = ctypes.c_int
        except (OSError, AttributeError):  # not glibc (musl has no mallopt/malloc_trim)
            lib = None
    _libc = lib if lib is not None else False
    return lib


def malloc_available() -> bool:
    """True when glibc's ``mallopt`` can be called (Linux with glibc)."""
    return _load_libc() is not None


def tune_malloc(trim_threshold: int | None = DEFAULT_TRIM_THRESHOLD,
                mmap_threshold: int | None = DEFAULT_MMAP_THRESHOLD,
                arena_max: int | None = None, top_pad: int | None = None) -> bool:
    """Keep freed NumPy buffers in the heap so the next training step reuses them.

    ``trim_threshold`` -> ``mallopt(M_TRIM_THRESHOLD, ...)``, ``mmap_threshold``
    -> ``mallopt(M_MMAP_THRESHOLD, ...)`` (clamped to glibc's 32 MiB maximum),
    ``arena_max`` -> ``M_ARENA_MAX``, ``top_pad`` -> ``M_TOP_PAD``; ``None``
    leaves that setting alone.  Settings apply to the whole process from now
    on.  Returns True if every requested setting was accepted, False when glibc
    is unavailable or refused one.
    """
    lib = _load_libc()
    if lib is None:
        return False
    ok = True
    for param, value in ((M_TRIM_THRESHOLD, trim_threshold), (M_MMAP_THRESHOLD, mmap_threshold),
                         (M_ARENA_MAX, arena_max), (M_TOP_PAD, top_pad)):
        if value is None:
            continue
        value = int(value)
        if value < 0:
            raise ValueError(f"malloc tuning values must be non-negative, got {value}")
        if param == M_MMAP_THRESHOLD:
            value = min(value, _MMAP_THRESHOLD_MAX)
        value = min(value, 2**31 - 1)
        if lib.mallopt(param, value) != 1:
            ok = False
    _state["tuned"] = {"trim_threshold": trim_threshold, "mmap_threshold": mmap_threshold,
                       "arena_max": arena_max, "top_pad": top_pad}
    return ok


def tune_malloc_from_env(var: str = "EMBER_MALLOC_TUNE") -> bool:
    """Call :func:`tune_malloc` if the environment variable ``var`` asks for it.

    ``0``/empty/unset: do nothing.  ``1``/``true``/``yes``/``on``: defaults.
    ``TRIM,MMAP``: those thresholds in bytes.  Returns True if tuning was applied.
    """
    v = os.environ.get(var, "").strip().lower()
    if v in ("", "0", "false", "no", "off"):
        return False
    if v in ("1", "true", "yes", "on"):
        return tune_malloc()
    try:
        parts = [int(p) for p in v.split(",")]
    except ValueError:
        raise ValueError(f"{var} must be 0, 1 or 'TRIM,MMAP' byte counts, got {v!r}") from None
    if len(parts) == 1:
        return tune_malloc(parts[0], parts[0])
    return tune_malloc(parts[0], parts[1])


def is_tuned() -> dict | None:
    """The settings of the last successful :func:`tune_malloc` call in this process, or None."""
    return _state["tuned"]


def trim(pad: int = 0) -> bool:
    """Return free heap memory to the OS now (``malloc_trim``); True if some was released."""
    lib = _load_libc()
    if lib is None:
        return False
    return bool(lib.malloc_trim(int(pad)))
