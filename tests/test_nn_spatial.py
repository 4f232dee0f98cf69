"""Spatial and sequence layers: conv, pooling, padding/interpolation, attention, RNNs, transformers.

Every functional and layer is compared with real PyTorch (outputs, input and
parameter gradients, grad_fn names, reprs, error messages, initial weights
after ``manual_seed``); those tests are skipped when ``torch`` is not
importable.  Float64 numerical gradient checks (``ember.autograd.gradcheck``
and ``gradgradcheck``) run without PyTorch.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

try:
    import torch
    import torch.nn.functional as TF
except ImportError:  # pragma: no cover - depends on the environment
    torch = None
    TF = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")

RTOL, ATOL = 1e-4, 1e-5


# ----------------------------------------------------------------- helpers
def _e(t, requires_grad=None):
    """An ember copy of a torch tensor (same dtype, same requires_grad unless given)."""
    rg = t.requires_grad if requires_grad is None else requires_grad
    return ember.tensor(t.detach().numpy().copy(), requires_grad=rg)


def _leafs(args):
    out = []
    for a in args:
        if isinstance(a, torch.Tensor) and a.is_floating_point():
            out.append(a.detach().clone().requires_grad_(True))
        elif isinstance(a, tuple):
            out.append(tuple(_leafs(a)))
        else:
            out.append(a)
    return out


def _to_ember(a):
    if isinstance(a, torch.Tensor):
        return _e(a)
    if isinstance(a, tuple):
        return tuple(_to_ember(x) for x in a)
    return a


def _close(a, b, rtol=RTOL, atol=ATOL, msg=""):
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol, err_msg=msg)


def compare_fn(ft, fe, args, kwargs=None, rtol=RTOL, atol=ATOL, grad_atol=1e-4, check_name=True):
    """Run ``ft`` (torch) and ``fe`` (ember) on the same data; compare outputs, grads and grad_fn names."""
    kwargs = kwargs or {}
    targs = _leafs(args)
    eargs = [_e(a) if isinstance(a, torch.Tensor) else a for a in targs]
    kt = {k: v for k, v in kwargs.items()}
    ke = {k: (_e(v) if isinstance(v, torch.Tensor) else v) for k, v in kwargs.items()}
    yt = ft(*targs, **kt)
    ye = fe(*eargs, **ke)
    if isinstance(yt, tuple):
        for a, b in zip(yt[1:], ye[1:]):
            np.testing.assert_array_equal(b.numpy(), a.numpy())
        yt, ye = yt[0], ye[0]
    assert tuple(ye.shape) == tuple(yt.shape)
    assert ye.dtype == ember.float32 if yt.dtype == torch.float32 else True
    _close(ye, yt, rtol, atol, "forward")
    if check_name:
        assert type(ye.grad_fn).__name__ == type(yt.grad_fn).__name__
    g = torch.randn(yt.shape, dtype=yt.dtype)
    yt.backward(g)
    ye.backward(_e(g))
    for i, (a, b) in enumerate(zip(targs, eargs)):
        if isinstance(a, torch.Tensor) and a.requires_grad:
            assert b.grad is not None and b.grad.dtype == b.dtype
            _close(b.grad, a.grad, rtol, grad_atol, f"grad of argument {i}")
    return ye, yt


def torch_error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we compare whatever torch raises
        return type(e), str(e)
    raise AssertionError("torch did not raise")


def same_error(ft, fe):
    et, mt = torch_error(ft)
    with pytest.raises(et) as info:
        fe()
    assert str(info.value) == mt


def copy_weights(mt, me):
    """Copy torch module parameters into the ember module (names must match)."""
    pt = dict(mt.named_parameters())
    pe = dict(me.named_parameters())
    assert list(pt) == list(pe)
    with ember.no_grad():
        for k in pt:
            pe[k].copy_(ember.tensor(pt[k].detach().numpy()))


def same_init(tcls, ecls, *args, seed=123, **kwargs):
    """Build both modules after the same seed: reprs, parameter names and values must agree."""
    torch.manual_seed(seed)
    ember.manual_seed(seed)
    mt = tcls(*args, **kwargs)
    me = ecls(*args, **kwargs)
    assert repr(me) == repr(mt)
    pt = dict(mt.named_parameters())
    pe = dict(me.named_parameters())
    assert list(pe) == list(pt)
    for k in pt:
        np.testing.assert_array_equal(pe[k].detach().numpy(), pt[k].detach().numpy(), err_msg=k)
    return mt, me


def compare_module(mt, me, inputs, kwargs=None, rtol=RTOL, atol=ATOL, grad_atol=1e-4):
    kwargs = kwargs or {}
    ti = _leafs(inputs)
    ei = [_to_ember(a) for a in ti]
    kt = dict(kwargs)
    ke = {k: (_e(v) if isinstance(v, torch.Tensor) else v) for k, v in kwargs.items()}
    ot = mt(*ti, **kt)
    oe = me(*ei, **ke)
    flat_t, flat_e = _flatten(ot), _flatten(oe)
    assert len(flat_t) == len(flat_e)
    lt, le = 0, 0
    for a, b in zip(flat_t, flat_e):
        if a is None:
            assert b is None
            continue
        _close(b, a, rtol, atol)
        assert type(b.grad_fn).__name__ == type(a.grad_fn).__name__
        g = torch.randn(a.shape)
        lt = lt + (a * g).sum()
        le = le + (b * _e(g)).sum()
    lt.backward()
    le.backward()
    for a, b in zip(_flatten(ti), _flatten(ei)):
        if isinstance(a, torch.Tensor) and a.requires_grad:
            _close(b.grad, a.grad, rtol, grad_atol)
    pt, pe = dict(mt.named_parameters()), dict(me.named_parameters())
    for k in pt:
        if pt[k].grad is None:
            assert pe[k].grad is None, k
        else:
            _close(pe[k].grad, pt[k].grad, rtol, grad_atol, k)
    return oe, ot


def _flatten(o):
    if isinstance(o, (tuple, list)):
        r = []
        for x in o:
            r.extend(_flatten(x))
        return r
    return [o]


def _r64(*shape, seed=0):
    return ember.tensor(np.random.default_rng(seed).standard_normal(shape), dtype=ember.float64, requires_grad=True)


# ================================================================= convolution
CONV2D_CASES = [
    dict(N=2, C=4, H=9, W=8, O=6, k=3, stride=1, padding=1, dilation=1, groups=1),
    dict(N=2, C=4, H=9, W=8, O=6, k=3, stride=2, padding=0, dilation=1, groups=2),
    dict(N=1, C=6, H=10, W=11, O=6, k=(3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 1), groups=3),
    dict(N=3, C=4, H=7, W=7, O=8, k=1, stride=1, padding=0, dilation=1, groups=1),
    dict(N=2, C=4, H=7, W=7, O=8, k=1, stride=2, padding=0, dilation=1, groups=4),
    dict(N=2, C=3, H=6, W=6, O=5, k=3, stride=1, padding="same", dilation=2, groups=1),
    dict(N=2, C=3, H=6, W=7, O=5, k=2, stride=1, padding="valid", dilation=1, groups=1),
    # output rows 16 or more wide: the exact-columns path instead of the flat layout
    dict(N=2, C=3, H=5, W=18, O=4, k=3, stride=1, padding=1, dilation=1, groups=1),
    dict(N=2, C=4, H=4, W=21, O=4, k=(2, 3), stride=1, padding=(0, 1), dilation=(1, 2), groups=2),
]


@needs_torch
@pytest.mark.parametrize("case", CONV2D_CASES)
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_matches_torch(case, bias):
    torch.manual_seed(0)
    c = dict(case)
    k = c["k"] if isinstance(c["k"], tuple) else (c["k"], c["k"])
    x = torch.randn(c["N"], c["C"], c["H"], c["W"])
    w = torch.randn(c["O"], c["C"] // c["groups"], *k)
    b = torch.randn(c["O"]) if bias else None
    kw = dict(stride=c["stride"], padding=c["padding"], dilation=c["dilation"], groups=c["groups"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compare_fn(TF.conv2d, F.conv2d, [x, w, b], kw)


@needs_torch
@pytest.mark.parametrize("case", CONV2D_CASES[:5])
def test_conv_transpose2d_matches_torch(case):
    torch.manual_seed(1)
    c = dict(case)
    k = c["k"] if isinstance(c["k"], tuple) else (c["k"], c["k"])
    x = torch.randn(c["N"], c["C"], c["H"], c["W"])
    w = torch.randn(c["C"], c["O"] // c["groups"], *k)
    b = torch.randn(c["O"])
    kw = dict(stride=c["stride"], padding=c["padding"], dilation=c["dilation"], groups=c["groups"])
    compare_fn(TF.conv_transpose2d, F.conv_transpose2d, [x, w, b], kw)
    s = kw["stride"] if isinstance(kw["stride"], tuple) else (kw["stride"],) * 2
    if all(v == 2 for v in s):
        compare_fn(TF.conv_transpose2d, F.conv_transpose2d, [x, w, b], dict(kw, output_padding=1))


@needs_torch
def test_conv1d_conv3d_and_unbatched_match_torch():
    torch.manual_seed(2)
    x = torch.randn(2, 4, 10)
    compare_fn(TF.conv1d, F.conv1d, [x, torch.randn(6, 2, 3), torch.randn(6)], dict(padding=2, dilation=2, groups=2))
    compare_fn(TF.conv1d, F.conv1d, [x, torch.randn(6, 4, 3), None], dict(stride=3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compare_fn(TF.conv1d, F.conv1d, [x, torch.randn(6, 4, 4), None], dict(padding="same"))
    compare_fn(TF.conv1d, F.conv1d, [x[0], torch.randn(6, 4, 3), None])             # unbatched: SqueezeBackward1
    compare_fn(TF.conv2d, F.conv2d, [torch.randn(3, 5, 6), torch.randn(4, 3, 2, 2), torch.randn(4)])
    compare_fn(TF.conv3d, F.conv3d, [torch.randn(2, 2, 5, 6, 5), torch.randn(3, 2, 2, 3, 2), torch.randn(3)],
               dict(padding=1, stride=(1, 2, 1)))
    compare_fn(TF.conv_transpose1d, F.conv_transpose1d, [x, torch.randn(4, 3, 3), torch.randn(3)],
               dict(stride=2, padding=1, output_padding=1))


@needs_torch
def test_conv_next_functions_and_float32():
    x = ember.randn(1, 2, 5, 5, requires_grad=True)
    w = ember.randn(3, 2, 3, 3, requires_grad=True)
    y = F.conv2d(x, w)
    assert y.dtype == ember.float32
    assert type(y.grad_fn).__name__ == "ConvolutionBackward0"
    assert len(y.grad_fn.next_functions) == 3 and y.grad_fn.next_functions[2] == (None, 0)
    y.sum().backward()
    assert x.grad.dtype == ember.float32 and w.grad.dtype == ember.float32


@needs_torch
def test_conv_double_backward_matches_torch():
    rng = np.random.default_rng(3)
    xs, ws, bs = rng.standard_normal((2, 4, 7, 6)), rng.standard_normal((6, 2, 3, 2)), rng.standard_normal(6)
    wts = rng.standard_normal((4, 3, 3, 2))

    def run(lib, f, w_np, **kw):
        x = lib.tensor(xs, requires_grad=True)
        w = lib.tensor(w_np, requires_grad=True)
        b = lib.tensor(bs[:kw.pop("nb")], requires_grad=True)
        y = f(x, w, b, **kw)
        gx, gw = lib.autograd.grad((y * y).sum(), [x, w], create_graph=True)
        names = (type(gx.grad_fn).__name__, type(gw.grad_fn).__name__)
        (gx.sin().sum() + (gw * gw).sum()).backward()
        return names, [t.grad.numpy() for t in (x, w, b)]

    for ft, fe, w_np, kw in [(TF.conv2d, F.conv2d, ws, dict(stride=2, padding=1, groups=2, dilation=(1, 2), nb=6)),
                             (TF.conv_transpose2d, F.conv_transpose2d, wts,
                              dict(stride=2, padding=1, groups=2, output_padding=1, nb=6))]:
        nt, rt = run(torch, ft, w_np, **dict(kw))
        ne, re_ = run(ember, fe, w_np, **dict(kw))
        assert ne == nt == ("ConvolutionBackwardBackward0", "ConvolutionBackwardBackward0")
        for a, b in zip(rt, re_):
            np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-10)


@needs_torch
def test_conv_errors_match_torch():
    x = torch.randn(1, 3, 32, 32)
    cases = [
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 8, 3, 3)),
        lambda m: m.conv2d((x if m is TF else _e(x))[0, 0], (torch if m is TF else ember).randn(16, 3, 3, 3)),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3)),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3, 3),
                           (torch if m is TF else ember).randn(15)),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 40, 3)),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3, 3), stride=2,
                           padding="same"),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3, 3), padding="foo"),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 1, 3, 3), groups=3),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(15, 3, 3, 3), groups=3),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3, 3), stride=0),
        lambda m: m.conv2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3, 3), padding=-1),
        lambda m: m.conv1d(x if m is TF else _e(x), (torch if m is TF else ember).randn(16, 3, 3)),
        lambda m: m.conv_transpose2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(3, 4, 3, 3),
                                     stride=2, output_padding=2),
        lambda m: m.conv_transpose2d(x if m is TF else _e(x), (torch if m is TF else ember).randn(4, 4, 3, 3)),
        lambda m: m.conv2d((x if m is TF else _e(x)).double(), (torch if m is TF else ember).randn(16, 3, 3, 3)),
    ]
    for c in cases:
        same_error(lambda: c(TF), lambda: c(F))
    same_error(lambda: TF.conv2d(torch.ones(1, 2, 4, 4), torch.ones(3, 2, 3, 3), torch.ones(3, dtype=torch.double)),
               lambda: F.conv2d(ember.ones(1, 2, 4, 4), ember.ones(3, 2, 3, 3), ember.ones(3, dtype=ember.double)))
    # integer convolutions are supported on CPU
    yt = TF.conv_transpose2d(torch.arange(32).reshape(1, 2, 4, 4), torch.arange(36).reshape(2, 2, 3, 3), stride=2)
    ye = F.conv_transpose2d(ember.arange(32).reshape(1, 2, 4, 4), ember.arange(36).reshape(2, 2, 3, 3), stride=2)
    assert ye.dtype == ember.int64 and ye.tolist() == yt.tolist()


def test_conv_gradcheck_float64():
    x = _r64(2, 4, 5, 6, seed=1)
    w = _r64(6, 2, 3, 2, seed=2)
    b = _r64(6, seed=3)
    assert gradcheck(lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=1, dilation=(1, 2), groups=2),
                     (x, w, b))
    assert gradgradcheck(lambda x, w: F.conv2d(x, w, None, stride=2, padding=1, groups=2), (x, w))
    wt = _r64(4, 3, 3, 3, seed=4)
    assert gradcheck(lambda x, w, b: F.conv_transpose2d(x, w, b[:3], stride=2, padding=1, output_padding=1),
                     (x, wt, b))
    assert gradcheck(lambda x, w: F.conv1d(x, w, padding=2, dilation=2), (_r64(2, 3, 7, seed=5), _r64(4, 3, 3)))


def test_conv_wide_rows_gradcheck_and_both_layouts_agree(monkeypatch):
    """Rows of 16+ outputs use exact im2col columns, narrower ones the flat layout: same values."""
    from ember.nn._functional import conv as conv_impl
    x = _r64(2, 3, 4, 17, seed=6)
    w = _r64(4, 3, 3, 3, seed=7)
    b = _r64(4, seed=8)
    assert gradcheck(lambda x, w, b: F.conv2d(x, w, b, padding=1), (x, w, b))
    results = []
    for below in (16, 10_000):  # 10_000: every stride-1 convolution takes the flat layout
        monkeypatch.setattr(conv_impl, "_FLAT_BELOW", below)
        xe, we = x.detach().requires_grad_(), w.detach().requires_grad_()
        y = F.conv2d(xe, we, b, padding=1)
        y.backward(ember.ones_like(y))
        results.append([t.detach().numpy() for t in (y, xe.grad, we.grad)])
    for a, c in zip(*results):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


# ================================================================= pooling
POOL_CASES = [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1),
              dict(kernel_size=3, stride=2, padding=1, ceil_mode=True), dict(kernel_size=2, ceil_mode=True),
              dict(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 1)),
              dict(kernel_size=3, stride=1, padding=1)]


@needs_torch
@pytest.mark.parametrize("kw", POOL_CASES)
def test_max_avg_pool2d_match_torch(kw):
    torch.manual_seed(4)
    x = torch.randn(2, 3, 9, 11)
    ties = torch.randint(0, 3, (2, 3, 9, 11)).float()   # many ties: PyTorch keeps the first maximum
    for xx in (x, ties):
        compare_fn(TF.max_pool2d, F.max_pool2d, [xx], kw)
        compare_fn(TF.max_pool2d, F.max_pool2d, [xx], dict(kw, return_indices=True))
        compare_fn(TF.max_pool2d, F.max_pool2d, [xx[0]], kw)
        akw = {k: v for k, v in kw.items() if k != "dilation"}
        for cip in (True, False):
            compare_fn(TF.avg_pool2d, F.avg_pool2d, [xx], dict(akw, count_include_pad=cip))
        compare_fn(TF.avg_pool2d, F.avg_pool2d, [xx], dict(akw, divisor_override=3))


@needs_torch
def test_pool1d_adaptive_and_special_values_match_torch():
    torch.manual_seed(5)
    x1 = torch.randn(2, 3, 13)
    for kw in [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)]:
        compare_fn(TF.max_pool1d, F.max_pool1d, [x1], kw)
        compare_fn(TF.max_pool1d, F.max_pool1d, [x1], dict(kw, return_indices=True))
        compare_fn(TF.avg_pool1d, F.avg_pool1d, [x1], kw)
    x = torch.randn(2, 3, 9, 11)
    for o in [3, (4, 5), (None, 3), (1, 1), (9, 11), (5, 7)]:
        compare_fn(TF.adaptive_avg_pool2d, F.adaptive_avg_pool2d, [x], dict(output_size=o))
        compare_fn(TF.adaptive_max_pool2d, F.adaptive_max_pool2d, [x], dict(output_size=o, return_indices=True))
    for o in [1, 4, 13]:
        compare_fn(TF.adaptive_avg_pool1d, F.adaptive_avg_pool1d, [x1], dict(output_size=o))
        compare_fn(TF.adaptive_max_pool1d, F.adaptive_max_pool1d, [x1], dict(output_size=o, return_indices=True))
    xn = x.clone()
    xn[0, 0, 1, 1] = xn[0, 0, 1, 2] = float("nan")   # PyTorch picks the last NaN
    xn[1, 1, :3, :3] = -float("inf")                  # all -inf window: first valid position
    compare_fn(TF.max_pool2d, F.max_pool2d, [xn], dict(kernel_size=3, stride=2, padding=1, return_indices=True))
    compare_fn(TF.adaptive_max_pool2d, F.adaptive_max_pool2d, [xn], dict(output_size=3, return_indices=True))


@needs_torch
def test_pool_double_backward_names_and_values():
    xs = np.random.default_rng(6).standard_normal((2, 3, 6, 7))
    for ft, fe, kw, name in [(TF.max_pool2d, F.max_pool2d, dict(kernel_size=3, stride=2, padding=1),
                              "MaxPool2DWithIndicesBackwardBackward0"),
                             (TF.avg_pool2d, F.avg_pool2d, dict(kernel_size=3, stride=2, padding=1),
                              "AvgPool2DBackwardBackward0"),
                             (TF.adaptive_avg_pool2d, F.adaptive_avg_pool2d, dict(output_size=(4, 3)),
                              "AdaptiveAvgPool2DBackwardBackward0")]:
        res = []
        for lib, f in ((torch, ft), (ember, fe)):
            x = lib.tensor(xs, requires_grad=True)
            y = f(x, **kw)
            gx, = lib.autograd.grad((y ** 3).sum(), x, create_graph=True)
            assert type(gx.grad_fn).__name__ == name
            (gx * gx).sum().backward()
            res.append(x.grad.numpy())
        np.testing.assert_allclose(res[1], res[0], rtol=1e-10, atol=1e-12)


@needs_torch
def test_pool_errors_match_torch():
    x = torch.randn(1, 3, 8, 8)
    x1 = torch.randn(2, 3, 8)
    cases = [
        lambda m, x, x1: m.max_pool2d(x, 3, padding=2),
        lambda m, x, x1: m.max_pool2d(x, 40),
        lambda m, x, x1: m.max_pool2d(x[0, 0], 2),
        lambda m, x, x1: m.max_pool2d(x, (2, 2, 2)),
        lambda m, x, x1: m.max_pool2d(x, 2, stride=(1, 1, 1)),
        lambda m, x, x1: m.max_pool2d(x, 0),
        lambda m, x, x1: m.max_pool2d(x, 2, dilation=0),
        lambda m, x, x1: m.max_pool2d(x, 2, padding=-1),
        lambda m, x, x1: m.max_pool2d(x[:, :, :0], 2),
        lambda m, x, x1: m.avg_pool2d(x, 3, padding=2),
        lambda m, x, x1: m.avg_pool2d(x, 40),
        lambda m, x, x1: m.avg_pool2d(x, 2, divisor_override=0),
        lambda m, x, x1: m.max_pool1d(x1, 3, padding=2),
        lambda m, x, x1: m.max_pool1d(x, 2),
        lambda m, x, x1: m.max_pool1d(x1, 20),
        lambda m, x, x1: m.avg_pool1d(x, 2),
        lambda m, x, x1: m.avg_pool1d(x1, 20),
        lambda m, x, x1: m.adaptive_avg_pool2d(x[0, 0], 2),
        lambda m, x, x1: m.adaptive_avg_pool2d(x, (2, 2, 2)),
        lambda m, x, x1: m.adaptive_max_pool2d(x[0, 0], 2),
        lambda m, x, x1: m.adaptive_avg_pool1d(x, 2),
    ]
    for c in cases:
        same_error(lambda: c(TF, x, x1), lambda: c(F, _e(x), _e(x1)))


def test_pool_gradcheck_float64():
    x = _r64(2, 2, 7, 6, seed=7)
    assert gradcheck(lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True), (x,))
    assert gradcheck(lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), (x,))
    assert gradcheck(lambda x: F.adaptive_avg_pool2d(x, (4, 3)), (x,))
    assert gradcheck(lambda x: F.adaptive_max_pool2d(x, (3, 4)), (x,))
    assert gradgradcheck(lambda x: F.max_pool2d(x, 2), (x,))
    assert gradgradcheck(lambda x: F.avg_pool2d(x, 2, 1, 1), (x,))


# ================================================================= padding / interpolation / shuffles
@needs_torch
def test_pad_matches_torch():
    torch.manual_seed(8)
    x, x1, x3 = torch.randn(2, 3, 5, 6), torch.randn(2, 3, 7), torch.randn(1, 2, 3, 4, 5)
    for p in [(1, 2), (1, 1, 2, 0), (-1, 2, 0, 1), (1, 1, 1, 1, 1, 1)]:
        compare_fn(TF.pad, F.pad, [x, p])
        compare_fn(TF.pad, F.pad, [x, p], dict(value=2.5))
    for mode in ["reflect", "replicate", "circular"]:
        compare_fn(TF.pad, F.pad, [x, (1, 2, 3, 0)], dict(mode=mode))
        compare_fn(TF.pad, F.pad, [x1, (2, 3)], dict(mode=mode))
        compare_fn(TF.pad, F.pad, [x[0], (2, 1, -1, 2)], dict(mode=mode))
        compare_fn(TF.pad, F.pad, [x3, (1, 2, 0, 1, 2, 1)], dict(mode=mode))
    y = torch.randn(1, 3, 3, 3)
    for c in [lambda m, y: m.pad(y, (1, 2, 3)), lambda m, y: m.pad(y, (1,) * 10), lambda m, y: m.pad(y, (-2, -2)),
              lambda m, y: m.pad(y, (3, 3), mode="reflect"), lambda m, y: m.pad(y, (3, 3, 0, 0), mode="reflect"),
              lambda m, y: m.pad(y, (4, 4, 0, 0), mode="circular"), lambda m, y: m.pad(y, (1, 1), mode="foo"),
              lambda m, y: m.pad(y, (1, 1, 1, 1), mode="reflect", value=2)]:
        same_error(lambda: c(TF, y), lambda: c(F, _e(y)))


@needs_torch
@pytest.mark.parametrize("mode,dim", [("nearest", 1), ("nearest", 2), ("nearest", 3), ("nearest-exact", 2),
                                      ("bilinear", 2), ("linear", 1), ("trilinear", 3), ("bicubic", 2),
                                      ("area", 2), ("area", 1)])
def test_interpolate_matches_torch(mode, dim):
    torch.manual_seed(9)
    x = torch.randn(*((2, 3) + (5, 6, 4)[:dim]))
    for kw in [dict(scale_factor=2), dict(scale_factor=1.7), dict(scale_factor=0.6), dict(size=[7] * dim),
               dict(size=[3] * dim), dict(scale_factor=2.5, recompute_scale_factor=True)]:
        for ac in ([None] if mode in ("nearest", "nearest-exact", "area") else [False, True]):
            compare_fn(TF.interpolate, F.interpolate, [x], dict(kw, mode=mode, align_corners=ac))


@needs_torch
def test_interpolate_errors_and_double_backward():
    y = torch.randn(1, 3, 3, 3)
    for c in [lambda m, y: m.interpolate(y, size=0), lambda m, y: m.interpolate(y, scale_factor=2, mode="linear"),
              lambda m, y: m.interpolate(y, scale_factor=2, align_corners=True),
              lambda m, y: m.interpolate(y[0], scale_factor=2, mode="bilinear"),
              lambda m, y: m.interpolate(y, scale_factor=(2, 3, 4)), lambda m, y: m.interpolate(y),
              lambda m, y: m.interpolate(y, size=3, scale_factor=2),
              lambda m, y: m.interpolate(y, scale_factor=2, mode="foo")]:
        same_error(lambda: c(TF, y), lambda: c(F, _e(y)))
    xs = np.random.default_rng(10).standard_normal((1, 2, 4, 5))
    for kw, name in [(dict(scale_factor=2), "UpsampleNearest2DBackwardBackward0"),
                     (dict(scale_factor=1.5, mode="bilinear"), "UpsampleBilinear2DBackwardBackward0")]:
        res = []
        for lib, f in ((torch, TF.interpolate), (ember, F.interpolate)):
            x = lib.tensor(xs, requires_grad=True)
            gx, = lib.autograd.grad((f(x, **kw) ** 3).sum(), x, create_graph=True)
            assert type(gx.grad_fn).__name__ == name
            (gx * gx).sum().backward()
            res.append(x.grad.numpy())
        np.testing.assert_allclose(res[1], res[0], rtol=1e-10, atol=1e-12)


@needs_torch
def test_pixel_shuffle_unfold_fold_match_torch():
    torch.manual_seed(11)
    compare_fn(TF.pixel_shuffle, F.pixel_shuffle, [torch.randn(2, 8, 3, 4), 2])
    compare_fn(TF.pixel_unshuffle, F.pixel_unshuffle, [torch.randn(2, 2, 6, 4), 2])
    x = torch.randn(2, 3, 5, 6)
    compare_fn(TF.unfold, F.unfold, [x], dict(kernel_size=2))
    compare_fn(TF.unfold, F.unfold, [x], dict(kernel_size=(3, 2), dilation=(1, 2), padding=1, stride=(2, 1)))
    compare_fn(TF.fold, F.fold, [torch.randn(2, 12, 20), (5, 6), 2])
    compare_fn(TF.fold, F.fold, [torch.randn(2, 12, 16), (6, 7), 2], dict(stride=2, padding=1))
    same_error(lambda: TF.pixel_shuffle(torch.randn(1, 3, 2, 2), 2), lambda: F.pixel_shuffle(ember.randn(1, 3, 2, 2), 2))
    same_error(lambda: TF.fold(torch.randn(2, 12, 12), (6, 7), 2, stride=2, padding=1),
               lambda: F.fold(ember.randn(2, 12, 12), (6, 7), 2, stride=2, padding=1))


def test_sampling_gradcheck_float64():
    x = _r64(1, 2, 4, 5, seed=12)
    assert gradcheck(lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect"), (x,))
    assert gradcheck(lambda x: F.pad(x, (1, -1, 2, 1), mode="circular"), (x,))
    assert gradcheck(lambda x: F.pad(x, (1, 2, 0, 3), value=1.5), (x,))
    assert gradcheck(lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear"), (x,))
    assert gradcheck(lambda x: F.interpolate(x, size=(5, 9), mode="bicubic", align_corners=True), (x,))
    assert gradcheck(lambda x: F.unfold(x, 2, padding=1, stride=2), (x,))
    assert gradgradcheck(lambda x: F.interpolate(x, scale_factor=2), (x,))


# ================================================================= attention
@needs_torch
def test_sdpa_matches_torch():
    torch.manual_seed(13)
    q, k, v = torch.randn(2, 3, 5, 8), torch.randn(2, 3, 7, 8), torch.randn(2, 3, 7, 8)
    m = torch.rand(5, 7) > 0.3
    m[2] = False                                   # fully masked row -> 0 (as PyTorch)
    for kw in [{}, dict(attn_mask=m), dict(attn_mask=torch.randn(2, 1, 5, 7)), dict(scale=0.3)]:
        compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q, k, v], kw)
    compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q, q, q], dict(is_causal=True))
    # math path (3-D, 2-D, mismatched head dims, mask requiring grad)
    compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q[0], k[0], v[0]], dict(attn_mask=m))
    compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q[0, 0], k[0, 0], v[0, 0]],
               dict(is_causal=True))
    compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q, k, v[..., :5]], dict(attn_mask=m))
    compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q, k, v, torch.randn(5, 7)])
    # the fused kernel combines a mask with is_causal; the math path refuses it
    compare_fn(TF.scaled_dot_product_attention, F.scaled_dot_product_attention, [q, k, v],
               dict(attn_mask=m, is_causal=True))
    for c in [lambda m_, q, k, v: m_.scaled_dot_product_attention(q, k, v[..., :5], is_causal=True,
                                                                 attn_mask=torch.ones(5, 7, dtype=torch.bool)
                                                                 if m_ is TF else ember.ones(5, 7, dtype=ember.bool)),
              lambda m_, q, k, v: m_.scaled_dot_product_attention(q, k.double(), v)]:
        same_error(lambda: c(TF, q, k, v), lambda: c(F, _e(q), _e(k), _e(v)))


@needs_torch
def test_sdpa_fused_is_once_differentiable_like_torch():
    q = ember.randn(1, 2, 3, 4, requires_grad=True)
    y = F.scaled_dot_product_attention(q, q, q)
    assert type(y.grad_fn).__name__ == "ScaledDotProductFlashAttentionForCpuBackward0"
    g, = ember.autograd.grad(y.sum(), q, create_graph=True)
    with pytest.raises(RuntimeError, match="derivative for aten::_scaled_dot_product_flash_attention_for_cpu_backward"
                                           " is not implemented"):
        g.sum().backward()


def test_sdpa_math_gradcheck_float64():
    q, k, v = _r64(2, 3, 4, seed=14), _r64(2, 5, 4, seed=15), _r64(2, 5, 3, seed=16)
    mask = ember.tensor(np.random.default_rng(17).random((3, 5)) > 0.3)
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=mask), (q, k, v))
    assert gradgradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), (q, k, v))
    q4, k4, v4 = _r64(1, 2, 3, 4, seed=18), _r64(1, 2, 5, 4, seed=19), _r64(1, 2, 5, 4, seed=20)
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v), (q4, k4, v4))


@needs_torch
def test_multihead_attention_matches_torch():
    torch.manual_seed(21)
    x = torch.randn(5, 2, 8)
    mt, me = same_init(torch.nn.MultiheadAttention, nn.MultiheadAttention, 8, 2)
    am = torch.rand(5, 5) > 0.3
    am[:, 0] = True
    kpm = torch.zeros(2, 5, dtype=torch.bool)
    kpm[1, 3:] = True
    compare_module(mt, me, [x, x, x])
    compare_module(mt, me, [x, x, x], dict(need_weights=False))
    compare_module(mt, me, [x, x, x], dict(attn_mask=am, key_padding_mask=kpm))
    compare_module(mt, me, [x, x, x], dict(attn_mask=am, key_padding_mask=kpm, need_weights=False))
    compare_module(mt, me, [x, x, x], dict(attn_mask=torch.randn(5, 5), average_attn_weights=False))
    compare_module(mt, me, [x[:, 0], x[:, 0], x[:, 0]])
    mem = torch.randn(7, 2, 8)
    compare_module(mt, me, [x, mem, mem])
    mt, me = same_init(torch.nn.MultiheadAttention, nn.MultiheadAttention, 8, 4, kdim=6, vdim=5, batch_first=True,
                       add_bias_kv=True, add_zero_attn=True)
    compare_module(mt, me, [x.transpose(0, 1), torch.randn(2, 7, 6), torch.randn(2, 7, 5)])


@needs_torch
@pytest.mark.parametrize("kw", [dict(), dict(batch_first=True, norm_first=True, activation="gelu")])
def test_transformer_encoder_matches_torch(kw):
    torch.manual_seed(22)
    x = torch.randn(5, 2, 8)
    if kw.get("batch_first"):
        x = x.transpose(0, 1).contiguous()
    kpm = torch.zeros(2, 5, dtype=torch.bool)
    kpm[1, 3:] = True
    lt, le = same_init(torch.nn.TransformerEncoderLayer, nn.TransformerEncoderLayer, 8, 2, dim_feedforward=16,
                       dropout=0.0, **kw)
    compare_module(lt, le, [x], dict(src_key_padding_mask=kpm))
    compare_module(lt, le, [x], dict(src_mask=torch.nn.Transformer.generate_square_subsequent_mask(5),
                                     is_causal=True))
    lt.zero_grad(set_to_none=True)
    le.zero_grad(set_to_none=True)
    with warnings.catch_warnings(record=True) as wt:
        warnings.simplefilter("always")
        et = torch.nn.TransformerEncoder(lt, 2, norm=torch.nn.LayerNorm(8))
    with warnings.catch_warnings(record=True) as we:
        warnings.simplefilter("always")
        ee = nn.TransformerEncoder(le, 2, norm=nn.LayerNorm(8))
    assert [str(w.message) for w in we] == [str(w.message) for w in wt]
    assert repr(ee) == repr(et)
    copy_weights(et, ee)
    compare_module(et, ee, [x], dict(src_key_padding_mask=kpm))


@needs_torch
def test_transformer_encoder_eval_padding_like_torch_nested_path():
    torch.manual_seed(23)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lt, le = same_init(torch.nn.TransformerEncoderLayer, nn.TransformerEncoderLayer, 8, 2, dim_feedforward=16,
                           batch_first=True)
        et, ee = torch.nn.TransformerEncoder(lt, 2), nn.TransformerEncoder(le, 2)
        copy_weights(et, ee)
        et.eval()
        ee.eval()
        x = torch.randn(2, 5, 8)
        kpm = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
        with torch.no_grad():
            ot = et(x, src_key_padding_mask=kpm)
        with ember.no_grad():
            oe = ee(_e(x), src_key_padding_mask=_e(kpm))
    _close(oe, ot)


# ================================================================= recurrent layers
RNN_CONFIGS = [dict(), dict(num_layers=2), dict(bidirectional=True), dict(batch_first=True, num_layers=2,
                                                                            bidirectional=True), dict(bias=False)]


@needs_torch
@pytest.mark.parametrize("cls", ["LSTM", "GRU", "RNN", "RNN_RELU"])
@pytest.mark.parametrize("cfg", RNN_CONFIGS)
def test_rnn_modules_match_torch(cls, cfg):
    kw = dict(cfg)
    name = cls
    if cls == "RNN_RELU":
        name, kw["nonlinearity"] = "RNN", "relu"
    mt, me = same_init(getattr(torch.nn, name), getattr(nn, name), 4, 5, **kw)
    torch.manual_seed(24)
    T_, B = 6, 3
    x = torch.randn(B, T_, 4) if kw.get("batch_first") else torch.randn(T_, B, 4)
    D = 2 if kw.get("bidirectional") else 1
    L = kw.get("num_layers", 1)
    h0, c0 = torch.randn(L * D, B, 5), torch.randn(L * D, B, 5)
    oe, ot = compare_module(mt, me, [x])
    if cls == "LSTM":
        compare_module(mt, me, [x, (h0, c0)])
    else:
        compare_module(mt, me, [x, h0])
    # unbatched input
    xu = x[0] if kw.get("batch_first") else x[:, 0]
    if cls == "LSTM":
        compare_module(mt, me, [xu, (h0[:, 0], c0[:, 0])])
    else:
        compare_module(mt, me, [xu, h0[:, 0]])


@needs_torch
def test_rnn_output_grad_fn_names():
    x = ember.randn(4, 2, 3)
    for m, names in [(nn.LSTM(3, 4), ("MkldnnRnnLayerBackward0", "StackBackward0")),
                     (nn.GRU(3, 4, batch_first=True), ("TransposeBackward1", "StackBackward0")),
                     (nn.RNN(3, 4, bidirectional=True), ("CatBackward0", "StackBackward0"))]:
        out, h = m(x)
        h = h[0] if isinstance(h, tuple) else h
        assert (type(out.grad_fn).__name__, type(h.grad_fn).__name__) == names
        assert out.dtype == ember.float32


@needs_torch
@pytest.mark.parametrize("cls", ["LSTMCell", "GRUCell", "RNNCell"])
def test_rnn_cells_match_torch(cls):
    for kw in (dict(), dict(bias=False)) + ((dict(nonlinearity="relu"),) if cls == "RNNCell" else ()):
        mt, me = same_init(getattr(torch.nn, cls), getattr(nn, cls), 3, 4, **kw)
        torch.manual_seed(25)
        x, h, c = torch.randn(2, 3), torch.randn(2, 4), torch.randn(2, 4)
        compare_module(mt, me, [x])
        compare_module(mt, me, [x, (h, c)] if cls == "LSTMCell" else [x, h])
        compare_module(mt, me, [x[0], (h[0], c[0])] if cls == "LSTMCell" else [x[0], h[0]])


@needs_torch
def test_rnn_double_backward_matches_torch():
    for name, dtype in [("GRU", "float64"), ("LSTM", "float64"), ("LSTM", "float32")]:
        mt, me = same_init(getattr(torch.nn, name), getattr(nn, name), 3, 4, bidirectional=True)
        mt.to(getattr(torch, dtype))
        me.to(getattr(ember, dtype))
        xs = np.random.default_rng(26).standard_normal((5, 2, 3)).astype(dtype)
        res = []
        for lib, m in ((torch, mt), (ember, me)):
            x = lib.tensor(xs, requires_grad=True)
            g, = lib.autograd.grad((m(x)[0] ** 2).sum(), x, create_graph=True)
            g.sin().sum().backward()
            res.append([x.grad.numpy()] + [p.grad.numpy() for p in m.parameters()])
        tol = 1e-9 if dtype == "float64" else 1e-4
        for a, b in zip(*res):
            np.testing.assert_allclose(b, a, rtol=tol, atol=tol)


@needs_torch
def test_rnn_errors_match_torch():
    for name in ("LSTM", "GRU", "RNN"):
        mt, me = getattr(torch.nn, name)(3, 4), getattr(nn, name)(3, 4)
        same_error(lambda: mt(torch.randn(2, 2, 2, 3)), lambda: me(ember.randn(2, 2, 2, 3)))
        same_error(lambda: mt(torch.randn(5, 2, 4)), lambda: me(ember.randn(5, 2, 4)))
        same_error(lambda: mt(torch.randn(5, 2, 3).double()), lambda: me(ember.randn(5, 2, 3).double()))
        if name == "LSTM":
            same_error(lambda: mt(torch.randn(5, 2, 3), (torch.randn(1, 3, 4), torch.randn(1, 2, 4))),
                       lambda: me(ember.randn(5, 2, 3), (ember.randn(1, 3, 4), ember.randn(1, 2, 4))))
        else:
            same_error(lambda: mt(torch.randn(5, 2, 3), torch.randn(1, 3, 4)),
                       lambda: me(ember.randn(5, 2, 3), ember.randn(1, 3, 4)))
    same_error(lambda: torch.nn.LSTM(3, 4, dropout=2.0), lambda: nn.LSTM(3, 4, dropout=2.0))
    same_error(lambda: torch.nn.RNN(3, 4, nonlinearity="foo"), lambda: nn.RNN(3, 4, nonlinearity="foo"))
    same_error(lambda: torch.nn.GRU(3, 4, proj_size=2), lambda: nn.GRU(3, 4, proj_size=2))


def test_rnn_layers_gradcheck_float64():
    from ember.nn._functional import rnn as R
    x, h0, c0 = _r64(4, 2, 3, seed=27), _r64(2, 4, seed=28), _r64(2, 4, seed=29)
    for mode, G in (("LSTM", 16), ("GRU", 12), ("RNN_TANH", 4), ("RNN_RELU", 4)):
        ws = (_r64(G, 3, seed=30), _r64(G, 4, seed=31), _r64(G, seed=32), _r64(G, seed=33))
        for reverse in (False, True):
            def f(x, h0, c0, *w, mode=mode, reverse=reverse):
                y, h, c = R.rnn_layer(mode, x, h0, c0 if mode == "LSTM" else None, *w, reverse=reverse)
                return (y, h) if c is None else (y, h, c)
            assert gradcheck(f, (x, h0, c0) + ws)
    assert gradgradcheck(lambda x, w: nn.functional.linear(x, w).tanh(), (_r64(2, 3), _r64(4, 3)))
    cell = nn.GRUCell(3, 4).double()
    assert gradgradcheck(lambda x, h: cell(x, h), (_r64(2, 3, seed=34), _r64(2, 4, seed=35)))


# ================================================================= modules: init, reprs, forward
@needs_torch
@pytest.mark.parametrize("cls,args,kw", [
    ("Conv2d", (8, 16, 3), dict(padding=1)),
    ("Conv2d", (4, 6, (3, 2)), dict(stride=2, padding="valid", dilation=2, groups=2, bias=False)),
    ("Conv2d", (4, 6, 3), dict(padding="same", padding_mode="reflect")),
    ("Conv1d", (4, 6, 3), dict(padding=2, padding_mode="circular")),
    ("Conv3d", (2, 4, 2), dict(padding=1, padding_mode="replicate")),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, output_padding=1, groups=2)),
    ("ConvTranspose1d", (4, 6, 3), dict()),
    ("LSTM", (10, 20), dict(num_layers=2, batch_first=True)),
    ("GRU", (3, 4), dict(bias=False, dropout=0.5, bidirectional=True, num_layers=2)),
    ("RNN", (3, 4), dict(nonlinearity="relu")),
])
def test_module_init_and_repr_match_torch(cls, args, kw):
    mt, me = same_init(getattr(torch.nn, cls), getattr(nn, cls), *args, **kw)
    if cls.startswith("Conv"):
        nd = int(cls[-2])
        x = torch.randn(*((2, args[0]) + (6, 5, 4)[:nd]))
        compare_module(mt, me, [x])


@needs_torch
def test_pooling_and_upsample_module_reprs_and_forward():
    torch.manual_seed(36)
    x = torch.randn(2, 3, 8, 9)
    for cls, a, kw in [("MaxPool2d", (2,), {}), ("MaxPool2d", ((3, 2),), dict(stride=1, padding=1, ceil_mode=True)),
                       ("AvgPool2d", (3,), dict(stride=2, padding=1)), ("AdaptiveAvgPool2d", ((1, 1),), {}),
                       ("AdaptiveAvgPool2d", (5,), {}), ("AdaptiveMaxPool2d", ((None, 3),), {}),
                       ("Upsample", (), dict(scale_factor=2)), ("Upsample", (), dict(size=(4, 5), mode="bilinear")),
                       ("UpsamplingBilinear2d", (), dict(scale_factor=2)), ("UpsamplingNearest2d", (), dict(size=12)),
                       ("LPPool2d", (2, 3), {}), ("MaxPool2d", (2,), dict(return_indices=True))]:
        mt, me = same_init(getattr(torch.nn, cls), getattr(nn, cls), *a, **kw)
        compare_module(mt, me, [x])
    x1 = torch.randn(2, 3, 10)
    for cls, a, kw in [("MaxPool1d", (3,), {}), ("AvgPool1d", (3,), dict(stride=2)), ("AdaptiveAvgPool1d", (4,), {}),
                       ("AdaptiveMaxPool1d", (4,), {})]:
        mt, me = same_init(getattr(torch.nn, cls), getattr(nn, cls), *a, **kw)
        compare_module(mt, me, [x1])


@needs_torch
def test_padding_shuffle_fold_unpool_modules_match_torch():
    torch.manual_seed(39)
    x = torch.randn(2, 4, 6, 6)
    for cls, a, inp in [("ZeroPad2d", (2,), x), ("ConstantPad1d", ((1, 2), 3.5), x[0]), ("ReflectionPad2d", (1,), x),
                        ("ReplicationPad1d", ((2, 1),), x[0]), ("CircularPad2d", ((1, 2, 0, 1),), x),
                        ("ZeroPad1d", (2,), x[0]), ("PixelShuffle", (2,), x), ("PixelUnshuffle", (2,), x),
                        ("Unfold", (2,), x), ("Fold", ((5, 6), 2), torch.randn(2, 8, 20))]:
        mt, me = same_init(getattr(torch.nn, cls), getattr(nn, cls), *a)
        compare_module(mt, me, [inp])
    pt, pe = torch.nn.MaxPool2d(2, return_indices=True), nn.MaxPool2d(2, return_indices=True)
    ut, ue = same_init(torch.nn.MaxUnpool2d, nn.MaxUnpool2d, 2)
    o, i = pt(x)
    oe, ie = pe(_e(x))
    for kw in ({}, dict(output_size=(7, 7))):
        compare_fn(lambda o, **k: ut(o, i, **k), lambda o, **k: ue(o, ie, **k), [o], kw)
    x1 = torch.randn(2, 3, 9)
    o, i = torch.nn.functional.max_pool1d(x1, 3, 2, return_indices=True)
    oe, ie = F.max_pool1d(_e(x1), 3, 2, return_indices=True)
    compare_fn(lambda o: TF.max_unpool1d(o, i, 3, 2), lambda o: F.max_unpool1d(o, ie, 3, 2), [o])


@needs_torch
def test_small_cnn_training_step_matches_torch():
    torch.manual_seed(37)
    ember.manual_seed(37)
    mt = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                             torch.nn.Conv2d(8, 4, 3, stride=2), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
                             torch.nn.Linear(4, 2))
    me = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 4, 3, stride=2),
                       nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
    assert repr(me) == repr(mt)
    for a, b in zip(mt.parameters(), me.parameters()):
        np.testing.assert_array_equal(b.detach().numpy(), a.detach().numpy())
    x = torch.randn(4, 3, 16, 16)
    compare_module(mt, me, [x])


# ================================================================= pure-ember checks (no torch needed)
def test_conv_matches_direct_loop_reference():
    rng = np.random.default_rng(38)
    x = rng.standard_normal((2, 4, 7, 6))
    w = rng.standard_normal((6, 2, 3, 2))
    y = F.conv2d(ember.tensor(x), ember.tensor(w), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2).numpy()
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (0, 0)))
    ref = np.zeros_like(y)
    for n in range(2):
        for o in range(6):
            g = o // 3
            for i in range(y.shape[2]):
                for j in range(y.shape[3]):
                    patch = xp[n, 2 * g:2 * g + 2, 2 * i:2 * i + 3, j:j + 3:2]
                    ref[n, o, i, j] = (patch * w[o]).sum()
    np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)


def test_maxpool_indices_and_ties_without_torch():
    x = ember.tensor([[[[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 0.0, 3.0]]]])
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    assert out.tolist() == [[[[3.0, 3.0]]]]
    assert idx.tolist() == [[[[1, 2]]]]          # first maximum in scan order
    assert idx.dtype == ember.int64


def test_conv_backward_keeps_float32_and_frees_graph():
    x = ember.randn(2, 3, 8, 8, requires_grad=True)
    conv = nn.Conv2d(3, 4, 3, padding=1)
    y = F.max_pool2d(conv(x).relu(), 2)
    assert y.dtype == ember.float32
    y.sum().backward()
    assert x.grad.dtype == ember.float32 and conv.weight.grad.dtype == ember.float32
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.sum().backward()
