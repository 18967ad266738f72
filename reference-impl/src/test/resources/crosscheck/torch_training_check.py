"""Test-only oracle: PyTorch computes, with its own functions, what the Java ReferenceTraining computes.

Usage: python3 torch_training_check.py DIR
Reads every DIR/*.in file and writes DIR/<name>.out next to it. Format (text, UTF-8):

    op <name>                       first line of an .in file (the ops are the functions below)
    tensor <name> <d0> <d1> ...     a tensor's shape, then on the next line its values, row-major, space separated
    ints <name> <n>                 n integers on the next line
    number <name> <value>           one float64

Out files hold `tensor <name> <d0> ...` lines, each followed by its values written with repr() (round-trip exact).
Everything runs in float64 from the float32 inputs, with PyTorch's own cross_entropy, autograd, clip_grad_norm_,
optim.AdamW and lr_scheduler classes: nothing here restates the Java formulas.
"""
import glob
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def read_case(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    op, values = None, {}
    i = 0
    while i < len(lines):
        parts = lines[i].split()
        i += 1
        if not parts:
            continue
        if parts[0] == "op":
            op = parts[1]
        elif parts[0] == "tensor":
            shape = [int(s) for s in parts[2:]]
            flat = [float(v) for v in lines[i].split()]
            i += 1
            values[parts[1]] = torch.tensor(flat).reshape(shape)
        elif parts[0] == "ints":
            values[parts[1]] = torch.tensor([int(v) for v in lines[i].split()], dtype=torch.long)
            i += 1
        elif parts[0] == "number":
            values[parts[1]] = float(parts[2])
        else:
            raise ValueError(f"{path}: unexpected line {parts!r}")
    return op, values


def leaf(t):
    return t.clone().requires_grad_(True)


def cross_entropy(v):
    logits = leaf(v["logits"])
    loss = F.cross_entropy(logits, v["targets"])           # mean over positions
    loss.backward()
    return {"loss": loss.detach().reshape(1), "grad": logits.grad}


def linear(v):
    x, w, b = leaf(v["x"]), leaf(v["w"]), leaf(v["b"])
    (x @ w + b).backward(v["dy"])
    return {"dx": x.grad, "dw": w.grad, "db": b.grad}


def softmax_backward(v):
    z = leaf(v["z"])
    torch.softmax(z, dim=-1).backward(v["dy"])
    return {"dz": z.grad}


def clip(v):
    grads = [v[k] for k in sorted(v) if k.startswith("g")]
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    norm = torch.nn.utils.clip_grad_norm_(params, v["maxNorm"])   # scales by maxNorm / (norm + 1e-6)
    out = {"norm": norm.detach().reshape(1)}
    for i, p in enumerate(params):
        out[f"g{i}"] = p.grad
    return out


def adamw(v):
    p = torch.nn.Parameter(v["theta"].clone())
    opt = torch.optim.AdamW([p], lr=v["lr"], betas=(v["beta1"], v["beta2"]), eps=v["eps"],
                            weight_decay=v["decay"])
    gradients = v["gradients"]                              # [steps, *shape]
    for g in gradients:
        p.grad = g.clone()
        opt.step()
    state = opt.state[p]
    return {"theta": p.detach(), "m": state["exp_avg"], "v": state["exp_avg_sq"]}


def schedule(v):
    peak, floor = v["max"], v["min"]
    warmup, total = int(v["warmup"]), int(v["total"])
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=peak)
    # (step + 1) / warmup of the peak during warm-up, then cosine annealing to the floor
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=floor)
    both = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cosine], milestones=[warmup])
    rates = []
    for _ in range(total):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        both.step()
    return {"rates": torch.tensor(rates)}


def linear_loss_gradients(v):
    x, w, b = leaf(v["x"]), leaf(v["w"]), leaf(v["b"])
    F.cross_entropy(x @ w + b, v["targets"]).backward()
    return {"dx": x.grad, "dw": w.grad, "db": b.grad}


def bigram(v):
    """The bigram training loop of BigramTraining, written with PyTorch's own pieces."""
    x, targets = v["x"], v["targets"]
    w = torch.nn.Parameter(v["w"].clone())
    b = torch.nn.Parameter(v["b"].clone())
    peak, floor = v["max"], v["min"]
    warmup, total, max_norm = int(v["warmup"]), int(v["total"]), v["maxNorm"]
    opt = torch.optim.AdamW([{"params": [w], "weight_decay": v["decayW"]}, {"params": [b], "weight_decay": 0.0}],
                            lr=peak, betas=(v["beta1"], v["beta2"]), eps=v["eps"])
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=floor)
    both = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cosine], milestones=[warmup])
    losses, norms = [], []
    for _ in range(int(v["steps"])):
        opt.zero_grad()
        loss = F.cross_entropy(x @ w + b, targets)
        loss.backward()
        norm = torch.linalg.vector_norm(torch.cat([w.grad.flatten(), b.grad.flatten()]))
        if norm > max_norm:                                  # the contract's clipping: no 1e-6 added
            for p in (w, b):
                p.grad.mul_(max_norm / norm)
        losses.append(loss.item())
        norms.append(norm.item())
        opt.step()
        both.step()
    return {"losses": torch.tensor(losses), "norms": torch.tensor(norms)}


OPS = {"crossEntropy": cross_entropy, "linear": linear, "softmaxBackward": softmax_backward, "clip": clip,
       "adamW": adamw, "schedule": schedule, "linearLossGradients": linear_loss_gradients, "bigram": bigram}


def write(path, results):
    with open(path, "w", encoding="utf-8") as f:
        for name, t in results.items():
            t = t.detach()
            f.write("tensor " + name + " " + " ".join(str(s) for s in t.shape) + "\n")
            f.write(" ".join(repr(float(x)) for x in t.flatten().tolist()) + "\n")


def main():
    folder = sys.argv[1]
    for path in sorted(glob.glob(os.path.join(folder, "*.in"))):
        op, values = read_case(path)
        write(path[:-3] + ".out", OPS[op](values))


if __name__ == "__main__":
    main()
