package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class ActivationTest {

    private static final int ROWS = 5;
    private static final int COLS = 4;

    /** The elementwise activations with their formulas written out independently. */
    static Stream<Arguments> elementwise() {
        return Stream.of(
                Arguments.of(Activation.relu(), (DoubleUnaryOperator) z -> Math.max(0, z), true),
                Arguments.of(Activation.leakyRelu(0.1), (DoubleUnaryOperator) z -> z > 0 ? z : 0.1 * z, true),
                Arguments.of(Activation.tanh(), (DoubleUnaryOperator) z -> (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z)), false),
                Arguments.of(Activation.sigmoid(), (DoubleUnaryOperator) z -> 1 / (1 + Math.exp(-z)), false),
                Arguments.of(Activation.identity(), (DoubleUnaryOperator) z -> z, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void forwardMatchesTheFormula(Activation g, DoubleUnaryOperator formula, boolean hasKink) {
        double[][] z = randomZ(11, hasKink);
        Matrix a = forward(g, z);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                assertThat(a.get(i, j)).as("%s at (%d, %d)", g.id(), i, j)
                        .isCloseTo(formula.applyAsDouble(z[i][j]), within(1e-15));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void backwardMatchesFiniteDifferencesOfWeightedSum(Activation g, DoubleUnaryOperator formula, boolean hasKink) {
        double[][] z = randomZ(12, hasKink);
        double[][] w = randomWeights(13);
        // S(z) = Σ w ⊙ g(z), differentiated numerically through the formula; |z| > 1e-3 keeps kinks out of reach
        double[] numeric = FiniteDifferences.gradient(FiniteDifferences.flatten(z), flat -> {
            double s = 0;
            for (int k = 0; k < flat.length; k++) {
                s += w[k / COLS][k % COLS] * formula.applyAsDouble(flat[k]);
            }
            return s;
        });
        assertThat(FiniteDifferences.relativeError(backward(g, z, w), numeric)).as(g.id()).isLessThan(1e-7);
    }

    @Test
    void softmaxForwardMatchesTheFormulaAndBackwardMatchesFiniteDifferences() {
        double[][] z = randomZ(14, false);
        Matrix a = forward(Activation.softmax(), z);
        for (int i = 0; i < ROWS; i++) {
            double[] expected = naiveSoftmax(z[i]);
            for (int j = 0; j < COLS; j++) {
                assertThat(a.get(i, j)).isCloseTo(expected[j], within(1e-15));
            }
        }
        double[][] w = randomWeights(15);
        double[] numeric = FiniteDifferences.gradient(FiniteDifferences.flatten(z), flat -> {
            double s = 0;
            for (int i = 0; i < ROWS; i++) {
                double[] row = new double[COLS];
                System.arraycopy(flat, i * COLS, row, 0, COLS);
                double[] p = naiveSoftmax(row);
                for (int j = 0; j < COLS; j++) {
                    s += w[i][j] * p[j];
                }
            }
            return s;
        });
        assertThat(FiniteDifferences.relativeError(backward(Activation.softmax(), z, w), numeric)).isLessThan(1e-7);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sigmoidOfPlusMinus1000IsFiniteAndSaturated(DType dtype) {
        Matrix z = Matrix.of(dtype, new double[][] {{-1000, 1000, -745, 710}});
        Matrix a = z.zerosLike();
        Activation.sigmoid().forward(z, a);
        assertThat(a.allFinite()).isTrue();
        assertThat(a.get(0, 0)).isCloseTo(0.0, within(1e-300));
        assertThat(a.get(0, 1)).isEqualTo(1.0);
        Matrix dZ = z.zerosLike();
        Activation.sigmoid().backward(z, a, Matrix.of(dtype, new double[][] {{1, 1, 1, 1}}), dZ);
        assertThat(dZ.allFinite()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxOfHugeLogitsIsFiniteWithTheLimitingProbabilities(DType dtype) {
        Matrix z = Matrix.of(dtype, new double[][] {
                {1e30, -1e30, 0},
                {-1e30, -1e30, -1e30},
                {1e30, 1e30, -1e30},
                {-1e30, 0, 1e30}});
        Matrix a = z.zerosLike();
        Activation.softmax().forward(z, a);
        assertThat(a.allFinite()).isTrue();
        double[][] expected = {{1, 0, 0}, {1 / 3.0, 1 / 3.0, 1 / 3.0}, {0.5, 0.5, 0}, {0, 0, 1}};
        for (int i = 0; i < z.rows(); i++) {
            assertThat(a.row(i)).containsExactly(expected[i], within(1e-7));
        }
    }

    @Test
    void softmaxRowsSumToOneForAnyFiniteLogits() {
        SplittableRandom rng = new SplittableRandom(16);
        double[] edges = {-1e30, 1e30, 0, -Double.MAX_VALUE / 4, Double.MAX_VALUE / 4, 1e-300};
        for (int trial = 0; trial < 500; trial++) {
            double[][] z = new double[1][1 + rng.nextInt(8)];
            for (int j = 0; j < z[0].length; j++) {
                z[0][j] = rng.nextInt(4) == 0 ? edges[rng.nextInt(edges.length)] : rng.nextDouble(-1e30, 1e30);
            }
            Matrix a = forward(Activation.softmax(), z);
            assertThat(a.allFinite()).as("softmax of %s", java.util.Arrays.toString(z[0])).isTrue();
            assertThat(a.sum()).as("softmax of %s", java.util.Arrays.toString(z[0])).isCloseTo(1.0, within(1e-12));
            for (int j = 0; j < a.size(); j++) {
                assertThat(a.get(j)).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void parseKnowsEveryIdAndListsThemOnError() {
        assertThat(Activation.parse("relu")).isEqualTo(Activation.relu());
        assertThat(Activation.parse("Leaky-ReLU(0.2)")).isEqualTo(Activation.leakyRelu(0.2));
        assertThat(Activation.parse("linear")).isEqualTo(Activation.identity());
        for (Activation g : new Activation[] {Activation.relu(), Activation.leakyRelu(0.01), Activation.tanh(),
                Activation.sigmoid(), Activation.identity(), Activation.softmax()}) {
            assertThat(Activation.parse(g.id())).isEqualTo(g);
        }
        assertThatThrownBy(() -> Activation.parse("swish"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'swish'")
                .hasMessageContaining("relu, leaky_relu, leaky_relu(SLOPE), tanh, sigmoid, identity, softmax");
    }

    @Test
    void leakyReluSlopeOutsideZeroToOneIsRejectedWithArgumentAndValue() {
        assertThatThrownBy(() -> Activation.leakyRelu(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slope")
                .hasMessageContaining("1.5")
                .hasMessageContaining("[0, 1)");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Matrix forward(Activation g, double[][] z) {
        Matrix zm = Matrix.of(DType.FLOAT64, z);
        Matrix a = zm.zerosLike();
        g.forward(zm, a);
        return a;
    }

    /** dZ from the activation's backward with dA = w. */
    private static double[] backward(Activation g, double[][] z, double[][] w) {
        Matrix zm = Matrix.of(DType.FLOAT64, z);
        Matrix a = zm.zerosLike();
        g.forward(zm, a);
        Matrix dZ = zm.zerosLike();
        g.backward(zm, a, Matrix.of(DType.FLOAT64, w), dZ);
        return dZ.toDoubleArray();
    }

    private static double[] naiveSoftmax(double[] z) {
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v);
        }
        double[] p = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j]) / sum;
        }
        return p;
    }

    /** Values in ±[0.01, 3]: moderate, and at least 1e-3 away from the ReLU kink when asked. */
    private static double[][] randomZ(long seed, boolean avoidZero) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] z = new double[ROWS][COLS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                double v = rng.nextDouble(-3, 3);
                z[i][j] = avoidZero && Math.abs(v) < 0.01 ? Math.copySign(0.01, v) + v : v;
            }
        }
        return z;
    }

    private static double[][] randomWeights(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] w = new double[ROWS][COLS];
        for (double[] row : w) {
            for (int j = 0; j < COLS; j++) {
                row[j] = rng.nextDouble(-1, 1);
            }
        }
        return w;
    }
}
