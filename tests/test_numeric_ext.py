"""Tests for ``ember/ops/numeric_ext.py`` (copysign ... digamma), against PyTorch when installed."""
import math
import warnings

import numpy as np
import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is only the oracle
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")

NAN, INF = float("nan"), float("inf")
A = [1.5, -2.0, 0.0, -0.0, 3.25, INF, -INF, NAN, 1e-30]
B = [-1.0, 2.0, -3.0, 0.5, -0.0, 2.0, -1.5, 1.0, 7.0]
SPECIAL = [0.0, -0.0, 1.0, 2.0, 0.5, -0.5, -1.0, -2.0, -2.5, 1e-8, -1e-8, 1e30, INF, -INF, NAN, 3.5, -100.5,
           171.5, 1e6, 1 + 1e-9, 7.3, 0.3]


def _pair(values, dtype, requires_grad=False):
    e = ember.tensor(values, dtype=getattr(ember, dtype), requires_grad=requires_grad)
    t = torch.tensor(values, dtype=getattr(torch, dtype), requires_grad=requires_grad)
    return e, t


def _same(e, t, rtol=1e-6, atol=0.0):
    assert str(e.dtype) == str(t.dtype)
    assert tuple(e.shape) == tuple(t.shape)
    np.testing.assert_allclose(np.asarray(e.detach().numpy(), dtype=np.float64),
                               t.detach().numpy().astype(np.float64), rtol=rtol, atol=atol, equal_nan=True)


def _grad_name(x):
    return None if x.grad_fn is None else type(x.grad_fn).__name__


# --------------------------------------------------------------- value table
BINARY = [("copysign", A, B), ("logaddexp2", [0.0, 1.0, -INF, INF, 100.0, -3.0], [0.0, -1.0, -INF, 1.0, 100.0, 4.0]),
          ("nextafter", A, B)]


@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name,a,b", BINARY)
def test_binary_float_values(name, a, b, dtype):
    (ea, ta), (eb, tb) = _pair(a, dtype), _pair(b, dtype)
    e, t = getattr(ember, name)(ea, eb), getattr(torch, name)(ta, tb)
    _same(e, t, rtol=0)
    _same(getattr(ea, name)(eb), t, rtol=0)


@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_ldexp_and_frexp_values(dtype):
    ea, ta = _pair([1.5, -2.0, 0.0, INF, NAN, 3e-5, 1e10], dtype)
    e_exp, t_exp = ember.tensor([3, -2, 5, 1, 0, 40, -8]), torch.tensor([3, -2, 5, 1, 0, 40, -8])
    _same(ember.ldexp(ea, e_exp), torch.ldexp(ta, t_exp), rtol=0)
    em, ee = ember.frexp(ea)
    tm, te = torch.frexp(ta)
    _same(em, tm, rtol=0)
    _same(ee, te, rtol=0)
    assert type(ember.frexp(ea)).__name__ == "frexp"
    assert repr(ember.frexp(ember.tensor([8.0]))) == repr(torch.frexp(torch.tensor([8.0])))


@needs_torch
def test_integer_inputs_and_dtypes():
    ei, ti = ember.tensor([12, -18, 0, 7]), torch.tensor([12, -18, 0, 7])
    ej, tj = ember.tensor([8, 12, 0, -3]), torch.tensor([8, 12, 0, -3])
    for name in ("gcd", "lcm", "copysign", "ldexp"):
        _same(getattr(ember, name)(ei, ej), getattr(torch, name)(ti, tj), rtol=0)
    _same(ember.copysign(ei, -1), torch.copysign(ti, -1), rtol=0)
    _same(ember.copysign(ember.tensor([1.0, 2.0]), -0.0), torch.copysign(torch.tensor([1.0, 2.0]), -0.0), rtol=0)
    _same(ember.gcd(ei.int(), ej), torch.gcd(ti.int(), tj), rtol=0)
    x = ember.tensor([12, 9])
    x.gcd_(ember.tensor([8, 6]))
    assert x.tolist() == [4, 3]


@needs_torch
@pytest.mark.parametrize("call,expected", [
    (lambda m: m.gcd(m.tensor([1.0]), m.tensor([2.0])), NotImplementedError),
    (lambda m: m.logaddexp2(m.tensor([1]), m.tensor([2])), NotImplementedError),
    (lambda m: m.nextafter(m.tensor([1]), m.tensor([2])), NotImplementedError),
    (lambda m: m.frexp(m.tensor([3])), RuntimeError),
    (lambda m: m.ldexp(m.tensor([1.0]), 3), TypeError),
])
def test_errors_match(call, expected):
    with pytest.raises(expected) as te:
        call(torch)
    with pytest.raises(expected) as ee:
        call(ember)
    assert str(ee.value) == str(te.value)


# ------------------------------------------------------ grad_fn and gradients
GRAD_CASES = [
    ("copysign", lambda m, a, b: m.copysign(a, b), "CopysignBackward0"),
    ("copysign_scalar", lambda m, a, b: m.copysign(a, -2.0), "CopysignBackward1"),
    ("logaddexp2", lambda m, a, b: m.logaddexp2(a, b), "Logaddexp2Backward0"),
    ("ldexp", lambda m, a, b: m.ldexp(a, b), "LdexpBackward0"),
    ("nextafter", lambda m, a, b: m.nextafter(a, b), "NextafterBackward0"),
    ("frexp", lambda m, a, b: m.frexp(a)[0], "FrexpBackward0"),
    ("lgamma", lambda m, a, b: m.lgamma(a), "LgammaBackward0"),
    ("digamma", lambda m, a, b: m.digamma(a), "DigammaBackward0"),
    ("cov", lambda m, a, b: m.cov(m.stack([a, b])), "SqueezeBackward0"),
    ("cov_1d_weighted", lambda m, a, b: m.cov(a, fweights=m.tensor([1, 2, 1, 3]),
                                              aweights=m.tensor([0.5, 1.0, 2.0, 1.0], dtype=a.dtype)),
     "SqueezeBackward0"),
    ("corrcoef", lambda m, a, b: m.corrcoef(m.stack([a, b])), "ClampBackward1"),
    ("trapezoid", lambda m, a, b: m.trapezoid(a), "MulBackward1"),
    ("trapezoid_dx", lambda m, a, b: m.trapezoid(a, dx=0.5), "MulBackward1"),
    ("trapezoid_x", lambda m, a, b: m.trapezoid(a, b), "DivBackward1"),
    ("trapz", lambda m, a, b: m.trapz(m.stack([a, b]), dim=0), "MulBackward1"),
    ("cumulative_trapezoid", lambda m, a, b: m.cumulative_trapezoid(a), "CumsumBackward0"),
    ("cumulative_trapezoid_x", lambda m, a, b: m.cumulative_trapezoid(a, b), "DivBackward1"),
]


@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("label,fn,node", GRAD_CASES, ids=[c[0] for c in GRAD_CASES])
def test_grad_fn_and_gradients(label, fn, node, dtype):
    a, b = [0.7, -1.3, 2.5, 0.0], [-0.4, 1.1, 3.0, 2.0]
    (ea, ta), (eb, tb) = _pair(a, dtype, True), _pair(b, dtype, True)
    e, t = fn(ember, ea, eb), fn(torch, ta, tb)
    rtol = 1e-5 if dtype == "float32" else 1e-10
    _same(e, t, rtol=rtol, atol=1e-6)
    assert _grad_name(e) == _grad_name(t) == node
    seed = np.linspace(0.5, 1.5, int(np.prod(t.shape)) or 1).reshape(tuple(t.shape))
    ge = ember.autograd.grad(e, [ea, eb], ember.tensor(seed, dtype=e.dtype), allow_unused=True)
    gt = torch.autograd.grad(t, [ta, tb], torch.tensor(seed, dtype=t.dtype), allow_unused=True)
    for x, y in zip(ge, gt):
        assert (x is None) == (y is None)
        if x is not None:
            _same(x, y, rtol=rtol, atol=1e-5)


@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["lgamma", "digamma"])
def test_special_values(name, dtype):
    e, t = _pair(SPECIAL, dtype)
    # float32: torch runs the series in float32, ember in float64 then rounds
    rtol, atol = (2e-6, 3e-7) if dtype == "float32" else (1e-12, 1e-15)
    _same(getattr(ember, name)(e), getattr(torch, name)(t), rtol=rtol, atol=atol)
    _same(getattr(e, name)(), getattr(torch, name)(t), rtol=rtol, atol=atol)


@needs_torch
def test_special_integer_input_and_second_order():
    _same(ember.lgamma(ember.tensor([1, 2, 3])), torch.lgamma(torch.tensor([1, 2, 3])))
    _same(ember.digamma(ember.tensor([1, 2])), torch.digamma(torch.tensor([1, 2])))
    (ex, tx) = _pair([0.5, 2.0, -1.5, 4.0], "float64", True)
    (ge,) = ember.autograd.grad(ember.digamma(ex).sum(), ex, create_graph=True)
    (gt,) = torch.autograd.grad(torch.digamma(tx).sum(), tx, create_graph=True)
    _same(ge, gt, rtol=1e-10)
    (gge,) = ember.autograd.grad(ge.sum(), ex)
    (ggt,) = torch.autograd.grad(gt.sum(), tx)
    _same(gge, ggt, rtol=1e-9)


@needs_torch
def test_cov_corrcoef_trapezoid_values():
    ints = [[1, 2, 4], [0, 3, -1]]
    _same(ember.cov(ember.tensor(ints)), torch.cov(torch.tensor(ints)))
    _same(ember.corrcoef(ember.tensor(ints)), torch.corrcoef(torch.tensor(ints)))
    _same(ember.trapezoid(ember.tensor([1, 2, 4])), torch.trapezoid(torch.tensor([1, 2, 4])))
    _same(ember.cumulative_trapezoid(ember.tensor([1, 2, 4]), dx=2),
          torch.cumulative_trapezoid(torch.tensor([1, 2, 4]), dx=2))
    e, t = _pair([[1.0, 2.0, 4.0], [0.0, 3.0, -1.0]], "float64")
    _same(ember.cov(e, correction=0), torch.cov(t, correction=0))
    _same(ember.trapezoid(e, ember.tensor([0.0, 1.0, 3.0]), dim=1),
          torch.trapezoid(t, torch.tensor([0.0, 1.0, 3.0]), dim=1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _same(ember.cov(ember.tensor([1.0])), torch.cov(torch.tensor([1.0])))
    _same(ember.trapezoid(ember.zeros(2, 0)), torch.trapezoid(torch.zeros(2, 0)))


# ------------------------------------------------------------ without torch
GOLDEN = [
    (ember.lgamma, 0.5, 0.5 * math.log(math.pi)),
    (ember.lgamma, 1.0, 0.0),
    (ember.lgamma, 2.0, 0.0),
    (ember.lgamma, 10.0, math.log(362880.0)),
    (ember.lgamma, -0.5, math.log(2 * math.sqrt(math.pi))),
    (ember.digamma, 1.0, -0.5772156649015329),
    (ember.digamma, 0.5, -0.5772156649015329 - 2 * math.log(2)),
    (ember.digamma, 2.0, 1 - 0.5772156649015329),
]


@pytest.mark.parametrize("fn,x,expected", GOLDEN)
def test_golden_values(fn, x, expected):
    assert abs(fn(ember.tensor([x], dtype=ember.float64)).item() - expected) <= 1e-14 * max(1.0, abs(expected))


def test_golden_poles_and_names():
    x = ember.tensor([0.0, -0.0, -3.0, INF, -INF], dtype=ember.float64)
    assert ember.lgamma(x).tolist() == [INF, INF, INF, INF, INF]
    d = ember.digamma(x).tolist()
    assert d[0] == -INF and d[1] == INF and math.isnan(d[2]) and d[3] == INF and math.isnan(d[4])
    assert ember.gcd(ember.tensor([12, 0]), ember.tensor([18, 0])).tolist() == [6, 0]
    assert ember.lcm(ember.tensor([4, -6]), ember.tensor([6, 4])).tolist() == [12, 12]
    m, e = ember.frexp(ember.tensor([8.0, -3.5]))
    assert m.tolist() == [0.5, -0.875] and e.tolist() == [4, 2] and str(e.dtype) == "torch.int32"
    assert ember.ldexp(ember.tensor([1.0]), ember.tensor([3])).tolist() == [8.0]
    assert ember.nextafter(ember.tensor([1.0], dtype=ember.float64),
                           ember.tensor([2.0], dtype=ember.float64)).item() == np.nextafter(1.0, 2.0)


GRADCHECK = [
    lambda a, b: ember.copysign(a, b + 5),
    lambda a, b: ember.logaddexp2(a, b),
    lambda a, b: ember.ldexp(a, b),
    lambda a, b: ember.lgamma(a + 3),
    lambda a, b: ember.digamma(a + 3),
    lambda a, b: ember.lgamma(a - 3.5),
    lambda a, b: ember.digamma(a - 3.5),
    lambda a, b: ember.cov(ember.stack([a, b])),
    lambda a, b: ember.corrcoef(ember.stack([a, b * a])),
    lambda a, b: ember.trapezoid(a, b.cumsum(0)),
    lambda a, b: ember.cumulative_trapezoid(a, dx=0.3),
]


@pytest.mark.parametrize("i", range(len(GRADCHECK)))
def test_gradcheck(i):
    a = ember.tensor([0.3, -0.7, 1.2, 0.45], dtype=ember.float64, requires_grad=True)
    b = ember.tensor([0.9, 0.2, -0.5, 1.7], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(GRADCHECK[i], (a, b))


def test_gradgradcheck_digamma_lgamma():
    a = ember.tensor([0.3, 1.7, 4.2], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradgradcheck(ember.lgamma, (a,))
    assert ember.autograd.gradgradcheck(ember.digamma, (a,))
