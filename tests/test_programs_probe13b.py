"""An op table of reductions, scans, sorting and searching (program probe 13b), run under ``python -m ember run``
and under PyTorch 2.13; stdout must match exactly.

Themes: ``sum``/``mean``/``nansum``/``nanmean``/``prod``/``amax``/``amin`` over negative, tuple, empty and
``None`` dims with ``keepdim`` and ``dtype=``; integer, bool, half and complex inputs (``mean`` of ints raises,
``sum`` of bool is int64); empty and 0-d inputs; ``std``/``var``/``std_mean``/``var_mean`` with ``correction``
and ``unbiased`` (complex ones with gradients); ``max``/``min`` (whole, with dim, ties, NaN, the two-tensor form),
``argmax``, ``aminmax``, ``median``/``nanmedian``/``mode``/``kthvalue`` and the gradients of their values (ties:
``max(dim)`` picks one element, ``amax`` shares evenly); ``quantile``/``nanquantile`` in every interpolation mode;
``logsumexp``; ``norm``/``linalg.vector_norm`` (ord 0, 1, 2, inf, -inf, fractional, negative; zero inputs);
``count_nonzero``; ``all``/``any``; out-of-range and repeated dims; ``cumsum``/``cumprod`` (zeros, double
backward)/``cummax``/``cummin``/``logcumsumexp``; ``sort`` (stable, descending, NaN, ties)/``argsort``/``msort``/
``topk``; ``unique``/``unique_consecutive``; ``searchsorted``/``bucketize`` (sides, sorter, NaN boundaries);
``histc``/``histogram``/``bincount``; ``isin``; a top-k accuracy / nucleus sampling / inverse-CDF sampling program
and a normalisation-statistics program; parser errors of all of these.

The unit tests at the end cover the fixes the probe led to:

* ``nanmean`` checks a floating input even when ``dtype`` is given, then a floating ``dtype`` (``nanmean(): could
  not infer output dtype. Optional dtype must be ...``); CPU ``nansum`` refuses complex inputs (``nansum on CPU
  does not support complex inputs``) and complex ``dtype``s of a float input (``"nansum_cpu" not implemented``);
* complex ``var``/``std``/``var_mean``/``std_mean`` are ATen's: the real and imaginary parts' variances added
  (PyTorch's bits), and their backward runs for complex inputs (``VarBackward0`` & co. in ``COMPLEX_GRAD_OK``);
* ``sum``/``mean``/``prod`` of a complex input with a real ``dtype=`` warn ATen's "Casting complex values to real
  discards the imaginary part" (once per process) instead of NumPy's ``ComplexWarning``;
* ``quantile``/``nanquantile`` with a list ``q`` or a float ``dim``: the parser's "invalid combination" message;
* ``argsort`` takes ``dim``/``descending`` by position only without ``stable`` (``argsort() takes from 2 to 1
  positional arguments but 3 were given``), and ``stable`` must be a bool;
* ``searchsorted``: ATen's ``sorter`` checks (size, dtype, range), ``out`` dtype check, 0-d boundaries message,
  no complex kernel, and its binary search (``!(mid >= v)``) where the boundaries hold a NaN; a missing argument
  or extra positional ones in ``searchsorted``/``bucketize``/``isin`` give the parser's overload error;
* ``unique``/``unique_consecutive`` check their flags and ``dim`` as ``_unique2``/``unique_dim``/
  ``unique_consecutive`` do, and have no complex kernel;
* ``bincount(minlength=2.0)``/``histc(bins=2.5)`` are parser errors; complex ``bincount`` weights warn and drop
  the imaginary part; ``histc`` of complex fails in ``aminmax_cpu`` when ``min == max``;
* the double-differentiable ``cumprod`` backward (zeros in the input) is PyTorch's loop, a ``CopySlices`` graph;
* ``logcumsumexp``/``cummax``/``cummin``/``logsumexp`` refuse ``dim=None``; ``logsumexp(x, ())`` of a non-empty
  N-d input fails as PyTorch 2.13 does (``output with shape [] doesn't match the broadcast shape [1, 1]``);
* ``cumsum``/``cumprod``/``cummax``/``cummin``/``logcumsumexp``/``logsumexp`` with extra positional arguments:
  ``cumsum() takes 2 positional arguments but 3 were given`` (one fewer for the method);
* ``count_nonzero``: no ``keepdim`` (the parser's overload error); the method takes several ints as the dim list;
* ``linalg.vector_norm``: a non-number ``ord`` names its position; a bool/float ``dim`` is refused (``x.norm(dim=
  True)``: ``found element of type bool at pos 0``);
* ``prod(x, None)``/``prod(x, dim=None, keepdim=True)`` and ``median(x, None)``/``median(x, keepdim=True)`` are
  parser errors (the ``dim`` overloads take an int); ``median(dim)`` of complex names ``median_out``;
* ``aminmax(dim=(0,))`` is a parser error;
* ``msort(out=)`` and ``argsort(stable=True, out=)`` write ``out`` (``argsort(out=)`` without ``stable`` and
  ``var_mean``/``std_mean(out=)`` are parser errors); ``x.sort(1, descending=True, stable=True)`` is the parser's
  ``sort() takes from 1 to 0 positional arguments but 1 were given``;
* ``prod``'s backward with several zeros under ``create_graph`` is differentiable (``ViewBackward0``), as ATen's
  ``prod_safe_zeros_backward``;
* ``torch.histogram`` runs ATen's checks (bin count, bins rank/dtype/size, weight dtype/size, a non-int ``bins``)
  and counts with edges given in any order as ATen's kernel does;
* a whole float32 ``var``/``std`` is ATen's ``std_var_all_cpu`` (the float32 ``mean()``, overflow included, then
  double deviations), and reducing the only non-1 dims keeps the output's shape (float64 too);
* a bool ``dim`` is refused as PyTorch's parser refuses it (``x.cumsum(True)``, ``x.sum(True)``), and so is an
  explicit ``x.max(None)``/``x.min(dim=None)``;
* ``searchsorted``/``bucketize`` warn ATen's once-per-program "non-contiguous ... extra data copy" warning for a
  strided input, boundary or sorter tensor;
* ``topk``/``kthvalue``/``median``/``nanmedian``/``mode`` with extra positional arguments give the parser's
  ``takes from 2 to 5 positional arguments`` message (method: one fewer; ``x.median`` lists its overloads), and
  ``max(x, dim=0, other=y)`` is the parser's overload error; NumPy's ``axis=`` alias is named as written in
  these parser errors (``prod() ... got (axis=NoneType, )``).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from program_runner import program_tests, raises_exactly

import ember


PROGRAMS = {
'basic_sum_mean': r'''
import torch
x = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 7
ops = ["sum", "mean", "nansum", "nanmean", "amax", "amin"]
dims = [None, 0, -1, (0, 2), (-1, -3), [1], ()]
for op in ops:
    for d in dims:
        for kd in (False, True):
            try:
                if d is None:
                    r = getattr(torch, op)(x) if not kd else getattr(torch, op)(x, dim=d, keepdim=kd)
                else:
                    r = getattr(torch, op)(x, d, keepdim=kd)
                print(op, d, kd, r.shape, r.dtype, r.flatten()[:4])
            except Exception as e:
                print(op, d, kd, type(e).__name__, e)
for d in [None, 0, -1, 2]:
    for kd in (False, True):
        try:
            r = torch.prod(x, d, keepdim=kd) if d is not None else torch.prod(x)
            print("prod", d, kd, r.shape, r.dtype, r.flatten()[:4])
        except Exception as e:
            print("prod", d, kd, type(e).__name__, e)
for d in [(0, 2), [1], ()]:
    try:
        print(torch.prod(x, d, keepdim=True))
    except Exception as e:
        print("prod", d, type(e).__name__, e)
''',
'dtypes_sum': r'''
import torch
inputs = {
    "bool": torch.tensor([[True, False, True], [True, True, False]]),
    "uint8": torch.tensor([[200, 100, 3], [1, 2, 3]], dtype=torch.uint8),
    "int8": torch.tensor([[100, 100, -3], [1, 2, 3]], dtype=torch.int8),
    "int32": torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32),
    "int64": torch.tensor([[1, 2, 3], [4, 5, 6]]),
    "f16": torch.tensor([[1.5, 2, 3], [4, 5, 6]], dtype=torch.float16),
    "f64": torch.tensor([[1.5, 2, 3], [4, 5, 6]], dtype=torch.float64),
    "c64": torch.tensor([[1+2j, 2, 3, 2], [4, 5j, 6, -2j]]),
}
for name, t in inputs.items():
    for op in ["sum", "mean", "nansum", "nanmean", "prod", "amax", "amin", "logsumexp", "count_nonzero", "all", "any", "std", "var", "argmax", "median", "cumsum", "cumprod"]:
        try:
            if op in ("logsumexp", "cumsum", "cumprod"):
                r = getattr(torch, op)(t, 1)
            else:
                r = getattr(torch, op)(t)
            print(name, op, r.dtype, r.tolist())
        except Exception as e:
            print(name, op, type(e).__name__, e)
        try:
            r = getattr(torch, op)(t, 0)
            print(name, op, "dim0", r if not isinstance(r, torch.Tensor) else (r.dtype, r.tolist()))
        except Exception as e:
            print(name, op, "dim0", type(e).__name__, e)
''',
'dtype_arg': r'''
import torch
x = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32)
b = torch.tensor([True, False, True])
f = torch.tensor([1.5, 2.5, 3.25])
for op in ["sum", "mean", "nansum", "nanmean", "prod", "cumsum", "cumprod", "logsumexp", "norm"]:
    for t, dt in [(x, torch.float64), (x, torch.int64), (x, torch.int8), (b, torch.float32), (b, torch.int32), (f, torch.float64), (f, torch.int64), (f, torch.float16), (x, torch.bool)]:
        try:
            fn = getattr(torch, op)
            if op in ("cumsum", "cumprod"):
                r = fn(t, 0, dtype=dt)
            elif op == "logsumexp":
                r = fn(t, 0, dtype=dt) 
            elif op == "norm":
                r = fn(t, dtype=dt)
            else:
                r = fn(t, dtype=dt)
            print(op, t.dtype, dt, r.dtype, r.tolist())
        except Exception as e:
            print(op, t.dtype, dt, type(e).__name__, e)
        try:
            if op in ("sum", "mean", "nansum", "nanmean"):
                r = getattr(t, op)(0, dtype=dt)
                print(op, "dim", t.dtype, dt, r.dtype, r.tolist())
            if op == "prod":
                r = t.prod(0, dtype=dt)
                print(op, "dim", t.dtype, dt, r.dtype, r.tolist())
        except Exception as e:
            print(op, "dim", t.dtype, dt, type(e).__name__, e)
''',
'dim_types': r'''
import torch
import numpy as np
x = torch.arange(12.0).reshape(3, 4)
dims = [np.int64(1), np.int32(-1), torch.tensor(0), torch.tensor([0, 1]), torch.Size([1]), [np.int64(0)], (torch.tensor(1),), range(2), 1.0, "0", True, None]
ops = {"sum": lambda d: x.sum(d), "mean": lambda d: x.mean(d), "amax": lambda d: x.amax(d), "max": lambda d: x.max(d), "argmax": lambda d: x.argmax(d),
       "std": lambda d: x.std(d), "logsumexp": lambda d: x.logsumexp(d), "cumsum": lambda d: x.cumsum(d), "sort": lambda d: x.sort(d).values,
       "median": lambda d: x.median(d), "norm": lambda d: x.norm(dim=d), "prod": lambda d: x.prod(d), "all": lambda d: x.all(d), "softmax": lambda d: x.softmax(d)}
for name, f in ops.items():
    for d in dims:
        try:
            r = f(d)
            r = r[0] if isinstance(r, tuple) else r
            print(name, type(d).__name__, tuple(r.shape))
        except Exception as e:
            print(name, type(d).__name__, type(e).__name__, e)
''',
'axis_alias': r'''
import torch
x = torch.tensor([[1.0, 5.0], [3.0, 2.0]])
for f in [lambda: x.prod(axis=None), lambda: x.prod(axis=1), lambda: x.median(axis=None), lambda: x.max(axis=None), lambda: x.max(axis=0),
          lambda: torch.nanmedian(x, axis=1), lambda: x.sum(axis=None), lambda: x.std(axis=None), lambda: x.argsort(axis=0), lambda: x.logsumexp(axis=1),
          lambda: x.cumsum(axis=0), lambda: x.count_nonzero(axis=0), lambda: torch.aminmax(x, axis=0), lambda: x.min(axis=1, keepdims=True)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'empty_dims': r'''
import torch
x = torch.arange(6.0).reshape(2, 3)
z = torch.tensor(2.5)
e = torch.zeros(0, 3)
for name, f in [("sum", lambda t, d: t.sum(d)), ("mean", lambda t, d: t.mean(d)), ("nansum", lambda t, d: t.nansum(d)), ("nanmean", lambda t, d: t.nanmean(d)),
                ("amax", lambda t, d: t.amax(d)), ("amin", lambda t, d: t.amin(d, True)), ("std", lambda t, d: t.std(d)), ("var", lambda t, d: t.var(d, keepdim=True)),
                ("logsumexp", lambda t, d: t.logsumexp(d, True)), ("norm", lambda t, d: t.norm(dim=d)), ("vector_norm", lambda t, d: torch.linalg.vector_norm(t, dim=d)),
                ("count_nonzero", lambda t, d: t.count_nonzero(d)), ("all", lambda t, d: t.all(d)), ("any", lambda t, d: torch.any(t, d, keepdim=True)),
                ("std_mean", lambda t, d: torch.std_mean(t, d)), ("var_mean", lambda t, d: torch.var_mean(t, d, keepdim=True)), ("aminmax", lambda t, d: torch.aminmax(t))]:
    for t in (x, z, e):
        for d in ((), []):
            try:
                print(name, tuple(t.shape), d, f(t, d))
            except Exception as e2:
                print(name, tuple(t.shape), d, type(e2).__name__, e2)
''',
'empty_red': r'''
import torch
import warnings
warnings.simplefilter("ignore")
cases = [torch.zeros(0), torch.zeros(2, 0), torch.zeros(0, 3), torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.bool)]
ops = ["sum", "mean", "nansum", "nanmean", "prod", "amax", "amin", "max", "min", "argmax", "argmin", "std", "var", "logsumexp", "median", "nanmedian", "mode", "count_nonzero", "all", "any", "aminmax", "norm", "std_mean", "var_mean", "cumsum", "cummax", "logcumsumexp"]
for i, t in enumerate(cases):
    for op in ops:
        for args in [(), (0,), (-1,)]:
            try:
                r = getattr(torch, op)(t, *args)
                print(i, op, args, r)
            except Exception as e:
                print(i, op, args, type(e).__name__, e)
''',
'zerod': r'''
import torch
x = torch.tensor(3.5, requires_grad=True)
ops = ["sum", "mean", "nansum", "prod", "amax", "amin", "max", "min", "argmax", "argmin", "std", "var", "logsumexp", "median", "nanmedian", "mode", "count_nonzero", "all", "any", "aminmax", "norm", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "sort", "argsort", "topk", "kthvalue", "msort", "unique"]
for op in ops:
    for args in [(), (0,), (-1,), (1,), (0, True)]:
        if op in ("topk", "kthvalue"):
            args = (1,) + args
        try:
            r = getattr(torch, op)(x, *args)
            print(op, args, r)
        except Exception as e:
            print(op, args, type(e).__name__, e)
''',
'nanops': r'''
import torch
f = torch.tensor([[1.5, float('nan'), 3.25], [float('nan'), -2.0, 4.0]])
i = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32)
b = torch.tensor([True, False])
c = torch.tensor([1 + 1j, 2 - 1j])
for name, t in [("f", f), ("i", i), ("b", b), ("c", c), ("h", f.half())]:
    for dt in [None, torch.float64, torch.float16, torch.int64, torch.int16, torch.bool, torch.complex64, torch.uint8]:
        for op in (torch.nansum, torch.nanmean, torch.sum, torch.mean):
            try:
                r = op(t, dtype=dt)
                print(name, dt, op.__name__, r.dtype, r.item())
            except Exception as e:
                print(name, dt, op.__name__, type(e).__name__, e)
        try:
            r = t.nansum(0, dtype=dt)
            print(name, dt, "nansum0", r)
        except Exception as e:
            print(name, dt, "nansum0", type(e).__name__, e)
x = f.clone().requires_grad_()
y = torch.nanmean(x, 1)
print(y, y.grad_fn.name())
y.sum().backward()
print(x.grad)
x.grad = None
torch.nansum(x * 2, (0, 1)).backward()
print(x.grad)
print(torch.nanmean(torch.full((2, 2), float('nan')), 0))
print(torch.nanmean(torch.zeros(0, 2), 0))
''',
'maxmin': r'''
import torch
x = torch.tensor([[3.0, 1.0, 3.0, -2.0], [0.5, 0.5, 0.5, 7.0], [-1.0, 2.0, 2.0, -1.0]])
for op in (torch.max, torch.min):
    print(op(x))
    for d in (0, 1, -1, -2):
        for kd in (False, True):
            r = op(x, d, kd)
            print(op.__name__, d, kd, r)
    r = op(x, dim=1)
    print(r.values, r.indices, r[0], r[1], type(r).__name__, len(r))
    print(op(x, torch.tensor([0.0, 1.0, 2.0, 3.0])))
    print(op(x, other=torch.tensor(1.0)))
    for bad in [(2,), (-3,), (5,)]:
        try:
            op(x, *bad)
        except Exception as e:
            print(type(e).__name__, e)
    try:
        op(x, 0.5)
    except Exception as e:
        print(type(e).__name__, e)
    try:
        op(x, dim=(0, 1))
    except Exception as e:
        print(type(e).__name__, e)
    try:
        print(op(x, torch.ones(3, 1, dtype=torch.int64)))
    except Exception as e:
        print(type(e).__name__, e)
    try:
        print(op(x, torch.ones(2)))
    except Exception as e:
        print(type(e).__name__, e)
n = torch.tensor([[1.0, float('nan'), 3.0], [float('nan'), 2.0, float('nan')], [1.0, 2.0, 0.0]])
for op in (torch.max, torch.min, torch.argmax, torch.argmin, torch.amax, torch.amin):
    print(op.__name__, op(n))
    print(op.__name__, op(n, 1))
    print(op.__name__, op(n, 0))
print(torch.maximum(n, torch.zeros(3)), torch.fmax(n, torch.zeros(3)))
print(torch.max(n, torch.zeros(3)))
i = torch.tensor([[5, 1, 5], [2, 9, 9]])
print(torch.max(i, 1), torch.min(i, 0), i.max(), i.argmax(), i.argmax(1, keepdim=True))
b = torch.tensor([[True, False], [False, False]])
print(torch.max(b), torch.max(b, 1), torch.min(b, 0))
print(torch.aminmax(x), torch.aminmax(x, dim=1), torch.aminmax(x, dim=0, keepdim=True))
print(torch.aminmax(n, dim=1))
try:
    print(torch.aminmax(x, dim=None))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.aminmax(b))
except Exception as e:
    print(type(e).__name__, e)
print(torch.amax(x, (0, 1)), torch.amax(x, ()), torch.amin(x, [-1], True), torch.amax(x, dim=None) if False else '')
try:
    print(torch.amax(x, (0, 0)))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.argmax(x, (0, 1)))
except Exception as e:
    print(type(e).__name__, e)
''',
'max_none': r'''
import torch
x = torch.tensor([[1.0, 5.0], [3.0, 2.0]])
for f in [lambda: x.max(None), lambda: torch.min(x, None), lambda: x.min(None, True), lambda: torch.max(x, None, keepdim=False), lambda: x.max(),
          lambda: x.max(dim=None), lambda: torch.max(x, dim=0), lambda: x.min(axis=1), lambda: torch.max(x, torch.tensor(1)), lambda: x.max(torch.tensor(1), True)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'binary_max': r'''
import torch
a = torch.tensor([[1, 5, 3]])
b = torch.tensor([[2.5], [0.5]])
print(torch.max(a, b), torch.min(a, b), torch.maximum(a, torch.tensor(2)), torch.max(a, torch.tensor([True, False, True])))
print(torch.max(b, other=torch.tensor(1.0)), torch.fmax(torch.tensor([float('nan'), 1.0]), torch.tensor([0.0, float('nan')])), torch.fmin(b, a))
for f in [lambda: torch.max(a, 2), lambda: torch.max(a, b.T.expand(2, 3).T), lambda: torch.max(a, torch.ones(4)), lambda: torch.maximum(torch.tensor([1j]), torch.tensor([1.0])),
          lambda: torch.max(a, b, out=torch.empty(0)), lambda: torch.max(a, b, out=torch.empty(0, dtype=torch.long)), lambda: a.max(b, True),
          lambda: torch.aminmax(torch.tensor([True, False])), lambda: torch.tensor([float('nan'), 1.0], dtype=torch.float16).amax(), lambda: torch.max(a, dim=0, other=b)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
x = torch.tensor([1.0, 4.0, 2.0], requires_grad=True)
y = torch.tensor([3.0, 4.0, 0.0], requires_grad=True)
r = torch.max(x, y)
print(r.grad_fn.name())
r.sum().backward()
print(x.grad, y.grad)
''',
'maxgrad': r'''
import torch
def show(label, f, x):
    x = x.clone().requires_grad_()
    try:
        y = f(x)
        out = y[0] if isinstance(y, tuple) else y
        print(label, "grad_fn", out.grad_fn.name() if out.grad_fn else None)
        out.sum().backward()
        print(label, x.grad)
    except Exception as e:
        print(label, type(e).__name__, e)
x = torch.tensor([[3.0, 1.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 5.0, 0.0]])
show("max", lambda t: t.max(), x)
show("min", lambda t: t.min(), x)
show("max1", lambda t: t.max(1), x)
show("max0k", lambda t: t.max(0, keepdim=True), x)
show("min1", lambda t: t.min(1), x)
show("amax", lambda t: t.amax(), x)
show("amax1", lambda t: t.amax(1), x)
show("amin0", lambda t: t.amin(0), x)
show("amaxall", lambda t: t.amax((0, 1)), x)
show("aminmax", lambda t: torch.aminmax(t, dim=1).max + 2 * torch.aminmax(t, dim=1).min, x)
show("aminmax_all", lambda t: torch.aminmax(t).max, x)
show("maximum", lambda t: torch.maximum(t, torch.full((3,), 2.0)), x)
show("minimum", lambda t: torch.minimum(t, torch.full((3,), 2.0)), x)
show("fmax", lambda t: torch.fmax(t, torch.full((3,), 2.0)), x)
show("max2", lambda t: torch.max(t, torch.full((3,), 2.0)), x)
show("median", lambda t: t.median(), x)
show("median1", lambda t: t.median(1), x)
show("nanmedian", lambda t: t.nanmedian(), x)
show("nanmedian0", lambda t: t.nanmedian(0), x)
show("kth", lambda t: t.kthvalue(2, 1), x)
show("kth0", lambda t: t.kthvalue(1, 0, True), x)
show("mode", lambda t: t.mode(1), x)
show("mode0", lambda t: t.mode(0), x)
show("topk", lambda t: t.topk(2, 1), x)
show("topk_small", lambda t: t.topk(2, 0, largest=False), x)
show("sort", lambda t: t.sort(1)[0] * torch.arange(3.0), x)
show("sortd", lambda t: t.sort(0, descending=True)[0] * torch.arange(3.0).unsqueeze(1), x)
show("msort", lambda t: t.msort() * torch.arange(3.0).unsqueeze(1), x)
show("cummax", lambda t: t.cummax(1), x)
show("cummin", lambda t: t.cummin(0), x)
show("max_flat", lambda t: t.flatten().max(0), x)
n = torch.tensor([1.0, float('nan'), 3.0, float('nan')])
show("nmax", lambda t: t.max(), n)
show("namax", lambda t: t.amax(), n)
show("nmax0", lambda t: t.max(0), n)
show("nmedian", lambda t: t.median(), n)
show("nnanmedian", lambda t: t.nanmedian(), n)
show("nsort", lambda t: t.sort()[0] * torch.arange(4.0), n)
show("ncummax", lambda t: t.cummax(0), n)
z = torch.tensor(2.0)
show("z_max", lambda t: t.max(), z)
show("z_max0", lambda t: t.max(0), z)
show("z_amax", lambda t: t.amax(0), z)
show("z_median", lambda t: t.median(0), z)
show("z_kth", lambda t: t.kthvalue(1), z)
show("z_sort", lambda t: t.sort(), z)
show("z_topk", lambda t: t.topk(1), z)
''',
'ties_grad': r'''
import torch
x = torch.tensor([[1.0, 4.0, 4.0, 2.0, 4.0], [0.0, 0.0, 0.0, 0.0, 0.0], [float('nan'), 1.0, float('nan'), 2.0, 0.0]])
def g(f, label):
    t = x.clone().requires_grad_()
    try:
        out = f(t)
        v = out[0] if isinstance(out, tuple) else out
        v.sum().backward()
        print(label, v.grad_fn.name(), t.grad.tolist())
    except Exception as e:
        print(label, type(e).__name__, e)
g(lambda t: t.max(1), "max1")
g(lambda t: t.max(), "max")
g(lambda t: t.amax(1), "amax1")
g(lambda t: t.amax(), "amax")
g(lambda t: t.min(1), "min1")
g(lambda t: t.amin(0), "amin0")
g(lambda t: torch.aminmax(t, dim=1).max, "aminmax")
g(lambda t: t.topk(2, 1), "topk")
g(lambda t: t.topk(2, 1, largest=False), "topk_small")
g(lambda t: t.sort(1, stable=True), "sort")
g(lambda t: t.sort(1, descending=True), "sortd")
g(lambda t: t.kthvalue(3, 1), "kth")
g(lambda t: t.median(1), "median1")
g(lambda t: t.nanmedian(1), "nanmedian1")
g(lambda t: t.mode(1), "mode")
g(lambda t: t.cummax(1), "cummax")
g(lambda t: t.cummin(1), "cummin")
g(lambda t: t.max(0), "max0")
g(lambda t: t.norm(float('inf'), 1), "norminf")
g(lambda t: torch.linalg.vector_norm(t, float('-inf'), 1), "normninf")
g(lambda t: t.logsumexp(1), "lse")
g(lambda t: torch.maximum(t, t.flip(1)), "maximum")
g(lambda t: torch.clamp(t, max=2.0), "clamp")
g(lambda t: t.max(dim=1, keepdim=True)[0] * 2, "maxk")
g(lambda t: t.argmax(1).float() + t.sum(1), "argmax+sum")
''',
'ties_big': r'''
import torch
g = torch.Generator().manual_seed(3)
x = torch.randint(0, 5, (3, 70), generator=g).float()
print(x.sort(1).indices[:, :20])
print(x.sort(1, descending=True).indices[:, :20])
print(x.argsort(0)[:, :20])
print(x.topk(10, 1).indices, x.topk(10, 1, largest=False).indices, x.topk(10, 1, sorted=False).indices)
print(x.kthvalue(30, 1), x.median(1), x.mode(1), x.max(1).indices, x.min(1).indices, x.argmax(1), x.argmin(1))
print(x.cummax(1).indices[:, -10:], x.cummin(1).indices[:, -10:])
y = torch.randint(0, 3, (300,), generator=g)
print(y.sort().indices[:40], y.sort(descending=True).indices[-40:], y.topk(25).indices, y.kthvalue(150), y.median(), y.mode())
print(y.unique(return_inverse=True)[1][:30], y.unique_consecutive(return_counts=True)[1][:20])
''',
'stdvar': r'''
import torch
import warnings
warnings.simplefilter("ignore")
x = torch.tensor([[1.0, 2.0, 4.0, 8.0], [3.0, -1.0, 0.5, 2.0], [0.0, 0.0, 1.0, 1.0]])
calls = [
    ("std()", lambda t: t.std()),
    ("var(0)", lambda t: t.var(0)),
    ("var(1,False)", lambda t: t.var(1, False)),
    ("var(1,unbiased=False)", lambda t: t.var(1, unbiased=False)),
    ("var(correction=0)", lambda t: t.var(correction=0)),
    ("var(correction=2)", lambda t: t.var(1, correction=2)),
    ("var(correction=4)", lambda t: t.var(1, correction=4)),
    ("var(correction=5)", lambda t: t.var(1, correction=5)),
    ("std(correction=1.5)", lambda t: t.std(1, correction=1.5)),
    ("std(correction=-1)", lambda t: t.std(1, correction=-1)),
    ("std((0,1),keepdim)", lambda t: t.std((0, 1), keepdim=True)),
    ("std(dim=None,keepdim)", lambda t: t.std(dim=None, keepdim=True)),
    ("std(-1, True, True)", lambda t: t.std(-1, True, True)),
    ("var(unbiased and correction)", lambda t: t.var(0, unbiased=True, correction=1)),
    ("std_mean()", lambda t: torch.std_mean(t)),
    ("std_mean(1)", lambda t: torch.std_mean(t, 1)),
    ("var_mean(0,correction=0)", lambda t: torch.var_mean(t, 0, correction=0)),
    ("var_mean(keepdim)", lambda t: torch.var_mean(t, [0, 1], keepdim=True)),
    ("var_mean(False)", lambda t: torch.var_mean(t, False)),
    ("std_mean(unbiased=False)", lambda t: torch.std_mean(t, unbiased=False)),
    ("var(2)", lambda t: t.var(2)),
    ("var((0,0))", lambda t: t.var((0, 0))),
    ("var('a')", lambda t: t.var("a")),
    ("std(1.0)", lambda t: t.std(1.0)),
]
for name, f in calls:
    t = x.clone().requires_grad_()
    try:
        r = f(t)
        print(name, r)
        out = r[0] + 2 * r[1] if isinstance(r, tuple) else r
        out.sum().backward()
        print("  grad", t.grad)
    except Exception as e:
        print(name, type(e).__name__, e)
for t in [torch.tensor([1, 2, 3]), torch.tensor([True]), torch.tensor([1 + 2j, 3 - 1j]), torch.tensor([5.0]), torch.tensor(3.0), torch.zeros(0)]:
    for f in (torch.std, torch.var, torch.std_mean, torch.var_mean):
        try:
            print(f.__name__, f(t))
        except Exception as e:
            print(f.__name__, type(e).__name__, e)
c = torch.tensor([1 + 2j, 3 - 1j, -2j], requires_grad=True)
v = c.var()
print(v)
v.backward()
print(c.grad)
''',
'std_shapes': r'''
import torch
for dt in (torch.float32, torch.float64):
    for shape, dim in [((1, 2), 1), ((3, 1), 0), ((1, 4, 1), (1,)), ((1, 4, 1), 1), ((2,), 0), ((2, 3), (0, 1)), ((1, 5), None)]:
        a = (torch.arange(float(torch.tensor(shape).prod())) * 1.37 - 2).reshape(shape).to(dt)
        for kd in (False, True):
            r1 = a.std(dim, keepdim=kd) if dim is not None else a.std(dim, keepdim=kd)
            r2 = torch.var(a, dim, correction=0, keepdim=kd)
            r3 = torch.std_mean(a, dim, keepdim=kd)
            print(dt, shape, dim, kd, r1, r2, r3[0].shape, r3[1])
big = torch.tensor([3e38, 3e38, -1e38])
print(big.std(), big.var(), big.std(0), torch.std_mean(big), big.double().std())
print(torch.tensor([1e20, 1e20, 1e20, -1e20]).var(), torch.tensor([1e-30, 2e-30, 3e-30]).std(), torch.tensor([16777216.0, 1.0, 1.0, 1.0]).var())
''',
'complexvar': r'''
import torch
c = torch.tensor([[1 + 2j, 3 - 1j, -2j, 0.5 + 0.5j], [0.5 + 0j, 1j, 2 + 2j, -1.5 - 1j]], requires_grad=True)
for name, f in [("var", lambda t: t.var()), ("var1", lambda t: t.var(1)), ("std", lambda t: t.std()),
                ("std0", lambda t: t.std(0, correction=0)), ("var_mean", lambda t: torch.var_mean(t, 1)),
                ("std_mean", lambda t: torch.std_mean(t)), ("var_mean_v", lambda t: torch.var_mean(t, 0)[0]),
                ("std_mean_m", lambda t: torch.std_mean(t, 1)[1]), ("var_unb", lambda t: t.var(0, unbiased=False))]:
    c.grad = None
    r = f(c)
    print(name, r)
    if isinstance(r, tuple):
        out = r[0].sum() + (r[1] * (1 - 2j)).real.sum()
    elif r.is_complex():
        out = (r * (0.5 + 1j)).real.sum()
    else:
        out = r.sum()
    print(out.grad_fn.name())
    out.backward()
    print(c.grad)
''',
'quantile': r'''
import torch
x = torch.tensor([[1.0, 7.0, 3.0, 4.0, 2.0], [0.5, -1.0, 9.0, 9.0, 2.5]])
for interp in ["linear", "lower", "higher", "midpoint", "nearest"]:
    for q in [0.0, 0.3, 0.5, 0.75, 1.0, torch.tensor([0.1, 0.9]), torch.tensor(0.4)]:
        print(interp, q, torch.quantile(x, q, interpolation=interp), torch.quantile(x, q, dim=1, keepdim=True, interpolation=interp))
print(torch.quantile(x, torch.tensor([0.25, 0.5]), dim=0))
print(torch.quantile(x, torch.tensor([[0.25]]) if False else 0.5, dim=-1))
n = torch.tensor([[1.0, float('nan'), 3.0], [2.0, 4.0, 6.0], [float('nan')] * 3])
print(torch.quantile(n, 0.5, dim=1), torch.nanquantile(n, 0.5, dim=1), torch.nanquantile(n, 0.5), torch.quantile(n, 0.5))
print(torch.nanquantile(n, torch.tensor([0.0, 1.0]), dim=0, interpolation="nearest"))
errs = [
    lambda: torch.quantile(x, 1.5),
    lambda: torch.quantile(x, -0.1),
    lambda: torch.quantile(x, 0.5, interpolation="cubic"),
    lambda: torch.quantile(x.int(), 0.5),
    lambda: torch.quantile(x, torch.tensor([0.5], dtype=torch.float64)),
    lambda: torch.quantile(x, torch.tensor([[0.5]])),
    lambda: torch.quantile(x, 0.5, dim=2),
    lambda: torch.quantile(torch.zeros(0), 0.5),
    lambda: torch.quantile(torch.zeros(2, 0), 0.5, dim=1),
    lambda: torch.quantile(x, torch.tensor([0.5, 1.2])),
    lambda: torch.quantile(x.double(), 0.5),
    lambda: torch.quantile(torch.tensor(3.0), 0.5, dim=0),
    lambda: torch.quantile(torch.tensor(3.0), torch.tensor([0.2, 0.7])),
    lambda: torch.quantile(x, [0.5]),
]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
t = x.clone().requires_grad_()
r = torch.quantile(t, torch.tensor([0.3, 0.5]), dim=1)
print(r.grad_fn.name())
r.sum().backward()
print(t.grad)
t = x.clone().requires_grad_()
torch.nanquantile(t, 0.6, interpolation="midpoint").backward()
print(t.grad)
''',
'quantile_args': r'''
import torch
x = torch.tensor([3.0, 1.0, 2.0, 5.0])
calls = [
    lambda: torch.quantile(x, [0.5]),
    lambda: torch.nanquantile(x, "0.5"),
    lambda: x.quantile([0.5]),
    lambda: x.nanquantile(None),
    lambda: torch.quantile(x, 0.5, dim=0.5),
    lambda: torch.quantile(x, 0.5, 0, 1),
    lambda: torch.quantile(x, 0.5, interpolation=1),
    lambda: x.quantile(0.5, dim=True),
    lambda: torch.quantile(x, True),
    lambda: torch.quantile(x, 1),
    lambda: torch.quantile(x, 0.5, None, True),
    lambda: x.quantile(torch.tensor([0.0, 0.25]), 0, True, interpolation="higher"),
]
for f in calls:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'sorting': r'''
import torch
x = torch.tensor([[3.0, 1.0, float('nan'), 1.0, -0.0, 0.0], [2.0, float('inf'), 2.0, float('-inf'), 5.0, 2.0]])
for kw in [{}, {"descending": True}, {"stable": True}, {"stable": True, "descending": True}, {"dim": 0}, {"dim": 0, "descending": True}]:
    r = torch.sort(x, **kw)
    print(kw, r)
    print(torch.argsort(x, **{k: v for k, v in kw.items()}))
print(x.sort(0, True))
print(torch.msort(x))
i = torch.tensor([5, 3, 5, 1, 3, 3])
print(i.sort(stable=True), i.sort(descending=True, stable=True), i.argsort(stable=True))
b = torch.tensor([True, False, True, False])
print(b.sort(), b.argsort(descending=True, stable=True))
print(torch.tensor(4.0).sort(), torch.zeros(0).sort(), torch.zeros(2, 0).sort(0))
h = torch.tensor([3.0, 1.0, 2.0], dtype=torch.float16)
print(h.sort(descending=True))
u = torch.tensor([200, 3, 100], dtype=torch.uint8)
print(u.sort(), u.argsort(descending=True))
errs = [lambda: x.sort(2), lambda: x.sort(-3), lambda: torch.sort(x, stable=None), lambda: torch.sort(x, 0, 1),
        lambda: torch.tensor([1 + 1j]).sort(), lambda: x.argsort(dim=1.0), lambda: torch.sort(x, dim=(0,)),
        lambda: torch.argsort(x, 0, True, stable=True), lambda: x.sort(descending=1)]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
t = torch.tensor([[3.0, 1.0, 2.0], [1.0, 1.0, 0.0]], requires_grad=True)
v, idx = t.sort(1, descending=True)
print(v.grad_fn.name(), idx.requires_grad)
(v * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(t.grad)
out_v, out_i = torch.empty(0), torch.empty(0, dtype=torch.long)
r = torch.sort(x, 1, out=(out_v, out_i))
print(r, out_v, out_i, type(r).__name__)
''',
'sort_args': r'''
import torch
x = torch.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
for f in [lambda: x.sort(1, descending=True, stable=True), lambda: x.sort(1, True, stable=True), lambda: x.sort(1, stable=True),
          lambda: torch.sort(x, 1, stable=True), lambda: torch.sort(x, 1, True, stable=False), lambda: torch.sort(x, 1, descending=True, stable=True),
          lambda: torch.sort(x, 0, True, True), lambda: x.sort(0, True, True), lambda: x.sort(stable=True, dim=0),
          lambda: torch.sort(x, stable=None, dim=1), lambda: x.sort(descending=True, stable=False)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'argsort_stable': r'''
import torch
x = torch.tensor([[3.0, 1.0, 3.0], [0.0, 2.0, 0.0]])
calls = [
    lambda: torch.argsort(x, 0, stable=True),
    lambda: torch.argsort(x, 0, True, stable=True),
    lambda: torch.argsort(x, stable=True),
    lambda: torch.argsort(x, stable=False, dim=0),
    lambda: torch.argsort(x, dim=0, descending=True, stable=True),
    lambda: x.argsort(0, stable=True),
    lambda: x.argsort(1, True, stable=True),
    lambda: x.argsort(stable=True, descending=True),
    lambda: x.argsort(stable=1),
    lambda: torch.argsort(x, stable=None),
    lambda: torch.argsort(x, 0, True, True),
    lambda: x.argsort(0, True),
]
for f in calls:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'topk': r'''
import torch
x = torch.tensor([[1.0, 5.0, 3.0, 5.0, -2.0], [0.0, float('nan'), 2.0, 2.0, 7.0]])
for k in [0, 1, 2, 5]:
    for largest in (True, False):
        for s in (True, False):
            try:
                r = torch.topk(x, k, largest=largest, sorted=s)
                print(k, largest, s, r.values, r.indices)
            except Exception as e:
                print(k, largest, s, type(e).__name__, e)
print(x.topk(1, 0), x.topk(2, dim=0, largest=False))
print(torch.topk(torch.tensor([3, 1, 3, 2]), 2))
print(torch.topk(torch.tensor(5.0), 1), torch.topk(torch.tensor(5.0), 0))
errs = [lambda: x.topk(6), lambda: x.topk(-1), lambda: x.topk(3, 0), lambda: x.topk(1, 2), lambda: x.topk(1.5),
        lambda: torch.topk(torch.zeros(0), 1), lambda: torch.topk(torch.tensor([True, False]), 1),
        lambda: torch.topk(torch.tensor([1 + 1j]), 1), lambda: x.topk(k=torch.tensor(2))]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
t = torch.tensor([[1.0, 5.0, 3.0, 5.0], [4.0, 4.0, 4.0, 1.0]], requires_grad=True)
r = t.topk(2)
print(r.values.grad_fn.name())
(r.values * torch.tensor([1.0, 2.0])).sum().backward()
print(t.grad)
t.grad = None
r = t.kthvalue(2, 1)
print(r)
r.values.sum().backward()
print(t.grad)
for kk in [1, 3, 4]:
    print(torch.kthvalue(torch.tensor([[2.0, 2.0, 1.0, 2.0], [float('nan'), 1.0, 0.0, 3.0]]), kk, 1, True))
for f in [lambda: t.kthvalue(0), lambda: t.kthvalue(5), lambda: t.kthvalue(1, 2), lambda: torch.kthvalue(torch.zeros(0), 1)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'kth_mode_more': r'''
import torch
x = torch.tensor([[2.0, float('nan'), 1.0, 2.0], [1.0, 1.0, 3.0, 3.0], [5.0, 4.0, 4.0, 5.0]])
for k in range(1, 5):
    print(k, x.kthvalue(k, 1), x.kthvalue(k, 1, keepdim=True).indices.shape)
print(x.kthvalue(2, 0), x.kthvalue(3, 0))
print(x.mode(1), x.mode(0), x.median(1), x.nanmedian(1), x.topk(2, 1, sorted=True), x.topk(2, 1, largest=False))
i = torch.tensor([[4, 4, 1, 1, 2], [9, 9, 9, 0, 0]])
print(i.kthvalue(3, 1), i.mode(1), i.median(1), i.topk(3, 1), i.sort(1), i.sort(dim=1, stable=True, descending=True))
big = torch.arange(40.0).remainder(7).reshape(2, 20)
print(big.mode(1), big.median(1), big.kthvalue(10, 1), big.topk(5, 1).indices, big.sort(1).indices[:, :6])
''',
'pair_positional': r'''
import torch
x = torch.arange(6.0).reshape(2, 3)
calls = {
    "median": lambda: torch.median(x, 0, True, 1), "m.median": lambda: x.median(0, True, 1), "mode": lambda: torch.mode(x, 0, True, 1),
    "m.mode": lambda: x.mode(0, True, 1), "topk": lambda: torch.topk(x, 1, 0, True, True, 1), "m.topk": lambda: x.topk(1, 0, True, True, 1),
    "kthvalue": lambda: torch.kthvalue(x, 1, 0, True, 1), "m.kth": lambda: x.kthvalue(1, 0, True, 1), "nanmedian": lambda: torch.nanmedian(x, 0, True, 1),
    "m.nanmedian": lambda: x.nanmedian(0, True, 1), "sort": lambda: torch.sort(x, 0, True, 1), "ok.topk": lambda: x.topk(1, 0, True, True),
    "ok.median": lambda: torch.median(x, 0, True), "ok.mode": lambda: x.mode(0, True), "ok.kth": lambda: torch.kthvalue(x, 2, 1, True),
}
for k, f in calls.items():
    try:
        print(k, f())
    except Exception as e:
        print(k, type(e).__name__, e)
''',
'unique': r'''
import torch
x = torch.tensor([3, 1, 2, 3, 1, 1, 5])
for s in (True, False):
    for ri in (True, False):
        for rc in (True, False):
            print(s, ri, rc, torch.unique(x, sorted=s, return_inverse=ri, return_counts=rc))
m = torch.tensor([[1, 2], [3, 4], [1, 2], [0, 9]])
print(torch.unique(m, dim=0), torch.unique(m, dim=0, return_inverse=True, return_counts=True))
print(torch.unique(m, dim=1, return_counts=True), torch.unique(m, dim=-1))
f = torch.tensor([2.0, float('nan'), 1.0, float('nan'), 2.0, -0.0, 0.0])
print(torch.unique(f), torch.unique(f, return_counts=True), torch.unique(f, return_inverse=True))
print(torch.unique(torch.tensor([True, False, True])), torch.unique(torch.zeros(0)), torch.unique(torch.tensor(3)))
print(torch.unique(torch.zeros(0, 3), dim=0))
try:
    print(torch.unique(torch.zeros(2, 0), dim=0, return_counts=True))
except Exception as e:
    print(type(e).__name__, e)
print(torch.unique(torch.zeros(2, 0), dim=1, return_counts=True, return_inverse=True))
print(x.unique(), x.unique(return_counts=True))
c = torch.tensor([1, 1, 2, 2, 3, 1, 1, 2])
print(torch.unique_consecutive(c), torch.unique_consecutive(c, return_inverse=True, return_counts=True))
print(torch.unique_consecutive(m, dim=0), torch.unique_consecutive(torch.tensor([[1, 1], [1, 1], [2, 2]]), return_counts=True, dim=0))
print(torch.unique_consecutive(f), c.unique_consecutive(return_counts=True))
for fn in [lambda: torch.unique(m, dim=2), lambda: torch.unique_consecutive(m, dim=-3), lambda: torch.unique(torch.tensor([1 + 1j, 1 + 1j])),
           lambda: torch.unique(m, dim=0.0), lambda: torch.unique(torch.zeros(0, 3), dim=1),
           lambda: torch.unique(torch.tensor([2.0, 1.0], requires_grad=True)), lambda: torch.unique(x, True, True, True, 0),
           lambda: torch.unique_consecutive(torch.zeros(0)), lambda: torch.unique(torch.tensor(5.0), dim=0)]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'unique_more': r'''
import torch
x = torch.tensor([[3.0, -0.0, 1.0, 3.0], [0.0, 2.0, 1.0, float('nan')], [3.0, -0.0, 1.0, 3.0]])
for kw in [{}, {"sorted": False}, {"return_inverse": True}, {"return_counts": True, "return_inverse": True}, {"dim": 0, "return_inverse": True, "return_counts": True},
           {"dim": 1, "return_inverse": True}, {"dim": -1, "sorted": False, "return_counts": True}]:
    print(kw, torch.unique(x, **kw))
print(torch.unique(torch.tensor([[True, False], [True, False], [False, False]]), dim=0, return_counts=True))
print(torch.unique(torch.tensor([5, 5, 5], dtype=torch.int8), return_inverse=True, return_counts=True))
print(torch.unique(torch.tensor([[1, 2], [1, 2]]), return_inverse=True))
print(torch.unique_consecutive(x, dim=1, return_inverse=True, return_counts=True))
print(torch.unique_consecutive(torch.tensor([[1, 1], [1, 1], [2, 2], [1, 1]]), dim=0, return_inverse=True))
print(torch.unique_consecutive(torch.tensor([1.0, float('nan'), float('nan'), 2.0]), return_counts=True))
t = torch.tensor([2.0, 1.0, 2.0], requires_grad=True)
u = torch.unique(t)
print(u, u.grad_fn.name())
try:
    u.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
u2 = torch.unique(t.view(3, 1), dim=0)
print(u2.grad_fn.name())
try:
    u2.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
''',
'unique_args': r'''
import torch
x = torch.tensor([1 + 1j, 2j, 1 + 1j])
calls = [
    lambda: torch.unique(x), lambda: torch.unique(x, dim=0), lambda: torch.unique_consecutive(x),
    lambda: torch.unique_consecutive(x, dim=0),
    lambda: torch.unique(torch.tensor([1, 2]), 1),
    lambda: torch.unique(torch.tensor([1, 2]), True, 1),
    lambda: torch.unique(torch.tensor([1, 2]), True, False, 1),
    lambda: torch.unique(torch.tensor([1, 2]), True, False, False, 0.0),
    lambda: torch.unique(torch.tensor([1, 2]), dim="a"),
    lambda: torch.unique(torch.tensor([1, 2]), sorted=None),
    lambda: torch.unique(torch.tensor([1, 2]), 1, dim=0),
    lambda: torch.unique_consecutive(torch.tensor([1, 2]), 1),
    lambda: torch.unique_consecutive(torch.tensor([1, 2]), False, 1),
    lambda: torch.unique_consecutive(torch.tensor([1, 2]), dim=0.0),
    lambda: torch.tensor([1, 2]).unique(1),
    lambda: torch.tensor([1, 2]).unique_consecutive(1),
    lambda: torch.tensor([1, 2]).unique(dim=1.0),
    lambda: torch.unique(torch.tensor([2.0, 1.0, 2.0], dtype=torch.float16), return_inverse=True),
    lambda: torch.unique(torch.tensor([[1, 2], [1, 2]]), dim=torch.tensor(0)),
    lambda: torch.unique(torch.tensor([3, 1, 3]), sorted=False, return_counts=True),
]
for f in calls:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'search': r'''
import torch
seq = torch.tensor([1.0, 3.0, 3.0, 5.0, 7.0])
v = torch.tensor([[0.0, 3.0, 6.0], [7.0, 8.0, 3.0]])
print(torch.searchsorted(seq, v), torch.searchsorted(seq, v, right=True), torch.searchsorted(seq, v, side="right"))
print(torch.searchsorted(seq, v, out_int32=True), torch.searchsorted(seq, 3.0), torch.searchsorted(seq, 3, right=True))
s2 = torch.tensor([[1, 3, 5, 7], [2, 4, 6, 8]])
print(torch.searchsorted(s2, torch.tensor([[3, 6], [1, 9]])), torch.searchsorted(s2, torch.tensor([[3], [6]]), side="right"))
uns = torch.tensor([5.0, 1.0, 3.0, 3.0])
sorter = torch.argsort(uns, stable=True)
print(torch.searchsorted(uns, torch.tensor([3.0, 4.0]), sorter=sorter), torch.searchsorted(uns, torch.tensor([3.0]), sorter=sorter, right=True))
nanseq = torch.tensor([1.0, 2.0, float('nan')])
print(torch.searchsorted(nanseq, torch.tensor([float('nan'), 1.5, float('inf')])))
print(torch.bucketize(v, seq), torch.bucketize(v, seq, right=True), torch.bucketize(4.0, seq), torch.bucketize(v, seq, out_int32=True))
print(torch.bucketize(torch.tensor([1, 5, 9]), torch.tensor([2, 4, 6])))
errs = [
    lambda: torch.searchsorted(seq, v, side="middle"),
    lambda: torch.searchsorted(seq, v, side="left", right=True),
    lambda: torch.searchsorted(s2, torch.tensor([1, 2, 3])),
    lambda: torch.searchsorted(s2, torch.tensor([[1], [2], [3]])),
    lambda: torch.searchsorted(seq, v.long()),
    lambda: torch.searchsorted(seq, v, sorter=torch.tensor([0, 1])),
    lambda: torch.searchsorted(seq, v, sorter=torch.tensor([0, 1, 2, 3, 9])),
    lambda: torch.searchsorted(seq, v, sorter=torch.tensor([0.0, 1, 2, 3, 4])),
    lambda: torch.bucketize(v, torch.tensor([[1.0, 2.0]])),
    lambda: torch.searchsorted(torch.tensor(1.0), v),
    lambda: torch.searchsorted(seq, v, side="left", right=False),
    lambda: torch.searchsorted(torch.tensor([1 + 1j]), torch.tensor([1j])),
    lambda: torch.bucketize(torch.tensor(2.0), seq),
    lambda: torch.searchsorted(seq.int(), torch.tensor([2.5])),
]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
more = [
    lambda: torch.searchsorted(torch.zeros(0), torch.ones(2), sorter=torch.zeros(0, dtype=torch.long)),
    lambda: torch.searchsorted(torch.zeros(2, 3), 1.0),
    lambda: torch.searchsorted(torch.zeros(2, 3), torch.tensor(1.0)),
    lambda: torch.searchsorted(torch.tensor(1.0), 1.0),
    lambda: torch.searchsorted(torch.zeros(3), torch.ones(2), sorter=torch.tensor([0, 1, -1])),
    lambda: torch.searchsorted(torch.zeros(3), torch.ones(2), out=torch.empty(0)),
    lambda: torch.searchsorted(torch.zeros(3), torch.ones(2), out=torch.empty(0, dtype=torch.int32)),
    lambda: torch.searchsorted(torch.zeros(3), torch.ones(2), out_int32=True, out=torch.empty(0, dtype=torch.int32)),
    lambda: torch.searchsorted(torch.tensor([1, 2, 3]), torch.tensor([2.5])),
    lambda: torch.searchsorted(torch.tensor([1.0, 2.0]), torch.tensor([1 + 1j])),
    lambda: torch.bucketize(torch.tensor([1 + 1j]), torch.tensor([1.0, 2.0])),
    lambda: torch.bucketize(torch.tensor(1.5), torch.tensor(1.0)),
    lambda: torch.searchsorted(torch.tensor([[1.0, float('nan'), 3.0], [float('nan'), float('nan'), 0.0]]), torch.tensor([[2.0, 5.0, float('nan')], [0.0, -1.0, 1.0]]), right=True),
    lambda: torch.searchsorted(torch.tensor([float('nan'), 1.0, 2.0, 3.0, float('nan')]), torch.arange(-1.0, 5.0)),
    lambda: torch.searchsorted(torch.tensor([3.0, float('nan'), 1.0]), torch.tensor([2.0]), sorter=torch.tensor([2, 0, 1])),
]
for f in more:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'search_args': r'''
import torch
x = torch.tensor([1.0, 2.0, 3.0])
for f in [lambda: torch.searchsorted(x, right=True), lambda: torch.isin(x, invert=True), lambda: torch.bucketize(x, x, 1),
          lambda: torch.searchsorted(x, x, False, True), lambda: torch.isin(x), lambda: torch.searchsorted(x),
          lambda: torch.bucketize(x), lambda: torch.bucketize(x, right=True, out_int32=True), lambda: torch.isin(x, x, True, True, 1),
          lambda: torch.searchsorted(x, 2.5, side="right"), lambda: torch.bucketize(2.5, x), lambda: torch.isin(x, 2.0, invert=True),
          lambda: torch.searchsorted(x, input=torch.tensor([2.5])), lambda: torch.bucketize(x, boundaries=x)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'bincount_histc': r'''
import torch
x = torch.tensor([0, 1, 1, 3, 1, 5])
w = torch.tensor([0.5, 1.0, 2.0, 0.25, 1.0, 3.0])
print(torch.bincount(x), torch.bincount(x, minlength=8), torch.bincount(x, w), torch.bincount(x, w.double(), 2))
print(torch.bincount(x, torch.tensor([1, 2, 3, 4, 5, 6])), torch.bincount(torch.tensor([], dtype=torch.long)), torch.bincount(torch.tensor([], dtype=torch.long), minlength=3))
print(torch.bincount(x.int()), torch.bincount(x.to(torch.uint8), w.half()) if False else '', torch.bincount(x, torch.tensor([True, False, True, True, True, False])))
errs = [lambda: torch.bincount(x.float()), lambda: torch.bincount(torch.tensor([-1, 2])), lambda: torch.bincount(x.view(2, 3)),
        lambda: torch.bincount(x, minlength=-1), lambda: torch.bincount(x, w[:3]), lambda: torch.bincount(torch.tensor([True, False])),
        lambda: torch.bincount(x, w.view(2, 3)), lambda: torch.bincount(x, minlength=2.0), lambda: torch.bincount(x, w.half()),
        lambda: torch.bincount(x, torch.tensor([1j] * 6))]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
h = torch.tensor([1.0, 2.0, 1.0, 2.5, 4.0, -1.0, 10.0])
print(torch.histc(h), torch.histc(h, bins=4), torch.histc(h, 4, 0, 3), torch.histc(h, bins=5, min=1, max=1))
print(torch.histc(h.double(), 3, -1.0, 10.0), torch.histc(torch.zeros(0), 3), torch.histc(torch.tensor([float('nan'), 1.0]), 2, 0, 2))
print(torch.histc(torch.tensor([2.0, 2.0]), 4), torch.histc(h, 3, min=2, max=2))
errs = [lambda: torch.histc(h, 0), lambda: torch.histc(h, 3, 5, 1), lambda: torch.histc(h.long(), 3), lambda: torch.histc(h, 3, float('inf'), 1),
        lambda: torch.histc(h, -2), lambda: torch.histc(h, 2.5), lambda: torch.histc(torch.tensor([True]), 2), lambda: torch.histc(torch.tensor([float('inf'), 1.0]))]
for f in errs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.histogram(h, 3), torch.histogram(h, torch.tensor([0.0, 1.0, 5.0])), torch.histogram(h, 2, range=(0.0, 4.0), density=True))
print(torch.histogram(h, 3, weight=torch.ones(7) * 2))
for f in [lambda: x.bincount(None, 2.0), lambda: torch.bincount(x, None, 2.5), lambda: torch.histc(h, bins=3.0), lambda: h.histc(2.0),
          lambda: torch.bincount(x, minlength=torch.tensor(7)), lambda: torch.histc(h, "3")]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'bincount_w': r'''
import torch
x = torch.tensor([0, 2, 2, 1])
for w in [torch.tensor([1.5, 2.0, 0.5, 1.0], dtype=torch.float16), torch.tensor([1, 2, 3, 4]), torch.tensor([1, 2, 3, 4], dtype=torch.uint8),
          torch.tensor([True, False, True, True]), torch.tensor([1.5, 2.0, 0.5, 1.0], dtype=torch.float64), torch.tensor([0.1, 0.2, 0.3, 0.4])]:
    try:
        r = torch.bincount(x, w)
        print(w.dtype, r, r.dtype)
    except Exception as e:
        print(w.dtype, type(e).__name__, e)
for inp in [torch.tensor([1, 2], dtype=torch.uint8), torch.tensor([1, 2], dtype=torch.int8), torch.tensor([-1, 2], dtype=torch.int8), torch.tensor([[1]]), torch.tensor(3), torch.tensor([], dtype=torch.int32)]:
    try:
        print(torch.bincount(inp), torch.bincount(inp, minlength=4))
    except Exception as e:
        print(type(e).__name__, e)
w = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
r = torch.bincount(x, w)
print(r, r.grad_fn.name())
try:
    r.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
''',
'histogram': r'''
import torch
x = torch.tensor([1.0, 2.0, 1.0, 2.5, 4.0, -1.0, 10.0, 3.0])
w = torch.tensor([1.0, 0.5, 2.0, 1.0, 1.0, 3.0, 0.25, 1.0])
print(torch.histogram(x, 4))
print(torch.histogram(x, 4, range=(0.0, 4.0)))
print(torch.histogram(x, 3, weight=w, density=True))
print(torch.histogram(x, torch.tensor([-2.0, 0.0, 2.0, 5.0]), weight=w))
print(torch.histogram(x.double(), 2, density=True))
print(torch.histogram(torch.zeros(0), 3), torch.histogram(torch.tensor([2.0, 2.0]), 2))
h = torch.histogram(x, bins=3)
print(type(h).__name__, h.hist, h.bin_edges)
for f in [lambda: torch.histogram(x, 0), lambda: torch.histogram(x, 3, range=(5.0, 1.0)), lambda: torch.histogram(x.long(), 3),
          lambda: torch.histogram(x, torch.tensor([1.0, 0.0])), lambda: torch.histogram(x, 3, weight=w[:3]),
          lambda: torch.histogram(x, torch.tensor([[1.0, 2.0]])), lambda: torch.histogram(x, 3, range=(0.0, float('inf'))),
          lambda: torch.histogram(x, 3, weight=w.double()), lambda: torch.histogram(x, -1), lambda: torch.histogram(x, 2.5)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.histc(torch.tensor([0.0, 1.0, 1.0, 2.0]), bins=2, min=0, max=2), torch.histc(torch.tensor([1.0, 2.0, 3.0]).double(), bins=4, min=0, max=4))
for f in [lambda: torch.histogram(x, torch.tensor([1.0, 2.0], dtype=torch.float64)), lambda: torch.histogram(x, torch.tensor([1.0])),
          lambda: torch.histogram(x, torch.tensor([])), lambda: torch.histogram(x, 3, weight=torch.ones(2, 4)),
          lambda: torch.histogram(x, 3, range=(0, float('nan'))), lambda: torch.histogram(x, bins="a"),
          lambda: torch.histogram(x, torch.tensor([0.0, 3.0, 2.0, 11.0])), lambda: torch.histogram(x, torch.tensor([0.0, 3.0, 11.0]), density=True)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'isin': r'''
import torch
a = torch.tensor([[1, 2, 3], [4, 5, 6]])
b = torch.tensor([2, 5, 9])
print(torch.isin(a, b), torch.isin(a, b, invert=True), torch.isin(a, 5), torch.isin(2, b), torch.isin(a, b, assume_unique=True))
print(torch.isin(a.float(), b), torch.isin(torch.tensor([1.0, float('nan')]), torch.tensor([float('nan')])))
print(torch.isin(a, torch.tensor([])), torch.isin(torch.tensor([]), b))
print(torch.isin(a, torch.tensor([[2], [6]])), torch.isin(a, torch.tensor(3)), torch.isin(torch.tensor(3), b))
for f in [lambda: torch.isin(a, [1, 2]), lambda: torch.isin(torch.tensor([1 + 1j]), torch.tensor([1j])), lambda: torch.isin(2, 3),
          lambda: torch.isin(a, b.half()), lambda: torch.isin(a.to(torch.uint8), torch.tensor([-1, 1])),
          lambda: torch.isin(torch.tensor([True, False]), torch.tensor([True])), lambda: torch.isin(a, True)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'scans': r'''
import torch
x = torch.tensor([[1.0, 2.0, 0.0, 3.0], [0.0, 0.0, 2.0, -1.0], [2.0, -0.5, 1.5, 0.0]])
for op in ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"]:
    for d in [0, 1, -1]:
        t = x.clone().requires_grad_()
        r = getattr(torch, op)(t, d)
        v = r[0] if isinstance(r, tuple) else r
        print(op, d, r)
        print(" ", v.grad_fn.name())
        (v * torch.arange(1.0, 5.0)).sum().backward()
        print("  grad", t.grad)
i = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32)
b = torch.tensor([True, True, False, True])
for op in ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"]:
    for t in [i, b, torch.tensor(2.5), torch.zeros(0), torch.tensor([1 + 1j, 2 - 1j]), torch.tensor([1.5, 2.5], dtype=torch.float16)]:
        try:
            print(op, t.dtype, getattr(torch, op)(t, 0))
        except Exception as e:
            print(op, t.dtype, type(e).__name__, e)
for dt in [torch.float64, torch.int64, torch.int16, torch.float16, torch.bool]:
    for t in [i, b, x]:
        for op in ["cumsum", "cumprod"]:
            try:
                print(op, t.dtype, dt, getattr(torch, op)(t, -1, dtype=dt))
            except Exception as e:
                print(op, t.dtype, dt, type(e).__name__, e)
n = torch.tensor([1.0, float('nan'), 3.0, 0.5, float('nan'), 7.0])
print(n.cumsum(0), n.cummax(0), n.cummin(0), n.logcumsumexp(0), n.cumprod(0))
e = torch.tensor([1.0, 3.0, 3.0, 2.0, 3.0])
print(e.cummax(0), e.cummin(0), e.flip(0).cummin(0))
t = e.clone().requires_grad_()
t.cummax(0).values.sum().backward()
print(t.grad)
inf = torch.tensor([float('-inf'), float('-inf'), 0.0, float('inf'), 1.0], requires_grad=True)
r = inf.logcumsumexp(0)
print(r)
r.sum().backward()
print(inf.grad)
for f in [lambda: x.cumsum(2), lambda: x.cumsum(), lambda: torch.cumsum(x, dim=(0,)), lambda: x.cummax(-3), lambda: x.cumprod(1.0),
          lambda: torch.cumsum(x, 0, dtype=torch.int64, out=torch.empty(0)), lambda: x.logcumsumexp(dim=None)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
z = torch.tensor([2.0, 0.0, 3.0, 0.0, 4.0], requires_grad=True)
c = z.cumprod(0)
print(c)
c.backward(torch.tensor([1.0, 1.0, 1.0, 1.0, 1.0]))
print(z.grad)
z2 = torch.tensor([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0]], requires_grad=True)
g, = torch.autograd.grad(z2.cumprod(1).sum(), z2, create_graph=True)
print(g, g.grad_fn.name() if g.grad_fn else None)
''',
'scan_args': r'''
import torch
x = torch.ones(3)
for f in [lambda: x.cumsum(dim=None), lambda: x.cumprod(None), lambda: x.cummax(None), lambda: torch.cummin(x, None),
          lambda: torch.logcumsumexp(x, None), lambda: torch.logcumsumexp(x, 0.0), lambda: x.logcumsumexp('a'),
          lambda: x.logcumsumexp(dim=None), lambda: torch.cumsum(x, dim=1.5), lambda: x.cummin(dim=(0,))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'norms': r'''
import torch
x = torch.tensor([[3.0, -4.0, 0.0], [1.0, 0.0, -2.0]])
for ordv in [0, 1, 2, float('inf'), float('-inf'), 0.5, 3, -1, -2, 1.5]:
    for d in [None, 0, 1, (0, 1)]:
        try:
            print(ordv, d, torch.linalg.vector_norm(x, ordv, d), torch.norm(x, ordv, d) if d is not None or ordv != 0 else '')
        except Exception as e:
            print(ordv, d, type(e).__name__, e)
for ordv in [0, 1, 2, float('inf'), float('-inf'), 0.5, -1, 3]:
    t = x.clone().requires_grad_()
    r = torch.linalg.vector_norm(t, ordv, dim=1)
    print(ordv, r, r.grad_fn.name())
    r.sum().backward()
    print("  grad", t.grad)
z = torch.zeros(3, requires_grad=True)
for ordv in [2, 1, 0.5, float('inf'), 3]:
    z.grad = None
    r = torch.linalg.vector_norm(z, ordv)
    r.backward()
    print("zero", ordv, r, z.grad)
print(torch.norm(x), torch.norm(x, 'fro'), torch.norm(x, 'nuc'), torch.norm(x, p=2, dim=1, keepdim=True), x.norm(dim=0))
print(torch.linalg.vector_norm(x, dtype=torch.float64), torch.linalg.vector_norm(torch.tensor([3 + 4j, 1j])), torch.linalg.norm(x), torch.linalg.norm(x, 1))
print(torch.linalg.vector_norm(x, keepdim=True), torch.linalg.vector_norm(torch.zeros(0)), torch.linalg.vector_norm(torch.tensor(-3.0), 1))
print(torch.linalg.vector_norm(torch.tensor([1e-30, 1e-30])), torch.linalg.vector_norm(torch.tensor([1e30, 1e30])))
for f in [lambda: torch.linalg.vector_norm(x.long()), lambda: torch.linalg.vector_norm(x, dtype=torch.int64), lambda: torch.linalg.vector_norm(x, 2, 2),
          lambda: torch.linalg.vector_norm(torch.zeros(0, 3), float('inf'), 0), lambda: torch.linalg.vector_norm(torch.zeros(0, 3), float('inf'), 1),
          lambda: torch.linalg.vector_norm(torch.zeros(0), -1), lambda: torch.linalg.vector_norm(x, "fro"), lambda: torch.norm(x, 'fro', 0),
          lambda: torch.norm(x, 'nuc', 0), lambda: torch.norm(x.long()), lambda: torch.linalg.vector_norm(x.double(), dtype=torch.float32),
          lambda: torch.linalg.vector_norm(x, dim=(0, 0)), lambda: torch.linalg.vector_norm(torch.zeros(0), float('-inf')),
          lambda: torch.norm(x, p=3, dtype=torch.float64), lambda: torch.norm(x, 0, 1, True)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'vnorm_args': r'''
import torch
x = torch.ones(3)
for f in [lambda: torch.linalg.vector_norm(x, 'fro'), lambda: torch.linalg.vector_norm(x, ord='fro'), lambda: torch.linalg.vector_norm(x, None),
          lambda: torch.linalg.vector_norm(x.long(), 'fro'), lambda: torch.linalg.vector_norm(x, ord=None, dtype=torch.int64)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'vnorm_dim': r'''
import torch
x = torch.ones(2, 3)
for f in [lambda: torch.norm(x, 0, True), lambda: torch.linalg.vector_norm(x, 2, True), lambda: torch.linalg.vector_norm(x, 2, dim=True),
          lambda: torch.linalg.vector_norm(x, 2, (0, True)), lambda: x.norm(2, True), lambda: x.norm(dim=True), lambda: torch.norm(x, dim=(True,)),
          lambda: torch.linalg.vector_norm(x, 2, 1.0), lambda: torch.norm(x, 2, 1.0), lambda: torch.linalg.vector_norm(x, dim=(0, 1.5)),
          lambda: torch.norm(x, 2, (0, 1)), lambda: torch.norm(x, p=1, dim=[1])]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'logsumexp_cnz': r'''
import torch
x = torch.tensor([[1.0, 2.0, float('-inf')], [float('-inf'), float('-inf'), float('-inf')], [float('inf'), 0.0, 1.0]])
print(torch.logsumexp(x, 1), torch.logsumexp(x, 0, keepdim=True), torch.logsumexp(x, (0, 1)), torch.logsumexp(x, (), True))
for t in [x, x[0], torch.tensor(1.0), torch.zeros(0, 2)]:
    try:
        print(torch.logsumexp(t, []))
    except Exception as e:
        print(type(e).__name__, e)
t = torch.tensor([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]], requires_grad=True)
r = torch.logsumexp(t, 1)
print(r, r.grad_fn.name())
r.sum().backward()
print(t.grad)
print(torch.logsumexp(torch.tensor([1, 2, 3]), 0), torch.logsumexp(torch.tensor([True, False]), 0), torch.logsumexp(torch.zeros(0), 0), torch.logsumexp(torch.tensor(2.0), 0))
print(torch.logsumexp(torch.tensor([1 + 1j, 2 - 1j]), 0))
print(torch.logsumexp(torch.tensor([float('nan'), 1.0]), 0), torch.logsumexp(torch.tensor([float('inf'), float('inf')]), 0))
for f in [lambda: torch.logsumexp(x), lambda: torch.logsumexp(x, 2), lambda: torch.logsumexp(x, dim=None), lambda: torch.logsumexp(x, 1.0)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
c = torch.tensor([[0.0, 1.5, 0.0], [2.0, -0.0, float('nan')]])
print(torch.count_nonzero(c), torch.count_nonzero(c, 0), torch.count_nonzero(c, dim=(0, 1)), torch.count_nonzero(c, -1), c.count_nonzero(dim=[1]))
print(torch.count_nonzero(torch.tensor([True, False])), torch.count_nonzero(torch.tensor([1 + 0j, 0j])), torch.count_nonzero(torch.zeros(0, 2), 0), torch.count_nonzero(torch.tensor(0.0)))
for f in [lambda: torch.count_nonzero(c, 2), lambda: torch.count_nonzero(c, (0, 0)), lambda: torch.count_nonzero(c, 0.0), lambda: torch.count_nonzero(c, keepdim=True), lambda: torch.count_nonzero(c, ())]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
for t in [torch.tensor([[1.0, 0.0], [2.0, 3.0]]), torch.tensor([[1, 0], [2, 3]]), torch.tensor([[True, False], [True, True]]), torch.zeros(0, 2), torch.tensor(float('nan')), torch.tensor([1, 2], dtype=torch.uint8)]:
    for op in (torch.all, torch.any):
        print(op.__name__, op(t), op(t, 0), op(t, -1, keepdim=True) if t.dim() else op(t, 0, True), op(t, dim=(0, 1)) if t.dim() == 2 else '')
print(torch.all(torch.tensor([1, 2], dtype=torch.uint8), 0).dtype, torch.any(torch.tensor([0, 2], dtype=torch.uint8)).dtype)
for f in [lambda: torch.all(torch.ones(2), 1), lambda: torch.any(torch.ones(2), dim=None), lambda: torch.all(torch.ones(2), 0.0), lambda: torch.any(torch.ones(2, 2), (0, 0))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'cnz_args': r'''
import torch
x = torch.arange(6.0).reshape(2, 3)
for f in [lambda: torch.count_nonzero(x, 0, True), lambda: x.count_nonzero(0, True), lambda: x.count_nonzero(0, 1),
          lambda: torch.count_nonzero(x, 0.0), lambda: x.count_nonzero(0.0), lambda: torch.count_nonzero(x, keepdim=True),
          lambda: x.count_nonzero(dim=1, keepdim=False), lambda: torch.count_nonzero(x, dim=[0, 1]), lambda: x.count_nonzero([1]),
          lambda: torch.count_nonzero(x, dim="a"), lambda: torch.count_nonzero(x, (0, 1.0)), lambda: x.count_nonzero(dim=None),
          lambda: torch.count_nonzero(x, torch.tensor(1)), lambda: x.count_nonzero(-1, -2)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'prod_args': r'''
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
for f in [lambda: torch.prod(x, None), lambda: torch.prod(x, dim=None), lambda: x.prod(None), lambda: x.prod(dim=None, keepdim=True),
          lambda: torch.prod(x, (0,)), lambda: x.prod((0,)), lambda: x.prod(dim=(0,)), lambda: torch.prod(x, keepdim=True),
          lambda: x.prod(None, True), lambda: torch.prod(x, 0.5), lambda: torch.prod(x, (0, 1), keepdim=True), lambda: torch.prod(x, dim=None, keepdim=True),
          lambda: torch.prod(x, 1, True), lambda: x.prod(-1, dtype=torch.float64), lambda: torch.prod(x.int(), 0), lambda: x.prod(dtype=torch.int64),
          lambda: torch.prod(x, 2), lambda: torch.prod(x, 0, 1)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'prodgrad': r'''
import torch
cases = [torch.tensor([[2.0, 3.0, 4.0], [0.0, 3.0, 4.0], [0.0, 0.0, 5.0]]), torch.tensor([[1.5, -2.0], [0.0, 0.0]]), torch.tensor([7.0]), torch.tensor(0.0)]
for x in cases:
    for args in [(), (0,), (-1,), (-1, True)]:
        t = x.clone().requires_grad_()
        try:
            r = t.prod(*args)
            r.sum().backward()
            print(args, r, r.grad_fn.name(), t.grad)
        except Exception as e:
            print(args, type(e).__name__, e)
t = cases[0].clone().requires_grad_()
g, = torch.autograd.grad(t.prod(1).sum(), t, create_graph=True)
print(g, g.grad_fn.name())
h, = torch.autograd.grad(g.sum(), t)
print(h)
t = cases[1].clone().requires_grad_()
g, = torch.autograd.grad(t.prod(), t, create_graph=True)
print(g, g.grad_fn.name())
s = torch.tensor([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]], requires_grad=True)
for f in [lambda a: a.std(1), lambda a: a.var(1), lambda a: a.std(), lambda a: torch.std_mean(a, 1)[0], lambda a: a.norm(dim=1), lambda a: a.norm(0, 1),
          lambda a: (a - 1).norm(dim=1), lambda a: (a - 1).norm(0.5, 1), lambda a: (a - 1).norm(float('inf'), 1), lambda a: torch.logsumexp(a * float('-inf'), 1)]:
    s.grad = None
    r = f(s)
    r.sum().backward()
    print(r, s.grad)
''',
'double_bw': r'''
import torch
x = torch.tensor([[1.0, 3.0, 2.0, 3.0], [0.5, -1.0, 4.0, 2.0]], requires_grad=True)
fns = {
    "sum": lambda t: (t ** 2).sum(1), "mean": lambda t: (t ** 2).mean(), "prod": lambda t: t.prod(1), "amax": lambda t: (t ** 2).amax(1),
    "max1": lambda t: (t ** 2).max(1).values, "max": lambda t: (t ** 2).max(), "median": lambda t: (t ** 2).median(1).values,
    "sort": lambda t: (t ** 2).sort(1).values[:, -1], "topk": lambda t: (t ** 2).topk(2).values, "kth": lambda t: (t ** 2).kthvalue(2).values,
    "std": lambda t: t.std(1), "var": lambda t: t.var(), "logsumexp": lambda t: t.logsumexp(1), "norm": lambda t: t.norm(dim=1),
    "norm1": lambda t: t.norm(1, 1), "norminf": lambda t: t.norm(float('inf')), "cumsum": lambda t: (t ** 2).cumsum(1),
    "cumprod": lambda t: t.cumprod(1), "cummax": lambda t: (t ** 2).cummax(1).values, "logcumsumexp": lambda t: t.logcumsumexp(1),
    "nansum": lambda t: (t ** 2).nansum(), "nanmean": lambda t: (t ** 2).nanmean(1), "aminmax": lambda t: torch.aminmax(t ** 2, dim=1).min,
    "std_mean": lambda t: torch.std_mean(t, 1)[0] + torch.std_mean(t, 1)[1], "quantile": lambda t: torch.quantile(t ** 2, 0.3, dim=1),
}
for name, f in fns.items():
    try:
        y = f(x).sum()
        g, = torch.autograd.grad(y, x, create_graph=True)
        print(name, g.grad_fn.name() if g.grad_fn else None)
        h, = torch.autograd.grad(g.sum(), x, allow_unused=True)
        print("  ", g.detach(), h)
    except Exception as e:
        print(name, type(e).__name__, e)
''',
'median_mode': r'''
import torch
x = torch.tensor([[3.0, 1.0, 2.0, 2.0], [5.0, float('nan'), 1.0, 0.0], [4.0, 4.0, 1.0, 1.0]])
print(x.median(), x.nanmedian(), x.median(1), x.nanmedian(1), x.median(0, keepdim=True), x.nanmedian(-2))
print(torch.mode(x, 1), torch.mode(x, 0), torch.mode(x), torch.mode(x, 1, True))
i = torch.tensor([[1, 2, 2, 3, 3], [7, 7, 7, 1, 1]])
print(i.median(), i.median(1), i.mode(1), i.nanmedian(1), i.mode())
print(torch.tensor([1, 3, 3, 1]).mode(), torch.tensor([2.0, 1.0, 1.0, 2.0, float('nan'), float('nan')]).mode(), torch.tensor([True, False, True]).mode())
print(torch.tensor([[float('nan')] * 3]).nanmedian(1), torch.tensor([float('nan'), 1.0]).median(0))
print(torch.median(torch.tensor(3.0)), torch.median(torch.tensor(3.0), 0), torch.mode(torch.tensor(3.0)), torch.zeros(0).median())
e = torch.tensor([1.0, 2.0, 3.0, 4.0])
print(e.median(), e.nanmedian(), e.median(0), torch.quantile(e, 0.5))
for f in [lambda: x.median(2), lambda: x.mode(3), lambda: torch.zeros(0, 3).median(0), lambda: torch.zeros(0, 3).median(1), lambda: torch.zeros(0, 3).mode(0),
          lambda: torch.zeros(0, 3).mode(1), lambda: x.median(dim=(0, 1)), lambda: torch.tensor([1 + 1j]).median(), lambda: torch.tensor([1 + 1j]).mode(),
          lambda: x.nanmedian(0.0), lambda: torch.tensor([True, False]).median(), lambda: x.median(keepdim=True)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
t = torch.tensor([[1.0, 2.0, 2.0, 3.0], [0.0, 5.0, 5.0, 5.0]], requires_grad=True)
for name, fn in [("median", lambda a: a.median()), ("median1", lambda a: a.median(1).values), ("mode1", lambda a: a.mode(1).values),
                 ("nanmedian", lambda a: a.nanmedian()), ("mode0", lambda a: a.mode(0).values)]:
    t.grad = None
    r = fn(t)
    print(name, r, r.grad_fn.name())
    r.sum().backward()
    print(t.grad)
''',
'median_args': r'''
import torch
x = torch.tensor([[1.0, 5.0, 3.0], [2.0, 2.0, 0.0]])
for f in [lambda: x.median(keepdim=True), lambda: torch.median(x, keepdim=True), lambda: x.nanmedian(keepdim=True),
          lambda: x.median(None), lambda: x.median(dim=None), lambda: torch.nanmedian(x, None, True), lambda: x.median(),
          lambda: torch.median(x, 1, keepdim=True), lambda: torch.nanmedian(x, dim=0), lambda: x.median(axis=1),
          lambda: torch.median(x, out=torch.empty(0)), lambda: torch.median(x, 0, out=(torch.empty(0), torch.empty(0, dtype=torch.long)))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'dims_errors': r'''
import torch
x = torch.arange(24.0).reshape(2, 3, 4)
ops = {
    "sum": lambda d: x.sum(d), "mean": lambda d: x.mean(d), "amax": lambda d: x.amax(d), "std": lambda d: x.std(d),
    "var": lambda d: torch.var(x, d), "logsumexp": lambda d: x.logsumexp(d), "nansum": lambda d: x.nansum(d),
    "max": lambda d: x.max(d), "argmax": lambda d: x.argmax(d), "median": lambda d: x.median(d), "prod": lambda d: x.prod(d),
    "cumsum": lambda d: x.cumsum(d), "norm": lambda d: x.norm(dim=d), "count_nonzero": lambda d: x.count_nonzero(d),
    "all": lambda d: x.all(d), "any": lambda d: x.any(d), "aminmax": lambda d: x.aminmax(dim=d), "sort": lambda d: x.sort(d),
    "topk": lambda d: x.topk(1, d), "kthvalue": lambda d: x.kthvalue(1, d), "mode": lambda d: x.mode(d), "softmax": lambda d: x.softmax(d),
    "unique": lambda d: x.unique(dim=d), "cummax": lambda d: x.cummax(d), "nanmean": lambda d: x.nanmean(d),
    "std_mean": lambda d: torch.std_mean(x, d), "vector_norm": lambda d: torch.linalg.vector_norm(x, dim=d), "amin": lambda d: torch.amin(x, d),
}
for name, f in ops.items():
    for d in [3, -4, (0, 3), (0, -1, 2), [1, 1], (-1, 2)]:
        try:
            r = f(d)
            print(name, d, tuple(r.shape) if isinstance(r, torch.Tensor) else type(r).__name__)
        except Exception as e:
            print(name, d, type(e).__name__, e)
''',
'dtype_kinds': r'''
import torch
for dt in [torch.uint8, torch.int8, torch.int16, torch.int32, torch.bool, torch.float16, torch.float64]:
    x = torch.tensor([[3, 1, 2, 3], [0, 1, 1, 0]]).to(dt)
    out = []
    for name, f in [("max", lambda: x.max(1)), ("amax", lambda: x.amax(0)), ("argmin", lambda: x.argmin(1)), ("sort", lambda: x.sort(1, descending=True, stable=True)),
                    ("topk", lambda: x.topk(2, 1)), ("topk_unsorted", lambda: x.topk(3, 1, sorted=False)), ("kth", lambda: x.kthvalue(2, 1)),
                    ("median", lambda: x.median(1)), ("mode", lambda: x.mode(1)), ("cumsum", lambda: x.cumsum(1)), ("cummax", lambda: x.cummax(1)),
                    ("sum", lambda: x.sum(1)), ("prod", lambda: x.prod(1)), ("unique", lambda: x.unique(return_counts=True)),
                    ("msort", lambda: x.msort()), ("aminmax", lambda: x.aminmax()), ("count_nonzero", lambda: x.count_nonzero(1)),
                    ("all", lambda: x.all(1)), ("mean", lambda: x.mean()), ("logsumexp", lambda: x.logsumexp(1)), ("std", lambda: x.std()),
                    ("quantile", lambda: x.quantile(0.5)), ("nansum", lambda: x.nansum(1)), ("cumprod", lambda: x.cumprod(0)),
                    ("argsort", lambda: x.argsort(1, True)), ("bincount", lambda: x.flatten().bincount()), ("histc", lambda: x.histc(3))]:
        try:
            print(dt, name, f())
        except Exception as e:
            print(dt, name, type(e).__name__, e)
''',
'half_red': r'''
import torch
g = torch.Generator().manual_seed(0)
x = (torch.randn(6, 37, generator=g) * 3).half()
print(x.sum(1), x.sum(0)[:8], x.mean(1), x.T.mean(0)[:6], x.sum(), x.mean())
print(x.cumsum(1)[:, -3:], x.cumprod(0)[-1, :6], x.logcumsumexp(1)[:, -2:], x.prod(1), x.prod(0)[:6])
print(x.std(1), x.var(0)[:6], x.std(), torch.std_mean(x, 1), x.norm(dim=1), x.norm(), torch.linalg.vector_norm(x, 1, 0)[:6])
print(x.logsumexp(1), x.amax(1), x.nansum(1), x.nanmean(0)[:6], x.median(1).values, x.sort(1).values[:, :4], x.topk(3).values)
print(x.float().sum(1).half() == x.sum(1), x.sum(1, dtype=torch.float32), x.mean(1, dtype=torch.float64))
y = x.clone().requires_grad_()
(y.sum(1) * y.std(1) + y.logsumexp(1) + y.norm(dim=1)).sum().backward()
print(y.grad[:, :5])
''',
'overflow': r'''
import torch
u = torch.tensor([200, 100, 250], dtype=torch.uint8)
i8 = torch.tensor([100, 100, -128], dtype=torch.int8)
big = torch.tensor([2**62, 2**62, 2**62])
print(u.sum(), u.sum(dtype=torch.uint8), u.cumsum(0), u.cumsum(0, dtype=torch.uint8), u.prod(), u.prod(dtype=torch.uint8))
print(i8.sum(), i8.sum(dtype=torch.int8), i8.cumsum(0, dtype=torch.int8), i8.cumprod(0), i8.abs(), i8.max(), i8.amin())
print(big.sum(), big.cumsum(0), big.prod(), big.float().sum())
h = torch.tensor([60000.0, 10000.0, -5000.0], dtype=torch.float16)
print(h.sum(), h.cumsum(0), h.mean(), h.prod(), h.std(), h.norm(), h.logsumexp(0), h.var(), h.sum(dtype=torch.float32))
f = torch.tensor([3e38, 3e38, -1e38])
print(f.sum(), f.cumsum(0), f.mean(), f.norm(), f.std(), f.var(), torch.linalg.vector_norm(f, 3), f.logsumexp(0), f.prod())
print(torch.tensor([1e-45, 1e-45]).sum(), torch.tensor([1e-20, 1e-20]).norm(), torch.tensor([1e-20, 1e-20]).prod())
print(torch.tensor([float('inf'), float('-inf')]).sum(), torch.tensor([float('inf'), 1.0]).mean(), torch.tensor([float('inf'), 1.0]).std())
print(torch.tensor([float('inf'), float('inf')]).var(), torch.tensor([float('inf')]).logcumsumexp(0), torch.tensor([float('nan'), 1.0]).cumsum(0))
''',
'warn_red': r'''
import torch
import warnings
def w(label, f):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = f()
        except Exception as e:
            r = f"{type(e).__name__}: {e}"
    print(label, r, [(c.category.__name__, str(c.message)) for c in caught])
x = torch.tensor([[1.0, 2.0, 3.0]])
w("std1", lambda: torch.tensor([1.0]).std())
w("var0", lambda: x.var(0))
w("std_mean0", lambda: torch.std_mean(x, 0))
w("var_mean_corr", lambda: torch.var_mean(x, 1, correction=3))
w("std_empty", lambda: torch.zeros(0).std())
w("var_empty_dim", lambda: torch.zeros(2, 0).var(1))
w("complex_var1", lambda: torch.tensor([1 + 1j]).var())
w("nanmean_empty", lambda: torch.zeros(0).nanmean())
w("mean_empty", lambda: torch.zeros(0, 2).mean(0))
w("median_empty", lambda: torch.zeros(0).median())
w("quantile_nan", lambda: torch.tensor([float('nan'), 1.0]).quantile(0.5))
w("searchsorted_nc", lambda: torch.searchsorted(torch.arange(10.0)[::2], torch.tensor([3.0])))
w("searchsorted_nc_vals", lambda: torch.searchsorted(torch.arange(5.0), torch.arange(10.0).reshape(2, 5).T[0]))
w("histc_int", lambda: torch.histc(torch.tensor([1.0, 2.0]), bins=2, min=1, max=1))
w("max_out_resize", lambda: torch.max(x, 1, out=(torch.empty(3), torch.empty(3, dtype=torch.long))))
w("sum_out_resize", lambda: torch.sum(x, 1, out=torch.empty(5)))
w("searchsorted_nc_again", lambda: torch.searchsorted(torch.arange(10.0)[::2], torch.tensor([3.0])))
w("bucketize_nc", lambda: torch.bucketize(torch.arange(10.0)[::2], torch.arange(5.0)))
''',
'rtypes': r'''
import torch
x = torch.tensor([[2.0, 7.0, 7.0, 1.0], [3.0, 3.0, -1.0, 3.0]])
for name, r in [("max", x.max(1)), ("min", torch.min(x, 0, True)), ("sort", x.sort()), ("topk", x.topk(2)), ("kthvalue", x.kthvalue(2)),
                ("median", x.median(1)), ("nanmedian", x.nanmedian(0)), ("mode", x.mode()), ("cummax", x.cummax(1)), ("cummin", x.cummin(0)),
                ("aminmax", x.aminmax(dim=1)), ("histogram", torch.histogram(x, 2))]:
    print(name, type(r).__name__, type(r).__module__, len(r), r._fields if hasattr(r, "_fields") else None)
    print(repr(r))
    a, b = r
    print(a.shape, b.dtype, r[0] is r.values if hasattr(r, "values") else r[0].shape, r[-1].dtype)
    print(isinstance(r, tuple), r[:1] if False else tuple(t.shape for t in r))
r = x.max(1)
print(r.values, r.indices, r == (r[0], r[1]), str(r)[:30])
v, i = x.T.max(0)
print(v, i, x.T.contiguous().max(0))
print(torch.max(x[:, ::2], 1), torch.sort(x.T, 0, descending=True).indices)
print(torch.return_types.max is type(r), torch.return_types.sort)
''',
'outs': r'''
import torch
x = torch.tensor([[1.0, 5.0, 2.0], [4.0, 0.5, 3.0]])
calls = [
    ("sum", lambda o: torch.sum(x, 0, out=o), torch.empty(0)),
    ("sum_long", lambda o: torch.sum(x, 0, out=o), torch.empty(0, dtype=torch.long)),
    ("mean", lambda o: torch.mean(x, 1, out=o), torch.empty(5)),
    ("mean_int", lambda o: torch.mean(x, 1, out=o), torch.empty(0, dtype=torch.int64)),
    ("prod", lambda o: torch.prod(x, 1, out=o), torch.empty(0)),
    ("nansum", lambda o: torch.nansum(x, 1, out=o), torch.empty(0)),
    ("nanmean", lambda o: torch.nanmean(x, 1, out=o), torch.empty(0)),
    ("amax", lambda o: torch.amax(x, 1, out=o), torch.empty(0)),
    ("amax_bad", lambda o: torch.amax(x, 1, out=o), torch.empty(0, dtype=torch.float64)),
    ("logsumexp", lambda o: torch.logsumexp(x, 1, out=o), torch.empty(0)),
    ("logsumexp_d", lambda o: torch.logsumexp(x, 1, out=o), torch.empty(0, dtype=torch.float64)),
    ("var", lambda o: torch.var(x, 1, out=o), torch.empty(0)),
    ("std", lambda o: torch.std(x, 1, correction=0, out=o), torch.empty(0)),
    ("norm", lambda o: torch.norm(x, 2, 1, out=o), torch.empty(0)),
    ("cumsum", lambda o: torch.cumsum(x, 1, out=o), torch.empty(0)),
    ("cumsum_int", lambda o: torch.cumsum(x, 1, out=o), torch.empty(0, dtype=torch.int32)),
    ("cumprod", lambda o: torch.cumprod(x, 0, out=o), torch.empty(0)),
    ("logcumsumexp", lambda o: torch.logcumsumexp(x, 0, out=o), torch.empty(0)),
    ("all", lambda o: torch.all(x, 1, out=o), torch.empty(0, dtype=torch.bool)),
    ("any_f", lambda o: torch.any(x, 1, out=o), torch.empty(0)),
    ("argmax", lambda o: torch.argmax(x, 1, out=o), torch.empty(0, dtype=torch.long)),
    ("argmax_int", lambda o: torch.argmax(x, 1, out=o), torch.empty(0, dtype=torch.int32)),
    ("quantile", lambda o: torch.quantile(x, 0.5, dim=1, out=o), torch.empty(0)),
    ("msort", lambda o: torch.msort(x, out=o), torch.empty(0)),
    ("argsort", lambda o: torch.argsort(x, out=o), torch.empty(0, dtype=torch.long)),
    ("bucketize", lambda o: torch.bucketize(x, torch.tensor([1.0, 3.0]), out=o), torch.empty(0, dtype=torch.long)),
    ("histc", lambda o: torch.histc(x, 3, out=o), torch.empty(0)),
    ("count_nonzero", lambda o: torch.count_nonzero(x, out=o), torch.empty(0, dtype=torch.long)),
]
for name, f, o in calls:
    try:
        r = f(o)
        print(name, r, r is o, o.shape, o.dtype)
    except Exception as e:
        print(name, type(e).__name__, e)
pairs = [
    ("max", lambda v, i: torch.max(x, 1, out=(v, i))),
    ("sort", lambda v, i: torch.sort(x, 1, out=(v, i))),
    ("topk", lambda v, i: torch.topk(x, 2, out=(v, i))),
    ("kthvalue", lambda v, i: torch.kthvalue(x, 1, 0, out=(v, i))),
    ("median", lambda v, i: torch.median(x, 1, out=(v, i))),
    ("mode", lambda v, i: torch.mode(x, 1, out=(v, i))),
    ("cummax", lambda v, i: torch.cummax(x, 1, out=(v, i))),
    ("aminmax", lambda v, i: torch.aminmax(x, dim=1, out=(v, i))),
    ("var_mean", lambda v, i: torch.var_mean(x, 1, out=(v, i))),
]
for name, f in pairs:
    v, i = torch.empty(0), torch.empty(0, dtype=torch.long)
    try:
        r = f(v, i)
        print(name, r, r[0] is v)
    except Exception as e:
        print(name, type(e).__name__, e)
o = torch.empty(0, dtype=torch.long)
for f in [lambda: torch.argsort(x, stable=True, out=o), lambda: torch.msort(x, out=o), lambda: x.msort(out=torch.empty(0)),
          lambda: x.argsort(stable=True, out=o), lambda: torch.argsort(x, dim=0, out=o)]:
    try:
        print(f(), o)
    except Exception as e:
        print(type(e).__name__, e)
for f in [lambda: torch.std_mean(x, out=(o, o)), lambda: torch.var_mean(x, 1, True, out=1), lambda: torch.var_mean(x, dim=0, correction=0, out=o)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'realistic1': r'''
import torch
torch.manual_seed(0)
logits = torch.randn(6, 10, requires_grad=True)
labels = torch.tensor([1, 3, 3, 9, 0, 2])
probs = logits.softmax(-1)
top5 = probs.topk(5, dim=1)
print(top5.indices)
acc1 = (probs.argmax(1) == labels).float().mean()
acc5 = (top5.indices == labels[:, None]).any(1).float().mean()
print(acc1, acc5)
# nucleus sampling
sp, si = probs.sort(dim=-1, descending=True)
cum = sp.cumsum(-1)
mask = cum - sp > 0.5
sp = sp.masked_fill(mask, 0.0)
sp = sp / sp.sum(-1, keepdim=True)
print(sp[:, :4])
print(torch.gather(si, 1, sp.argmax(-1, keepdim=True)).squeeze(1))
z, _ = logits.sort(dim=-1, descending=True)
loss = -(logits.max(1).values).mean() + logits.logsumexp(1).mean() + z.cumsum(-1).amax(1).sum() + logits.kthvalue(3, 1).values.sum()
loss.backward()
print(loss, logits.grad.sum(1), logits.grad.abs().max())
# class weights from unique counts
vals, counts = labels.unique(return_counts=True)
w = counts.sum() / (counts.float() * len(vals))
print(vals, counts, w)
# inverse-CDF sampling with searchsorted
cdf = probs.detach().cumsum(-1)
u = torch.rand(6, 3)
idx = torch.searchsorted(cdf, u)
print(idx, idx.clamp(max=9).dtype)
# median absolute deviation
x = torch.randn(5, 7)
med = x.median(dim=1, keepdim=True).values
mad = (x - med).abs().median(dim=1).values
print(med.squeeze(1), mad)
q = torch.quantile(x, torch.tensor([0.05, 0.95]), dim=1, keepdim=True)
print(q.shape, x.clamp(q[0], q[1]).std(1))
print(torch.bincount(probs.argmax(1), minlength=10), torch.histc(x, bins=5, min=-2, max=2))
''',
'realistic2': r'''
import torch
torch.manual_seed(1)
x = torch.randn(4, 5, 3, requires_grad=True)
m, v = x.mean((0, 2)), x.var((0, 2), unbiased=False)
s, mu = torch.std_mean(x, dim=(0, 2), keepdim=True)
print(m, v, s.squeeze(), mu.squeeze())
xn = (x - mu) / (s + 1e-5)
print(xn.pow(2).mean(dim=(0, 2)))
y = xn.amax(dim=(1, 2)) - xn.amin(dim=-1).mean(1) + xn.norm(dim=1).sum(1) + torch.linalg.vector_norm(xn, ord=1, dim=(1, 2))
print(y)
y.sum().backward()
print(x.grad[0])
cm, ci = x.detach().cummax(dim=1)
print(cm[0], ci[0])
r = torch.logcumsumexp(x.detach(), dim=1)
print(r[1])
vals, idx = torch.kthvalue(x.detach(), 2, dim=1)
print(vals[0], idx[0])
mode_v, mode_i = torch.mode(torch.tensor([[1, 2, 2, 3], [4, 4, 1, 1]]), dim=1)
print(mode_v, mode_i)
print(torch.isin(torch.arange(10), torch.tensor([2, 3, 7])).nonzero().squeeze(1))
print(torch.unique_consecutive(torch.tensor([0, 0, 1, 1, 1, 0, 2, 2]), return_counts=True))
print(x.detach().prod(dim=2)[0], x.detach().nansum(), x.detach().nanmean(1)[0], x.detach().count_nonzero(0).sum())
print(torch.all(x > -5), torch.any(x > 2, dim=2)[0], torch.aminmax(x.detach().flatten()))
''',
'complex_dtype': r'''
import torch
import warnings
warnings.simplefilter("always")
c = torch.tensor([[1 + 2j, 3 - 1j], [0.5 + 0j, -2j]])
for name, f in [("sum", lambda: c.sum(dtype=torch.float64)), ("sum0", lambda: c.sum(0, dtype=torch.float32)),
                ("mean", lambda: c.mean(dtype=torch.float64)), ("mean1", lambda: torch.mean(c, 1, dtype=torch.float32)),
                ("prod", lambda: c.prod(dtype=torch.float64)), ("prod1", lambda: c.prod(1, dtype=torch.float32)),
                ("sumint", lambda: c.sum(dtype=torch.int64)), ("cumsum", lambda: c.cumsum(0, dtype=torch.float64)),
                ("sumc", lambda: c.sum(dtype=torch.complex128)), ("prodc", lambda: c.prod(0, dtype=torch.complex128))]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = f()
            print(name, r)
        except Exception as e:
            print(name, type(e).__name__, e)
    print("  warnings:", [str(x.message)[:60] for x in w])
''',
'cplx_errors': r'''
import torch
c = torch.tensor([[1 + 1j, 2j]])
for f in [lambda: c.median(), lambda: c.median(0), lambda: c.nanmedian(), lambda: c.nanmedian(1), lambda: c.mode(), lambda: c.kthvalue(1),
          lambda: c.topk(1), lambda: c.sort(), lambda: c.argsort(), lambda: c.msort(), lambda: c.max(), lambda: c.max(0), lambda: c.amax(),
          lambda: c.argmax(), lambda: c.aminmax(), lambda: c.cummax(0), lambda: c.quantile(0.5), lambda: torch.histc(c), lambda: torch.histc(c, 3, 0, 1), lambda: c.logcumsumexp(0),
          lambda: c.min(1), lambda: c.argmin(0), lambda: torch.maximum(c, c), lambda: c.std(), lambda: c.all(), lambda: c.count_nonzero(),
          lambda: c.cumprod(1), lambda: c.prod(), lambda: c.mean(1), lambda: c.var(1), lambda: torch.bucketize(c, torch.tensor([1.0]))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'toomany': r'''
import torch
x = torch.arange(6.0).reshape(2, 3)
calls = {
    "cumsum": lambda: torch.cumsum(x, 0, True),
    "m.cumsum": lambda: x.cumsum(0, True),
    "cumprod": lambda: torch.cumprod(x, 0, None, 1),
    "cummax": lambda: torch.cummax(x, 0, 1),
    "m.cummin": lambda: x.cummin(0, 1),
    "logcumsumexp": lambda: torch.logcumsumexp(x, 0, 1),
    "logsumexp": lambda: torch.logsumexp(x, 0, True, 1),
    "m.logsumexp": lambda: x.logsumexp(0, True, 1),
    "count_nonzero": lambda: torch.count_nonzero(x, 0, True),
    "searchsorted": lambda: torch.searchsorted(x, x, True),
    "bucketize": lambda: torch.bucketize(x, x[0], True),
    "isin": lambda: torch.isin(x, x, True, True, 1),
    "logsumexp_noargs": lambda: torch.logsumexp(x),
    "m.cumsum_noargs": lambda: x.cumsum(),
    "cummax_noargs": lambda: torch.cummax(x),
    "topk_noargs": lambda: x.topk(),
    "kthvalue_noargs": lambda: torch.kthvalue(x),
    "searchsorted_noargs": lambda: torch.searchsorted(x),
    "bucketize_noargs": lambda: torch.bucketize(x),
    "isin_noargs": lambda: torch.isin(x),
    "histc_kw": lambda: torch.histc(x, bins=3, min=0, max=5, density=True),
}
for k, f in calls.items():
    try:
        r = f()
        print(k, r)
    except Exception as e:
        print(k, type(e).__name__, e)
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def test_nanmean_and_nansum_dtype_checks():
    ints = ember.tensor([1, 2, 3])
    raises_exactly(lambda: ember.nanmean(ints, dtype=ember.float64), RuntimeError,
                   "nanmean(): expected input to have floating point or complex dtype but got Long")
    raises_exactly(lambda: ember.nanmean(ember.tensor([1.0]), dtype=ember.int16), RuntimeError,
                   "nanmean(): could not infer output dtype. Optional dtype must be either a floating point or "
                   "complex dtype. Got: Short")
    raises_exactly(lambda: ember.nansum(ember.tensor([1 + 1j])), RuntimeError,
                   "nansum on CPU does not support complex inputs")
    raises_exactly(lambda: ember.nanmean(ember.tensor([1 + 1j])), RuntimeError,
                   "nansum on CPU does not support complex inputs")
    raises_exactly(lambda: ember.nansum(ember.tensor([1.0]), dtype=ember.complex64), NotImplementedError,
                   "\"nansum_cpu\" not implemented for 'ComplexFloat'")
    assert ember.nansum(ember.tensor([1.5, float("nan"), 2.75])).item() == 4.25


def test_complex_var_is_the_sum_of_the_parts_and_differentiable():
    c = ember.tensor([1 + 2j, 3 - 1j], requires_grad=True)
    v = c.var()
    assert v.item() == 6.5  # var([1, 3]) + var([2, -1]) = 2 + 4.5
    v.backward()
    assert c.grad.tolist() == [(-2 + 3j), (2 - 3j)]  # 2 / (n - 1) * (c - mean), mean = 2 + 0.5j
    var, mean = ember.var_mean(ember.tensor([1 + 2j, 3 - 1j]))
    assert var.item() == 6.5 and mean.item() == (2 + 0.5j)
    s = ember.tensor([2j, -2j], requires_grad=True)
    s.std(correction=0).backward()
    assert s.grad.tolist() == [0.5j, -0.5j]


def test_complex_input_with_real_dtype_warns_like_aten(monkeypatch):
    from ember.ops import convert
    monkeypatch.setattr(convert, "_COMPLEX_TO_REAL_WARNED", [False])
    c = ember.tensor([1 + 2j, 3 - 1j])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert c.sum(dtype=ember.float64).item() == 4.0
        assert c.mean(dtype=ember.float32).item() == 2.0
        assert c.prod(dtype=ember.float64).item() == 3.0
    msgs = [str(w.message) for w in caught]
    assert msgs == ["Casting complex values to real discards the imaginary part (Triggered internally at "
                    "/__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)"]


QUANTILE_SIGS = (" * (Tensor input, Tensor q, int dim = None, bool keepdim = False, *, str interpolation = "
                 "\"linear\", Tensor out = None)\n"
                 " * (Tensor input, float q, int dim = None, bool keepdim = False, *, str interpolation = "
                 "\"linear\", Tensor out = None)\n")


def test_quantile_argument_types():
    x = ember.tensor([3.0, 1.0, 2.0])
    raises_exactly(lambda: ember.quantile(x, [0.5]), TypeError,
                   "quantile() received an invalid combination of arguments - got (Tensor, list), but expected "
                   "one of:\n" + QUANTILE_SIGS)
    raises_exactly(lambda: ember.nanquantile(x, 0.5, dim=0.5), TypeError,
                   "nanquantile() received an invalid combination of arguments - got (Tensor, float, dim=float), "
                   "but expected one of:\n" + QUANTILE_SIGS.replace("quantile", "nanquantile"))
    assert ember.quantile(x, True).item() == 3.0


def test_argsort_positional_dim_with_stable():
    x = ember.tensor([[3.0, 1.0], [0.0, 2.0]])
    raises_exactly(lambda: ember.argsort(x, 0, True, stable=True), TypeError,
                   "argsort() takes from 2 to 1 positional arguments but 3 were given")
    raises_exactly(lambda: x.argsort(1, True, stable=True), TypeError,
                   "argsort() takes from 1 to 0 positional arguments but 2 were given")
    raises_exactly(lambda: ember.argsort(x, 0, stable=True), TypeError,
                   "argsort() received an invalid combination of arguments - got (Tensor, int, stable=bool), but "
                   "expected one of:\n"
                   " * (Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None)\n"
                   " * (Tensor input, int dim = -1, bool descending = False)\n"
                   "      didn't match because some of the keywords were incorrect: stable\n")
    assert ember.argsort(x, dim=0, descending=True, stable=True).tolist() == [[0, 1], [1, 0]]
    assert x.argsort(0, True).tolist() == [[0, 1], [1, 0]]


def test_searchsorted_checks_and_nan_boundaries():
    seq = ember.tensor([1.0, 3.0, 5.0])
    raises_exactly(lambda: ember.searchsorted(seq, seq, sorter=ember.tensor([0, 1])), RuntimeError,
                   "torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor "
                   "[3]and got sorter tensor [2]")
    raises_exactly(lambda: ember.searchsorted(seq, seq, sorter=ember.tensor([0.0, 1.0, 2.0])), RuntimeError,
                   "torch.searchsorted(): sorter must be a tensor of long dtype but got dtype Float")
    raises_exactly(lambda: ember.searchsorted(seq, seq, sorter=ember.tensor([0, 1, 3])), RuntimeError,
                   "torch.searchsorted(): sorter index out of range")
    raises_exactly(lambda: ember.searchsorted(ember.tensor(1.0), seq), RuntimeError,
                   "torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension")
    raises_exactly(lambda: ember.searchsorted(ember.zeros(2, 3), 1.0), RuntimeError,
                   "torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, "
                   "but we got boundaries tensor dim(2) and input value's dim(0) numel(1)")
    raises_exactly(lambda: ember.searchsorted(seq, seq, out=ember.empty(0)), RuntimeError,
                   "torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) "
                   "depending on whether out_int32 flag is True, but we got output tensor's dtype Float and "
                   "out_int32 flag is False")
    raises_exactly(lambda: ember.searchsorted(seq, ember.tensor([1j])), NotImplementedError,
                   "\"searchsorted_out_cpu\" not implemented for 'ComplexFloat'")
    # ATen's lower bound: a NaN boundary reads as smaller than every value, a NaN value lands at the end
    nan = float("nan")
    got = ember.searchsorted(ember.tensor([1.0, 2.0, nan]), ember.tensor([nan, 1.5, float("inf")]))
    assert got.tolist() == [3, 1, 3]
    got = ember.searchsorted(ember.tensor([nan, 1.0, 2.0, 3.0, nan]), ember.arange(-1.0, 5.0))
    assert got.tolist() == [1, 1, 1, 2, 5, 5]  # (-1: mid 2 -> 1 -> the NaN at 0 reads smaller -> 1)


def test_searchsorted_bucketize_isin_missing_arguments():
    x = ember.tensor([1.0, 2.0])
    raises_exactly(lambda: ember.searchsorted(x, right=True), TypeError,
                   "searchsorted() received an invalid combination of arguments - got (Tensor, right=bool), but "
                   "expected one of:\n"
                   " * (Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, "
                   "str side = None, Tensor sorter = None, Tensor out = None)\n"
                   " * (Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, "
                   "str side = None, Tensor sorter = None, Tensor out = None)\n")
    raises_exactly(lambda: ember.bucketize(x, x, True), TypeError,
                   "bucketize() received an invalid combination of arguments - got (Tensor, Tensor, bool), but "
                   "expected one of:\n"
                   " * (Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, "
                   "Tensor out = None)\n"
                   " * (Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False)\n")
    with pytest.raises(TypeError, match=r"^isin\(\) received an invalid combination of arguments - got \(Tensor\)"):
        ember.isin(x)
    with pytest.raises(TypeError, match=r"^isin\(\) received an invalid combination of arguments - got \(Tensor, list\)"):
        ember.isin(x, [1, 2])
    with pytest.raises(TypeError, match=r"^isin\(\) received an invalid combination of arguments - got \(int, int\)"):
        ember.isin(2, 3)


def test_unique_argument_checks_and_complex():
    x = ember.tensor([1, 2, 1])
    raises_exactly(lambda: ember.unique(x, 1), TypeError, "_unique2(): argument 'sorted' must be bool, not int")
    raises_exactly(lambda: ember.unique(x, True, False, False, 0.0), TypeError,
                   "unique_dim(): argument 'dim' (position 2) must be int, not float")
    raises_exactly(lambda: ember.unique(x, 1, dim=0), TypeError, "unique_dim(): argument 'sorted' must be bool, not int")
    raises_exactly(lambda: ember.unique_consecutive(x, False, 1), TypeError,
                   "unique_consecutive(): argument 'return_counts' must be bool, not int")
    raises_exactly(lambda: ember.unique_consecutive(x, dim=0.0), TypeError,
                   "unique_consecutive(): argument 'dim' must be int, not float")
    c = ember.tensor([1j, 1j])
    raises_exactly(lambda: ember.unique(c), NotImplementedError, "\"unique\" not implemented for 'ComplexFloat'")
    raises_exactly(lambda: ember.unique(c, dim=0), NotImplementedError,
                   "\"unique_dim\" not implemented for 'ComplexFloat'")
    raises_exactly(lambda: ember.unique_consecutive(c), NotImplementedError,
                   "\"unique\" not implemented for 'ComplexFloat'")


def test_bincount_histc_argument_types(monkeypatch):
    x = ember.tensor([0, 1, 1])
    raises_exactly(lambda: ember.bincount(x, minlength=2.0), TypeError,
                   "bincount(): argument 'minlength' must be int, not float")
    raises_exactly(lambda: ember.bincount(x, None, 2.5), TypeError,
                   "bincount(): argument 'minlength' (position 3) must be int, not float")
    raises_exactly(lambda: ember.histc(ember.ones(3), 2.5), TypeError,
                   "histc(): argument 'bins' (position 2) must be int, not float")
    raises_exactly(lambda: ember.histc(ember.tensor([1j])), NotImplementedError,
                   "\"aminmax_cpu\" not implemented for 'ComplexFloat'")
    raises_exactly(lambda: ember.histc(ember.tensor([1j]), 3, 0, 1), NotImplementedError,
                   "\"histogram_cpu\" not implemented for 'ComplexFloat'")
    from ember.ops import convert
    monkeypatch.setattr(convert, "_COMPLEX_TO_REAL_WARNED", [False])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = ember.bincount(x, ember.tensor([1 + 5j, 2 + 0j, 0.5 - 1j]))
    assert r.tolist() == [1.0, 2.5] and r.dtype == ember.float64
    assert [w.category for w in caught] == [UserWarning]


def test_cumprod_double_backward_with_zeros_is_a_copyslices_graph():
    z = ember.tensor([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0]], requires_grad=True)
    g, = ember.autograd.grad(z.cumprod(1).sum(), z, create_graph=True)
    assert g.tolist() == [[9.0, 0.0, 0.0], [1.0, 1.0, 0.0]]
    assert g.grad_fn.name() == "torch::autograd::CopySlices"
    h, = ember.autograd.grad(g.sum(), z)
    # the gradient of sum(g) = 1 + z1 + z1 z2 + z0 + z0 z2 + z0 z1 per row: [1 + z1 + z2, 1 + z0 + z2, z0 + z1]
    assert h.tolist() == [[6.0, 4.0, 2.0], [1.0, 2.0, 1.0]]


def test_scans_and_logsumexp_dim_errors():
    x = ember.ones(3)
    raises_exactly(lambda: ember.logcumsumexp(x, None), TypeError,
                   "logcumsumexp(): argument 'dim' (position 2) must be int, not NoneType")
    raises_exactly(lambda: x.cummax(None), TypeError, "cummax(): argument 'dim' (position 1) must be int, not NoneType")
    raises_exactly(lambda: x.logsumexp(dim=None), TypeError,
                   "logsumexp(): argument 'dim' must be tuple of ints, not NoneType")
    raises_exactly(lambda: ember.logsumexp(ember.ones(2, 3), ()), RuntimeError,
                   "output with shape [] doesn't match the broadcast shape [1, 1]")
    assert ember.logsumexp(ember.zeros(1, 2), (), True).shape == (1, 1)
    assert ember.logsumexp(ember.tensor(1.0), ()).item() == 1.0
    raises_exactly(lambda: ember.cumsum(x, 0, True), TypeError, "cumsum() takes 2 positional arguments but 3 were given")
    raises_exactly(lambda: x.cumsum(0, True), TypeError, "cumsum() takes 1 positional argument but 2 were given")
    raises_exactly(lambda: ember.logsumexp(x, 0, True, 1), TypeError,
                   "logsumexp() takes from 2 to 3 positional arguments but 4 were given")


def test_count_nonzero_arguments():
    x = ember.arange(6.0).reshape(2, 3)
    counted = x.count_nonzero(0, 1)  # the method reads several ints as the dim list
    assert counted.item() == 5
    raises_exactly(lambda: ember.count_nonzero(x, 0, True), TypeError,
                   "count_nonzero() received an invalid combination of arguments - got (Tensor, int, bool), but "
                   "expected one of:\n * (Tensor input, int dim = None)\n * (Tensor input, tuple of ints dim)\n")
    raises_exactly(lambda: ember.count_nonzero(x, keepdim=True), TypeError,
                   "count_nonzero() received an invalid combination of arguments - got (Tensor, keepdim=bool), but "
                   "expected one of:\n"
                   " * (Tensor input, int dim = None)\n"
                   "      didn't match because some of the keywords were incorrect: keepdim\n"
                   " * (Tensor input, tuple of ints dim)\n"
                   "      didn't match because some of the keywords were incorrect: keepdim\n")
    raises_exactly(lambda: ember.count_nonzero(x, (0, 1.0)), TypeError,
                   "count_nonzero(): argument 'dim' failed to unpack the object at pos 2 with error \"type must be "
                   "tuple of ints,but got float\"")


def test_vector_norm_ord_and_dim_types():
    x = ember.ones(2, 3)
    raises_exactly(lambda: ember.linalg.vector_norm(x, "fro"), TypeError,
                   "linalg_vector_norm(): argument 'ord' (position 2) must be Number, not str")
    raises_exactly(lambda: ember.linalg.vector_norm(x, ord=None), TypeError,
                   "linalg_vector_norm(): argument 'ord' must be Number, not NoneType")
    raises_exactly(lambda: x.norm(dim=True), TypeError,
                   "linalg_vector_norm(): argument 'dim' (position 3) must be tuple of ints, but found element of "
                   "type bool at pos 0")
    raises_exactly(lambda: ember.linalg.vector_norm(x, 2, dim=True), TypeError,
                   "linalg_vector_norm(): argument 'dim' must be tuple of ints, not bool")
    raises_exactly(lambda: ember.norm(x, 2, 1.0), TypeError,
                   "linalg_vector_norm(): argument 'dim' (position 3) must be tuple of ints, not float")
    assert abs(ember.linalg.vector_norm(x, 2, (0, True)).item() - 6 ** 0.5) < 1e-6


def test_prod_median_aminmax_dim_none_errors():
    x = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    raises_exactly(lambda: x.prod(dim=None, keepdim=True), TypeError, "prod(): argument 'dim' must be int, not NoneType")
    with pytest.raises(TypeError, match=r"^prod\(\) received an invalid combination of arguments - got \(Tensor, "
                                        r"NoneType\)"):
        ember.prod(x, None)
    assert x.prod().item() == 24.0 and x.prod(1).tolist() == [2.0, 12.0]
    raises_exactly(lambda: x.median(keepdim=True), TypeError, 'median() missing 1 required positional arguments: "dim"')
    raises_exactly(lambda: x.nanmedian(None), TypeError,
                   "nanmedian(): argument 'dim' (position 1) must be int, not NoneType")
    assert x.median().item() == 2.0
    raises_exactly(lambda: ember.tensor([[1j]]).median(0), NotImplementedError,
                   "\"median_out\" not implemented for 'ComplexFloat'")
    raises_exactly(lambda: ember.aminmax(x, dim=(0,)), TypeError, "aminmax(): argument 'dim' must be int, not tuple")


def test_sort_argsort_msort_var_mean_out_and_positional_errors():
    x = ember.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
    raises_exactly(lambda: x.sort(1, descending=True, stable=True), TypeError,
                   "sort() takes from 1 to 0 positional arguments but 1 were given")
    o = ember.empty(0, dtype=ember.long)
    assert ember.argsort(x, stable=True, out=o) is o and o.tolist() == [[1, 2, 0], [0, 2, 1]]
    with pytest.raises(TypeError, match=r"^argsort\(\) received an invalid combination of arguments - got "
                                        r"\(Tensor, out=Tensor\)"):
        ember.argsort(x, out=o)
    v = ember.empty(0)
    assert ember.msort(x, out=v) is v and v.tolist() == [[0.0, 1.0, 2.0], [3.0, 5.0, 4.0]]
    raises_exactly(lambda: ember.msort(x, out=o), RuntimeError,
                   "Expected out tensor to have dtype float, but got long int instead")
    raises_exactly(lambda: x.msort(out=v), TypeError, "TensorBase.msort() takes no keyword arguments")
    with pytest.raises(TypeError, match=r"^var_mean\(\) received an invalid combination of arguments - got "
                                        r"\(Tensor, int, out=tuple\)"):
        ember.var_mean(x, 1, out=(v, v))


def test_prod_backward_with_several_zeros_under_create_graph():
    t = ember.tensor([[1.5, -2.0], [0.0, 0.0]], requires_grad=True)
    g, = ember.autograd.grad(t.prod(), t, create_graph=True)
    assert g.grad_fn.name() == "ViewBackward0"  # PyTorch's prod_safe_zeros_backward(...).view_as(input)
    assert g.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    g2, = ember.autograd.grad(t.prod(), t)
    assert g2.grad_fn is None and g2.tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_histogram_checks():
    x = ember.tensor([1.0, 2.0, 3.0])
    raises_exactly(lambda: ember.histogram(x, 0), RuntimeError,
                   "torch.histogram(): bins must be > 0, but got 0 for dimension 0")
    raises_exactly(lambda: ember.histogram(x, ember.tensor([1.0])), RuntimeError,
                   "torch.histogram(): bins must be > 0, but got 0 for dimension 0")
    raises_exactly(lambda: ember.histogram(x, ember.tensor([[1.0, 2.0]])), RuntimeError,
                   "torch.histogramdd: bins tensor should have one dimension, but got 2 dimensions in the bins "
                   "tensor for dimension 0")
    raises_exactly(lambda: ember.histogram(x, ember.tensor([1.0, 2.0], dtype=ember.float64)), RuntimeError,
                   "torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with "
                   "dtype float and bins for dimension 0 with dtype double")
    raises_exactly(lambda: ember.histogram(x, 3, weight=ember.ones(2)), RuntimeError,
                   "torch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor "
                   "excluding its innermost dimension, but got input with shape [3, 1] and weight with shape [2]")
    raises_exactly(lambda: ember.histogram(x, 3, weight=ember.ones(3, dtype=ember.float64)), RuntimeError,
                   "torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the "
                   "same dtype, but got input(float), and weight(double)")
    with pytest.raises(TypeError, match=r"^histogram\(\) received an invalid combination of arguments - got "
                                        r"\(Tensor, float\)"):
        ember.histogram(x, 2.5)
    # edges given out of order: only what lies between the first and the last edge counts
    h = ember.histogram(x, ember.tensor([0.0, 2.5, 1.5, 4.0]))
    assert h.hist.tolist() == [1.0, 0.0, 2.0]


def test_whole_float32_var_uses_the_float32_mean_and_keeps_the_output_shape():
    big = ember.tensor([3e38, 3e38, -1e38])
    # ATen's std_var_all_cpu: mean() in float32 overflows (3e38 + 3e38), so every deviation is infinite
    assert big.std().item() == float("inf")
    assert abs(big.double().std().item() / 2.3094010767585e38 - 1) < 1e-6  # (finite in double)
    # reducing the only non-1 dim is a whole reduction too, with the reduction's output shape
    a = ember.tensor([[1.0, 3.0]])
    assert a.std(1).shape == (1,) and a.var(1, keepdim=True).shape == (1, 1)
    assert a.var(1).tolist() == [2.0] and a.double().var(1).tolist() == [2.0]


def test_bool_and_none_dims_are_parser_errors():
    x = ember.arange(6.0).reshape(2, 3)
    raises_exactly(lambda: x.cumsum(True), TypeError, "cumsum(): argument 'dim' (position 1) must be int, not bool")
    raises_exactly(lambda: x.amax(True), TypeError, "amax(): argument 'dim' (position 1) must be tuple of ints, not bool")
    with pytest.raises(TypeError, match=r"^sum\(\) received an invalid combination of arguments - got \(bool\)"):
        x.sum(True)
    with pytest.raises(TypeError, match=r"^max\(\) received an invalid combination of arguments - got \(NoneType\)"):
        x.max(None)
    with pytest.raises(TypeError, match=r"^min\(\) received an invalid combination of arguments - got "
                                        r"\(dim=NoneType, \)"):
        x.min(dim=None)
    assert x.max().item() == 5.0 and x.min(1).values.tolist() == [0.0, 3.0]
    # NumPy and 0-d tensor ints stay ints (``logsumexp``'s empty-dims check leaves them alone)
    assert x.logsumexp(np.int64(1)).shape == (2,) and x.logsumexp(ember.tensor(0)).shape == (3,)


def test_searchsorted_warns_once_per_non_contiguous_kind(monkeypatch):
    from ember.ops import shape_ext
    monkeypatch.setattr(shape_ext, "_SEARCHSORTED_WARNED", set())
    strided = ember.arange(10.0)[::2]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ember.searchsorted(strided, ember.tensor([3.0])).tolist() == [2]
        ember.searchsorted(strided, ember.tensor([3.0]))
        assert ember.bucketize(strided, ember.arange(5.0)).tolist() == [0, 2, 4, 5, 5]
    msgs = [str(w.message) for w in caught]
    assert len(msgs) == 2
    assert msgs[0].startswith("torch.searchsorted(): boundary tensor is non-contiguous, this will lower the "
                              "performance due to extra data copy")
    assert msgs[0].endswith("BucketizationUtils.h:38.)")
    assert msgs[1].startswith("torch.searchsorted(): input value tensor is non-contiguous")
    assert msgs[1].endswith("please use contiguous input value tensor if possible. This message will only appear once "
                            "per program. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                            "BucketizationUtils.h:32.)")


def test_pair_ops_extra_positional_and_max_with_dim_and_other():
    x = ember.arange(6.0).reshape(2, 3)
    raises_exactly(lambda: ember.topk(x, 1, 0, True, True, 1), TypeError,
                   "topk() takes from 2 to 5 positional arguments but 6 were given")
    raises_exactly(lambda: x.kthvalue(1, 0, True, 1), TypeError,
                   "kthvalue() takes from 1 to 3 positional arguments but 4 were given")
    raises_exactly(lambda: ember.median(x, 0, True, 1), TypeError,
                   "median() takes from 2 to 3 positional arguments but 4 were given")
    raises_exactly(lambda: x.median(0, True, 1), TypeError,
                   "median() received an invalid combination of arguments - got (int, bool, int), but expected one "
                   "of:\n * ()\n * (int dim, bool keepdim = False)\n")
    raises_exactly(lambda: ember.mode(x, 0, True, 1), TypeError,
                   "mode() takes from 1 to 3 positional arguments but 4 were given")
    assert x.topk(1, 0, True, True).indices.tolist() == [[1, 1, 1]]
    raises_exactly(lambda: ember.max(x, dim=0, other=x), TypeError,
                   "max() received an invalid combination of arguments - got (Tensor, other=Tensor, dim=int), but "
                   "expected one of:\n"
                   " * (Tensor input, *, Tensor out = None)\n"
                   "      didn't match because some of the keywords were incorrect: other, dim\n"
                   " * (Tensor input, Tensor other, *, Tensor out = None)\n"
                   " * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n")


def test_axis_alias_none_errors_name_axis():
    x = ember.tensor([[1.0, 5.0], [3.0, 2.0]])
    raises_exactly(lambda: x.median(axis=None), TypeError, "median(): argument 'dim' must be int, not NoneType")
    raises_exactly(lambda: x.prod(axis=None), TypeError,
                   "prod() received an invalid combination of arguments - got (axis=NoneType, ), but expected one "
                   "of:\n * (*, torch.dtype dtype = None)\n * (int dim, bool keepdim = False, *, torch.dtype dtype = "
                   "None)\n")
    assert x.prod(axis=1).tolist() == [5.0, 6.0]
