"""``torch.torch_version.TorchVersion``: a version string that compares as a version.

``torch.__version__ >= "2.0"`` or ``torch.__version__ > (1, 10)`` compare
release numbers (``"2.13.0" > "2.2"``), not characters; anything that is not
a version falls back to plain string comparison, as in PyTorch.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["TorchVersion"]

try:  # PyTorch vendors ``packaging``; ember uses it when installed
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover - a minimal stand-in: numeric release tuples only
    import re

    class InvalidVersion(ValueError):
        pass

    class Version:
        _RE = re.compile(r"^\s*v?(\d+(?:\.\d+)*)")

        def __init__(self, text: str) -> None:
            m = self._RE.match(str(text))
            if m is None:
                raise InvalidVersion(text)
            rel = [int(p) for p in m.group(1).split(".")]
            while len(rel) > 1 and rel[-1] == 0:
                rel.pop()
            self._key = tuple(rel)

        def __lt__(self, o): return self._key < o._key
        def __le__(self, o): return self._key <= o._key
        def __gt__(self, o): return self._key > o._key
        def __ge__(self, o): return self._key >= o._key
        def __eq__(self, o): return self._key == o._key
        __hash__ = None


class TorchVersion(str):
    """A ``str`` that also compares against version strings, ``Version`` objects and tuples."""

    __slots__ = ()

    def _convert_to_version(self, inp: Any) -> Any:
        if isinstance(inp, Version):
            return inp
        if isinstance(inp, str):
            return Version(inp)
        if isinstance(inp, Iterable):
            return Version(".".join(str(item) for item in inp))
        raise InvalidVersion(inp)

    def _cmp_wrapper(self, cmp: Any, method: str) -> bool:
        try:
            return getattr(Version(self), method)(self._convert_to_version(cmp))
        except BaseException as e:
            if not isinstance(e, InvalidVersion):
                raise
            return getattr(super(), method)(cmp)


for _method in ("__gt__", "__lt__", "__eq__", "__ge__", "__le__"):
    setattr(TorchVersion, _method, lambda x, y, method=_method: x._cmp_wrapper(y, method))
del _method
