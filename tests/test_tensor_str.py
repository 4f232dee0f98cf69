"""Tests for ember._tensor_str: output must equal PyTorch 2.13's repr exactly.

Every case in ``CASES`` is checked against golden strings recorded from real
torch (``tests/golden/tensor_str.json``, regenerate with
``python3 tests/golden/make_tensor_str_golden.py``) and, when ``torch`` is
importable, against live torch as well.
"""

from __future__ import annotations

import contextlib
import json
import math
import pathlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

import numpy as np
import pytest

from ember import _tensor_str as ts

GOLDEN_PATH = pathlib.Path(__file__).parent / "golden" / "tensor_str.json"


# --------------------------------------------------------------------------
# Case table
# --------------------------------------------------------------------------


@dataclass
class Case:
    """One printing scenario.

    kind: "tensor" -> repr(t); "parameter" -> repr(nn.Parameter(t));
    "format" -> format(t, spec).
    grad_fn: None, "MulBackward0" (t * 1) or "CloneBackward0" (t.clone()).
    """

    id: str
    data: Callable[[], np.ndarray]
    dtype: str = "float32"
    kind: str = "tensor"
    requires_grad: bool = False
    grad_fn: Optional[str] = None
    device: Optional[str] = None
    default_dtype: str = "float32"
    options: dict[str, Any] = field(default_factory=dict)
    spec: str = ""


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def randn(seed: int, *shape: int, scale: float = 1.0) -> Callable[[], np.ndarray]:
    return lambda: rng(seed).standard_normal(shape) * scale


def randint(seed: int, low: int, high: int, *shape: int) -> Callable[[], np.ndarray]:
    return lambda: rng(seed).integers(low, high, size=shape)


def const(value: Any) -> Callable[[], np.ndarray]:
    return lambda: np.array(value)


def log_uniform(seed: int, lo: float, hi: float, *shape: int) -> Callable[[], np.ndarray]:
    """Random magnitudes spread over 10**lo .. 10**hi, random signs."""

    def make() -> np.ndarray:
        g = rng(seed)
        return 10.0 ** g.uniform(lo, hi, size=shape) * g.choice([-1.0, 1.0], size=shape)

    return make



def hidden_values_2d() -> np.ndarray:
    """Wide values just outside the printed edge rows/columns of a 40x40."""
    arr = np.full((40, 40), 1.5)
    arr[36, 0] = 1e6
    arr[0, 36] = -1e6
    arr[3, 3] = 123456.0
    return arr


def hidden_values_1d() -> np.ndarray:
    arr = np.arange(1001.0)
    arr[3] = -1e9
    arr[997] = 0.5
    return arr


def hidden_values_3d() -> np.ndarray:
    arr = np.ones((12, 12, 12))
    arr[3, 0, 0] = 1e-7
    arr[0, 8, 0] = 7.25
    arr[0, 0, 3] = -1e12
    return arr


nan, inf = math.nan, math.inf

CASES: list[Case] = [
    # ---- 0-d float tensors
    Case("scalar_int_valued", const(4.0)),
    Case("scalar_neg_half", const(-0.5)),
    Case("scalar_tiny", const(1e-5)),
    Case("scalar_zero", const(0.0)),
    Case("scalar_neg_zero", const(-0.0)),
    Case("scalar_nan", const(nan)),
    Case("scalar_neg_inf", const(-inf)),
    Case("scalar_point_one", const(0.1)),
    Case("scalar_huge", const(1e10)),
    Case("scalar_1e8_int", const(123456789.0)),
    Case("scalar_grad_fn", const(93.0), requires_grad=True, grad_fn="MulBackward0"),
    Case("scalar_f64_requires_grad", const(2.0), dtype="float64", requires_grad=True),
    Case("scalar_int64", const(7), dtype="int64"),
    Case("scalar_int64_neg", const(-12), dtype="int64"),
    Case("scalar_int32", const(7), dtype="int32"),
    Case("scalar_bool", const(True), dtype="bool"),
    Case("scalar_f16", const(3.14159), dtype="float16"),
    # ---- empty tensors
    Case("empty_1d", lambda: np.zeros((0,))),
    Case("empty_2_0", lambda: np.zeros((2, 0))),
    Case("empty_0_3", lambda: np.zeros((0, 3))),
    Case("empty_2_0_3", lambda: np.zeros((2, 0, 3))),
    Case("empty_int64", lambda: np.zeros((0,)), dtype="int64"),
    Case("empty_int32_2d", lambda: np.zeros((2, 0)), dtype="int32"),
    Case("empty_bool", lambda: np.zeros((0,)), dtype="bool"),
    Case("empty_f64", lambda: np.zeros((0,)), dtype="float64"),
    Case("empty_f16_grad", lambda: np.zeros((0, 4)), dtype="float16", requires_grad=True),
    Case("empty_requires_grad", lambda: np.zeros((0,)), requires_grad=True),
    # ---- 1-d floats
    Case("vec_ints", const([1.0, 2.0, 3.0])),
    Case("vec_fixed", const([1.5, 2.25, -3.125])),
    Case("vec_neg_zero", const([-0.0, 1.0])),
    Case("vec_neg_zero_frac", const([-0.0, 1.5])),
    Case("vec_zeros", const([0.0, 0.0, 0.0])),
    Case("vec_nan_int", const([nan, 1.0])),
    Case("vec_nan_big_int", const([nan, 100.0, -2.0])),
    Case("vec_nonfinite_only", const([nan, inf, -inf])),
    Case("vec_nan_frac", const([nan, 1.5, -inf])),
    Case("vec_inf_tiny", const([inf, -inf, 1e-5])),
    Case("vec_tiny_one", const([1e-5, 1.0])),
    Case("vec_ratio_under", const([1.0, 1000.5])),
    Case("vec_ratio_over_int", const([1.0, 1001.0])),
    Case("vec_1e8", const([1e8, 1.0])),
    Case("vec_over_1e8", const([1.5e8, 2e8])),
    Case("vec_1e9", const([1e9])),
    Case("vec_min_1e-4", const([1e-4, 1e-3])),
    Case("vec_round_up", const([9.99996, 1.0])),
    Case("vec_round_up_neg", const([-9.99996, 1.5])),
    Case("vec_tiny_value", const([0.00005])),
    Case("vec_randn5", randn(0, 5)),
    Case("vec_randn100_wrap", randn(1, 100)),
    Case("vec_arange30_wrap", lambda: np.arange(30.0)),
    Case("vec_arange_neg", lambda: np.arange(-20.0, 20.0)),
    Case("vec_summarize_1001", randn(2, 1001)),
    Case("vec_arange_1001", lambda: np.arange(1001.0)),
    Case("vec_huge", log_uniform(3, 28, 32, 7)),
    Case("vec_tiny_all", log_uniform(4, -32, -28, 7)),
    Case("vec_mixed_mag", log_uniform(5, -10, 10, 20)),
    Case("vec_f64_exp3", const([1e-300, 1e300, -1e200]), dtype="float64"),
    Case("vec_f64_precise", randn(6, 6), dtype="float64"),
    Case("vec_big_fixed", const([12345.678, -0.5])),
    Case("vec_large_ints_fixed", const([99999.0, -99999.0, 3.0])),
    Case("vec_width_one_element", const([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0] * 3)),
    # ---- 2-d and higher
    Case("mat_3x4", randn(7, 3, 4)),
    Case("mat_int_valued", const([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]), requires_grad=True),
    Case("mat_40x40", randn(8, 40, 40)),
    Case("mat_3x1000", randn(9, 3, 1000)),
    Case("mat_10x100_wrap", randn(10, 10, 100)),
    Case("mat_1x1", const([[5.0]])),
    Case("mat_sci", log_uniform(11, -8, 8, 4, 5)),
    Case("mat_nan_inf", const([[nan, 1.0, -inf], [0.5, inf, -0.0]])),
    Case("t3_2x3x4", randn(12, 2, 3, 4)),
    Case("t3_1x1x1", const([[[2.0]]])),
    Case("t3_20x20x20", randn(13, 20, 20, 20)),
    Case("t3_wrap", randn(14, 2, 2, 30)),
    Case("t4_2x2x2x2", randn(15, 2, 2, 2, 2)),
    Case("t4_summarize", randn(16, 8, 8, 4, 5)),
    Case("t5_small", lambda: np.arange(32.0).reshape(2, 2, 2, 2, 2)),
    # ---- summarisation: hidden middle values must not affect the formatter
    Case("summ_hidden_wide_2d", lambda: hidden_values_2d()),
    Case("summ_hidden_1d", lambda: hidden_values_1d()),
    Case("summ_hidden_3d", lambda: hidden_values_3d()),
    Case("vec_1000_not_summarized", randn(42, 1000)),
    Case("opt_threshold_boundary6", lambda: np.arange(6.0), options=dict(threshold=5)),
    Case("opt_threshold_boundary7", lambda: np.arange(7.0), options=dict(threshold=5)),
    Case("opt_threshold_2d_6x7", lambda: np.arange(42).reshape(6, 7), dtype="int64", options=dict(threshold=5)),
    Case("f16_summarize", randn(43, 1500), dtype="float16"),
    Case("sci_negatives", const([-1e-5, 2e10, -3.5])),
    Case("int_mode_wide", const([12345678.0, 99999.0])),
    Case("int_mode_ratio_sci", const([1e7, 1.0])),
    Case("opt_summarize_linewidth30", randn(44, 3000), options=dict(linewidth=30)),
    # ---- integer / bool dtypes
    Case("int64_arange_neg", lambda: np.arange(-5, 5), dtype="int64"),
    Case("int64_big", const([2**62, -(2**40), 7]), dtype="int64"),
    Case("int32", randint(17, -1000, 1000, 12), dtype="int32"),
    Case("int16_mat", randint(18, -30000, 30000, 3, 4), dtype="int16"),
    Case("int8", randint(19, -128, 128, 10), dtype="int8"),
    Case("uint8", randint(20, 0, 256, 4, 6), dtype="uint8"),
    Case("int64_1001", lambda: np.arange(1001), dtype="int64"),
    Case("int64_40x40", randint(21, -100, 100, 40, 40), dtype="int64"),
    Case("int64_wrap", randint(22, -10**6, 10**6, 50), dtype="int64"),
    Case("bool_vec", const([True, False, True]), dtype="bool"),
    Case("bool_true_only", const([True, True]), dtype="bool"),
    Case("bool_mat", lambda: rng(23).random((5, 7)) > 0.5, dtype="bool"),
    Case("bool_summarize", lambda: rng(24).random((2000,)) > 0.5, dtype="bool"),
    # ---- other float dtypes
    Case("f16_vec", randn(25, 6), dtype="float16"),
    Case("f16_big", const([60000.0, 0.001]), dtype="float16"),
    Case("f16_ints_grad", const([1.0, -2.0]), dtype="float16", requires_grad=True),
    Case("f64_mat", randn(26, 3, 3), dtype="float64"),
    Case("f64_int_valued", const([1.0, 2.0]), dtype="float64"),
    Case("bf16_vec", const([1.0, 2.5, 3.14159, -100.3]), dtype="bfloat16"),
    # ---- complex
    Case("c64_vec", const([1 + 2j, -0.5 - 1j]), dtype="complex64"),
    Case("c64_scalar", const(1.5 - 2j), dtype="complex64"),
    Case("c64_mat", lambda: (rng(27).standard_normal((3, 4)) + 1j * rng(28).standard_normal((3, 4))), dtype="complex64"),
    Case("c64_neg_zero_imag", const([1 - 0j, complex(2, -0.0)]), dtype="complex64"),
    Case("c128_vec", const([1e-10 + 1j, 3 + 4e5j]), dtype="complex128"),
    Case("c64_summarize", lambda: np.arange(1200) * (1 + 1j), dtype="complex64"),
    # ---- default dtype float64
    Case("dd64_f32", const([1.0, 2.5]), default_dtype="float64"),
    Case("dd64_f64", const([1.0, 2.5]), dtype="float64", default_dtype="float64"),
    Case("dd64_empty_f32", lambda: np.zeros((0,)), default_dtype="float64"),
    Case("dd64_empty_f64", lambda: np.zeros((2, 0)), dtype="float64", default_dtype="float64"),
    Case("dd64_int64", const([1, 2]), dtype="int64", default_dtype="float64"),
    Case("dd64_c128", const([1 + 1j]), dtype="complex128", default_dtype="float64"),
    Case("dd64_c64", const([1 + 1j]), dtype="complex64", default_dtype="float64"),
    Case("dd64_scalar_f32_grad", const(3.0), requires_grad=True, default_dtype="float64"),
    # ---- suffixes and their wrapping
    Case("grad_fn_clone", randn(29, 2, 3), requires_grad=True, grad_fn="CloneBackward0"),
    Case("grad_fn_long_row", const([1.25] * 8), requires_grad=True, grad_fn="MulBackward0"),
    Case("requires_grad_row_edge", const([123.5] * 6), requires_grad=True),
    Case("requires_grad_row_edge2", const([1.5] * 9), requires_grad=True),
    Case("dtype_and_grad_wrap", const([1.5] * 8), dtype="float64", requires_grad=True),
    Case("dtype_wrap_int32", lambda: np.arange(100000, 100013), dtype="int32"),
    Case("grad_fn_matrix", randn(30, 4, 4), requires_grad=True, grad_fn="MulBackward0"),
    Case("device_cpu", const([1.0, 2.0]), device="cpu"),
    Case("device_cpu_dtype_grad", const([1.5] * 6), dtype="float64", device="cpu", requires_grad=True),
    Case("device_empty", lambda: np.zeros((2, 0)), dtype="int32", device="cpu"),
    # ---- nn.Parameter
    Case("param_3x4", randn(31, 3, 4), kind="parameter", requires_grad=True),
    Case("param_no_grad", const([1.0, 1.0]), kind="parameter"),
    Case("param_f64_scalar", const(0.5), dtype="float64", kind="parameter", requires_grad=True),
    # ---- format(t, spec)
    Case("fmt_float", const(4.0), kind="format"),
    Case("fmt_point_one", const(0.1), kind="format"),
    Case("fmt_spec_2f", const(3.14159), kind="format", spec=".2f"),
    Case("fmt_f64_e", const(12345.678), dtype="float64", kind="format", spec="e"),
    Case("fmt_int", const(42), dtype="int64", kind="format", spec="5d"),
    Case("fmt_bool", const(False), dtype="bool", kind="format"),
    Case("fmt_f16", const(0.1), dtype="float16", kind="format"),
    Case("fmt_complex", const(1 + 2j), dtype="complex64", kind="format"),
    Case("fmt_vector", const([1.0, 2.5]), kind="format"),
    # ---- print options
    Case("opt_precision2", randn(32, 5), options=dict(precision=2)),
    Case("opt_precision8_f64", randn(33, 4), dtype="float64", options=dict(precision=8)),
    Case("opt_precision0", const([1.5, 2.25, 0.4]), options=dict(precision=0)),
    Case("opt_precision2_sci", const([1e-6, 1.0]), options=dict(precision=2)),
    Case("opt_threshold5", lambda: np.arange(10), dtype="int64", options=dict(threshold=5)),
    Case("opt_threshold0_scalar", const(2.5), options=dict(threshold=0)),
    Case("opt_threshold5_2d", randn(34, 4, 4), options=dict(threshold=5)),
    Case("opt_edgeitems1", randn(35, 10, 10), options=dict(threshold=50, edgeitems=1)),
    Case("opt_edgeitems0_1d", lambda: np.arange(2000.0), options=dict(edgeitems=0)),
    Case("opt_edgeitems0_2d", randn(36, 40, 40), options=dict(edgeitems=0)),
    Case("opt_edgeitems0_small", const([1.0, 2.0]), options=dict(edgeitems=0)),
    Case("opt_edgeitems0_scalar", const(2.0), options=dict(edgeitems=0)),
    Case("opt_edgeitems0_empty", lambda: np.zeros((0,)), options=dict(edgeitems=0)),
    Case("opt_linewidth40", randn(37, 3, 20), options=dict(linewidth=40)),
    Case("opt_linewidth40_grad", randn(38, 6), requires_grad=True, options=dict(linewidth=40)),
    Case("opt_linewidth200", randn(39, 3, 30), options=dict(linewidth=200)),
    Case("opt_linewidth1", const([1.0, 2.0, 3.0]), options=dict(linewidth=1)),
    Case("opt_profile_short", randn(40, 10, 10), options=dict(profile="short", threshold=20)),
    Case("opt_profile_full", randn(41, 1001), options=dict(profile="full")),
    Case("opt_profile_full_int", lambda: np.arange(1500).reshape(30, 50), dtype="int64", options=dict(profile="full")),
    Case("opt_sci_true", const([1.0, 2.5]), options=dict(sci_mode=True)),
    Case("opt_sci_true_int", const([1.0, 200.0]), options=dict(sci_mode=True)),
    Case("opt_sci_true_zeros", const([0.0, nan]), options=dict(sci_mode=True)),
    Case("opt_sci_false_mixed", const([1e-8, 1e8, 3.5]), options=dict(sci_mode=False)),
    Case("opt_sci_false_int_huge", const([1e20, 1.0]), options=dict(sci_mode=False)),
    Case("opt_sci_false_f64", const([1e-300, 1.0]), dtype="float64", options=dict(sci_mode=False)),
]

CASE_IDS = [c.id for c in CASES]


# --------------------------------------------------------------------------
# Running a case with ember / with real torch
# --------------------------------------------------------------------------


@contextlib.contextmanager
def ember_options(options: dict[str, Any]) -> Iterator[None]:
    """Apply print options to ember, restoring the previous ones afterwards."""
    saved = ts.get_printoptions()
    try:
        if options:
            ts.set_printoptions(**options)
        yield
    finally:
        ts.set_printoptions(**saved)


def ember_str(case: Case) -> str:
    """What ember produces for a case."""
    data = case.data()
    with ember_options(case.options):
        if case.kind == "format":
            return ts.format_scalar(data, case.dtype, case.spec)
        kwargs = dict(
            grad_fn_name=case.grad_fn,
            device=case.device,
            default_dtype_name=case.default_dtype,
        )
        if case.kind == "parameter":
            return ts.format_parameter(data, case.dtype, requires_grad=case.requires_grad, **kwargs)
        return ts.format_tensor(data, case.dtype, requires_grad=case.requires_grad, **kwargs)


@contextlib.contextmanager
def torch_context(torch: Any, case: Case) -> Iterator[None]:
    """Print options, default dtype and (for device cases) a fake default device.

    torch on a CPU-only machine cannot hold CUDA tensors; pretending the
    default device is "cuda" makes torch print ``device='cpu'`` through the
    very same suffix code path as ``device='cuda:0'``.
    """
    saved_opts = torch._tensor_str.get_printoptions()
    saved_default = torch.get_default_dtype()
    saved_device_fn = torch._C._get_default_device
    try:
        torch.set_default_dtype(getattr(torch, case.default_dtype))
        if case.options:
            torch.set_printoptions(**case.options)
        if case.device is not None:
            torch._C._get_default_device = lambda: "cuda"
        yield
    finally:
        torch._C._get_default_device = saved_device_fn
        torch.set_default_dtype(saved_default)
        torch.set_printoptions(**saved_opts)


def torch_tensor(torch: Any, case: Case) -> Any:
    """Build the torch tensor for a case (with grad_fn / requires_grad)."""
    data = case.data()
    dtype = getattr(torch, case.dtype)
    if case.dtype == "bfloat16":
        t = torch.tensor(np.asarray(data, dtype=np.float32)).to(dtype)
    else:
        t = torch.tensor(np.asarray(data).astype(np.dtype(ts._NUMPY_DTYPES[case.dtype]))).to(dtype)
    if case.requires_grad or case.grad_fn:
        t.requires_grad_(True)
    if case.grad_fn == "MulBackward0":
        t = t * 1
    elif case.grad_fn == "CloneBackward0":
        t = t.clone()
    elif case.grad_fn is not None:
        raise ValueError(case.grad_fn)
    return t


def torch_str(torch: Any, case: Case) -> str:
    """What real torch prints for a case."""
    with torch_context(torch, case):
        t = torch_tensor(torch, case)
        if case.kind == "format":
            return format(t, case.spec)
        if case.kind == "parameter":
            return repr(torch.nn.Parameter(t, requires_grad=case.requires_grad))
        return repr(t)


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def golden() -> dict[str, str]:
    return json.loads(GOLDEN_PATH.read_text())


def test_case_ids_unique() -> None:
    assert len(set(CASE_IDS)) == len(CASE_IDS)


def test_golden_covers_all_cases(golden: dict[str, str]) -> None:
    assert sorted(golden) == sorted(CASE_IDS)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_matches_golden(case: Case, golden: dict[str, str]) -> None:
    assert ember_str(case) == golden[case.id]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_matches_live_torch(case: Case) -> None:
    torch = pytest.importorskip("torch")
    assert ember_str(case) == torch_str(torch, case)


def test_print_options_restored_by_cases() -> None:
    for case in CASES:
        ember_str(case)
    assert ts.get_printoptions() == dict(
        precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None
    )


# ---- hand-written expectations (documented torch outputs)


@pytest.mark.parametrize(
    "data, dtype, kwargs, expected",
    [
        (4.0, "float32", {}, "tensor(4.)"),
        (-0.5, "float32", {}, "tensor(-0.5000)"),
        (1e-5, "float32", {}, "tensor(1.0000e-05)"),
        (93.0, "float32", dict(grad_fn_name="AddBackward0"), "tensor(93., grad_fn=<AddBackward0>)"),
        (
            [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]],
            "float32",
            dict(requires_grad=True),
            "tensor([[1., 2., 3.],\n        [3., 2., 1.]], requires_grad=True)",
        ),
        ([1, 2], "int32", {}, "tensor([1, 2], dtype=torch.int32)"),
        (np.zeros((2, 0)), "float32", {}, "tensor([], size=(2, 0))"),
        (2.0, "float64", dict(requires_grad=True), "tensor(2., dtype=torch.float64, requires_grad=True)"),
        ([1.0], "float32", dict(device="cuda:0"), "tensor([1.], device='cuda:0')"),
        (
            [1.0],
            "float32",
            dict(requires_grad=True, grad_fn_name="MulBackward0"),
            "tensor([1.], grad_fn=<MulBackward0>)",
        ),
        ([1.0], "torch.float", {}, "tensor([1.])"),
        ([1, 2], "long", {}, "tensor([1, 2])"),
    ],
)
def test_documented_examples(data: Any, dtype: str, kwargs: dict[str, Any], expected: str) -> None:
    assert ts.format_tensor(np.asarray(data), dtype, **kwargs) == expected


def test_format_parameter_header() -> None:
    out = ts.format_parameter(np.ones(2, dtype=np.float32), "float32")
    assert out == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"


def test_format_scalar_examples() -> None:
    assert ts.format_scalar(np.array(4.0), "float32", "") == "4.0"
    assert ts.format_scalar(np.array(0.1), "float32", "") == "0.10000000149011612"
    assert ts.format_scalar(np.array(3), "int64", "03d") == "003"
    with pytest.raises(TypeError):
        ts.format_scalar(np.array([1.0, 2.0]), "float32", ".2f")


def test_custom_prefix_changes_indent() -> None:
    out = ts.format_tensor(np.eye(2), "float32", prefix="nested(")
    assert out == "nested([[1., 0.],\n        [0., 1.]])"


def test_unknown_dtype_rejected() -> None:
    with pytest.raises(ValueError):
        ts.format_tensor(np.ones(2), "quint8")


# ---- print options API


def test_set_printoptions_profiles() -> None:
    with ember_options({}):
        ts.set_printoptions(profile="short")
        assert ts.get_printoptions() == dict(
            precision=2, threshold=1000, edgeitems=2, linewidth=80, sci_mode=None
        )
        ts.set_printoptions(profile="full", precision=6, sci_mode=True)
        assert ts.get_printoptions() == dict(
            precision=6, threshold=math.inf, edgeitems=3, linewidth=80, sci_mode=True
        )
        ts.set_printoptions(linewidth=100)  # sci_mode resets to None, like torch
        opts = ts.get_printoptions()
        assert opts["sci_mode"] is None and opts["linewidth"] == 100 and opts["precision"] == 6
        ts.set_printoptions(profile="default")
        assert ts.get_printoptions() == dataclass_defaults()


def dataclass_defaults() -> dict[str, Any]:
    return dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)


def test_printoptions_context_manager_restores() -> None:
    before = ts.get_printoptions()
    with ts.printoptions(precision=1):
        assert ts.format_tensor(np.array([1.25]), "float32") == "tensor([1.2])"
    assert ts.get_printoptions() == before


def test_print_options_api_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    saved_torch = torch._tensor_str.get_printoptions()
    try:
        with ember_options({}):
            for kwargs in [
                dict(profile="short"),
                dict(profile="full", edgeitems=5),
                dict(precision=3, sci_mode=False),
                dict(threshold=10),
                dict(profile="bogus", linewidth=33),
                dict(profile="default"),
            ]:
                torch.set_printoptions(**kwargs)
                ts.set_printoptions(**kwargs)
                assert ts.get_printoptions() == torch._tensor_str.get_printoptions()
    finally:
        torch.set_printoptions(**saved_torch)


def test_module_imports_only_numpy_and_stdlib() -> None:
    """Load the module by path in a fresh interpreter; it may pull in nothing
    beyond the standard library and NumPy (in particular, never torch)."""
    import subprocess
    import sys

    code = (
        "import sys, importlib.util\n"
        "before = set(sys.modules)\n"
        "spec = importlib.util.spec_from_file_location('ember_tensor_str', sys.argv[1])\n"
        "m = importlib.util.module_from_spec(spec)\n"
        "sys.modules[spec.name] = m\n"
        "spec.loader.exec_module(m)\n"
        "new = {n.split('.')[0] for n in set(sys.modules) - before} - {spec.name}\n"
        "bad = sorted(n for n in new if n not in sys.stdlib_module_names and n != 'numpy' and not n.startswith('_'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code, ts.__file__], check=True)
