"""``torch.distributed``'s process-group API for one process (world size 1).

ember runs in a single process, so a default process group can be created
with world size 1 (``env://``, ``tcp://``, ``file://`` or a ``store``) and
every collective is what PyTorch computes for one rank: the tensor is left
as it is (``all_reduce``, ``broadcast``, ``barrier``) or copied to the one
output slot (``all_gather``, ``gather``, ``scatter``, ...).  Without a
process group the calls raise PyTorch's errors.  A world size above 1
cannot be served (PyTorch would wait for the other ranks to join).
"""
from __future__ import annotations

import enum
import os
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from .. import _tensor

_NO_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."


class Backend(str):
    """A backend name, lower-cased (``Backend("GLOO") == "gloo"``)."""

    UNDEFINED = "undefined"
    GLOO = "gloo"
    NCCL = "nccl"
    UCC = "ucc"
    MPI = "mpi"
    XCCL = "xccl"

    def __new__(cls, name: str):
        if not isinstance(name, str):
            raise ValueError("Backend constructor parameter must be string-ish")
        return str.__new__(cls, name.lower())


class RedOpType(enum.Enum):
    """``ReduceOp``'s values (printed ``RedOpType.SUM``)."""

    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4
    BAND = 5
    BOR = 6
    BXOR = 7
    PREMUL_SUM = 8
    UNUSED = 9


class ReduceOp:
    """``torch.distributed.ReduceOp``: ``ReduceOp.SUM``, ``AVG``, ``PRODUCT``, ``MIN``, ``MAX``..."""

    RedOpType = RedOpType


for _op in RedOpType:
    setattr(ReduceOp, _op.name, _op)


class Work:
    """The handle an ``async_op=True`` collective returns; the work is already done."""

    def wait(self, timeout: timedelta | None = None) -> bool:
        return True

    def is_completed(self) -> bool:
        return True

    def is_success(self) -> bool:
        return True

    def exception(self):
        return None

    def synchronize(self) -> None:
        return None

    def result(self) -> list:
        return []


class ProcessGroup:
    """A group of ranks; in ember always the single rank 0."""

    def __init__(self, backend: str = "gloo", ranks=(0,), name: str = "0") -> None:
        self._backend = Backend(backend)
        self._ranks = list(ranks)
        self._name = name

    def rank(self) -> int:
        return 0

    def size(self) -> int:
        return 1

    def name(self) -> str:
        return self._backend

    @property
    def group_name(self) -> str:
        return self._name


class GroupMember:
    """``GroupMember.WORLD`` (the default group once initialised) and ``NON_GROUP_MEMBER``."""

    WORLD = None
    NON_GROUP_MEMBER = -100


class _WorldProxy:
    """``torch.distributed.group.WORLD``: the default group, read when used."""

    @property
    def WORLD(self):
        return GroupMember.WORLD


group = _WorldProxy()

_STATE = {"backend": None, "store": None}


def is_available() -> bool:
    return True


def is_initialized() -> bool:
    """Whether ``init_process_group`` created the default group."""
    return GroupMember.WORLD is not None


def is_gloo_available() -> bool:
    return True


def is_nccl_available() -> bool:
    return False


def is_mpi_available() -> bool:
    return False


def is_ucc_available() -> bool:
    return False


def is_xccl_available() -> bool:
    return False


def is_backend_available(backend: str) -> bool:
    return backend.lower() == "gloo"


def is_torchelastic_launched() -> bool:
    return os.getenv("TORCHELASTIC_RUN_ID") is not None


def _default_group() -> ProcessGroup:
    if GroupMember.WORLD is None:
        raise ValueError(_NO_GROUP)
    return GroupMember.WORLD


def _rendezvous_error(msg: str) -> ValueError:
    return ValueError("Error initializing torch.distributed using " + msg)


def _env_rank_and_size(url: str, rank: int, world_size: int) -> tuple:
    query = {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}

    def env(name: str) -> str:
        value = os.environ.get(name)
        if not value:
            raise _rendezvous_error(f"env:// rendezvous: environment variable {name} expected, but not set")
        return value

    if rank == -1:
        rank = int(query["rank"]) if "rank" in query else int(env("RANK"))
    if world_size == -1:
        world_size = int(query["world_size"]) if "world_size" in query else int(env("WORLD_SIZE"))
    env("MASTER_ADDR")
    int(env("MASTER_PORT"))
    return rank, world_size


def _url_rank_and_size(url: str, scheme: str, rank: int, world_size: int) -> tuple:
    query = {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}
    rank = int(query.get("rank", rank))
    world_size = int(query.get("world_size", world_size))
    if rank == -1:
        raise _rendezvous_error(f"{scheme}:// rendezvous: rank parameter missing")
    if world_size == -1:
        raise _rendezvous_error(f"{scheme}:// rendezvous: world size parameter missing")
    return rank, world_size


def _check_backend(backend) -> str:
    name = "gloo" if backend is None else str(backend).lower()
    if name.startswith("cpu:"):
        name = name.split(",")[0][4:]
    if name == "mpi":
        raise RuntimeError("Distributed package doesn't have MPI built in. MPI is only included if you build "
                           "PyTorch from source on a host that has MPI installed.")
    if name in ("nccl", "xccl", "ucc"):
        raise RuntimeError(f"Distributed package doesn't have {name.upper()} built in")
    return name


def init_process_group(backend=None, init_method: str | None = None, timeout: timedelta | None = None,
                       world_size: int = -1, rank: int = -1, store=None, group_name: str = "",
                       pg_options=None, device_id=None) -> None:
    """Create the default process group (world size 1; PyTorch's argument checks and errors)."""
    if GroupMember.WORLD is not None:
        raise ValueError("trying to initialize the default process group twice!")
    if store is not None:
        if world_size <= 0:
            raise AssertionError("world_size must be positive if using store")
        if rank < 0:
            raise AssertionError("rank must be non-negative if using store")
    elif init_method is not None and init_method.startswith(("tcp://", "file://")):
        rank, world_size = _url_rank_and_size(init_method, init_method.split(":")[0], rank, world_size)
    else:
        rank, world_size = _env_rank_and_size(init_method or "env://", rank, world_size)
    name = _check_backend(backend)
    if world_size != 1 or rank != 0:
        raise RuntimeError(
            f"ember runs a single process: init_process_group supports world_size=1 and rank=0 only "
            f"(got world_size={world_size}, rank={rank})")
    _STATE["backend"] = name
    _STATE["store"] = store
    GroupMember.WORLD = ProcessGroup(name)


def destroy_process_group(group: ProcessGroup | None = None) -> None:
    """Remove the default group (PyTorch asserts when there is none)."""
    if GroupMember.WORLD is None:
        raise AssertionError("Process group cannot be None")
    if group is None or group is GroupMember.WORLD:
        GroupMember.WORLD = None
        _STATE["backend"] = None


def get_rank(group: ProcessGroup | None = None) -> int:
    _default_group()
    return 0


def get_world_size(group: ProcessGroup | None = None) -> int:
    _default_group()
    return 1


def get_backend(group: ProcessGroup | None = None) -> Backend:
    _default_group()
    return Backend(_STATE["backend"])


def get_global_rank(group: ProcessGroup, group_rank: int) -> int:
    _default_group()
    return group_rank


def get_group_rank(group: ProcessGroup, global_rank: int) -> int:
    _default_group()
    return global_rank


def get_process_group_ranks(group: ProcessGroup | None) -> list:
    _default_group()
    return [0]


def get_node_local_rank(fallback_rank: int | None = None) -> int:
    """``LOCAL_RANK`` from the environment (set by ``torchrun``), else ``fallback_rank``."""
    if "LOCAL_RANK" in os.environ:
        return int(os.environ["LOCAL_RANK"])
    if fallback_rank is not None:
        return int(fallback_rank)
    raise RuntimeError(
        "LOCAL_RANK is not in the environment. Consider passing fallback_rank to allow `get_node_local_rank` "
        "to work, assuming a single node environment.")


def new_group(ranks=None, timeout=None, backend=None, pg_options=None, use_local_synchronization=False,
              group_desc=None, device_id=None) -> ProcessGroup:
    """A sub-group; with one process it can only hold rank 0."""
    _default_group()
    return ProcessGroup(backend or _STATE["backend"], ranks or [0])


def barrier(group=None, async_op: bool = False, device_ids=None):
    _default_group()
    return Work() if async_op else None


def monitored_barrier(group=None, timeout=None, wait_all_ranks: bool = False) -> None:
    _default_group()


def _check_tensor(t, name: str) -> None:
    if not isinstance(t, _tensor.Tensor):
        raise TypeError(f"""Invalid function argument. Expected parameter `{name}` of type torch.Tensor
             but got {type(t)} instead.""")


def _check_tensor_list(tensors, name: str) -> None:
    if not isinstance(tensors, list):
        raise TypeError(f"""Invalid function argument. Expected parameter `{name}` of type List[torch.Tensor]
             but got {type(tensors)} instead.""")
    if not all(isinstance(t, _tensor.Tensor) for t in tensors):
        raise TypeError(f"""Invalid function argument. Expected parameter `{name}` of type List[torch.Tensor]
             but got {type(tensors)} with elements of type {[type(t) for t in tensors]}.""")


def _done(async_op: bool):
    return Work() if async_op else None


def _copy_into(dst, src) -> None:
    from ..autograd.grad_mode import no_grad
    with no_grad():
        dst.copy_(src.reshape(dst.shape))


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op: bool = False):
    """The reduction over one rank: ``tensor`` unchanged."""
    _check_tensor(tensor, "tensor")
    _default_group()
    return _done(async_op)


def reduce(tensor, dst: int | None = None, op=ReduceOp.SUM, group=None, async_op: bool = False,
           group_dst: int | None = None):
    _check_tensor(tensor, "tensor")
    _default_group()
    return _done(async_op)


def broadcast(tensor, src: int | None = None, group=None, async_op: bool = False, group_src: int | None = None):
    _check_tensor(tensor, "tensor")
    _default_group()
    return _done(async_op)


def all_gather(tensor_list, tensor, group=None, async_op: bool = False):
    _check_tensor_list(tensor_list, "tensor_list")
    _check_tensor(tensor, "tensor")
    _default_group()
    _copy_into(tensor_list[0], tensor)
    return _done(async_op)


def all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op: bool = False):
    _check_tensor(output_tensor, "output_tensor")
    _check_tensor(input_tensor, "input_tensor")
    _default_group()
    _copy_into(output_tensor, input_tensor)
    return _done(async_op)


def reduce_scatter(output, input_list, op=ReduceOp.SUM, group=None, async_op: bool = False):
    _check_tensor(output, "output")
    _check_tensor_list(input_list, "input_list")
    _default_group()
    _copy_into(output, input_list[0])
    return _done(async_op)


def reduce_scatter_tensor(output, input, op=ReduceOp.SUM, group=None, async_op: bool = False):
    _check_tensor(output, "output")
    _check_tensor(input, "input")
    _default_group()
    _copy_into(output, input)
    return _done(async_op)


def gather(tensor, gather_list=None, dst: int | None = None, group=None, async_op: bool = False,
           group_dst: int | None = None):
    _check_tensor(tensor, "tensor")
    _default_group()
    if gather_list:
        _copy_into(gather_list[0], tensor)
    return _done(async_op)


def scatter(tensor, scatter_list=None, src: int | None = None, group=None, async_op: bool = False,
            group_src: int | None = None):
    _check_tensor(tensor, "tensor")
    _default_group()
    if scatter_list:
        _copy_into(tensor, scatter_list[0])
    return _done(async_op)


def all_to_all(output_tensor_list, input_tensor_list, group=None, async_op: bool = False):
    _check_tensor_list(output_tensor_list, "output_tensor_list")
    _check_tensor_list(input_tensor_list, "input_tensor_list")
    _default_group()
    _copy_into(output_tensor_list[0], input_tensor_list[0])
    return _done(async_op)


def all_to_all_single(output, input, output_split_sizes=None, input_split_sizes=None, group=None,
                      async_op: bool = False):
    _check_tensor(output, "output")
    _check_tensor(input, "input")
    _default_group()
    _copy_into(output, input)
    return _done(async_op)


def all_gather_object(object_list, obj, group=None) -> None:
    _default_group()
    object_list[0] = obj


def gather_object(obj, object_gather_list=None, dst: int | None = None, group=None,
                  group_dst: int | None = None) -> None:
    _default_group()
    if object_gather_list is not None:
        object_gather_list[0] = obj


def broadcast_object_list(object_list, src: int | None = None, group=None, device=None,
                          group_src: int | None = None) -> None:
    _default_group()


def scatter_object_list(scatter_object_output_list, scatter_object_input_list=None, src: int | None = None,
                        group=None, group_src: int | None = None) -> None:
    _default_group()
    scatter_object_output_list[0] = scatter_object_input_list[0]


def _self_peer_error(kind: str) -> ValueError:
    return ValueError(f"Invalid {kind} rank: should not be the same as the rank of the current process.")


def send(tensor, dst: int | None = None, group=None, tag: int = 0, group_dst: int | None = None) -> None:
    _default_group()
    raise _self_peer_error("destination")


def recv(tensor, src: int | None = None, group=None, tag: int = 0, group_src: int | None = None) -> int:
    _default_group()
    raise _self_peer_error("source")


def isend(tensor, dst: int | None = None, group=None, tag: int = 0, group_dst: int | None = None):
    _default_group()
    raise _self_peer_error("destination")


def irecv(tensor, src: int | None = None, group=None, tag: int = 0, group_src: int | None = None):
    _default_group()
    raise _self_peer_error("source")
