"""Run PyTorch's own OpInfo database against ember.

``torch.testing._internal.common_methods_invocations.op_db`` holds ~700 ``OpInfo`` entries, each with
sample inputs, error inputs and autograd support flags: the op tables PyTorch tests itself with.  For
one entry this module converts every sample to ember, runs both libraries and lists what differs:

* forward: output structure, dtype, shape and values (``torch.testing`` tolerances per dtype), or the
  exception type and message when PyTorch raises;
* grad (float64 samples that require grad): each output's ``grad_fn`` name and ``requires_grad``, and the
  input gradients for random output gradients;
* errors: each ``op.error_inputs()`` case must raise PyTorch's exception type with PyTorch's message.

Used by ``test_opdb_sweep.py``, and from the command line while fixing ops::

    python tests/opdb_harness.py --names clamp_max,diff --grad --errors -v
    python tests/opdb_harness.py --prefix nn.functional. --grad --errors --summary

Needs PyTorch and ``expecttest`` (which ``torch.testing._internal`` imports).
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import types
import warnings

import numpy as np
import torch

import ember

# samples of these draw random numbers (or allocate uninitialised memory): values can't be compared
RANDOM_WORDS = ("rand", "normal", "bernoulli", "multinomial", "dropout", "uniform", "exponential",
                "geometric", "cauchy", "log_normal", "poisson", "empty", "lowrank", "fractional_max_pool",
                "rrelu")
# PyTorch itself crashes (segfault) on one of these entries' error inputs on this build
NO_ERROR_INPUTS = ("cat",)


class Skip(Exception):
    """A sample ember can't take for a reason outside the op (bfloat16, sparse layout, a Generator)."""


def load_op_db():
    from torch.testing._internal.common_methods_invocations import op_db
    return op_db


def full_name(op) -> str:
    return op.name + ("." + op.variant_test_name if op.variant_test_name else "")


def is_random(op) -> bool:
    return any(w in op.name for w in RANDOM_WORDS)


def to_ember(x, grad_pairs=None, memo=None):
    """A torch sample argument as ember's; ``grad_pairs`` collects (torch, ember) leaves needing grad.
    ``memo`` keeps aliasing: a tensor passed twice (``input`` and ``out=``) converts to one ember tensor."""
    if memo is None:
        memo = {}
    if isinstance(x, torch.Tensor):
        if id(x) not in memo:
            memo[id(x)] = _tensor_to_ember(x, grad_pairs)
        return memo[id(x)]
    if isinstance(x, (torch.dtype, torch.memory_format)):
        name = str(x).split(".")[1]
        if not hasattr(ember, name):
            raise Skip(f"{x}")
        return getattr(ember, name)
    if isinstance(x, torch.Size):
        return ember.Size(tuple(x))
    if isinstance(x, torch.device):
        return ember.device(str(x))
    if isinstance(x, torch.Generator):
        raise Skip("generator")
    if isinstance(x, tuple) and type(x) is not tuple:  # a namedtuple
        return type(x)(*[to_ember(v, grad_pairs, memo) for v in x])
    if isinstance(x, (list, tuple)):
        return type(x)(to_ember(v, grad_pairs, memo) for v in x)
    if isinstance(x, dict):
        return {k: to_ember(v, grad_pairs, memo) for k, v in x.items()}
    if isinstance(x, slice):
        return slice(to_ember(x.start), to_ember(x.stop), to_ember(x.step))
    if isinstance(x, torch.nn.Module):
        return _module_to_ember(x)
    if dataclasses.is_dataclass(x) and not isinstance(x, type) and hasattr(ember.nn, type(x).__name__):
        fields = {f.name: to_ember(getattr(x, f.name)) for f in dataclasses.fields(x)}
        return getattr(ember.nn, type(x).__name__)(**fields)  # e.g. nn.LinearCrossEntropyOptions
    return x


def _module_to_ember(m: torch.nn.Module):
    """A parameter-free torch module passed as an argument (``distance_function=nn.PairwiseDistance()``)
    as the ember module of the same class with the same attributes."""
    cls = getattr(ember.nn, type(m).__name__, None)
    if cls is None or list(m.parameters()):
        raise Skip(f"module {type(m).__name__}")
    out = cls.__new__(cls)
    ember.nn.Module.__init__(out)
    for key, value in vars(m).items():
        if not key.startswith("_") and key != "training":
            setattr(out, key, to_ember(value))
    return out


def _tensor_to_ember(x: torch.Tensor, grad_pairs):
    if x.dtype in (torch.bfloat16, torch.complex32) or (x.dtype.is_floating_point and x.element_size() == 1):
        raise Skip(f"dtype {x.dtype}")
    if x.layout != torch.strided or x.device.type != "cpu":
        raise Skip(f"{x.layout} on {x.device}")
    if x.dim() > 64:  # more dims than NumPy arrays can have
        raise Skip(f"{x.dim()}-d tensor")
    if x._is_zerotensor():
        e = ember.zeros(tuple(x.shape), dtype=getattr(ember, str(x.dtype).split(".")[1]))
    else:
        e = ember.tensor(x.detach().resolve_conj().resolve_neg().numpy().copy())
    if x.requires_grad:
        e.requires_grad_()
        if grad_pairs is not None:
            grad_pairs.append((x, e))
    return e


def resolve_ember(op):
    """ember's callable for an OpInfo entry.  Helpers written inside op_db (lambdas) run with ``torch``
    bound to ember; PyTorch's own functions are looked up by the entry's name."""
    fn = op.op
    if isinstance(fn, types.FunctionType) and (fn.__module__ or "").startswith("torch.testing"):
        if "aten" in fn.__code__.co_names:  # calls torch.ops.aten.* directly
            raise Skip("an aten-internal op")
        glb = dict(fn.__globals__)
        glb["torch"] = ember
        if "F" in glb:
            glb["F"] = ember.nn.functional
        return types.FunctionType(fn.__code__, glb, fn.__name__, fn.__defaults__, fn.__closure__)
    name = op.name
    if name.startswith(("torch.", "_", "jiterator_")) or isinstance(fn, (torch._ops.OpOverload,
                                                                         torch._ops.OpOverloadPacket)):
        raise Skip("an aten-internal or CUDA-only op")
    if name.startswith("__"):
        return lambda inp, *a, **k: getattr(inp, name)(*a, **k)
    obj = ember
    try:
        for part in name.split("."):
            obj = getattr(obj, part)
        if callable(obj) and not isinstance(obj, ember.dtype):
            return obj
    except AttributeError:
        pass
    if hasattr(ember.Tensor, name):
        return lambda inp, *a, **k: getattr(inp, name)(*a, **k)
    raise AttributeError(f"ember has no {name}")


_TOLERANCES = {torch.float16: (1e-3, 1e-5), torch.float32: (1.3e-6, 1e-5), torch.float64: (1e-7, 1e-7),
               torch.complex64: (1.3e-6, 1e-5), torch.complex128: (1e-7, 1e-7)}


def compare(t, e, path: str = "out"):
    """None when ember's ``e`` matches torch's ``t``, else what differs."""
    if isinstance(t, torch.Tensor):
        return _compare_tensors(t, e, path)
    if isinstance(t, (list, tuple)):
        if not isinstance(e, (list, tuple)) or len(t) != len(e):
            return f"{path}: torch {type(t).__name__}[{len(t)}], ember {type(e).__name__}"
        for i, (a, b) in enumerate(zip(t, e)):
            diff = compare(a, b, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if isinstance(t, (bool, int, float, complex)) and isinstance(e, (bool, int, float, complex)):
        if isinstance(t, float) and isinstance(e, float) and math.isnan(t) and math.isnan(e):
            return None
        if t != e and not (isinstance(t, float) and math.isclose(t, e, rel_tol=1e-6, abs_tol=1e-9)):
            return f"{path}: {t!r} vs {e!r}"
        if type(t) is not type(e):
            return f"{path}: type {type(t).__name__} vs {type(e).__name__}"
        return None
    if isinstance(t, (torch.Size, torch.dtype)):
        return None if str(tuple(t) if isinstance(t, torch.Size) else t) == str(
            tuple(e) if isinstance(t, torch.Size) else e) else f"{path}: {t} vs {e}"
    return None


def _compare_tensors(t: torch.Tensor, e, path: str):
    if not isinstance(e, ember.Tensor):
        return f"{path}: torch Tensor, ember {type(e).__name__}"
    if str(t.dtype) != str(e.dtype):
        return f"{path}: dtype torch {t.dtype} ember {e.dtype}"
    if tuple(t.shape) != tuple(e.shape):
        return f"{path}: shape torch {tuple(t.shape)} ember {tuple(e.shape)}"
    if t.layout != torch.strided:  # sparse: the same layout and the same dense values
        if str(t.layout) != str(e.layout):
            return f"{path}: layout torch {t.layout} ember {e.layout}"
        return _compare_tensors(t.to_dense(), e.to_dense(), path)
    a = t.detach().resolve_conj().resolve_neg().numpy(force=True)  # (force: PyTorch's ZeroTensor grads)
    b = np.asarray(e.detach().numpy())
    rtol, atol = _TOLERANCES.get(t.dtype, (0, 0))
    if a.size == 0:
        return None
    same = (np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True) if a.dtype.kind in "fc"
            else np.array_equal(a, b))
    if same:
        return None
    with np.errstate(all="ignore"):
        worst = np.nanmax(np.abs(a.astype(np.complex128) - b.astype(np.complex128)))
    return f"{path}: values differ (max abs diff {worst:.3g}) torch {a.ravel()[:6]} ember {b.ravel()[:6]}"


def brief(x) -> str:
    """A short description of a sample argument: tensors as T[shape dtype], small ones with values."""
    if isinstance(x, torch.Tensor):
        flags = (", rg" if x.requires_grad else "") + ("" if x.is_contiguous() else f", strides={x.stride()}")
        dt = str(x.dtype).replace("torch.", "")
        if x.numel() <= 6:
            return f"T({x.tolist()}, {dt}{flags})"
        return f"T[{tuple(x.shape)} {dt}{flags}]"
    if isinstance(x, (list, tuple)):
        inner = ", ".join(brief(v) for v in x)
        return f"[{inner}]" if isinstance(x, list) else f"({inner})"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k}={brief(v)}" for k, v in x.items()) + "}"
    return repr(x)


def describe(sample) -> str:
    return f"input={brief(sample.input)} args={brief(sample.args)} kwargs={brief(sample.kwargs)}"[:400]


def _call(fn, sample_like):
    inp, args, kwargs = sample_like
    try:
        return fn(inp, *args, **kwargs), None
    except Skip:
        raise
    except Exception as ex:  # noqa: BLE001 -- any exception is a result to compare
        return None, ex


def _exc(ex) -> str:
    return f"{type(ex).__name__}: {ex}"


def _same_exception(tex, eex) -> bool:
    return type(tex).__name__ == type(eex).__name__ and str(tex) == str(eex)


def _run_both(op, efn, sample, grad_pairs=None):
    """``(torch result, torch exception, ember result, ember exception)`` for one sample."""
    memo = {}
    converted = (to_ember(sample.input, grad_pairs, memo), to_ember(sample.args, grad_pairs, memo),
                 to_ember(sample.kwargs, grad_pairs, memo))
    tout, tex = _call(op.op, (sample.input, sample.args, sample.kwargs))
    eout, eex = _call(efn, converted)
    return tout, tex, eout, eex


def check_forward(op, efn, dtype) -> list:
    """What differs on the forward of each sample of ``op`` in ``dtype``."""
    problems = []
    for s in op.sample_inputs("cpu", dtype, requires_grad=False):
        try:
            tout, tex, eout, eex = _run_both(op, efn, s)
        except Skip:
            continue
        if tex is None and eex is None:
            diff = compare(tout, eout)
        elif tex is None:
            diff = f"ember raised {_exc(eex)[:300]}"
        elif eex is None:
            diff = f"torch raised {_exc(tex)[:300]}, ember did not"
        else:
            diff = None if _same_exception(tex, eex) else f"torch {_exc(tex)[:200]} | ember {_exc(eex)[:200]}"
        if diff:
            problems.append(f"{dtype}: {diff} | {describe(s)}")
    return problems


def _tensors(x) -> list:
    if isinstance(x, (torch.Tensor, ember.Tensor)):
        return [x]
    if isinstance(x, (list, tuple)):
        return [t for v in x for t in _tensors(v)]
    return []


def _node_name(t):
    fn = getattr(t, "grad_fn", None)
    return None if fn is None else type(fn).__name__


def check_grad(op, efn, seed: int = 0) -> list:
    """What differs in the graph (grad_fn names, requires_grad) and the float64 input gradients."""
    if not op.supports_autograd or torch.float64 not in op.supported_backward_dtypes("cpu"):
        return []
    rng = np.random.default_rng(seed)
    problems = []
    for s in op.sample_inputs("cpu", torch.float64, requires_grad=True):
        leaves = []
        try:
            tout, tex, eout, eex = _run_both(op, efn, s, leaves)
        except Skip:
            continue
        if tex or eex:
            continue  # the forward check reports these
        diff = _grad_difference(_tensors(tout), _tensors(eout), leaves, rng)
        if diff:
            problems.append(f"grad: {diff} | {describe(s)}")
    return problems


def _grad_difference(touts, eouts, leaves, rng):
    if len(touts) != len(eouts):
        return None  # the forward check reports these
    for i, (t, e) in enumerate(zip(touts, eouts)):
        if _node_name(t) != _node_name(e):
            return f"grad_fn[{i}]: torch {_node_name(t)} ember {_node_name(e)}"
        if t.requires_grad != getattr(e, "requires_grad", None):
            return f"requires_grad[{i}]: torch {t.requires_grad} ember {getattr(e, 'requires_grad', None)}"
    pairs = [(t, e) for t, e in zip(touts, eouts) if t.requires_grad and (t.is_floating_point() or t.is_complex())]
    if not pairs or not leaves:
        return None
    tgo, ego = [], []
    for t, _ in pairs:
        g = rng.standard_normal(tuple(t.shape))
        if t.is_complex():
            g = g + 1j * rng.standard_normal(tuple(t.shape))
        tgo.append(torch.tensor(g, dtype=t.dtype))
        ego.append(ember.tensor(tgo[-1].numpy()))
    try:
        tg = torch.autograd.grad([p[0] for p in pairs], [p[0] for p in leaves], tgo, allow_unused=True)
    except Exception:  # noqa: BLE001 -- PyTorch can't differentiate this sample either
        return None
    try:
        eg = ember.autograd.grad([p[1] for p in pairs], [p[1] for p in leaves], ego, allow_unused=True)
    except Exception as ex:  # noqa: BLE001
        return f"ember backward raised {_exc(ex)[:300]}"
    for i, (a, b) in enumerate(zip(tg, eg)):
        if a is None and (b is None or not np.any(np.asarray(b.numpy()))):
            continue  # unused input: ember may materialise zeros
        if a is None or b is None:
            return f"grad[{i}]: torch {'None' if a is None else 'tensor'} ember {'None' if b is None else 'tensor'}"
        diff = compare(a, b, f"grad[{i}]")
        if diff:
            return diff
    return None


def check_errors(op, efn) -> list:
    """Each of ``op.error_inputs()`` on which PyTorch raises: ember must raise the same."""
    if op.name in NO_ERROR_INPUTS:
        return []
    try:
        cases = list(op.error_inputs("cpu"))
    except Exception:  # noqa: BLE001 -- the entry's own generator fails on this build
        return []
    problems = []
    for case in cases:
        s = case.sample_input
        try:
            _, tex, _, eex = _run_both(op, efn, s)
        except Skip:
            continue
        if tex is None:
            continue
        if eex is None:
            problems.append(f"error: ember did not raise; torch {_exc(tex)[:250]} | {describe(s)}")
        elif not _same_exception(tex, eex):
            problems.append(f"error: torch {_exc(tex)[:250]} | ember {_exc(eex)[:250]} | {describe(s)}")
    return problems


def sweep(op, dtypes=(torch.float32, torch.int64), grad: bool = True, errors: bool = True) -> list:
    """Every difference found for one OpInfo entry (samples drawn from a fixed seed)."""
    efn = resolve_ember(op)
    supported = op.supported_dtypes("cpu")
    problems = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for dt in dtypes:
            if dt in supported:
                torch.manual_seed(0)
                problems += check_forward(op, efn, dt)
        if grad:
            torch.manual_seed(0)
            problems += check_grad(op, efn)
        if errors:
            torch.manual_seed(0)
            problems += check_errors(op, efn)
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", default="", help="comma-separated entry names (name or name.variant)")
    ap.add_argument("--prefix", default="", help="comma-separated name prefixes")
    ap.add_argument("--exclude-prefix", default="")
    ap.add_argument("--dtypes", default="float32,int64")
    ap.add_argument("--grad", action="store_true")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--summary", action="store_true", help="print only entries that differ")
    ap.add_argument("-v", action="store_true", help="print every difference, not the first two")
    args = ap.parse_args(argv)
    names = set(filter(None, args.names.split(",")))
    prefixes = tuple(filter(None, args.prefix.split(",")))
    excluded = tuple(filter(None, args.exclude_prefix.split(",")))
    dtypes = tuple(getattr(torch, d) for d in args.dtypes.split(",") if d)
    failing = 0
    for op in load_op_db():
        name = full_name(op)
        if (names and op.name not in names and name not in names) or is_random(op):
            continue
        if (prefixes and not op.name.startswith(prefixes)) or (excluded and op.name.startswith(excluded)):
            continue
        try:
            problems = sweep(op, dtypes, args.grad, args.errors)
        except Skip:
            continue
        except AttributeError as ex:
            problems = [f"missing: {ex}"]
        failing += bool(problems)
        if problems or not args.summary:
            print(f"{name}: {len(problems)} differences")
        for p in problems if args.v else problems[:2]:
            print("    " + p)
        sys.stdout.flush()
    print(f"{failing} entries differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
