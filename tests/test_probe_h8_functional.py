"""torch.nn.functional probed as an op table (helper h8): the error messages, their order and the edge
cases that differed from PyTorch 2.13.  Golden strings run without torch; the ``_vs_torch`` tests compare
with PyTorch when it is installed."""
import numpy as np
import pytest

import ember
import ember.nn.functional as F


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


# ------------------------------------------------------------------ convolution
def test_conv_weight_rank_error():
    x = ember.ones(2, 4, 5, 5)
    assert _err(lambda: F.conv2d(x, ember.ones(6, 4))) == (
        "RuntimeError", "weight should have at least three dimensions")
    assert _err(lambda: F.conv_transpose1d(ember.ones(2, 4, 5), ember.ones(6))) == (
        "RuntimeError", "weight should have at least three dimensions")


def test_conv_mkldnn_dtype_message():
    # a float32 batch > 1 takes oneDNN, which words the dtype mismatch differently
    w = ember.ones(2, 2, 2, dtype=ember.float64)
    assert _err(lambda: F.conv1d(ember.ones(2, 2, 4), w)) == (
        "RuntimeError", "Input type (torch.FloatTensor) and weight type (torch.DoubleTensor) should be the same or "
        "input should be a MKLDNN tensor and weight is a dense tensor")
    assert _err(lambda: F.conv1d(ember.ones(1, 2, 4), w)) == (
        "RuntimeError", "expected scalar type Float but found Double")
    b = ember.ones(2, dtype=ember.float64)
    assert _err(lambda: F.conv2d(ember.ones(2, 2, 4, 4), ember.ones(2, 2, 2, 2), b)) == (
        "RuntimeError", "Input type (float) and bias type (double) should be the same")


def test_conv_kernel_size_error_before_dtype_error():
    msg = _err(lambda: F.conv3d(ember.ones(1, 2, 6, 3, 4), ember.ones(2, 2, 1, 1, 4, dtype=ember.float64),
                                dilation=2))
    assert msg[1].startswith("Calculated padded input size per channel: (6 x 3 x 4). Kernel size: (1 x 1 x 7).")


def test_conv_transpose_output_padding_messages():
    assert _err(lambda: F.conv_transpose1d(ember.ones(1, 2, 4), ember.ones(2, 2, 3), stride=2, output_padding=2)) == (
        "RuntimeError", "output padding must be smaller than either stride or dilation, but got output_padding_height: "
        "0 output_padding_width: 2 stride_height: 1 stride_width: 2 dilation_height: 1 dilation_width: 1")
    assert _err(lambda: F.conv_transpose3d(ember.ones(1, 2, 4, 4, 4), ember.ones(2, 2, 3, 3, 3), stride=(1, 2, 2),
                                           output_padding=(0, 1, 2))) == (
        "RuntimeError", "output padding must be smaller than either stride or dilation, but got output_padding_depth: "
        "0 output_padding_height: 1 output_padding_width: 2 stride_depth: 1 stride_height: 2 stride_width: 2 "
        "dilation_depth: 1 dilation_height: 1 dilation_width: 1")


def test_conv_module_padding_mode_set_order_vs_torch():
    torch = pytest.importorskip("torch")
    for L in (torch, ember):
        try:
            L.nn.Conv2d(1, 1, 1, padding_mode="foo")
        except ValueError as e:
            if L is torch:
                want = str(e)
            else:
                assert str(e) == want


def test_conv_dtype_messages_vs_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.RandomState(0)
    for _ in range(150):
        nd = rng.randint(1, 4)
        tr = bool(rng.randint(2))
        n, g = [1, 2, 16][rng.randint(3)], [1, 2][rng.randint(2)]
        c = 2 * g
        sp = [[1, 3, 4, 40][rng.randint(4)] for _ in range(nd)]
        ks = [[1, 2, 4][rng.randint(3)] for _ in range(nd)]
        st, dl = rng.randint(1, 3), rng.randint(1, 3)
        xd, wd = ["float32", "float64"][rng.randint(2)], ["float32", "float64", "int64"][rng.randint(3)]
        bd = [None, "float32", "float64"][rng.randint(3)]
        fn = f"conv_transpose{nd}d" if tr else f"conv{nd}d"
        res = []
        for L in (torch, ember):
            x = L.ones(n, c, *sp).to(getattr(L, xd))
            w = L.ones(*((c, 2) if tr else (2 * g, 2)), *ks).to(getattr(L, wd))
            b = L.ones(2 * g).to(getattr(L, bd)) if bd else None
            res.append(_err(lambda: getattr(L.nn.functional, fn)(x, w, b, stride=st, dilation=dl, groups=g)))
        assert res[0] == res[1], (fn, n, c, sp, ks, st, dl, g, xd, wd, bd)


# ------------------------------------------------------------------ pooling
def test_avg_pool2d_rank_errors():
    assert _err(lambda: F.avg_pool2d(ember.ones(5), 1)) == (
        "IndexError", "Dimension out of range (expected to be in range of [-1, 0], but got -3)")
    assert _err(lambda: F.avg_pool2d(ember.ones(()), 1)) == (
        "IndexError", "Dimension specified as -3 but tensor has no dimensions")
    assert _err(lambda: F.avg_pool2d(ember.ones(1, 2, 3, 5, 5), 1)) == (
        "RuntimeError", "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
        "[1, 2, 3, 5, 5]")
    assert _err(lambda: F.max_pool2d(ember.ones(5), 1)) == (
        "RuntimeError", "non-empty 3D or 4D (batch mode) tensor expected for input")


def test_adaptive_pool_edge_cases():
    assert _err(lambda: F.adaptive_max_pool1d(ember.ones(5), 1)) == (
        "RuntimeError", "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while "
        "checking arguments for adaptive_max_pool1d)")
    assert _err(lambda: F.adaptive_max_pool2d(ember.ones(3, 0, 4, 4), 2)) == (
        "RuntimeError", "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but "
        "input has sizes [3, 0, 4, 4] with dimension 1 being empty")
    assert _err(lambda: F.adaptive_avg_pool2d(ember.ones(3, 0, 4), 2))[1].endswith("with dimension 1 being empty")
    # output size 1: a plain mean over the last two dims, whatever the rank
    x = ember.ones(1, 2, 3, 5, 5, requires_grad=True)
    y = F.adaptive_avg_pool2d(x, 1)
    assert tuple(y.shape) == (1, 2, 3, 1, 1) and type(y.grad_fn).__name__ == "MeanBackward1"
    assert tuple(F.adaptive_avg_pool2d(ember.ones(2, 5), 1).shape) == (1, 1)
    y = F.adaptive_avg_pool2d(ember.ones(2, 3, 4), (1, None))
    assert tuple(y.shape) == (2, 1, 4) and y.grad_fn is None
    assert _err(lambda: F.adaptive_avg_pool2d(ember.ones(2, 5), (1, 1))) == (
        "ValueError", "Input dimension should be at least 3")
    assert _err(lambda: F.adaptive_avg_pool2d(ember.ones(5), 1)) == (
        "IndexError", "Dimension out of range (expected to be in range of [-1, 0], but got -2)")


def test_max_pool1d_messages():
    x = ember.ones(2, 3, 4)
    assert _err(lambda: F.max_pool1d(ember.ones(2, 0, 5), 1)) == (
        "RuntimeError", "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, "
        "but got:[2, 0, 5]")
    assert _err(lambda: F.max_pool1d(ember.ones(5), 1, return_indices=True)) == (
        "RuntimeError", "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while "
        "checking arguments for max_pool1d)")
    assert _err(lambda: F.max_pool1d(x, (2, 2))) == (
        "RuntimeError", "max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got "
        "size 2")
    assert _err(lambda: F.max_pool1d(x, 2, (1, 1))) == (
        "RuntimeError", "max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got "
        "size 2")
    assert _err(lambda: F.max_pool1d(x, (2, 2), return_indices=True)) == (
        "RuntimeError", "max_pool1d() argument 'kernel_size' should contain one int (got 2)")
    assert _err(lambda: F.max_pool1d(x, 0, return_indices=True)) == ("RuntimeError", "stride should not be zero")
    assert _err(lambda: F.max_pool1d(x, 5, return_indices=True)) == (
        "RuntimeError", "Given input size: (3x1x4). Calculated output size: (3x1x0). Output size is too small")
    assert _err(lambda: F.avg_pool1d(x, 2, (1, 1))) == (
        "RuntimeError", "avg_pool1d() argument 'stride' should contain one int (got 2)")
    out, idx = F.max_pool1d(ember.tensor([[[1., 3., 2., 5.]]]), 2, return_indices=True)
    assert out.tolist() == [[[3., 5.]]] and idx.tolist() == [[[1, 3]]]


def test_max_unpool_invalid_index_is_the_last_one():
    x = ember.zeros(1, 1, 1, 3)
    idx = ember.tensor([[[[7, 0, 9]]]])
    assert _err(lambda: F.max_unpool2d(x, idx, (1, 2))) == (
        "RuntimeError", "Found an invalid max index: 9 (output volumes are of size 1x6)")


def test_pooling_messages_vs_torch():
    torch = pytest.importorskip("torch")
    shapes = [(), (5,), (2, 5), (1, 2, 3, 5, 5), (0, 5), (2, 0, 5), (3, 0, 4, 4), (3, 4, 0, 4), (3, 0, 4), (2, 3, 4)]
    ops = [("avg_pool2d", 1), ("max_pool2d", 1), ("adaptive_max_pool1d", 2), ("adaptive_avg_pool1d", 2),
           ("avg_pool1d", 1), ("adaptive_max_pool2d", 2), ("adaptive_avg_pool2d", 1), ("adaptive_avg_pool2d", 2),
           ("adaptive_avg_pool2d", (1, None)), ("max_pool1d", 1), ("lp_pool2d", 1)]
    for sh in shapes:
        for fn, o in ops:
            res = []
            for L in (torch, ember):
                def call():
                    x = L.ones(sh)
                    y = L.nn.functional.lp_pool2d(x, 2, 1) if fn == "lp_pool2d" else getattr(L.nn.functional, fn)(x, o)
                    return tuple(y.shape)
                r = _err(call)
                res.append(r if r is not None else call())
            assert res[0] == res[1], (sh, fn, o)


# ------------------------------------------------------------------ padding, fold, affine_grid
def test_pad_length_checks():
    x = ember.ones(3, 5)
    assert _err(lambda: F.pad(x, (1, 2, 3), mode="reflect")) == (
        "RuntimeError", "Padding length must be divisible by 2")
    assert _err(lambda: F.pad(x, (1,) * 6, mode="circular", value=2.0)) == (
        "RuntimeError", "Padding length should be less than or equal to two times the input dimension but got "
        "padding length 6 and input of dimension 2")


def test_unfold_fold_rank_errors():
    assert _err(lambda: F.unfold(ember.ones(3, 4), 1)) == (
        "IndexError", "Dimension out of range (expected to be in range of [-2, 1], but got 2)")
    assert _err(lambda: F.fold(ember.ones(0, 4), (2, 2), 1)) == (
        "RuntimeError", "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
        "dimensions for input, but got: [0, 4]")


def test_affine_grid_messages():
    assert _err(lambda: F.affine_grid(ember.ones(1, 3, 4), (2, 2, 3, 3), align_corners=False)) == (
        "ValueError", "Expected a batch of 2D affine matrices of shape Nx2x3 for size (2, 2, 3, 3). Got "
        "torch.Size([1, 3, 4]).")
    assert _err(lambda: F.affine_grid(ember.ones(1, 2, 3), [2, 2, 3, 3], align_corners=False)) == (
        "RuntimeError", "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [1, 3].")


# ------------------------------------------------------------------ losses
def test_bce_weight_broadcast_messages():
    x = ember.rand(3, 4)
    assert _err(lambda: F.binary_cross_entropy(x, x, weight=ember.ones(3))) == (
        "RuntimeError", "Attempting to broadcast a dimension of length 3 at -1! Mismatching argument at index 1 had "
        "torch.Size([3]); but expected shape should be broadcastable to [3, 4]")
    assert _err(lambda: F.binary_cross_entropy(x, x, weight=ember.ones(2, 3, 4))) == (
        "RuntimeError", "output with shape [3, 4] doesn't match the broadcast shape [2, 3, 4]")
    assert _err(lambda: F.binary_cross_entropy_with_logits(x, x, weight=ember.ones(3))) == (
        "RuntimeError", "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1")
    assert _err(lambda: F.binary_cross_entropy_with_logits(x, x, pos_weight=ember.ones(3))) == (
        "RuntimeError", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1")
    assert _err(lambda: F.binary_cross_entropy_with_logits(x, x, pos_weight=ember.ones(1, 3, 4))) == (
        "RuntimeError", "output with shape [3, 4] doesn't match the broadcast shape [1, 3, 4]")


def test_nll_weight_requires_grad_checked_first():
    w = ember.ones(3, requires_grad=True)
    msg = ("RuntimeError", "The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. "
           "This input cannot have requires_grad True.")
    assert _err(lambda: F.nll_loss(ember.randn(3, 4), ember.tensor([0, 1, 1]), weight=w)) == msg
    assert _err(lambda: F.cross_entropy(ember.randn(3, 4), ember.tensor([0, 1, 1]), weight=w)) == msg


def test_cross_entropy_edge_cases():
    assert _err(lambda: F.cross_entropy(ember.tensor(1.0), ember.tensor(0))) == (
        "RuntimeError", "Expected floating point type for target with class probabilities, got Long")
    assert _err(lambda: F.cross_entropy(ember.tensor(1.0), ember.tensor(0.5))) == (
        "IndexError", "Dimension specified as 1 but tensor has no dimensions")
    assert _err(lambda: F.cross_entropy(ember.tensor(1.0), ember.tensor([0]))) == (
        "IndexError", "Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    assert _err(lambda: F.cross_entropy(ember.randn(3, 4), ember.rand(3, 4), weight=ember.ones(3),
                                        label_smoothing=1.5)) == (
        "RuntimeError", "cross_entropy: weight tensor should be defined either for all 4 classes or no classes but got "
        "weight tensor of shape: [3]")
    # a negative label_smoothing is accepted (and ignored for class indices)
    x = ember.tensor([[1.0, 2.0, 0.5]], dtype=ember.float64)
    t = ember.tensor([1])
    assert F.cross_entropy(x, t, label_smoothing=-0.5).item() == pytest.approx(F.cross_entropy(x, t).item(), rel=1e-15)


def test_multi_margin_and_multilabel_margin_checks():
    x = ember.randn(3, 4)
    assert _err(lambda: F.multi_margin_loss(x, ember.tensor([0, 4, 1]))) == ("RuntimeError", "target out of range")
    assert _err(lambda: F.multi_margin_loss(x, ember.tensor([0, 1]))) == (
        "RuntimeError", "multi_margin_loss: target tensor should be 1-D with size equal to the number of input samples "
        "(batch size). Expected target size [3], but got [2]. Input has shape [3, 4].")
    assert _err(lambda: F.multi_margin_loss(x, ember.tensor([0, 1, 1]), weight=ember.ones(3))) == (
        "RuntimeError", "inconsistent weight size, expected 4 but got [3]")
    assert _err(lambda: F.multi_margin_loss(x, ember.tensor([0, 1, 1]), weight=ember.ones(1, 4))) == (
        "ValueError", "weight must be one-dimensional")
    assert _err(lambda: F.multilabel_margin_loss(ember.randn(2, 3, 4), ember.zeros(3, 4, dtype=ember.long))) == (
        "RuntimeError", "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]")
    y = F.multilabel_margin_loss(ember.tensor(0.3), ember.tensor([0]))
    assert y.shape == () and y.item() == 0.0
    with _no_warning():
        y = F.multi_margin_loss(ember.randn(0, 4), ember.zeros(0, dtype=ember.long))
    assert np.isnan(y.item())


class _no_warning:
    def __enter__(self):
        import warnings
        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *a):
        return self._cm.__exit__(*a)


def test_triplet_and_soft_margin_shape_checks():
    assert _err(lambda: F.triplet_margin_loss(ember.randn(3, 4), ember.randn(4), ember.randn(3, 4))) == (
        "RuntimeError", "The anchor, positive, and negative tensors are expected to have the same number of "
        "dimensions, but got: anchor 2D, positive 1D, and negative 2D inputs")
    assert _err(lambda: F.soft_margin_loss(ember.randn(3, 4), ember.ones(3, 5))) == (
        "RuntimeError", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1")


def test_loss_messages_vs_torch():
    torch = pytest.importorskip("torch")

    def cases(L):
        F_ = L.nn.functional
        t = L.tensor
        return [
            lambda: F_.multi_margin_loss(L.ones(3, 4), t([0, -1, 1])),
            lambda: F_.multi_margin_loss(L.ones(4), t([[1]])),
            lambda: F_.multilabel_margin_loss(L.ones(3, 0), L.zeros(3, 0, dtype=L.long)),
            lambda: F_.nll_loss(L.ones(2, 3, 4, 5), L.zeros(2, 4, 5, dtype=L.long),
                                weight=L.ones(2, requires_grad=True)),
            lambda: F_.nll_loss(L.ones(2, 3, 4, 5, 6), L.zeros(2, 4, 5, 7, dtype=L.long),
                                weight=L.ones(3, requires_grad=True)),
            lambda: F_.cross_entropy(L.ones(4), L.rand(4), weight=L.ones(3)),
            lambda: F_.binary_cross_entropy_with_logits(L.ones(2, 3, 4), L.ones(2, 3, 4), weight=L.ones(2, 2, 4)),
        ]
    for a, b in zip(cases(torch), cases(ember)):
        assert _err(a) == _err(b)


# ------------------------------------------------------------------ second round
def test_conv_empty_batch():
    for tr in (False, True):
        x = ember.randn(0, 4, 5, 5, requires_grad=True)
        w = ember.randn(4, 2, 3, 3, requires_grad=True)
        b = ember.randn(4 if tr else 4, requires_grad=True)
        fn = F.conv_transpose2d if tr else F.conv2d
        y = fn(x, w, b, stride=2, groups=2)
        assert tuple(y.shape) == ((0, 4, 11, 11) if tr else (0, 4, 2, 2))
        assert type(y.grad_fn).__name__ == "ConvolutionBackward0"
        y.sum().backward()
        assert tuple(x.grad.shape) == (0, 4, 5, 5)
        assert w.grad.abs().sum().item() == 0 and b.grad.tolist() == [0.0] * 4


def test_conv_zero_dilation_messages():
    x1, w1 = ember.randn(1, 2, 5), ember.randn(2, 2, 3)
    assert _err(lambda: F.conv1d(x1, w1, dilation=0)) == (
        "RuntimeError", "dilation should be greater than zero, but got [1, 0]")
    assert _err(lambda: F.conv_transpose1d(x1, w1, dilation=0)) == (
        "RuntimeError", "dilation should be greater than zero, but got dilation_height: 1, dilation_width: 0")
    assert _err(lambda: F.conv2d(ember.randn(1, 2, 5, 5), ember.randn(2, 1, 3, 3), groups=2, dilation=0)) == (
        "RuntimeError", "non-positive dilation is not supported")
    assert _err(lambda: F.conv2d(ember.randn(1, 2, 5, 5), ember.randn(2, 2, 3, 3), dilation=-1)) == (
        "RuntimeError", "dilation should be greater than zero")


def test_fold_unfold_argument_checks():
    x = ember.randn(1, 2, 5, 5)
    c = ember.randn(1, 8, 4)
    assert _err(lambda: F.unfold(x, 2, stride=0)) == (
        "RuntimeError", "stride should be greater than zero, but got stride_height: 0 stride_width: 0")
    assert _err(lambda: F.unfold(x, 0, dilation=0)) == (
        "RuntimeError", "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0")
    assert _err(lambda: F.unfold(x, 2, dilation=0, padding=-1)) == (
        "RuntimeError", "dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0")
    assert _err(lambda: F.fold(c, (3, 3), 2, dilation=0, stride=0)) == (
        "RuntimeError", "stride should be greater than zero, but got stride_height: 0 stride_width: 0")
    assert _err(lambda: F.fold(c, (3, 3), 2, padding=-1)) == (
        "RuntimeError", "padding should be non-negative, but got pad_height: -1 pad_width: -1")
    assert _err(lambda: F.unfold(x, (2,))) == ("RuntimeError", "It is expected kernel_size equals to 2, but got size 1")
    assert _err(lambda: F.fold(c, (3, 3, 3), 2)) == (
        "RuntimeError", "It is expected output_size equals to 2, but got size 3")
    assert _err(lambda: F.unfold(x.long(), 2)) == (
        "NotImplementedError", "\"im2col_out_cpu\" not implemented for 'Long'")
    assert _err(lambda: F.fold(c.int(), (3, 3), 2)) == (
        "NotImplementedError", "\"col2im_out_cpu\" not implemented for 'Int'")
    assert _err(lambda: F.unfold(ember.ones(3, 4), 0))[1].startswith("kernel size should be greater than zero")


def test_adaptive_max_and_unpool_messages():
    x = ember.randn(1, 2, 5, 5)
    assert _err(lambda: F.adaptive_max_pool2d(x, (2, 2, 2))) == (
        "RuntimeError", "adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    assert _err(lambda: F.adaptive_max_pool2d(x, (-1, -3))) == (
        "RuntimeError", "Trying to create tensor with negative dimension -1: [1, 2, -1, -3]")
    assert _err(lambda: F.adaptive_avg_pool1d(ember.randn(1, 2, 5), (2, 2))) == (
        "RuntimeError", "adaptive_avg_pool1d() argument 'output_size' should contain one int (got 2)")
    assert _err(lambda: F.adaptive_max_pool1d(ember.randn(1, 2, 5), (2, 2))) == (
        "RuntimeError", "adaptive_max_pool1d() argument 'output_size' should contain one int (got 2)")
    assert _err(lambda: F.max_unpool2d(x, ember.zeros(1, 2, 5, 6, dtype=ember.int32), 2)) == (
        "RuntimeError", "elements in indices should be type int64 but got: Int")


def test_lp_pool_inf_norm_and_kernel_unpack():
    x = ember.tensor([[[1.0, -4.0, 2.0, 3.0]]])
    assert F.lp_pool1d(x, float("inf"), 2).tolist() == [[[4.0, 3.0]]]
    assert F.lp_pool1d(x, -float("inf"), 2).tolist() == [[[1.0, 2.0]]]   # -max(-|x|)
    x2 = ember.tensor([[[[1.0, -4.0], [2.0, 3.0]]]])
    assert F.lp_pool2d(x2, float("inf"), 2).tolist() == [[[[4.0]]]]
    assert _err(lambda: F.lp_pool2d(x2, 2, (2, 2, 2))) == ("ValueError", "too many values to unpack (expected 2)")
    assert _err(lambda: F.lp_pool2d(x2, 2, (2,))) == ("ValueError", "not enough values to unpack (expected 2, got 1)")


def test_second_round_vs_torch():
    torch = pytest.importorskip("torch")
    for nd in (1, 2, 3):
        for kw in (dict(dilation=0), dict(dilation=0, groups=2)):
            for n in (1, 2):
                res = []
                for L in (torch, ember):
                    for tr in (False, True):
                        fn = getattr(L.nn.functional, f"conv_transpose{nd}d" if tr else f"conv{nd}d")
                        w = L.ones(2, 2 // kw.get("groups", 1), *(3,) * nd)
                        res.append(_err(lambda: fn(L.ones(n, 2, *(5,) * nd), w, **kw)))
                assert res[:2] == res[2:], (nd, kw, n)
    x = np.random.RandomState(0).randn(2, 3, 7).astype(np.float32)
    for nt in (float("inf"), -float("inf"), 2.0):
        a = torch.nn.functional.lp_pool1d(torch.tensor(x), nt, 3, 2, ceil_mode=True).numpy()
        b = F.lp_pool1d(ember.tensor(x), nt, 3, 2, ceil_mode=True).numpy()
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_adaptive_avg_pool2d_half_rounds_once():
    # float opmath and one rounding, as PyTorch's half kernel (checksums of PyTorch 2.13's output)
    x = np.random.RandomState(0).randn(2, 3, 6, 7).astype(np.float16)
    y = F.adaptive_avg_pool2d(ember.tensor(x), (4, 3))
    assert y.dtype == ember.float16
    v = y.numpy().astype(np.float64)
    assert float(v.sum()) == 5.348484039306641 and float((v ** 2).sum()) == 16.264495228548185


def test_adaptive_avg_pool2d_half_vs_torch():
    torch = pytest.importorskip("torch")
    x = np.random.RandomState(0).randn(2, 3, 6, 7).astype(np.float16)
    for o in [(4, 3), (5, 2), (3, 7)]:
        a = torch.nn.functional.adaptive_avg_pool2d(torch.tensor(x), o).numpy()
        b = F.adaptive_avg_pool2d(ember.tensor(x), o).numpy()
        np.testing.assert_array_equal(a, b)


def test_interpolate_size_must_be_integers():
    x = ember.randn(1, 2, 4, 4)
    assert _err(lambda: F.interpolate(x, size=[2.5, 3])) == (
        "TypeError", "expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but "
        "got size with types [<class 'float'>, <class 'int'>]")
    assert _err(lambda: F.interpolate(x, size=(ember.tensor(2.0), 3)))[1].endswith(
        "[<class 'torch.Tensor'>, <class 'int'>]")
    assert tuple(F.interpolate(x, size=(np.int64(2), ember.tensor(3))).shape) == (1, 2, 2, 3)
