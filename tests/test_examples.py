"""The programs in ``examples/`` run on ember (``python -m ember run``) and learn.

Each example is a plain PyTorch script; here it runs in a subprocess with
``torch`` resolved to ember, mostly with ``--quick``, and its printed final
metrics must show learning. The digits CNN also runs in full and must reach
95% test accuracy. Examples on scikit-learn's bundled data sets are skipped
when scikit-learn is not installed.
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HAVE_SKLEARN = importlib.util.find_spec("sklearn") is not None
HAVE_TORCH = importlib.util.find_spec("torch") is not None
needs_sklearn = pytest.mark.skipif(not HAVE_SKLEARN, reason="scikit-learn not installed")


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("MPLBACKEND", "Agg")
    return env


def _run(argv, timeout=300):
    proc = subprocess.run([sys.executable, *argv], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, timeout=timeout)
    return proc


def run_example(name, *args, ember=True, timeout=300):
    """Run ``examples/<name>`` (under ember unless ``ember=False``); return stdout, checked rc 0."""
    script = str(EXAMPLES / name)
    argv = ["-m", "ember", "run", script, *args] if ember else [script, *args]
    proc = _run(argv, timeout=timeout)
    assert proc.returncode == 0, (
        f"{name} {' '.join(args)} exited {proc.returncode}\n--- stdout\n{proc.stdout[-3000:]}"
        f"\n--- stderr\n{proc.stderr[-3000:]}")
    return proc.stdout


def metric(out, label):
    """The number after ``<label>:`` on its (last) line of output."""
    found = re.findall(rf"^{re.escape(label)}:\s*([-+0-9.eE]+)", out, flags=re.M)
    assert found, f"no line '{label}: ...' in output:\n{out}"
    return float(found[-1])


def test_examples_readme_lists_every_example():
    readme = (EXAMPLES / "README.md").read_text()
    scripts = sorted(p.name for p in EXAMPLES.glob("*.py"))
    assert len(scripts) >= 6
    for name in scripts:
        assert f"python -m ember run examples/{name}" in readme, name
        assert f"python examples/{name}" in readme, name


@needs_sklearn
def test_linear_regression():
    out = run_example("linear_regression.py", "--quick")
    mse = metric(out, "final train MSE")
    lstsq = float(re.search(r"least squares: train MSE ([0-9.]+)", out).group(1))
    assert mse < 1.01 * lstsq + 1e-3          # gradient descent reaches the least-squares fit
    assert metric(out, "final test R^2") > 0.25


@needs_sklearn
def test_mlp_digits():
    out = run_example("mlp_digits.py", "--quick")
    assert metric(out, "final test accuracy") >= 0.85


@needs_sklearn
def test_cnn_digits_full_run_reaches_95_percent():
    out = run_example("cnn_digits.py")
    assert metric(out, "final test accuracy") >= 0.95


def test_char_lstm():
    out = run_example("char_lstm.py", "--quick")
    initial, final = metric(out, "initial loss"), metric(out, "final loss")
    assert initial > 3.0                      # ~ln(45): an untrained model guesses uniformly
    assert final < 1.0 and final < initial / 3
    assert "sample: 'Beautiful is " in out


def test_gan_ring():
    out = run_example("gan_ring.py", "--quick")
    initial = metric(out, "initial mean distance to ring")
    final = metric(out, "final mean distance to ring")
    assert final < 0.7 * initial


def test_reinforce_cartpole():
    out = run_example("reinforce_cartpole.py", "--quick")
    initial, final = metric(out, "initial mean return"), metric(out, "final mean return")
    assert final > 1.5 * initial and final > 40


@needs_sklearn
def test_missing_sklearn_fails_with_one_line():
    code = ("import sys; sys.modules['sklearn'] = None; from ember.__main__ import main; "
            "sys.exit(main(['run', 'examples/mlp_digits.py', '--quick']))")
    proc = _run(["-c", code])
    assert proc.returncode == 1
    assert proc.stderr.strip() == "this example needs scikit-learn: pip install scikit-learn"


@needs_sklearn
@pytest.mark.skipif(not HAVE_TORCH, reason="PyTorch (oracle) not installed")
def test_mlp_digits_prints_the_same_under_pytorch():
    """Same script, same seed: ember reproduces PyTorch's run, printed to 4 decimals."""
    e = run_example("mlp_digits.py", "--quick")
    t = run_example("mlp_digits.py", "--quick", ember=False)
    def numbers(out):
        lines = [ln for ln in out.splitlines() if not ln.startswith("time:")]
        return [float(v) for ln in lines for v in re.findall(r"\d+\.\d+", ln)]
    ne, nt = numbers(e), numbers(t)
    assert len(ne) == len(nt) > 5
    assert ne == pytest.approx(nt, abs=2e-4), (e, t)   # 4 printed decimals, +-1 in the last
