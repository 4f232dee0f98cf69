"""Lazy modules (``nn.LazyLinear`` & co) and ``UninitializedParameter``/``UninitializedBuffer``."""
import copy

import numpy as np
import pytest

import ember
import ember.nn as nn

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch not installed")


def _np(t):
    return np.asarray(t.detach().numpy())


# ------------------------------------------------------------ no torch needed
def test_lazy_linear_repr_and_class_swap():
    m = nn.LazyLinear(3)
    assert repr(m) == "LazyLinear(in_features=0, out_features=3, bias=True)"
    assert repr(m.weight) == "<UninitializedParameter>" and m.has_uninitialized_params()
    assert [repr(p) for p in m.parameters()] == ["<UninitializedParameter>"] * 2
    y = m(ember.ones(2, 4))
    assert type(m) is nn.Linear and repr(m) == "Linear(in_features=4, out_features=3, bias=True)"
    assert type(m.weight) is nn.Parameter and tuple(m.weight.shape) == (3, 4) and tuple(y.shape) == (2, 3)
    assert not hasattr(m, "_initialize_hook") and not m._forward_pre_hooks


def test_uninitialized_errors():
    p = nn.UninitializedParameter()
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized parameter"):
        p.shape
    with pytest.raises(ValueError, match=r"uninitialized parameter in <method 'add' of 'torch._C.TensorBase'"):
        p + 1
    with pytest.raises(ValueError, match=r"<method 'sum' of"):
        p.sum()
    with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter in <built-in method add"):
        ember.add(p, 1)
    with pytest.raises(RuntimeError, match="Can't share memory"):
        nn.LazyLinear(2).share_memory()
    assert tuple(p.size()) == (0,) and p.dtype == ember.float32 and p.requires_grad
    assert p.float() is p and type(p.double()) is ember.Tensor


def test_materialize_keeps_identity():
    p = nn.UninitializedParameter(dtype=ember.float64)
    p.materialize((2, 3))
    assert type(p) is nn.Parameter and tuple(p.shape) == (2, 3) and p.dtype == ember.float64
    b = nn.UninitializedBuffer()
    b.materialize((4,))
    assert type(b) is ember.Tensor and not b.requires_grad and tuple(b.shape) == (4,)


def test_state_dict_uninitialized_and_load_materialises():
    m = nn.LazyLinear(3)
    sd = m.state_dict()
    assert list(sd) == ["weight", "bias"] and repr(sd["weight"]) == "<UninitializedParameter>"
    assert repr(nn.LazyLinear(3).load_state_dict(sd)) == "<All keys matched successfully>"
    ref = nn.Linear(4, 3)
    m.load_state_dict(ref.state_dict())
    assert type(m).__name__ == "LazyLinear" and m.in_features == 0
    np.testing.assert_array_equal(_np(m.weight), _np(ref.weight))
    m(ember.ones(1, 4))
    assert repr(m) == "Linear(in_features=4, out_features=3, bias=True)"
    np.testing.assert_array_equal(_np(m.weight), _np(ref.weight))  # not re-initialised
    with pytest.raises(RuntimeError, match="Can't access the shape"):
        nn.Linear(4, 3).load_state_dict(nn.LazyLinear(3).state_dict())


def test_optimizer_built_before_dry_run_trains():
    m = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(1))
    opt = ember.optim.SGD(m.parameters(), lr=0.1)
    x, t = ember.randn(8, 3), ember.randn(8, 1)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = ((m(x) - t) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    assert [tuple(p.shape) for p in m.parameters()] == [(4, 3), (4,), (1, 4), (1,)]


@pytest.mark.parametrize("cls,args,shape,wshape,becomes", [
    (nn.LazyConv1d, (4, 3), (2, 3, 8), (4, 3, 3), "Conv1d"),
    (nn.LazyConv2d, (4, 3), (2, 2, 6, 6), (4, 2, 3, 3), "Conv2d"),
    (nn.LazyConv3d, (2, 2), (1, 2, 4, 4, 4), (2, 2, 2, 2, 2), "Conv3d"),
    (nn.LazyConvTranspose1d, (4, 3), (2, 3, 5), (3, 4, 3), "ConvTranspose1d"),
    (nn.LazyConvTranspose2d, (4, 3), (2, 2, 4, 4), (2, 4, 3, 3), "ConvTranspose2d"),
    (nn.LazyConvTranspose3d, (2, 2), (1, 2, 3, 3, 3), (2, 2, 2, 2, 2), "ConvTranspose3d"),
])
def test_lazy_conv_shapes(cls, args, shape, wshape, becomes):
    c = cls(*args)
    assert repr(c).startswith(cls.__name__ + "(0, ")
    c(ember.randn(*shape))
    assert type(c).__name__ == becomes and tuple(c.weight.shape) == wshape


def test_lazy_conv_errors():
    with pytest.raises(RuntimeError, match=r"Expected 3D \(unbatched\) or 4D \(batched\) input to LazyConv2d"):
        nn.LazyConv2d(4, 3)(ember.ones(3, 3))
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.LazyConv2d(4, 3, groups=2)(ember.ones(1, 3, 5, 5))


@pytest.mark.parametrize("cls,shape", [
    (nn.LazyBatchNorm1d, (4, 3)), (nn.LazyBatchNorm2d, (2, 3, 2, 2)), (nn.LazyBatchNorm3d, (2, 3, 2, 2, 2)),
    (nn.LazyInstanceNorm1d, (2, 3, 4)), (nn.LazyInstanceNorm2d, (2, 3, 2, 2)),
    (nn.LazyInstanceNorm3d, (2, 3, 2, 2, 2)),
])
def test_lazy_norm(cls, shape):
    b = cls()
    assert [repr(v) for v in b.state_dict().values()][:4] == ["<UninitializedParameter>"] * 2 + [
        "<UninitializedBuffer>"] * 2
    b(ember.randn(*shape))
    assert type(b).__name__ == cls.__name__[4:] and b.num_features == 3
    assert type(b.running_mean) is ember.Tensor and tuple(b.running_mean.shape) == (3,)


# ------------------------------------------------------------- torch oracle
@needs_torch
def test_linear_values_match_torch():
    torch.manual_seed(0)
    tm = torch.nn.LazyLinear(3)
    ty = tm(torch.ones(2, 4))
    ember.manual_seed(0)
    em = nn.LazyLinear(3)
    ey = em(ember.ones(2, 4))
    np.testing.assert_allclose(_np(em.weight), tm.weight.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(_np(em.bias), tm.bias.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(_np(ey), ty.detach().numpy(), rtol=1e-5)
    assert repr(em) == repr(tm) and str(em.weight) == str(tm.weight)


@needs_torch
@pytest.mark.parametrize("name,args,shape", [
    ("LazyConv1d", (4, 3), (2, 3, 8)), ("LazyConv2d", (4, 3, 2, 1, 1, 2, False), (1, 4, 5, 5)),
    ("LazyConv3d", (2, 2), (1, 2, 4, 4, 4)), ("LazyConvTranspose1d", (4, 3), (2, 3, 5)),
    ("LazyConvTranspose2d", (4, 3), (2, 2, 4, 4)), ("LazyConvTranspose3d", (2, 2), (1, 2, 3, 3, 3)),
])
def test_conv_values_and_reprs_match_torch(name, args, shape):
    torch.manual_seed(1)
    tc = getattr(torch.nn, name)(*args)
    before = repr(tc)
    tc(torch.randn(*shape))
    ember.manual_seed(1)
    ec = getattr(nn, name)(*args)
    assert repr(ec) == before
    ec(ember.randn(*shape))
    assert repr(ec) == repr(tc)
    np.testing.assert_allclose(_np(ec.weight), tc.weight.detach().numpy(), rtol=1e-6)
    if tc.bias is not None:
        np.testing.assert_allclose(_np(ec.bias), tc.bias.detach().numpy(), rtol=1e-6)


@needs_torch
@pytest.mark.parametrize("name", ["LazyBatchNorm1d", "LazyInstanceNorm1d"])
def test_norm_repr_and_state_dict_match_torch(name):
    t, e = getattr(torch.nn, name)(), getattr(nn, name)()
    assert repr(e) == repr(t)
    assert repr(e.state_dict()) == repr(t.state_dict())
    torch.manual_seed(2)
    t(torch.randn(2, 3, 4))
    ember.manual_seed(2)
    e(ember.randn(2, 3, 4))
    assert repr(e) == repr(t) and repr(e.state_dict()) == repr(t.state_dict())


@needs_torch
def test_error_messages_match_torch():
    def msg(fn):
        try:
            fn()
        except Exception as ex:  # noqa: BLE001
            return type(ex).__name__, str(ex)
        return None
    for f in (lambda n: n.UninitializedParameter() + 1, lambda n: n.UninitializedParameter().sum(),
              lambda n: n.UninitializedParameter().shape, lambda n: n.UninitializedParameter().mul_(2),
              lambda n: n.LazyLinear(3).requires_grad_(False), lambda n: n.LazyLinear(3).share_memory(),
              lambda n: n.UninitializedParameter()[0]):
        assert msg(lambda: f(nn)) == msg(lambda: f(torch.nn))


@needs_torch
def test_double_then_dry_run_matches_torch():
    torch.manual_seed(0)
    t = torch.nn.LazyLinear(3).double()
    assert t.weight.dtype == torch.float64
    t(torch.ones(2, 4, dtype=torch.float64))
    ember.manual_seed(0)
    e = nn.LazyLinear(3).double()
    assert e.weight.dtype == ember.float64 and repr(e.weight) == "<UninitializedParameter>"
    e(ember.ones(2, 4, dtype=ember.float64))
    assert str(e.weight) == str(t.weight)
    assert repr(copy.deepcopy(nn.LazyLinear(3)).weight) == "<UninitializedParameter>"
