"""``torch.nn.init``: in-place parameter initialisers.

Random initialisers draw from ``ember._rng`` exactly as PyTorch's
``Tensor.uniform_``/``normal_`` do (same generator words, same arithmetic),
so after ``manual_seed(s)`` a layer's weights are bit-identical to PyTorch's.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .._tensor import Tensor
from ..ops import _layout

__all__ = ["calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "eye_",
           "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_",
           "sparse_", "uniform", "normal", "constant", "xavier_uniform", "xavier_normal", "kaiming_uniform",
           "kaiming_normal", "orthogonal", "sparse"]


def _rng():
    from .. import _rng as R
    return R


def _gen(generator):
    R = _rng()
    return R.default_generator if generator is None else getattr(generator, "_impl", generator)


def _np_dtype(tensor: Tensor):
    return tensor._data.dtype


def _store(tensor: Tensor, arr) -> Tensor:
    """Write ``arr`` into ``tensor``'s storage (no autograd, like under ``no_grad``)."""
    from ..backend import device as _dev
    d = tensor._materialize()
    arr = np.asarray(arr) if _dev.get_array_module(d) is np else arr
    if not (d.__class__ is np.ndarray):
        xp = _dev.get_array_module(d)
        arr = xp.asarray(arr)
    if d.ndim == 0:
        d[()] = arr
    else:
        d[...] = arr
    tensor._bump_version()
    return tensor


def _shape(tensor: Tensor) -> tuple:
    return tuple(tensor._data.shape)


def _host(tensor: Tensor) -> np.ndarray:
    from ..backend import device as _dev
    return np.asarray(_dev.to_numpy(tensor._materialize()))


def calculate_gain(nonlinearity, param=None):
    """Recommended gain for a nonlinearity (``torch.nn.init.calculate_gain``)."""
    linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                  "conv_transpose3d"]
    if nonlinearity in linear_fns or nonlinearity == "sigmoid":
        return 1
    elif nonlinearity == "tanh":
        return 5.0 / 3
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, int) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope ** 2))
    elif nonlinearity == "selu":
        return 3.0 / 4
    else:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _uniform_fill(tensor: Tensor, a: float, b: float, generator=None) -> Tensor:
    """``tensor.uniform_(a, b)``: the draws in the order PyTorch's sampler walks ``tensor``."""
    gen, dt = _gen(generator), _np_dtype(tensor)
    return _store(tensor, _layout.drawn_for(tensor._data, lambda shape: _rng().uniform(gen, shape, dt, a, b)))


def _normal_fill(tensor: Tensor, mean: float, std: float, generator=None) -> Tensor:
    """``tensor.normal_(mean, std)`` (a non-contiguous tensor takes ATen's scalar kernel)."""
    gen, dt, d = _gen(generator), _np_dtype(tensor), tensor._data
    contiguous = _layout.is_contiguous(d)
    return _store(tensor, _layout.drawn_for(d, lambda shape: _rng().normal(gen, shape, dt, mean, std,
                                                                            contiguous=contiguous)))


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator=None) -> Tensor:
    """Fill with U(a, b)."""
    return _uniform_fill(tensor, a, b, generator)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator=None) -> Tensor:
    """Fill with N(mean, std^2)."""
    return _normal_fill(tensor, mean, std, generator)


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0,
                  generator=None) -> Tensor:
    """Fill with a normal distribution truncated to [a, b] (PyTorch's rejection sampler)."""
    R = _rng()
    gen = _gen(generator)
    dt = _np_dtype(tensor)
    shape = _shape(tensor)

    def norm_cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may "
                      "be incorrect.", stacklevel=2)
    p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std)
    if p > 0.3:
        lo = float(np.asarray(a, dtype=dt))
        hi = float(np.asarray(b, dtype=dt))
        result = R.normal(gen, shape, dt, mean, std)
        while True:
            mask = (result < lo) | (result > hi)
            if not mask.any():
                break
            result = np.where(mask, R.normal(gen, shape, dt, mean, std), result)
        return _store(tensor, result)
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2

    def score(c):
        c = (c - dt.type(mean)).astype(dt)
        c = (c / dt.type(std)).astype(dt)
        c = (c * c).astype(dt)
        c = (c * dt.type(-0.5)).astype(dt)
        return (c - dt.type(log_peak)).astype(dt)

    result = R.uniform(gen, shape, dt, a, b)
    candidates = score(result.copy())
    pending = np.log(R.uniform(gen, shape, dt, 0.0, 1.0)) > candidates
    while pending.any():
        cand = R.uniform(gen, shape, dt, a, b)
        result = np.where(pending, cand, result)
        candidates = score(cand)
        pending = np.where(pending, np.log(R.uniform(gen, shape, dt, 0.0, 1.0)) > candidates, pending)
    return _store(tensor, result)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``: PyTorch's ``_no_grad_fill_`` (``tensor.fill_(val)`` under ``no_grad``, so a
    non-tensor or a bad value fails as ``fill_`` does)."""
    from ..autograd import grad_mode
    with grad_mode.no_grad():
        return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    """PyTorch's ``_no_grad_zero_``: ``tensor.zero_()`` under ``no_grad``."""
    from ..autograd import grad_mode
    with grad_mode.no_grad():
        return tensor.zero_()


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D tensor with the identity matrix."""
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _store(tensor, np.eye(*_shape(tensor), dtype=_np_dtype(tensor)))


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """Dirac delta initialisation for conv weights."""
    dimensions = tensor.ndimension()
    if dimensions not in [3, 4, 5]:
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = _shape(tensor)
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_chans_per_grp = sizes[0] // groups
    min_dim = min(out_chans_per_grp, sizes[1])
    arr = np.zeros(sizes, dtype=_np_dtype(tensor))
    for g in range(groups):
        for d in range(min_dim):
            idx = (g * out_chans_per_grp + d, d) + tuple(s // 2 for s in sizes[2:])
            arr[idx] = 1
    return _store(tensor, arr)


def _calculate_fan_in_and_fan_out(tensor: Tensor):
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    num_input_fmaps = tensor.size(1)
    num_output_fmaps = tensor.size(0)
    receptive_field_size = 1
    if tensor.dim() > 2:
        for s in tensor.shape[2:]:
            receptive_field_size *= s
    fan_in = num_input_fmaps * receptive_field_size
    fan_out = num_output_fmaps * receptive_field_size
    return fan_in, fan_out


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return _uniform_fill(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return _normal_fill(tensor, 0.0, std, generator)


def _calculate_correct_fan(tensor: Tensor, mode) -> int:
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                     generator=None) -> Tensor:
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return _uniform_fill(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                    generator=None) -> Tensor:
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    return _normal_fill(tensor, 0, std, generator)


def orthogonal_(tensor: Tensor, gain: float = 1, generator=None) -> Tensor:
    """(Semi-)orthogonal matrix from the QR decomposition of a normal sample."""
    if tensor.ndimension() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    dt = _np_dtype(tensor)
    flattened = _rng().normal(_gen(generator), (rows, cols), dt, 0.0, 1.0)
    if rows < cols:
        flattened = flattened.T
    q, r = np.linalg.qr(flattened)
    ph = np.sign(np.diag(r))
    q = (q * ph).astype(dt)
    if rows < cols:
        q = q.T
    q = (q.reshape(_shape(tensor)) * dt.type(gain)).astype(dt)
    return _store(tensor, q)


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01, generator=None) -> Tensor:
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    R = _rng()
    rows, cols = _shape(tensor)
    num_zeros = int(math.ceil(sparsity * rows))
    arr = R.normal(_gen(generator), (rows, cols), _np_dtype(tensor), 0.0, std)
    for col_idx in range(cols):
        row_indices = R.randperm(R.default_generator, rows)
        arr[row_indices[:num_zeros], col_idx] = 0
    return _store(tensor, arr)


def _make_deprecate(meth):
    new_name = meth.__name__
    old_name = new_name[:-1]

    def deprecated_init(*args, **kwargs):
        warnings.warn(f"`nn.init.{old_name}` is now deprecated in favor of `nn.init.{new_name}`.",
                      FutureWarning, stacklevel=2)
        return meth(*args, **kwargs)

    deprecated_init.__name__ = old_name
    return deprecated_init


uniform = _make_deprecate(uniform_)
normal = _make_deprecate(normal_)
constant = _make_deprecate(constant_)
xavier_uniform = _make_deprecate(xavier_uniform_)
xavier_normal = _make_deprecate(xavier_normal_)
kaiming_uniform = _make_deprecate(kaiming_uniform_)
kaiming_normal = _make_deprecate(kaiming_normal_)
orthogonal = _make_deprecate(orthogonal_)
sparse = _make_deprecate(sparse_)
eye = _make_deprecate(eye_)
dirac = _make_deprecate(dirac_)
