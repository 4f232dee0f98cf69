"""Small-input shortcuts that must give the bits of the general paths: the ReLU gradient through
``np.where`` up to ``_RELU_WHERE_MAX`` elements, and ATen's multi-row column sums under 16 rows
as one in-order reduction."""
import numpy as np
import pytest

import ember
from ember.ops import _cascade_sum as C
from ember.ops import pointwise as P


@pytest.mark.parametrize("shape", [(7,), (16, 8), (32, 64), (64, 64), (3, 40, 20)])
def test_relu_gradient_small_and_large_agree(shape):
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape).astype(np.float32)
    flat = x.reshape(-1)
    flat[:4] = [-0.0, 0.0, np.nan, -np.nan]
    g = rng.standard_normal(shape).astype(np.float32)
    g.reshape(-1)[4:6] = [np.inf, -np.inf]
    xt = ember.tensor(x, requires_grad=True)
    ember.relu(xt).backward(ember.tensor(g))
    r = np.maximum(np.zeros_like(x), x)
    want = np.where(r <= 0, np.float32(0), g)  # PyTorch's threshold_backward: result <= 0 ? 0 : grad
    assert xt.grad.numpy().tobytes() == want.tobytes()
    assert not np.signbit(xt.grad.numpy()[want == 0]).any()  # +0.0, never -0.0


def test_relu_where_bound_is_used_both_sides():
    assert P._RELU_WHERE_MAX < 64 * 64 and P._RELU_WHERE_MAX >= 16 * 8


@pytest.mark.parametrize("rows", [1, 2, 3, 5, 15])
@pytest.mark.parametrize("cols", [2, 3, 4, 7, 8, 40])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_multi_row_sum_under_16_rows_is_the_sequential_cascade(rows, cols, dtype):
    rng = np.random.default_rng(rows * 100 + cols)
    x = (rng.standard_normal((2, rows, cols)) * rng.uniform(1, 1e4)).astype(dtype)
    x[0, 0, 0] = -0.0
    got = C._multi_row_sum(x)
    want = C._multi_row_sum_seq(x)
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()


def test_small_bias_gradient_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    for rows, cols in [(2, 5), (4, 3), (7, 12), (15, 33)]:
        g = (rng.standard_normal((rows, cols)) * 100).astype(np.float32)
        ours = C.column_sums(g)
        theirs = torch.from_numpy(g).sum(0).numpy()
        assert ours.tobytes() == theirs.tobytes()
