"""Shared plumbing for the concrete distributions (not part of PyTorch's API)."""
from __future__ import annotations

import numbers

import ember as torch
from ember import Size


def is_number(x) -> bool:
    """PyTorch's ``_Number`` check: Python numbers (not tensors)."""
    return isinstance(x, numbers.Number)


def batch_shape_of(first, *raw) -> Size:
    """``Size()`` when every raw argument was a Python number, else ``first.size()``."""
    if all(is_number(r) for r in raw):
        return Size()
    return first.size()


def expand_params(dist, cls, batch_shape, names, _instance=None, event_shape=None):
    """PyTorch's common ``expand`` body: expand each named parameter, re-init
    the base without validation and copy ``_validate_args``."""
    new = dist._get_checked_instance(cls, _instance)
    batch_shape = Size(batch_shape)
    for name in names:
        setattr(new, name, getattr(dist, name).expand(batch_shape))
    return finish_expand(new, dist, batch_shape, event_shape)


def finish_expand(new, dist, batch_shape, event_shape=None):
    """Last step of every ``expand``: initialise ``new`` as a ``Distribution``
    of ``batch_shape`` (event shape ``dist``'s unless given) without
    validating, then inherit ``dist``'s ``_validate_args``."""
    from .distribution import Distribution
    ev = dist._event_shape if event_shape is None else event_shape
    Distribution.__init__(new, Size(batch_shape), ev, validate_args=False)
    new._validate_args = dist._validate_args
    return new


def empty_like_shape(shape, like):
    """``like.new(shape)``: an uninitialised tensor of ``like``'s dtype."""
    return torch.empty(tuple(shape), dtype=like.dtype)
