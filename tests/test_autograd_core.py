"""Autograd semantics, PyTorch's error messages, graph freeing and deep graphs.

Golden values are the hand derivations of the seed tutorials."""
from __future__ import annotations

import gc
import sys
import tracemalloc
import warnings

import numpy as np
import pytest

import ember
from optable import torch


# ---------------------------------------------------------------- goldens
def test_seed_polynomial_derivative_is_93():
    x = ember.tensor(2.0, requires_grad=True)
    y = 2 * x ** 4 + x ** 3 + 3 * x ** 2 + 5 * x + 1
    assert y.item() == 63.0
    y.backward()
    assert x.grad.item() == 93.0  # 8x^3 + 3x^2 + 6x + 5 at x=2


def test_seed_partials_6_and_24():
    x1 = ember.tensor(1.0, requires_grad=True)
    x2 = ember.tensor(2.0, requires_grad=True)
    (3 * x1 ** 2 + 2 * x2 ** 3).backward()
    assert (x1.grad.item(), x2.grad.item()) == (6.0, 24.0)


def test_seed_two_layer_gradient():
    x = ember.tensor([[1.0, 2, 3], [3, 2, 1]], requires_grad=True)
    out = (2 * (3 * x + 2) ** 2).mean()
    out.backward()
    assert x.grad.tolist() == [[10, 16, 22], [22, 16, 10]]


def test_seed_uv_partials_43_and_20():
    u = ember.tensor(3.0, requires_grad=True)
    v = ember.tensor(4.0, requires_grad=True)
    f = u ** 3 + v ** 2 + 4 * u * v
    f.backward()
    assert (u.grad.item(), v.grad.item(), f.item()) == (43.0, 20.0, 91.0)


def test_seed_sgd_step_and_zero_grad():
    w = ember.tensor(1.0, requires_grad=True)
    for _ in range(2):
        ((w - 2) ** 2).backward()
    assert w.grad.item() == -4.0  # accumulation
    w.grad.zero_()
    assert w.grad.item() == 0.0
    with ember.no_grad():
        w -= 0.1 * ember.tensor(-2.0)
    assert abs(w.item() - 1.2) < 1e-6 and w.requires_grad and w.is_leaf


# ------------------------------------------------------------ attributes
def test_leaf_and_grad_fn_attributes():
    x = ember.tensor(3.0, requires_grad=True)
    y = 3 * x ** 2
    assert x.is_leaf and not y.is_leaf and x.grad_fn is None
    assert type(y.grad_fn).__name__ == "MulBackward0"
    nf = y.grad_fn.next_functions
    assert nf[0][0].name() == "PowBackward0" and nf[1] == (None, 0)
    acc = nf[0][0].next_functions[0][0]
    assert type(acc).__name__ == "AccumulateGrad" and acc.variable is x
    assert nf[0][0].next_functions[0][0] is acc


def test_nonleaf_grad_warns_and_retain_grad():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    z = y.sum()
    y2 = x * 3
    y2.retain_grad()
    (z + y2.sum()).backward()
    with pytest.warns(UserWarning, match="is not a leaf Tensor is being accessed"):
        assert y.grad is None
    assert y2.grad.tolist() == [1.0, 1.0]


def test_hooks_and_handle_remove():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    h = x.register_hook(lambda g: seen.append(g.tolist()))
    y = x * 3
    hy = y.register_hook(lambda g: g * 10)
    y.sum().backward()
    assert seen == [[30.0, 30.0]] and x.grad.tolist() == [30.0, 30.0]
    h.remove()
    hy.remove()
    x.grad = None
    (x * 3).sum().backward()
    assert seen == [[30.0, 30.0]] and x.grad.tolist() == [3.0, 3.0]


def test_detach_requires_grad_and_data_share_storage():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad
    d[0] = 5.0
    assert x.tolist()[0] == 5.0
    x.data.mul_(2)
    assert x.tolist() == [10.0, 4.0]
    s = ember.tensor(2.0, requires_grad=True)
    s.data.zero_()
    assert s.item() == 0.0
    x.requires_grad_(False)
    assert not x.requires_grad


def test_no_grad_enable_grad_set_grad_enabled_inference_mode():
    x = ember.tensor(1.0, requires_grad=True)
    with ember.no_grad():
        assert not (x * 2).requires_grad
        with ember.enable_grad():
            assert (x * 2).requires_grad
    with ember.set_grad_enabled(False):
        assert not ember.is_grad_enabled()
    assert ember.is_grad_enabled()
    with ember.inference_mode():
        assert not (x * 2).requires_grad

    @ember.no_grad()
    def f(t):
        return t * 2

    assert not f(x).requires_grad


def test_grad_mode_is_thread_local():
    import threading
    res = {}
    with ember.no_grad():
        t = threading.Thread(target=lambda: res.setdefault("on", ember.is_grad_enabled()))
        t.start()
        t.join()
    assert res["on"] is True


def test_autograd_grad_and_create_graph_higher_order():
    x = ember.tensor(2.0, requires_grad=True)
    y = x ** 3
    (g,) = ember.autograd.grad(y, x, create_graph=True)
    assert g.item() == 12.0 and g.requires_grad
    (g2,) = ember.autograd.grad(g, x, create_graph=True)
    assert g2.item() == 12.0
    (g3,) = ember.autograd.grad(g2, x)
    assert g3.item() == 6.0
    assert x.grad is None


def test_higher_order_through_saved_outputs():
    x = ember.tensor(0.5, dtype=ember.float64, requires_grad=True)
    for fn, d2 in ((lambda t: t.exp(), np.exp(0.5)), (lambda t: t.tanh(), -2 * np.tanh(0.5) / np.cosh(0.5) ** 2),
                   (lambda t: t.sigmoid(), None)):
        (g,) = ember.autograd.grad(fn(x), x, create_graph=True)
        (h,) = ember.autograd.grad(g, x)
        if d2 is not None:
            assert abs(h.item() - d2) < 1e-12


def test_backward_inputs_only_accumulates_those():
    a = ember.tensor(1.0, requires_grad=True)
    b = ember.tensor(2.0, requires_grad=True)
    (a * b).backward(inputs=[a])
    assert a.grad.item() == 2.0 and b.grad is None


def test_backward_with_gradient_argument():
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).backward(ember.tensor([1.0, 0.1, 0.01]))
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 0.4, 0.06], rtol=1e-6)


def test_custom_function():
    class Square(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = ember.tensor([3.0], requires_grad=True)
    y = Square.apply(x)
    assert y.grad_fn.name() == "SquareBackward"
    y.sum().backward()
    assert x.grad.tolist() == [6.0]
    assert ember.autograd.gradcheck(Square.apply, (ember.tensor([1.5], dtype=ember.float64, requires_grad=True),))


def test_functional_jacobian_hessian_vjp_jvp():
    F = ember.autograd.functional
    x = ember.tensor([1.0, 2.0], dtype=ember.float64)
    J = F.jacobian(lambda t: t ** 2, x)
    assert J.tolist() == [[2.0, 0.0], [0.0, 4.0]]
    H = F.hessian(lambda t: (t ** 3).sum(), x)
    assert H.tolist() == [[6.0, 0.0], [0.0, 12.0]]
    _, v = F.vjp(lambda t: t ** 2, x, ember.tensor([1.0, 1.0], dtype=ember.float64))
    assert v.tolist() == [2.0, 4.0]
    _, jv = F.jvp(lambda t: t ** 2, x, ember.tensor([1.0, 0.0], dtype=ember.float64))
    assert jv.tolist() == [2.0, 0.0]
    _, hv = F.hvp(lambda t: (t ** 3).sum(), x, ember.tensor([1.0, 1.0], dtype=ember.float64))
    assert hv.tolist() == [6.0, 12.0]


def test_anomaly_detection_names_forward_op():
    x = ember.tensor([0.0], requires_grad=True)
    with ember.autograd.set_detect_anomaly(True):
        y = x.sqrt() * 0.0
        with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan values in its 0th output."):
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                y.sum().backward()
        assert any("test_autograd_core.py" in str(m.message) for m in w)


# ----------------------------------------------------------------- errors
def _err(fn):
    with pytest.raises(Exception) as e:
        fn()
    return type(e.value), str(e.value)


def _torch_err(fn):
    if torch is None:
        pytest.skip("torch not installed")
    return _err(fn)


ERRORS = {
    "nonscalar_backward": lambda m: (m.tensor([1.0, 2.0], requires_grad=True) * 2).backward(),
    "freed_graph": lambda m: (lambda y: (y.backward(), y.backward()))((m.tensor([1.0], requires_grad=True).exp()).sum()),
    "leaf_inplace": lambda m: m.tensor([1.0], requires_grad=True).add_(1),
    "leaf_view_inplace": lambda m: m.tensor([1.0, 2.0], requires_grad=True)[0].add_(1),
    "numpy_requires_grad": lambda m: m.tensor([1.0], requires_grad=True).numpy(),
    "int_requires_grad": lambda m: m.tensor([1, 2], requires_grad=True),
    "unused_input": lambda m: m.autograd.grad((m.tensor([1.0], requires_grad=True) * 2).sum(),
                                              [m.tensor([1.0], requires_grad=True)]),
    "gradient_shape": lambda m: (m.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2).backward(m.ones(2)),
    "item_multi": lambda m: m.tensor([1.0, 2.0]).item(),
    "bool_multi": lambda m: bool(m.tensor([1.0, 2.0])),
    "broadcast": lambda m: m.ones(3) + m.ones(2),
    "no_grad_fn": lambda m: m.tensor([1.0]).sum().backward(),
    "view_bad": lambda m: m.ones(2, 3).view(4),
    "view_noncontig": lambda m: m.ones(2, 3).t().view(6),
    "requires_grad_nonleaf": lambda m: setattr(m.tensor([1.0], requires_grad=True) * 2, "requires_grad", False),
    "dim_range": lambda m: m.ones(2, 3).sum(5),
    "index_oob": lambda m: m.ones(3)[5],
    "mean_int": lambda m: m.tensor([1, 2]).mean(),
}


def _version_error(m):
    x = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.exp()
    y.mul_(2)
    y.sum().backward()


def _version_error_leaf(m):
    w = m.ones(3, requires_grad=True)
    q = w * w
    with m.no_grad():
        w.add_(1)
    q.sum().backward()


ERRORS["version_output"] = _version_error
ERRORS["version_leaf"] = _version_error_leaf


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_pytorch(name):
    fn = ERRORS[name]
    et, em = _err(lambda: fn(ember))
    if torch is None:
        assert em  # still raises, with a message
        return
    tt, tm = _err(lambda: fn(torch))
    assert et is tt or et.__name__ == tt.__name__, (et, tt)
    assert em == tm


def test_nonleaf_grad_warning_text_matches_pytorch():
    if torch is None:
        pytest.skip("torch not installed")
    msgs = []
    for m in (ember, torch):
        x = m.tensor([1.0], requires_grad=True)
        y = x * 2
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            y.grad
        msgs.append(str(w[0].message))
    assert msgs[0] == msgs[1]


def test_retain_graph_allows_second_backward():
    x = ember.tensor([1.0], requires_grad=True)
    y = x.exp().sum()
    y.backward(retain_graph=True)
    y.backward()
    assert abs(x.grad.item() - 2 * np.e) < 1e-5


# ----------------------------------------------------- memory and depth
def test_saved_tensors_freed_and_no_memory_growth():
    w = ember.randn(64, 64, requires_grad=True)
    x = ember.randn(32, 64)

    def step():
        y = (x * w.sum(0)).tanh().exp().mean()
        y.backward()
        with ember.no_grad():
            w.sub_(0.001 * w.grad)
        w.grad = None

    for _ in range(50):
        step()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for _ in range(10_000 // 10):
        step()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    assert grown < 200_000, grown


def test_graph_is_freed_without_gc():
    import weakref
    gc.disable()
    try:
        x = ember.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp().tanh().sigmoid()
        ref = weakref.ref(y.grad_fn)
        y.sum().backward()
        del y
        assert ref() is None  # no reference cycles: freed by refcounting alone
    finally:
        gc.enable()


def test_deep_chain_100k_ops_no_recursion_error():
    x = ember.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y


def test_in_place_version_counter_and_setitem_autograd():
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.clone()
    assert y._version == 0
    y[0] = 5.0
    assert y._version == 1 and y.grad_fn.name() == "torch::autograd::CopySlices"
    (y * y).sum().backward()
    assert x.grad.tolist() == [0.0, 4.0, 6.0]
    v = ember.tensor([7.0], requires_grad=True)
    z = x.detach().clone()
    z[1:2] = v * 2
    z.sum().backward()
    assert v.grad.tolist() == [2.0]


def test_storage_offset_of_views_matches_pytorch():
    x = ember.arange(12.0).reshape(3, 4)
    cases = [lambda t: t[1], lambda t: t[1:, 2:], lambda t: t[:, 3], lambda t: t.t()[2], lambda t: t]
    want = [4, 6, 3, 2, 0]
    assert [c(x).storage_offset() for c in cases] == want
    if torch is not None:
        tx = torch.arange(12.0).reshape(3, 4)
        assert [c(tx).storage_offset() for c in cases] == want


@pytest.mark.parametrize("chain", ["scalar_ops", "unary", "leaf"])
def test_root_gradient_of_another_dtype_is_cast_like_pytorch(chain):
    """``validate_outputs``: a float64 ``gradient`` for a float32 root reaches the leaf as float32.

    Unary and tensor-scalar nodes skip per-input metadata, so this cast at the
    root is what keeps the whole chain in the root's dtype.
    """
    x = ember.ones(3, requires_grad=True)
    y = {"scalar_ops": lambda: x * 2 + 1, "unary": lambda: (x * 2).tanh(), "leaf": lambda: x}[chain]()
    y.backward(ember.ones(3, dtype=ember.float64))
    assert x.grad.dtype == ember.float32
    expected = {"scalar_ops": [2.0] * 3, "unary": [2 * (1 - np.tanh(np.float32(2)) ** 2)] * 3, "leaf": [1.0] * 3}[chain]
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("op,name", [("exp", "Exp"), ("tanh", "Tanh"), ("sigmoid", "Sigmoid"), ("sqrt", "Sqrt")])
def test_modified_saved_output_names_its_producer(op, name):
    """Ops that save their output report it as ``output 0 of <Op>`` when it was changed in place."""
    x = ember.ones(3, requires_grad=True)
    y = getattr(x * 1, op)()
    y.add_(1)
    with pytest.raises(RuntimeError) as err:
        y.sum().backward()
    assert (f"[torch.FloatTensor [3]], which is output 0 of {name}, is at version 1; expected version 0 instead."
            in str(err.value))


# ---------------------------------------------------------------- leaf gradients own their memory
def _independent(*grads):
    """Mutating each gradient in place changes no other tensor."""
    before = [g.clone() for g in grads]
    for i, g in enumerate(grads):
        g.add_(100.0)
        for j, (h, b) in enumerate(zip(grads, before)):
            if j != i:
                assert ember.equal(h, b if j > i else b + 100.0), (i, j)


def test_leaf_grads_are_never_shared_with_other_grads_or_the_seed():
    a = ember.randn(3, 4, requires_grad=True)
    b = ember.randn(3, 4, requires_grad=True)
    (a + b).sum().backward()  # AddBackward hands the same array to both inputs
    _independent(a.grad, b.grad)

    x = ember.randn(6, requires_grad=True)
    seed = ember.randn(2, 3)
    keep = seed.clone()
    x.view(2, 3).backward(seed)  # the gradient reaching x is a view of the seed
    _independent(x.grad, seed)
    assert ember.equal(seed, keep + 100.0)

    w = ember.randn(4, 5, requires_grad=True)
    inp = ember.randn(2, 5)
    out = ember.nn.functional.linear(inp, w)  # weight gradient arrives through a transpose view
    g = ember.ones(2, 4)
    out.backward(g)
    assert ember.allclose(w.grad, g.t() @ inp)
    _independent(w.grad, g, inp)


def test_leaf_grad_kept_by_a_hook_is_not_reused():
    x = ember.randn(5, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g))
    (x * 2).sum().backward()
    _independent(x.grad, seen[0])


def test_gradcheck_perturbs_non_contiguous_inputs_in_place():
    """The numerical Jacobian must move the input itself, not a flattened copy of it."""
    a = np.random.default_rng(0).standard_normal((4, 3))
    x = ember.tensor(a.T, requires_grad=True)  # built from an F-ordered array
    assert ember.autograd.gradcheck(lambda t: (t ** 3).sum(), (x,))
    y = ember.tensor(a, requires_grad=True)[:, ::2]
    assert ember.autograd.gradcheck(lambda t: (t.sin() * 2).sum(), (y,))
