"""Tests for InstanceNorm*d, PairwiseDistance, CosineSimilarity, ChannelShuffle, gumbel_softmax, pdist and
TripletMarginWithDistanceLoss (ember/nn/_functional/extra.py and the matching module files)."""
import math

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.nn.functional import instance_norm

try:
    import torch
except ImportError:  # the oracle is optional
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _t(a, rg=False, dtype=ember.float64):
    return ember.tensor(np.asarray(a, dtype=np.float64), dtype=dtype, requires_grad=rg)


def _rand(*shape, seed=0):
    return np.random.RandomState(seed).randn(*shape)


# ------------------------------------------------------------- channel shuffle
def test_channel_shuffle_golden_and_grad_fn():
    x = ember.arange(8.).view(1, 4, 2).requires_grad_()
    y = F.channel_shuffle(x, 2)
    assert y.tolist() == [[[0., 1.], [4., 5.], [2., 3.], [6., 7.]]]
    assert y.grad_fn.name() == "ChannelShuffleBackward0"
    y.backward(ember.arange(8.).view(1, 4, 2))
    assert x.grad.tolist() == [[[0., 1.], [4., 5.], [2., 3.], [6., 7.]]]


def test_channel_shuffle_gradcheck():
    x = _t(_rand(2, 6, 3), rg=True)
    assert ember.autograd.gradcheck(lambda a: F.channel_shuffle(a, 3), (x,))
    assert ember.autograd.gradgradcheck(lambda a: F.channel_shuffle(a, 2), (x,))


@pytest.mark.parametrize("fn", [F.channel_shuffle, F.native_channel_shuffle])
def test_channel_shuffle_errors(fn):
    with pytest.raises(RuntimeError, match=r"channel_shuffle expects input with > 2 dims, but got input with sizes \[4, 2\]"):
        fn(ember.zeros(4, 2), 2)
    with pytest.raises(RuntimeError, match="Number of channels must be divisible by groups. Got 4 channels and 3 groups."):
        fn(ember.zeros(1, 4, 2), 3)
    with pytest.raises(RuntimeError, match="must be positive. Value of groups:0"):
        fn(ember.zeros(1, 4, 2), 0)
    with pytest.raises(TypeError, match="must be int, not float"):
        fn(ember.zeros(1, 4, 2), 2.0)


def test_native_channel_shuffle_has_no_derivative():
    x = ember.randn(1, 4, 2, requires_grad=True)
    y = F.native_channel_shuffle(x, 2)
    assert y.grad_fn.name() == "torch::autograd::NotImplemented"  # (as PyTorch 2.13 names it)
    assert ember.equal(y.detach(), F.channel_shuffle(x.detach(), 2))
    with pytest.raises(RuntimeError, match="derivative for aten::native_channel_shuffle is not implemented"):
        y.sum().backward()


def test_channel_shuffle_module():
    m = nn.ChannelShuffle(2)
    assert repr(m) == "ChannelShuffle(groups=2)"
    x = ember.arange(12.).view(1, 6, 2)
    assert m(x)[0, :, 0].tolist() == [0., 6., 2., 8., 4., 10.]


# ====================================================================== pdist
def test_pdist_golden():
    x = _t([[0., 0.], [3., 4.], [6., 8.]], rg=True)
    y = F.pdist(x)
    assert y.grad_fn.name() == "PdistBackward0"
    assert y.tolist() == [5., 10., 5.]
    assert F.pdist(x, 1).tolist() == [7., 14., 7.]
    assert F.pdist(x, float("inf")).tolist() == [4., 8., 4.]
    assert F.pdist(x, 0).tolist() == [2., 2., 2.]
    y.sum().backward()
    # d/dx0 of |x0-x1| + |x0-x2| = -(u01 + u02), u = unit vector (0.6, 0.8)
    np.testing.assert_allclose(x.grad.numpy(), [[-1.2, -1.6], [0., 0.], [1.2, 1.6]], atol=1e-12)


@pytest.mark.parametrize("p", [0.5, 1, 1.5, 2, 3, float("inf")])
def test_pdist_gradcheck(p):
    x = _t(_rand(4, 3, seed=1), rg=True)
    assert ember.autograd.gradcheck(lambda a: F.pdist(a, p), (x,))


def test_pdist_zero_distance_gradient_is_zero():
    x = _t([[1., 2.], [1., 2.]], rg=True)
    F.pdist(x).sum().backward()
    assert x.grad.tolist() == [[0., 0.], [0., 0.]]


def test_pdist_errors_and_double_backward():
    with pytest.raises(RuntimeError, match="pdist only supports 2D tensors, got: 3D"):
        F.pdist(ember.zeros(2, 2, 2))
    with pytest.raises(RuntimeError, match="pdist only supports non-negative p values"):
        F.pdist(ember.zeros(2, 2), -1)
    with pytest.raises(RuntimeError, match="pdist only supports floating-point dtypes"):
        F.pdist(ember.arange(4).view(2, 2))
    x = _t(_rand(3, 2), rg=True)
    (g,) = ember.autograd.grad(F.pdist(x).sum(), x, create_graph=True)
    assert g.grad_fn.name() == "PdistBackwardBackward0"
    with pytest.raises(NotImplementedError, match="the derivative for '_pdist_backward' is not implemented."):
        g.sum().backward()


# ============================================================== instance norm
def test_instance_norm_golden_values():
    x = _t([[[1., 3.], [2., 2.]]], rg=True)
    y = nn.InstanceNorm1d(2)(x)
    d = 1.0 / math.sqrt(1.0 + 1e-5)
    np.testing.assert_allclose(y.detach().numpy(), [[[-d, d], [0., 0.]]], rtol=1e-12)
    assert y.grad_fn.name() == "ViewBackward0"
    assert y.grad_fn.next_functions[0][0].name() == "NativeBatchNormBackward0"


def test_instance_norm_repr_and_state():
    m = nn.InstanceNorm2d(3)
    assert repr(m) == ("InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, "
                       "track_running_stats=False)")
    assert list(m.state_dict()) == []
    m = nn.InstanceNorm3d(4, affine=True, track_running_stats=True, momentum=None)
    assert repr(m) == ("InstanceNorm3d(4, eps=1e-05, momentum=None, affine=True, bias=True, "
                       "track_running_stats=True)")
    assert list(m.state_dict()) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert m.weight.tolist() == [1.] * 4 and m.bias.tolist() == [0.] * 4


def test_instance_norm_running_stats_update_and_eval():
    m = nn.InstanceNorm1d(1, track_running_stats=True, momentum=0.5).double()
    x = _t([[[0., 2.]], [[4., 8.]]])  # means 1 and 6, unbiased vars 2 and 8
    m(x)
    assert m.running_mean.tolist() == [0.5 * 3.5]
    assert m.running_var.tolist() == [0.5 * 1 + 0.5 * 5.0]
    assert m.num_batches_tracked.item() == 0  # PyTorch never counts batches in instance norm
    m.eval()
    y = m(_t([[[1.75, 3.75]]]))
    # PyTorch's kernel computes x * alpha + (-mean * alpha) with FMAs: 1.1102e-16 at x == mean, not 0
    np.testing.assert_allclose(y.numpy(), [[[0., 2. / math.sqrt(3.0 + 1e-5)]]], rtol=1e-12, atol=2e-16)


def test_instance_norm_momentum_none_keeps_stats():
    m = nn.InstanceNorm1d(2, track_running_stats=True, momentum=None)
    m(ember.randn(3, 2, 5))
    assert m.running_mean.tolist() == [0., 0.] and m.running_var.tolist() == [1., 1.]


def test_instance_norm_unbatched_and_gradcheck():
    m = nn.InstanceNorm2d(2, affine=True).double()
    x = _t(_rand(2, 3, 3), rg=True)
    y = m(x)
    assert y.shape == (2, 3, 3) and y.grad_fn.name() == "SqueezeBackward1"
    assert ember.autograd.gradcheck(lambda a, w, b: instance_norm(a, weight=w, bias=b),
                                    (_t(_rand(2, 3, 4), rg=True), _t(_rand(3, seed=2), rg=True),
                                     _t(_rand(3, seed=3), rg=True)))


def test_instance_norm_errors_and_warning():
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        nn.InstanceNorm1d(3)(ember.zeros(1, 3, 2, 2))
    with pytest.raises(ValueError, match=r"expected 4D or 5D input \(got 3D input\)"):
        nn.InstanceNorm3d(3)(ember.zeros(1, 3, 2))
    with pytest.raises(ValueError, match=r"expected input's size at dim=1 to match num_features \(3\), but got: 4."):
        nn.InstanceNorm1d(3, affine=True)(ember.zeros(2, 4, 5))
    with pytest.warns(UserWarning, match="input's size at dim=0 does not match num_features"):
        nn.InstanceNorm1d(3)(ember.randn(4, 5))
    with pytest.raises(ValueError, match=r"Expected more than 1 spatial element when training, got input size "
                                         r"torch.Size\(\[2, 3, 1\]\)"):
        nn.InstanceNorm1d(3)(ember.zeros(2, 3, 1))
    with pytest.raises(RuntimeError, match="Expected running_mean and running_var to be defined"):
        instance_norm(ember.zeros(2, 3, 4), use_input_stats=False)


# ================================================================== distances
def test_distance_modules():
    a, b = _t([[0., 0.], [1., 1.]], rg=True), _t([[3., 4.], [1., 2.]])
    pd = nn.PairwiseDistance(p=1.0, eps=0.0, keepdim=True)
    assert repr(pd) == "PairwiseDistance()" and pd.norm == 1.0
    assert pd(a, b).tolist() == [[7.], [1.]]
    cs = nn.CosineSimilarity(dim=1)
    assert repr(cs) == "CosineSimilarity()"
    np.testing.assert_allclose(cs(a, b).detach().numpy(), [0., 3. / math.sqrt(10.)], atol=1e-12)


# ============================================================= gumbel softmax
def test_gumbel_softmax_seeded_and_formula():
    logits = _t(_rand(3, 4), rg=True)
    ember.manual_seed(5)
    y = F.gumbel_softmax(logits, tau=0.5)
    ember.manual_seed(5)
    e = ember.empty(3, 4, dtype=ember.float64).exponential_()
    expected = ((logits.detach() - e.log()) / 0.5).softmax(-1)
    np.testing.assert_allclose(y.detach().numpy(), expected.numpy(), rtol=1e-14)
    assert y.grad_fn.name() == "SoftmaxBackward0"


def test_gumbel_softmax_hard_straight_through():
    logits = _t(_rand(5, 3), rg=True)
    ember.manual_seed(1)
    y = F.gumbel_softmax(logits, hard=True, dim=0)
    assert y.grad_fn.name() == "AddBackward0"
    assert y.detach().sum(0).tolist() == [1., 1., 1.]
    assert set(np.unique(y.detach().numpy()).tolist()) <= {0., 1.}
    ember.manual_seed(1)
    soft = F.gumbel_softmax(logits, hard=False, dim=0)
    g = _rand(5, 3, seed=4)
    (g_hard,) = ember.autograd.grad(y, logits, _t(g))
    (g_soft,) = ember.autograd.grad(soft, logits, _t(g))
    np.testing.assert_allclose(g_hard.numpy(), g_soft.numpy(), rtol=1e-12)


def test_gumbel_softmax_eps_warning():
    with pytest.warns(UserWarning, match="`eps` parameter is deprecated and has no effect."):
        F.gumbel_softmax(ember.randn(2, 3), eps=1e-3)


# ============================================================ triplet loss
def test_triplet_with_distance_golden():
    a, p, n = _t([[0., 0.]], rg=True), _t([[3., 4.]]), _t([[0., 1.]])
    dist = nn.PairwiseDistance(eps=0.0)
    loss = F.triplet_margin_with_distance_loss(a, p, n, distance_function=dist, margin=1.0, reduction="none")
    assert loss.tolist() == [5.0]
    assert loss.grad_fn.name() == "ClampMinBackward0"
    swapped = F.triplet_margin_with_distance_loss(a, p, n, distance_function=dist, swap=True, reduction="sum")
    assert swapped.item() == pytest.approx(1.0 + 5.0 - 1.0)
    assert ember.autograd.gradcheck(
        lambda x: F.triplet_margin_with_distance_loss(x, _t(_rand(3, 4, seed=1)), _t(_rand(3, 4, seed=2))),
        (_t(_rand(3, 4), rg=True),))


def test_triplet_with_distance_module_and_errors():
    m = nn.TripletMarginWithDistanceLoss()
    assert repr(m) == "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)"
    assert repr(nn.TripletMarginWithDistanceLoss(distance_function=lambda x, y: x)) == \
        "TripletMarginWithDistanceLoss()"
    with pytest.raises(ValueError, match="expected margin to be greater than 0, got 0 instead"):
        nn.TripletMarginWithDistanceLoss(margin=0)
    z = ember.zeros(2, 3)
    with pytest.raises(ValueError, match="x is not a valid value for reduction"):
        F.triplet_margin_with_distance_loss(z, z, z, margin=-1, reduction="x")
    with pytest.raises(ValueError, match="margin must be greater than 0, got 0"):
        F.triplet_margin_with_distance_loss(z, z, z, margin=0)
    with pytest.raises(RuntimeError, match="anchor 2D, positive 2D, and negative 1D inputs"):
        F.triplet_margin_with_distance_loss(z, z, ember.zeros(3))


# ====================================================== comparisons with torch
def _both(a, rg=True):
    return _t(a, rg=rg), torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=rg)


@needs_torch
@pytest.mark.parametrize("name,shape", [("InstanceNorm1d", (2, 3, 5)), ("InstanceNorm2d", (2, 3, 3, 4)),
                                        ("InstanceNorm3d", (2, 3, 2, 2, 3)), ("InstanceNorm1d", (3, 5))])
@pytest.mark.parametrize("kw", [{}, {"affine": True, "track_running_stats": True},
                                {"track_running_stats": True, "momentum": None},
                                {"affine": True, "bias": False, "track_running_stats": True, "momentum": 0.3}])
def test_instance_norm_matches_torch(name, shape, kw):
    em = getattr(nn, name)(3, **kw).double()
    tm = getattr(torch.nn, name)(3, **kw).double()
    assert repr(em) == repr(tm)
    for step in range(2):
        (xe, xt), g = _both(_rand(*shape, seed=step)), _rand(*shape, seed=10 + step)
        ye, yt = em(xe), tm(xt)
        assert ye.grad_fn.name() == yt.grad_fn.name()
        ye.backward(_t(g))
        yt.backward(torch.tensor(g))
        np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), atol=1e-10)
        np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), atol=1e-10)
        for (n, be), (_, bt) in zip(em.state_dict().items(), tm.state_dict().items()):
            np.testing.assert_allclose(be.numpy(), bt.numpy(), atol=1e-10, err_msg=n)
    em.eval()
    tm.eval()
    xe, xt = _both(_rand(*shape, seed=7))
    np.testing.assert_allclose(em(xe).detach().numpy(), tm(xt).detach().numpy(), atol=1e-10)


@needs_torch
@pytest.mark.parametrize("p", [0, 0.5, 1, 1.5, 2, 3, float("inf")])
def test_pdist_matches_torch(p):
    a = _rand(5, 3)
    a[1] = a[0]
    a[2, 0] = a[3, 0]
    (xe, xt), g = _both(a), _rand(10, seed=3)
    ye, yt = F.pdist(xe, p), torch.nn.functional.pdist(xt, p)
    np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), rtol=1e-12)
    ye.backward(_t(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-14)


@needs_torch
@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gumbel_softmax_matches_torch_stream(hard, dtype):
    a = _rand(4, 5)
    xe = ember.tensor(a, dtype=getattr(ember, dtype), requires_grad=True)
    xt = torch.tensor(a, dtype=getattr(torch, dtype), requires_grad=True)
    ember.manual_seed(7)
    torch.manual_seed(7)
    ye = F.gumbel_softmax(xe, tau=0.7, hard=hard, dim=0)
    yt = torch.nn.functional.gumbel_softmax(xt, tau=0.7, hard=hard, dim=0)
    assert ye.grad_fn.name() == yt.grad_fn.name()
    tol = 1e-6 if dtype == "float32" else 1e-14
    np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), rtol=tol, atol=tol)


@needs_torch
@pytest.mark.parametrize("kw", [{}, {"swap": True}, {"margin": 2.0, "reduction": "none"},
                                {"reduction": "sum", "swap": True}])
def test_triplet_with_distance_matches_torch(kw):
    (ae, at), (pe, pt), (ne, nt) = _both(_rand(4, 3)), _both(_rand(4, 3, seed=1)), _both(_rand(4, 3, seed=2))
    le = F.triplet_margin_with_distance_loss(ae, pe, ne, **kw)
    lt = torch.nn.functional.triplet_margin_with_distance_loss(at, pt, nt, **kw)
    assert le.grad_fn.name() == lt.grad_fn.name()
    le.sum().backward()
    lt.sum().backward()
    np.testing.assert_allclose(le.detach().numpy(), lt.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(ae.grad.numpy(), at.grad.numpy(), rtol=1e-10, atol=1e-12)
    me = nn.TripletMarginWithDistanceLoss(distance_function=nn.CosineSimilarity(), **kw)
    mt = torch.nn.TripletMarginWithDistanceLoss(distance_function=torch.nn.CosineSimilarity(), **kw)
    assert repr(me) == repr(mt)
    np.testing.assert_allclose(me(ae, pe, ne).detach().numpy(), mt(at, pt, nt).detach().numpy(), rtol=1e-12)


@needs_torch
def test_channel_shuffle_matches_torch():
    (xe, xt), g = _both(_rand(2, 6, 3, 2)), _rand(2, 6, 3, 2, seed=1)
    ye, yt = F.channel_shuffle(xe, 3), torch.nn.functional.channel_shuffle(xt, 3)
    np.testing.assert_array_equal(ye.detach().numpy(), yt.detach().numpy())
    ye.backward(_t(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_array_equal(xe.grad.numpy(), xt.grad.numpy())
