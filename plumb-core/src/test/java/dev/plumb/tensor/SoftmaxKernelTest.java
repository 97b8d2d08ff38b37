package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SoftmaxKernel} in both precisions against the textbook formulas evaluated in float64 by the test —
 * softmax as e^(z_j) / Σ e^(z_k) without any shift (the logits are kept small enough for that), its explicit
 * Jacobian, and the cross-entropy as −Σ y_j log softmax_j — and against closed forms where the stable
 * evaluation is the point (ties, huge logits).
 *
 * <p>Tolerances: the kernel computes in double and rounds once when it stores, so a float32 result is within
 * one float rounding (2⁻²⁴ relative) of the float64 value, which is within a few 2⁻⁵³ of the reference;
 * 2⁻²³ covers both. Float64 results are held to 2⁻⁴⁶ (64 units in the last place): sums of ten exponentials.
 */
class SoftmaxKernelTest {

    private static final int ROWS = 17;
    private static final int COLS = 10;

    private static double[] logits(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[ROWS * COLS];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 4); // float-representable: both precisions see the same z
        }
        return z;
    }

    /** Soft targets (each row a distribution, rounded to float) with some exact zeros. */
    private static double[] targets(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < COLS; j++) {
                y[r * COLS + j] = j % 3 == 0 ? 0 : (float) random.nextDouble();
            }
            double sum = 0;
            for (int j = 0; j < COLS; j++) {
                sum += y[r * COLS + j];
            }
            for (int j = 0; j < COLS; j++) {
                y[r * COLS + j] = (float) (y[r * COLS + j] / sum);
            }
        }
        return y;
    }

    /** e^(z_j) / Σ_k e^(z_k), unshifted: safe for the |z| < 40 used here. */
    private static double[] referenceSoftmax(double[] z) {
        double[] a = new double[z.length];
        for (int r = 0; r < ROWS; r++) {
            double sum = 0;
            for (int k = 0; k < COLS; k++) {
                sum += Math.exp(z[r * COLS + k]);
            }
            for (int j = 0; j < COLS; j++) {
                a[r * COLS + j] = Math.exp(z[r * COLS + j]) / sum;
            }
        }
        return a;
    }

    private static double tolerance(DType dtype, double expected) {
        return (dtype == DType.FLOAT32 ? 0x1p-23 : 0x1p-46) * Math.abs(expected) + 1e-300;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void forwardIsTheTextbookSoftmax(DType dtype) {
        double[] z = logits(1);
        Matrix a = Matrix.zeros(dtype, ROWS, COLS);
        SoftmaxKernel.forward(Matrix.fromRowMajor(dtype, ROWS, COLS, z), a);
        double[] expected = referenceSoftmax(z);
        for (int i = 0; i < z.length; i++) {
            assertThat(a.get(i)).as("element %d", i).isCloseTo(expected[i], within(tolerance(dtype, expected[i])));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void forwardStaysFiniteForHugeLogitsAndSplitsTiesEvenly(DType dtype) {
        Matrix z = Matrix.of(dtype, new double[][] {{1e30, 1e30, -1e30}, {3e38, 0, 3e38}, {-5, -5, -5}});
        Matrix a = z.zerosLike();
        SoftmaxKernel.forward(z, a);
        double[][] expected = {{0.5, 0.5, 0}, {0.5, 0, 0.5}, {1 / 3.0, 1 / 3.0, 1 / 3.0}};
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 3; j++) {
                assertThat(a.get(r, j)).isCloseTo(expected[r][j], within(tolerance(dtype, expected[r][j])));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void backwardIsTheTransposedJacobianTimesTheUpstreamGradient(DType dtype) {
        double[] z = logits(2);
        double[] dA = logits(3);
        Matrix a = Matrix.zeros(dtype, ROWS, COLS);
        SoftmaxKernel.forward(Matrix.fromRowMajor(dtype, ROWS, COLS, z), a);
        Matrix dZ = a.zerosLike();
        SoftmaxKernel.backward(a, Matrix.fromRowMajor(dtype, ROWS, COLS, dA), dZ);
        double[] s = referenceSoftmax(z);
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < COLS; k++) {
                // dz_k = Σ_j ∂a_j/∂z_k · da_j with ∂a_j/∂z_k = a_j (δ_jk − a_k)
                double expected = 0;
                double weighted = 0;
                for (int j = 0; j < COLS; j++) {
                    expected += s[r * COLS + j] * ((j == k ? 1 : 0) - s[r * COLS + k]) * dA[r * COLS + j];
                    weighted += s[r * COLS + j] * Math.abs(dA[r * COLS + j]);
                }
                // a_k (da_k − Σ a_j da_j) cancels: its error is relative to a_k (|da_k| + Σ a_j |da_j|), not to
                // the result; in float32 a itself carries one float rounding
                double bound = s[r * COLS + k] * (Math.abs(dA[r * COLS + k]) + weighted);
                double tol = (dtype == DType.FLOAT32 ? 8 * 0x1p-24 : 0x1p-48) * bound + 1e-300;
                assertThat(dZ.get(r, k)).as("row %d, column %d", r, k).isCloseTo(expected, within(tol));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void crossEntropyAndItsGradientAreTheTextbookOnes(DType dtype) {
        double[] z = logits(4);
        double[] y = targets(5);
        double[] s = referenceSoftmax(z);
        double expectedCost = 0;
        for (int i = 0; i < z.length; i++) {
            if (y[i] != 0) {
                expectedCost -= y[i] * Math.log(s[i]);
            }
        }
        expectedCost /= ROWS;

        Matrix zm = Matrix.fromRowMajor(dtype, ROWS, COLS, z);
        Matrix ym = Matrix.fromRowMajor(dtype, ROWS, COLS, y);
        Matrix fused = zm.zerosLike();
        Matrix separate = zm.zerosLike();
        double cost = SoftmaxKernel.crossEntropy(zm, ym);
        double fusedCost = SoftmaxKernel.crossEntropyAndGradient(zm, ym, fused);
        SoftmaxKernel.crossEntropyGradient(zm, ym, separate);

        // the cost is a double computed from the same float values in either precision
        assertThat(cost).isCloseTo(expectedCost, within(1e-13 * expectedCost));
        assertThat(fusedCost).isEqualTo(cost);
        for (int i = 0; i < z.length; i++) {
            double expected = (s[i] - y[i]) / ROWS;
            double tol = (dtype == DType.FLOAT32 ? 0x1p-23 : 0x1p-48) * (s[i] + y[i]) / ROWS; // s − y may cancel
            assertThat(fused.get(i)).as("element %d", i).isCloseTo(expected, within(tol));
            assertThat(separate.get(i)).isEqualTo(fused.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void crossEntropyKeepsTheLogOfATieBetweenHugeLogits(DType dtype) {
        // logits of 1e20: max z + log 2 rounds back to max z, so the two terms must be kept apart
        Matrix z = Matrix.of(dtype, new double[][] {{1e20, 1e20}, {0, 0}, {1e30, 0}});
        Matrix y = Matrix.of(dtype, new double[][] {{1, 0}, {0, 1}, {0, 1}});
        Matrix grad = z.zerosLike();
        double cost = SoftmaxKernel.crossEntropyAndGradient(z, y, grad);
        // rows: log 2, log 2, and 1e30 − 0 + log(1 + e^(−1e30)) = 1e30 (float32 rounds 1e30 the same way in z)
        double third = dtype == DType.FLOAT32 ? (double) 1e30f : 1e30;
        assertThat(cost).isCloseTo((Math.log(2) + Math.log(2) + third) / 3, within(1e-15 * third));
        assertThat(SoftmaxKernel.crossEntropy(Matrix.of(dtype, new double[][] {{1e20, 1e20}}),
                Matrix.of(dtype, new double[][] {{1, 0}}))).isCloseTo(Math.log(2), within(1e-15));
        double[][] expectedGrad = {{(0.5 - 1) / 3, 0.5 / 3}, {0.5 / 3, (0.5 - 1) / 3}, {1 / 3.0, -1 / 3.0}};
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 2; j++) {
                assertThat(grad.get(r, j)).isCloseTo(expectedGrad[r][j], within(tolerance(dtype, expectedGrad[r][j])));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void noRowsCostNothingAndWriteNothing(DType dtype) {
        Matrix empty = Matrix.zeros(dtype, 0, 10);
        assertThat(SoftmaxKernel.crossEntropy(empty, empty.zerosLike())).isZero();
        assertThat(SoftmaxKernel.crossEntropyAndGradient(empty, empty.zerosLike(), empty.zerosLike())).isZero();
    }

    @Test
    void float32GivesTheFloat64ResultsRoundedToFloat() {
        double[] z = logits(6);
        double[] y = targets(7);
        Matrix[] grads = new Matrix[2];
        Matrix[] probabilities = new Matrix[2];
        double[] costs = new double[2];
        for (DType dtype : DType.values()) {
            Matrix zm = Matrix.fromRowMajor(dtype, ROWS, COLS, z);
            grads[dtype.ordinal()] = zm.zerosLike();
            probabilities[dtype.ordinal()] = zm.zerosLike();
            costs[dtype.ordinal()] = SoftmaxKernel.crossEntropyAndGradient(zm,
                    Matrix.fromRowMajor(dtype, ROWS, COLS, y), grads[dtype.ordinal()]);
            SoftmaxKernel.forward(zm, probabilities[dtype.ordinal()]);
        }
        assertThat(costs[0]).isEqualTo(costs[1]); // the same double arithmetic on the same values
        for (int i = 0; i < z.length; i++) {
            assertThat(grads[0].get(i)).isEqualTo((double) (float) grads[1].get(i));
            assertThat(probabilities[0].get(i)).isEqualTo((double) (float) probabilities[1].get(i));
        }
    }

    @Test
    void rejectsMismatchedArgumentsNamingThem() {
        Matrix z = Matrix.zeros(DType.FLOAT32, 4, 3);
        assertThatThrownBy(() -> SoftmaxKernel.crossEntropy(z, Matrix.zeros(DType.FLOAT32, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument y: shape 4x2 does not match z's shape 4x3. Expected the same shape.");
        assertThatThrownBy(() -> SoftmaxKernel.crossEntropyAndGradient(z, z, Matrix.zeros(DType.FLOAT64, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument grad: a FLOAT64 matrix cannot be combined with z, a FLOAT32 matrix."
                        + " Expected the same precision; convert it with to(DType.FLOAT32).");
        assertThatThrownBy(() -> SoftmaxKernel.backward(z, z, Matrix.zeros(DType.FLOAT32, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument dZ: shape 3x4 does not match a's shape 4x3. Expected the same shape.");
    }
}
