"""``python -m ember explain EXPR --at x=2``: a function, its derivative and the chain-rule steps.

The expression is parsed with :mod:`ast` and only a small whitelist is
accepted: numbers, the variables named in ``--at``, ``pi`` and ``e``,
``+ - * / **``, unary ``-``/``+`` and calls of a few math functions.  Nothing
is ever passed to ``eval``.  Bad input gives a one-line error on stderr and
exit code 2.
"""
from __future__ import annotations

import argparse
import ast
import math
import sys

FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "asin", "acos", "atan",
             "sinh", "cosh", "log2", "log10", "log1p", "expm1")
CONSTANTS = {"pi": math.pi, "e": math.e}
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}

USAGE = ("usage: python -m ember explain EXPRESSION --at x=2[,y=3] [--graph graph.svg] [--plot plot.png] "
         "[--range START:STOP] [--latex] [--no-steps]")


class InputError(Exception):
    """Bad command-line input: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # never print usage + exit from inside argparse
        raise InputError(message)


def _arg_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m ember explain", add_help=True, usage=USAGE,
                description="Evaluate an expression, differentiate it symbolically and with autograd, and show "
                            "the chain-rule steps.")
    p.add_argument("expression", help='e.g. "2*x**4 + x**3 + 3*x**2 + 5*x + 1"')
    p.add_argument("--at", action="append", default=[], metavar="NAME=VALUE[,NAME=VALUE]",
                   help="the point: values of the variables (required), e.g. --at x=2 or --at u=3,v=4")
    p.add_argument("--graph", metavar="FILE", help="also draw the graph (.svg, .png, .pdf or .dot)")
    p.add_argument("--plot", metavar="FILE", help="also plot f and f' (one variable only; .png, .svg, .pdf)")
    p.add_argument("--range", metavar="START:STOP", help="x range for --plot (default: the point ± 5)")
    p.add_argument("--latex", action="store_true", help="print the symbolic part as LaTeX")
    p.add_argument("--no-steps", action="store_true", help="leave out the chain-rule steps")
    return p


# ----------------------------------------------------------------- parsing
def parse_point(specs: list) -> dict:
    """``["x=2", "u=3,v=4"]`` -> ``{"x": 2.0, "u": 3.0, "v": 4.0}`` (in order)."""
    if not specs:
        raise InputError("missing --at: give a value for each variable, e.g. --at x=2")
    point: dict = {}
    for spec in specs:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                raise InputError(f"empty entry in --at {spec!r}; use --at x=2,y=3")
            if "=" not in part:
                raise InputError(f"--at entry {part!r} needs the form NAME=VALUE, e.g. x=2")
            name, _, value = part.partition("=")
            name, value = name.strip(), value.strip()
            if not name.isidentifier():
                raise InputError(f"--at: {name!r} is not a valid variable name")
            if name in FUNCTIONS or name in CONSTANTS:
                raise InputError(f"--at: {name!r} is a built-in name; pick another variable name")
            if name in point:
                raise InputError(f"--at: {name!r} is given twice")
            try:
                v = float(value)
            except ValueError:
                raise InputError(f"--at: the value of {name} must be a number, got {value!r}") from None
            if not math.isfinite(v):
                raise InputError(f"--at: the value of {name} must be finite, got {value!r}")
            point[name] = v
    return point


def parse_expression(text: str, names) -> ast.AST:
    """Parse and check ``text`` against the whitelist; returns the AST body."""
    if not text.strip():
        raise InputError("the expression is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        col = f" at column {e.offset}" if e.offset else ""
        raise InputError(f"cannot parse the expression{col}: {e.msg}") from None
    used = set()

    def check(node):
        if isinstance(node, ast.Expression):
            return check(node.body)
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise InputError(f"operator {_op_text(node.op)} is not supported (use + - * / **)")
            check(node.left)
            check(node.right)
            return
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise InputError(f"operator {_op_text(node.op)} is not supported (only unary - and +)")
            check(node.operand)
            return
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise InputError(f"only numbers are allowed as constants, got {node.value!r}")
            return
        if isinstance(node, ast.Name):
            if node.id in names or node.id in CONSTANTS:
                used.add(node.id)
                return
            if node.id in FUNCTIONS:
                raise InputError(f"{node.id} is a function: call it, e.g. {node.id}(x)")
            raise InputError(f"unknown name {node.id!r}: give its value with --at {node.id}=...")
        if isinstance(node, ast.Call):
            fn = node.func
            if not isinstance(fn, ast.Name):
                raise InputError("only calls of plain function names are allowed, e.g. sin(x)")
            if fn.id not in FUNCTIONS:
                raise InputError(f"unknown function {fn.id!r}; allowed: {', '.join(FUNCTIONS)}")
            if node.keywords or len(node.args) != 1:
                raise InputError(f"{fn.id}() takes exactly one argument")
            check(node.args[0])
            return
        raise InputError(f"{type(node).__name__} is not allowed in an expression (use numbers, variables, "
                         "+ - * / ** and functions like sin(x))")

    check(tree)
    return tree.body


def _op_text(op) -> str:
    return {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
            ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.Not: "not", ast.Invert: "~"}.get(
        type(op), type(op).__name__)


def build(tree, env: dict):
    """Evaluate the checked AST with ember ops on the tensors in ``env``."""
    import ember

    def ev(node):
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            op = type(node.op)
            if op is ast.Add:
                return a + b
            if op is ast.Sub:
                return a - b
            if op is ast.Mult:
                return a * b
            if op is ast.Div:
                if not isinstance(a, ember.Tensor) and not isinstance(b, ember.Tensor):
                    return a / b if b != 0 else (math.copysign(math.inf, a) if a else math.nan)
                return a / b
            return a ** b
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return env[node.id] if node.id in env else CONSTANTS[node.id]
        if isinstance(node, ast.Call):
            arg = ev(node.args[0])
            if not isinstance(arg, ember.Tensor):
                arg = ember.tensor(float(arg), dtype=ember.float64)
            name = node.func.id
            fn = getattr(ember, name)
            return fn(arg)
        raise InputError(f"{type(node).__name__} is not allowed")  # pragma: no cover - checked before

    return ev(tree)


# -------------------------------------------------------------------- main
def explain_main(argv: list) -> int:
    """Entry point of ``python -m ember explain``; returns the exit code."""
    try:
        return _main(list(argv))
    except InputError as e:
        print(f"ember explain: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover
        return 1
    except Exception as e:  # never show a traceback
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"ember explain: error: {msg}", file=sys.stderr)
        return 1


def _main(argv: list) -> int:
    parser = _arg_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help
        return int(e.code or 0)
    if args.expression.strip():
        try:
            ast.parse(args.expression.strip(), mode="eval")
        except SyntaxError:
            parse_expression(args.expression, ())  # reports the syntax error
    point = parse_point(args.at)
    tree = parse_expression(args.expression, point)
    if args.plot and len(point) != 1:
        raise InputError(f"--plot needs exactly one variable, got {len(point)} ({', '.join(point)})")
    lo_hi = None
    if args.range:
        try:
            lo, hi = (float(v) for v in args.range.split(":"))
        except ValueError:
            raise InputError(f"--range must look like START:STOP, e.g. -3:3, got {args.range!r}") from None
        if not lo < hi:
            raise InputError(f"--range: START must be below STOP, got {args.range!r}")
        lo_hi = (lo, hi)
    for path, opt in ((args.graph, "--graph"), (args.plot, "--plot")):
        if path is not None:
            ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
            allowed = ("svg", "png", "pdf", "dot", "gv") if opt == "--graph" else ("svg", "png", "pdf")
            if ext not in allowed:
                raise InputError(f"{opt}: cannot tell the format of {path!r}; use one of "
                                 + ", ".join("." + a for a in allowed))

    import ember
    from ember import explain

    env = {k: ember.tensor(v, dtype=ember.float64, requires_grad=True) for k, v in point.items()}
    out = build(tree, env)
    if not isinstance(out, ember.Tensor) or not out.requires_grad:
        raise InputError("the expression does not depend on any variable given with --at")
    used = [k for k in point if _mentions(tree, k)]
    for k in point:
        if k not in used:
            raise InputError(f"--at gives {k}, but the expression does not use it")

    names = dict(env)
    names["f"] = out
    pt = ", ".join(f"{k} = {_num(v)}" for k, v in point.items())
    print(f"f({', '.join(point)}) = {args.expression.strip()}")
    print(f"at {pt}:  f = {_num(out.item())}")

    try:
        import sympy  # noqa: F401
        have_sympy = True
    except ImportError:
        have_sympy = False
    formula = None
    if have_sympy:
        try:
            formula = explain.formula(out, names=names, show=False)
        except explain.FormulaError as e:
            print(f"(no symbolic derivative: {e})")
    else:
        print("(SymPy is not installed, so no symbolic derivative: pip install sympy or pip install 'ember[sym]')")

    steps = explain.backward(out, names=names, show=False)
    d = "d" if len(point) == 1 else "∂"
    print("")
    print("derivatives:")
    for k, t in env.items():
        g = t.grad.item() if t.grad is not None else 0.0
        line = f"  {d}f/{d}{k}"
        if formula is not None:
            der = formula.derivatives.get(k)
            val = formula.values.get(k)
            line += f" = {der} = {_num(float(val))} (symbolic)"
            line += f";  autograd: {k}.grad = {_num(g)}"
            ok = math.isclose(float(val), g, rel_tol=1e-6, abs_tol=1e-9) or (math.isnan(float(val)) and math.isnan(g))
            line += "  ✓" if ok else "  ✗ (they differ!)"
        else:
            line += f" = {_num(g)} (autograd: {k}.grad)"
        print(line)
    if args.latex and formula is not None:
        print("")
        print("LaTeX:")
        print(formula.latex())
    if not args.no_steps:
        print("")
        print(steps.text)

    if args.graph:
        from ember import viz
        g = viz.draw(out, params=names)
        g.save(args.graph)
        print(f"\ngraph written to {args.graph}")
    if args.plot:
        from ember import plot
        (name,) = point
        x0 = point[name]
        lo, hi = lo_hi or (x0 - 5.0, x0 + 5.0)

        def f(t):
            return build(tree, {name: t})

        fig = plot.function_and_derivative(f, lo, hi, label=f"f({name})")
        fig.axes[0].axvline(x0, color="#999999", linestyle=":", linewidth=1)
        fig.savefig(args.plot)
        print(f"plot written to {args.plot}")
    return 0


def _mentions(tree, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(tree))


def _num(v) -> str:
    from .explain._ops import fmt_num
    return fmt_num(v)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(explain_main(sys.argv[1:]))
