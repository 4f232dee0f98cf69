"""Tests of ``ember.nn.utils.rnn`` and of ``nn.RNN/LSTM/GRU`` on ``PackedSequence`` inputs.

Hand-built goldens first; then float64 gradchecks through pack -> RNN -> pad; then comparisons with
PyTorch (skipped when it is not installed).
"""
import numpy as np
import pytest

import ember
from ember import nn
from ember.nn.utils import rnn as R

try:
    import torch
    from torch.nn.utils import rnn as TR
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _padded():
    # T=3, B=3, feature 1: column b holds 10*b + t
    return ember.tensor([[[0.], [10.], [20.]], [[1.], [11.], [21.]], [[2.], [12.], [22.]]], requires_grad=True)


# ------------------------------------------------------------------ goldens
def test_pack_padded_sorted_golden():
    x = _padded()
    p = R.pack_padded_sequence(x, [3, 2, 1])
    assert p.batch_sizes.tolist() == [3, 2, 1]
    assert p.data.reshape(-1).tolist() == [0., 10., 20., 1., 11., 2.]
    assert p.sorted_indices is None and p.unsorted_indices is None
    assert p.data.grad_fn.name() == "PackPaddedSequenceBackward0"
    p.data.sum().backward()
    assert x.grad.reshape(3, 3).tolist() == [[1, 1, 1], [1, 1, 0], [1, 0, 0]]


def test_pack_padded_batch_first_and_unsorted():
    x = ember.arange(6.).reshape(2, 3, 1)          # B=2, T=3
    p = R.pack_padded_sequence(x, ember.tensor([2, 3]), batch_first=True, enforce_sorted=False)
    assert p.batch_sizes.tolist() == [2, 2, 1]
    assert p.sorted_indices.tolist() == [1, 0]
    assert p.unsorted_indices.tolist() == [1, 0]
    assert p.data.reshape(-1).tolist() == [3., 0., 4., 1., 5.]
    padded, lengths = R.pad_packed_sequence(p, batch_first=True, padding_value=-1.0, total_length=4)
    assert lengths.tolist() == [2, 3]
    assert padded.reshape(2, 4).tolist() == [[0., 1., -1., -1.], [3., 4., 5., -1.]]


def test_pad_packed_roundtrip_and_grad():
    x = _padded()
    out, lengths = R.pad_packed_sequence(R.pack_padded_sequence(x, [3, 2, 1]))
    assert lengths.tolist() == [3, 2, 1]
    assert out.reshape(3, 3).tolist() == [[0., 10., 20.], [1., 11., 0.], [2., 0., 0.]]
    assert out.grad_fn.name() == "torch::autograd::CopySlices"
    (out * ember.arange(9.).reshape(3, 3, 1)).sum().backward()
    assert x.grad.reshape(3, 3).tolist() == [[0., 1., 2.], [3., 4., 0.], [6., 0., 0.]]


def test_pack_errors():
    x = _padded()
    with pytest.raises(RuntimeError, match="must be sorted in decreasing order when `enforce_sorted` is True"):
        R.pack_padded_sequence(x, [1, 3, 2])
    with pytest.raises(RuntimeError, match=r"Expected `len\(lengths\)` to be equal to batch_size, but got 2 "
                                           r"\(batch_size=3\)"):
        R.pack_padded_sequence(x, [3, 2])
    with pytest.raises(RuntimeError, match="Length of all samples has to be greater than 0"):
        R.pack_padded_sequence(x, [3, 2, 0])
    with pytest.raises(RuntimeError, match="'lengths' argument should be a 1D CPU int64 tensor, but got 2D cpu "
                                           "Long tensor"):
        R.pack_padded_sequence(x, [[3, 2, 1]])
    with pytest.raises(ValueError, match="total_length=2 and max sequence length being 3"):
        R.pad_packed_sequence(R.pack_padded_sequence(x, [3, 2, 1]), total_length=2)
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        d = R.pack_padded_sequence(x, [3, 2, 1]).data.sum()
        d.backward()
        d.backward()


def test_pad_sequence_sides_and_errors():
    a, b = ember.tensor([1., 2., 3.]), ember.tensor([4., 5.])
    assert R.pad_sequence([a, b]).tolist() == [[1., 4.], [2., 5.], [3., 0.]]
    assert R.pad_sequence([a, b], batch_first=True, padding_value=9.,
                          padding_side="left").tolist() == [[1., 2., 3.], [9., 4., 5.]]
    with pytest.raises(RuntimeError, match="received an empty list of sequences"):
        R.pad_sequence([])
    with pytest.raises(RuntimeError, match="Expected padding_side to be one of left or right, but got up."):
        R.pad_sequence([a], padding_side="up")


def test_pack_unpack_sequence_and_invert_permutation():
    seqs = [ember.tensor([1, 2]), ember.tensor([3, 4, 5]), ember.tensor([6])]
    p = R.pack_sequence(seqs, enforce_sorted=False)
    assert p.data.tolist() == [3, 1, 6, 4, 2, 5]
    assert p.batch_sizes.tolist() == [3, 2, 1]
    assert [s.tolist() for s in R.unpack_sequence(p)] == [[1, 2], [3, 4, 5], [6]]
    assert R.invert_permutation(ember.tensor([2, 0, 1])).tolist() == [1, 2, 0]
    assert R.invert_permutation(None) is None
    assert repr(R.pack_sequence([ember.tensor([1, 2, 3]), ember.tensor([4, 5]), ember.tensor([6])])) == (
        "PackedSequence(data=tensor([1, 4, 6, 2, 5, 3]), batch_sizes=tensor([3, 2, 1]), sorted_indices=None, "
        "unsorted_indices=None)")


def test_packed_sequence_conversions():
    p = R.pack_sequence([ember.tensor([1., 2.]), ember.tensor([3.])])
    assert p.float() is p
    assert p.double().data.dtype == ember.float64
    assert p.long().data.dtype == ember.int64
    assert p.is_cuda is False
    data, batch_sizes, si, ui = p
    assert batch_sizes.tolist() == [2, 1] and si is None and ui is None


# ------------------------------------------------------------------ RNNs on packed input
@pytest.mark.parametrize("mode", ["RNN", "LSTM", "GRU"])
def test_packed_final_state_is_each_sequences_last_step(mode):
    ember.manual_seed(0)
    m = getattr(nn, mode)(2, 3, bidirectional=True).double()
    x = ember.randn(4, 3, 2, dtype=ember.float64)
    lengths = [2, 4, 1]
    out, h = m(R.pack_padded_sequence(x, lengths, enforce_sorted=False))
    hn = h[0] if mode == "LSTM" else h
    padded, _ = R.pad_packed_sequence(out)
    for b, n in enumerate(lengths):        # each sequence alone, unpacked, gives the same results
        o1, h1 = m(x[:n, b:b + 1])
        h1 = h1[0] if mode == "LSTM" else h1
        np.testing.assert_allclose(padded[:n, b].detach().numpy(), o1[:, 0].detach().numpy(), atol=1e-12)
        np.testing.assert_allclose(hn[:, b].detach().numpy(), h1[:, 0].detach().numpy(), atol=1e-12)
        assert np.all(padded[n:, b].detach().numpy() == 0)


@pytest.mark.parametrize("mode", ["RNN", "LSTM", "GRU"])
def test_packed_gradcheck(mode):
    ember.manual_seed(0)
    m = getattr(nn, mode)(2, 2, num_layers=2, bidirectional=True).double()
    params = list(m.parameters())
    x = ember.randn(3, 3, 2, dtype=ember.float64, requires_grad=True)
    h0 = ember.randn(4, 3, 2, dtype=ember.float64, requires_grad=True)

    def f(x, h0, *ps):
        hx = (h0, h0 * 0.5) if mode == "LSTM" else h0
        out, h = m(R.pack_padded_sequence(x, [2, 3, 1], enforce_sorted=False), hx)
        hn = h[0] if mode == "LSTM" else h
        return R.pad_packed_sequence(out, batch_first=True)[0], hn

    assert ember.autograd.gradcheck(f, (x, h0, *params))


def test_packed_hidden_size_error():
    m = nn.GRU(2, 3)
    p = R.pack_sequence([ember.randn(3, 2), ember.randn(2, 2)])
    with pytest.raises(RuntimeError, match=r"Expected hidden size \(1, 2, 3\), got \[1, 3, 3\]"):
        m(p, ember.zeros(1, 3, 3))


# ------------------------------------------------------------------ against PyTorch
def _e(t):
    return ember.tensor(t.detach().numpy().copy(), requires_grad=t.requires_grad)


def _run(lib, mod_r, mod, x, lengths, hx, enforce, bf):
    p = mod_r.pack_padded_sequence(x, lengths, batch_first=bf, enforce_sorted=enforce)
    out, h = mod(p, hx)
    padded, lens = mod_r.pad_packed_sequence(out, batch_first=bf)
    hs = h if isinstance(h, tuple) else (h,)
    loss = (padded * padded).sum() + sum((t * t * 0.7).sum() for t in hs)
    hxs = [] if hx is None else (list(hx) if isinstance(hx, tuple) else [hx])
    grads = lib.autograd.grad(loss, [x] + list(mod.parameters()) + hxs)
    return out, padded, lens, hs, grads


@needs_torch
@pytest.mark.parametrize("mode", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("bi,layers", [(False, 1), (True, 2)])
@pytest.mark.parametrize("enforce,with_h", [(True, False), (False, True)])
def test_packed_rnn_matches_torch(mode, bi, layers, enforce, with_h):
    torch.manual_seed(0)
    tm = getattr(torch.nn, mode)(3, 4, num_layers=layers, bidirectional=bi).double()
    em = getattr(nn, mode)(3, 4, num_layers=layers, bidirectional=bi).double()
    em.load_state_dict({k: ember.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    lengths = [5, 3, 3, 1] if enforce else [3, 5, 1, 3]
    x = torch.randn(5, 4, 3, dtype=torch.float64, requires_grad=True)
    hx = None
    if with_h:
        shape = (layers * (2 if bi else 1), 4, 4)
        hx = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        if mode == "LSTM":
            hx = (hx, torch.randn(*shape, dtype=torch.float64, requires_grad=True))
    ehx = None if hx is None else (tuple(_e(t) for t in hx) if isinstance(hx, tuple) else _e(hx))
    rt = _run(torch, TR, tm, x, lengths, hx, enforce, False)
    re = _run(ember, R, em, _e(x), lengths, ehx, enforce, False)
    assert repr(re[0].batch_sizes) == repr(rt[0].batch_sizes)
    assert repr(re[0].sorted_indices) == repr(rt[0].sorted_indices)
    assert re[0].data.grad_fn.name() == rt[0].data.grad_fn.name() == "CatBackward0"
    np.testing.assert_allclose(re[0].data.detach().numpy(), rt[0].data.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(re[1].detach().numpy(), rt[1].detach().numpy(), atol=1e-12)
    assert re[2].tolist() == rt[2].tolist()
    for a, b in zip(re[3], rt[3]):
        assert a.grad_fn.name() == b.grad_fn.name()
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-12)
    assert len(re[4]) == len(rt[4])
    for a, b in zip(re[4], rt[4]):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-11)


@needs_torch
@pytest.mark.parametrize("bf", [False, True])
def test_pack_pad_match_torch(bf):
    rng = np.random.RandomState(0)
    xn = rng.randn(3, 4, 2).astype(np.float32)
    lengths = [2, 4, 1] if bf else [3, 1, 2, 3]
    tx, ex = torch.tensor(xn, requires_grad=True), ember.tensor(xn, requires_grad=True)
    tp = TR.pack_padded_sequence(tx, lengths, batch_first=bf, enforce_sorted=False)
    ep = R.pack_padded_sequence(ex, lengths, batch_first=bf, enforce_sorted=False)
    assert repr(ep) == repr(tp)
    to, tl = TR.pad_packed_sequence(tp, batch_first=not bf, padding_value=-2.0, total_length=5)
    eo, el = R.pad_packed_sequence(ep, batch_first=not bf, padding_value=-2.0, total_length=5)
    assert repr(eo) == repr(to) and repr(el) == repr(tl)
    w = rng.randn(*to.shape).astype(np.float32)
    (to * torch.tensor(w)).sum().backward()
    (eo * ember.tensor(w)).sum().backward()
    np.testing.assert_array_equal(ex.grad.numpy(), tx.grad.numpy())
