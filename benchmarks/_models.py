"""Training-scale benchmark workloads, written once for any torch-like library.

Every function takes ``lib`` (``ember`` or ``torch``) and never imports either
itself, so a process that only passes ``ember`` never loads PyTorch (the
peak-RSS benchmark relies on this).  Weights and data come from a NumPy RNG
seeded per benchmark, so both libraries train the same model on the same
batch and their losses can be compared step by step.
"""
from __future__ import annotations

import numpy as np


class Spec:
    """One benchmark: how to build the model, the data, the loss and the optimizer."""

    def __init__(self, key, title, target, build, data, loss, optim, steps, quick_steps):
        self.key = key
        self.title = title
        self.target = target
        self.build = build
        self.data = data
        self.loss = loss
        self.optim = optim
        self.steps = steps  # timed steps per round (full run)
        self.quick_steps = quick_steps


# ----------------------------------------------------------------- models
def mlp(lib):
    nn = lib.nn
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(4096, 10))


def lenet(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def lstm(lib):
    nn = lib.nn

    class LSTMHead(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(64, 128, num_layers=1)
            self.head = nn.Linear(128, 10)

        def forward(self, x):
            out, _ = self.lstm(x)       # (seq, batch, 128)
            return self.head(out[-1])    # last time step

    return LSTMHead()


def transformer(lib):
    nn = lib.nn

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.TransformerEncoderLayer(d_model=128, nhead=4, dim_feedforward=512, dropout=0.0,
                                                    batch_first=True)
            self.head = nn.Linear(128, 10)

        def forward(self, x):
            return self.head(self.layer(x).mean(1))

    return Encoder()


# ----------------------------------------------------------------- data
def _images(shape, classes=10):
    def make(rng):
        return rng.standard_normal(shape, dtype=np.float32), rng.integers(0, classes, size=shape[0]).astype(np.int64)
    return make


def _seq(seq, batch, feat, classes=10):
    def make(rng):
        return (rng.standard_normal((seq, batch, feat), dtype=np.float32),
                rng.integers(0, classes, size=batch).astype(np.int64))
    return make


def _tokens(batch, seq, d, classes=10):
    def make(rng):
        return (rng.standard_normal((batch, seq, d), dtype=np.float32),
                rng.integers(0, classes, size=batch).astype(np.int64))
    return make


def _ce(lib):
    return lib.nn.CrossEntropyLoss()


def _sgd(lib, params):
    return lib.optim.SGD(params, lr=0.01, momentum=0.9)


def _adam(lib, params):
    return lib.optim.Adam(params, lr=1e-3)


SPECS = [
    Spec("mlp64", "MLP 784-256-256-10, SGD+momentum, batch 64", 1.0, mlp, _images((64, 784)), _ce, _sgd, 200, 40),
    Spec("mlp512", "MLP 784-256-256-10, SGD+momentum, batch 512", 1.0, mlp, _images((512, 784)), _ce, _sgd, 40, 10),
    Spec("cnn", "CNN conv8->16 3x3/pool/linear, Adam, batch 32", 1.0, cnn, _images((32, 8, 32, 32)), _ce, _adam,
         40, 10),
    Spec("lenet", "LeNet-5 on 1x28x28, SGD+momentum, batch 64", 1.2, lenet, _images((64, 1, 28, 28)), _ce, _sgd,
         40, 10),
    Spec("lstm", "LSTM h128 seq32 batch32 + linear head, Adam", 1.5, lstm, _seq(32, 32, 64), _ce, _adam, 20, 5),
    Spec("transformer", "TransformerEncoderLayer d128 h4 seq64 b16, Adam", 1.5, transformer, _tokens(16, 64, 128),
         _ce, _adam, 20, 5),
]
SPEC_BY_KEY = {s.key: s for s in SPECS}


# ----------------------------------------------------------------- setup
def init_arrays(names_shapes, seed):
    """Deterministic float32 weights for ``[(name, shape), ...]`` (uniform +-1/sqrt(fan_in))."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in names_shapes:
        if len(shape) >= 2:
            fan_in = int(np.prod(shape[1:]))
            b = 1.0 / np.sqrt(fan_in)
            a = rng.uniform(-b, b, size=shape)
        elif "norm" in name and name.endswith("weight"):
            a = 1.0 + rng.uniform(-0.1, 0.1, size=shape)
        else:
            a = rng.uniform(-0.1, 0.1, size=shape)
        out[name] = a.astype(np.float32)
    return out


def setup(lib, spec, seed=0):
    """Build ``(step, model, optimizer, batch)`` for ``spec`` in ``lib``: identical weights and data in any lib."""
    lib.manual_seed(seed)
    model = spec.build(lib)
    model.train()
    params = list(model.named_parameters())
    arrays = init_arrays([(n, tuple(p.shape)) for n, p in params], seed)
    with lib.no_grad():
        for n, p in params:
            p.copy_(lib.from_numpy(arrays[n]))
    rng = np.random.default_rng(seed + 1)
    x_np, y_np = spec.data(rng)
    x = lib.from_numpy(x_np)
    y = lib.from_numpy(y_np)
    crit = spec.loss(lib)
    opt = spec.optim(lib, model.parameters())

    def step():
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step, model, opt, (x, y)


def param_signature(model):
    """``[(name, shape)]`` of a model's parameters, to check both libraries build the same thing."""
    return [(n, tuple(p.shape)) for n, p in model.named_parameters()]
