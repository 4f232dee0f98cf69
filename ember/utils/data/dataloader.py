"""``torch.utils.data.DataLoader``: batches samples of a dataset.

Loading always runs in the calling process.  With ``num_workers > 0`` the
workers are emulated in-process with PyTorch's observable behaviour: batch
``k`` is produced by worker ``k % num_workers`` (round robin over the workers
still running, for iterable datasets), inside that worker's own random state
(``torch``, ``random`` and ``numpy`` seeded as PyTorch seeds its workers:
``base_seed + worker_id``), with :func:`get_worker_info` describing the worker
and ``worker_init_fn`` run once per worker.  So data, shuffles and random
augmentations come out as with PyTorch's worker processes (datasets are not
copied per worker, though).
"""
from __future__ import annotations

import itertools
import os
import random as _pyrandom
import traceback
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Generic, Optional, TypeVar

import numpy as np

from ._collate import default_collate, default_convert
from .dataset import IterableDataset, Subset, TensorDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler, _random_int64

__all__ = ["DataLoader", "get_worker_info", "default_collate", "default_convert"]


# ----------------------------------------------------------------------------- workers
@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """What :func:`get_worker_info` returns inside a (emulated) worker.

    A frozen dataclass as in PyTorch 2.13: assigning a field raises
    ``dataclasses.FrozenInstanceError``.
    """

    id: int
    num_workers: int
    seed: int
    dataset: Any
    rng: Any = None
    worker_method: Optional[str] = "multiprocessing"


_worker_info: Optional[WorkerInfo] = None


def get_worker_info() -> Optional[WorkerInfo]:
    """Information about the current ``DataLoader`` worker, or ``None`` in the main process."""
    return _worker_info


def _generate_state(base_seed: int, worker_id: int) -> list:
    """The NumPy seed PyTorch's workers use (``torch.utils.data._utils.worker._generate_state``)."""
    INIT_A = 0x43B0D7E5
    MULT_A = 0x931E8875
    INIT_B = 0x8B51F9DD
    MULT_B = 0x58F38DED
    MIX_MULT_L = 0xCA01F9DD
    MIX_MULT_R = 0x4973F715
    XSHIFT = 4 * 8 // 2
    MASK32 = 0xFFFFFFFF

    entropy = [worker_id, base_seed & MASK32, base_seed >> 32, 0]
    pool = [0] * 4
    hash_const_A = INIT_A

    def hash(value):
        nonlocal hash_const_A
        value = (value ^ hash_const_A) & MASK32
        hash_const_A = (hash_const_A * MULT_A) & MASK32
        value = (value * hash_const_A) & MASK32
        value = (value ^ (value >> XSHIFT)) & MASK32
        return value

    def mix(x, y):
        result_x = (MIX_MULT_L * x) & MASK32
        result_y = (MIX_MULT_R * y) & MASK32
        result = (result_x - result_y) & MASK32
        result = (result ^ (result >> XSHIFT)) & MASK32
        return result

    for i in range(len(pool)):
        pool[i] = hash(entropy[i])
    for i_src in range(len(pool)):
        for i_dst in range(len(pool)):
            if i_src != i_dst:
                pool[i_dst] = mix(pool[i_dst], hash(pool[i_src]))

    hash_const_B = INIT_B
    state = []
    for i_dst in range(4):
        data_val = pool[i_dst]
        data_val = (data_val ^ hash_const_B) & MASK32
        hash_const_B = (hash_const_B * MULT_B) & MASK32
        data_val = (data_val * hash_const_B) & MASK32
        data_val = (data_val ^ (data_val >> XSHIFT)) & MASK32
        state.append(data_val)
    return state


class _WorkerContext:
    """One emulated worker: its random states and ``WorkerInfo``; ``with ctx:`` runs code "in" it."""

    def __init__(self, worker_id: int, num_workers: int, base_seed: int, dataset) -> None:
        from ... import _rng
        seed = base_seed + worker_id
        self.info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
        self.torch_state = _rng.Generator(seed).get_state()
        py = _pyrandom.Random()
        py.seed(seed)
        self.py_state = py.getstate()
        rs = np.random.RandomState()
        rs.seed(_generate_state(base_seed, worker_id))
        self.np_state = rs.get_state()
        self._saved = None

    def __enter__(self) -> "_WorkerContext":
        global _worker_info
        from ... import _rng
        gen = _rng.default_generator
        self._saved = (gen.get_state(), _pyrandom.getstate(), np.random.get_state(), _worker_info)
        gen.set_state(self.torch_state)
        _pyrandom.setstate(self.py_state)
        np.random.set_state(self.np_state)
        _worker_info = self.info
        return self

    def __exit__(self, *exc) -> None:
        global _worker_info
        from ... import _rng
        gen = _rng.default_generator
        self.torch_state = gen.get_state()
        self.py_state = _pyrandom.getstate()
        self.np_state = np.random.get_state()
        torch_state, py_state, np_state, info = self._saved
        gen.set_state(torch_state)
        _pyrandom.setstate(py_state)
        np.random.set_state(np_state)
        _worker_info = info
        self._saved = None


# ----------------------------------------------------------------------------- fetchers
class _DatasetKind:
    Map = 0
    Iterable = 1

    @staticmethod
    def create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last):
        if kind == _DatasetKind.Map:
            return _MapDatasetFetcher(dataset, auto_collation, collate_fn, drop_last)
        return _IterableDatasetFetcher(dataset, auto_collation, collate_fn, drop_last)


class _InfiniteConstantSampler(Sampler):
    """Yields ``None`` forever (the index "sampler" of iterable datasets)."""

    def __iter__(self):
        while True:
            yield None


class _BaseDatasetFetcher:
    def __init__(self, dataset, auto_collation, collate_fn, drop_last) -> None:
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last

    def fetch(self, possibly_batched_index):
        raise NotImplementedError


class _IterableDatasetFetcher(_BaseDatasetFetcher):
    def __init__(self, dataset, auto_collation, collate_fn, drop_last) -> None:
        super().__init__(dataset, auto_collation, collate_fn, drop_last)
        self.dataset_iter = iter(dataset)
        self.ended = False

    def fetch(self, possibly_batched_index):
        if self.ended:
            raise StopIteration
        if self.auto_collation:
            data = []
            for _ in possibly_batched_index:
                try:
                    data.append(next(self.dataset_iter))
                except StopIteration:
                    self.ended = True
                    break
            if len(data) == 0 or (self.drop_last and len(data) < len(possibly_batched_index)):
                raise StopIteration
        else:
            data = next(self.dataset_iter)
        return self.collate_fn(data)


def _tensor_dataset_gather(dataset, indices):
    """Fast ``default_collate([dataset[i] for i in indices])`` for (Subsets of) ``TensorDataset``s.

    Returns ``None`` when the fast path does not apply (custom subclasses,
    tensors that require grad, non-CPU storage).
    """
    while type(dataset) is Subset:
        idx = dataset.indices
        try:
            indices = [idx[i] for i in indices]
        except (TypeError, IndexError):
            return None
        dataset = dataset.dataset
    if type(dataset) is not TensorDataset:
        return None
    from ..._tensor import _make
    tensors = dataset.tensors
    for t in tensors:
        if t._rg or t._data.__class__ is not np.ndarray:
            return None
    n = len(dataset)
    for i in indices:
        if not isinstance(i, int) or not -n <= i < n:
            return None
    sel = np.asarray(indices, dtype=np.intp)
    return [_make(t._data[sel]) for t in tensors]


class _MapDatasetFetcher(_BaseDatasetFetcher):
    def fetch(self, possibly_batched_index):
        if self.auto_collation:
            if self.collate_fn is default_collate and possibly_batched_index:
                fast = _tensor_dataset_gather(self.dataset, possibly_batched_index)
                if fast is not None:
                    return fast
            if hasattr(self.dataset, "__getitems__") and self.dataset.__getitems__:
                data = self.dataset.__getitems__(possibly_batched_index)
            else:
                data = [self.dataset[idx] for idx in possibly_batched_index]
        else:
            data = self.dataset[possibly_batched_index]
        return self.collate_fn(data)


# ----------------------------------------------------------------------------- DataLoader
_T_co = TypeVar("_T_co", covariant=True)


class DataLoader(Generic[_T_co]):
    """Iterate over a dataset in batches (``torch.utils.data.DataLoader``).

    Supports map-style and iterable-style datasets, ``batch_size``, ``shuffle``
    (optionally with a ``generator``), ``sampler``, ``batch_sampler``,
    ``drop_last``, ``collate_fn``; ``num_workers`` is emulated in-process and
    ``pin_memory`` is accepted.
    """

    __initialized = False

    def __init__(self, dataset, batch_size: Optional[int] = 1, shuffle: Optional[bool] = None, sampler=None,
                 batch_sampler=None, num_workers: int = 0, collate_fn: Optional[Callable] = None,
                 pin_memory: bool = False, drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Optional[Callable] = None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor: Optional[int] = None, persistent_workers: bool = False,
                 pin_memory_device: str = "", in_order: bool = True) -> None:
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None."
            )
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            self._dataset_kind = _DatasetKind.Iterable
            if shuffle not in {False, None}:
                raise ValueError(
                    f"DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle={shuffle}"
                )
            elif sampler is not None:
                raise ValueError(
                    f"DataLoader with IterableDataset: expected unspecified sampler option, but got sampler={sampler}"
                )
            elif batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified "
                    f"batch_sampler option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
            self._dataset_kind = _DatasetKind.Map

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")

        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None:
            if drop_last:
                raise ValueError(
                    "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"
                )

        if sampler is None:
            if self._dataset_kind == _DatasetKind.Iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)

        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator

        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert

        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers

        self.__initialized = True
        self._IterableDataset_len_called = None
        self._iterator = None

        self.check_worker_number_rationality()

    def _get_iterator(self) -> "_BaseDataLoaderIter":
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        self.check_worker_number_rationality()
        return _MultiProcessingDataLoaderIter(self)

    @property
    def multiprocessing_context(self):
        return self.__multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, multiprocessing_context) -> None:
        if multiprocessing_context is not None:
            if self.num_workers > 0:
                if isinstance(multiprocessing_context, str):
                    import multiprocessing
                    valid_start_methods = multiprocessing.get_all_start_methods()
                    if multiprocessing_context not in valid_start_methods:
                        raise ValueError(
                            "multiprocessing_context option "
                            f"should specify a valid start method in {valid_start_methods!r}, but got "
                            f"multiprocessing_context={multiprocessing_context!r}"
                        )
                    multiprocessing_context = multiprocessing.get_context(multiprocessing_context)
            else:
                raise ValueError(
                    "multiprocessing_context can only be used with "
                    "multi-process loading (num_workers > 0), but got "
                    f"num_workers={self.num_workers}"
                )
        self.__multiprocessing_context = multiprocessing_context

    def __setattr__(self, attr, val) -> None:
        if self.__initialized and attr in (
            "batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers",
        ):
            raise ValueError(f"{attr} attribute should not be set after {self.__class__.__name__} is initialized")
        super().__setattr__(attr, val)

    def __iter__(self) -> "_BaseDataLoaderIter":
        if self.persistent_workers and self.num_workers > 0:
            if self._iterator is None:
                self._iterator = self._get_iterator()
            else:
                self._iterator._reset(self)
            return self._iterator
        return self._get_iterator()

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        if self._auto_collation:
            return self.batch_sampler
        return self.sampler

    def __len__(self) -> int:
        if self._dataset_kind == _DatasetKind.Iterable:
            length = self._IterableDataset_len_called = len(self.dataset)
            if self.batch_size is not None:
                from math import ceil
                if self.drop_last:
                    length = length // self.batch_size
                else:
                    length = ceil(length / self.batch_size)
            return length
        return len(self._index_sampler)

    def check_worker_number_rationality(self) -> None:
        if not self.num_workers or self.num_workers == 0:
            return
        max_num_worker_suggest = None
        cpuset_checked = False
        if hasattr(os, "sched_getaffinity"):
            try:
                max_num_worker_suggest = len(os.sched_getaffinity(0))
                cpuset_checked = True
            except Exception:
                pass
        if max_num_worker_suggest is None:
            max_num_worker_suggest = os.cpu_count()
        if max_num_worker_suggest is None or self.num_workers > max_num_worker_suggest:
            if max_num_worker_suggest is not None:
                suggested = (
                    "Our suggested max number of worker in current system is {}{}, which is smaller "
                    "than what this DataLoader is going to create."
                ).format(max_num_worker_suggest, "" if cpuset_checked else " (`cpuset` is not taken into account)")
            else:
                suggested = "DataLoader is not able to compute a suggested max number of worker in current system."
            warnings.warn(
                f"This DataLoader will create {self.num_workers} worker processes in total. {suggested} "
                "Please be aware that excessive worker creation might get DataLoader running slow or even freeze, "
                "lower the worker number to avoid potential slowness/freeze if necessary.",
                stacklevel=2,
            )


class _BaseDataLoaderIter:
    def __init__(self, loader: DataLoader) -> None:
        self._dataset = loader.dataset
        self._shared_seed = None
        self._pg = None
        self._dataset_kind = loader._dataset_kind
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        self._world_size, self._rank = 1, 0
        if loader.pin_memory and loader.pin_memory_device:
            warnings.warn(
                "pin_memory_device is deprecated, the current accelerator will be used as the device,"
                f"ignore pin_memory_device='{loader.pin_memory_device}'.",
                stacklevel=2,
            )
        from ...backend.device import cuda_available
        if loader.pin_memory and not cuda_available():
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, "
                "then device pinned memory won't be used.",
                stacklevel=2,
            )
        self._pin_memory = False  # pinned host memory has no meaning for NumPy storage
        self._timeout = loader.timeout
        self._collate_fn = loader.collate_fn
        self._sampler_iter = iter(self._index_sampler)
        self._base_seed = _random_int64(loader.generator)
        self._persistent_workers = loader.persistent_workers
        self._num_yielded = 0
        self._profile_name = f"enumerate(DataLoader)#{self.__class__.__name__}.__next__"

    def __iter__(self) -> "_BaseDataLoaderIter":
        return self

    def _reset(self, loader, first_iter: bool = False) -> None:
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called

    def _next_index(self):
        return next(self._sampler_iter)

    def _next_data(self):
        raise NotImplementedError

    def __next__(self) -> Any:
        if self._sampler_iter is None:
            self._reset()  # type: ignore[call-arg]
        data = self._next_data()
        self._num_yielded += 1
        if (
            self._dataset_kind == _DatasetKind.Iterable
            and self._IterableDataset_len_called is not None
            and self._num_yielded > self._IterableDataset_len_called
        ):
            warn_msg = (
                f"Length of IterableDataset {self._dataset} was reported to be {self._IterableDataset_len_called}"
                f"(when accessing len(dataloader)), but {self._num_yielded} samples have been fetched. "
            )
            if self._num_workers > 0:
                warn_msg += (
                    "For multiprocessing data-loading, this could be caused by not properly configuring the "
                    "IterableDataset replica at each worker. Please see "
                    "https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset for examples."
                )
            warnings.warn(warn_msg, stacklevel=2)
        return data

    def __len__(self) -> int:
        return len(self._index_sampler)

    def __getstate__(self):
        raise NotImplementedError("{} cannot be pickled", self.__class__.__name__)


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    def __init__(self, loader: DataLoader) -> None:
        super().__init__(loader)
        if self._timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        if self._num_workers != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires num_workers == 0")
        self._dataset_fetcher = _DatasetKind.create_fetcher(
            self._dataset_kind, self._dataset, self._auto_collation, self._collate_fn, self._drop_last
        )

    def _next_data(self):
        index = self._next_index()
        return self._dataset_fetcher.fetch(index)


class _MultiProcessingDataLoaderIter(_BaseDataLoaderIter):
    """``num_workers > 0`` emulated in-process (see the module docstring).

    Named like PyTorch's multi-process iterator, whose batches and worker seeds it reproduces.
    """

    def __init__(self, loader: DataLoader) -> None:
        super().__init__(loader)
        self._prefetch_factor = loader.prefetch_factor
        self._worker_init_fn = loader.worker_init_fn
        self._workers = [
            _WorkerContext(i, self._num_workers, self._base_seed, self._dataset) for i in range(self._num_workers)
        ]
        self._fetchers: list = [None] * self._num_workers
        # A worker whose start-up (worker_init_fn, fetcher) fails reports the failure with its
        # first batch, as PyTorch's worker loop does.
        self._init_failures: list = [None] * self._num_workers
        for i, ctx in enumerate(self._workers):
            try:
                with ctx:
                    if self._worker_init_fn is not None:
                        self._worker_init_fn(i)
                    self._fetchers[i] = self._make_fetcher()
            except Exception as e:  # noqa: BLE001 - re-raised, wrapped, at the worker's first batch
                self._init_failures[i] = _worker_exception(e, f"in DataLoader worker process {i}")
        self._reset(loader, first_iter=True)

    def _make_fetcher(self):
        return _DatasetKind.create_fetcher(
            self._dataset_kind, self._dataset, self._auto_collation, self._collate_fn, self._drop_last
        )

    def _reset(self, loader, first_iter: bool = False) -> None:
        super()._reset(loader, first_iter)
        self._worker_cycle = itertools.cycle(range(self._num_workers))
        self._workers_status = [True] * self._num_workers
        if not first_iter:
            # ``_ResumeIteration``: each (persistent) worker rebuilds its fetcher.
            for i, ctx in enumerate(self._workers):
                with ctx:
                    self._fetchers[i] = self._make_fetcher()
        # PyTorch hands ``prefetch_factor * num_workers`` indices out right away.
        self._pending = []
        for _ in range(self._prefetch_factor * self._num_workers):
            if not self._put_index():
                break

    def _put_index(self) -> bool:
        try:
            index = self._next_index()
        except StopIteration:
            return False
        for _ in range(self._num_workers):
            worker_id = next(self._worker_cycle)
            if self._workers_status[worker_id]:
                break
        else:
            return False
        self._pending.append((worker_id, index))
        return True

    def _next_data(self):
        while True:
            if not self._pending:
                if not self._put_index():
                    raise StopIteration
            worker_id, index = self._pending.pop(0)
            if not self._workers_status[worker_id]:
                continue
            failure = self._init_failures[worker_id]
            if failure is not None:
                self._init_failures[worker_id] = None
                self._put_index()
                raise failure
            try:
                with self._workers[worker_id]:
                    data = self._fetchers[worker_id].fetch(index)
            except StopIteration:
                if self._dataset_kind == _DatasetKind.Iterable:
                    self._workers_status[worker_id] = False
                    self._put_index()
                    continue
                raise
            except Exception as e:  # noqa: BLE001 - a worker reports any failure to the main process
                failure = _worker_exception(e, f"in DataLoader worker process {worker_id}")
            if failure is not None:
                raise failure from None
            self._put_index()
            return data


class _KeyErrorMessage(str):
    """A message that prints without the quotes ``KeyError`` adds (PyTorch's ``KeyErrorMessage``)."""

    def __repr__(self) -> str:
        return self


def _worker_exception(error: BaseException, where: str) -> BaseException:
    """The exception PyTorch re-raises in the main process for a worker failure.

    Same type, message ``Caught <Type> <where>.`` followed by the worker's original
    traceback (PyTorch's ``ExceptionWrapper.reraise``); a ``RuntimeError`` when the type
    cannot be built from one string.
    """
    exc_type = type(error)
    original = "".join(traceback.format_exception(exc_type, error, error.__traceback__))
    msg = f"Caught {exc_type.__name__} {where}.\nOriginal {original}"
    if exc_type is KeyError:
        msg = _KeyErrorMessage(msg)
    elif getattr(exc_type, "message", None):
        return exc_type(message=msg)
    try:
        return exc_type(msg)
    except Exception:  # noqa: BLE001 - PyTorch falls back to RuntimeError
        return RuntimeError(msg)


_InProcessWorkersDataLoaderIter = _MultiProcessingDataLoaderIter  # the name earlier ember versions used
