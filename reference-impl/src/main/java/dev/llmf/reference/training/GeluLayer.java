package dev.llmf.reference.training;

/** GELU, tanh approximation (as in {@code TransformerBlock.gelu}), and its derivative. */
final class GeluLayer {

    private static final double K = Math.sqrt(2 / Math.PI);
    private static final double C = 0.044715;

    private GeluLayer() {
    }

    /** {@code y[i] = gelu(u[i])} for the first {@code n} numbers. */
    static void forward(double[] u, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            double x = u[i];
            y[i] = 0.5 * x * (1 + Math.tanh(K * (x + C * x * x * x)));
        }
    }

    /** Turns {@code dy} (the gradient at the output) into the gradient at the input {@code u}, in place. */
    static void backwardInPlace(double[] u, double[] dy, int n) {
        for (int i = 0; i < n; i++) {
            double x = u[i];
            double t = Math.tanh(K * (x + C * x * x * x));
            double slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
            dy[i] *= slope;
        }
    }
}
