"""Legacy layers kept by ``torch.nn``: ``CrossMapLRN2d`` and the deprecated ``NLLLoss2d``.

``CrossMapLRN2d`` runs PyTorch's legacy autograd Function (``torch/nn/modules/_functions.py``) step by step:
the running channel-window sum of squares (with its asymmetric window update), ``scale ** -beta * input``, and
its hand-written backward, so values and gradients match PyTorch's and ``grad_fn`` is a
``CrossMapLRN2dBackward`` custom-Function node.
"""
from __future__ import annotations

import warnings

import numpy as np

from ...autograd.function import Function
from ..._tensor import Tensor
from .loss import NLLLoss
from .module import Module

__all__ = ["CrossMapLRN2d", "NLLLoss2d"]


def _scale(sq: np.ndarray, size: int, alpha: float, beta: float, k: float) -> np.ndarray:
    """Legacy ``scale``: channel 0 sums ``pre_pad`` squares, each next channel adds one ahead and (past
    ``pre_pad``) drops one behind, exactly as PyTorch's loop; then ``* alpha / size + k``."""
    channels = sq.shape[1]
    pre_pad = int((size - 1) / 2 + 1)
    scale = np.zeros_like(sq)
    for c in range(min(pre_pad, channels)):
        scale[:, 0] += sq[:, c]
    for c in range(1, channels):
        scale[:, c] = scale[:, c - 1]
        if c < channels - pre_pad + 1:
            scale[:, c] += sq[:, c + pre_pad - 1]
        if c > pre_pad:
            scale[:, c] -= sq[:, c - pre_pad]
    scale *= sq.dtype.type(alpha / size)
    scale += sq.dtype.type(k)
    return scale


class CrossMapLRN2d(Function):  # noqa: F811 (PyTorch names the Function like the module)
    """``torch.nn.modules._functions.CrossMapLRN2d``: its node is ``CrossMapLRN2dBackward``."""

    @staticmethod
    def forward(ctx, input, size, alpha=1e-4, beta=0.75, k=1):
        if input.dim() != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.dim()}D instead.")
        x = np.asarray(input._data)
        ctx.size, ctx.alpha, ctx.beta, ctx.k = size, alpha, beta, k
        ctx.scale = _scale(np.power(x, 2), size, alpha, beta, k)
        out = _wrap(np.power(ctx.scale, x.dtype.type(-beta)) * x)
        ctx.save_for_backward(input, out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        input, output = ctx.saved_tensors
        x, y, g = (np.asarray(t._data) for t in (input, output, grad_output))
        size, scale = ctx.size, ctx.scale
        N, C, H, W = x.shape
        t = x.dtype.type
        grad_input = np.power(scale, t(-ctx.beta)) * g
        cache_ratio_value = t(2 * ctx.alpha * ctx.beta / size)
        inverse_pre_pad = int(size - (size - 1) / 2)
        if inverse_pre_pad + C > C + size - 1:   # PyTorch's ``narrow`` fails for size 1
            raise RuntimeError(f"start ({inverse_pre_pad}) + length ({C}) exceeds dimension size ({C + size - 1}).")
        padded = np.zeros((C + size - 1, H, W), dtype=x.dtype)
        for n in range(N):
            padded[inverse_pre_pad:inverse_pre_pad + C] = g[n] * y[n] / scale[n]
            accum = padded[:size - 1].sum(0)
            for c in range(C):
                accum += padded[c + size - 1]
                grad_input[n, c] += x[n, c] * accum * -cache_ratio_value
                accum -= padded[c]
        return _wrap(grad_input), None, None, None, None


def _wrap(a: np.ndarray) -> Tensor:
    from ...ops._common import _make
    return _make(np.ascontiguousarray(a))


_CrossMapLRN2dFn = CrossMapLRN2d


class CrossMapLRN2d(Module):  # noqa: F811
    """``nn.CrossMapLRN2d(size, alpha=1e-4, beta=0.75, k=1)``: legacy cross-channel local response norm."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1) -> None:
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input: Tensor) -> Tensor:
        return _CrossMapLRN2dFn.apply(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)


_NLL2D_MSG = ("`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and see "
              "https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.")


class NLLLoss2d(NLLLoss):
    """``nn.NLLLoss2d``: deprecated alias of ``NLLLoss``; instantiating it emits PyTorch's ``FutureWarning``."""

    __deprecated__ = _NLL2D_MSG

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:
        warnings.warn(_NLL2D_MSG, FutureWarning, stacklevel=2)
        super().__init__(weight, size_average, ignore_index, reduce, reduction)
