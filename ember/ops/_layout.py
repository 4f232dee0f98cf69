"""Memory layouts as PyTorch's TensorIterator sees them.

A tensor's values do not depend on its strides, with one exception a user can
see: random fills.  PyTorch's CPU samplers write their draws one element after
another in the order its TensorIterator walks the tensor, and that order follows
memory, not the logical (row-major) index.  ``torch.ones(3, 4).t().uniform_()``
puts the first draw at ``[0, 0]``, the second at ``[1, 0]``: the transposed
view's memory order.  ``F.dropout``, ``rand_like`` and ``randn_like`` fill a
fresh ``empty_like(input)``, which keeps the input's layout, so a dropout after
an ``LSTM(batch_first=True)`` or inside ``TransformerEncoderLayer(batch_first=
True)`` (whose tensors are transposed views) draws in that order too.

This module mirrors the two pieces of ATen involved:

* ``TensorIteratorBase::reorder_dimensions``: an insertion sort of the dims by
  stride (innermost first), where a broadcast (stride 0) dim is ambiguous and
  equal strides put the smaller dim first (:func:`iteration_perm`);
* ``empty_like`` with ``preserve_format``: the same strides for a dense,
  non-overlapping input, else dense strides in the input's dim order
  (``infer_dense_strides``) (:func:`empty_like_layout`).
"""
from __future__ import annotations

import numpy as np


def iteration_perm(shape: tuple, *operand_strides: tuple) -> list:
    """The dims of a tensor from innermost to outermost, as TensorIterator orders them for
    operands with these strides (elements or bytes: only their order matters).

    ``reorder_dimensions``' insertion sort: for each pair of dims the operands are asked in turn;
    a broadcast (stride 0) dim leaves the question to the next operand, a smaller stride goes
    inside, and on equal strides the smaller dim goes inside."""
    nd = len(shape)
    perm = list(range(nd - 1, -1, -1))  # n-1, ..., 0: row-major unless the strides say otherwise

    def should_swap(d0: int, d1: int) -> int:
        for strides in operand_strides:
            s0, s1 = strides[d0], strides[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 < s1:
                return -1
            if s0 > s1:
                return 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def is_row_major(d) -> bool:
    """Whether a fill of ``d`` visits its elements in row-major (logical) order."""
    return d.__class__ is not np.ndarray or d.ndim < 2 or d.flags.c_contiguous


def outer_order(d) -> list:
    """``d``'s dims from outermost to innermost in PyTorch's iteration order."""
    return iteration_perm(d.shape, d.strides)[::-1]


def place(values: np.ndarray, order: list) -> np.ndarray:
    """``values``, laid out row-major over the dims in ``order`` (outermost first), as a view
    with the tensor's own dim order: element ``k`` of the walk lands where PyTorch writes draw ``k``."""
    return values.transpose(np.argsort(order))


def permuted_shape(shape: tuple, order: list) -> tuple:
    return tuple(shape[i] for i in order)


def empty_like_layout(d: np.ndarray, dtype=None) -> np.ndarray:
    """``torch.empty_like(d)`` (``preserve_format``) as a NumPy array: dense, with ``d``'s dim
    order, so ``.stride()`` and a later fill match PyTorch's."""
    dt = d.dtype if dtype is None else dtype
    if is_row_major(d):
        return np.empty(d.shape, dt)
    order = outer_order(d)
    return place(np.empty(permuted_shape(d.shape, order), dt), order)


def drawn_for(d, draw):
    """``draw(shape)`` placed where PyTorch's sampler writes each draw when it fills ``d``: the
    values of ``d``'s shape, drawn in ``d``'s iteration order (row-major unless ``d`` is a
    permuted or otherwise non-row-major NumPy array)."""
    if d.__class__ is not np.ndarray or is_row_major(d):
        return draw(tuple(d.shape))
    order = outer_order(d)
    return place(np.asarray(draw(permuted_shape(d.shape, order))), order)


def is_contiguous(d) -> bool:
    """``Tensor.is_contiguous()`` of an array (normal_'s choice of kernel depends on it)."""
    return d.__class__ is not np.ndarray or d.flags.c_contiguous


def _dense(d: np.ndarray) -> bool:
    from ._common import _non_overlapping_and_dense  # (_common imports the tensor module, which imports this one)
    return _non_overlapping_and_dense(d)


def obeys_grad_layout(g: np.ndarray, var: np.ndarray) -> bool:
    """ATen's ``obeys_layout_contract(grad, variable)``: for a dense, non-overlapping variable the
    gradient has its strides (dims of size 1 aside, where a 0 stride still fails); for any other
    variable the gradient is row-major contiguous."""
    if var.flags.c_contiguous or not _dense(var):
        return g.flags.c_contiguous
    gi, vi = g.itemsize, var.itemsize
    for n, gs, vs in zip(g.shape, g.strides, var.strides):
        if n != 1:
            if gs // gi != vs // vi:
                return False
        elif gs == 0:
            return False
    return True


def grad_in_layout(g: np.ndarray, var: np.ndarray) -> np.ndarray:
    """ATen's ``clone_obey_contract(grad, variable)``: a copy of ``g`` laid out like the dense,
    non-overlapping ``var`` (its dim order), else row-major contiguous.  What ``AccumulateGrad``
    stores as a leaf's first ``.grad`` when it cannot keep the incoming gradient as it is."""
    if var.flags.c_contiguous or not _dense(var):
        return np.array(g, order="C", copy=True)
    out = empty_like_layout(var, g.dtype)
    np.copyto(out, g)
    return out


def row_major(d):
    """``d`` as a row-major array (itself when it already is): for the ATen kernels that write a
    contiguous result whatever the input's layout (``input.contiguous()`` or a fresh ``empty``)."""
    if d.__class__ is np.ndarray and not d.flags.c_contiguous:
        return np.ascontiguousarray(d)
    return d


def legacy_contiguous(data, src):
    """``data`` laid out as ATen's ``empty_like(src, LEGACY_CONTIGUOUS_MEMORY_FORMAT)``: channels-last
    when ``src`` (rank 4 or 5) suggests it, else row-major."""
    if src.__class__ is np.ndarray and src.ndim in (4, 5) and not src.flags.c_contiguous:
        from .convert import _nhwc_copy, _suggests
        fmt = "torch.channels_last" if src.ndim == 4 else "torch.channels_last_3d"
        if _suggests(src, fmt):
            nhwc = _nhwc_copy(data, fmt)
            return data if nhwc is None else nhwc
    return row_major(data)
