package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AdamKernel} against Adam as Kingma and Ba write it — bias-corrected moments m̂ = m/(1−β₁ᵗ),
 * v̂ = v/(1−β₂ᵗ), θ ← θ − α·m̂/(√v̂ + ε) — evaluated by the test in float64, and against the closed form of
 * the first step: m̂ = g and v̂ = g², so every weight moves by α·g/(|g| + ε).
 */
class AdamKernelTest {

    private static final int SIZE = 257;
    private static final int STEPS = 25;

    private static double[] gaussian(SplittableRandom random, double scale) {
        double[] values = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void theFirstStepMovesEveryWeightByTheRateTimesTheSignOfItsGradient(DType dtype) {
        SplittableRandom random = new SplittableRandom(1);
        double[] w = gaussian(random, 1);
        double[] g = gaussian(random, 0.1);
        Matrix value = Matrix.fromRowMajor(dtype, 1, SIZE, w);
        Matrix m = value.zerosLike();
        Matrix v = value.zerosLike();
        AdamKernel.step(value, Matrix.fromRowMajor(dtype, 1, SIZE, g), m, v, 0.9, 0.999, 1e-8, 1e-3, 1);
        for (int i = 0; i < SIZE; i++) {
            double expected = w[i] - 1e-3 * g[i] / (Math.abs(g[i]) + 1e-8);
            // float32: the weight itself is stored in float, |w| ≤ ~4
            double tol = dtype == DType.FLOAT32 ? 4 * Math.ulp((float) expected) : 1e-15;
            assertThat(value.get(i)).as("weight %d", i).isCloseTo(expected, within(tol));
            assertThat(m.get(i)).isCloseTo(0.1 * g[i], within(dtype == DType.FLOAT32 ? 1e-8 : 1e-16));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void manyStepsFollowTheTextbookFormulaInFloat64(DType dtype) {
        double beta1 = 0.8;
        double beta2 = 0.99;
        double epsilon = 1e-4;
        double rate = 1e-2;
        SplittableRandom random = new SplittableRandom(2);
        double[] w = gaussian(random, 1);
        double[] m = new double[SIZE];
        double[] v = new double[SIZE];
        Matrix value = Matrix.fromRowMajor(dtype, 1, SIZE, w);
        Matrix mm = value.zerosLike();
        Matrix vm = value.zerosLike();
        for (int t = 1; t <= STEPS; t++) {
            double[] g = gaussian(random, t % 5 == 0 ? 1e-3 : 0.1); // some steps with tiny gradients
            AdamKernel.step(value, Matrix.fromRowMajor(dtype, 1, SIZE, g), mm, vm, beta1, beta2, epsilon, rate, t);
            for (int i = 0; i < SIZE; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                w[i] -= rate * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
        for (int i = 0; i < SIZE; i++) {
            // float32: 25 steps of float rounding on |w| ≤ ~4; float64: a few units in the last place
            assertThat(value.get(i)).as("weight %d", i).isCloseTo(w[i], within(dtype == DType.FLOAT32 ? 1e-5 : 1e-14));
        }
    }

    @Test
    void rejectsAStepNumberBelowOneAndMismatchedMoments() {
        Matrix w = Matrix.zeros(DType.FLOAT32, 1, 3);
        assertThatThrownBy(() -> AdamKernel.step(w, w.zerosLike(), w.zerosLike(), w.zerosLike(), 0.9, 0.999, 1e-8, 1e-3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument t: 0. Expected a step number >= 1 (the first step is 1).");
        assertThatThrownBy(() -> AdamKernel.step(w, w.zerosLike(), Matrix.zeros(DType.FLOAT64, 1, 3), w.zerosLike(),
                0.9, 0.999, 1e-8, 1e-3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument m: a FLOAT64 matrix cannot be combined with value, a FLOAT32 matrix."
                        + " Expected the same precision; convert it with to(DType.FLOAT32).");
    }
}
