"""``ember.autograd``: reverse-mode automatic differentiation.

Public entry points mirror ``torch.autograd``: ``backward``, ``grad``,
``Function``, the grad-mode switches, ``gradcheck``/``gradgradcheck``,
anomaly detection and ``ember.autograd.functional``.
"""
from __future__ import annotations

import operator

from collections.abc import Mapping
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
    """A tensor (or GradientEdge) as a one-element list, any other iterable as a list (PyTorch's
    ``tuple(x)``: a non-iterable raises its TypeError)."""
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    if isinstance(x, (_tensor_cls(), graph.GradientEdge)):
        return [x]
    return list(x)


def _roots(x) -> list:
    """``backward``'s ``tensors``, ``grad``'s ``outputs`` and ``inputs``: a tensor (or GradientEdge) as a
    one-element list, anything else through ``tuple(x)`` as PyTorch does (so None is a TypeError)."""
    if isinstance(x, (_tensor_cls(), graph.GradientEdge)):
        return [x]
    return list(x)


def _make_grads(outputs: list, grad_outputs: list, is_grads_batched: bool = False) -> list:
    """Validate or create the initial gradients, with PyTorch's messages."""
    from .._tensor import Size
    from ..ops.creation import ones_like
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if not isinstance(out, (_tensor_cls(), graph.GradientEdge)):
            raise AssertionError("Expected output to be a torch.Tensor")
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
        first = g._data.shape[1:] if is_grads_batched else g._data.shape
        if first != out._data.shape:
            if is_grads_batched:  # PyTorch reports ``grad[0].shape[1:]`` here
                raise RuntimeError(
                    "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch "
                    "dimension. The sizes of the remaining dimensions are expected to match the shape of "
                    f"corresponding output, but a mismatch was detected: grad_output[{i}] has a shape of "
                    f"{Size(g._data.shape[2:])} and output[{i}] has a shape of {Size(out._data.shape)}. If you only "
                    "want some tensors in `grad_output` to be considered batched, consider using vmap.")
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {Size(g._data.shape)} and output[{i}] has a "
                f"shape of {Size(out._data.shape)}."
            )
        if (g._data.dtype.kind == "c") != (out._data.dtype.kind == "c"):  # any real dtype does for a real output
            raise RuntimeError(
                f"For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in "
                f"dtype: grad_output[{i}] has a dtype of {g.dtype} and output[{i}] has a dtype of {out.dtype}."
            )
        grads.append(g)
    return grads


def _check_roots(outputs: list, grads: list) -> None:
    """The engine's checks, after ``_make_grads`` (which pairs outputs and gradients as ``zip`` does,
    so extra gradients are dropped): one gradient per output, and every output in a graph."""
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    for i, out in enumerate(outputs):
        if not out._rg:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")


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
        import warnings
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.", FutureWarning, stacklevel=2)
        if grad_tensors is None:
            grad_tensors = grad_variables
        else:
            raise RuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments both passed to "
                               "`backward()`. Please only use `grad_tensors`.")
    if inputs is not None:
        inputs = _roots(inputs)
        if len(inputs) == 0:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    outputs = _roots(tensors)
    grads = _as_list(grad_tensors) if grad_tensors is not None else [None] * len(outputs)
    grads = _make_grads(outputs, grads)
    _check_roots(outputs, grads)
    if retain_graph is None:
        retain_graph = create_graph
    retain_graph, create_graph = _engine_flag(retain_graph), _engine_flag(create_graph)
    if inputs is not None:
        _check_inputs(inputs)
    from .. import _hints
    if create_graph:
        _warn_create_graph_cycle(_hints._user_stacklevel())
    _hints.before_backward(outputs)
    try:
        _engine.run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs, capture=False)
    except RuntimeError as e:
        raise _hints.decorate_runtime_error(e, outputs) from None


def _engine_flag(value) -> bool:
    """A flag handed to PyTorch's C++ engine (``retain_graph``, ``create_graph``, ``allow_unused``),
    which parses it as an integer: an int or a bool, else "'str' object cannot be interpreted as an
    integer"."""
    if value.__class__ is bool:
        return value
    return operator.index(value) != 0


def grad(outputs, inputs, grad_outputs=None, retain_graph: Optional[bool] = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: Optional[bool] = None, is_grads_batched: bool = False,
         materialize_grads: bool = False):
    """``torch.autograd.grad``: return d(outputs)/d(inputs) without touching ``.grad``."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outs = _roots(outputs)
    ins = _grad_inputs(inputs)
    if not ins:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if not only_inputs:
        import warnings
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.",
                      FutureWarning, stacklevel=2)
    results = _grad_results(outs, ins, grad_outputs, retain_graph, create_graph, allow_unused, is_grads_batched,
                            materialize_grads)
    if type(inputs) is dict:  # PyTorch returns the gradients keyed like the inputs
        return dict(zip(inputs.keys(), results))
    return results


def _grad_inputs(inputs) -> list:
    """``grad``'s ``inputs``: a tensor, a GradientEdge, a sequence, or a dict (its values)."""
    if isinstance(inputs, graph.GradientEdge):
        return [inputs]
    if type(inputs) is dict:
        return list(inputs.values())
    if isinstance(inputs, Mapping):
        raise TypeError(f"`inputs` argument to `grad()` must be a dict, not {type(inputs).__name__}. "
                        "Other Mapping types are not supported.")
    return _roots(inputs)


def _check_inputs(ins: list) -> None:
    """``run_backward``'s per-input checks, in its order: a Tensor or GradientEdge, then one that
    requires grad."""
    T = _tensor_cls()
    for t in ins:
        if t.__class__ is graph.GradientEdge:
            continue
        if not isinstance(t, T):
            raise RuntimeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")


def _grad_results(outs, ins, grad_outputs, retain_graph, create_graph, allow_unused, is_grads_batched,
                  materialize_grads) -> tuple:
    """The gradients ``grad`` returns, one per input (None, or zeros when materialized, if unused)."""
    gos = _as_list(grad_outputs) if grad_outputs is not None else [None] * len(outs)
    gos = _make_grads(outs, gos, is_grads_batched)
    _check_roots(outs, gos)
    _check_inputs(ins)
    if retain_graph is None:
        retain_graph = create_graph
    retain_graph, create_graph = _engine_flag(retain_graph), _engine_flag(create_graph)
    _engine_flag(allow_unused)
    from .. import _hints
    _hints.before_backward(outs)
    try:
        if is_grads_batched:
            results = _batched_grad(outs, gos, ins, retain_graph, create_graph)
        else:
            results = _engine.run_backward(outs, gos, retain_graph, create_graph, inputs=ins, capture=True)
    except RuntimeError as e:
        raise _hints.decorate_runtime_error(e, outs) from None
    if materialize_grads and any(r is None and t.__class__ is graph.GradientEdge for t, r in zip(ins, results)):
        raise RuntimeError("materialize_grads cannot be used when the given input is a GradientEdge")
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


def _batched_grad(outs, gos, ins, retain_graph, create_graph) -> list:
    """``grad(..., is_grads_batched=True)``: PyTorch vmaps the backward pass over the first dimension of
    every ``grad_output``; here it runs once per batch entry and the results are stacked."""
    from ..ops.shape_ext import stack
    sizes = [g._data.shape[0] if g._data.ndim else None for g in gos if g is not None]
    for g in gos:
        if g is not None and not g._data.ndim:
            raise ValueError("vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is a "
                             "Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.")
    if len(set(sizes)) > 1:
        raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    n = sizes[0] if sizes else 0
    per = [_engine.run_backward(outs, [None if g is None else g[b] for g in gos], retain_graph or b < n - 1,
                                create_graph, inputs=ins, capture=True) for b in range(n)]
    results = []
    for i, t in enumerate(ins):
        col = [r[i] for r in per]
        if not col or all(c is None for c in col):
            results.append(None)
            continue
        if any(c is None for c in col):
            from ..ops.creation import zeros_like
            col = [zeros_like(t) if c is None else c for c in col]
        results.append(stack(col))
    return results


class _VariableMeta(type):
    """``isinstance(t, Variable)`` is ``isinstance(t, Tensor)``, as PyTorch's ``VariableMeta``."""

    def __instancecheck__(cls, other):
        return isinstance(other, _tensor_cls())


class Variable(metaclass=_VariableMeta):
    """Legacy ``torch.autograd.Variable``: constructing one returns a plain tensor, as PyTorch >= 0.4
    (``python_legacy_variable.cpp``): a detached alias of ``data`` (sharing its storage) whose
    ``requires_grad`` is the argument; no data is an empty tensor; ``volatile=True`` only warns."""

    def __new__(cls, data=None, requires_grad: bool = False, volatile: bool = False, _grad_fn=None):
        T = _tensor_cls()
        if volatile:
            import warnings
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          UserWarning, stacklevel=2)
        if volatile and requires_grad:
            raise ValueError("Variable can't be volatile and require_grad at the same time!")
        if data is None:
            from ..ops.creation import empty
            var = empty(0)
        elif isinstance(data, T):
            var = data.detach()
        else:
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        if requires_grad and not (var.is_floating_point() or var.is_complex()):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        var.requires_grad_(bool(requires_grad))
        return var


from .function import Function, once_differentiable  # noqa: E402
from .gradcheck import gradcheck, gradgradcheck  # noqa: E402
from . import functional  # noqa: E402
from . import graph  # noqa: E402
from . import profiler  # noqa: E402
from ._multithreading import is_multithreading_enabled, set_multithreading_enabled  # noqa: E402,F401
from . import forward_ad  # noqa: E402
