"""``torch.nn.functional.linear_cross_entropy`` and ``torch.nn.LinearCrossEntropyOptions`` (PyTorch 2.13).

``linear_cross_entropy(input, linear_weight, target)`` is ``cross_entropy(linear(input, linear_weight), target)``
with the logits reshaped to ``(*batch, C, *out_features)``. With ``options=None`` (the default) that is exactly
what runs, so the result carries ``NllLossBackward0`` & co. With a ``LinearCrossEntropyOptions`` PyTorch runs
a chunked custom op instead; ember mirrors what a program can observe of it: the validation of the options, the
fall-back warning, the grad_fn names (``GeneratedBackwardFor_torch_nn__..._defaultBackward``), gradients
precomputed in forward for the scalar reductions (a second backward raises unless ``allow_retain_graph``), and
half-precision inputs accumulated in float32.
"""
from __future__ import annotations

import dataclasses
import math
import warnings
from typing import NamedTuple, Optional

from ..._tensor import Tensor
from ... import _dtype as D
from ...autograd.function import Function
from ...autograd.grad_mode import enable_grad

__all__ = ["linear_cross_entropy"]


class _AutoDefault(NamedTuple):
    acc_policy: str
    chunking_method: str


# PyTorch's per-(device type, input dtype) picks for the "auto" sentinels, and its fallback.
_AUTO_DEFAULTS = {
    ("cuda", "bfloat16"): _AutoDefault("compact", "aspect_ratio:2"),
    ("cuda", "float16"): _AutoDefault("compact", "aspect_ratio:2"),
    ("cpu", "bfloat16"): _AutoDefault("accurate", "aspect_ratio"),
    ("cpu", "float16"): _AutoDefault("accurate", "aspect_ratio"),
}
_AUTO_FALLBACK = _AutoDefault("compact", "aspect_ratio:2")
_HALF_NAMES = ("float16", "bfloat16")


def _supported_acc_dtypes():
    return (D.float16, D.bfloat16, D.float32, D.float64)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclasses.dataclass(slots=True, frozen=True)
class LinearCrossEntropyOptions:
    """Chunking options of :func:`linear_cross_entropy` (``torch.nn.LinearCrossEntropyOptions``): a frozen
    dataclass whose ``__post_init__`` validates every field with PyTorch's messages."""

    allow_retain_graph: bool = False
    batch_chunk_size: Optional[int] = None
    chunking_method: Optional[str] = "auto"
    acc_policy: str = "auto"
    acc_dtype: Optional[object] = None

    def __post_init__(self):
        if self.acc_policy not in {"auto", "accurate", "balanced", "compact"}:
            raise ValueError(f"invalid acc_policy: {self.acc_policy!r}")
        if self.chunking_method is not None and self.chunking_method != "auto":
            name, sep, factor = self.chunking_method.partition(":")
            if not sep:
                factor = "1"
            if not (name == "aspect_ratio" and factor.isdigit() and int(factor) > 0):
                raise ValueError(f"invalid chunking_method: {self.chunking_method!r}")
        size = self.batch_chunk_size
        if not (size is None or (isinstance(size, int) and size > 0)):
            raise ValueError(f"batch_chunk_size must be positive int or None, got {size!r}")
        if self.acc_dtype is not None and self.acc_dtype not in _supported_acc_dtypes():
            raise ValueError(
                "acc_dtype must be one of {None, torch.float16, torch.bfloat16, torch.float32, torch.float64}, "
                f"got {self.acc_dtype!r}. Pass acc_dtype=None to let the op pick automatically.")

    @staticmethod
    def _resolve_auto_acc_dtype(dtype, device):
        """float32 for half-precision input on the CPU (PyTorch's mixed-precision pick); else ``None``."""
        if device is None or str(dtype).replace("torch.", "") not in _HALF_NAMES:
            return None
        return D.float32 if device.type == "cpu" else None

    def _compute_batch_chunk_size(self, num_batches: int, in_features: int, num_classes: int, method=None) -> int:
        """``"aspect_ratio[:N]"``: chunks whose logits match the input in size (next power of two), / N."""
        method = str(method if method is not None else self.chunking_method)
        if not method.startswith("aspect_ratio"):
            raise AssertionError(f"unhandled chunking_method: {method!r}")
        factor = int(method.split(":", 1)[1]) if ":" in method else 1
        target = _ceil_div(num_batches, _ceil_div(num_classes, in_features))
        chunk_size = 1 << (target - 1).bit_length()
        return min(chunk_size // factor, num_batches)

    def _adjust(self, num_batches, in_features, num_classes, dtype, device=None):
        """The concrete options for one call: ``"auto"`` resolved, the chunk size computed (a clash with an
        explicit ``batch_chunk_size`` is a ValueError), ``acc_dtype`` filled in."""
        acc_policy, chunking_method = self.acc_policy, self.chunking_method
        if chunking_method == "auto" and self.batch_chunk_size is not None:
            chunking_method = None
        if acc_policy == "auto" or chunking_method == "auto":
            key = (device.type, str(dtype).replace("torch.", "")) if device is not None else None
            picked = _AUTO_DEFAULTS.get(key, _AUTO_FALLBACK)
            if acc_policy == "auto":
                acc_policy = picked.acc_policy
            if chunking_method == "auto":
                chunking_method = picked.chunking_method
        size = num_batches if self.batch_chunk_size is None else min(self.batch_chunk_size, num_batches)
        if chunking_method is not None:
            size = self._compute_batch_chunk_size(num_batches, in_features, num_classes, chunking_method)
            if self.batch_chunk_size is not None and self.batch_chunk_size != size:
                raise ValueError(
                    f"batch_chunk_size (={self.batch_chunk_size}) and chunking_method ('{chunking_method}') give "
                    f"different chunk sizes ({self.batch_chunk_size} vs {size}); pass only one.")
        acc_dtype = self.acc_dtype
        if acc_dtype is None:
            auto = self._resolve_auto_acc_dtype(dtype, device) if self.acc_policy == "auto" else None
            acc_dtype = auto if auto is not None else dtype
        return dataclasses.replace(self, acc_policy=acc_policy, chunking_method=chunking_method,
                                   batch_chunk_size=max(1, size), acc_dtype=acc_dtype)


# ----------------------------------------------------------------------------------- the reference path
def _reference(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, label_smoothing):
    """``cross_entropy(linear(input, W, b).reshape(*batch, C, *out_features), target, ...)``."""
    from .basic import linear
    from .loss import cross_entropy
    num_classes = linear_weight.shape[0]
    out_features = tuple(linear_weight.shape[1:-1])
    logits_shape = tuple(input.shape[:-1]) + (num_classes,) + out_features
    if out_features:
        rows = math.prod(out_features, start=num_classes)
        linear_weight = linear_weight.reshape((rows, input.shape[-1]))
        if linear_bias is not None:
            linear_bias = linear_bias.reshape(rows)
    logits = linear(input, linear_weight, linear_bias).reshape(logits_shape)
    return cross_entropy(logits, target, weight=weight, reduction=reduction, ignore_index=ignore_index,
                         label_smoothing=label_smoothing)


# ----------------------------------------------------------------------------------- the chunked path
def _acc_cast(t: Optional[Tensor], acc_dtype):
    """A detached copy of ``t`` in the accumulation dtype (``None`` stays ``None``)."""
    if t is None:
        return None
    t = t.detach()
    return t.to(acc_dtype) if t.dtype != acc_dtype else t


def _chunk_grads(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, acc_dtype,
                 needs, grad_output=None):
    """Loss (in the input's dtype) and the gradients ``needs`` asks for (input, linear_weight, linear_bias),
    computed in ``acc_dtype`` and cast to the input's dtype as PyTorch's chunked op returns them."""
    from ...autograd import grad as _grad
    out_dtype = input.dtype
    with enable_grad():
        leaves = [_acc_cast(t, acc_dtype) for t in (input, linear_weight, linear_bias)]
        for leaf, need in zip(leaves, needs):
            if leaf is not None and need:
                leaf.requires_grad_(True)
        loss = _reference(leaves[0], leaves[1], target, leaves[2], _acc_cast(weight, acc_dtype), reduction,
                          ignore_index, 0.0)
        wanted = [leaf for leaf, need in zip(leaves, needs) if leaf is not None and need]
        grads = []
        if wanted:
            go = None if grad_output is None else grad_output.to(loss.dtype)
            grads = list(_grad(loss, wanted, go))
    result = []
    for leaf, need in zip(leaves, needs):
        result.append(grads.pop(0).to(out_dtype) if leaf is not None and need else None)
    return loss.detach().to(out_dtype), result


_TWICE = "linear_cross_entropy chunked backward called twice; retain_graph=True / double backward are not supported."


class GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_default(Function):
    """The mean/sum chunked op: gradients precomputed in forward, scaled by the upstream gradient in
    backward and, unless ``allow_retain_graph``, consumed (a second backward raises)."""

    @staticmethod
    def forward(ctx, input, linear_weight, target, linear_bias, weight, reduction, ignore_index, acc_dtype,
                allow_retain_graph):
        needs = (ctx.needs_input_grad[0], ctx.needs_input_grad[1], ctx.needs_input_grad[3])
        loss, grads = _chunk_grads(input, linear_weight, target, linear_bias, weight, reduction, ignore_index,
                                   acc_dtype, needs)
        ctx.allow_retain_graph = allow_retain_graph
        ctx.grads = grads
        return loss

    @staticmethod
    def backward(ctx, grad_output):
        out = [None] * 9
        for slot, index in ((0, 0), (1, 1), (2, 3)):
            if not ctx.needs_input_grad[index]:
                continue
            g = ctx.grads[slot]
            if ctx.allow_retain_graph:
                out[index] = g * grad_output
                continue
            if g is None:
                raise RuntimeError(_TWICE)
            ctx.grads[slot] = None
            out[index] = g.mul_(grad_output)
        return tuple(out)


class GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_no_reduction_default(Function):
    """The ``reduction='none'`` chunked op: backward recomputes the gradients from the saved inputs, so
    ``retain_graph=True`` works."""

    @staticmethod
    def forward(ctx, input, linear_weight, target, linear_bias, weight, ignore_index, acc_dtype):
        loss, _ = _chunk_grads(input, linear_weight, target, linear_bias, weight, "none", ignore_index, acc_dtype,
                               (False, False, False))
        ctx.inputs = (input, linear_weight, target, linear_bias, weight, ignore_index, acc_dtype)
        return loss

    @staticmethod
    def backward(ctx, grad_output):
        input, linear_weight, target, linear_bias, weight, ignore_index, acc_dtype = ctx.inputs
        needs = (ctx.needs_input_grad[0], ctx.needs_input_grad[1], ctx.needs_input_grad[3])
        _, grads = _chunk_grads(input, linear_weight, target, linear_bias, weight, "none", ignore_index,
                                acc_dtype, needs, grad_output)
        return grads[0], grads[1], None, grads[2], None, None, None


_ChunkedScalar = GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_default
_ChunkedNone = GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_no_reduction_default


def _chunked(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, options):
    """PyTorch's chunked dispatch: a 1-D input runs as a batch of one and is squeezed back."""
    has_batches = input.dim() == 2
    if not has_batches:
        input = input.unsqueeze(0)
        target = target.unsqueeze(0)
    options = options._adjust(num_batches=input.shape[0], in_features=input.shape[-1],
                              num_classes=linear_weight.shape[0], dtype=input.dtype, device=input.device)
    if reduction == "none":
        result = _ChunkedNone.apply(input, linear_weight, target, linear_bias, weight, ignore_index,
                                    options.acc_dtype)
    else:
        result = _ChunkedScalar.apply(input, linear_weight, target, linear_bias, weight, reduction, ignore_index,
                                      options.acc_dtype, options.allow_retain_graph)
    return result if has_batches else result.squeeze(0)


# ----------------------------------------------------------------------------------- the function
def _check_shapes(input, linear_weight, linear_bias):
    """PyTorch's argument checks, in its order; returns ``(num_classes, out_features, logits_shape)``."""
    if input.dim() < 1 or input.dim() > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {input.dim()}")
    if linear_weight.dim() < 2:
        raise RuntimeError(f"expected linear_weight with dimensionality at least 2, got {linear_weight.dim()}")
    num_batches = tuple(input.shape[:-1])
    in_features = input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError("expected equal input and linear_weight last dimensions (in_features), "
                           f"got {input.shape[-1]} and {linear_weight.shape[-1]}, respectively")
    num_classes = linear_weight.shape[0]
    out_features = tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (num_classes, *out_features):
        raise RuntimeError(f"expected linear_bias shape {(num_classes, *out_features)}, "
                           f"got {tuple(linear_bias.shape)}")
    if out_features and not num_batches:
        raise RuntimeError(f"K-dimensional loss defined by linear_weight shape {tuple(linear_weight.shape)} "
                           f"requires batched input, (N, {in_features}), got unbatched input with shape "
                           f"{tuple(input.shape)}")
    return out_features, num_batches + (num_classes,) + out_features


def linear_cross_entropy(input: Tensor, linear_weight: Tensor, target: Tensor, *, linear_bias=None, weight=None,
                         reduction: str = "mean", ignore_index: Optional[int] = None, label_smoothing: float = 0.0,
                         options: Optional[LinearCrossEntropyOptions] = None) -> Tensor:
    """``torch.nn.functional.linear_cross_entropy``: cross entropy of ``linear(input, linear_weight,
    linear_bias)`` (reshaped to ``(*batch, C, *out_features)``) against ``target``; ``ignore_index=None``
    means -100 for class indices and is refused for class probabilities."""
    out_features, logits_shape = _check_shapes(input, linear_weight, linear_bias)
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains probabilities")
    ignore_index = ignore_index if ignore_index is not None else -100
    chunkable = (reduction in {"mean", "sum", "none"} and label_smoothing == 0.0
                 and target.dtype == D.int64 and not out_features)
    if options is not None and not chunkable:
        bias_shape = tuple(linear_bias.shape) if linear_bias is not None else None
        warnings.warn(
            "linear_cross_entropy: ``options`` ignored; chunked path needs reduction in {'mean','sum','none'}, "
            "label_smoothing == 0, target.dtype == int64, out_features == (). Got "
            f"reduction={reduction!r}, label_smoothing={label_smoothing}, target.dtype={target.dtype}, "
            f"out_features={out_features}, tracing=False, linear_bias.shape={bias_shape}.",
            stacklevel=2)
    if options is not None and chunkable:
        return _chunked(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, options)
    return _reference(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, label_smoothing)
