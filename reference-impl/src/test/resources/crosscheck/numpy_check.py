"""Test-only oracle: numpy computes what the Java reference computes, from the same inputs.

Usage: python3 numpy_check.py DIR
Reads every DIR/*.in file and writes DIR/<name>.out next to it. Format of both (text, UTF-8):

    op <name>                       first line of an .in file: softmax | layernorm | gelu | attention | matmul
    flag <name> <0|1>               optional flags (attention: causal)
    tensor <name> <d0> <d1> ...     a tensor's shape, then on the next line its values, row-major, space separated

Everything is computed in float64 from the float32 inputs; results are written with repr() (round-trip exact).
"""
import glob
import os
import sys

import numpy as np

EPS = 1e-5


def read_case(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    op, flags, tensors = None, {}, {}
    i = 0
    while i < len(lines):
        parts = lines[i].split()
        i += 1
        if not parts:
            continue
        if parts[0] == "op":
            op = parts[1]
        elif parts[0] == "flag":
            flags[parts[1]] = parts[2] == "1"
        elif parts[0] == "tensor":
            shape = tuple(int(s) for s in parts[2:])
            values = np.array([float(v) for v in lines[i].split()], dtype=np.float64)
            i += 1
            tensors[parts[1]] = values.reshape(shape)
        else:
            raise ValueError(f"{path}: unexpected line {parts!r}")
    return op, flags, tensors


def softmax(x):
    m = np.max(x, axis=-1, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=-1, keepdims=True)


def layernorm(x, gamma, beta):
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.mean((x - mu) ** 2, axis=-1, keepdims=True)      # biased: divide by d
    return (x - mu) / np.sqrt(var + EPS) * gamma + beta


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def attention(q, k, v, causal):
    scores = q @ k.T / np.sqrt(q.shape[-1])
    if causal:
        scores = np.where(np.triu(np.ones(scores.shape, dtype=bool), k=1), -np.inf, scores)
    weights = softmax(scores)
    return weights @ v, weights


def run(op, flags, t):
    if op == "softmax":
        return {"y": softmax(t["x"])}
    if op == "layernorm":
        return {"y": layernorm(t["x"], t["gamma"], t["beta"])}
    if op == "gelu":
        return {"y": gelu(t["x"])}
    if op == "matmul":
        return {"y": t["a"] @ t["b"]}
    if op == "attention":
        out, weights = attention(t["q"], t["k"], t["v"], flags.get("causal", False))
        return {"output": out, "weights": weights}
    raise ValueError(f"unknown op {op}")


def main():
    folder = sys.argv[1]
    for path in sorted(glob.glob(os.path.join(folder, "*.in"))):
        op, flags, tensors = read_case(path)
        results = run(op, flags, tensors)
        with open(path[:-3] + ".out", "w", encoding="utf-8") as f:
            for name, value in results.items():
                f.write("tensor " + name + " " + " ".join(str(s) for s in value.shape) + "\n")
                f.write(" ".join(repr(float(v)) for v in value.reshape(-1)) + "\n")
    print("numpy", np.__version__, "ok")


if __name__ == "__main__":
    main()
