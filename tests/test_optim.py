"""ember.optim: update rules, state dicts, reprs, errors and LR schedulers.

Torch-free tests check hand-derived / recorded trajectories and the API; when
PyTorch is importable the same programs run on both and must agree (bit for bit
where PyTorch's kernels are reproducible: everything but float32 ``sqrt``,
which PyTorch takes from MKL and does not round correctly).
"""
from __future__ import annotations

import importlib
import math
import warnings

import numpy as np
import pytest

import ember
import ember.optim as optim
from ember.optim import lr_scheduler as S

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")


# --------------------------------------------------------------------------- helpers
def _run(mod, name, kwargs, steps=100, dtype="float32", shapes=((7, 5), (13,), ()), seed=0):
    """Optimize leaf tensors with gradients fed from a fixed NumPy stream; return final params."""
    rng = np.random.default_rng(seed)
    init = [rng.standard_normal(s).astype(dtype) for s in shapes]
    grads = [[rng.standard_normal(s).astype(dtype) for s in shapes] for _ in range(steps)]
    params = [mod.tensor(a.copy(), requires_grad=True) for a in init]
    opt = getattr(mod.optim, name)(params, **kwargs)
    for k in range(steps):
        for p, g in zip(params, grads[k]):
            p.grad = mod.tensor(g.copy())
        opt.step()
    return [p.detach().numpy().copy() for p in params], opt


CASES = [
    ("SGD", dict(lr=0.01)),
    ("SGD", dict(lr=0.01, momentum=0.9)),
    ("SGD", dict(lr=0.01, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True, maximize=True, weight_decay=0.1)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, amsgrad=True, weight_decay=0.1)),
    ("Adam", dict(lr=0.01, betas=(0.5, 0.6), maximize=True, eps=1e-3)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, amsgrad=True, weight_decay=0.5)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, maximize=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)),
    ("Adadelta", dict(lr=1.0)),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.01, maximize=True)),
    ("Adamax", dict(lr=0.01)),
    ("Adamax", dict(lr=0.01, weight_decay=0.01, betas=(0.8, 0.9))),
    ("NAdam", dict(lr=0.01)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    ("RAdam", dict(lr=0.01)),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict(lr=0.01, weight_decay=0.1)),
    ("Rprop", dict(lr=0.01)),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.1), maximize=True)),
    ("ASGD", dict(lr=0.01)),
    ("ASGD", dict(lr=0.05, t0=10, weight_decay=0.1, lambd=0.01)),
]
_IDS = [f"{n}-{'-'.join(f'{k}={v}' for k, v in kw.items())}" for n, kw in CASES]
_SQRT_MODULES = ["adam", "rmsprop", "adagrad", "adadelta", "nadam", "radam"]


# --------------------------------------------------------------------------- torch-free
def test_seed_snippet_sgd_one_step(capsys):
    w = ember.tensor(1.0, requires_grad=True)
    loss = (w - 2) ** 2
    opt = optim.SGD([w], lr=0.1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(w)
    assert capsys.readouterr().out == "tensor(1.2000, requires_grad=True)\n"


def test_sgd_hand_derived():
    # loss = sum(w^2): w <- w - lr * 2w = 0.8 w per step
    w = ember.tensor([1.0, -2.0, 3.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    for _ in range(5):
        opt.zero_grad()
        (w * w).sum().backward()
        opt.step()
    np.testing.assert_allclose(w.detach().numpy(), np.array([1.0, -2.0, 3.0]) * 0.8 ** 5, rtol=1e-6)


def test_sgd_momentum_hand_derived():
    # constant gradient g: buf_1 = g, buf_t = m*buf + g; p_t = p_0 - lr * sum(buf)
    w = ember.tensor([0.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.5, momentum=0.5)
    for _ in range(3):
        w.grad = ember.tensor([1.0])
        opt.step()
    # bufs: 1, 1.5, 1.75 -> w = -0.5 * 4.25
    assert w.detach().numpy().tolist() == [-2.125]
    assert opt.state[w]["momentum_buffer"].tolist() == [1.75]


def test_adam_first_step_is_lr_times_sign():
    w = ember.tensor([1.0, -2.0, 3.0], requires_grad=True)
    opt = optim.Adam([w], lr=0.1)
    (w * w).sum().backward()
    opt.step()
    np.testing.assert_allclose(w.detach().numpy(), [0.9, -1.9, 2.9], rtol=1e-6)
    st = opt.state[w]
    assert st["step"].dtype == ember.float32 and st["step"].dim() == 0 and float(st["step"]) == 1.0
    np.testing.assert_allclose(st["exp_avg"].numpy(), [0.2, -0.4, 0.6], rtol=1e-6)


# Trajectories recorded from PyTorch 2.13 (float32, 5 steps on sum(w**2) / sum(w**3)).
GOLDEN = {
    "adam": (lambda p: optim.Adam([p], lr=0.1), 2,
             ["0x1.0413d20000000p-1", "-0x1.80c1b60000000p+0", "0x1.403a500000000p+1"]),
    "sgd_nesterov": (lambda p: optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01), 2,
                     ["-0x1.aa5a4a0000000p-2", "0x1.aa5a4a0000000p-1", "-0x1.3fc3b60000000p+0"]),
    "rmsprop_centered": (lambda p: optim.RMSprop([p], lr=0.01, centered=True, momentum=0.5), 3,
                         ["0x1.12706e0000000p-1", "-0x1.4c26de0000000p+1", "0x1.3ca8340000000p+1"]),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_recorded_trajectories(name):
    make, power, want = GOLDEN[name]
    w = ember.tensor([1.0, -2.0, 3.0], requires_grad=True)
    opt = make(w)
    for _ in range(5):
        opt.zero_grad()
        (w ** power).sum().backward()
        opt.step()
    want = np.array([float.fromhex(h) for h in want], dtype=np.float32)
    if name.startswith("sgd"):
        np.testing.assert_array_equal(w.detach().numpy(), want)  # no sqrt: bit-exact
    else:
        np.testing.assert_allclose(w.detach().numpy(), want, rtol=2e-6)


@pytest.mark.parametrize("name,kwargs", CASES, ids=_IDS)
def test_all_options_run_and_move_params(name, kwargs):
    out, opt = _run(ember, name, kwargs, steps=5, shapes=((3, 2), ()))
    rng = np.random.default_rng(0)
    init = [rng.standard_normal(s).astype("float32") for s in ((3, 2), ())]
    for a, b in zip(out, init):
        assert a.dtype == np.float32 and a.shape == b.shape
        assert np.all(np.isfinite(a)) and not np.array_equal(a, b)


def test_step_updates_in_place_and_bumps_version():
    w = ember.tensor([1.0, 2.0], requires_grad=True)
    alias = w.detach()
    v0 = w._version
    opt = optim.Adam([w], lr=0.1)
    w.grad = ember.tensor([1.0, 1.0])
    opt.step()
    assert w._version > v0
    assert alias.tolist() == w.detach().tolist()  # storage updated in place


def test_step_runs_without_recording_graph_and_closure_with_grad():
    w = ember.tensor([1.0, 2.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    seen = []

    def closure():
        seen.append(ember.is_grad_enabled())
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with ember.no_grad():
        loss = opt.step(closure)
    assert seen == [True]
    assert float(loss) == 5.0
    assert w.grad_fn is None and w.requires_grad and w.is_leaf


def test_params_without_grad_are_skipped_and_state_is_lazy():
    a = ember.tensor([1.0], requires_grad=True)
    b = ember.tensor([2.0], requires_grad=True)
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = ember.tensor([1.0])
    opt.step()
    assert b.tolist() == [2.0] and len(opt.state[b]) == 0 and len(opt.state[a]) == 3


def test_param_groups_defaults_and_add_param_group():
    a = ember.tensor([1.0], requires_grad=True)
    b = ember.tensor([2.0], requires_grad=True)
    opt = optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert all(g["momentum"] == 0.9 and g["nesterov"] is False for g in opt.param_groups)
    assert opt.defaults["lr"] == 0.1
    c = ember.tensor([3.0], requires_grad=True)
    opt.add_param_group({"params": [c], "momentum": 0.0})
    assert opt.param_groups[2]["lr"] == 0.1 and opt.param_groups[2]["momentum"] == 0.0
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(TypeError, match="param_group must be a dict"):
        opt.add_param_group([a])


@pytest.mark.parametrize("make,exc,msg", [
    (lambda w: optim.SGD([w], lr=-1), ValueError, "Invalid learning rate: -1"),
    (lambda w: optim.SGD([], lr=0.1), ValueError, "optimizer got an empty parameter list"),
    (lambda w: optim.SGD(w, lr=0.1), TypeError,
     "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor"),
    (lambda w: optim.SGD([w, 1.0], lr=0.1), TypeError,
     "optimizer can only optimize Tensors, but one of the params is float"),
    (lambda w: optim.SGD([w * 2], lr=0.1), ValueError, "can't optimize a non-leaf Tensor"),
    (lambda w: optim.SGD([w], lr=0.1, nesterov=True), ValueError,
     "Nesterov momentum requires a momentum and zero dampening"),
    (lambda w: optim.SGD([{"params": {w}}], lr=0.1), TypeError, "optimizer parameters need to be organized in ordered collections"),
    (lambda w: optim.Adam([w], betas=(0.9, 1.0)), ValueError, "Invalid beta parameter at index 1: 1.0"),
    (lambda w: optim.Adam([w], eps=-1.0), ValueError, "Invalid epsilon value: -1.0"),
    (lambda w: optim.RMSprop([w], alpha=-0.5), ValueError, "Invalid alpha value: -0.5"),
    (lambda w: optim.Adagrad([w], lr_decay=-1), ValueError, "Invalid lr_decay value: -1"),
    (lambda w: optim.Adadelta([w], rho=1.5), ValueError, "Invalid rho value: 1.5"),
    (lambda w: optim.NAdam([w], momentum_decay=-1), ValueError, "Invalid momentum_decay value: -1"),
    (lambda w: optim.LBFGS([{"params": [w]}, {"params": [ember.zeros(1, requires_grad=True)]}]), ValueError,
     "LBFGS doesn't support per-parameter options"),
])
def test_constructor_errors(make, exc, msg):
    w = ember.tensor([1.0], requires_grad=True)
    with pytest.raises(exc) as info:
        make(w)
    assert str(info.value).startswith(msg)


def test_duplicate_params_warn():
    w = ember.tensor([1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([w, w], lr=0.1)


def test_named_parameters():
    a = ember.tensor([1.0], requires_grad=True)
    b = ember.tensor([2.0], requires_grad=True)
    opt = optim.SGD([("a", a), ("b", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["a", "b"]
    assert opt.param_groups[0]["params"] == [a, b] or opt.param_groups[0]["params"][0] is a
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["a", "b"]
    with pytest.raises(ValueError, match="all optimizer param groups should be with/without names"):
        opt.add_param_group({"params": [ember.zeros(1, requires_grad=True)]})


def test_zero_grad():
    w = ember.tensor([1.0, 2.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    g = w.grad
    opt.zero_grad(set_to_none=False)
    assert w.grad is g and w.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert w.grad is None


def test_repr_format():
    w = ember.tensor([1.0], requires_grad=True)
    assert repr(optim.SGD([w], lr=0.1)) == (
        "SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n"
        "    fused: None\n    lr: 0.1\n    maximize: False\n    momentum: 0\n    nesterov: False\n"
        "    weight_decay: 0\n)"
    )


def test_state_dict_roundtrip_continues_identically():
    def make():
        a = ember.tensor([1.0, -1.0], requires_grad=True)
        b = ember.tensor([[0.5]], requires_grad=True)
        return [a, b], optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.05}], lr=0.1, amsgrad=True)

    def feed(params, k):
        for i, p in enumerate(params):
            p.grad = ember.full(tuple(p.shape), float((k + 1) * (i + 1)) * (-1) ** k)

    ref_params, ref = make()
    for k in range(6):
        feed(ref_params, k)
        ref.step()

    params, opt = make()
    for k in range(3):
        feed(params, k)
        opt.step()
    sd = opt.state_dict()
    assert sorted(sd) == ["param_groups", "state"]
    assert sd["param_groups"][0]["params"] == [0] and sd["param_groups"][1]["params"] == [1]
    assert sorted(sd["state"][0]) == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]
    assert float(sd["state"][0]["step"]) == 3.0 and sd["state"][0]["step"].dtype == ember.float32

    params2, opt2 = make()
    with ember.no_grad():
        for p, q in zip(params2, params):
            p.copy_(q)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[1]["lr"] == 0.05
    for k in range(3, 6):
        feed(params2, k)
        opt2.step()
    for p, q in zip(params2, ref_params):
        assert p.tolist() == q.tolist()

    with pytest.raises(ValueError, match="different number of parameter groups"):
        optim.Adam([ember.zeros(1, requires_grad=True)]).load_state_dict(sd)


def test_step_hooks():
    w = ember.tensor([1.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    calls = []
    h1 = opt.register_step_pre_hook(lambda o, a, k: calls.append("pre"))
    h2 = opt.register_step_post_hook(lambda o, a, k: calls.append("post"))
    w.grad = ember.tensor([1.0])
    opt.step()
    h1.remove()
    opt.step()
    h2.remove()
    opt.step()
    assert calls == ["pre", "post", "post"]


def test_lbfgs_quadratic_converges():
    target = np.array([1.0, -2.0, 0.5], dtype=np.float64)
    x = ember.zeros(3, dtype=ember.float64, requires_grad=True)
    t = ember.tensor(target)
    scales = ember.tensor([1.0, 3.0, 10.0], dtype=ember.float64)
    for ls in (None, "strong_wolfe"):
        with ember.no_grad():
            x.zero_()
        opt = optim.LBFGS([x], lr=1, line_search_fn=ls, history_size=10)

        def closure():
            opt.zero_grad()
            loss = (scales * (x - t) ** 2).sum()
            loss.backward()
            return loss

        for _ in range(5):
            opt.step(closure)
        np.testing.assert_allclose(x.detach().numpy(), target, atol=1e-6)
        assert opt.state[x]["func_evals"] >= 2


def test_module_parameters_training_if_available():
    nn = importlib.import_module("ember.nn")
    if not hasattr(nn, "Linear"):
        pytest.skip("ember.nn.Linear not available yet")
    ember.manual_seed(0)
    model = nn.Linear(3, 1)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = ember.randn(16, 3)
    y = x.sum(1, keepdim=True)
    losses = []
    for _ in range(30):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(float(loss))
    assert losses[-1] < losses[0] * 0.1


# --------------------------------------------------------------------------- schedulers (torch-free)
def _sched_opt():
    return optim.SGD([ember.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)


def test_steplr_and_warning_order():
    opt = _sched_opt()
    s = S.StepLR(opt, step_size=2, gamma=0.5)
    lrs = [s.get_last_lr()[0]]
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        s.step()  # before optimizer.step(): PyTorch warns
    assert any("Detected call of `lr_scheduler.step()` before `optimizer.step()`" in str(r.message) for r in rec)
    for _ in range(4):
        opt.step()
        s.step()
    lrs.append(s.get_last_lr()[0])
    assert lrs == [0.1, 0.025]
    assert s.state_dict()["last_epoch"] == 5


def test_cosine_and_plateau_values():
    opt = _sched_opt()
    s = S.CosineAnnealingLR(opt, T_max=4, eta_min=0.0)
    got = []
    for _ in range(4):
        opt.step()
        s.step()
        got.append(s.get_last_lr()[0])
    np.testing.assert_allclose(got, [0.1 * (1 + math.cos(math.pi * k / 4)) / 2 for k in range(1, 5)], atol=1e-15)

    opt = _sched_opt()
    p = S.ReduceLROnPlateau(opt, patience=1, factor=0.5)
    for m in [1.0, 1.0, 1.0, 1.0, 1.0]:
        p.step(m)
    assert p.get_last_lr() == [0.025]


def test_onecycle_sets_momentum():
    opt = _sched_opt()
    s = S.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.04)
    assert opt.param_groups[0]["momentum"] == pytest.approx(0.95)
    for _ in range(2):  # phase 1 ends at step 0.3 * 10 - 1 = 2
        opt.step()
        s.step()
    assert opt.param_groups[0]["lr"] == pytest.approx(1.0)
    assert opt.param_groups[0]["momentum"] == pytest.approx(0.85)


# --------------------------------------------------------------------------- vs torch
@needs_torch
@pytest.mark.parametrize("name,kwargs", CASES, ids=_IDS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_matches_torch_100_steps(name, kwargs, dtype):
    ref, _ = _run(torch, name, kwargs, dtype=dtype)
    got, _ = _run(ember, name, kwargs, dtype=dtype)
    for a, b in zip(got, ref):
        assert a.dtype == b.dtype
        if dtype == "float32":
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13)


def _torch_sqrt(x, out=None):
    r = torch.from_numpy(np.ascontiguousarray(x)).sqrt().numpy()
    if out is not None:
        out[...] = r
        return out
    return r


@needs_torch
@pytest.mark.parametrize("name,kwargs", CASES, ids=_IDS)
def test_bit_exact_with_torch_sqrt_kernel(name, kwargs, monkeypatch):
    """Same operations in the same order: with PyTorch's (MKL) sqrt swapped in, float32 results are identical."""
    for m in _SQRT_MODULES:
        monkeypatch.setattr(importlib.import_module("ember.optim." + m), "sqrt", _torch_sqrt)
    ref, ropt = _run(torch, name, kwargs, steps=40)
    got, eopt = _run(ember, name, kwargs, steps=40)
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)
    # state tensors too
    rsd, esd = ropt.state_dict(), eopt.state_dict()
    assert sorted(rsd["state"]) == sorted(esd["state"])
    for k in rsd["state"]:
        assert list(rsd["state"][k]) == list(esd["state"][k])
        for key, v in rsd["state"][k].items():
            e = esd["state"][k][key]
            assert str(e.dtype) == str(v.dtype), key
            np.testing.assert_array_equal(e.numpy(), v.numpy())


@needs_torch
@pytest.mark.parametrize("name,kwargs", [
    ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.5, dampening=0.5)),
])
def test_sgd_bit_exact_float32_and_float64(name, kwargs):
    for dtype in ("float32", "float64"):
        ref, _ = _run(torch, name, kwargs, dtype=dtype)
        got, _ = _run(ember, name, kwargs, dtype=dtype)
        for a, b in zip(got, ref):
            np.testing.assert_array_equal(a, b)


@needs_torch
@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam",
                                  "RAdam", "LBFGS", "Rprop", "ASGD"])
def test_repr_matches_torch(name):
    kw = {} if name not in ("SGD",) else {"lr": 0.1}
    t = getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)], **kw)
    e = getattr(optim, name)([ember.zeros(1, requires_grad=True)], **kw)
    assert repr(e) == repr(t)
    t.add_param_group({"params": [torch.zeros(1, requires_grad=True)], "lr": 0.5})
    e.add_param_group({"params": [ember.zeros(1, requires_grad=True)], "lr": 0.5})
    assert repr(e) == repr(t)


@needs_torch
@pytest.mark.parametrize("name,kwargs", [("Adam", {}), ("SGD", dict(momentum=0.9)), ("NAdam", {}),
                                         ("Adagrad", {}), ("RMSprop", dict(centered=True, momentum=0.1))])
def test_state_dict_printout_matches_torch(name, kwargs):
    outs = []
    for mod in (torch, ember):
        w = mod.tensor([1.0, -2.0], requires_grad=True)
        b = mod.tensor(0.5, requires_grad=True)
        opt = getattr(mod.optim, name)([{"params": [w]}, {"params": [b], "lr": 0.05}], lr=0.1, **kwargs)
        for _ in range(2):
            opt.zero_grad()
            ((w * w).sum() * b).backward()
            opt.step()
        outs.append(str(opt.state_dict()))
    assert outs[1] == outs[0]


@needs_torch
def test_errors_match_torch():
    cases = [
        lambda m, w: m.optim.SGD([w], lr=-1),
        lambda m, w: m.optim.SGD([w], lr=0.1, weight_decay=-0.5),
        lambda m, w: m.optim.SGD([], lr=0.1),
        lambda m, w: m.optim.Adam([w], lr=-0.5),
        lambda m, w: m.optim.Adam([w], betas=(1.0, 0.9)),
        lambda m, w: m.optim.Adam([w], betas=(0.9, 1)),
        lambda m, w: m.optim.AdamW([w], weight_decay=-1.0),
        lambda m, w: m.optim.RMSprop([w], momentum=-1),
        lambda m, w: m.optim.Adagrad([w], initial_accumulator_value=-1),
        lambda m, w: m.optim.SGD([{"params": [w]}, {"params": [w]}]),
        lambda m, w: m.optim.SGD([("a", w), w]),
    ]
    for make in cases:
        res = []
        for m in (torch, ember):
            w = m.zeros(2, requires_grad=True)
            try:
                make(m, w)
                res.append(None)
            except Exception as e:  # noqa: BLE001
                res.append((type(e).__name__, str(e)))
        assert res[1] == res[0]


@needs_torch
@pytest.mark.parametrize("ls", [None, "strong_wolfe"])
def test_lbfgs_matches_torch(ls):
    outs = []
    for mod in (torch, ember):
        x = mod.tensor([-1.2, 1.0, 0.3, 2.0], dtype=mod.float64, requires_grad=True)
        scales = mod.tensor([1.0, 2.0, 5.0, 0.5], dtype=mod.float64)
        opt = mod.optim.LBFGS([x], lr=1, max_iter=8, history_size=4, line_search_fn=ls)

        def closure():
            opt.zero_grad()
            loss = (scales * (x - 0.5) ** 2).sum() + (x[0] * x[1]) ** 2
            loss.backward()
            return loss

        losses = [float(opt.step(closure)) for _ in range(4)]
        outs.append((losses, x.detach().numpy().copy(), opt.state[x]["n_iter"]))
    np.testing.assert_allclose(outs[1][0], outs[0][0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(outs[1][1], outs[0][1], rtol=1e-7, atol=1e-9)
    assert outs[1][2] == outs[0][2]


_SCHEDULERS = {
    "StepLR": lambda S, o: S.StepLR(o, step_size=3, gamma=0.5),
    "MultiStepLR": lambda S, o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3),
    "ExponentialLR": lambda S, o: S.ExponentialLR(o, gamma=0.9),
    "CosineAnnealingLR": lambda S, o: S.CosineAnnealingLR(o, T_max=7, eta_min=0.001),
    "LambdaLR": lambda S, o: S.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e),
    "MultiplicativeLR": lambda S, o: S.MultiplicativeLR(o, lr_lambda=lambda e: 0.9),
    "LinearLR": lambda S, o: S.LinearLR(o, start_factor=0.25, total_iters=4),
    "ConstantLR": lambda S, o: S.ConstantLR(o, factor=0.5, total_iters=3),
    "PolynomialLR": lambda S, o: S.PolynomialLR(o, total_iters=6, power=2.0),
    "OneCycleLR": lambda S, o: S.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=21),
    "OneCycleLR3": lambda S, o: S.OneCycleLR(o, max_lr=1.0, epochs=3, steps_per_epoch=7, three_phase=True,
                                             anneal_strategy="linear"),
    "CyclicLR": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4, mode="triangular2"),
    "CosineAnnealingWarmRestarts": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01),
    "SequentialLR": lambda S, o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, T_max=10)], milestones=[3]),
    "ChainedScheduler": lambda S, o: S.ChainedScheduler([S.ExponentialLR(o, gamma=0.9),
                                                        S.StepLR(o, step_size=2, gamma=0.5)]),
}


@needs_torch
@pytest.mark.parametrize("name", sorted(_SCHEDULERS))
def test_scheduler_matches_torch(name):
    runs = []
    for mod in (torch, ember):
        w = mod.zeros(2, requires_grad=True)
        b = mod.zeros(1, requires_grad=True)
        opt = mod.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.05}], lr=0.1, momentum=0.9)
        s = _SCHEDULERS[name](mod.optim.lr_scheduler, opt)
        lrs = [list(s.get_last_lr())]
        moms = []
        for _ in range(20):
            opt.step()
            s.step()
            lrs.append(list(s.get_last_lr()))
            moms.append(opt.param_groups[0]["momentum"])
        sd = s.state_dict()
        runs.append((lrs, moms, sorted(sd), sorted(opt.param_groups[0])))
    assert runs[1] == runs[0]  # exact float equality


@needs_torch
def test_reduce_on_plateau_matches_torch():
    runs = []
    for mod in (torch, ember):
        w = mod.zeros(2, requires_grad=True)
        b = mod.zeros(1, requires_grad=True)
        opt = mod.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.05}], lr=0.1)
        s = mod.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=2, factor=0.5, cooldown=1, min_lr=[0.01, 0.02])
        out = []
        for m in [1, 0.9, 0.95, 0.95, 0.95, 0.95, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]:
            s.step(m)
            out.append((s.get_last_lr(), s.num_bad_epochs, s.cooldown_counter))
        s2 = mod.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", threshold_mode="abs", threshold=0.1,
                                                      patience=0)
        for m in [1, 1.05, 1.2, 1.25]:
            s2.step(m)
            out.append(s2.get_last_lr())
        runs.append((out, sorted(s.state_dict())))
    assert runs[1] == runs[0]


@needs_torch
def test_scheduler_warnings_match_torch():
    msgs = []
    for mod in (torch, ember):
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            opt = mod.optim.SGD([mod.zeros(1, requires_grad=True)], lr=0.1)
            s = mod.optim.lr_scheduler.StepLR(opt, 2)
            s.step()
            s.get_lr()
            s.step(3)
        msgs.append([(r.category.__name__, str(r.message)) for r in rec])
    assert msgs[1] == msgs[0] and len(msgs[0]) == 3
