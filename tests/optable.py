"""Shared helpers for table-driven op tests (tinygrad's ``helper_test_op`` idea).

``check_op(fn, shapes)`` runs ``fn`` on ember tensors and, when PyTorch is
installed, on torch tensors with the same data; it compares forward values,
dtype, shape and the gradient of every input, then runs a float64
``gradcheck`` (which needs no torch).
"""
from __future__ import annotations

import numpy as np

import ember

try:  # PyTorch is the oracle, never a dependency.
    import torch  # type: ignore
except Exception:  # pragma: no cover - torch absent
    torch = None


def make_inputs(shapes, seed=0, low=-2.0, high=2.0, positive=False, dtype=np.float32):
    rng = np.random.default_rng(seed)
    arrs = []
    for s in shapes:
        a = rng.uniform(0.5 if positive else low, high, size=s).astype(dtype)
        arrs.append(a)
    return arrs


def _to_np(t):
    if isinstance(t, ember.Tensor):
        return np.asarray(t.detach().numpy())
    return t.detach().numpy()


def check_op(fn, shapes, *, torch_fn=None, positive=False, seed=0, rtol=1e-5, atol=1e-6, grad=True,
             gradcheck=True, low=-2.0, high=2.0):
    """Compare ember and torch on ``fn``; returns the ember output."""
    arrs = make_inputs(shapes, seed=seed, positive=positive, low=low, high=high)
    e_in = [ember.tensor(a, requires_grad=grad) for a in arrs]
    e_out = fn(*e_in)
    if torch is not None:
        t_in = [torch.tensor(a, requires_grad=grad) for a in arrs]
        t_out = (torch_fn or fn)(*t_in)
        np.testing.assert_allclose(_to_np(e_out), _to_np(t_out), rtol=rtol, atol=atol)
        assert str(e_out.dtype) == str(t_out.dtype)
        assert tuple(e_out.shape) == tuple(t_out.shape)
        if grad and t_out.requires_grad:
            assert e_out.grad_fn is not None
            assert e_out.grad_fn.name() == t_out.grad_fn.name()
            go = np.random.default_rng(seed + 1).standard_normal(tuple(t_out.shape)).astype(np.float32)
            t_out.backward(torch.tensor(go))
            e_out.backward(ember.tensor(go))
            for et, tt in zip(e_in, t_in):
                if tt.grad is None:
                    assert et.grad is None
                    continue
                np.testing.assert_allclose(et.grad.numpy(), tt.grad.numpy(), rtol=1e-4, atol=1e-5)
                assert et.grad.dtype == ember.float32
    if grad and gradcheck:
        d_in = [ember.tensor(a.astype(np.float64), requires_grad=True) for a in arrs]
        assert ember.autograd.gradcheck(fn, tuple(d_in), eps=1e-6, atol=1e-5, rtol=1e-3)
    return e_out
