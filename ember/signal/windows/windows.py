"""Window functions of ``torch.signal.windows``, built from ember's tensor ops.

Each window is a function of ``M`` evenly spaced points (``linspace``) as
PyTorch computes it, in the requested float dtype, so values agree with
PyTorch's to the bit: ``sym=False`` gives the periodic window (one point of
an ``M + 1`` symmetric window dropped), and PyTorch's argument checks and
messages are kept.
"""
from __future__ import annotations

import math
from collections.abc import Iterable


__all__ = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming",
           "hamming", "hann", "kaiser", "nuttall"]


def _torch():
    import ember
    return ember


def _checks(name: str, M: int, dtype, layout) -> object:
    """PyTorch's ``_window_function_checks``; returns the resolved dtype."""
    torch = _torch()
    if dtype is None:
        dtype = torch.get_default_dtype()
    if M < 0:
        raise ValueError(f"{name} requires non-negative window length, got M={M}")
    if layout is not None and layout is not torch.strided:
        raise ValueError(f"{name} is implemented for strided tensors only, got: {layout}")
    if dtype not in (torch.float32, torch.float64):
        raise ValueError(f"{name} expects float32 or float64 dtypes, got: {dtype}")
    return dtype


def _trivial(M: int, dtype, device, requires_grad: bool, ones_for_one: bool = True):
    """The empty window (``M == 0``) and, where PyTorch special-cases it, ``[1.]`` (``M == 1``)."""
    torch = _torch()
    if M == 0:
        return torch.empty((0,), dtype=dtype, device=device, requires_grad=requires_grad)
    if M == 1 and ones_for_one:
        return torch.ones((1,), dtype=dtype, device=device, requires_grad=requires_grad)
    return None


def _points(start, end, M: int, dtype, device, requires_grad: bool):
    return _torch().linspace(start=start, end=end, steps=M, dtype=dtype, device=device,
                             requires_grad=requires_grad)


def exponential(M: int, *, center=None, tau: float = 1.0, sym: bool = True, dtype=None, layout=None,
                device=None, requires_grad: bool = False):
    """``exp(-|n - center| / tau)``."""
    dtype = _checks("exponential", M, dtype, layout)
    if tau <= 0:
        raise ValueError(f"Tau must be positive, got: {tau} instead.")
    if sym and center is not None:
        raise ValueError("Center must be None for symmetric windows")
    if M == 0:
        return _trivial(M, dtype, device, requires_grad)
    if center is None:
        center = (M if not sym and M > 1 else M - 1) / 2.0
    scale = 1 / tau
    k = _points(-center * scale, (-center + (M - 1)) * scale, M, dtype, device, requires_grad)
    torch = _torch()
    return torch.exp(-torch.abs(k))


def cosine(M: int, *, sym: bool = True, dtype=None, layout=None, device=None, requires_grad: bool = False):
    """``sin(pi * (n + 0.5) / M)`` (the sine window)."""
    dtype = _checks("cosine", M, dtype, layout)
    if M == 0:
        return _trivial(M, dtype, device, requires_grad)
    scale = math.pi / (M + 1 if not sym and M > 1 else M)
    k = _points(0.5 * scale, (0.5 + (M - 1)) * scale, M, dtype, device, requires_grad)
    return _torch().sin(k)


def gaussian(M: int, *, std: float = 1.0, sym: bool = True, dtype=None, layout=None, device=None,
             requires_grad: bool = False):
    """``exp(-(n - (M-1)/2)^2 / (2 std^2))``."""
    dtype = _checks("gaussian", M, dtype, layout)
    if std <= 0:
        raise ValueError(f"Standard deviation must be positive, got: {std} instead.")
    if M == 0:
        return _trivial(M, dtype, device, requires_grad)
    start = -(M if not sym and M > 1 else M - 1) / 2.0
    scale = 1 / (std * math.sqrt(2))
    k = _points(start * scale, (start + (M - 1)) * scale, M, dtype, device, requires_grad)
    return _torch().exp(-(k ** 2))


def kaiser(M: int, *, beta: float = 12.0, sym: bool = True, dtype=None, layout=None, device=None,
           requires_grad: bool = False):
    """``I0(beta * sqrt(1 - (2n/(M-1) - 1)^2)) / I0(beta)``."""
    dtype = _checks("kaiser", M, dtype, layout)
    if beta < 0:
        raise ValueError(f"beta must be non-negative, got: {beta} instead.")
    trivial = _trivial(M, dtype, device, requires_grad)
    if trivial is not None:
        return trivial
    torch = _torch()
    b = torch.tensor(beta, dtype=dtype, device=device)
    start = -b
    step = 2.0 * b / (M if not sym else M - 1)
    end = torch.minimum(b, start + (M - 1) * step)
    k = _points(start, end, M, dtype, device, requires_grad)
    return torch.i0(torch.sqrt(b * b - torch.pow(k, 2))) / torch.i0(b)


def bartlett(M: int, *, sym: bool = True, dtype=None, layout=None, device=None, requires_grad: bool = False):
    """The triangular window ``1 - |2n/(M-1) - 1|``."""
    dtype = _checks("bartlett", M, dtype, layout)
    trivial = _trivial(M, dtype, device, requires_grad)
    if trivial is not None:
        return trivial
    step = 2 / (M if not sym else M - 1)
    k = _points(-1, -1 + (M - 1) * step, M, dtype, device, requires_grad)
    return 1 - _torch().abs(k)


def general_cosine(M, *, a: Iterable, sym: bool = True, dtype=None, layout=None, device=None,
                   requires_grad: bool = False):
    """``sum_i (-1)^i a_i cos(2 pi i n / (M-1))``."""
    dtype = _checks("general_cosine", M, dtype, layout)
    trivial = _trivial(M, dtype, device, requires_grad)
    if trivial is not None:
        return trivial
    if not isinstance(a, Iterable):
        raise TypeError("Coefficients must be a list/tuple")
    if not a:
        raise ValueError("Coefficients cannot be empty")
    torch = _torch()
    step = 2 * math.pi / (M if not sym else M - 1)
    k = _points(0, (M - 1) * step, M, dtype, device, requires_grad)
    coeffs = torch.tensor([(-1) ** i * w for i, w in enumerate(a)], device=device, dtype=dtype,
                          requires_grad=requires_grad)
    order = torch.arange(coeffs.shape[0], dtype=coeffs.dtype, device=coeffs.device,
                         requires_grad=coeffs.requires_grad)
    return (coeffs.unsqueeze(-1) * torch.cos(order.unsqueeze(-1) * k)).sum(0)


def general_hamming(M, *, alpha: float = 0.54, sym: bool = True, dtype=None, layout=None, device=None,
                    requires_grad: bool = False):
    """``alpha - (1 - alpha) cos(2 pi n / (M-1))``."""
    return general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def hamming(M: int, *, sym: bool = True, dtype=None, layout=None, device=None, requires_grad: bool = False):
    return general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def hann(M: int, *, sym: bool = True, dtype=None, layout=None, device=None, requires_grad: bool = False):
    return general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def blackman(M: int, *, sym: bool = True, dtype=None, layout=None, device=None, requires_grad: bool = False):
    dtype = _checks("blackman", M, dtype, layout)
    return general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def nuttall(M: int, *, sym: bool = True, dtype=None, layout=None, device=None, requires_grad: bool = False):
    return general_cosine(M, a=[0.3635819, 0.4891775, 0.1365995, 0.0106411], sym=sym, dtype=dtype,
                          layout=layout, device=device, requires_grad=requires_grad)
