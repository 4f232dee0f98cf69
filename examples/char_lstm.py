"""Train a character-level LSTM on the Zen of Python and let it write.

Data: the text of ``import this`` (PEP 20), which ships with every Python
as a ROT13-encoded string in the standard library module ``this``.
Written against PyTorch; run it on ember with

    python -m ember run examples/char_lstm.py           # ember
    python examples/char_lstm.py                        # PyTorch

``--quick`` takes fewer steps (used by the tests).
"""
import argparse
import codecs
import contextlib
import io
import math
import time

import numpy as np
import torch
import torch.nn as nn


def zen_of_python():
    with contextlib.redirect_stdout(io.StringIO()):   # importing `this` prints the Zen
        import this
    return codecs.decode(this.s, "rot13")


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, embed_dim=32, hidden_size=128):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, state=None):
        out, state = self.lstm(self.embed(x), state)
        return self.head(out), state


def sample(model, stoi, itos, prompt, length, temperature=0.5):
    model.eval()
    with torch.no_grad():
        x = torch.tensor([[stoi[c] for c in prompt]])
        logits, state = model(x)
        text = prompt
        for _ in range(length):
            probs = torch.softmax(logits[0, -1] / temperature, dim=0)
            idx = min(int((probs.cumsum(0) < torch.rand(1)).sum().item()), len(itos) - 1)
            text += itos[idx]
            logits, state = model(torch.tensor([[idx]]), state)
    model.train()
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="take 60 steps")
    parser.add_argument("--steps", type=int, default=None)
    args = parser.parse_args()
    steps = args.steps or (60 if args.quick else 300)
    seq_len, batch_size = 64, 32

    torch.manual_seed(0)
    text = zen_of_python()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    itos = {i: c for c, i in stoi.items()}
    data = torch.tensor([stoi[c] for c in text])
    print(f"text: the Zen of Python, {len(text)} characters, {len(chars)} distinct")

    model = CharLSTM(len(chars))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

    def batch():
        starts = torch.randint(0, len(data) - seq_len - 1, (batch_size,))
        idx = starts.unsqueeze(1) + torch.arange(seq_len + 1)
        chunk = data[idx]
        return chunk[:, :-1], chunk[:, 1:]

    start = time.perf_counter()
    bits = lambda nats: nats / math.log(2)
    history = []
    for step in range(1, steps + 1):
        x, y = batch()
        logits, _ = model(x)
        loss = loss_fn(logits.reshape(-1, len(chars)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        history.append(loss.item())
        if step == 1 or step % (steps // 10) == 0:
            recent = np.mean(history[-10:])
            print(f"step {step:4d}  loss {recent:.4f} nats/char = {bits(recent):.3f} bits/char  "
                  f"({time.perf_counter() - start:.1f} s)")
    elapsed = time.perf_counter() - start

    print("sample: " + repr(sample(model, stoi, itos, "Beautiful is ", 120)))
    print(f"initial loss: {history[0]:.4f} (uniform guess {math.log(len(chars)):.4f})")
    print(f"final loss: {np.mean(history[-10:]):.4f}")
    print(f"time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
