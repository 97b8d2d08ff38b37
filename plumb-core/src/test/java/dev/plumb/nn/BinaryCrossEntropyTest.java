package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class BinaryCrossEntropyTest {

    private final Loss loss = Loss.binaryCrossEntropy();

    private static final double[][] LOGITS = {{1.5, -0.4}, {-2.2, 0.1}, {0.7, 3.0}};
    private static final double[][] TARGETS = {{1, 0}, {0, 1}, {0.3, 1}};

    @Test
    void costIsTheMeanOfMinusYLogSigmaMinusOneMinusYLogOneMinusSigma() {
        assertThat(loss.cost(Matrix.of(DType.FLOAT64, LOGITS), Matrix.of(DType.FLOAT64, TARGETS)))
                .isCloseTo(naiveCost(FiniteDifferences.flatten(LOGITS)), within(1e-14));
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheNaiveCost() {
        Matrix x = Matrix.of(DType.FLOAT64, LOGITS);
        Matrix grad = x.zerosLike();
        loss.gradient(x, Matrix.of(DType.FLOAT64, TARGETS), grad);
        double[] numeric = FiniteDifferences.gradient(FiniteDifferences.flatten(LOGITS), BinaryCrossEntropyTest::naiveCost);
        assertThat(FiniteDifferences.relativeError(grad.toDoubleArray(), numeric)).isLessThan(1e-7);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void logitsOfPlusMinus1e30GiveFiniteLossesWithTheLimitingValues(DType dtype) {
        // {logit, target, limiting loss, limiting ∂L/∂x}: confident and right costs 0, confident and wrong costs |x|
        assertElement(dtype, 1e30, 1, 0, 0);
        assertElement(dtype, -1e30, 1, 1e30, -1);
        assertElement(dtype, 1e30, 0, 1e30, 1);
        assertElement(dtype, -1e30, 0, 0, 0);
        assertElement(dtype, 1e30, 0.25, 0.75e30, 0.75);
        assertElement(dtype, 1000, 1, 0, 0);
        assertElement(dtype, -1000, 1, 1000, -1);
    }

    @Test
    void errorIsTheFractionOnTheWrongSideOfHalf() {
        Matrix x = Matrix.of(DType.FLOAT64, new double[][] {{2.0, -1.0}, {-0.5, 0.3}});
        Matrix y = Matrix.of(DType.FLOAT64, new double[][] {{1, 1}, {0, 0}});
        // right, wrong; right, wrong
        assertThat(loss.error(x, y)).isEqualTo(0.5);
    }

    @Test
    void predictGivesSigmoidProbabilities() {
        Matrix x = Matrix.of(DType.FLOAT64, LOGITS);
        Matrix p = x.zerosLike();
        loss.predict(x, p);
        for (int i = 0; i < p.size(); i++) {
            assertThat(p.get(i)).isCloseTo(1 / (1 + Math.exp(-x.get(i))), within(1e-15));
        }
    }

    private void assertElement(DType dtype, double logit, double target, double expectedLoss, double expectedGrad) {
        Matrix x = Matrix.of(dtype, new double[][] {{logit}});
        Matrix y = Matrix.of(dtype, new double[][] {{target}});
        double cost = loss.cost(x, y);
        assertThat(cost).as("loss at x=%s, y=%s", logit, target).isFinite();
        if (expectedLoss > 1) {
            assertThat(cost).as("loss at x=%s, y=%s", logit, target).isCloseTo(expectedLoss, withinPercentage(1e-4));
        } else {
            assertThat(cost).as("loss at x=%s, y=%s", logit, target).isCloseTo(expectedLoss, within(1e-12));
        }
        Matrix grad = x.zerosLike();
        loss.gradient(x, y, grad);
        assertThat(grad.get(0)).as("gradient at x=%s, y=%s", logit, target).isFinite().isCloseTo(expectedGrad, within(1e-7));
    }

    /** Mean over all elements of −[y log σ(x) + (1−y) log(1−σ(x))], σ(x) = 1/(1+e^−x), as written. */
    private static double naiveCost(double[] flatLogits) {
        double total = 0;
        for (int k = 0; k < flatLogits.length; k++) {
            double s = 1 / (1 + Math.exp(-flatLogits[k]));
            double y = TARGETS[k / 2][k % 2];
            total -= y * Math.log(s) + (1 - y) * Math.log(1 - s);
        }
        return total / flatLogits.length;
    }
}
