"""Where a training step's time goes, ember and PyTorch side by side, phase by phase.

For one benchmark of ``bench_training.py`` this times, in both libraries and
in the same process, each phase of a training step: ``zero_grad``, every
top-level module's forward (the models are ``nn.Sequential``-like), the loss,
``backward`` and ``optimizer.step``.  Medians over the steps are printed with
their ratio, so the phase that holds a gap stands out (the seventh session
found the convolution forward this way).  With ``--nodes`` it also times each
of ember's backward nodes (its raw ``vjp``), as PyTorch's autograd has no
per-node timer outside its profiler.

The per-phase timers add a little overhead to both libraries, and each phase
runs with caches as cold as the step leaves them, which is what matters: a
kernel can be 2-3x slower inside a step than in an isolated loop.

Run::

    python benchmarks/profile_phases.py cnn
    python benchmarks/profile_phases.py lenet --steps 80 --nodes
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))


def _children(model):
    """The modules a step runs in order: a Sequential's children, else the model itself."""
    kids = list(model.children()) if hasattr(model, "children") else []
    return kids if kids and type(model).__name__ == "Sequential" else [model]


def phase_times(lib, spec, steps: int, warmup: int = 5) -> dict:
    """Median seconds per phase of ``steps`` training steps of ``spec`` in ``lib``."""
    from _models import setup
    _, model, opt, (x, y) = setup(lib, spec)
    crit = spec.loss(lib)
    mods = _children(model)
    times: dict = {}

    def one_step(record: bool) -> None:
        stamps = [("zero_grad", time.perf_counter())]
        opt.zero_grad()
        stamps.append(("", time.perf_counter()))
        h = x
        for i, m in enumerate(mods):
            h = m(h)
            stamps.append((f"{i}:{type(m).__name__}", time.perf_counter()))
        loss = crit(h, y)
        stamps.append(("loss", time.perf_counter()))
        loss.backward()
        stamps.append(("backward", time.perf_counter()))
        opt.step()
        stamps.append(("step", time.perf_counter()))
        if record:
            names = ["zero_grad"] + [n for n, _ in stamps[2:]]
            for name, (_, t0), (_, t1) in zip(names, stamps, stamps[1:]):
                times.setdefault(name, []).append(t1 - t0)

    for _ in range(warmup):
        one_step(False)
    for _ in range(steps):
        one_step(True)
    return {k: statistics.median(v) for k, v in times.items()}


_INHERITED = object()


def node_times(spec, steps: int) -> dict:
    """Median seconds per call of each of ember's backward node types (their raw ``vjp``)."""
    import ember
    from _models import setup
    step, model, opt, (x, y) = setup(ember, spec)
    loss = spec.loss(ember)(model(x), y)
    classes, seen, stack = set(), set(), [loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        classes.add(type(node))
        stack.extend(fn for fn, _ in node.next_functions)
    times: dict = {}
    saved = []
    for cls in classes:
        for attr in ("vjp", "vjp_owned"):  # (vjp_owned: the rule run on a gradient the engine owns)
            fn = getattr(cls, attr, None)
            if fn is None:
                continue

            def timed(*args, _fn=fn, _name=cls.__name__):
                t0 = time.perf_counter()
                out = _fn(*args)
                times.setdefault(_name, []).append(time.perf_counter() - t0)
                return out
            saved.append((cls, attr, cls.__dict__.get(attr, _INHERITED)))
            setattr(cls, attr, timed)
    try:
        for _ in range(steps):
            step()
    finally:
        for cls, attr, orig in saved:
            if orig is _INHERITED:
                delattr(cls, attr)
            else:
                setattr(cls, attr, orig)
    return {k: (statistics.median(v), len(v) / steps) for k, v in times.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("key", help="benchmark key (see bench_training.py --help)")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--nodes", action="store_true", help="also time ember's backward nodes")
    args = ap.parse_args(argv)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    import ember
    from _models import SPEC_BY_KEY
    spec = SPEC_BY_KEY[args.key]
    libs = [ember]
    try:
        import torch
        torch.set_num_threads(args.threads)
        libs.append(torch)
    except ImportError:
        print("PyTorch is not installed: ember's phases only")
    res = {lib.__name__: phase_times(lib, spec, args.steps) for lib in libs}
    print(f"{spec.title}: median us per phase over {args.steps} steps")
    print(f"{'phase':18s} " + " ".join(f"{n:>9s}" for n in res) + ("   ratio" if len(res) == 2 else ""))
    for phase, te in res["ember"].items():
        row = f"{phase:18s} {te * 1e6:9.0f}"
        if "torch" in res:
            tt = res["torch"].get(phase, float("nan"))
            row += f" {tt * 1e6:9.0f}   {te / tt:5.2f}"
        print(row)
    totals = {n: sum(v.values()) for n, v in res.items()}
    print(f"{'total':18s} " + " ".join(f"{t * 1e6:9.0f}" for t in totals.values()))
    if args.nodes:
        print("\nember backward nodes: median us per call (calls per step)")
        for name, (t, calls) in sorted(node_times(spec, args.steps).items(), key=lambda kv: -kv[1][0] * kv[1][1]):
            print(f"  {name:36s} {t * 1e6:8.0f}  ({calls:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
