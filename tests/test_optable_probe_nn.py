"""nn.functional op-table probe findings: grouped-query SDPA, autograd-kernel
"not differentiable" checks, unbatched unfold/fold nodes, 1-D ``linear`` weights,
5-D ``area`` interpolation.  Torch comparisons skip without torch; the golden
values and gradchecks run without it."""
from __future__ import annotations

import numpy as np
import pytest

import ember

F = ember.nn.functional


def _rand(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _t(a, rg=True):
    return ember.tensor(a, requires_grad=rg)


# ------------------------------------------------------------------ grouped-query attention
def _gqa_reference(q, k, v):
    rep = q.shape[-3] // k.shape[-3]
    k = np.repeat(k, rep, axis=-3)
    rep = q.shape[-3] // v.shape[-3]
    v = np.repeat(v, rep, axis=-3)
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    return p @ v


@pytest.mark.parametrize("shapes", [((2, 4, 3, 8), (2, 2, 5, 8), (2, 2, 5, 8)),
                                    ((4, 3, 8), (2, 5, 8), (2, 5, 8)),
                                    ((2, 4, 3, 8), (2, 2, 5, 8), (2, 1, 5, 6))])
def test_sdpa_gqa_values_and_gradcheck(shapes):
    arrs = [_rand(*s, seed=i) for i, s in enumerate(shapes)]
    out = F.scaled_dot_product_attention(*[_t(a) for a in arrs], enable_gqa=True)
    np.testing.assert_allclose(out.detach().numpy(), _gqa_reference(*arrs), rtol=1e-10, atol=1e-12)
    assert ember.autograd.gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, enable_gqa=True),
                                    tuple(_t(a) for a in arrs))


def test_sdpa_gqa_grad_fn_and_errors():
    q, k, v = _t(_rand(2, 4, 3, 8)), _t(_rand(2, 2, 5, 8)), _t(_rand(2, 2, 5, 8))
    out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
    assert out.grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
    with pytest.raises(RuntimeError, match="Number of heads in key and value must divide"):
        F.scaled_dot_product_attention(_t(_rand(2, 3, 3, 8)), k, v, enable_gqa=True)
    with pytest.raises(RuntimeError):
        F.scaled_dot_product_attention(q, k, v)   # heads differ without enable_gqa


def test_sdpa_gqa_vs_torch():
    torch = pytest.importorskip("torch")
    for shapes in [((2, 4, 3, 8), (2, 2, 5, 8), (2, 2, 5, 8)), ((4, 3, 8), (2, 5, 8), (2, 5, 8)),
                   ((2, 4, 3, 8), (2, 2, 5, 8), (2, 1, 5, 6))]:
        arrs = [_rand(*s, seed=i, dtype=np.float32) for i, s in enumerate(shapes)]
        e = [_t(a) for a in arrs]
        t = [torch.tensor(a, requires_grad=True) for a in arrs]
        eo = F.scaled_dot_product_attention(*e, enable_gqa=True)
        to = torch.nn.functional.scaled_dot_product_attention(*t, enable_gqa=True)
        assert eo.grad_fn.name() == to.grad_fn.name()
        np.testing.assert_allclose(eo.detach().numpy(), to.detach().numpy(), rtol=1e-5, atol=1e-6)
        go = _rand(*to.shape, seed=9, dtype=np.float32)
        eo.backward(ember.tensor(go))
        to.backward(torch.tensor(go))
        for a, b in zip(e, t):
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-5)


# ------------------------------------------------------------------ "not differentiable" arguments
_ND_CASES = [
    ("nll_loss_forward", "weight", lambda x, t, w, p: F.nll_loss(x, t, weight=w)),
    ("nll_loss_forward", "weight", lambda x, t, w, p: F.cross_entropy(x, t, weight=w)),
    ("nll_loss_forward", "weight", lambda x, t, w, p: F.cross_entropy(x, t, weight=w, label_smoothing=0.1)),
    ("nll_loss2d_forward", "weight", lambda x, t, w, p: F.nll_loss(x.unsqueeze(-1), t.unsqueeze(-1), weight=w)),
    ("binary_cross_entropy", "weight", lambda x, t, w, p: F.binary_cross_entropy(x.sigmoid(), p, weight=w)),
    ("binary_cross_entropy_with_logits", "weight",
     lambda x, t, w, p: F.binary_cross_entropy_with_logits(x, p, weight=w)),
    ("binary_cross_entropy_with_logits", "pos_weight",
     lambda x, t, w, p: F.binary_cross_entropy_with_logits(x, p, pos_weight=w)),
    ("multi_margin_loss", "weight", lambda x, t, w, p: F.multi_margin_loss(x, t, weight=w)),
    ("soft_margin_loss", "target", lambda x, t, w, p: F.soft_margin_loss(x, w.expand(3, 4))),
    ("native_batch_norm", "running_mean", lambda x, t, w, p: F.batch_norm(x, w, w.detach().abs(), training=False)),
    ("native_batch_norm", "running_mean",
     lambda x, t, w, p: F.instance_norm(x.t().unsqueeze(0), w, w.detach().abs())),
]


@pytest.mark.parametrize("fn_name,arg,fn", _ND_CASES)
def test_not_differentiable_arguments(fn_name, arg, fn):
    x = _t(_rand(3, 4), rg=False)
    t = ember.tensor([0, 1, 3])
    p = ember.tensor(np.random.default_rng(1).uniform(size=(3, 4)))
    w = _t(np.random.default_rng(2).uniform(0.5, 1.5, size=4))
    msg = (f"The function '{fn_name}' is not differentiable with respect to argument '{arg}'. "
           "This input cannot have requires_grad True.")
    with pytest.raises(RuntimeError) as ei:
        fn(x, t, w, p)
    assert str(ei.value) == msg
    with ember.no_grad():
        fn(x, t, w, p)   # only checked when grad mode is on


@pytest.mark.parametrize("fn_name,arg,fn", _ND_CASES)
def test_not_differentiable_arguments_vs_torch(fn_name, arg, fn):
    torch = pytest.importorskip("torch")
    import ember.nn.functional as EF
    x = torch.tensor(_rand(3, 4))
    t = torch.tensor([0, 1, 3])
    p = torch.tensor(np.random.default_rng(1).uniform(size=(3, 4)))
    w = torch.tensor(np.random.default_rng(2).uniform(0.5, 1.5, size=4), requires_grad=True)
    global F
    saved, F = F, torch.nn.functional
    try:
        with pytest.raises(RuntimeError) as ei:
            fn(x, t, w, p)
    finally:
        F = saved
    assert EF is saved
    assert fn_name in str(ei.value) and f"'{arg}'" in str(ei.value)


# ------------------------------------------------------------------ unfold / fold unbatched
def test_unfold_fold_unbatched_nodes_and_values():
    x = _t(_rand(3, 4, 4))
    u = F.unfold(x, 2)
    assert u.grad_fn.name() == "Im2ColBackward0"
    np.testing.assert_array_equal(u.detach().numpy(), F.unfold(x.detach().unsqueeze(0), 2)[0].numpy())
    c = _t(_rand(12, 4))
    f = F.fold(c, (4, 4), 2, stride=2)
    assert f.grad_fn.name() == "Col2ImBackward0"
    assert tuple(f.shape) == (3, 4, 4)
    assert ember.autograd.gradcheck(lambda a: F.unfold(a, 2, padding=1), (x,))
    assert ember.autograd.gradcheck(lambda a: F.fold(a, (4, 4), 2, stride=2), (c,))
    with pytest.raises(RuntimeError, match=r"input.size\(1\)=5 and kernel_size=\(2, 2\)\.$"):
        F.fold(_t(_rand(5, 4)), (4, 4), 2, stride=2)
    with pytest.raises(RuntimeError, match="possibly 0 batch size and other non-zero dimensions for input, but "
                                           r"got: \[1, 0, 4, 4\]"):
        F.unfold(_t(np.zeros((1, 0, 4, 4))), 2)


# ------------------------------------------------------------------ linear with a 1-D weight
def test_linear_one_d_weight():
    w = _t(_rand(5, seed=1))
    assert F.linear(_t(_rand(3, 5)), w).grad_fn.name() == "MvBackward0"
    assert F.linear(_t(_rand(5)), w).grad_fn.name() == "DotBackward0"
    assert F.linear(_t(_rand(2, 3, 5)), w).grad_fn.name() == "UnsafeViewBackward0"
    out = F.linear(_t(_rand(2, 3, 5)), w, _t(np.array(0.5)))
    assert out.grad_fn.name() == "AddBackward0"
    np.testing.assert_allclose(out.detach().numpy(), _rand(2, 3, 5) @ _rand(5, seed=1) + 0.5)
    with pytest.raises(RuntimeError, match="mat2 must be a matrix, got 1-D tensor"):
        F.linear(_t(_rand(3, 5)), w, _t(np.array(0.5)))


# ------------------------------------------------------------------ area interpolation of 5-D input
def test_interpolate_area_5d():
    x = _t(_rand(1, 2, 3, 4, 5))
    out = F.interpolate(x, size=(3, 2, 1), mode="area")
    assert out.grad_fn.name() == "AdaptiveAvgPool3DBackward0"
    ref = _rand(1, 2, 3, 4, 5).reshape(1, 2, 3, 2, 2, 5).mean(axis=(4, 5), keepdims=False)[..., None]
    np.testing.assert_allclose(out.detach().numpy(), ref, rtol=1e-12)
    assert ember.autograd.gradcheck(lambda a: F.interpolate(a, size=(5, 3, 7), mode="area"), (x,))


def test_interpolate_area_5d_vs_torch():
    torch = pytest.importorskip("torch")
    a = _rand(1, 2, 3, 4, 5, dtype=np.float32)
    for size in [(5, 3, 7), (2, 3, 4)]:
        eo = F.interpolate(_t(a), size=size, mode="area")
        to = torch.nn.functional.interpolate(torch.tensor(a), size=size, mode="area")
        np.testing.assert_allclose(eo.detach().numpy(), to.numpy(), rtol=1e-5, atol=1e-6)
