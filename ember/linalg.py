"""``torch.linalg``: norms, solvers and decompositions.

The implementations (and their ``Linalg*Backward0`` nodes) live in
``ember.ops.linalg``; this module is the public namespace.
"""
from __future__ import annotations

import numpy as _np

from .ops._common import _make, write_out as _write_out
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
                                 _solve_triangular as solve_triangular, _tensorinv as tensorinv,
                                 _tensorsolve as tensorsolve, _vander as vander)


def cross(input, other, *, dim: int = -1, out=None):
    """``torch.linalg.cross`` (default ``dim=-1``)."""
    return _write_out(out, _cross(input, other, dim))


def solve_ex(A, B, *, left: bool = True, check_errors: bool = False, out=None):
    """``torch.linalg.solve_ex`` -> ``(result, info)``."""
    from . import return_types
    try:
        X = solve(A, B, left=left)
        info = _np.zeros(A._data.shape[:-2], _np.int32)
    except LinAlgError:
        if check_errors:
            raise
        X = _make(_np.full(B._data.shape, _np.nan, B._data.dtype))
        info = _np.ones(A._data.shape[:-2], _np.int32)
    return return_types.linalg_solve_ex((X, _make(info if info.ndim else info[()])))


__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals",
           "eigvalsh", "householder_product", "inv", "inv_ex", "lstsq", "lu", "lu_factor", "lu_factor_ex", "lu_solve",
           "matmul", "matrix_exp", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr",
           "slogdet", "solve", "solve_ex", "solve_triangular", "svd", "svdvals", "tensorinv", "tensorsolve", "vander",
           "vecdot", "vector_norm"]
