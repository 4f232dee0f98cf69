"""``torch.utils.benchmark``: ``Timer``, ``Measurement``, ``Compare`` (PyTorch's layouts, ember's times)."""
from .utils.common import Measurement, TaskSpec, ordered_unique, select_unit, trim_sigfig, unit_to_english  # noqa: F401
from .utils.compare import Colorize, Compare  # noqa: F401
from .utils.timer import Language, Timer, timer  # noqa: F401

__all__ = ["Timer", "Measurement", "Compare", "Colorize", "Language", "TaskSpec", "timer", "select_unit"]
