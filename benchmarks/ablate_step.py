"""In-step cost of one part of ember's training step, by paired ablation.

Isolated timings mislead inside a training step (the GEMMs stream megabytes
through the caches, and NumPy calls and Python code then run 1.5-3x slower
than in a warm loop).  This script patches one part out of (or into) ember,
alternates blocks of steps with and without the patch in one process, and
prints the median of the paired differences: that part's in-step cost, with
most machine noise cancelled.  ember only (no PyTorch); results are
estimates, to compare with ``profile_phases.py``.

Run::

    python benchmarks/ablate_step.py mlp64                     # every experiment
    python benchmarks/ablate_step.py mlp512 relu_bw ce_twice   # some of them
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
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")


def _patcher(obj, attr, value):
    """``(on, off)``: set ``obj.attr`` to ``value``, and put the original back."""
    old = getattr(obj, attr)
    return (lambda: setattr(obj, attr, value)), (lambda: setattr(obj, attr, old))


def _both(a, b):
    """Two patches as one ``(on, off)`` pair."""
    return (lambda: (a[0](), b[0]())), (lambda: (b[1](), a[1]()))


def experiments() -> dict:
    """name -> (description, (on, off)).  "Identity" patches give wrong gradients on purpose: they
    measure what the real rule costs, not a usable step."""
    import ember.nn.modules.activation as act
    import ember.optim.sgd as sgd
    from ember.nn._functional import basic, loss
    from ember.ops import pointwise, reduction_ext

    ce = loss.cross_entropy

    def ce_twice(*args, **kwargs):
        ce(*args, **kwargs)
        return ce(*args, **kwargs)

    addmm = basic._addmm

    def relu_into_input(self, x):  # unsafe in general: measures what reusing x's buffer would save
        z = pointwise._relu_zeros(x._data.dtype)
        return pointwise._unary(x, lambda d: pointwise._relu_max(z, d, d), pointwise.ReluBackward0, "out")

    return {
        "relu_bw": ("ReLU backwards replaced by identity (minus their cost)",
                    _both(_patcher(pointwise.ReluBackward0, "vjp", lambda self, g: (g,)),
                          _patcher(pointwise.ReluBackward0, "vjp_owned", lambda self, g: (g,)))),
        "relu": ("ReLU modules removed (forward and backward; minus their cost)",
                 _patcher(act.ReLU, "forward", lambda self, x: x)),
        "log_softmax_bw": ("log-softmax backward replaced by identity (minus its cost)",
                           _patcher(reduction_ext.LogSoftmaxBackward0, "vjp", lambda self, g: (g,))),
        "ce_twice": ("cross-entropy forward run twice (plus one forward's cost)",
                     _patcher(loss, "cross_entropy", ce_twice)),
        "addmm_twice": ("every addmm forward run twice (plus the Linear forwards' cost)",
                        _patcher(basic, "_addmm", lambda b, a, w: (addmm(b, a, w), addmm(b, a, w))[1])),
        "ce_exp32": ("log-softmax's exp in float32 (NumPy's loop) instead of float64-rounded",
                     _patcher(reduction_ext, "_EXACT_EXP_LOG_SOFTMAX", 0)),
        "relu_bw_fresh": ("ReLU backwards into a separate buffer even when the engine owns the gradient",
                          _patcher(pointwise.ReluBackward0, "vjp_owned", None)),
        "relu_fwd_inplace": ("ReLU forwards writing into their input's buffer",
                             _patcher(act.ReLU, "forward", relu_into_input)),
        "sgd_noop": ("SGD step skipped (minus its cost)",
                     _patcher(sgd.SGD, "step", lambda self, closure=None: None)),
    }


def paired(key: str, on, off, rounds: int, steps: int) -> tuple:
    """Median over ``rounds`` of (patched - plain) us per step, the order alternating; and the plain median."""
    import ember
    from _models import SPEC_BY_KEY, setup
    step, *_ = setup(ember, SPEC_BY_KEY[key])
    for _ in range(30):
        step()
    diffs, plain = [], []
    try:
        for r in range(rounds):
            got = {}
            for patched in ((False, True) if r % 2 else (True, False)):
                (on if patched else off)()
                t0 = time.perf_counter()
                for _ in range(steps):
                    step()
                got[patched] = (time.perf_counter() - t0) / steps * 1e6
            off()
            diffs.append(got[True] - got[False])
            plain.append(got[False])
    finally:
        off()
    return statistics.median(diffs), statistics.median(plain)


def main() -> None:
    exps = experiments()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a bench_training key: mlp64, mlp512, cnn, lenet, lstm, transformer")
    ap.add_argument("names", nargs="*", help=f"experiments (default: all): {', '.join(exps)}")
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--steps", type=int, default=20)
    args = ap.parse_args()
    for name in args.names or list(exps):
        desc, (on, off) = exps[name]
        d, base = paired(args.model, on, off, args.rounds, args.steps)
        print(f"{args.model:12s} {name:15s} {d:+9.1f} us/step  (plain step {base:.0f} us)  {desc}")


if __name__ == "__main__":
    main()
