"""``python -m ember demo``: the seed tutorials' examples run through ember, derivatives printed."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import ember as torch

    print("ember demo: the seed tutorials, differentiated by ember\n")
    x = torch.tensor(2.0, requires_grad=True)
    y = 2 * x ** 4 + x ** 3 + 3 * x ** 2 + 5 * x + 1
    y.backward()
    print(f"y = 2x^4 + x^3 + 3x^2 + 5x + 1 at x = 2: y = {y.item():g}, dy/dx = {x.grad.item():g}  (expect 93)")

    x1 = torch.tensor(1.0, requires_grad=True)
    x2 = torch.tensor(2.0, requires_grad=True)
    z = 3 * x1 ** 2 + 2 * x2 ** 3
    z.backward()
    print(f"z = 3x1^2 + 2x2^3: dz/dx1 = {x1.grad.item():g}, dz/dx2 = {x2.grad.item():g}  (expect 6 and 24)")

    x = torch.tensor([[1.0, 2, 3], [3, 2, 1]], requires_grad=True)
    out = (2 * (3 * x + 2) ** 2).mean()
    out.backward()
    print("out = mean(2(3x+2)^2): d out/dx =")
    print(x.grad)

    u = torch.tensor(3.0, requires_grad=True)
    v = torch.tensor(4.0, requires_grad=True)
    f = u ** 3 + v ** 2 + 4 * u * v
    f.backward()
    print(f"f = u^3 + v^2 + 4uv at (3, 4): df/du = {u.grad.item():g}, df/dv = {v.grad.item():g}  (expect 43 and 20)")

    w = torch.tensor(1.0, requires_grad=True)
    loss = (w - 2) ** 2
    opt = torch.optim.SGD([w], lr=0.1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"one SGD step on (w-2)^2 from w = 1: {w}")

    try:
        from . import _cli
        print("\n$ python -m ember explain '2*x**4 + x**3 + 3*x**2 + 5*x + 1' --at x=2")
        _cli.explain_main(["2*x**4 + x**3 + 3*x**2 + 5*x + 1", "--at", "x=2"])
    except ImportError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
