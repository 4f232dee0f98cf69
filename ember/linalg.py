"""``torch.linalg``: norms, solvers and decompositions.

The implementations (and their ``Linalg*Backward0`` nodes) live in
``ember.ops.linalg``; this module is the public namespace.
"""
from __future__ import annotations

import numpy as _np

from .ops._common import _make, write_out as _write_out
from .ops._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _numpy_dim_names
from .ops.linalg import LinAlgError, det, matmul, _linalg_matrix_power as matrix_power
from .ops.linalg import (_cholesky_ex as cholesky_ex, _cond as cond, _diagonal as diagonal, _eigh as eigh,
                         _eigvalsh as eigvalsh, _inv as inv, _inv_ex as inv_ex, _linalg_cholesky as cholesky,
                         _linalg_norm as norm, _linalg_qr as qr, _linalg_slogdet as slogdet, _linalg_svd as svd,
                         _matrix_norm as matrix_norm, _matrix_rank as matrix_rank, _multi_dot as multi_dot,
                         _pinv as pinv, _solve as solve, _svdvals as svdvals, _vecdot as vecdot,
                         _vector_norm as vector_norm)
from .ops.linalg import _cross
from .ops.linalg_ext import _eig as eig, _eigvals as eigvals, _lstsq as lstsq, matrix_exp
from .ops.linalg_solvers import (_householder_product as householder_product, _linalg_lu as lu,
                                 _linalg_lu_solve as lu_solve, _lu_factor as lu_factor, _lu_factor_ex as lu_factor_ex,
                                 _ldl_factor as ldl_factor, _ldl_factor_ex as ldl_factor_ex, _ldl_solve as ldl_solve,
                                 _solve_triangular as solve_triangular, _tensorinv as tensorinv,
                                 _tensorsolve as tensorsolve, _vander as vander)


def cross(input, other, *, dim: int = -1, out=None, axis=_NP_UNSET):
    """``torch.linalg.cross`` (default ``dim=-1``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('linalg_cross', dim, None, axis, _NP_UNSET, -1)
    return _write_out(out, _cross(input, other, dim))


def solve_ex(A, B, *, left: bool = True, check_errors: bool = False, out=None):
    """``torch.linalg.solve_ex`` -> ``(result, info)``."""
    from . import return_types
    try:
        X = solve(A, B, left=left)
        info = _np.zeros(A._data.shape[:-2], _np.int32)
    except LinAlgError as e:
        if check_errors:   # the same message, under solve_ex's name
            raise LinAlgError(str(e).replace("torch.linalg.solve:", "torch.linalg.solve_ex:", 1)) from None
        X, info = _singular_solve(A._data, B._data, left)
    return return_types.linalg_solve_ex((X, _make(info if info.ndim else info[()])))


def _singular_solve(a, b, left: bool):
    """``solve_ex`` when some matrix is singular: LAPACK's ``getrf`` + ``getrs`` values (``inf``/``nan``
    from the zero pivot) and the per-matrix ``info``."""
    from .ops.linalg import _solve_is_vector
    from .ops.linalg_solvers import _lu_solve_ieee
    vector = _solve_is_vector(a, b)
    b2 = b[..., None] if vector else b
    if not left:
        a, b2 = _np.swapaxes(a, -1, -2), _np.swapaxes(b2, -1, -2)
    x, info = _lu_solve_ieee(a, b2)
    if not left:
        x = _np.swapaxes(x, -1, -2)
    if vector:
        x = x[..., 0]
    return _make(_np.ascontiguousarray(x)), _np.asarray(info, _np.int32)


__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals",
           "eigvalsh", "householder_product", "inv", "inv_ex", "ldl_factor", "ldl_factor_ex",
           "ldl_solve", "lstsq", "lu", "lu_factor", "lu_factor_ex", "lu_solve",
           "matmul", "matrix_exp", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr",
           "slogdet", "solve", "solve_ex", "solve_triangular", "svd", "svdvals", "tensorinv", "tensorsolve", "vander",
           "vecdot", "vector_norm"]
