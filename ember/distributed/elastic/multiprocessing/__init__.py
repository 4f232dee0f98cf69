"""``torch.distributed.elastic.multiprocessing``: ``errors.record`` for ``torchrun`` entry points."""
from . import errors  # noqa: F401
