"""ember.nn core: Module API, containers, layers, activations, init, utils.

Comparisons with real PyTorch are skipped when ``torch`` is not importable;
the float64 gradient checks and API checks run without it.
"""
from __future__ import annotations

import copy
import math

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F

try:
    import torch
    import torch.nn.functional as TF
except ImportError:  # pragma: no cover - depends on the environment
    torch = None
    TF = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")

RNG = np.random.default_rng(1234)


# ----------------------------------------------------------------- helpers
def numerical_gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-4, eval_no_grad=True):
    """Central differences vs autograd for float64 inputs; ``fn`` returns a tensor."""
    out = fn(*inputs)
    g = ember.tensor(RNG.standard_normal(out.shape))
    grads = ember.autograd.grad(out, inputs, g, allow_unused=True)
    for inp, an in zip(inputs, grads):
        data = inp.detach().numpy()
        num = np.zeros_like(data)
        flat = data.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            with ember.set_grad_enabled(not eval_no_grad):
                fp = (fn(*inputs) * g).sum().item()
            flat[i] = old - eps
            with ember.set_grad_enabled(not eval_no_grad):
                fm = (fn(*inputs) * g).sum().item()
            flat[i] = old
            num.reshape(-1)[i] = (fp - fm) / (2 * eps)
        a = np.zeros_like(data) if an is None else an.numpy()
        np.testing.assert_allclose(a, num, atol=atol, rtol=rtol)


def f64(shape, scale=1.0, positive=False):
    a = RNG.standard_normal(shape) * scale
    if positive:
        a = np.abs(a) + 0.1
    return ember.tensor(a, dtype=ember.float64, requires_grad=True)


def copy_params(src, dst):
    for (n1, p1), (n2, p2) in zip(src.named_parameters(), dst.named_parameters()):
        assert n1 == n2
        with ember.no_grad():
            p2.copy_(ember.tensor(p1.detach().numpy()))


def build(lib, fn):
    return fn(lib.nn)


def assert_close(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol)


# ========================================================= initialisation
def test_linear_manual_seed_bit_identical_golden():
    ember.manual_seed(0)
    m = nn.Linear(1, 1)
    assert m.weight.item().hex() == "-0x1.eaa8000000000p-8"
    assert m.bias.item().hex() == "0x1.12a8bc0000000p-1"
    ember.manual_seed(0)
    m = nn.Linear(3, 2)
    assert m.weight.detach().numpy().tobytes().hex() == "e8a38dbb13939e3e7e4bf3bec98bd9beb1b463be53891e3e"
    assert m.bias.detach().numpy().tobytes().hex() == "406b3bbc7a61ea3e"
    ember.manual_seed(0)
    e = nn.Embedding(4, 2)
    assert e.weight.detach().numpy().tobytes().hex() == (
        "5c3fc53f503c96be49710bc0b684113fa1d18abf2d05b3bf7a83ce3ee588563f")


def test_snippet_003_2_linear_output():
    ember.manual_seed(0)
    model = nn.Linear(1, 1)
    x = ember.tensor([[1.0]], requires_grad=True)
    loss = (model(x) - 2.0) ** 2
    loss.backward()
    assert str(x.grad) == "tensor([[0.0220]])"
    assert str(model.weight.grad) == "tensor([[-2.9421]])"
    assert str(model.bias.grad) == "tensor([-2.9421])"
    assert repr(model) == "Linear(in_features=1, out_features=1, bias=True)"


@needs_torch
@pytest.mark.parametrize("make", [
    lambda nn: nn.Linear(5, 7), lambda nn: nn.Bilinear(3, 4, 2), lambda nn: nn.Embedding(20, 5),
    lambda nn: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), lambda nn: nn.PReLU(3),
    lambda nn: nn.LayerNorm(4), lambda nn: nn.BatchNorm1d(3),
])
def test_default_init_matches_torch(make):
    torch.manual_seed(7)
    mt = make(torch.nn)
    ember.manual_seed(7)
    me = make(nn)
    for (n1, a), (n2, b) in zip(mt.named_parameters(), me.named_parameters()):
        assert n1 == n2
        assert np.array_equal(a.detach().numpy(), b.detach().numpy()), n1
    # the generator advanced identically
    assert np.array_equal(torch.rand(3).numpy(), ember.rand(3).numpy())


@needs_torch
@pytest.mark.parametrize("name,args", [
    ("uniform_", (-0.3, 0.7)), ("normal_", (0.5, 2.0)), ("xavier_uniform_", ()), ("xavier_normal_", (1.5,)),
    ("kaiming_uniform_", ()), ("kaiming_normal_", (0, "fan_out", "relu")), ("trunc_normal_", (0.0, 1.0, -2, 2)),
    ("trunc_normal_", (0.0, 1.0, 0.5, 3.0)), ("constant_", (0.25,)), ("ones_", ()), ("zeros_", ()), ("eye_", ()),
])
def test_init_functions_match_torch(name, args):
    torch.manual_seed(3)
    t = torch.empty(6, 40)
    getattr(torch.nn.init, name)(t, *args)
    ember.manual_seed(3)
    e = ember.empty(6, 40)
    r = getattr(nn.init, name)(e, *args)
    assert r is e
    assert np.array_equal(t.numpy(), e.numpy())


@needs_torch
def test_orthogonal_and_gain():
    torch.manual_seed(0)
    t = torch.empty(4, 6)
    torch.nn.init.orthogonal_(t, gain=2.0)
    ember.manual_seed(0)
    e = ember.empty(4, 6)
    nn.init.orthogonal_(e, gain=2.0)
    assert_close(t.numpy(), e.numpy(), rtol=1e-4, atol=1e-5)
    for args in [("linear",), ("tanh",), ("relu",), ("leaky_relu", 0.2), ("selu",), ("conv2d",)]:
        assert nn.init.calculate_gain(*args) == torch.nn.init.calculate_gain(*args)
    w = ember.empty(3, 4, 5, 5)
    assert nn.init._calculate_fan_in_and_fan_out(w) == (100, 75)
    with pytest.raises(ValueError, match="Fan in and fan out can not be computed"):
        nn.init._calculate_fan_in_and_fan_out(ember.empty(3))


# ============================================================ Module API
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.act = nn.ReLU()
        self.block = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout(0.1))
        self.register_buffer("scale", ember.ones(1))
        self.register_buffer("tmp", ember.zeros(2), persistent=False)

    def forward(self, x):
        return self.block(self.act(self.fc1(x))) * self.scale


def test_registration_and_iteration():
    net = Net()
    assert [n for n, _ in net.named_parameters()] == [
        "fc1.weight", "fc1.bias", "block.0.weight", "block.0.bias", "block.1.weight", "block.1.bias"]
    assert [n for n, _ in net.named_buffers()] == [
        "scale", "tmp", "block.1.running_mean", "block.1.running_var", "block.1.num_batches_tracked"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "act", "block", "block.0", "block.1", "block.2"]
    assert [n for n, _ in net.named_children()] == ["fc1", "act", "block"]
    assert list(net.state_dict().keys()) == [
        "scale", "fc1.weight", "fc1.bias", "block.0.weight", "block.0.bias", "block.1.weight", "block.1.bias",
        "block.1.running_mean", "block.1.running_var", "block.1.num_batches_tracked"]
    assert [n for n, _ in net.named_parameters(prefix="m", recurse=False)] == []
    assert [n for n, _ in net.fc1.named_parameters(prefix="m")] == ["m.weight", "m.bias"]
    assert isinstance(net.fc1.weight, nn.Parameter) and isinstance(net.fc1.weight, ember.Tensor)
    # dedup of shared modules / parameters
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, lin)
    assert len(list(seq.parameters())) == 2
    assert [n for n, _ in seq.named_modules()] == ["", "0"]
    assert len(list(seq.named_modules(remove_duplicate=False))) == 3


def test_setattr_delattr_rules():
    m = nn.Module()
    m.w = nn.Parameter(ember.ones(1))
    assert "w" in m._parameters
    with pytest.raises(TypeError, match=r"cannot assign 'torch.FloatTensor' as parameter 'w' \(torch.nn.Parameter or None expected\)"):
        m.w = ember.ones(1)
    m.w = None
    assert m.w is None and list(m.named_parameters()) == []
    m.sub = nn.Linear(1, 1)
    assert "sub" in m._modules
    with pytest.raises(TypeError, match="as child module 'sub'"):
        m.sub = 3
    m.register_buffer("b", ember.ones(2))
    m.b = ember.zeros(3)
    assert m._buffers["b"].shape == (3,)
    with pytest.raises(KeyError, match="attribute 'sub' already exists"):
        m.register_buffer("sub", ember.ones(1))
    with pytest.raises(KeyError):
        m.register_parameter("a.b", None)
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        m.add_module("x", 3)
    del m.sub
    assert not hasattr(m, "sub")
    with pytest.raises(AttributeError, match="'Module' object has no attribute 'sub'"):
        m.sub
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'foo'"):
        nn.Linear(1, 1).foo

    class Bad(nn.Module):
        def __init__(self):
            self.lin = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"cannot assign module before Module.__init__\(\) call"):
        Bad()
    with pytest.raises(ValueError, match="Cannot assign non-leaf Tensor to parameter 'p'"):
        from ember._tensor import _make
        p = nn.Parameter(ember.ones(1))
        q = _make((p * 2)._data, (p * 2).grad_fn, nn.Parameter)
        nn.Module().register_parameter("p", q)
    with pytest.raises(NotImplementedError, match=r'Module \[Module\] is missing the required "forward" function'):
        nn.Module()(1)


def test_state_dict_roundtrip_and_errors():
    net = Net()
    sd = net.state_dict()
    assert all(not v.requires_grad for v in sd.values())
    assert net.state_dict(keep_vars=True)["fc1.weight"] is net.fc1.weight
    assert sd._metadata[""] == {"version": 1} and sd._metadata["block.1"] == {"version": 2}
    other = Net()
    r = other.load_state_dict(sd)
    assert repr(r) == "<All keys matched successfully>"
    assert np.array_equal(other.fc1.weight.detach().numpy(), net.fc1.weight.detach().numpy())
    bad = dict(sd)
    del bad["fc1.bias"]
    bad["extra.weight"] = ember.ones(1)
    with pytest.raises(RuntimeError) as ei:
        other.load_state_dict(bad)
    assert str(ei.value) == ('Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc1.bias". '
                             '\n\tUnexpected key(s) in state_dict: "extra.weight". ')
    r = other.load_state_dict(bad, strict=False)
    assert r.missing_keys == ["fc1.bias"] and r.unexpected_keys == ["extra.weight"]
    assert repr(r) == "_IncompatibleKeys(missing_keys=['fc1.bias'], unexpected_keys=['extra.weight'])"
    bad = dict(sd)
    bad["fc1.weight"] = ember.ones(5, 3)
    with pytest.raises(RuntimeError) as ei:
        other.load_state_dict(bad)
    assert str(ei.value) == (
        "Error(s) in loading state_dict for Net:\n\tsize mismatch for fc1.weight: copying a param with shape "
        "torch.Size([5, 3]) from checkpoint, the shape in current model is torch.Size([4, 3]).")
    lin = nn.Linear(2, 3)
    with pytest.raises(RuntimeError) as ei:
        lin.load_state_dict({"weight": ember.ones(3, 2)})
    assert str(ei.value) == 'Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". '
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like"):
        lin.load_state_dict([1])
    w = lin.weight
    lin.load_state_dict({"weight": ember.zeros(3, 2), "bias": ember.zeros(3)})
    assert lin.weight is w and float(w.sum()) == 0.0 and w.requires_grad


def test_train_eval_zero_grad_requires_grad_apply_to():
    net = Net()
    assert net.training and not net.eval().training and not net.block[1].training
    assert net.train().block[2].training
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        net.train("no")
    net(ember.randn(5, 3)).sum().backward()
    assert net.fc1.weight.grad is not None
    net.zero_grad()
    assert net.fc1.weight.grad is None
    net(ember.randn(5, 3)).sum().backward()
    g = net.fc1.weight.grad
    net.zero_grad(set_to_none=False)
    assert net.fc1.weight.grad is g and float(g.abs().sum()) == 0.0
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Linear", "BatchNorm1d", "Dropout", "Sequential", "Net"]
    lin = nn.Linear(2, 2)
    w = lin.weight
    assert lin.double() is lin and lin.weight is w and w.dtype == ember.float64
    lin.float()
    assert w.dtype == ember.float32
    lin.to(ember.float64)
    assert w.dtype == ember.float64
    lin.to(dtype=ember.float32).cpu()
    assert w.dtype == ember.float32
    with pytest.raises(TypeError, match="nn.Module.to only accepts floating point or complex dtypes, but got "
                                        r"desired dtype=torch.int64"):
        lin.to(ember.int64)
    bn = nn.BatchNorm1d(2).double()
    assert bn.running_mean.dtype == ember.float64 and bn.num_batches_tracked.dtype == ember.int64


def test_submodule_getters_and_dir():
    net = Net()
    assert net.get_submodule("block.1") is net.block[1]
    with pytest.raises(AttributeError, match="Sequential has no attribute `5`"):
        net.get_submodule("block.5")
    assert net.get_parameter("fc1.weight") is net.fc1.weight
    with pytest.raises(AttributeError, match="`act` is not an nn.Parameter"):
        net.get_parameter("act")
    assert net.get_buffer("block.1.running_mean") is net.block[1].running_mean
    d = dir(net)
    assert "fc1" in d and "scale" in d and "forward" in d and "T_destination" in d


def test_hooks():
    lin = nn.Linear(2, 3)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, inp: calls.append("pre"))
    h2 = lin.register_forward_hook(lambda m, inp, out: out * 0)
    h3 = lin.register_forward_pre_hook(lambda m, a, k: ((a[0] * 2,), k), with_kwargs=True)
    out = lin(ember.ones(1, 2))
    assert calls == ["pre"] and float(out.abs().sum()) == 0.0
    for h in (h1, h2, h3):
        h.remove()
    assert not lin._forward_hooks and not lin._forward_pre_hooks and not lin._forward_pre_hooks_with_kwargs
    seen = {}

    def bh(m, gi, go):
        seen["gi"] = [tuple(g.shape) for g in gi]
        seen["go"] = [tuple(g.shape) for g in go]
        return (gi[0] * 10,)

    hb = lin.register_full_backward_hook(bh)
    x = ember.ones(4, 2, requires_grad=True)
    y = lin(x)
    assert y.grad_fn.name() == "BackwardHookFunctionBackward"
    y.sum().backward()
    assert seen == {"gi": [(4, 2)], "go": [(4, 3)]}
    expected = lin.weight.detach().numpy().sum(0) * 10
    assert_close(x.grad.numpy(), np.tile(expected, (4, 1)))
    hb.remove()
    bil = nn.Bilinear(2, 3, 1)
    got = []
    bil.register_full_backward_pre_hook(lambda m, go: got.append(("pre", tuple(go[0].shape))))
    bil.register_full_backward_hook(lambda m, gi, go: got.append(("post", [tuple(g.shape) for g in gi])))
    a, b = ember.randn(4, 2, requires_grad=True), ember.randn(4, 3, requires_grad=True)
    bil(a, b).sum().backward()
    assert got == [("pre", (4, 1)), ("post", [(4, 2), (4, 3)])] and a.grad.shape == (4, 2) and b.grad.shape == (4, 3)
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full backward hooks"):
        lin.register_full_backward_hook(bh)
        lin.register_backward_hook(bh)


def test_containers():
    s = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1))
    assert len(s) == 3 and isinstance(s[-1], nn.Linear) and isinstance(s[0:2], nn.Sequential)
    assert [type(m).__name__ for m in s] == ["Linear", "ReLU", "Linear"]
    with pytest.raises(IndexError, match="index 3 is out of range"):
        s[3]
    s.append(nn.Tanh())
    s.insert(0, nn.Identity())
    del s[1]
    assert [k for k in s._modules] == ["0", "1", "2", "3"]
    assert repr(s) == "Sequential(\n  (0): Identity()\n  (1): ReLU()\n  (2): Linear(in_features=2, out_features=1, bias=True)\n  (3): Tanh()\n)"
    from collections import OrderedDict
    s2 = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Sigmoid())]))
    assert repr(s2) == "Sequential(\n  (a): ReLU()\n  (b): Sigmoid()\n)"
    assert len(s2 + s2) == 4 and len(s2 * 3) == 6
    ml = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU()])
    assert repr(ml) == ("ModuleList(\n  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n"
                        "  (2): ReLU()\n)")
    ml.append(nn.ReLU()).extend([nn.Tanh()])
    assert len(ml) == 5 and len(list(ml.parameters())) == 4
    md = nn.ModuleDict({"b": nn.ReLU(), "a": nn.Tanh()})
    assert list(md.keys()) == ["b", "a"] and "a" in md and isinstance(md["a"], nn.Tanh)
    md["c"] = nn.Identity()
    assert len(md) == 3 and md.pop("c").__class__ is nn.Identity
    pl = nn.ParameterList([nn.Parameter(ember.ones(2)), ember.zeros(3, 1)])
    assert isinstance(pl[1], nn.Parameter) and len(pl) == 2
    assert repr(pl) == ("ParameterList(\n    (0): Parameter containing: [torch.float32 of size 2]\n"
                        "    (1): Parameter containing: [torch.float32 of size 3x1]\n)")
    pd = nn.ParameterDict({"w": nn.Parameter(ember.ones(2, 2)), "x": ember.ones(1)})
    assert list(pd.keys()) == ["w", "x"]
    assert repr(pd) == ("ParameterDict(\n    (w): Parameter containing: [torch.FloatTensor of size 2x2]\n"
                        "    (x): Parameter containing: [torch.FloatTensor of size 1]\n)")
    holder = nn.Module()
    holder.pl = pl
    assert [n for n, _ in holder.named_parameters()] == ["pl.0", "pl.1"]


def test_parameter_basics_and_pickle():
    t = ember.ones(2)
    p = nn.Parameter(t)
    assert p.requires_grad and p.is_leaf and type(p).__name__ == "Parameter"
    assert repr(p) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert repr(nn.Parameter(ember.tensor([1, 2]), requires_grad=False)) == "Parameter containing:\ntensor([1, 2])"
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require gradients"):
        nn.Parameter(ember.tensor([1, 2]))
    assert type(p * 2) is ember.Tensor
    with ember.no_grad():
        t.add_(1)
    assert float(p.sum()) == 4.0  # storage is shared
    q = copy.deepcopy(p)
    assert isinstance(q, nn.Parameter) and q is not p and np.array_equal(q.detach().numpy(), p.detach().numpy())
    lin = nn.Linear(2, 2)
    lin2 = copy.deepcopy(lin)
    assert lin2.weight is not lin.weight and np.array_equal(lin2.weight.detach().numpy(), lin.weight.detach().numpy())


@needs_torch
def test_module_reprs_match_torch():
    makers = [
        lambda nn: nn.ReLU(), lambda nn: nn.ReLU(True), lambda nn: nn.LeakyReLU(), lambda nn: nn.LeakyReLU(0.2, True),
        lambda nn: nn.ELU(), lambda nn: nn.ELU(0.5, True), lambda nn: nn.SELU(), lambda nn: nn.CELU(),
        lambda nn: nn.GELU(), lambda nn: nn.GELU("tanh"), lambda nn: nn.SiLU(), lambda nn: nn.Mish(),
        lambda nn: nn.Softplus(), lambda nn: nn.Softplus(2, 10), lambda nn: nn.Sigmoid(), lambda nn: nn.Tanh(),
        lambda nn: nn.Hardtanh(), lambda nn: nn.Hardtanh(-2, 2, True), lambda nn: nn.ReLU6(), lambda nn: nn.ReLU6(True),
        lambda nn: nn.Softmax(dim=1), lambda nn: nn.Softmax(), lambda nn: nn.LogSoftmax(1), lambda nn: nn.Softmin(0),
        lambda nn: nn.Softsign(), lambda nn: nn.Hardsigmoid(), lambda nn: nn.Hardswish(), lambda nn: nn.PReLU(),
        lambda nn: nn.PReLU(3), lambda nn: nn.Threshold(0.1, 20), lambda nn: nn.Threshold(0.1, 20, True),
        lambda nn: nn.GLU(), lambda nn: nn.Tanhshrink(), lambda nn: nn.LogSigmoid(), lambda nn: nn.Softshrink(),
        lambda nn: nn.Hardshrink(1.0), lambda nn: nn.RReLU(),
        lambda nn: nn.MSELoss(), lambda nn: nn.CrossEntropyLoss(), lambda nn: nn.BCEWithLogitsLoss(),
        lambda nn: nn.BatchNorm1d(3), lambda nn: nn.BatchNorm2d(4, affine=False, track_running_stats=False),
        lambda nn: nn.BatchNorm2d(4, momentum=None), lambda nn: nn.LayerNorm(5), lambda nn: nn.LayerNorm((2, 3), elementwise_affine=False),
        lambda nn: nn.LayerNorm(4, bias=False), lambda nn: nn.GroupNorm(2, 4), lambda nn: nn.Dropout(),
        lambda nn: nn.Dropout(0.2, True), lambda nn: nn.Dropout1d(), lambda nn: nn.Dropout2d(), lambda nn: nn.AlphaDropout(),
        lambda nn: nn.Embedding(10, 3), lambda nn: nn.Embedding(10, 3, padding_idx=0),
        lambda nn: nn.Embedding(10, 3, max_norm=1.0, scale_grad_by_freq=True, sparse=True), lambda nn: nn.Identity(),
        lambda nn: nn.Linear(2, 3, bias=False), lambda nn: nn.Bilinear(2, 3, 4), lambda nn: nn.Flatten(),
        lambda nn: nn.Unflatten(1, (2, 3)), lambda nn: nn.RMSNorm(4),
        lambda nn: nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Linear(2, 1)), nn.ModuleList([nn.Tanh(), nn.Tanh()])),
        lambda nn: nn.ModuleDict({"enc": nn.Linear(1, 1), "list": nn.ModuleList()}),
    ]
    for mk in makers:
        assert repr(mk(nn)) == repr(mk(torch.nn))


# ================================================================ layers
LAYER_CASES = [
    ("linear2d", lambda nn: nn.Linear(3, 4), [(5, 3)], "AddmmBackward0"),
    ("linear3d", lambda nn: nn.Linear(3, 4), [(2, 5, 3)], "ViewBackward0"),
    ("linear1d", lambda nn: nn.Linear(3, 4), [(3,)], "ViewBackward0"),
    ("linear_nobias2d", lambda nn: nn.Linear(3, 4, bias=False), [(5, 3)], "MmBackward0"),
    ("linear_nobias3d", lambda nn: nn.Linear(3, 4, bias=False), [(2, 5, 3)], "UnsafeViewBackward0"),
    ("linear_nobias1d", lambda nn: nn.Linear(3, 4, bias=False), [(3,)], "SqueezeBackward4"),
    ("bilinear", lambda nn: nn.Bilinear(3, 2, 4), [(5, 3), (5, 2)], "AddBackward0"),
    ("layernorm", lambda nn: nn.LayerNorm(4), [(2, 3, 4)], "NativeLayerNormBackward0"),
    ("layernorm2", lambda nn: nn.LayerNorm((3, 4), elementwise_affine=False), [(2, 3, 4)], "NativeLayerNormBackward0"),
    ("groupnorm", lambda nn: nn.GroupNorm(2, 4), [(3, 4, 5)], "NativeGroupNormBackward0"),
    ("groupnorm4d", lambda nn: nn.GroupNorm(4, 4), [(2, 4, 2, 3)], "NativeGroupNormBackward0"),
    ("prelu", lambda nn: nn.PReLU(4), [(3, 4, 2)], "PreluKernelBackward0"),
    ("mlp", lambda nn: nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.LayerNorm(8), nn.SiLU(), nn.Linear(8, 2)),
     [(7, 4)], "AddmmBackward0"),
    ("flatten", lambda nn: nn.Sequential(nn.Flatten(), nn.Unflatten(1, (2, 6))), [(3, 3, 4)], "ViewBackward0"),
]


def _run_layer(lib, module, xs):
    inputs = [lib.tensor(a, requires_grad=True) for a in xs]
    out = module(*inputs)
    g = np.linspace(-1, 1, int(np.prod(out.shape))).reshape(tuple(out.shape)).astype(np.float32)
    out.backward(lib.tensor(g))
    return out, inputs


@needs_torch
@pytest.mark.parametrize("label,make,shapes,node", LAYER_CASES, ids=[c[0] for c in LAYER_CASES])
def test_layers_match_torch(label, make, shapes, node):
    torch.manual_seed(0)
    mt = make(torch.nn)
    me = make(nn)
    copy_params(mt, me)
    xs = [RNG.standard_normal(s).astype(np.float32) for s in shapes]
    ot, it = _run_layer(torch, mt, xs)
    oe, ie = _run_layer(ember, me, xs)
    assert oe.grad_fn.name() == type(ot.grad_fn).__name__ == node
    assert oe.dtype == ember.float32
    assert_close(ot.detach().numpy(), oe.detach().numpy(), 1e-5, 1e-5)
    for a, b in zip(it, ie):
        assert b.grad.dtype == ember.float32
        assert_close(a.grad.numpy(), b.grad.numpy(), 1e-4, 1e-5)
    for (n, a), (_, b) in zip(mt.named_parameters(), me.named_parameters()):
        assert_close(a.grad.numpy(), b.grad.numpy(), 1e-4, 1e-5)
    assert repr(mt) == repr(me)


@needs_torch
@pytest.mark.parametrize("momentum,shape,steps", [(0.1, (6, 3), 3), (None, (4, 3, 2, 2), 3), (0.3, (5, 3, 4), 2)])
def test_batchnorm_running_stats_match_torch(momentum, shape, steps):
    mk = (lambda nn: nn.BatchNorm2d(3, momentum=momentum)) if len(shape) == 4 else (
        lambda nn: nn.BatchNorm1d(3, momentum=momentum))
    mt, me = mk(torch.nn), mk(nn)
    with torch.no_grad():
        mt.weight.mul_(1.5)
        mt.bias.add_(0.2)
    copy_params(mt, me)
    for _ in range(steps):
        xs = [RNG.standard_normal(shape).astype(np.float32)]
        ot, it = _run_layer(torch, mt, xs)
        oe, ie = _run_layer(ember, me, xs)
        assert_close(ot.detach().numpy(), oe.detach().numpy(), 1e-5, 1e-5)
        assert_close(it[0].grad.numpy(), ie[0].grad.numpy(), 1e-4, 1e-5)
    for (n, a), (_, b) in zip(mt.named_buffers(), me.named_buffers()):
        assert_close(a.numpy(), b.numpy(), 1e-5, 1e-6)
    assert me.num_batches_tracked.item() == steps
    mt.eval()
    me.eval()
    xs = [RNG.standard_normal(shape).astype(np.float32)]
    ot, it = _run_layer(torch, mt, xs)
    oe, ie = _run_layer(ember, me, xs)
    assert_close(ot.detach().numpy(), oe.detach().numpy(), 1e-5, 1e-5)
    assert_close(it[0].grad.numpy(), ie[0].grad.numpy(), 1e-4, 1e-5)
    assert_close(mt.weight.grad.numpy(), me.weight.grad.numpy(), 1e-4, 1e-5)
    assert me.num_batches_tracked.item() == steps


def test_batchnorm_errors_and_no_stats():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        bn(ember.randn(2, 3, 4, 5))
    with pytest.raises(ValueError, match=r"Expected more than 1 value per channel when training, got input size "
                                         r"torch.Size\(\[1, 3\]\)"):
        bn(ember.randn(1, 3))
    with pytest.raises(RuntimeError, match="running_mean should contain 4 elements not 3"):
        bn(ember.randn(2, 4))
    bn2 = nn.BatchNorm1d(3, affine=False, track_running_stats=False).eval()
    out = bn2(ember.randn(6, 3, dtype=ember.float64) * 3 + 1)
    assert_close(out.numpy().mean(0), np.zeros(3), atol=1e-7)
    assert bn2.running_mean is None and [n for n, _ in bn2.named_buffers()] == []


@needs_torch
@pytest.mark.parametrize("kw", [{}, {"padding_idx": 2}, {"scale_grad_by_freq": True}, {"max_norm": 1.0}])
def test_embedding_matches_torch(kw):
    torch.manual_seed(5)
    mt = torch.nn.Embedding(10, 3, **kw)
    ember.manual_seed(5)
    me = nn.Embedding(10, 3, **kw)
    assert np.array_equal(mt.weight.detach().numpy(), me.weight.detach().numpy())
    idx = RNG.integers(0, 10, (4, 5))
    ot, oe = mt(torch.tensor(idx)), me(ember.tensor(idx))
    assert oe.grad_fn.name() == "EmbeddingBackward0"
    g = RNG.standard_normal((4, 5, 3)).astype(np.float32)
    ot.backward(torch.tensor(g))
    oe.backward(ember.tensor(g))
    assert_close(ot.detach().numpy(), oe.detach().numpy())
    assert_close(mt.weight.grad.numpy(), me.weight.grad.numpy())
    assert_close(mt.weight.detach().numpy(), me.weight.detach().numpy())


def test_embedding_api_and_errors():
    w = ember.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    e = nn.Embedding.from_pretrained(w)
    assert not e.weight.requires_grad and repr(e) == "Embedding(3, 2)"
    assert e(ember.tensor([2, 0])).tolist() == [[5.0, 6.0], [1.0, 2.0]]
    e2 = nn.Embedding(5, 2, padding_idx=-1)
    assert e2.padding_idx == 4 and float(e2.weight[4].abs().sum()) == 0.0
    out = e2(ember.tensor([4, 4, 1]))
    out.sum().backward()
    assert e2.weight.grad[4].tolist() == [0.0, 0.0] and e2.weight.grad[1].tolist() == [1.0, 1.0]
    with pytest.raises(IndexError, match="index out of range in self"):
        e2(ember.tensor([5]))
    with pytest.raises(RuntimeError, match="Expected tensor for argument #1 'indices' to have one of the following "
                                           "scalar types: Long, Int; but got torch.FloatTensor instead"):
        e2(ember.tensor([1.0]))
    assert F.one_hot(ember.tensor([0, 2])).tolist() == [[1, 0, 0], [0, 0, 1]]
    assert F.one_hot(ember.tensor([1]), 4).dtype == ember.int64
    with pytest.raises(RuntimeError, match="Class values must be smaller than num_classes."):
        F.one_hot(ember.tensor([1, 5]), 3)
    with pytest.raises(RuntimeError, match="one_hot is only applicable to index tensor of type LongTensor."):
        F.one_hot(ember.tensor([1.0]))


def test_linear_errors():
    lin = nn.Linear(3, 4)
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(1x2 and 3x4\)"):
        lin(ember.ones(1, 2))
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(10x2 and 3x4\)"):
        lin(ember.ones(2, 5, 2))
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype, but got Double and Float"):
        lin(ember.ones(2, 3, dtype=ember.float64))
    with pytest.raises(RuntimeError, match="both arguments to linear need to be at least 1D, but they are 0D and 2D"):
        F.linear(ember.tensor(1.0), lin.weight, lin.bias)
    with pytest.raises(RuntimeError, match=r"The expanded size of the tensor \(4\) must match the existing size \(3\) "
                                           r"at non-singleton dimension 1.  Target sizes: \[5, 4\].  Tensor sizes: \[3\]"):
        F.linear(ember.ones(5, 3), lin.weight, ember.ones(3))


def test_linear_float64_and_no_upcast():
    lin = nn.Linear(3, 2).double()
    x = ember.randn(4, 3, dtype=ember.float64, requires_grad=True)
    y = lin(x)
    assert y.dtype == ember.float64
    lin32 = nn.Linear(3, 2)
    x32 = ember.randn(4, 3, requires_grad=True)
    y32 = nn.LayerNorm(2)(F.gelu(lin32(x32)))
    y32.sum().backward()
    assert y32.dtype == ember.float32 and x32.grad.dtype == ember.float32
    assert lin32.weight.grad.dtype == ember.float32


# ========================================================== activations
ACTS = [
    ("relu", {}, "ReluBackward0"), ("relu6", {}, "HardtanhBackward0"), ("leaky_relu", {}, "LeakyReluBackward0"),
    ("leaky_relu", {"negative_slope": 0.2}, "LeakyReluBackward0"), ("elu", {"alpha": 0.5}, "EluBackward0"),
    ("selu", {}, "EluBackward0"), ("celu", {"alpha": 1.5}, "CeluBackward0"), ("gelu", {}, "GeluBackward0"),
    ("gelu", {"approximate": "tanh"}, "GeluBackward0"), ("silu", {}, "SiluBackward0"), ("mish", {}, "MishBackward0"),
    ("softplus", {}, "SoftplusBackward0"), ("softplus", {"beta": 2.0, "threshold": 3.0}, "SoftplusBackward0"),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, "HardtanhBackward0"), ("softsign", {}, "DivBackward0"),
    ("hardsigmoid", {}, "HardsigmoidBackward0"), ("hardswish", {}, "HardswishBackward0"),
    ("tanhshrink", {}, "SubBackward0"), ("logsigmoid", {}, "LogSigmoidBackward0"),
    ("softshrink", {}, "SoftshrinkBackward0"), ("hardshrink", {"lambd": 1.0}, "HardshrinkBackward0"),
    ("softmax", {"dim": 1}, "SoftmaxBackward0"), ("log_softmax", {"dim": 0}, "LogSoftmaxBackward0"),
    ("softmin", {"dim": 1}, "SoftmaxBackward0"), ("glu", {"dim": 1}, "GluBackward0"),
    ("rrelu", {}, "RreluWithNoiseBackward0"),
]


@needs_torch
@pytest.mark.parametrize("name,kw,node", ACTS, ids=[f"{a[0]}-{i}" for i, a in enumerate(ACTS)])
def test_activations_match_torch(name, kw, node):
    xs = (RNG.standard_normal((4, 6)) * 3).astype(np.float32)
    xs[0, 0] = 0.0
    g = RNG.standard_normal((4, 6)).astype(np.float32)
    xt, xe = torch.tensor(xs, requires_grad=True), ember.tensor(xs, requires_grad=True)
    yt, ye = getattr(TF, name)(xt, **kw), getattr(F, name)(xe, **kw)
    assert ye.grad_fn.name() == type(yt.grad_fn).__name__ == node
    yt.backward(torch.tensor(g[:, :yt.shape[1]]))
    ye.backward(ember.tensor(g[:, :ye.shape[1]]))
    assert ye.dtype == ember.float32 and xe.grad.dtype == ember.float32
    assert_close(yt.detach().numpy(), ye.detach().numpy(), 1e-5, 1e-6)
    assert_close(xt.grad.numpy(), xe.grad.numpy(), 1e-4, 1e-6)
    assert repr(yt) == repr(ye)


@needs_torch
@pytest.mark.parametrize("name,node", [("relu", "ReluBackward0"), ("leaky_relu", "LeakyReluBackward1"),
                                       ("elu", "EluBackward1"), ("selu", "EluBackward1"), ("celu", "CeluBackward1"),
                                       ("hardtanh", "HardtanhBackward0"), ("relu6", "HardtanhBackward0"),
                                       ("silu", "SiluBackward0"), ("mish", "MishBackward0"),
                                       ("hardsigmoid", "HardsigmoidBackward0"), ("hardswish", "HardswishBackward0")])
def test_inplace_activations_match_torch(name, node):
    xs = (RNG.standard_normal((3, 5)) * 3).astype(np.float32)
    res = []
    for lib, fn in ((torch, TF), (ember, F)):
        x = lib.tensor(xs, requires_grad=True)
        a = x * 1
        y = getattr(fn, name)(a, inplace=True)
        assert y is a
        y.sum().backward()
        res.append((y, x))
    (yt, xt), (ye, xe) = res
    assert ye.grad_fn.name() == type(yt.grad_fn).__name__ == node
    assert_close(yt.detach().numpy(), ye.detach().numpy())
    assert_close(xt.grad.numpy(), xe.grad.numpy(), 1e-4, 1e-6)


@needs_torch
def test_activation_modules_and_prelu_threshold():
    xs = (RNG.standard_normal((3, 4, 2)) * 2).astype(np.float32)
    for mk in [lambda nn: nn.PReLU(4, 0.1), lambda nn: nn.PReLU(), lambda nn: nn.Threshold(0.3, -2.0),
               lambda nn: nn.Softmax(dim=-1), lambda nn: nn.GLU(1), lambda nn: nn.CELU(0.7), lambda nn: nn.Mish()]:
        mt, me = mk(torch.nn), mk(nn)
        copy_params(mt, me)
        ot, it = _run_layer(torch, mt, [xs])
        oe, ie = _run_layer(ember, me, [xs])
        assert oe.grad_fn.name() == type(ot.grad_fn).__name__
        assert_close(ot.detach().numpy(), oe.detach().numpy())
        assert_close(it[0].grad.numpy(), ie[0].grad.numpy(), 1e-4, 1e-6)
        for a, b in zip(mt.parameters(), me.parameters()):
            assert_close(a.grad.numpy(), b.grad.numpy(), 1e-4, 1e-5)


def test_softmax_implicit_dim_warning_and_errors():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax has been deprecated. Change the "
                                         "call to include dim=X as an argument."):
        F.softmax(ember.randn(2, 3))
    with pytest.raises(RuntimeError, match="Halving dimension must be even, but dimension 1 is size 3"):
        F.glu(ember.randn(2, 3))
    with pytest.raises(RuntimeError, match="Mismatch of parameter numbers and input channel size. Found parameter "
                                           "numbers = 2 and channel size = 3."):
        F.prelu(ember.randn(2, 3), ember.ones(2))


GRAD_ACTS = ["relu", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus", "hardtanh", "softsign",
             "hardsigmoid", "hardswish", "tanhshrink", "logsigmoid", "softshrink", "hardshrink", "sigmoid", "tanh",
             "relu6"]


@pytest.mark.parametrize("name", GRAD_ACTS)
def test_activation_gradcheck_float64(name):
    a = RNG.standard_normal((3, 4)) * 2
    for kink in (0.0, 0.5, 1.0, 3.0):  # keep away from points where the function is not differentiable
        a = np.where(np.abs(np.abs(a) - kink) < 0.05, np.sign(a) * (kink + 0.2), a)
    x = ember.tensor(a, dtype=ember.float64, requires_grad=True)
    fn = getattr(F, name)
    numerical_gradcheck(lambda t: fn(t), [x])
    assert fn(x).dtype == ember.float64


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_double_backward(approximate):
    x = f64((5,))
    y = F.gelu(x, approximate=approximate)
    (g,) = ember.autograd.grad(y.sum(), x, create_graph=True)
    (gg,) = ember.autograd.grad(g.sum(), x)
    h = 1e-5
    xd = x.detach().numpy()

    def d1(v):
        t = ember.tensor(v, dtype=ember.float64, requires_grad=True)
        (r,) = ember.autograd.grad(F.gelu(t, approximate=approximate).sum(), t)
        return r.numpy()

    num = (d1(xd + h) - d1(xd - h)) / (2 * h)
    assert_close(gg.numpy(), num, 1e-5, 1e-6)


@pytest.mark.parametrize("case", ["linear", "linear3d", "bilinear", "layer_norm", "group_norm", "batch_norm",
                                  "batch_norm_eval", "embedding", "prelu", "glu", "softmax", "log_softmax",
                                  "normalize", "cosine_similarity", "dropout_eval"])
def test_functional_gradcheck_float64(case):
    if case == "linear":
        numerical_gradcheck(F.linear, [f64((4, 3)), f64((2, 3)), f64((2,))])
    elif case == "linear3d":
        numerical_gradcheck(F.linear, [f64((2, 3, 3)), f64((2, 3))])
    elif case == "bilinear":
        numerical_gradcheck(F.bilinear, [f64((4, 3)), f64((4, 2)), f64((5, 3, 2)), f64((5,))])
    elif case == "layer_norm":
        numerical_gradcheck(lambda x, w, b: F.layer_norm(x, (4,), w, b), [f64((3, 4)), f64((4,)), f64((4,))])
    elif case == "group_norm":
        numerical_gradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), [f64((2, 4, 3)), f64((4,)), f64((4,))])
    elif case == "batch_norm":
        numerical_gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, True), [f64((4, 3, 2)), f64((3,)), f64((3,))])
    elif case == "batch_norm_eval":
        rm = ember.tensor([0.1, -0.2, 0.3], dtype=ember.float64)
        rv = ember.tensor([1.5, 0.5, 2.0], dtype=ember.float64)
        numerical_gradcheck(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, False), [f64((4, 3)), f64((3,)), f64((3,))])
    elif case == "embedding":
        idx = ember.tensor([[0, 2, 2], [1, 0, 3]])
        numerical_gradcheck(lambda w: F.embedding(idx, w), [f64((4, 3))])
        numerical_gradcheck(lambda w: F.embedding(idx, w, scale_grad_by_freq=True) * 1, [f64((4, 3))], rtol=1.0,
                            atol=10.0)
    elif case == "prelu":
        numerical_gradcheck(F.prelu, [f64((3, 4, 2)), f64((4,), positive=True)])
    elif case == "glu":
        numerical_gradcheck(lambda x: F.glu(x, 0), [f64((4, 3))])
    elif case == "softmax":
        numerical_gradcheck(lambda x: F.softmax(x, 1), [f64((3, 4))])
    elif case == "log_softmax":
        numerical_gradcheck(lambda x: F.log_softmax(x, 0), [f64((3, 4))])
    elif case == "normalize":
        numerical_gradcheck(lambda x: F.normalize(x, dim=1), [f64((3, 4))])
    elif case == "cosine_similarity":
        numerical_gradcheck(lambda a, b: F.cosine_similarity(a, b), [f64((3, 4)), f64((3, 4))])
    elif case == "dropout_eval":
        x = f64((3,))
        assert F.dropout(x, 0.5, training=False) is x


def test_layer_norm_double_backward():
    x = f64((2, 5))
    w = f64((5,))
    y = F.layer_norm(x, (5,), w, None)
    (gx,) = ember.autograd.grad((y * y).sum(), x, create_graph=True)
    numerical_gradcheck(lambda t: ember.autograd.grad((F.layer_norm(t, (5,), w, None) ** 2).sum(), t,
                                                      create_graph=True)[0], [x], eval_no_grad=False)
    assert gx.requires_grad


# ============================================================== dropout
@needs_torch
@pytest.mark.parametrize("make,shape", [
    (lambda nn: nn.Dropout(0.4), (50,)), (lambda nn: nn.Dropout(0.0), (5,)), (lambda nn: nn.Dropout1d(0.4), (5, 6, 3)),
    (lambda nn: nn.Dropout2d(0.4), (5, 6, 3, 2)), (lambda nn: nn.AlphaDropout(0.4), (40,)),
])
def test_dropout_matches_torch_stream(make, shape):
    xs = RNG.standard_normal(shape).astype(np.float32)
    torch.manual_seed(11)
    ot, it = _run_layer(torch, make(torch.nn), [xs])
    ember.manual_seed(11)
    oe, ie = _run_layer(ember, make(nn), [xs])
    assert np.array_equal(ot.detach().numpy(), oe.detach().numpy())
    assert np.array_equal(it[0].grad.numpy(), ie[0].grad.numpy())
    assert np.array_equal(torch.rand(2).numpy(), ember.rand(2).numpy())


def test_dropout_eval_and_errors():
    d = nn.Dropout(0.5).eval()
    x = ember.randn(4)
    assert d(x) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got -0.1"):
        F.dropout(x, -0.1)
    y = F.dropout(ember.ones(100), 0.5)
    assert set(np.unique(y.numpy()).tolist()) <= {0.0, 2.0}
    assert float(F.dropout(ember.ones(3), 1.0).sum()) == 0.0


# =========================================================== functional misc
@needs_torch
def test_normalize_cosine_pairwise_match_torch():
    a = RNG.standard_normal((4, 5)).astype(np.float32)
    b = RNG.standard_normal((4, 5)).astype(np.float32)
    pairs = [
        (lambda f, x, y: f.normalize(x, dim=1), "DivBackward0"),
        (lambda f, x, y: f.normalize(x, p=1.0, dim=0), "DivBackward0"),
        (lambda f, x, y: f.cosine_similarity(x, y), "SumBackward1"),
        (lambda f, x, y: f.pairwise_distance(x, y), None),
    ]
    for fn, node in pairs:
        xt, yt = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
        xe, ye = ember.tensor(a, requires_grad=True), ember.tensor(b, requires_grad=True)
        ot, oe = fn(TF, xt, yt), fn(F, xe, ye)
        if node:
            assert oe.grad_fn.name() == node
        ot.sum().backward()
        oe.sum().backward()
        assert_close(ot.detach().numpy(), oe.detach().numpy(), 1e-5, 1e-6)
        assert_close(xt.grad.numpy(), xe.grad.numpy(), 1e-4, 1e-6)


def test_functional_namespace():
    for name in ["relu", "gelu", "softmax", "log_softmax", "cross_entropy", "mse_loss", "linear", "dropout",
                 "embedding", "one_hot", "layer_norm", "batch_norm", "group_norm", "normalize", "sigmoid", "tanh",
                 "binary_cross_entropy_with_logits", "nll_loss", "kl_div", "cosine_similarity"]:
        assert callable(getattr(F, name)), name
    assert nn.functional is F and nn.init.kaiming_uniform_ and nn.utils.clip_grad_norm_
    assert nn.Module and nn.Parameter and ember.nn.modules.Linear is nn.Linear
    with pytest.raises(AttributeError):
        F.does_not_exist


# ================================================================ utils
@needs_torch
@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf"), 3.0])
def test_clip_grad_norm_matches_torch(norm_type):
    shapes = [(3, 4), (4,), (2, 2)]
    grads = [RNG.standard_normal(s).astype(np.float32) * 3 for s in shapes]
    pt = [torch.nn.Parameter(torch.zeros(s)) for s in shapes]
    pe = [nn.Parameter(ember.zeros(s)) for s in shapes]
    for p, g in zip(pt, grads):
        p.grad = torch.tensor(g)
    for p, g in zip(pe, grads):
        p.grad = ember.tensor(g)
    nt = torch.nn.utils.clip_grad_norm_(pt, 1.5, norm_type)
    ne = nn.utils.clip_grad_norm_(pe, 1.5, norm_type)
    assert repr(nt) == repr(ne) and ne.dtype == ember.float32
    assert_close(nt.numpy(), ne.numpy(), 1e-6, 1e-6)
    for a, b in zip(pt, pe):
        assert_close(a.grad.numpy(), b.grad.numpy(), 1e-5, 1e-6)


def test_clip_grad_value_and_vector_conversion():
    p1 = nn.Parameter(ember.zeros(2, 2))
    p2 = nn.Parameter(ember.zeros(3))
    p1.grad = ember.tensor([[5.0, -5.0], [0.1, -0.2]])
    p2.grad = ember.tensor([1.0, -3.0, 0.5])
    assert nn.utils.clip_grad_value_([p1, p2], 0.5) is None
    assert p1.grad.tolist() == [[0.5, -0.5], [0.10000000149011612, -0.20000000298023224]]
    assert p2.grad.tolist() == [0.5, -0.5, 0.5]
    n = nn.utils.clip_grad_norm_([p1, p2], 100.0)
    assert abs(float(n) - math.sqrt(0.25 * 4 + 0.01 + 0.04 + 0.25)) < 1e-6
    assert float(nn.utils.clip_grad_norm_([nn.Parameter(ember.zeros(1))], 1.0)) == 0.0
    p1.grad = ember.tensor([[float("inf"), 0.0], [0.0, 0.0]])
    with pytest.raises(RuntimeError, match="The total norm of order 2.0 for gradients from `parameters` is "
                                           "non-finite, so it cannot be clipped."):
        nn.utils.clip_grad_norm_([p1], 1.0, error_if_nonfinite=True)
    lin = nn.Linear(3, 2)
    v = nn.utils.parameters_to_vector(lin.parameters())
    assert v.shape == (8,) and v.grad_fn is not None
    new = ember.arange(8, dtype=ember.float32)
    nn.utils.vector_to_parameters(new, lin.parameters())
    assert lin.weight.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] and lin.bias.tolist() == [6.0, 7.0]
    with pytest.raises(TypeError, match="expected torch.Tensor, but got: list"):
        nn.utils.vector_to_parameters([1.0], lin.parameters())


# ============================================================ special fns
def test_erf_family_accuracy_and_grads():
    x = np.linspace(-6, 6, 2001)
    got = ember.erf(ember.tensor(x, dtype=ember.float64)).numpy()
    ref = np.array([math.erf(v) for v in x])
    assert np.max(np.abs(got - ref)) < 2e-16 * 4
    got = ember.tensor(x, dtype=ember.float64).erfc().numpy()
    ref = np.array([math.erfc(v) for v in x])
    assert np.max(np.abs(got - ref) / np.maximum(ref, 1e-300)) < 1e-13
    y = np.linspace(-0.99, 0.99, 101)
    inv = ember.erfinv(ember.tensor(y, dtype=ember.float64)).numpy()
    assert np.max(np.abs(np.array([math.erf(v) for v in inv]) - y)) < 1e-14
    t = ember.tensor([0.5, -1.0], requires_grad=True)
    e = t.erf()
    assert e.dtype == ember.float32 and e.grad_fn.name() == "ErfBackward0"
    assert t.erfc().grad_fn.name() == "ErfcBackward0" and t.erfinv().grad_fn.name() == "ErfinvBackward0"
    numerical_gradcheck(lambda v: v.erf(), [f64((4,))])
    numerical_gradcheck(lambda v: v.erfc(), [f64((4,))])
    numerical_gradcheck(lambda v: (v * 0.3).erfinv(), [f64((4,))])
    z = ember.tensor([0.25, 0.5])
    z.erf_()
    assert_close(z.numpy(), [math.erf(0.25), math.erf(0.5)])


@pytest.mark.parametrize("make,shapes", [
    (lambda: nn.Sequential(nn.Linear(3, 4), nn.GELU(), nn.Linear(4, 2, bias=False)), [(5, 3)]),
    (lambda: nn.Sequential(nn.Linear(3, 4), nn.GELU("tanh"), nn.LeakyReLU(0.1), nn.SiLU(), nn.Hardtanh()), [(2, 5, 3)]),
    (lambda: nn.Sequential(nn.LayerNorm(3), nn.Linear(3, 3)), [(4, 3)]),
    (lambda: nn.Sequential(nn.BatchNorm1d(3), nn.Linear(3, 2)), [(6, 3)]),
    (lambda: nn.Sequential(nn.BatchNorm1d(3).eval(), nn.Linear(3, 2)), [(6, 3)]),
    (lambda: nn.Linear(3, 4, bias=False), [(3,)]),
])
def test_fast_vjp_paths_equal_tensor_backward(make, shapes):
    """Plain backward runs the raw-array ``vjp`` fast paths; ``create_graph`` runs the tensor formulas."""
    ember.manual_seed(0)
    m = make().double()
    xs = [ember.tensor(RNG.standard_normal(s), requires_grad=True) for s in shapes]
    params = list(m.parameters())
    g1 = ember.autograd.grad(m(*xs).pow(2).sum(), xs + params)
    g2 = ember.autograd.grad(m(*xs).pow(2).sum(), xs + params, create_graph=True)
    for a, b in zip(g1, g2):
        assert_close(a.numpy(), b.detach().numpy(), 1e-10, 1e-12)


def test_fast_vjp_losses_equal_tensor_backward():
    x = ember.tensor(RNG.standard_normal((4, 5)), requires_grad=True)
    y = ember.tensor(RNG.standard_normal((4, 5)), requires_grad=True)
    t = ember.tensor([1, 0, 3, 2])
    for fn in [lambda: F.mse_loss(x, y), lambda: F.cross_entropy(x, t, reduction="sum"),
               lambda: F.cross_entropy(x, F.softmax(y, 1)), lambda: F.nll_loss(x, t, reduction="none").sum(),
               lambda: F.embedding(t, y).sum()]:
        g1 = ember.autograd.grad(fn(), [x, y], allow_unused=True)
        g2 = ember.autograd.grad(fn(), [x, y], allow_unused=True, create_graph=True)
        for a, b in zip(g1, g2):
            if a is None:
                assert b is None
            else:
                assert_close(a.numpy(), b.detach().numpy(), 1e-10, 1e-12)


def _graph_names(t, depth=3):
    """Node names of the first ``depth`` levels of ``t``'s graph (torch's AccumulateGrad name normalised)."""
    out, level = [], [t.grad_fn]
    for _ in range(depth):
        names, nxt = [], []
        for n in level:
            if n is None:
                names.append(None)
                continue
            names.append(n.name().replace("torch::autograd::", ""))
            nxt.extend(f for f, _ in n.next_functions)
        out.append(names)
        level = nxt
    return out


@needs_torch
@pytest.mark.parametrize("case", ["linear2d", "linear3d", "linear1d_nobias", "nll", "nll2d", "ce", "embedding",
                                  "batch_norm", "layer_norm_noaffine", "group_norm", "bce", "bce_logits", "mse",
                                  "prelu", "bilinear", "dropout", "gelu"])
def test_graph_structure_matches_torch(case):
    def build(lib, fn):
        g = np.random.default_rng(0)
        x2 = lib.tensor(g.standard_normal((4, 3)).astype(np.float32), requires_grad=True)
        w = lib.tensor(g.standard_normal((5, 3)).astype(np.float32), requires_grad=True)
        b = lib.tensor(g.standard_normal(5).astype(np.float32), requires_grad=True)
        t = lib.tensor([0, 2, 1, 2])
        c = lib.ones(3, requires_grad=True)
        if case == "linear2d":
            return fn.linear(x2, w, b)
        if case == "linear3d":
            return fn.linear(x2.reshape(2, 2, 3), w, b)
        if case == "linear1d_nobias":
            return fn.linear(x2[0], w)
        if case == "nll":
            return fn.nll_loss(x2, t, weight=lib.ones(3))
        if case == "nll2d":
            return fn.nll_loss(x2.reshape(1, 4, 3).transpose(1, 2), t.reshape(1, 4) % 3)
        if case == "ce":
            return fn.cross_entropy(x2, t, label_smoothing=0.1)
        if case == "embedding":
            return fn.embedding(t, w)
        if case == "batch_norm":
            return fn.batch_norm(x2, None, None, c, c * 0, True)
        if case == "layer_norm_noaffine":
            return fn.layer_norm(x2, (3,))
        if case == "group_norm":
            return fn.group_norm(x2.reshape(2, 2, 3), 1, lib.ones(2, requires_grad=True))
        if case == "bce":
            return fn.binary_cross_entropy(x2.sigmoid(), b[:3].sigmoid().expand(4, 3))
        if case == "bce_logits":
            return fn.binary_cross_entropy_with_logits(x2, lib.ones(4, 3) * 0.5, pos_weight=lib.ones(3))
        if case == "mse":
            return fn.mse_loss(x2, w[:4])
        if case == "prelu":
            return fn.prelu(x2, c)
        if case == "bilinear":
            return fn.bilinear(x2, x2, lib.ones(2, 3, 3, requires_grad=True), lib.ones(2, requires_grad=True))
        if case == "dropout":
            return fn.dropout(x2, 0.5)
        if case == "gelu":
            return fn.gelu(x2 * 2)

    yt, ye = build(torch, TF), build(ember, F)
    assert _graph_names(yt) == _graph_names(ye)
