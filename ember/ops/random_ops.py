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


def _gen(generator):
    r = _rng()
    if generator is None:
        return r.default_generator
    return getattr(generator, "_impl", generator)


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
    g, dt = _gen(generator), t._data.dtype
    return _fill(t, lambda shape: _rng().uniform(g, shape, dt, from_, to))


def normal_(t: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    # ATen's normal_kernel: the vectorised normal_fill only for a contiguous tensor, else
    # one scalar Box-Muller draw per element in iteration order
    g, d = _gen(generator), t._data
    contiguous = _layout.is_contiguous(d)
    return _fill(t, lambda shape: _rng().normal(g, shape, d.dtype, mean, std, contiguous=contiguous))


def bernoulli_(t: Tensor, p=0.5, *, generator=None) -> Tensor:
    g, d = _gen(generator), t._data
    pd = p._data if isinstance(p, Tensor) else p
    if isinstance(pd, np.ndarray) and d.__class__ is np.ndarray and d.ndim and not _layout.is_row_major(d):
        # the probabilities walk with the tensor they fill
        order = _layout.outer_order(d)
        pd = np.broadcast_to(pd, d.shape).transpose(order)
    return _fill(t, lambda shape: _rng().bernoulli(g, pd, shape, d.dtype))


_NO_TO = object()


def random_(t: Tensor, from_=None, to=_NO_TO, *, generator=None) -> Tensor:
    if to is _NO_TO:  # ``random_(to)``; ``random_(from, None)`` draws ``[from, max]``
        from_, to = (None, None) if from_ is None else (0, from_)
    g, dt = _gen(generator), t._data.dtype
    return _fill(t, lambda shape: _rng().random_(g, shape, dt, from_, to))


def exponential_(t: Tensor, lambd: float = 1.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator), t._data.dtype
    return _fill(t, lambda shape: _rng().exponential(g, shape, dt, lambd))


def cauchy_(t: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator), t._data.dtype
    return _fill(t, lambda shape: _rng().cauchy(g, shape, dt, median, sigma))


def log_normal_(t: Tensor, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
    g, dt = _gen(generator), t._data.dtype
    return _fill(t, lambda shape: _rng().log_normal(g, shape, dt, mean, std))


def geometric_(t: Tensor, p: float, *, generator=None) -> Tensor:
    g, dt = _gen(generator), t._data.dtype
    return _fill(t, lambda shape: _rng().geometric(g, shape, dt, p))


def bernoulli(input: Tensor, p=None, *, generator=None, out=None) -> Tensor:
    """``torch.bernoulli(probs)``: 0/1 draws with the probabilities in ``input``."""
    probs = input._data if p is None else p
    arr = _rng().bernoulli(_gen(generator), probs, input._data.shape, input._data.dtype)
    res = _make(np.asarray(arr) if np.ndim(arr) else np.asarray(arr)[()])
    if out is not None:
        from ._common import write_out
        return write_out(out, res)
    return res


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator=None) -> Tensor:
    """``torch.multinomial``: indices drawn from the rows of ``input`` (int64)."""
    probs = input._data
    if probs.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not replacement and num_samples > probs.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    return _make(np.asarray(_rng().multinomial(_gen(generator), np.asarray(probs), int(num_samples), replacement)))


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, out=None, requires_grad=False) -> Tensor:
    """``torch.normal``: tensor mean/std (broadcast), or scalars with ``size``."""
    g = _gen(generator)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        md = mean._data if isinstance(mean, Tensor) else mean
        sd = std._data if isinstance(std, Tensor) else std
        dt = (mean if isinstance(mean, Tensor) else std)._data.dtype
        arr = _rng().normal_tensor(g, md, sd, dt)
    else:
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments - got (float, float), but "
                            "expected a size for scalar mean and std")
        dt = (D._default.value if dtype is None else dtype).np
        shape = tuple(size) if isinstance(size, (tuple, list)) else (int(size),)
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
    return _make(_samplers.poisson(input._data, generator))


def binomial(count: Tensor, prob: Tensor, generator=None) -> Tensor:
    """``torch.binomial``: ATen's CPU sampler on ember's stream."""
    from . import _samplers
    return _make(_samplers.binomial(count._data, prob._data, generator))


TENSOR_METHODS = {
    "uniform_": uniform_, "normal_": normal_, "bernoulli_": bernoulli_, "random_": random_,
    "exponential_": exponential_, "cauchy_": cauchy_, "log_normal_": log_normal_, "geometric_": geometric_,
    "bernoulli": bernoulli, "multinomial": multinomial,
}
