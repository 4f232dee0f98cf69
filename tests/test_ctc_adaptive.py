"""Tests for ``F.ctc_loss``/``nn.CTCLoss`` and ``nn.AdaptiveLogSoftmaxWithLoss``."""
import math

import numpy as np
import pytest

import ember
import ember.nn.functional as F

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _log_softmax(x, axis=-1):
    return x - np.log(np.exp(x).sum(axis, keepdims=True))


# ------------------------------------------------------------------ golden
def test_ctc_golden_two_steps_one_label():
    # T=2, C=2, target [1]: paths "1-", "-1", "11"  -> p = p0(1)p1(-) + p0(-)p1(1) + p0(1)p1(1)
    p = np.array([[0.6, 0.4], [0.3, 0.7]])  # rows: time, cols: (blank, label 1)
    lp = ember.tensor(np.log(p)[:, None, :])
    loss = F.ctc_loss(lp, ember.tensor([[1]]), [2], [1], reduction="none")
    want = -math.log(0.4 * 0.3 + 0.6 * 0.7 + 0.4 * 0.7)
    assert loss.shape == (1,)
    assert abs(loss.item() - want) < 1e-12
    mean = F.ctc_loss(lp, ember.tensor([1]), (2,), (1,))
    assert abs(mean.item() - want) < 1e-12  # divided by target length 1


def test_ctc_empty_input_and_target_is_negative_zero():
    lp = ember.zeros(3, 1, 2)
    loss = F.ctc_loss(lp, ember.zeros(1, 0, dtype=ember.long), [0], [0], reduction="none")
    assert loss.item() == 0.0 and math.copysign(1, loss.item()) == -1


def test_ctc_gradcheck_through_log_softmax():
    rng = np.random.default_rng(0)
    x = ember.tensor(rng.standard_normal((5, 2, 4)), requires_grad=True)
    tg = ember.tensor([[1, 1, 2], [3, 2, 0]])

    def f(a):
        return F.ctc_loss(a.log_softmax(2), tg, ember.tensor([5, 4]), ember.tensor([3, 2]), reduction="sum")

    assert ember.autograd.gradcheck(f, (x,))


def test_ctc_grad_fn_names():
    lp = ember.randn(4, 2, 3).log_softmax(2).detach().requires_grad_()
    args = (lp, ember.tensor([[1, 2], [2, 2]]), [4, 3], [2, 1])
    assert F.ctc_loss(*args, reduction="none").grad_fn.name() == "CtcLossBackward0"
    assert F.ctc_loss(*args, reduction="none", zero_infinity=True).grad_fn.name() == "WhereBackward0"
    mean = F.ctc_loss(*args)
    assert mean.grad_fn.name() == "MeanBackward0"
    assert mean.grad_fn.next_functions[0][0].name() == "DivBackward0"
    assert F.ctc_loss(*args, reduction="sum").grad_fn.name() == "SumBackward0"
    un = F.ctc_loss(lp[:, 0], ember.tensor([1, 2]), ember.tensor(4), ember.tensor(2), reduction="none")
    assert un.shape == () and un.grad_fn.name() == "SqueezeBackward1"


@pytest.mark.parametrize("call, exc, msg", [
    (lambda lp, tg: F.ctc_loss(lp, tg, [5, 5], [2, 2], blank=3), RuntimeError, "blank must be in label range"),
    (lambda lp, tg: F.ctc_loss(lp, tg, [5], [2, 2]), RuntimeError, "input_lengths must be of size batch_size"),
    (lambda lp, tg: F.ctc_loss(lp, tg, ember.tensor([5., 5]), ember.tensor([2, 2])), RuntimeError,
     "input_lengths must be integral"),
    (lambda lp, tg: F.ctc_loss(lp, tg, [6, 5], [2, 2]), RuntimeError,
     "Expected input_lengths to have value at most 5, but got value 6 (while checking arguments for "
     "ctc_loss_allocate_outputs)"),
    (lambda lp, tg: F.ctc_loss(lp, tg, [5, 5], [3, 2]), RuntimeError,
     "Expected tensor to have size at least 3 at dimension 1, but got size 2 for argument #2 'targets' "
     "(while checking arguments for ctc_loss_allocate_outputs)"),
    (lambda lp, tg: F.ctc_loss(lp, tg, [5, 5], [2, 2], reduction="foo"), ValueError,
     "foo is not a valid value for reduction"),
    (lambda lp, tg: F.ctc_loss(lp.long(), tg, [5, 5], [2, 2]), NotImplementedError,
     "\"ctc_loss_cpu\" not implemented for 'Long'"),
])
def test_ctc_errors(call, exc, msg):
    lp = ember.randn(5, 2, 3).log_softmax(2)
    with pytest.raises(exc) as info:
        call(lp, ember.tensor([[1, 2], [2, 1]]))
    assert str(info.value) == msg


def test_ctc_module():
    m = ember.nn.CTCLoss(blank=1, reduction="sum", zero_infinity=True)
    assert repr(m) == "CTCLoss()" and m.blank == 1 and m.zero_infinity and m.reduction == "sum"
    lp = ember.randn(4, 1, 3).log_softmax(2)
    assert m(lp, ember.tensor([[2, 2]]), [1], [2]).item() == 0.0  # infinite loss zeroed


# ------------------------------------------------------- torch comparisons
def _ctc_both(lib, x, tg, il, tl, **kw):
    lp = lib.tensor(x, requires_grad=True)
    loss = lib.nn.functional.ctc_loss(lp, lib.tensor(tg), lib.tensor(il), lib.tensor(tl), **kw)
    loss.sum().backward()
    return loss.detach().numpy(), lp.grad.numpy(), loss.grad_fn.name()


@needs_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("concat", [False, True])
@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_matches_torch(dtype, reduction, concat, zero_infinity):
    rng = np.random.default_rng(3)
    x = _log_softmax(rng.standard_normal((7, 4, 5))).astype(dtype)
    tg = np.array([[1, 1, 2, 3], [4, 4, 4, 0], [2, 3, 1, 1], [1, 0, 0, 0]])
    tl, il = np.array([4, 3, 4, 0]), np.array([7, 6, 2, 3])  # sample 2 is infeasible (inf)
    if concat:
        tg = np.concatenate([tg[b, :tl[b]] for b in range(4)])
    kw = dict(blank=0, reduction=reduction, zero_infinity=zero_infinity)
    a, ga, na = _ctc_both(torch, x, tg, il, tl, **kw)
    b, gb, nb = _ctc_both(ember, x, tg, il, tl, **kw)
    assert na == nb and a.dtype == b.dtype and a.shape == b.shape
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(b, a, rtol=tol, atol=tol)
    np.testing.assert_allclose(gb, ga, rtol=10 * tol, atol=10 * tol)


@needs_torch
def test_ctc_type_error_matches_torch():
    msgs = []
    for lib in (torch, ember):
        lp = lib.zeros(2, 1, 3)
        with pytest.raises(TypeError) as info:
            lib.nn.functional.ctc_loss(lp, lib.tensor([[1]]), (2,), lib.tensor([1]))
        msgs.append(str(info.value))
    assert msgs[0] == msgs[1]


# ------------------------------------------------------ adaptive softmax
def _asm(lib):
    lib.manual_seed(0)
    m = lib.nn.AdaptiveLogSoftmaxWithLoss(16, 20, [4, 10, 15], div_value=2.0, head_bias=True)
    x = lib.randn(6, 16, requires_grad=True)
    out = m(x, lib.tensor([0, 5, 12, 19, 3, 11]))
    out.loss.backward()
    return m, x, out


def test_adaptive_structure_and_errors():
    m, x, out = _asm(ember)
    assert type(out).__name__ == "_ASMoutput" and out._fields == ("output", "loss")
    assert [n for n, _ in m.named_parameters()] == [
        "head.weight", "head.bias", "tail.0.0.weight", "tail.0.1.weight", "tail.1.0.weight", "tail.1.1.weight",
        "tail.2.0.weight", "tail.2.1.weight"]
    assert m.head.weight.shape == (7, 16) and m.tail[2][0].weight.shape == (2, 16)
    np.testing.assert_allclose(m.log_prob(x).exp().sum(1).detach().numpy(), 1.0, rtol=1e-5)
    assert (m.predict(x).numpy() == m.log_prob(x).argmax(1).numpy()).all()
    with pytest.raises(RuntimeError, match=r"Target values should be in \[0, 19\], but values in range \[0, 20\]"):
        m(x[:2], ember.tensor([0, 20]))
    with pytest.raises(ValueError, match="cutoffs should be a sequence of length larger than 0"):
        ember.nn.AdaptiveLogSoftmaxWithLoss(4, 5, [])


@needs_torch
def test_adaptive_matches_torch():
    mt, xt, ot = _asm(torch)
    me, xe, oe = _asm(ember)
    assert repr(me) == repr(mt)
    for (nt, pt), (ne, pe) in zip(mt.named_parameters(), me.named_parameters()):
        assert nt == ne
        np.testing.assert_array_equal(pe.detach().numpy(), pt.detach().numpy())
        np.testing.assert_allclose(pe.grad.numpy(), pt.grad.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(oe.output.detach().numpy(), ot.output.detach().numpy(), rtol=1e-6)
    assert oe.output.grad_fn.name() == ot.output.grad_fn.name()
    np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(me.log_prob(xe).detach().numpy(), mt.log_prob(xt).detach().numpy(), rtol=1e-5)
    assert (me.predict(xe).numpy() == mt.predict(xt).numpy()).all()
