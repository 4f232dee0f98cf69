"""Tiny side-by-side timing harness: same workload, ember and PyTorch, one process."""
from __future__ import annotations

import gc
import statistics
import time


def bench(fn, *, repeat: int = 7, number: int = 200, warmup: int = 20) -> float:
    """Median seconds per call of ``fn`` over ``repeat`` rounds of ``number`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    gc_was = gc.isenabled()
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    if gc_was:
        gc.enable()
    return statistics.median(times)


def bench_pair(fa, fb, *, repeat: int = 9, number: int = 200, warmup: int = 20) -> tuple[float, float]:
    """Median seconds per call of ``fa`` and ``fb``, measured in alternating rounds.

    Alternating the two libraries round by round exposes both to the same
    machine load, so the ratio is far steadier on a shared box than two
    back-to-back ``bench`` calls.
    """
    for _ in range(warmup):
        fa()
        fb()
    ta, tb = [], []
    for _ in range(repeat):
        for fn, out in ((fa, ta), (fb, tb)):
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            out.append((time.perf_counter() - t0) / number)
    return statistics.median(ta), statistics.median(tb)


def report(rows) -> None:
    """Print a table: name, ember time, torch time, ratio (and target)."""
    print(f"{'benchmark':44s} {'ember':>11s} {'torch':>11s} {'ratio':>7s} {'target':>7s}")
    for name, te, tt, target in rows:
        ratio = te / tt if tt else float('nan')
        ok = "" if target is None else ("  ok" if ratio <= target else "  MISS")
        tgt = "" if target is None else f"{target:.2f}x"
        print(f"{name:44s} {te * 1e6:9.1f}us {tt * 1e6:9.1f}us {ratio:6.2f}x {tgt:>7s}{ok}")
