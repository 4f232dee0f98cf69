"""Balance a pole on a cart with REINFORCE (policy gradient).

The environment is the classic cart-pole (Barto, Sutton & Anderson 1983; the
same equations and constants as Gym's CartPole-v0), written here in NumPy and
run as a batch of episodes at once. Each step the pole stays up earns +1; an
episode ends when the pole tips past 12 degrees, the cart leaves the track,
or after 200 steps. The policy is a small MLP giving P(push right); it is
trained with REINFORCE: log-probabilities of the actions taken, weighted by
the normalized discounted return that followed them.
Written against PyTorch; run it on ember with

    python -m ember run examples/reinforce_cartpole.py  # ember
    python examples/reinforce_cartpole.py               # PyTorch

``--quick`` trains for fewer iterations (used by the tests).
"""
import argparse
import time

import numpy as np
import torch
import torch.nn as nn


class CartPole:
    """A batch of ``n`` independent cart-pole systems (explicit Euler, tau = 0.02 s)."""

    gravity, mass_cart, mass_pole, half_length = 9.8, 1.0, 0.1, 0.5
    force_mag, tau, max_steps = 10.0, 0.02, 200
    x_limit, theta_limit = 2.4, 12 * 2 * np.pi / 360

    def __init__(self, n, rng):
        self.n, self.rng = n, rng

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=(self.n, 4))
        self.done = np.zeros(self.n, dtype=bool)
        self.t = 0
        return self.state.astype(np.float32)

    def step(self, action):
        """Advance the running episodes; returns (observation, reward, done)."""
        x, x_dot, theta, theta_dot = self.state.T
        force = np.where(action == 1, self.force_mag, -self.force_mag)
        total_mass = self.mass_cart + self.mass_pole
        pml = self.mass_pole * self.half_length
        cos, sin = np.cos(theta), np.sin(theta)
        temp = (force + pml * theta_dot ** 2 * sin) / total_mass
        theta_acc = (self.gravity * sin - cos * temp) / (
            self.half_length * (4.0 / 3.0 - self.mass_pole * cos ** 2 / total_mass))
        x_acc = temp - pml * theta_acc * cos / total_mass
        new = np.stack([x + self.tau * x_dot, x_dot + self.tau * x_acc,
                        theta + self.tau * theta_dot, theta_dot + self.tau * theta_acc], axis=1)
        running = ~self.done
        self.state[running] = new[running]
        reward = running.astype(np.float32)
        self.t += 1
        fell = (np.abs(self.state[:, 0]) > self.x_limit) | (np.abs(self.state[:, 2]) > self.theta_limit)
        self.done = self.done | fell | (self.t >= self.max_steps)
        return self.state.astype(np.float32), reward, self.done.copy()


def discounted_returns(rewards, gamma):
    """rewards: (T, n) -> return-to-go G_t = r_t + gamma * G_{t+1}, same shape."""
    out = np.zeros_like(rewards)
    running = np.zeros(rewards.shape[1], dtype=rewards.dtype)
    for t in range(len(rewards) - 1, -1, -1):
        running = rewards[t] + gamma * running
        out[t] = running
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train for 15 iterations")
    parser.add_argument("--iterations", type=int, default=None)
    args = parser.parse_args()
    iterations = args.iterations or (15 if args.quick else 60)
    n_episodes, gamma = 16, 0.99

    torch.manual_seed(0)
    env = CartPole(n_episodes, np.random.default_rng(0))
    policy = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 1))   # logit of "push right"
    optimizer = torch.optim.Adam(policy.parameters(), lr=1e-2)

    start = time.perf_counter()
    history = []
    for it in range(1, iterations + 1):
        # Roll out a batch of episodes with the current policy (no graph needed).
        obs_list, act_list, rew_list, alive_list = [], [], [], []
        obs = env.reset()
        done = env.done.copy()
        while not done.all():
            with torch.no_grad():
                p_right = torch.sigmoid(policy(torch.from_numpy(obs))).squeeze(1)
                action = (torch.rand(n_episodes) < p_right).long().numpy()
            obs_list.append(obs)
            act_list.append(action)
            alive_list.append(~done)
            obs, reward, done = env.step(action)
            rew_list.append(reward)
        rewards = np.array(rew_list)                       # (T, n)
        ep_return = rewards.sum(0)
        history.append(ep_return.mean())

        # REINFORCE: maximize sum_t log pi(a_t | s_t) * (normalized return-to-go).
        alive = np.array(alive_list)
        returns = discounted_returns(rewards, gamma)[alive]
        advantage = (returns - returns.mean()) / (returns.std() + 1e-8)
        obs_t = torch.from_numpy(np.array(obs_list)[alive])
        act_t = torch.from_numpy(np.array(act_list)[alive].astype(np.float32))
        logits = policy(obs_t).squeeze(1)
        log_prob = -nn.functional.binary_cross_entropy_with_logits(logits, act_t, reduction="none")
        loss = -(log_prob * torch.from_numpy(advantage.astype(np.float32))).sum() / n_episodes
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if it == 1 or it % max(1, iterations // 10) == 0:
            print(f"iteration {it:3d}  mean return {ep_return.mean():6.1f}  "
                  f"(min {ep_return.min():.0f}, max {ep_return.max():.0f})  "
                  f"({time.perf_counter() - start:.1f} s)")
    elapsed = time.perf_counter() - start

    print(f"initial mean return: {history[0]:.1f}")
    print(f"final mean return: {np.mean(history[-5:]):.1f}  (mean of the last 5 iterations, max 200)")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
