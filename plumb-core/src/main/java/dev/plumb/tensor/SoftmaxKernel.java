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
 * matrix gives the float64 results rounded to float. Each e^(z_j − max z) is computed once and kept in a double
 * scratch row (one per thread) between the sum and the division, so the values are those of computing it twice,
 * bit for bit. Large batches are split across the cores by rows ({@link ParallelLoops}); the cost, a sum over
 * all rows, is then added up afterwards in row order from each row's max and sum, with the same operations.
 * Nothing is allocated once warm.
 */
public final class SoftmaxKernel {

    /** Element-equivalents of work per logit: an exponential costs about as much as ten plain operations. */
    private static final int EXP_WORK = 8;
    // the exponentials of one row, between their sum and the division; one per thread (the pool's workers too)
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[16]);

    private SoftmaxKernel() {
    }

    /** {@code a = softmax(z)} row by row; {@code a} may be {@code z}. */
    public static void forward(Matrix z, Matrix a) {
        Checks.sameShapeAndDType("a", a, "z", z);
        int rows = z.rows();
        int cols = z.cols();
        LoopOperands o = ParallelLoops.acquire((long) EXP_WORK * z.size());
        if (z instanceof FloatMatrix fz) {
            float[] zs = fz.array();
            float[] as = ((FloatMatrix) a).data();
            if (o == null) {
                forward(zs, as, cols, 0, rows);
                return;
            }
            o.f0 = zs;
            o.f1 = as;
            o.i0 = cols;
            ParallelLoops.run(o, rows, rowGrain(cols), (p, chunk, from, to) -> forward(p.f0, p.f1, p.i0, from, to));
        } else {
            double[] zs = ((DoubleMatrix) z).data();
            double[] as = ((DoubleMatrix) a).data();
            if (o == null) {
                forward(zs, as, cols, 0, rows);
                return;
            }
            o.d0 = zs;
            o.d1 = as;
            o.i0 = cols;
            ParallelLoops.run(o, rows, rowGrain(cols), (p, chunk, from, to) -> forward(p.d0, p.d1, p.i0, from, to));
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
        return crossEntropyRows(z, y, null, true);
    }

    /** {@code grad = (softmax(z) − y) / m}. */
    public static void crossEntropyGradient(Matrix z, Matrix y, Matrix grad) {
        Checks.sameShapeAndDType("y", y, "z", z);
        Checks.sameShapeAndDType("grad", grad, "z", z);
        crossEntropyRows(z, y, grad, false);
    }

    /**
     * {@link #crossEntropy} and {@link #crossEntropyGradient} in one pass over each row, with the very
     * operations of each: one exponential per element.
     */
    public static double crossEntropyAndGradient(Matrix z, Matrix y, Matrix grad) {
        Checks.sameShapeAndDType("y", y, "z", z);
        Checks.sameShapeAndDType("grad", grad, "z", z);
        return crossEntropyRows(z, y, grad, true);
    }

    private static int rowGrain(int cols) {
        return Math.max(1, ParallelLoops.rowGrain(cols) / EXP_WORK);
    }

    /**
     * The cost (if {@code withCost}) and the gradient (if {@code grad} is not null). Split across the cores when
     * the gradient is asked for and the batch is large: the rows' gradients in parallel, each row's max and sum
     * kept, then the cost added up over the rows in order, as the serial loop adds it.
     */
    private static double crossEntropyRows(Matrix z, Matrix y, Matrix grad, boolean withCost) {
        int rows = z.rows();
        int cols = z.cols();
        if (rows == 0) {
            return 0;
        }
        LoopOperands o = grad == null ? null : ParallelLoops.acquire((long) EXP_WORK * z.size());
        if (z instanceof FloatMatrix fz) {
            float[] zs = fz.array();
            float[] ys = ((FloatMatrix) y).array();
            float[] gs = grad == null ? null : ((FloatMatrix) grad).data();
            if (o == null) {
                return crossEntropy(zs, ys, gs, withCost, rows, cols, 0, rows, null, null);
            }
            o.growRows(rows);
            double[] maxima = o.rowMaxima;
            double[] sums = o.rowSums;
            o.f0 = zs;
            o.f1 = ys;
            o.f2 = gs;
            o.i0 = rows;
            o.i1 = cols;
            ParallelLoops.run(o, rows, rowGrain(cols), (p, chunk, from, to) ->
                    crossEntropy(p.f0, p.f1, p.f2, false, p.i0, p.i1, from, to, p.rowMaxima, p.rowSums));
            return withCost ? costFromRows(zs, ys, rows, cols, maxima, sums) : 0;
        }
        double[] zs = ((DoubleMatrix) z).data();
        double[] ys = ((DoubleMatrix) y).data();
        double[] gs = grad == null ? null : ((DoubleMatrix) grad).data();
        if (o == null) {
            return crossEntropy(zs, ys, gs, withCost, rows, cols, 0, rows, null, null);
        }
        o.growRows(rows);
        double[] maxima = o.rowMaxima;
        double[] sums = o.rowSums;
        o.d0 = zs;
        o.d1 = ys;
        o.d2 = gs;
        o.i0 = rows;
        o.i1 = cols;
        ParallelLoops.run(o, rows, rowGrain(cols), (p, chunk, from, to) ->
                crossEntropy(p.d0, p.d1, p.d2, false, p.i0, p.i1, from, to, p.rowMaxima, p.rowSums));
        return withCost ? costFromRows(zs, ys, rows, cols, maxima, sums) : 0;
    }

    private static double[] scratch(int cols) {
        double[] s = SCRATCH.get();
        if (s.length < cols) {
            s = new double[cols];
            SCRATCH.set(s);
        }
        return s;
    }

    // ---- float32: double arithmetic on float elements, rounded once when stored -------------------------

    private static double rowMax(float[] z, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[off + j]);
        }
        return max;
    }

    /** e^(z_k − max) into {@code e}; returns their sum: between 1 and cols, never overflowing. */
    private static double exps(float[] z, int off, int cols, double max, double[] e) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            double v = Math.exp(z[off + j] - max);
            e[j] = v;
            sum += v;
        }
        return sum;
    }

    private static void forward(float[] z, float[] a, int cols, int fromRow, int toRow) {
        double[] e = scratch(cols);
        for (int off = fromRow * cols, end = toRow * cols; off < end; off += cols) {
            double max = rowMax(z, off, cols);
            double sum = exps(z, off, cols, max, e);
            for (int j = 0; j < cols; j++) {
                a[off + j] = (float) (e[j] / sum);
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
     * Rows {@code [fromRow, toRow)}: the cost if {@code withCost} (else 0), the gradient into {@code grad} unless it
     * is null, and each row's max and sum into {@code maxima}/{@code sums} unless they are null. One loop, so that
     * the cost and the gradient computed alone are those computed together.
     */
    private static double crossEntropy(float[] z, float[] y, float[] grad, boolean withCost, int rows, int cols,
            int fromRow, int toRow, double[] maxima, double[] sums) {
        double invM = 1.0 / rows;
        double total = 0;
        double[] e = scratch(cols);
        for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
            double max = rowMax(z, off, cols);
            double sum = exps(z, off, cols, max, e);
            if (maxima != null) {
                maxima[r] = max;
                sums[r] = sum;
            }
            if (withCost) {
                total = addRowCost(total, z, y, off, cols, max, Math.log(sum));
            }
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    grad[off + j] = (float) ((e[j] / sum - y[off + j]) * invM);
                }
            }
        }
        return total / rows;
    }

    /** The cost from each row's max and sum, added in row order as {@link #crossEntropy} adds it. */
    private static double costFromRows(float[] z, float[] y, int rows, int cols, double[] maxima, double[] sums) {
        double total = 0;
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            total = addRowCost(total, z, y, off, cols, maxima[r], Math.log(sums[r]));
        }
        return total / rows;
    }

    /** {@code total} plus one row's y_j ((max − z_j) + log S), term by term. */
    private static double addRowCost(double total, float[] z, float[] y, int off, int cols, double max, double logSum) {
        for (int j = 0; j < cols; j++) {
            double t = y[off + j];
            if (t != 0) { // a zero target contributes nothing, also where z_j = −∞ would make 0·∞
                total += t * ((max - z[off + j]) + logSum);
            }
        }
        return total;
    }


    // ---- float64: the same loops on double elements --------------------------------------------------

    private static double rowMax(double[] z, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[off + j]);
        }
        return max;
    }

    private static double exps(double[] z, int off, int cols, double max, double[] e) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            double v = Math.exp(z[off + j] - max);
            e[j] = v;
            sum += v;
        }
        return sum;
    }

    private static void forward(double[] z, double[] a, int cols, int fromRow, int toRow) {
        double[] e = scratch(cols);
        for (int off = fromRow * cols, end = toRow * cols; off < end; off += cols) {
            double max = rowMax(z, off, cols);
            double sum = exps(z, off, cols, max, e);
            for (int j = 0; j < cols; j++) {
                a[off + j] = e[j] / sum;
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

    private static double crossEntropy(double[] z, double[] y, double[] grad, boolean withCost, int rows, int cols,
            int fromRow, int toRow, double[] maxima, double[] sums) {
        double invM = 1.0 / rows;
        double total = 0;
        double[] e = scratch(cols);
        for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
            double max = rowMax(z, off, cols);
            double sum = exps(z, off, cols, max, e);
            if (maxima != null) {
                maxima[r] = max;
                sums[r] = sum;
            }
            if (withCost) {
                total = addRowCost(total, z, y, off, cols, max, Math.log(sum));
            }
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    grad[off + j] = (e[j] / sum - y[off + j]) * invM;
                }
            }
        }
        return total / rows;
    }

    private static double costFromRows(double[] z, double[] y, int rows, int cols, double[] maxima, double[] sums) {
        double total = 0;
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            total = addRowCost(total, z, y, off, cols, maxima[r], Math.log(sums[r]));
        }
        return total / rows;
    }

    private static double addRowCost(double total, double[] z, double[] y, int off, int cols, double max, double logSum) {
        for (int j = 0; j < cols; j++) {
            double t = y[off + j];
            if (t != 0) { // a zero target contributes nothing, also where z_j = −∞ would make 0·∞
                total += t * ((max - z[off + j]) + logSum);
            }
        }
        return total;
    }
}
