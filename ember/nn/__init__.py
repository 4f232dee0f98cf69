"""``torch.nn``: modules, parameters, ``functional``, ``init`` and ``utils``."""
from .parameter import Parameter, Buffer, UninitializedParameter, UninitializedBuffer
from .modules import *  # noqa: F401,F403
from .modules import Module, _SPATIAL_FOUND
from .modules import module as _module_mod
from . import modules, parameter, init, functional  # noqa: F401
import importlib as _importlib

# ``torch.nn.utils`` (clip_grad_norm_, rnn, parametrize...).  Imported by its full name: the star
# import above can bind ``utils`` to ``nn.modules.utils`` (the _pair/_single helpers), and
# ``from . import utils`` would then keep that module.
utils = _importlib.import_module(f"{__name__}.utils")
from .modules.module import (register_module_forward_pre_hook, register_module_forward_hook,  # noqa: F401
                             register_module_full_backward_hook, register_module_full_backward_pre_hook,
                             register_module_buffer_registration_hook, register_module_module_registration_hook,
                             register_module_parameter_registration_hook)

for _n in _SPATIAL_FOUND:
    globals()[_n] = getattr(modules, _n)


def factory_kwargs(kwargs):
    """``torch.nn.factory_kwargs``: pick ``device``/``dtype``/``memory_format`` from ``kwargs``."""
    if kwargs is None:
        return {}
    simple_keys = {"device", "dtype", "memory_format"}
    expected_keys = simple_keys | {"factory_kwargs"}
    if not kwargs.keys() <= expected_keys:
        raise TypeError(f"unexpected kwargs {kwargs.keys() - expected_keys}")
    r = dict(kwargs.get("factory_kwargs", {}))
    for k in simple_keys:
        if k in kwargs:
            if k in r:
                raise TypeError(f"{k} specified twice, in **kwargs and in factory_kwargs")
            r[k] = kwargs[k]
    return r


def __getattr__(name: str):
    """``torch.nn.attention`` and ``torch.nn.common_types`` load on first access."""
    if name in ("attention", "common_types", "parallel"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    if name == "DataParallel":
        from .parallel import DataParallel
        return DataParallel
    raise AttributeError(f"module 'torch.nn' has no attribute '{name}'")
