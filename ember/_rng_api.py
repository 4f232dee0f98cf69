"""Seeding and generator objects (``torch.manual_seed``, ``torch.Generator``, ``fork_rng``).

The streams come from ``ember._rng``, which reproduces PyTorch's CPU
mt19937 generator and distribution kernels bit for bit.
"""
from __future__ import annotations

import contextlib

import numpy as np


def _rng():
    from . import _rng
    return _rng


class Generator:
    """``torch.Generator`` (CPU)."""

    def __repr__(self) -> str:
        return f"<torch._C.Generator object at {hex(id(self))}>"

    def __init__(self, device="cpu") -> None:
        self.device = _generator_device(device)
        self._impl = _rng().Generator()

    def clone_state(self) -> "Generator":
        """``Generator.clone_state``: a new generator in this one's state."""
        other = Generator(self.device)
        other._impl.set_state(self._impl.get_state())
        return other

    def graphsafe_get_state(self):
        raise NotImplementedError("graphsafe_get_state is not supported in this Generator")

    def graphsafe_set_state(self, state):
        raise NotImplementedError("graphsafe_set_state is not supported in this Generator")

    def manual_seed(self, seed: int) -> "Generator":
        """``Generator.manual_seed``: integers only (PyTorch's ``THPUtils_unpackLong`` check)."""
        if isinstance(seed, float) or not hasattr(seed, "__index__"):
            from .ops._argerrors import type_name
            raise RuntimeError(f"manual_seed expected a long, but got {type_name(seed)}")
        self._impl.manual_seed(int(seed))
        return self

    def seed(self) -> int:
        return self._impl.seed()

    def initial_seed(self) -> int:
        return self._impl.initial_seed()

    def get_state(self):
        from .ops.creation import from_numpy
        return from_numpy(self._impl.get_state())

    def set_state(self, state) -> "Generator":
        self._impl.set_state(_state_bytes(state))
        return self


def _state_bytes(state) -> np.ndarray:
    """The bytes of an RNG state tensor, with ``THPGenerator_setState``'s type checks."""
    from ._tensor import Tensor
    if not isinstance(state, Tensor):
        raise TypeError(f"expected a torch.ByteTensor, but got {type(state).__name__}")
    if state._data.dtype != np.uint8:
        raise TypeError("RNG state must be a torch.ByteTensor")
    return np.asarray(state._data)


_NO_GENERATOR = {
    "cuda": ("Cannot get CUDA generator without ATen_cuda library. PyTorch splits its backend into two shared "
             "libraries: a CPU library and a CUDA library; this error has occurred because you are trying to use "
             "some CUDA functionality, but the CUDA library has not been loaded by the dynamic linker for some "
             "reason.  The CUDA library MUST be loaded, EVEN IF you don't directly use any symbols from the CUDA "
             "library! One common culprit is a lack of -Wl,--no-as-needed in your link arguments; many dynamic "
             "linkers will delete dynamic library dependencies if you don't depend on any of their symbols.  You "
             "can check if this has occurred by using ldd on your binary to see if there is a dependency on "
             "*_cuda.so library."),
    "mps": "Cannot execute getNewGenerator() without MPS backend.",
    "xpu": "Cannot get XPU generator without ATen_xpu library.",
}


def _generator_device(device):
    """``torch.Generator(device)``'s device (index dropped, as PyTorch prints it); PyTorch's errors for
    devices without a generator here."""
    from .backend import device as _dev
    if isinstance(device, int) and not isinstance(device, bool):
        raise RuntimeError("Cannot access accelerator device when none is available.")
    kind = _dev.parse(device).type
    if kind == "cuda":
        from . import cuda
        if cuda.is_available():
            return _dev.parse("cuda")
    if kind in _NO_GENERATOR:
        raise RuntimeError(_NO_GENERATOR[kind])
    if kind != "cpu":
        raise RuntimeError(f"{kind.upper()} device type not an accelerator.")
    return _dev.parse("cpu")


class _DefaultGenerator(Generator):
    def __init__(self) -> None:
        self.device = _generator_device("cpu")

    @property
    def _impl(self):
        return _rng().default_generator


_DefaultGenerator.__name__ = _DefaultGenerator.__qualname__ = "Generator"  # type(torch.manual_seed(0)).__name__
default_generator = _DefaultGenerator()


def manual_seed(seed: int) -> Generator:
    """Seed the global generator (``torch.manual_seed``); returns it."""
    seed = int(seed)
    if not -0x8000_0000_0000_0000 <= seed <= 0xFFFF_FFFF_FFFF_FFFF:
        raise ValueError("Overflow when unpacking long long")
    _rng().default_generator.manual_seed(seed)
    return default_generator


def seed() -> int:
    return _rng().default_generator.seed()


def initial_seed() -> int:
    return _rng().default_generator.initial_seed()


def get_rng_state():
    from .ops.creation import from_numpy
    return from_numpy(_rng().default_generator.get_state())


def set_rng_state(state) -> None:
    _rng().default_generator.set_state(_state_bytes(state))


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """Restore the global generator's state after the block (``torch.random.fork_rng``)."""
    if not enabled:
        yield
        return
    state = _rng().default_generator.get_state().copy()
    try:
        yield
    finally:
        _rng().default_generator.set_state(state)
