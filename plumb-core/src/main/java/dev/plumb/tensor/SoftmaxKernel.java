package dev.plumb.tensor;

/**
 * Softmax over each row and what is built on the same log-sum-exp: the softmax cross-entropy from logits
 * and its gradient. Per row, max z and S = Σ_k e^(z_k − max z) are computed once, in double, by one pair of
 * loops per precision, which every operation here shares:
 * <ul>
 *   <li>softmax a_j = e^(z_j − max z) / S (shifting by the row maximum keeps every exponent ≤ 0);
 *   <li>its Jacobian-vector product dz_j = a_j (da_j − Σ_k da_k a_k);
 *   <li>cross-entropy against a target distribution y, L = Σ_j y_j ((max z − z_j) + log S), averaged over
 *       the rows — the two terms kept apart because at |z| ≈ 1e16 and beyond, max z + log S rounds back
 *       to max z and the log S (log 2 for a tie) would be lost;
 *   <li>its gradient (softmax(z) − y) / m, m the number of rows.
 * </ul>
 *
 * <p>Both precisions compute in double and the float32 loops round only what they store, so a float32
 * matrix gives the float64 results rounded to float. Nothing is allocated.
 */
public final class SoftmaxKernel {

    private SoftmaxKernel() {
    }

    /** {@code a = softmax(z)} row by row; {@code a} may be {@code z}. */
    public static void forward(Matrix z, Matrix a) {
        Checks.sameShapeAndDType("a", a, "z", z);
        int cols = z.cols();
        if (z instanceof FloatMatrix fz) {
            forward(fz.array(), ((FloatMatrix) a).data(), cols);
        } else {
            forward(((DoubleMatrix) z).data(), ((DoubleMatrix) a).data(), cols);
        }
    }

    /** {@code dZ = a ⊙ (dA − rowSum(dA ⊙ a))}, the backward pass of {@link #forward} with {@code a} its output. */
    public static void backward(Matrix a, Matrix dA, Matrix dZ) {
        Checks.sameShapeAndDType("dA", dA, "a", a);
        Checks.sameShapeAndDType("dZ", dZ, "a", a);
        int cols = a.cols();
        if (a instanceof FloatMatrix fa) {
            backward(fa.array(), ((FloatMatrix) dA).array(), ((FloatMatrix) dZ).data(), cols);
        } else {
            backward(((DoubleMatrix) a).data(), ((DoubleMatrix) dA).data(), ((DoubleMatrix) dZ).data(), cols);
        }
    }

    /** The cross-entropy of softmax(z) against the target rows {@code y}, averaged over the rows; 0 for no rows. */
    public static double crossEntropy(Matrix z, Matrix y) {
        Checks.sameShapeAndDType("y", y, "z", z);
        return z instanceof FloatMatrix fz
                ? crossEntropy(fz.array(), ((FloatMatrix) y).array(), null, true, z.rows(), z.cols())
                : crossEntropy(((DoubleMatrix) z).data(), ((DoubleMatrix) y).data(), null, true, z.rows(), z.cols());
    }

    /** {@code grad = (softmax(z) − y) / m}. */
    public static void crossEntropyGradient(Matrix z, Matrix y, Matrix grad) {
        crossEntropyRows(z, y, grad, false);
    }

    /**
     * {@link #crossEntropy} and {@link #crossEntropyGradient} in one pass over each row, with the very
     * operations of each: two exponentials per element instead of three.
     */
    public static double crossEntropyAndGradient(Matrix z, Matrix y, Matrix grad) {
        return crossEntropyRows(z, y, grad, true);
    }

    private static double crossEntropyRows(Matrix z, Matrix y, Matrix grad, boolean withCost) {
        Checks.sameShapeAndDType("y", y, "z", z);
        Checks.sameShapeAndDType("grad", grad, "z", z);
        return z instanceof FloatMatrix fz
                ? crossEntropy(fz.array(), ((FloatMatrix) y).array(), ((FloatMatrix) grad).data(), withCost,
                        z.rows(), z.cols())
                : crossEntropy(((DoubleMatrix) z).data(), ((DoubleMatrix) y).data(), ((DoubleMatrix) grad).data(),
                        withCost, z.rows(), z.cols());
    }

    // ---- float32: double arithmetic on float elements, rounded once when stored -------------------------

    private static double rowMax(float[] z, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[off + j]);
        }
        return max;
    }

    /** Σ_k e^(z_k − max): between 1 and cols, never overflowing. */
    private static double sumExp(float[] z, int off, int cols, double max) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Math.exp(z[off + j] - max);
        }
        return sum;
    }

    private static void forward(float[] z, float[] a, int cols) {
        for (int off = 0; off < z.length; off += cols) {
            double max = rowMax(z, off, cols);
            double sum = sumExp(z, off, cols, max);
            for (int j = 0; j < cols; j++) {
                a[off + j] = (float) (Math.exp(z[off + j] - max) / sum);
            }
        }
    }

    private static void backward(float[] a, float[] dA, float[] dZ, int cols) {
        for (int off = 0; off < a.length; off += cols) {
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) dA[off + j] * a[off + j];
            }
            for (int j = 0; j < cols; j++) {
                dZ[off + j] = (float) (a[off + j] * (dA[off + j] - dot));
            }
        }
    }

    /**
     * The cost if {@code withCost} (else 0), and the gradient into {@code grad} unless it is null: one loop,
     * so that the cost and the gradient computed alone are those computed together.
     */
    private static double crossEntropy(float[] z, float[] y, float[] grad, boolean withCost, int rows, int cols) {
        if (rows == 0) {
            return 0;
        }
        double invM = 1.0 / rows;
        double total = 0;
        for (int off = 0; off < z.length; off += cols) {
            double max = rowMax(z, off, cols);
            double sum = sumExp(z, off, cols, max);
            if (withCost) {
                double logSum = Math.log(sum);
                for (int j = 0; j < cols; j++) {
                    double t = y[off + j];
                    if (t != 0) { // a zero target contributes nothing, also where z_j = −∞ would make 0·∞
                        total += t * ((max - z[off + j]) + logSum);
                    }
                }
            }
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    grad[off + j] = (float) ((Math.exp(z[off + j] - max) / sum - y[off + j]) * invM);
                }
            }
        }
        return total / rows;
    }

    // ---- float64: the same loops on double elements --------------------------------------------------

    private static double rowMax(double[] z, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[off + j]);
        }
        return max;
    }

    private static double sumExp(double[] z, int off, int cols, double max) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Math.exp(z[off + j] - max);
        }
        return sum;
    }

    private static void forward(double[] z, double[] a, int cols) {
        for (int off = 0; off < z.length; off += cols) {
            double max = rowMax(z, off, cols);
            double sum = sumExp(z, off, cols, max);
            for (int j = 0; j < cols; j++) {
                a[off + j] = Math.exp(z[off + j] - max) / sum;
            }
        }
    }

    private static void backward(double[] a, double[] dA, double[] dZ, int cols) {
        for (int off = 0; off < a.length; off += cols) {
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += dA[off + j] * a[off + j];
            }
            for (int j = 0; j < cols; j++) {
                dZ[off + j] = a[off + j] * (dA[off + j] - dot);
            }
        }
    }

    private static double crossEntropy(double[] z, double[] y, double[] grad, boolean withCost, int rows, int cols) {
        if (rows == 0) {
            return 0;
        }
        double invM = 1.0 / rows;
        double total = 0;
        for (int off = 0; off < z.length; off += cols) {
            double max = rowMax(z, off, cols);
            double sum = sumExp(z, off, cols, max);
            if (withCost) {
                double logSum = Math.log(sum);
                for (int j = 0; j < cols; j++) {
                    double t = y[off + j];
                    if (t != 0) {
                        total += t * ((max - z[off + j]) + logSum);
                    }
                }
            }
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    grad[off + j] = (Math.exp(z[off + j] - max) / sum - y[off + j]) * invM;
                }
            }
        }
        return total / rows;
    }
}
