"""``torch.save`` / ``torch.load`` and safetensors files, without PyTorch.

Checkpoints use PyTorch's own formats, so files move freely between ember and
PyTorch:

* **zip format** (PyTorch >= 1.6, the default): a zip archive whose entries
  live under one folder ``<name>/``: ``data.pkl`` (a protocol-2 pickle),
  ``data/<key>`` (raw little-endian bytes of each storage, 64-byte aligned),
  ``version``, ``byteorder``, ``.format_version``, ``.storage_alignment`` and
  ``.data/serialization_id``.  Inside the pickle a tensor is
  ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
  requires_grad, backward_hooks)`` where ``storage`` is the persistent id
  ``('storage', torch.FloatStorage, key, location, numel)``.  The archive is
  laid out byte for byte as PyTorch's writer (miniz) lays it out (every
  record 64-byte aligned, data descriptors, ZIP64 end records: see
  ``_torchzip``), so checkpoint sizes agree with PyTorch's.
* **legacy format** (``_use_new_zipfile_serialization=False``): magic number,
  protocol version and system info pickles, the object pickle, the sorted
  storage keys, then each storage as an int64 element count plus raw bytes.
  Both are read and written.
* **safetensors** (:func:`save_file` / :func:`load_file`): 8-byte header
  length, JSON header, raw bytes.

ember never imports ``torch``: the pickle refers to ``torch.*`` globals by
name, and the unpickler maps those names to ember objects.

Security
--------
``load(..., weights_only=True)`` (the default, as in PyTorch >= 2.6) never
runs code from the file.  The unpickler resolves globals from an allow-list
only (tensor rebuild functions, storage types, dtypes, ``torch.Size``,
``torch.device``, ``collections.OrderedDict``/``Counter``, ``set``,
``complex``, ``bytearray``, ``_codecs.encode`` and what the user allow-lists
with :func:`add_safe_globals`), calls only those, only builds (``BUILD``)
``OrderedDict``/``Counter``, only appends to lists and only sets items of
dicts.  Anything else raises :class:`pickle.UnpicklingError` with PyTorch's
"Weights only load failed" message naming the global.  Rebuilt tensors are
bounds-checked against their storage, so a crafted size/stride cannot read
outside the file's data.

``load(..., weights_only=False)`` must be asked for explicitly.  It imports
and calls whatever globals the pickle names, exactly like ``pickle.load`` and
``torch.load(weights_only=False)``: a malicious file can run arbitrary code.
Use it only for files you trust.

Writing is atomic for paths: data goes to a temporary file in the target's
directory that replaces the target (``os.replace``) only once complete, so a
crash mid-save never destroys the previous checkpoint.
"""
from __future__ import annotations

import _compat_pickle
import codecs
import contextlib
import io
import json
import mmap as _mmap_module
import os
import pickle
import pickletools
import re
import secrets
import struct
import sys
import uuid
import warnings
import zipfile
from collections import Counter, OrderedDict
from enum import Enum
from typing import Any, Callable, Dict, Optional

import numpy as np

from . import _dtype as D
from ._tensor import Size, Tensor, _make
from .backend import device as _dev

__all__ = ["save", "load", "save_file", "load_file", "safetensors_save", "safetensors_load", "add_safe_globals",
           "get_safe_globals", "clear_safe_globals", "safe_globals", "SafetensorError", "SourceChangeWarning",
           "LoadEndianness", "get_default_load_endianness", "set_default_load_endianness", "get_crc32_options",
           "set_crc32_options", "get_default_mmap_options", "set_default_mmap_options",
           "get_unsafe_globals_in_checkpoint"]

DEFAULT_PROTOCOL = 2
MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001
STORAGE_ALIGNMENT = 64
_CHUNK = 1 << 24

UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, "
    "but it can result in arbitrary code execution. Do it only if you got the file from a "
    "trusted source."
)
_DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default with "
    "weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
)
_CORRUPT_ZIP = (
    "PytorchStreamReader failed reading zip archive: failed finding central directory. This is an internal "
    "miniz error. If you are seeing this error, there is a high likelihood that your checkpoint file is "
    "corrupted. This can happen if the checkpoint was not saved properly, was transferred incorrectly, or the "
    "file was modified after saving."
)

# ----------------------------------------------------------------------------------------------- dtypes
# Element sizes of every dtype PyTorch can put in a checkpoint (also those ember lacks, so that their
# byte counts can still be checked and a clear error raised only when such a tensor is rebuilt).
_ITEMSIZE = {
    "float64": 8, "float32": 4, "float16": 2, "bfloat16": 2, "int64": 8, "int32": 4, "int16": 2, "int8": 1,
    "uint8": 1, "bool": 1, "complex128": 16, "complex64": 8, "complex32": 4, "uint16": 2, "uint32": 4,
    "uint64": 8, "float8_e4m3fn": 1, "float8_e5m2": 1, "float8_e4m3fnuz": 1, "float8_e5m2fnuz": 1,
    "float8_e8m0fnu": 1, "float4_e2m1fn_x2": 1, "qint8": 1, "quint8": 1, "qint32": 4, "quint4x2": 1,
    "quint2x4": 1, "bits8": 1, "bits16": 2, "bits1x8": 1, "bits2x4": 1, "bits4x2": 1,
}
_STORAGE_DTYPE = {
    "DoubleStorage": "float64", "FloatStorage": "float32", "HalfStorage": "float16",
    "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16",
    "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool", "ComplexDoubleStorage": "complex128",
    "ComplexFloatStorage": "complex64", "QInt8Storage": "qint8", "QUInt8Storage": "quint8",
    "QInt32Storage": "qint32", "QUInt4x2Storage": "quint4x2", "QUInt2x4Storage": "quint2x4",
    "UntypedStorage": "uint8",
}
_DTYPE_STORAGE = {v: k for k, v in _STORAGE_DTYPE.items() if k != "UntypedStorage"}


class _UnsupportedDtype:
    """Stands for a PyTorch dtype that ember (NumPy) has no equivalent of, e.g. ``torch.bfloat16``."""

    __slots__ = ("name", "itemsize")

    def __init__(self, name: str) -> None:
        self.name = name
        self.itemsize = _ITEMSIZE.get(name, 1)

    def __repr__(self) -> str:
        return "torch." + self.name

    def __reduce__(self):
        return (_dtype_from_name, (self.name,))


_UNSUPPORTED: Dict[str, _UnsupportedDtype] = {}


def _dtype_from_name(name: str):
    d = D._BY_NAME.get(name)
    if d is not None:
        return d
    u = _UNSUPPORTED.get(name)
    if u is None:
        u = _UNSUPPORTED[name] = _UnsupportedDtype(name)
    return u


def _require_ember_dtype(dt) -> D.dtype:
    if isinstance(dt, D.dtype):
        return dt
    raise TypeError(
        f"cannot load a tensor of dtype {dt!r}: ember does not support this dtype; convert the tensor to a "
        "supported dtype (e.g. .float()) in PyTorch before saving")


class _StorageType:
    """What ``find_class`` returns for ``torch.FloatStorage`` & co. (carries the dtype)."""

    __slots__ = ("name", "dtype")

    def __init__(self, name: str) -> None:
        self.name = name
        self.dtype = _dtype_from_name(_STORAGE_DTYPE[name])

    def __repr__(self) -> str:
        return f"StorageType(dtype={self.dtype!r})"


_STORAGE_TYPES = {name: _StorageType(name) for name in _STORAGE_DTYPE}


# ---------------------------------------------------------------------------------------------- saving
class _Global:
    """A reference to a ``torch.*`` global, pickled as ``GLOBAL module name`` without importing torch."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __call__(self, *args, **kwargs):  # pickle's save_reduce insists on a callable
        raise TypeError(f"{self.module}.{self.name} is a pickling placeholder")

    def __repr__(self) -> str:
        return f"<global {self.module}.{self.name}>"


_GLOBALS: Dict[tuple, _Global] = {}


def _g(module: str, name: str) -> _Global:
    key = (module, name)
    g = _GLOBALS.get(key)
    if g is None:
        g = _GLOBALS[key] = _Global(module, name)
    return g


class _StorageRef:
    """One storage being saved: its persistent id and its bytes (a 1-D uint8 NumPy array)."""

    __slots__ = ("pid", "key", "data", "numel", "dtype")

    def __init__(self, key: str, dtype: D.dtype, data: np.ndarray, location: str, legacy: bool) -> None:
        self.key = key
        self.dtype = dtype
        self.data = data
        self.numel = data.nbytes // dtype.itemsize
        pid = ("storage", _g("torch", _DTYPE_STORAGE[dtype.name]), key, location, self.numel)
        self.pid = pid + (None,) if legacy else pid


def _contiguous_strides(shape) -> tuple:
    strides, acc = [], 1
    for s in reversed(shape):
        strides.append(acc)
        acc *= max(int(s), 1)
    return tuple(reversed(strides))


def _as_bytes(arr: np.ndarray) -> np.ndarray:
    """A flat uint8 view of a C- or F-contiguous array's memory (little-endian on any host)."""
    if sys.byteorder == "big" and arr.dtype.itemsize > 1:
        arr = arr.astype(arr.dtype.newbyteorder("<"))
    order = "C" if arr.flags.c_contiguous else "F"
    return arr.reshape(-1, order=order).view(np.uint8)


_LEGACY_KEY_BASE = 94000000000000


class _StorageTable:
    """Assigns storage keys while pickling; views of one NumPy buffer share one storage."""

    def __init__(self, legacy: bool) -> None:
        self.legacy = legacy
        self.refs: list = []
        self._groups: Dict[tuple, _StorageRef] = {}
        self._keep: list = []

    def _new(self, dtype: D.dtype, data: np.ndarray, location: str, group=None) -> _StorageRef:
        n = len(self.refs)
        # the legacy format keys storages by their C++ object's address (14 digits on x86-64 Linux), so
        # address-like keys give PyTorch's file size; both formats list the data in saving order
        key = str(_LEGACY_KEY_BASE + 16 * n) if self.legacy else str(n)
        ref = _StorageRef(key, dtype, data, location, self.legacy)
        self.refs.append(ref)
        if group is not None:
            self._groups[group] = ref
        return ref

    def describe(self, t: Tensor):
        """``(storage_ref, storage_offset, size, stride)`` for ``t`` (offset/stride in elements)."""
        dtype = D.from_numpy_dtype(t._data.dtype)
        d = t._data
        shape = tuple(int(s) for s in d.shape)
        if _dev.is_cuda_array(d):
            key = ("cuda", id(d))
            ref = self._groups.get(key)
            if ref is None:
                self._keep.append(d)
                host = np.asarray(_dev.to_numpy(d), order="C")
                ref = self._new(dtype, _as_bytes(host), f"cuda:{d.device.id}", key)
            return ref, 0, shape, _contiguous_strides(shape)
        if not isinstance(d, np.ndarray):  # NumPy scalar held by a 0-d tensor: immutable, own storage
            return self._new(dtype, _as_bytes(np.asarray(d)), "cpu"), 0, (), ()
        shared = self._shared_view(d, dtype, shape)
        if shared is not None:
            return shared
        c = np.asarray(d, order="C")
        return self._new(dtype, _as_bytes(c), "cpu"), 0, shape, _contiguous_strides(shape)

    def _shared_view(self, d: np.ndarray, dtype: D.dtype, shape: tuple):
        """Describe ``d`` as a view into the buffer it (transitively) views, if PyTorch can express it."""
        isz = dtype.itemsize
        if d.size == 0:
            return None
        root = d
        while isinstance(root.base, np.ndarray):
            root = root.base
        if not (root.flags.c_contiguous or root.flags.f_contiguous) or root.nbytes % isz:
            return None
        strides = []
        for n, s in zip(shape, d.strides):
            if n == 1:
                strides.append(None)
                continue
            if s < 0 or s % isz:
                return None
            strides.append(s // isz)
        start = d.__array_interface__["data"][0] - root.__array_interface__["data"][0]
        if start < 0 or start % isz:
            return None
        offset = start // isz
        extent = sum((n - 1) * s for n, s in zip(shape, strides) if s is not None)
        if (offset + extent + 1) * isz > root.nbytes:
            return None
        contiguous = _contiguous_strides(shape)
        strides = tuple(c if s is None else s for s, c in zip(strides, contiguous))
        key = (id(root), dtype.name)
        ref = self._groups.get(key)
        if ref is None:
            self._keep.append(root)
            ref = self._new(dtype, _as_bytes(root), "cpu", key)
        return ref, offset, shape, strides


def _parameter_class():
    mod = sys.modules.get("ember.nn.parameter")
    return getattr(mod, "Parameter", None) if mod is not None else None


_FunctionType = type(_parameter_class)


class _TorchPickler(pickle._Pickler):
    """Pure-Python pickler that writes PyTorch's checkpoint pickle (``torch.*`` globals by name)."""

    def __init__(self, file, protocol: int, table: _StorageTable) -> None:
        super().__init__(file, protocol)
        self._table = table
        self._param_cls = _parameter_class()

    def persistent_id(self, obj):
        if type(obj) is _StorageRef:  # a fresh tuple each time, as PyTorch builds it (so it is not memoized)
            pid = obj.pid
            if len(pid) == 6:  # legacy: PyTorch formats the key (an address) anew each time too
                key = pid[2]
                return pid[:2] + (key[:1] + key[1:],) + pid[3:]
            return pid[:1] + pid[1:]
        return None

    def save_global(self, obj, name=None):
        """Classes renamed for ``python -m ember run`` pickle under PyTorch's name, as PyTorch writes them.

        ``pickle`` would look the name up and fail where PyTorch's module path has no ember
        counterpart (``torch.nn.modules.batchnorm``); loading maps the name back
        (``_full_find_class``).
        """
        from . import _torch_names
        if name is None and isinstance(obj, type) and _torch_names.is_renamed(obj) \
                and obj.__module__.startswith("torch"):
            x = self.memo.get(id(obj))
            if x is not None:
                self.write(self.get(x[0]))
                return
            self.write(pickle.GLOBAL + bytes(obj.__module__, "utf-8") + b"\n"
                       + bytes(obj.__qualname__, "utf-8") + b"\n")
            self.memoize(obj)
            return
        try:
            super().save_global(obj, name)
        except pickle.PicklingError as e:
            # PyTorch pickles with the C pickler: raise its error (``AttributeError: Can't pickle local
            # object ...``, ``attribute lookup ... failed``), not the pure-Python pickler's wording
            if name is None:
                try:
                    pickle.dumps(obj, self.proto)
                except (pickle.PicklingError, AttributeError, TypeError) as ce:
                    raise ce from None
                except Exception:
                    pass
            raise e

    def save(self, obj, save_persistent_id=True):
        t = type(obj)
        if t is D.dtype or t is _UnsupportedDtype:
            obj = _g("torch", obj.name)
            t = _Global
        if t is _Global:
            x = self.memo.get(id(obj))
            if x is not None:
                self.write(self.get(x[0]))
                return
            self.write(pickle.GLOBAL + bytes(obj.module, "utf-8") + b"\n" + bytes(obj.name, "utf-8") + b"\n")
            self.memoize(obj)
            return
        if t is _FunctionType:
            # ``_Pickler.dispatch`` maps functions to the base ``save_global``, past the override below
            x = self.memo.get(id(obj))
            if x is not None:
                self.write(self.get(x[0]))
                return
            self.save_global(obj)
            return
        super().save(obj, save_persistent_id)

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            if self._param_cls is not None and isinstance(obj, self._param_cls):
                plain = _make(obj._data)
                return (_g("torch._utils", "_rebuild_parameter"), (plain, bool(obj._rg), OrderedDict()))
            ref, offset, size, stride = self._table.describe(obj)
            return (_g("torch._utils", "_rebuild_tensor_v2"),
                    (ref, offset, size, stride, bool(obj._rg), OrderedDict()))
        if type(obj) is Size:
            return (_g("torch", "Size"), (tuple(int(s) for s in obj),))
        if type(obj) is _dev.device:
            args = (obj.type,) if obj.index is None else (obj.type, obj.index)
            return (_g("torch", "device"), args)
        return NotImplemented


def _write_record(zf: zipfile.ZipFile, name: str, data, align: bool = False) -> None:
    """Add one stored (uncompressed) entry; storage entries start on a 64-byte boundary like PyTorch's."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    mv = memoryview(data).cast("B")
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = mv.nbytes
    if align:
        zip64 = mv.nbytes * 1.05 > zipfile.ZIP64_LIMIT
        base = zf.start_dir + 30 + len(name.encode("utf-8")) + (20 if zip64 else 0)
        pad = (-(base + 4)) % STORAGE_ALIGNMENT
        info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
    with zf.open(info, "w") as dest:
        for i in range(0, mv.nbytes, _CHUNK):
            dest.write(mv[i:i + _CHUNK])


def _write_zip(fh, archive: str, pickled: bytes, refs: list, byteorder: bool) -> None:
    from . import _torchzip
    records = [(f"{archive}/data.pkl", pickled), (f"{archive}/.format_version", "1"),
               (f"{archive}/.storage_alignment", str(STORAGE_ALIGNMENT))]
    if byteorder:
        records.append((f"{archive}/byteorder", "little"))
    records += [(f"{archive}/data/{ref.key}", ref.data) for ref in refs]
    records.append((f"{archive}/version", "3\n"))
    if not byteorder:  # PyTorch's writer still adds the record when it closes the archive
        records.append((f"{archive}/byteorder", "little"))
    records.append((f"{archive}/.data/serialization_id", str(secrets.randbits(128)).zfill(40)[:40]))
    if _torchzip.fits(records):  # PyTorch's exact layout (miniz's), so sizes and file positions agree
        _torchzip.write(fh, records, get_crc32_options())
        return
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        _write_record(zf, f"{archive}/data.pkl", pickled)
        _write_record(zf, f"{archive}/.format_version", "1")
        _write_record(zf, f"{archive}/.storage_alignment", str(STORAGE_ALIGNMENT))
        if byteorder:
            _write_record(zf, f"{archive}/byteorder", "little")
        for ref in refs:
            _write_record(zf, f"{archive}/data/{ref.key}", ref.data, align=True)
        _write_record(zf, f"{archive}/version", "3\n")
        _write_record(zf, f"{archive}/.data/serialization_id", str(secrets.randbits(128)).zfill(40)[:40])


def _write_legacy(fh, obj, protocol: int) -> None:
    sys_info = dict(protocol_version=PROTOCOL_VERSION, little_endian=True,
                    type_sizes=dict(short=2, int=4, long=4))
    for header in (MAGIC_NUMBER, PROTOCOL_VERSION, sys_info):
        pickle.dump(header, fh, protocol=protocol)
    table = _StorageTable(legacy=True)
    _TorchPickler(fh, protocol, table).dump(obj)
    keys = sorted(ref.key for ref in table.refs)
    pickle.dump(keys, fh, protocol=protocol)
    by_key = {ref.key: ref for ref in table.refs}
    for key in keys:
        ref = by_key[key]
        fh.write(struct.pack("<q", ref.numel))
        mv = memoryview(ref.data).cast("B")
        for i in range(0, mv.nbytes, _CHUNK):
            fh.write(mv[i:i + _CHUNK])


def _is_path(f) -> bool:
    return isinstance(f, (str, os.PathLike))


def _atomic_write(path, write: Callable) -> None:
    """Run ``write(fileobj)`` on a temporary file next to ``path``, then atomically replace ``path``."""
    path = os.fspath(path)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    target = os.path.realpath(path) if os.path.islink(path) else path
    directory = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(directory):
        raise RuntimeError(f"Parent directory {os.path.dirname(path) or directory} does not exist.")
    if os.path.isdir(target):
        raise IsADirectoryError(f"[Errno 21] Is a directory: '{path}'")
    tmp = os.path.join(directory, f".{os.path.basename(target)}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def _archive_name(f) -> str:
    if _is_path(f):
        stem = os.path.splitext(os.path.basename(os.fsdecode(os.fspath(f))))[0]
        if stem and "/" not in stem and "\\" not in stem:
            return stem
    return "archive"


class _MemoryviewWriter:
    """Hands a user's file object ``memoryview`` chunks, as PyTorch's zip stream writer does.

    So a file opened in text mode fails as under PyTorch ("write() argument must be str, not
    memoryview"); every other attribute is the wrapped object's.
    """

    def __init__(self, fileobj) -> None:
        self._fileobj = fileobj

    def write(self, data):
        return self._fileobj.write(memoryview(data))

    def __getattr__(self, name: str):
        return getattr(self._fileobj, name)


def save(obj: object, f, pickle_module: Any = pickle, pickle_protocol: int = DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization: bool = True, _disable_byteorder_record: bool = False) -> None:
    """Save ``obj`` to ``f`` in PyTorch's checkpoint format (``torch.save``).

    ``obj`` may hold tensors, ``nn.Parameter``, state dicts, optimizer state and nested Python
    containers of primitives; tensors viewing one buffer are saved as views of one storage, so
    the sharing survives ``load`` in ember and in PyTorch.  ``f`` is a path (written atomically
    through a temporary file) or a writable binary file object.  ``pickle_module`` is accepted
    for compatibility; ember always uses its own pickler.
    """
    protocol = int(pickle_protocol)

    def write(fh) -> None:
        if not _use_new_zipfile_serialization:
            _write_legacy(fh, obj, protocol)
            return
        table = _StorageTable(legacy=False)
        buf = io.BytesIO()
        _TorchPickler(buf, protocol, table).dump(obj)
        _write_zip(fh, _archive_name(f), buf.getvalue(), table.refs, not _disable_byteorder_record)

    if _is_path(f):
        _atomic_write(f, write)
    elif hasattr(f, "write"):
        write(f if not _use_new_zipfile_serialization else _MemoryviewWriter(f))
    else:
        raise AttributeError(f"'{type(f).__name__}' object has no attribute 'write'")


# --------------------------------------------------------------------------------------------- loading
class _RawStorage:
    """Bytes of one loaded storage: a 1-D uint8 array (NumPy, or CuPy after a CUDA map_location)."""

    __slots__ = ("u8", "swap_pending")

    def __init__(self, u8) -> None:
        self.u8 = u8
        self.swap_pending = False

    @property
    def device(self):
        return _dev.device_of(self.u8)

    def nbytes(self) -> int:
        return int(self.u8.nbytes)

    size = nbytes

    def __len__(self) -> int:
        return int(self.u8.nbytes)

    def cpu(self) -> "_RawStorage":
        return self if not _dev.is_cuda_array(self.u8) else _RawStorage(_dev.to_numpy(self.u8))

    def cuda(self, device=None, non_blocking: bool = False) -> "_RawStorage":
        dev = _dev.device("cuda", 0 if device is None else (device if isinstance(device, int) else
                                                            _dev.device(device).index or 0))
        return _RawStorage(_dev.move(self.u8, dev))

    def to(self, device=None, non_blocking: bool = False) -> "_RawStorage":
        dev = _dev.device(device) if not isinstance(device, _dev.device) else device
        return self.cpu() if dev.type == "cpu" else self.cuda(dev.index)

    def __repr__(self) -> str:
        return f"<ember storage of {self.nbytes()} bytes on {self.device}>"


class _TypedStorage:
    """What ``persistent_load`` hands to the rebuild functions: raw bytes plus the element dtype."""

    __slots__ = ("raw", "dtype")

    def __init__(self, raw: _RawStorage, dtype) -> None:
        self.raw = raw
        self.dtype = dtype


def _cuda_unavailable_error() -> RuntimeError:
    return RuntimeError(
        "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. "
        "If you are running on a CPU-only machine, please use torch.load with "
        "map_location=torch.device('cpu') to map your storages to the CPU.")


def _default_restore(storage: _RawStorage, location: str) -> _RawStorage:
    loc = str(location)
    if loc == "cpu" or loc.startswith("cpu:"):
        return storage.cpu()
    if loc == "cuda" or loc.startswith("cuda:"):
        if not _dev.cuda_available():
            raise _cuda_unavailable_error()
        idx = int(loc.split(":", 1)[1]) if ":" in loc else 0
        from . import cuda
        if idx >= cuda.device_count():
            raise RuntimeError(
                f"Attempting to deserialize object on CUDA device {idx} but torch.cuda.device_count() is "
                f"{cuda.device_count()}. Please use torch.load with map_location to map your storages to an "
                "existing device.")
        return storage.cuda(idx)
    raise RuntimeError(
        f"don't know how to restore data location of torch.storage.UntypedStorage (tagged with {loc})")


def _restore_fn(map_location) -> Callable:
    if map_location is None:
        return _default_restore
    if isinstance(map_location, dict):
        mapping = {str(k): str(v) for k, v in map_location.items()}
        return lambda st, loc: _default_restore(st, mapping.get(loc, loc))
    if isinstance(map_location, bytes):
        map_location = map_location.decode("ascii")
    if isinstance(map_location, str) or isinstance(map_location, _dev.device) or (
            hasattr(map_location, "type") and not callable(map_location)):
        target = str(map_location)
        return lambda st, loc: _default_restore(st, target)
    if callable(map_location):
        def restore(st, loc):
            res = map_location(st, loc)
            if res is None:
                return _default_restore(st, loc)
            if isinstance(res, _RawStorage):
                return res
            if isinstance(res, _TypedStorage):
                return res.raw
            raise TypeError(f"map_location callable must return a storage or None, got {type(res).__name__}")
        return restore
    raise TypeError(f"map_location should be a str, a device, a dict or a callable, got {type(map_location)}")


def _maybe_decode(s):
    return s.decode("ascii") if isinstance(s, bytes) else s


class _Source:
    """Where storage bytes come from (zip archive, or a legacy file filled after the pickle)."""

    def storage_bytes(self, key: str, nbytes: int):
        raise NotImplementedError


class _ZipSource(_Source):
    def __init__(self, zf: zipfile.ZipFile, prefix: str, mm=None) -> None:
        self.zf = zf
        self.prefix = prefix
        self.mm = mm

    def storage_bytes(self, key: str, nbytes: int) -> np.ndarray:
        name = f"data/{key}"
        try:
            info = self.zf.getinfo(self.prefix + name)
        except KeyError:
            raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found") from None
        if info.file_size != nbytes:
            raise RuntimeError(
                f"storage {name} holds {info.file_size} bytes but the checkpoint's pickle declares {nbytes} "
                "bytes: the file is corrupted")
        if self.mm is not None and info.compress_type == zipfile.ZIP_STORED:
            head = self.mm[info.header_offset:info.header_offset + 30]
            if len(head) < 30 or head[:4] != b"PK\x03\x04":
                raise RuntimeError(f"PytorchStreamReader failed reading file {name}: invalid header or archive is "
                                   "corrupted")
            n, e = struct.unpack("<HH", head[26:30])
            start = info.header_offset + 30 + n + e
            if start + nbytes > len(self.mm):
                raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file is truncated")
            return np.frombuffer(self.mm, dtype=np.uint8, count=nbytes, offset=start)
        out = np.empty(nbytes, dtype=np.uint8)
        view = memoryview(out)
        try:
            with self.zf.open(info) as r:
                pos = 0
                while pos < nbytes:
                    chunk = r.read(min(_CHUNK, nbytes - pos))
                    if not chunk:
                        raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file is truncated")
                    view[pos:pos + len(chunk)] = chunk
                    pos += len(chunk)
                r.read(1)  # reach EOF so the CRC-32 is checked
        except (zipfile.BadZipFile, EOFError, struct.error) as e:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: {e} (the checkpoint file is "
                               "corrupted)") from None
        return out


class _LegacySource(_Source):
    """Legacy files store the data after the pickle: hand out buffers now, fill them afterwards."""

    def __init__(self) -> None:
        self.pending: Dict[str, np.ndarray] = {}

    def storage_bytes(self, key: str, nbytes: int) -> np.ndarray:
        buf = self.pending.get(key)
        if buf is None:
            buf = self.pending[key] = np.zeros(nbytes, dtype=np.uint8)
        return buf


class _LoadContext:
    def __init__(self, source: _Source, map_location, byteorder: str, legacy: bool = False) -> None:
        self.source = source
        self.restore = _restore_fn(map_location)
        self.swap = byteorder != sys.byteorder
        self.legacy = legacy
        self.storages: Dict[str, _RawStorage] = {}
        self.dtypes: Dict[str, Any] = {}
        self.views: Dict[str, _RawStorage] = {}

    def persistent_load(self, pid):
        if type(pid) is not tuple or len(pid) < 5 or _maybe_decode(pid[0]) != "storage":
            raise pickle.UnpicklingError(
                f"Only persistent_load of storage is allowed, but got {pid if type(pid) is not tuple else pid[:1]}")
        storage_type, key, location, numel = pid[1:5]
        view_metadata = pid[5] if len(pid) > 5 else None
        key = _maybe_decode(key)
        location = _maybe_decode(location)
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(f"persistent_load: expected a storage type, got {storage_type!r}")
        if type(key) is not str or type(location) is not str or type(numel) is not int or numel < 0:
            raise pickle.UnpicklingError(f"persistent_load: malformed storage id {pid!r}")
        dtype = storage_type.dtype
        raw = self.storages.get(key)
        if raw is None:
            nbytes = numel * dtype.itemsize
            raw = _RawStorage(self.source.storage_bytes(key, nbytes))
            self.dtypes[key] = dtype
            if self.swap and not self.legacy:
                if storage_type.name == "UntypedStorage":
                    raw.swap_pending = True
                elif dtype.itemsize > 1 and isinstance(dtype, D.dtype):
                    raw.u8.view(dtype.np).byteswap(inplace=True)
            restored = self.restore(raw, location)
            if self.legacy and restored.u8 is not raw.u8:
                # legacy files store the bytes after the pickle: the buffer must stay where it will be filled
                raise RuntimeError("ember can only load legacy-format checkpoints onto the CPU; pass "
                                   "map_location='cpu' and move the tensors afterwards")
            raw = restored
            self.storages[key] = raw
        if view_metadata is not None:  # legacy storage views (PyTorch < 1.0)
            if (type(view_metadata) is not tuple or len(view_metadata) != 3
                    or not all(type(x) is int for x in view_metadata[1:])):
                raise pickle.UnpicklingError(f"persistent_load: malformed storage view {view_metadata!r}")
            view_key, offset, view_size = view_metadata
            v = self.views.get(view_key)
            if v is None:
                isz = dtype.itemsize
                if offset < 0 or view_size < 0 or (offset + view_size) * isz > raw.nbytes():
                    raise RuntimeError(f"storage view {view_key} is out of bounds of its storage")
                v = self.views[view_key] = _RawStorage(raw.u8[offset * isz:(offset + view_size) * isz])
            raw = v
        return _TypedStorage(raw, dtype)


# ----- rebuild functions (the only callables the restricted unpickler runs besides simple constructors)
def _tensor_from_storage(storage, storage_offset, size, stride, dtype) -> Tensor:
    if not isinstance(storage, _TypedStorage):
        raise pickle.UnpicklingError(f"expected a storage to rebuild a tensor from, got {type(storage).__name__}")
    dtype = _require_ember_dtype(dtype)
    if isinstance(size, Size) or type(size) in (tuple, list):
        size = tuple(size)
    if isinstance(stride, Size) or type(stride) in (tuple, list):
        stride = tuple(stride)
    ints = (type(storage_offset) is int and type(size) is tuple and type(stride) is tuple
            and all(type(s) is int for s in size) and all(type(s) is int for s in stride))
    if not ints or len(size) != len(stride):
        raise pickle.UnpicklingError(f"malformed tensor metadata: offset={storage_offset!r}, size={size!r}, "
                                     f"stride={stride!r}")
    if storage_offset < 0 or any(s < 0 for s in size) or any(s < 0 for s in stride):
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)} and storage offset "
                           f"{storage_offset} must be non-negative")
    raw = storage.raw
    isz = dtype.itemsize
    nbytes = raw.nbytes()
    if raw.swap_pending:  # untyped storage from a big-endian writer: swap once its dtype is known
        raw.swap_pending = False
        if dtype.itemsize > 1 and not _dev.is_cuda_array(raw.u8):
            raw.u8.view(dtype.np).byteswap(inplace=True)
    numel = 1
    for s in size:
        numel *= s
    if numel == 0:
        xp = _dev.get_array_module(raw.u8)
        return _make(xp.empty(size, dtype=dtype.np))
    required = (storage_offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1) * isz
    if required > nbytes:
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {storage_offset}, and "
            f"itemsize {isz} requiring a storage size of {required} are out of bounds for storage of size "
            f"{nbytes}")
    byte_strides = tuple(s * isz for s in stride)
    if _dev.is_cuda_array(raw.u8):
        cp = _dev.cupy_or_none()
        arr = cp.ndarray(size, dtype=dtype.np, memptr=raw.u8.data + storage_offset * isz, strides=byte_strides)
    else:
        arr = np.ndarray(size, dtype=dtype.np, buffer=raw.u8, offset=storage_offset * isz, strides=byte_strides)
        if storage_offset:
            from ._tensor import _remember_offset
            _remember_offset(arr, storage_offset)
    return _make(arr)


def _set_rg(t: Tensor, requires_grad) -> Tensor:
    if requires_grad:
        if t._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        t._rg = True
    return t


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _tensor_from_storage(storage, storage_offset, size, stride, storage.dtype
                                if isinstance(storage, _TypedStorage) else None)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None,
                       metadata=None):
    t = _rebuild_tensor(storage, storage_offset, size, stride)
    return _set_rg(t, requires_grad)


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks, dtype,
                       metadata=None):
    t = _tensor_from_storage(storage, storage_offset, size, stride, dtype)
    return _set_rg(t, requires_grad)


def _make_parameter(data, requires_grad=True):
    if not isinstance(data, Tensor):
        raise pickle.UnpicklingError(f"Parameter data must be a tensor, got {type(data).__name__}")
    try:
        from .nn.parameter import Parameter
    except ImportError:  # nn not available: keep a plain leaf tensor with the flag
        return _set_rg(_make(data._data), requires_grad)
    return Parameter(data, bool(requires_grad))


def _apply_state(obj, state) -> None:
    """Restore Python attributes saved with a tensor, refusing anything that shadows a class attribute."""
    if not state:
        return
    if isinstance(state, tuple) and len(state) == 2:
        d, slots = state
        state = dict(d or {})
        state.update(slots or {})
    if not isinstance(state, dict):
        raise pickle.UnpicklingError(f"unexpected tensor state of type {type(state).__name__}")
    for k, v in state.items():
        if type(k) is not str or hasattr(type(obj), k) or k.startswith("__"):
            raise pickle.UnpicklingError(f"refusing to restore attribute {k!r} on {type(obj).__name__}")
        try:
            object.__setattr__(obj, k, v)
        except AttributeError:
            warnings.warn(f"ember tensors cannot hold Python attributes; dropped {k!r} while loading",
                          UserWarning, stacklevel=4)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    return _make_parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    p = _make_parameter(data, requires_grad)
    _apply_state(p, state)
    return p


def _rebuild_device_tensor_from_cpu_tensor(data, dtype, device, requires_grad):
    if not isinstance(data, Tensor):
        raise pickle.UnpicklingError("expected a tensor")
    t = _make(data._data.astype(_require_ember_dtype(dtype).np, copy=False))
    return _set_rg(t, requires_grad)


class _TensorMarker:
    """``torch.Tensor`` as named in a checkpoint (only meaningful to ``_rebuild_from_type_v2``)."""


class _ParameterMarker:
    """``torch.nn.parameter.Parameter`` as named in a checkpoint."""


_REBUILDERS = {_rebuild_tensor, _rebuild_tensor_v2, _rebuild_tensor_v3, _rebuild_parameter,
               _rebuild_parameter_with_state, _rebuild_device_tensor_from_cpu_tensor}


def _rebuild_from_type_v2(func, new_type, args, state):
    if not any(func is f for f in _REBUILDERS) or type(args) is not tuple:
        raise pickle.UnpicklingError(f"_rebuild_from_type_v2: unsupported rebuild function {func!r}")
    ret = func(*args)
    if new_type is _ParameterMarker:
        if not (_parameter_class() and isinstance(ret, _parameter_class())):
            ret = _make_parameter(ret, ret._rg)
    elif new_type is not _TensorMarker and new_type is not Tensor:
        raise pickle.UnpicklingError(f"_rebuild_from_type_v2: unsupported tensor type {new_type!r}")
    _apply_state(ret, state)
    return ret


def _unsupported(what: str):
    def fn(*args, **kwargs):
        raise RuntimeError(f"ember cannot load {what} from PyTorch checkpoints")
    fn.__name__ = "_unsupported_" + what.replace(" ", "_")
    return fn


def _get_layout(name):
    name = _maybe_decode(name)
    short = name.rsplit(".", 1)[-1] if isinstance(name, str) else ""
    if short not in ("strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc", "_mkldnn",
                     "jagged"):
        raise pickle.UnpicklingError(f"unknown layout {name!r}")
    return "torch." + short


def _make_device(type_, index=None):
    if not isinstance(type_, str) or not (index is None or isinstance(index, int)):
        raise pickle.UnpicklingError("malformed torch.device")
    return _dev.device(type_, index)


def _make_size(*args):
    if len(args) > 1 or (args and not all(type(s) is int for s in args[0])):
        raise pickle.UnpicklingError("malformed torch.Size")
    return Size(*args)


_ALLOWED: Dict[str, Any] = {
    "collections.OrderedDict": OrderedDict,
    "collections.Counter": Counter,
    "torch.nn.parameter.Parameter": _ParameterMarker,
    "torch.serialization._get_layout": _get_layout,
    "torch.Size": _make_size,
    "torch.Tensor": _TensorMarker,
    "torch._tensor.Tensor": _TensorMarker,
    "torch.device": _make_device,
    "_codecs.encode": codecs.encode,
    "builtins.bytearray": bytearray,
    "builtins.set": set,
    "builtins.complex": complex,
    "torch._utils._rebuild_tensor": _rebuild_tensor,
    "torch._utils._rebuild_tensor_v2": _rebuild_tensor_v2,
    "torch._utils._rebuild_tensor_v3": _rebuild_tensor_v3,
    "torch._utils._rebuild_parameter": _rebuild_parameter,
    "torch._utils._rebuild_parameter_with_state": _rebuild_parameter_with_state,
    "torch._utils._rebuild_device_tensor_from_cpu_tensor": _rebuild_device_tensor_from_cpu_tensor,
    "torch._utils._rebuild_qtensor": _unsupported("quantized tensors"),
    "torch._utils._rebuild_sparse_tensor": _unsupported("sparse tensors"),
    "torch._utils._rebuild_meta_tensor_no_storage": _unsupported("meta tensors"),
    "torch._utils._rebuild_nested_tensor": _unsupported("nested tensors"),
    "torch._utils._rebuild_wrapper_subclass": _unsupported("tensor subclasses"),
    "torch._utils._rebuild_device_tensor_from_numpy": _unsupported("device tensors pickled through numpy"),
    "torch._tensor._rebuild_from_type_v2": _rebuild_from_type_v2,
    "torch.tensor._rebuild_from_type_v2": _rebuild_from_type_v2,
}
for _name, _st in _STORAGE_TYPES.items():
    if _name == "UntypedStorage":
        _ALLOWED["torch.storage.UntypedStorage"] = _st
        _ALLOWED["torch.UntypedStorage"] = _st
    else:
        _ALLOWED[f"torch.{_name}"] = _st
        _ALLOWED[f"torch.cuda.{_name}"] = _st
for _name in _ITEMSIZE:
    if not _name.startswith(("q", "bits")):
        _ALLOWED[f"torch.{_name}"] = _dtype_from_name(_name)
del _name, _st

_ALLOWED_CALLABLES = frozenset(v for v in _ALLOWED.values() if callable(v) and not isinstance(v, _StorageType))
_BLOCKED_MODULES = ("sys", "os", "posix", "nt")

_user_safe_globals: Dict[str, Any] = {}


def add_safe_globals(safe_globals) -> None:
    """Allow-list extra classes/functions for ``load(weights_only=True)`` (``torch.serialization.add_safe_globals``).

    Entries are objects (resolved by ``__module__`` and ``__qualname__``) or ``(obj, "module.name")`` pairs.
    Only add what you trust: allow-listed callables are called with arguments taken from the file.
    """
    for item in safe_globals:
        if isinstance(item, tuple):
            if len(item) != 2:
                raise ValueError(
                    f"Expected tuple of length 2 (global, str of callable full path), but got tuple of length: "
                    f"{len(item)}")
            obj, name = item
            if type(name) is not str:
                raise TypeError(
                    f"Expected second item in tuple to be str of callable full path, but got: {type(name)}")
        else:
            obj, name = item, f"{item.__module__}.{item.__qualname__}"
        _user_safe_globals[name] = obj


def get_safe_globals() -> list:
    return list(_user_safe_globals.values())


def clear_safe_globals() -> None:
    _user_safe_globals.clear()


@contextlib.contextmanager
def safe_globals(safe_globals_list):
    """Context manager form of :func:`add_safe_globals`."""
    before = dict(_user_safe_globals)
    add_safe_globals(safe_globals_list)
    try:
        yield
    finally:
        _user_safe_globals.clear()
        _user_safe_globals.update(before)


class SourceChangeWarning(Warning):
    """``torch.serialization.SourceChangeWarning`` (raised by PyTorch when a pickled module's source changed)."""


class LoadEndianness(Enum):
    """``torch.serialization.LoadEndianness``: fallback byte order for checkpoints without a ``byteorder`` record."""

    NATIVE = 1
    LITTLE = 2
    BIG = 3


class _SerializationConfig:
    """Process-wide settings mirrored from ``torch.utils.serialization.config``."""

    load_endianness: Optional[LoadEndianness] = None
    compute_crc32: bool = True
    mmap_flags: Optional[int] = getattr(_mmap_module, "MAP_PRIVATE", None)


def get_default_load_endianness() -> Optional[LoadEndianness]:
    """``torch.serialization.get_default_load_endianness``: ``None`` unless set."""
    return _SerializationConfig.load_endianness


def set_default_load_endianness(endianness) -> None:
    """``torch.serialization.set_default_load_endianness``: a :class:`LoadEndianness` or ``None``."""
    if not isinstance(endianness, LoadEndianness) and endianness is not None:
        raise TypeError("Invalid argument type in function set_default_load_endianness")
    _SerializationConfig.load_endianness = endianness


def _fallback_byteorder() -> str:
    """Byte order assumed for a zip checkpoint with no ``byteorder`` record (PyTorch: little unless BIG/NATIVE)."""
    endianness = _SerializationConfig.load_endianness
    if endianness == LoadEndianness.BIG:
        return "big"
    if endianness == LoadEndianness.NATIVE:
        return sys.byteorder
    return "little"


def get_crc32_options() -> bool:
    """``torch.serialization.get_crc32_options`` (ember's zip writer always records CRC-32s)."""
    return _SerializationConfig.compute_crc32


def set_crc32_options(compute_crc32: bool) -> None:
    """``torch.serialization.set_crc32_options``: the flag is kept; files stay readable either way."""
    _SerializationConfig.compute_crc32 = compute_crc32


def get_default_mmap_options() -> Optional[int]:
    """``torch.serialization.get_default_mmap_options``: ``mmap.MAP_PRIVATE`` unless changed."""
    return _SerializationConfig.mmap_flags


class set_default_mmap_options:
    """``torch.serialization.set_default_mmap_options``: a function call or a context manager."""

    def __init__(self, flags: int) -> None:
        private = getattr(_mmap_module, "MAP_PRIVATE", None)
        shared = getattr(_mmap_module, "MAP_SHARED", None)
        if flags != private and flags != shared:
            raise ValueError(
                "Invalid argument in function set_default_mmap_options, "
                f"expected mmap.MAP_PRIVATE or mmap.MAP_SHARED, but got {flags}"
            )
        self.prev = _SerializationConfig.mmap_flags
        _SerializationConfig.mmap_flags = flags

    def __enter__(self) -> None:
        pass

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        _SerializationConfig.mmap_flags = self.prev


_STRING_OPCODES = frozenset(("STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE",
                             "SHORT_BINUNICODE", "BINUNICODE8"))


def _pickle_global_names(data: bytes) -> set:
    """Every ``module.name`` a pickle's GLOBAL / STACK_GLOBAL opcodes refer to, found without unpickling."""
    names = set()
    recent_strings: list = []
    memo: dict = {}
    for opcode, arg, _pos in pickletools.genops(data):
        if opcode.name == "GLOBAL":
            module, name = _map_py2(*arg.split(" ", 1))
            names.add(f"{module}.{name}")
        elif opcode.name == "STACK_GLOBAL" and len(recent_strings) >= 2:
            names.add(f"{recent_strings[-2]}.{recent_strings[-1]}")
        elif opcode.name in _STRING_OPCODES:
            recent_strings.append(arg)
        elif opcode.name in ("BINPUT", "LONG_BINPUT", "PUT") and recent_strings:
            memo[arg] = recent_strings[-1]
        elif opcode.name in ("BINGET", "LONG_BINGET", "GET") and arg in memo:
            recent_strings.append(memo[arg])
        elif opcode.name == "MEMOIZE" and recent_strings:
            memo[len(memo)] = recent_strings[-1]
    return names


def get_unsafe_globals_in_checkpoint(f) -> list:
    """``torch.serialization.get_unsafe_globals_in_checkpoint``: GLOBALs of a zip checkpoint that a
    ``weights_only`` load would reject (statically read; nothing is unpickled)."""
    if _is_path(f):
        with open(os.fspath(f), "rb") as fh:
            return get_unsafe_globals_in_checkpoint(fh)
    start = f.tell()
    magic = f.read(4)
    f.seek(start)
    if magic != b"PK\x03\x04":
        raise ValueError("Expected input to be a checkpoint returned by torch.save")
    with _open_zip(f) as zf:
        names = zf.namelist()
        prefix = names[0].split("/", 1)[0] + "/" if names else ""
        if prefix + "constants.pkl" in names:
            raise ValueError("Expected input to be a checkpoint returned by torch.save but got a torchscript "
                             "checkpoint")
        found = _pickle_global_names(zf.read(prefix + "data.pkl"))
    safe = set(_ALLOWED) | set(_user_safe_globals)
    return list(found.difference(safe))


def _map_py2(module: str, name: str):
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


def _resolve_allowed(module, name):
    if type(module) is not str or type(name) is not str:
        raise pickle.UnpicklingError("global names must be strings")
    module, name = _map_py2(module, name)
    full = f"{module}.{name}"
    if full in _user_safe_globals:
        return _user_safe_globals[full]
    if full in _ALLOWED:
        return _ALLOWED[full]
    if module in _BLOCKED_MODULES:
        raise pickle.UnpicklingError(f"Trying to load unsupported GLOBAL {full} whose module {module} is blocked.")
    shown = full[len("builtins."):] if full.startswith("builtins.") else full
    raise pickle.UnpicklingError(
        f"Unsupported global: GLOBAL {shown} was not an allowed global by default. "
        f"Please use `torch.serialization.add_safe_globals([{shown}])` or the "
        f"`torch.serialization.safe_globals([{shown}])` context manager to allowlist this global "
        "if you trust this class/function.")


class _WeightsUnpickler(pickle._Unpickler):
    """Allow-list unpickler: resolves, calls and builds only known-safe objects (never runs file code)."""

    dispatch = dict(pickle._Unpickler.dispatch)

    def __init__(self, file, ctx: Optional[_LoadContext], encoding: str = "utf-8") -> None:
        super().__init__(file, encoding=encoding)
        self._ctx = ctx

    def find_class(self, module, name):
        return _resolve_allowed(module, name)

    def persistent_load(self, pid):
        if self._ctx is None:
            raise pickle.UnpicklingError("unsupported persistent id encountered")
        return self._ctx.persistent_load(pid)

    @staticmethod
    def _allowed_callable(func) -> bool:
        try:
            if func in _ALLOWED_CALLABLES:
                return True
        except TypeError:
            return False
        return any(func is v for v in _user_safe_globals.values())

    def load_reduce(self):
        stack = self.stack
        args = stack.pop()
        func = stack[-1]
        if not self._allowed_callable(func):
            msg = f"Trying to call reduce for unrecognized function {func}"
            if hasattr(func, "__self__"):
                msg += f" which belongs to {func.__self__}"
            raise pickle.UnpicklingError(msg)
        if type(args) is not tuple:
            raise pickle.UnpicklingError("REDUCE arguments must be a tuple")
        stack[-1] = func(*args)

    dispatch[pickle.REDUCE[0]] = load_reduce

    def _new(self, cls, args, kwargs):
        if cls is _ParameterMarker:
            return _make_parameter(*args, **kwargs)
        ok = isinstance(cls, type) and (self._allowed_callable(cls))
        if not ok:
            raise pickle.UnpicklingError(
                "Can only create new object for nn.Parameter or classes allowlisted "
                f"via `add_safe_globals` but got {cls}")
        return cls.__new__(cls, *args, **kwargs)

    def load_newobj(self):
        args = self.stack.pop()
        cls = self.stack.pop()
        if type(args) is not tuple:
            raise pickle.UnpicklingError("NEWOBJ arguments must be a tuple")
        self.append(self._new(cls, args, {}))

    dispatch[pickle.NEWOBJ[0]] = load_newobj

    def load_newobj_ex(self):
        kwargs = self.stack.pop()
        args = self.stack.pop()
        cls = self.stack.pop()
        if type(args) is not tuple or type(kwargs) is not dict:
            raise pickle.UnpicklingError("NEWOBJ_EX arguments must be a tuple and a dict")
        self.append(self._new(cls, args, kwargs))

    dispatch[pickle.NEWOBJ_EX[0]] = load_newobj_ex

    def load_build(self):
        stack = self.stack
        state = stack.pop()
        inst = stack[-1]
        t = type(inst)
        if t is OrderedDict or t is Counter:
            slotstate = None
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            if slotstate:
                raise pickle.UnpicklingError(f"cannot set slots on {t.__name__}")
            if state:
                if type(state) is not dict or not all(type(k) is str for k in state):
                    raise pickle.UnpicklingError(f"BUILD state for {t.__name__} must be a dict of str keys")
                inst.__dict__.update(state)
            return
        if any(t is v for v in _user_safe_globals.values()):
            setstate = getattr(inst, "__setstate__", None)
            if setstate is not None:
                setstate(state)
                return
            slotstate = None
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            if state:
                inst.__dict__.update(state)
            if slotstate:
                for k, v in slotstate.items():
                    setattr(inst, k, v)
            return
        raise pickle.UnpicklingError(
            f"Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, "
            f"but got {t}")

    dispatch[pickle.BUILD[0]] = load_build

    def load_append(self):
        value = self.stack.pop()
        if type(self.stack[-1]) is not list:
            raise pickle.UnpicklingError(f"Can only append to lists, but got {type(self.stack[-1])}")
        self.stack[-1].append(value)

    dispatch[pickle.APPEND[0]] = load_append

    def load_appends(self):
        items = self.pop_mark()
        if type(self.stack[-1]) is not list:
            raise pickle.UnpicklingError(f"Can only extend lists, but got {type(self.stack[-1])}")
        self.stack[-1].extend(items)

    dispatch[pickle.APPENDS[0]] = load_appends

    def _check_dict(self, op: str):
        if type(self.stack[-1]) not in (dict, OrderedDict, Counter):
            raise pickle.UnpicklingError(
                f"Can only {op} for dict, collections.OrderedDict, collections.Counter, but got "
                f"{type(self.stack[-1])}")

    def load_setitem(self):
        value = self.stack.pop()
        key = self.stack.pop()
        self._check_dict("SETITEM")
        self.stack[-1][key] = value

    dispatch[pickle.SETITEM[0]] = load_setitem

    def load_setitems(self):
        items = self.pop_mark()
        self._check_dict("SETITEMS")
        d = self.stack[-1]
        for i in range(0, len(items), 2):
            d[items[i]] = items[i + 1]

    dispatch[pickle.SETITEMS[0]] = load_setitems

    def load_additems(self):
        items = self.pop_mark()
        if type(self.stack[-1]) is not set:
            raise pickle.UnpicklingError(f"Can only add items to sets, but got {type(self.stack[-1])}")
        self.stack[-1].update(items)

    dispatch[pickle.ADDITEMS[0]] = load_additems

    def _unsupported_op(self):
        raise pickle.UnpicklingError("Unsupported operand: protocol 0/1 object construction (INST/OBJ) and "
                                     "extension codes are not allowed with weights_only=True")

    for _op in (pickle.INST, pickle.OBJ, pickle.EXT1, pickle.EXT2, pickle.EXT4):
        dispatch[_op[0]] = _unsupported_op
    del _op

    def load_proto(self):
        """PROTO: PyTorch warns for any protocol other than the 2 ``torch.save`` writes."""
        proto = self.read(1)[0]
        if not 0 <= proto <= pickle.HIGHEST_PROTOCOL:
            raise ValueError(f"unsupported pickle protocol: {proto}")
        self.proto = proto
        if proto != 2:
            import warnings
            from . import _hints
            f, level = sys._getframe(0), 1  # the first frame outside ember and the pickle module
            while f is not None and (_hints._is_internal(f) or f.f_code.co_filename == pickle.__file__):
                f, level = f.f_back, level + 1
            warnings.warn(
                f"Detected pickle protocol {proto} in the checkpoint, which was "
                "not the default pickle protocol used by `torch.load` (2). The weights_only "
                "Unpickler might not support all instructions implemented by this protocol, "
                "please file an issue for adding support if you encounter this.",
                stacklevel=level)

    dispatch[pickle.PROTO[0]] = load_proto

    # PyTorch's weights-only unpickler knows only these opcodes (those protocol 2 writes); others
    # (FRAME, MEMOIZE, BINBYTES, STACK_GLOBAL ... from protocols 3-5) fail as "Unsupported operand N".
    _TORCH_OPCODES = frozenset(op[0] for op in (
        pickle.GLOBAL, pickle.NEWOBJ, pickle.REDUCE, pickle.BUILD, pickle.APPEND, pickle.APPENDS,
        pickle.SETITEM, pickle.SETITEMS, pickle.MARK, pickle.TUPLE, pickle.TUPLE1, pickle.TUPLE2, pickle.TUPLE3,
        pickle.NONE, pickle.NEWFALSE, pickle.NEWTRUE, pickle.EMPTY_TUPLE, pickle.EMPTY_LIST, pickle.EMPTY_DICT,
        pickle.EMPTY_SET, pickle.BININT, pickle.BININT1, pickle.BININT2, pickle.BINFLOAT, pickle.BINUNICODE,
        pickle.SHORT_BINSTRING, pickle.BINPERSID, pickle.BINGET, pickle.LONG_BINGET, pickle.BINPUT,
        pickle.LONG_BINPUT, pickle.LONG1, pickle.PROTO, pickle.STOP))

    def _make_unsupported(code):
        def load_unsupported(self):
            raise pickle.UnpicklingError(f"Unsupported operand {code}")
        return load_unsupported

    for _code in range(256):
        if _code not in _TORCH_OPCODES:
            dispatch[_code] = _make_unsupported(_code)
    del _code


def _full_find_class(module, name, base_find):
    """``weights_only=False``: ``torch.*`` names map to ember; anything else is imported (unsafe)."""
    try:
        return _resolve_allowed(module, name)
    except pickle.UnpicklingError:
        pass
    module, name = _map_py2(module, name)
    if module == "torch" or module.startswith("torch."):
        import importlib
        from . import _torch_names
        # a class PyTorch defines elsewhere than ember does (BatchNorm1d: torch.nn.modules.batchnorm)
        target = _torch_names.ember_module_for(module, name) or "ember" + module[len("torch"):]
        try:
            obj = importlib.import_module(target)
            for part in name.split("."):
                obj = getattr(obj, part)
            return obj
        except (ImportError, AttributeError):
            raise pickle.UnpicklingError(f"ember has no equivalent of {module}.{name} needed by this checkpoint") \
                from None
    return base_find(module, name)


class _FullUnpickler(pickle.Unpickler):
    def __init__(self, file, ctx: Optional[_LoadContext], **kwargs) -> None:
        kwargs.setdefault("encoding", "utf-8")
        super().__init__(file, **kwargs)
        self._ctx = ctx

    def find_class(self, module, name):
        return _full_find_class(module, name, super().find_class)

    def persistent_load(self, pid):
        if self._ctx is None:
            raise pickle.UnpicklingError("unsupported persistent id encountered")
        return self._ctx.persistent_load(pid)


def _wo_message(message: str) -> str:
    """PyTorch's wording for weights-only failures (``torch.load``'s ``_get_wo_message``)."""
    has_unsafe_global = re.search(r"GLOBAL (\S+) was not an allowed global by default.", message) is not None
    has_blocklist = re.search(r"whose module (\S+) is blocked", message) is not None
    if has_unsafe_global:
        updated = (
            "Weights only load failed. This file can still be loaded, to do so you have two options, "
            "\033[1mdo those steps only if you trust the source of the checkpoint\033[0m. "
            f"\n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with `weights_only=True` please check "
            "the recommended steps in the following error message.\n\tWeightsUnpickler error: " + message)
    else:
        updated = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
        if not has_blocklist:
            updated += ("Please file an issue with the following so that we can make "
                        "`weights_only=True` compatible with your use case: WeightsUnpickler error: ")
        updated += "\n\n" + message
    return updated + _DOCS_MESSAGE


def _unpickle(file, ctx, weights_only: bool, pickle_load_args: dict):
    if weights_only:
        enc = pickle_load_args.get("encoding", "utf-8")
        up = _WeightsUnpickler(file, ctx, encoding=enc)
    else:
        up = _FullUnpickler(file, ctx, **pickle_load_args)
    return up.load()


def _open_zip(fh) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fh, "r")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, struct.error):
        try:  # miniz: shorter than an end-of-central-directory record (22 bytes) is "not a ZIP archive"
            short = fh.seek(0, os.SEEK_END) < 22
        except Exception:
            short = False
        if short:
            raise RuntimeError(_CORRUPT_ZIP.replace("failed finding central directory",
                                                    "not a ZIP archive")) from None
        raise RuntimeError(_CORRUPT_ZIP) from None


def _load_zip(fh, map_location, weights_only, mmap_obj, pickle_load_args):
    zf = _open_zip(fh)
    with zf:
        names = zf.namelist()
        if not names:
            raise RuntimeError(_CORRUPT_ZIP)
        for info in zf.infolist():  # set_crc32_options(False) writes CRC 0: PyTorch reads such records unchecked
            if info.CRC == 0:
                info.CRC = None
        first = names[0]
        if "/" not in first:
            raise RuntimeError(f"PytorchStreamReader failed reading zip archive: file in archive is not in a "
                               f"subdirectory: {first}")
        prefix = first.split("/", 1)[0] + "/"
        records = set(names)
        if prefix + "constants.pkl" in records:
            raise RuntimeError("ember cannot load TorchScript archives (torch.jit.save); save a state_dict with "
                               "torch.save instead")
        if prefix + "data.pkl" not in records:
            raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not found")
        byteorder = _fallback_byteorder()
        if prefix + "byteorder" in records:
            byteorder = zf.read(prefix + "byteorder").decode("ascii", "replace")
            if byteorder not in ("little", "big"):
                raise ValueError("Unknown endianness type: " + byteorder)
        try:
            pkl = zf.read(prefix + "data.pkl")
        except (zipfile.BadZipFile, EOFError, OSError, struct.error) as e:
            raise RuntimeError(f"PytorchStreamReader failed reading file data.pkl: {e} (the checkpoint file is "
                               "corrupted)") from None
        ctx = _LoadContext(_ZipSource(zf, prefix, mmap_obj), map_location, byteorder)
        return _unpickle(io.BytesIO(pkl), ctx, weights_only, pickle_load_args)


def _load_legacy(fh, map_location, weights_only, pickle_load_args):
    head = fh.read(2)
    if not head:  # PyTorch's weights-only unpickler raises a bare EOFError, pickle "Ran out of input"
        raise EOFError("" if weights_only else "Ran out of input")
    if weights_only and (head[:1] != pickle.PROTO or len(head) < 2):
        # what unpickling the file's first byte gives in PyTorch: its weights-only opcode check
        raise pickle.UnpicklingError(f"Unsupported operand {head[0]}")
    fh.seek(-len(head), io.SEEK_CUR)

    def header():
        # PyTorch reads the headers with the unpickler it loads with: pickle's own when not weights-only
        # (so a plain pickle gives "Invalid magic number", garbage pickle's own error)
        if weights_only:
            return _unpickle(fh, None, True, {})
        return pickle.Unpickler(fh, **pickle_load_args).load()

    if header() != MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    version = header()
    if version != PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {version}")
    sys_info = header()
    little = sys_info.get("little_endian", True) if isinstance(sys_info, dict) else True
    source = _LegacySource()
    ctx = _LoadContext(source, map_location, "little" if little else "big", legacy=True)
    result = _unpickle(fh, ctx, weights_only, pickle_load_args)
    keys = header()
    if type(keys) is not list:
        raise RuntimeError("corrupt legacy checkpoint: storage key list missing")
    for key in keys:
        buf = source.pending.get(key)
        if buf is None:
            raise RuntimeError(f"corrupt legacy checkpoint: unknown storage key {key!r}")
        dtype = ctx.dtypes[key]
        (numel,) = struct.unpack("<q", _read_exact(fh, 8, key))
        if numel * dtype.itemsize != buf.nbytes:
            raise RuntimeError(f"corrupt legacy checkpoint: storage {key} has {numel} elements, expected "
                               f"{buf.nbytes // dtype.itemsize}")
        if fh.readinto(memoryview(buf)) != buf.nbytes:
            raise RuntimeError(f"legacy checkpoint is truncated (while reading storage {key})")
        if ctx.swap and isinstance(dtype, D.dtype) and dtype.itemsize > 1:
            buf.view(dtype.np).byteswap(inplace=True)
    return result


def _read_exact(fh, n: int, key) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise RuntimeError(f"legacy checkpoint is truncated (while reading storage {key})")
    return data


_TRUE_VALUES = ("1", "y", "yes", "true")


def _resolve_weights_only(weights_only: Optional[bool], pickle_module) -> bool:
    """``torch.load``'s effective ``weights_only``.

    Unset, it is True unless a ``pickle_module`` is passed; the environment variables
    ``TORCH_FORCE_WEIGHTS_ONLY_LOAD`` (always True) and ``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD``
    (False when the caller left it unset, with PyTorch's warning) override it.
    """
    not_set = weights_only is None
    if not_set:
        weights_only = pickle_module is None
    force = os.getenv("TORCH_FORCE_WEIGHTS_ONLY_LOAD", "0").lower() in _TRUE_VALUES
    force_no = os.getenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "0").lower() in _TRUE_VALUES
    if force and force_no:
        raise RuntimeError("Only one of `TORCH_FORCE_WEIGHTS_ONLY_LOAD` or `TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` "
                           "should be set, but both were set.")
    if force:
        return True
    if force_no and not_set:
        warnings.warn("Environment variable TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD detected, since the`weights_only` "
                      "argument was not explicitly passed to `torch.load`, forcing weights_only=False.",
                      UserWarning, stacklevel=3)
        return False
    return bool(weights_only)


def load(f, map_location=None, pickle_module: Any = None, *, weights_only: Optional[bool] = None,
         mmap: Optional[bool] = None, **pickle_load_args: Any) -> Any:
    """Load an object saved with ``torch.save`` or :func:`save` (``torch.load``).

    ``weights_only`` defaults to True (False when a ``pickle_module`` is passed, as in
    PyTorch; see :func:`_resolve_weights_only`): only tensors, containers and primitive types are
    rebuilt and nothing in the file is executed (see the module docstring).  Pass
    ``weights_only=False`` explicitly to unpickle arbitrary objects; that runs code named by
    the file, so only do it for files you trust.  ``map_location`` is ``'cpu'``, a device, a
    dict mapping saved locations to new ones, or ``callable(storage, location)``.  ``mmap=True``
    maps the storages of a file path copy-on-write instead of reading them.  Paths ending in
    ``.safetensors`` are read with :func:`load_file`.
    """
    weights_only = _resolve_weights_only(weights_only, pickle_module)
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    if pickle_load_args and weights_only:
        warnings.warn("pickle_load_args only works if `weights_only=False`.")
        pickle_load_args = {}
    if _is_path(f):
        path = os.fspath(f)
        if os.fsdecode(path).endswith(".safetensors"):
            if isinstance(map_location, dict) or (callable(map_location) and not isinstance(map_location, str)):
                raise RuntimeError("Loading safetensors file with dict or callable map_location is not supported. "
                                   "Use a device string or torch.device instead.")
            return load_file(path, device="cpu" if map_location is None else str(map_location))
        with open(path, "rb") as fh:
            return _load_file_object(fh, map_location, weights_only, mmap, pickle_load_args, path)
    if mmap:
        raise ValueError("f must be a file path in order to use the mmap argument")
    _check_seekable(f)
    return _load_file_object(f, map_location, weights_only, None, pickle_load_args, None)


def _check_seekable(f) -> None:
    """``torch.serialization._check_seekable``: ``f.seek(f.tell())``, its error extended with a hint."""
    try:
        f.seek(f.tell())
    except (io.UnsupportedOperation, AttributeError) as e:
        if "seek" in str(e) or "tell" in str(e):
            raise type(e)(str(e) + ". You can only torch.load from a file that is seekable. Please pre-load the "
                          "data into a buffer like io.BytesIO and try to load from it instead.") from None
        raise


def _load_file_object(fh, map_location, weights_only, mmap, pickle_load_args, path):
    start = fh.tell()
    magic = fh.read(4)
    fh.seek(start)
    try:
        if magic == b"PK\x03\x04":
            mm = None
            if mmap:
                import mmap as _mmap
                mm = _mmap.mmap(fh.fileno(), 0, access=_mmap.ACCESS_COPY)
            return _load_zip(fh, map_location, weights_only, mm, pickle_load_args)
        if mmap:
            name = f"{path}, " if isinstance(path, str) else ""
            raise RuntimeError(
                "mmap can only be used with files saved with "
                f"`torch.save({name}_use_new_zipfile_serialization=True), "
                "please torch.save your checkpoint with this option in order to use mmap.")
        if _looks_like_tar(fh):
            raise RuntimeError("ember cannot load checkpoints in PyTorch's pre-0.4 legacy .tar format")
        return _load_legacy(fh, map_location, weights_only, pickle_load_args)
    except pickle.UnpicklingError as e:
        if weights_only and not str(e).startswith("Weights only load failed"):
            raise pickle.UnpicklingError(_wo_message(str(e))) from None
        raise


def _looks_like_tar(fh) -> bool:
    pos = fh.tell()
    block = fh.read(512)
    fh.seek(pos)
    return len(block) == 512 and block[257:262] == b"ustar"


# ------------------------------------------------------------------------------------ plain pickling
def _rebuild_from_array(arr, requires_grad: bool) -> Tensor:
    return _set_rg(_make(arr), requires_grad)


def _rebuild_cuda_from_array(arr, index: int, requires_grad: bool) -> Tensor:
    return _set_rg(_make(_dev.move(arr, _dev.device("cuda", index))), requires_grad)


def _reduce_tensor(t: Tensor):
    """``Tensor.__reduce_ex__`` for plain ``pickle``/``copy``: the array plus ``requires_grad``.

    (``save`` does not use this: it writes PyTorch's storage-based format.)
    """
    d = t._data
    if _dev.is_cuda_array(d):
        return (_rebuild_cuda_from_array, (_dev.to_numpy(d), d.device.id, bool(t._rg)))
    return (_rebuild_from_array, (t._materialize(), bool(t._rg)))


# -------------------------------------------------------------------------------------- safetensors
class SafetensorError(ValueError):
    """A malformed safetensors file or an unsupported tensor."""


_ST_DTYPES = {
    "F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64", "I32": "int32",
    "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool", "C64": "complex64", "U16": "uint16",
    "U32": "uint32", "U64": "uint64", "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2",
    "F8_E4M3FNUZ": "float8_e4m3fnuz", "F8_E5M2FNUZ": "float8_e5m2fnuz",
}
_ST_NAMES = {v: k for k, v in _ST_DTYPES.items()}
_ST_MAX_HEADER = 100_000_000


def _st_prepare(tensors, metadata):
    if not isinstance(tensors, dict):
        raise SafetensorError(f"expected a dict of tensors, got {type(tensors).__name__}")
    if metadata is not None:
        if not isinstance(metadata, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in metadata.items()):
            raise SafetensorError("metadata must be a dict of str to str")
    items = []
    for name, t in tensors.items():
        if not isinstance(name, str):
            raise SafetensorError(f"tensor names must be str, got {type(name).__name__}")
        if name == "__metadata__":
            raise SafetensorError("'__metadata__' is reserved and cannot be a tensor name")
        if not isinstance(t, Tensor):
            raise SafetensorError(f"Key `{name}` is invalid, expected torch.Tensor but received {type(t)}")
        dt = D.from_numpy_dtype(t._data.dtype)
        code = _ST_NAMES.get(dt.name)
        if code is None:
            raise SafetensorError(f"safetensors does not support dtype {dt!r} (tensor {name!r})")
        arr = np.asarray(_dev.to_numpy(t._data), order="C")
        if sys.byteorder == "big" and arr.dtype.itemsize > 1:
            arr = arr.astype(arr.dtype.newbyteorder("<"))
        items.append((name, code, arr))
    items.sort(key=lambda x: (-x[2].dtype.itemsize, x[0]))
    header: Dict[str, Any] = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    offset = 0
    for name, code, arr in items:
        header[name] = {"dtype": code, "shape": [int(s) for s in arr.shape],
                        "data_offsets": [offset, offset + arr.nbytes]}
        offset += arr.nbytes
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((-len(hb)) % 8)
    return struct.pack("<Q", len(hb)) + hb, [arr for _, _, arr in items]


def _st_write(fh, head: bytes, arrays) -> None:
    fh.write(head)
    for arr in arrays:
        mv = memoryview(arr.reshape(-1).view(np.uint8))
        for i in range(0, mv.nbytes, _CHUNK):
            fh.write(mv[i:i + _CHUNK])


def safetensors_save(tensors: Dict[str, Tensor], metadata: Optional[Dict[str, str]] = None) -> bytes:
    """Serialize ``tensors`` to safetensors bytes (``safetensors.torch.save``)."""
    head, arrays = _st_prepare(tensors, metadata)
    buf = io.BytesIO()
    _st_write(buf, head, arrays)
    return buf.getvalue()


def save_file(tensors: Dict[str, Tensor], filename, metadata: Optional[Dict[str, str]] = None) -> None:
    """Write ``tensors`` to a safetensors file (``safetensors.torch.save_file``), atomically.

    Every tensor is written as its own contiguous copy (tensors sharing memory are duplicated).
    """
    head, arrays = _st_prepare(tensors, metadata)
    _atomic_write(filename, lambda fh: _st_write(fh, head, arrays))


def _st_parse_header(head_len_bytes: bytes, read_header: Callable, total: int):
    if len(head_len_bytes) < 8:
        raise SafetensorError("Error while deserializing header: HeaderTooSmall (file shorter than 8 bytes)")
    n = struct.unpack("<Q", head_len_bytes)[0]
    if n > _ST_MAX_HEADER:
        raise SafetensorError("Error while deserializing header: HeaderTooLarge")
    if 8 + n > total:
        raise SafetensorError("Error while deserializing header: InvalidHeaderLength (file is truncated)")
    raw = read_header(n)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise SafetensorError(f"Error while deserializing header: InvalidHeaderDeserialization ({e})") from None
    if not isinstance(header, dict):
        raise SafetensorError("Error while deserializing header: header is not a JSON object")
    buffer_len = total - 8 - n
    entries = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(info, dict) or set(info) - {"dtype", "shape", "data_offsets"}:
            raise SafetensorError(f"Error while deserializing header: invalid entry for tensor {name!r}")
        code, shape, offs = info.get("dtype"), info.get("shape"), info.get("data_offsets")
        if code not in _ST_DTYPES:
            raise SafetensorError(f"Error while deserializing header: unknown dtype {code!r} for tensor {name!r}")
        if (not isinstance(shape, list) or not all(type(s) is int and s >= 0 for s in shape)
                or not isinstance(offs, list) or len(offs) != 2 or not all(type(o) is int for o in offs)):
            raise SafetensorError(f"Error while deserializing header: invalid shape/data_offsets for {name!r}")
        begin, end = offs
        numel = 1
        for s in shape:
            numel *= s
        isz = _ITEMSIZE[_ST_DTYPES[code]]
        if not 0 <= begin <= end <= buffer_len or end - begin != numel * isz:
            raise SafetensorError(f"Error while deserializing header: TensorInvalidInfo for tensor {name!r} "
                                  "(data_offsets do not match its shape and dtype, or lie outside the file)")
        entries.append((begin, end, name, code, shape))
    entries.sort()
    pos = 0
    for begin, end, name, _, _ in entries:
        if begin != pos:
            raise SafetensorError("Error while deserializing header: MetadataIncompleteBuffer (tensor data "
                                  "overlaps or leaves gaps)")
        pos = end
    if pos != buffer_len:
        raise SafetensorError("Error while deserializing header: MetadataIncompleteBuffer (the file is "
                              "truncated or has trailing data)")
    meta = header.get("__metadata__")
    if meta is not None and (not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values())):
        raise SafetensorError("Error while deserializing header: __metadata__ must map str to str")
    order = {name: i for i, name in enumerate(header)}
    entries.sort(key=lambda e: order[e[2]])
    return 8 + n, entries, meta


def _st_tensor(buf: np.ndarray, code: str, shape, device) -> Tensor:
    dt = _require_ember_dtype(_dtype_from_name(_ST_DTYPES[code]))
    arr = buf.view(dt.np).reshape(shape)
    if sys.byteorder == "big" and dt.itemsize > 1:
        arr.byteswap(inplace=True)
    if device is not None and _dev.device(device).type != "cpu":
        if _dev.device(device).type == "cuda" and not _dev.cuda_available():
            raise _cuda_unavailable_error()
        arr = _dev.move(arr, _dev.device(device))
    return _make(arr)


def safetensors_load(data: bytes, device="cpu") -> Dict[str, Tensor]:
    """Parse safetensors bytes into a dict of tensors (``safetensors.torch.load``)."""
    mv = memoryview(data).cast("B")
    start, entries, _ = _st_parse_header(bytes(mv[:8]), lambda n: bytes(mv[8:8 + n]), mv.nbytes)
    out = {}
    for begin, end, name, code, shape in entries:
        buf = np.frombuffer(mv[start + begin:start + end], dtype=np.uint8).copy()
        out[name] = _st_tensor(buf, code, shape, device)
    return out


def load_file(filename, device="cpu") -> Dict[str, Tensor]:
    """Read a safetensors file into a dict of tensors (``safetensors.torch.load_file``)."""
    with open(filename, "rb") as fh:
        total = os.fstat(fh.fileno()).st_size
        start, entries, _ = _st_parse_header(fh.read(8), fh.read, total)
        out = {}
        for begin, end, name, code, shape in sorted(entries, key=lambda e: e[0]):
            buf = np.empty(end - begin, dtype=np.uint8)
            fh.seek(start + begin)
            if fh.readinto(memoryview(buf)) != buf.nbytes:
                raise SafetensorError(f"file is truncated while reading tensor {name!r}")
            out[name] = _st_tensor(buf, code, shape, device)
        order = {e[2]: i for i, e in enumerate(entries)}
        return {k: out[k] for k in sorted(out, key=order.__getitem__)}


def load_metadata(filename) -> Optional[Dict[str, str]]:
    """The ``__metadata__`` dict of a safetensors file (None when absent)."""
    with open(filename, "rb") as fh:
        total = os.fstat(fh.fileno()).st_size
        return _st_parse_header(fh.read(8), fh.read, total)[2]
