"""``torch.distributed.elastic``: the parts single-process scripts import (``multiprocessing.errors``)."""
