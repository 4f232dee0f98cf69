"""Whole-tensor float sums above one parallel chunk (32768 elements) in ATen's two-pass order.

PyTorch splits such a sum into ``min(threads, ceil(n / 32768))`` equal chunks, sums each with
its cascade into a per-thread slot of a zero buffer, then sums the buffer; the printed
``x.sum()`` of a large tensor depends on that order (``ops/_cascade_sum.two_pass_sum``).
"""
import numpy as np
import pytest

import ember
from ember.ops import _cascade_sum as C


def test_one_thread_is_one_cascade():
    x = np.random.RandomState(0).randn(1, 100000).astype(np.float32)
    assert C.two_pass_sum(x, 1) == C.inner_sum(x)[0]


def test_chunks_then_buffer():
    x = np.random.RandomState(1).randn(1, 100001).astype(np.float32)
    chunk = -(-100001 // 3)  # 3 threads, ceil(100001 / 32768) = 4 chunks' worth: 3 chunks
    parts = [C.inner_sum(x[:, i * chunk:(i + 1) * chunk])[0] for i in range(3)]
    assert C.two_pass_sum(x, 3) == C.inner_sum(np.array([parts], np.float32))[0]
    # with fewer than 3 chunks' worth of elements per thread, only ceil(n / 32768) chunks
    y = x[:, :40000]
    half = 20000
    buf2 = np.array([[C.inner_sum(y[:, :half])[0], C.inner_sum(y[:, half:])[0], 0, 0]], np.float32)
    assert C.two_pass_sum(y, 4) == C.inner_sum(buf2)[0]


def test_sum_uses_the_thread_count_and_memory_order():
    x = np.random.RandomState(2).randn(300, 400).astype(np.float32)
    t = ember.from_numpy(x)
    want = C.two_pass_sum(x.reshape(1, -1), ember.get_num_threads())
    assert t.sum().item() == float(want)
    # a transposed view is reduced in memory order, as TensorIterator walks it
    assert t.t().sum().item() == float(want)
    assert t.mean().item() == float(np.float32(want) / np.float32(x.size))


@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_pytorch(threads, dtype):
    torch = pytest.importorskip("torch")
    old_t, old_e = torch.get_num_threads(), ember.get_num_threads()
    torch.set_num_threads(threads)
    ember.set_num_threads(threads)
    try:
        for n in (32769, 65536, 100001, 1000000):
            x = (np.random.RandomState(n).randn(n) * 3).astype(dtype)
            assert torch.from_numpy(x).sum().item() == ember.from_numpy(x).sum().item()
            assert torch.from_numpy(x).mean().item() == ember.from_numpy(x).mean().item()
        m = np.random.RandomState(5).randn(500, 300).astype(dtype)
        assert torch.from_numpy(m).t().sum().item() == ember.from_numpy(m).t().sum().item()
    finally:
        torch.set_num_threads(old_t)
        ember.set_num_threads(old_e)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_short_row_sum_is_inner_sum(dtype):
    rs = np.random.RandomState(3)
    for n in range(1, 600):
        if not C.is_short_row(n, np.dtype(dtype)):
            continue
        for scale in (1.0, 1e4, 1e-4):
            x = (rs.randn(n) * scale).astype(dtype)
            want = C._inner_sum_cascade(x.reshape(1, -1))[0]
            got = C.short_row_sum(x)
            assert got == want and np.signbit(got) == np.signbit(want), n
            rows = (rs.randn(3, n) * scale).astype(dtype)
            assert np.array_equal(C.short_rows_sum(rows), C._inner_sum_cascade(rows)), n
        z = -np.zeros(n, dtype)  # a sum of -0.0s is +0.0, as ATen's accumulators start at +0.0
        assert not np.signbit(C.short_row_sum(z))


def test_small_sums_match_pytorch():
    torch = pytest.importorskip("torch")
    rs = np.random.RandomState(4)
    for n in (1, 3, 7, 8, 9, 31, 32, 33, 100, 257, 543, 544, 1000):
        x = (rs.randn(n) * 10).astype(np.float32)
        assert torch.from_numpy(x).sum().item() == ember.from_numpy(x).sum().item(), n
        assert torch.from_numpy(x).mean().item() == ember.from_numpy(x).mean().item(), n
        m = (rs.randn(5, n) * 10).astype(np.float32)
        assert np.array_equal(torch.from_numpy(m).sum(1).numpy(), ember.from_numpy(m).sum(1).numpy()), n
