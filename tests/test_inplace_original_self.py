"""In-place ops whose derivative reads the input keep a copy of it (PyTorch's ``original_self``).

``w.pow_(3)`` overwrites ``w``; its backward needs the old ``w``.  Golden
gradients are derived by hand from the out-of-place formulas; the same cases
are compared with PyTorch (values, ``grad_fn`` names) when it is installed.
"""
from __future__ import annotations

import math

import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

X = [0.3, 0.5, -0.2]
W = [1.0, 2.0, 3.0]  # weights of the summed output

# name, args builder (lib, other) -> args, d(out)/dx per element from the original x
CASES = [
    ("pow_", lambda L, o: (3,), lambda x: 3 * x * x),
    ("sin_", lambda L, o: (), math.cos),
    ("cos_", lambda L, o: (), lambda x: -math.sin(x)),
    ("abs_", lambda L, o: (), lambda x: math.copysign(1.0, x)),
    ("clamp_", lambda L, o: (-0.1, 0.4), lambda x: 1.0 if -0.1 <= x <= 0.4 else 0.0),
    ("atan_", lambda L, o: (), lambda x: 1 / (1 + x * x)),
    ("square_", lambda L, o: (), lambda x: 2 * x),
    ("mul_", lambda L, o: (o,), None),  # d/dx = other; d/d other = the original x
]
OTHER = [0.7, -1.5, 2.0]


def _run(L, name, args_of):
    x0 = L.tensor(X, dtype=L.float64, requires_grad=True)
    o0 = L.tensor(OTHER, dtype=L.float64, requires_grad=True)
    x = x0 * 1.0
    o = o0 * 1.0
    r = getattr(x, name)(*args_of(L, o))
    assert r is x
    (x * L.tensor(W, dtype=L.float64)).sum().backward()
    return x0.grad.tolist(), (None if o0.grad is None else o0.grad.tolist()), x.grad_fn.name()


@pytest.mark.parametrize("name,args_of,deriv", CASES, ids=[c[0] for c in CASES])
def test_inplace_backward_uses_the_values_before_the_write(name, args_of, deriv):
    gx, go, _ = _run(ember, name, args_of)
    if deriv is None:  # mul_
        assert gx == pytest.approx([w * o for o, w in zip(OTHER, W)], rel=1e-12)
        assert go == pytest.approx([w * x for x, w in zip(X, W)], rel=1e-12)
        return
    for g, x, w in zip(gx, X, W):
        assert g == pytest.approx(w * deriv(x), rel=1e-12)


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("name,args_of,deriv", CASES, ids=[c[0] for c in CASES])
def test_inplace_backward_matches_torch(name, args_of, deriv):
    e, t = _run(ember, name, args_of), _run(torch, name, args_of)
    assert e[2] == t[2]
    assert e[0] == pytest.approx(t[0], rel=1e-12)
    assert (e[1] is None) == (t[1] is None)


def test_inplace_double_backward_reaches_the_producer_of_self():
    x0 = ember.tensor([0.3, -0.4], dtype=ember.float64, requires_grad=True)
    y = x0 * 2.0
    y.pow_(3)                                  # y = (2 x)^3 = 8 x^3
    (g,) = ember.autograd.grad(y.sum(), x0, create_graph=True)   # 24 x^2
    (gg,) = ember.autograd.grad(g.sum(), x0)                      # 48 x
    assert g.tolist() == pytest.approx([24 * 0.09, 24 * 0.16], rel=1e-12)
    assert gg.tolist() == pytest.approx([48 * 0.3, 48 * -0.4], rel=1e-12)


def test_inplace_on_a_view_keeps_the_original_too():
    x0 = ember.tensor([[0.3, 0.5], [-0.2, 0.1]], dtype=ember.float64, requires_grad=True)
    x = x0 * 1.0
    x[0].sin_()
    x.sum().backward()
    assert sum(x0.grad.tolist(), []) == pytest.approx([math.cos(0.3), math.cos(0.5), 1.0, 1.0], rel=1e-12)


def test_a_real_later_modification_is_still_an_error():
    x0 = ember.tensor([0.3, 0.5], requires_grad=True)
    x = x0 * 1.0
    y = x.sin()          # saves x
    x.mul_(2)            # then x changes: PyTorch refuses the backward
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
