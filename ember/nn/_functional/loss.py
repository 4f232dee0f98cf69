"""Loss functions of ``torch.nn.functional``.

Fused losses record PyTorch's nodes (``MseLossBackward0``,
``NllLossBackward0``/``NllLoss2DBackward0``, ``BinaryCrossEntropyBackward0``,
``SmoothL1LossBackward0`` ...); composite ones (``l1_loss``, ``kl_div``,
``cosine_embedding_loss`` ...) are built from tensor ops in the same order
as ATen, so their ``grad_fn`` names match too.  ``cross_entropy`` is
``nll_loss(log_softmax(x))`` exactly as in PyTorch.
"""
from __future__ import annotations

import math
import warnings
from typing import Optional

import numpy as np

from ... import _dtype as D
from ..._tensor import Tensor, _make
from ...autograd.grad_mode import STATE as GRAD
from ...autograd.graph import FUSION as _FUSION, KEPT_IN_SLOTS, Node, node1
from ...ops._cascade_sum import nll_cascade_sum
from ._util import check_tensor_args, not_tensor
from ...ops._common import finish, needs_grad
from ...ops.pointwise import _zeros_grad

__all__ = ["multilabel_margin_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div", "cosine_embedding_loss",
           "margin_ranking_loss", "soft_margin_loss", "hinge_embedding_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "triplet_margin_loss", "multilabel_soft_margin_loss", "multi_margin_loss"]

_MEAN, _SUM, _NONE = 1, 2, 0


# ------------------------------------------------------------------ reduction
class _Reduction:
    @staticmethod
    def get_enum(reduction: str) -> int:
        if reduction == "none":
            return _NONE
        if reduction == "mean":
            return _MEAN
        if reduction == "elementwise_mean":
            warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.")
            return _MEAN
        if reduction == "sum":
            return _SUM
        raise ValueError(f"{reduction} is not a valid value for reduction")

    @staticmethod
    def legacy_get_string(size_average, reduce, emit_warning: bool = True) -> str:
        warning = "size_average and reduce args will be deprecated, please use reduction='{}' instead."
        if size_average is None:
            size_average = True
        if reduce is None:
            reduce = True
        if size_average and reduce:
            ret = "mean"
        elif reduce:
            ret = "sum"
        else:
            ret = "none"
        if emit_warning:
            warnings.warn(warning.format(ret))
        return ret

    @staticmethod
    def legacy_get_enum(size_average, reduce, emit_warning: bool = True) -> int:
        return _Reduction.get_enum(_Reduction.legacy_get_string(size_average, reduce, emit_warning))


def _resolve(size_average, reduce, reduction: str) -> str:
    if size_average is not None or reduce is not None:
        return _Reduction.legacy_get_string(size_average, reduce)
    return reduction


def _arr(d):
    return d if d.__class__ is np.ndarray else np.asarray(d)


def _reduce_np(arr, red: int):
    """Reduce an elementwise loss array as ``at::mean``/``at::sum`` would (same summation order)."""
    if red == _NONE:
        return arr
    a = _arr(arr)
    if red == _MEAN and a.dtype == np.float16 and a.size:  # at::mean: float accumulation, one rounding
        from ...ops.reduction import _mean
        return np.asarray(_mean(a, tuple(range(a.ndim)), False), dtype=a.dtype)[()]
    s = None
    try:
        from ...ops._cascade_sum import faithful_sum
        if a.ndim:
            s = faithful_sum(a, tuple(range(a.ndim)), False)
    except ImportError:
        s = None
    if s is None:
        s = a.sum(dtype=np.float64).astype(a.dtype) if a.dtype.kind == "f" else a.sum()
    s = np.asarray(s, dtype=a.dtype)
    if red == _MEAN:
        s = (s / a.dtype.type(a.size)) if a.size else np.asarray(np.nan, dtype=a.dtype)
    return np.asarray(s, dtype=a.dtype)[()]


def _apply_reduction(t: Tensor, red: int) -> Tensor:
    if red == _MEAN:
        return t.mean()
    if red == _SUM:
        return t.sum()
    return t


def _size_warning(input: Tensor, target: Tensor) -> None:
    if target.size() != input.size():
        warnings.warn(
            f"Using a target size ({target.size()}) that is different to the input size ({input.size()}). This will "
            "likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
            stacklevel=3,
        )


def _broadcast(a: Tensor, b: Tensor):
    sa, sb = tuple(a._data.shape), tuple(b._data.shape)
    if sa == sb:
        return a, b
    try:
        shape = np.broadcast_shapes(sa, sb)
    except ValueError:
        from ...ops._common import broadcast_error
        raise broadcast_error(sa, sb) from None
    return (a if sa == shape else a.expand(shape)), (b if sb == shape else b.expand(shape))


def _type_word(dt) -> str:
    """PyTorch's ScalarType name of a NumPy dtype (``Float``, ``Long``, ``Bool`` ...)."""
    return _TYPE_WORD.get(D.from_numpy_dtype(np.dtype(dt)).name, str(dt))


def _loss_arrays(x: Tensor, y: Tensor, kernel: str, into_input: bool = False):
    """The two operands' arrays in PyTorch's result dtype (``torch.result_type(input, target)``).

    An integral result raises the kernel's ``not implemented for 'Long'``; ``into_input``: the
    kernel writes into a tensor of the input's dtype, so a floating result with an integral input
    raises PyTorch's cast error instead."""
    xd, yd = _arr(x._data), _arr(y._data)
    from ... import result_type
    rt = np.dtype(result_type(x, y).np)
    if rt.kind not in "fc":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(rt)}\'')
    if into_input and xd.dtype.kind not in "fc":
        raise RuntimeError(f"result type {_type_word(rt)} can't be cast to the desired output type "
                           f"{_type_word(xd.dtype)}")
    return xd.astype(rt, copy=False), yd.astype(rt, copy=False)


def _weighted(errors: Tensor, weight: Tensor, input: Tensor, reduction: str, mean_by_weight: bool) -> Tensor:
    if weight.size() != input.size():
        raise ValueError("Weights and input must have the same size.")
    w = errors * weight
    if reduction == "none":
        return w
    if reduction == "sum":
        return w.sum()
    if reduction == "mean":
        return w.sum() / weight.sum() if mean_by_weight else w.mean()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")


def _grad_scale(g: Tensor, red: int, numel: int) -> Tensor:
    return g / numel if red == _MEAN else g


# =================================================================== MSE
class MseLossBackward0(Node):
    __slots__ = ("red", "numel")

    def backward(self, g):
        # ``mse_loss_backward(g, x, y)`` and ``(g, y, x)``: MseLossBackwardBackward0 under create_graph
        from ...autograd._backward_ops import mse_loss_backward
        x, y = self.saved()
        e = self._edges
        return (mse_loss_backward(g, x, y, self.red, self.numel) if e[0] is not None else None,
                mse_loss_backward(g, y, x, self.red, self.numel) if e[1] is not None else None)

    def vjp(self, g):
        x, y = self.saved()
        e = self._edges
        xd = x._data
        gs = g / xd.dtype.type(self.numel) if self.red == _MEAN else g
        base = (xd - y._data) * (gs * xd.dtype.type(2))
        return (base if e[0] is not None else None), (-base if e[1] is not None else None)


def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
             weight=None) -> Tensor:
    """Mean squared error (``MseLossBackward0``)."""
    _size_warning(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    x, y = _broadcast(input, target)
    if weight is not None:
        return _weighted((x - y).pow(2), weight, input, reduction, True)
    red = _Reduction.get_enum(reduction)
    xd, yd = _loss_arrays(x, y, "mse_cpu")
    diff = xd - yd
    data = _reduce_np(diff * diff, red)
    if np.ndim(data) == 0:
        data = np.asarray(data)[()]
    if needs_grad(x, y):
        node = MseLossBackward0((x, y))
        node.red, node.numel = red, max(xd.size, 1)
        node.save(x, y)
        return finish(data, node)
    return _make(data)


# ==================================================================== L1
def l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
            weight=None) -> Tensor:
    """Mean absolute error (composite: ``AbsBackward0`` then mean/sum)."""
    _size_warning(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    x, y = _broadcast(input, target)
    if weight is not None:
        return _weighted((x - y).abs(), weight, input, reduction, True)
    red = _Reduction.get_enum(reduction)
    return _apply_reduction((x - y).abs(), red)


# ============================================================ smooth L1 / huber
class SmoothL1LossBackward0(Node):
    __slots__ = ("red", "numel", "beta")

    def backward(self, g):
        # ``smooth_l1_loss_backward(g, x, y)`` and ``(g, y, x)`` (ATen's kernel; a NaN difference gives
        # NaN): SmoothL1LossBackwardBackward0 under create_graph
        from ...autograd._backward_ops import smooth_l1_loss_backward
        x, y = self.saved()
        e = self._edges
        return (smooth_l1_loss_backward(g, x, y, self.red, self.numel, self.beta) if e[0] is not None else None,
                smooth_l1_loss_backward(g, y, x, self.red, self.numel, self.beta) if e[1] is not None else None)


class HuberLossBackward0(Node):
    __slots__ = ("red", "numel", "delta")

    def backward(self, g):
        # ``huber_loss_backward(g, x, y)`` and ``(g, y, x)``: HuberLossBackwardBackward0 under create_graph
        from ...autograd._backward_ops import huber_loss_backward
        x, y = self.saved()
        e = self._edges
        if x.dtype != y.dtype:  # ATen's backward TensorIterator wants one dtype (the forward casts instead)
            want, found = (x, y) if e[0] is not None else (y, x)
            names = D.SCALAR_TYPE_NAMES
            raise RuntimeError(f"Found dtype {names[found.dtype.np.name]} but expected {names[want.dtype.np.name]}")
        return (huber_loss_backward(g, x, y, self.red, self.numel, self.delta) if e[0] is not None else None,
                huber_loss_backward(g, y, x, self.red, self.numel, self.delta) if e[1] is not None else None)


def smooth_l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
                   beta: float = 1.0) -> Tensor:
    """Huber-like loss ``0.5 d^2 / beta`` below ``beta``, ``|d| - 0.5 beta`` above."""
    _size_warning(input, target)
    red_s = _resolve(size_average, reduce, reduction)
    red = _Reduction.get_enum(red_s)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0.0:
        return l1_loss(input, target, reduction=red_s)
    x, y = _broadcast(input, target)
    xd, yd = _loss_arrays(x, y, "smooth_l1_cpu")
    dt = xd.dtype
    z = np.abs(xd - yd)
    b = dt.type(beta)
    loss = np.where(z < b, dt.type(0.5) * z * z / b, z - dt.type(0.5) * b).astype(dt)
    data = _reduce_np(loss, red)
    if needs_grad(x, y):
        node = SmoothL1LossBackward0((x, y))
        node.red, node.numel, node.beta = red, max(xd.size, 1), beta
        node.save(x, y)
        return finish(data, node)
    return _make(data)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0, weight=None) -> Tensor:
    """``0.5 d^2`` below ``delta``, ``delta (|d| - 0.5 delta)`` above."""
    _size_warning(input, target)
    x, y = _broadcast(input, target)
    if weight is not None:
        return _weighted(huber_loss(x, y, "none", delta), weight, input, reduction, False)
    red = _Reduction.get_enum(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    xd, yd = _loss_arrays(x, y, "huber_cpu", into_input=True)
    if xd.dtype == np.float16:   # PyTorch's kernel computes half in float and rounds once
        xd, yd = xd.astype(np.float32), yd.astype(np.float32)
    dt = xd.dtype
    z = np.abs(xd - yd)
    dl = dt.type(delta)
    # computed in the common dtype, written into a tensor of the input's dtype (PyTorch's out=)
    loss = np.where(z < dl, dt.type(0.5) * z * z, dl * (z - dt.type(0.5) * dl)).astype(x._data.dtype)
    data = _reduce_np(loss, red)
    if needs_grad(x, y):
        node = HuberLossBackward0((x, y))
        node.red, node.numel, node.delta = red, max(xd.size, 1), delta
        node.save(x, y)
        return finish(data, node)
    return _make(data)


# ================================================================ NLL loss
class NllLossBackward0(Node):
    """PyTorch's ``nll_loss_backward``: zeros, and at each counted item's target class
    ``w[t] * -(g / total_weight)`` (mean), ``w[t] * -g`` (sum) or ``w[t] * -g[item]`` (none), in the
    input's dtype.  The node keeps where those entries are, not an input-sized coefficient array."""

    # ``args``: ``(input, target array, weight, ignore_index)`` for the ``grad_fn._saved_*`` fields
    __slots__ = ("red", "class_dim", "shape", "dtype", "index", "item_index", "wt", "tw", "flat", "args")

    def _scale(self, g):
        """The value each counted item's entry gets, before its class weight: ``-(g / tw)``,
        ``-g`` or ``-g[item]``; an array or tensor, as ``g`` is."""
        if self.red == _NONE:
            return -g[self.item_index]
        if self.red == _MEAN:
            return -(g / self.tw)
        return -g

    def _zeros(self, like, dtype):
        """Zeros of the input's shape on ``like``'s device (``np.zeros`` itself for NumPy: 5x cheaper)."""
        if like.__class__ is np.ndarray or isinstance(like, np.generic):
            return np.zeros(self.shape, dtype)
        return np.zeros_like(like, dtype=dtype, shape=self.shape)  # CuPy

    def vjp(self, g):
        out = self._zeros(g, self.dtype)
        if self.index is not None:
            v = self._scale(g)
            out[self.index] = v if self.wt is None else self.wt * v
            flat = self.flat
            if flat is not None:
                _tag_for_log_softmax(self, out, flat)
        return (out,)

    def backward(self, g):
        # ``nll_loss_backward(g, input, ...)``: the ``vjp`` values; NllLossBackwardBackward0 (over ``g``
        # and the input) under create_graph
        from ...autograd._backward_ops import nll_loss_backward
        return (nll_loss_backward(g, self),)


def _tag_for_log_softmax(nll: Node, grad: np.ndarray, flat: np.ndarray) -> None:
    """Let the log-softmax under this NLL loss (every row counted, one weight) take ``grad``
    without row sums (``graph.FUSION``), unless something could change that array between the
    two nodes: hooks on either node (a tensor hook on the log-probabilities is a pre-hook of the
    log-softmax node) or a pass that captures gradients."""
    fz = _FUSION
    edge = nll._edges[0]
    if edge is None or fz.blocked or nll._hooks is not None:
        return
    lsm = edge[0]
    if lsm.__class__ is _LogSoftmaxNode and lsm._pre_hooks is None and lsm._hooks is None and lsm.dim == 1:
        fz.node, fz.grad, fz.extra = lsm, grad, (flat, grad.ravel()[flat[0]])


def _nll_node(cls, input: Tensor, index, item_index, wt, tw, red: int, class_dim: int, args: tuple):
    """The ``cls`` node of an NLL loss of ``input``: ``index`` selects each counted item's target
    entry (None: no item counted), ``item_index`` the same items in the per-item loss, ``wt``
    their class weights (None: all 1) and ``tw`` the total weight (mean).  ``args``:
    ``(input, target array, weight, ignore_index)``, read only by ``grad_fn._saved_*``."""
    node = node1(cls, input) if input._rg else cls((input,))
    node.red, node.class_dim = red, class_dim
    node.shape, node.dtype = input._data.shape, input._data.dtype
    node.index, node.item_index, node.wt, node.tw = index, item_index, wt, tw
    node.flat, node.args = None, args
    node._saved = KEPT_IN_SLOTS  # (freed after backward: ``grad_fn._saved_self`` ... then raise)
    return node


class NllLoss2DBackward0(NllLossBackward0):
    __slots__ = ()


_TYPE_WORD = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
              "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


_ROWS: dict = {}
_max_reduce = np.maximum.reduce  # (``ndarray.max`` without its Python wrapper)


def _rows(n: int) -> np.ndarray:
    """``arange(n)`` (int64), cached read-only for the usual batch sizes."""
    r = _ROWS.get(n)
    if r is None:
        r = np.arange(n, dtype=np.int64)
        r.flags.writeable = False
        if len(_ROWS) < 64:
            _ROWS[n] = r
    return r


def _plain_targets(td: np.ndarray, n: int, c: int, ignore_index: int) -> bool:
    """Whether ``td`` (int64) holds ``n`` class indices, all in ``[0, c)`` and none ignored."""
    if td.ndim != 1 or n == 0 or td.shape[0] != n:
        return False
    # one reduction: negative targets wrap to huge unsigned values
    if _max_reduce(td.view(np.uint64)) >= c:
        return False
    return not (0 <= ignore_index < c and (td == ignore_index).any())


_ROW_STARTS: dict = {}


def _row_starts(n: int, c: int) -> np.ndarray:
    """``arange(n) * c`` (int64): the flat position of each row of an (n, c) array, cached read-only."""
    key = (n, c)
    r = _ROW_STARTS.get(key)
    if r is None:
        r = _rows(n) * c
        r.flags.writeable = False
        if len(_ROW_STARTS) < 64:
            _ROW_STARTS[key] = r
    return r


def _nll_2d_plain(input: Tensor, xd, td, weight: Optional[Tensor], red: int, ignore_index: int,
                  checked: bool = False):
    """``_nll_core`` for (N, C) NumPy input when no target equals ``ignore_index``.

    The common case (a batch of logits, every target a valid class) in a few
    NumPy calls; the values are the same as the general path's.  Returns
    ``None`` when the general path must run (ignored or out-of-range targets).
    ``checked``: the caller has already seen ``_plain_targets`` hold.
    """
    n, c = xd.shape
    if not checked:
        if td.dtype != np.int64:
            td = td.astype(np.int64)
        if not _plain_targets(td, n, c, ignore_index):
            return None
    dt = xd.dtype
    rows = _rows(n)
    flat = None
    if weight is None and red != _NONE and input.grad_fn.__class__ is _LogSoftmaxNode and _nll_fusable(xd):
        flat = _row_starts(n, c) + td  # one value in every row: the log-softmax below needs no row sums
    if flat is not None and xd.flags.c_contiguous:
        picked = xd.ravel().take(flat)  # (xd[rows, td], 3x cheaper)
    else:
        picked = xd[rows, td]
    if weight is None:
        wt = None
        loss = np.negative(picked, out=picked)
    else:
        wt = _arr(weight._data).astype(dt, copy=False)[td]
        loss = np.negative(picked * wt)
    tw = None
    if red == _NONE:
        data = loss
    else:
        s = nll_cascade_sum(loss)  # ATen's order, in the loss dtype
        if red == _MEAN and wt is None:
            tw = dt.type(n)
            s = s / tw  # n > 0: no 0/0 to silence
        elif red == _MEAN:
            tw = nll_cascade_sum(wt)
            with np.errstate(all="ignore"):  # all-zero weights: 0/0 = nan, silently as PyTorch
                s = s / tw
        data = np.asarray(s, dtype=dt)[()]
    if not (GRAD.enabled and input._rg):
        return _make(data)
    node = _nll_node(NllLossBackward0, input, (rows, td), (rows,), wt, tw, red, 1, (input, td, weight, ignore_index))
    node.flat = flat
    return finish(data, node)


def _nll_reduce(loss, wt, ignored, weighted: bool):
    """(sum of the per-item losses, total weight) in ATen's ``nll_loss`` cascade order and dtype;
    ignored items are skipped but keep their place in the order."""
    dt = loss.dtype
    keep = ~np.asarray(ignored).reshape(-1)
    pos = None if keep.all() else np.flatnonzero(keep)
    flat, wflat = loss.reshape(-1), wt.reshape(-1)
    if pos is not None:
        flat, wflat = flat[pos], wflat[pos]
    s = nll_cascade_sum(flat, pos)
    tw = nll_cascade_sum(wflat, pos) if weighted else dt.type(flat.size)
    if s is None or tw is None:  # too ragged to vectorise: float64 sums, rounded once
        s = dt.type(flat.astype(np.float64).sum())
        tw = dt.type(wflat.astype(np.float64).sum())
    return s, tw


def _nll_core(input: Tensor, target: Tensor, weight: Optional[Tensor], red: int, ignore_index: int,
              node_cls) -> Tensor:
    xd = _arr(input._data)
    td = _arr(target._data)
    if node_cls is NllLossBackward0 and xd.ndim == 2 and xd.__class__ is np.ndarray and td.__class__ is np.ndarray:
        out = _nll_2d_plain(input, xd, td, weight, red, ignore_index)
        if out is not None:
            return out
    dt = xd.dtype
    class_dim = 0 if xd.ndim == 1 else 1
    n_classes = xd.shape[class_dim]
    td_b = td.reshape(()) if xd.ndim == 1 else td
    ignored = td_b == ignore_index
    safe_t = np.where(ignored, 0, td_b).astype(np.int64)
    bad = (~ignored) & ((safe_t < 0) | (safe_t >= n_classes))
    if bad.any():
        raise IndexError(f"Target {int(np.asarray(td_b)[bad].reshape(-1)[0])} is out of bounds.")
    # gather x[n, t, ...]
    if xd.ndim == 1:
        picked = xd[safe_t]
    else:
        picked = np.take_along_axis(xd, np.expand_dims(safe_t, 1), axis=1).squeeze(1)
    if weight is not None:
        wd = _arr(weight._data).astype(dt)
        wt = np.where(ignored, dt.type(0), wd[safe_t]).astype(dt)
    else:
        wt = np.where(ignored, dt.type(0), dt.type(1)).astype(dt)
    loss = (-(picked * wt)).astype(dt)
    loss = np.where(ignored, dt.type(0), loss).astype(dt)
    if red == _NONE:
        data = loss
        tw = None
    else:
        s, tw = _nll_reduce(loss, wt, ignored, weight is not None)
        if red == _MEAN:
            with np.errstate(all="ignore"):
                s = s / tw
        data = np.asarray(s, dtype=dt)[()]
    if GRAD.enabled and input._rg:
        if xd.ndim == 1:
            index = None if bool(ignored) else (safe_t,)
            item_index = ()
            wk = None if weight is None else wt
        else:
            item_index = tuple(np.nonzero(~ignored))
            index = item_index[:1] + (safe_t[item_index],) + item_index[1:]
            wk = None if weight is None else wt[item_index]
        node = _nll_node(node_cls, input, index, item_index, wk, tw, red, class_dim,
                         (input, td, weight, ignore_index))
        if np.ndim(data) == 0:
            data = np.asarray(data)[()]
        return finish(data, node)
    if np.ndim(data) == 0:
        data = np.asarray(data)[()]
    return _make(data)


def _check_nll_args(input: Tensor, target: Tensor, weight: Optional[Tensor]) -> None:
    td = target._data
    xs, ts = np.shape(input._data), np.shape(td)
    nd, tnd = len(xs), len(ts)
    if nd < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {nd})")
    if nd != 1:
        tb = ts[0] if tnd else 0
        if xs[0] != tb:
            raise ValueError(f"Expected input batch_size ({xs[0]}) to match target batch_size ({tb}).")
    if nd > 2 and nd != 4:   # nll_loss_nd reshapes these for nll_loss2d
        expect = [xs[0]] + list(xs[2:])
        if list(ts) != expect:
            raise RuntimeError(f"Expected target size {expect}, got {list(ts)}")
    # the autograd kernel of nll_loss / nll_loss2d refuses a weight that requires grad before its own checks
    _not_differentiable(weight, "weight", "nll_loss_forward" if nd <= 2 else "nll_loss2d_forward")
    if nd == 1:
        if tnd > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if tnd == 1 and ts[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {ts[0]}")
    elif nd == 2 and tnd > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if nd == 4:  # nll_loss2d's own checks
        if tnd != 3:
            raise RuntimeError(f"only batches of spatial targets supported (3D tensors) but got targets of dimension: "
                               f"{tnd}")
        if xs[0] != ts[0] or xs[2] != ts[1] or xs[3] != ts[2]:
            raise RuntimeError(f"size mismatch (got input: {list(xs)} , target: {list(ts)}")
    if td.dtype not in (np.int64, np.uint8):
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {_TYPE_WORD.get(D.from_numpy_dtype(td.dtype).name)}"
        )
    c = xs[0] if nd == 1 else xs[1]
    if weight is not None and weight._data.dtype != input._data.dtype:
        raise RuntimeError(
            f"expected scalar type {_TYPE_WORD.get(D.from_numpy_dtype(input._data.dtype).name)} but found "
            f"{_TYPE_WORD.get(D.from_numpy_dtype(weight._data.dtype).name)}"
        )
    if weight is not None and weight.numel() != c:
        if nd > 2:   # ATen's nll_loss2d (spatial targets) words the check without the sizes
            raise RuntimeError("weight tensor should be defined either for all or no classes")
        raise RuntimeError(
            f"weight tensor should be defined either for all {c} classes or no classes but got weight tensor of "
            f"shape: {list(weight.shape)}"
        )


def _not_differentiable(t, arg: str, fn: str) -> None:
    """PyTorch's autograd-kernel check for arguments that have no derivative formula."""
    if t is not None and GRAD.enabled and getattr(t, "requires_grad", False):
        raise RuntimeError(f"The function '{fn}' is not differentiable with respect to argument '{arg}'. "
                           "This input cannot have requires_grad True.")


def _nll_nd(input: Tensor, target: Tensor, weight: Optional[Tensor], red: int, ignore_index: int,
            checked: bool = False) -> Tensor:
    if not checked:
        _check_nll_args(input, target, weight)
    nd = input.dim()
    if weight is not None:
        _not_differentiable(weight, "weight", "nll_loss_forward" if nd <= 2 else "nll_loss2d_forward")
    if nd <= 2:
        return _nll_core(input, target, weight, red, ignore_index, NllLossBackward0)
    if nd == 4:
        return _nll_core(input, target, weight, red, ignore_index, NllLoss2DBackward0)
    n, c = input.shape[0], input.shape[1]
    x4 = input.contiguous().view(n, c, 1, -1)
    t3 = target.contiguous().view(n, 1, -1)
    out = _nll_core(x4, t3, weight, red, ignore_index, NllLoss2DBackward0)
    if red == _NONE:
        out = out.view((n,) + tuple(input.shape[2:]))
    return out


def nll_loss(input: Tensor, target: Tensor, weight: Optional[Tensor] = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Negative log likelihood of ``target`` classes under log-probabilities ``input``."""
    if input.__class__ is not Tensor or target.__class__ is not Tensor:  # (PyTorch's argument errors)
        check_tensor_args("nll_loss_nd", (("input", 1, input, False), ("target", 2, target, False)))
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    return _nll_nd(input, target, weight, red, ignore_index)


# ============================================================ cross entropy
from ...ops.pointwise import div_scalar as _div_scalar, mul_scalar as _mul_scalar  # noqa: E402
from ...ops.reduction_ext import log_softmax as _rx_log_softmax  # noqa: E402
from ...ops.reduction_ext import _log_softmax_short_rows, log_softmax_result  # noqa: E402
from ...ops.reduction_ext import _SOFTMAX_LANES as _LASTDIM_LANES, _log_softmax_lastdim  # noqa: E402
from ...ops.reduction_ext import LogSoftmaxBackward0 as _LogSoftmaxNode, nll_fusable as _nll_fusable  # noqa: E402


def _log_softmax(x: Tensor, dim: int) -> Tensor:
    """``Tensor.log_softmax(dim)`` (what ``F.log_softmax`` calls, without its argument handling)."""
    return _rx_log_softmax(x, dim)


def _weight_view(weight: Tensor, nd: int, class_dim: int) -> Tensor:
    shape = [1] * nd
    shape[class_dim] = weight.shape[0]
    return weight.view(shape)


def _cross_entropy_plain(input: Tensor, target: Tensor, ignore_index: int) -> Optional[Tensor]:
    """``cross_entropy`` of a batch of (N, C) logits and N valid class indices with the default
    arguments (no weight, no smoothing, mean): the same two nodes, values and bits as the general
    path, with its argument checks reduced to a few comparisons.  None: take the general path
    (which also raises the errors)."""
    xd, td = input._data, target._data
    if (xd.__class__ is not np.ndarray or td.__class__ is not np.ndarray or xd.ndim != 2
            or td.dtype != np.int64 or xd.dtype.kind != "f"):
        return None
    n, c = xd.shape
    if not _plain_targets(td, n, c, ignore_index):
        return None
    if 2 <= c <= 64 and xd.dtype in _LASTDIM_LANES:  # ``_short_rows`` (its 16-row minimum aside: the same bits)
        return _cross_entropy_short_rows(input, xd, td, ignore_index)
    if xd.dtype in _LASTDIM_LANES and c and xd.flags.c_contiguous:
        # ``log_softmax``'s last-dim kernel without its argument handling (50 -> 36 us on 2 x 4 logits)
        out = _log_softmax_lastdim(np.subtract(xd, np.maximum.reduce(xd, axis=1, keepdims=True)))
        logp = log_softmax_result(input, out, 1)
    else:
        logp = _rx_log_softmax(input, 1)
    return _nll_2d_plain(logp, logp._data, td, None, _MEAN, ignore_index, checked=True)


def _cross_entropy_short_rows(input: Tensor, xd: np.ndarray, td: np.ndarray, ignore_index: int) -> Tensor:
    """``_cross_entropy_plain`` for a batch of rows of 2 to 64 float32/float64 class scores (the
    case ``log_softmax`` computes on the transpose from 16 rows up), every target valid: the same
    values, bits and two nodes (``NllLossBackward0`` over ``LogSoftmaxBackward0``) as
    ``_nll_2d_plain`` over ``log_softmax``, in one function (a 64 x 10 batch: 54 -> 43 us; under
    16 rows the transposed walk gives the same bits as the row-wise one, 4 x 3: 40 -> 23 us)."""
    n, c = xd.shape
    dt = xd.dtype
    out = _log_softmax_short_rows(xd)
    flat = _row_starts(n, c) + td  # one value in every row
    picked = out.take(flat)  # (out is C-contiguous: its flat positions)
    np.negative(picked, picked)
    tw = dt.type(n)
    data = nll_cascade_sum(picked) / tw  # ATen's order, in the loss dtype
    if not (GRAD.enabled and input._rg):
        return _make(data)
    logp = log_softmax_result(input, out, 1)
    rows = _rows(n)
    node = _nll_node(NllLossBackward0, logp, (rows, td), (rows,), None, tw, _MEAN, 1, (logp, td, None, ignore_index))
    node.flat = flat  # the log-softmax below needs no row sums (``_tag_for_log_softmax``)
    return finish(data, node)


def cross_entropy(input: Tensor, target: Tensor, weight: Optional[Tensor] = None, size_average=None,
                  ignore_index: int = -100, reduce=None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """``nll_loss(log_softmax(input, class_dim), target)``; ``target`` may hold class probabilities."""
    if input.__class__ is not Tensor or target.__class__ is not Tensor:  # (PyTorch's argument errors)
        check_tensor_args("cross_entropy_loss", (("input", 1, input, False), ("target", 2, target, False)))
    if weight is None and label_smoothing == 0.0 and reduction == "mean" and size_average is None and reduce is None:
        out = _cross_entropy_plain(input, target, ignore_index)
        if out is not None:
            return out
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    nd = input.dim()
    class_dim = 0 if nd == 1 else 1
    if tuple(input.shape) == tuple(target.shape):
        # class probabilities
        if target._data.dtype.kind != "f":
            raise RuntimeError(
                "Expected floating point type for target with class probabilities, got "
                f"{_TYPE_WORD.get(D.from_numpy_dtype(target._data.dtype).name)}"
            )
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        n_classes = input.size(class_dim)   # a 0-d input fails here, as in ATen
        if weight is not None and (weight.dim() != 1 or weight.numel() != n_classes):
            raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all {n_classes} classes or "
                               f"no classes but got weight tensor of shape: {list(weight.shape)}")
        if label_smoothing > 1.0:   # ATen accepts any label_smoothing <= 1 (a negative one too)
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
        logp = _log_softmax(input, class_dim)
        if label_smoothing > 0.0:
            target = target * (1 - label_smoothing) + (label_smoothing / n_classes)
        prod = logp * target
        if weight is not None:
            prod = prod * (_weight_view(weight, nd, class_dim) if nd > 1 else weight)
        if red == _MEAN:
            if input.numel() == 0:
                return -(prod.sum()) * float("nan")
            return _div_scalar(-(prod.sum()), input.numel() // n_classes)
        if red == _SUM:
            return -(prod.sum())
        return -(prod.sum(class_dim))
    if label_smoothing > 1.0:   # ATen checks it only on its label-smoothing path (label_smoothing > 0)
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    if nd == 0:
        _log_softmax(input, class_dim)   # ATen's IndexError
    n_classes = input.shape[class_dim]
    _check_nll_args(input, target, weight)
    logp = _log_softmax(input, class_dim)
    if label_smoothing <= 0.0:
        return _nll_nd(logp, target, weight, red, ignore_index, checked=True)
    nll = _nll_nd(logp, target, weight, red, ignore_index, checked=True)
    ignore_mask = target == ignore_index
    if weight is not None:
        smooth = -(logp * _weight_view(weight, nd, class_dim)).sum(class_dim) if nd > 1 else -(logp * weight).sum(
            class_dim)
    else:
        smooth = -logp.sum(class_dim)
    smooth = smooth.masked_fill(ignore_mask, 0.0)
    if red == _MEAN:
        if weight is not None:
            keep = ~_arr(ignore_mask._data)
            tsel = _arr(target._data)[keep].reshape(-1)
            wsum = _make(np.asarray(_arr(weight._data)[tsel].astype(np.float64).sum(),
                                    dtype=weight._data.dtype)[()])
            ret = smooth.sum() / wsum
        else:
            true_cnt = int((~_arr(ignore_mask._data)).sum())
            ret = smooth.sum() / _make(np.int64(true_cnt))
    elif red == _SUM:
        ret = smooth.sum()
    else:
        ret = smooth
    return _mul_scalar(nll, 1 - label_smoothing) + _mul_scalar(ret, label_smoothing / n_classes)


# ===================================================================== BCE

class BinaryCrossEntropyBackward0(Node):
    __slots__ = ("red", "numel", "weight")

    def backward(self, g):
        # ``binary_cross_entropy_backward`` (BinaryCrossEntropyBackwardBackward0 under create_graph) and
        # ``binary_cross_entropy_target_backward`` (``-logit(x) * grad``), as PyTorch
        from ...autograd._backward_ops import binary_cross_entropy_backward, binary_cross_entropy_target_backward
        x, t = self.saved()
        w = self.weight
        e = self._edges
        gx = gt = None
        if e[0] is not None:
            gx = binary_cross_entropy_backward(g, x, t, w, self.red, self.numel)
        if e[1] is not None:
            gt = binary_cross_entropy_target_backward(g, x, t, w, self.red, self.numel)
        return gx, gt


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Optional[Tensor] = None, size_average=None,
                         reduce=None, reduction: str = "mean") -> Tensor:
    """``-w (t log x + (1 - t) log(1 - x))`` (``BinaryCrossEntropyBackward0``)."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    if target.size() != input.size():
        raise ValueError(
            f"Using a target size ({target.size()}) that is different to the input size ({input.size()}) is "
            "deprecated. Please ensure they have the same size."
        )
    if weight is not None:
        from ...ops.shape_ext import broadcast_shapes   # torch.broadcast_shapes words the mismatch
        shape = tuple(broadcast_shapes(target.size(), weight.size()))
        weight = weight.expand(shape) if tuple(weight.shape) != shape else weight
        _not_differentiable(weight, "weight", "binary_cross_entropy")
        if shape != tuple(input.shape):
            raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast shape {list(shape)}")
    xd, td = _arr(input._data), _arr(target._data)
    if td.dtype != xd.dtype:  # TensorIterator's check_all_same_dtype
        raise RuntimeError(f"Found dtype {_type_word(td.dtype)} but expected {_type_word(xd.dtype)}")
    if xd.dtype.kind not in "fc":
        raise NotImplementedError(f'"binary_cross_entropy" not implemented for \'{_type_word(xd.dtype)}\'')
    dt = xd.dtype
    if ((xd < 0) | (xd > 1)).any() or np.isnan(xd).any():
        raise RuntimeError("all elements of input should be between 0 and 1")
    if ((td < 0) | (td > 1)).any():
        raise RuntimeError("all elements of target should be between 0 and 1")
    with np.errstate(all="ignore"):
        lx = np.maximum(np.log(xd), dt.type(-100))
        l1x = np.maximum(np.log1p(-xd), dt.type(-100))
        loss = ((td - dt.type(1)) * l1x - td * lx).astype(dt)
    if weight is not None:
        loss = (loss * _arr(weight._data)).astype(dt)
    data = _reduce_np(loss, red)
    if needs_grad(input, target):
        node = BinaryCrossEntropyBackward0((input, target))
        node.red, node.numel, node.weight = red, max(xd.size, 1), weight
        node.save(input, target)
        return finish(data, node)
    return _make(data)


class BinaryCrossEntropyWithLogitsBackward0(Node):
    __slots__ = ("red", "numel", "weight", "pos_weight")

    def backward(self, g):
        x, t = self.saved()
        w, pw = self.weight, self.pos_weight
        e = self._edges
        # FunctionsManual's binary_cross_entropy_with_logits_backward / _target_backward, step by step:
        # ``* grad``, ``* weight``, then ``div_(numel)`` for the mean (DivBackward1 under create_graph)
        from ...ops.pointwise import add_scalar, div_scalar
        gx = gt = None
        if e[0] is not None:
            if pw is not None:
                tp = pw * t
                gx = (add_scalar(tp, 1) - t) * x.sigmoid() - tp
            else:
                gx = x.sigmoid() - t
            gx = gx * g
            if w is not None:
                gx = gx * w
            if self.red == _MEAN:
                gx = div_scalar(gx, self.numel)
        if e[1] is not None:
            from .activation import logsigmoid  # noqa: F811
            if pw is not None:
                gt = (logsigmoid(-x) - logsigmoid(x) * pw) * g
            else:
                gt = -x * g
            if w is not None:
                gt = gt * w
            if self.red == _MEAN:
                gt = div_scalar(gt, self.numel)
        return gx, gt


def _check_inplace_broadcast(out_shape, w_shape, w_first: bool) -> None:
    from ...ops._common import broadcast_error
    out_shape, w_shape = tuple(out_shape), tuple(w_shape)
    try:
        shape = np.broadcast_shapes(out_shape, w_shape)
    except ValueError:
        raise (broadcast_error(w_shape, out_shape) if w_first else broadcast_error(out_shape, w_shape)) from None
    if shape != out_shape:
        raise RuntimeError(f"output with shape {list(out_shape)} doesn't match the broadcast shape {list(shape)}")


def _into(dest_dtype, a, b, op):
    """``a.op_(b)`` in place into a ``dest_dtype`` buffer: computed in the promoted dtype, then cast."""
    common = np.result_type(a.dtype, b.dtype)
    return op(a.astype(common, copy=False), b.astype(common, copy=False)).astype(dest_dtype, copy=False)


def _bce_logits_values(input, xd, td, weight, pos_weight):
    """ATen's ``binary_cross_entropy_with_logits`` step by step: ``log_sigmoid(input)`` in the input's dtype
    (half through float), ``log_weight = (pos_weight - 1) * target + 1`` multiplied in place into it, and
    ``(1 - target).mul_(input).sub_(...)`` (then ``.mul_(weight)``) in place, so the loss has the target's dtype."""
    from .activation import logsigmoid
    log_sig = _arr(logsigmoid(input.detach())._data)
    if pos_weight is not None:
        pw = _arr(pos_weight._data)
        shifted = (pw - pw.dtype.type(1)).astype(pw.dtype)
        log_weight = _into(np.result_type(pw.dtype, td.dtype), shifted, td, np.multiply)
        log_weight = (log_weight + log_weight.dtype.type(1)).astype(log_weight.dtype)
        log_sig = _into(xd.dtype, log_sig, log_weight, np.multiply)
    loss = (td.dtype.type(1) - td).astype(td.dtype)
    loss = _into(td.dtype, loss, xd, np.multiply)
    loss = _into(td.dtype, loss, log_sig, np.subtract)
    if weight is not None:
        loss = _into(td.dtype, loss, _arr(weight._data), np.multiply)
    return loss


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
                                     size_average=None, reduce=None, reduction: str = "mean",
                                     pos_weight: Optional[Tensor] = None) -> Tensor:
    """Sigmoid + BCE in one stable op (``BinaryCrossEntropyWithLogitsBackward0``)."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    if not (target.size() == input.size()):
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
    _not_differentiable(weight, "weight", "binary_cross_entropy_with_logits")
    _not_differentiable(pos_weight, "pos_weight", "binary_cross_entropy_with_logits")
    for w in (pos_weight, weight):   # ATen multiplies each in place into an input-shaped buffer
        if w is not None and tuple(w.shape) != tuple(input.shape):
            _check_inplace_broadcast(input.shape, w.shape, w is pos_weight)
    xd, td = _arr(input._data), _arr(target._data)
    if td.dtype == np.bool_:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if xd.dtype.kind not in "fc":
        raise NotImplementedError(f'"log_sigmoid_cpu" not implemented for \'{_type_word(xd.dtype)}\'')
    if td.dtype.kind not in "fc":  # PyTorch computes into the target's dtype first
        raise RuntimeError(f"result type {_type_word(xd.dtype)} can't be cast to the desired output type "
                           f"{_type_word(td.dtype)}")
    with np.errstate(all="ignore"):
        loss = _bce_logits_values(input, xd, td, weight, pos_weight)
    data = _reduce_np(loss, red)
    if needs_grad(input, target):
        node = BinaryCrossEntropyWithLogitsBackward0((input, target))
        node.red, node.numel = red, max(np.size(loss), 1)
        node.weight, node.pos_weight = weight, pos_weight
        node.save(input, target)
        return finish(data, node)
    return _make(data)


# ================================================================== KL div
def kl_div(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
           log_target: bool = False) -> Tensor:
    """Kullback-Leibler divergence with ``input`` given as log-probabilities."""
    if size_average is not None or reduce is not None:
        red = _Reduction.legacy_get_enum(size_average, reduce)
    else:
        if reduction == "mean":
            warnings.warn(
                "reduction: 'mean' divides the total loss by both the batch size and the support size."
                "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                stacklevel=2,
            )
        red = _Reduction.get_enum("sum") if reduction == "batchmean" else _Reduction.get_enum(reduction)
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor, after the warning)
        not_tensor(input, "kl_div")
    if input._data.dtype.kind not in "fc" or target._data.dtype.kind not in "fc":
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        out = target.exp() * (target - input)
    else:
        from ...ops.pointwise import xlogy
        out = xlogy(target, target) - target * input
    reduced = _apply_reduction(out, red)
    if reduction == "batchmean" and input.dim() != 0:
        reduced = reduced / input.size()[0]
    return reduced


# ======================================================== margin-style losses
class ClampMinBackward0(Node):
    __slots__ = ("min",)

    def backward(self, g):
        (x,) = self.saved()
        from ...ops.pointwise import where
        return where(x >= self.min, g, _zeros_grad(g))


def _clamp_min(x: Tensor, m) -> Tensor:
    d = x._data
    data = np.maximum(d, d.dtype.type(m)).astype(d.dtype)
    if np.ndim(data) == 0:
        data = np.asarray(data)[()]
    if GRAD.enabled and x._rg:
        node = ClampMinBackward0((x,))
        node.min = m
        node.save(x)
        return finish(data, node)
    return _make(data)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0, size_average=None,
                        reduce=None, reduction: str = "mean") -> Tensor:
    """``max(0, -y (x1 - x2) + margin)``."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            f"margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: "
            f"{input1.size()}, input2: {input2.size()}, target: {target.size()} "
        )
    out = _clamp_min(-target * (input1 - input2) + margin, 0)
    return _apply_reduction(out, red)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0, size_average=None,
                          reduce=None, reduction: str = "mean") -> Tensor:
    """``1 - cos(x1, x2)`` for ``y = 1``, ``max(0, cos - margin)`` for ``y = -1``."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    targ_dim = target.dim()
    if targ_dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if targ_dim == 1:
        if not (input1.dim() == 2 and input2.dim() == 2):
            raise RuntimeError(
                f"1D target tensor expects 2D input tensors, but found inputs with sizes {list(input1.shape)} and "
                f"{list(input2.shape)}."
            )
    elif not (input1.dim() == 1 and input2.dim() == 1):
        raise RuntimeError(
            f"0D target tensor expects 1D input tensors, but found inputs with sizes {list(input1.shape)} and "
            f"{list(input2.shape)}."
        )
    EPSILON = 1e-12
    prod_sum = (input1 * input2).sum(targ_dim)
    mag_square1 = (input1 * input1).sum(targ_dim) + EPSILON
    mag_square2 = (input2 * input2).sum(targ_dim) + EPSILON
    denom = (mag_square1 * mag_square2).sqrt()
    cos = prod_sum / denom
    from ...ops.creation import zeros_like
    from ...ops.pointwise import where
    zeros = zeros_like(cos)
    pos = 1 - cos
    neg = _clamp_min(cos - margin, 0)
    output_pos = where(target == 1, pos, zeros)
    output_neg = where(target == -1, neg, zeros)
    output = output_pos + output_neg
    return _apply_reduction(output, red)


class SoftMarginLossBackward0(Node):
    __slots__ = ("red", "numel", "target")

    def backward(self, g):
        (x,) = self.saved()
        y = self.target
        gs = _grad_scale(g, self.red, self.numel)
        z = (-y * x).exp()
        return (-y * z / (z + 1) * gs,)


def soft_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                     reduction: str = "mean") -> Tensor:
    """``log(1 + exp(-y x))``."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    _not_differentiable(target, "target", "soft_margin_loss")
    xd, yd = _arr(input._data), _arr(target._data)
    if xd.shape != yd.shape:
        try:
            np.broadcast_shapes(xd.shape, yd.shape)
        except ValueError:
            from ...ops._common import broadcast_error
            raise broadcast_error(xd.shape, yd.shape) from None
    if xd.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    if xd.dtype.kind not in "fc":  # the result is floating, the output takes the input's dtype
        raise RuntimeError(f"result type Float can't be cast to the desired output type {_type_word(xd.dtype)}")
    dt = xd.dtype
    with np.errstate(all="ignore"):
        loss = np.log1p(np.exp(-yd * xd)).astype(dt)
    data = _reduce_np(loss, red)
    if needs_grad(input):
        node = SoftMarginLossBackward0((input,))
        node.red, node.numel, node.target = red, max(xd.size, 1), target
        node.save(input)
        return finish(data, node)
    return _make(data)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, size_average=None, reduce=None,
                         reduction: str = "mean") -> Tensor:
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    from ...ops.creation import zeros_like
    from ...ops.pointwise import where
    zeros = zeros_like(input)
    margin_clamp = _clamp_min(margin - input, 0)
    output_margin = where(target != 1, margin_clamp, zeros)
    output_self = where(target != -1, input, zeros)
    return _apply_reduction(output_margin + output_self, red)


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False, size_average=None,
                     eps: float = 1e-8, reduce=None, reduction: str = "mean") -> Tensor:
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        from ...ops.pointwise import where
        stirling = target * target.log() - target + (target * (2 * math.pi)).log() * 0.5
        loss = loss + where(target > 1, stirling, stirling * 0)
    return _apply_reduction(loss, red)


def gaussian_nll_loss(input: Tensor, target: Tensor, var, full: bool = False, eps: float = 1e-6,
                      reduction: str = "mean") -> Tensor:
    if isinstance(var, (int, float)):
        from ...ops.creation import full_like
        var = full_like(input, float(var))
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif input.size()[:-1] == var.size()[:-1] and var.size(-1) == 1:
            pass
        else:
            raise ValueError("var is of incorrect size")
    if reduction != "none" and reduction != "mean" and reduction != "sum":
        raise ValueError(reduction + " is not valid")
    if bool((var < 0).any()):
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    from ...autograd.grad_mode import no_grad
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    if reduction == "mean":
        return loss.mean()
    elif reduction == "sum":
        return loss.sum()
    return loss


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0, p: float = 2,
                        eps: float = 1e-6, swap: bool = False, size_average=None, reduce=None,
                        reduction: str = "mean") -> Tensor:
    """``F.triplet_margin_loss``: ``max(margin + d(a, p) - d(a, n), 0)``; a non-positive margin is a ValueError."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    from .basic import pairwise_distance
    from ...ops.pointwise import minimum
    a_dim, p_dim, n_dim = anchor.dim(), positive.dim(), negative.dim()
    if not (a_dim == p_dim == n_dim):
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {a_dim}D, positive {p_dim}D, and negative {n_dim}D inputs")
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_swap = pairwise_distance(positive, negative, p, eps)
        dist_neg = minimum(dist_neg, dist_swap)
    output = _clamp_min(margin + dist_pos - dist_neg, 0)
    return _apply_reduction(output, red)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Optional[Tensor] = None, size_average=None,
                                reduce=None, reduction: str = "mean") -> Tensor:
    reduction = _resolve(size_average, reduce, reduction)
    from .activation import logsigmoid
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    C = input.size(class_dim)
    loss = loss.sum(dim=class_dim) / C
    if reduction == "none":
        return loss
    elif reduction == "mean":
        return loss.mean()
    elif reduction == "sum":
        return loss.sum()
    raise ValueError(reduction + " is not valid")


class MultiMarginLossBackward0(Node):
    __slots__ = ("coef", "red")

    def backward(self, g):
        if self.red == _NONE:
            g = g.unsqueeze(-1)
        return (g * self.coef,)


def _margin_result(input: Tensor, per, coef, red: int, one_d: bool, node_cls) -> Tensor:
    """Reduce per-sample margin losses ``per`` (float64) and record ``node_cls`` with the gradient
    coefficients ``coef`` (n, C) of each input element (divided by n for the mean)."""
    xd = _arr(input._data)
    dt = xd.dtype
    if red == _NONE:
        data = per.astype(dt)
        if one_d:
            data = data.reshape(())[()]
    elif red == _SUM:
        data = np.asarray(per.sum(), dtype=dt)[()]
    else:
        with np.errstate(invalid="ignore", divide="ignore"):   # an empty batch: nan, silently
            data = np.asarray(per.sum() / per.size if per.size else np.nan, dtype=dt)[()]
            coef = coef / per.shape[0] if per.shape[0] else coef
    if GRAD.enabled and input._rg:
        node = node_cls((input,))
        node.coef = _make(coef.reshape(xd.shape).astype(dt))
        node.red = red if not (red == _NONE and one_d) else _SUM
        return finish(data, node)
    return _make(data)


class MultilabelMarginLossBackward0(MultiMarginLossBackward0):
    __slots__ = ()


def _require_long_target(target: Tensor) -> None:
    """ATen's margin-loss kernels read the target as int64: any other dtype is refused."""
    name = target._data.dtype.name
    if name != "int64":
        raise RuntimeError(f"expected scalar type Long but found {D.SCALAR_TYPE_NAMES.get(name, name)}")


def _refuse_half(xd: np.ndarray, kernel: str) -> None:
    """The margin losses' CPU kernels are dispatched for float and double only."""
    if xd.dtype == np.float16:
        raise NotImplementedError(f'"{kernel}" not implemented for \'Half\'')


def _multilabel_targets(t: np.ndarray, c: int):
    """Each sample's target classes: the labels before its first -1.

    Returns ``(is_target, count)``: a boolean (n, c) mask of target classes, and how many times each
    class is listed. PyTorch loops over the listed labels, so a label listed twice counts twice."""
    if ((t < -1) | (t >= c)).any():
        raise RuntimeError("argument #2 'target' is out of range")
    valid = np.cumprod(t >= 0, axis=1).astype(bool)  # everything from the first -1 on is ignored
    count = np.zeros(t.shape, dtype=np.int64)
    rows, cols = np.nonzero(valid)
    np.add.at(count, (rows, t[rows, cols]), 1)
    return count > 0, count


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                           reduction: str = "mean") -> Tensor:
    """Multi-label hinge loss: ``sum over listed targets j and non-targets i of max(0, 1 - (x[j] - x[i])) / C``
    (``MultilabelMarginLossBackward0``); a target listed twice is counted twice, as in PyTorch."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    xd = _arr(input._data)
    td = _arr(target._data).astype(np.int64)
    xs, nd = tuple(xd.shape), xd.ndim   # ATen's multilabel_margin_loss_shape_check
    if not ((nd == 2 and xs[1] != 0) or (nd == 1 and xs[0] != 0) or nd == 0):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: {list(xs)}")
    if (td.ndim > 1 or td.size != (xs[0] if nd else 1)) if nd <= 1 else tuple(td.shape) != xs:
        raise RuntimeError(f"inconsistent target size: {list(td.shape)} for input of size: {list(xd.shape)}")
    if td.size and (td.min() < -1 or td.max() >= (xs[-1] if nd else 1)):  # checked before the dtype dispatch
        raise RuntimeError("argument #2 'target' is out of range")
    _refuse_half(xd, "multilabel_margin_loss_forward_out_frame")
    _require_long_target(target)
    one_d = xd.ndim <= 1
    x2 = xd.reshape(1, -1).astype(np.float64)
    x2 = x2 if one_d else xd.astype(np.float64)
    n, c = x2.shape
    is_target, count = _multilabel_targets(td.reshape(n, c), c)
    # z[s, j, i] = 1 - (x[j] - x[i]) for target j and non-target i
    z = 1.0 - (x2[:, :, None] - x2[:, None, :])
    pair = is_target[:, :, None] & ~is_target[:, None, :] & (z > 0)
    weight = np.where(pair, count[:, :, None], 0)   # each listed occurrence of target j
    per = (weight * z).sum(axis=(1, 2)) / c
    coef = (weight.sum(axis=1) - weight.sum(axis=2)) / c  # +1/C for each hinge i is in, -1/C for each j
    return _margin_result(input, per, coef, red, one_d, MultilabelMarginLossBackward0)


def _multi_margin_checks(xs, ts, weight) -> None:
    """ATen's ``multi_margin_loss_shape_check``."""
    nd = len(xs)
    if not ((nd == 2 and xs[1] != 0) or (nd == 1 and xs[0] != 0) or nd == 0):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: {list(xs)}")
    nframe, dim = (1, xs[0] if nd else 1) if nd <= 1 else (xs[0], xs[1])
    if len(ts) > 1 or int(np.prod(ts)) != nframe:
        raise RuntimeError("multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           f"samples (batch size). Expected target size [{nframe}], but got {list(ts)}. Input has "
                           f"shape {list(xs)}.")
    if weight is not None and (weight.dim() > 1 or weight.numel() != dim):
        raise RuntimeError(f"inconsistent weight size, expected {dim} but got {list(weight.shape)}")


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,
                      weight: Optional[Tensor] = None, size_average=None, reduce=None,
                      reduction: str = "mean") -> Tensor:
    """Multi-class hinge loss (``MultiMarginLossBackward0``)."""
    red = _Reduction.get_enum(_resolve(size_average, reduce, reduction))
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    _not_differentiable(weight, "weight", "multi_margin_loss")
    xd = _arr(input._data)
    _multi_margin_checks(xd.shape, tuple(target.shape), weight)
    _refuse_half(xd, "multi_margin_loss_cpu_kernel")
    _require_long_target(target)
    one_d = xd.ndim <= 1
    x2 = xd.reshape(1, -1) if one_d else xd
    t = _arr(target._data).reshape(-1).astype(np.int64)
    if t.size and (t.min() < 0 or t.max() >= x2.shape[1]):
        raise RuntimeError("target out of range")
    dt = xd.dtype
    n, c = x2.shape
    xt = x2[np.arange(n), t][:, None]
    z = (dt.type(margin) - xt + x2).astype(np.float64)
    mask = (z > 0)
    mask[np.arange(n), t] = False
    h = np.where(mask, z ** p, 0.0)
    wv = _arr(weight._data).astype(np.float64)[t][:, None] if weight is not None else 1.0
    per = (h * wv).sum(1) / c
    d_h = np.where(mask, (p * z ** (p - 1)) * wv / c, 0.0)
    coef = d_h.copy()
    coef[np.arange(n), t] = -d_h.sum(1)
    return _margin_result(input, per, coef, red, one_d, MultiMarginLossBackward0)
