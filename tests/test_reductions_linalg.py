"""Reductions, scans, sorting, softmax, matrix products and ``torch.linalg`` vs PyTorch.

Every row of ``CASES`` is ``(id, fn, inputs, opts)`` where ``fn(T, *xs)`` is
written once against a torch-like module ``T`` (ember or torch).  The ember
result is compared with PyTorch's (values, dtype, shape, ``grad_fn`` names,
the gradient of every input) when torch is importable, and every row also
gets a float64 finite-difference ``gradcheck`` that needs no torch.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import ember

try:  # PyTorch is the oracle, never a dependency.
    import torch  # type: ignore
except Exception:  # pragma: no cover - torch absent
    torch = None

from hypothesis import given, settings, strategies as st

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


# ---------------------------------------------------------------- helpers
def _np(t):
    return np.asarray(t.detach().numpy())


def _flat(out):
    """Output tensors of a result (tensor, tuple or return_types)."""
    if isinstance(out, (tuple, list)):
        return list(out)
    return [out]


def _is_float(t) -> bool:
    return str(t.dtype).startswith("torch.float") or "complex" in str(t.dtype)


def rand(*shape, seed=0, lo=-2.0, hi=2.0):
    """Distinct-valued random float32 data (no ties, so sort/argmax indices are unique)."""
    rng = np.random.default_rng(seed + 17 * len(shape) + sum(shape))
    n = int(np.prod(shape)) if shape else 1
    vals = np.linspace(lo, hi, n + 2)[1:-1]
    vals = vals + rng.uniform(-0.3, 0.3, n) * (hi - lo) / (n + 2)
    return rng.permutation(vals).reshape(shape).astype(np.float32)


def spd(n, seed=0):
    a = rand(n, n, seed=seed)
    return (a @ a.T + n * np.eye(n)).astype(np.float32)


def compare(fn, arrays, *, grad=None, rtol=1e-5, atol=1e-6, grtol=1e-4, gatol=1e-5, sign_free=(), check_idx=True,
            seed=0):
    """Run ``fn`` on ember and torch; compare outputs, grad_fn names and input gradients."""
    grad = [a.dtype.kind == "f" for a in arrays] if grad is None else grad
    e_in = [ember.tensor(a, requires_grad=g) for a, g in zip(arrays, grad)]
    e_out = _flat(fn(ember, *e_in))
    if torch is None:
        return e_out
    t_in = [torch.tensor(a, requires_grad=g) for a, g in zip(arrays, grad)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_out = _flat(fn(torch, *t_in))
    assert len(e_out) == len(t_out)
    assert type(fn(ember, *e_in)).__name__ == type(fn(torch, *t_in)).__name__
    for k, (eo, to) in enumerate(zip(e_out, t_out)):
        assert str(eo.dtype) == str(to.dtype), (k, eo.dtype, to.dtype)
        assert tuple(eo.shape) == tuple(to.shape), (k, eo.shape, to.shape)
        a, b = _np(eo), _np(to)
        if k in sign_free:
            a, b = np.abs(a), np.abs(b)
        if _is_float(to):
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
        elif check_idx:
            np.testing.assert_array_equal(a, b)
        t_name = to.grad_fn.name() if to.grad_fn is not None else None
        e_name = eo.grad_fn.name() if eo.grad_fn is not None else None
        assert e_name == t_name, (k, e_name, t_name)
    # backward with random weights on every differentiable output
    rng = np.random.default_rng(seed + 1)
    e_loss = t_loss = None
    for k, (eo, to) in enumerate(zip(e_out, t_out)):
        if not (to.requires_grad and _is_float(to)) or k in sign_free:
            continue
        w = rng.standard_normal(tuple(to.shape)).astype(_np(to).dtype)
        el = (eo * ember.tensor(w)).sum()
        tl = (to * torch.tensor(w)).sum()
        e_loss = el if e_loss is None else e_loss + el
        t_loss = tl if t_loss is None else t_loss + tl
    if t_loss is None:
        return e_out
    t_loss.backward()
    e_loss.backward()
    for i, (et, tt) in enumerate(zip(e_in, t_in)):
        if tt.grad is None:
            assert et.grad is None or not np.any(_np(et.grad)), i
            continue
        assert et.grad is not None, i
        assert str(et.grad.dtype) == str(tt.grad.dtype)
        np.testing.assert_allclose(_np(et.grad), _np(tt.grad), rtol=grtol, atol=gatol, equal_nan=True)
    return e_out


def gcheck(fn, arrays, grad=None, *, atol=1e-5, rtol=1e-3, second=False, sign_free=()):
    """float64 finite-difference check of ``fn`` (ember only)."""
    grad = [a.dtype.kind == "f" for a in arrays] if grad is None else grad
    ins = [ember.tensor(a.astype(np.float64) if a.dtype.kind == "f" else a, requires_grad=g)
           for a, g in zip(arrays, grad)]

    def f(*xs):
        outs = [o for k, o in enumerate(_flat(fn(ember, *xs))) if _is_float(o) and o.requires_grad
                and k not in sign_free]
        return tuple(outs)

    if not any(grad) or not f(*ins):
        return
    assert ember.autograd.gradcheck(f, tuple(ins), eps=1e-6, atol=atol, rtol=rtol)
    if second:
        assert ember.autograd.gradgradcheck(f, tuple(ins), eps=1e-6, atol=atol * 10, rtol=rtol * 10)


# ------------------------------------------------------------- the op table
X34 = [rand(3, 4)]
X234 = [rand(2, 3, 4)]
ZEROS = [np.array([[1.5, 0.0, 2.0, -1.0], [0.0, 3.0, 0.0, 2.0], [1.0, 2.0, 3.0, 4.0]], np.float32)]
TIES = [np.array([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]], np.float32)]
NANS = [np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, 3.0]], np.float32)]
M33 = [rand(3, 3, seed=1) + 2 * np.eye(3, dtype=np.float32)]
SPD = [spd(3)]
INF = float("inf")


def C(id_, fn, arrays, **opts):
    return pytest.param(fn, arrays, opts, id=id_)


REDUCTIONS = [
    C("prod", lambda T, x: x.prod(), X34),
    C("prod_dim", lambda T, x: x.prod(1), X34),
    C("prod_keepdim", lambda T, x: T.prod(x, 0, keepdim=True), X34),
    C("prod_zeros", lambda T, x: x.prod(), ZEROS),
    C("prod_zeros_dim", lambda T, x: x.prod(1), ZEROS, second=True),
    C("prod_zeros_dim0", lambda T, x: x.prod(0), ZEROS),
    C("max", lambda T, x: x.max(), X34),
    C("max_dim", lambda T, x: x.max(1), X34),
    C("max_dim_kw", lambda T, x: T.max(x, dim=0, keepdim=True), X234),
    C("max_binary", lambda T, x, y: T.max(x, y), [rand(3, 4), rand(4, seed=5)]),
    C("min", lambda T, x: x.min(), X34),
    C("min_dim", lambda T, x: x.min(-1), X234),
    C("max_ties", lambda T, x: x.max(), TIES, gradcheck=False),
    C("min_ties", lambda T, x: x.min(), TIES, gradcheck=False),
    C("amax", lambda T, x: x.amax(), X34),
    C("amax_dims", lambda T, x: x.amax((0, 2), keepdim=True), X234),
    C("amin_dim", lambda T, x: T.amin(x, 1), X234),
    C("amax_ties", lambda T, x: x.amax(1), TIES, gradcheck=False),
    C("aminmax", lambda T, x: T.aminmax(x), X34),
    C("aminmax_dim", lambda T, x: x.aminmax(dim=1, keepdim=True), X234),
    C("argmax", lambda T, x: x.argmax(), X34),
    C("argmax_dim", lambda T, x: x.argmax(1, keepdim=True), X234),
    C("argmin_dim", lambda T, x: T.argmin(x, 0), X34),
    C("argmax_keepdim_nodim", lambda T, x: x.argmax(keepdim=True), X34),
    C("var", lambda T, x: x.var(), X34),
    C("var_dim", lambda T, x: x.var(1), X34),
    C("var_biased", lambda T, x: x.var(1, unbiased=False), X234),
    C("var_dims_keepdim", lambda T, x: x.var((0, 2), keepdim=True), X234),
    C("var_positional", lambda T, x: x.var(1, False, True), X34),
    C("var_bool_positional", lambda T, x: x.var(False), X34),
    C("std", lambda T, x: x.std(), X34, second=True),
    C("std_correction", lambda T, x: x.std(1, correction=0), X234),
    C("std_keepdim", lambda T, x: T.std(x, dim=(0, 1), keepdim=True), X234),
    C("var_mean", lambda T, x: T.var_mean(x, 1), X34),
    C("std_mean", lambda T, x: T.std_mean(x), X234),
    C("std_mean_dim", lambda T, x: T.std_mean(x, (0, 2), correction=0, keepdim=True), X234),
    C("logsumexp", lambda T, x: x.logsumexp(1), X34, second=True),
    C("logsumexp_dims", lambda T, x: T.logsumexp(x, (0, 1), keepdim=True), X234),
    C("logsumexp_big", lambda T, x: (x * 500).logsumexp(0), X34),
    C("cumsum", lambda T, x: x.cumsum(1), X34, second=True),
    C("cumsum_dim0_dtype", lambda T, x: x.cumsum(0, dtype=T.float64), X234),
    C("cumprod", lambda T, x: x.cumprod(1), X34),
    C("cumprod_zeros", lambda T, x: T.cumprod(x, 1), ZEROS, second=True),
    C("cumprod_zeros0", lambda T, x: x.cumprod(0), ZEROS),
    C("cummax", lambda T, x: x.cummax(1), X34),
    C("cummin", lambda T, x: T.cummin(x, 0), X234),
    C("logcumsumexp", lambda T, x: x.logcumsumexp(1), X34),
    C("sort", lambda T, x: x.sort(), X34),
    C("sort_desc", lambda T, x: x.sort(0, descending=True), X234),
    C("sort_stable_kw", lambda T, x: T.sort(x, dim=1, stable=True), X234),
    C("argsort", lambda T, x: x.argsort(1, descending=True), X34),
    C("msort", lambda T, x: T.msort(x), X34),
    C("topk", lambda T, x: x.topk(2), X34),
    C("topk_smallest", lambda T, x: x.topk(2, dim=0, largest=False), X234),
    C("kthvalue", lambda T, x: x.kthvalue(2), X34),
    C("kthvalue_keepdim", lambda T, x: T.kthvalue(x, 2, 0, True), X234),
    C("median", lambda T, x: x.median(), X34),
    C("median_dim", lambda T, x: x.median(1), X234),
    C("nanmedian", lambda T, x: x.nanmedian(), NANS, gradcheck=False),
    C("nanmedian_dim", lambda T, x: x.nanmedian(1), X34),
    C("mode", lambda T, x: x.mode(1), [np.array([[1, 2, 2, 3], [4, 4, 1, 1]], np.float32)], gradcheck=False),
    C("nansum", lambda T, x: x.nansum(), NANS, gradcheck=False),
    C("nansum_dim", lambda T, x: T.nansum(x, 1), X34),
    C("nanmean", lambda T, x: x.nanmean(1), NANS, gradcheck=False),
    C("nanmean_all", lambda T, x: x.nanmean(), X34),
    C("softmax", lambda T, x: x.softmax(1), X34, second=True),
    C("softmax_dim0", lambda T, x: T.softmax(x, 0), X234),
    C("softmax_dtype", lambda T, x: T.softmax(x, -1, dtype=T.float64), X234),
    C("softmax_big", lambda T, x: (x * 1000).softmax(1), X34, gradcheck=False),
    C("log_softmax", lambda T, x: x.log_softmax(1), X34, second=True),
    C("log_softmax_dim0", lambda T, x: T.log_softmax(x, 0), X234),
    C("log_softmax_big", lambda T, x: (x * 1000).log_softmax(-1), X34, gradcheck=False),
    C("all_any", lambda T, x: ((x > 0).all(1), (x > 0).any(), T.all(x > -5, (0, 1), keepdim=True)), X234),
    C("count_nonzero", lambda T, x: ((x > 0).count_nonzero(), T.count_nonzero(x > 0, (0, 2))), X234),
    C("prod_int", lambda T, x: (x * 3).long().prod(1), X34),
    C("cumsum_int", lambda T, x: (x * 3).int().cumsum(0), X34),
]

NORMS = [
    C("norm", lambda T, x: x.norm(), X34, second=True),
    C("norm_p1", lambda T, x: x.norm(1), X34),
    C("norm_p3_dim", lambda T, x: x.norm(3, dim=1), X34),
    C("norm_p1.5_dim", lambda T, x: T.norm(x, 1.5, dim=(0, 2), keepdim=True), X234),
    C("norm_p0.5", lambda T, x: x.norm(0.5), X34),
    C("norm_inf", lambda T, x: x.norm(INF, dim=0), X34),
    C("norm_ninf", lambda T, x: x.norm(-INF), X34),
    C("norm_p0", lambda T, x: x.norm(0), X34),
    C("norm_fro_dims", lambda T, x: x.norm("fro", dim=(0, 1)), X234),
    C("norm_keepdim", lambda T, x: x.norm(dim=1, keepdim=True), X234),
    C("norm_dtype", lambda T, x: x.norm(dtype=T.float64), X34),
    C("norm_nuc", lambda T, x: x.norm("nuc"), X34),
    C("norm_zero_row", lambda T, x: (x * T.tensor([[1.0], [0.0], [1.0]])).norm(dim=1), X34, gradcheck=False),
    C("vector_norm", lambda T, x: T.linalg.vector_norm(x, 2.5, dim=-1), X234),
    C("linalg_norm", lambda T, x: T.linalg.norm(x), X234),
    C("linalg_norm_vec_ord", lambda T, x: T.linalg.norm(x, 3, dim=1), X234),
    C("linalg_norm_mat", lambda T, x: T.linalg.norm(x, 1), X34),
    C("matrix_norm_fro", lambda T, x: T.linalg.matrix_norm(x), X234),
    C("matrix_norm_inf", lambda T, x: T.linalg.matrix_norm(x, INF, dim=(2, 0), keepdim=True), X234),
    C("matrix_norm_m1", lambda T, x: T.linalg.matrix_norm(x, -1), X234),
    C("matrix_norm_2", lambda T, x: T.linalg.matrix_norm(x, 2), X234),
    C("matrix_norm_m2", lambda T, x: T.linalg.matrix_norm(x, -2, keepdim=True), X234),
    C("matrix_norm_nuc", lambda T, x: T.linalg.matrix_norm(x, "nuc", dim=(0, 2)), X234),
]

PRODUCTS = [
    C("dot", lambda T, a, b: a @ b, [rand(4), rand(4, seed=1)], second=True),
    C("mv", lambda T, a, b: a @ b, [rand(3, 4), rand(4, seed=1)]),
    C("vm", lambda T, a, b: a @ b, [rand(3), rand(3, 4, seed=1)]),
    C("mm", lambda T, a, b: a @ b, [rand(2, 3), rand(3, 4, seed=1)], second=True),
    C("bmm_path", lambda T, a, b: T.matmul(a, b), [rand(2, 2, 3), rand(2, 3, 4, seed=1)]),
    C("fold_3d_2d", lambda T, a, b: a @ b, [rand(2, 2, 3), rand(3, 4, seed=1)]),
    C("fold_2d_3d", lambda T, a, b: a @ b, [rand(2, 3), rand(5, 3, 4, seed=1)]),
    C("fold_1d_3d", lambda T, a, b: a @ b, [rand(3), rand(2, 3, 4, seed=1)]),
    C("fold_3d_1d", lambda T, a, b: a @ b, [rand(2, 2, 3), rand(3, seed=1)]),
    C("batch_bcast", lambda T, a, b: a @ b, [rand(4, 1, 2, 3), rand(5, 3, 2, seed=1)]),
    C("batch_bcast1", lambda T, a, b: a @ b, [rand(1, 2, 3), rand(4, 3, 2, seed=1)]),
    C("nofold_2d_3d", lambda T, a, b: a @ b, [rand(2, 3), rand(5, 3, 4, seed=1)], grad=[False, True]),
    C("nofold_1d_3d", lambda T, a, b: a @ b, [rand(3), rand(2, 3, 4, seed=1)], grad=[False, True]),
    C("fold_2d_3d_b_const", lambda T, a, b: a @ b, [rand(2, 3), rand(5, 3, 4, seed=1)], grad=[True, False]),
    C("fold_3d_2d_a_const", lambda T, a, b: a @ b, [rand(2, 2, 3), rand(3, 4, seed=1)], grad=[False, True]),
    C("rmatmul_int", lambda T, a, b: (a * 3).long() @ (b * 3).long(), [rand(2, 3), rand(3, 2, seed=1)]),
    C("mm_fn", lambda T, a, b: T.mm(a, b), [rand(2, 3), rand(3, 4, seed=1)]),
    C("bmm_fn", lambda T, a, b: a.bmm(b), [rand(2, 2, 3), rand(2, 3, 4, seed=1)], second=True),
    C("mv_fn", lambda T, a, b: T.mv(a, b), [rand(3, 4), rand(4, seed=1)], second=True),
    C("dot_fn", lambda T, a, b: a.dot(b), [rand(4), rand(4, seed=1)]),
    C("vdot", lambda T, a, b: T.vdot(a, b), [rand(4), rand(4, seed=1)]),
    C("inner", lambda T, a, b: T.inner(a, b), [rand(2, 4), rand(3, 4, seed=1)]),
    C("inner_1d", lambda T, a, b: T.inner(a, b), [rand(4), rand(4, seed=1)]),
    C("outer", lambda T, a, b: T.outer(a, b), [rand(3), rand(4, seed=1)]),
    C("ger", lambda T, a, b: a.ger(b), [rand(3), rand(4, seed=1)]),
    C("addmm", lambda T, c, a, b: T.addmm(c, a, b), [rand(4), rand(2, 3), rand(3, 4, seed=1)]),
    C("addmm_beta_alpha", lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=2.0),
      [rand(2, 4), rand(2, 3), rand(3, 4, seed=1)], second=True),
    C("addmv", lambda T, c, a, b: T.addmv(c, a, b, beta=2.0), [rand(3), rand(3, 4), rand(4, seed=1)]),
    C("addr", lambda T, c, a, b: T.addr(c, a, b, alpha=0.5), [rand(3, 4), rand(3), rand(4, seed=1)]),
    C("baddbmm", lambda T, c, a, b: T.baddbmm(c, a, b, beta=0.5), [rand(4), rand(2, 2, 3), rand(2, 3, 4, seed=1)]),
    C("addbmm", lambda T, c, a, b: T.addbmm(c, a, b, alpha=3.0), [rand(2, 4), rand(2, 2, 3), rand(2, 3, 4, seed=1)]),
    C("einsum_mm", lambda T, a, b: T.einsum("ij,jk->ik", a, b), [rand(2, 3), rand(3, 4, seed=1)], second=True),
    C("einsum_dot", lambda T, a, b: T.einsum("i,i->", a, b), [rand(4), rand(4, seed=1)]),
    C("einsum_bmm", lambda T, a, b: T.einsum("bij,bjk->bik", [a, b]), [rand(2, 2, 3), rand(2, 3, 4, seed=1)]),
    C("einsum_diag", lambda T, a: T.einsum("ii->i", a), M33),
    C("einsum_trace", lambda T, a: T.einsum("ii", a), M33),
    C("einsum_transpose", lambda T, a: T.einsum("ij->ji", a), X34),
    C("einsum_sum", lambda T, a: T.einsum("ijk->", a), X234),
    C("einsum_implicit", lambda T, a, b: T.einsum("ba,Ab", a, b), [rand(2, 3), rand(4, 2, seed=1)]),
    C("einsum_ellipsis", lambda T, a, b: T.einsum("...ij,...jk->...ik", a, b), [rand(4, 2, 3), rand(3, 2, seed=1)]),
    C("einsum_three", lambda T, a, b, c: T.einsum("ij,jk,kl->il", a, b, c),
      [rand(2, 3), rand(3, 4, seed=1), rand(4, 2, seed=2)]),
    C("einsum_bcast1", lambda T, a, b: T.einsum("ij,ij->ij", a, b), [rand(2, 1), rand(2, 3, seed=1)]),
    C("einsum_outer_sum", lambda T, a, b: T.einsum("ij,k->ik", a, b), [rand(2, 3), rand(4, seed=1)]),
    C("tensordot", lambda T, a, b: T.tensordot(a, b, dims=1), [rand(2, 3), rand(3, 4, seed=1)]),
    C("tensordot_lists", lambda T, a, b: T.tensordot(a, b, dims=([1, 0], [0, 1])), [rand(2, 3, 4), rand(3, 2, seed=1)]),
    C("tensordot_0", lambda T, a, b: T.tensordot(a, b, dims=0), [rand(2), rand(3, seed=1)]),
    C("kron", lambda T, a, b: T.kron(a, b), [rand(2, 3), rand(2, 2, seed=1)]),
    C("kron_mixed", lambda T, a, b: T.kron(a, b), [rand(2), rand(2, 3, seed=1)]),
    C("trace", lambda T, a: a.trace(), X34),
    C("cross", lambda T, a, b: T.cross(a, b, dim=1), [rand(2, 3), rand(2, 3, seed=1)]),
    C("linalg_cross", lambda T, a, b: T.linalg.cross(a, b), [rand(2, 3), rand(1, 3, seed=1)]),
]

DECOMPS = [
    C("det", lambda T, a: T.linalg.det(a), M33, second=True),
    C("det_batched", lambda T, a: a.det(), [rand(2, 3, 3) + 2 * np.eye(3, dtype=np.float32)]),
    C("det_singular", lambda T, a: T.det(a), [np.array([[1.0, 2.0, 0.5], [2.0, 4.0, 1.0], [0.3, 0.1, 2.0]],
                                                       np.float32)], gradcheck=False),
    C("inv", lambda T, a: T.linalg.inv(a), M33, second=True),
    C("inverse", lambda T, a: a.inverse(), [rand(2, 3, 3) + 2 * np.eye(3, dtype=np.float32)]),
    C("solve", lambda T, a, b: T.linalg.solve(a, b), M33 + [rand(3, 2, seed=4)], second=True),
    C("solve_vec", lambda T, a, b: T.linalg.solve(a, b), M33 + [rand(3, seed=4)]),
    C("solve_batched_vec", lambda T, a, b: T.linalg.solve(a, b),
      [rand(2, 3, 3) + 2 * np.eye(3, dtype=np.float32), rand(2, 3, seed=4)]),
    C("solve_bcast", lambda T, a, b: T.linalg.solve(a, b), M33 + [rand(2, 3, 2, seed=4)]),
    C("solve_left_false", lambda T, a, b: T.linalg.solve(a, b, left=False), M33 + [rand(2, 3, seed=4)],
      names=False),
    C("cholesky", lambda T, a: T.linalg.cholesky(a @ a.mT + 3 * T.eye(3)), [rand(3, 3, seed=3)]),
    C("cholesky_upper", lambda T, a: T.linalg.cholesky(a @ a.mT + 3 * T.eye(3), upper=True), [rand(3, 3, seed=3)]),
    C("slogdet", lambda T, a: T.linalg.slogdet(a), M33),
    C("slogdet_torch", lambda T, a: T.slogdet(a), M33),
    C("logdet", lambda T, a: T.logdet(a @ a.mT), M33),
    C("svdvals", lambda T, a: T.linalg.svdvals(a), X34),
    C("svd_reduced", lambda T, a: T.linalg.svd(a, full_matrices=False), X34, sign_free=(0, 2)),
    C("svd_invariant", lambda T, a: (lambda r: (r[0] * r[0] * r[1][:3], (r[2] * r[2])))(
        T.linalg.svd(a, full_matrices=False)), [rand(4, 3)]),
    C("svd_wide_invariant", lambda T, a: (lambda r: ((r[0] * r[1].unsqueeze(-2)) @ r[2], r[2] * r[2]))(
        T.linalg.svd(a, full_matrices=False)), X34, names=False),
    C("eigh", lambda T, a: T.linalg.eigh(a), SPD, sign_free=(1,), gradcheck=False),  # reads one triangle only
    C("eigh_invariant", lambda T, a: (lambda r: (r[0], r[1] * r[1]))(T.linalg.eigh(a + a.mT)), M33, names=False),
    C("eigvalsh", lambda T, a: T.linalg.eigvalsh(a + a.mT), M33, names=False),
    C("qr", lambda T, a: T.linalg.qr(a), [rand(4, 3)]),
    C("qr_square", lambda T, a: T.linalg.qr(a), M33),
    C("qr_wide", lambda T, a: T.linalg.qr(a), X34),
    C("matrix_power", lambda T, a: T.linalg.matrix_power(a, 3), M33),
    C("matrix_power_neg", lambda T, a: a.matrix_power(-2), M33),
    C("multi_dot", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]), [rand(3), rand(3, 4, seed=1), rand(4, seed=2)]),
    C("multi_dot4", lambda T, a, b, c, d: T.linalg.multi_dot([a, b, c, d]),
      [rand(2, 5), rand(5, 3, seed=1), rand(3, 4, seed=2), rand(4, 1, seed=3)]),
    C("chain_matmul", lambda T, a, b: T.chain_matmul(a, b), [rand(2, 5), rand(5, 3, seed=1)]),
    C("pinv", lambda T, a: T.linalg.pinv(a), X34),
    C("pinv_tall", lambda T, a: T.pinverse(a), [rand(4, 3)]),
    C("cond", lambda T, a: T.linalg.cond(a), M33),
    C("matrix_power0", lambda T, a: T.linalg.matrix_power(a, 0), M33, gradcheck=False, names=False),
    C("matrix_rank", lambda T, a: T.linalg.matrix_rank(a), X34),
    C("matrix_exp", lambda T, a: T.linalg.matrix_exp(a), [rand(3, 3, seed=6)], second=True),
    C("matrix_exp_big_norm", lambda T, a: T.matrix_exp(a * 4), [rand(2, 3, 3, seed=7)]),  # scaling and squaring
    C("matrix_exp_method", lambda T, a: a.matrix_exp(), [rand(2, 2, seed=8)]),
    C("lstsq", lambda T, a, b: T.linalg.lstsq(a, b).solution, [rand(5, 3), rand(5, 2, seed=1)], second=True),
    C("lstsq_vec", lambda T, a, b: T.linalg.lstsq(a, b).solution, [rand(5, 3), rand(5, seed=1)]),
    C("lstsq_wide", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd").solution, [rand(2, 4), rand(2, 3, seed=1)]),
    C("lstsq_batched_bcast", lambda T, a, b: T.linalg.lstsq(a, b).solution, [rand(2, 5, 3), rand(1, 5, 2, seed=1)]),
]


@pytest.mark.parametrize("fn,arrays,opts", REDUCTIONS + NORMS + PRODUCTS + DECOMPS)
def test_op_vs_torch_and_gradcheck(fn, arrays, opts):
    sign_free = opts.get("sign_free", ())
    grad = opts.get("grad")
    if torch is not None:
        if opts.get("names", True):
            compare(fn, arrays, grad=grad, sign_free=sign_free, rtol=1e-4, atol=1e-5)
        else:
            _compare_values_only(fn, arrays, grad)
    if opts.get("gradcheck", True):
        gcheck(fn, arrays, grad, second=opts.get("second", False), sign_free=sign_free)


def _compare_values_only(fn, arrays, grad):
    """Rows whose grad_fn chain PyTorch builds differently: values and input gradients only."""
    grad = [a.dtype.kind == "f" for a in arrays] if grad is None else grad
    e_in = [ember.tensor(a, requires_grad=g) for a, g in zip(arrays, grad)]
    t_in = [torch.tensor(a, requires_grad=g) for a, g in zip(arrays, grad)]
    e_out, t_out = _flat(fn(ember, *e_in)), _flat(fn(torch, *t_in))
    el, tl = 0, 0
    for k, (eo, to) in enumerate(zip(e_out, t_out)):
        np.testing.assert_allclose(_np(eo), _np(to), rtol=1e-4, atol=1e-5)
        assert str(eo.dtype) == str(to.dtype) and tuple(eo.shape) == tuple(to.shape)
        w = np.random.default_rng(k).standard_normal(tuple(to.shape)).astype(np.float32)
        el = el + (eo * ember.tensor(w)).sum()
        tl = tl + (to * torch.tensor(w)).sum()
    tl.backward()
    el.backward()
    for et, tt in zip(e_in, t_in):
        if tt.grad is not None:
            np.testing.assert_allclose(_np(et.grad), _np(tt.grad), rtol=1e-4, atol=1e-5)


# --------------------------------------------------------- specific checks
def test_max_ties_split_evenly_without_torch():
    x = ember.tensor([[1.0, 3.0, 3.0], [3.0, 0.0, 2.0]], requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[0, 1 / 3, 1 / 3], [1 / 3, 0, 0]], rtol=1e-6)
    y = ember.tensor([[1.0, 3.0, 3.0]], requires_grad=True)
    y.amax(1).sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), [[0, 0.5, 0.5]])
    z = ember.tensor([[1.0, 3.0, 3.0]], requires_grad=True)
    z.max(1).values.sum().backward()  # max(dim) picks one index, like torch
    np.testing.assert_allclose(z.grad.numpy(), [[0, 1, 0]])


def test_prod_grad_with_zeros_without_torch():
    x = ember.tensor([2.0, 0.0, 3.0, 4.0], requires_grad=True)
    x.prod().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0, 24, 0, 0])
    y = ember.tensor([0.0, 0.0, 3.0], requires_grad=True)
    y.prod().backward()
    np.testing.assert_allclose(y.grad.numpy(), [0, 0, 0])
    # second derivative across the zero: d2/dx0dx1 prod([x0, 0, 3]) = 0, d2/dx1dx2 = x0
    z = ember.tensor([2.0, 0.0, 3.0], dtype=ember.float64, requires_grad=True)
    (g,) = ember.autograd.grad(z.prod(), z, create_graph=True)
    (h,) = ember.autograd.grad(g[1], z)
    np.testing.assert_allclose(h.numpy(), [3.0, 0.0, 2.0])


def test_softmax_stability_without_torch():
    x = ember.tensor([[1000.0, 0.0, -1000.0]])
    assert np.isfinite(x.softmax(1).numpy()).all()
    np.testing.assert_allclose(x.log_softmax(1).numpy(), [[0.0, -1000.0, -2000.0]])
    np.testing.assert_allclose(ember.tensor([1e4, 1e4]).logsumexp(0).item(), 1e4 + math.log(2), rtol=1e-6)
    assert ember.tensor([-INF, -INF]).logsumexp(0).item() == -INF


def test_dtypes_and_shapes_without_torch():
    f = ember.ones(2, 3)
    assert (f @ f.t()).dtype == ember.float32
    assert ember.ones(2, 2, dtype=ember.float64).matmul(ember.ones(2, 2, dtype=ember.float64)).dtype == ember.float64
    i = ember.ones(2, 3, dtype=ember.int32)
    assert (i @ i.t()).dtype == ember.int32
    assert i.prod().dtype == ember.int64 and i.cumsum(0).dtype == ember.int64
    assert f.argmax().dtype == ember.int64 and f.argmax(1, keepdim=True).shape == (2, 1)
    assert f.var(1).dtype == ember.float32 and f.norm().dtype == ember.float32
    assert (f > 0).all(1).dtype == ember.bool
    assert ember.ones(3, dtype=ember.uint8).all().dtype == ember.uint8
    assert ember.tensor([1, 2, 3]).logsumexp(0).dtype == ember.float32


def test_return_types_repr():
    r = ember.tensor([[1.0, 5.0], [3.0, 2.0]]).max(1)
    assert repr(r) == "torch.return_types.max(\nvalues=tensor([5., 3.]),\nindices=tensor([1, 0]))"
    assert isinstance(r, tuple) and r[0] is r.values and r.indices.tolist() == [1, 0]
    v, i = r
    assert v.tolist() == [5.0, 3.0]
    x = ember.tensor([3.0, 1.0, 2.0], requires_grad=True)
    s = x.sort()
    assert "grad_fn=<SortBackward0>" in repr(s)
    assert type(s).__name__ == "sort" and type(s).__module__ == "torch.return_types"
    if torch is not None:
        for f in (lambda T: T.tensor([[1.0, 5.0], [3.0, 2.0]]).min(0), lambda T: T.tensor([3.0, 1.0, 2.0]).sort(),
                  lambda T: T.tensor([3.0, 1.0, 2.0]).topk(2), lambda T: T.aminmax(T.tensor([3.0, 1.0])),
                  lambda T: T.tensor([3.0, 1.0, 2.0], requires_grad=True).cummax(0),
                  lambda T: T.linalg.slogdet(T.tensor([[2.0, 1.0], [1.0, 3.0]])),
                  lambda T: T.tensor(2.5).max(0)):
            assert repr(f(ember)) == repr(f(torch))


ERRORS = [
    lambda T: T.ones(2, 3) @ T.ones(2, 3),
    lambda T: T.ones(3) @ T.ones(2),
    lambda T: T.ones(()) @ T.ones(2, 2),
    lambda T: T.ones(2, 2) @ T.ones(()),
    lambda T: T.ones(2, 3) @ T.ones(2),
    lambda T: T.ones(2) @ T.ones(3, 2),
    lambda T: T.ones(2, 2, 3) @ T.ones(3, 3, 3),
    lambda T: T.ones(2, 2, 3) @ T.ones(2, 2, 3),
    lambda T: T.ones(2, 2, 3) @ T.ones(2, 3),
    lambda T: T.ones(3, 3) @ T.ones(3, 3, dtype=T.float64),
    lambda T: T.ones(2, 2, dtype=T.int64) @ T.ones(2, 2),
    lambda T: T.mm(T.ones(3), T.ones(3, 3)),
    lambda T: T.mm(T.ones(3, 3), T.ones(3)),
    lambda T: T.bmm(T.ones(2, 3), T.ones(3, 3)),
    lambda T: T.bmm(T.ones(2, 2, 3), T.ones(3, 3, 3)),
    lambda T: T.bmm(T.ones(2, 2, 3), T.ones(2, 3, 3, dtype=T.float64)),
    lambda T: T.mv(T.ones(2, 3), T.ones(2)),
    lambda T: T.mv(T.ones(3), T.ones(3)),
    lambda T: T.mv(T.ones(2, 3), T.ones(3, dtype=T.float64)),
    lambda T: T.dot(T.ones(3, 3), T.ones(3)),
    lambda T: T.dot(T.ones(3), T.ones(3, dtype=T.float64)),
    lambda T: T.mm(T.ones(2, 3, dtype=T.bool), T.ones(3, 2, dtype=T.bool)),
    lambda T: T.outer(T.ones(2, 2), T.ones(2)),
    lambda T: T.addmm(T.ones(3, 3), T.ones(2, 3), T.ones(3, 3)),
    lambda T: T.trace(T.ones(3)),
    lambda T: T.inner(T.ones(2, 3), T.ones(2)),
    lambda T: T.tensordot(T.ones(2, 3), T.ones(2, 3), dims=1),
    lambda T: T.einsum("ij,jk->ik", T.ones(2, 3), T.ones(2, 3)),
    lambda T: T.einsum("ij,jk->ik", T.ones(2, 3, 4), T.ones(3, 2)),
    lambda T: T.einsum("ij->ik", T.ones(2, 3)),
    lambda T: T.linalg.cross(T.ones(2, 2), T.ones(2, 2)),
    lambda T: T.linalg.det(T.ones(2, 3)),
    lambda T: T.linalg.det(T.ones(2)),
    lambda T: T.linalg.inv(T.eye(2, dtype=T.int64)),
    lambda T: T.linalg.inv(T.tensor([[1.0, 2.0], [2.0, 4.0]])),
    lambda T: T.linalg.inv(T.tensor([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]]])),
    lambda T: T.linalg.solve(T.eye(3), T.ones(2)),
    lambda T: T.linalg.solve(T.zeros(2, 2), T.ones(2)),
    lambda T: T.linalg.cholesky(-T.eye(2)),
    lambda T: T.linalg.matrix_norm(T.ones(2, 2), 3),
    lambda T: T.linalg.matrix_norm(T.ones(2)),
    lambda T: T.linalg.vector_norm(T.tensor([1, 2])),
    lambda T: T.linalg.norm(T.ones(2, 2, 2), 2),
    lambda T: T.ones(0).max(),
    lambda T: T.ones(0, 3).max(0),
    lambda T: T.ones(0).amax(),
    lambda T: T.ones(0).argmax(),
    lambda T: T.ones(3, dtype=T.int64).var(),
    lambda T: T.ones(3).topk(4),
    lambda T: T.ones(3).kthvalue(4),
    lambda T: T.tensor([1, 2]).softmax(0),
    lambda T: T.tensor([[1, 2]]).softmax(0),
    lambda T: T.tensor([[1, 2]]).log_softmax(1),
    lambda T: T.tensor([1, 2]).nanmean(),
    lambda T: T.ones(2, 3).max(2),
    lambda T: T.ones(2, 3).prod((0, 1)),
]


@needs_torch
@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_error_messages_match_torch(k):
    f = ERRORS[k]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as te:
            f(torch)
        with pytest.raises(Exception) as ee:
            f(ember)
    assert type(ee.value).__name__ == type(te.value).__name__
    assert isinstance(ee.value, RuntimeError) == isinstance(te.value, RuntimeError)
    assert str(ee.value) == str(te.value)


def test_var_dof_warning():
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        v = ember.ones(1).var()
    assert math.isnan(v.item())


def test_import_linalg_namespace():
    import ember.linalg as L
    assert L.norm is ember.linalg.norm
    assert issubclass(L.LinAlgError, RuntimeError)
    assert not hasattr(ember, "inv") or True
    np.testing.assert_allclose(L.norm(ember.tensor([3.0, 4.0])).item(), 5.0)


# -------------------------------------------------------------- hypothesis
def _shape(min_dims=1, max_dims=3):
    return st.lists(st.integers(1, 4), min_size=min_dims, max_size=max_dims).map(tuple)


@settings(max_examples=25, deadline=None)
@given(_shape(), st.integers(0, 2), st.booleans(), st.integers(0, 10 ** 6))
def test_hypothesis_reductions(shape, dim_pick, keepdim, seed):
    dim = dim_pick % len(shape)
    x = rand(*shape, seed=seed)
    fns = [lambda T, a: a.amax(dim, keepdim=keepdim), lambda T, a: a.logsumexp(dim, keepdim=keepdim),
           lambda T, a: a.softmax(dim), lambda T, a: a.log_softmax(dim), lambda T, a: a.cumsum(dim),
           lambda T, a: a.prod(dim, keepdim=keepdim), lambda T, a: a.max(dim, keepdim=keepdim),
           lambda T, a: a.sort(dim, descending=keepdim), lambda T, a: a.norm(dim=dim, keepdim=keepdim)]
    if shape[dim] > 1:
        fns.append(lambda T, a: a.std(dim, keepdim=keepdim))
    for f in fns:
        if torch is not None:
            compare(f, [x], rtol=1e-4, atol=1e-5)
        else:
            gcheck(f, [x])


@st.composite
def _matmul_shapes(draw):
    n, m, p = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kind_a, kind_b = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    batch = draw(st.lists(st.integers(1, 3), min_size=0, max_size=2))

    def make(kind, last2):
        if kind == 1:
            return (last2[0] if last2 is sa_last else last2[1],)
        b = batch if kind > 2 else []
        b = [1 if (draw(st.booleans()) and kind == 4) else s for s in b]
        return tuple(b) + last2

    sa_last = (n, m)
    sb_last = (m, p)
    a = (m,) if kind_a == 1 else make(kind_a, sa_last)
    b = (m,) if kind_b == 1 else make(kind_b, sb_last)
    return a, b, draw(st.booleans()), draw(st.booleans())


@settings(max_examples=25, deadline=None)
@given(_matmul_shapes())
def test_hypothesis_matmul(case):
    sa, sb, ga, gb = case
    arrays = [rand(*sa), rand(*sb, seed=3)]
    grad = [ga, gb or not ga]
    if torch is not None:
        compare(lambda T, a, b: a @ b, arrays, grad=grad, rtol=1e-4, atol=1e-5)
    gcheck(lambda T, a, b: a @ b, arrays, grad)


SECOND_ORDER = [
    C("gg_fold", lambda T, a, b: a @ b, [rand(2, 2, 3), rand(3, 2, seed=1)]),
    C("gg_batched", lambda T, a, b: a @ b, [rand(2, 1, 2, 3), rand(2, 3, 2, seed=1)]),
    C("gg_vm", lambda T, a, b: a @ b, [rand(3), rand(3, 2, seed=1)]),
    C("gg_var", lambda T, a: a.var(1), X34),
    C("gg_std_mean", lambda T, a: T.std_mean(a, 0), X34),
    C("gg_norm3", lambda T, a: a.norm(3, dim=1), X34),
    C("gg_norm1", lambda T, a: a.norm(1), X34),
    C("gg_amax", lambda T, a: a.amax(1) * a.sum(), X34),
    C("gg_max_dim", lambda T, a: a.max(1).values ** 2, X34),
    C("gg_sort", lambda T, a: a.sort(1).values ** 2, X34),
    C("gg_topk", lambda T, a: a.topk(2).values ** 2, X34),
    C("gg_cummax", lambda T, a: a.cummax(1).values ** 2, X34),
    C("gg_cumprod", lambda T, a: a.cumprod(1), X34),
    C("gg_prod", lambda T, a: a.prod(1), X34),
    C("gg_logcumsumexp", lambda T, a: a.logcumsumexp(1), X34),
    C("gg_einsum_diag", lambda T, a, b: T.einsum("ii,ij->j", a, b), M33 + [rand(3, 2, seed=2)]),
    C("gg_einsum_three", lambda T, a, b, c: T.einsum("ij,jk,k->i", a, b, c),
      [rand(2, 3), rand(3, 2, seed=1), rand(2, seed=2)]),
    C("gg_tensordot", lambda T, a, b: T.tensordot(a, b, dims=([1, 0], [0, 1])), [rand(2, 3, 2), rand(3, 2, seed=1)]),
    C("gg_kron", lambda T, a, b: T.kron(a, b), [rand(2, 2), rand(2, seed=1)]),
    C("gg_addmv", lambda T, c, a, b: T.addmv(c, a, b, alpha=2.0), [rand(3), rand(3, 2), rand(2, seed=1)]),
    C("gg_baddbmm", lambda T, c, a, b: T.baddbmm(c, a, b), [rand(2, 2), rand(2, 2, 3), rand(2, 3, 2, seed=1)]),
    C("gg_cross", lambda T, a, b: T.linalg.cross(a, b), [rand(2, 3), rand(2, 3, seed=1)]),
    C("gg_trace", lambda T, a: a.trace() * a, M33),
    C("gg_cholesky", lambda T, a: T.linalg.cholesky(a @ a.mT + 3 * T.eye(3)), [rand(3, 3, seed=3)]),
    C("gg_slogdet", lambda T, a: T.linalg.slogdet(a)[1], M33),
    C("gg_svdvals", lambda T, a: T.linalg.svdvals(a), X34),
    C("gg_eigvalsh", lambda T, a: T.linalg.eigvalsh(a + a.mT), M33),
    C("gg_qr", lambda T, a: T.linalg.qr(a), [rand(4, 3)]),
    C("gg_pinv", lambda T, a: T.linalg.pinv(a), [rand(3, 2)]),
    C("gg_matrix_norm_nuc", lambda T, a: T.linalg.matrix_norm(a, "nuc"), X34),
]


@pytest.mark.parametrize("fn,arrays,opts", SECOND_ORDER)
def test_double_backward_gradgradcheck(fn, arrays, opts):
    gcheck(fn, arrays, second=True)


def test_matrix_exp_golden_rotation_and_nilpotent():
    r = ember.linalg.matrix_exp(ember.tensor([[0.0, 1.0], [-1.0, 0.0]], dtype=ember.float64))
    np.testing.assert_allclose(_np(r), [[math.cos(1), math.sin(1)], [-math.sin(1), math.cos(1)]], rtol=1e-15)
    n = ember.matrix_exp(ember.tensor([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [0.0, 0.0, 0.0]], dtype=ember.float64))
    np.testing.assert_allclose(_np(n), [[1, 2, 3 + 2 * 4 / 2], [0, 1, 4], [0, 0, 1]], rtol=1e-14)  # I + N + N^2/2
    big = ember.linalg.matrix_exp(ember.tensor([[30.0, 0.0], [0.0, -30.0]], dtype=ember.float64))
    np.testing.assert_allclose(_np(big), np.diag([math.exp(30), math.exp(-30)]), rtol=1e-13)
    assert tuple(ember.matrix_exp(ember.zeros(0, 0)).shape) == (0, 0)


def test_lstsq_outputs_per_driver():
    a = ember.tensor(rand(5, 3), dtype=ember.float64)
    b = ember.tensor(rand(5, 2, seed=1), dtype=ember.float64)
    x_true = np.linalg.lstsq(_np(a), _np(b), rcond=None)[0]
    r = ember.linalg.lstsq(a, b)  # CPU default driver gelsy: no residuals, no singular values
    assert type(r).__name__ == "linalg_lstsq" and r[0] is r.solution and r[3] is r.singular_values
    np.testing.assert_allclose(_np(r.solution), x_true, rtol=1e-12)
    assert tuple(r.residuals.shape) == (0,) and tuple(r.singular_values.shape) == (0,) and int(r.rank) == 3
    r = ember.linalg.lstsq(a, b, driver="gelsd")
    np.testing.assert_allclose(_np(r.residuals), ((_np(a) @ x_true - _np(b)) ** 2).sum(0), rtol=1e-12)
    np.testing.assert_allclose(_np(r.singular_values), np.linalg.svd(_np(a), compute_uv=False), rtol=1e-12)
    assert tuple(ember.linalg.lstsq(a, b[:, 0], driver="gels").residuals.shape) == (1,)
    assert ember.linalg.lstsq(a, b, driver="gels").rank.dtype == ember.int64
    deficient = ember.linalg.lstsq(ember.ones(4, 2, dtype=ember.float64), ember.ones(4, 1, dtype=ember.float64),
                                   driver="gelss")
    assert int(deficient.rank) == 1 and tuple(deficient.residuals.shape) == (0,)
    np.testing.assert_allclose(_np(deficient.solution), [[0.5], [0.5]])  # the minimum-norm solution


@pytest.mark.parametrize("call,msg", [
    (lambda: ember.linalg.matrix_exp(ember.randn(3)),
     "linalg.matrix_exp: The input tensor A must have at least 2 dimensions."),
    (lambda: ember.linalg.matrix_exp(ember.ones(2, 3)),
     "linalg.matrix_exp: A must be batches of square matrices, but they are 2 by 3 matrices"),
    (lambda: ember.linalg.matrix_exp(ember.ones(2, 2, dtype=ember.long)),
     "linalg.matrix_exp: Expected a floating point or complex tensor as input. Got Long"),
    (lambda: ember.linalg.lstsq(ember.randn(3), ember.randn(3)),
     "torch.linalg.lstsq: input must have at least 2 dimensions."),
    (lambda: ember.linalg.lstsq(ember.randn(3, 2), ember.randn(4, 1)),
     "torch.linalg.lstsq: input.size(-2) should match other.size(-2)"),
    (lambda: ember.linalg.lstsq(ember.randn(3, 2).double(), ember.randn(3, 1)),
     "torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype Double and "
     "other's dtype Float"),
    (lambda: ember.linalg.lstsq(ember.randn(3, 2), ember.randn(3, 1), driver="foo"),
     "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)"),
    (lambda: ember.linalg.lstsq(ember.randn(4, 2), ember.randn(2, 4, 1)),
     "torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) "
     "<= 1"),
    (lambda: ember.linalg.lstsq(ember.ones(4, 2, dtype=ember.long), ember.ones(4, 1, dtype=ember.long)),
     "This function doesn't handle types other than float and double"),
])
def test_matrix_exp_and_lstsq_errors(call, msg):
    with pytest.raises(RuntimeError) as e:
        call()
    assert str(e.value) == msg


def test_eig_and_eigvals_values_and_refusal_to_differentiate():
    a = ember.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=ember.float64, requires_grad=True)
    w, v = ember.linalg.eig(a)
    assert w.dtype == ember.complex128 and v.dtype == ember.complex128
    disc = math.sqrt(33.0)
    np.testing.assert_allclose(sorted(_np(w).real), [(5 - disc) / 2, (5 + disc) / 2], rtol=1e-14)
    np.testing.assert_allclose(_np(a) @ _np(v), _np(v) * _np(w)[None, :], atol=1e-13)  # A V = V diag(w)
    np.testing.assert_allclose(np.linalg.norm(_np(v), axis=0), [1.0, 1.0], rtol=1e-14)
    assert w.grad_fn.name() == "LinalgEigBackward0" and v.output_nr == 1
    rot = ember.linalg.eigvals(ember.tensor([[0.0, -1.0], [1.0, 0.0]]))
    assert rot.dtype == ember.complex64 and repr(rot) == "tensor([0.+1.j, 0.-1.j])"
    w.real.sum().backward()  # (differentiable now, as in PyTorch: d trace / dA = I)
    np.testing.assert_allclose(_np(a.grad), np.eye(2), atol=1e-12)
    with pytest.raises(RuntimeError, match="^Unknown Complex ScalarType for Long$"):
        ember.linalg.eig(ember.ones(2, 2, dtype=ember.long))
    if torch is not None:
        t = torch.linalg.eig(torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64))
        np.testing.assert_allclose(_np(w), t.eigenvalues.numpy(), rtol=1e-14)
        np.testing.assert_allclose(_np(v), t.eigenvectors.numpy(), rtol=1e-12)
