"""Profiler events and their summary table (``torch.autograd.profiler_util``).

``FunctionEvent`` is one recorded call (an op, a ``record_function`` block,
an autograd node); ``EventList.key_averages()`` groups them into
``FunctionEventAvg`` rows and ``table()`` prints them in PyTorch's layout:
the same columns, widths, units and the ``Self CPU time total`` footer.
Times are ember's own, so the numbers differ from PyTorch's.
"""
from __future__ import annotations

import enum
import json
import math
import os
from collections import OrderedDict

__all__ = ["DeviceType", "EventList", "FunctionEvent", "FunctionEventAvg", "Interval"]


class DeviceType(enum.Enum):
    """``torch.autograd.DeviceType``: where an event ran (ember: always CPU)."""

    CPU = 0
    CUDA = 1

    def __str__(self) -> str:
        return f"DeviceType.{self.name}"


def _format_time(time_us: float) -> str:
    """PyTorch's time cell: seconds, milliseconds or microseconds with three decimals."""
    if time_us >= 1e6:
        return f"{time_us / 1e6:.3f}s"
    if time_us >= 1e3:
        return f"{time_us / 1e3:.3f}ms"
    return f"{time_us:.3f}us"


def _format_time_share(time_us: float, total_us: float) -> str:
    """A time as a percentage of the total (``NaN`` when nothing was timed)."""
    if total_us == 0:
        return "NaN"
    return f"{time_us * 100.0 / total_us:.2f}%"


def _format_memory(nbytes: int) -> str:
    """PyTorch's memory cell: ``12 B``, ``1.50 KB``, ``2.00 MB``, ``1.00 GB``."""
    kb = 1024
    mb = 1024 * kb
    gb = 1024 * mb
    if abs(nbytes) >= gb:
        return f"{nbytes * 1.0 / gb:.2f} GB"
    if abs(nbytes) >= mb:
        return f"{nbytes * 1.0 / mb:.2f} MB"
    if abs(nbytes) >= kb:
        return f"{nbytes * 1.0 / kb:.2f} KB"
    return str(nbytes) + " B"


def _override_time_unit(time_us: float, time_unit) -> str:
    if time_unit == "s":
        return f"{time_us / 1e6:.3f}s"
    if time_unit == "ms":
        return f"{time_us / 1e3:.3f}ms"
    if time_unit == "us":
        return f"{time_us:.3f}us"
    return _format_time(time_us)


class Interval:
    """A start/end pair in microseconds (``profiler_util.Interval``)."""

    def __init__(self, start: float, end: float) -> None:
        self.start = start
        self.end = end

    def elapsed_us(self) -> float:
        return self.end - self.start


class _TimeStrings:
    """The ``*_str`` properties shared by events and averages."""

    @property
    def cpu_time_str(self) -> str:
        return _format_time(self.cpu_time)

    @property
    def cpu_time_total_str(self) -> str:
        return _format_time(self.cpu_time_total)

    @property
    def self_cpu_time_total_str(self) -> str:
        return _format_time(self.self_cpu_time_total)

    @property
    def device_time_str(self) -> str:
        return _format_time(0.0)

    @property
    def device_time_total_str(self) -> str:
        return _format_time(0.0)

    @property
    def self_device_time_total_str(self) -> str:
        return _format_time(0.0)

    @property
    def cpu_time(self) -> float:
        return 0.0 if self.count == 0 else self.cpu_time_total / self.count

    device_time = 0.0
    device_time_total = 0.0
    self_device_time_total = 0.0
    device_memory_usage = 0
    self_device_memory_usage = 0
    flops = 0


class FunctionEvent(_TimeStrings):
    """One recorded call: name, interval (us), children, shapes, memory and stack."""

    def __init__(self, id: int, name: str, thread: int, start_us: float, end_us: float,
                 input_shapes=None, stack=None, cpu_memory_usage: int = 0, sequence_nr: int = -1,
                 is_user_annotation: bool = False) -> None:
        self.id = id
        self.node_id = -1
        self.name = name
        self.overload_name = ""
        self.trace_name = name
        self.time_range = Interval(start_us, end_us)
        self.thread = thread
        self.input_shapes = input_shapes if input_shapes is not None else []
        self.stack = stack if stack is not None else []
        self.scope = 0
        self.use_device = None
        self.cpu_children: list[FunctionEvent] = []
        self.cpu_parent: FunctionEvent | None = None
        self.cpu_memory_usage = cpu_memory_usage
        self.device_type = DeviceType.CPU
        self.is_async = False
        self.is_remote = False
        self.sequence_nr = sequence_nr
        self.is_legacy = False
        self.is_user_annotation = is_user_annotation
        self.count = 1
        self.flops = 0
        self.kernels: list = []
        self.concrete_inputs: list = []

    @property
    def key(self) -> str:
        return self.name

    def append_cpu_child(self, child: "FunctionEvent") -> None:
        self.cpu_children.append(child)

    def set_cpu_parent(self, parent: "FunctionEvent") -> None:
        self.cpu_parent = parent

    @property
    def cpu_time_total(self) -> float:
        return self.time_range.elapsed_us()

    @property
    def self_cpu_time_total(self) -> float:
        return self.cpu_time_total - sum(c.cpu_time_total for c in self.cpu_children)

    @property
    def self_cpu_memory_usage(self) -> int:
        return self.cpu_memory_usage - sum(c.cpu_memory_usage for c in self.cpu_children)

    def __repr__(self) -> str:
        children = str([c.id for c in self.cpu_children])
        return (
            f"<FunctionEvent id={self.id} name={self.name} overload_name={self.overload_name} "
            f"device_type={self.device_type} node_id={self.node_id} cpu_time={self.cpu_time_str} "
            f"start_us={self.time_range.start} end_us={self.time_range.end} "
            f"cpu_children={children} None_time={self.device_time_str} "
            f"name={self.name} thread={self.thread} input_shapes={self.input_shapes} "
            f"cpu_memory_usage={self.cpu_memory_usage} None_memory_usage=0 "
            f"is_async=False is_remote=False seq_nr={self.sequence_nr} is_legacy=False>"
        )


class FunctionEventAvg(_TimeStrings):
    """The sum of the events sharing a key (``key_averages`` rows, ``total_average``)."""

    def __init__(self) -> None:
        self.key = None
        self.count = 0
        self.node_id = 0
        self.is_async = False
        self.is_remote = False
        self.use_device = None
        self.cpu_time_total = 0
        self.self_cpu_time_total = 0
        self.input_shapes = None
        self.overload_name = None
        self.stack = None
        self.scope = None
        self.cpu_memory_usage = 0
        self.self_cpu_memory_usage = 0
        self.cpu_children = None
        self.cpu_parent = None
        self.device_type = DeviceType.CPU
        self.is_legacy = False
        self.is_user_annotation = False
        self.flops = 0

    def add(self, other) -> "FunctionEventAvg":
        if self.key is None:
            self.key = other.key
            self.node_id = other.node_id
            self.cpu_parent = other.cpu_parent
            self.cpu_children = other.cpu_children
            self.overload_name = other.overload_name
            self.input_shapes = other.input_shapes
            self.stack = other.stack
            self.scope = other.scope
            self.is_user_annotation = other.is_user_annotation
        self.cpu_time_total += other.cpu_time_total
        self.self_cpu_time_total += other.self_cpu_time_total
        self.cpu_memory_usage += other.cpu_memory_usage
        self.self_cpu_memory_usage += other.self_cpu_memory_usage
        self.count += other.count
        self.flops += other.flops
        return self

    def __iadd__(self, other) -> "FunctionEventAvg":
        return self.add(other)

    def __repr__(self) -> str:
        return (
            f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total_str} "
            f"cpu_time={self.cpu_time_str}  self_cuda_time={self.self_device_time_total_str} "
            f"cuda_time={self.device_time_str} input_shapes={self.input_shapes} "
            f"cpu_memory_usage={self.cpu_memory_usage} cuda_memory_usage=0>"
        )


class EventList(list):
    """A list of events with PyTorch's summaries: ``key_averages``, ``table``, ``total_average``."""

    def __init__(self, *args, use_device=None, profile_memory: bool = False, with_flops: bool = False) -> None:
        super().__init__(*args)
        self._use_device = use_device
        self._profile_memory = profile_memory
        self._with_flops = with_flops

    @property
    def self_cpu_time_total(self) -> float:
        return sum(e.self_cpu_time_total for e in self)

    def key_averages(self, group_by_input_shapes: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False) -> "EventList":
        """Group events by name (and, optionally, input shapes or stack) into summed rows."""
        stats: OrderedDict = OrderedDict()
        for evt in self:
            key = [evt.key, str(evt.node_id), str(evt.device_type), str(evt.is_legacy),
                   str(evt.is_user_annotation)]
            if group_by_overload_name:
                key.append(evt.overload_name)
            if group_by_input_shapes:
                key.append(str(evt.input_shapes))
            if group_by_stack_n > 0:
                key += evt.stack[:group_by_stack_n]
            key = tuple(key)
            if key not in stats:
                stats[key] = FunctionEventAvg()
            stats[key].add(evt)
        averages = EventList(stats.values(), use_device=self._use_device,
                             profile_memory=self._profile_memory, with_flops=self._with_flops)
        for avg in averages:
            avg.stack = avg.stack[:group_by_stack_n]
            if not group_by_input_shapes:
                avg.input_shapes = ""
            if not group_by_overload_name:
                avg.overload_name = ""
        return averages

    def total_average(self) -> FunctionEventAvg:
        total = FunctionEventAvg()
        for evt in self:
            total += evt
            total.key = None
        total.key = "Total"
        return total

    def table(self, sort_by=None, row_limit: int = 100, max_src_column_width: int = 75,
              max_name_column_width: int = 55, max_shapes_column_width: int = 80, header=None,
              top_level_events_only: bool = False, time_unit=None) -> str:
        """The summary table, laid out as PyTorch prints it."""
        return _build_table(self, sort_by=sort_by, header=header, row_limit=row_limit,
                            max_src_column_width=max_src_column_width,
                            max_name_column_width=max_name_column_width,
                            max_shapes_column_width=max_shapes_column_width,
                            profile_memory=self._profile_memory, with_flops=self._with_flops,
                            top_level_events_only=top_level_events_only, time_unit=time_unit)

    def __str__(self) -> str:
        return self.table()

    def export_chrome_trace(self, path: str) -> None:
        """Write the events as a Chrome trace (``chrome://tracing``, Perfetto)."""
        _write_chrome_trace(self, path)

    def export_stacks(self, path: str, metric: str = "self_cpu_time_total") -> None:
        """Write ``stack;frames value`` lines (flame-graph input) for events recorded with stacks."""
        with open(path, "w") as f:
            for evt in self:
                if evt.stack:
                    frames = ";".join(reversed(evt.stack))
                    f.write(f"{frames} {int(getattr(evt, metric))}\n")


def _write_chrome_trace(events, path: str) -> None:
    trace = []
    pid = os.getpid()
    for evt in events:
        trace.append({"ph": "X", "cat": "cpu_op", "name": evt.name, "pid": pid, "tid": evt.thread,
                      "ts": evt.time_range.start, "dur": evt.time_range.elapsed_us(),
                      "args": {"Input Dims": evt.input_shapes} if evt.input_shapes else {}})
    opener = open
    if path.endswith(".gz"):
        import gzip
        opener = gzip.open
    with opener(path, "wt") as f:
        json.dump({"schemaVersion": 1, "traceEvents": trace, "traceName": path,
                   "displayTimeUnit": "ms"}, f)


def _table_events(events, sort_by):
    if sort_by is None:
        return list(events)
    attr = sort_by.replace("cuda", "device").replace("xpu", "device").replace("privateuse1", "device")
    return sorted(events, key=lambda e: getattr(e, attr), reverse=True)


class _Columns:
    """Row format and separator built column by column (2 spaces after each)."""

    SPACING = 2

    def __init__(self) -> None:
        self.row_format = ""
        self.separator = ""
        self.line_length = -self.SPACING

    def add(self, width: int, align: str = ">") -> None:
        self.row_format += "{: " + align + str(width) + "}" + " " * self.SPACING
        self.separator += "-" * width + " " * self.SPACING
        self.line_length += width + self.SPACING


def _trim_path(path: str, width: int) -> str:
    if len(path) > width:
        path = path[len(path) - width:]
        if len(path) > 3:
            path = "..." + path[3:]
    return path


_FLOP_UNITS = ("FLOPs", "KFLOPs", "MFLOPs", "GFLOPs", "TFLOPs", "PFLOPs")


def _flops_scale(smallest: float) -> tuple:
    """The scale and header unit that show the smallest positive FLOP count in thousands-steps."""
    step = max(0.0, min(math.log10(smallest) / 3, float(len(_FLOP_UNITS) - 1)))
    return 10 ** (math.floor(step) * -3.0), _FLOP_UNITS[int(step)]


def _build_table(events, sort_by=None, header=None, row_limit=100, max_src_column_width=75,
                 max_name_column_width=55, max_shapes_column_width=80, profile_memory=False, with_flops=False,
                 top_level_events_only=False, time_unit=None) -> str:
    if len(events) == 0:
        return ""
    has_shapes = any(e.input_shapes is not None and len(e.input_shapes) > 0 for e in events)
    events = _table_events(events, sort_by)
    name_width = max(len(e.key) for e in events) + 4
    if max_name_column_width is not None:
        name_width = min(name_width, max_name_column_width)
    shapes_width = max(len(str(e.input_shapes)) for e in events) + 4
    if max_shapes_column_width is not None:
        shapes_width = min(shapes_width, max_shapes_column_width)
    stacks = [e.stack for e in events if e.stack]
    src_width = None
    if stacks:
        src_width = max(max(len(s) for s in stack) for stack in stacks) + 4
        if max_src_column_width is not None:
            src_width = min(src_width, max_src_column_width)

    headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg"]
    if profile_memory:
        headers += ["CPU Mem", "Self CPU Mem"]
    headers.append("# of Calls")
    cols = _Columns()
    cols.add(name_width)
    for _ in headers[1:]:
        cols.add(12)
    if has_shapes:
        headers.append("Input Shapes")
        cols.add(shapes_width)
    if stacks:
        headers.append("Source Location")
        cols.add(src_width, "<")
    flops_scale = None
    raw_flops = [e.flops for e in events if e.flops > 0] if with_flops else []
    if raw_flops:
        flops_scale, unit = _flops_scale(min(raw_flops))
        headers.append(f"Total {unit}")
        cols.add(12)

    total_self = sum(e.self_cpu_time_total for e in events)
    lines = []
    if header is not None:
        lines += ["=" * cols.line_length, header]
    if top_level_events_only:
        lines += ["=" * cols.line_length, "This report only display top-level ops statistics"]
    lines += [cols.separator, cols.row_format.format(*headers), cols.separator]
    shown = 0
    for evt in events:
        if shown == row_limit:
            break
        if top_level_events_only and evt.cpu_parent is not None:
            continue
        shown += 1
        lines += _table_rows(evt, cols, headers, total_self, name_width, shapes_width, src_width,
                             max_name_column_width, profile_memory, has_shapes, time_unit, flops_scale)
    lines.append(cols.separator)
    lines.append(f"Self CPU time total: {_override_time_unit(total_self, time_unit)}")
    return "".join(line + "\n" for line in lines)


def _table_rows(evt, cols, headers, total_self, name_width, shapes_width, src_width, max_name_width,
                profile_memory, has_shapes, time_unit, flops_scale=None) -> list:
    name = evt.key
    if max_name_width is not None and len(name) >= max_name_width - 3:
        name = name[:max_name_width - 3] + "..."
    values = [name,
              _format_time_share(evt.self_cpu_time_total, total_self),
              _override_time_unit(evt.self_cpu_time_total, time_unit),
              _format_time_share(evt.cpu_time_total, total_self),
              _override_time_unit(evt.cpu_time_total, time_unit),
              _override_time_unit(evt.cpu_time, time_unit)]
    if profile_memory:
        values += [_format_memory(evt.cpu_memory_usage), _format_memory(evt.self_cpu_memory_usage)]
    values.append(evt.count)
    if has_shapes:
        values.append(str(evt.input_shapes)[:shapes_width])
    stack = evt.stack or []
    if flops_scale is not None:
        values.append("--" if evt.flops <= 0 else f"{evt.flops * flops_scale:8.3f}")
    if src_width is not None:
        values.append(_trim_path(stack[0], src_width) if stack else "")
    rows = [cols.row_format.format(*values)]
    if src_width is not None:
        blank = [""] * (len(headers) - 1)
        for entry in stack[1:]:
            rows.append(cols.row_format.format(*(blank + [_trim_path(entry, src_width)])))
        rows.append(cols.row_format.format(*(blank + [""])))
    return rows
