"""3-D pooling (ember/nn/_functional/pooling3d.py, ember/nn/modules/pooling3d.py) against PyTorch."""
import numpy as np
import pytest

import ember
import ember.nn as enn
import ember.nn.functional as EF

try:
    import torch
    import torch.nn.functional as TF
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch not installed")


def _pair_inputs(shape, seed=0, ties=False, nan=False, dtype=np.float64):
    rng = np.random.default_rng(seed)
    a = rng.integers(-3, 3, size=shape).astype(dtype) if ties else rng.standard_normal(shape).astype(dtype)
    if nan:
        a.ravel()[rng.choice(a.size, max(1, a.size // 7), replace=False)] = np.nan
    return a


# (functional name, input shape, kwargs, input flags)
CASES = [
    ("max_pool3d", (2, 3, 5, 6, 7), dict(kernel_size=2), {}),
    ("max_pool3d", (2, 3, 5, 6, 7), dict(kernel_size=(2, 3, 2), stride=(1, 2, 3), padding=(1, 1, 0)), {}),
    ("max_pool3d", (1, 2, 6, 5, 7), dict(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True), {}),
    ("max_pool3d", (2, 5, 6, 7), dict(kernel_size=(3, 2, 2), stride=2, ceil_mode=True), {}),
    ("max_pool3d", (1, 2, 5, 6, 7), dict(kernel_size=3, stride=1, padding=1), {"ties": True}),
    ("max_pool3d", (1, 2, 5, 6, 7), dict(kernel_size=3, stride=2, padding=1), {"nan": True}),
    ("max_pool3d", (1, 2, 4, 4, 4), dict(kernel_size=2, stride=[]), {}),
    ("avg_pool3d", (2, 3, 5, 6, 7), dict(kernel_size=2), {}),
    ("avg_pool3d", (2, 3, 5, 6, 7), dict(kernel_size=(3, 2, 3), stride=(2, 1, 2), padding=1, ceil_mode=True), {}),
    ("avg_pool3d", (2, 3, 5, 6, 7), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True,
                                         count_include_pad=False), {}),
    ("avg_pool3d", (3, 5, 6, 7), dict(kernel_size=(2, 3, 2), padding=(1, 0, 1), divisor_override=5), {}),
    ("adaptive_avg_pool3d", (2, 3, 5, 6, 7), dict(output_size=(3, 4, 5)), {}),
    ("adaptive_avg_pool3d", (3, 5, 6, 7), dict(output_size=(2, None, 9)), {}),
    ("adaptive_avg_pool3d", (2, 3, 5, 6, 7), dict(output_size=1), {}),
    ("adaptive_max_pool3d", (2, 3, 5, 6, 7), dict(output_size=(3, 4, 5)), {}),
    ("adaptive_max_pool3d", (3, 5, 6, 7), dict(output_size=(4, None, 3)), {"ties": True}),
    ("adaptive_max_pool3d", (1, 2, 5, 6, 7), dict(output_size=3), {"nan": True}),
    ("lp_pool3d", (2, 3, 5, 6, 7), dict(norm_type=2, kernel_size=2), {}),
    ("lp_pool3d", (2, 3, 5, 6, 7), dict(norm_type=3.0, kernel_size=(2, 3, 2), stride=1, ceil_mode=True), {}),
    ("lp_pool3d", (2, 3, 5, 6, 7), dict(norm_type=float("inf"), kernel_size=2), {}),
]


def _run(lib, fname, a, kw, grad=True):
    F = TF if lib is torch else EF
    t = lib.tensor(a, requires_grad=grad)
    out = getattr(F, fname)(t, **kw)
    return t, out


@needs_torch
@pytest.mark.parametrize("fname,shape,kw,flags", CASES)
def test_matches_torch(fname, shape, kw, flags):
    a = _pair_inputs(shape, **flags)
    tt, to = _run(torch, fname, a, kw)
    et, eo = _run(ember, fname, a, kw)
    np.testing.assert_allclose(eo.detach().numpy(), to.detach().numpy(), rtol=1e-12, atol=1e-12, equal_nan=True)
    assert type(eo.grad_fn).__name__ == type(to.grad_fn).__name__
    g = np.random.default_rng(1).standard_normal(to.shape)
    gt, = torch.autograd.grad(to, tt, torch.tensor(g))
    ge, = ember.autograd.grad(eo, et, ember.tensor(g))
    np.testing.assert_allclose(ge.numpy(), gt.numpy(), rtol=1e-12, atol=1e-12, equal_nan=True)


@needs_torch
@pytest.mark.parametrize("fname,shape,kw,flags", [c for c in CASES if c[0] in ("max_pool3d", "adaptive_max_pool3d")])
def test_indices_and_unpool_match_torch(fname, shape, kw, flags):
    a = _pair_inputs(shape, **flags)
    to, ti = getattr(TF, fname)(torch.tensor(a), return_indices=True, **kw)
    eo, ei = getattr(EF, fname)(ember.tensor(a), return_indices=True, **kw)
    assert ei.dtype == ember.int64
    np.testing.assert_array_equal(ei.numpy(), ti.numpy())
    if fname == "max_pool3d" and kw.get("dilation", 1) == 1 and kw.get("stride") != []:
        ukw = {k: kw[k] for k in ("kernel_size", "stride", "padding") if k in kw}
        out_size = shape[-3:]
        tu = TF.max_unpool3d(to, ti, output_size=out_size, **ukw)
        eu = EF.max_unpool3d(ember.tensor(to.numpy()).requires_grad_(), ei, output_size=out_size, **ukw)
        np.testing.assert_array_equal(eu.detach().numpy(), tu.numpy())
        assert type(eu.grad_fn).__name__ == "MaxUnpool3DBackward0"


@needs_torch
def test_integer_dtypes_match_torch():
    a = np.random.default_rng(3).integers(-50, 50, size=(2, 3, 5, 6, 7))
    for kw in (dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1, count_include_pad=False)):
        np.testing.assert_array_equal(EF.avg_pool3d(ember.tensor(a), **kw).numpy(),
                                      TF.avg_pool3d(torch.tensor(a), **kw).numpy())
    for dt in ("int64", "int32", "uint8"):
        b = np.abs(a).astype(dt)
        eo, ei = EF.max_pool3d(ember.tensor(b), 3, 2, 1, return_indices=True)
        to, ti = TF.max_pool3d(torch.tensor(b), 3, 2, 1, return_indices=True)
        np.testing.assert_array_equal(eo.numpy(), to.numpy())
        np.testing.assert_array_equal(ei.numpy(), ti.numpy())


def _err(call):
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the type is part of what is compared
        return type(e).__name__, str(e)
    return None


ERRORS = [
    lambda F, x: F.max_pool3d(x, (2, 2)),
    lambda F, x: F.max_pool3d(x, 2, (2, 2)),
    lambda F, x: F.max_pool3d(x, 2, 2, (1, 1)),
    lambda F, x: F.max_pool3d(x, 2, 2, 0, (1, 1)),
    lambda F, x: F.max_pool3d(x, 0),
    lambda F, x: F.max_pool3d(x, -1, 1),
    lambda F, x: F.max_pool3d(x, 2, -1),
    lambda F, x: F.max_pool3d(x, 2, 1, -1),
    lambda F, x: F.max_pool3d(x, 2, 1, 2),
    lambda F, x: F.max_pool3d(x, 2, 1, 2, 3),
    lambda F, x: F.max_pool3d(x, 2, 1, 0, 0),
    lambda F, x: F.max_pool3d(x, 5),
    lambda F, x: F.max_pool3d(x[0, 0], 2),
    lambda F, x: F.max_pool3d(x[:, :0], 2),
    lambda F, x: F.max_pool3d(x[0, :, :0], 2),
    lambda F, x: F.max_pool3d(x > 0, 2),
    lambda F, x: F.avg_pool3d(x, (2, 2)),
    lambda F, x: F.avg_pool3d(x, 2, (2, 2)),
    lambda F, x: F.avg_pool3d(x, 2, 2, (1, 1)),
    lambda F, x: F.avg_pool3d(x, 0),
    lambda F, x: F.avg_pool3d(x, 2, 1, 2),
    lambda F, x: F.avg_pool3d(x, 5),
    lambda F, x: F.avg_pool3d(x[0, 0], 2),
    lambda F, x: F.avg_pool3d(x, 2, divisor_override=0),
    lambda F, x: F.avg_pool3d(x[:, :, :0], 2),
    lambda F, x: F.avg_pool3d(x.float().half(), 2),
    lambda F, x: F.avg_pool3d(x.int(), 2),
    lambda F, x: F.adaptive_avg_pool3d(x, (2, 2)),
    lambda F, x: F.adaptive_avg_pool3d(x, -1),
    lambda F, x: F.adaptive_avg_pool3d(x[0, 0], 2),
    lambda F, x: F.adaptive_avg_pool3d(x[0, 0], (2, 2, 2)),
    lambda F, x: F.adaptive_avg_pool3d(x[:, :, :0], 2),
    lambda F, x: F.adaptive_avg_pool3d(x.long(), 2),
    lambda F, x: F.adaptive_max_pool3d(x, (2, 2)),
    lambda F, x: F.adaptive_max_pool3d(x, -1),
    lambda F, x: F.adaptive_max_pool3d(x[0, 0], 2),
    lambda F, x: F.adaptive_max_pool3d(x[:, :, :0], 2),
    lambda F, x: F.adaptive_max_pool3d(x.long(), 2),
    lambda F, x: F.lp_pool3d(x, 2, (2, 2)),
    lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2, output_size=(5, 5)),
    lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2, output_size=(9, 4, 6)),
    lambda F, x: F.max_unpool3d(F.max_pool3d(x, 2), F.max_pool3d(x, 2, return_indices=True)[1][..., :1], 2),
    lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 1),
    lambda F, x: F.max_unpool3d(F.max_pool3d(x, 2), F.max_pool3d(x, 2, return_indices=True)[1] * 100 - 50, 2),
    lambda F, x: F.max_unpool3d(F.max_pool3d(x, 2)[0, 0], F.max_pool3d(x, 2, return_indices=True)[1][0, 0], 2),
    lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), (2, 2)),
    lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2, 0),
    lambda F, x: F.max_unpool3d(F.max_pool3d(x, 2), F.max_pool3d(x, 2, return_indices=True)[1].int(), 2),
]




@needs_torch
@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_match_torch(i):
    a = _pair_inputs((1, 2, 4, 4, 6))
    want = _err(lambda: ERRORS[i](TF, torch.tensor(a)))
    got = _err(lambda: ERRORS[i](EF, ember.tensor(a)))
    assert want is not None
    assert got == want


@needs_torch
def test_module_reprs_match_torch():
    specs = [("MaxPool3d", (2,)), ("MaxPool3d", ((2, 3, 1), 1, 1, 2, True, True)), ("AvgPool3d", (2,)),
             ("AvgPool3d", ((1, 2, 3), (1, 1, 1), 1, True, False, 3)), ("AdaptiveAvgPool3d", ((2, None, 3),)),
             ("AdaptiveMaxPool3d", (3, True)), ("LPPool3d", (2, 3)), ("LPPool3d", (1.5, (1, 2, 3), 2, True)),
             ("MaxUnpool3d", (2,)), ("MaxUnpool3d", ((1, 2, 3), 1, (0, 1, 0)))]
    for name, args in specs:
        assert repr(getattr(enn, name)(*args)) == repr(getattr(torch.nn, name)(*args))


def test_modules_forward():
    x = ember.tensor(_pair_inputs((1, 2, 4, 4, 6)))
    y, idx = enn.MaxPool3d(2, return_indices=True)(x)
    assert tuple(y.shape) == (1, 2, 2, 2, 3)
    u = enn.MaxUnpool3d(2)(y, idx)
    assert tuple(u.shape) == (1, 2, 4, 4, 6)
    assert float(u.sum()) == pytest.approx(float(y.sum()))
    assert tuple(enn.AvgPool3d(2, 1)(x).shape) == (1, 2, 3, 3, 5)
    assert tuple(enn.AdaptiveAvgPool3d((1, 2, 3))(x).shape) == (1, 2, 1, 2, 3)
    assert tuple(enn.AdaptiveMaxPool3d(2)(x).shape) == (1, 2, 2, 2, 2)
    assert tuple(enn.LPPool3d(2, 2)(x).shape) == (1, 2, 2, 2, 3)


# ------------------------------------------------------------------ golden values (derived by hand)
def test_golden_max_pool3d():
    x = ember.arange(8.0).reshape(1, 1, 2, 2, 2)
    x = x.clone().requires_grad_()
    y, idx = EF.max_pool3d(x, 2, return_indices=True)
    assert y.tolist() == [[[[[7.0]]]]] and idx.tolist() == [[[[[7]]]]]
    # padding 1, kernel 2, stride 2: every output window holds exactly one input element
    y2, idx2 = EF.max_pool3d(x, 2, 2, 1, return_indices=True)
    assert y2.flatten().tolist() == list(range(8)) and idx2.flatten().tolist() == list(range(8))
    y.sum().backward()
    assert x.grad.flatten().tolist() == [0, 0, 0, 0, 0, 0, 0, 1]
    assert type(y.grad_fn).__name__ == "MaxPool3DWithIndicesBackward0"


def test_golden_ties_and_nan():
    x = ember.tensor([[[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]]]], requires_grad=True)
    y, idx = EF.max_pool3d(x, 2, return_indices=True)
    assert idx.item() == 0   # first maximum in window order
    y.sum().backward()
    assert x.grad.flatten().tolist() == [1, 0, 0, 0, 0, 0, 0, 0]
    z = ember.tensor([[[[[float("nan"), 1.0], [float("nan"), 5.0]], [[2.0, 3.0], [4.0, 0.0]]]]])
    assert EF.max_pool3d(z, 2, return_indices=True)[1].item() == 2   # last NaN


def test_golden_avg_pool3d():
    x = ember.arange(8.0).reshape(1, 1, 2, 2, 2)
    assert EF.avg_pool3d(x, 2).item() == 3.5
    assert EF.avg_pool3d(x, 2, divisor_override=4).item() == 7.0
    # padding 1: each window holds one element; count_include_pad divides by 8, otherwise by 1
    assert EF.avg_pool3d(x, 2, 2, 1).flatten().tolist() == [v / 8 for v in range(8)]
    assert EF.avg_pool3d(x, 2, 2, 1, count_include_pad=False).flatten().tolist() == list(map(float, range(8)))
    assert EF.adaptive_avg_pool3d(x, (1, 1, 2)).flatten().tolist() == [3.0, 4.0]
    assert EF.adaptive_max_pool3d(x, (2, 1, 1), return_indices=True)[1].flatten().tolist() == [3, 7]


# ------------------------------------------------------------------ gradcheck (float64)
_UNPOOL_IDX = ember.tensor(np.arange(16).reshape(1, 2, 2, 2, 2) * 4)
GRAD_FNS = [
    lambda t: EF.max_pool3d(t, 2, 1, 1),
    lambda t: EF.max_pool3d(t, (2, 3, 2), 2, (1, 1, 0), dilation=(1, 1, 2), ceil_mode=True),
    lambda t: EF.avg_pool3d(t, 3, 2, 1, ceil_mode=True, count_include_pad=False),
    lambda t: EF.avg_pool3d(t, 2, 1, divisor_override=3),
    lambda t: EF.adaptive_avg_pool3d(t, (2, 3, 2)),
    lambda t: EF.adaptive_max_pool3d(t, (2, 3, 2)),
    lambda t: EF.lp_pool3d(t.abs() + 0.5, 2.0, 2),
    lambda t: EF.max_unpool3d(t[..., :2, :2, :2], _UNPOOL_IDX, 2),
]


@pytest.mark.parametrize("i", range(len(GRAD_FNS)))
def test_gradcheck(i):
    x = ember.tensor(np.random.default_rng(i).standard_normal((1, 2, 4, 5, 6)), requires_grad=True)
    assert ember.autograd.gradcheck(GRAD_FNS[i], (x,))
    assert ember.autograd.gradgradcheck(GRAD_FNS[i], (x,))
