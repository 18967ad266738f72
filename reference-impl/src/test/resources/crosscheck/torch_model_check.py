"""Test-only oracle: the mini-GPT's loss and gradients by PyTorch autograd, for the Java training.ModelGradients.

Usage: python3 torch_model_check.py DIR   (torch_training_check.py must sit beside it: the file format is its own)
Each DIR/*.in holds the sizes (numbers vocab, context, d, heads, layers, positional 0/1/2 = LEARNED/SINUSOIDAL/ROPE,
base), every weight as a tensor named as in the Java ParameterLayout (tokenEmbedding, positionTable,
block<l>.ln1Gamma, ..., finalBeta), and sequences ids<i>/targets<i>. DIR/<name>.out gets the mean cross-entropy over
all targets ("loss") and the gradient of every weight under the same name. The model is written here with PyTorch's
own layer_norm, gelu(approximate="tanh"), softmax, masked_fill and cross_entropy, in float64.
"""
import glob
import math
import os
import sys

import torch
import torch.nn.functional as F

from torch_training_check import read_case, write

torch.set_default_dtype(torch.float64)


def sinusoidal(n, d, base):
    pos = torch.arange(n, dtype=torch.float64).unsqueeze(1)
    c = torch.arange(d)
    angle = pos / torch.pow(torch.tensor(base), (2.0 * (c // 2)) / d)
    return torch.where(c % 2 == 0, torch.sin(angle), torch.cos(angle))


def rope(x, base):
    """x [heads, n, dh]: pair (2i, 2i+1) at position t turns by t * base^(-2i/dh)."""
    heads, n, dh = x.shape
    theta = torch.pow(torch.tensor(base), -2.0 * torch.arange(dh // 2) / dh)
    angle = torch.arange(n, dtype=torch.float64).unsqueeze(1) * theta          # [n, dh/2]
    cos, sin = torch.cos(angle), torch.sin(angle)
    pairs = x.reshape(heads, n, dh // 2, 2)
    x0, x1 = pairs[..., 0], pairs[..., 1]
    return torch.stack([x0 * cos - x1 * sin, x0 * sin + x1 * cos], dim=-1).reshape(heads, n, dh)


def logits(p, ids, sizes):
    vocab, context, d, heads, layers, positional, base = sizes
    n, dh = len(ids), d // heads
    x = p["tokenEmbedding"][ids]
    if positional == 0:
        x = x + p["positionTable"][:n]
    elif positional == 1:
        x = x + sinusoidal(n, d, base)
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    for l in range(layers):
        w = lambda name: p[f"block{l}.{name}"]
        a = F.layer_norm(x, (d,), w("ln1Gamma"), w("ln1Beta"), eps=1e-5)
        q, k, v = ((a @ w(m)).reshape(n, heads, dh).transpose(0, 1) for m in ("wq", "wk", "wv"))
        if positional == 2:
            q, k = rope(q, base), rope(k, base)
        scores = (q @ k.transpose(1, 2) / math.sqrt(dh)).masked_fill(~causal, float("-inf"))
        out = (torch.softmax(scores, dim=-1) @ v).transpose(0, 1).reshape(n, d)
        x = x + out @ w("wo")
        c = F.layer_norm(x, (d,), w("ln2Gamma"), w("ln2Beta"), eps=1e-5)
        x = x + F.gelu(c @ w("w1"), approximate="tanh") @ w("w2")
    f = F.layer_norm(x, (d,), p["finalGamma"], p["finalBeta"], eps=1e-5)
    return f @ p["tokenEmbedding"].T


def model_gradients(v):
    sizes = [int(v[k]) for k in ("vocab", "context", "d", "heads", "layers", "positional")] + [v["base"]]
    params = {name: t.clone().requires_grad_(True) for name, t in v.items()
              if isinstance(t, torch.Tensor) and t.is_floating_point()}
    count = int(v["sequences"])
    all_logits = torch.cat([logits(params, v[f"ids{i}"], sizes) for i in range(count)])
    targets = torch.cat([v[f"targets{i}"] for i in range(count)])
    loss = F.cross_entropy(all_logits, targets)
    loss.backward()
    out = {"loss": loss.detach().reshape(1)}
    out.update({name: t.grad for name, t in params.items()})
    return out


def main():
    folder = sys.argv[1]
    for path in sorted(glob.glob(os.path.join(folder, "*.in"))):
        _, values = read_case(path)
        write(path[:-3] + ".out", model_gradients(values))


if __name__ == "__main__":
    main()
