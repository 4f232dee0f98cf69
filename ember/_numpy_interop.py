"""NumPy meets ember tensors the way it meets PyTorch's: through ``__array__``,
``__array_wrap__`` and ``__array_priority__``, with no ``__array_ufunc__``.

PyTorch 2.13 on NumPy 2 behaves like this, and ember mirrors each point:

* **A tensor operator with an ``ndarray`` operand** (``t + a``, ``t * a``, ``t & a``,
  ``t < a``, ``t += a``...) returns ``NotImplemented``: the tensor's argument parser takes
  tensors and numbers, not arrays.  Python then asks the array, and NumPy computes the
  result on ``t.__array__()`` with NumPy's own promotion (``float32 tensor + int64 array``
  is float64), handing it to ``t.__array_wrap__``, which makes it a tensor again (no
  autograd: a tensor that requires grad raises "Can't call numpy() on Tensor that requires
  grad").  So ``t + a`` works, and NumPy prints its DeprecationWarning about
  ``__array_wrap__``'s signature, which PyTorch's also lacks.
* **An array on the left** (``a + t``, ``a * t``, ``a < t``): NumPy defers to the tensor
  (``__array_priority__``), whose reflected operator returns ``NotImplemented`` too, so
  Python raises its TypeError ("unsupported operand type(s) for -: 'numpy.ndarray' and
  'Tensor'"; for ``+``, NumPy's "Concatenation operation is not implemented...").
  Two exceptions, as in PyTorch: ``a / t`` is ``t.reciprocal() * a`` (so NumPy computes
  it), and ``t == a`` / ``a == t`` compare elementwise as tensors (``!=`` falls back to
  identity and gives ``True``).
* **NumPy functions on tensors** (``np.exp(t)``, ``np.add(t, 1)``, ``np.maximum(t, a)``):
  NumPy converts the tensor with ``__array__``, computes, and wraps the result as a tensor;
  a boolean result becomes ``torch.uint8`` (PyTorch's ``__array_wrap__`` predates its bool
  dtype).
* **NumPy scalars** (``np.float64(2) * t``) are numbers: ember's operators handle them.

The hot operators (``+ - * / // % **``) check for arrays only on their slow path
(``_is_scalar_like`` in ``ember/ops/pointwise.py``); the rarer ones are wrapped here.
"""
from __future__ import annotations

import numpy as np

from ._tensor import Tensor, _from_data

# Operators PyTorch answers with ``NotImplemented`` for an ndarray operand and that ember
# binds straight to an op function (the hot arithmetic ones check on their slow path).
_DEFERRING_OPERATORS = (
    "__rfloordiv__", "__rmod__", "__rpow__", "__ne__",
    "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__",
    "__lshift__", "__rlshift__", "__rshift__", "__rrshift__",
    "__lt__", "__le__", "__gt__", "__ge__",
    "__iadd__", "__isub__", "__imul__", "__itruediv__", "__ipow__", "__imod__", "__ifloordiv__",
    "__iand__", "__ior__", "__ixor__", "__ilshift__", "__irshift__",
)


def _deferring(op):
    """``op``, answering ``NotImplemented`` when the other operand is a NumPy array."""
    def operator(self, other):
        if isinstance(other, np.ndarray):
            return NotImplemented
        return op(self, other)

    operator.__name__ = getattr(op, "__name__", "operator")
    operator.__doc__ = op.__doc__
    return operator


def __array_wrap__(self, array):
    """NumPy's result as a tensor, as ``torch.Tensor.__array_wrap__``: booleans become uint8.

    The signature deliberately lacks NumPy 2's ``context``/``return_scalar`` arguments, as
    PyTorch's does, so NumPy prints the same DeprecationWarning."""
    if array.dtype == np.bool_:
        array = array.astype(np.uint8)
    return _from_data(array)


def install(tensor_cls=Tensor) -> None:
    """Wrap the rarer operators of ``tensor_cls`` to defer to NumPy arrays (called once at import)."""
    for name in _DEFERRING_OPERATORS:
        setattr(tensor_cls, name, _deferring(getattr(tensor_cls, name)))
    tensor_cls.__array_wrap__ = __array_wrap__


TENSOR_METHODS: dict = {}
