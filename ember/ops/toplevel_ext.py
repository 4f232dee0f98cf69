"""Top-level ``torch.<name>`` functions PyTorch exposes besides ``torch.nn.functional`` and ``Tensor`` methods.

Every public function here becomes ``ember.<name>`` (see ``ember/_functions.py``):

* ``finfo`` / ``iinfo``: machine limits of a dtype, with PyTorch's fields and ``repr``;
* ATen-style functional aliases (``torch.conv2d``, ``torch.batch_norm``, ``torch.dropout`` ...): PyTorch's
  top-level signatures (positional ``train``, integer ``reduction`` ...) mapped onto ``ember.nn.functional``;
* top-level in-place forms (``torch.sigmoid_(x)`` is ``x.sigmoid_()``);
* ``*_copy`` ops: the view op's result as a fresh contiguous tensor, recorded as ``<ViewNode>_copy``
  exactly as PyTorch names it (``ViewBackward0_copy``);
* window functions, ``unravel_index``, determinism / precision / thread settings and a few legacy
  linear-algebra entry points (``triangular_solve``, ``cholesky_solve``, ``cholesky_inverse`` ...).
"""
from __future__ import annotations

import math
import warnings
from typing import Any, Optional, Sequence

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _make
from ..autograd.graph import Node
from ..autograd.grad_mode import STATE as _GRAD
from .pointwise import _zeros_grad
from ._common import PY_NUMBER_TYPES
from ._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _np_names, numpy_required as _np_required


def _F():
    from ..nn import functional as F
    return F


def _check_tensor(fn: str, x: Any, name: str = "input", pos: int = 1) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{fn}(): argument '{name}' (position {pos}) must be Tensor, not {type(x).__name__}")


# ================================================================ finfo / iinfo
def _g(v) -> str:
    return format(v, "g")


class _FInfo:
    """Instances returned by ``ember.finfo``: ``torch.finfo``'s fields and repr."""

    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, d: D.dtype) -> None:
        if d is D.bfloat16:  # no NumPy type: its limits (8 exponent bits, 8 significand bits)
            self.bits, self.eps, self.max, self.min = 16, 2.0 ** -7, 3.3895313892515355e+38, -3.3895313892515355e+38
            self.tiny = self.smallest_normal = 2.0 ** -126
            self.resolution, self.dtype = 0.01, "bfloat16"
            return
        fi = np.finfo(d.to_real().np)
        self.bits = int(fi.bits)
        self.eps = float(fi.eps)
        self.max = float(fi.max)
        self.min = float(fi.min)
        self.tiny = float(fi.tiny)
        self.smallest_normal = float(fi.smallest_normal)
        self.resolution = 10.0 ** -math.floor(-math.log10(self.eps))  # c10's digits10-based value
        self.dtype = d.to_real().name

    def __eq__(self, other) -> bool:
        return isinstance(other, _FInfo) and self.dtype == other.dtype

    __hash__ = None

    def __repr__(self) -> str:
        return (f"finfo(resolution={_g(self.resolution)}, min={_g(self.min)}, max={_g(self.max)}, "
                f"eps={_g(self.eps)}, smallest_normal={_g(self.smallest_normal)}, tiny={_g(self.tiny)}, "
                f"dtype={self.dtype})")


_FInfo.__name__ = _FInfo.__qualname__ = "finfo"
_FInfo.__module__ = "torch"


class _IInfo:
    """Instances returned by ``ember.iinfo``: ``torch.iinfo``'s fields and repr."""

    __slots__ = ("bits", "max", "min", "dtype")

    def __init__(self, d: D.dtype) -> None:
        ii = np.iinfo(d.np)
        self.bits = int(ii.bits)
        self.max = int(ii.max)
        self.min = int(ii.min)
        self.dtype = d.name

    def __eq__(self, other) -> bool:
        return isinstance(other, _IInfo) and self.dtype == other.dtype

    __hash__ = None

    def __repr__(self) -> str:
        return f"iinfo(min={_g(float(self.min))}, max={_g(float(self.max))}, dtype={self.dtype})"


_IInfo.__name__ = _IInfo.__qualname__ = "iinfo"
_IInfo.__module__ = "torch"


def _check_dtype_arg(fn: str, d: Any) -> None:
    if not isinstance(d, D.dtype):
        raise TypeError(f"{fn}(): argument 'type' (position 1) must be torch.dtype, not {type(d).__name__}")


_NO_ARG = object()


def finfo(type: Any = _NO_ARG) -> _FInfo:
    """``torch.finfo(dtype=default dtype)``: limits of a floating (or complex: its real part) dtype."""
    d = D.get_default_dtype() if type is _NO_ARG else type
    _check_dtype_arg("finfo", d)
    if d.category < 2:
        raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
    return _FInfo(d)


def iinfo(type: Any = _NO_ARG) -> _IInfo:
    """``torch.iinfo(dtype)``: limits of an integer dtype (``torch.bool`` is rejected, as in PyTorch)."""
    if type is _NO_ARG:
        raise TypeError('iinfo() missing 1 required positional arguments: "type"')
    _check_dtype_arg("iinfo", type)
    if type.category == 0:
        raise TypeError("torch.bool is not supported by torch.iinfo")
    if type.category != 1:
        raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
    return _IInfo(type)


# ================================================================ functional aliases
_REDUCTIONS = {1: "mean", 2: "sum"}


def _reduction(r: int) -> str:
    """ATen's integer reduction: 1 mean, 2 sum, anything else unreduced (as ``apply_loss_reduction``).

    PyTorch 2.13's Python bindings parse the schema default ``at::Reduction::Mean`` as ``0``, so the
    top-level losses default to *no* reduction; ember mirrors that (``reduction: int = 0``).
    """
    return _REDUCTIONS.get(int(r), "none")


def conv1d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """``torch.conv1d`` (same as ``F.conv1d``)."""
    return _F().conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """``torch.conv2d`` (same as ``F.conv2d``)."""
    return _F().conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv3d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """``torch.conv3d`` (same as ``F.conv3d``)."""
    return _F().conv3d(input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """``torch.conv_transpose1d`` (same as ``F.conv_transpose1d``)."""
    return _F().conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """``torch.conv_transpose2d`` (same as ``F.conv_transpose2d``)."""
    return _F().conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """``torch.conv_transpose3d`` (same as ``F.conv_transpose3d``)."""
    return _F().conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def _stride(stride):
    """ATen's ``stride=[]`` (the default) means ``stride = kernel_size``."""
    return None if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else stride


def max_pool1d(input: Tensor, kernel_size, stride=(), padding=0, dilation=1, ceil_mode: bool = False) -> Tensor:
    """``torch.max_pool1d``: values only (no ``return_indices``)."""
    return _F().max_pool1d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)


def max_pool2d(input: Tensor, kernel_size, stride=(), padding=0, dilation=1, ceil_mode: bool = False) -> Tensor:
    """``torch.max_pool2d``: values only (no ``return_indices``)."""
    return _F().max_pool2d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)


def max_pool3d(input: Tensor, kernel_size, stride=(), padding=0, dilation=1, ceil_mode: bool = False) -> Tensor:
    """``torch.max_pool3d``: values only (no ``return_indices``)."""
    return _F().max_pool3d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)


def max_pool1d_with_indices(input: Tensor, kernel_size, stride=(), padding=0, dilation=1,
                            ceil_mode: bool = False) -> tuple:
    """``torch.max_pool1d_with_indices``: the tuple ``(values, indices)``."""
    return tuple(_F().max_pool1d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode, True))


def avg_pool1d(input: Tensor, kernel_size, stride=(), padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    """``torch.avg_pool1d``."""
    return _F().avg_pool1d(input, kernel_size, _stride(stride), padding, ceil_mode, count_include_pad)


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    """``torch.adaptive_avg_pool1d``."""
    return _F().adaptive_avg_pool1d(input, output_size)


def adaptive_max_pool1d(input: Tensor, output_size) -> tuple:
    """``torch.adaptive_max_pool1d``: always the tuple ``(values, indices)`` (ATen's schema)."""
    return tuple(_F().adaptive_max_pool1d(input, output_size, True))


def batch_norm(input: Tensor, weight: Optional[Tensor], bias: Optional[Tensor], running_mean: Optional[Tensor],
               running_var: Optional[Tensor], training: bool, momentum: float, eps: float,
               cudnn_enabled: bool) -> Tensor:
    """``torch.batch_norm``: ATen's argument order (weight, bias before the running stats; all required)."""
    return _F().batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input: Tensor, weight: Optional[Tensor], bias: Optional[Tensor], running_mean: Optional[Tensor],
                  running_var: Optional[Tensor], use_input_stats: bool, momentum: float, eps: float,
                  cudnn_enabled: bool) -> Tensor:
    """``torch.instance_norm``: ATen's argument order (all required)."""
    return _F().instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def layer_norm(input: Tensor, normalized_shape, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None,
               eps: float = 1e-05, cudnn_enable: bool = True) -> Tensor:
    """``torch.layer_norm``."""
    return _F().layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input: Tensor, num_groups: int, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None,
               eps: float = 1e-05, cudnn_enabled: bool = True) -> Tensor:
    """``torch.group_norm`` (ATen's checks only: none of ``F.group_norm``'s Python ones)."""
    from ..nn._functional.basic import _group_norm
    return _group_norm(input, num_groups, weight, bias, eps)


def rms_norm(input: Tensor, normalized_shape, weight: Optional[Tensor] = None, eps: Optional[float] = None) -> Tensor:
    """``torch.rms_norm``."""
    return _F().rms_norm(input, normalized_shape, weight, eps)


def embedding(weight: Tensor, indices: Tensor, padding_idx: int = -1, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    """``torch.embedding(weight, indices, ...)``: weight first; a negative ``padding_idx`` means none."""
    pad = int(padding_idx)
    return _F().embedding(indices, weight, pad if pad >= 0 else None, None, 2.0, scale_grad_by_freq, sparse)


_BAG_MODES = {0: "sum", 1: "mean", 2: "max"}


def _bag_ids(indices: Tensor, offsets: Optional[Tensor], include_last: bool):
    idx = np.asarray(indices._data).astype(np.int64)
    if idx.ndim == 2:
        nb, width = idx.shape
        return idx.reshape(-1), np.repeat(np.arange(nb), width), nb
    offs = np.asarray(offsets._data).astype(np.int64).reshape(-1)
    nb = len(offs) - 1 if include_last else len(offs)
    ends = np.append(offs[1:], len(idx)) if not include_last else offs[1:]
    bag = np.zeros(len(idx), dtype=np.int64)
    for b in range(nb):
        bag[offs[b]:ends[b]] = b
    return idx, bag, nb


def embedding_bag(weight: Tensor, indices: Tensor, offsets: Tensor, scale_grad_by_freq: bool = False,
                  mode: int = 0, sparse: bool = False, per_sample_weights: Optional[Tensor] = None,
                  include_last_offset: bool = False, padding_idx: Optional[int] = None) -> tuple:
    """``torch.embedding_bag``: ``(output, offset2bag, bag_size, max_indices)`` as PyTorch's CPU kernel.

    ``output`` is ``F.embedding_bag``'s; the int64 bookkeeping tensors follow the CPU kernel: for
    ``sum`` they are empty / zeros, for ``mean`` ``max_indices`` repeats ``bag_size``, for ``max`` it
    holds the arg-max rows.
    """
    _check_tensor("embedding_bag", offsets, "offsets", 3)
    F = _F()
    md = _BAG_MODES[int(mode)]
    out = F.embedding_bag(indices, weight, offsets, None, 2, scale_grad_by_freq, md, sparse, per_sample_weights,
                          include_last_offset, padding_idx)
    idx, bag, nb = _bag_ids(indices, offsets, include_last_offset)
    keep = idx != padding_idx if padding_idx is not None else np.ones(len(idx), dtype=bool)
    size = np.bincount(bag[keep], minlength=nb)[:nb].astype(np.int64)
    from .creation import tensor
    if md == "sum":
        return out, tensor(np.zeros(0, np.int64)), tensor(np.zeros(nb, np.int64)), tensor(np.zeros(nb, np.int64))
    if md == "mean":
        return out, tensor(bag), tensor(size), tensor(size.copy())
    w = np.asarray(weight._data)
    maxi = np.full((nb, w.shape[1]), -1, dtype=np.int64)
    for b in range(nb):
        rows = idx[(bag == b) & keep]
        if len(rows):
            maxi[b] = rows[np.argmax(w[rows], axis=0)]
    return out, tensor(bag), tensor(size), tensor(maxi)


def _check_drop(p: float) -> None:
    if p < 0 or p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")


def _drop(input: Tensor, p: float, train: bool, inplace: bool, feature: bool, alpha: bool) -> Tensor:
    from ..nn._functional.basic import _dropout_impl
    _check_drop(p)
    if feature and input.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return _dropout_impl(input, p, train, inplace, feature, alpha)


def dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.dropout(input, p, train)``: ``F.dropout`` with required positional ``train``."""
    return _drop(input, p, train, False, False, False)


def dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.dropout_``: in place."""
    return _drop(input, p, train, True, False, False)


def alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.alpha_dropout(input, p, train)``."""
    return _drop(input, p, train, False, False, True)


def alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.alpha_dropout_``: in place."""
    return _drop(input, p, train, True, False, True)


def feature_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.feature_dropout``: zero whole channels (dims 0, 1 index the noise)."""
    return _drop(input, p, train, False, True, False)


def feature_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.feature_dropout_``: in place."""
    return _drop(input, p, train, True, True, False)


def feature_alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.feature_alpha_dropout(input, p, train)``."""
    return _drop(input, p, train, False, True, True)


def feature_alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.feature_alpha_dropout_``: in place."""
    return _drop(input, p, train, True, True, True)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """``torch.pixel_shuffle``."""
    return _F().pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """``torch.pixel_unshuffle``."""
    return _F().pixel_unshuffle(input, downscale_factor)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """``torch.channel_shuffle``."""
    return _F().channel_shuffle(input, groups)


def native_channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """``torch.native_channel_shuffle``."""
    return _F().native_channel_shuffle(input, groups)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-08, *, axis=_NP_UNSET) -> Tensor:
    """``torch.cosine_similarity``."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("cosine_similarity", dim, None, axis, _NP_UNSET, 1)
    return _F().cosine_similarity(x1, x2, dim, eps)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-06, keepdim: bool = False) -> Tensor:
    """``torch.pairwise_distance``."""
    return _F().pairwise_distance(x1, x2, p, eps, keepdim)


def pdist(input: Tensor, p: float = 2.0) -> Tensor:
    """``torch.pdist``."""
    return _F().pdist(input, p)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    """``torch.bilinear``."""
    return _F().bilinear(input1, input2, weight, bias)


def kl_div(input: Tensor, target: Tensor, reduction: int = 0, *, log_target: bool = False) -> Tensor:
    """``torch.kl_div``: integer ``reduction`` (1 mean, 2 sum, other none)."""
    return _F().kl_div(input, target, reduction=_reduction(reduction), log_target=log_target)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
                                     pos_weight: Optional[Tensor] = None, reduction: int = 0) -> Tensor:
    """``torch.binary_cross_entropy_with_logits``: ``pos_weight`` before the integer ``reduction``."""
    return _F().binary_cross_entropy_with_logits(input, target, weight, reduction=_reduction(reduction),
                                                 pos_weight=pos_weight)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                          reduction: int = 0) -> Tensor:
    """``torch.cosine_embedding_loss``: integer ``reduction``."""
    return _F().cosine_embedding_loss(input1, input2, target, margin, reduction=_reduction(reduction))


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, reduction: int = 0) -> Tensor:
    """``torch.hinge_embedding_loss``: integer ``reduction``."""
    return _F().hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction))


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                        reduction: int = 0) -> Tensor:
    """``torch.margin_ranking_loss``: integer ``reduction``."""
    return _F().margin_ranking_loss(input1, input2, target, margin, reduction=_reduction(reduction))


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool, full: bool, eps: float,
                     reduction: int) -> Tensor:
    """``torch.poisson_nll_loss``: every argument required, integer ``reduction``."""
    return _F().poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=_reduction(reduction))


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0, p: float = 2.0,
                        eps: float = 1e-06, swap: bool = False, reduction: int = 0) -> Tensor:
    """``torch.triplet_margin_loss``: integer ``reduction``."""
    return _F().triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                    reduction=_reduction(reduction))


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths, target_lengths, blank: int = 0,
             reduction: int = 0, zero_infinity: bool = False) -> Tensor:
    """``torch.ctc_loss``: integer ``reduction``."""
    return _F().ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, _reduction(reduction),
                         zero_infinity)


def selu(input: Tensor) -> Tensor:
    """``torch.selu``."""
    return _F().selu(input)


def selu_(input: Tensor) -> Tensor:
    """``torch.selu_``."""
    return _F().selu_(input)


def celu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """``torch.celu``."""
    return _F().celu(input, alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """``torch.celu_``."""
    return _F().celu_(input, alpha)


def rrelu(input: Tensor, lower: float = 0.125, upper: float = 1.0 / 3, training: bool = False,
          generator=None) -> Tensor:
    """``torch.rrelu`` (``generator`` is accepted; the slopes come from ember's global generator)."""
    return _F().rrelu(input, lower, upper, training)


def rrelu_(input: Tensor, lower: float = 0.125, upper: float = 1.0 / 3, training: bool = False,
           generator=None) -> Tensor:
    """``torch.rrelu_`` (``generator`` as in ``rrelu``)."""
    return _F().rrelu_(input, lower, upper, training)


def threshold(input: Tensor, threshold: float, value: float) -> Tensor:
    """``torch.threshold``."""
    return _F().threshold(input, threshold, value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """``torch.threshold_``."""
    return _F().threshold_(input, threshold, value)


def relu_(input: Tensor) -> Tensor:
    """``torch.relu_``."""
    return _F().relu_(input)


def constant_pad_nd(input: Tensor, pad: Sequence[int], value: float = 0) -> Tensor:
    """``torch.constant_pad_nd``: ``F.pad(input, pad, 'constant', value)``."""
    return _F().pad(input, list(pad), "constant", value)


_INTERP = {0: "bilinear", 1: "nearest", 2: "bicubic"}
_PADDING = {0: "zeros", 1: "border", 2: "reflection"}


def grid_sampler(input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int,
                 align_corners: bool) -> Tensor:
    """``torch.grid_sampler``: integer modes (0 bilinear/zeros, 1 nearest/border, 2 bicubic/reflection)."""
    return _F().grid_sample(input, grid, _INTERP[int(interpolation_mode)], _PADDING[int(padding_mode)],
                            align_corners)


def grid_sampler_2d(input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int,
                    align_corners: bool) -> Tensor:
    """``torch.grid_sampler_2d`` (4-D input only; see ``grid_sampling.grid_sampler_nd``)."""
    from ..nn._functional.grid_sampling import grid_sampler_nd
    return grid_sampler_nd(input, grid, interpolation_mode, padding_mode, align_corners, 2)


def grid_sampler_3d(input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int,
                    align_corners: bool) -> Tensor:
    """``torch.grid_sampler_3d`` (5-D input only; see ``grid_sampling.grid_sampler_nd``)."""
    from ..nn._functional.grid_sampling import grid_sampler_nd
    return grid_sampler_nd(input, grid, interpolation_mode, padding_mode, align_corners, 3)


def affine_grid_generator(theta: Tensor, size: Sequence[int], align_corners: bool) -> Tensor:
    """``torch.affine_grid_generator``: ``F.affine_grid`` with a required ``align_corners``."""
    return _F().affine_grid(theta, list(size), align_corners)


# ================================================================ in-place top-level forms
def _inplace_alias(name: str):
    method = name

    def fn(input: Tensor, *args, **kwargs) -> Tensor:
        _check_tensor(name, input)
        return getattr(input, method)(*args, **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``torch.{name}(input, ...)``: ``input.{method}(...)``."
    return fn


_INPLACE = ("abs_ acos_ acosh_ asin_ asinh_ atan_ atanh_ arccos_ arccosh_ arcsin_ arcsinh_ arctan_ arctanh_ ceil_ "
            "clamp_ clamp_max_ clamp_min_ clip_ cos_ cosh_ deg2rad_ erf_ erfc_ exp2_ exp_ expm1_ fix_ floor_ frac_ "
            "gcd_ i0_ lcm_ ldexp_ log10_ log1p_ log2_ log_ logit_ nan_to_num_ neg_ negative_ rad2deg_ reciprocal_ "
            "round_ rsqrt_ sigmoid_ sin_ sinc_ sinh_ sqrt_ square_ tan_ tanh_ trunc_ xlogy_ zero_ fill_ detach_ "
            "detach").split()

for _n in _INPLACE:
    globals()[_n] = _inplace_alias(_n)
del _n


def arccosh(input: Tensor, *, out: Optional[Tensor] = None) -> Tensor:
    """``torch.arccosh``: alias of ``acosh`` (``AcoshBackward0``)."""
    from . import pointwise
    return pointwise.acosh(input, out=out) if out is not None else pointwise.acosh(input)


def arcsinh(input: Tensor, *, out: Optional[Tensor] = None) -> Tensor:
    """``torch.arcsinh``: alias of ``asinh``."""
    from . import pointwise
    return pointwise.asinh(input, out=out) if out is not None else pointwise.asinh(input)


def arctanh(input: Tensor, *, out: Optional[Tensor] = None) -> Tensor:
    """``torch.arctanh``: alias of ``atanh``."""
    from . import pointwise
    return pointwise.atanh(input, out=out) if out is not None else pointwise.atanh(input)


class FillBackward0(Node):
    """``torch.fill(x, scalar)``: no gradient flows to ``x``."""

    __slots__ = ()

    def backward(self, g):
        return (_zeros_grad(g),)


class FillBackward1(Node):
    """``torch.fill(x, tensor)``: the 0-d value receives the sum of the gradient."""

    __slots__ = ()

    def backward(self, g):
        return _zeros_grad(g), g.sum()


def fill(input: Tensor, value) -> Tensor:
    """``torch.fill(input, value)``: a new tensor like ``input`` filled with ``value`` (``FillBackward0/1``)."""
    _check_tensor("fill", input)
    d = input._data
    is_t = isinstance(value, Tensor)
    if not is_t and not isinstance(value, PY_NUMBER_TYPES):
        from .inplace import fill_value_error
        raise fill_value_error("fill", input, value)
    if is_t and value.dim() != 0:
        raise RuntimeError(f"fill only supports 0-dimension value tensor but got tensor with {value.dim()} dimensions.")
    v = value._data if is_t else value
    data = np.full(d.shape, v, dtype=d.dtype)
    node = None
    if _GRAD.enabled and (input._rg or (is_t and value._rg)):
        node = FillBackward1((input, value)) if is_t else FillBackward0((input,))
    return _make(data, node)


# ================================================================ *_copy ops
_COPY_CLASSES: dict = {}


def _copy_cls(cls):
    c = _COPY_CLASSES.get(cls)
    if c is None:
        c = type(cls.__name__ + "_copy", (cls,), {"__slots__": (), "__module__": cls.__module__})
        _COPY_CLASSES[cls] = c
    return c


def _as_copy(view: Tensor) -> Tensor:
    """A fresh contiguous tensor with ``view``'s values; its node renamed ``<Node>_copy`` as in PyTorch."""
    node = view.grad_fn
    if node is not None and not type(node).__name__.endswith("_copy"):
        node.__class__ = _copy_cls(type(node))
    t = _make(view._data.copy(), node)
    t._out_nr = view._out_nr
    return t


def _copies(views) -> tuple:
    return tuple(_as_copy(v) for v in views)


def view_copy(input: Tensor, size) -> Tensor:
    """``torch.view_copy(input, size | dtype)``."""
    if isinstance(size, D.dtype):
        return input.view(size).clone()
    return _as_copy(input.view(size))


def t_copy(input: Tensor) -> Tensor:
    """``torch.t_copy``."""
    return _as_copy(input.t())


def transpose_copy(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """``torch.transpose_copy``."""
    return _as_copy(input.transpose(dim0, dim1))


def permute_copy(input: Tensor, dims: Sequence[int]) -> Tensor:
    """``torch.permute_copy``."""
    return _as_copy(input.permute(tuple(dims)))


def expand_copy(input: Tensor, size: Sequence[int], *, implicit: bool = False) -> Tensor:
    """``torch.expand_copy``."""
    return _as_copy(input.expand(*size))


def unsqueeze_copy(input: Tensor, dim: int = _NP_UNSET, *, axis=_NP_UNSET) -> Tensor:
    """``torch.unsqueeze_copy``."""
    if dim is _NP_UNSET or axis is not _NP_UNSET:
        dim = _np_required("unsqueeze_copy", axis, dim=dim)
    return _as_copy(input.unsqueeze(dim))


def squeeze_copy(input: Tensor, dim=None, *, axis=_NP_UNSET) -> Tensor:
    """``torch.squeeze_copy``."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("squeeze_copy", dim, None, axis, _NP_UNSET, None)
    return _as_copy(input.squeeze() if dim is None else input.squeeze(dim))


def select_copy(input: Tensor, dim: int = _NP_UNSET, index: int = _NP_UNSET, *, axis=_NP_UNSET) -> Tensor:
    """``torch.select_copy``."""
    if dim is _NP_UNSET or index is _NP_UNSET or axis is not _NP_UNSET:
        dim = _np_required("select_copy", axis, dim=dim, index=index)
    return _as_copy(input.select(dim, index))


def slice_copy(input: Tensor, dim: int = 0, start: Optional[int] = None, end: Optional[int] = None,
               step: int = 1, *, axis=_NP_UNSET) -> Tensor:
    """``torch.slice_copy``: ``input[..., start:end:step]`` along ``dim`` (``SliceBackward0_copy``)."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("slice_copy", dim, None, axis, _NP_UNSET, 0)
    d = dim % input.dim() if input.dim() else 0
    idx = (slice(None),) * d + (slice(start, end, step),)
    view = input[idx[0]] if d == 0 else input[idx]
    node = view.grad_fn
    if node is not None and type(node).__name__ == "AliasBackward0":  # a full slice on dim > 0
        from .indexing import SliceBackward0
        node.__class__ = SliceBackward0
    return _as_copy(view)


def diagonal_copy(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """``torch.diagonal_copy``."""
    return _as_copy(input.diagonal(offset, dim1, dim2))


def split_copy(input: Tensor, split_size: int, dim: int = 0, *, axis=_NP_UNSET) -> tuple:
    """``torch.split_copy``."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("split_copy", dim, None, axis, _NP_UNSET, 0)
    return _copies(input.split(split_size, dim))


def split_with_sizes_copy(input: Tensor, split_sizes: Sequence[int], dim: int = 0, *, axis=_NP_UNSET) -> tuple:
    """``torch.split_with_sizes_copy``."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("split_with_sizes_copy", dim, None, axis, _NP_UNSET, 0)
    return _copies(input.split(list(split_sizes), dim))


def unbind_copy(input: Tensor, dim: int = 0, *, axis=_NP_UNSET) -> tuple:
    """``torch.unbind_copy``."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("unbind_copy", dim, None, axis, _NP_UNSET, 0)
    return _copies(input.unbind(dim))


def unfold_copy(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """``torch.unfold_copy``."""
    return _as_copy(input.unfold(dimension, size, step))


class AliasBackward0_copy(Node):
    __slots__ = ()

    def backward(self, g):
        return (g,)


def alias_copy(input: Tensor) -> Tensor:
    """``torch.alias_copy``: a copy recorded as ``AliasBackward0_copy``."""
    node = AliasBackward0_copy((input,)) if _GRAD.enabled and input._rg else None
    return _make(input._data.copy(), node)


def as_strided_copy(input: Tensor, size: Sequence[int], stride: Sequence[int],
                    storage_offset: Optional[int] = None) -> Tensor:
    """``torch.as_strided_copy``."""
    return _as_copy(input.as_strided(size, stride, storage_offset))


class _NotImplementedNode(Node):
    __slots__ = ("op",)

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(self, g):
        raise RuntimeError(f"derivative for aten::{self.op} is not implemented")

    def __repr__(self) -> str:
        return f"<NotImplemented object at {hex(id(self))}>"


def detach_copy(input: Tensor) -> Tensor:
    """``torch.detach_copy``: a copy that (as in PyTorch 2.13) still requires grad but cannot backprop."""
    node = None
    if _GRAD.enabled and input._rg:
        node = _NotImplementedNode((input,))
        node.op = "detach_copy"
    return _make(input._data.copy(), node)


# ================================================================ misc
def unravel_index(indices: Tensor, shape) -> tuple:
    """``torch.unravel_index``: per-dimension coordinates of flat ``indices`` (PyTorch's Python port)."""
    if indices.is_complex() or indices.is_floating_point() or indices.dtype is D.bool_:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if not isinstance(shape, (int, Sequence)):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got {type(shape)}")
    shape = [shape] if isinstance(shape, int) else list(shape)
    for s in shape:
        if not isinstance(s, int):
            raise TypeError(f"expected 'shape' sequence to only contain ints, but got {type(s)}")
    if any(s < 0 for s in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {tuple(shape)}")
    coefs = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        coefs[i] = coefs[i + 1] * shape[i + 1]
    from .creation import tensor
    res = indices.unsqueeze(-1).floor_divide(tensor(coefs, dtype=D.int64)) % tensor(shape, dtype=D.int64)
    return res.unbind(-1)


def _window_dtype(name: str, window_length, dtype):
    if not isinstance(window_length, int) or isinstance(window_length, bool):
        raise TypeError(f"{name}(): argument 'window_length' (position 1) must be int, not "
                        f"{type(window_length).__name__}")
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={window_length}")
    d = D.get_default_dtype() if dtype is None else dtype
    if d.category != 2:
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype={_c_type(d)}, "
                           "device=cpu, layout=Strided (default), requires_grad=false (default), "
                           "pinned_memory=false, memory_format=(nullopt))")
    return d


def _c_type(d: D.dtype) -> str:
    return {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
            "complex128": "c10::complex<double>"}.get(d.name, d.name)


def _window(name: str, window_length: int, periodic: bool, dtype, requires_grad: bool, body) -> Tensor:
    d = _window_dtype(name, window_length, dtype)
    nd = d.np
    if window_length <= 1:
        data = np.ones(window_length, dtype=nd)
    else:
        n = window_length + 1 if periodic else window_length
        data = body(np.arange(n, dtype=nd), n, nd)[:window_length]
    t = _make(np.ascontiguousarray(data))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _cos(a):
    """``cos`` rounded once into ``a``'s dtype; ATen's vectorised float32 ``cos`` can still differ by 1 ulp."""
    return np.cos(a.astype(np.float64)).astype(a.dtype)


def _hamming_body(alpha: float, beta: float):
    def body(a, n, nd):
        w = _cos(a * nd.type(math.pi * 2.0 / (n - 1)))
        return (w * nd.type(-beta) + nd.type(alpha)).astype(nd)
    return body


def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54, beta: float = 0.46, *,
                   dtype=None, layout=None, device=None, pin_memory=None, requires_grad: bool = False) -> Tensor:
    """``torch.hamming_window``: ``alpha - beta cos(2 pi n / (N - 1))``, computed in ``dtype`` as ATen does."""
    return _window("hamming_window", window_length, periodic, dtype, requires_grad, _hamming_body(alpha, beta))


def hann_window(window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
                pin_memory=None, requires_grad: bool = False) -> Tensor:
    """``torch.hann_window``: ``hamming_window`` with ``alpha = beta = 0.5``."""
    return _window("hann_window", window_length, periodic, dtype, requires_grad, _hamming_body(0.5, 0.5))


def _blackman_body(a, n, nd):
    w = a * nd.type(math.pi / (n - 1))
    return (_cos(w * nd.type(4)) * nd.type(0.08) - _cos(w * nd.type(2)) * nd.type(0.5) + nd.type(0.42)).astype(nd)


def blackman_window(window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
                    pin_memory=None, requires_grad: bool = False) -> Tensor:
    """``torch.blackman_window``: ``0.42 - 0.5 cos(2 pi n/(N-1)) + 0.08 cos(4 pi n/(N-1))``."""
    return _window("blackman_window", window_length, periodic, dtype, requires_grad, _blackman_body)


def _bartlett_body(a, n, nd):
    w = a * nd.type(2.0 / (n - 1))
    half = ((n - 1) >> 1) + 1
    w[half:] = w[half:] * nd.type(-1) + nd.type(2)
    return w


def bartlett_window(window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
                    pin_memory=None, requires_grad: bool = False) -> Tensor:
    """``torch.bartlett_window``: the triangular window ``1 - |2n/(N-1) - 1|``."""
    return _window("bartlett_window", window_length, periodic, dtype, requires_grad, _bartlett_body)


def _kaiser_body(beta: float):
    def body(a, n, nd):
        alpha = (n - 1) / 2.0
        x = ((a.astype(np.float64) - alpha) / alpha)
        v = np.i0(beta * np.sqrt(np.maximum(1 - x * x, 0.0))) / np.i0(beta)
        return v.astype(nd)
    return body


def kaiser_window(window_length: int, periodic: bool = True, beta: float = 12.0, *, dtype=None, layout=None,
                  device=None, pin_memory=None, requires_grad: bool = False) -> Tensor:
    """``torch.kaiser_window``: ``I0(beta sqrt(1 - ((n - N/2) / (N/2))^2)) / I0(beta)``."""
    return _window("kaiser_window", window_length, periodic, dtype, requires_grad, _kaiser_body(beta))


_SETTINGS = {"matmul_precision": "highest", "deterministic": False, "warn_only": False, "interop": 0,
             "warn_always": False}


def set_float32_matmul_precision(precision: str) -> None:
    """``torch.set_float32_matmul_precision``: stores the setting only.

    ember always computes float32 matmuls in true float32 (no TF32 / bfloat16 passes), i.e. as
    PyTorch's ``"highest"``; an unknown value warns and leaves the setting unchanged, as in PyTorch.
    """
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _SETTINGS["matmul_precision"] = precision


def get_float32_matmul_precision() -> str:
    """``torch.get_float32_matmul_precision``: the stored setting (``"highest"`` by default)."""
    return _SETTINGS["matmul_precision"]


def _set_deterministic(mode: bool, warn_only: bool = False) -> None:
    """Record ``use_deterministic_algorithms``'s state (ember's kernels are deterministic anyway)."""
    _SETTINGS["deterministic"] = bool(mode)
    _SETTINGS["warn_only"] = bool(warn_only) if mode else False


def are_deterministic_algorithms_enabled() -> bool:
    """``torch.are_deterministic_algorithms_enabled``."""
    return _SETTINGS["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """``torch.is_deterministic_algorithms_warn_only_enabled``."""
    return _SETTINGS["warn_only"]


def set_deterministic_debug_mode(debug_mode) -> None:
    """``torch.set_deterministic_debug_mode``: 0/"default", 1/"warn", 2/"error"."""
    if isinstance(debug_mode, str):
        names = {"default": 0, "warn": 1, "error": 2}
        if debug_mode not in names:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got "
                               f"{debug_mode}")
        debug_mode = names[debug_mode]
    elif not isinstance(debug_mode, int):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")
    _set_deterministic(debug_mode != 0, debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    """``torch.get_deterministic_debug_mode``."""
    if not _SETTINGS["deterministic"]:
        return 0
    return 1 if _SETTINGS["warn_only"] else 2


def get_num_interop_threads() -> int:
    """``torch.get_num_interop_threads``: ember runs no inter-op pool; reports the stored value (default: cores)."""
    import os
    return _SETTINGS["interop"] or os.cpu_count() or 1


def set_num_interop_threads(num: int) -> None:
    """``torch.set_num_interop_threads``: stores the value (PyTorch's argument checks)."""
    if not isinstance(num, int) or isinstance(num, bool):
        raise RuntimeError(f"set_num_interop_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_interop_threads expects a positive integer")
    _SETTINGS["interop"] = num


def set_warn_always(b: bool) -> None:
    """``torch.set_warn_always``: stored (ember's warnings use Python's ``warnings`` filters)."""
    if not isinstance(b, bool):
        raise RuntimeError(f"setWarnOnlyOnce expects a bool, but got {type(b).__name__}")
    _SETTINGS["warn_always"] = b


def is_warn_always_enabled() -> bool:
    """``torch.is_warn_always_enabled``."""
    return _SETTINGS["warn_always"]


# ``torch.functional.__all__`` (PyTorch 2.13): top-level functions written in Python there; the others are
# the C++ bindings of ``torch._C._VariableFunctions``.
_TORCH_FUNCTIONAL = frozenset((
    "atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_shapes", "broadcast_tensors",
    "cartesian_prod", "cdist", "chain_matmul", "einsum", "istft", "lu", "meshgrid", "norm", "pca_lowrank", "split",
    "stft", "svd_lowrank", "tensordot", "unique", "unique_consecutive", "unravel_index"))


def _public_function_module(obj, module: str):
    """Where PyTorch's counterpart of ember op ``obj`` lives, as ``torch.typename`` names it: a top-level
    ``torch`` function is ``torch._VariableFunctionsClass`` (or ``torch.functional``), one of
    ``torch.nn.functional`` that module; None for anything else."""
    import ember
    name = obj.__name__
    if getattr(ember, name, None) is obj and module.startswith("ember.ops."):
        return "torch.functional" if name in _TORCH_FUNCTIONAL else "torch._VariableFunctionsClass"
    from ..nn import functional as F
    if getattr(F, name, None) is obj:
        return "torch.nn.functional"
    return None


def typename(obj: Any, /) -> str:
    """``torch.typename``: ``Tensor.type()`` for tensors, else ``module.qualname`` (ember's modules as torch's)."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    if module.startswith(("ember.ops.", "ember.nn._functional.")) and hasattr(obj, "__code__"):
        public = _public_function_module(obj, module)
        if public is not None:
            return f"{public}.{obj.__name__}"
    if module == "ember" or module.startswith("ember."):
        module = "torch" + module[len("ember"):]
    if module in {"", "builtins"}:
        return qualname
    return f"{module}.{qualname}"


def is_storage(obj: Any, /) -> bool:
    """``torch.is_storage``: ember has no storage objects, so always ``False``."""
    return False


def set_default_tensor_type(t, /) -> None:
    """``torch.set_default_tensor_type``: deprecated; sets the default dtype from a floating tensor type."""
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.", UserWarning,
                  stacklevel=2)
    if isinstance(t, str):
        import importlib
        mod, _, attr = t.rpartition(".")
        if mod == "torch" or mod.startswith("torch."):
            mod = "ember" + mod[len("torch"):]
        t = getattr(importlib.import_module(mod), attr)
    d = getattr(t, "_dtype", None)
    if not isinstance(t, type) or d is None:
        raise TypeError("invalid type object: only floating-point types are supported as the default type")
    if d.category != 2:
        raise TypeError("only floating-point types are supported as the default type")
    D.set_default_dtype(d)


def empty_strided(size: Sequence[int], stride: Sequence[int], *, dtype=None, layout=None, device=None,
                  pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """``torch.empty_strided``: an uninitialised tensor with the given strides (NumPy strides in elements)."""
    from .creation import empty
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    nd = (D.get_default_dtype() if dtype is None else dtype).np
    span = 1 + sum((s - 1) * st for s, st in zip(size, stride)) if all(size) else 0
    buf = np.zeros(max(span, 0), dtype=nd)
    data = np.lib.stride_tricks.as_strided(buf, size, tuple(st * nd.itemsize for st in stride))
    t = empty(0, dtype=dtype or D.get_default_dtype())
    t._data = data
    if requires_grad:
        t.requires_grad_(True)
    return t


def frombuffer(buffer, *, dtype, count: int = -1, offset: int = 0, requires_grad: bool = False) -> Tensor:
    """``torch.frombuffer``: a 1-D tensor sharing memory with a Python buffer."""
    mv = memoryview(buffer)
    nbytes = mv.nbytes
    if nbytes <= 0:
        raise ValueError(f"both buffer length ({nbytes}) and count ({count}) must not be 0")
    if offset < 0 or offset >= nbytes:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({nbytes} bytes) minus 1")
    item = dtype.itemsize
    if count <= 0 and (nbytes - offset) % item != 0:
        raise ValueError(f"buffer length ({nbytes - offset} bytes) after offset ({offset} bytes) must be a "
                         f"multiple of element size ({item})")
    n = (nbytes - offset) // item if count < 0 else count
    data = np.frombuffer(buffer, dtype=dtype.np, count=n, offset=offset)
    t = _make(data)
    if requires_grad:
        t.requires_grad_(True)
    return t


# ------------------------------------------------------------------ angle, gradient, old norms
class AngleBackward0(Node):
    """For real inputs PyTorch's gradient of ``angle`` is zero (the angle is piecewise constant)."""

    __slots__ = ()

    def backward(self, g):
        from .creation import zeros_like
        if not self._saved:
            return (zeros_like(g),)
        (x,) = self.saved()     # complex: where(self == 0, 0, grad * self / self.abs().pow(2) * 1j)
        from .pointwise import where
        return (where(x == 0, 0, g * x / x.abs().pow(2) * 1j),)


def angle(input: Tensor, *, out=None) -> Tensor:
    """``torch.angle``: the argument of a complex number; for real input ``pi`` where ``x < 0``,
    ``0`` elsewhere (``-0.0`` included) and NaN for NaN; integers give the default float dtype."""
    from ._common import finish, write_out
    d = np.asarray(input._data)
    if d.dtype.kind == "c":
        data = np.angle(d)
    else:
        fd = d if d.dtype.kind == "f" else d.astype(D._default.value.np)
        data = np.where(fd < 0, fd.dtype.type(math.pi), fd.dtype.type(0))
        data = np.where(np.isnan(fd), fd, data)
    data = data if data.ndim else data[()]
    if _GRAD.enabled and input._rg:
        node = AngleBackward0((input,))
        if d.dtype.kind == "c":
            node.save(input)
        return write_out(out, finish(data, node))
    return write_out(out, _make(data))


def is_inference(input: Tensor) -> bool:
    """``torch.is_inference``: ``input.is_inference()``."""
    return input.is_inference()


def to_dlpack(tensor: Tensor):
    """``torch.to_dlpack``: a legacy DLPack capsule (``torch.utils.dlpack.to_dlpack``)."""
    from .._dlpack import to_dlpack as _to
    return _to(tensor)


_DEPRECATED_NORM = ("at::{0} is deprecated and it is just left for JIT compatibility. It will be removed in a future "
                    "PyTorch release. Please use `{1}` instead (Triggered internally at "
                    "/__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp:{2}.)")


def nuclear_norm(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """``torch.nuclear_norm`` (deprecated in PyTorch, with its warning): ``linalg.matrix_norm(A, 'nuc')``."""
    from . import linalg as _la
    warnings.warn(_DEPRECATED_NORM.format("nuclear_norm", "linalg.matrix_norm(A, 'nuc', dim, keepdim)", 3229),
                  UserWarning, stacklevel=2)
    return _la._matrix_norm(input, "nuc", dim=(-2, -1) if dim is None else dim, keepdim=keepdim)


def frobenius_norm(input: Tensor, dim=_NP_UNSET, keepdim: bool = False, *, axis=_NP_UNSET,
                   keepdims=_NP_UNSET) -> Tensor:
    """``torch.frobenius_norm`` (deprecated in PyTorch, with its warning): ``linalg.vector_norm(A, 2, dim)``."""
    if axis is not _NP_UNSET or keepdims is not _NP_UNSET:
        dim, keepdim = _np_names("frobenius_norm", dim, keepdim, axis, keepdims, _NP_UNSET)
    if dim is _NP_UNSET:
        raise TypeError('frobenius_norm() missing 1 required positional arguments: "dim"')
    from . import linalg as _la
    warnings.warn(_DEPRECATED_NORM.format("frobenius_norm", "linalg.vector_norm(A, 2., dim, keepdim)", 3175),
                  UserWarning, stacklevel=2)
    return _la._vector_norm(input, 2.0, dim=dim, keepdim=keepdim)


def gradient(input: Tensor, *, spacing=1, dim=None, edge_order: int = 1, axis=_NP_UNSET) -> tuple:
    """``torch.gradient``: central differences inside, one-sided (``edge_order`` 1 or 2) at the ends;
    ``spacing`` a number, one number per dim, or one 1-D coordinate tensor per dim (the non-uniform
    three-point formulas); built from tensor ops, so differentiable."""
    if axis is not _NP_UNSET:
        dim, _ = _np_names("gradient", dim, None, axis, _NP_UNSET, None)
    from .reduction import _wrap
    nd = input.dim()
    dims = list(range(nd)) if dim is None else ([dim] if isinstance(dim, int) else list(dim))
    dims = [_wrap(d, nd) for d in dims]
    seen = set()
    for d in dims:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    if spacing is None:
        spacing = 1
    if isinstance(spacing, (list, tuple)):
        if len(spacing) != len(dims):
            raise RuntimeError(f"torch.gradient expected spacing to be unspecified, a scalar or it's spacing and "
                               f"dim arguments to have the same length, but got a spacing argument of length "
                               f"{len(spacing)} and a dim argument of length {len(dims)}.")
        hs = list(spacing)
    else:
        hs = [spacing] * len(dims)
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
    x = input if input.is_floating_point() or input.is_complex() else input.to(D._default.value)
    outs = []
    for d, h in zip(dims, hs):
        if isinstance(h, Tensor) and h.dim() > 0:
            outs.append(_gradient_coordinates(x, d, h, edge_order))
        else:
            outs.append(_gradient_uniform(x, d, h.item() if isinstance(h, Tensor) else h, edge_order))
    return tuple(outs)


def _gradient_uniform(x: Tensor, d: int, h, edge_order: int) -> Tensor:
    """One dim of ``torch.gradient`` with a uniform step ``h``."""
    from .shape_ext import cat
    n = x.shape[d]
    sl = lambda a, b: x.narrow(d, a, b - a)  # noqa: E731
    inner = (sl(2, n) - sl(0, n - 2)) / h / 2
    if edge_order == 1:
        first = (sl(1, 2) - sl(0, 1)) / h
        last = (sl(n - 1, n) - sl(n - 2, n - 1)) / h
    else:
        first = (-1.5 * sl(0, 1) + 2 * sl(1, 2) - 0.5 * sl(2, 3)) / h
        last = (0.5 * sl(n - 3, n - 2) - 2 * sl(n - 2, n - 1) + 1.5 * sl(n - 1, n)) / h
    return cat([first, inner, last], d)


def _gradient_coordinates(x: Tensor, d: int, coords: Tensor, edge_order: int) -> Tensor:
    """One dim of ``torch.gradient`` at sample coordinates ``coords`` (1-D): the second-order accurate
    non-uniform differences inside, first- or second-order one-sided ones at the ends."""
    from .shape_ext import cat
    if coords.dim() != 1:
        raise RuntimeError("torch.gradient expected each element of spacing to have one dimension, but got an "
                           f"element with {coords.dim()} dimensions!")
    n = x.shape[d]
    shape = [1] * x.dim()
    shape[d] = -1
    sl = lambda a, b: x.narrow(d, a, b - a)  # noqa: E731
    h = coords[1:] - coords[:-1]
    h1, h2 = h[:-1], h[1:]
    a = (-h2 / (h1 * (h1 + h2))).reshape(shape)
    b = ((h2 - h1) / (h1 * h2)).reshape(shape)
    c = (h1 / (h2 * (h1 + h2))).reshape(shape)
    inner = a * sl(0, n - 2) + b * sl(1, n - 1) + c * sl(2, n)
    if edge_order == 1:
        first = (sl(1, 2) - sl(0, 1)) / h[0]
        last = (sl(n - 1, n) - sl(n - 2, n - 1)) / h[-1]
    else:
        p, q = h[0], h[1]
        first = (-(2.0 * p + q) / (p * (p + q))) * sl(0, 1) + ((p + q) / (p * q)) * sl(1, 2) \
            + (-p / (q * (p + q))) * sl(2, 3)
        p, q = h[-1], h[-2]
        last = (p / (q * (p + q))) * sl(n - 3, n - 2) + (-(p + q) / (p * q)) * sl(n - 2, n - 1) \
            + ((2 * p + q) / (p * (p + q))) * sl(n - 1, n)
    return cat([first, inner, last], d)


TENSOR_METHODS = {"angle": angle}  # (``as_strided_scatter`` joins below, where it is defined)


def resize_as_(input: Tensor, the_template: Tensor, *, memory_format=None) -> Tensor:
    """``torch.resize_as_``: the function form of ``Tensor.resize_as_``."""
    if not isinstance(the_template, Tensor):
        from ._argerrors import type_name
        raise TypeError(f"resize_as_(): argument 'the_template' (position 2) must be Tensor, not "
                        f"{type_name(the_template)}")
    return input.resize_as_(the_template, memory_format=memory_format)


def _strided_region(base: np.ndarray, size, stride, storage_offset: int) -> np.ndarray:
    """The ``as_strided(size, stride, storage_offset)`` window of a contiguous array (a NumPy view),
    with ATen's storage bounds check."""
    size, stride = [int(s) for s in size], [int(s) for s in stride]
    flat = base.reshape(-1)
    item = flat.itemsize
    need = storage_offset + 1 + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else 0
    if need > flat.size:
        raise RuntimeError(f"setStorage: sizes {size}, strides {stride}, storage offset {storage_offset}, and "
                           f"itemsize {item} requiring a storage size of {need * item} are out of bounds for storage "
                           f"of size {flat.size * item}")
    return np.lib.stride_tricks.as_strided(flat[storage_offset:], shape=tuple(size),
                                           strides=tuple(s * item for s in stride))


def _overlapping(size, stride) -> bool:
    """Whether two elements of an ``as_strided`` window share memory (ATen's internal-overlap test:
    a zero stride of a dim longer than 1, or strides too small to separate the dims)."""
    dims = sorted((s, n) for n, s in zip(size, stride) if n > 1)
    extent = 1
    for s, n in dims:
        if s < extent:
            return True
        extent = s * (n - 1) + 1 if extent == 1 else extent + s * (n - 1)
    return False


class AsStridedScatterBackward0(Node):
    """``as_strided_scatter``'s backward as PyTorch computes it: ``src`` gets the window of the gradient,
    ``input`` the gradient inside the window (zeros outside)."""

    __slots__ = ("size", "stride", "offset", "shape")

    def backward(self, g):
        gd = np.ascontiguousarray(g._data)
        window = _strided_region(gd, self.size, self.stride, self.offset).copy()
        e = self._edges
        gx = None
        if e[0] is not None:
            z = np.zeros(self.shape, dtype=gd.dtype)
            _strided_region(z, self.size, self.stride, self.offset)[...] = window
            gx = _make(z)
        gs = _make(window) if e[1] is not None else None
        return gx, gs


def as_strided_scatter(input: Tensor, src: Tensor, size, stride, storage_offset=None) -> Tensor:
    """``torch.as_strided_scatter``: a contiguous copy of ``input`` with ``src`` written into its
    ``as_strided(size, stride, storage_offset)`` window."""
    offset = 0 if storage_offset is None else int(storage_offset)
    out = np.array(input._data, copy=True, order="C")
    region = _strided_region(out, size, stride, offset)
    if tuple(region.shape) != tuple(src.shape):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
                           f"slice size = {list(region.shape)}")
    if _overlapping(region.shape, [int(s) for s in stride]):
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a single "
                           "memory location. Please clone() the tensor before performing the operation.")
    region[...] = src._data
    node = None
    if _GRAD.enabled and (input._rg or src._rg):
        node = AsStridedScatterBackward0((input, src))
        node.size, node.stride, node.offset = tuple(region.shape), tuple(int(s) for s in stride), offset
        node.shape = out.shape
    from ._common import finish
    return finish(out if out.ndim else out[()], node)


# ------------------------------------------------------------ native_*_norm
def _norm_stats(d: np.ndarray, axes: tuple, keep_shape: tuple, eps: float):
    """Mean and ``1 / sqrt(biased var + eps)`` of ``d`` over ``axes`` (accumulated in double, returned
    in the input's dtype) reshaped to ``keep_shape``."""
    x = d.astype(np.float64)
    mean = x.mean(axis=axes) if d.size else np.zeros(keep_shape)
    var = x.var(axis=axes) if d.size else np.zeros(keep_shape)
    rstd = 1.0 / np.sqrt(var + eps)
    return mean.reshape(keep_shape).astype(d.dtype), rstd.reshape(keep_shape).astype(d.dtype)


def native_layer_norm(input: Tensor, normalized_shape, weight, bias, eps: float):
    """``torch.native_layer_norm`` -> ``(output, mean, rstd)``: ``F.layer_norm``'s output plus the
    per-row statistics (outside autograd, as in PyTorch)."""
    from ..nn import functional as F
    out = F.layer_norm(input, tuple(normalized_shape), weight, bias, eps)
    k = len(tuple(normalized_shape))
    axis = input.dim() - k
    d = input._data
    keep = tuple(d.shape[:axis]) + (1,) * k
    mean, rstd = _norm_stats(d, tuple(range(axis, d.ndim)), keep, eps)
    return out, _make(mean), _make(rstd)


def native_batch_norm(input: Tensor, weight, bias, running_mean, running_var, training: bool, momentum: float,
                      eps: float):
    """``torch.native_batch_norm`` -> ``(output, save_mean, save_invstd)``: ``F.batch_norm`` (running
    statistics updated when training) plus the batch statistics; empty statistics in evaluation."""
    from ..nn import functional as F
    d = input._data
    if training:
        axes = (0,) + tuple(range(2, d.ndim))
        mean, invstd = _norm_stats(d, axes, (d.shape[1],), eps)
    else:
        mean = invstd = np.zeros(0, d.dtype)
    out = F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    return out, _make(mean), _make(invstd)


class NativeGroupNormBackward0(Node):
    """The node of ``native_group_norm``'s statistics (the output has ``F.group_norm``'s own): with
    ``M`` elements per group, ``d mean / dx = 1 / M`` and ``d rstd / dx = -rstd^3 (x - mean) / M``."""

    __slots__ = ("x", "mean", "rstd", "shape")

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, g_mean, g_rstd=None):
        x, mean, rstd = self.x, self.mean[..., None], self.rstd[..., None]
        m = x.shape[-1]
        gx = np.zeros(x.shape, dtype=x.dtype)
        if g_mean is not None:
            gx = gx + np.asarray(g_mean._data)[..., None] / m
        if g_rstd is not None:
            gx = gx - np.asarray(g_rstd._data)[..., None] * rstd ** 3 * (x - mean) / m
        return _make(gx.reshape(self.shape))


def native_group_norm(input: Tensor, weight, bias, N: int, C: int, HxW: int, group: int, eps: float):
    """``torch.native_group_norm`` -> ``(output, mean, rstd)``, the statistics of shape ``(N, group)``."""
    from ..nn import functional as F
    from ._common import finish
    out = F.group_norm(input, group, weight, bias, eps)
    d = np.asarray(input._data).reshape(N, group, -1) if input._data.size else np.zeros((N, group, 0),
                                                                                        input._data.dtype)
    mean, rstd = _norm_stats(d, (2,), (N, group), eps)
    node = None
    if _GRAD.enabled and any(isinstance(t, Tensor) and t._rg for t in (input, weight, bias)):
        node = NativeGroupNormBackward0((input,))
        node.x, node.mean, node.rstd = d, mean, rstd
        node.shape = tuple(input.shape)
    r_mean, r_rstd = finish(mean, node), finish(rstd, node)
    if node is not None:
        r_rstd._out_nr = 1
    return out, r_mean, r_rstd


TENSOR_METHODS["as_strided_scatter"] = as_strided_scatter
