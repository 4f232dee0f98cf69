"""Spatial transformers and bags: ``affine_grid``, ``grid_sample``, ``embedding_bag``.

* ``affine_grid`` builds PyTorch's base grid (its own ``linspace`` rounding)
  and multiplies it by ``theta``; the backward (``AffineGridGeneratorBackward0``)
  is written with ember ops, so it is differentiable again.
* ``grid_sample`` (4-D input: bilinear / nearest / bicubic; 5-D input: trilinear
  "bilinear" / nearest; zeros / border / reflection padding) runs vectorised
  NumPy gathers over interpolation taps.  Its backward
  (``GridSampler{2,3}DBackward0``) computes both gradients in NumPy and records
  ``GridSampler{2,3}DBackwardBackward0``, whose NumPy backward gives the exact
  second derivatives PyTorch 2.13 computes.
* ``embedding_bag`` (sum / mean / max, 1-D input + offsets or 2-D input,
  ``per_sample_weights``, ``padding_idx``, ``include_last_offset``,
  ``scale_grad_by_freq``); its backward (``EmbeddingBagBackward0``) is NumPy,
  once differentiable.
"""
from __future__ import annotations

import itertools
import warnings

import numpy as np

from ...ops._common import GRAD, Node, Tensor, _make, finish
from ._util import OnceDifferentiableNode, check_tensor_args

__all__ = ["affine_grid", "grid_sample", "embedding_bag"]

_AC_MSG = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
           "Please specify align_corners=True if the old behavior is desired. "
           "See the documentation of grid_sample for details.")


def _np(a):
    return np.asarray(a)


# ================================================================ affine_grid
def _linspace_from_neg_one(n: int, align_corners: bool, dt) -> np.ndarray:
    """PyTorch's ``linspace_from_neg_one``: its CPU ``linspace`` (bit for bit), then
    ``* (n - 1) / n`` when not aligning corners."""
    from ... import _dtype as D
    from ...ops.creation import _linspace_float
    if n <= 1:
        return np.zeros(1, dtype=dt)
    t = dt.type
    r = _linspace_float(-1, 1, n, D.from_numpy_dtype(dt))
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


def _apply_theta(base, theta):
    """``base @ theta^T`` ((1, P, k+1) by (N, k, k+1)) summed left to right in the input dtype,
    as PyTorch's CPU ``bmm`` does for these tiny inner sizes (bit-equal float32 grids)."""
    out = None
    for j in range(base.shape[-1]):
        term = base[..., j:j + 1] * theta[:, None, :, j]
        out = term if out is None else out + term
    return out


def affine_grid(theta: Tensor, size, align_corners=None) -> Tensor:
    """Sampling grid of the affine maps ``theta`` (``torch.nn.functional.affine_grid``)."""
    if align_corners is None:
        warnings.warn(_AC_MSG, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    shown, size = size, [int(s) for s in size]   # messages print the size as the caller passed it
    tsz = "torch.Size([" + ", ".join(str(s) for s in theta.shape) + "])"
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {shown}. Got {tsz}.")
        spatial = size[-2:]
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {shown}. Got {tsz}.")
        spatial = size[-3:]
    else:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {shown}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    td = _np(theta._data)
    n = size[0]
    if td.shape[0] != n:
        k = len(spatial) + 1   # ATen's affine_grid_generator: base_grid.bmm(theta.transpose(1, 2))
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{n}, {k}] but got: "
                           f"[{td.shape[0]}, {k}].")
    base = _base_grid(spatial, align_corners, td.dtype)
    k1 = base.shape[-1]
    out = _apply_theta(base.reshape(1, -1, k1), td).reshape([n] + list(spatial) + [k1 - 1])
    out = np.ascontiguousarray(out, dtype=td.dtype)
    if GRAD.enabled and theta._rg:
        node = AffineGridGeneratorBackward0((theta,))
        node.base = base
        node.size = tuple(size)
        return finish(out, node)
    return _make(out)


# ================================================================ grid_sample
# Every interpolation mode is a sum over "taps": integer pixel positions, each with a weight
# that is a product of one 1-D factor per spatial dimension.  Keeping each factor's first and
# second derivative lets one code path give the output, both gradients (``GridSampler{2,3}D
# Backward0``) and the gradients of those gradients (``GridSampler{2,3}DBackwardBackward0``),
# which PyTorch 2.13 implements for every mode, padding mode and dimensionality.
_CUBIC_A = -0.75


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


def _pad(c, size, pmode, align):
    """PyTorch's ``compute_coordinates``: apply border / reflection padding to pixel coordinates."""
    mult = np.ones_like(c)
    if pmode == 1:
        c, mult = _clip(c, size)
    elif pmode == 2:
        if align:
            c, m = _reflect(c, 0, 2 * (size - 1))
        else:
            c, m = _reflect(c, -1, 2 * size - 1)
        c, m2 = _clip(c, size)
        mult = m * m2
    return c, mult


def _unnormalize(x, size, align, three_d=False):
    """``grid_sampler_unnormalize_set_grad``: (pixel coordinate, d pixel / d grid).

    The 2-D CPU kernel computes ``(x + 1) * scale (- 0.5)``; the 3-D one the generic
    ``(x + 1) / 2 * (size - 1)`` or ``((x + 1) * size - 1) / 2``; both are mirrored for
    bit-equal float32 coordinates."""
    t = x.dtype.type
    if align:
        scale = t((size - 1) / 2)
        if three_d:
            return ((x + t(1)) / t(2) * t(size - 1)).astype(x.dtype), scale
        return ((x + t(1)) * scale).astype(x.dtype), scale
    scale = t(size / 2)
    if three_d:
        return (((x + t(1)) * t(size) - t(1)) / t(2)).astype(x.dtype), scale
    return ((x + t(1)) * scale - t(0.5)).astype(x.dtype), scale


def _cubic_near(x):
    """Cubic convolution kernel for ``|x| <= 1`` and its first two derivatives."""
    a = _CUBIC_A
    f = ((a + 2) * x - (a + 3)) * x * x + 1
    f1 = (3 * (a + 2) * x - 2 * (a + 3)) * x
    f2 = 6 * (a + 2) * x - 2 * (a + 3)
    return f, f1, f2


def _cubic_far(x):
    """Cubic convolution kernel for ``1 < |x| < 2`` and its first two derivatives."""
    a = _CUBIC_A
    f = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    f1 = (3 * a * x - 10 * a) * x + 8 * a
    f2 = 6 * a * x - 10 * a
    return f, f1, f2


def _cubic_factors(t):
    """The four bicubic tap weights at fraction ``t`` as (weight, d/dt, d2/dt2) triples."""
    w0 = _cubic_far(t + 1)
    w1 = _cubic_near(t)
    t2 = 1 - t
    n2 = _cubic_near(t2)
    n3 = _cubic_far(t2 + 1)
    w2 = (n2[0], -n2[1], n2[2])
    w3 = (n3[0], -n3[1], n3[2])
    return [w0, w1, w2, w3]


class _DimTaps:
    """The taps of one spatial dimension: per tap (index, in-bounds mask, factor, factor', factor'')."""

    __slots__ = ("taps", "mult")

    def __init__(self, g, size, mode, pmode, align, three_d):
        c, scale = _unnormalize(g, size, align, three_d)
        dt = g.dtype
        if mode == 2:                       # bicubic: pad each tap, not the coordinate
            self.mult = np.full_like(c, scale)
            base = np.floor(c)
            frac = (c - base).astype(dt)
            self.taps = []
            for k, (f, f1, f2) in enumerate(_cubic_factors(frac)):
                pos, _ = _pad((base + (k - 1)).astype(dt), size, pmode, align)
                self.taps.append(self._tap(pos, size, f, f1, f2, dt))
            return
        c, pm = _pad(c, size, pmode, align)
        self.mult = (pm * scale).astype(dt)
        if mode == 1:                       # nearest: round half to even, as std::nearbyint
            one, zero = np.ones_like(c), np.zeros_like(c)
            self.taps = [self._tap(np.rint(c), size, one, zero, zero, dt)]
            return
        base = np.floor(c)
        frac = (c - base).astype(dt)
        one, zero = np.ones_like(c), np.zeros_like(c)
        # PyTorch's 2-D kernel weighs the low tap by 1 - frac, its 3-D kernel by (base + 1) - c
        low = (base + 1) - c if three_d else 1 - frac
        self.taps = [self._tap(base, size, low, -one, zero, dt),
                     self._tap(base + 1, size, frac, one, zero, dt)]

    @staticmethod
    def _tap(pos, size, f, f1, f2, dt):
        idx = pos.astype(np.int64)
        valid = (idx >= 0) & (idx < size)
        return np.where(valid, idx, 0), valid, f.astype(dt, copy=False), f1.astype(dt, copy=False), \
            f2.astype(dt, copy=False)


class _Sampler:
    """Taps of every output point of ``grid`` into ``inp`` (N, C, *spatial)."""

    __slots__ = ("flat", "taps", "mults", "k", "dtype", "P", "mode")

    def __init__(self, inp, grid, mode, pmode, align):
        N, C = inp.shape[:2]
        spatial = inp.shape[2:]
        k = len(spatial)
        self.k, self.dtype, self.mode = k, inp.dtype, mode
        self.P = int(np.prod(grid.shape[1:-1]))
        self.flat = inp.reshape(N, C, int(np.prod(spatial)))
        g = grid.reshape(N, self.P, k)
        dims = [_DimTaps(g[..., k - 1 - d], spatial[d], mode, pmode, align, k == 3) for d in range(k)]
        strides = [int(np.prod(spatial[d + 1:])) for d in range(k)]
        self.mults = [dims[d].mult for d in range(k)]
        self.taps = [self._combine(combo, strides) for combo in itertools.product(*[dm.taps for dm in dims])]

    @staticmethod
    def _combine(combo, strides):
        """One tap: (flat index, mask, per-dim factors, firsts and seconds)."""
        idx = None
        valid = None
        for (i, v, _, _, _), s in zip(combo, strides):
            idx = i * s if idx is None else idx + i * s
            valid = v if valid is None else valid & v
        return (np.where(valid, idx, 0), valid, [c[2] for c in combo], [c[3] for c in combo],
                [c[4] for c in combo])

    def _gather(self, flat, tap):
        """Values of ``flat`` (N, C, S) at the tap, (N, C, P); zero where out of bounds."""
        idx, valid = tap[0], tap[1]
        N, C, S = flat.shape
        offsets = (np.arange(N * C, dtype=np.int64) * S).reshape(N, C, 1)
        v = flat.reshape(-1)[offsets + idx[:, None, :]]
        return v * valid[:, None, :]

    @staticmethod
    def _weight(fs, skip=(), deriv=()):
        """Product of the factors, with ``deriv`` substituted at the dims in ``skip``; multiplied
        in PyTorch's order (y * x in 2-D, x * y * z in 3-D) for bit-equal float32 weights."""
        w = None
        order = range(len(fs)) if len(fs) < 3 else range(len(fs) - 1, -1, -1)
        for d in order:
            f = fs[d]
            if d in skip:
                f = deriv[skip.index(d)]
            w = f if w is None else w * f
        return w

    def _dweight(self, tap, d):
        return self._weight(tap[2], (d,), (tap[3][d],))

    def _d2weight(self, tap, d, e):
        if d == e:
            return self._weight(tap[2], (d,), (tap[4][d],))
        return self._weight(tap[2], (d, e), (tap[3][d], tap[3][e]))

    def _scatter(self, acc, tap, contrib):
        """Add ``contrib`` (N, C, P) at the tap's pixels of ``acc`` (N*C*S float64)."""
        N, C, S = self.flat.shape
        base = (np.arange(N * C, dtype=np.int64) * S).reshape(N, C, 1)
        contrib = contrib * tap[1][:, None, :]
        return acc + np.bincount((base + tap[0][:, None, :]).ravel(), contrib.ravel().astype(np.float64),
                                 minlength=N * C * S)

    def forward(self):
        if self.mode == 2:
            return self._forward_bicubic()
        out = None
        for tap in self.taps:
            v = self._gather(self.flat, tap) * self._weight(tap[2])[:, None, :]
            out = v if out is None else out + v
        return out

    def _forward_bicubic(self):
        """PyTorch's separable order: four 4-tap sums along x, then one along y."""
        out = None
        for row in range(4):
            taps = self.taps[4 * row:4 * row + 4]
            line = None
            for tap in taps:
                v = self._gather(self.flat, tap) * tap[2][1][:, None, :]
                line = v if line is None else line + v
            v = line * taps[0][2][0][:, None, :]
            out = v if out is None else out + v
        return out

    def _grid_sum(self, g, values, weight):
        """sum over channels of g * values * weight, an (N, P) array."""
        return (g * values).sum(axis=1) * weight

    def backward(self, g, want_in, want_grid):
        """``g``: (N, C, P).  Returns (grad input (N, C, S), grad grid (N, P, k))."""
        N, C, S = self.flat.shape
        acc = np.zeros(N * C * S) if want_in else None
        gd = [np.zeros(g.shape[::2], dtype=self.dtype) for _ in range(self.k)] if want_grid else None
        for tap in self.taps:
            if want_in:
                acc = self._scatter(acc, tap, g * self._weight(tap[2])[:, None, :])
            if want_grid:
                v = self._gather(self.flat, tap)
                for d in range(self.k):
                    gd[d] += self._grid_sum(g, v, self._dweight(tap, d))
        gi = acc.reshape(N, C, S).astype(self.dtype) if want_in else None
        gg = self._to_grid(gd) if want_grid else None
        return gi, gg

    def _to_grid(self, per_dim):
        """Stack per-spatial-dim grid gradients as grid components (x first: the last spatial dim)."""
        k = self.k
        return np.stack([per_dim[k - 1 - j] * self.mults[k - 1 - j] for j in range(k)], axis=-1).astype(self.dtype)

    def double_backward(self, g, ggi, ggg, want):
        """Gradients of the backward w.r.t. (grad_output, input, grid), given the cotangents ``ggi``
        (N, C, S) of the input gradient and ``ggg`` (N, P, k) of the grid gradient (either may be None)."""
        N, C, S = self.flat.shape
        k = self.k
        ggm = None if ggg is None else [ggg[..., k - 1 - d] * self.mults[d] for d in range(k)]
        g_go = np.zeros(g.shape, dtype=self.dtype) if want[0] else None
        acc = np.zeros(N * C * S) if want[1] and ggm is not None else None
        gd = [np.zeros(g.shape[::2], dtype=self.dtype) for _ in range(k)] if want[2] else None
        for tap in self.taps:
            v = self._gather(self.flat, tap)
            gv = None if ggi is None else self._gather(ggi, tap)
            dirw = None
            if ggm is not None:             # derivative of the weight along ggg
                dirw = sum(ggm[d] * self._dweight(tap, d) for d in range(k))
            if g_go is not None:
                if gv is not None:
                    g_go += gv * self._weight(tap[2])[:, None, :]
                if dirw is not None:
                    g_go += v * dirw[:, None, :]
            if acc is not None:
                acc = self._scatter(acc, tap, g * dirw[:, None, :])
            if gd is not None:
                for d in range(k):
                    if gv is not None:
                        gd[d] += self._grid_sum(g, gv, self._dweight(tap, d))
                    if ggm is not None:
                        w2 = sum(ggm[e] * self._d2weight(tap, d, e) for e in range(k))
                        gd[d] += self._grid_sum(g, v, w2)
        g_in = None
        if want[1]:
            g_in = np.zeros(self.flat.shape, self.dtype) if acc is None else acc.reshape(N, C, S).astype(self.dtype)
        g_grid = None
        if want[2]:
            g_grid = self._to_grid(gd)
        return g_go, g_in, g_grid


def _sampler_for(node):
    """The forward's sampler (its taps depend on the grid only), after ``saved()`` checked that
    neither saved tensor was modified in place."""
    inp, grid = node.saved()[-2:]
    return node.sampler, inp, grid


class _GridSamplerBackwardNode(Node):
    """``grid_sampler_{2,3}d_backward(grad_output, input, grid) -> (grad_input, grad_grid)``."""

    __slots__ = ("mode", "pmode", "align", "sampler")
    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def vjp(self, ggi, ggg):
        s, inp, grid = _sampler_for(self)
        go = _np(self.saved()[0]._data)
        N, C = go.shape[:2]
        go = go.reshape(N, C, s.P)
        ggi = None if ggi is None else _np(ggi).reshape(s.flat.shape)
        ggg = None if ggg is None else _np(ggg).reshape(N, go.shape[2], s.k)
        if self.mode == 1:
            ggg = None                      # nearest: the grid gradient is constant zero
        if ggi is None and ggg is None:     # PyTorch returns undefined gradients here
            return None, None, None
        want = [e is not None for e in self._edges]
        want[1] = want[1] and ggg is not None   # the input gradient only feeds on ggg
        g_go, g_in, g_grid = s.double_backward(go, ggi, ggg, want)
        shapes = (self.saved()[0].shape, inp.shape, grid.shape)
        return tuple(None if r is None else r.reshape(tuple(sh)) for r, sh in zip((g_go, g_in, g_grid), shapes))


GridSampler2DBackwardBackward0 = type("GridSampler2DBackwardBackward0", (_GridSamplerBackwardNode,),
                                      {"__slots__": ()})
GridSampler3DBackwardBackward0 = type("GridSampler3DBackwardBackward0", (_GridSamplerBackwardNode,),
                                      {"__slots__": ()})


class _GridSamplerNode(Node):
    """``GridSampler{2,3}DBackward0``: saved (input, grid); its gradients are differentiable again."""

    __slots__ = ("mode", "pmode", "align", "sampler")
    double_cls: type = None

    def _raw(self, g):
        s, inp, grid = _sampler_for(self)
        N, C = inp.shape[:2]
        e = self._edges
        gi, gg = s.backward(_np(g).reshape(N, C, s.P), e[0] is not None, e[1] is not None)
        gi = None if gi is None else gi.reshape(tuple(inp.shape))
        gg = None if gg is None else gg.reshape(tuple(grid.shape))
        return gi, gg

    def vjp(self, g):
        return self._raw(g)

    def backward(self, g):
        gi, gg = self._raw(g._data)
        inp, grid = self.saved()
        outs = [None if o is None else _make(o) for o in (gi, gg)]
        if not (GRAD.enabled and (g._rg or inp._rg or grid._rg)):
            return tuple(outs)
        node = self.double_cls((g, inp, grid))
        node.mode, node.pmode, node.align = self.mode, self.pmode, self.align
        node.sampler = self.sampler
        node.save(g, inp, grid)
        from ...autograd._backward_ops import record_outputs
        return record_outputs(node, outs)


GridSampler2DBackward0 = type("GridSampler2DBackward0", (_GridSamplerNode,),
                              {"__slots__": (), "double_cls": GridSampler2DBackwardBackward0})
GridSampler3DBackward0 = type("GridSampler3DBackward0", (_GridSamplerNode,),
                              {"__slots__": (), "double_cls": GridSampler3DBackwardBackward0})

_SCALAR_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
                 "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
                 "complex128": "ComplexDouble"}


def _check_grid_sample(idd, gd, mode, want=None):
    """ATen's ``check_grid_sampler_common`` then the 2-D / 3-D checks, in PyTorch's order (``want``: the rank
    an explicit ``grid_sampler_2d`` / ``_3d`` requires; else the input's own rank picks the kernel)."""
    if idd.shape[0] != gd.shape[0]:
        raise RuntimeError("grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {list(idd.shape)} and grid with sizes {list(gd.shape)}")
    if gd.shape[-1] != idd.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {idd.ndim - 2} in last dimension, but got "
                           f"grid with sizes {list(gd.shape)}")
    for d in range(2, idd.ndim):
        if idd.shape[d] <= 0:
            raise RuntimeError("grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               f"sizes {list(idd.shape)} with dimension {d} being empty")
    if want is None:
        want = 4 if idd.ndim == 4 else 5
    if idd.ndim != want or gd.ndim != want:
        raise RuntimeError(f"grid_sampler(): expected {want}D input and grid with same number of dimensions, but "
                           f"got input with sizes {list(idd.shape)} and grid with sizes {list(gd.shape)}")
    if want == 5 and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if idd.dtype.kind != "f":
        kernel = "grid_sampler_2d_cpu_kernel_impl" if want == 4 else "grid_sampler3d_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_SCALAR_NAMES.get(idd.dtype.name, idd.dtype.name)}'")
    if idd.dtype != gd.dtype:
        raise RuntimeError(f"expected scalar type {_SCALAR_NAMES.get(idd.dtype.name, idd.dtype.name)} but found "
                           f"{_SCALAR_NAMES.get(gd.dtype.name, gd.dtype.name)}")


def _sampler_arg(fname: str, value, name: str, position: int, kind: type):
    """The Python binding's type check of an int / bool argument of ``torch.grid_sampler_2d`` & co."""
    ok = isinstance(value, bool) if kind is bool else isinstance(value, int) and not isinstance(value, bool)
    if not ok:
        raise TypeError(f"{fname}(): argument '{name}' (position {position}) must be {kind.__name__}, not "
                        f"{type(value).__name__}")
    return value


def grid_sampler_nd(input: Tensor, grid: Tensor, interpolation_mode, padding_mode, align_corners, nd: int):
    """``torch.grid_sampler_2d`` / ``torch.grid_sampler_3d``: the ATen kernels behind ``F.grid_sample``,
    with integer modes (0 bilinear / zeros, 1 nearest / border, 2 bicubic / reflection) and a bool
    ``align_corners``; the rank must be the kernel's."""
    fname = f"grid_sampler_{nd}d"
    m = _sampler_arg(fname, interpolation_mode, "interpolation_mode", 3, int)
    pm = _sampler_arg(fname, padding_mode, "padding_mode", 4, int)
    align = _sampler_arg(fname, align_corners, "align_corners", 5, bool)
    if m not in (0, 1, 2) or pm not in (0, 1, 2):   # PyTorch reads uninitialised memory here: refuse instead
        raise RuntimeError(f"{fname}(): interpolation_mode and padding_mode must be 0, 1 or 2, but got "
                           f"{m} and {pm}")
    mode = ("bilinear", "nearest", "bicubic")[m]
    idd, gd = _np(input._data), _np(grid._data)
    _check_grid_sample(idd, gd, mode, want=nd + 2)
    return grid_sample(input, grid, mode, ("zeros", "border", "reflection")[pm], align)


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",
                align_corners=None) -> Tensor:
    """Sample ``input`` at the normalised ``grid`` locations (``torch.nn.functional.grid_sample``).

    4-D input (bilinear, nearest, bicubic) or 5-D input (trilinear "bilinear", nearest); all
    padding modes; differentiable twice in both ``input`` and ``grid``, as in PyTorch."""
    if mode != "bilinear" and mode != "nearest" and mode != "bicubic":
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_AC_MSG, stacklevel=2)
        align_corners = False
    if input.__class__ is not Tensor or grid.__class__ is not Tensor:  # (PyTorch's argument errors)
        check_tensor_args("grid_sampler", (("input", 1, input, False), ("grid", 2, grid, False)))
    idd, gd = _np(input._data), _np(grid._data)
    _check_grid_sample(idd, gd, mode)
    m = {"bilinear": 0, "nearest": 1, "bicubic": 2}[mode]
    pm = {"zeros": 0, "border": 1, "reflection": 2}[padding_mode]
    N, C = idd.shape[:2]
    out_spatial = gd.shape[1:-1]
    s = _Sampler(idd, gd, m, pm, bool(align_corners))
    out = np.ascontiguousarray(s.forward().reshape((N, C) + tuple(out_spatial)), dtype=idd.dtype)
    if GRAD.enabled and (input._rg or grid._rg):
        cls = GridSampler2DBackward0 if idd.ndim == 4 else GridSampler3DBackward0
        node = cls((input, grid))
        node.mode, node.pmode, node.align = m, pm, bool(align_corners)
        node.sampler = s
        node.save(input, grid)
        return finish(out, node)
    return _make(out)


# ============================================================== embedding_bag
class EmbeddingBagBackward0(OnceDifferentiableNode):
    __slots__ = ("idx", "bag", "nbag", "mode", "count", "arg", "psw", "freq")
    aten_backward = "aten::_embedding_bag_backward"

    def _sum_mean_grad(self, g, psw, wd):
        """PyTorch's ``_embedding_bag_dense_backward_cpu_sum_mean``: per entry a double scale
        (``1 / freq``, times the sample weight, ``/ bag size`` for mean) cast to the weight's type,
        then ``grad_weight[index] += scale * grad`` in that type, entries in sorted-index order."""
        idx, bag = self.idx, self.bag
        scale = np.ones(idx.shape[0], dtype=np.float64)
        if self.freq is not None:
            scale = scale / self.freq[idx]
        if self.psw is not None:
            scale = scale * _np(psw._data).reshape(-1)[self.psw].astype(np.float64)
        if self.mode == 1:
            scale = scale / np.maximum(self.count[bag], 1)
        rows = g[bag] * scale.astype(wd.dtype)[:, None]
        order = np.argsort(idx, kind="stable")
        gw = np.zeros(wd.shape, dtype=wd.dtype)
        np.add.at(gw, idx[order], rows[order])
        return gw

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
                gw = self._sum_mean_grad(g, psw, wd)
            gw = gw.astype(wd.dtype)
        if len(e) > 1 and e[1] is not None:
            pd = _np(psw._data)
            gp = np.zeros(pd.size, dtype=pd.dtype)   # flat positions: a 2-D input's weights too
            gp[self.psw] = (g[bag] * wd[idx]).sum(axis=1)
            gp = gp.reshape(pd.shape)
        return (gw, gp) if len(e) > 1 else (gw,)


def _bag_grad_freq(indices, n: int) -> np.ndarray:
    """The divisor of each weight row's gradient under ``scale_grad_by_freq``.

    PyTorch's CPU ``_embedding_bag_backward`` scales the k-th distinct index (in sorted order) by
    ``1 / counts[sorted_indices[k]]``: the count of the index at *position* k of the sorted
    indices, which is that index's own count only while no earlier index repeats.  Mirrored."""
    freq = np.ones(n, dtype=np.float64)
    if indices.size == 0:
        return freq
    ordered = np.sort(indices)
    distinct = np.unique(ordered)
    counts = np.bincount(indices, minlength=n)
    freq[distinct] = counts[ordered[:distinct.size]]
    return freq


def _check_bag_offsets(offs, n_indices: int, input: Tensor, offsets: Tensor) -> None:
    """ATen's ``embedding_bag`` checks of 1-D offsets: the first bag starts at 0 and the last offset lies within
    the indices (the message names the offsets' tensor type after promotion with the indices)."""
    if offs.size and offs[0] != 0:
        kind = "Int" if input.dtype == offsets.dtype and str(input.dtype) == "torch.int32" else "Long"
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           f"position 0. However, got {int(offs[0])}\n[ torch.{kind}Tensor{{}} ]")
    if offs.size and offs[-1] > n_indices:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {n_indices} but got offsets[-1] of "
                           f"{int(offs[-1])}")


def _raise_bag_index_error(ind, wd, mode: str, padding_idx, max_norm) -> None:
    """The error of ATen's CPU ``embedding_bag`` for an index outside ``[0, n)`` of the weight ``wd``: with
    ``max_norm`` the renormalisation's ``select`` fails first; the float/half sum/mean kernel (fbgemm, used without
    ``padding_idx``) names the index's position; the generic kernel (``max`` mode, a ``padding_idx`` or a double
    weight) names only its value."""
    if max_norm is not None:
        from .basic import _raise_renorm_index_error
        _raise_renorm_index_error(ind, wd.shape)
    n = wd.shape[0]
    pos = int(np.nonzero((ind < 0) | (ind >= n))[0][0])
    if mode != "max" and padding_idx is None and wd.dtype in (np.float32, np.float16):
        raise RuntimeError(f"Index {pos} of input takes value {int(ind[pos])} which is not in the valid range "
                           f"[0, {n})")
    raise RuntimeError(f"embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be "
                       f"{int(ind[pos])}")


def _check_bag_index_types(input: Tensor, offsets) -> None:
    """ATen's ``promoteIndicesAndOffsets`` then ``checkScalarTypes``: the indices and offsets are cast to
    their promoted dtype, which must be Long or Int (``long`` indices with ``short`` offsets pass, ``long``
    with ``float`` offsets fail naming the indices as a ``FloatTensor``).  Checked only off the fast path."""
    from ... import promote_types, int64, int32
    common = input.dtype if offsets is None else promote_types(input.dtype, offsets.dtype)
    if common not in (int64, int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.to(common).type()} instead (while checking arguments for "
                           "embedding_bag)")


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
        _check_bag_offsets(offs, ind.size, input, offsets)
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
    if ind.dtype.kind not in "iu" or ind.dtype.itemsize < 4 or (offsets is not None
                                                              and offsets._data.dtype != ind.dtype):
        _check_bag_index_types(input, offsets)
        ind = ind.astype(np.int64)   # (bool indices promote with long offsets: ATen casts them)
    wd = _np(weight._data)
    n = wd.shape[0]
    if include_last_offset and offs.size == 0:
        raise RuntimeError("include_last_offset: number of offset should be at least 1")
    # the kernels only visit indices inside a bag (none without offsets; up to the last one with include_last_offset)
    in_bags = ind[:0] if offs.size == 0 else ind[:max(int(offs[-1]), 0)] if include_last_offset else ind
    if in_bags.size and (in_bags.min() < 0 or in_bags.max() >= n):
        _raise_bag_index_error(in_bags, wd, mode, padding_idx, max_norm)
    if max_norm is not None:
        from .basic import _embedding_renorm_
        _embedding_renorm_(weight, ind, max_norm, norm_type)
        wd = _np(weight._data)
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
        acc = {np.dtype(np.float32): np.float64, np.dtype(np.float16): np.float32}.get(wd.dtype, wd.dtype)
        if wd.dtype == np.float16:   # PyTorch's CPU kernel (fbgemm) accumulates half in float
            rows = rows.astype(np.float32)
        if per_sample_weights is not None:
            psw_rows = _np(per_sample_weights._data).reshape(-1)[pos][:, None]
            rows = rows * psw_rows.astype(rows.dtype, copy=False)
        out = np.zeros((B, D), dtype=acc)
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
            node.freq = _bag_grad_freq(ind.astype(np.int64), n)
        node.save(weight, per_sample_weights)
        if sparse:  # the weight's gradient is a sparse COO tensor (ember/sparse)
            from ...sparse._embedding import make_sparse_bag
            make_sparse_bag(node)
        return finish(out, node)
    return _make(out)
