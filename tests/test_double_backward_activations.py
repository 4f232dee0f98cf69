"""Double (and triple) backward through activations, as PyTorch records it.

Under ``create_graph=True`` PyTorch computes an activation's gradient with a
differentiable backward op (``hardtanh_backward``, ``threshold_backward``,
``elu_backward`` ...), so the first-order gradient carries a
``...BackwardBackward0`` node even where its value does not depend on the
input (``relu6``: second derivative zero, not "does not require grad"), and
``derivatives.yaml`` gives that node's own gradient.  ``silu`` and ``mish``
use composite formulas there, ``softsign``/``tanhshrink`` are composites, and
``hardsigmoid_backward`` has no derivative (a ``NotImplemented`` node).

Each row is checked for (a) the first-order gradient's ``grad_fn`` name and
``next_functions`` (against PyTorch when installed), (b) second and third
derivative values against PyTorch, including the gradient with respect to the
upstream gradient, and (c) float64 ``gradcheck``/``gradgradcheck`` (no PyTorch
needed).  A WGAN-GP gradient penalty through a small MLP gives PyTorch's
parameter gradients for each activation.
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.autograd import gradcheck, gradgradcheck

# inputs with the kinks: 0, +-0.5, +-1, +-3, 6, 0.1 (threshold), -0.5 / 2 (hardtanh bounds)
X_KINKS = [-7.0, -3.0, -2.5, -1.0, -0.6, -0.5, -0.2, 0.0, 0.1, 0.3, 0.5, 0.7, 1.0, 2.0, 2.9, 3.0, 4.0, 6.0]
# away from every kink (gradcheck's central differences straddle none)
X_SMOOTH = [-3.7, -2.6, -1.3, -0.8, -0.33, 0.23, 0.8, 1.4, 2.3, 3.6, 6.4, 7.1]
W_PRELU = [0.25, -0.4, 0.1, 0.6, -0.05, 1.5]


def _prelu(lib, x):
    """A weight per channel (dim 1 of the 2-d inputs), requiring grad."""
    w = lib.tensor(W_PRELU[:x.shape[1]], dtype=x.dtype, requires_grad=True)
    return lib.nn.functional.prelu(x, w)


def _seeded_rrelu(lib, x, inplace=False):
    lib.manual_seed(7)
    return lib.nn.functional.rrelu(x.clone() if inplace else x, 0.1, 0.3, training=True, inplace=inplace)


# name, fn(lib, x), grad_fn name of the first-order gradient under create_graph (None: no grad_fn)
CASES = [
    ("relu", lambda lib, x: lib.nn.functional.relu(x), "ThresholdBackwardBackward0"),
    ("relu_", lambda lib, x: lib.nn.functional.relu(x.clone(), inplace=True), "ThresholdBackwardBackward0"),
    ("relu6", lambda lib, x: lib.nn.functional.relu6(x), "HardtanhBackwardBackward0"),
    ("relu6_", lambda lib, x: lib.nn.functional.relu6(x.clone(), inplace=True), "HardtanhBackwardBackward0"),
    ("hardtanh", lambda lib, x: lib.nn.functional.hardtanh(x, -0.5, 2.0), "HardtanhBackwardBackward0"),
    ("hardtanh_", lambda lib, x: lib.nn.functional.hardtanh_(x.clone()), "HardtanhBackwardBackward0"),
    ("threshold", lambda lib, x: lib.nn.functional.threshold(x, 0.1, 20.0), "ThresholdBackwardBackward0"),
    ("threshold_", lambda lib, x: lib.nn.functional.threshold_(x.clone(), 0.1, 20.0), "ThresholdBackwardBackward0"),
    ("softshrink", lambda lib, x: lib.nn.functional.softshrink(x, 0.5), "SoftshrinkBackwardBackward0"),
    ("hardshrink", lambda lib, x: lib.nn.functional.hardshrink(x, 0.5), "HardshrinkBackwardBackward0"),
    ("leaky_relu", lambda lib, x: lib.nn.functional.leaky_relu(x, 0.2), "LeakyReluBackwardBackward0"),
    ("leaky_relu_", lambda lib, x: lib.nn.functional.leaky_relu_(x.clone(), 0.2), "LeakyReluBackwardBackward0"),
    ("prelu", _prelu, "PreluKernelBackwardBackward0"),
    ("rrelu", lambda lib, x: lib.nn.functional.rrelu(x, 0.1, 0.3), "RreluWithNoiseBackwardBackward0"),
    ("rrelu_train", _seeded_rrelu, "RreluWithNoiseBackwardBackward0"),
    ("rrelu_train_", lambda lib, x: _seeded_rrelu(lib, x, True), "RreluWithNoiseBackwardBackward0"),
    ("elu", lambda lib, x: lib.nn.functional.elu(x, 1.3), "EluBackwardBackward0"),
    ("elu_", lambda lib, x: lib.nn.functional.elu(x.clone(), 1.3, inplace=True), "EluBackwardBackward0"),
    ("celu", lambda lib, x: lib.nn.functional.celu(x, 0.7), "EluBackwardBackward0"),
    ("celu_", lambda lib, x: lib.nn.functional.celu(x.clone(), 0.7, inplace=True), "EluBackwardBackward0"),
    ("selu", lambda lib, x: lib.nn.functional.selu(x), "EluBackwardBackward0"),
    ("selu_", lambda lib, x: lib.nn.functional.selu(x.clone(), inplace=True), "EluBackwardBackward0"),
    ("hardsigmoid", lambda lib, x: lib.nn.functional.hardsigmoid(x), "NotImplemented"),
    ("hardswish", lambda lib, x: lib.nn.functional.hardswish(x), "HardswishBackwardBackward0"),
    ("hardswish_", lambda lib, x: lib.nn.functional.hardswish(x.clone(), inplace=True),
     "HardswishBackwardBackward0"),
    ("clamp", lambda lib, x: x.clamp(-1.0, 2.0), None),
    ("clamp_min", lambda lib, x: x.clamp(min=-0.5), None),
    ("glu", lambda lib, x: lib.nn.functional.glu(x, -1), "GluBackwardBackward0"),
    ("logsigmoid", lambda lib, x: lib.nn.functional.logsigmoid(x), "LogSigmoidBackwardBackward0"),
    ("softplus", lambda lib, x: lib.nn.functional.softplus(x, 2.0, 5.0), "SoftplusBackwardBackward0"),
    ("mish", lambda lib, x: lib.nn.functional.mish(x), "MulBackward0"),
    ("silu", lambda lib, x: lib.nn.functional.silu(x), "MulBackward0"),
    ("silu_", lambda lib, x: lib.nn.functional.silu(x.clone(), inplace=True), "MulBackward0"),
    ("gelu", lambda lib, x: lib.nn.functional.gelu(x), "GeluBackwardBackward0"),
    ("gelu_tanh", lambda lib, x: lib.nn.functional.gelu(x, approximate="tanh"), "GeluBackwardBackward0"),
    ("tanhshrink", lambda lib, x: lib.nn.functional.tanhshrink(x), "AddBackward0"),
    ("softsign", lambda lib, x: lib.nn.functional.softsign(x), "AddBackward0"),
    ("sigmoid", lambda lib, x: lib.sigmoid(x), "SigmoidBackwardBackward0"),
    ("tanh", lambda lib, x: lib.tanh(x), "TanhBackwardBackward0"),
]
IDS = [c[0] for c in CASES]
NO_DOUBLE = {"hardsigmoid"}  # PyTorch: "derivative for aten::hardsigmoid_backward is not implemented"


def _x(lib, values, dtype=None):
    x = lib.tensor(values, dtype=dtype or lib.float64)  # 2-d, the last dim even (glu halves it)
    return x.reshape(-1, 6 if len(values) % 6 == 0 else 2).requires_grad_()


def _grads(lib, fn, values, dtype=None):
    """First, second and third derivatives, the second also with respect to the upstream gradient ``v``."""
    x = _x(lib, values, dtype)
    y = fn(lib, x)
    v = lib.linspace(-1.5, 2.0, y.numel(), dtype=y.dtype).reshape(y.shape).requires_grad_()
    (g,) = lib.autograd.grad(y, x, grad_outputs=v, create_graph=True)
    (g_plain,) = lib.autograd.grad(fn(lib, x).sum(), x, create_graph=True)
    out = {"g": g, "name": None if g_plain.grad_fn is None else type(g_plain.grad_fn).__name__}
    w = lib.linspace(0.5, 1.5, g.numel(), dtype=g.dtype).reshape(g.shape)
    g2x, g2v = lib.autograd.grad((g * g * w).sum(), (x, v), create_graph=True, allow_unused=True)
    out.update(g2x=g2x, g2v=g2v)
    if g2x is not None and g2x.requires_grad:
        (g3,) = lib.autograd.grad(g2x.sum(), x, allow_unused=True)
        out["g3"] = g3
    return out


def _np(t):
    return None if t is None else t.detach().numpy()


def _next_names(fn, depth):
    if fn is None:
        return None
    if depth == 0:
        return type(fn).__name__
    return type(fn).__name__, [(_next_names(f, depth - 1), nr) for f, nr in fn.next_functions]


@pytest.mark.parametrize("name,fn,expected", CASES, ids=IDS)
def test_first_order_grad_fn_under_create_graph(name, fn, expected):
    if name in NO_DOUBLE:
        x = _x(ember, X_KINKS)
        (g,) = ember.autograd.grad(fn(ember, x).sum(), x, create_graph=True)
        assert type(g.grad_fn).__name__ == expected
        with pytest.raises(RuntimeError, match="derivative for aten::hardsigmoid_backward is not implemented"):
            ember.autograd.grad(g.sum(), x)
        return
    x = _x(ember, X_KINKS)
    (g,) = ember.autograd.grad(fn(ember, x).sum(), x, create_graph=True)
    assert (None if g.grad_fn is None else type(g.grad_fn).__name__) == expected
    assert g.requires_grad == (expected is not None)
    assert _grads(ember, fn, X_KINKS)["name"] == expected


@pytest.mark.parametrize("name,fn,expected", CASES, ids=IDS)
def test_first_order_grad_fn_matches_torch(name, fn, expected):
    torch = pytest.importorskip("torch")
    for lib in (ember, torch):
        x = _x(lib, X_KINKS)
        y = fn(lib, x)
        v = lib.linspace(-1.5, 2.0, y.numel(), dtype=y.dtype).reshape(y.shape).requires_grad_()
        (g,) = lib.autograd.grad(y, x, grad_outputs=v, create_graph=True)
        (g_plain,) = lib.autograd.grad(fn(lib, x).sum(), x, create_graph=True)
        if lib is ember:
            mine = (_next_names(g.grad_fn, 3), _next_names(g_plain.grad_fn, 3), g.requires_grad)
        else:
            theirs = (_next_names(g.grad_fn, 3), _next_names(g_plain.grad_fn, 3), g.requires_grad)
    assert mine == theirs
    assert (theirs[1] or (None,))[0] == expected


@pytest.mark.parametrize("name,fn,expected", [c for c in CASES if c[0] not in NO_DOUBLE],
                         ids=[i for i in IDS if i not in NO_DOUBLE])
def test_second_and_third_order_values_match_torch(name, fn, expected):
    torch = pytest.importorskip("torch")
    mine = _grads(ember, fn, X_KINKS)
    theirs = _grads(torch, fn, X_KINKS)
    assert mine.keys() == theirs.keys()
    for k in mine:
        if k == "name":
            assert mine[k] == theirs[k]
            continue
        a, b = _np(mine[k]), _np(theirs[k])
        assert (a is None) == (b is None), k
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, err_msg=k)
            assert mine[k].requires_grad == theirs[k].requires_grad, k


@pytest.mark.parametrize("name,fn,expected", [c for c in CASES if c[0] not in NO_DOUBLE],
                         ids=[i for i in IDS if i not in NO_DOUBLE])
def test_float32_second_order_close_to_torch(name, fn, expected):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    values = [float(v) for v in (rng.standard_normal(64) * 3).astype(np.float32)]
    mine = _grads(ember, fn, values, ember.float32)
    theirs = _grads(torch, fn, values, torch.float32)
    for k in ("g", "g2x", "g2v", "g3"):
        a, b = _np(mine.get(k)), _np(theirs.get(k))
        assert (a is None) == (b is None), k
        if a is not None:
            assert a.dtype == np.float32
            np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-5 * max(1.0, float(np.abs(b).max())), err_msg=k)


def _gradcheck_fn(fn):
    return lambda x: fn(ember, x)


@pytest.mark.parametrize("name,fn,expected", CASES, ids=IDS)
def test_gradcheck_and_gradgradcheck_float64(name, fn, expected):
    x = _x(ember, X_SMOOTH)
    f = _gradcheck_fn(fn)
    assert gradcheck(f, (x,))
    if name in NO_DOUBLE:
        with pytest.raises(RuntimeError, match="not implemented"):
            gradgradcheck(f, (x,))
        return
    y = f(x)
    # an upstream gradient that requires grad checks the derivative in grad_output too
    v = ember.tensor(np.linspace(-1.3, 1.7, y.numel()).reshape(tuple(y.shape)), requires_grad=True)
    if expected is None:  # clamp: the gradient does not depend on x
        (g,) = ember.autograd.grad(y, x, grad_outputs=v, create_graph=True)
        assert g.grad_fn is not None and type(g.grad_fn).__name__ == "WhereBackward0"
        return
    assert gradgradcheck(f, (x,), (v,))


@pytest.mark.parametrize("name", ["elu", "celu_", "gelu", "gelu_tanh", "glu", "softplus", "logsigmoid",
                                  "hardswish", "silu", "mish", "prelu", "relu6", "hardtanh", "threshold",
                                  "softshrink", "hardshrink", "rrelu_train", "leaky_relu"])
def test_third_and_fourth_order_run(name):
    """Smooth rules go on to any order; piecewise-linear ones stop where PyTorch does: their second
    derivative in ``x`` is a zeros tensor that does not require grad, yet through the upstream gradient
    ``v`` the graph goes on."""
    fn = dict((c[0], c[1]) for c in CASES)[name]
    x = _x(ember, X_SMOOTH)
    y = fn(ember, x)
    v = ember.tensor(np.linspace(-1.3, 1.7, y.numel()).reshape(tuple(y.shape)), requires_grad=True)
    (g,) = ember.autograd.grad(y, x, grad_outputs=v, create_graph=True)
    g2x, g2v = ember.autograd.grad((g * g).sum(), (x, v), create_graph=True)
    assert g2v.requires_grad
    (g3,) = ember.autograd.grad((g2v * g2v).sum(), v, create_graph=True)
    assert g3.requires_grad
    if name in ("relu6", "hardtanh", "threshold", "softshrink", "hardshrink", "rrelu_train", "leaky_relu", "prelu"):
        assert not g2x.requires_grad and not g2x.numpy().any()
        with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad"):
            ember.autograd.grad(g2x.sum(), x)
        return
    assert g2x.requires_grad
    (g3x,) = ember.autograd.grad(g2x.sum(), x, create_graph=True)
    if g3x.requires_grad:
        (g4x,) = ember.autograd.grad(g3x.sum(), x, allow_unused=True)
        assert g4x is None or np.isfinite(g4x.numpy()).all()


def test_prelu_double_backward_edges_and_weight():
    torch = pytest.importorskip("torch")
    out = {}
    for lib in (ember, torch):
        F_ = lib.nn.functional
        res = []
        for xs in ([[-1.0, 0.0, 2.0], [0.5, -3.0, 0.0]], -2.0, [-2.0, 3.0, 0.0]):
            for w_rg in (True, False):
                x = lib.tensor(xs, dtype=lib.float64, requires_grad=True)
                w = lib.tensor([0.25] if np.ndim(xs) < 2 else [0.25, -0.5, 0.1], dtype=lib.float64,
                               requires_grad=w_rg)
                y = F_.prelu(x, w)
                wrt = (x, w) if w_rg else (x,)
                gs = lib.autograd.grad((y * y).sum(), wrt, create_graph=True)
                names = [_next_names(g.grad_fn, 3) for g in gs]
                second = lib.autograd.grad(sum((g ** 3).sum() for g in gs), wrt, allow_unused=True)
                res.append((tuple(y.shape), names, [g.detach().numpy().tolist() for g in gs],
                            [None if s is None else s.numpy().tolist() for s in second]))
        out[lib.__name__] = res
    assert out["ember"] == out["torch"]


def _mlp_penalty(lib, act, dtype, seed=0):
    rng = np.random.default_rng(seed)
    width = 8
    glu = act == "glu"
    params = {
        "W1": rng.standard_normal((width, 4)) * 0.9, "b1": rng.standard_normal(width) * 0.5,
        "W2": rng.standard_normal((1, width // 2 if glu else width)) * 0.7, "b2": rng.standard_normal(1),
    }
    if act == "prelu":
        params["a"] = np.array([0.2] * width) + 0.05 * rng.standard_normal(width)
    p = {k: lib.tensor(v, dtype=dtype, requires_grad=True) for k, v in params.items()}
    x = lib.tensor(rng.standard_normal((6, 4)) * 2, dtype=dtype, requires_grad=True)
    F_ = lib.nn.functional
    acts = {
        "prelu": lambda h: F_.prelu(h, p["a"]), "glu": lambda h: F_.glu(h, -1),
        "rrelu_train": lambda h: _seeded_rrelu(lib, h),
        "gelu_tanh": lambda h: F_.gelu(h, approximate="tanh"), "clamp": lambda h: h.clamp(-0.5, 1.0),
        "leaky_relu": lambda h: F_.leaky_relu(h, 0.2), "threshold": lambda h: F_.threshold(h, 0.1, -1.0),
        "hardtanh": lambda h: F_.hardtanh(h, -0.5, 2.0), "elu_": lambda h: F_.elu(h, 0.9, inplace=True),
        "relu6_": lambda h: F_.relu6(h, inplace=True),
    }
    f = acts.get(act) or getattr(F_, act)
    out = F_.linear(f(F_.linear(x, p["W1"], p["b1"])), p["W2"], p["b2"])
    (grad,) = lib.autograd.grad(out, x, grad_outputs=lib.ones_like(out), create_graph=True)
    penalty = ((grad.norm(2, dim=1) - 1) ** 2).mean()
    penalty.backward()
    return penalty.item(), {k: None if t.grad is None else t.grad.numpy() for k, t in p.items()}


WGAN_ACTS = ["relu", "relu6", "relu6_", "hardtanh", "threshold", "softshrink", "hardshrink", "leaky_relu", "prelu",
             "rrelu", "rrelu_train", "elu", "elu_", "celu", "selu", "hardswish", "clamp", "glu", "logsigmoid",
             "softplus", "mish", "silu", "gelu", "gelu_tanh", "tanhshrink", "softsign"]


@pytest.mark.parametrize("act", WGAN_ACTS)
def test_wgan_gp_penalty_parameter_grads_match_torch(act):
    torch = pytest.importorskip("torch")
    for dt, rtol in ((np.float64, 1e-10), (np.float32, 2e-4)):
        mine_pen, mine = _mlp_penalty(ember, act, getattr(ember, np.dtype(dt).name))
        ref_pen, ref = _mlp_penalty(torch, act, getattr(torch, np.dtype(dt).name))
        assert mine_pen == pytest.approx(ref_pen, rel=rtol)
        assert mine.keys() == ref.keys()
        for k in ref:
            assert (mine[k] is None) == (ref[k] is None), (k, dt)
            if ref[k] is not None:
                assert mine[k].dtype == ref[k].dtype
                np.testing.assert_allclose(mine[k], ref[k], rtol=rtol, atol=rtol * 1e-2, err_msg=f"{k} {dt}")


def test_wgan_gp_penalty_through_hardsigmoid_raises_like_torch():
    with pytest.raises(RuntimeError, match="^derivative for aten::hardsigmoid_backward is not implemented$"):
        _mlp_penalty(ember, "hardsigmoid", ember.float64)


def test_piecewise_gradient_penalty_without_torch():
    """relu6 / hardtanh: ``d/dW1 ||W1^T diag(mask) W2^T||`` is nonzero, ``d/db1`` is exactly zero."""
    for act in ("relu6", "hardtanh", "threshold", "softshrink", "prelu", "rrelu"):
        _, grads = _mlp_penalty(ember, act, ember.float64)
        assert np.abs(grads["W1"]).sum() > 0 and np.abs(grads["W2"]).sum() > 0, act
        assert grads["b2"] is None and not grads["b1"].any(), act


def test_threshold_inplace_uses_the_input_not_the_result():
    """``threshold_(x, 0.1, 20.)``: the result 20 > 0.1 must not let the gradient through."""
    x = ember.tensor([-1.0, 0.05, 0.5, 2.0], requires_grad=True)
    ember.nn.functional.threshold_(x.clone(), 0.1, 20.0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0, 1.0]


def test_prelu_zero_dim_input_keeps_its_shape():
    w = ember.tensor([0.25], requires_grad=True)
    y = ember.nn.functional.prelu(ember.tensor(-2.0), w)
    assert y.shape == () and y.item() == -0.5
    y.backward()
    assert w.grad.tolist() == [-2.0]


@pytest.mark.parametrize("name", ["relu6_", "hardtanh_", "threshold_", "hardswish_", "silu_"])
def test_inplace_first_order_edges(name):
    """PyTorch's in-place node keeps ``self``'s edge (its saved ``original_self`` is a separate clone)."""
    fn = dict((c[0], c[1]) for c in CASES)[name]
    x = _x(ember, X_SMOOTH)
    y = fn(ember, x)
    (nxt, _), = y.grad_fn.next_functions
    assert type(nxt).__name__ == "CloneBackward0"
    assert type(nxt.next_functions[0][0]).__name__ == "AccumulateGrad"
