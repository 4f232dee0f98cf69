"""ember: PyTorch's autograd and training API on NumPy (CPU) and CuPy (GPU).

``import ember as torch`` runs PyTorch programs unchanged and prints what
PyTorch prints.  Submodules ``nn``, ``optim``, ``utils``, ``viz``,
``explain`` and ``plot`` load lazily, so ``import ember`` stays fast.
"""
from __future__ import annotations

import os as _os
import numpy as _np

_np.seterr(all="ignore")  # PyTorch silently produces inf/nan; so do we (see docs/design.md).

__version__ = "0.1.0"

from . import _dtype
from ._dtype import (bfloat16, bool_ as bool, complex64, complex128, float16, float32, float64, int8, int16, int32, int64,
                     uint8, uint16, uint32, uint64, dtype, get_default_dtype, set_default_dtype, promote_types)
from ._tensor import Size, Tensor
from .backend.device import device
from ._factory_defaults import get_default_device, set_default_device
from . import _methods

_methods.install()

from .autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                                 set_grad_enabled)
from .ops.creation import (arange, as_tensor, asarray, empty, empty_like, eye, from_numpy, full, full_like, linspace,
                           logspace, ones, ones_like, rand, rand_like, randint, randint_like, randn, randn_like,
                           randperm, scalar_tensor, tensor, zeros, zeros_like)
from .ops.creation import range_ as range
from .ops.pointwise import (abs, absolute, acos, acosh, add, addcdiv, addcmul, allclose, asin, asinh, atan, atan2,
                            atanh, bitwise_and, bitwise_left_shift, bitwise_not, bitwise_or, bitwise_right_shift,
                            bitwise_xor, ceil, clamp, clamp_max,
                            clamp_min, clip, cos, cosh, deg2rad, div, eq, equal, exp, exp2, expm1, fix, float_power,
                            floor, floor_divide, fmax, fmin, fmod, frac, ge, greater, greater_equal, gt, hypot,
                            isclose, isfinite, isinf, isnan, isneginf, isposinf, le, lerp, less, less_equal, log,
                            log1p, log2, log10, logaddexp, logical_and, logical_not, logical_or, logical_xor, lt,
                            masked_fill, maximum, minimum, mul, nan_to_num, ne, neg, not_equal, pow, rad2deg,
                            reciprocal, relu, remainder, round, rsqrt, rsub, sigmoid, sign, signbit, sgn, sin, sinh,
                            sqrt, square, sub, tan, tanh, true_divide, trunc, where, xlogy)
from .ops.pointwise import neg as negative, multiply, subtract, divide
from .ops.pointwise import asin as arcsin, acos as arccos, atan as arctan, arctan2
from .ops.reduction import mean, sum
from .ops.shape import (flatten, movedim, permute, reshape, squeeze, swapaxes, t, transpose,
                        unflatten, unsqueeze)
from .ops.shape import movedim as moveaxis, swapdims
from .ops.indexing import argwhere, masked_select, nonzero
from .ops.convert import clone
from .autograd import anomaly_mode as _anomaly_mode
from .autograd.anomaly_mode import set_detect_anomaly, is_anomaly_enabled, is_anomaly_check_nan_enabled
from ._hints import set_hints, hints_enabled
from ._rng_api import (Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed,
                       set_rng_state, fork_rng)

from ._legacy_types import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, HalfTensor, IntTensor,
                            LongTensor, ShortTensor)

class layout(str):
    """``torch.layout``: prints bare (``torch.strided``); still equal to its name string."""
    __slots__ = ()
    __repr__ = str.__str__


class memory_format(str):
    """``torch.memory_format``: prints bare (``torch.channels_last``); still equal to its name string."""
    __slots__ = ()
    __repr__ = str.__str__


strided = layout("torch.strided")
sparse_coo = layout("torch.sparse_coo")
contiguous_format = memory_format("torch.contiguous_format")
preserve_format = memory_format("torch.preserve_format")
channels_last = memory_format("torch.channels_last")
channels_last_3d = memory_format("torch.channels_last_3d")

float = float32
double = float64
half = float16
long = int64
int = int32
short = int16
cfloat = complex64
cdouble = complex128

e = 2.718281828459045
pi = 3.141592653589793
inf = _np.inf
nan = _np.nan


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(t: Tensor) -> bool:
    return t.is_floating_point()


def is_complex(t: Tensor) -> bool:
    return t.is_complex()


def numel(t: Tensor) -> int:
    return t.numel()


def is_nonzero(t: Tensor) -> bool:
    if t.numel() != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return builtins_bool(t.item())


import builtins as _builtins

builtins_bool = _builtins.bool


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    from . import _tensor_str
    _tensor_str.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)


from ._dtype_api import result_type, promote_types, can_cast  # noqa: E402  (with PyTorch's argument checks)


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Recorded for ``are_deterministic_algorithms_enabled``; ember's kernels are deterministic anyway."""
    from .ops.toplevel_ext import _set_deterministic
    _set_deterministic(mode, warn_only)


def set_num_threads(n: int) -> None:
    """``torch.set_num_threads``: the threads of NumPy's BLAS (OpenBLAS), which runs ember's GEMMs.

    ember's other kernels are NumPy's and run on the calling thread.  Where the BLAS offers
    no such call, only the value ``get_num_threads`` reports changes.
    """
    from .backend import blas
    if not isinstance(n, _builtins.int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(n).__name__}")
    if n < 1:
        raise RuntimeError("set_num_threads expects a positive integer")
    _NUM_THREADS[0] = n
    blas.set_threads(n)


def get_num_threads() -> int:
    """``torch.get_num_threads``: NumPy's BLAS thread count (``OPENBLAS_NUM_THREADS``)."""
    from .backend import blas
    n = blas.get_threads()
    return n if n is not None else (_NUM_THREADS[0] or _os.cpu_count() or 1)


_NUM_THREADS = [0]

newaxis = None  # ``torch.newaxis`` (NumPy's alias for None in indexing)


def compile(model=None, **kwargs):
    """``torch.compile`` without a compiler: functions come back unchanged and modules wrapped in
    ``OptimizedModule`` (``_orig_mod``), as PyTorch returns them; everything runs eagerly."""
    from .jit import compile_model
    if model is None:
        return compile_model
    return compile_model(model)


_LAZY = {"nn", "optim", "utils", "autograd", "cuda", "accelerator", "linalg", "special", "fft", "distributions",
         "viz", "explain", "plot", "testing", "backends", "serialization", "jit", "random", "func", "amp", "onnx",
         "hub", "overrides", "types", "library", "multiprocessing", "mps", "version", "storage", "cpu", "xpu"}
_LAZY |= {"profiler", "distributed", "compiler", "signal", "quasirandom"}  # loaded on first use
_LAZY.add("masked")  # ``torch.masked`` (ember/masked.py)
_LAZY.add("sparse")  # ``torch.sparse`` (ember/sparse: sparse COO tensors)


_LAZY_ATTRS = {"save": "serialization", "load": "serialization", "save_file": "serialization",
               "load_file": "serialization", "from_dlpack": "_dlpack", "vmap": "func",
               "TypedStorage": "storage", "UntypedStorage": "storage"}
_LAZY_ATTRS.update(dict.fromkeys(
    ("autocast", "is_autocast_enabled", "set_autocast_enabled", "get_autocast_dtype", "set_autocast_dtype",
     "is_autocast_cache_enabled", "set_autocast_cache_enabled", "autocast_increment_nesting",
     "autocast_decrement_nesting", "clear_autocast_cache"), "amp.autocast_mode"))
_LAZY_ATTRS.update(dict.fromkeys(
    ("Event", "Stream", "get_device_module", "OutOfMemoryError", "AcceleratorError", "set_anomaly_enabled",
     "has_lapack", "has_mkl", "has_openmp", "has_spectral"), "_device_api"))
_LAZY_ATTRS["GradScaler"] = "amp.grad_scaler"
_LAZY_ATTRS["sparse_coo_tensor"] = "sparse._tensor_methods"
_LAZY_ATTRS["spmm"] = "sparse"


def __getattr__(name: str):
    import importlib
    if name in _LAZY:
        try:
            return importlib.import_module("." + name, __name__)
        except ModuleNotFoundError as e:
            if e.name == f"{__name__}.{name}":  # not provided by ember: hasattr() must say False
                raise AttributeError(f"module 'torch' has no attribute '{name}'") from None
            raise
    if name.startswith("__"):
        raise AttributeError(name)
    # A name found below is kept in the module's namespace, so later lookups (``ember.addmm(...)``
    # in a loop) are a dictionary read instead of this function (1.7 us each).
    if name in _LAZY_ATTRS:
        value = getattr(importlib.import_module("ember." + _LAZY_ATTRS[name]), name)
    elif name.startswith("_foreach_") and name in importlib.import_module("ember.optim._foreach").__all__:
        value = getattr(importlib.import_module("ember.optim._foreach"), name)  # torch._foreach_*
    else:
        _functions = importlib.import_module("ember._functions")
        if not hasattr(_functions, name):
            raise AttributeError(f"module 'torch' has no attribute '{name}'")
        value = getattr(_functions, name)
    globals()[name] = value
    return value
