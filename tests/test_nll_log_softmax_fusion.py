"""The NLL -> log-softmax backward shortcut of ``cross_entropy`` (``autograd.graph.FUSION``).

The NLL gradient holds one value at each row's target, so the log-softmax
backward needs no row sums.  These tests check that the shortcut gives the
general rule's bits (and PyTorch's gradient where installed), that it really
runs, and that it stays off wherever the gradient between the two nodes can
be observed or changed: tensor hooks, ``retain_grad``, node hooks,
``autograd.grad`` captures, a second consumer of the log-probabilities.
"""
import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.ops import reduction_ext

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None


class _Spy:
    """Counts log-softmax backwards that took the shortcut."""

    def __init__(self, monkeypatch):
        self.fused = 0
        orig = reduction_ext.log_softmax_grad_of_nll

        def spy(*args):
            out = orig(*args)
            self.fused += out is not None
            return out

        monkeypatch.setattr(reduction_ext, "log_softmax_grad_of_nll", spy)


def _logits(n, c, dtype, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c)) * rng.uniform(0.5, 20)
    x[0, :] = -300.0   # exp(y) underflows to 0 in this row ...
    x[0, 1] = 300.0
    return x.astype(dtype), rng.integers(0, c, n)


def _grad(x, t, grad_out, fuse, **kw):
    ex = ember.from_numpy(x.copy()).requires_grad_()
    loss = F.cross_entropy(ex, ember.from_numpy(t), **kw)
    if not fuse:  # any hook on the log-softmax node turns the shortcut off
        loss.grad_fn.next_functions[0][0].register_prehook(lambda g: None)
    loss.backward(None if grad_out is None else ember.tensor(grad_out, dtype=loss.dtype))
    return ex.grad.numpy()


def _bits(a):
    return np.ascontiguousarray(a).view(np.uint8)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n,c", [(64, 10), (512, 10), (16, 2), (300, 70), (3, 5), (100, 1000)])
@pytest.mark.parametrize("grad_out", [None, -2.5, 0.0, -0.0, 1e-30, 1e38, float("inf")])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_shortcut_gives_the_general_rules_bits(monkeypatch, dtype, n, c, grad_out, reduction):
    """Same bits as the unfused rule, zeros' signs (exact zero products, signed underflows) and
    infinities included.  (float64 targets take a true FMA where the general rule rounds twice
    on large inputs, so float64 compares values there.)"""
    x, t = _logits(n, c, dtype, n * c)
    spy = _Spy(monkeypatch)
    got = _grad(x, t, grad_out, True, reduction=reduction)
    assert spy.fused == 1
    want = _grad(x, t, grad_out, False, reduction=reduction)
    assert spy.fused == 1
    if dtype == np.float32 or n * c <= 1 << 14:
        assert np.array_equal(_bits(got), _bits(want))
    else:
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)


@pytest.mark.parametrize("grad_out", [0.0, -0.0, -1.0])
def test_nan_logits_keep_their_nan_gradients(monkeypatch, grad_out):
    """A NaN logit makes its row's log-probabilities NaN; their gradient stays NaN (also when the
    loss's gradient is zero), as in the general rule."""
    x, t = _logits(64, 10, np.float32, 4)
    x[3, 2] = np.nan
    spy = _Spy(monkeypatch)
    got = _grad(x, t, grad_out, True)
    assert spy.fused == 1
    want = _grad(x, t, grad_out, False)
    assert np.array_equal(_bits(got), _bits(want)) and np.isnan(got[3]).all()


def test_nan_gradient_takes_the_general_rule(monkeypatch):
    x, t = _logits(64, 10, np.float32, 1)
    spy = _Spy(monkeypatch)
    got = _grad(x, t, float("nan"), True)
    assert spy.fused == 0 and np.isnan(got).all()


@pytest.mark.parametrize("kw", [dict(reduction="none"), dict(ignore_index=3),
                                dict(weight=ember.ones(10)), dict(label_smoothing=0.1)])
def test_other_losses_keep_the_general_rule(monkeypatch, kw):
    """Per-item, weighted or partly ignored NLL gradients are not one value per row."""
    x, t = _logits(64, 10, np.float32, 2)
    t[:5] = 3
    spy = _Spy(monkeypatch)
    ex = ember.from_numpy(x).requires_grad_()
    loss = F.cross_entropy(ex, ember.from_numpy(t), **kw)
    loss.sum().backward()
    assert spy.fused == 0


def _observed(mode):
    x, t = _logits(64, 10, np.float32, 3)
    ex = ember.from_numpy(x).requires_grad_()
    logp = F.log_softmax(ex, 1)
    loss = F.nll_loss(logp, ember.from_numpy(t))
    seen = []
    if mode == "tensor_hook":
        logp.register_hook(lambda g: g * 2)
    elif mode == "inplace_hook":
        logp.register_hook(lambda g: g.mul_(2))
    elif mode == "retain_grad":
        logp.retain_grad()
    elif mode == "nll_post_hook":
        loss.grad_fn.register_hook(lambda gi, go: (gi[0] * 2,))
    elif mode == "second_use":
        loss = loss + logp[:, 0].sum()
    if mode == "autograd_grad":
        gx, gl = ember.autograd.grad(loss, [ex, logp])
        return gx.numpy(), gl.numpy()
    loss.backward()
    if mode == "retain_grad":
        seen.append(logp.grad.numpy())
    return ex.grad.numpy(), seen


@pytest.mark.parametrize("mode", ["tensor_hook", "inplace_hook", "retain_grad", "nll_post_hook",
                                  "second_use", "autograd_grad"])
def test_shortcut_stays_off_where_the_gradient_is_observed(monkeypatch, mode):
    spy = _Spy(monkeypatch)
    got, _ = _observed(mode)
    assert spy.fused == 0
    if torch is None:
        return
    x, t = _logits(64, 10, np.float32, 3)
    tx = torch.tensor(x, requires_grad=True)
    logp = torch.log_softmax(tx, 1)
    loss = torch.nn.functional.nll_loss(logp, torch.tensor(t))
    if mode in ("tensor_hook", "inplace_hook", "nll_post_hook"):
        logp.register_hook(lambda g: g * 2)
    if mode == "second_use":
        loss = loss + logp[:, 0].sum()
    want = torch.autograd.grad(loss, tx)[0].numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("n", [64, 512])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_gradient_matches_torch(n, dtype):
    rng = np.random.default_rng(n)
    for _ in range(5):
        x = (rng.standard_normal((n, 10)) * 3).astype(dtype)
        t = rng.integers(0, 10, n)
        got = _grad(x, t, None, True)
        tx = torch.tensor(x, requires_grad=True)
        torch.nn.functional.cross_entropy(tx, torch.tensor(t)).backward()
        tol = 2e-6 if dtype == np.float32 else 1e-14
        np.testing.assert_allclose(got, tx.grad.numpy(), rtol=tol, atol=tol / n)
