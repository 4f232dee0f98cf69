"""``torch.optim.SparseAdam``: Adam for sparse gradients.

Its ``step`` updates only the rows a sparse COO gradient touches (e.g. from
``nn.Embedding(sparse=True)``; see ember/sparse/_optim.py) and raises
PyTorch's error for dense gradients.
"""
from __future__ import annotations

import numpy as np

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
        """Lazy Adam on the rows each sparse gradient touches (PyTorch's ``_functional.sparse_adam``)."""
        from .._tensor import _make
        from ..autograd.grad_mode import no_grad
        from ..sparse._optim import is_sparse_grad, sparse_adam_step
        loss = _eval_closure(closure)
        with no_grad():
            for group in self.param_groups:
                beta1, beta2 = group["betas"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad._data
                    if not is_sparse_grad(g):
                        raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead")
                    state = self.state[p]
                    if len(state) == 0:
                        state["step"] = 0
                        state["exp_avg"] = _make(np.zeros_like(p._materialize()))
                        state["exp_avg_sq"] = _make(np.zeros_like(p._materialize()))
                    state["step"] += 1
                    sparse_adam_step(p._materialize(), g, state["exp_avg"]._materialize(),
                                     state["exp_avg_sq"]._materialize(), state["step"], group["lr"], beta1, beta2,
                                     group["eps"], group["maximize"])
                    for t in (p, state["exp_avg"], state["exp_avg_sq"]):
                        t._bump_version()
        return loss
