"""Probe findings in torch.linalg / torch.special: goldens (no torch needed) and PyTorch comparisons."""
import math
import warnings

import numpy as np
import pytest

import ember


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


# ------------------------------------------------------------ cholesky_ex
def test_cholesky_ex_partial_factor_golden():
    N = ember.tensor([[1., 2.], [3., -4.]])
    L, info = ember.linalg.cholesky_ex(N)
    assert info.item() == 2 and info.dtype == ember.int32
    assert L.tolist() == [[1., 0.], [3., -13.]]
    L, info = ember.linalg.cholesky_ex(ember.tensor([[4., 2., 1.], [2., 1., 3.], [1., 3., 2.]]))
    assert info.item() == 2
    assert L.tolist() == [[2., 0., 0.], [1., 0., 0.], [0.5, 3., 2.]]
    L, info = ember.linalg.cholesky_ex(ember.stack([ember.eye(2), N]))
    assert info.tolist() == [0, 2]
    assert L[0].tolist() == [[1., 0.], [0., 1.]]


def test_cholesky_ex_check_errors_and_nan():
    N = ember.tensor([[1., 2.], [3., -4.]])
    assert _err(lambda: ember.linalg.cholesky_ex(N, check_errors=True))[1] == (
        "linalg.cholesky_ex: The factorization could not be completed because the input is not positive-definite "
        "(the leading minor of order 2 is not positive-definite).")
    nan = ember.tensor([[float("nan"), 1.], [1., 1.]])
    assert ember.linalg.cholesky_ex(nan).info.item() == 1
    assert "order 1" in _err(lambda: ember.linalg.cholesky(nan))[1]
    assert _err(lambda: ember.linalg.cholesky_ex(ember.ones(3)))[1] == (
        "linalg.cholesky: The input tensor A must have at least 2 dimensions.")


def test_cholesky_upper_reads_upper_triangle():
    A = ember.tensor([[4., 2.], [100., 5.]])
    U = ember.linalg.cholesky(A, upper=True)
    assert U.tolist() == [[2., 1.], [0., 2.]]


# ------------------------------------------------------------ errors / values
def test_linalg_error_messages():
    N = ember.tensor([[1., 2.], [3., -4.]])
    I = ember.tensor([[1, 2], [3, 4]])
    assert _err(lambda: ember.linalg.matrix_power(N, 2.0)) == (
        "TypeError", "linalg_matrix_power(): argument 'n' (position 2) must be int, not float")
    assert _err(lambda: ember.matrix_power(N, 2.0))[1].startswith("matrix_power(): argument 'n' (position 2)")
    assert _err(lambda: N.matrix_power(2.0))[1].startswith("matrix_power(): argument 'n' (position 1)")
    assert _err(lambda: ember.linalg.eigh(N, UPLO="X")) == (
        "RuntimeError", "Expected UPLO argument to be 'L' or 'U', but got X")
    assert _err(lambda: ember.linalg.eigvalsh(I))[0] == "NotImplementedError"
    assert _err(lambda: ember.linalg.vector_norm(N, dtype=ember.int64))[1] == (
        "linalg.vector_norm: dtype should be floating point or complex, but got Long")
    assert _err(lambda: ember.linalg.vector_norm(N.double(), dtype=ember.float32))[1] == (
        "linalg.vector_norm: the dtype of the input (Double) should be convertible without narrowing to the "
        "specified dtype (Float)")
    assert _err(lambda: ember.linalg.pinv(I))[1] == (
        "linalg.pinv(Long{[2, 2]}): expected a tensor with 2 or more dimensions of float, double, cfloat or "
        "cdouble types")
    assert _err(lambda: ember.linalg.matrix_rank(I))[1] == (
        "This function doesn't handle types other than float and double")
    assert _err(lambda: ember.linalg.solve_triangular(N, ember.ones(2, 1)))[0] == "TypeError"
    assert _err(lambda: ember.linalg.cond(N, 3))[1] == "linalg.cond got an invalid norm type: 3"
    assert _err(lambda: ember.linalg.cross(ember.tensor([1, 2, 3]), ember.tensor([3., 2, 1])))[1] == (
        "expected scalar type Long but found Float")
    assert _err(lambda: ember.linalg.multi_dot([N, N.double()]))[1] == (
        "multi_dot(): all tensors must have be the same dtype but tensor 0 is float and tensor 1 double")
    assert _err(lambda: ember.linalg.vecdot(I, I))[0] == "RuntimeError"


def test_nan_matrices_propagate():
    A = ember.tensor([[float("nan"), 1.], [1., 1.]])
    assert np.isnan(ember.linalg.inv(A).numpy()).all()
    assert np.isnan(ember.linalg.solve(A, ember.ones(2)).numpy()).all()
    assert math.isnan(ember.linalg.det(A).item())
    B = ember.stack([A, ember.eye(2)])
    r = ember.linalg.inv(B).numpy()
    assert np.isnan(r[0]).all() and (r[1] == np.eye(2)).all()


def test_complex_pinv_lstsq_slogdet_vecdot():
    C = ember.tensor([[2 + 1j, 1 - 1j], [0.5j, 3 + 0j], [1 + 0j, 1j]])
    P = ember.linalg.pinv(C).numpy()
    np.testing.assert_allclose(P, np.linalg.pinv(C.numpy()), rtol=1e-5, atol=1e-6)
    b = ember.tensor([[1 + 0j], [2j], [1 - 1j]])
    x = ember.linalg.lstsq(C, b).solution.numpy()
    np.testing.assert_allclose(x, np.linalg.lstsq(C.numpy(), b.numpy(), rcond=None)[0], rtol=1e-5, atol=1e-6)
    sign, la = ember.linalg.slogdet(C[:2])
    assert la.dtype == ember.float32 and sign.dtype == ember.complex64
    v = ember.linalg.vecdot(ember.tensor([1j, 2 + 0j]), ember.tensor([1j, 1 + 0j]))
    assert v.item() == 3 + 0j
    H = ember.tensor([[2 + 0j, 1 - 1j], [1 + 1j, 3 + 0j]])
    np.testing.assert_allclose(ember.linalg.pinv(H, hermitian=True).numpy(), np.linalg.inv(H.numpy()), atol=1e-6)


def test_solve_left_false_grad_fn_and_gradcheck():
    A = ember.tensor([[4., 1.], [1.5, 3.]], dtype=ember.float64, requires_grad=True)
    B = ember.tensor([[1., 2.], [3., 4.], [5., 7.]], dtype=ember.float64, requires_grad=True)
    X = ember.linalg.solve(A, B, left=False)
    assert type(X.grad_fn).__name__ == "LinalgSolveExBackward0"
    np.testing.assert_allclose((X @ A).detach().numpy(), B.detach().numpy(), atol=1e-12)
    assert ember.autograd.gradcheck(lambda a, b: ember.linalg.solve(a, b, left=False), (A, B))
    assert _err(lambda: ember.linalg.solve(A, ember.ones(2, 3, dtype=ember.float64), left=False))[1] == (
        "linalg.solve: Incompatible shapes of A and B for the equation XA = B (2x2 and 2x3)")


def test_erfcx_float32_large():
    r = ember.special.erfcx(ember.tensor([10., 30., 1e5])).numpy()
    np.testing.assert_allclose(r, [0.05614099, 0.018795888, 5.641895835e-06], rtol=1e-6)


def test_deprecation_warnings_carry_triggered_suffix():
    from ember.ops import linalg as L
    L._WARNED.clear()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        ember.cholesky(ember.eye(2))
        ember.cholesky(ember.eye(2))
        ember.qr(ember.eye(2))
    msgs = [str(x.message) for x in w]
    assert len(msgs) == 2
    assert msgs[0].endswith("(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                            "BatchLinearAlgebra.cpp:1765.)")
    assert msgs[1].startswith("torch.qr is deprecated")


# ------------------------------------------------------------ vs PyTorch
_CHOL_CASES = [
    [[1., 2.], [3., -4.]],
    [[4., 2., 1.], [2., 1., 3.], [1., 3., 2.]],
    [[4., 2., 1.], [2., 5., 3.], [1., 3., 1.]],
    [[4., 2., 1.], [7., 5., 3.], [-1., 9., 1.]],
]


@pytest.mark.parametrize("case", _CHOL_CASES)
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_ex_vs_torch(case, upper):
    torch = pytest.importorskip("torch")
    t = torch.linalg.cholesky_ex(torch.tensor(case), upper=upper)
    e = ember.linalg.cholesky_ex(ember.tensor(case), upper=upper)
    assert t.info.item() == e.info.item()
    np.testing.assert_array_equal(t.L.numpy(), e.L.numpy())


def test_cholesky_ex_random_vs_torch():
    torch = pytest.importorskip("torch")
    g = np.random.default_rng(0)
    for n in (4, 9, 30):
        X = g.standard_normal((n, n))
        A = X @ X.T + 0.1 * np.eye(n)
        A[n - 2, n - 2] = -50.0
        t = torch.linalg.cholesky_ex(torch.from_numpy(A))
        e = ember.linalg.cholesky_ex(ember.tensor(A))
        assert t.info.item() == e.info.item()
        np.testing.assert_allclose(t.L.numpy(), e.L.numpy(), rtol=1e-10, atol=1e-10)


_ERR_CASES = [
    lambda m: m.linalg.matrix_power(m.tensor([[1., 2.], [3., 4.]]), 2.0),
    lambda m: m.linalg.matrix_power(m.tensor([[1., 2.], [3., 4.]]), True),
    lambda m: m.linalg.eigh(m.eye(2), UPLO="X"),
    lambda m: m.linalg.eigvalsh(m.tensor([[1, 2], [3, 4]])),
    lambda m: m.linalg.vector_norm(m.eye(2), ord=None),
    lambda m: m.linalg.vector_norm(m.eye(2), dtype=m.int32),
    lambda m: m.linalg.vector_norm(m.eye(2), dtype=m.complex64),
    lambda m: m.linalg.matrix_norm(m.eye(2), dtype=m.float16),
    lambda m: m.linalg.pinv(m.ones(3)),
    lambda m: m.linalg.matrix_rank(m.ones(3)),
    lambda m: m.linalg.matrix_rank(m.ones(2, 2).half()),
    lambda m: m.linalg.solve_triangular(m.eye(2), m.ones(2, 1)),
    lambda m: m.linalg.cond(m.ones(2, 3), 1),
    lambda m: m.linalg.cond(m.ones(3)),
    lambda m: m.linalg.cond(m.eye(2), "bad"),
    lambda m: m.linalg.cholesky_ex(m.tensor([[1., 2.], [3., -4.]]), check_errors=True),
    lambda m: m.linalg.cross(m.tensor([1., 2., 3.]), m.tensor([1., 2., 3.], dtype=m.float64)),
    lambda m: m.linalg.vecdot(m.ones(2), m.ones(2, dtype=m.float64)),
    lambda m: m.linalg.multi_dot([m.eye(2), m.eye(2), m.eye(2).to(m.complex128)]),
    lambda m: m.linalg.solve(m.eye(2), m.ones(2), left=False),
]


@pytest.mark.parametrize("i", range(len(_ERR_CASES)))
def test_errors_vs_torch(i):
    torch = pytest.importorskip("torch")
    assert _err(lambda: _ERR_CASES[i](ember)) == _err(lambda: _ERR_CASES[i](torch))


_VAL_CASES = [
    lambda m: m.linalg.inv(m.tensor([[float("nan"), 1.], [1., 1.]])),
    lambda m: m.linalg.inv_ex(m.tensor([[float("nan"), 1.], [1., 1.]])).inverse,
    lambda m: m.linalg.det(m.tensor([[float("nan"), 1.], [1., 1.]])),
    lambda m: m.linalg.slogdet(m.tensor([[2 + 1j, 1 - 1j], [0.5j, 3 + 0j]])).logabsdet,
    lambda m: m.logdet(m.tensor([[2 + 1j, 1 - 1j], [0.5j, 3 + 0j]])),
    lambda m: m.linalg.pinv(m.tensor([[2 + 1j, 1 - 1j], [0.5j, 3 + 0j], [1 + 0j, 1j]])),
    lambda m: m.linalg.pinv(m.tensor([[2 + 0j, 1 - 1j], [1 + 1j, 3 + 0j]]), hermitian=True),
    lambda m: m.linalg.lstsq(m.tensor([[2 + 1j, 1 - 1j], [0.5j, 3 + 0j], [1 + 0j, 1j]]),
                             m.tensor([[1 + 0j], [2j], [1 - 1j]]), driver="gelsd").singular_values,
    lambda m: m.linalg.vecdot(m.tensor([1j, 2 + 0j]), m.tensor([1j, 1 + 0j])),
    lambda m: m.special.erfcx(m.tensor([-2.5, 0.5, 9.5, 10., 30., 1e5])),
    lambda m: m.linalg.matrix_rank(m.tensor([[1 + 0j, 2j], [2j, -4 + 0j]])),
]


@pytest.mark.parametrize("i", range(len(_VAL_CASES)))
def test_values_vs_torch(i):
    torch = pytest.importorskip("torch")
    t, e = _VAL_CASES[i](torch), _VAL_CASES[i](ember)
    assert str(t.dtype) == str(e.dtype)
    np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=2e-6, atol=1e-6)
