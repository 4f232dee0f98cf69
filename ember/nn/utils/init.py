"""``torch.nn.utils.skip_init``: build a module without running its parameter initialization."""
from __future__ import annotations

import inspect

__all__ = ["skip_init"]


def skip_init(module_cls, *args, **kwargs):
    """``torch.nn.utils.skip_init``: parameters are left uninitialized (``to_empty``).

    PyTorch builds the module on the ``meta`` device, so no initializer runs and the
    default generator is not advanced. ember has no meta device: it builds the module
    on the target device and restores the generator state afterwards, then empties it.
    """
    from ..modules.module import Module
    from ... import _rng_api
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    state = _rng_api.get_rng_state()
    try:
        module = module_cls(*args, device=final_device, **kwargs)
    finally:
        _rng_api.set_rng_state(state)
    return module.to_empty(device=final_device)
