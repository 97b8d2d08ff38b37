package dev.plumb.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.nn.Parameter;

class MomentumTest {

    private static final double BETA = 0.9;
    private static final double LR = 0.1;
    private static final double[][] GRADIENTS = {{0.3, -0.2}, {-1.0, 0.5}, {0.05, 2.0}};

    @Test
    void firstStepIsPlainGradientDescentBecauseVelocityStartsAtZero() {
        Parameter p = Parameters.of(1.0, -1.0);
        Parameters.setGradient(p, GRADIENTS[0]);
        new Momentum(BETA).step(List.of(p), LR);
        assertThat(p.value().toDoubleArray()).containsExactly(new double[] {1.0 - 0.03, -1.0 + 0.02}, within(1e-15));
    }

    @Test
    void threeStepsFollowVEqualsBetaVPlusGradThenThetaMinusLrV() {
        Parameter p = Parameters.of(1.0, -1.0);
        Momentum momentum = new Momentum(BETA);
        double[] theta = {1.0, -1.0};
        double[] v = new double[2];
        for (double[] g : GRADIENTS) {
            Parameters.setGradient(p, g);
            momentum.step(List.of(p), LR);
            for (int i = 0; i < 2; i++) {
                v[i] = BETA * v[i] + g[i];
                theta[i] -= LR * v[i];
            }
        }
        assertThat(p.value().toDoubleArray()).containsExactly(theta, within(1e-15));
        // by hand for the first coordinate: v = 0.3, −0.73, −0.607; θ = 1 − 0.03 + 0.073 + 0.0607
        assertThat(theta[0]).isCloseTo(1.1037, within(1e-12));
    }

    @Test
    void velocityIsKeptPerParameter() {
        Parameter a = Parameters.of(0.0);
        Parameter b = Parameters.of(0.0);
        Momentum momentum = new Momentum(BETA);
        Parameters.setGradient(a, 1.0);
        Parameters.setGradient(b, -3.0);
        momentum.step(List.of(a, b), LR);
        momentum.step(List.of(a, b), LR);
        // each: v₁ = g, v₂ = βg + g, θ = −lr·(2.9·g)
        assertThat(a.value().get(0)).isCloseTo(-LR * 2.9 * 1.0, within(1e-15));
        assertThat(b.value().get(0)).isCloseTo(-LR * 2.9 * -3.0, within(1e-15));
    }

    @Test
    void resetForgetsTheVelocityAndCopyStartsFresh() {
        Parameter p = Parameters.of(0.0);
        Momentum momentum = new Momentum(BETA);
        Parameters.setGradient(p, 1.0);
        momentum.step(List.of(p), LR);
        momentum.step(List.of(p), LR);
        Momentum copy = momentum.copy();

        momentum.reset();
        double before = p.value().get(0);
        momentum.step(List.of(p), LR);
        assertThat(p.value().get(0)).as("after reset").isCloseTo(before - LR, within(1e-15));
        before = p.value().get(0);
        copy.step(List.of(p), LR);
        assertThat(p.value().get(0)).as("a copy").isCloseTo(before - LR, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1, Double.NaN})
    void betaOutsideZeroToOneIsRejectedNamingArgumentAndValue(double beta) {
        assertThatThrownBy(() -> new Momentum(beta))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta")
                .hasMessageContaining(String.valueOf(beta))
                .hasMessageContaining("[0, 1)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN})
    void invalidLearningRateIsRejectedNamingArgumentAndValue(double rate) {
        assertThatThrownBy(() -> new Momentum(BETA).step(List.of(Parameters.of(1.0)), rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate")
                .hasMessageContaining(String.valueOf(rate));
    }
}
