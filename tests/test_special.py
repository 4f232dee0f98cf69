"""``ember.special`` against PyTorch's ``torch.special``.

One table of cases (``CASES``) drives the comparisons with PyTorch when it is
installed: forward values in float32 and float64 (NaN, ±inf, signed zeros and
out-of-domain inputs included), dtypes, the ``grad_fn`` graph, first and
second derivatives.  The float64 ``gradcheck``/``gradgradcheck`` runs and the
hand-derived golden values need no torch.
"""
from __future__ import annotations

import math
from typing import Callable, NamedTuple, Optional, Sequence

import numpy as np
import pytest

import ember

try:  # PyTorch is the oracle, never a dependency.
    import torch  # type: ignore
except Exception:  # pragma: no cover - torch absent
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (the oracle) is not installed")

nan, inf = math.nan, math.inf
S2PI = math.sqrt(2 * math.pi)

# ---------------------------------------------------------------- inputs
EDGE = [nan, inf, -inf, 0.0, -0.0, 1.0, -1.0, 0.25, 0.5, 2.0, -2.0, 1e-30, 1.5, -10.0, -40.0, 40.0]
PROB = [nan, inf, -inf, 0.0, -0.0, 1.0, -1.0, 1e-30, 1e-10, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-7, 2.0]
UNIT = [nan, inf, -inf, 0.0, -1.0, 1.0, -0.999, -0.5, 0.0001, 0.3, 0.9, 2.0]  # erfinv's domain is [-1, 1]
XS = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, -1.0, nan, 3.0, 0.5, 0.0, -2.0]  # xlogy/xlog1py ``input``
YS = [0.0, -1.0, nan, 2.0, -2.0, 0.0, -1.0, -2.0, 1.0, inf, 0.3, -inf, 5.0]  # ... and ``other``

# smooth float64 points for gradcheck (away from kinks, clamps and rounding boundaries)
U = [-1.7, -0.6, 0.3, 1.2, 2.2]
POS = [0.2, 0.7, 1.5, 3.0]
P = [0.05, 0.3, 0.5, 0.8, 0.97]


class Case(NamedTuple):
    id: str
    fn: Callable  # fn(S, *tensors) with S = ember.special or torch.special
    inputs: Sequence[list]  # one list of values per tensor argument
    grad_fn: str
    smooth: Optional[Sequence[list]] = None  # gradcheck points (None: not differentiable there)
    grad_inputs: Optional[Sequence[list]] = None  # points for the gradient comparison, if not ``inputs``


# PyTorch's logit backward differs between its scalar and vectorised loops at -0.0 (+inf or -inf) and, with
# eps, at NaN (NaN or 0); ember follows the vectorised loop and the create_graph formula (see the golden tests).
PROB_GRAD = [v for v in PROB if not (v == 0 and math.copysign(1, v) < 0)]
PROB_GRAD_EPS = [v for v in PROB_GRAD if not math.isnan(v)]

CASES = [
    # re-exported ember ops
    Case("expit", lambda S, x: S.expit(x), [EDGE], "SigmoidBackward0", [U]),
    Case("erf", lambda S, x: S.erf(x), [EDGE], "ErfBackward0", [U]),
    Case("erfc", lambda S, x: S.erfc(x), [EDGE], "ErfcBackward0", [U]),
    Case("erfinv", lambda S, x: S.erfinv(x), [UNIT], "ErfinvBackward0", [[-0.9, -0.3, 0.2, 0.7]]),
    Case("exp2", lambda S, x: S.exp2(x), [EDGE], "Exp2Backward0", [U]),
    Case("expm1", lambda S, x: S.expm1(x), [EDGE], "Expm1Backward0", [U]),
    Case("log1p", lambda S, x: S.log1p(x), [EDGE], "Log1PBackward0", [POS]),
    Case("logsumexp", lambda S, x: S.logsumexp(x, 0), [U], "LogsumexpBackward0", [U]),
    Case("logsumexp_keepdim", lambda S, x: S.logsumexp(x, -1, keepdim=True), [U], "LogsumexpBackward0", [U]),
    Case("softmax", lambda S, x: S.softmax(x, 0), [U], "SoftmaxBackward0", [U]),
    Case("log_softmax", lambda S, x: S.log_softmax(x, 0), [U], "LogSoftmaxBackward0", [U]),
    # written in ember.special
    Case("round", lambda S, x: S.round(x), [EDGE], "RoundBackward1", [U]),
    Case("round_decimals", lambda S, x: S.round(x, decimals=1), [EDGE + [0.25, 1.35]], "RoundBackward1",
         [[-1.77, 0.33, 1.21]]),
    Case("xlogy", lambda S, x, y: S.xlogy(x, y), [XS, YS], "XlogyBackward0", [POS, POS]),
    Case("xlogy_number_self", lambda S, y: S.xlogy(2.5, y), [YS], "XlogyBackward1", [POS]),
    Case("xlogy_zero_self", lambda S, y: S.xlogy(0, y), [YS], "XlogyBackward1", [POS]),
    Case("xlogy_number_other", lambda S, x: S.xlogy(x, 3.0), [XS], "XlogyBackward2", [U]),
    Case("xlogy_zero_other", lambda S, x: S.xlogy(x, 0.0), [XS], "XlogyBackward2"),
    Case("xlogy_negative_other", lambda S, x: S.xlogy(x, -1.0), [XS], "XlogyBackward2"),
    Case("xlogy_nan_other", lambda S, x: S.xlogy(x, nan), [XS], "XlogyBackward2"),
    Case("xlog1py", lambda S, x, y: S.xlog1py(x, y), [XS, YS], "SpecialXlog1PyBackward0", [U[1:], POS]),
    Case("xlog1py_number_self", lambda S, y: S.xlog1py(2.5, y), [YS], "SpecialXlog1PyBackward1", [POS]),
    Case("xlog1py_number_other", lambda S, x: S.xlog1py(x, 3.0), [XS], "SpecialXlog1PyBackward2", [U]),
    Case("xlog1py_pole_other", lambda S, x: S.xlog1py(x, -1.0), [XS], "SpecialXlog1PyBackward2"),
    Case("xlog1py_negative_other", lambda S, x: S.xlog1py(x, -2.0), [XS], "SpecialXlog1PyBackward2"),
    Case("logit", lambda S, x: S.logit(x), [PROB], "LogitBackward0", [P], [PROB_GRAD]),
    Case("logit_eps", lambda S, x: S.logit(x, eps=0.1), [PROB + [0.1, 0.9]], "LogitBackward0", [[0.2, 0.5, 0.8]],
         [PROB_GRAD_EPS]),
    Case("logit_eps0", lambda S, x: S.logit(x, 0.0), [PROB], "LogitBackward0", [P], [PROB_GRAD_EPS]),
    Case("logit_eps_negative", lambda S, x: S.logit(x, eps=-1.0), [PROB], "LogitBackward0", [P], [PROB_GRAD_EPS]),
    Case("logit_eps_crossed", lambda S, x: S.logit(x, eps=0.7), [PROB], "LogitBackward0", None, [PROB_GRAD_EPS]),
    Case("sinc", lambda S, x: S.sinc(x), [EDGE + [1e-160, -37.0, 3.0]], "SincBackward0", [U]),
    Case("entr", lambda S, x: S.entr(x), [EDGE], "SpecialEntrBackward0", [POS]),
    Case("ndtr", lambda S, x: S.ndtr(x), [EDGE + [-5.0, 8.0]], "MulBackward1", [U]),
    Case("log_ndtr", lambda S, x: S.log_ndtr(x), [EDGE + [-1e5, -37.0, -36.5, -1.1, -0.9, 5.0]],
         "SpecialLogNdtrBackward0", [U + [-30.0]]),
    Case("ndtri", lambda S, x: S.ndtri(x), [PROB + [1e-300, 0.2, 0.9]], "SpecialNdtriBackward0", [P]),
]
IDS = [c.id for c in CASES]
DTYPES = ["float32", "float64"]


# --------------------------------------------------------------- helpers
def _run(mod, case: Case, values, dtype: str, requires_grad: bool = False):
    ts = [mod.tensor(v, dtype=getattr(mod, dtype), requires_grad=requires_grad) for v in values]
    return ts, case.fn(mod.special, *ts)


def _np(t) -> np.ndarray:
    return np.asarray(t.detach().numpy())


def _tol(dtype: str) -> dict:
    return dict(rtol=1e-5, atol=1e-7) if dtype == "float32" else dict(rtol=1e-12, atol=1e-15)


def _assert_same_values(e: np.ndarray, t: np.ndarray, dtype: str) -> None:
    """Close values, NaN and ±inf in the same places, and the same signed zeros."""
    assert e.shape == t.shape
    np.testing.assert_allclose(e, t, equal_nan=True, **_tol(dtype))
    zero = t == 0
    assert np.array_equal(zero, e == 0)
    assert np.array_equal(np.signbit(e[zero]), np.signbit(t[zero]))


def _graph_names(fn) -> list:
    """Names of the ``grad_fn`` graph, depth first through ``next_functions``."""
    if fn is None:
        return [None]
    names = [fn.name()]
    for nxt, _ in fn.next_functions:
        names += _graph_names(nxt)
    return names


# ------------------------------------------------------ against PyTorch
@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_forward_matches_torch(case, dtype):
    _, e = _run(ember, case, case.inputs, dtype)
    _, t = _run(torch, case, case.inputs, dtype)
    assert str(e.dtype) == str(t.dtype)
    _assert_same_values(_np(e), _np(t), dtype)


@needs_torch
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_grad_fn_matches_torch(case):
    _, e = _run(ember, case, case.inputs, "float32", requires_grad=True)
    _, t = _run(torch, case, case.inputs, "float32", requires_grad=True)
    assert e.grad_fn.name() == t.grad_fn.name() == case.grad_fn
    assert _graph_names(e.grad_fn) == _graph_names(t.grad_fn)


@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_grad_matches_torch(case, dtype):
    values = case.grad_inputs or case.inputs
    e_in, e = _run(ember, case, values, dtype, requires_grad=True)
    t_in, t = _run(torch, case, values, dtype, requires_grad=True)
    g = np.random.default_rng(0).uniform(0.5, 2.0, size=tuple(t.shape)) * np.where(np.arange(t.numel()) % 2, 1, -1)
    g = g.reshape(tuple(t.shape)).astype(dtype)
    e.backward(ember.tensor(g))
    t.backward(torch.tensor(g))
    for et, tt in zip(e_in, t_in):
        assert str(et.grad.dtype) == str(tt.grad.dtype)
        _assert_same_values(_np(et.grad), _np(tt.grad), dtype)


@needs_torch
@pytest.mark.parametrize("case", [c for c in CASES if c.smooth], ids=[c.id for c in CASES if c.smooth])
def test_double_backward_matches_torch(case):
    results = []
    for mod in (ember, torch):
        ts, out = _run(mod, case, case.smooth, "float64", requires_grad=True)
        grads = mod.autograd.grad(out.sum(), ts, create_graph=True)
        first = [_np(g) for g in grads]
        if not any(g.requires_grad for g in grads):  # the first derivative is a constant (round)
            results.append((first, None))
            continue
        second = mod.autograd.grad(sum(g.sum() for g in grads if g.requires_grad), ts, allow_unused=True)
        results.append((first, [None if s is None else _np(s) for s in second]))
    (e_first, e_second), (t_first, t_second) = results
    for a, b in zip(e_first, t_first):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    assert (e_second is None) == (t_second is None)
    for a, b in zip(e_second or (), t_second or ()):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


@needs_torch
@pytest.mark.parametrize("name", ["logit", "sinc", "entr", "ndtr", "log_ndtr", "ndtri", "expit", "erf", "exp2"])
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "uint8", "float16"])
def test_dtype_rules_match_torch(name, dtype):
    def call(mod):
        try:
            r = getattr(mod.special, name)(mod.tensor([1, 0], dtype=getattr(mod, dtype)))
        except Exception as exc:
            return type(exc).__name__, str(exc)
        return str(r.dtype), _np(r).astype(np.float64)
    e, t = call(ember), call(torch)
    assert e[0] == t[0]
    if isinstance(e[1], str):
        assert e[1] == t[1]
    else:
        np.testing.assert_allclose(e[1], t[1], rtol=2e-3 if dtype == "float16" else 1e-6)


XLOG_PROMOTION = [
    (lambda m: m.tensor([1.0, 0.0, 2.0], dtype=m.float64), lambda m: m.tensor([0.5, 0.0, 3.0])),
    (lambda m: m.tensor(2.0, dtype=m.float64), lambda m: m.tensor([0.5, 0.0, 3.0])),
    (lambda m: m.tensor([1, 2]), lambda m: m.tensor([3, 4])),
    (lambda m: m.tensor([1, 2]), lambda m: 2.5),
    (lambda m: True, lambda m: m.tensor([3, 4], dtype=m.uint8)),
    (lambda m: m.tensor([1.0, 2.0], dtype=m.float16), lambda m: 2),
    (lambda m: 2.0, lambda m: m.tensor([1.0, 2.0], dtype=m.float64)),
    (lambda m: m.tensor([[1.0], [0.0]]), lambda m: m.tensor([0.5, 0.0, 3.0])),
]


@needs_torch
@pytest.mark.parametrize("name", ["xlogy", "xlog1py"])
@pytest.mark.parametrize("k", range(len(XLOG_PROMOTION)))
def test_xlog_promotion_and_broadcast_match_torch(name, k):
    make_a, make_b = XLOG_PROMOTION[k]
    results = []
    for mod in (ember, torch):
        a, b = make_a(mod), make_b(mod)
        grad_ins = [t for t in (a, b) if isinstance(t, mod.Tensor) and t.is_floating_point()]
        for t in grad_ins:
            t.requires_grad_()
        r = getattr(mod.special, name)(a, b)
        grads = []
        if r.requires_grad:
            r.sum().backward()
            grads = [(str(t.grad.dtype), tuple(t.grad.shape), _np(t.grad).astype(np.float64)) for t in grad_ins]
        results.append((str(r.dtype), tuple(r.shape), _np(r).astype(np.float64), grads))
    (ed, es, ev, eg), (td, ts, tv, tg) = results
    assert (ed, es) == (td, ts)
    np.testing.assert_allclose(ev, tv, rtol=1e-3, equal_nan=True)
    assert len(eg) == len(tg)
    for (a_dt, a_sh, a_v), (b_dt, b_sh, b_v) in zip(eg, tg):
        assert (a_dt, a_sh) == (b_dt, b_sh)
        np.testing.assert_allclose(a_v, b_v, rtol=1e-3, equal_nan=True)


ERRORS = [
    lambda S, m: S.softmax(m.ones(2)),
    lambda S, m: S.log_softmax(m.ones(2)),
    lambda S, m: S.logsumexp(m.ones(2)),
    lambda S, m: S.xlogy(2.0, 3.0),
    lambda S, m: S.xlog1py(2, 3),
    lambda S, m: S.xlogy(m.ones(2), "a"),
    lambda S, m: S.xlogy(m.ones(2), m.ones(3)),
    lambda S, m: S.logit(m.ones(2), eps="a"),
    lambda S, m: S.round(m.tensor([1, 2])),
    lambda S, m: S.round(m.tensor([True])),
    lambda S, m: S.ndtri(m.ones(2, dtype=m.float16)),
    lambda S, m: S.log_ndtr(m.ones(2, dtype=m.float16)),
    lambda S, m: S.logit(m.ones(2, dtype=m.complex64)),
    lambda S, m: S.entr(m.ones(2, dtype=m.complex64)),
    lambda S, m: S.ndtr(m.ones(2, dtype=m.complex64)),
    lambda S, m: S.ndtri(m.ones(2, dtype=m.complex128)),
    lambda S, m: S.xlog1py(m.ones(2, dtype=m.complex64), m.ones(2)),
]


@needs_torch
@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_match_torch(k):
    def message(mod):
        with pytest.raises(Exception) as info:
            ERRORS[k](mod.special, mod)
        return type(info.value).__name__, str(info.value)
    assert message(ember) == message(torch)


@needs_torch
def test_every_torch_special_function_is_provided_or_documented():
    import ember.special as es
    public = [n for n in dir(torch.special) if not n.startswith("_") and callable(getattr(torch.special, n))
              and n not in ("Tensor",)]
    for name in public:
        assert hasattr(es, name) or name in es._NOT_PROVIDED, name
        assert name in es.__doc__, name


@needs_torch
def test_printing_matches_torch():
    def prints(m):
        S = m.special
        x = m.tensor([0.3, 0.7], requires_grad=True)
        return [str(S.sinc(m.arange(-3.0, 4.0))), str(S.logit(m.tensor([0.25, 0.5, 1.5]))),
                str(S.entr(m.tensor([1.0, 0.0, 0.5, -1.0]))), str(S.ndtri(m.tensor([0.025, 0.5, 0.975]))),
                str(S.ndtr(m.tensor([-1.96, 0.0, 1.96]))),
                str(S.log_ndtr(m.tensor([-40.0, 0.0, 3.0], dtype=m.float64))),
                str(S.logit(x)), str(S.xlog1py(x, 2.0)), str(S.xlogy(2, x)), str(S.round(x)), str(S.ndtr(x))]
    assert prints(ember) == prints(torch)


# ------------------------------------------------------ without PyTorch
@pytest.mark.parametrize("case", [c for c in CASES if c.smooth], ids=[c.id for c in CASES if c.smooth])
def test_gradcheck(case):
    ins = tuple(ember.tensor(v, dtype=ember.float64, requires_grad=True) for v in case.smooth)
    fn = lambda *ts: case.fn(ember.special, *ts)  # noqa: E731
    assert ember.autograd.gradcheck(fn, ins, eps=1e-6, atol=1e-5, rtol=1e-3)
    if not case.id.startswith("round"):  # round's gradient is a constant 0: nothing to check twice
        assert ember.autograd.gradgradcheck(fn, ins, eps=1e-6, atol=1e-5, rtol=1e-3)


GOLDEN = [  # (expression, hand-derived value)
    (lambda S, t: S.logit(t(0.25)), -math.log(3)),
    (lambda S, t: S.logit(t(0.75)), math.log(3)),
    (lambda S, t: S.logit(t(0.05), eps=0.2), -math.log(4)),
    (lambda S, t: S.logit(t(1.0)), inf),
    (lambda S, t: S.logit(t(0.0)), -inf),
    (lambda S, t: S.logit(t(1.5)), nan),
    (lambda S, t: S.logit(t(1.5), eps=0.0), inf),
    (lambda S, t: S.sinc(t(0.5)), 2 / math.pi),
    (lambda S, t: S.sinc(t(-1.5)), -2 / (3 * math.pi)),
    (lambda S, t: S.sinc(t(0.0)), 1.0),
    (lambda S, t: S.entr(t(0.5)), math.log(2) / 2),
    (lambda S, t: S.entr(t(math.e)), -math.e),
    (lambda S, t: S.entr(t(0.0)), 0.0),
    (lambda S, t: S.entr(t(-0.5)), -inf),
    (lambda S, t: S.entr(t(nan)), nan),
    (lambda S, t: S.ndtr(t(0.0)), 0.5),
    (lambda S, t: S.ndtr(t(1.0)), 0.5 * (1 + math.erf(1 / math.sqrt(2)))),
    (lambda S, t: S.ndtr(t(-inf)), 0.0),
    (lambda S, t: S.log_ndtr(t(0.0)), -math.log(2)),
    (lambda S, t: S.log_ndtr(t(-1.5)), math.log(0.5 * math.erfc(1.5 / math.sqrt(2)))),
    (lambda S, t: S.log_ndtr(t(-10.0)), math.log(0.5 * math.erfc(10 / math.sqrt(2)))),
    # Mills-ratio asymptotics: log Phi(x) = -x^2/2 - log(-x sqrt(2 pi)) + log(1 - 1/x^2 + 3/x^4 - 15/x^6 ...)
    (lambda S, t: S.log_ndtr(t(-100.0)), -5000 - math.log(100 * S2PI) + math.log1p(-1e-4 + 3e-8 - 15e-12)),
    (lambda S, t: S.log_ndtr(t(-inf)), -inf),
    (lambda S, t: S.ndtri(t(0.5)), 0.0),
    (lambda S, t: S.ndtri(t(0.975)), 1.959963984540054),
    (lambda S, t: S.ndtri(t(0.5 * math.erfc(2 / math.sqrt(2)))), -2.0),
    (lambda S, t: S.ndtri(t(0.0)), -inf),
    (lambda S, t: S.ndtri(t(1.0)), inf),
    (lambda S, t: S.ndtri(t(-0.1)), nan),
    (lambda S, t: S.xlogy(t(3.0), t(math.e)), 3.0),
    (lambda S, t: S.xlogy(t(0.0), t(0.0)), 0.0),
    (lambda S, t: S.xlogy(t(0.0), t(nan)), nan),
    (lambda S, t: S.xlog1py(t(2.0), t(math.e - 1)), 2.0),
    (lambda S, t: S.xlog1py(t(0.0), t(-1.0)), 0.0),
    (lambda S, t: S.xlog1py(t(0.0), t(nan)), nan),
    (lambda S, t: S.xlog1py(0.0, t(-5.0)), 0.0),
    (lambda S, t: S.expit(t(math.log(3))), 0.75),
    (lambda S, t: S.round(t(2.5)), 2.0),
    (lambda S, t: S.round(t(1.25), decimals=1), 1.2),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("k", range(len(GOLDEN)))
def test_golden_values(k, dtype):
    expr, expected = GOLDEN[k]
    r = expr(ember.special, lambda v: ember.tensor(v, dtype=getattr(ember, dtype)))
    assert str(r.dtype) == f"torch.{dtype}"
    np.testing.assert_allclose(float(r), expected, rtol=1e-6 if dtype == "float32" else 1e-14)


GOLDEN_GRADS = [  # (function, x, hand-derived derivative)
    (lambda S, x: S.logit(x), 0.25, 1 / (0.25 * 0.75)),
    (lambda S, x: S.logit(x), 1.5, nan),
    (lambda S, x: S.logit(x), 0.0, inf),
    (lambda S, x: S.logit(x, eps=0.1), 0.05, 0.0),
    (lambda S, x: S.logit(x, eps=0.1), nan, 0.0),  # with eps, outside [eps, 1 - eps] (NaN too) gives 0
    (lambda S, x: S.sinc(x), 0.0, 0.0),
    (lambda S, x: S.sinc(x), 1e-200, 0.0),  # x * x * pi underflows: PyTorch's where() gives 0
    (lambda S, x: S.sinc(x), 0.5, -4 / math.pi),
    (lambda S, x: S.sinc(x), 1.0, -1.0),
    (lambda S, x: S.entr(x), 1.0, -1.0),
    (lambda S, x: S.entr(x), 0.0, inf),
    (lambda S, x: S.entr(x), -1.0, nan),
    (lambda S, x: S.ndtr(x), 0.0, 1 / S2PI),
    (lambda S, x: S.log_ndtr(x), 0.0, 2 / S2PI),
    (lambda S, x: S.log_ndtr(x), -40.0, 40.02496884724),  # ~ -x + 1/x - 2/x^3 (Mills ratio)
    (lambda S, x: S.ndtri(x), 0.5, S2PI),
    (lambda S, x: S.ndtri(x), 0.0, inf),
    (lambda S, x: S.xlogy(x, 2.0), 0.0, math.log(2)),
    (lambda S, x: S.xlogy(x, 0.0), 0.0, 0.0),  # masked where x == 0 and other <= 0
    (lambda S, x: S.xlog1py(x, -1.0), 0.0, 0.0),
    (lambda S, x: S.xlog1py(x, 1.0), 0.0, math.log(2)),
    (lambda S, x: S.xlog1py(3.0, x), 1.0, 1.5),
    (lambda S, x: S.round(x), 0.3, 0.0),
]


@pytest.mark.parametrize("k", range(len(GOLDEN_GRADS)))
def test_golden_gradients(k):
    fn, x0, expected = GOLDEN_GRADS[k]
    x = ember.tensor(x0, dtype=ember.float64, requires_grad=True)
    fn(ember.special, x).backward()
    np.testing.assert_allclose(float(x.grad), expected, rtol=1e-10)


def test_logit_gradient_follows_the_vectorised_formula():
    # g / (x (1 - x)) with IEEE signs: -inf at -0.0 (PyTorch's scalar loop gives +inf there)
    x = ember.tensor([-0.0, 0.0], dtype=ember.float64, requires_grad=True)
    ember.special.logit(x).sum().backward()
    assert x.grad.tolist() == [-inf, inf]


def test_logit_eps_clamps_like_torch():
    x = ember.tensor([nan, -1.0, 0.0, 0.05, 0.5, 0.95, 1.0, 2.0, inf], dtype=ember.float64)
    lo = -math.log(9)
    np.testing.assert_allclose(ember.special.logit(x, eps=0.1).numpy(), [nan, lo, lo, lo, 0, -lo, -lo, -lo, -lo],
                               rtol=1e-14, equal_nan=True)
    # eps > 0.5 crosses the bounds: x < eps gives eps, anything else 1 - eps
    crossed = ember.special.logit(ember.tensor([0.2, 0.8, 1.0]), eps=0.7).numpy()
    np.testing.assert_allclose(crossed, [math.log(7 / 3), -math.log(7 / 3), -math.log(7 / 3)], rtol=1e-6)


def test_integer_and_half_inputs():
    S = ember.special
    for name in ("logit", "sinc", "entr", "ndtr", "log_ndtr", "ndtri", "expit"):
        r = getattr(S, name)(ember.tensor([1, 0]))
        assert r.dtype == ember.float32, name
    for name in ("logit", "sinc", "entr", "ndtr", "expit"):
        assert getattr(S, name)(ember.tensor([0.5], dtype=ember.float16)).dtype == ember.float16, name
    assert S.sinc(ember.tensor([1, 0])).tolist() == pytest.approx([-2.7827534e-08, 1.0], abs=1e-12)
    assert S.xlogy(ember.tensor([1, 2]), ember.tensor([3, 4])).dtype == ember.float32
    assert S.xlog1py(2.0, ember.tensor([1.0], dtype=ember.float64)).dtype == ember.float64


def test_float32_sinc_rounds_like_pytorch():
    # PyTorch computes sin(pi_f32 * x) / (pi_f32 * x) in float32, so sinc(1) is not 3.9e-17 but -2.78e-08
    r = ember.special.sinc(ember.tensor([1.0, 2.0, -1.0]))
    assert r.tolist() == pytest.approx([-2.7827534e-08, 2.7827534e-08, -2.7827534e-08], rel=1e-6)
    assert float(ember.special.sinc(ember.tensor(1.0, dtype=ember.float64))) == pytest.approx(3.8981718325e-17)


def test_zero_d_and_empty_inputs():
    S = ember.special
    for name in ("logit", "sinc", "entr", "ndtr", "log_ndtr", "ndtri", "round"):
        fn = getattr(S, name)
        assert fn(ember.tensor(0.3)).shape == ()
        assert fn(ember.zeros(0)).shape == (0,)
        assert fn(ember.full((2, 3), 0.2)).shape == (2, 3)
    assert S.xlogy(ember.tensor(0.5), 2.0).shape == ()


OUT_CALLS = [  # (function name in PyTorch's out= error, call)
    ("logit", lambda S, x, o: S.logit(x, 0.1, out=o)), ("sinc", lambda S, x, o: S.sinc(x, out=o)),
    ("special_entr", lambda S, x, o: S.entr(x, out=o)), ("special_log_ndtr", lambda S, x, o: S.log_ndtr(x, out=o)),
    ("special_ndtri", lambda S, x, o: S.ndtri(x, out=o)), ("xlogy", lambda S, x, o: S.xlogy(x, x, out=o)),
    ("xlogy", lambda S, x, o: S.xlogy(3, x, out=o)), ("special_xlog1py", lambda S, x, o: S.xlog1py(x, 2.0, out=o)),
    ("round", lambda S, x, o: S.round(x, decimals=1, out=o)),
    (None, lambda S, x, o: S.ndtr(x, out=o)), (None, lambda S, x, o: S.expit(x, out=o)),
    (None, lambda S, x, o: S.erf(x, out=o)), (None, lambda S, x, o: S.exp2(x, out=o)),
    (None, lambda S, x, o: S.logsumexp(x, 0, out=o)),
]


@pytest.mark.parametrize("name,call", OUT_CALLS)
def test_out_keyword(name, call):
    x = ember.tensor([0.2, 0.6, 0.9])
    expected = call(ember.special, x, None)
    out = ember.empty(expected.shape)
    assert call(ember.special, x, out) is out
    np.testing.assert_array_equal(out.numpy(), expected.numpy())
    out64 = ember.empty(expected.shape, dtype=ember.float64)
    assert call(ember.special, x, out64).dtype == ember.float64
    if name is not None:  # the functions written in ember.special refuse out= under autograd, as PyTorch does
        xg = ember.tensor([0.2, 0.6, 0.9], requires_grad=True)
        message = f"{name}(): functions with out=... arguments don't support automatic differentiation, but one " \
                  "of the arguments requires grad."
        with pytest.raises(RuntimeError) as info:
            call(ember.special, xg, ember.empty(expected.shape))
        assert str(info.value) == message
        with ember.no_grad():
            call(ember.special, xg, out)
        np.testing.assert_array_equal(out.numpy(), expected.numpy())


@needs_torch
@pytest.mark.parametrize("name,call", [c for c in OUT_CALLS if c[0]], ids=[str(i) for i, c in enumerate(OUT_CALLS)
                                                                            if c[0]])
def test_out_errors_match_torch(name, call):
    def message(mod):
        with pytest.raises(RuntimeError) as info:
            call(mod.special, mod.tensor([0.2, 0.6, 0.9], requires_grad=True), mod.empty(3))
        return str(info.value)
    assert message(ember) == message(torch)


def test_ndtr_out_joins_the_graph_like_torch():
    # PyTorch's special_ndtr_out runs the composite and copy_()s it into ``out``
    x = ember.tensor([0.2, -0.6], requires_grad=True)
    out = ember.empty(2)
    assert ember.special.ndtr(x, out=out) is out
    assert out.grad_fn.name() == "torch::autograd::CopyBackwards"
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp(-np.array([0.2, -0.6]) ** 2 / 2) / S2PI, rtol=1e-6)


def test_reexports_are_the_ember_ops():
    S = ember.special
    assert S.expit is ember.sigmoid
    for name in ("erf", "erfc", "erfinv", "exp2", "expm1", "log1p"):
        assert getattr(S, name) is getattr(ember, name), name


def test_ndtr_records_pytorchs_composite():
    x = ember.tensor([0.5], requires_grad=True)
    assert _graph_names(ember.special.ndtr(x).grad_fn) == [
        "MulBackward1", "AddBackward1", "ErfBackward0", "MulBackward1", "torch::autograd::AccumulateGrad"]


def test_xlog_number_overloads_have_one_edge():
    y = ember.tensor([1.0, 2.0], requires_grad=True)
    assert len(ember.special.xlogy(2.0, y).grad_fn.next_functions) == 1
    assert len(ember.special.xlog1py(y, 2.0).grad_fn.next_functions) == 1
    assert len(ember.special.xlogy(y, y).grad_fn.next_functions) == 2


def test_special_namespace_is_complete():
    """Every public torch.special function exists (the Bessel family, zeta and the orthogonal
    polynomials come from ``ember/ops/special_funcs.py``); unknown names raise AttributeError."""
    S = ember.special
    for name in ("zeta", "bessel_j0", "airy_ai", "chebyshev_polynomial_t", "hermite_polynomial_h"):
        assert callable(getattr(S, name)), name
    with pytest.raises(AttributeError, match="no_such_function"):
        S.no_such_function
    assert set(S.__all__) <= set(dir(S))
    if torch is not None:
        public = {n for n in dir(torch.special) if not n.startswith("_") and callable(getattr(torch.special, n))}
        assert {n for n in public if not hasattr(S, n)} == set()


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
def test_gamma_family_aliases_match_torch():
    import numpy as np
    a = np.array([0.5, 1.0, 3.7, -2.5, 10.0], dtype=np.float64)
    for name in ("gammaln", "digamma", "psi"):
        xe = ember.tensor(a, requires_grad=True)
        xt = torch.tensor(a, requires_grad=True)
        ye, yt = getattr(ember.special, name)(xe), getattr(torch.special, name)(xt)
        assert ye.grad_fn.name() == type(yt.grad_fn).__name__
        np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), rtol=1e-12)
        ye.sum().backward()
        yt.sum().backward()
        np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-10)


def test_argument_errors():
    S = ember.special
    with pytest.raises(TypeError, match='special_softmax\\(\\) missing 1 required positional arguments: "dim"'):
        S.softmax(ember.ones(2))
    with pytest.raises(TypeError, match="received an invalid combination of arguments - got \\(float, float\\)"):
        S.xlogy(2.0, 3.0)
    with pytest.raises(TypeError, match="argument 'eps' must be float, not str"):
        S.logit(ember.ones(2), eps="a")
    with pytest.raises(NotImplementedError, match="\"round_vml_cpu\" not implemented for 'Long'"):
        S.round(ember.tensor([1, 2]))
    with pytest.raises(NotImplementedError, match="\"ndtri_cpu\" not implemented for 'Half'"):
        S.ndtri(ember.ones(2, dtype=ember.float16))
    with pytest.raises(RuntimeError, match="The size of tensor a \\(2\\) must match the size of tensor b \\(3\\)"):
        S.xlog1py(ember.ones(2), ember.ones(3))


def test_erfcx_values_gradient_and_tails():
    import math
    x = ember.tensor([-30.0, -2.0, 0.0, 0.5, 0.7, 5.0, 30.0, float("inf")], dtype=ember.float64)
    got = ember.special.erfcx(x).tolist()
    want = [math.inf, math.exp(4) * math.erfc(-2.0), 1.0, math.exp(0.25) * math.erfc(0.5),
            math.exp(0.49) * math.erfc(0.7), math.exp(25) * math.erfc(5.0), None, 0.0]
    for g, w in zip(got, want):
        if w is not None:
            assert g == pytest.approx(w, rel=1e-13)
    assert got[6] == pytest.approx(1 / (30 * math.sqrt(math.pi)) * (1 - 1 / 1800), rel=1e-6)  # asymptotic
    t = ember.tensor([-1.5, 0.2, 0.69, 0.71, 3.0, 40.0], dtype=ember.float64, requires_grad=True)
    assert ember.special.erfcx(t).grad_fn.name() == "SpecialErfcxBackward0"
    assert ember.autograd.gradcheck(ember.special.erfcx, (t,))
