"""Complex API of ``ember/ops/misc_top.py``: ``view_as_real``, ``view_as_complex``, ``imag``/``real``
(views with setters), ``complex`` and ``polar``: values, shared memory, errors, printed strings and
gradients (golden finite differences everywhere, PyTorch itself when installed)."""
import numpy as np
import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (the oracle) not installed")


def _raises(fn, exc, msg):
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == msg


# ---------------------------------------------------------------- values and shared memory
def test_view_as_real_values_and_memory():
    z = ember.tensor([[1 + 2j, 3 - 4j], [0.5j, -2 + 0j]], dtype=ember.complex128)
    r = ember.view_as_real(z)
    assert r.shape == (2, 2, 2) and r.dtype == ember.float64
    assert r.tolist() == [[[1.0, 2.0], [3.0, -4.0]], [[0.0, 0.5], [-2.0, 0.0]]]
    assert r._base is z and r.stride() == (4, 2, 1) and r.is_contiguous()
    r[..., 1] = 5
    assert z.imag.tolist() == [[5.0, 5.0], [5.0, 5.0]] and z._version == 1
    z.mul_(2)
    assert r[0, 0].tolist() == [2.0, 10.0]


def test_view_as_real_strided_input():
    x = ember.zeros(3, 2, 4, dtype=ember.complex128)[:, :, ::2]
    assert x.stride() == (8, 4, 2)
    assert ember.view_as_real(x).stride() == (16, 8, 4, 1)
    assert (x.imag.stride(), x.imag.storage_offset(), ember.view_as_real(x).storage_offset()) == ((16, 8, 4), 1, 0)
    assert ember.view_as_real(x[1:]).storage_offset() == 16


def test_view_as_complex_values_and_memory():
    f = ember.arange(12.0).reshape(3, 4)[:, 2:]
    c = ember.view_as_complex(f)
    assert c.tolist() == [2 + 3j, 6 + 7j, 10 + 11j] and c.dtype == ember.complex64
    assert (c.storage_offset(), c.stride()) == (1, (2,))
    c.mul_(1j)
    assert f.tolist() == [[-3.0, 2.0], [-7.0, 6.0], [-11.0, 10.0]]
    z = ember.tensor([1 + 2j, 3 + 4j], dtype=ember.complex128)
    back = ember.view_as_complex(ember.view_as_real(z))
    assert back._base is z and back.dtype == ember.complex128 and back.tolist() == z.tolist()
    empty = ember.view_as_complex(ember.zeros(2, 0, 2))
    assert empty.shape == (2, 0) and empty.dtype == ember.complex64


def test_real_imag_are_views_and_settable():
    x = ember.tensor([1 + 2j, 3 - 4j])
    assert x.imag.tolist() == [2.0, -4.0] and ember.imag(x).tolist() == [2.0, -4.0]
    assert x.imag._base is x and x.real._base is x and ember.real(x)._base is x
    assert (x.imag.stride(), x.imag.storage_offset(), x.imag.is_contiguous()) == ((2,), 1, False)
    x.imag = ember.tensor([7.0, 8.0])
    assert x.tolist() == [1 + 7j, 3 + 8j]
    x.imag = 5
    x.real = ember.tensor([0.0, 1.0])
    assert x.tolist() == [5j, 1 + 5j]
    x.imag.mul_(2)
    x.real.add_(1)
    assert x.tolist() == [1 + 10j, 2 + 10j] and x._version == 5
    x.imag += 1
    x.real[0] = 100
    assert x.tolist() == [100 + 11j, 2 + 11j]


def test_zero_dim_complex_views_write_through():
    s = ember.tensor(1 + 2j)
    assert s.imag.item() == 2.0 and s.real.item() == 1.0 and ember.view_as_real(s).tolist() == [1.0, 2.0]
    s.imag.mul_(3)
    assert s.item() == 1 + 6j
    ember.view_as_real(s)[0] = 9
    s.imag = 3
    assert s.item() == 9 + 3j and s.shape == ()


def test_real_of_real_tensor_is_identity_and_settable():
    x = ember.tensor([1.0, 2.0])
    assert x.real is x and ember.real(x) is x
    x.real = ember.tensor([5.0, 6.0])
    assert x.tolist() == [5.0, 6.0]


def test_complex_and_polar_values():
    re, im = ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0])
    c = ember.complex(re, im)
    assert c.dtype == ember.complex64 and c.tolist() == [1 + 3j, 2 + 4j]
    c2 = ember.complex(re.double(), ember.tensor(3.0, dtype=ember.float64))
    assert c2.dtype == ember.complex128 and c2.tolist() == [1 + 3j, 2 + 3j]
    a = np.array([2.0, -1.0, 0.5])
    t = np.array([0.5, 2.0, -3.0])
    p = ember.polar(ember.tensor(a), ember.tensor(t))
    assert p.dtype == ember.complex128
    np.testing.assert_allclose(np.asarray(p.tolist()), a * np.exp(1j * t), rtol=1e-15)
    assert ember.complex(ember.ones(2, 1), ember.zeros(3)).shape == (2, 3)
    out = ember.empty(2, dtype=ember.complex64)
    assert ember.complex(re, im, out=out) is out and out.tolist() == [1 + 3j, 2 + 4j]
    out = ember.empty(2, dtype=ember.complex64)
    assert ember.polar(re, im, out=out) is out
    np.testing.assert_allclose(out.tolist(), [np.exp(3j), 2 * np.exp(4j)], rtol=1e-6)


def test_not_methods_like_torch():
    for name in ("complex", "polar", "view_as_real", "view_as_complex"):
        assert not hasattr(ember.Tensor, name)
    assert callable(ember.imag) and isinstance(ember.Tensor.imag, property)


# ---------------------------------------------------------------- errors (PyTorch 2.13's messages)
def test_view_as_complex_errors():
    msgs = [
        (ember.zeros(2, 3).t(), "Tensor must have a last dimension with stride 1"),
        (ember.zeros(3, 3)[:, :2], "Tensor must have a stride divisible by 2 for all but last dimension"),
        (ember.zeros(3, 3), "Tensor must have a last dimension of size 2"),
        (ember.zeros(7)[1:].view(3, 2), "Tensor must have a storage_offset divisible by 2"),
        (ember.zeros(()), "Input tensor must have one or more dimensions"),
        (ember.zeros(2, dtype=ember.int64), "view_as_complex is only supported for half, float and double tensors, "
                                            "but got a tensor of scalar type: Long"),
        (ember.zeros(3, 2, dtype=ember.complex64), "view_as_complex is only supported for half, float and double "
                                                   "tensors, but got a tensor of scalar type: ComplexFloat"),
    ]
    for x, msg in msgs:
        _raises(lambda: ember.view_as_complex(x), RuntimeError, msg)


def test_real_only_errors():
    for x in (ember.zeros(3), ember.zeros(3, dtype=ember.int32), ember.zeros(2, dtype=ember.bool)):
        _raises(lambda: ember.view_as_real(x), RuntimeError, "view_as_real is only supported for complex tensors")
        _raises(lambda: ember.imag(x), RuntimeError, "imag is not implemented for tensors with non-complex dtypes.")
        _raises(lambda: x.imag, RuntimeError, "imag is not implemented for tensors with non-complex dtypes.")


@pytest.mark.parametrize("fn", [ember.complex, ember.polar])
def test_complex_polar_errors(fn):
    f32, f64 = ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.0], dtype=ember.float64)
    _raises(lambda: fn(f64, f32), RuntimeError,
            "Expected object of scalar type Double but got scalar type Float for second argument")
    _raises(lambda: fn(f32, f64), RuntimeError,
            "Expected object of scalar type Float but got scalar type Double for second argument")
    _raises(lambda: fn(ember.tensor([1, 2]), f32), RuntimeError,
            "Expected both inputs to be Half, Float or Double tensors but got Long and Float")
    _raises(lambda: fn(ember.tensor([1j]), ember.tensor([1j])), RuntimeError,
            "Expected both inputs to be Half, Float or Double tensors but got ComplexFloat and ComplexFloat")
    _raises(lambda: fn(f32, ember.tensor([3.0, 4, 5])), RuntimeError,
            "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
    names = ("real", "imag") if fn is ember.complex else ("abs", "angle")
    _raises(lambda: fn(f32, 3.0), TypeError,
            f"{fn.__name__}(): argument '{names[1]}' (position 2) must be Tensor, not float")
    _raises(lambda: fn(1, f32), TypeError,
            f"{fn.__name__}(): argument '{names[0]}' (position 1) must be Tensor, not int")


# ---------------------------------------------------------------- printing
def test_printed_strings():
    z = ember.tensor([[1.5 + 3j, 1e5 - 2j], [1, 2]], dtype=ember.complex128)
    assert str(ember.view_as_real(z)) == (
        "tensor([[[ 1.5000e+00,  3.0000e+00],\n"
        "         [ 1.0000e+05, -2.0000e+00]],\n\n"
        "        [[ 1.0000e+00,  0.0000e+00],\n"
        "         [ 2.0000e+00,  0.0000e+00]]], dtype=torch.float64)")
    assert str(z.t().imag) == "tensor([[ 3.,  0.],\n        [-2.,  0.]], dtype=torch.float64)"
    w = ember.tensor([1 + 2j, 3 - 4j], requires_grad=True)
    assert str(w.imag) == "tensor([ 2., -4.], grad_fn=<SelectBackward0>)"
    assert str(ember.view_as_real(w)) == "tensor([[ 1.,  2.],\n        [ 3., -4.]], grad_fn=<ViewAsRealBackward0>)"
    assert str(ember.polar(ember.tensor(2.0), ember.tensor(0.5))) == "tensor(1.7552+0.9589j)"
    a = ember.tensor([1.0, -2.0, 0.0], requires_grad=True)
    assert str(ember.complex(a, ember.tensor([0.3, 1.0, 2.0]))) == (
        "tensor([ 1.+0.3000j, -2.+1.0000j,  0.+2.0000j], grad_fn=<ComplexBackward0>)")


# ---------------------------------------------------------------- gradients: golden finite differences
def _numeric_grad(f, xs, eps=1e-6):
    """Central differences of the real scalar ``f(*xs)``; complex inputs get ``dL/dx + 1j dL/dy``
    (PyTorch's convention for the gradient of a real loss)."""
    grads = []
    for k, x in enumerate(xs):
        base = np.array(x.tolist(), dtype=np.asarray(x.tolist()).dtype if x.is_complex() else np.float64)
        g = np.zeros_like(base)
        steps = (1.0, 1j) if x.is_complex() else (1.0,)
        for i in np.ndindex(base.shape):
            for s in steps:
                vals = []
                for sign in (1, -1):
                    b = base.copy()
                    b[i] += sign * eps * s
                    args = list(xs)
                    args[k] = ember.tensor(b, dtype=x.dtype)
                    with ember.no_grad():
                        vals.append(float(f(*args)))
                g[i] += (vals[0] - vals[1]) / (2 * eps) * s
        grads.append(g)
    return grads


def _check_grads(f, *xs):
    xs = [x.detach().requires_grad_() for x in xs]
    got = ember.autograd.grad(f(*xs), xs)
    for g, want in zip(got, _numeric_grad(f, xs)):
        np.testing.assert_allclose(np.asarray(g.tolist()), want, rtol=1e-6, atol=1e-7)


_W = ember.tensor([[0.3, -1.2], [2.0, 0.7], [-0.4, 1.1]], dtype=ember.float64)
_Z = ember.tensor([1 + 2j, -0.5 + 1j, 3 - 1j], dtype=ember.complex128)
_A = ember.tensor([0.7, 1.5, -2.0], dtype=ember.float64)
_T = ember.tensor([0.1, 0.7, 2.5], dtype=ember.float64)


def test_golden_grad_view_as_real_fft():
    _check_grads(lambda z: (ember.view_as_real(ember.fft.fft(z)) ** 2 * _W).sum(), _Z)


def test_golden_grad_real_imag():
    _check_grads(lambda z: (z.imag ** 2 * z.real).sum() + ember.imag(z * z).sum(), _Z)


def test_golden_grad_view_as_complex():
    x = ember.tensor([[1.0, 2.0], [3.0, -4.0], [0.5, 0.25]], dtype=ember.float64)
    _check_grads(lambda x: (ember.view_as_complex(x) * (1 + 2j)).abs().sum(), x)
    _check_grads(lambda x: ember.view_as_real(ember.fft.fft(ember.view_as_complex(x))).pow(3).sum(), x)


def test_golden_grad_complex_and_polar():
    _check_grads(lambda a, t: (ember.view_as_real(ember.complex(a * a, t * a)) ** 3).sum(), _A, _T)
    _check_grads(lambda a, t: (ember.view_as_real(ember.polar(a, t)) ** 2 * _W).sum()
                 + ember.polar(a, t).abs().sum(), _A.abs(), _T)


def test_polar_grad_quirks_follow_pytorch():
    """PyTorch's ``polar_backward`` uses ``sgn(result)``: the gradient for ``abs < 0`` is the negated
    derivative, and ``abs == 0`` gets a zero gradient."""
    a = ember.tensor([-2.0, 0.0], dtype=ember.float64, requires_grad=True)
    t = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    ember.polar(a, t).real.sum().backward()
    np.testing.assert_allclose(a.grad.tolist(), [-np.cos(1.0), 0.0], rtol=1e-15)
    np.testing.assert_allclose(t.grad.tolist(), [2 * np.sin(1.0), 0.0], rtol=1e-15)


def test_grad_fn_names():
    z = ember.tensor([1 + 2j], requires_grad=True)
    a = ember.tensor([1.0, 2.0], requires_grad=True)
    assert z.imag.grad_fn.name() == "SelectBackward0"
    assert z.real.grad_fn.next_functions[0][0].name() == "ViewAsRealBackward0"
    assert ember.view_as_complex(a).grad_fn.name() == "ViewAsComplexBackward0"
    assert ember.complex(a, a).grad_fn.name() == "ComplexBackward0"
    assert ember.polar(a, a).grad_fn.name() == "PolarBackward0"


def test_double_backward_through_complex_and_polar():
    for make, a0 in ((ember.complex, _A), (ember.polar, _A.abs())):  # polar: abs > 0, see the quirk above
        a, t = a0.clone().requires_grad_(), _T.clone().requires_grad_()
        loss = (ember.view_as_real(make(a, t)) ** 3 * _W).sum()
        ga, gt = ember.autograd.grad(loss, (a, t), create_graph=True)

        def first(a2, t2):
            a2, t2 = a2.detach().requires_grad_(), t2.detach().requires_grad_()
            with ember.enable_grad():
                g = ember.autograd.grad((ember.view_as_real(make(a2, t2)) ** 3 * _W).sum(), (a2, t2))
            return (g[0] * g[1]).sum()
        got = ember.autograd.grad((ga * gt).sum(), (a, t))
        for g, want in zip(got, _numeric_grad(first, [a0, _T])):
            np.testing.assert_allclose(g.tolist(), want, rtol=1e-5, atol=1e-6)


def test_inplace_on_imag_view_gradient():
    """CopySlices masks a complex base gradient per component (``.imag`` is half of each element)."""
    z = ember.tensor([1 + 2j, -0.5 + 1j], dtype=ember.complex128, requires_grad=True)
    zz = z * 1
    zz.imag.mul_(2)
    zz.abs().sum().backward()
    want = np.array([1 + 8j, -0.5 + 4j]) / np.abs([1 + 4j, -0.5 + 2j])
    np.testing.assert_allclose(np.asarray(z.grad.tolist()), want, rtol=1e-12)


def test_grad_times_complex_constant_tensor():
    """The raw vjp of MulBackward0 conjugates only the operands it saved."""
    a = ember.tensor([[1.0, 2.0]], dtype=ember.float64, requires_grad=True)
    (ember.view_as_complex(a) * ember.tensor([1 + 1j], dtype=ember.complex128)).real.sum().backward()
    assert a.grad.tolist() == [[1.0, -1.0]]


# ---------------------------------------------------------------- against PyTorch
def _program(m):
    """One program run with ember and with torch; returns printed strings and gradients."""
    out = []
    z = m.tensor([[1 + 2j, 3 - 4j], [0.5j, -2 + 0j]], dtype=m.complex128, requires_grad=True)
    x = m.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, -6.0, 7.0, 8.0]], dtype=m.float64, requires_grad=True)
    a = m.tensor([0.7, 1.5, -2.0, 0.0], dtype=m.float64, requires_grad=True)
    t = m.tensor([0.1, 0.7, 2.5, 1.0], dtype=m.float64, requires_grad=True)
    w = m.arange(8.0, dtype=m.float64).reshape(2, 2, 2)
    r = m.view_as_real(m.fft.fft(z, dim=0))
    out += [str(r), str(z.imag), str(z.real), str(z.t().imag)]
    loss = (r * w).sum() + (z.imag ** 2 * z.real).sum() + (m.view_as_real(m.fft.rfft(x)) ** 2).sum()
    c = m.complex(a * a, t)
    p = m.polar(a, t)
    out += [str(c), str(p), str(m.view_as_complex(x.reshape(2, 2, 2)))]
    loss = loss + (m.view_as_real(c) ** 3).sum() + (m.view_as_real(p) * w.reshape(4, 2)).sum()
    loss = loss + m.view_as_complex(x.reshape(2, 2, 2)).abs().sum()
    loss.backward()
    out += [str(g.grad) for g in (z, x, a, t)]
    return out


@needs_torch
def test_program_matches_torch():
    for got, want in zip(_program(ember), _program(torch)):
        assert got == want


def _edge_strings(m):
    out = []
    x = m.tensor([1 + 2j, 3 - 4j])
    x.imag = m.tensor([7.0, 8.0])
    x.imag.mul_(2)
    x.real.add_(1)
    out += [str(x), str(x._version), str(x.imag.stride()), str(x.imag.storage_offset())]
    f = m.arange(12.0).reshape(3, 4)[:, 2:]
    c = m.view_as_complex(f)
    c.mul_(1j)
    out += [str(f), str(c), str(c.stride()), str(c.storage_offset())]
    s = m.tensor(1 + 2j)
    s.imag = 3
    s.real = m.tensor(7.0)
    out += [str(s), str(m.view_as_real(s))]
    b = m.tensor([[1.0, 2.0], [3.0, -4.0]], dtype=m.float64, requires_grad=True)
    bb = b * 1
    m.view_as_complex(bb)[1].mul_(1 + 2j)
    (bb ** 2).sum().backward()
    out += [bb.grad_fn.name(), str(b.grad)]
    return out


@needs_torch
def test_edge_strings_match_torch():
    assert _edge_strings(ember) == _edge_strings(torch)


@needs_torch
def test_double_backward_matches_torch():
    res = []
    for m in (ember, torch):
        a = m.tensor([0.0, 1.5, -2.0], dtype=m.float64, requires_grad=True)
        t = m.tensor([0.1, 0.7, 2.5], dtype=m.float64, requires_grad=True)
        w = m.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=m.float64)
        loss = (m.view_as_real(m.polar(a, t)) ** 2 * w).sum() + (m.view_as_real(m.complex(a * t, a)) ** 3).sum()
        ga, gt = m.autograd.grad(loss, (a, t), create_graph=True)
        res.append([str(g) for g in m.autograd.grad((ga * gt + ga ** 2).sum(), (a, t))])
    assert res[0] == res[1]


@needs_torch
def test_errors_match_torch():
    cases = [lambda m: m.view_as_complex(m.zeros(3, 3)[:, :2]), lambda m: m.view_as_complex(m.zeros(2, 3).t()),
             lambda m: m.view_as_complex(m.zeros(7)[1:].view(3, 2)), lambda m: m.view_as_real(m.zeros(2)),
             lambda m: m.zeros(2).imag, lambda m: m.complex(m.zeros(2), m.zeros(3)),
             lambda m: m.polar(m.zeros(2, dtype=m.float64), m.zeros(2)), lambda m: m.complex(m.zeros(2), 1.0)]
    for case in cases:
        msgs = []
        for m in (ember, torch):
            with pytest.raises(Exception) as info:
                case(m)
            msgs.append((type(info.value).__name__, str(info.value)))
        assert msgs[0] == msgs[1]


def test_mH_and_H_conjugate_complex():
    z = ember.tensor([[1 + 2j, 3 - 1j]], dtype=ember.complex128)
    assert z.H.tolist() == [[1 - 2j], [3 + 1j]] and z.mH.tolist() == [[1 - 2j], [3 + 1j]]
    assert tuple(ember.ones(2, 3, 4).mH.shape) == (2, 4, 3) and ember.ones(2, 3).H.dtype == ember.float32
    with pytest.raises(RuntimeError, match=r"^tensor\.H is only supported on matrices \(2-D tensors\)\. Got 1-D tensor\.$"):
        ember.ones(3).H
    with pytest.raises(RuntimeError, match="Got 3-D tensor. For batches of matrices, consider using tensor.mH"):
        ember.ones(2, 3, 4).H
    with pytest.raises(RuntimeError, match=r"^tensor\.mH is only supported on matrices or batches of matrices\."):
        ember.ones(3).mH
    with pytest.warns(UserWarning, match="Tensor.H is deprecated on 0-D tensors"):
        assert ember.tensor(2 + 1j).H.item() == 2 - 1j
