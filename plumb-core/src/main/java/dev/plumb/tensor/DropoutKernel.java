package dev.plumb.tensor;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Inverted dropout's two element loops: drawing a mask of 1/keepProb (kept) and 0 (dropped), and
 * multiplying by it. One array loop per precision.
 *
 * <p>Each 64-bit draw of the random stream decides two units: a unit is kept when its 32-bit half, read as
 * an unsigned number u, is below keepProb·2³², i.e. with probability keepProb to within 2⁻³². Both precisions
 * consume the stream the same way, so one seed gives the same masks in float32 and float64.
 */
public final class DropoutKernel {

    private static final long LOW_HALF = 0xFFFF_FFFFL;

    private DropoutKernel() {
    }

    /**
     * Fills {@code mask} with 1/keepProb for a kept unit and 0 for a dropped one (inverted dropout: dividing
     * by keepProb keeps E[a] unchanged), drawing {@code ⌈size / 2⌉} longs from {@code random}.
     */
    public static void drawMask(Matrix mask, double keepProb, SplittableRandom random) {
        Checks.keepProbability("keepProb", keepProb);
        Objects.requireNonNull(random, "random");
        long keepThreshold = (long) Math.ceil(keepProb * 0x1p32); // a unit is kept when its 32 random bits are below it
        double scale = 1.0 / keepProb;
        if (mask instanceof FloatMatrix f) {
            drawMask(f.data(), keepThreshold, (float) scale, random);
        } else {
            drawMask(((DoubleMatrix) mask).data(), keepThreshold, scale, random);
        }
    }

    /** {@code out = x ⊙ mask}, elementwise; {@code out} may be {@code x}. */
    public static void applyMask(Matrix x, Matrix mask, Matrix out) {
        Checks.sameShapeAndDType("mask", mask, "x", x);
        Checks.sameShapeAndDType("out", out, "x", x);
        if (x instanceof FloatMatrix fx) {
            float[] xs = fx.array();
            float[] ms = ((FloatMatrix) mask).array();
            float[] os = ((FloatMatrix) out).data();
            for (int i = 0; i < os.length; i++) {
                os[i] = xs[i] * ms[i];
            }
        } else {
            double[] xs = ((DoubleMatrix) x).data();
            double[] ms = ((DoubleMatrix) mask).data();
            double[] os = ((DoubleMatrix) out).data();
            for (int i = 0; i < os.length; i++) {
                os[i] = xs[i] * ms[i];
            }
        }
    }

    /**
     * Without a branch: a kept/dropped branch mispredicts on (1 − keepProb) of the units and made this loop
     * 2.3 times slower. u − threshold is negative exactly when the unit is kept, so its sign, spread over 32
     * bits, selects the scale's bits or zero.
     */
    private static void drawMask(float[] mask, long keepThreshold, float scale, SplittableRandom random) {
        int n = mask.length;
        int scaleBits = Float.floatToRawIntBits(scale);
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            mask[i] = Float.intBitsToFloat((int) (((bits & LOW_HALF) - keepThreshold) >> 63) & scaleBits);
            mask[i + 1] = Float.intBitsToFloat((int) (((bits >>> 32) - keepThreshold) >> 63) & scaleBits);
        }
        if (i < n) {
            mask[i] = (random.nextLong() & LOW_HALF) < keepThreshold ? scale : 0f;
        }
    }

    private static void drawMask(double[] mask, long keepThreshold, double scale, SplittableRandom random) {
        int n = mask.length;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            mask[i] = (bits & LOW_HALF) < keepThreshold ? scale : 0.0;
            mask[i + 1] = (bits >>> 32) < keepThreshold ? scale : 0.0;
        }
        if (i < n) {
            mask[i] = (random.nextLong() & LOW_HALF) < keepThreshold ? scale : 0.0;
        }
    }
}
