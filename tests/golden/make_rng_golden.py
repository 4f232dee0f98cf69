"""Regenerate ``tests/golden/rng.json`` from real PyTorch (CPU).

Usage (from the repository root, with ``torch`` installed)::

    python3 tests/golden/make_rng_golden.py

Each case seeds a fresh ``torch.Generator``, performs a sequence of calls and
records every output (dtype, shape, raw little-endian bytes in hex) plus the
SHA-256 of the generator state afterwards.  ``tests/test_rng.py`` replays the
same calls with ``ember._rng`` (no torch needed) and compares bit for bit.
The call vocabulary is shared with ``_CALLS`` in ``tests/test_rng.py``.
"""

from __future__ import annotations

import hashlib
import json
import pathlib

import numpy as np
import torch

OUT = pathlib.Path(__file__).with_name("rng.json")

_TORCH_DTYPES = {
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "int32": torch.int32,
    "int16": torch.int16,
    "int8": torch.int8,
    "uint8": torch.uint8,
    "bool": torch.bool,
}

# (name, seed, [(call, kwargs), ...])
CASES = [
    ("rand_f32", 0, [("uniform", dict(shape=[5], dtype="float32"))]),
    ("rand_f64", 42, [("uniform", dict(shape=[2, 3], dtype="float64"))]),
    ("rand_f16", 2**40, [("uniform", dict(shape=[7], dtype="float16"))]),
    ("uniform_pm1_linear_weight", 0, [("uniform", dict(shape=[1, 1], dtype="float32", low=-1.0, high=1.0))]),
    ("uniform_bounds_f32", 7, [("uniform", dict(shape=[33], dtype="float32", low=0.3, high=1.7))]),
    ("uniform_bounds_f64", 7, [("uniform", dict(shape=[9], dtype="float64", low=-2.5, high=0.25))]),
    ("randn_small_cache", 0, [
        ("normal", dict(shape=[3], dtype="float32")),
        ("normal", dict(shape=[2], dtype="float64")),
        ("normal", dict(shape=[1], dtype="float32")),
    ]),
    ("randn_f32_vector", 1, [("normal", dict(shape=[17], dtype="float32")), ("normal", dict(shape=[4, 8], dtype="float32"))]),
    ("randn_f32_mean_std", 3, [("normal", dict(shape=[40], dtype="float32", mean=0.5, std=2.0))]),
    ("randn_f64_vector", 2, [("normal", dict(shape=[21], dtype="float64", mean=-1.0, std=0.3))]),
    ("randn_f16_vector", 4, [("normal", dict(shape=[19], dtype="float16"))]),
    ("randint_i64", 0, [("randint", dict(low=0, high=10, shape=[12], dtype="int64"))]),
    ("randint_wide", 5, [("randint", dict(low=-(2**40), high=2**40, shape=[4], dtype="int64")),
                         ("randint", dict(low=0, high=2**28, shape=[3], dtype="int32"))]),
    ("random_default", 6, [
        ("random_", dict(shape=[3], dtype="int64")),
        ("random_", dict(shape=[3], dtype="float32")),
        ("random_", dict(shape=[3], dtype="uint8")),
        ("random_", dict(shape=[3], dtype="bool")),
    ]),
    ("randperm", 0, [("randperm", dict(n=10, dtype="int64")), ("randperm", dict(n=100, dtype="int32"))]),
    ("bernoulli", 8, [
        ("bernoulli_scalar", dict(p=0.3, shape=[10], dtype="float32")),
        ("bernoulli_tensor", dict(p=[0.1, 0.5, 0.9, 0.5], p_dtype="float32", dtype="float32")),
        ("bernoulli_tensor", dict(p=[0.1, 0.5, 0.9], p_dtype="float64", dtype="float64")),
    ]),
    ("exponential", 9, [("exponential", dict(shape=[6], dtype="float32", lambd=1.5))]),
    ("multinomial", 10, [
        ("multinomial", dict(probs=[0.1, 0.2, 0.3, 0.4], dtype="float32", num_samples=3, replacement=False)),
        ("multinomial", dict(probs=[[1.0, 2.0, 3.0], [3.0, 0.0, 1.0]], dtype="float32", num_samples=5, replacement=True)),
    ]),
    ("misc", 11, [
        ("cauchy", dict(shape=[4], dtype="float32", median=0.5, sigma=2.0)),
        ("log_normal", dict(shape=[3], dtype="float64", mean=0.0, std=0.5)),
        ("geometric", dict(shape=[5], dtype="int64", p=0.3)),
        ("normal_tensor", dict(mean=[0.0, 1.0, 2.0], std=[1.0, 0.5, 0.1], dtype="float32")),
    ]),
    ("interleaved", 123, [
        ("uniform", dict(shape=[3], dtype="float32")),
        ("normal", dict(shape=[20], dtype="float32")),
        ("randint", dict(low=0, high=5, shape=[4], dtype="int64")),
        ("randperm", dict(n=8, dtype="int64")),
        ("normal", dict(shape=[5], dtype="float32")),
    ]),
]


def _run(gen: torch.Generator, call: str, kw: dict) -> torch.Tensor:
    dt = _TORCH_DTYPES.get(kw.get("dtype", "float32"))
    shape = kw.get("shape")
    if call == "uniform":
        return torch.empty(shape, dtype=dt).uniform_(kw.get("low", 0.0), kw.get("high", 1.0), generator=gen)
    if call == "normal":
        return torch.empty(shape, dtype=dt).normal_(kw.get("mean", 0.0), kw.get("std", 1.0), generator=gen)
    if call == "randint":
        return torch.randint(kw["low"], kw["high"], shape, dtype=dt, generator=gen)
    if call == "random_":
        return torch.empty(shape, dtype=dt).random_(generator=gen)
    if call == "randperm":
        return torch.randperm(kw["n"], dtype=dt, generator=gen)
    if call == "bernoulli_scalar":
        return torch.empty(shape, dtype=dt).bernoulli_(kw["p"], generator=gen)
    if call == "bernoulli_tensor":
        p = torch.tensor(kw["p"], dtype=_TORCH_DTYPES[kw["p_dtype"]])
        return torch.empty(p.shape, dtype=dt).bernoulli_(p, generator=gen)
    if call == "exponential":
        return torch.empty(shape, dtype=dt).exponential_(kw["lambd"], generator=gen)
    if call == "multinomial":
        probs = torch.tensor(kw["probs"], dtype=dt)
        return torch.multinomial(probs, kw["num_samples"], kw["replacement"], generator=gen)
    if call == "cauchy":
        return torch.empty(shape, dtype=dt).cauchy_(kw["median"], kw["sigma"], generator=gen)
    if call == "log_normal":
        return torch.empty(shape, dtype=dt).log_normal_(kw["mean"], kw["std"], generator=gen)
    if call == "geometric":
        return torch.empty(shape, dtype=dt).geometric_(kw["p"], generator=gen)
    if call == "normal_tensor":
        mean = torch.tensor(kw["mean"], dtype=dt)
        std = torch.tensor(kw["std"], dtype=dt)
        return torch.normal(mean, std, generator=gen)
    raise ValueError(call)


def main() -> None:
    cases = []
    for name, seed, calls in CASES:
        gen = torch.Generator().manual_seed(seed)
        outputs = []
        for call, kw in calls:
            arr = _run(gen, call, kw).numpy()
            outputs.append({
                "call": call,
                "kwargs": kw,
                "dtype": str(arr.dtype),
                "shape": list(arr.shape),
                "hex": np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes().hex(),
            })
        state = gen.get_state().numpy().tobytes()
        cases.append({"name": name, "seed": seed, "outputs": outputs,
                      "state_sha256": hashlib.sha256(state).hexdigest()})
    doc = {"torch_version": torch.__version__, "cases": cases}
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
