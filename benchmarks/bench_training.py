"""Training-step speed, ember vs PyTorch, side by side in one process.

Each benchmark builds the same model (same weights, generated with NumPy and
copied into both libraries' parameters) on the same batch, checks that the
two libraries' losses agree over the first steps, then times full training
steps (``zero_grad``, forward, loss, ``backward``, ``optimizer.step``).
Rounds of ember and PyTorch steps are interleaved (the order alternating from
round to round) and the median per-step time over the rounds is reported, so
background load hits both alike.  The ratio is the median over rounds of each
round's own ember/PyTorch ratio: a slow period that hits one round shifts both
of its blocks, so pairing them cancels most of it (on a noisy 2-core VM the
per-side medians alone moved the ratio by 10-20% between runs).

Run::

    python benchmarks/bench_training.py              # full run
    python benchmarks/bench_training.py --quick      # a short run (~1 min)
    python benchmarks/bench_training.py --only mlp64,cnn
    python benchmarks/bench_training.py --tune-malloc        # glibc malloc tuning on (ember._memory)
    python benchmarks/bench_training.py --malloc both        # run twice (off, on) in subprocesses

``EMBER_MALLOC_TUNE=1`` in the environment also turns the tuning on.  Note
that mallopt() is process-wide, so it applies to PyTorch's CPU allocations
in the same process too.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _threads_from_argv(argv) -> int:
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
        if a.startswith("--threads="):
            return int(a.split("=", 1)[1])
    return 2


# Same BLAS thread count for NumPy (OpenBLAS) as torch.set_num_threads(); must be set before NumPy loads.
_THREADS = _threads_from_argv(sys.argv[1:])
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, str(_THREADS))

import numpy as np  # noqa: E402

import ember  # noqa: E402
import ember._memory  # noqa: E402
from _models import SPECS, SPEC_BY_KEY, param_signature, setup  # noqa: E402

CHECK_STEPS = 5


def _loss_value(loss) -> float:
    return float(loss.item())


def check_losses(spec, torch):
    """Run ``CHECK_STEPS`` steps on fresh twins; return (ember losses, torch losses, max rel diff)."""
    se, me, _, _ = setup(ember, spec)
    st, mt, _, _ = setup(torch, spec)
    if param_signature(me) != param_signature(mt):
        raise RuntimeError(f"{spec.key}: ember and torch build different parameters:\n"
                           f"{param_signature(me)}\n{param_signature(mt)}")
    le = [_loss_value(se()) for _ in range(CHECK_STEPS)]
    lt = [_loss_value(st()) for _ in range(CHECK_STEPS)]
    rel = max(abs(a - b) / max(abs(b), 1e-12) for a, b in zip(le, lt))
    return le, lt, rel, se, st


def time_interleaved(step_e, step_t, number, rounds, warmup, pause=0.25):
    """Per-step times of each side over ``rounds`` interleaved rounds of ``number`` steps.

    Returns ``{"ember": (wall list, cpu list), "torch": (...)}`` in seconds per step; CPU time is
    ``time.process_time`` (all threads of the process), which is far less sensitive than wall time
    to other processes competing for the cores.  Before each timed block the process sleeps
    ``pause`` seconds, so that the other library's BLAS/OpenMP worker threads, which spin for a
    while after their last job, have gone idle and do not steal a core from the timed side.
    """
    for _ in range(warmup):
        step_e()
        step_t()
    res = {"ember": ([], []), "torch": ([], [])}
    for r in range(rounds):
        order = (("ember", step_e), ("torch", step_t)) if r % 2 == 0 else (("torch", step_t), ("ember", step_e))
        for name, fn in order:
            if pause:
                time.sleep(pause)
            c0 = time.process_time()
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            t1 = time.perf_counter()
            c1 = time.process_time()
            res[name][0].append((t1 - t0) / number)
            res[name][1].append((c1 - c0) / number)
    return res


def paired_ratio(res) -> float:
    """Median over rounds of (ember time / PyTorch time) within each round."""
    return statistics.median(e / t for e, t in zip(res["ember"][0], res["torch"][0]))


def run(keys, quick, torch, pause=0.25, rounds=None):
    rows = []
    for key in keys:
        spec = SPEC_BY_KEY[key]
        try:
            le, lt, rel, se, st = check_losses(spec, torch)
        except (AttributeError, NotImplementedError, TypeError, RuntimeError, ValueError, ImportError) as e:
            print(f"[{key}] skipped: {type(e).__name__}: {e}", flush=True)
            rows.append({"key": key, "title": spec.title, "target": spec.target, "skipped": f"{type(e).__name__}: {e}"})
            continue
        number = spec.quick_steps if quick else spec.steps
        n_rounds = rounds or (3 if quick else 15)
        warmup = 3 if quick else 10
        res = time_interleaved(se, st, number, n_rounds, warmup, pause)
        med = {k: (statistics.median(v[0]) * 1e3, statistics.median(v[1]) * 1e3) for k, v in res.items()}
        te, tt = med["ember"][0], med["torch"][0]
        ce, ct = med["ember"][1], med["torch"][1]
        ratio = paired_ratio(res)
        row = {"key": key, "title": spec.title, "target": spec.target, "ember_ms": te, "torch_ms": tt,
               "ratio": ratio, "ratio_of_medians": te / tt, "rounds": n_rounds,
               "ember_cpu_ms": ce, "torch_cpu_ms": ct, "cpu_ratio": ce / ct,
               "loss_rel_diff": rel, "ember_losses": le, "torch_losses": lt,
               "rounds_ms": {k: [x * 1e3 for x in v[0]] for k, v in res.items()}}
        rows.append(row)
        print(f"[{key}] wall: ember {te:8.2f} ms  torch {tt:8.2f} ms  ratio {ratio:5.2f}x "
              f"(of medians {te / tt:4.2f}x, {n_rounds} rounds) | "
              f"cpu: ember {ce:8.2f} ms  torch {ct:8.2f} ms  ratio {ce / ct:5.2f}x | loss max rel diff {rel:.1e}",
              flush=True)
    return rows


def print_table(rows, header=""):
    if header:
        print(header)
    print(f"{'benchmark':50s} {'ember ms':>9s} {'torch ms':>9s} {'ratio':>6s} {'target':>6s} {'':4s} "
          f"{'cpu ratio':>9s} {'loss rel diff':>13s}")
    for r in rows:
        if "skipped" in r:
            print(f"{r['title']:50s} {'-':>9s} {'-':>9s} {'-':>6s} {r['target']:5.1f}x SKIP ({r['skipped']})")
            continue
        ok = "ok" if r["ratio"] <= r["target"] else "MISS"
        print(f"{r['title']:50s} {r['ember_ms']:9.2f} {r['torch_ms']:9.2f} {r['ratio']:5.2f}x {r['target']:5.1f}x "
              f"{ok:4s} {r['cpu_ratio']:8.2f}x {r['loss_rel_diff']:13.1e}")
    print("ms = median wall-clock ms per training step over interleaved rounds; ratio = median of the rounds' "
          "own ember/torch ratios; cpu ratio = median ms ratio with process CPU time")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer steps and rounds")
    ap.add_argument("--only", default="", help="comma-separated benchmark keys: " + ",".join(s.key for s in SPECS))
    ap.add_argument("--tune-malloc", action="store_true", help="turn glibc malloc tuning on (ember._memory)")
    ap.add_argument("--malloc", choices=["off", "on", "both"], default=None,
                    help="'both' runs the whole benchmark twice in subprocesses, tuning off then on")
    ap.add_argument("--threads", type=int, default=2,
                    help="torch.set_num_threads and NumPy's BLAS threads (default 2)")
    ap.add_argument("--pause", type=float, default=0.25,
                    help="seconds to sleep before each timed block (lets idle worker threads stop spinning)")
    ap.add_argument("--rounds", type=int, default=0, help="interleaved rounds per benchmark (default 15, quick 3)")
    ap.add_argument("--json", default="", help="write the results to this JSON file")
    args = ap.parse_args(argv)

    if args.malloc == "both":
        results = {}
        for mode in ("off", "on"):
            cmd = [sys.executable, os.path.abspath(__file__), "--malloc", mode, "--threads", str(args.threads),
                   "--pause", str(args.pause), "--rounds", str(args.rounds)]
            if args.quick:
                cmd.append("--quick")
            if args.only:
                cmd += ["--only", args.only]
            out = (f"{args.json}.{mode}.json" if args.json
                   else os.path.join(tempfile.gettempdir(), f"bench_training.{os.getpid()}.{mode}.json"))
            cmd += ["--json", out]
            env = dict(os.environ)
            env.pop("EMBER_MALLOC_TUNE", None)
            print(f"=== malloc tuning {mode} ===", flush=True)
            subprocess.run(cmd, check=True, env=env)
            with open(out) as f:
                results[mode] = json.load(f)
        print("\n=== ember ms/step, malloc tuning off vs on ===")
        on_by_key = {r["key"]: r for r in results["on"]["rows"]}
        for r in results["off"]["rows"]:
            o = on_by_key.get(r["key"], {})
            if "ember_ms" in r and "ember_ms" in o:
                print(f"{r['title']:52s} ember {r['ember_ms']:8.2f} -> {o['ember_ms']:8.2f} ms "
                      f"(torch {r['torch_ms']:8.2f} -> {o['torch_ms']:8.2f})  ratio {r['ratio']:.2f}x -> "
                      f"{o['ratio']:.2f}x")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)
        return 0

    if args.tune_malloc or args.malloc == "on":
        os.environ["EMBER_MALLOC_TUNE"] = os.environ.get("EMBER_MALLOC_TUNE", "1") or "1"
    tuned = ember._memory.tune_malloc_from_env()

    import torch
    torch.set_num_threads(args.threads)
    ember.set_num_threads(args.threads)  # NumPy's OpenBLAS (already set through the environment)
    keys = [k for k in args.only.split(",") if k] or [s.key for s in SPECS]
    for k in keys:
        if k not in SPEC_BY_KEY:
            ap.error(f"unknown benchmark {k!r}")
    print(f"numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"malloc tuning {'on' if tuned else 'off'}, {'quick' if args.quick else 'full'} run", flush=True)
    rows = run(keys, args.quick, torch, args.pause, args.rounds or None)
    print()
    print_table(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"malloc_tuned": bool(tuned), "quick": args.quick, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
