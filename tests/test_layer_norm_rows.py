"""Layer norm of large inputs (``_layer_norm_rows``: above the exact-ATen-order size bound).

The values must agree with a float64 evaluation of PyTorch's formula to float32
rounding, stay float32, and the backward must be right however the graph is
used (retained, output modified in place, no affine part).
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.nn._functional import basic

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

SHAPE = (16, 64, 128)  # 131072 elements: above basic._EXACT_NORM_MAX


def _ref(x, w, b, g, eps=1e-5):
    """float64 forward and gradients of layer norm over the last dim."""
    x = x.astype(np.float64)
    n = x.shape[-1]
    mu = x.mean(-1, keepdims=True)
    rstd = 1.0 / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps)
    xhat = (x - mu) * rstd
    y = xhat * w + b
    gh = g * w
    gx = rstd * (gh - gh.mean(-1, keepdims=True) - xhat * (gh * xhat).mean(-1, keepdims=True))
    lead = tuple(range(x.ndim - 1))
    return y, gx, (g * xhat).sum(lead), g.sum(lead), n


def _data(seed=0):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(SHAPE) * 3 + 2).astype(np.float32)
    w = rng.standard_normal(SHAPE[-1]).astype(np.float32)
    b = rng.standard_normal(SHAPE[-1]).astype(np.float32)
    g = rng.standard_normal(SHAPE).astype(np.float32)
    return x, w, b, g


def test_large_input_takes_the_rows_path():
    assert np.prod(SHAPE) > basic._EXACT_NORM_MAX


def test_values_and_gradients_against_float64():
    x, w, b, g = _data()
    xt = ember.tensor(x, requires_grad=True)
    wt = ember.tensor(w, requires_grad=True)
    bt = ember.tensor(b, requires_grad=True)
    y = ember.nn.functional.layer_norm(xt, (SHAPE[-1],), wt, bt)
    y.backward(ember.tensor(g))
    ry, rgx, rgw, rgb, _ = _ref(x, w.astype(np.float64), b.astype(np.float64), g.astype(np.float64))
    for got, want in ((y, ry), (xt.grad, rgx), (wt.grad, rgw), (bt.grad, rgb)):
        assert got.dtype == ember.float32
        scale = np.abs(want).max()
        assert np.abs(got.detach().numpy() - want).max() <= 4e-6 * scale
    assert type(y.grad_fn).__name__ == "NativeLayerNormBackward0"


@pytest.mark.skipif(torch is None, reason="PyTorch not installed")
def test_against_pytorch():
    x, w, b, g = _data(1)
    out = []
    for lib in (ember, torch):
        xt = lib.tensor(x, requires_grad=True)
        ln = lib.nn.LayerNorm(SHAPE[-1])
        with lib.no_grad():
            ln.weight.copy_(lib.tensor(w))
            ln.bias.copy_(lib.tensor(b))
        y = ln(xt)
        y.backward(lib.tensor(g))
        out.append([t.detach().numpy() for t in (y, xt.grad, ln.weight.grad, ln.bias.grad)])
    for a, t in zip(*out):
        np.testing.assert_allclose(a, t, rtol=0, atol=4e-6 * np.abs(t).max())


def test_retained_graph_gives_the_same_gradient_twice():
    x, w, b, g = _data(2)
    xt = ember.tensor(x, requires_grad=True)
    ln = ember.nn.LayerNorm(SHAPE[-1])
    y = ln(xt)
    y.backward(ember.tensor(g), retain_graph=True)
    first = xt.grad.clone()
    y.backward(ember.tensor(g))
    assert ember.equal(xt.grad, first * 2)


def test_without_affine_an_inplace_change_of_the_output_does_not_touch_backward():
    x, _, _, g = _data(3)
    ones, zeros = np.ones(SHAPE[-1]), np.zeros(SHAPE[-1])
    xt = ember.tensor(x, requires_grad=True)
    y = ember.nn.functional.layer_norm(xt, (SHAPE[-1],))
    y.detach().mul_(0)  # the output's buffer, not the saved state
    y.backward(ember.tensor(g))
    _, rgx, _, _, _ = _ref(x, ones, zeros, g.astype(np.float64))
    assert np.abs(xt.grad.numpy() - rgx).max() <= 4e-6 * np.abs(rgx).max()
