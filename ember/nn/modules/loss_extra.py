"""``TripletMarginWithDistanceLoss`` (mirrors ``torch.nn.TripletMarginWithDistanceLoss``)."""
from __future__ import annotations

from typing import Callable, Optional

from ..._tensor import Tensor
from .._functional.extra import triplet_margin_with_distance_loss
from .distance import PairwiseDistance
from .loss import _Loss

__all__ = ["TripletMarginWithDistanceLoss"]


class TripletMarginWithDistanceLoss(_Loss):
    """Triplet loss with a custom ``distance_function`` (default: a ``PairwiseDistance()`` submodule).

    As in PyTorch, a module distance shows up in the repr as ``(distance_function): ...``.
    """

    __constants__ = ["margin", "swap", "reduction"]

    def __init__(self, *, distance_function: Optional[Callable[[Tensor, Tensor], Tensor]] = None,
                 margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(size_average=None, reduce=None, reduction=reduction)
        if margin <= 0:
            raise ValueError(
                f"TripletMarginWithDistanceLoss: expected margin to be greater than 0, got {margin} instead"
            )
        self.distance_function = distance_function if distance_function is not None else PairwiseDistance()
        self.margin = margin
        self.swap = swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        return triplet_margin_with_distance_loss(anchor, positive, negative,
                                                 distance_function=self.distance_function, margin=self.margin,
                                                 swap=self.swap, reduction=self.reduction)
