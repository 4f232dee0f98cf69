"""ember.nn losses: values, gradients, grad_fn names, reprs and errors vs PyTorch.

Comparisons with real PyTorch are skipped when ``torch`` is not importable;
the float64 numerical gradient checks and error-message checks run without it.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F

try:
    import torch
    import torch.nn.functional as TF
except ImportError:  # pragma: no cover
    torch = None
    TF = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")
RNG = np.random.default_rng(99)
REDUCTIONS = ["none", "mean", "sum"]


def assert_close(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol, equal_nan=True)


def numerical_gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-4):
    out = fn(*inputs)
    g = ember.tensor(RNG.standard_normal(out.shape))
    grads = ember.autograd.grad(out, inputs, g, allow_unused=True)
    for inp, an in zip(inputs, grads):
        flat = inp.detach().numpy().reshape(-1)
        num = np.zeros(flat.shape)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            with ember.no_grad():
                fp = (fn(*inputs) * g).sum().item()
            flat[i] = old - eps
            with ember.no_grad():
                fm = (fn(*inputs) * g).sum().item()
            flat[i] = old
            num[i] = (fp - fm) / (2 * eps)
        a = np.zeros(flat.shape) if an is None else an.numpy().reshape(-1)
        np.testing.assert_allclose(a, num, atol=atol, rtol=rtol)


def t64(a):
    return ember.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


# ------------------------------------------------------------------ data
X = RNG.standard_normal((5, 4)).astype(np.float32)
Y = RNG.standard_normal((5, 4)).astype(np.float32)
T = np.array([1, 0, 3, 3, 2])
T_IGN = np.array([1, -100, 3, 3, 2])
W = (RNG.random(4) + 0.2).astype(np.float32)
P = np.abs(Y) + 0.1
P = (P / P.sum(1, keepdims=True)).astype(np.float32)
PR = (RNG.random((5, 4)) * 0.9 + 0.05).astype(np.float32)
TG = RNG.random((5, 4)).astype(np.float32)
X4 = RNG.standard_normal((2, 4, 3, 2)).astype(np.float32)
T4 = RNG.integers(0, 4, (2, 3, 2))
X3 = RNG.standard_normal((2, 4, 3)).astype(np.float32)
T3 = RNG.integers(0, 4, (2, 3))
X5 = RNG.standard_normal((2, 4, 2, 2, 2)).astype(np.float32)
T5 = RNG.integers(0, 4, (2, 2, 2, 2))
YL = np.array([1, -1, 1, -1, 1])
TML = np.array([[3, 0, -1, 1], [1, 2, 3, -1], [0, -1, 2, 2], [2, 1, 0, 3], [-1, 0, 1, 2]])

# (name, builder(lib) -> (args, kwargs, tensors whose grads are compared))
CASES = [
    ("mse_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True)), {}, [a, b])),
    ("l1_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True)), {}, [a, b])),
    ("smooth_l1_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True)), {}, [a, b])),
    ("smooth_l1_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True)), {"beta": 0.5}, [a, b])),
    ("huber_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True)), {"delta": 0.7}, [a, b])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T_IGN)), {"weight": L.tensor(W)}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T_IGN)),
                                 {"weight": L.tensor(W), "label_smoothing": 0.1}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T_IGN)), {"label_smoothing": 0.2}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {"ignore_index": 3}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(P, requires_grad=True)), {}, [a, b])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(P)),
                                 {"weight": L.tensor(W), "label_smoothing": 0.3}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X4, requires_grad=True), L.tensor(T4)), {}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X3, requires_grad=True), L.tensor(T3)), {"weight": L.tensor(W)}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X3, requires_grad=True), L.tensor(T3)), {"label_smoothing": 0.1}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X5, requires_grad=True), L.tensor(T5)), {}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X[0], requires_grad=True), L.tensor(2)), {}, [a])),
    ("nll_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T_IGN)), {"weight": L.tensor(W)}, [a])),
    ("nll_loss", lambda L: ((a := L.tensor(X[0], requires_grad=True), L.tensor(2)), {}, [a])),
    # every target a valid class: the (N, C) fast path, with and without weights, byte targets
    ("nll_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {"weight": L.tensor(W)}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {"weight": L.tensor(W)}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T.astype(np.uint8))), {}, [a])),
    ("cross_entropy", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {"ignore_index": 7}, [a])),
    ("nll_loss", lambda L: ((a := L.tensor(X4, requires_grad=True), L.tensor(T4)), {}, [a])),
    ("binary_cross_entropy", lambda L: ((a := L.tensor(PR, requires_grad=True), b := L.tensor(TG, requires_grad=True)), {}, [a, b])),
    ("binary_cross_entropy", lambda L: ((a := L.tensor(PR, requires_grad=True), b := L.tensor(TG, requires_grad=True)),
                                        {"weight": L.tensor(W)}, [a, b])),
    ("binary_cross_entropy_with_logits", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(TG, requires_grad=True)), {}, [a, b])),
    ("binary_cross_entropy_with_logits", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(TG, requires_grad=True)),
                                                    {"weight": L.tensor(W), "pos_weight": L.tensor(W * 3)}, [a, b])),
    ("kl_div", lambda L: ((a := L.tensor(np.log(P), requires_grad=True), b := L.tensor(P[::-1].copy(), requires_grad=True)), {}, [a, b])),
    ("kl_div", lambda L: ((a := L.tensor(np.log(P), requires_grad=True), b := L.tensor(np.log(P[::-1]).copy(), requires_grad=True)),
                          {"log_target": True}, [a, b])),
    ("cosine_embedding_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True), L.tensor(YL)),
                                         {"margin": 0.1}, [a, b])),
    ("margin_ranking_loss", lambda L: ((a := L.tensor(X[:, 0].copy(), requires_grad=True), b := L.tensor(Y[:, 0].copy(), requires_grad=True),
                                        L.tensor(YL.astype(np.float32))), {"margin": 0.1}, [a, b])),
    ("soft_margin_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(np.sign(Y))), {}, [a])),
    ("hinge_embedding_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(np.sign(Y))), {}, [a])),
    ("poisson_nll_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(np.abs(Y))), {}, [a])),
    ("multilabel_soft_margin_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor((Y > 0).astype(np.float32))), {}, [a])),
    ("multi_margin_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {}, [a])),
    ("multi_margin_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(T)), {"p": 2, "weight": L.tensor(W), "margin": 0.5}, [a])),
    ("multilabel_margin_loss", lambda L: ((a := L.tensor(X, requires_grad=True), L.tensor(TML)), {}, [a])),
    ("triplet_margin_loss", lambda L: ((a := L.tensor(X, requires_grad=True), b := L.tensor(Y, requires_grad=True), L.tensor(Y[::-1].copy())), {}, [a, b])),
]


@needs_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("idx", range(len(CASES)), ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_functional_losses_match_torch(idx, reduction):
    name, build = CASES[idx]
    results = []
    for lib, fn in ((torch, TF), (ember, F)):
        args, kw, grads = build(lib)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = getattr(fn, name)(*args, reduction=reduction, **kw)
        g = np.linspace(0.5, 1.5, max(int(np.prod(out.shape)), 1)).reshape(tuple(out.shape)).astype(np.float32)
        out.backward(lib.tensor(g))
        results.append((out, [t.grad for t in grads]))
    (ot, gt), (oe, ge) = results
    assert oe.grad_fn.name() == type(ot.grad_fn).__name__
    assert oe.dtype == ember.float32 and tuple(oe.shape) == tuple(ot.shape)
    assert_close(ot.detach().numpy(), oe.detach().numpy(), 1e-5, 1e-6)
    for a, b in zip(gt, ge):
        assert b.dtype == ember.float32
        assert_close(a.numpy(), b.numpy(), 1e-4, 1e-6)
    if name != "kl_div":  # kl_div's xlogy/log come from ember.ops.pointwise, whose float32 log is not bit-exact
        assert repr(ot) == repr(oe)


@needs_torch
def test_nll_nd_graph_shapes():
    for shape in [(2, 3, 4), (2, 3, 4, 5), (2, 3, 4, 5, 2)]:
        x = RNG.standard_normal(shape).astype(np.float32)
        t = RNG.integers(0, 3, (shape[0],) + shape[2:])
        for red in REDUCTIONS:
            ot = TF.nll_loss(torch.tensor(x, requires_grad=True), torch.tensor(t), reduction=red)
            oe = F.nll_loss(ember.tensor(x, requires_grad=True), ember.tensor(t), reduction=red)
            assert oe.grad_fn.name() == type(ot.grad_fn).__name__
            assert [type(n).__name__ for n, _ in ot.grad_fn.next_functions if n is not None][:1] == \
                [type(n).__name__ for n, _ in oe.grad_fn.next_functions if n is not None][:1] or red != "none"
            assert tuple(oe.shape) == tuple(ot.shape)


@needs_torch
def test_cross_entropy_graph_is_log_softmax_then_nll():
    x = torch.tensor(X, requires_grad=True)
    e = ember.tensor(X, requires_grad=True)
    ot = TF.cross_entropy(x, torch.tensor(T))
    oe = F.cross_entropy(e, ember.tensor(T))
    assert oe.grad_fn.name() == "NllLossBackward0"
    assert oe.grad_fn.next_functions[0][0].name() == type(ot.grad_fn.next_functions[0][0]).__name__ == \
        "LogSoftmaxBackward0"


# ------------------------------------------------------------ gradchecks
GRADCHECKS = [
    ("mse", lambda a, b: F.mse_loss(a, b), [(4, 3), (4, 3)]),
    ("mse_sum", lambda a, b: F.mse_loss(a, b, reduction="sum"), [(4, 3), (4, 3)]),
    ("l1", lambda a, b: F.l1_loss(a, b, reduction="none"), [(4, 3), (4, 3)]),
    ("smooth_l1", lambda a, b: F.smooth_l1_loss(a, b, beta=0.3), [(4, 3), (4, 3)]),
    ("huber", lambda a, b: F.huber_loss(a, b, reduction="none", delta=0.4), [(4, 3), (4, 3)]),
    ("ce", lambda a: F.cross_entropy(a, ember.tensor([0, 2, 1, 2])), [(4, 3)]),
    ("ce_weight_none", lambda a: F.cross_entropy(a, ember.tensor([0, 2, -100, 2]), weight=ember.tensor([0.2, 1.0, 3.0], dtype=ember.float64), reduction="none"), [(4, 3)]),
    ("ce_smooth", lambda a: F.cross_entropy(a, ember.tensor([0, 2, 1, 2]), label_smoothing=0.2), [(4, 3)]),
    ("ce_probs", lambda a, b: F.cross_entropy(a, b.softmax(1) if hasattr(b, "softmax") else F.softmax(b, 1)), [(4, 3), (4, 3)]),
    ("ce_nd", lambda a: F.cross_entropy(a, ember.tensor([[0, 2], [1, 1]]), reduction="sum"), [(2, 3, 2)]),
    ("nll", lambda a: F.nll_loss(a, ember.tensor([0, 2, 1])), [(3, 3)]),
    ("bce", lambda a, b: F.binary_cross_entropy(a.sigmoid(), b.sigmoid()), [(3, 4), (3, 4)]),
    ("bce_logits", lambda a, b: F.binary_cross_entropy_with_logits(a, b.sigmoid(), reduction="sum"), [(3, 4), (3, 4)]),
    ("bce_logits_pw", lambda a, b: F.binary_cross_entropy_with_logits(
        a, b.sigmoid(), pos_weight=ember.tensor([0.5, 2.0, 1.0, 3.0], dtype=ember.float64)), [(3, 4), (3, 4)]),
    ("kl", lambda a, b: F.kl_div(a, b.sigmoid(), reduction="batchmean"), [(3, 4), (3, 4)]),
    ("kl_log", lambda a, b: F.kl_div(a, b, reduction="sum", log_target=True), [(3, 4), (3, 4)]),
    ("cosine_emb", lambda a, b: F.cosine_embedding_loss(a, b, ember.tensor([1, -1, 1]), margin=-0.5), [(3, 4), (3, 4)]),
    ("margin_rank", lambda a, b: F.margin_ranking_loss(a, b, ember.tensor([1.0, -1.0, 1.0]), margin=5.0), [(3,), (3,)]),
    ("soft_margin", lambda a: F.soft_margin_loss(a, ember.tensor([1.0, -1.0, 1.0])), [(3,)]),
    ("multi_margin", lambda a: F.multi_margin_loss(a, ember.tensor([0, 2]), margin=10.0), [(2, 3)]),
]


@pytest.mark.parametrize("name,fn,shapes", GRADCHECKS, ids=[g[0] for g in GRADCHECKS])
def test_loss_gradcheck_float64(name, fn, shapes):
    inputs = [t64(RNG.standard_normal(s)) for s in shapes]
    out = fn(*inputs)
    assert out.dtype == ember.float64
    numerical_gradcheck(fn, inputs)


def test_cross_entropy_double_backward():
    x = t64(RNG.standard_normal((3, 4)))
    t = ember.tensor([0, 3, 1])
    (g,) = ember.autograd.grad(F.cross_entropy(x, t), x, create_graph=True)
    numerical_gradcheck(lambda v: (ember.autograd.grad(F.cross_entropy(v, t), v, create_graph=True)[0] ** 2).sum()
                        if ember.is_grad_enabled() else _ce_grad_sq(v, t), [x])


def _ce_grad_sq(v, t):
    with ember.enable_grad():
        w = v.detach().requires_grad_(True)
        (g,) = ember.autograd.grad(F.cross_entropy(w, t), w)
    return (g ** 2).sum()


# ---------------------------------------------------------------- errors
def test_size_warning_and_reduction_errors():
    with pytest.warns(UserWarning) as rec:
        out = F.mse_loss(ember.randn(3, 5), ember.randn(3, 1))
    assert str(rec[0].message) == (
        "Using a target size (torch.Size([3, 1])) that is different to the input size (torch.Size([3, 5])). This "
        "will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.")
    assert out.shape == ()
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        F.mse_loss(ember.randn(2), ember.randn(2), reduction="avg")
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        nn.CrossEntropyLoss(reduction="avg")(ember.randn(2, 3), ember.tensor([0, 1]))
    with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated, please use "
                                         "reduction='sum' instead."):
        loss = nn.MSELoss(size_average=False)
    assert loss.reduction == "sum"
    with pytest.warns(UserWarning, match="reduction: 'mean' divides the total loss by both the batch size and the "
                                         "support size."):
        F.kl_div(ember.randn(2, 3), ember.rand(2, 3))


def test_classification_errors():
    x = ember.randn(3, 5)
    with pytest.raises(IndexError, match="^Target 5 is out of bounds.$"):
        F.cross_entropy(x, ember.tensor([1, 2, 5]))
    with pytest.raises(IndexError, match="^Target -3 is out of bounds.$"):
        F.nll_loss(x, ember.tensor([1, 2, -3]))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target batch_size \(2\)."):
        F.cross_entropy(x, ember.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Float"):
        F.nll_loss(x, ember.tensor([1.0, 2.0, 3.0]))
    with pytest.raises(RuntimeError, match=r"weight tensor should be defined either for all 5 classes or no classes "
                                           r"but got weight tensor of shape: \[4\]"):
        F.nll_loss(x, ember.tensor([1, 2, 3]), weight=ember.ones(4))
    with pytest.raises(RuntimeError, match=r"Expected target size \[2, 4\], got \[2, 5\]"):
        F.nll_loss(ember.randn(2, 3, 4), ember.zeros(2, 5, dtype=ember.int64))
    with pytest.raises(RuntimeError, match="Expected floating point type for target with class probabilities, got Long"):
        F.cross_entropy(x, ember.zeros(3, 5, dtype=ember.int64))
    with pytest.raises(RuntimeError, match="ignore_index is not supported for floating point target"):
        F.cross_entropy(x, ember.rand(3, 5), ignore_index=1)
    with pytest.raises(RuntimeError, match="label_smoothing must be between 0.0 and 1.0. Got: 1.5"):
        F.cross_entropy(x, ember.tensor([1, 2, 3]), label_smoothing=1.5)
    with pytest.raises(RuntimeError, match="0D or 1D target tensor expected, multi-target not supported"):
        F.cross_entropy(x, ember.rand(3, 4))
    assert np.isnan(F.nll_loss(x, ember.tensor([-100, -100, -100])).item())
    assert F.nll_loss(x, ember.tensor([-100, -100, -100]), reduction="sum").item() == 0.0


def test_binary_errors():
    with pytest.raises(ValueError, match=r"Using a target size \(torch.Size\(\[3, 1\]\)\) that is different to the "
                                         r"input size \(torch.Size\(\[3\]\)\) is deprecated. Please ensure they have "
                                         r"the same size."):
        F.binary_cross_entropy(ember.rand(3), ember.rand(3, 1))
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        F.binary_cross_entropy(ember.rand(3) + 1, ember.rand(3))
    with pytest.raises(ValueError, match=r"Target size \(torch.Size\(\[3, 1\]\)\) must be the same as input size "
                                         r"\(torch.Size\(\[3\]\)\)"):
        F.binary_cross_entropy_with_logits(ember.rand(3), ember.rand(3, 1))
    with pytest.raises(RuntimeError, match=r"margin_ranking_loss : All input tensors should have same dimension but "
                                           r"got sizes: input1: torch.Size\(\[3\]\), input2: torch.Size\(\[3, 1\]\), "
                                           r"target: torch.Size\(\[3\]\) "):
        F.margin_ranking_loss(ember.randn(3), ember.randn(3, 1), ember.randn(3))
    # log clamps at -100
    out = F.binary_cross_entropy(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 0.0]), reduction="none")
    assert out.tolist() == [100.0, 100.0]


# ---------------------------------------------------------------- modules
def test_loss_modules_basics():
    w = ember.tensor([1.0, 2.0, 3.0])
    ce = nn.CrossEntropyLoss(weight=w, label_smoothing=0.1)
    assert repr(ce) == "CrossEntropyLoss()"
    assert list(ce.state_dict().keys()) == ["weight"] and ce.weight is w
    assert list(nn.CrossEntropyLoss().state_dict().keys()) == []
    bce = nn.BCEWithLogitsLoss(pos_weight=ember.ones(3))
    assert [n for n, _ in bce.named_buffers()] == ["pos_weight"]
    x = ember.randn(4, 3, requires_grad=True)
    t = ember.tensor([0, 2, 1, 1])
    a = ce(x, t)
    b = F.cross_entropy(x, t, weight=w, label_smoothing=0.1)
    assert a.item() == b.item()
    crit = nn.MSELoss(reduction="sum")
    assert crit(ember.ones(2), ember.zeros(2)).item() == 2.0
    assert nn.L1Loss()(ember.tensor([1.0, -3.0]), ember.zeros(2)).item() == 2.0
    assert nn.HuberLoss(delta=0.5).delta == 0.5 and nn.SmoothL1Loss(beta=2.0).beta == 2.0
    assert nn.KLDivLoss(reduction="batchmean", log_target=True).log_target
    assert nn.NLLLoss(ignore_index=3).ignore_index == 3
    m = nn.MarginRankingLoss(margin=0.5)
    assert m(ember.tensor([1.0]), ember.tensor([0.0]), ember.tensor([-1.0])).item() == 1.5
    c = nn.CosineEmbeddingLoss()
    v = c(ember.tensor([[1.0, 0.0]]), ember.tensor([[1.0, 0.0]]), ember.tensor([1]))
    assert abs(v.item()) < 1e-6


@needs_torch
@pytest.mark.parametrize("make,args", [
    (lambda nn, L: nn.CrossEntropyLoss(weight=L.tensor(W), ignore_index=3, label_smoothing=0.05),
     lambda L: (L.tensor(X, requires_grad=True), L.tensor(T))),
    (lambda nn, L: nn.NLLLoss(reduction="sum"), lambda L: (L.tensor(X, requires_grad=True), L.tensor(T))),
    (lambda nn, L: nn.BCELoss(weight=L.tensor(W)), lambda L: (L.tensor(PR, requires_grad=True), L.tensor(TG))),
    (lambda nn, L: nn.BCEWithLogitsLoss(pos_weight=L.tensor(W)), lambda L: (L.tensor(X, requires_grad=True), L.tensor(TG))),
    (lambda nn, L: nn.KLDivLoss(reduction="batchmean"), lambda L: (L.tensor(np.log(P), requires_grad=True),
                                                                    L.tensor(P[::-1].copy()))),
    (lambda nn, L: nn.SmoothL1Loss(beta=0.5), lambda L: (L.tensor(X, requires_grad=True), L.tensor(Y))),
    (lambda nn, L: nn.HuberLoss(delta=2.0), lambda L: (L.tensor(X, requires_grad=True), L.tensor(Y))),
    (lambda nn, L: nn.CosineEmbeddingLoss(margin=0.2), lambda L: (L.tensor(X, requires_grad=True), L.tensor(Y), L.tensor(YL))),
    (lambda nn, L: nn.MarginRankingLoss(margin=0.3),
     lambda L: (L.tensor(X[:, 0].copy(), requires_grad=True), L.tensor(Y[:, 0].copy()), L.tensor(YL.astype(np.float32)))),
    (lambda nn, L: nn.TripletMarginLoss(margin=0.5), lambda L: (L.tensor(X, requires_grad=True), L.tensor(Y), L.tensor(Y[::-1].copy()))),
])
def test_loss_modules_match_torch(make, args):
    mt, me = make(torch.nn, torch), make(nn, ember)
    assert repr(mt) == repr(me)
    assert list(mt.state_dict().keys()) == list(me.state_dict().keys())
    at, ae = args(torch), args(ember)
    ot, oe = mt(*at), me(*ae)
    ot.backward()
    oe.backward()
    assert repr(ot) == repr(oe)
    assert_close(at[0].grad.numpy(), ae[0].grad.numpy(), 1e-4, 1e-6)


@needs_torch
def test_training_loop_matches_torch():
    """A small classifier trained with plain SGD updates stays close to PyTorch over many steps."""
    def run(lib):
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(4, 16), lib.nn.ReLU(), lib.nn.Linear(16, 3))
        crit = lib.nn.CrossEntropyLoss()
        x = lib.tensor(np.random.default_rng(0).standard_normal((32, 4)).astype(np.float32))
        y = lib.tensor(np.random.default_rng(1).integers(0, 3, 32))
        losses = []
        for _ in range(30):
            model.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            with lib.no_grad():
                for p in model.parameters():
                    p -= 0.1 * p.grad
            losses.append(loss.item())
        return losses, model

    lt, mt = run(torch)
    le, me = run(ember)
    assert_close(lt, le, 1e-4, 1e-5)
    for a, b in zip(mt.parameters(), me.parameters()):
        assert_close(a.detach().numpy(), b.detach().numpy(), 1e-4, 1e-5)


@pytest.mark.parametrize("bad", [7, -2, 4])
def test_cross_entropy_out_of_range_target_is_an_index_error(bad):
    t = T.copy()
    t[2] = bad
    with pytest.raises(IndexError, match=f"^Target {bad} is out of bounds.$"):
        F.cross_entropy(ember.tensor(X, requires_grad=True), ember.tensor(t))


def test_multilabel_margin_loss_golden():
    x = ember.tensor([[0.1, 0.2, 0.4, 0.8], [0.5, 0.1, -0.3, 0.9]], requires_grad=True)
    y = ember.tensor([[3, 0, -1, 1], [1, 2, 3, -1]])
    # sample 0: targets {3, 0}, others {1, 2}: hinges 1-(.8-.2), 1-(.8-.4), 1-(.1-.2), 1-(.1-.4) = .4+.6+1.1+1.3
    loss = F.multilabel_margin_loss(x, y, reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [3.4 / 4, 3.8 / 4], rtol=1e-6)
    F.multilabel_margin_loss(x, y).backward()
    np.testing.assert_allclose(x.grad.numpy(), [[-0.25, 0.25, 0.25, -0.25], [0.375, -0.125, -0.125, -0.125]],
                               rtol=1e-6)
    with pytest.raises(RuntimeError, match="^argument #2 'target' is out of range$"):
        F.multilabel_margin_loss(x, ember.tensor([[5, 0, -1, 1], [1, 2, 3, -1]]))
