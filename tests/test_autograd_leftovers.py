"""Autograd details left over from the program probes, each checked against PyTorch 2.13's behaviour:

* grad mode inside ``inference_mode``: ``enable_grad``/``set_grad_enabled(True)`` turn PyTorch's grad mode
  on there (``is_grad_enabled()`` says True) but ops still record nothing and make inference tensors;
* accumulating a gradient that does not fit ``.grad`` (after ``w.data`` was replaced by a tensor of another
  shape) raises PyTorch's broadcast errors instead of NumPy's ``ValueError``.
"""
from __future__ import annotations

import pytest

import ember


def _grad_mode_trace(torch):
    x = torch.ones(3, requires_grad=True)
    seen = []
    with torch.inference_mode():
        seen.append(torch.is_grad_enabled())
        with torch.enable_grad():
            z = x * 2
            seen += [torch.is_grad_enabled(), z.requires_grad, z.grad_fn is None, z.is_inference()]
            with torch.no_grad():
                seen.append(torch.is_grad_enabled())
            seen.append(torch.is_grad_enabled())
            with torch.inference_mode(False):
                w = x * 2
                seen += [torch.is_grad_enabled(), w.requires_grad, type(w.grad_fn).__name__]
            seen.append(torch.is_grad_enabled())
        torch.set_grad_enabled(True)
        seen += [torch.is_grad_enabled(), (x * 3).requires_grad]
    seen += [torch.is_grad_enabled(), (x * 2).requires_grad]
    with torch.no_grad():
        with torch.inference_mode():
            with torch.set_grad_enabled(True):
                seen.append(torch.is_grad_enabled())
            seen.append(torch.is_grad_enabled())
        seen.append(torch.is_grad_enabled())

    @torch.enable_grad()
    def f():
        return torch.is_grad_enabled(), (x * 2).requires_grad

    with torch.inference_mode():
        seen.append(f())
    seen.append(torch.is_grad_enabled())
    return seen


GOLDEN_TRACE = [False, True, False, True, True, False, True, True, True, "MulBackward0", True, True, False,
                True, True, True, False, False, (True, False), True]


def test_grad_mode_inside_inference_mode_records_nothing():
    assert _grad_mode_trace(ember) == GOLDEN_TRACE
    assert ember.is_grad_enabled() and not ember.is_inference_mode_enabled()


def test_grad_mode_inside_inference_mode_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _grad_mode_trace(torch) == GOLDEN_TRACE


def _accumulate_after_resize(torch, old_shape, new_shape):
    w = torch.ones(old_shape, requires_grad=True)
    (w * 2).sum().backward()
    w.data = torch.ones(new_shape)
    try:
        (w * 3).sum().backward()
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return type(e).__name__, str(e)
    return "ok", w.grad.shape, w.grad.sum().item()


RESIZE_CASES = {
    ((3,), (4,)): ("RuntimeError", "The size of tensor a (3) must match the size of tensor b (4) at "
                                   "non-singleton dimension 0"),
    ((2, 2), (4,)): ("RuntimeError", "The size of tensor a (2) must match the size of tensor b (4) at "
                                     "non-singleton dimension 1"),
    ((3,), (2, 3)): ("RuntimeError", "output with shape [3] doesn't match the broadcast shape [2, 3]"),
}


@pytest.mark.parametrize("shapes", list(RESIZE_CASES), ids=str)
def test_gradient_that_does_not_fit_grad_raises_pytorchs_error(shapes):
    assert _accumulate_after_resize(ember, *shapes) == RESIZE_CASES[shapes]


def test_gradient_that_broadcasts_into_grad_is_added():
    # in-place ``grad += new_grad`` broadcasts the new gradient, as PyTorch's AccumulateGrad does
    assert _accumulate_after_resize(ember, (2, 3), (3,)) == ("ok", ember.Size([2, 3]), 30.0)


@pytest.mark.parametrize("shapes", list(RESIZE_CASES) + [((2, 3), (3,))], ids=str)
def test_gradient_resize_cases_match_pytorch(shapes):
    torch = pytest.importorskip("torch")
    got, want = _accumulate_after_resize(ember, *shapes), _accumulate_after_resize(torch, *shapes)
    assert got[:2] == want[:2] and got[2:] == want[2:]


# ----------------------------------------------------------------- backward() from one output of a multi-output node
def _multi_output_roots(torch):
    """``out.backward()`` where ``out`` is one 0-d output of a node with several outputs."""
    seen = []

    class Two(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2, a.sum()

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1.tolist(), g2.item()))
            return g1 * 2 + g2

    class ArgMax(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            idx = a.argmax()
            ctx.mark_non_differentiable(idx)
            ctx.save_for_backward(idx)
            return a.max(), idx

        @staticmethod
        def backward(ctx, g, g_idx):
            seen.append(("idx grad", g_idx.dtype == torch.int64, g_idx.item()))
            idx, = ctx.saved_tensors
            return torch.zeros(3).index_fill(0, idx, g.item())

    x = torch.tensor([1.0, 5.0, 3.0], requires_grad=True)
    grads = []
    for i in range(3):
        x.grad = None
        x.unbind(0)[i].backward()
        grads.append(x.grad.tolist())
    x.grad = None
    Two.apply(x)[1].backward()
    grads.append(x.grad.tolist())
    x.grad = None
    Two.apply(x)[0].sum().backward()
    grads.append(x.grad.tolist())
    x.grad = None
    ArgMax.apply(x)[0].backward()
    grads.append(x.grad.tolist())
    x.grad = None
    a, b = x.split(2)
    b.sum().backward()
    grads.append(x.grad.tolist())
    return grads, seen


GOLDEN_MULTI = ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0],
                 [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                [([0.0, 0.0, 0.0], 1.0), ([1.0, 1.0, 1.0], 0.0), ("idx grad", True, 0)])


def test_backward_from_one_output_of_a_multi_output_node():
    # the scalar fast path of ``Tensor.backward`` used to seed slot 0 of a one-slot buffer whatever
    # the output's number: a wrong slot, a missing argument of a custom backward, or a crash
    assert _multi_output_roots(ember) == GOLDEN_MULTI


def test_backward_from_one_output_of_a_multi_output_node_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _multi_output_roots(torch) == GOLDEN_MULTI
