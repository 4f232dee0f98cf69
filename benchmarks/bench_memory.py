"""Peak RSS of a training run, ember vs PyTorch, each library in its own process.

For every benchmark of ``bench_training.py`` this starts one fresh Python
process per library that imports only that library (the ember process blocks
``import torch`` and checks at the end that PyTorch was never loaded), builds
the model from the same NumPy-generated weights and data, runs the training
steps and reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` at the end.
The import-only footprint of each library (also a fresh process) is printed
beside it, so the model's own share of the peak is visible too.

Run::

    python benchmarks/bench_memory.py              # all benchmarks, 30 steps each
    python benchmarks/bench_memory.py --quick      # 5 steps each
    python benchmarks/bench_memory.py --malloc both   # ember with and without EMBER_MALLOC_TUNE=1
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGET = 0.3


class _BlockTorch:
    """``sys.meta_path`` finder that refuses to import PyTorch (ember child processes)."""

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ImportError(f"bench_memory: the ember process must not import {name}")
        return None


def child(lib_name: str, key: str, steps: int) -> dict:
    import resource
    if lib_name == "ember":
        sys.meta_path.insert(0, _BlockTorch())
    sys.path.insert(0, HERE)
    sys.path.insert(0, ROOT)
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    if lib_name == "ember":
        import ember as lib
        import ember._memory
        tuned = ember._memory.tune_malloc_from_env()
    else:
        import torch as lib
        lib.set_num_threads(threads)
        tuned = False
    import_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    loss = None
    if key != "import":
        from _models import SPEC_BY_KEY, setup
        step, model, opt, batch = setup(lib, SPEC_BY_KEY[key])
        for _ in range(steps):
            loss = step()
        loss = float(loss.item())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if lib_name == "ember" and any(m == "torch" or m.startswith("torch.") for m in sys.modules):
        raise SystemExit("bench_memory: torch was imported in the ember process")
    return {"lib": lib_name, "key": key, "steps": steps, "import_rss_kb": import_rss, "peak_rss_kb": peak,
            "loss": loss, "malloc_tuned": bool(tuned)}


def measure(lib_name: str, key: str, steps: int, tune: bool, threads: int) -> dict:
    env = dict(os.environ)
    for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[v] = str(threads)
    env["BENCH_THREADS"] = str(threads)
    env.pop("EMBER_MALLOC_TUNE", None)
    if tune:
        env["EMBER_MALLOC_TUNE"] = "1"
    cmd = [sys.executable, os.path.abspath(__file__), "--child", lib_name, key, str(steps)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        return {"lib": lib_name, "key": key, "error": (p.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", nargs=3, metavar=("LIB", "KEY", "STEPS"), help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="5 training steps per process instead of 30")
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--only", default="")
    ap.add_argument("--malloc", choices=["off", "on", "both"], default="off",
                    help="glibc malloc tuning in the ember process (EMBER_MALLOC_TUNE=1)")
    ap.add_argument("--tune-malloc", action="store_true", help="same as --malloc on")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)
    if args.child:
        lib_name, key, steps = args.child
        print(json.dumps(child(lib_name, key, int(steps))))
        return 0

    sys.path.insert(0, HERE)
    from _models import SPECS, SPEC_BY_KEY
    keys = [k for k in args.only.split(",") if k] or [s.key for s in SPECS]
    steps = args.steps or (5 if args.quick else 30)
    modes = {"off": [False], "on": [True], "both": [False, True]}["on" if args.tune_malloc else args.malloc]
    base = {lib: measure(lib, "import", 0, False, args.threads) for lib in ("ember", "torch")}
    print(f"import only: ember {base['ember'].get('peak_rss_kb', 0) / 1024:.1f} MiB, "
          f"torch {base['torch'].get('peak_rss_kb', 0) / 1024:.1f} MiB   ({steps} training steps per process)")
    rows = []
    hdr = (f"{'benchmark':50s} {'malloc':>6s} {'ember MiB':>9s} {'torch MiB':>9s} {'ratio':>6s} {'target':>6s} {'':4s}"
           f" {'ember-imp':>9s} {'torch-imp':>9s}")
    print(hdr, flush=True)
    for key in keys:
        spec = SPEC_BY_KEY[key]
        t = measure("torch", key, steps, False, args.threads)
        for tune in modes:
            e = measure("ember", key, steps, tune, args.threads)
            row = {"key": key, "title": spec.title, "malloc_tuned": tune, "ember": e, "torch": t}
            rows.append(row)
            mode = "on" if tune else "off"
            if "error" in e or "error" in t:
                print(f"{spec.title:50s} {mode:>6s}  SKIP ({e.get('error') or t.get('error')})", flush=True)
                continue
            em, tm = e["peak_rss_kb"] / 1024, t["peak_rss_kb"] / 1024
            ratio = em / tm
            row["ratio"] = ratio
            ok = "ok" if ratio <= TARGET else "MISS"
            ed = (e["peak_rss_kb"] - base["ember"]["peak_rss_kb"]) / 1024
            td = (t["peak_rss_kb"] - base["torch"]["peak_rss_kb"]) / 1024
            print(f"{spec.title:50s} {mode:>6s} {em:9.1f} {tm:9.1f} {ratio:5.2f}x {TARGET:5.1f}x {ok:4s}"
                  f" {ed:9.1f} {td:9.1f}", flush=True)
    print("peak = ru_maxrss at the end of the process; *-imp = peak minus that library's import-only peak")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"import": base, "steps": steps, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
