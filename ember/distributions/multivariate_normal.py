"""``torch.distributions.MultivariateNormal``."""
from __future__ import annotations

import math

import numpy as np

import ember as torch
from ember import Size, Tensor
from ember.autograd import Function

from . import constraints
from .distribution import Distribution
from .utils import _standard_normal, lazy_property

__all__ = ["MultivariateNormal"]


class _SolveLowerTriangular(Function):
    """``torch.linalg.solve_triangular(L, B, upper=False)`` for same-batch ``L``
    and ``B`` (ember has no such op), with its gradient."""

    @staticmethod
    def forward(ctx, L, B):
        x = np.linalg.solve(np.tril(L.detach().numpy()), B.detach().numpy())
        out = torch.from_numpy(np.ascontiguousarray(x))
        ctx.save_for_backward(L, out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        L, X = ctx.saved_tensors
        Ld = np.tril(L.detach().numpy())
        gB = np.linalg.solve(np.swapaxes(Ld, -1, -2), grad_output.detach().numpy())
        gL = -np.tril(gB @ np.swapaxes(X.detach().numpy(), -1, -2))
        return torch.from_numpy(np.ascontiguousarray(gL)), torch.from_numpy(np.ascontiguousarray(gB))


def _solve_lower(L: Tensor, B: Tensor) -> Tensor:
    """Broadcasting lower-triangular solve ``L X = B``."""
    batch = torch.broadcast_shapes(tuple(L.shape[:-2]), tuple(B.shape[:-2]))
    L = L.expand(tuple(batch) + tuple(L.shape[-2:]))
    B = B.expand(tuple(batch) + tuple(B.shape[-2:]))
    return _SolveLowerTriangular.apply(L, B)


def _batch_mv(bmat: Tensor, bvec: Tensor) -> Tensor:
    """Batched matrix-vector product ``bmat @ bvec``."""
    return torch.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1)


def _batch_mahalanobis(bL: Tensor, bx: Tensor) -> Tensor:
    """Squared Mahalanobis distance ``|L^{-1} x|^2`` (broadcast over batch dims)."""
    sol = _solve_lower(bL, bx.unsqueeze(-1)).squeeze(-1)
    return sol.pow(2).sum(-1)


def _precision_to_scale_tril(P: Tensor) -> Tensor:
    """Cholesky factor of ``P^{-1}`` via the flipped Cholesky of ``P`` (PyTorch's route)."""
    Lf = torch.linalg.cholesky(torch.flip(P, (-2, -1)))
    L_inv = torch.transpose(torch.flip(Lf, (-2, -1)), -2, -1)
    Id = torch.eye(P.shape[-1], dtype=P.dtype)
    return _solve_lower(L_inv, Id)


class MultivariateNormal(Distribution):
    """Multivariate Gaussian parameterised by exactly one of ``covariance_matrix``,
    ``precision_matrix`` or ``scale_tril``; ``rsample`` = ``loc + L @ eps`` with
    ``eps = empty(shape).normal_()`` (PyTorch's stream)."""

    arg_constraints = {
        "loc": constraints.real_vector,
        "covariance_matrix": constraints.positive_definite,
        "precision_matrix": constraints.positive_definite,
        "scale_tril": constraints.lower_cholesky,
    }
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc: Tensor, covariance_matrix=None, precision_matrix=None, scale_tril=None,
                 validate_args=None) -> None:
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = (covariance_matrix is not None) + (scale_tril is not None) + (precision_matrix is not None)
        if given != 1:
            raise ValueError(
                "Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        name, matrix = self._pick_matrix(covariance_matrix, precision_matrix, scale_tril)
        if matrix.dim() < 2:
            label = "scale_tril matrix" if name == "scale_tril" else name
            raise ValueError(f"{label} must be at least two-dimensional, "
                             "with optional leading batch dimensions")
        batch_shape = Size(torch.broadcast_shapes(tuple(matrix.shape[:-2]), tuple(loc.shape[:-1])))
        setattr(self, name, matrix.expand(tuple(batch_shape) + (-1, -1)))
        self.loc = loc.expand(tuple(batch_shape) + (-1,))
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        if scale_tril is not None:
            self._unbroadcasted_scale_tril = scale_tril
        elif covariance_matrix is not None:
            self._unbroadcasted_scale_tril = torch.linalg.cholesky(covariance_matrix)
        else:
            self._unbroadcasted_scale_tril = _precision_to_scale_tril(precision_matrix)

    @staticmethod
    def _pick_matrix(covariance_matrix, precision_matrix, scale_tril):
        if scale_tril is not None:
            return "scale_tril", scale_tril
        if covariance_matrix is not None:
            return "covariance_matrix", covariance_matrix
        return "precision_matrix", precision_matrix

    def expand(self, batch_shape, _instance=None) -> "MultivariateNormal":
        new = self._get_checked_instance(MultivariateNormal, _instance)
        batch_shape = Size(batch_shape)
        ev = tuple(self.event_shape)
        cov_shape = tuple(batch_shape) + ev + ev
        new.loc = self.loc.expand(tuple(batch_shape) + ev)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril
        for name in ("covariance_matrix", "scale_tril", "precision_matrix"):
            if name in self.__dict__:
                setattr(new, name, getattr(self, name).expand(cov_shape))
        Distribution.__init__(new, batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _matrix_shape(self) -> tuple:
        return tuple(self._batch_shape) + tuple(self._event_shape) + tuple(self._event_shape)

    @lazy_property
    def scale_tril(self) -> Tensor:
        return self._unbroadcasted_scale_tril.expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        L = self._unbroadcasted_scale_tril
        return torch.matmul(L, L.mT).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self) -> Tensor:
        L = self._unbroadcasted_scale_tril
        Linv = _solve_lower(L, torch.eye(L.shape[-1], dtype=L.dtype))
        return torch.matmul(Linv.mT, Linv).expand(self._matrix_shape())

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

    @property
    def variance(self) -> Tensor:
        var = self._unbroadcasted_scale_tril.pow(2).sum(-1)
        return var.expand(tuple(self._batch_shape) + tuple(self._event_shape))

    def rsample(self, sample_shape=Size()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        eps = _standard_normal(shape, dtype=self.loc.dtype)
        return self.loc + _batch_mv(self._unbroadcasted_scale_tril, eps)

    def _half_log_det(self) -> Tensor:
        return self._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)

    def log_prob(self, value: Tensor) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        diff = value - self.loc
        M = _batch_mahalanobis(self._unbroadcasted_scale_tril, diff)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + M) - self._half_log_det()

    def entropy(self) -> Tensor:
        H = 0.5 * self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._half_log_det()
        if len(self._batch_shape) == 0:
            return H
        return H.expand(tuple(self._batch_shape))
