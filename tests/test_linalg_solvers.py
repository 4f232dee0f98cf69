"""Triangular / Cholesky / LU solvers and the small ``torch.linalg`` composites vs PyTorch.

Each row of ``CASES`` is ``(id, fn, inputs)`` where ``fn(T, *xs)`` is written
once against a torch-like module ``T`` (ember or torch).  With torch installed
the ember result is compared with PyTorch's (values, dtype, printed form,
``grad_fn`` names, the gradient of every input); every row also runs float64
``gradcheck`` and ``gradgradcheck``, which need no torch.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember

try:  # PyTorch is the oracle, never a dependency.
    import torch  # type: ignore
except Exception:  # pragma: no cover - torch absent
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _rng(seed=0):
    return np.random.default_rng(seed)


def _tri(shape, upper, seed=0):
    """A well-conditioned triangular matrix (dominant diagonal)."""
    a = _rng(seed).standard_normal(shape) * 0.5 + 3 * np.eye(shape[-1])
    return np.triu(a) if upper else np.tril(a)


def _gen(shape, seed=1):
    return _rng(seed).standard_normal(shape)


def _spd_factor(shape, seed=2):
    a = _gen(shape, seed)
    return np.linalg.cholesky(a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1]))


def _lu_parts(T, A):
    LU, piv = T.linalg.lu_factor(A)
    P, L, U = T.lu_unpack(LU, piv)
    return L, U


CASES = [
    ("solve_triangular_upper", lambda T, A, B: T.linalg.solve_triangular(A, B, upper=True),
     [_tri((3, 3), True), _gen((3, 2))]),
    ("solve_triangular_lower_batched", lambda T, A, B: T.linalg.solve_triangular(A, B, upper=False),
     [_tri((2, 3, 3), False), _gen((3, 4))]),
    ("solve_triangular_right_unit", lambda T, A, B: T.linalg.solve_triangular(A, B, upper=True, left=False,
                                                                              unitriangular=True),
     [_tri((2, 3, 3), True), _gen((2, 4, 3))]),
    ("solve_triangular_right_lower", lambda T, A, B: T.linalg.solve_triangular(A, B, upper=False, left=False),
     [_tri((3, 3), False), _gen((1, 2, 3))]),
    ("triangular_solve", lambda T, B, A: tuple(T.triangular_solve(B, A)), [_gen((2, 3, 2)), _tri((3, 3), True)]),
    ("triangular_solve_T_lower_unit", lambda T, B, A: T.triangular_solve(B, A, False, True, True).solution,
     [_gen((3, 2)), _tri((2, 3, 3), False)]),
    ("triangular_solve_coef_grad", lambda T, B, A: B.triangular_solve(A, upper=False)[1] * 2.0,
     [_gen((3, 2)), _tri((3, 3), False)]),
    ("cholesky_solve_lower", lambda T, B, L: T.cholesky_solve(B, L.tril()), [_gen((2, 3, 2)), _spd_factor((3, 3))]),
    ("cholesky_solve_upper", lambda T, B, U: B.cholesky_solve(U.triu(), upper=True),
     [_gen((3, 2)), np.ascontiguousarray(np.swapaxes(_spd_factor((2, 3, 3)), -1, -2))]),
    ("cholesky_inverse_lower", lambda T, L: T.cholesky_inverse(L.tril()), [_spd_factor((3, 3))]),
    ("cholesky_inverse_upper", lambda T, U: U.triu().cholesky_inverse(True),
     [np.ascontiguousarray(np.swapaxes(_spd_factor((2, 3, 3)), -1, -2))]),
    ("lu_factor_square", lambda T, A: T.linalg.lu_factor(A).LU, [_gen((4, 4))]),
    ("lu_factor_ex_batched", lambda T, A: T.linalg.lu_factor_ex(A)[0], [_gen((2, 3, 3), 3)]),
    ("lu_factor_wide", lambda T, A: T.linalg.lu_factor(A)[0], [_gen((3, 5), 4)]),
    ("lu_factor_tall", lambda T, A: T.linalg.lu_factor(A)[0], [_gen((5, 3), 5)]),
    ("linalg_lu_square", lambda T, A: tuple(T.linalg.lu(A))[1:], [_gen((2, 4, 4), 6)]),
    ("linalg_lu_wide", lambda T, A: tuple(T.linalg.lu(A))[1:], [_gen((3, 5), 7)]),
    ("linalg_lu_tall", lambda T, A: tuple(T.linalg.lu(A))[1:], [_gen((5, 3), 8)]),
    ("linalg_lu_only_U", lambda T, A: T.linalg.lu(A).U, [_gen((3, 4), 9)]),
    ("linalg_lu_only_L", lambda T, A: T.linalg.lu(A).L, [_gen((4, 3), 10)]),
    ("lu_unpack", _lu_parts, [_gen((2, 4, 3), 11)]),
    ("lu_solve", lambda T, A, B: T.linalg.lu_solve(*T.linalg.lu_factor(A), B), [_gen((3, 3), 12), _gen((2, 3, 2))]),
    ("lu_solve_adjoint", lambda T, A, B: T.linalg.lu_solve(*T.linalg.lu_factor(A), B, adjoint=True),
     [_gen((2, 3, 3), 13), _gen((3, 2))]),
    ("lu_solve_right", lambda T, A, B: T.linalg.lu_solve(*T.linalg.lu_factor(A), B, left=False),
     [_gen((3, 3), 14), _gen((2, 3))]),
    ("lu_solve_right_adjoint", lambda T, A, B: T.linalg.lu_solve(*T.linalg.lu_factor(A), B, left=False, adjoint=True),
     [_gen((3, 3), 15), _gen((2, 3))]),
    ("lu_solve_deprecated", lambda T, B, A: T.lu_solve(B, *T.lu(A)), [_gen((3, 1)), _gen((3, 3), 16)]),
    ("vander", lambda T, x: T.linalg.vander(x, N=4), [_gen((2, 3))]),
    ("tensorinv", lambda T, A: T.linalg.tensorinv(A, ind=1), [_gen((4, 2, 2), 17) + 2 * np.eye(4).reshape(4, 2, 2)]),
    ("tensorsolve", lambda T, A, B: T.linalg.tensorsolve(A, B, dims=(0,)), [_gen((6, 2, 3), 18), _gen((2, 3))]),
    ("householder_product", lambda T, A, tau: T.linalg.householder_product(A, tau), [_gen((5, 3)), _gen((2,), 3)]),
    ("orgqr_batched", lambda T, A, tau: A.orgqr(tau), [_gen((2, 4, 4)), _gen((2, 4), 3)]),
]


def _outs(r):
    return list(r) if isinstance(r, (tuple, list)) else [r]


def _run(T, fn, arrays):
    xs = [T.tensor(a, requires_grad=True) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = _outs(fn(T, *xs))
        loss = sum(((o * (i + 1.5)) ** 2).sum() for i, o in enumerate(out))
        loss.backward()
    return out, [x.grad for x in xs]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_gradcheck(case):
    _, fn, arrays = case
    xs = tuple(ember.tensor(a, dtype=ember.float64, requires_grad=True) for a in arrays)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ember.autograd.gradcheck(lambda *a: fn(ember, *a), xs, eps=1e-6, atol=1e-5, rtol=1e-3)
        assert ember.autograd.gradgradcheck(lambda *a: fn(ember, *a), xs, eps=1e-6, atol=1e-5, rtol=1e-3)


@needs_torch
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_vs_torch(case):
    _, fn, arrays = case
    e_out, e_grads = _run(ember, fn, arrays)
    t_out, t_grads = _run(torch, fn, arrays)
    assert len(e_out) == len(t_out)
    for e, t in zip(e_out, t_out):
        assert str(e.dtype) == str(t.dtype) and tuple(e.shape) == tuple(t.shape)
        np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=1e-9, atol=1e-10)
        assert type(e.grad_fn).__name__ == type(t.grad_fn).__name__
    for e, t in zip(e_grads, t_grads):
        assert (e is None) == (t is None)
        if e is not None:
            np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=1e-8, atol=1e-9)


# ------------------------------------------------------------- LU values
@needs_torch
@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (6, 4), (4, 6), (2, 3, 5, 3), (0, 3, 3), (3, 0), (1, 1)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_lu_factor_matches_lapack(shape, dtype):
    a = _gen(shape, 21).astype(dtype)
    LU, piv, info = ember.linalg.lu_factor_ex(ember.tensor(a))
    tLU, tpiv, tinfo = torch.linalg.lu_factor_ex(torch.tensor(a))
    assert piv.dtype == ember.int32 and piv.tolist() == tpiv.tolist() and info.tolist() == tinfo.tolist()
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(LU.numpy(), tLU.numpy(), rtol=tol, atol=tol)
    P, L, U = ember.linalg.lu(ember.tensor(a))
    tP, tL, tU = torch.linalg.lu(torch.tensor(a))
    for e, t in ((P, tP), (L, tL), (U, tU)):
        assert e.shape == t.shape and str(e.dtype) == str(t.dtype)
        np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=tol, atol=tol)


@needs_torch
def test_singular_and_special_matrices():
    for a in (np.zeros((3, 3)), np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
              np.stack([np.eye(3), np.ones((3, 3))])):
        e = ember.linalg.lu_factor_ex(ember.tensor(a))
        t = torch.linalg.lu_factor_ex(torch.tensor(a))
        assert str(e) == str(t)
    X = ember.linalg.solve_triangular(ember.zeros(3, 3), ember.ones(3, 2), upper=True)
    assert str(X) == str(torch.linalg.solve_triangular(torch.zeros(3, 3), torch.ones(3, 2), upper=True))


@pytest.mark.parametrize("shape", [(5, 5), (2, 4, 4), (6, 3), (3, 6)])
def test_lu_reconstructs(shape):
    a = ember.tensor(_gen(shape, 22))
    P, L, U = ember.linalg.lu(a)
    np.testing.assert_allclose((P @ L @ U).numpy(), a.numpy(), atol=1e-12)
    LU, piv = ember.linalg.lu_factor(a)
    P2, L2, U2 = ember.lu_unpack(LU, piv)
    assert P2.equal(P) and L2.equal(L) and U2.equal(U)


def test_solvers_agree_with_solve():
    A = ember.tensor(_gen((2, 4, 4), 23))
    B = ember.tensor(_gen((2, 4, 3), 24))
    X = ember.linalg.solve(A, B)
    np.testing.assert_allclose(ember.linalg.lu_solve(*ember.linalg.lu_factor(A), B).numpy(), X.numpy(), atol=1e-10)
    L = ember.tensor(_spd_factor((4, 4)))
    S = L @ L.mT
    np.testing.assert_allclose(ember.cholesky_solve(B, L).numpy(), ember.linalg.solve(S, B).numpy(), atol=1e-10)
    np.testing.assert_allclose(ember.cholesky_inverse(L).numpy(), ember.linalg.inv(S).numpy(), atol=1e-10)
    T = ember.tensor(_tri((4, 4), True))
    np.testing.assert_allclose(ember.linalg.solve_triangular(T, B, upper=True).numpy(),
                               ember.linalg.solve(T, B).numpy(), atol=1e-10)


@needs_torch
def test_complex_forward_matches_torch():
    rng = _rng(30)
    a = rng.standard_normal((2, 3, 3)) + 1j * rng.standard_normal((2, 3, 3))
    L = np.linalg.cholesky(a @ np.swapaxes(a, -1, -2).conj() + np.eye(3))
    b = rng.standard_normal((2, 3, 2)) + 1j * rng.standard_normal((2, 3, 2))
    bt = np.ascontiguousarray(np.swapaxes(b, -1, -2))
    fns = [lambda T, A, B: T.linalg.solve_triangular(A, B, upper=False),
           lambda T, A, B: T.cholesky_solve(B, A), lambda T, A, B: T.cholesky_inverse(A),
           lambda T, A, B: T.linalg.lu_factor(A).LU, lambda T, A, B: T.linalg.householder_product(A, B[..., 0])]
    fns += [lambda T, A, B, l=l, j=j: T.linalg.lu_solve(*T.linalg.lu_factor(A), B if l else T.tensor(bt),
                                                        left=l, adjoint=j)
            for l in (True, False) for j in (True, False)]
    for fn in fns:
        e = fn(ember, ember.tensor(L), ember.tensor(b))
        t = fn(torch, torch.tensor(L), torch.tensor(b))
        assert str(e.dtype) == str(t.dtype)
        np.testing.assert_allclose(e.numpy(), t.resolve_conj().numpy(), rtol=1e-10, atol=1e-12)


def test_lu_unpack_skipped_parts_keep_grad_fn():
    A = ember.tensor(_gen((3, 3)), requires_grad=True)
    LU, piv = ember.linalg.lu_factor(A)
    P, L, U = ember.lu_unpack(LU, piv, unpack_data=False)
    assert L.shape == (0,) and type(L.grad_fn).__name__ == "LuUnpackBackward0"
    P, L, U = ember.lu_unpack(LU, piv, unpack_pivots=False)
    assert P.shape == (0,) and P.grad_fn is None and L.shape == (3, 3)


# ------------------------------------------------------------- printing
@needs_torch
def test_reprs_match_torch():
    a = np.array([[2.0, 1.0, 0.5], [4.0, 3.0, 1.0], [1.0, 0.3, 2.0]])  # no exact zeros: signed zeros may differ
    b = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = []
        for T in (ember, torch):
            A, B = T.tensor(a, requires_grad=True), T.tensor(b)
            pairs.append([T.linalg.lu_factor(A), T.linalg.lu_factor_ex(A), T.linalg.lu(A),
                          T.lu_unpack(*T.linalg.lu_factor(A)), T.triangular_solve(B, A),
                          T.linalg.solve_triangular(A, B, upper=False), T.cholesky_solve(B, A),
                          T.cholesky_inverse(A), T.linalg.lu_solve(*T.linalg.lu_factor(A), B), T.lu(A),
                          T.lu(A, get_infos=True), T.linalg.vander(T.tensor([1, 2, 3], dtype=T.int32)),
                          T.linalg.householder_product(A, T.tensor([1.0, 0.5], dtype=T.float64)),
                          T.linalg.tensorinv(A.reshape(3, 3), ind=1), T.orgqr(T.eye(3), T.tensor([1.0, 0.5]))])
    for e, t in zip(*pairs):
        assert repr(e) == repr(t)


# ------------------------------------------------------------- errors
ERRORS = [
    "torch.linalg.solve_triangular(torch.randn(3,4),torch.randn(3,2),upper=True)",
    "torch.linalg.solve_triangular(torch.randn(3),torch.randn(3,2),upper=True)",
    "torch.linalg.solve_triangular(torch.randn(3,3),torch.randn(3),upper=True)",
    "torch.linalg.solve_triangular(torch.randn(3,3),torch.randn(4,2),upper=True)",
    "torch.linalg.solve_triangular(torch.randn(3,3),torch.randn(2,4),upper=True,left=False)",
    "torch.linalg.solve_triangular(torch.randn(3,3).int(),torch.randn(3,3).int(),upper=True)",
    "torch.linalg.solve_triangular(torch.randn(2,3,3),torch.randn(4,3,2),upper=True)",
    "torch.triangular_solve(torch.randn(3,2),torch.randn(3,4))",
    "torch.triangular_solve(torch.randn(3),torch.randn(3,3))",
    "torch.triangular_solve(torch.randn(3,2),torch.randn(3))",
    "torch.triangular_solve(torch.randn(4,2),torch.randn(3,3))",
    "torch.triangular_solve(torch.randn(3,2),torch.randn(3,3,dtype=torch.float64))",
    "torch.triangular_solve(torch.randn(2,3,2),torch.randn(4,3,3))",
    "torch.triangular_solve(torch.randn(3,2).int(),torch.randn(3,3).int())",
    "torch.cholesky_solve(torch.randn(3,2),torch.randn(3,4))",
    "torch.cholesky_solve(torch.randn(3),torch.randn(3,3))",
    "torch.cholesky_solve(torch.randn(3,2),torch.randn(3))",
    "torch.cholesky_solve(torch.randn(4,2),torch.randn(3,3))",
    "torch.cholesky_solve(torch.randn(3,2),torch.randn(3,3,dtype=torch.float64))",
    "torch.cholesky_solve(torch.randn(3,2).int(),torch.randn(3,3).int())",
    "torch.cholesky_solve(torch.randn(2,3,2),torch.randn(4,3,3))",
    "torch.cholesky_inverse(torch.randn(3,4))",
    "torch.cholesky_inverse(torch.randn(3))",
    "torch.cholesky_inverse(torch.randn(3,3).int())",
    "torch.cholesky_inverse(torch.tensor([[1.,0],[0,0]]))",
    "torch.cholesky_inverse(torch.stack([torch.eye(3),torch.zeros(3,3)]))",
    "torch.linalg.lu_factor(torch.randn(3))",
    "torch.linalg.lu_factor(torch.randn(3,3).int())",
    "torch.linalg.lu_factor(torch.zeros(3,3))",
    "torch.linalg.lu_factor(torch.stack([torch.eye(3),torch.zeros(3,3)]))",
    "torch.linalg.lu_factor_ex(torch.zeros(2,3,3), check_errors=True)",
    "torch.linalg.lu_factor(torch.randn(3,3),pivot=False)",
    "torch.linalg.lu(torch.randn(3))",
    "torch.linalg.lu(torch.randn(3,3).int())",
    "torch.linalg.lu_factor(torch.randn(3,3).half())",
    "torch.linalg.solve_triangular(torch.randn(3,3).half(), torch.randn(3,3).half(), upper=True)",
    "torch.linalg.lu_solve(*torch.linalg.lu_factor(torch.randn(3,3)), torch.randn(4,2))",
    "torch.linalg.lu_solve(*torch.linalg.lu_factor(torch.randn(3,3)), torch.randn(3))",
    "torch.linalg.lu_solve(*torch.linalg.lu_factor(torch.randn(3,3)), torch.randn(3,2,dtype=torch.float64))",
    "torch.linalg.lu_solve(*torch.linalg.lu_factor(torch.randn(3,4)), torch.randn(3,2))",
    "torch.linalg.lu_solve(torch.randn(3,3), torch.tensor([1,2,3]), torch.randn(3,2))",
    "torch.linalg.lu_solve(torch.randn(3,3), torch.tensor([1,2],dtype=torch.int32), torch.randn(3,2))",
    "torch.linalg.lu_solve(torch.randn(2,3,3), torch.tensor([1,2,3],dtype=torch.int32), torch.randn(3,2))",
    "torch.linalg.lu_solve(torch.randn(3,3).int(), torch.tensor([1,2,3],dtype=torch.int32), torch.randn(3,2).int())",
    "torch.linalg.lu_solve(torch.randn(3,3), torch.tensor([1,2,3],dtype=torch.int32), torch.randn(2,4),left=False)",
    "torch.lu_unpack(torch.randn(3,3), torch.tensor([1,2,3]))",
    "torch.lu_unpack(torch.randn(3,3), torch.tensor([4,2,3],dtype=torch.int32))",
    "torch.lu_unpack(torch.randn(3,3), torch.tensor([0,2,3],dtype=torch.int32))",
    "torch.lu_unpack(torch.randn(3), torch.tensor([1,2,3],dtype=torch.int32))",
    "torch.linalg.vander(torch.tensor(2.))",
    "torch.linalg.vander(torch.tensor([1.,2]),N=1)",
    "torch.linalg.vander(torch.tensor([True,False]))",
    "torch.linalg.tensorinv(torch.randn(4,6,8,3),ind=1)",
    "torch.linalg.tensorinv(torch.randn(4,6,8,3),ind=0)",
    "torch.linalg.tensorinv(torch.zeros(2,2,4))",
    "torch.linalg.tensorsolve(torch.randn(2,3,5),torch.randn(2,3))",
    "torch.linalg.householder_product(torch.randn(3,4),torch.randn(2))",
    "torch.linalg.householder_product(torch.randn(4,3),torch.randn(4))",
    "torch.linalg.householder_product(torch.randn(4,3),torch.randn(2,2))",
    "torch.linalg.householder_product(torch.randn(4,3),torch.randn(2,dtype=torch.float64))",
    "torch.linalg.householder_product(torch.randn(4),torch.randn(2))",
    "torch.linalg.householder_product(torch.randn(4,3).int(),torch.randn(2).int())",
]


def _error_of(mod, expr):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            eval(expr, {"torch": mod})
        except Exception as e:  # noqa: BLE001 - the exception is the result
            return type(e).__name__, str(e)
    return None


@needs_torch
@pytest.mark.parametrize("expr", ERRORS)
def test_errors_match_torch(expr):
    expected = _error_of(torch, expr)
    assert expected is not None
    assert _error_of(ember, expr) == expected


def test_errors_without_torch():
    with pytest.raises(RuntimeError, match="A must be batches of square matrices"):
        ember.linalg.solve_triangular(ember.randn(3, 4), ember.randn(3, 2), upper=True)
    with pytest.raises(ember.linalg.LinAlgError, match="The diagonal element 2 is zero"):
        ember.cholesky_inverse(ember.tensor([[1.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(RuntimeError, match=r"U\[1,1\] is zero"):
        ember.linalg.lu_factor(ember.zeros(3, 3))
    with pytest.raises(NotImplementedError, match='"lu_cpu" not implemented for \'Int\''):
        ember.linalg.lu(ember.ones(2, 2, dtype=ember.int32))


def test_deprecation_warnings():
    A = ember.tensor(_tri((3, 3), True))
    B = ember.tensor(_gen((3, 2)))
    with pytest.warns(UserWarning, match="torch.triangular_solve is deprecated"):
        ember.triangular_solve(B, A)
    with pytest.warns(UserWarning, match="torch.lu is deprecated"):
        LU, piv = ember.lu(A)
    with pytest.warns(UserWarning, match="torch.lu_solve is deprecated"):
        ember.lu_solve(B, LU, piv)


def test_out_and_no_grad():
    A = ember.tensor(_tri((3, 3), False), requires_grad=True)
    B = ember.tensor(_gen((3, 2)))
    out = ember.empty(0, dtype=ember.float64)
    with pytest.raises(RuntimeError, match=r"^linalg_solve_triangular\(\): functions with out=\.\.\. arguments don't "
                                           "support automatic differentiation"):  # as PyTorch
        ember.linalg.solve_triangular(A, B, upper=False, out=out)
    r = ember.linalg.solve_triangular(A.detach(), B, upper=False, out=out)
    assert r is out and out.shape == (3, 2)
    outs = (ember.empty(0, dtype=ember.float64), ember.empty(0, dtype=ember.int32))
    res = ember.linalg.lu_factor(A.detach(), out=outs)
    assert res[0] is outs[0] and res[1] is outs[1]
    with ember.no_grad():
        assert ember.linalg.lu(A).L.grad_fn is None
        assert ember.cholesky_solve(B, A).grad_fn is None


def test_geqrf_matches_lapack_layout_and_has_no_derivative():
    a = ember.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
    r = ember.geqrf(a)
    assert type(r).__name__ == "geqrf" and r.a.grad_fn.name() == "GeqrfBackward0"
    q, rr = np.linalg.qr(a.detach().numpy())
    np.testing.assert_allclose(np.abs(np.triu(r.a.detach().numpy())[:2]), np.abs(rr), rtol=1e-5)
    with pytest.raises(NotImplementedError, match="the derivative for 'geqrf' is not implemented."):
        r.a.sum().backward()
    with pytest.raises(RuntimeError, match="torch.geqrf: input must have at least 2 dimensions."):
        ember.geqrf(ember.ones(3))
    if torch is not None:
        t = torch.geqrf(torch.tensor([[1., 2.], [3., 4.], [5., 6.]]))
        np.testing.assert_allclose(r.a.detach().numpy(), t.a.numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(r.tau.detach().numpy(), t.tau.numpy(), rtol=1e-5)


def test_norm_except_dim_and_backend_predicates():
    v = ember.arange(6.).view(2, 3)
    np.testing.assert_allclose(ember.norm_except_dim(v, 2, 0).numpy(), [[5 ** 0.5], [50 ** 0.5]], rtol=1e-6)
    np.testing.assert_allclose(ember.norm_except_dim(v, 2, 1).numpy(), [[3.0, 17 ** 0.5, 29 ** 0.5]], rtol=1e-6)
    assert not ember.is_distributed(v) and not ember.cudnn_is_acceptable(v) and not ember.is_vulkan_available()


def test_svd_lowrank_and_pca_lowrank():
    """Randomized low-rank SVD: exact for a matrix of rank <= q, seeded runs equal PyTorch's."""
    rng = np.random.default_rng(0)
    low = (rng.standard_normal((20, 3)) @ rng.standard_normal((3, 8)))
    A = ember.tensor(low)
    ember.manual_seed(0)
    U, S, V = ember.svd_lowrank(A, q=4)
    assert tuple(U.shape) == (20, 4) and tuple(S.shape) == (4,) and tuple(V.shape) == (8, 4)
    np.testing.assert_allclose(S.numpy()[:3], np.linalg.svd(low, compute_uv=False)[:3], rtol=1e-8)
    np.testing.assert_allclose((U * S) @ V.mT, low, atol=1e-8)
    wide = ember.tensor(low.T)
    _, Sw, _ = ember.svd_lowrank(wide, q=4)
    np.testing.assert_allclose(Sw.numpy()[:3], S.numpy()[:3], rtol=1e-8)
    ember.manual_seed(0)
    _, Sp, _ = ember.pca_lowrank(A, q=3)
    np.testing.assert_allclose(Sp.numpy(), np.linalg.svd(low - low.mean(0), compute_uv=False)[:3], rtol=1e-8)
    with pytest.raises(ValueError, match=r"q\(=5\) must be non-negative integer and not greater than min\(m, n\)=3"):
        ember.pca_lowrank(ember.randn(3, 3), q=5)
    if torch is not None:
        x = rng.standard_normal((20, 8)).astype(np.float32)
        ember.manual_seed(3)
        torch.manual_seed(3)
        ours = ember.svd_lowrank(ember.tensor(x), q=4)[1].numpy()
        theirs = torch.svd_lowrank(torch.tensor(x), q=4)[1].numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-5)
