"""h4 probe: volumetric / bicubic ``grid_sample`` (with double backward), exact ``affine_grid``,
anti-aliased ``interpolate``, ``linalg.ldl_factor(_ex)`` / ``ldl_solve``, ``torch.Size``
validation and the factories' argument errors.

Each area has golden values (recorded from PyTorch 2.13, run without it) and, where PyTorch is
installed, a comparison against it.
"""
import itertools

import numpy as np
import pytest

import ember
import ember.nn.functional as EF


def _torch():
    return pytest.importorskip("torch")


def _err(fn):
    """(type name, message) of the exception ``fn()`` raises."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return type(e).__name__, str(e)
    return None


# ---------------------------------------------------------------------------- grid_sample
def test_grid_sample_3d_golden():
    x = ember.arange(24.).reshape(1, 1, 2, 3, 4)
    g = ember.tensor([[[[[-0.9, -0.3, 0.2], [0.35, 0.8, -0.6]]]]])
    y = EF.grid_sample(x, g, mode="bilinear", padding_mode="zeros", align_corners=False)
    np.testing.assert_allclose(y.numpy().ravel(), [7.420001029968262, 7.344001770019531], rtol=1e-6)
    y = EF.grid_sample(x, g, mode="nearest", padding_mode="border", align_corners=True)
    assert y.numpy().ravel().tolist() == [16.0, 10.0]
    y = EF.grid_sample(x, g * 1.7, mode="bilinear", padding_mode="reflection", align_corners=True)
    np.testing.assert_allclose(y.numpy().ravel(), [10.795000076293945, 9.07249927520752], rtol=1e-6)
    assert y.shape == (1, 1, 1, 1, 2)


def test_grid_sample_bicubic_golden_with_grads():
    x = ember.arange(20.).reshape(1, 1, 4, 5).requires_grad_()
    g = ember.tensor([[[[-0.7, 0.1], [0.45, -0.95]]]], requires_grad=True)
    y = EF.grid_sample(x, g, mode="bicubic", padding_mode="zeros", align_corners=False)
    assert y.grad_fn.name() == "GridSampler2DBackward0"
    np.testing.assert_allclose(y.detach().numpy().ravel(), [9.35574722290039, 1.4234411716461182], rtol=1e-5)
    gx, gg = ember.autograd.grad(y.sum(), (x, g))
    np.testing.assert_allclose(gg.numpy().ravel(), [4.906640529632568, 9.617586135864258, 2.7527341842651367,
                                                    6.233133792877197], rtol=1e-5)
    np.testing.assert_allclose(gx.numpy().ravel()[:5], [-0.04152834787964821, -0.0123662194237113,
                                                        -0.0500185564160347, 0.6964453458786011,
                                                        0.08261719346046448], rtol=1e-5, atol=1e-7)


def test_grid_sample_5d_gradcheck_and_double_backward():
    rng = np.random.default_rng(3)
    x = ember.tensor(rng.standard_normal((1, 2, 3, 3, 4)), requires_grad=True)
    g = ember.tensor(rng.random((1, 2, 2, 1, 3)) * 2.4 - 1.2, requires_grad=True)
    for mode, pm in (("bilinear", "reflection"), ("bilinear", "zeros"), ("nearest", "border")):
        def f(a, b, mode=mode, pm=pm):
            return EF.grid_sample(a, b, mode=mode, padding_mode=pm, align_corners=False)
        assert ember.autograd.gradcheck(f, (x, g))
        assert ember.autograd.gradgradcheck(f, (x, g))
    y = EF.grid_sample(x, g, align_corners=True)
    assert y.grad_fn.name() == "GridSampler3DBackward0"
    gx, gg = ember.autograd.grad((y * y).sum(), (x, g), create_graph=True)
    assert gx.grad_fn.name() == "GridSampler3DBackwardBackward0"
    assert gx.grad_fn is gg.grad_fn


def test_grid_sample_nearest_double_backward_undefined_input_grad():
    x = ember.rand(1, 1, 3, 3, dtype=ember.float64, requires_grad=True)
    g = (ember.rand(1, 2, 2, 2, dtype=ember.float64) * 2 - 1).requires_grad_()
    y = EF.grid_sample(x, g, mode="nearest", align_corners=False)
    go = ember.rand(y.shape, dtype=ember.float64, requires_grad=True)
    gx, gg = ember.autograd.grad(y, (x, g), go, create_graph=True)
    r = ember.autograd.grad(gx.sum(), (go, x, g), allow_unused=True, retain_graph=True)
    assert r[1] is None and float(r[2].abs().sum()) == 0 and float(r[0].sum()) == 4.0
    assert ember.autograd.grad(gg.sum(), (go, x, g), allow_unused=True) == (None, None, None)


def test_grid_sample_errors_golden():
    e = _err(lambda: EF.grid_sample(ember.rand(1, 1, 4, 4, 4), ember.rand(1, 2, 2, 2, 3), mode="bicubic",
                                    align_corners=False))
    assert e == ("RuntimeError", "grid_sampler(): bicubic interpolation only supports 4D input")
    e = _err(lambda: EF.grid_sample(ember.rand(1, 1, 4, 4), ember.rand(1, 2, 2, 2, dtype=ember.float64),
                                    align_corners=False))
    assert e == ("RuntimeError", "expected scalar type Float but found Double")
    e = _err(lambda: EF.grid_sample(ember.ones(1, 1, 4, 4, 4, dtype=ember.int64),
                                    ember.ones(1, 2, 2, 2, 3, dtype=ember.int64), align_corners=False))
    assert e == ("NotImplementedError", "\"grid_sampler3d_cpu\" not implemented for 'Long'")
    e = _err(lambda: EF.grid_sample(ember.rand(1, 1, 4, 4, 4), ember.rand(1, 2, 2, 2), align_corners=False))
    assert e == ("RuntimeError", "grid_sampler(): expected grid to have size 3 in last dimension, but got grid "
                                 "with sizes [1, 2, 2, 2]")
    assert EF.grid_sample(ember.rand(0, 1, 4, 4, 4), ember.rand(0, 2, 2, 2, 3), align_corners=True).shape == \
        (0, 1, 2, 2, 2)


@pytest.mark.parametrize("dims,mode", [(2, "bilinear"), (2, "nearest"), (2, "bicubic"), (3, "bilinear"),
                                       (3, "nearest")])
def test_grid_sample_matches_torch(dims, mode):
    torch = _torch()
    import torch.nn.functional as TF
    rng = np.random.default_rng(dims)
    for pm, ac in itertools.product(("zeros", "border", "reflection"), (False, True)):
        sp = (4, 5) if dims == 2 else (3, 4, 5)
        x = rng.standard_normal((2, 3) + sp)
        g = rng.random((2, 3, 2) + ((2,) if dims == 3 else ()) + (dims,)) * 3 - 1.5
        w1, w2 = rng.standard_normal(x.shape), rng.standard_normal(g.shape)
        xt, gt = torch.tensor(x, requires_grad=True), torch.tensor(g, requires_grad=True)
        xe, ge = ember.tensor(x, requires_grad=True), ember.tensor(g, requires_grad=True)
        yt = TF.grid_sample(xt, gt, mode=mode, padding_mode=pm, align_corners=ac)
        ye = EF.grid_sample(xe, ge, mode=mode, padding_mode=pm, align_corners=ac)
        np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-10)
        a = torch.autograd.grad((yt * yt).sum(), (xt, gt), create_graph=True)
        b = ember.autograd.grad((ye * ye).sum(), (xe, ge), create_graph=True)
        for u, v in zip(a, b):
            np.testing.assert_allclose(v.detach().numpy(), u.detach().numpy(), rtol=1e-9, atol=1e-10)
        a2 = torch.autograd.grad((a[0] * torch.tensor(w1)).sum() + (a[1] * torch.tensor(w2)).sum(), (xt, gt),
                                 allow_unused=True)
        b2 = ember.autograd.grad((b[0] * ember.tensor(w1)).sum() + (b[1] * ember.tensor(w2)).sum(), (xe, ge),
                                 allow_unused=True)
        for u, v in zip(a2, b2):
            assert (u is None) == (v is None)
            if u is not None:
                np.testing.assert_allclose(v.numpy(), u.numpy(), rtol=1e-9, atol=1e-10)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_affine_grid_bit_exact_with_torch():
    torch = _torch()
    import torch.nn.functional as TF
    rng = np.random.default_rng(1)
    for size, ac in itertools.product([(2, 1, 5, 7, 3), (2, 1, 7, 3), (2, 1, 9, 6), (2, 2, 1, 11, 9)],
                                      (False, True)):
        th = rng.standard_normal((2, len(size) - 2, len(size) - 1)).astype(np.float32)
        a = TF.affine_grid(torch.tensor(th), size, align_corners=ac).numpy()
        b = EF.affine_grid(ember.tensor(th), size, align_corners=ac).numpy()
        assert np.array_equal(a, b)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_affine_grid_linspace_rounding_golden():
    th = ember.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    grid = EF.affine_grid(th, (1, 1, 1, 7), align_corners=True)
    # PyTorch's linspace computes the middle entry as 1 - 3 * step with one rounding (an FMA)
    assert grid[0, 0, 3, 0].item() == -2.9802322387695312e-08


# ---------------------------------------------------------------------------- interpolate(antialias=True)
def test_interpolate_antialias_golden():
    x = ember.arange(16.).reshape(1, 1, 4, 4)
    y = EF.interpolate(x, size=(2, 2), mode="bilinear", antialias=True)
    np.testing.assert_allclose(y.numpy().ravel(), [3.5714287757873535, 5.142857551574707, 9.85714340209961,
                                                   11.428571701049805], rtol=1e-6)
    y = EF.interpolate(x, size=(2, 3), mode="bicubic", antialias=True)
    np.testing.assert_allclose(y.numpy().ravel(), [2.537038564682007, 3.847107410430908, 5.1571760177612305,
                                                   9.842823028564453, 11.152892112731934, 12.46296215057373],
                               rtol=1e-6)
    # PyTorch's kernel repeats output row 0 when the output width is 1
    y = EF.interpolate(x, size=(3, 1), mode="bilinear", antialias=True)
    np.testing.assert_allclose(y.numpy().ravel(), [2.7] * 3, rtol=1e-6)
    assert y.grad_fn is None
    xr = x.clone().requires_grad_()
    assert EF.interpolate(xr, size=(2, 2), mode="bicubic", antialias=True).grad_fn.name() == \
        "UpsampleBicubic2DAaBackward0"


def test_interpolate_antialias_errors():
    e = _err(lambda: EF.interpolate(ember.rand(1, 1, 8), size=3, mode="linear", antialias=True))
    assert e == ("ValueError", "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
                               "requires a 4-D tensor as input")
    e = _err(lambda: EF.interpolate(ember.rand(1, 1, 8, 8), size=3, mode="lanczos"))
    assert e == ("ValueError", "Lanczos mode requires antialias=True")


@pytest.mark.parametrize("mode", ["bilinear", "bicubic", "lanczos"])
def test_interpolate_antialias_matches_torch(mode):
    torch = _torch()
    import torch.nn.functional as TF
    rng = np.random.default_rng(0)
    for (hi, wi, ho, wo), sf, ac in itertools.product([(8, 8, 3, 5), (17, 13, 4, 9), (5, 7, 11, 3), (9, 4, 9, 2)],
                                                      (None, 0.37), (False, True)):
        if mode == "lanczos" and ac:
            continue
        x = rng.standard_normal((2, 3, hi, wi))
        kw = dict(size=(ho, wo)) if sf is None else dict(scale_factor=sf)
        acv = None if mode == "lanczos" else ac
        xt, xe = torch.tensor(x, requires_grad=True), ember.tensor(x, requires_grad=True)
        yt = TF.interpolate(xt, mode=mode, align_corners=acv, antialias=True, **kw)
        ye = EF.interpolate(xe, mode=mode, align_corners=acv, antialias=True, **kw)
        assert ye.grad_fn.name() == yt.grad_fn.name()
        np.testing.assert_allclose(ye.detach().numpy(), yt.detach().numpy(), rtol=1e-12, atol=1e-12)
        go = rng.standard_normal(tuple(yt.shape))
        (gt,) = torch.autograd.grad(yt, xt, torch.tensor(go))
        (ge,) = ember.autograd.grad(ye, xe, ember.tensor(go))
        np.testing.assert_allclose(ge.numpy(), gt.numpy(), rtol=1e-11, atol=1e-11)


# ---------------------------------------------------------------------------- ldl
def test_ldl_golden():
    B = ember.tensor([[0., 1., 2.], [1., 0., 3.], [2., 3., 0.]], dtype=ember.float64)
    LD, piv = ember.linalg.ldl_factor(B)
    assert LD.tolist() == [[0.0, 0.0, 0.0], [2.0, 0.0, 0.0], [1.5, 0.5, -3.0]]
    assert piv.tolist() == [-3, -3, 3] and piv.dtype == ember.int32
    x = ember.linalg.ldl_solve(LD, piv, ember.tensor([[1.], [2.], [3.]], dtype=ember.float64))
    np.testing.assert_allclose(x.numpy().ravel(), [1.0, 1 / 3, 1 / 3], rtol=1e-15)
    res = ember.linalg.ldl_factor_ex(ember.zeros(2, 2))
    assert res.info.item() == 1 and res.pivots.tolist() == [1, 2]
    assert repr(res).startswith("torch.return_types.linalg_ldl_factor_ex(")


def test_ldl_errors_and_autograd():
    e = _err(lambda: ember.linalg.ldl_factor(ember.zeros(2, 2)))
    assert e[0] == "RuntimeError" and e[1].endswith("torch.linalg.ldl_factor: Unknown error code: 1.")
    e = _err(lambda: ember.linalg.ldl_factor(ember.ones(2, 3)))
    assert e == ("RuntimeError", "torch.linalg.ldl_factor_ex: A must be batches of square matrices, but they are "
                                 "2 by 3 matrices")
    e = _err(lambda: ember.linalg.ldl_factor(ember.ones(2, 2, dtype=ember.int64)))
    assert e == ("RuntimeError", "torch.linalg.ldl_factor_ex: Expected a floating point or complex tensor as "
                                 "input. Got Long")
    LD, piv = ember.linalg.ldl_factor(ember.eye(3) * 2)
    e = _err(lambda: ember.linalg.ldl_solve(LD, piv, ember.ones(2, 2)))
    assert e == ("RuntimeError", "Incompatible matrix sizes for torch.linalg.ldl_solve: each A matrix is 3 by 3 "
                                 "but each b matrix is 2 by 2")
    x = (ember.eye(2) * 2).requires_grad_()
    ld = ember.linalg.ldl_factor(x).LD
    with pytest.raises(RuntimeError, match="derivative for aten::linalg_ldl_factor_ex is not implemented"):
        ld.sum().backward()


def test_ldl_matches_torch():
    torch = _torch()
    rng = np.random.default_rng(0)
    for n, dt, herm in itertools.product((1, 2, 5, 9), (np.float32, np.float64, np.complex128), (False, True)):
        a = rng.standard_normal((3, n, n))
        if dt == np.complex128:
            a = a + 1j * rng.standard_normal((3, n, n))
        a = a + (np.conj(np.swapaxes(a, -1, -2)) if herm else np.swapaxes(a, -1, -2))
        a[:, np.arange(n), np.arange(n)] *= 0.01          # forces 2 x 2 pivots
        a = a.astype(dt)
        rt = torch.linalg.ldl_factor_ex(torch.tensor(a), hermitian=herm)
        re = ember.linalg.ldl_factor_ex(ember.tensor(a), hermitian=herm)
        assert np.array_equal(rt.pivots.numpy(), re.pivots.numpy())
        tol = 1e-4 if dt == np.float32 else 1e-10
        np.testing.assert_allclose(re.LD.numpy(), rt.LD.numpy(), rtol=tol, atol=tol)
        b = rng.standard_normal((3, n, 2)).astype(dt)
        xt = torch.linalg.ldl_solve(rt.LD, rt.pivots, torch.tensor(b), hermitian=herm).numpy()
        xe = ember.linalg.ldl_solve(re.LD, re.pivots, ember.tensor(b), hermitian=herm).numpy()
        np.testing.assert_allclose(xe, xt, rtol=tol * 100, atol=tol * 100)


# ---------------------------------------------------------------------------- torch.Size
def test_size_validation_golden():
    assert _err(lambda: ember.Size([2.0])) == ("TypeError", "torch.Size() takes an iterable of 'int' (item 0 is "
                                                            "'float')")
    assert _err(lambda: ember.Size([2, None])) == ("TypeError", "torch.Size() takes an iterable of 'int' (item 1 "
                                                                "is 'NoneType')")
    assert _err(lambda: ember.Size([np.float64(2)]))[1].endswith("(item 0 is 'numpy.float64')")
    assert _err(lambda: ember.Size([2 ** 63])) == ("ValueError", "Overflow when unpacking long long")
    assert _err(lambda: ember.Size(5)) == ("TypeError", "'int' object is not iterable")
    assert repr(ember.Size([True, ember.tensor(3), np.int64(4)])) == "torch.Size([1, 3, 4])"
    assert ember.zeros(2, 3).shape == (2, 3) and type(ember.zeros(2).size()) is ember.Size


# ---------------------------------------------------------------------------- factory argument errors
_RAND_SIGS = (" * (tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, "
              "torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad "
              "= False)\n * (tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout "
              "= None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")


def test_factory_errors_golden():
    assert _err(lambda: ember.rand(3, generator=5)) == (
        "TypeError", "rand() received an invalid combination of arguments - got (int, generator=int), but expected "
                     "one of:\n" + _RAND_SIGS)
    assert _err(lambda: ember.randn(2.5)) == (
        "TypeError", "randn(): argument 'size' (position 1) must be tuple of ints, not float")
    assert _err(lambda: ember.rand(2, 2.5)) == (
        "TypeError", "rand(): argument 'size' failed to unpack the object at pos 2 with error \"type must be tuple "
                     "of ints,but got float\"")
    assert _err(lambda: ember.zeros((2.5,))) == (
        "TypeError", "zeros(): argument 'size' (position 1) must be tuple of ints, but found element of type float "
                     "at pos 0")
    assert _err(lambda: ember.zeros((2,), (3,))) == ("TypeError", "zeros() takes 1 positional argument but 2 were "
                                                                  "given")
    assert _err(lambda: ember.zeros(size=(2.5,))) == ("TypeError", "zeros(): argument 'size' must be tuple of "
                                                                   "ints, not tuple")
    assert _err(lambda: ember.zeros(ember.tensor(2.5))) == (
        "TypeError", "zeros(): argument 'size' (position 1) must be tuple of ints, not Tensor")
    assert _err(lambda: ember.rand(3, dtype=ember.int64)) == (
        "NotImplementedError", "\"check_uniform_bounds\" not implemented for 'Long'")
    assert _err(lambda: ember.randn(3, dtype=ember.int32)) == (
        "NotImplementedError", "\"normal_kernel_cpu\" not implemented for 'Int'")
    assert _err(lambda: ember.randperm(-1)) == ("RuntimeError", "Trying to create tensor with negative dimension "
                                                                "-1: [-1]")
    assert _err(lambda: ember.randint(2.5, (3,))) == ("TypeError", "randint(): argument 'high' (position 1) must "
                                                                   "be int, not float")
    assert _err(lambda: ember.randint(5, 3)) == ("TypeError", "randint(): argument 'size' (position 2) must be "
                                                              "tuple of ints, not int")
    assert _err(lambda: ember.full(2, 1.0)) == ("TypeError", "full(): argument 'size' (position 1) must be tuple "
                                                             "of ints, not int")
    assert _err(lambda: ember.ones(2, pin_memory=True))[0] == "RuntimeError"
    assert _err(lambda: ember.zeros(2, layout=5)) == ("TypeError", "zeros(): argument 'layout' must be "
                                                                   "torch.layout, not int")
    assert _err(lambda: ember.empty((2, 3), memory_format=ember.channels_last)) == (
        "RuntimeError", "required rank 4 tensor to use channels_last format")
    assert _err(lambda: ember.Generator().manual_seed(1.5)) == ("RuntimeError", "manual_seed expected a long, "
                                                                                "but got float")
    assert ember.zeros_like(ember.ones(2), dtype=int).dtype == ember.int64
    assert ember.ones(2, 3, dtype=ember.float16, device="cpu", pin_memory=False).dtype == ember.float16
    assert ember.zeros(2, True).shape == (2, 1)


def test_sampler_method_errors_golden():
    t = ember.empty(3, dtype=ember.int64)
    assert _err(lambda: t.uniform_()) == ("NotImplementedError", "\"check_uniform_bounds\" not implemented for "
                                                                 "'Long'")
    assert _err(lambda: t.exponential_()) == (
        "RuntimeError", "Exponential distribution is a continuous probability distribution. dtype must be a "
                        "floating point but you specified Long")
    assert _err(lambda: t.cauchy_()) == (
        "RuntimeError", "Cauchy distribution is a continuous probability distribution. dtype must be a floating "
                        "point but you specified long int")
    assert _err(lambda: t.log_normal_()) == ("NotImplementedError", "\"log_normal_cpu\" not implemented for 'Long'")
    assert _err(lambda: ember.ones(2).uniform_(generator=5)) == (
        "TypeError", "uniform_(): argument 'generator' must be torch.Generator, not int")
    assert _err(lambda: ember.multinomial(ember.ones(2), 1, generator=5)) == (
        "TypeError", "multinomial(): argument 'generator' must be torch.Generator, not int")
    msg = _err(lambda: ember.normal(0, 1))
    assert msg[0] == "TypeError" and msg[1].startswith("normal() received an invalid combination of arguments - "
                                                       "got (int, int), but expected one of:\n")
    ember.manual_seed(0)
    assert t.geometric_(0.5).dtype == ember.int64


def test_factory_errors_match_torch():
    torch = _torch()
    cases = ["rand(3, generator=5)", "randn(2, 3, generator='a')", "randint(5, (3,), generator=5)",
             "randperm(4, generator=5)", "normal(0., 1., (2,), generator=5)", "zeros(2.5)", "zeros([2, [3]])",
             "zeros(None)", "rand((2,), 3)", "rand(2.5, 2)", "randint(5.0, (3,))", "randperm(2.5)",
             "bernoulli(M.ones(2) * .5, generator=5)", "normal(0., 1., 3)", "rand_like(M.ones(2), generator=5)",
             "randint_like(M.ones(2), 5, generator=5)", "empty(3, dtype=M.long).normal_()",
             "empty(3, dtype=M.bool).geometric_(0.5)", "ones(2).random_(generator=5)"]
    for c in cases:
        a = _err(lambda c=c: eval("M." + c, {"M": torch}))
        b = _err(lambda c=c: eval("M." + c, {"M": ember}))
        assert a == b, c


def test_size_arithmetic_golden():
    s = ember.Size([2, 3])
    assert repr(s * 2) == "torch.Size([2, 3, 2, 3])" and type(2 * s) is ember.Size
    assert repr((1,) + s) == "torch.Size([1, 2, 3])"
    assert _err(lambda: s + [4]) == ("TypeError", "can only concatenate tuple (not list) to torch.Size")
    assert _err(lambda: s + (2.5,)) == ("TypeError", "torch.Size() takes an iterable of 'int' (item 2 is 'float')")
    assert _err(lambda: [1] + s)[0] == "TypeError"


# ---------------------------------------------------------------------------- linalg leftovers
def test_singular_det_inverse_solve_golden():
    sing = ember.tensor([[1., 2.], [2., 4.]])
    assert repr(ember.linalg.det(sing)) == "tensor(-0.)"
    assert repr(ember.linalg.slogdet(sing).sign) == "tensor(-0.)"
    inv = ember.linalg.inv_ex(sing)
    assert inv.inverse.tolist() == [[-np.inf, np.inf], [np.inf, -np.inf]] and inv.info.item() == 2
    res = ember.linalg.solve_ex(sing, ember.ones(2))
    assert res.result.tolist() == [-np.inf, np.inf] and res.info.item() == 2
    batch = ember.stack([ember.eye(2), sing])
    res = ember.linalg.solve_ex(batch, ember.ones(2, 2, 1))
    assert res.info.tolist() == [0, 2] and res.result[0].tolist() == [[1.0], [1.0]]


def test_linalg_error_messages_golden():
    r = ember.ones(4, 3)
    assert _err(lambda: ember.linalg.multi_dot([r, r])) == (
        "RuntimeError", "multi_dot(): tensors 0 and 1 with shapes [4, 3] and [4, 3] cannot be multiplied")
    assert _err(lambda: ember.linalg.svd(r, driver="gesvd")) == (
        "RuntimeError", "torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                        "cuSOLVER backend.")


def test_singular_solves_match_torch():
    torch = _torch()
    mats = [[[1., 2.], [2., 4.]], [[0., 0.], [0., 0.]], [[0., 1.], [0., 2.]], [[1., 2., 3.], [2., 4., 6.], [1., 0., 1.]],
            [[1., 1., 0.], [1., 1., 0.], [0., 0., 1.]]]
    for m, dt in itertools.product(mats, ("float32", "float64")):
        a = np.array(m, dtype=dt)
        n = a.shape[0]
        b = np.arange(n * 2, dtype=dt).reshape(n, 2)
        rt = torch.linalg.solve_ex(torch.tensor(a), torch.tensor(b))
        re = ember.linalg.solve_ex(ember.tensor(a), ember.tensor(b))
        assert np.array_equal(rt.result.numpy(), re.result.numpy(), equal_nan=True) and rt.info.item() == re.info.item()
        it, ie = torch.linalg.inv_ex(torch.tensor(a)), ember.linalg.inv_ex(ember.tensor(a))
        assert np.array_equal(it.inverse.numpy(), ie.inverse.numpy(), equal_nan=True)
        dt_, de = torch.linalg.det(torch.tensor(a)), ember.linalg.det(ember.tensor(a))
        assert repr(dt_) == repr(de)


def test_det_is_lu_product_golden():
    # PyTorch multiplies U's diagonal (of the LU of A^T) directly: integer matrices give exact integers
    assert repr(ember.linalg.det(ember.tensor([[-2., 1.], [4., 3.]], dtype=ember.float64))) == \
        "tensor(-10., dtype=torch.float64)"
    assert repr(ember.det(ember.tensor([[-7., -1.], [-4., -2.]]))) == "tensor(10.)"
    assert repr(ember.linalg.det(ember.tensor([[0., 1.], [0., 2.]]))) == "tensor(-0.)"
    assert repr(ember.linalg.det(ember.tensor([[0., 0.], [1., 1.]]))) == "tensor(0.)"
    s = ember.linalg.slogdet(ember.tensor([[0., 1.], [0., 2.]]))
    assert repr(s.sign) == "tensor(-0.)" and s.logabsdet.item() == -np.inf


def test_random_op_errors_golden():
    assert _err(lambda: ember.multinomial(ember.tensor([1, 2]), 1)) == (
        "RuntimeError", "multinomial only supports floating-point dtypes for input, got: Long")
    assert _err(lambda: ember.multinomial(ember.tensor([1., 1.]), 2.0)) == (
        "TypeError", "multinomial(): argument 'num_samples' (position 2) must be int, not float")
    assert _err(lambda: ember.bernoulli(ember.tensor([1, 0]))) == (
        "NotImplementedError", "\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'")
    assert _err(lambda: ember.poisson(ember.tensor([1, 2]))) == (
        "NotImplementedError", "\"poisson_cpu\" not implemented for 'Long'")
    assert _err(lambda: ember.normal(ember.zeros(2), ember.ones(3))) == (
        "RuntimeError", "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
    assert _err(lambda: ember.empty(3).uniform_(0, float("inf"))) == ("RuntimeError", "to is out of bounds for float")
    assert _err(lambda: ember.randperm(300, dtype=ember.int8)) == (
        "RuntimeError", "value cannot be converted to type int8_t without overflow")
    assert _err(lambda: ember.randperm(3000, dtype=ember.float16)) == (
        "RuntimeError", "n cannot be greater than 2049 for Half type.")
    assert _err(lambda: ember.randint(0, 2 ** 63, (2,))) == ("ValueError", "Overflow when unpacking long long")
    with pytest.warns(UserWarning, match=r"to - 1 is out of bounds \[-\(2\^24\), 2\^24\]"):
        ember.empty(3).random_(0, 2 ** 24 + 2)


def test_random_streams_match_torch():
    torch = _torch()
    cases = ["M.randint(-3, 3, (2, 3), dtype=M.int32)", "M.randperm(10, dtype=M.int16)", "M.normal(M.arange(4.), 2.)",
             "M.multinomial(M.tensor([[1., 2., 3., 4.], [4., 3., 2., 1.]]), 2)", "M.bernoulli(M.full((6,), 0.3))",
             "M.poisson(M.tensor([0.5, 1., 5., 20., 100.]))", "M.empty(5).exponential_(3.)",
             "M.empty(5, dtype=M.int64).geometric_(0.5)", "M.empty(5).cauchy_()", "M.empty(5).log_normal_()",
             "M.empty(4, 3).t().uniform_()", "M.randn(2, 3, dtype=M.float16)"]
    for c in cases:
        vals = []
        for M in (torch, ember):
            M.manual_seed(1234)
            vals.append(np.asarray(eval(c, {"M": M}).numpy()).tolist())
        assert vals[0] == vals[1], c


def test_arange_eye_full_range_golden():
    assert _err(lambda: ember.arange("a")) == ("TypeError", "arange(): argument 'end' (position 1) must be Number, "
                                                            "not str")
    e = _err(lambda: ember.arange(5, step=0.5))
    assert e[0] == "TypeError" and e[1].startswith("arange() received an invalid combination of arguments - got "
                                                   "(int, step=float), but expected one of:\n * (Number end, *, ")
    assert _err(lambda: ember.arange(1, None))[1].startswith("arange() received an invalid combination of "
                                                             "arguments - got (int, NoneType)")
    assert ember.arange(end=3).tolist() == [0, 1, 2] and ember.arange(start=1, end=3).tolist() == [1, 2]
    assert _err(lambda: ember.arange(0, 3, dtype=ember.complex64)) == (
        "NotImplementedError", "\"arange_cpu\" not implemented for 'ComplexFloat'")
    out = ember.empty(2)
    with pytest.warns(UserWarning, match="The number of elements in the out tensor of shape"):
        ember.arange(0, 10, 3, out=out)
    assert out.tolist() == [0.0, 3.0, 6.0, 9.0]
    with pytest.warns(UserWarning, match="torch.range is deprecated"):
        assert _err(lambda: ember.range(0, 3, 0)) == ("RuntimeError", "step must be nonzero")
    assert _err(lambda: ember.eye(2.5)) == ("TypeError", "eye(): argument 'n' (position 1) must be int, not float")
    assert _err(lambda: ember.full((2,), 300, dtype=ember.uint8)) == (
        "RuntimeError", "value cannot be converted to type uint8_t without overflow")
    assert _err(lambda: ember.full((2,), float("nan"), dtype=ember.int32)) == (
        "RuntimeError", "value cannot be converted to type int without overflow")
    assert ember.full((2,), -1, dtype=ember.uint8).tolist() == [255, 255]
    assert ember.full((2,), 2.7, dtype=ember.int64).tolist() == [2, 2]


# ---------------------------------------------------------------------------- embedding_bag(scale_grad_by_freq)
def test_embedding_bag_scale_grad_by_freq_golden():
    # PyTorch divides the k-th distinct index's gradient by the count of sorted_indices[k]
    w = ember.zeros(6, 1, requires_grad=True)
    y = EF.embedding_bag(ember.tensor([1, 2, 4, 5, 4, 3, 2, 2]), w, ember.tensor([0, 3, 5]), mode="sum",
                         scale_grad_by_freq=True)
    y.backward(ember.tensor([[1.], [10.], [100.]]))
    np.testing.assert_allclose(w.grad.numpy().ravel(), [0.0, 1.0, 67.0, 100 / 3, 11 / 3, 10.0], rtol=1e-6)
    e = _err(lambda: EF.embedding_bag(ember.tensor([1, 2]), w, ember.tensor([0]), mode="max",
                                      scale_grad_by_freq=True))
    assert e == ("ValueError", "max mode does not support scaling the gradient by the frequency")


def test_embedding_bag_scale_grad_by_freq_matches_torch():
    torch = _torch()
    import torch.nn.functional as TF
    rng = np.random.default_rng(5)
    for mode, case in itertools.product(("sum", "mean"), ("1d", "2d", "pad", "psw")):
        if case == "psw" and mode != "sum":
            continue
        w = rng.standard_normal((6, 3))
        inp = rng.integers(0, 6, (3, 4)) if case == "2d" else rng.integers(0, 6, 12)
        offs = None if case == "2d" else np.array([0, 4, 9])
        kw = {"padding_idx": 2} if case == "pad" else {}
        psw = rng.standard_normal(inp.shape) if case == "psw" else None
        g = None
        grads = []
        for M, F in ((torch, TF), (ember, EF)):
            W = M.tensor(w, requires_grad=True)
            P = None if psw is None else M.tensor(psw, requires_grad=True)
            y = F.embedding_bag(M.tensor(inp), W, None if offs is None else M.tensor(offs), mode=mode,
                                scale_grad_by_freq=True, per_sample_weights=P, **kw)
            g = rng.standard_normal(tuple(y.shape)) if g is None else g
            grads.append([t.numpy() for t in M.autograd.grad(y, (W,) if P is None else (W, P), M.tensor(g))])
        for a, b in zip(*grads):
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-12)


def test_cond_and_linalg_error_names_golden():
    A = ember.tensor([[2., 1.], [1., 3.]], requires_grad=True)
    c = ember.linalg.cond(A, "fro")
    assert c.grad_fn.name() == "NanToNumBackward0" and abs(c.item() - 3.0) < 1e-6
    with pytest.raises(RuntimeError, match="which is output 0 of LinalgInvEx, is at version 1; expected version 0"):
        c.backward()
    c = ember.linalg.cond(A, "nuc")
    assert c.grad_fn.name() == "MulBackward0" and abs(c.item() - 5.0) < 1e-6
    c.backward()
    assert repr(ember.linalg.cond(ember.ones(2, 2), 1)) == "tensor(inf)"
    assert ember.linalg.cond(ember.stack([ember.eye(2), ember.ones(2, 2)]), float("inf")).tolist() == [1.0, np.inf]
    h = ember.ones(2, 2, dtype=ember.float16)
    assert _err(lambda: ember.linalg.inv(h)) == ("RuntimeError", "linalg.inv: Low precision dtypes not supported. "
                                                                 "Got Half")
    assert _err(lambda: ember.linalg.svd(h)) == ("NotImplementedError", "\"linalg_svd_cpu\" not implemented for "
                                                                        "'Half'")
    assert _err(lambda: ember.linalg.det(h)) == ("NotImplementedError", "\"lu_cpu\" not implemented for 'Half'")
    A3 = ember.ones(3, 2, 2)
    assert _err(lambda: ember.linalg.solve(A3, ember.ones(2, 2, 2))) == (
        "RuntimeError", "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
    Z = ember.stack([ember.eye(2), ember.zeros(2, 2)])
    e = _err(lambda: ember.linalg.solve_ex(Z, ember.ones(2, 2), check_errors=True))
    assert e[1] == "torch.linalg.solve_ex: (Batch element 1): The solver failed because the input matrix is singular."
    e = _err(lambda: ember.linalg.inv_ex(Z, check_errors=True))
    assert e[1].startswith("linalg.inv_ex: (Batch element 1): The diagonal element 1 is zero")


def test_generator_device_and_clone_golden():
    g = ember.Generator()
    assert repr(g.device) == "device(type='cpu')" and repr(ember.Generator("cpu:0").device) == "device(type='cpu')"
    assert _err(lambda: ember.Generator(device="meta")) == ("RuntimeError", "META device type not an accelerator.")
    assert _err(lambda: ember.Generator(5)) == ("RuntimeError", "Cannot access accelerator device when none is "
                                                                "available.")
    g.manual_seed(5)
    h = g.clone_state()
    assert h.initial_seed() == 5 and ember.rand(2, generator=g).tolist() == ember.rand(2, generator=h).tolist()
    assert _err(lambda: g.graphsafe_get_state()) == ("NotImplementedError", "graphsafe_get_state is not supported "
                                                                            "in this Generator")


# ---------------------------------------------------------------------------- uint8 / integer interpolate
def test_interpolate_uint8_golden():
    x = ember.tensor((np.arange(64).reshape(1, 1, 8, 8) * 3).astype(np.uint8))
    y = EF.interpolate(x, size=(3, 5), mode="bilinear")
    assert y.dtype == ember.uint8 and y.numpy().ravel()[:8].tolist() == [21, 26, 31, 35, 40, 85, 90, 95]
    y = EF.interpolate(x, size=(3, 5), mode="bilinear", antialias=True)
    assert y.numpy().ravel()[:8].tolist() == [28, 33, 38, 42, 47, 85, 90, 95]
    y = EF.interpolate(x, size=(3, 5), mode="bicubic", antialias=True)
    assert y.numpy().ravel()[:8].tolist() == [23, 28, 33, 37, 42, 85, 90, 95]
    y = EF.interpolate(x, size=(3, 5), mode="bicubic")
    assert y.numpy().ravel()[:8].tolist() == [19, 24, 29, 33, 38, 85, 90, 95]
    assert _err(lambda: EF.interpolate(ember.ones(2, 3, 4, dtype=ember.uint8), scale_factor=2, mode="linear")) == (
        "NotImplementedError", "\"compute_indices_weights_linear\" not implemented for 'Byte'")
    assert _err(lambda: EF.interpolate(ember.ones(2, 3, 4, 4, dtype=ember.int64), scale_factor=2)) == (
        "NotImplementedError", "\"upsample_nearest2d_channels_last\" not implemented for 'Long'")


def test_interpolate_uint8_matches_torch():
    torch = _torch()
    import torch.nn.functional as TF
    rng = np.random.default_rng(1)
    for c, mode, aa, ac, (hi, wi, ho, wo) in itertools.product(
            (3, 6), ("bilinear", "bicubic"), (True, False), (False, True),
            ((8, 8, 3, 5), (9, 4, 3, 1), (5, 7, 11, 3), (16, 16, 32, 32))):
        x = rng.integers(0, 256, (1, c, hi, wi)).astype(np.uint8)
        a = TF.interpolate(torch.tensor(x), size=(ho, wo), mode=mode, antialias=aa, align_corners=ac).numpy()
        b = EF.interpolate(ember.tensor(x), size=(ho, wo), mode=mode, antialias=aa, align_corners=ac).numpy()
        assert np.array_equal(a, b), (c, mode, aa, ac, (hi, wi, ho, wo))


def test_vecdot_1d_is_vdot_golden():
    r = ember.linalg.vecdot(ember.ones(3, requires_grad=True), ember.ones(3))
    assert r.grad_fn.name() == "VdotBackward0" and r.item() == 3.0
    assert _err(lambda: ember.linalg.vecdot(ember.ones(3), ember.ones(4))) == (
        "RuntimeError", "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of "
                        "elements, but got 3 and 4 elements respectively")
