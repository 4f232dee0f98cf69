"""dist, cdist, quantile/nanquantile, block_diag, vander, renorm against PyTorch.

The table ``CASES`` is run through ember and (when installed) PyTorch on the
same inputs: values in float32 and float64, dtypes, grad_fn names and the
gradients of a weighted sum.  The gradcheck and golden-value tests run
without PyTorch.
"""
import math

import numpy as np
import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is the oracle only
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")

RNG = np.random.default_rng(1234)


def _arr(*shape):
    return RNG.standard_normal(shape)


A34, B34, B4 = _arr(3, 4), _arr(3, 4), _arr(4)
X53, Y63 = _arr(5, 3), _arr(6, 3)
X303, Y403 = _arr(30, 3), _arr(40, 3)
XB, YB = _arr(2, 5, 3), _arr(1, 4, 3)
XMB, YMB = _arr(2, 30, 3), _arr(1, 27, 3)
A345 = _arr(3, 4, 5)
V5 = _arr(5)
A2 = _arr(2, 2)
NAN = A34.copy()
NAN[1, 2] = np.nan
NAN[0, 0] = np.nan
QV = np.array([0.1, 0.5, 0.85])

# (label, fn(lib, *tensors), input arrays, differentiable?)
CASES = [
    ("dist_p2", lambda m, a, b: m.dist(a, b), [A34, B34], True),
    ("dist_broadcast", lambda m, a, b: m.dist(a, b, 3), [A34, B4], True),
    ("dist_p1", lambda m, a, b: a.dist(b, 1), [A34, B34], True),
    ("dist_p0", lambda m, a, b: m.dist(a, b, 0), [A34, B34], False),  # torch 2.13 backward raises
    ("dist_pinf", lambda m, a, b: m.dist(a, b, math.inf), [A34, B34], True),
    ("dist_p_half", lambda m, a, b: m.dist(a, b, 0.5), [A34, B34], True),
    ("dist_p1_5", lambda m, a, b: m.dist(a, b, 1.5), [A34, B34], True),
    ("cdist_p2", lambda m, a, b: m.cdist(a, b), [X53, Y63], True),
    ("cdist_p1", lambda m, a, b: m.cdist(a, b, 1), [X53, Y63], True),
    ("cdist_p0", lambda m, a, b: m.cdist(a, b, 0), [X53, Y63], True),
    ("cdist_pinf", lambda m, a, b: m.cdist(a, b, math.inf), [X53, Y63], True),
    ("cdist_p3", lambda m, a, b: m.cdist(a, b, 3), [X53, Y63], True),
    ("cdist_p_half", lambda m, a, b: m.cdist(a, b, 0.5), [X53, Y63], True),
    ("cdist_p1_5", lambda m, a, b: m.cdist(a, b, 1.5), [X53, Y63], True),
    ("cdist_batched", lambda m, a, b: m.cdist(a, b, 2), [XB, YB], True),
    ("cdist_batched_p1", lambda m, a, b: m.cdist(a, b, 1), [XB, YB], True),
    ("cdist_mm_default", lambda m, a, b: m.cdist(a, b), [X303, Y403], True),
    ("cdist_mm_forced", lambda m, a, b: m.cdist(a, b, compute_mode="use_mm_for_euclid_dist"), [X53, Y63], True),
    ("cdist_mm_off", lambda m, a, b: m.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist"),
     [X303, Y403], True),
    ("cdist_mm_batched", lambda m, a, b: m.cdist(a, b), [XMB, YMB], True),
    ("quantile_all", lambda m, a: m.quantile(a, 0.3), [A34], True),
    ("quantile_dim0_keep", lambda m, a: m.quantile(a, 0.3, dim=0, keepdim=True), [A34], True),
    ("quantile_dim1", lambda m, a: a.quantile(0.7, 1), [A34], True),
    ("quantile_qvec_dim1", lambda m, a, q: m.quantile(a, q, dim=1), [A345, QV], True),
    ("quantile_qvec_all_keep", lambda m, a, q: m.quantile(a, q, keepdim=True), [A34, QV], True),
    ("quantile_qvec_dim_neg", lambda m, a, q: m.quantile(a, q, dim=-2, keepdim=True), [A345, QV], True),
    ("quantile_lower", lambda m, a: m.quantile(a, 0.4, 1, interpolation="lower"), [A34], True),
    ("quantile_higher", lambda m, a: m.quantile(a, 0.4, 1, interpolation="higher"), [A34], True),
    ("quantile_nearest", lambda m, a: m.quantile(a, 0.5, 0, interpolation="nearest"), [A34], True),
    ("quantile_midpoint", lambda m, a, q: m.quantile(a, q, 2, interpolation="midpoint"), [A345, QV], True),
    ("quantile_nan", lambda m, a: m.quantile(a, 0.5, dim=1), [NAN], False),
    ("nanquantile_dim1", lambda m, a: m.nanquantile(a, 0.5, dim=1), [NAN], True),
    ("nanquantile_all", lambda m, a, q: a.nanquantile(q), [NAN, QV], True),
    ("nanquantile_lower", lambda m, a, q: m.nanquantile(a, q, 0, True, interpolation="lower"), [NAN, QV], True),
    ("quantile_grad_q", lambda m, a, q: m.quantile(a, q), [V5, QV], True),
    ("block_diag", lambda m, a, b, c: m.block_diag(a, b, c), [A34, V5, np.array(2.5)], True),
    ("block_diag_one", lambda m, a: m.block_diag(a), [A2], True),
    ("vander", lambda m, a: m.vander(a), [V5], False),
    ("vander_inc_n3", lambda m, a: m.vander(a, 3, True), [V5], False),
    ("vander_n1", lambda m, a: m.vander(a, N=1), [V5], False),
    ("vander_n0", lambda m, a: m.vander(a, N=0), [V5], False),
    ("renorm_p2", lambda m, a: m.renorm(a, 2, 0, 1.0), [A34], True),
    ("renorm_p1_dim1", lambda m, a: a.renorm(1, 1, 1.5), [A34], True),
    ("renorm_pinf_3d", lambda m, a: m.renorm(a, math.inf, -1, 1.0), [A345], True),
    ("renorm_p3", lambda m, a: m.renorm(a, 3, 1, 0.8), [A345], True),
    ("renorm_no_change", lambda m, a: m.renorm(a, 2, 0, 100.0), [A34], True),
]


def _run(lib, fn, arrays, dtype_name, grad):
    dt = getattr(lib, dtype_name)
    ts = [lib.tensor(a, dtype=dt, requires_grad=grad) for a in arrays]
    return fn(lib, *ts), ts


def _np(t):
    return np.asarray(t.detach().tolist(), dtype=np.float64)


@needs_torch
@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
@pytest.mark.parametrize("label,fn,arrays,diff", CASES, ids=[c[0] for c in CASES])
def test_matches_torch(label, fn, arrays, diff, dtype_name):
    tol = dict(rtol=2e-5, atol=2e-5) if dtype_name == "float32" else dict(rtol=1e-10, atol=1e-10)
    er, ets = _run(ember, fn, arrays, dtype_name, diff)
    tr, tts = _run(torch, fn, arrays, dtype_name, diff)
    assert str(er.dtype) == str(tr.dtype)
    assert tuple(er.shape) == tuple(tr.shape)
    np.testing.assert_allclose(_np(er), _np(tr), equal_nan=True, **tol)
    ename = type(er.grad_fn).__name__ if er.grad_fn is not None else None
    tname = type(tr.grad_fn).__name__ if tr.grad_fn is not None else None
    assert ename == tname
    if not diff:
        return
    w = RNG.standard_normal(tuple(tr.shape)) + 1.5
    (er * ember.tensor(w, dtype=er.dtype)).sum().backward()
    (tr * torch.tensor(w, dtype=tr.dtype)).sum().backward()
    for e, t in zip(ets, tts):
        if t.grad is None:
            assert e.grad is None or np.all(_np(e.grad) == 0)
            continue
        np.testing.assert_allclose(_np(e.grad), _np(t.grad), **tol)


def _tensor(lib, a):
    return lib.tensor(np.asarray(a)) if not isinstance(a, (int, float)) else a


ERRORS = [
    ("dist_int", lambda m: m.dist(m.arange(4), m.arange(4))),
    ("dist_shapes", lambda m: m.dist(m.ones(3, 4), m.ones(5))),
    ("dist_p_str", lambda m: m.dist(m.ones(3), m.ones(3), "fro")),
    ("cdist_1d_x1", lambda m: m.cdist(m.ones(4), m.ones(3, 4))),
    ("cdist_1d_x2", lambda m: m.cdist(m.ones(3, 4), m.ones(4))),
    ("cdist_cols", lambda m: m.cdist(m.ones(3, 4), m.ones(3, 5))),
    ("cdist_int", lambda m: m.cdist(m.ones(2, 2, dtype=m.int64), m.ones(2, 2))),
    ("cdist_neg_p", lambda m: m.cdist(m.ones(3, 4), m.ones(3, 4), -1)),
    ("cdist_dtypes", lambda m: m.cdist(m.ones(3, 4), m.ones(3, 4, dtype=m.float64))),
    ("cdist_mode", lambda m: m.cdist(m.ones(3, 4), m.ones(3, 4), compute_mode="foo")),
    ("cdist_batch", lambda m: m.cdist(m.ones(2, 3, 4), m.ones(3, 5, 4))),
    ("quantile_q_high", lambda m: m.quantile(m.ones(4), 1.5)),
    ("quantile_q_low", lambda m: m.quantile(m.ones(4), -0.1)),
    ("nanquantile_q_high", lambda m: m.nanquantile(m.ones(4), 1.5)),
    ("quantile_int", lambda m: m.quantile(m.arange(4), 0.5)),
    ("quantile_q_dtype", lambda m: m.quantile(m.ones(4), m.tensor([0.5], dtype=m.float64))),
    ("quantile_q_2d", lambda m: m.quantile(m.ones(4), m.tensor([[0.5]]))),
    ("quantile_q_vec_range", lambda m: m.quantile(m.ones(4), m.tensor([0.5, 1.5]))),
    ("quantile_interp", lambda m: m.quantile(m.ones(4), 0.5, interpolation="foo")),
    ("nanquantile_interp", lambda m: m.nanquantile(m.ones(4), 0.5, interpolation="foo")),
    ("quantile_dim", lambda m: m.quantile(m.ones(3, 4), 0.5, dim=2)),
    ("quantile_empty", lambda m: m.quantile(m.ones(0), 0.5)),
    ("block_diag_3d", lambda m: m.block_diag(m.ones(2, 2, 2))),
    ("block_diag_list", lambda m: m.block_diag(m.ones(2, 2), [1])),
    ("vander_2d", lambda m: m.vander(m.ones(2, 2))),
    ("vander_0d", lambda m: m.vander(m.tensor(1.0))),
    ("vander_neg_n", lambda m: m.vander(m.ones(3), -1)),
    ("renorm_p0", lambda m: m.renorm(m.ones(3, 4), 0, 0, 1)),
    ("renorm_neg_max", lambda m: m.renorm(m.ones(3, 4), 2, 0, -1)),
    ("renorm_1d", lambda m: m.renorm(m.ones(4), 2, 0, 1)),
    ("renorm_dim", lambda m: m.renorm(m.ones(3, 4), 2, 2, 1)),
    ("renorm_int", lambda m: m.renorm(m.ones(2, 2, dtype=m.int64), 2, 0, 1)),
]


@needs_torch
@pytest.mark.parametrize("label,fn", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_match_torch(label, fn):
    with pytest.raises(Exception) as te:
        fn(torch)
    with pytest.raises(Exception) as ee:
        fn(ember)
    assert type(ee.value) is type(te.value)
    assert str(ee.value) == str(te.value)


OTHER = [
    ("block_diag_empty", lambda m: m.block_diag()),
    ("block_diag_mixed", lambda m: m.block_diag(m.tensor(1), m.tensor([1.0, 2.0]),
                                                 m.ones(2, 3, dtype=m.float64))),
    ("block_diag_empty_blocks", lambda m: m.block_diag(m.ones(0, 3), m.ones(2, 0))),
    ("vander_int", lambda m: m.vander(m.tensor([1, 2, 3], dtype=m.int32))),
    ("vander_bool", lambda m: m.vander(m.tensor([True, False]))),
    ("quantile_0d_dim", lambda m: m.quantile(m.tensor(2.0), 0.5, dim=0, keepdim=True)),
    ("quantile_0d_qvec", lambda m: m.quantile(m.tensor(2.0), m.tensor([0.5]), dim=0, keepdim=True)),
    ("quantile_q_tensor0d", lambda m: m.quantile(m.arange(6.0).reshape(2, 3), m.tensor(0.5))),
    ("cdist_empty_rows", lambda m: m.cdist(m.ones(0, 3), m.ones(4, 3))),
    ("cdist_no_cols", lambda m: m.cdist(m.ones(2, 0), m.ones(4, 0))),
    ("dist_mixed_dtype", lambda m: m.dist(m.ones(3), m.zeros(3, dtype=m.float64))),
    ("dist_neg_p", lambda m: m.dist(m.arange(1.0, 4.0), m.zeros(3), -1)),
    ("dist_neg_inf", lambda m: m.dist(m.arange(1.0, 4.0), m.zeros(3), -math.inf)),
    ("renorm_inplace", lambda m: m.arange(12.0).reshape(3, 4).renorm_(2, 0, 5)),
]


@needs_torch
@pytest.mark.parametrize("label,fn", OTHER, ids=[o[0] for o in OTHER])
def test_other_results_match_torch(label, fn):
    er, tr = fn(ember), fn(torch)
    assert str(er.dtype) == str(tr.dtype)
    assert tuple(er.shape) == tuple(tr.shape)
    np.testing.assert_allclose(_np(er), _np(tr), rtol=1e-6, atol=1e-6)


@needs_torch
def test_vander_backward_fails_like_torch():
    """PyTorch 2.13's vander graph overwrites the cumprod input; both raise on backward."""
    for lib in (torch, ember):
        x = lib.tensor(V5, requires_grad=True)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            lib.vander(x).sum().backward()


# ------------------------------------------------------------ without torch
def _f64(a, grad=True):
    return ember.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


GRADCHECKS = [
    ("dist", lambda a, b: ember.dist(a, b), [A34, B4]),
    ("dist_p3", lambda a, b: ember.dist(a, b, 3), [A34, B34]),
    ("dist_inf", lambda a, b: ember.dist(a, b, math.inf), [A34, B34]),
    ("cdist_p2", lambda a, b: ember.cdist(a, b), [X53, Y63]),
    ("cdist_p1_5", lambda a, b: ember.cdist(a, b, 1.5), [XB, YB]),
    ("cdist_p3", lambda a, b: ember.cdist(a, b, 3), [X53, Y63]),
    ("cdist_inf", lambda a, b: ember.cdist(a, b, math.inf), [X53, Y63]),
    ("cdist_mm", lambda a, b: ember.cdist(a, b, compute_mode="use_mm_for_euclid_dist"), [XB, YB]),
    ("quantile", lambda a: ember.quantile(a, 0.3, dim=1), [A34]),
    ("quantile_qvec", lambda a: ember.quantile(a, ember.tensor(QV, dtype=ember.float64), dim=0), [A345]),
    ("quantile_grad_q", lambda a, q: ember.quantile(a, q, dim=1), [A345, [0.1, 0.45, 0.8]]),
    ("nanquantile", lambda a: ember.nanquantile(a, 0.6, dim=1), [A34]),
    ("block_diag", lambda a, b: ember.block_diag(a, b), [A34, V5]),
    ("renorm", lambda a: ember.renorm(a, 2, 0, 1.0), [A34]),
    ("renorm_p3", lambda a: ember.renorm(a, 3, 1, 0.5), [A345]),
]


@pytest.mark.parametrize("label,fn,arrays", GRADCHECKS, ids=[g[0] for g in GRADCHECKS])
def test_gradcheck(label, fn, arrays):
    assert ember.autograd.gradcheck(fn, tuple(_f64(a) for a in arrays))


GRADGRADCHECKS = [
    ("dist", lambda a, b: ember.dist(a, b, 3), [A34, B4]),
    ("cdist", lambda a, b: ember.cdist(a, b, 1.5), [X53, Y63]),
    ("quantile", lambda a: ember.quantile(a, 0.3, dim=1), [A34]),
    ("renorm", lambda a: ember.renorm(a, 2, 0, 1.0), [A34]),
]


@pytest.mark.parametrize("label,fn,arrays", GRADGRADCHECKS, ids=[g[0] for g in GRADGRADCHECKS])
def test_gradgradcheck(label, fn, arrays):
    """Backward formulas are ember ops, so ``create_graph=True`` gives correct second derivatives."""
    assert ember.autograd.gradgradcheck(fn, tuple(_f64(a) for a in arrays))


def test_golden_dist_and_cdist():
    a = ember.tensor([[0.0, 0.0], [3.0, 4.0]])
    b = ember.tensor([[1.0, 1.0]])
    assert float(ember.dist(a[1], a[0])) == 5.0
    assert float(ember.dist(a[1], a[0], 1)) == 7.0
    assert float(ember.dist(a[1], a[0], math.inf)) == 4.0
    assert float(ember.dist(a[1], a[0], 0)) == 2.0
    got = ember.cdist(a, b, 1)
    assert got.tolist() == [[2.0], [5.0]]
    assert got.grad_fn is None


def test_golden_quantile():
    x = ember.tensor([4.0, 1.0, 3.0, 2.0])
    assert float(ember.quantile(x, 0.5)) == 2.5
    assert float(ember.quantile(x, 0.5, interpolation="lower")) == 2.0
    assert float(ember.quantile(x, 0.5, interpolation="higher")) == 3.0
    assert float(ember.quantile(x, 0.5, interpolation="midpoint")) == 2.5
    assert float(ember.quantile(x, 0.5, interpolation="nearest")) == 3.0  # rank 1.5 rounds half to even: 2
    six = ember.tensor([6.0, 1.0, 5.0, 2.0, 4.0, 3.0])
    assert float(ember.quantile(six, 0.5, interpolation="nearest")) == 3.0  # rank 2.5 rounds to 2
    assert ember.quantile(x, ember.tensor([0.0, 1.0])).tolist() == [1.0, 4.0]
    y = ember.tensor([float("nan"), 1.0, 3.0])
    assert math.isnan(float(ember.quantile(y, 0.5)))
    assert float(ember.nanquantile(y, 0.5)) == 2.0


def test_golden_quantile_grad():
    x = ember.tensor([4.0, 1.0, 3.0, 2.0], requires_grad=True)
    r = ember.quantile(x, 0.5)
    assert type(r.grad_fn).__name__ == "SqueezeBackward4"
    r.backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.5, 0.5]


def test_golden_block_diag_vander_renorm():
    out = ember.block_diag(ember.tensor([[1, 2]]), ember.tensor(3))
    assert out.tolist() == [[1, 2, 0], [0, 0, 3]]
    assert str(out.dtype) == "torch.int64"
    assert ember.vander(ember.tensor([1, 2, 3])).tolist() == [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
    assert ember.vander(ember.tensor([2.0]), 3, increasing=True).tolist() == [[1.0, 2.0, 4.0]]
    r = ember.renorm(ember.tensor([[3.0, 4.0], [0.3, 0.4]], dtype=ember.float64), 2, 0, 1.0)
    np.testing.assert_allclose(r.tolist(), [[0.6 / (1 + 2e-8), 0.8 / (1 + 2e-8)], [0.3, 0.4]], rtol=1e-12)


def test_methods_bound():
    a = ember.randn(3, 4)
    for name in ("dist", "quantile", "nanquantile", "renorm", "renorm_"):
        assert hasattr(a, name)
