"""Classify handwritten digits with a multi-layer perceptron.

Data: scikit-learn's bundled 8x8 digits (1797 images, no download).
Written against PyTorch; run it on ember with

    python -m ember run examples/mlp_digits.py          # ember
    python examples/mlp_digits.py                       # PyTorch

``--quick`` trains for fewer epochs (used by the tests).
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def load_digits_split(seed=0):
    """Digits as float32 tensors scaled to [0, 1], 80/20 train/test split."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        print("this example needs scikit-learn: pip install scikit-learn", file=sys.stderr)
        raise SystemExit(1)
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    perm = np.random.RandomState(seed).permutation(len(x))
    n_test = len(x) // 5
    test, train = perm[:n_test], perm[n_test:]
    return (torch.from_numpy(x[train]), torch.from_numpy(y[train]),
            torch.from_numpy(x[test]), torch.from_numpy(y[test]))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        pred = model(x).argmax(dim=1)
    model.train()
    return (pred == y).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="train for 3 epochs")
    parser.add_argument("--epochs", type=int, default=None)
    args = parser.parse_args()
    epochs = args.epochs or (3 if args.quick else 20)

    torch.manual_seed(0)
    x_train, y_train, x_test, y_test = load_digits_split()
    loader = DataLoader(TensorDataset(x_train, y_train), batch_size=64, shuffle=True)
    print(f"digits: {len(x_train)} train / {len(x_test)} test images of 8x8 pixels")

    model = nn.Sequential(
        nn.Linear(64, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        total, count = 0.0, 0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            count += len(xb)
        print(f"epoch {epoch:2d}  train loss {total / count:.4f}  "
              f"test accuracy {accuracy(model, x_test, y_test):.4f}")
    elapsed = time.perf_counter() - start

    print(f"final train loss: {total / count:.4f}")
    print(f"final test accuracy: {accuracy(model, x_test, y_test):.4f}")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
