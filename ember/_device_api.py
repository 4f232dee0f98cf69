"""Device-generic top-level names: ``torch.Event``, ``torch.Stream``, ``torch.get_device_module``,
the accelerator errors, ``torch.set_anomaly_enabled`` and the ``torch.has_*`` build flags.

On PyTorch's CPU build an ``Event`` or ``Stream`` is a CPU placeholder:
it prints its device fields, ``query()`` is True, and what needs a
device backend (``Event.record``, ``Stream.record_event``) raises
PyTorch's ``RuntimeError``.
"""
from __future__ import annotations

import importlib

__all__ = ["Event", "Stream", "get_device_module", "OutOfMemoryError", "AcceleratorError",
           "set_anomaly_enabled", "has_lapack", "has_mkl", "has_openmp", "has_spectral"]

has_lapack = True
has_mkl = True
has_openmp = True
has_spectral = True

_NO_EVENTS = "cpu backend doesn't support events."


class OutOfMemoryError(RuntimeError):
    """``torch.OutOfMemoryError`` (also ``torch.cuda.OutOfMemoryError``)."""


class AcceleratorError(RuntimeError):
    """``torch.AcceleratorError``: an error reported by an accelerator backend."""


def _check_device(device) -> None:
    """Streams and events of a device type this build lacks are refused (CPU only here)."""
    if device is None:
        return
    import ember
    dev = ember.device(device) if not isinstance(device, ember.device) else device
    if dev.type not in ("cpu", "meta"):
        raise RuntimeError(f"PyTorch is not linked with support for {dev.type} devices")


def _cpu_device():
    import ember
    return ember.device("cpu")


class Stream:
    """``torch.Stream`` on the CPU: one ordered queue, stream id 0."""

    def __init__(self, device=None, *, priority: int = 0) -> None:
        _check_device(device)
        self.stream_id = 0
        self.device_index = -1
        self.device_type = 0

    @property
    def device(self):
        return _cpu_device()

    def query(self) -> bool:
        return True

    def synchronize(self) -> None:
        return None

    def wait_stream(self, stream) -> None:
        raise RuntimeError(_NO_EVENTS)

    def wait_event(self, event) -> None:
        event.wait(self)

    def record_event(self, event=None):
        raise RuntimeError(_NO_EVENTS)

    def is_capturing(self) -> bool:
        return False

    @property
    def native_handle(self):
        raise RuntimeError("Backend doesn't support getting stream native handle.")

    def __eq__(self, other) -> bool:
        return isinstance(other, Stream) and other.stream_id == self.stream_id

    def __hash__(self) -> int:
        return hash(("cpu", self.stream_id))

    def __repr__(self) -> str:
        return f"torch.Stream device_type=cpu, device_index={self.device_index}, stream_id={self.stream_id}"


class Event:
    """``torch.Event`` on the CPU: always complete; recording needs a device backend."""

    def __init__(self, device=None, *, enable_timing: bool = False, blocking: bool = False,
                 interprocess: bool = False) -> None:
        self.enable_timing = enable_timing
        self.event_id = 0

    @property
    def device(self):
        return _cpu_device()

    def record(self, stream=None) -> None:
        raise RuntimeError(_NO_EVENTS)

    def query(self) -> bool:
        return True

    def synchronize(self) -> None:
        return None

    def wait(self, stream=None) -> None:
        return None

    def elapsed_time(self, end_event) -> float:
        if not (self.enable_timing and end_event.enable_timing):
            raise ValueError("Both events must be created with argument 'enable_timing=True'.")
        raise RuntimeError(_NO_EVENTS)

    def __repr__(self) -> str:
        flag = 1 if self.enable_timing else 0
        return f"torch.Event device_type=cpu, device_index=-1, event_flag={flag}, event_id={self.event_id}"


def get_device_module(device=None):
    """The ``torch.<type>`` module for ``device`` (``torch.cpu`` for None: no accelerator here)."""
    import ember
    if device is None:
        name = "cpu"
    elif isinstance(device, ember.device):
        name = device.type
    elif isinstance(device, str):
        name = ember.device(device).type
    else:
        raise RuntimeError(f"Invalid value of device '{device}', expect torch.device, str, or None")
    try:
        return importlib.import_module("ember." + name)
    except ModuleNotFoundError:
        raise RuntimeError(f"Device '{name}' does not have a corresponding module registered as "
                           f"'torch.{name}'.") from None


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """``torch.set_anomaly_enabled``: turn anomaly detection on or off (not a context manager)."""
    from .autograd import anomaly_mode
    anomaly_mode.set_detect_anomaly(enabled, check_nan)
