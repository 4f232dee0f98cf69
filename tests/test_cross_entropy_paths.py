"""``cross_entropy``'s fast paths give the general path's values, bits, nodes and gradients.

The default-argument call on (N, C) logits skips ``log_softmax``'s argument handling
(``_cross_entropy_plain``); the composition ``nll_loss(log_softmax(x, 1), t)`` is the
reference, and PyTorch too when it is installed.
"""
import numpy as np
import pytest

import ember
import ember.nn.functional as F

SHAPES = [(1, 1), (2, 4), (3, 7), (5, 8), (4, 9), (8, 100), (16, 65), (20, 10), (2, 300)]


def _data(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    t = rng.integers(0, shape[1], size=shape[0]).astype(np.int64)
    return x, t


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_plain_path_matches_composition(shape, dtype):
    x_np, t_np = _data(shape, dtype, sum(shape))
    x1 = ember.tensor(x_np, requires_grad=True)
    x2 = ember.tensor(x_np, requires_grad=True)
    t = ember.tensor(t_np)
    fast = F.cross_entropy(x1, t)
    ref = F.nll_loss(ember.log_softmax(x2, 1), t)
    assert fast.grad_fn.name() == "NllLossBackward0"
    assert fast.grad_fn.next_functions[0][0].name() == "LogSoftmaxBackward0"
    assert fast.item() == ref.item() and fast.dtype == ref.dtype
    fast.backward()
    ref.backward()
    assert np.array_equal(x1.grad.numpy(), x2.grad.numpy())


def test_plain_path_golden():
    # two classes, logits (0, log 3): p = (1/4, 3/4); targets 1 and 0 -> mean(-log 3/4, -log 1/4) = log(16/3) / 2
    x = ember.tensor([[0.0, float(np.log(3.0))]] * 2, dtype=ember.float64, requires_grad=True)
    loss = F.cross_entropy(x, ember.tensor([1, 0]))
    assert abs(loss.item() - np.log(16 / 3) / 2) < 1e-15
    loss.backward()
    # d/dx = (softmax - onehot) / N
    expect = np.array([[0.25, -0.25], [-0.75, 0.75]]) / 2
    assert np.allclose(x.grad.numpy(), expect, atol=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
def test_plain_path_against_pytorch(shape):
    torch = pytest.importorskip("torch")
    x_np, t_np = _data(shape, np.float32, 7 + sum(shape))
    xe = ember.tensor(x_np, requires_grad=True)
    xt = torch.tensor(x_np, requires_grad=True)
    le = F.cross_entropy(xe, ember.tensor(t_np))
    lt = torch.nn.functional.cross_entropy(xt, torch.tensor(t_np))
    assert abs(le.item() - lt.item()) <= 2e-7 * max(1.0, abs(lt.item()))
    le.backward()
    lt.backward()
    np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-7)


def test_non_contiguous_logits_take_the_general_path():
    x_np, t_np = _data((6, 5), np.float32, 3)
    xt = ember.tensor(x_np.T.copy()).t()  # a transposed view
    assert not xt.is_contiguous()
    ref = F.nll_loss(ember.log_softmax(ember.tensor(x_np), 1), ember.tensor(t_np))
    assert F.cross_entropy(xt, ember.tensor(t_np)).item() == ref.item()
