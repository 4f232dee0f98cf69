"""``ember.autograd``: reverse-mode automatic differentiation.

Public entry points mirror ``torch.autograd``: ``backward``, ``grad``,
``Function``, the grad-mode switches, ``gradcheck``/``gradgradcheck``,
anomaly detection and ``ember.autograd.functional``.
"""
from __future__ import annotations

from typing import Optional, Sequence, Union

from . import engine as _engine
from .anomaly_mode import detect_anomaly, set_detect_anomaly, is_anomaly_enabled
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .graph import Node

__all__ = ["backward", "grad", "Function", "Variable", "no_grad", "enable_grad", "set_grad_enabled",
           "inference_mode", "gradcheck", "gradgradcheck", "detect_anomaly", "set_detect_anomaly", "functional",
           "Node"]


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


def _as_list(x) -> list:
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _make_grads(outputs: list, grad_outputs: list, is_grads_batched: bool = False) -> list:
    """Validate or create the initial gradients, with PyTorch's messages."""
    from .._tensor import Size
    from ..ops.creation import ones_like
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out._rg:
                if out._data.size != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                if out._data.dtype.kind != "f":  # complex too: PyTorch wants an explicit grad there
                    raise RuntimeError(
                        f"grad can be implicitly created only for real scalar outputs but got {out.dtype}"
                    )
                grads.append(ones_like(out))
            else:
                grads.append(None)
            continue
        T = _tensor_cls()
        if not isinstance(g, T):
            raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
        if g._data.shape != out._data.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {Size(g._data.shape)} and output[{i}] has a "
                f"shape of {Size(out._data.shape)}."
            )
        if g._data.dtype.kind != out._data.dtype.kind and not (out._data.dtype.kind in "fc" and g._data.dtype.kind in "fc"):
            raise RuntimeError(
                f"For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in "
                f"dtype: grad_output[{i}] has a dtype of {g.dtype} and output[{i}] has a dtype of {out.dtype}."
            )
        grads.append(g)
    return grads


_CREATE_GRAPH_WARNED = False


def _warn_create_graph_cycle(stacklevel: int) -> None:
    """PyTorch's once-per-process warning for ``backward(create_graph=True)`` (grad <-> graph cycle)."""
    global _CREATE_GRAPH_WARNED
    if _CREATE_GRAPH_WARNED:
        return
    _CREATE_GRAPH_WARNED = True
    import warnings
    warnings.warn(
        "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
        "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to "
        "avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to "
        "None after use to break the cycle and avoid the leak. (Triggered internally at "
        "/__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)", UserWarning, stacklevel=stacklevel + 1)


def backward(tensors, grad_tensors=None, retain_graph: Optional[bool] = None, create_graph: bool = False,
             grad_variables=None, inputs=None) -> None:
    """``torch.autograd.backward``: accumulate gradients of ``tensors`` into leaves' ``.grad``."""
    if grad_variables is not None:
        grad_tensors = grad_variables
    outputs = _as_list(tensors)
    T = _tensor_cls()
    if inputs is not None:
        inputs = [inputs] if isinstance(inputs, T) else list(inputs)
        if len(inputs) == 0:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = _as_list(grad_tensors) if grad_tensors is not None else [None] * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(grads)} gradients for {len(outputs)} outputs")
    for i, out in enumerate(outputs):
        if not out._rg:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
    grads = _make_grads(outputs, grads)
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is not None:
        for t in inputs:
            if not t._rg:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
    from .. import _hints
    if create_graph:
        _warn_create_graph_cycle(_hints._user_stacklevel())
    _hints.before_backward(outputs)
    try:
        _engine.run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs, capture=False)
    except RuntimeError as e:
        raise _hints.decorate_runtime_error(e, outputs) from None


def grad(outputs, inputs, grad_outputs=None, retain_graph: Optional[bool] = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: Optional[bool] = None, is_grads_batched: bool = False,
         materialize_grads: bool = False):
    """``torch.autograd.grad``: return d(outputs)/d(inputs) without touching ``.grad``."""
    T = _tensor_cls()
    single = isinstance(inputs, T)
    outs = _as_list(outputs)
    ins = _as_list(inputs)
    if not ins:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if allow_unused is None:
        allow_unused = materialize_grads
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    gos = _as_list(grad_outputs) if grad_outputs is not None else [None] * len(outs)
    if len(gos) != len(outs):
        raise RuntimeError(f"grad requires one grad_output per output: got {len(gos)} for {len(outs)} outputs")
    for i, out in enumerate(outs):
        if not out._rg:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
    for t in ins:
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    gos = _make_grads(outs, gos)
    if retain_graph is None:
        retain_graph = create_graph
    from .. import _hints
    _hints.before_backward(outs)
    try:
        results = _engine.run_backward(outs, gos, retain_graph, create_graph, inputs=ins, capture=True)
    except RuntimeError as e:
        raise _hints.decorate_runtime_error(e, outs) from None
    final = []
    for i, (t, r) in enumerate(zip(ins, results)):
        if r is None:
            if materialize_grads:
                from ..ops.creation import zeros_like
                r = zeros_like(t)
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in the graph. Set "
                    "allow_unused=True if this is the desired behavior."
                )
        elif not create_graph and r._rg:
            r = r.detach()
        final.append(r)
    return tuple(final)


def Variable(data, requires_grad: bool = False, volatile: bool = False):
    """Legacy ``torch.autograd.Variable``: returns a tensor (as PyTorch >= 0.4 does)."""
    T = _tensor_cls()
    if isinstance(data, T):
        if requires_grad:
            data.requires_grad_(True)
        return data
    from ..ops.creation import tensor
    return tensor(data, requires_grad=requires_grad)


from .function import Function, once_differentiable  # noqa: E402
from .gradcheck import gradcheck, gradgradcheck  # noqa: E402
from . import functional  # noqa: E402
from . import graph  # noqa: E402
from . import profiler  # noqa: E402
