"""PyTorch's argument-parser ``TypeError`` for top-level functions called with a wrong argument type.

``torch.fmod(2, t)`` raises ``fmod() received an invalid combination of arguments - got (int,
Tensor), but expected one of: ...`` and ``torch.maximum(2, t)`` raises ``maximum(): argument
'input' (position 1) must be Tensor, not int``.  ember's ops take their operands' arrays without
checking types first (that check would cost every call), so such a call fails inside the op,
usually with an ``AttributeError`` (``'int' object has no attribute '_data'``).  The shared
helpers where that happens (``binary_data`` and a few others) catch it and call
:func:`arg_type_error`, which finds the public function the user called on the stack, reads its
arguments and words PyTorch's error from the signature table below.  Nothing here runs unless an
op has already failed.
"""
from __future__ import annotations

import sys

# Functions with one signature whose first two parameters must be tensors: their names.
_TENSOR_PAIR = {
    "add": ("input", "other"), "sub": ("input", "other"), "mul": ("input", "other"), "div": ("input", "other"),
    "atan2": ("input", "other"), "arctan2": ("input", "other"), "hypot": ("input", "other"),
    "maximum": ("input", "other"), "minimum": ("input", "other"), "fmax": ("input", "other"),
    "fmin": ("input", "other"), "logaddexp": ("input", "other"), "logaddexp2": ("input", "other"),
    "nextafter": ("input", "other"), "ldexp": ("input", "other"), "igamma": ("input", "other"),
    "igammac": ("input", "other"), "heaviside": ("input", "values"), "logical_and": ("input", "other"),
    "logical_or": ("input", "other"), "logical_xor": ("input", "other"), "gcd": ("input", "other"),
    "lcm": ("input", "other"), "dist": ("input", "other"), "isclose": ("input", "other"),
    "allclose": ("input", "other"), "equal": ("input", "other"), "kron": ("input", "other"),
    "cross": ("input", "other"), "dot": ("input", "tensor"), "vdot": ("input", "other"),
    "outer": ("input", "vec2"), "ger": ("input", "vec2"), "inner": ("input", "other"),
    "matmul": ("input", "other"), "mm": ("input", "mat2"), "bmm": ("input", "mat2"), "mv": ("input", "vec"),
    "cdist": ("x1", "x2"), "polar": ("abs", "angle"), "complex": ("real", "imag"),
    "cosine_similarity": ("x1", "x2"), "pairwise_distance": ("x1", "x2"), "take": ("input", "index"),
    "take_along_dim": ("input", "indices"), "masked_select": ("input", "mask"), "binomial": ("count", "prob"),
}

_OUT = ", *, Tensor out = None"
_TT = "Tensor input, Tensor other" + _OUT
_TN = "Tensor input, Number other" + _OUT
_NT = "Number self, Tensor other"
# Functions with overloads: PyTorch lists them all ("received an invalid combination of arguments").
_OVERLOADS = {
    "true_divide": (_TT, "Tensor input, Number other"),
    "floor_divide": (_TT, "Tensor input, Number other"),
    "remainder": (_TT, _NT, _TN),
    "fmod": (_TT, _TN),
    "pow": ("Tensor input, Tensor exponent" + _OUT, "Number self, Tensor exponent" + _OUT,
            "Tensor input, Number exponent" + _OUT),
    "float_power": ("Tensor input, Tensor exponent" + _OUT, "Number self, Tensor exponent" + _OUT,
                    "Tensor input, Number exponent" + _OUT),
    "copysign": (_TT, _TN),
    "xlogy": (_TT, _NT + _OUT, _TN),
    "bitwise_and": (_TT, _NT, _TN), "bitwise_or": (_TT, _NT, _TN), "bitwise_xor": (_TT, _NT, _TN),
    "bitwise_left_shift": (_TT, _NT, _TN), "bitwise_right_shift": (_TT, _NT, _TN),
    "rsub": ("Tensor input, Tensor other, *, Number alpha = 1", "Tensor input, Number other, Number alpha = 1"),
    "multiply": (_TT, "Tensor input, Number other"),
    "subtract": ("Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None",
                 "Tensor input, Number other, Number alpha = 1"),
    "divide": (_TT, "Tensor input, Tensor other, *, str rounding_mode, Tensor out = None",
               "Tensor input, Number other", "Tensor input, Number other, *, str rounding_mode"),
    "clamp_min": ("Tensor input, Tensor min" + _OUT, "Tensor input, Number min" + _OUT),
    "clamp_max": ("Tensor input, Tensor max" + _OUT, "Tensor input, Number max" + _OUT),
    "bucketize": ("Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, "
                  "Tensor out = None",
                  "Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False"),
    "isin": ("Tensor elements, Tensor test_elements, *, bool assume_unique = False, bool invert = False, "
             "Tensor out = None",
             "Number element, Tensor test_elements, *, bool assume_unique = False, bool invert = False, "
             "Tensor out = None",
             "Tensor elements, Number test_element, *, bool assume_unique = False, bool invert = False, "
             "Tensor out = None"),
    "searchsorted": ("Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, "
                     "str side = None, Tensor sorter = None, Tensor out = None",
                     "Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, "
                     "str side = None, Tensor sorter = None, Tensor out = None"),
}
_OVERLOADS["where"] = ("Tensor condition", "Tensor condition, Tensor input, Tensor other" + _OUT,
                       "Tensor condition, Number self, Tensor other", "Tensor condition, Tensor input, Number other",
                       "Tensor condition, Number self, Number other")
for _n in ("clamp", "clip"):
    _OVERLOADS[_n] = ("Tensor input, Tensor min = None, Tensor max = None" + _OUT,
                      "Tensor input, Number min = None, Number max = None" + _OUT)
for _n in ("max", "min"):
    _OVERLOADS[_n] = ("Tensor input, *, Tensor out = None", _TT,
                      "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None")
for _n in ("eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal"):
    _OVERLOADS[_n] = (_TT, _TN)


# ember's classes standing for PyTorch's C types: the ``tp_name`` PyTorch's parser prints for them
_TORCH_TP_NAMES = {"dtype": "torch.dtype", "device": "torch.device", "layout": "torch.layout",
                   "memory_format": "torch.memory_format", "Size": "torch.Size", "Generator": "torch._C.Generator"}


def type_name(x) -> str:
    """``Py_TYPE(x)->tp_name``: ``int``, ``numpy.float32``, ``decimal.Decimal``, a Python class's name
    (``torch.dtype`` for ember's dtype, as PyTorch's C type is named)."""
    c = type(x)
    if c.__name__ in _TORCH_TP_NAMES and c.__module__.startswith(("ember", "torch")):  # (``torch``: under the alias)
        return _TORCH_TP_NAMES[c.__name__]
    if c.__flags__ & (1 << 9) or c.__module__ == "builtins":  # Py_TPFLAGS_HEAPTYPE: defined in Python
        return c.__name__
    return f"{c.__module__}.{c.__name__}"


def _is_internal(frame) -> bool:
    name = frame.f_globals.get("__name__", "") or ""
    return name == "ember" or name.startswith("ember.")


def _called_function():
    """The public function the user called: the outermost ember frame on the stack that is one of the
    functions in the tables (a method wrapper around it, such as ``method_form``'s, is skipped)."""
    f = sys._getframe(1)
    found = None
    while f is not None and _is_internal(f):
        name = f.f_code.co_name
        if name in _TENSOR_PAIR or name in _OVERLOADS:
            found = f
        f = f.f_back
    return found


def arg_type_error():
    """PyTorch's ``TypeError`` for the public function on the stack, or None when its arguments fit
    (or it is not in the tables).  Called from an op's error branch."""
    from .._tensor import Tensor
    f = _called_function()
    if f is None:
        return None
    name = f.f_code.co_name
    pair, sigs = _TENSOR_PAIR.get(name), _OVERLOADS.get(name)
    if pair is None and sigs is None:
        return None
    code = f.f_code
    loc = f.f_locals
    params = code.co_varnames[:code.co_argcount]
    args = [loc.get(p) for p in params]
    if pair is not None:
        # a ``Tensor`` method bound to the op's method twin (see :func:`method_twin_code`): ``self`` is
        # no argument there, so positions count from the next one
        method = getattr(code, "co_qualname", "").startswith("Tensor.")
        for i, p in enumerate(pair):
            if i < len(args) and not isinstance(args[i], Tensor):
                return TypeError(f"{name}(): argument '{p}' (position {i if method else i + 1}) must be Tensor, "
                                 f"not {type_name(args[i])}")
        return None
    fn = f.f_globals.get(name)
    same_code = getattr(getattr(fn, "__code__", None), "co_code", None) == code.co_code
    defaults = (getattr(fn, "__defaults__", None) or ()) if same_code else ()
    kwdefaults = (getattr(fn, "__kwdefaults__", None) or {}) if same_code else {}
    n_required = len(params) - len(defaults)
    given = [v for i, v in enumerate(args) if i < n_required or v is not defaults[i - n_required]]
    kwonly = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
    given_kw = [(k, loc.get(k)) for k in kwonly if loc.get(k) is not kwdefaults.get(k)]
    if getattr(code, "co_qualname", "").startswith("Tensor."):  # the method: no ``self``, its own signatures
        given = given[1:]
        sigs = [m for m in (_method_signature(s) for s in sigs) if m is not None]
    return TypeError(format_overload_error(name, sigs, given, given_kw))


def _method_signature(sig: str):
    """A function signature as PyTorch lists it for the ``Tensor`` method: without ``Tensor input``
    and ``out`` (None for an overload whose first argument is not the tensor, ``Number self``)."""
    tokens = sig.split(", ")
    if tokens[0] != "Tensor input":
        return None
    tokens = [t for t in tokens[1:] if not t.endswith(" out = None")]
    if tokens and tokens[-1] == "*":
        tokens.pop()
    return ", ".join(tokens)


def format_overload_error(name: str, sigs, given, given_kw) -> str:
    """PyTorch's ``<name>() received an invalid combination of arguments`` message for positional
    arguments ``given`` and keyword arguments ``given_kw`` (name, value pairs) against the overloads
    ``sigs``.  As PyTorch's ``format_invalid_args``: an overload whose comma-separated parts (``*``
    counts as one) number as many as the arguments gets a line saying why it did not match."""
    got = [type_name(v) for v in given] + [f"{k}={type_name(v)}" for k, v in given_kw]
    if given_kw and not given:  # (PyTorch's ``_argDesc`` trims the last ", " only after positional arguments)
        got.append("")
    lines = []
    for sig in sigs:
        lines.append(f" * ({sig})\n")
        tokens = sig.split(", ")
        if len(tokens) != len(given) + len(given_kw):
            continue
        start = max(len(tokens) - len(given_kw), 0)
        names = [t[t.rfind(" ") + 1:] for t in tokens[start:]]
        wrong = [k for k, _ in given_kw if k not in names]
        if wrong:
            lines.append(f"      didn't match because some of the keywords were incorrect: {', '.join(wrong)}\n")
        else:
            lines.append("      didn't match because some of the arguments have invalid types: "
                         f"{_marked_arguments(tokens, given, given_kw)}\n")
    return (f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), "
            f"but expected one of:\n{''.join(lines)}")


def _marked_arguments(tokens, given, given_kw) -> str:
    """``(Tensor, !tuple of (int, int)!)``: each argument's type, a mismatch between ``!`` (red and
    green on a terminal, as PyTorch does when stdout and stderr are both terminals)."""
    import os
    try:
        tty = os.isatty(1) and os.isatty(2)
    except OSError:
        tty = False
    bad, bad_end, good, good_end = ("\33[31;1m", "\33[0m", "\33[32;1m", "\33[0m") if tty else ("!", "!", "", "")
    names = [t[t.rfind(" ") + 1:] for t in tokens]
    # keywords in the signature's order (the "got" list has them in PyTorch's own order)
    kw = sorted(given_kw, key=lambda kv: names.index(kv[0]) if kv[0] in names else len(names))
    values = [(None, v) for v in given] + kw
    parts = []
    for i, (key, v) in enumerate(values):
        ok = i < len(tokens) and _type_matches(tokens[i], v)
        text = (f"{key}=" if key is not None else "") + _value_desc(v)
        parts.append(f"{good}{text}{good_end}" if ok else f"{bad}{text}{bad_end}")
    if given_kw and not given:  # (as in the "got" list: PyTorch trims the last ", " only after positional ones)
        parts.append("")
    return f"({', '.join(parts)})"


def _type_matches(token: str, value) -> bool:
    """PyTorch's check of an argument against a signature part (its type: the text before the last
    space): ``float`` takes an int too; other types must be the value's type name exactly."""
    kind = token.lstrip("#")
    kind = kind[:kind.rfind(" ")] if " " in kind else kind
    tn = type_name(value)
    if kind == "float":
        return tn in ("float", "int", "long")
    if kind == "int":
        return tn in ("int", "long")
    return tn == kind


def _value_desc(v) -> str:
    """An argument's type as the message shows it: ``tuple of (int, int)``, ``list of [int, float]``."""
    if isinstance(v, tuple):
        inner = ", ".join(type_name(x) for x in v)
        return f"{type_name(v)} of ({inner}{',' if len(v) == 1 else ''})"
    if isinstance(v, list):
        return f"{type_name(v)} of [{', '.join(type_name(x) for x in v)}]"
    return type_name(v)


def raise_arg_type_error(original: BaseException):
    """Raise PyTorch's argument error for the public function on the stack, else ``original``."""
    err = arg_type_error()
    if err is None:
        raise original
    raise err from None


def alias(fn, name: str):
    """``fn`` under PyTorch's alias ``name`` (``greater`` for ``gt``): the same code, no extra call, but the
    name :func:`arg_type_error` finds on the stack is the alias the user called."""
    import types
    try:
        code = fn.__code__.replace(co_name=name, co_qualname=name)
    except TypeError:  # (Python 3.10: no co_qualname)
        code = fn.__code__.replace(co_name=name)
    f = types.FunctionType(code, fn.__globals__, name, fn.__defaults__, fn.__closure__)
    f.__kwdefaults__ = fn.__kwdefaults__
    f.__doc__ = fn.__doc__
    f.__module__ = fn.__module__
    f.__dict__.update(fn.__dict__)
    return f


def method_twin_code(fn):
    """``fn`` as the ``Tensor`` method of the same name: the same code under the qualified name
    ``Tensor.<name>`` (no extra call), which tells :func:`arg_type_error` to word its error for the
    method (``x.mul((1, 2))``: ``argument 'other' (position 1)``)."""
    import types
    try:
        code = fn.__code__.replace(co_qualname=f"Tensor.{fn.__name__}")
    except TypeError:  # (Python 3.10: no co_qualname; the function's wording stays)
        return fn
    f = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    f.__kwdefaults__ = fn.__kwdefaults__
    f.__doc__ = fn.__doc__
    f.__module__ = fn.__module__
    f.__qualname__ = f"Tensor.{fn.__name__}"
    f.__dict__.update(fn.__dict__)
    return f


def caller_keywords():
    """The keyword names, in call order, of the user's call into ember now on the stack: read from the
    calling frame's bytecode (``KW_NAMES`` before the ``CALL`` it is executing).  None when unknown
    (a ``**kwargs`` call, another Python).  PyTorch's parser lists a call's keywords in its "got (...)"
    in reverse call order; error paths only."""
    import dis
    f = sys._getframe(1)
    while f is not None and _is_internal(f):
        f = f.f_back
    if f is None:
        return None
    names, current, pending = (), None, ()
    for ins in dis.get_instructions(f.f_code):
        if ins.offset > f.f_lasti:  # (``f_lasti`` may point into the executing CALL's inline cache)
            break
        current = ins
        if ins.opname == "KW_NAMES":
            consts = f.f_code.co_consts
            pending = tuple(consts[ins.arg]) if isinstance(consts[ins.arg], tuple) else ()
        elif ins.opname in ("CALL", "CALL_FUNCTION_EX"):
            names, pending = pending if ins.opname == "CALL" else None, ()
    if current is None or current.opname != "CALL":
        return None
    return names


_NAME_LOADS = ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_FAST", "LOAD_DEREF", "LOAD_CLASSDEREF")


def user_call_site(name: str):
    """How the user's call of ``name`` into ember (now on the stack) was written, read from the calling
    frame's bytecode: ``(is_method, n_positional, keyword names in call order)``; None when unknown.
    ``x.sum(...)`` is a method call; ``torch.sum(x, ...)`` (a module or class receiver) is not."""
    import dis
    import types
    f = sys._getframe(1)
    while f is not None and _is_internal(f):
        f = f.f_back
    if f is None:
        return None
    instructions = list(dis.get_instructions(f.f_code))
    call, kwnames, pending, callee = None, (), (), None
    for k, ins in enumerate(instructions):
        if ins.offset > f.f_lasti:
            break
        if ins.opname == "KW_NAMES":
            consts = f.f_code.co_consts
            pending = tuple(consts[ins.arg]) if isinstance(consts[ins.arg], tuple) else ()
        elif ins.opname in ("LOAD_METHOD", "LOAD_ATTR") and ins.argval == name:
            callee = k
        elif ins.opname == "CALL":
            call, kwnames, pending = ins, pending, ()
        elif ins.opname.startswith(("STORE_", "POP_TOP", "RETURN_", "JUMP_")):  # an earlier statement's load
            callee = None
    if call is None or callee is None:
        return None
    chain, k = [], callee - 1
    while k >= 0 and instructions[k].opname == "LOAD_ATTR":
        chain.append(instructions[k].argval)
        k -= 1
    is_method = True
    if k >= 0 and instructions[k].opname in _NAME_LOADS:
        root = instructions[k].argval
        scope = {**getattr(f.f_builtins, "__dict__", f.f_builtins), **f.f_globals, **f.f_locals}
        value = scope.get(root)
        for attr in reversed(chain):
            value = getattr(value, attr, None)
        is_method = not isinstance(value, (types.ModuleType, type))
    return is_method, call.arg - len(kwnames), kwnames


def _arg_range(sig: str):
    """The fewest and most arguments a signature takes (``*`` is no argument)."""
    tokens = [t for t in sig.split(", ") if t and t != "*"]
    return sum(1 for t in tokens if "=" not in t), len(tokens)


def parser_error(name: str, sigs, input, params, values: dict, bad: str, want: str, default_site=None):
    """PyTorch's argument-parser ``TypeError`` for a call of ``name`` (function signatures ``sigs``)
    whose argument ``bad`` is not a ``want``: with one signature taking that many arguments, its own
    ``argument 'bad' must be want`` error, else ``received an invalid combination of arguments``.
    ``params``: the op's parameters after ``input`` in order; ``values``: their values.  When the call
    site cannot be read (an ember module calling the op), ``default_site`` stands for it, else None
    is returned."""
    site = user_call_site(name)
    if site is not None:
        is_method, n_pos, kwnames = site
        if "axis" in kwnames and "dim" in values and "axis" not in values:  # (NumPy's alias, named as written)
            values = {**values, "axis": values["dim"]}
        if n_pos > len(params) + 1 or any(k not in values and k != "input" for k in kwnames):
            site = None  # (the bytecode read is not this call)
    site = site or default_site
    if site is None:
        return None
    is_method, n_pos, kwnames = site
    if is_method:
        sigs = [m for m in (_method_signature(sg) for sg in sigs) if m is not None]
        given = [values[p] for p in params[:n_pos]]
    else:
        given = ([input] + [values[p] for p in params])[:n_pos]
    given_kw = [(k, values.get(k, input)) for k in reversed(kwnames)]
    n_args = len(given) + len(given_kw)
    plausible = [sg for sg in sigs if _arg_range(sg)[0] <= n_args <= _arg_range(sg)[1]]
    if len(plausible) == 1 and bad is not None:
        where = ""
        if bad not in kwnames:
            where = f" (position {params.index(bad) + (1 if is_method else 2)})"
        return TypeError(f"{name}(): argument '{bad}'{where} must be {want}, not {type_name(values[bad])}")
    return TypeError(format_overload_error(name, sigs, given, given_kw))


def no_overload_error(name: str, sigs, given, given_kw) -> TypeError:
    """PyTorch's parser error for a call that no overload in ``sigs`` takes (its ``print_error``): when
    exactly one overload takes that many arguments, that overload's own error for too many
    positional ones (``argsort() takes from 2 to 1 positional arguments but 3 were given``: ``min``
    counts the required keyword-only arguments too), else "received an invalid combination of
    arguments".  ``given``: the positional values; ``given_kw``: (name, value) pairs."""
    n_args = len(given) + len(given_kw)
    plausible = [sg for sg in sigs if _arg_range(sg)[0] <= n_args <= _arg_range(sg)[1]]
    if len(plausible) == 1:
        tokens = [t for t in plausible[0].split(", ") if t]
        max_pos = tokens.index("*") if "*" in tokens else len(tokens)
        min_args = _arg_range(plausible[0])[0]
        if len(given) > max_pos:
            return positional_count_error(name, min_args, max_pos, len(given))
    return TypeError(format_overload_error(name, sigs, given, given_kw))


def call_shape_error(name: str, positional: list, keywords: dict) -> TypeError:
    """PyTorch's parser error for a call of the overloaded function ``name`` (``_OVERLOADS``) with an
    argument missing or too many positional ones: ``positional``: the positional values given;
    ``keywords``: the keyword arguments that may have been given, which the user's call site narrows to
    the ones written (listed in reverse call order, as PyTorch does; when the site cannot be read, the
    ones not at a None/False default)."""
    site = user_call_site(name)
    if site is not None:
        kwnames = site[2]
    else:
        kwnames = tuple(k for k, v in keywords.items() if v is not None and v is not False)
    given_kw = [(k, keywords[k]) for k in reversed(kwnames) if k in keywords]
    return no_overload_error(name, _OVERLOADS[name], positional, given_kw)


def positional_count_error(name: str, min_args: int, max_pos: int, n_given: int) -> TypeError:
    """PyTorch's ``extra_args`` message: ``cumsum() takes 2 positional arguments but 3 were given``, or
    ``takes from <min> to <max> ...`` when the fewest arguments (keyword-only required ones included)
    differ from the most positional ones."""
    if min_args != max_pos:
        return TypeError(f"{name}() takes from {min_args} to {max_pos} positional arguments but {n_given} were given")
    return TypeError(f"{name}() takes {max_pos} positional argument{'' if max_pos == 1 else 's'} but {n_given} "
                     f"{'was' if n_given == 1 else 'were'} given")


def argument_type_error(name: str, params, bad: str, want: str, value):
    """PyTorch's ``<name>(): argument '<bad>' (position N) must be <want>, not <type>`` (no position
    for a keyword argument); ``params``: the op's parameters after ``input``, in order."""
    site = user_call_site(name)
    where = ""
    # (NumPy's ``axis`` is PyTorch's alias of ``dim``, a keyword too)
    if site is None or (bad not in site[2] and not (bad == "dim" and "axis" in site[2])):
        is_method = site[0] if site is not None else False
        where = f" (position {params.index(bad) + (1 if is_method else 2)})"
    return TypeError(f"{name}(): argument '{bad}'{where} must be {want}, not {type_name(value)}")


def missing_arguments_error(name: str, required: tuple, given: tuple) -> TypeError:
    """PyTorch's parser error for required arguments left out (``required``: their names in order;
    ``given``: whether each was passed).  It names the first one missing and every required one after
    it, with PyTorch's own wording: ``roll() missing 1 required positional arguments: "shifts"``, ``roll()
    missing 2 required positional argument: "input", "shifts"``."""
    missing = required[given.index(False):]
    if len(missing) == 1:
        return TypeError(f'{name}() missing 1 required positional arguments: "{missing[0]}"')
    return TypeError(f"{name}() missing {len(missing)} required positional argument: "
                     + ", ".join(f'"{k}"' for k in missing))
