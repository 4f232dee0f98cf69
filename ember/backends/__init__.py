"""``torch.backends``: flags and availability checks of compute backends.

ember runs on NumPy (CPU) and optionally CuPy (GPU); it uses none of cuDNN,
MPS, oneDNN (mkldnn), MKL or OpenMP, so their ``is_available()`` answer False.
The settable flags (``cudnn.benchmark``, ``cudnn.deterministic``,
``cuda.matmul.allow_tf32`` ...) exist with PyTorch's defaults so that scripts
which set them run unchanged; they change nothing in ember.
"""
from __future__ import annotations

from . import cpu, cuda, cudnn, mkl, mkldnn, mps, openmp  # noqa: F401

__all__ = ["cpu", "cuda", "cudnn", "mkl", "mkldnn", "mps", "openmp"]
