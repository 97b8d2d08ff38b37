package dev.plumb.data.io;

/**
 * Area-average resampling of one axis from {@code source} to {@code target} samples: target sample t
 * covers the source interval [t·source/target, (t+1)·source/target) and is the mean of the source
 * samples over it, each weighted by the length of its overlap. Overlaps are computed exactly in
 * integers (in units of 1/target of a source sample), so the weights of a target sample sum to 1 up to
 * rounding: a constant signal stays constant (to within rounding), and equal sizes copy the signal
 * exactly (every weight is 1). Applied once per axis it is the 2-D area average (a box filter), the
 * right choice for shrinking photographs, where bilinear interpolation would skip pixels and alias.
 */
final class AreaAverage {

    private final int[] first;
    private final double[][] weights;

    private AreaAverage(int[] first, double[][] weights) {
        this.first = first;
        this.weights = weights;
    }

    static AreaAverage of(int source, int target) {
        int[] first = new int[target];
        double[][] weights = new double[target][];
        for (int t = 0; t < target; t++) {
            // target sample t covers [t·source, (t+1)·source) and source sample s covers [s·target, (s+1)·target)
            long lo = (long) t * source;
            long hi = (long) (t + 1) * source;
            int s0 = (int) (lo / target);
            int s1 = (int) ((hi + target - 1) / target); // exclusive
            first[t] = s0;
            weights[t] = new double[s1 - s0];
            for (int s = s0; s < s1; s++) {
                long overlap = Math.min(hi, (long) (s + 1) * target) - Math.max(lo, (long) s * target);
                weights[t][s - s0] = (double) overlap / source;
            }
        }
        return new AreaAverage(first, weights);
    }

    /**
     * Resamples the signal {@code src[srcStart + s·srcStride]} into {@code dst[dstStart + t·dstStride]}.
     */
    void apply(double[] src, int srcStart, int srcStride, double[] dst, int dstStart, int dstStride) {
        for (int t = 0; t < first.length; t++) {
            double sum = 0;
            double[] w = weights[t];
            int s = srcStart + first[t] * srcStride;
            for (int k = 0; k < w.length; k++, s += srcStride) {
                sum += w[k] * src[s];
            }
            dst[dstStart + t * dstStride] = sum;
        }
    }
}
