package dev.plumb.tensor;

/**
 * The textbook triple loop for {@code C = alpha · op(A) · op(B) + beta · C} in float64, with the error
 * each element of an implementation's result may have.
 *
 * <p>Error bound (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1): a dot product of
 * length k computed in any order with unit roundoff u is off by at most γ_k · Σ|a_p·b_p|, with
 * γ_k = k·u / (1 − k·u). GEMM adds at most three more roundings per element (alpha·, beta·c, the final
 * add), and JavaBlas one more (it forms alpha·a before multiplying by b), so we allow
 * (k + 4)·u · (|alpha|·Σ|a||b| + |beta·c|); the extra +1 absorbs the 1/(1 − k·u) factor at these sizes.
 * <ul>
 *   <li>float32, u = 2⁻²⁴: the float64 reference's own error is 2⁻²⁹ times smaller and is ignored.</li>
 *   <li>float64, u = 2⁻⁵³: the reference rounds as much as the implementation, so the bound is doubled,
 *       (2k + 8)·2⁻⁵³ ≈ 7e-14 relative to Σ|a||b| at k = 300.</li>
 * </ul>
 * beta = 0 means C is not read (BLAS semantics), so NaN in C does not reach the result.
 */
record GemmReference(double[] c, double[] bound) {

    static GemmReference compute(DType dtype, boolean transA, boolean transB, int m, int n, int k,
                                 double alpha, double[] a, int lda, double[] b, int ldb,
                                 double beta, double[] c, int ldc) {
        double u = dtype == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        double gamma = dtype == DType.FLOAT32 ? (k + 4) * u : 2 * (k + 4) * u;
        double[] out = c.clone();
        double[] bound = new double[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * lda + i] : a[i * lda + p];
                    double bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    dot += aip * bpj;
                    magnitude += Math.abs(aip * bpj);
                }
                double cij = beta == 0 ? 0 : beta * c[i * ldc + j];
                out[i * ldc + j] = alpha * dot + cij;
                bound[i * ldc + j] = gamma * (Math.abs(alpha) * magnitude + Math.abs(cij));
            }
        }
        return new GemmReference(out, bound);
    }
}
