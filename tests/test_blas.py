"""ember.backend.blas.axpy: PyTorch's fused ``add_(x, alpha=a)`` through NumPy's BLAS, or nothing."""
from __future__ import annotations

import numpy as np
import pytest

from ember.backend import blas
from ember.optim.optimizer import _fma64, add_, fma_

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

# the last two include OpenBLAS-threaded 65536-element calls
SIZES = [1, 5, 15, 16, 17, 31, 32, 33, 100, 1000, 8191, 8192, 8193, 10001, 3 * 8192 + 77, 200_711, 3 * 65536 + 777]


def _exact(y, x, alpha):
    """Correctly rounded y + alpha * x, computed without the BLAS."""
    if y.dtype == np.float32:
        return (y.astype(np.float64) + x.astype(np.float64) * np.float64(alpha)).astype(np.float32)
    return _fma64(x, np.float64(alpha), y)


def _data(n, dtype, seed=0):
    rng = np.random.default_rng(seed)
    # Large x against unit y: a separately rounded product often changes the sum's last bit.
    return rng.standard_normal(n).astype(dtype), (rng.standard_normal(n) * 37).astype(dtype)


def _two_step(y, x, beta):
    return np.multiply(y, beta) + x


# routine, how it is called, its scalar, the exact result it must give on the elements it covers
ROUTINES = [
    ("axpy", lambda y, s, x: blas.axpy(s, x, y), -0.0123, _exact),
    ("scale_add", lambda y, s, x: blas.scale_add(y, s, x), 0.9, _two_step),
]


@pytest.mark.parametrize("routine", ROUTINES, ids=[r[0] for r in ROUTINES])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", SIZES)
def test_blas_routine_covers_whole_blocks_exactly(n, dtype, routine):
    name, call, scalar, reference = routine
    y, x = _data(n, dtype)
    s = dtype(scalar)
    want = reference(y, x, s)
    got = y.copy()
    done = call(got, s, x)
    assert 0 <= done <= n
    assert np.array_equal(got[:done], want[:done])
    assert np.array_equal(got[done:], y[done:])  # the rest is left to the caller
    if blas.available(dtype, name) and n >= 128:
        assert done > 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", SIZES)
def test_fma_with_scalar_is_exact_whichever_path_runs(n, dtype):
    y, x = _data(n, dtype, seed=1)
    alpha = dtype(0.37)
    want = _exact(y, x, alpha)
    got = y.copy()
    fma_(got, x, alpha, got)
    assert np.array_equal(got, want)
    out = np.empty_like(y)  # c is not out: copied first
    fma_(out, x, alpha, y)
    assert np.array_equal(out, want)


def test_fma_aliasing_and_layouts_fall_back_correctly():
    y, x = _data(4096, np.float32, seed=2)
    a = np.float32(-0.5)
    # a is out itself: y + a*y
    got = y.copy()
    fma_(got, got, a, got)
    assert np.array_equal(got, _exact(y, y, a))
    # overlapping but shifted input: must not go through the BLAS
    buf = np.concatenate([y, y[:1]])
    want = _exact(buf[1:], buf[:-1], a)
    fma_(buf[1:], buf[:-1].copy(), a, buf[1:])
    assert np.array_equal(buf[1:], want)
    # the same, in place (c is out): the BLAS refuses the overlap and the NumPy path runs
    for n in (4096, 300_000):
        buf = _data(n + 1, np.float32, seed=6)[0]
        want = _exact(buf[1:], buf[:-1], a)
        fma_(buf[1:], buf[:-1], a, buf[1:])
        assert np.array_equal(buf[1:], want)
        buf = _data(n + 1, np.float32, seed=6)[0]
        want = _exact(buf[:-1], buf[1:], a)
        fma_(buf[:-1], buf[1:], a, buf[:-1])
        assert np.array_equal(buf[:-1], want)
    # non-contiguous views
    m, xm = _data(64 * 64, np.float32, seed=3)
    m, xm = m.reshape(64, 64), xm.reshape(64, 64)
    got = m.copy()
    fma_(got.T, xm.T, a, got.T)
    assert np.array_equal(got, _exact(m, xm, a))


def test_add_with_alpha_on_2d_parameter():
    y, x = _data(256 * 784, np.float32, seed=4)
    y, x = y.reshape(256, 784), x.reshape(256, 784)
    got = y.copy()
    add_(got, x, -0.01)
    assert np.array_equal(got, _exact(y, x, np.float32(-0.01)))


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [7, 33, 8192 + 5, 50_003, 2 * 65536 + 4099])
def test_add_alpha_matches_torch_bits(n, dtype):
    y, x = _data(n, dtype, seed=5)
    got = y.copy()
    add_(got, x, -0.0123)
    t = torch.from_numpy(y.copy())
    t.add_(torch.from_numpy(x), alpha=-0.0123)
    assert np.array_equal(got, t.numpy())


@pytest.mark.parametrize("dampening", [0.0, 0.3])
@pytest.mark.parametrize("n", [7, 8192 + 5, 50_003, 2 * 65536 + 4099])
def test_momentum_update_matches_mul_then_add(n, dampening):
    from ember.optim.optimizer import momentum_
    y, x = _data(n, np.float32, seed=7)
    got = y.copy()
    momentum_(got, x, 0.9, dampening)
    t = np.multiply(y, np.float32(0.9))
    want = _exact(t, x, np.float32(1 - dampening))  # add_(g, alpha=1-dampening): one rounding
    assert np.array_equal(got, want)
    if torch is not None:
        tb = torch.from_numpy(y.copy())
        tb.mul_(0.9).add_(torch.from_numpy(x), alpha=1 - dampening)
        assert np.array_equal(got, tb.numpy())


@pytest.mark.parametrize("threads", [1, 2, 3, 4])
@pytest.mark.parametrize("routine", ROUTINES, ids=[r[0] for r in ROUTINES])
def test_threaded_whole_array_calls_stay_exact(threads, routine):
    """Long calls run on OpenBLAS's threads only in lengths whose shares are whole blocks."""
    before = blas.get_threads()
    if before is None:
        pytest.skip("this BLAS has no thread control")
    name, call, scalar, reference = routine
    try:
        blas.set_threads(threads)
        for n in (10_007, 65_536 * 3 + 4099, 200_704, 1_000_003):
            y, x = _data(n, np.float32, seed=n)
            s = np.float32(scalar)
            got = y.copy()
            done = call(got, s, x)
            assert np.array_equal(got[:done], reference(y, x, s)[:done])
            assert np.array_equal(got[done:], y[done:])
    finally:
        blas.set_threads(before)


@pytest.mark.parametrize("shape", [(512, 256), (300, 300), (4096, 16), (64, 256), (3, 5)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_add_rows_is_numpys_add_bit_for_bit(shape, dtype):
    """``add_rows`` (a bias after a matrix product; ``?ger`` with ones when large) gives NumPy's
    ``out + v`` bits, infinities, NaN and signed zeros included, and leaves ``v`` alone."""
    rng = np.random.default_rng(shape[0])
    out = rng.standard_normal(shape).astype(dtype)
    v = rng.standard_normal(shape[1]).astype(dtype)
    out[0, :5] = [-0.0, np.inf, np.nan, -np.inf, 0.0]
    v[:5] = [0.0, -np.inf, 1.0, -np.inf, -0.0]
    want = out + v
    v_before = v.copy()
    got = blas.add_rows(out, v)
    assert got is out
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))
    assert np.array_equal(v, v_before)


def test_add_rows_declines_what_the_blas_cannot_take():
    """Non-contiguous, mixed-dtype or aliasing operands take NumPy's add (same values)."""
    a = np.arange(512 * 256, dtype=np.float32).reshape(512, 256)
    col = a[:, :128]                                  # rows not contiguous
    want = col + np.float32(1.5)
    blas.add_rows(col, np.full(128, 1.5, np.float32))
    assert np.array_equal(col, want)
    b = np.ones((512, 256), np.float64)
    blas.add_rows(b, np.full(256, 2.0, np.float64))
    assert (b == 3.0).all()
    c = np.ones((256, 256), np.float32)
    blas.add_rows(c, c[0])                            # v is a row of out: NumPy handles the overlap
    assert (c == 2.0).all()
