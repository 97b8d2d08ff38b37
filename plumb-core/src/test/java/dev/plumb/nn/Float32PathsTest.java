package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The float32 loops of the kernels ReLU, softmax, softmax cross-entropy and dropout run on, seen through the
 * layers and held to the float64 loops: the same inputs (all exactly representable in float) through a
 * float64 matrix give the same results up to float rounding — exactly, where the operation has one
 * correctly rounded answer.
 */
class Float32PathsTest {

    /** Logit-sized values with the cases a sign test gets wrong: ±0, the smallest float, NaN, ±∞. */
    private static Matrix awkwardValues(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 3);
        }
        double[] special = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_VALUE, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.MAX_VALUE};
        for (int k = 0; k < special.length; k++) {
            values[k * 7] = special[k];
        }
        return Matrix.fromRowMajor(DType.FLOAT64, rows, cols, values);
    }

    private static Matrix gaussian(int rows, int cols, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return Matrix.fromRowMajor(DType.FLOAT64, rows, cols, values);
    }

    /** Equal as numbers (+0 = −0), or both NaN. */
    private static void assertSameValues(Matrix float32, Matrix float64) {
        assertThat(float32.size()).isEqualTo(float64.size());
        for (int i = 0; i < float64.size(); i++) {
            double a = float32.get(i);
            double b = float64.get(i);
            assertThat(a == b || (Double.isNaN(a) && Double.isNaN(b)))
                    .as("element %d: float32 path %s, float64 path %s", i, a, b)
                    .isTrue();
        }
    }

    @Test
    void reluForwardAndBackwardGiveTheGenericValuesAndLetNaNThrough() {
        Matrix z64 = awkwardValues(9, 13, 1);
        Matrix dA64 = gaussian(9, 13, 1, 2);
        Matrix z32 = z64.to(DType.FLOAT32);
        Matrix dA32 = dA64.to(DType.FLOAT32);
        Relu relu = new Relu();

        Matrix a64 = z64.zerosLike();
        Matrix a32 = z32.zerosLike();
        relu.forward(z64, a64);
        relu.forward(z32, a32);
        assertSameValues(a32, a64);

        Matrix dZ64 = z64.zerosLike();
        Matrix dZ32 = z32.zerosLike();
        relu.backward(z64, a64, dA64, dZ64);
        relu.backward(z32, a32, dA32, dZ32);
        assertSameValues(dZ32, dZ64);

        int nan = 4 * 7; // where awkwardValues put the NaN
        assertThat(a32.get(nan)).isNaN();
        assertThat(dZ32.get(nan)).isNaN();
        int smallestPositive = 2 * 7;
        assertThat(dZ32.get(smallestPositive)).isEqualTo(dA32.get(smallestPositive)); // g'(z) = 1 for z > 0
    }

    @Test
    void softmaxRowsAgreeWithTheFloat64PathToFloatPrecision() {
        Matrix z64 = gaussian(17, 10, 8, 3);
        Matrix z32 = z64.to(DType.FLOAT32);
        Matrix a64 = z64.zerosLike();
        Matrix a32 = z32.zerosLike();
        new Softmax().forward(z64, a64);
        new Softmax().forward(z32, a32);
        for (int i = 0; i < a64.size(); i++) {
            assertThat(a32.get(i)).isCloseTo(a64.get(i), within(2e-7 * Math.max(a64.get(i), 1e-30) + 1e-38));
        }
    }

    @Test
    void crossEntropyCostAndGradientInOnePassEqualsCostThenGradientAndTheFloat64Path() {
        Matrix z64 = gaussian(33, 10, 5, 4);
        Matrix y64 = Matrix.zeros(DType.FLOAT64, 33, 10);
        for (int r = 0; r < 33; r++) {
            y64.set(r * 10 + (r * 7) % 10, 1.0);
        }
        Matrix z32 = z64.to(DType.FLOAT32);
        Matrix y32 = y64.to(DType.FLOAT32);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        Matrix fused = z32.zerosLike();
        double fusedCost = loss.costAndGradient(z32, y32, fused);
        Matrix separate = z32.zerosLike();
        double separateCost = loss.cost(z32, y32);
        loss.gradient(z32, y32, separate);
        assertThat(fusedCost).isEqualTo(separateCost);
        assertSameValues(fused, separate);

        Matrix grad64 = z64.zerosLike();
        double cost64 = loss.costAndGradient(z64, y64, grad64);
        assertThat(fusedCost).isEqualTo(cost64); // the same double arithmetic on the same values
        for (int i = 0; i < grad64.size(); i++) {
            assertThat(fused.get(i)).isEqualTo((double) (float) grad64.get(i));
        }
    }

    @Test
    void dropoutDrawsTheSameMasksInBothPrecisionsForOneSeedIncludingAnOddTail() {
        for (double keepProb : new double[] {0.2, 0.5, 0.8}) {
            Dropout d64 = new Dropout(keepProb, 77, DType.FLOAT64);
            Dropout d32 = new Dropout(keepProb, 77, DType.FLOAT32);
            Matrix x64 = gaussian(7, 13, 1, 5); // 91 units: the last draw serves one unit
            Matrix x32 = x64.to(DType.FLOAT32);
            for (int call = 0; call < 3; call++) {
                Matrix out64 = d64.forward(x64, Mode.TRAIN);
                Matrix out32 = d32.forward(x32, Mode.TRAIN);
                float scale = (float) (1.0 / keepProb);
                for (int i = 0; i < x64.size(); i++) {
                    boolean kept64 = out64.get(i) != 0;
                    assertThat(out32.get(i) != 0).as("keepProb %s, call %d, unit %d", keepProb, call, i)
                            .isEqualTo(kept64);
                    if (kept64) {
                        assertThat(out32.get(i)).isEqualTo((double) ((float) x64.get(i) * scale));
                    }
                }
                Matrix dOut64 = gaussian(7, 13, 1, 6 + call);
                Matrix back64 = d64.backward(dOut64);
                Matrix back32 = d32.backward(dOut64.to(DType.FLOAT32));
                for (int i = 0; i < x64.size(); i++) {
                    assertThat(back32.get(i) != 0).isEqualTo(back64.get(i) != 0);
                }
            }
        }
    }
}
