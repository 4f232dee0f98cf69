"""``torch.optim.SparseAdam``: Adam for sparse gradients.

ember has no sparse tensor layout, so every gradient it produces is dense.
The class mirrors PyTorch's construction checks, ``repr`` and state dicts; its
``step`` raises PyTorch's error for dense gradients, which is what PyTorch does
for any gradient that is not sparse.
"""
from __future__ import annotations

from .._tensor import Tensor
from .optimizer import Optimizer, _eval_closure

__all__ = ["SparseAdam"]


class SparseAdam(Optimizer):
    """Implements the lazy Adam variant meant for sparse gradients."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 maximize: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 < lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        defaults = {"lr": lr, "betas": betas, "eps": eps, "maximize": maximize}
        super().__init__(params, defaults)
        self._check_dense_real_params()

    def _check_dense_real_params(self) -> None:
        """PyTorch rejects sparse and complex parameters, listing [group, index] pairs."""
        complex_params = []
        for group_index, group in enumerate(self.param_groups):
            for param_index, param in enumerate(group["params"]):
                if param.is_complex():
                    complex_params.append([group_index, param_index])
        if complex_params:
            raise ValueError(
                f"Complex params at indices {complex_params}: SparseAdam does not support complex parameters"
            )

    def step(self, closure=None):
        """Evaluate the closure, then reject the (always dense) gradients as PyTorch does."""
        loss = _eval_closure(closure)
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead")
        return loss
