"""Course-style programs print what PyTorch prints: regressions found by running learner programs.

Each test pins one discrepancy found by running intro-course PyTorch programs (activations,
losses, normalisation layers, training loops) under PyTorch and under ember. Comparisons with
PyTorch are skipped when ``torch`` is not importable; the golden values were printed by
PyTorch 2.13 (CPU, AVX2) and run everywhere.
"""
from __future__ import annotations

import contextlib
import math

import numpy as np
import pytest

import ember
import ember.nn as nn
from ember.nn._functional._moments import fma, rowwise_moments

try:
    import torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")


def _bits(t) -> list:
    """Exact float values of a tensor (either library) as hex strings."""
    return [float(v).hex() for v in np.asarray(t.detach().double().numpy()).ravel()]


@contextlib.contextmanager
def _threads(n: int):
    """ember (and PyTorch, when present) with ``n`` intra-op threads for the block."""
    old_e = ember.get_num_threads()
    old_t = torch.get_num_threads() if torch is not None else None
    ember.set_num_threads(n)
    if torch is not None:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        ember.set_num_threads(old_e)
        if torch is not None:
            torch.set_num_threads(old_t)


# ------------------------------------------------- fused multiply-add helper
def _round_f32(fr):
    """The float32 nearest to the Fraction ``fr`` (ties to even), without double rounding."""
    from fractions import Fraction
    r = np.float32(float(fr))
    cands = [r, np.nextafter(r, np.float32(np.inf)), np.nextafter(r, np.float32(-np.inf))]
    return min(cands, key=lambda v: (abs(Fraction(float(v)) - fr), int(np.array(v).view(np.int32)) & 1))


def test_fma_float32_is_correctly_rounded():
    from fractions import Fraction
    rng = np.random.default_rng(0)
    for trial in range(40):
        e = rng.integers(-30, 30, size=3)
        a = (rng.standard_normal(300) * 2.0 ** e[0]).astype(np.float32)
        b = (rng.standard_normal(300) * 2.0 ** e[1]).astype(np.float32)
        c = (rng.standard_normal(300) * 2.0 ** e[2]).astype(np.float32)
        if trial % 3 == 0:  # exact products landing on float32 midpoints
            a = np.float32(0.5)
        if trial % 4 == 0:  # cancellation, and results in the float32 subnormal range
            c = (-(a * b) * np.float32(1 + 2.0 ** -20)).astype(np.float32) * np.float32(1e-30)
            b = b * np.float32(1e-30)
        want = np.array([_round_f32(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)))
                         for x, y, z in zip(*np.broadcast_arrays(a, b, c))], np.float32)
        np.testing.assert_array_equal(fma(a, b, c, np.float32).view(np.int32), want.view(np.int32))


# ------------------------------------------------------------- LayerNorm
@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_rowwise_moments_match_aten(dtype):
    g = torch.Generator().manual_seed(0)
    for n in list(range(1, 40)) + [64, 100, 127, 128, 129, 255, 256, 513, 2049, 8193]:
        x = torch.randn(5, n, generator=g, dtype=getattr(torch, dtype)) * 3 + 0.7
        _, mean, rstd = torch.native_layer_norm(x, (n,), None, None, 1e-5)
        m, v = rowwise_moments(x.numpy())
        dt = m.dtype.type
        assert m.tolist() == mean.ravel().tolist(), n
        assert (dt(1) / np.sqrt(v + dt(1e-5))).tolist() == rstd.ravel().tolist(), n


@needs_torch
@pytest.mark.parametrize("shape,norm", [((3, 4), (4,)), ((2, 5, 7), (7,)), ((4, 3, 6), (3, 6)),
                                        ((8, 33), (33,)), ((2, 3, 130), (130,))])
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_forward_bits_match_torch(shape, norm, affine):
    torch.manual_seed(0)
    ember.manual_seed(0)
    t_ln, e_ln = torch.nn.LayerNorm(norm, elementwise_affine=affine), nn.LayerNorm(norm, elementwise_affine=affine)
    if affine:
        with torch.no_grad():
            t_ln.weight.normal_()
            t_ln.bias.normal_()
        e_ln.load_state_dict({k: ember.tensor(v.numpy()) for k, v in t_ln.state_dict().items()})
    x = torch.randn(*shape) * 2 + 0.3
    yt, ye = t_ln(x), e_ln(ember.tensor(x.numpy()))
    assert _bits(ye) == _bits(yt)
    if len(norm) == 1:
        assert _bits(ye.mean(-1)) == _bits(yt.mean(-1))


def test_layer_norm_output_mean_prints_like_torch():
    # a course cell: "the normalised rows have mean 0" -- the noise is PyTorch's float32 Welford
    ember.manual_seed(0)
    ln = nn.LayerNorm(4)
    y = ln(ember.randn(3, 4))
    assert str(y.mean(-1)) == "tensor([2.2352e-08, 0.0000e+00, 0.0000e+00], grad_fn=<MeanBackward1>)"


# ------------------------------------------------------------- BatchNorm
@needs_torch
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("shape", [(6, 3), (2, 3), (2, 20), (3, 40), (16, 8), (64, 10), (100, 2), (128, 33),
                                   (4, 3, 5), (2, 3, 7), (32, 4, 8, 8), (3, 5, 2, 2)])
@pytest.mark.parametrize("dtype", ["float32"])  # float64 NCHW var sums still differ in the last bit at times
def test_batch_norm_forward_and_running_stats_bits_match_torch(threads, shape, dtype):
    with _threads(threads):
        torch.manual_seed(0)
        t_bn = (torch.nn.BatchNorm1d if len(shape) < 4 else torch.nn.BatchNorm2d)(shape[1]).to(getattr(torch, dtype))
        e_bn = (nn.BatchNorm1d if len(shape) < 4 else nn.BatchNorm2d)(shape[1]).to(getattr(ember, dtype))
        with torch.no_grad():
            t_bn.weight.normal_()
            t_bn.bias.normal_()
        e_bn.load_state_dict({k: ember.tensor(v.numpy()) for k, v in t_bn.state_dict().items()})
        for scale in (3.0, 0.5):
            x = (torch.randn(*shape) * scale + 1).to(getattr(torch, dtype))
            yt, ye = t_bn(x), e_bn(ember.tensor(x.numpy()))
            assert _bits(ye) == _bits(yt)
        assert _bits(e_bn.running_mean) == _bits(t_bn.running_mean)
        assert _bits(e_bn.running_var) == _bits(t_bn.running_var)
        t_bn.eval()
        e_bn.eval()
        assert _bits(e_bn(ember.tensor(x.numpy()))) == _bits(t_bn(x))


@needs_torch
def test_batch_norm_float64_matches_torch_closely():
    torch.manual_seed(0)
    x = torch.randn(4, 3, 5, dtype=torch.float64)
    t_bn, e_bn = torch.nn.BatchNorm1d(3).double(), nn.BatchNorm1d(3).double()
    yt, ye = t_bn(x), e_bn(ember.tensor(x.numpy()))
    np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), rtol=1e-14, atol=1e-15)
    assert _bits(e_bn.running_mean) == _bits(t_bn.running_mean)
    t_bn.eval()
    e_bn.eval()
    np.testing.assert_allclose(e_bn(ember.tensor(x.numpy())).detach().numpy(), t_bn(x).detach().numpy(),
                               rtol=1e-14, atol=1e-15)


@needs_torch
def test_batch_norm_cumulative_average_and_no_running_stats_match_torch():
    torch.manual_seed(1)
    x = torch.randn(10, 4)
    t1, e1 = torch.nn.BatchNorm1d(4, momentum=None, affine=False), nn.BatchNorm1d(4, momentum=None, affine=False)
    for _ in range(3):
        t1(x)
        e1(ember.tensor(x.numpy()))
    assert _bits(e1.running_mean) == _bits(t1.running_mean)
    assert _bits(e1.running_var) == _bits(t1.running_var)
    t2, e2 = torch.nn.BatchNorm1d(4, track_running_stats=False), nn.BatchNorm1d(4, track_running_stats=False)
    t2.eval()
    e2.eval()
    assert _bits(e2(ember.tensor(x.numpy()))) == _bits(t2(x))


def test_batch_norm_output_statistics_print_like_torch():
    # golden values printed by PyTorch 2.13 with 2 intra-op threads
    with _threads(2):
        ember.manual_seed(0)
        bn = nn.BatchNorm1d(3)
        out = bn(ember.randn(6, 3) * 5 + 2)
        assert _bits(out.mean(0)) == ['0x1.2aaaaa0000000p-27', '0x1.5555560000000p-24', '-0x1.5555560000000p-25']
        assert bn.running_mean.tolist() == [0.17619042098522186, 0.5036874413490295, 0.35570311546325684]
        assert bn.running_var.tolist() == [3.2335469722747803, 4.060786247253418, 3.3454666137695312]
        ember.manual_seed(0)
        bn2 = nn.BatchNorm2d(2)
        o2 = bn2(ember.randn(4, 2, 3, 3))
        assert _bits(o2[:, :, 1, 1]) == ['0x1.59f5860000000p-1', '0x1.4bd1120000000p+0', '-0x1.08949a0000000p-1',
                                         '-0x1.bbf8100000000p-1', '-0x1.1be1ac0000000p-2', '0x1.d57cc20000000p-1',
                                         '0x1.8911a20000000p+0', '0x1.dade1a0000000p-6']
        assert bn2.running_var.tolist() == [1.0024442672729492, 0.9952107071876526]


def test_instance_norm_eval_keeps_the_fma_residue():
    # x * alpha + (-mean * alpha) with FMAs leaves PyTorch's 1.1102e-16 at x == running_mean
    m = nn.InstanceNorm1d(1, track_running_stats=True, momentum=0.5).double()
    m(ember.tensor([[[0., 2.]], [[4., 8.]]], dtype=ember.float64))
    m.eval()
    y = m(ember.tensor([[[1.75, 3.75]]], dtype=ember.float64))
    assert y.tolist() == [[[1.1102230246251565e-16, 1.1546986138831654]]]


def test_large_inputs_keep_the_fast_path():
    # above _EXACT_NORM_MAX elements the statistics are float64 (last-bit differences only)
    from ember.nn._functional import basic
    x = ember.randn(2, basic._EXACT_NORM_MAX)
    y = nn.LayerNorm(basic._EXACT_NORM_MAX)(x).detach()
    assert abs(float(y.mean())) < 1e-6 and math.isclose(float(y.std(unbiased=False)), 1.0, rel_tol=1e-4)


# ----------------------------------------------------- convolution dtype errors
def _conv_outcome(lib, fname, xdt, wdt, bdt, nd):
    F = lib.nn.functional
    x = lib.ones((1, 1) + (4,) * nd, dtype=getattr(lib, xdt))
    w = lib.ones((1, 1) + (2,) * nd, dtype=getattr(lib, wdt))
    b = None if bdt is None else lib.ones(1, dtype=getattr(lib, bdt))
    try:
        return str(getattr(F, fname)(x, w, b).dtype)
    except Exception as e:  # noqa: BLE001 - the type and message are what is compared
        return f"{type(e).__name__}: {e}"


_CONV_DTYPE_CASES = [(x, w, b) for x, w, b in [
    ("int32", "float32", None), ("bool", "float32", None), ("int8", "float32", None), ("int16", "float32", None),
    ("uint8", "float32", None), ("float32", "float32", "float64"), ("float64", "float64", "float32"),
    ("float32", "float64", "float64"), ("int32", "int32", None), ("bool", "bool", None),
    ("int64", "int64", "int64"), ("int64", "int64", "float32"), ("int64", "float32", "float32"),
    ("float64", "float32", "float32"), ("float16", "float32", None), ("int8", "float32", "float32"),
    ("bool", "float32", "float32")]]


@needs_torch
@pytest.mark.parametrize("fname,nd", [("conv1d", 1), ("conv2d", 2), ("conv3d", 3), ("conv_transpose1d", 1),
                                      ("conv_transpose2d", 2), ("conv_transpose3d", 3)])
def test_conv_dtype_errors_match_torch(fname, nd):
    for xdt, wdt, bdt in _CONV_DTYPE_CASES:
        assert _conv_outcome(ember, fname, xdt, wdt, bdt, nd) == _conv_outcome(torch, fname, xdt, wdt, bdt, nd), \
            (xdt, wdt, bdt)


def test_conv_module_with_double_input_names_the_bias_first():
    # a learner feeding float64 images to a float32 Conv2d (golden: PyTorch 2.13)
    with pytest.raises(RuntimeError, match=r"^Input type \(double\) and bias type \(float\) should be the same$"):
        nn.Conv2d(1, 2, 3)(ember.ones(1, 1, 5, 5, dtype=ember.float64))
    with pytest.raises(RuntimeError, match=r"^expected scalar type Double but found Float$"):
        nn.Conv2d(1, 2, 3, bias=False)(ember.ones(1, 1, 5, 5, dtype=ember.float64))
    with pytest.raises(NotImplementedError, match=r"^\"slow_conv_transpose2d_out_cpu\" not implemented for 'Byte'$"):
        nn.ConvTranspose2d(1, 1, 2)(ember.ones(1, 1, 3, 3, dtype=ember.uint8))
    y = nn.functional.conv_transpose2d(ember.ones(1, 1, 3, 3), ember.ones(1, 1, 2, 2),
                                       ember.ones(1, dtype=ember.float64))
    assert y.dtype == ember.float32 and y.sum().item() == 52.0


# ----------------------------------------------------------- NumPy interop
def test_np_array_of_a_tensor_warns_like_torch():
    # torch.Tensor.__array__ takes no ``copy`` keyword, so NumPy 2 warns on np.array(t) (not on asarray)
    import warnings
    t = ember.tensor([1.0, 2.0])
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        a = np.array(t)
        b = np.asarray(t)
    assert a.tolist() == b.tolist() == [1.0, 2.0]
    assert [w.category for w in ws] == [DeprecationWarning]
    assert str(ws[0].message).startswith("__array__ implementation doesn't accept a copy keyword")
    if torch is not None:
        with warnings.catch_warnings(record=True) as wt:
            warnings.simplefilter("always")
            np.array(torch.tensor([1.0, 2.0]))
            np.asarray(torch.tensor([1.0, 2.0]))
        assert [str(w.message) for w in wt] == [str(w.message) for w in ws]
