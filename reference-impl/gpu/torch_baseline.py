# PyTorch eager on the same GPU, for GpuBench's side-by-side table (reference-impl/gpu/run-on-gpu.sh runs both).
# Adapted from ../shared/gpu/torch_baseline.py: the same pre-norm mini-GPT (GELU tanh, causal attention, LayerNorm,
# no biases besides LayerNorm's, as the course's model), the same cases as GpuBench. Prints "RESULT <case> <ms>".
#   python3 torch_baseline.py [--smoke]
import sys, time, torch, torch.nn as nn, torch.nn.functional as F

smoke = "--smoke" in sys.argv
dev = "cuda"
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(s, d, h):
        super().__init__(); s.h = h
        s.ln1 = nn.LayerNorm(d); s.qkv = nn.Linear(d, 3 * d, bias=False); s.o = nn.Linear(d, d, bias=False)
        s.ln2 = nn.LayerNorm(d); s.fc = nn.Linear(d, 4 * d, bias=False); s.proj = nn.Linear(4 * d, d, bias=False)

    def attend(s, x, fused):
        B, T, D = x.shape
        q, k, v = s.qkv(x).split(D, dim=2)
        q, k, v = [t.view(B, T, s.h, D // s.h).transpose(1, 2) for t in (q, k, v)]
        if fused:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) / (D // s.h) ** 0.5
            att = att.masked_fill(torch.ones(T, T, device=x.device, dtype=torch.bool).triu(1), float("-inf"))
            y = att.softmax(-1) @ v
        return s.o(y.transpose(1, 2).reshape(B, T, D))

    def forward(s, x, fused):
        x = x + s.attend(s.ln1(x), fused)
        return x + s.proj(F.gelu(s.fc(s.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(s, V, T, d, h, L):
        super().__init__(); s.tok = nn.Embedding(V, d); s.pos = nn.Embedding(T, d)
        s.blocks = nn.ModuleList(Block(d, h) for _ in range(L)); s.lnf = nn.LayerNorm(d)

    def forward(s, idx, fused=False):
        x = s.tok(idx) + s.pos(torch.arange(idx.shape[1], device=idx.device))
        for b in s.blocks:
            x = b(x, fused)
        return s.lnf(x) @ s.tok.weight.t()   # tied embedding, as the course's model


def bench(fn, reps):
    for _ in range(1 if smoke else 3):
        fn()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(reps):
        fn()
    torch.cuda.synchronize(); return (time.perf_counter() - t) / reps * 1e3


def result(case, ms):
    print(f"RESULT {case} {ms:.4f}", flush=True)


print("torch", torch.__version__, torch.cuda.get_device_name(), flush=True)
for n in ([256] if smoke else [1024, 4096]):
    a = torch.randn(n, n, device=dev); b = torch.randn(n, n, device=dev)
    for tf32 in (False, True):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        result(f"matmul:{n}:{'tf32' if tf32 else 'fp32'}", bench(lambda: a @ b, 3 if smoke else 20))
torch.backends.cuda.matmul.allow_tf32 = False

attention = [(1, 64, 64, 4)] if smoke else [(8, 256, 384, 6), (8, 1024, 768, 12)]
gpts = [(512, 64, 64, 4, 2, 1)] if smoke else [(512, 64, 64, 4, 2, 1), (50257, 256, 384, 6, 6, 8),
                                               (50257, 1024, 768, 12, 12, 8)]
with torch.no_grad():
    for B, T, d, h in attention:
        blk = Block(d, h).to(dev).eval(); x = torch.randn(B, T, d, device=dev)
        result(f"attention:{B}:{T}:{d}:{h}:fp32", bench(lambda: blk.attend(x, False), 3 if smoke else 20))
        result(f"attention:{B}:{T}:{d}:{h}:fp32-sdpa", bench(lambda: blk.attend(x, True), 3 if smoke else 20))
        del blk
    for V, T, d, h, L, B in gpts:
        key = f"gpt:{V}:{T}:{d}:{h}:{L}:{B}"
        m = GPT(V, T, d, h, L).to(dev).eval(); idx = torch.randint(0, V, (B, T), device=dev)
        result(f"{key}:fp32", bench(lambda: m(idx, False), 3 if smoke else 10))
        result(f"{key}:fp32-sdpa", bench(lambda: m(idx, True), 3 if smoke else 10))
        mb = m.to(torch.bfloat16)
        result(f"{key}:bf16", bench(lambda: mb(idx, True), 3 if smoke else 10))
        del m, mb; torch.cuda.empty_cache()
print("TORCH OK", flush=True)
