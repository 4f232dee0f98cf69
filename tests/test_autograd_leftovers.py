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


# ----------------------------------------------------------------- CopySlices and x[i] = v
def _names(t):
    return [(type(n).__name__ if n is not None else None, i) for n, i in t.grad_fn.next_functions]


def _chain(t, depth=6):
    out, fn = [], t.grad_fn
    while fn is not None and depth:
        out.append(type(fn).__name__)
        nxt = [n for n, _ in fn.next_functions if n is not None]
        fn = nxt[-1] if nxt else None
        depth -= 1
    return out


def _copy_slices_cases(torch):
    a = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    w = torch.tensor([0.5], requires_grad=True)
    ops = {
        "mul_": lambda v: v.mul_(2), "exp_": lambda v: v.exp_(), "add_t": lambda v: v.add_(w * 1),
        "add_c": lambda v: v.add_(torch.ones(3)), "copy_": lambda v: v.copy_(torch.zeros(3)),
        "copy_bcast": lambda v: v.copy_(w.double()), "zero_": lambda v: v.zero_(), "fill_": lambda v: v.fill_(3),
        "mul_t": lambda v: v.mul_(a[:3]), "clamp_": lambda v: v.clamp_(0, 1.5),
    }
    seen = []
    for name, f in ops.items():
        b = a.clone()
        f(b[1:])
        seen.append((name, _names(b)))
        (b * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
        seen.append((a.grad.tolist(), None if w.grad is None else w.grad.tolist()))
        a.grad = w.grad = None
    return seen


GOLDEN_COPY_SLICES = [
    ("mul_", [("CloneBackward0", 0), (None, 0)]), ([1.0, 4.0, 6.0, 8.0], None),
    ("exp_", [("CloneBackward0", 0)]), ([1.0, 14.778112411499023, 60.25661087036133, 218.39259338378906], None),
    ("add_t", [("CloneBackward0", 0), ("MulBackward0", 0)]), ([1.0, 2.0, 3.0, 4.0], [9.0]),
    ("add_c", [("CloneBackward0", 0), (None, 0)]), ([1.0, 2.0, 3.0, 4.0], None),
    ("copy_", [("CloneBackward0", 0), (None, 0)]), ([1.0, 0.0, 0.0, 0.0], None),
    ("copy_bcast", [("CloneBackward0", 0), ("ToCopyBackward0", 0)]), ([1.0, 0.0, 0.0, 0.0], [9.0]),
    ("zero_", [("CloneBackward0", 0)]), ([1.0, 0.0, 0.0, 0.0], None),
    ("fill_", [("CloneBackward0", 0)]), ([1.0, 0.0, 0.0, 0.0], None),
    ("mul_t", [("CloneBackward0", 0), ("SliceBackward0", 0)]), ([5.0, 11.0, 22.0, 12.0], None),  # b = [a0, a1 a0, a2 a1, a3 a2]
    ("clamp_", [("CloneBackward0", 0)]), ([1.0, 0.0, 0.0, 0.0], None),
]


def test_copy_slices_wraps_the_in_place_node():
    # edge 0: the base's old history; then the in-place op's edges after its first (the view)
    assert _copy_slices_cases(ember) == GOLDEN_COPY_SLICES


def test_copy_slices_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _copy_slices_cases(torch) == GOLDEN_COPY_SLICES


def _copy_slices_backward_twice(torch):
    a = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    out = []
    for op in (lambda v: v.exp_(), lambda v: v.add_(1)):  # with saved tensors and without
        b = a.clone()
        op(b[1:])
        s = b.sum()
        s.backward(retain_graph=True)
        s.backward()
        out.append(a.grad.tolist())
        a.grad = None
        try:
            s.backward()
        except RuntimeError as e:
            out.append(str(e)[:50])
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x * 1
    y[:, 0].mul_(x[:, 1])
    g, = torch.autograd.grad(y.pow(2).sum(), x, create_graph=True)
    h, = torch.autograd.grad(g.sum(), x)
    out += [g.tolist(), h.tolist()]
    return out


def test_copy_slices_retain_graph_and_double_backward():
    got = _copy_slices_backward_twice(ember)
    msg = "Trying to backward through the graph a second time"
    # exp_: 2 exp(a_i) (two backward passes); y = [[x00 x01, x01], [x10 x11, x11]], L = sum(y^2):
    # dL/dx00 = 2 x00 x01^2, dL/dx01 = 2 x00^2 x01 + 2 x01 (and the same for row 1), then their sum's gradient
    assert got == [[2.0, 14.778112411499023, 40.17107391357422, 109.19629669189453], msg,
                   [2.0, 2.0, 2.0, 2.0], msg, [[8.0, 8.0], [96.0, 80.0]], [[16.0, 12.0], [80.0, 68.0]]]


def test_copy_slices_retain_graph_and_double_backward_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _copy_slices_backward_twice(ember) == _copy_slices_backward_twice(torch)


def _setitem_graphs(torch):
    a = torch.ones(4, 3, requires_grad=True)
    w = torch.tensor([0.5, 1.5, 2.5], requires_grad=True)
    cases = {
        "same": (0, lambda: w * 2), "bcast_row": (slice(1, 3), lambda: w * 2),
        "lead1": (slice(1, 3), lambda: (w * 2).unsqueeze(0)), "lead1_same": (0, lambda: (w * 2).unsqueeze(0)),
        "zero_d": (slice(1, 3), lambda: w[0] * 2), "ellipsis_bcast": (Ellipsis, lambda: w * 2),
        "noop_0d": (Ellipsis, lambda: w[1] * 1), "adv_bcast": (torch.tensor([0, 2]), lambda: w * 2),
    }
    out = []
    for name, (idx, value) in cases.items():
        b = a.clone()
        b[idx] = value()
        out.append((name, _chain(b)))
        b.sum().backward()
        out.append((a.grad.sum().item(), w.grad.tolist()))
        a.grad = w.grad = None
    return out


GOLDEN_SETITEM = [
    ("same", ["CopySlices", "MulBackward0", "AccumulateGrad"]), (9.0, [2.0, 2.0, 2.0]),
    ("bcast_row", ["CopySlices", "ExpandBackward0", "ViewBackward0", "MulBackward0", "AccumulateGrad"]),
    (6.0, [4.0, 4.0, 4.0]),
    ("lead1", ["CopySlices", "ExpandBackward0", "ViewBackward0", "UnsqueezeBackward0", "MulBackward0",
               "AccumulateGrad"]), (6.0, [4.0, 4.0, 4.0]),
    ("lead1_same", ["CopySlices", "ViewBackward0", "UnsqueezeBackward0", "MulBackward0", "AccumulateGrad"]),
    (9.0, [2.0, 2.0, 2.0]),
    ("zero_d", ["CopySlices", "MulBackward0", "SelectBackward0", "AccumulateGrad"]), (6.0, [12.0, 0.0, 0.0]),
    ("ellipsis_bcast", ["CopyBackwards", "ExpandBackward0", "ViewBackward0", "MulBackward0", "AccumulateGrad"]),
    (0.0, [8.0, 8.0, 8.0]),
    ("noop_0d", ["FillBackward3", "MulBackward0", "SelectBackward0", "AccumulateGrad"]), (0.0, [0.0, 12.0, 0.0]),
    ("adv_bcast", ["IndexPutBackward0", "MulBackward0", "AccumulateGrad"]), (6.0, [4.0, 4.0, 4.0]),
]


def test_setitem_records_pytorchs_copy_to_steps():
    assert _setitem_graphs(ember) == GOLDEN_SETITEM


def test_setitem_graphs_match_pytorch():
    torch = pytest.importorskip("torch")
    assert _setitem_graphs(torch) == GOLDEN_SETITEM


# ----------------------------------------------------------------- engine flags parsed as integers
FLAG_CALLS = {
    "retain_str": lambda L, x: (x * 2).sum().backward(retain_graph='x'),
    "retain_float": lambda L, x: (x * 2).sum().backward(retain_graph=1.5),
    "retain_list": lambda L, x: (x * 2).sum().backward(retain_graph=[1]),
    "create_str": lambda L, x: (x * 2).sum().backward(create_graph='x'),
    "grad_retain": lambda L, x: L.autograd.grad((x * 2).sum(), x, retain_graph='a'),
    "grad_create": lambda L, x: L.autograd.grad((x * 2).sum(), x, create_graph='a'),
    "grad_unused": lambda L, x: L.autograd.grad((x * 2).sum(), x, allow_unused='a'),
    "backward_fn": lambda L, x: L.autograd.backward((x * 2).sum(), retain_graph='a'),
    "retain_int": lambda L, x: (x * 2).sum().backward(retain_graph=2),
}


def _flag_errors(L):
    out = {}
    for name, call in FLAG_CALLS.items():
        x = L.ones(2, requires_grad=True)
        try:
            call(L, x)
            out[name] = ("ok", x.grad.tolist() if x.grad is not None else None)
        except TypeError as e:
            out[name] = ("TypeError", str(e))
    return out


def test_engine_flags_must_be_integers():
    got = _flag_errors(ember)
    kind = {"retain_float": "float", "retain_list": "list"}
    for name in FLAG_CALLS:
        if name == "retain_int":
            assert got[name] == ("ok", [2.0, 2.0])
        else:
            assert got[name] == ("TypeError", f"'{kind.get(name, 'str')}' object cannot be interpreted as an integer")


def test_engine_flags_match_pytorch():
    torch = pytest.importorskip("torch")
    assert _flag_errors(ember) == _flag_errors(torch)


# ----------------------------------------------------------------- ctx.save_for_forward outside forward-mode AD
def _save_for_forward_function(torch):
    class Sq(torch.autograd.Function):
        @staticmethod
        def forward(x):
            return x ** 2

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, = inputs
            ctx.save_for_backward(x)
            ctx.save_for_forward(x)

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return 2 * x * g

        @staticmethod
        def jvp(ctx, t):
            x, = ctx.saved_tensors
            return 2 * x * t

    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_forward(a, 3)
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g

    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    Sq.apply(x).sum().backward()
    out = [x.grad.tolist(), [t.tolist() for t in torch.func.jvp(Sq.apply, (x.detach(),), (torch.ones(3),))]]
    try:
        Bad.apply(x)
    except AssertionError as e:
        out.append(str(e))
    return out


def test_save_for_forward_exists_outside_forward_ad():
    # PyTorch's FunctionCtx always has it; ember added it only while forward-mode AD was active
    assert _save_for_forward_function(ember) == [
        [2.0, 4.0, 6.0], [[1.0, 4.0, 9.0], [2.0, 4.0, 6.0]],
        "save_for_forward expects all arguments to be tensors; you should save non-tensors as attributes on ctx."]


def test_save_for_forward_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _save_for_forward_function(ember) == _save_for_forward_function(torch)


def _view_made_in_forward(torch):
    class ViewOut(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a.view(2, 1)

        @staticmethod
        def backward(ctx, g):
            return g.view(2) * 3

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    v = ViewOut.apply(x)
    out = [v._base is x, v.requires_grad, type(v.grad_fn).__name__]
    try:
        v.mul_(2)
    except RuntimeError as e:
        out.append(str(e)[:60])
    v.sum().backward()
    return out + [x.grad.tolist()]


def test_view_made_inside_a_custom_forward_is_a_view_of_the_input():
    assert _view_made_in_forward(ember) == [
        True, True, "ViewOutBackward", "Output 0 of ViewOut is a view and is being modified inplace.", [3.0, 3.0]]


def test_view_made_inside_a_custom_forward_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _view_made_in_forward(ember) == _view_made_in_forward(torch)


def test_backward_hook_node_is_shown_as_pytorchs_custom_function_node():
    m = ember.nn.Linear(2, 2)
    m.register_full_backward_hook(lambda *a: None)
    fn = m(ember.ones(1, 2, requires_grad=True)).grad_fn
    assert repr(fn).startswith("<torch.autograd.function.BackwardHookFunctionBackward object at 0x")
    assert str(type(fn)) == "<class 'torch.autograd.function.BackwardHookFunctionBackward'>"


def test_copy_slices_runs_the_wrapped_nodes_complex_refusal():
    # the wrapped node's pre-hooks run inside CopySlices, so an unverified complex derivative still
    # refuses rather than giving a possibly wrong gradient (as the same op on the whole tensor does)
    c = ember.tensor([1 + 2j, 3 + 4j], requires_grad=True)
    for whole in (False, True):
        d = c.clone()
        (d if whole else d[1:]).sin_()
        with pytest.raises(NotImplementedError, match="cannot yet differentiate SinBackward0 with complex"):
            (d.abs() ** 2).sum().backward()
