"""Lazy modules: ``LazyModuleMixin`` and the ``Lazy*`` layers (``torch.nn.modules.lazy`` & co).

Mirrors PyTorch 2.13: parameters start as ``UninitializedParameter`` (buffers
``UninitializedBuffer``); a forward pre-hook (``_infer_parameters``) calls
``initialize_parameters(*args)`` on the first call, which materialises them
from the input's shape and runs the regular ``reset_parameters`` (same RNG
draws as the non-lazy layer), then swaps ``__class__`` to ``cls_to_become``
(``LazyLinear`` -> ``Linear``...).  No construction warning is emitted (2.13
removed it).
"""
from __future__ import annotations

import itertools
from typing import Any, Optional

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ..parameter import UninitializedBuffer, UninitializedParameter, is_lazy
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, _InstanceNorm
from .linear import Linear
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, _BatchNorm, _NormBase

__all__ = ["LazyModuleMixin", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
           "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class LazyModuleMixin:
    """``torch.nn.modules.lazy.LazyModuleMixin``: infer parameter shapes from the first input."""

    cls_to_become: Optional[type] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._load_hook = self._register_load_state_dict_pre_hook(self._lazy_load_hook)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters, with_kwargs=True)

    def _save_to_state_dict(self, destination, prefix: str, keep_vars: bool) -> None:
        """Like PyTorch: uninitialised entries are stored as-is (never detached); no extra state."""
        for name, param in self._parameters.items():
            if param is not None:
                if not (is_lazy(param) or keep_vars):
                    param = param.detach()
                destination[prefix + name] = param
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                if not (is_lazy(buf) or keep_vars):
                    buf = buf.detach()
                destination[prefix + name] = buf

    def _lazy_load_hook(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                        error_msgs) -> None:
        """load_state_dict pre-hook: materialise uninitialised entries loaded from initialised ones."""
        for name, param in itertools.chain(self._parameters.items(), self._buffers.items()):
            key = prefix + name
            if key in state_dict and param is not None:
                input_param = state_dict[key]
                if is_lazy(param) and not is_lazy(input_param):
                    with no_grad():
                        param.materialize(input_param.shape)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs) -> None:
        """PyTorch skips the shape check for lazy params (``is_param_lazy``); ember's ``Module`` has no
        such branch, so entries that stay uninitialised on both sides are hidden from it (their copy is
        a no-op in PyTorch)."""
        for hook in self._load_state_dict_pre_hooks.values():
            hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)
        hidden = _hide_lazy_pairs(self, state_dict, prefix)
        hooks = self.__dict__["_load_state_dict_pre_hooks"]
        object.__setattr__(self, "_load_state_dict_pre_hooks", {})
        try:
            super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
                                          unexpected_keys, error_msgs)
        finally:
            object.__setattr__(self, "_load_state_dict_pre_hooks", hooks)
            _restore_hidden(self, state_dict, hidden)

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        """Initialise parameters from the input batch (implemented by each lazy layer)."""
        raise NotImplementedError(f"initialize_parameters is not implemented for {self.__class__.__name__}")

    def has_uninitialized_params(self) -> bool:
        """True while any parameter or buffer is still uninitialised."""
        return any(is_lazy(p) for p in itertools.chain(self._parameters.values(), self._buffers.values()))

    def _infer_parameters(self, module, args, kwargs=None) -> None:
        """Forward pre-hook: initialise, drop the hooks and become ``cls_to_become``."""
        kwargs = kwargs if kwargs else {}
        module.initialize_parameters(*args, **kwargs)
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {self._get_name()} has not been fully initialized")
        module._initialize_hook.remove()
        module._load_hook.remove()
        delattr(module, "_initialize_hook")
        delattr(module, "_load_hook")
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become

    def _replicate_for_data_parallel(self):
        raise RuntimeError("Modules with uninitialized parameters can't be used with `DataParallel`. "
                           "Run a dummy forward pass to correctly initialize the modules")


def _hide_lazy_pairs(module, state_dict, prefix: str) -> dict:
    """Pop (local lazy, loaded lazy) pairs from ``_parameters``/``_buffers`` and ``state_dict``."""
    hidden: dict = {"_parameters": {}, "_buffers": {}, "order": {}, "sd": {}}
    for store in ("_parameters", "_buffers"):
        d = module.__dict__[store]
        hidden["order"][store] = list(d)
        for name, value in list(d.items()):
            key = prefix + name
            if value is not None and is_lazy(value) and key in state_dict and is_lazy(state_dict[key]):
                hidden[store][name] = d.pop(name)
                hidden["sd"][key] = state_dict.pop(key)
    return hidden


def _restore_hidden(module, state_dict, hidden: dict) -> None:
    for store in ("_parameters", "_buffers"):
        d = module.__dict__[store]
        if not hidden[store]:
            continue
        merged = {n: hidden[store][n] if n in hidden[store] else d[n] for n in hidden["order"][store]
                  if n in hidden[store] or n in d}
        d.clear()
        d.update(merged)
    state_dict.update(hidden["sd"])


# ------------------------------------------------------------------ Linear
class LazyLinear(LazyModuleMixin, Linear):
    """``torch.nn.LazyLinear``: ``Linear`` whose ``in_features`` is ``input.shape[-1]``."""

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self) -> None:
        """Only once materialised (PyTorch skips it while ``in_features == 0``)."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:
        """Infer ``in_features`` from ``input`` and materialise/initialise the parameters."""
        if self.has_uninitialized_params():
            with no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError(f"The in_features inferred from input: {input.shape[-1]} "
                                     f"is not equal to in_features from self.weight: {self.weight.shape[-1]}")
            self.in_features = input.shape[-1]


# -------------------------------------------------------------------- Conv
class _LazyConvXdMixin(LazyModuleMixin):
    """``torch.nn.modules.conv._LazyConvXdMixin``: ``in_channels`` from the input's channel dim."""

    _num_spatial = 0

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor, *args: Any, **kwargs: Any) -> None:
        """Infer ``in_channels`` and materialise weight (transposed layout for ConvTranspose) and bias."""
        if self.has_uninitialized_params():
            self.in_channels = self._get_in_channels(input)
            if self.in_channels % self.groups != 0:
                raise ValueError("in_channels must be divisible by groups")
            if not isinstance(self.weight, UninitializedParameter):
                raise AssertionError("self.weight must be an UninitializedParameter")
            if self.transposed:
                self.weight.materialize((self.in_channels, self.out_channels // self.groups, *self.kernel_size))
            else:
                self.weight.materialize((self.out_channels, self.in_channels // self.groups, *self.kernel_size))
            if self.bias is not None:
                if not isinstance(self.bias, UninitializedParameter):
                    raise AssertionError("self.bias must be an UninitializedParameter")
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()

    def _get_in_channels(self, input: Tensor) -> int:
        num_dims_no_batch = self._get_num_spatial_dims() + 1
        num_dims_batch = num_dims_no_batch + 1
        if input.dim() not in (num_dims_no_batch, num_dims_batch):
            raise RuntimeError(f"Expected {num_dims_no_batch}D (unbatched) or {num_dims_batch}D (batched) input "
                               f"to {self.__class__.__name__}, but got input of size: {input.shape}")
        return input.shape[1] if input.dim() == num_dims_batch else input.shape[0]

    def _get_num_spatial_dims(self) -> int:
        return self._num_spatial

    def _lazy_init(self, out_channels: int, bias: bool, device, dtype) -> None:
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_channels = out_channels
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)


def _lazy_conv(base, nd: int, name: str):
    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1, groups: int = 1,
                 bias: bool = True, padding_mode: str = "zeros", device=None, dtype=None) -> None:
        _LazyConvXdMixin.__init__(self, 0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode,
                      device=device, dtype=dtype)
        self._lazy_init(out_channels, bias, device, dtype)
    doc = f"``torch.nn.{name}``: ``{base.__name__}`` with ``in_channels`` inferred from ``input.size(1)``."
    return type(name, (_LazyConvXdMixin, base), {"cls_to_become": base, "_num_spatial": nd, "__init__": __init__,
                                                 "__doc__": doc, "__module__": __name__})


def _lazy_conv_transpose(base, nd: int, name: str):
    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0, groups: int = 1,
                 bias: bool = True, dilation=1, padding_mode: str = "zeros", device=None, dtype=None) -> None:
        _LazyConvXdMixin.__init__(self, 0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation,
                      padding_mode, device=device, dtype=dtype)
        self._lazy_init(out_channels, bias, device, dtype)
    doc = f"``torch.nn.{name}``: ``{base.__name__}`` with ``in_channels`` inferred from ``input.size(1)``."
    return type(name, (_LazyConvXdMixin, base), {"cls_to_become": base, "_num_spatial": nd, "__init__": __init__,
                                                 "__doc__": doc, "__module__": __name__})


LazyConv1d = _lazy_conv(Conv1d, 1, "LazyConv1d")
LazyConv2d = _lazy_conv(Conv2d, 2, "LazyConv2d")
LazyConv3d = _lazy_conv(Conv3d, 3, "LazyConv3d")
LazyConvTranspose1d = _lazy_conv_transpose(ConvTranspose1d, 1, "LazyConvTranspose1d")
LazyConvTranspose2d = _lazy_conv_transpose(ConvTranspose2d, 2, "LazyConvTranspose2d")
LazyConvTranspose3d = _lazy_conv_transpose(ConvTranspose3d, 3, "LazyConvTranspose3d")


# -------------------------------------------------------------------- Norm
class _LazyNormBase(LazyModuleMixin, _NormBase):
    """``torch.nn.modules.batchnorm._LazyNormBase``: ``num_features`` from ``input.shape[1]``.

    As in PyTorch, the lazy instance norms share this ``__init__`` and so default to
    ``affine=True, track_running_stats=True`` (unlike ``InstanceNorm*d``).
    """

    def __init__(self, eps: float = 1e-5, momentum: Optional[float] = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None, *, bias: bool = True) -> None:
        from ...ops.creation import tensor
        from ... import _dtype as D
        super().__init__(0, eps, momentum, False, False, device=device, dtype=dtype, bias=False)
        self.affine = affine
        self.track_running_stats = track_running_stats
        if self.affine:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(device=device, dtype=dtype)
        if self.track_running_stats:
            self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
            self.running_var = UninitializedBuffer(device=device, dtype=dtype)
            self.num_batches_tracked = tensor(0, dtype=D.int64, device=device)

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:
        """Infer ``num_features`` and materialise weight/bias and the running stats."""
        if self.has_uninitialized_params():
            self.num_features = input.shape[1]
            if self.affine:
                if not isinstance(self.weight, UninitializedParameter):
                    raise AssertionError("self.weight must be an UninitializedParameter")
                self.weight.materialize((self.num_features,))
                if self.bias is not None:
                    if not isinstance(self.bias, UninitializedParameter):
                        raise AssertionError("self.bias must be an UninitializedParameter")
                    self.bias.materialize((self.num_features,))
            if self.track_running_stats:
                self.running_mean.materialize((self.num_features,))
                self.running_var.materialize((self.num_features,))
            self.reset_parameters()


def _lazy_norm(base, family, name: str):
    doc = f"``torch.nn.{name}``: ``{base.__name__}`` with ``num_features`` inferred from ``input.size(1)``."
    attrs = {"cls_to_become": base, "_check_input_dim": base._check_input_dim, "__doc__": doc,
             "__module__": __name__}
    if family is _InstanceNorm:
        attrs["_get_no_batch_dim"] = base._get_no_batch_dim
    return type(name, (_LazyNormBase, family), attrs)


LazyBatchNorm1d = _lazy_norm(BatchNorm1d, _BatchNorm, "LazyBatchNorm1d")
LazyBatchNorm2d = _lazy_norm(BatchNorm2d, _BatchNorm, "LazyBatchNorm2d")
LazyBatchNorm3d = _lazy_norm(BatchNorm3d, _BatchNorm, "LazyBatchNorm3d")
LazyInstanceNorm1d = _lazy_norm(InstanceNorm1d, _InstanceNorm, "LazyInstanceNorm1d")
LazyInstanceNorm2d = _lazy_norm(InstanceNorm2d, _InstanceNorm, "LazyInstanceNorm2d")
LazyInstanceNorm3d = _lazy_norm(InstanceNorm3d, _InstanceNorm, "LazyInstanceNorm3d")
