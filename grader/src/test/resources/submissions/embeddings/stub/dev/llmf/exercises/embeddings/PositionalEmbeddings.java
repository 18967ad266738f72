package dev.llmf.exercises.embeddings;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;

/**
 * Exercise 3: token embedding lookup and three ways of telling the model where each token stands.
 *
 * <p>Start with {@code exercises/03-embeddings/README.md}; the exact formulas are in the Javadoc of
 * {@link Embeddings}.
 */
public class PositionalEmbeddings implements Embeddings {

    /** Creates the embeddings helper; it keeps no state (the tables are passed in). */
    public PositionalEmbeddings() {
    }

    @Override
    public Tensor lookup(Tensor table, int[] ids) {
        throw new UnsupportedOperationException(
                "TODO: check each id is in [0, V), then copy row ids[t] of the table into row t of a new tensor");
    }

    @Override
    public Tensor sinusoidal(int positions, int dim) {
        throw new UnsupportedOperationException(
                "TODO: PE[pos][2i] = sin(pos / BASE^(2i/dim)), PE[pos][2i+1] = cos of the same angle");
    }

    @Override
    public Tensor addPositions(Tensor tokens, Tensor positionTable) {
        throw new UnsupportedOperationException(
                "TODO: check the widths match and the table has enough rows, then out[t] = tokens[t] + table[t]");
    }

    @Override
    public Tensor rotary(Tensor x) {
        throw new UnsupportedOperationException(
                "TODO: rotate each pair (x[t][2i], x[t][2i+1]) by the angle t * BASE^(-2i/d)");
    }
}
