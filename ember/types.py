"""``torch.types``: the type aliases PyTorch's own annotations use (for ``from torch.types import ...``)."""
from __future__ import annotations

import os
from typing import IO, Sequence, Tuple, Union

from ._dtype import dtype as _dtype  # noqa: F401  (PyTorch's private alias names)
from ._tensor import Tensor
from .backend.device import device as _device

_int = int
_float = float
_bool = bool
_complex = complex
_size = Union[Tuple[int, ...], Sequence[int]]

Number = int | float | bool
Device = Union[_device, str, int, None]
FileLike = Union[str, os.PathLike, IO[bytes]]
IntLikeType = int
FloatLikeType = float
BoolLikeType = bool

__all__ = ["Number", "Device", "FileLike", "IntLikeType", "FloatLikeType", "BoolLikeType", "Tensor"]
