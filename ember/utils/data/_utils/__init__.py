"""``torch.utils.data._utils``: the collate helpers' home in PyTorch (``_utils.collate``)."""
from . import collate

__all__ = ["collate"]
