"""Fit a linear regression with gradient descent and compare it to least squares.

Data: scikit-learn's bundled diabetes data set (442 patients, 10 features,
disease progression one year later; no download).
Written against PyTorch; run it on ember with

    python -m ember run examples/linear_regression.py   # ember
    python examples/linear_regression.py                # PyTorch

``--quick`` takes fewer steps (used by the tests).
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def load_diabetes_split(seed=0):
    """Standardized features and target, 80/20 train/test split (NumPy, float32)."""
    try:
        from sklearn.datasets import load_diabetes
    except ImportError:
        print("this example needs scikit-learn: pip install scikit-learn", file=sys.stderr)
        raise SystemExit(1)
    data = load_diabetes()
    x, y = data.data.astype(np.float64), data.target.astype(np.float64)
    perm = np.random.RandomState(seed).permutation(len(x))
    n_test = len(x) // 5
    test, train = perm[:n_test], perm[n_test:]
    mean, std = x[train].mean(0), x[train].std(0)
    x = (x - mean) / std
    y_mean, y_std = y[train].mean(), y[train].std()
    y = (y - y_mean) / y_std
    f32 = lambda a: a.astype(np.float32)
    return f32(x[train]), f32(y[train]), f32(x[test]), f32(y[test]), list(data.feature_names)


def r2_score(pred, target):
    ss_res = ((pred - target) ** 2).sum()
    ss_tot = ((target - target.mean()) ** 2).sum()
    return (1 - ss_res / ss_tot).item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="take 100 steps")
    parser.add_argument("--steps", type=int, default=None)
    args = parser.parse_args()
    steps = args.steps or (100 if args.quick else 500)

    torch.manual_seed(0)
    xtr, ytr, xte, yte, names = load_diabetes_split()
    print(f"diabetes: {len(xtr)} train / {len(xte)} test patients, {xtr.shape[1]} features")
    x_train, y_train = torch.from_numpy(xtr), torch.from_numpy(ytr).unsqueeze(1)
    x_test, y_test = torch.from_numpy(xte), torch.from_numpy(yte).unsqueeze(1)

    model = nn.Linear(x_train.shape[1], 1)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

    start = time.perf_counter()
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        loss = loss_fn(model(x_train), y_train)
        loss.backward()
        optimizer.step()
        if step == 1 or step % (steps // 10) == 0:
            print(f"step {step:4d}  train MSE {loss.item():.4f}")
    elapsed = time.perf_counter() - start

    # The exact least-squares solution, for comparison.
    a = np.hstack([xtr, np.ones((len(xtr), 1), np.float32)]).astype(np.float64)
    coef, *_ = np.linalg.lstsq(a, ytr.astype(np.float64), rcond=None)
    a_te = np.hstack([xte, np.ones((len(xte), 1))])
    lstsq_r2 = 1 - ((a_te @ coef - yte) ** 2).sum() / ((yte - yte.mean()) ** 2).sum()
    lstsq_mse = ((a @ coef - ytr) ** 2).mean()

    with torch.no_grad():
        train_mse = loss_fn(model(x_train), y_train).item()
        test_r2 = r2_score(model(x_test), y_test)
    weights = model.weight.detach().numpy().ravel()
    top = np.argsort(-np.abs(weights))[:3]
    print("largest weights: " + ", ".join(f"{names[i]}={weights[i]:+.3f}" for i in top))
    print(f"least squares: train MSE {lstsq_mse:.4f}  test R^2 {lstsq_r2:.4f}")
    print(f"final train MSE: {train_mse:.4f}")
    print(f"final test R^2: {test_r2:.4f}")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
