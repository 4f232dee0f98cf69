"""``nn.utils`` parametrizations, weight norm and spectral norm (new and hook-based APIs).

Each comparison builds the same model in ember and in PyTorch after the same
``manual_seed`` and checks reprs, state_dict keys/values, outputs, gradients
and a few SGD steps. Golden checks (formulas by hand) run without PyTorch.
"""
from __future__ import annotations

import copy
import pickle
import warnings

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.utils.prune  # noqa: F401  (as in PyTorch, not imported by ``nn.utils`` itself)
from ember.nn.utils import parametrize

try:
    import torch
    import torch.nn.utils.prune  # noqa: F401  (not imported by ``torch.nn.utils`` itself)
except Exception:  # pragma: no cover - depends on the environment
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _np(t):
    return t.detach().cpu().numpy() if hasattr(t, "cpu") else t.detach().numpy()


def _close(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(_np(a), _np(b), rtol=rtol, atol=atol)


def _both(build):
    """Run ``build(lib)`` for ember and torch after ``manual_seed(0)``."""
    out = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(build(lib))
    return out


def _compare_state(me, mt, rtol=1e-5, atol=1e-6):
    se, st = me.state_dict(), mt.state_dict()
    assert list(se.keys()) == list(st.keys())
    for k in se:
        _close(se[k], st[k], rtol, atol)


def _sgd_steps(lib, model, x, steps=3, lr=0.1):
    opt = lib.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = (model(x) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def _mlp(lib, wrap):
    model = lib.nn.Sequential(lib.nn.Linear(6, 5), lib.nn.Tanh(), lib.nn.Linear(5, 3))
    wrap(lib, model[0])
    wrap(lib, model[2])
    x = lib.randn(7, 6)
    return model, x


# ----------------------------------------------------------- new weight_norm
@needs_torch
def test_parametrizations_weight_norm_repr_state_forward_grads():
    def build(lib):
        m = lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(5, 4))
        x = lib.randn(3, 5)
        y = m(x)
        (y * y).sum().backward()
        return m, y

    (me, ye), (mt, yt) = _both(build)
    assert repr(me) == repr(mt)
    assert [n for n, _ in me.named_parameters()] == [n for n, _ in mt.named_parameters()]
    _compare_state(me, mt)
    _close(ye, yt)
    assert type(me.weight.grad_fn).__name__ == type(mt.weight.grad_fn).__name__ == "WeightNormInterfaceBackward0"
    pe, pt = me.parametrizations.weight, mt.parametrizations.weight
    assert pe.original0.shape == pt.original0.shape == (4, 1)
    _close(pe.original0.grad, pt.original0.grad, 1e-4, 1e-5)
    _close(pe.original1.grad, pt.original1.grad, 1e-4, 1e-5)
    _close(me.bias.grad, mt.bias.grad, 1e-4, 1e-5)


@needs_torch
@pytest.mark.parametrize("dim", [0, 1, 2, 3, -1, None])
def test_parametrizations_weight_norm_conv_dims(dim):
    def build(lib):
        m = lib.nn.utils.parametrizations.weight_norm(lib.nn.Conv2d(3, 4, 3), dim=dim)
        x = lib.randn(2, 3, 6, 6)
        m(x).pow(2).sum().backward()
        return m

    me, mt = _both(build)
    assert type(me.weight.grad_fn).__name__ == type(mt.weight.grad_fn).__name__
    _compare_state(me, mt)
    _close(me.weight, mt.weight)
    for name in ("original0", "original1"):
        _close(getattr(me.parametrizations.weight, name).grad, getattr(mt.parametrizations.weight, name).grad,
               1e-4, 1e-5)


@needs_torch
def test_parametrizations_weight_norm_sgd_and_remove():
    def build(lib):
        model, x = _mlp(lib, lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m))
        losses = _sgd_steps(lib, model, x)
        lib.nn.utils.parametrize.remove_parametrizations(model[0], "weight")
        return model, losses, x

    (me, le, xe), (mt, lt, xt) = _both(build)
    np.testing.assert_allclose(le, lt, rtol=1e-5)
    assert repr(me) == repr(mt)
    _compare_state(me, mt, 1e-4, 1e-5)
    assert type(me[0]) is nn.Linear and isinstance(me[0].weight, nn.Parameter)
    _close(me(xe), mt(xt), 1e-4, 1e-5)


@needs_torch
def test_parametrizations_weight_norm_loads_old_checkpoint():
    def build(lib):
        old = lib.nn.utils.weight_norm(lib.nn.Linear(4, 3))
        new = lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(4, 3))
        res = new.load_state_dict(old.state_dict())
        return new, old, str(res)

    (ne, oe, re_), (nt, ot, rt) = _both(build)
    assert re_ == rt == "<All keys matched successfully>"
    _close(ne.weight, oe.weight)
    _compare_state(ne, nt)


# --------------------------------------------------------- new spectral_norm
@needs_torch
@pytest.mark.parametrize("make", [
    lambda lib: lib.nn.Linear(6, 4),
    lambda lib: lib.nn.Conv2d(3, 5, 3),
    lambda lib: lib.nn.ConvTranspose2d(3, 5, 3),
])
def test_parametrizations_spectral_norm_buffers_forward(make):
    def build(lib):
        m = lib.nn.utils.parametrizations.spectral_norm(make(lib))
        w_train = m.weight
        w_again = m.weight
        m.eval()
        w_eval = m.weight
        return m, w_train, w_again, w_eval

    (me, *we), (mt, *wt) = _both(build)
    assert repr(me) == repr(mt)
    _compare_state(me, mt, 1e-4, 1e-6)
    for a, b in zip(we, wt):
        _close(a, b, 1e-4, 1e-6)
    assert type(we[0].grad_fn).__name__ == "DivBackward0"


@needs_torch
def test_parametrizations_spectral_norm_sgd():
    def build(lib):
        model, x = _mlp(lib, lambda lib, m: lib.nn.utils.parametrizations.spectral_norm(m))
        losses = _sgd_steps(lib, model, x)
        grad = model[0].parametrizations.weight.original.grad
        return model, losses, grad

    (me, le, ge), (mt, lt, gt) = _both(build)
    np.testing.assert_allclose(le, lt, rtol=1e-5)
    _close(ge, gt, 1e-4, 1e-6)
    _compare_state(me, mt, 1e-4, 1e-6)


# ---------------------------------------------------------- old weight_norm
@needs_torch
def test_old_weight_norm_warning_keys_training_remove():
    with pytest.warns(FutureWarning, match=r"`torch.nn.utils.weight_norm` is deprecated in favor of "
                                           r"`torch.nn.utils.parametrizations.weight_norm`."):
        nn.utils.weight_norm(nn.Linear(2, 2))

    def build(lib):
        model, x = _mlp(lib, lambda lib, m: lib.nn.utils.weight_norm(m))
        keys = list(model.state_dict())
        losses = _sgd_steps(lib, model, x)
        lib.nn.utils.remove_weight_norm(model[2])
        return model, keys, losses, x

    (me, ke, le, xe), (mt, kt, lt, xt) = _both(build)
    assert ke == kt == ["0.bias", "0.weight_g", "0.weight_v", "2.bias", "2.weight_g", "2.weight_v"]
    np.testing.assert_allclose(le, lt, rtol=1e-5)
    _compare_state(me, mt, 1e-4, 1e-5)
    _close(me(xe), mt(xt), 1e-4, 1e-5)
    with pytest.raises(ValueError, match="weight_norm of 'weight' not found in"):
        nn.utils.remove_weight_norm(me[2])
    with pytest.raises(RuntimeError, match="Cannot register two weight_norm hooks on the same parameter weight"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nn.utils.weight_norm(me[0])


# -------------------------------------------------------- old spectral_norm
@needs_torch
def test_old_spectral_norm_keys_training_remove():
    def build(lib):
        model, x = _mlp(lib, lambda lib, m: lib.nn.utils.spectral_norm(m))
        sd = model.state_dict()
        meta = dict(sd._metadata["0"])
        losses = _sgd_steps(lib, model, x)
        lib.nn.utils.remove_spectral_norm(model[0])
        return model, list(sd), meta, losses, x

    (me, ke, mde, le, xe), (mt, kt, mdt, lt, xt) = _both(build)
    assert ke == kt
    assert ke[:4] == ["0.bias", "0.weight_orig", "0.weight_u", "0.weight_v"]
    assert mde == mdt == {"version": 1, "spectral_norm": {"weight.version": 1}}
    np.testing.assert_allclose(le, lt, rtol=1e-5)
    _compare_state(me, mt, 1e-4, 1e-5)
    _close(me(xe), mt(xt), 1e-4, 1e-5)


@needs_torch
def test_old_spectral_norm_conv_transpose_dim_and_eval():
    def build(lib):
        m = lib.nn.utils.spectral_norm(lib.nn.ConvTranspose1d(4, 3, 2), n_power_iterations=3)
        x = lib.randn(2, 4, 5)
        y1 = m(x)
        m.eval()
        y2 = m(x)
        return m, y1, y2

    (me, ae, be), (mt, at, bt) = _both(build)
    assert me.weight_u.shape == mt.weight_u.shape == (3,)
    _close(ae, at, 1e-4, 1e-6)
    _close(be, bt, 1e-4, 1e-6)
    _compare_state(me, mt, 1e-4, 1e-6)


# -------------------------------------------------------- register/remove
class _Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


class _Scale(nn.Module):
    def forward(self, X):
        return 2 * X

    def right_inverse(self, Y):
        return Y / 2


class _Split(nn.Module):
    def forward(self, a, b):
        return a + b

    def right_inverse(self, W):
        return W * 0.25, W * 0.75


def test_register_parametrization_api():
    ember.manual_seed(0)
    m = nn.Linear(3, 3)
    w0 = m.weight.detach().clone()
    parametrize.register_parametrization(m, "weight", _Symmetric())
    assert type(m).__name__ == "ParametrizedLinear"
    assert parametrize.type_before_parametrizations(m) is nn.Linear
    assert parametrize.is_parametrized(m) and parametrize.is_parametrized(m, "weight")
    assert not parametrize.is_parametrized(m, "bias")
    W = m.weight
    np.testing.assert_allclose(_np(W), _np(W).T)
    np.testing.assert_allclose(m.parametrizations.weight.original.detach().numpy(), w0.numpy())
    parametrize.register_parametrization(m, "weight", _Scale())
    np.testing.assert_allclose(m.weight.detach().numpy(), 2 * W.detach().numpy(), rtol=1e-6)
    with pytest.raises(RuntimeError, match="parametrization _Symmetric does not implement right_inverse."):
        m.weight = ember.eye(3)
    with parametrize.cached():
        assert m.weight is m.weight
    assert m.weight is not m.weight
    parametrize.remove_parametrizations(m, "weight", leave_parametrized=False)
    assert type(m) is nn.Linear and not hasattr(m, "parametrizations")
    np.testing.assert_allclose(m.weight.detach().numpy(), w0.numpy())


def test_register_parametrization_errors_and_sequences():
    m = nn.Linear(4, 2)
    with pytest.raises(ValueError, match="does not have a parameter, a buffer, or a parametrized element with name"):
        parametrize.register_parametrization(m, "nope", _Scale())
    parametrize.register_parametrization(m, "bias", _Split())
    assert [n for n, _ in m.named_parameters()] == ["weight", "parametrizations.bias.original0",
                                                    "parametrizations.bias.original1"]
    m.bias = ember.ones(2)
    np.testing.assert_allclose(m.parametrizations.bias.original1.detach().numpy(), [0.75, 0.75])
    with pytest.raises(ValueError, match=r"Cannot leave unparametrized \(`leave_parametrized=False`\)"):
        parametrize.remove_parametrizations(m, "bias", leave_parametrized=False)
    with pytest.raises(ValueError, match="does not have a parametrization on weight"):
        parametrize.remove_parametrizations(m, "weight")
    parametrize.remove_parametrizations(m, "bias")
    assert isinstance(m.bias, nn.Parameter) and m.bias.grad_fn is None
    np.testing.assert_allclose(m.bias.detach().numpy(), [1.0, 1.0])


def test_parametrized_deepcopy_and_pickle():
    m = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
    c = copy.deepcopy(m)
    assert type(c).__name__ == "ParametrizedLinear"
    np.testing.assert_allclose(c.weight.detach().numpy(), m.weight.detach().numpy())
    with pytest.raises(RuntimeError, match="Serialization of parametrized modules is only supported"):
        pickle.dumps(m)


@needs_torch
def test_custom_parametrization_matches_torch():
    def build(lib):
        class Sym(lib.nn.Module):
            def forward(self, X):
                return X.triu() + X.triu(1).transpose(-1, -2)

        m = lib.nn.Linear(4, 4)
        lib.nn.utils.parametrize.register_parametrization(m, "weight", Sym())
        x = lib.randn(2, 4)
        m(x).sum().backward()
        return m

    me, mt = _both(build)
    assert repr(me) == repr(mt)
    _compare_state(me, mt)
    _close(me.parametrizations.weight.original.grad, mt.parametrizations.weight.original.grad)


# ---------------------------------------------------------------- orthogonal
@needs_torch
@pytest.mark.parametrize("shape,omap", [((4, 4), None), ((5, 3), None), ((3, 5), "cayley"), ((4, 4), "householder")])
def test_orthogonal_matches_torch(shape, omap):
    def build(lib):
        m = lib.nn.Linear(shape[1], shape[0])
        lib.nn.utils.parametrizations.orthogonal(m, orthogonal_map=omap)
        return m, m.weight

    (me, we), (mt, wt) = _both(build)
    assert repr(me) == repr(mt)
    _close(we, wt, 1e-4, 1e-5)
    q = we.detach().numpy()
    gram = q.T @ q if shape[0] >= shape[1] else q @ q.T
    np.testing.assert_allclose(gram, np.eye(min(shape)), atol=1e-5)


# ------------------------------------------------------------- golden checks
def test_weight_norm_golden_formula_and_grads():
    ember.manual_seed(3)
    m = nn.utils.parametrizations.weight_norm(nn.Linear(5, 3).double())
    g = m.parametrizations.weight.original0.detach().numpy()
    v = m.parametrizations.weight.original1.detach().numpy()
    np.testing.assert_allclose(m.weight.detach().numpy(), g * v / np.linalg.norm(v, axis=1, keepdims=True))
    # gradient by central differences of sum(w * r) with respect to g and v
    r = np.random.default_rng(0).standard_normal((3, 5))
    (m.weight * ember.tensor(r)).sum().backward()

    def f(g_, v_):
        return float((g_ * v_ / np.linalg.norm(v_, axis=1, keepdims=True) * r).sum())

    for arr, grad, which in ((g, m.parametrizations.weight.original0.grad, 0),
                             (v, m.parametrizations.weight.original1.grad, 1)):
        num = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            a, b = arr.copy(), arr.copy()
            a[idx] += 1e-6
            b[idx] -= 1e-6
            fa = f(a, v) if which == 0 else f(g, a)
            fb = f(b, v) if which == 0 else f(g, b)
            num[idx] = (fa - fb) / 2e-6
        np.testing.assert_allclose(grad.numpy(), num, rtol=1e-5, atol=1e-7)


def test_weight_norm_double_backward_runs():
    v = ember.randn(3, 4, dtype=ember.float64, requires_grad=True)
    g = ember.rand(3, 1, dtype=ember.float64, requires_grad=True)
    from ember.nn.utils.weight_norm import _weight_norm
    w = _weight_norm(v, g, 0)
    (gv,) = ember.autograd.grad((w ** 2).sum(), v, create_graph=True)
    gv.sum().backward()
    assert g.grad is not None and g.grad.shape == (3, 1)


def test_spectral_norm_golden_sigma():
    ember.manual_seed(1)
    m = nn.utils.parametrizations.spectral_norm(nn.Linear(7, 5), n_power_iterations=50)
    w_orig = m.parametrizations.weight.original.detach().numpy()
    sigma = np.linalg.svd(w_orig, compute_uv=False)[0]
    np.testing.assert_allclose(m.weight.detach().numpy(), w_orig / sigma, rtol=1e-4)
    np.testing.assert_allclose(np.linalg.svd(m.weight.detach().numpy(), compute_uv=False)[0], 1.0, rtol=1e-4)


def test_old_weight_norm_golden_and_remove():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = nn.utils.weight_norm(nn.Linear(4, 3), dim=None)
    assert m.weight_g.shape == ()
    v = m.weight_v.detach().numpy()
    np.testing.assert_allclose(m.weight.detach().numpy(), m.weight_g.item() * v / np.linalg.norm(v), rtol=1e-6)
    nn.utils.remove_weight_norm(m)
    assert [n for n, _ in m.named_parameters()] == ["bias", "weight"]


def test_skip_init_keeps_generator():
    ember.manual_seed(0)
    state = ember.get_rng_state()
    m = nn.utils.skip_init(nn.Linear, 5, 2)
    assert m.weight.shape == (2, 5) and isinstance(m.weight, nn.Parameter)
    assert np.array_equal(ember.get_rng_state().numpy(), state.numpy())
    with pytest.raises(RuntimeError, match="Module must support a 'device' arg to skip initialization"):
        nn.utils.skip_init(nn.Tanh)


def test_utils_namespace_functions():
    import ember.nn.utils as U
    assert callable(U.weight_norm) and U.weight_norm.__module__ == "ember.nn.utils.weight_norm"
    assert callable(U.spectral_norm) and U.spectral_norm.__module__ == "ember.nn.utils.spectral_norm"
    assert U.parametrizations.weight_norm is not U.weight_norm


# --------------------------------------------------------------------- prune
@needs_torch
def test_prune_l1_random_structured_and_remove():
    def build(lib):
        P = lib.nn.utils.prune
        model = lib.nn.Sequential(lib.nn.Conv2d(2, 4, 3), lib.nn.Flatten(), lib.nn.Linear(16, 3))
        P.l1_unstructured(model[0], "weight", amount=0.3)
        P.random_unstructured(model[0], "bias", amount=2)
        P.ln_structured(model[0], "weight", amount=0.5, n=2, dim=0)
        P.random_structured(model[2], "weight", amount=1, dim=1)
        keys = list(model.state_dict())
        pruned = P.is_pruned(model)
        x = lib.randn(2, 2, 4, 4)
        losses = _sgd_steps(lib, model, x, steps=2)
        grad = model[0].weight_orig.grad
        P.remove(model[0], "weight")
        return model, keys, pruned, losses, grad, x

    (me, ke, pe, le, ge, xe), (mt, kt, pt, lt, gt, xt) = _both(build)
    assert ke == kt and pe and pt
    assert "0.weight_orig" in ke and "0.weight_mask" in ke and "2.weight_mask" in ke
    np.testing.assert_allclose(le, lt, rtol=1e-5)
    _close(ge, gt, 1e-4, 1e-6)
    _compare_state(me, mt, 1e-4, 1e-6)
    assert [h._tensor_name for h in me[0]._forward_pre_hooks.values()] == ["bias"]
    assert isinstance(me[0].weight, nn.Parameter)
    _close(me(xe), mt(xt), 1e-4, 1e-6)


@needs_torch
def test_prune_global_unstructured():
    def build(lib):
        P = lib.nn.utils.prune
        a, b = lib.nn.Linear(5, 4), lib.nn.Linear(4, 3)
        P.global_unstructured([(a, "weight"), (b, "weight")], pruning_method=P.L1Unstructured, amount=12)
        return a.weight_mask, b.weight_mask, a.weight, b.weight

    ember_out, torch_out = _both(build)
    for x, y in zip(ember_out, torch_out):
        _close(x, y)
    assert int(ember_out[0].sum().item() + ember_out[1].sum().item()) == 20 + 12 - 12


def test_prune_golden_and_errors():
    P = nn.utils.prune
    m = nn.Linear(3, 2, bias=False)
    with ember.no_grad():
        m.weight.copy_(ember.tensor([[0.1, -3.0, 0.5], [2.0, -0.2, 1.0]]))
    P.l1_unstructured(m, "weight", amount=2)
    np.testing.assert_array_equal(m.weight_mask.numpy(), [[0, 1, 1], [1, 0, 1]])
    np.testing.assert_allclose(m(ember.ones(1, 3)).detach().numpy(), [[-2.5, 3.0]])
    with pytest.raises(ValueError, match="has to be pruned before pruning can be removed"):
        P.remove(m, "bias")
    P.remove(m, "weight")
    assert not P.is_pruned(m) and [n for n, _ in m.named_parameters()] == ["weight"]
    np.testing.assert_allclose(m.weight.detach().numpy(), [[0, -3.0, 0.5], [2.0, 0, 1.0]])
    with pytest.raises(ValueError, match=r"amount=1.5 should either be a float in the range \[0, 1\]"):
        P.l1_unstructured(nn.Linear(2, 2), "weight", amount=1.5)


# -------------------------------------------------------------------- fusion
@needs_torch
@pytest.mark.parametrize("kind", ["conv", "convT", "linear"])
def test_fusion_matches_unfused(kind):
    def build(lib):
        if kind == "conv":
            layer, bn, x = lib.nn.Conv2d(3, 4, 3), lib.nn.BatchNorm2d(4), lib.randn(2, 3, 5, 5)
        elif kind == "convT":
            layer, bn, x = lib.nn.ConvTranspose2d(3, 4, 2), lib.nn.BatchNorm2d(4), lib.randn(2, 3, 4, 4)
        else:
            layer, bn, x = lib.nn.Linear(6, 4), lib.nn.BatchNorm1d(4), lib.randn(5, 6)
        with lib.no_grad():
            bn.running_mean.uniform_(-1, 1)
            bn.running_var.uniform_(0.5, 2)
            bn.weight.uniform_(0.5, 1.5)
        layer.eval(), bn.eval()
        U = lib.nn.utils
        fused = U.fuse_linear_bn_eval(layer, bn) if kind == "linear" else U.fuse_conv_bn_eval(
            layer, bn, transpose=kind == "convT")
        return fused(x), bn(layer(x)), fused.weight

    (fe, ue, we), (ft, ut, wt) = _both(build)
    _close(fe, ue, 1e-4, 1e-5)
    _close(fe, ft, 1e-4, 1e-5)
    _close(we, wt)
