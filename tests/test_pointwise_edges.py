"""Edge values through binary pointwise ops: NaN, zeros, the origin -- PyTorch's formulas, not NumPy's.

Golden values are derived from PyTorch's derivative formulas (``derivatives.yaml``)
and run everywhere; the same cases are compared with PyTorch when installed.
"""
from __future__ import annotations

import math

import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

NAN, INF = float("nan"), float("inf")


def _same(a, b):
    return all((math.isnan(p) and math.isnan(q)) or (p == q and math.copysign(1, p) == math.copysign(1, q))
               for p, q in zip(a, b))


def _binary(lib, name, xa, ya, g):
    x = lib.tensor(xa, requires_grad=True)
    y = lib.tensor(ya, requires_grad=True)
    z = getattr(lib, name)(x, y)
    z.backward(lib.tensor(g))
    return z.detach().tolist(), x.grad.tolist(), y.grad.tolist(), type(z.grad_fn).__name__ if lib is torch \
        else z.grad_fn.name()


XA = [NAN, 1.0, 2.0, 0.0, -1.0, NAN]
YA = [1.0, NAN, 2.0, 0.0, 3.0, NAN]
G = [5.0, 6.0, 7.0, 8.0, 9.0, 10.0]

BINARY = [
    # fmax: a NaN loses to a number; self takes the gradient where self >= other or other is NaN
    ("fmax", XA, YA, [1.0, 1.0, 2.0, 0.0, 3.0, NAN], [0.0, 6.0, 7.0, 8.0, 0.0, 10.0], [5.0, 0.0, 0.0, 0.0, 9.0, 0.0],
     "FmaxBackward0"),
    ("fmin", XA, YA, [1.0, 1.0, 2.0, 0.0, -1.0, NAN], [0.0, 6.0, 7.0, 8.0, 9.0, 10.0], [5.0, 0.0, 0.0, 0.0, 0.0, 0.0],
     "FminBackward0"),
    # atan2: the gradient is 0 where x^2 + y^2 is 0 (PyTorch masks the reciprocal), signs included
    ("atan2", [0.0, -0.0, 0.0, 1.0], [0.0, 0.0, -0.0, 1.0], [0.0, -0.0, math.pi, math.pi / 4],
     [0.0, 0.0, -0.0, 0.5 * 8.0], [-0.0, 0.0, -0.0, -0.5 * 8.0], "Atan2Backward0"),
    # pow with a tensor exponent: a zero exponent has gradient 0 even at x = 0
    ("pow", [0.0, 2.0, 0.0], [0.0, 0.0, 2.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 6.0 * math.log(2.0), 0.0],
     "PowBackward1"),
]


@pytest.mark.parametrize("case", BINARY, ids=[c[0] for c in BINARY])
def test_binary_edges_golden(case):
    name, xa, ya, z, gx, gy, fn = case
    g = G[:len(xa)]
    if name == "atan2":
        g = [5.0, 6.0, 7.0, 8.0]
    got = _binary(ember, name, xa, ya, g)
    assert got[3] == fn
    assert _same(got[0], [float(v) for v in z]) or name == "atan2" and all(
        abs(a - b) < 1e-6 for a, b in zip(got[0], z))
    assert _same(got[1], gx), got[1]
    assert _same(got[2], gy) or name == "pow" and all(abs(a - b) < 1e-5 for a, b in zip(got[2], gy)), got[2]


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("case", BINARY, ids=[c[0] for c in BINARY])
def test_binary_edges_match_torch(case):
    name, xa, ya = case[:3]
    g = [5.0, 6.0, 7.0, 8.0, 9.0, 10.0][:len(xa)]
    mine, theirs = _binary(ember, name, xa, ya, g), _binary(torch, name, xa, ya, g)
    for a, b in zip(mine[:3], theirs[:3]):
        assert _same(a, b), (a, b)
    assert mine[3] == theirs[3]


def test_sign_of_nan_is_zero_and_abs_gradient_at_nan_is_zero():
    x = ember.tensor([NAN, -0.0, 0.0, -2.0, 3.0], requires_grad=True)
    assert _same(ember.sign(x).tolist(), [0.0, 0.0, 0.0, -1.0, 1.0])
    assert _same(x.sgn().tolist(), [0.0, 0.0, 0.0, -1.0, 1.0])
    ember.abs(x).backward(ember.ones(5))
    assert _same(x.grad.tolist(), [0.0, 0.0, 0.0, -1.0, 1.0])
    assert ember.sign(ember.tensor(NAN)).item() == 0.0


def test_fmax_requires_tensor_other():
    with pytest.raises(TypeError, match=r"^fmax\(\): argument 'other' \(position 2\) must be Tensor, not float$"):
        ember.fmax(ember.ones(2), 1.0)


ZERO_GRAD = [
    ("floor", lambda L, t: L.floor(t), "FloorBackward0"),
    ("ceil", lambda L, t: L.ceil(t), "CeilBackward0"),
    ("round", lambda L, t: L.round(t), "RoundBackward0"),
    ("trunc", lambda L, t: L.trunc(t), "TruncBackward0"),
    ("sign", lambda L, t: L.sign(t), "SignBackward0"),
    ("pow0", lambda L, t: t ** 0, "PowBackward0"),
    ("div_floor", lambda L, t: L.div(t, 2.0, rounding_mode="floor"), "DivBackward2"),
    ("div_trunc", lambda L, t: L.div(t, L.tensor([2.0, -2.0, 3.0]), rounding_mode="trunc"), "DivBackward2"),
]


def _zero_grad_case(lib, fn):
    x = lib.tensor([1.5, -2.5, 3.5], requires_grad=True)
    y = fn(lib, x)
    y.backward(lib.tensor([-1.0, INF, NAN]))  # PyTorch: zeros_like(grad), not grad * 0
    name = type(y.grad_fn).__name__ if lib is torch else y.grad_fn.name()
    return name, x.grad.tolist()


@pytest.mark.parametrize("case", ZERO_GRAD, ids=[c[0] for c in ZERO_GRAD])
def test_zero_gradients_are_exact_zeros(case):
    _, fn, node = case
    name, grad = _zero_grad_case(ember, fn)
    assert name == node
    assert _same(grad, [0.0, 0.0, 0.0])


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("case", ZERO_GRAD, ids=[c[0] for c in ZERO_GRAD])
def test_zero_gradients_match_torch(case):
    _, fn, _ = case
    assert _zero_grad_case(ember, fn) == _zero_grad_case(torch, fn)


def test_div_rounding_mode_gradient_for_both_inputs_and_double_backward():
    a = ember.tensor([3.0, -7.0], requires_grad=True)
    b = ember.tensor([2.0, 2.0], requires_grad=True)
    ember.div(a, b, rounding_mode="floor").sum().backward()  # used to crash in the raw vjp
    assert a.grad.tolist() == [0.0, 0.0] and b.grad.tolist() == [0.0, 0.0]
    (ga,) = ember.autograd.grad(ember.div(a, b, rounding_mode="trunc").sum(), a, create_graph=True)
    assert ga.tolist() == [0.0, 0.0]


def test_xlogy_gradient_where_x_is_zero():
    # PyTorch: d/dx x*log(y) is log(y) where x == 0 too, except 0 where also y <= 0
    x = ember.tensor([0.0, 0.0, 0.0, 1.0], requires_grad=True)
    y = ember.tensor([2.0, 0.0, -1.0, 0.0], requires_grad=True)
    z = ember.xlogy(x, y)
    assert z.grad_fn.name() == "XlogyBackward0"
    z.sum().backward()
    assert _same(x.grad.tolist(), [float(ember.tensor(math.log(2.0)).item()), 0.0, 0.0, -INF])
    assert ember.xlogy(x, 2.0).grad_fn.name() == "XlogyBackward2"


def test_prod_gradient_with_two_zeros_is_zero_even_beside_nan():
    # PyTorch's prod_backward: two or more zeros -> zeros_like(input), whatever else the input holds
    x = ember.tensor([NAN, -1.5, 2.0, 0.0, INF, -0.0], requires_grad=True)
    x.prod().backward()
    assert _same(x.grad.tolist(), [0.0] * 6)
    y = ember.tensor([2.0, 0.0, 3.0], requires_grad=True)
    y.prod().backward()
    assert y.grad.tolist() == [0.0, 6.0, 0.0]


def test_remainder_zero_keeps_the_dividends_sign_like_pytorch():
    r = ember.remainder(ember.tensor([-2.0, 2.0, -0.0, -7.5, 7.5]), ember.tensor([1.0, -1.0, 1.0, 2.0, -2.0]))
    assert repr(r) == "tensor([-0.0000,  0.0000, -0.0000,  0.5000, -0.5000])"  # as PyTorch prints it
    assert ember.remainder(ember.tensor([-7, 7]), 3).tolist() == [2, 1]


def test_binary_ops_take_pytorchs_keyword_names():
    x = ember.tensor([[1.5, -2.0], [3.0, 0.5]])
    y = ember.tensor([[0.5, 1.0], [2.0, -1.0]])
    assert ember.equal(x.add(other=y, alpha=2), x + 2 * y)
    assert ember.equal(ember.sub(input=x, other=y), x - y)
    assert ember.equal(x.lt(other=y), x < y)
    assert ember.equal(x.pow(exponent=2), x * x)
    assert ember.equal(ember.lerp(x, end=y, weight=0.5), (x + y) / 2)
    assert ember.equal(x.flip(dims=[0]), x.flip(0))
    assert ember.equal(ember.reshape(x, shape=(4,)), x.reshape(4))
    assert ember.equal(x.permute(dims=(1, 0)), x.t())
    assert ember.equal(x.repeat(repeats=(1, 2)), x.repeat(1, 2))
    assert ember.equal(x[0].expand(size=(2, 2)), x[0].expand(2, 2))


def test_factories_and_unary_ops_take_pytorchs_keywords():
    assert tuple(ember.zeros(size=(2, 1)).shape) == (2, 1)
    assert tuple(ember.ones(size=[3]).shape) == (3,)
    assert tuple(ember.rand(size=(2,)).shape) == (2,)
    assert ember.equal(ember.exp(input=ember.tensor([0.0])), ember.tensor([1.0]))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_linspace_is_atens_kernel_bit_for_bit(dtype):
    import numpy as np
    from ember.optim.optimizer import _fma64
    a, b, n = -2.5, 3.0, 101
    got = ember.linspace(a, b, n, dtype=getattr(ember, dtype)).numpy()
    idx = np.arange(n)
    if dtype == "float64":  # ATen: fma(step, i, start) below halfway, fma(-step, steps - 1 - i, end) from it
        step = (b - a) / (n - 1)
        want = np.where(idx < n // 2, _fma64(np.full(n, step), idx * 1.0, np.full(n, a)),
                        _fma64(np.full(n, -step), (n - 1 - idx) * 1.0, np.full(n, b)))
        assert np.array_equal(got, want)
    assert got[0] == np.float64(a).astype(dtype) and got[-1] == np.float64(b).astype(dtype)
    try:
        import torch
    except ImportError:
        return
    want = torch.linspace(a, b, n, dtype=getattr(torch, dtype)).numpy()
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("args", [(0.3, 17.0, 0.37), (-1.0, 5.0, 0.013), (2.0, -3.0, -0.29)])
def test_arange_is_atens_kernel_bit_for_bit(args, dtype):
    import numpy as np
    got = ember.arange(*args, dtype=getattr(ember, dtype)).numpy()
    start, end, step = args
    assert got.size == int(np.ceil((end - start) / step)) and got[0] == np.dtype(dtype).type(start)
    try:
        import torch
    except ImportError:
        return
    assert np.array_equal(got, torch.arange(*args, dtype=getattr(torch, dtype)).numpy())


def test_functions_take_input_as_a_keyword_like_pytorch():
    x = ember.tensor([[1.5, -2.0], [3.0, 0.5]])
    assert ember.equal(ember.sum(input=x, dim=1), x.sum(1))
    assert ember.equal(ember.clamp(input=x, min=0.0), x.clamp(min=0.0))
    assert ember.equal(ember.transpose(input=x, dim0=0, dim1=1), x.t())
    assert ember.equal(ember.abs(input=x), x.abs())
    assert ember.equal(ember.zeros_like(input=x), ember.zeros(2, 2))
