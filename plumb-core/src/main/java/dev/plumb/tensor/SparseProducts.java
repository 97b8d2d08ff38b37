package dev.plumb.tensor;

/**
 * {@code C = alpha · op(A) · op(B) + beta · C} when one operand is a {@link SparseMatrix}: only its non-zeros are
 * visited. The two products a first {@code Dense} layer makes on sparse input have their own loops over the dense
 * operand's rows (each row of W, or of dW, stays in cache while every batch row's non-zeros are visited); the other
 * arrangements go through element access, correct and slower. Sums are taken in double and rounded once into C.
 */
final class SparseProducts {

    private SparseProducts() {
    }

    static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        if (a instanceof SparseMatrix && b instanceof SparseMatrix) {
            throw new UnsupportedOperationException("Invalid gemm operands: both A and B are sparse ("
                    + a + ", " + b + "); make one of them dense with toDense()");
        }
        if (beta == 0) {
            c.fill(0); // not scale(0): NaN · 0 would stay NaN
        } else if (beta != 1) {
            c.scale(beta);
        }
        if (a instanceof SparseMatrix x) {
            if (!transA && transB) {
                timesTransposed(alpha, x, b, c);
            } else {
                sparseLeft(transA, transB, alpha, x, b, c);
            }
        } else {
            SparseMatrix x = (SparseMatrix) b;
            if (transA && !transB) {
                transposedTimes(alpha, a, x, c);
            } else {
                sparseRight(transA, transB, alpha, a, x, c);
            }
        }
    }

    /** C += alpha · X · Wᵀ (X sparse m×k, W dense n×k): a Dense layer's Z = X·Wᵀ. */
    private static void timesTransposed(double alpha, SparseMatrix x, Matrix w, Matrix c) {
        int m = x.rows();
        int n = w.rows();
        int k = w.cols();
        for (int o = 0; o < n; o++) {
            int wRow = o * k;
            if (w instanceof FloatMatrix fw && c instanceof FloatMatrix fc) {
                float[] wa = fw.array();
                float[] ca = fc.array();
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int p = x.rowStart(i), end = x.rowEnd(i); p < end; p++) {
                        s += x.valueAt(p) * wa[wRow + x.columnAt(p)];
                    }
                    ca[i * n + o] += (float) (alpha * s);
                }
            } else {
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int p = x.rowStart(i), end = x.rowEnd(i); p < end; p++) {
                        s += x.valueAt(p) * w.get(wRow + x.columnAt(p));
                    }
                    c.set(i * n + o, c.get(i * n + o) + alpha * s);
                }
            }
        }
        written(c);
    }

    /** C += alpha · Dᵀ · X (D dense m×n, X sparse m×k, C n×k): a Dense layer's dW = dZᵀ·X. */
    private static void transposedTimes(double alpha, Matrix d, SparseMatrix x, Matrix c) {
        int m = x.rows();
        int n = d.cols();
        int k = x.cols();
        for (int o = 0; o < n; o++) {
            int cRow = o * k;
            if (d instanceof FloatMatrix fd && c instanceof FloatMatrix fc) {
                float[] da = fd.array();
                float[] ca = fc.array();
                for (int i = 0; i < m; i++) {
                    double g = alpha * da[i * n + o];
                    if (g != 0) {
                        for (int p = x.rowStart(i), end = x.rowEnd(i); p < end; p++) {
                            ca[cRow + x.columnAt(p)] += (float) (g * x.valueAt(p));
                        }
                    }
                }
            } else {
                for (int i = 0; i < m; i++) {
                    double g = alpha * d.get(i * n + o);
                    if (g != 0) {
                        for (int p = x.rowStart(i), end = x.rowEnd(i); p < end; p++) {
                            int at = cRow + x.columnAt(p);
                            c.set(at, c.get(at) + g * x.valueAt(p));
                        }
                    }
                }
            }
        }
        written(c);
    }

    /** C += alpha · op(X) · op(B) for the arrangements a layer does not make, through element access. */
    private static void sparseLeft(boolean transA, boolean transB, double alpha, SparseMatrix x, Matrix b, Matrix c) {
        int n = c.cols();
        for (int i = 0; i < x.rows(); i++) {
            for (int p = x.rowStart(i), end = x.rowEnd(i); p < end; p++) {
                int j = x.columnAt(p);
                double v = alpha * x.valueAt(p);
                int row = transA ? j : i;   // X[i, j] lands in row i of X·op(B), or row j of Xᵀ·op(B)
                int inner = transA ? i : j; // and multiplies row `inner` of op(B)
                for (int o = 0; o < n; o++) {
                    double bv = transB ? b.get(o, inner) : b.get(inner, o);
                    c.set(row * n + o, c.get(row * n + o) + v * bv);
                }
            }
        }
        written(c);
    }

    /** C += alpha · op(A) · op(X) for the arrangements a layer does not make, through element access. */
    private static void sparseRight(boolean transA, boolean transB, double alpha, Matrix a, SparseMatrix x, Matrix c) {
        int m = c.rows();
        int n = c.cols();
        for (int i = 0; i < x.rows(); i++) {
            for (int p = x.rowStart(i), end = x.rowEnd(i); p < end; p++) {
                int j = x.columnAt(p);
                double v = alpha * x.valueAt(p);
                int inner = transB ? j : i; // op(X)[inner, col] = X[i, j]
                int col = transB ? i : j;
                for (int r = 0; r < m; r++) {
                    double av = transA ? a.get(inner, r) : a.get(r, inner);
                    c.set(r * n + col, c.get(r * n + col) + av * v);
                }
            }
        }
        written(c);
    }

    private static void written(Matrix c) {
        if (c instanceof FloatMatrix f) {
            f.written();
        }
    }
}
