"""``torch.profiler``: ``profile``, ``schedule``, ``record_function`` and trace handlers.

The implementation lives in ``profiler.py`` (PyTorch's ``torch.profiler.profiler``).
"""
from __future__ import annotations

from ..autograd.profiler import record_function
from ..autograd.profiler_util import DeviceType
from .profiler import (ExecutionTraceObserver, ProfilerAction, ProfilerActivity, _KinetoProfile,
                       itt, kineto_available, profile, schedule, supported_activities,
                       tensorboard_trace_handler)

__all__ = ["profile", "schedule", "supported_activities", "tensorboard_trace_handler", "ProfilerAction",
           "ProfilerActivity", "kineto_available", "DeviceType", "record_function", "ExecutionTraceObserver"]
