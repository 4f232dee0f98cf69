"""Special functions: ``erf``, ``erfc``, ``erfinv`` (PyTorch's ``ErfBackward0`` ...).

NumPy has no error function; the values come from the float64 rational
approximations in ``ember.nn._functional._special`` and are rounded to the
input's dtype, so float32 stays float32.  Backward formulas are tensor ops
(double backward works).
"""
from __future__ import annotations

import math as _math

import numpy as _np

from ._common import GRAD as _GRAD, Node as _Node, Tensor as _Tensor, _make, finish as _finish, \
    saved_output as _saved_output, unpack_output as _unpack_output, to_float_data as _to_float_data, \
    write_out as _write_out

_TWO_OVER_SQRT_PI = 2.0 / _math.sqrt(_math.pi)
_SQRT_PI_OVER_2 = _math.sqrt(_math.pi) / 2.0


def _pw():
    from . import pointwise
    return pointwise


def _sp():
    from ..nn._functional import _special
    return _special


def _apply(x, fn):
    try:
        d = _to_float_data(x._data)
    except AttributeError as e:  # ``torch.erf(2)``: worded for the op that called
        import sys
        _pw().raise_input_type_error(x, sys._getframe(1).f_code.co_name, e)
    if d.dtype.kind == "c":
        raise NotImplementedError(f"\"{fn.__name__}_vml_cpu\" not implemented for "
                                  f"'Complex{'Float' if d.dtype == _np.complex64 else 'Double'}'")
    is_scalar = not isinstance(d, _np.ndarray)
    r = fn(_np.asarray(d, dtype=_np.float64)).astype(d.dtype)
    if is_scalar or r.ndim == 0:
        r = r[()]
    return r


class ErfBackward0(_Node):
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()  # derivatives.yaml: 2.0 / sqrt(M_PI) * exp(-(self.pow(2))) * grad
        return _pw().mul_scalar((-(x.pow(2))).exp(), _TWO_OVER_SQRT_PI) * g


class ErfcBackward0(_Node):
    __slots__ = ()

    def backward(self, g):
        (x,) = self.saved()  # derivatives.yaml: -2.0 / sqrt(M_PI) * exp(-(self.pow(2))) * grad
        return _pw().mul_scalar((-(x.pow(2))).exp(), -_TWO_OVER_SQRT_PI) * g


class ErfinvBackward0(_Node):
    __slots__ = ()

    def backward(self, g):
        # derivatives.yaml: 0.5 * sqrt(M_PI) * exp(self.erfinv().pow(2)) * grad (erfinv: the saved result)
        (r,) = self.saved()
        r = _unpack_output(self, r)
        return _pw().mul_scalar(r.pow(2).exp(), _SQRT_PI_OVER_2) * g


def erf(input: _Tensor, *, out=None) -> _Tensor:
    """``torch.erf``: the error function, elementwise."""
    data = _apply(input, _sp().erf)
    if _GRAD.enabled and input._rg:
        node = ErfBackward0((input,))
        node.save(input)
        return _write_out(out, _finish(data, node))
    return _write_out(out, _make(data))


def erfc(input: _Tensor, *, out=None) -> _Tensor:
    """``torch.erfc``: ``1 - erf(x)`` without cancellation."""
    data = _apply(input, _sp().erfc)
    if _GRAD.enabled and input._rg:
        node = ErfcBackward0((input,))
        node.save(input)
        return _write_out(out, _finish(data, node))
    return _write_out(out, _make(data))


def erfinv(input: _Tensor, *, out=None) -> _Tensor:
    """``torch.erfinv``: inverse of ``erf`` on (-1, 1)."""
    data = _apply(input, _sp().erfinv)
    if _GRAD.enabled and input._rg:
        node = ErfinvBackward0((input,))
        res = _finish(data, node)
        node.save(_saved_output(node, res))
        return _write_out(out, res)
    return _write_out(out, _make(data))


TENSOR_METHODS = {"erf": erf, "erfc": erfc, "erfinv": erfinv}
INPLACE_METHODS = {"erf_": erf, "erfc_": erfc, "erfinv_": erfinv}
