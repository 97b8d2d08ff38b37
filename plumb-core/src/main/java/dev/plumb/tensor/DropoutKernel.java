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

    /**
     * Draws the mask as {@link #drawMask} does from a {@code new SplittableRandom(streamSeed)} that has already
     * given {@code drawsBefore} longs, and applies it: {@code out = x ⊙ mask}. One pass, split across the cores:
     * SplittableRandom's k-th long is a function of (seed, k) alone — mix64(seed + k·γ) — so any thread can
     * compute any unit's draw, and the masks are those of the sequential stream, bit for bit.
     *
     * @return the number of longs drawn, {@code ⌈size / 2⌉}: add it to {@code drawsBefore} for the next call
     */
    public static long drawAndApplyMask(Matrix x, Matrix mask, Matrix out, double keepProb, long streamSeed,
            long drawsBefore) {
        Checks.keepProbability("keepProb", keepProb);
        Checks.sameShapeAndDType("mask", mask, "x", x);
        Checks.sameShapeAndDType("out", out, "x", x);
        long keepThreshold = (long) Math.ceil(keepProb * 0x1p32);
        double scale = 1.0 / keepProb;
        int n = x.size();
        int pairs = (n + 1) / 2;
        long first = streamSeed + drawsBefore * SplitMix.GAMMA; // the state before the stream's next long
        LoopOperands o = ParallelLoops.acquire(2L * n); // a hash per two units
        if (x instanceof FloatMatrix fx) {
            float[] xs = fx.array();
            float[] ms = ((FloatMatrix) mask).data();
            float[] os = ((FloatMatrix) out).data();
            if (o == null) {
                drawAndApply(xs, ms, os, keepThreshold, (float) scale, first, 0, pairs);
                return pairs;
            }
            o.f0 = xs;
            o.f1 = ms;
            o.f2 = os;
            o.l0 = first;
            o.s0 = keepThreshold;
            o.s1 = (float) scale;
            ParallelLoops.run(o, pairs, ParallelLoops.rowGrain(2),
                    (p, chunk, from, to) -> drawAndApply(p.f0, p.f1, p.f2, (long) p.s0, (float) p.s1, p.l0, from, to));
        } else {
            double[] xs = ((DoubleMatrix) x).data();
            double[] ms = ((DoubleMatrix) mask).data();
            double[] os = ((DoubleMatrix) out).data();
            if (o == null) {
                drawAndApply(xs, ms, os, keepThreshold, scale, first, 0, pairs);
                return pairs;
            }
            o.d0 = xs;
            o.d1 = ms;
            o.d2 = os;
            o.l0 = first;
            o.s0 = keepThreshold;
            o.s1 = scale;
            ParallelLoops.run(o, pairs, ParallelLoops.rowGrain(2),
                    (p, chunk, from, to) -> drawAndApply(p.d0, p.d1, p.d2, (long) p.s0, p.s1, p.l0, from, to));
        }
        return pairs;
    }

    /** {@code out = x ⊙ mask}, elementwise; {@code out} may be {@code x}. */
    public static void applyMask(Matrix x, Matrix mask, Matrix out) {
        Checks.sameShapeAndDType("mask", mask, "x", x);
        Checks.sameShapeAndDType("out", out, "x", x);
        int n = x.size();
        LoopOperands o = ParallelLoops.acquire(n);
        if (x instanceof FloatMatrix fx) {
            float[] xs = fx.array();
            float[] ms = ((FloatMatrix) mask).array();
            float[] os = ((FloatMatrix) out).data();
            if (o == null) {
                multiply(xs, ms, os, 0, n);
                return;
            }
            o.f0 = xs;
            o.f1 = ms;
            o.f2 = os;
            ParallelLoops.run(o, n, (p, chunk, from, to) -> multiply(p.f0, p.f1, p.f2, from, to));
        } else {
            double[] xs = ((DoubleMatrix) x).data();
            double[] ms = ((DoubleMatrix) mask).data();
            double[] os = ((DoubleMatrix) out).data();
            if (o == null) {
                multiply(xs, ms, os, 0, n);
                return;
            }
            o.d0 = xs;
            o.d1 = ms;
            o.d2 = os;
            ParallelLoops.run(o, n, (p, chunk, from, to) -> multiply(p.d0, p.d1, p.d2, from, to));
        }
    }

    private static void multiply(float[] x, float[] m, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = x[i] * m[i];
        }
    }

    private static void multiply(double[] x, double[] m, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = x[i] * m[i];
        }
    }

    /** Pairs {@code [fromPair, toPair)}: draw k decides units 2k and 2k + 1, as in {@link #drawMask}. */
    private static void drawAndApply(float[] x, float[] mask, float[] out, long keepThreshold, float scale,
            long first, int fromPair, int toPair) {
        int n = mask.length;
        int scaleBits = Float.floatToRawIntBits(scale);
        for (int k = fromPair; k < toPair; k++) {
            long bits = SplitMix.mix64(first + (k + 1L) * SplitMix.GAMMA);
            int i = 2 * k;
            float m0 = Float.intBitsToFloat((int) (((bits & LOW_HALF) - keepThreshold) >> 63) & scaleBits);
            mask[i] = m0;
            out[i] = x[i] * m0;
            if (i + 1 < n) {
                float m1 = Float.intBitsToFloat((int) (((bits >>> 32) - keepThreshold) >> 63) & scaleBits);
                mask[i + 1] = m1;
                out[i + 1] = x[i + 1] * m1;
            }
        }
    }

    private static void drawAndApply(double[] x, double[] mask, double[] out, long keepThreshold, double scale,
            long first, int fromPair, int toPair) {
        int n = mask.length;
        for (int k = fromPair; k < toPair; k++) {
            long bits = SplitMix.mix64(first + (k + 1L) * SplitMix.GAMMA);
            int i = 2 * k;
            double m0 = (bits & LOW_HALF) < keepThreshold ? scale : 0.0;
            mask[i] = m0;
            out[i] = x[i] * m0;
            if (i + 1 < n) {
                double m1 = (bits >>> 32) < keepThreshold ? scale : 0.0;
                mask[i + 1] = m1;
                out[i + 1] = x[i + 1] * m1;
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
