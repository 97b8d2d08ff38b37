package dev.plumb.nn;

import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * Row-wise softmax: a_j = e^(z_j − max z) / Σ_k e^(z_k − max z) (shifting by the row maximum keeps
 * every exponent ≤ 0). Backward is the Jacobian-vector product dz_j = a_j (da_j − Σ_k da_k a_k).
 *
 * <p>For classification prefer an identity output with {@link SoftmaxCrossEntropy}, which fuses the
 * two stably; this activation is for networks that need the probabilities inside.
 */
public record Softmax() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        int cols = z.cols();
        if (z instanceof FloatMatrix fz && a instanceof FloatMatrix fa) {
            forward(fz.data(), fa.data(), cols);
            return;
        }
        for (int r = 0, off = 0; r < z.rows(); r++, off += cols) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z.get(off + j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z.get(off + j) - max);
            }
            for (int j = 0; j < cols; j++) {
                a.set(off + j, Math.exp(z.get(off + j) - max) / sum);
            }
        }
    }

    /** The loop above on float32 arrays: the same double arithmetic, without a virtual call per element. */
    private static void forward(float[] z, float[] a, int cols) {
        for (int off = 0; off < z.length; off += cols) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[off + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z[off + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                a[off + j] = (float) (Math.exp(z[off + j] - max) / sum);
            }
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        int cols = z.cols();
        for (int r = 0, off = 0; r < z.rows(); r++, off += cols) {
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += dA.get(off + j) * a.get(off + j);
            }
            for (int j = 0; j < cols; j++) {
                dZ.set(off + j, a.get(off + j) * (dA.get(off + j) - dot));
            }
        }
    }

    @Override
    public String id() {
        return "softmax";
    }
}
