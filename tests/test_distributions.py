"""Tests for ember.distributions: closed-form goldens, shapes, validation,
gradients (gradcheck in float64) and, when PyTorch is installed, exact
agreement of reprs, values and seeded samples with torch.distributions."""
import math
import warnings

import numpy as np
import pytest

import ember
import ember.distributions as D
from ember.autograd import gradcheck

try:
    import torch
    import torch.distributions as TD
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def t64(values, grad=False):
    return ember.tensor(values, dtype=ember.float64, requires_grad=grad)


# ---------------------------------------------------------------- goldens

def test_normal_log_prob_entropy_golden():
    d = D.Normal(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 2.0]))
    lp = d.log_prob(ember.tensor([0.5, -1.0])).numpy()
    want = [-0.5 * 0.25 - 0.5 * math.log(2 * math.pi), -0.5 - math.log(2) - 0.5 * math.log(2 * math.pi)]
    np.testing.assert_allclose(lp, want, rtol=1e-6)
    ent = d.entropy().numpy()
    np.testing.assert_allclose(ent, [0.5 + 0.5 * math.log(2 * math.pi) + math.log(s) for s in (1, 2)], rtol=1e-6)


def test_categorical_normalisation_and_entropy_golden():
    d = D.Categorical(probs=ember.tensor([1.0, 1.0, 2.0]))
    np.testing.assert_allclose(d.probs.numpy(), [0.25, 0.25, 0.5])
    np.testing.assert_allclose(d.entropy().item(), -(2 * 0.25 * math.log(0.25) + 0.5 * math.log(0.5)), rtol=1e-6)
    d2 = D.Categorical(logits=ember.tensor([0.0, 0.0]))
    np.testing.assert_allclose(d2.logits.numpy(), [math.log(0.5)] * 2, rtol=1e-6)
    assert d2.log_prob(ember.tensor(1)).item() == pytest.approx(math.log(0.5))


def test_bernoulli_poisson_binomial_goldens():
    b = D.Bernoulli(ember.tensor([0.25]))
    assert b.log_prob(ember.tensor([1.0])).item() == pytest.approx(math.log(0.25), rel=1e-5)
    p = D.Poisson(ember.tensor([3.0]))
    assert p.log_prob(ember.tensor([2.0])).item() == pytest.approx(2 * math.log(3) - 3 - math.log(2), rel=1e-5)
    bi = D.Binomial(5, ember.tensor([0.3]))
    want = math.log(math.comb(5, 2) * 0.3 ** 2 * 0.7 ** 3)
    assert bi.log_prob(ember.tensor([2.0])).item() == pytest.approx(want, rel=1e-5)


def test_uniform_exponential_laplace_gamma_beta_goldens():
    assert D.Uniform(0.0, 4.0).log_prob(ember.tensor(1.0)).item() == pytest.approx(-math.log(4))
    assert D.Exponential(ember.tensor(2.0)).log_prob(ember.tensor(1.0)).item() == pytest.approx(math.log(2) - 2)
    assert D.Laplace(0.0, 1.0).log_prob(ember.tensor(1.0)).item() == pytest.approx(-math.log(2) - 1)
    g = D.Gamma(ember.tensor(2.0), ember.tensor(3.0))
    assert g.log_prob(ember.tensor(1.0)).item() == pytest.approx(2 * math.log(3) - 3, rel=1e-5)
    assert g.mean.item() == pytest.approx(2 / 3)
    be = D.Beta(ember.tensor(2.0), ember.tensor(2.0))
    assert be.log_prob(ember.tensor(0.5)).item() == pytest.approx(math.log(1.5), rel=1e-5)


def test_mvn_matches_independent_normal_for_diagonal():
    loc = ember.tensor([0.5, -1.0])
    m = D.MultivariateNormal(loc, covariance_matrix=ember.diag(ember.tensor([4.0, 0.25])))
    n = D.Independent(D.Normal(loc, ember.tensor([2.0, 0.5])), 1)
    x = ember.tensor([[0.0, 0.0], [1.0, -2.0]])
    np.testing.assert_allclose(m.log_prob(x).numpy(), n.log_prob(x).numpy(), rtol=1e-5)
    np.testing.assert_allclose(m.entropy().numpy(), n.entropy().numpy(), rtol=1e-5)
    prec = D.MultivariateNormal(loc, precision_matrix=ember.diag(ember.tensor([0.25, 4.0])))
    np.testing.assert_allclose(prec.covariance_matrix.numpy(), np.diag([4.0, 0.25]), atol=1e-6)


def test_kl_goldens():
    kl = D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(1.0, 2.0))
    want = math.log(2) + (1 + 1) / (2 * 4) - 0.5
    assert kl.item() == pytest.approx(want, rel=1e-6)
    p = D.Categorical(ember.tensor([0.5, 0.5]))
    q = D.Categorical(ember.tensor([0.25, 0.75]))
    assert D.kl_divergence(p, q).item() == pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3), rel=1e-5)
    assert D.kl_divergence(D.Uniform(0.0, 1.0), D.Uniform(0.5, 2.0)).item() == math.inf
    with pytest.raises(NotImplementedError, match="No KL"):
        D.kl_divergence(D.Categorical(ember.ones(2)), D.Normal(0.0, 1.0))


def test_register_kl_custom_pair():
    class MyNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _kl(p, q):
        return ember.tensor(123.0)

    assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 123.0
    assert D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 0.0


# ---------------------------------------------------------------- shapes

@pytest.mark.parametrize("make, event", [
    (lambda: D.Normal(ember.zeros(2), ember.ones(2)), ()),
    (lambda: D.Categorical(ember.ones(2, 3)), ()),
    (lambda: D.OneHotCategorical(ember.ones(2, 3)), (3,)),
    (lambda: D.Bernoulli(ember.full((2,), 0.3)), ()),
    (lambda: D.Uniform(ember.zeros(2), ember.ones(2)), ()),
    (lambda: D.Exponential(ember.ones(2)), ()),
    (lambda: D.Laplace(ember.zeros(2), ember.ones(2)), ()),
    (lambda: D.Gamma(ember.ones(2), ember.ones(2)), ()),
    (lambda: D.Beta(ember.ones(2), ember.ones(2)), ()),
    (lambda: D.Dirichlet(ember.ones(2, 4)), (4,)),
    (lambda: D.Poisson(ember.ones(2)), ()),
    (lambda: D.Binomial(4, ember.full((2,), 0.5)), ()),
    (lambda: D.MultivariateNormal(ember.zeros(2, 3), ember.eye(3)), (3,)),
    (lambda: D.Independent(D.Normal(ember.zeros(2, 3), ember.ones(2, 3)), 1), (3,)),
])
def test_sample_shapes(make, event):
    d = make()
    batch = (2,)
    assert tuple(d.batch_shape) == batch
    assert tuple(d.event_shape) == event
    assert tuple(d.sample().shape) == batch + event
    assert tuple(d.sample((5, 7)).shape) == (5, 7) + batch + event
    assert tuple(d.log_prob(d.sample((5,))).shape) == (5,) + batch
    e = d.expand((4, 2))
    assert tuple(e.sample().shape) == (4, 2) + event


def test_reprs():
    assert repr(D.Normal(ember.zeros(3), ember.ones(3))) == \
        "Normal(loc: torch.Size([3]), scale: torch.Size([3]))"
    assert repr(D.Normal(0.0, 1.0)) == "Normal(loc: 0.0, scale: 1.0)"
    c = D.Categorical(ember.ones(2, 3))
    c.logits
    assert repr(c) == "Categorical(probs: torch.Size([2, 3]), logits: torch.Size([2, 3]))"
    assert repr(D.constraints.positive) == "GreaterThan(lower_bound=0.0)"
    assert repr(D.constraints.real_vector) == "IndependentConstraint(Real(), 1)"


# ---------------------------------------------------------------- validation

def test_validation_messages():
    with pytest.raises(ValueError, match=r"Expected parameter scale \(Tensor of shape \(1,\)\) of distribution "
                                         r"Normal\(loc: tensor\(\[0.\]\), scale: tensor\(\[-1.\]\)\) to satisfy the "
                                         r"constraint GreaterThan\(lower_bound=0.0\)"):
        D.Normal(ember.tensor([0.0]), ember.tensor([-1.0]))
    with pytest.raises(ValueError, match="Either `probs` or `logits` must be specified, but not both."):
        D.Categorical()
    with pytest.raises(ValueError, match="within the support"):
        D.Bernoulli(ember.tensor([0.5])).log_prob(ember.tensor([0.5]))
    D.Normal(ember.tensor([0.0]), ember.tensor([-1.0]), validate_args=False)
    with pytest.raises(ValueError):
        D.Distribution.set_default_validate_args(3)


def test_set_default_validate_args_off():
    D.Distribution.set_default_validate_args(False)
    try:
        D.Normal(ember.tensor([0.0]), ember.tensor([-1.0]))
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Normal(ember.tensor([0.0]), ember.tensor([-1.0]))


def test_sample_n_warns():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = D.Normal(0.0, 1.0).sample_n(3)
    assert tuple(out.shape) == (3,)
    assert w[0].category is FutureWarning


# ---------------------------------------------------------------- gradients

def test_gradcheck_normal_log_prob():
    x = t64([0.3, -1.2])
    assert gradcheck(lambda m, s: D.Normal(m, s).log_prob(x), (t64([0.1, 0.5], True), t64([1.3, 0.7], True)))


def test_gradcheck_categorical_and_bernoulli():
    v = ember.tensor([0, 2])
    assert gradcheck(lambda lg: D.Categorical(logits=lg).log_prob(v), (t64([[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]], True),))
    assert gradcheck(lambda lg: D.Categorical(logits=lg).entropy(), (t64([0.1, 0.2, 0.3], True),))
    assert gradcheck(lambda p: D.Bernoulli(probs=p).log_prob(t64([1.0, 0.0])), (t64([0.3, 0.6], True),))


def test_gradcheck_gamma_beta_mvn_kl():
    assert gradcheck(lambda a, b: D.Gamma(a, b).log_prob(t64([0.7])), (t64([1.5], True), t64([2.0], True)))
    assert gradcheck(lambda a, b: D.Beta(a, b).log_prob(t64([0.3])), (t64([1.5], True), t64([2.0], True)))
    x = t64([0.3, -0.5])
    L = t64([[1.2, 0.0], [0.3, 0.8]], True)
    assert gradcheck(lambda m, L: D.MultivariateNormal(m, scale_tril=L.tril()).log_prob(x), (t64([0.1, 0.2], True), L))
    assert gradcheck(lambda m, s: D.kl_divergence(D.Normal(m, s), D.Normal(0.0, 1.0)),
                     (t64([0.1, 0.5], True), t64([1.3, 0.7], True)))


def test_rsample_reparameterised_gradient():
    loc = ember.tensor([0.5], requires_grad=True)
    scale = ember.tensor([2.0], requires_grad=True)
    ember.manual_seed(0)
    x = D.Normal(loc, scale).rsample()
    x.sum().backward()
    assert loc.grad.item() == 1.0
    assert scale.grad.item() == pytest.approx(((x.detach() - 0.5) / 2.0).item(), rel=1e-6)


# ---------------------------------------------------------------- vs torch

def _both(build):
    torch.manual_seed(7)
    ember.manual_seed(7)
    return build(torch, TD), build(ember, D)


SAMPLERS = {
    "normal": lambda T, M: M.Normal(T.tensor([0.0, 1.0, 2.0]), T.tensor([1.0, 0.5, 2.0])).sample((4,)),
    "normal_rsample": lambda T, M: M.Normal(T.tensor([0.0, 1.0, 2.0]), T.tensor([1.0, 0.5, 2.0])).rsample((5,)),
    "categorical": lambda T, M: M.Categorical(T.tensor([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])).sample((6,)),
    "onehot": lambda T, M: M.OneHotCategorical(logits=T.tensor([0.2, 0.3, 0.5])).sample((3,)),
    "bernoulli": lambda T, M: M.Bernoulli(T.tensor([0.2, 0.7, 0.5])).sample((4,)),
    "uniform": lambda T, M: M.Uniform(T.tensor([0.0, 1.0]), T.tensor([2.0, 5.0])).sample((3,)),
    "exponential": lambda T, M: M.Exponential(T.tensor([1.0, 3.0])).sample((3,)),
    "laplace": lambda T, M: M.Laplace(T.tensor([0.0, 1.0]), T.tensor([1.0, 3.0])).sample((3,)),
    "gamma": lambda T, M: M.Gamma(T.tensor([0.3, 2.0, 9.0]), T.tensor([1.0, 3.0, 0.5])).sample((3,)),
    "beta": lambda T, M: M.Beta(T.tensor([0.3, 2.0]), T.tensor([1.0, 3.0])).sample((3,)),
    "dirichlet": lambda T, M: M.Dirichlet(T.tensor([0.3, 2.0, 5.0], dtype=T.float64)).sample((3,)),
    "poisson": lambda T, M: M.Poisson(T.tensor([0.5, 4.0, 40.0])).sample((3,)),
    "binomial": lambda T, M: M.Binomial(T.tensor([5.0, 30.0, 200.0]), T.tensor([0.3, 0.6, 0.2])).sample((3,)),
    "mvn": lambda T, M: M.MultivariateNormal(T.zeros(2), T.tensor([[2.0, 0.5], [0.5, 1.0]])).sample((3,)),
}


@needs_torch
@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_seeded_samples_match_torch(name):
    want, got = _both(SAMPLERS[name])
    np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert str(got) == str(want)


@needs_torch
def test_values_and_reprs_match_torch():
    def build(T, M):
        c = M.Categorical(logits=T.tensor([[0.1, 0.2, 0.7], [1.0, 2.0, 3.0]]))
        m = M.MultivariateNormal(T.zeros(2), precision_matrix=T.tensor([[2.0, 0.5], [0.5, 1.0]]))
        g = M.Gamma(T.tensor([0.5, 3.0]), T.tensor([1.0, 2.0]))
        out = [c, c.probs, c.entropy(), c.log_prob(T.tensor([1, 2])), m, m.scale_tril, m.log_prob(T.tensor([0.3, -1.0])),
               g.entropy(), g.variance, M.Beta(T.tensor([2.0]), T.tensor([3.0])).entropy(),
               M.kl_divergence(M.Bernoulli(T.tensor([0.2])), M.Bernoulli(T.tensor([0.6]))),
               M.kl_divergence(m, M.MultivariateNormal(T.ones(2), T.eye(2))),
               M.Uniform(0.0, 1.0).support, M.Binomial(10, T.tensor([0.5])).entropy()]
        return [str(x) for x in out]
    want, got = _both(build)
    assert got == want


@needs_torch
def test_gradients_match_torch():
    def build(T, M):
        lg = T.tensor([0.1, 0.2, 0.7], requires_grad=True)
        c = M.Categorical(logits=lg)
        (c.log_prob(T.tensor([0, 2, 2])).sum() + c.entropy()).backward()
        loc = T.tensor([0.5, -0.3], requires_grad=True)
        sc = T.tensor([1.2, 0.7], requires_grad=True)
        (D_x := M.Normal(loc, sc).rsample((3,))).pow(2).sum().backward()
        return [lg.grad.numpy(), loc.grad.numpy(), sc.grad.numpy(), D_x.detach().numpy()]
    want, got = _both(build)
    for w, g in zip(want, got):
        np.testing.assert_allclose(g, w, rtol=1e-6)


@needs_torch
def test_validation_error_text_matches_torch():
    def build(T, M):
        msgs = []
        for bad in (lambda: M.Normal(T.tensor([0.0]), T.tensor([-1.0])),
                    lambda: M.Normal(T.zeros(3), T.ones(3)).log_prob(T.zeros(2)),
                    lambda: M.Categorical(T.tensor([0.5, -0.1]))):
            try:
                bad()
            except ValueError as e:
                msgs.append(str(e))
        return msgs
    want, got = _both(build)
    assert len(got) == 3 and got == want
