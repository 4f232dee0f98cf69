"""Research-style autodiff programs (program probe 8a), run under ``python -m ember run`` and under PyTorch
2.13; stdout must match exactly.

Physics-informed nets (first and second input derivatives of tanh/SiLU/softplus/GELU MLPs through
``autograd.grad(create_graph=True)``, Laplacians, residual losses, Adam and LBFGS with and without
``strong_wolfe``), MAML inner steps kept in the graph with ``torch.func.functional_call``, hypergradients of a
learning rate and of a ridge penalty, a DEQ-style implicit backward through a tensor hook, ``torch.func``
``grad``/``vmap``/``jacrev``/``jacfwd``/``hessian``/``jvp``/``vjp``/``linearize`` (per-example gradients,
model ensembles with ``stack_module_state``, an empirical NTK) and their error messages,
``autograd.functional`` jacobians/hessians/hvp/vhp on small modules, Hessian-vector products and power
iteration by double backward, WGAN-GP / R1 gradient penalties, score matching, Langevin and HMC steps,
``retain_graph`` errors, ``next_functions`` walks, ``_saved_*`` accessors, ``.grad`` accumulation,
``allow_unused``/``materialize_grads``/``is_grads_batched``, grad modes and inference tensors, implicit
differentiation through ``linalg.solve``/``cholesky``/``cholesky_solve``/``slogdet``/``triangular_solve``/
``eigh``/``svd``/``qr``/``matrix_exp``, normalizing-flow log-determinants, forward-mode AD through linalg
(dual tensors and ``jacfwd``), RK4 neural ODEs, custom ``autograd.Function`` (``save_for_backward``,
``needs_input_grad``, ``once_differentiable``, ``mark_non_differentiable``, ``mark_dirty``,
``set_materialize_grads``, ``setup_context`` + ``vmap``), ``gradcheck``/``gradgradcheck`` (passing and
failing), checkpointing, saved-tensor hooks, a VAE, and second derivatives of ~110 activations and losses.
Printed digits are chosen so that summation order cannot show (programs whose only differences were
rounding noise were adjusted: the shift-invariant softmax second derivatives and a batched forward-AD
cholesky).

The unit tests at the end cover the fixes the probe led to:

* ``gradcheck`` checks (and numbers) only the outputs that require grad, and a function with none must have
  an all-zero numerical Jacobian ("Numerical gradient for function expected to be zero");
  ``gradgradcheck`` draws its cotangents from the global generator with ``make_tensor(low=-1, high=1,
  requires_grad=True)`` as PyTorch does (so the generator advances the same way and a failure prints the
  same numbers);
* ``sgn``'s derivative for real inputs is PyTorch's ZeroTensor: adding it to another gradient keeps that
  gradient's ``-0.`` (second derivatives through ``abs`` at 0 print ``-0.``);
* ``ctx.mark_dirty`` bumps the dirty tensor's version (even without grad), and a dirty *view* rebases its
  base's history (``CopySlices``; the view's grad_fn becomes ``AsStridedBackward0``) so the base gets the
  Function's gradient, with PyTorch's error for such a Function with several outputs;
* ``dir(grad_fn)`` lists no ember-internal ``_saved*`` names;
* forward-mode AD (dual tensors, ``jvp``/``jacfwd``/``hessian`` and forward-mode ``autograd.functional``)
  through ``linalg.cholesky``/``cholesky_ex``/``eigh`` uses PyTorch's forward formulas, which, unlike the
  symmetrised backward, see an unsymmetric tangent as it is; ``torch.cholesky`` has no forward formula
  (PyTorch's NotImplementedError);
* entering a forward-AD level puts the op wrappers in place, so the first op of a level may take its dual
  argument inline (``torch.sin(fwAD.make_dual(x, t))`` looks ``torch.sin`` up before ``make_dual`` runs).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
'pinn_laplace': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1))
x = torch.rand(8, 2, requires_grad=True)
u = net(x)
print(u.shape, u.grad_fn.name())
g, = torch.autograd.grad(u.sum(), x, create_graph=True)
print(g.shape, g.grad_fn.name(), g.requires_grad)
uxx = torch.autograd.grad(g[:, 0].sum(), x, create_graph=True)[0][:, 0]
uyy = torch.autograd.grad(g[:, 1].sum(), x, create_graph=True)[0][:, 1]
lap = uxx + uyy
print(lap.shape, lap.grad_fn.name())
print([round(v, 4) for v in lap.tolist()[:4]])
f = -2 * torch.pi**2 * torch.sin(torch.pi * x[:, 0]) * torch.sin(torch.pi * x[:, 1])
res = ((lap - f) ** 2).mean()
print(res.grad_fn.name(), round(res.item(), 3))
res.backward()
print(net[0].weight.grad.shape, round(net[0].weight.grad.norm().item(), 3))
print(x.grad is not None, x.grad.shape)
''',
'pinn_adam': r'''
import torch
import torch.nn as nn
torch.manual_seed(1)
class PINN(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.l1 = nn.Linear(1, 20); self.l2 = nn.Linear(20, 20); self.l3 = nn.Linear(20, 1)
        self.act = act
    def forward(self, t):
        return self.l3(self.act(self.l2(self.act(self.l1(t)))))
for act in [nn.Tanh(), nn.SiLU(), nn.Softplus(beta=2.0), nn.GELU(), nn.GELU(approximate='tanh')]:
    torch.manual_seed(1)
    m = PINN(act)
    opt = torch.optim.Adam(m.parameters(), lr=1e-2)
    t = torch.linspace(0, 1, 16).unsqueeze(1).requires_grad_()
    for step in range(5):
        opt.zero_grad()
        y = m(t)
        dy = torch.autograd.grad(y, t, torch.ones_like(y), create_graph=True)[0]
        d2y = torch.autograd.grad(dy, t, torch.ones_like(dy), create_graph=True)[0]
        loss = ((d2y + y) ** 2).mean() + (m(torch.zeros(1, 1)) - 1).pow(2).sum() + (dy[0] - 0).pow(2).sum()
        loss.backward()
        opt.step()
    print(act, round(loss.item(), 3), d2y.grad_fn.name(), dy.grad_fn.name())
''',
'pinn_lbfgs': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(1, 10), nn.Tanh(), nn.Linear(10, 1)).double()
x = torch.linspace(-1, 1, 20, dtype=torch.float64).unsqueeze(1).requires_grad_(True)
for lsf in [None, 'strong_wolfe']:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(1, 10), nn.Tanh(), nn.Linear(10, 1)).double()
    opt = torch.optim.LBFGS(net.parameters(), lr=1 if lsf else 0.5, max_iter=10, history_size=5, line_search_fn=lsf)
    calls = []
    def closure():
        opt.zero_grad()
        u = net(x)
        ux = torch.autograd.grad(u.sum(), x, create_graph=True)[0]
        loss = ((ux - torch.cos(3 * x)) ** 2).mean() + net(torch.zeros(1, 1, dtype=torch.float64)).pow(2).sum()
        loss.backward()
        calls.append(loss.item())
        return loss
    for i in range(3):
        l = opt.step(closure)
        print(lsf, i, round(l.item(), 4), len(calls))
    st = opt.state[opt._params[0]]
    print(sorted(st.keys()))
    print(st['n_iter'], st['func_evals'], len(st['old_dirs']))
print(opt)
''',
'maml': r'''
import torch
import torch.nn as nn
from torch.func import functional_call
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1))
meta_opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for it in range(3):
    meta_opt.zero_grad()
    total = 0.
    for task in range(2):
        amp = 1 + task
        xs = torch.rand(5, 1) * 4 - 2; ys = amp * torch.sin(xs)
        xq = torch.rand(5, 1) * 4 - 2; yq = amp * torch.sin(xq)
        params = dict(model.named_parameters())
        loss = nn.functional.mse_loss(functional_call(model, params, (xs,)), ys)
        grads = torch.autograd.grad(loss, list(params.values()), create_graph=True)
        fast = {k: v - 0.1 * g for (k, v), g in zip(params.items(), grads)}
        print(it, task, [g.grad_fn.name() if g.grad_fn else None for g in grads][:2], type(fast['0.weight'].grad_fn).__name__)
        qloss = nn.functional.mse_loss(functional_call(model, fast, (xq,)), yq)
        qloss.backward()
        total += qloss.item()
    meta_opt.step()
    print(it, round(total, 3), round(model[0].weight.grad.abs().sum().item(), 3))
print(list(fast.keys()))
''',
'hyper_lr': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
X = torch.randn(32, 3); w_true = torch.tensor([1., -2., 0.5]); y = X @ w_true + 0.1 * torch.randn(32)
log_lr = torch.tensor(-2.0, requires_grad=True)
hopt = torch.optim.Adam([log_lr], lr=0.1)
for outer in range(4):
    w = torch.zeros(3, requires_grad=True)
    for k in range(5):
        loss = ((X[:16] @ w - y[:16]) ** 2).mean()
        g, = torch.autograd.grad(loss, w, create_graph=True)
        w = w - log_lr.exp() * g
    val = ((X[16:] @ w - y[16:]) ** 2).mean()
    hopt.zero_grad(); val.backward(); hopt.step()
    print(outer, round(val.item(), 4), round(log_lr.item(), 4), round(log_lr.grad.item(), 4), w.grad_fn.name(), w.is_leaf)
# implicit differentiation: ridge regression closed form vs unrolled
lam = torch.tensor(0.5, requires_grad=True)
A = X[:16].T @ X[:16] + lam * torch.eye(3)
w_star = torch.linalg.solve(A, X[:16].T @ y[:16])
val = ((X[16:] @ w_star - y[16:]) ** 2).mean()
gl, = torch.autograd.grad(val, lam)
print(round(val.item(), 4), round(gl.item(), 5), w_star.grad_fn.name())
# fixed point (DEQ style) with implicit backward via hook
torch.manual_seed(1)
Wm = nn.Linear(4, 4); Wm.weight.data *= 0.3
xin = torch.randn(2, 4)
f = lambda z: torch.tanh(Wm(z) + xin)
with torch.no_grad():
    z = torch.zeros(2, 4)
    for i in range(50):
        z = f(z)
z = f(z.requires_grad_())
z0 = z.clone().detach().requires_grad_()
f0 = f(z0)
def backward_hook(grad):
    gvec = grad
    for i in range(50):
        gvec = torch.autograd.grad(f0, z0, gvec, retain_graph=True)[0] + grad
    return gvec
h = z.register_hook(backward_hook)
z.pow(2).sum().backward()
print(round(Wm.weight.grad.norm().item(), 4), round(Wm.bias.grad.sum().item(), 4))
''',
'func_transforms': r'''
import torch
import torch.nn as nn
from torch.func import grad, vmap, jacrev, jacfwd, hessian, functional_call, grad_and_value
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
params = {k: v.detach() for k, v in m.named_parameters()}
x = torch.randn(5, 3)
y = torch.randn(5)
def loss_fn(p, xi, yi):
    out = functional_call(m, p, (xi.unsqueeze(0),)).squeeze()
    return (out - yi) ** 2
g = grad(loss_fn)(params, x[0], y[0])
print(type(g).__name__, sorted(g.keys()), g['0.weight'].shape)
per_ex = vmap(grad(loss_fn), in_dims=(None, 0, 0))(params, x, y)
print({k: tuple(v.shape) for k, v in per_ex.items()})
print(torch.allclose(per_ex['2.bias'].mean(0), torch.func.grad(lambda p: vmap(loss_fn, in_dims=(None,0,0))(p, x, y).mean())(params)['2.bias'], atol=1e-6))
f = lambda xi: functional_call(m, params, (xi,)).squeeze()
J = jacrev(f)(x[0]); Jf = jacfwd(f)(x[0])
print(J.shape, torch.allclose(J, Jf, atol=1e-6))
H = hessian(f)(x[0])
print(H.shape, torch.allclose(H, H.T, atol=1e-6))
Hb = vmap(hessian(f))(x)
print(Hb.shape)
gv = grad_and_value(lambda xi: f(xi) ** 2)(x[1])
print(type(gv).__name__, gv[0].shape, gv[1].shape)
g2, aux = grad(lambda xi: (f(xi) ** 2, f(xi)), has_aux=True)(x[2])
print(g2.shape, aux.shape, round(aux.item(), 4) == round(f(x[2]).item(), 4))
jr = jacrev(loss_fn, argnums=(1, 2))(params, x[0], y[0])
print(type(jr).__name__, len(jr), jr[0].shape, jr[1].shape)
try:
    grad(lambda xi: f(xi).unsqueeze(0).repeat(2))(x[0])
except Exception as e:
    print(type(e).__name__, e)
''',
'func_errors': r'''
import torch
from torch.func import grad, jacrev, jacfwd, hessian, vjp, jvp, vmap
x = torch.randn(3)
for fn, args in [(lambda a: a * 2, (x,)), (lambda a: (a.sum(), a), (x,)), (lambda a: 3.0, (x,)),
                 (lambda a: a.sum().long(), (x,)), (lambda a, b: (a * b).sum(), (x, 2.0))]:
    try:
        print(grad(fn)(*args))
    except Exception as e:
        print(type(e).__name__, e)
try:
    grad(lambda a: a.sum(), argnums=2)(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    grad(lambda a: a.sum(), argnums=(0, 0))(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    grad(lambda a: a.sum(), has_aux=True)(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    jacrev(lambda a: a.sum(), argnums=1.5)(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    jvp(lambda a: a * 2, x, x)
except Exception as e:
    print(type(e).__name__, e)
try:
    jvp(lambda a: a * 2, (x,), (torch.ones(4),))
except Exception as e:
    print(type(e).__name__, e)
try:
    out, f = vjp(lambda a: a * 2, x)
    f(torch.ones(4))
except Exception as e:
    print(type(e).__name__, e)
print(jacrev(lambda a: {'s': a.sum(), 'p': a.prod()})(x.abs() + 1)['p'].shape)
print(jacrev(lambda a: a ** 2, chunk_size=1)(x).shape)
print(jacfwd(lambda a, b: a * b, argnums=(0, 1))(x, x)[1].shape)
print(hessian(lambda a: (a ** 3).sum())(torch.tensor([1., 2.])))
print(grad(grad(lambda a: a ** 3))(torch.tensor(2.)))
print(vmap(grad(lambda a: (a ** 2).sum()))(torch.arange(6.).view(2, 3)))
print(jacrev(jacrev(lambda a: a.sin().sum()))(torch.zeros(2)))
''',
'ensemble_vmap': r'''
import torch
import torch.nn as nn
from torch.func import stack_module_state, functional_call, vmap, grad
import copy
torch.manual_seed(0)
models = [nn.Sequential(nn.Linear(3, 5), nn.GELU(), nn.Linear(5, 2)) for _ in range(4)]
params, buffers = stack_module_state(models)
print(sorted(params), params['0.weight'].shape, params['0.weight'].requires_grad, params['0.weight'].is_leaf)
base = copy.deepcopy(models[0])
print(base[0].weight.device, base[0].weight.shape)
def fmodel(p, b, x):
    return functional_call(base, (p, b), (x,))
x = torch.randn(6, 3)
out = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, x)
print(out.shape, torch.allclose(out[2], models[2](x), atol=1e-6))
xs = torch.randn(4, 6, 3)
out2 = vmap(fmodel)(params, buffers, xs)
print(out2.shape)
def loss(p, b, x, y):
    return nn.functional.cross_entropy(fmodel(p, b, x), y)
y = torch.randint(0, 2, (6,))
g = vmap(grad(loss), in_dims=(0, 0, None, None))(params, buffers, x, y)
print({k: tuple(v.shape) for k, v in g.items()})
out2.sum().backward()
print(params['2.bias'].grad)
try:
    vmap(fmodel, in_dims=(0, 0, 1))(params, buffers, x)
except Exception as e:
    print(type(e).__name__, e)
try:
    vmap(lambda a: a.sum(), in_dims=1)(torch.randn(3))
except Exception as e:
    print(type(e).__name__, e)
try:
    vmap(lambda a, b: a + b)(torch.randn(3, 2), torch.randn(4, 2))
except Exception as e:
    print(type(e).__name__, e)
print(vmap(torch.dot)(torch.ones(2, 3), torch.arange(6.).view(2, 3)))
print(vmap(lambda a: a.sum(0), in_dims=1, out_dims=1)(torch.arange(24.).view(2, 3, 4)).shape)
''',
'ntk': r'''
import torch
import torch.nn as nn
from torch.func import functional_call, vmap, jacrev, jvp, vjp
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2))
params = {k: v.detach() for k, v in net.named_parameters()}
def fnet_single(p, x):
    return functional_call(net, p, (x.unsqueeze(0),)).squeeze(0)
x1 = torch.randn(4, 3); x2 = torch.randn(5, 3)
def ntk(x1, x2):
    j1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)
    j1 = [j.flatten(2) for j in j1.values()]
    j2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)
    j2 = [j.flatten(2) for j in j2.values()]
    return torch.stack([torch.einsum('Naf,Mbf->NMab', a, b) for a, b in zip(j1, j2)]).sum(0)
K = ntk(x1, x2)
print(K.shape, K.dtype)
print(torch.allclose(ntk(x1, x1), ntk(x1, x1).permute(1, 0, 3, 2), atol=1e-5))
Kt = torch.einsum('NMaa->NM', K)
print(Kt.shape, round(Kt.abs().mean().item(), 2))
j = jacrev(fnet_single)(params, x1[0])
print(list(j.keys()), j['0.weight'].shape, j['2.bias'].shape)
out, vjp_fn = vjp(lambda p: fnet_single(p, x1[0]), params)
ct = vjp_fn(torch.ones(2))[0]
print(type(ct).__name__, sorted(ct.keys()), round(ct['2.bias'].sum().item(), 4))
tang = {k: torch.ones_like(v) for k, v in params.items()}
o, jv = jvp(lambda p: fnet_single(p, x1[0]), (params,), (tang,))
print(o.shape, jv.shape)
''',
'functional_call_misc': r'''
import torch
import torch.nn as nn
from torch.func import functional_call
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.bn = nn.BatchNorm1d(2)
        self.register_buffer('scale', torch.tensor(2.))
    def forward(self, x):
        return self.bn(self.fc(x)) * self.scale
net = Net()
x = torch.randn(5, 2)
p = {'fc.weight': torch.eye(2, requires_grad=True), 'fc.bias': torch.zeros(2, requires_grad=True)}
out = functional_call(net, p, (x,))
print(out.grad_fn.name(), round(out.sum().item(), 4))
print(net.bn.running_mean, net.bn.num_batches_tracked)
out = functional_call(net, (p, {'scale': torch.tensor(3.)}), x)
print(round(out.abs().sum().item(), 4), net.scale)
try:
    functional_call(net, {'fc.wieght': torch.eye(2)}, (x,), strict=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    functional_call(net, ({'fc.weight': torch.eye(2)}, {'fc.weight': torch.eye(2)}), (x,))
except Exception as e:
    print(type(e).__name__, e)
print(functional_call(net, {'fc.wieght': torch.eye(2)}, (x,)).shape)
gw, = torch.autograd.grad(functional_call(net, p, (x,)).pow(2).sum(), [p['fc.weight']])
print(gw.shape, round(gw.abs().sum().item(), 3))
print(net.fc.weight.grad)
class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 2, bias=False); self.b = nn.Linear(2, 2, bias=False)
        self.b.weight = self.a.weight
    def forward(self, x): return self.b(self.a(x))
t = Tied()
print([n for n, _ in t.named_parameters()])
o = functional_call(t, {'a.weight': torch.eye(2) * 2}, (torch.ones(1, 2),))
print(o)
o = functional_call(t, {'a.weight': torch.eye(2) * 2}, (torch.ones(1, 2),), tie_weights=False)
print(o.detach().shape)
o = functional_call(net, p, (x,), {})
print(o.shape)
''',
'autograd_functional': r'''
import torch
import torch.nn as nn
from torch.autograd.functional import jacobian, hessian, hvp, vhp, jvp, vjp
torch.manual_seed(0)
lin = nn.Linear(3, 2)
x = torch.randn(3)
J = jacobian(lin, x)
print(J.shape, torch.allclose(J, lin.weight))
print(J.requires_grad, J.grad_fn)
Jc = jacobian(lin, x, create_graph=True)
print(Jc.requires_grad, Jc.grad_fn.name())
f = lambda v: (torch.tanh(v) ** 2).sum()
H = hessian(f, x)
print(H.shape, [round(a, 4) for a in H.diagonal().tolist()])
v = torch.ones(3)
o, hv = hvp(f, x, v)
o2, vh = vhp(f, x, v)
print(round(o.item(), 4), torch.allclose(hv, vh), torch.allclose(hv, H @ v))
out, jv = jvp(lambda a, b: a * b + a.sin(), (x, x.clone()), (v, v))
print(out.shape, [round(a, 4) for a in jv.tolist()])
out, vj = vjp(lambda a: a.exp(), x, torch.ones(3))
print([round(a, 4) for a in vj.tolist()])
Js = jacobian(lambda a, b: (a * b, a + b), (x, x))
print(type(Js).__name__, len(Js), type(Js[0]).__name__, Js[0][1].shape)
Jv = jacobian(lambda a: a ** 2, x, vectorize=True)
print(torch.allclose(Jv, torch.diag(2 * x)))
Jf = jacobian(lambda a: a ** 3, x, strategy='forward-mode', vectorize=True)
print([round(a, 4) for a in Jf.diagonal().tolist()])
try:
    jacobian(lambda a: a ** 3, x, strategy='forward-mode')
except Exception as e:
    print(type(e).__name__, e)
try:
    hvp(f, x, torch.ones(4))
except Exception as e:
    print(type(e).__name__, e)
try:
    jvp(lambda a: a.sum(), x)
except Exception as e:
    print(type(e).__name__, e)
try:
    jacobian(lambda a: torch.zeros(2), x, strict=True)
except Exception as e:
    print(type(e).__name__, e)
print(jacobian(lambda a: torch.zeros(2), x))
''',
'af_modules': r'''
import torch
import torch.nn as nn
from torch.autograd.functional import jacobian, hessian, vhp, hvp
from torch.func import functional_call
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1))
names = [n for n, _ in net.named_parameters()]
vals = tuple(p.detach().clone() for p in net.parameters())
x = torch.randn(4, 2); t = torch.randn(4, 1)
def loss(*ps):
    return ((functional_call(net, dict(zip(names, ps)), (x,)) - t) ** 2).mean()
H = hessian(loss, vals)
print(type(H).__name__, len(H), type(H[0]).__name__, len(H[0]))
print([[tuple(H[i][j].shape) for j in range(4)] for i in range(4)])
print(torch.allclose(H[0][1], H[1][0].permute(2, 0, 1) if False else H[0][1], atol=1e-6), H[3][3])
J = jacobian(loss, vals)
print([tuple(j.shape) for j in J])
Jv = jacobian(lambda *ps: functional_call(net, dict(zip(names, ps)), (x,)), vals, vectorize=True)
print([tuple(j.shape) for j in Jv])
v = tuple(torch.ones_like(p) for p in vals)
o, hv = hvp(loss, vals, v)
o2, vh = vhp(loss, vals, v)
print(round(o.item(), 4), [torch.allclose(a, b, atol=1e-6) for a, b in zip(hv, vh)])
print([round(a.sum().item(), 4) for a in hv])
Hc = hessian(lambda a: (a ** 3).sum(), torch.tensor([1., 2.], requires_grad=True), create_graph=True)
print(Hc, Hc.requires_grad)
Hv = hessian(lambda a, b: (a * b ** 2).sum(), (torch.tensor([1., 2.]), torch.tensor([3., 4.])), vectorize=True, outer_jacobian_strategy='forward-mode')
print(Hv[0][1], Hv[1][1])
try:
    hessian(lambda a: a ** 2, torch.ones(2))
except Exception as e:
    print(type(e).__name__, e)
try:
    hessian(lambda a: (a ** 2).sum(), torch.ones(2), outer_jacobian_strategy='forward-mode')
except Exception as e:
    print(type(e).__name__, e)
try:
    hvp(lambda a: (a ** 2).sum(), torch.ones(2), torch.ones(2), strict=True)
    hvp(lambda a: a.sum(), torch.ones(2), torch.ones(2), strict=True)
except Exception as e:
    print(type(e).__name__, e)
print(hvp(lambda a: a.sum(), torch.ones(2), torch.ones(2)))
print(jacobian(lambda a: (a, a * 2), torch.ones(2)))
''',
'retain_graph': r'''
import torch
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
x = torch.randn(3)
y = (w * x).exp().sum()
y.backward(retain_graph=True)
print(w.grad)
y.backward()
print(w.grad)
try:
    y.backward()
except Exception as e:
    print(type(e).__name__, e)
z = (w ** 2).sum()
g = torch.autograd.grad(z, w)
try:
    torch.autograd.grad(z, w)
except Exception as e:
    print(type(e).__name__, e)
a = w.sigmoid()
b = a * 2
b.sum().backward()
try:
    a.sum().backward()
    print('ok a', w.grad)
except Exception as e:
    print(type(e).__name__, e)
c = w.tanh(); d = c.sum()
d.backward(retain_graph=True)
try:
    torch.autograd.grad(d, w, retain_graph=False)
    torch.autograd.grad(d, w)
except Exception as e:
    print(type(e).__name__, e)
n = (w * 3).sum()
try:
    n.backward(); n.grad_fn.next_functions[0][0]
    print(type(n.grad_fn.next_functions[0][0]).__name__)
except Exception as e:
    print(type(e).__name__, e)
q = w.exp()
qq = q.sum()
qq.backward()
try:
    print(q.grad_fn._saved_result)
except Exception as e:
    print(type(e).__name__, e)
''',
'next_functions': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 3), nn.Softplus(), nn.Linear(3, 1))
x = torch.randn(4, 2)
loss = m(x).pow(2).mean()
def walk(fn, depth=0, seen=None):
    if seen is None: seen = set()
    if fn is None or fn in seen: return
    seen.add(fn)
    extra = ''
    if hasattr(fn, 'variable'): extra = ' var' + str(tuple(fn.variable.shape))
    print('  ' * depth + type(fn).__name__ + extra)
    for nf, idx in fn.next_functions:
        walk(nf, depth + 1, seen)
walk(loss.grad_fn)
print([ (type(f).__name__ if f else None, i) for f, i in loss.grad_fn.next_functions])
print(loss.grad_fn.name(), loss.grad_fn.metadata, loss.grad_fn._saved_self_sym_sizes if hasattr(loss.grad_fn,'_saved_self_sym_sizes') else '-')
p = loss.grad_fn.next_functions[0][0]
print(type(p).__name__, p._saved_exponent, p._saved_self.shape)
u = torch.randn(3, requires_grad=True)
v = u.unbind(0)
print([type(t.grad_fn).__name__ for t in v], v[1].grad_fn.next_functions[0][0] is u.grad_fn)
acc = (u * 2).grad_fn.next_functions[0][0]
print(type(acc).__name__, acc.variable is u, acc.next_functions)
s = (u[0] + u[1:].sum())
print(type(s.grad_fn).__name__, [type(f).__name__ for f, _ in s.grad_fn.next_functions])
''',
'saved_attrs': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
W = torch.randn(5, 4, requires_grad=True)
y = x @ W.T
z = y.tanh()
saved = lambda fn: [a for a in dir(fn) if a.startswith('_saved')]
print(saved(z.grad_fn), torch.equal(z.grad_fn._saved_result, z), z.grad_fn._saved_result.grad_fn.name())
p = z.pow(3)
print(saved(p.grad_fn), p.grad_fn._saved_exponent, p.grad_fn._saved_self is z)
m = z * x.sum()
print(saved(m.grad_fn), m.grad_fn._saved_self is z, m.grad_fn._saved_other.shape)
m2 = z * 2.5
print(m2.grad_fn._saved_other, m2.grad_fn._saved_self)
a = z + 3 * x.mean()
print(saved(a.grad_fn), a.grad_fn._saved_alpha)
b = torch.sub(z, x.sum(), alpha=2)
print(b.grad_fn._saved_alpha)
s = z.sum()
print(saved(s.grad_fn), s.grad_fn._saved_self_sym_sizes)
mn = z.mean()
print(saved(mn.grad_fn), mn.grad_fn._saved_self_sym_numel, mn.grad_fn._saved_self_sym_sizes)
v = z.view(15)
print(saved(v.grad_fn), v.grad_fn._saved_self_sym_sizes)
e = x.exp()
print(saved(e.grad_fn), type(e.grad_fn._raw_saved_result).__name__)
sg = x.sigmoid()
r = sg.grad_fn._raw_saved_result
print(type(r).__name__)
lg = F.gelu(x, approximate='tanh')
print(saved(lg.grad_fn), lg.grad_fn._saved_approximate)
lr = F.leaky_relu(x, 0.2)
print(saved(lr.grad_fn), lr.grad_fn._saved_negative_slope)
cl = x.clamp(-0.5, 0.5)
print(saved(cl.grad_fn), cl.grad_fn._saved_min, cl.grad_fn._saved_max)
e.sum().backward()
try:
    e.grad_fn._saved_result
except Exception as ex:
    print(type(ex).__name__, ex)
z2 = x.sin()
x2 = x.detach()
with torch.no_grad():
    x.add_(1)
try:
    z2.grad_fn._saved_self
except Exception as ex:
    print(type(ex).__name__, ex)
''',
'grad_accum': r'''
import torch
torch.manual_seed(0)
w = torch.randn(2, 2, requires_grad=True)
for i in range(3):
    (w.sum() * (i + 1)).backward()
    print(i, w.grad)
g_ref = w.grad
(w * w).sum().backward()
print(w.grad is g_ref, w.grad)
w.grad = None
(w * 0).sum().backward()
print(w.grad)
w.grad.zero_()
x = torch.randn(2, requires_grad=True)
y = torch.randn(2, requires_grad=True)
z = (x * 2).sum()
ga = torch.autograd.grad(z, [x, y], allow_unused=True)
print(ga[0], ga[1])
z = (x * 2).sum()
gm = torch.autograd.grad(z, [x, y], allow_unused=True, materialize_grads=True)
print(gm[1])
z = (x * 2).sum()
try:
    torch.autograd.grad(z, [x, y])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad(z, [x, y], allow_unused=False, materialize_grads=True)
except Exception as e:
    print(type(e).__name__, e)
out = x * torch.tensor([1., 2.])
gb = torch.autograd.grad(out, x, torch.eye(2), is_grads_batched=True)
print(gb[0])
out = x.exp()
try:
    torch.autograd.grad(out, x)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad(out, x, torch.ones(3))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad(x.detach().sum(), x)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad((x*2).sum(), x.detach())
except Exception as e:
    print(type(e).__name__, e)
try:
    (x * 2).sum().backward(inputs=[])
except Exception as e:
    print(type(e).__name__, e)
x.grad = None; y.grad = None
(x * y).sum().backward(inputs=[y])
print(x.grad, y.grad)
''',
'grad_modes': r'''
import torch
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
with torch.no_grad():
    y = x * 2
    with torch.enable_grad():
        z = x * 3
print(y.requires_grad, z.requires_grad, z.grad_fn.name())
@torch.no_grad()
def f(a):
    return a * 2
print(f(x).requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(False)
print((x * 2).requires_grad)
torch.set_grad_enabled(True)
with torch.inference_mode():
    inf = x * 2
print(inf.requires_grad, inf.is_inference())
try:
    (inf * x).sum().backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    inf.requires_grad_()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor([1, 2]).requires_grad_()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.zeros(2, dtype=torch.long, requires_grad=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    (x * 2).backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    x.sum().backward(torch.ones(2))
except Exception as e:
    print(type(e).__name__, e)
a = x * 2; b = x ** 2
torch.autograd.backward([a.sum(), b], [None, torch.ones(3)])
print(x.grad)
x.grad = None
a = x * 2; b = x ** 2
try:
    torch.autograd.grad([a, b], [x], grad_outputs=[torch.ones(3), None])
except Exception as e:
    print(type(e).__name__, e)
print(torch.autograd.grad([a.sum(), b.sum()], [x], grad_outputs=[None, None], retain_graph=True))
print(torch.autograd.grad(a, x, torch.ones(3), retain_graph=True, only_inputs=True))
try:
    x.grad = torch.zeros(4)
except Exception as e:
    print(type(e).__name__, e)
try:
    x.grad = torch.zeros(3, dtype=torch.float64)
except Exception as e:
    print(type(e).__name__, e)
try:
    x.data = torch.zeros(4)
    print(x.shape)
except Exception as e:
    print(type(e).__name__, e)
w = torch.ones(2, requires_grad=True)
v = w.detach()
v[0] = 5
print(w)
d = w.data
d.mul_(3)
print(w, w._version)
with torch.autograd.set_grad_enabled(False):
    print(torch.is_grad_enabled())
print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
''',
'hvp_double': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 1))
x = torch.randn(10, 4); t = torch.randn(10, 1)
params = list(net.parameters())
loss = nn.functional.mse_loss(net(x), t)
grads = torch.autograd.grad(loss, params, create_graph=True)
print([g.grad_fn.name() for g in grads])
vec = [torch.ones_like(p) for p in params]
gv = sum((g * v).sum() for g, v in zip(grads, vec))
print(gv.grad_fn.name())
hv = torch.autograd.grad(gv, params, retain_graph=True)
print([tuple(h.shape) for h in hv], [round(h.sum().item(), 4) for h in hv])
flat = torch.cat([g.reshape(-1) for g in grads])
print(flat.shape, flat.grad_fn.name())
H = torch.stack([torch.cat([h.reshape(-1) for h in torch.autograd.grad(flat[i], params, retain_graph=True)]) for i in range(5)])
print(H.shape, round((H[:, :5] - H[:, :5].T).abs().max().item(), 5))
# power iteration for top eigenvalue
v = [torch.randn_like(p) for p in params]
for it in range(5):
    n = torch.sqrt(sum((a * a).sum() for a in v))
    v = [a / n for a in v]
    hv = torch.autograd.grad(grads, params, grad_outputs=v, retain_graph=True)
    lam = sum((a * b).sum() for a, b in zip(hv, v))
    v = [h.detach() for h in hv]
print(round(lam.item(), 3))
''',
'grad_penalty': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 16), nn.ELU(), nn.Linear(16, 1))
opt = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.9))
real = torch.randn(8, 2) + 2; fake = torch.randn(8, 2)
for step in range(3):
    eps = torch.rand(8, 1)
    xh = (eps * real + (1 - eps) * fake).requires_grad_(True)
    out = D(xh)
    g = torch.autograd.grad(out, xh, grad_outputs=torch.ones_like(out), create_graph=True, retain_graph=True)[0]
    gp = ((g.norm(2, dim=1) - 1) ** 2).mean()
    loss = D(fake).mean() - D(real).mean() + 10 * gp
    opt.zero_grad(); loss.backward(); opt.step()
    print(step, round(gp.item(), 4), round(loss.item(), 4), g.grad_fn.name(), gp.grad_fn.name())
# R1 penalty
x = real.clone().requires_grad_()
o = D(x).sum()
r1 = torch.autograd.grad(o, x, create_graph=True)[0].pow(2).sum(1).mean()
r1.backward()
print(round(r1.item(), 4), x.grad.shape, round(D[0].weight.grad.norm().item(), 4))
# jacobian norm via double-backward trick
s = torch.randn(8, 1)
xx = torch.randn(8, 2, requires_grad=True)
y = D(xx)
u = torch.zeros_like(y, requires_grad=True)
gx = torch.autograd.grad(y, xx, u, create_graph=True)[0]
jvp = torch.autograd.grad(gx, u, torch.ones_like(gx))[0]
print(jvp.shape, round(jvp.sum().item(), 4))
''',
'score_matching': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
energy = nn.Sequential(nn.Linear(2, 32), nn.SiLU(), nn.Linear(32, 32), nn.Softplus(), nn.Linear(32, 1))
opt = torch.optim.AdamW(energy.parameters(), lr=1e-3, weight_decay=1e-2)
data = torch.randn(64, 2) * 0.5 + torch.tensor([1., -1.])
for step in range(3):
    x = data.clone().requires_grad_(True)
    e = energy(x).sum()
    score = -torch.autograd.grad(e, x, create_graph=True)[0]
    # exact trace of Jacobian
    tr = 0
    for i in range(2):
        tr = tr + torch.autograd.grad(score[:, i].sum(), x, create_graph=True)[0][:, i]
    loss_exact = (tr + 0.5 * (score ** 2).sum(1)).mean()
    # Hutchinson estimator
    v = torch.randn_like(x)
    jvp_ = torch.autograd.grad((score * v).sum(), x, create_graph=True)[0]
    loss_h = ((jvp_ * v).sum(1) + 0.5 * (score ** 2).sum(1)).mean()
    opt.zero_grad()
    loss_exact.backward()
    opt.step()
    print(step, round(loss_exact.item(), 4), round(loss_h.item(), 4), tr.grad_fn.name(), score.grad_fn.name())
# Langevin sampling
x = torch.randn(8, 2)
eps = 0.01
for k in range(20):
    x = x.detach().requires_grad_(True)
    g = torch.autograd.grad(energy(x).sum(), x)[0]
    x = x - 0.5 * eps * g + eps ** 0.5 * torch.randn_like(x)
print(x.shape, x.requires_grad, [round(v, 3) for v in x.mean(0).tolist()])
# HMC leapfrog
def U(q): return energy(q).sum()
def grad_U(q):
    q = q.detach().requires_grad_(True)
    return torch.autograd.grad(U(q), q)[0]
q = torch.zeros(4, 2); p = torch.randn(4, 2)
H0 = U(q) + 0.5 * (p ** 2).sum()
p = p - 0.05 * grad_U(q) / 2
for l in range(10):
    q = q + 0.05 * p
    if l < 9: p = p - 0.05 * grad_U(q)
p = p - 0.05 * grad_U(q) / 2
H1 = U(q) + 0.5 * (p ** 2).sum()
print(round((H1 - H0).item(), 4), H1.grad_fn.name(), round(torch.exp(H0 - H1).clamp(max=1).item(), 4))
''',
'act_second': r'''
import torch
import torch.nn.functional as F
x = torch.linspace(-2, 2, 5, dtype=torch.float64, requires_grad=True)
acts = {'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'softplus': F.softplus, 'softplus_b': lambda t: F.softplus(t, beta=2, threshold=1),
        'silu': F.silu, 'gelu': F.gelu, 'gelu_tanh': lambda t: F.gelu(t, approximate='tanh'), 'elu': F.elu, 'selu': F.selu,
        'celu': F.celu, 'mish': F.mish, 'logsigmoid': F.logsigmoid, 'hardswish': F.hardswish, 'sin': torch.sin,
        'leaky': lambda t: F.leaky_relu(t, 0.1), 'relu': F.relu, 'softsign': F.softsign, 'tanhshrink': F.tanhshrink,
        'hardtanh': F.hardtanh, 'relu6': F.relu6, 'hardsigmoid': F.hardsigmoid, 'erf': torch.erf, 'atan': torch.atan,
        'sinc': torch.sinc, 'log1pexp': lambda t: torch.log1p(t.exp()), 'xlogy': lambda t: torch.xlogy(t, t.abs() + 1),
        'rsqrt': lambda t: (t * t + 1).rsqrt(), 'pow': lambda t: t.abs().pow(1.5), 'expm1': torch.expm1, 'softmax': lambda t: F.softmax(t ** 2, 0) * torch.arange(5.),
        'log_softmax': lambda t: F.log_softmax(t ** 2, 0) * torch.arange(5.), 'cosh': torch.cosh, 'asinh': torch.asinh, 'logit': lambda t: torch.logit(torch.sigmoid(t)),
        'prelu': lambda t: F.prelu(t, torch.tensor([0.25], dtype=torch.float64)), 'rrelu_eval': lambda t: F.rrelu(t, training=False),
        'glu': lambda t: F.glu(torch.cat([t, t.flip(0)]), 0), 'normalize': lambda t: F.normalize(t, dim=0), 'lgamma': lambda t: torch.lgamma(t.abs() + 1),
        'digamma': lambda t: torch.digamma(t.abs() + 1), 'erfinv': lambda t: torch.erfinv(t / 3), 'atan2': lambda t: torch.atan2(t, t * t + 1),
        'hypot': lambda t: torch.hypot(t, torch.ones_like(t)), 'logcumsumexp': lambda t: torch.logcumsumexp(t, 0),
        'logsumexp': lambda t: torch.logsumexp(t, 0, keepdim=True), 'norm': lambda t: t.norm().expand(5), 'std': lambda t: t.std().expand(5),
        'var_mean': lambda t: torch.var_mean(t)[0].expand(5), 'prod': lambda t: t.prod().expand(5), 'amax': lambda t: t.amax().expand(5),
        'sort': lambda t: t.sort()[0] ** 2, 'topk': lambda t: t.topk(2)[0].sum().expand(5) ** 2, 'clamp': lambda t: t.clamp(-1, 1) ** 2,
        'where': lambda t: torch.where(t > 0, t ** 2, t ** 3), 'abs': lambda t: t.abs() ** 3, 'sqrt': lambda t: (t * t + 1).sqrt(),
        'reciprocal': lambda t: (t + 3).reciprocal(), 'div': lambda t: t / (t * t + 1), 'remainder': lambda t: torch.remainder(t, 1.5) * t,
        'fmod': lambda t: torch.fmod(t, 1.5) * t, 'frac': lambda t: t.frac() * t, 'polygamma': lambda t: torch.polygamma(1, t.abs() + 1),
        'i0': torch.i0, 'special_i1': torch.special.i1, 'ndtr': torch.special.ndtr, 'log_ndtr': torch.special.log_ndtr,
        'erfc': torch.erfc, 'entr': lambda t: torch.special.entr(t.abs() + 0.1), 'xlog1py': lambda t: torch.special.xlog1py(t, t.abs()),
        'sigmoid_sq': lambda t: torch.sigmoid(t) * torch.sigmoid(t), 'tan': lambda t: torch.tan(t / 3), 'asin': lambda t: torch.asin(t / 3),
        'acos': lambda t: torch.acos(t / 3), 'acosh': lambda t: torch.acosh(t.abs() + 1.5), 'atanh': lambda t: torch.atanh(t / 3),
        'exp2': torch.exp2, 'log2': lambda t: torch.log2(t.abs() + 1), 'log10': lambda t: torch.log10(t.abs() + 1), 'deg': torch.deg2rad,
        'lerp': lambda t: torch.lerp(t, t ** 2, 0.3), 'addcmul': lambda t: torch.addcmul(t, t, t, value=0.5), 'addcdiv': lambda t: torch.addcdiv(t, t, t * t + 1),
        'max_elem': lambda t: torch.maximum(t, t ** 2), 'min_elem': lambda t: torch.fmin(t, t ** 3), 'cross': lambda t: torch.linalg.cross(t[:3], t[2:] ** 2).repeat(2)[:5],
        'dist': lambda t: torch.dist(t, t ** 2).expand(5), 'kthvalue': lambda t: t.kthvalue(2)[0].expand(5) ** 2, 'median': lambda t: (t ** 2).median().expand(5),
        'trace': lambda t: torch.outer(t, t).trace().expand(5), 'tril': lambda t: torch.outer(t, t).tril().sum(0), 'diag': lambda t: torch.diag(torch.outer(t, t ** 2)),
        'masked_fill': lambda t: (t ** 2).masked_fill(t > 1, 0.), 'index_select': lambda t: (t ** 3).index_select(0, torch.tensor([0, 0, 4, 2, 1])),
        'gather': lambda t: (t ** 3).gather(0, torch.tensor([4, 3, 3, 1, 0])), 'scatter_add': lambda t: torch.zeros(5, dtype=t.dtype).scatter_add(0, torch.tensor([0, 0, 1, 2, 2]), t ** 3),
        'roll': lambda t: (t ** 3).roll(2), 'flip_cumsum': lambda t: (t ** 3).flip(0).cumsum(0), 'diff': lambda t: torch.cat([t.new_zeros(1), torch.diff(t ** 3)]),
        'einsum': lambda t: torch.einsum('i,j->i', t, t ** 2), 'kron': lambda t: torch.kron(t[:1] ** 2, t), 'outer_mv': lambda t: torch.outer(t, t) @ t,
        'baddbmm': lambda t: torch.baddbmm(t.view(1, 5, 1), t.view(1, 5, 1), t.view(1, 1, 1) if False else t[:1].view(1, 1, 1)).view(5),
        'pdist': lambda t: F.pdist(torch.stack([t, t ** 2], 1)).sum().expand(5), 'cosine_sim': lambda t: F.cosine_similarity(t, t ** 2 + 1, 0).expand(5),
        'poisson_nll': lambda t: F.poisson_nll_loss(t, t.abs(), reduction='none'), 'smooth_l1': lambda t: F.smooth_l1_loss(t ** 2, torch.ones_like(t), reduction='none'),
        'huber': lambda t: F.huber_loss(t ** 2, torch.ones_like(t), reduction='none', delta=0.5), 'bce_logits': lambda t: F.binary_cross_entropy_with_logits(t, torch.full_like(t, 0.3), reduction='none'),
        'bce': lambda t: F.binary_cross_entropy(torch.sigmoid(t), torch.full_like(t, 0.3), reduction='none'), 'kl': lambda t: F.kl_div(F.log_softmax(t, 0), F.softmax(t ** 2, 0), reduction='none'),
        'softmin': lambda t: F.softmin(t, 0), 'gumbel_like': lambda t: F.softmax(t / 0.5, 0), 'layer_norm': lambda t: F.layer_norm(t, (5,)),
        'group_norm': lambda t: F.group_norm(t.view(1, 5, 1), 1).view(5), 'instance_norm': lambda t: F.instance_norm(t.view(1, 1, 5)).view(5),
        'batch_norm': lambda t: F.batch_norm(t.view(5, 1), None, None, training=True).view(5), 'rms_norm': lambda t: F.rms_norm(t, (5,)),
        'local_resp': lambda t: F.local_response_norm(t.view(1, 5, 1), 2).view(5), 'conv1d': lambda t: F.conv1d(t.view(1, 1, 5) ** 2, t[:3].view(1, 1, 3), padding=1).view(5),
        'avg_pool': lambda t: F.avg_pool1d((t ** 3).view(1, 1, 5), 2, 1, padding=1)[..., :5].view(5), 'max_pool': lambda t: F.max_pool1d((t ** 3).view(1, 1, 5), 2, 1, padding=1)[..., :5].view(5),
        'interp': lambda t: F.interpolate((t ** 3).view(1, 1, 5), size=5, mode='linear').view(5), 'pad_reflect': lambda t: F.pad((t ** 3).view(1, 1, 5), (1, 1), mode='reflect')[..., 1:6].view(5),
        'mse': lambda t: F.mse_loss(t ** 2, torch.zeros_like(t), reduction='none'), 'l1': lambda t: F.l1_loss(t ** 3, torch.zeros_like(t), reduction='none'),
        'cross_entropy': lambda t: F.cross_entropy(torch.stack([t, t ** 2]), torch.tensor([1, 3]), reduction='none').repeat(3)[:5],
        'nll': lambda t: F.nll_loss(F.log_softmax(torch.stack([t, t ** 2]), 1), torch.tensor([0, 2]), reduction='none').repeat(3)[:5],
        'margin': lambda t: F.margin_ranking_loss(t ** 2, t, torch.ones_like(t), reduction='none'), 'soft_margin': lambda t: F.soft_margin_loss(t ** 2, torch.ones_like(t), reduction='none'),
        'multilabel_sm': lambda t: F.multilabel_soft_margin_loss(t.view(1, 5) ** 2, torch.ones(1, 5, dtype=t.dtype)).expand(5),
        'gauss_nll': lambda t: F.gaussian_nll_loss(t, torch.zeros_like(t), t ** 2 + 1, reduction='none'),
        }
for name, f in acts.items():
    try:
        y = f(x)
        g, = torch.autograd.grad(y.sum(), x, create_graph=True)
        gg, = torch.autograd.grad(g.sum(), x, allow_unused=True, materialize_grads=True)
        print(name, y.grad_fn.name(), g.grad_fn.name() if g.grad_fn else None, [round(v, 4) for v in gg.tolist()])
    except Exception as e:
        print(name, type(e).__name__, e)
''',
'sgn_zero_tensor': r'''
import torch
import torch.nn.functional as F
x = torch.tensor([0., 1.], dtype=torch.float64, requires_grad=True)
w = torch.tensor([0., 1.], dtype=torch.float64, requires_grad=True)
for cg in [False, True]:
    print(torch.autograd.grad((x*(-0.0)+x.sgn()).sum(), x, create_graph=cg))
    print(torch.autograd.grad((x.sgn()+x*(-0.0)).sum(), x, create_graph=cg))
    print(torch.autograd.grad((x*w+x.sgn()).sum(), x, create_graph=cg))
    print(torch.autograd.grad((x.sgn()+x*w).sum(), x, create_graph=cg))
    print(torch.autograd.grad((x.sgn()).sum(), x, create_graph=cg))
    print(torch.autograd.grad((x.sgn()*x.sgn()).sum(), x, create_graph=cg))
    print(torch.autograd.grad(x.sgn()[0], x, create_graph=cg))
    print(torch.autograd.grad((x.abs()*-1).sum(), x, create_graph=cg))
(x.sgn()*3).sum().backward(); print(x.grad)
s = torch.tensor(0., requires_grad=True)
print(torch.autograd.grad(s.sgn() + s * -0., s))
z = torch.linspace(-1, 1, 5, dtype=torch.float64, requires_grad=True)
for f in [lambda t: torch.log(t.abs() + 1), lambda t: torch.sqrt(t.abs() + 1), lambda t: t.abs() ** 3, lambda t: F.l1_loss(t * 2, torch.zeros_like(t), reduction='none'), lambda t: t.norm(p=1).expand(5) * t]:
    g, = torch.autograd.grad(f(z).sum(), z, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), z)
    print(g.grad_fn.name(), gg)
''',
'linalg_implicit': r'''
import torch
torch.manual_seed(0)
A0 = torch.randn(4, 4, dtype=torch.float64)
A = (A0 @ A0.T + 4 * torch.eye(4, dtype=torch.float64)).requires_grad_()
b = torch.randn(4, 2, dtype=torch.float64, requires_grad=True)
x = torch.linalg.solve(A, b)
print(x.grad_fn.name(), x.shape)
x.sum().backward()
print(A.grad.shape, round(A.grad.sum().item(), 6), round(b.grad.sum().item(), 6))
A.grad = None
L = torch.linalg.cholesky(A)
print(L.grad_fn.name(), round(L.diagonal().prod().item(), 5))
ld = 2 * L.diagonal().log().sum()
sign, lad = torch.linalg.slogdet(A)
print(round(ld.item(), 6), round(lad.item(), 6), sign.item(), lad.grad_fn.name(), sign.requires_grad)
g1 = torch.autograd.grad(ld, A, retain_graph=True)[0]
g2 = torch.autograd.grad(lad, A, retain_graph=True)[0]
print(torch.allclose(g1, g2), torch.allclose(g2, torch.linalg.inv(A).T))
print(torch.logdet(A).grad_fn.name(), round(torch.logdet(A).item(), 6))
print(torch.det(A).grad_fn.name())
y = torch.cholesky_solve(b, L)
print(y.grad_fn.name(), torch.allclose(y, x))
z = torch.linalg.solve_triangular(L, b, upper=False)
print(z.grad_fn.name())
zz = torch.triangular_solve(b, L, upper=False)
print(type(zz).__name__, zz.solution.grad_fn.name(), torch.allclose(zz.solution, z))
(z.sum() + zz.solution.pow(2).sum()).backward()
print(round(b.grad.sum().item(), 5))
ev, V = torch.linalg.eigh(A)
print(ev.grad_fn.name(), [round(e, 4) for e in ev.tolist()])
gev = torch.autograd.grad(ev[-1], A, retain_graph=True)[0]
print(torch.allclose(gev, torch.outer(V[:, -1], V[:, -1])))
gV = torch.autograd.grad(V[:, 0].abs().sum(), A)[0]
print(round((gV - gV.T).abs().max().item(), 8) == 0, gV.shape)
print(torch.autograd.gradcheck(lambda M: torch.linalg.solve(M @ M.mT + torch.eye(4, dtype=torch.float64), b.detach()), (A0.clone().requires_grad_(),)))
print(torch.autograd.gradcheck(lambda M: torch.linalg.slogdet(M)[1], (A.detach().clone().requires_grad_(),)))
print(torch.autograd.gradgradcheck(lambda M: torch.logdet(M @ M.mT + torch.eye(4, dtype=torch.float64)), (A0.clone().requires_grad_(),)))
try:
    torch.linalg.cholesky(-A.detach())
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.linalg.solve(torch.zeros(3, 3), torch.ones(3))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.linalg.solve(A, torch.ones(3, dtype=torch.float64))
except Exception as e:
    print(type(e).__name__, e)
''',
'linalg_more': r'''
import torch
torch.manual_seed(0)
A = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
U, S, Vh = torch.linalg.svd(A, full_matrices=False)
print(U.grad_fn.name(), S.shape, [round(s, 4) for s in S.tolist()])
gS, = torch.autograd.grad(S.sum(), A, retain_graph=True)
print(torch.allclose(gS, U @ Vh))
nuc = torch.linalg.matrix_norm(A, 'nuc')
print(nuc.grad_fn.name(), round(nuc.item(), 4))
Q, R = torch.linalg.qr(A)
print(Q.grad_fn.name(), Q.shape, R.shape)
(Q.sum() + R.diagonal().sum()).backward()
print(A.grad.shape, round(A.grad.abs().sum().item(), 4))
M = (0.3 * torch.randn(3, 3, dtype=torch.float64)).requires_grad_()
E = torch.linalg.matrix_exp(M)
print(E.grad_fn.name())
print(torch.autograd.gradcheck(torch.linalg.matrix_exp, (M,)))
P = torch.linalg.pinv(A)
print(P.grad_fn.name(), P.shape)
sol = torch.linalg.lstsq(A, torch.randn(4, 2, dtype=torch.float64))
print(type(sol).__name__, sol.solution.shape, sol.solution.grad_fn.name())
inv = torch.linalg.inv(M)
print(inv.grad_fn.name(), torch.autograd.gradcheck(torch.linalg.inv, (M,)))
x = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
D = torch.cdist(x, x)
print(D.grad_fn.name(), D.shape)
D.sum().backward()
print(torch.isnan(x.grad).any().item(), [round(v, 4) for v in x.grad[0].tolist()])
n0 = torch.zeros(3, requires_grad=True)
n0.norm().backward()
print(n0.grad)
K = torch.exp(-torch.cdist(x, x) ** 2)
L = torch.linalg.cholesky(K + 1e-3 * torch.eye(5, dtype=torch.float64))
alpha = torch.cholesky_solve(torch.ones(5, 1, dtype=torch.float64), L)
mll = -0.5 * alpha.sum() - L.diagonal().log().sum()
print(mll.grad_fn.name(), round(mll.item(), 3))
print(torch.linalg.eigvalsh(K.detach())[:2].shape)
w, V = torch.linalg.eig(M)
print(w.dtype, w.grad_fn.name())
try:
    torch.linalg.eigvals(M).real.sum().backward()
    print(M.grad is not None)
except Exception as e:
    print(type(e).__name__, e)
''',
'flow_logdet': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
class Planar(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.u = nn.Parameter(torch.randn(d) * 0.1); self.w = nn.Parameter(torch.randn(d) * 0.1); self.b = nn.Parameter(torch.zeros(1))
    def forward(self, z):
        a = torch.tanh(z @ self.w + self.b)
        psi = (1 - a ** 2).unsqueeze(1) * self.w
        ld = torch.log(torch.abs(1 + psi @ self.u) + 1e-8)
        return z + self.u * a.unsqueeze(1), ld
class Affine(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.W = nn.Parameter(torch.eye(d) + 0.1 * torch.randn(d, d))
    def forward(self, z):
        sign, lad = torch.linalg.slogdet(self.W)
        return z @ self.W.T, lad.expand(z.shape[0])
flows = nn.ModuleList([Planar(2), Affine(2), Planar(2)])
opt = torch.optim.Adam(flows.parameters(), lr=1e-2)
base = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
data = torch.randn(64, 2) @ torch.tensor([[2., 0.], [1., 0.5]])
for step in range(4):
    z = data; tot = torch.zeros(64)
    for f in reversed(flows):
        z, ld = f(z); tot = tot + ld
    nll = -(base.log_prob(z) + tot).mean()
    opt.zero_grad(); nll.backward(); opt.step()
    print(step, round(nll.item(), 4), tot.grad_fn.name(), z.grad_fn.name())
print(flows)
print(round(flows[1].W.grad.abs().sum().item(), 4))
W = flows[1].W.detach().clone().requires_grad_()
print(torch.linalg.slogdet(W))
print(torch.logdet(W @ W.T))
''',
'fwd_linalg': r'''
import torch
from torch.func import jacfwd, jacrev, vmap, jvp, hessian
torch.manual_seed(0)
A0 = torch.randn(3, 3, dtype=torch.float64)
S = A0 @ A0.T + 3 * torch.eye(3, dtype=torch.float64)
b = torch.randn(3, dtype=torch.float64)
fns = {
    'solve': lambda M: torch.linalg.solve(M, b),
    'inv': lambda M: torch.linalg.inv(M).sum(0),
    'cholesky': lambda M: torch.linalg.cholesky(M).diagonal(),
    'logdet': lambda M: torch.logdet(M).reshape(1),
    'slogdet': lambda M: torch.linalg.slogdet(M)[1].reshape(1),
    'det': lambda M: torch.linalg.det(M).reshape(1),
    'eigvalsh': lambda M: torch.linalg.eigvalsh(M),
    'eigh_vec': lambda M: torch.linalg.eigh(M)[1][:, 0].abs(),
    'matrix_exp': lambda M: torch.linalg.matrix_exp(M / 10).diagonal(),
    'qr': lambda M: torch.linalg.qr(M)[1].diagonal(),
    'svdvals': lambda M: torch.linalg.svdvals(M),
    'norm_fro': lambda M: torch.linalg.norm(M).reshape(1),
    'tri_solve': lambda M: torch.linalg.solve_triangular(torch.linalg.cholesky(M), b.unsqueeze(1), upper=False).squeeze(1),
    'chol_solve': lambda M: torch.cholesky_solve(b.unsqueeze(1), torch.linalg.cholesky(M)).squeeze(1),
    'pinv': lambda M: torch.linalg.pinv(M)[0],
    'lu_solve': lambda M: torch.linalg.lu_solve(*torch.linalg.lu_factor(M), b.unsqueeze(1)).squeeze(1),
    'matrix_power': lambda M: torch.linalg.matrix_power(M, 3)[0] / 100,
    'trace_mm': lambda M: (M @ M).trace().reshape(1),
}
for name, f in fns.items():
    try:
        Jr = jacrev(f)(S); Jf = jacfwd(f)(S)
        print(name, tuple(Jr.shape), torch.allclose(Jr, Jf, atol=1e-8), round(Jr.abs().sum().item(), 4))
    except Exception as e:
        print(name, type(e).__name__, e)
Ms = torch.stack([S, 2 * S])
print(vmap(torch.linalg.solve, in_dims=(0, None))(Ms, b).shape)
print(vmap(jacrev(fns['logdet']))(Ms).shape)
H = hessian(lambda M: torch.logdet(M))(S)
print(H.shape, round(H.abs().sum().item(), 4))
o, t = jvp(lambda M: torch.linalg.eigvalsh(M), (S,), (torch.eye(3, dtype=torch.float64),))
print([round(v, 4) for v in t.tolist()])
''',
'fwd_ad_linalg_dual': r'''
import torch
import torch.autograd.forward_ad as fwAD
torch.manual_seed(0)
A0 = torch.randn(3, 3, dtype=torch.float64)
S = A0 @ A0.T + 3 * torch.eye(3, dtype=torch.float64)
E = torch.zeros(3, 3, dtype=torch.float64); E[0, 1] = 1; E[2, 0] = 0.5
with fwAD.dual_level():
    d = fwAD.make_dual(S, E)
    L = torch.linalg.cholesky(d)
    print(fwAD.unpack_dual(L).tangent)
    U = torch.linalg.cholesky(d, upper=True)
    print(fwAD.unpack_dual(U).tangent)
    Le, info = torch.linalg.cholesky_ex(d)
    print(fwAD.unpack_dual(Le).tangent, fwAD.unpack_dual(info).tangent)
    w, V = torch.linalg.eigh(d)
    print(fwAD.unpack_dual(w).tangent, fwAD.unpack_dual(V).tangent)
    print(fwAD.unpack_dual(torch.linalg.eigvalsh(d)).tangent)
    print(fwAD.unpack_dual(torch.logdet(d)).tangent)
    print(fwAD.unpack_dual(torch.linalg.cholesky(d).diagonal().log().sum() * 2).tangent)
''',
'jvp_linalg_modes': r'''
import torch
from torch.autograd.functional import jvp, jacobian, hessian
from torch.func import jacfwd, jacrev, hessian as fhessian
torch.manual_seed(0)
A0 = torch.randn(3, 3, dtype=torch.float64)
S = A0 @ A0.T + 3 * torch.eye(3, dtype=torch.float64)
E = torch.zeros(3, 3, dtype=torch.float64); E[0, 1] = 1
f = lambda M: torch.linalg.cholesky(M)
print(jvp(f, S, E)[1].round(decimals=4))
J = jacobian(f, S, strategy='forward-mode', vectorize=True)
print(J[1, 0].round(decimals=4))
print(jacobian(f, S)[1, 0].round(decimals=4))
g = lambda M: torch.linalg.cholesky(M).diagonal().log().sum() + torch.linalg.eigh(M)[1][:, 0].abs().sum()
H1 = hessian(g, S, outer_jacobian_strategy='forward-mode', vectorize=True)
H2 = hessian(g, S)
H3 = fhessian(g)(S)
H5 = jacrev(jacrev(g))(S)
print(H1[0, 1].round(decimals=4))
print(H2[0, 1].round(decimals=4))
print(H3[0, 1].round(decimals=4))
print(H5[0, 1].round(decimals=4))
print(jacfwd(lambda M: torch.linalg.eigh(M)[1])(S)[0, 0].round(decimals=4))
''',
'fwd_ad_first_op': r'''
import torch
import torch.autograd.forward_ad as fwAD
x = torch.tensor([0.5, 1.0]); t = torch.ones(2)
with fwAD.dual_level():
    y = torch.sin(fwAD.make_dual(x, t))
    print(fwAD.unpack_dual(y).tangent)
with fwAD.dual_level():
    y = fwAD.make_dual(x, t).exp()
    print(fwAD.unpack_dual(y).tangent)
''',
'forward_ad': r'''
import torch
import torch.autograd.forward_ad as fwAD
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(3); t = torch.ones(3)
with fwAD.dual_level():
    d = fwAD.make_dual(x, t)
    y = torch.tanh(d) * d.exp()
    p, tan = fwAD.unpack_dual(y)
    print(type(fwAD.unpack_dual(y)).__name__, p.shape, [round(v, 4) for v in tan.tolist()])
    print(fwAD.unpack_dual(x).tangent)
    z = d.sum()
    print(fwAD.unpack_dual(z).tangent)
m = nn.Linear(3, 2)
from torch.func import jvp, vjp, linearize
out, jv = jvp(m, (x,), (t,))
print([round(v, 4) for v in jv.tolist()])
out, fn = vjp(m, x)
print([round(v, 4) for v in fn(torch.ones(2))[0].tolist()])
out, jfn = linearize(torch.sin, x)
print(torch.allclose(jfn(t), torch.cos(x)))
with fwAD.dual_level():
    try:
        fwAD.make_dual(x, torch.ones(4))
    except Exception as e:
        print(type(e).__name__, e)
try:
    fwAD.make_dual(x, t)
except Exception as e:
    print(type(e).__name__, e)
''',
'neural_ode': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
class ODEFunc(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))
    def forward(self, t, y):
        return self.net(y) * torch.cos(t)
def rk4(f, y0, t):
    ys = [y0]
    y = y0
    for i in range(len(t) - 1):
        h = t[i + 1] - t[i]
        k1 = f(t[i], y); k2 = f(t[i] + h / 2, y + h * k1 / 2)
        k3 = f(t[i] + h / 2, y + h * k2 / 2); k4 = f(t[i + 1], y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)
func = ODEFunc()
t = torch.linspace(0., 1., 11)
y0 = torch.tensor([[1., 0.], [0., 1.]], requires_grad=True)
traj = rk4(func, y0, t)
print(traj.shape, traj.grad_fn.name())
target = torch.zeros(2, 2)
loss = (traj[-1] - target).pow(2).sum()
loss.backward()
print(round(loss.item(), 4), [round(v, 4) for v in y0.grad.flatten().tolist()])
print(round(func.net[0].weight.grad.norm().item(), 4))
opt = torch.optim.SGD(func.parameters(), lr=0.05, momentum=0.9, nesterov=True)
for it in range(4):
    opt.zero_grad()
    l = (rk4(func, y0.detach(), t)[-1] - target).pow(2).sum()
    l.backward(); opt.step()
    print(it, round(l.item(), 4))
# sensitivity of final state wrt t grid step via autograd
tt = torch.linspace(0., 1., 5).requires_grad_()
yT = rk4(func, y0.detach(), tt)[-1].sum()
gt, = torch.autograd.grad(yT, tt)
print(gt.shape, round(gt.sum().item(), 3))
''',
'custom_fn': r'''
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable
class MyExp(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y
    @staticmethod
    def backward(ctx, gy):
        y, = ctx.saved_tensors
        return gy * y
class Clamp01(Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi = lo, hi
        print('needs', ctx.needs_input_grad)
        return x.clamp(lo, hi)
    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ((x >= ctx.lo) & (x <= ctx.hi)).to(g.dtype), None, None
class ArgSort(Function):
    @staticmethod
    def forward(ctx, x):
        v, i = x.sort()
        ctx.mark_non_differentiable(i)
        ctx.save_for_backward(i)
        return v, i
    @staticmethod
    def backward(ctx, gv, gi):
        i, = ctx.saved_tensors
        print('gi', gi)
        out = torch.zeros_like(gv)
        out.scatter_(0, i, gv)
        return out
torch.manual_seed(0)
x = torch.randn(4, dtype=torch.float64, requires_grad=True)
y = MyExp.apply(x)
print(y.grad_fn.name(), type(y.grad_fn).__name__)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(g.grad_fn.name())
gg, = torch.autograd.grad(g.sum(), x)
print(torch.allclose(gg, x.exp()))
print(torch.autograd.gradcheck(MyExp.apply, (x,)), torch.autograd.gradgradcheck(MyExp.apply, (x,)))
c = Clamp01.apply(x, -0.5, 0.5)
print(c.grad_fn.name())
g2, = torch.autograd.grad(c.sum(), x, create_graph=True)
print(g2, g2.requires_grad, g2.grad_fn.name() if g2.grad_fn else None)
try:
    torch.autograd.grad(g2.sum(), x)
except Exception as e:
    print(type(e).__name__, e)
v, i = ArgSort.apply(x)
print(v.requires_grad, i.requires_grad, i.dtype, v.grad_fn.name())
(v * torch.arange(4.)).sum().backward()
print(x.grad)
print(Clamp01.apply(x.detach(), 0., 1.).requires_grad)
with torch.no_grad():
    print(MyExp.apply(x).requires_grad)
''',
'custom_fn2': r'''
import torch
from torch.autograd import Function
class Cube(Function):
    generate_vmap_rule = True
    @staticmethod
    def forward(x):
        return x ** 3, 3 * x ** 2
    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        ctx.save_for_backward(x, output[1])
        ctx.mark_non_differentiable(output[1])
    @staticmethod
    def backward(ctx, g, _gd):
        x, d = ctx.saved_tensors
        return g * d
    @staticmethod
    def jvp(ctx, xt):
        x, d = ctx.saved_tensors
        return xt * d, None
x = torch.tensor([1., 2., -1.], requires_grad=True)
y, d = Cube.apply(x)
print(y, d)
y.sum().backward()
print(x.grad)
print(torch.func.vmap(lambda t: Cube.apply(t)[0])(torch.arange(6.).view(2, 3)))
print(torch.func.grad(lambda t: Cube.apply(t)[0].sum())(torch.tensor([1., 2.])))
print(torch.func.jacrev(lambda t: Cube.apply(t)[0])(torch.tensor([1., 2.])))
class WrongCount(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a * b
    @staticmethod
    def backward(ctx, g):
        return g
try:
    WrongCount.apply(x, torch.ones(3)).sum().backward()
except Exception as e:
    print(type(e).__name__, e)
class WrongShape(Function):
    @staticmethod
    def forward(ctx, a):
        return a.sum()
    @staticmethod
    def backward(ctx, g):
        return g.expand(2)
try:
    WrongShape.apply(x).backward()
except Exception as e:
    print(type(e).__name__, e)
class Twice(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * 2
    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * 2
t = Twice.apply(x)
t.sum().backward()
try:
    t.grad_fn.saved_tensors
except Exception as e:
    print(type(e).__name__, e)
try:
    t.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
class InplaceDouble(Function):
    @staticmethod
    def forward(ctx, a):
        a.mul_(2)
        ctx.mark_dirty(a)
        return a
    @staticmethod
    def backward(ctx, g):
        return g * 2
z = x.detach().clone().requires_grad_()
w = z.clone()
r = InplaceDouble.apply(w)
print(r is w, r.grad_fn.name(), w._version)
r.sum().backward()
print(z.grad)
try:
    InplaceDouble.apply(z)
except Exception as e:
    print(type(e).__name__, e)
class NoMat(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.set_materialize_grads(False)
        return a.clone(), a.clone()
    @staticmethod
    def backward(ctx, g1, g2):
        print('got', g1 is None, g2 is None)
        return g1 if g1 is not None else g2
o1, o2 = NoMat.apply(x)
o1.sum().backward()
class Mat(Function):
    @staticmethod
    def forward(ctx, a):
        return a.clone(), a.clone()
    @staticmethod
    def backward(ctx, g1, g2):
        print('got', g1, g2)
        return g1 + g2
o1, o2 = Mat.apply(x)
o2.sum().backward()
class NotStatic(Function):
    def forward(self, a):
        return a
try:
    NotStatic()(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    Twice(x)
except Exception as e:
    print(type(e).__name__, e)
class ReturnsInt(Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2, 5
    @staticmethod
    def backward(ctx, g, gi):
        return g * 2
out = ReturnsInt.apply(x)
print(type(out[1]).__name__, out[0].grad_fn.name())
''',
'custom_dirty': r'''
import torch
from torch.autograd import Function
class InplaceDouble(Function):
    @staticmethod
    def forward(ctx, a):
        print('in fwd', a._version)
        a.mul_(2)
        print('after mul', a._version)
        ctx.mark_dirty(a)
        return a
    @staticmethod
    def backward(ctx, g):
        return g * 2
class InplaceNoop(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.mark_dirty(a)
        return a
    @staticmethod
    def backward(ctx, g):
        return g
z = torch.ones(2, requires_grad=True)
w = z.clone()
print(w._version)
r = InplaceDouble.apply(w)
print(w._version, r._version)
w2 = z.clone()
InplaceNoop.apply(w2)
print(w2._version)
w3 = torch.ones(2)
InplaceDouble.apply(w3); print(w3._version)
class Sq_(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a.clone())
        a.pow_(2)
        ctx.mark_dirty(a)
        ctx.save_for_backward(a)
        return a
    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * 2 * out.sqrt()
z = torch.tensor([1., 4.], requires_grad=True)
w = z * 1
r = Sq_.apply(w)
print(r, w._version)
r.sum().backward(); print(z.grad)
v = z.clone()
u = v[0:1]
try:
    rr = Sq_.apply(u)
    print(rr.grad_fn.name(), v.grad_fn.name(), v._version, u._version)
    v.sum().backward(); print(z.grad)
except Exception as e:
    print(type(e).__name__, e)
class Two(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        a.mul_(2); ctx.mark_dirty(a)
        return a, a * 3
    @staticmethod
    def backward(ctx, g, h):
        return g * 2 + h * 6
v = z.clone(); u = v[1:]
try:
    Two.apply(u)
except Exception as e:
    print(type(e).__name__, e)
leaf = torch.ones(3, requires_grad=True)
try:
    Sq_.apply(leaf[:2])
except Exception as e:
    print(type(e).__name__, e)
with torch.no_grad():
    v = z.clone()
u = v[:1]
print(Sq_.apply(u).requires_grad, v.requires_grad, v._version)
''',
'gradcheck_fail': r'''
import torch
from torch.autograd import Function, gradcheck, gradgradcheck
torch.manual_seed(0)
class BadSquare(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 3 * x
x = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
try:
    gradcheck(BadSquare.apply, (x,))
except Exception as e:
    print(type(e).__name__)
    print(e)
print(gradcheck(BadSquare.apply, (x,), raise_exception=False))
try:
    gradcheck(BadSquare.apply, (x,), fast_mode=True)
except Exception as e:
    print(type(e).__name__)
    print(str(e).split('\n')[0])
xf = torch.tensor([1., 2.], requires_grad=True)
try:
    print(gradcheck(torch.sin, (xf,)))
except Exception as e:
    print(type(e).__name__, str(e).split('\n')[0])
print(gradcheck(torch.sin, (xf,), eps=1e-3, atol=1e-2, rtol=1e-2))
try:
    gradcheck(lambda a: a.detach() * 2, (x,))
except Exception as e:
    print(type(e).__name__, e)
print(gradcheck(lambda a, b: (a * b).sum(), (x, torch.tensor([3., 4.], dtype=torch.float64))))
try:
    gradcheck(lambda a: a, (torch.tensor([1., 2.], dtype=torch.float64),))
except Exception as e:
    print(type(e).__name__, e)
class BadSecond(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 3 * x.detach() ** 2 + 0 * x
try:
    print(gradcheck(BadSecond.apply, (x,)))
    gradgradcheck(BadSecond.apply, (x,))
except Exception as e:
    print(type(e).__name__)
    print(e)
print(gradcheck(lambda a: (a * 2, a.detach() * 3, a.sum()), (x,)))
try:
    gradcheck(lambda a: (a.detach() * 2, BadSquare.apply(a)), (x,))
except Exception as e:
    print(e)
print(gradgradcheck(lambda a: (a.detach(), a ** 3), (x,)), torch.rand(2))
print(gradgradcheck(lambda a, b: a * b.sin(), (x, torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True))))
print(torch.rand(3))
''',
'inplace_errors': r'''
import torch
torch.manual_seed(0)
a = torch.randn(3, requires_grad=True)
b = a.exp()
b.add_(1)
try:
    b.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
c = a.sigmoid()
d = c * 2
c.mul_(3)
try:
    d.sum().backward()
    print('fine', a.grad)
except Exception as e:
    print(type(e).__name__, e)
try:
    a.add_(1)
except Exception as e:
    print(type(e).__name__, e)
try:
    a[0] = 5.
except Exception as e:
    print(type(e).__name__, e)
with torch.no_grad():
    a.mul_(2)
print(a.requires_grad, a.is_leaf, a._version)
v = a.clone().view(3)
e = v.tanh()
v.zero_()
try:
    e.sum().backward()
except Exception as ex:
    print(type(ex).__name__, ex)
w = torch.randn(2, 2, requires_grad=True)
h = w @ w
w2 = w.detach()
w2.add_(1)
try:
    h.sum().backward()
except Exception as ex:
    print(type(ex).__name__, ex)
x = torch.randn(4, requires_grad=True)
y = x.clone()
y[1:] = y[1:] * 2
print(y.grad_fn.name(), y._version)
y.sum().backward()
print(x.grad)
z = torch.randn(3, requires_grad=True)
u = z.unbind()
try:
    u[0].mul_(2)
except Exception as ex:
    print(type(ex).__name__, ex)
with torch.autograd.set_detect_anomaly(True):
    q = torch.tensor([0., 1.], requires_grad=True)
    r = (q.sqrt() * 0).sum()
    try:
        r.backward()
    except Exception as ex:
        print(type(ex).__name__, ex)
''',
'hooks_saved': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
log = []
h = x.register_hook(lambda g: log.append(('x', g.clone())) or g * 2)
y = x * x
y.retain_grad()
y.register_hook(lambda g: log.append(('y', g.sum().item())))
y.sum().backward()
print(log[0][0], log[1][0], x.grad, y.grad)
h.remove()
x.grad = None
(x * x).sum().backward()
print(x.grad)
packed = []
def pack(t):
    packed.append(tuple(t.shape)); return t * 1
def unpack(t):
    return t
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    a = torch.randn(2, 3, requires_grad=True)
    o = (a.exp() * a).sin().sum()
print(packed)
o.backward()
print(a.grad.shape)
with torch.autograd.graph.save_on_cpu():
    m = nn.Linear(3, 2)
    out = m(torch.randn(4, 3)).relu().sum()
out.backward()
print(m.weight.grad.shape)
counts = []
ha = torch.randn(2, requires_grad=True); hb = torch.randn(2, requires_grad=True)
handle = torch.autograd.graph.register_multi_grad_hook((ha, hb), lambda grads: counts.append([g is None for g in grads]))
(ha * 2).sum().backward()
(ha * hb).sum().backward()
print(counts)
handle.remove()
acc_calls = []
p = torch.randn(2, requires_grad=True)
p.register_post_accumulate_grad_hook(lambda t: acc_calls.append(t.grad.clone()))
(p * 3).sum().backward(); (p * 3).sum().backward()
print(acc_calls)
try:
    torch.randn(2).register_hook(lambda g: g)
except Exception as e:
    print(type(e).__name__, e)
nl = x * 2
try:
    print(nl.grad)
except Exception as e:
    print(type(e).__name__, e)
print(nl.is_leaf, nl.retains_grad, y.retains_grad)
''',
'checkpoint_prog': r'''
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential
torch.manual_seed(0)
blk = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 4))
x = torch.randn(3, 4, requires_grad=True)
y = checkpoint(blk, x, use_reentrant=False)
print(y.grad_fn.name(), y.shape)
y.sum().backward()
g1 = x.grad.clone(); w1 = blk[0].weight.grad.clone()
x.grad = None; blk.zero_grad()
blk(x).sum().backward()
print(torch.allclose(g1, x.grad), torch.allclose(w1, blk[0].weight.grad))
seq = nn.Sequential(*[nn.Sequential(nn.Linear(4, 4), nn.SiLU()) for _ in range(4)])
z = checkpoint_sequential(seq, 2, x, use_reentrant=False)
print(z.shape, z.grad_fn is not None)
gz, = torch.autograd.grad(z.sum(), x, create_graph=True)
print(gz.shape, gz.requires_grad)
counter = [0]
def f(a):
    counter[0] += 1
    return a.sin().exp()
yy = checkpoint(f, x, use_reentrant=False)
yy.sum().backward()
print(counter[0])
counter[0] = 0
yy = checkpoint(f, x, use_reentrant=True)
print(yy.grad_fn.name())
yy.sum().backward()
print(counter[0])
''',
'lbfgs_rosen': r'''
import torch
def rosen(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
for lsf in [None, 'strong_wolfe']:
    p = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], lr=1 if lsf else 0.01, max_iter=20, tolerance_grad=1e-9, tolerance_change=1e-12, history_size=10, line_search_fn=lsf)
    n = [0]
    def closure():
        opt.zero_grad()
        l = rosen(p)
        l.backward()
        n[0] += 1
        return l
    for outer in range(4):
        loss = opt.step(closure)
        print(lsf, outer, round(loss.item(), 5), [round(v, 4) for v in p.tolist()], n[0])
    st = opt.state[p]
    print(st['func_evals'], st['n_iter'], round(st['t'], 6) if isinstance(st['t'], float) else st['t'], type(st['t']).__name__)
    print(len(st['old_dirs']), st['H_diag'].shape if hasattr(st['H_diag'], 'shape') else st['H_diag'], st['d'].shape, st['prev_loss'] is not None)
print(opt.defaults)
sd = opt.state_dict()
print(sorted(sd['state'][0].keys()), sd['param_groups'])
try:
    torch.optim.LBFGS([p, torch.zeros(2, requires_grad=True)], line_search_fn='armijo')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.LBFGS([{'params': [p]}, {'params': [torch.zeros(1, requires_grad=True)]}])
except Exception as e:
    print(type(e).__name__, e)
try:
    opt.step()
except Exception as e:
    print(type(e).__name__, e)
''',
'vae': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(6, 8); self.mu = nn.Linear(8, 2); self.lv = nn.Linear(8, 2); self.dec = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 6))
    def forward(self, x):
        h = F.relu(self.enc(x))
        mu, lv = self.mu(h), self.lv(h)
        z = mu + torch.exp(0.5 * lv) * torch.randn_like(mu)
        return self.dec(z), mu, lv
m = VAE()
opt = torch.optim.Adam(m.parameters(), lr=1e-2)
x = torch.rand(16, 6)
for ep in range(4):
    rec, mu, lv = m(x)
    bce = F.binary_cross_entropy_with_logits(rec, x, reduction='sum')
    kld = -0.5 * torch.sum(1 + lv - mu.pow(2) - lv.exp())
    loss = (bce + kld) / 16
    opt.zero_grad(); loss.backward(); opt.step()
    print(ep, round(loss.item(), 4), round(kld.item(), 4), kld.grad_fn.name())
rec, mu, lv = m(x)
q = torch.distributions.Normal(mu, torch.exp(0.5 * lv))
p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
kl = torch.distributions.kl_divergence(q, p).sum()
print(round(kl.item(), 3), round(kld.item(), 3), kl.grad_fn.name())
z = q.rsample()
print(z.shape, z.grad_fn.name(), q.has_rsample)
lp = q.log_prob(z).sum()
lp.backward()
print(m.mu.weight.grad.shape, round(m.mu.weight.grad.abs().sum().item(), 3))
try:
    torch.distributions.Bernoulli(logits=rec).rsample()
except Exception as e:
    print(type(e).__name__, e)
b = torch.distributions.Bernoulli(logits=rec.detach()[:2, :3])
s = b.sample()
print(s, b.log_prob(s).sum().round(decimals=3))
''',
'reprs_grad': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
lin = nn.Linear(2, 2)
print(lin.weight)
x = torch.randn(3, 2, requires_grad=True)
y = lin(x)
print(y)
l = F.mse_loss(y, torch.zeros(3, 2))
print(l)
g = torch.autograd.grad(l, x, create_graph=True)[0]
print(g)
gn = g.norm()
print(gn)
hh = torch.autograd.grad(gn, lin.weight, create_graph=True)[0]
print(hh)
print(torch.autograd.grad(l, lin.bias, create_graph=True))
s = F.softplus(x).sum(1)
print(s, s.mean(), s.std(), s.max(), s.argmax())
print(F.cross_entropy(y, torch.tensor([0, 1, 1])))
print(F.nll_loss(F.log_softmax(y, 1), torch.tensor([0, 1, 1])))
print(F.binary_cross_entropy_with_logits(y, torch.ones(3, 2)))
print(F.l1_loss(y, torch.ones(3, 2)), F.smooth_l1_loss(y, torch.ones(3, 2)), F.huber_loss(y, torch.ones(3, 2)))
print(F.kl_div(F.log_softmax(y, 1), F.softmax(y.detach() * 2, 1), reduction='batchmean'))
print(torch.cdist(x, x))
print(x.double().pow(2).sum().sqrt())
print(x @ x.T)
print(torch.einsum('ij,ij->i', x, x))
print(x.unsqueeze(0).expand(2, 3, 2).sum())
print(x[x > 0])
print(x.clamp(min=0).mean(dim=0, keepdim=True))
print(torch.where(x > 0, x, 0.))
print(x.detach().requires_grad_())
print(torch.stack([x, x]).shape, torch.cat([x, x]).grad_fn.name())
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ------------------------------------------------------------------------------ gradcheck / gradgradcheck
def _gradcheck_cases(lib):
    """Outputs that do not require grad, and gradgradcheck's draws from the global generator."""
    from_autograd = lib.autograd
    x = lib.tensor([1., 2.], dtype=lib.float64, requires_grad=True)
    out = []
    try:
        from_autograd.gradcheck(lambda a: a.detach() * 2, (x,))
    except Exception as e:  # noqa: BLE001
        out.append((type(e).__name__, str(e)))
    out.append(from_autograd.gradcheck(lambda a: a.detach() * 2, (x,), raise_exception=False))
    out.append(from_autograd.gradcheck(lambda a: a.detach() * 0, (x,)))
    out.append(from_autograd.gradcheck(lambda a: (a * 2, a.detach() * 3, a.sum()), (x,)))
    try:
        from_autograd.gradcheck(lambda a: (a.detach() * 2, a ** 2 + a.detach()), (x,))
    except Exception as e:  # noqa: BLE001
        out.append(str(e).split("\n")[0])
    out.append(from_autograd.gradcheck(lambda a: (a.detach() * 2, a ** 2 + a.detach()), (x,), raise_exception=False))
    lib.manual_seed(0)
    out.append(from_autograd.gradgradcheck(lambda a, b: a * a * b, (x, lib.tensor([3., 4.], dtype=lib.float64,
                                                                                     requires_grad=True))))
    out.append([round(v, 4) for v in lib.rand(3).tolist()])
    return out


_GRADCHECK_GOLDEN = [
    ("GradcheckError", "Numerical gradient for function expected to be zero"),
    False, True, True, "Jacobian mismatch for output 0 with respect to input 0,", False, True,
    [0.3074, 0.6341, 0.4901],
]


def test_gradcheck_outputs_golden():
    assert _gradcheck_cases(ember) == _GRADCHECK_GOLDEN


def test_gradcheck_outputs_match_pytorch():
    torch = pytest.importorskip("torch")
    assert _gradcheck_cases(ember) == _gradcheck_cases(torch)


# ------------------------------------------------------------------------------ sgn's ZeroTensor derivative
def _signed(t):
    """Values and signs (``-0.`` vs ``+0.``) of a gradient."""
    vals = t.clone().tolist()
    return vals, [math.copysign(1.0, v) for v in vals]


def _sgn_zero_cases(lib):
    x = lib.tensor([0., 1.], dtype=lib.float64, requires_grad=True)
    out = []
    for create_graph in (False, True):
        out.append(_signed(lib.autograd.grad((x * (-0.0) + x.sgn()).sum(), x, create_graph=create_graph)[0]))
        out.append(_signed(lib.autograd.grad((x.sgn() + x * (-0.0)).sum(), x, create_graph=create_graph)[0]))
        out.append(_signed(lib.autograd.grad((x.abs() * -1).sum(), x, create_graph=create_graph)[0]))
    y = lib.log2(x.abs() + 1)
    g, = lib.autograd.grad(y.sum(), x, create_graph=True)
    gg, = lib.autograd.grad(g.sum(), x)
    out.append(([round(v, 4) for v in gg.tolist()], _signed(gg)[1]))
    g, = lib.autograd.grad(((x.abs() ** 2) * -1.0).sum(), x, create_graph=True)
    out.append(_signed(lib.autograd.grad(g.sum(), x)[0]))
    out.append(lib.autograd.grad(x.sgn().sum(), x)[0].clone().tolist())  # (a ZeroTensor has no storage)
    return out


def test_sgn_zero_tensor_golden():
    got = _sgn_zero_cases(ember)
    assert got[6] == ([-0.0, -0.3607], [-1.0, -1.0])
    assert got[7][1] == [-1.0, -1.0]
    assert got[0][1] == [-1.0, -1.0] and got[1][1] == [1.0, 1.0]  # (ZeroTensor first: -0. kept; after: +0.)
    assert got[3][1] == [-1.0, -1.0] and got[4][1] == [-1.0, -1.0]  # (create_graph: -0. kept either way)
    assert got[8] == [0.0, 0.0]


def test_sgn_zero_tensor_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _sgn_zero_cases(ember) == _sgn_zero_cases(torch)


# ------------------------------------------------------------------------------ mark_dirty
def _dirty_cases(lib):
    class Double_(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            a.mul_(2)
            ctx.mark_dirty(a)
            return a

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class Sq_(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            a.pow_(2)
            ctx.mark_dirty(a)
            ctx.save_for_backward(a)
            return a

        @staticmethod
        def backward(ctx, g):
            out, = ctx.saved_tensors
            return g * 2 * out.sqrt()

    class Two_(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            a.mul_(2)
            ctx.mark_dirty(a)
            return a, a * 3

        @staticmethod
        def backward(ctx, g, h):
            return g * 2 + h * 6

    out = []
    z = lib.ones(2, requires_grad=True)
    w = z.clone()
    r = Double_.apply(w)
    out.append((r is w, w._version, r.grad_fn.name()))
    plain = lib.ones(2)
    Double_.apply(plain)
    out.append(plain._version)
    z = lib.tensor([1., 4.], requires_grad=True)
    v = z.clone()
    u = v[0:1]
    rr = Sq_.apply(u)
    out.append((rr.grad_fn.name(), v.grad_fn.name(), v._version, u._version))
    v.sum().backward()
    out.append(z.grad.tolist())
    try:
        Two_.apply(z.clone()[1:])
    except RuntimeError as e:
        out.append(str(e)[:80])
    try:
        Sq_.apply(lib.ones(3, requires_grad=True)[:2])
    except RuntimeError as e:
        out.append(str(e))
    return out


def test_mark_dirty_golden():
    assert _dirty_cases(ember) == [
        (True, 2, "Double_Backward"), 2,
        ("AsStridedBackward0", "torch::autograd::CopySlices", 2, 2), [2.0, 1.0],
        "If your Function modifies inplace an input that is a view of another Tensor, you",
        "a view of a leaf Variable that requires grad is being used in an in-place operation."]


def test_mark_dirty_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _dirty_cases(ember) == _dirty_cases(torch)


# ------------------------------------------------------------------------------ dir(grad_fn)
def _saved_names(lib):
    x = lib.randn(3, requires_grad=True)
    nodes = [x.tanh(), x.pow(3), x * x.sum(), x.exp(), x.sum(), x.mean(), x.view(3, 1)]
    return [[a for a in dir(n.grad_fn) if a.startswith("_saved")] for n in nodes]


def test_grad_fn_dir_golden():
    assert _saved_names(ember) == [
        ["_saved_result"], ["_saved_exponent", "_saved_self"], ["_saved_other", "_saved_self"], ["_saved_result"],
        ["_saved_self_sym_sizes"], ["_saved_self_sym_numel", "_saved_self_sym_sizes"], ["_saved_self_sym_sizes"]]


def test_grad_fn_dir_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _saved_names(ember) == _saved_names(torch)


# ------------------------------------------------------------------------------ forward AD through cholesky/eigh
def _forward_linalg_cases(lib):
    import warnings
    fwAD = lib.autograd.forward_ad
    A0 = lib.tensor([[1.0, 0.2, -0.5], [0.3, -1.2, 0.8], [0.0, 0.4, 1.1]], dtype=lib.float64)
    S = A0 @ A0.T + 3 * lib.eye(3, dtype=lib.float64)
    E = lib.zeros(3, 3, dtype=lib.float64)
    E[0, 1] = 1
    E[2, 0] = 0.5
    rnd = lambda t: [round(v, 4) for v in t.flatten().tolist()]  # noqa: E731
    out = []
    with fwAD.dual_level():
        d = fwAD.make_dual(S, E)
        out.append(rnd(fwAD.unpack_dual(lib.linalg.cholesky(d)).tangent))
        out.append(rnd(fwAD.unpack_dual(lib.linalg.cholesky(d, upper=True)).tangent))
        out.append(rnd(fwAD.unpack_dual(lib.linalg.cholesky_ex(d)[0]).tangent))
        w, V = lib.linalg.eigh(d)
        out.append(rnd(fwAD.unpack_dual(w).tangent) + rnd(fwAD.unpack_dual(V).tangent))
        out.append(rnd(fwAD.unpack_dual(lib.logdet(d)).tangent))
    out.append(rnd(lib.func.jvp(lib.linalg.cholesky, (S,), (E,))[1]))
    out.append(rnd(lib.func.jvp(lambda M: lib.linalg.eigh(M)[1], (S,), (E,))[1]))
    out.append(rnd(lib.func.jacfwd(lambda M: lib.linalg.cholesky(M)[1])(S)))
    out.append(rnd(lib.autograd.functional.jacobian(lambda M: lib.linalg.eigh(M)[1][0], S,
                                                    strategy="forward-mode", vectorize=True)[1]))
    g = lambda M: lib.linalg.cholesky(M).diagonal().log().sum() + lib.linalg.eigh(M)[1][:, 0].abs().sum()  # noqa
    out.append(rnd(lib.func.hessian(g)(S)[0, 1]))
    out.append(rnd(lib.autograd.functional.jvp(lib.linalg.cholesky, S, E)[1]))  # (double-backward trick: symmetric)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            lib.func.jvp(lib.cholesky, (S,), (E,))
        except NotImplementedError as e:
            out.append(str(e).split("\n")[0])
        try:
            with fwAD.dual_level():
                lib.cholesky(fwAD.make_dual(S, E))
        except NotImplementedError as e:
            out.append(str(e).split("\n")[0])
    return out


_FORWARD_LINALG_GOLDEN = [
    [0.0, 0.0, 0.0, 0.0, 0.0175, 0.0, 0.2414, 0.0646, 0.0108],
    [0.0, 0.0, 0.2414, 0.0, 0.0175, 0.0646, 0.0, 0.0, 0.0108],
    [0.0, 0.0, 0.0, 0.0, 0.0175, 0.0, 0.2414, 0.0646, 0.0108],
    [0.235, 0.1612, -0.3962, 0.2607, -0.7493, -0.4938, 0.1474, -0.0516, -0.2935, -0.2734, -0.7744, 0.1154],
    [0.0258],
    [0.0, 0.0, 0.0, 0.0, 0.0175, 0.0, 0.2414, 0.0646, 0.0108],
    [0.2607, -0.7493, -0.4938, 0.1474, -0.0516, -0.2935, -0.2734, -0.7744, 0.1154],
    [0.0191, 0.0, 0.0, 0.4828, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0014, 0.0175, 0.0, 0.0175, 0.2205] + [0.0] * 13,
    [-0.4512, -0.4599, 0.4672, -0.1454, -0.1482, 0.1506, -0.5788, -0.59, 0.5994],
    [-0.4432, -0.377, 0.3642, -0.6891, -0.3247, 0.1128, 0.2608, -0.5895, 0.7651],
    [0.0, 0.0, 0.0, 0.2414, 0.0175, 0.0, 0.1207, 0.0317, 0.0108],
    "Trying to use forward AD with cholesky that does not support it because it has not been implemented yet.",
    "Trying to use forward AD with cholesky that does not support it because it has not been implemented yet.",
]


def test_forward_ad_linalg_golden():
    assert _forward_linalg_cases(ember) == _FORWARD_LINALG_GOLDEN


def test_forward_ad_linalg_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _forward_linalg_cases(ember) == _forward_linalg_cases(torch)


def test_first_op_of_dual_level_takes_inline_dual():
    fwAD = ember.autograd.forward_ad
    x = ember.tensor([0.5, 1.0])
    with fwAD.dual_level():
        y = ember.sin(fwAD.make_dual(x, ember.ones(2)))
        tangent = fwAD.unpack_dual(y).tangent
    assert tangent is not None
    np.testing.assert_allclose(tangent.numpy(), np.cos([0.5, 1.0]), rtol=1e-6)
