"""Double backward through softmax, losses, layer norm, value-selecting reductions and indexing,
recorded as PyTorch records it.

Under ``create_graph=True`` PyTorch differentiates these ops with dedicated backward ops
(``_softmax_backward_data``, ``nll_loss_backward``, ``mse_loss_backward``,
``native_layer_norm_backward``, ``slice_backward`` ...) or with fixed composite formulas
(``value_selecting_reduction_backward``: ``zeros.scatter_``; ``evenly_distribute_backward``:
``zeros.masked_fill_``; ``binary_cross_entropy_with_logits_backward``: ``... .div_(numel)``), so the
first-order gradient carries ``SoftmaxBackwardDataBackward0``, ``NllLossBackwardBackward0``,
``ScatterBackward0`` ... and a ``next_functions`` structure that ember must reproduce.  A few
forward structures are checked too (``reshape`` of a non-contiguous tensor: ``UnsafeViewBackward0``
over ``CloneBackward0``; ``masked_fill`` and ``index_add``'s edges; ``.H``'s ``TransposeBackward0``).

Each row is checked for (a) the first-order gradient's ``grad_fn`` name, and its ``next_functions``
three levels deep against PyTorch, (b) second and third derivative values against PyTorch
(float64, including the derivative in the upstream gradient), and (c) float64 ``gradgradcheck``
(no PyTorch needed).
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.autograd import gradcheck, gradgradcheck

RNG = np.random.default_rng(11)
X34 = RNG.standard_normal((3, 4)) * 1.5  # no ties, no kinks near the loss thresholds below
T34 = X34 + np.array([[0.2, -1.9, 0.1, 2.4], [-0.15, 0.3, -2.2, 1.1], [0.05, 1.7, -0.35, -0.6]])
P34 = 1.0 / (1.0 + np.exp(-RNG.standard_normal((3, 4))))
W4 = np.array([0.7, 1.3, 0.4, 2.0])
X4D = RNG.standard_normal((2, 3, 2, 2))
T3D = np.array([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])


def _t(lib, a, rg=False):
    return lib.tensor(np.asarray(a), dtype=lib.float64, requires_grad=rg)


def _F(lib):
    return lib.nn.functional


def _ln_affine(lib, x, w, b):
    return _F(lib).layer_norm(x, (4,), w, b)


# name, fn(lib, *inputs), input arrays (all require grad), grad_fn name of the first input's gradient
CASES = [
    ("softmax", lambda lib, x: _F(lib).softmax(x, -1), [X34], "SoftmaxBackwardDataBackward0"),
    ("softmax_dim0", lambda lib, x: x.softmax(0), [X34], "SoftmaxBackwardDataBackward0"),
    ("log_softmax", lambda lib, x: _F(lib).log_softmax(x, -1), [X34], "LogSoftmaxBackwardDataBackward0"),
    ("log_softmax_dim0", lambda lib, x: x.log_softmax(0), [X34], "LogSoftmaxBackwardDataBackward0"),
    ("cross_entropy", lambda lib, x: _F(lib).cross_entropy(x, lib.tensor([0, 3, 1])), [X34],
     "LogSoftmaxBackwardDataBackward0"),
    ("cross_entropy_weight_sum",
     lambda lib, x: _F(lib).cross_entropy(x, lib.tensor([2, 3, 1]), weight=_t(lib, W4), reduction="sum"), [X34],
     "LogSoftmaxBackwardDataBackward0"),
    ("cross_entropy_none_ignore",
     lambda lib, x: _F(lib).cross_entropy(x, lib.tensor([2, -100, 1]), reduction="none"), [X34],
     "LogSoftmaxBackwardDataBackward0"),
    ("cross_entropy_label_smoothing",
     lambda lib, x: _F(lib).cross_entropy(x, lib.tensor([0, 3, 1]), label_smoothing=0.2), [X34],
     "LogSoftmaxBackwardDataBackward0"),
    ("cross_entropy_probs", lambda lib, x: _F(lib).cross_entropy(x, _t(lib, P34 / P34.sum(1, keepdims=True))), [X34],
     "LogSoftmaxBackwardDataBackward0"),
    ("nll_loss", lambda lib, x: _F(lib).nll_loss(x, lib.tensor([0, 3, 1])), [X34], "NllLossBackwardBackward0"),
    ("nll_loss_weight", lambda lib, x: _F(lib).nll_loss(x, lib.tensor([1, 3, 1]), weight=_t(lib, W4)), [X34],
     "NllLossBackwardBackward0"),
    ("nll_loss_none", lambda lib, x: _F(lib).nll_loss(x, lib.tensor([1, 0, 2]), reduction="none"), [X34],
     "NllLossBackwardBackward0"),
    ("nll_loss_1d", lambda lib, x: _F(lib).nll_loss(x[0], lib.tensor(2)), [X34], "SelectBackwardBackward0"),
    ("nll_loss2d", lambda lib, x: _F(lib).nll_loss(x, lib.tensor(T3D)), [X4D], "NllLoss2DBackwardBackward0"),
    ("nll_loss_5d", lambda lib, x: _F(lib).nll_loss(x.reshape(2, 3, 2, 1, 2), lib.tensor(T3D).reshape(2, 2, 1, 2)),
     [X4D], "ViewBackward0"),
    ("nll_loss_sq", lambda lib, x: _F(lib).nll_loss(x * x, lib.tensor([0, 3, 1])), [X34], "AddBackward0"),
    ("kl_div", lambda lib, x: _F(lib).kl_div(x.log_softmax(-1), _t(lib, P34), reduction="batchmean"), [X34],
     "LogSoftmaxBackwardDataBackward0"),
    ("kl_div_log_target", lambda lib, x: _F(lib).kl_div(x, _t(lib, T34 * 0.3), reduction="sum", log_target=True),
     [X34], "NegBackward0"),
    ("mse_loss", lambda lib, x: _F(lib).mse_loss(x, _t(lib, T34)), [X34], "MseLossBackwardBackward0"),
    ("mse_loss_sum_target", lambda lib, x, t: _F(lib).mse_loss(x, t, reduction="sum"), [X34, T34],
     "MseLossBackwardBackward0"),
    ("mse_loss_none", lambda lib, x, t: _F(lib).mse_loss(x, t, reduction="none"), [X34, T34],
     "MseLossBackwardBackward0"),
    ("smooth_l1_loss", lambda lib, x, t: _F(lib).smooth_l1_loss(x, t, beta=0.5), [X34, T34],
     "SmoothL1LossBackwardBackward0"),
    ("smooth_l1_loss_none", lambda lib, x: _F(lib).smooth_l1_loss(x, _t(lib, T34), reduction="none", beta=0.5),
     [X34], "SmoothL1LossBackwardBackward0"),
    ("huber_loss", lambda lib, x, t: _F(lib).huber_loss(x, t, delta=0.7), [X34, T34], "HuberLossBackwardBackward0"),
    ("huber_loss_none", lambda lib, x, t: _F(lib).huber_loss(x, t, reduction="none", delta=0.7), [X34, T34],
     "HuberLossBackwardBackward0"),
    ("l1_loss", lambda lib, x: _F(lib).l1_loss(x, _t(lib, T34)), [X34], "MulBackward0"),
    ("bce_with_logits", lambda lib, x: _F(lib).binary_cross_entropy_with_logits(x, _t(lib, P34)), [X34],
     "DivBackward1"),
    ("bce_with_logits_sum", lambda lib, x: _F(lib).binary_cross_entropy_with_logits(x, _t(lib, P34), reduction="sum"),
     [X34], "MulBackward0"),
    ("bce_with_logits_weight_target",
     lambda lib, x, t: _F(lib).binary_cross_entropy_with_logits(x, t, weight=_t(lib, W4)), [X34, P34],
     "DivBackward1"),
    ("bce_with_logits_pos_weight_target",
     lambda lib, x, t: _F(lib).binary_cross_entropy_with_logits(x, t, pos_weight=_t(lib, W4)), [X34, P34],
     "DivBackward1"),
    ("bce", lambda lib, x: _F(lib).binary_cross_entropy(x.sigmoid(), _t(lib, P34)), [X34],
     "SigmoidBackwardBackward0"),
    ("bce_weight_sum_target",
     lambda lib, x, t: _F(lib).binary_cross_entropy(x.sigmoid(), t, weight=_t(lib, W4), reduction="sum"),
     [X34, P34], "SigmoidBackwardBackward0"),
    ("bce_none_target", lambda lib, x, t: _F(lib).binary_cross_entropy(x, t, reduction="none"), [P34, P34[::-1].copy()],
     "BinaryCrossEntropyBackwardBackward0"),
    ("layer_norm", lambda lib, x: _F(lib).layer_norm(x, (4,)), [X34], "NativeLayerNormBackwardBackward0"),
    ("layer_norm_affine", lambda lib, x, w, b: _ln_affine(lib, x, w, b), [X34, W4, W4[::-1] - 1.0],
     "NativeLayerNormBackwardBackward0"),
    ("layer_norm_affine_wrt_w", lambda lib, w, x, b: _ln_affine(lib, x, w, b), [W4, X34, W4[::-1] - 1.0],
     "NativeLayerNormBackwardBackward0"),
    ("layer_norm_2d", lambda lib, x, w: _F(lib).layer_norm(x, (3, 2, 2), w), [X4D, X4D[0] * 0.5 + 1.0],
     "NativeLayerNormBackwardBackward0"),
    ("max_dim", lambda lib, x: x.max(1)[0], [X34], "ScatterBackward0"),
    ("min_dim_keepdim", lambda lib, x: x.min(0, keepdim=True)[0], [X34], "ScatterBackward0"),
    ("sort", lambda lib, x: x.sort(1, descending=True)[0], [X34], "ScatterBackward0"),
    ("topk", lambda lib, x: x.topk(2, 1)[0], [X34], "ScatterBackward0"),
    ("kthvalue", lambda lib, x: x.kthvalue(2, 0)[0], [X34], "ScatterBackward0"),
    ("median_dim", lambda lib, x: x.median(1)[0], [X34], "ScatterBackward0"),
    ("mode", lambda lib, x: x.mode(1)[0], [X34], "ScatterBackward0"),
    ("cummax", lambda lib, x: x.cummax(1)[0], [X34], "ScatterAddBackward0"),
    ("cummin", lambda lib, x: x.cummin(0)[0], [X34], "ScatterAddBackward0"),
    ("nanmedian_dim", lambda lib, x: x.nanmedian(1)[0], [X34], "ScatterBackward0"),
    ("max_all", lambda lib, x: x.max(), [X34], "MaskedFillBackward1"),
    ("median_all", lambda lib, x: x.median(), [X34], "MaskedFillBackward1"),
    ("slice", lambda lib, x: x[:2], [X34], "SliceBackwardBackward0"),
    ("slice_full", lambda lib, x: x[:], [X34], "SliceBackwardBackward0"),
    ("slice_step", lambda lib, x: x[:, 1::2], [X34], "SliceBackwardBackward0"),
    ("select", lambda lib, x: x[1], [X34], "SelectBackwardBackward0"),
    ("select_neg", lambda lib, x: x[:, -1], [X34], "SelectBackwardBackward0"),
    ("select_method", lambda lib, x: x.select(1, 2), [X34], "SelectBackwardBackward0"),
    ("narrow", lambda lib, x: x.narrow(1, 1, 2), [X34], "SliceBackwardBackward0"),
    ("narrow_full", lambda lib, x: x.narrow(0, 0, 3), [X34], "SliceBackwardBackward0"),
    ("select_then_slice", lambda lib, x: x[1, 1:], [X34], "SelectBackwardBackward0"),
    ("ellipsis_none", lambda lib, x: x[..., None, 2], [X34], "SqueezeBackward1"),
    ("none_slice", lambda lib, x: x[None, 1:3], [X34], "SqueezeBackward1"),
    ("select_none", lambda lib, x: x[1, None], [X34], "SelectBackwardBackward0"),
    ("advanced_index", lambda lib, x: x[lib.tensor([2, 0, 2])], [X34], "IndexPutImplBackward0"),
    ("t_reshape", lambda lib, x: x.t().reshape(12), [X34], "TBackward0"),
    ("t_flatten", lambda lib, x: x.t().flatten(), [X34], "TBackward0"),
    ("masked_fill", lambda lib, x: x.masked_fill(x > 0.3, 1.5), [X34], "MaskedFillBackward0"),
    ("masked_fill_tensor", lambda lib, x, v: x.masked_fill(x > 0.3, v), [X34, 0.25], "MaskedFillBackward0"),
    ("index_add", lambda lib, x, s: x.index_add(0, lib.tensor([2, 0]), s, alpha=1.5), [X34, T34[:2]],
     "IndexAddBackward0"),
    ("einsum_mm_t", lambda lib, x, t: lib.einsum("ij,kj->ik", x, t), [X34, T34], "SqueezeBackward1"),
    ("einsum_swap", lambda lib, x, t: lib.einsum("ki,kj->ji", x, t), [X34, T34], "SqueezeBackward1"),
    ("einsum_sum", lambda lib, x: lib.einsum("ij->i", x), [X34], "PermuteBackward0"),
    ("einsum_diag", lambda lib, x: lib.einsum("ii->i", x[:, :3]), [X34], "SliceBackwardBackward0"),
    ("einsum_outer", lambda lib, x, t: lib.einsum("i,j->ij", x[0], t[1]), [X34, T34], "SelectBackwardBackward0"),
    ("einsum_three", lambda lib, x, t, w: lib.einsum("ij,kj,j->ik", x, t, w), [X34, T34, W4], "SqueezeBackward1"),
    ("einsum_batch", lambda lib, x: lib.einsum("bij,bkj->bik", x, x), [X4D[:, :, 0]], "AddBackward0"),
    ("H", lambda lib, x: x.H, [X34], "TransposeBackward0"),
    ("mT", lambda lib, x: x.mT, [X34], "TransposeBackward0"),
    ("mH", lambda lib, x: x.mH, [X34], "TransposeBackward0"),
]
IDS = [c[0] for c in CASES]
# a basic index of several steps: PyTorch records one view node per step (``SliceBackward0`` over
# ``SelectBackward0``), ember one node for the whole index; only the gradients' graphs are compared
MULTI_STEP_INDEX = {"select_then_slice", "ellipsis_none", "none_slice", "select_none"}


def _inputs(lib, arrays):
    return [_t(lib, a, rg=True) for a in arrays]


def _grads(lib, fn, arrays, square: bool):
    """First (with an upstream gradient ``v`` that requires grad), second and third derivatives."""
    xs = _inputs(lib, arrays)
    y = fn(lib, *xs)
    if square:
        y = y * y
    v = lib.linspace(-1.5, 2.0, y.numel(), dtype=y.dtype).reshape(y.shape).requires_grad_()
    gs = lib.autograd.grad(y, xs, grad_outputs=v, create_graph=True, allow_unused=True)
    out = {"g%d" % i: g for i, g in enumerate(gs)}
    live = [g for g in gs if g is not None]
    total = sum((g * g * lib.linspace(0.5, 1.5, g.numel(), dtype=g.dtype).reshape(g.shape)).sum() for g in live)
    if not total.requires_grad:
        return out
    second = lib.autograd.grad(total, xs + [v], create_graph=True, allow_unused=True)
    out.update({"h%d" % i: s for i, s in enumerate(second)})
    live2 = [s for s in second[:-1] if s is not None and s.requires_grad]
    if live2:
        third = lib.autograd.grad(sum((s * s).sum() for s in live2), xs, allow_unused=True)
        out.update({"k%d" % i: s for i, s in enumerate(third)})
    return out


def _next_names(fn, depth):
    if fn is None:
        return None
    if depth == 0:
        return type(fn).__name__
    return type(fn).__name__, [(_next_names(f, depth - 1), nr) for f, nr in fn.next_functions]


def _structures(lib, fn, arrays, forward=True):
    xs = _inputs(lib, arrays)
    y = fn(lib, *xs)
    forward = _next_names(y.grad_fn, 3) if forward else None
    v = lib.ones_like(y)
    gs = lib.autograd.grad(y, xs, grad_outputs=v, create_graph=True, allow_unused=True)
    plain = [_next_names(None if g is None else g.grad_fn, 4) for g in gs]
    v = lib.linspace(-1.0, 1.0, y.numel(), dtype=y.dtype).reshape(y.shape).requires_grad_()
    gs = lib.autograd.grad(y, xs, grad_outputs=v, create_graph=True, allow_unused=True)
    with_v = [_next_names(None if g is None else g.grad_fn, 4) for g in gs]
    ys = y * y
    gs = lib.autograd.grad(ys.sum(), xs, create_graph=True, allow_unused=True)
    squared = [_next_names(None if g is None else g.grad_fn, 4) for g in gs]
    return forward, plain, with_v, squared


def _first_name(fn, arrays):
    xs = _inputs(ember, arrays)
    y = fn(ember, *xs)
    v = ember.linspace(-1.0, 1.0, y.numel(), dtype=y.dtype).reshape(y.shape).requires_grad_()
    (g,) = ember.autograd.grad(y, xs[0], grad_outputs=v, create_graph=True)
    return None if g.grad_fn is None else type(g.grad_fn).__name__


@pytest.mark.parametrize("name,fn,arrays,expected", CASES, ids=IDS)
def test_first_order_grad_fn_name(name, fn, arrays, expected):
    if name in ("t_reshape", "t_flatten", "masked_fill", "masked_fill_tensor", "index_add", "H", "mT", "mH"):
        xs = _inputs(ember, arrays)
        nxt = fn(ember, *xs).grad_fn
        names = {"t_reshape": ("UnsafeViewBackward0", "CloneBackward0"), "t_flatten": ("UnsafeViewBackward0",
                                                                                         "CloneBackward0")}
        if name in names:
            assert type(nxt).__name__ == names[name][0]
            assert type(nxt.next_functions[0][0]).__name__ == names[name][1]
        elif name in ("masked_fill", "masked_fill_tensor"):
            assert len(nxt.next_functions) == (1 if name == "masked_fill" else 2)
        elif name == "index_add":
            assert len(nxt.next_functions) == 2
        else:
            assert type(nxt).__name__ == "TransposeBackward0"
        return
    assert _first_name(fn, arrays) == expected


@pytest.mark.parametrize("name,fn,arrays,expected", CASES, ids=IDS)
def test_graph_structure_matches_torch(name, fn, arrays, expected):
    torch = pytest.importorskip("torch")
    forward = name not in MULTI_STEP_INDEX
    assert _structures(ember, fn, arrays, forward) == _structures(torch, fn, arrays, forward)


@pytest.mark.parametrize("name,fn,arrays,expected", CASES, ids=IDS)
@pytest.mark.parametrize("square", [False, True], ids=["plain", "squared"])
def test_second_and_third_order_values_match_torch(name, fn, arrays, expected, square):
    torch = pytest.importorskip("torch")
    mine = _grads(ember, fn, arrays, square)
    theirs = _grads(torch, fn, arrays, square)
    assert mine.keys() == theirs.keys()
    for k in theirs:
        a, b = mine[k], theirs[k]
        assert (a is None) == (b is None), k
        if b is not None:
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(force=True), rtol=1e-10, atol=1e-12,
                                       err_msg=k)
            assert a.requires_grad == b.requires_grad, k


@pytest.mark.parametrize("name,fn,arrays,expected", CASES, ids=IDS)
def test_gradcheck_and_gradgradcheck_float64(name, fn, arrays, expected):
    xs = _inputs(ember, arrays)
    f = lambda *a: fn(ember, *a)  # noqa: E731
    assert gradcheck(f, xs)
    y = f(*xs)
    v = ember.tensor(np.linspace(-1.3, 1.7, y.numel()).reshape(tuple(y.shape)), requires_grad=True)
    assert gradgradcheck(f, xs, (v,))
    sq = lambda *a: fn(ember, *a) ** 2  # noqa: E731
    assert gradgradcheck(sq, xs, (v,))


def test_float32_first_order_values_unchanged_by_create_graph():
    """The recorded backward ops compute the same first-order values as plain backward."""
    cases = [("softmax", lambda x: x.softmax(-1)), ("log_softmax", lambda x: x.log_softmax(-1)),
             ("mse", lambda x: ember.nn.functional.mse_loss(x, ember.tensor(T34, dtype=ember.float32))),
             ("huber", lambda x: ember.nn.functional.huber_loss(x, ember.tensor(T34, dtype=ember.float32), delta=.7)),
             ("smooth_l1", lambda x: ember.nn.functional.smooth_l1_loss(x, ember.tensor(T34, dtype=ember.float32))),
             ("nll", lambda x: ember.nn.functional.cross_entropy(x, ember.tensor([0, 3, 1]))),
             ("layer_norm", lambda x: ember.nn.functional.layer_norm(x, (4,))),
             ("sort", lambda x: x.sort(1)[0]), ("slice", lambda x: x[1, 1:3])]
    for name, f in cases:
        x = ember.tensor(X34, dtype=ember.float32, requires_grad=True)
        y = f(x)
        v = ember.linspace(-1.0, 1.0, y.numel()).reshape(y.shape)
        (plain,) = ember.autograd.grad(f(x), x, grad_outputs=v)
        (graph,) = ember.autograd.grad(f(x), x, grad_outputs=v, create_graph=True)
        assert graph.dtype == ember.float32, name
        assert np.array_equal(plain.numpy(), graph.detach().numpy()), name


def test_layer_norm_weight_and_bias_grads_come_from_one_node():
    x = ember.tensor(X34, requires_grad=True)
    w = ember.tensor(W4, requires_grad=True)
    b = ember.tensor(W4 * 0.5, requires_grad=True)
    y = ember.nn.functional.layer_norm(x, (4,), w, b)
    gx, gw, gb = ember.autograd.grad((y * y).sum(), (x, w, b), create_graph=True)
    assert gx.grad_fn is gw.grad_fn is gb.grad_fn
    assert (gx.grad_fn.__class__.__name__, gx.shape, gw.shape, gb.shape) == (
        "NativeLayerNormBackwardBackward0", (3, 4), (4,), (4,))
    assert [n for n, _ in gx.grad_fn.next_functions][2:4] == [None, None]  # mean, rstd


def test_reshape_copy_backward_still_flows():
    x = ember.tensor(X34, requires_grad=True)
    y = x.t().reshape(12)
    (y * ember.arange(12.0, dtype=ember.float64)).sum().backward()
    assert np.array_equal(x.grad.numpy(), np.arange(12.0).reshape(4, 3).T)


def test_layer_norm_bias_without_weight_double_backward_raises_like_torch():
    """PyTorch's ``layer_norm_double_backward`` adds the (undefined) expanded bias gradient when there is
    no weight; ember raises the same error rather than a different result."""
    x = ember.tensor(X34, requires_grad=True)
    b = ember.tensor(W4, requires_grad=True)
    y = ember.nn.functional.layer_norm(x, (4,), None, b)
    gx, gb = ember.autograd.grad((y ** 3).sum(), (x, b), create_graph=True)
    ember.autograd.grad((gx * gx).sum(), (x, b), retain_graph=True)  # the bias gradient unused: fine
    with pytest.raises(RuntimeError, match="^Expected a proper Tensor but got None"):
        ember.autograd.grad((gx * gx).sum() + (gb * gb).sum(), (x, b))


@pytest.mark.parametrize("eq,shapes", [
    ("ij->ii", [(2, 3)]), ("ij,jk->ik", [(2, 3), (2, 3)]), ("i1->i", [(2, 2)]), ("i.j->i", [(2, 2)]),
    ("ij->i1", [(2, 2)]), ("i,j", [(2,)]), ("i", [(2,), (2,)]), ("......i->i", [(2,)]), ("i->..", [(2,)]),
    ("ii->i", [(2, 3)]), ("...i,...i->...", [(2, 3), (4, 3)]), ("ij", []),
])
def test_einsum_errors_match_torch(eq, shapes):
    torch = pytest.importorskip("torch")
    out = []
    for lib in (torch, ember):
        with pytest.raises((RuntimeError, ValueError)) as info:
            lib.einsum(eq, *[lib.ones(*s) for s in shapes])
        out.append((info.type, str(info.value)))
    assert out[0] == out[1]
