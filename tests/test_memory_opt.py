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
# Blocks of >= 64 bytes (every Tensor, ndarray, Node, list/dict buffer, array data) may grow by
# at most 32 bytes a step over the last 500 measured steps: one leaked 0-d tensor a step is
# ~104 bytes, one float32 (16, 10) array ~750, one step's graph > 1 KB.  (A leak-free loop
# shows up to ~5 KB here: NumPy's small-buffer cache and reallocated scratch buffers.)
BIG_BLOCK = 64
BIG_SLACK = 16 * 1024
# All blocks: 80 bytes a step.  Smaller blocks are excluded from the tight check because a
# leak-free loop still shows a few KB of growth there: a pool of 55/59-byte blocks (small
# strings made inside NumPy calls) is recycled slowly, so under tracemalloc, which only sees
# blocks allocated after it started, the pool looks like growth until it has turned over
# entirely (bounded at ~40 KB after ~15,000 steps, unreachable from Python).
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


def _big(snapshot) -> int:
    return sum(t.size for t in snapshot.traces if t.size >= BIG_BLOCK)


def _growth(step, steps=STEPS, warmup=WARMUP):
    """Traced-memory growth over the second half of ``steps`` measured steps, and per-step peaks.

    Returns ``(growth of blocks >= BIG_BLOCK bytes over the 2nd half, growth of all blocks over the
    2nd half, growth of all blocks over all measured steps, median early peak, median late peak)``;
    a step's peak is its highest traced memory above the memory before it (activations + grads).
    """
    gc.collect()
    tracemalloc.start(1)
    try:
        for _ in range(warmup):
            step()
        peaks = []
        marks = {}
        snap = None
        for i in range(steps):
            if i in (0, steps // 2):
                gc.collect()
                marks[i] = tracemalloc.get_traced_memory()[0]
                if i:
                    snap = tracemalloc.take_snapshot()
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            step()
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
        gc.collect()
        end = tracemalloc.get_traced_memory()[0]
        big = _big(tracemalloc.take_snapshot()) - _big(snap)
    finally:
        tracemalloc.stop()
    n = max(1, min(100, steps // 4))
    early = int(np.median(peaks[:n]))
    late = int(np.median(peaks[-n:]))
    return big, end - marks[steps // 2], end - marks[0], early, late


def test_per_step_allocations_do_not_grow_over_1000_steps():
    big, half, total, early, late = _growth(_mlp_step())
    assert big <= BIG_SLACK, f"blocks >= {BIG_BLOCK} B grew by {big} bytes over the last {STEPS // 2} steps"
    assert half <= SLACK_BYTES, f"traced memory grew by {half} bytes over the last {STEPS // 2} steps"
    assert total <= 3 * SLACK_BYTES, f"traced memory grew by {total} bytes over {STEPS} steps"
    # A step's transient peak (activations + grads) must not grow either.
    assert late <= early * 1.05 + 4096, f"per-step peak grew from {early} to {late} bytes"


def test_leak_detector_catches_a_graph_leak():
    # Same loop, but every loss tensor (and so its graph) is kept: both checks must fail on it.
    kept = []
    big, half, _, _, _ = _growth(_mlp_step(keep=kept), steps=100, warmup=0)
    assert big > BIG_SLACK and half > SLACK_BYTES, (big, half)
    assert len(kept) == 100


def test_leak_detector_catches_one_small_tensor_per_step():
    # One detached 0-d tensor kept per step (~104 bytes): the tight check must see it.
    kept = []
    step = _mlp_step()

    def leaky():
        kept.append(step().detach())

    big, _, _, _, _ = _growth(leaky, steps=300, warmup=0)
    assert big > BIG_SLACK, f"keeping one 0-d tensor per step grew big blocks by only {big} bytes"


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


def test_malloc_tuning_is_opt_in_and_configurable():
    # one fresh process: importing ember (and ember.nn) must not tune; then the API and the env var
    p = _run("""
        import os, ember, ember.nn, ember._memory as m
        assert m.is_tuned() is None, m.is_tuned()
        if not m.malloc_available():
            print("no-glibc"); raise SystemExit(0)
        os.environ["EMBER_MALLOC_TUNE"] = "0"
        assert m.tune_malloc_from_env() is False and m.is_tuned() is None
        os.environ["EMBER_MALLOC_TUNE"] = "1"
        assert m.tune_malloc_from_env() is True
        t = m.is_tuned()
        assert (t["trim_threshold"], t["mmap_threshold"]) == (m.DEFAULT_TRIM_THRESHOLD, m.DEFAULT_MMAP_THRESHOLD), t
        os.environ["EMBER_MALLOC_TUNE"] = "1048576,65536"
        assert m.tune_malloc_from_env() is True
        assert (m.is_tuned()["trim_threshold"], m.is_tuned()["mmap_threshold"]) == (1048576, 65536)
        assert m.tune_malloc(trim_threshold=1 << 20, mmap_threshold=1 << 40) is True  # clamped to glibc's max
        for bad in ("lots", "1,2,x"):
            os.environ["EMBER_MALLOC_TUNE"] = bad
            try:
                m.tune_malloc_from_env()
            except ValueError as e:
                assert "EMBER_MALLOC_TUNE" in str(e)
            else:
                raise AssertionError(f"EMBER_MALLOC_TUNE={bad!r} accepted")
        try:
            m.tune_malloc(trim_threshold=-5)
        except ValueError:
            pass
        else:
            raise AssertionError("negative threshold accepted")
        m.trim()
        print("ok")
    """)
    if "no-glibc" in p.stdout:
        pytest.skip("not glibc: ember._memory is a no-op there")
    assert p.returncode == 0 and "ok" in p.stdout, p.stdout + p.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt only")
def test_tuned_malloc_training_matches_untuned():
    # Tuning changes where buffers live, never results: same losses bit for bit.
    step = _mlp_step()
    here = repr([float(step().item()) for _ in range(20)])
    p = _run("""
        import sys; sys.path.insert(0, 'tests')
        import ember._memory as m
        assert m.tune_malloc_from_env() or not m.malloc_available()
        from test_memory_opt import _mlp_step
        s = _mlp_step()
        print(repr([float(s().item()) for _ in range(20)]))
    """, EMBER_MALLOC_TUNE="1")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == here
