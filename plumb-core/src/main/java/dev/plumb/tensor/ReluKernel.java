package dev.plumb.tensor;

/**
 * ReLU over every element, g(z) = max(0, z), and its backward pass dZ = dA ⊙ g'(z) with g'(z) = 1 for
 * z > 0, else 0 (the subgradient at 0 taken as 0): one array loop per precision. A NaN in z stays NaN,
 * forward and backward, so that a diverging unit is seen rather than silenced.
 *
 * <p>The float32 loops are written so that the JIT vectorizes them (JDK 17 vectorizes
 * {@code Math.max}/{@code Math.min} but not a conditional select, and a branch on the sign of z mispredicts
 * half the time). They give the values of the float64 loops, except that backward may write −0 where the
 * float64 loop writes +0, which no sum or update can tell apart, and NaN where dA is infinite and the unit
 * is off. The float64 loops keep the plain definition: gradient checks run in float64 and judge against it.
 *
 * <p>Large matrices are split across the cores ({@link ParallelLoops}); every element is computed the same way
 * whichever thread computes it.
 */
public final class ReluKernel {

    private ReluKernel() {
    }

    /** {@code a = max(z, 0)}, elementwise; {@code a} may be {@code z}. */
    public static void forward(Matrix z, Matrix a) {
        Checks.sameShapeAndDType("a", a, "z", z);
        int n = z.size();
        LoopOperands o = ParallelLoops.acquire(n);
        if (z instanceof FloatMatrix fz) {
            float[] zs = fz.array();
            float[] as = ((FloatMatrix) a).data();
            if (o == null) {
                forward(zs, as, 0, n);
                return;
            }
            o.f0 = zs;
            o.f1 = as;
            ParallelLoops.run(o, n, (p, chunk, from, to) -> forward(p.f0, p.f1, from, to));
        } else {
            double[] zs = ((DoubleMatrix) z).data();
            double[] as = ((DoubleMatrix) a).data();
            if (o == null) {
                forward(zs, as, 0, n);
                return;
            }
            o.d0 = zs;
            o.d1 = as;
            ParallelLoops.run(o, n, (p, chunk, from, to) -> forward(p.d0, p.d1, from, to));
        }
    }

    /**
     * {@code z += b} (the {@code 1 × cols} bias on every row), then {@code a = max(z, 0)}: a layer's bias and
     * activation in one pass over z instead of two, with the very operations of {@link Matrix#addRowVector}
     * and {@link #forward}, so the same results; {@code a} may be {@code z}.
     */
    public static void forwardWithBias(Matrix z, Matrix bias, Matrix a) {
        Checks.sameShapeAndDType("a", a, "z", z);
        requireBias(z, bias);
        int rows = z.rows();
        int cols = z.cols();
        LoopOperands o = ParallelLoops.acquire(z.size());
        if (z instanceof FloatMatrix fz) {
            float[] zs = fz.data();
            float[] bs = ((FloatMatrix) bias).array();
            float[] as = a == z ? zs : ((FloatMatrix) a).data();
            if (o == null) {
                forwardWithBias(zs, bs, as, cols, 0, rows);
                return;
            }
            o.f0 = zs;
            o.f1 = bs;
            o.f2 = as;
            o.i0 = cols;
            ParallelLoops.run(o, rows, ParallelLoops.rowGrain(cols),
                    (p, chunk, from, to) -> forwardWithBias(p.f0, p.f1, p.f2, p.i0, from, to));
        } else {
            double[] zs = ((DoubleMatrix) z).data();
            double[] bs = ((DoubleMatrix) bias).data();
            double[] as = a == z ? zs : ((DoubleMatrix) a).data();
            if (o == null) {
                forwardWithBias(zs, bs, as, cols, 0, rows);
                return;
            }
            o.d0 = zs;
            o.d1 = bs;
            o.d2 = as;
            o.i0 = cols;
            ParallelLoops.run(o, rows, ParallelLoops.rowGrain(cols),
                    (p, chunk, from, to) -> forwardWithBias(p.d0, p.d1, p.d2, p.i0, from, to));
        }
    }

    /**
     * {@code dZ = dA ⊙ g'(z)}, where {@code a = max(z, 0)} is the forward output (the float32 loop reads
     * g'(z) off {@code a}, the float64 loop off {@code z}); {@code dZ} may be {@code dA}.
     */
    public static void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        Checks.sameShapeAndDType("a", a, "z", z);
        Checks.sameShapeAndDType("dA", dA, "z", z);
        Checks.sameShapeAndDType("dZ", dZ, "z", z);
        int n = z.size();
        LoopOperands o = ParallelLoops.acquire(n);
        if (z instanceof FloatMatrix) {
            float[] as = ((FloatMatrix) a).array();
            float[] dAs = ((FloatMatrix) dA).array();
            float[] dZs = ((FloatMatrix) dZ).data();
            if (o == null) {
                backward(as, dAs, dZs, 0, n);
                return;
            }
            o.f0 = as;
            o.f1 = dAs;
            o.f2 = dZs;
            ParallelLoops.run(o, n, (p, chunk, from, to) -> backward(p.f0, p.f1, p.f2, from, to));
        } else {
            double[] zs = ((DoubleMatrix) z).data();
            double[] dAs = ((DoubleMatrix) dA).data();
            double[] dZs = ((DoubleMatrix) dZ).data();
            if (o == null) {
                backward(zs, dAs, dZs, 0, n);
                return;
            }
            o.d0 = zs;
            o.d1 = dAs;
            o.d2 = dZs;
            ParallelLoops.run(o, n, (p, chunk, from, to) -> backward(p.d0, p.d1, p.d2, from, to));
        }
    }

    /**
     * {@link #backward}, and the column sums of dZ into the {@code 1 × cols} matrix {@code db} (a bias gradient,
     * as {@link Matrix#columnSumsInto}) in the same pass: each sum adds the rows in their order, as
     * {@code columnSumsInto} does, so the results are the two calls' own. Split across the cores by columns.
     */
    public static void backwardWithColumnSums(Matrix z, Matrix a, Matrix dA, Matrix dZ, Matrix db) {
        Checks.sameShapeAndDType("a", a, "z", z);
        Checks.sameShapeAndDType("dA", dA, "z", z);
        Checks.sameShapeAndDType("dZ", dZ, "z", z);
        requireBias(z, db);
        int rows = z.rows();
        int cols = z.cols();
        LoopOperands o = ParallelLoops.acquire(z.size());
        int grain = Math.max(1, ParallelLoops.rowGrain(Math.max(1, rows)));
        if (z instanceof FloatMatrix) {
            float[] as = ((FloatMatrix) a).array();
            float[] dAs = ((FloatMatrix) dA).array();
            float[] dZs = ((FloatMatrix) dZ).data();
            float[] sums = ((FloatMatrix) db).data();
            if (o == null) {
                backwardWithColumnSums(as, dAs, dZs, sums, rows, cols, 0, cols);
                return;
            }
            o.f0 = as;
            o.f1 = dAs;
            o.f2 = dZs;
            o.f3 = sums;
            o.i0 = rows;
            o.i1 = cols;
            ParallelLoops.run(o, cols, grain,
                    (p, chunk, from, to) -> backwardWithColumnSums(p.f0, p.f1, p.f2, p.f3, p.i0, p.i1, from, to));
        } else {
            double[] zs = ((DoubleMatrix) z).data();
            double[] dAs = ((DoubleMatrix) dA).data();
            double[] dZs = ((DoubleMatrix) dZ).data();
            double[] sums = ((DoubleMatrix) db).data();
            if (o == null) {
                backwardWithColumnSums(zs, dAs, dZs, sums, rows, cols, 0, cols);
                return;
            }
            o.d0 = zs;
            o.d1 = dAs;
            o.d2 = dZs;
            o.d3 = sums;
            o.i0 = rows;
            o.i1 = cols;
            ParallelLoops.run(o, cols, grain,
                    (p, chunk, from, to) -> backwardWithColumnSums(p.d0, p.d1, p.d2, p.d3, p.i0, p.i1, from, to));
        }
    }

    private static void requireBias(Matrix z, Matrix bias) {
        if (bias.rows() != 1 || bias.cols() != z.cols() || bias.dtype() != z.dtype()) {
            throw new IllegalArgumentException("Invalid argument bias: " + bias.dtype() + " " + bias.shapeString()
                    + ", expected " + z.dtype() + " 1x" + z.cols());
        }
    }

    private static void forward(float[] z, float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    private static void forward(double[] z, double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = Math.max(z[i], 0.0);
        }
    }

    private static void forwardWithBias(float[] z, float[] b, float[] a, int cols, int fromRow, int toRow) {
        if (a == z) { // A written over Z: one store per element
            for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
                for (int j = 0; j < cols; j++) {
                    z[off + j] = Math.max(z[off + j] + b[j], 0f);
                }
            }
            return;
        }
        for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
            for (int j = 0; j < cols; j++) {
                float v = z[off + j] + b[j];
                z[off + j] = v;
                a[off + j] = Math.max(v, 0f);
            }
        }
    }

    private static void forwardWithBias(double[] z, double[] b, double[] a, int cols, int fromRow, int toRow) {
        if (a == z) {
            for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
                for (int j = 0; j < cols; j++) {
                    z[off + j] = Math.max(z[off + j] + b[j], 0.0);
                }
            }
            return;
        }
        for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
            for (int j = 0; j < cols; j++) {
                double v = z[off + j] + b[j];
                z[off + j] = v;
                a[off + j] = Math.max(v, 0.0);
            }
        }
    }

    private static void backwardWithColumnSums(float[] a, float[] dA, float[] dZ, float[] sums, int rows, int cols,
            int fromCol, int toCol) {
        java.util.Arrays.fill(sums, fromCol, toCol, 0f);
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = fromCol; j < toCol; j++) {
                float d = dA[off + j] * Math.min(a[off + j] * 0x1p100f * 0x1p100f, 1f);
                dZ[off + j] = d;
                sums[j] += d;
            }
        }
    }

    private static void backwardWithColumnSums(double[] z, double[] dA, double[] dZ, double[] sums, int rows, int cols,
            int fromCol, int toCol) {
        java.util.Arrays.fill(sums, fromCol, toCol, 0.0);
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = fromCol; j < toCol; j++) {
                double v = z[off + j];
                double d = v > 0 ? dA[off + j] : v == v ? 0.0 : Double.NaN;
                dZ[off + j] = d;
                sums[j] += d;
            }
        }
    }

    /**
     * dZ = dA · g'(z) with g'(z) read off a = max(z, 0): min(a · 2²⁰⁰, 1) is exactly 1 for every a > 0
     * (the smallest float, 2⁻¹⁴⁹, times 2²⁰⁰ is above 1) and 0 for a = 0; a NaN stays NaN.
     */
    private static void backward(float[] a, float[] dA, float[] dZ, int from, int to) {
        for (int i = from; i < to; i++) {
            float step = Math.min(a[i] * 0x1p100f * 0x1p100f, 1f);
            dZ[i] = dA[i] * step;
        }
    }

    private static void backward(double[] z, double[] dA, double[] dZ, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = z[i];
            dZ[i] = v > 0 ? dA[i] : v == v ? 0.0 : Double.NaN;
        }
    }
}
