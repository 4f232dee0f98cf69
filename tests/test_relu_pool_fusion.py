"""The ReLU -> max-pool backward shortcut (``autograd.graph.FUSION``).

When a max pool reads a ReLU's output, its backward scatters a gradient that
is already ReLU-masked and the ReLU node passes it on.  These tests check that
the result is bit for bit the unfused one (and PyTorch's when installed), that
the shortcut really runs where it should, and that it stays off wherever the
gradient between the two nodes can be observed: tensor hooks, ``retain_grad``,
node hooks, ``autograd.grad`` captures, extra consumers, graph recording.
"""
import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.autograd import graph
from ember.nn._functional import pooling

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

GEOMETRIES = [
    ((2, 3, 8, 8), dict(kernel_size=2)),                       # tiles
    ((1, 2, 8, 8), dict(kernel_size=2, padding=1)),            # padded, non-overlapping
    ((1, 2, 7, 7), dict(kernel_size=2, ceil_mode=True)),       # partial windows
    ((2, 2, 6, 6), dict(kernel_size=(2, 3), stride=(2, 3))),
    ((1, 2, 9, 9), dict(kernel_size=2, stride=3)),             # gaps between windows
    ((2, 3, 9, 9), dict(kernel_size=3, stride=2)),             # overlapping: never fused
]


def _input(shape, dtype, seed=0):
    """Random values with the cases the mask must get right: NaN of both signs, +-0.0, ties."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    flat = x.reshape(-1)
    flat[::11] = 0.0
    flat[3::13] = -0.0
    flat[5::17] = np.nan
    flat[7::19] = -np.asarray(np.nan, dtype)
    flat[9::23] = flat[10::23][:flat[9::23].size]  # ties
    return x


def _grad_out(shape, dtype, seed=1):
    g = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    g.reshape(-1)[::7] = -0.0
    return g


class _Spy:
    """Counts max-pool scatters that applied a ReLU mask."""

    def __init__(self, monkeypatch):
        self.fused = 0
        orig = pooling._PoolGeo.scatter

        def scatter(geo, g, kidx, keep=None):
            self.fused += keep is not None
            return orig(geo, g, kidx, keep)
        monkeypatch.setattr(pooling._PoolGeo, "scatter", scatter)


def _no_fusion(monkeypatch):
    monkeypatch.setattr(graph.FUSION, "blocked", True)


def _fused_then_plain(monkeypatch, run, fused_calls: int):
    """``run()`` with the shortcut (``fused_calls`` scatters must have applied the mask), then with
    it blocked (no more may); returns both results."""
    spy = _Spy(monkeypatch)
    fused = run()
    assert spy.fused == fused_calls
    _no_fusion(monkeypatch)
    plain = run()
    assert spy.fused == fused_calls
    return fused, plain


def _assert_same_bits(first, second):
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(_bits(a), _bits(b))


def _run(lib, x, kw, g, inplace=False):
    t = lib.tensor(x, requires_grad=True)
    h = t * 1.0
    r = lib.nn.functional.relu(h, inplace=inplace)
    p = lib.nn.functional.max_pool2d(r, **kw)
    (p * lib.tensor(g)).sum().backward()
    return t.grad.numpy().copy()


def _bits(a):
    return a.view({2: np.int16, 4: np.int32, 8: np.int64}[a.itemsize])


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("shape,kw", GEOMETRIES)
def test_fused_gradient_is_the_unfused_one_bit_for_bit(shape, kw, dtype, monkeypatch):
    x = _input(shape, dtype)
    p_shape = F.max_pool2d(ember.tensor(x), **kw).shape
    g = _grad_out(p_shape, dtype)
    overlapping = kw["kernel_size"] == 3
    fused, plain = _fused_then_plain(monkeypatch, lambda: _run(ember, x, kw, g), 0 if overlapping else 1)
    np.testing.assert_array_equal(_bits(fused), _bits(plain))


@pytest.mark.skipif(torch is None, reason="PyTorch not installed")
@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("shape,kw", GEOMETRIES)
def test_fused_gradient_matches_pytorch(shape, kw, inplace):
    x = _input(shape, np.float32, seed=3)
    p_shape = F.max_pool2d(ember.tensor(x), **kw).shape
    g = _grad_out(p_shape, np.float32, seed=4)
    ours = _run(ember, x, kw, g, inplace)
    theirs = _run(torch, x, kw, g, inplace)
    np.testing.assert_array_equal(_bits(ours), _bits(theirs))


def _graph(x):
    t = ember.tensor(x, requires_grad=True)
    r = F.relu(t * 1.0)
    p = F.max_pool2d(r, 2)
    return t, r, p


def _expected_pool_grad(r, g):
    """The gradient with respect to the pool's input: ``g`` at each window's winner, unmasked."""
    _, idx = F.max_pool2d(ember.tensor(r.detach().numpy()), 2, return_indices=True)
    out = np.zeros(r.shape, np.float32).reshape(r.shape[0] * r.shape[1], -1)
    np.put_along_axis(out, idx.numpy().reshape(out.shape[0], -1), g.reshape(out.shape[0], -1), axis=1)
    return out.reshape(r.shape)


def test_tensor_hook_and_retain_grad_see_the_unmasked_gradient(monkeypatch):
    x = _input((2, 2, 6, 6), np.float32)
    x = np.nan_to_num(x)  # NaN-free, so the expected gradient compares with ==
    g = _grad_out((2, 2, 3, 3), np.float32)
    spy = _Spy(monkeypatch)
    t, r, p = _graph(x)
    seen = []
    r.register_hook(lambda grad: seen.append(grad.numpy().copy()))
    (p * ember.tensor(g)).sum().backward()
    assert spy.fused == 0
    want = _expected_pool_grad(r, g)
    np.testing.assert_array_equal(seen[0], want)

    t, r, p = _graph(x)
    r.retain_grad()
    (p * ember.tensor(g)).sum().backward()
    assert spy.fused == 0
    np.testing.assert_array_equal(r.grad.numpy(), want)
    np.testing.assert_array_equal(t.grad.numpy(), np.where(x > 0, want, 0))


def test_node_hooks_see_the_unmasked_gradient(monkeypatch):
    x = np.nan_to_num(_input((2, 2, 6, 6), np.float32))
    g = _grad_out((2, 2, 3, 3), np.float32)
    spy = _Spy(monkeypatch)
    t, r, p = _graph(x)
    seen = []
    p.grad_fn.register_hook(lambda gin, gout: seen.append(gin[0].numpy().copy()))
    (p * ember.tensor(g)).sum().backward()
    np.testing.assert_array_equal(seen[0], _expected_pool_grad(r, g))

    t, r, p = _graph(x)
    seen.clear()
    r.grad_fn.register_hook(lambda gin, gout: seen.append(gout[0].numpy().copy()))
    (p * ember.tensor(g)).sum().backward()
    np.testing.assert_array_equal(seen[0], _expected_pool_grad(r, g))
    assert spy.fused == 0


def test_autograd_grad_with_respect_to_the_relu_output_is_unmasked(monkeypatch):
    x = np.nan_to_num(_input((2, 2, 6, 6), np.float32))
    g = _grad_out((2, 2, 3, 3), np.float32)
    spy = _Spy(monkeypatch)
    t, r, p = _graph(x)
    (gr,) = ember.autograd.grad((p * ember.tensor(g)).sum(), [r])
    assert spy.fused == 0
    np.testing.assert_array_equal(gr.numpy(), _expected_pool_grad(r, g))
    t, r, p = _graph(x)
    gt, gr = ember.autograd.grad((p * ember.tensor(g)).sum(), [t, r])
    np.testing.assert_array_equal(gr.numpy(), _expected_pool_grad(r, g))
    np.testing.assert_array_equal(gt.numpy(), np.where(x > 0, _expected_pool_grad(r, g), 0))


def test_relu_output_with_a_second_consumer(monkeypatch):
    x = _input((2, 2, 6, 6), np.float32)
    g = _grad_out((2, 2, 3, 3), np.float32)

    def run():
        t, r, p = _graph(x)
        ((p * ember.tensor(g)).sum() + (r * 0.5).sum()).backward()
        return [t.grad.numpy().copy()]
    _assert_same_bits(*_fused_then_plain(monkeypatch, run, 1))


def test_retain_graph_and_repeated_backward(monkeypatch):
    x = np.nan_to_num(_input((2, 3, 8, 8), np.float32))
    g = ember.tensor(_grad_out((2, 3, 4, 4), np.float32))
    spy = _Spy(monkeypatch)
    t, r, p = _graph(x)
    loss = (p * g).sum()
    loss.backward(retain_graph=True)
    once = t.grad.numpy().copy()
    loss.backward()
    assert spy.fused == 2
    np.testing.assert_array_equal(_bits(t.grad.numpy()), _bits(once + once))
    # a hook added between two passes turns the shortcut off for the second
    t, r, p = _graph(x)
    loss = (p * g).sum()
    loss.backward(retain_graph=True)
    seen = []
    r.register_hook(lambda grad: seen.append(grad.numpy().copy()))
    loss.backward()
    assert spy.fused == 3
    np.testing.assert_array_equal(_bits(t.grad.numpy()), _bits(once + once))
    np.testing.assert_array_equal(seen[0], _expected_pool_grad(r, g.numpy()))


def test_recording_the_graph_turns_the_shortcut_off(monkeypatch):
    x = _input((1, 2, 4, 4), np.float32)
    spy = _Spy(monkeypatch)
    with ember.viz.record():
        t, r, p = _graph(x)
        p.sum().backward()
    assert spy.fused == 0


def test_create_graph_and_double_backward_unchanged():
    x = np.random.default_rng(5).standard_normal((1, 2, 4, 4))
    t = ember.tensor(x, requires_grad=True)
    p = F.max_pool2d(F.relu(t * 1.0), 2)
    (gx,) = ember.autograd.grad((p ** 2).sum(), [t], create_graph=True)
    gx.sum().backward()
    r = np.maximum(x, 0)
    pooled = F.max_pool2d(ember.tensor(r), 2).numpy()
    win = _expected_pool_grad(ember.tensor(r.astype(np.float32)), np.ones_like(pooled, np.float32)) != 0
    np.testing.assert_allclose(gx.detach().numpy(), np.where(win & (r > 0), 2 * r, 0))
    np.testing.assert_allclose(t.grad.numpy(), np.where(win & (r > 0), 2.0, 0))


def test_training_step_gradients_match_unfused(monkeypatch):
    """A conv -> ReLU -> pool -> linear step: every parameter gradient is bit-identical."""
    def grads():
        ember.manual_seed(0)
        net = ember.nn.Sequential(ember.nn.Conv2d(3, 4, 3, padding=1), ember.nn.ReLU(), ember.nn.MaxPool2d(2),
                                  ember.nn.Flatten(), ember.nn.Linear(64, 5))
        x = ember.tensor(_input((6, 3, 8, 8), np.float32, seed=7))
        x = ember.nan_to_num(x)
        ember.nn.functional.cross_entropy(net(x), ember.tensor([0, 1, 2, 3, 4, 0])).backward()
        return [p.grad.numpy().copy() for p in net.parameters()]
    _assert_same_bits(*_fused_then_plain(monkeypatch, grads, 1))


@pytest.mark.parametrize("inplace", [False, True])
def test_relu_of_a_leaf_accumulates_over_steps(inplace, monkeypatch):
    """The shortcut's gradient can reach ``.grad`` directly (and come from a reused buffer)."""
    x = _input((2, 3, 8, 8), np.float32, seed=11)
    g = ember.tensor(_grad_out((2, 3, 4, 4), np.float32, seed=12))

    def steps():
        t = ember.tensor(x, requires_grad=True)
        out = []
        for _ in range(3):
            r = F.relu(t * 1.0, inplace=True) if inplace else F.relu(t)
            (F.max_pool2d(r, 2) * g).sum().backward()
            out.append(t.grad.numpy().copy())
        return out
    fused, plain = _fused_then_plain(monkeypatch, steps, 3)
    _assert_same_bits(fused, plain)
    np.testing.assert_array_equal(_bits(fused[2]), _bits(fused[0] + fused[0] + fused[0]))


def test_a_pass_that_raises_leaves_no_tag(monkeypatch):
    """The pool tags a gradient for its ReLU, then another branch's backward raises before the ReLU
    runs: the tag (and the array it holds) must not outlive the pass."""
    class Boom(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 1.0

        @staticmethod
        def backward(ctx, g):
            raise ValueError("boom")

    spy = _Spy(monkeypatch)
    for scalar_root in (True, False):
        t = ember.tensor(np.random.default_rng(0).standard_normal((1, 2, 4, 4)), requires_grad=True)
        r = F.relu(t * 1.0)
        loss = Boom.apply(r).sum() + F.max_pool2d(r, 2).sum()  # the pool's branch runs first
        with pytest.raises(ValueError, match="boom"):
            loss.backward() if scalar_root else loss.backward(ember.ones_like(loss))
        assert graph.FUSION.grad is None and graph.FUSION.node is None
    assert spy.fused == 2
