"""``python -m ember explain``: output for the seed examples, every error path, optional outputs."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ember._cli import explain_main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    code = explain_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_polynomial_at_2(capsys):
    pytest.importorskip("sympy")
    code, out, err = run(capsys, "2*x**4 + x**3 + 3*x**2 + 5*x + 1", "--at", "x=2")
    assert code == 0 and err == ""
    assert "f(x) = 2*x**4 + x**3 + 3*x**2 + 5*x + 1" in out
    assert "at x = 2:  f = 63" in out
    assert "df/dx = 8*x**3 + 3*x**2 + 6*x + 5 = 93 (symbolic);  autograd: x.grad = 93  ✓" in out
    assert "Backward pass from f" in out and "step 11: AccumulateGrad into leaf x" in out
    assert "∂f/∂x = 8*x**3 + 3*x**2 + 6*x + 5 = 93" in out


def test_partial_derivatives_seed_002(capsys):
    pytest.importorskip("sympy")
    code, out, _ = run(capsys, "u**3 + v**2 + 4*u*v", "--at", "u=3,v=4", "--no-steps")
    assert code == 0
    assert "∂f/∂u = 3*u**2 + 4*v = 43" in out and "u.grad = 43" in out
    assert "∂f/∂v = 4*u + 2*v = 20" in out and "v.grad = 20" in out
    assert "Backward pass" not in out
    code, out2, _ = run(capsys, "u**3 + v**2 + 4*u*v", "--at", "u=3", "--at", "v=4", "--no-steps")
    assert code == 0 and out2 == out


def test_functions_constants_and_latex(capsys):
    pytest.importorskip("sympy")
    code, out, _ = run(capsys, "sin(x)*exp(-x) + sqrt(x) - pi", "--at", "x=1.5", "--latex", "--no-steps")
    assert code == 0
    assert "✓" in out and "✗" not in out
    assert "LaTeX:" in out and "\\frac{df}{dx}" in out
    code, out, _ = run(capsys, "relu(x) + sigmoid(x) + tanh(x) + abs(x) + log(x) + cos(x)", "--at", "x=0.5",
                       "--no-steps")
    assert code == 0 and "✓" in out


def test_without_sympy_prints_a_note(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "sympy", None)
    code, out, err = run(capsys, "3*x**2", "--at", "x=3", "--no-steps")
    assert code == 0 and err == ""
    assert "SymPy is not installed" in out
    assert "df/dx = 18 (autograd: x.grad)" in out


@pytest.mark.parametrize("argv,needle", [
    ([], "the following arguments are required: expression"),
    (["x+1"], "missing --at"),
    (["x +", "--at", "x=1"], "cannot parse the expression"),
    (["", "--at", "x=1"], "the expression is empty"),
    (["x+y", "--at", "x=1"], "unknown name 'y'"),
    (["__import__('os').system('echo hi')", "--at", "x=1"], "only calls of plain function names"),
    (["__import__('os')", "--at", "x=1"], "unknown function '__import__'"),
    (["x.real", "--at", "x=1"], "Attribute is not allowed"),
    (["x[0]", "--at", "x=1"], "Subscript is not allowed"),
    (["(lambda: 1)()", "--at", "x=1"], "only calls of plain function names"),
    (["'a' * x", "--at", "x=1"], "only numbers are allowed as constants"),
    (["True * x", "--at", "x=1"], "only numbers are allowed as constants"),
    (["x % 2", "--at", "x=1"], "operator % is not supported"),
    (["x // 2", "--at", "x=1"], "operator // is not supported"),
    (["~x", "--at", "x=1"], "operator ~ is not supported"),
    (["x < 2", "--at", "x=1"], "Compare is not allowed"),
    (["foo(x)", "--at", "x=1"], "unknown function 'foo'"),
    (["sin(x, x)", "--at", "x=1"], "sin() takes exactly one argument"),
    (["sin(x=x)", "--at", "x=1"], "sin() takes exactly one argument"),
    (["sin", "--at", "x=1"], "sin is a function"),
    (["x", "--at", "x"], "needs the form NAME=VALUE"),
    (["x", "--at", "x=abc"], "must be a number"),
    (["x", "--at", "x=inf"], "must be finite"),
    (["x", "--at", "1x=2"], "not a valid variable name"),
    (["x", "--at", "x=1,x=2"], "given twice"),
    (["x", "--at", "x=1,"], "empty entry"),
    (["x", "--at", "sin=1"], "built-in name"),
    (["1 + 2", "--at", "x=1"], "does not depend on any variable"),
    (["x", "--at", "x=1,y=2"], "does not use it"),
    (["x*y", "--at", "x=1,y=2", "--plot", "p.png"], "--plot needs exactly one variable"),
    (["x", "--at", "x=1", "--plot", "p.txt"], "cannot tell the format"),
    (["x", "--at", "x=1", "--graph", "g"], "cannot tell the format"),
    (["x", "--at", "x=1", "--range", "a:b"], "--range must look like START:STOP"),
    (["x", "--at", "x=1", "--range", "3:1"], "START must be below STOP"),
    (["x", "--at", "x=1", "--bogus"], "unrecognized arguments: --bogus"),
])
def test_error_paths_one_line_exit_2(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("ember explain: error: ")
    assert needle in err
    assert "Traceback" not in err


def test_no_code_is_executed(capsys, tmp_path):
    marker = tmp_path / "pwned"
    code, _, err = run(capsys, f"__import__('pathlib').Path({str(marker)!r}).touch()", "--at", "x=1")
    assert code == 2 and not marker.exists()


def test_writes_graph_and_plot(capsys, tmp_path):
    dot_file = tmp_path / "g.dot"
    code, out, _ = run(capsys, "x**2 + 1", "--at", "x=3", "--graph", str(dot_file), "--no-steps")
    assert code == 0 and "PowBackward0" in dot_file.read_text()
    pytest.importorskip("matplotlib")
    png = tmp_path / "p.png"
    code, out, _ = run(capsys, "x**2 + 1", "--at", "x=3", "--plot", str(png), "--range=-2:4", "--no-steps")
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    if shutil.which("dot") is None:
        pytest.skip("dot not installed")
    pytest.importorskip("graphviz")
    svg = tmp_path / "g.svg"
    code, _, _ = run(capsys, "x**2 + 1", "--at", "x=3", "--graph", str(svg), "--no-steps")
    assert code == 0 and "<svg" in svg.read_text()


def test_render_failure_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    code, out, err = run(capsys, "x**2", "--at", "x=3", "--graph", str(tmp_path / "g.svg"), "--no-steps")
    assert code == 1
    assert err.count("\n") == 1 and "apt-get install graphviz" in err


def test_domain_errors_give_nan_not_traceback(capsys):
    code, out, err = run(capsys, "log(x)", "--at", "x=-1", "--no-steps")
    assert code == 0 and "nan" in out and "Traceback" not in err


def test_python_m_ember_explain():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run([sys.executable, "-m", "ember", "explain", "3*x**2", "--at", "x=3", "--no-steps"],
                       capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=60)
    assert r.returncode == 0, r.stderr
    assert "at x = 3:  f = 27" in r.stdout and "18" in r.stdout
    r = subprocess.run([sys.executable, "-m", "ember", "explain", "3*x**2 +"], capture_output=True, text=True,
                       env=env, cwd=str(ROOT), timeout=60)
    assert r.returncode == 2 and r.stderr.startswith("ember explain: error:") and "Traceback" not in r.stderr
