"""ember.func (torch.func): functional_call, vmap, grad, vjp, jvp, jacrev, jacfwd, hessian.

Golden checks run everywhere; comparisons against ``torch.func`` run when PyTorch is installed.
"""
import warnings

import numpy as np
import pytest

import ember

try:
    import torch
except Exception:  # noqa: BLE001 - any import failure means "no oracle"
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _x(lib):
    return lib.tensor(np.arange(12, dtype=np.float32).reshape(3, 4) / 7)


def _y(lib):
    return lib.tensor(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))


def _set_params(lib, net):
    with lib.no_grad():
        for i, p in enumerate(net.parameters()):
            p.copy_(lib.tensor(np.sin(np.arange(p.numel(), dtype=np.float32) + i).reshape(tuple(p.shape))))
    return net


def _leaves(v):
    """Flatten nested results into (path, value) pairs for comparison."""
    if isinstance(v, dict):
        return [(f".{k}{p}", x) for k in v for p, x in _leaves(v[k])]
    if isinstance(v, (list, tuple)):
        return [(f"[{i}]{p}", x) for i, a in enumerate(v) for p, x in _leaves(a)]
    return [("", v)]


def _assert_same(ours, theirs, atol=1e-5):
    la, lb = _leaves(ours), _leaves(theirs)
    assert [p for p, _ in la] == [p for p, _ in lb]
    for (path, a), (_, b) in zip(la, lb):
        if hasattr(b, "detach"):
            assert tuple(a.shape) == tuple(b.shape), path
            assert str(a.dtype) == str(b.dtype), path
            assert a.requires_grad == b.requires_grad, path
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=atol, rtol=1e-5, err_msg=path)
        else:
            assert a == b, path


# ----- programs run by both libraries ---------------------------------------------------------------
def _per_sample_grads(lib):
    F = lib.func
    net = _set_params(lib, lib.nn.Sequential(lib.nn.Linear(4, 5), lib.nn.Tanh(), lib.nn.Linear(5, 2)))
    params = {k: v.detach() for k, v in net.named_parameters()}

    def loss(p, xb, yb):
        pred = F.functional_call(net, p, (xb.unsqueeze(0),))
        return lib.nn.functional.cross_entropy(pred, yb.unsqueeze(0))

    return F.vmap(F.grad(loss), in_dims=(None, 0, 0))(params, _x(lib), lib.tensor([0, 1, 1]))


def _jacobians(lib):
    F = lib.func
    x, y = _x(lib), _y(lib)
    return {
        "jacrev": F.jacrev(lambda a: a.sin() * a.sum())(x[1]),
        "jacfwd": F.jacfwd(lambda a, b: (a * b, a.exp()), argnums=(0, 1))(x[1], y[1]),
        "hessian": F.hessian(lambda a: (a.tanh() * a).sum())(y[2]),
        "hessian2": F.hessian(lambda a, b: (a * b.sin()).sum() * a.sum(), argnums=(0, 1))(x[0], y[0]),
        "dict": F.jacrev(lambda p, v: (p["w"] * v).sum() * p["b"])({"w": x[0], "b": y[0, :2]}, y[1]),
        "aux": F.jacrev(lambda a: (a.exp(), a.sum()), has_aux=True)(x[0]),
        "chunk": F.jacrev(lambda a: a.exp(), chunk_size=3)(x[0]),
        "unused": F.jacrev(lambda a, b: a.sin(), argnums=1)(x[0], y[0]),
        "vmap_jacrev": F.vmap(F.jacrev(lambda a: a.tanh() * a))(x),
        "vmap_hessian": F.vmap(F.hessian(lambda a: (a ** 3).sum()))(x),
    }


def _vmaps(lib):
    F = lib.func
    x, y = _x(lib), _y(lib)
    return {
        "dot": F.vmap(lib.dot)(x, y),
        "mv": F.vmap(lib.mv, in_dims=(None, 0))(x, y),
        "bmm": F.vmap(lib.mm)(x.reshape(3, 2, 2), y.reshape(3, 2, 2)),
        "out1": F.vmap(lambda a: a * 2, out_dims=1)(x),
        "neg": F.vmap(lambda a: a * 2, in_dims=-1, out_dims=-1)(x),
        "nested": F.vmap(lambda a, d: {"s": a + d["b"], "l": [a.sum(), (a * d["b"]).mean()]},
                         in_dims=(0, {"b": 0}))(x, {"b": y}),
        "tuple_dims": F.vmap(lambda a, b: (a * b, b), in_dims=(1, None), out_dims=(0, None))(x, y[0, :3]),
        "kwargs": F.vmap(lambda a, scale=1.0: a * scale)(x, scale=3.0),
        "nonmapped": F.vmap(lambda a, n: a * n, in_dims=(0, None))(x, 2),
        "vmap_vmap": F.vmap(F.vmap(lambda a, b: a * b))(x, y),
        "chunk": F.vmap(lib.outer, chunk_size=2)(x, y),
        "empty": F.vmap(lambda a: a.sum(0, keepdim=True) * 2)(lib.ones(0, 4)),
        "argmax": F.vmap(lambda a: a.argmax())(x),
        "top": lib.vmap(lib.sum)(x),
        "unbatched_out": F.vmap(lambda a: (a, lib.ones(2)), out_dims=(0, None))(x),
    }


def _grads(lib):
    F = lib.func
    x, y = _x(lib), _y(lib)
    o, fn = F.vjp(lambda a, b: (a * b, a + b), x, y)
    return {
        "gg": F.grad(F.grad(lambda a: a.sin() * a ** 2))(lib.tensor(0.7)),
        "ggg": F.grad(F.grad(F.grad(lambda a: a ** 4)))(lib.tensor(1.5)),
        "aux": F.grad(lambda a: ((a ** 2).sum(), a.mean()), has_aux=True)(x),
        "gv": F.grad_and_value(lambda a, b: (a * b).sum(), argnums=(0, 1))(x, y),
        "gva": F.grad_and_value(lambda a: ((a ** 2).sum(), {"m": a.mean()}), has_aux=True)(x),
        "kw": F.grad(lambda a, k=2.0: (a * k).sum())(x, k=5.0),
        "tuple_arg": F.grad(lambda ab: (ab[0] * ab[1]).sum())((x, y)),
        "const": F.grad(lambda a: lib.tensor(1.0))(x),
        "vjp": (o, fn((lib.ones_like(x), y))),
        "vjp_aux": F.vjp(lambda a: (a.exp(), [a.sum()]), x, has_aux=True)[2],
        "jvp": F.jvp(lambda a: (a.sin(), a.sum()), (x,), (y,)),
        "jvp_aux": F.jvp(lambda a: (a.exp(), {"s": a.sum()}), (x,), (y,), has_aux=True),
        "jvp_f64_tangent": F.jvp(lambda a: a * 2, (x,), (y.double(),)),
    }


def _requires_grad_flags(lib):
    F = lib.func
    x, y = _x(lib), _y(lib)
    xr = x.clone().requires_grad_()
    w = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    out = {
        "closure": F.grad(lambda a: (a * w).sum())(x[0]).requires_grad,
        "plain": F.grad(lambda a: (a ** 3).sum())(x).requires_grad,
        "input": F.grad(lambda a: (a ** 3).sum())(xr).requires_grad,
        "jac": F.jacrev(lambda a: a.sin())(x[0]).requires_grad,
        "jac_in": F.jacrev(lambda a: a.sin())(xr[0]).requires_grad,
        "vjp": [t.requires_grad for t in F.vjp(lambda a: a.sin(), x)[1](y)],
        "vjp_in": [t.requires_grad for t in F.vjp(lambda a: a.sin(), xr)[1](y)],
        "jvp": [t.requires_grad for t in F.jvp(lambda a: a.sin(), (x,), (y,))],
        "jvp_in": [t.requires_grad for t in F.jvp(lambda a: a.sin(), (xr,), (y,))],
        "vmap_in": F.vmap(lib.sin)(xr).requires_grad,
        "param_sq": F.grad(lambda p: (p ** 2).sum())(lib.nn.Parameter(y.clone())).requires_grad,
        "param_lin": F.grad(lambda p: (p * 2).sum())(lib.nn.Parameter(y.clone())).requires_grad,
    }
    with lib.no_grad():
        out["no_grad"] = F.grad(lambda a: (a ** 3).sum())(xr).requires_grad
    g = F.grad(lambda a: (a ** 3).sum())(xr)
    g.sum().backward()
    out["outer_backward"] = xr.grad
    xr2 = x.clone().requires_grad_()
    F.vmap(lambda a: (a * a).sum())(xr2).sum().backward()
    out["vmap_backward"] = xr2.grad
    return out


def _modules(lib):
    F, nn = lib.func, lib.nn

    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(3, 3, bias=False)
            self.b = nn.Linear(3, 3, bias=False)
            self.b.weight = self.a.weight

        def forward(self, z):
            return self.b(self.a(z))

    m = Tied()
    W = lib.tensor(np.eye(3, dtype=np.float32) * 2)
    z = lib.ones(2, 3)
    out = {"tied": F.functional_call(m, {"a.weight": W}, z),
           "untied_shape": tuple(F.functional_call(m, {"a.weight": W}, z, tie_weights=False).shape),
           "restored": m.a.weight is m.b.weight and m.a.weight is not W}
    bn = nn.BatchNorm1d(4)
    bufs = {"running_mean": lib.zeros(4), "running_var": lib.ones(4), "num_batches_tracked": lib.tensor(0)}
    F.functional_call(bn, bufs, (_x(lib),))
    out["bn_buffers"] = (bufs["running_mean"], bufs["running_var"], bufs["num_batches_tracked"], bn.running_mean)
    models = [nn.Linear(4, 2) for _ in range(3)]
    with lib.no_grad():
        for i, mm in enumerate(models):
            mm.weight.copy_(lib.ones(2, 4) * (i + 1))
            mm.bias.fill_(i)
    params, buffers = F.stack_module_state(models)
    out["ensemble"] = F.vmap(lambda p, b, xx: F.functional_call(models[0], (p, b), (xx,)),
                             in_dims=(0, 0, None))(params, buffers, _x(lib))
    out["stacked_leaf"] = (params["weight"].requires_grad, params["weight"].is_leaf)
    return out


def _linearize_functionalize(lib):
    F = lib.func
    x, y = _x(lib), _y(lib)
    out, fn = F.linearize(lambda a, b: (a.sin() * b, (a * b).sum()), x, y)

    def mutating(a):
        b = a.clone()
        b.add_(1)
        return b * 2

    net = F.replace_all_batch_norm_modules_(lib.nn.Sequential(lib.nn.Linear(4, 4), lib.nn.BatchNorm1d(4)))
    return {"out": out, "jvp_fn": (fn(y, x), fn(x, x)), "functionalize": F.functionalize(mutating)(x),
            "bn": (net[1].running_mean is None, net[1].track_running_stats, tuple(net(x).shape))}


PROGRAMS = [_linearize_functionalize, _per_sample_grads, _jacobians, _vmaps, _grads, _requires_grad_flags, _modules]


@needs_torch
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda f: f.__name__)
def test_matches_torch_func(program):
    _assert_same(program(ember), program(torch))


# ----- golden checks (no torch needed) --------------------------------------------------------------
def test_hessian_of_cube_sum_is_diag_6x():
    x = ember.tensor([0.5, -1.0, 2.0])
    H = ember.func.hessian(lambda a: a.pow(3).sum())(x)
    np.testing.assert_allclose(H.numpy(), np.diag(6 * x.numpy()), rtol=1e-6)
    assert not H.requires_grad


def test_vmap_dot_is_rowwise_sum_of_products():
    a, b = _x(ember), _y(ember)
    np.testing.assert_allclose(ember.func.vmap(ember.dot)(a, b).numpy(), (a * b).sum(1).numpy(), rtol=1e-6)
    assert ember.vmap is ember.func.vmap


def test_per_sample_grads_equal_single_sample_backward():
    out = _per_sample_grads(ember)
    net = _set_params(ember, ember.nn.Sequential(ember.nn.Linear(4, 5), ember.nn.Tanh(), ember.nn.Linear(5, 2)))
    x, t = _x(ember), ember.tensor([0, 1, 1])
    for i in range(3):
        net.zero_grad()
        ember.nn.functional.cross_entropy(net(x[i:i + 1]), t[i:i + 1]).backward()
        for k, p in net.named_parameters():
            np.testing.assert_allclose(out[k][i].numpy(), p.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_grad_of_grad_and_jacobians_golden():
    F = ember.func
    x = ember.tensor(0.7)
    np.testing.assert_allclose(F.grad(F.grad(lambda a: a.sin()))(x).item(), -np.sin(0.7), rtol=1e-6)
    v = ember.tensor([1.0, 2.0, 3.0])
    np.testing.assert_allclose(F.jacrev(lambda a: a ** 2)(v).numpy(), np.diag([2.0, 4.0, 6.0]))
    np.testing.assert_allclose(F.jacfwd(lambda a: a ** 2)(v).numpy(), np.diag([2.0, 4.0, 6.0]))
    out, jv = F.jvp(lambda a: a ** 2, (v,), (ember.ones(3),))
    np.testing.assert_allclose(jv.numpy(), [2.0, 4.0, 6.0])
    out, fn = F.vjp(lambda a: a ** 2, v)
    np.testing.assert_allclose(fn(ember.ones(3))[0].numpy(), [2.0, 4.0, 6.0])


def test_functional_call_restores_on_exception():
    lin = ember.nn.Linear(4, 2)
    w = lin.weight
    with pytest.raises(RuntimeError):
        ember.func.functional_call(lin, {"weight": ember.ones(3, 3)}, (ember.ones(1, 4),))
    assert lin.weight is w and isinstance(lin.weight, ember.nn.Parameter)
    out = ember.func.functional_call(lin, {"weight": ember.zeros(2, 4), "bias": ember.ones(2)}, ember.ones(5, 4))
    np.testing.assert_array_equal(out.numpy(), np.ones((5, 2), np.float32))
    assert lin.weight is w


def test_vmap_randomness_modes():
    x = ember.zeros(3, 4)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        ember.func.vmap(lambda a: a + ember.rand(4))(x)
    same = ember.func.vmap(lambda a: a + ember.rand(4), randomness="same")(x)
    assert (same[0] == same[1]).all() and (same[1] == same[2]).all()
    diff = ember.func.vmap(lambda a: a + ember.rand(4), randomness="different")(x)
    assert not (diff[0] == diff[1]).all()


# ----- error messages -------------------------------------------------------------------------------
def _error_cases(T):
    F = T.func
    x = T.ones(3, 4)
    lin = T.nn.Linear(2, 2)
    return [
        lambda: F.vmap(T.sum, randomness="bad")(x),
        lambda: F.vmap(T.sum, chunk_size=0)(x),
        lambda: F.vmap(T.add)(x, T.ones(4, 4)),
        lambda: F.vmap(T.sum, in_dims=2)(x),
        lambda: F.vmap(lambda a: 1.0)(x),
        lambda: F.vmap(lambda a: a, in_dims=1.0)(x),
        lambda: F.vmap(T.sum, in_dims=[0])(x),
        lambda: F.vmap(T.sum)(),
        lambda: F.vmap(lambda a, b: a, in_dims=(0, 0))(x, 3.0),
        lambda: F.vmap(lambda a, b: a, in_dims=(None, None))(x, x),
        lambda: F.vmap(lambda a: a, out_dims=1.5)(x),
        lambda: F.vmap(lambda a: a, out_dims=2)(x),
        lambda: F.vmap(lambda a, b: a, in_dims=(0, (0, 0)))(x, x),
        lambda: F.vmap(lambda a: (a, a), out_dims=(0, 0, 0))(x),
        lambda: F.vmap(lambda a: {"k": a, "j": [a, a]}, out_dims=(0,))(x),
        lambda: F.vmap(lambda a: (a, a * 2), out_dims=(0, None))(T.arange(12.0).reshape(3, 4)),
        lambda: F.grad(lambda a: a.add_(1).sum())(x),
        lambda: F.grad(lambda a: a)(x),
        lambda: F.grad(lambda a: 1.0)(x),
        lambda: F.grad(lambda a: a.sum(), argnums=2)(x),
        lambda: F.grad(lambda a: a.sum(), argnums=(0, 0))(x),
        lambda: F.grad(lambda a: a.sum(), argnums=())(x),
        lambda: F.grad(lambda a: a.sum(), argnums=[0])(x),
        lambda: F.grad(lambda a: a.sum(), has_aux=True)(x),
        lambda: F.grad(lambda a: a.sum())(T.ones(3, dtype=T.long)),
        lambda: F.grad(lambda a: a.sum())(3.0),
        lambda: F.jacrev(lambda a: a, chunk_size=0)(x),
        lambda: F.jacrev(lambda a: 3)(x),
        lambda: F.jacrev(lambda a: a)(T.ones(2, dtype=T.complex64)),
        lambda: F.jacfwd(lambda a: 3)(x),
        lambda: F.jvp(lambda a: a, x, x),
        lambda: F.jvp(lambda a: a, (x,), (x, x)),
        lambda: F.jvp(lambda a: a, (x,), (T.ones(2),)),
        lambda: F.vjp(lambda a: a, x)[1]((x, x)),
        lambda: F.vjp(lambda a: 3, x),
        lambda: F.vjp(lambda a: a.long(), x),
        lambda: F.vjp(lambda a: a, x)[1](T.ones(2)),
        lambda: F.functional_call(lin, {"weight": T.ones(2, 2)}, (T.ones(2),), strict=True),
        lambda: F.functional_call(lin, {"weight": T.ones(2, 2), "foo": T.ones(1)}, (T.ones(2),), strict=True),
        lambda: F.functional_call(lin, ({"weight": T.ones(2, 2)}, {"weight": T.ones(2, 2)}), (T.ones(2),)),
        lambda: F.functional_call(lin, 3, (T.ones(2),)),
        lambda: F.functional_call(lin, {"sub.weight": T.ones(2, 2)}, (T.ones(2),)),
        lambda: F.stack_module_state([]),
        lambda: F.linearize(lambda a: a.sin(), x)[1](T.ones(2)),
        lambda: F.linearize(lambda a: a.sin(), x)[1](x, x),
        lambda: F.linearize(lambda a: a.sin(), x)[1](x.double()),
        lambda: F.functionalize(lambda a: a, remove="views"),
    ]


def _outcome(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - comparing whatever is raised
        return type(e).__name__, str(e)
    return "no error", ""


def test_error_messages_golden():
    cases = _error_cases(ember)
    assert _outcome(cases[2]) == ("ValueError", "vmap: Expected all tensors to have the same size in the mapped "
                                                "dimension, got sizes [3, 4] for the mapped dimension")
    assert _outcome(cases[3])[1].endswith("expected in_dim to satisfy -2 <= in_dim < 2.")
    assert _outcome(cases[4])[1].startswith("vmap(<lambda>, ...): `<lambda>` must only return Tensors")
    assert _outcome(cases[17])[1].startswith("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor")


@needs_torch
def test_error_messages_match_torch():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = [_outcome(f) for f in _error_cases(ember)]
        theirs = [_outcome(f) for f in _error_cases(torch)]
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert a == b, (i, a, b)
