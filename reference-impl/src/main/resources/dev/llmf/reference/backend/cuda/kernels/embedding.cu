// Token lookup plus position vectors: out[r] = table[ids[r]] + positions[r % length] for r in [0, rows), where
// rows = batch * length; positions may be null (RoPE models add no position vector). Ids were checked on the host.
// Grid: one block per row.
extern "C" __global__ void embed_tokens(const int* ids, const float* table, const float* positions, float* out,
                                        int length, int d) {
    long long r = blockIdx.x;
    const float* token = table + (long long) ids[r] * d;
    const float* position = positions ? positions + (r % length) * (long long) d : nullptr;
    float* row = out + r * (long long) d;
    for (int j = threadIdx.x; j < d; j += blockDim.x) row[j] = token[j] + (position ? position[j] : 0.0f);
}
