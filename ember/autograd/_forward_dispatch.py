"""How tangents flow through ops while a forward-AD level holds dual tensors.

ember's ops carry no forward-AD code, so ordinary ops pay nothing for it.
``install()`` (called by ``make_dual``) wraps the public ops: the functions
of ``torch``, ``torch.nn.functional``, ``torch.linalg``, ``torch.special``
and ``torch.fft``, and the ``Tensor`` methods, operators and math
properties.  The wrapped function objects are also replaced in the globals
of every loaded ember module, so that ``nn`` modules (which call their
functional ops through module globals) reach the wrappers too.
``uninstall()`` (``exit_dual_level``) puts the originals back.

A wrapper passes straight through unless an argument is a dual tensor of the
live level.  Then (``_dual_call``):

1. every tensor argument gets a *sandbox* copy: a dual one becomes a fresh
   leaf that requires grad (or, when it already requires grad, a clone that
   stays connected to its graph); the others are clones, so side effects
   (in-place ops, running statistics) never reach the real tensors twice.
   For an in-place op the copies are made before the real call (they need
   the old values); otherwise after it, and only when it has a float result;
2. the op runs normally on the real arguments: the primal results, their
   ``grad_fn``, views and in-place effects are exactly what ember gives
   without forward AD;
3. the op runs again on the sandbox arguments with grad mode on, from the
   same random-number state (dropout draws the same mask);
4. the tangent ``J v`` of each output is derived from ember's backward rules
   by the double-vjp trick: ``g = J^T u`` for a dummy cotangent ``u`` that
   requires grad, then ``J v = d<g, v>/du``.  Backward rules are linear in
   ``u`` and written in differentiable tensor ops, so this is exact for every
   op that has a backward.  A consistency check (``<g, v> == <u, J v>``)
   catches a backward rule that is not differentiable, and raises rather
   than return a wrong tangent;
5. an output that is a view of a dual input gets the same view of that
   input's tangent (so in-place changes through views update tangents as in
   PyTorch); an in-place op updates the mutated tensor's tangent in place.
"""
from __future__ import annotations

import contextlib
import inspect
import sys
import types
import warnings

import numpy as np

from . import forward_ad as _fw


class _Flags:
    busy = False          # inside a dual call or forward-AD internals: wrappers pass through
    installed = False
    # ``torch.func``'s jvp transforms take ``J t`` as the vjp of ``u -> J^T u``: while they build ``J^T u``
    # the nodes whose PyTorch forward formula is not the transpose of their backward (cholesky, eigh)
    # return the transpose of that forward formula instead (see ``_JVP_RULES``)
    jvp_transpose = False


_FLAGS = _Flags()
_PATCHES: list = []        # (kind, owner, name, original) to undo
_ORIGINAL_OF: dict = {}    # id(wrapper) -> original
_WRAPPER_OF: dict = {}     # id(original) -> (original, wrapper) for module-level functions

_NAMESPACES = ("ember", "ember._functions", "ember.nn.functional", "ember.linalg", "ember.special", "ember.fft")
# Functions that take callables or are not ops: left unwrapped.
_SKIP_FUNCTIONS = frozenset({"vmap", "compile", "cond", "while_loop", "make_dual", "unpack_dual", "is_tensor",
                             "is_storage", "save", "load", "manual_seed", "set_printoptions", "typename"})
# Tensor methods that are bookkeeping rather than math (their sandbox run would be wrong or pointless).
_SKIP_METHODS = frozenset({"backward", "register_hook", "register_post_accumulate_grad_hook", "retain_grad",
                           "requires_grad_", "detach_", "share_memory_", "numpy", "tolist", "item", "__repr__",
                           "__str__", "__format__", "__bool__", "__float__", "__int__", "__index__", "__complex__",
                           "__len__", "__hash__", "__reduce_ex__", "__deepcopy__", "__array__", "__init__",
                           "__new__", "__contains__", "__iter__", "__setstate__", "__getstate__", "__dlpack__",
                           "__dlpack_device__", "data_ptr", "untyped_storage", "storage", "_typed_storage",
                           "size", "dim", "stride", "numel", "element_size", "is_contiguous", "is_floating_point",
                           "is_complex", "storage_offset", "type", "get_device", "__array_wrap__",
                           "__torch_function__", "_materialize", "_get_ext"})
_INPLACE_DUNDERS = frozenset({"__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__", "__imod__",
                              "__ipow__", "__iand__", "__ior__", "__ixor__", "__ilshift__", "__irshift__",
                              "__imatmul__", "__setitem__"})
_TENSOR_PROPERTIES = ("T", "mT", "H", "mH", "real", "imag")


@contextlib.contextmanager
def busy():
    """Run forward-AD internals (and nested op calls) with the wrappers passing straight through."""
    prev = _FLAGS.busy
    _FLAGS.busy = True
    try:
        yield
    finally:
        _FLAGS.busy = prev


# ------------------------------------------------------------------------------ install/uninstall
def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


def _is_dual_tensor(a, T) -> bool:
    if a.__class__ is T or isinstance(a, T):
        ext = a._ext
        if ext:
            fw = ext.get("fw_grad")
            return fw is not None and fw[0] is _fw._LEVEL.token
    return False


def _any_dual(args, kwargs) -> bool:
    T = _tensor_cls()
    for a in args:
        if _is_dual_tensor(a, T):
            return True
        if a.__class__ is list or a.__class__ is tuple:
            if _any_dual(a, {}):
                return True
    for a in kwargs.values():
        if _is_dual_tensor(a, T):
            return True
        if a.__class__ is list or a.__class__ is tuple:
            if _any_dual(a, {}):
                return True
    return False


_MADE: dict = {}  # (id(fn), name, mutates_self) -> (fn, wrapper): wrappers are made once per process


def _make_wrapper(fn, name: str, mutates_self: bool):
    """``fn`` behind a check for dual arguments (``mutates_self``: an in-place op on its first argument)."""
    key = (id(fn), name, mutates_self)
    hit = _MADE.get(key)
    if hit is not None and hit[0] is fn:
        return hit[1]

    def wrapper(*args, **kwargs):
        if _FLAGS.busy or not _any_dual(args, kwargs):
            return fn(*args, **kwargs)
        return _dual_call(fn, name, mutates_self, args, kwargs)
    wrapper.__name__ = getattr(fn, "__name__", name)
    wrapper.__qualname__ = getattr(fn, "__qualname__", name)
    wrapper.__doc__ = getattr(fn, "__doc__", None)
    wrapper.__module__ = getattr(fn, "__module__", None)
    wrapper.__wrapped__ = fn
    _ORIGINAL_OF[id(wrapper)] = fn
    _MADE[key] = (fn, wrapper)
    return wrapper


def _is_inplace_name(name: str) -> bool:
    return name in _INPLACE_DUNDERS or (name.endswith("_") and not name.startswith("__"))


def _patch(kind, owner, name, new) -> None:
    old = owner.__dict__[name] if kind == "class" else getattr(owner, name)
    _PATCHES.append((kind, owner, name, old))
    setattr(owner, name, new)


def _wrap_tensor_class() -> None:
    T = _tensor_cls()
    for name, value in list(vars(T).items()):
        if name in _SKIP_METHODS or (name.startswith("_") and not name.startswith("__")):
            continue
        if isinstance(value, types.FunctionType):
            _patch("class", T, name, _make_wrapper(value, name, _is_inplace_name(name)))
    for name in _TENSOR_PROPERTIES:
        prop = vars(T).get(name)
        if isinstance(prop, property) and prop.fget is not None:
            _patch("class", T, name, property(_make_wrapper(prop.fget, name, False), prop.fset, prop.fdel,
                                              prop.__doc__))


_NAMESPACE_CACHE: dict = {}


def _namespace_functions() -> dict:
    """id -> (function, wrapper) for the public functions of the op namespaces (found once)."""
    if not _NAMESPACE_CACHE:
        _NAMESPACE_CACHE.update(_find_namespace_functions())
    for value in _NATIVE_FUNCTIONS:
        _wrap_native(value)
    return _NAMESPACE_CACHE


_NATIVE_FUNCTIONS: list = []


def _find_namespace_functions() -> dict:
    import importlib
    found = {}
    for modname in _NAMESPACES:
        mod = importlib.import_module(modname)
        names = list(vars(mod))
        lazy = getattr(mod, "_LAZY_ATTRS", None)
        if isinstance(lazy, dict):
            names += [n for n in lazy if n not in vars(mod)]
        for name in names:
            if name.startswith("_") or name in _SKIP_FUNCTIONS:
                continue
            try:
                value = getattr(mod, name)
            except Exception:  # noqa: BLE001 - a lazy attribute that cannot load here
                continue
            if _is_native_function(value):
                if value not in _NATIVE_FUNCTIONS:
                    _NATIVE_FUNCTIONS.append(value)
                continue
            if not isinstance(value, types.FunctionType) or not str(value.__module__).startswith("ember"):
                continue
            if id(value) not in found:
                fname = value.__name__
                found[id(value)] = (value, _make_wrapper(value, fname, _is_inplace_name(fname)))
    return found


def _is_native_function(value) -> bool:
    """An ``nn.functional`` op that prints as a built-in (``F.gelu``): a call goes to its class's ``__call__``."""
    cls = value.__class__
    return cls.__name__ == "builtin_function_or_method" and isinstance(getattr(value, "__wrapped__", None),
                                                                       types.FunctionType)


def _wrap_native(value) -> None:
    cls = value.__class__
    fn = vars(cls).get("__call__")
    if not isinstance(fn, staticmethod) or id(fn.__func__) in _ORIGINAL_OF:
        return  # (already wrapped)
    inner = fn.__func__
    _patch("class", cls, "__call__", staticmethod(_make_wrapper(inner, value.__name__,
                                                                _is_inplace_name(value.__name__))))


def _patch_module_globals() -> None:
    """Replace every wrapped function held in the globals of a loaded ember module by its wrapper."""
    for modname, mod in list(sys.modules.items()):
        if mod is None or not (modname == "ember" or modname.startswith("ember.")):
            continue
        if modname in ("ember.autograd.forward_ad", "ember.autograd._forward_dispatch"):
            continue
        g = getattr(mod, "__dict__", None)
        if g is None:
            continue
        for name, value in list(g.items()):
            hit = _WRAPPER_OF.get(id(value))
            if hit is not None and hit[0] is value:
                _PATCHES.append(("module", mod, name, value))
                g[name] = hit[1]


def _wrap_custom_functions() -> None:
    """``Function.apply`` with dual inputs runs the class's ``jvp`` (PyTorch requires one)."""
    from .function import Function
    orig = vars(Function)["apply"].__func__

    def apply(cls, *args, **kwargs):
        if _FLAGS.busy or not _any_dual(args, kwargs):
            return orig(cls, *args, **kwargs)
        return _custom_apply(cls, orig, args, kwargs)
    _patch("class", Function, "apply", classmethod(apply))


class _JvpCtx:
    """The ``ctx`` a custom Function's ``jvp`` sees: ``saved_tensors`` are those of ``save_for_forward``."""

    def __init__(self, ctx) -> None:
        self._ctx = ctx

    @property
    def saved_tensors(self):
        return tuple(getattr(self._ctx, "_fw_saved", ()))

    def __getattr__(self, name):
        return getattr(self._ctx, name)


def _custom_apply(cls, orig, args, kwargs):
    """A custom Function on dual inputs: the primal as usual, tangents from ``cls.jvp``."""
    from .function import Function, FunctionCtx
    from .grad_mode import no_grad
    from ..ops.creation import zeros_like
    T = _tensor_cls()
    if not any("jvp" in vars(c) for c in cls.__mro__ if c is not Function and c is not object):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")
    with busy():
        result = orig(cls, *args, **kwargs)
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, T) and a._rg for a in args)
        with no_grad():
            if vars(cls).get("setup_context") is not None or any(
                    "setup_context" in vars(c) for c in cls.__mro__[1:] if c is not Function and c is not object):
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                cls.forward(ctx, *args, **kwargs)
            tangents = []
            for a in args:
                if isinstance(a, T):
                    t = _fw.get_tangent(a)
                    tangents.append(zeros_like(a) if t is None and a._data.dtype.kind in "fc" else t)
                else:
                    tangents.append(None)
            out_t = cls.jvp(_JvpCtx(ctx), *tangents)
    outs = result if isinstance(result, tuple) else (result,)
    touts = out_t if isinstance(out_t, tuple) else (out_t,)
    for o, t in zip(outs, touts):
        if isinstance(o, T) and isinstance(t, T) and o._data.dtype.kind in "fc":
            _fw.set_tangent(o, t)
    return result


def install() -> None:
    """Put the wrappers in place (once per level)."""
    if _FLAGS.installed:
        return
    _FLAGS.installed = True
    with busy():
        _wrap_tensor_class()
        _wrap_custom_functions()
        _WRAPPER_OF.update(_namespace_functions())
        _patch_module_globals()


def uninstall() -> None:
    """Restore every original function, including wrappers that modules imported since ``install``."""
    if not _FLAGS.installed:
        return
    for kind, owner, name, old in reversed(_PATCHES):
        if kind == "module":
            owner.__dict__[name] = old
        elif kind == "new":
            delattr(owner, name)
        else:
            setattr(owner, name, old)
    _PATCHES.clear()
    for modname, mod in list(sys.modules.items()):
        if mod is None or not (modname == "ember" or modname.startswith("ember.")):
            continue
        g = getattr(mod, "__dict__", None)
        if g is None:
            continue
        for name, value in list(g.items()):
            if value.__class__ is types.FunctionType and id(value) in _ORIGINAL_OF:
                orig = _ORIGINAL_OF[id(value)]
                if getattr(value, "__wrapped__", None) is orig:
                    g[name] = orig
    _WRAPPER_OF.clear()
    _FLAGS.installed = False


# --------------------------------------------------------------------------------- the dual call
def _map_tensors(tree, fn):
    """``tree`` (args: lists, tuples, dicts) with each tensor replaced by ``fn(tensor)``."""
    T = _tensor_cls()
    if isinstance(tree, T):
        return fn(tree)
    if tree.__class__ is list:
        return [_map_tensors(x, fn) for x in tree]
    if tree.__class__ is tuple:
        return tuple(_map_tensors(x, fn) for x in tree)
    if tree.__class__ is dict:
        return {k: _map_tensors(v, fn) for k, v in tree.items()}
    return tree


def _flat_tensors(tree, out: list) -> list:
    """The tensors in an op's result (tuples, lists, namedtuples, return types), in order."""
    T = _tensor_cls()
    if isinstance(tree, T):
        out.append(tree)
    elif isinstance(tree, (list, tuple)):
        for x in tree:
            _flat_tensors(x, out)
    elif isinstance(tree, dict):
        for x in tree.values():
            _flat_tensors(x, out)
    return out


class _Sandbox:
    """The sandbox copies of an op's tensor arguments, and the dual ones' tangents."""

    def __init__(self, grad_on: bool) -> None:
        self.grad_on = grad_on
        self.by_id = {}
        self.sources = []      # what the double vjp differentiates with respect to (one per dual input)
        self.tangents = []     # their tangents
        self.duals = []        # the real dual tensors, in the same order
        self.connected = False  # the sandbox graph reaches tensors that really require grad
        self.dual_nodes = set()   # ids of the ``grad_fn`` of the dual inputs' copies
        self.other_nodes = set()  # ids of the ``grad_fn`` of the other copies (where ``_reaches`` stops)

    def copy(self, t):
        hit = self.by_id.get(id(t))
        if hit is not None:
            return hit[1]
        tangent = _fw.get_tangent(t)
        if tangent is not None:
            if tangent._data.dtype.kind == "c" or t._data.dtype.kind == "c":
                raise NotImplementedError("ember's forward AD does not support complex dual tensors yet")
            if t._rg and self.grad_on:
                src = t.clone()
                self.connected = True
            else:
                src = t.detach().clone().requires_grad_()
            if tangent._rg:
                self.connected = True
            self.sources.append(src)
            self.tangents.append(tangent)
            self.duals.append(t)
            copy = src.clone()
            self.dual_nodes.add(id(copy.grad_fn))
        elif t._rg and self.grad_on:
            copy = t.clone()
            self.connected = True
            self.other_nodes.add(id(copy.grad_fn))
        else:
            copy = t.detach().clone()
        self.by_id[id(t)] = (t, copy)
        return copy


def _inplace_flag(fn, args, kwargs) -> bool:
    """Whether the call asks for ``inplace=True`` (keyword, or positional per ``fn``'s signature)."""
    if "inplace" in kwargs:
        return bool(kwargs["inplace"])
    pos = _INPLACE_POS.get(fn)
    if pos is None:
        try:
            params = list(inspect.signature(fn).parameters)
            pos = params.index("inplace") if "inplace" in params else -1
        except (TypeError, ValueError):
            pos = -1
        _INPLACE_POS[fn] = pos
    return 0 <= pos < len(args) and bool(args[pos])


_INPLACE_POS: dict = {}


def _base_name(fn, name: str) -> str:
    """The ATen op PyTorch names in its ``out=`` error (``torch.mul`` -> ``mul``)."""
    return getattr(fn, "__name__", name).strip("_")


def _generators(args, kwargs) -> list:
    """The random generators the op may draw from: the default one and any passed in."""
    from .. import _rng
    gens = [_rng.default_generator]
    for a in list(args) + list(kwargs.values()):
        impl = getattr(a, "_impl", None)
        if impl is not None and hasattr(impl, "get_state") and a.__class__.__name__ == "Generator":
            gens.append(impl)
    return gens


def _dual_call(fn, name, mutates_self, args, kwargs):
    """Run ``fn`` on arguments that include dual tensors: primal results as usual, plus tangents."""
    from .grad_mode import STATE, enable_grad
    T = _tensor_cls()
    with busy():
        mutated = []
        if (mutates_self or _inplace_flag(fn, args, kwargs)) and args and isinstance(args[0], T):
            mutated.append(0)
        out_arg = kwargs.get("out")
        if out_arg is not None:
            raise NotImplementedError(f"Trying to use forward AD with {_base_name(fn, name)}_out that does not "
                                      "support it because it is an out= function")
        box = _Sandbox(STATE.enabled)
        if mutated:  # the sandbox needs the values from before the real call changes them
            s_args, s_kwargs = _sandbox_arguments(box, args, kwargs)
        gens = _generators(args, kwargs)
        before = [g.get_state().copy() for g in gens]
        result = fn(*args, **kwargs)
        rule = _JVP_RULES.get(name) if not mutated else None
        if rule is not None and rule(args, kwargs, result):
            return result
        real_outs = _flat_tensors(result, [])
        targets = []  # (real tensor, sandbox tensor, mutated?)
        if mutated:
            targets.append((args[0], s_args[0], True))
        else:
            if not any(r._data.dtype.kind in "fc" for r in real_outs):
                return result  # comparisons, indices, Python values: nothing to differentiate
            s_args, s_kwargs = _sandbox_arguments(box, args, kwargs)
        after = [g.get_state().copy() for g in gens]
        for g, st in zip(gens, before):
            g.set_state(st)
        try:
            with enable_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                s_result = fn(*s_args, **s_kwargs)
        finally:
            for g, st in zip(gens, after):
                g.set_state(st)
        if not mutated:
            s_outs = _flat_tensors(s_result, [])
            if len(s_outs) != len(real_outs):
                raise NotImplementedError(f"ember's forward AD cannot follow the outputs of {name}")
            targets.extend((r, s, False) for r, s in zip(real_outs, s_outs))
        _attach_tangents(targets, box, name)
    return result


# ------------------------------------------------------------------------------ PyTorch's own jvp formulas
# For a few ops PyTorch's forward formula is not the transpose of its backward: the backward of an op that
# reads only part of a symmetric input returns a symmetrised gradient, while the forward formula applies to
# the whole (unsymmetric) tangent, as ``jacfwd``/``jvp``/``hessian`` show.  These rules compute those
# formulas directly; each returns False (the double-vjp path runs) when the call is not the case it covers.
def _matrix_tangent(args, kwargs, key):
    """The primal matrix argument (first positional, or keyword ``key``) and its tangent."""
    A = args[0] if args else kwargs.get(key)
    if A is None or not hasattr(A, "_ext"):
        return None, None
    return A, _fw.get_tangent(A)


def _cholesky_rule(args, kwargs, result) -> bool:
    """PyTorch's ``cholesky_jvp``: ``dL = L Phi(L^-1 dA L^-H)``, ``Phi`` the lower triangle with its
    diagonal halved (``linalg.cholesky`` / ``linalg.cholesky_ex``; ``upper`` transposes)."""
    from .. import linalg
    A, dA = _matrix_tangent(args, kwargs, "A")
    if dA is None or dA._data.dtype.kind == "c" or A._data.dtype.kind == "c":
        return False
    upper = kwargs.get("upper", False)
    L = result[0] if isinstance(result, tuple) else result
    L_ = L.mH if upper else L
    dL = linalg.solve_triangular(L_, dA, upper=False, left=True)
    dL = linalg.solve_triangular(L_.mH, dL, upper=True, left=False)
    dL = dL.tril() - dL.diagonal(0, -2, -1).mul(0.5).diag_embed()
    dL = L_.matmul(dL)
    _fw.set_tangent(L, dL.mH if upper else dL)
    return True


def _eigh_rule(args, kwargs, result) -> bool:
    """PyTorch's ``linalg_eig_jvp`` (hermitian): ``dP = V^H dA V``, ``dL = diag(dP)``,
    ``dV = V (dP / (L_j - L_i))`` with a zero diagonal (for the default ``UPLO='L'``)."""
    A, dA = _matrix_tangent(args, kwargs, "A")
    uplo = args[1] if len(args) > 1 else kwargs.get("UPLO", "L")
    if dA is None or uplo != "L" or dA._data.dtype.kind == "c" or A._data.dtype.kind == "c":
        return False
    from ..ops.creation import zeros_like
    L, V = result
    dP = V.mH.matmul(dA).matmul(V)
    ratio = dP / (L.unsqueeze(-2) - L.unsqueeze(-1))
    eye = zeros_like(ratio, dtype=_bool_dtype())
    eye.diagonal(0, -2, -1).fill_(True)
    dX = ratio.masked_fill(eye, 0.0)
    _fw.set_tangent(L, dP.diagonal(0, -2, -1).clone())
    _fw.set_tangent(V, V.matmul(dX))
    return True


def _bool_dtype():
    from .. import bool as _b
    return _b


def no_forward_ad_error(op: str) -> NotImplementedError:
    """PyTorch's error for an op whose derivatives.yaml entry has no forward formula."""
    return NotImplementedError(
        f"Trying to use forward AD with {op} that does not support it because it has not been implemented yet.\n"
        "Please file an issue to PyTorch at https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml "
        "so that we can prioritize its implementation or submit a PR adding the implementation to derivatives.yaml")


def _legacy_cholesky_rule(args, kwargs, result) -> bool:
    """``torch.cholesky`` (deprecated) has no forward formula in PyTorch."""
    raise no_forward_ad_error("cholesky")


_JVP_RULES = {"_linalg_cholesky": _cholesky_rule, "_cholesky_ex": _cholesky_rule, "_eigh": _eigh_rule,
              "cholesky": _legacy_cholesky_rule}


def _sandbox_arguments(box, args, kwargs):
    """The sandbox copies of ``args`` and ``kwargs`` (made with grad mode on)."""
    from .grad_mode import enable_grad
    with enable_grad():
        return _map_tensors(list(args), box.copy), _map_tensors(kwargs, box.copy)


def _attach_tangents(targets, box, name) -> None:
    """Compute ``J v`` for each target's sandbox tensor and give it to the real tensor."""
    live = [(r, s, m) for r, s, m in targets
            if r._data.dtype.kind in "fc" and s._rg and s._data.shape == r._data.shape]
    for r, s, m in targets:
        if m and (r, s, m) not in live and r._data.dtype.kind in "fc":
            _update_inplace(r, None)  # ``fill_``, ``zero_``...: nothing flows in, the tangent becomes zero
    if not live:
        return
    tangents = _jvp([s for _r, s, _m in live], box, name)
    tangents = _in_tangent_dtype(tangents, box)
    for (r, s, m), t in zip(live, tangents):
        if m:
            _update_inplace(r, t)
            continue
        if t is None:
            continue
        view = _view_tangent(r, box)
        _fw.set_tangent(r, t if view is None else view)


# ------------------------------------------------------------------------------ the double vjp
def _dummy_cotangent(o):
    """A fixed, nowhere-zero cotangent ``u`` shaped like ``o`` that requires grad."""
    from .._tensor import _make
    n = int(o._data.size)
    vals = 1.25 + np.sin(np.arange(n, dtype=np.float64) * 0.7 + 0.3)
    u = _make(vals.astype(o._data.dtype).reshape(o._data.shape))
    u._rg = True
    return u


def _reaches(o, box) -> bool:
    """Whether ``o``'s graph reaches the sandbox copy of a dual input.

    The walk stops at the copies of the other arguments, so it never wanders into the history of
    tensors that really require grad."""
    fn = o.grad_fn
    if fn is None:
        return False
    seen = set()
    stack = [fn]
    while stack:
        node = stack.pop()
        if id(node) in box.dual_nodes:
            return True
        if id(node) in seen or id(node) in box.other_nodes:
            continue
        seen.add(id(node))
        for e in node._edges:
            if e is not None and not e[0]._is_leaf_target:
                stack.append(e[0])
    return False


def _jvp(outs, box, name) -> list:
    """``J v`` for each sandbox output (None where it does not depend on a dual input)."""
    from . import grad as agrad
    if not box.sources:
        return [None] * len(outs)
    us = [_dummy_cotangent(o) for o in outs]
    gs = agrad(outs, box.sources, us, create_graph=True, allow_unused=True)
    pairs = [(g, v) for g, v in zip(gs, box.tangents) if g is not None]
    if not pairs:
        return [None] * len(outs)
    dep = [(g, v) for g, v in pairs if g._rg]
    if dep:
        vs = [v if v._data.dtype == g._data.dtype else v.to(g.dtype) for g, v in dep]
        ts = agrad([g for g, _v in dep], us, vs, create_graph=box.connected, allow_unused=True)
    else:
        ts = [None] * len(us)
    _check_consistency(pairs, us, ts, name)
    from ..ops.creation import zeros_like
    res = []
    for o, t in zip(outs, ts):
        if t is not None and _aliases_any(t, box.tangents):
            t = t.clone()  # a rule passed a tangent through (clone, views): the result must be its own
        if len(outs) > 1 and not _reaches(o, box):
            res.append(None)
        elif t is None:
            res.append(zeros_like(o).detach())
        else:
            res.append(t if box.connected else t.detach())
    return res


def _aliases_any(t, tensors) -> bool:
    d = t._data
    if d.__class__ is not np.ndarray:
        return any(t is x for x in tensors)
    for x in tensors:
        if t is x or (x._data.__class__ is np.ndarray and np.shares_memory(d, x._data)):
            return True
    return False


def _np(t) -> np.ndarray:
    from ..backend import device as _dev
    return np.asarray(_dev.to_numpy(t._data), dtype=np.float64)


def _check_consistency(pairs, us, ts, name) -> None:
    """``<J^T u, v> == <u, J v>``: else a backward rule on the path is not differentiable in its
    incoming gradient, and the tangent would be wrong."""
    lhs = 0.0
    scale = 0.0
    loose = False
    for g, v in pairs:
        ga, va = _np(g), _np(v)
        lhs += float(np.sum(ga * va))
        scale += float(np.sum(np.abs(ga) * np.abs(va)))
        loose = loose or g._data.dtype != np.float64
    rhs = 0.0
    for u, t in zip(us, ts):
        if t is None:
            continue
        ua, ta = _np(u), _np(t)
        rhs += float(np.sum(ua * ta))
        scale += float(np.sum(np.abs(ua) * np.abs(ta)))
        loose = loose or t._data.dtype != np.float64
    if not (np.isfinite(lhs) and np.isfinite(rhs)):
        return
    tol = 1e-3 if loose else 1e-9
    if abs(lhs - rhs) > tol * scale + 1e-30:
        raise NotImplementedError(
            f"ember's forward AD cannot compute the tangent of {name}: the backward rule of an op it uses is "
            "not differentiable (forward AD derives tangents from double backward)")


# ------------------------------------------------------------------------------ views and in-place
def _root(t):
    return t if t._base is None else t._base


def _elem_layout(arr):
    """(element strides, data pointer) of an ndarray, or None when strides are not whole elements."""
    size = arr.itemsize
    st = []
    for s in arr.strides:
        if s % size:
            return None
        st.append(s // size)
    return tuple(st), arr.__array_interface__["data"][0]


def _view_into(r_arr, x_arr, t_arr):
    """The part of ``t_arr`` (``x_arr``'s tangent) laid out as ``r_arr`` lies in ``x_arr``, or None."""
    if r_arr.dtype != x_arr.dtype or x_arr.shape != t_arr.shape:
        return None
    xl, tl, rl = _elem_layout(x_arr), _elem_layout(t_arr), _elem_layout(r_arr)
    if xl is None or tl is None or rl is None:
        return None
    for n, a, b in zip(x_arr.shape, xl[0], tl[0]):
        if n > 1 and a != b:
            return None
    lo, hi = np.lib.array_utils.byte_bounds(x_arr) if hasattr(np.lib, "array_utils") else np.byte_bounds(x_arr)
    rlo, rhi = np.lib.array_utils.byte_bounds(r_arr) if hasattr(np.lib, "array_utils") else np.byte_bounds(r_arr)
    if rlo < lo or rhi > hi:
        return None
    diff = rl[1] - xl[1]
    if diff % x_arr.itemsize:
        return None
    offset = diff // x_arr.itemsize
    base = t_arr
    while isinstance(base.base, np.ndarray):
        base = base.base
    start = tl[1] + offset * t_arr.itemsize - base.__array_interface__["data"][0]
    try:
        return np.ndarray(r_arr.shape, t_arr.dtype, buffer=base, offset=start,
                          strides=tuple(s * t_arr.itemsize for s in rl[0]))
    except (TypeError, ValueError):
        return None


def _view_tangent(r, box):
    """When ``r`` is ``x`` or a view of a dual input ``x``, the same view of ``x``'s tangent."""
    from .._tensor import _make
    if r._data.__class__ is not np.ndarray:
        return None
    for x, tangent in zip(box.duals, box.tangents):
        if r is x:
            return tangent
        if tangent._rg or r._base is None or _root(r) is not _root(x):
            continue
        xd, td = x._materialize(), tangent._materialize()
        if xd.__class__ is not np.ndarray or td.__class__ is not np.ndarray:
            continue
        arr = _view_into(r._data, xd, td)
        if arr is not None:
            view = _make(arr)
            view._base = _root(tangent)
            view._vc = tangent._shared_vc()
            return view
    return None


def _in_tangent_dtype(tangents, box) -> list:
    """PyTorch computes tangents in the tangents' own dtype: a float64 tangent of a float32 primal
    gives float64 output tangents.  (The double vjp runs in the primal dtype; the result is cast.)"""
    if all(v._data.dtype == x._data.dtype for v, x in zip(box.tangents, box.duals)):
        return tangents
    res = []
    for t in tangents:
        if t is None:
            res.append(t)
            continue
        dt = np.result_type(t._data.dtype, *[v._data.dtype for v in box.tangents])
        res.append(t if dt == t._data.dtype else t.to(_ember_dtype(dt)))
    return res


def _ember_dtype(np_dtype):
    from .. import _dtype as D
    return D.from_numpy_dtype(np.dtype(np_dtype))


def _update_inplace(x, new) -> None:
    """``x`` was changed in place; its tangent becomes ``new`` (None: no tangent flows into it).

    As in PyTorch the existing tangent is updated in place, and a view's update also lands in its
    base's tangent (the base gets a zero tangent first if it has none); ``make_dual``'s own result
    is the exception: its base does not become dual.
    """
    from ..ops.creation import zeros_like
    old = _fw.get_tangent(x)
    if new is None:
        if old is None:
            return
        new = zeros_like(x).detach()
    if old is not None and not old._rg and not new._rg and old._data.shape == new._data.shape:
        _write(old, new)
        return
    base = x._base
    if base is None or _fw.is_dual_root(x) or base._data.dtype.kind not in "fc" or new._rg:
        _fw.set_tangent(x, new)
        return
    tb = _fw.get_tangent(base)
    if tb is None:
        tb = zeros_like(base).detach()
        _fw.set_tangent(base, tb)
    arr = _view_into(x._materialize(), base._materialize(), tb._materialize())
    if arr is None:
        raise NotImplementedError("ember's forward AD cannot update the tangent of this view's base in place")
    from .._tensor import _make
    view = _make(arr)
    view._base = _root(tb)
    view._vc = tb._shared_vc()
    _write(view, new)
    _fw.set_tangent(x, view)


def _write(dst, src) -> None:
    """Copy ``src``'s values into the tangent ``dst`` in place."""
    from .grad_mode import no_grad
    with no_grad():
        dst.copy_(src)
