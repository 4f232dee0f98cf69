"""Optimizers and learning-rate schedulers as learners use and print them (program probe 12c), run under
``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

Themes: every ``torch.optim`` optimizer minimising small functions (quadratics, Rosenbrock on a 2-element tensor, a
tiny linear regression) with parameters printed in full (``tolist()``): SGD with momentum/nesterov/dampening/
weight decay, Adam/AdamW (``amsgrad``), Adamax, NAdam, RAdam, Adagrad, Adadelta, RMSprop (centered, momentum), ASGD,
Rprop, LBFGS with a closure and ``line_search_fn='strong_wolfe'``, SparseAdam, Adafactor, Muon; ``maximize``,
``foreach``/``fused`` flags, float64 and complex parameters, per-group options, ``add_param_group``, named
parameters, ``print(optimizer)``, ``state_dict``/``load_state_dict`` round trips, step and state-dict hooks,
``zero_grad(set_to_none=False)``, construction errors; every ``lr_scheduler`` (StepLR, MultiStepLR, ExponentialLR,
CosineAnnealingLR, CosineAnnealingWarmRestarts with fractional epochs, ReduceLROnPlateau, OneCycleLR, CyclicLR,
LinearLR, ConstantLR, LambdaLR, MultiplicativeLR, PolynomialLR, SequentialLR, ChainedScheduler, SWALR) printing
``get_last_lr()`` every step, their ``state_dict``, construction errors, ``last_epoch`` resumes and the warnings
PyTorch gives (``scheduler.step()`` before ``optimizer.step()``, ``get_lr()`` outside ``step``, an ``epoch``
argument).

The unit tests at the end cover the fixes the probe led to:

* the bias gradient of a single-output ``nn.Linear`` (a ``(batch, 1)`` gradient summed to ``(1,)``) is summed as
  the one contiguous run ATen reduces it as (its inner, vectorised cascade sum), not column by column: the tiny
  linear regressions' bias values now match PyTorch bit for bit;
* ``optim.ASGD(..., foreach=True)`` follows PyTorch's ``_multi_tensor_asgd``, whose arithmetic differs from the
  single-tensor default: ``param.addcmul_(grad + lambd * param, eta, value=-1)`` with the float32 ``eta`` tensor,
  ``ax.addcmul_(param - ax, mu)`` even while ``mu`` is 1, and the next ``eta`` computed in float32 tensor
  arithmetic (``lr / (1 + lambd * lr * step) ** alpha`` as ``reciprocal() * lr``);
* ``optim.NAdam(..., foreach=True)`` divides ``sqrt(exp_avg_sq)`` by ``(1 - beta2 ** step) ** 0.5`` (the
  single-tensor code takes the root of the quotient), as ``_multi_tensor_nadam``;
* ``optim.RAdam(..., foreach=True)`` updates as ``_multi_tensor_radam``: ``param.addcmul_(exp_avg, buffer)`` with
  ``buffer = 1 / ((sqrt(exp_avg_sq) + eps) / rect_step) + unrect_step`` (while unrectified, ``rect_step`` is -0.0).

Left out (not fixable here): float32 Adam/AdamW/NAdam/RAdam/RMSprop/Adagrad/Adadelta trajectories drift from
PyTorch's in the last bit because PyTorch's CPU ``sqrt`` (MKL VML) is not correctly rounded (~20% of float32
results are one ulp off), and ``nn.Linear`` weight gradients differ where PyTorch's GEMM rounds differently from
NumPy's; the programs here keep to float64 or to trajectories that match.
"""
from __future__ import annotations

import numpy as np

import ember
from program_runner import program_tests


PROGRAMS = {
'sgd_variants': r'''
import torch
torch.manual_seed(0)
for kw in [dict(), dict(momentum=0.9), dict(momentum=0.9, nesterov=True), dict(momentum=0.5, dampening=0.3),
           dict(weight_decay=0.1), dict(momentum=0.9, weight_decay=0.01, maximize=True)]:
    w = torch.tensor([1.5, -2.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.05, **kw)
    for i in range(6):
        opt.zero_grad()
        loss = (w ** 2).sum() + 3 * w[0]
        loss.backward()
        opt.step()
        if i % 2 == 0:
            print(kw, i, w.tolist(), loss.item())
    print(opt.state_dict())
''',
'asgd_rprop': r'''
import torch
for cls, kw in [(torch.optim.ASGD, {}), (torch.optim.ASGD, dict(t0=2, lambd=0.01, alpha=0.5)),
                (torch.optim.Rprop, {}), (torch.optim.Rprop, dict(etas=(0.3, 1.5), step_sizes=(1e-3, 0.5)))]:
    w = torch.tensor([2.0, -1.0], requires_grad=True)
    opt = cls([w], lr=0.05, **kw)
    for i in range(9):
        opt.zero_grad()
        loss = ((w - 0.5) ** 2).sum()
        loss.backward()
        opt.step()
        if i % 2 == 0:
            print(cls.__name__, i, w.tolist())
    print(opt.state_dict())
    print(opt)
''',
'asgd_foreach': r'''
import torch
torch.manual_seed(0)
for kw in [dict(), dict(t0=3, lambd=0.01, alpha=0.6), dict(weight_decay=0.1, t0=2), dict(maximize=True, t0=1, lambd=0.1),
           dict(lr=0.3, alpha=0.9, t0=0, lambd=0.05)]:
    ws = []
    for fe in [False, True]:
        w = torch.tensor([1.7, -2.3], requires_grad=True)
        b = torch.randn(3, requires_grad=True)
        opt = torch.optim.ASGD([w, b], **{'lr': 0.05, **kw}, foreach=fe)
        for i in range(12):
            opt.zero_grad()
            ((w - 0.5) ** 2).sum().backward() if not kw.get('maximize') else (-(w - 0.5) ** 2).sum().backward()
            (b ** 2).sum().backward()
            opt.step()
            if i % 4 == 0:
                print(fe, i, w.tolist(), b.tolist())
        st = opt.state[w]
        print(fe, st['eta'].item(), st['mu'].item(), st['ax'].tolist(), st['step'])
''',
'foreach_fused': r'''
import torch
for cls in [torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.Adagrad, torch.optim.RMSprop, torch.optim.NAdam, torch.optim.RAdam, torch.optim.Adamax, torch.optim.Adadelta, torch.optim.ASGD, torch.optim.Rprop]:
    res = []
    for fe in [None, False, True]:
        w = torch.tensor([1.0, -2.0], requires_grad=True)
        b = torch.tensor([0.5], requires_grad=True)
        opt = cls([w, b], lr=0.01, foreach=fe)
        for _ in range(4):
            opt.zero_grad(); ((w * b).sum() ** 2).backward(); opt.step()
        res.append((w.tolist(), b.tolist()))
    print(cls.__name__, res[0], res[0] == res[1] == res[2])
    print(opt.defaults)
for cls in [torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.Adagrad]:
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    opt = cls([w], lr=0.01, fused=True)
    for _ in range(3):
        opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    print(cls.__name__, w.tolist())
    print(opt)
try:
    torch.optim.Adam([w], fused=True, foreach=True)
except Exception as e:
    print(type(e).__name__, e)
''',
'grads_none_and_sparse': r'''
import torch
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0], requires_grad=True)
opt = torch.optim.Adam([a, b], lr=0.1)
opt.zero_grad(); (a ** 2).sum().backward(); opt.step()
print(a.tolist(), b.tolist(), b.grad)
print(opt.state_dict()['state'])
emb = torch.nn.Embedding(4, 2, sparse=True)
torch.manual_seed(0)
emb = torch.nn.Embedding(4, 2, sparse=True)
opt = torch.optim.SparseAdam(emb.parameters(), lr=0.1)
emb(torch.tensor([1, 2])).sum().backward()
opt.step()
print(emb.weight.tolist())
try:
    torch.optim.Adam(emb.parameters()).step()
except Exception as e:
    print(type(e).__name__, e)
''',
'lbfgs': r'''
import torch
def rosen(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
for lsf in [None, 'strong_wolfe']:
    x = torch.tensor([-1.2, 1.0], requires_grad=True)
    opt = torch.optim.LBFGS([x], lr=1 if lsf else 0.1, line_search_fn=lsf, history_size=5, max_iter=10)
    def closure():
        opt.zero_grad()
        l = rosen(x)
        l.backward()
        return l
    for i in range(5):
        l = opt.step(closure)
        print(lsf, i, l.item(), x.tolist())
    st = opt.state_dict()['state'][0]
    print(sorted(st.keys()), st['func_evals'], st['n_iter'])
    print(opt)
try:
    torch.optim.LBFGS([x], line_search_fn='foo').step(closure)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.LBFGS([x]).step()
except Exception as e:
    print(type(e).__name__, e)
''',
'reprs': r'''
import torch
w = torch.nn.Parameter(torch.ones(2))
b = torch.nn.Parameter(torch.zeros(1))
for name in ['SGD', 'Adam', 'AdamW', 'Adamax', 'NAdam', 'RAdam', 'Adagrad', 'Adadelta', 'RMSprop', 'ASGD', 'Rprop', 'LBFGS', 'SparseAdam']:
    cls = getattr(torch.optim, name)
    opt = cls([w]) if name != 'SGD' else cls([w], lr=0.1)
    print(opt)
    print(opt.state_dict())
opt = torch.optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.5, 'momentum': 0.9}], lr=0.1)
print(opt)
print(repr(opt))
''',
'rosenbrock': r'''
import torch
torch.manual_seed(0)
def rosen(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
for name in ['SGD', 'Adam', 'RMSprop', 'Adagrad', 'NAdam', 'RAdam', 'Adamax', 'AdamW']:
    x = torch.tensor([-1.5, 2.0], requires_grad=True)
    lr = 1e-4 if name == 'SGD' else 0.01
    opt = getattr(torch.optim, name)([x], lr=lr)
    for i in range(50):
        opt.zero_grad()
        f = rosen(x)
        f.backward()
        opt.step()
        if i % 10 == 0:
            print(name, i, f.item(), x.tolist())
''',
'sched_basic': r'''
import torch
from torch.optim import lr_scheduler as L
def mk():
    w = torch.nn.Parameter(torch.ones(1))
    return torch.optim.SGD([w], lr=0.1, momentum=0.9)
for name, f in [('StepLR', lambda o: L.StepLR(o, step_size=3, gamma=0.5)),
                ('MultiStepLR', lambda o: L.MultiStepLR(o, milestones=[2, 5, 5], gamma=0.1)),
                ('ExponentialLR', lambda o: L.ExponentialLR(o, gamma=0.9)),
                ('CosineAnnealingLR', lambda o: L.CosineAnnealingLR(o, T_max=4, eta_min=0.01)),
                ('CosineAnnealingWarmRestarts', lambda o: L.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)),
                ('LinearLR', lambda o: L.LinearLR(o, start_factor=0.25, total_iters=4)),
                ('ConstantLR', lambda o: L.ConstantLR(o, factor=0.5, total_iters=3)),
                ('LambdaLR', lambda o: L.LambdaLR(o, lambda e: 0.95 ** e)),
                ('MultiplicativeLR', lambda o: L.MultiplicativeLR(o, lambda e: 0.9)),
                ('PolynomialLR', lambda o: L.PolynomialLR(o, total_iters=5, power=2.0))]:
    opt = mk()
    s = f(opt)
    out = []
    for i in range(10):
        opt.step()
        s.step()
        out.append(s.get_last_lr())
    print(name, out)
    print(s.state_dict())
    print(opt.param_groups[0]['lr'], s.last_epoch)
''',
'sched_multi_groups': r'''
import torch
from torch.optim import lr_scheduler as L
a = torch.nn.Parameter(torch.ones(1)); b = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.01}], lr=0.1)
s = L.LambdaLR(opt, [lambda e: 0.5 ** e, lambda e: e + 1])
for i in range(4):
    opt.step(); s.step(); print(s.get_last_lr())
print(opt.param_groups[1]['initial_lr'])
try:
    L.LambdaLR(opt, [lambda e: 1.0])
except Exception as e:
    print(type(e).__name__, e)
s = L.MultiStepLR(opt, [1, 3], gamma=0.5)
for i in range(4):
    opt.step(); s.step(); print(s.get_last_lr(), s.milestones)
print(s.state_dict())
''',
'sched_onecycle_cyclic': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
s = L.OneCycleLR(opt, max_lr=1.0, total_steps=10)
for i in range(10):
    opt.step(); s.step()
    print(i, s.get_last_lr(), opt.param_groups[0]['momentum'])
try:
    opt.step(); s.step()
except Exception as e:
    print(type(e).__name__, e)
opt = torch.optim.Adam([w], lr=0.1)
s = L.OneCycleLR(opt, max_lr=[0.5], epochs=2, steps_per_epoch=3, anneal_strategy='linear', three_phase=True)
for i in range(6):
    opt.step(); s.step()
    print(i, s.get_last_lr(), opt.param_groups[0]['betas'])
print(sorted(s.state_dict().keys()))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
for mode in ['triangular', 'triangular2', 'exp_range']:
    s = L.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode=mode, gamma=0.9)
    out = []
    for i in range(9):
        opt.step(); s.step()
        out.append((s.get_last_lr()[0], opt.param_groups[0]['momentum']))
    print(mode, out)
try:
    L.CyclicLR(torch.optim.Adam([w]), base_lr=0.01, max_lr=0.1)
except Exception as e:
    print(type(e).__name__, e)
''',
'sched_state_roundtrip': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.5)
s = L.CosineAnnealingLR(opt, T_max=10)
for _ in range(4):
    opt.step(); s.step()
sd = s.state_dict()
print(sd)
opt2 = torch.optim.SGD([w], lr=0.5)
s2 = L.CosineAnnealingLR(opt2, T_max=10)
s2.load_state_dict(sd)
print(s2.last_epoch, s2.get_last_lr(), opt2.param_groups[0])
opt2.load_state_dict(opt.state_dict())
for _ in range(3):
    opt.step(); s.step(); opt2.step(); s2.step()
print(s.get_last_lr(), s2.get_last_lr())
print(opt.param_groups[0]['initial_lr'])
try:
    L.StepLR(torch.optim.SGD([w], lr=0.1), 2, last_epoch=3)
except Exception as e:
    print(type(e).__name__, e)
l = L.LambdaLR(opt, lambda e: 1.0)
print(l.state_dict())
''',
'sched_warning': r'''
import warnings
import torch
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=1.0)
s = torch.optim.lr_scheduler.StepLR(opt, 2)
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    s.step()
    opt.step()
    s.step()
    s.get_lr()
for x in ws:
    print(x.category.__name__, str(x.message))
print(s.get_last_lr())
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    s.step(5)
for x in ws:
    print(x.category.__name__, str(x.message))
print(s.get_last_lr(), s.last_epoch)
''',
'sequential_chained': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=1.0)
s1 = L.LinearLR(opt, start_factor=0.1, total_iters=3)
s2 = L.ExponentialLR(opt, gamma=0.9)
s = L.SequentialLR(opt, schedulers=[s1, s2], milestones=[3])
for i in range(8):
    opt.step(); s.step()
    print(i, s.get_last_lr())
print(s.state_dict())
opt = torch.optim.SGD([w], lr=1.0)
c = L.ChainedScheduler([L.ConstantLR(opt, factor=0.5, total_iters=2), L.ExponentialLR(opt, gamma=0.9)])
for i in range(5):
    opt.step(); c.step()
    print(i, c.get_last_lr())
print(c.state_dict())
try:
    L.SequentialLR(opt, schedulers=[L.StepLR(opt, 2)], milestones=[1])
except Exception as e:
    print(type(e).__name__, e)
''',
'state_dict_roundtrip': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.1, amsgrad=True)
for _ in range(3):
    opt.zero_grad(); (w ** 3).sum().backward(); opt.step()
sd = opt.state_dict()
print(sd)
w2 = torch.tensor([1.0, 2.0], requires_grad=True)
opt2 = torch.optim.Adam([w2], lr=0.5)
opt2.load_state_dict(sd)
print(opt2)
print(opt2.state_dict())
print(opt2.state[w2]['step'], type(opt2.state[w2]['step']))
w2.data.copy_(w.data)
for _ in range(2):
    for o, p in [(opt, w), (opt2, w2)]:
        o.zero_grad(); (p ** 3).sum().backward(); o.step()
print(w.tolist(), w2.tolist())
try:
    opt2.load_state_dict({'state': {}, 'param_groups': []})
except Exception as e:
    print(type(e).__name__, e)
try:
    sd3 = opt.state_dict(); sd3['param_groups'][0]['params'] = [0, 1]
    opt2.load_state_dict(sd3)
except Exception as e:
    print(type(e).__name__, e)
''',
'step_closure': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
for name in ['SGD', 'Adam', 'RMSprop']:
    opt = getattr(torch.optim, name)([w], lr=0.1)
    def closure():
        opt.zero_grad()
        l = (w ** 2).sum()
        l.backward()
        return l
    r = opt.step(closure)
    print(name, r, w.tolist())
    print(opt.step(), opt.step(lambda: 3))
''',
'tensor_lr': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=torch.tensor(0.01))
for i in range(3):
    opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
print(w.tolist())
print(opt)
print(opt.param_groups[0]['lr'])
s = torch.optim.lr_scheduler.StepLR(opt, 1, gamma=0.5)
opt.step(); s.step()
print(s.get_last_lr(), opt.param_groups[0]['lr'])
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
print(opt.state[w])
print(opt.state_dict()['param_groups'])
''',
'zero_grad': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
(w * 3).sum().backward()
print(w.grad)
opt.zero_grad(set_to_none=False)
print(w.grad, w.grad.requires_grad)
(w * 3).sum().backward()
opt.zero_grad()
print(w.grad)
opt.step()
print(w.tolist(), opt.state)
v = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([v], lr=0.1, momentum=0.9)
opt.step()
print(opt.state_dict())
''',
'plateau': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=1.0)
s = L.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.1)
for i, v in enumerate([1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95]):
    opt.step()
    s.step(v)
    print(i, s.get_last_lr(), s.num_bad_epochs, s.cooldown_counter, s.best)
print(s.state_dict())
opt = torch.optim.SGD([w], lr=1.0)
s = L.ReduceLROnPlateau(opt, mode='max', threshold_mode='abs', patience=0)
for v in [1, 2, 2, 2, 3]:
    s.step(v)
    print(s.get_last_lr(), s.best)
try:
    L.ReduceLROnPlateau(opt, mode='avg')
except Exception as e:
    print(type(e).__name__, e)
try:
    L.ReduceLROnPlateau(opt, factor=1.0)
except Exception as e:
    print(type(e).__name__, e)
''',
'errors': r'''
import torch
w = torch.nn.Parameter(torch.ones(2))
cases = [lambda: torch.optim.SGD([w], lr=-0.1), lambda: torch.optim.SGD([w], lr=0.1, momentum=-1),
         lambda: torch.optim.SGD([w], lr=0.1, nesterov=True), lambda: torch.optim.Adam([w], betas=(1.0, 0.9)),
         lambda: torch.optim.Adam([w], eps=-1), lambda: torch.optim.Adam([w], weight_decay=-1),
         lambda: torch.optim.Adam([]), lambda: torch.optim.Adam(w), lambda: torch.optim.RMSprop([w], alpha=-1),
         lambda: torch.optim.Adadelta([w], rho=1.5), lambda: torch.optim.Rprop([w], etas=(1.2, 0.5)),
         lambda: torch.optim.Adagrad([w], lr_decay=-1), lambda: torch.optim.NAdam([w], momentum_decay=-1),
         lambda: torch.optim.SGD([w, w], lr=0.1), lambda: torch.optim.Adam([torch.ones(2)]),
         lambda: torch.optim.SGD([{'params': [w]}, {'params': [w]}], lr=0.1), lambda: torch.optim.Adam([w], lr='a'),
         lambda: torch.optim.ASGD([w], weight_decay=-0.5), lambda: torch.optim.Adamax([w], betas=(0.9, -0.1))]
for c in cases:
    try:
        o = c()
        print('ok', o.defaults)
    except Exception as e:
        print(type(e).__name__, e)
''',
'float64_params': r'''
import torch
for name in ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'NAdam', 'RAdam', 'Adamax', 'ASGD', 'Rprop']:
    w = torch.tensor([1.25, -0.75], dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([w], lr=0.1)
    for i in range(5):
        opt.zero_grad(); ((w ** 2).sum() + w[0] * w[1]).backward(); opt.step()
    print(name, w.tolist())
    print({k: v for k, v in opt.state[w].items()})
''',
'named_params_state_dict': r'''
import torch
torch.manual_seed(0)
m = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(m.named_parameters(), lr=0.1, momentum=0.9)
print(opt)
print(opt.param_groups[0]['param_names'])
x = torch.tensor([[1.0, 2.0]])
m(x).sum().backward(); opt.step()
print(opt.state_dict())
opt2 = torch.optim.SGD(m.named_parameters(), lr=0.3, momentum=0.9)
opt2.load_state_dict(opt.state_dict())
print(opt2.state_dict()['param_groups'])
try:
    opt3 = torch.optim.SGD(m.parameters(), lr=0.3)
    opt3.load_state_dict(opt.state_dict())
    print(opt3.state_dict()['param_groups'])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.SGD([{'params': m.named_parameters()}, {'params': [torch.nn.Parameter(torch.ones(1))]}], lr=0.1)
except Exception as e:
    print(type(e).__name__, e)
''',
'hooks': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.1)
h1 = opt.register_step_pre_hook(lambda o, a, k: print('pre', type(o).__name__, a, k))
h2 = opt.register_step_post_hook(lambda o, a, k: print('post', w.tolist()))
opt.zero_grad(); (w * w).sum().backward(); opt.step()
h1.remove()
opt.step()
h2.remove(); opt.step()
opt.register_state_dict_pre_hook(lambda o: print('sd pre'))
opt.register_state_dict_post_hook(lambda o, sd: print('sd post', sorted(sd)))
sd = opt.state_dict()
opt.register_load_state_dict_pre_hook(lambda o, sd: print('load pre'))
opt.register_load_state_dict_post_hook(lambda o: print('load post'))
opt.load_state_dict(sd)
print(w.tolist())
''',
'sched_errors': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
cases = [lambda: L.CosineAnnealingWarmRestarts(opt, T_0=0), lambda: L.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=0),
         lambda: L.CosineAnnealingWarmRestarts(opt, T_0=2.5), lambda: L.LinearLR(opt, start_factor=0),
         lambda: L.LinearLR(opt, end_factor=2.0), lambda: L.ConstantLR(opt, factor=2.0),
         lambda: L.OneCycleLR(opt, max_lr=0.1), lambda: L.OneCycleLR(opt, max_lr=0.1, total_steps=-1),
         lambda: L.OneCycleLR(opt, max_lr=0.1, total_steps=10, anneal_strategy='foo'),
         lambda: L.OneCycleLR(opt, max_lr=0.1, epochs=0, steps_per_epoch=3),
         lambda: L.OneCycleLR(opt, max_lr=[0.1, 0.2], total_steps=10),
         lambda: L.CyclicLR(opt, base_lr=0.01, max_lr=0.1, mode='foo'),
         lambda: L.MultiStepLR(opt, milestones=[3, 1]), lambda: L.ReduceLROnPlateau(opt, threshold_mode='rel2'),
         lambda: L.ReduceLROnPlateau(opt, min_lr=[0.1, 0.2]), lambda: L.StepLR(3, 2),
         lambda: L.ExponentialLR(opt), lambda: L.LambdaLR(opt, 3),
         lambda: L.SequentialLR(opt, [L.ExponentialLR(opt, 0.5)], milestones=[1, 2]),
         lambda: L.ChainedScheduler([]), lambda: L.PolynomialLR(opt, total_iters=0).get_last_lr()]
for c in cases:
    try:
        s = c()
        print('ok', type(s).__name__)
    except Exception as e:
        print(type(e).__name__, e)
''',
'warm_restarts_epoch': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.1)
s = L.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2, eta_min=0.001)
iters = 5
for epoch in range(3):
    for i in range(iters):
        opt.step()
        s.step(epoch + i / iters)
        print(epoch, i, s.get_last_lr(), s.T_cur, s.T_i)
print(s.state_dict())
s.step(20)
print(s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch)
try:
    s.step(-1)
except Exception as e:
    print(type(e).__name__, e)
''',
'plateau_groups': r'''
import torch
from torch.optim import lr_scheduler as L
a = torch.nn.Parameter(torch.ones(1)); b = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.Adam([{'params': [a]}, {'params': [b], 'lr': 0.01}], lr=0.1)
s = L.ReduceLROnPlateau(opt, patience=0, factor=0.3, min_lr=[0.005, 0.002], eps=1e-3)
for i, v in enumerate([5.0, 5.0, 4.0, 4.0, 4.0, 4.0, 4.0]):
    opt.step(); s.step(torch.tensor(v))
    print(i, s.get_last_lr(), [g['lr'] for g in opt.param_groups], s.best)
sd = s.state_dict()
print(sorted(sd))
s2 = L.ReduceLROnPlateau(opt)
s2.load_state_dict(sd)
print(s2.patience, s2.factor, s2.min_lrs, s2.num_bad_epochs)
''',
'schedulers_with_adam': r'''
import torch
from torch.optim import lr_scheduler as L
torch.manual_seed(0)
w = torch.randn(2, requires_grad=True)
opt = torch.optim.AdamW([w], lr=0.05, weight_decay=0.01)
warm = L.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=3)
cos = L.CosineAnnealingLR(opt, T_max=6, eta_min=1e-4)
s = L.SequentialLR(opt, [warm, cos], milestones=[3])
for i in range(10):
    opt.zero_grad()
    loss = ((w - torch.tensor([1.0, -1.0])) ** 2).sum()
    loss.backward()
    opt.step(); s.step()
    print(i, f'{loss.item():.6f}', s.get_last_lr(), w.tolist())
print(s.state_dict()['_schedulers'][1])
''',
'cyclic_custom': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.RMSprop([w], lr=0.1, momentum=0.9)
s = L.CyclicLR(opt, base_lr=[0.001], max_lr=0.01, step_size_up=3, step_size_down=1, scale_fn=lambda x: 0.5 ** (x - 1), scale_mode='cycle', cycle_momentum=True, base_momentum=0.8, max_momentum=0.95)
for i in range(10):
    opt.step(); s.step()
    print(i, s.get_last_lr(), opt.param_groups[0]['momentum'])
sd = s.state_dict()
print(sorted(sd))
opt = torch.optim.SGD([w], lr=0.1)
s = L.CyclicLR(opt, 0.01, 0.1, step_size_up=2, cycle_momentum=False)
print(opt.param_groups[0]['lr'], s.get_last_lr())
''',
'lambda_state': r'''
import torch
from torch.optim import lr_scheduler as L
class F:
    def __init__(self, k): self.k = k
    def __call__(self, e): return self.k ** e
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=1.0)
s = L.LambdaLR(opt, F(0.5))
opt.step(); s.step()
print(s.state_dict())
s = L.MultiplicativeLR(opt, F(0.9))
opt.step(); s.step(); s.step()
print(s.state_dict(), s.get_last_lr())
s2 = L.MultiplicativeLR(opt, F(0.1))
s2.load_state_dict(s.state_dict())
print(s2.lr_lambdas[0].k, s2.last_epoch)
''',
'sched_last_epoch_resume': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.1)
for g in opt.param_groups:
    g['initial_lr'] = 0.1
s = L.StepLR(opt, step_size=2, gamma=0.5, last_epoch=4)
print(s.get_last_lr(), s.last_epoch, opt.param_groups[0]['lr'])
for i in range(3):
    opt.step(); s.step(); print(s.get_last_lr())
s = L.ExponentialLR(opt, gamma=0.5, last_epoch=2)
print(s.get_last_lr())
s = L.CosineAnnealingLR(opt, T_max=3, last_epoch=1)
for i in range(5):
    opt.step(); s.step(); print(s.get_last_lr())
''',
'complex_params': r'''
import torch
for name in ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'NAdam', 'RAdam', 'Adamax', 'ASGD', 'Rprop']:
    w = torch.tensor([1.0 + 2.0j], requires_grad=True)
    opt = getattr(torch.optim, name)([w], lr=0.1)
    for i in range(3):
        opt.zero_grad(); (w.abs() ** 2).sum().backward(); opt.step()
    print(name, w)
''',
'sgd_state_types': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
(w ** 2).sum().backward(); opt.step()
print(opt.state, opt.state_dict())
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.5)
for _ in range(3):
    opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
print(opt.state[w]['momentum_buffer'], w)
opt.param_groups[0]['lr'] = 0.5
opt.param_groups[0]['momentum'] = 0.0
opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
print(w, opt.state[w])
print(opt)
''',
'sched_misc': r'''
import warnings
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.1)
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    s = L.StepLR(opt, 1)
    opt.step(); s.step()
    s2 = L.ReduceLROnPlateau(opt)
    s.get_lr()
for x in ws:
    print(x.category.__name__, x.message)
print(s.get_last_lr(), type(s.optimizer).__name__, s.base_lrs)
print(opt.param_groups)
print(type(s).__mro__[1].__name__, isinstance(s, L.LRScheduler))
''',
'differentiable': r'''
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
for name in ['SGD', 'Adam', 'RMSprop']:
    try:
        opt = getattr(torch.optim, name)([w], lr=0.1, differentiable=True)
        print(opt.defaults['differentiable'])
    except Exception as e:
        print(type(e).__name__, e)
try:
    torch.optim.Adam([w], lr=0.1, fused=True, differentiable=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.SGD([w], lr=0.1, capturable=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    opt = torch.optim.Adam([w], lr=0.1, capturable=True)
    (w ** 2).sum().backward(); opt.step()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([w], lr=torch.tensor([0.1, 0.2]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([w], lr=torch.tensor(0.1), foreach=True)
    print('ok')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([w.detach() * 2 + w], lr=0.1)
except Exception as e:
    print(type(e).__name__, e)
''',
'lbfgs_options': r'''
import torch
torch.manual_seed(0)
X = torch.randn(10, 2)
y = X @ torch.tensor([1.5, -0.5]) + 0.25
w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.LBFGS([w, b], lr=1, max_iter=50, tolerance_grad=1e-9, tolerance_change=1e-12, history_size=10, line_search_fn='strong_wolfe')
def closure():
    opt.zero_grad()
    loss = ((X * w).sum(1) + b - y).pow(2).mean()
    loss.backward()
    return loss
for i in range(3):
    l = opt.step(closure)
    print(i, f'{l.item():.8f}', [round(v, 5) for v in w.tolist()], [round(v, 5) for v in b.tolist()])
st = opt.state[opt._params[0]]
print(st['n_iter'], st['func_evals'], len(st['old_dirs']))
opt = torch.optim.LBFGS([w], max_iter=3, max_eval=2)
print(opt.defaults)
x = torch.tensor([3.0, -1.0], requires_grad=True)
opt = torch.optim.LBFGS([x], lr=0.5, max_iter=4)
def c2():
    opt.zero_grad(); l = (x ** 2).sum() + x[0] * x[1]; l.backward(); return l
for i in range(3):
    print(opt.step(c2).item(), x.tolist())
''',
'sparse_adam': r'''
import torch
torch.manual_seed(0)
emb = torch.nn.Embedding(5, 2, sparse=True)
opt = torch.optim.SparseAdam(list(emb.parameters()), lr=0.1)
for i in range(3):
    opt.zero_grad()
    emb(torch.tensor([0, 2, 2])).pow(2).sum().backward()
    opt.step()
    print(i, emb.weight.tolist())
print(opt.state_dict()['state'][0]['step'])
print(opt)
try:
    torch.optim.SparseAdam([torch.nn.Parameter(torch.ones(2))], lr=-1)
except Exception as e:
    print(type(e).__name__, e)
lin = torch.nn.Linear(2, 2)
opt = torch.optim.SparseAdam(lin.parameters())
lin(torch.ones(1, 2)).sum().backward()
try:
    opt.step()
except Exception as e:
    print(type(e).__name__, e)
''',
'grad_accum_clip': r'''
import torch
torch.manual_seed(0)
m = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3)
data = [torch.randn(2, 3) for _ in range(4)]
for step in range(2):
    opt.zero_grad()
    for xb in data:
        out = (m.weight * xb).sum() + m.bias.sum()
        (out ** 2 / 4).backward()
    n = torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5)
    print(step, n.item())
    opt.step()
    print(m.weight.tolist(), m.bias.tolist())
''',
'adafactor_muon': r'''
import torch
torch.manual_seed(0)
W = torch.randn(3, 2, requires_grad=True)
v = torch.tensor([0.5, -1.5], requires_grad=True)
opt = torch.optim.Adafactor([W, v], lr=0.01)
for i in range(4):
    opt.zero_grad(); ((W ** 2).sum() + (v ** 3).sum()).backward(); opt.step()
    print(i, W.tolist(), v.tolist())
print(opt)
print({k: (v if not torch.is_tensor(v) else v.tolist()) for k, v in opt.state[W].items()})
try:
    torch.optim.Adafactor([W], lr=-1)
except Exception as e:
    print(type(e).__name__, e)
if hasattr(torch.optim, 'Muon'):
    W2 = torch.randn(3, 4, requires_grad=True)
    opt = torch.optim.Muon([W2], lr=0.02)
    for i in range(2):
        opt.zero_grad(); (W2 ** 2).sum().backward(); opt.step()
    print([round(x, 4) for x in W2.flatten().tolist()])
    print(opt)
    try:
        torch.optim.Muon([v])
    except Exception as e:
        print(type(e).__name__, e)
''',
'swalr': r'''
import torch
from torch.optim.swa_utils import SWALR, AveragedModel
torch.manual_seed(0)
m = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.5)
swa = AveragedModel(m)
s = SWALR(opt, swa_lr=0.05, anneal_epochs=3, anneal_strategy='linear')
for i in range(5):
    opt.step(); s.step()
    swa.update_parameters(m)
    print(i, s.get_last_lr(), swa.n_averaged)
s = SWALR(opt, swa_lr=[0.1], anneal_epochs=2)
for i in range(3):
    opt.step(); s.step(); print(s.get_last_lr())
for bad in [dict(swa_lr=0.1, anneal_strategy='x'), dict(swa_lr=0.1, anneal_epochs=-1), dict(swa_lr=[0.1, 0.2])]:
    try:
        SWALR(opt, **bad)
    except Exception as e:
        print(type(e).__name__, e)
print(s.state_dict())
''',
'polynomial_linear_edge': r'''
import torch
from torch.optim import lr_scheduler as L
w = torch.nn.Parameter(torch.ones(1))
for mk in [lambda o: L.PolynomialLR(o, total_iters=4, power=0.5), lambda o: L.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=3),
           lambda o: L.ConstantLR(o, factor=1/3, total_iters=2), lambda o: L.MultiStepLR(o, [1, 1, 2], gamma=0.3),
           lambda o: L.StepLR(o, 1, gamma=0.7), lambda o: L.CosineAnnealingLR(o, T_max=2)]:
    opt = torch.optim.SGD([w], lr=0.3)
    s = mk(opt)
    out = [s.get_last_lr()[0]]
    for i in range(7):
        opt.step(); s.step(); out.append(s.get_last_lr()[0])
    print(type(s).__name__, out)
    print(s._get_closed_form_lr() if hasattr(s, '_get_closed_form_lr') else None)
''',
'bias_grad_single_output': r'''
import torch
torch.manual_seed(0)
for n in [7, 20, 40, 100, 257]:
    X = torch.randn(n, 3)
    head = torch.nn.Linear(3, 1)
    head(X).backward(torch.linspace(-1, 1, n).unsqueeze(1) ** 3 + 0.1)
    print(n, head.bias.grad.tolist(), (torch.linspace(-1, 1, n) ** 3 + 0.1).sum().item())
w = torch.tensor([0.0], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
x = torch.linspace(-2, 2, 25).unsqueeze(1)
y = 3.0 * x - 0.5 + 0.1 * torch.randn(25, 1)
opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.5)
for epoch in range(30):
    opt.zero_grad()
    loss = ((x * w + b - y) ** 2).mean()
    loss.backward()
    opt.step()
    if epoch % 6 == 0:
        print(epoch, loss.item(), w.tolist(), b.tolist())
print(opt.state_dict()['state'])
''',
'foreach_options': r'''
import torch
torch.manual_seed(0)
cfgs = [('SGD', dict(momentum=0.9, nesterov=True, weight_decay=0.1)), ('SGD', dict(momentum=0.5, dampening=0.5, maximize=True)),
        ('Adam', dict(amsgrad=True, weight_decay=0.1)), ('Adam', dict(maximize=True, decoupled_weight_decay=True, weight_decay=0.1)),
        ('AdamW', dict(amsgrad=True)), ('Adamax', dict(weight_decay=0.1, maximize=True)),
        ('Adagrad', dict(lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.1)), ('Adagrad', dict(maximize=True)),
        ('Adadelta', dict(weight_decay=0.1, rho=0.5)), ('RMSprop', dict(centered=True, momentum=0.5, weight_decay=0.1)),
        ('RMSprop', dict(maximize=True)), ('Rprop', dict(maximize=True, etas=(0.4, 1.3))), ('ASGD', dict(weight_decay=0.1, t0=1))]
for name, kw in cfgs:
    res = []
    for fe in [False, True]:
        torch.manual_seed(1)
        w = torch.randn(2, requires_grad=True)
        b = torch.randn(3, requires_grad=True)
        opt = getattr(torch.optim, name)([w, b], lr=0.05, foreach=fe, **kw)
        for i in range(8):
            opt.zero_grad()
            ((w ** 2).sum() * b.sum() + (b ** 2).sum()).backward()
            opt.step()
        res.append([w.tolist(), b.tolist()])
    print(name, kw, res[0] == res[1])
    if name in ('SGD', 'ASGD', 'Rprop'):
        print(res[1])
''',
'full_state_dicts': r'''
import torch
from torch.optim import lr_scheduler as L
x = torch.tensor([1.0, -1.0], requires_grad=True)
opt = torch.optim.LBFGS([x], lr=1, max_iter=3, history_size=2, line_search_fn='strong_wolfe')
def closure():
    opt.zero_grad(); l = (x ** 2).sum() + x[0]; l.backward(); return l
opt.step(closure)
print(opt.state_dict())
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
s = L.OneCycleLR(opt, max_lr=0.5, total_steps=6)
opt.step(); s.step()
print(s.state_dict())
s = L.CyclicLR(opt, 0.01, 0.1, step_size_up=2)
opt.step(); s.step()
print(s.state_dict())
opt = torch.optim.Rprop([w], lr=0.1)
w.grad = torch.tensor([0.5]); opt.step(); w.grad = torch.tensor([-0.5]); opt.step()
print(opt.state_dict())
opt = torch.optim.NAdam([w], lr=0.1); opt.step()
print(opt.state_dict())
opt = torch.optim.RAdam([w], lr=0.1); opt.step()
print(opt.state_dict())
opt = torch.optim.Adamax([w], lr=0.1); opt.step()
print(opt.state_dict())
opt = torch.optim.Adadelta([w], lr=0.1); opt.step()
print(opt.state_dict())
opt = torch.optim.Adagrad([w], lr=0.1); opt.step()
print(opt.state_dict())
''',
'custom_scheduler': r'''
import torch
from torch.optim import lr_scheduler as L
class Warmup(L.LRScheduler):
    def __init__(self, optimizer, warm, last_epoch=-1):
        self.warm = warm
        super().__init__(optimizer, last_epoch)
    def get_lr(self):
        return [base * min(1.0, (self.last_epoch + 1) / self.warm) for base in self.base_lrs]
w = torch.nn.Parameter(torch.ones(1))
opt = torch.optim.SGD([w], lr=0.4)
s = Warmup(opt, 4)
print(s.get_last_lr())
for i in range(6):
    opt.step(); s.step(); print(i, s.get_last_lr(), s._step_count)
print(s.state_dict())
opt.param_groups[0]['lr'] = 1.0
s2 = L.ExponentialLR(opt, 0.5)
opt.step(); s2.step(); print(s2.get_last_lr(), s2.base_lrs)
c = L.ChainedScheduler([L.StepLR(opt, 1, 0.5), L.MultiplicativeLR(opt, lambda e: 0.9)], optimizer=opt)
for i in range(3):
    opt.step(); c.step(); print(c.get_last_lr())
''',
'adam_tensor_betas': r'''
import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.01, betas=(torch.tensor(0.9), torch.tensor(0.99)))
for i in range(3):
    opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
print(w.tolist())
print(opt)
try:
    torch.optim.Adam([w], betas=(torch.tensor([0.9, 0.8]), 0.99))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([w], betas=(torch.tensor(0.9), 0.99), foreach=True)
except Exception as e:
    print(type(e).__name__, e)
''',
'nadam_radam_foreach': r'''
import torch
cfgs = [('NAdam', dict(weight_decay=0.1)), ('NAdam', dict(decoupled_weight_decay=True, weight_decay=0.1, momentum_decay=0.01)),
        ('NAdam', dict(maximize=True)), ('RAdam', dict(weight_decay=0.1)), ('RAdam', dict(decoupled_weight_decay=True, weight_decay=0.1)),
        ('RAdam', dict(maximize=True))]
for name, kw in cfgs:
    res = []
    for fe in [False, True]:
        torch.manual_seed(1)
        w = torch.randn(2, requires_grad=True, dtype=torch.float64)
        b = torch.randn(3, requires_grad=True, dtype=torch.float64)
        opt = getattr(torch.optim, name)([w, b], lr=0.05, foreach=fe, **kw)
        for i in range(8):
            opt.zero_grad()
            ((w ** 2).sum() * b.sum() + (b ** 2).sum()).backward()
            opt.step()
        res.append([w.tolist(), b.tolist()])
    print(name, kw, res[0] == res[1])
    print(res)
''',
'foreach64': r'''
import torch
cfgs = [('SGD', dict(momentum=0.9, nesterov=True, weight_decay=0.1)), ('SGD', dict(momentum=0.5, dampening=0.5, maximize=True)),
        ('Adam', dict(amsgrad=True, weight_decay=0.1)), ('Adam', dict(maximize=True, decoupled_weight_decay=True, weight_decay=0.1)),
        ('AdamW', dict(amsgrad=True)), ('Adamax', dict(weight_decay=0.1, maximize=True)),
        ('Adagrad', dict(lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.1)), ('Adagrad', dict(maximize=True)),
        ('Adadelta', dict(weight_decay=0.1, rho=0.5)), ('Adadelta', dict(maximize=True)),
        ('RMSprop', dict(centered=True, momentum=0.5, weight_decay=0.1)), ('RMSprop', dict(maximize=True)),
        ('Rprop', dict(maximize=True, etas=(0.4, 1.3))), ('ASGD', dict(weight_decay=0.1, t0=1)),
        ('NAdam', dict(momentum_decay=0.1)), ('RAdam', dict())]
for name, kw in cfgs:
    res = []
    for fe in [False, True]:
        torch.manual_seed(1)
        w = torch.randn(2, requires_grad=True, dtype=torch.float64)
        b = torch.randn(3, requires_grad=True, dtype=torch.float64)
        opt = getattr(torch.optim, name)([w, b], lr=0.05, foreach=fe, **kw)
        for i in range(10):
            opt.zero_grad()
            ((w ** 2).sum() * b.sum() + (b ** 2).sum()).backward()
            opt.step()
        res.append([w.tolist(), b.tolist()])
    print(name, kw, res[0] == res[1])
    print(res)
''',
'fused64': r'''
import torch
cfgs = [('SGD', dict(momentum=0.9, nesterov=True, weight_decay=0.1)), ('SGD', dict(momentum=0.5, dampening=0.5, maximize=True)),
        ('SGD', dict()), ('Adam', dict(amsgrad=True, weight_decay=0.1)), ('Adam', dict(maximize=True)),
        ('AdamW', dict(amsgrad=True)), ('AdamW', dict(weight_decay=0.3, maximize=True)),
        ('Adagrad', dict(lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.1)), ('Adagrad', dict(maximize=True))]
for dt in [torch.float64, torch.float32]:
    for name, kw in cfgs:
        res = []
        for fu in [False, True]:
            torch.manual_seed(1)
            w = torch.randn(2, requires_grad=True, dtype=dt)
            b = torch.randn(3, requires_grad=True, dtype=dt)
            opt = getattr(torch.optim, name)([w, b], lr=0.05, fused=fu, **kw)
            for i in range(10):
                opt.zero_grad()
                ((w ** 2).sum() * b.sum() + (b ** 2).sum()).backward()
                opt.step()
            res.append([w.tolist(), b.tolist()])
        print(name, kw, dt, res[0] == res[1] if dt == torch.float64 else '')
        print(res[1])
        print(opt.state_dict()['state'].get(0))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


# a (20, 1) MSE gradient of the tiny regressions; PyTorch's bias gradient (and its ``g.sum()``) is -3.5760440826416016,
# an in-order column sum gives -3.5760443210601807
_GRAD_20 = [-0.22120819985866547, -0.20857201516628265, -0.13790248334407806, -0.6085744500160217, -0.5189585089683533,
            -0.13884614408016205, 0.13204823434352875, -0.4182758927345276, -0.3121054768562317, -0.060321737080812454,
            -0.6421603560447693, 0.36908116936683655, -0.29073646664619446, -0.19048333168029785, -0.28292199969291687,
            -0.20443777740001678, -0.35307303071022034, 0.0740322694182396, -0.12741705775260925, 0.5647889375686646]


def test_single_output_bias_grad_is_an_inner_cascade_sum():
    from ember.ops._cascade_sum import column_sums
    assert column_sums(np.array(_GRAD_20, np.float32).reshape(20, 1)).tolist() == [-3.5760440826416016]
    head = ember.nn.Linear(3, 1)
    g = ember.tensor(_GRAD_20).unsqueeze(1)
    head(ember.ones(20, 3)).backward(g)
    assert head.bias.grad.tolist() == [-3.5760440826416016]
    assert head.bias.grad.tolist() == [g.sum().item()]
    assert column_sums(np.ones((20, 2), np.float32)).tolist() == [20.0, 20.0]


def test_asgd_foreach_follows_multi_tensor_arithmetic():
    w = ember.tensor([1.0], requires_grad=True)
    opt = ember.optim.ASGD([w], lr=0.5, lambd=0.5, alpha=1.0, t0=0, foreach=True)
    (w * 2.0).sum().backward()
    opt.step()
    # param -= eta * (g + lambd * param) = 0.5 * (2 + 0.5); eta = 0.5 / (1 + 0.25 * 1); mu = 1 / max(1, 1 - 0)
    assert w.tolist() == [-0.25]
    state = opt.state[w]
    assert state["ax"].tolist() == [-0.25]
    assert state["eta"].item() == np.float32(0.4)
    assert state["mu"].item() == 1.0
    assert state["eta"].dtype == ember.float32


def test_nadam_foreach_divides_the_root_by_the_bias_correction_root():
    w = ember.tensor([1.0], dtype=ember.float64, requires_grad=True)
    opt = ember.optim.NAdam([w], lr=0.1, betas=(0.5, 0.75), eps=0.0, momentum_decay=0.0, foreach=True)
    w.grad = ember.tensor([2.0], dtype=ember.float64)
    opt.step()
    # mu = mu_next = 0.5 * (1 - 0.5) = 0.25; exp_avg = 1, exp_avg_sq = 1, denom = sqrt(1) / sqrt(0.25) = 2
    # param += -0.1 * 0.75 / 0.75 * 2 / 2 - 0.1 * 0.25 / (1 - 0.0625) * 1 / 2
    assert w.tolist() == [1.0 - 0.1 - 0.025 / 0.9375 / 2]


def test_radam_foreach_unrectified_step_is_a_reciprocal_plus_step():
    w = ember.tensor([1.0], dtype=ember.float64, requires_grad=True)
    opt = ember.optim.RAdam([w], lr=0.1, betas=(0.5, 0.999), foreach=True)
    w.grad = ember.tensor([2.0], dtype=ember.float64)
    opt.step()
    # step 1 is unrectified: buffer = 1 / (x / -0.0) + (-0.1 / 0.5) = -0.2; exp_avg = 1
    assert w.tolist() == [0.8]
