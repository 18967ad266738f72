package dev.llmf.reference.training;

import dev.llmf.contract.TransformerBlock;

/**
 * LayerNorm over rows of width {@code d} (biased variance, ε of {@link TransformerBlock#LAYER_NORM_EPSILON}), and its
 * backward pass, which needs the normalised rows {@code x̂} and the reciprocal deviations {@code 1/σ} kept by the
 * forward.
 */
final class LayerNormLayer {

    private static final double EPS = TransformerBlock.LAYER_NORM_EPSILON;

    private LayerNormLayer() {
    }

    /** {@code y = x̂·γ + β} for {@code n} rows; fills {@code xhat [n, d]} and {@code rstd [n]}. */
    static void forward(double[] x, int n, int d, double[] params, int gamma, int beta, double[] xhat, double[] rstd,
                        double[] y) {
        for (int i = 0; i < n; i++) {
            int row = i * d;
            double mean = 0;
            for (int c = 0; c < d; c++) {
                mean += x[row + c];
            }
            mean /= d;
            double variance = 0;
            for (int c = 0; c < d; c++) {
                double centred = x[row + c] - mean;
                variance += centred * centred;
            }
            double r = 1 / Math.sqrt(variance / d + EPS);
            rstd[i] = r;
            for (int c = 0; c < d; c++) {
                double h = (x[row + c] - mean) * r;
                xhat[row + c] = h;
                y[row + c] = h * params[gamma + c] + params[beta + c];
            }
        }
    }

    /**
     * Adds {@code dL/dx} to {@code dx} and {@code dL/dγ}, {@code dL/dβ} to the gradients, given {@code dy = dL/dy}:
     * {@code dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))} with {@code dx̂ = dy·γ}.
     */
    static void backward(double[] dy, double[] xhat, double[] rstd, int n, int d, double[] params, double[] grads,
                         int gamma, int beta, double[] dx) {
        for (int i = 0; i < n; i++) {
            int row = i * d;
            double meanDh = 0;
            double meanDhX = 0;
            for (int c = 0; c < d; c++) {
                double dh = dy[row + c] * params[gamma + c];
                meanDh += dh;
                meanDhX += dh * xhat[row + c];
                grads[gamma + c] += dy[row + c] * xhat[row + c];
                grads[beta + c] += dy[row + c];
            }
            meanDh /= d;
            meanDhX /= d;
            for (int c = 0; c < d; c++) {
                double dh = dy[row + c] * params[gamma + c];
                dx[row + c] += rstd[i] * (dh - meanDh - xhat[row + c] * meanDhX);
            }
        }
    }
}
