"""Rounding as PyTorch's CPU kernels do it.

* float16 ("Half") is computed in float32, its "opmath" type, and rounded once:
  ``x * 0.1`` multiplies by float32(0.1), not float16(0.1); activations,
  ``sigmoid``, ``rsqrt`` and ``softmax`` run in float32.
* ``add``/``sub`` with ``alpha`` are one fused multiply-add (``vec::fmadd``) and
  ``tanh``'s backward fuses ``1 - y*y`` (the compiler contracts it), so both
  round once where two separate NumPy steps round twice.

Hand-derived values run everywhere; the bit-for-bit comparisons need PyTorch.
"""
import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.ops.pointwise import sigmoid_grad, tanh_grad


def _bits_equal(a, b):
    a, b = np.asarray(a), np.asarray(b)
    both_nan = np.isnan(a.astype(np.float64)) & np.isnan(b.astype(np.float64))
    return int(np.count_nonzero(~((a == b) | both_nan)))


# ----------------------------------------------------------- hand-derived values
def test_half_times_python_float_uses_the_float32_scalar():
    x = ember.tensor([1.1, 2.3, 3.7], dtype=ember.float16)
    got = (x * 0.1).numpy()
    want = (x.numpy().astype(np.float32) * np.float32(0.1)).astype(np.float16)
    np.testing.assert_array_equal(got, want)
    assert got[0] != (x.numpy() * np.float16(0.1))[0]  # the float16 scalar gives 0.1099
    assert str(x * 0.1) == "tensor([0.1100, 0.2301, 0.3699], dtype=torch.float16)"
    assert str(x / 10) == "tensor([0.1100, 0.2301, 0.3699], dtype=torch.float16)"
    assert str(x // 0.1) == "tensor([10., 23., 36.], dtype=torch.float16)"


def test_half_scalar_gradient_is_computed_in_float32():
    x = ember.tensor([1.0, 2.0, 3.0], dtype=ember.float16, requires_grad=True)
    (x * 0.1).backward(ember.tensor([1.1, 2.3, 3.7], dtype=ember.float16))
    want = (np.array([1.1, 2.3, 3.7], np.float16).astype(np.float32) * np.float32(0.1)).astype(np.float16)
    np.testing.assert_array_equal(x.grad.numpy(), want)


def test_add_with_alpha_rounds_once_float64():
    # (1 + 2**-27) * (1 - 2**-27) = 1 - 2**-54: rounded alone it is a tie and goes to 1.0
    a = ember.tensor([-1.0], dtype=ember.float64)
    b = ember.tensor([1 + 2.0 ** -27], dtype=ember.float64)
    assert ember.add(a, b, alpha=1 - 2.0 ** -27).item() == -2.0 ** -54
    assert ember.sub(-a, b, alpha=1 - 2.0 ** -27).item() == 2.0 ** -54


def test_add_with_alpha_rounds_once_float32():
    a = ember.tensor([-1.0])
    b = ember.tensor([1 + 2.0 ** -13])
    assert ember.add(a, b, alpha=1 - 2.0 ** -13).item() == -2.0 ** -26
    assert a.add(b, alpha=1 - 2.0 ** -13).item() == -2.0 ** -26
    c = a.clone()
    c.add_(b, alpha=1 - 2.0 ** -13)
    assert c.item() == -2.0 ** -26


def test_add_with_alpha_records_one_node_like_pytorch():
    x = ember.ones(2, requires_grad=True)
    y = ember.ones(2, requires_grad=True)
    z = ember.add(x, y, alpha=3)
    names = [type(f).__name__ for f, _ in z.grad_fn.next_functions]
    assert type(z.grad_fn).__name__ == "AddBackward0" and names == ["AccumulateGrad", "AccumulateGrad"]
    z.sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [3.0, 3.0])
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])
    w = ember.sub(x, y, alpha=2)
    assert type(w.grad_fn).__name__ == "SubBackward0"
    x.grad = y.grad = None
    w.sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [-2.0, -2.0])


def test_add_with_alpha_keeps_integer_and_complex_semantics():
    i = ember.tensor([1, 2, 3])
    assert ember.add(i, i, alpha=2).tolist() == [3, 6, 9]
    c = ember.tensor([1 + 1j])
    assert ember.add(c, c, alpha=2).tolist() == [3 + 3j]


def test_tanh_backward_fuses_one_minus_square():
    # y = 1 - 2**-13: y*y rounds to 1 - 2**-12 in float32, the fused 1 - y*y keeps 2**-12 - 2**-26
    y = np.array([1 - 2.0 ** -13], np.float32)
    g = np.ones(1, np.float32)
    assert tanh_grad(g, y)[0] == np.float32(2.0 ** -12 - 2.0 ** -26)
    assert (g * (1 - y * y))[0] == np.float32(2.0 ** -12)  # what two roundings give
    y64 = np.array([1 - 2.0 ** -27])
    assert tanh_grad(np.ones(1), y64)[0] == 2.0 ** -26 - 2.0 ** -54


def test_sigmoid_backward_multiplies_left_to_right():
    g = np.array([0.7], np.float32)
    y = np.array([0.3], np.float32)
    assert sigmoid_grad(g, y)[0] == (g * (np.float32(1) - y)) * y


def test_float16_activation_runs_in_float32():
    x = ember.tensor([0.5, -1.3, 2.2], dtype=ember.float16)
    want = np.array([0.5, -1.3, 2.2], np.float16).astype(np.float32)
    want = want / (1 + np.exp(-want.astype(np.float64))).astype(np.float32)
    np.testing.assert_array_equal(F.silu(x).numpy(), want.astype(np.float16))
    assert str(ember.tensor([0.5], dtype=ember.float16).sigmoid()) == "tensor([0.6226], dtype=torch.float16)"
    assert str(F.gelu(x)) == "tensor([ 0.3457, -0.1259,  2.1680], dtype=torch.float16)"


def test_float16_softmax_sums_in_float32():
    x = ember.tensor(np.linspace(-4, 4, 40, dtype=np.float16).reshape(4, 10))
    want = x.numpy().astype(np.float32)
    e = np.exp(want - want.max(1, keepdims=True))
    np.testing.assert_allclose(F.softmax(x, 1).numpy().astype(np.float32), e / e.sum(1, keepdims=True),
                               rtol=1e-3)
    assert F.softmax(x, 1).dtype == ember.float16


def test_half_results_keep_the_dtype_and_scalars():
    x = ember.tensor(1.5, dtype=ember.float16)
    for r in (x * 0.1, x / 3.3, x // 0.7, 2.5 / x, x.add(x, alpha=0.3), ember.rsqrt(x), x.sigmoid()):
        assert r.dtype == ember.float16 and r.dim() == 0


# ---------------------------------------------------------------- against PyTorch
def _data(dtype, n=4000, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(n) * 3).astype(dtype), rng.standard_normal(n).astype(dtype)


_SCALAR_OPS = {
    "mul": lambda a, s: a * s, "rmul": lambda a, s: s * a, "div": lambda a, s: a / s,
    "rdiv": lambda a, s: s / a, "floordiv": lambda a, s: a // s, "add": lambda a, s: a + s,
    "sub": lambda a, s: a - s, "mul_": lambda a, s: a.clone().mul_(s), "div_": lambda a, s: a.clone().div_(s),
}


@pytest.mark.parametrize("name", sorted(_SCALAR_OPS))
@pytest.mark.parametrize("scalar", [0.1, 1.7, -3.3, 1e-3, 4097])
def test_half_scalar_ops_match_torch(name, scalar):
    torch = pytest.importorskip("torch")
    x, _ = _data(np.float16)
    f = _SCALAR_OPS[name]
    assert _bits_equal(f(torch.from_numpy(x), scalar).numpy(), f(ember.from_numpy(x), scalar).numpy()) == 0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("op", ["add", "sub"])
@pytest.mark.parametrize("alpha", [0.1, -1.7, 3.3, 2])
def test_alpha_forms_match_torch_bit_for_bit(dtype, op, alpha):
    torch = pytest.importorskip("torch")
    x, y = _data(dtype)
    g = np.random.default_rng(1).standard_normal(x.size).astype(dtype)
    res = {}
    for lib in (torch, ember):
        a, b = lib.from_numpy(x.copy()).requires_grad_(), lib.from_numpy(y.copy()).requires_grad_()
        out = getattr(a, op)(b, alpha=alpha)
        out.backward(lib.from_numpy(g))
        res[lib] = (out.detach().numpy(), b.grad.numpy(), getattr(lib.from_numpy(x), op)(2.5, alpha=alpha).numpy())
    for t, e in zip(res[torch], res[ember]):
        assert _bits_equal(t, e) == 0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("n", [5, 1000, 16384])
def test_tanh_and_sigmoid_backward_kernels_match_aten(dtype, n):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(n)
    g = rng.standard_normal(n).astype(dtype)
    y = np.tanh(rng.standard_normal(n) * 2).astype(dtype)
    want = torch.ops.aten.tanh_backward(torch.from_numpy(g), torch.from_numpy(y)).numpy()
    assert _bits_equal(want, tanh_grad(g, y)) == 0
    y = (1 / (1 + np.exp(-rng.standard_normal(n) * 2))).astype(dtype)
    want = torch.ops.aten.sigmoid_backward(torch.from_numpy(g), torch.from_numpy(y)).numpy()
    assert _bits_equal(want, sigmoid_grad(g, y)) == 0


@pytest.mark.parametrize("op", ["tanh", "sigmoid"])
def test_tanh_sigmoid_gradients_match_torch_on_both_paths(op):
    torch = pytest.importorskip("torch")
    x, g = _data(np.float32, n=2000)
    tx = torch.from_numpy(x.copy()).requires_grad_()
    getattr(torch, op)(tx).backward(torch.from_numpy(g))
    ex = ember.from_numpy(x.copy()).requires_grad_()
    y = getattr(ember, op)(ex)
    # the forwards differ in the last bit of a few elements (libm vs Sleef); compare the rest
    same = getattr(torch, op)(torch.from_numpy(x)).numpy() == y.detach().numpy()
    assert same.mean() > 0.95  # tanh: 99.8%, sigmoid: 96.6% (its exp rounded from float64)
    y.backward(ember.from_numpy(g))
    assert _bits_equal(tx.grad.numpy()[same], ex.grad.numpy()[same]) == 0
    ex2 = ember.from_numpy(x.copy()).requires_grad_()
    (gr,) = ember.autograd.grad(getattr(ember, op)(ex2), ex2, ember.from_numpy(g), create_graph=True)
    assert type(gr.grad_fn).__name__ == f"{op.capitalize()}BackwardBackward0"
    assert _bits_equal(ex.grad.numpy(), gr.detach().numpy()) == 0


_HALF_ACTIVATIONS = ["sigmoid", "rsqrt", "gelu", "silu", "softplus", "mish", "selu", "hardswish", "hardsigmoid",
                     "logsigmoid", "leaky_relu", "elu", "celu", "tanh", "exp", "log1p"]


@pytest.mark.parametrize("name", _HALF_ACTIVATIONS)
def test_half_activation_forward_matches_torch(name):
    torch = pytest.importorskip("torch")
    x, _ = _data(np.float16)
    if name == "rsqrt":
        x = np.abs(x) + np.float16(0.01)
    f = getattr(torch, name, None) or getattr(torch.nn.functional, name)
    e = getattr(ember, name, None) or getattr(F, name)
    assert _bits_equal(f(torch.from_numpy(x)).numpy(), e(ember.from_numpy(x)).numpy()) == 0


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape,dim", [((64, 10), 1), ((8, 300), 1), ((16, 33), 0), ((30, 7, 5), 1)])
def test_half_softmax_is_close_to_torch_and_mostly_bit_equal(name, shape, dim):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(shape) * 3).astype(np.float16)
    g = rng.standard_normal(shape).astype(np.float16)
    res = {}
    for lib in (torch, ember):
        t = lib.from_numpy(x.copy()).requires_grad_()
        y = getattr(lib, name)(t, dim)
        y.backward(lib.from_numpy(g))
        res[lib] = (y.detach().numpy(), t.grad.numpy())
    for t, e in zip(res[torch], res[ember]):
        np.testing.assert_allclose(e.astype(np.float32), t.astype(np.float32), rtol=2e-3, atol=2e-3)
        assert _bits_equal(t, e) <= 0.3 * x.size  # 1-ulp differences: ATen's Half reduction order is not followed
    if name == "softmax" and dim == x.ndim - 1:
        assert _bits_equal(res[torch][0], res[ember][0]) == 0
        assert _bits_equal(res[torch][1], res[ember][1]) == 0


def test_hardsigmoid_backward_multiplies_by_the_float_one_sixth():
    # ATen's kernel uses the float constant 1.0f / 6.0f in every dtype, float64 included
    x = ember.tensor([0.5, -1.0, 4.0], dtype=ember.float64, requires_grad=True)
    F.hardsigmoid(x).backward(ember.tensor([1.0, 3.0, 1.0], dtype=ember.float64))
    sixth = float(np.float32(1 / 6))
    assert x.grad.tolist() == [sixth, 3.0 * sixth, 0.0]


def test_silu_backward_fuses_its_inner_multiply_add():
    x = np.linspace(-6, 6, 97, dtype=np.float32)
    g = np.ones_like(x)
    s = np.float32(1) / (np.float32(1) + np.exp(-x.astype(np.float64)).astype(np.float32))
    from ember.backend.fma import fma32
    want = g * s * fma32(x, np.float32(1) - s, np.float32(1))
    t = ember.from_numpy(x.copy()).requires_grad_()
    F.silu(t).backward(ember.from_numpy(g))
    np.testing.assert_array_equal(t.grad.numpy(), want)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name", ["silu", "logsigmoid", "hardsigmoid"])
def test_activation_backward_kernels_match_torch(dtype, name):
    torch = pytest.importorskip("torch")
    x, g = _data(dtype, n=10000)  # (float64 FMAs are emulated exactly up to 16384 elements)
    tx = torch.from_numpy(x.copy()).requires_grad_()
    getattr(torch.nn.functional, name)(tx).backward(torch.from_numpy(g))
    ex = ember.from_numpy(x.copy()).requires_grad_()
    getattr(F, name)(ex).backward(ember.from_numpy(g))
    # float16: exact; float32/float64: exp is rounded from float64 where ATen uses Sleef (1 ulp apart in ~3%)
    assert _bits_equal(tx.grad.numpy(), ex.grad.numpy()) <= (0 if dtype == np.float16 or name == "hardsigmoid"
                                                             else 0.05 * x.size)


_FUSED_BACKWARDS = [("hardswish", {}), ("elu", {}), ("selu", {}), ("celu", {"alpha": 0.7}), ("softplus", {}),
                    ("softplus", {"beta": 2.0, "threshold": 5.0}), ("mish", {}), ("leaky_relu", {"negative_slope": 0.2}),
                    ("elu", {"inplace": True}), ("celu", {"alpha": 0.7, "inplace": True}),
                    ("leaky_relu", {"inplace": True})]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name,kw", _FUSED_BACKWARDS)
def test_fused_activation_backwards_match_aten(dtype, name, kw):
    torch = pytest.importorskip("torch")
    x, g = _data(dtype, n=10000)
    grads = []
    for lib, fn in ((torch, getattr(torch.nn.functional, name)), (ember, getattr(F, name))):
        t = lib.from_numpy(x.copy()).requires_grad_()
        fn(t * 1, **kw).backward(lib.from_numpy(g))  # (* 1: in-place forms need a non-leaf)
        grads.append(t.grad.numpy())
    # exp/log1p/tanh are rounded from float64 where ATen uses Sleef: a few 1-ulp differences in float32/64
    exact = name in ("hardswish", "leaky_relu")
    loose = 0.002 if dtype == np.float16 else 0.25 if name == "mish" else 0.08  # mish: three transcendentals
    assert _bits_equal(*grads) <= (0 if exact else loose * x.size)
    np.testing.assert_allclose(grads[1].astype(np.float64), grads[0].astype(np.float64),
                               rtol=4e-3 if dtype == np.float16 else 2e-6 if dtype == np.float32 else 1e-13,
                               atol=1e-6 if dtype != np.float64 else 1e-13)


def test_celu_backward_uses_the_float_rounded_alpha():
    # derivatives.yaml: elu_backward(grad, alpha, 1, 1.0 / alpha.toFloat(), ...)
    x = ember.tensor([-1.0], dtype=ember.float64, requires_grad=True)
    F.celu(x, alpha=0.7).backward()
    ipt = 1.0 / float(np.float32(0.7))
    assert x.grad.item() == 1.0 * ipt * 0.7 * np.exp(-1.0 * ipt)


# ------------------------------------------------------------ log_softmax backward
def test_log_softmax_backward_is_one_fma_over_lane_ordered_sums():
    from ember.backend.fma import fma32
    from ember.ops.reduction_ext import _lastdim_vec_sum
    rng = np.random.default_rng(7)
    for shape in [(3, 5), (64, 10), (4, 100)]:
        x = ember.tensor(rng.standard_normal(shape).astype(np.float32), requires_grad=True)
        g = rng.standard_normal(shape).astype(np.float32)
        y = F.log_softmax(x, dim=1)
        y.backward(ember.from_numpy(g))
        e = np.exp(y.detach().numpy().astype(np.float64)).astype(np.float32)
        want = fma32(-e, _lastdim_vec_sum(g), g)  # one rounding of g - exp(y) * sum(g)
        np.testing.assert_array_equal(x.grad.numpy(), want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(40, 5), (64, 10), (512, 10), (32, 100), (8, 1000), (4, 7, 33)])
def test_log_softmax_backward_bits_match_aten_better_than_the_plain_formula(dtype, shape):
    torch = pytest.importorskip("torch")
    from ember.ops.reduction_ext import LogSoftmaxBackward0
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    y = torch.log_softmax(torch.from_numpy(x), -1)
    want = torch.ops.aten._log_softmax_backward_data(torch.from_numpy(g), y, len(shape) - 1, y.dtype).numpy()
    node = LogSoftmaxBackward0.__new__(LogSoftmaxBackward0)
    node.dim = len(shape) - 1
    yn = y.numpy()
    got = (want == node.vjp_arrays(g, yn)).mean()
    plain = (want == g - np.exp(yn) * g.sum(-1, keepdims=True)).mean()
    # what is left is exp: Sleef's, against a float64 exp rounded once (or NumPy's own exp)
    assert got >= 0.8 and got >= plain + 0.05
    t = ember.from_numpy(x.copy()).requires_grad_()
    ember.log_softmax(t, -1).backward(ember.from_numpy(g))
    np.testing.assert_allclose(t.grad.numpy(), want, rtol=1e-5 if dtype == np.float32 else 1e-12,
                               atol=1e-6 if dtype == np.float32 else 1e-14)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name", ["lerp_small", "lerp_large", "lerp_tensor", "addcmul", "addcdiv", "addcmul_"])
def test_lerp_addcmul_addcdiv_match_aten_bit_for_bit(dtype, name):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    a, b, c = ((rng.standard_normal(5000) * 1.5).astype(dtype) for _ in range(3))
    ops = {"lerp_small": lambda L, x, y, z: L.lerp(x, y, 0.3), "lerp_large": lambda L, x, y, z: L.lerp(x, y, 0.7),
           "lerp_tensor": lambda L, x, y, z: L.lerp(x, y, z), "addcmul": lambda L, x, y, z: L.addcmul(x, y, z, value=0.7),
           "addcdiv": lambda L, x, y, z: L.addcdiv(x, y, z, value=0.7),
           "addcmul_": lambda L, x, y, z: x.clone().addcmul_(y, z, value=-2.5)}
    f = ops[name]
    want = f(torch, *map(torch.from_numpy, (a, b, c))).numpy()
    got = f(ember, *map(ember.from_numpy, (a, b, c))).numpy()
    assert got.dtype == want.dtype and _bits_equal(want, got) == 0


def test_lerp_and_addcmul_round_once_by_hand():
    # fma(w, b - a, a) with w * (b - a) = 2**-24 * (1 + 2**-23): alone it rounds away its last bit
    a = ember.tensor([1.0])
    b = ember.tensor([1.0 + 2.0 ** -23])
    w = 0.25  # |w| < 0.5: a + w * (b - a) = 1 + 2**-25, rounds to 1 either way
    assert ember.lerp(a, b, w).item() == 1.0
    x = ember.tensor([-1.0])
    t1 = ember.tensor([1 + 2.0 ** -13])
    t2 = ember.tensor([1 - 2.0 ** -13])
    assert ember.addcmul(x, t1, t2).item() == -2.0 ** -26  # two roundings would give 0
    f64 = ember.float64
    t1, t2 = ember.tensor([1 + 2.0 ** -27], dtype=f64), ember.tensor([1 - 2.0 ** -27], dtype=f64)
    assert ember.addcmul(x.double(), t1, t2).item() == -2.0 ** -54


def test_addcmul_addcdiv_gradients_follow_derivatives_yaml():
    # tensor1: grad * (tensor2 * value); addcdiv's tensor1: grad * (value / tensor2), a true division
    t1 = ember.tensor([1.1, -2.3], requires_grad=True)
    t2 = ember.tensor([0.3, 1.7], requires_grad=True)
    g = np.array([0.7, -1.3], np.float32)
    ember.addcmul(ember.zeros(2), t1, t2, value=0.7).backward(ember.from_numpy(g))
    np.testing.assert_array_equal(t1.grad.numpy(), g * (t2.detach().numpy() * np.float32(0.7)))
    t1.grad = t2.grad = None
    ember.addcdiv(ember.zeros(2), t1, t2, value=0.7).backward(ember.from_numpy(g))
    np.testing.assert_array_equal(t1.grad.numpy(), g * (np.float32(0.7) / t2.detach().numpy()))


def test_tanh_backward_of_a_scalar_is_fused_too():
    y = np.float32(1 - 2.0 ** -13)
    assert tanh_grad(np.float32(1), y) == np.float32(2.0 ** -12 - 2.0 ** -26)
    x = ember.tensor(0.75, requires_grad=True)
    x.tanh().backward()
    yv = np.float32(np.tanh(np.float64(np.float32(0.75))))
    assert x.grad.item() == np.float32(1.0 - float(yv) ** 2)


# ------------------------------------------------------------------------- 2-norms
def _lane_norm(x, lanes):
    """ATen's last-dim 2-norm written out one element at a time."""
    from ember.backend.fma import fma
    dt = x.dtype
    acc = [dt.type(0)] * lanes
    full = x.size - x.size % lanes
    for i in range(full):
        acc[i % lanes] = dt.type(acc[i % lanes] + x[i] * x[i])
    tot = acc[0]
    for v in acc[1:]:
        tot = dt.type(tot + v)
    for i in range(full, x.size):
        tot = dt.type(fma(np.array([x[i]]), np.array([x[i]]), np.array([tot]), dt)[0])
    return np.sqrt(tot)


@pytest.mark.parametrize("dtype,lanes", [(np.float32, 8), (np.float64, 4)])
@pytest.mark.parametrize("n", [8, 13, 100, 301])
def test_two_norm_adds_in_aten_lane_order(dtype, lanes, n):
    x = np.random.default_rng(n).standard_normal(n).astype(dtype)
    want = _lane_norm(x, lanes)
    assert ember.from_numpy(x).norm().item() == want
    assert ember.linalg.vector_norm(ember.from_numpy(np.stack([x, x])), dim=1).numpy()[1] == want


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_norms_and_cosine_similarity_match_torch_bit_for_bit(dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    for n in (8, 9, 100, 4099, 100003):
        x = rng.standard_normal(n).astype(dtype)
        assert torch.from_numpy(x).norm().item() == ember.from_numpy(x).norm().item()
        m = rng.standard_normal((7, n)).astype(dtype)
        assert torch.linalg.vector_norm(torch.from_numpy(m)).item() == ember.linalg.vector_norm(ember.from_numpy(m)).item()
        assert _bits_equal(torch.from_numpy(m).norm(dim=1).numpy(), ember.from_numpy(m).norm(dim=1).numpy()) == 0
    for shape in [(256, 8), (64, 33), (16, 300)]:
        a, b = rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)
        want = torch.nn.functional.cosine_similarity(torch.from_numpy(a), torch.from_numpy(b)).numpy()
        got = F.cosine_similarity(ember.from_numpy(a), ember.from_numpy(b)).numpy()
        assert _bits_equal(want, got) == 0


# ------------------------------------------------------------- float16 layers
def test_half_linear_adds_the_bias_before_rounding():
    rng = np.random.default_rng(4)
    x, w, b = (rng.standard_normal(s).astype(np.float16) for s in ((5, 7), (3, 7), (3,)))
    got = F.linear(ember.from_numpy(x), ember.from_numpy(w), ember.from_numpy(b)).numpy()
    want = (np.matmul(x, w.T, dtype=np.float32) + b.astype(np.float32)).astype(np.float16)
    np.testing.assert_array_equal(got, want)


def test_half_cube_and_avg_pool_round_once():
    x = np.array([1.1, -2.3, 0.7, 3.3], np.float16)
    np.testing.assert_array_equal((ember.from_numpy(x) ** 3).numpy(), (x.astype(np.float32) ** 3).astype(np.float16))
    img = np.linspace(-3, 3, 16, dtype=np.float16).reshape(1, 1, 4, 4)
    want = img.astype(np.float32).reshape(1, 1, 2, 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(1, 1, 2, 2, 4)
    want = (want.sum(-1) / 4).astype(np.float16)
    np.testing.assert_array_equal(F.avg_pool2d(ember.from_numpy(img), 2).numpy(), want)


@pytest.mark.parametrize("name", ["linear", "pow3", "avg_pool2d", "layer_norm"])
def test_half_layers_match_torch(name):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    x = rng.standard_normal((16, 32)).astype(np.float16)
    w = rng.standard_normal((8, 32)).astype(np.float16)
    b = rng.standard_normal(8).astype(np.float16)
    img = rng.standard_normal((2, 3, 8, 8)).astype(np.float16)
    g = rng.standard_normal((16, 32)).astype(np.float16)
    ops = {"linear": (lambda L, t: L.nn.functional.linear(t, L.from_numpy(w), L.from_numpy(b)), x),
           "pow3": (lambda L, t: t ** 3, x), "avg_pool2d": (lambda L, t: L.nn.functional.avg_pool2d(t, 2), img),
           "layer_norm": (lambda L, t: L.nn.functional.layer_norm(t, (32,)), x)}
    f, a = ops[name]
    outs = []
    for lib in (torch, ember):
        t = lib.from_numpy(a.copy()).requires_grad_()
        y = f(lib, t)
        y.backward(lib.from_numpy(g if name == "layer_norm" else np.ones(y.shape, np.float16)))
        outs.append((y.detach().numpy(), t.grad.numpy()))
    # layer_norm's float16 forward replays ATen's statistics in float32: one element in 512 still differs
    assert _bits_equal(outs[0][0], outs[1][0]) <= (0.005 * a.size if name == "layer_norm" else 0)
    assert _bits_equal(outs[0][1], outs[1][1]) <= 0.01 * a.size


def test_fma_leaves_other_array_types_to_their_own_arithmetic():
    # CuPy arrays are not NumPy arrays: the emulation (NumPy bit tricks) must not touch them
    from ember.backend.fma import fma

    class Other(np.ndarray):
        pass

    a = np.array([1 + 2.0 ** -13], np.float32).view(Other)
    b = np.array([1 - 2.0 ** -13], np.float32)
    c = np.array([-1.0], np.float32)
    r = fma(a, b, c, np.float32)
    assert isinstance(r, Other) and r[0] == np.float32(0.0)  # a * b rounds to 1 first: plain arithmetic
    assert fma(a.view(np.ndarray), b, c, np.float32)[0] == np.float32(-2.0 ** -26)  # NumPy: fused


# ------------------------------------------------------------------------ digamma
def test_float32_digamma_follows_calc_digamma_step_by_step():
    from ember.ops.numeric_ext import _digamma_f32
    x = np.array([0.5, 3.25, 10.0, 17.5, -2.5, 0.0, -0.0, -3.0, np.inf], np.float32)
    got = _digamma_f32(x)
    assert got[2] == np.float32(2.25175258906672110764)  # x == 10: result + PSI_10 exactly
    assert np.isposinf(got[6]) and np.isneginf(got[5]) and np.isnan(got[7]) and np.isposinf(got[8])
    # 0.5 -> 10.5: the float32 recurrence, then the series
    res, v = np.float32(0), np.float32(0.5)
    while v < 10:
        res = np.float32(res - np.float32(1) / v)
        v = np.float32(v + 1)
    assert abs(float(got[0]) - (-1.9635100260214235)) < 2e-6 and res < 0


@pytest.mark.parametrize("name", ["digamma", "lgamma_grad", "polygamma0"])
def test_float32_digamma_matches_torch(name):
    torch = pytest.importorskip("torch")
    x = (np.random.default_rng(8).standard_normal(5000) * 5).astype(np.float32)
    outs = []
    for lib in (torch, ember):
        t = lib.from_numpy(x.copy()).requires_grad_()
        if name == "lgamma_grad":
            lib.lgamma(t).sum().backward()
            outs.append(t.grad.numpy())
        else:
            outs.append((lib.digamma(t) if name == "digamma" else lib.polygamma(0, t)).detach().numpy())
    assert _bits_equal(*outs) <= 0.002 * x.size  # was 30-67% equal (float64 series rounded once)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("p,dim", [(1, None), (1, 0), (1, -1), (3, -1), (3, None), (2, 0), (2, None), (1, (0, 1))])
def test_other_norms_accumulate_sequentially_like_aten(dtype, p, dim):
    x = (np.random.default_rng(9).standard_normal((37, 53)) * 2).astype(dtype)
    a = np.abs(x)
    got = ember.linalg.vector_norm(ember.from_numpy(x), p, dim).numpy()
    flat = dim is None or dim == (0, 1)
    ax = 0 if flat else dim % 2
    src = a.reshape(-1) if flat else a
    if p == 2 and dim is None:
        return  # the last-dim 2-norm kernel (test_two_norm_adds_in_aten_lane_order)
    acc = np.take(np.cumsum(src ** dtype(p), axis=ax, dtype=dtype), -1, axis=ax)
    want = acc if p == 1 else np.power(acc, dtype(1) / dtype(p))
    np.testing.assert_array_equal(got, want)


def test_trace_and_cumsum_backward_accumulate_in_double():
    x = (np.random.default_rng(10).standard_normal((40, 40)) * 3).astype(np.float32)
    assert ember.from_numpy(x).trace().item() == float(np.float32(np.cumsum(np.diagonal(x).astype(np.float64))[-1]))
    t = ember.from_numpy(x.copy()).requires_grad_()
    g = np.linspace(-1, 1, 1600, dtype=np.float32).reshape(40, 40)
    t.cumsum(1).backward(ember.from_numpy(g))
    want = np.flip(np.cumsum(np.flip(g, 1).astype(np.float64), 1), 1).astype(np.float32)
    np.testing.assert_array_equal(t.grad.numpy(), want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_prod_over_the_last_dim_follows_atens_inner_reduction(dtype):
    from ember.ops.reduction_ext import _prod_inner_rows
    lanes = 8 if dtype == np.float32 else 4
    x = (np.random.default_rng(11).standard_normal((3, 4 * lanes * 2 + 5)) * 0.3 + 1).astype(dtype)
    blocks = x[:, :4 * lanes] * x[:, 4 * lanes:8 * lanes]  # two blocks of four vectors, lane by lane
    a = blocks.reshape(3, 4, lanes)
    comb = (a[:, 0] * a[:, 1]) * (a[:, 2] * a[:, 3])
    want = comb[:, 0]
    for j in range(1, lanes):
        want = want * comb[:, j]
    for k in range(8 * lanes, x.shape[1]):
        want = want * x[:, k]
    np.testing.assert_array_equal(_prod_inner_rows(x), want)
    np.testing.assert_array_equal(ember.from_numpy(x).prod(1).numpy(), want)


def test_prod_matches_torch_bit_for_bit():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(12)
    for dtype in (np.float32, np.float64):
        x = (rng.standard_normal((37, 53)) * 0.3 + 1).astype(dtype)
        for dim in (None, 0, 1):
            want = (torch.from_numpy(x).prod() if dim is None else torch.from_numpy(x).prod(dim)).numpy()
            got = (ember.from_numpy(x).prod() if dim is None else ember.from_numpy(x).prod(dim)).numpy()
            assert _bits_equal(want, got) == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logsumexp_sums_in_atens_cascade_order(dtype):
    from ember.ops._cascade_sum import faithful_sum
    x = (np.random.default_rng(13).standard_normal((37, 53)) * 2).astype(dtype)
    m = x.max(1, keepdims=True)
    e = np.exp(x - m) if dtype == np.float64 else np.exp((x - m).astype(np.float64)).astype(dtype)
    s = faithful_sum(e, (1,), True)
    want = ((np.log(s.astype(np.float64)).astype(dtype) if dtype == np.float32 else np.log(s)) + m)[:, 0]
    np.testing.assert_array_equal(ember.logsumexp(ember.from_numpy(x), 1).numpy(), want)


def test_std_takes_the_square_root_before_rounding():
    x = (np.random.default_rng(14).standard_normal((37, 53)) * 2).astype(np.float32)
    x64 = x.astype(np.float64)
    v = ((x64 - x64.mean(1, keepdims=True)) ** 2).sum(1) / 52
    np.testing.assert_array_equal(ember.from_numpy(x).std(1).numpy(), np.sqrt(v).astype(np.float32))
    np.testing.assert_array_equal(ember.std_mean(ember.from_numpy(x), 1)[0].numpy(), np.sqrt(v).astype(np.float32))


def test_float64_var_replays_welford_over_one_dim():
    x = np.random.default_rng(15).standard_normal((6, 40)) * 2
    mean = np.zeros(6)
    m2 = np.zeros(6)
    for k in range(40):
        delta = x[:, k] - mean
        mean = mean + delta / (k + 1)
        m2 = m2 + delta * (x[:, k] - mean)
    v, m = ember.var_mean(ember.from_numpy(x), 1)
    np.testing.assert_array_equal(v.numpy(), m2 / 39)
    np.testing.assert_array_equal(m.numpy(), mean)
    np.testing.assert_array_equal(ember.from_numpy(x).std(1, keepdim=True).numpy(), np.sqrt(m2 / 39)[:, None])


def test_float64_var_matches_torch_bit_for_bit():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(16).standard_normal((37, 53)) * 2
    for dim in (0, 1):
        for fn in ("var", "std"):
            want = getattr(torch, fn)(torch.from_numpy(x), dim).numpy()
            assert _bits_equal(want, getattr(ember, fn)(ember.from_numpy(x), dim).numpy()) == 0


def test_float64_whole_tensor_var_sums_squared_deviations_in_turn():
    x = np.random.default_rng(17).standard_normal((6, 7, 8)) * 2
    mean = ember.from_numpy(x).mean().item()
    dx = x.reshape(-1) - mean
    want = np.cumsum(dx * dx)[-1] / (x.size - 1)
    assert ember.from_numpy(x).var().item() == want
    assert ember.from_numpy(x).std().item() == np.sqrt(want)


def test_float64_whole_tensor_var_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(18)
    for shape in [(37, 53), (300,), (4, 5, 6)]:
        x = rng.standard_normal(shape) * 2
        for fn in ("var", "std"):
            assert getattr(torch, fn)(torch.from_numpy(x)).item() == getattr(ember, fn)(ember.from_numpy(x)).item()



@pytest.mark.parametrize("n", [5, 5000])
def test_float32_fma_double_rounding_golden(n):
    """A sum that float64 rounds onto a float32 midpoint: c = 1 + 2**-23 and a*b = 2**-24 - 2**-70
    (a = 1 + 2**-23, b = 2**-24 * (1 - 2**-23)) give exactly 1 + 3 * 2**-24 - 2**-70, just below the
    midpoint, so fma is 1 + 2**-23; rounding the float64 sum instead ties to even, 1 + 2**-22.
    Small calls fix it densely, large ones by gathering (both paths)."""
    from ember.nn._functional._moments import fma
    a = np.full(n, 1 + 2.0 ** -23, np.float32)
    b = np.full(n, 2.0 ** -24 * (1 - 2.0 ** -23), np.float32)
    c = np.full(n, 1 + 2.0 ** -23, np.float32)
    assert np.float32(np.float64(a[0]) * np.float64(b[0]) + np.float64(c[0])) == np.float32(1 + 2.0 ** -22)
    got = fma(a, b, c, np.float32)
    assert (got == np.float32(1 + 2.0 ** -23)).all()


def test_float32_fma_small_calls_round_once():
    """``_moments.fma`` (float32, the dense fix for small calls and the gathered one for large) against
    exact rational arithmetic, on operands built to land on float32 rounding midpoints."""
    from fractions import Fraction

    from ember.nn._functional._moments import fma
    rng = np.random.default_rng(5)
    for n in (7, 300, 5000):
        b = (np.round(rng.standard_normal(n) * 64) / 64).astype(np.float32)
        c = (np.round(rng.standard_normal(n) * 64) / 64 + 2.0 ** -20).astype(np.float32)
        for a in (np.float32(0.5), rng.standard_normal(n).astype(np.float32)):
            got = fma(a, b, c, np.float32)
            ab = np.broadcast_to(a, got.shape)
            for i in rng.integers(0, n, 40):
                exact = Fraction(float(ab[i])) * Fraction(float(b[i])) + Fraction(float(c[i]))
                f = np.float32(float(exact))
                near = [np.nextafter(f, np.float32(-np.inf)), f, np.nextafter(f, np.float32(np.inf))]
                best = min(near, key=lambda v: (abs(Fraction(float(v)) - exact), int(np.array(v).view(np.int32)) & 1))
                assert got[i] == best
