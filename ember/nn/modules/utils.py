"""``torch.nn.modules.utils``: the argument helpers layers use (``_pair``, ``_single`` ...), as in PyTorch."""
from __future__ import annotations

import collections.abc
from itertools import repeat
from typing import Any

__all__ = ["consume_prefix_in_state_dict_if_present"]


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, collections.abc.Iterable):
            return tuple(x)
        return tuple(repeat(x, n))

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _empty(shape, device=None, dtype=None):
    """A layer's uninitialised parameter, made as PyTorch's layers make it: ``torch.empty((out, in, ...))``
    with the sizes as one tuple, or ``torch.empty(num_features)`` with one size, so a float size
    (``nn.Linear(2, 3.0)``, ``nn.BatchNorm1d(3.0)``) gets the parser's error PyTorch gives there."""
    from ...ops.creation import empty
    return empty(tuple(shape) if isinstance(shape, (tuple, list)) else shape, device=device, dtype=dtype)


def _reverse_repeat_tuple(t, n):
    """Reverse the order of ``t`` and repeat each element ``n`` times (conv padding -> ``F.pad`` order)."""
    return tuple(x for x in reversed(t) for _ in range(n))


def _list_with_default(out_size, defaults):
    if isinstance(out_size, int):
        return out_size
    if len(defaults) <= len(out_size):
        raise ValueError(f"Input dimension should be at least {len(out_size) + 1}")
    return [v if v is not None else d for v, d in zip(out_size, defaults[-len(out_size):])]


def consume_prefix_in_state_dict_if_present(state_dict: dict[str, Any], prefix: str) -> None:
    """Strip the prefix in state_dict in place, if any (and in its ``_metadata``)."""
    keys = list(state_dict.keys())
    for key in keys:
        if key.startswith(prefix):
            newkey = key[len(prefix):]
            state_dict[newkey] = state_dict.pop(key)
    if hasattr(state_dict, "_metadata"):
        keys = list(state_dict._metadata.keys())
        for key in keys:
            if len(key) == 0:
                continue
            if key == prefix.replace(".", "") or key.startswith(prefix):
                newkey = key[len(prefix):]
                state_dict._metadata[newkey] = state_dict._metadata.pop(key)
