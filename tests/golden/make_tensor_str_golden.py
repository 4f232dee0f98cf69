"""Record golden reprs from real PyTorch for tests/test_tensor_str.py.

Run once with torch 2.13 installed, from the repository root:

    python3 tests/golden/make_tensor_str_golden.py

It evaluates every case of ``CASES`` in tests/test_tensor_str.py with real
torch and writes ``tests/golden/tensor_str.json`` (case id -> string).
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def load_test_module():
    """Import tests/test_tensor_str.py by path (it holds the case table)."""
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("test_tensor_str", HERE.parent / "test_tensor_str.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses needs the module registered
    spec.loader.exec_module(module)
    return module


def main() -> None:
    import torch

    if not torch.__version__.startswith("2.13."):
        raise SystemExit(f"need torch 2.13, found {torch.__version__}")
    tests = load_test_module()
    golden = {case.id: tests.torch_str(torch, case) for case in tests.CASES}
    out = HERE / "tensor_str.json"
    out.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(golden)} cases to {out}")


if __name__ == "__main__":
    main()
