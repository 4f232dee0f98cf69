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


def flash_sdp_enabled() -> bool:
    return False


def mem_efficient_sdp_enabled() -> bool:
    return False


def math_sdp_enabled() -> bool:
    return True
