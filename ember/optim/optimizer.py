"""``torch.optim.Optimizer``: parameter groups, per-parameter state, hooks and
state dicts, plus the NumPy kernels every optimizer's update is built from.

Updates follow PyTorch's single-tensor ("for-loop") implementations operation
by operation, on the parameters' storage in place (``p._data``) with NumPy
``out=`` arithmetic.  PyTorch's CPU kernels compute ``a + alpha * b``
(``add(alpha=)``), ``addcmul`` and ``lerp`` with a fused multiply-add (one
rounding); for float32 (and float16) we reproduce that exactly by evaluating
the product and the sum in float64 (the product of two float32 numbers is
exact there) and rounding once.  Everything else (``mul``, ``div``, ``addcdiv``,
``maximum``) rounds per operation as PyTorch does.
"""
from __future__ import annotations

import functools
import warnings
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from copy import deepcopy
from itertools import chain
from typing import Callable, Optional

import numpy as np

from .._tensor import Tensor, _make
from ..backend import blas as _blas
from ..backend.fma import fma64 as _fma64
from ..backend.scratch import scratch
from ..autograd.grad_mode import STATE as _GRAD

__all__ = ["Optimizer", "register_optimizer_step_pre_hook", "register_optimizer_step_post_hook", "required"]

_ndarray = np.ndarray
_generic = np.generic


# --------------------------------------------------------------------------- helpers
class _RequiredParameter:
    """Singleton class representing a required parameter for an Optimizer."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


class RemovableHandle:
    """``torch.utils.hooks.RemovableHandle``: removes a hook from its dict."""

    next_id = 0

    def __init__(self, hooks_dict: dict) -> None:
        import weakref
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1

    def remove(self) -> None:
        d = self.hooks_dict_ref()
        if d is not None and self.id in d:
            del d[self.id]

    def __enter__(self) -> "RemovableHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


_global_optimizer_pre_hooks: "OrderedDict[int, Callable]" = OrderedDict()
_global_optimizer_post_hooks: "OrderedDict[int, Callable]" = OrderedDict()


def register_optimizer_step_pre_hook(hook: Callable) -> RemovableHandle:
    """Register a pre hook common to all optimizers: ``hook(optimizer, args, kwargs)``."""
    handle = RemovableHandle(_global_optimizer_pre_hooks)
    _global_optimizer_pre_hooks[handle.id] = hook
    return handle


def register_optimizer_step_post_hook(hook: Callable) -> RemovableHandle:
    """Register a post hook common to all optimizers: ``hook(optimizer, args, kwargs)``."""
    handle = RemovableHandle(_global_optimizer_post_hooks)
    _global_optimizer_post_hooks[handle.id] = hook
    return handle


def _typename(obj) -> str:
    """``torch.typename`` (one implementation: ``ember.ops.toplevel_ext.typename``)."""
    from ..ops.toplevel_ext import typename as _impl
    return _impl(obj)


def _get_scalar_dtype(is_fused=None):
    """dtype of ``state['step']``: float32, or float64 under a float64 default dtype."""
    from .. import _dtype as D
    if is_fused:
        return D.float32
    return D.float64 if D.get_default_dtype() == D.float64 else D.float32


def _upgrade_steps_to_tensors(optimizer, group) -> None:
    """``__setstate__`` helper: old state dicts stored ``step`` as a number; PyTorch upgrades it to a tensor."""
    from ..ops.creation import tensor
    for p in group["params"]:
        p_state = optimizer.state.get(p, [])
        if len(p_state) != 0 and not isinstance(p_state["step"], Tensor):
            p_state["step"] = tensor(float(p_state["step"]), dtype=_get_scalar_dtype())


def _eval_closure(closure):
    """Run ``step``'s closure with grad enabled (steps themselves run under no_grad)."""
    if closure is None:
        return None
    from ..autograd.grad_mode import enable_grad
    with enable_grad():
        return closure()


def _to_scalar(x):
    """A hyperparameter as a Python number (1-element tensors are read out)."""
    if isinstance(x, Tensor):
        return x.item()
    return x


def _to_hyper(x):
    """A hyperparameter as PyTorch's single-tensor optimizers hold it (``_to_scalar``): a Python number, or a
    0-d tensor.  Arithmetic on a tensor one (``lr / bias_correction``, ``1 - lr * weight_decay``) then runs as
    tensor ops in the tensor's dtype, which rounds differently from Python's doubles; pass the results to the
    kernels through ``float()``."""
    if isinstance(x, Tensor) and x.dim() != 0:
        return x.squeeze()
    return x


def _get_value(x):
    return x.item() if isinstance(x, Tensor) else x


def _use_grad_for_differentiable(func):
    """Run ``step`` with grad mode set to ``defaults['differentiable']`` (False)."""

    @functools.wraps(func)
    def _use_grad(*args, **kwargs):
        self = args[0]  # as in PyTorch: a step pre-hook that drops ``self`` gets an IndexError here
        prev = _GRAD.enabled
        try:
            _GRAD.enabled = bool(self.defaults.get("differentiable", False))
            return func(*args, **kwargs)
        finally:
            _GRAD.enabled = prev

    return _use_grad


def _check_not_differentiable(group) -> None:
    if group.get("differentiable", False):
        raise NotImplementedError("ember.optim: differentiable=True is not supported")


def _check_capturable(group, name_extra: str = "params and state_steps", supports_xla: bool = True) -> None:
    """PyTorch's capturable check: graph-capturable state must live on an accelerator."""
    if group.get("capturable", False):
        devices = ["cuda", "xpu", "hpu", "privateuseone"] + (["xla"] if supports_xla else [])
        for p in group["params"]:
            if p._grad is not None and not p.is_cuda:
                raise AssertionError(f"If capturable=True, {name_extra} must be on supported devices: {devices}.")


def _device_dtype_check_for_fused(p: Tensor, cuda_unsupported: bool = False) -> None:
    supported = ["mps", "cuda", "xpu", "hpu", "cpu", "mtia", "privateuseone"]
    if cuda_unsupported:
        supported.remove("cuda")
    if not (p.device.type in supported and p.is_floating_point()):
        raise RuntimeError(
            "`fused=True` requires all the params to be floating point Tensors of "
            f"supported devices: {supported} but {p.dtype} and {p.device.type}"
        )


# --------------------------------------------------------------------------- kernels
def _scratch(shape, dtype, slot: int = 0) -> np.ndarray:
    """A work buffer reused across steps (per thread, dtype and ``slot``): a step allocates
    nothing proportional to the parameter size."""
    return scratch(shape, dtype, ("optim", slot))


def _storage(t: Tensor):
    """``t``'s storage as an array that can be written in place."""
    d = t._data
    if d.__class__ is not _ndarray and isinstance(d, _generic):
        d = t._materialize()
    return d


def _read(t: Tensor):
    """``t``'s storage for reading (a 0-d array for held scalars)."""
    d = t._data
    if d.__class__ is not _ndarray:
        if isinstance(d, _generic):
            return np.asarray(d)
        if getattr(d, "is_sparse_coo", False):  # a sparse COO gradient: the optimizer's refusal (ember/sparse)
            from ..sparse._optim import dense_or_refuse
            return dense_or_refuse(d)
    return d


def _real(a):
    """A real view of a complex array (``torch.view_as_real`` flattened); others unchanged."""
    if a.dtype.kind == "c":
        return a.reshape(-1).view(a.real.dtype)
    return a


def _is_np(a) -> bool:
    return a.__class__ is _ndarray


def _fused(a) -> bool:
    """Whether ``a`` gets the exact fused-multiply-add emulation (NumPy float32/float16)."""
    return a.__class__ is _ndarray and a.dtype.itemsize <= 4 and a.dtype.kind == "f"


def _sc(x, like):
    """A Python scalar rounded to ``like``'s dtype (PyTorch casts scalars to the op dtype)."""
    return like.dtype.type(x)


# float64 arrays up to this size get an exactly rounded fused multiply-add (an
# error-free emulation costing ~25 NumPy passes); larger ones round twice.
_FMA64_EXACT_MAX = 1 << 14


def fma_(out, a, b, c):
    """``out = a * b + c`` rounded once (PyTorch's vectorised ``fmadd``).

    ``a``, ``b``, ``c`` are arrays of ``out``'s dtype or scalars already rounded
    to it; ``out`` may alias ``c`` (or ``a``/``b``).
    """
    if b.__class__ is out.dtype.type and _axpy_ok(out, a, c):
        if c is not out:
            np.copyto(out, c)
        done = _blas.axpy(b, a, out)
        if done == out.size:
            return out
        if done:  # the BLAS fused whole blocks; the few elements left take the NumPy path
            fo, fa = out.reshape(-1)[done:], a.reshape(-1)[done:]
            fma_(fo, fa, b, fo)
            return out
    if _fused(out):
        tmp = _scratch(out.shape, np.float64, 9)
        np.multiply(a, b, out=tmp, dtype=np.float64)
        np.add(tmp, c, out=tmp, dtype=np.float64)
        np.copyto(out, tmp, casting="unsafe")
    elif _is_np(out):
        if out.dtype == np.float64 and out.size <= _FMA64_EXACT_MAX:
            out[...] = _fma64(a, b, c)
            return out
        tmp = _scratch(out.shape, out.dtype, 8)
        np.multiply(a, b, out=tmp)
        np.add(tmp, c, out=out)
    else:  # CuPy and friends
        out[...] = a * b + c
    return out


def _axpy_ok(out, a, c) -> bool:
    """Whether ``out = a * scalar + c`` can go to ``backend.blas.axpy``.

    Needs C-contiguous NumPy float32/float64 arrays of one dtype and size, and ``c``
    either ``out`` or an array of its shape (copied into ``out`` first, so then ``a``
    must not overlap ``out``).  With ``c is out`` the BLAS call checks the overlap
    itself and does nothing if ``a`` partly overlaps ``out``.
    """
    if out.__class__ is not _ndarray or a.__class__ is not _ndarray or out.size < 16:
        return False
    if out.dtype.char not in "fd" or a.dtype != out.dtype or a.size != out.size:
        return False
    if not (out.flags.c_contiguous and a.flags.c_contiguous):
        return False
    if c is out:  # nothing is written before the BLAS call, which itself refuses overlapping operands
        return True
    if a is not out and np.may_share_memory(a, out):
        return False
    return c.__class__ is _ndarray and c.shape == out.shape


def add_(x, y, alpha=1.0):
    """``x.add_(y, alpha=alpha)`` in place on arrays."""
    if alpha == 1:
        np.add(x, y, out=x)
        return x
    return fma_(x, y, _sc(alpha, x), x)


def added(x, y, alpha=1.0, slot: int = 1):
    """``x.add(y, alpha=alpha)`` into a scratch buffer (``slot``)."""
    out = _scratch(x.shape, x.dtype, slot) if _is_np(x) else x.copy()
    if alpha == 1:
        return np.add(x, y, out=out)
    return fma_(out, y, _sc(alpha, x), x)


_BLAS_MOMENTUM_MIN = 1 << 15


def momentum_(buf, g, momentum, dampening=0.0):
    """``buf.mul_(momentum).add_(g, alpha=1 - dampening)`` in place (SGD's momentum buffer).

    With no dampening, on large buffers, this is one pass through the BLAS
    (``backend.blas.scale_add``) where that is bit-identical; otherwise, and for the
    leftover elements, two NumPy passes (the same two roundings).  Below ``_BLAS_MOMENTUM_MIN``
    elements the two NumPy calls cost less than one call through ctypes (a 256-element bias:
    1.2 against 4.9 us).
    """
    if dampening == 0 and buf.size >= _BLAS_MOMENTUM_MIN and _axpy_ok(buf, g, buf):
        m = _sc(momentum, buf)
        done = _blas.scale_add(buf, m, g)
        if done == buf.size:
            return buf
        if done:
            rest, grest = buf.reshape(-1)[done:], g.reshape(-1)[done:]
            np.multiply(rest, m, out=rest)
            np.add(rest, grest, out=rest)
            return buf
    mul_(buf, momentum)
    return add_(buf, g, 1 - dampening)


def mul_(x, s):
    np.multiply(x, _sc(s, x), out=x)
    return x


def addcmul_(x, t1, t2, value=1.0):
    """``x.addcmul_(t1, t2, value=value)``: ``x + (value * t1) * t2`` with one fused rounding."""
    if value == 1:
        return fma_(x, t1, t2, x)
    if _is_np(x):
        tmp = _scratch(x.shape, x.dtype, 7)
        np.multiply(t1, _sc(value, x), out=tmp)
        return fma_(x, tmp, t2, x)
    return fma_(x, t1 * _sc(value, x), t2, x)


def addcdiv_(x, t1, t2, value=1.0, slot: int = 7):
    """``x.addcdiv_(t1, t2, value=value)``: ``x + (value * t1) / t2`` (separately rounded)."""
    if _is_np(x):
        tmp = _scratch(x.shape, x.dtype, slot)
        if value == 1:
            np.divide(t1, t2, out=tmp)
        else:
            np.multiply(t1, _sc(value, x), out=tmp)
            np.divide(tmp, t2, out=tmp)
        np.add(x, tmp, out=x)
    else:
        x += (t1 * _sc(value, x)) / t2
    return x


def lerp_(x, end, weight):
    """``x.lerp_(end, weight)`` with a scalar weight (PyTorch's two-sided formula)."""
    w = _sc(weight, x)
    if _is_np(x):
        diff = _scratch(x.shape, x.dtype, 6)
        np.subtract(end, x, out=diff)
    else:
        diff = end - x
    if abs(float(w)) < 0.5:
        return fma_(x, diff, w, x)
    one_minus = x.dtype.type(1) - w
    np.negative(diff, out=diff)
    return fma_(x, diff, one_minus, end)


def sqrt(x, out=None):
    """Element-wise square root used by every optimizer (one place to swap the kernel).

    Note: PyTorch's CPU ``sqrt`` goes through MKL VML, which is not correctly
    rounded (about 1 in 5 float32 results differ from IEEE ``sqrt`` by one
    ulp); NumPy's is.  This is the only source of last-bit differences between
    ember's and PyTorch's optimizer updates.
    """
    return np.sqrt(x, out=out)


def zeros_like_data(p: Tensor) -> Tensor:
    return _make(np.zeros_like(p._data))


def scalar_tensor(value: float, dtype) -> Tensor:
    return _make(dtype.np.type(value))


def inc_(t: Tensor, by: float = 1.0) -> float:
    """``t += by`` on a 0-d state tensor; returns the new value as a Python float."""
    d = t._data
    if d.__class__ is _ndarray:
        np.add(d, d.dtype.type(by), out=d)
        t._bump_version()
        return float(d)
    if isinstance(d, _generic):
        t._data = d + d.dtype.type(by)
        return float(t._data)
    t._data = d + by
    return float(t._data)


# --------------------------------------------------------------------------- Optimizer
class Optimizer:
    r"""Base class for all optimizers (``torch.optim.Optimizer``).

    Args:
        params (iterable): an iterable of :class:`Tensor` s, of ``(name, Tensor)``
            pairs, or of :class:`dict` s defining parameter groups.
        defaults: (dict): default values of optimization options (used when a
            parameter group doesn't specify them).
    """

    def __init__(self, params, defaults: dict) -> None:
        self.defaults = defaults
        self._optimizer_step_pre_hooks = OrderedDict()
        self._optimizer_step_post_hooks = OrderedDict()
        self._optimizer_state_dict_pre_hooks = OrderedDict()
        self._optimizer_state_dict_post_hooks = OrderedDict()
        self._optimizer_load_state_dict_pre_hooks = OrderedDict()
        self._optimizer_load_state_dict_post_hooks = OrderedDict()
        self._patch_step_function()

        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be "
                "an iterable of Tensors or dicts, but got " + _typename(params)
            )

        self.state: defaultdict = defaultdict(dict)
        self.param_groups: list = []

        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]

        for param_group in param_groups:
            self.add_param_group(param_group)

        self._warned_capturable_if_run_uncaptured = True

    # ------------------------------------------------------------- pickling
    def __getstate__(self) -> dict:
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        for name in ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks", "_optimizer_state_dict_pre_hooks",
                     "_optimizer_state_dict_post_hooks", "_optimizer_load_state_dict_pre_hooks",
                     "_optimizer_load_state_dict_post_hooks"):
            if name not in self.__dict__:
                setattr(self, name, OrderedDict())
        self._patch_step_function()
        self.defaults.setdefault("differentiable", False)

    def __repr__(self) -> str:
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    # ---------------------------------------------------------------- hooks
    def _accelerator_graph_capture_health_check(self) -> None:
        """No CUDA graphs in ember: nothing to check."""

    _cuda_graph_capture_health_check = _accelerator_graph_capture_health_check

    def _optimizer_step_code(self) -> None:
        """Entry point for profilers (no-op)."""

    @staticmethod
    def profile_hook_step(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            self, *_ = args
            for pre_hook in chain(_global_optimizer_pre_hooks.values(), self._optimizer_step_pre_hooks.values()):
                result = pre_hook(self, args, kwargs)
                if result is not None:
                    if isinstance(result, tuple) and len(result) == 2:
                        args, kwargs = result
                    else:
                        raise RuntimeError(
                            f"{func} must return None or a tuple of (new_args, new_kwargs), but got {result}."
                        )
            out = func(*args, **kwargs)
            self._optimizer_step_code()
            for post_hook in chain(self._optimizer_step_post_hooks.values(), _global_optimizer_post_hooks.values()):
                post_hook(self, args, kwargs)
            return out

        return wrapper

    def _patch_step_function(self) -> None:
        self._zero_grad_profile_name = f"Optimizer.zero_grad#{self.__class__.__name__}.zero_grad"
        hooked = getattr(self.__class__.step, "hooked", None)
        if not hooked:
            self.__class__.step = self.profile_hook_step(self.__class__.step)
            self.__class__.step.hooked = True

    def register_step_pre_hook(self, hook: Callable) -> RemovableHandle:
        handle = RemovableHandle(self._optimizer_step_pre_hooks)
        self._optimizer_step_pre_hooks[handle.id] = hook
        return handle

    def register_step_post_hook(self, hook: Callable) -> RemovableHandle:
        handle = RemovableHandle(self._optimizer_step_post_hooks)
        self._optimizer_step_post_hooks[handle.id] = hook
        return handle

    def _register(self, hooks: OrderedDict, hook: Callable, prepend: bool) -> RemovableHandle:
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_state_dict_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        return self._register(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        return self._register(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        return self._register(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        return self._register(self._optimizer_load_state_dict_post_hooks, hook, prepend)

    # ---------------------------------------------------------- state dicts
    def state_dict(self) -> dict:
        """The optimizer state: ``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}``."""
        for pre_hook in self._optimizer_state_dict_pre_hooks.values():
            pre_hook(self)

        param_mappings: dict = {}
        start_index = 0

        def pack_group(group: dict) -> dict:
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            param_mappings.update(
                {id(p): i for i, p in enumerate(group["params"], start_index) if id(p) not in param_mappings}
            )
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {
            (param_mappings[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()
        }
        state_dict = {"state": packed_state, "param_groups": param_groups}

        for post_hook in self._optimizer_state_dict_post_hooks.values():
            hook_result = post_hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result
        return state_dict

    @staticmethod
    def _process_value_according_to_param_policy(param, value, param_id, param_groups, key=None):
        fused = False
        capturable = False
        if param_groups is None:
            raise AssertionError("Expected param_groups to be set")
        for pg in param_groups:
            if param_id in pg["params"]:
                fused = pg.get("fused", False)
                capturable = pg.get("capturable", False)
                break
        if key == "step":
            if capturable or fused:
                from .. import _dtype as D
                return value.to(dtype=D.float32, device=param.device)
            return value
        if param.is_floating_point():
            return value.to(dtype=param.dtype, device=param.device)
        return value.to(device=param.device)

    def load_state_dict(self, state_dict: dict) -> None:
        """Load an optimizer state (as returned by :meth:`state_dict`)."""
        state_dict = state_dict.copy()
        for pre_hook in self._optimizer_load_state_dict_pre_hooks.values():
            hook_result = pre_hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result

        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])

        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        param_lens = (len(g["params"]) for g in groups)
        saved_lens = (len(g["params"]) for g in saved_groups)
        if any(p_len != s_len for p_len, s_len in zip(param_lens, saved_lens)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of optimizer's group"
            )

        id_map = dict(
            zip(chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in groups))
        )

        def _cast(param, value, param_id=None, param_groups=None, key=None):
            if isinstance(value, Tensor):
                return Optimizer._process_value_according_to_param_policy(param, value, param_id, param_groups, key)
            if isinstance(value, dict):
                return {k: _cast(param, v, param_id=param_id, param_groups=param_groups, key=k)
                        for k, v in value.items()}
            if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
                return type(value)(_cast(param, v, param_id=param_id, param_groups=param_groups) for v in value)
            return value

        state: defaultdict = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = _cast(param, v, param_id=k, param_groups=state_dict["param_groups"])
            else:
                state[k] = v

        def update_group(group: dict, new_group: dict) -> dict:
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})

        for post_hook in self._optimizer_load_state_dict_post_hooks.values():
            post_hook(self)

    # ------------------------------------------------------------ grads
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all optimized tensors (to ``None`` by default)."""
        for group in self.param_groups:
            for p in group["params"]:
                g = p._grad
                if g is not None:
                    if set_to_none:
                        p._grad = None
                    else:
                        if g.grad_fn is not None:
                            g.detach_()
                        else:
                            g.requires_grad_(False)
                        d = g._data
                        if d.__class__ is _ndarray and d.flags.writeable:
                            d.fill(0)
                            g._bump_version()
                        else:
                            g.zero_()

    def step(self, closure: Optional[Callable] = None):
        """Perform a single optimization step (to be overridden)."""
        raise NotImplementedError

    def add_param_group(self, param_group: dict) -> None:
        """Add a param group to the optimizer's ``param_groups``."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")

        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but "
                "the ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            param_group["params"] = list(params)

        extracted_param_tensors = []
        extracted_param_names = []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                extracted_param_names.append(param[0])
                extracted_param_tensors.append(param[1])
            else:
                extracted_param_tensors.append(param)

        param_group["params"] = extracted_param_tensors
        if len(extracted_param_names) != 0:
            if len(extracted_param_names) == len(extracted_param_tensors):
                param_group["param_names"] = extracted_param_names
            else:
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are missing"
                )

        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is " + _typename(param)
                )
            if not self.defaults.get("differentiable", None) and not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    f"parameter group didn't specify a value of required optimization parameter {name}"
                )
            param_group.setdefault(name, default)

        params = param_group["params"]
        if len(params) != len(set(params)):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; "
                "in future, this will cause an error; "
                "see github.com/pytorch/pytorch/issues/40967 for more information",
                stacklevel=3,
            )

        param_set: set = set()
        for group in self.param_groups:
            param_set.update(set(group["params"]))
            if ("param_names" in param_group) != ("param_names" in group):
                current_group_txt = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {current_group_txt} to the optimizer"
                )

        if not param_set.isdisjoint(set(param_group["params"])):
            raise ValueError("some parameters appear in more than one parameter group")

        self.param_groups.append(param_group)
