"""``torch.version``: the PyTorch build ember reproduces (2.13.0, CPU only).

``python -m ember run`` also makes ``torch.__version__`` this version, so
scripts that print or check it behave as under PyTorch 2.13 (ember's own
package version stays ``ember.__version__`` outside that mode).
"""
from __future__ import annotations

from typing import Optional

from .torch_version import TorchVersion

__all__ = ["__version__", "debug", "cuda", "git_version", "hip", "rocm", "xpu"]

__version__ = TorchVersion("2.13.0+cpu")
debug = False
cuda: Optional[str] = None
git_version = "cf30153c4c131c8164ee7798e5022d810682e2cb"
hip: Optional[str] = None
rocm: Optional[str] = None
xpu: Optional[str] = None
