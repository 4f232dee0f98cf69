"""Fractional max pooling: ``fractional_max_pool2d`` / ``fractional_max_pool3d`` (+ ``_with_indices``).

Follows ``torch/nn/functional.py`` (argument handling, the ``torch.rand(N, C, 2|3, dtype=input.dtype)``
draw when ``_random_samples`` is None) and ATen's ``FractionalMaxPool2d.cpp`` / ``FractionalMaxPool3d.cpp``:

* ``generate_intervals`` computes the window starts in the input's dtype:
  ``alpha = (in - k) / (out - 1)``, ``start[i] = int((i + u) * alpha) - int(u * alpha)`` and the last
  window starts at ``in - k``;
* 2-D planes use ``samples[..., 0]`` for the width and ``samples[..., 1]`` for the height; 3-D planes use
  ``samples[..., 0]`` for time, ``[..., 1]`` for height and ``[..., 2]`` for width;
* the window maximum is the first one met in row-major order and a NaN wins (``val > max || isnan(val)``);
  indices are flat within a plane (``h * W + w``, ``(t * H + h) * W + w``).

Given the indices the output is a gather from the input: ``FractionalMaxPool{2,3}DBackward0`` scatter-adds
the gradient into the argmax positions, and that backward is itself recorded (as PyTorch's
``...BackwardBackward0``, a gather), so the op is differentiable to any order.
"""
from __future__ import annotations

import collections.abc
from itertools import repeat

import numpy as np

from ...ops._common import GRAD, Node, Tensor, _make, finish
from ._util import linear_node, linear_op

__all__ = ["fractional_max_pool2d", "fractional_max_pool3d", "fractional_max_pool2d_with_indices",
           "fractional_max_pool3d_with_indices"]

_ViewBackward0 = linear_node("ViewBackward0")      # max_pool_double_backward: gather(...).view(...)
_GatherBackward0 = linear_node("GatherBackward0")


class _FractionalNode(Node):
    """``FractionalMaxPool{2,3}DBackward0``: saved (input, indices); backward scatters into the argmaxes.

    Its backward node (``...BackwardBackward0``) takes ``(grad_output, self)`` as PyTorch's
    ``fractional_max_pool2d_backward`` does: a gather for ``grad_output`` and zeros for ``self``.
    """

    __slots__ = ("fwd", "adj")
    double_cls: type = None

    def vjp(self, g):
        self.saved()
        return (self.adj(g),)

    def backward(self, g):
        x = self.saved()[0]
        data = self.adj(g._data)
        if GRAD.enabled and (g._rg or x._rg):
            node = self.double_cls((g, x))
            node.fwd = self.fwd
            node.adj = self.adj
            return (finish(data, node),)
        return (_make(data),)


class _FractionalBackwardNode(Node):
    __slots__ = ("fwd", "adj")

    def vjp(self, gg):
        e = self._edges
        return (self.fwd(gg) if e[0] is not None else None,
                np.zeros_like(gg) if e[1] is not None else None)

    def backward(self, gg):
        e = self._edges
        r0 = linear_op(gg, self.fwd, self.adj, _ViewBackward0, _GatherBackward0) if e[0] is not None else None
        r1 = _make(np.zeros_like(gg._data)) if e[1] is not None else None
        return (r0, r1)


FractionalMaxPool2DBackwardBackward0 = type("FractionalMaxPool2DBackwardBackward0", (_FractionalBackwardNode,),
                                            {"__slots__": ()})
FractionalMaxPool3DBackwardBackward0 = type("FractionalMaxPool3DBackwardBackward0", (_FractionalBackwardNode,),
                                            {"__slots__": ()})
FractionalMaxPool2DBackward0 = type("FractionalMaxPool2DBackward0", (_FractionalNode,),
                                    {"__slots__": (), "double_cls": FractionalMaxPool2DBackwardBackward0})
FractionalMaxPool3DBackward0 = type("FractionalMaxPool3DBackward0", (_FractionalNode,),
                                    {"__slots__": (), "double_cls": FractionalMaxPool3DBackwardBackward0})

_SCALAR = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
           "float16": "Half", "bfloat16": "BFloat16", "complex64": "ComplexFloat", "complex128": "ComplexDouble",
           "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}


def _ntuple(n):
    """``torch.nn.modules.utils._ntuple``."""
    def parse(x):
        if isinstance(x, collections.abc.Iterable):
            return tuple(x)
        return tuple(repeat(x, n))
    return parse


_pair = _ntuple(2)
_triple = _ntuple(3)


def _scalar_name(t: Tensor) -> str:
    return _SCALAR.get(str(t.dtype).replace("torch.", ""), "Float")


def _int_list(v, nd: int, name: str, pos: int, fname: str):
    """The ATen argument parser for ``int[nd]``: an int repeats, a sequence must hold ints (its length is
    checked later, after the autograd check, as in PyTorch)."""
    if isinstance(v, Tensor):
        if v.dim() == 0 and not v.is_floating_point():
            return (int(v.item()),) * nd
        v = v.tolist()
    if isinstance(v, bool) or not isinstance(v, (int, np.integer, list, tuple)):
        raise TypeError(f"{fname}(): argument '{name}' (position {pos}) must be tuple of ints, not "
                        f"{type(v).__name__}")
    if isinstance(v, (int, np.integer)):
        return (int(v),) * nd
    for j, e in enumerate(v):
        if isinstance(e, Tensor) and e.dim() == 0 and not e.is_floating_point():
            continue
        if isinstance(e, bool) or not isinstance(e, (int, np.integer)):
            raise TypeError(f"{fname}(): argument '{name}' (position {pos}) must be tuple of ints, but found "
                            f"element of type {type(e).__name__} at pos {j}")
    return tuple(int(e) for e in v)


def _intervals(u: np.ndarray, n: int, o: int, k: int) -> np.ndarray:
    """ATen ``generate_intervals`` for every plane at once: ``u`` (planes,) -> starts (planes, o)."""
    dt = u.dtype.type
    seq = np.empty(u.shape + (o,), dtype=np.int64)
    if o > 1:
        alpha = dt(n - k) / dt(o - 1)
        i = np.arange(o - 1).astype(u.dtype)
        with np.errstate(invalid="ignore", over="ignore"):
            a = ((i[None, :] + u[:, None]) * alpha).astype(np.int32).astype(np.int64)
            b = (u * alpha).astype(np.int32).astype(np.int64)
        seq[:, :o - 1] = a - b[:, None]
    if o > 0:
        seq[:, o - 1] = n - k
    return seq


def _forward(xd: np.ndarray, k: tuple, osz: tuple, samples: np.ndarray, order: tuple):
    """Output and flat per-plane indices of ``xd`` (N, C, *spatial)."""
    N, C = xd.shape[:2]
    insz = xd.shape[2:]
    nd = len(insz)
    P = N * C
    u = samples[:N].reshape(P, nd)
    starts = [_intervals(np.ascontiguousarray(u[:, order[d]]), insz[d], osz[d], k[d]) for d in range(nd)]
    strides = [int(np.prod(insz[d + 1:], dtype=np.int64)) for d in range(nd)]
    # start offset of every window: (P, *osz)
    base = np.zeros((P,) + tuple(osz), dtype=np.int64)
    for d in range(nd):
        shape = [P] + [1] * nd
        shape[d + 1] = osz[d]
        base = base + starts[d].reshape(shape) * strides[d]
    flat = xd.reshape(P, int(np.prod(insz, dtype=np.int64)))
    best = np.full(base.shape, -np.inf, dtype=xd.dtype)
    idx = base.copy()
    osz_n = int(np.prod(osz, dtype=np.int64))
    bf = best.reshape(P, osz_n)
    basef = base.reshape(P, osz_n)
    idxf = idx.reshape(P, osz_n)
    if bf.size:
        for off in np.ndindex(*k):
            pos = basef + sum(o * s for o, s in zip(off, strides))
            val = np.take_along_axis(flat, pos, axis=1)
            upd = (val > bf) | np.isnan(val)
            np.copyto(bf, val, where=upd)
            np.copyto(idxf, pos, where=upd)
    out_shape = xd.shape[:2] + tuple(osz)
    return best.reshape(out_shape), idx.reshape(out_shape)


def _gather(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    P = idx.shape[0] * idx.shape[1]
    if a.size == 0 or idx.size == 0:
        return np.zeros(idx.shape, dtype=a.dtype)
    return np.take_along_axis(a.reshape(P, -1), idx.reshape(P, -1), axis=1).reshape(idx.shape)


def _scatter(g: np.ndarray, idx: np.ndarray, in_shape: tuple) -> np.ndarray:
    P = idx.shape[0] * idx.shape[1]
    plane = int(np.prod(in_shape[2:], dtype=np.int64))
    out = np.zeros(P * plane, dtype=g.dtype)
    if idx.size == 0:
        return out.reshape(in_shape)
    flat_idx = (idx.reshape(P, -1) + (np.arange(P, dtype=np.int64) * plane)[:, None]).ravel()
    np.add.at(out, flat_idx, g.reshape(-1))
    return out.reshape(in_shape)


def _fractional_impl(input: Tensor, kernel_size, output_size, samples, nd: int):
    fname = f"fractional_max_pool{nd}d"
    k_msg = (f"{fname}: kernel_size must either be a single Int or tuple of Ints" if nd == 2 else
             f"{fname}: kernel_size must either be a single Int or tuple of three Ints")
    o_msg = (f"{fname}: output_size must either be a single Int or tuple of Ints" if nd == 2 else
             f"{fname}: output_size must either be a single Int or tuple of three Ints")
    k = _int_list(kernel_size, nd, "kernel_size", 2, fname)
    osz = _int_list(output_size, nd, "output_size", 3, fname)
    if GRAD.enabled and isinstance(samples, Tensor) and samples.requires_grad:
        raise RuntimeError(f"The function '{fname}' is not differentiable with respect to argument "
                           "'random_samples'. This input cannot have requires_grad True.")
    if len(k) != nd:
        raise RuntimeError(k_msg)
    if len(osz) != nd:
        raise RuntimeError(o_msg)
    where = f"{fname}()" if nd == 2 else "fractional_max_pool3d_out()"
    ndim = input.dim()
    if ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{where}: Expected {nd + 1}D or {nd + 2}D tensor, but got: {_fmt(input.shape)}")
    for i in range(1, ndim):
        if input.shape[i] <= 0:
            raise RuntimeError(f"{where}: Expected input to have non-zero size for non-batch dimensions, but got"
                               f"{_fmt(input.shape)} with dimension {i} being empty.")
    batched = ndim == nd + 2
    insz = tuple(input.shape[-nd:])
    names = ("height", "width") if nd == 2 else ("time", "height", "width")
    for d in range(nd):
        if osz[d] + k[d] - 1 > insz[d] - (nd == 3):   # 3-D checks ``out + k - 1 < in``
            raise RuntimeError(f"{where}: pool {names[d]} {k[d]} too large relative to input {names[d]} {insz[d]}")
    out_shape = tuple(input.shape[:-nd]) + osz
    if any(s < 0 for s in osz):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(osz)}: {_fmt(out_shape)}")
    if samples.dtype != input.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if samples.dim() != 3:
        raise RuntimeError(f"Expect _random_samples to have 3 dimensions, got {samples.dim()}")
    n_batch = input.shape[0] if batched else 1
    planes = input.shape[-nd - 1]
    if samples.shape[0] < n_batch:
        raise RuntimeError("Expect _random_samples.size(0) no less then input batch size.")
    if samples.shape[1] != planes:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    if samples.shape[2] != nd:
        raise RuntimeError(f"Expect _random_samples.size(2) equals to {nd}; got {samples.shape[2]}.")
    if not input.is_floating_point():
        raise NotImplementedError(f"\"{fname}_out_frame\" not implemented for '{_scalar_name(input)}'")
    xd = input._data
    if not batched:
        xd = xd[None]
    xd = np.ascontiguousarray(xd)
    order = (1, 0) if nd == 2 else (0, 1, 2)
    out, idx = _forward(xd, k, osz, np.asarray(samples._data), order)
    if not batched:
        out, idx = out[0], idx[0]
    in_shape = tuple(input.shape)
    fwd_cls = FractionalMaxPool2DBackward0 if nd == 2 else FractionalMaxPool3DBackward0
    bidx = idx if batched else idx[None]

    def fwd(a):
        r = _gather(a if batched else a[None], bidx)
        return r if batched else r[0]

    def adj(g):
        r = _scatter(g if batched else g[None], bidx, in_shape if batched else (1,) + in_shape)
        return r if batched else r[0]

    idx_t = _make(idx)
    if GRAD.enabled and input._rg:
        node = fwd_cls((input,))
        node.fwd = fwd
        node.adj = adj
        node.save(input, idx_t)
        return finish(out, node), idx_t
    return _make(out), idx_t


def _fmt(shape) -> str:
    return "[" + ", ".join(str(int(s)) for s in shape) + "]"


def _draw(input: Tensor, n_batch: int, planes: int, nd: int) -> Tensor:
    from ...ops.creation import rand
    if not input.is_floating_point():
        raise NotImplementedError(f"\"check_uniform_bounds\" not implemented for '{_scalar_name(input)}'")
    return rand(n_batch, planes, nd, dtype=input.dtype)


def fractional_max_pool2d_with_indices(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                                       return_indices: bool = False, _random_samples=None):
    """``torch.nn.functional.fractional_max_pool2d_with_indices``: ``(output, indices)``."""
    if output_size is None and output_ratio is None:
        raise ValueError("fractional_max_pool2d requires specifying either an output_size or an output_ratio")
    if output_size is None:
        if len(output_ratio) > 2:
            raise ValueError("fractional_max_pool2d requires output_ratio to either be a single Int or tuple of "
                             "Ints.")
        _output_ratio = _pair(output_ratio)
        output_size = [int(input.size(-2) * _output_ratio[0]), int(input.size(-1) * _output_ratio[1])]
    if _random_samples is None:
        n_batch = 1 if input.dim() == 3 else input.size(0)
        _random_samples = _draw(input, n_batch, input.size(-3), 2)
    return _fractional_impl(input, kernel_size, output_size, _random_samples, 2)


def fractional_max_pool3d_with_indices(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                                       return_indices: bool = False, _random_samples=None):
    """``torch.nn.functional.fractional_max_pool3d_with_indices``: ``(output, indices)``."""
    if output_size is None and output_ratio is None:
        raise ValueError("fractional_max_pool3d requires specifying either an output_size or an output_ratio")
    if output_size is None:
        _output_ratio = _triple(output_ratio)
        output_size = [int(input.size(-3) * _output_ratio[0]), int(input.size(-2) * _output_ratio[1]),
                       int(input.size(-1) * _output_ratio[2])]
    if _random_samples is None:
        n_batch = 1 if input.dim() == 4 else input.size(0)
        _random_samples = _draw(input, n_batch, input.size(-4), 3)
    return _fractional_impl(input, kernel_size, output_size, _random_samples, 3)


def fractional_max_pool2d(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                          return_indices: bool = False, _random_samples=None):
    """``torch.nn.functional.fractional_max_pool2d``: the output, or ``(output, indices)`` with ``return_indices``."""
    res = fractional_max_pool2d_with_indices(input, kernel_size, output_size, output_ratio, return_indices,
                                             _random_samples)
    return res if return_indices else res[0]


def fractional_max_pool3d(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                          return_indices: bool = False, _random_samples=None):
    """``torch.nn.functional.fractional_max_pool3d``: the output, or ``(output, indices)`` with ``return_indices``."""
    res = fractional_max_pool3d_with_indices(input, kernel_size, output_size, output_ratio, return_indices,
                                             _random_samples)
    return res if return_indices else res[0]
