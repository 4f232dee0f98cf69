"""Tests for ``ember.fft`` (PyTorch 2.13's ``torch.fft``)."""
import warnings

import numpy as np
import pytest

import ember
from ember.autograd import gradcheck

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")
rng = np.random.default_rng(0)


def _np(t):
    return t._data if isinstance(t, ember.Tensor) else t.detach().resolve_conj().numpy()


# ------------------------------------------------------------ closed forms
def test_fft_of_delta_is_ones():
    x = ember.zeros(8)
    x[0] = 1.0
    y = ember.fft.fft(x)
    assert y.dtype == ember.complex64
    np.testing.assert_allclose(y._data, np.ones(8), atol=1e-6)


def test_fft_of_ones_is_delta_and_norms():
    x = ember.ones(4, dtype=ember.float64)
    np.testing.assert_allclose(ember.fft.fft(x)._data, [4, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(ember.fft.fft(x, norm="ortho")._data, [2, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(ember.fft.fft(x, norm="forward")._data, [1, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(ember.fft.ifft(x)._data, [1, 0, 0, 0], atol=1e-12)
    assert ember.fft.fft(x).dtype == ember.complex128


def test_rfft_shapes_and_dtypes():
    x = ember.arange(8)  # int64 -> default float -> complex64
    y = ember.fft.rfft(x)
    assert tuple(y.shape) == (5,) and y.dtype == ember.complex64
    np.testing.assert_allclose(y._data[0], 28)
    z = ember.fft.irfft(y)
    assert z.dtype == ember.float32 and tuple(z.shape) == (8,)
    np.testing.assert_allclose(z._data, np.arange(8), atol=1e-5)
    assert tuple(ember.fft.irfft(y, n=9).shape) == (9,)
    assert tuple(ember.fft.rfft(x, n=3).shape) == (2,)


@pytest.mark.parametrize("shape", [(8,), (7,), (3, 6)])
def test_round_trips(shape):
    a = rng.standard_normal(shape)
    x = ember.tensor(a)
    np.testing.assert_allclose(ember.fft.irfft(ember.fft.rfft(x), n=shape[-1])._data, a, atol=1e-12)
    np.testing.assert_allclose(ember.fft.ifft(ember.fft.fft(x))._data.real, a, atol=1e-12)
    np.testing.assert_allclose(ember.fft.irfftn(ember.fft.rfftn(x), s=shape)._data, a, atol=1e-12)
    np.testing.assert_allclose(ember.fft.hfft(ember.fft.ihfft(x), n=shape[-1])._data, a, atol=1e-12)


def test_fftn_matches_numpy():
    a = rng.standard_normal((3, 4, 5)) + 1j * rng.standard_normal((3, 4, 5))
    x = ember.tensor(a)
    np.testing.assert_allclose(ember.fft.fftn(x)._data, np.fft.fftn(a), atol=1e-10)
    np.testing.assert_allclose(ember.fft.fft2(x, s=(3, 6))._data, np.fft.fft2(a, s=(3, 6)), atol=1e-10)
    np.testing.assert_allclose(ember.fft.ifftn(x, dim=(0, 2), norm="ortho")._data,
                               np.fft.ifftn(a, axes=(0, 2), norm="ortho"), atol=1e-10)


def test_freq_and_shift():
    np.testing.assert_allclose(ember.fft.fftfreq(5)._data, [0, 0.2, 0.4, -0.4, -0.2], rtol=1e-6)
    np.testing.assert_allclose(ember.fft.rfftfreq(6, 0.5)._data, [0, 1 / 3, 2 / 3, 1], rtol=1e-6)
    assert ember.fft.fftfreq(4, dtype=ember.float64).dtype == ember.float64
    assert ember.fft.fftshift(ember.arange(5)).tolist() == [3, 4, 0, 1, 2]
    assert ember.fft.ifftshift(ember.arange(5)).tolist() == [2, 3, 4, 0, 1]
    t = ember.arange(6).reshape(2, 3)
    assert ember.fft.fftshift(t, dim=1).tolist() == [[2, 0, 1], [5, 3, 4]]


def test_out_argument():
    out = ember.empty(4, dtype=ember.complex128)
    r = ember.fft.fft(ember.arange(4.0), out=out)
    assert r is out
    np.testing.assert_allclose(out._data, [6, -2 + 2j, -2, -2 - 2j], atol=1e-6)
    with pytest.raises(RuntimeError, match="fft expects a complex output tensor, but got Float"):
        ember.fft.fft(ember.arange(4.0), out=ember.empty(4))
    with pytest.raises(RuntimeError, match="irfft expects a floating point output tensor, but got ComplexFloat"):
        ember.fft.irfft(ember.arange(4.0), out=ember.empty(6, dtype=ember.complex64))


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("call, exc, msg", [
    (lambda: ember.fft.fft(ember.ones(4), norm="bad"), RuntimeError, 'Invalid normalization mode: "bad"'),
    (lambda: ember.fft.fft(ember.ones(4), dim=1), IndexError,
     r"Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)"),
    (lambda: ember.fft.fft(ember.ones(4), n=0), RuntimeError, r"Invalid number of data points \(0\) specified"),
    (lambda: ember.fft.irfft(ember.ones(1)), RuntimeError, r"Invalid number of data points \(0\) specified"),
    (lambda: ember.fft.fft(ember.tensor(1.0)), IndexError, "Dimension specified as -1 but tensor has no dimensions"),
    (lambda: ember.fft.rfft(ember.ones(4, dtype=ember.complex64)), RuntimeError,
     "rfft expects a real input tensor, but got ComplexFloat"),
    (lambda: ember.fft.fft(ember.ones(4, dtype=ember.float16)), RuntimeError, "Unsupported dtype Half"),
    (lambda: ember.fft.fftn(ember.ones(4, 4), dim=(0, 0)), RuntimeError, "FFT dims must be unique"),
    (lambda: ember.fft.fft2(ember.ones(4, 4), s=(3,)), RuntimeError,
     "When given, dim and shape arguments must have the same length"),
    (lambda: ember.fft.fftn(ember.ones(4), s=(2, 2)), RuntimeError,
     "Got shape with 2 values but input tensor only has 1 dimensions."),
    (lambda: ember.fft.rfftn(ember.ones(4), dim=()), RuntimeError, "rfftn must transform at least one axis"),
    (lambda: ember.fft.fftfreq(4, dtype=ember.int64), RuntimeError,
     "fftfreq requires a floating point or complex dtype"),
])
def test_errors(call, exc, msg):
    with pytest.raises(exc, match=msg):
        call()


def test_out_with_grad_raises():
    x = ember.randn(4, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"_fft_r2c\(\): functions with out="):
        ember.fft.rfft(x, out=ember.empty(3, dtype=ember.complex64))


# ---------------------------------------------------------------- autograd
@pytest.mark.parametrize("fn, name", [
    (lambda t: ember.fft.rfft(t), "FftR2CBackward0"),
    (lambda t: ember.fft.fft(t), "FftR2CBackward0"),
    (lambda t: ember.fft.fft2(t), "FftC2CBackward0"),
    (lambda t: ember.fft.irfft(t), "FftC2RBackward0"),
    (lambda t: ember.fft.hfft(t), "FftC2RBackward0"),
    (lambda t: ember.fft.ifft(t), "ConjBackward0"),
    (lambda t: ember.fft.fftshift(t), "RollBackward0"),
])
def test_grad_fn_names(fn, name):
    x = ember.randn(4, 6, requires_grad=True)
    assert fn(x).grad_fn.name() == name


def test_rfft_abs_backward_closed_form():
    # x = delta: rfft(x) = 1 in every one-sided bin, so d/dx_j sum_k |X_k|^2 = 2 sum_{k<=4} cos(2 pi j k / 8)
    x = ember.zeros(8, dtype=ember.float64, requires_grad=True)
    with ember.no_grad():
        x[0] = 1.0
    (ember.fft.rfft(x).abs() ** 2).sum().backward()
    j, k = np.arange(8)[:, None], np.arange(5)[None, :]
    np.testing.assert_allclose(x.grad._data, 2 * np.cos(2 * np.pi * j * k / 8).sum(1), atol=1e-12)


@pytest.mark.parametrize("fn", [
    lambda t, w: ember.fft.irfft(ember.fft.rfft(t) * w, n=6),
    lambda t, w: ember.fft.hfft(ember.fft.ihfft(t, norm="ortho") * w, n=6),
    lambda t, w: ember.fft.irfftn(ember.fft.rfftn(t.reshape(2, 3), norm="forward") * w[:2], s=(2, 3)).reshape(6),
    lambda t, w: ember.fft.fft(t, n=8).abs(),
    lambda t, w: ember.fft.ifft(ember.fft.fft(t) * w[0]).real,
])
def test_gradcheck_real_compositions(fn):
    w = ember.tensor(rng.standard_normal(4) + 0.5)
    x = ember.tensor(rng.standard_normal(6), requires_grad=True)
    assert gradcheck(lambda t: fn(t, w), (x,))


def _grad(lib, name, a, kw, w):
    x = lib.tensor(a, requires_grad=True)
    y = getattr(lib.fft, name)(x, **kw)
    wt = lib.tensor(w)
    loss = (y.abs() * wt).sum() if y.is_complex() else (y * wt).sum()
    loss.backward()
    return y.grad_fn.name(), _np(x.grad)


_GRAD_CASES = [(nm, kw) for nm in ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
               for kw in [{}, {"n": 5}, {"n": 12}, {"norm": "ortho"}, {"norm": "forward"}, {"dim": 0}]]
_GRAD_CASES += [(nm, kw) for nm in ["fft2", "ifft2", "rfft2", "irfft2", "hfft2", "ihfft2", "fftn", "ifftn",
                                    "rfftn", "irfftn", "hfftn", "ihfftn"]
                for kw in [{}, {"s": (3, 4)}, {"dim": (0,)}, {"norm": "ortho"}, {"dim": (-1, 0)}]]


@needs_torch
@pytest.mark.parametrize("complex_input", [False, True])
@pytest.mark.parametrize("name, kw", _GRAD_CASES)
def test_gradients_match_torch(name, kw, complex_input):
    if complex_input and name.startswith(("rfft", "ihfft")):
        pytest.skip("real-input transform")
    a = rng.standard_normal((3, 6))
    if complex_input:
        a = a + 1j * rng.standard_normal((3, 6))
    w = rng.standard_normal(tuple(getattr(torch.fft, name)(torch.tensor(a), **kw).shape)) + 0.5
    tn, tg = _grad(torch, name, a, kw, w)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        en, eg = _grad(ember, name, a, kw, w)
    assert en == tn
    assert eg.dtype == tg.dtype
    np.testing.assert_allclose(eg, tg, atol=1e-10)


_VALUE_NAMES = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2",
                "hfft2", "ihfft2", "fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn"]


@needs_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.int64])
@pytest.mark.parametrize("name", _VALUE_NAMES)
def test_values_and_errors_match_torch(name, dtype):
    a = rng.standard_normal((4, 5)) * 3
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.standard_normal((4, 5))
    a = a.astype(dtype)
    kws = [{}, {"norm": "ortho"}, {"norm": "forward"}]
    kws += [{"n": 7}, {"n": 3}, {"dim": 0}] if not name[-1] in "2n" else [{"s": (3, 8)}, {"dim": (0,)}, {"s": (-1, 6)}]
    for kw in kws:
        res = []
        for lib in (torch, ember):
            try:
                y = getattr(lib.fft, name)(lib.tensor(a), **kw)
                res.append((str(y.dtype), tuple(y.shape), _np(y)))
            except Exception as e:  # noqa: BLE001 - compare the error itself
                res.append((type(e).__name__, str(e), None))
        (t0, t1, tv), (e0, e1, ev) = res
        assert (t0, t1) == (e0, e1), (name, kw)
        if tv is not None:
            tol = 1e-10 if t0 in ("torch.float64", "torch.complex128") else 1e-4
            np.testing.assert_allclose(ev, tv, rtol=tol, atol=tol * max(1.0, np.abs(tv).max()))


@needs_torch
def test_double_backward_matches_torch():
    a = rng.standard_normal(6)
    w = rng.standard_normal(4) + 0.5
    res = []
    for lib in (torch, ember):
        x = lib.tensor(a, requires_grad=True)
        loss = (lib.fft.rfft(x).real ** 2 * lib.tensor(w)).sum()
        g, = lib.autograd.grad(loss, x, create_graph=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ember's ToCopyBackward0 casts complex -> real with a warning
            g2, = lib.autograd.grad((g * g).sum(), x)
        res.append(_np(g2))
    np.testing.assert_allclose(res[1], res[0], atol=1e-9)


@needs_torch
def test_freq_bitwise_and_reprs_match_torch():
    for n, d in [(5, 1.0), (6, 0.3), (0, 1.0), (7, 2.5)]:
        assert np.array_equal(_np(ember.fft.fftfreq(n, d)), _np(torch.fft.fftfreq(n, d)), equal_nan=True)
        assert np.array_equal(_np(ember.fft.rfftfreq(n, d)), _np(torch.fft.rfftfreq(n, d)), equal_nan=True)
    x = np.arange(4.0)
    assert repr(ember.fft.fft(ember.tensor(x))) == repr(torch.fft.fft(torch.tensor(x)))
    h = np.array([4.0, 0.0, 0.0])
    assert repr(ember.fft.irfft(ember.tensor(h))) == repr(torch.fft.irfft(torch.tensor(h)))


def test_complex_gradients_follow_pytorch_convention_or_refuse():
    # d|c * d| / dc with PyTorch's conjugate convention; unverified complex rules refuse instead of lying
    c = ember.tensor([1 + 2j, 3 - 1j], requires_grad=True)
    d = ember.tensor([0.5 - 1j, 2 + 0.5j], requires_grad=True)
    (c * d).abs().sum().backward()
    np.testing.assert_allclose(c.grad.numpy(), [0.5 + 1j, 1.9558 - 0.6519j], atol=1e-4)
    r = ember.tensor([1.0, 2.0], requires_grad=True)
    (r * d).abs().sum().backward()  # a real input gets the real part
    np.testing.assert_allclose(r.grad.numpy(), [1.1180, 2.0616], atol=1e-4)
    assert ember.tensor([1.0, 2.0]) * (1 + 1j) is not None
    m = ember.tensor([[1 + 1j, 0j], [0j, 1 - 1j]], requires_grad=True)
    with pytest.raises(NotImplementedError, match="MmBackward0 with complex inputs"):
        (m @ m).abs().sum().backward()


def test_custom_function_with_complex_inputs_runs_the_users_backward():
    class Twice(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    c = ember.tensor([1 + 1j], requires_grad=True)
    Twice.apply(c).abs().sum().backward()
    np.testing.assert_allclose(c.grad.numpy(), [np.sqrt(2) * (1 + 1j)], rtol=1e-6)
