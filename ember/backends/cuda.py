"""``torch.backends.cuda``: ember's GPU path is CuPy; these flags keep PyTorch's defaults."""
from __future__ import annotations

import importlib.util


class _MatmulFlags:
    """``torch.backends.cuda.matmul`` (cuBLAS flags; no effect in ember)."""

    def __init__(self) -> None:
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True


matmul = _MatmulFlags()


def is_built() -> bool:
    """Whether ember can use a GPU at all (CuPy is installed)."""
    return importlib.util.find_spec("cupy") is not None


def _sdp(name: str, on=None):
    from ..nn._functional.attention import _SDPA_ENABLED as _ENABLED   # shared with ``sdpa_kernel``
    if on is None:
        return _ENABLED[name]
    _ENABLED[name] = bool(on)
    return None


def flash_sdp_enabled() -> bool:
    return _sdp("flash")


def mem_efficient_sdp_enabled() -> bool:
    return _sdp("mem_efficient")


def math_sdp_enabled() -> bool:
    return _sdp("math")


def cudnn_sdp_enabled() -> bool:
    return _sdp("cudnn")


def enable_flash_sdp(enabled: bool) -> None:
    return _sdp("flash", enabled)


def enable_mem_efficient_sdp(enabled: bool) -> None:
    return _sdp("mem_efficient", enabled)


def enable_math_sdp(enabled: bool) -> None:
    return _sdp("math", enabled)


def enable_cudnn_sdp(enabled: bool) -> None:
    return _sdp("cudnn", enabled)
