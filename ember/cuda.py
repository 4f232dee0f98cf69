"""``torch.cuda`` on ember: answers truthfully; GPU support comes from CuPy when installed."""
from __future__ import annotations

from .backend.device import cuda_available, cupy_or_none


def is_available() -> bool:
    """True only when CuPy is installed and sees a CUDA device."""
    return cuda_available()


def device_count() -> int:
    cp = cupy_or_none()
    return 0 if cp is None else cp.cuda.runtime.getDeviceCount()


def current_device() -> int:
    if not is_available():
        raise AssertionError("Torch not compiled with CUDA enabled")
    return cupy_or_none().cuda.Device().id


def synchronize(device=None) -> None:
    cp = cupy_or_none()
    if cp is not None:
        cp.cuda.Stream.null.synchronize()


def manual_seed(seed: int) -> None:
    """Seeds nothing on CPU-only installs (like PyTorch without CUDA)."""


def manual_seed_all(seed: int) -> None:
    """Seeds nothing on CPU-only installs (like PyTorch without CUDA)."""


def is_initialized() -> bool:
    return is_available()


def empty_cache() -> None:
    cp = cupy_or_none()
    if cp is not None:
        cp.get_default_memory_pool().free_all_blocks()


def get_device_name(device=None) -> str:
    if not is_available():
        raise AssertionError("Torch not compiled with CUDA enabled")
    cp = cupy_or_none()
    return cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)["name"].decode()


def _pool_bytes(total: bool) -> int:
    """Bytes held by CuPy's default memory pool (0 without a GPU, as PyTorch's caching allocator
    reports before CUDA is initialised: ``torch.cuda.memory_allocated()`` is 0 on CPU-only builds)."""
    if not is_available():
        return 0
    pool = cupy_or_none().get_default_memory_pool()
    return pool.total_bytes() if total else pool.used_bytes()


def memory_allocated(device=None) -> int:
    return _pool_bytes(False)


def max_memory_allocated(device=None) -> int:
    """CuPy keeps no peak counter: the current figure (0 on CPU-only installs, like PyTorch)."""
    return _pool_bytes(False)


def memory_reserved(device=None) -> int:
    return _pool_bytes(True)


def max_memory_reserved(device=None) -> int:
    return _pool_bytes(True)


def memory_stats(device=None):
    """PyTorch returns an empty ``OrderedDict`` while CUDA is uninitialised (always, without a GPU)."""
    import collections
    return collections.OrderedDict()


def is_bf16_supported(including_emulation: bool = True) -> bool:
    """ember has no bfloat16 tensors; PyTorch answers False on CPU-only builds too."""
    return False


# ``torch.cuda.amp`` (deprecated aliases of ``torch.amp``) lives in ember/_cuda/amp: this search path makes the
# import system treat this module as a package, so ``import torch.cuda.amp`` finds ``ember.cuda.amp``.
__path__ = [__file__[:-len("cuda.py")] + "_cuda"]


def __getattr__(name: str):
    if name == "amp":  # PyTorch imports it with torch.cuda
        import importlib
        return importlib.import_module(".amp", __name__)
    raise AttributeError(f"module 'torch.cuda' has no attribute '{name}'")
