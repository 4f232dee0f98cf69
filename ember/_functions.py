"""Extra top-level functions (``torch.cat``, ``torch.matmul`` ...) gathered from ``ember/ops``.

``ember/__init__`` falls back to this module for names it does not define
itself, so every public op function of the op modules is reachable as
``ember.<name>``.
"""
from __future__ import annotations

import importlib

_MODULES = ("pointwise", "reduction", "shape", "indexing", "convert", "creation", "shape_ext", "linalg",
            "reduction_ext", "special", "random_ops", "misc_ext", "numeric_ext", "linalg_ext",
            "tensor_extras", "special_ext", "toplevel_ext", "linalg_solvers", "misc_top", "rnn_ops", "signal_ops", "legacy_top")


_INTERNAL = {"make_view", "infer_shape", "normalize_dims", "index_scatter", "apply_inplace", "check_inplace_allowed",
             "make_inplace", "to_dtype_np", "faithful_sum", "inner_sum", "outer_sum", "setitem", "getitem",
             "write_out", "finish", "binary_data", "needs_grad", "as_tensor_arg", "to_float_data",
             "broadcast_error", "saved_output", "unpack_output", "default_float_np", "matrix_T", "mT",
             "mul_scalar", "div_scalar", "add_scalar"}


def _collect() -> dict:
    names = {}
    for mod in _MODULES:
        try:
            m = importlib.import_module("ember.ops." + mod)
        except ImportError:
            continue
        for k, v in vars(m).items():
            if k.startswith("_") or not callable(v) or isinstance(v, type):
                continue
            if getattr(v, "__module__", "") == m.__name__ and k not in _INTERNAL:
                names.setdefault(k, v)
    return names


globals().update(_collect())
