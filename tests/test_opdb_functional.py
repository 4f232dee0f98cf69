"""torch.nn.functional differences found by sweeping PyTorch's OpInfo database (op_db) against ember.

Each fix has golden values (recorded from PyTorch 2.13) that run without torch, and, where torch is
installed, a direct comparison with it.
"""
import warnings

import numpy as np
import pytest

import ember
import ember.nn as enn
import ember.nn.functional as EF


def _raises(fn, exc, msg):
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == msg


def _torch():
    return pytest.importorskip("torch")


# ------------------------------------------------------------------ multilabel_margin_loss
ML_X = [[0.1, 0.2, 0.4, 0.8], [0.5, -0.3, 0.9, 0.0]]
ML_T = [[3, 3, 0, -1], [1, 1, 1, 2]]   # repeated target labels count once per listing


def test_multilabel_margin_repeated_targets_golden():
    x = ember.tensor(ML_X, dtype=ember.float64, requires_grad=True)
    t = ember.tensor(ML_T)
    assert np.allclose(EF.multilabel_margin_loss(x, t, reduction="none").tolist(), [1.1, 2.5])
    assert np.isclose(EF.multilabel_margin_loss(x, t, reduction="sum").item(), 3.6)
    y = EF.multilabel_margin_loss(x, t)
    assert np.isclose(y.item(), 1.8)
    y.backward()
    assert np.allclose(x.grad.tolist(), [[-0.25, 0.375, 0.375, -0.5], [0.5, -0.75, -0.25, 0.5]])


def test_multilabel_margin_repeated_targets_vs_torch():
    torch = _torch()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 5))
    t = rng.integers(-1, 5, (6, 5))
    tx = torch.tensor(x, requires_grad=True)
    ex = ember.tensor(x, requires_grad=True)
    ty = torch.nn.functional.multilabel_margin_loss(tx, torch.tensor(t), reduction="sum")
    ey = EF.multilabel_margin_loss(ex, ember.tensor(t), reduction="sum")
    ty.backward()
    ey.backward()
    assert np.allclose(ty.item(), ey.item())
    assert np.allclose(tx.grad.numpy(), ex.grad.numpy())


def test_margin_losses_need_long_targets():
    x = ember.zeros(2, 3)
    _raises(lambda: EF.multi_margin_loss(x, ember.tensor([0.0, 1.0])), RuntimeError,
            "expected scalar type Long but found Float")
    _raises(lambda: EF.multilabel_margin_loss(x, ember.zeros(2, 3, dtype=ember.int32)), RuntimeError,
            "expected scalar type Long but found Int")


# ------------------------------------------------------------------ small argument checks
def test_triplet_margin_loss_margin_must_be_positive():
    a = ember.zeros(2, 3)
    _raises(lambda: EF.triplet_margin_loss(a, a, a, margin=-1.0), ValueError, "margin must be greater than 0, got -1.0")
    _raises(lambda: enn.TripletMarginLoss(margin=0), ValueError,
            "TripletMarginLoss: expected margin to be greater than 0, got 0 instead")


def test_adaptive_max_pool2d_list_output_size():
    _raises(lambda: EF.adaptive_max_pool2d(ember.zeros(2, 2), (2, 2)), ValueError,
            "Input dimension should be at least 3")
    out, idx = EF.adaptive_max_pool2d(ember.arange(20.0).reshape(1, 4, 5), (None, 2), return_indices=True)
    assert tuple(out.shape) == (1, 4, 2)
    assert out[0, 0].tolist() == [2.0, 4.0]


def test_embedding_weight_must_be_2d():
    idx = ember.tensor([[0, 0], [0, 0]])
    _raises(lambda: EF.embedding(idx, ember.tensor(1.0)), RuntimeError, "'weight' must be 2-D")
    _raises(lambda: EF.embedding(idx, ember.ones(1, 1, 1)), RuntimeError, "'weight' must be 2-D")
    _raises(lambda: EF.embedding(ember.tensor([0]), ember.ones(3), max_norm=1.0), RuntimeError,
            "Expected 2-dimensional tensor, but got 1-dimensional tensor for argument #1 'self' (while checking "
            "arguments for embedding_renorm_)")


def test_embedding_renorm_half_rounds_the_norm():
    w = ember.tensor([[3.0, 4.1, -2.2], [0.3, 0.2, 0.1], [7.7, -1.3, 2.9]], dtype=ember.float16)
    EF.embedding(ember.tensor([0, 2]), w, max_norm=1.0)
    expect = [[0.5419921875, 0.7412109375, -0.397216796875], [0.300048828125, 0.199951171875, 0.0999755859375],
              [0.92431640625, -0.156005859375, 0.34814453125]]
    assert w.tolist() == expect


# ------------------------------------------------------------------ embedding_bag
def test_embedding_bag_2d_per_sample_weights_grad():
    w = ember.arange(12.0, dtype=ember.float64).reshape(4, 3).requires_grad_()
    psw = ember.tensor([[0.5, 2.0], [1.0, -1.5]], dtype=ember.float64, requires_grad=True)
    y = EF.embedding_bag(ember.tensor([[0, 2], [3, 3]]), w, mode="sum", per_sample_weights=psw)
    assert y.tolist() == [[12.0, 14.5, 17.0], [-4.5, -5.0, -5.5]]
    y.sum().backward()
    assert psw.grad.tolist() == [[3.0, 21.0], [30.0, 30.0]]
    assert w.grad.tolist() == [[0.5] * 3, [0.0] * 3, [2.0] * 3, [-0.5] * 3]


def test_embedding_bag_half_accumulates_in_float():
    w = ember.tensor([[1.001, 2.5], [3.3, -0.7], [5.55, 0.1]], dtype=ember.float16)
    psw = ember.tensor([1.7, -2.3, 0.9, 3.1], dtype=ember.float16)
    y = EF.embedding_bag(ember.tensor([0, 1, 2, 1]), w, ember.tensor([0]), mode="sum", per_sample_weights=psw)
    assert y.tolist() == [[9.3359375, 3.78125]]


# ------------------------------------------------------------------ conv padding='same'
SAME_ERRORS = [
    ("conv2d", (1, 1, 4, 3), (1, 2, 2), {},
     "Expected 3-dimensional input for 3-dimensional weight[1, 2, 2], but got 4-dimensional input of size "
     "[1, 1, 4, 3] instead"),
    ("conv3d", (1, 1, 3, 4, 5), (1, 1, 4, 3), {},
     "Expected 4-dimensional input for 4-dimensional weight[1, 1, 4, 3], but got 5-dimensional input of size "
     "[1, 1, 3, 4, 5] instead"),
    ("conv2d", (1, 1, 4, 3), (1, 1, 2, 2), {"stride": (1, 1, 1)}, "stride cannot broadcast to 2 dimensions"),
    ("conv2d", (1, 1, 4, 3), (1, 1, 2, 2), {"dilation": (1, 1, 1)}, "dilation cannot broadcast to 2 dimensions"),
    ("conv2d", (1, 1, 4, 3), (1, 1, 2, 2), {"stride": 2}, "padding='same' is not supported for strided convolutions"),
    ("conv2d", (1, 1, 4, 3), (1, 1, 2, 2), {"groups": 0}, "non-positive groups is not supported"),
]


@pytest.mark.parametrize("fname,xs,ws,kw,msg", SAME_ERRORS)
def test_conv_same_errors(fname, xs, ws, kw, msg):
    fn = getattr(EF, fname)
    _raises(lambda: fn(ember.ones(*xs), ember.ones(*ws), padding="same", **kw), RuntimeError, msg)


@pytest.mark.parametrize("fname,xs,ws,kw,msg", SAME_ERRORS)
def test_conv_same_errors_vs_torch(fname, xs, ws, kw, msg):
    torch = _torch()
    with pytest.raises(RuntimeError) as info:
        getattr(torch.nn.functional, fname)(torch.ones(xs), torch.ones(ws), padding="same", **kw)
    assert str(info.value) == msg


def test_conv_same_asymmetric_pads_input_first():
    x = ember.arange(30.0).reshape(1, 1, 5, 6).requires_grad_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = EF.conv2d(x, ember.ones(1, 1, 2, 3), padding="same")
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "ConstantPadNdBackward0"
    assert y.tolist()[0][0][0] == [14.0, 24.0, 30.0, 36.0, 42.0, 30.0]
    assert y.tolist()[0][0][4] == [49.0, 75.0, 78.0, 81.0, 84.0, 57.0]
    y.sum().backward()
    assert x.grad.tolist()[0][0][0] == [2.0, 3.0, 3.0, 3.0, 3.0, 2.0]
    assert x.grad.tolist()[0][0][1] == [4.0, 6.0, 6.0, 6.0, 6.0, 4.0]
    _raises(lambda: EF.conv2d(ember.ones(1, 2, 4, 3), ember.ones(1, 1, 2, 2), padding="same"), RuntimeError,
            "Given groups=1, weight of size [1, 1, 2, 2], expected input[1, 2, 5, 4] to have 1 channels, but got 2 "
            "channels instead")


def test_conv_same_vs_torch():
    torch = _torch()
    rng = np.random.default_rng(1)
    for ks, dil in (((2, 3), 1), ((3, 3), 2), ((2, 5), (3, 1)), ((4, 4), 1)):
        x = rng.standard_normal((1, 2, 5, 6))
        w = rng.standard_normal((3, 2) + ks)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(w), padding="same", dilation=dil)
            e = EF.conv2d(ember.tensor(x), ember.tensor(w), padding="same", dilation=dil)
        assert np.allclose(t.numpy(), e.numpy())


# ------------------------------------------------------------------ grid_sampler_2d / _3d
GRID_GOLDEN = {(0, 0): [6.0, 1.365], (0, 1): [6.0, 2.1], (1, 0): [4.0, 2.0], (2, 0): [7.4420013, 0.99623895],
               (2, 1): [6.2871094, 1.6991266], (2, 2): [6.2871094, 1.4602512]}


def test_grid_sampler_2d_golden():
    x = ember.arange(12.0).reshape(1, 1, 3, 4)
    g = ember.tensor([[[[-0.5, 0.25], [0.3, -0.9]]]])
    for (m, p), want in GRID_GOLDEN.items():
        assert np.allclose(ember.grid_sampler_2d(x, g, m, p, False).flatten().tolist(), want, atol=1e-6)
    _raises(lambda: ember.grid_sampler_2d(x, g, True, 0, False), TypeError,
            "grid_sampler_2d(): argument 'interpolation_mode' (position 3) must be int, not bool")
    _raises(lambda: ember.grid_sampler_2d(x, g, 0, 0, 1), TypeError,
            "grid_sampler_2d(): argument 'align_corners' (position 5) must be bool, not int")
    _raises(lambda: ember.grid_sampler_3d(x, g, 0, 0, False), RuntimeError,
            "grid_sampler(): expected 5D input and grid with same number of dimensions, but got input with sizes "
            "[1, 1, 3, 4] and grid with sizes [1, 1, 2, 2]")


def test_grid_sampler_3d_grad_fn_and_vs_torch():
    x = ember.randn(1, 1, 2, 3, 4, requires_grad=True)
    g = ember.rand(1, 2, 2, 2, 3) * 2 - 1
    y = ember.grid_sampler_3d(x, g, 0, 1, True)
    assert type(y.grad_fn).__name__ == "GridSampler3DBackward0"
    _raises(lambda: ember.grid_sampler_3d(x, g, 2, 1, True), RuntimeError,
            "grid_sampler(): bicubic interpolation only supports 4D input")
    torch = _torch()
    t = torch.grid_sampler_3d(torch.tensor(x.detach().numpy()), torch.tensor(g.numpy()), 0, 1, True)
    assert np.allclose(t.numpy(), y.detach().numpy(), atol=1e-6)


# ------------------------------------------------------------------ linear_cross_entropy
LCE_X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]
LCE_W = [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6], [0.7, -0.8, 0.9], [0.0, 0.1, -0.2]]
LCE_GX = [[-0.06932445, 0.09283946, -0.04585328], [0.06664670, -0.17729597, 0.05641013]]


def _lce_inputs():
    return ember.tensor(LCE_X, requires_grad=True), ember.tensor(LCE_W, requires_grad=True), ember.tensor([2, 0])


@pytest.mark.parametrize("options", [None, enn.LinearCrossEntropyOptions()])
def test_linear_cross_entropy_golden(options):
    x, w, t = _lce_inputs()
    y = EF.linear_cross_entropy(x, w, t, options=options)
    name = "NllLossBackward0" if options is None else \
        "GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_defaultBackward"
    assert type(y.grad_fn).__name__ == name
    assert np.isclose(y.item(), 0.776191771030426, atol=1e-6)
    y.backward()
    assert np.allclose(x.grad.tolist(), LCE_GX, atol=1e-6)


def test_linear_cross_entropy_chunked_backward_twice():
    x, w, t = _lce_inputs()
    y = EF.linear_cross_entropy(x, w, t, options=enn.LinearCrossEntropyOptions())
    y.backward(retain_graph=True)
    _raises(y.backward, RuntimeError,
            "linear_cross_entropy chunked backward called twice; retain_graph=True / double backward are not "
            "supported.")
    y = EF.linear_cross_entropy(x, w, t, options=enn.LinearCrossEntropyOptions(allow_retain_graph=True))
    x.grad = None
    y.backward(retain_graph=True)
    y.backward()
    assert np.allclose(x.grad.tolist(), np.array(LCE_GX) * 2, atol=1e-6)
    y = EF.linear_cross_entropy(x[0], w, t[0], reduction="none", options=enn.LinearCrossEntropyOptions())
    assert type(y.grad_fn).__name__ == "SqueezeBackward1"
    inner = type(y.grad_fn.next_functions[0][0]).__name__
    assert inner == "GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_no_reduction_defaultBackward"


def test_linear_cross_entropy_errors_and_warning():
    x, w, t = _lce_inputs()
    _raises(lambda: EF.linear_cross_entropy(ember.zeros(2, 2, 3), w, t), RuntimeError,
            "expected input with dimensionality 1 or 2, got 3")
    _raises(lambda: EF.linear_cross_entropy(x, ember.zeros(4, 2), t), RuntimeError,
            "expected equal input and linear_weight last dimensions (in_features), got 3 and 2, respectively")
    _raises(lambda: EF.linear_cross_entropy(x, w, t, linear_bias=ember.zeros(3)), RuntimeError,
            "expected linear_bias shape (4,), got (3,)")
    _raises(lambda: EF.linear_cross_entropy(x[0], ember.zeros(4, 2, 3), t[0]), RuntimeError,
            "K-dimensional loss defined by linear_weight shape (4, 2, 3) requires batched input, (N, 3), got "
            "unbatched input with shape (3,)")
    _raises(lambda: EF.linear_cross_entropy(x, w, ember.zeros(2, 4), ignore_index=1), RuntimeError,
            "ignore_index cannot be specified when target contains probabilities")
    with pytest.warns(UserWarning, match="``options`` ignored; chunked path needs"):
        y = EF.linear_cross_entropy(x, w, t, label_smoothing=0.1, options=enn.LinearCrossEntropyOptions())
    assert type(y.grad_fn).__name__ == "AddBackward0"


def test_linear_cross_entropy_options():
    o = enn.LinearCrossEntropyOptions(batch_chunk_size=2)
    assert repr(o) == ("LinearCrossEntropyOptions(allow_retain_graph=False, batch_chunk_size=2, "
                       "chunking_method='auto', acc_policy='auto', acc_dtype=None)")
    _raises(lambda: enn.LinearCrossEntropyOptions(acc_policy="x"), ValueError, "invalid acc_policy: 'x'")
    _raises(lambda: enn.LinearCrossEntropyOptions(chunking_method="aspect_ratio:0"), ValueError,
            "invalid chunking_method: 'aspect_ratio:0'")
    _raises(lambda: enn.LinearCrossEntropyOptions(batch_chunk_size=0), ValueError,
            "batch_chunk_size must be positive int or None, got 0")
    x, w, t = _lce_inputs()
    clash = enn.LinearCrossEntropyOptions(batch_chunk_size=3, chunking_method="aspect_ratio")
    _raises(lambda: EF.linear_cross_entropy(ember.zeros(6, 3), w, ember.zeros(6, dtype=ember.int64),
                                            options=clash), ValueError,
            "batch_chunk_size (=3) and chunking_method ('aspect_ratio') give different chunk sizes (3 vs 4); pass "
            "only one.")


def test_linear_cross_entropy_loss_module():
    loss = enn.LinearCrossEntropyLoss(4, 5, out_features=(2, 3), bias=True, ignore_index=3, label_smoothing=0.1)
    assert repr(loss) == (
        "LinearCrossEntropyLoss(\n  in_features=4, num_classes=5, out_features=(2, 3), bias=True, reduction=mean, "
        "ignore_index=3, label_smoothing=0.1, options=None\n  (linear): Linear(in_features=4, out_features=30, "
        "bias=True)\n)")
    y = loss(ember.randn(2, 4), ember.randint(0, 5, (2, 2, 3)))
    assert y.shape == () and type(y.grad_fn).__name__ == "AddBackward0"
    _raises(lambda: enn.LinearCrossEntropyLoss(4, 5, weight=ember.ones(4)), RuntimeError,
            "expected weight shape to be (5,), got (4,)")
    _raises(lambda: enn.LinearCrossEntropyLoss(4, 5, label_smoothing=1.5), RuntimeError,
            "expected label_smoothing to be in range [0, 1], got 1.5")
    assert list(enn.LinearCrossEntropyLoss(4, 5, weight=ember.ones(5)).state_dict()) == ["weight", "linear.weight"]


def test_linear_cross_entropy_vs_torch():
    torch = _torch()
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((6, 4)), rng.standard_normal((5, 4)), rng.standard_normal(5)
    t = rng.integers(0, 5, 6)
    # (the reference path only: PyTorch's chunked custom op takes seconds to load on first use; the chunked
    # path is pinned by the golden tests above)
    for red in ("mean", "sum", "none"):
        tx, ex = torch.tensor(x, requires_grad=True), ember.tensor(x, requires_grad=True)
        ty = torch.nn.functional.linear_cross_entropy(tx, torch.tensor(w), torch.tensor(t),
                                                      linear_bias=torch.tensor(b), reduction=red)
        ey = EF.linear_cross_entropy(ex, ember.tensor(w), ember.tensor(t), linear_bias=ember.tensor(b),
                                     reduction=red)
        assert type(ty.grad_fn).__name__ == type(ey.grad_fn).__name__
        assert np.allclose(ty.detach().numpy(), ey.detach().numpy())
        ty.sum().backward()
        ey.sum().backward()
        assert np.allclose(tx.grad.numpy(), ex.grad.numpy())
    # the chunked path in ember equals the reference
    for red in ("mean", "none"):
        ex = ember.tensor(x, requires_grad=True)
        ey = EF.linear_cross_entropy(ex, ember.tensor(w), ember.tensor(t), reduction=red,
                                     options=enn.LinearCrossEntropyOptions())
        tx = torch.tensor(x, requires_grad=True)
        ty = torch.nn.functional.linear_cross_entropy(tx, torch.tensor(w), torch.tensor(t), reduction=red)
        assert np.allclose(ty.detach().numpy(), ey.detach().numpy())
        ty.sum().backward()
        ey.sum().backward()
        assert np.allclose(tx.grad.numpy(), ex.grad.numpy())


# ------------------------------------------------------------------ float16: PyTorch computes in float, rounds once
def _h(values, shape=None):
    t = ember.tensor(values).to(ember.float16)
    return t.reshape(shape) if shape is not None else t


def test_half_grouped_conv_bias_summed_in_float():
    x = (ember.arange(2 * 4 * 4 * 4).reshape(2, 4, 4, 4) % 7 - 3).to(ember.float16) * 0.37
    w = (ember.arange(4 * 3 * 3).reshape(4, 1, 3, 3) % 5 - 2).to(ember.float16) * 0.61
    b = _h([4.71, -0.53, 5.95, -3.16])
    y = EF.conv2d(x, w, b, groups=4)
    assert y.flatten()[:8].tolist() == [6.7421875, 9.453125, 1.7763671875, 1.3251953125, -3.013671875, -3.23828125,
                                        5.56640625, 2.1796875]


def test_half_glu_and_huber():
    a = ember.linspace(-3, 3, 8).to(ember.float16).reshape(2, 4) * 1.37
    assert EF.glu(a, -1).flatten().tolist() == [-0.6025390625, -1.048828125, 0.55712890625, 1.7333984375]
    x = _h([-8.4765625, -1.765625, -4.32421875, -2.400390625, -7.94921875])
    y = _h([3.611328125, -8.0703125, -0.57373046875, 3.12890625, -3.033203125])
    assert EF.huber_loss(x, y, reduction="none", delta=8.698115367693557).tolist() == \
        [67.3125, 19.875, 7.03125, 15.2890625, 12.0859375]


def test_half_adaptive_avg_pool3d_sums_in_half():
    p = (ember.arange(1 * 2 * 5 * 4 * 3).reshape(1, 2, 5, 4, 3) * 0.731 % 3.3).to(ember.float16)
    assert EF.adaptive_avg_pool3d(p, (3, 3, 2)).flatten()[:8].tolist() == \
        [1.72265625, 1.62890625, 1.853515625, 1.759765625, 1.9833984375, 1.4775390625, 1.9560546875, 1.5869140625]


def test_half_scaled_dot_product_attention():
    q = ((ember.arange(2 * 3 * 4) % 5) * 0.83 - 1.2).reshape(2, 3, 4).to(ember.float16)
    k = ((ember.arange(2 * 5 * 4) % 7) * 0.61 - 1.7).reshape(2, 5, 4).to(ember.float16)
    v = ((ember.arange(2 * 5 * 4) % 3) * 1.3 - 1.1).reshape(2, 5, 4).to(ember.float16)
    y = EF.scaled_dot_product_attention(q.requires_grad_(), k, v)   # math kernel: in float, then ``.to(half)``
    assert type(y.grad_fn).__name__ == "ToCopyBackward0"
    assert y.flatten()[:8].tolist() == [0.2099609375, 0.2548828125, 0.1353759765625, 0.2099609375, -0.28466796875,
                                        0.44677734375, 0.438232421875, -0.28466796875]
    y = EF.scaled_dot_product_attention(q.detach()[None], k[None], v[None], is_causal=True)   # the flash kernel
    assert y.flatten()[:8].tolist() == [-1.099609375, 0.199951171875, 1.5, -1.099609375, -0.369140625,
                                        0.9306640625, 0.038970947265625, -0.369140625]


def test_softmin_negates_before_the_cast():
    x = ember.tensor([[0, 1, 200], [3, 0, 255]], dtype=ember.uint8)   # -x wraps in uint8, as in PyTorch
    y = EF.softmin(x, 0, dtype=ember.float64)
    assert np.allclose(y.tolist(), [[1.3289e-110, 1.0, 1.0], [1.0, 1.7985e-111, 1.2996e-24]], rtol=1e-4)


def test_half_log_softmax_last_dim_keeps_the_sum_in_half():
    x = ((ember.arange(21) * 1.37) % 5.3 - 2.1).reshape(3, 7).to(ember.float16)
    assert EF.log_softmax(x, 1).flatten().tolist() == [
        -4.66015625, -3.291015625, -1.921875, -0.5517578125, -4.48046875, -3.111328125, -1.7421875, -0.99853515625,
        -4.9296875, -3.55859375, -2.1875, -0.81884765625, -4.74609375, -3.37890625, -2.427734375, -1.056640625,
        -4.98828125, -3.6171875, -2.24609375, -0.87646484375, -4.80859375]
    assert EF.log_softmax(x, 0).flatten()[:7].tolist() == [   # an inner dim: all in float
        -4.609375, -3.330078125, -0.4033203125, -0.403564453125, -4.609375, -3.330078125, -0.4033203125]


def test_half_log_softmax_vs_torch():
    torch = _torch()
    rng = np.random.default_rng(3)
    for shape, dim in (((5, 7), 1), ((5, 7), 0), ((3, 4, 5), 2), ((3, 4, 5), 1), ((2, 300), 1)):
        x = (rng.standard_normal(shape) * 4).astype(np.float16)
        t = torch.log_softmax(torch.tensor(x), dim).numpy()
        e = ember.log_softmax(ember.tensor(x), dim).numpy()
        assert np.array_equal(t, e)


def test_half_batch_norm_training_keeps_mean_and_invstd_in_half():
    x = ((ember.arange(60) * 0.77) % 6.1 - 2.3).reshape(4, 3, 5).to(ember.float16)
    w, b = _h([1.3, -0.7, 2.1]), _h([0.1, 0.5, -1.2])
    rm, rv = ember.zeros(3).to(ember.float16), ember.ones(3).to(ember.float16)
    y = EF.batch_norm(x, rm, rv, w, b, training=True, momentum=0.5, eps=0.01)
    assert y.flatten()[:10].tolist() == [-1.498046875, -0.98388671875, -0.469970703125, 0.043365478515625,
                                         0.556640625, 0.351806640625, 0.0255126953125, -0.300537109375, 1.95703125,
                                         1.630859375]
    assert rm.tolist() == [0.04742431640625, 0.60009765625, 0.08502197265625]
    assert rv.tolist() == [2.494140625, 1.9326171875, 1.525390625]


def test_half_bilinear_rounds_after_each_contraction():
    x1 = ((ember.arange(12) * 0.91) % 3.1 - 1.4).reshape(4, 3).to(ember.float16)
    x2 = ((ember.arange(16) * 1.13) % 2.7 - 1.1).reshape(4, 4).to(ember.float16)
    w = ((ember.arange(60) * 0.53) % 2.3 - 1.0).reshape(5, 3, 4).to(ember.float16)
    b = _h([0.3, -0.2, 0.11, 0.7, -1.3])
    assert EF.bilinear(x1, x2, w, b).flatten()[:10].tolist() == [
        -0.845703125, 1.8408203125, -2.02734375, -0.3037109375, -2.37890625, -0.5537109375, -0.3056640625,
        -0.0986328125, 1.7392578125, -2.0390625]


def test_half_bilinear_interpolate_in_float():
    x = ((ember.arange(40) * 1.37) % 5.3 - 2.1).reshape(1, 2, 4, 5).to(ember.float16)
    y = EF.interpolate(x, size=(7, 6), mode="bilinear", align_corners=False)
    assert y.flatten()[:10].tolist() == GOLD_BILINEAR_HALF
    assert EF.interpolate(x, size=(3, 2), mode="area").flatten()[:6].tolist() == GOLD_AREA_HALF


GOLD_BILINEAR_HALF = [-2.099609375, -1.072265625, 0.06927490234375, 1.2109375, 1.02734375, -1.919921875, -1.5458984375,
                      -0.51904296875, 0.62255859375, 0.9755859375]
GOLD_AREA_HALF = [0.045013427734375, 0.1348876953125, 0.71142578125, -0.081787109375, 0.4951171875, 0.5849609375]


def test_linear_cross_entropy_loss_pytorch_home():
    from ember.nn.modules.loss import LinearCrossEntropyLoss
    assert LinearCrossEntropyLoss is enn.LinearCrossEntropyLoss
    assert EF.GRID_SAMPLE_PADDING_MODES == {"zeros": 0, "border": 1, "reflection": 2}
    assert not hasattr(EF, "identity") and not hasattr(EF, "annotations")


def test_half_flash_attention_backward():
    q = ((ember.arange(24) % 5) * 0.83 - 1.2).reshape(1, 2, 3, 4).to(ember.float16).requires_grad_()
    k = ((ember.arange(24) % 7) * 0.61 - 1.7).reshape(1, 2, 3, 4).to(ember.float16)
    v = ((ember.arange(24) % 3) * 1.3 - 1.1).reshape(1, 2, 3, 4).to(ember.float16)
    y = EF.scaled_dot_product_attention(q, k, v)
    y.backward(((ember.arange(24) % 4) * 0.5 - 0.7).reshape(1, 2, 3, 4).to(ember.float16))
    assert q.grad.flatten()[:12].tolist() == [
        -0.027618408203125, -0.0276336669921875, -0.02764892578125, 0.04681396484375, -0.2283935546875,
        -0.228271484375, -0.228271484375, 0.251220703125, -0.10418701171875, -0.1041259765625, -0.10418701171875,
        0.1148681640625]
