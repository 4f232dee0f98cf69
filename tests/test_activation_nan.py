"""NaN/inf inputs through activations: PyTorch's ``x <= t ? a : b`` forms decide where NaN goes.

PyTorch writes these kernels as ``x <= threshold ? 0 : grad`` (relu, threshold),
``(x <= min || x >= max) ? 0 : grad`` (hardtanh, relu6), ``x <= 0 ? neg : pos``
(elu family) and ``(-l <= x && x <= l) ? 0 : ...`` (shrinks), so a NaN input
takes the *pass-through* branch.  Golden values are derived from those forms;
the same cases are compared with PyTorch when it is installed.
"""
from __future__ import annotations

import math

import pytest

import ember
import ember.nn.functional as F

try:
    import torch
    import torch.nn.functional as TF
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

NAN, INF = float("nan"), float("inf")
X = [NAN, -1.0, 2.0, 0.0, INF, -INF]
G = [5.0, 6.0, 7.0, 8.0, 9.0, 10.0]

# name, kwargs, forward golden, gradient golden (upstream gradient G)
CASES = [
    ("relu", {}, [NAN, 0.0, 2.0, 0.0, INF, 0.0], [5.0, 0.0, 7.0, 0.0, 9.0, 0.0]),
    ("relu6", {}, [NAN, 0.0, 2.0, 0.0, 6.0, 0.0], [5.0, 0.0, 7.0, 0.0, 0.0, 0.0]),
    ("hardtanh", {}, [NAN, -1.0, 1.0, 0.0, 1.0, -1.0], [5.0, 0.0, 0.0, 8.0, 0.0, 0.0]),
    ("threshold", {"threshold": 0.5, "value": -3.0}, [NAN, -3.0, 2.0, -3.0, INF, -3.0],
     [5.0, 0.0, 7.0, 0.0, 9.0, 0.0]),
    ("hardshrink", {}, [NAN, -1.0, 2.0, 0.0, INF, -INF], [5.0, 6.0, 7.0, 0.0, 9.0, 10.0]),
    ("softshrink", {}, [NAN, -0.5, 1.5, 0.0, INF, -INF], [5.0, 6.0, 7.0, 0.0, 9.0, 10.0]),
    ("elu", {}, [NAN, math.expm1(-1.0), 2.0, 0.0, INF, -1.0], [5.0, 6.0 * math.exp(-1.0), 7.0, 8.0, 9.0, 0.0]),
    ("celu", {}, [NAN, math.expm1(-1.0), 2.0, 0.0, INF, -1.0], [5.0, 6.0 * math.exp(-1.0), 7.0, 8.0, 9.0, 0.0]),
]


def _same(a, b, rel=0.0):
    return all((math.isnan(p) and math.isnan(q)) or p == q or abs(p - q) <= rel * abs(q) for p, q in zip(a, b))


def _run(lib, fn, name, kw):
    x = lib.tensor(X, requires_grad=True)
    y = getattr(fn, name)(x, **kw)
    y.backward(lib.tensor(G))
    return y.detach().tolist(), x.grad.tolist()


@pytest.mark.parametrize("name,kw,fwd,grad", CASES, ids=[c[0] for c in CASES])
def test_activation_nan_inf_golden(name, kw, fwd, grad):
    y, g = _run(ember, F, name, kw)
    assert _same(y, fwd, 1e-6), y
    assert _same(g, grad, 1e-6), g


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("name,kw,fwd,grad", CASES, ids=[c[0] for c in CASES])
def test_activation_nan_inf_matches_torch(name, kw, fwd, grad):
    ye, ge = _run(ember, F, name, kw)
    yt, gt = _run(torch, TF, name, kw)
    assert _same(ye, yt) and _same(ge, gt), (ye, yt, ge, gt)


def test_relu_nan_gradient_passes_on_every_path():
    for shape in [(6,), (40, 40)]:  # small arrays and the masked fast path
        x = ember.full(shape, NAN, requires_grad=True)
        ember.relu(x).backward(ember.full(shape, 3.0))
        assert bool((x.grad == 3.0).all())
        x = ember.full(shape, NAN, requires_grad=True)
        (gx,) = ember.autograd.grad(ember.relu(x).sum(), x, create_graph=True)  # tensor-op backward
        assert bool((gx == 1.0).all())


def test_hardswish_gradient_at_the_kinks():
    # PyTorch's vectorised kernel: x <= -3 -> 0, x >= 3 -> grad, else grad * (x / 3 + 1/2)
    x = ember.tensor([-3.0, 3.0, -3.1, 3.1, 0.0, -1.5] * 4, requires_grad=True)
    F.hardswish(x).backward(ember.full((24,), 2.0))
    assert x.grad.tolist()[:6] == [0.0, 2.0, 0.0, 2.0, 1.0, 0.0]


def test_smooth_l1_gradient_of_nan_is_nan():
    # PyTorch: x < -beta ? -1 : (x > beta ? 1 : x / beta), so a NaN difference propagates
    x = ember.tensor([NAN, 1.0, -1.0, 0.5, 2.0, -2.0], requires_grad=True)
    F.smooth_l1_loss(x, ember.zeros(6), reduction="sum").backward()
    assert _same(x.grad.tolist(), [NAN, 1.0, -1.0, 0.5, 1.0, -1.0])
    if torch is not None:
        t = torch.tensor([NAN, 1.0, -1.0, 0.5, 2.0, -2.0], requires_grad=True)
        TF.smooth_l1_loss(t, torch.zeros(6), reduction="sum").backward()
        assert _same(x.grad.tolist(), t.grad.tolist())


def _bits(a):
    import numpy as np
    a = np.ascontiguousarray(a)
    return a.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[a.dtype.itemsize])


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("n", [1, 9, 3000, 20000])  # scalar-ish, short, and the zero-block path
def test_relu_is_x_lt_0_then_0_else_x_bit_for_bit(dtype, n):
    # PyTorch: relu(x) = x < 0 ? 0 : x, so -0.0 stays -0.0 and each NaN keeps its bits
    import numpy as np
    x = np.random.default_rng(n).standard_normal(n).astype(dtype)
    x[::7] = -0.0
    x[3::11] = np.nan
    x[5::13] = -np.inf
    x[2::17] = -np.asarray(np.nan, dtype)
    want = np.where(x < 0, np.zeros((), dtype), x)
    t = ember.from_numpy(x.copy())
    assert np.array_equal(_bits(ember.relu(t).numpy()), _bits(want))
    assert np.array_equal(_bits(t.relu_().numpy()), _bits(want))
    assert np.array_equal(_bits(ember.relu(ember.from_numpy(x[::-1].copy())[::1]).numpy()), _bits(want[::-1]))
    if torch is not None:
        assert np.array_equal(_bits(torch.relu(torch.from_numpy(x)).numpy()), _bits(want))


def test_relu_of_negative_zero_prints_like_pytorch():
    assert repr(ember.relu(ember.tensor([-0.0, 1.0, -2.0]))) == "tensor([-0., 1., 0.])"
    assert repr(ember.relu(ember.tensor(-0.0))) == "tensor(-0.)"


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("inplace", [False, True])
def test_relu_backward_is_result_le_0_then_0_else_grad_bit_for_bit(dtype, inplace):
    # PyTorch's threshold_backward: result <= 0 ? 0 : grad -- +0.0 where blocked (whatever grad holds),
    # grad's own bits (-0.0, inf, NaN) where passed, and a NaN result (either sign) passes
    import numpy as np
    rng = np.random.default_rng(3)
    x = rng.standard_normal(5000).astype(dtype)
    x[::7] = -0.0
    x[1::9] = 0.0
    x[3::11] = np.nan
    x[2::17] = -np.asarray(np.nan, dtype)
    x[5::13] = -np.inf
    x[6::19] = np.inf
    g = rng.standard_normal(5000).astype(dtype)
    g[::5] = -0.0
    g[1::23] = np.inf
    g[4::29] = -np.asarray(np.nan, dtype)
    r = np.where(x < 0, np.zeros((), dtype), x)
    want = np.where(r <= 0, np.zeros((), dtype), g)
    t = ember.tensor(x, requires_grad=True)
    y = ember.relu(t * 1.0) if not inplace else (t * 1.0).relu_()
    y.backward(ember.from_numpy(g.copy()))
    assert np.array_equal(_bits(t.grad.numpy()), _bits(want))
    if torch is not None:
        tt = torch.tensor(x, requires_grad=True)
        ty = torch.relu(tt * 1.0) if not inplace else (tt * 1.0).relu_()
        ty.backward(torch.from_numpy(g.copy()))
        assert np.array_equal(_bits(tt.grad.numpy()), _bits(want))
