package dev.llmf.reference.backend;

/**
 * The left-hand side A of a {@link CpuMatmul} product, in one of the two layouts its kernels read: {@link RowMajor}
 * rows where they lie, or {@link PackedRows} tiles made for the kernel.
 */
sealed interface LeftOperand permits RowMajor, PackedRows {
}
