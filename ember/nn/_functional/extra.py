"""Extra functionals of ``torch.nn.functional``.

``channel_shuffle`` / ``native_channel_shuffle``, ``gumbel_softmax``,
``pdist`` and ``triplet_margin_with_distance_loss``.

Graph shapes follow PyTorch 2.13: ``channel_shuffle`` records
``ChannelShuffleBackward0``, ``native_channel_shuffle`` a ``NotImplemented``
node, ``pdist`` ``PdistBackward0`` (whose own derivative, like PyTorch's
``_pdist_backward``, is not implemented); the others are composites of ember
ops built in ATen's order, so their ``grad_fn`` names match too.
"""
from __future__ import annotations

import warnings
from typing import Callable, Optional

import numpy as np

from ..._tensor import Tensor, _make
from ...autograd.graph import Node
from ...ops._common import finish, needs_grad
from .basic import pairwise_distance
from ._util import not_tensor

__all__ = ["channel_shuffle", "native_channel_shuffle", "gumbel_softmax", "pdist",
           "triplet_margin_with_distance_loss"]


# ============================================================ channel shuffle
def _check_channel_shuffle(input: Tensor, groups) -> None:
    """ATen's argument checks of ``channel_shuffle`` (same for the native kernel)."""
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)):
        raise TypeError(f"channel_shuffle(): argument 'groups' (position 2) must be int, not {type(groups).__name__}")
    if input.dim() <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    c = input.shape[1]
    if c % groups != 0:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups.")


def _shuffle_data(d, groups: int):
    """``(b, g, c/g, *) -> (b, c/g, g, *)`` then flattened back: a contiguous copy."""
    shape = d.shape
    b, c = shape[0], shape[1]
    split = d.reshape((b, groups, c // groups) + tuple(shape[2:]))
    return np.ascontiguousarray(np.swapaxes(split, 1, 2)).reshape(shape)


class ChannelShuffleBackward0(Node):
    """Gradient of ``channel_shuffle(x, g)``: ``channel_shuffle(grad, C // g)`` (PyTorch's formula)."""

    __slots__ = ("groups",)

    def backward(self, g):
        return (channel_shuffle(g, g.shape[1] // self.groups),)

    def vjp(self, g):
        return (_shuffle_data(np.asarray(g), g.shape[1] // self.groups),)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """``torch.nn.functional.channel_shuffle``: split the channels into ``groups`` and transpose them.

    Records ``ChannelShuffleBackward0``; raises PyTorch's errors for bad ``groups`` / ranks.
    """
    _check_channel_shuffle(input, groups)
    data = _shuffle_data(np.asarray(input._data), int(groups))
    if needs_grad(input):
        node = ChannelShuffleBackward0((input,))
        node.groups = int(groups)
        return finish(data, node)
    return _make(data)


def native_channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """``torch.nn.functional.native_channel_shuffle``: same values as ``channel_shuffle``.

    As in PyTorch it has no derivative: the result's ``grad_fn`` is ``NotImplemented`` and
    backward raises ``derivative for aten::native_channel_shuffle is not implemented``.
    """
    from ...ops.pointwise import NotImplementedBackward
    _check_channel_shuffle(input, groups)
    data = _shuffle_data(np.asarray(input._data), int(groups))
    if needs_grad(input):
        node = NotImplementedBackward((input,))
        node.opname = "native_channel_shuffle"
        return finish(data, node)
    return _make(data)


# ============================================================= gumbel softmax
def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10, dim: int = -1) -> Tensor:
    """``torch.nn.functional.gumbel_softmax``, line for line.

    The noise is ``-log(Exp(1))`` drawn with ``empty_like(logits).exponential_()`` from ember's
    default generator (bit-identical to PyTorch's stream, so ``manual_seed`` gives PyTorch's values).
    ``hard=True`` returns the one-hot ``y_hard - y_soft.detach() + y_soft`` (straight-through).
    """
    if logits.__class__ is not Tensor:  # (PyTorch fails in ``empty_like(logits)``)
        not_tensor(logits, "empty_like")
    from ...ops.creation import empty_like, zeros_like
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -empty_like(logits).exponential_().log()
    gumbels = (logits + gumbels) / tau
    y_soft = gumbels.softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


# ====================================================================== pdist
def _pdist_pairs(n: int):
    """Row indices ``(i, j)``, ``i < j``, in PyTorch's (row-major upper triangle) order."""
    return np.triu_indices(n, 1)


def _pdist_forward(x: np.ndarray, p: float) -> np.ndarray:
    i, j = _pdist_pairs(x.shape[0])
    diff = np.abs(x[i] - x[j])
    if p == 0:
        return (diff != 0).sum(axis=1).astype(x.dtype)
    if p == 1:
        return diff.sum(axis=1)
    if p == 2:
        return np.sqrt((diff * diff).sum(axis=1))
    if p == np.inf:
        return diff.max(axis=1, initial=0).astype(x.dtype)
    return (diff ** p).sum(axis=1) ** (1.0 / p)


def _pdist_grad_pairs(diff: np.ndarray, g: np.ndarray, dist: np.ndarray, p: float) -> np.ndarray:
    """Per-pair gradient w.r.t. ``x_i - x_j`` (ATen's ``*dist_calc::backward``)."""
    gc = g[:, None]
    dc = dist[:, None]
    zero_dist = dc == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if p == 0:
            return np.zeros_like(diff)
        if p == 1:
            return gc * np.sign(diff)
        if p == 2:
            return np.where(zero_dist, 0, gc * diff / dc)
        if p == np.inf:
            return gc * np.sign(diff) * (np.abs(diff) == dc)
        if p < 2:
            r = np.sign(diff) * np.abs(diff) ** (p - 1) * gc / dc ** (p - 1)
            r = np.where(zero_dist, 0, r)
            return np.where((diff == 0) & (p < 1), 0, r)
        return np.where(zero_dist, 0, diff * np.abs(diff) ** (p - 2) * gc / dc ** (p - 1))


def _pdist_backward(g: np.ndarray, x: np.ndarray, p: float, dist: np.ndarray) -> np.ndarray:
    n = x.shape[0]
    i, j = _pdist_pairs(n)
    gd = _pdist_grad_pairs(x[i] - x[j], g, dist, p).astype(x.dtype)
    out = np.zeros_like(x)
    np.add.at(out, i, gd)
    np.add.at(out, j, -gd)
    return out


class PdistBackwardBackward0(Node):
    """PyTorch does not differentiate ``_pdist_backward``; neither does ember."""

    __slots__ = ()

    def backward(self, g):
        raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")


class PdistBackward0(Node):
    __slots__ = ("p", "dist")

    def vjp(self, g):
        (x,) = self.saved()
        return (_pdist_backward(np.asarray(g), np.asarray(x._data), self.p, self.dist),)

    def backward(self, g):
        (x,) = self.saved()
        data = _pdist_backward(np.asarray(g._data), np.asarray(x._data), self.p, self.dist)
        if needs_grad(g, x):
            return (finish(data, PdistBackwardBackward0((g, x))),)
        return (_make(data),)


def pdist(input: Tensor, p: float = 2) -> Tensor:
    """``torch.nn.functional.pdist``: p-norm distance of every pair of rows ``i < j``.

    Checks and messages are ATen's; the result records ``PdistBackward0``.
    """
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "pdist")
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if input._data.dtype.kind != "f":
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    x = np.asarray(input._data)
    p = float(p)
    dist = _pdist_forward(x, p).astype(x.dtype)
    if needs_grad(input):
        node = PdistBackward0((input,))
        node.p, node.dist = p, dist
        node.save(input)
        return finish(dist, node)
    return _make(dist)


# ======================================================= triplet with distance
def triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, *,
                                      distance_function: Optional[Callable[[Tensor, Tensor], Tensor]] = None,
                                      margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> Tensor:
    """``torch.nn.functional.triplet_margin_with_distance_loss``, step for step.

    ``clamp_min(margin + d(a, p) - d(a, n), 0)`` with ``d`` defaulting to
    ``pairwise_distance``; ``swap`` uses ``min(d(a, n), d(p, n))``.
    """
    from ...ops.pointwise import minimum
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a_dim, p_dim, n_dim = anchor.dim(), positive.dim(), negative.dim()
    if not (a_dim == p_dim and p_dim == n_dim):
        raise RuntimeError(
            f"The anchor, positive, and negative tensors are expected to have the same number of dimensions, "
            f"but got: anchor {a_dim}D, positive {p_dim}D, and negative {n_dim}D inputs"
        )
    if distance_function is None:
        distance_function = pairwise_distance
    dist_pos = distance_function(anchor, positive)
    dist_neg = distance_function(anchor, negative)
    if swap:
        dist_swap = distance_function(positive, negative)
        dist_neg = minimum(dist_neg, dist_swap)
    loss = (margin + dist_pos - dist_neg).clamp_min(0)
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    return loss
