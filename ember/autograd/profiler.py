"""``torch.autograd.profiler``: the context managers, without a profiler behind them.

ember does not trace operator timings.  ``profile`` and ``record_function``
accept PyTorch's arguments and work as ``with`` blocks (and decorators), so
scripts that wrap code in them run unchanged; ``key_averages()`` is empty
and ``table()`` prints only the header line.
"""
from __future__ import annotations

import functools
from typing import Any

__all__ = ["profile", "record_function", "emit_nvtx", "emit_itt"]


class _EventList(list):
    """An empty ``EventList``: no events were recorded."""

    def table(self, sort_by: Any = None, row_limit: int = 100, max_src_column_width: int = 75,
              max_name_column_width: int = 55, max_shapes_column_width: int = 80, header: Any = None,
              top_level_events_only: bool = False, **kwargs) -> str:
        return ""

    def key_averages(self, *args, **kwargs) -> "_EventList":
        return _EventList()

    def total_average(self):
        return None

    def export_chrome_trace(self, path: str) -> None:
        with open(path, "w") as f:
            f.write('{"traceEvents": []}')


class profile:
    """``torch.autograd.profiler.profile``: a no-op profiling context."""

    def __init__(self, enabled: bool = True, *, use_cuda: bool = False, use_device: Any = None,
                 record_shapes: bool = False, with_flops: bool = False, profile_memory: bool = False,
                 with_stack: bool = False, with_modules: bool = False, use_kineto: bool = False,
                 use_cpu: bool = True, experimental_config: Any = None, acc_events: bool = False,
                 custom_trace_id_callback: Any = None) -> None:
        self.enabled = enabled
        self.entered = False
        self.function_events = None

    def __enter__(self) -> "profile":
        if self.entered:
            raise RuntimeError("Profiler context manager is not reentrant")
        self.entered = True
        return self

    def __exit__(self, *exc) -> None:
        self.function_events = _EventList()

    def _check_finish(self) -> None:
        if self.function_events is None:
            raise RuntimeError("Profiler didn't finish running")

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False) -> _EventList:
        self._check_finish()
        return _EventList()

    def table(self, *args, **kwargs) -> str:
        self._check_finish()
        return self.function_events.table(*args, **kwargs)

    def total_average(self):
        self._check_finish()
        return None

    def export_chrome_trace(self, path: str) -> None:
        self._check_finish()
        self.function_events.export_chrome_trace(path)

    @property
    def self_cpu_time_total(self) -> float:
        self._check_finish()
        return 0.0

    def __repr__(self) -> str:
        return "<unfinished torch.autograd.profile>" if self.function_events is None else "<profile>"

    def __str__(self) -> str:
        return "<unfinished torch.autograd.profile>" if self.function_events is None else ""


class record_function:
    """``torch.autograd.profiler.record_function``: labels a block (a no-op in ember)."""

    def __init__(self, name: str, args: Any = None) -> None:
        self.name = name
        self.args = args

    def __enter__(self) -> "record_function":
        return self

    def __exit__(self, *exc) -> None:
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

    def __enter__(self) -> "emit_nvtx":
        return self

    def __exit__(self, *exc) -> None:
        return None


emit_itt = emit_nvtx
