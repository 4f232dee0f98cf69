"""``torch.storage``: the memory behind a tensor, as ``Tensor.storage()`` / ``untyped_storage()`` show it.

A storage is the whole buffer a tensor and all its views share: ``x[1].storage()``
is ``x.storage()``, and ``x[1].storage_offset()`` says where the view starts.  In
ember that buffer is the NumPy array at the root of the tensor's ``.base`` chain,
so a storage is a flat view of it; writes through a storage change the tensor.

``TypedStorage`` (deprecated in PyTorch, still printed by tutorials) indexes the
buffer in the tensor's dtype; ``UntypedStorage`` indexes its bytes.  Both print
one element per line followed by PyTorch's footer line.
"""
from __future__ import annotations

import warnings

import numpy as np

__all__ = ["TypedStorage", "UntypedStorage"]

_WARNED = [False]
_TYPED_WARNING = ("TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only "
                  "storage class. This should only matter to you if you are using storages directly.  To access "
                  "UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()")


def _root_bytes(arr: np.ndarray) -> np.ndarray:
    """The bytes of the buffer at the root of ``arr``'s view chain (``arr``'s own if it owns them)."""
    root = arr
    while isinstance(root.base, np.ndarray):
        root = root.base
    if not root.flags.c_contiguous:  # a storage is linear memory; fall back to the tensor itself
        root = np.ascontiguousarray(arr)
    return root.reshape(-1).view(np.uint8)


class _Storage:
    __slots__ = ("_flat",)

    def __init__(self, flat: np.ndarray) -> None:
        self._flat = flat

    def __len__(self) -> int:
        return self._flat.size

    def __getitem__(self, idx):
        return self._flat[idx].item() if isinstance(idx, (int, np.integer)) else type(self)(self._flat[idx])

    def __setitem__(self, idx, value) -> None:
        self._flat[idx] = value

    def __iter__(self):
        return iter(self._flat.tolist())

    def tolist(self) -> list:
        return self._flat.tolist()

    def data_ptr(self) -> int:
        return int(self._flat.__array_interface__["data"][0])

    def nbytes(self) -> int:
        return self._flat.nbytes

    def element_size(self) -> int:
        return self._flat.itemsize

    def is_shared(self) -> bool:
        return False

    @property
    def device(self):
        from .backend.device import device
        return device("cpu")

    def _lines(self, footer: str) -> str:
        return " " + "\n ".join(str(v) for v in self._flat.tolist()) + "\n" + footer

    def __repr__(self) -> str:
        return str(self)


class UntypedStorage(_Storage):
    """``torch.UntypedStorage``: the buffer's bytes."""

    __slots__ = ()

    def size(self) -> int:
        return len(self)

    def __str__(self) -> str:
        return self._lines(f"[torch.storage.UntypedStorage(device=cpu) of size {len(self)}]")


class TypedStorage(_Storage):
    """``torch.TypedStorage``: the buffer read in the tensor's dtype."""

    __slots__ = ("_dtype",)

    def __init__(self, flat: np.ndarray, dtype=None) -> None:
        super().__init__(flat)
        from . import _dtype as D
        self._dtype = dtype if dtype is not None else D.from_numpy_dtype(flat.dtype)

    def __getitem__(self, idx):
        return self._flat[idx].item() if isinstance(idx, (int, np.integer)) else TypedStorage(self._flat[idx])

    @property
    def dtype(self):
        return self._dtype

    def size(self) -> int:
        return len(self)

    def untyped(self) -> UntypedStorage:
        return UntypedStorage(self._flat.view(np.uint8))

    def __str__(self) -> str:
        return self._lines(f"[torch.storage.TypedStorage(dtype={self._dtype}, device=cpu) of size {len(self)}]")


def untyped_storage(t) -> UntypedStorage:
    """``Tensor.untyped_storage()``."""
    return UntypedStorage(_root_bytes(t._materialize()))


def typed_storage(t) -> TypedStorage:
    """``Tensor.storage()`` (PyTorch warns once per process that ``TypedStorage`` is deprecated)."""
    if not _WARNED[0]:
        _WARNED[0] = True
        warnings.warn(_TYPED_WARNING, UserWarning, stacklevel=3)
    arr = t._materialize()
    raw = _root_bytes(arr)
    usable = raw.size - raw.size % arr.itemsize
    return TypedStorage(raw[:usable].view(arr.dtype), t.dtype)
