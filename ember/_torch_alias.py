"""Make ``import torch`` (and ``torch.nn``, ``torch.optim`` ...) resolve to ember.

Used by ``python -m ember run script.py``: a meta-path finder maps every
``torch.X`` module name to ``ember.X`` so a PyTorch script runs unchanged.
ember itself never imports the real torch.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target
        self._spec = None

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self._spec = getattr(module, "__spec__", None)
        return module

    def exec_module(self, module) -> None:
        # the import system has just set ``module.__spec__`` to the ``torch.*`` alias spec; the
        # ember module keeps its own, or every relative import inside it warns that
        # ``__package__ != __spec__.parent``
        if self._spec is not None:
            module.__spec__ = self._spec


class TorchAliasFinder(importlib.abc.MetaPathFinder):
    """Resolve ``torch`` / ``torch.*`` to ``ember`` / ``ember.*``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "torch" and not fullname.startswith("torch."):
            return None
        real = "ember" + fullname[len("torch"):]
        try:
            importlib.util.find_spec(real)
        except (ImportError, ValueError):
            return None
        if importlib.util.find_spec(real) is None:
            parent, _, child = real.rpartition(".")
            mod = importlib.import_module(parent)
            if not hasattr(mod, child):
                return None
            return importlib.util.spec_from_loader(fullname, _AttrLoader(parent, child))
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


class _AttrLoader(importlib.abc.Loader):
    """``import torch.foo`` where ember exposes ``foo`` as an attribute (not a module)."""

    def __init__(self, parent: str, child: str) -> None:
        self.parent, self.child = parent, child

    def create_module(self, spec):
        return getattr(importlib.import_module(self.parent), self.child)

    def exec_module(self, module) -> None:
        return None


def install() -> None:
    """Install the alias (idempotent)."""
    if not any(isinstance(f, TorchAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, TorchAliasFinder())
    import ember
    sys.modules.setdefault("torch", ember)
    from . import _torch_names
    _torch_names.install()  # type(x) prints <class 'torch.Tensor'>, as under PyTorch
    from . import version
    ember.__version__ = version.__version__  # the PyTorch release ember reproduces: "2.13.0+cpu"
