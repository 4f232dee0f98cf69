"""Numerical gradient checks (``torch.autograd.gradcheck`` / ``gradgradcheck``).

Analytical gradients (vector-Jacobian products via the engine) are compared
with central finite differences, column by column of the Jacobian.  Use
float64 inputs: float32 differences are too noisy, as PyTorch warns.
"""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np


class GradcheckError(RuntimeError):
    """Raised by ``gradcheck`` when analytical and numerical gradients differ."""


def _tensors(inputs) -> tuple:
    from .._tensor import Tensor
    if isinstance(inputs, Tensor):
        return (inputs,)
    return tuple(inputs)


def _flat_outputs(out) -> list:
    from .._tensor import Tensor
    if isinstance(out, Tensor):
        return [out]
    return [o for o in out if isinstance(o, Tensor)]


def _numerical_jacobian(fn, inputs, diff_idx, out_sizes, eps):
    """List over diff inputs of arrays (n_in, total_out) by central differences."""
    jacs = []
    for i in diff_idx:
        x = inputs[i]
        arr = x._materialize()
        n = arr.size
        jac = np.zeros((n, sum(out_sizes)), dtype=np.float64)
        for k in range(n):
            # perturb in place through an index: ``reshape(-1)`` of a non-contiguous array is a copy
            pos = np.unravel_index(k, arr.shape)
            orig = arr[pos].copy()
            arr[pos] = orig - eps
            minus = [np.array(o._data).reshape(-1) for o in _flat_outputs(fn(*inputs))]
            arr[pos] = orig + eps
            plus = [np.array(o._data).reshape(-1) for o in _flat_outputs(fn(*inputs))]
            arr[pos] = orig
            # PyTorch's ``(b - a) / (2 * eps)`` is computed in the outputs' own dtype
            jac[k] = np.concatenate([_central_difference(p, m, eps) for p, m in zip(plus, minus)]) if plus else 0
        jacs.append(jac)
    return jacs


def _central_difference(plus, minus, eps):
    """``(plus - minus) / (2 * eps)`` in the outputs' dtype (float32 outputs: float32 arithmetic)."""
    if plus.dtype.kind != "f":
        plus = plus.astype(np.float64)
        minus = minus.astype(np.float64)
    diff = plus - minus
    return diff / diff.dtype.type(2 * eps)


def _check_inputs(inputs) -> list:
    """PyTorch's ``_check_inputs``: the positions of the inputs requiring grad (warning for any that is
    not double precision); none at all is an error."""
    from .._tensor import Tensor
    diff_idx = []
    for i, t in enumerate(inputs):
        if not (isinstance(t, Tensor) and t._rg):
            continue
        if t._data.dtype not in (np.float64, np.complex128):
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating point or complex. This check "
                "will likely fail if all the inputs are not of double precision floating point or complex. ",
                stacklevel=3)
        if any(st == 0 and sz > 1 for st, sz in zip(t.stride(), t.shape)):
            raise RuntimeError(
                f"The {i}th input has a dimension with stride 0. gradcheck only supports inputs that are "
                "non-overlapping to be able to compute the numerical gradients correctly. You should call "
                ".contiguous on the input before passing it to gradcheck.")
        diff_idx.append(i)
    if not diff_idx:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    return diff_idx


def _analytical_jacobian(fn, inputs, diff_idx, outs):
    from . import grad as _grad
    from .._tensor import _make
    total = sum(o._data.size for o in outs)
    jacs = [np.zeros((inputs[i]._data.size, total), dtype=np.float64) for i in diff_idx]
    col = 0
    for o in outs:
        for k in range(o._data.size):
            if not o._rg:
                col += 1
                continue
            g = np.zeros(o._data.shape, dtype=o._data.dtype)
            g.reshape(-1)[k] = 1
            grads = _grad([o], [inputs[i] for i in diff_idx], grad_outputs=[_make(g if g.ndim else g[()])],
                          retain_graph=True, allow_unused=True)
            for j, gr in enumerate(grads):
                if gr is not None:
                    jacs[j][:, col] = np.asarray(gr._data, dtype=np.float64).reshape(-1)
            col += 1
    return jacs


def gradcheck(func: Callable, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
              check_grad_dtypes: bool = False, check_batched_grad: bool = False,
              check_batched_forward_grad: bool = False, check_forward_ad: bool = False,
              check_backward_ad: bool = True, fast_mode: bool = False, masked=None) -> bool:
    """Check ``func``'s gradients against finite differences (``torch.autograd.gradcheck``)."""
    inputs = _tensors(inputs)
    diff_idx = _check_inputs(inputs)
    all_outs = _flat_outputs(func(*inputs))
    all_sizes = [o._data.size for o in all_outs]
    numerical = _numerical_jacobian(func, inputs, diff_idx, all_sizes, eps)
    # PyTorch's ``_slow_gradcheck``: only the outputs requiring grad are checked (and numbered); with none,
    # ``_check_no_differentiable_outputs`` demands an all-zero numerical Jacobian.
    if not any(o._rg for o in all_outs):
        if any(np.any(n != 0) for n in numerical):
            if not raise_exception:
                return False
            raise GradcheckError("Numerical gradient for function expected to be zero")
        return True
    bounds = np.cumsum([0] + all_sizes)
    keep = np.concatenate([np.arange(bounds[k], bounds[k + 1]) for k, o in enumerate(all_outs) if o._rg])
    numerical = [n[:, keep] for n in numerical]
    outs = [o for o in all_outs if o._rg]
    out_sizes = [o._data.size for o in outs]
    analytical = _analytical_jacobian(func, inputs, diff_idx, outs)
    start = 0
    for i, (o, size) in enumerate(zip(outs, out_sizes)):  # PyTorch checks output by output, then input by input
        for j, (a, n) in enumerate(zip(analytical, numerical)):
            a_ij, n_ij = a[:, start:start + size], n[:, start:start + size]
            if not np.allclose(a_ij, n_ij, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(
                    f"Jacobian mismatch for output {i} with respect to input {diff_idx[j]},\n"
                    f"numerical:{_as_tensor(n_ij, o)}\nanalytical:{_as_tensor(a_ij, inputs[diff_idx[j]])}\n"
                )
        start += size
    return True


def _float64():
    from .. import float64
    return float64


def _as_tensor(block, like):
    """A Jacobian block as the tensor PyTorch prints (in ``like``'s dtype)."""
    from ..ops.creation import tensor
    return tensor(block.astype(like._data.dtype))


def gradgradcheck(func: Callable, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3, gen_non_contig_grad_outputs: bool = False, raise_exception: bool = True,
                  nondet_tol: float = 0.0, check_undefined_grad: bool = True, check_grad_dtypes: bool = False,
                  check_batched_grad: bool = False, check_fwd_over_rev: bool = False,
                  check_rev_over_rev: bool = True, fast_mode: bool = False, masked: bool = False) -> bool:
    """Check second derivatives: gradcheck of the function ``inputs -> grad(func(inputs), inputs, v)``."""
    from . import grad as _grad
    inputs = _tensors(inputs)
    if grad_outputs is None:
        # PyTorch draws the cotangents of the differentiable outputs from the global generator with
        # ``torch.testing.make_tensor(low=-1, high=1, requires_grad=True)`` (so they are checked too)
        from ..testing import make_tensor
        outs = [o for o in _flat_outputs(func(*inputs)) if o._rg]
        grad_outputs = [make_tensor(tuple(o.shape), dtype=o.dtype if o.dtype.is_floating_point or o.dtype.is_complex
                                    else _float64(), device="cpu", low=-1, high=1, requires_grad=True,
                                    noncontiguous=gen_non_contig_grad_outputs) for o in outs]
    else:
        grad_outputs = list(_tensors(grad_outputs))
    n_in = len(inputs)
    diff_idx = [i for i, t in enumerate(inputs) if getattr(t, "_rg", False)]

    def first_grads(*args):
        from .grad_mode import enable_grad
        with enable_grad():
            return _first_grads(*args)

    def _first_grads(*args):
        ins = args[:n_in]
        gos = args[n_in:]
        o = [t for t in _flat_outputs(func(*ins)) if t._rg]
        gs = _grad(o, [ins[i] for i in diff_idx], grad_outputs=list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_grads, tuple(inputs) + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
