package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class NumericalGradientTest {

    private static final double[] THETA = {-1.3, -0.4, 0.2, 0.9, 1.7};

    // f(θ) = Σ sin(θ_i)·exp(θ_i/2), with the closed-form derivative as the reference
    private static final ScalarFunction F = theta -> {
        double s = 0;
        for (double t : theta) {
            s += Math.sin(t) * Math.exp(t / 2);
        }
        return s;
    };

    private static double[] exactGradient(double[] theta) {
        double[] g = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            g[i] = (Math.cos(theta[i]) + Math.sin(theta[i]) / 2) * Math.exp(theta[i] / 2);
        }
        return g;
    }

    @Test
    void twoSidedErrorShrinksAsEpsilonSquaredAndOneSidedAsEpsilon() {
        double[] epsilons = {1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4};
        double[] twoSided = new double[epsilons.length];
        double[] oneSided = new double[epsilons.length];
        double[] exact = exactGradient(THETA);
        for (int k = 0; k < epsilons.length; k++) {
            twoSided[k] = distance(NumericalGradient.twoSided(epsilons[k]).gradient(F, THETA.clone()), exact);
            oneSided[k] = distance(NumericalGradient.oneSided(epsilons[k]).gradient(F, THETA.clone()), exact);
        }

        assertThat(logLogSlope(epsilons, twoSided)).as("two-sided: error O(ε²)").isCloseTo(2.0, within(0.2));
        assertThat(logLogSlope(epsilons, oneSided)).as("one-sided: error O(ε)").isCloseTo(1.0, within(0.2));
        for (int k = 0; k < epsilons.length; k++) {
            assertThat(twoSided[k]).as("two-sided beats one-sided at ε = %s", epsilons[k]).isLessThan(oneSided[k]);
        }
    }

    @Test
    void twoSidedDifferenceOfAQuadraticIsExactUpToRoundOff() {
        // f = Σ c_i θ_i²: the third derivative is 0, so (f(θ+ε) − f(θ−ε)) / 2ε = 2 c_i θ_i with no truncation error
        double[] c = {0.5, -2, 3, 1.25, 7};
        ScalarFunction quadratic = theta -> {
            double s = 0;
            for (int i = 0; i < theta.length; i++) {
                s += c[i] * theta[i] * theta[i];
            }
            return s;
        };
        double[] g = NumericalGradient.twoSided(1e-3).gradient(quadratic, THETA.clone());
        for (int i = 0; i < THETA.length; i++) {
            assertThat(g[i]).as("coordinate %d", i).isCloseTo(2 * c[i] * THETA[i], within(1e-9));
        }
    }

    @Test
    void selectedCoordinatesComeInTheOrderAskedAndThetaIsRestoredExactly() {
        double[] theta = THETA.clone();
        double[] exact = exactGradient(THETA);

        double[] g = NumericalGradient.twoSided(1e-5).gradient(F, theta, new int[] {3, 0});

        assertThat(g[0]).isCloseTo(exact[3], within(1e-8));
        assertThat(g[1]).isCloseTo(exact[0], within(1e-8));
        assertThat(theta).containsExactly(THETA);
        assertThat(NumericalGradient.oneSided(1e-6).partial(F, theta, 2)).isCloseTo(exact[2], within(1e-5));
        assertThat(theta).containsExactly(THETA);
    }

    @Test
    void matrixCoordinateIsRestoredAndTheStepActuallyStoredIsUsed() {
        // In float32, 1 + 1e-4 rounds; dividing by the stored step keeps the derivative of f(w) = 3w exact.
        Matrix w = Matrix.fromRowMajor(DType.FLOAT32, 1, 2, new double[] {1.0, -2.0});
        double d = NumericalGradient.twoSided(1e-4).partial(NumericalGradient.Coordinate.of(w, 0), () -> 3 * w.get(0));
        assertThat(d).isCloseTo(3.0, within(1e-12));
        assertThat(w.get(0)).isEqualTo(1.0);
    }

    @Test
    void outOfRangeCoordinateIsRejectedWithTheRange() {
        assertThatThrownBy(() -> NumericalGradient.twoSided(1e-7).gradient(F, THETA.clone(), new int[] {5}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Invalid coordinate 5 for a parameter vector of length 5; expected 0 <= coordinate < 5");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-7, Double.NaN, Double.POSITIVE_INFINITY})
    void epsilonMustBeFiniteAndPositive(double epsilon) {
        assertThatThrownBy(() -> NumericalGradient.twoSided(epsilon))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument epsilon: " + epsilon
                        + ". Expected a finite step > 0, typically 1e-7 for a gradient check in float64.");
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /** Least-squares slope of log(error) against log(ε). */
    private static double logLogSlope(double[] epsilons, double[] errors) {
        int n = epsilons.length;
        double mx = 0;
        double my = 0;
        for (int k = 0; k < n; k++) {
            mx += Math.log(epsilons[k]) / n;
            my += Math.log(errors[k]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < n; k++) {
            double dx = Math.log(epsilons[k]) - mx;
            sxy += dx * (Math.log(errors[k]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
