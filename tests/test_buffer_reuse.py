"""Buffers reused only where nothing else can see them.

Two shortcuts write into an array instead of a fresh one, decided by reference
counts:

* the engine hands a ReLU backward its incoming gradient to overwrite
  (``Node.vjp_owned``) when the engine alone holds that array
  (``engine._owned``);
* ``nn.Sequential`` runs a plain ``nn.ReLU`` in its input's own buffer when that
  input is the previous module's output and only the loop holds it
  (``pointwise.relu_if_sole``).

These tests check that the shortcuts really run, that they give the same
values, bits, graphs and gradients as the plain paths (and PyTorch where
installed), and that they stay off wherever anyone else can reach the array:
a second consumer of a gradient, leaves, hooks, stored outputs, saved outputs,
user variables, views, forward-mode tangents.
"""
import numpy as np
import pytest

import ember
import ember.nn as nn
from ember.autograd import engine
from ember.ops import pointwise

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None


@pytest.fixture
def owned_calls(monkeypatch):
    """Counts ReLU backwards that overwrote their gradient."""
    calls = []
    orig = pointwise.ReluBackward0.vjp_owned

    def spy(self, g):
        calls.append(g)
        return orig(self, g)

    monkeypatch.setattr(pointwise.ReluBackward0, "vjp_owned", spy)
    return calls


@pytest.fixture
def reuse_calls(monkeypatch):
    """Counts ReLU forwards that ran in their input's buffer."""
    calls = []
    orig = pointwise._relu_max

    def spy(z, d, out):
        if out is d:
            calls.append(d)
        return orig(z, d, out)

    monkeypatch.setattr(pointwise, "_relu_max", spy)
    return calls


def _mlp(seed=0, dtype=ember.float32):
    ember.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 5), nn.ReLU(), nn.Linear(5, 3)).to(dtype)


def _torch_twin(model):
    """PyTorch's ``_mlp`` with ``model``'s weights."""
    tm = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Linear(8, 5), torch.nn.ReLU(),
                             torch.nn.Linear(5, 3))
    with torch.no_grad():
        for p, q in zip(tm.parameters(), model.parameters()):
            p.copy_(torch.from_numpy(q.detach().numpy()))
    return tm


def _step_grads(model, x):
    model.zero_grad()
    model(x).square().sum().backward()
    return [p.grad.numpy().copy() for p in model.parameters()]


def _bits(a):
    return np.ascontiguousarray(a).view(np.uint8)


# ----------------------------------------------------------------- the engine's owned gradients
def test_relu_backward_overwrites_an_owned_gradient(owned_calls):
    x = ember.randn(64, 6)
    model = _mlp()
    got = _step_grads(model, x)
    assert len(owned_calls) == 2            # both ReLU backwards took the shortcut
    pointwise.ReluBackward0.vjp_owned = None  # (monkeypatch restores the spy's original)
    want = _step_grads(model, x)
    for a, b in zip(got, want):
        assert np.array_equal(_bits(a), _bits(b))


def test_owned_gradient_matches_pytorch():
    if torch is None:
        pytest.skip("PyTorch not installed")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((32, 6)).astype(np.float32)
    model = _mlp(3)
    got = _step_grads(model, ember.from_numpy(x))
    tm = _torch_twin(model)
    tm(torch.from_numpy(x)).square().sum().backward()
    for a, p in zip(got, tm.parameters()):
        np.testing.assert_allclose(a, p.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_gradient_shared_with_a_second_consumer_is_not_overwritten(owned_calls):
    # add's backward hands one array to both branches: the ReLU must not mask the other's copy
    x = ember.tensor([[-1.0, 2.0, -3.0, 4.0]], requires_grad=True)
    w = ember.tensor([[1.0, 2.0, 3.0, 4.0]])   # (a product: a fresh, writable gradient)
    a = x * 2
    ((a.relu() + a) * w).sum().backward()
    assert x.grad.tolist() == [[2.0, 8.0, 6.0, 16.0]]
    assert not owned_calls
    x.grad = None
    ((ember.relu(x) + x) * w).sum().backward()   # a leaf as the second consumer
    assert x.grad.tolist() == [[1.0, 4.0, 3.0, 8.0]]


def test_two_relus_of_one_gradient(owned_calls):
    x = ember.tensor([[-1.0, 2.0], [3.0, -4.0]], requires_grad=True)
    h = x * 1.0
    w = ember.tensor([[1.0, 2.0], [3.0, 4.0]])   # (a product: a fresh, writable gradient)
    ((h.relu() + (-h).relu()) * w).sum().backward()
    assert x.grad.tolist() == [[-1.0, 2.0], [3.0, -4.0]]


def test_retain_grad_and_hooks_see_the_unmasked_gradient():
    x = ember.tensor([[-1.0, 2.0, -3.0]], requires_grad=True)
    lin = x * 3.0
    lin.retain_grad()
    seen = []
    y = (lin * 1.0).relu()
    lin2 = y * 1.0
    lin2.register_hook(lambda g: seen.append(g.clone()))
    lin2.sum().backward()
    assert lin.grad.tolist() == [[0.0, 1.0, 0.0]]
    assert seen[0].tolist() == [[1.0, 1.0, 1.0]]


def test_captured_gradients_are_not_overwritten():
    x = ember.tensor([[-1.0, 2.0, -3.0]], requires_grad=True)
    h = x @ ember.eye(3)
    y = h.relu()
    out = (y * 2.0).sum()
    gy, gh = ember.autograd.grad(out, (y, h))
    assert gy.tolist() == [[2.0, 2.0, 2.0]]
    assert gh.tolist() == [[0.0, 2.0, 0.0]]


def test_retain_graph_twice_gives_equal_gradients(owned_calls):
    x = ember.randn(16, 6)
    model = _mlp(5)
    loss = model(x).square().sum()
    loss.backward(retain_graph=True)
    first = [p.grad.numpy().copy() for p in model.parameters()]
    model.zero_grad()
    loss.backward()
    for a, p in zip(first, model.parameters()):
        assert np.array_equal(a, p.grad.numpy())
    assert len(owned_calls) == 4


def test_custom_function_returning_one_array_twice():
    class Twice(ember.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, g

    x = ember.tensor([[-1.0, 2.0]], requires_grad=True)
    h = x @ ember.eye(2)
    (Twice.apply(h.relu(), h * 1.0) * ember.tensor([[3.0, 5.0]])).sum().backward()
    assert x.grad.tolist() == [[3.0, 10.0]]


def test_owned_rejects_views_and_shared_arrays():
    def check(g):
        return engine._owned(g)

    alone = check(np.empty(4))  # (not inside ``assert``: pytest's rewriting keeps a reference)
    keep = np.empty(4)
    held = keep
    shared = check(held)        # two locals here
    base = np.empty(8)
    view = check(base[:4])      # a view: its base may be shared
    assert alone and not shared and not view


def test_pooled_arrays_count_their_pool_reference():
    from ember.backend import scratch
    a = scratch.pooled((3, 4), np.float32, "test.owned")
    refs = scratch.pool_refs(a)
    alone = engine._owned(a)
    other = a
    shared = engine._owned(a)
    assert refs == 1 and alone and not shared and other is a
    assert scratch.pool_refs(np.empty(3)) == 0


def test_stale_pool_ids_are_dropped():
    from ember.backend import scratch
    slots = [f"test.stale.{i}" for i in range(scratch._MAX_KEYS + 2)]
    first = scratch.pooled((2,), np.float32, slots[0])
    for s in slots[1:]:
        scratch.pooled((2,), np.float32, s)
    assert scratch.pool_refs(first) == 0   # its key was dropped: the pool no longer holds it


# ----------------------------------------------------------------- Sequential's ReLU in place
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_sequential_relu_reuses_the_previous_output(reuse_calls, dtype):
    x = ember.randn(10, 6, dtype=dtype)
    model = _mlp(2, dtype)
    y = model(x)
    assert len(reuse_calls) == 2
    relu = y.grad_fn.next_functions[1][0]
    assert type(relu).__name__ == "ReluBackward0"
    assert type(relu.next_functions[0][0]).__name__ == "AddmmBackward0"
    # the same values and bits as the layer-by-layer computation
    h = x
    for m in model:
        h = nn.functional.relu(h) if isinstance(m, nn.ReLU) else m(h)
    assert np.array_equal(_bits(h.detach().numpy()), _bits(y.detach().numpy()))
    assert len(reuse_calls) == 2


def test_sequential_reuse_gradients_match_plain_path(reuse_calls):
    x = ember.randn(12, 6)
    model = _mlp(4)
    got = _step_grads(model, x)
    assert len(reuse_calls) == 2
    plain = [nn.functional.relu if isinstance(m, nn.ReLU) else m for m in model]
    model.zero_grad()
    h = x
    for f in plain:
        h = f(h)
    h.square().sum().backward()
    for a, p in zip(got, model.parameters()):
        assert np.array_equal(_bits(a), _bits(p.grad.numpy()))


def test_sequential_never_touches_the_callers_input(reuse_calls):
    x = ember.randn(4, 5) * 1.0
    assert x._data.base is None   # (an array the shortcut could write into)
    before = x.numpy().copy()
    for model in (nn.Sequential(nn.ReLU()), nn.Sequential(nn.Identity(), nn.ReLU()),
                  nn.Sequential(nn.Dropout(0.5).eval(), nn.ReLU())):
        assert np.array_equal(model(x).numpy(), np.maximum(before, 0))
        assert np.array_equal(x.numpy(), before)
    assert model(ember.tensor([[-1.0, 5.0]])).tolist() == [[0.0, 5.0]]
    assert not reuse_calls


def test_forward_hook_keeps_its_output(reuse_calls):
    model = _mlp(6)
    stored = []
    model[0].register_forward_hook(lambda m, i, o: stored.append(o))
    model(ember.randn(20, 6))
    assert (stored[0] < 0).any()          # the first ReLU did not run in the hooked output
    assert len(reuse_calls) == 1          # the second one still did


class _Caching(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)
        self.last = None

    def forward(self, x):
        self.last = self.lin(x)
        return self.last


def test_module_that_keeps_its_output(reuse_calls):
    model = nn.Sequential(_Caching(), nn.ReLU())
    y = model(ember.randn(30, 4))
    assert not reuse_calls
    assert (model[0].last < 0).any() and (y >= 0).all()


def test_saved_outputs_and_views_are_not_overwritten(reuse_calls):
    x = ember.randn(8, 4, requires_grad=True)
    model = nn.Sequential(nn.Sigmoid(), nn.ReLU(), nn.Flatten(0), nn.ReLU())
    y = model(x - 0.5)
    assert not reuse_calls  # sigmoid saves its output; a flattened view shares its base
    y.sum().backward()
    s = ember.sigmoid(x.detach() - 0.5)
    np.testing.assert_allclose(x.grad.numpy(), (s * (1 - s)).numpy(), rtol=1e-6)


@pytest.mark.parametrize("hook", ["forward", "forward_pre", "global"])
def test_relu_module_hooks_run(reuse_calls, hook):
    model = _mlp(7)
    seen = []
    if hook == "forward":
        handle = model[1].register_forward_hook(lambda m, i, o: seen.append(o))
    elif hook == "forward_pre":
        handle = model[1].register_forward_pre_hook(lambda m, i: seen.append(i))
    else:
        handle = nn.modules.module.register_module_forward_hook(lambda m, i, o: seen.append(m))
    try:
        model(ember.randn(3, 6))
    finally:
        handle.remove()
    assert seen
    if hook != "global":
        assert len(reuse_calls) == 1   # the other ReLU
    else:
        assert not reuse_calls


def test_inplace_relu_and_patched_forward_take_the_module_call(reuse_calls):
    model = nn.Sequential(nn.Linear(3, 3), nn.ReLU(inplace=True))
    model(ember.randn(2, 3))
    assert not reuse_calls
    model = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
    model[1].forward = lambda x: x * 0 + 7
    assert model(ember.randn(2, 3)).tolist() == [[7.0] * 3] * 2


def test_no_grad_and_other_dtypes(reuse_calls):
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU())
    with ember.no_grad():
        y = model(ember.randn(5, 3))
    assert y.grad_fn is None and (y >= 0).all() and len(reuse_calls) == 1
    ints = nn.Sequential(nn.Identity(), nn.ReLU())
    assert ints(ember.tensor([-1, 2])).tolist() == [0, 2]
    with ember.no_grad():   # integer outputs of a module: the usual relu
        assert nn.Sequential(_Floor(), nn.ReLU())(ember.tensor([-1.5, 2.5])).tolist() == [0, 2]
    assert len(reuse_calls) == 1


class _Floor(nn.Module):
    def forward(self, x):
        return x.floor().long()


def test_forward_ad_tangent_survives():
    import ember.autograd.forward_ad as fwAD
    model = _mlp(8)
    x = ember.randn(4, 6)
    v = ember.randn(4, 6)
    with fwAD.dual_level():
        out = model(fwAD.make_dual(x, v))
        tangent = fwAD.unpack_dual(out).tangent
    h = x
    t = v
    for m in model:   # the tangent by hand: W t, masked by the ReLUs
        if isinstance(m, nn.Linear):
            h, t = m(h), t @ m.weight.T
        else:
            t = t * (h > 0)
            h = m(h)
    np.testing.assert_allclose(tangent.detach().numpy(), t.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_sequential_reuse_matches_pytorch():
    if torch is None:
        pytest.skip("PyTorch not installed")
    rng = np.random.default_rng(9)
    x = rng.standard_normal((7, 6)).astype(np.float32)
    model = _mlp(9)
    tm = _torch_twin(model)
    y, ty = model(ember.from_numpy(x)), tm(torch.from_numpy(x))
    assert repr(y.grad_fn).split(" ")[0] == repr(ty.grad_fn).split(" ")[0]
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-5, atol=1e-6)
