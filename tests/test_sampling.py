"""affine_grid / grid_sample / embedding_bag against PyTorch (skipped without it) plus golden values."""
import warnings

import numpy as np
import pytest

import ember
import ember.nn.functional as EF

try:
    import torch
    import torch.nn.functional as TF
except Exception:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")
DT = [np.float32, np.float64]


def _tol(dt):
    return dict(rtol=1e-5, atol=1e-5) if dt == np.float32 else dict(rtol=1e-10, atol=1e-10)


def _pair(a, rg=True):
    return ember.tensor(a, requires_grad=rg), torch.tensor(a, requires_grad=rg)


# ------------------------------------------------------------- golden (no torch)
def test_affine_identity_base_grid():
    th = ember.tensor([[[1., 0, 0], [0, 1, 0]]])
    g = EF.affine_grid(th, [1, 1, 2, 3], align_corners=True).numpy()
    np.testing.assert_allclose(g[0, :, :, 0], [[-1, 0, 1], [-1, 0, 1]])
    np.testing.assert_allclose(g[0, :, :, 1], [[-1, -1, -1], [1, 1, 1]])
    g = EF.affine_grid(th, [1, 1, 1, 2], align_corners=False).numpy()
    np.testing.assert_allclose(g[0, 0, :, 0], [-0.5, 0.5])


def test_grid_sample_identity_returns_input():
    x = ember.randn(2, 3, 4, 5, dtype=ember.float64)
    th = ember.tensor([[[1., 0, 0], [0, 1, 0]]] * 2, dtype=ember.float64)
    for ac in (True, False):
        grid = EF.affine_grid(th, [2, 3, 4, 5], align_corners=ac)
        for mode in ("bilinear", "nearest"):
            y = EF.grid_sample(x, grid, mode=mode, align_corners=ac)
            np.testing.assert_allclose(y.numpy(), x.numpy(), atol=1e-12)


def test_embedding_bag_golden():
    w = ember.tensor([[1., 2], [3, 4], [5, 6]], requires_grad=True)
    out = EF.embedding_bag(ember.tensor([0, 2, 1]), w, ember.tensor([0, 2]), mode="sum")
    np.testing.assert_allclose(out.detach().numpy(), [[6, 8], [3, 4]])
    assert out.grad_fn.name() == "EmbeddingBagBackward0"
    out.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), np.ones((3, 2)))


def test_gradcheck():
    rng = np.random.default_rng(0)
    th = ember.tensor(rng.standard_normal((2, 2, 3)) * 0.5, requires_grad=True)
    assert ember.autograd.gradcheck(lambda t: EF.affine_grid(t, [2, 1, 3, 4], align_corners=False), (th,))
    assert ember.autograd.gradgradcheck(lambda t: EF.affine_grid(t, [2, 1, 3, 4], align_corners=True), (th,))
    x = ember.tensor(rng.standard_normal((1, 2, 3, 4)), requires_grad=True)
    grid = ember.tensor(rng.uniform(-1.2, 1.2, (1, 3, 2, 2)), requires_grad=True)
    for pm in ("zeros", "border", "reflection"):
        assert ember.autograd.gradcheck(
            lambda a, b: EF.grid_sample(a, b, padding_mode=pm, align_corners=False), (x, grid))
    w = ember.tensor(rng.standard_normal((5, 3)), requires_grad=True)
    psw = ember.tensor(rng.standard_normal(6), requires_grad=True)
    idx = ember.tensor([0, 4, 2, 2, 1, 3])
    off = ember.tensor([0, 2, 5])
    assert ember.autograd.gradcheck(lambda a, p: EF.embedding_bag(idx, a, off, mode="sum", per_sample_weights=p),
                                    (w, psw))


# ------------------------------------------------------------- against torch
@needs_torch
def test_warning_align_corners_none():
    th = ember.tensor([[[1., 0, 0], [0, 1, 0]]])
    with pytest.warns(UserWarning, match="Default grid_sample and affine_grid behavior"):
        EF.affine_grid(th, [1, 1, 2, 2])
    with pytest.raises(ValueError, match="Nx3x4"):
        EF.affine_grid(th, [1, 1, 2, 2, 2], align_corners=False)


@needs_torch
@pytest.mark.parametrize("dt", DT)
@pytest.mark.parametrize("ac", [True, False])
@pytest.mark.parametrize("size", [[2, 3, 5, 7], [2, 1, 3, 4, 6]])
def test_affine_grid(dt, ac, size):
    rng = np.random.default_rng(1)
    k = len(size) - 2
    a = rng.standard_normal((2, k, k + 1)).astype(dt)
    e, t = _pair(a)
    ye, yt = EF.affine_grid(e, size, align_corners=ac), TF.affine_grid(t, size, align_corners=ac)
    assert ye.grad_fn.name() == yt.grad_fn.name() == "AffineGridGeneratorBackward0"
    assert ye.dtype.__repr__() == str(yt.dtype)
    np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), **_tol(dt))
    gw = rng.standard_normal(tuple(yt.shape)).astype(dt)
    ye.backward(ember.tensor(gw))
    yt.backward(torch.tensor(gw))
    np.testing.assert_allclose(e.grad.numpy(), t.grad.numpy(), **_tol(dt))


@needs_torch
@pytest.mark.parametrize("dt", DT)
@pytest.mark.parametrize("ac", [True, False])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("pm", ["zeros", "border", "reflection"])
def test_grid_sample(dt, ac, mode, pm):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 5, 6)).astype(dt)
    grid = rng.uniform(-1.4, 1.4, (2, 4, 7, 2)).astype(dt)
    xe, xt = _pair(x)
    ge, gt = _pair(grid)
    ye = EF.grid_sample(xe, ge, mode=mode, padding_mode=pm, align_corners=ac)
    yt = TF.grid_sample(xt, gt, mode=mode, padding_mode=pm, align_corners=ac)
    assert ye.grad_fn.name() == yt.grad_fn.name() == "GridSampler2DBackward0"
    assert ye.dtype.__repr__() == str(yt.dtype) and tuple(ye.shape) == tuple(yt.shape)
    np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), **_tol(dt))
    gw = rng.standard_normal(tuple(yt.shape)).astype(dt)
    ye.backward(ember.tensor(gw))
    yt.backward(torch.tensor(gw))
    tol = dict(rtol=1e-4, atol=1e-4) if dt == np.float32 else _tol(dt)
    np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), **tol)
    np.testing.assert_allclose(ge.grad.numpy(), gt.grad.numpy(), **tol)


@needs_torch
def test_grid_sample_errors_and_double_backward():
    x = ember.randn(1, 1, 3, 3, requires_grad=True)
    with pytest.raises(ValueError, match="expected mode"):
        EF.grid_sample(x, ember.zeros(1, 2, 2, 2), mode="foo")
    with pytest.raises(RuntimeError, match="expected scalar type Float but found Double"):
        EF.grid_sample(x, ember.zeros(1, 2, 2, 2, dtype=ember.float64), align_corners=False)
    g = ember.zeros(1, 2, 2, 2, requires_grad=True)
    y = EF.grid_sample(x, g, align_corners=False)
    (gx,) = ember.autograd.grad(y.sum(), x, create_graph=True)
    assert gx.grad_fn.name() == "GridSampler2DBackwardBackward0"   # PyTorch 2.13 differentiates it again
    gx.sum().backward()


@needs_torch
@pytest.mark.parametrize("dt", DT)
@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("case", ["1d", "1d_last", "2d", "pad", "psw", "freq"])
def test_embedding_bag(dt, mode, case):
    rng = np.random.default_rng(3)
    w = rng.standard_normal((6, 4)).astype(dt)
    we, wt = _pair(w)
    kw = {}
    if case in ("2d",):
        idx = np.array([[0, 2, 2], [5, 1, 0]])
        args = ()
    else:
        idx = np.array([1, 2, 4, 5, 4, 3, 2, 0])
        off = np.array([0, 2, 2, 5] + ([8] if case == "1d_last" else []))
        args = (off,)
        if case == "1d_last":
            kw["include_last_offset"] = True
    if case == "pad":
        kw["padding_idx"] = 2
    if case == "freq":
        if mode == "max":
            with pytest.raises(ValueError, match="max mode does not support scaling the gradient"):
                EF.embedding_bag(ember.tensor(idx), we, ember.tensor(off), mode=mode, scale_grad_by_freq=True)
            return
        kw["scale_grad_by_freq"] = True
    pe = pt = None
    if case == "psw":
        if mode != "sum":
            with pytest.raises(NotImplementedError, match="per_sample_weights"):
                EF.embedding_bag(ember.tensor(idx), we, ember.tensor(off), mode=mode,
                                 per_sample_weights=ember.ones(8))
            return
        p = rng.standard_normal(8).astype(dt)
        pe, pt = _pair(p)
    ye = EF.embedding_bag(ember.tensor(idx), we, *[ember.tensor(a) for a in args], mode=mode,
                          per_sample_weights=pe, **kw)
    yt = TF.embedding_bag(torch.tensor(idx), wt, *[torch.tensor(a) for a in args], mode=mode,
                          per_sample_weights=pt, **kw)
    assert ye.grad_fn.name() == yt.grad_fn.name() == "EmbeddingBagBackward0"
    assert ye.dtype.__repr__() == str(yt.dtype)
    np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), **_tol(dt))
    gw = rng.standard_normal(tuple(yt.shape)).astype(dt)
    ye.backward(ember.tensor(gw))
    yt.backward(torch.tensor(gw))
    np.testing.assert_allclose(we.grad.numpy(), wt.grad.numpy(), **_tol(dt))
    if pe is not None:
        np.testing.assert_allclose(pe.grad.numpy(), pt.grad.numpy(), **_tol(dt))


def test_embedding_bag_module_repr_and_lookup():
    import numpy as np
    assert repr(ember.nn.EmbeddingBag(10, 3)) == "EmbeddingBag(10, 3, mode='mean')"
    assert repr(ember.nn.EmbeddingBag(10, 3, mode="sum", padding_idx=2, max_norm=1.0)) == \
        "EmbeddingBag(10, 3, max_norm=1.0, mode='sum', padding_idx=2)"
    w = ember.tensor(np.arange(10.0, dtype=np.float32).reshape(5, 2))
    bag = ember.nn.EmbeddingBag.from_pretrained(w, mode="sum")
    assert not bag.weight.requires_grad
    assert bag(ember.tensor([0, 1, 2, 4]), ember.tensor([0, 2])).tolist() == [[2.0, 4.0], [12.0, 14.0]]
    bag = ember.nn.EmbeddingBag.from_pretrained(w, freeze=False)
    out = bag(ember.tensor([[0, 1], [2, 4]]))
    out.sum().backward()
    assert out.tolist() == [[1.0, 2.0], [6.0, 7.0]]
    assert bag.weight.grad.tolist() == [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.0, 0.0], [0.5, 0.5]]
    assert ember.nn.EmbeddingBag(5, 2, padding_idx=1).weight[1].tolist() == [0.0, 0.0]


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
def test_embedding_bag_module_same_weights_as_torch():
    torch.manual_seed(3)
    ember.manual_seed(3)
    t, e = torch.nn.EmbeddingBag(6, 4, mode="max"), ember.nn.EmbeddingBag(6, 4, mode="max")
    assert e.weight.tolist() == t.weight.tolist()
    idx = [1, 5, 2, 2, 0]
    assert e(ember.tensor(idx), ember.tensor([0, 3])).tolist() == t(torch.tensor(idx), torch.tensor([0, 3])).tolist()
