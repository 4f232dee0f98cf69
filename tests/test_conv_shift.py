"""The shifted-GEMM convolution kernels (``nn/_functional/conv_shift.py``) against im2col and PyTorch.

Every geometry runs three ways: rows forced on for all three faces, rows
off everywhere (the im2col kernels), and the default choice.  In float64 the
three must agree to rounding, and with PyTorch installed they must match it
too.  Non-finite inputs and weights must give PyTorch's gradients: the rows
layout's extra columns meet them only through a zero gradient.
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck
from ember.backend import blas
from ember.nn._functional import conv_shift

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None


def _geometries(seed=7, count=40):
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < count:
        nd = int(rng.integers(1, 4))
        k = tuple(int(v) for v in rng.integers(1, 4, nd))
        stride = tuple(int(v) for v in rng.integers(1, 3, nd))
        stride = stride[:-1] + (1,) if rng.random() < 0.7 else stride
        dil = tuple(int(v) for v in rng.integers(1, 3, nd))
        pad = tuple(int(v) for v in rng.integers(0, 3, nd))
        size = tuple(int(v) for v in rng.integers(4, 8, nd))
        if any(s + 2 * p < d * (kk - 1) + 1 for s, p, d, kk in zip(size, pad, dil, k)):
            continue
        n, c, o = (int(v) for v in rng.integers(1, 4, 3))
        out.append((nd, n, c, o, k, stride, dil, pad, size))
    return out


GEOMETRIES = _geometries()
MODES = ["rows", "im2col", "default"]


@pytest.fixture
def mode(request, monkeypatch):
    if request.param == "rows":
        monkeypatch.setattr(conv_shift, "rows_pay", lambda geo, x, other, *_: conv_shift.usable(geo, x, other))
    elif request.param == "im2col":
        monkeypatch.setattr(conv_shift, "usable", lambda geo, *arrays: False)
        monkeypatch.setattr(conv_shift, "rows_pay", lambda geo, x, other, *_: False)
    return request.param


def _run(lib, fn, x, w, b, g, **kw):
    xt = lib.tensor(x, requires_grad=True)
    wt = lib.tensor(w, requires_grad=True)
    bt = lib.tensor(b, requires_grad=True)
    y = getattr(lib.nn.functional, fn)(xt, wt, bt, **kw)
    y.backward(lib.tensor(g))
    return [t.detach().numpy() for t in (y, xt.grad, wt.grad, bt.grad)]


def _case(geo, transposed, dtype, seed=0):
    nd, n, c, o, k, stride, dil, pad, size = geo
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c) + size).astype(dtype)
    wshape = (c, o) + k if transposed else (o, c) + k
    w = rng.standard_normal(wshape).astype(dtype)
    b = rng.standard_normal(o).astype(dtype)
    kw = dict(stride=stride, padding=pad, dilation=dil)
    if transposed:
        kw["output_padding"] = op = tuple(min(s, d) - 1 for s, d in zip(stride, dil))
        if any((s - 1) * st - 2 * p + d * (kk - 1) + q + 1 <= 0
               for s, st, p, d, kk, q in zip(size, stride, pad, dil, k, op)):
            pytest.skip("no output for this transposed geometry")
        fn = f"conv_transpose{nd}d"
    else:
        fn = f"conv{nd}d"
    y = getattr(F, fn)(ember.tensor(x), ember.tensor(w), ember.tensor(b), **kw)
    g = rng.standard_normal(tuple(y.shape)).astype(dtype)
    return fn, x, w, b, g, kw


@pytest.mark.parametrize("mode", MODES, indirect=True)
@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("geo", GEOMETRIES, ids=lambda g: f"{g[0]}d-k{g[4]}-s{g[5]}-d{g[6]}-p{g[7]}")
def test_faces_match_float64(mode, transposed, geo):
    fn, x, w, b, g, kw = _case(geo, transposed, np.float64)
    got = _run(ember, fn, x, w, b, g, **kw)
    if torch is not None:
        want = _run(torch, fn, x, w, b, g, **kw)
    else:  # the exact im2col kernels are the reference
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(conv_shift, "usable", lambda geo, *arrays: False)
            mp.setattr(conv_shift, "rows_pay", lambda geo, x, other, *_: False)
            want = _run(ember, fn, x, w, b, g, **kw)
    for a, e in zip(got, want):
        np.testing.assert_allclose(a, e, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("mode", ["rows"], indirect=True)
def test_rows_path_is_taken(mode):
    x = np.ones((2, 3, 6, 6))
    geo_node = F.conv2d(ember.tensor(x), ember.ones(4, 3, 3, 3, dtype=ember.float64, requires_grad=True),
                        padding=1).grad_fn
    assert geo_node.saved()[2].__class__ is conv_shift.Rows


def test_default_choice():
    """5x5 kernels and one-channel 3x3 layers keep im2col for faces 0/2; wider 3x3 layers take rows."""
    def saved(c, k):
        y = F.conv2d(ember.ones(2, c, 8, 8), ember.ones(4, c, k, k, dtype=ember.float32, requires_grad=True))
        return y.grad_fn.saved()[2].__class__
    assert saved(1, 3) is not conv_shift.Rows
    assert saved(3, 5) is not conv_shift.Rows
    assert saved(8, 3) is conv_shift.Rows


@pytest.mark.parametrize("mode", ["rows", "default"], indirect=True)
def test_float32_lenet_shapes(mode):
    """LeNet's and the CNN benchmark's layers in float32 (PyTorch's tolerance)."""
    rng = np.random.default_rng(3)
    for xs, ws, pad in [((8, 1, 28, 28), (6, 1, 5, 5), 2), ((8, 6, 14, 14), (16, 6, 5, 5), 0),
                        ((4, 8, 32, 32), (16, 8, 3, 3), 1)]:
        x = rng.standard_normal(xs).astype(np.float32)
        w = rng.standard_normal(ws).astype(np.float32)
        b = rng.standard_normal(ws[0]).astype(np.float32)
        xt, wt = ember.tensor(x, requires_grad=True), ember.tensor(w, requires_grad=True)
        y = F.conv2d(xt, wt, ember.tensor(b), padding=pad)
        assert y.dtype == ember.float32
        y.sum().backward()
        assert xt.grad.dtype == ember.float32 and wt.grad.dtype == ember.float32
        x64, w64 = ember.tensor(x, dtype=ember.float64, requires_grad=True), ember.tensor(w, dtype=ember.float64,
                                                                                      requires_grad=True)
        F.conv2d(x64, w64, ember.tensor(b, dtype=ember.float64), padding=pad).sum().backward()
        np.testing.assert_allclose(xt.grad.numpy(), x64.grad.numpy(), rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(wt.grad.numpy(), w64.grad.numpy(), rtol=1e-4, atol=2e-3)


@pytest.mark.parametrize("mode", ["rows", "default"], indirect=True)
def test_gradcheck_and_double_backward(mode):
    rng = np.random.default_rng(5)
    x = ember.tensor(rng.standard_normal((2, 3, 5, 6)), requires_grad=True)
    w = ember.tensor(rng.standard_normal((2, 3, 3, 3)), requires_grad=True)
    b = ember.tensor(rng.standard_normal(2), requires_grad=True)

    def f(x, w, b):
        return F.conv2d(x, w, b, padding=(1, 2), dilation=(1, 2))

    assert gradcheck(f, (x, w, b))
    assert gradgradcheck(f, (x, w, b))


@pytest.mark.parametrize("mode", MODES, indirect=True)
@pytest.mark.parametrize("padding", [0, 1])
def test_non_finite_input_and_weight(mode, padding):
    """An inf at the start of a row (reached by the rows layout's wrapped extra columns) or in the
    weight must not turn finite gradients into NaN."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 8, 6, 6)).astype(np.float32)
    w = rng.standard_normal((4, 8, 3, 3)).astype(np.float32)
    x_inf = x.copy()
    x_inf[0, 0, 2, 0] = np.inf
    w_inf = w.copy()
    w_inf[0, 0, 1, 2] = np.inf
    for xa, wa in ((x_inf, w), (x, w_inf)):
        xt, wt = ember.tensor(xa, requires_grad=True), ember.tensor(wa, requires_grad=True)
        F.conv2d(xt, wt, padding=padding).backward(ember.ones(2, 4, 4 + 2 * padding, 4 + 2 * padding))
        # reference: float64 im2col, one column per output (no extra columns)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(conv_shift, "usable", lambda geo, *arrays: False)
            mp.setattr(conv_shift, "rows_pay", lambda geo, x, other, *_: False)
            mp.setattr("ember.nn._functional.conv._FLAT_BELOW", 0)
            xr, wr = ember.tensor(xa, requires_grad=True), ember.tensor(wa, requires_grad=True)
            F.conv2d(xr, wr, padding=padding).backward(ember.ones(2, 4, 4 + 2 * padding, 4 + 2 * padding))
        for got, want in ((xt.grad, xr.grad), (wt.grad, wr.grad)):
            got, want = got.numpy(), want.numpy()
            assert np.array_equal(np.isnan(got), np.isnan(want))
            assert np.array_equal(np.isinf(got), np.isinf(want))
            fin = np.isfinite(want)
            np.testing.assert_allclose(got[fin], want[fin], rtol=1e-4, atol=1e-4)
        if torch is not None:
            tx, tw = torch.tensor(xa, requires_grad=True), torch.tensor(wa, requires_grad=True)
            torch.nn.functional.conv2d(tx, tw, padding=padding).backward(torch.ones(2, 4, 4 + 2 * padding,
                                                                                    4 + 2 * padding))
            for got, want in ((xt.grad, tx.grad), (wt.grad, tw.grad)):
                assert np.array_equal(np.isnan(got.numpy()), np.isnan(want.numpy()))


def test_half_and_groups_keep_im2col():
    x = np.ones((1, 4, 5, 5))
    geo = F.conv2d(ember.tensor(x), ember.ones(4, 2, 3, 3, dtype=ember.float64, requires_grad=True),
                   groups=2).grad_fn.geo
    assert not conv_shift.usable(geo, x, x)
    y = F.conv2d(ember.ones(1, 3, 6, 6, dtype=ember.float16), ember.ones(2, 3, 3, 3, dtype=ember.float16))
    assert y.dtype == ember.float16 and float(y[0, 0, 0, 0]) == 27.0


# ------------------------------------------------------------------ backend.blas.gemm
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gemm_shifted_views_and_beta(dtype):
    rng = np.random.default_rng(0)
    buf = rng.standard_normal((7, 40)).astype(dtype)
    a = rng.standard_normal((5, 7)).astype(dtype)
    out = np.full((5, 30), np.nan, dtype)
    blas.gemm(a, buf[:, 3:33], out)  # beta 0 ignores the NaNs already there
    want = a.astype(np.float64) @ buf[:, 3:33]
    np.testing.assert_allclose(out, want, rtol=1e-5)
    blas.gemm(a, buf[:, 4:34], out, beta=1.0)
    np.testing.assert_allclose(out, want + a.astype(np.float64) @ buf[:, 4:34], rtol=1e-5, atol=1e-5)
    g = rng.standard_normal((5, 30)).astype(dtype)
    taps = np.empty((5, 7), dtype)
    blas.gemm(g, buf[:, 2:32].T, taps)  # a transposed operand with leading dimension 40
    np.testing.assert_allclose(taps, g.astype(np.float64) @ buf[:, 2:32].T, rtol=1e-5, atol=1e-5)
    acc = np.zeros((7, 40), dtype)
    blas.gemm(a.T, g, acc[:, 5:35], beta=1.0)  # into a window of a wider buffer
    np.testing.assert_allclose(acc[:, 5:35], a.T.astype(np.float64) @ g, rtol=1e-5, atol=1e-5)
    assert not acc[:, :5].any() and not acc[:, 35:].any()


def test_gemm_numpy_fallback():
    """Layouts and dtypes the BLAS cannot take go through NumPy with the same contract."""
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 6))[:, ::2]  # no unit stride
    b = rng.standard_normal((3, 5))
    out = np.ones((4, 5))
    blas.gemm(a, b, out, beta=2.0)
    np.testing.assert_allclose(out, a @ b + 2.0)
    h = np.ones((2, 3), np.float16)
    out16 = np.empty((2, 2), np.float16)
    blas.gemm(h, np.ones((3, 2), np.float16), out16)
    assert (out16 == 3).all()
    assert not blas.gemm_available(np.float16)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(6, 25, 50176), (16, 24, 34817), (3, 7, 200001)])
def test_gemm_split_k_matches_one_product(dtype, shape):
    """Thin products split over the BLAS threads (``cblas_?gemm_batch``) equal the plain product."""
    m, n, k = shape
    rng = np.random.default_rng(k)
    a = rng.standard_normal((m, k)).astype(dtype)
    b_rows = rng.standard_normal((n, k)).astype(dtype)
    out = np.full((m, n), np.nan, dtype)
    threads = blas.get_threads() or 1
    done = blas.gemm_split_k(a, b_rows.T, out)
    assert done == (threads >= 2 and blas._gemm_batch_fn(out.dtype.char) is not None
                    and m * n * (k // threads) >= blas._SPLIT_MIN_MNK)
    if done:
        want = a.astype(np.float64) @ b_rows.T.astype(np.float64)
        np.testing.assert_allclose(out, want, rtol=1e-4 if dtype == np.float32 else 1e-10, atol=1e-2)
        at = np.ascontiguousarray(a.T).T  # the same matrix through a transposed layout
        out2 = np.empty_like(out)
        assert blas.gemm_split_k(at, b_rows.T, out2)
        np.testing.assert_allclose(out2, out, rtol=1e-4 if dtype == np.float32 else 1e-12, atol=1e-2)


def test_gemm_split_k_declines_small_and_wide_products():
    """Below twice OpenBLAS's small-matrix bound (whose batched path crashes in 0.3.31) or with a
    large result it does nothing, and the caller multiplies as usual."""
    rng = np.random.default_rng(0)
    out = np.empty((6, 5), np.float32)
    assert not blas.gemm_split_k(rng.standard_normal((6, 57344)).astype(np.float32),
                                 rng.standard_normal((57344, 5)).astype(np.float32), out)
    wide = np.empty((64, 64), np.float32)
    assert not blas.gemm_split_k(np.ones((64, 100000), np.float32), np.ones((100000, 64), np.float32), wide)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [50176, 50177])
def test_gemm_split_n_matches_one_product(dtype, n):
    """Products with few rows split their columns over the BLAS threads, beta and windows included."""
    rng = np.random.default_rng(n)
    a = rng.standard_normal((6, 25)).astype(dtype)
    b = rng.standard_normal((25, n)).astype(dtype)
    wide = np.ones((6, n + 7), dtype)
    done = blas.gemm_split_n(a, b, wide[:, 3:3 + n], beta=1.0)
    if not done:  # one thread or no batched GEMM in this BLAS
        assert (wide == 1).all()
        return
    want = a.astype(np.float64) @ b.astype(np.float64) + 1
    np.testing.assert_allclose(wide[:, 3:3 + n], want, rtol=1e-5, atol=1e-4)
    assert (wide[:, :3] == 1).all() and (wide[:, 3 + n:] == 1).all()
    assert not blas.gemm_split_n(np.ones((32, 25), dtype), b, np.empty((32, n), dtype))  # many rows: OpenBLAS's own


def _geo2(c, k, pad=0, size=14):
    from ember.nn._functional.conv import _Geo
    out = size + 2 * pad - k + 1
    return _Geo((k, k), (1, 1), (1, 1), (pad, pad), (pad, pad), 1, (size, size), (out, out)), \
        np.zeros((2, c, size, size), np.float32), np.zeros((4, c, k, k), np.float32)


@pytest.mark.skipif(not blas.gemm_available(np.float32), reason="needs NumPy's CBLAS")
def test_rows_choice_for_wide_kernels():
    """Wide kernels read rows unless only a weight gradient follows over few rows (docs/benchmarks.md)."""
    geo, x, w = _geo2(6, 5)                        # LeNet's second convolution: 30 rows per offset
    assert conv_shift.rows_pay(geo, x, w)          # inference, or a hidden layer (input gradient too)
    assert not conv_shift.rows_pay(geo, x, w, True)  # a first layer: the weight gradient only
    geo, x, w = _geo2(16, 5, pad=2)                # 80 rows: rows even for the weight gradient alone
    assert conv_shift.rows_pay(geo, x, w, True)
    geo, x, w = _geo2(1, 5, pad=2)                 # 5 rows per offset: im2col in every case
    assert not conv_shift.rows_pay(geo, x, w)
    geo, x, w = _geo2(3, 3, pad=1)                 # narrow kernels keep the old rule (>= 8 rows)
    assert conv_shift.rows_pay(geo, x, w, True)


def test_wide_kernel_layer_matches_im2col(monkeypatch):
    """A 5x5 hidden layer (now on rows) against the im2col kernels, forward and all gradients."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 6, 12, 12))
    w = rng.standard_normal((5, 6, 5, 5))
    b = rng.standard_normal(5)
    g = rng.standard_normal((3, 5, 8, 8))
    got = _run(ember, "conv2d", x, w, b, g)
    monkeypatch.setattr(conv_shift, "usable", lambda geo, *arrays: False)
    monkeypatch.setattr(conv_shift, "rows_pay", lambda geo, x, other, *_: False)
    want = _run(ember, "conv2d", x, w, b, g)
    for a, e in zip(got, want):
        np.testing.assert_allclose(a, e, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", MODES, indirect=True)
@pytest.mark.parametrize("nonfinite", [False, True])
def test_weight_and_bias_grads_without_input_grad(mode, nonfinite):
    """A first layer (the input needs no gradient): face 2 alone, and the bias gradient summed from
    the row-layout gradient, match the im2col kernels (float64) and PyTorch when installed."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((3, 8, 9, 7))
    if nonfinite:  # face 2 meets inf through a zero gradient column and falls back to im2col
        x[0, 1, 2, 3] = np.inf
    w = rng.standard_normal((5, 8, 3, 3))
    b = rng.standard_normal(5)
    g = rng.standard_normal((3, 5, 9, 7))

    def run(lib):
        wt, bt = lib.tensor(w, requires_grad=True), lib.tensor(b, requires_grad=True)
        y = lib.nn.functional.conv2d(lib.tensor(x), wt, bt, padding=1)
        y.backward(lib.tensor(g))
        return y.detach().numpy(), wt.grad.numpy(), bt.grad.numpy()

    got = run(ember)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(conv_shift, "usable", lambda geo, *arrays: False)
        mp.setattr(conv_shift, "rows_pay", lambda geo, x, other, *_: False)
        ref = run(ember)
    for a, e in zip(got, ref):
        np.testing.assert_allclose(a, e, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(got[2], g.sum(axis=(0, 2, 3)), rtol=1e-12)
    if torch is not None:
        for a, e in zip(got, run(torch)):
            np.testing.assert_allclose(a, e, rtol=1e-10, atol=1e-10)


def _rows_reference(x, geo):
    """The row layout from a zero-padded copy of ``x`` (the layout's definition)."""
    n, c = x.shape[:2]
    wp, m, _, r = conv_shift._sizes(geo, n)
    xp = np.zeros((n, c) + conv_shift.padded(geo), x.dtype)
    xp[(slice(None), slice(None)) + tuple(slice(a, a + s) for a, s in zip(geo.padl, geo.in_sz))] = x
    st, lead = xp.strides, range(geo.nd - 1)
    shape = (c,) + geo.k[:-1] + (n,) + geo.out_sz[:-1] + (wp,)
    strides = ((st[1],) + tuple(st[2 + i] * geo.dil[i] for i in lead) + (st[0],)
               + tuple(st[2 + i] * geo.stride[i] for i in lead) + (st[-1],))
    ref = np.zeros((c * int(np.prod(geo.k[:-1])), r), x.dtype)
    ref[:, :m].reshape(shape)[...] = np.lib.stride_tricks.as_strided(xp, shape, strides)
    return ref


@pytest.mark.parametrize("big", [False, True])
def test_padded_rows_straight_from_the_input(big):
    """``make_rows`` for padded geometries writes only the input's values into a geometry-keyed
    buffer zeroed once: the layout must equal the padded-copy definition on every reuse."""
    from ember.backend.scratch import BIG_BYTES
    from ember.nn._functional.conv import _Geo
    rng = np.random.default_rng(3)
    seen = big_seen = 0
    for nd, n, c, o, k, stride, dil, pad, size in _geometries(seed=11, count=60):
        if stride[-1] != 1 or not any(pad):
            continue
        if big:
            n, c = 64, 8  # mostly the pooled buffer (>= 128 KiB) rather than a fresh zeroed one
        padr = tuple(int(v) for v in rng.integers(0, 3, nd))
        out = tuple((s + a + b - d * (kk - 1) - 1) // st + 1
                    for s, a, b, d, kk, st in zip(size, pad, padr, dil, k, stride))
        if min(out) < 1:
            continue
        geo = _Geo(k, stride, dil, pad, padr, 1, size, out)
        for i in range(4):  # later calls reuse the buffers, with and without the bias row
            x = rng.standard_normal((n, c) + size).astype(np.float32)
            ones = i % 2 == 1
            rows = conv_shift.make_rows(x, geo, ones)
            ref = _rows_reference(x, geo)
            np.testing.assert_array_equal(rows.buf[:ref.shape[0]], ref)
            if ones:
                m = conv_shift._sizes(geo, n)[1]
                assert rows.ones == ref.shape[0] == rows.buf.shape[0] - 1
                assert (rows.buf[-1, :m] == 1).all() and not rows.buf[-1, m:].any()
            else:
                assert rows.ones is None and rows.buf.shape == ref.shape
            pooled_buf = rows.buf.nbytes >= BIG_BYTES
            del rows
        seen += 1
        big_seen += pooled_buf
    assert seen >= 10 and (big_seen >= 5 if big else big_seen == 0)


@pytest.mark.parametrize("n", [2, 64])
def test_grad_rows_extra_columns_stay_zero_on_reuse(n):
    """``grad_rows`` zeroes its extra columns only when its buffer is made; every reuse must still
    see zeros there (including non-finite gradients, which must not leak into them)."""
    from ember.nn._functional.conv import _Geo
    rng = np.random.default_rng(5)
    geo = _Geo((3, 3), (1, 1), (1, 1), (1, 1), (1, 1), 1, (12, 12), (12, 12))
    wp = 14
    for i in range(3):
        g = rng.standard_normal((n, 8, 12, 12)).astype(np.float32)
        if i == 1:
            g[0, 0, 0, :3] = [np.inf, -np.inf, np.nan]
        gm = conv_shift.grad_rows(g, geo).arr.reshape(8, n, 12, wp)
        np.testing.assert_array_equal(gm[..., :12], g.swapaxes(0, 1))
        assert not gm[..., 12:].any()
        if n == 64:
            assert gm.nbytes >= __import__("ember.backend.scratch", fromlist=["BIG_BYTES"]).BIG_BYTES
        del gm


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding", [0, 1])
def test_bias_rides_the_row_of_ones(dtype, padding):
    """With a bias, the rows layout gets a row of ones: the forward adds the bias inside the first
    product and the backward reads the bias gradient off the same product (face 2)."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 6, 10, 9)).astype(dtype)
    w = rng.standard_normal((7, 6, 3, 3)).astype(dtype)
    b = rng.standard_normal(7).astype(dtype)
    for x_grad in (False, True):
        xt = ember.tensor(x, requires_grad=x_grad)
        wt, bt = ember.tensor(w, requires_grad=True), ember.tensor(b, requires_grad=True)
        y = F.conv2d(xt, wt, bt, padding=padding)
        rows = y.grad_fn.saved()[2]
        assert rows.__class__ is conv_shift.Rows and rows.ones is not None
        g = rng.standard_normal(tuple(y.shape)).astype(dtype)
        y.backward(ember.tensor(g))
        y0 = F.conv2d(ember.tensor(x), ember.tensor(w), padding=padding).numpy()
        tol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(y.detach().numpy(), y0 + b[:, None, None], rtol=tol, atol=tol)
        np.testing.assert_allclose(bt.grad.numpy(), g.sum(axis=(0, 2, 3), dtype=np.float64), rtol=tol, atol=tol)
        assert bt.grad.dtype == (ember.float32 if dtype == np.float32 else ember.float64)
        if torch is not None:
            tx = torch.tensor(x, requires_grad=x_grad)
            tw, tb = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
            ty = torch.nn.functional.conv2d(tx, tw, tb, padding=padding)
            ty.backward(torch.tensor(g))
            np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=tol, atol=tol)
            np.testing.assert_allclose(wt.grad.numpy(), tw.grad.numpy(), rtol=tol * 10, atol=tol * 10)
            np.testing.assert_allclose(bt.grad.numpy(), tb.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("size", [28, 9])  # exact columns (rows of 16 or more) and the flat layout
@pytest.mark.parametrize("nonfinite", [False, True])
def test_bias_row_of_ones_in_im2col(size, nonfinite):
    """im2col columns get the same row of ones (LeNet's first layer: one channel, 5x5)."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((8, 1, size, size)).astype(np.float32)
    if nonfinite:  # the flat layout's weight gradient meets it through a zero column: exact fallback
        x[0, 0, 2, 3] = np.inf
    w = rng.standard_normal((6, 1, 5, 5)).astype(np.float32)
    b = rng.standard_normal(6).astype(np.float32)
    wt, bt = ember.tensor(w, requires_grad=True), ember.tensor(b, requires_grad=True)
    y = F.conv2d(ember.tensor(x), wt, bt, padding=2)
    cols = y.grad_fn.saved()[2]
    assert cols.__class__ is np.ndarray and cols.shape[1] == 26 and (cols[0, 25] == 1).all()
    g = rng.standard_normal(tuple(y.shape)).astype(np.float32)
    y.backward(ember.tensor(g))
    y0 = F.conv2d(ember.tensor(x), ember.tensor(w), padding=2).numpy()
    np.testing.assert_allclose(y.detach().numpy(), y0 + b[:, None, None], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(bt.grad.numpy(), g.sum(axis=(0, 2, 3), dtype=np.float64), rtol=1e-5, atol=1e-5)
    if torch is not None:
        tw, tb = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
        ty = torch.nn.functional.conv2d(torch.tensor(x), tw, tb, padding=2)
        ty.backward(torch.tensor(g))
        np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-5, atol=1e-5)
        # float32 sums of ~6,000 terms in two orders: about eps * sum(|terms|) apart
        scale = np.finfo(np.float32).eps * np.abs(g).sum(axis=(0, 2, 3)).max() * 25
        np.testing.assert_allclose(wt.grad.numpy(), tw.grad.numpy(), rtol=1e-4, atol=scale)
        np.testing.assert_allclose(bt.grad.numpy(), tb.grad.numpy(), rtol=1e-5, atol=scale)
