"""``torch.nn.parallel.DistributedDataParallel`` for a process group of one rank.

With one rank there is nothing to synchronise: parameters are already
"broadcast", gradients already "averaged", so forward and backward run the
wrapped module as is.  The constructor makes PyTorch's checks (a default
process group, a parameter that requires grad, no ``device_ids`` for a CPU
module) with PyTorch's messages.
"""
from __future__ import annotations

import contextlib
from typing import Any

from ..modules.module import Module

__all__ = ["DistributedDataParallel"]


class DistributedDataParallel(Module):
    """Wraps ``module``; forward calls it, gradients need no all-reduce at world size 1."""

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0,
                 broadcast_buffers: bool = True, init_sync: bool = True, process_group=None,
                 bucket_cap_mb=None, find_unused_parameters: bool = False, check_reduction: bool = False,
                 gradient_as_bucket_view: bool = False, static_graph: bool = False, delay_all_reduce_named_params=None,
                 param_to_hook_all_reduce=None, mixed_precision=None, device_mesh=None,
                 skip_all_reduce_unused_params: bool = False) -> None:
        super().__init__()
        from ... import distributed as dist
        self.process_group = process_group if process_group is not None else dist.distributed_c10d._default_group()
        if not any(p.requires_grad for p in module.parameters()):
            raise RuntimeError("DistributedDataParallel is not needed when a module "
                               "doesn't have any parameter that requires a gradient.")
        if device_ids is not None and len(device_ids) > 0 or output_device is not None:
            devices = {p.device for p in module.parameters()}
            raise ValueError("DistributedDataParallel device_ids and output_device arguments "
                             "only work with single-device/multiple-device GPU modules or CPU modules, "
                             f"but got device_ids {device_ids}, output_device {output_device}, "
                             f"and module parameters {devices}.")
        self.module = module
        self.device_ids = None
        self.output_device = None
        self.dim = dim
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.static_graph = static_graph
        self.require_backward_grad_sync = True
        self.require_forward_param_sync = True
        self._comm_hooks: list = []

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.module(*inputs, **kwargs)

    @contextlib.contextmanager
    def no_sync(self):
        """Skip gradient synchronisation inside the block (nothing to skip with one rank)."""
        old = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = old

    @contextlib.contextmanager
    def join(self, divide_by_initial_world_size: bool = True, enable: bool = True,
             throw_on_early_termination: bool = False):
        yield

    def join_hook(self, **kwargs):
        return None

    def register_comm_hook(self, state: object, hook) -> None:
        self._comm_hooks.append((state, hook))

    def _set_static_graph(self) -> None:
        self.static_graph = True
