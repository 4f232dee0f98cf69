"""``torch.utils.dlpack``: zero-copy tensor exchange through DLPack capsules."""
from .._dlpack import DLDeviceType, from_dlpack, to_dlpack

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]
