"""``torch.result_type``, ``torch.promote_types`` and ``torch.can_cast`` with PyTorch's argument-parser
checks (``promote_types(): argument 'type2' (position 2) must be torch.dtype, not int``); the promotion
rules themselves are ``_dtype``'s."""
from __future__ import annotations

import numpy as np

from . import _dtype as D
from ._tensor import Tensor
from .ops._common import PY_NUMBER_TYPES

# Python types PyTorch's parser takes for a ``torch.dtype`` argument (``torch.can_cast(int, torch.int8)``)
_PY_TYPE_DTYPES = {float: D.float64, int: D.int64, bool: D.bool_, complex: D.complex128}
_MISSING = object()


def _dtype_arg(fn: str, names: tuple, pos: int, value):
    """``value`` as the ``torch.dtype`` argument ``names[pos - 1]`` of ``fn``, or the parser's TypeError."""
    if isinstance(value, D.dtype):
        return value
    if value.__class__ is type and value in _PY_TYPE_DTYPES:
        return _PY_TYPE_DTYPES[value]
    from .ops._argerrors import missing_arguments_error, type_name, user_call_site
    name = names[pos - 1]
    if value is _MISSING:
        raise missing_arguments_error(fn, names, (True,) * (pos - 1) + (False,) * (len(names) - pos + 1))
    site = user_call_site(fn)
    where = "" if site is not None and name in site[2] else f" (position {pos})"
    raise TypeError(f"{fn}(): argument '{name}'{where} must be torch.dtype, not {type_name(value)}")


def promote_types(type1=_MISSING, type2=_MISSING):
    """``torch.promote_types``: the smallest dtype both can be cast to."""
    names = ("type1", "type2")
    return D.promote_types(_dtype_arg("promote_types", names, 1, type1), _dtype_arg("promote_types", names, 2, type2))


def can_cast(from_=_MISSING, to=_MISSING) -> bool:
    """``torch.can_cast``: whether PyTorch's casting rules allow ``from_`` -> ``to`` (no lower category)."""
    names = ("from_", "to")
    return _dtype_arg("can_cast", names, 1, from_).category <= _dtype_arg("can_cast", names, 2, to).category


_RESULT_TYPE_SIGNATURES = ("Tensor tensor, Tensor other", "Number scalar, Tensor tensor", "Tensor tensor, Number other",
                           "Number scalar1, Number scalar2")


def _split(x):
    if isinstance(x, Tensor):
        return ([x.dtype], []) if x.dim() else ([], [x.dtype])
    return [], []


def result_type(*args, **kwargs):
    """``torch.result_type(tensor, other)``: the dtype of an arithmetic op on the two operands (a Tensor
    and a Tensor or a Python number, or two numbers); anything else is the parser's overload error."""
    a, b = (args + tuple(kwargs.values()) + (_MISSING, _MISSING))[:2]
    valid = len(args) + len(kwargs) == 2 and all(isinstance(v, (Tensor,) + PY_NUMBER_TYPES) for v in (a, b))
    if kwargs and valid:  # keywords must name one overload's parameters, in its order
        valid = any(list(kwargs) == [t.split(" ")[1] for t in sig.split(", ")][len(args):]
                    for sig in _RESULT_TYPE_SIGNATURES)
    if not valid:
        from .ops._argerrors import format_overload_error
        raise TypeError(format_overload_error("result_type", _RESULT_TYPE_SIGNATURES, list(args), list(kwargs.items())))
    da, za = _split(a)
    db, zb = _split(b)
    scal = [_number_value(x) for x in (a, b) if not isinstance(x, Tensor)]
    return D.result_type_of(da + db, za + zb, scal)


def _number_value(x):
    """A ``Number`` argument as PyTorch's parser reads it: Python bool, int, float and complex (and
    their subclasses, ``np.float64``/``np.complex128``) as they are, a NumPy integer as an int, and any
    other NumPy scalar as a double (``np.bool_`` and ``np.complex64`` too: ``result_type(t, np.bool_(1))``
    is Float)."""
    if isinstance(x, (bool, int, float, complex)):
        return x
    if isinstance(x, np.integer):
        return int(x)
    return float(x)
