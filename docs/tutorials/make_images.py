"""Regenerate the pictures in docs/tutorials/images/ by running the tutorials' own code.

    python docs/tutorials/make_images.py

Each tutorial's ```python blocks run in order in a scratch directory (as the
docs test runs them); every image a tutorial references as ``images/NAME`` and
that its code wrote as ``NAME`` is copied here.  So the pictures are exactly
what ember.viz and ember.plot drew for that code.  Needs graphviz (the
package and the ``dot`` program) and matplotlib.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.S | re.M)
IMAGE = re.compile(r"!\[[^\]]*\]\(images/([^)]+)\)")


def run(md: Path, out_dir: Path) -> list:
    text = md.read_text(encoding="utf-8")
    wanted = IMAGE.findall(text)
    if not wanted:
        return []
    ns = {"__name__": "__docs__"}
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        old = os.getcwd()
        os.chdir(tmp)
        try:
            for m in FENCE.finditer(text):
                words = m.group(1).split()
                if not words or words[0] != "python" or "no-run" in words[1:]:
                    continue
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        exec(compile(m.group(2), str(md), "exec"), ns)
                except Exception as e:  # e.g. a block needing a module not installed
                    print(f"{md.name}: skipped a block ({type(e).__name__}: {e})", file=sys.stderr)
            for name in wanted:
                src = Path(tmp) / name
                if src.exists():
                    shutil.copyfile(src, out_dir / name)
                    written.append(name)
                else:
                    print(f"{md.name}: {name} was not produced", file=sys.stderr)
        finally:
            os.chdir(old)
    return written


def main() -> int:
    sys.path.insert(0, str(HERE.parent.parent))
    out_dir = HERE / "images"
    out_dir.mkdir(exist_ok=True)
    for md in sorted(HERE.glob("*.md")):
        for name in run(md, out_dir):
            print(f"wrote images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
