package dev.llmf.reference.backend;

/**
 * Rows of a row-major matrix where they lie: row {@code i} starts at {@code data[at + i·ld]} and its numbers follow
 * one another. The matmul kernel reads its left-hand side in this form, without copying it.
 */
record RowMajor(float[] data, int at, int ld) implements LeftOperand {
}
