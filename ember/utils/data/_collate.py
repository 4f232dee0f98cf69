"""``default_collate`` / ``default_convert``, exactly as ``torch.utils.data``.

``default_collate`` stacks tensors (and NumPy arrays) along a new first
dimension, turns Python floats into a float64 tensor, ints (and bools) into an
int64 (bool) tensor, keeps strings as they are, and recurses into mappings,
namedtuples and sequences (tuples come back as lists, like PyTorch).
"""
from __future__ import annotations

import collections
import copy
import re

import numpy as np

from ..._tensor import Tensor, _make

__all__ = ["default_collate", "default_convert", "collate", "default_collate_fn_map",
           "default_collate_err_msg_format"]

np_str_obj_array_pattern = re.compile(r"[SaUO]")

default_collate_err_msg_format = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
)


def _as_tensor(x) -> Tensor:
    from ...ops.creation import as_tensor
    return as_tensor(x)


def default_convert(data):
    """Convert NumPy arrays/scalars in ``data`` to tensors, recursing into containers (no batching)."""
    elem_type = type(data)
    if isinstance(data, Tensor):
        return data
    if elem_type.__module__ == "numpy" and elem_type.__name__ != "str_" and elem_type.__name__ != "string_":
        if elem_type.__name__ == "ndarray" and np_str_obj_array_pattern.search(data.dtype.str) is not None:
            return data
        return _as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return elem_type({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for i, d in enumerate(data):
                    clone[i] = default_convert(d)
                return clone
            return elem_type([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data


def collate(batch, *, collate_fn_map=None):
    """General collate: dispatch on the element type through ``collate_fn_map``, recurse into containers."""
    elem = batch[0]
    elem_type = type(elem)

    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type in collate_fn_map:
            if isinstance(elem, collate_type):
                return collate_fn_map[collate_type](batch, collate_fn_map=collate_fn_map)

    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update({key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem})
                return clone
            return elem_type({key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem})
        except TypeError:
            return {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return elem_type(*(collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        if isinstance(elem, tuple):
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, samples in enumerate(transposed):
                    clone[i] = collate(samples, collate_fn_map=collate_fn_map)
                return clone
            return elem_type([collate(samples, collate_fn_map=collate_fn_map) for samples in transposed])
        except TypeError:
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]

    raise TypeError(default_collate_err_msg_format.format(elem_type))


def _stack(batch) -> Tensor:
    """``torch.stack(batch, 0)``; NumPy directly unless autograd must record it."""
    from ...autograd.grad_mode import STATE
    if not isinstance(batch, (list, tuple)) or not all(isinstance(t, Tensor) for t in batch):
        # ``default_collate(tensor)`` or a non-tensor after a tensor: ``torch.stack`` raises its own
        # "must be tuple of Tensors" / "expected Tensor as element i" error.
        from ...ops.shape_ext import stack
        return stack(batch, 0)
    datas = [t._data for t in batch]
    d0 = datas[0]
    shape = d0.shape
    for i, d in enumerate(datas):
        if d.shape != shape:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                f"[{', '.join(map(str, shape))}] at entry 0 and [{', '.join(map(str, d.shape))}] at entry {i}"
            )
    if STATE.enabled and any(t._rg for t in batch):
        from ...ops.shape_ext import stack
        return stack(list(batch), 0)
    dtypes = {d.dtype for d in datas}
    if len(dtypes) > 1:
        from ... import _dtype as D
        res = D.from_numpy_dtype(d0.dtype)
        for d in datas[1:]:
            res = D.promote_types(res, D.from_numpy_dtype(d.dtype))
        target = res.np
    else:
        target = d0.dtype
    if d0.__class__ is np.ndarray or isinstance(d0, np.generic):
        out = np.empty((len(datas),) + tuple(shape), dtype=target)
        for i, d in enumerate(datas):
            out[i] = d
        return _make(out)
    from ...backend.device import get_array_module
    xp = get_array_module(d0)
    return _make(xp.stack([xp.asarray(d, dtype=target) for d in datas]))


def collate_tensor_fn(batch, *, collate_fn_map=None):
    return _stack(batch)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    elem = batch[0]
    if np_str_obj_array_pattern.search(elem.dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(elem.dtype))
    return collate([_as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    return _as_tensor(batch)


def collate_float_fn(batch, *, collate_fn_map=None):
    """``torch.tensor(batch, dtype=torch.float64)``: plain floats fast, anything else through ``tensor``
    (so ``[1.5, None]`` fails with ``must be real number, not NoneType`` instead of becoming ``nan``)."""
    if all(type(x) is float for x in batch):
        return _make(np.array(batch, dtype=np.float64))
    from ... import _dtype as D
    from ...ops.creation import tensor
    return tensor(batch, dtype=D.float64)


def collate_int_fn(batch, *, collate_fn_map=None):
    # ``torch.tensor(batch)``: plain ints -> int64, bools -> bool (fast paths), anything mixed -> inference.
    if all(type(x) is int for x in batch):
        try:
            return _make(np.array(batch, dtype=np.int64))
        except OverflowError:
            pass
    elif all(type(x) is bool for x in batch):
        return _make(np.array(batch, dtype=np.bool_))
    from ...ops.creation import tensor
    return tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    return batch


default_collate_fn_map: dict = {Tensor: collate_tensor_fn}
default_collate_fn_map[np.ndarray] = collate_numpy_array_fn
default_collate_fn_map[(np.bool_, np.number, np.object_)] = collate_numpy_scalar_fn
default_collate_fn_map[float] = collate_float_fn
default_collate_fn_map[int] = collate_int_fn
default_collate_fn_map[str] = collate_str_fn
default_collate_fn_map[bytes] = collate_str_fn


def default_collate(batch):
    """Collate a list of samples into a batch (``torch.utils.data.default_collate``)."""
    return collate(batch, collate_fn_map=default_collate_fn_map)
