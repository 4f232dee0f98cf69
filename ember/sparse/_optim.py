"""Optimizer updates with sparse COO gradients (PyTorch's sparse paths of SGD, Adagrad and SparseAdam).

Each touches only the rows named by the (coalesced) gradient, with PyTorch's
float32 arithmetic: scalars are cast to the parameter's dtype before use.
"""
from __future__ import annotations

import math

import numpy as np

from ._coo import SparseCOO


def _sqrt(x):
    """The optimizers' shared square root (``ember.optim.optimizer.sqrt``; see its note on PyTorch's MKL one)."""
    from ..optim.optimizer import sqrt
    return sqrt(x)


def is_sparse_grad(g) -> bool:
    return g.__class__ is SparseCOO


def _add_rows(target: np.ndarray, coo: SparseCOO, values: np.ndarray, alpha=None) -> None:
    """``target.add_(sparse, alpha=alpha)`` as PyTorch's CPU kernel: per stored entry, in order, one BLAS
    ``axpy`` (``row = fma(alpha, value, row)``, rounded once to the target's dtype); duplicate indices are
    applied one after another."""
    if not coo.nnz:
        return
    sd = coo.sparse_dim
    idx = coo.indices
    if alpha is None:
        if coo.coalesced:
            target[tuple(idx)] += values.astype(target.dtype, copy=False)
        else:
            np.add.at(target, tuple(idx), values.astype(target.dtype, copy=False))
        return
    wide = np.float64 if target.dtype.itemsize <= 4 else np.longdouble
    a = wide(target.dtype.type(alpha))
    for sel in _rounds(idx, target.shape[:sd]):
        where = tuple(idx[:, sel])
        exact = target[where].astype(wide) + a * values[sel].astype(wide)
        target[where] = exact.astype(target.dtype)


def _rounds(idx: np.ndarray, lead: tuple):
    """Positions of the entries split into rounds of distinct indices (k-th occurrences in round k)."""
    flat = np.ravel_multi_index(tuple(idx), lead)
    order = np.argsort(flat, kind="stable")
    sorted_flat = flat[order]
    starts = np.r_[0, np.nonzero(np.diff(sorted_flat))[0] + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(flat)]))
    rank = np.empty(len(flat), np.int64)
    rank[order] = np.arange(len(flat)) - group_start
    for r in range(int(rank.max()) + 1):
        yield np.nonzero(rank == r)[0]


def sgd_step(param: np.ndarray, grad: SparseCOO, lr: float, weight_decay: float, momentum: float,
             dampening: float, nesterov: bool, maximize: bool, state: dict) -> None:
    """PyTorch's single-tensor SGD on a sparse gradient: the momentum buffer is sparse too (a clone of the
    first gradient, then ``buf.mul_(momentum).add_(grad, alpha=1 - dampening)``), then
    ``param.add_(grad, alpha=-lr)``."""
    if weight_decay != 0:
        raise RuntimeError("add(sparse, dense) is not supported. Use add(dense, sparse) instead.")
    from .._tensor import _make
    from ._ufuncs import merge_add
    g = grad.with_values(-grad.values) if maximize else grad
    if momentum != 0:
        t = g.values.dtype.type
        buf_t = state.get("momentum_buffer")
        if buf_t is None:
            buf = g.copy()
            buf.values = np.ascontiguousarray(buf.values)
            state["momentum_buffer"] = _make(buf)
        else:
            old = buf_t._data
            scaled = old.with_values(old.values * t(momentum))
            buf = merge_add(scaled, g, alpha=None if dampening == 0 else 1 - dampening)
            buf_t._data = buf
            buf_t._bump_version()
        if nesterov:
            g = merge_add(g, buf, alpha=momentum)
        else:
            g = buf
    _add_rows(param, g, g.values, -lr)


def adagrad_step(param: np.ndarray, grad: SparseCOO, state_sum: np.ndarray, clr: float, eps: float,
                 weight_decay: float, maximize: bool) -> None:
    """PyTorch's Adagrad on a sparse gradient: coalesce, accumulate squares, scale the touched rows."""
    if weight_decay != 0:
        raise RuntimeError("weight_decay option is not compatible with sparse gradients")
    g = grad.coalesce()
    vals = -g.values if maximize else g.values
    where = tuple(g.indices)
    _add_rows(state_sum, g, vals * vals)
    std = _sqrt(state_sum[where]) + state_sum.dtype.type(eps)
    _add_rows(param, g, vals / std, -clr)


def sparse_adam_step(param: np.ndarray, grad: SparseCOO, exp_avg: np.ndarray, exp_avg_sq: np.ndarray, step: int,
                     lr: float, beta1: float, beta2: float, eps: float, maximize: bool) -> None:
    """``torch.optim._functional.sparse_adam`` for one parameter (lazy Adam on the touched rows)."""
    g = grad.coalesce()
    vals = -g.values if maximize else g.values
    if vals.size == 0:
        return
    t = param.dtype.type
    where = tuple(g.indices)
    old_avg = exp_avg[where]
    avg_update = (vals - old_avg) * t(1 - beta1)
    _add_rows(exp_avg, g, avg_update)
    old_sq = exp_avg_sq[where]
    sq_update = (vals * vals - old_sq) * t(1 - beta2)
    _add_rows(exp_avg_sq, g, sq_update)
    numer = avg_update + old_avg
    denom = _sqrt(sq_update + old_sq) + t(eps)
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = lr * math.sqrt(bias_correction2) / bias_correction1
    _add_rows(param, g, t(-step_size) * (numer / denom))


_ADAM_REFUSAL = "Adam does not support sparse gradients, please consider SparseAdam instead"


def dense_or_refuse(grad: SparseCOO) -> np.ndarray:
    """An optimizer without a sparse path read a sparse gradient: PyTorch's LBFGS uses it densified, the
    others raise ``<Name> does not support sparse gradients`` (Adam and AdamW point to SparseAdam)."""
    import sys
    from ..optim.optimizer import Optimizer
    frame = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, Optimizer):
            name = type(owner).__name__
            if name == "LBFGS":
                return grad.to_dense()
            if name in ("Adam", "AdamW"):
                raise RuntimeError(_ADAM_REFUSAL)
            raise RuntimeError(f"{name} does not support sparse gradients")
        frame = frame.f_back
    return grad.to_dense()
