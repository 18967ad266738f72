package dev.llmf.contract;

/**
 * Exercise 6 — choosing the next token from the model's logits.
 *
 * <h2>The distribution</h2>
 * {@link #distribution} applies, in this order:
 * <ol>
 *   <li><b>temperature</b> {@code T}: {@code p = softmax(logits / T)}; {@code T = 0} means greedy: all probability
 *       on {@link #greedy}'s token;</li>
 *   <li><b>top-k</b> (if {@code k > 0}): rank tokens by probability, highest first, equal probabilities by lower
 *       id first; keep the first {@code k}, zero the rest, renormalise;</li>
 *   <li><b>top-p</b> (if {@code p < 1}): in the same ranking, keep the shortest prefix whose cumulative
 *       probability reaches {@code p} ({@code ≥ p}; the token that crosses {@code p} is kept), zero the rest,
 *       renormalise.</li>
 * </ol>
 * Compute sums in double precision. Where a cumulative sum for top-p lies within 1e-6 of {@code p}, float and
 * double arithmetic can disagree (10 equal logits with {@code p = 0.8}: eight probabilities of 0.1 add up to
 * 0.8 in float but to 0.7999999999999999 in double, so 8 or 9 tokens stay): such cases accept either answer.
 * Worked example, logits {@code [2.0, 1.0, 0.5, 0.0]}: T=1 gives
 * {@code [0.579259, 0.213097, 0.129250, 0.078394]}; T=0.5 gives {@code [0.830953, 0.112457, 0.041371, 0.015219]};
 * top-k=2 gives {@code [0.731059, 0.268941, 0, 0]}; top-p=0.7 keeps 2 tokens (cumulative 0.579, 0.792),
 * top-p=0.95 keeps all 4 (0.579, 0.792, 0.922, 1.0).
 *
 * <h2>Drawing</h2>
 * Randomness comes from outside as one uniform number {@code u} in {@code [0, 1)}, so a seed reproduces a draw
 * exactly: {@link #sample} walks the final distribution in id order, adding up probabilities (in double), and
 * returns the first id at which the running sum exceeds {@code u}; if rounding leaves the sum at or below
 * {@code u}, it returns the highest id with non-zero probability. It walks the float probabilities
 * {@link #distribution} returns; walking the double ones it computed them from picks a different id only when
 * {@code u} lies within 1e-6 of a running sum, and such draws are not graded.
 *
 * <p>No method writes into the {@code logits} array it is given.
 */
public interface Sampler {

    /** Sampling settings; {@code topK = 0} and {@code topP = 1} switch those filters off. */
    record Config(double temperature, int topK, double topP) {
        public Config {
            if (!(temperature >= 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature (" + temperature + ") must be a finite number >= 0");
            }
            if (topK < 0) {
                throw new IllegalArgumentException("topK (" + topK + ") must be >= 0 (0 switches it off)");
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("topP (" + topP + ") must be in (0, 1] (1 switches it off)");
            }
        }

        /** Always the most likely token. */
        public static Config greedyDecoding() {
            return new Config(0, 0, 1);
        }

        /** Plain sampling from {@code softmax(logits / temperature)}. */
        public static Config withTemperature(double temperature) {
            return new Config(temperature, 0, 1);
        }
    }

    /**
     * The index of the largest logit; on a tie, the lowest such index.
     *
     * @throws IllegalArgumentException if {@code logits} is empty
     */
    int greedy(float[] logits);

    /** The probabilities {@link #sample} draws from (see the class comment); same length as {@code logits}. */
    float[] distribution(float[] logits, Config config);

    /**
     * One token drawn from {@link #distribution} with the uniform number {@code u}.
     *
     * @throws IllegalArgumentException if {@code u} is not in {@code [0, 1)}
     */
    int sample(float[] logits, Config config, double u);
}
