"""``ember.explain``: see the chain rule at work.

* :func:`backward` runs ``output.backward()`` and prints every step the engine
  takes: the node, its local derivative as a formula in its inputs, the
  incoming gradient, their product, and the leaf it accumulates into.  It
  returns the steps as a list of :class:`Step`.
* :func:`formula` rebuilds ``output`` as a SymPy expression from the graph
  (one symbol per input element), differentiates it, evaluates the derivative
  at the current point and checks it against autograd's gradient.  Needs the
  optional ``sym`` extra (``pip install sympy``).

Names come from the caller's variables (``x``, ``w``...) or from ``names``
(e.g. ``dict(model.named_parameters())``).

``formula`` reads constants from the graph's nodes.  A few constants (the ``2``
in ``y + 2``) are not kept by the graph; they are recovered from known output
values, which ``backward()`` may free.  Call ``formula`` before ``backward``,
pass ``retain_graph=True``, or build the graph inside
``with ember.viz.record():`` to be safe.
"""
from __future__ import annotations

from ._graph import record
from ._steps import Explanation, InputGrad, Step
from ._symbolic import Formula, FormulaError

__all__ = ["backward", "formula", "record", "Step", "InputGrad", "Explanation", "Formula", "FormulaError"]


def backward(output, gradient=None, *, retain_graph=None, names=None, show: bool = True) -> Explanation:
    """Run ``output.backward(gradient)`` and print each step of the chain rule.

    Returns the steps (a list of :class:`Step`, in the order the engine ran
    them); ``str()`` of the result is the printed text.  ``show=False``
    suppresses printing.
    """
    from ._graph import caller_frame
    return _steps_run(output, gradient, retain_graph, names, caller_frame(), show)


def formula(output, wrt=None, *, names=None, latex: bool = False, simplify: bool = True, show: bool = True,
            max_elements: int = 100) -> Formula:
    """Print ``output`` as a formula in its inputs and its derivative with respect to ``wrt``.

    ``wrt`` is a leaf tensor or a list of them (default: every leaf that
    requires grad).  The derivative is simplified, evaluated at the current
    values and compared with autograd's gradient.  ``latex=True`` prints
    LaTeX instead of plain text; :meth:`Formula.latex` gives it on demand.
    Raises :class:`FormulaError` naming any op without a symbolic form.
    """
    from ._graph import caller_frame
    from ._symbolic import build
    res = build(output, wrt, names=names, frame=caller_frame(), simplify=simplify, max_elements=max_elements)
    if show:
        print(res.latex() if latex else str(res))
    return res


def _steps_run(output, gradient, retain_graph, names, frame, show):
    from ._steps import run
    return run(output, gradient, retain_graph=retain_graph, names=names, frame=frame, show=show)
