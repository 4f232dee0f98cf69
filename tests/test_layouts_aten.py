"""Result layouts (``stride()``, ``is_contiguous()``) of ops on strided inputs, as ATen gives them.

A layout is visible to a program: ``view`` succeeds only on a compatible one, and ``.stride()`` and
``is_contiguous()`` print it.  NumPy keeps an input's dim order in most results, while many ATen
kernels write a contiguous result (``cat``/``stack``, scans, ``masked_fill``, reductions, the norms,
``softmax``), keep channels-last only when the input suggests it (``roll``, ``batch_norm``,
``group_norm``), or lay a leaf's first ``.grad`` out like the leaf (``AccumulateGrad``'s layout
contract).  The golden strides below were read from PyTorch 2.13; the comparison tests re-check
them against PyTorch when it is installed.
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F


def _inputs(lib):
    base = lib.arange(60.).reshape(3, 4, 5) / 7 - 4
    return {
        "perm": base.permute(2, 0, 1),  # strides (1, 20, 5)
        "tr": base[0].t(),  # strides (1, 5)
        "cl": (lib.arange(120.).reshape(2, 3, 4, 5) / 11 - 5).contiguous(memory_format=lib.channels_last),
    }


def _ops(lib):
    Fn = lib.nn.functional
    return {
        "cat0": lambda x: lib.cat([x, x], 0),
        "cat_last": lambda x: lib.cat([x, x], -1),
        "stack0": lambda x: lib.stack([x, x]),
        "stack_last": lambda x: lib.stack([x, x], -1),
        "softmax": lambda x: Fn.softmax(x, 0),
        "log_softmax": lambda x: Fn.log_softmax(x, -1),
        "cumsum": lambda x: x.cumsum(0),
        "cumprod": lambda x: x.cumprod(-1),
        "logcumsumexp": lambda x: x.logcumsumexp(0),
        "masked_fill": lambda x: x.masked_fill(x > 0, 0.),
        "roll": lambda x: x.roll(1, 0),
        "gather": lambda x: x.gather(-1, lib.zeros_like(x, dtype=lib.long)),
        "triu": lambda x: x.triu(),
        "std": lambda x: x.std(-1),
        "var_kd": lambda x: x.var(0, keepdim=True),
        "norm_dim": lambda x: x.norm(dim=-1),
        "layer_norm": lambda x: Fn.layer_norm(x, x.shape[-1:]),
        "batch_norm": lambda x: Fn.batch_norm(x, None, None, training=True),
        "group_norm": lambda x: Fn.group_norm(x, 1),
        "logsigmoid": Fn.logsigmoid,
        "rrelu_eval": lambda x: Fn.rrelu(x, training=False),
    }


# PyTorch 2.13's result strides, per input
GOLDEN = {
    "perm": {"cat0": (12, 4, 1), "cat_last": (24, 8, 1), "stack0": (60, 12, 4, 1), "stack_last": (24, 8, 2, 1),
             "softmax": (12, 4, 1), "log_softmax": (12, 4, 1), "cumsum": (12, 4, 1), "cumprod": (12, 4, 1),
             "logcumsumexp": (12, 4, 1), "masked_fill": (12, 4, 1), "roll": (12, 4, 1), "gather": (12, 4, 1),
             "triu": (12, 4, 1), "std": (3, 1), "var_kd": (12, 4, 1), "norm_dim": (3, 1), "layer_norm": (12, 4, 1),
             "batch_norm": (12, 4, 1), "group_norm": (12, 4, 1), "logsigmoid": (12, 4, 1), "rrelu_eval": (12, 4, 1)},
    "tr": {"cat0": (4, 1), "cat_last": (8, 1), "stack0": (20, 4, 1), "stack_last": (8, 2, 1), "softmax": (4, 1),
           "log_softmax": (4, 1), "cumsum": (4, 1), "cumprod": (4, 1), "logcumsumexp": (4, 1), "masked_fill": (4, 1),
           "roll": (4, 1), "gather": (4, 1), "triu": (4, 1), "std": (1,), "var_kd": (4, 1), "norm_dim": (1,),
           "layer_norm": (4, 1), "batch_norm": (4, 1), "group_norm": (4, 1), "logsigmoid": (4, 1),
           "rrelu_eval": (4, 1)},
    "cl": {"cat0": (60, 1, 15, 3), "cat_last": (120, 1, 30, 3), "stack0": (120, 60, 1, 15, 3),
           "roll": (60, 1, 15, 3), "batch_norm": (60, 1, 15, 3), "masked_fill": (60, 20, 5, 1),
           "cumsum": (60, 20, 5, 1), "softmax": (60, 20, 5, 1), "layer_norm": (60, 20, 5, 1)},
}


@pytest.mark.parametrize("iname,oname", [(i, o) for i in GOLDEN for o in GOLDEN[i]])
def test_result_strides_golden(iname, oname):
    x = _inputs(ember)[iname]
    y = _ops(ember)[oname](x)
    assert y.stride() == GOLDEN[iname][oname]


@pytest.mark.parametrize("iname,oname", [(i, o) for i in GOLDEN for o in GOLDEN[i]])
def test_result_strides_match_pytorch(iname, oname):
    torch = pytest.importorskip("torch")
    y = _ops(torch)[oname](_inputs(torch)[iname])
    assert y.stride() == GOLDEN[iname][oname]
    e = _ops(ember)[oname](_inputs(ember)[iname])
    np.testing.assert_allclose(e.detach().numpy(), y.detach().numpy(), rtol=1e-5, atol=1e-5)  # (layouts are the point)


def test_view_after_cat_and_scans_of_transposed_tensors():
    x = ember.arange(6.).view(2, 3)
    assert ember.cat([x.t(), x.t()]).view(-1).tolist() == [0., 3., 1., 4., 2., 5.] * 2
    assert ember.stack([x.t(), x.t()]).view(-1).tolist() == [0., 3., 1., 4., 2., 5.] * 2
    assert x.t().cumsum(0).view(-1).tolist() == [0., 3., 1., 7., 3., 12.]


def test_stack_of_scalars_and_mixed_layouts():
    a, b = ember.tensor(1.), ember.tensor(2.)
    assert ember.stack([a, b]).tolist() == [1., 2.]
    x = ember.arange(6.).view(2, 3)
    y = ember.cat([x.t(), x.t().contiguous()], 1)  # one row-major input: a row-major result
    assert y.stride() == (4, 1) and y.tolist() == [[0., 3., 0., 3.], [1., 4., 1., 4.], [2., 5., 2., 5.]]


# ------------------------------------------------------- a leaf's first .grad follows its layout
def _leaf(shape_perm):
    shape, perm = shape_perm
    return ember.arange(float(np.prod(shape))).reshape(shape).permute(perm).clone().requires_grad_()


@pytest.mark.parametrize("shape_perm,strides", [(((5, 4), (1, 0)), (1, 4)),
                                                (((2, 4, 5, 3), (0, 3, 1, 2)), (60, 1, 15, 3))])
def test_leaf_grad_takes_the_leaf_strides(shape_perm, strides):
    x = _leaf(shape_perm)
    assert x.stride() == strides
    (x * 2).sum().backward()  # an incoming row-major gradient
    assert x.grad.stride() == strides and bool((x.grad == 2).all())
    x.grad = None
    x.exp().sum().backward()
    assert x.grad.stride() == strides
    np.testing.assert_allclose(x.grad.numpy(), np.exp(x.detach().numpy()), rtol=1e-6)


def test_leaf_grad_layout_under_create_graph_and_autograd_grad():
    x = _leaf(((5, 4), (1, 0)))
    y = (x ** 3).sum()
    y.backward(create_graph=True)
    assert x.grad.stride() == (1, 4) and x.grad.grad_fn is not None
    np.testing.assert_allclose(x.grad.detach().numpy(), 3 * x.detach().numpy() ** 2)


def test_non_dense_leaf_gets_a_row_major_grad():
    base = ember.arange(24.).reshape(4, 6)
    x = base[:, ::2].requires_grad_()  # a strided, non-dense leaf
    (x * 3).sum().backward()
    assert x.grad.stride() == (3, 1) and x.grad.is_contiguous()


def test_row_major_leaf_with_a_transposed_gradient_stays_row_major():
    x = ember.ones(3, 4, requires_grad=True)
    x.t().exp().sum().backward()
    assert x.grad.stride() == (4, 1)


def test_leaf_grad_strides_match_pytorch():
    torch = pytest.importorskip("torch")
    strides = {}
    for lib in (torch, ember):
        x = lib.arange(20.).reshape(5, 4).t().clone().requires_grad_()
        x.t().exp().sum().backward()
        w = lib.arange(24.).reshape(2, 3, 4).permute(2, 0, 1).clone().requires_grad_()
        (w * w).sum().backward()
        strides[lib] = (x.grad.stride(), w.grad.stride())
    assert strides[ember] == strides[torch]
