package dev.plumb.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.nn.Parameter;

class AdamTest {

    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double LR = 0.01;

    @Test
    void firstStepMovesEachWeightByLearningRateTimesSignOfGradient() {
        double[] start = {0.5, -1.0, 2.0, 0.3};
        double[] g = {0.3, -2e-3, 5.0, -70.0}; // magnitudes over four orders: the step does not care
        Parameter p = Parameters.of(start);
        Parameters.setGradient(p, g);
        new Adam().step(List.of(p), LR);
        for (int i = 0; i < start.length; i++) {
            // m̂ = g, v̂ = g², so Δθ = −lr·g/(|g| + ε) = −lr·sign(g) up to ε/|g|
            assertThat(p.value().get(i)).isCloseTo(start[i] - LR * Math.signum(g[i]), within(LR * 1e-5));
        }
    }

    @Test
    void threeStepsFollowTheBiasCorrectedRecurrence() {
        double[][] gradients = {{0.3, -0.2}, {-1.0, 0.5}, {0.05, 2.0}};
        Parameter p = Parameters.of(1.0, -1.0);
        Adam adam = new Adam(B1, B2, EPS);
        double[] expected = reference(new double[] {1.0, -1.0}, gradients, B1, B2, EPS, LR);
        for (double[] g : gradients) {
            Parameters.setGradient(p, g);
            adam.step(List.of(p), LR);
        }
        assertThat(p.value().toDoubleArray()).containsExactly(expected, within(1e-15));
        assertThat(adam.steps()).isEqualTo(3);
    }

    @Test
    void otherBetasAndEpsilonAreHonoured() {
        double[][] gradients = {{1e-3}, {2e-3}, {-5e-4}};
        Parameter p = Parameters.of(0.0);
        Adam adam = new Adam(0.5, 0.8, 1e-3); // ε comparable to |g| so that it visibly matters
        for (double[] g : gradients) {
            Parameters.setGradient(p, g);
            adam.step(List.of(p), LR);
        }
        assertThat(p.value().get(0)).isCloseTo(reference(new double[] {0.0}, gradients, 0.5, 0.8, 1e-3, LR)[0], within(1e-15));
    }

    @Test
    void momentsAreKeptPerParameter() {
        Parameter a = Parameters.of(1.0, 2.0);
        Parameter b = Parameters.of(-1.0);
        double[][] ga = {{0.3, -0.2}, {-1.0, 0.5}, {0.05, 2.0}};
        double[][] gb = {{10.0}, {-0.01}, {3.0}};
        Adam adam = new Adam(B1, B2, EPS);
        for (int t = 0; t < 3; t++) {
            Parameters.setGradient(a, ga[t]);
            Parameters.setGradient(b, gb[t]);
            adam.step(List.of(a, b), LR);
        }
        assertThat(a.value().toDoubleArray()).containsExactly(reference(new double[] {1.0, 2.0}, ga, B1, B2, EPS, LR), within(1e-15));
        assertThat(b.value().toDoubleArray()).containsExactly(reference(new double[] {-1.0}, gb, B1, B2, EPS, LR), within(1e-15));
    }

    @Test
    void aParameterSteppedForTheFirstTimeGetsAFirstStepEvenIfOthersHaveMoved() {
        Parameter a = Parameters.of(0.0);
        Parameter b = Parameters.of(0.0);
        Adam adam = new Adam(B1, B2, EPS);
        Parameters.setGradient(a, 1.0);
        Parameters.setGradient(b, -4.0);
        adam.step(List.of(a), LR);
        adam.step(List.of(a), LR);
        adam.step(List.of(b), LR); // b's moments are fresh: its bias correction is that of step 1
        assertThat(b.value().get(0)).isCloseTo(LR, within(LR * 1e-5));
        adam.step(List.of(a, b), LR);
        assertThat(a.value().get(0)).isCloseTo(reference(new double[] {0.0}, new double[][] {{1}, {1}, {1}}, B1, B2, EPS, LR)[0],
                within(1e-15));
        assertThat(b.value().get(0)).isCloseTo(reference(new double[] {0.0}, new double[][] {{-4}, {-4}}, B1, B2, EPS, LR)[0],
                within(1e-15));
    }

    @Test
    void resetForgetsMomentsAndStepCountAndCopyStartsFresh() {
        Parameter p = Parameters.of(0.0);
        Adam adam = new Adam(B1, B2, EPS);
        Parameters.setGradient(p, 2.0);
        adam.step(List.of(p), LR);
        Parameters.setGradient(p, -0.5);
        adam.step(List.of(p), LR);
        Adam copy = adam.copy();

        adam.reset();
        assertThat(adam.steps()).isZero();
        Parameters.setGradient(p, 3.0);
        double before = p.value().get(0);
        adam.step(List.of(p), LR);
        assertThat(p.value().get(0)).as("after reset").isCloseTo(before - LR, within(LR * 1e-5));
        before = p.value().get(0);
        copy.step(List.of(p), LR);
        assertThat(p.value().get(0)).as("a copy").isCloseTo(before - LR, within(LR * 1e-5));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN})
    void invalidLearningRateIsRejectedNamingArgumentAndValue(double rate) {
        assertThatThrownBy(() -> new Adam().step(List.of(Parameters.of(1.0)), rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate")
                .hasMessageContaining(String.valueOf(rate));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1})
    void betaOutsideZeroToOneIsRejectedNamingTheArgument(double beta) {
        assertThatThrownBy(() -> new Adam(beta, B2, EPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta1")
                .hasMessageContaining(String.valueOf(beta))
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new Adam(B1, beta, EPS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta2")
                .hasMessageContaining(String.valueOf(beta));
    }

    @Test
    void nonPositiveEpsilonIsRejected() {
        assertThatThrownBy(() -> new Adam(B1, B2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon");
    }

    /**
     * Adam written out: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
     */
    static double[] reference(double[] start, double[][] gradients, double b1, double b2, double eps, double lr) {
        double[] theta = start.clone();
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        for (int t = 1; t <= gradients.length; t++) {
            for (int i = 0; i < theta.length; i++) {
                double g = gradients[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return theta;
    }
}
