"""The arithmetic of PyTorch's fused CPU optimizer kernels (``fused=True``).

PyTorch's ``_fused_adam_`` / ``_fused_adamw_`` / ``_fused_sgd_`` / ``_fused_adagrad_``
CPU kernels update each parameter in one pass whose rounding differs from the
for-loop implementation: whole AVX2 vectors (8 float32 / 4 float64 / 16 float16
elements) take the vectorised code, the last ``numel % lanes`` elements a scalar
loop, and the compiler fuses some multiply-adds into single-rounding FMAs
differently in the two parts (their square roots are correctly rounded, unlike
the MKL ``sqrt`` of the for-loop path).  float16 parameters are computed in
float32 as the kernels' Half paths do.  These functions reproduce all of that,
element for element, on flat contiguous NumPy arrays updated in place.
``_fma`` rounds ``a * b + c`` once.
"""
from __future__ import annotations

import numpy as np

from ..backend.fma import fma as _backend_fma

_VECTOR_BYTES = 32  # one AVX2 register


def supports_fused_emulation(array, allow_half: bool = False) -> bool:
    """Whether ``array`` (a parameter's storage) gets the fused-kernel arithmetic here
    (float16 only where ``allow_half``: the kernels whose Half path is reproduced)."""
    dtypes = (np.float32, np.float64, np.float16) if allow_half else (np.float32, np.float64)
    return array.__class__ is np.ndarray and array.dtype in dtypes and array.flags.c_contiguous


def _split(n: int, storage_dtype) -> int:
    """Index where the scalar tail starts: the vector loop covers whole AVX2 vectors of the
    storage dtype (8 float32, 4 float64, 16 float16 elements)."""
    lanes = _VECTOR_BYTES // np.dtype(storage_dtype).itemsize
    return n - n % lanes


def _fma(a, b, c):
    """``a * b + c`` rounded once, in the dtype of the array operands (scalars already rounded to it)."""
    dtype = next(x.dtype for x in (a, b, c) if isinstance(x, (np.ndarray, np.generic)))
    return _backend_fma(a, b, c, dtype)


def fused_adam_(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step: float, **options) -> None:
    """One ``_fused_adam_`` (``decoupled``: ``_fused_adamw_``) update of flat arrays, in place.

    float16 storage is computed as the kernel's Half path does: in float32 (the states read
    back in float32 within the step), each result rounded to float16 when stored.
    """
    split = _split(param.size, param.dtype)
    if param.dtype != np.float16:
        _adam_math(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, split, **options)
        return
    stored = [param, exp_avg, exp_avg_sq] + ([max_exp_avg_sq] if max_exp_avg_sq is not None else [])
    work = [a.astype(np.float32) for a in stored]
    work_max = work[3] if max_exp_avg_sq is not None else None
    _adam_math(work[0], grad.astype(np.float32), work[1], work[2], work_max, step, split, **options)
    for target, value in zip(stored, work):
        target[...] = value.astype(np.float16)


def _adam_math(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step: float, split: int, *, lr: float,
               beta1: float, beta2: float, weight_decay: float, eps: float, amsgrad: bool, maximize: bool,
               decoupled: bool) -> None:
    """The kernel's arithmetic on arrays of its compute dtype (float32 / float64), in place."""
    t = param.dtype.type
    g = -grad if maximize else grad.copy()
    if weight_decay != 0:
        if decoupled:
            np.multiply(param, t(1 - lr * weight_decay), out=param)
        else:
            g = _fma(param, t(weight_decay), g)
    _lerp_exp_avg(exp_avg, g, t(1 - beta1))
    _update_exp_avg_sq(exp_avg_sq, g, t(beta2), t(1 - beta2), split)
    source = exp_avg_sq
    if amsgrad:
        np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
        source = max_exp_avg_sq
    bias_correction1 = 1 - beta1 ** step
    bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
    denom = np.sqrt(source) / t(bias_correction2_sqrt) + t(eps)
    step_size = t(lr / bias_correction1)
    param -= (step_size * exp_avg) / denom


def _lerp_exp_avg(exp_avg, g, weight) -> None:
    """``exp_avg.lerp_(g, weight)`` the way the kernel writes it: one FMA from the nearer end."""
    diff = g - exp_avg
    if abs(weight) < 0.5:
        exp_avg[...] = _fma(weight, diff, exp_avg)
    else:
        exp_avg[...] = _fma(weight - weight.dtype.type(1), diff, g)


def _update_exp_avg_sq(exp_avg_sq, g, beta2, one_minus_beta2, split: int) -> None:
    """``exp_avg_sq * beta2 + (1 - beta2) * g * g``: the vector code fuses the second product,
    the scalar tail the first."""
    scaled_grad_sq = (one_minus_beta2 * g) * g
    head, tail = slice(0, split), slice(split, None)
    decayed_head = exp_avg_sq[head] * beta2
    exp_avg_sq[head] = _fma((one_minus_beta2 * g[head]), g[head], decayed_head)
    exp_avg_sq[tail] = _fma(exp_avg_sq[tail], beta2, scaled_grad_sq[tail])


def _half_constant(x) -> np.float32:
    """A hyperparameter as the Half kernels' vector code uses it: ``scalar_t(x)`` (float16), widened."""
    return np.float32(np.float16(x))


def _widened(arrays):
    return [None if a is None else a.astype(np.float32) for a in arrays]


def fused_sgd_(param, grad, momentum_buffer, *, first_step: bool, **options) -> None:
    """One ``_fused_sgd_`` update of flat arrays, in place (``momentum_buffer`` may be None).

    float16 follows the kernel's Half path: float32 math; the vector loop uses float16-rounded
    hyperparameters and (as PyTorch 2.13 does) never stores the parameter, so only the scalar
    tail of a float16 parameter moves.
    """
    split = _split(param.size, param.dtype)
    if param.dtype != np.float16:
        _sgd_math(param, grad, momentum_buffer, split, param.dtype.type, first_step, **options)
        return
    p, g, buf = _widened((param, grad, momentum_buffer))
    head, tail = slice(0, split), slice(split, None)
    head_buf = None if buf is None else buf[head]
    tail_buf = None if buf is None else buf[tail]
    _sgd_math(p[head], g[head], head_buf, split, _half_constant, first_step, **options)
    _sgd_math(p[tail], g[tail], tail_buf, 0, np.float32, first_step, **options)
    param[tail] = p[tail].astype(np.float16)
    if momentum_buffer is not None:
        momentum_buffer[...] = buf.astype(np.float16)


def _sgd_math(param, grad, momentum_buffer, split: int, const, first_step: bool, *, lr: float,
              weight_decay: float, momentum: float, dampening: float, nesterov: bool, maximize: bool) -> None:
    """The kernel's arithmetic in its compute dtype; ``const`` rounds the hyperparameters."""
    g = -grad if maximize else grad.copy()
    if weight_decay != 0:
        g = _fma(param, const(weight_decay), g)
    if momentum != 0:
        if first_step:
            momentum_buffer[...] = g
        else:
            _update_momentum(momentum_buffer, g, const(momentum), const(1 - dampening), split)
        if nesterov:
            g = _fma(momentum_buffer, const(momentum), g)
        else:
            g = momentum_buffer.copy()
    param[...] = _fma(g, const(-lr), param)


def _update_momentum(buf, g, momentum, one_minus_dampening, split: int) -> None:
    """``buf * momentum + g * (1 - dampening)``: vector code fuses the gradient product, the scalar
    tail the buffer product."""
    head, tail = slice(0, split), slice(split, None)
    decayed_head = buf[head] * momentum
    buf[head] = _fma(one_minus_dampening, g[head], decayed_head)
    buf[tail] = _fma(buf[tail], momentum, g[tail] * one_minus_dampening)


def fused_adagrad_(param, grad, state_sum, step: float, **options) -> None:
    """One ``_fused_adagrad_`` update of flat arrays, in place.

    float16 follows the kernel's Half path: float32 math, float16-rounded hyperparameters in
    the vector loop, float32 ones in the scalar tail, results stored as float16.
    """
    if param.dtype != np.float16:
        _adagrad_math(param, grad, state_sum, step, param.dtype.type, **options)
        return
    split = _split(param.size, param.dtype)
    p, g, total = _widened((param, grad, state_sum))
    for part, const in ((slice(0, split), _half_constant), (slice(split, None), np.float32)):
        _adagrad_math(p[part], g[part], total[part], step, const, **options)
    param[...] = p.astype(np.float16)
    state_sum[...] = total.astype(np.float16)


def _adagrad_math(param, grad, state_sum, step: float, const, *, lr: float, lr_decay: float,
                  weight_decay: float, eps: float, maximize: bool) -> None:
    """The kernel's arithmetic in its compute dtype (both loops fuse the same products)."""
    g = -grad if maximize else grad.copy()
    if weight_decay != 0:
        g = _fma(param, const(weight_decay), g)
    state_sum[...] = _fma(g, g, state_sum)
    std = np.sqrt(state_sum) + const(eps)
    clr = const(lr / (1.0 + (step - 1.0) * lr_decay))
    param -= (clr * g) / std
