"""The op table for elementwise ops: forward, dtype, shape, grad_fn name and
gradients against PyTorch (when installed), plus float64 gradcheck everywhere."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ember
from optable import check_op, torch

UNARY = [
    ("neg", lambda x: -x, False), ("abs", lambda x: x.abs(), False), ("exp", lambda x: x.exp(), False),
    ("exp2", lambda x: x.exp2(), False), ("expm1", lambda x: x.expm1(), False),
    ("log", lambda x: x.log(), True), ("log2", lambda x: x.log2(), True), ("log10", lambda x: x.log10(), True),
    ("log1p", lambda x: x.log1p(), True), ("sqrt", lambda x: x.sqrt(), True), ("rsqrt", lambda x: x.rsqrt(), True),
    ("sin", lambda x: x.sin(), False), ("cos", lambda x: x.cos(), False), ("tan", lambda x: x.tan(), False),
    ("asin", lambda x: (x * 0.4).asin(), False), ("acos", lambda x: (x * 0.4).acos(), False),
    ("atan", lambda x: x.atan(), False), ("sinh", lambda x: x.sinh(), False), ("cosh", lambda x: x.cosh(), False),
    ("tanh", lambda x: x.tanh(), False), ("sigmoid", lambda x: x.sigmoid(), False),
    ("relu", lambda x: x.relu(), False), ("reciprocal", lambda x: x.reciprocal(), True),
    ("square", lambda x: x.square(), False), ("pow2", lambda x: x ** 2, False), ("pow3", lambda x: x ** 3, False),
    ("pow_half", lambda x: x ** 0.5, True), ("rpow", lambda x: 2 ** x, False), ("rsub", lambda x: 2 - x, False),
    ("rdiv", lambda x: 2 / x, True), ("clamp", lambda x: x.clamp(-0.5, 0.5), False),
    ("clamp_min", lambda x: x.clamp(min=0.1), False), ("asinh", lambda x: x.asinh(), False),
    ("atanh", lambda x: (x * 0.4).atanh(), False), ("frac", lambda x: x.frac(), False),
    ("scalar_chain", lambda x: 3 * x ** 2 + 2 * x + 1, False), ("mean", lambda x: x.mean(), False),
    ("sum", lambda x: x.sum(), False), ("sum0", lambda x: x.sum(0), False),
    ("mean_keep", lambda x: x.mean(-1, keepdim=True), False), ("nan_to_num", lambda x: x.nan_to_num(), False),
]


@pytest.mark.parametrize("name,fn,positive", UNARY, ids=[u[0] for u in UNARY])
@pytest.mark.parametrize("shape", [(), (5,), (2, 3)])
def test_unary(name, fn, positive, shape):
    if name in ("sum0",) and shape == ():
        pytest.skip("dim 0 needs at least 1-d")
    check_op(fn, [shape], positive=positive)


BINARY = [
    ("add", lambda a, b: a + b, False), ("sub", lambda a, b: a - b, False), ("mul", lambda a, b: a * b, False),
    ("div", lambda a, b: a / b, True), ("pow", lambda a, b: a ** b, True),
    ("maximum", lambda a, b: ember_or_torch(a).maximum(a, b), False),
    ("minimum", lambda a, b: ember_or_torch(a).minimum(a, b), False),
    ("atan2", lambda a, b: ember_or_torch(a).atan2(a, b), False),
    ("add_alpha", lambda a, b: ember_or_torch(a).add(a, b, alpha=2), False),
    ("where", lambda a, b: ember_or_torch(a).where(a > b, a, b), False),
    ("lerp", lambda a, b: ember_or_torch(a).lerp(a, b, 0.3), False),
    ("addcmul", lambda a, b: ember_or_torch(a).addcmul(a, a, b, value=0.5), False),
    ("hypot", lambda a, b: ember_or_torch(a).hypot(a, b), False),
    ("remainder", lambda a, b: a % (b.abs() + 1), True),
]


def ember_or_torch(t):
    if isinstance(t, ember.Tensor):
        return ember
    return torch


BROADCAST_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3)), ((4, 1, 3), (2, 1))]


@pytest.mark.parametrize("name,fn,positive", BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=str)
def test_binary(name, fn, positive, shapes):
    check_op(fn, list(shapes), positive=positive)


@st.composite
def broadcastable_pair(draw):
    nd = draw(st.integers(0, 3))
    base = [draw(st.integers(1, 4)) for _ in range(nd)]
    a = [s if draw(st.booleans()) else 1 for s in base]
    b = [s if draw(st.booleans()) else 1 for s in base]
    a = a[draw(st.integers(0, len(a))):]
    return tuple(a), tuple(b)


@settings(max_examples=30, deadline=None)
@given(broadcastable_pair(), st.sampled_from([b for b in BINARY if b[0] in ("add", "sub", "mul", "div")]))
def test_binary_broadcasting_hypothesis(shapes, op):
    name, fn, positive = op
    check_op(fn, list(shapes), positive=True, gradcheck=False)


def test_type_promotion_matches_pytorch():
    i = ember.tensor([1, 2, 3])
    f = ember.tensor([1.0, 2.0, 3.0])
    assert (i / 2).dtype == ember.float32
    assert (i / i).dtype == ember.float32
    assert (i * 2.5).dtype == ember.float32
    assert (i + 1).dtype == ember.int64
    assert (f * 2).dtype == ember.float32
    assert (f + ember.tensor(1.0, dtype=ember.float64)).dtype == ember.float32  # 0-d doesn't win
    assert (f + ember.tensor([1.0], dtype=ember.float64)).dtype == ember.float64
    assert (ember.tensor([True]) + 1).dtype == ember.int64
    assert (ember.tensor([1], dtype=ember.int32) + 1).dtype == ember.int32
    assert (ember.tensor([1], dtype=ember.int32) + ember.tensor(1)).dtype == ember.int32
    assert (ember.tensor([1], dtype=ember.uint8) + ember.tensor([1], dtype=ember.int8)).dtype == ember.int16
    assert (ember.tensor([1], dtype=ember.int64) * ember.tensor([1.0], dtype=ember.float16)).dtype == ember.float16


def test_default_dtype_switch():
    try:
        ember.set_default_dtype(ember.float64)
        assert ember.tensor(1.5).dtype == ember.float64
        assert (ember.tensor([1, 2]) / 2).dtype == ember.float64
    finally:
        ember.set_default_dtype(ember.float32)
    assert ember.tensor(1.5).dtype == ember.float32


def test_comparisons_have_no_grad():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    for r in (x > 1, x < 1, x == 1, x != 1, x >= 1, x <= 1):
        assert r.dtype == ember.bool and not r.requires_grad


def test_pow_gradient_at_zero_exponent_and_base():
    x = ember.tensor([0.0, 2.0], requires_grad=True)
    (x ** 0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    y = ember.tensor([0.0, 1.0], requires_grad=True)
    e = ember.tensor([2.0, 3.0], requires_grad=True)
    (y ** e).sum().backward()
    assert e.grad.tolist()[0] == 0.0  # 0**e with e>=0: d/de is 0, not nan


def test_relu_grad_with_nan_upstream_is_masked():
    x = ember.tensor([-1.0, 2.0], requires_grad=True)
    x.relu().backward(ember.tensor([float("nan"), 1.0]))
    assert x.grad.tolist()[0] == 0.0


@pytest.mark.parametrize("requires_grad", [False, True])
@pytest.mark.parametrize("exponent", [2, 3, -1, -2, -0.5])
def test_special_cased_powers_are_bit_exact(exponent, requires_grad):
    """PyTorch computes these powers as products/reciprocals/rsqrt; so must every ember path."""
    a = (np.random.default_rng(3).standard_normal(4096) * 3).astype(np.float32)
    got = (ember.tensor(a, requires_grad=requires_grad) ** exponent).detach().numpy()
    with np.errstate(all="ignore"):
        want = {2: a * a, 3: a * a * a, -1: 1 / a, -2: 1 / (a * a), -0.5: 1 / np.sqrt(a)}[exponent]
    np.testing.assert_array_equal(got, want)
    if torch is not None:
        ref = (torch.tensor(a, requires_grad=requires_grad) ** exponent).detach().numpy()
        np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("op", ["sin", "cos"])
def test_raw_and_recording_backward_agree_bit_for_bit(op):
    """sin/cos give the same gradient with or without create_graph (as PyTorch's formulas do)."""
    a = (np.random.default_rng(7).standard_normal(2048) * 3).astype(np.float32)
    grads = []
    for create_graph in (False, True):
        x = ember.tensor(a, requires_grad=True)
        (g,) = ember.autograd.grad(getattr(x, op)().sum(), x, create_graph=create_graph)
        grads.append(g.detach().numpy())
    np.testing.assert_array_equal(grads[0], grads[1])
    np.testing.assert_array_equal(grads[0], np.cos(a) if op == "sin" else -np.sin(a))
    # and the second derivative still flows through the recorded backward
    x = ember.tensor(a[:5].astype(np.float64), requires_grad=True)
    assert ember.autograd.gradgradcheck(getattr(ember, op), (x,))


def test_signed_zero_scalars_are_not_confused():
    """``x * -0.0`` after ``x * 0.0`` (equal as dict keys) keeps the sign, as in PyTorch."""
    a = np.ones(100, np.float32)
    x = ember.tensor(a)
    assert not np.signbit((x * 0.0).numpy()).any()
    assert np.signbit((x * -0.0).numpy()).all()
    z = ember.tensor(-np.zeros(100, np.float32))
    assert not np.signbit((z + 0.0).numpy()).any()
    assert np.signbit((z + -0.0).numpy()).all()
