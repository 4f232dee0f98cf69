"""Indices of tied values follow PyTorch's CPU kernels: unstable ``std::sort`` (sort/argsort/
msort/mode), ``std::nth_element`` / ``std::partial_sort`` (topk) and ATen's quick-select
(kthvalue); NaNs as PyTorch orders them; cummax/cummin move their index to every new NaN."""
import operator

import numpy as np
import pytest

import ember
from ember.ops import _stl_sort as S


def test_introsort_replays_libstdcxx_on_equal_keys():
    keys, vals = [0] * 20, list(range(20))
    S.introsort(keys, vals, 0, 20, operator.lt)
    assert vals == [10, 19, 18, 17, 16, 15, 14, 13, 12, 11, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1]


GOLDEN = [  # printed by PyTorch 2.13
    (lambda t: t.sort().indices, [1.0] * 20, [10, 19, 18, 17, 16, 15, 14, 13, 12, 11, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1]),
    (lambda t: t.argsort(), [1.0, 2.0] * 9, [2, 16, 4, 6, 14, 8, 0, 10, 12, 9, 17, 15, 13, 11, 7, 5, 3, 1]),
    (lambda t: t.sort(stable=True).indices, [1.0] * 20, list(range(20))),
    (lambda t: t.topk(2).indices, [5.0, 5.0, 5.0, -1.0], [1, 2]),
    (lambda t: t.topk(3).indices, [1.0] * 8, [6, 5, 4]),
    (lambda t: t.topk(2, largest=False).indices, [0.0, 0.0, 1.0, 1.0], [1, 0]),
    (lambda t: t.topk(5).indices, [1.0] * 20, [12, 14, 13, 15, 11]),
    (lambda t: t.kthvalue(2).indices, [1.0] * 20, 15),
    (lambda t: t.kthvalue(2).indices, [0.0, -0.0, 0.0, 1.0], 0),
    (lambda t: t.mode().indices, [1.0] * 20, 1),
    (lambda t: t.mode().indices, [3.0, 1.0, 3.0, 1.0, 3.0], 4),
    (lambda t: t.mode().indices, [float("nan"), 1.0, float("nan"), 2.0], 0),
    (lambda t: t.cummax(0).indices, [float("nan"), 1.0, float("nan"), 2.0], [0, 0, 2, 2]),
    (lambda t: t.cummin(0).indices, [float("nan"), 1.0, float("nan"), 2.0], [0, 0, 2, 2]),
]


@pytest.mark.parametrize("f,values,expected", GOLDEN)
def test_tie_indices_golden(f, values, expected):
    assert f(ember.tensor(values)).tolist() == expected


def test_mode_nan_value():
    r = ember.tensor([float("nan"), 1.0, float("nan"), 2.0]).mode()
    assert np.isnan(r.values.item()) and r.indices.item() == 0


CASES = [
    ("sort", lambda t, k: t.sort(1).indices),
    ("sort_desc", lambda t, k: t.sort(1, descending=True).indices),
    ("argsort", lambda t, k: t.argsort(1)),
    ("topk", lambda t, k: t.topk(k, 1).indices),
    ("topk_smallest", lambda t, k: t.topk(k, 1, largest=False).indices),
    ("topk_unsorted", lambda t, k: t.topk(k, 1, sorted=False).indices),
    ("kthvalue", lambda t, k: t.kthvalue(k, 1).indices),
    ("mode", lambda t, k: t.mode(1).indices),
    ("median", lambda t, k: t.median(1).indices),
    ("sort_dim0", lambda t, k: t.sort(0).indices),
]


@pytest.mark.parametrize("name,f", CASES)
def test_tie_indices_match_torch(name, f):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for trial in range(60):
        n, m = int(rng.integers(1, 150)), int(rng.integers(1, 4))
        kind = trial % 4
        if kind == 0:
            a = rng.integers(0, 4, (m, n)).astype(np.float32)
        elif kind == 1:
            a = rng.integers(0, 3, (m, n)).astype(np.int64)
        elif kind == 2:
            a = rng.integers(0, 5, (m, n)).astype(np.float64)
            a[rng.random((m, n)) < 0.2] = np.nan
        else:
            a = rng.standard_normal((m, n)).astype(np.float32)
            a[:, ::3] = 0.0
            a[:, 1::5] = -0.0
        k = int(rng.integers(1, n + 1))
        got = f(ember.tensor(a), k).numpy()
        want = f(torch.tensor(a), k).numpy()
        np.testing.assert_array_equal(got, want, err_msg=f"{name} {a.dtype} {a.shape} k={k}")


@pytest.mark.parametrize("f,exc,msg", [
    (lambda: ember.std_mean(ember.tensor([1, 2, 3])), RuntimeError, "std_mean only support floating point and complex dtypes"),
    (lambda: ember.var_mean(ember.tensor([1, 2, 3])), RuntimeError, "var_mean only support floating point and complex dtypes"),
    (lambda: ember.median(ember.tensor([True, False])), NotImplementedError, "\"median_cpu\" not implemented for 'Bool'"),
    (lambda: ember.nanmedian(ember.tensor([True, False])), NotImplementedError, "\"median_cpu\" not implemented for 'Bool'"),
    (lambda: ember.median(ember.tensor([True, False]), 0), NotImplementedError, "\"median_out\" not implemented for 'Bool'"),
    (lambda: ember.kthvalue(ember.tensor([True, False]), 1), NotImplementedError,
     "\"kthvalue_cpu\" not implemented for 'Bool'"),
    (lambda: ember.kthvalue(ember.zeros(0, 3), 1, 0), IndexError, "kthvalue(): Expected reduction dim 0 to have non-zero size."),
    (lambda: ember.mode(ember.zeros(0, 3), 0), IndexError, "mode(): Expected reduction dim 0 to have non-zero size."),
    (lambda: ember.nanmedian(ember.zeros(0, 3), 0), IndexError, "median(): Expected reduction dim 0 to have non-zero size."),
    (lambda: ember.ones(3).cumsum(0, dtype=ember.bool), NotImplementedError, "\"cumsum_out_cpu\" not implemented for 'Bool'"),
    (lambda: ember.ones(3, requires_grad=True).cumsum(0, dtype=ember.int64), RuntimeError, "Autograd not support dtype: Long"),
    (lambda: ember.ones(3, requires_grad=True).prod(dtype=ember.int64), RuntimeError, "Autograd not support dtype: Long"),
    (lambda: ember.tensor(1.0).cummax(1), IndexError, "cummax(): Expected reduction dim -1 or 0 for scalar but got 1"),
])
def test_reduction_errors(f, exc, msg):
    with pytest.raises(exc) as info:
        f()
    assert str(info.value) == msg


def test_count_nonzero_empty_dims_counts_all_and_scalar_logcumsumexp_grad():
    assert ember.count_nonzero(ember.ones(3, 4), ()).item() == 12
    x = ember.tensor(1.5, requires_grad=True)
    x.logcumsumexp(0).backward()
    assert x.grad.item() == 1.0
