package dev.plumb.nn;

import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * Softmax cross-entropy from logits, fused: for a row z with target distribution y (one-hot for hard
 * labels), L = logΣ_k e^(z_k) − Σ_j y_j z_j, evaluated as Σ_j y_j ((max z − z_j) + log Σ_k e^(z_k − max z)),
 * so no exponent is positive and logits of ±1e30 give finite losses. The two terms are kept apart
 * because at |z| ≈ 1e16 and beyond, max z + log Σ rounds back to max z and the log Σ (log 2 for a tie)
 * would be lost. Gradient: (softmax(z) − y) / m.
 */
public record SoftmaxCrossEntropy() implements Loss {

    @Override
    public double cost(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        int cols = output.cols();
        double total = 0;
        for (int r = 0, off = 0; r < output.rows(); r++, off += cols) {
            double max = rowMax(output, off, cols);
            double logSum = Math.log(sumExp(output, off, cols, max));
            for (int j = 0; j < cols; j++) {
                double y = target.get(off + j);
                if (y != 0) {
                    total += y * ((max - output.get(off + j)) + logSum);
                }
            }
        }
        return output.rows() == 0 ? 0 : total / output.rows();
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.requireSameShape(output, target);
        int cols = output.cols();
        double invM = 1.0 / output.rows();
        for (int r = 0, off = 0; r < output.rows(); r++, off += cols) {
            double max = rowMax(output, off, cols);
            double sum = sumExp(output, off, cols, max);
            for (int j = 0; j < cols; j++) {
                grad.set(off + j, (Math.exp(output.get(off + j) - max) / sum - target.get(off + j)) * invM);
            }
        }
    }

    /**
     * One pass for both: per row the maximum and Σ e^(z_k − max) once, then the cost's terms and the
     * gradient, in the very operations and order {@link #cost} and {@link #gradient} use, so the results
     * are theirs (two exponentials per element instead of three). Float32 matrices are read through their
     * arrays; nothing is allocated.
     */
    @Override
    public double costAndGradient(Matrix output, Matrix target, Matrix grad) {
        Loss.requireSameShape(output, target);
        int rows = output.rows();
        int cols = output.cols();
        if (rows == 0) {
            return 0;
        }
        if (!(output instanceof FloatMatrix z && target instanceof FloatMatrix y && grad instanceof FloatMatrix g)) {
            double cost = cost(output, target);
            gradient(output, target, grad);
            return cost;
        }
        float[] zs = z.data();
        float[] ys = y.data();
        float[] gs = g.data();
        double invM = 1.0 / rows;
        double total = 0;
        for (int off = 0; off < zs.length; off += cols) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, zs[off + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(zs[off + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double t = ys[off + j];
                if (t != 0) {
                    total += t * ((max - zs[off + j]) + logSum);
                }
                gs[off + j] = (float) ((Math.exp(zs[off + j] - max) / sum - t) * invM);
            }
        }
        return total / rows;
    }

    @Override
    public void predict(Matrix output, Matrix predictions) {
        new Softmax().forward(output, predictions);
    }

    @Override
    public double error(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        int wrong = 0;
        for (int r = 0; r < output.rows(); r++) {
            if (output.argmaxInRow(r) != target.argmaxInRow(r)) {
                wrong++;
            }
        }
        return output.rows() == 0 ? 0 : (double) wrong / output.rows();
    }

    @Override
    public boolean isClassification() {
        return true;
    }

    @Override
    public String id() {
        return "softmax_cross_entropy";
    }

    private static double rowMax(Matrix z, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z.get(off + j));
        }
        return max;
    }

    /** Σ_k e^(z_k − max): between 1 and cols, never overflowing. */
    private static double sumExp(Matrix z, int off, int cols, double max) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Math.exp(z.get(off + j) - max);
        }
        return sum;
    }
}
