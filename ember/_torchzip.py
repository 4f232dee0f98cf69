"""Write a ``torch.save`` ZIP archive byte for byte as PyTorch's ``PyTorchStreamWriter`` (miniz) does.

Every record is stored uncompressed with its data on a 64-byte boundary (padding in an ``FB``
local extra field), followed by a data descriptor (flag bits 0x0808, zero time/date/version
fields); the central directory is closed by a ZIP64 end record, its locator and the classic
end record.  So checkpoints have PyTorch's exact size (``len(buf.getvalue())``,
``os.path.getsize``) and a file object is left where PyTorch leaves it.

Offsets are counted from where writing starts, as miniz's cursor is.  Archives whose records or
offsets need ZIP64 fields (4 GiB and over) are not handled here: :func:`fits` says so and the
caller falls back to :mod:`zipfile`.
"""
from __future__ import annotations

import struct
import zlib

ALIGNMENT = 64
_LIMIT = 0xFFFFFFFF
_CHUNK = 1 << 24
_FLAGS = 0x0808  # data descriptor follows the data; names are UTF-8


def fits(records) -> bool:
    """Whether ``records`` (``(name, bytes-like)`` pairs) stay below the ZIP64 limits."""
    total = 0
    for name, data in records:
        n = len(data.encode("utf-8")) if isinstance(data, str) else memoryview(data).nbytes
        if n >= _LIMIT:
            return False
        total += 30 + len(name.encode("utf-8")) + 4 + ALIGNMENT + n + 16
    return total < _LIMIT - (1 << 20)


def _padding(cursor: int, name_len: int) -> int:
    start = cursor + 30 + name_len + 4
    return (-start) % ALIGNMENT


def write(fh, records, crc32: bool = True) -> None:
    """Write ``records`` (``(name, bytes-like)`` pairs, in order) to the writable ``fh``."""
    cursor = 0
    central = []
    for name, data in records:
        if isinstance(data, str):
            data = data.encode("utf-8")
        mv = memoryview(data).cast("B")
        bname = name.encode("utf-8")
        pad = _padding(cursor, len(bname))
        extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
        n = mv.nbytes
        flags = _FLAGS if n else _FLAGS & ~0x8  # an empty record gets no data descriptor
        head = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 0, flags, 0, 0, 0, 0, 0, 0, len(bname), len(extra))
        fh.write(head + bname + extra)
        crc = 0
        for i in range(0, n, _CHUNK):
            chunk = mv[i:i + _CHUNK]
            if crc32:
                crc = zlib.crc32(chunk, crc)
            fh.write(chunk)
        if n:
            fh.write(struct.pack("<4sIII", b"PK\x07\x08", crc, n, n))
        central.append((bname, flags, crc, n, cursor))
        cursor += len(head) + len(bname) + len(extra) + n + (16 if n else 0)
    cd_start = cursor
    parts = []
    for bname, flags, crc, n, offset in central:
        parts.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 0, 0, flags, 0, 0, 0, crc, n, n,
                                 len(bname), 0, 0, 0, 0, 0, offset) + bname)
    cd = b"".join(parts)
    count = len(central)
    eocd64_at = cd_start + len(cd)
    tail = (struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 0x031E, 0x002D, 0, 0, count, count, len(cd), cd_start)
            + struct.pack("<4sIQI", b"PK\x06\x07", 0, eocd64_at, 1)
            + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(cd), cd_start, 0))
    fh.write(cd + tail)
