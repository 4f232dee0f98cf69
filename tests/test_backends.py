"""``torch.backends``: the device-selection idioms of tutorials run unchanged."""
from __future__ import annotations

import subprocess
import sys

import ember


def test_device_selection_idiom_and_settable_flags():
    import ember.backends.cudnn as cudnn
    assert cudnn.benchmark is False and cudnn.deterministic is False and cudnn.enabled is True
    cudnn.benchmark = True
    try:
        assert ember.backends.cudnn.benchmark is True
    finally:
        cudnn.benchmark = False
    assert ember.backends.mps.is_available() is False and ember.backends.mps.is_built() is False
    assert cudnn.is_available() is False and cudnn.version() is None
    assert ember.backends.cuda.matmul.allow_tf32 is False
    assert ember.backends.cpu.get_cpu_capability() in ("DEFAULT", "AVX2", "AVX512")
    device = "cuda" if ember.cuda.is_available() else "mps" if ember.backends.mps.is_available() else "cpu"
    assert str(ember.device(device)) in ("cpu", "cuda")


def test_torch_backends_resolves_under_ember_run(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("import torch\nimport torch.backends.cudnn as c\nc.benchmark = True\n"
                      "print(torch.backends.mps.is_available(), c.benchmark)\n")
    out = subprocess.run([sys.executable, "-m", "ember", "run", str(script)], capture_output=True, text=True,
                         check=True).stdout
    assert out == "False True\n"
