"""``ChannelShuffle`` (mirrors ``torch.nn.modules.channelshuffle``)."""
from __future__ import annotations

from ..._tensor import Tensor
from .._functional.extra import channel_shuffle
from .module import Module

__all__ = ["ChannelShuffle"]


class ChannelShuffle(Module):
    """``torch.nn.ChannelShuffle``: ``F.channel_shuffle(input, groups)``; ``groups`` is checked at call time."""

    __constants__ = ["groups"]

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:
        return channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
