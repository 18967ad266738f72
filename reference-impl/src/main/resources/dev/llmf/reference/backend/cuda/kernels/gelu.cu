// GELU, the contract's tanh form (GPT-2): 0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3))), element-wise.
// y may be x (in place).
extern "C" __global__ void gelu_tanh(const float* x, float* y, long long n) {
    const float k = 0.7978845608028654f;   // sqrt(2/pi)
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        float v = x[i];
        y[i] = 0.5f * v * (1.0f + tanhf(k * (v + 0.044715f * v * v * v)));
    }
}
