"""Write the PyTorch-made checkpoint fixtures used by tests/test_serialization.py.

Run with real PyTorch 2.13 (and ``safetensors``) installed::

    python3 tests/golden/make_checkpoints.py

Outputs (all small, committed):

* ``torch_checkpoint.pt``   zip format: every dtype, views, shared storage, 0-d,
  empty and expanded tensors, a Parameter, containers, Size/dtype/device objects.
* ``torch_legacy.pt``       the same kind of content, ``_use_new_zipfile_serialization=False``.
* ``torch_train_state.pt``  a model ``state_dict`` plus an Adam optimizer ``state_dict``.
* ``torch_tensors.safetensors``  written by ``safetensors.torch.save_file`` with metadata.
* ``checkpoints_expected.npz``   expected tensor values (key = fixture:path), loadable without torch.
"""
from __future__ import annotations

import collections
import pathlib

import numpy as np
import torch

HERE = pathlib.Path(__file__).parent


def checkpoint_object():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    shared = torch.arange(10, dtype=torch.int64)
    dtypes = collections.OrderedDict()
    for dt in (torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64,
               torch.uint8, torch.bool, torch.complex64, torch.complex128):
        if dt is torch.bool:
            dtypes[str(dt)] = torch.tensor([True, False, True])
        elif dt.is_complex:
            dtypes[str(dt)] = torch.tensor([1 + 2j, -3.5 + 0j], dtype=dt)
        elif dt.is_floating_point:
            dtypes[str(dt)] = torch.tensor([0.5, -1.25, 3.0, float("inf")], dtype=dt)
        else:
            dtypes[str(dt)] = torch.tensor([0, 1, 100, 127] if dt is not torch.uint8 else [0, 1, 200, 255], dtype=dt)
    param = torch.nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    return {
        "dtypes": dtypes,
        "base": base,
        "transposed": base.t(),
        "column": base[:, 2],
        "strided": base[::2, 1::3],
        "shared_a": shared[2:6],
        "shared_b": shared[4:],
        "scalar": torch.tensor(7.5, dtype=torch.float64),
        "scalar_int": torch.tensor(-3),
        "empty": torch.zeros(0, 3),
        "expanded": torch.tensor([1.0, 2.0, 3.0]).expand(2, 3),
        "param": param,
        "needs_grad": torch.tensor([1.0, -1.0], requires_grad=True),
        "size": torch.Size([2, 3, 4]),
        "dtype": torch.float16,
        "device": torch.device("cpu"),
        "nested": {"list": [1, 2.5, "three", None, True], "tuple": (1, (2, 3)), "set": {1, 2},
                   "bytes": b"\x00\xffdata", "complex": 1 - 2j, "big": 2 ** 70, "nan": float("nan"),
                   "unicode": "h\u00e9llo \u2603", "tensors": [torch.ones(2), torch.full((1,), 4, dtype=torch.int32)]},
    }


def legacy_object():
    x = torch.arange(6, dtype=torch.int16)
    return {"x": x, "view": x[2:], "f": torch.linspace(0, 1, 5, dtype=torch.float64).reshape(5, 1),
            "p": torch.nn.Parameter(torch.ones(3)), "meta": {"epoch": 4, "lr": 0.1}}


def train_state():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss = model(torch.randn(5, 3)).pow(2).sum()
    loss.backward()
    opt.step()
    return {"model": model.state_dict(), "optim": opt.state_dict(), "epoch": 3}


def flatten(prefix, obj, out):
    if isinstance(obj, torch.Tensor):
        out[prefix] = obj.detach().numpy().copy()
    elif isinstance(obj, dict):
        for k, v in obj.items():
            flatten(f"{prefix}/{k}", v, out)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            flatten(f"{prefix}/{i}", v, out)


def main() -> None:
    expected = {}
    ckpt = checkpoint_object()
    torch.save(ckpt, HERE / "torch_checkpoint.pt")
    flatten("checkpoint", ckpt, expected)
    legacy = legacy_object()
    torch.save(legacy, HERE / "torch_legacy.pt", _use_new_zipfile_serialization=False)
    flatten("legacy", legacy, expected)
    state = train_state()
    torch.save(state, HERE / "torch_train_state.pt")
    flatten("train", state, expected)
    import safetensors.torch
    st = {"weight": torch.arange(6, dtype=torch.float32).reshape(2, 3), "bias": torch.tensor([1.5, -2.0]),
          "ids": torch.tensor([[1, 2], [3, 4]], dtype=torch.int64), "mask": torch.tensor([True, False]),
          "half": torch.tensor([0.5, 1.0], dtype=torch.float16)}
    safetensors.torch.save_file(st, str(HERE / "torch_tensors.safetensors"), metadata={"format": "pt", "step": "7"})
    flatten("safetensors", st, expected)
    np.savez_compressed(HERE / "checkpoints_expected.npz", **expected)
    # sanity: torch reads back what it wrote
    torch.load(HERE / "torch_checkpoint.pt", weights_only=True)
    torch.load(HERE / "torch_legacy.pt", weights_only=True)


if __name__ == "__main__":
    main()
