"""Train a small GAN to draw points on a ring of eight Gaussians.

The real data are 2-D points: eight Gaussian blobs (std 0.05) evenly spaced
on a circle of radius 2. A generator MLP maps noise to points; a
discriminator MLP tells real from generated; both use binary cross-entropy
and Adam. Learning shows as the generated points moving onto the ring
(mean distance to the circle shrinks) and spreading over the eight modes.
Written against PyTorch; run it on ember with

    python -m ember run examples/gan_ring.py            # ember
    python examples/gan_ring.py                         # PyTorch

``--quick`` takes fewer steps (used by the tests).
"""
import argparse
import math
import time

import torch
import torch.nn as nn

RADIUS, MODES, STD, NOISE_DIM = 2.0, 8, 0.05, 8


def real_batch(n):
    k = torch.randint(0, MODES, (n,)).float()
    angle = 2 * math.pi * k / MODES
    centers = torch.stack([torch.cos(angle), torch.sin(angle)], dim=1) * RADIUS
    return centers + STD * torch.randn(n, 2)


def ring_stats(points):
    """Mean distance to the ring, and how many of the 8 modes hold >= 2% of the points."""
    dist = (points.norm(dim=1) - RADIUS).abs().mean().item()
    angle = torch.atan2(points[:, 1], points[:, 0])
    mode = torch.round(angle / (2 * math.pi / MODES)).long() % MODES
    near = (points.norm(dim=1) - RADIUS).abs() < 0.5
    counts = torch.bincount(mode[near], minlength=MODES).float() / len(points)
    return dist, int((counts >= 0.02).sum().item())


def mlp(n_in, n_out):
    return nn.Sequential(
        nn.Linear(n_in, 64), nn.ReLU(),
        nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, n_out),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="take 400 steps")
    parser.add_argument("--steps", type=int, default=None)
    args = parser.parse_args()
    steps = args.steps or (400 if args.quick else 2000)
    batch_size = 128

    torch.manual_seed(0)
    generator = mlp(NOISE_DIM, 2)
    discriminator = nn.Sequential(mlp(2, 1), nn.Sigmoid())
    bce = nn.BCELoss()
    opt_g = torch.optim.Adam(generator.parameters(), lr=1e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=1e-3, betas=(0.5, 0.999))
    ones, zeros = torch.ones(batch_size, 1), torch.zeros(batch_size, 1)
    fixed_noise = torch.randn(1000, NOISE_DIM)

    with torch.no_grad():
        initial_dist, initial_modes = ring_stats(generator(fixed_noise))
    print(f"start: mean distance to ring {initial_dist:.3f}, modes covered {initial_modes}/{MODES}")

    start = time.perf_counter()
    for step in range(1, steps + 1):
        # Discriminator: real -> 1, fake -> 0.
        fake = generator(torch.randn(batch_size, NOISE_DIM))
        d_loss = bce(discriminator(real_batch(batch_size)), ones) + \
            bce(discriminator(fake.detach()), zeros)
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()

        # Generator: make the discriminator say 1 on fakes.
        g_loss = bce(discriminator(fake), ones)
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()

        if step % (steps // 10) == 0:
            with torch.no_grad():
                dist, modes = ring_stats(generator(fixed_noise))
            print(f"step {step:5d}  D loss {d_loss.item():.3f}  G loss {g_loss.item():.3f}  "
                  f"distance to ring {dist:.3f}  modes {modes}/{MODES}  "
                  f"({time.perf_counter() - start:.1f} s)")
    elapsed = time.perf_counter() - start

    with torch.no_grad():
        dist, modes = ring_stats(generator(fixed_noise))
    print(f"initial mean distance to ring: {initial_dist:.4f}")
    print(f"final mean distance to ring: {dist:.4f}")
    print(f"final modes covered: {modes}/{MODES}")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
