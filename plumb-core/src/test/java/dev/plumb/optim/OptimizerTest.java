package dev.plumb.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Parameter;

class OptimizerTest {

    // f(θ) = ½ θᵀAθ − bᵀθ with A symmetric positive definite: convex, minimum at θ* = A⁻¹b
    private static final double[][] A = {{3, 1}, {1, 2}};
    private static final double[] B = {1, -1};
    // A⁻¹ = (1/5)·[[2, −1], [−1, 3]], so θ* = (1/5)·(3, −4)
    private static final double[] MINIMUM = {0.6, -0.8};

    @Test
    void gradientDescentConvergesToTheClosedFormMinimum() {
        assertThat(minimize(new Sgd(), 0.1, 500)).containsExactly(MINIMUM, within(1e-12));
    }

    @Test
    void momentumConvergesToTheClosedFormMinimum() {
        assertThat(minimize(new Momentum(0.9), 0.01, 2000)).containsExactly(MINIMUM, within(1e-10));
    }

    @Test
    void adamConvergesCloseToTheClosedFormMinimum() {
        // with a constant rate Adam hovers within about lr of the minimum; a smaller final rate tightens it
        double[] theta = minimize(new Adam(), 0.01, 3000);
        assertThat(theta).containsExactly(MINIMUM, within(1e-2));
    }

    @Test
    void parseKnowsTheOptimizersAndListsThemOnError() {
        assertThat(Optimizer.parse("sgd")).isInstanceOf(Sgd.class);
        assertThat(Optimizer.parse("momentum")).isInstanceOf(Momentum.class);
        assertThat(((Momentum) Optimizer.parse("momentum")).beta()).isEqualTo(0.9);
        assertThat(Optimizer.parse("ADAM")).isInstanceOf(Adam.class);
        assertThatThrownBy(() -> Optimizer.parse("rmsprop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rmsprop'")
                .hasMessageContaining("sgd, momentum, adam");
    }

    private static double[] minimize(Optimizer optimizer, double learningRate, int steps) {
        Parameter theta = Parameters.of(5.0, 5.0);
        double previous = Double.POSITIVE_INFINITY;
        for (int s = 0; s < steps; s++) {
            double[] t = theta.value().toDoubleArray();
            Parameters.setGradient(theta, A[0][0] * t[0] + A[0][1] * t[1] - B[0], A[1][0] * t[0] + A[1][1] * t[1] - B[1]);
            optimizer.step(List.of(theta), learningRate);
            if (optimizer instanceof Sgd) { // plain GD with a small enough rate never goes uphill
                double f = cost(theta.value().toDoubleArray());
                assertThat(f).isLessThanOrEqualTo(previous + 1e-15); // rounding at the minimum
                previous = f;
            }
        }
        return theta.value().toDoubleArray();
    }

    private static double cost(double[] t) {
        return 0.5 * (A[0][0] * t[0] * t[0] + 2 * A[0][1] * t[0] * t[1] + A[1][1] * t[1] * t[1]) - B[0] * t[0] - B[1] * t[1];
    }
}
