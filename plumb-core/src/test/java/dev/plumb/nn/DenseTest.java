package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class DenseTest {

    private static final int M = 6;
    private static final int INPUTS = 4;
    private static final int UNITS = 3;

    static Stream<Activation> activations() {
        return Stream.of(Activation.identity(), Activation.relu(), Activation.leakyRelu(0.1), Activation.tanh(),
                Activation.sigmoid(), Activation.softmax());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void forwardIsXTimesWTransposedPlusBThenTheActivation(Activation g) {
        Dense dense = layer(g, DType.FLOAT64, 21);
        double[][] x = random(M, INPUTS, 22);
        double[][] w = FiniteDifferences.toArray(dense.weights());
        double[] b = dense.biases().row(0);

        Matrix a = dense.forward(Matrix.of(DType.FLOAT64, x), Mode.TRAIN);

        for (int i = 0; i < M; i++) {
            double[] z = new double[UNITS];
            for (int u = 0; u < UNITS; u++) {
                z[u] = b[u];
                for (int k = 0; k < INPUTS; k++) {
                    z[u] += x[i][k] * w[u][k];
                }
            }
            double[] expected = naiveActivation(g, z);
            for (int u = 0; u < UNITS; u++) {
                assertThat(a.get(i, u)).as("%s, example %d, unit %d", g.id(), i, u).isCloseTo(expected[u], within(1e-14));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void backwardGivesDwDbDxOfAScalarFunctionThroughTheLayer(Activation g) {
        Dense dense = layer(g, DType.FLOAT64, 23);
        Matrix x = Matrix.of(DType.FLOAT64, random(M, INPUTS, 24));
        Matrix r = Matrix.of(DType.FLOAT64, random(M, UNITS, 25));
        // S = Σ r ⊙ layer(x), so ∂S/∂output = r
        java.util.function.DoubleSupplier s = () -> weightedSum(r, dense.forward(x, Mode.TRAIN));

        assertKinksOutOfReach(g, dense, x);
        dense.forward(x, Mode.TRAIN);
        double[] dX = dense.backward(r).toDoubleArray();
        double[] dW = dense.parameters().get(0).grad().toDoubleArray();
        double[] db = dense.parameters().get(1).grad().toDoubleArray();

        assertThat(FiniteDifferences.relativeError(dW, FiniteDifferences.gradient(dense.weights(), s))).as("dW").isLessThan(1e-7);
        assertThat(FiniteDifferences.relativeError(db, FiniteDifferences.gradient(dense.biases(), s))).as("db").isLessThan(1e-7);
        assertThat(FiniteDifferences.relativeError(dX, FiniteDifferences.gradient(x, s))).as("dX").isLessThan(1e-7);
    }

    /** ReLU's own arithmetic with a buffer for A apart from Z: what a Dense layer with ReLU did before A went over Z. */
    private record TwoBufferRelu() implements Activation {
        @Override
        public void forward(Matrix z, Matrix a) {
            Activation.relu().forward(z, a);
        }

        @Override
        public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
            Activation.relu().backward(z, a, dA, dZ);
        }

        @Override
        public void forwardWithBias(Matrix z, Matrix bias, Matrix a) {
            Activation.relu().forwardWithBias(z, bias, a);
        }

        @Override
        public void backwardWithBiasGradient(Matrix z, Matrix a, Matrix dA, Matrix dZ, Matrix db) {
            Activation.relu().backwardWithBiasGradient(z, a, dA, dZ, db);
        }

        @Override
        public String id() {
            return "relu-two-buffers";
        }
    }

    /**
     * A ReLU layer writes A over Z; its output and its gradients are those of the same layer keeping A apart, bit for
     * bit, in both precisions and both modes — with the pre-activations crossing zero (biases of both signs) and a
     * second forward on another batch size in between, as evaluation does between training steps.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void reluWrittenOverZGivesTheTwoBufferLayersNumbers(DType dtype) {
        assertThat(Activation.relu().writesOverInput()).isTrue();
        assertThat(new TwoBufferRelu().writesOverInput()).isFalse();
        Dense inPlace = layer(Activation.relu(), dtype, 41);
        Dense twoBuffers = new Dense(INPUTS, UNITS, new TwoBufferRelu(), dtype);
        twoBuffers.weights().copyFrom(inPlace.weights());
        twoBuffers.biases().copyFrom(inPlace.biases());
        Matrix x = Matrix.of(dtype, random(M, INPUTS, 42));
        Matrix other = Matrix.of(dtype, random(M + 3, INPUTS, 44));
        Matrix r = Matrix.of(dtype, random(M, UNITS, 43));
        for (Mode mode : Mode.values()) {
            Matrix a = inPlace.forward(x, mode).copy();
            inPlace.forward(other, mode);
            inPlace.forward(x, mode);
            Matrix dX = inPlace.backward(r).copy();
            Matrix b = twoBuffers.forward(x, mode).copy();
            Matrix dXb = twoBuffers.backward(r).copy();
            assertThat(a.contentEquals(b)).as("A, %s", mode).isTrue();
            assertThat(dX.contentEquals(dXb)).as("dX, %s", mode).isTrue();
            for (int k = 0; k < 2; k++) {
                assertThat(inPlace.parameters().get(k).grad().contentEquals(twoBuffers.parameters().get(k).grad()))
                        .as("%s, %s", inPlace.parameters().get(k).name(), mode).isTrue();
            }
        }
    }

    @Test
    void backwardOverwritesGradientsRatherThanAccumulating() {
        Dense dense = layer(Activation.tanh(), DType.FLOAT64, 26);
        Matrix x = Matrix.of(DType.FLOAT64, random(M, INPUTS, 27));
        Matrix r = Matrix.of(DType.FLOAT64, random(M, UNITS, 28));
        dense.forward(x, Mode.TRAIN);
        dense.backward(r);
        Matrix first = dense.parameters().get(0).grad().copy();
        dense.forward(x, Mode.TRAIN);
        dense.backward(r);
        assertThat(dense.parameters().get(0).grad().contentEquals(first)).isTrue();
    }

    @Test
    void float32LayerAgreesWithFloat64WithinFloatTolerance() {
        Dense d64 = layer(Activation.tanh(), DType.FLOAT64, 29);
        Dense d32 = d64.copy(DType.FLOAT32);
        assertThat(d32.weights().dtype()).isEqualTo(DType.FLOAT32);
        Matrix x = Matrix.of(DType.FLOAT64, random(M, INPUTS, 30));
        Matrix r = Matrix.of(DType.FLOAT64, random(M, UNITS, 31));

        double[] a64 = d64.forward(x, Mode.TRAIN).toDoubleArray();
        double[] a32 = d32.forward(x.to(DType.FLOAT32), Mode.TRAIN).toDoubleArray();
        double[] dx64 = d64.backward(r).toDoubleArray();
        double[] dx32 = d32.backward(r.to(DType.FLOAT32)).toDoubleArray();

        // float32 keeps ~7 significant digits; a handful of roundings on O(1) values stays well inside 1e-5
        assertThat(a32).containsExactly(a64, within(1e-5));
        assertThat(dx32).containsExactly(dx64, within(1e-5));
        assertThat(d32.parameters().get(0).grad().toDoubleArray())
                .containsExactly(d64.parameters().get(0).grad().toDoubleArray(), within(1e-5));
        assertThat(d32.parameters().get(1).grad().toDoubleArray())
                .containsExactly(d64.parameters().get(1).grad().toDoubleArray(), within(1e-5));
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        Dense original = layer(Activation.relu(), DType.FLOAT64, 32);
        Matrix weightsBefore = original.weights().copy();
        Matrix biasesBefore = original.biases().copy();

        Dense copy = original.copy(DType.FLOAT64);
        assertThat(copy.weights().contentEquals(original.weights())).isTrue();
        assertThat(copy.weights()).isNotSameAs(original.weights());
        copy.weights().fill(7);
        copy.biases().fill(-7);
        copy.forward(Matrix.of(DType.FLOAT64, random(M, INPUTS, 33)), Mode.TRAIN);
        copy.backward(Matrix.of(DType.FLOAT64, random(M, UNITS, 34)));

        assertThat(original.weights().contentEquals(weightsBefore)).isTrue();
        assertThat(original.biases().contentEquals(biasesBefore)).isTrue();
        assertThat(original.parameters().get(0).grad().sumOfAbsolutes()).isZero();

        original.weights().set(0, 0, 123);
        assertThat(copy.weights().get(0, 0)).isEqualTo(7);
    }

    @Test
    void initializeDrawsWeightsAndZeroesBiases() {
        Dense dense = new Dense(INPUTS, UNITS, Activation.tanh(), DType.FLOAT64);
        dense.biases().fill(5);
        dense.initialize(Initializer.parse("he"), new SplittableRandom(35));
        assertThat(dense.biases().sumOfAbsolutes()).isZero();
        assertThat(dense.weights().sumOfAbsolutes()).isPositive();
        assertThat(dense.parameters()).extracting(Parameter::name).containsExactly("W", "b");
        assertThat(dense.parameters()).extracting(Parameter::regularized).containsExactly(true, false);
    }

    @Test
    void nonPositiveSizesAreRejectedNamingArgumentAndValue() {
        assertThatThrownBy(() -> new Dense(INPUTS, -3, Activation.relu(), DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units")
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> new Dense(0, UNITS, Activation.relu(), DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputs")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> LayerSpec.dense(-3, Activation.relu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units")
                .hasMessageContaining("-3");
    }

    @Test
    void inputOfTheWrongWidthIsRejectedWithBothWidths() {
        Dense dense = layer(Activation.relu(), DType.FLOAT64, 36);
        assertThatThrownBy(() -> dense.forward(Matrix.zeros(DType.FLOAT64, 2, INPUTS + 1), Mode.EVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 features")
                .hasMessageContaining("expected 4");
        assertThatThrownBy(() -> layer(Activation.relu(), DType.FLOAT64, 37).backward(Matrix.zeros(DType.FLOAT64, 2, UNITS)))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** A layer with random weights and non-zero biases (so a wrong bias gradient cannot hide). */
    static Dense layer(Activation g, DType dtype, long seed) {
        Dense dense = new Dense(INPUTS, UNITS, g, dtype);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < dense.weights().size(); i++) {
            dense.weights().set(i, rng.nextDouble(-1, 1));
        }
        for (int i = 0; i < dense.biases().size(); i++) {
            dense.biases().set(i, rng.nextDouble(-0.5, 0.5));
        }
        return dense;
    }

    static double[][] random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextDouble(-2, 2);
            }
        }
        return a;
    }

    private static double weightedSum(Matrix r, Matrix a) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += r.get(i) * a.get(i);
        }
        return s;
    }

    /** For the ReLU family, finite differences are only valid when no pre-activation is near 0. */
    private static void assertKinksOutOfReach(Activation g, Dense dense, Matrix x) {
        if (!(g instanceof Relu || g instanceof LeakyRelu)) {
            return;
        }
        double[][] w = FiniteDifferences.toArray(dense.weights());
        double[] b = dense.biases().row(0);
        for (int i = 0; i < M; i++) {
            for (int u = 0; u < UNITS; u++) {
                double z = b[u];
                for (int k = 0; k < INPUTS; k++) {
                    z += x.get(i, k) * w[u][k];
                }
                assertThat(Math.abs(z)).as("test precondition: |z| > 1e-3 at (%d, %d)", i, u).isGreaterThan(1e-3);
            }
        }
    }

    private static double[] naiveActivation(Activation g, double[] z) {
        double[] a = new double[z.length];
        if (g instanceof Softmax) {
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v);
            }
            for (int j = 0; j < z.length; j++) {
                a[j] = Math.exp(z[j]) / sum;
            }
            return a;
        }
        for (int j = 0; j < z.length; j++) {
            double v = z[j];
            a[j] = switch (g.id()) {
                case "identity" -> v;
                case "relu" -> Math.max(0, v);
                case "leaky_relu(0.1)" -> v > 0 ? v : 0.1 * v;
                case "tanh" -> Math.tanh(v);
                case "sigmoid" -> 1 / (1 + Math.exp(-v));
                default -> throw new IllegalArgumentException(g.id());
            };
        }
        return a;
    }
}
