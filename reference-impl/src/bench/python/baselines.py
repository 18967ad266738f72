#!/usr/bin/env python3
"""The benchmark's baselines: numpy (kernels, attention) and PyTorch CPU (attention, mini-GPT forward).

PyTorch also runs greedy generation with its own key/value cache (--generate), on the Java worker's weights and
prompt, and compares its tokens with the Java worker's.

Run by dev.llmf.bench.Bench with the same case flags as the Java worker (see Plan.java) and the same timing rules
(Harness.java): untimed warm-up calls for --warmup seconds, then timed calls until both --min-time seconds and
--min-reps calls have passed, at most --max-reps; it reports the best and the median call. Prints one tab-separated
RESULT line per case (the format of Result.java) and INFO lines (library versions, which BLAS kernel runs).

The thread count is set by the caller through the environment (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS = 1 for the
1-thread run); --threads only labels the results and sets PyTorch's own thread count (1, or every core for "all"). So is the
OpenBLAS kernel set: the caller may force one with OPENBLAS_CORETYPE (and says so with --label).

With --checks DIR, the attention and mini-GPT cases run on the inputs the Java worker wrote there (raw little-endian
float32) and each result notes the largest difference from the Java output.
"""
import argparse
import ctypes
import math
import os
import sys
import time


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--lib", choices=["numpy", "torch"], required=True)
    p.add_argument("--threads", default="all")
    p.add_argument("--label", help="the impl column of the results (default: numpy or pytorch)")
    p.add_argument("--checks")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--matmul", default="")
    p.add_argument("--softmax", default="")
    p.add_argument("--layernorm", default="")
    p.add_argument("--attention", default="")
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--head-size", type=int, default=64)
    p.add_argument("--gpt", default="")
    p.add_argument("--generate", default="")
    p.add_argument("--warmup", type=float, default=0.5)
    p.add_argument("--min-time", type=float, default=1.5)
    p.add_argument("--min-reps", type=int, default=5)
    p.add_argument("--max-reps", type=int, default=200)
    # Java-only flags
    p.add_argument("--corpus-kib")
    p.add_argument("--vocab")
    p.add_argument("--encode-kib")
    p.add_argument("--rounds")
    return p.parse_args()


def ints(csv):
    return [int(v) for v in csv.split(",") if v]


def timed(args, body):
    if args.warmup > 0:
        end = time.perf_counter() + args.warmup
        while True:
            body()
            if time.perf_counter() >= end:
                break
    seconds = []
    start = time.perf_counter()
    while len(seconds) < args.max_reps and (len(seconds) < args.min_reps
                                           or time.perf_counter() - start < args.min_time):
        t0 = time.perf_counter()
        body()
        seconds.append(time.perf_counter() - t0)
    seconds.sort()
    return seconds[0], seconds[len(seconds) // 2], len(seconds)


def report(args, group, name, shape, work, timing, note="", unit="flop"):
    best, median, reps = timing
    impl = args.label or ("numpy" if args.lib == "numpy" else "pytorch")
    fields = [group, name, shape, args.threads, impl, repr(float(work)), unit, repr(best), repr(median), str(reps),
              note.replace("\t", " ")]
    print("RESULT\t" + "\t".join(fields), flush=True)


def info(key, text):
    print("INFO\t" + key + "\t" + text.replace("\t", " "), flush=True)


def blas_info():
    """Which OpenBLAS core type (kernel set) and thread count the loaded BLAS uses."""
    try:
        from threadpoolctl import threadpool_info
        found = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}, {i.get('num_threads')} threads"
                 for i in threadpool_info() if i.get("user_api") == "blas"]
        if found:
            return "; ".join(sorted(set(found))) + " (threadpoolctl)"
    except Exception:
        pass
    found = []
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and line.split()[-1].startswith("/")})
    except OSError:
        paths = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("openblas_", ""), ("scipy_openblas_", "64_"), ("scipy_openblas_", "")):
            core = getattr(lib, prefix + "get_corename" + suffix, None)
            threads = getattr(lib, prefix + "get_num_threads" + suffix, None)
            if core is not None:
                core.restype = ctypes.c_char_p
                found.append(f"OpenBLAS {core().decode()}, {threads() if threads else '?'} threads "
                             f"({os.path.basename(path)})")
                break
    return "; ".join(sorted(set(found))) if found else "BLAS kernel unknown"


def load(path, shapes, tokens=0):
    """Tensors of the given shapes (and int32 tokens) from a file the Java worker wrote."""
    import numpy as np
    raw = np.fromfile(path, dtype="<f4")
    out, at = [], 0
    for shape in shapes:
        n = math.prod(shape)
        out.append(raw[at:at + n].reshape(shape).copy())
        at += n
    if tokens:
        out.append(raw[at:at + tokens].view("<i4").copy())
        at += tokens
    if at != raw.size:
        raise ValueError(f"{path}: {raw.size} values, expected {at}")
    return out


# ---------------------------------------------------------------- numpy

def run_numpy(args):
    import numpy as np
    info("numpy", f"numpy {np.__version__}, Python {sys.version.split()[0]} ({sys.executable}); {blas_info()}")
    rng = np.random.default_rng(1)
    for n in ints(args.matmul):
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        report(args, "kernel", "matmul", str(n), 2.0 * n ** 3, timed(args, lambda: a @ b))
    if args.softmax:
        rows, cols = ints(args.softmax)
        x = rng.uniform(-1, 1, (rows, cols)).astype(np.float32)

        def softmax():
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            e /= e.sum(axis=-1, keepdims=True)
            return e
        report(args, "kernel", "softmax", f"{rows}x{cols}", 5.0 * rows * cols, timed(args, softmax))
    if args.layernorm:
        rows, cols = ints(args.layernorm)
        x = rng.uniform(-1, 1, (rows, cols)).astype(np.float32)
        g = rng.uniform(-1, 1, cols).astype(np.float32)
        b = rng.uniform(-1, 1, cols).astype(np.float32)

        def layernorm():
            mu = x.mean(axis=-1, keepdims=True)
            var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
            return (x - mu) / np.sqrt(var + 1e-5) * g + b
        report(args, "kernel", "layernorm", f"{rows}x{cols}", 8.0 * rows * cols, timed(args, layernorm))
    heads, dh = args.heads, args.head_size
    d = heads * dh
    for t in ints(args.attention):
        x, wq, wk, wv, wo, expected, note = attention_inputs(args, t, d, rng)
        mask = np.triu(np.full((t, t), -np.inf, dtype=np.float32), 1)
        scale = np.float32(1 / math.sqrt(dh))

        def mha():
            q = (x @ wq).reshape(t, heads, dh).transpose(1, 0, 2)
            k = (x @ wk).reshape(t, heads, dh).transpose(1, 0, 2)
            v = (x @ wv).reshape(t, heads, dh).transpose(1, 0, 2)
            s = q @ k.transpose(0, 2, 1) * scale + mask
            s = np.exp(s - s.max(axis=-1, keepdims=True))
            s /= s.sum(axis=-1, keepdims=True)
            return (s @ v).transpose(1, 0, 2).reshape(t, d) @ wo
        if expected is not None:
            note = f"max abs diff vs ours {np.abs(mha() - expected).max():.1e}"
        report(args, "kernel", "attention", f"T={t}", 8.0 * t * d * d + 4.0 * t * t * d, timed(args, mha), note)


def attention_inputs(args, t, d, rng):
    import numpy as np
    path = os.path.join(args.checks, f"attention-{t}.f32") if args.checks else None
    if path and os.path.exists(path):
        x, wq, wk, wv, wo, out = load(path, [(t, d), (d, d), (d, d), (d, d), (d, d), (t, d)])
        return x, wq, wk, wv, wo, out, ""
    x = rng.uniform(-1, 1, (t, d)).astype(np.float32)
    ws = [rng.normal(0, 0.02, (d, d)).astype(np.float32) for _ in range(4)]
    return (x, *ws, None, "no Java output to compare with")


# ---------------------------------------------------------------- PyTorch

def run_torch(args):
    import numpy as np
    import torch
    import torch.nn.functional as F
    # "all" means every core: Debian's PyTorch can start with one intra-op thread (OpenMP sees one here), which
    # would leave its own operations (softmax, LayerNorm, GELU) on one core while ours use both.
    torch.set_num_threads(1 if args.threads == "1" else os.cpu_count())
    info("pytorch", f"PyTorch {torch.__version__} ({sys.executable}), {torch.get_num_threads()} threads; {blas_info()}")
    rng = np.random.default_rng(1)
    heads, dh = args.heads, args.head_size
    d = heads * dh
    with torch.inference_mode():
        for t in ints(args.attention):
            x, wq, wk, wv, wo, expected, note = attention_inputs(args, t, d, rng)
            x, wq, wk, wv, wo = (torch.from_numpy(a) for a in (x, wq, wk, wv, wo))
            mask = torch.ones(t, t, dtype=torch.bool).tril()

            def mha():
                return attend(x.unsqueeze(0), wq, wk, wv, wo, heads, mask)[0]
            if expected is not None:
                note = f"max abs diff vs ours {np.abs(mha().numpy() - expected).max():.1e}"
            report(args, "kernel", "attention", f"T={t}", 8.0 * t * d * d + 4.0 * t * t * d, timed(args, mha), note)
        for spec in [s for s in args.gpt.split(",") if s]:
            vocab, tokens, dm, h, layers = (int(v) for v in spec.split(":"))
            weights, ids, expected, note = gpt_inputs(args, spec, vocab, tokens, dm, layers, rng)
            w = [torch.from_numpy(a) for a in weights]
            ids = torch.from_numpy(ids.astype(np.int64)).unsqueeze(0)             # [B=1, T]
            mask = torch.ones(tokens, tokens, dtype=torch.bool).tril()

            def forward():
                return gpt_forward(F, w, ids, h, layers, mask)[0]
            if expected is not None:
                note = f"max abs diff of logits vs ours {np.abs(forward().numpy() - expected).max():.1e}"
            flops = layers * (24.0 * tokens * dm * dm + 4.0 * tokens * tokens * dm) + 2.0 * tokens * dm * vocab
            shape = f"V={vocab} T={tokens} d={dm} h={h} L={layers} B=1"
            report(args, "gpt", "forward", shape, flops, timed(args, forward), note)
        if args.generate:
            run_generation(args, F)


def run_generation(args, F):
    """Greedy generation with a key/value cache: the prompt in one pass, then one token per step."""
    import numpy as np
    import torch
    vocab, prompt, new, dm, h, layers = (int(v) for v in args.generate.split(":"))
    path = os.path.join(args.checks, "generate-" + args.generate.replace(":", "-") + ".f32") if args.checks else None
    if not path or not os.path.exists(path):
        info("generation", "no Java weights to run on (" + str(path) + "): not measured")
        return
    shapes = [(vocab, dm), (prompt + new, dm)]
    for _ in range(layers):
        shapes += [(dm,), (dm,), (dm, dm), (dm, dm), (dm, dm), (dm, dm), (dm,), (dm,), (dm, 4 * dm), (4 * dm, dm)]
    shapes += [(dm,), (dm,)]
    loaded = load(path, shapes, prompt + new)
    w = [torch.from_numpy(a) for a in loaded[:-1]]
    ids = loaded[-1]
    theirs = ids[prompt:]

    # q, k, v in one product per layer, as nanoGPT's c_attn does: prepared once, outside the timed calls
    fused = [torch.cat(w[4 + 10 * layer: 7 + 10 * layer], dim=1) for layer in range(layers)]

    def generate():
        return greedy_with_cache(F, w, fused, torch.from_numpy(ids[:prompt].astype(np.int64)), new, h, layers)
    mine = generate().numpy()
    differ = np.nonzero(mine != theirs)[0]
    note = (f"same {new} tokens as ours" if differ.size == 0
            else f"tokens differ from ours from step {differ[0]} on ({differ.size} of {new})")
    shape = f"V={vocab} d={dm} h={h} L={layers}, {new} tokens after {prompt}"
    report(args, "gen", "generate", shape, new, timed(args, generate), note, unit="token")


def greedy_with_cache(F, w, qkv, prompt, new, heads, layers):
    """minGPT's model, decoding with a key/value cache preallocated for every position; returns the new ids.
    qkv[layer] is [wq | wk | wv]."""
    import torch
    tok, pos = w[0], w[1]
    d = tok.shape[1]
    dh = d // heads
    total = prompt.shape[0] + new
    keys = torch.empty(layers, heads, total, dh)
    values = torch.empty(layers, heads, total, dh)
    mask = torch.ones(total, total, dtype=torch.bool).tril()
    scale = 1.0 / math.sqrt(dh)

    def run(ids, start):                                            # ids at positions start .. start+n-1
        n = ids.shape[0]
        end = start + n
        x = tok[ids] + pos[start:end]
        for layer in range(layers):
            ln1g, ln1b, _, _, _, wo, ln2g, ln2b, w1, w2 = w[2 + 10 * layer: 12 + 10 * layer]
            q, k, v = (F.layer_norm(x, (d,), ln1g, ln1b, 1e-5) @ qkv[layer]).split(d, dim=1)
            q = q.view(n, heads, dh).transpose(0, 1)                # [H, n, dh]
            keys[layer, :, start:end] = k.view(n, heads, dh).transpose(0, 1)
            values[layer, :, start:end] = v.view(n, heads, dh).transpose(0, 1)
            scores = (q @ keys[layer, :, :end].transpose(1, 2)) * scale
            if n > 1:
                scores = scores.masked_fill(~mask[start:end, :end], float("-inf"))
            y = (torch.softmax(scores, dim=-1) @ values[layer, :, :end]).transpose(0, 1).reshape(n, d)
            x = x + y @ wo
            x = x + F.gelu(F.layer_norm(x, (d,), ln2g, ln2b, 1e-5) @ w1, approximate="tanh") @ w2
        last = F.layer_norm(x[-1:], (d,), w[-2], w[-1], 1e-5)
        return int(torch.argmax(last @ tok.t(), dim=-1)[0])

    out = torch.empty(new, dtype=torch.int64)
    out[0] = run(prompt, 0)
    for step in range(1, new):
        out[step] = run(out[step - 1: step], prompt.shape[0] + step - 1)
    return out


def attend(x, wq, wk, wv, wo, heads, mask):
    """Causal multi-head self-attention on x [B, T, d], written as minGPT/nanoGPT do (no fused kernel)."""
    import torch
    b, t, d = x.shape
    q = (x @ wq).view(b, t, heads, d // heads).transpose(1, 2)                 # [B, h, T, dh]
    k = (x @ wk).view(b, t, heads, d // heads).transpose(1, 2)
    v = (x @ wv).view(b, t, heads, d // heads).transpose(1, 2)
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // heads))
    scores = scores.masked_fill(~mask, float("-inf"))
    y = torch.softmax(scores, dim=-1) @ v
    return y.transpose(1, 2).reshape(b, t, d) @ wo


def gpt_forward(F, w, ids, heads, layers, mask):
    """The contract's mini-GPT: learned positions, pre-norm blocks, GELU (tanh), tied output projection."""
    tok, pos = w[0], w[1]
    d = tok.shape[1]
    t = ids.shape[1]
    x = tok[ids] + pos[:t]
    for layer in range(layers):
        ln1g, ln1b, wq, wk, wv, wo, ln2g, ln2b, w1, w2 = w[2 + 10 * layer: 12 + 10 * layer]
        x = x + attend(F.layer_norm(x, (d,), ln1g, ln1b, 1e-5), wq, wk, wv, wo, heads, mask)
        x = x + F.gelu(F.layer_norm(x, (d,), ln2g, ln2b, 1e-5) @ w1, approximate="tanh") @ w2
    x = F.layer_norm(x, (d,), w[-2], w[-1], 1e-5)
    return x @ tok.t()


def gpt_inputs(args, spec, vocab, tokens, d, layers, rng):
    import numpy as np
    shapes = [(vocab, d), (tokens, d)]
    for _ in range(layers):
        shapes += [(d,), (d,), (d, d), (d, d), (d, d), (d, d), (d,), (d,), (d, 4 * d), (4 * d, d)]
    shapes += [(d,), (d,)]
    path = os.path.join(args.checks, "gpt-" + spec.replace(":", "-") + ".f32") if args.checks else None
    if path and os.path.exists(path):
        loaded = load(path, shapes + [(tokens, vocab)], tokens)
        return loaded[:-2], loaded[-1], loaded[-2], ""
    weights = [np.ones(s, np.float32) if len(s) == 1 else rng.normal(0, 0.02, s).astype(np.float32) for s in shapes]
    ids = (np.arange(tokens, dtype=np.int64) * 7919 + 13) % vocab
    return weights, ids, None, "no Java output to compare with"


def main():
    args = parse()
    if args.lib == "numpy":
        run_numpy(args)
    else:
        run_torch(args)


if __name__ == "__main__":
    main()
