"""``torch.nn.utils.stateless``: the deprecated ``functional_call`` and ``_reparametrize_module``.

The work is done by ``ember.func.functional_call`` (``ember/func/_functional_call.py``).
"""
from __future__ import annotations

import contextlib
import warnings

__all__ = ["functional_call"]


@contextlib.contextmanager
def _reparametrize_module(module, parameters_and_buffers, tie_weights: bool = False, strict: bool = False,
                          stack_weights: bool = False):
    """Swap ``parameters_and_buffers`` into ``module`` for the ``with`` block, then swap the originals back."""
    from ...func import _functional_call as fc
    values = fc._untie(module, parameters_and_buffers) if tie_weights else parameters_and_buffers
    if strict:
        fc._check_strict(module, values)
    memo: dict = {}
    orig: dict = {}
    try:
        for name, t in values.items():
            orig[name] = fc._swap(module, name, t, memo)
        yield
    finally:
        now = {name: fc._swap(module, name, t, memo) for name, t in orig.items()}
        if not stack_weights:
            parameters_and_buffers.update({k: now[k] for k in parameters_and_buffers
                                           if k in now and now[k] is not fc._MISSING})


def functional_call(module, parameters_and_buffers, args=None, kwargs=None, *, tie_weights: bool = True,
                    strict: bool = False):
    """Deprecated alias of ``torch.func.functional_call`` (one dict of parameters and buffers)."""
    warnings.warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 and will be removed "
                  "in a future version of PyTorch. Please use `torch.func.functional_call` instead which is a "
                  "drop-in replacement.", FutureWarning, stacklevel=2)
    return _functional_call(module, parameters_and_buffers, args, kwargs, tie_weights=tie_weights, strict=strict)


def _functional_call(module, parameters_and_buffers, args=None, kwargs=None, *, tie_weights: bool = True,
                     strict: bool = False):
    from ...func._functional_call import functional_call as _fc
    if not isinstance(parameters_and_buffers, dict):
        raise AttributeError(f"'{type(parameters_and_buffers).__name__}' object has no attribute 'items'")
    return _fc(module, parameters_and_buffers, args, kwargs, tie_weights=tie_weights, strict=strict)
