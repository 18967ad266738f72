// Element-wise c = a + b (the residual connection, and the backend's add). c may be a or b.
extern "C" __global__ void add_elementwise(const float* a, const float* b, float* c, long long n) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        c[i] = a[i] + b[i];
    }
}
