package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class MeanSquaredErrorTest {

    private final Loss loss = Loss.meanSquaredError();

    private static final double[][] OUTPUTS = {{1.5, -0.4}, {-2.2, 0.1}, {0.7, 3.0}};
    private static final double[][] TARGETS = {{1, 0}, {0, 1}, {0.3, 2}};

    @Test
    void costIsTheMeanOfSquaredDifferencesOverAllElements() {
        assertThat(loss.cost(Matrix.of(DType.FLOAT64, OUTPUTS), Matrix.of(DType.FLOAT64, TARGETS)))
                .isCloseTo(naiveCost(FiniteDifferences.flatten(OUTPUTS)), within(1e-15));
        // by hand: (0.25 + 0.16 + 4.84 + 0.81 + 0.16 + 1) / 6
        assertThat(naiveCost(FiniteDifferences.flatten(OUTPUTS))).isCloseTo(7.22 / 6, within(1e-15));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Matrix out = Matrix.of(DType.FLOAT64, OUTPUTS);
        Matrix grad = out.zerosLike();
        loss.gradient(out, Matrix.of(DType.FLOAT64, TARGETS), grad);
        double[] numeric = FiniteDifferences.gradient(FiniteDifferences.flatten(OUTPUTS), MeanSquaredErrorTest::naiveCost);
        assertThat(FiniteDifferences.relativeError(grad.toDoubleArray(), numeric)).isLessThan(1e-7);
    }

    @Test
    void errorIsTheMeanSquaredErrorAndPredictionsAreTheOutputs() {
        Matrix out = Matrix.of(DType.FLOAT64, OUTPUTS);
        Matrix y = Matrix.of(DType.FLOAT64, TARGETS);
        assertThat(loss.error(out, y)).isCloseTo(7.22 / 6, within(1e-15));
        assertThat(loss.isClassification()).isFalse();
        Matrix p = out.zerosLike();
        loss.predict(out, p);
        assertThat(p.contentEquals(out)).isTrue();
    }

    private static double naiveCost(double[] flat) {
        double total = 0;
        for (int k = 0; k < flat.length; k++) {
            double d = flat[k] - TARGETS[k / 2][k % 2];
            total += d * d;
        }
        return total / flat.length;
    }
}
