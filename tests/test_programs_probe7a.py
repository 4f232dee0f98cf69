"""GAN and reinforcement-learning tutorials (program probe 7a), run under ``python -m ember run`` and under
PyTorch 2.13; stdout must match exactly.

Tiny generator/discriminator MLPs with BCE / BCE-with-logits losses, two Adam optimisers, ``detach`` for the
discriminator step, weight initialisation via ``Module.apply``, WGAN weight clipping and WGAN-GP gradient
penalties, spectral normalisation; REINFORCE with ``Categorical``, discounted and normalised returns,
actor-critic with Huber / MSE losses, DQN with ``gather`` / ``max`` / target networks / replay buffers,
gradient clipping, ``Normal`` policies with ``rsample`` and tanh squashing, and the error messages of common
mistakes in these settings.  Printed digits are chosen so that BLAS summation order cannot show.

The unit tests at the end cover the fixes the probe led to: a reduction's ``keepdim`` must be a Python bool
(``q.max(1, 1)`` is PyTorch's argument-parser ``TypeError``), ``keepdim`` without ``dim`` matches no overload
of ``sum``/``mean``/``max``/``min``, the deprecated ``F.upsample*`` functions warn, and
``torch.distributions.__all__`` leaves out the submodules.
"""
from __future__ import annotations

import numpy as np
import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
    'gan_mlp_bce': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
G = nn.Sequential(nn.Linear(4, 16), nn.LeakyReLU(0.2), nn.Linear(16, 2), nn.Tanh())
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2, inplace=True), nn.Dropout(0.3), nn.Linear(16, 1), nn.Sigmoid())
print(G)
print(D)
crit = nn.BCELoss()
optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
real_label, fake_label = 1.0, 0.0
for step in range(5):
    real = torch.randn(8, 2) * 0.5 + torch.tensor([1.0, -1.0])
    D.zero_grad()
    label = torch.full((8,), real_label, dtype=torch.float)
    out = D(real).view(-1)
    errD_real = crit(out, label)
    errD_real.backward()
    D_x = out.mean().item()
    noise = torch.randn(8, 4)
    fake = G(noise)
    label.fill_(fake_label)
    out = D(fake.detach()).view(-1)
    errD_fake = crit(out, label)
    errD_fake.backward()
    D_G_z1 = out.mean().item()
    errD = errD_real + errD_fake
    optD.step()
    G.zero_grad()
    label.fill_(real_label)
    out = D(fake).view(-1)
    errG = crit(out, label)
    errG.backward()
    D_G_z2 = out.mean().item()
    optG.step()
    print(f"[{step}/5] Loss_D: {errD.item():.4f} Loss_G: {errG.item():.4f} D(x): {D_x:.4f} D(G(z)): {D_G_z1:.4f} / {D_G_z2:.4f}")
print(errD.grad_fn.name(), errG.grad_fn.name(), type(fake.grad_fn).__name__)
print(label.dtype, label.shape, label[:3])
''',
    'gan_bce_logits_bn': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(1)
class Generator(nn.Module):
    def __init__(self, nz=8, nh=32, nout=4):
        super().__init__()
        self.main = nn.Sequential(
            nn.Linear(nz, nh), nn.BatchNorm1d(nh), nn.ReLU(True),
            nn.Linear(nh, nh), nn.BatchNorm1d(nh, momentum=0.8), nn.LeakyReLU(0.2, inplace=True),
            nn.Linear(nh, nout))
    def forward(self, z):
        return self.main(z)
class Discriminator(nn.Module):
    def __init__(self, nin=4, nh=32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(nin, nh), nn.LeakyReLU(0.2), nn.Linear(nh, 1))
    def forward(self, x):
        return self.net(x).squeeze(1)
G, D = Generator(), Discriminator()
print(G)
print(sum(p.numel() for p in G.parameters()), sum(p.numel() for p in D.parameters() if p.requires_grad))
optG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
for it in range(4):
    x = torch.randn(16, 4) + 2
    z = torch.randn(16, 8)
    optD.zero_grad(set_to_none=True)
    fake = G(z)
    d_loss = bce(D(x), torch.ones(16)) + bce(D(fake.detach()), torch.zeros(16))
    d_loss.backward()
    optD.step()
    optG.zero_grad(set_to_none=False)
    g_loss = F.binary_cross_entropy_with_logits(D(fake), torch.ones_like(D(fake)))
    g_loss.backward()
    optG.step()
    print(it, round(d_loss.item(), 4), round(g_loss.item(), 4))
print(G.main[1].running_mean[:4].round(decimals=2))
print(G.main[1].num_batches_tracked, G.main[4].momentum)
G.eval()
with torch.no_grad():
    s = G(torch.randn(3, 8))
print(s.shape, s.requires_grad, s.grad_fn)
print([p.grad is None for p in D.parameters()])
''',
    'gan_weights_init_apply': r'''
import torch
import torch.nn as nn
torch.manual_seed(2)
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Linear') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
netG = nn.Sequential(nn.Linear(5, 10), nn.BatchNorm1d(10), nn.ReLU(), nn.Linear(10, 3), nn.Tanh())
r = netG.apply(weights_init)
print(r is netG)
for name, p in netG.named_parameters():
    print(name, tuple(p.shape), f"{p.mean().item():.5f}", f"{p.std().item():.5f}")
print(list(netG.state_dict().keys()))
def init_xavier(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain('leaky_relu', 0.2))
        m.bias.data.fill_(0.01)
netG.apply(init_xavier)
print(netG[0].bias)
print(nn.init.calculate_gain('tanh'), nn.init.calculate_gain('relu'), nn.init.calculate_gain('sigmoid'))
w = torch.empty(3, 4)
nn.init.kaiming_normal_(w, a=0.2, mode='fan_out', nonlinearity='leaky_relu')
print(w.round(decimals=3))
nn.init.orthogonal_(w)
print(w.round(decimals=3))
print((w @ w.t()).round(decimals=4).abs())
''',
    'wgan_clip': r'''
import torch
import torch.nn as nn
torch.manual_seed(3)
critic = nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1))
gen = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))
optC = torch.optim.RMSprop(critic.parameters(), lr=5e-3)
optG = torch.optim.RMSprop(gen.parameters(), lr=5e-3)
clip = 0.05
for it in range(6):
    real = torch.randn(10, 2) + 1
    for _ in range(2):
        optC.zero_grad()
        fake = gen(torch.randn(10, 3)).detach()
        loss_c = -(critic(real).mean() - critic(fake).mean())
        loss_c.backward()
        optC.step()
        for p in critic.parameters():
            p.data.clamp_(-clip, clip)
    optG.zero_grad()
    loss_g = -critic(gen(torch.randn(10, 3))).mean()
    loss_g.backward()
    optG.step()
    print(f"it {it}: critic {loss_c.item():+.5f} gen {loss_g.item():+.5f}")
print(max(p.abs().max().item() for p in critic.parameters()) <= clip)
print(critic[0].weight)
print(loss_g.grad_fn.name(), [(f.name(), i) for f, i in loss_g.grad_fn.next_functions])
''',
    'wgan_gp': r'''
import torch
import torch.nn as nn
from torch import autograd
torch.manual_seed(4)
D = nn.Sequential(nn.Linear(3, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
def gradient_penalty(D, real, fake):
    alpha = torch.rand(real.size(0), 1)
    alpha = alpha.expand_as(real)
    interp = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    d_interp = D(interp)
    grads = autograd.grad(outputs=d_interp, inputs=interp,
                          grad_outputs=torch.ones_like(d_interp),
                          create_graph=True, retain_graph=True, only_inputs=True)[0]
    print("grads", grads.shape, grads.requires_grad, grads.grad_fn is not None)
    grads = grads.view(grads.size(0), -1)
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()
opt = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.0, 0.9))
for i in range(3):
    real = torch.randn(6, 3)
    fake = torch.randn(6, 3) * 2
    opt.zero_grad()
    gp = gradient_penalty(D, real, fake)
    loss = D(fake).mean() - D(real).mean() + 10 * gp
    loss.backward()
    opt.step()
    print(i, f"{gp.item():.5f}", f"{loss.item():.5f}", gp.grad_fn.name())
print(D[0].weight.grad.norm().item() > 0)
''',
    'spectral_norm_disc': r'''
import torch
import torch.nn as nn
from torch.nn.utils import spectral_norm
torch.manual_seed(5)
lin = spectral_norm(nn.Linear(6, 4))
print(lin)
print(sorted(n for n, _ in lin.named_parameters()))
print(sorted(n for n, _ in lin.named_buffers()))
x = torch.randn(3, 6)
y = lin(x)
print(y.shape, y.grad_fn is not None)
sv = torch.linalg.svdvals(lin.weight.detach())
print(f"{sv[0].item():.3f}")
D = nn.Sequential(spectral_norm(nn.Linear(6, 8)), nn.LeakyReLU(0.1), spectral_norm(nn.Linear(8, 1)))
opt = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
for _ in range(3):
    opt.zero_grad()
    loss = nn.functional.softplus(-D(x)).mean()
    loss.backward()
    opt.step()
    print(f"{loss.item():.4f}")
print(list(D.state_dict().keys()))
''',
    'gan_label_smoothing_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(6)
crit = nn.BCELoss()
pred = torch.sigmoid(torch.randn(4, 1))
try:
    crit(pred, torch.ones(4))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.BCEWithLogitsLoss()(torch.randn(4, 1), torch.ones(4))
except Exception as e:
    print(type(e).__name__, e)
try:
    crit(torch.randn(4), torch.ones(4))
except Exception as e:
    print(type(e).__name__, e)
smooth = torch.full((4, 1), 0.9)
print(crit(pred, smooth))
print(nn.BCELoss(reduction='none')(pred, smooth).squeeze())
noisy = torch.empty(4, 1).uniform_(0.7, 1.2)
print(noisy)
flip = torch.rand(4) < 0.3
print(flip, flip.dtype, flip.sum())
w = torch.tensor([1.0, 2.0, 1.0, 0.5]).unsqueeze(1)
print(nn.BCELoss(weight=w)(pred, torch.zeros(4, 1)))
print(nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))(torch.randn(4, 1), torch.ones(4, 1)))
try:
    crit(pred, torch.ones(4, 1, dtype=torch.long))
except Exception as e:
    print(type(e).__name__, e)
''',
    'gan_backward_twice_inplace': r'''
import torch
import torch.nn as nn
torch.manual_seed(7)
G = nn.Linear(3, 2)
D = nn.Linear(2, 1)
z = torch.randn(4, 3)
fake = G(z)
d = torch.sigmoid(D(fake)).mean()
d.backward(retain_graph=False)
try:
    d.backward()
except RuntimeError as e:
    print(str(e)[:200])
x = torch.randn(3, requires_grad=True)
y = x.sigmoid()
y.mul_(2)
try:
    y.sum().backward()
except RuntimeError as e:
    print(e)
a = torch.randn(3, requires_grad=True)
b = a.exp()
b += 1
try:
    b.sum().backward()
except RuntimeError as e:
    print(e)
w = torch.randn(2, requires_grad=True)
try:
    w.add_(1)
except RuntimeError as e:
    print(e)
out = torch.tanh(torch.randn(3, requires_grad=True))
try:
    out.numpy()
except RuntimeError as e:
    print(e)
print(out.detach().numpy().shape)
try:
    torch.randn(2, 2, requires_grad=True).sum().backward(torch.ones(2))
except RuntimeError as e:
    print(e)
''',
    'reinforce_categorical': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(8)
class Policy(nn.Module):
    def __init__(self):
        super().__init__()
        self.affine1 = nn.Linear(4, 16)
        self.dropout = nn.Dropout(p=0.6)
        self.affine2 = nn.Linear(16, 2)
        self.saved_log_probs = []
        self.rewards = []
    def forward(self, x):
        x = self.affine1(x)
        x = self.dropout(x)
        x = F.relu(x)
        return F.softmax(self.affine2(x), dim=1)
policy = Policy()
optimizer = torch.optim.Adam(policy.parameters(), lr=1e-2)
eps = torch.finfo(torch.float32).eps.item() if hasattr(torch.finfo(torch.float32).eps, 'item') else torch.finfo(torch.float32).eps
print(eps)
gamma = 0.99
for episode in range(3):
    state = torch.randn(4)
    for t in range(6):
        probs = policy(state.unsqueeze(0))
        m = Categorical(probs)
        action = m.sample()
        policy.saved_log_probs.append(m.log_prob(action))
        reward = 1.0 if action.item() == 0 else 0.5
        policy.rewards.append(reward)
        state = state * 0.9 + 0.1 * torch.randn(4)
    R = 0
    returns = []
    for r in policy.rewards[::-1]:
        R = r + gamma * R
        returns.insert(0, R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    policy_loss = []
    for log_prob, R in zip(policy.saved_log_probs, returns):
        policy_loss.append(-log_prob * R)
    optimizer.zero_grad()
    policy_loss = torch.cat(policy_loss).sum()
    policy_loss.backward()
    optimizer.step()
    print(episode, f"{policy_loss.item():.4f}", returns.round(decimals=4))
    del policy.rewards[:]
    del policy.saved_log_probs[:]
print(m, action, action.shape, action.dtype)
print(m.probs.round(decimals=4), m.logits.round(decimals=4), m.entropy())
print(policy_loss.grad_fn.name())
''',
    'categorical_api': r'''
import torch
from torch.distributions import Categorical
torch.manual_seed(9)
logits = torch.randn(3, 4)
d = Categorical(logits=logits)
print(d.batch_shape, d.event_shape, d.param_shape)
s = d.sample()
print(s, d.log_prob(s))
print(d.sample((2,)).shape)
print(d.entropy())
print(d.probs.sum(-1))
print(d.mean if False else d.mode, d.enumerate_support().shape)
p = Categorical(probs=torch.tensor([0.1, 0.2, 0.7]))
print(p, p.probs, p.logits)
print(p.log_prob(torch.tensor([0, 1, 2])))
print(p.sample((5,)))
q = Categorical(probs=torch.tensor([2.0, 2.0, 4.0]))
print(q.probs)
from torch.distributions.kl import kl_divergence
print(kl_divergence(p, q))
for bad in [torch.tensor([0.5, -0.1, 0.6]), torch.tensor([[0.5, float('nan')]]), torch.tensor([])]:
    try:
        Categorical(probs=bad)
    except Exception as e:
        print(type(e).__name__, str(e)[:300])
try:
    p.log_prob(torch.tensor([3]))
except Exception as e:
    print(type(e).__name__, str(e)[:300])
try:
    Categorical()
except Exception as e:
    print(type(e).__name__, e)
''',
    'actor_critic_huber': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(10)
class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.affine1 = nn.Linear(4, 32)
        self.action_head = nn.Linear(32, 3)
        self.value_head = nn.Linear(32, 1)
    def forward(self, x):
        x = F.relu(self.affine1(x))
        return F.softmax(self.action_head(x), dim=-1), self.value_head(x)
model = ActorCritic()
opt = torch.optim.Adam(model.parameters(), lr=3e-2)
saved, rewards = [], []
state = torch.randn(4)
for t in range(8):
    probs, value = model(state)
    m = Categorical(probs)
    a = m.sample()
    saved.append((m.log_prob(a), value, m.entropy()))
    rewards.append(float(a.item()) - 1.0)
    state = torch.randn(4)
R, returns = 0, []
for r in rewards[::-1]:
    R = r + 0.9 * R
    returns.insert(0, R)
returns = torch.tensor(returns)
returns = (returns - returns.mean()) / (returns.std() + 1e-8)
policy_losses, value_losses = [], []
for (log_prob, value, ent), R in zip(saved, returns):
    advantage = R - value.item()
    policy_losses.append(-log_prob * advantage - 0.01 * ent)
    value_losses.append(F.smooth_l1_loss(value, torch.tensor([R])))
opt.zero_grad()
loss = torch.stack(policy_losses).sum() + torch.stack(value_losses).sum()
print(loss, loss.grad_fn.name())
loss.backward()
print(model.value_head.bias.grad)
opt.step()
print([round(v.item(), 4) for v, in [(l,) for l in value_losses[:3]]])
print(torch.stack(value_losses).shape, torch.stack(policy_losses).shape)
print(F.smooth_l1_loss(torch.tensor([0.0, 2.0]), torch.tensor([0.5, 0.0]), beta=0.5))
print(F.huber_loss(torch.tensor([0.0, 2.0]), torch.tensor([0.5, 0.0]), delta=0.5))
print(F.mse_loss(torch.tensor([[1.0], [2.0]]), torch.tensor([1.5, 2.5])))
''',
    'dqn_gather_target': r'''
import copy
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(11)
class QNet(nn.Module):
    def __init__(self, n_obs=4, n_act=3):
        super().__init__()
        self.layer1 = nn.Linear(n_obs, 32)
        self.layer2 = nn.Linear(32, 32)
        self.layer3 = nn.Linear(32, n_act)
    def forward(self, x):
        x = F.relu(self.layer1(x))
        x = F.relu(self.layer2(x))
        return self.layer3(x)
policy_net = QNet()
target_net = QNet()
target_net.load_state_dict(policy_net.state_dict())
print(target_net.load_state_dict(policy_net.state_dict()))
target_net.eval()
optimizer = torch.optim.AdamW(policy_net.parameters(), lr=1e-3, amsgrad=True)
B = 8
for step in range(4):
    states = torch.randn(B, 4)
    actions = torch.randint(0, 3, (B,))
    rewards = torch.randn(B)
    next_states = torch.randn(B, 4)
    dones = torch.rand(B) < 0.2
    q = policy_net(states).gather(1, actions.unsqueeze(1))
    with torch.no_grad():
        next_q = target_net(next_states).max(1)[0]
        next_q[dones] = 0.0
    expected = rewards + 0.99 * next_q
    loss = nn.SmoothL1Loss()(q, expected.unsqueeze(1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(policy_net.parameters(), 100)
    optimizer.step()
    print(step, f"{loss.item():.5f}", q.shape, q.grad_fn.name(), next_q.requires_grad)
TAU = 0.005
tsd = target_net.state_dict()
psd = policy_net.state_dict()
for key in psd:
    tsd[key] = psd[key] * TAU + tsd[key] * (1 - TAU)
target_net.load_state_dict(tsd)
print(f"{(target_net.layer1.weight - policy_net.layer1.weight).abs().max().item():.6f}")
t2 = copy.deepcopy(policy_net)
print(t2.layer3.weight.equal(policy_net.layer3.weight), t2.layer3.weight is policy_net.layer3.weight)
print(policy_net(states).max(1), policy_net(states).max(1).indices.view(-1, 1))
''',
    'epsilon_greedy': r'''
import math
import random
import torch
import torch.nn as nn
random.seed(0)
torch.manual_seed(12)
net = nn.Linear(4, 2)
EPS_START, EPS_END, EPS_DECAY = 0.9, 0.05, 10
steps_done = 0
def select_action(state):
    global steps_done
    sample = random.random()
    eps_threshold = EPS_END + (EPS_START - EPS_END) * math.exp(-1.0 * steps_done / EPS_DECAY)
    steps_done += 1
    if sample > eps_threshold:
        with torch.no_grad():
            return net(state).max(1).indices.view(1, 1)
    return torch.tensor([[random.randrange(2)]], dtype=torch.long)
acts = [select_action(torch.randn(1, 4)) for _ in range(12)]
print(torch.cat(acts).flatten().tolist())
print(acts[0], acts[0].dtype)
eps = 0.3
for _ in range(5):
    if torch.rand(1).item() < eps:
        a = torch.randint(2, (1,)).item()
    else:
        a = net(torch.randn(4)).argmax().item()
    print(a, end=' ')
print()
q = torch.tensor([[1.0, 3.0, 3.0], [2.0, 0.5, 2.0]])
print(q.argmax(dim=1), q.argmax(dim=1, keepdim=True), q.max(dim=1, keepdim=True))
print(torch.argmax(q), q.max(), q.max(-1).values)
print(torch.multinomial(torch.tensor([0.2, 0.3, 0.5]), 4, replacement=True))
''',
    'replay_buffer': r'''
import random
from collections import deque, namedtuple
import torch
random.seed(1)
torch.manual_seed(13)
Transition = namedtuple('Transition', ('state', 'action', 'next_state', 'reward'))
class ReplayMemory:
    def __init__(self, capacity):
        self.memory = deque([], maxlen=capacity)
    def push(self, *args):
        self.memory.append(Transition(*args))
    def sample(self, batch_size):
        return random.sample(self.memory, batch_size)
    def __len__(self):
        return len(self.memory)
mem = ReplayMemory(10)
for i in range(14):
    s = torch.randn(1, 3)
    nxt = None if i % 5 == 4 else torch.randn(1, 3)
    mem.push(s, torch.tensor([[i % 2]]), nxt, torch.tensor([float(i)]))
print(len(mem))
transitions = mem.sample(4)
batch = Transition(*zip(*transitions))
non_final_mask = torch.tensor(tuple(map(lambda s: s is not None, batch.next_state)), dtype=torch.bool)
print(non_final_mask)
non_final_next_states = torch.cat([s for s in batch.next_state if s is not None])
state_batch = torch.cat(batch.state)
action_batch = torch.cat(batch.action)
reward_batch = torch.cat(batch.reward)
print(state_batch.shape, action_batch.shape, action_batch.dtype, reward_batch)
print(non_final_next_states.shape)
next_state_values = torch.zeros(4)
next_state_values[non_final_mask] = non_final_next_states.sum(1)
print(next_state_values.shape)
# tensor-based circular buffer
cap = 6
obs = torch.zeros(cap, 2)
acts = torch.zeros(cap, dtype=torch.long)
ptr, size = 0, 0
for i in range(9):
    obs[ptr] = torch.tensor([i, -i], dtype=torch.float32)
    acts[ptr] = i % 3
    ptr = (ptr + 1) % cap
    size = min(size + 1, cap)
idx = torch.randint(0, size, (4,))
print(idx, obs[idx], acts[idx])
print(torch.stack([obs[0], obs[1]], dim=1))
print(torch.as_tensor([1, 2, 3]), torch.as_tensor([1.5, 2.0]).dtype, torch.from_numpy(obs.numpy()).shape)
''',
    'normal_policy_tanh': r'''
import torch
import torch.nn as nn
from torch.distributions import Normal
torch.manual_seed(14)
class Actor(nn.Module):
    def __init__(self, obs=3, act=2):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.mu = nn.Linear(16, act)
        self.log_std = nn.Linear(16, act)
    def forward(self, x):
        h = self.net(x)
        mu = self.mu(h)
        log_std = torch.clamp(self.log_std(h), -20, 2)
        std = log_std.exp()
        dist = Normal(mu, std)
        u = dist.rsample()
        a = torch.tanh(u)
        logp = dist.log_prob(u).sum(axis=-1)
        logp -= (2 * (torch.log(torch.tensor(2.0)) - u - nn.functional.softplus(-2 * u))).sum(axis=1)
        return a, logp, dist
actor = Actor()
obs = torch.randn(5, 3)
a, logp, dist = actor(obs)
print(a.round(decimals=4))
print(logp.round(decimals=3), logp.grad_fn.name())
print(dist, dist.batch_shape, dist.event_shape)
print(dist.entropy().shape, dist.mean.shape, dist.stddev.grad_fn.name())
loss = (0.2 * logp - a.sum(-1)).mean()
loss.backward()
print(f"{actor.mu.weight.grad.abs().sum().item():.4f}")
n = Normal(torch.tensor([0.0]), torch.tensor([1.0]))
print(n.log_prob(torch.tensor([0.5])), n.cdf(torch.tensor([0.0])), n.sample((3,)).shape)
try:
    Normal(torch.tensor([0.0]), torch.tensor([-1.0]))
except ValueError as e:
    print(str(e)[:250])
with torch.no_grad():
    s = dist.sample()
print(s.requires_grad, dist.rsample().requires_grad)
''',
    'ppo_clip_loss': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(15)
actor = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 3))
critic = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 1))
opt = torch.optim.Adam([{'params': actor.parameters(), 'lr': 3e-4}, {'params': critic.parameters(), 'lr': 1e-3}])
print(len(opt.param_groups), [g['lr'] for g in opt.param_groups])
states = torch.randn(10, 4)
with torch.no_grad():
    old_dist = Categorical(logits=actor(states))
    actions = old_dist.sample()
    old_logp = old_dist.log_prob(actions)
rewards = torch.randn(10)
values = critic(states).squeeze(-1).detach()
advantages = rewards - values
advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
for epoch in range(3):
    dist = Categorical(logits=actor(states))
    logp = dist.log_prob(actions)
    ratio = torch.exp(logp - old_logp)
    surr1 = ratio * advantages
    surr2 = torch.clamp(ratio, 0.8, 1.2) * advantages
    actor_loss = -torch.min(surr1, surr2).mean()
    critic_loss = 0.5 * (critic(states).squeeze(-1) - rewards).pow(2).mean()
    loss = actor_loss + critic_loss - 0.01 * dist.entropy().mean()
    opt.zero_grad()
    loss.backward()
    gn = nn.utils.clip_grad_norm_(list(actor.parameters()) + list(critic.parameters()), 0.5)
    opt.step()
    print(epoch, f"{actor_loss.item():.5f} {critic_loss.item():.5f} {gn.item():.4f}", ratio.grad_fn.name())
print(gn.dtype, gn.shape)
print(torch.min(surr1, surr2).grad_fn.name(), torch.clamp(ratio, 0.8, 1.2).grad_fn.name())
''',
    'gae_returns': r'''
import torch
torch.manual_seed(16)
T = 6
rewards = torch.randn(T)
values = torch.randn(T + 1)
dones = torch.tensor([0, 0, 1, 0, 0, 0], dtype=torch.float32)
gamma, lam = 0.99, 0.95
adv = torch.zeros(T)
last = 0.0
for t in reversed(range(T)):
    nonterminal = 1.0 - dones[t]
    delta = rewards[t] + gamma * values[t + 1] * nonterminal - values[t]
    last = delta + gamma * lam * nonterminal * last
    adv[t] = last
print(adv)
ret = adv + values[:-1]
print(ret, ret.dtype)
disc = torch.tensor([gamma ** i for i in range(T)])
print(disc)
print(torch.cumsum(rewards.flip(0), 0).flip(0))
g = 0
out = []
for r in rewards.tolist()[::-1]:
    g = r + gamma * g
    out.append(g)
out = torch.tensor(out[::-1])
print(out)
print((out - out.mean()) / (out.std() + 1e-9))
print(out.std(unbiased=False), out.std(correction=0), out.var())
print(torch.tensor([5.0]).std())
print(torch.tensor(out.tolist(), dtype=torch.float64).mean())
''',
    'dqn_double_dueling': r'''
import torch
import torch.nn as nn
torch.manual_seed(17)
class Dueling(nn.Module):
    def __init__(self, n_in=4, n_act=3):
        super().__init__()
        self.feature = nn.Sequential(nn.Linear(n_in, 16), nn.ReLU())
        self.value = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
        self.adv = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, n_act))
    def forward(self, x):
        f = self.feature(x)
        v, a = self.value(f), self.adv(f)
        return v + a - a.mean(dim=1, keepdim=True)
online, target = Dueling(), Dueling()
target.load_state_dict(online.state_dict())
for p in target.parameters():
    p.requires_grad = False
opt = torch.optim.Adam(online.parameters(), lr=5e-4)
s, a, r, s2 = torch.randn(6, 4), torch.randint(3, (6, 1)), torch.randn(6, 1), torch.randn(6, 4)
done = torch.tensor([[0.], [0.], [1.], [0.], [0.], [1.]])
for it in range(3):
    q_sa = online(s).gather(1, a)
    best = online(s2).argmax(dim=1, keepdim=True)
    q_next = target(s2).gather(1, best)
    y = r + 0.9 * q_next * (1 - done)
    loss = nn.functional.mse_loss(q_sa, y)
    opt.zero_grad()
    loss.backward()
    total = nn.utils.clip_grad_norm_(online.parameters(), max_norm=1.0, norm_type=2)
    opt.step()
    print(it, f"{loss.item():.5f} {total.item():.5f}", y.requires_grad, q_sa.grad_fn.name())
print(sum(p.numel() for p in online.parameters()), sum(p.requires_grad for p in target.parameters()))
print(online.state_dict()['adv.2.bias'].shape, list(online.state_dict())[:4])
print(best.squeeze(), a.squeeze())
''',
    'gan_conditional_embedding': r'''
import torch
import torch.nn as nn
torch.manual_seed(18)
class CondG(nn.Module):
    def __init__(self, nz=6, ncls=3, nout=5):
        super().__init__()
        self.label_emb = nn.Embedding(ncls, ncls)
        def block(i, o, normalize=True):
            layers = [nn.Linear(i, o)]
            if normalize:
                layers.append(nn.BatchNorm1d(o, 0.8))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers
        self.model = nn.Sequential(*block(nz + ncls, 16, normalize=False), *block(16, 32), nn.Linear(32, nout), nn.Tanh())
    def forward(self, z, labels):
        return self.model(torch.cat((self.label_emb(labels), z), -1))
G = CondG()
print(G)
z = torch.randn(4, 6)
labels = torch.randint(0, 3, (4,))
out = G(z, labels)
print(out.shape, out.grad_fn.name(), labels)
print(G.model[3].eps, G.model[3].momentum)
one_hot = nn.functional.one_hot(labels, num_classes=3).float()
print(one_hot, one_hot.dtype)
print(torch.eye(3)[labels])
valid = torch.ones(4, 1, requires_grad=False)
fake = torch.zeros(4, 1)
print(valid.requires_grad, fake.sum(), torch.full_like(valid, 0.9))
''',
    'gan_dropout_train_eval': r'''
import torch
import torch.nn as nn
torch.manual_seed(19)
D = nn.Sequential(nn.Linear(4, 8), nn.LeakyReLU(0.2), nn.Dropout(0.5), nn.Linear(8, 1), nn.Sigmoid())
x = torch.randn(3, 4)
print(D.training, D[2].training)
a = D(x)
D.eval()
print(D.training, D[2].training)
b = D(x)
c = D(x)
print(torch.equal(b, c), b.view(-1))
D.train()
d = nn.functional.dropout(torch.ones(8), p=0.5, training=True)
print(d)
print(nn.functional.dropout(torch.ones(4), p=0.5, training=False))
print(nn.Dropout(p=0.0)(torch.ones(3)))
try:
    nn.Dropout(p=1.5)
except ValueError as e:
    print(e)
print(nn.AlphaDropout(0.2).eval()(torch.ones(2)))
print(nn.Dropout(0.25), nn.Dropout(0.1, inplace=True))
''',
    'params_and_grads': r'''
import torch
import torch.nn as nn
torch.manual_seed(20)
net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
print(net[0].weight.requires_grad, net[0].weight.grad)
out = net(torch.randn(2, 3)).sum()
out.backward()
print(net[0].bias.grad)
print(net[2].weight.grad.shape, net[2].weight.is_leaf, out.is_leaf)
for name, p in net.named_parameters():
    print(name, p.shape, p.grad.norm().item() > 0)
net.zero_grad(set_to_none=False)
print(net[0].bias.grad)
net.zero_grad()
print(net[0].bias.grad)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
net(torch.randn(2, 3)).mean().backward()
opt.zero_grad(set_to_none=True)
print(net[2].bias.grad)
print(type(net.parameters()).__name__, len(list(net.parameters())))
print(net[0].weight.dtype, net[0].weight.device)
print(repr(net[2].bias))
print(out, out.item(), type(out.item()))
''',
    'dqn_huber_grad_clip': r'''
import torch
import torch.nn as nn
torch.manual_seed(21)
q = nn.Linear(3, 2)
x = torch.randn(5, 3)
tgt = torch.randn(5, 1) * 5
act = torch.tensor([0, 1, 1, 0, 1])
pred = q(x).gather(1, act.unsqueeze(-1))
print(pred.shape)
for loss_fn in [nn.SmoothL1Loss(), nn.HuberLoss(delta=2.0), nn.MSELoss(reduction='sum'), nn.L1Loss()]:
    q.zero_grad()
    loss = loss_fn(pred, tgt)
    loss.backward(retain_graph=True)
    print(loss_fn, f"{loss.item():.4f}", type(loss.grad_fn).__name__)
tn = nn.utils.clip_grad_norm_(q.parameters(), 0.1)
print(f"{tn.item():.4f}", f"{torch.cat([p.grad.flatten() for p in q.parameters()]).norm().item():.4f}")
nn.utils.clip_grad_value_(q.parameters(), clip_value=0.01)
print(q.weight.grad.abs().max())
inf = nn.utils.clip_grad_norm_(q.parameters(), 1.0, norm_type='inf')
print(inf)
try:
    loss_fn(pred, tgt.view(-1))
except Exception as e:
    print(type(e).__name__, e)
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    nn.MSELoss()(pred, tgt.view(-1))
    print(len(w), str(w[0].message) if w else None)
''',
    'action_masking': r'''
import torch
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(22)
logits = torch.randn(2, 4, requires_grad=True)
mask = torch.tensor([[True, False, True, True], [False, False, True, False]])
masked = logits.masked_fill(~mask, float('-inf'))
print(masked)
d = Categorical(logits=masked)
print(d.probs)
a = d.sample()
print(a, mask.gather(1, a.unsqueeze(1)).squeeze(1))
print(d.entropy())
masked2 = torch.where(mask, logits, torch.tensor(-1e8))
d2 = Categorical(logits=masked2)
lp = d2.log_prob(a)
lp.sum().backward()
print(logits.grad)
print(F.log_softmax(masked, dim=-1))
print(F.softmax(torch.tensor([float('-inf'), float('-inf')]), 0))
''',
    'normal_independent_ppo_cont': r'''
import torch
import torch.nn as nn
from torch.distributions import Normal, Independent, MultivariateNormal
torch.manual_seed(23)
mu_net = nn.Linear(3, 2)
log_std = nn.Parameter(torch.zeros(2) - 0.5)
s = torch.randn(4, 3)
mu = mu_net(s)
dist = Normal(mu, log_std.exp())
a = dist.sample()
print(a.requires_grad, dist.log_prob(a).sum(-1).shape)
ind = Independent(Normal(mu, log_std.exp()), 1)
print(ind, ind.batch_shape, ind.event_shape)
print(torch.allclose(ind.log_prob(a), dist.log_prob(a).sum(-1)))
print(ind.entropy().round(decimals=4))
cov = torch.diag(log_std.exp() ** 2)
mvn = MultivariateNormal(mu, covariance_matrix=cov)
print(mvn.batch_shape, mvn.event_shape)
print(f"{(mvn.log_prob(a) - ind.log_prob(a)).abs().max().item():.4f}")
loss = -(ind.log_prob(a) * torch.tensor([1.0, -1.0, 0.5, 2.0])).mean()
loss.backward()
print(log_std.grad.round(decimals=4), repr(log_std)[:30])
print(Normal(0.0, 1.0).log_prob(torch.tensor(0.0)))
print(Normal(torch.zeros(2), 1.0).scale)
''',
    'soft_update_polyak': r'''
import copy
import torch
import torch.nn as nn
torch.manual_seed(24)
q1 = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
q1_targ = copy.deepcopy(q1)
for p in q1_targ.parameters():
    p.requires_grad = False
opt = torch.optim.Adam(q1.parameters(), lr=1e-2)
for step in range(3):
    loss = q1(torch.randn(4, 3)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for p, p_targ in zip(q1.parameters(), q1_targ.parameters()):
            p_targ.data.mul_(0.9)
            p_targ.data.add_((1 - 0.9) * p.data)
    print(step, f"{loss.item():.5f}")
print(q1_targ[2].bias, q1[2].bias)
with torch.no_grad():
    for tp, sp in zip(q1_targ.parameters(), q1.parameters()):
        tp.copy_(0.5 * tp + 0.5 * sp)
        tp.lerp_(sp, 0.1)
print(q1_targ[2].bias)
print(opt.state_dict()['param_groups'][0]['betas'], len(opt.state_dict()['state']))
print(sorted(opt.state[q1[0].weight].keys()))
print(opt.state[q1[0].weight]['step'])
print(opt)
''',
    'reinforce_batched_entropy': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(25)
policy = nn.Sequential(nn.Linear(5, 24), nn.ReLU(), nn.Linear(24, 4), nn.Softmax(dim=-1))
opt = torch.optim.SGD(policy.parameters(), lr=0.05, momentum=0.9)
obs = torch.randn(7, 5)
probs = policy(obs)
print(probs.sum(dim=1))
dist = Categorical(probs)
actions = dist.sample()
logp = dist.log_prob(actions)
ent = dist.entropy()
rewards = [0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0]
G, returns = 0.0, []
for r in reversed(rewards):
    G = r + 0.95 * G
    returns.append(G)
returns.reverse()
returns = torch.tensor(returns, dtype=torch.float32)
returns = (returns - returns.mean()) / (returns.std() + torch.finfo(torch.float32).eps)
loss = -(logp * returns).sum() - 0.01 * ent.sum()
opt.zero_grad()
loss.backward()
opt.step()
print(actions, logp.grad_fn.name(), ent.grad_fn.name())
print(f"{loss.item():.5f}")
print(returns)
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float32).max, torch.finfo(torch.float16).tiny)
print(torch.finfo(torch.float32))
''',
    'vector_env_shapes': r'''
import torch
torch.manual_seed(26)
num_envs, obs_dim = 3, 4
obs = torch.zeros((5, num_envs, obs_dim))
actions = torch.zeros((5, num_envs), dtype=torch.int64)
logprobs = torch.zeros((5, num_envs))
for step in range(5):
    o = torch.randn(num_envs, obs_dim)
    obs[step] = o
    actions[step] = torch.randint(0, 2, (num_envs,))
    logprobs[step] = -torch.rand(num_envs)
b_obs = obs.reshape((-1,) + (obs_dim,))
b_actions = actions.reshape(-1)
print(b_obs.shape, b_actions.shape, b_actions.dtype)
inds = torch.randperm(15)
print(inds)
for start in range(0, 15, 6):
    mb = inds[start:start + 6]
    print(b_obs[mb].shape, b_actions[mb], logprobs.reshape(-1)[mb].round(decimals=3))
print(obs.numel(), obs.dim(), obs.size(1), obs[-1].mean(dim=0).shape)
print(torch.tensor(3.0).expand(2, 3), torch.zeros(2).new_ones(3), torch.zeros(2, dtype=torch.long).new_tensor([1.5]))
print(torch.Tensor([1, 2]), torch.FloatTensor([[1]]), torch.LongTensor([3]).dtype)
''',
    'parametrized_spectral_norm': r'''
import torch
import torch.nn as nn
from torch.nn.utils.parametrizations import spectral_norm, weight_norm
torch.manual_seed(30)
m = spectral_norm(nn.Linear(5, 3))
print(m)
print(sorted(n for n, _ in m.named_parameters()))
print(sorted(m.state_dict().keys()))
x = torch.randn(2, 5)
y = m(x)
print(y.grad_fn.name())
print(f"{torch.linalg.matrix_norm(m.weight.detach(), 2).item():.3f}")
print(type(m.parametrizations).__name__, type(m.parametrizations.weight).__name__)
print(m.parametrizations.weight.original.shape)
w = weight_norm(nn.Linear(4, 2))
print(sorted(n for n, _ in w.named_parameters()))
print(w.parametrizations.weight.original0.shape, w.parametrizations.weight.original1.shape)
print(torch.nn.utils.parametrize.is_parametrized(m), torch.nn.utils.parametrize.is_parametrized(nn.Linear(1, 1)))
''',
    'bernoulli_beta_policies': r'''
import torch
from torch.distributions import Bernoulli, Beta, Categorical, Normal, kl_divergence
torch.manual_seed(31)
b = Bernoulli(logits=torch.tensor([0.0, 2.0, -1.0]))
print(b, b.probs)
s = b.sample()
print(s, s.dtype, b.log_prob(s), b.entropy())
bb = Beta(torch.tensor([2.0, 0.5]), torch.tensor([3.0, 0.5]))
print(bb.mean, bb.variance)
v = bb.sample()
print(v.shape, bb.log_prob(torch.tensor([0.3, 0.9])))
p = Categorical(logits=torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
q = Categorical(logits=torch.tensor([[3.0, 2.0, 1.0], [0.0, 1.0, 0.0]]))
print(kl_divergence(p, q))
print(kl_divergence(Normal(0.0, 1.0), Normal(1.0, 2.0)))
print(kl_divergence(Normal(torch.zeros(2), torch.ones(2)), Normal(torch.ones(2), torch.ones(2))).sum())
try:
    Bernoulli(probs=torch.tensor([1.5]))
except ValueError as e:
    print(e)
try:
    Normal(0.0, 1.0).log_prob(torch.tensor([[1.0], [2.0]])).shape
    print(Normal(torch.zeros(3), 1.0).log_prob(torch.zeros(2, 1)).shape)
except Exception as e:
    print(type(e).__name__, e)
print(Bernoulli(0.3).sample((4,)))
''',
    'autograd_grad_errors': r'''
import torch
torch.manual_seed(32)
x = torch.randn(3, requires_grad=True)
y = (x ** 2).sum()
g, = torch.autograd.grad(y, x)
print(g.requires_grad, g.grad_fn)
try:
    torch.autograd.grad(y, x)
except RuntimeError as e:
    print(str(e)[:120])
z = torch.randn(3, requires_grad=True)
y = (x * 2).sum()
try:
    torch.autograd.grad(y, [x, z])
except RuntimeError as e:
    print(e)
print(torch.autograd.grad((x * 2).sum(), [x, z], allow_unused=True))
print(torch.autograd.grad((x * 2).sum(), [x, z], allow_unused=True, materialize_grads=True))
try:
    torch.autograd.grad(x * 2, x)
except RuntimeError as e:
    print(e)
try:
    torch.autograd.grad(torch.randn(3).sum(), x)
except RuntimeError as e:
    print(e)
w = torch.randn(2, 2, requires_grad=True)
out = (w @ w).trace()
g, = torch.autograd.grad(out, w, create_graph=True)
gp = (g.norm() - 1) ** 2
gp.backward()
print(w.grad.shape, g.grad_fn is not None, gp.grad_fn.name())
''',
    'gan_sample_grid_stats': r'''
import torch
import torch.nn as nn
torch.manual_seed(33)
G = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh())
fixed_noise = torch.randn(4, 2)
with torch.no_grad():
    samples = G(fixed_noise).detach().cpu()
print(samples.shape, samples.min() >= -1, samples.max() <= 1)
imgs = samples.view(-1, 1, 2, 3)
print(imgs.shape)
norm = (imgs + 1) / 2
print(norm.clamp(0, 1).mean(dim=(1, 2, 3)))
print(torch.linspace(-1, 1, 5).unsqueeze(1).repeat(1, 2))
z1, z2 = torch.randn(2), torch.randn(2)
alphas = torch.linspace(0, 1, 4)
interp = torch.stack([(1 - a) * z1 + a * z2 for a in alphas])
print(interp.shape, torch.allclose(interp[0], z1), torch.allclose(interp[-1], z2))
print(samples.numpy().dtype, samples.tolist()[0][:2] == samples[0, :2].tolist())
hist = torch.histc(samples, bins=4, min=-1, max=1)
print(hist, hist.sum())
print(torch.bucketize(torch.tensor([-0.9, 0.1, 0.6]), torch.tensor([-0.5, 0.0, 0.5])))
''',
    'cross_entropy_policy': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(34)
logits = torch.randn(5, 3, requires_grad=True)
actions = torch.tensor([0, 2, 1, 1, 0])
adv = torch.tensor([1.0, -0.5, 2.0, 0.0, -1.0])
nll = F.cross_entropy(logits, actions, reduction='none')
loss = (nll * adv).mean()
loss.backward()
print(nll, loss)
print(logits.grad)
lp = F.log_softmax(logits, dim=-1)
print(lp.gather(1, actions[:, None]).squeeze(1) + nll)
print(-(lp.exp() * lp).sum(-1))
try:
    F.cross_entropy(logits, actions.float())
except Exception as e:
    print(type(e).__name__, e)
try:
    F.cross_entropy(logits, torch.tensor([0, 3, 1, 1, 0]))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.nll_loss(lp, actions[:4])
except Exception as e:
    print(type(e).__name__, e)
print(F.cross_entropy(logits, torch.softmax(torch.randn(5, 3), 1)))
print(F.cross_entropy(logits, actions, label_smoothing=0.1))
''',
    'dqn_errors_shapes': r'''
import torch
import torch.nn as nn
torch.manual_seed(35)
q = torch.randn(4, 3)
a = torch.tensor([0, 1, 2, 1])
try:
    q.gather(1, a)
except RuntimeError as e:
    print(e)
try:
    q.gather(1, a.unsqueeze(1).float())
except RuntimeError as e:
    print(e)
try:
    q.gather(1, torch.tensor([[3], [0], [0], [0]]))
except RuntimeError as e:
    print(e)
print(q.max(1)[0].shape, q.max(1)[1].dtype)
try:
    nn.Linear(4, 2)(torch.randn(3, 5))
except RuntimeError as e:
    print(e)
try:
    nn.Linear(4, 2)(torch.randn(3, 4, dtype=torch.float64))
except RuntimeError as e:
    print(e)
try:
    nn.Linear(4, 2)(torch.tensor([1, 2, 3, 4]))
except RuntimeError as e:
    print(e)
try:
    torch.stack([torch.zeros(2), torch.zeros(3)])
except RuntimeError as e:
    print(e)
try:
    torch.cat([torch.zeros(2, 1), torch.zeros(3)])
except RuntimeError as e:
    print(e)
try:
    torch.tensor([1.0, 2.0]).item()
except RuntimeError as e:
    print(e)
try:
    torch.randint(0, 3, (2,)).mean()
except RuntimeError as e:
    print(e)
print(torch.randint(5, (2, 2)).float().mean().dtype)
''',
    'state_dict_save_load': r'''
import io
import torch
import torch.nn as nn
torch.manual_seed(36)
net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
buf = io.BytesIO()
torch.save({'model': net.state_dict(), 'step': 7}, buf)
buf.seek(0)
ck = torch.load(buf)
print(ck['step'], list(ck['model'].keys()))
net2 = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
print(net2.load_state_dict(ck['model']))
print(torch.equal(net2[3].weight, net[3].weight))
bad = dict(ck['model'])
bad['extra'] = torch.zeros(1)
del bad['0.bias']
try:
    net2.load_state_dict(bad)
except RuntimeError as e:
    print(e)
print(net2.load_state_dict(bad, strict=False))
bad2 = dict(ck['model'])
bad2['3.weight'] = torch.zeros(5, 4)
try:
    net2.load_state_dict(bad2)
except RuntimeError as e:
    print(e)
print(net2[1].running_var, net2[1].num_batches_tracked)
''',
    'lr_sched_gan': r'''
import torch
import torch.nn as nn
torch.manual_seed(37)
G, D = nn.Linear(2, 2), nn.Linear(2, 1)
optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
schG = torch.optim.lr_scheduler.LambdaLR(optG, lr_lambda=lambda e: 1.0 - max(0, e - 2) / 4)
schD = torch.optim.lr_scheduler.StepLR(optD, step_size=2, gamma=0.5)
for epoch in range(6):
    optD.zero_grad(); D(G(torch.randn(3, 2)).detach()).mean().backward(); optD.step()
    optG.zero_grad(); (-D(G(torch.randn(3, 2)))).mean().backward(); optG.step()
    schG.step(); schD.step()
    print(epoch, schG.get_last_lr(), schD.get_last_lr(), optD.param_groups[0]['lr'])
print(schD.state_dict())
exp = torch.optim.lr_scheduler.ExponentialLR(optG, gamma=0.9)
print(exp.get_last_lr())
print(optG.param_groups[0]['initial_lr'])
''',
    'tensor_printing_rl': r'''
import torch
torch.manual_seed(38)
q = torch.randn(3, 2) * 1000
print(q)
print(torch.tensor([1e-5, 1.0, 100.0]))
print(torch.tensor([0.1, 1e8]))
print(torch.tensor([True, False]), torch.tensor([[1, -20], [300, 4]]))
print(torch.zeros(2, 0), torch.tensor(3.5), torch.tensor([float('nan'), float('inf')]))
print(torch.arange(12.0).view(3, 4)[:, 1::2])
torch.set_printoptions(precision=2)
print(torch.randn(2, 3))
torch.set_printoptions(profile='default')
print(torch.randn(1001)[:2].shape, torch.arange(2000.0))
print(torch.tensor([1.5], dtype=torch.float64), torch.tensor([2], dtype=torch.int32), torch.tensor([1.0], dtype=torch.float16))
print(torch.randn(2, requires_grad=True).double())
''',
    'trajectory_ops': r'''
import torch
torch.manual_seed(39)
r = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0])
d = torch.tensor([0, 0, 1, 0, 1], dtype=torch.bool)
print(d.nonzero(), d.nonzero(as_tuple=True), torch.where(d))
ends = torch.cat([torch.tensor([-1]), torch.where(d)[0]])
print(ends, ends.diff())
print(torch.cumprod(torch.full((4,), 0.9), 0))
print(r.unfold(0, 3, 1))
print(torch.nn.functional.pad(r, (0, 2)), torch.nn.functional.pad(r.view(1, -1), (1, 1), value=-1.0))
print(r.roll(1), r.flip(0), torch.flipud(r.view(-1, 1)).view(-1))
print((~d).float(), d.logical_not(), d.any(), d.all(), d.int().sum())
print(torch.topk(torch.tensor([3.0, 1.0, 4.0, 1.0, 5.0]), 2))
s = torch.tensor([0.2, 0.5, 0.3])
print(torch.searchsorted(s.cumsum(0), torch.tensor([0.1, 0.6, 0.95])))
print(torch.clip(torch.tensor([-2.0, 0.5, 3.0]), -1, 1), torch.sign(torch.tensor([-0.0, 2.0, -3.0])))
print(torch.tensor([1, 2, 3]).float().mean(), torch.tensor([1, 2, 3]).sum().dtype)
''',
    'dqn_keepdim_mistakes': r'''
import torch
torch.manual_seed(40)
q = torch.randn(4, 3)
print(q.max(1, True), q.max(1, keepdim=True).values.shape)
for call in [lambda: q.max(1, 1), lambda: torch.max(q, 1, 1), lambda: q.min(dim=1, keepdim=0),
             lambda: torch.max(q, dim=1, keepdim=1), lambda: q.argmax(1, 1), lambda: torch.argmax(q, 1, 1),
             lambda: q.sum(1, 1), lambda: torch.sum(q, 1, keepdim=1), lambda: q.mean(-1, 1),
             lambda: torch.mean(q, -1, 1), lambda: q.logsumexp(1, 1), lambda: q.amax(1, keepdim=1.0),
             lambda: q.prod(0, torch.tensor(True)), lambda: q.median(1, 1)]:
    try:
        call()
    except TypeError as e:
        print(e)
print(q.argmax(1, keepdim=True).shape, torch.amax(q, 1, True).shape, q.sum(0, False).shape)
''',
    'gan_dataloader_hinge_ema': r'''
import torch, torch.nn as nn, torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(0)
# GAN on a toy dataset using DataLoader
data = torch.randn(20, 2) * torch.tensor([0.5, 2.0]) + 1
loader = DataLoader(TensorDataset(data), batch_size=8, shuffle=True, drop_last=True)
print(len(loader))
G = nn.Sequential(nn.Linear(2, 8), nn.ELU(), nn.Linear(8, 2))
D = nn.Sequential(nn.Linear(2, 8), nn.SiLU(), nn.Linear(8, 1))
oG = torch.optim.Adam(G.parameters(), 1e-3, (0.5, 0.999)); oD = torch.optim.Adam(D.parameters(), 1e-3, (0.5, 0.999))
for epoch in range(2):
    for i, (real,) in enumerate(loader):
        b = real.size(0)
        z = torch.randn(b, 2)
        fake = G(z)
        ld = F.softplus(-D(real)).mean() + F.softplus(D(fake.detach())).mean()
        oD.zero_grad(); ld.backward(); oD.step()
        lg = F.softplus(-D(fake)).mean()
        oG.zero_grad(); lg.backward(); oG.step()
        print(f"epoch {epoch} batch {i}: ld={ld:.4f} lg={lg:.4f} shape={tuple(real.shape)}")
# hinge loss
print(F.relu(1.0 - D(data)).mean(), F.relu(1.0 + D(G(torch.randn(3, 2)))).mean())
# feature matching, LSGAN
print(F.mse_loss(D(data), torch.ones(20, 1)) * 0.5)
# EMA of generator
ema = {k: v.clone() for k, v in G.state_dict().items()}
for k, v in G.state_dict().items():
    ema[k].mul_(0.99).add_(v, alpha=0.01)
print(list(ema)[:2], ema['0.bias'])
# gradient norms logging
gn = {n: p.grad.norm().item() for n, p in D.named_parameters()}
print({k: round(v, 4) for k, v in gn.items()})
print(torch.stack([p.grad.norm() for p in D.parameters()]).norm())
print(torch.nn.utils.get_total_norm([p.grad for p in D.parameters()]) if hasattr(torch.nn.utils, 'get_total_norm') else 'na')
''',
    'grad_reversal_ste_function': r'''
import torch, torch.nn as nn
from torch.autograd import Function
torch.manual_seed(0)
class GradReverse(Function):
    @staticmethod
    def forward(ctx, x, alpha):
        ctx.alpha = alpha
        return x.view_as(x)
    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.neg() * ctx.alpha, None
x = torch.randn(3, requires_grad=True)
y = GradReverse.apply(x, 0.5)
print(y, type(y.grad_fn).__name__)
y.sum().backward(); print(x.grad)
class STE(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x > 0).float()
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (x.abs() <= 1).float()
z = torch.randn(4, requires_grad=True)
b = STE.apply(z); b.sum().backward(); print(b, z.grad)
class Bad(Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return g, g
try:
    Bad.apply(torch.ones(2, requires_grad=True)).sum().backward()
except RuntimeError as e: print(e)
class Bad2(Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, g): return torch.ones(3)
try:
    Bad2.apply(torch.ones(2, requires_grad=True)).sum().backward()
except RuntimeError as e: print(e)
st = (torch.randn(3, requires_grad=True))
hard = torch.round(st); soft = st
out = soft + (hard - soft).detach()
out.sum().backward(); print(st.grad, out.grad_fn.name())
print(torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5])))
w = torch.randn(3, requires_grad=True)
print(torch.autograd.functional.jacobian(lambda v: v.tanh(), w).shape)
print(torch.autograd.grad(w.pow(3).sum(), w, create_graph=True)[0].grad_fn.name())
''',
    'rl_numpy_dtype_interop': r'''
import torch, numpy as np, torch.nn as nn
from torch.distributions import Categorical, Normal
torch.manual_seed(0)
np.random.seed(0)
obs = np.random.randn(4).astype(np.float64)
net = nn.Linear(4, 2)
try: net(torch.from_numpy(obs))
except RuntimeError as e: print(e)
s = torch.FloatTensor(obs); print(s.dtype, s)
s2 = torch.tensor(obs, dtype=torch.float32).unsqueeze(0)
logits = net(s2); d = Categorical(logits=logits); a = d.sample()
rets = np.array([1.5])
loss = -(d.log_prob(a) * torch.tensor(rets)).mean()
print(loss.dtype, loss)
loss.backward(); print(net.bias.grad.dtype)
r = torch.tensor(np.float32(0.5)) * torch.ones(2); print(r, r.dtype)
print((torch.ones(2) * np.float64(2.0)).dtype, (torch.ones(2) * np.array(2.0)).dtype, (np.float64(2.0) * torch.ones(2)).dtype)
print(type(np.float64(2.0) * torch.ones(2)))
print((torch.ones(2, dtype=torch.float64) + torch.ones(2)).dtype, (torch.tensor(1.0, dtype=torch.float64) + torch.ones(2)).dtype)
print(torch.tensor(1) + torch.tensor(1.5), (torch.arange(3) / 2).dtype, torch.arange(3).float() // 2)
n = Normal(torch.zeros(2, dtype=torch.float64), 1.0)
print(n.sample().dtype, n.log_prob(torch.zeros(2)).dtype)
print(torch.tensor(obs).mean(), torch.as_tensor(obs, dtype=torch.float32).sum())
print(np.random.choice(2, p=d.probs.detach().numpy()[0]))
acts = np.array([0, 1, 1]); print(torch.from_numpy(acts).dtype, torch.tensor(acts).unsqueeze(1).dtype)
print(torch.tensor([[0.1, 0.2]]).numpy().tolist(), torch.tensor(3.0).numpy(), type(torch.tensor(3.0).numpy()))
done = np.array([False, True]); print(torch.tensor(done), torch.tensor(done).float(), 1 - torch.tensor(done).float())
try: 1 - torch.tensor(done)
except RuntimeError as e: print(e)
print(~torch.tensor(done), torch.tensor(done).logical_not().int())
''',
    'distribution_properties': r'''
import torch
from torch.distributions import *
from torch.distributions import transforms, constraints
torch.manual_seed(0)
c = Categorical(logits=torch.randn(2, 3))
print(c.mean, c.variance, c.support, c.has_enumerate_support, c.has_rsample)
try: c.rsample()
except Exception as e: print(type(e).__name__, e)
n = Normal(torch.zeros(2), torch.ones(2))
print(n.support, n.arg_constraints, n.has_rsample, n.expand((3, 2)).batch_shape)
print(n.perplexity() if hasattr(n, 'perplexity') else '', n.variance, n.mode)
mvn = MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
print(mvn.covariance_matrix, mvn.entropy(), mvn.rsample((2,)).shape, mvn)
b = Bernoulli(probs=torch.tensor([0.3]))
print(b.mean, b.variance, b.enumerate_support(), b.logits)
print(Categorical(probs=torch.tensor([0.0, 1.0])).entropy(), Categorical(logits=torch.tensor([-float('inf'), 0.0])).entropy())
print(kl_divergence(Bernoulli(0.3), Bernoulli(0.5)), kl_divergence(Categorical(logits=torch.zeros(3)), Categorical(logits=torch.tensor([0.0, 1.0, 2.0]))))
try: kl_divergence(Normal(0.0, 1.0), Categorical(logits=torch.zeros(3)))
except NotImplementedError as e: print('NIE', e)
print(Normal(torch.tensor(0.0), torch.tensor(1.0)).sample().shape, Normal(0.0, 1.0).batch_shape)
d = Independent(Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1)
print(d.sample().shape, d.log_prob(torch.zeros(3, 2)), d.base_dist, d.reinterpreted_batch_ndims)
print(Categorical(logits=torch.randn(4)).sample((2, 3)).shape)
print(Uniform(torch.zeros(2), torch.ones(2)).entropy(), Exponential(2.0).rsample((2,)))
t = TransformedDistribution(Normal(0.0, 1.0), [transforms.ExpTransform()])
print(t.log_prob(torch.tensor(2.0)), t.sample().shape)
print(Normal(0., 1.).log_prob(torch.tensor([1, 2])))
print(Categorical(torch.tensor([0.25, 0.75])).log_prob(torch.tensor(1.0)) if False else '')
print(constraints.simplex, constraints.positive, constraints.real)
''',
    'rl_seeding_determinism': r'''
import torch, torch.nn as nn, random, numpy as np
def set_seed(seed):
    random.seed(seed); np.random.seed(seed); torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
set_seed(0)
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled())
torch.set_num_threads(1); print(torch.get_num_threads())
m = nn.Linear(2, 2); print(m.share_memory() is m)
torch.set_float32_matmul_precision('high'); print(torch.get_float32_matmul_precision())
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
print(device, device.type, str(device), m.to(device).weight.device, torch.cuda.device_count())
torch.set_default_dtype(torch.float64)
print(torch.randn(2).dtype, nn.Linear(1, 1).weight.dtype, torch.tensor([1.0]).dtype, torch.get_default_dtype())
torch.set_default_dtype(torch.float32)
print(torch.__version__[:4], torch.version.cuda, torch.backends.mps.is_available())
print(torch.cuda.is_available(), torch.backends.cudnn.enabled)
x = torch.randn(3)
print(x.cpu() is x, x.to('cpu') is x, x.detach().cpu().numpy().shape, x.pin_memory().shape if False else '')
print(torch.manual_seed(3).initial_seed(), type(torch.manual_seed(3)).__name__)
print(torch.Generator().seed() > 0 if False else '', torch.random.initial_seed())
with torch.random.fork_rng():
    torch.manual_seed(99); a = torch.rand(1)
print(a, torch.rand(1))
''',
    'gan_graph_reuse_inplace_errors': r'''
import torch, torch.nn as nn
torch.manual_seed(0)
G = nn.Linear(2, 3); D = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
# classic: reuse after step without retain_graph
fake = G(torch.randn(5, 2))
l1 = D(fake).mean(); l1.backward()
try:
    D(fake).mean().backward(); print("ok second (new D graph, G graph freed?)")
except RuntimeError as e:
    print(e)
# in-place relu on saved tensor
x = torch.randn(3, requires_grad=True)
h = torch.sigmoid(x)
h2 = h * 2
h.relu_()
try: h2.sum().backward(); print('fine')
except RuntimeError as e: print(e)
y = torch.exp(x)
y[0] = 0
try: y.sum().backward()
except RuntimeError as e: print(e)
w = nn.Parameter(torch.randn(2, 2))
out = (w @ torch.ones(2)).sum()
with torch.no_grad(): w -= 0.1
try: out.backward(); print('ok', w.grad)
except RuntimeError as e: print(e)
w2 = nn.Parameter(torch.randn(2))
o2 = (w2 ** 2).sum()
w2.data -= 1
o2.backward(); print(w2.grad.shape)
''',
    'wgan_gp_activation_zoo': r'''
import torch, torch.nn as nn
torch.manual_seed(0)
# WGAN-GP with grad of grad norm; double backward through LeakyReLU, Tanh, Sigmoid, BatchNorm(eval), softplus, ELU
for act in [nn.LeakyReLU(0.2), nn.Tanh(), nn.Sigmoid(), nn.ELU(), nn.Softplus(), nn.SiLU(), nn.GELU(), nn.ReLU(), nn.Mish(), nn.SELU(), nn.Hardtanh()]:
    torch.manual_seed(1)
    D = nn.Sequential(nn.Linear(3, 8), act, nn.Linear(8, 1))
    x = torch.randn(5, 3, requires_grad=True)
    out = D(x)
    g, = torch.autograd.grad(out, x, torch.ones_like(out), create_graph=True)
    gp = ((g.norm(2, dim=1) - 1) ** 2).mean()
    gp.backward()
    print(type(act).__name__, f"{gp.item():.5f}", g.grad_fn.name(), f"{D[0].weight.grad.abs().sum().item():.5f}")
# R1 penalty
x = torch.randn(4, 3, requires_grad=True)
D = nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2), nn.Linear(4, 1))
d = D(x)
grad_real, = torch.autograd.grad(outputs=d.sum(), inputs=x, create_graph=True)
r1 = grad_real.pow(2).reshape(grad_real.shape[0], -1).sum(1).mean()
print(f"{r1.item():.5f}", r1.grad_fn.name())
r1.backward()
print(x.grad.shape, f"{x.grad.abs().sum().item():.5f}")
''',
    'rl_module_mistakes': r'''
import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 2))
try: net(torch.randn(1, 4))
except ValueError as e: print(e)
net.eval(); print(net(torch.randn(1, 4)).shape); net.train()
try: net(torch.randn(4))
except Exception as e: print(type(e).__name__, e)
try: nn.BatchNorm1d(16)(torch.randn(3, 8))
except Exception as e: print(type(e).__name__, e)
try: nn.BatchNorm2d(3)(torch.randn(2, 3, 4))
except Exception as e: print(type(e).__name__, e)
try: nn.LayerNorm(5)(torch.randn(2, 4))
except Exception as e: print(type(e).__name__, e)
try: nn.Embedding(3, 2)(torch.tensor([3]))
except Exception as e: print(type(e).__name__, e)
try: nn.Embedding(3, 2)(torch.tensor([1.0]))
except Exception as e: print(type(e).__name__, e)
try: nn.Conv2d(3, 4, 3)(torch.randn(2, 1, 5, 5))
except Exception as e: print(type(e).__name__, e)
try: nn.Conv2d(3, 4, 3)(torch.randn(3, 5, 5)).shape; print('unbatched ok')
except Exception as e: print(type(e).__name__, e)
try: nn.Conv2d(3, 4, 7)(torch.randn(1, 3, 5, 5))
except Exception as e: print(type(e).__name__, e)
try: nn.LSTM(3, 4)(torch.randn(2, 5))[0].shape; print('ok')
except Exception as e: print(type(e).__name__, e)
try: nn.LSTM(3, 4)(torch.randn(2, 5, 2))
except Exception as e: print(type(e).__name__, e)
try: nn.MultiheadAttention(6, 4)
except Exception as e: print(type(e).__name__, e)
try: F.linear(torch.randn(2, 3), torch.randn(3, 4))
except Exception as e: print(type(e).__name__, e)
try: nn.Sequential(nn.Linear(2, 2))(torch.randn(2, 2), torch.randn(2))
except Exception as e: print(type(e).__name__, e)
try: nn.Linear(2, 2).forward()
except Exception as e: print(type(e).__name__, e)
class M(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(2, 2)
try: M()
except Exception as e: print(type(e).__name__, e)
class N(nn.Module):
    pass
try: N()(torch.ones(1))
except Exception as e: print(type(e).__name__, e)
try: nn.Linear(2, 2).foo
except Exception as e: print(type(e).__name__, e)
try: torch.optim.Adam(net.parameters(), lr=1e-3).step(lambda: 1)
except Exception as e: print(type(e).__name__, e)
''',
    'distribution_grad_fns': r'''
import torch
from torch.distributions import *
torch.manual_seed(0)
l = torch.randn(2, 3, requires_grad=True)
s = torch.rand(2, 3, requires_grad=True)
dists = [Categorical(logits=l), Categorical(probs=s), Normal(l, s + 0.1), Bernoulli(logits=l), Bernoulli(probs=s.clamp(0.1, 0.9)),
         OneHotCategorical(logits=l), Beta(s + 1, s + 2), Laplace(l, s + 0.1), Independent(Normal(l, s + 0.1), 1), Gamma(s + 1, s + 1),
         Uniform(l - 1, l + 1), Exponential(s + 0.5)]
for d in dists:
    x = d.sample()
    row = [type(d).__name__]
    for f in [lambda: d.log_prob(x), lambda: d.entropy(), lambda: d.mean, lambda: d.probs if hasattr(d, 'probs') else None, lambda: d.logits if hasattr(d, 'logits') else None, lambda: d.rsample() if d.has_rsample else None, lambda: d.stddev]:
        try:
            r = f()
            row.append(None if r is None or r.grad_fn is None else r.grad_fn.name())
        except Exception as e:
            row.append(type(e).__name__)
    print(row)
print(Categorical(logits=l).log_prob(torch.tensor([0, 1])).sum().item())
''',
    'rl_checkpoint_resume': r'''
import torch, torch.nn as nn, io, copy
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5)
for _ in range(2):
    opt.zero_grad(); net(torch.randn(4, 2)).sum().backward(); opt.step(); sched.step()
ck = {'net': net.state_dict(), 'opt': opt.state_dict(), 'sched': sched.state_dict(), 'episode': 10, 'eps': 0.3}
buf = io.BytesIO(); torch.save(ck, buf); buf.seek(0)
ck2 = torch.load(buf, weights_only=True)
print(sorted(ck2), ck2['opt']['param_groups'])
print(ck2['opt']['state'][0]['exp_avg'].shape, ck2['opt']['state'][0]['step'])
net2 = copy.deepcopy(net)
opt2 = torch.optim.Adam(net2.parameters(), lr=1.0)
opt2.load_state_dict(ck2['opt'])
print(opt2.param_groups[0]['lr'], opt2.state[net2[0].weight]['exp_avg_sq'].sum() > 0)
s2 = torch.optim.lr_scheduler.CosineAnnealingLR(opt2, T_max=5); s2.load_state_dict(ck2['sched'])
print(s2.last_epoch, s2.get_last_lr())
print(ck2['sched'])
try:
    opt2.load_state_dict({'state': {}, 'param_groups': []})
except ValueError as e: print(e)
sd = net.state_dict()
print(type(sd).__name__, sd['0.weight'].requires_grad, sd['0.weight'] is net[0].weight, sd['0.weight'].data_ptr() == net[0].weight.data_ptr())
sd2 = net.state_dict(keep_vars=True); print(sd2['0.bias'].requires_grad, type(sd2['0.bias']).__name__)
print(net.state_dict(prefix='model.').keys())
''',
    'gan_loss_saturation_edges': r'''
import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
p = torch.tensor([0.0, 1.0, 0.5, 1e-12], requires_grad=True)
t = torch.tensor([1.0, 0.0, 1.0, 1.0])
l = F.binary_cross_entropy(p, t, reduction='none'); print(l)
l.sum().backward(); print(p.grad)
x = torch.tensor([50.0, -100.0, 0.0, 30.0], requires_grad=True)
l2 = F.binary_cross_entropy_with_logits(x, t, reduction='none'); print(l2)
l2.sum().backward(); print(x.grad)
print(F.binary_cross_entropy(torch.sigmoid(x), t))
print(torch.log(torch.sigmoid(torch.tensor([-100.0, 100.0]))), F.logsigmoid(torch.tensor([-100.0, 50.0])))
print(F.softplus(torch.tensor([-30.0, 0.0, 30.0])), F.softplus(torch.tensor([25.0]), beta=2, threshold=10))
print(torch.log1p(torch.exp(torch.tensor([50.0, 100.0]))))
c = torch.distributions.Categorical(logits=torch.tensor([1000.0, 0.0, -1000.0]))
print(c.probs, c.logits, c.entropy())
try: torch.distributions.Normal(0.0, 0.0)
except ValueError as e: print(e)
print(torch.distributions.Normal(0.0, 1e-30).log_prob(torch.tensor(0.0)))
print(torch.clamp(torch.tensor([float('nan'), 2.0]), 0, 1), torch.tensor([0.0]).log(), torch.tensor([-1.0]).sqrt())
print((torch.tensor([1e-45]) * 1e-10), torch.tensor(3.4e38) * 10, torch.finfo(torch.float32).min)
x = torch.tensor([0.0], requires_grad=True); y = x.norm(); y.backward(); print(x.grad)
x = torch.zeros(2, 3, requires_grad=True); n = x.norm(dim=1); n.sum().backward(); print(x.grad)
x = torch.zeros(3, requires_grad=True); torch.sqrt(x).sum().backward(); print(x.grad)
''',
    'rl_action_statistics': r'''
import torch
torch.manual_seed(0)
acts = torch.randint(0, 4, (20,))
print(torch.bincount(acts), torch.bincount(acts, minlength=6), acts.unique(return_counts=True))
print(torch.unique(acts, sorted=True, return_inverse=True)[1][:5])
print(acts.bincount(weights=torch.ones(20) * 0.5))
v = torch.zeros(4); v.index_put_((torch.tensor([0, 0, 2]),), torch.tensor([1.0, 2.0, 3.0]), accumulate=True); print(v)
print(torch.zeros(5).scatter_reduce(0, torch.tensor([0, 1, 0, 4]), torch.tensor([1.0, 2.0, 3.0, 4.0]), reduce='amax', include_self=False))
print(torch.zeros(3).index_fill_(0, torch.tensor([1]), -1.0), torch.arange(6).view(2, 3).masked_select(torch.tensor([[True, False, True], [False, True, False]])))
print(torch.where(acts > 1, acts, -1)[:8], torch.where(acts > 1, 1.0, 0.0).mean())
rew = torch.randn(5)
print(torch.nn.functional.normalize(rew, dim=0), rew.clamp(min=0).nonzero().squeeze(-1))
hist = torch.histc(rew, bins=5, min=-2, max=2); print(hist)
print(torch.mode(acts), torch.median(acts.float()), acts.float().quantile(0.5), torch.kthvalue(acts, 3))
print(acts.sort(stable=True).indices[:6], acts.argsort(descending=True)[:6])
print(torch.cummax(rew, 0), torch.diff(rew, prepend=torch.zeros(1)))
print(torch.tensor([3, 1, 2]).sort(descending=True), torch.count_nonzero(acts == 2))
print(torch.nn.functional.pad(torch.ones(2, 2), (1, 0, 0, 1)))
print(rew.new_full((2,), 7.0), torch.full((2,), 3), torch.full((2,), True), torch.full((1,), 2.5).dtype)
''',
    'rl_optimizer_module_reprs': r'''
import torch, torch.nn as nn
torch.manual_seed(0)
m = nn.Linear(2, 2)
for o in [torch.optim.AdamW(m.parameters(), lr=3e-4, weight_decay=0.01), torch.optim.RMSprop(m.parameters(), lr=7e-4, alpha=0.99, eps=1e-5),
          torch.optim.SGD([{'params': [m.weight]}, {'params': [m.bias], 'lr': 0.5}], lr=0.1, momentum=0.9), torch.optim.Adam(m.parameters(), lr=torch.tensor(0.01))]:
    print(o)
s = torch.Size([2, 3, 4])
print(s, s.numel(), s[1:], tuple(s), list(s), s + (5,), len(s), s == torch.Size([2, 3, 4]), repr(s[0]), type(s[1:]).__name__)
print(torch.randn(2, 3).shape[-1], torch.zeros(s).shape, torch.Size(), torch.Size([]).numel())
class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.critic = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 1))
        self.actor = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 2))
    def extra_repr(self):
        return 'obs=4, act=2'
print(Agent())
print(nn.Flatten(), nn.Unflatten(1, (2, 2)), nn.Identity(), nn.Softmax(dim=-1), nn.LogSoftmax(1), nn.GELU(approximate='tanh'))
print(nn.Embedding(10, 3, padding_idx=0), nn.LSTM(4, 8, num_layers=2, batch_first=True, dropout=0.1), nn.GRU(3, 3, bidirectional=True))
print(nn.Conv1d(1, 2, 3, stride=2, padding='valid'), nn.MaxPool2d(2), nn.AvgPool1d(3, ceil_mode=True), nn.ConvTranspose2d(2, 2, 4, 2, 1, output_padding=1))
''',
    'gan_nan_anomaly_detection': r'''
import torch
torch.manual_seed(0)
x = torch.tensor([0.0, 1.0], requires_grad=True)
with torch.autograd.set_detect_anomaly(True):
    y = torch.log(x) * 0
    try:
        y.sum().backward()
    except RuntimeError as e:
        print(e)
print(x.grad)
x.grad = None
with torch.autograd.detect_anomaly():
    z = torch.sqrt(x - 1)
    try: z.sum().backward()
    except RuntimeError as e: print(e)
print(torch.is_anomaly_enabled())
a = torch.tensor([-1.0], requires_grad=True)
l = torch.sqrt(a); l.backward(); print(a.grad, l)
b = torch.tensor([0.0], requires_grad=True)
(b / b).backward(); print(b.grad)
print(torch.isnan(torch.tensor([float('nan'), 1.0])).any(), torch.isfinite(torch.tensor([float('inf'), 1.0])))
print(torch.nan_to_num(torch.tensor([float('nan'), float('inf'), -float('inf')])), torch.nan_to_num(torch.tensor([float('nan')]), nan=0.5))
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ------------------------------------------------------------------ keepdim must be a bool
def _keepdim_errors(lib):
    """The ``TypeError`` texts of reductions given a non-bool ``keepdim`` (method and function forms)."""
    q = lib.arange(6.0).view(2, 3)
    calls = [lambda: q.max(1, 1), lambda: lib.max(q, 1, 1), lambda: q.min(1, keepdim=0),
             lambda: lib.min(q, dim=1, keepdim=1), lambda: lib.max(q, 1, keepdim=2.0),
             lambda: q.sum(1, 1), lambda: lib.sum(q, 1, 1), lambda: q.sum(dim=1, keepdim=1),
             lambda: q.mean(1, 1), lambda: lib.mean(q, 1, 1), lambda: lib.mean(q, dim=1, keepdim=1),
             lambda: q.argmax(1, 1), lambda: lib.argmin(q, 1, 1), lambda: q.amax(1, 1), lambda: lib.amin(q, 1, 1),
             lambda: q.logsumexp(1, 1), lambda: q.prod(1, 1), lambda: lib.median(q, 1, 1),
             lambda: q.nanmedian(1, 1), lambda: q.mode(1, 1), lambda: lib.nansum(q, 1, 1),
             lambda: q.nanmean(1, keepdim=1), lambda: q.std(1, keepdim=1), lambda: lib.var(q, 1, True, 1),
             lambda: q.var(dim=1, unbiased=1), lambda: lib.std_mean(q, 1, keepdim=1),
             lambda: q.sum(1, np.bool_(True)), lambda: q.max(1, lib.tensor(True))]
    out = []
    for call in calls:
        with pytest.raises(TypeError) as info:
            call()
        out.append(str(info.value))
    return out


def test_keepdim_not_bool_golden():
    errs = _keepdim_errors(ember)
    assert errs[0] == "max(): argument 'keepdim' (position 2) must be bool, not int"
    assert errs[1].startswith("max() received an invalid combination of arguments - got (Tensor, int, int), but "
                              "expected one of:\n * (Tensor input, *, Tensor out = None)\n      didn't match "
                              "because some of the arguments have invalid types: (Tensor, !int!, !int!)\n")
    assert errs[6] == "sum(): argument 'keepdim' (position 3) must be bool, not int"
    assert errs[7] == "sum(): argument 'keepdim' must be bool, not int"
    assert errs[-2] == "sum(): argument 'keepdim' (position 2) must be bool, not numpy.bool"
    assert errs[-1] == "max(): argument 'keepdim' (position 2) must be bool, not Tensor"
    # a bool keepdim still works, positionally and by keyword
    q = ember.arange(6.0).view(2, 3)
    assert q.max(1, True).values.shape == (2, 1) and ember.sum(q, 1, keepdim=False).shape == (2,)


def test_keepdim_not_bool_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _keepdim_errors(ember) == _keepdim_errors(torch)



def _keepdim_without_dim_errors(lib):
    """``keepdim`` with no ``dim``: the dim-less overloads of sum/mean/max/min take no ``keepdim``."""
    x = lib.ones(2, 3)
    out = []
    for call in [lambda: x.sum(keepdim=True), lambda: lib.sum(x, keepdim=True),
                 lambda: lib.mean(x, keepdim=True, dtype=lib.float64), lambda: x.mean(keepdim=True),
                 lambda: x.sum(keepdims=True), lambda: x.max(keepdim=True), lambda: lib.max(x, keepdim=True),
                 lambda: x.min(keepdim=False), lambda: lib.min(x, keepdim=True)]:
        with pytest.raises(TypeError) as info:
            call()
        out.append(str(info.value))
    return out


def test_keepdim_without_dim_golden():
    errs = _keepdim_without_dim_errors(ember)
    assert errs[0] == ("sum() received an invalid combination of arguments - got (keepdim=bool, ), but expected one "
                       "of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, "
                       "torch.dtype dtype = None)\n")
    assert errs[5] == ("max() received an invalid combination of arguments - got (keepdim=bool, ), but expected one "
                       "of:\n * ()\n      didn't match because some of the keywords were incorrect: keepdim\n"
                       " * (Tensor other)\n      didn't match because some of the keywords were incorrect: keepdim\n"
                       " * (int dim, bool keepdim = False)\n")
    x = ember.ones(2, 3)
    assert x.sum(dim=None, keepdim=True).shape == (1, 1) and x.mean((), keepdim=True).shape == (1, 1)


def test_keepdim_without_dim_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _keepdim_without_dim_errors(ember) == _keepdim_without_dim_errors(torch)


# ------------------------------------------------------------------ deprecated F.upsample* warn
def _upsample_warnings(lib):
    import warnings
    x = lib.arange(4.0).view(1, 1, 2, 2)
    F = lib.nn.functional
    out = []
    for f in [lambda: F.upsample(x, scale_factor=2), lambda: F.upsample_nearest(x, scale_factor=2),
              lambda: F.upsample_bilinear(x, size=3)]:
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            y = f()
        out.append((tuple(y.shape), round(y.sum().item(), 4),
                    [(w.category.__name__, str(w.message), w.filename == __file__) for w in ws]))
    return out


def test_upsample_deprecation_warning_golden():
    got = _upsample_warnings(ember)
    assert got[0] == ((1, 1, 4, 4), 24.0, [("UserWarning", "`nn.functional.upsample` is deprecated. Use "
                                            "`nn.functional.interpolate` instead.", True)])
    assert [w[0][1].split("`")[1] for _, _, w in got] == [
        "nn.functional.upsample", "nn.functional.upsample_nearest", "nn.functional.upsample_bilinear"]


def test_upsample_deprecation_warning_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert _upsample_warnings(ember) == _upsample_warnings(torch)


# ------------------------------------------------------------------ distributions.__all__
def test_distributions_star_import_omits_submodules():
    # ``from torch.distributions import *`` gives the classes and functions, not the submodules
    assert not {"constraints", "transforms", "constraint_registry"} & set(ember.distributions.__all__)
    assert {"Categorical", "Normal", "kl_divergence", "TanhTransform"} <= set(ember.distributions.__all__)
    assert ember.distributions.constraints.simplex is not None


def test_distributions_all_matches_pytorch():
    torch = pytest.importorskip("torch")
    assert sorted(ember.distributions.__all__) == sorted(torch.distributions.__all__)
