"""``torch.linalg.matrix_exp`` and ``torch.linalg.lstsq``.

* ``matrix_exp``: scaling and squaring with the degree-13 Padé approximant
  (Higham, "The scaling and squaring method for the matrix exponential
  revisited", 2005), evaluated in float64.  Its backward is PyTorch's: the
  Fréchet derivative is the top-right block of ``exp([[A^H, G], [0, A^H]])``,
  built from tensor ops, so the gradient is itself differentiable.
* ``lstsq``: the minimum-norm least-squares solution through an SVD, with
  PyTorch's outputs per driver (CPU default ``gelsy``: no residuals, no
  singular values).  The backward is PyTorch's ``linalg_lstsq_backward``,
  written with ``pinv`` so that it also differentiates again.
"""
from __future__ import annotations

import numpy as np

from .. import return_types as _RT
from ._common import Node, Tensor, _make, broadcast_error, finish
from . import shape as _shape
from .creation import zeros_like
from .linalg import _check_square, _needs, _pinv, _pinv_backward, matmul
from .reduction_ext import _tname
from .shape_ext import cat

__all__ = ["matrix_exp"]  # lstsq/eig/eigvals are public as ember.linalg.* only

# ---------------------------------------------------------------- matrix_exp
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
           40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152  # largest 1-norm for which Padé 13 is accurate to float64 unit roundoff


def _expm_np(a: np.ndarray) -> np.ndarray:
    """``exp`` of each square matrix in ``a`` (float64 or complex128), batched over leading dims."""
    n = a.shape[-1]
    if a.size == 0:
        return a.copy()
    norm = np.abs(a).sum(axis=-2).max(axis=-1)  # 1-norm of each matrix
    s = np.maximum(0, np.ceil(np.log2(np.maximum(norm, 1e-300) / _THETA13))).astype(np.int64)
    a = a / (2.0 ** s)[..., None, None]
    b = _PADE13
    eye = np.eye(n, dtype=a.dtype)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye
    r = np.linalg.solve(v - u, v + u)
    for k in range(int(s.max()) if s.size else 0):  # square each matrix s times (its own s)
        sq = r @ r
        r = np.where((s > k)[..., None, None], sq, r)
    return r


class LinalgMatrixExpBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        (A,) = self.saved()
        n = A._data.shape[-1]
        Ah = _shape.mT(A)  # real dtypes: the conjugate transpose is the transpose
        big = matrix_exp(cat([cat([Ah, g], -1), cat([zeros_like(A), Ah], -1)], -2))
        return (big[..., :n, n:],)


def matrix_exp(A: Tensor) -> Tensor:
    """``torch.linalg.matrix_exp`` (also ``torch.matrix_exp`` / ``Tensor.matrix_exp``)."""
    d = A._data
    _check_square(d, "linalg.matrix_exp")
    work = d.astype(np.complex128 if d.dtype.kind == "c" else np.float64)
    data = _expm_np(work).astype(d.dtype, copy=False)
    if _needs(A):
        node = LinalgMatrixExpBackward0((A,))
        node.save(A)
        return finish(data, node)
    return _make(data)


# --------------------------------------------------------------------- lstsq
_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


class LinalgLstsqBackward0(Node):
    """``linalg.lstsq``: the solution's gradient through ``pinv(A) @ B``; the residuals' (the squared
    column norms of ``B - A X``, stationary in ``X``) as ``2 R g`` for ``B`` and ``-2 R g X^T`` for ``A``."""

    __slots__ = ("vector", "solution")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, g, g_res=None):
        A, B = self.saved()
        e = self._edges
        gA = gB = None
        Bm = B.unsqueeze(-1) if self.vector else B
        if g is not None:
            P = _pinv(A)
            gX = g.unsqueeze(-1) if self.vector else g
            if e[0] is not None:
                gA = _pinv_backward(A, P, matmul(gX, _shape.mT(Bm)))
            if e[1] is not None:
                gB = matmul(_shape.mT(P), gX)
        if g_res is not None and g_res._data.size:
            X = self.solution.unsqueeze(-1) if self.vector else self.solution
            R = Bm - matmul(A, X)
            RG = R * g_res.unsqueeze(-2) * 2
            if e[0] is not None:
                t = -matmul(RG, _shape.mT(X).conj() if X.is_complex() else _shape.mT(X))
                gA = t if gA is None else gA + t
            if e[1] is not None:
                gB = RG if gB is None else gB + RG
        if gB is not None and self.vector:
            gB = gB.squeeze(-1)
        return gA, gB


def _lstsq_np(a, b, rcond, driver):
    """Solutions, ranks and singular values of each ``a x = b`` (``b`` 2-D per matrix)."""
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    smax = s.max(axis=-1, keepdims=True) if s.shape[-1] else s
    keep = s > rcond * smax if driver != "gels" else np.ones(s.shape, bool)
    sinv = np.where(keep, 1 / np.where(keep, s, 1), 0).astype(s.dtype)
    x = np.swapaxes(vh, -1, -2).conj() @ (sinv[..., None] * (np.swapaxes(u, -1, -2).conj() @ b))
    return x, keep.sum(axis=-1), s


def _lstsq(A: Tensor, B: Tensor, rcond=None, *, driver=None):
    """``torch.linalg.lstsq`` -> ``(solution, residuals, rank, singular_values)``."""
    ad, bd = A._data, B._data
    name = "torch.linalg.lstsq"
    if ad.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if bd.ndim < 1:
        raise RuntimeError(f"{name}: other must have at least 1 dimension.")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"{name}: Expected input and other to have the same dtype, but got input's dtype "
                           f"{_tname(ad)} and other's dtype {_tname(bd)}")
    if ad.dtype.kind not in "fc" or ad.dtype.itemsize < 4:
        raise RuntimeError("This function doesn't handle types other than float and double")
    if not (ad.ndim >= bd.ndim and ad.ndim - bd.ndim <= 1):
        raise RuntimeError(f"{name}: input.dim() must be greater or equal to other.dim() and "
                           "(input.dim() - other.dim()) <= 1")
    vector = bd.ndim == ad.ndim - 1
    b2 = bd[..., None] if vector else bd
    if driver is None:
        driver = "gelsy"
    if driver not in _DRIVERS:
        raise RuntimeError(f"{name}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    batch = _broadcast_batch(ad.shape[:-2], b2.shape[:-2])
    if b2.shape[-2] != ad.shape[-2]:
        raise RuntimeError(f"{name}: input.size(-2) should match other.size(-2)")
    m, n = ad.shape[-2:]
    a = np.broadcast_to(ad, batch + ad.shape[-2:])
    b = np.broadcast_to(b2, batch + b2.shape[-2:])
    eps = float(np.finfo(ad.dtype).eps)
    rc = eps * max(m, n) if rcond is None or rcond < 0 else float(rcond)
    x, rank, sv = _lstsq_np(a, b, rc, driver)  # in the input's precision, as LAPACK's s/d drivers
    dt = ad.dtype
    empty = np.zeros((0,), dt)
    residuals = np.zeros((0,), sv.dtype)
    if driver != "gelsy" and m > n and bool(np.all(rank == n)):
        r = a @ x - b
        residuals = np.square(np.abs(r) if r.dtype.kind == "c" else r).sum(axis=-2).astype(sv.dtype)
        # (a vector right side keeps its 1)
    rank_out = np.zeros((0,), np.int64) if driver == "gels" else rank.astype(np.int64)
    sv_out = sv if driver in ("gelsd", "gelss") else np.zeros((0,), sv.dtype)
    sol = np.ascontiguousarray((x[..., 0] if vector else x).astype(dt))
    if _needs(A, B):
        node = LinalgLstsqBackward0((A, B))
        node.vector = vector
        node.save(A, B)
        node.solution = _make(sol)
        solution = finish(sol, node)
        res_t = finish(residuals, node)
        res_t._out_nr = 1
    else:
        solution, res_t = _make(sol), _make(residuals)
    return _RT.linalg_lstsq((solution, res_t, _make(rank_out if rank_out.ndim else rank_out[()]), _make(sv_out)))


def _broadcast_batch(a: tuple, b: tuple) -> tuple:
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        raise broadcast_error(a, b) from None


# ----------------------------------------------------------------------- eig
class LinalgEigBackward0(Node):
    """``linalg.eig`` / ``linalg.eigvals``: PyTorch's formula
    ``gA = V^-H (diag(gL) + (V^H gV - V^H V diag(Re(V^H gV))) / conj(E)) V^H`` (``E_ij = L_j - L_i``, the
    diagonal 1), real part for a real input; a loss that depends on the eigenvectors' phases is refused."""

    __slots__ = ("L", "V", "real_input")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gL, gV=None):
        L, V = self.L, self.V
        if L.shape[-1] == 0 or (gL is None and gV is None):
            return _make(np.zeros(V.shape, V.real.dtype if self.real_input else V.dtype))
        Vh = np.conj(np.swapaxes(V, -1, -2))
        gl = None if gL is None else np.asarray(gL._data)
        if gV is None:
            gA = np.linalg.solve(Vh, gl[..., :, None] * Vh)
        else:
            gA = np.linalg.solve(Vh, _eig_inner(L, V, Vh, gl, np.asarray(gV._data)) @ Vh)
        if self.real_input:
            gA = gA.real
        return _make(np.ascontiguousarray(gA.astype(V.real.dtype if self.real_input else V.dtype)))


def _eig_inner(L, V, Vh, gl, gv):
    """The middle factor of :class:`LinalgEigBackward0` (with PyTorch's phase-invariance check)."""
    VhgV = Vh @ gv
    diag = np.diagonal(VhgV, axis1=-2, axis2=-1)
    if not np.allclose(diag.imag, 0, rtol=1e-2, atol=1e-2):
        raise RuntimeError("linalg_eig_backward: The eigenvectors in the complex case are specified up to "
                           "multiplication by e^{i phi}. The specified loss function depends on this quantity, so "
                           "it is ill-defined.")
    VhgV = VhgV - Vh @ (V * diag.real[..., None, :])
    Lc = np.conj(L)
    E = Lc[..., None, :] - Lc[..., :, None]
    n = L.shape[-1]
    E[..., np.arange(n), np.arange(n)] = 1
    ret = VhgV / E
    if gl is not None:
        ret[..., np.arange(n), np.arange(n)] = gl
    return ret


def _eig_np(A: Tensor, name: str):
    d = A._data
    _check_square(d, name, float_only=False)
    if d.dtype.kind not in "fc":
        raise RuntimeError(f"Unknown Complex ScalarType for {_tname(d)}")
    if d.dtype == np.float16:
        raise NotImplementedError("\"linalg_eig_out_cpu\" not implemented for 'Half'")
    cdt = np.complex64 if d.dtype in (np.float32, np.complex64) else np.complex128
    w, v = np.linalg.eig(d)  # LAPACK geev, as PyTorch: same order and unit-norm vectors
    return w.astype(cdt), v.astype(cdt)


def _eig_outputs(A: Tensor, arrays):
    if not _needs(A):
        return tuple(_make(a) for a in arrays)
    node = LinalgEigBackward0((A,))
    node.L, node.V = _eig_np(A, "linalg.eig") if len(arrays) == 1 else arrays
    node.real_input = A._data.dtype.kind != "c"
    outs = tuple(finish(a, node) for a in arrays)
    for i, t in enumerate(outs):
        t._out_nr = i
    return outs


def _eig_out_check(name: str, what: str, out: Tensor, want) -> None:
    """``linalg.eig(out=)``: each ``out`` tensor must hold complex values of the result's precision."""
    from ._common import _KIND_ORDER
    od = out._data.dtype
    if _KIND_ORDER[od.kind] < _KIND_ORDER["c"] or od.itemsize < np.dtype(want).itemsize:
        raise RuntimeError(f"{name}: Expected {what} to be safely castable from {_tname(np.zeros(0, want))} dtype, "
                           f"but got {what} with dtype {_tname(np.zeros(0, od))}")


def _eig(A: Tensor, *, out=None):
    """``torch.linalg.eig`` -> ``(eigenvalues, eigenvectors)``, complex (NumPy's LAPACK ``geev``)."""
    w, v = _eig_np(A, "linalg.eig")
    res = _RT.linalg_eig(_eig_outputs(A, (w, v)))
    if out is None:
        return res
    from ._common import write_out
    for o, what, arr in zip(out, ("eigenvalues", "eigenvectors"), (w, v)):
        _eig_out_check("torch.linalg.eig", what, o, arr.dtype)
    outs = tuple(write_out(o, r, "linalg_eig") for o, r in zip(out, res))
    return _RT.make("linalg_eig_out", res._names)(outs)


def _eigvals(A: Tensor, *, out=None) -> Tensor:
    """``torch.linalg.eigvals``: the eigenvalues of ``linalg.eig``."""
    w, _ = _eig_np(A, "linalg.eigvals")
    res = _eig_outputs(A, (w,))[0]
    if out is None:
        return res
    from ._common import write_out
    _eig_out_check("torch.linalg.eigvals", "eigenvalues", out, w.dtype)
    return write_out(out, res, "linalg_eigvals")


TENSOR_METHODS = {"matrix_exp": matrix_exp}
