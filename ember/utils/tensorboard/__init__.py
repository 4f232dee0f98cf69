"""``torch.utils.tensorboard``: ``SummaryWriter`` over the ``tensorboard`` package.

As in PyTorch, importing this module imports ``tensorboard`` first, so
without it the import fails with the same ``ModuleNotFoundError``, and an
old release raises PyTorch's version ``ImportError``.
"""
import tensorboard


def _release(version: str) -> tuple:
    parts = []
    for piece in version.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


if not hasattr(tensorboard, "__version__") or _release(tensorboard.__version__) < (1, 15):
    raise ImportError("TensorBoard logging requires TensorBoard version 1.15 or above")

del tensorboard

from .writer import FileWriter, SummaryWriter  # noqa: E402
from tensorboard.summary.writer.record_writer import RecordWriter  # noqa: E402

__all__ = ["FileWriter", "RecordWriter", "SummaryWriter"]
