"""``torch.utils.benchmark.Timer``: ``timeit``, ``repeat``, ``autorange``, ``blocked_autorange``,
``adaptive_autorange``, with PyTorch's block-size estimation and stopping rules."""
from __future__ import annotations

import enum
import textwrap
import timeit
from typing import Any, Callable, Optional

import numpy as np

from .common import Measurement, TaskSpec

__all__ = ["Timer", "timer", "Language"]

timer = timeit.default_timer


class Language(enum.Enum):
    PYTHON = 0
    CPP = 1


def _clean(code: str) -> str:
    code = textwrap.dedent(code)
    return (code[1:] if code and code[0] == "\n" else code).rstrip()


class _Threads:
    """Run the timing loop with ``num_threads`` intra-op threads, as PyTorch does."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __enter__(self):
        import ember
        self.prev = ember.get_num_threads()
        ember.set_num_threads(self.n)

    def __exit__(self, *exc) -> None:
        import ember
        ember.set_num_threads(self.prev)


class Timer:
    """Time ``stmt`` (Python source) after ``setup``, with ``globals`` (``torch`` is predefined)."""

    _timer_cls = timeit.Timer

    def __init__(self, stmt: str = "pass", setup: str = "pass", global_setup: str = "",
                 timer: Callable[[], float] = timer, globals: Optional[dict] = None,
                 label: Optional[str] = None, sub_label: Optional[str] = None,
                 description: Optional[str] = None, env: Optional[str] = None, num_threads: int = 1,
                 language: Any = Language.PYTHON) -> None:
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        import ember
        self._globals = dict(globals or {})
        if language in (Language.PYTHON, "py", "python"):
            self._globals.setdefault("torch", ember)
            self._language = Language.PYTHON
            if global_setup:
                raise ValueError(f"global_setup is C++ only, got `{global_setup}`. Most "
                                 "likely this code can simply be moved to `setup`.")
        elif language in (Language.CPP, "cpp", "c++"):
            raise NotImplementedError("ember cannot compile C++ benchmarks")
        else:
            raise ValueError(f"Invalid language `{language}`.")
        stmt = _clean(stmt)
        setup = _clean(setup)
        self._timer = self._timer_cls(stmt=stmt, setup=setup, timer=timer, globals=self._globals)
        self._task_spec = TaskSpec(stmt=stmt, setup=setup, global_setup=global_setup, label=label,
                                   sub_label=sub_label, description=description, env=env,
                                   num_threads=num_threads)

    def _timeit(self, number: int) -> float:
        return max(self._timer.timeit(number), 1e-9)  # a zero time would break the statistics

    def _measurement(self, number: int, times: list) -> Measurement:
        return Measurement(number_per_run=number, raw_times=times, task_spec=self._task_spec)

    def timeit(self, number: int = 1000000) -> Measurement:
        """One measurement of ``number`` runs (after a short warmup)."""
        with _Threads(self._task_spec.num_threads):
            self._timeit(number=max(int(number // 100), 2))
            return self._measurement(number, [self._timeit(number=number)])

    def repeat(self, repeat: int = -1, number: int = -1):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def autorange(self, callback=None):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def _estimate_block_size(self, min_run_time: float) -> int:
        """The smallest power of ten of runs whose time dwarfs the timer's own overhead."""
        with _Threads(self._task_spec.num_threads):
            overhead = float(np.median([self._timeit(0) for _ in range(5)]))
            number = 1
            while True:
                taken = self._timeit(number)
                if overhead / taken <= 1e-4 and taken >= min_run_time / 1000:
                    break
                if taken > min_run_time or number * 10 > 2147483647:
                    break
                number *= 10
        return number

    def _measurement_loop(self, number: int, stop_hook, min_run_time: float, max_run_time=None,
                          callback=None) -> list:
        total = 0.0
        can_stop = False
        times: list = []
        with _Threads(self._task_spec.num_threads):
            while total < min_run_time or not can_stop:
                spent = self._timeit(number)
                times.append(spent)
                total += spent
                if callback:
                    callback(number, spent)
                can_stop = stop_hook(times)
                if max_run_time and total > max_run_time:
                    break
        return times

    def blocked_autorange(self, callback=None, min_run_time: float = 0.2) -> Measurement:
        """Blocks of runs (block size estimated first) until ``min_run_time`` seconds are spent."""
        number = self._estimate_block_size(min_run_time)
        times = self._measurement_loop(number, lambda times: True, min_run_time, callback=callback)
        return self._measurement(number, times)

    def adaptive_autorange(self, threshold: float = 0.1, *, min_run_time: float = 0.01,
                           max_run_time: float = 10.0, callback=None) -> Measurement:
        """Blocks of runs until IQR/median < ``threshold`` (after at least 4), or ``max_run_time``."""
        number = self._estimate_block_size(min_run_time=0.05)

        def stop_hook(times: list) -> bool:
            return len(times) > 3 and self._measurement(number, times).meets_confidence(threshold=threshold)

        times = self._measurement_loop(number, stop_hook, min_run_time, max_run_time, callback=callback)
        return self._measurement(number, times)

    def collect_callgrind(self, *args, **kwargs):
        raise NotImplementedError("ember has no Callgrind support")
