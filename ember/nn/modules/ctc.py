"""``nn.CTCLoss``: the module form of ``F.ctc_loss`` (PyTorch 2.13)."""
from __future__ import annotations

from ..._tensor import Tensor
from .._functional.ctc import ctc_loss
from .loss import _Loss

__all__ = ["CTCLoss"]


class CTCLoss(_Loss):
    """Connectionist Temporal Classification loss, as ``torch.nn.CTCLoss``.

    Stores ``reduction``, ``blank`` and ``zero_infinity`` (in that order, like PyTorch's
    ``__dict__``) and forwards to ``F.ctc_loss``; its repr is ``CTCLoss()``.
    """

    __constants__ = ["blank", "reduction"]
    blank: int
    zero_infinity: bool

    def __init__(self, blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> None:
        super().__init__(reduction=reduction)
        self.blank = blank
        self.zero_infinity = zero_infinity

    def forward(self, log_probs: Tensor, targets: Tensor, input_lengths, target_lengths) -> Tensor:
        return ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
                        self.zero_infinity)
