"""Bind the op functions of ``ember/ops`` to ``Tensor`` methods and operators.

Kept in one table so it is easy to see which ``torch.Tensor`` methods exist.
In-place variants (``add_``...) are generated from the out-of-place op by
``ops.inplace.make_inplace``, which applies PyTorch's leaf/view rules and
version counting.
"""
from __future__ import annotations

import numpy as np

from ._tensor import Tensor
from .ops import convert, creation, indexing, inplace, pointwise as pw, reduction, shape

_make_inplace = inplace.make_inplace


def _bind(name: str, fn) -> None:
    setattr(Tensor, name, fn)


def _pos(self):
    if self._data.dtype.kind == "b":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return self


_CXX_TYPE = {"Long": "long int", "Int": "int", "Short": "short int", "Char": "signed char", "Byte": "unsigned char",
             "Bool": "bool", "Float": "float", "Double": "double", "Half": "c10::Half"}


def _cxx_cast_words(method):
    """``clamp_``'s structured kernel names the output type in C++ (``long int``), not ``Long``."""
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RuntimeError as e:
            msg = str(e)
            head, sep, word = msg.rpartition("can't be cast to the desired output type ")
            if sep and word in _CXX_TYPE and not any(hasattr(a, "_data") for a in (*args, *kwargs.values())):
                raise RuntimeError(head + sep + _CXX_TYPE[word]) from None
            raise
    wrapped.__name__ = method.__name__
    wrapped.__doc__ = method.__doc__
    return wrapped


def _augmented(method: str, ufunc=None):
    """``x <op>= other`` as ``x.<method>(other)``, a ``TypeError`` turned into ``NotImplemented`` (so
    Python raises "unsupported operand type(s) for +=") as PyTorch's in-place operators do;
    ``ufunc`` (add/sub/mul) first tries ``inplace.fast_arith_``."""
    def op(self, other):
        if ufunc is not None:
            done = _fast_arith_(self, other, ufunc)
            if done is not None:
                return done
        try:
            return getattr(self, method)(other)
        except TypeError:
            return NotImplemented
    op.__name__ = f"__i{method.rstrip('_')}__"
    return op


def _fast_first(general, ufunc):
    """``x.add_(y)`` / ``sub_`` / ``mul_``: ``inplace.fast_arith_`` when called with one operand and
    no options (``inplace.fast_add_scaled_`` with ``alpha=`` only), else (or where they decline) the
    general in-place method ``general``."""
    def method(self, other=_NO_ARG, *args, **kwargs):
        if other is not _NO_ARG and not args:
            if not kwargs:
                done = _fast_arith_(self, other, ufunc)
                if done is not None:
                    return done
                return general(self, other)
            alpha = kwargs.get("alpha")
            if ufunc is not np.multiply and len(kwargs) == 1 and alpha.__class__ in (float, int):
                done = _fast_add_scaled_(self, other, alpha if ufunc is np.add else -alpha)
                if done is not None:
                    return done
        if other is _NO_ARG:
            return general(self, *args, **kwargs)
        return general(self, other, *args, **kwargs)
    method.__name__ = general.__name__
    method.__doc__ = general.__doc__
    return method


_NO_ARG = object()
_fast_arith_ = inplace.fast_arith_
_fast_add_scaled_ = inplace.fast_add_scaled_


# in-place comparisons record PyTorch's ``<word>Backward0/1`` (zero gradients)
_COMPARISON_WORDS = {"eq": "Eq", "ne": "Ne", "lt": "Lt", "le": "Le", "gt": "Gt", "ge": "Ge"}
# in-place ops with no autograd formula in PyTorch: no leaf check, the history is left as it was
_UNTRACKED_INPLACE = frozenset(("logical_and_", "logical_or_", "logical_xor_", "logical_not_"))


def install() -> None:
    """Attach every op as a ``Tensor`` method (called once at import)."""
    T = Tensor
    # operators
    T.__add__ = pw.__add__
    T.__radd__ = pw.__add__
    T.__sub__ = pw.__sub__
    T.__rsub__ = pw.__rsub__
    T.__mul__ = pw.__mul__
    T.__rmul__ = pw.__mul__
    T.__truediv__ = pw.__truediv__
    T.__rtruediv__ = pw.__rtruediv__
    T.__floordiv__ = pw.__floordiv__
    T.__rfloordiv__ = pw.__rfloordiv__
    T.__mod__ = pw.__mod__
    T.__rmod__ = pw.__rmod__
    T.__pow__ = pw.__pow__
    T.__rpow__ = pw.__rpow__
    T.__neg__ = pw.neg
    T.__pos__ = _pos
    T.__abs__ = pw.abs
    T.__eq__ = pw.__eq__
    T.__ne__ = pw.__ne__
    T.__lt__ = pw.__lt__
    T.__le__ = pw.__le__
    T.__gt__ = pw.__gt__
    T.__ge__ = pw.__ge__
    T.__and__ = pw.__and__
    T.__rand__ = pw.__and__
    T.__or__ = pw.__or__
    T.__ror__ = pw.__or__
    T.__xor__ = pw.__xor__
    T.__rxor__ = pw.__xor__
    T.__invert__ = pw.__invert__
    T.__lshift__ = pw.__lshift__
    T.__rlshift__ = pw.__rlshift__
    T.__rshift__ = pw.__rshift__
    T.__rrshift__ = pw.__rrshift__
    T.__getitem__ = indexing.getitem
    T.__setitem__ = indexing.setitem
    T.__iadd__ = _augmented("add_", np.add)
    T.__isub__ = _augmented("sub_", np.subtract)
    T.__imul__ = _augmented("mul_", np.multiply)
    T.__itruediv__ = _augmented("div_")
    T.__ipow__ = _augmented("pow_")
    T.__imod__ = _augmented("remainder_")
    T.__ifloordiv__ = _augmented("floor_divide_")
    T.__iand__ = _augmented("bitwise_and_")
    T.__ior__ = _augmented("bitwise_or_")
    T.__ixor__ = _augmented("bitwise_xor_")
    T.__ilshift__ = _augmented("bitwise_left_shift_")
    T.__irshift__ = _augmented("bitwise_right_shift_")

    methods = {
        # arithmetic
        "add": pw.add, "sub": pw.sub, "subtract": pw.sub, "mul": pw.mul, "multiply": pw.mul, "div": pw.div,
        "divide": pw.div, "true_divide": pw.true_divide, "floor_divide": pw.floor_divide, "remainder": pw.remainder,
        "fmod": pw.fmod, "pow": pw.pow, "float_power": pw.float_power, "neg": pw.neg, "negative": pw.neg,
        "abs": pw.abs, "absolute": pw.abs,  # (no "rsub": torch.Tensor has none, only torch.rsub)
        # unary math
        "exp": pw.exp, "exp2": pw.exp2, "expm1": pw.expm1, "log": pw.log, "log2": pw.log2, "log10": pw.log10,
        "log1p": pw.log1p, "sqrt": pw.sqrt, "rsqrt": pw.rsqrt, "sin": pw.sin, "cos": pw.cos, "tan": pw.tan,
        "asin": pw.asin, "acos": pw.acos, "atan": pw.atan, "arcsin": pw.asin, "arccos": pw.acos,
        "arctan": pw.atan, "sinh": pw.sinh, "cosh": pw.cosh, "tanh": pw.tanh, "asinh": pw.asinh,
        "acosh": pw.acosh, "atanh": pw.atanh, "arcsinh": pw.asinh, "arccosh": pw.acosh, "arctanh": pw.atanh,
        "sigmoid": pw.sigmoid, "relu": pw.relu, "sign": pw.sign, "sgn": pw.sgn, "reciprocal": pw.reciprocal,
        "square": pw.square, "floor": pw.floor, "ceil": pw.ceil, "round": pw.round, "trunc": pw.trunc,
        "fix": pw.trunc, "frac": pw.frac, "deg2rad": pw.deg2rad, "rad2deg": pw.rad2deg,
        "clamp": pw.clamp, "clip": pw.clamp, "clamp_min": pw.clamp_min, "clamp_max": pw.clamp_max,
        "maximum": pw.maximum, "minimum": pw.minimum, "fmax": pw.fmax, "fmin": pw.fmin, "atan2": pw.atan2,
        "arctan2": pw.atan2, "hypot": pw.hypot, "logaddexp": pw.logaddexp, "xlogy": pw.xlogy,
        "lerp": pw.lerp_method, "addcmul": pw.addcmul, "addcdiv": pw.addcdiv, "masked_fill": pw.masked_fill,
        "nan_to_num": pw.nan_to_num, "where": lambda self, condition, other: pw.where(condition, self, other),
        # comparisons / logic
        "eq": pw.eq, "ne": pw.ne, "lt": pw.lt, "le": pw.le, "gt": pw.gt, "ge": pw.ge, "greater": pw.gt,
        "greater_equal": pw.ge, "less": pw.lt, "less_equal": pw.le, "not_equal": pw.ne, "equal": pw.equal,
        "logical_and": pw.logical_and, "logical_or": pw.logical_or, "logical_xor": pw.logical_xor,
        "logical_not": pw.logical_not, "bitwise_and": pw.bitwise_and, "bitwise_or": pw.bitwise_or,
        "bitwise_xor": pw.bitwise_xor, "bitwise_not": pw.bitwise_not, "bitwise_left_shift": pw.bitwise_left_shift,
        "bitwise_right_shift": pw.bitwise_right_shift, "isnan": pw.isnan, "isinf": pw.isinf,
        "isfinite": pw.isfinite, "isposinf": pw.isposinf, "isneginf": pw.isneginf, "signbit": pw.signbit,
        "isclose": pw.isclose, "allclose": pw.allclose,
        # reductions
        "sum": reduction.sum_method, "mean": reduction.mean, "sum_to_size": reduction.sum_to_size,
        # shape
        "view": shape.view, "reshape": shape.reshape, "flatten": shape.flatten, "unflatten": shape.unflatten_method,
        "expand": shape.expand, "expand_as": shape.expand_as, "unsqueeze": shape.unsqueeze,
        "squeeze": shape.squeeze, "transpose": shape.transpose, "swapaxes": shape.swapaxes,
        "swapdims": shape.swapdims, "t": shape.t, "permute": shape.permute, "movedim": shape.movedim,
        "moveaxis": shape.movedim,
        "view_as": lambda self, other: shape.view(self, other._data.shape),
        "reshape_as": lambda self, other: shape.reshape(self, other._data.shape),
        # indexing
        "index_put": indexing.index_put, "index_put_": indexing.index_put_, "nonzero": indexing.nonzero,
        "argwhere": indexing.argwhere, "masked_select": indexing.masked_select,
        # conversions
        "clone": convert.clone, "contiguous": convert.contiguous, "to": convert.to, "float": convert.float_,
        "double": convert.double, "half": convert.half, "bfloat16": convert.bfloat16, "long": convert.long, "int": convert.int_,
        "chalf": convert.chalf,
        "short": convert.short, "char": convert.char, "byte": convert.byte, "bool": convert.bool_,
        "cpu": convert.cpu, "cuda": convert.cuda,
        # in-place basics
        "copy_": inplace.copy_, "fill_": inplace.fill_, "zero_": inplace.zero_,
    }
    from .ops._argerrors import _OVERLOADS, _TENSOR_PAIR, alias, method_twin_code
    for name, fn in methods.items():
        fn = getattr(fn, "method", fn)  # unary ops: the method form skips the out= check
        if (name in _TENSOR_PAIR or name in _OVERLOADS) and getattr(fn, "__code__", None) is not None \
                and fn.__code__.co_name == fn.__name__:
            fn = method_twin_code(fn if fn.__name__ == name else alias(fn, name))  # errors worded for the method
        _bind(name, fn)

    inplace_of = {
        "add_": pw.add, "sub_": pw.sub, "subtract_": pw.sub, "mul_": pw.mul, "multiply_": pw.mul, "div_": pw.div,
        "divide_": pw.div, "true_divide_": pw.true_divide, "floor_divide_": pw.floor_divide,
        "remainder_": pw.remainder, "fmod_": pw.fmod, "pow_": pw.pow, "neg_": pw.neg, "negative_": pw.neg,
        "abs_": pw.abs, "exp_": pw.exp, "exp2_": pw.exp2, "expm1_": pw.expm1, "log_": pw.log, "log2_": pw.log2,
        "log10_": pw.log10, "log1p_": pw.log1p, "sqrt_": pw.sqrt, "rsqrt_": pw.rsqrt, "sin_": pw.sin,
        "cos_": pw.cos, "tan_": pw.tan, "asin_": pw.asin, "acos_": pw.acos, "atan_": pw.atan, "sinh_": pw.sinh,
        "cosh_": pw.cosh, "tanh_": pw.tanh, "sigmoid_": pw.sigmoid, "relu_": pw.relu, "sign_": pw.sign,
        "reciprocal_": pw.reciprocal, "square_": pw.square, "floor_": pw.floor, "ceil_": pw.ceil,
        "round_": pw.round, "trunc_": pw.trunc, "frac_": pw.frac, "clamp_": pw.clamp, "clip_": pw.clamp,
        "clamp_min_": pw.clamp_min, "clamp_max_": pw.clamp_max, "lerp_": pw.lerp_inplace_op, "addcmul_": pw.addcmul,
        "addcdiv_": pw.addcdiv, "masked_fill_": pw.masked_fill_self_first, "atan2_": pw.atan2, "nan_to_num_": pw.nan_to_num,
        "bitwise_and_": pw.bitwise_and, "bitwise_or_": pw.bitwise_or, "bitwise_xor_": pw.bitwise_xor,
        "bitwise_left_shift_": pw.bitwise_left_shift, "bitwise_right_shift_": pw.bitwise_right_shift,
        "logical_not_": pw.logical_not, "eq_": pw.eq, "ne_": pw.ne, "lt_": pw.lt, "le_": pw.le, "gt_": pw.gt,
        "ge_": pw.ge, "hypot_": pw.hypot, "xlogy_": pw.xlogy,
        # PyTorch's alias spellings of the in-place ops above
        "absolute_": pw.abs, "arcsin_": pw.asin, "arccos_": pw.acos, "arctan_": pw.atan, "arctan2_": pw.atan2,
        "fix_": pw.trunc, "sgn_": pw.sgn, "greater_": pw.gt, "greater_equal_": pw.ge, "less_": pw.lt,
        "less_equal_": pw.le, "not_equal_": pw.ne, "logical_and_": pw.logical_and, "logical_or_": pw.logical_or,
        "logical_xor_": pw.logical_xor, "bitwise_not_": pw.bitwise_not, "deg2rad_": pw.deg2rad,
        "rad2deg_": pw.rad2deg,
    }
    for name, fn in inplace_of.items():
        if name in _UNTRACKED_INPLACE:
            _bind(name, inplace.make_untracked_inplace(fn, name))
            continue
        word = _COMPARISON_WORDS.get(fn.__name__)
        if word is not None:
            fn = inplace.comparison_inplace_op(fn, word)
        _bind(name, _make_inplace(fn, name))
    for name in ("clamp_", "clip_", "clamp_min_", "clamp_max_"):
        _bind(name, _cxx_cast_words(getattr(T, name)))
    for name, ufunc in (("add_", np.add), ("sub_", np.subtract), ("subtract_", np.subtract), ("mul_", np.multiply),
                        ("multiply_", np.multiply)):
        _bind(name, _fast_first(getattr(T, name), ufunc))

    _install_extension_modules()
    from . import _dlpack, _numpy_interop  # __dlpack__/__dlpack_device__; NumPy operands as in PyTorch
    for name, fn in _dlpack.TENSOR_METHODS.items():
        _bind(name, fn)
    _numpy_interop.install(T)

    T.T = property(shape.matrix_T)
    T.mT = property(shape.mT)
    T.H = property(_conj_after(lambda t: shape.mT(t) if t.dim() == 2 else shape._reverse_dims(t), "H"))
    T.mH = property(_conj_after(shape.mT, "mH"))
    for name in ("new_tensor", "new_zeros", "new_ones", "new_full", "new_empty"):
        _bind(name, getattr(creation, "_" + name) if hasattr(creation, "_" + name) else _new_factory(name))
    _seal_read_only_properties(T)


def _seal_read_only_properties(cls) -> None:
    """Give each read-only property of ``cls`` (``shape``, ``is_leaf``, ``T``...) a setter that raises
    the AttributeError of PyTorch's C getset descriptors: "attribute 'shape' of 'torch._C.TensorBase'
    objects is not writable" (Python's own names the property and the ``Tensor`` class instead)."""
    for name, prop in list(vars(cls).items()):
        if isinstance(prop, property) and prop.fset is None:
            setattr(cls, name, property(prop.fget, _not_writable(name), prop.fdel, prop.__doc__))


def _not_writable(name: str):
    def fset(self, value):
        raise AttributeError(f"attribute '{name}' of 'torch._C.TensorBase' objects is not writable")
    return fset


def _conj_after(transpose, name: str):
    """``.H`` / ``.mH``: the transpose, conjugated for complex tensors (PyTorch's adjoint views)."""
    def prop(self):
        nd = self.dim()
        if name == "H" and nd == 0:
            import warnings
            warnings.warn("Tensor.H is deprecated on 0-D tensors. Consider using x.conj(). (Triggered internally at "
                          "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4335.)", UserWarning, stacklevel=2)
        elif name == "H" and nd != 2:
            hint = " For batches of matrices, consider using tensor.mH" if nd > 2 else ""
            raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {nd}-D tensor.{hint}")
        elif name == "mH" and nd == 0:  # PyTorch: deprecated, the (conjugated) tensor itself
            import warnings
            warnings.warn("Tensor.mH is deprecated on 0-D tensors. Consider using x.conj(). (Triggered internally at "
                          "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4382.)", UserWarning, stacklevel=2)
            return self.conj() if self._data.dtype.kind == "c" else self
        elif name == "mH" and nd < 2:
            raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. Got {nd}-D tensor.")
        t = transpose(self)
        return t.conj() if t._data.dtype.kind == "c" else t
    return prop


def _new_size_check(name: str, args) -> None:
    """PyTorch's argument-parser errors for ``new_zeros``/``new_ones``/``new_empty``/``new_full`` sizes."""
    import operator
    size = args[0] if args else ()
    if name == "new_full" or len(args) == 1:
        if not isinstance(size, (tuple, list)):
            if name == "new_full" or not hasattr(type(size), "__index__"):
                raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, "
                                f"not {type(size).__name__}")
            size = (size,)
        where = "(position 1) must be tuple of ints, but found element of type {t} at pos {i}"
    else:
        size = args
        where = 'failed to unpack the object at pos {p} with error "type must be tuple of ints,but got {t}"'
    dims = []
    for i, d in enumerate(size):
        try:
            dims.append(operator.index(d))
        except TypeError:
            raise TypeError(f"{name}(): argument 'size' " + where.format(t=type(d).__name__, i=i, p=i + 1)) from None
    for d in dims:
        if d < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {d}: {dims}")


def _new_factory(name: str):
    def factory(self, *args, dtype=None, device=None, requires_grad=False, **kw):
        dt = self.dtype if dtype is None else dtype
        dev = self.device if device is None else device
        if name == "new_tensor":
            if isinstance(args[0], Tensor):
                import warnings
                warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
                              "or sourceTensor.detach().clone().requires_grad_(True), rather than "
                              "tensor.new_tensor(sourceTensor).", UserWarning, stacklevel=2)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return creation.tensor(args[0], dtype=dt, device=dev, requires_grad=requires_grad)
            return creation.tensor(args[0], dtype=dt, device=dev, requires_grad=requires_grad)
        _new_size_check(name, args if name != "new_full" else args[:1])
        if name == "new_full":
            return creation.full(args[0], args[1], dtype=dt, device=dev, requires_grad=requires_grad)
        fn = {"new_zeros": creation.zeros, "new_ones": creation.ones, "new_empty": creation.empty}[name]
        return fn(*args, dtype=dt, device=dev, requires_grad=requires_grad)

    factory.__name__ = name
    return factory


EXTENSION_MODULES = ("reduction_ext", "linalg", "shape_ext", "special", "random_ops", "misc_ext", "numeric_ext",
                     "linalg_ext", "tensor_extras", "special_ext", "toplevel_ext", "linalg_solvers", "misc_top", "signal_ops", "legacy_top")


def _out_refusing_method(name: str, fn):
    """``fn`` (a ``torch.<name>`` function with a keyword-only ``out``) as the ``Tensor`` method: its method
    twin (``_argerrors.method_twin_code``), so ``write_out``'s ``check_not_method_call`` refuses ``x.erf(out=o)``
    as PyTorch's methods do (``Tensor.erf() takes no keyword arguments``).  The twin keeps the function's
    ``__qualname__``: Python's own argument errors still name ``logit()``, as PyTorch's parser does."""
    from .ops._argerrors import alias, method_twin_code
    code = getattr(fn, "__code__", None)
    if code is None:
        return fn
    if "out" not in code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]:
        return _public_named(name, fn)
    twin = method_twin_code(fn if fn.__name__ == name else alias(fn, name))
    twin.__qualname__ = name
    return twin


def _public_named(name: str, fn):
    """A method implemented by a private helper (``_polygamma_method``) under its method's name, so Python's
    own argument errors read ``polygamma() got an unexpected keyword argument 'out'``, as PyTorch's parser."""
    from .ops._argerrors import alias
    if fn.__name__[:1] != "_" or name[:1] == "_":
        return fn
    named = alias(fn, name)
    named.__qualname__ = name
    return named


def _install_extension_modules() -> None:
    """Bind ``TENSOR_METHODS`` / ``INPLACE_METHODS`` dicts declared by op modules.

    Each op module may declare ``TENSOR_METHODS = {"name": fn}`` (bound as
    ``Tensor.name``) and ``INPLACE_METHODS = {"name_": out_of_place_fn}``
    (wrapped with PyTorch's in-place rules).
    """
    import importlib
    for mod in EXTENSION_MODULES:
        try:
            m = importlib.import_module("ember.ops." + mod)
        except ModuleNotFoundError as e:
            if e.name == "ember.ops." + mod:
                continue
            raise
        for name, fn in getattr(m, "TENSOR_METHODS", {}).items():
            _bind(name, _out_refusing_method(name, fn))
        for name, fn in getattr(m, "INPLACE_METHODS", {}).items():
            _bind(name, _make_inplace(fn, name))
