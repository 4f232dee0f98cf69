"""Same weights, same data, same optimizer: ember's loss curves match PyTorch's.

Two small training runs from ``examples/`` (the digits MLP and the
character-level LSTM) are built in both libraries from one set of NumPy
weights, fed the same batches in the same order, and trained for 50
optimizer steps. The per-step losses must agree to 1e-4 relative.
The MLP needs scikit-learn's bundled digits; the LSTM trains on the Zen of
Python from the standard library's ``this`` module.
"""
from __future__ import annotations

import codecs
import contextlib
import io

import numpy as np
import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

pytestmark = pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")

STEPS = 50
RTOL = 1e-4


def _numpy_weights(state_dict, seed):
    """Uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) weights shaped like ``state_dict``, float32."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, t in state_dict.items():
        shape = tuple(t.shape)
        fan_in = shape[1] if len(shape) > 1 else shape[0]
        bound = 1.0 / np.sqrt(fan_in)
        out[name] = rng.uniform(-bound, bound, size=shape).astype(np.float32)
    return out


def _load(lib, model, weights):
    model.load_state_dict({k: lib.tensor(v.copy()) for k, v in weights.items()})
    for k, v in model.state_dict().items():                  # copied exactly
        np.testing.assert_array_equal(v.detach().numpy(), weights[k])


def _assert_curves_agree(ember_losses, torch_losses):
    e, t = np.array(ember_losses), np.array(torch_losses)
    assert len(e) == len(t) == STEPS
    assert np.all(np.isfinite(e))
    assert e[-1] < 0.7 * e[0], f"the run did not learn: {e[0]} -> {e[-1]}"
    rel = np.abs(e - t) / np.abs(t)
    worst = int(rel.argmax())
    assert rel.max() <= RTOL, (
        f"step {worst}: ember loss {e[worst]!r} vs PyTorch {t[worst]!r} (rel {rel[worst]:.2e})")


# --------------------------------------------------------------------------- digits MLP
def _digits():
    datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn not installed")
    digits = datasets.load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    return x, y


def _mlp_losses(lib, weights, batches, x, y):
    nn = lib.nn
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    _load(lib, model, weights)
    loss_fn = nn.CrossEntropyLoss()
    opt = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for idx in batches:
        xb, yb = lib.from_numpy(x[idx]), lib.from_numpy(y[idx])
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def test_digits_mlp_loss_curve_matches_pytorch():
    x, y = _digits()
    template = ember.nn.Sequential(ember.nn.Linear(64, 128), ember.nn.ReLU(), ember.nn.Linear(128, 10))
    weights = _numpy_weights(template.state_dict(), seed=0)
    rng = np.random.default_rng(1)
    batches = [rng.choice(len(x), size=64, replace=False) for _ in range(STEPS)]
    e = _mlp_losses(ember, weights, batches, x, y)
    t = _mlp_losses(torch, weights, batches, x, y)
    _assert_curves_agree(e, t)


# --------------------------------------------------------------------------- char LSTM
def _zen():
    with contextlib.redirect_stdout(io.StringIO()):
        import this
    return codecs.decode(this.s, "rot13")


def _make_lstm(lib, vocab):
    nn = lib.nn

    class CharLSTM(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab, 16)
            self.lstm = nn.LSTM(16, 64, batch_first=True)
            self.head = nn.Linear(64, vocab)

        def forward(self, x):
            out, _ = self.lstm(self.embed(x))
            return self.head(out)

    return CharLSTM()


def _lstm_losses(lib, weights, batches, vocab):
    model = _make_lstm(lib, vocab)
    _load(lib, model, weights)
    loss_fn = lib.nn.CrossEntropyLoss()
    opt = lib.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for chunk in batches:
        c = lib.from_numpy(chunk)
        x, y = c[:, :-1], c[:, 1:]
        logits = model(x)
        loss = loss_fn(logits.reshape(-1, vocab), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        lib.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
    return losses


def test_char_lstm_loss_curve_matches_pytorch():
    text = _zen()
    chars = sorted(set(text))
    data = np.array([chars.index(c) for c in text], dtype=np.int64)
    vocab, seq_len, batch = len(chars), 32, 16
    weights = _numpy_weights(_make_lstm(ember, vocab).state_dict(), seed=2)
    rng = np.random.default_rng(3)
    batches = []
    for _ in range(STEPS):
        starts = rng.integers(0, len(data) - seq_len - 1, size=batch)
        batches.append(data[starts[:, None] + np.arange(seq_len + 1)])
    e = _lstm_losses(ember, weights, batches, vocab)
    t = _lstm_losses(torch, weights, batches, vocab)
    _assert_curves_agree(e, t)
