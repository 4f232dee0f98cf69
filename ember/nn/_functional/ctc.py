"""``torch.nn.functional.ctc_loss``: Connectionist Temporal Classification loss.

Mirrors ATen's CPU path (``ctc_loss_impl`` -> ``_ctc_loss``) in PyTorch 2.13:

* the per-sample negative log likelihood records ``CtcLossBackward0``;
* ``zero_infinity`` adds ``where(res == inf, 0, res)`` (``WhereBackward0``);
* ``reduction='mean'`` is ``(res / target_lengths.clamp_min(1)).mean()``
  (``MeanBackward0`` over ``DivBackward0``), ``'sum'`` is ``res.sum()``;
* unbatched ``(T, C)`` input is unsqueezed to ``(T, 1, C)`` and, for
  ``reduction='none'``, squeezed back (``SqueezeBackward1``).

The alpha/beta recursions run in log space, vectorised over the batch and
the extended label positions (a Python loop over time steps only).  As in
ATen, the gradient is ``exp(log_probs) - exp(log(sum alpha*beta) + nll - log_probs)``:
the gradient w.r.t. the logits under the assumption that ``log_probs`` came
from ``log_softmax`` (it is *not* the plain derivative w.r.t. ``log_probs``).
"""
from __future__ import annotations

from typing import Sequence, Union

import numpy as np

from ..._tensor import Tensor, _make
from ...autograd.graph import Node
from ...ops._common import finish, needs_grad
from .loss import _Reduction, _MEAN, _SUM

__all__ = ["ctc_loss"]

_CHECKED = " (while checking arguments for ctc_loss_allocate_outputs)"
_Lengths = Union[Tensor, Sequence[int]]


# ----------------------------------------------------------- argument parsing
def _describe(v) -> str:
    """A value's type as PyTorch's argument parser prints it."""
    if isinstance(v, Tensor):
        return "Tensor"
    if isinstance(v, tuple):
        names = [type(e).__name__ for e in v]
        return "tuple of (" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"
    if isinstance(v, list):
        return "list of [" + ", ".join(type(e).__name__ for e in v) + "]"
    return type(v).__name__


def _signature_error(args: tuple) -> TypeError:
    """The ``ctc_loss() received an invalid combination of arguments`` TypeError."""
    got = ", ".join(type(a).__name__ if not isinstance(a, Tensor) else "Tensor" for a in args)
    sig = ("(Tensor log_probs, Tensor targets, {0} input_lengths, {0} target_lengths, int blank = 0, "
           "int reduction = at::Reduction::Mean, bool zero_infinity = False)")
    lines = [f"ctc_loss() received an invalid combination of arguments - got ({got}), but expected one of:"]
    for kind in ("tuple of ints", "Tensor"):
        marks = []
        for i, a in enumerate(args):
            ok = isinstance(a, Tensor) and (i < 2 or kind == "Tensor") and i < 4
            marks.append(_describe(a) if ok else f"!{_describe(a)}!")
        lines.append(" * " + sig.format(kind))
        lines.append("      didn't match because some of the arguments have invalid types: (" + ", ".join(marks) + ")")
    return TypeError("\n".join(lines) + "\n")


def _is_int(v) -> bool:
    if isinstance(v, Tensor):
        return v.dim() == 0 and v._data.dtype.kind in "iu"
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _int_list(v, name: str) -> list:
    out = []
    for i, e in enumerate(v):
        if not _is_int(e):
            raise TypeError(f"ctc_loss(): argument '{name}' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {type(e).__name__}\"")
        out.append(int(e))
    return out


def _parse_lengths(args: tuple):
    """Both lengths as int lists, with the parser's TypeErrors and ATen's integral checks."""
    il, tl = args[2], args[3]
    seqs = isinstance(il, (tuple, list)) and isinstance(tl, (tuple, list))
    tens = isinstance(il, Tensor) and isinstance(tl, Tensor)
    if not (seqs or tens) or not _is_int(args[4]) or not isinstance(args[6], bool):
        raise _signature_error(args)
    if seqs:
        return _int_list(il, "input_lengths"), _int_list(tl, "target_lengths")
    for t, name in ((il, "input_lengths"), (tl, "target_lengths")):
        if t._data.dtype.kind not in "iu":
            raise RuntimeError(f"{name} must be integral")
    return ([int(v) for v in np.asarray(il._data).reshape(-1)],
            [int(v) for v in np.asarray(tl._data).reshape(-1)])


# -------------------------------------------------------------------- checks
def _check(lp: np.ndarray, targets: np.ndarray, il: list, tl: list, blank: int) -> None:
    """ATen's ``ctc_loss_allocate_outputs`` checks, in its order."""
    if lp.dtype not in (np.float32, np.float64):
        from ...ops.reduction_ext import _tname
        raise NotImplementedError(f"\"ctc_loss_cpu\" not implemented for '{_tname(lp)}'")
    if lp.ndim != 3:
        raise RuntimeError(f"Expected 3-dimensional tensor, but got {lp.ndim}-dimensional tensor for argument #1 "
                           f"'log_probs'{_CHECKED}")
    if not 1 <= targets.ndim <= 2:
        raise RuntimeError(f"Expected 1 to 2 dimensions, but got {targets.ndim}-dimensional tensor for argument #2 "
                           f"'targets'{_CHECKED}")
    _, batch, labels = lp.shape
    if not 0 <= blank < labels:
        raise RuntimeError("blank must be in label range")
    if len(il) != batch:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(tl) != batch:
        raise RuntimeError("target_lengths must be of size batch_size")
    _check_targets(targets, tl, batch)
    for v in il:
        _at_least(v, "input_lengths")
        if v > lp.shape[0]:
            raise RuntimeError(f"Expected input_lengths to have value at most {lp.shape[0]}, but got value {v}"
                               f"{_CHECKED}")


def _at_least(v: int, name: str) -> None:
    if v < 0:
        raise RuntimeError(f"Expected {name} to have value at least 0, but got value {v}{_CHECKED}")


def _check_targets(targets: np.ndarray, tl: list, batch: int) -> None:
    for v in tl:
        _at_least(v, "target_lengths")
    want = sum(tl) if targets.ndim == 1 else batch
    if targets.shape[0] != want:
        raise RuntimeError(f"Expected tensor to have size {want} at dimension 0, but got size {targets.shape[0]} "
                           f"for argument #2 'targets'{_CHECKED}")
    longest = max(tl, default=0)
    if targets.ndim == 2 and targets.shape[1] < longest:
        raise RuntimeError(f"Expected tensor to have size at least {longest} at dimension 1, but got size "
                           f"{targets.shape[1]} for argument #2 'targets'{_CHECKED}")


# ------------------------------------------------------------ the recursions
def _extended_labels(targets: np.ndarray, tl: np.ndarray, blank: int) -> np.ndarray:
    """``(B, 2*S+1)`` labels ``l'``: blanks at even positions, the targets at odd ones."""
    batch, smax = tl.shape[0], int(tl.max(initial=0))
    if targets.ndim == 1:
        starts = np.concatenate(([0], np.cumsum(tl)[:-1]))
        idx = starts[:, None] + np.arange(smax)[None, :]
        valid = np.arange(smax)[None, :] < tl[:, None]
        padded = np.where(valid, targets[np.minimum(idx, max(targets.shape[0] - 1, 0))] if targets.size else blank,
                          blank)
    else:
        padded = targets[:, :smax]
    ext = np.full((batch, 2 * smax + 1), blank, dtype=np.int64)
    ext[:, 1::2] = padded
    return ext


def _lse3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """ATen's three-term log-sum-exp: ``log(exp(a-m)+exp(b-m)+exp(c-m)) + m`` (``m = 0`` when all are -inf)."""
    m = np.maximum(np.maximum(a, b), c)
    m = np.where(m == -np.inf, 0, m).astype(a.dtype)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return np.log(np.exp(a - m) + np.exp(b - m) + np.exp(c - m)) + m


def _shift(x: np.ndarray, k: int, fill: float) -> np.ndarray:
    """``x`` shifted right (``k > 0``) or left (``k < 0``) along the last axis."""
    out = np.full_like(x, fill)
    if k > 0:
        out[:, k:] = x[:, :-k]
    else:
        out[:, :k] = x[:, -k:]
    return out


def _alpha(lp: np.ndarray, ext: np.ndarray, tl: np.ndarray) -> np.ndarray:
    """Forward variables ``log_alpha`` of shape ``(B, T, L)``."""
    t_max, batch, _ = lp.shape
    width = ext.shape[1]
    ninf = lp.dtype.type(-np.inf)
    emit = np.take_along_axis(lp.transpose(1, 0, 2), np.broadcast_to(ext[:, None, :], (batch, t_max, width)), 2)
    skip = np.zeros(ext.shape, dtype=bool)
    skip[:, 2:] = ext[:, 2:] != ext[:, :-2]
    alpha = np.full((batch, t_max, width), ninf, dtype=lp.dtype)
    if t_max == 0:
        return alpha
    alpha[:, 0, 0] = emit[:, 0, 0]
    if width > 1:
        has = tl > 0
        alpha[has, 0, 1] = emit[has, 0, 1]
    for t in range(1, t_max):
        prev = alpha[:, t - 1]
        a3 = np.where(skip, _shift(prev, 2, ninf), ninf)
        alpha[:, t] = _lse3(prev, _shift(prev, 1, ninf), a3) + emit[:, t]
    return alpha


def _nll(alpha: np.ndarray, il: np.ndarray, tl: np.ndarray) -> np.ndarray:
    """``-log p(target | input)`` from the last two alphas (ATen's eq. 8), per sample."""
    dt = alpha.dtype.type
    out = np.empty(il.shape[0], dtype=alpha.dtype)
    for b in range(il.shape[0]):
        i, s = int(il[b]), int(tl[b])
        if i == 0:
            out[b] = -dt(0 if s == 0 else -np.inf)
        elif s == 0:
            out[b] = -alpha[b, i - 1, 0]
        else:
            l1, l2 = alpha[b, i - 1, 2 * s], alpha[b, i - 1, 2 * s - 1]
            m = max(l1, l2)
            m = dt(0) if m == -np.inf else m
            with np.errstate(divide="ignore"):
                out[b] = -(np.log(np.exp(l1 - m) + np.exp(l2 - m)) + m)
    return out


def _beta(lp: np.ndarray, ext: np.ndarray, il: np.ndarray, tl: np.ndarray) -> np.ndarray:
    """Backward variables ``log_beta`` of shape ``(B, T, L)`` (-inf outside each sample's lattice)."""
    t_max, batch, _ = lp.shape
    width = ext.shape[1]
    ninf = lp.dtype.type(-np.inf)
    emit = np.take_along_axis(lp.transpose(1, 0, 2), np.broadcast_to(ext[:, None, :], (batch, t_max, width)), 2)
    pos = np.arange(width)[None, :]
    inside = pos <= 2 * tl[:, None]
    skip = np.zeros(ext.shape, dtype=bool)
    skip[:, :-2] = ext[:, :-2] != ext[:, 2:]
    last = (pos == 2 * tl[:, None]) | ((pos == 2 * tl[:, None] - 1) & (tl[:, None] > 0))
    beta = np.full((batch, t_max, width), ninf, dtype=lp.dtype)
    nxt = np.full((batch, width), ninf, dtype=lp.dtype)
    for t in range(t_max - 1, -1, -1):
        b3 = np.where(skip, _shift(nxt, -2, ninf), ninf)
        cur = _lse3(nxt, _shift(nxt, -1, ninf), b3) + emit[:, t]
        cur = np.where(inside & (t < il[:, None] - 1), cur, ninf)
        cur = np.where(last & (t == il[:, None] - 1), emit[:, t], cur)
        beta[:, t] = cur
        nxt = cur
    return beta


def _ctc_grad(lp: np.ndarray, ext: np.ndarray, alpha: np.ndarray, nll: np.ndarray, il: np.ndarray,
              tl: np.ndarray, gout: np.ndarray, zero_infinity: bool) -> np.ndarray:
    """ATen's ``ctc_loss_backward_cpu``: ``(exp(lp) - exp(log(sum_s alpha*beta) + nll - lp)) * grad``."""
    t_max, batch, labels = lp.shape
    beta = _beta(lp, ext, il, tl)
    with np.errstate(invalid="ignore"):
        ab = alpha + beta  # (B, T, L)
    width = ext.shape[1]
    coll = np.full((batch, t_max, labels), -np.inf, dtype=lp.dtype)
    bi = np.broadcast_to(np.arange(batch)[:, None, None], ab.shape)
    ti = np.broadcast_to(np.arange(t_max)[None, :, None], ab.shape)
    ci = np.broadcast_to(ext[:, None, :], ab.shape)
    order = np.arange(width - 1, -1, -1)  # ATen accumulates s descending
    with np.errstate(invalid="ignore", over="ignore"):
        np.logaddexp.at(coll, (bi[..., order], ti[..., order], ci[..., order]), ab[..., order])
    lpb = lp.transpose(1, 0, 2)
    with np.errstate(invalid="ignore", over="ignore"):
        grad = (np.exp(lpb) - np.exp(coll + nll[:, None, None] - lpb)) * gout[:, None, None]
    grad = np.where(np.arange(t_max)[None, :, None] < il[:, None, None], grad, 0).astype(lp.dtype)
    if zero_infinity:
        grad[nll == np.inf] = 0
    return np.ascontiguousarray(grad.transpose(1, 0, 2))


class CtcLossBackward0(Node):
    __slots__ = ("ext", "alpha", "nll", "il", "tl", "zero_infinity")

    def _grad(self, g: np.ndarray) -> np.ndarray:
        (lp,) = self.saved()
        gout = np.broadcast_to(np.asarray(g, dtype=lp._data.dtype), self.nll.shape)
        return _ctc_grad(np.asarray(lp._data), self.ext, self.alpha, self.nll, self.il, self.tl, gout,
                         self.zero_infinity)

    def vjp(self, g):
        return (self._grad(np.asarray(g)),)

    def backward(self, g):
        data = self._grad(np.asarray(g._data))
        (lp,) = self.saved()
        if needs_grad(g, lp):  # PyTorch does not differentiate _ctc_loss_backward: a NotImplemented node
            from ...ops.pointwise import NotImplementedBackward
            node = NotImplementedBackward((g, lp))
            node.opname = "_ctc_loss_backward"
            return (finish(data, node),)
        return (_make(data),)


def _ctc_core(log_probs: Tensor, targets: np.ndarray, il: list, tl: list, blank: int,
              zero_infinity: bool) -> Tensor:
    """``at::_ctc_loss``: per-sample NLL ``(B,)`` recording ``CtcLossBackward0``."""
    lp = np.asarray(log_probs._data)
    ila, tla = np.asarray(il, dtype=np.int64), np.asarray(tl, dtype=np.int64)
    ext = _extended_labels(targets.astype(np.int64), tla, blank)
    alpha = _alpha(lp, ext, tla)
    nll = _nll(alpha, ila, tla)
    if needs_grad(log_probs):
        node = CtcLossBackward0((log_probs,))
        node.ext, node.alpha, node.nll, node.il, node.tl = ext, alpha, nll, ila, tla
        node.zero_infinity = zero_infinity
        node.save(log_probs)
        return finish(nll, node)
    return _make(nll)


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths: _Lengths, target_lengths: _Lengths,
             blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> Tensor:
    """``torch.nn.functional.ctc_loss`` (see the module docstring for the graph PyTorch records).

    ``input_lengths``/``target_lengths`` are both tensors (integral) or both tuples/lists of ints;
    ``targets`` is padded ``(N, S)`` or concatenated ``(sum(target_lengths),)``.
    """
    red = _Reduction.get_enum(reduction)
    args = (log_probs, targets, input_lengths, target_lengths, blank, red, zero_infinity)
    if not isinstance(log_probs, Tensor) or not isinstance(targets, Tensor):
        raise _signature_error(args)
    il, tl = _parse_lengths(args)
    blank = int(blank)
    batched = log_probs.dim() == 3
    lp_t = log_probs if batched else log_probs.unsqueeze(1)
    tg = np.asarray(targets._data)
    _check(np.asarray(lp_t._data), tg, il, tl, blank)
    res = _ctc_core(lp_t, tg, il, tl, blank, zero_infinity)
    if zero_infinity:
        from ...ops.creation import zeros
        from ...ops.pointwise import where
        res = where(res == float("inf"), zeros((), dtype=res.dtype), res)
    if red == _MEAN:
        from ...ops.creation import tensor
        return (res / tensor(tl, dtype=res.dtype).clamp_min(1)).mean()
    if red == _SUM:
        return res.sum()
    return res if batched else res.squeeze(0)
