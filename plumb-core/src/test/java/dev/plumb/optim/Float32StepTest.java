package dev.plumb.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The one-pass float32 steps of momentum and Adam, held to what they replace: momentum to the three
 * float32 matrix operations (scale, axpy, axpy) bit for bit, and both to the float64 path over many steps.
 */
class Float32StepTest {

    private static final int SIZE = 1001;
    private static final int STEPS = 25;

    private static double[] gaussian(SplittableRandom random, double scale) {
        double[] values = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static Parameter parameter(DType dtype, double[] values) {
        return Parameter.weight("w", Matrix.fromRowMajor(dtype, 1, SIZE, values));
    }

    private static void setGradient(Parameter p, double[] values) {
        for (int i = 0; i < SIZE; i++) {
            p.grad().set(i, values[i]);
        }
    }

    @Test
    void momentumFloat32StepIsBitForBitTheThreeMatrixOperations() {
        SplittableRandom random = new SplittableRandom(11);
        double[] start = gaussian(random, 1);
        Parameter fused = parameter(DType.FLOAT32, start);
        Matrix w = Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, start);
        Matrix v = w.zerosLike();
        Momentum momentum = new Momentum(0.9);
        for (int step = 0; step < STEPS; step++) {
            double[] g = gaussian(random, 0.1);
            setGradient(fused, g);
            momentum.step(List.of(fused), 0.05);
            Matrix grad = Matrix.fromRowMajor(DType.FLOAT32, 1, SIZE, g);
            v.scale(0.9);
            v.axpy(1.0, grad);
            w.axpy(-0.05, v);
        }
        for (int i = 0; i < SIZE; i++) {
            assertThat(fused.value().get(i)).as("weight %d", i).isEqualTo(w.get(i));
        }
    }

    @Test
    void momentumFloat32FollowsTheFloat64Path() {
        assertFloat32FollowsFloat64(new Momentum(0.9), new Momentum(0.9), 0.05, 12);
    }

    @Test
    void adamFloat32FollowsTheFloat64Path() {
        assertFloat32FollowsFloat64(new Adam(), new Adam(), 1e-3, 13);
    }

    @Test
    void adamFloat32FollowsTheFloat64PathWithOtherBetasAndEpsilon() {
        assertFloat32FollowsFloat64(new Adam(0.8, 0.99, 1e-4), new Adam(0.8, 0.99, 1e-4), 1e-2, 14);
    }

    /** Same start, same gradients: the float32 weights stay within float rounding of the float64 ones. */
    private static void assertFloat32FollowsFloat64(Optimizer o32, Optimizer o64, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] start = gaussian(random, 1);
        Parameter p32 = parameter(DType.FLOAT32, start);
        Parameter p64 = parameter(DType.FLOAT64, start);
        for (int step = 0; step < STEPS; step++) {
            double[] g = gaussian(random, step % 5 == 0 ? 1e-3 : 0.1); // some steps with tiny gradients
            setGradient(p32, g);
            setGradient(p64, g);
            o32.step(List.of(p32), rate);
            o64.step(List.of(p64), rate);
        }
        double largestMove = 0;
        for (int i = 0; i < SIZE; i++) {
            largestMove = Math.max(largestMove, Math.abs(p64.value().get(i) - start[i]));
        }
        assertThat(largestMove).as("the steps moved the weights").isGreaterThan(5 * rate);
        for (int i = 0; i < SIZE; i++) {
            double expected = p64.value().get(i);
            // float32 rounding of |w| ≤ ~4 over 25 steps, with room: 1e-5 absolute is ~80 ulps at |w| = 1
            assertThat(p32.value().get(i)).as("weight %d", i).isCloseTo(expected, within(1e-5));
        }
    }
}
