"""Tests for the distributions of ember.distributions.extra_family (Chi2, StudentT,
Geometric, Multinomial, NegativeBinomial, MixtureSameFamily, VonMises,
FisherSnedecor, ContinuousBernoulli, LowRankMultivariateNormal, Wishart,
LKJCholesky, GeneralizedPareto) and their KL registrations.

Golden values were produced by PyTorch 2.13 (float64); with PyTorch installed
the seeded samples, reprs, values, gradients and error texts are compared
against torch.distributions directly."""
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


@pytest.fixture
def default_f64():
    old = ember.get_default_dtype()
    ember.set_default_dtype(ember.float64)
    yield
    ember.set_default_dtype(old)


def close(t, want, rtol=1e-9, atol=1e-12):
    np.testing.assert_allclose(np.asarray(t.detach().numpy(), dtype=np.float64).ravel(), want, rtol=rtol, atol=atol)


# ---------------------------------------------------------------- goldens (PyTorch 2.13, float64)

def test_studentt_chi2_goldens():
    d = D.StudentT(t64([2.5, 5.0]), t64([0.5, -1.0]), t64([1.5, 0.7]))
    close(d.log_prob(t64([0.3, 1.1])), [-1.43450510775, -3.70080289666])
    close(D.StudentT(t64([2.5, 5.0]), 0.5, 1.5).entropy(), [2.25322517868, 2.03296778052])
    d = D.StudentT(t64([0.5, 1.5, 3.0]), 0.5, 2.0)
    close(d.variance, [math.nan, math.inf, 12.0])
    close(d.mean, [math.nan, 0.5, 0.5])
    c = D.Chi2(t64([1.0, 3.5]))
    close(c.log_prob(t64([0.7, 2.0])), [-1.09060106124, -1.60874605954])
    close(c.entropy(), [0.783757110474, 2.17314171938])
    close(c.df, [1.0, 3.5])
    assert isinstance(c, D.Gamma)


def test_discrete_goldens():
    g = D.Geometric(t64([0.2, 0.75]))
    close(g.log_prob(t64([3.0, 0.0])), [-2.27886856638, -0.287682072452])
    close(g.entropy(), [2.50201211769, 0.749780192825])
    close(g.mean, [4.0, 1 / 3])
    close(g.variance, [20.0, 4 / 9])
    m = D.Multinomial(6, probs=t64([0.2, 0.3, 0.5]))
    close(m.log_prob(t64([1.0, 2.0, 3.0])), [-2.00248050054])
    close(m.entropy(), [2.79065667011])  # lgamma(n + 1) of the int count is float32, as in torch
    close(m.variance, [0.96, 1.26, 1.5])
    nb = D.NegativeBinomial(t64([3.0, 0.5]), probs=t64([0.4, 0.8]))
    close(nb.log_prob(t64([2.0, 5.0])), [-1.57329886582, -3.32247943088])
    close(nb.mean, [2.0, 2.0])
    close(nb.variance, [10 / 3, 10.0])
    close(nb.mode, [1.0, 0.0])


def test_continuous_goldens(default_f64):  # GeneralizedPareto compares with a default-dtype 0.0
    vm = D.VonMises(t64([0.3, -1.0]), t64([0.5, 6.0]))
    close(vm.log_prob(t64([1.0, -1.2])), [-1.5170056668, -0.165662728305])
    close(vm.variance, [0.757500383297, 0.0876406968002])
    fs = D.FisherSnedecor(t64([3.0, 7.0]), t64([5.0, 9.0]))
    close(fs.log_prob(t64([0.8, 1.7])), [-0.81811972602, -1.42277533653])
    close(fs.mean, [5 / 3, 9 / 7])
    close(fs.variance, [11.1111111111, 1.32244897959])
    close(fs.mode, [0.238095238095, 0.584415584416])
    cb = D.ContinuousBernoulli(t64([0.2, 0.5, 0.9]))
    x = t64([0.3, 0.6, 0.95])
    close(cb.log_prob(x), [0.198428024094, 0.0, 0.795116814966])
    close(cb.mean, [0.388014187111, 0.5, 0.669880386687])
    close(cb.variance, [0.075897800807, 1 / 12, 0.0665088624226])
    close(cb.entropy(), [-0.0764144528034, 0.0, -0.179631116], atol=1e-11)
    close(cb.cdf(x), [0.453661392818, 0.6, 0.882953267321])
    close(cb.icdf(x), [0.18386589225, 0.6, 0.97930918189])
    gp = D.GeneralizedPareto(t64([0.0, 1.0, -1.0]), t64([1.0, 2.0, 0.5]), t64([0.0, -0.4, 0.3]))
    y = t64([0.7, 2.5, 0.1])
    close(gp.log_prob(y), [-0.7, -1.22815959647, -1.5030624297])
    close(gp.cdf(y), [0.503414696209, 0.590036586998, 0.815368255482])
    close(gp.icdf(t64([0.1, 0.5, 0.9])), [0.105360515658, 2.21070858372, 0.658770524948])
    close(gp.entropy(), [1.0, 1.29314718056, 0.60685281944])
    close(gp.mean, [1.0, 2.42857142857, -0.285714285714])
    close(gp.variance, [1.0, 1.13378684807, 1.27551020408])


def test_matrix_goldens():
    loc = t64([0.5, -0.2, 1.0])
    W = t64([[1.0, 0.2], [-0.5, 0.3], [0.1, 0.8]])
    dg = t64([0.6, 1.2, 0.9])
    lr = D.LowRankMultivariateNormal(loc, W, dg)
    close(lr.log_prob(t64([0.1, 0.4, -0.3])), [-4.10611975557])
    close(lr.entropy(), [4.86985199495])
    close(lr.precision_matrix, [0.689854511095, 0.214624011832, -0.142026280731, 0.214624011832, 0.7260946881,
                                -0.125006602461, -0.142026280731, -0.125006602461, 0.684308443521])
    close(lr.scale_tril, [1.28062484749, 0.0, 0.0, -0.343582276155, 1.19245596125, 0.0, 0.203025890455,
                          0.217832864276, 1.20885455331])
    # agrees with the full-covariance Gaussian
    mvn = D.MultivariateNormal(loc, lr.covariance_matrix)
    close(lr.log_prob(t64([0.1, 0.4, -0.3])), mvn.log_prob(t64([0.1, 0.4, -0.3])).numpy().ravel())
    cov = t64([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])
    w = D.Wishart(t64(4.5), covariance_matrix=cov)
    X = t64([[3.0, 0.5, 0.2], [0.5, 2.0, 0.1], [0.2, 0.1, 4.0]])
    close(w.log_prob(X), [-11.0181147252])
    close(w.entropy(), [14.4526694148])
    close(w.variance, [36.0, 9.405, 13.545, 9.405, 9.0, 6.93, 13.545, 6.93, 20.25])
    close(w.mode, [1.0, 0.15, 0.05, 0.15, 0.5, -0.1, 0.05, -0.1, 0.75])
    lk = D.LKJCholesky(3, t64([0.5, 2.0]))
    V = t64([[1.0, 0, 0], [0.6, 0.8, 0], [0.0, 0.6, 0.8]])
    close(lk.log_prob(V), [-2.30788069566, -1.7312010947])


def test_kl_goldens():
    g = D.Geometric(t64([0.2, 0.75]))
    close(D.kl_divergence(g, D.Geometric(t64([0.5, 0.1]))), [0.963723785109, 1.58792507205])
    cb = D.ContinuousBernoulli(t64([0.2, 0.5, 0.9]))
    close(D.kl_divergence(cb, D.ContinuousBernoulli(t64([0.6, 0.3, 0.4]))),
          [0.128661513637, 0.0297361232519, 0.255352406457])
    close(D.kl_divergence(cb, D.Normal(t64(0.2), t64(1.5))), [1.42553967975, 1.36292215983, 1.56787841069])
    close(D.kl_divergence(D.Beta(t64(2.0), t64(3.0)), cb), [0.175108061806, 0.234906649788, 0.648263352357])
    loc = t64([0.5, -0.2, 1.0])
    W = t64([[1.0, 0.2], [-0.5, 0.3], [0.1, 0.8]])
    lr = D.LowRankMultivariateNormal(loc, W, t64([0.6, 1.2, 0.9]))
    cov = t64([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])
    close(D.kl_divergence(lr, D.LowRankMultivariateNormal(ember.zeros(3, dtype=ember.float64), W * 0.5,
                                                           ember.ones(3, dtype=ember.float64))), [0.62811452543])
    close(D.kl_divergence(D.MultivariateNormal(loc, cov), lr), [0.246196956119])
    close(D.kl_divergence(lr, D.MultivariateNormal(loc, cov)), [0.286779746166])
    # Chi2 is a Gamma: the Gamma closed form applies
    close(D.kl_divergence(D.Chi2(t64(3.0)), D.Chi2(t64(3.0))), [0.0])
    # support mismatches are infinite
    assert math.isinf(D.kl_divergence(D.Normal(0.0, 1.0), cb).max().item())
    assert math.isinf(D.kl_divergence(cb, D.Uniform(t64(0.1), t64(1.5))).min().item())


def test_seeded_sample_goldens():
    ember.manual_seed(0)
    out = [D.StudentT(ember.tensor([2.5, 5.0])).sample((2,)),
           D.Geometric(ember.tensor([0.2, 0.75])).sample((3,)),
           D.Multinomial(6, probs=ember.tensor([0.2, 0.3, 0.5])).sample((2,)),
           D.NegativeBinomial(ember.tensor([3.0, 0.5]), probs=ember.tensor([0.4, 0.8])).sample((3,)),
           D.VonMises(ember.tensor([0.3, -1.0]), ember.tensor([0.5, 6.0])).sample((2,)),
           D.ContinuousBernoulli(ember.tensor([0.2, 0.5, 0.9])).sample(),
           D.GeneralizedPareto(0.0, 1.0, ember.tensor([0.0, 0.5])).sample((2,)),
           D.FisherSnedecor(ember.tensor([3.0, 7.0]), ember.tensor([5.0, 9.0])).sample()]
    want = [[3.66461062431, -0.558056652546, -3.92041277885, 0.704935312271],
            [3.0, 0.0, 0.0, 2.0, 7.0, 0.0],
            [0.0, 2.0, 4.0, 1.0, 3.0, 2.0],
            [1.0, 0.0, 2.0, 1.0, 1.0, 4.0],
            [-1.94773948193, -2.06991767883, -1.89647591114, -1.30069029331],
            [0.0283159445971, 0.0682810544968, 0.671618521214],
            [0.706163704395, 0.345426023006, 1.16587328911, 0.0519251748919],
            [0.625966668129, 0.263520091772]]
    for got, w in zip(out, want):
        close(got, w, rtol=1e-6)


# ---------------------------------------------------------------- shapes, reprs, validation

@pytest.mark.parametrize("make,batch,event", [
    (lambda: D.Chi2(ember.ones(2, 3)), (2, 3), ()),
    (lambda: D.StudentT(ember.ones(3), ember.zeros(2, 1)), (2, 3), ()),
    (lambda: D.Geometric(logits=ember.zeros(4)), (4,), ()),
    (lambda: D.Multinomial(5, logits=ember.zeros(2, 3)), (2,), (3,)),
    (lambda: D.NegativeBinomial(ember.ones(2), logits=ember.zeros(2)), (2,), ()),
    (lambda: D.MixtureSameFamily(D.Categorical(ember.ones(2, 3)), D.Normal(ember.zeros(2, 3), ember.ones(3))), (2,), ()),
    (lambda: D.VonMises(ember.zeros(2), ember.ones(1)), (2,), ()),
    (lambda: D.FisherSnedecor(ember.ones(3), 2.0), (3,), ()),
    (lambda: D.ContinuousBernoulli(logits=ember.zeros(2, 2)), (2, 2), ()),
    (lambda: D.LowRankMultivariateNormal(ember.zeros(2, 3), ember.ones(3, 1), ember.ones(3)), (2,), (3,)),
    (lambda: D.Wishart(ember.tensor([4.0, 5.0]), covariance_matrix=ember.eye(2)), (2,), (2, 2)),
    (lambda: D.LKJCholesky(3, ember.ones(2)), (2,), (3, 3)),
    (lambda: D.GeneralizedPareto(ember.zeros(2), 1.0, 0.5), (2,), ()),
])
@pytest.mark.filterwarnings("ignore:Singular sample detected")  # torch's Wishart warns on every draw
def test_sample_shapes(make, batch, event):
    d = make()
    assert tuple(d.batch_shape) == batch and tuple(d.event_shape) == event
    assert tuple(d.sample((4,)).shape) == (4,) + batch + event
    e = d.expand((5,) + batch)
    assert tuple(e.batch_shape) == (5,) + batch
    assert tuple(e.sample().shape) == (5,) + batch + event


def test_reprs():
    assert repr(D.Chi2(ember.tensor([1.0, 2.0]))) == "Chi2()"
    assert repr(D.StudentT(3.0)) == "StudentT(df: 3.0, loc: 0.0, scale: 1.0)"
    assert repr(D.Geometric(0.5)) == "Geometric(probs: 0.5)"
    assert repr(D.Multinomial(3, logits=ember.zeros(3))) == "Multinomial()"  # probs/logits are properties
    assert repr(D.NegativeBinomial(3.0, probs=ember.tensor([0.5]))) == \
        "NegativeBinomial(total_count: tensor([3.]), probs: tensor([0.5000]))"
    msf = D.MixtureSameFamily(D.Categorical(ember.ones(2)), D.Normal(ember.zeros(2), ember.ones(2)))
    assert repr(msf) == ("MixtureSameFamily(\n  Categorical(probs: torch.Size([2]), logits: torch.Size([2])),\n"
                         "  Normal(loc: torch.Size([2]), scale: torch.Size([2])))")
    assert repr(msf.support) == "MixtureSameFamilyConstraint(Real())"
    assert repr(D.Wishart(3.0, scale_tril=ember.eye(2))) == "Wishart(scale_tril: torch.Size([2, 2]), df: 3.0)"
    assert repr(D.LKJCholesky(3)) == "LKJCholesky(concentration: 1.0)"
    assert repr(D.Multinomial(3, logits=ember.zeros(3)).support) == "Multinomial()"
    assert D.Chi2.__module__.endswith("distributions.chi2")


def test_validation_messages():
    with pytest.raises(ValueError, match="to be positive but found invalid values"):
        D.Geometric(ember.tensor([0.0, 0.5]))
    with pytest.raises(ValueError, match="Either `probs` or `logits` must be specified, but not both."):
        D.NegativeBinomial(1.0)
    with pytest.raises(NotImplementedError, match="inhomogeneous total_count is not supported"):
        D.Multinomial(2.5, probs=ember.tensor([0.5, 0.5]))
    with pytest.raises(ValueError, match="The parameter probs has invalid values"):
        D.ContinuousBernoulli(ember.tensor([1.5]), validate_args=True)
    with pytest.raises(ValueError, match=r"Value of df=1.5 expected to be greater than ndim - 1 = 2."):
        D.Wishart(1.5, covariance_matrix=ember.eye(3))
    with pytest.raises(ValueError, match="Expected dim to be an integer greater than or equal to 2. Found dim=1."):
        D.LKJCholesky(1)
    with pytest.raises(ValueError, match="cov_factor must be a batch of matrices with shape 3 x m"):
        D.LowRankMultivariateNormal(ember.zeros(3), ember.ones(2, 2), ember.ones(3))
    with pytest.raises(ValueError, match="does not equal `component_distribution.batch_shape"):
        D.MixtureSameFamily(D.Categorical(ember.ones(3)), D.Normal(ember.zeros(2), ember.ones(2)))
    with pytest.raises(ValueError, match="of distribution Chi2()"):
        D.StudentT(ember.tensor([-1.0]))
    with pytest.warns(UserWarning, match="Low df values detected"):
        D.Wishart(2.5, covariance_matrix=ember.eye(3))


# ---------------------------------------------------------------- gradients (float64)

def test_gradcheck_log_probs(default_f64):
    x = t64([0.3, -1.2])
    assert gradcheck(lambda df, m, s: D.StudentT(df, m, s).log_prob(x),
                     (t64([2.5, 4.0], True), t64([0.1, 0.5], True), t64([1.3, 0.7], True)))
    assert gradcheck(lambda p: D.Geometric(p).log_prob(t64([3.0, 0.0])), (t64([0.3, 0.6], True),))
    assert gradcheck(lambda p: D.Geometric(p).entropy(), (t64([0.3, 0.6], True),))
    assert gradcheck(lambda n, lg: D.NegativeBinomial(n, logits=lg).log_prob(t64([2.0, 5.0])),
                     (t64([3.0, 0.5], True), t64([0.2, -1.0], True)))
    assert gradcheck(lambda lg: D.Multinomial(4, logits=lg).log_prob(t64([1.0, 0.0, 3.0])),
                     (t64([0.3, -0.2, 1.0], True),))
    assert gradcheck(lambda m, k: D.VonMises(m, k).log_prob(t64([0.3, 2.0])),
                     (t64([0.1, -0.5], True), t64([0.7, 5.0], True)))
    assert gradcheck(lambda a, b: D.FisherSnedecor(a, b).log_prob(t64([0.8, 1.7])),
                     (t64([3.0, 7.0], True), t64([5.0, 9.0], True)))
    assert gradcheck(lambda p: D.ContinuousBernoulli(p).log_prob(t64([0.3, 0.9])), (t64([0.2, 0.7], True),))
    assert gradcheck(lambda m, s, k: D.GeneralizedPareto(m, s, k).log_prob(t64([0.7, 2.5])),
                     (t64([0.0, 1.0], True), t64([1.0, 2.0], True), t64([0.2, -0.3], True)))


def test_gradcheck_matrix_log_probs():
    v = t64([0.1, 0.4, -0.3])
    assert gradcheck(lambda m, W, d: D.LowRankMultivariateNormal(m, W, d).log_prob(v),
                     (t64([0.5, -0.2, 1.0], True), t64([[1.0, 0.2], [-0.5, 0.3], [0.1, 0.8]], True),
                      t64([0.6, 1.2, 0.9], True)))
    X = t64([[3.0, 0.5, 0.2], [0.5, 2.0, 0.1], [0.2, 0.1, 4.0]])
    L = t64([[1.4, 0.0, 0.0], [0.2, 1.0, 0.0], [0.1, -0.2, 1.2]], True)
    assert gradcheck(lambda df, L: D.Wishart(df, scale_tril=L.tril()).log_prob(X), (t64(4.5, True), L))
    V = t64([[1.0, 0, 0], [0.6, 0.8, 0], [0.0, 0.6, 0.8]])
    assert gradcheck(lambda c: D.LKJCholesky(3, c).log_prob(V), (t64([0.5, 2.0], True),))
    m = D.MultivariateNormal(t64([0.1, 0.2, 0.3]), scale_tril=t64([[1.0, 0, 0], [0.5, 2.0, 0], [0.1, -0.3, 1.5]]))
    assert gradcheck(lambda W, d: D.kl_divergence(m, D.LowRankMultivariateNormal(t64([0.0, 0.0, 0.0]), W, d)),
                     (t64([[1.0], [-0.5], [0.1]], True), t64([0.6, 1.2, 0.9], True)))


def test_gradcheck_rsample(default_f64):
    def seeded(fn):
        def run(*args):
            ember.manual_seed(3)
            return fn(*args)
        return run
    assert gradcheck(seeded(lambda p: D.ContinuousBernoulli(p).rsample((3,))), (t64([0.2, 0.7], True),))
    assert gradcheck(seeded(lambda m, s, k: D.GeneralizedPareto(m, s, k).rsample((2,))),
                     (t64([0.0, 1.0], True), t64([1.0, 2.0], True), t64([0.2, -0.3], True)))
    assert gradcheck(seeded(lambda m, W, d: D.LowRankMultivariateNormal(m, W, d).rsample((2,))),
                     (t64([0.5, -0.2], True), t64([[1.0], [-0.5]], True), t64([0.6, 1.2], True)))


def test_backward_through_shared_subexpressions():
    # LKJCholesky.log_prob feeds ``alpha`` into both lgamma and mvlgamma (a diamond in the graph)
    c = t64([0.7, 2.0], True)
    V = t64([[1.0, 0, 0], [0.6, 0.8, 0], [0.0, 0.6, 0.8]])
    D.LKJCholesky(3, c).log_prob(V).sum().backward()
    c2 = t64([0.7, 2.0], True)
    (g,) = ember.autograd.grad(D.LKJCholesky(3, c2).log_prob(V).sum(), c2)
    np.testing.assert_allclose(c.grad.numpy(), g.numpy(), rtol=1e-12)


# ---------------------------------------------------------------- vs torch

def _both(build, seed=7):
    torch.manual_seed(seed)
    ember.manual_seed(seed)
    return build(torch, TD), build(ember, D)


_COV = [[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]]

SAMPLERS = {
    "chi2": lambda T, M: M.Chi2(T.tensor([0.5, 2.0, 7.5])).sample((3,)),
    "studentT": lambda T, M: M.StudentT(T.tensor([1.0, 2.5, 10.0]), 1.0, 2.0).rsample((3,)),
    "geometric": lambda T, M: M.Geometric(T.tensor([0.1, 0.5, 1.0])).sample((3,)),
    "geometric_logits": lambda T, M: M.Geometric(logits=T.tensor([[-1.0, 0.0], [2.0, 3.0]])).sample((2,)),
    "multinomial": lambda T, M: M.Multinomial(10, probs=T.tensor([[1.0, 2.0, 3.0], [1.0, 0.0, 1.0]])).sample((2,)),
    "negbinomial": lambda T, M: M.NegativeBinomial(T.tensor([1.0, 2.5, 10.0]), probs=T.tensor([0.1, 0.5, 0.9])).sample((2,)),
    "mixture": lambda T, M: M.MixtureSameFamily(
        M.Categorical(T.tensor([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])),
        M.Independent(M.Normal(T.arange(12.0).reshape(2, 3, 2), T.ones(2, 3, 2)), 1)).sample((3,)),
    "vonmises": lambda T, M: M.VonMises(T.tensor([0.5, -2.0, 3.0]), T.tensor([0.1, 2.0, 30.0])).sample((3,)),
    "vonmises64": lambda T, M: M.VonMises(T.tensor([1.0], dtype=T.float64), T.tensor([1e-6, 0.7, 5.0], dtype=T.float64)).sample((2,)),
    "fisher": lambda T, M: M.FisherSnedecor(T.tensor([1.0, 4.0, 10.0]), T.tensor([3.0, 5.0, 2.0])).rsample((2,)),
    "contbern": lambda T, M: M.ContinuousBernoulli(T.tensor([0.1, 0.4995, 0.8])).rsample((3,)),
    "genpareto": lambda T, M: M.GeneralizedPareto(T.tensor([0.0, 1.0, -1.0]), T.tensor([1.0, 2.0, 0.5]),
                                                   T.tensor([0.0, -0.5, 0.3])).rsample((2,)),
    "lowrank64": lambda T, M: M.LowRankMultivariateNormal(T.zeros(3, dtype=T.float64), T.ones(3, 2, dtype=T.float64),
                                                          T.ones(3, dtype=T.float64)).rsample((2,)),
    "wishart64": lambda T, M: M.Wishart(T.tensor([4.0, 6.0], dtype=T.float64),
                                        covariance_matrix=T.tensor(_COV, dtype=T.float64)).rsample((2,)),
    "lkj64": lambda T, M: M.LKJCholesky(3, T.tensor([0.5, 2.0], dtype=T.float64)).sample((2,)),
}


@needs_torch
@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_seeded_samples_match_torch(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want, got = _both(SAMPLERS[name])
    if name.endswith("64"):  # float64 matrix products: agree to rounding
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-12, atol=1e-14)
    else:
        np.testing.assert_array_equal(got.detach().numpy(), want.detach().numpy())
        assert str(got) == str(want)


@needs_torch
def test_rng_stream_continues_like_torch():
    def build(T, M):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            M.Wishart(T.tensor(4.0), covariance_matrix=T.eye(3)).rsample((2,))
        M.VonMises(T.zeros(4), T.ones(4)).sample()
        M.LKJCholesky(4, 1.5).sample()
        M.Multinomial(7, logits=T.zeros(5)).sample((3,))
        return T.rand(4)
    want, got = _both(build)
    np.testing.assert_array_equal(got.numpy(), want.numpy())


@needs_torch
def test_values_and_reprs_match_torch():
    def build(T, M):
        f64 = T.float64
        st = M.StudentT(T.tensor([0.5, 1.5, 3.0]), T.tensor([[0.0], [1.0]]), 0.5)
        g = M.Geometric(logits=T.tensor([[-1.0, 0.0], [2.0, 3.0]], dtype=f64))
        mn = M.Multinomial(5, logits=T.tensor([[0.1, -1.0, 2.0], [0.0, 0.0, 0.0]], dtype=f64))
        nb = M.NegativeBinomial(T.tensor([[3.0], [0.5]], dtype=f64), logits=T.tensor([-1.0, 0.0, 2.0], dtype=f64))
        msf = M.MixtureSameFamily(M.Categorical(T.tensor([0.2, 0.8])), M.Normal(T.tensor([-1.0, 2.0]), T.tensor([0.5, 1.5])))
        vm = M.VonMises(T.tensor([0.5, -2.0]), T.tensor([0.1, 30.0]))
        fs = M.FisherSnedecor(T.tensor([1.0, 4.0, 10.0]), T.tensor([3.0, 5.0, 2.0]))
        cb = M.ContinuousBernoulli(logits=T.tensor([-2.0, 0.001, 3.0], dtype=f64))
        lr = M.LowRankMultivariateNormal(T.zeros(2, 3, dtype=f64), T.ones(3, 1, dtype=f64), T.ones(3, dtype=f64))
        w = M.Wishart(T.tensor([4.0, 6.0], dtype=f64), precision_matrix=T.tensor(_COV, dtype=f64))
        lk = M.LKJCholesky(3, T.tensor([0.5, 2.0], dtype=f64))
        gp = M.GeneralizedPareto(T.tensor([0.0, 1.0]), T.tensor([1.0, 2.0]), T.tensor([-0.5, 0.3]))
        out = [st, st.mean, st.variance, st.log_prob(T.tensor(0.3)), st.expand((4, 2, 3)),
               g, g.mean, g.variance, g.probs, g.log_prob(T.tensor(2.0)), g.entropy(),
               mn, mn.probs, mn.mean, mn.variance, mn.log_prob(T.tensor([1.0, 1.0, 3.0], dtype=f64)), mn.entropy(),
               mn.support, nb, nb.mean, nb.variance, nb.mode, nb.log_prob(T.tensor(3.0, dtype=f64)),
               msf, msf.mean, msf.variance, msf.log_prob(T.tensor([0.1, -0.5])), msf.cdf(T.tensor([0.1])),
               msf.expand((3,)), msf.support,
               vm, vm.variance, vm.log_prob(T.tensor(0.25)),
               fs, fs.mean, fs.variance, fs.mode, fs.log_prob(T.tensor(1.25)),
               cb, cb.mean, cb.variance, cb.stddev, cb.entropy(), cb.cdf(T.tensor(0.3, dtype=f64)),
               cb.icdf(T.tensor(0.3, dtype=f64)),
               lr, lr.variance, lr.covariance_matrix, lr.precision_matrix, lr.entropy(),
               lr.log_prob(T.tensor([0.1, -0.3, 0.5], dtype=f64)), lr.expand((4, 2)),
               w, w.mean, w.mode, w.variance, w.covariance_matrix, w.entropy(), w.log_prob(w.mean),
               lk, lk.log_prob(T.eye(3, dtype=f64)),
               gp, gp.mean, gp.variance, gp.entropy(), gp.support, gp.log_prob(T.tensor(1.25)),
               gp.cdf(T.tensor(1.25)), gp.icdf(T.tensor(0.3))]
        return [str(x) for x in out]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want, got = _both(build)
    assert got == want


@needs_torch
def test_kl_values_match_torch():
    def build(T, M):
        f64 = T.float64
        cb = M.ContinuousBernoulli(T.tensor([0.2, 0.7, 0.5], dtype=f64))
        out = [M.kl_divergence(M.Geometric(T.tensor([0.2, 0.6])), M.Geometric(T.tensor([0.5, 0.1]))),
               M.kl_divergence(cb, M.ContinuousBernoulli(T.tensor([0.6, 0.1, 0.9], dtype=f64))),
               M.kl_divergence(cb, M.Exponential(T.tensor(2.0, dtype=f64))),
               M.kl_divergence(cb, M.Uniform(T.tensor(-0.5, dtype=f64), T.tensor(1.5, dtype=f64))),
               M.kl_divergence(M.Uniform(T.tensor([0.1], dtype=f64), T.tensor([0.5], dtype=f64)), cb),
               M.kl_divergence(M.Gamma(1.0, 1.0), cb), M.kl_divergence(M.Exponential(1.0), cb),
               M.kl_divergence(M.Laplace(0.0, 1.0), cb),
               M.kl_divergence(M.Chi2(T.tensor([3.0, 4.0])), M.Gamma(T.tensor(2.0), T.tensor(0.7))),
               M.kl_divergence(M.Wishart(T.tensor(5.0, dtype=f64), covariance_matrix=T.tensor(_COV, dtype=f64)),
                               M.Wishart(T.tensor(6.0, dtype=f64), covariance_matrix=T.eye(3, dtype=f64)))]
        lr = M.LowRankMultivariateNormal(T.tensor([0.5, -0.2, 1.0], dtype=f64),
                                         T.tensor([[1.0, 0.2], [-0.5, 0.3], [0.1, 0.8]], dtype=f64),
                                         T.tensor([0.6, 1.2, 0.9], dtype=f64))
        q = M.LowRankMultivariateNormal(T.zeros(2, 3, dtype=f64), T.ones(3, 1, dtype=f64), T.ones(3, dtype=f64))
        m = M.MultivariateNormal(T.ones(3, dtype=f64), T.tensor(_COV, dtype=f64))
        out += [M.kl_divergence(lr, q), M.kl_divergence(m, q), M.kl_divergence(q, m)]
        try:
            M.kl_divergence(lr, M.LowRankMultivariateNormal(T.zeros(2), T.ones(2, 1), T.ones(2)))
        except ValueError as e:
            out.append(str(e))
        return [str(x) for x in out]
    want, got = _both(build)
    assert got == want


@needs_torch
def test_gradients_match_torch():
    def build(T, M):
        f64 = T.float64
        df = T.tensor([2.5, 5.0], dtype=f64, requires_grad=True)
        sc = T.tensor([1.0, 2.0], dtype=f64, requires_grad=True)
        s = M.StudentT(df, 0.5, sc).rsample((3,))
        names = [s.grad_fn.__class__.__name__]
        s.sum().backward()
        p = T.tensor([0.2, 0.7], dtype=f64, requires_grad=True)
        x = M.ContinuousBernoulli(p).rsample((3,))
        names.append(x.grad_fn.__class__.__name__)
        (x.pow(2).sum() + M.ContinuousBernoulli(p).entropy().sum()).backward()
        c = T.tensor([0.7, 2.0], dtype=f64, requires_grad=True)
        lk = M.LKJCholesky(3, c)
        lk.log_prob(lk.sample()).sum().backward()
        W = T.tensor([[1.0, 0.2], [-0.5, 0.3], [0.1, 0.8]], dtype=f64, requires_grad=True)
        lr = M.LowRankMultivariateNormal(T.zeros(3, dtype=f64), W, T.ones(3, dtype=f64))
        y = lr.rsample((2,))
        names.append(y.grad_fn.__class__.__name__)
        (lr.log_prob(y.detach()).sum() + y.sum()).backward()
        k = T.tensor([0.3, -0.2], dtype=f64, requires_grad=True)
        g = M.GeneralizedPareto(T.zeros(2, dtype=f64), T.ones(2, dtype=f64), k).rsample((2,))
        names.append(g.grad_fn.__class__.__name__)
        g.sum().backward()
        return names, [sc.grad.numpy(), p.grad.numpy(), c.grad.numpy(), W.grad.numpy(), k.grad.numpy()]
    (wn, want), (gn, got) = _both(build)
    assert gn == wn
    for w, g in zip(want, got):
        np.testing.assert_allclose(g, w, rtol=1e-9)


@needs_torch
def test_validation_error_text_matches_torch():
    def build(T, M):
        msgs = []
        cases = (
            lambda: M.Chi2(T.tensor([-1.0, 2.0])),
            lambda: M.StudentT(T.tensor([1.0]), scale=T.tensor([-1.0])),
            lambda: M.StudentT(T.tensor([1.0])).log_prob(T.tensor([float("nan")])),
            lambda: M.Geometric(T.tensor([0.0, 0.5])),
            lambda: M.Geometric(T.tensor([1.5, 0.5])),
            lambda: M.Geometric(0.5).log_prob(T.tensor(1.5)),
            lambda: M.Multinomial(3, probs=T.tensor([0.5, 0.5])).log_prob(T.tensor([3.0, 2.0])),
            lambda: M.Multinomial(3, probs=T.tensor([-0.5, 0.5])),
            lambda: M.NegativeBinomial(3.0, probs=T.tensor([1.0])),
            lambda: M.MixtureSameFamily(M.Normal(0.0, 1.0), M.Normal(T.zeros(2), T.ones(2))),
            lambda: M.MixtureSameFamily(M.Categorical(T.ones(2)), 3),
            lambda: M.MixtureSameFamily(M.Categorical(T.ones(4, 2)), M.Normal(T.zeros(3, 2), T.ones(3, 2))),
            lambda: M.MixtureSameFamily(M.Categorical(T.ones(5)), M.Gamma(T.ones(5), T.ones(5))).log_prob(T.tensor(-1.0)),
            lambda: M.VonMises(T.tensor([0.0]), T.tensor([-1.0])),
            lambda: M.FisherSnedecor(T.tensor([0.0]), 1.0),
            lambda: M.ContinuousBernoulli(T.tensor([0.5])).log_prob(T.tensor([1.5])),
            lambda: M.LowRankMultivariateNormal(T.zeros(3), T.ones(3, 2), -T.ones(3)),
            lambda: M.LowRankMultivariateNormal(T.zeros(3), T.ones(3, 2), T.ones(2)),
            lambda: M.LowRankMultivariateNormal(T.tensor(1.0), T.ones(3, 2), T.ones(3)),
            lambda: M.LowRankMultivariateNormal(T.zeros(2, 3), T.ones(3, 3, 2), T.ones(3)),
            lambda: M.Wishart(4.0, covariance_matrix=T.tensor([[1.0, 2.0], [0.0, 1.0]])),
            lambda: M.Wishart(4.0, covariance_matrix=T.ones(3)),
            lambda: M.Wishart(4.0, covariance_matrix=T.eye(2)).log_prob(-T.eye(2)),
            lambda: M.LKJCholesky(3, -1.0),
            lambda: M.LKJCholesky(2).log_prob(T.eye(2) * 2),
            lambda: M.GeneralizedPareto(0.0, -1.0, 0.5),
            lambda: M.GeneralizedPareto(0.0, 1.0, 0.5).log_prob(T.tensor(-1.0)),
        )
        for bad in cases:
            try:
                bad()
                msgs.append(None)
            except (ValueError, AssertionError, NotImplementedError, RuntimeError) as e:
                msgs.append((type(e).__name__, str(e)))
        return msgs
    want, got = _both(build)
    assert got == want
