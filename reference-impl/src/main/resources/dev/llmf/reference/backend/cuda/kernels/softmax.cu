// Softmax over each row of x * scale, in place, numerically stable (the row's max is subtracted first).
// With causal != 0, row r is row (r % height) of a [height, width] score matrix: entries j > r % height get 0,
// exactly as a -inf score would. Grid: one block per row.
extern "C" __global__ void softmax_rows(float* x, int width, int height, float scale, int causal) {
    __shared__ float scratch[32];
    long long r = blockIdx.x;
    float* row = x + r * (long long) width;
    int valid = causal ? (int) (r % height) + 1 : width;
    // find the row's max (of the visible entries)
    float row_max = LLMF_NEG_INF;
    for (int j = threadIdx.x; j < valid; j += blockDim.x) row_max = fmaxf(row_max, row[j]);
    row_max = llmf_block_reduce(row_max, scratch, true);
    // exponentiate and sum; the scale is applied to the max too, as the CPU backend does
    float shift = row_max * scale;
    float sum = 0.0f;
    for (int j = threadIdx.x; j < valid; j += blockDim.x) {
        float e = expf(row[j] * scale - shift);
        row[j] = e;
        sum += e;
    }
    sum = llmf_block_reduce(sum, scratch, false);
    float inv = 1.0f / sum;
    for (int j = threadIdx.x; j < valid; j += blockDim.x) row[j] *= inv;
    for (int j = valid + threadIdx.x; j < width; j += blockDim.x) row[j] = 0.0f;
}
