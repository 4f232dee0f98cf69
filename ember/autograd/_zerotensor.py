"""PyTorch's ``_efficientzerotensor`` as a gradient: a read-only all-zero array the engine recognises.

``sgn``'s derivative for real inputs is such a ZeroTensor, and adding a ZeroTensor returns the other
operand's values unchanged (``add_zerotensor``): a ``-0.`` gradient meeting it stays ``-0.`` where a
materialised ``+0.`` would turn it into ``+0.``.  Ember marks one as a stride-0 broadcast of a shared,
read-only 0-d zero per dtype, so ordinary NumPy arithmetic on it gives ordinary arrays.
"""
from __future__ import annotations

import numpy as np

_BASES: dict = {}


def zero_tensor_array(shape, dtype) -> np.ndarray:
    """A ZeroTensor gradient of ``shape``/``dtype`` (a read-only view of the shared zero)."""
    dtype = np.dtype(dtype)
    if not len(shape):  # ember keeps 0-d gradients as NumPy scalars: a plain zero
        return dtype.type(0)
    z = _BASES.get(dtype)
    if z is None:
        z = np.zeros((), dtype)
        z.flags.writeable = False
        _BASES[dtype] = z
    return np.broadcast_to(z, tuple(shape))


def is_zero_tensor_array(a) -> bool:
    """Whether gradient array ``a`` is a ZeroTensor made by ``zero_tensor_array``."""
    if a.__class__ is not np.ndarray:  # NumPy scalars, CuPy and sparse gradients are never one
        return False
    base = a.base
    return base is not None and base is _BASES.get(a.dtype)


def add_grads(cur, g):
    """``cur + g`` for two gradient tensors as PyTorch's input buffer adds them with grad mode on
    (``create_graph``): a ZeroTensor operand leaves the other's values (signed zeros included) as they
    are, while the sum still records ``AddBackward0``."""
    zc, zg = is_zero_tensor_array(cur._data), is_zero_tensor_array(g._data)
    if zc and zg:
        return cur
    r = cur + g
    if (zc or zg) and r._data.__class__ is np.ndarray and r._data.flags.writeable:
        keep = g._data if zc else cur._data
        if keep.shape == r._data.shape and keep.dtype == r._data.dtype:
            np.copyto(r._data, keep)
    return r
