package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DropoutKernel} against the rule it documents, replayed by the test on its own random stream in
 * float64: unit 2k and 2k + 1 take the low and the high 32 bits of the k-th long, and a unit is kept when
 * that unsigned number u satisfies u < keepProb·2³² (compared in double here, not through the kernel's
 * integer threshold). Kept units hold 1/keepProb rounded to the matrix's precision, dropped ones 0.
 */
class DropoutKernelTest {

    private static final long LOW_HALF = 0xFFFF_FFFFL;

    /** The mask the rule gives for {@code n} units from {@code seed}, as 1/keepProb and 0, in float64. */
    private static double[] referenceMask(int n, double keepProb, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] mask = new double[n];
        for (int i = 0; i < n; i += 2) {
            long bits = random.nextLong();
            mask[i] = (double) (bits & LOW_HALF) < keepProb * 0x1p32 ? 1 / keepProb : 0;
            if (i + 1 < n) {
                mask[i + 1] = (double) (bits >>> 32) < keepProb * 0x1p32 ? 1 / keepProb : 0;
            }
        }
        return mask;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void masksFollowTheDocumentedRuleIncludingAnOddLastUnit(DType dtype) {
        for (double keepProb : new double[] {0.2, 0.5, 0.8, 1.0}) {
            Matrix mask = Matrix.zeros(dtype, 7, 13); // 91 units: 46 longs, the last one's high half unused
            SplittableRandom random = new SplittableRandom(42);
            double[] stream = referenceMask(3 * 92, keepProb, 42); // three calls' longs, both halves of each
            for (int call = 0; call < 3; call++) { // the stream carries on from call to call
                DropoutKernel.drawMask(mask, keepProb, random);
                for (int i = 0; i < 91; i++) {
                    double expected = stream[92 * call + i];
                    double value = dtype == DType.FLOAT32 ? (float) expected : expected;
                    assertThat(mask.get(i)).as("keepProb %s, call %d, unit %d", keepProb, call, i).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void bothPrecisionsDrawTheSameMaskFromOneSeed() {
        Matrix m32 = Matrix.zeros(DType.FLOAT32, 31, 33);
        Matrix m64 = Matrix.zeros(DType.FLOAT64, 31, 33);
        DropoutKernel.drawMask(m32, 0.7, new SplittableRandom(5));
        DropoutKernel.drawMask(m64, 0.7, new SplittableRandom(5));
        for (int i = 0; i < m64.size(); i++) {
            assertThat(m32.get(i)).isEqualTo((double) (float) m64.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.8})
    void theShareOfKeptUnitsIsKeepProbWithinBinomialNoise(double keepProb) {
        int n = 200_000;
        Matrix mask = Matrix.zeros(DType.FLOAT32, 1, n);
        DropoutKernel.drawMask(mask, keepProb, new SplittableRandom(9));
        int kept = 0;
        for (int i = 0; i < n; i++) {
            kept += mask.get(i) != 0 ? 1 : 0;
        }
        double sd = Math.sqrt(n * keepProb * (1 - keepProb));
        assertThat((double) kept).isBetween(n * keepProb - 5 * sd, n * keepProb + 5 * sd);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void applyMaskMultipliesElementwiseAndMayWriteOverItsInput(DType dtype) {
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        Matrix mask = Matrix.zeros(dtype, 4, 10);
        DropoutKernel.drawMask(mask, 0.6, new SplittableRandom(4));
        Matrix xm = Matrix.fromRowMajor(dtype, 4, 10, x);
        Matrix out = xm.zerosLike();
        DropoutKernel.applyMask(xm, mask, out);
        DropoutKernel.applyMask(xm, mask, xm);
        for (int i = 0; i < x.length; i++) {
            // a product of two floats is exact in double, so rounding it once is the float product
            double product = x[i] * mask.get(i);
            double expected = dtype == DType.FLOAT32 ? (float) product : product;
            assertThat(out.get(i)).isEqualTo(expected);
            assertThat(xm.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void rejectsAKeepProbabilityOutsideZeroToOneAndMismatchedMatrices() {
        Matrix m = Matrix.zeros(DType.FLOAT32, 2, 2);
        assertThatThrownBy(() -> DropoutKernel.drawMask(m, 0.0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument keepProb: 0.0. Expected a keep probability in (0, 1]; 1.0 keeps every unit.");
        assertThatThrownBy(() -> DropoutKernel.applyMask(m, Matrix.zeros(DType.FLOAT64, 2, 2), m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument mask: a FLOAT64 matrix cannot be combined with x, a FLOAT32 matrix."
                        + " Expected the same precision; convert it with to(DType.FLOAT32).");
    }
}
