"""Regressions found by probing ``torch.distributions`` the way RL / VAE /
Bayesian tutorials use it: Dirichlet/Beta ``rsample`` gradients (PyTorch's
``_dirichlet_grad``), ``Gamma.cdf``'s autograd node, the ``Uniform``->``Beta``
KL at the support edge, and the cross-exponential-family KL message."""
import numpy as np
import pytest

import ember
import ember.distributions as D
from ember.distributions._gamma_fn import dirichlet_grad

_GRAD_X = [0.1, 0.5, 0.95, 0.4, 0.3, 0.6, 0.55]
_GRAD_ALPHA = [0.5, 2.0, 3.0, 20.0, 1.0, 2.0, 20.0]
_GRAD_TOTAL = [1.5, 4.0, 3.5, 50.0, 2.0, 5.0, 50.0]
# torch._dirichlet_grad on the points above (float64): every branch of
# dirichlet_grad_one (small x, x near 1, Rice saddle point near / far from the
# mean, rational correction)
_GRAD_GOLDEN = [0.5116855762208993, 0.29543145370663026, 0.3513072656601796, 0.02030108223690968,
                0.5159883447111155, 0.28491825540658805, 0.02372146762003638]


def test_dirichlet_grad_golden():
    got = dirichlet_grad(np.array(_GRAD_X), np.array(_GRAD_ALPHA), np.array(_GRAD_TOTAL))
    np.testing.assert_allclose(got, _GRAD_GOLDEN, rtol=1e-12)


def test_beta_rsample_grad_golden():
    ember.manual_seed(0)
    a = ember.tensor([2.0, 0.5], requires_grad=True)
    c = ember.tensor([3.0, 0.5], requires_grad=True)
    r = D.Beta(a, c).rsample()
    assert type(r.grad_fn).__name__ == "SelectBackward0"
    r.sum().backward()
    np.testing.assert_allclose(r.tolist(), [0.6726440787315369, 0.6074382066726685], rtol=1e-6)
    np.testing.assert_allclose(a.grad.tolist(), [0.09859105199575424, 0.8106070160865784], rtol=1e-4)
    np.testing.assert_allclose(c.grad.tolist(), [-0.10939953476190567, -0.9555456042289734], rtol=1e-4)


def test_dirichlet_rsample_grad_golden_float64():
    ember.manual_seed(0)
    conc = ember.tensor([0.5, 1.0, 2.0], dtype=ember.float64, requires_grad=True)
    x = D.Dirichlet(conc).rsample()
    (x * ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64)).sum().backward()
    np.testing.assert_allclose(x.tolist(), [0.0003942486938404249, 0.05942697684226839, 0.9401787744638913],
                               rtol=1e-12)
    np.testing.assert_allclose(conc.grad.tolist(),
                               [-0.010367736174725148, -0.13474647166597933, 0.026508479996832656], rtol=1e-10)


def test_gamma_cdf_records_igamma():
    rate = ember.tensor([1.0, 2.0], requires_grad=True)
    c = D.Gamma(ember.tensor([1.0, 2.5]), rate).cdf(ember.tensor([0.5, 1.0]))
    assert type(c.grad_fn).__name__ == "IgammaBackward0"
    c.sum().backward()
    assert rate.grad is not None
    np.testing.assert_allclose(c.tolist(), [0.3934693, 0.4505840], rtol=1e-5)


def test_kl_uniform_beta_edge_is_finite():
    k = D.kl_divergence(D.Uniform(0.0, 1.0), D.Beta(ember.tensor(2.0), ember.tensor(3.0)))
    assert abs(k.item() - 0.5150933265686035) < 1e-6


def test_kl_cross_expfamily_message():
    with pytest.raises(NotImplementedError) as ei:
        D.kl_divergence(D.Poisson(ember.tensor(2.0)), D.Normal(0.0, 1.0))
    assert str(ei.value) == ("The cross KL-divergence between different exponential families cannot "
                             "                            be computed using Bregman divergences")


# --- against PyTorch -------------------------------------------------------

def test_dirichlet_grad_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    n = 2000
    total = np.exp(rng.uniform(-3, 5, n))
    alpha = total * rng.uniform(0.01, 0.99, n)
    x = rng.uniform(1e-4, 1 - 1e-4, n)
    want = torch._dirichlet_grad(torch.tensor(x), torch.tensor(alpha), torch.tensor(total)).numpy()
    np.testing.assert_allclose(dirichlet_grad(x, alpha, total), want, rtol=1e-12, atol=1e-300)
    x32, a32, t32 = (v.astype(np.float32) for v in (x, alpha, total))
    want32 = torch._dirichlet_grad(torch.tensor(x32), torch.tensor(a32), torch.tensor(t32)).numpy()
    got32 = dirichlet_grad(x32, a32, t32)
    assert got32.dtype == np.float32
    # float32 Taylor branches cancel terms; rounding differs slightly from ATen's
    np.testing.assert_allclose(got32, want32, rtol=1e-3)


@pytest.mark.parametrize("shape", [(), (3,), (2, 2)])
def test_beta_dirichlet_rsample_grads_match_torch(shape):
    torch = pytest.importorskip("torch")
    c1 = [[0.3, 2.0, 9.0], [1.0, 7.5, 0.1]]
    c0 = [[4.0, 0.5, 12.0], [1.0, 8.0, 0.2]]
    outs = []
    for lib in (torch, ember):
        lib.manual_seed(3)
        a = lib.tensor(c1, requires_grad=True)
        b = lib.tensor(c0, requires_grad=True)
        y = lib.distributions.Beta(a, b).rsample(shape)
        (y * y).sum().backward()
        conc = lib.tensor(c1, dtype=lib.float64, requires_grad=True)
        z = lib.distributions.Dirichlet(conc).rsample(shape)
        (z * lib.arange(3, dtype=lib.float64)).sum().backward()
        outs.append([t.detach().numpy() for t in (y, a.grad, b.grad, z, conc.grad)])
    for t, e in zip(*outs):
        np.testing.assert_allclose(e, t, rtol=1e-3, atol=1e-6)


def test_gamma_cdf_grad_matches_torch():
    torch = pytest.importorskip("torch")
    res = []
    for lib in (torch, ember):
        rate = lib.tensor([1.0, 2.0, 0.5, 0.1], requires_grad=True)
        c = lib.distributions.Gamma(lib.tensor([1.0, 2.5, 0.3, 7.0]), rate).cdf(lib.tensor([0.5, 1.0, 2.0, 30.0]))
        c.sum().backward()
        res.append((c.detach().numpy(), rate.grad.numpy(), type(c.grad_fn).__name__))
    np.testing.assert_allclose(res[1][0], res[0][0], rtol=1e-5)
    np.testing.assert_allclose(res[1][1], res[0][1], rtol=1e-4)
    assert res[1][2] == res[0][2]


def test_kl_values_match_torch():
    torch = pytest.importorskip("torch")
    vals = []
    for lib in (torch, ember):
        Dl = lib.distributions
        vals.append([
            Dl.kl_divergence(Dl.Uniform(0.0, 1.0), Dl.Beta(lib.tensor(2.0), lib.tensor(3.0))).item(),
            Dl.kl_divergence(Dl.Uniform(0.0, 0.5), Dl.Beta(lib.tensor(2.0), lib.tensor(3.0))).item(),
            Dl.kl_divergence(Dl.Beta(lib.tensor(2.0), lib.tensor(3.0)), Dl.Exponential(lib.tensor(1.5))).item(),
        ])
    np.testing.assert_allclose(vals[1], vals[0], rtol=1e-6)


def test_standard_gamma_grad_is_atens():
    """Gamma.rsample's pathwise derivative: ATen's standard_gamma_grad_one (series / Rice saddle point /
    rational approximation), not a finite difference."""
    from ember.distributions._gamma_fn import standard_gamma_grad
    got = standard_gamma_grad(np.array([0.5, 2.0, 10.0, 30.0]), np.array([0.3, 1.5, 9.5, 20.0]))
    want = [1.0098019827369256, 0.9366198345654156, 0.990918561469184, 0.8154193264259489]
    np.testing.assert_allclose(got, want, rtol=1e-14)


def test_standard_gamma_grad_matches_pytorch():
    torch = pytest.importorskip("torch")
    from ember.distributions._gamma_fn import standard_gamma_grad
    rs = np.random.RandomState(0)
    for dt in (np.float64, np.float32):
        a = np.concatenate([rs.uniform(0.05, 3, 200), rs.uniform(3, 8, 100), rs.uniform(8, 60, 200)]).astype(dt)
        x = np.maximum(np.array([rs.gamma(ai) for ai in a]), 1e-6).astype(dt)
        want = torch._standard_gamma_grad(torch.from_numpy(a), torch.from_numpy(x)).numpy()
        got = standard_gamma_grad(a, x)
        assert got.dtype == want.dtype and np.array_equal(got, want)
