"""Triangular, Cholesky and LU solvers of ``torch.linalg`` (and their deprecated ``torch.*`` forms).

* ``linalg.solve_triangular`` / ``triangular_solve``: batched forward or back
  substitution in NumPy (like BLAS ``trsm`` it never checks for singularity, so a
  zero diagonal gives ``inf``/``nan`` as in PyTorch).
* ``cholesky_solve`` / ``cholesky_inverse``: two triangular solves.
* ``linalg.lu_factor(_ex)`` / ``linalg.lu`` / ``linalg.lu_solve`` / ``lu_unpack``:
  partial-pivot LU as LAPACK ``getrf`` (first largest ``|pivot|``, 1-based int32
  pivots, ``info`` = first zero pivot), vectorised over the batch.
* ``linalg.vander`` / ``tensorinv`` / ``tensorsolve``: PyTorch's composites.
* ``linalg.householder_product`` (``orgqr``): LAPACK ``org2r``'s column sweep.

Every backward is written with ember tensor ops, so gradients differentiate
again.  They are PyTorch's formulas (``FunctionsManual.cpp``), except
``householder_product``'s, which is the reverse-mode sweep through the
reflectors (same gradient, including zero for entries on and above the diagonal).
Forward results are computed for complex inputs too; ember has no complex
autograd, so gradients are real-only.
"""
from __future__ import annotations

import warnings as _warnings

import numpy as np

from .. import return_types as _RT
from ._common import Node, Tensor, _make, broadcast_error, finish, saved_output, unpack_output, write_out
from . import shape as _shape
from .linalg import LinAlgError, _batch_prefix, _check_square, _inv, _needs, _out_alias, _solve, matmul
from .reduction_ext import _c, _scalar_out, _tname, cumprod
from .shape import movedim
from .shape_ext import cat, stack, tril, triu


_mT = _shape.mT


# ------------------------------------------------------------------ helpers
def _batch(a: tuple, b: tuple) -> tuple:
    """Broadcast two batch shapes with PyTorch's error message."""
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        raise broadcast_error(a, b) from None


_LAPACK_TYPES = (np.float32, np.float64, np.complex64, np.complex128)


def _not_impl(d, kernel: str) -> None:
    """The dispatcher's ``"kernel" not implemented for 'Int'`` on types LAPACK lacks (ints, bool, half)."""
    if d.dtype not in _LAPACK_TYPES:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_tname(d)}\'')


def _is_matrix(d, name: str, what: str) -> None:
    if d.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {what} must have at least 2 dimensions.")


def _trsm_np(a, b, upper: bool, unit: bool):
    """``X`` with ``a X = b`` for triangular ``a`` (only its triangle is read), broadcast over batches."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]), dtype=a.dtype)
    n = a.shape[-1]
    with np.errstate(all="ignore"):
        for i in (range(n - 1, -1, -1) if upper else range(n)):
            sl = slice(i + 1, n) if upper else slice(0, i)
            s = x[..., i, :] - (a[..., i:i + 1, sl] @ x[..., sl, :])[..., 0, :]
            x[..., i, :] = s if unit else s / a[..., i, i, None]
    return x


def _trsm_side(a, b, upper: bool, unit: bool, left: bool):
    """``_trsm_np`` for ``a X = b`` (``left``) or ``X a = b``."""
    if left:
        return _trsm_np(a, b, upper, unit)
    t = np.swapaxes
    return t(_trsm_np(t(a, -1, -2), t(b, -1, -2), not upper, unit), -1, -2)


def _outs(out, res):
    """``out=`` for tuple results: copy each result into the matching ``out`` tensor (same named tuple)."""
    if out is None:
        return res
    return type(res)(tuple(write_out(o, r) for o, r in zip(out, res)))


def _single(node_cls, inputs, data, save_inputs, **attrs) -> Tensor:
    """Wrap a one-output result; ``node.save(*save_inputs, output)`` when grad is needed."""
    if not _needs(*inputs):
        return _make(data)
    node = node_cls(tuple(inputs))
    for k, v in attrs.items():
        setattr(node, k, v)
    res = finish(data, node)
    node.save(*save_inputs, saved_output(node, res))
    return res


def _tri_mask(x: Tensor, upper: bool, unit: bool) -> Tensor:
    return triu(x, int(unit)) if upper else tril(x, -int(unit))


# ---------------------------------------------------------- solve_triangular
class LinalgSolveTriangularBackward0(Node):
    __slots__ = ("upper", "left", "unit")

    def backward(self, g):
        A, X = self.saved()
        X = unpack_output(self, X)
        gB = _solve_triangular(_mT(A), g, upper=not self.upper, left=self.left, unitriangular=self.unit)
        gA = None
        if self._edges[0] is not None:
            gA = _tri_mask(-matmul(gB, _mT(X)) if self.left else -matmul(_mT(X), gB), self.upper, self.unit)
        return gA, (gB if self._edges[1] is not None else None)


def _solver_checks(ad, bd, left: bool, name: str) -> None:
    """ATen's ``checkInputsSolver``: square ``A``, matrix ``B``, matching inner sizes."""
    _check_square(ad, name, float_only=False)
    _is_matrix(bd, name, "B")
    if (ad.shape[-2] != bd.shape[-2]) if left else (ad.shape[-1] != bd.shape[-1]):
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {'AX = B' if left else 'XA = B'}"
                           f" ({ad.shape[-2]}x{ad.shape[-1]} and {bd.shape[-2]}x{bd.shape[-1]})")


_NO_UPPER = object()


def _solve_triangular(A: Tensor, B: Tensor, *, upper: bool = _NO_UPPER, left: bool = True,
                      unitriangular: bool = False, out=None) -> Tensor:
    """``torch.linalg.solve_triangular``: ``A X = B`` (``X A = B`` if not ``left``), in ``A``'s dtype."""
    if upper is _NO_UPPER:
        raise TypeError('linalg_solve_triangular() missing 1 required positional arguments: "upper"')
    ad, bd = A._data, B._data
    name = "linalg.solve_triangular"
    _is_matrix(ad, name, "A")
    _solver_checks(ad, bd, left, name)
    _batch(bd.shape[:-2], ad.shape[:-2])
    _not_impl(ad, "triangular_solve_cpu")
    x = _trsm_side(ad, bd.astype(ad.dtype, copy=False), upper, unitriangular, left)
    res = _single(LinalgSolveTriangularBackward0, (A, B), x, (A,), upper=upper, left=left, unit=unitriangular)
    return write_out(out, res)


# ---------------------------------------------------------- triangular_solve
_TRSV_WARN = ("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be removed in a "
              "future PyTorch release.\ntorch.linalg.solve_triangular has its arguments reversed and does not return a "
              "copy of one of the inputs.\nX = torch.triangular_solve(B, A).solution\nshould be replaced with\nX = "
              "torch.linalg.solve_triangular(A, B). (Triggered internally at "
              "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2273.)")


def _tsolve(A: Tensor, b: Tensor, upper: bool, transpose: bool, unit: bool) -> Tensor:
    """Differentiable ``op(A) X = b`` with ``op(A) = A^T`` when ``transpose`` (``upper`` describes ``A``)."""
    return _solve_triangular(_mT(A) if transpose else A, b, upper=upper != transpose, unitriangular=unit)


class TriangularSolveBackward0(Node):
    __slots__ = ("upper", "transpose", "unit", "bshape")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gx, gm):
        A, X = self.saved()
        X = _out_alias(self, X, 0)
        gb = gA = None
        if gx is not None:
            gb = _tsolve(A, gx, self.upper, not self.transpose, self.unit)
            if self._edges[1] is not None:
                gA = -matmul(X, _mT(gb)) if self.transpose else -matmul(gb, _mT(X))
                gA = _tri_mask(gA, self.upper, self.unit)
        if gm is not None and self._edges[1] is not None:
            gA = gm if gA is None else gA + gm
        if gb is None and gm is not None:  # PyTorch fills an undefined grad_b with zeros
            gb = _c(np.zeros(self.bshape, A._data.dtype))
        return (gb if self._edges[0] is not None else None), gA


def _linear_solve_checks(bd, ad, name: str) -> None:
    """ATen's ``linearSolveCheckInputs`` (dtype, square ``A``, matching sizes)."""
    if bd.dtype != ad.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {_tname(bd)} and A of type "
                           f"{_tname(ad)} instead.")
    if ad.shape[-1] != ad.shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {ad.shape[-2]} by {ad.shape[-1]} "
                           "matrices")
    if ad.shape[-1] != bd.shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for {name}: each A matrix is {ad.shape[-1]} by {ad.shape[-1]} "
                           f"but each b matrix is {bd.shape[-2]} by {bd.shape[-1]}")


def triangular_solve(input: Tensor, A: Tensor, upper: bool = True, transpose: bool = False,
                     unitriangular: bool = False, *, out=None):
    """``torch.triangular_solve(b, A)`` -> ``(solution, cloned_coefficient)`` (deprecated, warns like PyTorch)."""
    _warnings.warn(_TRSV_WARN, UserWarning, stacklevel=2)
    bd, ad = input._data, A._data
    for what, d in (("b", bd), ("A", ad)):
        if d.ndim < 2:
            raise RuntimeError(f"torch.triangular_solve: Expected {what} to have at least 2 dimensions, but it has "
                               f"{d.ndim} dimensions instead")
    _linear_solve_checks(bd, ad, "triangular_solve")
    batch = _batch(bd.shape[:-2], ad.shape[:-2])
    _not_impl(ad, "triangular_solve_cpu")
    a_op = np.swapaxes(ad, -1, -2) if transpose else ad
    x = _trsm_np(a_op, bd, upper != transpose, unitriangular)
    m = np.array(np.broadcast_to(ad, batch + ad.shape[-2:]))
    if not _needs(input, A):
        return _outs(out, _RT.triangular_solve((_make(x), _make(m))))
    node = TriangularSolveBackward0((input, A))
    node.upper, node.transpose, node.unit, node.bshape = upper, transpose, unitriangular, bd.shape
    sol, coef = finish(x, node), finish(m, node)
    coef._out_nr = 1
    node.save(A, saved_output(node, sol))
    return _outs(out, _RT.triangular_solve((sol, coef)))


# ------------------------------------------------------------ cholesky_solve
class CholeskySolveBackward0(Node):
    __slots__ = ("upper",)

    def backward(self, g):
        L, X = self.saved()
        X = unpack_output(self, X)
        gB = cholesky_solve(g, L, self.upper)
        gL = None
        if self._edges[1] is not None:
            common = matmul(gB, _mT(X))
            common = common + _mT(common)
            gL = -matmul(L, common) if self.upper else -matmul(common, L)
        return (gB if self._edges[0] is not None else None), gL


def _H(a):
    """Conjugate transpose of the last two axes."""
    return np.swapaxes(a, -1, -2).conj()


def _chol_solve_np(b, l, upper: bool):
    if upper:  # A = U^H U
        return _trsm_np(l, _trsm_np(_H(l), b, False, False), True, False)
    return _trsm_np(_H(l), _trsm_np(l, b, False, False), True, False)


def cholesky_solve(input: Tensor, input2: Tensor, upper: bool = False, *, out=None) -> Tensor:
    """``torch.cholesky_solve(B, L)``: ``X`` with ``L L^H X = B`` (``U^H U X = B`` if ``upper``).

    Only ``L``'s triangle is read; its gradient is PyTorch's (not masked to the triangle).
    """
    bd, ld = input._data, input2._data
    if bd.ndim < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {bd.ndim} dimensions instead")
    if ld.ndim < 2:
        raise RuntimeError(f"u should have at least 2 dimensions, but has {ld.ndim} dimensions instead")
    _linear_solve_checks(bd, ld, "cholesky_solve")
    _batch(bd.shape[:-2], ld.shape[:-2])
    _not_impl(ld, "cholesky_solve_cpu")
    x = _chol_solve_np(bd, ld, upper)
    return write_out(out, _single(CholeskySolveBackward0, (input, input2), x, (input2,), upper=upper))


# ---------------------------------------------------------- cholesky_inverse
class CholeskyInverseBackward0(Node):
    __slots__ = ("upper",)

    def backward(self, g):
        L, inv = self.saved()
        inv = unpack_output(self, inv)
        common = matmul(inv, matmul(g + _mT(g), inv))
        return -matmul(L, common) if self.upper else -matmul(common, L)


def _zero_diag_error(d, name: str):
    """LAPACK ``trtri``'s singular error: the first zero diagonal element, with PyTorch's batch prefix."""
    flat = d.reshape((-1,) + d.shape[-2:])
    diag = np.diagonal(flat, axis1=-2, axis2=-1) == 0
    b = int(np.argmax(diag.any(axis=-1)))
    i = int(np.argmax(diag[b])) + 1
    return LinAlgError(f"{name}: {_batch_prefix(d, b)}The diagonal element {i} is zero, the inversion could not be "
                       "completed because the input matrix is singular.")


def cholesky_inverse(input: Tensor, upper: bool = False, *, out=None) -> Tensor:
    """``torch.cholesky_inverse(L)``: ``(L L^H)^{-1}`` (``(U^H U)^{-1}`` if ``upper``), exactly Hermitian."""
    d = input._data
    name = "cholesky_inverse"
    _check_square(d, name, float_only=False)
    _not_impl(d, "cholesky_inverse_out_cpu")
    if d.size and (np.diagonal(d, axis1=-2, axis2=-1) == 0).any():
        raise _zero_diag_error(d, name)
    eye = np.eye(d.shape[-1], dtype=d.dtype)
    t = _trsm_np(d, eye, upper, False)  # L^{-1} or U^{-1}
    r = t @ _H(t) if upper else _H(t) @ t
    r = np.tril(r) + _H(np.tril(r, -1))
    return write_out(out, _single(CholeskyInverseBackward0, (input,), r, (input,), upper=upper))


# ------------------------------------------------------------------------ LU
def _getrf_np(a):
    """LAPACK ``getrf`` on every matrix of ``a``: ``(LU, pivots (1-based int32), info)``, batched."""
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]
    lu = np.array(a, dtype=a.dtype).reshape((int(np.prod(batch, dtype=np.int64)), m, n))
    nb = lu.shape[0]
    piv = np.empty((nb, k), np.int32)
    info = np.zeros(nb, np.int32)
    rows = np.arange(nb)
    cplx = lu.dtype.kind == "c"
    with np.errstate(all="ignore"):
        for j in range(k):
            col = lu[:, j:, j]
            mag = np.abs(col.real) + np.abs(col.imag) if cplx else np.abs(col)  # i?amax: |re| + |im|
            p = j + np.argmax(mag, axis=1) if nb else np.zeros(0, np.int64)
            piv[:, j] = p + 1
            top = lu[rows, j].copy()
            lu[rows, j] = lu[rows, p]
            lu[rows, p] = top
            d = lu[:, j, j]
            zero = d == 0
            info = np.where((info == 0) & zero, j + 1, info).astype(np.int32)
            lu[:, j + 1:, j] *= (1 / np.where(zero, 1, d))[:, None]  # getf2 scales by the reciprocal
            lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j, None] * lu[:, j, None, j + 1:]
    return lu.reshape(batch + (m, n)), piv.reshape(batch + (k,)), info.reshape(batch)


def _perm_np(piv, m: int):
    """Row permutation ``perm`` with ``A[perm] = L U`` from LAPACK's sequential swaps."""
    batch = piv.shape[:-1]
    p = piv.reshape(int(np.prod(batch, dtype=np.int64)), piv.shape[-1]).astype(np.int64) - 1
    perm = np.broadcast_to(np.arange(m), (p.shape[0], m)).copy()
    rows = np.arange(p.shape[0])
    for i in range(p.shape[1]):
        a, b = perm[:, i].copy(), perm[rows, p[:, i]].copy()
        perm[:, i], perm[rows, p[:, i]] = b, a
    return perm.reshape(batch + (m,))


def _perm_matrix_np(piv, m: int, dtype):
    """``P`` (``A = P L U``) from the pivots: ``P[perm[i], i] = 1``."""
    perm = _perm_np(piv, m)
    eye = np.eye(m, dtype=dtype)
    return np.ascontiguousarray(np.swapaxes(eye[perm], -1, -2))


def _unpack_LU(LU: Tensor):
    """Differentiable ``(L, U)`` of a packed ``LU`` tensor (``L`` unit lower ``m x k``, ``U`` upper ``k x n``)."""
    m, n = LU._data.shape[-2:]
    k = min(m, n)
    L = tril(LU[..., :, :k], -1) + _c(np.eye(m, k, dtype=LU._data.dtype))
    return L, triu(LU[..., :k, :])


def _lu_backward(gL, gU, P, L, U):
    """PyTorch's ``linalg_lu_backward`` (square, wide and tall cases)."""
    m, n = L._data.shape[-2], U._data.shape[-1]
    k = min(m, n)
    Lh, Uh = _mT(L), _mT(U)
    if m == n:
        gA = None
        if gL is not None:
            gA = tril(matmul(Lh, gL), -1)
        if gU is not None:
            t = triu(matmul(gU, Uh))
            gA = t if gA is None else gA + t
        gA = _solve_triangular(Uh, gA, upper=False, left=False)
        gA = _solve_triangular(Lh, gA, upper=True, unitriangular=True)
    elif m < n:
        gA = matmul(Lh, gL) if gL is not None else None
        if gU is not None:
            t = matmul(triu(gU), Uh)
            gA = -t if gA is None else gA - t
        gA = _solve_triangular(_mT(U[..., :, :k]), tril(gA, -1), upper=False, left=False)
        if gU is not None:
            gA = cat([gA + triu(gU[..., :, :k]), gU[..., :, k:]], -1)
        gA = _solve_triangular(Lh, gA, upper=True, unitriangular=True)
        if gU is None:
            gA = cat([gA, _c(np.zeros(U._data.shape[:-2] + (k, n - k), U._data.dtype))], -1)
    else:
        gA = matmul(gU, Uh) if gU is not None else None
        if gL is not None:
            t = matmul(Lh, tril(gL, -1))
            gA = -t if gA is None else gA - t
        gA = _solve_triangular(_mT(L[..., :k, :]), triu(gA), upper=True, unitriangular=True)
        if gL is not None:
            gA = cat([gA + tril(gL[..., :k, :], -1), gL[..., k:, :]], -2)
        gA = _solve_triangular(Uh, gA, upper=False, left=False)
        if gL is None:
            gA = cat([gA, _c(np.zeros(L._data.shape[:-2] + (m - k, k), L._data.dtype))], -2)
    return matmul(P, gA)


class LinalgLuFactorExBackward0(Node):
    __slots__ = ("piv",)

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 3

    def backward(self, gLU, gpiv=None, ginfo=None):
        (LU,) = self.saved()
        LU = _out_alias(self, LU, 0)
        if gLU is None:
            return None
        m, n = LU._data.shape[-2:]
        k = min(m, n)
        L, U = _unpack_LU(LU)
        P = _c(_perm_matrix_np(self.piv, m, LU._data.dtype))
        return _lu_backward(tril(gLU[..., :, :k], -1), triu(gLU[..., :k, :]), P, L, U)


def _lu_checks(d, name: str, pivot: bool) -> None:
    if d.ndim < 2:
        raise RuntimeError(f"{name}: Expected tensor with 2 or more dimensions. Got size: {list(d.shape)} instead")
    _not_impl(d, "lu_cpu")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


def _lu_factor_impl(A: Tensor, pivot: bool, name: str):
    """``(LU tensor, pivots array, info array)``; ``LU`` records ``LinalgLuFactorExBackward0``."""
    d = A._data
    _lu_checks(d, name, pivot)
    lu, piv, info = _getrf_np(d)
    if not _needs(A):
        return _make(lu), piv, info
    node = LinalgLuFactorExBackward0((A,))
    node.piv = piv
    res = finish(lu, node)
    node.save(saved_output(node, res))
    return res, piv, info


def _lu_zero_error(info, name: str, nd: int) -> RuntimeError:
    flat = info.reshape(-1)
    b = int(np.argmax(flat != 0))
    i = int(flat[b])
    pre = f"(Batch element {b}): " if nd > 2 else ""
    return RuntimeError(f"{name}: {pre}U[{i},{i}] is zero and using it on lu_solve would result in a division by "
                        "zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) "
                        "or linalg.lu_factor_ex(A, pivot)")


def _lu_factor_ex(A: Tensor, *, pivot: bool = True, check_errors: bool = False, out=None):
    """``torch.linalg.lu_factor_ex`` -> ``(LU, pivots, info)``."""
    lu, piv, info = _lu_factor_impl(A, pivot, "torch.lu_factor")
    if check_errors and info.any():
        raise _lu_zero_error(info, "torch.linalg.lu_factor_ex", A._data.ndim)
    return _outs(out, _RT.linalg_lu_factor_ex((lu, _make(piv), _make(_scalar_out(info)))))


def _lu_factor(A: Tensor, *, pivot: bool = True, out=None):
    """``torch.linalg.lu_factor`` -> ``(LU, pivots)``; raises for a zero pivot like PyTorch."""
    lu, piv, info = _lu_factor_impl(A, pivot, "torch.lu_factor")
    if info.any():
        raise _lu_zero_error(info, "torch.linalg.lu_factor", A._data.ndim)
    return _outs(out, _RT.linalg_lu_factor((lu, _make(piv))))


_LU_WARN = ("torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be removed "
            "in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)\nshould be replaced with\nLU, "
            "pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\nLU, pivots, info = torch.lu(A, compute_pivots, "
            "get_infos=True)\nshould be replaced with\nLU, pivots, info = torch.linalg.lu_factor_ex(A, "
            "compute_pivots) (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2073.)")


def lu(A: Tensor, pivot: bool = True, get_infos: bool = False, out=None):
    """Deprecated ``torch.lu``: ``(LU, pivots)`` (a plain tuple) or ``_lu_with_info`` when ``get_infos``."""
    _warnings.warn(_LU_WARN, UserWarning, stacklevel=2)
    lu_, piv, info = _lu_factor_impl(A, pivot, "torch.lu_factor")
    if get_infos:
        return _outs(out, _RT._lu_with_info((lu_, _make(piv), _make(_scalar_out(info)))))
    return _outs(out, (lu_, _make(piv)))


class LinalgLuBackward0(Node):
    __slots__ = ("P",)

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 3

    def backward(self, gP, gL, gU):
        L, U = self.saved()
        if gL is None and gU is None:
            return None
        L, U = _out_alias(self, L, 1), _out_alias(self, U, 2)
        return _lu_backward(gL, gU, _c(self.P), L, U)


def _unpack_np(lu, piv, data: bool = True, pivots: bool = True):
    m, n = lu.shape[-2:]
    k = min(m, n)
    P = _perm_matrix_np(piv, m, lu.dtype) if pivots else np.zeros((0,), lu.dtype)
    if not data:
        return P, np.zeros((0,), lu.dtype), np.zeros((0,), lu.dtype)
    L = np.tril(lu[..., :, :k], -1) + np.eye(m, k, dtype=lu.dtype)
    return P, L, np.ascontiguousarray(np.triu(lu[..., :k, :]))


def _linalg_lu(A: Tensor, *, pivot: bool = True, out=None):
    """``torch.linalg.lu`` -> ``(P, L, U)`` with ``A = P L U``; ``P`` carries no grad."""
    d = A._data
    _lu_checks(d, "linalg.lu", pivot)
    lu_, piv, _ = _getrf_np(d)
    P, L, U = _unpack_np(lu_, piv)
    if not _needs(A):
        return _outs(out, _RT.linalg_lu((_make(P), _make(L), _make(U))))
    node = LinalgLuBackward0((A,))
    node.P = P
    Lt, Ut = finish(L, node), finish(U, node)
    Lt._out_nr, Ut._out_nr = 1, 2
    node.save(saved_output(node, Lt), saved_output(node, Ut))
    return _outs(out, _RT.linalg_lu((_make(P), Lt, Ut)))


class LuUnpackBackward0(Node):
    __slots__ = ("m", "n", "data")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 3

    def backward(self, gP, gL, gU):
        if not self.data:  # L and U were not unpacked (empty outputs)
            return None, None
        m, n = self.m, self.n
        k = min(m, n)
        ref = gL if gL is not None else gU
        if ref is None:
            return None, None
        dt = ref._data.dtype
        batch = ref._data.shape[:-2]
        g = None
        if gL is not None:
            g = tril(gL, -1)
            if n > k:
                g = cat([g, _c(np.zeros(batch + (m, n - k), dt))], -1)
        if gU is not None:
            u = triu(gU)
            if m > k:
                u = cat([u, _c(np.zeros(batch + (m - k, n), dt))], -2)
            g = u if g is None else g + u
        return g, None


def lu_unpack(LU_data: Tensor, LU_pivots: Tensor, unpack_data: bool = True, unpack_pivots: bool = True, *, out=None):
    """``torch.lu_unpack`` -> ``(P, L, U)``; skipped parts are empty tensors, as in PyTorch."""
    d, pv = LU_data._data, LU_pivots._data
    if d.ndim < 2:
        raise RuntimeError(f"torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: {list(d.shape)} "
                           "instead")
    if pv.dtype != np.int32:
        raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n"
                           "Note: this function is intended to be used with the output produced by "
                           "torch.linalg.lu_factor")
    m, n = d.shape[-2:]
    if unpack_pivots and pv.size and (pv.min() < 1 or pv.max() > m):
        raise RuntimeError("pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive.Did you properly "
                           "pass the result of lu_factor?")
    piv = np.broadcast_to(pv, d.shape[:-2] + pv.shape[-1:])
    P, L, U = _unpack_np(d, piv, unpack_data, unpack_pivots)
    if not _needs(LU_data):
        return _outs(out, _RT.lu_unpack((_make(P), _make(L), _make(U))))
    node = LuUnpackBackward0((LU_data, None))
    node.m, node.n, node.data = m, n, unpack_data
    Lt, Ut = finish(L, node), finish(U, node)
    Lt._out_nr, Ut._out_nr = 1, 2
    return _outs(out, _RT.lu_unpack((_make(P), Lt, Ut)))


# ------------------------------------------------------------------ lu_solve
def _lu_solve_np(lu, piv, b, left: bool, adjoint: bool):
    """Solve ``A X = B`` / ``A^T X = B`` (``X A = B`` / ``X A^T = B`` if not ``left``) with ``A = P L U``."""
    if not left:  # X A = B  <=>  A^H X^H = B^H
        return _H(_lu_solve_np(lu, piv, _H(b), True, not adjoint))
    n = lu.shape[-1]
    batch = np.broadcast_shapes(lu.shape[:-2], b.shape[:-2])
    lu = np.broadcast_to(lu, batch + lu.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    perm = _perm_np(np.broadcast_to(piv, batch + piv.shape[-1:]), n)
    if not adjoint:
        pb = np.take_along_axis(b, perm[..., None], axis=-2)  # P^T B
        return _trsm_np(lu, _trsm_np(lu, pb, False, True), True, False)
    lt = _H(lu)
    y = _trsm_np(lt, _trsm_np(lt, b, False, False), True, True)  # L^{-H} U^{-H} B
    x = np.empty_like(y)
    np.put_along_axis(x, np.broadcast_to(perm[..., None], y.shape), y, axis=-2)  # P y
    return x


class LinalgLuSolveBackward0(Node):
    __slots__ = ("left", "adjoint", "piv")

    def backward(self, g):
        LU, X = self.saved()
        X = unpack_output(self, X)
        piv = _c(self.piv)
        gLU = gB = None
        if self._edges[2] is not None:
            gB = _linalg_lu_solve(LU, piv, g, left=self.left, adjoint=not self.adjoint)
        if self._edges[0] is not None:
            gLU = _lu_solve_LU(g, LU, X, self.piv, self.left, self.adjoint)
        return gLU, None, gB


def _lu_solve_LU(gX, LU, X, piv, left: bool, adjoint: bool):
    """PyTorch's ``linalg_lu_solve_LU``: the gradient with respect to the packed ``LU``."""
    L, U = _unpack_LU(LU)
    if left != adjoint:
        rhs = -matmul(gX, _mT(X)) if left else -matmul(_mT(gX), X)
        gR = _solve_triangular(_mT(U), rhs, upper=False)
        gL = tril(_solve_triangular(_mT(L), matmul(gR, _mT(U)), upper=True, unitriangular=True), -1)
        return gL + triu(gR)
    P = _c(_perm_matrix_np(piv, LU._data.shape[-1], LU._data.dtype))
    gR = -matmul(matmul(matmul(_mT(P), X if left else _mT(X)), _mT(gX) if left else gX), P)
    gR = _solve_triangular(_mT(L), gR, upper=True, left=False, unitriangular=True)
    gU = triu(_solve_triangular(_mT(U), matmul(_mT(L), gR), upper=False, left=False))
    return tril(gR, -1) + gU


def _linalg_lu_solve(LU: Tensor, pivots: Tensor, B: Tensor, *, left: bool = True, adjoint: bool = False,
                     out=None) -> Tensor:
    """``torch.linalg.lu_solve``: solve with ``lu_factor``'s output (``adjoint`` uses ``A^H``)."""
    ld, pd, bd = LU._data, pivots._data, B._data
    name = "torch.linalg.lu_solve"
    if ld.dtype.kind not in "fc":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {_tname(ld)}")
    if ld.dtype != bd.dtype:
        raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
                           f"{_tname(ld)} and B of type {_tname(bd)} instead")
    if pd.dtype != np.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    _check_square(ld, name, float_only=False)
    _solver_checks(ld, bd, left, "linalg.lu_solve")
    if pd.ndim == 0 or ld.shape[-1] != pd.shape[-1]:
        raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix")
    if ld.shape[:-1] != pd.shape:
        raise RuntimeError(f"linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to be the same, but got pivots "
                           f"with shape {list(pd.shape)} instead")
    _batch(ld.shape[:-2], bd.shape[:-2])
    x = np.ascontiguousarray(_lu_solve_np(ld, pd, bd, left, adjoint))
    res = _single(LinalgLuSolveBackward0, (LU, None, B), x, (LU,), left=left, adjoint=adjoint, piv=pd.copy())
    return write_out(out, res)


_LU_SOLVE_WARN = ("torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a future "
                  "PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\nX = "
                  "torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B) "
                  "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2230.)")


def lu_solve(input: Tensor, LU_data: Tensor, LU_pivots: Tensor, *, out=None) -> Tensor:
    """Deprecated ``torch.lu_solve(b, LU, pivots)`` (arguments reversed from ``linalg.lu_solve``)."""
    _warnings.warn(_LU_SOLVE_WARN, UserWarning, stacklevel=2)
    return _linalg_lu_solve(LU_data, LU_pivots, input, out=out)


# ------------------------------------------------------- vander / tensor ops
def _vander(x: Tensor, N=None) -> Tensor:
    """``torch.linalg.vander``: powers ``x^0 .. x^(N-1)`` via PyTorch's ``cat([ones, cumprod])`` (``CatBackward0``)."""
    d = x._data
    if d.dtype == np.bool_:
        raise RuntimeError("linalg.vander supports floating point, complex, and integer tensors, but got Bool")
    x_ = x.unsqueeze(-1) if d.ndim == 0 else x
    shape = tuple(x_._data.shape)
    n = shape[-1] if N is None else int(N)
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    res = cumprod(x_.unsqueeze(-1).expand(*shape, n - 1), -1)
    return cat([_make(np.ones(shape + (1,), res._data.dtype)), res], -1)


def _prod(seq) -> int:
    out = 1
    for s in seq:
        out *= int(s)
    return out


ReshapeAliasBackward0 = _shape.ReshapeAliasBackward0  # (also a reshape that views a column-major LAPACK result)


def _reshape_alias(t: Tensor, shape: tuple) -> Tensor:
    """``reshape`` of ``inv``'s output: a view recorded as ``ReshapeAliasBackward0`` like PyTorch's."""
    data = np.reshape(t._data, shape)
    node = None
    if _needs(t):
        node = ReshapeAliasBackward0((t,))
        node.shape = t._data.shape
    return _shape.make_view(t, data, node, lambda b, s=shape: b.reshape(s))


def _tensorinv(A: Tensor, ind: int = 2, *, out=None) -> Tensor:
    """``torch.linalg.tensorinv``: ``inv`` of ``A`` reshaped to a square matrix, reshaped back."""
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    shape = tuple(A._data.shape)
    end, start = shape[ind:], shape[:ind]
    pe, ps = _prod(end), _prod(start)
    if pe != ps:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {pe} != {ps}")
    try:
        inv = _inv(A.reshape(pe, pe))
    except LinAlgError as e:  # PyTorch reports this through ``inv``, not ``linalg.inv``
        raise LinAlgError(str(e).replace("linalg.inv:", "inv:", 1)) from None
    return write_out(out, _reshape_alias(inv, end + start))


def _tensorsolve(A: Tensor, B: Tensor, dims=None, *, out=None) -> Tensor:
    """``torch.linalg.tensorsolve``: ``linalg.solve`` on ``A`` reshaped to a square matrix and ``B`` flattened."""
    nd = A._data.ndim
    if dims is not None:
        dims = tuple(dims)
        A = movedim(A, dims, tuple(range(nd - len(dims), nd)))
    bn = B._data.ndim
    rshape = tuple(A._data.shape)[bn:]
    rp, op = _prod(rshape), _prod(B._data.shape)
    if rp != op:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {rp} != {op}")
    return write_out(out, _solve(A.reshape(rp, rp), B.flatten()).reshape(rshape))


# ------------------------------------------------------- householder_product
def _householder_np(a, tau):
    """LAPACK ``org2r``: ``H_1 ... H_k`` applied to the first ``n`` columns of the identity, in place on ``a``."""
    m, n = a.shape[-2:]
    k = tau.shape[-1]
    q = np.array(a, dtype=a.dtype)
    q[..., :, k:] = np.eye(m, n, dtype=a.dtype)[:, k:]
    for i in range(k - 1, -1, -1):
        t = tau[..., i]
        if i < n - 1:  # apply H_i to q[i:, i+1:] from the left (dlarf)
            v = q[..., i:, i].copy()
            v[..., 0] = 1
            c = q[..., i:, i + 1:]
            q[..., i:, i + 1:] = c - t[..., None, None] * v[..., :, None] * (v[..., None, :].conj() @ c)
        q[..., i + 1:, i] *= -t[..., None]  # dscal by -tau: signed zeros as LAPACK
        q[..., i, i] = 1 - t
        q[..., :i, i] = 0
    return q


class LinalgHouseholderProductBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        A, tau = self.saved()
        m, n = A._data.shape[-2:]
        k = tau._data.shape[-1]
        dt = A._data.dtype
        if k == 0:  # Q is the constant identity block: PyTorch returns undefined gradients
            return None, None
        vs, Qs = [], [_c(np.eye(m, n, dtype=dt))]
        for i in range(k - 1, -1, -1):  # Q_i = H_i Q_{i+1}, built with tensor ops (differentiable)
            v = A[..., :, i] * _c((np.arange(m) > i).astype(dt)) + _c((np.arange(m) == i).astype(dt))
            vs.insert(0, v)
            Qs.insert(0, Qs[0] - tau[..., i, None, None] * v.unsqueeze(-1) * matmul(v.unsqueeze(-2), Qs[0]))
        cols, dtaus = [], []
        G = g
        for i in range(k):
            v, Qn, t = vs[i], Qs[i + 1], tau[..., i, None, None]
            w = matmul(v.unsqueeze(-2), Qn)               # v^T Q_{i+1}
            vG = matmul(v.unsqueeze(-2), G)               # v^T G
            dtaus.append(-(vG * w).sum((-2, -1)))
            dv = -t * (matmul(G, _mT(w)) + matmul(Qn, _mT(vG)))
            cols.append(dv.squeeze(-1) * _c((np.arange(m) > i).astype(dt)))
            G = G - t * v.unsqueeze(-1) * vG
        gA = stack(cols, -1)
        if n > k:
            gA = cat([gA, _c(np.zeros(A._data.shape[:-1] + (n - k,), dt))], -1)
        return gA, stack(dtaus, -1)


def _householder_product(A: Tensor, tau: Tensor, *, out=None) -> Tensor:
    """``torch.linalg.householder_product`` (``torch.orgqr``): the product of Householder reflectors."""
    ad, td = A._data, tau._data
    name = "torch.linalg.householder_product"
    if ad.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if ad.shape[-2] < ad.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to input.shape[-1]")
    if td.ndim and ad.shape[-1] < td.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if ad.ndim - td.ndim != 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but got tau.ndim equal to "
                           f"{td.ndim} and input.ndim is equal to {ad.ndim}")
    if ad.ndim > 2 and td.shape[:-1] != ad.shape[:-2]:
        raise RuntimeError(f"{name}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got "
                           f"{list(td.shape[:-1])}")
    if td.dtype != ad.dtype:
        raise RuntimeError(f"{name}: tau dtype {_tname(td)} does not match input dtype {_tname(ad)}")
    _not_impl(ad, "orgqr_cpu")
    q = _householder_np(ad, td)
    if not _needs(A, tau):
        return write_out(out, _make(q))
    node = LinalgHouseholderProductBackward0((A, tau))
    node.save(A, tau)
    return write_out(out, finish(q, node))


def orgqr(input: Tensor, input2: Tensor) -> Tensor:
    """``torch.orgqr``: alias of ``torch.linalg.householder_product``."""
    return _householder_product(input, input2)


def _lu_method(self, pivot: bool = True, get_infos: bool = False):
    """``Tensor.lu`` (deprecated ``torch.lu``)."""
    return lu(self, pivot, get_infos)


class GeqrfBackward0(Node):
    """PyTorch has no derivative for ``geqrf``: backward through it raises."""

    __slots__ = ()
    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, ga, gtau):
        raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


def geqrf(input: Tensor, *, out=None):
    """``torch.geqrf``: LAPACK's ``?geqrf`` (R above the diagonal, Householder vectors below, and
    ``tau``), from ``numpy.linalg.qr(mode='raw')`` per matrix; no derivative, as in PyTorch."""
    a = np.asarray(input._data)
    if a.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    if a.dtype.kind not in "fc":
        raise NotImplementedError(f'"geqrf_cpu" not implemented for \'{_tname(a)}\'')
    flat = a.reshape((int(np.prod(a.shape[:-2])),) + a.shape[-2:])  # (explicit: ``-1`` fails for empty matrices)
    hs, taus = [], []
    for m in (flat if a.size else ()):
        h, tau = np.linalg.qr(m, mode="raw")  # h is the Fortran-ordered result, transposed
        hs.append(h.T)
        taus.append(tau)
    k = min(a.shape[-2:])
    qr_ = np.ascontiguousarray(np.stack(hs).reshape(a.shape).astype(a.dtype)) if flat.size else np.zeros_like(a)
    tau = (np.stack(taus).reshape(a.shape[:-2] + (k,)).astype(a.dtype) if flat.shape[0] and k
           else np.zeros(a.shape[:-2] + (k,), a.dtype))
    if _needs(input):
        node = GeqrfBackward0((input,))
        res = (finish(qr_, node), finish(tau, node))
    else:
        res = (_make(qr_), _make(tau))
    return _outs(out, _RT.geqrf(res))


TENSOR_METHODS = {"geqrf": geqrf, "triangular_solve": triangular_solve, "cholesky_solve": cholesky_solve,
                  "cholesky_inverse": cholesky_inverse, "lu": _lu_method, "lu_solve": lu_solve, "orgqr": orgqr}
# (``ormqr`` is defined below; bound with the other methods at the end of the module)


# ------------------------------------------------------------------ randomized low-rank SVD
def _range_basis(A: Tensor, q: int, niter: int, M: Tensor | None) -> Tensor:
    """Orthonormal ``q`` columns spanning (approximately) the range of ``A - M``: a Gaussian test
    matrix (one ``randn(n, q)`` draw, so seeded runs reproduce PyTorch's), then ``niter`` rounds of
    subspace iteration, re-orthonormalised by QR after every product (Halko et al. 2009, alg. 4.4)."""
    from .creation import randn
    from .linalg import _linalg_qr

    def prod(X: Tensor, Y: Tensor, adjoint: bool = False) -> Tensor:
        lhs, off = (X.mH, None if M is None else M.mH) if adjoint else (X, M)
        out = matmul(lhs, Y)
        return out if off is None else out - matmul(off, Y)

    dtype = A.dtype if A.dtype.is_floating_point or A.dtype.is_complex else _float32()
    R = randn(A.shape[-1], q, dtype=dtype)
    Q = _linalg_qr(prod(A, R)).Q
    for _ in range(2 if niter is None else niter):
        Q = _linalg_qr(prod(A, Q, adjoint=True)).Q
        Q = _linalg_qr(prod(A, Q)).Q
    return Q


def _float32():
    from .. import _dtype as D
    return D.float32


def svd_lowrank(A: Tensor, q: int | None = 6, niter: int | None = 2, M: Tensor | None = None):
    """``torch.svd_lowrank``: ``(U, S, V)`` with ``A - M ~ U diag(S) V^H`` from a randomized
    ``q``-column basis (computed for the tall one of ``A`` and ``A^H``); differentiable."""
    from .linalg import _linalg_svd
    q = 6 if q is None else q
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.size())
    wide = m < n
    if wide:
        A = A.mH
        M = None if M is None else M.mH
    Q = _range_basis(A, q, niter, M)
    B = matmul(Q.mH, A)
    if M is not None:
        B = B - matmul(Q.mH, M)
    U, S, Vh = _linalg_svd(B, full_matrices=False)
    U, V = matmul(Q, U), Vh.mH
    return (V, S, U) if wide else (U, S, V)


def pca_lowrank(A: Tensor, q: int | None = None, center: bool = True, niter: int = 2):
    """``torch.pca_lowrank``: ``svd_lowrank`` of ``A`` centred on its column means (``q`` defaults to
    ``min(6, m, n)``)."""
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not 0 <= q <= min(m, n):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}")
    if not niter >= 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if center:
        A = A - A.mean(dim=(-2,), keepdim=True)
    return svd_lowrank(A, q, niter=niter)


# ------------------------------------------------------------------ LDL (Bunch-Kaufman)
# ``linalg.ldl_factor(_ex)`` / ``linalg.ldl_solve``: LAPACK's unblocked ``sytf2`` / ``hetf2``
# (lower triangle) and ``sytrs`` / ``hetrs``, matrix by matrix.  Pivots are LAPACK's: 1-based
# int32, a 2 x 2 block marked by the same negative row in both of its entries.  PyTorch has no
# derivative for either op: results that need one get a ``NotImplemented`` node.
_BK_ALPHA = (1.0 + 17.0 ** 0.5) / 8.0

_RT.make("linalg_ldl_factor", ("LD", "pivots"))
_RT.make("linalg_ldl_factor_ex", ("LD", "pivots", "info"))


def _cabs1(x):
    """LAPACK's ``|re| + |im|`` magnitude (``|x|`` for real data)."""
    if np.iscomplexobj(x):
        return np.abs(x.real) + np.abs(x.imag)
    return np.abs(x)


def _bk_choose(a, k: int, n: int, herm: bool):
    """Bunch-Kaufman pivot choice at column ``k``: (kp, kstep, zero pivot?)."""
    akk = a[k, k].real if herm else a[k, k]
    absakk = abs(akk) if herm or not np.iscomplexobj(a) else _cabs1(akk)
    colmax = 0.0
    imax = k
    if k < n - 1:
        col = _cabs1(a[k + 1:, k])
        imax = k + 1 + int(np.argmax(col))
        colmax = col[imax - k - 1]
    if max(absakk, colmax) == 0 or np.isnan(absakk):
        return k, 1, True
    if absakk >= _BK_ALPHA * colmax:
        return k, 1, False
    row = _cabs1(a[imax, k:imax])
    rowmax = row.max()
    if imax < n - 1:
        rowmax = max(rowmax, _cabs1(a[imax + 1:, imax]).max())
    if absakk >= _BK_ALPHA * colmax * (colmax / rowmax):
        return k, 1, False
    aimax = abs(a[imax, imax].real) if herm else _cabs1(a[imax, imax])
    if aimax >= _BK_ALPHA * rowmax:
        return imax, 1, False
    return imax, 2, False


def _bk_swap(a, k: int, kk: int, kp: int, kstep: int, herm: bool) -> None:
    """Interchange rows and columns ``kk`` and ``kp`` of the trailing lower triangle."""
    n = a.shape[0]
    if kp < n - 1:
        a[kp + 1:, [kk, kp]] = a[kp + 1:, [kp, kk]]
    mid = np.arange(kk + 1, kp)
    if herm:
        t = np.conj(a[mid, kk])
        a[mid, kk] = np.conj(a[kp, mid])
        a[kp, mid] = t
        a[kp, kk] = np.conj(a[kp, kk])
        r1 = a[kk, kk].real
        a[kk, kk] = a[kp, kp].real
        a[kp, kp] = r1
        if kstep == 2:
            a[k, k] = a[k, k].real
    else:
        t = a[mid, kk].copy()
        a[mid, kk] = a[kp, mid]
        a[kp, mid] = t
        a[kk, kk], a[kp, kp] = a[kp, kp], a[kk, kk]
    if kstep == 2:
        a[k + 1, k], a[kp, k] = a[kp, k], a[k + 1, k]


def _bk_update1(a, k: int, herm: bool) -> None:
    """Rank-1 update of the trailing matrix after a 1 x 1 pivot (``syr`` / ``her``)."""
    x = a[k + 1:, k].copy()
    d11 = 1 / a[k, k].real if herm else 1 / a[k, k]
    alpha = -d11
    tail = a[k + 1:, k + 1:]
    rows, cols = np.tril_indices(x.shape[0])
    xt = np.conj(x) if herm else x
    tail[rows, cols] = tail[rows, cols] + x[rows] * (alpha * xt[cols])
    if herm:
        idx = np.arange(x.shape[0])
        tail[idx, idx] = tail[idx, idx].real
    a[k + 1:, k] = x * d11


def _bk_update2(a, k: int, herm: bool) -> None:
    """Rank-2 update after a 2 x 2 pivot (``sytf2`` / ``hetf2``'s explicit loops)."""
    n = a.shape[0]
    if herm:
        d = abs(a[k + 1, k])
        d11 = a[k + 1, k + 1].real / d
        d22 = a[k, k].real / d
        tt = 1 / (d11 * d22 - 1)
        d21 = a[k + 1, k] / d
        d = tt / d
    else:
        d21 = a[k + 1, k]
        d11 = a[k + 1, k + 1] / d21
        d22 = a[k, k] / d21
        t = 1 / (d11 * d22 - 1)
        d21 = t / d21
    for j in range(k + 2, n):
        if herm:
            wk = d * (d11 * a[j, k] - d21 * a[j, k + 1])
            wkp1 = d * (d22 * a[j, k + 1] - np.conj(d21) * a[j, k])
            a[j:, j] = a[j:, j] - a[j:, k] * np.conj(wk) - a[j:, k + 1] * np.conj(wkp1)
        else:
            wk = d21 * (d11 * a[j, k] - a[j, k + 1])
            wkp1 = d21 * (d22 * a[j, k + 1] - a[j, k])
            a[j:, j] = a[j:, j] - a[j:, k] * wk - a[j:, k + 1] * wkp1
        a[j, k] = wk
        a[j, k + 1] = wkp1
        if herm:
            a[j, j] = a[j, j].real


def _bk_factor(a, herm: bool):
    """One matrix: (LD with a zero upper triangle, int32 pivots, info)."""
    a = a.copy()
    n = a.shape[0]
    piv = np.zeros(n, np.int32)
    info = 0
    k = 0
    while k < n:
        kp, kstep, zero = _bk_choose(a, k, n, herm)
        if zero:
            info = info or k + 1
            if herm:
                a[k, k] = a[k, k].real
        else:
            kk = k + kstep - 1
            if kp != kk:
                _bk_swap(a, k, kk, kp, kstep, herm)
            elif herm:
                a[k, k] = a[k, k].real
                if kstep == 2:
                    a[k + 1, k + 1] = a[k + 1, k + 1].real
            if kstep == 1 and k < n - 1:
                _bk_update1(a, k, herm)
            elif kstep == 2 and k < n - 2:
                _bk_update2(a, k, herm)
        if kstep == 1:
            piv[k] = kp + 1
        else:
            piv[k] = piv[k + 1] = -(kp + 1)
        k += kstep
    return np.tril(a), piv, info


def _ldl_check(d, name: str) -> None:
    _is_matrix(d, name, "A")
    if d.shape[-1] != d.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {d.shape[-2]} by "
                           f"{d.shape[-1]} matrices")
    if d.dtype.kind not in "fc":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {_tname(d)}")
    _not_impl(d, "ldl_factor_kernel_cpu")


def _ldl_factor_np(d, hermitian: bool):
    batch = d.shape[:-2]
    n = d.shape[-1]
    count = int(np.prod(batch, dtype=np.int64))
    flat = d.reshape((count, n, n))
    lds = np.empty_like(flat)
    pivs = np.empty((flat.shape[0], n), np.int32)
    infos = np.empty(flat.shape[0], np.int32)
    herm = hermitian and np.iscomplexobj(d)
    for i in range(flat.shape[0]):
        lds[i], pivs[i], infos[i] = _bk_factor(flat[i], herm)
    return lds.reshape(d.shape), pivs.reshape(batch + (n,)), infos.reshape(batch)


def _no_derivative(data, inputs, what: str) -> Tensor:
    from ..nn._functional._util import not_implemented
    return not_implemented(data, inputs, what)


def _ldl_factor_ex(A: Tensor, *, hermitian: bool = False, check_errors: bool = False, out=None):
    """``torch.linalg.ldl_factor_ex`` -> ``(LD, pivots, info)`` (LAPACK ``sytrf`` semantics)."""
    d = np.asarray(A._data)
    _ldl_check(d, "torch.linalg.ldl_factor_ex")
    ld, piv, info = _ldl_factor_np(d, hermitian)
    if check_errors:
        _ldl_raise(info)
    res = _RT.linalg_ldl_factor_ex((_no_derivative(ld, (A,), "aten::linalg_ldl_factor_ex"), _make(piv),
                                    _make(info if info.ndim else info[()])))
    return _ldl_out(res, out)


def _ldl_raise(info) -> None:
    """PyTorch reports a zero pivot of ``ldl_factor`` through an internal assert (its exact text)."""
    bad = np.asarray(info).reshape(-1)
    bad = bad[bad != 0]
    if bad.size:
        raise RuntimeError("false INTERNAL ASSERT FAILED at \"/__w/pytorch/pytorch/aten/src/ATen/native/"
                           "BatchLinearAlgebra.cpp\":1642, please report a bug to PyTorch. torch.linalg.ldl_factor: "
                           f"Unknown error code: {int(bad[0])}.")


def _ldl_out(res, out):
    if out is None:
        return res
    return type(res)(tuple(write_out(o, r) for o, r in zip(out, res)))


def _ldl_factor(A: Tensor, *, hermitian: bool = False, out=None):
    """``torch.linalg.ldl_factor`` -> ``(LD, pivots)``; a zero pivot raises PyTorch's error."""
    d = np.asarray(A._data)
    _ldl_check(d, "torch.linalg.ldl_factor_ex")
    ld, piv, info = _ldl_factor_np(d, hermitian)
    _ldl_raise(info)
    res = _RT.linalg_ldl_factor((_no_derivative(ld, (A,), "aten::linalg_ldl_factor_ex"), _make(piv)))
    return _ldl_out(res, out)


def _bk_solve(ld, piv, b, herm: bool):
    """``sytrs`` / ``hetrs`` (lower): solve with one factored matrix; ``b`` (n, nrhs) is overwritten."""
    n = ld.shape[0]
    k = 0
    while k < n:                                    # L D y = P b
        if piv[k] > 0:
            kp = piv[k] - 1
            if kp != k:
                b[[k, kp]] = b[[kp, k]]
            if k < n - 1:
                b[k + 1:] -= np.outer(ld[k + 1:, k], b[k])
            b[k] = b[k] * (1 / ld[k, k].real) if herm else b[k] / ld[k, k]
            k += 1
            continue
        kp = -piv[k] - 1
        if kp != k + 1:
            b[[k + 1, kp]] = b[[kp, k + 1]]
        if k < n - 2:
            b[k + 2:] -= np.outer(ld[k + 2:, k], b[k])
            b[k + 2:] -= np.outer(ld[k + 2:, k + 1], b[k + 1])
        akm1k = ld[k + 1, k]
        akm1 = ld[k, k] / (np.conj(akm1k) if herm else akm1k)
        ak = ld[k + 1, k + 1] / akm1k
        denom = akm1 * ak - 1
        bkm1 = b[k] / (np.conj(akm1k) if herm else akm1k)
        bk = b[k + 1] / akm1k
        b[k] = (ak * bkm1 - bk) / denom
        b[k + 1] = (akm1 * bk - bkm1) / denom
        k += 2
    k = n - 1
    while k >= 0:                                   # L^T x = y (L^H when Hermitian)
        lt = np.conj(ld) if herm else ld
        if piv[k] > 0:
            if k < n - 1:
                b[k] -= lt[k + 1:, k] @ b[k + 1:]
            kp = piv[k] - 1
            if kp != k:
                b[[k, kp]] = b[[kp, k]]
            k -= 1
            continue
        if k < n - 1:
            b[k] -= lt[k + 1:, k] @ b[k + 1:]
            b[k - 1] -= lt[k + 1:, k - 1] @ b[k + 1:]
        kp = -piv[k] - 1
        if kp != k:
            b[[k, kp]] = b[[kp, k]]
        k -= 2
    return b


def _ldl_solve(LD: Tensor, pivots: Tensor, B: Tensor, *, hermitian: bool = False, out=None) -> Tensor:
    """``torch.linalg.ldl_solve``: solve ``A X = B`` from ``ldl_factor``'s output (LAPACK ``sytrs``)."""
    name = "torch.linalg.ldl_solve"
    ld, piv, b = np.asarray(LD._data), np.asarray(pivots._data), np.asarray(B._data)
    _is_matrix(ld, name, "LD")
    if b.ndim < 2:
        nd = max(b.ndim, 1)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got -2)")
    if ld.shape[-1] != ld.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {ld.shape[-2]} by "
                           f"{ld.shape[-1]} matrices")
    if b.shape[-2] != ld.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for {name}: each A matrix is {ld.shape[-1]} by "
                           f"{ld.shape[-1]} but each b matrix is {b.shape[-2]} by {b.shape[-1]}")
    if b.dtype != ld.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {_tname(b)} and A of type "
                           f"{_tname(ld)} instead.")
    _not_impl(ld, "ldl_solve_kernel_cpu")
    batch = _batch(_batch(ld.shape[:-2], piv.shape[:-1]), b.shape[:-2])
    n = ld.shape[-1]
    count = int(np.prod(batch, dtype=np.int64))
    lds = np.broadcast_to(ld, batch + (n, n)).reshape((count, n, n))
    pivs = np.broadcast_to(piv, batch + (n,)).reshape((count, n)).astype(np.int64)
    bs = np.broadcast_to(b, batch + b.shape[-2:]).reshape((count,) + b.shape[-2:]).copy()
    herm = hermitian and np.iscomplexobj(ld)
    for i in range(bs.shape[0]):
        _bk_solve(lds[i], pivs[i], bs[i], herm)
    res = _no_derivative(bs.reshape(batch + b.shape[-2:]), (LD, B), "aten::linalg_ldl_solve")
    return write_out(out, res)


# ------------------------------------------------------------------ singular solves
def _getrs_ieee(lu, piv, b):
    """LAPACK ``getrs`` (no transpose) for one factored matrix with IEEE arithmetic throughout
    (every entry updated, zeros included, as PyTorch's MKL build does), so a zero pivot gives
    ``inf``/``nan`` where PyTorch's do.  ``b`` is (n, nrhs); returns a new array."""
    x = np.array(b, dtype=lu.dtype)
    n = lu.shape[0]
    for i, p in enumerate(piv - 1):
        if p != i:
            x[[i, p]] = x[[p, i]]
    with np.errstate(all="ignore"):
        for k in range(n):                      # unit lower
            x[k + 1:] -= np.multiply.outer(lu[k + 1:, k], x[k])
        for k in range(n - 1, -1, -1):          # upper
            x[k] = x[k] / lu[k, k]
            x[:k] -= np.multiply.outer(lu[:k, k], x[k])
    return x


def _lu_solve_ieee(a, b):
    """``X`` with ``a X = b`` for broadcast batches through ``getrf`` + ``getrs``, and ``info``
    (the first zero pivot, 1-based): ``linalg.solve_ex``'s result on singular matrices."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    lu, piv, info = _getrf_np(a)
    count = int(np.prod(batch, dtype=np.int64))
    n = a.shape[-1]
    lus, pivs = lu.reshape((count, n, n)), piv.reshape((count, n))
    bs = b.reshape((count,) + b.shape[-2:])
    x = np.stack([_getrs_ieee(lus[i], pivs[i], bs[i]) for i in range(count)]) if count else np.zeros(bs.shape)
    return x.reshape(batch + b.shape[-2:]).astype(a.dtype), info


# ------------------------------------------------------------------ ormqr
def _ormqr_checks(input: Tensor, tau: Tensor, other: Tensor, left: bool) -> None:
    """``torch.ormqr``'s argument checks, in ATen's order and words."""
    a, t, c = input._data, tau._data, other._data
    if a.ndim < 2:
        raise RuntimeError("torch.ormqr: input must have at least 2 dimensions.")
    if c.ndim < 2:
        raise RuntimeError("torch.ormqr: other must have at least 2 dimensions.")
    side = -2 if left else -1
    if c.shape[side] != a.shape[-2]:
        raise RuntimeError(f"torch.ormqr: other.shape[{side}] must be equal to input.shape[-2]")
    if t.ndim != a.ndim - 1:
        raise RuntimeError(f"torch.ormqr: Expected tau to have one dimension less than input, but got tau.ndim equal "
                           f"to {t.ndim} and input.ndim is equal to {a.ndim}")
    if t.shape[-1] != min(c.shape[side], a.shape[-1]):
        raise RuntimeError(f"torch.ormqr: tau.shape[-1] must be equal to min(other.shape[{side}], input.shape[-1])")
    if c.ndim != a.ndim:
        raise RuntimeError(f"torch.ormqr: Expected other to have the same number of dimensions as input, but got "
                           f"other.ndim equal to {c.ndim} and input.ndim is equal to {a.ndim}")
    for name, x in (("tau", t), ("other", c)):
        if x.dtype != a.dtype:
            raise RuntimeError(f"torch.ormqr: Expected input and {name} to have the same dtype, but input has dtype"
                               f"{_tname(a)} and {name} has dtype {_tname(x)}")
    if a.dtype.kind not in "fc" or a.dtype == np.float16:
        raise NotImplementedError(f'"ormqr_cpu" not implemented for \'{_tname(a)}\'')


class OrmqrBackward0(Node):
    """``ormqr``'s node: its gradients are those of the differentiable composition in :func:`_ormqr_value`
    (recorded on detached copies of the inputs, replayed here)."""

    __slots__ = ("inner", "leaves")

    def backward(self, g):
        from ..autograd import grad as _grad
        wanted = [leaf for leaf in self.leaves if leaf is not None]
        got = iter(_grad([self.inner], wanted, [g], allow_unused=True)) if wanted else iter(())
        return tuple(next(got) if leaf is not None else None for leaf in self.leaves)


def ormqr(input: Tensor, tau: Tensor, other: Tensor, left: bool = True, transpose: bool = False, *,
          out=None) -> Tensor:
    """``torch.ormqr``: ``other`` multiplied by the full ``Q`` of ``geqrf``'s Householder reflectors
    (``Q = H_1 ... H_k``, ``H_i = I - tau_i v_i v_i^H``); ``Q^H`` when ``transpose``, from the right
    unless ``left``."""
    _ormqr_checks(input, tau, other, left)
    if not _needs(input, tau, other):
        return write_out(out, _ormqr_value(input, tau, other, left, transpose))
    from ..autograd.grad_mode import enable_grad
    leaves = [t.detach().requires_grad_() if t._rg else None for t in (input, tau, other)]
    args = [leaf if leaf is not None else t.detach() for leaf, t in zip(leaves, (input, tau, other))]
    with enable_grad():
        inner = _ormqr_value(*args, left, transpose)
    node = OrmqrBackward0((input, tau, other))
    node.inner, node.leaves = inner, leaves
    return write_out(out, finish(inner._data, node))


def _ormqr_value(input: Tensor, tau: Tensor, other: Tensor, left: bool, transpose: bool) -> Tensor:
    """``ormqr``'s product, built from differentiable ops."""
    from .creation import eye
    from .pointwise import where
    m = input._data.shape[-2]
    k = tau._data.shape[-1]
    rows = np.arange(m)
    Q = None
    for i in range(k):
        col = input[..., :, i]
        v = where(_make(rows == i), _make(np.ones((), input._data.dtype)),
                  where(_make(rows > i), col, _make(np.zeros((), input._data.dtype))))
        vh = v.conj() if v.is_complex() else v
        H = eye(m, dtype=input.dtype) - tau[..., i, None, None] * (v.unsqueeze(-1) * vh.unsqueeze(-2))
        Q = H if Q is None else matmul(Q, H)
    if Q is None:
        Q = eye(m, dtype=input.dtype)
    if transpose:
        Q = Q.mT.conj() if Q.is_complex() else Q.mT
    return matmul(Q, other) if left else matmul(other, Q)


TENSOR_METHODS["ormqr"] = ormqr
