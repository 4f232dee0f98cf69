"""Scientific computing and maths with autograd (program probe 6e), run under ``python -m ember run`` and
under PyTorch 2.13; stdout must match exactly.

Programs in the style of researchers and students using PyTorch as an autodiff/numerics library: gradient
descent and Newton iterations, ``autograd.functional`` and ``torch.func``, explicit integrators (pendulum,
n-body, springs, RK4 fits), least squares and decompositions, special functions, FFT spectra, statistics,
numerical integration, gradients at kinks, complex autograd and seeded Monte Carlo.  Values that only
LAPACK/BLAS/FFT summation order would change in the last bit are printed rounded.
"""
from __future__ import annotations

import numpy as np
import pytest
from program_runner import program_tests

import ember

PROGRAMS = {
    'rosenbrock_himmelblau_gd': r'''
import torch
def rosen(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
p = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
lr = 1e-3
for it in range(2001):
    f = rosen(p)
    g, = torch.autograd.grad(f, p)
    if it % 250 == 0:
        print(f"{it:5d} f={f.item():.10f} p={p.detach().tolist()} |g|={g.norm().item():.6e}")
    with torch.no_grad():
        p -= lr * g
print(p)
print(rosen(p).grad_fn.name(), [n[0].name() for n in rosen(p).grad_fn.next_functions])
def himmel(x, y):
    return (x**2 + y - 11)**2 + (x + y**2 - 7)**2
for start in [(0.0, 0.0), (-1.0, 1.0), (-3.0, -3.0), (3.0, -1.0)]:
    q = torch.tensor(start, requires_grad=True)
    opt = torch.optim.SGD([q], lr=0.01, momentum=0.5)
    for i in range(300):
        opt.zero_grad()
        loss = himmel(q[0], q[1])
        loss.backward()
        opt.step()
    print(start, "->", q.detach().round(decimals=4), f"{loss.item():.3e}")
h = torch.autograd.functional.hessian(rosen, torch.tensor([1.0, 1.0], dtype=torch.float64))
print(h)
print(torch.linalg.eigvalsh(h))
print(torch.linalg.cond(h))
''',
    'newton_hessian_functional': r'''
import torch
torch.set_printoptions(precision=6)
def f(x):
    return x[0] ** 4 + x[0] * x[1] + (1 + x[1]) ** 2 + torch.exp(0.1 * x[0])
x = torch.tensor([0.5, 0.5], dtype=torch.float64, requires_grad=True)
for it in range(8):
    y = f(x)
    g, = torch.autograd.grad(y, x, create_graph=True)
    H = torch.stack([torch.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(2)])
    step = torch.linalg.solve(H, g)
    print(it, f"{y.item():.12f}", g.detach(), f"{torch.linalg.det(H).item():.10g}")
    with torch.no_grad():
        x -= step
print(x.detach().round(decimals=10))
print(g.grad_fn.name(), H.requires_grad, step.grad_fn.name())
from torch.autograd.functional import hessian, jacobian, vjp, jvp, hvp, vhp
H2 = hessian(f, x.detach())
print(H2)
print(torch.allclose(H2, H.detach(), atol=1e-6))
v = torch.tensor([1.0, -2.0], dtype=torch.float64)
out, r = hvp(f, x.detach(), v)
print(out, r)
out, r = vhp(f, x.detach(), v)
print(r)
def F(x):
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[1]), x[1].exp()])
J = jacobian(F, torch.tensor([1.0, 2.0], dtype=torch.float64))
print(J)
o, vj = vjp(F, torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64))
print(o, vj)
o, jv = jvp(F, torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor([0.5, 0.5], dtype=torch.float64))
print(jv)
Hs = hessian(lambda a, b: (a * b).sum() ** 2, (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])))
print(type(Hs), len(Hs), [[tuple(h.shape) for h in row] for row in Hs])
print(Hs[0][1])
''',
    'torch_func_transforms': r'''
import torch
from torch.func import grad, vmap, jacrev, jacfwd, hessian, functional_call, grad_and_value
def f(x):
    return (x.sin() * x.cos()).sum()
x = torch.linspace(0, 1, 5, dtype=torch.float64)
print(grad(f)(x))
print(torch.cos(2 * x))
print(vmap(grad(lambda t: t ** 3))(x))
print(jacrev(torch.sin)(x).diagonal())
print(jacfwd(lambda v: v.outer(v))(torch.tensor([1.0, 2.0])).shape)
print(hessian(lambda v: (v ** 3).sum())(torch.tensor([1.0, 2.0, 3.0])))
g, v = grad_and_value(lambda a, b: (a * b).pow(2).sum(), argnums=(0, 1))(torch.tensor([1.0, 2.0]), torch.tensor([3.0, -1.0]))
print(g, v)
model = torch.nn.Linear(3, 2)
torch.manual_seed(0)
model = torch.nn.Linear(3, 2)
params = {k: v.detach() for k, v in model.named_parameters()}
xs = torch.randn(4, 3)
ys = torch.randn(4, 2)
def loss(p, xb, yb):
    out = functional_call(model, p, (xb.unsqueeze(0),))
    return ((out - yb) ** 2).mean()
per = vmap(grad(loss), in_dims=(None, 0, 0))(params, xs, ys)
for k, val in per.items():
    print(k, val.shape)
    print(val.round(decimals=4))
full = grad(loss)(params, xs, ys)
print({k: v.round(decimals=4) for k, v in full.items()})
print(vmap(lambda a: a.sum(), in_dims=1)(torch.arange(6.).reshape(2, 3)))
print(vmap(torch.dot)(torch.ones(3, 2), torch.arange(6.).reshape(3, 2)))
batched_jac = vmap(jacrev(lambda v: v.sin() * v.sum()))(torch.arange(6, dtype=torch.float64).reshape(3, 2))
print(batched_jac)
''',
    'pendulum_integrators': r'''
import torch, math
def simulate(theta0, g, L, dt, steps, method):
    th = theta0
    om = torch.zeros_like(theta0)
    traj = []
    for _ in range(steps):
        if method == "euler":
            th, om = th + dt * om, om - dt * (g / L) * torch.sin(th)
        elif method == "symplectic":
            om = om - dt * (g / L) * torch.sin(th)
            th = th + dt * om
        else:
            def acc(t): return -(g / L) * torch.sin(t)
            k1t, k1o = om, acc(th)
            k2t, k2o = om + 0.5*dt*k1o, acc(th + 0.5*dt*k1t)
            k3t, k3o = om + 0.5*dt*k2o, acc(th + 0.5*dt*k2t)
            k4t, k4o = om + dt*k3o, acc(th + dt*k3t)
            th = th + dt/6*(k1t + 2*k2t + 2*k3t + k4t)
            om = om + dt/6*(k1o + 2*k2o + 2*k3o + k4o)
        traj.append(th)
    return torch.stack(traj), om
for method in ["euler", "symplectic", "rk4"]:
    theta0 = torch.tensor([0.1, 1.0, 3.0], dtype=torch.float64)
    traj, om = simulate(theta0, 9.81, 1.0, 0.01, 200, method)
    E = 0.5 * om ** 2 - 9.81 * torch.cos(traj[-1])
    print(method, traj[-1], E)
    print(traj[::50, 1])
L = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
traj, _ = simulate(torch.tensor([0.5], dtype=torch.float64), 9.81, L, 0.01, 100, "rk4")
traj[-1].sum().backward()
print("dtheta/dL", L.grad)
theta32 = torch.tensor([0.2, 0.4], requires_grad=True)
traj, om = simulate(theta32, 9.81, 1.0, 0.02, 50, "symplectic")
traj.sum().backward()
print(traj.dtype, theta32.grad.round(decimals=4))
print(traj.grad_fn.name())
''',
    'polyfit_lstsq_qr_cholesky': r'''
import torch
torch.manual_seed(0)
x = torch.linspace(-1, 1, 21, dtype=torch.float64)
y_true = 1 - 2 * x + 0.5 * x ** 3
y = y_true + 0.01 * torch.randn(21, dtype=torch.float64)
V = torch.vander(x, N=5, increasing=True)
print(V.shape, V[:3])
sol = torch.linalg.lstsq(V, y.unsqueeze(1))
print(sol.solution.squeeze().round(decimals=6))
print(type(sol).__name__, sol.rank, sol.residuals, sol.singular_values)
coef_normal = torch.linalg.solve(V.T @ V, V.T @ y)
print(coef_normal.round(decimals=6))
coef_pinv = torch.linalg.pinv(V) @ y
print(torch.allclose(coef_pinv, coef_normal))
Q, R = torch.linalg.qr(V)
print(Q.shape, R.shape, torch.allclose(Q @ R, V))
coef_qr = torch.linalg.solve_triangular(R, (Q.T @ y).unsqueeze(1), upper=True).squeeze()
print((coef_qr - coef_normal).abs().max() < 1e-10)
L = torch.linalg.cholesky(V.T @ V)
print(torch.allclose(L @ L.T, V.T @ V), L.diagonal().round(decimals=6))
print(torch.cholesky_solve((V.T @ y).unsqueeze(1), L).squeeze().round(decimals=6))
S = torch.linalg.svdvals(V)
print(S.round(decimals=6))
print(torch.linalg.matrix_rank(V), torch.linalg.matrix_rank(V[:, :2] @ V[:, :2].T))
print(torch.linalg.cond(V).round(decimals=4), torch.linalg.cond(V.T @ V, p='fro').round(decimals=2))
try:
    torch.linalg.cond(V, p='fro')
except RuntimeError as e:
    print('RuntimeError:', e)
for deg in range(1, 6):
    Vd = torch.vander(x, N=deg + 1, increasing=True)
    c = torch.linalg.lstsq(Vd, y).solution
    res = (Vd @ c - y).pow(2).sum()
    print(deg, f"{res.item():.6e}")
x32 = x.float(); y32 = y.float()
V32 = torch.vander(x32, N=4, increasing=True)
c32 = torch.linalg.lstsq(V32, y32).solution
print(c32.dtype, c32.round(decimals=3))
''',
    'special_functions_tour': r'''
import torch
torch.set_printoptions(precision=6)
x = torch.tensor([-2.0, -0.5, 0.0, 0.25, 1.0, 3.0], dtype=torch.float64)
print("erf", torch.special.erf(x))
print("erfc", torch.special.erfc(x))
print("erfcx", torch.special.erfcx(x))
p = torch.tensor([-0.99, -0.5, 0.0, 0.5, 0.9, 1.0], dtype=torch.float64)
print("erfinv", torch.special.erfinv(p))
print("roundtrip", torch.special.erf(torch.special.erfinv(p[:-1])))
q = torch.tensor([0.5, 1.0, 2.5, 10.0], dtype=torch.float64)
print("gammaln", torch.special.gammaln(q))
print("digamma", torch.special.digamma(q), torch.special.psi(q))
print("polygamma1", torch.special.polygamma(1, q))
print("multigammaln", torch.special.multigammaln(q + 2, 3))
print("i0", torch.special.i0(x), torch.special.i0e(x))
print("i1", torch.special.i1(x), torch.special.i1e(x))
print("logit", torch.special.logit(torch.tensor([0.0, 0.1, 0.5, 0.9, 1.0])), torch.special.logit(torch.tensor([0.0, 1.0]), eps=1e-6))
print("expit", torch.special.expit(torch.tensor([-100.0, -1.0, 0.0, 1.0, 100.0])))
print("xlogy", torch.special.xlogy(torch.tensor([0.0, 0.0, 1.0, 2.0]), torch.tensor([0.0, float('nan'), 3.0, 0.0])))
print("xlog1py", torch.special.xlog1py(torch.tensor([0.0, 1.0, 2.0]), torch.tensor([-1.0, 0.0, 1.0])))
print("entr", torch.special.entr(torch.tensor([-1.0, 0.0, 0.5, 1.0, 2.0])))
print("sinc", torch.special.sinc(torch.tensor([0.0, 0.5, 1.0, 1.5])))
print("ndtr", torch.special.ndtr(x), torch.special.ndtri(torch.tensor([0.025, 0.5, 0.975], dtype=torch.float64)))
print("log_ndtr", torch.special.log_ndtr(torch.tensor([-10.0, 0.0, 10.0], dtype=torch.float64)))
print("bessel_j0", torch.special.bessel_j0(q), torch.special.bessel_j1(q))
print("bessel_y0", torch.special.bessel_y0(q))
print("zeta", torch.special.zeta(torch.tensor([2.0, 3.0, 4.0], dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)))
print("gammainc", torch.special.gammainc(q, q), torch.special.gammaincc(q, q))
print("log1p/expm1", torch.special.log1p(torch.tensor([1e-10])), torch.special.expm1(torch.tensor([1e-10])))
print("logsumexp", torch.special.logsumexp(torch.tensor([[1.0, 2.0], [3.0, 1000.0]]), dim=1))
print("softmax", torch.special.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0), torch.special.log_softmax(torch.tensor([1.0, 2.0, 3.0]), 0))
print("round", torch.special.round(torch.tensor([0.5, 1.5, 2.5, -0.5])), torch.special.exp2(torch.tensor([3.0, -1.0])))
print("chebyshev", torch.special.chebyshev_polynomial_t(torch.tensor([0.5, -0.3]), 3), torch.special.hermite_polynomial_h(torch.tensor([1.0, 2.0]), 4))
print("legendre", torch.special.legendre_polynomial_p(torch.tensor([0.2, 0.7], dtype=torch.float64), 5))
''',
    'special_function_grads': r'''
import torch
x = torch.tensor([0.1, 0.5, 1.0, 2.0], dtype=torch.float64, requires_grad=True)
for name in ["erf", "erfc", "erfinv", "gammaln", "digamma", "i0", "logit", "expit", "ndtr", "log_ndtr", "i0e", "i1", "sinc", "entr", "erfcx", "i1e"]:
    fn = getattr(torch.special, name)
    arg = x / 3 if name in ("erfinv", "logit") else x
    y = fn(arg)
    g, = torch.autograd.grad(y.sum(), x)
    print(f"{name:9s}", y.grad_fn.name(), [f"{v:.8f}" for v in g.tolist()])
y = torch.special.xlogy(x, x + 1)
g = torch.autograd.grad(y.sum(), x)[0]
print("xlogy", g)
z = torch.tensor([0.0, 1.0], requires_grad=True)
torch.special.xlogy(z, torch.tensor([0.0, 2.0])).sum().backward()
print(z.grad)
a = torch.tensor([1.5, 3.0], requires_grad=True)
b = torch.tensor([2.0, 0.5])
try:
    torch.special.gammainc(a, b).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.special.zeta(a, b).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
w = torch.tensor([0.3, 0.7], dtype=torch.float64, requires_grad=True)
gg = torch.autograd.grad(torch.special.erf(w).sum(), w, create_graph=True)[0]
print(gg, torch.autograd.grad(gg.sum(), w)[0])
lg = torch.special.gammaln(w).sum()
d1, = torch.autograd.grad(lg, w, create_graph=True)
d2, = torch.autograd.grad(d1.sum(), w)
print(d1, d2, torch.special.polygamma(1, w.detach()))
''',
    'fft_spectrum_windows': r'''
import torch, math
n = 64
fs = 32.0
t = torch.arange(n, dtype=torch.float64) / fs
sig = torch.sin(2 * math.pi * 4 * t) + 0.5 * torch.cos(2 * math.pi * 10 * t) + 0.25
F = torch.fft.rfft(sig)
mag = F.abs() / n
freqs = torch.fft.rfftfreq(n, d=1 / fs)
print(F.shape, F.dtype, freqs[:6])
top = torch.topk(mag, 3)
print(freqs[top.indices], top.values.round(decimals=6))
print(mag.round(decimals=6)[:12])
back = torch.fft.irfft(F, n=n)
print(torch.allclose(back, sig), (back - sig).abs().max() < 1e-12)
full = torch.fft.fft(sig)
print(torch.fft.fftfreq(8), torch.fft.fftshift(torch.fft.fftfreq(8)), torch.fft.ifftshift(torch.fft.fftshift(torch.arange(7))))
print(full[:3].real.round(decimals=6), full[:3].imag.round(decimals=6))
x32 = sig.float()
print(torch.fft.rfft(x32).abs().round(decimals=3)[[0, 8, 20]], torch.fft.rfft(x32).dtype)
p = torch.fft.fft(torch.tensor([1.0, 2.0, 3.0, 4.0]), norm="ortho")
print(p, torch.fft.ifft(p, norm="ortho").real)
print(torch.fft.fft(torch.tensor([1.0, 0.0, 0.0, 0.0]), n=6).abs())
img = torch.arange(16, dtype=torch.float64).reshape(4, 4)
f2 = torch.fft.fft2(img)
print(f2.real, f2.imag)
print(torch.fft.rfft2(img).shape, torch.fft.irfft2(torch.fft.rfft2(img), s=img.shape).round(decimals=10))
# Parseval
print(f"{(sig ** 2).sum().item():.8f}", f"{(full.abs() ** 2).sum().item() / n:.8f}")
h = torch.fft.hfft(torch.tensor([1.0, 2.0, 3.0], dtype=torch.complex128))
print(h)
w = torch.hann_window(16, periodic=True, dtype=torch.float64)
print(w.round(decimals=6))
print(torch.hamming_window(5), torch.blackman_window(5, periodic=False))
''',
    'stft_fft_convolution': r'''
import torch, math
torch.manual_seed(0)
n = 128
t = torch.arange(n, dtype=torch.float64)
chirp = torch.sin(2 * math.pi * (0.02 + 0.001 * t) * t)
S = torch.stft(chirp, n_fft=32, hop_length=16, window=torch.hann_window(32, dtype=torch.float64), return_complex=True)
print(S.shape, S.dtype)
peak = S.abs().argmax(dim=0)
print(peak)
print(S.abs().max(dim=0).values.round(decimals=4))
rec = torch.istft(S, n_fft=32, hop_length=16, window=torch.hann_window(32, dtype=torch.float64), length=n)
print((rec - chirp).abs().max() < 1e-10)
a = torch.randn(10, dtype=torch.float64)
b = torch.randn(6, dtype=torch.float64)
m = a.numel() + b.numel() - 1
conv_fft = torch.fft.irfft(torch.fft.rfft(a, n=m) * torch.fft.rfft(b, n=m), n=m)
conv_direct = torch.nn.functional.conv1d(a.view(1, 1, -1), b.flip(0).view(1, 1, -1), padding=b.numel() - 1).view(-1)
print(conv_fft.round(decimals=8))
print(torch.allclose(conv_fft, conv_direct))
x = torch.randn(16, dtype=torch.float64, requires_grad=True)
power = torch.fft.rfft(x).abs().pow(2).sum()
power.backward()
print(power.grad_fn.name(), x.grad.round(decimals=6))
print(torch.allclose(x.grad, 2 * 16 * x.detach() * torch.tensor([1.0]).new_ones(16) , atol=100))
z = torch.randn(8, dtype=torch.complex128, requires_grad=True)
loss = torch.fft.fft(z).real.sum()
loss.backward()
print(z.grad)
''',
    'quantiles_modes_histograms': r'''
import torch
torch.manual_seed(0)
data = torch.tensor([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0])
print(torch.median(data), data.median(dim=0), torch.nanmedian(torch.tensor([1.0, float('nan'), 3.0, 2.0])))
print(torch.mode(data), torch.mode(torch.tensor([[1, 2, 2], [3, 3, 1]]), dim=1))
q = torch.tensor([0.0, 0.1, 0.25, 0.5, 0.9, 1.0])
for interp in ["linear", "lower", "higher", "midpoint", "nearest"]:
    print(interp, torch.quantile(data, q, interpolation=interp))
print(torch.nanquantile(torch.tensor([1.0, float('nan'), 2.0, 10.0]), 0.5), torch.quantile(torch.tensor([1.0, float('nan')]), 0.5))
m = torch.randn(4, 6, dtype=torch.float64)
print(torch.quantile(m, torch.tensor([0.25, 0.75], dtype=torch.float64), dim=1, keepdim=True).shape)
print(torch.std_mean(m, dim=1), torch.var_mean(m, dim=0, correction=0))
print(m.var(correction=2, dim=1), m.std(dim=None, correction=0), m.var(unbiased=False))
print(torch.kthvalue(data, 3), torch.kthvalue(m, 2, dim=1).values)
print(torch.topk(data, 4), torch.topk(data, 3, largest=False, sorted=True))
print(torch.sort(data, stable=True), torch.argsort(data, descending=True, stable=True))
print(torch.msort(m[:, :2]))
print(data.unique(), data.unique(return_counts=True), data.unique(sorted=True, return_inverse=True))
print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 2, 3, 1, 1]), return_counts=True, return_inverse=True))
vals, inv, cnt = torch.unique(torch.tensor([[1, 2], [1, 2], [3, 4]]), dim=0, return_inverse=True, return_counts=True)
print(vals, inv, cnt)
print(torch.bincount(torch.tensor([0, 1, 1, 3, 3, 3])), torch.bincount(torch.tensor([0, 2]), weights=torch.tensor([0.5, 1.5]), minlength=5))
print(torch.histc(data, bins=4, min=0, max=10), torch.histc(data, bins=3))
h = torch.histogram(data, bins=4)
print(h.hist, h.bin_edges)
h2 = torch.histogram(data, bins=torch.tensor([0.0, 2.0, 5.0, 10.0]), density=True)
print(h2)
print(torch.count_nonzero(m > 0, dim=1), (m > 0).sum(0), torch.mean((m > 0).float()))
print(torch.aminmax(data), torch.max(m, dim=1).indices, torch.argmin(data), torch.argmax(data))
''',
    'cov_corrcoef_pca': r'''
import torch
torch.manual_seed(1)
n = 50
x = torch.randn(n, dtype=torch.float64)
y = 2 * x + 0.3 * torch.randn(n, dtype=torch.float64)
z = torch.randn(n, dtype=torch.float64)
X = torch.stack([x, y, z])
C = torch.cov(X)
print(C.round(decimals=6))
print(torch.cov(X, correction=0).round(decimals=6))
R = torch.corrcoef(X)
print(R.round(decimals=6), R.diagonal().round(decimals=8))
w = torch.arange(1, n + 1)
print(torch.cov(X, fweights=w).round(decimals=6))
aw = torch.linspace(0.1, 1.0, n, dtype=torch.float64)
print(torch.cov(X, aweights=aw).round(decimals=6))
evals, evecs = torch.linalg.eigh(C)
print(evals.round(decimals=6))
print((evecs.T @ C @ evecs).diagonal().round(decimals=6), torch.allclose(evecs @ evecs.T, torch.eye(3, dtype=torch.float64)))
Xc = X - X.mean(dim=1, keepdim=True)
U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
print(U.shape, S.shape, Vh.shape, (S ** 2 / (n - 1)).round(decimals=6))
explained = S ** 2 / (S ** 2).sum()
print(explained.round(decimals=5), torch.cumsum(explained, 0).round(decimals=5))
print(torch.cov(torch.tensor([1.0, 2.0, 4.0])), torch.corrcoef(torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])))
print(torch.cov(torch.tensor([[1, 2, 3], [2, 4, 7]])))
xf = torch.randn(3, 20)
print(torch.cov(xf).dtype, torch.corrcoef(xf).round(decimals=4))
''',
    'cumulative_ops_grads': r'''
import torch
x = torch.tensor([3.0, -1.0, 4.0, 1.0, -5.0, 9.0, 2.0, -6.0], dtype=torch.float64, requires_grad=True)
cs = torch.cumsum(x, 0)
cp = torch.cumprod(x, 0)
cm = torch.cummax(x, 0)
cmin = torch.cummin(x, 0)
lcse = torch.logcumsumexp(x, 0)
print(cs, cp, cm, cmin, lcse, sep="\n")
for name, t in [("cumsum", cs), ("cumprod", cp), ("cummax", cm.values), ("cummin", cmin.values), ("logcumsumexp", lcse)]:
    g, = torch.autograd.grad(t.sum(), x)
    print(name, t.grad_fn.name(), g)
z = torch.tensor([2.0, 0.0, 3.0, 0.0, 4.0], requires_grad=True)
torch.cumprod(z, 0).sum().backward()
print("cumprod zeros grad", z.grad)
ties = torch.tensor([1.0, 3.0, 3.0, 2.0, 3.0], requires_grad=True)
r = torch.cummax(ties, 0)
print(r.indices)
r.values.sum().backward()
print(ties.grad)
m = torch.arange(1, 13, dtype=torch.float32).reshape(3, 4)
print(m.cumsum(1), m.cumprod(0), m.cumsum(dim=-1, dtype=torch.float64).dtype)
print(torch.cumsum(torch.tensor([1, 2, 3], dtype=torch.int8), 0).dtype, torch.cumsum(torch.tensor([True, True, False]), 0))
print(torch.logcumsumexp(torch.tensor([-float('inf'), 0.0, -float('inf'), 1.0]), 0))
print(torch.diff(torch.tensor([1, 4, 9, 16, 25])), torch.diff(torch.tensor([1, 4, 9, 16, 25]), n=2), torch.diff(m, dim=0))
print(torch.diff(torch.tensor([1.0, 2.0]), prepend=torch.tensor([0.0]), append=torch.tensor([5.0, 7.0])))
xs = torch.linspace(0, 2, 9, dtype=torch.float64)
f = xs ** 3
print(torch.gradient(f), torch.gradient(f, spacing=0.25), torch.gradient(f, spacing=(xs,), edge_order=2))
g2 = torch.gradient(torch.outer(xs[:4], xs[:3]), dim=(0, 1))
print(g2)
''',
    'trapezoid_monte_carlo': r'''
import torch, math
for n in [5, 11, 101, 1001]:
    x = torch.linspace(0, math.pi, n, dtype=torch.float64)
    y = torch.sin(x)
    tr = torch.trapezoid(y, x)
    dx = math.pi / (n - 1)
    simpson = dx / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()) if n % 2 == 1 else None
    print(n, f"{tr.item():.12f}", f"{(tr - 2).abs().item():.3e}", f"{simpson.item():.12f}")
y = torch.tensor([1.0, 2.0, 4.0, 8.0])
print(torch.trapezoid(y), torch.trapezoid(y, dx=0.5), torch.trapz(y, torch.tensor([0.0, 1.0, 3.0, 4.0])))
print(torch.cumulative_trapezoid(y), torch.cumulative_trapezoid(y, dx=2.0), torch.cumulative_trapezoid(y, x=torch.tensor([0.0, 1.0, 3.0, 4.0])))
M = torch.arange(12, dtype=torch.float64).reshape(3, 4)
print(torch.trapezoid(M, dim=0), torch.trapezoid(M), torch.cumulative_trapezoid(M, dim=0))
a = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
xs = torch.linspace(0, 1, 201, dtype=torch.float64)
I = torch.trapezoid(torch.exp(-a * xs ** 2), xs)
I.backward()
print(f"{I.item():.10f}", f"{a.grad.item():.10f}", I.grad_fn.name())
exact = torch.trapezoid(-(xs ** 2) * torch.exp(-xs ** 2), xs)
print(f"{exact.item():.10f}")
torch.manual_seed(0)
u = torch.rand(100000, dtype=torch.float64)
mc = torch.exp(-u ** 2).mean()
print(f"MC {mc.item():.6f} +- {(torch.exp(-u ** 2).std() / math.sqrt(u.numel())).item():.6f}")
pts = torch.rand(200000, 2)
inside = (pts.pow(2).sum(1) <= 1).float()
print("pi ~", (4 * inside.mean()).item(), inside.sum().item())
''',
    'kink_gradients': r'''
import torch
pts = torch.tensor([-1.0, 0.0, 0.5, 1.0, 2.0], requires_grad=True)
def show(name, fn):
    if pts.grad is not None:
        pts.grad = None
    y = fn(pts)
    y.sum().backward()
    print(f"{name:22s}", y.detach().tolist(), pts.grad.tolist())
show("abs", torch.abs)
show("relu", torch.relu)
show("clamp(0,1)", lambda t: t.clamp(0, 1))
show("clamp_min(0.5)", lambda t: t.clamp(min=0.5))
show("clamp_max(1)", lambda t: torch.clamp(t, max=1.0))
show("clip tensor", lambda t: t.clip(torch.zeros(5), torch.ones(5)))
show("hardtanh", torch.nn.functional.hardtanh)
show("relu6", torch.nn.functional.relu6)
show("where(t>0)", lambda t: torch.where(t > 0, t ** 2, -t))
show("where(t>=1)", lambda t: torch.where(t >= 1, 2 * t, t))
show("maximum(t, 0.5)", lambda t: torch.maximum(t, torch.full_like(t, 0.5)))
show("minimum(t, 1-t)", lambda t: torch.minimum(t, 1 - t))
show("max pair", lambda t: torch.max(t, torch.ones_like(t)))
show("fmax", lambda t: torch.fmax(t, torch.zeros_like(t)))
show("sign", torch.sign)
show("floor+frac", lambda t: t.floor() + t.frac())
show("round", torch.round)
show("sqrt(abs)", lambda t: t.abs().sqrt())
show("pow(t,2) abs", lambda t: t.abs() ** 1.5)
show("hardshrink", lambda t: torch.nn.functional.hardshrink(t, 0.5))
show("softshrink", lambda t: torch.nn.functional.softshrink(t, 1.0))
show("leaky", lambda t: torch.nn.functional.leaky_relu(t, 0.1))
show("hardsigmoid", torch.nn.functional.hardsigmoid)
show("hardswish", torch.nn.functional.hardswish)
show("threshold", lambda t: torch.nn.functional.threshold(t, 0.5, -3.0))
show("elu", torch.nn.functional.elu)
show("smooth_l1", lambda t: torch.nn.functional.smooth_l1_loss(t, torch.zeros(5), reduction='none', beta=1.0))
show("huber", lambda t: torch.nn.functional.huber_loss(t, torch.full((5,), 0.5), reduction='none', delta=0.5))
show("l1", lambda t: torch.nn.functional.l1_loss(t, torch.full((5,), 0.5), reduction='none'))
m = torch.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
m.max().backward(); print("max ties", m.grad)
m.grad = None; m.amax().backward(); print("amax ties", m.grad)
m.grad = None; torch.max(m, dim=0).values.backward(); print("max dim ties", m.grad)
m.grad = None; m.norm().backward(); print("norm", m.grad)
z = torch.zeros(3, requires_grad=True)
z.norm().backward(); print("norm at 0", z.grad)
z.grad = None; torch.linalg.vector_norm(z, ord=1).backward(); print("l1 at 0", z.grad)
z.grad = None; torch.linalg.vector_norm(z, ord=float('inf')).backward(); print("inf at 0", z.grad)
z.grad = None; torch.median(z).backward(); print("median zeros", z.grad)
''',
    'searchsorted_lerp_interp': r'''
import torch
xp = torch.tensor([0.0, 1.0, 2.5, 4.0], dtype=torch.float64)
fp = torch.tensor([1.0, 3.0, 2.0, 5.0], dtype=torch.float64)
def interp(x, xp, fp):
    idx = torch.searchsorted(xp, x, right=True).clamp(1, len(xp) - 1)
    x0, x1 = xp[idx - 1], xp[idx]
    y0, y1 = fp[idx - 1], fp[idx]
    w = (x - x0) / (x1 - x0)
    return torch.lerp(y0, y1, w), idx
xq = torch.tensor([-0.5, 0.0, 0.5, 1.0, 2.0, 2.5, 3.9, 4.0, 5.0], dtype=torch.float64)
y, idx = interp(xq, xp, fp)
print(idx)
print(y)
print(torch.searchsorted(xp, xq), torch.searchsorted(xp, xq, side='right'))
print(torch.bucketize(xq, xp), torch.bucketize(xq, xp, right=True), torch.bucketize(xq, xp, out_int32=True).dtype)
sorter = torch.tensor([2, 0, 3, 1])
print(torch.searchsorted(torch.tensor([2.5, 0.0, 4.0, 1.0]), torch.tensor([1.5, 3.0]), sorter=sorter))
print(torch.searchsorted(torch.tensor([[1, 3, 5], [2, 4, 6]]), torch.tensor([[3, 6], [1, 7]])))
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([5.0, 4.0, 3.0], requires_grad=True)
w = torch.tensor([0.25, 0.5, 1.5], requires_grad=True)
out = torch.lerp(a, b, w)
out.sum().backward()
print(out, out.grad_fn.name(), a.grad, b.grad, w.grad)
a.grad = b.grad = None
out2 = torch.lerp(a, b, 0.75)
out2.sum().backward()
print(out2, out2.grad_fn.name(), a.grad, b.grad)
f32 = torch.lerp(torch.tensor([0.1, 1e8]), torch.tensor([0.7, -1e8]), torch.tensor([0.3, 0.6]))
print(f32, torch.lerp(torch.tensor([1.0]), torch.tensor([2.0]), torch.tensor([0.49999997])).item())
grid = torch.linspace(0, 1, 5)
print(torch.lerp(torch.zeros(5), torch.ones(5) * 10, grid))
x = torch.tensor([0.0, 0.1, 0.9, 1.0])
t = torch.linspace(0, 1, 5).unsqueeze(1)
print(torch.lerp(x, x.flip(0), t))
''',
    'complex_autograd_angle_exp': r'''
import torch
z = torch.tensor([1 + 1j, -2 + 0.5j, 3 - 4j], dtype=torch.complex128, requires_grad=True)
a = z.abs()
print(a, a.grad_fn.name())
a.sum().backward()
print(z.grad)
z.grad = None
ang = torch.angle(z)
ang.sum().backward()
print(ang, z.grad)
z.grad = None
w = z * z.conj()
w.real.sum().backward()
print(w, z.grad)
z.grad = None
(z ** 2).imag.sum().backward()
print(z.grad)
z.grad = None
loss = torch.view_as_real(torch.exp(z)).pow(2).sum()
loss.backward()
print(f"{loss.item():.6f}", z.grad)
r = torch.tensor([1.0, 2.0], requires_grad=True)
th = torch.tensor([0.3, -1.2], requires_grad=True)
c = torch.polar(r, th)
print(c, c.grad_fn.name())
(c.real + 2 * c.imag).sum().backward()
print(r.grad, th.grad)
x = torch.tensor([0.5, 1.5], requires_grad=True)
y = torch.complex(x, x * 2)
print(y.dtype, y.grad_fn.name())
(y.abs() ** 2).sum().backward()
print(x.grad)
u = torch.tensor([3.0 + 4.0j], requires_grad=True)
print(u.dtype)
v = u.sqrt()
v.abs().sum().backward()
print(v, u.grad)
q = torch.randn(3, dtype=torch.cfloat, generator=torch.Generator().manual_seed(0))
print(q, q.abs(), q.angle())
print(torch.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, -4.0]])).conj().resolve_conj())
print(torch.is_complex(q), q.real.dtype, torch.sgn(torch.tensor([3 + 4j, 0j])))
''',
    'nbody_leapfrog': r'''
import torch
torch.manual_seed(0)
n = 4
pos = torch.randn(n, 2, dtype=torch.float64)
vel = torch.zeros(n, 2, dtype=torch.float64)
mass = torch.tensor([1.0, 0.5, 2.0, 1.5], dtype=torch.float64)
G, eps, dt = 1.0, 0.1, 0.01
def energy(pos, vel):
    diff = pos.unsqueeze(1) - pos.unsqueeze(0)
    r = torch.sqrt((diff ** 2).sum(-1) + eps ** 2)
    iu = torch.triu_indices(n, n, offset=1)
    pot = -(G * mass[iu[0]] * mass[iu[1]] / r[iu[0], iu[1]]).sum()
    kin = 0.5 * (mass * (vel ** 2).sum(-1)).sum()
    return kin + pot, kin, pot
def accel(pos):
    p = pos.detach().requires_grad_(True)
    U = energy(p, torch.zeros_like(p))[2]
    force, = torch.autograd.grad(-U, p)
    return force / mass.unsqueeze(1)
E0 = energy(pos, vel)[0]
a = accel(pos)
for step in range(1, 201):
    vel = vel + 0.5 * dt * a
    pos = pos + dt * vel
    a = accel(pos)
    vel = vel + 0.5 * dt * a
    if step % 50 == 0:
        E, K, U = energy(pos, vel)
        mom = (mass.unsqueeze(1) * vel).sum(0)
        print(step, f"E={E.item():.8f} K={K.item():.6f} U={U.item():.6f} drift={(E - E0).abs().item():.2e}", mom.abs().max().item() < 1e-12)
com = (mass.unsqueeze(1) * pos).sum(0) / mass.sum()
print(com.round(decimals=8))
print(pos.round(decimals=5))
print(torch.cdist(pos, pos).round(decimals=4))
print(torch.triu_indices(4, 4, 1), torch.tril_indices(3, 3), torch.tril_indices(3, 4, -1))
print(torch.combinations(torch.arange(4), r=2), torch.combinations(torch.tensor([1, 2, 3]), r=2, with_replacement=True))
print(torch.cartesian_prod(torch.tensor([0, 1]), torch.tensor([5, 6, 7])))
''',
    'meshgrid_potential_fields': r'''
import torch
x = torch.linspace(-1, 1, 5, dtype=torch.float64)
y = torch.linspace(0, 2, 3, dtype=torch.float64)
XX, YY = torch.meshgrid(x, y, indexing="ij")
Xx, Yx = torch.meshgrid(x, y, indexing="xy")
print(XX.shape, Xx.shape, torch.equal(XX, Xx.T))
print(XX, YY, sep="\n")
P = torch.stack([XX, YY], dim=-1).reshape(-1, 2).requires_grad_(True)
def potential(p):
    return (p[:, 0] ** 2 - p[:, 1]) ** 2 + 0.5 * torch.sin(p[:, 0] * p[:, 1])
phi = potential(P)
E, = torch.autograd.grad(-phi.sum(), P)
print(phi.detach().reshape(5, 3).round(decimals=6))
print(E.reshape(5, 3, 2)[2].round(decimals=6))
dphidx = torch.gradient(phi.detach().reshape(5, 3), spacing=(x, y))
print([d.round(decimals=5) for d in dphidx])
lap = torch.func.vmap(torch.func.hessian(lambda q: potential(q.unsqueeze(0))[0]))(P.detach())
print(lap.shape, lap.diagonal(dim1=-2, dim2=-1).sum(-1).reshape(5, 3).round(decimals=6))
a, b, c = torch.meshgrid(torch.arange(2), torch.arange(3), torch.arange(2), indexing="ij")
print(a.shape, (a * 100 + b * 10 + c).flatten())
g = torch.meshgrid(torch.tensor([1, 2]), indexing="xy")
print(g)
try:
    torch.meshgrid(x, y, indexing="kl")
except Exception as e:
    print(type(e).__name__, e)
cp = torch.cartesian_prod(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]), torch.tensor([5.0]))
print(cp, torch.cartesian_prod(torch.tensor([1, 2, 3])))
''',
    'lotka_volterra_rk4_fit': r'''
import torch
torch.manual_seed(0)
def rk4(f, y0, t, params):
    ys = [y0]
    y = y0
    for i in range(len(t) - 1):
        h = t[i + 1] - t[i]
        k1 = f(y, params)
        k2 = f(y + 0.5 * h * k1, params)
        k3 = f(y + 0.5 * h * k2, params)
        k4 = f(y + h * k3, params)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)
def lotka(y, p):
    a, b, c, d = p
    return torch.stack([a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]])
t = torch.linspace(0, 5, 26, dtype=torch.float64)
true_p = torch.tensor([1.1, 0.4, 0.4, 0.1], dtype=torch.float64)
y0 = torch.tensor([10.0, 5.0], dtype=torch.float64)
with torch.no_grad():
    obs = rk4(lotka, y0, t, true_p)
print(obs[::5].round(decimals=4))
p = torch.tensor([1.0, 0.5, 0.5, 0.2], dtype=torch.float64, requires_grad=True)
opt = torch.optim.Adam([p], lr=0.02)
for it in range(31):
    opt.zero_grad()
    pred = rk4(lotka, y0, t, p)
    loss = ((pred - obs) ** 2).mean()
    loss.backward()
    if it % 10 == 0:
        print(it, f"{loss.item():.6f}", p.detach().round(decimals=4).tolist(), p.grad.norm().item() > 0)
    opt.step()
def decay(y, k):
    return -k * y
k = torch.tensor(0.5, requires_grad=True)
ts = torch.linspace(0, 2, 21)
sol = rk4(decay, torch.tensor(1.0), ts, k)
sol[-1].backward()
print(f"{sol[-1].item():.6f}", f"{k.grad.item():.5f}", sol.dtype)
print(f"{torch.exp(torch.tensor(-1.0)).item():.6f}", f"{(-2 * torch.exp(torch.tensor(-1.0))).item():.6f}")
''',
    'norms_det_cond': r'''
import torch
A = torch.tensor([[4.0, -2.0, 1.0], [3.0, 6.0, -4.0], [2.0, 1.0, 8.0]], dtype=torch.float64)
v = torch.tensor([3.0, -4.0, 0.0, 12.0], dtype=torch.float64)
for o in [None, 0, 1, 2, 3, float('inf'), -float('inf'), 0.5, -1]:
    print("vec", o, torch.linalg.vector_norm(v, ord=2 if o is None else o).item(), torch.linalg.norm(v, ord=o).item())
for o in ['fro', 'nuc', 1, -1, 2, -2, float('inf'), -float('inf')]:
    print("mat", o, f"{torch.linalg.matrix_norm(A, ord=o).item():.10f}", f"{torch.linalg.norm(A, ord=o).item():.10f}")
print(torch.norm(A), torch.norm(A, p=1), torch.norm(A, dim=1), torch.norm(A, p='fro', dim=(0, 1)))
print(torch.linalg.vector_norm(A, dim=(0, 1)), torch.linalg.vector_norm(A, ord=1, dim=0, keepdim=True))
print(torch.linalg.det(A), torch.linalg.slogdet(A), torch.logdet(A))
print(torch.linalg.inv(A).round(decimals=8))
print(torch.linalg.cond(A).round(decimals=6), torch.linalg.cond(A, 1).round(decimals=6), torch.linalg.cond(A, float('inf')).round(decimals=6))
print(torch.linalg.matrix_rank(A), torch.linalg.matrix_rank(torch.ones(3, 3)), torch.linalg.matrix_rank(torch.zeros(2, 2)))
print(torch.linalg.matrix_power(A, 3), torch.linalg.matrix_power(A, -1).round(decimals=8), torch.linalg.matrix_power(A, 0))
S = torch.tensor([[2.0, 1.0], [1.0, 2.0]], dtype=torch.float64)
print(torch.linalg.matrix_exp(S).round(decimals=8), torch.linalg.eigvalsh(S), torch.trace(S))
ev = torch.linalg.eigvals(torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64))
print(ev, ev.dtype)
print(torch.linalg.slogdet(torch.tensor([[1.0, 2.0], [2.0, 4.0]])), torch.linalg.det(torch.tensor([[0.0, 1.0], [1.0, 0.0]])))
x = A.clone().requires_grad_(True)
torch.linalg.matrix_norm(x, 'nuc').backward()
print(x.grad.round(decimals=6))
x.grad = None
torch.linalg.det(x).backward()
print(x.grad, torch.linalg.det(A) * torch.linalg.inv(A).T)
y = v.clone().requires_grad_(True)
torch.linalg.vector_norm(y, ord=float('inf')).backward()
print(y.grad)
y.grad = None
torch.linalg.vector_norm(y, ord=0.5).backward()
print(y.grad)
print(torch.dist(v, torch.zeros(4, dtype=torch.float64), p=1), torch.cdist(A.unsqueeze(0), A.unsqueeze(0), p=1).squeeze(0))
''',
    'spring_chain_normal_modes': r'''
import torch
n = 5
k = torch.full((n + 1,), 2.0, dtype=torch.float64)
m = torch.ones(n, dtype=torch.float64)
K = torch.diag(k[:-1] + k[1:]) - torch.diag(k[1:-1], 1) - torch.diag(k[1:-1], -1)
print(K)
w2, modes = torch.linalg.eigh(K)
print(w2.round(decimals=8), torch.sqrt(w2).round(decimals=6))
print(modes[:, 0].abs().round(decimals=6))
x = torch.zeros(n, dtype=torch.float64); x[0] = 0.1
v = torch.zeros(n, dtype=torch.float64)
dt = 0.05
E = []
for step in range(400):
    a = -(K @ x) / m
    v = v + dt * a
    x = x + dt * v
    if step % 100 == 0:
        E.append(0.5 * (m * v ** 2).sum() + 0.5 * x @ K @ x)
print(torch.stack(E).round(decimals=8))
print(x.round(decimals=6))
L = torch.linalg.cholesky(K)
print(L.round(decimals=6))
print(torch.linalg.solve(K, torch.ones(n, dtype=torch.float64)).round(decimals=8))
Q, R = torch.linalg.qr(K)
print(R.diagonal().abs().round(decimals=6), torch.linalg.det(K).round(decimals=6), torch.linalg.slogdet(K))
print(torch.linalg.eigvalsh(K, UPLO='U').round(decimals=8))
Ks = K.float()
print(torch.linalg.eigvalsh(Ks).round(decimals=4), torch.linalg.inv(Ks).round(decimals=4))
''',
    'monte_carlo_option': r'''
import torch, math
g = torch.Generator().manual_seed(1234)
N = 50000
u = torch.rand(N, generator=g, dtype=torch.float64)
print("E[u^2]", f"{(u ** 2).mean().item():.6f}")
z = torch.randn(N, generator=g, dtype=torch.float64)
print("mean/std", f"{z.mean().item():.5f}", f"{z.std().item():.5f}")
print("P(|z|<1)", (z.abs() < 1).double().mean().item())
S0, K, r, sigma, T = 100.0, 105.0, 0.01, 0.2, 1.0
ST = S0 * torch.exp((r - 0.5 * sigma ** 2) * T + sigma * math.sqrt(T) * z)
payoff = torch.clamp(ST - K, min=0)
price = math.exp(-r * T) * payoff.mean()
print("call", f"{price.item():.4f}", f"{(payoff.std() / math.sqrt(N)).item():.4f}")
d1 = (math.log(S0 / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * math.sqrt(T))
d2 = d1 - sigma * math.sqrt(T)
bs = S0 * torch.special.ndtr(torch.tensor(d1, dtype=torch.float64)) - K * math.exp(-r * T) * torch.special.ndtr(torch.tensor(d2, dtype=torch.float64))
print("black-scholes", f"{bs.item():.4f}")
S = torch.tensor(S0, dtype=torch.float64, requires_grad=True)
ST = S * torch.exp((r - 0.5 * sigma ** 2) * T + sigma * math.sqrt(T) * z)
price = math.exp(-r * T) * torch.relu(ST - K).mean()
price.backward()
print("delta", f"{S.grad.item():.4f}", f"{torch.special.ndtr(torch.tensor(d1)).item():.4f}")
walks = torch.randint(0, 2, (1000, 100), generator=g) * 2 - 1
pos = walks.cumsum(1)
print(pos[:, -1].float().mean().item(), pos[:, -1].float().var().item(), pos.abs().max().item())
print(torch.bincount(pos[:, -1] + 100)[90:111])
idx = torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 20, replacement=True, generator=g)
print(idx, torch.bincount(idx, minlength=3))
perm = torch.randperm(10, generator=g)
print(perm, torch.sort(perm).values)
samples = torch.normal(2.0, 3.0, size=(5,), generator=g)
print(samples)
print(torch.poisson(torch.full((6,), 4.0), generator=g), torch.bernoulli(torch.full((8,), 0.3), generator=g))
''',
    'svd_lowrank_pinv': r'''
import torch
torch.manual_seed(0)
U0 = torch.linalg.qr(torch.randn(8, 3, dtype=torch.float64)).Q
V0 = torch.linalg.qr(torch.randn(6, 3, dtype=torch.float64)).Q
s0 = torch.tensor([10.0, 3.0, 0.5], dtype=torch.float64)
A = U0 @ torch.diag(s0) @ V0.T
U, S, Vh = torch.linalg.svd(A)
print(U.shape, S.shape, Vh.shape)
print(S.round(decimals=10))
print(torch.linalg.matrix_rank(A), torch.linalg.matrix_rank(A, atol=1.0), torch.linalg.matrix_rank(A, rtol=0.1))
print(torch.allclose(U[:, :6] @ torch.diag(S) @ Vh, A))
for r in range(1, 4):
    Ar = U[:, :r] @ torch.diag(S[:r]) @ Vh[:r]
    print(r, f"{torch.linalg.matrix_norm(A - Ar).item():.8f}", f"{torch.linalg.matrix_norm(A - Ar, ord=2).item():.8f}")
P = torch.linalg.pinv(A)
print(torch.allclose(A @ P @ A, A), torch.allclose(P @ A @ P, P), P.shape)
print(torch.linalg.svdvals(P).round(decimals=6))
B = torch.randn(8, 2, dtype=torch.float64)
X = torch.linalg.lstsq(A, B, driver='gelsd').solution
print(torch.allclose(X, P @ B), X.shape)
E = torch.linalg.eigvalsh(A.T @ A)
print(E[3:].round(decimals=8), (S[:3] ** 2).round(decimals=8))
Ah = A.clone().requires_grad_(True)
torch.linalg.svdvals(Ah).sum().backward()
print(torch.allclose(Ah.grad, U[:, :3] @ Vh[:3]))
w = torch.tensor([[2.0, 0.0], [0.0, 1.0]], requires_grad=True)
s = torch.linalg.svdvals(w)
s[0].backward()
print(s, w.grad)
print(torch.linalg.svdvals(torch.zeros(3, 2)), torch.linalg.svd(torch.eye(2)).S)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)



# ---------------------------------------------------------------- regression tests for the fixes
def _hex(t):
    return [float(v).hex() for v in np.asarray(t.detach().numpy() if hasattr(t, "detach") else t).ravel()]


def test_solve_2x2_reciprocal_substitution_golden():
    # getrf divides (l = 1/3), getrs multiplies by the pivots' reciprocals: x1 = (b1 - l*b0) * (1/u11).
    A = ember.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=ember.float64)
    b = ember.tensor([1.0, 1.0], dtype=ember.float64)
    l = 1.0 / 3.0
    u11 = 2.0 - l * 1.0
    x1 = (1.0 - l * 1.0) * (1.0 / u11)
    x0 = (1.0 - 1.0 * x1) * (1.0 / 3.0)
    assert ember.linalg.solve(A, b).tolist() == [x0, x1]
    # pivoting: |a10| > |a00| swaps the rows
    P = ember.tensor([[1.0, 2.0], [4.0, 1.0]], dtype=ember.float64)
    got = ember.linalg.solve(P, ember.tensor([3.0, 5.0], dtype=ember.float64)).tolist()
    l = 1.0 / 4.0
    u11 = 2.0 - l * 1.0
    x1 = (3.0 - l * 5.0) * (1.0 / u11)
    assert got == [(5.0 - 1.0 * x1) * (1.0 / 4.0), x1]
    with pytest.raises(RuntimeError, match="singular"):
        ember.linalg.solve(ember.tensor([[1.0, 2.0], [2.0, 4.0]]), ember.ones(2))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shapes,left", [(((2, 2), (2,)), True), (((9, 2, 2), (9, 2, 3)), True),
                                         (((2, 2), (4, 2)), False), (((6, 2, 2), (6, 3, 2)), False),
                                         (((4, 2, 2), (2,)), True)])
def test_solve_2x2_bits_vs_torch(dtype, shapes, left):
    torch = pytest.importorskip("torch")
    rs = np.random.RandomState(7)
    A = rs.randn(*shapes[0]).astype(dtype)
    B = rs.randn(*shapes[1]).astype(dtype)
    want = torch.linalg.solve(torch.tensor(A), torch.tensor(B), left=left).numpy()
    got = ember.linalg.solve(ember.tensor(A), ember.tensor(B), left=left).numpy()
    assert got.dtype == want.dtype and np.array_equal(got, want)
    # a transposed (non-contiguous) A too
    want = torch.linalg.solve(torch.tensor(A).mT, torch.tensor(B), left=left).numpy()
    got = ember.linalg.solve(ember.tensor(A).mT, ember.tensor(B), left=left).numpy()
    assert np.array_equal(got, want)


def test_solve_2x2_grad_still_right():
    A = ember.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=ember.float64, requires_grad=True)
    b = ember.tensor([1.0, -1.0], dtype=ember.float64, requires_grad=True)
    x = ember.linalg.solve(A, b)
    assert x.grad_fn.name() == "LinalgSolveExBackward0"
    assert ember.autograd.gradcheck(lambda a, c: ember.linalg.solve(a, c), (A, b))


def test_complex_angle_exp_sqrt_pow_grads_golden():
    # d angle / dz (conjugate convention) = i z / |z|^2 ; at z = 1+1j: (-0.5+0.5j)
    z = ember.tensor([1 + 1j, 0j], dtype=ember.complex128, requires_grad=True)
    ember.angle(z).sum().backward()               # |1+1j|^2 = sqrt(2)**2 = 2.0000000000000004, as in PyTorch
    h = 1 / (2 ** 0.5) ** 2
    assert z.grad.tolist() == [complex(-h, h), 0j]
    w = ember.tensor([1j], dtype=ember.complex128, requires_grad=True)
    ember.exp(w).real.sum().backward()            # grad * conj(exp(i)) with grad = 1
    e = np.exp(1j)
    assert w.grad.tolist() == [complex(e.real, -e.imag)]
    u = ember.tensor([3 + 4j], requires_grad=True)
    v = u.sqrt()                                  # 2+1j
    v.real.sum().backward()                       # 1 / (2 * conj(2+1j)) = 1 / (4-2j) = 0.2+0.1j
    assert np.allclose(u.grad.numpy(), [0.2 + 0.1j])
    p = ember.tensor([1 + 2j], dtype=ember.complex128, requires_grad=True)
    (p ** 2).imag.sum().backward()                # imag's backward gives 1j; pow's: 1j * conj(2 z) = 1j * (2-4j)
    assert p.grad.tolist() == [4 + 2j]


def test_complex_autograd_vs_torch():
    torch = pytest.importorskip("torch")
    vals = [1 + 1j, -2 + 0.5j, 3 - 4j, 0.25 - 0.1j]
    for name, fn in [("angle", lambda m, t: m.angle(t).sum()),
                     ("exp", lambda m, t: m.view_as_real(m.exp(t)).pow(2).sum()),
                     ("sqrt", lambda m, t: m.sqrt(t).abs().sum() + m.sqrt(t).imag.sum()),
                     ("pow", lambda m, t: (t ** 3).real.sum() + (t ** 2).imag.sum())]:
        grads = []
        for m in (torch, ember):
            t = m.tensor(vals, dtype=m.complex128, requires_grad=True)
            fn(m, t).backward()
            grads.append(np.asarray(t.grad.numpy()))
        assert np.allclose(grads[0], grads[1], rtol=1e-13, atol=1e-15), name
