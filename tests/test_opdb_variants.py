"""Tensor-method and in-place variants of ops (``x.clamp_(...)``, ``x.eq_(y)``, ``x.addmm_(...)``...).

Differences found by running PyTorch's OpInfo ``method_variant`` / ``inplace_variant`` against ember,
written out as explicit cases: each compares with PyTorch when it is installed, and has golden values
that run without it.
"""
import pytest

import ember


def _outcome(mod, fn):
    """What ``fn(mod)`` does: ("ok", repr) or (exception type name, message)."""
    try:
        r = fn(mod)
    except Exception as e:  # noqa: BLE001 -- the exception is the result compared
        return type(e).__name__, str(e)
    return "ok", repr(r)


# (case id, call, golden outcome under ember)
ERROR_CASES = [
    ("clamp_bool_min", lambda m: m.clamp(m.tensor([True, False]), True),
     ("NotImplementedError", "\"clamp_min_scalar_cpu\" not implemented for 'Bool'")),
    ("clamp_bool_both", lambda m: m.clamp(m.tensor([True, False]), min=False, max=True),
     ("NotImplementedError", "\"clamp_scalar_cpu\" not implemented for 'Bool'")),
    ("clamp_max_bool", lambda m: m.clamp_max(m.tensor([True, False]), False),
     ("NotImplementedError", "\"clamp_max_scalar_cpu\" not implemented for 'Bool'")),
    ("clamp__bool", lambda m: m.tensor([True, False]).clamp_(None, True),
     ("NotImplementedError", "\"clamp_max_scalar_cpu\" not implemented for 'Bool'")),
    ("clamp_min__bool", lambda m: m.tensor([True, False]).clamp_min_(True),
     ("NotImplementedError", "\"clamp_min_scalar_cpu\" not implemented for 'Bool'")),
    ("ldexp__scalar", lambda m: m.ones(2).ldexp_(2),
     ("TypeError", "ldexp_(): argument 'other' (position 1) must be Tensor, not int")),
    ("arctan2__scalar", lambda m: m.ones(2).arctan2_(2),
     ("TypeError", "arctan2_(): argument 'other' (position 1) must be Tensor, not int")),
    ("igamma__scalar", lambda m: m.ones(2).igamma_(2),
     ("TypeError", "igamma_(): argument 'other' (position 1) must be Tensor, not int")),
    ("igamma__bool_cast", lambda m: m.tensor([True, False]).igamma_(m.tensor([1, 2])),
     ("RuntimeError", "result type Long can't be cast to the desired output type Bool")),
    ("gcd__cast", lambda m: m.tensor([1, 2]).gcd_(m.ones(2)),
     ("RuntimeError", "result type Float can't be cast to the desired output type Long")),
    ("lcm__cast", lambda m: m.tensor([True]).lcm_(m.tensor(1.0, dtype=m.float64)),
     ("RuntimeError", "result type Double can't be cast to the desired output type Bool")),
    ("true_divide__str", lambda m: m.ones(2).true_divide_("a"),
     ("TypeError", "true_divide_() received an invalid combination of arguments - got (str), but expected one "
                   "of:\n * (Tensor other)\n      didn't match because some of the arguments have invalid types: "
                   "(!str!)\n * (Number other)\n      didn't match because some of the arguments have invalid "
                   "types: (!str!)\n")),
    ("subtract__str", lambda m: m.ones(2).subtract_("a"),
     ("TypeError", "subtract_() received an invalid combination of arguments - got (str), but expected one of:\n"
                   " * (Tensor other, *, Number alpha = 1)\n * (Number other, Number alpha = 1)\n")),
    ("addmm__shape", lambda m: m.ones(1).addmm_(m.ones(2, 2), m.ones(2, 3)),
     ("RuntimeError", "Bad in-place call: input tensor size [1] and output tensor size [2, 3] should match")),
    ("addmv__shape", lambda m: m.ones(()).addmv_(m.ones(5, 4), m.ones(4)),
     ("RuntimeError", "Bad in-place call: input tensor size [] and output tensor size [5] should match")),
    ("baddbmm__shape", lambda m: m.ones(2, 1).baddbmm_(m.ones(4, 2, 2), m.ones(4, 2, 3)),
     ("RuntimeError", "Bad in-place call: input tensor size [2, 1] and output tensor size [4, 2, 3] should match")),
    ("addr__0d", lambda m: m.ones(()).addr_(m.ones(5), m.ones(10)),
     ("RuntimeError", "2D tensor expected, got 0D tensor for input")),
    ("addr__1d", lambda m: m.ones(10).addr_(m.ones(5), m.ones(10)),
     ("RuntimeError", "2D tensor expected, got 1D tensor for input")),
    ("addr__mismatch", lambda m: m.ones(1, 10).addr_(m.ones(5), m.ones(10)),
     ("RuntimeError", "size mismatch, input: [1, 10], v1: [5], v2: [10]")),
    ("addr__leaf", lambda m: m.ones((), requires_grad=True).addr_(m.ones(5), m.ones(10)),
     ("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.")),
    ("add__empty_broadcast", lambda m: m.zeros(0, 1, 3).add_(m.zeros(0, 10, 3)),
     ("RuntimeError", "output with shape [0, 1, 3] doesn't match the broadcast shape [0, 10, 3]")),
    ("mul__empty_broadcast", lambda m: m.zeros(0, 1, 3, dtype=m.int64).mul_(m.zeros(0, 10, 3, dtype=m.int64)),
     ("RuntimeError", "output with shape [0, 1, 3] doesn't match the broadcast shape [0, 10, 3]")),
    ("add__leaf", lambda m: m.ones(2, requires_grad=True).add_(1),
     ("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.")),
    ("add__cast", lambda m: m.ones(2, dtype=m.int64).add_(m.ones(2)),
     ("RuntimeError", "result type Float can't be cast to the desired output type Long")),
    # c10's checked conversion of scalars: fill_, clamp bounds, integer pow exponents
    ("fill__uint8_256", lambda m: m.zeros(3, dtype=m.uint8).fill_(256),
     ("RuntimeError", "value cannot be converted to type uint8_t without overflow")),
    ("fill__uint8_minus1", lambda m: m.zeros(3, dtype=m.uint8).fill_(-1),
     ("ok", "tensor([255, 255, 255], dtype=torch.uint8)")),
    ("fill__int8_float", lambda m: m.zeros(3, dtype=m.int8).fill_(127.5),
     ("RuntimeError", "value cannot be converted to type int8_t without overflow")),
    ("fill__int64_huge", lambda m: m.zeros(2, dtype=m.int64).fill_(2 ** 63),
     ("RuntimeError", "value cannot be converted to type int64_t without overflow")),
    ("fill__float_complex", lambda m: m.zeros(3).fill_(1 + 2j),
     ("RuntimeError", "value cannot be converted to type float without overflow")),
    ("fill__float_complex_real", lambda m: m.zeros(2).fill_(2 + 0j), ("ok", "tensor([2., 2.])")),
    ("fill__float_1e39", lambda m: m.zeros(3).fill_(1e39),
     ("RuntimeError", "value cannot be converted to type float without overflow")),
    ("fill__half_one_element", lambda m: m.zeros(1, dtype=m.float16).fill_(1 + 1j),
     ("RuntimeError", "value cannot be converted to type double without overflow")),
    ("fill__half", lambda m: m.zeros(3, dtype=m.float16).fill_(65520.0),
     ("RuntimeError", "value cannot be converted to type c10::Half without overflow")),
    ("clamp_uint8_300", lambda m: m.clamp(m.tensor([3, 7], dtype=m.uint8), 300),
     ("RuntimeError", "value cannot be converted to type uint8_t without overflow")),
    ("clamp__uint8_300", lambda m: m.tensor([3, 7], dtype=m.uint8).clamp_(0, 300),
     ("RuntimeError", "value cannot be converted to type uint8_t without overflow")),
    ("clamp_int_complex", lambda m: m.clamp(m.tensor([3, 7]), 1 + 2j),
     ("NotImplementedError", "clamp is not supported for complex types")),
    ("clamp__int_complex", lambda m: m.tensor([3, 7]).clamp_(1 + 2j),
     ("RuntimeError", "result type ComplexFloat can't be cast to the desired output type long int")),
    ("clamp__float_complex", lambda m: m.tensor([3.0, 7.0]).clamp_(None, 1 + 2j),
     ("RuntimeError", "value cannot be converted to type double without overflow")),
    ("clamp_min__complex", lambda m: m.tensor([3.0, 7.0]).clamp_min_(1 + 2j),
     ("NotImplementedError", "clamp is not supported for complex types")),
    ("clamp_max_int_complex", lambda m: m.clamp_max(m.tensor([3, 7]), 2j),
     ("NotImplementedError", "clamp is not supported for complex types")),
    ("pow__uint8_256", lambda m: m.tensor([2], dtype=m.uint8).pow_(256),
     ("RuntimeError", "value cannot be converted to type uint8_t without overflow")),
    ("pow_int8_200", lambda m: m.tensor([2], dtype=m.int8) ** 200,
     ("RuntimeError", "value cannot be converted to type int8_t without overflow")),
    ("pow_uint8_200", lambda m: m.tensor([2], dtype=m.uint8) ** 200, ("ok", "tensor([0], dtype=torch.uint8)")),
    ("pow_int32_2_31", lambda m: m.tensor([2], dtype=m.int32) ** 2 ** 31,
     ("RuntimeError", "value cannot be converted to type int without overflow")),
    # an in-place result with extra leading 1s is no in-place result (NumPy would drop them)
    ("add__rank_up", lambda m: m.ones(2).add_(m.ones(1, 2)),
     ("RuntimeError", "output with shape [2] doesn't match the broadcast shape [1, 2]")),
    ("mul__rank_up", lambda m: m.ones(2).mul_(m.ones(1, 1, 2)),
     ("RuntimeError", "output with shape [2] doesn't match the broadcast shape [1, 1, 2]")),
    ("masked_fill__rank_up", lambda m: m.ones(2).masked_fill_(m.tensor([[True, False]]), 1.0),
     ("RuntimeError", "output with shape [2] doesn't match the broadcast shape [1, 2]")),
    ("lerp__rank_up", lambda m: m.ones(2).lerp_(m.ones(1, 2), 0.5),
     ("RuntimeError", "output with shape [2] doesn't match the broadcast shape [1, 2]")),
    ("add__int_rank_up", lambda m: m.ones(2, dtype=m.int64).add_(m.ones(1, 2, dtype=m.int64)),
     ("RuntimeError", "output with shape [2] doesn't match the broadcast shape [1, 2]")),
    # a bool result takes an int alpha as a bool
    ("add_bool_alpha", lambda m: m.add(m.tensor([True, False]), m.tensor([True, True]), alpha=2),
     ("ok", "tensor([True, True])")),
    ("add__bool_alpha0", lambda m: m.tensor([True, False]).add_(m.tensor([True, True]), alpha=0),
     ("ok", "tensor([ True, False])")),
]


def _augmented(m, op, other):
    x = m.tensor([1.0, 2.0])
    try:
        exec(f"x {op} other")
    except TypeError as e:
        return str(e)
    return repr(x)


AUGMENTED = [("+=", [1, 2]), ("-=", None), ("*=", "a"), ("/=", (1,)), ("**=", {}), ("//=", [1]), ("%=", None),
             ("&=", "a"), ("|=", [1]), ("^=", None), ("<<=", "a"), (">>=", [2])]


@pytest.mark.parametrize("op,other", AUGMENTED)
def test_augmented_assignment_wrong_operand(op, other):
    """PyTorch's in-place operators return NotImplemented on a TypeError: Python's own message."""
    assert _augmented(ember, op, other) == (f"unsupported operand type(s) for {op}: 'Tensor' and "
                                            f"'{type(other).__name__}'")


@pytest.mark.parametrize("op,other", AUGMENTED)
def test_augmented_assignment_matches_torch(op, other):
    torch = pytest.importorskip("torch")
    assert _augmented(ember, op, other) == _augmented(torch, op, other)


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_golden(case):
    _, fn, golden = case
    assert _outcome(ember, fn) == golden


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_matches_torch(case):
    torch = pytest.importorskip("torch")
    _, fn, _ = case
    assert _outcome(ember, fn) == _outcome(torch, fn)


# ------------------------------------------------------------------ autograd of in-place variants
def _comparison_graph(m, name, tensor_other):
    base = m.tensor([0.3, 0.6, 0.9], requires_grad=True)
    w = m.tensor([0.2, 0.6, 0.7], requires_grad=True)
    x = base * 1
    r = getattr(x, name)(w if tensor_other else 0.6)
    r.sum().backward()
    return (r is x, type(r.grad_fn).__name__, r.requires_grad, r.tolist(), base.grad.tolist(),
            None if w.grad is None else w.grad.tolist())


COMPARISONS = [("eq_", False, "EqBackward0", [0.0, 1.0, 0.0]), ("eq_", True, "EqBackward1", [0.0, 1.0, 0.0]),
               ("gt_", False, "GtBackward0", [0.0, 0.0, 1.0]), ("ne_", True, "NeBackward1", [1.0, 0.0, 1.0]),
               ("less_equal_", False, "LeBackward0", [1.0, 1.0, 0.0]),
               ("greater_", True, "GtBackward1", [1.0, 0.0, 1.0])]


@pytest.mark.parametrize("name,tensor_other,node,values", COMPARISONS)
def test_inplace_comparison_records_node(name, tensor_other, node, values):
    got = _comparison_graph(ember, name, tensor_other)
    assert got == (True, node, True, values, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0] if tensor_other else None)


@pytest.mark.parametrize("name,tensor_other,node,values", COMPARISONS)
def test_inplace_comparison_matches_torch(name, tensor_other, node, values):
    torch = pytest.importorskip("torch")
    assert _comparison_graph(ember, name, tensor_other) == _comparison_graph(torch, name, tensor_other)


def _logical_graph(m, name, mode):
    base = m.tensor([0.3, 0.6, 0.9], requires_grad=True)
    x = {"leaf": lambda: base, "nonleaf": lambda: base * 1, "view": lambda: base[1:],
         "viewnonleaf": lambda: (base * 1)[1:]}[mode]()
    args = () if name == "logical_not_" else (m.ones(x.shape),)
    r = getattr(x, name)(*args)
    r.sum().backward()
    node = None if r.grad_fn is None else type(r.grad_fn).__name__
    return r is x, node, r.requires_grad, r.is_leaf, r.tolist(), base.grad.tolist()


LOGICAL = [("logical_not_", "leaf", (True, None, True, True, [0.0, 0.0, 0.0], [1.0, 1.0, 1.0])),
           ("logical_and_", "nonleaf", (True, "MulBackward0", True, False, [1.0, 1.0, 1.0], [1.0, 1.0, 1.0])),
           ("logical_or_", "view", (True, "AsStridedBackward0", True, False, [1.0, 1.0], [0.0, 1.0, 1.0])),
           ("logical_xor_", "viewnonleaf", (True, "AsStridedBackward0", True, False, [0.0, 0.0],
                                            [0.0, 1.0, 1.0]))]


@pytest.mark.parametrize("name,mode,golden", LOGICAL)
def test_inplace_logical_leaves_history(name, mode, golden):
    """PyTorch has no autograd formula for ``logical_*_``: no leaf check, the history stays."""
    assert _logical_graph(ember, name, mode) == golden


@pytest.mark.parametrize("name,mode,golden", LOGICAL)
def test_inplace_logical_matches_torch(name, mode, golden):
    torch = pytest.importorskip("torch")
    assert _logical_graph(ember, name, mode) == _logical_graph(torch, name, mode)


def _not_implemented_message(m, name):
    x = m.tensor([0.5, 1.5], requires_grad=True) * 1
    getattr(x, name)(m.tensor([1.0, 2.0]))
    try:
        x.sum().backward()
    except RuntimeError as e:
        return type(x.grad_fn).__name__, str(e)
    return type(x.grad_fn).__name__, None


@pytest.mark.parametrize("name", ["floor_divide_", "heaviside_"])
def test_not_implemented_derivative_names_inplace_op(name):
    assert _not_implemented_message(ember, name) == ("NotImplemented",
                                                     f"derivative for aten::{name} is not implemented")


@pytest.mark.parametrize("name", ["floor_divide_", "heaviside_"])
def test_not_implemented_derivative_matches_torch(name):
    torch = pytest.importorskip("torch")
    assert _not_implemented_message(ember, name) == _not_implemented_message(torch, name)


def _polygamma_inplace(m):
    base = m.tensor([0.5, 1.5, 2.5], dtype=m.float64, requires_grad=True)
    x = base * 1
    x.polygamma_(1)
    x.sum().backward()
    return type(x.grad_fn).__name__, [round(v, 10) for v in x.tolist()], [round(v, 10) for v in base.grad.tolist()]


def test_polygamma_inplace_node():
    name, values, grad = _polygamma_inplace(ember)
    assert name == "PolygammaBackward1"
    # trigamma(0.5) = pi^2 / 2; its derivative polygamma(2, 0.5) = -14 zeta(3)
    assert values[0] == pytest.approx(4.934802200544679)
    assert grad[0] == pytest.approx(-16.828796644234316)


def test_polygamma_inplace_matches_torch():
    torch = pytest.importorskip("torch")
    assert _polygamma_inplace(ember) == _polygamma_inplace(torch)


def test_bool_clamp_with_tensor_bound_still_works():
    """Only the scalar-bound kernels lack bool: tensor bounds and int scalars promote as before."""
    b = ember.tensor([True, False])
    assert b.clone().clamp_(ember.tensor(True)).tolist() == [True, True]
    assert ember.clamp(b, 1).tolist() == [1, 1]
    assert ember.clamp(b, 1).dtype == ember.int64


def _xlogy_half(m):
    x = m.tensor([3.0, 7.0, 1.0], dtype=m.float16)
    return [x.clone().xlogy_(2.5).tolist(), m.special.xlog1py(x, m.tensor([1.5, 1.5, 1.5], dtype=m.float16)).tolist()]


def test_xlogy_half_rounds_log_first():
    """PyTorch rounds a half ``log(y)`` to half before the product: 3 * 0.9165 -> 2.75 (not 2.748)."""
    assert _xlogy_half(ember)[0] == [2.75, 6.4140625, 0.91650390625]


def test_xlogy_half_matches_torch():
    torch = pytest.importorskip("torch")
    assert _xlogy_half(ember) == _xlogy_half(torch)
