"""Samplers: which dataset indices a ``DataLoader`` visits, and in what order.

Random samplers draw from ember's PyTorch-identical generators exactly as
PyTorch does (``RandomSampler`` seeds a private generator from one int64 draw
of the global generator per pass, then uses ``randperm``), so shuffles after
``manual_seed`` match PyTorch's.
"""
from __future__ import annotations

import itertools
from typing import Generic, Iterator, Sequence, Sized, TypeVar

import numpy as np

__all__ = ["BatchSampler", "RandomSampler", "Sampler", "SequentialSampler", "SubsetRandomSampler",
           "WeightedRandomSampler"]

_T_co = TypeVar("_T_co", covariant=True)


def _rng():
    from ... import _rng
    return _rng


def _impl(generator):
    """The ``ember._rng.Generator`` behind ``generator`` (``None``: the global one)."""
    if generator is None:
        return _rng().default_generator
    return getattr(generator, "_impl", generator)


def _is_bad_generator(generator) -> bool:
    """True for a ``generator`` that is neither None nor a ``torch.Generator`` (say a seed, ``generator=42``):
    PyTorch hands it to a public random op whose argument parser rejects it."""
    from ...ops.creation import _is_generator
    return generator is not None and not _is_generator(generator)


def _random_int64(generator=None) -> int:
    """``int(torch.empty((), dtype=torch.int64).random_(generator=generator).item())``."""
    if _is_bad_generator(generator):
        from ...ops.creation import empty
        empty((), dtype=_int64()).random_(generator=generator)   # raises random_()'s parser error
    return int(_rng().random_(_impl(generator), (), np.int64))


def _randperm_list(n: int, generator=None) -> list:
    """``torch.randperm(n, generator=generator).tolist()`` (an ``n`` that is not an ``int``, or a generator that
    is not a ``torch.Generator``, goes through the public op for its argument checks: ``random_split`` with float
    lengths summing to the dataset size fails in ``randperm()``'s parser, as in PyTorch)."""
    if n.__class__ is not int or _is_bad_generator(generator):
        from ...ops.creation import randperm
        return randperm(n, generator=generator).tolist()
    return _rng().randperm(_impl(generator), n, np.int64).tolist()


def _int64():
    from ... import _dtype as D
    return D.int64


def _raise_randint_generator_error(generator) -> None:
    """``torch.randint(high=n, size=(32,), dtype=torch.int64, generator=generator)`` with a bad generator:
    the parser lists the keywords in reverse call order, each followed by ``, ``."""
    from ...ops.creation import _invalid_combination, _tp_name
    raise _invalid_combination(
        "randint", f"generator={_tp_name(generator)}, dtype=torch.dtype, size=tuple, high=int, ")


def _new_generator(seed: int):
    from ..._rng_api import Generator
    g = Generator()
    g.manual_seed(seed)
    return g


class Sampler(Generic[_T_co]):
    """Base class for samplers: ``__iter__`` yields indices (or lists of indices)."""

    def __iter__(self) -> Iterator[_T_co]:
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """Indices ``0 .. len(data_source) - 1`` in order."""

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler[int]):
    """Random order (a permutation per pass), or ``num_samples`` draws with replacement."""

    def __init__(self, data_source: Sized, replacement: bool = False, num_samples=None, generator=None) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator

        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={self.replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={self.num_samples}"
            )

    @property
    def num_samples(self) -> int:
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        if self.generator is None:
            seed = _random_int64()
            generator = _new_generator(seed)
        else:
            generator = self.generator
        if _is_bad_generator(generator):
            if self.replacement:
                _raise_randint_generator_error(generator)
            _randperm_list(n, generator)
        g = _impl(generator)
        rng = _rng()
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from rng.randint(g, 0, n, (32,), np.int64).tolist()
            yield from rng.randint(g, 0, n, (self.num_samples % 32,), np.int64).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from rng.randperm(g, n, np.int64).tolist()
            yield from rng.randperm(g, n, np.int64).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given indices in random order (a fresh permutation each pass)."""

    def __init__(self, indices: Sequence[int], generator=None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        for i in _randperm_list(len(self.indices), self.generator):
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """``num_samples`` indices drawn with probabilities proportional to ``weights``."""

    def __init__(self, weights: Sequence[float], num_samples: int, replacement: bool = True,
                 generator=None) -> None:
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        from ...ops.creation import as_tensor
        from ... import _dtype as D
        weights_tensor = as_tensor(weights, dtype=D.float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError(
                f"weights should be a 1d sequence but given weights have shape {tuple(weights_tensor.shape)}"
            )
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        from ...backend.device import to_numpy
        if _is_bad_generator(self.generator):
            from ...ops.random_ops import multinomial
            multinomial(self.weights, self.num_samples, self.replacement, generator=self.generator)
        probs = np.asarray(to_numpy(self.weights._data), dtype=np.float64)
        rand = _rng().multinomial(_impl(self.generator), probs, self.num_samples, self.replacement)
        yield from iter(np.asarray(rand).tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler[list]):
    """Group the indices of ``sampler`` into lists of ``batch_size`` (the last may be short unless ``drop_last``)."""

    def __init__(self, sampler, batch_size: int, drop_last: bool) -> None:
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list]:
        sampler_iter = iter(self.sampler)
        if self.drop_last:
            args = [sampler_iter] * self.batch_size
            for batch_droplast in zip(*args):
                yield [*batch_droplast]
        else:
            batch = [*itertools.islice(sampler_iter, self.batch_size)]
            while batch:
                yield batch
                batch = [*itertools.islice(sampler_iter, self.batch_size)]

    def __len__(self) -> int:
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
