"""NumPy meets ember tensors: ``Tensor.__array_ufunc__``.

With ``__array_ufunc__`` defined, every NumPy ufunc that sees a tensor
operand comes here, including ``ndarray`` operators (``a * t`` calls
``np.multiply(a, t)``) and NumPy-scalar operators (``np.float64(2) * t``):

* **Binary arithmetic/comparison ufuncs** (``+ - * / // % ** @``, ``== < ...``,
  ``maximum``, ``logical_and``...) called plainly run as ember ops with
  PyTorch's promotion: an ndarray operand acts as ``torch.from_numpy(a)`` (a
  dimensioned tensor, sharing memory) and a NumPy scalar as the Python number
  it holds, so ``np.ones(3) * t`` is float64 while ``np.float64(2) * t`` keeps
  ``t``'s dtype.  The result is a tensor and autograd flows through it.
* **Unary math ufuncs** on floating/complex tensors (``np.exp(t)``) run the
  ember op too: same dtype as NumPy's result, and differentiable.
* **Everything else** (integer inputs to unary math, ``out=``/``dtype=``/
  ``where=`` keywords, ``reduce``/``accumulate``/``outer``/``at``) computes
  with NumPy on the tensors' arrays, exactly what PyTorch does through
  ``__array__``/``__array_wrap__``: results come back as tensors, ``out=``
  tensors are written in place, and a tensor that requires grad raises
  PyTorch's "Can't call numpy() on Tensor that requires grad" error.

One deliberate difference from PyTorch: a boolean result of that NumPy
fallback stays ``torch.bool`` (PyTorch's ``__array_wrap__`` turns it into
``uint8``, a leftover from before it had a bool dtype).
"""
from __future__ import annotations

import operator

import numpy as np

from . import _dtype as D
from ._tensor import Tensor, _from_data

_OPERATORS = {
    np.add: (operator.add, "__add__"), np.subtract: (operator.sub, "__sub__"),
    np.multiply: (operator.mul, "__mul__"), np.true_divide: (operator.truediv, "__truediv__"),
    np.floor_divide: (operator.floordiv, "__floordiv__"), np.remainder: (operator.mod, "__mod__"),
    np.power: (operator.pow, "__pow__"), np.matmul: (operator.matmul, "__matmul__"),
    np.equal: (operator.eq, "__eq__"), np.not_equal: (operator.ne, "__ne__"), np.less: (operator.lt, "__lt__"),
    np.less_equal: (operator.le, "__le__"), np.greater: (operator.gt, "__gt__"),
    np.greater_equal: (operator.ge, "__ge__"), np.bitwise_and: (operator.and_, "__and__"),
    np.bitwise_or: (operator.or_, "__or__"), np.bitwise_xor: (operator.xor, "__xor__"),
}
_BINARY_FUNCS = {
    np.maximum: "maximum", np.minimum: "minimum", np.fmax: "fmax", np.fmin: "fmin", np.arctan2: "atan2",
    np.hypot: "hypot", np.logaddexp: "logaddexp", np.logical_and: "logical_and", np.logical_or: "logical_or",
    np.logical_xor: "logical_xor", np.fmod: "fmod", np.float_power: "float_power",
}
_UNARY_FUNCS = {
    np.exp: "exp", np.exp2: "exp2", np.expm1: "expm1", np.log: "log", np.log2: "log2", np.log10: "log10",
    np.log1p: "log1p", np.sqrt: "sqrt", np.sin: "sin", np.cos: "cos", np.tan: "tan", np.arcsin: "asin",
    np.arccos: "acos", np.arctan: "atan", np.sinh: "sinh", np.cosh: "cosh", np.tanh: "tanh",
    np.arcsinh: "asinh", np.arccosh: "acosh", np.arctanh: "atanh", np.negative: "neg", np.absolute: "abs",
    np.square: "square", np.reciprocal: "reciprocal", np.floor: "floor", np.ceil: "ceil", np.trunc: "trunc",
    np.rint: "round", np.sign: "sign", np.deg2rad: "deg2rad", np.rad2deg: "rad2deg", np.isnan: "isnan",
    np.isinf: "isinf", np.isfinite: "isfinite", np.signbit: "signbit", np.positive: None,
}


class _Fallback(Exception):
    pass


def _operand(x):
    """Tensor, or Python scalar, for an ufunc input; NumPy arrays share memory with the tensor."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        if x.dtype not in D._BY_NP or type(x) is not np.ndarray:
            raise _Fallback
        return _from_data(x)
    if isinstance(x, (np.bool_, np.integer, np.floating, np.complexfloating)):
        return x.item()
    if isinstance(x, (bool, int, float, complex)):
        return x
    raise _Fallback


def _ember_fn(name: str):
    import ember
    try:
        return getattr(ember, name)
    except AttributeError:
        raise _Fallback from None


def _scalar_tensor(x):
    if isinstance(x, Tensor):
        return x
    import ember
    return ember.tensor(x)


def _fast_path(ufunc, inputs):
    if ufunc in _OPERATORS:
        op, dunder = _OPERATORS[ufunc]
        if not hasattr(Tensor, dunder):
            raise _Fallback
        a, b = (_operand(x) for x in inputs)
        try:
            res = op(a, b)
        except TypeError:
            raise _Fallback from None
        if not isinstance(res, Tensor):
            raise _Fallback
        return res
    name = _BINARY_FUNCS.get(ufunc)
    if name is not None:
        fn = _ember_fn(name)
        a, b = (_scalar_tensor(_operand(x)) for x in inputs)
        return fn(a, b)
    if ufunc in _UNARY_FUNCS:
        (x,) = inputs
        if not isinstance(x, Tensor) or x._data.dtype.kind not in "fc":
            raise _Fallback
        name = _UNARY_FUNCS[ufunc]
        if name is None:  # np.positive
            return x.clone() if hasattr(x, "clone") else x
        if name in ("isnan", "isinf", "isfinite", "signbit", "floor", "ceil", "trunc", "round", "sign") \
                and x._data.dtype.kind == "c":
            raise _Fallback
        return _ember_fn(name)(x)
    raise _Fallback


def _to_array(x):
    if isinstance(x, Tensor):
        return x.__array__()
    if isinstance(x, tuple):
        return tuple(_to_array(v) for v in x)
    return x


def _out_array(o):
    if not isinstance(o, Tensor):
        return o
    if o._rg:
        raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
    if o.is_cuda:
        raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to "
                        "host memory first.")
    return o._materialize()


def _wrap(r):
    if isinstance(r, (np.ndarray, np.generic)) and type(r) in (np.ndarray,) + tuple(
            d.np.type for d in D.ALL_DTYPES):
        arr = np.asarray(r)
        if arr.dtype in D._BY_NP:
            return _from_data(arr)
    return r


def _numpy_path(ufunc, method, inputs, kwargs):
    args = [_to_array(x) for x in inputs]
    out = kwargs.get("out")
    outs = None
    if out is not None:
        outs = out if isinstance(out, tuple) else (out,)
        kwargs = dict(kwargs, out=tuple(_out_array(o) for o in outs))
    if "where" in kwargs:
        kwargs = dict(kwargs, where=_to_array(kwargs["where"]))
    result = getattr(ufunc, method)(*args, **kwargs)
    if outs is not None:
        for o in outs:
            if isinstance(o, Tensor):
                o._bump_version()
        if method == "at":
            return None
        return outs[0] if len(outs) == 1 else outs
    if method == "at":
        # ``ufunc.at`` wrote into the first operand's array in place
        if isinstance(inputs[0], Tensor):
            inputs[0]._bump_version()
        return None
    if isinstance(result, tuple):
        return tuple(_wrap(r) for r in result)
    return _wrap(result)


def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
    """Route NumPy ufuncs on tensors (see the module docstring)."""
    if method == "__call__" and not kwargs and ufunc.nout == 1:
        try:
            return _fast_path(ufunc, inputs)
        except _Fallback:
            pass
    return _numpy_path(ufunc, method, inputs, kwargs)


TENSOR_METHODS = {"__array_ufunc__": __array_ufunc__}
