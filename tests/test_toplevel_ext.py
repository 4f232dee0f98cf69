"""Top-level ``torch.<name>`` functions added in ``ember/ops/toplevel_ext.py``."""
import warnings

import numpy as np
import pytest

import ember

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (the oracle) not installed")


# ---------------------------------------------------------------- finfo / iinfo
def test_finfo_golden():
    f = ember.finfo(ember.float32)
    assert repr(f) == ("finfo(resolution=1e-06, min=-3.40282e+38, max=3.40282e+38, eps=1.19209e-07, "
                       "smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=float32)")
    assert f.bits == 32 and f.eps == 1.1920928955078125e-07 and f.dtype == "float32"
    assert ember.finfo().dtype == "float32"
    h = ember.finfo(ember.float16)
    assert h.resolution == 0.001 and h.max == 65504.0
    assert ember.finfo(ember.complex128).dtype == "float64"


def test_iinfo_golden():
    i = ember.iinfo(ember.int32)
    assert repr(i) == "iinfo(min=-2.14748e+09, max=2.14748e+09, dtype=int32)"
    assert (i.bits, i.min, i.max) == (32, -2147483648, 2147483647)
    assert repr(ember.iinfo(ember.uint8)) == "iinfo(min=0, max=255, dtype=uint8)"


def test_info_errors():
    with pytest.raises(TypeError, match="requires a floating point input type"):
        ember.finfo(ember.int64)
    with pytest.raises(TypeError, match="torch.bool is not supported by torch.iinfo"):
        ember.iinfo(ember.bool)
    with pytest.raises(TypeError, match=r"must be torch.dtype, not str"):
        ember.finfo("float32")


@needs_torch
@pytest.mark.parametrize("name", ["float16", "float32", "float64", "complex64", "complex128"])
def test_finfo_vs_torch(name):
    a, b = torch.finfo(getattr(torch, name)), ember.finfo(getattr(ember, name))
    assert repr(a) == repr(b)
    for f in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"):
        assert getattr(a, f) == getattr(b, f), f


@needs_torch
@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_vs_torch(name):
    a, b = torch.iinfo(getattr(torch, name)), ember.iinfo(getattr(ember, name))
    assert repr(a) == repr(b) and (a.bits, a.min, a.max, a.dtype) == (b.bits, b.min, b.max, b.dtype)


# ---------------------------------------------------------------- torch comparisons
def _conv(m, a):
    if isinstance(a, np.ndarray):
        return m.tensor(a, requires_grad=a.dtype.kind == "f")
    if isinstance(a, (tuple, list)):
        return type(a)(_conv(m, x) for x in a)
    return a


def _flat(r):
    if isinstance(r, (tuple, list)):
        return [y for x in r for y in _flat(x)]
    return [(r.detach().numpy(), r.grad_fn.name() if r.grad_fn is not None else None, str(r.dtype))]


_rng = np.random.default_rng(0)


def R(*s):
    return _rng.standard_normal(s).astype(np.float32)


CASES = [
    ("conv1d", (R(2, 3, 8), R(4, 3, 3), R(4)), dict(stride=2, padding=1)),
    ("conv2d", (R(1, 2, 5, 5), R(3, 2, 3, 3)), dict(padding="same")),
    ("conv_transpose2d", (R(1, 3, 4, 4), R(3, 2, 3, 3), R(2)), {}),
    ("max_pool1d", (R(2, 3, 8), 2), {}),
    ("max_pool2d", (R(2, 3, 8, 8), 3, 2, 1), {}),
    ("max_pool1d_with_indices", (R(2, 3, 8), 3), dict(stride=2)),
    ("adaptive_max_pool1d", (R(2, 3, 8), 3), {}),
    ("avg_pool1d", (R(2, 3, 8), 3), dict(stride=2, padding=1)),
    ("batch_norm", (R(4, 3, 5), None, None, None, None, True, 0.1, 1e-5, False), {}),
    ("instance_norm", (R(4, 3, 5), R(3), R(3), None, None, True, 0.1, 1e-5, False), {}),
    ("layer_norm", (R(4, 3, 5), [5], R(5), R(5)), {}),
    ("group_norm", (R(4, 4, 5), 2, R(4), R(4)), {}),
    ("rms_norm", (R(4, 3, 5), [3, 5]), {}),
    ("embedding", (R(10, 3), np.array([[1, 2], [4, 9]])), {}),
    ("embedding_bag", (R(10, 3), np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 4])), {}),
    ("embedding_bag", (R(10, 3), np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 4]), False, 1), {}),
    ("embedding_bag", (R(10, 3), np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 3, 8]), False, 2, False, None,
                       True), {}),
    ("dropout", (R(3, 4), 0.5, False), {}),
    ("pixel_shuffle", (R(1, 8, 2, 2), 2), {}),
    ("channel_shuffle", (R(1, 4, 2, 2), 2), {}),
    ("cosine_similarity", (R(3, 4), R(3, 4)), {}),
    ("pairwise_distance", (R(3, 4), R(3, 4)), dict(keepdim=True)),
    ("pdist", (R(4, 3),), {}),
    ("bilinear", (R(3, 4), R(3, 5), R(2, 4, 5), R(2)), {}),
    ("kl_div", (R(3, 4), np.abs(R(3, 4))), {}),
    ("kl_div", (R(3, 4), R(3, 4), 2), dict(log_target=True)),
    ("kl_div", (R(3, 4), R(3, 4), 1), {}),
    ("binary_cross_entropy_with_logits", (R(3, 4), np.abs(R(3, 4)) / 4), dict(reduction=2)),
    ("cosine_embedding_loss", (R(3, 4), R(3, 4), np.array([1., -1., 1.], np.float32)), {}),
    ("hinge_embedding_loss", (R(3, 4), np.sign(R(3, 4))), dict(margin=0.5)),
    ("margin_ranking_loss", (R(5), R(5), np.sign(R(5))), {}),
    ("poisson_nll_loss", (R(3, 4), np.abs(R(3, 4)), True, True, 1e-8, 1), {}),
    ("triplet_margin_loss", (R(3, 4), R(3, 4), R(3, 4)), dict(swap=True)),
    ("ctc_loss", (np.log(np.full((6, 2, 5), 0.2, np.float32)), np.array([[1, 2], [3, 3]]), [6, 5], [2, 2]), {}),
    ("selu", (R(3, 4),), {}),
    ("celu", (R(3, 4), 0.5), {}),
    ("threshold", (R(3, 4), 0.1, 20.), {}),
    ("constant_pad_nd", (R(2, 3, 4), [1, 0, 0, 2]), dict(value=3.)),
    ("grid_sampler", (R(1, 2, 4, 4), np.clip(R(1, 3, 3, 2), -1, 1), 1, 1, True), {}),
    ("affine_grid_generator", (R(2, 2, 3), [2, 3, 4, 5], False), {}),
    ("arccosh", (np.abs(R(3)) + 1.5,), {}),
    ("arctanh", (R(3) / 5,), {}),
    ("fill", (R(3), 2.5), {}),
    ("view_copy", (R(2, 3, 4), (6, 4)), {}),
    ("t_copy", (R(3, 4),), {}),
    ("transpose_copy", (R(2, 3, 4), 0, 2), {}),
    ("permute_copy", (R(2, 3, 4), (2, 0, 1)), {}),
    ("expand_copy", (R(2, 1, 4), (2, 5, 4)), {}),
    ("unsqueeze_copy", (R(2, 3), 1), {}),
    ("squeeze_copy", (R(1, 3, 1),), {}),
    ("squeeze_copy", (R(1, 3, 1), 2), {}),
    ("select_copy", (R(2, 3, 4), 1, -1), {}),
    ("slice_copy", (R(2, 3, 4), 1, 0, 3, 2), {}),
    ("slice_copy", (R(2, 3, 4),), {}),
    ("slice_copy", (R(2, 3, 4), -1), {}),
    ("diagonal_copy", (R(2, 3, 4),), dict(offset=1, dim1=1, dim2=2)),
    ("split_copy", (R(5, 3), 2), {}),
    ("split_with_sizes_copy", (R(5, 3), [1, 4]), {}),
    ("unbind_copy", (R(2, 3), 1), {}),
    ("unfold_copy", (R(2, 7), 1, 3, 2), {}),
    ("alias_copy", (R(2, 3),), {}),
    ("as_strided_copy", (R(3, 3), (2, 2), (1, 2), 1), {}),
    ("detach", (R(2, 3),), {}),
    ("unravel_index", (np.array([[1234], [5678]]), (10, 10, 10, 10)), {}),
]


@needs_torch
@pytest.mark.parametrize("name,args,kw", CASES, ids=[c[0] for c in CASES])
def test_vs_torch(name, args, kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ft = _flat(getattr(torch, name)(*_conv(torch, args), **kw))
        fe = _flat(getattr(ember, name)(*_conv(ember, args), **kw))
    assert len(ft) == len(fe)
    for (a, ga, da), (b, gb, db) in zip(ft, fe):
        assert (ga, da) == (gb, db)
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@needs_torch
def test_copy_backward_matches():
    xs = [m.arange(12.).reshape(3, 4).requires_grad_() for m in (torch, ember)]
    for m, x in zip((torch, ember), xs):
        a, b = m.split_with_sizes_copy(x, [1, 2], 0)
        (a.sum() * 2 + (b * b).sum() + m.t_copy(x).sum()).backward()
    np.testing.assert_allclose(xs[0].grad.numpy(), xs[1].grad.numpy())


def test_copy_is_fresh_storage():
    x = ember.zeros(2, 3)
    y = ember.transpose_copy(x, 0, 1)
    y.fill_(1.0)
    assert float(x.sum()) == 0.0 and y.is_contiguous()


def test_detach_copy_not_implemented():
    y = ember.detach_copy(ember.ones(2, requires_grad=True))
    assert y.requires_grad and y.grad_fn.name() == "torch::autograd::NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::detach_copy is not implemented"):
        y.sum().backward()


# ---------------------------------------------------------------- in-place forms
@pytest.mark.parametrize("name", ["sigmoid_", "exp_", "neg_", "sqrt_", "tanh_", "zero_", "trunc_"])
def test_inplace_returns_self(name):
    x = ember.tensor([0.25, 0.5])
    expect = getattr(ember.tensor([0.25, 0.5]), name)()
    assert getattr(ember, name)(x) is x
    assert x.tolist() == expect.tolist()


def test_inplace_args_and_errors():
    x = ember.tensor([-1.0, 0.5, 2.0])
    ember.clamp_(x, min=0.0, max=1.0)
    assert x.tolist() == [0.0, 0.5, 1.0]
    assert ember.round_(ember.tensor([1.26]), decimals=1).tolist() == [pytest.approx(1.3)]
    with pytest.raises(TypeError, match=r"sigmoid_\(\): argument 'input' \(position 1\) must be Tensor, not int"):
        ember.sigmoid_(3)


# ---------------------------------------------------------------- dropout
def test_dropout_errors_and_identity():
    x = ember.ones(2, 3)
    assert ember.dropout(x, 0.5, False) is x
    with pytest.raises(RuntimeError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        ember.dropout(x, 1.5, True)
    with pytest.raises(RuntimeError, match="Feature dropout requires at least 2 dimensions"):
        ember.feature_dropout(ember.ones(4), 0.5, True)
    y = ember.ones(100, 10)
    assert ember.dropout_(y, 0.5, True) is y
    assert set(np.unique(y.numpy()).tolist()) <= {0.0, 2.0}


# ---------------------------------------------------------------- windows
def test_window_goldens():
    assert ember.hann_window(5, False, dtype=ember.float64).tolist() == [0.0, 0.49999999999999994, 1.0, 0.5000000000000001, 0.0]
    assert ember.bartlett_window(4, False, dtype=ember.float64).tolist() == pytest.approx([0, 2 / 3, 2 / 3, 0])
    np.testing.assert_allclose(ember.hamming_window(4, False, dtype=ember.float64).numpy(), [0.08, 0.77, 0.77, 0.08])
    assert ember.hann_window(0).shape == (0,) and ember.hann_window(1).tolist() == [1.0]
    w = ember.hann_window(5, requires_grad=True)
    assert w.requires_grad and w.dtype == ember.float32
    with pytest.raises(RuntimeError, match="hann_window requires non-negative window_length, got window_length=-1"):
        ember.hann_window(-1)
    with pytest.raises(RuntimeError, match="kaiser_window expects floating point dtypes"):
        ember.kaiser_window(3, dtype=ember.int64)


@needs_torch
@pytest.mark.parametrize("name", ["hann_window", "hamming_window", "blackman_window", "bartlett_window",
                                  "kaiser_window"])
@pytest.mark.parametrize("dt", ["float32", "float64", "float16"])
def test_windows_vs_torch(name, dt):
    for n in (0, 1, 2, 5, 8, 11, 64):
        for periodic in (True, False):
            a = getattr(torch, name)(n, periodic, dtype=getattr(torch, dt)).numpy()
            b = getattr(ember, name)(n, periodic, dtype=getattr(ember, dt)).numpy()
            assert a.dtype == b.dtype and a.shape == b.shape
            np.testing.assert_allclose(a, b, rtol=2e-6 if dt != "float16" else 1e-3, atol=1e-7)


# ---------------------------------------------------------------- misc
def test_unravel_index_golden():
    r = ember.unravel_index(ember.tensor([4, 1]), (3, 2))
    assert [t.tolist() for t in r] == [[2, 0], [0, 1]]
    with pytest.raises(TypeError, match="expected 'indices' to be integer dtype, but got torch.float32"):
        ember.unravel_index(ember.tensor(1.0), (3, 4))


def test_settings_roundtrip():
    assert ember.get_float32_matmul_precision() == "highest"
    ember.set_float32_matmul_precision("high")
    try:
        assert ember.get_float32_matmul_precision() == "high"
        with pytest.warns(UserWarning, match="is not one of 'highest', 'high', or 'medium'"):
            ember.set_float32_matmul_precision("bad")
        assert ember.get_float32_matmul_precision() == "high"
    finally:
        ember.set_float32_matmul_precision("highest")
    ember.set_deterministic_debug_mode("warn")
    try:
        assert ember.get_deterministic_debug_mode() == 1
        assert ember.are_deterministic_algorithms_enabled() and ember.is_deterministic_algorithms_warn_only_enabled()
    finally:
        ember.set_deterministic_debug_mode(0)
    assert not ember.are_deterministic_algorithms_enabled()
    with pytest.raises(RuntimeError, match="expected 0, 1, or 2, but got 3"):
        ember.set_deterministic_debug_mode(3)
    with pytest.raises(RuntimeError, match="set_num_interop_threads expects a positive integer"):
        ember.set_num_interop_threads(0)
    with pytest.raises(RuntimeError, match="setWarnOnlyOnce expects a bool, but got int"):
        ember.set_warn_always(1)


def test_typename_and_storage():
    assert ember.typename(ember.zeros(2)) == "torch.FloatTensor"
    assert ember.typename(3) == "int"
    assert ember.typename(ember.nn.Linear(1, 1)) == "torch.nn.modules.linear.Linear"
    assert ember.is_storage(ember.zeros(2)) is False


def test_set_default_tensor_type():
    with pytest.warns(UserWarning, match="set_default_tensor_type\\(\\) is deprecated"):
        ember.set_default_tensor_type(ember.DoubleTensor)
    try:
        assert ember.tensor([1.0]).dtype == ember.float64
        with pytest.raises(TypeError, match="only floating-point types are supported as the default type"), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ember.set_default_tensor_type(ember.LongTensor)
    finally:
        ember.set_default_dtype(ember.float32)


def test_empty_strided_and_frombuffer():
    t = ember.empty_strided((2, 3), (1, 2))
    assert t.shape == (2, 3) and t.stride() == (1, 2)
    b = bytearray(np.arange(4, dtype=np.int32).tobytes())
    f = ember.frombuffer(b, dtype=ember.int32, offset=4)
    assert f.tolist() == [1, 2, 3] and f.dtype == ember.int32


def test_angle_gradient_old_norms_and_is_inference():
    import math
    import warnings
    x = ember.tensor([1.5, -2.0, 0.0, float("nan"), -0.0], requires_grad=True)
    a = ember.angle(x)
    got = a.tolist()
    assert got[:3] == [0.0, pytest.approx(math.pi), 0.0] and math.isnan(got[3]) and got[4] == 0.0
    assert a.grad_fn.name() == "AngleBackward0" and x.angle().tolist()[1] == pytest.approx(math.pi)
    a.sum().backward()
    assert x.grad.tolist() == [0.0] * 5
    assert ember.angle(ember.tensor([1 + 1j])).tolist() == [pytest.approx(math.pi / 4)]
    (g,) = ember.gradient(ember.tensor([1.0, 4.0, 9.0, 16.0]))
    assert g.tolist() == [3.0, 4.0, 6.0, 7.0]
    (g2,) = ember.gradient(ember.tensor([1.0, 4.0, 9.0, 16.0]), edge_order=2)
    assert g2.tolist() == [2.0, 4.0, 6.0, 8.0]
    y = ember.tensor([1.0, 2.0, 4.0], requires_grad=True)
    ember.gradient(y * y)[0].sum().backward()
    assert y.grad is not None
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert ember.nuclear_norm(ember.tensor([[1.0, 2.0], [3.0, 4.0]])).item() == pytest.approx(5.8309518)
        assert ember.frobenius_norm(ember.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=(0, 1)).item() == pytest.approx(
            math.sqrt(30))
    assert len(w) == 2 and "deprecated" in str(w[0].message)
    assert ember.is_inference(ember.ones(1)) is False
