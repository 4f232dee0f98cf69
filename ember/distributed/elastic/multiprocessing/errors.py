"""``torch.distributed.elastic.multiprocessing.errors``: the ``@record`` entry-point decorator.

Under ``torchrun`` PyTorch's ``record`` writes an uncaught exception to the
error file named by ``TORCHELASTIC_ERROR_FILE`` before re-raising it; run
as a plain script (ember's case) it just calls the function.
"""
from __future__ import annotations

import functools
import json
import os
import time
import traceback

__all__ = ["record", "ChildFailedError", "ErrorHandler"]


class ChildFailedError(Exception):
    """A worker of an elastic job failed (``name`` and per-rank ``failures``)."""

    def __init__(self, name: str, failures: dict) -> None:
        self.name = name
        self.failures = failures
        super().__init__(f"{name} FAILED")


class ErrorHandler:
    """Writes the error of the running process to ``TORCHELASTIC_ERROR_FILE`` (if set)."""

    def initialize(self) -> None:
        return None

    def record_exception(self, e: BaseException) -> None:
        path = os.environ.get("TORCHELASTIC_ERROR_FILE")
        if not path:
            return
        message = {"message": {"message": f"{type(e).__name__}: {e}",
                               "extraInfo": {"py_callstack": traceback.format_exc(),
                                             "timestamp": str(int(time.time()))}}}
        with open(path, "w") as f:
            json.dump(message, f)


def record(fn=None, error_handler: ErrorHandler | None = None):
    """Decorate an entry point so an uncaught exception is recorded, then re-raised."""
    handler = error_handler or ErrorHandler()

    def wrap(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            handler.initialize()
            try:
                return f(*args, **kwargs)
            except Exception as e:
                handler.record_exception(e)
                raise
        return wrapper

    return wrap(fn) if fn is not None else wrap
