package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link MomentumKernel} against v ← β·v + dθ, θ ← θ − α·v evaluated by the test in float64 over many
 * steps, and in float32 against the three matrix operations it fuses, bit for bit.
 */
class MomentumKernelTest {

    private static final int SIZE = 333;
    private static final int STEPS = 30;
    private static final double BETA = 0.9;
    private static final double RATE = 0.05;

    private static double[] gaussian(SplittableRandom random, double scale) {
        double[] values = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    @Test
    void float64FollowsTheDefinitionExactly() {
        SplittableRandom random = new SplittableRandom(1);
        double[] w = gaussian(random, 1);
        double[] v = new double[SIZE];
        Matrix value = Matrix.fromRowMajor(DType.FLOAT64, 1, SIZE, w);
        Matrix velocity = value.zerosLike();
        for (int step = 0; step < STEPS; step++) {
            double[] g = gaussian(random, 0.1);
            MomentumKernel.step(value, Matrix.fromRowMajor(DType.FLOAT64, 1, SIZE, g), velocity, BETA, RATE);
            for (int i = 0; i < SIZE; i++) {
                v[i] = BETA * v[i] + g[i];
                w[i] = w[i] - RATE * v[i];
            }
        }
        for (int i = 0; i < SIZE; i++) {
            assertThat(value.get(i)).as("weight %d", i).isEqualTo(w[i]); // one rounding per operation, same order
            assertThat(velocity.get(i)).isEqualTo(v[i]);
        }
    }

    @Test
    void float32StaysWithinFloatRoundingOfTheFloat64Definition() {
        SplittableRandom random = new SplittableRandom(2);
        double[] w = gaussian(random, 1);
        double[] v = new double[SIZE];
        Matrix value = Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, w);
        Matrix velocity = value.zerosLike();
        for (int step = 0; step < STEPS; step++) {
            double[] g = gaussian(random, 0.1);
            MomentumKernel.step(value, Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, g), velocity, BETA, RATE);
            for (int i = 0; i < SIZE; i++) {
                v[i] = BETA * v[i] + g[i];
                w[i] = w[i] - RATE * v[i];
            }
        }
        for (int i = 0; i < SIZE; i++) {
            // |v| ≤ ~1 and |w| ≤ ~5: 30 steps of a few float roundings each stay far below 1e-5
            assertThat(value.get(i)).as("weight %d", i).isCloseTo(w[i], within(1e-5));
            assertThat(velocity.get(i)).isCloseTo(v[i], within(1e-6));
        }
    }

    @Test
    void float32IsBitForBitScaleThenTwoAxpys() {
        SplittableRandom random = new SplittableRandom(3);
        double[] start = gaussian(random, 1);
        Matrix fused = Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, start);
        Matrix fusedVelocity = fused.zerosLike();
        Matrix w = Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, start);
        Matrix v = w.zerosLike();
        for (int step = 0; step < STEPS; step++) {
            Matrix g = Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, gaussian(random, 0.1));
            MomentumKernel.step(fused, g, fusedVelocity, BETA, RATE);
            v.scale(BETA);
            v.axpy(1.0, g);
            w.axpy(-RATE, v);
        }
        assertThat(fused.contentEquals(w)).isTrue();
        assertThat(fusedVelocity.contentEquals(v)).isTrue();
    }

    @Test
    void rejectsAVelocityOfAnotherShapeNamingIt() {
        Matrix w = Matrix.zeros(DType.FLOAT32, 2, 5);
        assertThatThrownBy(() -> MomentumKernel.step(w, w.zerosLike(), Matrix.zeros(DType.FLOAT32, 5, 2), BETA, RATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument velocity: shape 5x2 does not match value's shape 2x5. Expected the same shape.");
    }
}
