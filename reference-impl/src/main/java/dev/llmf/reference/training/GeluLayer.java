package dev.llmf.reference.training;

/** GELU, tanh approximation (as in {@code TransformerBlock.gelu}), and its derivative. */
final class GeluLayer {

    private static final double K = Math.sqrt(2 / Math.PI);
    private static final double C = 0.044715;

    private GeluLayer() {
    }

    /**
     * {@code y[i] = gelu(u[i])} for the first {@code n} numbers; keeps the tanh of each in {@code tanh} for the
     * backward pass (tanh is the costly part of both).
     */
    static void forward(double[] u, double[] y, double[] tanh, int n) {
        for (int i = 0; i < n; i++) {
            double x = u[i];
            double t = Math.tanh(K * (x + C * x * x * x));
            tanh[i] = t;
            y[i] = 0.5 * x * (1 + t);
        }
    }

    /**
     * Turns {@code dy} (the gradient at the output) into the gradient at the input {@code u}, in place, with the
     * {@code tanh} the forward kept.
     */
    static void backwardInPlace(double[] u, double[] tanh, double[] dy, int n) {
        for (int i = 0; i < n; i++) {
            double x = u[i];
            double t = tanh[i];
            double slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
            dy[i] *= slope;
        }
    }
}
