"""Run every ```python block in docs/ and compare with the ```output block after it.

Conventions (documented in docs/tutorials/README.md):

* the blocks of one .md file run in order in one namespace, in a temporary
  working directory (files they save land there, not in the repo);
* a ```python block directly followed by an ```output block must print exactly
  that text (doctest rules: ``...`` matches anything, trailing spaces ignored);
* ```python no-run marks an illustrative block that is not executed;
* ```python requires=MODULE[,MODULE] runs the block only when each MODULE
  (``sympy``, ``graphviz``, ``matplotlib`` or a dotted attribute such as
  ``ember.nn.Linear``) is available; otherwise that block is skipped, and so
  is the output check after it.  The ``dot`` program counts as ``dot``.
"""
from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import os
import re
import shutil
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.S | re.M)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def doc_files():
    return sorted(p for p in DOCS.rglob("*.md"))


def parse_blocks(text: str):
    """``[(info, code, expected_output_or_None, line)]`` for each ```python block."""
    blocks = []
    matches = list(FENCE.finditer(text))
    for i, m in enumerate(matches):
        info = m.group(1).strip()
        words = info.split()
        if not words or words[0] not in ("python", "py"):
            continue
        expected = None
        if i + 1 < len(matches):
            nxt = matches[i + 1]
            between = text[m.end():nxt.start()]
            nwords = nxt.group(1).split()
            if not between.strip() and nwords and nwords[0] in ("output", "text-output", "pycon-output"):
                expected = nxt.group(2)
        line = text.count("\n", 0, m.start()) + 1
        blocks.append((words[1:], m.group(2), expected, line))
    return blocks


def _available(req: str) -> bool:
    if req == "dot":
        return shutil.which("dot") is not None
    parts = req.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        try:
            for attr in parts[k:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


def _flags(words):
    run, reqs = True, []
    for w in words:
        if w in ("no-run", "norun", "skip"):
            run = False
        elif w.startswith("requires="):
            reqs.extend(r for r in w.split("=", 1)[1].split(",") if r)
    return run, reqs


def check_output(expected: str, got: str) -> bool:
    norm = lambda s: "\n".join(l.rstrip() for l in s.strip("\n").splitlines())  # noqa: E731
    checker = doctest.OutputChecker()
    return checker.check_output(norm(expected) + "\n", norm(got) + "\n", doctest.ELLIPSIS)


def run_doc(path: Path, tmp_path) -> int:
    """Run the blocks of one file; returns how many blocks ran.  Raises AssertionError on mismatch."""
    text = path.read_text(encoding="utf-8")
    ns = {"__name__": "__docs__"}
    ran = 0
    old = os.getcwd()
    os.chdir(tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        import ember
        ember.set_hints(False)
        for words, code, expected, line in parse_blocks(text):
            run, reqs = _flags(words)
            if not run or not all(_available(r) for r in reqs):
                continue
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    exec(compile(code, f"{_rel(path)}:{line}", "exec"), ns)
                except Exception as e:
                    raise AssertionError(f"{_rel(path)} line {line}: the block raised "
                                         f"{type(e).__name__}: {e}\n--- code ---\n{code}") from e
            ran += 1
            if expected is not None and not check_output(expected, buf.getvalue()):
                raise AssertionError(
                    f"{_rel(path)} line {line}: output differs\n--- expected ---\n{expected}"
                    f"--- got ---\n{buf.getvalue()}"
                )
    finally:
        import ember
        ember.set_hints(False)
        os.chdir(old)
        sys.path.remove(str(tmp_path))
        try:
            import matplotlib.pyplot as plt
            plt.close("all")
        except ImportError:
            pass
    return ran


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(DOCS)))
def test_doc_blocks(path, tmp_path):
    run_doc(path, tmp_path)


# ------------------------------------------------------------ the checker itself
def test_parser_pairs_code_with_output_and_flags():
    text = ("intro\n```python\nprint(1)\n```\n\n```output\n1\n```\n"
            "```python no-run\nboom()\n```\n"
            "```python requires=no_such_module_xyz\nboom()\n```\n"
            "```python\nprint(2)\n```\nprose\n```output\n2\n```\n")
    blocks = parse_blocks(text)
    assert [b[2] for b in blocks] == ["1\n", None, None, None]
    assert _flags(blocks[1][0]) == (False, [])
    assert _flags(blocks[2][0]) == (True, ["no_such_module_xyz"])
    assert not _available("no_such_module_xyz")
    assert _available("ember.explain.formula")
    assert not _available("ember.no_such_attribute_xyz")


def test_checker_catches_wrong_output(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("```python\nprint(1 + 1)\n```\n```output\n3\n```\n")
    work = tmp_path / "w"
    work.mkdir()
    with pytest.raises(AssertionError, match="output differs"):
        run_doc(bad, work)
    bad.write_text("```python\nraise ValueError('nope')\n```\n")
    with pytest.raises(AssertionError, match="ValueError"):
        run_doc(bad, work)
    good = tmp_path / "good.md"
    good.write_text("```python\nx = 2\n```\n```python\nprint(x * 21)\nprint('a b c')\n```\n"
                    "```output\n42\na ... c\n```\n```python no-run\nraise SystemExit\n```\n")
    assert run_doc(good, work) == 2


def test_every_doc_is_checked():
    files = doc_files()
    names = {p.name for p in files}
    for k in ("000", "001", "002", "003"):
        assert any(n.startswith(k) for n in names), f"tutorial {k} missing from docs/tutorials"
    total = sum(len(parse_blocks(p.read_text(encoding="utf-8"))) for p in files)
    assert total >= 20
