"""The short-row (log-)softmax and cross-entropy fast paths give the general paths' exact bits."""
import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.nn._functional import loss as L
from ember.ops import reduction_ext as R


def _row_path(d, log):
    """The general last-dim kernels, run row by row (what the short-row path must reproduce)."""
    s = d - d.max(axis=-1, keepdims=True)
    if log:
        return R._log_softmax_lastdim(s)
    e = R._exp_like_aten(s, R._EXACT_EXP_SOFTMAX)
    return e * (e.dtype.type(1) / R._lastdim_vec_sum(e))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("log", [True, False])
def test_short_rows_bit_equal_to_row_path(dtype, log):
    rng = np.random.default_rng(7)
    for trial in range(60):
        c = int(rng.integers(2, 65))
        r = int(rng.integers(16, 200))
        shape = (r, c) if trial % 3 else (2, r, c)
        d = (rng.standard_normal(shape) * [1, 10, 100][trial % 3]).astype(dtype)
        if trial % 7 == 0:
            d.flat[rng.integers(0, d.size, 5)] = rng.choice([np.inf, -np.inf, np.nan], 5)
        assert R._short_rows(d, d.ndim - 1)
        new = R._log_softmax_short_rows(d) if log else R._softmax_short_rows(d)
        with np.errstate(all="ignore"):
            old = _row_path(d, log)
        assert new.shape == old.shape and new.dtype == old.dtype and new.flags.c_contiguous
        np.testing.assert_array_equal(new, old)


def test_short_rows_leaves_input_alone():
    d = np.random.default_rng(0).standard_normal((32, 10)).astype(np.float32)
    keep = d.copy()
    R._log_softmax_short_rows(d)
    R._softmax_short_rows(d)
    np.testing.assert_array_equal(d, keep)


@pytest.mark.parametrize("ignore_index", [-100, 3, 20])
def test_cross_entropy_plain_path_matches_general(ignore_index):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((64, 10)).astype(np.float32)
    t = rng.integers(0, 10, 64)
    t[t == 3] = 4  # no target is ignored: the plain path runs for every ignore_index
    a = ember.tensor(x, requires_grad=True)
    b = ember.tensor(x, requires_grad=True)
    la = F.cross_entropy(a, ember.tensor(t), ignore_index=ignore_index)
    assert L._cross_entropy_plain(b, ember.tensor(t), ignore_index) is not None
    saved = L._cross_entropy_plain
    try:
        L._cross_entropy_plain = lambda *args: None
        lb = F.cross_entropy(b, ember.tensor(t), ignore_index=ignore_index)
    finally:
        L._cross_entropy_plain = saved
    assert la.item() == lb.item()
    assert type(la.grad_fn).__name__ == "NllLossBackward0"
    assert type(la.grad_fn.next_functions[0][0]).__name__ == "LogSoftmaxBackward0"
    la.backward()
    lb.backward()
    np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())


def _general_cross_entropy(x, t):
    """``F.cross_entropy`` with every fast path off: log_softmax, then nll_loss."""
    saved = L._cross_entropy_plain
    try:
        L._cross_entropy_plain = lambda *args: None
        return F.cross_entropy(x, t)
    finally:
        L._cross_entropy_plain = saved


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n,c", [(16, 2), (64, 10), (100, 64), (512, 10), (17, 9), (1, 5), (2, 4), (4, 3), (15, 33)])
def test_cross_entropy_short_rows_path_matches_general(dtype, n, c):
    rng = np.random.default_rng(n * c)
    x = (rng.standard_normal((n, c)) * 3).astype(dtype)
    t = ember.tensor(rng.integers(0, c, n))
    a = ember.tensor(x, requires_grad=True)
    b = ember.tensor(x, requires_grad=True)
    calls = []
    fast = L._cross_entropy_short_rows
    L._cross_entropy_short_rows = lambda *args: calls.append(1) or fast(*args)
    try:
        la = F.cross_entropy(a, t)
        with ember.no_grad():
            la_nograd = F.cross_entropy(a, t)
    finally:
        L._cross_entropy_short_rows = fast
    assert len(calls) == 2  # the short-rows path ran, with and without grad
    lb = _general_cross_entropy(b, t)
    assert la.dtype == lb.dtype and la.item() == lb.item() == la_nograd.item()
    assert la_nograd.grad_fn is None and not la_nograd.requires_grad
    assert type(la.grad_fn).__name__ == "NllLossBackward0"
    soft = la.grad_fn.next_functions[0][0]
    assert type(soft).__name__ == "LogSoftmaxBackward0"
    assert soft.next_functions[0][0].variable is a
    np.testing.assert_array_equal(soft._saved_result.detach().numpy(),
                                  lb.grad_fn.next_functions[0][0]._saved_result.detach().numpy())
    ga, = ember.autograd.grad(la, a, create_graph=True)
    gb, = ember.autograd.grad(lb, b, create_graph=True)
    np.testing.assert_array_equal(ga.detach().numpy(), gb.detach().numpy())
    (ga * ga).sum().backward()  # second order through both nodes
    (gb * gb).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())


def test_cross_entropy_short_rows_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    same = 0
    for trial in range(40):
        n, c = int(rng.integers(16, 300)), int(rng.integers(2, 65))
        x = (rng.standard_normal((n, c)) * rng.uniform(0.1, 4)).astype(np.float32)
        t = rng.integers(0, c, n)
        xe, xt = ember.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        le = F.cross_entropy(xe, ember.tensor(t))
        lt = torch.nn.functional.cross_entropy(xt, torch.tensor(t))
        np.testing.assert_allclose(le.item(), lt.item(), rtol=1e-6)
        same += le.item() == lt.item()
        le.backward()
        lt.backward()
        np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-8)
    assert same >= 30  # Sleef's exp/log last bits aside, the printed losses are PyTorch's


def test_cross_entropy_plain_path_declines():
    x = ember.randn(8, 5, requires_grad=True)
    for t in ([0, 1, 2, 3, 4, 0, 1, -100], [0, 1, 2, 3, 4, 0, 1, 5], [0, 1, 2, 3, 4, 0, 1, -1]):
        assert L._cross_entropy_plain(x, ember.tensor(t), -100) is None
    assert L._cross_entropy_plain(x, ember.tensor([0, 1, 2, 3, 4, 0, 1, 2]), 2) is None
    with pytest.raises(IndexError, match="Target 5 is out of bounds."):
        F.cross_entropy(x, ember.tensor([0, 1, 2, 3, 4, 0, 1, 5]))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(8\) to match target batch_size \(3\)"):
        F.cross_entropy(x, ember.tensor([0, 1, 2]))


def test_log_softmax_short_rows_grad_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    for shape in [(64, 10), (3, 40, 7), (512, 10)]:
        a = rng.standard_normal(shape).astype(np.float32)
        w = rng.standard_normal(shape).astype(np.float32)
        xe = ember.tensor(a, requires_grad=True)
        xt = torch.tensor(a, requires_grad=True)
        ye, yt = ember.log_softmax(xe, -1), torch.log_softmax(xt, -1)
        fe, ft = ye.detach().numpy(), yt.detach().numpy()
        np.testing.assert_allclose(fe, ft, rtol=1e-6, atol=1e-6)
        assert (fe == ft).mean() > 0.9  # Sleef's exp/log last bits: ~97% of elements are bit-equal
        (ye * ember.tensor(w)).sum().backward()
        (yt * torch.tensor(w)).sum().backward()
        np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_log_softmax_short_rows_gradcheck():
    x = ember.randn(20, 6, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda t: ember.log_softmax(t, 1), (x,))
    assert ember.autograd.gradcheck(lambda t: ember.softmax(t, -1), (x,))
