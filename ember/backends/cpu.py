"""``torch.backends.cpu``."""
from __future__ import annotations


def get_cpu_capability() -> str:
    """The widest SIMD level NumPy's kernels use here, in PyTorch's spelling (``"AVX2"``, ``"AVX512"``...)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as feats
    except ImportError:  # pragma: no cover - NumPy 1.x
        from numpy.core._multiarray_umath import __cpu_features__ as feats  # type: ignore[no-redef]
    if feats.get("AVX512F") and feats.get("AVX512BW"):
        return "AVX512"
    if feats.get("AVX2"):
        return "AVX2"
    return "DEFAULT"
