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


def test_node_classes_keep_plain_attribute_lookup():
    """No ``__getattr__``/``__getattribute__`` on ``Node`` or any node class: CPython only
    specialises attribute loads for classes without them, and the engine reads node attributes in
    its hottest loop (a ``Node.__getattr__`` for the ``_saved_*`` accessors cost 10-15% of a small
    graph's backward).  The accessors are descriptors instead, and still behave as PyTorch's."""
    import ember
    from ember.autograd.graph import Node

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)
    for cls in (Node, *all_subclasses(Node)):
        for klass in cls.__mro__:
            if klass is object:
                continue
            assert "__getattr__" not in vars(klass), klass
            assert "__getattribute__" not in vars(klass), klass
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    assert x.exp().grad_fn._saved_result.grad_fn is not None
    assert x.sin().grad_fn._saved_self is x
    assert (x ** 3).grad_fn._saved_exponent == 3
    assert not hasattr((x + 1).grad_fn, "_saved_self")
