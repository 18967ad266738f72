// RoPE on interleaved pairs, in place: in each of `heads` head slices of width dh (columns h*dh ..) of a row-major
// [rows, ld] matrix, pair (2i, 2i+1) of the row at position t = r % length turns by angle t*BASE^(-2i/dh).
// cos and sin come as [length, dh/2] tables computed on the host in double precision, as the contract asks.
// One thread per (row, head, pair).
extern "C" __global__ void rope_interleaved(float* x, long long rows, int length, int ld, int heads, int dh,
                                            const float* cos_table, const float* sin_table) {
    int half = dh / 2;
    long long pairs = rows * heads * half;
    for (long long p = blockIdx.x * (long long) blockDim.x + threadIdx.x; p < pairs; p += (long long) gridDim.x * blockDim.x) {
        int i = (int) (p % half);
        int h = (int) ((p / half) % heads);
        long long r = p / ((long long) half * heads);
        int t = (int) (r % length);
        float c = cos_table[t * half + i];
        float s = sin_table[t * half + i];
        float* at = x + r * ld + h * dh + 2 * i;
        float x0 = at[0];
        float x1 = at[1];
        at[0] = x0 * c - x1 * s;
        at[1] = x0 * s + x1 * c;
    }
}
