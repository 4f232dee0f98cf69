"""``ember.func``: PyTorch's ``torch.func`` (functorch) API.

* ``functional_call`` / ``stack_module_state``: run a module with substituted
  parameters and buffers (``_functional_call.py``);
* ``vmap``: map a function over a dimension of its inputs, by looping over
  slices and stacking the outputs (``_vmap.py``);
* ``grad``, ``grad_and_value``, ``vjp``, ``jvp``, ``jacrev``, ``jacfwd``,
  ``hessian``, ``linearize``: composable derivatives on ember's reverse-mode
  autograd (``_transforms.py``); ``functionalize`` is the identity
  transform on an eager library.
"""
from __future__ import annotations

from ._functional_call import functional_call, replace_all_batch_norm_modules_, stack_module_state
from ._transforms import functionalize, grad, grad_and_value, hessian, jacfwd, jacrev, jvp, linearize, vjp
from ._vmap import vmap

__all__ = ["grad", "grad_and_value", "vmap", "replace_all_batch_norm_modules_", "functionalize", "hessian", "jacfwd",
           "jacrev", "jvp", "linearize", "vjp", "functional_call", "stack_module_state"]
