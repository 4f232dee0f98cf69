"""Instance normalisation layers: ``InstanceNorm1d/2d/3d`` (mirrors ``torch.nn.modules.instancenorm``)."""
from __future__ import annotations

import warnings
from typing import Optional

from ..._tensor import Tensor
from .._functional.basic import instance_norm
from .normalization import _NormBase

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


class _InstanceNorm(_NormBase):
    """Shared logic of PyTorch's ``_InstanceNorm``.

    Defaults differ from batch norm (``affine=False``, ``track_running_stats=False``);
    ``num_batches_tracked`` is never incremented and ``momentum=None`` is passed as 0
    (running stats then stay put), exactly as in PyTorch.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: Optional[float] = 0.1, affine: bool = False,
                 track_running_stats: bool = False, device=None, dtype=None, *, bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device=device, dtype=dtype,
                         bias=bias)

    def _check_input_dim(self, input: Tensor) -> None:
        raise NotImplementedError

    def _get_no_batch_dim(self) -> int:
        raise NotImplementedError

    def _handle_no_batch_input(self, input: Tensor) -> Tensor:
        return self._apply_instance_norm(input.unsqueeze(0)).squeeze(0)

    def _apply_instance_norm(self, input: Tensor) -> Tensor:
        return instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                             self.training or not self.track_running_stats,
                             self.momentum if self.momentum is not None else 0.0, self.eps)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs) -> None:
        version = local_metadata.get("version", None)
        if version is None and not self.track_running_stats:
            keys = [prefix + n for n in ("running_mean", "running_var") if prefix + n in state_dict]
            if keys:
                error_msgs.append(_unexpected_stats_msg(keys, self.__class__.__name__))
                for key in keys:
                    state_dict.pop(key)
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                                      error_msgs)

    def _check_num_features(self, input: Tensor) -> None:
        feature_dim = input.dim() - self._get_no_batch_dim()
        size = input.size(feature_dim)
        if size == self.num_features:
            return
        if self.affine:
            raise ValueError(f"expected input's size at dim={feature_dim} to match num_features"
                             f" ({self.num_features}), but got: {size}.")
        warnings.warn(f"input's size at dim={feature_dim} does not match num_features. "
                      "You can silence this warning by not passing in num_features, "
                      "which is not used because affine=False", stacklevel=3)

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        self._check_num_features(input)
        if input.dim() == self._get_no_batch_dim():
            return self._handle_no_batch_input(input)
        return self._apply_instance_norm(input)


def _unexpected_stats_msg(keys, klass: str) -> str:
    names = " and ".join(f'"{k}"' for k in keys)
    return (f"Unexpected running stats buffer(s) {names} for {klass} "
            "with track_running_stats=False. If state_dict is a "
            "checkpoint saved before 0.4.0, this may be expected "
            f"because {klass} does not track running stats by default "
            "since 0.4.0. Please remove these keys from state_dict. If "
            "the running stats are actually needed, instead set "
            f"track_running_stats=True in {klass} to enable them. See "
            f"the documentation of {klass} for details.")


class InstanceNorm1d(_InstanceNorm):
    """``torch.nn.InstanceNorm1d``: input ``(N, C, L)`` or unbatched ``(C, L)``."""

    def _get_no_batch_dim(self) -> int:
        return 2

    def _check_input_dim(self, input: Tensor) -> None:
        if input.dim() not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class InstanceNorm2d(_InstanceNorm):
    """``torch.nn.InstanceNorm2d``: input ``(N, C, H, W)`` or unbatched ``(C, H, W)``."""

    def _get_no_batch_dim(self) -> int:
        return 3

    def _check_input_dim(self, input: Tensor) -> None:
        if input.dim() not in (3, 4):
            raise ValueError(f"expected 3D or 4D input (got {input.dim()}D input)")


class InstanceNorm3d(_InstanceNorm):
    """``torch.nn.InstanceNorm3d``: input ``(N, C, D, H, W)`` or unbatched ``(C, D, H, W)``."""

    def _get_no_batch_dim(self) -> int:
        return 4

    def _check_input_dim(self, input: Tensor) -> None:
        if input.dim() not in (4, 5):
            raise ValueError(f"expected 4D or 5D input (got {input.dim()}D input)")
