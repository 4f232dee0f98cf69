"""``ember.plot``: draw a function and its derivative with matplotlib (``pip install 'ember[plot]'``)."""
from __future__ import annotations

import numpy as np

__all__ = ["function_and_derivative"]


def _plt():
    try:
        import matplotlib
    except ImportError:
        raise ImportError("ember.plot needs matplotlib: pip install matplotlib (or pip install 'ember[plot]')") from None
    import os
    if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND") and "inline" not in matplotlib.get_backend():
        try:
            matplotlib.use("Agg")
        except Exception:  # pragma: no cover - backend already fixed by the user
            pass
    import matplotlib.pyplot as plt
    return plt


def values(f, start: float, stop: float, steps: int = 200):
    """``(x, f(x), f'(x))`` as NumPy arrays, f' computed by ember's autograd.

    ``f`` takes a tensor and returns a tensor of the same shape (elementwise),
    as in seed 002: ``x = linspace(...)``, ``y = f(x).sum()``, ``y.backward()``.
    """
    from . import linspace
    if steps < 2:
        raise ValueError(f"steps must be at least 2, got {steps}")
    x = linspace(float(start), float(stop), int(steps), requires_grad=True)
    y = f(x)
    from ._tensor import Tensor
    if not isinstance(y, Tensor):
        raise TypeError(f"f must return an ember tensor, got {type(y).__name__}")
    if tuple(y.shape) != tuple(x.shape):
        raise ValueError(f"f must work elementwise: f(x) has shape {tuple(y.shape)} for x of shape {tuple(x.shape)}")
    if y.requires_grad:
        y.sum().backward()
        dy = x.grad.detach().numpy()
    else:
        dy = np.zeros(tuple(x.shape))
    return x.detach().numpy().copy(), y.detach().numpy().copy(), np.array(dy, copy=True)


def function_and_derivative(f, start: float, stop: float, steps: int = 200, *, ax=None, title: str | None = None,
                            label: str = "f(x)"):
    """Plot ``f`` and its derivative (from autograd) over ``[start, stop]``; return the figure.

    Works headless (the Agg backend is chosen when there is no display), so
    ``fig.savefig("plot.png")`` works anywhere.
    """
    plt = _plt()
    x, y, dy = values(f, start, stop, steps)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 4))
    else:
        fig = ax.figure
    ax.plot(x, y, color="red", label=label)
    ax.plot(x, dy, color="green", label=("d" + label.split("(")[0] + "/dx") if "(" in label else "derivative")
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_xlabel("x")
    ax.legend()
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig
