"""Run whole PyTorch programs under PyTorch and under ember (``python -m ember run``) in one
subprocess per library, and split the output per program (shared by the program-probe tests)."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_RUNNER = r'''
import runpy
import sys
import warnings
if sys.argv[1] == "quiet":
    warnings.simplefilter("ignore")
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1][:-3]
    print("=== " + name + " ===", flush=True)
    try:
        runpy.run_path(path, run_name="__main__")
    except Exception as e:
        print("UNCAUGHT", type(e).__name__, e)
    sys.stdout.flush()
'''


def _sections(text: str) -> dict:
    out, name = {}, None
    for line in text.splitlines():
        if line.startswith("=== ") and line.endswith(" ==="):
            name = line[4:-4]
            out[name] = []
        elif name is not None:
            out[name].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def run_programs(programs: dict, tmp_dir: str, use_ember: bool, quiet_warnings: bool = False) -> dict:
    """``{name: stdout}`` of each program in ``programs`` (``{name: source}``), run in order in one
    process; an uncaught exception prints ``UNCAUGHT <type> <message>`` and the next one runs."""
    paths = []
    for name, src in programs.items():
        path = os.path.join(tmp_dir, f"{name}.py")
        with open(path, "w") as f:
            f.write(src)
        paths.append(path)
    runner = os.path.join(tmp_dir, "runner.py")
    with open(runner, "w") as f:
        f.write(_RUNNER)
    args = [sys.executable, "-m", "ember", "run", runner] if use_ember else [sys.executable, runner]
    args += ["quiet" if quiet_warnings else "loud"] + paths
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT if use_ember else tmp_dir, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return _sections(proc.stdout)


def program_tests(programs: dict, quiet_warnings: bool = False):
    """The ``ember_outputs``/``torch_outputs`` fixtures and ``test_program_matches_pytorch`` of a
    program-probe module: each program's stdout under ember must equal PyTorch 2.13's.  Assign the
    three results to those names at module level so pytest collects them."""
    import pytest

    @pytest.fixture(scope="module")
    def ember_outputs(tmp_path_factory):
        return run_programs(programs, str(tmp_path_factory.mktemp("ember_progs")), True, quiet_warnings)

    @pytest.fixture(scope="module")
    def torch_outputs(tmp_path_factory):
        torch = pytest.importorskip("torch")
        assert torch.__version__.startswith("2.13")
        return run_programs(programs, str(tmp_path_factory.mktemp("torch_progs")), False, quiet_warnings)

    @pytest.mark.parametrize("name", sorted(programs))
    def test_program_matches_pytorch(name, ember_outputs, torch_outputs):
        out = ember_outputs[name]
        assert out.strip() and "UNCAUGHT" not in out
        assert out == torch_outputs[name]

    return ember_outputs, torch_outputs, test_program_matches_pytorch


def raises_exactly(fn, exc, msg: str) -> None:
    """``fn()`` raises ``exc`` whose message is exactly ``msg``."""
    import pytest
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == msg
