"""``ember.ops._cascade_sum``: PyTorch's summation order, checked against its slow reference.

``_multi_row_sum_seq`` adds row after row with ATen's cascade of accumulators
exactly as written in ``SumKernel.cpp``; the vectorised ``_multi_row_sum_wide``
(and its shortcut for cascades of at most 16 chunks) must give the same bits.
Where PyTorch is installed, float32 sums are also compared with ``torch.sum``.
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.ops import _cascade_sum as cs

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None


def _bits(a):
    return np.ascontiguousarray(a).view(np.uint8)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows", [16, 17, 63, 64, 200, 256, 257, 300, 700, 4096, 4111, 70000])
def test_wide_multi_row_sum_matches_the_sequential_cascade(rows, dtype):
    """One reduction per level against ATen's loop (``_multi_row_sum_seq``): 4096+ rows fill the
    second and third levels, 70000 rows take a 32-row step."""
    rng = np.random.default_rng(rows)
    x = (rng.standard_normal((2, rows, 9)) * 1e3).astype(dtype)
    x[:, ::5, 0] = -0.0
    x[:, :, 1] = -0.0   # a column of -0.0 sums to +0.0 in ATen (its accumulator starts at +0.0)
    x[0, 3, 2] = np.inf
    x[1, 4, 3] = np.nan
    assert np.array_equal(_bits(cs._multi_row_sum_wide(x)), _bits(cs._multi_row_sum_seq(x)))
    assert not np.signbit(cs._multi_row_sum_wide(x)[:, 1]).any()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows", [16, 17, 31, 64, 100, 255, 256, 271])
def test_one_level_sum_is_the_cascade(rows, dtype):
    """The bias-gradient fast path (16-271 rows) against the sequential cascade, zeros' signs included."""
    rng = np.random.default_rng(rows)
    x = (rng.standard_normal((rows, 64)) * 1e3).astype(dtype)
    x[::3, 0] = -0.0
    x[:, 1] = -0.0
    x[:, 2] = 0.0
    x[5, 3] = np.inf
    x[6, 4] = np.nan
    want = cs._multi_row_sum_seq(x[None])[0]
    assert np.array_equal(_bits(cs._one_level_sum(x)), _bits(want))
    assert np.array_equal(_bits(cs.outer_sum(x)), _bits(want))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows", [1, 3, 4, 7, 30, 63, 64, 66, 101, 1000])
def test_row_sum_2d_is_the_interleaved_cascade(rows, dtype):
    """The few-column outer sum (4 interleaved accumulators, leftover rows) against ``_row_sum``."""
    rng = np.random.default_rng(rows + 7)
    x = (rng.standard_normal((rows, 9)) * 1e3).astype(dtype)
    x[::2, 0] = -0.0
    x[:, 1] = -0.0
    x[:, 2] = 0.0
    x[rows // 2, 3] = np.inf
    x[rows - 1, 4] = np.nan
    want = cs._row_sum(x[None])[0]
    assert np.array_equal(_bits(cs._row_sum_2d(x)), _bits(want))


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("shape", [(64, 256), (64, 10), (200, 7), (32, 1000), (100, 64), (17, 32), (270, 96)])
def test_bias_gradient_sum_matches_torch_bits(shape):
    g = np.random.default_rng(3).standard_normal(shape).astype(np.float32)
    ours = cs.faithful_sum(g, (0,), False)
    assert ours is not None
    assert np.array_equal(_bits(ours), _bits(torch.from_numpy(g).sum(0).numpy()))


@pytest.mark.parametrize("dtype,lanes", [(np.float32, 8), (np.float64, 4)])
@pytest.mark.parametrize("n", [3, 8, 13, 64, 300])
def test_softmax_row_sums_follow_atens_vector_lanes(n, dtype, lanes):
    from ember.ops.reduction_ext import _lastdim_vec_sum
    e = np.random.default_rng(n).random((5, n)).astype(dtype)
    want = []
    for row in e:
        if n < lanes:
            acc = dtype(0)
            for v in row:
                acc = dtype(acc + v)
            want.append(acc)
            continue
        nfull = n - n % lanes
        lane = list(row[:lanes])
        for d in range(lanes, nfull, lanes):
            lane = [dtype(lane[j] + row[d + j]) for j in range(lanes)]
        for j in range(n - nfull):
            lane[j] = dtype(lane[j] + row[nfull + j])
        h = lanes // 2
        a = [dtype(lane[j] + lane[j + h]) for j in range(h)]
        want.append(dtype(dtype(a[0] + a[2]) + dtype(a[1] + a[3])) if lanes == 8 else dtype(a[0] + a[1]))
    got = _lastdim_vec_sum(e)[:, 0]
    assert np.array_equal(got, np.array(want, dtype=dtype))


def _nll_reference(vals, positions):
    """ATen's nll_loss reduction loop, one item at a time in float32/float64 scalars."""
    dt = vals.dtype.type
    levels = [dt(0)] * 8
    for v, b in zip(vals, positions):
        levels[0] = dt(levels[0] + v)
        for j in range(7):
            if b & (15 << (4 * j)):
                break
            levels[j + 1] = dt(levels[j + 1] + levels[j])
            levels[j] = dt(0)
    out = dt(0)
    for v in levels:
        out = dt(out + v)
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 2, 15, 16, 17, 64, 257, 300, 4097])
@pytest.mark.parametrize("skip", [None, 0.5, 0.95])
def test_nll_cascade_sum_matches_atens_loop(n, dtype, skip):
    rng = np.random.default_rng(n)
    vals = (rng.standard_normal(n) * 1e3).astype(dtype)
    vals[::7] = -0.0
    if skip is None:
        pos = None
        positions = range(n)
    else:
        keep = rng.random(n) < skip
        positions = np.flatnonzero(keep)
        vals, pos = vals[keep], positions
    got = cs.nll_cascade_sum(vals, pos)
    assert got is not None
    assert _bits(np.asarray(got, dtype)) .tobytes() == _bits(np.asarray(_nll_reference(vals, positions), dtype)).tobytes()


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("shape", [(64, 10), (512, 10), (3, 5), (300, 7), (4, 3, 5, 6), (2, 4, 7)])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_nll_loss_reduction_is_torch_bit_for_bit(shape, weighted, reduction):
    """No exp or log is involved: the reduction order alone decides the last bits."""
    import ember
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape).astype(np.float32) * 5
    t = rng.integers(0, shape[1], (shape[0],) + shape[2:])
    t.reshape(-1)[::5] = -100  # ignored targets keep their place in ATen's order
    w = rng.random(shape[1]).astype(np.float32) if weighted else None
    ours = ember.nn.functional.nll_loss(ember.tensor(x), ember.tensor(t), None if w is None else ember.tensor(w),
                                        reduction=reduction)
    want = torch.nn.functional.nll_loss(torch.tensor(x), torch.tensor(t), None if w is None else torch.tensor(w),
                                        reduction=reduction)
    assert _bits(ours.numpy()).tobytes() == _bits(want.numpy()).tobytes()
    assert ours.item() == want.item()


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
def test_cross_entropy_and_log_softmax_bits_mostly_match_torch():
    """log_softmax follows ATen's lane order with float64-rounded exp/log (~99% of elements equal
    PyTorch's Sleef results; NumPy's float32 exp gave ~80%), so printed losses agree."""
    import ember
    rng = np.random.default_rng(0)
    equal_losses = equal_elems = total_elems = 0
    for _ in range(40):
        x = (rng.standard_normal((64, 10)) * 3).astype(np.float32)
        y = rng.integers(0, 10, 64)
        ls = ember.log_softmax(ember.tensor(x), 1).numpy()
        equal_elems += int((ls == torch.log_softmax(torch.tensor(x), 1).numpy()).sum())
        total_elems += ls.size
        equal_losses += ember.nn.functional.cross_entropy(ember.tensor(x), ember.tensor(y)).item() == \
            torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(y)).item()
    assert equal_elems / total_elems > 0.97
    assert equal_losses >= 37


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
def test_small_softmax_rows_print_like_torch():
    """Tutorial-sized softmaxes use the float64-rounded exp: their printed row sums (``1.`` against
    ``1.0000``) agree with PyTorch for nearly every random input (81-95% with NumPy's float32 exp)."""
    import ember
    rng = np.random.default_rng(1)
    same = 0
    for _ in range(100):
        x = (rng.standard_normal((4, 10)) * 2).astype(np.float32)
        same += str(ember.softmax(ember.tensor(x), -1).sum(-1)) == str(torch.softmax(torch.tensor(x), -1).sum(-1))
    assert same >= 95
    big = (rng.standard_normal((64, 1024)) * 2).astype(np.float32)  # above the limit: NumPy's float32 exp
    np.testing.assert_allclose(ember.softmax(ember.tensor(big), -1).numpy(),
                               torch.softmax(torch.tensor(big), -1).numpy(), rtol=2e-6, atol=1e-9)


@pytest.mark.parametrize("cols", [2, 3, 256])
@pytest.mark.parametrize("rows", [16, 47, 64])
def test_one_level_sum_narrow_wide_and_sliced(rows, cols):
    """Two columns (the reduced axis must never become NumPy's inner, pairwise loop), wide rows,
    and a column slice of a wider array: still the in-order cascade."""
    rng = np.random.default_rng(rows * cols)
    x = (rng.standard_normal((rows, cols + 5)) * 1e3).astype(np.float32)
    x[::4, 0] = -0.0
    part = x[:, :cols]
    want = cs._multi_row_sum_seq(np.ascontiguousarray(part)[None])[0]
    assert np.array_equal(_bits(cs._one_level_sum(part)), _bits(want))


@pytest.mark.parametrize("shape", [(64, 256), (64, 10), (200, 7), (1, 5), (300, 33), (0, 4)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_engine_bias_gradient_shortcut_is_faithful_sum(shape, dtype):
    """The engine sends a (batch, features) gradient of a (features,) input straight to
    ``column_sums``: the same bits as the generic ``faithful_sum`` route (or NumPy's sum where that
    declines), for every size and dtype, and through a real broadcast add."""
    from ember.autograd import engine
    g = np.random.default_rng(5).standard_normal(shape).astype(dtype)
    g[::3] = -0.0
    want = cs.faithful_sum(g, (0,), False)
    if dtype == np.float16:  # PyTorch accumulates a Half sum in float32 (see test_programs_probe3)
        from ember.ops.reduction import _sum_half
        want = _sum_half(g, (0,), False)
    if want is None:
        want = g.sum(axis=0)
    got = engine._sum_to_raw(g, (shape[1],))
    assert got.shape == want.shape and np.array_equal(_bits(got), _bits(want))
    b = ember.zeros(shape[1], dtype=ember.float64 if dtype == np.float64 else
                    ember.float16 if dtype == np.float16 else ember.float32, requires_grad=True)
    (ember.from_numpy(np.zeros(shape, dtype)) + b).backward(ember.from_numpy(g.copy()))
    assert np.array_equal(_bits(b.grad.numpy()), _bits(want))


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("shape", [(512, 256), (300, 2), (5000, 10), (4096, 64), (70000, 3), (513, 40)])
def test_outer_sum_above_one_chunk_matches_torch_bits(shape):
    """PyTorch's column sums do not depend on the thread count above one parallel chunk, and
    ``outer_sum`` replays them there too (zeros' signs included)."""
    rng = np.random.default_rng(shape[0])
    g = (rng.standard_normal(shape) * 1e2).astype(np.float32)
    g[::7] = -0.0
    ours = cs.outer_sum(g)
    assert np.array_equal(_bits(ours), _bits(torch.from_numpy(g).sum(0).numpy()))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_large_bias_gradient_sums_through_the_blas(dtype):
    """Above one parallel chunk the engine sums a bias gradient with a GEMV: close to the exact
    sum, in the gradient's dtype, +0.0 for a column of -0.0, NaN and inf propagated, and through
    a real Linear layer's backward."""
    from ember.autograd import engine
    rng = np.random.default_rng(11)
    g = rng.standard_normal((512, 256)).astype(dtype)
    g[:, 3] = -0.0
    g[7, 4] = np.nan
    g[9, 5] = np.inf
    got = engine._sum_to_raw(g, (256,))
    assert got.shape == (256,) and got.dtype == dtype
    exact = g.astype(np.float64).sum(0)
    ok = np.isfinite(exact)
    np.testing.assert_allclose(got[ok], exact[ok], rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-4)
    assert np.isnan(got[4]) and got[5] == np.inf and _bits(got[3:4]).tolist() == _bits(np.zeros(1, dtype)).tolist()
    lin = ember.nn.Linear(8, 256)
    x = ember.from_numpy(rng.standard_normal((512, 8)).astype(np.float32))
    lin(x).backward(ember.from_numpy(g.astype(np.float32)))
    np.testing.assert_allclose(lin.bias.grad.numpy()[ok], exact[ok], rtol=1e-5, atol=1e-4)
