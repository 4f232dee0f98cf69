"""``torch.distributed`` for a single process (see ``distributed_c10d``).

``is_available()`` is True as on PyTorch's CPU build; a default group of
world size 1 can be created with the ``gloo`` backend and every collective
acts as it does on one rank.
"""

from datetime import timedelta

from ._store import FileStore, HashStore, PrefixStore, Store, TCPStore
from .distributed_c10d import (
    Backend, GroupMember, ProcessGroup, ReduceOp, Work, all_gather, all_gather_into_tensor, all_gather_object,
    all_reduce, all_to_all, all_to_all_single, barrier, broadcast, broadcast_object_list, destroy_process_group,
    gather, gather_object, get_backend, get_global_rank, get_group_rank, get_node_local_rank,
    get_process_group_ranks, get_rank, get_world_size, group, init_process_group, irecv, is_available,
    is_backend_available, is_gloo_available, is_initialized, is_mpi_available, is_nccl_available,
    is_torchelastic_launched, is_ucc_available, is_xccl_available, isend, monitored_barrier, new_group, recv,
    reduce, reduce_scatter, reduce_scatter_tensor, scatter, scatter_object_list, send,
)

default_pg_timeout = timedelta(seconds=1800)


class DistError(RuntimeError):
    """``torch.distributed.DistError``."""


class DistBackendError(DistError):
    """``torch.distributed.DistBackendError``."""


class DistNetworkError(DistError):
    """``torch.distributed.DistNetworkError``."""


class DistStoreError(DistError):
    """``torch.distributed.DistStoreError``."""
