"""Gradients that PyTorch defines as zeros_like(grad) are exact +0.0 (never -0.0 from ``g * 0``,
never NaN from ``inf * 0``); the 0-"norm" has no gradient; float32 GELU's backward follows
PyTorch's kernel (its zeros in the far negative tail included)."""
import numpy as np
import pytest

import ember

G = [-1.0, float("inf"), -2.0]

CASES = {
    "fill_": lambda L, x: x.clone().fill_(2.0),
    "zero_": lambda L, x: x.clone().zero_(),
    "fill": lambda L, x: L.fill(x, 2.0),
    "copy_": lambda L, x: x.clone().copy_(L.ones(3)),
    "matrix_power_0": lambda L, x: L.linalg.matrix_power(x.reshape(1, 3).expand(3, 3), 0)[0],
    "hardsigmoid": lambda L, x: L.nn.functional.hardsigmoid(x * 3),
    "hinge": lambda L, x: L.nn.functional.hinge_embedding_loss(x, L.tensor([1.0, -1.0, -1.0]), reduction="none"),
    "pow_zero_base": lambda L, x: L.pow(0.0, x),  # PyTorch's own g * 0: -0. and nan
}

GOLDEN = {  # printed by PyTorch 2.13
    "fill_": "tensor([0., 0., 0.])",
    "zero_": "tensor([0., 0., 0.])",
    "fill": "tensor([0., 0., 0.])",
    "copy_": "tensor([0., 0., 0.])",
    "matrix_power_0": "tensor([0., 0., 0.])",
    "hardsigmoid": "tensor([0., 0., 0.])",
    "hinge": "tensor([-1.,  0.,  0.])",
    "pow_zero_base": "tensor([-0., nan, -0.])",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_zero_gradients_golden(name):
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    CASES[name](ember, x).backward(ember.tensor(G))
    assert str(x.grad) == GOLDEN[name]


def test_prelu_weight_grad_with_inf_upstream():
    w = ember.tensor([0.1], requires_grad=True)
    ember.nn.functional.prelu(ember.tensor([1.0, 2.0, 3.0]), w).backward(ember.tensor(G))
    assert str(w.grad) == "tensor([0.])"


def test_zero_norm_has_no_gradient():
    x = ember.tensor([1.0, 0.0, 3.0], requires_grad=True)
    n = ember.linalg.vector_norm(x, 0)
    assert n.item() == 2.0 and n.requires_grad
    n.backward()
    assert x.grad is None


def test_gelu_f32_backward_tail_and_bits():
    x = ember.tensor([-12.0, -10.0, -6.5, -4.0, -1.0, 0.0, 0.5, 3.0], requires_grad=True)
    ember.nn.functional.gelu(x).backward(-ember.ones(8))
    g = x.grad.numpy()
    assert (g[:3] == 0).all() and np.signbit(g[:3]).all()  # d = +0.0 exactly, times -1
    assert (g[3:5] != 0).all()


def test_gelu_f32_backward_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = np.concatenate([np.linspace(-12, 6, 5001), rng.standard_normal(5000) * 2]).astype(np.float32)
    g = rng.standard_normal(x.size).astype(np.float32)
    out = []
    for lib in (torch, ember):
        t = lib.tensor(x, requires_grad=True)
        lib.nn.functional.gelu(t).backward(lib.tensor(g))
        out.append(t.grad.numpy())
    a, b = out
    np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(a == 0, b == 0)
    assert (a.view(np.uint32) == b.view(np.uint32)).mean() > 0.7


def _grad(lib, f, xs, gs):
    x = lib.tensor(xs, requires_grad=True)
    f(lib, x).backward(lib.tensor(gs))
    return x.grad


@pytest.mark.parametrize("name,f,xs,gs,golden", [
    # PyTorch's pow_backward_exponent for a zero base: 0 for exponents >= 0, result * log(0) below
    ("zero_base", lambda L, x: L.pow(0.0, x), [-2.0, 1.0, 0.0], [1.0, 1.0, -1.0], "tensor([-inf, 0., -0.])"),
    # hardswish: x <= -3 -> 0, x < 3 -> grad (x / 3 + 1/2), else (x >= 3 or NaN) grad
    ("hardswish", lambda L, x: L.nn.functional.hardswish(x), [float("nan"), 0.0, -4.0, -3.0, 3.0],
     [1.0] * 5, "tensor([1.0000, 0.5000, 0.0000, 0.0000, 1.0000])"),
    ("nan_to_num", lambda L, x: L.nan_to_num(x), [float("nan"), 1.0], [-1.0, -1.0], "tensor([-0., -1.])"),
    ("cumprod_after_zero", lambda L, x: x.cumprod(0), [-1.0, 0.5, 0.0, 2.0, 0.0], [1.0, -2.0, 0.5, 3.0, 1.5],
     "tensor([-0.0000,  2.0000, -3.2500,  0.0000,  0.0000])"),
    ("sqrt_pow_neg_zero", lambda L, x: x ** 0.5, [-0.0, 4.0], [float("-inf"), 1.0], "tensor([   inf, 0.2500])"),
])
def test_edge_gradients_golden(name, f, xs, gs, golden):
    assert str(_grad(ember, f, xs, gs)) == golden


def test_pow_scalar_exponent_grad_bits_match_torch():
    torch = pytest.importorskip("torch")
    x = (np.abs(np.random.default_rng(0).standard_normal(2000)) + 0.01).astype(np.float32)
    for e in (0.5, 3, -1, -0.5, 2.5):
        a, b = (_grad(lib, lambda L, t: t ** e, x, np.ones_like(x)).numpy() for lib in (ember, torch))
        np.testing.assert_allclose(a, b, rtol=1e-6)
        assert (a.view(np.uint32) == b.view(np.uint32)).mean() > 0.95
