"""Gradients that meet in one buffer are added in PyTorch's order: newest producer first.

PyTorch's engine runs the ready node with the highest sequence number first, so
the contributions to a tensor used three or more times arrive newest first and
are summed ``((g1 + g2) + g3) + ...``; float32 rounding makes that order visible.
"""
import numpy as np
import pytest

import ember


def _three_uses(lib, a, b, c):
    """x * a, x * b and x * c made in that order, then summed in the reverse order of use."""
    x = lib.tensor(np.float32(1.0), requires_grad=True)
    p = x * a  # oldest
    q = x * b
    r = x * c  # newest
    (r + (q + p)).backward()
    return x.grad.item()


def test_three_contributions_newest_first_golden():
    # a = 1, b = 2**-24, c = 2**-24: newest first is (c + b) + a = 2**-23 + 1 = 1.0000001192092896;
    # oldest first, (a + b) + c, would round twice to 1.0.
    a, b, c = np.float32(1.0), np.float32(2.0 ** -24), np.float32(2.0 ** -24)
    assert _three_uses(ember, a, b, c) == float(np.float32(1 + 2.0 ** -23))


def test_three_contributions_order_independent_of_graph_shape():
    a, b, c = np.float32(1.0), np.float32(2.0 ** -24), np.float32(2.0 ** -24)
    x = ember.tensor(np.float32(1.0), requires_grad=True)
    p, q, r = x * a, x * b, x * c
    ((p + q) + r).backward()  # used in another order: the producers' ages decide, not the sum's shape
    assert x.grad.item() == float(np.float32(1 + 2.0 ** -23))


@pytest.mark.parametrize("create_graph", [False, True])
def test_sum_order_follows_creation_not_use(create_graph):
    # x * c is made first here, so newest first is (a + b) + c: 1 + 2**-24 ties to 1.0, and so does + c
    a, b, c = np.float32(1.0), np.float32(2.0 ** -24), np.float32(2.0 ** -24)
    x = ember.tensor(np.float32(1.0), requires_grad=True)
    y = (x * c) + ((x * b) + (x * a))
    (g,) = ember.autograd.grad(y, x, create_graph=create_graph)
    assert g.item() == 1.0
    # and made in the other order, the same expression sums to 1 + 2**-23
    x = ember.tensor(np.float32(1.0), requires_grad=True)
    pa = x * a
    pb = x * b
    pc = x * c
    (g,) = ember.autograd.grad(pc + (pb + pa), x, create_graph=create_graph)
    assert g.item() == float(np.float32(1 + 2.0 ** -23))


def _rk4(lib, seed):
    rng = np.random.default_rng(seed)
    k = lib.tensor(rng.standard_normal(1).astype(np.float32), requires_grad=True)
    y = lib.tensor(rng.standard_normal(4).astype(np.float32))
    h = 0.1

    def f(y):
        return -k * y

    for _ in range(3):
        k1 = f(y)
        k2 = f(y + h / 2 * k1)
        k3 = f(y + h / 2 * k2)
        k4 = f(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    (y * y).sum().backward()
    return k.grad.numpy().copy()


@pytest.mark.parametrize("seed", range(20))
def test_rk4_parameter_gradient_bits_match_pytorch(seed):
    torch = pytest.importorskip("torch")
    assert np.array_equal(_rk4(ember, seed), _rk4(torch, seed))


def test_golden_matches_pytorch():
    torch = pytest.importorskip("torch")
    a, b, c = np.float32(1.0), np.float32(2.0 ** -24), np.float32(2.0 ** -24)
    assert _three_uses(torch, a, b, c) == _three_uses(ember, a, b, c)


@pytest.mark.parametrize("n", [3, 16, 17, 40])
def test_many_uses_match_pytorch(n):
    """A weight used n times (as in an unrolled loop): the bits match PyTorch's for any n."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(n)
    coef = rng.standard_normal((n, 5)).astype(np.float32)

    def grad(lib):
        w = lib.tensor(rng.standard_normal(5).astype(np.float32) * 0 + 0.5, requires_grad=True)
        h = lib.zeros(5)
        for i in range(n):
            h = (h + w * lib.tensor(coef[i])).tanh()
        h.sum().backward()
        return w.grad.numpy().copy()

    assert np.array_equal(grad(ember), grad(torch))


def _interleaved_uses(lib, coef):
    """x used once per coefficient; the products are summed in an order that alternates sides, so
    a last-in first-out walk would deliver x's gradients out of creation order."""
    x = lib.tensor(np.float32(1.0), requires_grad=True)
    parts = [x * lib.tensor(c) for c in coef]
    total = parts[0]
    for i, p in enumerate(parts[1:]):
        total = p + total if i % 2 else total + p
    total.backward()
    return x.grad.item()


@pytest.mark.parametrize("n", [5, 40])
def test_interleaved_uses_match_pytorch(n):
    torch = pytest.importorskip("torch")
    coef = np.random.default_rng(n).standard_normal(n).astype(np.float32) * np.float32(1000)
    assert _interleaved_uses(ember, coef) == _interleaved_uses(torch, coef)


def test_interleaved_uses_golden():
    """Gradients reach x newest product first: 1 + 2**-24 + 2**-24 + ... rounds each tiny term
    away, where the opposite order would sum the tiny terms first and keep them."""
    tiny = np.float32(2.0 ** -24)
    coef = np.array([1.0] + [tiny] * 8, dtype=np.float32)
    # the newest products (the tiny ones) come first: 8 * 2**-24 = 2**-21, then + 1 -> 1 + 2**-21 (exact)
    assert _interleaved_uses(ember, coef) == 1.0 + 2.0 ** -21


def _leaf_hook_order(lib):
    """Leaves that become ready together run in the order they became ready (PyTorch's heap pops the
    first of equal-priority AccumulateGrad tasks first), the same on every run."""
    seen = []
    x, y, w = (lib.tensor(v, requires_grad=True) for v in (2.0, 3.0, 4.0))
    for t, n in ((x, "x"), (y, "y"), (w, "w")):
        t.register_hook(lambda g, n=n: seen.append(n))
    (x * y + y ** 2).backward()
    lib.stack([x, y, w]).sum().backward()
    (x * y * w).backward()
    return seen


def test_leaves_run_in_the_order_they_became_ready_golden():
    assert _leaf_hook_order(ember) == ["x", "y", "x", "y", "w", "w", "x", "y"]


def test_leaves_run_in_pytorchs_order():
    torch = pytest.importorskip("torch")
    assert _leaf_hook_order(ember) == _leaf_hook_order(torch)
