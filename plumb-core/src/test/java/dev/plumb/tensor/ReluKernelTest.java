package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link ReluKernel} in both precisions against ReLU's definition evaluated in float64 by the test: max(0, z)
 * and g'(z) = [z > 0]. Both are exact operations, so the kernel must match to the bit, in either precision,
 * up to the sign of a zero; NaN must come through.
 */
class ReluKernelTest {

    /** Values rounded to float, so both precisions see the same numbers, with the cases a sign test gets wrong. */
    static double[] awkwardValues(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * 3);
        }
        double[] special = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_VALUE, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(special, 0, values, 0, special.length);
        return values;
    }

    static double[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Equal as numbers (+0 = −0), or both NaN. */
    private static boolean sameValue(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void forwardIsMaxOfZeroAndZ(DType dtype) {
        double[] z = awkwardValues(9 * 13, 1);
        Matrix zm = Matrix.fromRowMajor(dtype, 9, 13, z);
        Matrix a = zm.zerosLike();
        ReluKernel.forward(zm, a);
        for (int i = 0; i < z.length; i++) {
            double expected = Double.isNaN(z[i]) ? Double.NaN : z[i] > 0 ? z[i] : 0.0;
            assertThat(sameValue(a.get(i), expected)).as("z = %s: got %s, expected %s", z[i], a.get(i), expected).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void forwardMayWriteOverItsInput(DType dtype) {
        double[] z = awkwardValues(40, 2);
        Matrix m = Matrix.fromRowMajor(dtype, 4, 10, z);
        ReluKernel.forward(m, m);
        for (int i = 0; i < z.length; i++) {
            assertThat(sameValue(m.get(i), Double.isNaN(z[i]) ? Double.NaN : Math.max(z[i], 0))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void backwardPassesTheGradientWhereZIsPositiveAndBlocksItElsewhere(DType dtype) {
        double[] z = awkwardValues(9 * 13, 3);
        double[] dA = gaussian(9 * 13, 4);
        Matrix zm = Matrix.fromRowMajor(dtype, 9, 13, z);
        Matrix a = zm.zerosLike();
        ReluKernel.forward(zm, a);
        Matrix dZ = zm.zerosLike();
        ReluKernel.backward(zm, a, Matrix.fromRowMajor(dtype, 9, 13, dA), dZ);
        for (int i = 0; i < z.length; i++) {
            double expected = Double.isNaN(z[i]) ? Double.NaN : z[i] > 0 ? dA[i] : 0.0;
            assertThat(sameValue(dZ.get(i), expected)).as("z = %s, dA = %s: got %s, expected %s", z[i], dA[i],
                    dZ.get(i), expected).isTrue();
        }
    }

    @Test
    void bothPrecisionsGiveTheSameValuesForTheSameInputs() {
        double[] z = awkwardValues(64, 5);
        double[] dA = gaussian(64, 6);
        Matrix[] dZ = new Matrix[2];
        for (DType dtype : DType.values()) {
            Matrix zm = Matrix.fromRowMajor(dtype, 8, 8, z);
            Matrix a = zm.zerosLike();
            ReluKernel.forward(zm, a);
            dZ[dtype.ordinal()] = zm.zerosLike();
            ReluKernel.backward(zm, a, Matrix.fromRowMajor(dtype, 8, 8, dA), dZ[dtype.ordinal()]);
        }
        for (int i = 0; i < z.length; i++) {
            assertThat(sameValue(dZ[0].get(i), dZ[1].get(i))).as("element %d", i).isTrue();
        }
    }

    @Test
    void rejectsAnOutputOfAnotherShapeOrPrecisionNamingIt() {
        Matrix z = Matrix.zeros(DType.FLOAT32, 2, 3);
        assertThatThrownBy(() -> ReluKernel.forward(z, Matrix.zeros(DType.FLOAT32, 3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument a: shape 3x2 does not match z's shape 2x3. Expected the same shape.");
        assertThatThrownBy(() -> ReluKernel.backward(z, z, z, Matrix.zeros(DType.FLOAT64, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument dZ: a FLOAT64 matrix cannot be combined with z, a FLOAT32 matrix."
                        + " Expected the same precision; convert it with to(DType.FLOAT32).");
    }
}
