"""Work-buffer reuse (ember.backend.scratch): recycled only when nothing else can see the memory."""
from __future__ import annotations

import threading

import numpy as np

from ember.backend.scratch import pooled, release_all, scratch


def test_pooled_array_is_recycled_only_after_its_last_reference_goes():
    release_all()
    a = pooled((4, 5), np.float32, "t.a")
    a[...] = 1
    b = pooled((4, 5), np.float32, "t.a")
    assert b is not a  # a is still alive
    view = a[1:]
    del a
    c = pooled((4, 5), np.float32, "t.a")
    assert c is not view.base  # a view keeps its base in use
    base_id = id(view.base)
    del view, c
    d = pooled((4, 5), np.float32, "t.a")
    assert id(d) == base_id  # now only the pool held it: recycled
    assert pooled((4, 5), np.float64, "t.a") is not d  # other dtype, other array


def test_pooled_arrays_in_use_are_never_overwritten():
    release_all()
    live = []
    for i in range(20):  # more than the pool keeps per key
        a = pooled((8,), np.float32, "t.live")
        a[...] = i
        live.append(a)
    assert [int(a[0]) for a in live] == list(range(20))
    assert len({id(a) for a in live}) == 20


def test_scratch_is_one_buffer_per_slot_and_thread():
    release_all()
    a = scratch((3, 3), np.float32, "t.s")
    b = scratch((9,), np.float32, "t.s")
    assert np.shares_memory(a, b)
    assert not np.shares_memory(a, scratch((3, 3), np.float32, "t.other"))
    seen = []
    th = threading.Thread(target=lambda: seen.append(scratch((3, 3), np.float32, "t.s")))
    th.start()
    th.join()
    assert not np.shares_memory(seen[0], a)


def test_lstm_training_reuses_its_step_buffers_and_stays_exact():
    """Two identical LSTM runs (pooled buffers recycled between steps) give identical losses."""
    import ember

    def run():
        ember.manual_seed(0)
        lstm = ember.nn.LSTM(5, 7)
        opt = ember.optim.SGD(lstm.parameters(), lr=0.1)
        x = ember.randn(6, 3, 5)
        out = []
        for _ in range(4):
            opt.zero_grad()
            loss = lstm(x)[0].pow(2).mean()
            loss.backward()
            opt.step()
            out.append(loss.item())
        return out

    first = run()
    assert run() == first
    assert len(set(first)) == 4


def test_large_results_kept_by_the_user_are_not_recycled():
    """ReLU, conv and max-pool outputs and gradients come from the pool only when nobody holds them."""
    import ember
    import ember.nn.functional as F

    ember.manual_seed(0)
    w = ember.randn(4, 3, 3, 3, requires_grad=True)
    keep = []
    for step in range(3):
        x = ember.randn(8, 3, 40, 40, requires_grad=True)  # big enough for the pool (> 128 KiB)
        c = F.conv2d(x, w, padding=1)
        r = F.relu(c)
        c.retain_grad()
        r.retain_grad()
        F.max_pool2d(r, 2).sum().backward()
        keep.append([(t, t.detach().clone()) for t in (c, r, c.grad, r.grad, x.grad)])
    for pairs in keep:
        for t, copy in pairs:
            assert ember.equal(t, copy)


def test_pool_forgets_stale_shapes():
    """Varying shapes (say, sequence lengths) do not make the pool grow without bound."""
    import ember.backend.scratch as S

    release_all()
    for n in range(3 * S._MAX_KEYS):
        pooled((n + 1,), np.float32, "t.shapes")
    assert len(S._LOCAL.pooled) == S._MAX_KEYS
    assert ("t.shapes", (3 * S._MAX_KEYS,), np.dtype(np.float32)) in S._LOCAL.pooled
