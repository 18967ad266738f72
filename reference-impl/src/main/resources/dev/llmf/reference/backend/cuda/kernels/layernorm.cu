// LayerNorm over each row of x [rows, d]: y = (x - mean) / sqrt(var + eps) * gamma + beta, var the biased variance
// (divided by d). Two passes over the row (mean, then squared deviations) like the CPU backend, not E[x^2] - mean^2,
// which loses digits when |mean| >> sigma. Grid: one block per row.
extern "C" __global__ void layer_norm_rows(const float* x, float* y, const float* gamma, const float* beta,
                                           int d, float eps) {
    __shared__ float scratch[32];
    long long r = blockIdx.x;
    const float* in = x + r * (long long) d;
    float* out = y + r * (long long) d;
    float sum = 0.0f;
    for (int j = threadIdx.x; j < d; j += blockDim.x) sum += in[j];
    float mean = llmf_block_reduce(sum, scratch, false) / d;
    float squares = 0.0f;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        float c = in[j] - mean;
        squares += c * c;
    }
    float var = llmf_block_reduce(squares, scratch, false) / d;
    float inv = (float) (1.0 / sqrt((double) (var + eps)));   // as the CPU: 1 / sqrt in double, then float
    for (int j = threadIdx.x; j < d; j += blockDim.x) out[j] = (in[j] - mean) * inv * gamma[j] + beta[j];
}
