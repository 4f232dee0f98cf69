"""float32 stays float32: no silent float64 anywhere in a training step.

For an MLP, a CNN, an LSTM, a transformer encoder layer, every common loss
and a set of common ops, one training step (forward, loss, backward,
optimizer step) runs in float32 while four independent checks watch it:

1. a ``sys.setprofile`` hook sees every value returned by every ember
   function during the forward and the backward: no ``Tensor`` and no raw
   array (the engine's ``vjp`` fast paths pass raw arrays) may be float64 or
   complex128.  During the optimizer step, returned tensors are checked;
2. every node of the autograd graph: the recorded input dtypes (``_meta``)
   and the saved tensors are float32;
3. every ``.grad`` is float32 and has its parameter's shape;
4. after the step every parameter and every optimizer-state tensor is float32.

Internal float64 *accumulators* that never leave a function (PyTorch too sums
float32 losses in double) are allowed; anything float64 that crosses a
function boundary is reported with the function's name and line.  The
catcher is tested on a deliberate upcast, so the checks can fail.
Parts whose layers are not importable yet are skipped with the reason.
"""
from __future__ import annotations

import os
import sys

import numpy as np
import pytest

import ember
from ember._tensor import Tensor

EMBER_DIR = os.path.dirname(os.path.abspath(ember.__file__)) + os.sep
BAD = (np.dtype(np.float64), np.dtype(np.complex128))

nn = pytest.importorskip("ember.nn", reason="ember.nn is not importable yet")
optim = pytest.importorskip("ember.optim", reason="ember.optim is not importable yet")


def _need(*names):
    missing = [n for n in names if not hasattr(nn, n)]
    if missing:
        pytest.skip(f"ember.nn has no {', '.join(missing)} yet")


# ----------------------------------------------------------------- the catcher
# Helpers that deliberately compute in float64 *inside* an op and return float64 arrays to
# their caller, which rounds the result back to float32 (never a Tensor, never a gradient).
# Each costs float64 temporaries (see docs/benchmarks.md); a new entry needs a reason.
ALLOWED_F64_HELPERS = {
    "_rng.py(_uniform_double)": "PyTorch's CPU RNG draws doubles for bernoulli/dropout masks (same stream)",
    "nn/_functional/basic.py(_stats)": "norm statistics accumulated in double (ATen acc_type<float> on CPU)",
    "nn/_functional/activation.py(_fma)": "exact fused multiply-add emulation (PyTorch's vectorised fmadd)",
    "nn/_functional/activation.py(_gelu_erf_f32)": "returns _fma's double result, rounded by its caller",
    "nn/_functional/_special.py(_polevl)": "erf/erfc evaluated in double, rounded to float32 by the caller",
    "nn/_functional/_special.py(_erf_small)": "erf/erfc evaluated in double, rounded to float32 by the caller",
    "nn/_functional/_special.py(_erfc_pos)": "erf/erfc evaluated in double, rounded to float32 by the caller",
    "nn/_functional/_special.py(_expx2_neg)": "erf/erfc evaluated in double, rounded to float32 by the caller",
    "nn/_functional/_special.py(erf)": "erf/erfc evaluated in double, rounded to float32 by the caller",
}


def _bad_dtype(v):
    """The float64/complex128 dtype carried by ``v`` (a Tensor, array, or tuple/list of them), else None."""
    if v.__class__ is Tensor or isinstance(v, Tensor):
        d = v.__dict__.get("_data") if hasattr(v, "__dict__") else None
        d = v._data if d is None else d
        dt = getattr(d, "dtype", None)
        return dt if dt is not None and dt in BAD else None
    if isinstance(v, np.ndarray):
        return v.dtype if v.dtype in BAD else None
    if isinstance(v, (tuple, list)) and len(v) <= 64:
        for x in v:
            if x is not None and (isinstance(x, (Tensor, np.ndarray, tuple, list))):
                r = _bad_dtype(x)
                if r is not None:
                    return r
    return None


def _is_tensorish(v):
    if isinstance(v, Tensor):
        return True
    if isinstance(v, (tuple, list)) and len(v) <= 64:
        return any(isinstance(x, Tensor) for x in v)
    return False


class Float64Catcher:
    """Context manager recording every ember function that returns float64/complex128 data.

    ``arrays=True``: raw NumPy arrays count too (forward/backward); otherwise only tensors.
    """

    def __init__(self, arrays: bool = True):
        self.arrays = arrays
        self.hits: list[str] = []
        self.allowed: list[str] = []  # ALLOWED_F64_HELPERS entries seen (reported, not failures)
        self._prev = None

    def _hook(self, frame, event, arg):
        if event != "return" or arg is None:
            return
        code = frame.f_code
        if not code.co_filename.startswith(EMBER_DIR):
            return
        if not self.arrays and not _is_tensorish(arg):
            return
        dt = _bad_dtype(arg)
        if dt is not None:
            rel = os.path.relpath(code.co_filename, EMBER_DIR).replace(os.sep, "/")
            key = f"{rel}({code.co_name})"
            hit = f"{rel}:{code.co_firstlineno}({code.co_name}) -> {dt}"
            if key in ALLOWED_F64_HELPERS and not isinstance(arg, Tensor) and not _is_tensorish(arg):
                if key not in self.allowed:
                    self.allowed.append(key)
            elif hit not in self.hits:
                self.hits.append(hit)

    def __enter__(self):
        self._prev = sys.getprofile()
        sys.setprofile(self._hook)
        return self

    def __exit__(self, *exc):
        sys.setprofile(self._prev)
        return False


# ----------------------------------------------------------------- graph checks
def _walk(fn):
    """Every node reachable from ``fn`` (iterative)."""
    seen, out, stack = set(), [], [fn]
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen or not hasattr(n, "_edges"):
            continue
        seen.add(id(n))
        out.append(n)
        for e in n._edges:
            if e is not None:
                stack.append(e[0])
    return out


def _graph_problems(loss):
    probs = []
    nodes = _walk(loss.grad_fn)
    assert nodes, "loss has no graph"
    for n in nodes:
        for m in n._meta or ():
            if m is not None and m[1] is not None and np.dtype(m[1]) in BAD:
                probs.append(f"{type(n).__name__} input recorded as {m[1]}")
        for s in n._saved or ():
            dt = getattr(getattr(s, "_data", s), "dtype", None)
            if dt is not None and dt in BAD:  # (np.dtype("float64") == None is True)
                probs.append(f"{type(n).__name__} saved a {dt} tensor")
    return probs, len(nodes)


def _state_tensors(opt):
    for st in opt.state.values():
        for k, v in st.items():
            if isinstance(v, Tensor):
                yield k, v


def check_training_step(model, data, target, loss_fn, opt):
    """Run one step under every check; return a list of problems (empty = all float32)."""
    problems = []
    for n, p in model.named_parameters():
        assert p.dtype == ember.float32, f"{n} starts as {p.dtype}"
    opt.zero_grad()
    with Float64Catcher(arrays=True) as fwd:
        out = model(data)
        loss = loss_fn(out, target)
    problems += [f"forward: {h}" for h in fwd.hits]
    assert loss.dtype == ember.float32, f"loss is {loss.dtype}"
    gp, n_nodes = _graph_problems(loss)
    problems += [f"graph: {p}" for p in gp]
    with Float64Catcher(arrays=True) as bwd:
        loss.backward()
    problems += [f"backward: {h}" for h in bwd.hits]
    for n, p in model.named_parameters():
        if p.grad is None:
            problems.append(f"grad: {n} got no gradient")
        elif p.grad.dtype != ember.float32 or tuple(p.grad.shape) != tuple(p.shape):
            problems.append(f"grad: {n} has {p.grad.dtype} {tuple(p.grad.shape)}")
    with Float64Catcher(arrays=False) as stp:
        opt.step()
        opt.step()  # second step: momentum/Adam states exist and are updated
    problems += [f"optimizer: {h}" for h in stp.hits]
    for n, p in model.named_parameters():
        if p.dtype != ember.float32 or p._data.dtype != np.float32:
            problems.append(f"param: {n} became {p._data.dtype}")
    for k, v in _state_tensors(opt):
        if v._data.dtype in BAD:
            problems.append(f"optimizer state {k!r} is {v._data.dtype}")
    assert n_nodes >= 2
    return problems


def _init(model, seed=0):
    rng = np.random.default_rng(seed)
    with ember.no_grad():
        for p in model.parameters():
            fan = int(np.prod(p.shape[1:])) if p.dim() > 1 else 10
            p.copy_(ember.from_numpy(rng.uniform(-1, 1, tuple(p.shape)).astype(np.float32) / np.float32(fan ** 0.5)))
    return model


def _x(*shape, seed=1):
    return ember.from_numpy(np.random.default_rng(seed).standard_normal(shape, dtype=np.float32))


def _y(n, classes=10, seed=2):
    return ember.from_numpy(np.random.default_rng(seed).integers(0, classes, n).astype(np.int64))


def _assert_clean(problems):
    assert not problems, "float64 leaked into a float32 training step:\n  " + "\n  ".join(problems)


# ----------------------------------------------------------------- the catcher can fail
def test_catcher_detects_a_float64_upcast():
    x = ember.randn(4, 3, requires_grad=True)
    with Float64Catcher() as c:
        y = (x.double() * 2.0).float().sum()
    assert any("float64" in h for h in c.hits), c.hits
    with Float64Catcher() as c:
        y = (x * 2.0).sum()
    assert not c.hits, c.hits
    # a raw float64 array returned by a vjp is caught too
    w = ember.randn(3, 3, dtype=ember.float64, requires_grad=True)
    with Float64Catcher() as c:
        (x.double() @ w).sum().backward()
    assert any("float64" in h for h in c.hits)
    assert y.dtype == ember.float32


def test_graph_check_detects_float64():
    x = ember.randn(4, 3, requires_grad=True)
    loss = (x.double().exp() * 2).sum().float()
    probs, _ = _graph_problems(loss)
    assert probs, "float64 graph inputs were not reported"


# ----------------------------------------------------------------- models
def test_mlp_sgd_momentum_cross_entropy():
    _need("Linear", "ReLU", "CrossEntropyLoss", "Sequential")
    model = _init(nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 10)))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4, nesterov=True)
    _assert_clean(check_training_step(model, _x(8, 20), _y(8), nn.CrossEntropyLoss(), opt))


def test_cnn_adam():
    _need("Conv2d", "MaxPool2d", "Flatten", "Linear", "ReLU")
    model = _init(nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                                nn.Linear(4 * 4 * 4, 10)))
    opt = optim.Adam(model.parameters(), lr=1e-3)
    _assert_clean(check_training_step(model, _x(2, 3, 8, 8), _y(2), nn.CrossEntropyLoss(), opt))


def test_lenet_style_cnn():
    _need("Conv2d", "MaxPool2d", "AvgPool2d", "Flatten", "Linear", "ReLU", "BatchNorm2d")
    model = _init(nn.Sequential(nn.Conv2d(1, 3, 5, padding=2), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
                                nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
                                nn.Linear(4 * 2 * 2, 10)))
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    _assert_clean(check_training_step(model, _x(2, 1, 12, 12), _y(2), nn.CrossEntropyLoss(), opt))


def test_lstm_with_linear_head():
    _need("LSTM", "Linear")

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(6, 8, num_layers=1)
            self.head = nn.Linear(8, 10)

        def forward(self, x):
            out, (h, c) = self.lstm(x)
            return self.head(out[-1]) + 0 * h.sum() + 0 * c.sum()

    model = _init(Net())
    opt = optim.Adam(model.parameters(), lr=1e-3)
    _assert_clean(check_training_step(model, _x(5, 3, 6), _y(3), nn.CrossEntropyLoss(), opt))


def test_gru_and_rnn():
    _need("GRU", "RNN", "Linear")

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(4, 6, batch_first=True)
            self.rnn = nn.RNN(6, 5, batch_first=True)
            self.head = nn.Linear(5, 3)

        def forward(self, x):
            return self.head(self.rnn(self.gru(x)[0])[0][:, -1])

    model = _init(Net())
    opt = optim.RMSprop(model.parameters(), lr=1e-3) if hasattr(optim, "RMSprop") else optim.SGD(
        model.parameters(), lr=0.01)
    _assert_clean(check_training_step(model, _x(2, 5, 4), _y(2, 3), nn.CrossEntropyLoss(), opt))


def test_transformer_encoder_layer():
    _need("TransformerEncoderLayer", "Linear")

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32, dropout=0.1,
                                                    batch_first=True)
            self.head = nn.Linear(16, 10)

        def forward(self, x):
            return self.head(self.layer(x).mean(1))

    ember.manual_seed(0)
    model = _init(Net())
    model.train()
    opt = optim.AdamW(model.parameters(), lr=1e-3) if hasattr(optim, "AdamW") else optim.Adam(
        model.parameters(), lr=1e-3)
    _assert_clean(check_training_step(model, _x(2, 7, 16), _y(2), nn.CrossEntropyLoss(), opt))


# ----------------------------------------------------------------- losses
_LOSSES = [
    ("CrossEntropyLoss", lambda: nn.CrossEntropyLoss(label_smoothing=0.1), "class"),
    ("CrossEntropyLoss", lambda: nn.CrossEntropyLoss(weight=ember.rand(5) + 0.5), "class"),
    ("NLLLoss", lambda: (lambda o, t: nn.NLLLoss()(nn.functional.log_softmax(o, 1), t)), "class"),
    ("MSELoss", lambda: nn.MSELoss(), "same"),
    ("L1Loss", lambda: nn.L1Loss(), "same"),
    ("SmoothL1Loss", lambda: nn.SmoothL1Loss(), "same"),
    ("HuberLoss", lambda: nn.HuberLoss(), "same"),
    ("BCEWithLogitsLoss", lambda: nn.BCEWithLogitsLoss(), "prob"),
    ("BCELoss", lambda: (lambda o, t: nn.BCELoss()(o.sigmoid(), t)), "prob"),
    ("KLDivLoss", lambda: (lambda o, t: nn.KLDivLoss(reduction="batchmean")(o.log_softmax(1), t.softmax(1))),
     "same"),
    ("SoftMarginLoss", lambda: (lambda o, t: nn.SoftMarginLoss()(o, t * 2 - 1)), "prob"),
    ("MultiMarginLoss", lambda: nn.MultiMarginLoss(), "class"),
    ("PoissonNLLLoss", lambda: nn.PoissonNLLLoss(), "prob"),
    ("GaussianNLLLoss", lambda: (lambda o, t: nn.GaussianNLLLoss()(o, t, o.detach().abs() + 0.5)), "same"),
]


@pytest.mark.parametrize("name,make,kind", _LOSSES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(_LOSSES)])
def test_losses(name, make, kind):
    _need("Linear", name)
    model = _init(nn.Linear(7, 5))
    x = _x(6, 7)
    if kind == "class":
        t = _y(6, 5)
    elif kind == "prob":
        t = ember.from_numpy(np.random.default_rng(3).random((6, 5), dtype=np.float32))
    else:
        t = _x(6, 5, seed=4)
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    _assert_clean(check_training_step(model, x, t, make(), opt))


# ----------------------------------------------------------------- common ops
def _ops_forward(x, w):
    F = nn.functional
    h = x @ w
    h = F.layer_norm(h, (h.shape[-1],))
    parts = [
        F.gelu(h), F.silu(h), h.sigmoid(), h.tanh(), F.softplus(h), F.elu(h), F.leaky_relu(h, 0.1),
        F.softmax(h, -1), F.log_softmax(h, -1), h.exp() / 3, (h.abs() + 1).log(), (h * h + 1).sqrt(),
        h.pow(2) * 0.5, h.clamp(-1, 1), h / 7, 1.0 / (h.abs() + 1), h.mean(0, keepdim=True).expand_as(h),
        h.var(0, keepdim=True) + h, h.std(1, keepdim=True) * h, h.norm(dim=1, keepdim=True) + h,
        h.max(1, keepdim=True)[0] + h, h.cumsum(1), h.transpose(0, 1).t(), h.reshape(-1).view(h.shape),
        ember.cat([h, h], 0)[: h.shape[0]], ember.stack([h, h]).sum(0), ember.where(h > 0, h, h * 0.1),
        h * 0.5, h + 1.0, ember.einsum("ij,ij->ij", h, h),
        ember.bmm(h.unsqueeze(0), h.t().unsqueeze(0))[0] @ h, F.dropout(h, 0.2, training=True),
        F.normalize(h, dim=1), h.logsumexp(1, keepdim=True) - h, h.prod(1, keepdim=True) + h,
        ember.addmm(h, h, ember.eye(h.shape[1])), h.amax(0) + h, h.sort(1)[0], h.gather(1, h.argsort(1)),
    ]
    return ember.stack([p.float() if p.dtype != ember.float32 else p for p in parts]).sum()


def test_common_ops_forward_backward():
    ember.manual_seed(0)
    x = _x(5, 6).requires_grad_()
    w = _x(6, 4, seed=7).requires_grad_()
    with Float64Catcher() as fwd:
        loss = _ops_forward(x, w)
    probs, _ = _graph_problems(loss)
    with Float64Catcher() as bwd:
        loss.backward()
    problems = [f"forward: {h}" for h in fwd.hits] + [f"graph: {p}" for p in probs]
    problems += [f"backward: {h}" for h in bwd.hits]
    for name, t in (("x", x), ("w", w)):
        if t.grad is None or t.grad.dtype != ember.float32:
            problems.append(f"{name}.grad is {None if t.grad is None else t.grad.dtype}")
    _assert_clean(problems)


def test_float64_scalar_operands_do_not_upcast_the_backward():
    # PyTorch treats NumPy float64 scalars and 0-d float64 tensors as "wrapped numbers": the
    # float32 result *and its gradient* are computed in float32.  NumPy 2 (NEP 50) promotes
    # float32_array * float64_0d_array to float64, so a vjp multiplying by the raw saved scalar
    # computes the whole gradient in float64 before the engine casts it back.
    x = _x(64, 32).requires_grad_()
    s64 = ember.tensor(0.5, dtype=ember.float64)
    cases = {"x * np.float64": lambda: x * np.float64(0.5), "x / np.float64": lambda: x / np.float64(3.0),
             "x * 0-d float64 tensor": lambda: x * s64, "x / 0-d float64 tensor": lambda: x / s64,
             "x + 0-d float64 tensor": lambda: x + s64,
             "x ** np.float64": lambda: x.abs() ** np.float64(1.5)}
    problems = []
    for name, f in cases.items():
        x.grad = None
        with Float64Catcher() as fwd:
            y = f()
        with Float64Catcher() as bwd:
            y.square().sum().backward()
        if y.dtype != ember.float32:
            problems.append(f"{name}: result is {y.dtype}")
        # the user's own float64 scalar tensor may be returned as is (e.g. by Node.saved()); a
        # float64 result of a forward op or of a vjp/backward is an upcast
        problems += [f"{name}: forward: {h}" for h in fwd.hits if "graph.py" not in h]
        problems += [f"{name}: backward: {h}" for h in bwd.hits if "(vjp)" in h or "(backward)" in h]
        if x.grad.dtype != ember.float32:
            problems.append(f"{name}: x.grad is {x.grad.dtype}")
    _assert_clean(problems)


def test_scalar_and_factory_defaults_stay_float32():
    # Python floats, NumPy float64 scalars and 0-d float64 tensors do not promote a float32 tensor.
    x = ember.ones(3)
    for r in (x * 0.1, x / 3, x ** 0.5, x * np.float64(2), x + ember.tensor(2.0, dtype=ember.float64),
              ember.tensor(1.5) * x, x.mean(), x.var(), x.std(), ember.full((2,), 0.1) * x[:2],
              ember.linspace(0, 1, 3) * x, ember.arange(3.0) * x, ember.randn(3) * x, ember.rand(3) * x):
        assert r.dtype == ember.float32, r.dtype
