package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** SparseMatrix against the dense matrix with the same elements, and its products against float64 loops. */
class SparseMatrixTest {

    /** A dense matrix with about {@code density} of its elements non-zero (the rest exactly 0). */
    static Matrix randomDense(DType dtype, int rows, int cols, double density, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            if (rng.nextDouble() < density) {
                m.set(i, rng.nextDouble(-2, 2));
            }
        }
        return m;
    }

    static Matrix random(DType dtype, int rows, int cols, long seed) {
        return randomDense(dtype, rows, cols, 1.0, seed);
    }

    /** op(A)·op(B) in float64 by the definition, from element access. */
    static double[][] reference(boolean transA, boolean transB, Matrix a, Matrix b) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j));
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void holdsExactlyTheDenseElementsAndTakesRowsAsADenseMatrixWould(DType dtype) {
        Matrix dense = randomDense(dtype, 7, 13, 0.2, 1);
        SparseMatrix sparse = SparseMatrix.fromDense(dense);
        assertThat(sparse.contentEquals(dense)).isTrue();
        assertThat(sparse.toDense().contentEquals(dense)).isTrue();
        int nonZeros = 0;
        for (int i = 0; i < dense.size(); i++) {
            assertEquals(dense.get(i), sparse.get(i));
            nonZeros += dense.get(i) != 0 ? 1 : 0;
        }
        assertEquals(nonZeros, sparse.nonZeros());
        assertEquals(dense.sum(), sparse.sum(), 1e-12);
        assertEquals(dense.sumOfSquares(), sparse.sumOfSquares(), 1e-9);
        assertEquals(dense.sumOfAbsolutes(), sparse.sumOfAbsolutes(), 1e-9);
        int[] index = {6, 0, 3, 3};
        Matrix gathered = Matrix.zeros(dtype, 4, 13);
        gathered.gatherRows(dense, index, 0);
        assertThat(sparse.selectRows(index).contentEquals(gathered)).isTrue();
        assertThat(sparse.rowRange(2, 5).contentEquals(dense.rowRange(2, 5))).isTrue();
        Matrix sums = Matrix.zeros(dtype, 1, 13);
        Matrix denseSums = Matrix.zeros(dtype, 1, 13);
        sparse.columnSumsInto(sums);
        dense.columnSumsInto(denseSums);
        for (int j = 0; j < 13; j++) {
            assertEquals(denseSums.get(j), sums.get(j), 1e-6);
        }
        for (int r = 0; r < 7; r++) {
            assertThat(sparse.row(r)).containsExactly(dense.row(r));
            assertEquals(dense.argmaxInRow(r), sparse.argmaxInRow(r), "row " + r);
        }
        DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        assertThat(sparse.to(other).contentEquals(dense.to(other))).isTrue();
        assertThat(sparse.to(other)).isInstanceOf(SparseMatrix.class);
    }

    @Test
    void argmaxCountsTheImplicitZerosAndTakesTheFirstColumnOnTies() {
        double[][] rows = {{-1, 0, -2, 0}, {-1, -1, -1, -1}, {0, 0, 0, 0}, {-3, 5, 5, 0}, {-1, -2, -3, -0.5}};
        Matrix dense = Matrix.of(DType.FLOAT64, rows);
        SparseMatrix sparse = SparseMatrix.fromDense(dense);
        for (int r = 0; r < rows.length; r++) {
            assertEquals(dense.argmaxInRow(r), sparse.argmaxInRow(r), "row " + r);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void productsWithASparseOperandEqualTheFloat64Definition(DType dtype) {
        double tolerance = dtype == DType.FLOAT32 ? 1e-4 : 1e-12;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                // sparse on the left: op(A) is 5×9, op(B) 9×4
                Matrix a = randomDense(dtype, transA ? 9 : 5, transA ? 5 : 9, 0.25, 3);
                Matrix b = random(dtype, transB ? 4 : 9, transB ? 9 : 4, 4);
                check(transA, transB, SparseMatrix.fromDense(a), b, reference(transA, transB, a, b), tolerance);
                // sparse on the right
                Matrix d = random(dtype, transA ? 9 : 5, transA ? 5 : 9, 5);
                Matrix x = randomDense(dtype, transB ? 4 : 9, transB ? 9 : 4, 0.25, 6);
                check(transA, transB, d, SparseMatrix.fromDense(x), reference(transA, transB, d, x), tolerance);
            }
        }
    }

    private static void check(boolean transA, boolean transB, Matrix a, Matrix b, double[][] expected, double tolerance) {
        Matrix c = Matrix.zeros(b.dtype(), expected.length, expected[0].length);
        c.fill(Double.NaN); // beta = 0 must overwrite, not scale
        Linalg.gemm(transA, transB, 1.0, a, b, 0.0, c);
        Matrix again = Matrix.zeros(b.dtype(), expected.length, expected[0].length);
        again.fill(1.0);
        Linalg.gemm(transA, transB, 2.0, a, b, 0.5, again); // 2·AB + 0.5·1
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                String where = "transA " + transA + ", transB " + transB + ", " + a + " · " + b + " at (" + i + ", " + j + ")";
                assertEquals(expected[i][j], c.get(i, j), tolerance, where);
                assertEquals(2 * expected[i][j] + 0.5, again.get(i, j), 2 * tolerance, where);
            }
        }
    }

    @Test
    void refusesWritesAndMalformedArraysWithMessagesThatSaySo() {
        SparseMatrix s = SparseMatrix.fromDense(Matrix.of(DType.FLOAT32, new double[][] {{0, 1}, {2, 0}}));
        assertThatThrownBy(() -> s.set(0, 1.0)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> s.scale(2)).hasMessageContaining("read-only");
        assertThatThrownBy(() -> SparseMatrix.of(DType.FLOAT64, 2, 3, new int[] {0, 2, 3}, new int[] {2, 1, 0},
                new double[] {1, 2, 3})).hasMessageContaining("row 0").hasMessageContaining("ascend");
        assertThatThrownBy(() -> SparseMatrix.of(DType.FLOAT64, 2, 3, new int[] {0, 1}, new int[] {0},
                new double[] {1})).hasMessageContaining("rowStart");
        assertThatThrownBy(() -> Linalg.gemm(false, true, 1, s, s, 0, Matrix.zeros(DType.FLOAT32, 2, 2)))
                .hasMessageContaining("both A and B are sparse");
    }

    @Test
    void aShapeBeyondADenseMatrixIsFineUntilSomethingAsksForEveryElement() {
        SparseMatrix wide = new SparseMatrix.Builder(DType.FLOAT32, 1_000_000, 3)
                .addRow(new int[] {5, 999_999}, new double[] {1, 2}, 2)
                .addRow(new int[0], new double[0], 0)
                .addRow(new int[] {0}, new double[] {3}, 1)
                .build();
        int[] index = new int[2_200]; // 2,200 rows of a million columns: more elements than an int counts
        java.util.Arrays.setAll(index, i -> i % 3);
        SparseMatrix tall = wide.selectRows(index);
        assertEquals(1_000_000, tall.cols());
        assertThat((long) tall.rows() * tall.cols()).isGreaterThan(Integer.MAX_VALUE);
        assertThatThrownBy(tall::size).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("non-zeros");
        Matrix w = random(DType.FLOAT32, 2, 1_000_000, 9);
        Matrix z = Matrix.zeros(DType.FLOAT32, tall.rows(), 2);
        Linalg.gemm(false, true, 1.0, tall, w, 0.0, z);
        assertEquals(1 * w.get(0, 5) + 2 * w.get(0, 999_999), z.get(0, 0), 1e-5);
        assertEquals(0.0, z.get(1, 1));
        assertEquals(3 * w.get(1, 0), z.get(2, 1), 1e-5);
    }
}
