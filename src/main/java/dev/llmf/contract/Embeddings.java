package dev.llmf.contract;

/**
 * Exercise 3 — turning token ids into vectors that also know where they stand.
 *
 * <p>Three ways to give a model positions: a <em>learned</em> table (GPT-2) or a fixed <em>sinusoidal</em> table
 * (the 2017 Transformer), both added to the token vectors by {@link #addPositions}; or <em>rotary</em> encoding
 * (RoPE, Llama), which instead rotates each head's queries and keys ({@link #rotary}).
 *
 * <p>No method writes into the tensors or ids it is given; inputs may be views (read them through their strides).
 */
public interface Embeddings {

    /** The base of the RoPE angles (and of the sinusoidal wavelengths). */
    double BASE = 10000.0;

    /**
     * Looks up one row of {@code table} per id: {@code out[t] = table[ids[t]]}.
     *
     * @param table shape {@code [V, d]}
     * @return shape {@code [ids.length, d]} (a new tensor, not a view)
     * @throws IllegalArgumentException if an id is outside {@code [0, V)}; the message names it and V
     */
    Tensor lookup(Tensor table, int[] ids);

    /**
     * The fixed sinusoidal position table, shape {@code [positions, dim]}:
     * {@code PE[pos][2i] = sin(pos / BASE^(2i/dim))}, {@code PE[pos][2i+1] = cos(pos / BASE^(2i/dim))}.
     * Compute the angle in double precision, then store as float. {@code sinusoidal(0, dim)} is an empty
     * {@code [0, dim]} table.
     *
     * @throws IllegalArgumentException if {@code positions < 0} or {@code dim < 1}
     */
    Tensor sinusoidal(int positions, int dim);

    /**
     * Adds position vectors to token vectors: {@code out[t] = tokens[t] + positionTable[t]}.
     *
     * @param tokens        shape {@code [T, d]}
     * @param positionTable shape {@code [P, d]} with {@code P ≥ T} (learned or sinusoidal)
     * @throws IllegalArgumentException if the widths differ or {@code P < T}
     */
    Tensor addPositions(Tensor tokens, Tensor positionTable);

    /**
     * Rotary position embedding of one head's vectors; row {@code t} is at position {@code t}.
     *
     * <p>Consecutive pairs of coordinates are rotated: for {@code i in [0, d/2)}, with
     * {@code θ_i = BASE^(−2i/d)} and angle {@code a = t·θ_i} (in double precision),
     * {@code out[t][2i] = x[t][2i]·cos a − x[t][2i+1]·sin a} and
     * {@code out[t][2i+1] = x[t][2i]·sin a + x[t][2i+1]·cos a}. Row 0 is unchanged.
     *
     * @param x shape {@code [T, d]} with {@code d} even
     * @throws IllegalArgumentException if {@code d} is odd
     */
    Tensor rotary(Tensor x);
}
