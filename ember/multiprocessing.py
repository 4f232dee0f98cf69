"""``torch.multiprocessing``: Python's ``multiprocessing`` plus PyTorch's additions.

PyTorch's module re-exports the standard library's and adds tensor sharing through shared
memory.  ember's tensors are NumPy arrays, which pickle by value, so processes exchange
copies; the sharing-strategy switches are kept (and validated) so programs that set them
run unchanged.  ``spawn``/``start_processes`` start ``fn(i, *args)`` in ``nprocs``
processes, as PyTorch's do.
"""
from __future__ import annotations

import multiprocessing
from multiprocessing import *  # noqa: F401,F403  (PyTorch re-exports the whole module)
from typing import Callable, Optional

__all__ = list(getattr(multiprocessing, "__all__", ())) + [
    "set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies", "spawn", "start_processes",
    "ProcessContext", "ProcessRaisedException", "ProcessExitedException", "ProcessError",
]

_ALL_STRATEGIES = {"file_descriptor", "file_system"}
_strategy = ["file_descriptor"]


def set_sharing_strategy(new_strategy: str) -> None:
    """``torch.multiprocessing.set_sharing_strategy``."""
    assert new_strategy in _ALL_STRATEGIES
    _strategy[0] = new_strategy


def get_sharing_strategy() -> str:
    """``torch.multiprocessing.get_sharing_strategy`` (``'file_descriptor'`` on Linux by default)."""
    return _strategy[0]


def get_all_sharing_strategies() -> set:
    """``torch.multiprocessing.get_all_sharing_strategies``."""
    return set(_ALL_STRATEGIES)


class ProcessException(Exception):
    """Base of the errors ``ProcessContext.join`` raises, as PyTorch's."""

    def __init__(self, msg: str, error_index: int, pid: int):
        super().__init__(msg)
        self.msg, self.error_index, self.pid = msg, error_index, pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid)


class ProcessRaisedException(ProcessException):
    """A spawned process raised an exception (its traceback is the message)."""


class ProcessExitedException(ProcessException):
    """A spawned process exited with a nonzero code."""

    def __init__(self, msg: str, error_index: int, error_pid: int, exit_code: int, signal_name: Optional[str] = None):
        super().__init__(msg, error_index, error_pid)
        self.exit_code, self.signal_name = exit_code, signal_name

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid, self.exit_code, self.signal_name)


def _wrap(fn: Callable, i: int, args: tuple, error_queue) -> None:
    import traceback
    try:
        fn(i, *args)
    except KeyboardInterrupt:
        pass
    except Exception:  # noqa: BLE001 - reported to the parent, as PyTorch's _wrap does
        error_queue.put(traceback.format_exc())
        raise SystemExit(1)


class ProcessContext:
    """The processes ``start_processes(join=False)`` started; ``join()`` waits and re-raises."""

    def __init__(self, processes, error_queues):
        self.processes = processes
        self.error_queues = error_queues

    def pids(self) -> list:
        return [p.pid for p in self.processes]

    def join(self, timeout: Optional[float] = None) -> bool:
        """Wait for every process; True when all finished.  A failure raises PyTorch's exceptions."""
        for i, p in enumerate(self.processes):
            p.join(timeout)
            if p.exitcode is None:
                return False
            if p.exitcode != 0:
                for q in self.processes:
                    if q.is_alive():
                        q.terminate()
                queue = self.error_queues[i]
                if not queue.empty():
                    tb = queue.get()
                    msg = f"\n\n-- Process {i} terminated with the following error:\n{tb}"
                    raise ProcessRaisedException(msg, i, p.pid)
                raise ProcessExitedException(f"process {i} terminated with exit code {p.exitcode}", i, p.pid,
                                             p.exitcode)
        return True


def start_processes(fn: Callable, args: tuple = (), nprocs: int = 1, join: bool = True, daemon: bool = False,
                    start_method: str = "spawn"):
    """``torch.multiprocessing.start_processes``: ``fn(i, *args)`` for ``i`` in ``range(nprocs)``."""
    ctx = multiprocessing.get_context(start_method)
    processes, queues = [], []
    for i in range(nprocs):
        q = ctx.SimpleQueue()
        p = ctx.Process(target=_wrap, args=(fn, i, args, q), daemon=daemon)
        p.start()
        processes.append(p)
        queues.append(q)
    context = ProcessContext(processes, queues)
    if not join:
        return context
    while not context.join():
        pass
    return None


def spawn(fn: Callable, args: tuple = (), nprocs: int = 1, join: bool = True, daemon: bool = False,
          start_method: str = "spawn"):
    """``torch.multiprocessing.spawn`` (``start_processes`` with the ``spawn`` start method)."""
    if start_method != "spawn":
        import warnings
        warnings.warn(f"This method only supports start_method=spawn (got: {start_method}).\n"
                      "To use a different start_method use:\n\t\t torch.multiprocessing.start_processes(...)",
                      FutureWarning, stacklevel=2)
    return start_processes(fn, args, nprocs, join, daemon, start_method="spawn")
