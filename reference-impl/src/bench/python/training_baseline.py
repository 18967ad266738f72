"""The training benchmark's PyTorch side: the same mini-GPT, initial weights, batches, learning rates, clipping and
AdamW as the reference's TrainingStep, trained with torch.optim.AdamW on the CPU, once in float64 (to compare the
losses step by step) and once in float32 (PyTorch's usual precision, for speed).

Usage: python3 training_baseline.py CASE OUT
CASE is written by TrainingBench.java in torch_training_check.py's text format (numbers vocab, context, d, heads,
layers, positional, base, steps, batch, beta1, beta2, eps, decay, maxNorm; every weight as a tensor named as in the
Java ParameterLayout; ints ids and targets, steps*batch*context each; tensor rates, one learning rate per step).
OUT gets `tensor` lines losses<bits>_<threads> and seconds<bits>_<threads> (one number per step) for the runs
64_1, 32_1 and 32_<all>, and allThreads.
The model itself is torch_model_check.py's (the test oracle's), imported from the test resources.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "resources", "crosscheck"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from torch_model_check import logits  # noqa: E402
from torch_training_check import read_case  # noqa: E402


def train(v, dtype):
    torch.set_default_dtype(dtype)
    sizes = [int(v[k]) for k in ("vocab", "context", "d", "heads", "layers", "positional")] + [v["base"]]
    steps, batch, context = int(v["steps"]), int(v["batch"]), int(v["context"])
    params = {name: t.to(dtype).clone().requires_grad_(True) for name, t in v.items()
              if isinstance(t, torch.Tensor) and t.is_floating_point() and name != "rates"}
    decay = [p for p in params.values() if p.dim() == 2]
    plain = [p for p in params.values() if p.dim() != 2]
    optimiser = torch.optim.AdamW([{"params": decay, "weight_decay": v["decay"]},
                                   {"params": plain, "weight_decay": 0.0}],
                                  lr=1.0, betas=(v["beta1"], v["beta2"]), eps=v["eps"])
    ids = v["ids"].reshape(steps, batch, context)
    targets = v["targets"].reshape(steps, batch, context)
    losses, seconds = [], []
    for step in range(steps):
        start = time.perf_counter()
        for group in optimiser.param_groups:
            group["lr"] = float(v["rates"][step])
        optimiser.zero_grad()
        out = torch.cat([logits(params, ids[step, b], sizes) for b in range(batch)])
        loss = F.cross_entropy(out, targets[step].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(params.values()), v["maxNorm"])
        optimiser.step()
        seconds.append(time.perf_counter() - start)
        losses.append(loss.item())
    return losses, seconds


def main():
    _, values = read_case(sys.argv[1])
    cores = os.cpu_count()
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        for dtype, bits, threads in ((torch.float64, 64, 1), (torch.float32, 32, 1), (torch.float32, 32, cores)):
            torch.set_num_threads(threads)    # set explicitly: Debian's PyTorch may start with 1 OpenMP thread
            losses, seconds = train(values, dtype)
            for name, numbers in (("losses", losses), ("seconds", seconds)):
                f.write(f"tensor {name}{bits}_{threads} {len(numbers)}\n" + " ".join(repr(x) for x in numbers) + "\n")
        f.write(f"tensor allThreads 1\n{cores}\n")


if __name__ == "__main__":
    main()
