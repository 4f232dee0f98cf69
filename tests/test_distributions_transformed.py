"""Tests for ember.distributions.transforms, constraint_registry and the
TransformedDistribution family (LogNormal, Cauchy, Gumbel, ...): goldens
recorded from PyTorch 2.13, float64 gradchecks and, when PyTorch is
installed, exact agreement of seeded samples / values / reprs with it."""
import numpy as np
import pytest

import ember
import ember.distributions as D
from ember.autograd import gradcheck
from ember.distributions import constraints
from ember.distributions import transforms as T
from ember.distributions.constraint_registry import biject_to, transform_to


def t64(values, grad=False):
    return ember.tensor(values, dtype=ember.float64, requires_grad=grad)


def close(a, b, rtol=1e-6, atol=1e-7):
    np.testing.assert_allclose(np.asarray(a.detach().numpy() if hasattr(a, "detach") else a), b, rtol=rtol, atol=atol)


# ---------------------------------------------------------------- goldens (values printed by PyTorch 2.13)

def test_seeded_samples_golden():
    ember.manual_seed(0)
    close(D.Cauchy(ember.tensor([0., 1.]), ember.tensor([1., 2.])).sample((2,)),
          [[10.597729682922363, 2.5295345783233643], [-0.12829934060573578, 8.866146087646484]])
    ember.manual_seed(0)
    close(D.Gumbel(ember.tensor([0., 1.]), ember.tensor([1., 2.])).sample((2,)),
          [[0.35572922229766846, 3.6660611629486084], [-0.8858347535133362, -0.4108654260635376]])
    ember.manual_seed(0)
    close(D.LogNormal(0., 1.).sample((3,)), [4.669239044189453, 0.7457022666931152, 0.11317846179008484])
    ember.manual_seed(0)
    close(D.Weibull(1., 2.).sample((3,)), [1.873052716255188, 1.1092270612716675, 0.7842474579811096])
    ember.manual_seed(0)
    close(D.RelaxedOneHotCategorical(ember.tensor(0.5), probs=ember.tensor([0.2, 0.3, 0.5])).sample(),
          [0.0574406273663044, 0.9125891327857971, 0.02997025102376938])
    ember.manual_seed(0)
    close(D.Kumaraswamy(2., 3.).sample((3,)), [0.45638275146484375, 0.2900697886943817, 0.7445811033248901])


def test_values_golden():
    close(D.Gumbel(1., 2.).log_prob(ember.tensor(0.5)), -1.727172613143921)
    close(D.Pareto(1., 3.).entropy(), 0.23472106456756592)
    close(D.Kumaraswamy(2., 3.).mean, 0.4571428894996643)
    close(D.InverseGamma(3., 2.).log_prob(ember.tensor(0.7)), -0.044148802757263184, rtol=1e-5)
    close(D.HalfCauchy(1.5).log_prob(ember.tensor(0.5)), -0.9624083042144775)
    close(D.kl_divergence(D.Gumbel(0., 1.), D.Normal(0.5, 2.)), 0.24123215675354004)
    close(D.kl_divergence(D.Pareto(1., 3.), D.Exponential(2.)), 2.072131872177124)


def test_stick_breaking_and_corr_cholesky_golden():
    t = T.StickBreakingTransform()
    x = t64([0.3, -0.2, 1.0])
    y = t(x)
    close(y, [0.3103224420123704, 0.20032428631773394, 0.3577459072349365, 0.13160736443495907], rtol=1e-12)
    close(t.log_abs_det_jacobian(x, y), -5.833825782301124, rtol=1e-12)
    close(t.inv(y), [0.3, -0.2, 1.0], rtol=1e-10)
    c = T.CorrCholeskyTransform()
    y = c(x)
    close(y, [[1.0, 0.0, 0.0], [0.2913126124515909, 0.9566279119002483, 0.0],
              [-0.197375320224904, 0.7466120739260397, 0.6353057484660237]], rtol=1e-12)
    close(c.log_abs_det_jacobian(x, y), -1.015847416337957, rtol=1e-12)
    close(c.inv(y), [0.3, -0.2, 1.0], rtol=1e-10)
    assert bool(constraints.corr_cholesky.check(y))


def test_reprs_and_eq():
    assert repr(T.identity_transform) == "ComposeTransform(\n    \n)"
    assert repr(T.ComposeTransform([T.ExpTransform(), T.AffineTransform(0., 1.)])) == \
        "ComposeTransform(\n    ExpTransform(),\n    AffineTransform()\n)"
    assert repr(T.ExpTransform().inv) == "_InverseTransform(ExpTransform())"
    assert repr(T.IndependentTransform(T.SigmoidTransform(), 2)) == "IndependentTransform(SigmoidTransform(), 2)"
    assert T.ExpTransform() == T.ExpTransform() and T.ExpTransform().inv == T.ExpTransform().inv
    assert T.AffineTransform(1., 2.) == T.AffineTransform(1., 2.) and T.AffineTransform(1., 2.) != T.AffineTransform(1., 3.)
    assert T.PowerTransform(2.) == T.PowerTransform(2.)
    e = T.ExpTransform()
    assert e.inv.inv is e
    with pytest.raises(TypeError):
        hash(T.ExpTransform())  # unhashable, as in PyTorch (``__eq__`` without ``__hash__``)
    assert repr(D.LogNormal(0., 1.)) == "LogNormal()"
    assert repr(D.Cauchy(0., 1.)) == "Cauchy(loc: 0.0, scale: 1.0)"
    assert repr(D.relaxed_bernoulli.LogitRelaxedBernoulli(ember.tensor(0.5), probs=ember.tensor([0.2, 0.7]))) == \
        "LogitRelaxedBernoulli(probs: torch.Size([2]))"
    assert not hasattr(D, "LogitRelaxedBernoulli") and not hasattr(D, "ExpRelaxedCategorical")
    assert D.LogNormal.__module__ == "ember.distributions.log_normal"


def test_transform_errors_and_caching():
    with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
        T.ExpTransform(cache_size=2)
    with pytest.raises(ValueError, match="in_shape, out_shape have different numbers of elements"):
        T.ReshapeTransform((2,), (3,))
    with pytest.raises(ValueError, match="Please use either .domain.event_dim or .codomain.event_dim"):
        T.CorrCholeskyTransform().event_dim
    t = T.ExpTransform(cache_size=1)
    x = ember.randn(3)
    y = t(x)
    assert t(x) is y and t.inv(y) is x
    assert T.ExpTransform().with_cache(1)._cache_size == 1


def test_constraint_registry():
    r = biject_to(constraints.positive)
    assert isinstance(r, T.ComposeTransform) and isinstance(r.parts[0], T.ExpTransform)
    assert isinstance(transform_to(constraints.unit_interval), T.SigmoidTransform)
    assert isinstance(biject_to(constraints.simplex), T.StickBreakingTransform)
    assert isinstance(transform_to(constraints.simplex), T.SoftmaxTransform)
    assert isinstance(transform_to(constraints.lower_cholesky), T.LowerCholeskyTransform)
    assert isinstance(biject_to(constraints.independent(constraints.real, 1)), T.IndependentTransform)
    assert biject_to(constraints.real) is T.identity_transform
    with pytest.raises(NotImplementedError, match="Cannot transform _LowerCholesky constraints"):
        biject_to(constraints.lower_cholesky)
    t = transform_to(constraints.interval(-2., 3.))
    y = t(ember.tensor([-10., 0., 10.]))
    assert bool(((y >= -2) & (y <= 3)).all())


def test_validation_messages():
    with pytest.raises(ValueError, match=r"Expected parameter scale \(Tensor of shape \(\)\) of distribution "
                                         r"HalfNormal\(\) to satisfy the constraint GreaterThan\(lower_bound=0.0\)"):
        D.HalfNormal(-1.)
    with pytest.raises(ValueError, match="Expected value argument"):
        D.Pareto(1., 2.).log_prob(ember.tensor([0.5]))
    with pytest.raises(ValueError, match="transforms must be a Transform or list, but was 3"):
        D.TransformedDistribution(D.Normal(0., 1.), 3)


def test_shapes_and_expand():
    d = D.TransformedDistribution(D.Normal(ember.zeros(4), 1.), [T.ReshapeTransform((4,), (2, 2)), T.ExpTransform()])
    assert d.batch_shape == ember.Size([]) and d.event_shape == ember.Size([2, 2])
    assert d.expand((3,)).sample().shape == (3, 2, 2)
    ln = D.LogisticNormal(ember.zeros(3), 1.)
    assert ln.event_shape == ember.Size([4]) and ln.sample((2,)).shape == (2, 4)
    assert D.Gumbel(ember.zeros(2), 1.).expand((3, 2)).sample().shape == (3, 2)
    assert D.Weibull(ember.ones(2), 1.).expand((3, 2)).log_prob(ember.ones(3, 2)).shape == (3, 2)


# ---------------------------------------------------------------- float64 gradchecks

def test_gradcheck_log_prob():
    x = t64([0.4, 1.3])
    assert gradcheck(lambda m, s: D.LogNormal(m, s).log_prob(x), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(lambda m, s: D.Cauchy(m, s).log_prob(x), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(lambda m, s: D.Gumbel(m, s).log_prob(x), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(lambda s, c: D.Weibull(s, c).log_prob(x), (t64([0.9, 1.2], True), t64([1.5, 2.3], True)))
    assert gradcheck(lambda s: D.HalfNormal(s).log_prob(x), (t64([0.9, 1.2], True),))
    assert gradcheck(lambda a, b: D.Kumaraswamy(a, b).log_prob(t64([0.3, 0.8])), (t64([0.9, 1.2], True), t64([1.5, 2.3], True)))
    assert gradcheck(lambda a, b: D.InverseGamma(a, b).log_prob(x), (t64([1.9, 1.2], True), t64([1.5, 2.3], True)))
    assert gradcheck(lambda lg: D.RelaxedOneHotCategorical(t64(0.7), logits=lg).log_prob(t64([0.2, 0.3, 0.5])),
                     (t64([0.1, 0.4, -0.3], True),))


def test_gradcheck_rsample():
    def seeded(fn):
        def run(*args):
            ember.manual_seed(3)
            return fn(*args)
        return run
    assert gradcheck(seeded(lambda m, s: D.LogNormal(m, s).rsample((2,))), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(seeded(lambda m, s: D.Cauchy(m, s).rsample((2,))), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(seeded(lambda m, s: D.Gumbel(m, s).rsample((2,))), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(seeded(lambda s, c: D.Weibull(s, c).rsample((2,))), (t64([0.9, 1.2], True), t64([1.5, 2.3], True)))
    assert gradcheck(seeded(lambda a, b: D.Kumaraswamy(a, b).rsample((2,))), (t64([0.9, 1.2], True), t64([1.5, 2.3], True)))
    assert gradcheck(seeded(lambda m, s: D.LogisticNormal(m, s).rsample((2,))), (t64([0.1, -0.2], True), t64([0.8, 1.3], True)))
    assert gradcheck(seeded(lambda tt, p: D.RelaxedBernoulli(tt, probs=p).rsample((2,))), (t64(0.6, True), t64([0.3, 0.6], True)))


def test_gradcheck_transforms_log_abs_det_jacobian():
    for t in [T.ExpTransform(), T.SigmoidTransform(), T.TanhTransform(), T.SoftplusTransform(),
              T.AffineTransform(0.5, -2.0), T.StickBreakingTransform()]:
        assert gradcheck(lambda x, t=t: t.log_abs_det_jacobian(x, t(x)), (t64([0.3, -0.7, 1.1], True),))
    c = T.CorrCholeskyTransform()
    assert gradcheck(lambda x: c.log_abs_det_jacobian(x, c(x)), (t64([0.3, -0.7, 1.1], True),))


# ---------------------------------------------------------------- agreement with PyTorch


def _both(torch):
    import torch.distributions as TD
    return TD


def _np(x):
    return x.detach().numpy()


_FAMILIES = [
    ("LogNormal", lambda L, t: L.LogNormal(t([0., 1., -1.]), t([1., 0.5, 2.]))),
    ("HalfNormal", lambda L, t: L.HalfNormal(t([1., 2., 0.5]))),
    ("Cauchy", lambda L, t: L.Cauchy(t([0., 1., -1.]), t([1., 0.5, 2.]))),
    ("HalfCauchy", lambda L, t: L.HalfCauchy(t([1., 0.5, 2.]))),
    ("Gumbel", lambda L, t: L.Gumbel(t([0., 1., -1.]), t([1., 0.5, 2.]))),
    ("Weibull", lambda L, t: L.Weibull(t([1., 2., 3.]), t([0.5, 1., 2.5]))),
    ("Pareto", lambda L, t: L.Pareto(t([1., 2., 3.]), t([0.5, 1.5, 3.5]))),
    ("Kumaraswamy", lambda L, t: L.Kumaraswamy(t([0.5, 2., 3.]), t([2., 0.7, 3.5]))),
    ("LogisticNormal", lambda L, t: L.LogisticNormal(t([0., 1., -1.]), t([1., 0.5, 2.]))),
    ("InverseGamma", lambda L, t: L.InverseGamma(t([2.5, 1.5, 3.]), t([1., 2., 0.5]))),
    ("RelaxedBernoulli", lambda L, t: L.RelaxedBernoulli(t(0.7), probs=t([0.2, 0.7, 0.5]))),
    ("RelaxedOneHotCategorical", lambda L, t: L.RelaxedOneHotCategorical(t(0.5), logits=t([[0.2, 0.3, -0.5], [1., 0., 2.]]))),
]


@pytest.mark.parametrize("name,ctor", _FAMILIES, ids=[f[0] for f in _FAMILIES])
def test_family_matches_torch(name, ctor):
    torch = pytest.importorskip("torch")
    TD = _both(torch)
    e_t = lambda v: ember.tensor(v, dtype=ember.float64)
    t_t = lambda v: torch.tensor(v, dtype=torch.float64)
    ed, td = ctor(D, e_t), ctor(TD, t_t)
    assert repr(ed) == repr(td)
    assert tuple(ed.batch_shape) == tuple(td.batch_shape) and tuple(ed.event_shape) == tuple(td.event_shape)
    assert repr(ed.support) == repr(td.support)
    ember.manual_seed(11)
    torch.manual_seed(11)
    es, ts = ed.sample((4,)), td.sample((4,))
    np.testing.assert_allclose(_np(es), ts.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(_np(ed.log_prob(es)), td.log_prob(ts).numpy(), rtol=1e-10, atol=1e-12)
    if td.has_rsample:
        ember.manual_seed(5)
        torch.manual_seed(5)
        np.testing.assert_allclose(_np(ed.rsample((2,))), td.rsample((2,)).numpy(), rtol=1e-12, atol=1e-14)
    for attr in ("mean", "mode", "variance", "stddev", "entropy"):
        try:
            want = getattr(td, attr)
            want = want() if callable(want) else want
        except NotImplementedError:
            with pytest.raises(NotImplementedError):
                got = getattr(ed, attr)
                got() if callable(got) else got
            continue
        got = getattr(ed, attr)
        got = got() if callable(got) else got
        np.testing.assert_allclose(_np(got), want.numpy(), rtol=1e-10, atol=1e-12, equal_nan=True)
    for method in ("cdf",):
        try:
            want = td.cdf(ts)
        except NotImplementedError:
            continue
        np.testing.assert_allclose(_np(ed.cdf(es)), want.numpy(), rtol=1e-10, atol=1e-12)
    ex_e, ex_t = ed.expand((2,) + tuple(ed.batch_shape)), td.expand((2,) + tuple(td.batch_shape))
    assert repr(ex_e) == repr(ex_t) and tuple(ex_e.batch_shape) == tuple(ex_t.batch_shape)


def test_rsample_gradients_match_torch():
    torch = pytest.importorskip("torch")
    TD = _both(torch)
    for cls in ("LogNormal", "Cauchy", "Gumbel", "Weibull", "Pareto", "Kumaraswamy"):
        grads = []
        for lib, L in ((ember, D), (torch, TD)):
            a = lib.tensor([0.6, 1.2], dtype=lib.float64, requires_grad=True)
            b = lib.tensor([1.1, 0.7], dtype=lib.float64, requires_grad=True)
            lib.manual_seed(5)
            r = getattr(L, cls)(a, b).rsample((3,))
            g = lib.autograd.grad(r.sum(), [a, b])
            lp = getattr(L, cls)(a, b).log_prob(r.detach())
            g2 = lib.autograd.grad(lp.sum(), [a, b])
            grads.append([x.detach().numpy() for x in (r,) + tuple(g) + (lp,) + tuple(g2)] + [type(r.grad_fn).__name__])
        for x, y in zip(grads[0][:-1], grads[1][:-1]):
            np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
        assert grads[0][-1] == grads[1][-1]


def test_transforms_match_torch():
    torch = pytest.importorskip("torch")
    TT = torch.distributions.transforms
    x = np.random.default_rng(0).standard_normal((3, 4))
    for name, args in [("ExpTransform", ()), ("SigmoidTransform", ()), ("TanhTransform", ()), ("SoftplusTransform", ()),
                       ("AffineTransform", (1.5, -2.0)), ("SoftmaxTransform", ()), ("StickBreakingTransform", ()),
                       ("AbsTransform", ()), ("LowerCholeskyTransform", ())]:
        et, tt = getattr(T, name)(*args), getattr(TT, name)(*args)
        ex, tx = ember.tensor(x), torch.tensor(x)
        if name == "LowerCholeskyTransform":
            ex, tx = ex[:, :3], tx[:, :3]
        ey, ty = et(ex), tt(tx)
        np.testing.assert_allclose(_np(ey), ty.numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(_np(et.inv(ey)), tt.inv(ty).numpy(), rtol=1e-10, atol=1e-12)
        try:
            want = tt.log_abs_det_jacobian(tx, ty)
        except NotImplementedError:
            continue
        np.testing.assert_allclose(_np(et.log_abs_det_jacobian(ex, ey)), want.numpy(), rtol=1e-10, atol=1e-12)
        assert repr(et) == repr(tt) and repr(et.domain) == repr(tt.domain) and repr(et.codomain) == repr(tt.codomain)


def test_kl_matches_torch():
    torch = pytest.importorskip("torch")
    TD = _both(torch)
    specs = {
        "Normal": ("Normal", [0.1, -0.3], [1.2, 0.6]), "Exponential": ("Exponential", [1.5, 0.4]),
        "Gamma": ("Gamma", [2.5, 0.7], [1.2, 3.0]), "Beta": ("Beta", [2.5, 0.7], [1.2, 3.0]),
        "Uniform": ("Uniform", [0.5, 1.5], [1.2, 3.0]), "Laplace": ("Laplace", [0.1, -0.3], [1.2, 0.6]),
        "Gumbel": ("Gumbel", [0.1, -0.3], [1.2, 0.6]), "Pareto": ("Pareto", [0.6, 1.2], [2.5, 3.5]),
        "Cauchy": ("Cauchy", [0.1, -0.3], [1.2, 0.6]), "HalfNormal": ("HalfNormal", [1.2, 0.6]),
        "LogNormal": ("LogNormal", [0.1, -0.3], [1.2, 0.6]),
    }

    def build(L, lib, spec):
        return getattr(L, spec[0])(*[lib.tensor(v, dtype=lib.float64) for v in spec[1:]])

    for a in specs.values():
        for b in specs.values():
            try:
                want = TD.kl_divergence(build(TD, torch, a), build(TD, torch, b)).numpy()
            except NotImplementedError:
                with pytest.raises(NotImplementedError):
                    D.kl_divergence(build(D, ember, a), build(D, ember, b))
                continue
            got = D.kl_divergence(build(D, ember, a), build(D, ember, b)).numpy()
            np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg=f"{a[0]} {b[0]}")
