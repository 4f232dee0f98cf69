"""Issue #2 speed targets: small scalar graphs and import time, ember vs PyTorch.

Run: ``python benchmarks/bench_core.py``.  Prints per-iteration times and ratios.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's ember
from _harness import bench, bench_pair, report  # noqa: E402

import ember  # noqa: E402

try:
    import torch  # noqa: E402
    torch.set_num_threads(1)
except ImportError:  # pragma: no cover
    torch = None


def polynomial(lib):
    def step():
        x = lib.tensor(2.0, requires_grad=True)
        y = 2 * x ** 4 + x ** 3 + 3 * x ** 2 + 5 * x + 1
        y.backward()
        return x.grad
    return step


def chain(lib, shape):
    def step():
        x = lib.full(shape, 0.5, requires_grad=True) if shape else lib.tensor(0.5, requires_grad=True)
        y = x
        for i in range(70):  # 5 ops per round -> 350 ops
            y = y * 1.01
            y = y + 0.1
            y = y.tanh()
            y = y ** 2
            y = y.sin()
        (y.sum() if shape else y).backward()
        return x.grad
    return step


def _import_once(mod: str, env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {mod}"], check=True, env=env)
    return time.perf_counter() - t0


def import_times(mod: str, other: str | None, runs: int = 9) -> tuple[float, float]:
    """Median wall times of ``python -c 'import X'`` for ``mod`` and ``other``, runs alternating.

    Bytecode caching is on: an installed package has compiled ``.pyc`` files
    (pip writes them), while a development shell with
    PYTHONDONTWRITEBYTECODE=1 would recompile every module at each import.
    So the variable is dropped here and one warm-up run writes the cache.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    mods = [m for m in (mod, other) if m is not None]
    times: dict = {m: [] for m in mods}
    for m in mods:
        _import_once(m, env)
    for _ in range(runs):
        for m in mods:
            times[m].append(_import_once(m, env))
    med = {m: sorted(v)[len(v) // 2] for m, v in times.items()}
    return med[mod], med.get(other, float("nan"))


def main() -> None:
    rows = []
    if torch is None:
        print("PyTorch not installed: printing ember timings only")
    cases = [("polynomial y=2x^4+x^3+3x^2+5x+1, backward", polynomial, 0.25, 500),
             ("350-op scalar chain + backward", lambda lib: chain(lib, ()), 0.30, 20),
             ("350-op (64,) chain + backward", lambda lib: chain(lib, (64,)), 0.50, 20)]
    for name, make, target, number in cases:
        if torch is not None:
            te, tt = bench_pair(make(ember), make(torch), number=number, repeat=15)
        else:
            te, tt = bench(make(ember), number=number), float("nan")
        rows.append((name, te, tt, target))
    ie, it = import_times("ember", "torch" if torch is not None else None)
    rows.append(("python -c 'import X'", ie, it, 0.10))
    report(rows)


if __name__ == "__main__":
    main()
