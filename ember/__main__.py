"""Command line: ``python -m ember run SCRIPT [ARGS]`` and ``python -m ember explain EXPR``.

``run`` executes a script written for PyTorch with ``torch`` (and every
``torch.*`` submodule) resolved to ember.  ``explain`` prints a function's
value, derivative and chain-rule steps (see ``ember/_cli.py``).
"""
from __future__ import annotations

import runpy
import sys

USAGE = """usage: python -m ember run SCRIPT [ARGS ...]
       python -m ember explain EXPR --at x=2 [--graph FILE] [--plot FILE]
       python -m ember demo"""


def run_script(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m ember run SCRIPT [ARGS ...]", file=sys.stderr)
        return 2
    from . import _torch_alias
    _torch_alias.install()
    script = argv[0]
    sys.argv = list(argv)
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    path = os.path.abspath(script)  # Python gives __main__ an absolute __file__ (it shows in warnings)
    try:
        runpy.run_path(path, run_name="__main__")
    except FileNotFoundError as e:
        if getattr(e, "filename", None) in (script, path):
            print(f"python -m ember run: can't open file '{path}': [Errno 2] No such file or directory",
                  file=sys.stderr)
            return 2
        raise
    except SystemExit as e:
        code = e.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)  # like Python: sys.exit("message") prints it and exits 1
        return 1
    except Exception as e:
        _report_uncaught(e, path)
        return 1
    return 0


def _report_uncaught(e: BaseException, path: str) -> None:
    """Print an uncaught exception as ``python SCRIPT`` would: without the runner's own frames.

    The traceback starts at the script's first frame and leaves out ember's
    frames (PyTorch's operators run in C++, which shows none); a
    ``SyntaxError`` in the script itself has no frames at all.
    """
    import os
    import types
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != path:
        tb = tb.tb_next
    if tb is None and not isinstance(e, SyntaxError):
        tb = e.__traceback__
    pkg = os.path.dirname(os.path.abspath(__file__)) + os.sep
    kept = []
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(pkg):
            kept.append(tb)
        tb = tb.tb_next
    new_tb = None
    for t in reversed(kept):
        new_tb = types.TracebackType(new_tb, t.tb_frame, t.tb_lasti, t.tb_lineno)
    sys.excepthook(type(e), e.with_traceback(new_tb), new_tb)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        return run_script(rest)
    if cmd == "explain":
        from . import _cli
        return _cli.explain_main(rest)
    if cmd == "demo":
        from . import _demo
        return _demo.main(rest)
    print(f"python -m ember: unknown command '{cmd}'\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
