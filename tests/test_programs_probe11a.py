"""Reinforcement-learning and GAN training programs as a deep-learning course has learners write them
(program probe 11a), run under ``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

Themes: REINFORCE on toy environments written in the program (``Categorical(logits=/probs=)``, ``sample``,
``log_prob``, ``entropy``, discounted returns in a Python loop, ``(r - r.mean()) / (r.std() + eps)``,
``torch.stack``/``torch.cat`` of log-probabilities, the pytorch/examples ``reinforce.py`` and
``actor_critic.py``); PPO clipping and GAE; rollout storage; actor-critic with ``Normal`` and ``tanh``
squashing, ``smooth_l1_loss``/``huber_loss``, ``detach``/``no_grad`` targets; SAC-style twin critics and a
learned temperature; DQN pieces (replay buffers with ``random.sample``, epsilon-greedy, ``gather``,
``max(1)[0]``, ``copy.deepcopy`` target networks, soft updates with ``mul_``/``add_``/``lerp_``,
``clip_grad_norm_``/``clip_grad_value_``, the PyTorch DQN tutorial); tabular Q-learning and bandits; GANs
(``BCEWithLogitsLoss``/``BCELoss``, label smoothing, ``fake.detach()``, two Adam optimizers with
``betas=(0.5, 0.999)``, ``zero_grad(set_to_none=...)``, ``requires_grad_(False)`` freezing), DCGAN,
conditional GAN with ``spectral_norm`` and hinge loss, WGAN with weight clipping and RMSprop, WGAN-GP with
``autograd.grad(create_graph=True)``; Gumbel-softmax; ``BatchNorm`` gradients; ``torch.multinomial`` with
and without replacement, ``argmax`` ties, ``torch.where``; distributions: printing, ``kl_divergence``,
validation errors, reparameterised gradients, transforms, ``distributions.utils``; seeding, generators,
``nn.init``; NumPy interop; module and optimizer printing and state dicts; in-place autograd errors;
f-string formatting of tensors; grad modes; a TRPO step (conjugate gradient on Fisher-vector products with
``autograd.grad(create_graph=True)``, ``parameters_to_vector``) and evolution strategies; learners' mistakes
(``log_prob`` of ``(N, 1)`` actions broadcasting, float ``cross_entropy`` targets, ``backward`` of samples);
PPO minibatches from ``DataLoader(shuffle=True)`` and ``BatchSampler(SubsetRandomSampler(...))``; a recurrent
policy (``Embedding`` + ``GRUCell``, hidden state ``detach``) and ``LSTM`` state errors.

Programs whose output depends on the last bit of a small float32 GEMM (ember multiplies through NumPy's
BLAS, not MKL) were left out: see the report of this probe.

The unit tests at the end cover the fixes the probe led to:

* ``torch.multinomial(..., out=)``: ATen's ``multinomial_out`` checks (an ``int64`` ``out``, after the input's
  rank and dtype checks: ``multinomial expects Long tensor out, got: Float``), a silent resize of ``out``,
  and its input checks in ATen's order (an integer input fails its dtype check before ``n_sample``);
* ``float(t)`` of a tensor that requires grad, reached inside ember (``torch.tensor([t1, t2])``), warns at the
  user's line (the warning's ``stacklevel``);
* ``NativeBatchNormBackward0`` replays ATen's ``batch_norm_cpu_backward_kernel`` (``_batch_norm_backward``):
  per-thread float partial sums of ``dy`` and fused ``(x - mean) * dy`` added in double for ``(N, C)``
  input, per-image vector reductions added in double for ``(N, C, *)`` input, the fused ``dx`` formula,
  and evaluation mode's ``invstd`` computed in double;
* ``torch.clamp``/``clip`` (and the methods) with one tensor bound and one number bound fail as PyTorch's
  parser does (``clamp() received an invalid combination of arguments``), except a 0-d tensor that needs
  no grad, which PyTorch binds as a number; ``torch.clip``'s errors name ``clip()``;
* an in-place method's "invalid combination of arguments" (``x.clamp_(min=1.0, max=t)``) lists the
  keywords in reverse call order, as PyTorch's parser does.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from program_runner import program_tests, raises_exactly

import ember
import ember.nn.functional as F


PROGRAMS = {
'reinforce_basic': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(0)

class LineWorld:
    def __init__(self, n=5):
        self.n = n
    def reset(self):
        self.pos = 0
        return self.obs()
    def obs(self):
        o = torch.zeros(self.n)
        o[self.pos] = 1.0
        return o
    def step(self, a):
        self.pos = max(0, min(self.n - 1, self.pos + (1 if a == 1 else -1)))
        done = self.pos == self.n - 1
        return self.obs(), (1.0 if done else -0.1), done

policy = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.Adam(policy.parameters(), lr=1e-2)
env = LineWorld()
gamma = 0.99
for ep in range(6):
    s = env.reset()
    log_probs, rewards, ents = [], [], []
    for t in range(20):
        logits = policy(s)
        dist = Categorical(logits=logits)
        a = dist.sample()
        log_probs.append(dist.log_prob(a))
        ents.append(dist.entropy())
        s, r, done = env.step(a.item())
        rewards.append(r)
        if done:
            break
    returns = []
    G = 0.0
    for r in reversed(rewards):
        G = r + gamma * G
        returns.insert(0, G)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + 1e-9)
    loss = -(torch.stack(log_probs) * returns).sum() - 0.01 * torch.stack(ents).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"ep {ep} len {len(rewards)} loss {loss.item():.4f} ret {sum(rewards):.2f}")
print(loss)
print(returns)
print(torch.stack(log_probs)[:3])
print(dist)
print(dist.probs, dist.logits)
print(policy)
print(list(policy.state_dict().keys()))
''',
'reinforce_probs': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 4), nn.Softmax(dim=-1))
x = torch.randn(5, 3)
p = net(x)
print(p)
d = Categorical(probs=p)
print(d)
s = d.sample()
print(s, s.dtype)
print(d.log_prob(s))
print(d.entropy())
print(d.sample((3,)))
print(d.batch_shape, d.event_shape)
print(torch.allclose(d.probs.sum(-1), torch.ones(5)))
print(d.logits)
d2 = Categorical(probs=torch.tensor([0.1, 0.2, 0.7]))
print(d2.sample((10,)))
print(d2.log_prob(torch.tensor([0, 1, 2])))
print(d2.mean if False else d2.param_shape)
print(d2.enumerate_support())
try:
    d2.log_prob(torch.tensor(3))
except Exception as e:
    print(type(e).__name__, e)
try:
    Categorical(probs=torch.tensor([0.1, -0.2, 0.7]))
except Exception as e:
    print(type(e).__name__, e)
try:
    Categorical()
except Exception as e:
    print(type(e).__name__, e)
try:
    Categorical(probs=torch.tensor([0.5, 0.5]), logits=torch.tensor([0.0, 0.0]))
except Exception as e:
    print(type(e).__name__, e)
d3 = Categorical(logits=torch.tensor([1.0, 2.0, 3.0]))
print(d3.probs, d3.logits)
print(d3.log_prob(torch.tensor(2.0)))
loss = -(d.log_prob(s) * torch.randn(5)).mean()
loss.backward()
print(loss, net[0].weight.grad)
''',
'reinforce_returns': r'''
import torch
torch.manual_seed(0)
rewards = [1.0, 0.0, 0.0, 1.0, -1.0, 0.5]
gamma = 0.9
returns = []
R = 0
for r in rewards[::-1]:
    R = r + gamma * R
    returns.insert(0, R)
print(returns)
t = torch.tensor(returns)
print(t, t.dtype)
print(t.mean(), t.std(), t.std(unbiased=False))
n = (t - t.mean()) / (t.std() + 1e-9)
print(n)
print(f"{n.sum().item():.4f} {n.std().item():.6f}")
eps = torch.finfo(torch.float32).eps
print(eps)
n2 = (t - t.mean()) / (t.std() + eps)
print(n2)
one = torch.tensor([5.0])
print(one.std())
print((one - one.mean()) / (one.std() + 1e-9))
d = torch.tensor(returns, dtype=torch.float64)
print(d)
disc = gamma ** torch.arange(len(rewards))
print(disc)
rt = torch.tensor(rewards)
print((disc * rt).sum())
print(torch.cumsum(rt.flip(0), 0).flip(0))
print(torch.tensor([]).mean(), torch.tensor([]).std())
print(torch.tensor(returns).numpy().round(3))
''',
'official_reinforce': r'''
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.distributions import Categorical
torch.manual_seed(543)
class Env:
    def __init__(self):
        self.rng = np.random.RandomState(543)
    def reset(self):
        self.t = 0
        self.s = self.rng.uniform(-0.05, 0.05, size=4)
        return self.s
    def step(self, a):
        self.t += 1
        self.s = self.s + (0.1 if a == 1 else -0.1) * np.array([1.0, 0.5, -0.3, 0.2])
        done = bool(abs(self.s[0]) > 0.35 or self.t >= 15)
        return self.s, 1.0, done
class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 128)
        self.dropout = nn.Dropout(p=0.6)
        self.affine2 = nn.Linear(128, 2)
        self.saved_log_probs = []
        self.rewards = []
    def forward(self, x):
        x = self.affine1(x)
        x = self.dropout(x)
        x = F.relu(x)
        action_scores = self.affine2(x)
        return F.softmax(action_scores, dim=1)
policy = Policy()
optimizer = optim.Adam(policy.parameters(), lr=1e-2)
eps = np.finfo(np.float32).eps.item()
print(eps, type(eps))
def select_action(state):
    state = torch.from_numpy(state).float().unsqueeze(0)
    probs = policy(state)
    m = Categorical(probs)
    action = m.sample()
    policy.saved_log_probs.append(m.log_prob(action))
    return action.item()
def finish_episode():
    R = 0
    policy_loss = []
    returns = []
    for r in policy.rewards[::-1]:
        R = r + 0.99 * R
        returns.insert(0, R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    for log_prob, R in zip(policy.saved_log_probs, returns):
        policy_loss.append(-log_prob * R)
    optimizer.zero_grad()
    policy_loss = torch.cat(policy_loss).sum()
    policy_loss.backward()
    optimizer.step()
    del policy.rewards[:]
    del policy.saved_log_probs[:]
    return policy_loss
env = Env()
running_reward = 10
for i_episode in range(1, 6):
    state, ep_reward = env.reset(), 0
    for t in range(1, 100):
        action = select_action(state)
        state, reward, done = env.step(action)
        policy.rewards.append(reward)
        ep_reward += reward
        if done:
            break
    running_reward = 0.05 * ep_reward + (1 - 0.05) * running_reward
    pl = finish_episode()
    print('Episode {}\tLast reward: {:.2f}\tAverage reward: {:.2f}\tloss {:.4f}'.format(i_episode, ep_reward, running_reward, pl))
print(policy)
''',
'official_ac': r'''
from collections import namedtuple
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.distributions import Categorical
import warnings
torch.manual_seed(543)
SavedAction = namedtuple('SavedAction', ['log_prob', 'value'])
class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 32)
        self.action_head = nn.Linear(32, 2)
        self.value_head = nn.Linear(32, 1)
        self.saved_actions = []
        self.rewards = []
    def forward(self, x):
        x = F.relu(self.affine1(x))
        action_prob = F.softmax(self.action_head(x), dim=-1)
        state_values = self.value_head(x)
        return action_prob, state_values
model = Policy()
optimizer = optim.Adam(model.parameters(), lr=3e-2)
eps = np.finfo(np.float32).eps.item()
def select_action(state):
    state = torch.from_numpy(state).float()
    probs, state_value = model(state)
    m = Categorical(probs)
    action = m.sample()
    model.saved_actions.append(SavedAction(m.log_prob(action), state_value))
    return action.item()
def finish_episode():
    R = 0
    saved_actions = model.saved_actions
    policy_losses = []
    value_losses = []
    returns = []
    for r in model.rewards[::-1]:
        R = r + 0.99 * R
        returns.insert(0, R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    for (log_prob, value), R in zip(saved_actions, returns):
        advantage = R - value.item()
        policy_losses.append(-log_prob * advantage)
        value_losses.append(F.smooth_l1_loss(value, torch.tensor([R])))
    optimizer.zero_grad()
    loss = torch.stack(policy_losses).sum() + torch.stack(value_losses).sum()
    loss.backward()
    optimizer.step()
    del model.rewards[:]
    del model.saved_actions[:]
    return loss
rng = np.random.RandomState(0)
for ep in range(4):
    state = rng.randn(4)
    for t in range(8):
        a = select_action(state)
        state = state + rng.randn(4) * 0.1 + (a - 0.5)
        model.rewards.append(float(-abs(state[0])))
    loss = finish_episode()
    print(f"ep {ep} loss {loss.item():.4f}", loss.shape, loss.grad_fn.name())
v = torch.tensor([[0.5]], requires_grad=True)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    l = F.smooth_l1_loss(v, torch.tensor([1.0, 2.0]))
    print(l, [str(x.message) for x in w])
    l = F.mse_loss(torch.zeros(3, 1), torch.zeros(3))
    print(l, [str(x.message) for x in w][1:])
    l = F.huber_loss(torch.zeros(3, 1), torch.zeros(3))
    print(l, [str(x.message) for x in w][2:])
    print([x.category.__name__ for x in w], [x.filename.split('/')[-1] for x in w])
''',
'masked_logits': r'''
import torch
from torch.distributions import Categorical
torch.manual_seed(0)
logits = torch.randn(3, 5)
mask = torch.tensor([[1, 1, 0, 1, 0], [0, 0, 0, 1, 0], [1, 1, 1, 1, 1]], dtype=torch.bool)
ml = logits.masked_fill(~mask, float('-inf'))
print(ml)
d = Categorical(logits=ml)
print(d.probs)
print(d.logits)
print(d.entropy())
s = d.sample((4,))
print(s)
print(d.log_prob(s))
print(d.log_prob(torch.tensor([2, 3, 0])))
ml2 = logits.masked_fill(~mask, -1e8)
d2 = Categorical(logits=ml2)
print(d2.entropy(), d2.probs)
print(torch.softmax(ml, -1), torch.log_softmax(ml, -1))
allmask = torch.full((2,), float('-inf'))
try:
    print(Categorical(logits=allmask).probs)
except Exception as e:
    print(type(e).__name__, e)
print(torch.where(mask, logits, torch.tensor(-1e9)))
print(logits.masked_fill(mask == 0, -1e9).argmax(1))
x = torch.randn(3, 5, requires_grad=True)
dm = Categorical(logits=x.masked_fill(~mask, float('-inf')))
dm.entropy().sum().backward()
print(x.grad)
''',
'ppo_clip': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(11)
pi = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 3))
vf = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 1))
opt = torch.optim.Adam(list(pi.parameters()) + list(vf.parameters()), lr=3e-4, eps=1e-5)
T = 12
obs = torch.randn(T, 4)
with torch.no_grad():
    d = Categorical(logits=pi(obs))
    acts = d.sample()
    old_logp = d.log_prob(acts)
    values = vf(obs).squeeze(-1)
rewards = torch.randn(T)
dones = torch.zeros(T); dones[5] = 1.0
gamma, lam = 0.99, 0.95
adv = torch.zeros(T)
last = 0.0
for t in reversed(range(T)):
    nv = values[t + 1] if t + 1 < T else 0.0
    nonterm = 1.0 - dones[t]
    delta = rewards[t] + gamma * nv * nonterm - values[t]
    last = delta + gamma * lam * nonterm * last
    adv[t] = last
ret = adv + values
print(adv)
print(ret)
adv = (adv - adv.mean()) / (adv.std() + 1e-8)
for epoch in range(3):
    perm = torch.randperm(T)
    for mb in perm.split(4):
        dist = Categorical(logits=pi(obs[mb]))
        logp = dist.log_prob(acts[mb])
        ratio = (logp - old_logp[mb]).exp()
        s1 = ratio * adv[mb]
        s2 = torch.clamp(ratio, 0.8, 1.2) * adv[mb]
        pl = -torch.min(s1, s2).mean()
        vl = 0.5 * (vf(obs[mb]).squeeze(-1) - ret[mb]).pow(2).mean()
        ent = dist.entropy().mean()
        loss = pl + 0.5 * vl - 0.01 * ent
        opt.zero_grad()
        loss.backward()
        gn = nn.utils.clip_grad_norm_(pi.parameters(), 0.5)
        opt.step()
        with torch.no_grad():
            approx_kl = ((ratio - 1) - (logp - old_logp[mb])).mean()
            clipfrac = ((ratio - 1.0).abs() > 0.2).float().mean()
        print(f"ep{epoch} mb{mb.tolist()} pl={pl.item():.5f} vl={vl.item():.5f} ent={ent.item():.4f} kl={approx_kl.item():.6f} cf={clipfrac.item():.2f} gn={gn.item():.4f}")
print(perm)
''',
'rollout_storage': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(3)
T, N, obs_dim, n_act = 5, 3, 4, 3
obs_buf = torch.zeros(T + 1, N, obs_dim)
act_buf = torch.zeros(T, N, dtype=torch.long)
rew_buf = torch.zeros(T, N)
mask_buf = torch.ones(T + 1, N)
logp_buf = torch.zeros(T, N)
val_buf = torch.zeros(T + 1, N)
pi = nn.Linear(obs_dim, n_act)
v = nn.Linear(obs_dim, 1)
obs_buf[0].copy_(torch.randn(N, obs_dim))
for t in range(T):
    with torch.no_grad():
        d = Categorical(logits=pi(obs_buf[t]))
        a = d.sample()
        act_buf[t] = a
        logp_buf[t] = d.log_prob(a)
        val_buf[t] = v(obs_buf[t]).squeeze(-1)
    rew_buf[t] = (a == 1).float() - 0.1 * a
    done = torch.rand(N) < 0.2
    mask_buf[t + 1] = (~done).float()
    obs_buf[t + 1] = torch.where(done.unsqueeze(1), torch.randn(N, obs_dim), obs_buf[t] + 0.1)
with torch.no_grad():
    val_buf[T] = v(obs_buf[T]).squeeze(-1)
returns = torch.zeros(T + 1, N)
returns[-1] = val_buf[-1]
for t in reversed(range(T)):
    returns[t] = returns[t + 1] * 0.99 * mask_buf[t + 1] + rew_buf[t]
print(act_buf)
print(rew_buf)
print(mask_buf)
print(returns[:-1])
adv = returns[:-1] - val_buf[:-1]
print(adv.view(-1)[:6], adv.flatten().std())
print(logp_buf.sum(0), logp_buf.exp().mean())
flat_obs = obs_buf[:-1].reshape(-1, obs_dim)
d = Categorical(logits=pi(flat_obs))
lp = d.log_prob(act_buf.view(-1))
loss = -(lp * adv.view(-1)).mean() + 0.5 * (v(flat_obs).squeeze(-1) - returns[:-1].reshape(-1)).pow(2).mean()
loss.backward()
print(loss, pi.weight.grad, v.bias.grad)
print(obs_buf.stride(), obs_buf[1:].is_contiguous(), obs_buf[:, 0].is_contiguous(), act_buf.dtype)
''',
'actor_critic_normal': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal
torch.manual_seed(0)

class AC(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(3, 16)
        self.mu = nn.Linear(16, 1)
        self.log_std = nn.Parameter(torch.zeros(1))
        self.v = nn.Linear(16, 1)
    def forward(self, x):
        h = torch.relu(self.body(x))
        return self.mu(h), self.log_std.exp().expand_as(self.mu(h)), self.v(h)

ac = AC()
print(ac)
opt = torch.optim.Adam(ac.parameters(), lr=3e-3)
s = torch.randn(4, 3)
for step in range(5):
    mu, std, v = ac(s)
    dist = Normal(mu, std)
    a = dist.sample()
    a_clamped = a.clamp(-1.0, 1.0)
    r = -(a_clamped - 0.5).pow(2)
    with torch.no_grad():
        _, _, v_next = ac(s + 0.1)
        target = r + 0.99 * v_next
    adv = (target - v).detach()
    actor_loss = -(dist.log_prob(a) * adv).mean()
    critic_loss = F.smooth_l1_loss(v, target)
    ent = dist.entropy().mean()
    loss = actor_loss + 0.5 * critic_loss - 0.001 * ent
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step}: actor {actor_loss.item():.4f} critic {critic_loss.item():.4f} ent {ent.item():.4f}")
print(dist)
print(dist.mean, dist.stddev, dist.variance)
print(a, a_clamped)
print(target.requires_grad, adv.requires_grad, type(v.grad_fn).__name__)
print(ac.log_std, ac.log_std.grad)
print(F.huber_loss(v, target, delta=0.5))
print(F.smooth_l1_loss(v, target, beta=0.5), F.smooth_l1_loss(v, target, reduction='sum'))
print(dist.rsample().shape, dist.sample((2,)).shape)
print(dist.cdf(torch.zeros(4, 1)))
''',
'tanh_squash': r'''
import torch
import math
from torch.distributions import Normal
torch.manual_seed(3)
mu = torch.randn(3, 2, requires_grad=True)
log_std = torch.randn(3, 2).clamp(-20, 2).requires_grad_()
std = log_std.exp()
dist = Normal(mu, std)
u = dist.rsample()
a = torch.tanh(u)
logp = dist.log_prob(u) - torch.log(1 - a.pow(2) + 1e-6)
logp = logp.sum(-1, keepdim=True)
print(u)
print(a)
print(logp)
logp2 = dist.log_prob(u).sum(-1) - (2 * (math.log(2) - u - torch.nn.functional.softplus(-2 * u))).sum(-1)
print(logp2)
loss = (0.2 * logp - a.sum(-1, keepdim=True)).mean()
loss.backward()
print(loss)
print(mu.grad)
print(log_std.grad)
print(type(a.grad_fn).__name__, type(logp.grad_fn).__name__, type(u.grad_fn).__name__)
x = torch.tensor([-3.0, -1.0, 0.0, 0.5, 2.0, 10.0])
print(x.clamp(min=-1), x.clamp(max=1), torch.clamp(x, -0.5, 0.5), x.clip(-2, 2))
print(x.tanh(), torch.atanh(x.tanh().clamp(-0.999999, 0.999999)))
try:
    x.clamp()
except Exception as e:
    print(type(e).__name__, e)
try:
    Normal(torch.zeros(2), torch.tensor([1.0, -1.0]))
except Exception as e:
    print(type(e).__name__, e)
try:
    Normal(torch.zeros(2), torch.tensor([1.0, 0.0]))
except Exception as e:
    print(type(e).__name__, e)
n = Normal(0.0, 1.0)
print(n, n.loc, n.scale)
print(n.log_prob(torch.tensor(0.5)), n.sample())
print(n.icdf(torch.tensor([0.1, 0.5, 0.9])))
''',
'sac_update': r'''
import copy
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal
torch.manual_seed(0)
obs_dim, act_dim = 3, 2
class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(obs_dim, 16), nn.ReLU())
        self.mu = nn.Linear(16, act_dim)
        self.log_std = nn.Linear(16, act_dim)
    def forward(self, s):
        h = self.body(s)
        mu, log_std = self.mu(h), self.log_std(h).clamp(-20, 2)
        d = Normal(mu, log_std.exp())
        u = d.rsample()
        a = torch.tanh(u)
        logp = (d.log_prob(u) - torch.log(1 - a.pow(2) + 1e-6)).sum(-1)
        return a, logp
def critic():
    return nn.Sequential(nn.Linear(obs_dim + act_dim, 16), nn.ReLU(), nn.Linear(16, 1))
actor, q1, q2 = Actor(), critic(), critic()
q1_t, q2_t = copy.deepcopy(q1), copy.deepcopy(q2)
log_alpha = torch.zeros(1, requires_grad=True)
target_entropy = -float(act_dim)
opt_a = torch.optim.Adam(actor.parameters(), lr=3e-4)
opt_q = torch.optim.Adam(list(q1.parameters()) + list(q2.parameters()), lr=3e-4)
opt_al = torch.optim.Adam([log_alpha], lr=3e-4)
for it in range(3):
    s = torch.randn(8, obs_dim); a = torch.rand(8, act_dim) * 2 - 1
    r = torch.randn(8); s2 = torch.randn(8, obs_dim); d = (torch.rand(8) < 0.1).float()
    with torch.no_grad():
        a2, logp2 = actor(s2)
        sa2 = torch.cat([s2, a2], -1)
        qt = torch.min(q1_t(sa2), q2_t(sa2)).squeeze(-1) - log_alpha.exp() * logp2
        y = r + 0.99 * (1 - d) * qt
    sa = torch.cat([s, a], -1)
    lq = F.mse_loss(q1(sa).squeeze(-1), y) + F.mse_loss(q2(sa).squeeze(-1), y)
    opt_q.zero_grad(); lq.backward(); opt_q.step()
    for p in list(q1.parameters()) + list(q2.parameters()):
        p.requires_grad_(False)
    an, logp = actor(s)
    san = torch.cat([s, an], -1)
    la = (log_alpha.exp().detach() * logp - torch.min(q1(san), q2(san)).squeeze(-1)).mean()
    opt_a.zero_grad(); la.backward(); opt_a.step()
    for p in list(q1.parameters()) + list(q2.parameters()):
        p.requires_grad_(True)
    lal = -(log_alpha * (logp + target_entropy).detach()).mean()
    opt_al.zero_grad(); lal.backward(); opt_al.step()
    with torch.no_grad():
        for net, tgt in ((q1, q1_t), (q2, q2_t)):
            for p, tp in zip(net.parameters(), tgt.parameters()):
                tp.mul_(0.995).add_(0.005 * p)
    print(f"{it}: lq={lq.item():.4f} la={la.item():.4f} lal={lal.item():.4f} alpha={log_alpha.exp().item():.5f}")
print(q1[0].weight.grad is None, actor.mu.weight.grad.shape, log_alpha.grad)
print(an.shape, logp.shape, y.shape)
''',
'dqn_buffer': r'''
import random
import torch
import torch.nn as nn
import torch.nn.functional as F
from collections import deque, namedtuple
random.seed(0)
torch.manual_seed(0)
Transition = namedtuple('Transition', ('state', 'action', 'reward', 'next_state', 'done'))
buf = deque(maxlen=50)
for i in range(60):
    s = torch.randn(4)
    a = random.randrange(2)
    r = float(i % 3) - 1.0
    ns = torch.randn(4)
    d = (i % 7 == 0)
    buf.append(Transition(s, a, r, ns, d))
print(len(buf))
batch = random.sample(buf, 8)
b = Transition(*zip(*batch))
states = torch.stack(b.state)
actions = torch.tensor(b.action)
rewards = torch.tensor(b.reward)
next_states = torch.stack(b.next_state)
dones = torch.tensor(b.done, dtype=torch.float32)
print(states.shape, actions, rewards, dones)
print(actions.dtype, rewards.dtype, torch.tensor(b.done).dtype)
q = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 2))
tq = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 2))
tq.load_state_dict(q.state_dict())
print(tq.load_state_dict(q.state_dict()))
qv = q(states)
print(qv)
sa = qv.gather(1, actions.unsqueeze(1))
print(sa, type(sa.grad_fn).__name__)
with torch.no_grad():
    nq = tq(next_states).max(1)[0]
    print(nq, tq(next_states).max(1))
    tgt = rewards + 0.99 * nq * (1 - dones)
print(tgt)
loss = F.smooth_l1_loss(sa.squeeze(1), tgt)
print(loss)
opt = torch.optim.Adam(q.parameters(), lr=1e-3)
opt.zero_grad()
loss.backward()
gn = torch.nn.utils.clip_grad_norm_(q.parameters(), 1.0)
print(gn, type(gn))
print(f"grad norm {gn:.4f}")
opt.step()
print(q[0].bias[:4])
print(tq[0].bias[:4])
rows = [(torch.randn(2), 1, 0.5), (torch.randn(2), 0, 1.5)]
s2, a2, r2 = map(list, zip(*rows))
print(torch.stack(s2), torch.tensor(a2), torch.tensor(r2))
try:
    torch.tensor(s2)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stack([torch.randn(2), torch.randn(3)])
except Exception as e:
    print(type(e).__name__, e)
try:
    random.sample(buf, 100)
except Exception as e:
    print(type(e).__name__, e)
''',
'eps_greedy': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(42)
q = nn.Linear(3, 4)
eps_start, eps_end, decay = 0.9, 0.05, 20
acts = []
for t in range(30):
    eps = eps_end + (eps_start - eps_end) * math.exp(-1.0 * t / decay)
    s = torch.randn(3)
    if torch.rand(1).item() < eps:
        a = torch.randint(0, 4, (1,)).item()
        kind = 'rand'
    else:
        with torch.no_grad():
            a = q(s).argmax().item()
        kind = 'greedy'
    acts.append(a)
    if t % 5 == 0:
        print(f"t={t} eps={eps:.3f} a={a} {kind}")
print(acts)
print(torch.rand(1), torch.rand(1).item())
x = torch.randn(5, 3)
with torch.no_grad():
    qv = q(x)
print(qv.max(1), qv.max(1).indices.view(-1, 1), qv.max(dim=1, keepdim=True))
print(qv.argmax(1), qv.argmax(dim=1, keepdim=True), qv.argmax())
mask = torch.rand(5) < 0.5
greedy = qv.argmax(1)
rand_a = torch.randint(0, 4, (5,))
print(mask, torch.where(mask, rand_a, greedy))
print(torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]).argmax(1))
print(torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]).max(1))
print(torch.tensor([1.0, float('nan'), 3.0]).argmax(), torch.tensor([1.0, float('nan'), 3.0]).max())
print(torch.tensor([[0, 5, 5]]).argmin(1), torch.tensor([[0, 5, 5]]).argmax(1))
''',
'official_dqn': r'''
import math
import random
from collections import namedtuple, deque
from itertools import count
import torch
import torch.nn as nn
import torch.optim as optim
import torch.nn.functional as F
random.seed(1)
torch.manual_seed(1)
device = torch.device("cpu")
Transition = namedtuple('Transition', ('state', 'action', 'next_state', 'reward'))
class ReplayMemory(object):
    def __init__(self, capacity):
        self.memory = deque([], maxlen=capacity)
    def push(self, *args):
        self.memory.append(Transition(*args))
    def sample(self, batch_size):
        return random.sample(self.memory, batch_size)
    def __len__(self):
        return len(self.memory)
class DQN(nn.Module):
    def __init__(self, n_observations, n_actions):
        super(DQN, self).__init__()
        self.layer1 = nn.Linear(n_observations, 32)
        self.layer2 = nn.Linear(32, 32)
        self.layer3 = nn.Linear(32, n_actions)
    def forward(self, x):
        x = F.relu(self.layer1(x))
        x = F.relu(self.layer2(x))
        return self.layer3(x)
BATCH_SIZE, GAMMA, EPS_START, EPS_END, EPS_DECAY, TAU, LR = 8, 0.99, 0.9, 0.05, 50, 0.005, 1e-4
n_actions, n_observations = 2, 4
policy_net = DQN(n_observations, n_actions).to(device)
target_net = DQN(n_observations, n_actions).to(device)
target_net.load_state_dict(policy_net.state_dict())
optimizer = optim.AdamW(policy_net.parameters(), lr=LR, amsgrad=True)
print(optimizer)
memory = ReplayMemory(1000)
steps_done = 0
def select_action(state):
    global steps_done
    sample = random.random()
    eps_threshold = EPS_END + (EPS_START - EPS_END) * math.exp(-1. * steps_done / EPS_DECAY)
    steps_done += 1
    if sample > eps_threshold:
        with torch.no_grad():
            return policy_net(state).max(1).indices.view(1, 1)
    else:
        return torch.tensor([[random.randrange(2)]], device=device, dtype=torch.long)
def optimize_model():
    if len(memory) < BATCH_SIZE:
        return None
    transitions = memory.sample(BATCH_SIZE)
    batch = Transition(*zip(*transitions))
    non_final_mask = torch.tensor(tuple(map(lambda s: s is not None, batch.next_state)), device=device, dtype=torch.bool)
    non_final_next_states = torch.cat([s for s in batch.next_state if s is not None])
    state_batch = torch.cat(batch.state)
    action_batch = torch.cat(batch.action)
    reward_batch = torch.cat(batch.reward)
    state_action_values = policy_net(state_batch).gather(1, action_batch)
    next_state_values = torch.zeros(BATCH_SIZE, device=device)
    with torch.no_grad():
        next_state_values[non_final_mask] = target_net(non_final_next_states).max(1).values
    expected_state_action_values = (next_state_values * GAMMA) + reward_batch
    criterion = nn.SmoothL1Loss()
    loss = criterion(state_action_values, expected_state_action_values.unsqueeze(1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(policy_net.parameters(), 100)
    optimizer.step()
    return loss
for i_episode in range(3):
    state = torch.randn(n_observations).unsqueeze(0)
    for t in count():
        action = select_action(state)
        observation = (state[0] + 0.1 * (action.item() - 0.5)).tolist()
        reward = torch.tensor([1.0], device=device)
        terminated = t >= 9 or abs(observation[0]) > 2
        next_state = None if terminated else torch.tensor(observation, dtype=torch.float32, device=device).unsqueeze(0)
        memory.push(state, action, next_state, reward)
        state = next_state
        loss = optimize_model()
        target_net_state_dict = target_net.state_dict()
        policy_net_state_dict = policy_net.state_dict()
        for key in policy_net_state_dict:
            target_net_state_dict[key] = policy_net_state_dict[key]*TAU + target_net_state_dict[key]*(1-TAU)
        target_net.load_state_dict(target_net_state_dict)
        if terminated:
            print(i_episode, t + 1, loss)
            break
print(steps_done, len(memory))
print(target_net.layer3.bias, policy_net.layer3.bias)
print(optimizer.state_dict()['state'][5].keys())
print(optimizer.state_dict()['state'][5]['max_exp_avg_sq'])
''',
'target_net': r'''
import copy
import torch
import torch.nn as nn
torch.manual_seed(0)
q = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
tq = copy.deepcopy(q)
print(tq)
print(all(torch.equal(a, b) for a, b in zip(q.parameters(), tq.parameters())))
print(q[0].weight is tq[0].weight, q[0].weight.data_ptr() == tq[0].weight.data_ptr())
for p in tq.parameters():
    p.requires_grad_(False)
opt = torch.optim.SGD(q.parameters(), lr=0.1)
x = torch.randn(5, 3)
loss = (q(x) - tq(x)).pow(2).mean() + q(x).sum() * 0.01
opt.zero_grad(); loss.backward(); opt.step()
print(loss)
print(q[2].bias, tq[2].bias)
tau = 0.1
with torch.no_grad():
    for tp, p in zip(tq.parameters(), q.parameters()):
        tp.data.mul_(1 - tau).add_(tau * p.data)
print(tq[2].bias)
with torch.no_grad():
    for tp, p in zip(tq.parameters(), q.parameters()):
        tp.lerp_(p, tau)
print(tq[2].bias)
print(torch.lerp(torch.zeros(3), torch.ones(3), 0.25), torch.lerp(torch.zeros(3), torch.ones(3), torch.tensor([0.0, 0.5, 2.0])))
with torch.no_grad():
    for tp, p in zip(tq.parameters(), q.parameters()):
        tp.copy_(tau * p + (1 - tau) * tp)
print(tq[2].bias)
sd = q.state_dict()
print(list(sd.keys()))
print(tq.load_state_dict(sd))
print(tq[2].bias, tq[2].bias.requires_grad)
sd2 = {k: v.clone() for k, v in sd.items()}
sd2.pop('2.bias')
try:
    tq.load_state_dict(sd2)
except Exception as e:
    print(type(e).__name__, e)
print(tq.load_state_dict(sd2, strict=False))
sd2['extra'] = torch.zeros(1)
print(tq.load_state_dict(sd2, strict=False))
sd3 = dict(sd); sd3['0.weight'] = torch.zeros(2, 2)
try:
    tq.load_state_dict(sd3)
except Exception as e:
    print(type(e).__name__, e)
tq.eval()
print(tq.training, q.training, tq[0].training)
ema = torch.optim.swa_utils.AveragedModel(q, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(0.9))
ema.update_parameters(q)
print(ema.n_averaged, ema.module[2].bias)
''',
'clip_grad': r'''
import torch
import torch.nn as nn
torch.manual_seed(4)
m = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))
x = torch.randn(10, 4)
loss = (m(x) ** 2).sum() * 10
loss.backward()
n = nn.utils.clip_grad_norm_(m.parameters(), max_norm=1.0)
print(n, n.dtype, n.shape)
print(f"{n.item():.4f}", f"{n:.3f}")
print(nn.utils.clip_grad_norm_(m.parameters(), max_norm=1.0))
print(nn.utils.clip_grad_norm_(m.parameters(), max_norm=0.5, norm_type=float('inf')))
print(nn.utils.clip_grad_norm_(m.parameters(), 10.0, norm_type=1))
print(m[0].weight.grad)
nn.utils.clip_grad_value_(m.parameters(), 0.05)
print(m[2].weight.grad)
print(nn.utils.clip_grad_norm_([], 1.0))
p = nn.Parameter(torch.randn(3))
print(nn.utils.clip_grad_norm_(p, 1.0))
p.grad = torch.tensor([float('nan'), 1.0, 2.0])
print(nn.utils.clip_grad_norm_(p, 1.0))
try:
    p.grad = torch.tensor([float('inf'), 1.0, 2.0])
    nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
except Exception as e:
    print(type(e).__name__, e)
print(nn.utils.get_total_norm([torch.ones(3), torch.ones(4)]))
gn = [pp.grad.norm() for pp in m.parameters()]
print(gn)
print(torch.stack(gn).norm())
print(nn.utils.parameters_to_vector(m.parameters()).shape)
''',
'tabular_q': r'''
import torch
torch.manual_seed(0)
nS, nA = 6, 2
Q = torch.zeros(nS, nA)
alpha, gamma, eps = 0.5, 0.9, 0.2
def step(s, a):
    s2 = min(nS - 1, s + 1) if a == 1 else max(0, s - 1)
    r = 1.0 if s2 == nS - 1 else 0.0
    return s2, r, s2 == nS - 1
for ep in range(20):
    s = 0
    for t in range(30):
        if torch.rand(1).item() < eps:
            a = torch.randint(nA, (1,)).item()
        else:
            a = Q[s].argmax().item()
        s2, r, done = step(s, a)
        target = r + (0.0 if done else gamma * Q[s2].max())
        Q[s, a] += alpha * (target - Q[s, a])
        s = s2
        if done:
            break
    if ep % 5 == 4:
        print(ep, t, Q[0])
print(Q)
print(Q.argmax(1), Q.max(1).values, Q.max(dim=1))
V = Q.max(1)[0]
print(V, V.sum(), type(target))
pi = torch.nn.functional.one_hot(Q.argmax(1), nA).float()
print(pi, (pi * Q).sum(1))
counts = torch.zeros(4)
values = torch.zeros(4)
true_means = torch.tensor([0.1, 0.5, 0.3, 0.7])
for t in range(1, 40):
    ucb = values + torch.sqrt(2 * torch.log(torch.tensor(float(t))) / counts)
    a = ucb.argmax().item()
    r = torch.bernoulli(true_means[a]).item()
    counts[a] += 1
    values[a] += (r - values[a]) / counts[a]
    if t < 6:
        print(t, ucb, a, r)
print(counts, values)
prefs = torch.zeros(3)
for t in range(10):
    probs = torch.softmax(prefs, 0)
    a = torch.multinomial(probs, 1).item()
    r = [0.2, 1.0, -0.5][a]
    onehot = torch.zeros(3); onehot[a] = 1
    prefs += 0.1 * r * (onehot - probs)
print(prefs, probs)
print(torch.sqrt(torch.tensor([1.0, 0.0]) / torch.tensor([0.0, 0.0])))
''',
'gan_basic': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
latent = 4
G = nn.Sequential(nn.Linear(latent, 16), nn.LeakyReLU(0.2), nn.Linear(16, 2))
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
print(G)
print(D)
crit = nn.BCEWithLogitsLoss()
optG = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
print(optG)
for step in range(8):
    real = torch.randn(16, 2) * 0.5 + torch.tensor([2.0, -1.0])
    z = torch.randn(16, latent)
    fake = G(z)
    d_real = D(real)
    d_fake = D(fake.detach())
    lossD = crit(d_real, torch.ones_like(d_real)) + crit(d_fake, torch.zeros_like(d_fake))
    optD.zero_grad()
    lossD.backward()
    optD.step()
    out = D(fake)
    lossG = crit(out, torch.ones_like(out))
    optG.zero_grad()
    lossG.backward()
    optG.step()
    print(f"step {step}: D {lossD.item():.4f} G {lossG.item():.4f} D(x) {torch.sigmoid(d_real).mean().item():.4f} D(G(z)) {torch.sigmoid(d_fake).mean().item():.4f}")
print(fake[:3])
print(lossD, lossG)
print(type(lossD.grad_fn).__name__, type(fake.detach().grad_fn))
print(fake.detach().requires_grad, fake.requires_grad, fake.is_leaf, fake.detach().is_leaf)
print(optD.state_dict()['param_groups'])
print(sorted(optD.state_dict()['state'].keys()))
print(optD.state_dict()['state'][0]['step'], optD.state_dict()['state'][0]['exp_avg'].shape)
''',
'gan_bce': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(5)
D = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())
x = torch.randn(6, 3)
p = D(x)
print(p)
bce = nn.BCELoss()
real_lbl = torch.full((6, 1), 0.9)
fake_lbl = torch.zeros(6, 1)
print(bce(p, real_lbl), bce(p, fake_lbl))
print(F.binary_cross_entropy(p, torch.ones_like(p), reduction='none'))
print(F.binary_cross_entropy(p, torch.ones_like(p), reduction='sum'))
smooth = torch.empty(6, 1).uniform_(0.8, 1.0)
print(smooth)
print(bce(p, smooth))
try:
    bce(p, torch.ones(6))
except Exception as e:
    print(type(e).__name__, e)
try:
    bce(p.squeeze() * 3, torch.ones(6))
except Exception as e:
    print(type(e).__name__, e)
try:
    bce(p, torch.ones(6, 1, dtype=torch.long))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.binary_cross_entropy_with_logits(p, torch.ones(6))
except Exception as e:
    print(type(e).__name__, e)
logits = torch.randn(6, 1)
w = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))
print(w(logits, torch.ones_like(logits)), w)
print(F.binary_cross_entropy_with_logits(logits, torch.zeros_like(logits), weight=torch.rand(6, 1)))
print(nn.BCELoss(), nn.BCELoss(reduction='sum'))
print(F.binary_cross_entropy(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.0])))
print(F.binary_cross_entropy(torch.tensor([0.0, 1.0]), torch.tensor([0.0, 1.0])))
l = bce(p, real_lbl)
l.backward()
print(D[0].weight.grad)
''',
'gan_freeze': r'''
import torch
import torch.nn as nn
torch.manual_seed(2)
G = nn.Linear(2, 3)
D = nn.Linear(3, 1)
optG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
z = torch.randn(4, 2)
D.requires_grad_(False)
print([p.requires_grad for p in D.parameters()])
loss = D(G(z)).mean()
loss.backward()
print(D.weight.grad is None, G.weight.grad is None)
print(G.weight.grad)
D.requires_grad_(True)
optG.zero_grad(set_to_none=True)
print(G.weight.grad)
optG.zero_grad(set_to_none=False)
print(G.weight.grad)
loss = D(G(z).detach()).mean()
loss.backward()
print(G.weight.grad, D.weight.grad)
optD.zero_grad()
print(D.weight.grad)
for p in D.parameters():
    p.requires_grad = False
print(D.weight.requires_grad)
out = D(G(z))
print(out.requires_grad, type(out.grad_fn).__name__)
with torch.no_grad():
    o2 = D(G(z))
print(o2.requires_grad, o2.grad_fn)
try:
    o2.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
G.requires_grad_(False)
o3 = D(G(z))
try:
    o3.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
print(G.weight.requires_grad_(True) is G.weight)
try:
    (G.weight * 2).requires_grad_(False)
    print('ok')
except Exception as e:
    print(type(e).__name__, e)
try:
    x = G.weight * 2
    x.requires_grad = False
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor([1, 2]).requires_grad_()
except Exception as e:
    print(type(e).__name__, e)
''',
'wgan_clip': r'''
import torch
import torch.nn as nn
torch.manual_seed(7)
G = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))
C = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
optG = torch.optim.RMSprop(G.parameters(), lr=5e-3)
optC = torch.optim.RMSprop(C.parameters(), lr=5e-3)
print(optC)
for it in range(4):
    for _ in range(3):
        real = torch.randn(8, 2) + 1.0
        fake = G(torch.randn(8, 2)).detach()
        lossC = -(C(real).mean() - C(fake).mean())
        optC.zero_grad()
        lossC.backward()
        optC.step()
        for p in C.parameters():
            p.data.clamp_(-0.01, 0.01)
    lossG = -C(G(torch.randn(8, 2))).mean()
    optG.zero_grad()
    lossG.backward()
    optG.step()
    print(f"it {it}: C {lossC.item():.6f} G {lossG.item():.6f}")
print(C[0].weight)
print(C[2].bias)
print(max(p.abs().max().item() for p in C.parameters()))
print(optC.state_dict()['state'][0].keys())
print(optC.state_dict()['state'][0]['square_avg'][:2])
x = torch.linspace(-0.05, 0.05, 6)
print(x.clamp_(-0.01, 0.01), x)
w = torch.randn(3, requires_grad=True)
try:
    w.clamp_(-0.01, 0.01)
except Exception as e:
    print(type(e).__name__, e)
with torch.no_grad():
    w.clamp_(-0.5, 0.5)
print(w)
''',
'wgan_gp': r'''
import torch
import torch.nn as nn
torch.manual_seed(9)
C = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
G = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 2))
oC = torch.optim.Adam(C.parameters(), lr=1e-4, betas=(0.0, 0.9))
oG = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.0, 0.9))
def gradient_penalty(C, real, fake):
    alpha = torch.rand(real.size(0), 1)
    inter = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = C(inter)
    grads = torch.autograd.grad(outputs=out, inputs=inter, grad_outputs=torch.ones_like(out), create_graph=True, retain_graph=True)[0]
    return ((grads.norm(2, dim=1) - 1) ** 2).mean(), grads
for it in range(3):
    real = torch.randn(6, 2) * 0.3 + 1
    fake = G(torch.randn(6, 3))
    gp, grads = gradient_penalty(C, real, fake.detach())
    lossC = C(fake.detach()).mean() - C(real).mean() + 10 * gp
    oC.zero_grad(); lossC.backward(); oC.step()
    lossG = -C(G(torch.randn(6, 3))).mean()
    oG.zero_grad(); lossG.backward(); oG.step()
    print(f"{it}: C={lossC.item():.5f} gp={gp.item():.5f} G={lossG.item():.5f}")
print(grads.shape, type(grads.grad_fn).__name__)
print(gp.grad_fn.name())
x = torch.randn(3, 2, requires_grad=True)
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g, g.requires_grad)
g2, = torch.autograd.grad(g.sum(), x)
print(g2)
try:
    torch.autograd.grad(y, x)
except Exception as e:
    print(type(e).__name__, str(e)[:120])
try:
    torch.autograd.grad(C(x).squeeze(), x)
except Exception as e:
    print(type(e).__name__, e)
print(torch.autograd.grad(C(x).sum(), [x, C[0].bias], allow_unused=True)[1])
z = torch.randn(2, requires_grad=True)
try:
    torch.autograd.grad((x ** 2).sum(), [x, z])
except Exception as e:
    print(type(e).__name__, e)
print(torch.autograd.grad((x ** 2).sum(), [x, z], allow_unused=True, materialize_grads=True)[1])
''',
'dcgan_small': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
class Gen(nn.Module):
    def __init__(self, nz=8, ngf=4):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, 1, 4, 2, 1, bias=False), nn.Tanh())
    def forward(self, z):
        return self.main(z)
class Disc(nn.Module):
    def __init__(self, ndf=4):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(1, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, 1, 4, 1, 0, bias=False), nn.Sigmoid())
    def forward(self, x):
        return self.main(x).view(-1, 1).squeeze(1)
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
netG = Gen(); netG.apply(weights_init)
netD = Disc(); netD.apply(weights_init)
print(netG)
print(netD)
print(sum(p.numel() for p in netG.parameters()), sum(p.numel() for p in netD.parameters() if p.requires_grad))
crit = nn.BCELoss()
fixed = torch.randn(2, 8, 1, 1)
oD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
oG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
for i in range(3):
    real = torch.rand(4, 1, 8, 8) * 2 - 1
    netD.zero_grad()
    label = torch.full((4,), 1.0)
    out = netD(real)
    errD_real = crit(out, label)
    errD_real.backward()
    D_x = out.mean().item()
    noise = torch.randn(4, 8, 1, 1)
    fake = netG(noise)
    label.fill_(0.0)
    out = netD(fake.detach())
    errD_fake = crit(out, label)
    errD_fake.backward()
    D_G_z1 = out.mean().item()
    errD = errD_real + errD_fake
    oD.step()
    netG.zero_grad()
    label.fill_(1.0)
    out = netD(fake)
    errG = crit(out, label)
    errG.backward()
    D_G_z2 = out.mean().item()
    oG.step()
    print('[%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f' % (i, 3, errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
with torch.no_grad():
    f = netG(fixed)
print(f.shape, f[0, 0, :2])
print(netG.main[1].running_mean, netG.main[1].num_batches_tracked)
print(list(netG.state_dict().keys()))
''',
'cgan_sn': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm
torch.manual_seed(0)
n_classes, nz = 3, 4
class G(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(n_classes, n_classes)
        self.net = nn.Sequential(nn.Linear(nz + n_classes, 16), nn.ReLU(), nn.Linear(16, 2), nn.Tanh())
    def forward(self, z, y):
        return self.net(torch.cat([z, self.emb(y)], 1))
class Dsc(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(n_classes, 2)
        self.l1 = spectral_norm(nn.Linear(4, 16))
        self.l2 = spectral_norm(nn.Linear(16, 1))
    def forward(self, x, y):
        h = F.leaky_relu(self.l1(torch.cat([x, self.emb(y)], 1)), 0.2)
        return self.l2(h)
g, d = G(), Dsc()
print(g, d)
print(sorted(d.state_dict().keys()))
print(d.l1.weight_u[:4], d.l1.weight_orig.shape)
oG = torch.optim.Adam(g.parameters(), 1e-3, betas=(0.5, 0.999))
oD = torch.optim.Adam(d.parameters(), 4e-3, betas=(0.0, 0.9))
for step in range(4):
    y = torch.randint(0, n_classes, (8,))
    real = torch.randn(8, 2) * 0.1 + y.float().unsqueeze(1) - 1
    z = torch.randn(8, nz)
    fake = g(z, y)
    d_loss = F.relu(1.0 - d(real, y)).mean() + F.relu(1.0 + d(fake.detach(), y)).mean()
    oD.zero_grad(set_to_none=True); d_loss.backward(); oD.step()
    g_loss = -d(fake, y).mean()
    oG.zero_grad(set_to_none=True); g_loss.backward(); oG.step()
    ls = 0.5 * ((d(real, y) - 1) ** 2).mean()
    print(f"{step}: d={d_loss.item():.4f} g={g_loss.item():.4f} ls={ls.item():.4f}")
print([p.grad is None for p in g.parameters()])
print(d.l1.weight_u[:4])
g.eval()
with torch.no_grad():
    out = g(torch.randn(3, nz), torch.tensor([0, 1, 2]))
print(out)
print(torch.linalg.matrix_norm(d.l1.weight.detach(), ord=2))
''',
'gan_1d_stats': r'''
import torch
import torch.nn as nn
torch.manual_seed(1)
G = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
D = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid())
crit = nn.BCELoss()
oG = torch.optim.Adam(G.parameters(), lr=1e-2, betas=(0.5, 0.999))
oD = torch.optim.Adam(D.parameters(), lr=1e-2, betas=(0.5, 0.999))
for step in range(6):
    real = torch.randn(32, 1) * 0.5 + 3.0
    fake = G(torch.randn(32, 1))
    real_lbl = torch.full((32, 1), 0.9)
    lossD = crit(D(real), real_lbl) + crit(D(fake.detach()), torch.zeros(32, 1))
    oD.zero_grad(set_to_none=True); lossD.backward(); oD.step()
    lossG = crit(D(fake), torch.ones(32, 1))
    oG.zero_grad(set_to_none=True); lossG.backward(); oG.step()
    print(f"step {step} D {lossD.item():.4f} G {lossG.item():.4f} mean {fake.mean().item():.3f} std {fake.std().item():.3f}")
with torch.no_grad():
    samples = G(torch.randn(200, 1)).squeeze(1)
print(torch.histc(samples, bins=8, min=-2, max=2))
print(torch.histc(torch.tensor([1.0, 2.0, 1.0, 4.0]), bins=4, min=0, max=4))
edges = torch.linspace(-1, 1, 5)
print(torch.bucketize(torch.tensor([-2.0, -0.5, 0.0, 0.3, 2.0]), edges), torch.bucketize(torch.tensor([0.0]), edges, right=True))
vals, counts = torch.unique(torch.tensor([3, 1, 3, 2, 1, 3]), return_counts=True)
print(vals, counts, torch.unique(torch.tensor([3, 1, 3]), sorted=True, return_inverse=True))
print(torch.quantile(torch.tensor([1.0, 2.0, 3.0, 4.0]), 0.25), torch.median(torch.tensor([3.0, 1.0, 2.0, 4.0])))
print(samples.mean(), samples.std(), samples.min(), samples.max())
print(torch.histogram(torch.tensor([1.0, 2.0, 1.0]), bins=2))
print(torch.bincount(torch.tensor([0, 1, 1, 3])), torch.bincount(torch.tensor([0, 1]), weights=torch.tensor([0.5, 2.0]), minlength=3))
''',
'bn_grads': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
torch.set_printoptions(precision=8)
bn = nn.BatchNorm1d(12)
x = torch.randn(10, 12) * 3 + 1
y = bn(x)
loss = F.mse_loss(torch.tanh(y), torch.rand(10, 12))
loss.backward()
print(bn.weight.grad)
print(bn.bias.grad)
xr = x.clone().requires_grad_()
(bn(xr) * torch.randn(10, 12)).sum().backward()
print(xr.grad[:2])
bn2 = nn.BatchNorm2d(3)
img = torch.randn(4, 3, 5, 5, requires_grad=True)
out = bn2(img)
(F.leaky_relu(out, 0.2) * torch.randn(4, 3, 5, 5)).mean().backward()
print(bn2.weight.grad, bn2.bias.grad)
print(img.grad[0, 0, :2])
bn3 = nn.BatchNorm1d(4)
seq = torch.randn(3, 4, 7, requires_grad=True)
(bn3(seq) ** 2 * torch.rand(3, 4, 7)).sum().backward()
print(bn3.weight.grad, bn3.bias.grad, seq.grad[1, :, :3])
bn.eval()
xe = torch.randn(5, 12, requires_grad=True)
(bn(xe) * torch.randn(5, 12)).sum().backward()
print(xe.grad[:2], bn.weight.grad[:4])
nb = nn.BatchNorm1d(6, affine=False)
xa = torch.randn(8, 6, requires_grad=True)
(nb(xa) * torch.arange(6.0)).sum().backward()
print(xa.grad[:2])
torch.set_printoptions(profile='default')
''',
'gumbel': r'''
import torch
import torch.nn.functional as F
from torch.distributions import OneHotCategorical, RelaxedOneHotCategorical
torch.manual_seed(0)
logits = torch.randn(2, 4, requires_grad=True)
y = F.gumbel_softmax(logits, tau=0.5)
print(y)
h = F.gumbel_softmax(logits, tau=1.0, hard=True)
print(h, type(h.grad_fn).__name__)
(h * torch.arange(4.0)).sum().backward()
print(logits.grad)
d = OneHotCategorical(logits=logits.detach())
s = d.sample()
print(s, d.log_prob(s), d.entropy())
print(d.sample((2,)))
r = RelaxedOneHotCategorical(torch.tensor(0.7), logits=logits.detach())
rs = r.rsample()
print(rs, r.log_prob(rs))
st = s + d.probs - d.probs.detach()
print(st)
try:
    F.gumbel_softmax(logits, tau=1.0, dim=2)
except Exception as e:
    print(type(e).__name__, e)
''',
'multinomial': r'''
import torch
torch.manual_seed(0)
w = torch.tensor([0.1, 0.2, 0.3, 0.4])
print(torch.multinomial(w, 10, replacement=True))
print(torch.multinomial(w, 4))
print(torch.multinomial(w, 2, replacement=False))
W = torch.tensor([[1.0, 0.0, 3.0], [0.5, 0.5, 0.0]])
print(torch.multinomial(W, 2))
print(torch.multinomial(W, 5, replacement=True))
print(torch.multinomial(torch.tensor([0.0, 0.0, 1.0]), 1))
for args, kw in [((w, 5), {}), ((torch.tensor([0.0, 0.0]), 1), {}), ((torch.tensor([-1.0, 2.0]), 1), {}),
                 ((w, 0), {}), ((torch.tensor([[[1.0]]]), 1), {}), ((torch.tensor([1, 2]), 1), {}),
                 ((torch.tensor([float('nan'), 1.0]), 1), {}), ((torch.tensor([float('inf'), 1.0]), 1), {}),
                 ((W, 3), {}), ((w, -1), {})]:
    try:
        print(torch.multinomial(*args, **kw))
    except Exception as e:
        print(type(e).__name__, e)
g = torch.Generator().manual_seed(3)
print(torch.multinomial(w, 3, generator=g))
print(w.multinomial(6, True))
big = torch.rand(50)
print(torch.multinomial(big, 8))
print(torch.multinomial(torch.ones(3, 6), 6))
print(torch.multinomial(torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64), 3))
out = torch.empty(3, dtype=torch.long)
print(torch.multinomial(w, 3, out=out), out)
''',
'argmax_where': r'''
import torch
torch.manual_seed(0)
q = torch.tensor([[1.0, 2.0, 2.0, 0.5], [3.0, 3.0, 3.0, 3.0], [-1.0, -2.0, -1.0, -5.0]])
print(q.argmax(1), q.argmax(0), q.argmax(), q.argmin(1))
print(torch.max(q, 1), torch.min(q, dim=0))
print(q.max(1).values, q.max(1)[1], q.max())
print(torch.argmax(q, dim=1, keepdim=True))
v, i = q.topk(2, dim=1)
print(v, i)
print(q.sort(1, descending=True))
b = torch.tensor([True, False, True])
print(torch.where(b, torch.tensor(1.0), torch.tensor(0.0)))
print(torch.where(q > 1, q, torch.zeros_like(q)))
print(torch.where(q > 1, q, 0.0), torch.where(q > 1, 1, 0))
print(torch.where(q > 1))
print(torch.where(b, 1.5, 2))
print(torch.where(b, torch.tensor([1, 2, 3]), 2.5))
print(torch.where(b, torch.tensor([1, 2, 3], dtype=torch.int32), 7))
try:
    torch.where(torch.tensor([1, 0, 1]), q[0, :3], 0.0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.where(b, torch.ones(2), 0.0)
except Exception as e:
    print(type(e).__name__, e)
x = torch.randn(4, 5, requires_grad=True)
y = torch.where(x > 0, x, 0.1 * x)
y.sum().backward()
print(x.grad, type(y.grad_fn).__name__)
print(torch.tensor([]).argmax() if False else 'skip')
try:
    torch.tensor([]).argmax()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.empty(0, 3).max(0)
except Exception as e:
    print(type(e).__name__, e)
print(torch.empty(0, 3).max(1))
print(torch.tensor([[2, 2], [1, 1]]).max(1))
try:
    print(torch.tensor([True, True, False]).argmax())
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([1.0, 1.0]).argmax(0, keepdim=True))
''',
'dist_print': r'''
import torch
from torch import distributions as D
torch.manual_seed(0)
ds = [D.Categorical(logits=torch.randn(3)), D.Categorical(probs=torch.tensor([[0.2, 0.8], [0.5, 0.5]])),
      D.Normal(torch.zeros(2), torch.ones(2)), D.Normal(0.0, 1.0), D.Bernoulli(probs=0.3),
      D.Bernoulli(logits=torch.randn(2)), D.Beta(torch.tensor(2.0), torch.tensor(3.0)), D.Uniform(-1.0, 1.0),
      D.MultivariateNormal(torch.zeros(2), torch.eye(2)), D.OneHotCategorical(probs=torch.tensor([0.3, 0.7])),
      D.Independent(D.Normal(torch.zeros(3), torch.ones(3)), 1), D.Exponential(torch.tensor([1.0, 2.0])),
      D.Gamma(2.0, 1.0), D.Laplace(0.0, 2.0), D.Poisson(3.0), D.Dirichlet(torch.ones(3)),
      D.RelaxedOneHotCategorical(torch.tensor(0.5), probs=torch.tensor([0.3, 0.7])),
      D.Binomial(10, torch.tensor([0.2, 0.8])), D.Geometric(probs=0.25), D.LogNormal(0.0, 1.0),
      D.Cauchy(0.0, 1.0), D.Gumbel(0.0, 1.0), D.StudentT(3.0), D.Chi2(2.0), D.HalfNormal(1.0)]
for d in ds:
    print(d)
    print(' ', d.batch_shape, d.event_shape)
    s = d.sample()
    print(' ', s)
    print(' ', d.log_prob(s))
    try:
        print(' ', d.entropy())
    except Exception as e:
        print(' ', type(e).__name__, e)
    try:
        print(' ', d.mean, d.variance)
    except Exception as e:
        print(' ', type(e).__name__, e)
''',
'kl_div': r'''
import torch
from torch import distributions as D
from torch.distributions import kl_divergence
torch.manual_seed(0)
p = D.Categorical(logits=torch.randn(4, 3))
q = D.Categorical(logits=torch.randn(4, 3))
print(kl_divergence(p, q))
print(kl_divergence(p, p))
print(D.kl.kl_divergence(q, p).mean())
n1 = D.Normal(torch.zeros(2), torch.ones(2))
n2 = D.Normal(torch.tensor([1.0, -1.0]), torch.tensor([0.5, 2.0]))
print(kl_divergence(n1, n2), kl_divergence(n2, n1))
print(kl_divergence(D.Bernoulli(0.3), D.Bernoulli(0.6)))
print(kl_divergence(D.Bernoulli(torch.tensor([0.0, 1.0])), D.Bernoulli(torch.tensor([0.5, 0.5]))))
print(kl_divergence(D.Bernoulli(torch.tensor([0.5, 0.5])), D.Bernoulli(torch.tensor([0.0, 1.0]))))
print(kl_divergence(D.Categorical(probs=torch.tensor([0.5, 0.5, 0.0])), D.Categorical(probs=torch.tensor([0.3, 0.3, 0.4]))))
print(kl_divergence(D.Categorical(probs=torch.tensor([0.3, 0.3, 0.4])), D.Categorical(probs=torch.tensor([0.5, 0.5, 0.0]))))
mv1 = D.MultivariateNormal(torch.zeros(2), torch.eye(2))
mv2 = D.MultivariateNormal(torch.ones(2), torch.tensor([[2.0, 0.5], [0.5, 1.0]]))
print(kl_divergence(mv1, mv2))
i1 = D.Independent(n1, 1); i2 = D.Independent(n2, 1)
print(kl_divergence(i1, i2))
print(kl_divergence(D.Beta(2.0, 3.0), D.Beta(1.0, 1.0)))
print(kl_divergence(D.Uniform(0.0, 1.0), D.Uniform(-1.0, 2.0)), kl_divergence(D.Uniform(-1.0, 2.0), D.Uniform(0.0, 1.0)))
try:
    kl_divergence(n1, p)
except Exception as e:
    print(type(e).__name__, e)
try:
    kl_divergence(D.Categorical(logits=torch.randn(3)), D.Categorical(logits=torch.randn(4)))
except Exception as e:
    print(type(e).__name__, e)
mu = torch.randn(3, requires_grad=True)
kl = kl_divergence(D.Normal(mu, torch.ones(3)), D.Normal(0.0, 1.0)).sum()
kl.backward()
print(kl, mu.grad)
logits = torch.randn(2, 4, requires_grad=True)
old = D.Categorical(logits=logits.detach())
new = D.Categorical(logits=logits * 1.1)
k = kl_divergence(old, new).mean()
k.backward()
print(k, logits.grad)
print(torch.nn.functional.kl_div(torch.log_softmax(torch.randn(2, 3), 1), torch.softmax(torch.randn(2, 3), 1), reduction='batchmean'))
''',
'dist_errors': r'''
import torch
from torch.distributions import Categorical, Normal, Bernoulli, Beta, Independent, MultivariateNormal
torch.manual_seed(0)
d = Categorical(logits=torch.randn(2, 3))
for v in [torch.tensor([0, 3]), torch.tensor([0.5, 1.0]), torch.tensor([[0, 1], [1, 2], [0, 0]]), torch.tensor([-1, 0])]:
    try:
        print(d.log_prob(v))
    except Exception as e:
        print(type(e).__name__, e)
n = Normal(torch.zeros(2), torch.ones(2))
for v in [torch.tensor([0.5, float('nan')]), torch.zeros(3), torch.tensor(1.0)]:
    try:
        print(n.log_prob(v))
    except Exception as e:
        print(type(e).__name__, e)
b = Bernoulli(probs=torch.tensor([0.2, 0.9]))
for v in [torch.tensor([1.0, 0.0]), torch.tensor([0.5, 1.0]), torch.tensor([2.0, 0.0])]:
    try:
        print(b.log_prob(v))
    except Exception as e:
        print(type(e).__name__, e)
for f in [lambda: Bernoulli(probs=torch.tensor([1.5])), lambda: Bernoulli(logits=torch.tensor([1.0]), probs=torch.tensor([0.5])),
          lambda: Normal(torch.zeros(2), torch.zeros(2)), lambda: Beta(torch.tensor(-1.0), torch.tensor(1.0)),
          lambda: Normal(torch.zeros(2), torch.ones(3)), lambda: Independent(Normal(torch.zeros(2), torch.ones(2)), 2),
          lambda: MultivariateNormal(torch.zeros(2), torch.tensor([[1.0, 2.0], [2.0, 1.0]])),
          lambda: MultivariateNormal(torch.zeros(2)), lambda: Categorical(probs=torch.tensor(1.0)),
          lambda: Normal(0.0, 1.0, validate_args=False).log_prob(torch.tensor(float('nan'))),
          lambda: Categorical(logits=torch.tensor([1.0, float('nan')])),
          lambda: Normal(torch.tensor([float('nan')]), torch.ones(1))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(Categorical(probs=torch.tensor([2.0, 6.0])).probs)
print(Normal(0.0, 1.0).support, Categorical(logits=torch.zeros(3)).support, Bernoulli(0.5).support)
print(Normal.arg_constraints, Categorical.arg_constraints)
dd = d.expand((4, 2))
print(dd, dd.batch_shape, dd.sample().shape)
print(Normal(torch.zeros(3), 1.0).expand((2, 3)).sample().shape)
try:
    d.expand((3,))
except Exception as e:
    print(type(e).__name__, e)
print(d.perplexity(), d.mode, n.mode, b.mode)
try:
    d.rsample()
except Exception as e:
    print(type(e).__name__, e)
try:
    d.cdf(torch.tensor([0, 1]))
except Exception as e:
    print(type(e).__name__, e)
print(d.has_rsample, n.has_rsample, d.has_enumerate_support)
print(Bernoulli(torch.tensor([0.3, 0.6])).enumerate_support())
print(Bernoulli(torch.tensor([0.3, 0.6])).enumerate_support(expand=False))
''',
'dist_grads': r'''
import torch
from torch import distributions as D
torch.manual_seed(0)
mu = torch.randn(3, requires_grad=True)
ls = torch.randn(3, requires_grad=True)
n = D.Normal(mu, ls.exp())
x = n.rsample()
(x ** 2).sum().backward()
print(x, mu.grad, ls.grad)
a = torch.tensor([2.0, 0.5], requires_grad=True)
b = torch.tensor([1.0, 3.0], requires_grad=True)
be = D.Beta(a, b)
s = be.rsample()
s.sum().backward()
print(s, a.grad, b.grad)
c = torch.tensor([1.5, 4.0], requires_grad=True)
g = D.Gamma(c, torch.tensor([1.0, 2.0]))
gs = g.rsample((2,))
gs.sum().backward()
print(gs, c.grad)
conc = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
dd = D.Dirichlet(conc)
ds = dd.rsample()
(ds * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(ds, conc.grad)
logits = torch.randn(4, requires_grad=True)
cat = D.Categorical(logits=logits)
cat.entropy().backward()
print(logits.grad)
p = torch.tensor([0.3, 0.6], requires_grad=True)
bern = D.Bernoulli(probs=p)
bern.log_prob(torch.tensor([1.0, 0.0])).sum().backward()
print(p.grad, bern.logits)
lam = torch.tensor([1.0, 2.0], requires_grad=True)
e = D.Exponential(lam)
es = e.rsample()
es.sum().backward()
print(es, lam.grad)
u = D.Uniform(torch.tensor([0.0]), torch.tensor([2.0], requires_grad=True))
us = u.rsample((3,))
print(us, u.log_prob(us), u.entropy())
lap = D.Laplace(torch.zeros(2), torch.ones(2))
print(lap.rsample(), lap.cdf(torch.tensor([0.5, -0.5])), lap.icdf(torch.tensor([0.2, 0.9])))
mvn = D.MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
mv = mvn.rsample((2,))
print(mv, mvn.log_prob(mv), mvn.entropy(), mvn.covariance_matrix, mvn.precision_matrix)
ln = D.LogNormal(0.0, 0.5)
print(ln.sample((3,)), ln.mean, ln.variance, ln.entropy())
st = D.StudentT(torch.tensor([3.0, 10.0]))
print(st.sample(), st.variance)
pois = D.Poisson(torch.tensor([0.5, 4.0, 30.0]))
print(pois.sample((2,)), pois.log_prob(torch.tensor([0.0, 4.0, 28.0])))
bi = D.Binomial(total_count=torch.tensor([5.0, 10.0]), probs=torch.tensor([0.3, 0.7]))
print(bi.sample((3,)), bi.log_prob(torch.tensor([2.0, 7.0])), bi.mean, bi.variance)
mn = D.Multinomial(10, probs=torch.tensor([0.2, 0.3, 0.5]))
print(mn.sample(), mn.log_prob(torch.tensor([2.0, 3.0, 5.0])))
geo = D.Geometric(probs=torch.tensor([0.3, 0.8]))
print(geo.sample((3,)), geo.log_prob(torch.tensor([2.0, 0.0])), geo.entropy())
''',
'transformed': r'''
import torch
from torch.distributions import Normal, TransformedDistribution, Independent
from torch.distributions.transforms import TanhTransform, AffineTransform, ComposeTransform, SigmoidTransform, ExpTransform
torch.manual_seed(0)
base = Normal(torch.zeros(2), torch.ones(2))
td = TransformedDistribution(base, [TanhTransform(cache_size=1)])
print(td)
a = td.rsample()
print(a, td.log_prob(a))
sq = TransformedDistribution(base, [TanhTransform(), AffineTransform(loc=1.0, scale=2.0)])
s = sq.sample((3,))
print(s)
print(sq.log_prob(s))
print(TanhTransform(), AffineTransform(0.0, 1.0), SigmoidTransform(), ExpTransform())
print(TanhTransform().domain, TanhTransform().codomain, TanhTransform().sign, TanhTransform().bijective)
ct = ComposeTransform([TanhTransform(), AffineTransform(0.5, 0.5)])
print(ct, ct(torch.tensor([0.0, 1.0])), ct.inv(torch.tensor([0.5, 0.9])))
x = torch.tensor([-2.0, 0.0, 2.0])
print(TanhTransform().log_abs_det_jacobian(x, x.tanh()))
itd = Independent(TransformedDistribution(base, [TanhTransform()]), 1)
v = itd.sample()
print(itd, v, itd.log_prob(v))
print(td.batch_shape, td.event_shape, itd.batch_shape, itd.event_shape)
try:
    td.entropy()
except Exception as e:
    print(type(e).__name__, e)
try:
    td.mean
except Exception as e:
    print(type(e).__name__, e)
try:
    TransformedDistribution(base, [TanhTransform()]).log_prob(torch.tensor([1.0, 0.0]))
except Exception as e:
    print(type(e).__name__, e)
print(TransformedDistribution(base, [TanhTransform()], validate_args=False).log_prob(torch.tensor([1.0, 0.0])))
''',
'probs_utils': r'''
import torch
from torch.distributions.utils import probs_to_logits, logits_to_probs, clamp_probs
from torch.distributions import Categorical, Bernoulli, Beta, Normal
torch.manual_seed(0)
p = torch.tensor([0.0, 0.25, 0.75])
print(probs_to_logits(p), probs_to_logits(torch.tensor([0.2, 0.9]), is_binary=True))
print(logits_to_probs(torch.tensor([1.0, 2.0, 3.0])), logits_to_probs(torch.tensor([0.0, 2.0]), is_binary=True))
print(clamp_probs(torch.tensor([0.0, 1.0, 0.5])))
x = torch.tensor([[1.0, float('-inf'), 0.5], [float('-inf'), float('-inf'), float('-inf')]])
print(torch.logsumexp(x, -1), x.logsumexp(1, keepdim=True))
print(x - x.logsumexp(-1, keepdim=True))
print(torch.log_softmax(torch.tensor([1000.0, 0.0]), 0), torch.softmax(torch.tensor([1000.0, 0.0]), 0))
print(torch.nn.functional.softplus(torch.tensor([-30.0, -1.0, 0.0, 1.0, 25.0])), torch.nn.functional.softplus(torch.tensor([1.0, 30.0]), beta=2, threshold=10))
b = Beta(torch.tensor([2.0]), torch.tensor([2.0]))
for v in [torch.tensor([0.0]), torch.tensor([1.0]), torch.tensor([0.5]), torch.tensor([1.5])]:
    try:
        print(b.log_prob(v))
    except Exception as e:
        print(type(e).__name__, e)
low, high = torch.tensor([-1.0, 0.0]), torch.tensor([1.0, 2.0])
a = torch.tensor([[-3.0, 1.0], [0.5, 5.0]])
print(torch.clamp(a, min=low, max=high), torch.max(torch.min(a, high), low), a.clamp(low, high))
try:
    torch.clamp(a, min=low, max=2.0)
    print('mixed ok')
except Exception as e:
    print(type(e).__name__, e)
mu = torch.tensor([[0.2, -0.1]]); std = torch.tensor([[0.5, 0.3]])
n = Normal(mu, std)
act = torch.tensor([[0.1, 0.0]])
print(n.log_prob(act).sum(dim=-1, keepdim=True), n.log_prob(act).sum(-1), n.entropy().sum(-1))
scaled = low + (torch.tanh(torch.tensor([[0.3, -2.0]])) + 1.0) * 0.5 * (high - low)
print(scaled)
c = Categorical(probs=torch.tensor([[0.1, 0.0, 0.9]]))
print(c.logits, c.entropy(), c.log_prob(torch.tensor([1])))
bb = Bernoulli(logits=torch.tensor([-10.0, 0.0, 10.0]))
print(bb.probs, bb.entropy(), bb.log_prob(torch.tensor([1.0, 1.0, 0.0])))
''',
'rng_init': r'''
import torch
import torch.nn as nn
torch.manual_seed(123)
print(torch.randn(3), torch.rand(2), torch.randint(0, 10, (4,)), torch.randperm(6))
print(torch.empty(4).normal_(0, 0.02), torch.empty(3).uniform_(-0.1, 0.1))
print(torch.bernoulli(torch.full((6,), 0.5)), torch.empty(5).bernoulli_(0.3))
print(torch.normal(torch.zeros(3), torch.ones(3)), torch.normal(2.0, 0.5, size=(3,)))
lin = nn.Linear(5, 3)
print(lin.weight, lin.bias)
conv = nn.Conv2d(2, 3, 3)
print(conv.weight[0], conv.bias)
ct = nn.ConvTranspose2d(2, 3, 2)
print(ct.weight.shape, ct.bias)
emb = nn.Embedding(4, 2)
print(emb.weight)
nn.init.xavier_uniform_(lin.weight)
print(lin.weight)
nn.init.orthogonal_(lin.weight)
print(lin.weight)
nn.init.kaiming_normal_(conv.weight, mode='fan_out', nonlinearity='relu')
print(conv.weight[0, 0])
nn.init.normal_(lin.bias, 0.0, 0.01); nn.init.zeros_(conv.bias)
print(lin.bias, conv.bias)
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_normal_(m.weight, gain=nn.init.calculate_gain('leaky_relu', 0.2))
        nn.init.constant_(m.bias, 0.01)
net = nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2), nn.Linear(4, 1))
print(net.apply(init_weights))
print(net[0].weight, net[2].bias)
print(nn.init.calculate_gain('tanh'), nn.init.calculate_gain('relu'), nn.init.calculate_gain('selu'))
nn.init.trunc_normal_(lin.weight, std=0.02)
print(lin.weight)
print(torch.randint(5, (3, 2)), torch.randint(-3, 3, (4,), dtype=torch.int32))
print(torch.randperm(10)[:4], torch.rand(2, 2).dtype, torch.randn(2, dtype=torch.float64))
print(torch.randn_like(lin.bias), torch.rand_like(lin.bias), torch.randint_like(lin.bias, 10))
print(torch.initial_seed())
s = torch.get_rng_state()
a = torch.randn(2)
torch.set_rng_state(s)
print(torch.equal(a, torch.randn(2)))
''',
'generators': r'''
import torch
torch.manual_seed(0)
g = torch.Generator().manual_seed(42)
print(torch.randn(3, generator=g), torch.rand(2, generator=g), torch.randint(0, 5, (4,), generator=g))
print(torch.randperm(7, generator=g), torch.multinomial(torch.ones(5), 3, generator=g))
print(torch.empty(3).normal_(generator=g), torch.empty(3).uniform_(0, 1, generator=g), torch.bernoulli(torch.full((4,), 0.5), generator=g))
print(g.initial_seed())
st = g.get_state()
a = torch.randn(2, generator=g)
g.set_state(st)
print(torch.equal(a, torch.randn(2, generator=g)))
print(type(st).__name__, st.dtype, st.shape)
with torch.random.fork_rng():
    torch.manual_seed(5)
    inner = torch.rand(2)
print(inner, torch.rand(2))
torch.manual_seed(0)
x1 = torch.rand(2)
torch.manual_seed(0)
print(torch.equal(x1, torch.rand(2)))
print(torch.randn(2, 2, generator=torch.Generator().manual_seed(1)))
print(torch.normal(torch.zeros(3), torch.ones(3), generator=torch.Generator().manual_seed(2)))
try:
    torch.randn(2, generator=5)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.Generator().manual_seed(-1)
    print('neg ok')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.manual_seed(2 ** 70)
except Exception as e:
    print(type(e).__name__, e)
g2 = torch.Generator()
print(g2.initial_seed())
print(torch.rand(3, generator=g2.manual_seed(7)))
from torch.distributions import Categorical
torch.manual_seed(3)
d = Categorical(logits=torch.zeros(4))
print([d.sample().item() for _ in range(10)])
print(torch.randint(3, (2, 3), generator=torch.Generator().manual_seed(9)), torch.randint_like(torch.zeros(3), 0, 10))
print(torch.rand(2, dtype=torch.float64), torch.randn(3, dtype=torch.float16))
print(torch.randint(0, 2 ** 40, (3,)), torch.randint(-5, 5, (3,), dtype=torch.int8), torch.randint(0, 2, (4,), dtype=torch.bool))
''',
'numpy_env': r'''
import numpy as np
import torch
import torch.nn as nn
import warnings
torch.manual_seed(0)
np.random.seed(0)
net = nn.Linear(4, 2)
state = np.random.randn(4)
print(state.dtype)
try:
    net(torch.from_numpy(state))
except Exception as e:
    print(type(e).__name__, e)
try:
    net(torch.tensor(state))
except Exception as e:
    print(type(e).__name__, e)
x = torch.as_tensor(state, dtype=torch.float32)
print(x, net(x))
print(torch.tensor(state, dtype=torch.float32).unsqueeze(0).shape)
print(torch.FloatTensor(state))
states = [np.random.randn(4) for _ in range(3)]
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    t = torch.tensor(states)
    print(len(w), [str(x.message)[:80] for x in w])
print(t.dtype, t.shape)
t2 = torch.tensor(np.array(states), dtype=torch.float32)
print(t2)
a = np.int64(3)
print(torch.tensor(a), torch.tensor([a, a]), torch.tensor(np.float32(1.5)))
r = np.float64(0.5)
print(torch.tensor([r, 1.0]).dtype, (torch.ones(2) * r).dtype, (torch.ones(2) + np.float32(2)).dtype)
print(torch.tensor([True, False]).float(), torch.tensor(np.array([True, False])))
done = np.array([0, 1, 0], dtype=np.uint8)
print(torch.from_numpy(done), torch.from_numpy(done).bool(), 1 - torch.from_numpy(done))
act = net(x).argmax().item()
print(act, type(act))
print(net(x).detach().numpy().dtype, net(x).detach().numpy().shape)
try:
    net(x).numpy()
except Exception as e:
    print(type(e).__name__, e)
print(torch.stack([torch.from_numpy(s).float() for s in states]).mean(0))
obs = torch.tensor(np.zeros((2, 4), dtype=np.float32))
print(obs.dtype, net(obs))
print(torch.from_numpy(np.arange(6).reshape(2, 3)).T)
print(np.asarray(torch.ones(2, 2)), np.array(torch.tensor([1.5, 2.5])) * 2)
print(float(torch.tensor([3.5])), int(torch.tensor(2.9)))
try:
    float(torch.tensor([1.0, 2.0]))
except Exception as e:
    print(type(e).__name__, e)
''',
'print_modules': r'''
import torch
import torch.nn as nn
import io
torch.manual_seed(0)
mods = [nn.Dropout(0.6), nn.LeakyReLU(0.2, inplace=True), nn.BatchNorm2d(8, momentum=None), nn.BatchNorm1d(4, affine=False, track_running_stats=False),
        nn.Conv2d(3, 8, 3, stride=2, padding=1, padding_mode='reflect', bias=False), nn.ConvTranspose2d(8, 3, 4, 2, 1, output_padding=1),
        nn.Tanh(), nn.Sigmoid(), nn.Softmax(dim=-1), nn.LogSoftmax(1), nn.ELU(alpha=0.5), nn.Hardtanh(-2, 2), nn.Softplus(beta=2),
        nn.Flatten(), nn.Unflatten(1, (2, 2)), nn.Identity(), nn.Embedding(10, 3, padding_idx=0), nn.LayerNorm(5, eps=1e-6),
        nn.InstanceNorm2d(3), nn.GRUCell(4, 8), nn.LSTM(4, 8, num_layers=2, batch_first=True), nn.Upsample(scale_factor=2, mode='nearest'),
        nn.PReLU(), nn.GELU(approximate='tanh'), nn.SiLU(), nn.Mish(), nn.Dropout2d(), nn.AdaptiveAvgPool2d(1), nn.MaxPool2d(2), nn.SELU(),
        nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(delta=2.0), nn.MSELoss(reduction='sum'), nn.BCEWithLogitsLoss(), nn.CrossEntropyLoss(label_smoothing=0.1),
        nn.utils.spectral_norm(nn.Linear(3, 3)), nn.Bilinear(2, 3, 4), nn.Threshold(0.1, 20), nn.CELU(), nn.Softsign(), nn.ReLU6()]
for m in mods:
    print(m)
class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))
        self.log_std = nn.Parameter(torch.zeros(2))
        self.register_buffer('running', torch.zeros(3))
        self.heads = nn.ModuleList([nn.Linear(2, 1) for _ in range(2)])
        self.named = nn.ModuleDict({'a': nn.Tanh(), 'b': nn.Identity()})
        self.plist = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(1, 3))])
a = Actor()
print(a)
print(list(a.state_dict().keys()))
for n, p in a.named_parameters():
    print(n, tuple(p.shape), p.requires_grad)
print([n for n, _ in a.named_buffers()], [n for n, _ in a.named_modules()])
print([n for n, _ in a.named_children()])
print(a.plist, a.heads[1], a.named['a'])
buf = io.BytesIO()
torch.save({'model': a.state_dict(), 'step': 3}, buf)
buf.seek(0)
ck = torch.load(buf)
print(ck['step'], list(ck['model'].keys())[:3], ck['model']['log_std'])
print(a.load_state_dict(ck['model']))
print(sum(p.numel() for p in a.parameters()))
print(a.state_dict()['net.0.weight'].requires_grad, a.log_std.data, a.log_std.detach().requires_grad)
sd = a.state_dict(keep_vars=True)
print(type(sd['log_std']).__name__, sd['log_std'].requires_grad)
''',
'print_optim': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Linear(2, 2)
opts = [torch.optim.Adam(m.parameters(), lr=2e-4, betas=(0.5, 0.999)), torch.optim.Adam(m.parameters(), amsgrad=True, weight_decay=1e-4),
        torch.optim.RMSprop(m.parameters(), lr=5e-5), torch.optim.RMSprop(m.parameters(), lr=1e-3, alpha=0.95, centered=True, momentum=0.9),
        torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, nesterov=True), torch.optim.AdamW(m.parameters(), lr=1e-4, amsgrad=True),
        torch.optim.Adagrad(m.parameters()), torch.optim.Adam([{'params': m.weight}, {'params': m.bias, 'lr': 1e-2}], lr=1e-3)]
for o in opts:
    print(o)
o = opts[0]
x = torch.randn(4, 2)
for i in range(2):
    o.zero_grad()
    m(x).pow(2).sum().backward()
    o.step()
sd = o.state_dict()
print(sd)
sched = torch.optim.lr_scheduler.StepLR(o, step_size=1, gamma=0.5)
for i in range(3):
    o.step(); sched.step()
    print(sched.get_last_lr(), o.param_groups[0]['lr'])
print(sched.state_dict())
s2 = torch.optim.lr_scheduler.LambdaLR(opts[2], lambda e: 0.9 ** e)
s2.step(); print(s2.get_last_lr())
s3 = torch.optim.lr_scheduler.ExponentialLR(opts[4], gamma=0.99)
s3.step(); print(s3.get_last_lr(), opts[4].param_groups[0]['initial_lr'])
print(opts[7].param_groups[1]['lr'], len(opts[7].param_groups))
print(o.param_groups[0].keys())
''',
'optim_state': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Linear(3, 2)
for cls, kw in [(torch.optim.Adam, dict(lr=1e-2)), (torch.optim.RMSprop, dict(lr=1e-2, momentum=0.5, centered=True)),
                (torch.optim.SGD, dict(lr=0.1, momentum=0.9)), (torch.optim.AdamW, dict(lr=1e-2)), (torch.optim.Adagrad, dict(lr=0.1)),
                (torch.optim.Adamax, dict()), (torch.optim.NAdam, dict()), (torch.optim.RAdam, dict()), (torch.optim.Adadelta, dict())]:
    torch.manual_seed(1)
    m = nn.Linear(3, 2)
    opt = cls(m.parameters(), **kw)
    for _ in range(3):
        opt.zero_grad()
        loss = m(torch.randn(4, 3)).pow(2).mean()
        loss.backward()
        opt.step()
    st = opt.state[m.weight]
    print(cls.__name__, f"{loss.item():.6f}", sorted(st.keys()), st['step'] if 'step' in st else None)
    print(m.bias.data)
    sd = opt.state_dict()
    print(sd['param_groups'][0]['params'], len(sd['state']))
opt = torch.optim.Adam(net.parameters())
print(opt.state_dict())
print(net.weight.grad)
net(torch.randn(2, 3)).sum().backward()
print(net.weight.grad)
opt.zero_grad(set_to_none=False)
print(net.weight.grad)
opt.zero_grad()
print(net.weight.grad)
for _ in range(2):
    net(torch.ones(1, 3)).sum().backward()
print(net.weight.grad, net.bias.grad)
net.zero_grad()
print(net.bias.grad)
try:
    torch.optim.Adam(net.parameters(), lr=-1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam(net.parameters(), betas=(1.0, 0.999))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.RMSprop(net.parameters(), alpha=-0.1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam(net)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.SGD(net.parameters())
    print("sgd ok")
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([torch.randn(2)])
    print("ok")
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.optim.Adam([net.weight, net.weight])
except Exception as e:
    print(type(e).__name__, e)
g1 = torch.optim.Adam(net.parameters())
try:
    g1.add_param_group({'params': net.weight})
except Exception as e:
    print(type(e).__name__, e)
''',
'gather_errors': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
q = torch.randn(4, 3, requires_grad=True)
a = torch.tensor([0, 2, 1, 1])
print(q.gather(1, a.unsqueeze(1)).squeeze(1))
print(q.gather(1, a.view(-1, 1)), q[torch.arange(4), a])
for idx in [a, a.unsqueeze(1).int(), a.unsqueeze(1).float(), torch.tensor([[3], [0], [0], [0]]), torch.tensor([[-1], [0], [0], [0]]),
            torch.tensor([[0, 1], [0, 0], [1, 1], [2, 2]]), torch.zeros(5, 1, dtype=torch.long), torch.zeros(4, 4, dtype=torch.long)]:
    try:
        print(q.gather(1, idx))
    except Exception as e:
        print(type(e).__name__, e)
try:
    torch.gather(q, 2, a.unsqueeze(1))
except Exception as e:
    print(type(e).__name__, e)
v = q.gather(1, a.unsqueeze(1)).sum()
v.backward()
print(q.grad)
oh = F.one_hot(a, num_classes=3)
print(oh, oh.dtype, (q * oh).sum(1))
for args in [(a, 2), (a.float(), 3), (torch.tensor([-1]), 3), (torch.tensor([], dtype=torch.long),), (torch.tensor([], dtype=torch.long), 4)]:
    try:
        print(F.one_hot(*args))
    except Exception as e:
        print(type(e).__name__, e)
z = torch.zeros(4, 3)
print(z.scatter_(1, a.unsqueeze(1), 1.0))
print(torch.zeros(4, 3).scatter(1, a.unsqueeze(1), torch.ones(4, 1) * 5))
print(torch.zeros(3).scatter_add(0, torch.tensor([0, 0, 2, 2]), torch.tensor([1.0, 2.0, 3.0, 4.0])))
try:
    torch.zeros(4, 3).scatter_(1, a, 1.0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor([1.0]).max(1)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([1.0, 2.0]).max(0)[0])
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([torch.tensor(1.0), torch.tensor(2.5)]), torch.tensor([torch.tensor([1.0]), torch.tensor([2.5])]))
try:
    torch.tensor([torch.tensor([1.0, 2.0]), torch.tensor([2.5, 1.0])])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stack([1.0, 2.0])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.cat([torch.tensor(1.0), torch.tensor(2.0)])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stack([])
except Exception as e:
    print(type(e).__name__, e)
lp = [torch.tensor(-0.5, requires_grad=True) * 2, torch.tensor(-1.0, requires_grad=True) * 2]
print(torch.stack(lp), torch.stack(lp).sum(), sum(lp))
t = torch.tensor([l.item() for l in lp])
print(t)
print(torch.tensor(lp))
''',
'inplace_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
G = nn.Linear(2, 3)
D = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
oD = torch.optim.SGD(D.parameters(), lr=0.1)
oG = torch.optim.SGD(G.parameters(), lr=0.1)
z = torch.randn(5, 2)
fake = G(z)
d_out = D(fake)
lossD = d_out.mean()
lossG = -d_out.mean()
oD.zero_grad()
lossD.backward(retain_graph=True)
oD.step()
try:
    lossG.backward()
except Exception as e:
    print(type(e).__name__, e)
a = torch.randn(3, requires_grad=True)
b = a * 2
c = b.sigmoid()
b.add_(1)
try:
    c.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
l = (a ** 2).sum()
l.backward()
try:
    l.backward()
except Exception as e:
    print(type(e).__name__, e)
v = torch.zeros(4, requires_grad=True)
try:
    v[0] = 1.0
except Exception as e:
    print(type(e).__name__, e)
w = torch.randn(3, requires_grad=True)
y = w.exp()
y[1] = 0.0
try:
    y.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
x = torch.randn(2, 2, requires_grad=True)
h = x.relu()
h += 1
try:
    h.sum().backward()
    print(x.grad)
except Exception as e:
    print(type(e).__name__, e)
q = torch.randn(3, requires_grad=True)
t = q.tanh()
t.mul_(2)
try:
    t.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
p = nn.Parameter(torch.randn(2, 2))
out = (p @ torch.randn(2, 2)).sum()
with torch.no_grad():
    p.mul_(0.5)
try:
    out.backward()
    print(p.grad)
except Exception as e:
    print(type(e).__name__, e)
out2 = (p * p).sum()
with torch.no_grad():
    p.add_(1)
try:
    out2.backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad(out2, p)
except Exception as e:
    print(type(e).__name__, e)
''',
'fstrings': r'''
import torch
torch.manual_seed(0)
loss = (torch.randn(3, requires_grad=True) ** 2).sum()
print(f"{loss:.4f}", f"{loss.item():.4f}", "{:.3e}".format(loss), f"{loss:10.2f}|", f"{loss:+.1f}")
print(f"{loss}")
print(f"{loss!r}")
t = torch.tensor([1.0, 2.0])
for spec in [".4f", "", "10", ">20"]:
    try:
        print(repr(format(t, spec)))
    except Exception as e:
        print(type(e).__name__, e)
i = torch.tensor(3)
print(f"{i:03d}", f"{i:.2f}", "%d" % i, "%.2f" % torch.tensor(2.5), "%s" % t)
try:
    print("%d" % t)
except Exception as e:
    print(type(e).__name__, e)
print(round(torch.tensor(2.567).item(), 2), round(torch.tensor(2.567), 2) if False else '')
try:
    print(round(torch.tensor(2.567), 2))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(round(torch.tensor(2.5)))
except Exception as e:
    print(type(e).__name__, e)
b = torch.tensor(True)
print(f"{b}", f"{b:}", bool(b), f"{torch.tensor(1.5, dtype=torch.float64):.3f}", f"{torch.tensor(7, dtype=torch.int32):x}")
h = torch.tensor(1.25, dtype=torch.float16)
print(f"{h:.2f}", f"{h}", h.item())
print("ep {:3d} | reward {:7.2f} | loss {:.5f}".format(5, torch.tensor(12.3456), torch.tensor(0.001234)))
print(str(torch.tensor(0.1)), str(torch.tensor([0.1])), repr(torch.tensor(1e-8)), torch.tensor([1e10, 1.0]))
print(f"{torch.tensor(float('nan')):.2f}", f"{torch.tensor(float('inf')):.1f}", f"{torch.tensor(-0.0):.1f}")
c = torch.tensor(1 + 2j)
try:
    print(f"{c:.2f}")
except Exception as e:
    print(type(e).__name__, e)
print(f"{c}")
''',
'grad_modes': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(0)
net = nn.Linear(3, 2)
@torch.no_grad()
def act(s):
    return Categorical(logits=net(s)).sample()
s = torch.randn(4, 3)
a = act(s)
print(a, a.requires_grad)
with torch.inference_mode():
    q = net(s)
print(q.requires_grad, q.is_inference(), torch.is_inference_mode_enabled())
try:
    (net(s) * q).sum().backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    q.add_(1)
except Exception as e:
    print(type(e).__name__, e)
print((q.clone() + 1).is_inference())
with torch.set_grad_enabled(False):
    z = net(s)
print(z.requires_grad, torch.is_grad_enabled())
with torch.no_grad():
    with torch.enable_grad():
        w = net(s)
    print(w.requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(False)
print(net(s).requires_grad)
torch.set_grad_enabled(True)
print(net(s).requires_grad)
class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.pi = nn.Linear(3, 2)
    @torch.no_grad()
    def greedy(self, s):
        return self.pi(s).argmax(-1)
    @torch.inference_mode()
    def value(self, s):
        return self.pi(s).max(-1).values
ag = Agent()
print(ag.greedy(s), ag.value(s), ag.value(s).requires_grad)
print(ag.requires_grad_(False))
print([p.requires_grad for p in ag.parameters()])
print(ag.apply(lambda m: None) is ag)
x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    y = x * 2
print(y.requires_grad, y.grad_fn, y.is_leaf)
y2 = x.detach()
y2.add_(1)
print(x)
try:
    torch.inference_mode(1)()
except Exception as e:
    print(type(e).__name__, e)
with torch.autograd.set_detect_anomaly(True):
    l = (x * 3).sum()
    l.backward()
print(x.grad)
''',
'learner_bugs': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical, Normal
torch.manual_seed(0)
logits = torch.randn(4, 3, requires_grad=True)
d = Categorical(logits=logits)
acts = d.sample().unsqueeze(1)
lp = d.log_prob(acts)
print(acts.shape, lp.shape)
print(d.log_prob(acts.squeeze(1)).shape)
try:
    F.cross_entropy(logits, acts.squeeze(1).float())
except Exception as e:
    print(type(e).__name__, e)
print(F.cross_entropy(logits, acts.squeeze(1)), F.cross_entropy(logits, acts.squeeze(1), reduction='none'))
try:
    F.cross_entropy(logits, acts)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.nll_loss(logits, acts.squeeze(1).int())
except Exception as e:
    print(type(e).__name__, e)
try:
    lp.backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    d.sample().float().sum().backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    logits.sum(1).item()
except Exception as e:
    print(type(e).__name__, e)
q = nn.Linear(3, 2)
opt = torch.optim.Adam(q.parameters())
before = q.weight.clone()
opt.step()
print(torch.equal(before, q.weight))
target = q(torch.randn(2, 3))
pred = q(torch.randn(2, 3))
l = F.mse_loss(pred, target)
l.backward()
print(l.requires_grad, q.bias.grad)
n = Normal(torch.zeros(2), torch.ones(2))
x = n.sample()
print(x.requires_grad, n.rsample().requires_grad)
mu = torch.zeros(2, requires_grad=True)
n2 = Normal(mu, 1.0)
print(n2.sample().requires_grad, n2.rsample().requires_grad, n2.log_prob(n2.sample()).requires_grad)
try:
    Normal(mu, 1.0).log_prob(torch.ones(3))
except Exception as e:
    print(type(e).__name__, e)
try:
    Categorical(logits=torch.randn(3)).log_prob(torch.tensor([[0], [1]]))
except Exception as e:
    print(type(e).__name__, e)
print(Categorical(logits=torch.randn(3)).log_prob(torch.tensor([[0], [1]])).shape if False else '')
print(Categorical(logits=torch.randn(2, 3)).log_prob(torch.tensor([[0], [1], [2]])).shape)
try:
    torch.randn(3, 2).gather(1, torch.tensor([[0], [1], [1]], dtype=torch.int32))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.mse_loss(torch.zeros(3), torch.zeros(3, dtype=torch.float64))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.smooth_l1_loss(torch.zeros(3), torch.tensor([1, 2, 3]))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.Linear(3, 2)(torch.tensor([1, 2, 3]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stack([torch.zeros(2), torch.zeros(2, 1)])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.cat([torch.zeros(2), torch.zeros(2, 1)])
except Exception as e:
    print(type(e).__name__, e)
try:
    F.binary_cross_entropy(torch.tensor([0.5, 1.2]), torch.tensor([1.0, 0.0]))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.binary_cross_entropy(torch.tensor([0.5, 0.2]), torch.tensor([1, 0]))
except Exception as e:
    print(type(e).__name__, e)
''',
'trpo_es': r'''
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters
from torch.distributions import Categorical, kl_divergence
from collections import OrderedDict
torch.manual_seed(0)
pi = nn.Sequential(OrderedDict([('fc1', nn.Linear(3, 8)), ('act', nn.Tanh()), ('head', nn.Linear(8, 2))]))
print(pi)
print(pi.fc1, pi.head.weight.shape)
s = torch.randn(10, 3)
a = torch.randint(0, 2, (10,))
adv = torch.randn(10)
with torch.no_grad():
    old = Categorical(logits=pi(s))
def surrogate():
    d = Categorical(logits=pi(s))
    return (torch.exp(d.log_prob(a) - old.log_prob(a)) * adv).mean()
def kl():
    return kl_divergence(old, Categorical(logits=pi(s))).mean()
L = surrogate()
g = torch.autograd.grad(L, pi.parameters())
g = torch.cat([x.reshape(-1) for x in g])
print(L, g.shape, g.norm())
def fvp(v):
    k = kl()
    grads = torch.autograd.grad(k, pi.parameters(), create_graph=True)
    flat = torch.cat([x.reshape(-1) for x in grads])
    gv = (flat * v).sum()
    hv = torch.autograd.grad(gv, pi.parameters())
    return torch.cat([x.reshape(-1) for x in hv]) + 0.1 * v
def cg(b, iters=5):
    x = torch.zeros_like(b); r = b.clone(); p = b.clone(); rr = torch.dot(r, r)
    for i in range(iters):
        Ap = fvp(p)
        alpha = rr / torch.dot(p, Ap)
        x += alpha * p
        r -= alpha * Ap
        nrr = torch.dot(r, r)
        p = r + (nrr / rr) * p
        rr = nrr
        if i < 3:
            print(f"cg {i} residual {rr.item():.3e}")
    return x
step = cg(g)
print(step.shape, f"{torch.dot(step, fvp(step)).item():.5f}")
theta = parameters_to_vector(pi.parameters())
print(theta.shape, theta.requires_grad, theta[:4])
vector_to_parameters(theta + 0.01 * step, pi.parameters())
print(f"{surrogate().item():.6f} {kl().item():.2e}")
try:
    vector_to_parameters(theta[:5], pi.parameters())
except Exception as e:
    print(type(e).__name__, e)
try:
    parameters_to_vector(pi)
except Exception as e:
    print(type(e).__name__, e)
sigma, npop = 0.1, 6
base = parameters_to_vector(pi.parameters()).detach()
rewards = []
noises = []
for i in range(npop):
    eps = torch.randn_like(base)
    vector_to_parameters(base + sigma * eps, pi.parameters())
    with torch.no_grad():
        r = -Categorical(logits=pi(s)).entropy().mean()
    rewards.append(r.item()); noises.append(eps)
R = torch.tensor(rewards)
A = (R - R.mean()) / (R.std() + 1e-8)
upd = torch.stack(noises).T @ A / (npop * sigma)
print(R, upd.shape, f"{upd.norm().item():.4f}")
H = torch.autograd.functional.hessian(lambda w: (w ** 3).sum(), torch.tensor([1.0, 2.0]))
print(H)
J = torch.autograd.functional.jacobian(lambda w: w.exp(), torch.tensor([0.0, 1.0]))
print(J)
v, hvp = torch.autograd.functional.hvp(lambda w: (w ** 2).prod(), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
print(v, hvp)
''',
'dist_more': r'''
import torch
from torch import distributions as D
torch.manual_seed(0)
ds = [D.Weibull(torch.tensor([1.0, 2.0]), torch.tensor([1.5, 0.5])), D.Pareto(1.0, 2.0), D.FisherSnedecor(3.0, 5.0),
      D.Kumaraswamy(torch.tensor(2.0), torch.tensor(3.0)), D.VonMises(torch.tensor(0.5), torch.tensor(2.0)),
      D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)),
      D.MixtureSameFamily(D.Categorical(torch.tensor([0.3, 0.7])), D.Normal(torch.tensor([-1.0, 1.0]), torch.tensor([0.5, 0.5]))),
      D.ContinuousBernoulli(torch.tensor([0.3, 0.5])), D.LogisticNormal(torch.zeros(2), torch.ones(2)),
      D.NegativeBinomial(5.0, torch.tensor(0.3)), D.HalfCauchy(1.0), D.RelaxedBernoulli(torch.tensor(0.5), torch.tensor([0.2, 0.8])),
      D.InverseGamma(torch.tensor(2.0), torch.tensor(1.0)), D.Wishart(torch.tensor(4.0), torch.eye(2)),
      D.LKJCholesky(3, 0.5), D.GeneralizedPareto(0.0, 1.0, 0.2) if hasattr(D, 'GeneralizedPareto') else D.Gumbel(0.0, 2.0)]
for d in ds:
    print(d)
    s = d.sample()
    print(' ', s)
    print(' ', d.log_prob(s))
    for attr in ('mean', 'variance', 'mode'):
        try:
            print(' ', attr, getattr(d, attr))
        except Exception as e:
            print(' ', attr, type(e).__name__, e)
    try:
        print(' ', d.entropy())
    except Exception as e:
        print(' ', type(e).__name__, e)
    print(' ', d.has_rsample, d.batch_shape, d.event_shape, d.support)
''',
'ppo_samplers': r'''
import torch
from torch.utils.data import TensorDataset, DataLoader, BatchSampler, SubsetRandomSampler, RandomSampler, WeightedRandomSampler
torch.manual_seed(0)
obs = torch.arange(20.0).view(10, 2)
acts = torch.arange(10)
ds = TensorDataset(obs, acts)
dl = DataLoader(ds, batch_size=4, shuffle=True)
for ep in range(2):
    for o, a in dl:
        print(ep, a.tolist(), o.shape)
for idx in BatchSampler(SubsetRandomSampler(range(10)), 3, drop_last=False):
    print(idx)
print(list(BatchSampler(SubsetRandomSampler(range(6)), 4, drop_last=True)))
print(list(RandomSampler(range(5))), list(RandomSampler(range(5), replacement=True, num_samples=7)))
print(list(WeightedRandomSampler([0.1, 0.9, 0.5], 6)), list(WeightedRandomSampler([0.1, 0.9, 0.5], 2, replacement=False)))
g = torch.Generator().manual_seed(3)
print([b[1].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=g)])
print(len(dl), len(DataLoader(ds, batch_size=4, drop_last=True)))
done = torch.tensor([True, False, True, False])
o2 = torch.zeros(4, 2)
reset = torch.ones(4, 2) * 7
o2[done] = reset[done]
print(o2)
o2[~done] += 1
print(o2, o2[done].shape)
buf = torch.zeros(3, 4)
buf.index_put_((torch.tensor([0, 2]), torch.tensor([1, 3])), torch.tensor([5.0, 6.0]))
print(buf, torch.zeros(5).index_add_(0, torch.tensor([0, 0, 4]), torch.tensor([1.0, 2.0, 3.0])))
print(torch.arange(10).chunk(3), torch.arange(10).tensor_split(3), torch.arange(7).split([2, 5]))
''',
'recurrent_policy': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(0)
class RPolicy(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5, 4)
        self.cell = nn.GRUCell(4, 8)
        self.head = nn.Linear(8, 3)
    def forward(self, s, h):
        h = self.cell(self.emb(s), h)
        return self.head(h), h
pol = RPolicy()
print(pol)
opt = torch.optim.Adam(pol.parameters(), lr=1e-2)
h = torch.zeros(1, 8)
for ep in range(2):
    lps = []
    s = torch.tensor([0])
    for t in range(4):
        logits, h = pol(s, h)
        d = Categorical(logits=logits)
        a = d.sample()
        lps.append(d.log_prob(a))
        s = (s + a + 1) % 5
    loss = -torch.cat(lps).sum()
    opt.zero_grad()
    try:
        loss.backward()
        print(ep, 'ok', f"{loss.item():.3f}", h.shape)
    except Exception as e:
        print(ep, type(e).__name__, str(e)[:60])
    h = h.detach()
print(h.requires_grad, h.grad_fn)
lstm = nn.LSTM(4, 6, batch_first=True)
x = torch.randn(2, 5, 4)
out, (hn, cn) = lstm(x)
print(out.shape, hn.shape, cn.shape, [n for n, _ in lstm.named_parameters()])
out2, _ = lstm(x[:, :2], (hn.detach(), cn.detach()))
print(out2.shape, out2.requires_grad)
try:
    lstm(x, hn)
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(x, (hn[:, :1], cn))
except Exception as e:
    print(type(e).__name__, e)
try:
    pol.cell(torch.randn(2, 4), torch.zeros(3, 8))
except Exception as e:
    print(type(e).__name__, e)
try:
    pol.emb(torch.tensor([5]))
except Exception as e:
    print(type(e).__name__, e)
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


# ------------------------------------------------------------------ multinomial(out=)
def test_multinomial_out_checks_and_resize():
    w = ember.tensor([0.1, 0.2, 0.3, 0.4])
    raises_exactly(lambda: ember.multinomial(w, 3, out=ember.empty(3)), RuntimeError,
                   "multinomial expects Long tensor out, got: Float")
    raises_exactly(lambda: ember.multinomial(w, 3, out=ember.empty(3, dtype=ember.int32)), RuntimeError,
                   "multinomial expects Long tensor out, got: Int")
    raises_exactly(lambda: ember.multinomial(w, 3, out=[1]), TypeError,
                   "multinomial(): argument 'out' must be Tensor, not list")
    # the input's own errors come first, then ``out``'s dtype, then the sample count
    raises_exactly(lambda: ember.multinomial(ember.tensor([1, 2]), 3, out=ember.empty(2)), RuntimeError,
                   "multinomial only supports floating-point dtypes for input, got: Long")
    raises_exactly(lambda: ember.multinomial(w, 0, out=ember.empty(2)), RuntimeError,
                   "multinomial expects Long tensor out, got: Float")
    raises_exactly(lambda: ember.multinomial(ember.tensor([1, 2]), 5), RuntimeError,
                   "multinomial only supports floating-point dtypes for input, got: Long")
    raises_exactly(lambda: w.multinomial(3, out=ember.empty(3, dtype=ember.int64)), TypeError,
                   "multinomial() got an unexpected keyword argument 'out'")
    out = ember.empty(5, dtype=ember.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (ATen resizes ``out`` without the resize warning)
        res = ember.multinomial(ember.ones(3, 4), 2, out=out)
    assert res is out and out.shape == (3, 2)
    assert all(len(set(row)) == 2 for row in out.tolist())
    assert ember.multinomial(ember.tensor([0.0, 0.0, 1.0]), 1, out=out).tolist() == [2]


# ------------------------------------------------------------------ float() of a grad tensor warns at the user's line
def test_float_of_grad_tensor_warns_at_user_line():
    import ember._tensor as T
    T._WARNED_FLOAT_OF_GRAD[0] = False
    x = ember.tensor(1.5, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = ember.tensor([x, x])
    assert t.tolist() == [1.5, 1.5]
    assert len(caught) == 1 and caught[0].filename == __file__
    assert str(caught[0].message).startswith("Converting a tensor with requires_grad=True to a scalar")


# ------------------------------------------------------------------ batch-norm backward as ATen's kernel
@pytest.fixture
def two_threads():
    old = ember.get_num_threads()
    ember.set_num_threads(2)
    yield
    ember.set_num_threads(old)


def _bn_bias_grad(x, dy, threads):
    ember.set_num_threads(threads)
    w = ember.ones(x.shape[1], requires_grad=True)
    b = ember.zeros(x.shape[1], requires_grad=True)
    F.batch_norm(x, None, None, w, b, training=True).backward(dy)
    return b.grad.tolist()


def test_batch_norm_backward_per_thread_sums(two_threads):
    # (N, C): each thread sums its rows in float32, the partials are added in double:
    # [2^24 + 1] -> 2^24 and [1 - 2^24] -> -16777215, so 2 threads give 1, one thread 0
    x = ember.tensor([[0.0], [1.0], [2.0], [3.0]], requires_grad=True)
    dy = ember.tensor([[2.0 ** 24], [1.0], [1.0], [-2.0 ** 24]])
    assert _bn_bias_grad(x, dy, 2) == [1.0]
    assert _bn_bias_grad(x, dy, 1) == [0.0]
    # (N, C, H, W): each image's float32 sum, added in double whatever the thread count
    img = ember.tensor([[[[0.0, 1.0]]], [[[2.0, 3.0]]]], requires_grad=True)
    dy_img = ember.tensor([[[[2.0 ** 24, 1.0]]], [[[1.0, -2.0 ** 24]]]])
    assert _bn_bias_grad(img, dy_img, 2) == [1.0]
    assert _bn_bias_grad(img, dy_img, 1) == [1.0]


def test_batch_norm_backward_eval_invstd_in_double():
    # ATen's backward takes 1 / sqrt(running_var + eps) in double: float32(1 / sqrt(0.50001)) = 1.4141995,
    # where the float32 computation gives 1.4141994
    x = ember.zeros(3, 1, requires_grad=True)
    w = ember.ones(1, requires_grad=True)
    y = F.batch_norm(x, ember.zeros(1), ember.full((1,), 0.5), w, None, training=False)
    y.backward(ember.ones(3, 1))
    want = float(np.float32(1 / math.sqrt(0.5 + 1e-5)))
    assert want != float(np.float32(1) / np.sqrt(np.float32(0.5) + np.float32(1e-5)))
    assert x.grad.tolist() == [[want]] * 3


def test_batch_norm_backward_non_contiguous_grad_keeps_formulas():
    # PyTorch's kernel needs a contiguous gradient; an expanded one (``.sum().backward()``) takes the
    # formulas: the input gradient of a sum through batch norm is zero up to rounding
    x = ember.tensor([[1.0, 2.0], [3.0, 5.0], [4.0, 0.0]], requires_grad=True)
    F.batch_norm(x, None, None, training=True).sum().backward()
    assert np.abs(x.grad.numpy()).max() < 1e-6


# ------------------------------------------------------------------ clamp with mixed tensor / number bounds
_CLAMP_SIGS = (" * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)\n"
               " * (Tensor input, Number min = None, Number max = None, *, Tensor out = None)\n")


def test_clamp_mixed_bounds_parser_error():
    a = ember.zeros(2, 2)
    low = ember.zeros(2)
    head = "clamp() received an invalid combination of arguments - got "
    raises_exactly(lambda: ember.clamp(a, low, 2.0), TypeError,
                   head + "(Tensor, Tensor, float), but expected one of:\n" + _CLAMP_SIGS)
    raises_exactly(lambda: ember.clamp(a, min=low, max=2.0), TypeError,
                   head + "(Tensor, max=float, min=Tensor), but expected one of:\n" + _CLAMP_SIGS)
    raises_exactly(lambda: ember.clamp(a, 2, low), TypeError,
                   head + "(Tensor, int, Tensor), but expected one of:\n" + _CLAMP_SIGS)
    raises_exactly(lambda: ember.clip(a, 0.0, low), TypeError,
                   "clip() received an invalid combination of arguments - got (Tensor, float, Tensor), "
                   "but expected one of:\n" + _CLAMP_SIGS)
    method = (" * (Tensor min = None, Tensor max = None)\n"
              "      didn't match because some of the arguments have invalid types: (!Tensor!, !float!)\n"
              " * (Number min = None, Number max = None)\n"
              "      didn't match because some of the arguments have invalid types: (!Tensor!, !float!)\n")
    raises_exactly(lambda: a.clamp(low, 2.0), TypeError,
                   "clamp() received an invalid combination of arguments - got (Tensor, float), "
                   "but expected one of:\n" + method)
    # a tensor bound that requires grad is no number either
    raises_exactly(lambda: ember.clamp(a, ember.tensor(0.0, requires_grad=True), 1.0), TypeError,
                   head + "(Tensor, Tensor, float), but expected one of:\n" + _CLAMP_SIGS)


def test_clamp_zero_dim_tensor_bound_is_a_number():
    a = ember.tensor([[-2.0, 0.5], [3.0, 0.25]], requires_grad=True)
    r = ember.clamp(a, ember.tensor(0.0), 1.0)
    assert r.tolist() == [[0.0, 0.5], [1.0, 0.25]] and r.grad_fn.name() == "ClampBackward1"
    assert ember.clamp(ember.tensor([0, 1, 2]), ember.tensor(0.5), 1).tolist() == [0.5, 1.0, 1.0]
    lo, hi = float(np.float32(-0.1)), float(np.float32(0.1))
    assert a.detach().clone().clamp_(ember.tensor(-0.1), 0.1).tolist() == [[lo, hi], [hi, hi]]


def test_inplace_method_lists_keywords_in_reverse_call_order():
    a = ember.zeros(2, 2)
    low = ember.zeros(2)
    msg = ("clamp_() received an invalid combination of arguments - got (max=Tensor, min=float, ), "
           "but expected one of:\n"
           " * (Tensor min = None, Tensor max = None)\n"
           "      didn't match because some of the keywords were incorrect: max, min\n"
           " * (Number min = None, Number max = None)\n"
           "      didn't match because some of the keywords were incorrect: max, min\n")
    raises_exactly(lambda: a.clamp_(min=1.0, max=low), TypeError, msg)
