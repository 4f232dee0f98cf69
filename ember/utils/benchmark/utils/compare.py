"""``torch.utils.benchmark.Compare``: many Measurements as one table per label.

Rows are (threads, env, sub_label or stmt), columns are descriptions, times
share one unit per table; ``trim_significant_figures``, ``colorize`` and
``highlight_warnings`` change the cells as in PyTorch.
"""
from __future__ import annotations

import collections
import enum
import math
from typing import Optional

from . import common

__all__ = ["Colorize", "Compare"]

BEST = "\033[92m"
GOOD = "\033[34m"
BAD = "\033[2m\033[91m"
VERY_BAD = "\033[31m"
BOLD = "\033[1m"
TERMINATE = "\033[0m"


class Colorize(enum.Enum):
    NONE = "none"
    COLUMNWISE = "columnwise"
    ROWWISE = "rowwise"


class _Column:
    """One description's cells: a shared number template (digits fitted to the column)."""

    def __init__(self, grouped_results, time_scale: float, trim: bool, highlight_warnings: bool) -> None:
        self._grouped_results = grouped_results
        flat = [r for group in grouped_results for r in group]
        self._trim = trim
        self._highlight = highlight_warnings and any(r.has_warnings for r in flat if r)
        leading = [int(math.ceil(math.log10(r.median / time_scale))) if r else None for r in flat]
        unit_digits = max(d for d in leading if d is not None)
        if trim:
            decimal_digits = min(max(m.significant_figures - d, 0)
                                 for d, m in zip(leading, flat) if m is not None and d is not None)
        else:
            decimal_digits = 1
        length = unit_digits + decimal_digits + (1 if decimal_digits else 0)
        self._template = f"{{:>{length}.{decimal_digits}f}}{{:>{7 if self._highlight else 0}}}"

    def get_results_for(self, group: int):
        return self._grouped_results[group]

    def num_to_str(self, value: Optional[float], sigfigs: int, spread: Optional[float]) -> str:
        if value is None:
            return " " * len(self.num_to_str(1, sigfigs, None))
        if self._trim:
            value = common.trim_sigfig(value, sigfigs)
        warn = f" (! {spread * 100:.0f}%)" if self._highlight and spread is not None else ""
        return self._template.format(value, warn)


def _color(segment: str, value: float, best: float) -> str:
    if value <= best * 1.01 or value <= best + 100e-9:
        return BEST + BOLD + segment + TERMINATE * 2
    if value <= best * 1.1:
        return GOOD + BOLD + segment + TERMINATE * 2
    if value >= best * 5:
        return VERY_BAD + BOLD + segment + TERMINATE * 2
    if value >= best * 2:
        return BAD + segment + TERMINATE * 2
    return segment


class _Row:
    def __init__(self, results, group: int, render_env: bool, env_len: int, time_scale: float,
                 colorize: Colorize, num_threads: Optional[int]) -> None:
        self._results = results
        self._group = group
        self._render_env = render_env
        self._env_len = env_len
        self._time_scale = time_scale
        self._colorize = colorize
        self._num_threads = num_threads
        self._columns: tuple = ()

    def cells(self) -> list:
        first = next(r for r in self._results if r is not None)
        env = f"({first.env})" if self._render_env else ""
        out = ["  " + env.ljust(self._env_len + 4) + first.as_row_name]
        for m, col in zip(self._results, self._columns):
            if m is None:
                out.append(col.num_to_str(None, 1, None))
            else:
                spread = m.iqr / m.median if m.has_warnings else None
                out.append(col.num_to_str(m.median / self._time_scale, m.significant_figures, spread))
        return out

    def separator(self, width: int) -> list:
        return [f"{self._num_threads} threads: ".ljust(width, "-")] if self._num_threads is not None else []

    def finalize(self, cells: list, widths: list) -> list:
        best = [-1 for _ in cells]
        if self._colorize == Colorize.ROWWISE:
            row_min = min(r.median for r in self._results if r is not None)
            best = [row_min for _ in cells]
        elif self._colorize == Colorize.COLUMNWISE:
            best = []
            for col in self._columns:
                medians = [r.median for r in col.get_results_for(self._group) if r is not None]
                best.append(min(medians) if medians else None)
        row = [cells[0].ljust(widths[0])]
        for text, width, result, best_value in zip(cells[1:], widths[1:], self._results, best):
            text = text.center(width)
            if self._colorize != Colorize.NONE and result is not None and best_value is not None:
                text = _color(text, result.median, best_value)
            row.append(text)
        return row


class _Table:
    def __init__(self, results: list, colorize: Colorize, trim: bool, highlight_warnings: bool) -> None:
        if len({r.label for r in results}) != 1:
            raise AssertionError("All results must share the same label")
        self.results = results
        self.label = results[0].label
        self.colorize = colorize
        self.highlight_warnings = highlight_warnings
        self.time_unit, self.time_scale = common.select_unit(min(r.median for r in results))
        self.row_keys = common.ordered_unique([(r.num_threads, r.env, r.as_row_name) for r in results])
        self.row_keys.sort(key=lambda k: k[:2])
        self.column_keys = common.ordered_unique([r.description for r in results])
        self.rows = self._build(trim)

    def _build(self, trim: bool) -> list:
        grid = [[None for _ in self.column_keys] for _ in self.row_keys]
        row_pos = {k: i for i, k in enumerate(self.row_keys)}
        col_pos = {k: i for i, k in enumerate(self.column_keys)}
        for r in self.results:
            grid[row_pos[(r.num_threads, r.env, r.as_row_name)]][col_pos[r.description]] = r
        envs = {r.env for r in self.results}
        render_env = len(envs) > 1
        env_len = max(len(e) for e in envs) if render_env else 0
        rows, groups = [], []
        prior_threads, prior_env, group = -1, "", -1
        for (threads, env, _), cells in zip(self.row_keys, grid):
            transition = threads != prior_threads
            if transition:
                prior_threads, prior_env = threads, ""
                group += 1
                groups.append([])
            rows.append(_Row(cells, group, render_env and env != prior_env, env_len, self.time_scale,
                             self.colorize, threads if transition else None))
            groups[-1].append(cells)
            prior_env = env
        columns = tuple(_Column([tuple(row[i] for row in g) for g in groups], self.time_scale, trim,
                                self.highlight_warnings) for i in range(len(self.column_keys)))
        for row in rows:
            row._columns = columns
        return rows

    def render(self) -> str:
        grid = [[""] + [k if k is not None else "None" for k in self.column_keys]]
        grid[0] = [""] + list(self.column_keys)
        grid.extend(row.cells() for row in self.rows)
        ncols = max(len(r) for r in grid)
        for r in grid:
            r.extend("" for _ in range(ncols - len(r)))
        widths = [max(len(str(c)) for c in col) for col in zip(*grid)]
        lines = ["  |  ".join(str(c).center(w) for c, w in zip(grid[0], widths))]
        overall = len(lines[0])
        for cells, row in zip(grid[1:], self.rows):
            lines.extend(row.separator(overall))
            lines.append("  |  ".join(row.finalize(cells, widths)))
        warn = self.highlight_warnings and any(r.has_warnings for r in self.results)
        note = ("(! XX%) Measurement has high variance, where XX is the IQR / median * 100.\n" if warn else "")
        title = (" " + (self.label or "") + " ").center(overall - 2, "-")
        body = "\n".join(lines)
        return (f"[{title}]\n{body}\n\nTimes are in {common.unit_to_english(self.time_unit)}s "
                f"({self.time_unit}).\n{note}")


class Compare:
    """Format many Measurements as tables (one per label)."""

    def __init__(self, results: list) -> None:
        self._results: list = []
        self.extend_results(results)
        self._trim_significant_figures = False
        self._colorize = Colorize.NONE
        self._highlight_warnings = False

    def __str__(self) -> str:
        return "\n".join(self._render())

    def extend_results(self, results) -> None:
        for r in results:
            if not isinstance(r, common.Measurement):
                raise ValueError("Expected an instance of `Measurement`, " f"got {type(r)} instead.")
        self._results.extend(results)

    def trim_significant_figures(self) -> None:
        self._trim_significant_figures = True

    def colorize(self, rowwise: bool = False) -> None:
        self._colorize = Colorize.ROWWISE if rowwise else Colorize.COLUMNWISE

    def highlight_warnings(self) -> None:
        self._highlight_warnings = True

    def print(self) -> None:
        print(str(self))

    def _render(self) -> list:
        merged = common.Measurement.merge(self._results)
        by_label: dict = collections.defaultdict(list)
        for r in merged:
            by_label[r.label].append(r)
        return [_Table(group, self._colorize, self._trim_significant_figures,
                       self._highlight_warnings).render() for group in by_label.values()]
