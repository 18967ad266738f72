// Shared by every kernel file (KernelSources puts it first in the one NVRTC program): block-wide reductions.
// NVRTC has no <math.h>, so no INFINITY macro: -inf by its bits.
#define LLMF_NEG_INF __int_as_float(0xff800000)

// Every row kernel runs one block per row with a multiple of 32 threads (at most 1024).

__device__ __forceinline__ float llmf_warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ float llmf_warp_max(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

// The sum (or max) of v over the block; every thread gets it. scratch holds 32 floats of shared memory.
__device__ float llmf_block_reduce(float v, float* scratch, bool is_max) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    int warps = (blockDim.x + 31) >> 5;
    v = is_max ? llmf_warp_max(v) : llmf_warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < warps ? scratch[lane] : (is_max ? LLMF_NEG_INF : 0.0f);
        w = is_max ? llmf_warp_max(w) : llmf_warp_sum(w);
        if (lane == 0) scratch[0] = w;
    }
    __syncthreads();
    float result = scratch[0];
    __syncthreads();   // subtle: the next reduction may overwrite scratch[0] before a slow thread read it
    return result;
}
