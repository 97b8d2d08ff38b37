package dev.plumb.tensor;

/**
 * Pure-Java GEMM: the fallback when OpenBLAS cannot load, and an independent implementation the
 * native one is tested against.
 *
 * <p>op(B) is packed, one panel of {@link #KC} rows at a time, into {@code float[][]} rows, and each
 * row of C is accumulated in a scratch row: {@code c[j] += a(i,p) · b[p][j]} over contiguous arrays is
 * the loop shape HotSpot's superword pass vectorizes (the same loop over offsets into one flat array
 * stays scalar). A panel of 128 rows × n columns stays in L2 while every row of A streams past it.
 *
 * <p>The panel and the scratch row belong to the calling thread and are reused: they grow to the
 * widest {@code n} seen and never shrink, so once a thread has run a product of that width, further
 * products allocate nothing. Concurrent callers never share a workspace.
 */
public final class JavaBlas implements Blas {

    /** Rows of op(B) per packed panel. */
    static final int KC = 128;

    private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        Checks.gemm(m, n, k, a, b, c);
        scaleC(m, n, beta, c, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        Workspace w = workspace.get().fitFloats(n);
        float[] cRow = w.floatRow;
        float[][] panel = w.floatPanel;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            for (int p = 0; p < kc; p++) {
                float[] dst = panel[p];
                if (transB) {           // op(B)(p, j) = B(j, p)
                    for (int j = 0; j < n; j++) {
                        dst[j] = b[j * ldb + p0 + p];
                    }
                } else {
                    System.arraycopy(b, (p0 + p) * ldb, dst, 0, n);
                }
            }
            for (int i = 0; i < m; i++) {
                System.arraycopy(c, i * ldc, cRow, 0, n);
                for (int p = 0; p < kc; p++) {
                    float aip = alpha * (transA ? a[(p0 + p) * lda + i] : a[i * lda + p0 + p]);
                    if (aip != 0f) {
                        axpyRow(aip, panel[p], cRow, n);
                    }
                }
                System.arraycopy(cRow, 0, c, i * ldc, n);
            }
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        Checks.gemm(m, n, k, a, b, c);
        scaleC(m, n, beta, c, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0d) {
            return;
        }
        Workspace w = workspace.get().fitDoubles(n);
        double[] cRow = w.doubleRow;
        double[][] panel = w.doublePanel;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            for (int p = 0; p < kc; p++) {
                double[] dst = panel[p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        dst[j] = b[j * ldb + p0 + p];
                    }
                } else {
                    System.arraycopy(b, (p0 + p) * ldb, dst, 0, n);
                }
            }
            for (int i = 0; i < m; i++) {
                System.arraycopy(c, i * ldc, cRow, 0, n);
                for (int p = 0; p < kc; p++) {
                    double aip = alpha * (transA ? a[(p0 + p) * lda + i] : a[i * lda + p0 + p]);
                    if (aip != 0d) {
                        axpyRow(aip, panel[p], cRow, n);
                    }
                }
                System.arraycopy(cRow, 0, c, i * ldc, n);
            }
        }
    }

    private static void axpyRow(float a, float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    private static void axpyRow(double a, double[] x, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    // BLAS semantics: beta == 0 overwrites C, so NaN already in C does not leak into the result.
    private static void scaleC(int m, int n, float beta, float[] c, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0, off = i * ldc; j < n; j++) {
                c[off + j] = beta == 0f ? 0f : beta * c[off + j];
            }
        }
    }

    private static void scaleC(int m, int n, double beta, double[] c, int ldc) {
        if (beta == 1d) {
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0, off = i * ldc; j < n; j++) {
                c[off + j] = beta == 0d ? 0d : beta * c[off + j];
            }
        }
    }

    /** One thread's packing panel ({@link #KC} rows) and scratch row of C, per precision; rows may be longer than n. */
    private static final class Workspace {
        float[][] floatPanel = new float[KC][0];
        float[] floatRow = new float[0];
        double[][] doublePanel = new double[KC][0];
        double[] doubleRow = new double[0];

        Workspace fitFloats(int n) {
            if (floatRow.length < n) {
                floatRow = new float[n];
                for (int p = 0; p < KC; p++) {
                    floatPanel[p] = new float[n];
                }
            }
            return this;
        }

        Workspace fitDoubles(int n) {
            if (doubleRow.length < n) {
                doubleRow = new double[n];
                for (int p = 0; p < KC; p++) {
                    doublePanel[p] = new double[n];
                }
            }
            return this;
        }
    }
}
