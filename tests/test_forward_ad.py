"""``torch.autograd.forward_ad``: dual tensors, tangents through ops, levels, reprs and errors.

Golden values are derived by hand (or by finite differences in float64); the
``torch`` tests compare with PyTorch's own forward AD when it is installed.
"""
import math
import types

import numpy as np
import pytest

import ember
import ember.autograd.forward_ad as fwAD
import ember.nn.functional as F


def _tangent(y):
    return fwAD.unpack_dual(y).tangent


def _np(t):
    return t.detach().numpy()


# ------------------------------------------------------------------------------------- the API
def test_make_dual_outside_a_level_raises():
    with pytest.raises(RuntimeError, match=r"^Trying to create a dual Tensor for forward AD but no level exists, "
                                           r"make sure to enter_dual_level\(\) first\.$"):
        fwAD.make_dual(ember.ones(2), ember.ones(2))


def test_level_errors():
    with pytest.raises(RuntimeError, match="^Dual level must be a positive number.$"):
        fwAD.exit_dual_level()
    assert fwAD.enter_dual_level() == 0
    try:
        with pytest.raises(RuntimeError, match="^Nested forward mode AD is not supported at the moment$"):
            fwAD.enter_dual_level()
        with pytest.raises(RuntimeError, match="^Trying to exit a forward AD level that was not the last one"):
            fwAD.exit_dual_level(level=3)
    finally:
        fwAD.exit_dual_level()
    assert fwAD._current_level == -1


def test_make_dual_argument_errors():
    with fwAD.dual_level():
        p = ember.tensor([1., 2., 3.])
        with pytest.raises(RuntimeError, match=r"Tensor is of size \[3\] while the given forward gradient is of "
                                               r"size \[2\]\.$"):
            fwAD.make_dual(p, ember.zeros(2))
        with pytest.raises(ValueError, match="^Expected tangent to be floating point or complex, but got: "
                                             "torch.int64$"):
            fwAD.make_dual(p, ember.zeros(3, dtype=ember.int64))
        with pytest.raises(ValueError, match="^Expected primal to be floating point or complex, but got: "
                                             "torch.int64$"):
            fwAD.make_dual(ember.tensor([1, 2]), ember.tensor([1., 2.]))
        x = fwAD.make_dual(p, ember.ones(3))
        with pytest.raises(RuntimeError, match="^Making a dual Tensor based on a Tensor that already has a forward "
                                               "gradient at the same level 0 is not supported.$"):
            fwAD.make_dual(x, ember.ones(3))
        with pytest.raises(RuntimeError, match="^Invalid level given to _make_dual$"):
            fwAD.make_dual(p, ember.ones(3), level=5)


def test_make_dual_is_a_view_and_keeps_the_tangent_object():
    with fwAD.dual_level():
        p = ember.tensor([1., 2., 3.])
        t = ember.tensor([0.5, 1., -1.])
        x = fwAD.make_dual(p, t)
        assert x is not p and x._base is p and not x.requires_grad and x.grad_fn is None
        u = fwAD.unpack_dual(x)
        assert type(u).__name__ == "UnpackedDualTensor" and u._fields == ("primal", "tangent")
        assert u.tangent is t and u.primal._base is p and _tangent(u.primal) is None
        assert fwAD.unpack_dual(p).tangent is None
    assert fwAD.unpack_dual(x) == (x, None)


def test_reprs():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2., 3.]), ember.tensor([0.5, 1., -1.]))
        assert repr(x) == "tensor([1., 2., 3.], tangent=tensor([ 0.5000,  1.0000, -1.0000]))"
        s = fwAD.make_dual(ember.tensor(2.), ember.tensor(3.))
        assert repr(s) == "tensor(2., tangent=3.0)"
        assert repr(s * s) == "tensor(4., tangent=12.0)"
        pr = ember.tensor([1., 2.], requires_grad=True)
        d = fwAD.make_dual(pr, ember.ones(2))
        assert repr(d) == "tensor([1., 2.], grad_fn=<ViewBackward0>, tangent=tensor([1., 1.]))"
        assert repr(fwAD.unpack_dual(d).primal) == "tensor([1., 2.], grad_fn=<Identity>)"
        assert str(x.detach()) == "tensor([1., 2., 3.])"
    assert repr(x) == "tensor([1., 2., 3.])"


def test_unpacked_repr():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2.]), ember.tensor([3., 4.]))
        assert repr(fwAD.unpack_dual(x)) == ("UnpackedDualTensor(primal=tensor([1., 2.]), "
                                             "tangent=tensor([3., 4.]))")


def test_tangents_dropped_and_wrappers_removed_on_exit():
    mul = ember.Tensor.__mul__
    add = ember.Tensor.add
    linear = F.linear
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2.]), ember.tensor([1., 1.]))
        y = x * 2
        assert ember.Tensor.__mul__ is not mul  # wrapped only while the level holds duals
    assert ember.Tensor.__mul__ is mul and ember.Tensor.add is add and F.linear is linear
    from ember.nn._functional import basic
    assert basic.linear is linear
    assert _tangent(y) is None and "fw_grad" not in (y._ext or {})
    with fwAD.dual_level():
        assert _tangent(y) is None  # a new level starts empty


def test_dual_level_as_decorator():
    @fwAD.dual_level()
    def f():
        z = fwAD.make_dual(ember.tensor(2.), ember.tensor(1.))
        return _tangent(z ** 3)
    assert f().item() == 12.0
    assert fwAD._current_level == -1


# ------------------------------------------------------------------- golden values, by hand
def test_hand_derived_tangents():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2., 3.], dtype=ember.float64),
                           ember.tensor([0.5, 1., -1.], dtype=ember.float64))
        np.testing.assert_allclose(_np(_tangent(x * 2 + 1)), [1., 2., -2.])
        np.testing.assert_allclose(_np(_tangent(x * x)), [1., 4., -6.])           # 2 x t
        np.testing.assert_allclose(_tangent(x.sin().sum()).item(),
                                   0.5 * math.cos(1) + math.cos(2) - math.cos(3))
        w = ember.tensor([[1., 0., 2.], [0., -1., 1.]], dtype=ember.float64)
        np.testing.assert_allclose(_np(_tangent(F.linear(x, w))), [-1.5, -2.])   # W t
        np.testing.assert_allclose(_tangent(F.mse_loss(x, ember.zeros(3, dtype=ember.float64))).item(),
                                   2 * (0.5 + 2 - 3) / 3)                       # mean(2 x t)
        np.testing.assert_allclose(_np(_tangent(x[1:])), [1., -1.])
        np.testing.assert_allclose(_np(_tangent(F.relu(x - 2))), [0., 0., -1.])
        s = _np(F.softmax(x, 0))
        t = np.array([0.5, 1., -1.])
        np.testing.assert_allclose(_np(_tangent(F.softmax(x, 0))), s * (t - (s * t).sum()))
        assert x.argmax().dtype == ember.int64 and _tangent(x.argmax()) is None
        assert _tangent(x > 1) is None
        assert _tangent(x.detach()) is None
        np.testing.assert_allclose(_np(_tangent(x.round())), [0., 0., 0.])


def _finite_difference(f, p, t, eps=1e-6):
    return (f(p + eps * t) - f(p - eps * t)) / (2 * eps)


@pytest.mark.parametrize("name, fn", [
    ("tanh_mm", lambda x: (x.tanh() @ x.t()).sum(1)),
    ("logsumexp", lambda x: x.logsumexp(1)),
    ("layer_norm", lambda x: F.layer_norm(x, (4,))),
    ("cumprod", lambda x: x.cumprod(1)),
    ("gelu", lambda x: F.gelu(x)),
    ("inv", lambda x: ember.linalg.inv(x[:, :3] + 3 * ember.eye(3, dtype=ember.float64))),
    ("cross_entropy", lambda x: F.cross_entropy(x, ember.tensor([1, 0, 3]))),
    ("conv1d", lambda x: F.conv1d(x.unsqueeze(0), ember.ones(2, 3, 2, dtype=ember.float64))),
    ("std", lambda x: x.std(0)),
])
def test_against_finite_differences(name, fn):
    rng = np.random.default_rng(1)
    p = ember.tensor(rng.standard_normal((3, 4)))
    t = ember.tensor(rng.standard_normal((3, 4)))
    with fwAD.dual_level():
        got = _np(_tangent(fn(fwAD.make_dual(p, t))))
    want = _np(_finite_difference(fn, p, t))
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


# ------------------------------------------------------------------------------------ in place
def test_inplace_updates_the_tangent_in_place():
    with fwAD.dual_level():
        t = ember.tensor([1., 1., 1.])
        p = ember.tensor([1., 2., 3.])
        x = fwAD.make_dual(p, t)
        x.mul_(3)
        assert _tangent(x) is t and t.tolist() == [3., 3., 3.]
        assert p.tolist() == [3., 6., 9.] and _tangent(p) is None  # make_dual's base does not become dual
        x += x
        assert t.tolist() == [6., 6., 6.]
        x.zero_()
        assert t.tolist() == [0., 0., 0.]


def test_inplace_through_views_and_setitem():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2., 3.]), ember.tensor([1., 1., 1.]))
        z = ember.zeros(3)
        z[0] = x[2]
        assert repr(z) == "tensor([3., 0., 0.], tangent=tensor([1., 0., 0.]))"
        q = ember.zeros(4)
        q[1:].add_(x * 3)
        assert repr(q) == "tensor([0., 3., 6., 9.], tangent=tensor([0., 3., 3., 3.]))"
        v = (x * 1).view(3)
        v2 = v[1:]
        v2.mul_(10)
        assert _tangent(v).tolist() == [1., 10., 10.]
        c = x.clone()
        c.mul_(2)
        assert _tangent(x).tolist() == [1., 1., 1.]  # a clone's tangent is its own


# -------------------------------------------------------------------------- modes and autograd
def test_no_grad_still_propagates_tangents():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2.]), ember.tensor([1., -1.]))
        with ember.no_grad():
            y = x * 3
        assert _tangent(y).tolist() == [3., -3.] and not y.requires_grad


def test_backward_through_a_dual_whose_primal_requires_grad():
    with fwAD.dual_level():
        p = ember.tensor([0.5, -1.0], requires_grad=True)
        d = fwAD.make_dual(p, ember.tensor([1., 2.]))
        y = (d.exp() * d).sum()
        assert y.grad_fn.name() == "SumBackward0"
        # tangent: sum(exp(p) (1 + p) t)
        np.testing.assert_allclose(_tangent(y).item(), math.exp(0.5) * 1.5 + math.exp(-1) * 0 * 2, rtol=1e-6)
        y.backward()
        np.testing.assert_allclose(p.grad.numpy(), [math.exp(0.5) * 1.5, 0.0], rtol=1e-6, atol=1e-7)


def test_tangent_is_differentiable_when_the_tangent_requires_grad():
    with fwAD.dual_level():
        q = ember.tensor([1., 2.], requires_grad=True)
        dd = fwAD.make_dual(ember.tensor([3., 4.]), q * 2)
        r = dd * dd
        tan = _tangent(r)
        assert tan.tolist() == [12., 32.] and tan.requires_grad
        tan.sum().backward()
        assert q.grad.tolist() == [12., 16.]  # d/dq sum(2 p (2 q)) = 4 p


def test_dropout_tangent_uses_the_same_mask():
    ember.manual_seed(0)
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.ones(200), ember.full((200,), 3.0))
        y = F.dropout(x, 0.5, training=True)
        prim, tan = _np(y), _np(_tangent(y))
        np.testing.assert_allclose(tan, prim * 3.0)
        assert 0 < (prim == 0).sum() < 200
    ember.manual_seed(0)
    after = ember.rand(3)
    ember.manual_seed(0)
    F.dropout(ember.ones(200), 0.5, training=True)
    expected = ember.rand(3)
    ember.manual_seed(0)
    with fwAD.dual_level():
        F.dropout(fwAD.make_dual(ember.ones(200), ember.ones(200)), 0.5, training=True)
        assert ember.rand(3).tolist() == expected.tolist()  # the generator advanced once, not twice
    del after


def test_out_argument_raises():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2.]), ember.tensor([1., 1.]))
        with pytest.raises(NotImplementedError, match="^Trying to use forward AD with mul_out that does not support "
                                                      "it because it is an out= function$"):
            ember.mul(x, 2, out=ember.empty(2))


def test_custom_function_needs_jvp():
    class Sq(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            return 2 * ctx.saved_tensors[0] * g

    class SqJ(ember.autograd.Function):
        @staticmethod
        def forward(x):
            return x * x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_forward(inputs[0])

        @staticmethod
        def jvp(ctx, t):
            return 2 * ctx.saved_tensors[0] * t

    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2.]), ember.tensor([1., 1.]))
        with pytest.raises(NotImplementedError, match="^You must implement the jvp function for custom "
                                                      "autograd.Function to use it with forward mode AD.$"):
            Sq.apply(x)
        assert repr(SqJ.apply(x)) == "tensor([1., 4.], tangent=tensor([2., 4.]))"
    assert hasattr(ember.autograd.function.FunctionCtx, "save_for_forward")  # always there, as in PyTorch


def test_non_differentiable_backward_rule_raises(monkeypatch):
    """A backward rule that leaves the graph would give a wrong tangent: forward AD must raise."""
    from ember._tensor import _make
    x0 = ember.tensor([0.3, 0.7], dtype=ember.float64, requires_grad=True)
    node_cls = type(x0.sin().grad_fn)

    def opaque_backward(self, g):
        (x,) = self.saved() if self._saved else (None,)
        return _make(np.cos(np.asarray([0.3, 0.7])) * g.detach().numpy())

    monkeypatch.setattr(node_cls, "backward", opaque_backward)
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([0.3, 0.7], dtype=ember.float64),
                           ember.tensor([1., 2.], dtype=ember.float64))
        with pytest.raises(NotImplementedError, match="backward rule of an op it uses is not differentiable"):
            x.sin()


def test_functional_call_with_dual_parameters():
    ember.manual_seed(0)
    model = ember.nn.Sequential(ember.nn.Linear(3, 4), ember.nn.Tanh(), ember.nn.Linear(4, 2)).double()
    inp = ember.tensor([[0.1, -0.2, 0.3]], dtype=ember.float64)
    names = [n for n, _ in model.named_parameters()]
    base = {n: q.detach().clone() for n, q in model.named_parameters()}
    direction = {n: ember.ones_like(q) * 0.1 for n, q in base.items()}
    with fwAD.dual_level():
        params = {n: fwAD.make_dual(base[n], direction[n]) for n in names}
        got = _np(_tangent(ember.func.functional_call(model, params, (inp,))))

    def f(eps):
        return _np(ember.func.functional_call(model, {n: base[n] + eps * direction[n] for n in names}, (inp,)))
    np.testing.assert_allclose(got, (f(1e-6) - f(-1e-6)) / 2e-6, rtol=1e-6, atol=1e-9)


def test_iteration_and_multi_output_ops_stay_dual():
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1., 2.]), ember.tensor([1., 1.]))
        assert [repr(e) for e in x] == ["tensor(1., tangent=1.0)", "tensor(2., tangent=1.0)"]
        m = x.max(0)
        assert repr(m.values) == "tensor(2., tangent=1.0)" and _tangent(m.indices) is None
        a, b = ember.broadcast_tensors(x, ember.zeros(2))
        assert _tangent(a).tolist() == [1., 1.] and _tangent(b) is None


# --------------------------------------------------------------------------- against PyTorch
_TORCH_CASES = {
    "arith": lambda m, x: (x * 2 + 1) / (x * x + 1) - x ** 3,
    "sin_sum": lambda m, x: x.sin().sum(),
    "matmul": lambda m, x: x @ x.t(),
    "softmax": lambda m, x: m.nn.functional.softmax(x, dim=1),
    "log_softmax": lambda m, x: m.log_softmax(x, 0),
    "relu_mse": lambda m, x: m.nn.functional.mse_loss(m.relu(x), m.zeros(3, 4, dtype=m.float64)),
    "view_index": lambda m, x: x.view(12)[3:7].reshape(2, 2).t(),
    "cat_stack": lambda m, x: m.stack([m.cat([x, x * 2], 1), m.cat([x.exp(), x], 1)]),
    "where": lambda m, x: m.where(x > 0, x, x * x),
    "max_sort": lambda m, x: x.max(1).values + x.sort(1).values[:, 0],
    "conv2d": lambda m, x: m.nn.functional.conv2d(x.reshape(1, 1, 3, 4), m.ones(2, 1, 2, 2, dtype=m.float64)),
    "norm": lambda m, x: m.linalg.vector_norm(x, 3, dim=1),
    "setitem": lambda m, x: _setitem(m, x),
    "inplace_chain": lambda m, x: x.clone().mul_(2).add_(x).sin_(),
}


def _setitem(m, x):
    y = m.zeros(4, 5, dtype=m.float64)
    y[1:, 1:] = x
    y[0, 0] = x[0, 0] * 2
    return y


def _run_case(m, fw, fn, a, v):
    with fw.dual_level():
        y = fn(m, fw.make_dual(m.tensor(a), m.tensor(v)))
        return fw.unpack_dual(y).primal.detach().numpy().copy(), fw.unpack_dual(y).tangent.detach().numpy().copy()


@pytest.mark.parametrize("name", sorted(_TORCH_CASES))
def test_tangents_match_torch(name):
    torch = pytest.importorskip("torch")
    import torch.autograd.forward_ad as tfw
    rng = np.random.default_rng(0)
    a, v = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    tp, tt = _run_case(torch, tfw, _TORCH_CASES[name], a, v)
    ep, et = _run_case(ember, fwAD, _TORCH_CASES[name], a, v)
    np.testing.assert_allclose(ep, tp, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(et, tt, rtol=1e-9, atol=1e-12)


def test_reprs_match_torch():
    torch = pytest.importorskip("torch")
    import torch.autograd.forward_ad as tfw

    def program(m, fw):
        out = []
        with fw.dual_level():
            x = fw.make_dual(m.tensor([1., 2., 3.]), m.tensor([0.5, 1., -1.]))
            out += [repr(x), repr(x * 2 + 1), repr(x.sin().sum()), repr(x[1:]), repr(x.to(m.float64)),
                    repr(fw.unpack_dual(x * x)), repr(x.max(0))]
        out.append(repr(x))
        return out
    assert program(ember, fwAD) == program(torch, tfw)


def test_func_jvp_and_functional_jvp_match_torch():
    torch = pytest.importorskip("torch")
    e1 = ember.func.jvp(ember.sin, (ember.tensor([1., 2.]),), (ember.tensor([1., 1.]),))
    t1 = torch.func.jvp(torch.sin, (torch.tensor([1., 2.]),), (torch.tensor([1., 1.]),))
    assert repr(e1) == repr(t1)
    e2 = ember.autograd.functional.jvp(lambda t: t ** 2, ember.tensor([1., 2.]), ember.tensor([1., 1.]))
    t2 = torch.autograd.functional.jvp(lambda t: t ** 2, torch.tensor([1., 2.]), torch.tensor([1., 1.]))
    assert repr(e2) == repr(t2)


def test_module_is_exported():
    assert ember.autograd.forward_ad is fwAD
    assert isinstance(fwAD.make_dual, types.FunctionType)
