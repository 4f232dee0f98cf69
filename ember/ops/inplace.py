"""In-place ops, version counters and ``CopySlices``.

An in-place op ``x.op_(...)`` computes ``op(x, ...)`` and writes the result
into ``x``'s storage, keeping ``x``'s identity, then bumps the version counter
shared by ``x`` and all its views.  Backward checks saved tensors against
those versions, so a tensor modified after it was saved raises PyTorch's
"modified by an inplace operation" error instead of giving a wrong gradient.

PyTorch's rules are enforced: a leaf that requires grad (or a view of one)
cannot be modified in place while grad mode is on.  An in-place op on a view
of a non-leaf rewrites the base's history with a ``CopySlices`` node.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ..backend.fma import fma as _fma
from ._common import GRAD, PY_NUMBER_TYPES, Node, Tensor, _make, int_scalar, method_arg_error
from ..autograd.graph import FREED_MSG
from ._common import _FULL_OVERLAP, _PARTIAL_OVERLAP, overlap_status_arrays
from .shape import check_view_rebase, regenerated_grad_fn
from .pointwise import _FILL_LIMITS, NotImplementedBackward, _zeros_grad, check_fill_scalar

_ndarray = np.ndarray
_generic = np.generic

LEAF_MSG = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_LEAF_MSG = "a view of a leaf Variable that requires grad is being used in an in-place operation."


class CopySlices(Node):
    """The base's history after an in-place op on one of its views (PyTorch's ``CopySlices``).

    It wraps the op's node ``fn`` as PyTorch does: edge 0 leads to the base's previous history,
    the others are ``fn``'s edges after its first (``fn``'s first input is the view, whose
    gradient goes back into the base's slice here), so ``next_functions`` reads as PyTorch's:
    ``b[1:].mul_(2)`` gives ``(CloneBackward0, None)``, ``b[1:].exp_()`` one edge.  Backward: the
    incoming gradient with the view's slice replaced by ``fn``'s gradient for the view (zero
    where ``fn`` gives none), then ``fn``'s other gradients.  Like PyTorch's, it runs once unless
    ``retain_graph``: it shares ``fn``'s saved tensors (see :func:`copy_slices`).
    """

    __slots__ = ("view_fn", "fn", "fn_nr")

    def name(self) -> str:
        return "torch::autograd::CopySlices"

    def backward(self, g):
        fn = self.fn
        if self._saved is None:  # run before without retain_graph: PyTorch's CopySlices dropped ``fn``
            if fn is not None:
                fn._saved = None
            raise RuntimeError(FREED_MSG)
        gself, rest = None, ()
        if fn is not None:
            res = self._call_fn(fn, self.view_fn(g))
            gself, rest = res[0], res[1:]
        return (self._base_grad(g, gself),) + tuple(rest)

    def _call_fn(self, fn, g_view) -> tuple:
        """``fn``'s gradients for the view's gradient, one per edge of ``fn`` (None where absent)."""
        grads = [None] * fn.num_outputs
        grads[self.fn_nr] = g_view.clone()
        if fn._pre_hooks:  # the node's own pre-hooks (e.g. ember's refusal of an unverified complex derivative)
            for nr, hook in list(fn._pre_hooks):
                if nr is None:
                    r = hook(tuple(grads))
                    if r is not None:
                        grads = list(r)
        res = fn.backward(*grads)
        if res.__class__ is not tuple:
            res = tuple(res) if res.__class__ is list else (res,)
        n = len(fn._edges)
        return res[:n] + (None,) * (n - len(res))

    def _base_grad(self, g, gself):
        """``g`` with the view's slice replaced by ``gself`` (zeros for None)."""
        if not GRAD.enabled and g._data.__class__ is _ndarray:
            result = g._fresh_copy()
            self.view_fn(result)._write(0 if gself is None else gself._data)
            return result
        # create_graph: the same, out of place (the slice written into zeros is recorded)
        from .creation import full_like, ones_like, zeros_like
        if g._data.dtype.kind == "c":  # the view may be one component (``.real``/``.imag``): mask both
            from .misc_top import view_as_complex, view_as_real
            mask = full_like(g, 1 + 1j)
            self.view_fn(mask)._write(0)
            out = view_as_complex(view_as_real(g) * view_as_real(mask))
        else:
            mask = ones_like(g)
            self.view_fn(mask)._write(0)
            out = g * mask
        if gself is None:
            return out
        z = zeros_like(g)
        self.view_fn(z).copy_(gself)
        return out + z


def copy_slices(base: Tensor, fn, view_fn, fn_nr: int = 0) -> CopySlices:
    """The ``CopySlices`` node of ``base`` after an in-place op on its view, whose node is ``fn``
    (its first input the view; None: nothing recorded) and whose result is output ``fn_nr``."""
    node = CopySlices((base,))
    node.view_fn = view_fn
    node.fn = fn
    node.fn_nr = fn_nr
    if fn is not None:
        if len(fn._edges) > 1:
            node._edges = node._edges + list(fn._edges[1:])
            node._meta = node._meta + list(fn._meta[1:])
    # the engine frees a node's ``_saved`` after backward unless retain_graph: ``fn``'s tensors (or a
    # marker when it saved none) stand here, so a second backward raises as PyTorch's does
    node._saved = fn._saved if fn is not None and fn._saved else (None,)
    return node


def _check_cast(self: Tensor, result_dtype) -> None:
    sk, rk = self._data.dtype.kind, result_dtype.kind
    order = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}
    if order[rk] > order[sk]:
        raise RuntimeError(
            f"result type {_type_word(result_dtype)} can't be cast to the desired output type {_type_word(self._data.dtype)}"
        )


def _type_word(npdt) -> str:
    name = D.from_numpy_dtype(npdt).name
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
            "complex128": "ComplexDouble", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}[name]


def check_inplace_allowed(self: Tensor) -> None:
    """PyTorch's leaf rules for in-place ops under grad mode."""
    if GRAD.enabled:
        if self._rg and self.grad_fn is None and self._base is None:
            raise RuntimeError(LEAF_MSG)
        base = self._base  # (ATen's ``check_inplace``: a view that requires grad, of a base that is a leaf,
        if base is not None and self._rg and base.grad_fn is None:  # even one that does not require grad)
            raise RuntimeError(VIEW_LEAF_MSG)


def apply_inplace(self: Tensor, fn, *args, **kwargs) -> Tensor:
    """Run ``fn(self, *args)`` and store the result in ``self`` (keeping identity)."""
    record = GRAD.enabled and (self._rg or _any_requires_grad(args) or _any_requires_grad(kwargs.values()))
    if self._base is not None and (record or (GRAD.enabled and self._base._rg)):
        check_view_rebase(self)
    check_inplace_allowed(self)
    if not record:
        prev = GRAD.enabled
        GRAD.enabled = False
        try:
            r = fn(self, *args, **kwargs)
        finally:
            GRAD.enabled = prev
        _store(self, r._data)
        self._bump_version()
        return self
    base = self._base
    if base is not None and self._ext and "view_fn" in self._ext:
        return _inplace_on_view(self, base, fn, args, kwargs)
    r = fn(self, *args, **kwargs)
    _keep_original_self(r.grad_fn, self)
    if r.grad_fn.__class__ is NotImplementedBackward:
        r.grad_fn.opname += "_"  # (PyTorch's error names the in-place op: ``aten::floor_divide_``)
    _store(self, r._data)
    self.grad_fn = r.grad_fn
    self._rg = r._rg
    self._out_nr = r._out_nr
    self._bump_version()
    return self


def _inplace_on_view(self: Tensor, base: Tensor, fn, args, kwargs) -> Tensor:
    view_fn = self._ext["view_fn"]
    r = fn(self, *args, **kwargs)
    _keep_original_self(r.grad_fn, self)
    if r.grad_fn.__class__ is NotImplementedBackward:
        r.grad_fn.opname += "_"
    node = copy_slices(base, r.grad_fn, view_fn, r._out_nr)
    _store(self, r._data)
    base.grad_fn = node
    base._rg = True
    base._out_nr = 0
    v = view_fn(base)
    self.grad_fn = regenerated_grad_fn(v.grad_fn)
    self._rg = True
    self._bump_version()
    return self


def _keep_original_self(node, self: Tensor) -> None:
    """Give ``node`` its own copy of ``self`` where it saved ``self`` itself.

    An in-place op runs the out-of-place op on ``self``, then overwrites
    ``self``; a derivative that reads the input (``pow_``, ``sin_``, ``clamp_``...)
    must see the values from before.  PyTorch saves such an ``original_self``
    copy; ops whose node saved only the result (``exp_``, ``sigmoid_``) cost nothing.
    The copy keeps ``self``'s place in the graph, so double backward still
    reaches what produced ``self``.
    """
    saved = getattr(node, "_saved", None)
    if not saved:
        return
    hit = False
    for s in saved:
        if s is self:
            hit = True
            break
    if not hit:
        return
    twin = _make(self._materialize().copy())
    twin.grad_fn, twin._rg, twin._out_nr = self.grad_fn, self._rg, self._out_nr
    node._saved = tuple(twin if s is self else s for s in saved)
    vs = node._versions
    if vs is not None:
        node._versions = [None if s is self else v for s, v in zip(saved, vs)]


def _any_requires_grad(items) -> bool:
    for a in items:
        if isinstance(a, Tensor) and a._rg:
            return True
        if isinstance(a, (list, tuple)):
            if _any_requires_grad(a):
                return True
    return False


def _check_no_internal_overlap(d) -> None:
    """ATen's ``assert_no_internal_overlap`` for a written tensor: an expanded (stride-0) array."""
    if d.size and any(st == 0 and n > 1 for st, n in zip(d.strides, d.shape)):
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a single "
                           "memory location. Please clone() the tensor before performing the operation.")


def check_partial_overlap(d, s, full: bool = False) -> None:
    """ATen's ``assert_no_partial_overlap(self, src)`` for arrays ``d`` (written) and ``s`` (read) that view
    one buffer (the caller checked): an error where their memory ranges overlap without being the same
    (as ``x[1:] = x[:-1]``); arrays that are not dense are too hard to tell, as in PyTorch.  ``full``:
    ``assert_no_overlap`` (``index_put_``), which refuses the same memory too."""
    status = overlap_status_arrays(d, s)
    if status != _PARTIAL_OVERLAP and not (full and status == _FULL_OVERLAP):
        return
    raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to tensor refer to "
                       "a single memory location. Please clone() the tensor before performing the operation.")


def _check_store_shape(shape, value_shape) -> None:
    """PyTorch's error for an in-place result that does not broadcast to the written tensor's shape."""
    try:
        b = np.broadcast_shapes(shape, value_shape)
    except ValueError:
        return
    if b != tuple(shape):
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape {list(b)}")


def _store(self: Tensor, value) -> None:
    """Write ``value`` into ``self``'s storage with dtype checks."""
    d = self._data
    vd = getattr(value, "dtype", None)
    if vd is not None and vd != d.dtype:
        if np.shape(value) != d.shape:
            _check_store_shape(d.shape, np.shape(value))  # (PyTorch checks the shape before the dtype)
        _check_cast(self, vd)
    if d.__class__ is _ndarray:
        if d.ndim == 0:
            d[()] = value
        else:
            if value.ndim > d.ndim:  # (NumPy would drop the result's leading 1s: ``x.add_(ones(1, n))``)
                _check_store_shape(d.shape, value.shape)
            try:
                d[...] = value
            except ValueError:
                if not d.size and not d.flags.writeable:  # nothing to write (an empty expanded tensor)
                    return
                _check_no_internal_overlap(d)
                if not d.flags.writeable:  # a view of an expanded tensor with no shared elements: PyTorch writes
                    from .indexing import _expanded_write_target
                    target = _expanded_write_target(d)
                    if target is not None:
                        target[...] = value
                        return
                raise RuntimeError(
                    f"output with shape {list(d.shape)} doesn't match the broadcast shape "
                    f"{list(np.broadcast_shapes(d.shape, np.shape(value)))}"
                ) from None
    elif isinstance(d, _generic):
        if np.shape(value) != ():
            raise RuntimeError(
                f"output with shape [] doesn't match the broadcast shape {list(np.shape(value))}"
            )
        self._data = d.dtype.type(value)
    else:  # CuPy
        d[...] = value


# ------------------------------------------------------------ simple ops
def copy_(self: Tensor, src, *positional, non_blocking: bool = False) -> Tensor:
    """``Tensor.copy_``: copy (with broadcast and cast) ``src`` into ``self``."""
    if positional or non_blocking is not False:  # (the argument parser's checks: a bool)
        _copy_flag_check(src, positional, non_blocking)
    src_t = src if isinstance(src, Tensor) else _make(np.asarray(src))

    def _copy(x, s):
        # PyTorch's copy node points at src itself: the engine sums the gradient down to
        # src's shape and casts it to src's dtype, so no expand/cast/alias node is recorded
        return s

    try:
        bshape = np.broadcast_shapes(np.shape(src_t._data), self._data.shape)
    except ValueError:
        from ._common import broadcast_error
        raise broadcast_error(self._data.shape, np.shape(src_t._data)) from None
    if bshape != self._data.shape:
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                           f"{list(bshape)}")
    record = GRAD.enabled and (self._rg or src_t._rg)
    if self._base is not None and (record or (GRAD.enabled and self._base._rg)):
        check_view_rebase(self)
    check_inplace_allowed(self)
    d, sd = self._data, src_t._data
    if sd.__class__ is _ndarray and d.__class__ is _ndarray and d is not sd \
            and (d if d.base is None else d.base) is (sd if sd.base is None else sd.base):  # (views of one buffer)
        check_partial_overlap(d, sd)
    _copy_store_any_dtype(self, src_t)
    if not record:
        self._bump_version()
        return self
    # Recording: rewrite history so that self = src (broadcast/cast).
    if self._base is not None and self._ext and "view_fn" in self._ext:
        # PyTorch's CopySlices around a CopyBackwards: the slice gets zeros, src the view's gradient
        node = copy_slices(self._base, CopyBackwards((self, src_t)), self._ext["view_fn"])
        self._base.grad_fn = node
        self._base._rg = True
        v = node.view_fn(self._base)
        self.grad_fn = regenerated_grad_fn(v.grad_fn)
        self._rg = True
    else:
        r = _copy(self, src_t)
        node = CopyBackwards((self, r))
        self.grad_fn = node
        self._rg = True
    self._bump_version()
    return self


def _copy_flag_check(src, positional, non_blocking) -> None:
    if len(positional) > 1:
        from ._argerrors import type_name
        got = ", ".join(type_name(a) for a in (src,) + positional)
        raise TypeError(f"copy_() received an invalid combination of arguments - got ({got}), but expected "
                        "(Tensor other, bool non_blocking = False)")
    if positional:
        if positional[0].__class__ is not bool:
            raise TypeError("copy_(): argument 'non_blocking' (position 2) must be bool, not "
                            f"{type(positional[0]).__name__}")
    elif non_blocking.__class__ is not bool:
        raise TypeError(f"copy_(): argument 'non_blocking' must be bool, not {type(non_blocking).__name__}")


def _copy_store_any_dtype(self: Tensor, src: Tensor) -> None:
    d = self._data
    s = src._data
    if s.dtype.kind == "c" and d.dtype.kind not in "cb":  # PyTorch's (once-only) warning, not NumPy's
        from .convert import _warn_complex_to_real
        _warn_complex_to_real()
        s = np.real(s)
    if d.__class__ is _ndarray:
        if d.ndim == 0:
            d[()] = np.asarray(s).reshape(()) if np.ndim(s) else s
        else:
            if not d.flags.writeable:
                if not d.size:
                    return
                _check_no_internal_overlap(d)
            d[...] = s
    elif isinstance(d, _generic):
        self._data = d.dtype.type(np.asarray(s).reshape(()).item() if np.ndim(s) else s)
    else:
        d[...] = s


class CopyBackwards(Node):
    """``copy_`` on a non-view tensor: the old value gets no gradient."""

    __slots__ = ()

    def name(self) -> str:
        return "torch::autograd::CopyBackwards"

    def backward(self, g):
        return (_zeros_grad(g) if self._edges[0] is not None else None), g


class AliasBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return g


class FillBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        return _zeros_grad(g)


class FillBackward1(Node):
    __slots__ = ()

    def backward(self, g):
        return None, g.sum()


class FillBackward2(FillBackward0):
    """In-place ``fill_(scalar)`` (PyTorch names the in-place overloads 2 and 3)."""

    __slots__ = ()


class FillBackward3(Node):
    """In-place ``fill_(0-d tensor)``: zeros for ``self``, the sum for the value."""

    __slots__ = ()

    def backward(self, g):
        e = self._edges
        return (_zeros_grad(g) if e[0] is not None else None), (g.sum() if e[1] is not None else None)


class ZeroBackward0(FillBackward0):
    __slots__ = ()


_FILL_SIGS = ("Tensor input, Tensor value", "Tensor input, Number value")
_NO_VALUE = object()


def fill_value_error(name: str, input, value, extra=()) -> TypeError:
    """PyTorch's "invalid combination of arguments" for ``fill_``/``torch.fill`` given a value that is
    neither a Tensor nor a Number, or too few or many arguments."""
    from ._argerrors import parser_error
    values = {} if value is _NO_VALUE else {"value": value}
    values.update((f"extra{i}", v) for i, v in enumerate(extra))  # (positional only)
    return parser_error(name, _FILL_SIGS, input, tuple(values), values, None, None,
                        default_site=(name.endswith("_"), len(values), ()))


def fill_(self: Tensor, value=_NO_VALUE, *extra) -> Tensor:
    """``Tensor.fill_``: set every element to ``value``."""
    if extra or (value.__class__ is not float and value.__class__ is not int and not isinstance(value, Tensor)
                 and not isinstance(value, PY_NUMBER_TYPES)):
        raise fill_value_error("fill_", self, value, extra)

    def _fill(x, v):
        shape = x._data.shape
        if isinstance(v, Tensor):
            if v._data.ndim != 0:
                raise RuntimeError(
                    f"fill_ only supports 0-dimension value tensor but got tensor with {v._data.ndim} dimensions."
                )
            data = np.full(shape, v._data, dtype=x._data.dtype)
            node = FillBackward3((x, v)) if (GRAD.enabled and (x._rg or v._rg)) else None
        else:
            lim = _FILL_LIMITS.get(x._data.dtype)
            if lim is None or (v.__class__ is not float and v.__class__ is not int) or not lim[0] <= v <= lim[1]:
                v = check_fill_scalar(v, x._data.dtype, x._data.size == 1)  # ("value cannot be converted ...")
            if v.__class__ is int and x._data.dtype.kind in "iu":
                v = int_scalar(x._data.dtype, v)  # PyTorch wraps in-range negatives (uint8 fill_(-1) -> 255)
            data = np.full(shape, v, dtype=x._data.dtype)
            node = FillBackward2((x,)) if (GRAD.enabled and x._rg) else None
        return _make(data if data.ndim else data[()], node)

    return apply_inplace(self, _fill, value)


def zero_(self: Tensor, *args, **kwargs) -> Tensor:
    """``Tensor.zero_``; an argument fails as PyTorch's method without arguments does
    (``TensorBase.zero_() takes no arguments (1 given)``)."""
    if args or kwargs:
        from ._common import method_arguments_error
        raise method_arguments_error("zero_")
    if GRAD.enabled and self._rg:
        def _zero(x):
            return _make(np.zeros_like(x._data) if x._data.ndim else x._data.dtype.type(0), ZeroBackward0((x,)))
        return apply_inplace(self, _zero)
    if GRAD.enabled and self._base is not None and self._base._rg:
        check_view_rebase(self)
    check_inplace_allowed(self)
    d = self._data
    if d.__class__ is _ndarray:
        d.fill(0)
    elif isinstance(d, _generic):
        self._data = d.dtype.type(0)
    else:
        d.fill(0)
    self._bump_version()
    return self


# Ops whose result dtype is ``result_type`` of their operands (the "float" ones promote
# integers to the default float): for these PyTorch's TensorIterator rejects an in-place
# result it can't cast to ``self``'s dtype before any kernel runs.
_PROMOTING_OPS = frozenset(("add", "sub", "mul", "floor_divide", "gcd", "lcm", "remainder", "fmod", "pow", "hypot",
                            "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
                            "bitwise_right_shift", "clamp", "clamp_min", "clamp_max", "maximum", "minimum",
                            "fmax", "fmin", "nextafter", "logaddexp", "igamma", "igammac",
                            "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"))
_FLOAT_PROMOTING_OPS = frozenset(("div", "true_divide", "atan2", "xlogy", "copysign"))


def _raise_cast_error_first(self: Tensor, op_name: str, args, exc: Exception, kwargs=None) -> None:
    """Raise the error PyTorch's TensorIterator raises before any kernel runs, where ember's op
    failed in its kernel (a zero integer divisor, a dtype with no kernel): an in-place output
    whose shape is not the broadcast shape, then a result type it can't be cast to
    ("result type Float can't be cast to the desired output type Long").  Runs only on that
    error path."""
    if op_name not in _PROMOTING_OPS and op_name not in _FLOAT_PROMOTING_OPS:
        return
    msg = str(exc)
    if msg == "clamp is not supported for complex types" and op_name not in ("clamp", "clip"):
        return  # (only ``clamp_``'s integer ``self`` fails the cast of the complex result type first)
    if not (isinstance(exc, NotImplementedError) or msg == "ZeroDivisionError" or msg.startswith('"')):
        return  # (not a kernel's error: the leaf/view rules, argument checks... stand)
    operands = tuple(v for v in args if isinstance(v, Tensor))
    try:
        shape = np.broadcast_shapes(self._data.shape, *(v._data.shape for v in operands))
    except ValueError:
        return
    if shape != self._data.shape:
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                           f"{list(shape)}") from None
    if op_name in ("eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"):
        return  # (their in-place result is ``self``'s dtype)
    from .pointwise import operands_result_type, raise_if_uncastable
    rt = operands_result_type((self,) + tuple(args))
    rounded = op_name == "div" and kwargs and kwargs.get("rounding_mode") is not None  # (no int -> float)
    if op_name in _FLOAT_PROMOTING_OPS and not rounded and rt is not None and rt.category < 2:
        rt = D.get_default_dtype()
    raise_if_uncastable(rt, D.from_numpy_dtype(self._data.dtype))


class _ComparisonBackward(Node):
    """In-place comparison (``x.eq_(y)``): PyTorch records ``EqBackward0`` (scalar ``y``) or
    ``EqBackward1`` (tensor ``y``), whose gradients are zeros."""

    __slots__ = ()

    def backward(self, g):
        return tuple(None if e is None else _zeros_grad(g) for e in self._edges)


_COMPARISON_NODES = {}


def _comparison_node(word: str, tensor_other: bool):
    key = (word, tensor_other)
    cls = _COMPARISON_NODES.get(key)
    if cls is None:
        cls = type(f"{word}Backward{int(tensor_other)}", (_ComparisonBackward,), {"__slots__": ()})
        _COMPARISON_NODES[key] = cls
    return cls


def comparison_inplace_op(compare, word: str):
    """The out-of-place comparison ``compare`` for ``x.<op>_(other)``: under grad mode it records
    PyTorch's ``<word>Backward0/1`` node (zero gradients), which the result (and so ``x``) keeps."""
    def op(self, other, *args, **kwargs):
        r = compare(self, other, *args, **kwargs)
        if GRAD.enabled:
            tensor_other = isinstance(other, Tensor)
            if self._rg or (tensor_other and other._rg):
                node_cls = _comparison_node(word, tensor_other)
                r = _make(r._data, node_cls((self, other) if tensor_other else (self,)))
        return r

    op.__name__ = compare.__name__
    return op


def make_untracked_inplace(op, name: str):
    """``x.<name>(...)`` for an op PyTorch's autograd does not know (``logical_and_``...): it writes
    ``x`` and bumps its version but neither checks the leaf rules nor changes ``x``'s history."""
    op_name = op.__name__

    def inplace(self, *args, **kwargs):
        prev = GRAD.enabled
        GRAD.enabled = False
        try:
            r = op(self, *args, **kwargs)
        except TypeError as e:
            err = _inplace_arg_error(e, op_name, name, args, kwargs)
            if err is e:
                raise
            raise err from None
        finally:
            GRAD.enabled = prev
        _store(self, r._data)
        if self._base is not None and self.grad_fn is not None:
            self.grad_fn = regenerated_grad_fn(self.grad_fn)  # (a modified view shows AsStridedBackward0)
        self._bump_version()
        return self

    inplace.__name__ = name
    inplace.__doc__ = f"In-place version of ``{op_name}``."
    return inplace


def make_inplace(op, name: str | None = None):
    """Build ``x.op_(...)`` from the out-of-place ``op``; ``name`` is the method's own spelling
    (``arctan2_`` for ``atan2``), which PyTorch's argument errors name."""
    op_name = getattr(op, "__name__", "op")
    if name is None:
        name = op_name + "_"
    cast_name = name[:-1] if name[:-1] in _PROMOTING_OPS or name[:-1] in _FLOAT_PROMOTING_OPS else op_name

    def inplace(self, *args, **kwargs):
        try:
            return apply_inplace(self, op, *args, **kwargs)
        except TypeError as e:
            err = _inplace_arg_error(e, op_name, name, args, kwargs)
            if err is e:
                raise
            raise err from None
        except (RuntimeError, NotImplementedError) as e:
            _raise_cast_error_first(self, cast_name, args, e, kwargs)
            _raise_matmul_inplace_error(self, name, args, e)
            raise

    if name == "abs_":
        inplace = _reject_complex(inplace, "In-place abs is not supported for complex tensors.")
    inplace.__name__ = name
    inplace.__doc__ = f"In-place version of ``{op_name}``."
    return inplace


_BAD_INPLACE_CALL_OPS = frozenset(("addmm_", "addmv_", "baddbmm_"))


def _raise_matmul_inplace_error(self: Tensor, name: str, args, exc: Exception) -> None:
    """PyTorch's shape errors for the in-place matrix-product ops, where ember's failed storing a
    result ``self`` can't hold: ``addmm_``/``addmv_``/``baddbmm_`` ("Bad in-place call: input
    tensor size [1] and output tensor size [2, 3] should match"), ``addr_`` (``self`` must be the
    2-D outer-product shape).  Runs only on that error path."""
    msg = str(exc)
    if not msg.startswith(("output with shape ", "expand(")):
        return  # (the leaf/view rules and the op's own argument checks stand)
    if name == "addr_" and len(args) >= 2 and all(isinstance(v, Tensor) for v in args[:2]):
        shape = self._data.shape
        if len(shape) != 2:
            raise RuntimeError(f"2D tensor expected, got {len(shape)}D tensor for input") from None
        v1, v2 = args[0]._data.shape, args[1]._data.shape
        if len(v1) == 1 and len(v2) == 1 and shape != (v1[0], v2[0]):
            raise RuntimeError(f"size mismatch, input: {list(shape)}, v1: {list(v1)}, v2: {list(v2)}") from None
        return
    if name not in _BAD_INPLACE_CALL_OPS or not msg.startswith("output with shape "):
        return
    head, sep, wanted = msg.partition(" doesn't match the broadcast shape ")
    if sep:
        have = head[len("output with shape "):]
        raise RuntimeError(f"Bad in-place call: input tensor size {have} and output tensor size {wanted} "
                           "should match") from None


def _inplace_arg_error(e: TypeError, op_name: str, name: str, args, kwargs) -> TypeError:
    """PyTorch's argument-parser error for in-place method ``name``.  For an overloaded op
    (``pow_``, ``true_divide_``...) the "invalid combination of arguments" listing the method's
    signatures; else the function form's error (``atan2(): ... (position 2)``) renumbered without
    ``self``, or a method form's (``igamma(): ... (position 1)``) renamed, both naming ``name``."""
    msg = str(e)
    stem = name[:-1]
    if "(): argument '" in msg or "() received an invalid combination of arguments" in msg:
        from ._argerrors import _OVERLOADS, _method_signature, format_overload_error
        sigs = _OVERLOADS.get(stem)
        if sigs is not None:
            method_sigs = [m for m in (_method_signature(sig) for sig in sigs) if m is not None]
            # (PyTorch's parser lists the keywords in reverse call order)
            return TypeError(format_overload_error(name, method_sigs, list(args), list(reversed(kwargs.items()))))
        if stem == "div" and "() received an invalid combination of arguments" in msg:  # (``div_(2, rounding_mode=1)``)
            from ._common import _DIV_METHOD_SIGS
            return TypeError(format_overload_error(name, _DIV_METHOD_SIGS, list(args), list(reversed(kwargs.items()))))
    err = method_arg_error(e, op_name, name)
    if err is not e:
        return err
    if msg.startswith(stem + "(): argument '"):
        return TypeError(name + msg[len(stem):])
    if msg.startswith((stem + "() got an unexpected keyword argument '", stem + "() missing ")):
        return TypeError(name + msg[len(stem):])  # (``axis`` and ``dim`` both given, a missing argument)
    return e


def _reject_complex(inplace, message: str):
    """``inplace`` with PyTorch's error for a complex ``self`` (``abs_``: the result is real)."""
    def checked(self, *args, **kwargs):
        if self._data.dtype.kind == "c":
            raise RuntimeError(message)
        return inplace(self, *args, **kwargs)
    return checked


# ------------------------------------------------------------------ the fast path of x += y, x.mul_(s)...
_FAST_DTYPES = frozenset((np.dtype(np.float32), np.dtype(np.float64)))
_FAST_INT_LIMIT = 1 << 53  # Python ints a float64 holds exactly


def _fast_target(self: Tensor, other_rg: bool):
    """``self``'s array when an in-place update may be written straight into it (no graph is
    recorded; a contiguous, writeable float32/float64 NumPy array), else ``None``."""
    d = self._data
    if d.__class__ is not _ndarray or d.dtype not in _FAST_DTYPES or not d.flags.writeable:
        return None
    if not (d.flags.c_contiguous or d.flags.f_contiguous):
        return None  # (expanded tensors must raise PyTorch's internal-overlap error)
    if GRAD.enabled and (self._rg or other_rg or self._base is not None):
        return None
    return d


def fast_arith_(self: Tensor, other, ufunc):
    """``self = ufunc(self, other)`` written straight into ``self``'s array, or ``None`` where the
    general in-place path (``apply_inplace``) must run.

    Taken only where that path could not differ: ``_fast_target`` holds, and ``other`` is a
    Python float/int or a tensor of ``self``'s dtype whose shape broadcasts to ``self``'s trailing
    dims without overlapping it.  ``add``/``sub``/``mul`` then round exactly as PyTorch's kernels
    (``a + 1*b`` and ``a + (-1)*b`` are exact before their one rounding).  Manual parameter
    updates (``w -= lr * w.grad`` under ``no_grad``) and accumulators take it: 1.7 against 4.6 us
    for ``mul_`` on a (64,) tensor."""
    oc = other.__class__
    if oc is Tensor:
        d = _fast_target(self, other._rg)
        o = other._data
        if d is None or o.__class__ is not _ndarray or o.dtype != d.dtype:
            return None
        if o is not d:
            n = o.ndim
            if n > d.ndim or (n and o.shape != d.shape[d.ndim - n:]) or _may_overlap(o, d):
                return None
    elif oc is float or (oc is int and -_FAST_INT_LIMIT < other < _FAST_INT_LIMIT):
        d = _fast_target(self, False)
        if d is None:
            return None
        o = other
    else:
        return None
    ufunc(d, o, out=d)
    self._bump_version()
    return self


def _may_overlap(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays may share memory: NumPy collapses view chains, so arrays whose owners are
    two different memory-owning ndarrays cannot (cheaper than ``np.may_share_memory``)."""
    oa = a if a.base is None else a.base
    ob = b if b.base is None else b.base
    if oa is not ob and oa.__class__ is _ndarray and ob.__class__ is _ndarray and oa.base is None and ob.base is None:
        return False
    return np.may_share_memory(a, b)


def fast_add_scaled_(self: Tensor, other, scale):
    """``self += scale * other`` (``add_(other, alpha=scale)``; ``sub_`` passes ``-alpha``) written
    straight into ``self``'s array, or ``None`` where the general path must run: ``_fast_target``
    holds, ``other`` is a tensor of ``self``'s dtype and shape, ``scale`` a Python float/int.
    The result is PyTorch's fused multiply-add, rounded once (``backend.fma``), as the general path
    computes it; only the in-place bookkeeping around it is skipped."""
    if other.__class__ is not Tensor or scale.__class__ not in (float, int) or not -65504.0 <= scale <= 65504.0:
        return None  # (a scale past half's range: the general path checks it fits the dtype)
    d = _fast_target(self, other._rg)
    o = other._data
    if d is None or o.__class__ is not _ndarray or o.dtype != d.dtype or o.shape != d.shape:
        return None
    if o is not d and _may_overlap(o, d):
        return None
    np.copyto(d, _fma(o, d.dtype.type(scale), d, d.dtype))
    self._bump_version()
    return self
