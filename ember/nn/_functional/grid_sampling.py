"""Spatial transformers and bags: ``affine_grid``, ``grid_sample``, ``embedding_bag``.

* ``affine_grid`` builds PyTorch's base grid (its own ``linspace`` rounding)
  and multiplies it by ``theta``; the backward (``AffineGridGeneratorBackward0``)
  is written with ember ops, so it is differentiable again.
* ``grid_sample`` (4-D input; bilinear / nearest; zeros / border / reflection)
  runs vectorised NumPy gathers; its backward (``GridSampler2DBackward0``)
  computes both gradients in NumPy.  Like PyTorch, whose
  ``grid_sampler_2d_backward`` has no derivative, differentiating that
  gradient again raises "derivative for aten::grid_sampler_2d_backward is not
  implemented".
* ``embedding_bag`` (sum / mean / max, 1-D input + offsets or 2-D input,
  ``per_sample_weights``, ``padding_idx``, ``include_last_offset``); its
  backward (``EmbeddingBagBackward0``) is NumPy, once differentiable.
"""
from __future__ import annotations

import warnings

import numpy as np

from ...ops._common import GRAD, Node, Tensor, _make, finish
from ._util import OnceDifferentiableNode

__all__ = ["affine_grid", "grid_sample", "embedding_bag"]

_AC_MSG = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
           "Please specify align_corners=True if the old behavior is desired. "
           "See the documentation of grid_sample for details.")


def _np(a):
    return np.asarray(a)


# ================================================================ affine_grid
def _linspace_from_neg_one(n: int, align_corners: bool, dt) -> np.ndarray:
    """PyTorch's ``linspace_from_neg_one`` with its CPU ``linspace`` rounding."""
    if n <= 1:
        return np.zeros(1, dtype=dt)
    t = dt.type
    step = (t(1) - t(-1)) / t(n - 1)
    i = np.arange(n)
    half = n // 2
    r = np.where(i < half, t(-1) + step * i.astype(dt), t(1) - step * (n - i - 1).astype(dt)).astype(dt)
    if not align_corners:
        r = (r * t(n - 1)).astype(dt) / t(n)
    return r.astype(dt)


def _base_grid(spatial, align_corners, dt) -> np.ndarray:
    """(…spatial, k+1) grid of [x, y, (z,) 1] with x varying fastest (last dim)."""
    k = len(spatial)
    base = np.ones(tuple(spatial) + (k + 1,), dtype=dt)
    for j in range(k):               # coordinate j indexes spatial dim k-1-j
        ax = k - 1 - j
        shp = [1] * k
        shp[ax] = spatial[ax]
        base[..., j] = _linspace_from_neg_one(spatial[ax], align_corners, dt).reshape(shp)
    return base


class AffineGridGeneratorBackward0(Node):
    __slots__ = ("base", "size")

    def backward(self, g):
        n = g.shape[0]
        k1 = self.base.shape[-1]
        b = _make(self.base.reshape(-1, k1))
        gt = g.reshape(n, -1, k1 - 1).transpose(1, 2).matmul(b)
        return (gt,)

    def vjp(self, g):
        n = g.shape[0]
        k1 = self.base.shape[-1]
        return (np.matmul(g.reshape(n, -1, k1 - 1).swapaxes(1, 2), self.base.reshape(-1, k1)),)


def affine_grid(theta: Tensor, size, align_corners=None) -> Tensor:
    """Sampling grid of the affine maps ``theta`` (``torch.nn.functional.affine_grid``)."""
    if align_corners is None:
        warnings.warn(_AC_MSG, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = [int(s) for s in size]
    tsz = "torch.Size([" + ", ".join(str(s) for s in theta.shape) + "])"
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. Got {tsz}.")
        spatial = size[-2:]
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {size}. Got {tsz}.")
        spatial = size[-3:]
    else:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    td = _np(theta._data)
    n = size[0]
    if td.shape[0] != n:
        raise RuntimeError(f"Expected size[0] ({n}) to match theta batch size ({td.shape[0]})")
    base = _base_grid(spatial, align_corners, td.dtype)
    k1 = base.shape[-1]
    out = np.matmul(base.reshape(1, -1, k1), td.swapaxes(1, 2)).reshape([n] + list(spatial) + [k1 - 1])
    out = np.ascontiguousarray(out, dtype=td.dtype)
    if GRAD.enabled and theta._rg:
        node = AffineGridGeneratorBackward0((theta,))
        node.base = base
        node.size = tuple(size)
        return finish(out, node)
    return _make(out)


# ================================================================ grid_sample
def _reflect(x, twice_low, twice_high):
    """PyTorch's ``reflect_coordinates_set_grad``: (coordinate, d coordinate / d x)."""
    t = x.dtype.type
    if twice_low == twice_high:
        return np.zeros_like(x), np.zeros_like(x)
    mn = t(twice_low / 2)
    span = t((twice_high - twice_low) / 2)
    x = x - mn
    mult = np.where(x < 0, t(-1), t(1))
    x = np.abs(x)
    extra = np.fmod(x, span)
    flips = np.floor(x / span)
    even = np.fmod(flips, 2) == 0
    out = np.where(even, extra + mn, span - extra + mn)
    return out.astype(x.dtype), np.where(even, mult, -mult).astype(x.dtype)


def _clip(x, size):
    """``clip_coordinates_set_grad``: (coordinate, gradient multiplier)."""
    t = x.dtype.type
    hi = t(size - 1)
    inside = (x > 0) & (x < hi)
    return np.clip(x, t(0), hi).astype(x.dtype), inside.astype(x.dtype)


def _coords(x, size, pmode, align):
    """Unnormalise one grid coordinate; returns (pixel coordinate, d pixel / d grid)."""
    t = x.dtype.type
    if align:
        scale = t((size - 1) / 2)
        c = (x + t(1)) * scale
    else:
        scale = t(size / 2)
        c = (x + t(1)) * scale - t(0.5)
    mult = np.full_like(c, scale)
    if pmode == 1:
        c, m = _clip(c, size)
        mult = mult * m
    elif pmode == 2:
        if align:
            c, m = _reflect(c, 0, 2 * (size - 1))
        else:
            c, m = _reflect(c, -1, 2 * size - 1)
        c, m2 = _clip(c, size)
        mult = mult * m * m2
    return c.astype(x.dtype), mult


def _gather(flat, ys, xs, H, W):
    """Values of ``flat`` (N, C, H*W) at integer (ys, xs) (N, P), zero outside; plus the mask."""
    valid = (xs >= 0) & (xs < W) & (ys >= 0) & (ys < H)
    idx = np.where(valid, ys * W + xs, 0)
    v = np.take_along_axis(flat, idx[:, None, :], axis=2)
    return v * valid[:, None, :].astype(flat.dtype), idx, valid


class _Sampler:
    __slots__ = ("inp", "ix", "iy", "mx", "my", "mode", "H", "W")

    def __init__(self, inp, grid, mode, pmode, align):
        N, C, H, W = inp.shape
        self.inp = inp.reshape(N, C, H * W)
        g = grid.reshape(N, -1, 2)
        self.ix, self.mx = _coords(g[..., 0], W, pmode, align)
        self.iy, self.my = _coords(g[..., 1], H, pmode, align)
        self.mode, self.H, self.W = mode, H, W

    def _corners(self):
        t = self.ix.dtype
        x0 = np.floor(self.ix)
        y0 = np.floor(self.iy)
        dx = (self.ix - x0).astype(t)
        dy = (self.iy - y0).astype(t)
        x0 = x0.astype(np.int64)
        y0 = y0.astype(np.int64)
        one = t.type(1)
        return [(y0, x0, (one - dx) * (one - dy)), (y0, x0 + 1, dx * (one - dy)),
                (y0 + 1, x0, (one - dx) * dy), (y0 + 1, x0 + 1, dx * dy)], dx, dy

    def forward(self):
        flat, H, W = self.inp, self.H, self.W
        if self.mode == 1:
            xs = np.rint(self.ix).astype(np.int64)
            ys = np.rint(self.iy).astype(np.int64)
            return _gather(flat, ys, xs, H, W)[0]
        corners, _, _ = self._corners()
        out = None
        for ys, xs, w in corners:
            v = _gather(flat, ys, xs, H, W)[0] * w[:, None, :]
            out = v if out is None else out + v
        return out

    def backward(self, g, want_in, want_grid):
        """``g``: (N, C, P).  Returns (grad input (N, C, H*W), grad grid (N, P, 2))."""
        flat, H, W = self.inp, self.H, self.W
        N, C, HW = flat.shape
        P = g.shape[2]
        base = (np.arange(N * C, dtype=np.int64) * HW).reshape(N, C, 1)

        def scatter(acc, idx, valid, w):
            contrib = g * (w * valid)[:, None, :]
            return acc + np.bincount((base + idx[:, None, :]).ravel(), contrib.ravel().astype(np.float64),
                                     minlength=N * C * HW)

        gi = gg = None
        if self.mode == 1:
            if want_in:
                xs = np.rint(self.ix).astype(np.int64)
                ys = np.rint(self.iy).astype(np.int64)
                _, idx, valid = _gather(flat, ys, xs, H, W)
                acc = scatter(np.zeros(N * C * HW), idx, valid, np.ones_like(self.ix))
                gi = acc.reshape(N, C, HW).astype(flat.dtype)
            if want_grid:
                gg = np.zeros((N, P, 2), dtype=flat.dtype)
            return gi, gg
        corners, dx, dy = self._corners()
        t = flat.dtype.type
        one = t(1)
        # d weight / d ix and d weight / d iy for nw, ne, sw, se
        dwx = [-(one - dy), (one - dy), -dy, dy]
        dwy = [-(one - dx), -dx, (one - dx), dx]
        acc = np.zeros(N * C * HW) if want_in else None
        gx = np.zeros((N, P), dtype=flat.dtype)
        gy = np.zeros((N, P), dtype=flat.dtype)
        for (ys, xs, w), ax, ay in zip(corners, dwx, dwy):
            v, idx, valid = _gather(flat, ys, xs, H, W)
            if want_in:
                acc = scatter(acc, idx, valid, w)
            if want_grid:
                s = (g * v).sum(axis=1)
                gx += s * ax
                gy += s * ay
        if want_in:
            gi = acc.reshape(N, C, HW).astype(flat.dtype)
        if want_grid:
            gg = np.stack([gx * self.mx, gy * self.my], axis=-1).astype(flat.dtype)
        return gi, gg


class GridSampler2DBackward0(OnceDifferentiableNode):
    __slots__ = ("mode", "pmode", "align")
    aten_backward = "aten::grid_sampler_2d_backward"

    def _raw(self, g):
        inp, grid = self.saved()
        idd, gd = _np(inp._data), _np(grid._data)
        s = _Sampler(idd, gd, self.mode, self.pmode, self.align)
        N, C = idd.shape[:2]
        e = self._edges
        gi, gg = s.backward(_np(g).reshape(N, C, -1), e[0] is not None, e[1] is not None)
        return (None if gi is None else gi.reshape(idd.shape)), (None if gg is None else gg.reshape(gd.shape))


_DT_NAMES = {np.dtype(np.float32): "float", np.dtype(np.float64): "double", np.dtype(np.float16): "c10::Half"}


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",
                align_corners=None) -> Tensor:
    """Sample ``input`` at the normalised ``grid`` locations (``torch.nn.functional.grid_sample``)."""
    if mode != "bilinear" and mode != "nearest" and mode != "bicubic":
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_AC_MSG, stacklevel=2)
        align_corners = False
    if mode == "bicubic":
        raise NotImplementedError("ember: grid_sample mode='bicubic' is not implemented")
    idd, gd = _np(input._data), _np(grid._data)
    if idd.dtype != gd.dtype:
        raise RuntimeError("grid_sampler(): expected input and grid to have same dtype, but input has "
                           f"{_DT_NAMES.get(idd.dtype, idd.dtype)} and grid has {_DT_NAMES.get(gd.dtype, gd.dtype)}")
    if idd.ndim == 5:
        raise NotImplementedError("ember: grid_sample on 5-D input is not implemented")
    if idd.ndim != 4 or gd.ndim != 4:
        raise RuntimeError("grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but "
                           f"got input with sizes {list(idd.shape)} and grid with sizes {list(gd.shape)}")
    if idd.shape[0] != gd.shape[0]:
        raise RuntimeError("grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {list(idd.shape)} and grid with sizes {list(gd.shape)}")
    if gd.shape[-1] != 2:
        raise RuntimeError("grid_sampler(): expected grid to have size 2 in last dimension, but got grid with "
                           f"sizes {list(gd.shape)}")
    if idd.dtype.kind != "f":
        raise RuntimeError(f"\"grid_sampler_2d_cpu\" not implemented for '{input.dtype}'")
    m = 0 if mode == "bilinear" else 1
    pm = {"zeros": 0, "border": 1, "reflection": 2}[padding_mode]
    N, C = idd.shape[:2]
    Ho, Wo = gd.shape[1:3]
    s = _Sampler(idd, gd, m, pm, bool(align_corners))
    out = np.ascontiguousarray(s.forward().reshape(N, C, Ho, Wo), dtype=idd.dtype)
    if GRAD.enabled and (input._rg or grid._rg):
        node = GridSampler2DBackward0((input, grid))
        node.mode, node.pmode, node.align = m, pm, bool(align_corners)
        node.save(input, grid)
        return finish(out, node)
    return _make(out)


# ============================================================== embedding_bag
class EmbeddingBagBackward0(OnceDifferentiableNode):
    __slots__ = ("idx", "bag", "nbag", "mode", "count", "arg", "psw", "freq")
    aten_backward = "aten::_embedding_bag_backward"

    def _raw(self, g):
        weight, psw = self.saved()
        wd = _np(weight._data)
        g = _np(g)
        e = self._edges
        gw = gp = None
        idx, bag = self.idx, self.bag          # only the non-padding entries
        if e[0] is not None:
            if self.mode == 2:
                gw = np.zeros(wd.shape, dtype=np.float64)
                a = self.arg                      # (B, D) winning index or -1
                B, D = a.shape
                ok = a >= 0
                cols = np.broadcast_to(np.arange(D), a.shape)
                np.add.at(gw, (a[ok], cols[ok]), g[ok].astype(np.float64))
            else:
                rows = g[bag].astype(np.float64)
                if self.mode == 1:
                    rows = rows / np.maximum(self.count[bag], 1)[:, None]
                if self.psw is not None:
                    rows = rows * _np(psw._data)[self.psw].astype(np.float64)[:, None]
                if self.freq is not None:
                    rows = rows / self.freq[idx][:, None]
                gw = np.zeros(wd.shape, dtype=np.float64)
                np.add.at(gw, idx, rows)
            gw = gw.astype(wd.dtype)
        if len(e) > 1 and e[1] is not None:
            pd = _np(psw._data)
            gp = np.zeros(pd.shape, dtype=pd.dtype)
            gp[self.psw] = (g[bag] * wd[idx]).sum(axis=1)
        return (gw, gp) if len(e) > 1 else (gw,)


def embedding_bag(input: Tensor, weight: Tensor, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
                  mode="mean", sparse=False, per_sample_weights=None, include_last_offset=False,
                  padding_idx=None) -> Tensor:
    """Sums / means / maxima of bags of embeddings (``torch.nn.functional.embedding_bag``)."""
    if weight.dtype.__repr__() == "torch.int64" and input.is_floating_point():
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, "
                      "input, ...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.",
                      stacklevel=2)
        weight, input = input, weight
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, "
                         f"then it must have the same shape as the input ({input.shape})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    ind = _np(input._data)
    if ind.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        L = ind.shape[1]
        offs = np.arange(0, ind.size, L if L else 1, dtype=np.int64)
        if L == 0:
            offs = np.zeros(ind.shape[0], dtype=np.int64)
        include_last_offset = False
        ind = ind.reshape(-1)
    elif ind.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        offs = _np(offsets._data).astype(np.int64)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {ind.ndim}")
    if mode == "sum":
        m = 0
    elif mode == "mean":
        m = 1
    elif mode == "max":
        m = 2
        if scale_grad_by_freq:
            raise ValueError("max mode does not support scaling the gradient by the frequency")
        if sparse:
            raise ValueError("max mode does not support sparse weights")
    else:
        raise ValueError("mode has to be one of sum, mean or max")
    if ind.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.type()} instead (while checking arguments for embedding_bag)")
    wd = _np(weight._data)
    n = wd.shape[0]
    if ind.size and (ind.min() < 0 or ind.max() >= n):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        from .basic import _embedding_renorm_
        _embedding_renorm_(weight, ind, max_norm, norm_type)
        wd = _np(weight._data)
    if scale_grad_by_freq:
        raise NotImplementedError("ember: embedding_bag(scale_grad_by_freq=True) is not implemented")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    if padding_idx is not None:
        padding_idx = int(padding_idx)
        if padding_idx < 0:
            padding_idx += n
    B = len(offs) - 1 if include_last_offset else len(offs)
    ends = np.append(offs[1:], ind.size) if not include_last_offset else offs[1:]
    if include_last_offset:
        ends = offs[1:]
        offs = offs[:-1]
    bag_of = np.full(ind.size, -1, dtype=np.int64)
    for b in range(B):
        bag_of[offs[b]:ends[b]] = b
    keep = bag_of >= 0
    if padding_idx is not None:
        keep &= ind != padding_idx
    pos = np.nonzero(keep)[0]
    idx, bag = ind[pos].astype(np.int64), bag_of[pos]
    D = wd.shape[1]
    count = np.bincount(bag, minlength=B).astype(np.int64)
    rows = wd[idx]
    arg = None
    if m == 2:
        out = np.zeros((B, D), dtype=wd.dtype)
        arg = np.full((B, D), -1, dtype=np.int64)
        for j in range(len(idx)):            # first maximum wins, as PyTorch's CPU kernel
            b = bag[j]
            r = rows[j]
            upd = (arg[b] < 0) | (r > out[b])
            out[b] = np.where(upd, r, out[b])
            arg[b] = np.where(upd, idx[j], arg[b])
    else:
        if per_sample_weights is not None:
            rows = rows * _np(per_sample_weights._data).reshape(-1)[pos][:, None]
        out = np.zeros((B, D), dtype=np.float64 if wd.dtype == np.float32 else wd.dtype)
        np.add.at(out, bag, rows)
        if m == 1:
            out = out / np.maximum(count, 1)[:, None]
        out = out.astype(wd.dtype)
    ps_rg = per_sample_weights is not None and per_sample_weights._rg
    if GRAD.enabled and (weight._rg or ps_rg):
        ins = (weight, per_sample_weights) if per_sample_weights is not None else (weight,)
        node = EmbeddingBagBackward0(ins)
        node.idx, node.bag, node.mode, node.count, node.arg = idx, bag, m, count, arg
        node.nbag = B
        node.psw = pos if per_sample_weights is not None else None
        node.freq = None
        if scale_grad_by_freq:
            node.freq = np.bincount(ind.astype(np.int64), minlength=n).astype(np.float64)
        node.save(weight, per_sample_weights)
        return finish(out, node)
    return _make(out)
