package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bulk kernel of {@link Matrix}, in both precisions, against the same computation written as a
 * plain double loop over the test's own arrays. Inputs are generated already rounded to the matrix's
 * precision, so the reference sees exactly the values the kernel sees.
 *
 * <p>Tolerances: a kernel that does r roundings per element (counting the float32 rounding of alpha)
 * is within about r·u of the exact result, relative to the magnitudes involved, with u = 2⁻²⁴ for
 * float32 and 2⁻⁵³ for float64; one more u of slack covers the second-order terms.
 */
class MatrixTest {

    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 1}, {5, 13}, {0, 3}, {3, 0}};

    static Stream<Arguments> dtypesAndShapes() {
        return Stream.of(DType.values())
                .flatMap(d -> Stream.of(SHAPES).map(s -> Arguments.of(d, s[0], s[1])));
    }

    // ---- kernels against a double loop ---------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void fillSetsEveryElementToTheValueInThisPrecision(DType dtype, int rows, int cols) {
        Matrix m = random(dtype, rows, cols, 1);
        m.fill(0.1);
        for (int i = 0; i < m.size(); i++) {
            assertThat(m.get(i)).isEqualTo(dtype == DType.FLOAT32 ? (double) 0.1f : 0.1);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void scaleMultipliesEveryElement(DType dtype, int rows, int cols) {
        double[] x = values(dtype, rows * cols, 2);
        Matrix m = Matrix.fromRowMajor(dtype, rows, cols, x);
        m.scale(-0.3);
        for (int i = 0; i < x.length; i++) {
            // float32: rounding of alpha, then of the product
            assertClose(dtype, m.get(i), x[i] * -0.3, 2, Math.abs(x[i] * 0.3));
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void axpyAddsAlphaTimesX(DType dtype, int rows, int cols) {
        double[] y = values(dtype, rows * cols, 3);
        double[] x = values(dtype, rows * cols, 4);
        Matrix m = Matrix.fromRowMajor(dtype, rows, cols, y);
        m.axpy(0.7, Matrix.fromRowMajor(dtype, rows, cols, x));
        for (int i = 0; i < y.length; i++) {
            // float32: alpha, alpha·x and the sum are each rounded
            assertClose(dtype, m.get(i), y[i] + 0.7 * x[i], 3, Math.abs(y[i]) + Math.abs(0.7 * x[i]));
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void multiplyElementwiseMultipliesPairs(DType dtype, int rows, int cols) {
        double[] x = values(dtype, rows * cols, 5);
        double[] y = values(dtype, rows * cols, 6);
        Matrix m = Matrix.fromRowMajor(dtype, rows, cols, x);
        m.multiplyElementwise(Matrix.fromRowMajor(dtype, rows, cols, y));
        for (int i = 0; i < x.length; i++) {
            assertClose(dtype, m.get(i), x[i] * y[i], 1, Math.abs(x[i] * y[i]));
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void addRowVectorAddsTheBiasToEveryRow(DType dtype, int rows, int cols) {
        double[] x = values(dtype, rows * cols, 7);
        double[] bias = values(dtype, cols, 8);
        Matrix m = Matrix.fromRowMajor(dtype, rows, cols, x);
        m.addRowVector(Matrix.fromRowMajor(dtype, 1, cols, bias));
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double expected = x[r * cols + j] + bias[j];
                assertClose(dtype, m.get(r, j), expected, 1, Math.abs(expected));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void columnSumsIntoOverwritesOutWithTheColumnSums(DType dtype, int rows, int cols) {
        double[] x = values(dtype, rows * cols, 9);
        Matrix out = Matrix.zeros(dtype, 1, cols);
        out.fill(Double.NaN); // previous contents must not leak into the sums
        Matrix.fromRowMajor(dtype, rows, cols, x).columnSumsInto(out);
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            double magnitude = 0;
            for (int r = 0; r < rows; r++) {
                sum += x[r * cols + j];
                magnitude += Math.abs(x[r * cols + j]);
            }
            // accumulated in the matrix's precision: one rounding per row (Higham's summation bound)
            assertClose(dtype, out.get(j), sum, Math.max(1, rows), magnitude);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void gatherRowsCopiesTheIndexedRowsStartingAtFrom(DType dtype) {
        double[] x = values(dtype, 6 * 4, 10);
        Matrix source = Matrix.fromRowMajor(dtype, 6, 4, x);
        int[] index = {9, 5, 0, 5, 2};
        Matrix batch = Matrix.zeros(dtype, 3, 4);
        batch.gatherRows(source, index, 1); // index[0] = 9 is out of range but skipped by from = 1
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 4; j++) {
                assertThat(batch.get(r, j)).isEqualTo(x[index[1 + r] * 4 + j]);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void sumsOfSquaresAndAbsolutesMatchADoubleLoop(DType dtype, int rows, int cols) {
        double[] x = values(dtype, rows * cols, 11);
        Matrix m = Matrix.fromRowMajor(dtype, rows, cols, x);
        double squares = 0;
        double absolutes = 0;
        double sum = 0;
        for (double v : x) {
            squares += v * v;
            absolutes += Math.abs(v);
            sum += v;
        }
        // both precisions accumulate in double, and a float32 square is exact in double
        assertThat(m.sumOfSquares()).isCloseTo(squares, within(x.length * 0x1p-52 * squares));
        assertThat(m.sumOfAbsolutes()).isCloseTo(absolutes, within(x.length * 0x1p-52 * absolutes));
        assertThat(m.sum()).isCloseTo(sum, within(x.length * 0x1p-52 * absolutes));
    }

    @Test
    void toRoundsToFloat32AndWidensExactlyToFloat64() {
        double[] x = values(DType.FLOAT64, 4 * 5, 12);
        Matrix wide = Matrix.fromRowMajor(DType.FLOAT64, 4, 5, x);
        Matrix narrow = wide.to(DType.FLOAT32);
        assertThat(narrow.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(narrow.rows()).isEqualTo(4);
        assertThat(narrow.cols()).isEqualTo(5);
        Matrix back = narrow.to(DType.FLOAT64);
        for (int i = 0; i < x.length; i++) {
            assertThat(narrow.get(i)).isEqualTo((double) (float) x[i]); // round to nearest
            assertThat(back.get(i)).isEqualTo((double) (float) x[i]);   // widening is exact
        }
        assertThat(wide.to(DType.FLOAT64)).as("already in that precision: no copy").isSameAs(wide);
        assertThat(narrow.to(DType.FLOAT32)).isSameAs(narrow);
    }

    @ParameterizedTest(name = "into {0}")
    @EnumSource(DType.class)
    void copyFromConvertsFromEitherPrecision(DType target) {
        double[] x = values(DType.FLOAT64, 3 * 4, 13);
        for (DType sourceType : DType.values()) {
            Matrix source = Matrix.fromRowMajor(sourceType, 3, 4, x);
            Matrix m = Matrix.zeros(target, 3, 4);
            m.copyFrom(source);
            for (int i = 0; i < x.length; i++) {
                boolean rounded = target == DType.FLOAT32 || sourceType == DType.FLOAT32;
                assertThat(m.get(i)).as("%s into %s, element %d", sourceType, target, i)
                        .isEqualTo(rounded ? (double) (float) x[i] : x[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void rowRangeCopiesRowsFromInclusiveToExclusive(DType dtype) {
        double[] x = values(dtype, 5 * 3, 14);
        Matrix m = Matrix.fromRowMajor(dtype, 5, 3, x);
        Matrix middle = m.rowRange(1, 4);
        assertThat(middle.shapeString()).isEqualTo("3x3");
        for (int i = 0; i < 9; i++) {
            assertThat(middle.get(i)).isEqualTo(x[3 + i]);
        }
        middle.fill(0);
        assertThat(m.get(1, 0)).as("a copy, not a view").isEqualTo(x[3]);
        assertThat(m.rowRange(2, 2).rows()).isZero();
        assertThatThrownBy(() -> m.rowRange(3, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3, 6)").hasMessageContaining("5 rows");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void argmaxInRowFindsTheFirstLargestColumn(DType dtype) {
        SplittableRandom rng = new SplittableRandom(15);
        Matrix m = random(dtype, 20, 9, 16);
        for (int r = 0; r < m.rows(); r++) {
            m.set(r, rng.nextInt(9), 5.0); // a unique maximum somewhere
            int expected = 0;
            for (int j = 1; j < 9; j++) {
                if (m.get(r, j) > m.get(r, expected)) {
                    expected = j;
                }
            }
            assertThat(m.argmaxInRow(r)).as("row %d", r).isEqualTo(expected);
        }
        Matrix ties = Matrix.of(dtype, new double[][] {{1, 3, 3, 2}, {-4, -4, -4, -4}});
        assertThat(ties.argmaxInRow(0)).as("first of equal maxima").isEqualTo(1);
        assertThat(ties.argmaxInRow(1)).isZero();
        assertThatThrownBy(() -> ties.argmaxInRow(2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row").hasMessageContaining("2");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void allFiniteAndFirstNonFiniteFindNaNAndInfinities(DType dtype) {
        Matrix m = random(dtype, 3, 4, 17);
        assertThat(m.allFinite()).isTrue();
        assertThat(m.firstNonFinite()).isEqualTo(-1);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Matrix copy = m.copy();
            copy.set(2, 1, bad);
            copy.set(2, 3, bad);
            assertThat(copy.allFinite()).as("with %s", bad).isFalse();
            assertThat(copy.firstNonFinite()).as("with %s", bad).isEqualTo(2 * 4 + 1);
            assertThatThrownBy(() -> Checks.allFinite("features", copy))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("features").hasMessageContaining("(2, 1)")
                    .hasMessageContaining(String.valueOf(bad)).hasMessageContaining("Expected finite");
        }
        if (dtype == DType.FLOAT32) {
            Matrix overflow = Matrix.zeros(dtype, 1, 2);
            overflow.set(1, 1e39); // finite in double, infinite once rounded to float32
            assertThat(overflow.firstNonFinite()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void contentEqualsComparesPrecisionShapeAndEveryElement(DType dtype) {
        Matrix m = random(dtype, 2, 3, 18);
        assertThat(m.contentEquals(m.copy())).isTrue();
        assertThat(m.contentEquals(Matrix.fromRowMajor(dtype, 3, 2, m.toDoubleArray()))).as("transposed shape").isFalse();
        DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        assertThat(m.contentEquals(m.to(other))).as("other precision, equal values").isFalse();
        assertThat(m.contentEquals(null)).isFalse();
        Matrix changed = m.copy();
        changed.set(1, 2, changed.get(1, 2) + 1);
        assertThat(m.contentEquals(changed)).isFalse();
    }

    // ---- argument errors name the argument -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void shapeMismatchesNameTheArgumentAndBothShapes(DType dtype) {
        Matrix m = Matrix.zeros(dtype, 2, 3);
        Matrix wrong = Matrix.zeros(dtype, 3, 2);
        assertRejects(x -> m.axpy(1, x), wrong, "argument x", "3x2", "2x3");
        assertRejects(m::multiplyElementwise, wrong, "argument other", "3x2", "2x3");
        assertRejects(m::copyFrom, wrong, "argument source", "3x2", "2x3");
        assertRejects(m::addRowVector, Matrix.zeros(dtype, 1, 2), "argument bias", "1x2", "1x3");
        assertRejects(m::addRowVector, Matrix.zeros(dtype, 2, 3), "argument bias", "2x3", "1x3");
        assertRejects(m::columnSumsInto, Matrix.zeros(dtype, 1, 4), "argument out", "1x4", "1x3");
        assertRejects(source -> m.gatherRows(source, new int[] {0, 1}, 0), Matrix.zeros(dtype, 4, 2),
                "argument source", "2 columns", "expected 3");
        assertThatThrownBy(() -> m.gatherRows(Matrix.zeros(dtype, 4, 3), new int[] {0, 1, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument from: 2").hasMessageContaining("index has 3");
        assertThatThrownBy(() -> m.gatherRows(Matrix.zeros(dtype, 4, 3), new int[] {0, 4}, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index[1]: 4").hasMessageContaining("< 4");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void mixingPrecisionsNamesTheArgumentAndBothPrecisions(DType dtype) {
        DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        Matrix m = Matrix.zeros(dtype, 2, 3);
        Matrix wrong = Matrix.zeros(other, 2, 3);
        String mine = dtype.name();
        String theirs = other.name();
        String fix = "to(DType." + dtype.name() + ")";
        assertRejects(x -> m.axpy(1, x), wrong, "argument x", theirs, mine, fix);
        assertRejects(m::multiplyElementwise, wrong, "argument other", theirs, mine, fix);
        assertRejects(m::addRowVector, Matrix.zeros(other, 1, 3), "argument bias", theirs, mine, fix);
        assertRejects(m::columnSumsInto, Matrix.zeros(other, 1, 3), "argument out", theirs, mine, fix);
        assertRejects(source -> m.gatherRows(source, new int[] {0, 1}, 0), wrong, "argument source", theirs, mine, fix);
    }

    @Test
    void constructionRejectsBadShapesNamingTheArgument() {
        assertThatThrownBy(() -> Matrix.zeros(DType.FLOAT32, -1, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows: -1");
        assertThatThrownBy(() -> Matrix.zeros(DType.FLOAT64, 2, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cols: -3");
        assertThatThrownBy(() -> Matrix.zeros(DType.FLOAT64, 70_000, 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000x70000");
        assertThatThrownBy(() -> Matrix.fromRowMajor(DType.FLOAT32, 2, 3, new double[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values").hasMessageContaining("length 5").hasMessageContaining("2x3");
        assertThatThrownBy(() -> Matrix.of(DType.FLOAT32, new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values").hasMessageContaining("row 1 has 1 columns");
        assertThatThrownBy(() -> FloatMatrix.wrap(2, 2, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data").hasMessageContaining("2x2");
        assertThatThrownBy(() -> Matrix.zeros(DType.FLOAT32, 2, 3).get(2, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("(2, 0)").hasMessageContaining("2x3");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void assertRejects(Consumer<Matrix> call, Matrix argument, String... fragments) {
        var thrown = assertThatThrownBy(() -> call.accept(argument)).isInstanceOf(IllegalArgumentException.class);
        for (String fragment : fragments) {
            thrown.hasMessageContaining(fragment);
        }
    }

    /** {@code |actual − expected| ≤ (roundings + 1) · u · magnitude}, u the unit roundoff of {@code dtype}. */
    private static void assertClose(DType dtype, double actual, double expected, int roundings, double magnitude) {
        double u = dtype == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        double allowed = (roundings + 1) * u * magnitude;
        assertThat(actual).isCloseTo(expected, within(allowed));
    }

    /** Uniform values in [-2, 2), rounded to {@code dtype}. */
    private static double[] values(DType dtype, int length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            double v = rng.nextDouble(-2, 2);
            x[i] = dtype == DType.FLOAT32 ? (float) v : v;
        }
        return x;
    }

    private static Matrix random(DType dtype, int rows, int cols, long seed) {
        return Matrix.fromRowMajor(dtype, rows, cols, values(dtype, rows * cols, seed));
    }
}
