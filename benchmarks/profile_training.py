"""Where does an ember training step spend its time?  (The data behind docs/benchmarks.md.)

Runs one benchmark of ``bench_training.py`` with ember only (PyTorch is never
imported) and reports:

* CPU ms per step, minor page faults per step and kernel (sys) time per step,
  from ``getrusage`` -- page faults are what ``EMBER_MALLOC_TUNE=1`` removes;
* with ``--py-spy`` (``pip install py-spy``): a native sampling profile of
  the steps, split by phase (forward / backward / optimizer), by kind of
  code (BLAS GEMM, NumPy kernels, memcpy/memset, malloc, Python interpreter)
  and by innermost ember function;
* otherwise a ``cProfile`` listing (operators such as ``@`` are attributed
  to the Python function that applies them).

Run::

    python benchmarks/profile_training.py mlp64 --steps 300 --py-spy
    EMBER_MALLOC_TUNE=1 python benchmarks/profile_training.py lenet --py-spy
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def worker(key: str, steps: int, cprofile: bool) -> None:
    import resource
    import time
    sys.path.insert(0, HERE)
    sys.path.insert(0, ROOT)
    import ember
    import ember._memory
    tuned = ember._memory.tune_malloc_from_env()
    from _models import SPEC_BY_KEY, setup
    step, *_ = setup(ember, SPEC_BY_KEY[key])
    for _ in range(5):
        step()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    c0 = time.process_time()
    if cprofile:
        import cProfile
        import pstats
        pr = cProfile.Profile()
        pr.enable()
    for _ in range(steps):
        step()
    if cprofile:
        pr.disable()
    c1 = time.process_time()
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{key}: {1e3 * (c1 - c0) / steps:.2f} CPU ms/step{' (under cProfile)' if cprofile else ''}, "
          f"{(r1.ru_minflt - r0.ru_minflt) / steps:.0f} minor page faults/step, "
          f"{1e3 * (r1.ru_stime - r0.ru_stime) / steps:.2f} ms/step in the kernel, "
          f"malloc tuning {'on' if tuned else 'off'}", flush=True)
    if cprofile:
        pstats.Stats(pr).sort_stats("tottime").print_stats(25)


_PY = re.compile(r"\.py:\d+\)$")


def _category(leaf: str) -> str:
    low = leaf.lower()
    if "openblas" in low or "gemm" in low or "gemv" in low or "mkl" in low:
        return "BLAS (GEMM)"
    if _PY.search(leaf) or "libpython" in low or "(python" in low:
        return "Python interpreter"
    if re.search(r"memcpy|memmove|memset", low):
        return "memcpy/memset"
    if re.search(r"malloc|free\b|mmap|munmap|brk|_int_|sysmalloc|calloc|realloc|madvise", low):
        return "malloc/free"
    if "numpy" in low or "umath" in low or "multiarray" in low or "libm" in low:
        return "NumPy kernels + dispatch"
    if "libc" in low:
        return "libc (unnamed: mostly memcpy/memset)"
    return "other native"


# the training step's frame: ``setup.<locals>.step (...)`` or, in newer py-spy, ``step (.../_models.py:N)``
_STEP = re.compile(r"setup\.<locals>\.step|(^|;)step \([^)]*_models\.py")


def analyze(path: str, top: int) -> None:
    total = 0
    phase = collections.Counter()
    cat = collections.Counter()
    fn = collections.Counter()
    fn_cat = collections.defaultdict(collections.Counter)
    for line in open(path):
        line = line.rstrip("\n")
        if not line or not _STEP.search(line):
            continue
        stack, n = line.rsplit(" ", 1)
        n = int(n)
        frames = stack.split(";")
        total += n
        if "Tensor.backward" in stack or "backward (ember/_tensor.py" in stack:
            ph = "backward"
        elif re.search(r"(\.|;)step \(.*ember/optim", stack):
            ph = "optimizer"
        elif "zero_grad" in stack:
            ph = "zero_grad"
        else:
            ph = "forward (incl. loss)"
        phase[ph] += n
        c = _category(frames[-1])
        cat[c] += n
        py = [f for f in frames if _PY.search(f)]
        if py:
            f = re.sub(r":\d+\)$", ")", py[-1])
            fn[f] += n
            fn_cat[f][c] += n
    if not total:
        print("no samples inside the training step")
        return
    print(f"{total} samples in training steps")
    print("phase:    " + ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in phase.most_common()))
    print("kind:     " + ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in cat.most_common()))
    print("innermost Python function (including the native code it calls):")
    for f, v in fn.most_common(top):
        sub = ", ".join(f"{k} {100 * x / v:.0f}%" for k, x in fn_cat[f].most_common(2))
        print(f"  {100 * v / total:5.1f}%  {f}  [{sub}]")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("key", help="benchmark key (see bench_training.py --help)")
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--py-spy", action="store_true", help="sample with py-spy --native (pip install py-spy)")
    ap.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1: cleaner profiles)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cprofile", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.key, args.steps, args.cprofile)
        return 0
    env = dict(os.environ)
    for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[v] = str(args.threads)
    cmd = [sys.executable, os.path.abspath(__file__), args.key, "--worker", "--steps", str(args.steps)]
    if not args.py_spy:
        return subprocess.run(cmd + ["--cprofile"], env=env).returncode
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "raw.txt")
        rc = subprocess.run(["py-spy", "record", "--native", "-r", str(args.rate), "-f", "raw", "-o", out, "--"]
                            + cmd, env=env).returncode
        if not os.path.exists(out):  # (py-spy may exit non-zero after writing its samples: "No child process")
            return rc or 1
        analyze(out, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
