package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Linalg's shape checks, and that it hands each Blas the right strides (results against {@link GemmReference}). */
class LinalgTest {

    static Stream<Named<Blas>> implementations() {
        return BlasTest.implementations().map(b -> Named.of(b.name(), b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void gemmOnMatricesMatchesTheReferenceForEveryTransposeAndPrecision(Blas blas) {
        SplittableRandom rng = new SplittableRandom(1);
        int m = 5;
        int n = 3;
        int k = 4;
        for (DType dtype : DType.values()) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    Matrix a = random(rng, dtype, transA ? k : m, transA ? m : k);
                    Matrix b = random(rng, dtype, transB ? n : k, transB ? k : n);
                    Matrix c = random(rng, dtype, m, n);
                    GemmReference ref = GemmReference.compute(dtype, transA, transB, m, n, k, 1.5,
                            a.toDoubleArray(), a.cols(), b.toDoubleArray(), b.cols(), 0.5, c.toDoubleArray(), n);
                    Linalg.gemm(blas, transA, transB, 1.5, a, b, 0.5, c);
                    for (int i = 0; i < m * n; i++) {
                        assertThat(Math.abs(c.get(i) - ref.c()[i]))
                                .as("%s transA=%s transB=%s element %d", dtype, transA, transB, i)
                                .isLessThanOrEqualTo(ref.bound()[i]);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void gemmRejectsMismatchedShapesNamingThem(Blas blas) {
        Matrix a = Matrix.zeros(DType.FLOAT32, 2, 3);
        Matrix b = Matrix.zeros(DType.FLOAT32, 4, 5);
        assertThatThrownBy(() -> Linalg.gemm(blas, false, false, 1, a, b, 0, Matrix.zeros(DType.FLOAT32, 2, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op(A) is 2x3").hasMessageContaining("op(B) is 4x5")
                .hasMessageContaining("A 2x3").hasMessageContaining("B 4x5");
        assertThatThrownBy(() -> Linalg.gemm(blas, true, false, 1, a, b, 0, Matrix.zeros(DType.FLOAT32, 3, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op(A) is 3x2").hasMessageContaining("A 2x3ᵀ");
        Matrix bt = Matrix.zeros(DType.FLOAT32, 5, 3);
        assertThatThrownBy(() -> Linalg.gemm(blas, false, true, 1, a, bt, 0, Matrix.zeros(DType.FLOAT32, 5, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C is 5x2").hasMessageContaining("op(A)·op(B) is 2x5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void gemmRejectsMixedPrecisionsNamingEachOperand(Blas blas) {
        Matrix a = Matrix.zeros(DType.FLOAT32, 2, 3);
        Matrix b = Matrix.zeros(DType.FLOAT64, 3, 4);
        Matrix c = Matrix.zeros(DType.FLOAT32, 2, 4);
        assertThatThrownBy(() -> Linalg.gemm(blas, false, false, 1, a, b, 0, c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A is FLOAT32 2x3")
                .hasMessageContaining("B is FLOAT64 3x4")
                .hasMessageContaining("C is FLOAT32 2x4")
                .hasMessageContaining("Matrix.to(DType)");
    }

    private static Matrix random(SplittableRandom rng, DType dtype, int rows, int cols) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble(-1, 1));
        }
        return x;
    }
}
