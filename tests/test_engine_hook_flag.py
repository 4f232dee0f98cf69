"""The engine's chain loop skips reading node hooks until some node has had one (``graph.HOOKS``).

Each case runs in a fresh interpreter, so the hook it registers is the first of the process: a
hook that bypassed ``graph.pre_hooks_of`` / ``Node.register_hook`` would then never run.
"""
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CASES = {
    "tensor_hook_mid_chain": """
        x = ember.tensor(2.0, requires_grad=True)
        y = x * 3.0
        y.register_hook(lambda g: g * 10)
        z = (y + 1.0).tanh() * 2.0
        z.backward()
        seen = x.grad.item()
        x2 = ember.tensor(2.0, requires_grad=True)
        (((x2 * 3.0) + 1.0).tanh() * 2.0).backward()
        assert abs(seen - 10 * x2.grad.item()) < 1e-6 * abs(seen), (seen, x2.grad.item())
    """,
    "node_prehook_mid_chain": """
        x = ember.tensor(2.0, requires_grad=True)
        y = (x * 3.0).sin()
        calls = []
        y.grad_fn.register_prehook(lambda gout: calls.append(1) or (gout[0] * 0,))
        (y * 2.0 + 1.0).backward()
        assert calls == [1] and x.grad.item() == 0.0, (calls, x.grad)
    """,
    "node_posthook_mid_chain": """
        x = ember.tensor(2.0, requires_grad=True)
        y = (x * 3.0).sin()
        calls = []
        y.grad_fn.register_hook(lambda gin, gout: calls.append(1) or (gin[0] * 0,))
        (y * 2.0 + 1.0).backward()
        assert calls == [1] and x.grad.item() == 0.0, (calls, x.grad)
    """,
    "retain_grad_mid_chain": """
        x = ember.tensor(2.0, requires_grad=True)
        y = x * 3.0
        y.retain_grad()
        (y.tanh() * 2.0).backward()
        assert y.grad is not None
    """,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_first_hook_of_the_process_runs(name):
    code = "import ember\n" + textwrap.dedent(CASES[name])
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr


def test_flag_starts_false_and_is_set_by_a_hook():
    code = textwrap.dedent("""
        import ember
        from ember.autograd import graph
        assert graph.HOOKS.seen is False
        x = ember.tensor(1.0, requires_grad=True)
        (x * 2.0).backward()
        assert graph.HOOKS.seen is False
        y = x * 2.0
        y.register_hook(lambda g: g)
        assert graph.HOOKS.seen is True
    """)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
