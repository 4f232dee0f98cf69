"""``torch.nn.DataParallel`` on a machine without GPUs.

PyTorch's DataParallel replicates the module over the visible GPUs; with
none (ember's case) it keeps the module as ``.module``, sets
``device_ids = []`` and its forward simply calls the module.  The wrapper
shows in the repr (``DataParallel(\n  (module): ...)``) and prefixes
state_dict keys with ``module.``, as in PyTorch.
"""
from __future__ import annotations

from typing import Any

from ..modules.module import Module

__all__ = ["DataParallel", "data_parallel"]


class DataParallel(Module):
    """Runs ``module`` unchanged: no GPU to scatter the batch over."""

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0) -> None:
        super().__init__()
        self.module = module
        self.device_ids: list = []
        self.dim = dim

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.module(*inputs, **kwargs)

    def replicate(self, module, device_ids):
        return [module for _ in device_ids]

    def scatter(self, inputs, kwargs, device_ids):
        return [inputs], [kwargs]

    def parallel_apply(self, replicas, inputs, kwargs):
        return [m(*i, **k) for m, i, k in zip(replicas, inputs, kwargs)]

    def gather(self, outputs, output_device):
        return outputs[0]


def data_parallel(module: Module, inputs: Any, device_ids=None, output_device=None, dim: int = 0,
                  module_kwargs: Any = None) -> Any:
    """The functional form: ``module(*inputs, **module_kwargs)`` when no GPU is available."""
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    return module(*inputs, **(module_kwargs or {}))
