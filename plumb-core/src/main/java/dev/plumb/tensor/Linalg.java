package dev.plumb.tensor;

/**
 * Matrix products with shape checking, dispatched on precision to a {@link Blas}, or, when an operand is a
 * {@link SparseMatrix}, to loops over its non-zeros.
 */
public final class Linalg {

    private Linalg() {
    }

    /** {@code C = alpha · op(A) · op(B) + beta · C} on {@link Blas#defaultBlas()}. */
    public static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        gemm(Blas.defaultBlas(), transA, transB, alpha, a, b, beta, c);
    }

    /** {@code C = alpha · op(A) · op(B) + beta · C} on the given BLAS. All three must share one precision. */
    public static void gemm(Blas blas, boolean transA, boolean transB, double alpha,
                            Matrix a, Matrix b, double beta, Matrix c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("Invalid gemm operands: op(A) is " + m + "x" + k + " but op(B) is "
                    + kb + "x" + n + "; inner dimensions must agree (A " + a.shapeString() + (transA ? "ᵀ" : "")
                    + ", B " + b.shapeString() + (transB ? "ᵀ" : "") + ")");
        }
        if (c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("Invalid gemm output: C is " + c.shapeString() + " but op(A)·op(B) is "
                    + m + "x" + n);
        }
        if (a.dtype() != c.dtype() || b.dtype() != c.dtype()) {
            throw new IllegalArgumentException("Invalid gemm operands: A is " + a.dtype() + " " + a.shapeString()
                    + ", B is " + b.dtype() + " " + b.shapeString() + ", C is " + c.dtype() + " " + c.shapeString()
                    + "; all three must share one precision, convert with Matrix.to(DType)");
        }
        if (c instanceof SparseMatrix) {
            throw new IllegalArgumentException("Invalid gemm output: C is " + c + ", which is read-only; expected a dense matrix");
        }
        if (a instanceof SparseMatrix || b instanceof SparseMatrix) {
            SparseProducts.gemm(transA, transB, alpha, a, b, beta, c); // visits only the non-zeros
            return;
        }
        if (c instanceof FloatMatrix fc) {
            FloatMatrix fa = (FloatMatrix) a;
            FloatMatrix fb = (FloatMatrix) b;
            Checks.gemm(m, n, k, fa.array(), fb.array(), fc.array()); // one array behind two matrices counts too
            if (blas instanceof NativeBlas nb) { // may reuse its off-heap copies of operands that have not changed
                nb.sgemm(transA, transB, m, n, k, (float) alpha, fa, fb, (float) beta, fc);
            } else {
                blas.sgemm(transA, transB, m, n, k, (float) alpha, fa.array(), a.cols(), fb.array(), b.cols(),
                        (float) beta, fc.array(), n);
            }
            fc.written();
        } else {
            blas.dgemm(transA, transB, m, n, k, alpha, ((DoubleMatrix) a).data(), a.cols(),
                    ((DoubleMatrix) b).data(), b.cols(), beta, ((DoubleMatrix) c).data(), n);
        }
    }

    /** A new matrix {@code op(A) · op(B)}. */
    public static Matrix multiply(Matrix a, boolean transA, Matrix b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        Matrix c = Matrix.zeros(a.dtype(), m, n);
        gemm(transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }
}
