package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class SoftmaxCrossEntropyTest {

    private final Loss loss = Loss.softmaxCrossEntropy();

    // moderate logits, where the textbook formula is safe to evaluate as written
    private static final double[][] LOGITS = {
            {1.2, -0.7, 0.3},
            {-2.0, 0.5, 2.5},
            {0.0, 0.0, 0.0},
            {3.1, -1.4, -0.2}};
    private static final double[][] TARGETS = {
            {1, 0, 0},
            {0, 1, 0},
            {0, 0, 1},
            {0.2, 0.5, 0.3}}; // a soft label: any distribution is allowed

    @Test
    void costIsTheMeanOfMinusSumYLogSoftmax() {
        Matrix z = Matrix.of(DType.FLOAT64, LOGITS);
        assertThat(loss.cost(z, Matrix.of(DType.FLOAT64, TARGETS)))
                .isCloseTo(naiveCost(FiniteDifferences.flatten(LOGITS)), within(1e-14));
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheNaiveCost() {
        Matrix z = Matrix.of(DType.FLOAT64, LOGITS);
        Matrix grad = z.zerosLike();
        loss.gradient(z, Matrix.of(DType.FLOAT64, TARGETS), grad);
        double[] numeric = FiniteDifferences.gradient(FiniteDifferences.flatten(LOGITS), SoftmaxCrossEntropyTest::naiveCost);
        assertThat(FiniteDifferences.relativeError(grad.toDoubleArray(), numeric)).isLessThan(1e-7);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void logitsOfPlusMinus1e30GiveFiniteLossesWithTheLimitingValues(DType dtype) {
        double big = 1e30;
        // each row alone, so the mean does not hide a row: {logits, one-hot target, limiting loss, limiting ∂L/∂z}
        assertRow(dtype, new double[] {big, -big, 0}, new double[] {1, 0, 0}, 0, new double[] {0, 0, 0});
        assertRow(dtype, new double[] {big, -big, 0}, new double[] {0, 1, 0}, 2 * big, new double[] {1, -1, 0});
        assertRow(dtype, new double[] {big, -big, 0}, new double[] {0, 0, 1}, big, new double[] {1, 0, -1});
        assertRow(dtype, new double[] {-big, -big, big}, new double[] {0, 0, 1}, 0, new double[] {0, 0, 0});
        // a tie between two huge logits: softmax is (½, ½, 0), so L = log 2, not 0
        assertRow(dtype, new double[] {big, big, -big}, new double[] {1, 0, 0}, Math.log(2), new double[] {-0.5, 0.5, 0});
        assertRow(dtype, new double[] {-big, -big, -big}, new double[] {0, 1, 0}, Math.log(3),
                new double[] {1 / 3.0, -2 / 3.0, 1 / 3.0});
    }

    @Test
    void errorIsTheMisclassificationRate() {
        Matrix z = Matrix.of(DType.FLOAT64, new double[][] {
                {2, 1, 0},   // predicts 0, label 0: right
                {0, 3, 1},   // predicts 1, label 2: wrong
                {0, 0, 5},   // predicts 2, label 2: right
                {4, 1, 2}}); // predicts 0, label 1: wrong
        Matrix y = Matrix.of(DType.FLOAT64, new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}});
        assertThat(loss.error(z, y)).isEqualTo(0.5);
        assertThat(loss.isClassification()).isTrue();
    }

    @Test
    void predictGivesClassProbabilities() {
        Matrix z = Matrix.of(DType.FLOAT64, LOGITS);
        Matrix p = z.zerosLike();
        loss.predict(z, p);
        for (int i = 0; i < LOGITS.length; i++) {
            double sum = 0;
            for (double v : LOGITS[i]) {
                sum += Math.exp(v);
            }
            for (int j = 0; j < 3; j++) {
                assertThat(p.get(i, j)).isCloseTo(Math.exp(LOGITS[i][j]) / sum, within(1e-15));
            }
        }
    }

    @Test
    void targetOfAnotherShapeIsRejectedNamingBothShapes() {
        assertThatThrownBy(() -> loss.cost(Matrix.zeros(DType.FLOAT64, 4, 3), Matrix.zeros(DType.FLOAT64, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target")
                .hasMessageContaining("4x2")
                .hasMessageContaining("4x3");
    }

    private void assertRow(DType dtype, double[] logits, double[] target, double expectedLoss, double[] expectedGrad) {
        Matrix z = Matrix.of(dtype, new double[][] {logits});
        Matrix y = Matrix.of(dtype, new double[][] {target});
        double cost = loss.cost(z, y);
        assertThat(cost).as("loss of %s", java.util.Arrays.toString(logits)).isFinite();
        if (expectedLoss > 1) {
            assertThat(cost).as("loss of %s", java.util.Arrays.toString(logits)).isCloseTo(expectedLoss, withinPercentage(1e-4));
        } else {
            assertThat(cost).as("loss of %s", java.util.Arrays.toString(logits)).isCloseTo(expectedLoss, within(1e-6));
        }
        Matrix grad = z.zerosLike();
        loss.gradient(z, y, grad);
        assertThat(grad.allFinite()).isTrue();
        assertThat(grad.toDoubleArray()).as("gradient at %s", java.util.Arrays.toString(logits))
                .containsExactly(expectedGrad, within(1e-6));
    }

    /** (1/m) Σ_rows −Σ_j y_j log(e^{z_j} / Σ_k e^{z_k}), evaluated as written. */
    private static double naiveCost(double[] flatLogits) {
        double total = 0;
        for (int i = 0; i < TARGETS.length; i++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += Math.exp(flatLogits[i * 3 + k]);
            }
            for (int j = 0; j < 3; j++) {
                total -= TARGETS[i][j] * Math.log(Math.exp(flatLogits[i * 3 + j]) / sum);
            }
        }
        return total / TARGETS.length;
    }
}
