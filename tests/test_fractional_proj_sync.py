"""``nn.FractionalMaxPool2d/3d`` (+ functionals), ``nn.LSTM(proj_size=...)`` and ``nn.SyncBatchNorm``.

Goldens (taken from PyTorch 2.13 and hard-coded) run everywhere; the comparisons with PyTorch at the end
are skipped when it is not installed.
"""
import math
import warnings

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn
from ember.autograd import gradcheck, gradgradcheck


def _raises(fn, exc, msg):
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == msg


# ------------------------------------------------------------------ fractional max pooling: goldens
def _x2():
    return (ember.arange(2 * 2 * 6 * 5, dtype=ember.float64) * 7 % 11).reshape(2, 2, 6, 5)


_S2 = [[[0.1, 0.7], [0.5, 0.25]], [[0.9, 0.33], [0.0, 0.99]]]


def test_fractional2d_golden_values_and_indices():
    s = ember.tensor(_S2, dtype=ember.float64)
    y, i = F.fractional_max_pool2d(_x2(), (2, 2), output_size=(3, 3), _random_samples=s, return_indices=True)
    assert y.tolist() == [[[[9.0, 9.0, 10.0], [6.0, 9.0, 10.0], [10.0, 6.0, 9.0]],
                           [[10.0, 6.0, 9.0], [7.0, 10.0, 6.0], [9.0, 10.0, 10.0]]],
                          [[[9.0, 9.0, 10.0], [8.0, 9.0, 7.0], [10.0, 8.0, 9.0]],
                           [[10.0, 10.0, 9.0], [9.0, 10.0, 8.0], [9.0, 9.0, 10.0]]]]
    assert i.tolist() == [[[[6, 6, 3], [15, 17, 14], [25, 26, 28]], [[6, 7, 9], [15, 17, 18], [20, 28, 28]]],
                          [[[1, 1, 9], [15, 12, 18], [20, 26, 23]], [[1, 1, 4], [15, 12, 18], [26, 26, 23]]]]
    assert i.dtype == ember.int64


def test_fractional3d_golden_values_and_indices():
    x = (ember.arange(2 * 5 * 5 * 4, dtype=ember.float64) * 5 % 13).reshape(1, 2, 5, 5, 4)
    s = ember.tensor([[[0.2, 0.6, 0.8], [0.45, 0.05, 0.5]]], dtype=ember.float64)
    y, i = F.fractional_max_pool3d(x, 2, output_size=(2, 3, 2), _random_samples=s, return_indices=True)
    assert y.tolist() == [[[[[12.0, 11.0], [10.0, 12.0], [11.0, 12.0]], [[10.0, 12.0], [11.0, 12.0], [12.0, 11.0]]],
                           [[[11.0, 12.0], [12.0, 11.0], [10.0, 12.0]], [[12.0, 12.0], [10.0, 12.0], [11.0, 12.0]]]]]
    assert i.tolist() == [[[[[5, 23], [28, 31], [36, 18]], [[80, 83], [88, 70], [96, 75]]],
                           [[[1, 22], [9, 27], [32, 35]], [[61, 87], [84, 87], [92, 74]]]]]


def test_fractional2d_draws_samples_from_the_global_generator():
    ember.manual_seed(0)
    x = ember.randn(1, 2, 8, 8)
    _, i = F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.5), return_indices=True)
    assert i.tolist() == [[[[8, 10, 13, 14], [24, 19, 29, 23], [41, 35, 45, 38], [49, 59, 52, 62]],
                           [[1, 3, 5, 15], [25, 19, 20, 22], [32, 35, 44, 46], [48, 58, 61, 63]]]]
    # the draw is rand(N, C, 2): the stream continues after exactly 4 numbers
    np.testing.assert_allclose(ember.rand(2).tolist(), [0.17426711320877075, 0.4743403196334839], rtol=0)


def test_fractional_nan_wins_and_first_max_on_ties():
    x = ember.tensor([[[[1.0, 1.0, 0.0], [1.0, float("nan"), 0.0], [0.0, 0.0, float("nan")]]]])
    s = ember.tensor([[[0.5, 0.5]]])
    y, i = F.fractional_max_pool2d(x, 2, output_size=(1, 2), _random_samples=s, return_indices=True)
    assert i.tolist() == [[[[4, 8]]]]
    assert all(math.isnan(v) for v in y.flatten().tolist())
    y, i = F.fractional_max_pool2d(x, 2, output_size=(1, 1), _random_samples=s, return_indices=True)
    assert i.tolist() == [[[[8]]]]   # a single window starts at in - k; the last NaN wins
    x2 = ember.ones(1, 1, 3, 3)
    _, i = F.fractional_max_pool2d(x2, 2, output_size=(2, 2), _random_samples=s, return_indices=True)
    assert i.tolist() == [[[[0, 1], [3, 4]]]]


def test_fractional_backward_scatters_into_argmax():
    x = _x2().requires_grad_()
    s = ember.tensor(_S2, dtype=ember.float64)
    y, i = F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=s, return_indices=True)
    assert type(y.grad_fn).__name__ == "FractionalMaxPool2DBackward0"
    y.sum().backward()
    ref = np.zeros((4, 30))
    for p, row in enumerate(i.reshape(4, 9).tolist()):
        for k in row:
            ref[p, k] += 1
    np.testing.assert_array_equal(x.grad.numpy(), ref.reshape(2, 2, 6, 5))
    x3 = ember.randn(1, 1, 4, 4, 4, requires_grad=True)
    y3 = F.fractional_max_pool3d(x3, 2, output_size=2)
    assert type(y3.grad_fn).__name__ == "FractionalMaxPool3DBackward0"
    g, = ember.autograd.grad(y3.sum(), x3, create_graph=True)
    assert type(g.grad_fn).__name__ == "FractionalMaxPool3DBackwardBackward0"


def test_fractional_gradcheck_float64():
    ember.manual_seed(3)
    x = ember.randn(2, 2, 7, 6, dtype=ember.float64, requires_grad=True)
    s = ember.rand(2, 2, 2, dtype=ember.float64)
    f = lambda a: F.fractional_max_pool2d(a, (2, 3), output_size=(3, 3), _random_samples=s)  # noqa: E731
    assert gradcheck(f, (x,))
    assert gradgradcheck(f, (x,))
    x3 = ember.randn(2, 5, 6, 5, dtype=ember.float64, requires_grad=True)   # unbatched (C, T, H, W)
    s3 = ember.rand(1, 2, 3, dtype=ember.float64)
    assert gradcheck(lambda a: F.fractional_max_pool3d(a, 2, output_size=(2, 3, 2), _random_samples=s3), (x3,))


def test_fractional_unbatched_and_modules():
    ember.manual_seed(0)
    m = nn.FractionalMaxPool2d(2, output_ratio=0.5, return_indices=True)
    assert repr(m) == "FractionalMaxPool2d()"
    assert m.kernel_size == (2, 2) and m.output_ratio == (0.5, 0.5) and m.output_size is None
    y, i = m(ember.randn(3, 8, 8))
    assert tuple(y.shape) == (3, 4, 4) and tuple(i.shape) == (3, 4, 4)
    m3 = nn.FractionalMaxPool3d(2, output_size=(2, 3, 3))
    assert repr(m3) == "FractionalMaxPool3d()" and m3.kernel_size == (2, 2, 2)
    assert tuple(m3(ember.randn(2, 2, 5, 6, 7)).shape) == (2, 2, 2, 3, 3)
    s = ember.rand(1, 3, 2)
    mb = nn.FractionalMaxPool2d(2, output_size=3, _random_samples=s)
    assert list(mb.state_dict().keys()) == ["_random_samples"]
    x = ember.randn(3, 7, 7)
    assert mb(x).tolist() == F.fractional_max_pool2d(x, 2, 3, _random_samples=s).tolist()
    assert F.fractional_max_pool2d(ember.randn(0, 3, 5, 5), 2, output_size=3).shape == (0, 3, 3, 3)


_FRAC_ERRORS = [
    (lambda x: F.fractional_max_pool2d(x, 2), ValueError,
     "fractional_max_pool2d requires specifying either an output_size or an output_ratio"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_ratio=0.5), TypeError, "object of type 'float' has no len()"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.5, 0.5)), ValueError,
     "fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints."),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=(3, 3, 3)), RuntimeError,
     "fractional_max_pool2d: output_size must either be a single Int or tuple of Ints"),
    (lambda x: F.fractional_max_pool2d(x, (2, 2, 2), output_size=3), RuntimeError,
     "fractional_max_pool2d: kernel_size must either be a single Int or tuple of Ints"),
    (lambda x: F.fractional_max_pool2d(x, 5, output_size=4), RuntimeError,
     "fractional_max_pool2d(): pool height 5 too large relative to input height 7"),
    (lambda x: F.fractional_max_pool2d(x, (2, 5), output_size=4), RuntimeError,
     "fractional_max_pool2d(): pool width 5 too large relative to input width 6"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=-1), RuntimeError,
     "Trying to create tensor with negative dimension -1: [2, 3, -1, -1]"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=ember.rand(1, 3, 2)), RuntimeError,
     "Expect _random_samples.size(0) no less then input batch size."),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=ember.rand(2, 2, 2)), RuntimeError,
     "Expect _random_samples.size(1) equals to input channel size."),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=ember.rand(2, 3, 3)), RuntimeError,
     "Expect _random_samples.size(2) equals to 2; got 3."),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=ember.rand(2, 3)), RuntimeError,
     "Expect _random_samples to have 3 dimensions, got 2"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=ember.rand(2, 3, 2).double()),
     RuntimeError, "Expect _random_samples to have the same dtype as input"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=ember.rand(2, 3, 2, requires_grad=True)),
     RuntimeError, "The function 'fractional_max_pool2d' is not differentiable with respect to argument "
     "'random_samples'. This input cannot have requires_grad True."),
    (lambda x: F.fractional_max_pool2d(x[0, 0], 2, output_size=3), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got -3)"),
    (lambda x: F.fractional_max_pool2d(ember.randn(2, 0, 5, 5), 2, output_size=3), RuntimeError,
     "fractional_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but got"
     "[2, 0, 5, 5] with dimension 1 being empty."),
    (lambda x: F.fractional_max_pool2d(x.long(), 2, output_size=3), NotImplementedError,
     "\"check_uniform_bounds\" not implemented for 'Long'"),
    (lambda x: F.fractional_max_pool2d(x, 2.5, output_size=3), TypeError,
     "fractional_max_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    (lambda x: F.fractional_max_pool2d(x, 2, output_size=(3.0, 3)), TypeError,
     "fractional_max_pool2d(): argument 'output_size' (position 3) must be tuple of ints, but found element of "
     "type float at pos 0"),
    (lambda x: F.fractional_max_pool3d(ember.randn(2, 3, 5, 6, 7), (2, 2, 7), output_size=3), RuntimeError,
     "fractional_max_pool3d_out(): pool width 7 too large relative to input width 7"),
    (lambda x: F.fractional_max_pool3d(ember.randn(2, 3, 3, 6, 7), 2, output_size=(2, 3, 3)), RuntimeError,
     "fractional_max_pool3d_out(): pool time 2 too large relative to input time 3"),
    (lambda x: F.fractional_max_pool3d(ember.randn(2, 3, 5, 6, 7), 2, output_ratio=(0.5, 0.5)), IndexError,
     "tuple index out of range"),
    (lambda x: F.fractional_max_pool3d(ember.randn(5, 5, 5), 2, output_size=3, _random_samples=ember.rand(1, 5, 3)),
     RuntimeError, "fractional_max_pool3d_out(): Expected 4D or 5D tensor, but got: [5, 5, 5]"),
    (lambda x: F.fractional_max_pool3d(ember.randn(2, 3, 5, 5, 5).int(), 2, output_size=3,
                                       _random_samples=ember.rand(2, 3, 3).int()), NotImplementedError,
     "\"fractional_max_pool3d_out_frame\" not implemented for 'Int'"),
    (lambda x: nn.FractionalMaxPool2d(2), ValueError,
     "FractionalMaxPool2d requires specifying either an output size, or a pooling ratio"),
    (lambda x: nn.FractionalMaxPool2d(2, 3, 0.5), ValueError,
     "only one of output_size and output_ratio may be specified"),
    (lambda x: nn.FractionalMaxPool2d(2, output_ratio=(0.5, 1)), ValueError,
     "output_ratio must be between 0 and 1 (got (0.5, 1))"),
    (lambda x: nn.FractionalMaxPool3d((2, 0, 1), output_ratio=0.5), ValueError,
     "kernel_size must be greater than 0, but got (2, 0, 1)"),
    (lambda x: nn.FractionalMaxPool3d(2, output_ratio=1.5), ValueError,
     "output_ratio must be between 0 and 1 (got 1.5)"),
]


@pytest.mark.parametrize("k", range(len(_FRAC_ERRORS)))
def test_fractional_errors(k):
    fn, exc, msg = _FRAC_ERRORS[k]
    _raises(lambda: fn(ember.randn(2, 3, 7, 6)), exc, msg)


# ------------------------------------------------------------------ LSTM with projections: goldens
_HR = [[0.42362135648727417, 0.28400564193725586, 0.4245906472206116, -0.03234322741627693, -0.4017415940761566],
       [-0.21201378107070923, 0.30451005697250366, -0.0028990539722144604, -0.22228588163852692,
        -0.34270504117012024]]
_OUT = [[[-0.10879688709974289, -0.04043589532375336], [-0.09591029584407806, -0.024897411465644836]],
        [[-0.13338975608348846, -0.03789454698562622], [-0.12153202295303345, -0.022148694843053818]],
        [[-0.13560877740383148, -0.025418855249881744], [-0.14030084013938904, -0.025523681193590164]],
        [[-0.15750724077224731, -0.036229174584150314], [-0.17210479080677032, -0.046138860285282135]]]
_C = [[[-0.30580562353134155, -0.040985941886901855, -0.2615897059440613, 0.3349899649620056, 0.12331996113061905],
       [-0.33463868498802185, -0.2147754579782486, -0.23800432682037354, 0.34345418214797974,
        0.04612680897116661]]]


def test_lstm_proj_parameters_init_and_forward_golden():
    ember.manual_seed(0)
    m = nn.LSTM(3, 5, proj_size=2)
    assert repr(m) == "LSTM(3, 5, proj_size=2)"
    assert [(n, tuple(p.shape)) for n, p in m.named_parameters()] == [
        ("weight_ih_l0", (20, 3)), ("weight_hh_l0", (20, 2)), ("bias_ih_l0", (20,)), ("bias_hh_l0", (20,)),
        ("weight_hr_l0", (2, 5))]
    np.testing.assert_allclose(m.weight_hr_l0.tolist(), _HR, rtol=0, atol=0)
    x = ember.linspace(-1, 1, 24).reshape(4, 2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out, (h, c) = m(x)
    np.testing.assert_allclose(out.tolist(), _OUT, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h.tolist(), [_OUT[-1]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.tolist(), _C, rtol=1e-5, atol=1e-6)
    assert type(out.grad_fn).__name__ == "StackBackward0"
    assert [type(f).__name__ for f, _ in out.grad_fn.next_functions] == ["MmBackward0"] * 4
    assert type(h.grad_fn).__name__ == "StackBackward0" and type(c.grad_fn).__name__ == "StackBackward0"


def test_lstm_proj_shapes_names_and_errors():
    m = nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True, batch_first=True)
    assert repr(m) == "LSTM(3, 5, proj_size=2, num_layers=2, batch_first=True, bidirectional=True)"
    assert tuple(m.weight_ih_l1.shape) == (20, 4) and tuple(m.weight_hr_l1_reverse.shape) == (2, 5)
    out, (h, c) = m(ember.randn(2, 4, 3))
    assert tuple(out.shape) == (2, 4, 4) and tuple(h.shape) == (4, 2, 2) and tuple(c.shape) == (4, 2, 5)
    assert type(out.grad_fn).__name__ == "TransposeBackward0"
    nb = nn.LSTM(3, 5, proj_size=2, bias=False)
    assert nb._flat_weights_names == ["weight_ih_l0", "weight_hh_l0", "weight_hr_l0"]
    u = nn.LSTM(3, 4, proj_size=1)
    out, (h, c) = u(ember.randn(5, 3))
    assert tuple(out.shape) == (5, 1) and tuple(h.shape) == (1, 1) and tuple(c.shape) == (1, 4)
    p = nn.LSTM(3, 5, proj_size=2)
    _raises(lambda: p(ember.randn(4, 2, 3), (ember.zeros(1, 2, 5), ember.zeros(1, 2, 5))), RuntimeError,
            "Expected hidden[0] size (1, 2, 2), got [1, 2, 5]")
    _raises(lambda: p(ember.randn(4, 2, 3), (ember.zeros(1, 2, 2), ember.zeros(1, 2, 2))), RuntimeError,
            "Expected hidden[1] size (1, 2, 5), got [1, 2, 2]")
    _raises(lambda: nn.LSTM(3, 4, proj_size=4), ValueError, "proj_size has to be smaller than hidden_size")
    _raises(lambda: nn.GRU(3, 4, proj_size=2), ValueError,
            "proj_size argument is only supported for LSTM, not RNN or GRU")


def test_lstm_proj_warns_once_for_float32():
    from ember.nn._functional import rnn as R
    R._PROJ_WARNED.clear()
    m = nn.LSTM(3, 5, proj_size=2)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        m(ember.randn(2, 1, 3))
        m(ember.randn(2, 1, 3))
    msgs = [str(x.message) for x in w]
    assert msgs == ["LSTM with projections is not supported with oneDNN. Using default implementation. (Triggered "
                    "internally at /__w/pytorch/pytorch/aten/src/ATen/native/RNN.cpp:1512.)"]


def test_lstm_proj_gradcheck_float64():
    ember.manual_seed(1)
    m = nn.LSTM(3, 5, proj_size=2, num_layers=2, bidirectional=True).double()
    x = ember.randn(4, 2, 3, dtype=ember.float64, requires_grad=True)
    h0 = ember.randn(4, 2, 2, dtype=ember.float64, requires_grad=True)
    c0 = ember.randn(4, 2, 5, dtype=ember.float64, requires_grad=True)

    def f(a, b, c):
        out, (h, cn) = m(a, (b, c))
        return ember.cat([out.flatten(), h.flatten(), cn.flatten()])

    assert gradcheck(f, (x, h0, c0))
    # the parameters' gradients, through the functional op
    w = [p.detach().clone().requires_grad_() for p in m._flat_weights]

    def g(*ws):
        out, h, c = ember.lstm(x.detach(), (h0.detach(), c0.detach()), list(ws), True, 2, 0.0, False, True, False)
        return out.sum() + h.pow(2).sum() + c.sum()

    assert gradcheck(g, tuple(w))


def test_lstm_proj_packed():
    from ember.nn.utils.rnn import pack_sequence, pad_packed_sequence
    m = nn.LSTM(2, 5, proj_size=2, bidirectional=True)
    seqs = [ember.randn(4, 2), ember.randn(2, 2), ember.randn(3, 2)]
    out, (h, c) = m(pack_sequence(seqs, enforce_sorted=False))
    o, lengths = pad_packed_sequence(out)
    assert tuple(o.shape) == (4, 3, 4) and lengths.tolist() == [4, 2, 3]
    assert tuple(h.shape) == (2, 3, 2) and tuple(c.shape) == (2, 3, 5)
    # each sequence alone gives the same result
    for b, s in enumerate(seqs):
        ob, (hb, cb) = m(s.unsqueeze(1))
        np.testing.assert_allclose(o[:len(s), b].detach().numpy(), ob[:, 0].detach().numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(h[:, b].detach().numpy(), hb[:, 0].detach().numpy(), rtol=1e-5, atol=1e-6)


def test_lstm_without_proj_keeps_fused_path():
    m = nn.LSTM(3, 4)
    out, _ = m(ember.randn(2, 1, 3))
    assert type(out.grad_fn).__name__ == "MkldnnRnnLayerBackward0"


# ------------------------------------------------------------------ SyncBatchNorm
def test_syncbatchnorm_cpu_matches_batchnorm():
    m = nn.SyncBatchNorm(3)
    assert repr(m) == "SyncBatchNorm(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)"
    assert m.process_group is None
    bn = nn.BatchNorm1d(3)
    x = ember.randn(4, 3, 5)
    y = m(x)
    np.testing.assert_allclose(y.detach().numpy(), bn(x).detach().numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(m.running_mean.numpy(), bn.running_mean.numpy(), rtol=1e-6)
    assert int(m.num_batches_tracked) == 1
    assert type(y.grad_fn).__name__ == "NativeBatchNormBackward0"
    x5 = ember.randn(2, 3, 2, 2, 2)
    assert tuple(m(x5).shape) == (2, 3, 2, 2, 2)
    ember.nn.functional.batch_norm(x5, bn.running_mean, bn.running_var, bn.weight, bn.bias, True, 0.1, 1e-5)
    bn.num_batches_tracked.add_(1)
    m.eval()
    bn.eval()
    x = ember.randn(2, 3)
    np.testing.assert_allclose(m(x).detach().numpy(), bn(x).detach().numpy(), rtol=1e-6, atol=1e-6)
    _raises(lambda: m(ember.randn(3)), ValueError, "expected at least 2D input (got 1D input)")
    _raises(lambda: m(ember.randn(2, 0, 3)), ValueError, "SyncBatchNorm number of input channels should be non-zero")
    m.train()
    _raises(lambda: m(ember.randn(1, 3)), ValueError,
            "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])")
    r = nn.SyncBatchNorm(4, eps=1e-3, momentum=None, affine=False, track_running_stats=False, bias=False)
    assert repr(r) == ("SyncBatchNorm(4, eps=0.001, momentum=None, affine=False, bias=False, "
                       "track_running_stats=False)")


def test_syncbatchnorm_momentum_none_cumulative_average():
    m = nn.SyncBatchNorm(2, momentum=None)
    a, b = ember.randn(4, 2), ember.randn(4, 2)
    m(a)
    m(b)
    np.testing.assert_allclose(m.running_mean.numpy(), (a.mean(0) + b.mean(0)).numpy() / 2, rtol=1e-5, atol=1e-7)


def test_convert_sync_batchnorm():
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Sequential(nn.BatchNorm2d(2, affine=False)), nn.ReLU())
    net[1].running_mean.fill_(0.5)
    net.eval()
    s = nn.SyncBatchNorm.convert_sync_batchnorm(net, process_group="pg")
    assert isinstance(s[1], nn.SyncBatchNorm) and isinstance(s[2][0], nn.SyncBatchNorm)
    assert s[1].weight is net[1].weight and s[1].running_mean is net[1].running_mean
    assert s[1].training is False and s[2][0].weight is None and s[1].process_group == "pg"
    one = nn.SyncBatchNorm.convert_sync_batchnorm(nn.BatchNorm3d(5, bias=False))
    assert repr(one) == "SyncBatchNorm(5, eps=1e-05, momentum=0.1, affine=True, bias=False, track_running_stats=True)"
    assert one.bias is None


# ------------------------------------------------------------------ comparisons with PyTorch
def _torch():
    return pytest.importorskip("torch")


def test_fractional_matches_torch_random():
    torch = _torch()
    for seed in range(4):
        for dt in ("float32", "float64"):
            torch.manual_seed(seed)
            ember.manual_seed(seed)
            shape = (2, 3, 11 + seed, 9 + 2 * seed)
            xt = torch.randn(*shape, dtype=getattr(torch, dt), requires_grad=True)
            xe = ember.randn(*shape, dtype=getattr(ember, dt), requires_grad=True)
            assert np.array_equal(xt.detach().numpy(), xe.detach().numpy())
            yt, it = torch.nn.functional.fractional_max_pool2d(xt, (2, 3), output_ratio=(0.6, 0.5),
                                                               return_indices=True)
            ye, ie = F.fractional_max_pool2d(xe, (2, 3), output_ratio=(0.6, 0.5), return_indices=True)
            assert np.array_equal(it.numpy(), ie.numpy())
            assert np.array_equal(yt.detach().numpy(), ye.detach().numpy())
            (yt * yt).sum().backward()
            (ye * ye).sum().backward()
            np.testing.assert_allclose(xt.grad.numpy(), xe.grad.numpy(), rtol=1e-6)
            x3t = torch.randn(2, 2, 6, 7, 8, dtype=getattr(torch, dt))
            x3e = ember.randn(2, 2, 6, 7, 8, dtype=getattr(ember, dt))
            yt, it = torch.nn.functional.fractional_max_pool3d(x3t, 2, output_size=(3, 4, 5), return_indices=True)
            ye, ie = F.fractional_max_pool3d(x3e, 2, output_size=(3, 4, 5), return_indices=True)
            assert np.array_equal(it.numpy(), ie.numpy()) and np.array_equal(yt.numpy(), ye.numpy())


def test_fractional_errors_match_torch():
    torch = _torch()
    for fn, exc, msg in _FRAC_ERRORS:
        with pytest.raises(exc) as info:
            _call_with(fn, torch, torch.randn(2, 3, 7, 6))
        assert str(info.value) == msg


def _call_with(fn, mod, x):
    """Run an error-table lambda with ``ember``/``F``/``nn`` bound to PyTorch's modules."""
    g = dict(fn.__globals__)
    g.update(ember=mod, F=mod.nn.functional, nn=mod.nn)
    clone = type(fn)(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)
    return clone(x)


def test_lstm_proj_matches_torch():
    torch = _torch()
    from torch.nn.utils.rnn import pack_sequence as tpack
    from ember.nn.utils.rnn import pack_sequence as epack
    for dt in ("float32", "float64"):
        torch.manual_seed(5)
        ember.manual_seed(5)
        kw = dict(num_layers=2, proj_size=3, bidirectional=True, dropout=0.3)
        mt = torch.nn.LSTM(4, 6, **kw).to(getattr(torch, dt))
        me = nn.LSTM(4, 6, **kw).to(getattr(ember, dt))
        for (nt, pt), (ne, pe) in zip(mt.named_parameters(), me.named_parameters()):
            assert nt == ne and np.array_equal(pt.detach().numpy(), pe.detach().numpy())
        xs = np.random.default_rng(0).standard_normal((5, 3, 4)).astype(dt)
        h0 = np.random.default_rng(1).standard_normal((4, 3, 3)).astype(dt)
        c0 = np.random.default_rng(2).standard_normal((4, 3, 6)).astype(dt)
        res = []
        for lib, m in ((torch, mt), (ember, me)):
            x = lib.tensor(xs, requires_grad=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out, (h, c) = m(x, (lib.tensor(h0), lib.tensor(c0)))
            (out.sum() + h.pow(2).sum() + c.sum()).backward()
            res.append([out.detach().numpy(), h.detach().numpy(), c.detach().numpy(), x.grad.numpy()]
                       + [p.grad.numpy() for p in m.parameters()])
        tol = 1e-5 if dt == "float32" else 1e-10
        for a, b in zip(*res):
            np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
    torch.manual_seed(2)
    ember.manual_seed(2)
    mt = torch.nn.LSTM(2, 5, proj_size=2, bidirectional=True, num_layers=2)
    me = nn.LSTM(2, 5, proj_size=2, bidirectional=True, num_layers=2)
    seqs = [np.random.default_rng(k).standard_normal((n, 2)).astype("float32") for k, n in enumerate((4, 2, 3))]
    ot, (ht, ct) = mt(tpack([torch.tensor(s) for s in seqs], enforce_sorted=False))
    oe, (he, ce) = me(epack([ember.tensor(s) for s in seqs], enforce_sorted=False))
    for a, b in ((ot.data, oe.data), (ht, he), (ct, ce)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_syncbatchnorm_matches_torch():
    torch = _torch()
    xs = np.random.default_rng(0).standard_normal((4, 3, 5)).astype("float32")
    outs = []
    for lib in (torch, ember):
        m = lib.nn.SyncBatchNorm(3, momentum=None)
        y = m(lib.tensor(xs))
        m.eval()
        z = m(lib.tensor(xs[:2]))
        outs.append((repr(m), y.detach().numpy(), z.detach().numpy(), m.running_var.numpy(), type(y.grad_fn).__name__
                     if y.grad_fn is not None else None))
    assert outs[0][0] == outs[1][0]
    for a, b in zip(outs[0][1:4], outs[1][1:4]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
