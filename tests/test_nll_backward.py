"""``nll_loss`` backward as PyTorch's ``nll_loss_backward``: zeros, and ``w[t] * -(g / total_weight)``
(mean), ``w[t] * -g`` (sum) or ``w[t] * -g[i]`` (none) at each counted target, in the input dtype."""
import math

import numpy as np
import pytest

import ember
import ember.nn.functional as F


def _logp(shape, seed=0, dtype=np.float32):
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    return ember.tensor(x, requires_grad=True)


def test_non_target_entries_are_positive_zero_for_any_upstream_gradient():
    lp = _logp((4, 3))
    t = ember.tensor([0, 2, 1, 2])
    (-F.nll_loss(lp, t)).backward()  # upstream -1: PyTorch writes +0 off the targets, never -0
    g = lp.grad.numpy()
    off = np.ones((4, 3), bool)
    off[np.arange(4), t.numpy()] = False
    assert np.all(g[off] == 0) and not np.signbit(g[off]).any()
    np.testing.assert_array_equal(g[~off], np.float32(0.25))  # -(-1 / 4)
    assert str(lp.grad).count("-0.") == 0


def test_infinite_upstream_gradient_stays_on_the_targets():
    lp = _logp((4, 3))
    t = ember.tensor([0, 2, 1, 2])
    (F.nll_loss(lp, t) * math.inf).backward()
    g = lp.grad.numpy()
    on = np.zeros((4, 3), bool)
    on[np.arange(4), t.numpy()] = True
    assert np.all(g[on] == -np.inf) and np.all(g[~on] == 0)


def test_zero_total_weight_gives_nan_at_the_targets_only():
    lp = _logp((4, 3))
    t = ember.tensor([0, 0, 1, 1])
    loss = F.nll_loss(lp, t, weight=ember.tensor([0.0, 0.0, 1.0]))
    assert math.isnan(loss.item())
    loss.backward()
    g = lp.grad.numpy()
    on = np.zeros((4, 3), bool)
    on[np.arange(4), t.numpy()] = True
    assert np.isnan(g[on]).all() and np.all(g[~on] == 0)


def test_mean_rounds_the_upstream_gradient_divided_by_the_total_weight():
    # g * (-1/n) and -(g/n) differ in the last bit for many g and n; PyTorch computes the latter
    rng = np.random.default_rng(3)
    for n in (3, 7, 10, 100):
        lp = _logp((n, 5), seed=n)
        t = rng.integers(0, 5, n)
        for s in rng.uniform(0.1, 3, 20).astype(np.float32):
            lp.grad = None
            (F.nll_loss(lp, ember.tensor(t)) * float(s)).backward()
            want = -(np.float32(s) / np.float32(n))
            np.testing.assert_array_equal(lp.grad.numpy()[np.arange(n), t], np.full(n, want, np.float32))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(5,), (6, 4), (3, 4, 5), (2, 4, 3, 2)])
def test_gradgradcheck(reduction, shape):
    tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
    rng = np.random.default_rng(len(shape))
    t = rng.integers(0, shape[1 if len(shape) > 1 else 0], tshape)
    if t.ndim:
        t.flat[0] = -100
    w = ember.tensor(rng.uniform(0.5, 2, shape[1 if len(shape) > 1 else 0]), dtype=ember.float64)
    lp = _logp(shape, dtype=np.float64)
    fn = lambda x: F.nll_loss(x, ember.tensor(t), weight=w, reduction=reduction)  # noqa: E731
    assert ember.autograd.gradcheck(fn, (lp,))
    assert ember.autograd.gradgradcheck(fn, (lp,))


def test_create_graph_gives_the_raw_path_values():
    lp = _logp((8, 5))
    t = ember.tensor([0, 1, 2, 3, 4, 0, -100, 2])
    w = ember.tensor([1.0, 0.5, 2.0, 0.25, 3.0])
    for red in ("mean", "sum", "none"):
        loss = F.nll_loss(lp, t, weight=w, reduction=red)
        up = ember.full(loss.shape, -0.7) if red == "none" else None
        (raw,) = ember.autograd.grad(loss, lp, up if up is not None else ember.tensor(-0.7), retain_graph=True)
        (rec,) = ember.autograd.grad(loss, lp, up if up is not None else ember.tensor(-0.7), create_graph=True)
        np.testing.assert_array_equal(raw.numpy(), rec.detach().numpy())
        assert not np.signbit(raw.numpy()[raw.numpy() == 0]).any()


def test_backward_matches_torch_bit_for_bit():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for trial in range(240):
        nd = trial % 4 + 1
        n, c = int(rng.integers(2, 30)), int(rng.integers(2, 12))
        shape = {1: (c,), 2: (n, c), 3: (n, c, 5), 4: (n, c, 3, 2)}[nd]
        tshape = {1: (), 2: (n,), 3: (n, 5), 4: (n, 3, 2)}[nd]
        x = rng.standard_normal(shape).astype(np.float32)
        t = rng.integers(0, c, tshape)
        if nd > 1 and trial % 3 == 0:
            t.flat[rng.integers(0, t.size, 2)] = -100
        w = rng.uniform(0, 2, c).astype(np.float32) if trial % 5 < 2 else None
        if w is not None and trial % 7 == 0:
            w[:] = 0
        red = ("mean", "sum", "none")[trial % 3]
        up = rng.uniform(-2, 2, tshape).astype(np.float32)
        scale = math.inf if trial % 11 == 0 else float(rng.uniform(-2, 2))
        grads = []
        for lib in (torch, ember):
            xx = lib.tensor(x, requires_grad=True)
            loss = lib.nn.functional.nll_loss(xx, lib.tensor(t), weight=None if w is None else lib.tensor(w),
                                              reduction=red)
            loss.backward(lib.tensor(up)) if red == "none" else (loss * scale).backward()
            grads.append(xx.grad.numpy())
        a, b = grads
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(np.signbit(a), np.signbit(b))


def test_cross_entropy_backward_matches_torch_under_any_upstream_scale():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    for trial in range(60):
        n, c = int(rng.integers(2, 70)), int(rng.integers(2, 20))
        x = rng.standard_normal((n, c)).astype(np.float32)
        t = rng.integers(0, c, n)
        scale = float(rng.uniform(-3, 3))
        grads = []
        for lib in (torch, ember):
            xx = lib.tensor(x, requires_grad=True)
            (lib.nn.functional.cross_entropy(xx, lib.tensor(t)) * scale).backward()
            grads.append(xx.grad.numpy())
        # the NLL part is exact; log_softmax's backward exp differs from ATen's in last bits
        np.testing.assert_allclose(grads[1], grads[0], rtol=1e-5, atol=1e-7)
