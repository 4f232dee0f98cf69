"""``embedding(..., sparse=True)``: the weight's gradient as an uncoalesced sparse COO tensor.

PyTorch's ``embedding_sparse_backward``: one entry per looked-up index, in
the order of the input (entries equal to ``padding_idx`` dropped), holding
that lookup's gradient row; ``scale_grad_by_freq`` divides each row by how
often its index occurs.
"""
from __future__ import annotations

import numpy as np

from .._tensor import _make
from ..nn._functional.basic import EmbeddingBackward0 as _DenseEmbeddingBackward0
from ._coo import SparseCOO


def sparse_rows_grad(gd: np.ndarray, indices: np.ndarray, num_weights: int, padding_idx: int,
                     scale: bool, row_weights=None) -> SparseCOO:
    """The sparse gradient of a ``(num_weights, dim)`` table from the rows ``gd`` gathered at ``indices``."""
    dim = gd.shape[-1]
    flat = np.asarray(indices).reshape(-1).astype(np.int64)
    rows = np.asarray(gd).reshape(-1, dim)
    if row_weights is not None:
        rows = rows * row_weights.reshape(-1, 1).astype(rows.dtype)
    if scale:
        raise RuntimeError("embedding_backward: scale_grad_by_freq not supported with sparse gradients")
    if padding_idx is not None and padding_idx >= 0:
        keep = flat != padding_idx
        flat, rows = flat[keep], rows[keep]
    return SparseCOO(flat.reshape(1, -1), rows, (num_weights, dim), False)


class EmbeddingBackward0(_DenseEmbeddingBackward0):
    """The node of ``embedding(..., sparse=True)`` (PyTorch names it ``EmbeddingBackward0`` too)."""
    __slots__ = ()

    def backward(self, g):
        return (_make(sparse_rows_grad(np.asarray(g._data), self.indices, self.num_weights, self.padding_idx,
                                       self.scale)),)

    vjp = None


def make_sparse(node) -> None:
    """Turn the dense ``EmbeddingBackward0`` of a lookup into the sparse-gradient one."""
    node.__class__ = EmbeddingBackward0


def make_sparse_bag(node) -> None:
    """Turn an ``EmbeddingBagBackward0`` (sum / mean mode) into the one giving a sparse weight gradient."""
    node.__class__ = _sparse_bag_class()


_BAG_CLASS = []


def _sparse_bag_class():
    """``EmbeddingBagBackward0`` whose weight gradient is PyTorch's ``_embedding_bag_sparse_backward``: per
    looked-up index (input order, padding dropped) its bag's gradient row, divided by the bag size in mean
    mode and multiplied by its per-sample weight."""
    if _BAG_CLASS:
        return _BAG_CLASS[0]
    from ..nn._functional.grid_sampling import EmbeddingBagBackward0 as Dense, _np

    class EmbeddingBagBackward0(Dense):
        __slots__ = ()

        def _raw(self, g):
            outs = list(Dense._raw(self, g)) if len(self._edges) > 1 and self._edges[1] is not None else None
            weight, psw = self.saved()
            gd = _np(g)
            rows = gd[self.bag]
            if self.mode == 1:
                rows = rows / np.maximum(self.count[self.bag], 1)[:, None].astype(rows.dtype)
            if self.psw is not None:
                rows = rows * _np(psw._data).reshape(-1)[self.psw][:, None].astype(rows.dtype)
            num = weight._data.shape[0]
            if self.freq is not None:
                raise RuntimeError("embedding_backward: scale_grad_by_freq not supported with sparse gradients")
            gw = SparseCOO(np.asarray(self.idx, np.int64).reshape(1, -1), np.ascontiguousarray(rows),
                           (num, gd.shape[1]), False) if self._edges[0] is not None else None
            if outs is None:
                return (gw,) if len(self._edges) == 1 else (gw, None)
            outs[0] = gw
            return tuple(outs)

    _BAG_CLASS.append(EmbeddingBagBackward0)
    return EmbeddingBagBackward0
