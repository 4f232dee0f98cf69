"""PyTorch's module names for ember's classes, applied under ``python -m ember run``.

A script run as PyTorch prints ``type(x)`` as ``<class 'torch.Tensor'>``,
``type(model)`` as ``<class 'torch.nn.modules.linear.Linear'>`` and a grad_fn
type as ``<class 'MulBackward0'>``; default object reprs show the same dotted
names (``<torch.optim.lr_scheduler.StepLR object at 0x...>``).  ember's
classes live in ``ember.*`` modules, so ``rename_module`` rewrites the
``__module__`` of the classes a module defines: ``ember.X`` becomes
``torch.X`` unless ``_OVERRIDES`` (recorded from PyTorch 2.13) names another
module, and autograd graph nodes become ``builtins`` (PyTorch's are C++
classes).

This runs only in ``run`` mode, where ``torch`` and ``torch.*`` resolve to
ember, so ``pickle`` still finds every renamed class by its new name.
``install`` renames every ember module already imported and wraps the
loaders of ember modules imported later.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

# ember module -> {class qualname: PyTorch's __module__}, where it is not "torch" + the ember path's tail.
_OVERRIDES: dict[str, dict[str, str]] = {
    "ember._dtype": {"dtype": "torch"},
    "ember._legacy_types": {n: "torch" for n in (
        "BoolTensor", "ByteTensor", "CharTensor", "DoubleTensor", "FloatTensor", "HalfTensor", "IntTensor",
        "LongTensor", "ShortTensor", "BFloat16Tensor", "ComplexFloatTensor", "ComplexDoubleTensor")},
    "ember._rng_api": {"Generator": "torch._C"},
    "ember._tensor": {"Size": "torch", "Tensor": "torch"},
    "ember.backend.device": {"device": "torch"},
    "ember.autograd.graph": {"RemovableHandle": "torch.utils.hooks"},
    "ember.nn.modules.module": {"RemovableHandle": "torch.utils.hooks"},
    "ember.nn.modules.ctc": {"CTCLoss": "torch.nn.modules.loss"},
    "ember.nn.modules.lazy": {
        **{f"LazyBatchNorm{d}d": "torch.nn.modules.batchnorm" for d in (1, 2, 3)},
        **{f"LazyConv{d}d": "torch.nn.modules.conv" for d in (1, 2, 3)},
        **{f"LazyConvTranspose{d}d": "torch.nn.modules.conv" for d in (1, 2, 3)},
        **{f"LazyInstanceNorm{d}d": "torch.nn.modules.instancenorm" for d in (1, 2, 3)},
        "LazyLinear": "torch.nn.modules.linear"},
    "ember.nn.modules.linear": {"Flatten": "torch.nn.modules.flatten", "Unflatten": "torch.nn.modules.flatten"},
    "ember.nn.modules.loss_extra": {"TripletMarginWithDistanceLoss": "torch.nn.modules.loss"},
    "ember.nn.modules.misc_extra": {"CrossMapLRN2d": "torch.nn.modules.normalization",
                                    "NLLLoss2d": "torch.nn.modules.loss"},
    "ember.nn.modules.normalization": {f"BatchNorm{d}d": "torch.nn.modules.batchnorm" for d in (1, 2, 3)},
    "ember.nn.modules.fractional_pool": {n: "torch.nn.modules.pooling" for n in (
        "FractionalMaxPool2d", "FractionalMaxPool3d")},
    "ember.nn.modules.syncbatchnorm": {"SyncBatchNorm": "torch.nn.modules.batchnorm"},
    "ember.nn.modules.pooling3d": {n: "torch.nn.modules.pooling" for n in (
        "AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "AvgPool3d", "LPPool3d", "MaxPool3d", "MaxUnpool3d")},
    "ember.nn.modules.transformer": {"MultiheadAttention": "torch.nn.modules.activation",
                                     "NonDynamicallyQuantizableLinear": "torch.nn.modules.linear"},
    "ember.optim.adafactor": {"Adafactor": "torch.optim"},
    "ember.optim._muon": {"Muon": "torch.optim"},
    "ember.autograd.profiler_util": {"DeviceType": "torch._C._autograd"},
    "ember.profiler.profiler": {"ProfilerActivity": "torch._C._profiler"},
    "ember._device_api": {n: "torch" for n in ("Event", "Stream", "OutOfMemoryError", "AcceleratorError")},
    "ember.autograd._multithreading": {"set_multithreading_enabled": "torch.autograd.grad_mode"},
}

_REVERSE: dict[tuple[str, str], str] | None = None


def ember_module_for(torch_module: str, qualname: str) -> str | None:
    """The ember module defining the class PyTorch names ``torch_module.qualname``, where the
    two paths differ other than by the ``torch``/``ember`` prefix (for unpickling); else None."""
    global _REVERSE
    if _REVERSE is None:
        _REVERSE = {(tm, q): em for em, table in _OVERRIDES.items() for q, tm in table.items()}
    return _REVERSE.get((torch_module, qualname))


def is_renamed(cls) -> bool:
    """Whether ``cls`` is an ember class that ``rename_module`` gave a PyTorch ``__module__``."""
    return getattr(cls, "_ember_renamed", False) is True


_Node = None


def _is_graph_node(cls: type) -> bool:
    global _Node
    if _Node is None:
        from .autograd.graph import Node as _Node_cls
        _Node = _Node_cls
    return issubclass(cls, _Node) and cls is not _Node


def rename_module(module) -> None:
    """Give the classes ``module`` defines PyTorch's ``__module__`` (see the module docstring)."""
    name = getattr(module, "__name__", "")
    if name != "ember" and not name.startswith("ember."):
        return
    overrides = _OVERRIDES.get(name, {})
    default = "torch" + name[len("ember"):]
    for value in list(vars(module).values()):
        if not isinstance(value, type) or value.__module__ != name:
            continue
        try:
            if _is_graph_node(value):
                value.__module__ = "builtins"
            else:
                value.__module__ = overrides.get(value.__qualname__, default)
            value._ember_renamed = True
        except (TypeError, AttributeError):  # an extension type that refuses the attribute
            pass


class _RenamingLoader(importlib.abc.Loader):
    """Delegates to the real loader, then renames the classes the module defined."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module) -> None:
        self._inner.exec_module(module)
        rename_module(module)

    def __getattr__(self, attr):  # get_source, get_resource_reader, ... for tracebacks and resources
        return getattr(self._inner, attr)


class _RenamingFinder(importlib.abc.MetaPathFinder):
    """Finds ``ember.*`` modules as the path finder does, with a renaming loader."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("ember."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or isinstance(spec.loader, _RenamingLoader):
            return spec
        spec.loader = _RenamingLoader(spec.loader)
        return spec


def install() -> None:
    """Rename the loaded ember modules' classes and those of ember modules loaded from now on (idempotent)."""
    if not any(isinstance(f, _RenamingFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _RenamingFinder())
    for mod_name, module in list(sys.modules.items()):
        if module is not None and (mod_name == "ember" or mod_name.startswith("ember.")):
            rename_module(module)
