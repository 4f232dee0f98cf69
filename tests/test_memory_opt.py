"""Memory behaviour of training loops: no per-step growth, no leaked graphs, opt-in malloc tuning.

* 1,000 training steps of a small MLP (forward, cross entropy, backward,
  SGD with momentum) under ``tracemalloc``: the traced memory (Python objects
  and NumPy buffers, which NumPy reports to tracemalloc) after step 1,000 is
  no larger than after the warm-up, and no step's peak grows either.
* The detector itself is checked on a loop that does leak (it keeps every
  loss), so the test can fail.
* No autograd ``Node`` outlives its step.
* ``ember._memory``: ``mallopt`` tuning is opt-in (``import ember`` does not
  apply it), works through ``tune_malloc`` and ``EMBER_MALLOC_TUNE``, and
  rejects bad values.  Those run in subprocesses, since mallopt() settings are
  process-wide.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import tracemalloc

import numpy as np
import pytest

import ember

nn = pytest.importorskip("ember.nn", reason="ember.nn is not importable yet")
optim = pytest.importorskip("ember.optim", reason="ember.optim is not importable yet")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

STEPS = 1000      # measured steps
WARMUP = 300
# Allowed growth of traced memory over the last 500 measured steps (80 bytes a step).  A
# leak-free loop still shows a few KB of growth there: small (~60 B) NumPy-internal
# allocations made by cumsum/astype calls settle only after ~15,000 steps (bounded at ~40 KB,
# unreachable from Python).  Keeping one loss tensor per step costs >1 KB a step (its graph
# nodes), one float32 (16, 10) logits array 640 B, one bare 0-d tensor ~120 B.
SLACK_BYTES = 40 * 1024


def _mlp_step(keep=None):
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    with ember.no_grad():
        for p in model.parameters():
            p.copy_(ember.from_numpy(rng.uniform(-0.1, 0.1, tuple(p.shape)).astype(np.float32)))
    x = ember.from_numpy(rng.standard_normal((16, 32), dtype=np.float32))
    y = ember.from_numpy(rng.integers(0, 10, 16).astype(np.int64))
    crit = nn.CrossEntropyLoss()
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        if keep is not None:
            keep.append(loss)
        return loss

    return step


def _growth(step, steps=STEPS, warmup=WARMUP):
    """Traced-memory growth over the last half of ``steps`` measured steps, and median per-step peaks.

    Returns ``(growth over the 2nd half, growth over all measured steps, early peak, late peak)``;
    a step's peak is its highest traced memory above the memory before it (activations + grads).
    """
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(warmup):
            step()
        peaks = []
        marks = {}
        for i in range(steps):
            if i in (0, steps // 2):
                gc.collect()
                marks[i] = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            step()
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
        gc.collect()
        end = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    early = int(np.median(peaks[:100]))
    late = int(np.median(peaks[-100:]))
    return end - marks[steps // 2], end - marks[0], early, late


def test_per_step_allocations_do_not_grow_over_1000_steps():
    half, total, early, late = _growth(_mlp_step())
    assert half <= SLACK_BYTES, f"traced memory grew by {half} bytes over the last {STEPS // 2} steps"
    assert total <= 3 * SLACK_BYTES, f"traced memory grew by {total} bytes over {STEPS} steps"
    # A step's transient peak (activations + grads) must not grow either.
    assert late <= early * 1.05 + 4096, f"per-step peak grew from {early} to {late} bytes"


def test_leak_detector_catches_a_leak():
    # Same loop, but every loss tensor is kept: the check above must fail on it.
    kept = []
    half, total, _, _ = _growth(_mlp_step(keep=kept), steps=400, warmup=0)
    assert half > SLACK_BYTES, f"a loop keeping every loss grew by only {half} bytes over 200 steps"
    assert len(kept) == 400


def test_no_graph_outlives_a_step():
    from ember.autograd.graph import Node
    step = _mlp_step()
    for _ in range(3):
        step()
    gc.collect()
    nodes = [o for o in gc.get_objects() if isinstance(o, Node)]
    assert not nodes, f"{len(nodes)} autograd nodes still alive after the step: {nodes[:5]}"


def test_saved_tensors_freed_after_backward():
    # After backward, the nodes of a still-referenced output keep no saved arrays.
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
    out = model(ember.randn(5, 8))
    loss = out.pow(2).sum()
    loss.backward()
    stack, seen, holding = [loss.grad_fn], set(), []
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        if n._saved:
            holding.append(type(n).__name__)
        for e in n._edges:
            if e is not None and hasattr(e[0], "_edges"):
                stack.append(e[0])
    assert not holding, f"nodes still hold saved tensors after backward: {holding}"


# ----------------------------------------------------------------- ember._memory
def _run(code, **env):
    e = dict(os.environ)
    e.pop("EMBER_MALLOC_TUNE", None)
    e.update(env)
    e["PYTHONPATH"] = ROOT + os.pathsep + e.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=e,
                          cwd=ROOT, timeout=60)


def test_malloc_tuning_is_opt_in():
    p = _run("""
        import sys, ember, ember._memory as m
        import ember.nn
        assert m.is_tuned() is None, m.is_tuned()
        print("ok")
    """)
    assert p.returncode == 0 and "ok" in p.stdout, p.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt only")
def test_tune_malloc_and_env_var():
    p = _run("""
        import ember._memory as m
        if not m.malloc_available():
            print("no-glibc"); raise SystemExit(0)
        assert m.tune_malloc_from_env() is True
        t = m.is_tuned()
        assert t["trim_threshold"] == m.DEFAULT_TRIM_THRESHOLD and t["mmap_threshold"] == m.DEFAULT_MMAP_THRESHOLD, t
        assert m.tune_malloc(trim_threshold=1 << 20, mmap_threshold=1 << 40) is True  # clamped to glibc's max
        try:
            m.tune_malloc(trim_threshold=-5)
        except ValueError:
            pass
        else:
            raise AssertionError("negative threshold accepted")
        m.trim()
        import numpy as np
        a = [np.ones(100000, np.float32) for _ in range(10)]
        print("ok")
    """, EMBER_MALLOC_TUNE="1")
    if "no-glibc" in p.stdout:
        pytest.skip("not glibc")
    assert p.returncode == 0 and "ok" in p.stdout, p.stderr
    p = _run("import ember._memory as m; print(m.tune_malloc_from_env(), m.is_tuned())", EMBER_MALLOC_TUNE="0")
    assert p.stdout.split()[:2] == ["False", "None"], p.stdout + p.stderr
    p = _run("import ember._memory as m; m.tune_malloc_from_env(); print(m.is_tuned()['trim_threshold'])",
             EMBER_MALLOC_TUNE="1048576,65536")
    assert p.stdout.strip() == "1048576", p.stdout + p.stderr
    p = _run("import ember._memory as m; m.tune_malloc_from_env()", EMBER_MALLOC_TUNE="lots")
    assert p.returncode != 0 and "EMBER_MALLOC_TUNE" in p.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt only")
def test_tuned_malloc_training_matches_untuned():
    # Tuning changes where buffers live, never results: same losses bit for bit.
    code = """
        import sys; sys.path.insert(0, 'tests')
        import ember._memory as m
        m.tune_malloc_from_env()
        from test_memory_opt import _mlp_step
        s = _mlp_step()
        print(repr([float(s().item()) for _ in range(20)]))
    """
    a = _run(code)
    b = _run(code, EMBER_MALLOC_TUNE="1")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert a.stdout == b.stdout
