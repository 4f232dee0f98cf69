"""``torch.autograd.profiler``: ``profile``, ``record_function``, ``emit_nvtx``.

``profile`` records the ops ember runs while it is entered (see
``ember.profiler._recorder``: user-facing ops are wrapped only while a
profiler records, so nothing costs anything otherwise) and summarises them
as PyTorch does: ``key_averages().table(...)``, ``total_average()``,
``self_cpu_time_total``, ``export_chrome_trace``.  ``record_function``
adds a named event around a block while a profiler records.
"""
from __future__ import annotations

import functools
import sys
from typing import Any

__all__ = ["profile", "record_function", "emit_nvtx", "emit_itt", "EventList", "FunctionEvent",
           "FunctionEventAvg"]


def __getattr__(name: str):
    if name in ("EventList", "FunctionEvent", "FunctionEventAvg"):
        from . import profiler_util
        return getattr(profiler_util, name)
    raise AttributeError(f"module 'torch.autograd.profiler' has no attribute '{name}'")


class profile:
    """``torch.autograd.profiler.profile``: records ember's ops between enter and exit."""

    def __init__(self, enabled: bool = True, *, use_cuda: bool = False, use_device: Any = None,
                 record_shapes: bool = False, with_flops: bool = False, profile_memory: bool = False,
                 with_stack: bool = False, with_modules: bool = False, use_kineto: bool = False,
                 use_cpu: bool = True, experimental_config: Any = None, acc_events: bool = False,
                 custom_trace_id_callback: Any = None) -> None:
        self.enabled = enabled
        self.entered = False
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.with_flops = with_flops
        self.with_modules = with_modules
        self.use_device = use_device
        self.experimental_config = experimental_config
        self._recorder = None
        self._function_events = None

    def __enter__(self) -> "profile":
        if not self.enabled:
            return None
        if self.entered:
            raise RuntimeError("Profiler context manager is not reentrant")
        self.entered = True
        self._start()
        return self

    def __exit__(self, *exc) -> bool:
        if self.enabled:
            self._stop()
        return False

    def _start(self) -> None:
        from ..profiler._recorder import _Recorder
        # PyTorch's event list carries Python stacks only with ``_ExperimentalConfig(verbose=True)``
        stacks = self.with_stack and getattr(self.experimental_config, "verbose", False) is True
        self._recorder = _Recorder(self.record_shapes, self.profile_memory, stacks, self.with_flops)
        self._recorder.start()

    def _stop(self) -> None:
        if self._recorder is not None:
            self._recorder.stop()
            self._function_events = self._recorder.finished_events()
            self._recorder = None

    @property
    def function_events(self):
        return self._results() if self._recorder is not None else self._function_events

    def _results(self):
        if self._function_events is None:
            if self._recorder is None:
                raise AssertionError("Expected profiling results")
            from .profiler_util import EventList
            return EventList()  # still recording: PyTorch has no events to show yet
        return self._function_events

    def table(self, sort_by=None, row_limit: int = 100, max_src_column_width: int = 75,
              max_name_column_width: int = 55, max_shapes_column_width: int = 80, header=None,
              top_level_events_only: bool = False, time_unit=None) -> str:
        return self._results().table(sort_by=sort_by, row_limit=row_limit,
                                     max_src_column_width=max_src_column_width,
                                     max_name_column_width=max_name_column_width,
                                     max_shapes_column_width=max_shapes_column_width, header=header,
                                     top_level_events_only=top_level_events_only, time_unit=time_unit)

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False):
        return self._results().key_averages(group_by_input_shape, group_by_stack_n, group_by_overload_name)

    def total_average(self):
        return self._results().total_average()

    def export_chrome_trace(self, path: str, metadata=None, use_python_export: bool = False) -> None:
        self._results().export_chrome_trace(path)

    def export_stacks(self, path: str, metric: str = "self_cpu_time_total") -> None:
        if not self.with_stack:
            raise AssertionError("export_stacks() requires with_stack=True")
        self._results().export_stacks(path, metric)

    @property
    def self_cpu_time_total(self) -> float:
        return self._results().self_cpu_time_total

    def __repr__(self) -> str:
        if self._function_events is None and self._recorder is None:
            return "<unfinished torch.autograd.profile>"
        return repr(self._results())

    def __str__(self) -> str:
        if self._function_events is None and self._recorder is None:
            return "<unfinished torch.autograd.profile>"
        return str(self._results())


def _recorder_module():
    """The recorder module if a profiler was ever started (else no session can be running)."""
    return sys.modules.get("ember.profiler._recorder")


class record_function:
    """``torch.autograd.profiler.record_function``: a named event around a block (or a call)."""

    def __init__(self, name: str, args: Any = None) -> None:
        self.name = name
        self.args = args
        self._token = None

    def __enter__(self) -> "record_function":
        rec = _recorder_module()
        if rec is not None:
            self._token = rec.begin_annotation(self.name)
        return self

    def __exit__(self, *exc) -> None:
        if self._token is not None:
            _recorder_module().end_annotation(self._token)
            self._token = None
        return None

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            with record_function(self.name, self.args):
                return fn(*a, **k)
        return wrapper


class emit_nvtx:
    """``torch.autograd.profiler.emit_nvtx`` (no-op)."""

    def __init__(self, enabled: bool = True, record_shapes: bool = False) -> None:
        self.enabled = enabled
        self.entered = False

    def __enter__(self) -> "emit_nvtx":
        if self.enabled and self.entered:
            raise RuntimeError("NVTX annotation context manager is not reentrant")
        self.entered = True
        return self

    def __exit__(self, *exc) -> None:
        return None


emit_itt = emit_nvtx
