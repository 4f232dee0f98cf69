"""Key-value stores (``TCPStore``, ``FileStore``, ``HashStore``, ``PrefixStore``) for one process.

The stores keep their keys in memory; they accept PyTorch's constructor
arguments so a single-process script that builds one runs unchanged.
"""
from __future__ import annotations

from datetime import timedelta


class Store:
    """``torch.distributed.Store``: ``set`` / ``get`` / ``add`` / ``wait`` over bytes values."""

    def __init__(self) -> None:
        self._data: dict = {}
        self.timeout = timedelta(seconds=300)

    def set(self, key: str, value) -> None:
        self._data[key] = value.encode() if isinstance(value, str) else bytes(value)

    def get(self, key: str) -> bytes:
        if key not in self._data:
            raise RuntimeError(f"Timeout waiting for key: {key}")
        return self._data[key]

    def add(self, key: str, amount: int) -> int:
        value = int(self._data.get(key, b"0")) + amount
        self._data[key] = str(value).encode()
        return value

    def check(self, keys) -> bool:
        return all(k in self._data for k in keys)

    def wait(self, keys, timeout=None) -> None:
        for k in keys:
            self.get(k)

    def delete_key(self, key: str) -> bool:
        return self._data.pop(key, None) is not None

    def num_keys(self) -> int:
        return len(self._data)

    def compare_set(self, key: str, expected, desired) -> bytes:
        current = self._data.get(key)
        expected_b = expected.encode() if isinstance(expected, str) else expected
        if current is None and not expected_b or current == expected_b:
            self.set(key, desired)
        return self._data.get(key, expected_b)

    def set_timeout(self, timeout: timedelta) -> None:
        self.timeout = timeout


class HashStore(Store):
    """An in-memory store."""


class FileStore(Store):
    """A store named by a file path (kept in memory by ember)."""

    def __init__(self, file_name: str, world_size: int = -1) -> None:
        super().__init__()
        self.path = file_name
        self.world_size = world_size


class TCPStore(Store):
    """A store served at ``host_name:port`` (kept in memory by ember: one process)."""

    def __init__(self, host_name: str, port: int, world_size=None, is_master: bool = False,
                 timeout: timedelta = timedelta(seconds=300), wait_for_workers: bool = True,
                 multi_tenant: bool = False, master_listen_fd=None, use_libuv: bool = True) -> None:
        super().__init__()
        self.host = host_name
        self.port = port
        self.timeout = timeout
        self.libuvBackend = use_libuv


class PrefixStore(Store):
    """Keys of ``store`` under ``prefix/``."""

    def __init__(self, prefix: str, store: Store) -> None:
        super().__init__()
        self._data = store._data
        self.prefix = prefix
        self.underlying_store = store

    def _key(self, key: str) -> str:
        return self.prefix + "/" + key

    def set(self, key, value):
        return super().set(self._key(key), value)

    def get(self, key):
        return super().get(self._key(key))

    def add(self, key, amount):
        return super().add(self._key(key), amount)

    def delete_key(self, key):
        return super().delete_key(self._key(key))
