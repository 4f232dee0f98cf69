"""``torch.profiler.profiler``: ``profile``, ``schedule``, ``record_function`` and trace handlers.

Mirrors PyTorch's profiler API: the schedule state machine (``wait`` /
``warmup`` / ``active`` / ``repeat`` and ``on_trace_ready``), the
``ProfilerStep#N`` step markers, ``key_averages().table()`` in PyTorch's
layout and Chrome-trace export.  Events come from ember's op wrappers
(``_recorder``), named as ATen names them; times are ember's.
"""
from __future__ import annotations

import enum
import os
import socket
import time
import warnings
from typing import Any, Callable, Iterable, Optional

from ..autograd.profiler import record_function
from ..autograd.profiler_util import EventList

__all__ = ["profile", "record_function", "schedule", "supported_activities", "tensorboard_trace_handler",
           "ProfilerAction", "ProfilerActivity", "ExecutionTraceObserver", "kineto_available", "itt"]


class ProfilerActivity(enum.Enum):
    """The activity groups a profiler can record (ember records ``CPU``)."""

    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    """What the profiler does at a step: the values ``schedule`` returns."""

    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def supported_activities() -> set:
    """``{ProfilerActivity.CPU}``: a CPU-only build."""
    return {ProfilerActivity.CPU}


def kineto_available() -> bool:
    return True


def schedule(*, wait: int, warmup: int, active: int, repeat: int = 0, skip_first: int = 0,
             skip_first_wait: int = 0) -> Callable:
    """PyTorch's step schedule: skip ``skip_first`` steps, then cycles of ``wait`` idle, ``warmup``
    and ``active`` recorded steps (the last one ``RECORD_AND_SAVE``), ``repeat`` times (0: forever)."""

    def schedule_fn(step: int) -> ProfilerAction:
        if step < 0:
            raise AssertionError(f"Step must be non-negative. Got {step}.")
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait != 0:
            step += wait
        cycle = wait + warmup + active
        if repeat > 0 and step / cycle >= repeat:
            return ProfilerAction.NONE
        pos = step % cycle
        if pos < wait:
            return ProfilerAction.NONE
        if pos < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if pos < cycle - 1 else ProfilerAction.RECORD_AND_SAVE

    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise AssertionError(
            f"Invalid profiler schedule arguments. Got wait={wait} (need >= 0), warmup={warmup} (need >= 0), "
            f"active={active} (need > 0), repeat={repeat} (need >= 0), skip_first={skip_first} (need >= 0).")
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results", stacklevel=2)
    return schedule_fn


def _default_schedule_fn(_: int) -> ProfilerAction:
    """Without a schedule the profiler records from start to stop."""
    return ProfilerAction.RECORD


def tensorboard_trace_handler(dir_name: str, worker_name: Optional[str] = None, use_gzip: bool = False,
                              use_python_export: bool = False) -> Callable:
    """An ``on_trace_ready`` handler writing ``<worker>.<ns>.pt.trace.json`` files into ``dir_name``."""

    def handler_fn(prof) -> None:
        nonlocal worker_name
        if not os.path.isdir(dir_name):
            try:
                os.makedirs(dir_name, exist_ok=True)
            except Exception as e:
                raise RuntimeError("Can't create directory: " + dir_name) from e
        if not worker_name:
            worker_name = f"{socket.gethostname()}_{os.getpid()}"
        file_name = f"{worker_name}.{time.time_ns()}.pt.trace.json"
        if use_gzip:
            file_name += ".gz"
        prof.export_chrome_trace(os.path.join(dir_name, file_name))

    return handler_fn


class _KinetoProfile:
    """Start/stop recording and the results of the last recorded cycle."""

    def __init__(self, *, activities: Optional[Iterable] = None, record_shapes: bool = False,
                 profile_memory: bool = False, with_stack: bool = False, with_flops: bool = False,
                 with_modules: bool = False, experimental_config: Any = None,
                 execution_trace_observer: Any = None, acc_events: bool = False,
                 custom_trace_id_callback: Any = None, **kwargs) -> None:
        self.activities = set(activities) if activities else supported_activities()
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.with_flops = with_flops
        self.with_modules = with_modules
        self.experimental_config = experimental_config
        self.execution_trace_observer = execution_trace_observer
        self.acc_events = acc_events
        self.custom_trace_id_callback = custom_trace_id_callback
        self.use_device = None
        self.profiler = None  # the last finished recording (an ``autograd.profiler.profile``)
        self._recorder = None
        self._metadata: dict = {}

    def prepare_trace(self) -> None:
        from ..autograd.profiler import profile as _autograd_profile
        if ProfilerActivity.CUDA in self.activities:
            warnings.warn("CUDA is not available, disabling CUDA profiling")
        self.profiler = _autograd_profile(record_shapes=self.record_shapes, profile_memory=self.profile_memory,
                                          with_stack=self.with_stack, with_flops=self.with_flops,
                                          with_modules=self.with_modules,
                                          experimental_config=self.experimental_config)

    def start_trace(self) -> None:
        if self.profiler is None:
            self.prepare_trace()
        self.profiler._start()

    def stop_trace(self) -> None:
        if self.profiler is not None:
            self.profiler._stop()

    def start(self) -> None:
        self.prepare_trace()
        self.start_trace()

    def stop(self) -> None:
        self.stop_trace()

    def _finished(self):
        if self.profiler is None:
            raise AssertionError("Profiler must be initialized before exporting chrome trace")
        return self.profiler

    def events(self) -> EventList:
        if self.profiler is None:
            raise AssertionError("Profiler must be initialized before getting events")
        return self.profiler.function_events or EventList()

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False) -> EventList:
        if self.profiler is None:
            raise AssertionError("Profiler must be initialized before getting key averages")
        return self.profiler.key_averages(group_by_input_shape, group_by_stack_n, group_by_overload_name)

    def export_chrome_trace(self, path: str, use_python_export: bool = False) -> None:
        self._finished().export_chrome_trace(path)

    def export_stacks(self, path: str, metric: str = "self_cpu_time_total") -> None:
        self._finished().function_events.export_stacks(path, metric)

    def export_memory_timeline(self, path: str, device: Optional[str] = None) -> None:
        raise NotImplementedError("export_memory_timeline is not supported by ember's profiler")

    def add_metadata(self, key: str, value: str) -> None:
        self._metadata[key] = value

    def add_metadata_json(self, key: str, value: str) -> None:
        self._metadata[key] = value

    def preset_metadata_json(self, key: str, value: str) -> None:
        self._metadata[key] = value

    def toggle_collection_dynamic(self, enable: bool, activities: Iterable) -> None:
        return None


_TRANSITIONS = {
    (ProfilerAction.NONE, ProfilerAction.WARMUP): ("prepare",),
    (ProfilerAction.NONE, ProfilerAction.RECORD): ("prepare", "start"),
    (ProfilerAction.NONE, ProfilerAction.RECORD_AND_SAVE): ("prepare", "start"),
    (ProfilerAction.WARMUP, ProfilerAction.NONE): ("warn:WARMUP followed by NONE", "start", "stop"),
    (ProfilerAction.WARMUP, ProfilerAction.RECORD): ("start",),
    (ProfilerAction.WARMUP, ProfilerAction.RECORD_AND_SAVE): ("start",),
    (ProfilerAction.RECORD, ProfilerAction.NONE): ("warn:RECORD followed by NONE", "stop"),
    (ProfilerAction.RECORD, ProfilerAction.WARMUP): ("warn:RECORD followed by WARMUP", "stop"),
    (ProfilerAction.RECORD_AND_SAVE, ProfilerAction.NONE): ("stop", "ready"),
    (ProfilerAction.RECORD_AND_SAVE, ProfilerAction.WARMUP): ("stop", "ready", "prepare"),
    (ProfilerAction.RECORD_AND_SAVE, ProfilerAction.RECORD): ("stop", "ready", "prepare", "start"),
    (ProfilerAction.RECORD_AND_SAVE, ProfilerAction.RECORD_AND_SAVE): ("stop", "ready", "prepare", "start"),
    (ProfilerAction.WARMUP, None): ("start", "stop"),
    (ProfilerAction.RECORD, None): ("stop", "ready"),
    (ProfilerAction.RECORD_AND_SAVE, None): ("stop", "ready"),
}


class profile(_KinetoProfile):
    """``torch.profiler.profile``: a context manager recording ops per ``schedule`` step."""

    def __init__(self, *, activities: Optional[Iterable] = None, schedule: Optional[Callable] = None,
                 on_trace_ready: Optional[Callable] = None, record_shapes: bool = False,
                 profile_memory: bool = False, with_stack: bool = False, with_flops: bool = False,
                 with_modules: bool = False, experimental_config: Any = None,
                 execution_trace_observer: Any = None, acc_events: bool = False,
                 use_cuda: Optional[bool] = None, custom_trace_id_callback: Any = None, **kwargs) -> None:
        if use_cuda is not None:
            warnings.warn("`use_cuda` is deprecated, use `activities` argument instead", FutureWarning,
                          stacklevel=2)
        super().__init__(activities=activities, record_shapes=record_shapes, profile_memory=profile_memory,
                         with_stack=with_stack, with_flops=with_flops, with_modules=with_modules,
                         experimental_config=experimental_config,
                         execution_trace_observer=execution_trace_observer, acc_events=acc_events,
                         custom_trace_id_callback=custom_trace_id_callback)
        self.record_steps = schedule is not None
        self.schedule = schedule if schedule is not None else _default_schedule_fn
        self.on_trace_ready = on_trace_ready
        self.step_num = 0
        self.current_action = self.schedule(self.step_num)
        self.step_rec_fn = None

    def __enter__(self) -> "profile":
        self.start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb) -> None:
        self.stop()

    def start(self) -> None:
        self._transit(ProfilerAction.NONE, self.current_action)
        self._open_step()

    def stop(self) -> None:
        self._close_step()
        self._transit(self.current_action, None)

    def step(self) -> None:
        """Mark the start of the next step (advances the schedule)."""
        self._close_step()
        prev = self.current_action
        self.step_num += 1
        self.current_action = self.schedule(self.step_num)
        self._transit(prev, self.current_action)
        self._open_step()

    def _open_step(self) -> None:
        if self.record_steps:
            self.step_rec_fn = record_function("ProfilerStep#" + str(self.step_num))
            self.step_rec_fn.__enter__()

    def _close_step(self) -> None:
        if self.record_steps and self.step_rec_fn is not None:
            self.step_rec_fn.__exit__(None, None, None)
            self.step_rec_fn = None

    def _transit(self, prev, current) -> None:
        for action in _TRANSITIONS.get((prev, current), ()):
            if action.startswith("warn:"):
                warnings.warn("Incorrect schedule: " + action[5:], stacklevel=3)
            elif action == "prepare":
                self.prepare_trace()
            elif action == "start":
                self.start_trace()
            elif action == "stop":
                self.stop_trace()
            elif action == "ready" and self.on_trace_ready:
                self.on_trace_ready(self)

    def set_custom_trace_id_callback(self, callback) -> None:
        self.custom_trace_id_callback = callback

    def get_trace_id(self):
        return None


class ExecutionTraceObserver:
    """``torch.profiler.ExecutionTraceObserver``: accepted, records nothing in ember."""

    def __init__(self) -> None:
        self._registered = False
        self.output_file_path = ""

    def register_callback(self, output_file_path: str) -> "ExecutionTraceObserver":
        self._registered = True
        self.output_file_path = output_file_path
        return self

    def unregister_callback(self) -> None:
        self._registered = False

    def is_registered(self) -> bool:
        return self._registered

    def get_output_file_path(self) -> str:
        return self.output_file_path

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def cleanup(self) -> None:
        return None


class _Itt:
    """``torch.profiler.itt``: Intel ITT markers (unavailable: no-ops)."""

    @staticmethod
    def is_available() -> bool:
        return False

    @staticmethod
    def range_push(msg: str) -> None:
        return None

    @staticmethod
    def range_pop() -> None:
        return None

    @staticmethod
    def mark(msg: str) -> None:
        return None


itt = _Itt()
