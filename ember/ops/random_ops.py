"""Random sampling ops on tensors: ``normal``, ``bernoulli``, ``multinomial``, ``poisson``
and the in-place fills ``uniform_``, ``normal_``, ``bernoulli_``, ``random_``,
``exponential_``, ``cauchy_``, ``log_normal_``, ``geometric_``.

Every draw comes from ``ember._rng``, which consumes PyTorch's CPU mt19937
stream exactly as PyTorch's kernels do, so after the same ``manual_seed`` the
values are bit-identical.  Fills write into the tensor's storage (like
PyTorch they are not recorded by autograd) and bump its version counter.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from ._common import GRAD, Tensor, _make
from . import _layout
from .inplace import check_inplace_allowed


def _rng():
    from .. import _rng
    return _rng


def _gen(generator, fn: str = ""):
    """The generator's stream; a non-generator is PyTorch's parser TypeError naming ``fn``."""
    r = _rng()
    if generator is None:
        return r.default_generator
    impl = getattr(generator, "_impl", generator)
    if not isinstance(impl, r.Generator):
        from ._argerrors import type_name
        raise TypeError(f"{fn}(): argument 'generator' must be torch.Generator, not {type_name(generator)}")
    return impl


def _gen_overloaded(generator, fn: str, args: tuple, kwargs: dict, signatures: tuple):
    """``_gen`` for ops with overloads: a non-generator gives the invalid-combination TypeError."""
    r = _rng()
    if generator is None or isinstance(getattr(generator, "_impl", generator), r.Generator):
        return _gen(generator)
    raise _invalid_combination(fn, args, dict(kwargs, generator=generator), signatures)


def _invalid_combination(fn: str, args: tuple, kwargs: dict, signatures: tuple) -> TypeError:
    """PyTorch's ``received an invalid combination of arguments`` message (keywords sorted; with no
    positional arguments each keyword is followed by ", ", as PyTorch prints it)."""
    from ._argerrors import type_name
    pos = [type_name(a) for a in args]
    kws = [f"{k}={type_name(v)}" for k, v in sorted(kwargs.items()) if v is not None]
    got = ", ".join(pos + kws) if pos else "".join(k + ", " for k in kws)
    sigs = "".join(f" * {sig}\n" for sig in signatures)
    return TypeError(f"{fn}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     f"{sigs}")


_CPP_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                   "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
                   "complex128": "c10::complex<double>"}


def _check_fill_dtype(t: Tensor, method: str) -> None:
    """The dtype errors of PyTorch's in-place samplers (only called for non-floating tensors)."""
    dt = t._data.dtype
    kind = dt.kind
    scalar = D.SCALAR_TYPE_NAMES.get(dt.name, dt.name)
    continuous = {"exponential_": "Exponential", "cauchy_": "Cauchy"}
    if method in continuous and kind != "f":
        name = scalar if method == "exponential_" else _CPP_TYPE_NAMES.get(dt.name, dt.name)
        raise RuntimeError(f"{continuous[method]} distribution is a continuous probability distribution. dtype must "
                           f"be a floating point but you specified {name}")
    kernels = {"uniform_": "check_uniform_bounds", "normal_": "normal_kernel_cpu", "log_normal_": "log_normal_cpu"}
    if method in kernels and kind in "biu" or (method == "log_normal_" and kind == "c"):
        raise NotImplementedError(f"\"{kernels[method]}\" not implemented for '{scalar}'")
    if method == "geometric_" and kind in "bc":
        raise NotImplementedError(f"\"geometric_cpu\" not implemented for '{scalar}'")
    if method == "random_" and kind == "c":
        raise RuntimeError("check_random_bounds handles only integral, floating-point and boolean types")
    if method == "bernoulli_" and kind == "c":
        raise NotImplementedError(f"\"bernoulli_scalar_cpu_\" not implemented for '{scalar}'")


def _fill(t: Tensor, draw) -> Tensor:
    """Write ``draw(shape)`` into ``t`` in place (not recorded, like PyTorch's fills).

    PyTorch's samplers write their draws in the order its TensorIterator walks ``t``: memory
    order for a transposed or permuted view (``_layout``).  ``draw`` is called with the shape
    of that walk and its values are placed accordingly."""
    check_inplace_allowed(t)
    d = t._data
    if d.__class__ is np.ndarray:
        d[...] = _layout.drawn_for(d, draw)
    else:
        t._data = d.dtype.type(np.asarray(draw(())).reshape(()))
    t._bump_version()
    return t


def uniform_(t: Tensor, from_: float = 0.0, to: float = 1.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator, "uniform_"), t._data.dtype
    if dt.kind != "f":
        _check_fill_dtype(t, "uniform_")
    return _fill(t, lambda shape: _rng().uniform(g, shape, dt, from_, to))


def normal_(t: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    # ATen's normal_kernel: the vectorised normal_fill only for a contiguous tensor, else
    # one scalar Box-Muller draw per element in iteration order
    g, d = _gen(generator, "normal_"), t._data
    if d.dtype.kind != "f":
        _check_fill_dtype(t, "normal_")
    contiguous = _layout.is_contiguous(d)
    return _fill(t, lambda shape: _rng().normal(g, shape, d.dtype, mean, std, contiguous=contiguous))


_BERNOULLI_INPLACE_SIGS = ("(Tensor p, *, torch.Generator generator = None)",
                           "(float p = 0.5, *, torch.Generator generator = None)")


def bernoulli_(t: Tensor, p=0.5, *, generator=None) -> Tensor:
    g = _gen_overloaded(generator, "bernoulli_", (p,), {}, _BERNOULLI_INPLACE_SIGS)
    d = t._data
    if d.dtype.kind == "c":
        _check_fill_dtype(t, "bernoulli_")
    pd = p._data if isinstance(p, Tensor) else p
    if isinstance(pd, np.ndarray) and d.__class__ is np.ndarray and d.ndim and not _layout.is_row_major(d):
        # the probabilities walk with the tensor they fill
        order = _layout.outer_order(d)
        pd = np.broadcast_to(pd, d.shape).transpose(order)
    return _fill(t, lambda shape: _rng().bernoulli(g, pd, shape, d.dtype))


_NO_TO = object()
_RANDOM_SIGS = ("(*, torch.Generator generator = None)", "(int from, int to, *, torch.Generator generator = None)",
                "(int to, *, torch.Generator generator = None)")


def random_(t: Tensor, from_=None, to=_NO_TO, *, generator=None) -> Tensor:
    given = tuple(a for a in (from_, to) if a is not None and a is not _NO_TO)
    g = _gen_overloaded(generator, "random_", given, {}, _RANDOM_SIGS)
    if to is _NO_TO:  # ``random_(to)``; ``random_(from, None)`` draws ``[from, max]``
        from_, to = (None, None) if from_ is None else (0, from_)
    dt = t._data.dtype
    if dt.kind == "c":
        _check_fill_dtype(t, "random_")
    return _fill(t, lambda shape: _rng().random_(g, shape, dt, from_, to))


def exponential_(t: Tensor, lambd: float = 1.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator, "exponential_"), t._data.dtype
    if dt.kind != "f":
        _check_fill_dtype(t, "exponential_")
    return _fill(t, lambda shape: _rng().exponential(g, shape, dt, lambd))


def cauchy_(t: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator, "cauchy_"), t._data.dtype
    if dt.kind != "f":
        _check_fill_dtype(t, "cauchy_")
    return _fill(t, lambda shape: _rng().cauchy(g, shape, dt, median, sigma))


def log_normal_(t: Tensor, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator, "log_normal_"), t._data.dtype
    if dt.kind != "f":
        _check_fill_dtype(t, "log_normal_")
    return _fill(t, lambda shape: _rng().log_normal(g, shape, dt, mean, std))


def geometric_(t: Tensor, p: float, *, generator=None) -> Tensor:
    g, dt = _gen(generator, "geometric_"), t._data.dtype
    if dt.kind != "f":
        _check_fill_dtype(t, "geometric_")
    return _fill(t, lambda shape: _rng().geometric(g, shape, dt, p))


_BERNOULLI_SIGS = ("(Tensor input, *, torch.Generator generator = None, Tensor out = None)",
                   "(Tensor input, float p, *, torch.Generator generator = None)")


def bernoulli(input: Tensor, p=None, *, generator=None, out=None) -> Tensor:
    """``torch.bernoulli(probs)``: 0/1 draws with the probabilities in ``input``."""
    probs = input._data if p is None else p
    args = (input,) if p is None else (input, p)
    g = _gen_overloaded(generator, "bernoulli", args, {"out": out}, _BERNOULLI_SIGS)
    arr = _rng().bernoulli(g, probs, input._data.shape, input._data.dtype)
    res = _make(np.asarray(arr) if np.ndim(arr) else np.asarray(arr)[()])
    if out is not None:
        from ._common import write_out
        return write_out(out, res)
    return res


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator=None, out=None) -> Tensor:
    """``torch.multinomial``: indices drawn from the rows of ``input`` (int64).  The input checks
    (rank, float dtype, ``num_samples > 0``, enough categories) run in ``_rng.multinomial`` in ATen's
    ``multinomial_out`` order; an ``out=`` tensor is checked between the dtype and the count checks."""
    probs = input._data
    if num_samples.__class__ is not int and not (isinstance(num_samples, (int, np.integer))
                                                 and not isinstance(num_samples, bool)):
        from ._argerrors import type_name
        raise TypeError(f"multinomial(): argument 'num_samples' (position 2) must be int, not {type_name(num_samples)}")
    if out is not None:
        _check_multinomial_out(probs, out)
    g = _gen(generator, "multinomial")
    res = _make(np.asarray(_rng().multinomial(g, np.asarray(probs), int(num_samples), replacement)))
    if out is None:
        return res
    out._data = res._data  # ATen's ``result.resize_(...)``: no resize warning
    out._bump_version()
    return out


def _check_multinomial_out(probs: np.ndarray, out) -> None:
    """ATen's ``multinomial_out`` checks up to its ``out`` dtype: no ``out`` on the method form, a
    tensor ``out``, a 1-D/2-D float input, then ``multinomial expects Long tensor out, got: Float``."""
    import sys
    from ._common import _out_type_error, check_not_method_call
    check_not_method_call(sys._getframe(1))
    if not isinstance(out, Tensor):
        raise _out_type_error(out, "multinomial")
    if probs.ndim not in (1, 2) or probs.dtype.kind != "f":
        return  # the input's own errors come first (raised by ``_rng.multinomial``)
    if out._data.dtype != np.int64:
        name = D.SCALAR_TYPE_NAMES.get(out._data.dtype.name, out._data.dtype.name)
        raise RuntimeError(f"multinomial expects Long tensor out, got: {name}")


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, out=None, requires_grad=False) -> Tensor:
    """``torch.normal``: tensor mean/std (broadcast), or scalars with ``size``."""
    from .creation import _NORMAL_SIGS
    args = (mean, std) if size is None else (mean, std, size)
    kwargs = {"out": out, "dtype": dtype}
    g = _gen_overloaded(generator, "normal", args, kwargs, _NORMAL_SIGS)
    scalars = not isinstance(mean, Tensor) and not isinstance(std, Tensor)
    if scalars and (size is None or not isinstance(size, (tuple, list))):
        raise _invalid_combination("normal", args, kwargs, _NORMAL_SIGS)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        md = mean._data if isinstance(mean, Tensor) else mean
        sd = std._data if isinstance(std, Tensor) else std
        dt = (mean if isinstance(mean, Tensor) else std)._data.dtype
        if dt.kind != "f":
            raise NotImplementedError(f"\"normal_kernel_cpu\" not implemented for '{D.SCALAR_TYPE_NAMES[dt.name]}'")
        if isinstance(mean, Tensor) and isinstance(std, Tensor):
            from ._common import broadcast_error
            try:
                np.broadcast_shapes(md.shape, sd.shape)
            except ValueError:
                raise broadcast_error(md.shape, sd.shape) from None
        arr = _rng().normal_tensor(g, md, sd, dt)
    else:
        dt = (D._default.value if dtype is None else dtype).np
        shape = tuple(size)
        arr = _rng().normal(g, shape, dt, mean, std)
    arr = np.asarray(arr)
    res = _make(arr if arr.ndim else arr[()])
    if requires_grad:
        res.requires_grad_(True)
    if out is not None:
        from ._common import write_out
        return write_out(out, res)
    return res


def poisson(input: Tensor, generator=None) -> Tensor:
    """``torch.poisson``: ATen's CPU sampler on ember's stream (the same samples after ``manual_seed``)."""
    from . import _samplers
    if generator is not None:
        _gen(generator, "poisson")
    if input._data.dtype.kind != "f":
        name = D.SCALAR_TYPE_NAMES.get(input._data.dtype.name, input._data.dtype.name)
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{name}'")
    return _make(_samplers.poisson(input._data, generator))


def binomial(count: Tensor, prob: Tensor, generator=None) -> Tensor:
    """``torch.binomial``: ATen's CPU sampler on ember's stream."""
    from . import _samplers
    if count._data.dtype.kind != "f":
        name = D.SCALAR_TYPE_NAMES.get(count._data.dtype.name, count._data.dtype.name)
        raise ValueError(f"binomial only supports floating-point dtypes for count, got: {name}")
    if prob._data.dtype.kind != "f":
        name = D.SCALAR_TYPE_NAMES.get(prob._data.dtype.name, prob._data.dtype.name)
        raise ValueError(f"binomial only supports floating-point dtypes for prob, got: {name}")
    return _make(_samplers.binomial(count._data, prob._data, generator))


TENSOR_METHODS = {
    "uniform_": uniform_, "normal_": normal_, "bernoulli_": bernoulli_, "random_": random_,
    "exponential_": exponential_, "cauchy_": cauchy_, "log_normal_": log_normal_, "geometric_": geometric_,
    "bernoulli": bernoulli, "multinomial": multinomial,
}
