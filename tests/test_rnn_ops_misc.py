"""Tests of the top-level RNN ops (``torch.lstm_cell`` ... ``torch.lstm``), ``stft``/``istft``, ``histogramdd``,
``nn.CrossMapLRN2d``, ``nn.NLLLoss2d`` and ``optim.Adafactor``.

Hand-checked goldens first (they run everywhere); then comparisons with PyTorch (skipped without it).
"""
import math
import warnings

import numpy as np
import pytest

import ember
from ember import nn

try:
    import torch
except Exception:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")
RNG = np.random.default_rng(1234)


def _arr(*shape):
    return RNG.standard_normal(shape)


def _e(a, grad=False):
    return ember.tensor(a, requires_grad=grad)


# ------------------------------------------------------------------ goldens: cells
def test_lstm_cell_matches_handwritten_formula():
    x, h, c = _e(_arr(2, 3)), _e(_arr(2, 4)), _e(_arr(2, 4))
    wi, wh, bi, bh = _e(_arr(16, 3)), _e(_arr(16, 4)), _e(_arr(16)), _e(_arr(16))
    hy, cy = ember.lstm_cell(x, (h, c), wi, wh, bi, bh)
    gates = x @ wi.T + bi + h @ wh.T + bh
    i, f, g, o = gates[:, :4].sigmoid(), gates[:, 4:8].sigmoid(), gates[:, 8:12].tanh(), gates[:, 12:].sigmoid()
    c_ref = f * c + i * g
    np.testing.assert_allclose(cy.numpy(), c_ref.numpy(), rtol=1e-12)
    np.testing.assert_allclose(hy.numpy(), (o * c_ref.tanh()).numpy(), rtol=1e-12)


def test_gru_and_rnn_cells_golden():
    x, h = _e(_arr(3, 2)), _e(_arr(3, 5))
    wi, wh, bi, bh = _e(_arr(15, 2)), _e(_arr(15, 5)), _e(_arr(15)), _e(_arr(15))
    gi, gh = x @ wi.T + bi, h @ wh.T + bh
    r = (gi[:, :5] + gh[:, :5]).sigmoid()
    z = (gi[:, 5:10] + gh[:, 5:10]).sigmoid()
    n = (gi[:, 10:] + r * gh[:, 10:]).tanh()
    np.testing.assert_allclose(ember.gru_cell(x, h, wi, wh, bi, bh).numpy(), ((1 - z) * n + z * h).numpy(),
                               rtol=1e-12, atol=1e-14)
    w1, w2 = _e(_arr(5, 2)), _e(_arr(5, 5))
    pre = x @ w1.T + h @ w2.T
    np.testing.assert_allclose(ember.rnn_tanh_cell(x, h, w1, w2).numpy(), pre.tanh().numpy(), rtol=1e-12)
    np.testing.assert_allclose(ember.rnn_relu_cell(x, h, w1, w2).numpy(), pre.relu().numpy(), rtol=1e-12)


def test_cell_grad_fns_and_gradcheck():
    x, h, c = _e(_arr(2, 3), True), _e(_arr(2, 4), True), _e(_arr(2, 4), True)
    wi, wh = _e(_arr(16, 3), True), _e(_arr(16, 4), True)
    hy, cy = ember.lstm_cell(x, (h, c), wi, wh)
    assert (hy.grad_fn.name(), cy.grad_fn.name()) == ("MulBackward0", "AddBackward0")
    assert ember.autograd.gradcheck(lambda *a: ember.lstm_cell(a[0], (a[1], a[2]), a[3], a[4]), (x, h, c, wi, wh))
    assert ember.rnn_relu_cell(x, h, wi[:4], wh[:4]).grad_fn.name() == "ReluBackward0"


def test_cell_errors():
    x, h = _e(_arr(2, 3)), _e(_arr(2, 4))
    wi, wh = _e(_arr(16, 3)), _e(_arr(16, 4))
    with pytest.raises(RuntimeError, match="lstm_cell expects two hidden states"):
        ember.lstm_cell(x, (h,), wi, wh)
    with pytest.raises(TypeError, match="must be tuple of Tensors, not Tensor"):
        ember.lstm_cell(x, h, wi, wh)
    with pytest.raises(RuntimeError, match="Input batch size 2 doesn't match hidden0 batch size 1"):
        ember.lstm_cell(x, (h[:1], h), wi, wh)
    with pytest.raises(RuntimeError, match="hidden1 has inconsistent hidden_size: got 3, expected 4"):
        ember.lstm_cell(x, (h, h[:, :3]), wi, wh)
    with pytest.raises(RuntimeError, match="input has inconsistent input_size: got 3 expected 5"):
        ember.gru_cell(x, h, _e(_arr(12, 5)), _e(_arr(12, 4)))


def test_lstm_sequence_equals_module():
    ember.manual_seed(0)
    m = nn.LSTM(3, 4, num_layers=2, bidirectional=True).double()
    x = _e(_arr(5, 2, 3))
    h0, c0 = _e(_arr(4, 2, 4)), _e(_arr(4, 2, 4))
    ref = m(x, (h0, c0))
    out = ember.lstm(x, (h0, c0), m._flat_weights, True, 2, 0.0, False, True, False)
    assert isinstance(out, tuple) and len(out) == 3
    np.testing.assert_array_equal(out[0].detach().numpy(), ref[0].detach().numpy())
    np.testing.assert_array_equal(out[2].detach().numpy(), ref[1][1].detach().numpy())


def test_gru_sequence_step_by_step():
    x, h0 = _e(_arr(4, 2, 3)), _e(_arr(1, 2, 5))
    wi, wh = _e(_arr(15, 3)), _e(_arr(15, 5))
    out, hn = ember.gru(x, h0, [wi, wh], False, 1, 0.0, False, False, False)
    h = h0[0]
    for t in range(4):
        h = ember.gru_cell(x[t], h, wi, wh)
        np.testing.assert_allclose(out[t].numpy(), h.numpy(), rtol=1e-12)
    np.testing.assert_allclose(hn[0].numpy(), h.numpy(), rtol=1e-12)


# ------------------------------------------------------------------ goldens: stft / istft
@pytest.mark.parametrize("kw", [dict(), dict(hop_length=3, win_length=10), dict(normalized=True),
                                dict(onesided=False), dict(center=False)])
def test_istft_inverts_stft(kw):
    x = _e(_arr(2, 40))
    kw = dict(kw)
    hop = kw.pop("hop_length", 4)
    w = ember.hamming_window(kw.get("win_length", 16), dtype=ember.float64)   # never zero: envelope > 0
    S = ember.stft(x, 16, hop_length=hop, window=w, return_complex=True, **kw)
    y = ember.istft(S, 16, hop_length=hop, window=w, length=40, **kw)
    np.testing.assert_allclose(y.numpy(), x.numpy(), atol=1e-12)


def test_stft_golden_rectangular():
    x = ember.tensor([1., 2., 3., 4., 5., 6., 7., 8.], dtype=ember.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        S = ember.stft(x, 4, hop_length=2, center=False, return_complex=True)
    frames = np.array([[1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8]], dtype=float)
    np.testing.assert_allclose(S.numpy(), np.fft.rfft(frames, axis=1).T, atol=1e-12)
    assert S.shape == (3, 3)


def test_istft_length_pads_and_errors():
    x = _e(_arr(30))
    w = ember.hann_window(8, dtype=ember.float64)
    S = ember.stft(x, 8, window=w, return_complex=True)
    y = ember.istft(S, 8, window=w, length=28)
    np.testing.assert_allclose(y.numpy(), x.numpy()[:28], atol=1e-12)
    with pytest.raises(RuntimeError, match="requires a complex-valued input"):
        ember.istft(x, 8, window=w)
    with pytest.raises(RuntimeError, match="expected 0 < hop_length <= win_length"):
        ember.istft(S, 8, hop_length=9, window=w)
    with pytest.raises(RuntimeError, match="Cannot have onesided output"):
        ember.istft(S, 8, window=w, return_complex=True)


def test_istft_gradcheck():
    w = ember.hann_window(8, dtype=ember.float64)
    S = ember.stft(_e(_arr(20)), 8, hop_length=2, window=w, return_complex=True).detach()
    re, im = _e(S.real.numpy().copy(), True), _e(S.imag.numpy().copy(), True)
    assert ember.autograd.gradcheck(lambda a, b: ember.istft(ember.complex(a, b), 8, 2, window=w), (re, im))


# ------------------------------------------------------------------ goldens: histogramdd
def test_histogramdd_golden():
    x = ember.tensor([[0., 0.], [1., 1.], [2., 0.5], [0.5, 2.], [3., 3.]])
    r = ember.histogramdd(x, bins=[2, 3])
    assert type(r).__name__ == "histogramdd" and isinstance(r.bin_edges, tuple)
    assert r.hist.tolist() == [[1., 1., 1.], [1., 0., 1.]]
    assert [e.tolist() for e in r.bin_edges] == [[0., 1.5, 3.], [0., 1., 2., 3.]]
    w = ember.histogramdd(x, bins=[ember.tensor([0., 1., 3.]), ember.tensor([0., 2.])], weight=ember.arange(5.))
    assert w.hist.tolist() == [[3.], [3.]]   # (0,0)->w0, (.5,2)->w3 ; (1,1)->w1, (2,.5)->w2 ; (3,3) out
    d = ember.histogramdd(x, bins=2, range=[0., 1., 0., 1.], density=True)
    assert d.hist.tolist() == [[2., 0.], [0., 2.]]
    assert repr(r).startswith("torch.return_types.histogramdd(\nhist=tensor(")


def test_histogramdd_errors():
    x = ember.ones(4, 2)
    with pytest.raises(RuntimeError, match="The size of bins must be equal"):
        ember.histogramdd(x, bins=[2, 2, 2])
    with pytest.raises(RuntimeError, match="range should have 4 elements, but got 2"):
        ember.histogramdd(x, bins=2, range=[0., 1.])
    with pytest.raises(NotImplementedError, match="not implemented for 'Long'"):
        ember.histogramdd(x.long(), bins=2)


# ------------------------------------------------------------------ goldens: modules, Adafactor
def test_crossmaplrn2d_golden_and_repr():
    m = nn.CrossMapLRN2d(3, alpha=0.3, beta=0.5, k=2.0)
    assert repr(m) == "CrossMapLRN2d(3, alpha=0.3, beta=0.5, k=2.0)"
    x = ember.tensor(np.arange(1., 5.).reshape(1, 4, 1, 1), requires_grad=True)
    y = m(x)
    sq = [1., 4., 9., 16.]
    # PyTorch's legacy window: c0: sq0+sq1, c1: +sq2, c2: +sq3, c3: -sq1 (it drops a channel only past pre_pad)
    scale = np.array([sq[0] + sq[1], sum(sq[:3]), sum(sq), sq[0] + sq[2] + sq[3]]) * 0.1 + 2.0
    np.testing.assert_allclose(y.detach().reshape(-1).numpy(), np.arange(1., 5.) * scale ** -0.5, rtol=1e-12)
    assert type(y.grad_fn).__name__ == "CrossMapLRN2dBackward"
    with pytest.raises(ValueError, match="Expected input to be 4D, got 3D instead"):
        m(ember.ones(2, 2, 2))


def test_nllloss2d_is_deprecated_nllloss():
    with pytest.warns(FutureWarning, match="`NLLLoss2d` has been deprecated"):
        m = nn.NLLLoss2d(ignore_index=1)
    assert isinstance(m, nn.NLLLoss) and repr(m) == "NLLLoss2d()"
    x = ember.tensor(np.log(np.full((1, 2, 1, 1), 0.5)))
    assert float(m(x, ember.tensor([[[0]]]))) == pytest.approx(math.log(2))


def test_adafactor_vector_step_golden():
    p = ember.tensor([1., -2., 3.], requires_grad=True)
    opt = ember.optim.Adafactor([p], lr=0.1)
    p.grad = ember.tensor([0.5, 0.5, -1.])
    opt.step()
    # step 1: variance = g^2, update = sign(g), rms(update) = 1, alpha = max(1e-3, rms(p)) * min(lr, 1)
    alpha = math.sqrt(14 / 3) * 0.1
    np.testing.assert_allclose(p.detach().numpy(), [1 - alpha, -2 - alpha, 3 + alpha], rtol=1e-6)
    with pytest.raises(ValueError, match="beta2_decay should be <= 0"):
        ember.optim.Adafactor([p], beta2_decay=0.5)


# ------------------------------------------------------------------ against PyTorch
def _pair(a, grad=True):
    return torch.tensor(a, requires_grad=grad), ember.tensor(a, requires_grad=grad)


@needs_torch
@pytest.mark.parametrize("name,gates", [("lstm_cell", 4), ("gru_cell", 3), ("rnn_tanh_cell", 1),
                                        ("rnn_relu_cell", 1)])
def test_cells_match_torch(name, gates):
    ts = [_pair(_arr(*s)) for s in [(3, 2), (3, 5), (3, 5), (gates * 5, 2), (gates * 5, 5), (gates * 5,),
                                    (gates * 5,)]]
    res = []
    for k, lib in enumerate((torch, ember)):
        x, h, c, wi, wh, bi, bh = (t[k] for t in ts)
        hx = (h, c) if name == "lstm_cell" else h
        out = getattr(lib, name)(x, hx, wi, wh, bi, bh)
        outs = out if isinstance(out, tuple) else (out,)
        sum((o * o).sum() for o in outs).backward()
        res.append(([o.detach().numpy() for o in outs], [type(o.grad_fn).__name__ for o in outs],
                    [t[k].grad.numpy() if t[k].grad is not None else None for t in ts]))
    for a, b in zip(res[0][0], res[1][0]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    assert res[0][1] == res[1][1]
    for a, b in zip(res[0][2], res[1][2]):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@needs_torch
@pytest.mark.parametrize("mode", ["lstm", "gru", "rnn_tanh", "rnn_relu"])
def test_sequence_ops_match_torch(mode):
    G = {"lstm": 4, "gru": 3}.get(mode, 1)
    ps = [_pair(_arr(*s)) for s in [(G * 4, 3), (G * 4, 4), (G * 4,), (G * 4,)]]
    x, h0, c0 = _pair(_arr(2, 5, 3)), _pair(_arr(1, 2, 4)), _pair(_arr(1, 2, 4))
    outs = []
    for k, lib in enumerate((torch, ember)):
        hx = (h0[k], c0[k]) if mode == "lstm" else h0[k]
        r = getattr(lib, mode)(x[k], hx, [p[k] for p in ps], True, 1, 0.0, False, False, True)
        r[0].pow(2).sum().backward()
        outs.append((r[0].detach().numpy(), r[1].detach().numpy(), x[k].grad.numpy(), ps[1][k].grad.numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def _both(fn):
    out = []
    for lib in (torch, ember):
        try:
            out.append(fn(lib))
        except Exception as e:   # errors must match too
            out.append((type(e).__name__, str(e)))
    return out


@needs_torch
@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("kw", [dict(), dict(hop_length=3, win_length=10), dict(normalized=True),
                                dict(onesided=False), dict(center=False), dict(pad_mode="constant")])
def test_stft_istft_match_torch(dt, kw):
    a = _arr(2, 40).astype(dt)

    def run(lib):
        x = lib.tensor(a, requires_grad=True)
        w = lib.hann_window(kw.get("win_length", 16), dtype=getattr(lib, dt))
        S = lib.stft(x, 16, window=w, return_complex=True, **kw)
        kw2 = {k: v for k, v in kw.items() if k != "pad_mode"}
        y = lib.istft(S * S.abs(), 16, window=w, length=30 if kw.get("center") is False else None, **kw2)
        (y * y).sum().backward()
        return (S.detach().numpy(), type(S.grad_fn).__name__, y.detach().numpy(), type(y.grad_fn).__name__,
                x.grad.numpy())
    t, e = _both(run)
    tol = 1e-4 if dt == "float32" else 1e-10
    for a_, b_ in zip(t, e):
        if isinstance(a_, str):
            assert a_ == b_
        else:
            np.testing.assert_allclose(a_, b_, rtol=tol, atol=tol)


@needs_torch
def test_stft_variants_and_errors_match_torch():
    a = _arr(40).astype("float32")
    S = lambda L: L.stft(L.tensor(a), 16, 4, window=L.hann_window(16), return_complex=True)  # noqa: E731
    cases = [lambda L: L.stft(L.tensor(a, requires_grad=True), 16, window=L.hann_window(16), return_complex=False),
             lambda L: L.istft(S(L), 16, 4, window=L.hann_window(16), length=50),
             lambda L: L.istft(L.tensor(a), 16), lambda L: L.istft(S(L), 12, 4), lambda L: L.istft(S(L), 16, 20),
             lambda L: L.istft(S(L), 16, 4, win_length=20), lambda L: L.istft(S(L), 16, 4, window=L.ones(10)),
             lambda L: L.istft(S(L)[None, None], 16, 4), lambda L: L.istft(S(L)[:, :0], 16, 4),
             lambda L: L.istft(S(L), 16, 4, window=L.hann_window(16, periodic=False), center=False),
             lambda L: L.stft(L.tensor(a), 16), lambda L: L.stft(L.tensor(a), 16, 0, return_complex=True),
             lambda L: L.stft(L.tensor(a), 16, 4, 20, return_complex=True),
             lambda L: L.stft(L.tensor(a), 16, 4, 8, window=L.ones(16), return_complex=True),
             lambda L: L.stft(L.tensor(a)[None, None], 16, 4, return_complex=True),
             lambda L: L.stft(L.tensor(a), 100, return_complex=True, center=False),
             lambda L: L.stft(L.tensor(a), 16, window=L.ones(16), return_complex=True, align_to_window=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in cases:
            t, e = _both(case)
            if isinstance(t, tuple):
                assert t == e
            else:
                assert type(t.grad_fn).__name__ == type(e.grad_fn).__name__ if t.grad_fn is not None else True
                np.testing.assert_allclose(t.detach().numpy(), e.detach().numpy(), atol=1e-5)


@needs_torch
def test_histogramdd_matches_torch():
    X = np.array([[0., 0.], [1., 1.], [2., 0.5], [0.5, 2.], [3., 3.]], dtype="float32")
    R3 = _arr(4, 6, 3)
    cases = [lambda L: L.histogramdd(L.tensor(X), bins=[2, 3]),
             lambda L: L.histogramdd(L.tensor(R3), bins=[3, 2, 4], density=True),
             lambda L: L.histogramdd(L.tensor(R3), bins=3, weight=L.tensor(np.abs(R3[..., 0]))),
             lambda L: L.histogramdd(L.tensor(R3.astype("float32")), bins=5, range=[-1., 1., -2, 2, 0, 1]),
             lambda L: L.histogramdd(L.ones(3, 1), bins=2), lambda L: L.histogramdd(L.zeros(0, 2), bins=2),
             lambda L: L.histogramdd(L.tensor(X), bins=2, range=[1., 0., 0., 1.]),
             lambda L: L.histogramdd(L.tensor(X), bins=2, weight=L.ones(4)),
             lambda L: L.histogramdd(L.tensor(X), bins=0),
             lambda L: L.histogramdd(L.tensor(X), bins=2, range=[0., float("inf"), 0., 1.]),
             lambda L: L.histogramdd(L.tensor(X)[0], bins=2),
             lambda L: L.histogramdd(L.tensor(X).double(), bins=2, weight=L.ones(5))]
    for case in cases:
        t, e = _both(lambda L: repr(case(L)))
        assert t == e


@needs_torch
@pytest.mark.parametrize("size,ch", [(3, 5), (5, 7), (2, 4), (4, 3), (7, 2)])
def test_crossmaplrn2d_matches_torch(size, ch):
    a, gw = _arr(2, ch, 3, 4), _arr(2, ch, 3, 4)
    res = []
    for lib in (torch, ember):
        x = lib.tensor(a, requires_grad=True)
        y = lib.nn.CrossMapLRN2d(size, alpha=0.3, beta=0.75, k=1.5)(x)
        (y * lib.tensor(gw)).sum().backward()
        res.append((y.detach().numpy(), x.grad.numpy()))
    for a_, b_ in zip(*res):
        np.testing.assert_allclose(a_, b_, rtol=1e-12, atol=1e-14)


@needs_torch
@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("kw", [dict(), dict(lr=0.05, weight_decay=0.1), dict(maximize=True, d=2.0, eps=(1e-6, 1e-3)),
                                dict(beta2_decay=-0.5), dict(lr="tensor", weight_decay=0.3)])
def test_adafactor_bit_identical_to_torch(dt, kw):
    shapes = [(5, 7), (3, 4, 6), (9,), (1, 3), (), (40, 33), (17,)]
    out = []
    for lib in (torch, ember):
        rng = np.random.default_rng(7)
        ps = [lib.tensor(rng.standard_normal(s).astype(dt), requires_grad=True) for s in shapes]
        opts = {k: (lib.tensor(0.02) if v == "tensor" else v) for k, v in kw.items()}
        opt = lib.optim.Adafactor(ps, **opts)
        for _ in range(6):
            for p in ps:   # identical gradients: this compares the optimizer alone
                p.grad = lib.tensor(rng.standard_normal(tuple(p.shape)).astype(dt))
            opt.step()
        out.append(([p.detach().numpy().copy() for p in ps], [s.numpy().copy() for st in opt.state.values()
                                                               for k, s in sorted(st.items()) if k != "step"]))
    for a_, b_ in zip(out[0][0] + out[0][1], out[1][0] + out[1][1]):
        np.testing.assert_array_equal(a_, b_)


@needs_torch
def test_adafactor_repr_and_state_dict_match_torch():
    reprs, keys = [], []
    for lib in (torch, ember):
        p = lib.ones(3, 2, requires_grad=True)
        opt = lib.optim.Adafactor([p], lr=0.5, eps=(1e-5, 1e-3))
        p.grad = lib.ones(3, 2)
        opt.step()
        reprs.append(repr(opt))
        keys.append(sorted(opt.state_dict()["state"][0]))
    assert reprs[0] == reprs[1] and keys[0] == keys[1]


@needs_torch
def test_packed_sequence_overload_matches_torch():
    W = [_arr(*s) for s in [(16, 3), (16, 4), (16,), (16,)]]
    data, h, c = _arr(6, 3), _arr(1, 3, 4), _arr(1, 3, 4)
    res = []
    for lib in (torch, ember):
        r = lib.lstm(lib.tensor(data), lib.tensor([3, 2, 1]), (lib.tensor(h), lib.tensor(c)),
                     [lib.tensor(w) for w in W], True, 1, 0.0, False, False)
        res.append([t.numpy() for t in r])
    for a_, b_ in zip(*res):
        np.testing.assert_allclose(a_, b_, rtol=1e-12, atol=1e-14)


@needs_torch
@pytest.mark.parametrize("n,win,hop,shape", [(16, 10, 3, (2, 40)), (16, 9, 4, (2, 41)), (8, 5, 2, (20,))])
def test_stft_align_to_window_matches_torch(n, win, hop, shape):
    a = _arr(*shape)

    def run(lib):
        x = lib.tensor(a, requires_grad=True)
        S = lib.stft(x, n, hop, win, window=lib.hann_window(win, dtype=lib.float64), center=False,
                     align_to_window=True, return_complex=True)
        S.abs().sum().backward()
        return S.detach().numpy(), x.grad.numpy()
    t, e = _both(run)
    if isinstance(t[0], str):
        assert t == e
    else:
        for a_, b_ in zip(t, e):
            np.testing.assert_allclose(a_, b_, rtol=1e-10, atol=1e-12)
