"""Max pooling's forward picks PyTorch's window position: the first of tied maxima, the last NaN,
and for a window of -inf only, its first valid position.  Checked against a brute-force replay
of PyTorch's CPU loop (``val > max || isnan(val)``), and against PyTorch itself when installed."""
import numpy as np
import pytest

import ember
import ember.nn.functional as F

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

GEOMETRIES = [
    ((2, 3, 8, 8), dict(kernel_size=2)),                      # tiles (strided windows)
    ((2, 3, 9, 9), dict(kernel_size=3, stride=2)),            # overlapping
    ((1, 2, 8, 8), dict(kernel_size=2, padding=1)),
    ((1, 2, 10, 10), dict(kernel_size=3, stride=2, padding=1)),
    ((1, 2, 9, 9), dict(kernel_size=2, stride=1, dilation=2)),
    ((1, 2, 7, 7), dict(kernel_size=2, ceil_mode=True)),
    ((2, 2, 6, 6), dict(kernel_size=(2, 3), stride=(2, 3))),
]


def _reference(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """PyTorch's CPU max_pool2d loop, element by element: (values, flat indices)."""
    def pair(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    (kh, kw), (ph, pw), (dh, dw) = pair(kernel_size), pair(padding), pair(dilation)
    sh, sw = pair(stride) if stride is not None else (kh, kw)
    n, c, h, w = x.shape

    def out_size(size, k, s, p, d):
        num = size + 2 * p - d * (k - 1) - 1
        o = (-(-num // s) if ceil_mode else num // s) + 1
        if ceil_mode and (o - 1) * s >= size + p:
            o -= 1
        return o

    oh, ow = out_size(h, kh, sh, ph, dh), out_size(w, kw, sw, pw, dw)
    vals = np.empty((n, c, oh, ow), x.dtype)
    idx = np.empty((n, c, oh, ow), np.int64)
    for a in range(n):
        for b in range(c):
            for i in range(oh):
                for j in range(ow):
                    h0, w0 = i * sh - ph, j * sw - pw
                    hs = [h0 + t * dh for t in range(kh) if 0 <= h0 + t * dh < h]
                    ws = [w0 + t * dw for t in range(kw) if 0 <= w0 + t * dw < w]
                    best, where = -np.inf, hs[0] * w + ws[0]
                    for hh in hs:
                        for ww in ws:
                            v = x[a, b, hh, ww]
                            if v > best or np.isnan(v):
                                best, where = v, hh * w + ww
                    vals[a, b, i, j], idx[a, b, i, j] = best, where
    return vals, idx


def _special_input(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, shape).astype(dtype)  # small integers: many ties
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, flat.size // 9, replace=False)] = np.nan
    flat[rng.choice(flat.size, flat.size // 5, replace=False)] = -np.inf
    x[0, 0, :4, :4] = -np.inf  # whole windows of -inf
    return x


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,kw", GEOMETRIES)
def test_max_pool2d_forward_picks_pytorchs_position(shape, kw, dtype):
    x = _special_input(shape, dtype, seed=len(shape) + sum(shape))
    vals, idx = F.max_pool2d(ember.tensor(x), return_indices=True, **kw)
    want_vals, want_idx = _reference(x, **kw)
    np.testing.assert_array_equal(vals.numpy(), want_vals)
    np.testing.assert_array_equal(idx.numpy(), want_idx)
    if torch is not None:
        tv, ti = torch.nn.functional.max_pool2d(torch.tensor(x), return_indices=True, **kw)
        np.testing.assert_array_equal(vals.numpy(), tv.numpy())
        np.testing.assert_array_equal(idx.numpy(), ti.numpy())
