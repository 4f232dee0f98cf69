"""Higher-level autograd: ``jacobian``, ``hessian``, ``vjp``, ``jvp``, ``hvp``, ``vhp``.

Mirrors ``torch.autograd.functional``.  All are built on reverse mode:
``jvp`` uses the double-vjp trick, so it needs ``create_graph`` internally.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import grad as _grad
from .grad_mode import enable_grad


def _tuple(x):
    from .._tensor import Tensor
    return (x,) if isinstance(x, Tensor) else tuple(x)


def _prep(inputs, create_graph: bool):
    out = []
    for t in _tuple(inputs):
        d = t.detach() if not create_graph or not t._rg else t
        if d is t:
            out.append(t)
        else:
            c = d.clone() if False else d
            c = c.view_as(c) if False else _fresh_leaf(t)
            out.append(c)
    return tuple(out)


def _fresh_leaf(t):
    from .._tensor import _make
    d = t._data
    leaf = _make(d.copy() if hasattr(d, "copy") else d)
    leaf._rg = True
    return leaf


def _grads_or_zeros(outs, ins, gos, create_graph, strict=False):
    from ..ops.creation import zeros_like
    gs = _grad(outs, ins, grad_outputs=gos, create_graph=create_graph, retain_graph=True, allow_unused=True)
    return tuple(zeros_like(i) if g is None else g for i, g in zip(ins, gs))


def vjp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """Return ``(func(inputs), v^T J)``."""
    single_in = not isinstance(inputs, (tuple, list))
    ins = tuple(_fresh_leaf(t) for t in _tuple(inputs))
    with enable_grad():
        out = func(*ins)
        outs = _tuple(out)
        if v is None:
            if any(o._data.size != 1 for o in outs):
                raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                                   "Tensor with a single element.")
            vs = [None] * len(outs)
        else:
            vs = list(_tuple(v))
        gs = _grads_or_zeros(list(outs), list(ins), vs, create_graph)
    res_out = out if create_graph else (_detach_all(out))
    return res_out, (gs[0] if single_in else gs) if create_graph else _detach_all(gs[0] if single_in else gs)


def _detach_all(x):
    from .._tensor import Tensor
    if isinstance(x, Tensor):
        return x.detach()
    return tuple(_detach_all(i) for i in x)


def jvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """Return ``(func(inputs), J v)`` via the double-vjp trick."""
    from ..ops.creation import zeros_like
    single_in = not isinstance(inputs, (tuple, list))
    ins = tuple(_fresh_leaf(t) for t in _tuple(inputs))
    if v is None:
        if any(i._data.size != 1 for i in ins):
            raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                               "single Tensor with a single element.")
        from ..ops.creation import ones_like
        vs = tuple(ones_like(i) for i in ins)
    else:
        vs = _tuple(v)
    with enable_grad():
        out = func(*ins)
        outs = _tuple(out)
        us = [_fresh_leaf(zeros_like(o)) for o in outs]
        gs = _grads_or_zeros(list(outs), list(ins), us, create_graph=True)
        jv = _grads_or_zeros(list(gs), us, list(vs), create_graph)
    single_out = not isinstance(out, (tuple, list))
    res = jv[0] if single_out else jv
    return (_detach_all(out), res if create_graph else _detach_all(res))


def jacobian(func: Callable, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
             strategy: str = "reverse-mode"):
    """Full Jacobian by one vjp per output element (``torch.autograd.functional.jacobian``)."""
    from .._tensor import _make
    single_in = not isinstance(inputs, (tuple, list))
    ins = tuple(_fresh_leaf(t) for t in _tuple(inputs))
    with enable_grad():
        out = func(*ins)
        single_out = not isinstance(out, (tuple, list))
        outs = _tuple(out)
        result = []
        for o in outs:
            rows = [[] for _ in ins]
            n = o._data.size
            for k in range(n):
                g = np.zeros(o._data.shape, dtype=o._data.dtype)
                g.reshape(-1)[k] = 1
                gs = _grads_or_zeros([o], list(ins), [_make(g if g.ndim else g[()])], create_graph)
                for j, gr in enumerate(gs):
                    rows[j].append(gr)
            per_in = []
            for j, inp in enumerate(ins):
                from .. import stack as _stack
                if n == 0:
                    from ..ops.creation import zeros
                    per_in.append(zeros(o._data.shape + inp._data.shape, dtype=inp.dtype))
                    continue
                J = _stack(rows[j]).reshape(o._data.shape + inp._data.shape)
                per_in.append(J if create_graph else J.detach())
            result.append(per_in[0] if single_in else tuple(per_in))
    return result[0] if single_out else tuple(result)


def hessian(func: Callable, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode"):
    """Hessian of a scalar function (``torch.autograd.functional.hessian``)."""
    single_in = not isinstance(inputs, (tuple, list))

    def grad_fn(*xs):
        out = func(*xs)
        if out._data.size != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor with a single element.")
        gs = _grads_or_zeros([out], list(xs), [None], create_graph=True)
        return gs[0] if single_in else gs

    return jacobian(grad_fn, inputs, create_graph=create_graph)


def vhp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T H)``."""
    single_in = not isinstance(inputs, (tuple, list))
    ins = tuple(_fresh_leaf(t) for t in _tuple(inputs))
    vs = _tuple(v)
    with enable_grad():
        out = func(*ins)
        gs = _grads_or_zeros([out], list(ins), [None], create_graph=True)
        res = _grads_or_zeros(list(gs), list(ins), list(vs), create_graph)
    r = res[0] if single_in else res
    return _detach_all(out), r if create_graph else _detach_all(r)


def hvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), H v)``; equal to ``vhp`` for the symmetric Hessian of a scalar function."""
    return vhp(func, inputs, v, create_graph, strict)
