"""``torch.utils.data.distributed``: ``DistributedSampler``.

ember runs in one process and has no process group, so ``num_replicas`` and
``rank`` must be given explicitly; leaving either out raises the error PyTorch
raises when no process group has been initialised.
"""
from __future__ import annotations

import math
from typing import Iterator, Optional

from .sampler import Sampler, _randperm_list, _new_generator

__all__ = ["DistributedSampler"]

_NO_PROCESS_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."


class DistributedSampler(Sampler[int]):
    """Restricts sampling to the ``rank``-th of ``num_replicas`` interleaved shards of a dataset.

    Mirrors PyTorch: with ``shuffle`` the order is ``randperm`` under a generator
    seeded with ``seed + epoch``; without ``drop_last`` the index list is padded
    by repeating its head so every replica gets ``ceil(len / num_replicas)`` samples.
    """

    def __init__(self, dataset, num_replicas: Optional[int] = None, rank: Optional[int] = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False) -> None:
        if num_replicas is None or rank is None:  # from the default process group (errors without one)
            from ... import distributed as dist
            num_replicas = dist.get_world_size() if num_replicas is None else num_replicas
            rank = dist.get_rank() if rank is None else rank
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        if self.drop_last and len(self.dataset) % self.num_replicas != 0:
            self.num_samples = math.ceil((len(self.dataset) - self.num_replicas) / self.num_replicas)
        else:
            self.num_samples = math.ceil(len(self.dataset) / self.num_replicas)
        self.total_size = self.num_samples * self.num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def _all_indices(self) -> list:
        """Every index, shuffled per (seed, epoch) when asked, then padded or trimmed to ``total_size``."""
        if self.shuffle:
            indices = _randperm_list(len(self.dataset), _new_generator(self.seed + self.epoch))
        else:
            indices = list(range(len(self.dataset)))
        if self.drop_last:
            return indices[:self.total_size]
        padding_size = self.total_size - len(indices)
        if padding_size <= len(indices):
            return indices + indices[:padding_size]
        return indices + (indices * math.ceil(padding_size / len(indices)))[:padding_size]

    def __iter__(self) -> Iterator[int]:
        indices = self._all_indices()
        if len(indices) != self.total_size:
            raise AssertionError(f"Number of indices ({len(indices)}) does not match total_size ({self.total_size})")
        indices = indices[self.rank:self.total_size:self.num_replicas]
        if len(indices) != self.num_samples:
            raise AssertionError(
                f"Number of subsampled indices ({len(indices)}) does not match num_samples ({self.num_samples})")
        return iter(indices)

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Set the epoch, which reseeds the shuffle so each epoch sees a different order."""
        self.epoch = epoch
