"""The engine's chain fast path must merge a gradient that already waits in a buffer: a value
used twice, once through a chain of single-input ops, gets both contributions (a regression:
``a = c * 1; (a + a * 2).sum().backward()`` once gave 2 instead of 3)."""
import numpy as np
import pytest

import ember


@pytest.mark.parametrize("build,expected", [
    (lambda c: (lambda a: a + a * 2)(c * 1), lambda c: np.full_like(c, 3.0)),
    (lambda c: (lambda b: b + b * 2)((c * 1).exp()), lambda c: 3 * np.exp(c)),
    (lambda c: (lambda a: a * 2 + a)(c * 1), lambda c: np.full_like(c, 3.0)),
    (lambda c: (lambda a: a.sin() * 3 + a.exp().neg())(c * 2), lambda c: 6 * np.cos(2 * c) - 2 * np.exp(2 * c)),
    (lambda c: (lambda a: (a * 2).tanh() + a)(c + 1), lambda c: 2 / np.cosh(2 * (c + 1)) ** 2 + 1),
])
def test_backward_merges_buffered_gradient(build, expected):
    c = ember.tensor([0.25, -0.5, 1.0], dtype=ember.float64, requires_grad=True)
    build(c).sum().backward()
    np.testing.assert_allclose(c.grad.numpy(), expected(c.detach().numpy()), rtol=1e-12)
    (g,) = ember.autograd.grad(build(c).sum(), c)
    np.testing.assert_allclose(g.numpy(), c.grad.numpy(), rtol=1e-12)
