"""Conformance: every seed snippet, run through ``python -m ember run``, prints
exactly what PyTorch 2.13 printed (recorded in tests/golden/snippets/*.out)."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "snippets"


def _snippet_dir() -> pathlib.Path | None:
    for cand in (ROOT.parent / "shared" / "seeds" / "snippets", ROOT / "shared" / "seeds" / "snippets"):
        if cand.is_dir():
            return cand
    return None


SNIPPETS = sorted(p.stem for p in GOLDEN.glob("*.out"))


def _run(script: pathlib.Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "ember", "run", str(script)], capture_output=True, text=True,
                          env=env, cwd=str(script.parent), timeout=120)


@pytest.mark.parametrize("name", SNIPPETS)
def test_snippet_output_matches_pytorch(name: str) -> None:
    d = _snippet_dir()
    if d is None:
        pytest.skip("shared/seeds/snippets not present")
    script = d / f"{name}.py"
    if "matplotlib" in script.read_text():
        pytest.importorskip("matplotlib")
    res = _run(script)
    assert res.returncode == 0, res.stderr
    assert res.stdout == (GOLDEN / f"{name}.out").read_text()


def test_all_snippets_have_golden_output() -> None:
    d = _snippet_dir()
    if d is None:
        pytest.skip("shared/seeds/snippets not present")
    assert sorted(p.stem for p in d.glob("*.py")) == SNIPPETS


def test_run_never_imports_real_torch(tmp_path) -> None:
    script = tmp_path / "probe.py"
    script.write_text("import sys, torch, torch.nn, torch.optim, torch.autograd\n"
                      "print(torch.__name__, torch.nn.__name__, type(torch.tensor(1.)).__module__,\n"
                      "      type(torch.tensor(1.)) is sys.modules['ember'].Tensor)\n")
    res = _run(script)
    assert res.returncode == 0, res.stderr
    # the class is ember's; under ``run`` it carries PyTorch's module name (``<class 'torch.Tensor'>``)
    assert res.stdout.split() == ["ember", "ember.nn", "torch", "True"]
