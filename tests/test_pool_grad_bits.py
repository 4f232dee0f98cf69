"""Max-pool gradients carry PyTorch's exact bits: +0.0 where no window chose a position (never
-0.0 from a masked negative gradient), and inf/NaN gradients only where chosen."""
import numpy as np
import pytest

import ember
import ember.nn.functional as F

CASES = [
    ("max_pool2d", (2, 3, 8, 8), dict(kernel_size=2)),
    ("max_pool2d", (2, 3, 7, 9), dict(kernel_size=2)),  # a row and a column no window covers
    ("max_pool2d", (1, 2, 9, 9), dict(kernel_size=3, stride=2)),  # overlapping windows
    ("max_pool2d", (1, 2, 8, 8), dict(kernel_size=2, padding=1)),
    ("max_pool2d", (1, 2, 7, 7), dict(kernel_size=2, ceil_mode=True)),
    ("max_pool2d", (1, 2, 9, 9), dict(kernel_size=2, stride=3)),  # gaps between windows
    ("max_pool2d", (1, 2, 10, 10), dict(kernel_size=3, stride=2, padding=1)),  # ResNet's stem pool
    ("max_pool2d", (1, 1, 6, 6), dict(kernel_size=3, stride=1, padding=1, dilation=1)),
    ("max_pool2d", (1, 2, 9, 9), dict(kernel_size=2, stride=1, dilation=2)),
    ("max_pool1d", (2, 3, 10), dict(kernel_size=2)),
    ("max_pool1d", (2, 3, 11), dict(kernel_size=3, stride=1)),
    ("max_pool3d", (1, 2, 4, 6, 6), dict(kernel_size=2)),
    ("max_pool3d", (1, 2, 5, 5, 5), dict(kernel_size=3, stride=2)),
]


def _grads(lib, name, shape, kw, x, g):
    t = lib.tensor(x, requires_grad=True)
    out = getattr(lib.nn.functional, name)(t, **kw)
    out.backward(lib.tensor(g.reshape(tuple(out.shape))))
    return t.grad.numpy()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,shape,kw", CASES)
def test_max_pool_grad_bits_match_torch(name, shape, kw, dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype(dtype)
    probe = getattr(torch.nn.functional, name)(torch.tensor(x), **kw)
    g = -np.abs(rng.standard_normal(probe.numel())).astype(dtype)  # negative: a masked multiply gives -0.0
    g[::7] = -0.0
    g[3::11] = np.inf
    g[5::13] = np.nan
    a = _grads(ember, name, shape, kw, x, g)
    b = _grads(torch, name, shape, kw, x, g)
    np.testing.assert_array_equal(np.signbit(a), np.signbit(b))
    np.testing.assert_array_equal(a, b)


def test_max_pool_grad_zero_is_positive_golden():
    # PyTorch prints 0. (not -0.) at positions the pool did not choose
    x = ember.tensor([[[[1.0, 2.0], [3.0, 4.0]]]], requires_grad=True)
    F.max_pool2d(x, 2).backward(ember.tensor([[[[-1.0]]]]))
    assert str(x.grad) == "tensor([[[[ 0.,  0.],\n          [ 0., -1.]]]])"
