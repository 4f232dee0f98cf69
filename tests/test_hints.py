"""Learner hints: off by default, PyTorch's message kept intact, one plain-language line appended."""
from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import ember as torch
from ember import _hints
from ember._tensor import NON_LEAF_GRAD_WARNING, Tensor
from ember.autograd import graph as _graph
from ember.autograd.graph import FREED_MSG

ROOT = Path(__file__).resolve().parent.parent
HERE = __file__


@pytest.fixture
def hints():
    torch.set_hints(True)
    try:
        yield
    finally:
        torch.set_hints(False)


def _line_of(text: str) -> int:
    """Line number in this file of the statement whose source contains ``text``."""
    for i, line in enumerate(Path(HERE).read_text().splitlines(), 1):
        if text in line and "_line_of" not in line:
            return i
    raise AssertionError(text)


def test_off_by_default_and_switchable():
    assert torch.hints_enabled() is False
    assert _graph._NODE_HOOK is None
    orig = Tensor._bump_version
    torch.set_hints(True)
    try:
        assert torch.hints_enabled() is True
        assert _graph._NODE_HOOK is not None
        torch.tensor(1.0, requires_grad=True) * 2  # first node installs the version hook
        assert Tensor._bump_version is not orig
    finally:
        torch.set_hints(False)
    assert _graph._NODE_HOOK is None
    assert Tensor._bump_version is orig


def test_freed_graph_without_hints_is_pytorch_message():
    x = torch.tensor(2.0, requires_grad=True)
    y = x ** 2
    y.backward()
    with pytest.raises(RuntimeError) as info:
        y.backward()
    assert str(info.value) == FREED_MSG


def test_freed_graph_hint_names_build_and_first_backward_lines(hints):
    x = torch.tensor(2.0, requires_grad=True)
    y = x ** 2  # BUILD-LINE
    y.backward()  # FIRST-BACKWARD
    with pytest.raises(RuntimeError) as info:
        y.backward()
    msg = str(info.value)
    assert msg.startswith(FREED_MSG + "\nHint: ")
    assert msg.count("\n") == 1
    assert f"line {_line_of('# BUILD-LINE')} (`y = x ** 2  # BUILD-LINE`)" in msg
    assert f"line {_line_of('# FIRST-BACKWARD')} (`y.backward()  # FIRST-BACKWARD`)" in msg
    assert "test_hints.py" in msg and "retain_graph=True" in msg


def test_freed_graph_hint_through_autograd_grad(hints):
    x = torch.tensor(2.0, requires_grad=True)
    y = x.exp() * 3  # GRAD-BUILD
    torch.autograd.grad(y, x)  # GRAD-FIRST
    with pytest.raises(RuntimeError) as info:
        torch.autograd.grad(y, x)
    msg = str(info.value)
    assert FREED_MSG in msg
    assert f"line {_line_of('# GRAD-BUILD')}" in msg and f"line {_line_of('# GRAD-FIRST')}" in msg


def test_version_error_hint_names_save_and_modify_lines(hints):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a * 2
    c = b * b  # SAVES-B
    b.add_(1)  # MODIFIES-B
    with pytest.raises(RuntimeError) as info:
        c.sum().backward()
    msg = str(info.value)
    first, hint = msg.split("\n")
    assert first.startswith("one of the variables needed for gradient computation has been modified by an "
                            "inplace operation")
    assert hint.startswith("Hint: MulBackward0 saved this tensor at ")
    assert f"line {_line_of('# SAVES-B')} (`c = b * b  # SAVES-B`)" in hint
    assert f"line {_line_of('# MODIFIES-B')} (`b.add_(1)  # MODIFIES-B`)" in hint


def test_version_error_without_hints_is_unchanged():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a * 2
    c = b * b
    b.add_(1)
    with pytest.raises(RuntimeError) as info:
        c.sum().backward()
    assert "\n" not in str(info.value) and "saved this tensor" not in str(info.value)


def test_nonleaf_grad_hint(hints):
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert y.grad is None
    (w,) = caught
    msg = str(w.message)
    assert msg.startswith(NON_LEAF_GRAD_WARNING + "\nHint: ")
    assert "leaf" in msg.splitlines()[1] and ".retain_grad()" in msg.splitlines()[1]
    torch.set_hints(False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y.grad
    assert str(caught[0].message) == NON_LEAF_GRAD_WARNING


def _accumulation_warnings(loop):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loop()
    return [w for w in caught if "backward calls" in str(w.message)]


def test_accumulation_warns_once(hints):
    w = torch.tensor(1.0, requires_grad=True)

    def loop():
        for _ in range(4):
            ((w - 2) ** 2).backward()

    got = _accumulation_warnings(loop)
    assert len(got) == 1
    assert issubclass(got[0].category, UserWarning)
    assert "`w`" in str(got[0].message) and "sum of 2 backward calls" in str(got[0].message)
    assert got[0].filename == HERE  # points at the user's line
    assert w.grad.item() == -8.0


def test_no_warning_when_zeroed_or_reset(hints):
    w = torch.tensor(1.0, requires_grad=True)

    def zeroing():
        for _ in range(3):
            ((w - 2) ** 2).backward()
            w.grad.zero_()

    assert _accumulation_warnings(zeroing) == []

    v = torch.tensor(1.0, requires_grad=True)

    def set_none():
        for _ in range(3):
            ((v - 2) ** 2).backward()
            v.grad = None

    assert _accumulation_warnings(set_none) == []

    from ember import optim
    p = torch.tensor(1.0, requires_grad=True)
    opt = optim.SGD([p], lr=0.1)

    def with_optimizer():
        for _ in range(3):
            opt.zero_grad()
            ((p - 2) ** 2).backward()
            opt.step()

    assert _accumulation_warnings(with_optimizer) == []


def test_no_accumulation_warning_without_hints():
    w = torch.tensor(1.0, requires_grad=True)

    def loop():
        for _ in range(3):
            ((w - 2) ** 2).backward()

    assert _accumulation_warnings(loop) == []


def test_env_variable_turns_hints_on(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("import ember as torch\n"
                      "x = torch.tensor(2.0, requires_grad=True)\n"
                      "y = x * x\n"
                      "y.backward()\n"
                      "try:\n"
                      "    y.backward()\n"
                      "except RuntimeError as e:\n"
                      "    print(str(e).splitlines()[-1])\n"
                      "print(torch.hints_enabled())\n")
    env = dict(os.environ, EMBER_HINTS="1", PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    last, enabled = r.stdout.strip().splitlines()
    assert enabled == "True"
    assert last.startswith("Hint: ") and "line 3 (`y = x * x`)" in last and "line 4 (`y.backward()`)" in last
    env["EMBER_HINTS"] = "0"
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert r.stdout.strip().splitlines() == [FREED_MSG, "False"]


def test_decorators_are_identity_when_off():
    assert _hints.decorate_version_error("m", None, None) == "m"
    assert _hints.decorate_freed_error("m", None) == "m"
    assert _hints.decorate_nonleaf_grad("m") == "m"
    err = RuntimeError(FREED_MSG)
    assert _hints.decorate_runtime_error(err, []) is err
    assert _hints.before_backward([]) is None


def test_other_runtime_errors_untouched(hints):
    err = RuntimeError("something else")
    assert _hints.decorate_runtime_error(err, []) is err
    assert _hints.decorate_freed_error(FREED_MSG, None).startswith(FREED_MSG + "\nHint: ")
