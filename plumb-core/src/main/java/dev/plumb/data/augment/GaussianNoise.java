package dev.plumb.data.augment;

import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * Adds independent N(0, std²) noise to every pixel value (every channel), optionally clamping the
 * result to [min, max]. The noise is in the units of the values the batch holds: raw intensities (e.g.
 * std 0.05 on [0, 1] images, or 1 on the digits' 0–16 scale) when applied through
 * {@link InPixelSpace}, standardized units otherwise.
 *
 * <p>Unclamped by default, because a trainer's batches are usually standardized and have no fixed range;
 * clamp when augmenting raw pixels whose range is known, so noise cannot push them outside it.
 *
 * <p>Keeps a scratch row; not thread-safe (see {@link Augmentation}).
 */
public final class GaussianNoise implements Augmentation {

    private final double std;
    private final double min;
    private final double max;
    private double[] row = new double[0];

    /** Unclamped noise with standard deviation {@code std} > 0. */
    public GaussianNoise(double std) {
        this.std = requireStd(std);
        this.min = Double.NEGATIVE_INFINITY;
        this.max = Double.POSITIVE_INFINITY;
    }

    /** Noise with standard deviation {@code std} > 0, results clamped to [min, max] (finite, min < max). */
    public GaussianNoise(double std, double min, double max) {
        this.std = requireStd(std);
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("Invalid value for arguments min, max: [" + min + ", " + max
                    + "]. Expected finite bounds with min < max, e.g. [0, 1] for intensities in that range.");
        }
        this.min = min;
        this.max = max;
    }

    private static double requireStd(double std) {
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("Invalid value for argument std: " + std
                    + ". Expected a finite number > 0, in the units of the pixel values, e.g. 0.05.");
        }
        return std;
    }

    public double std() {
        return std;
    }

    public boolean clamped() {
        return Double.isFinite(min);
    }

    /** Lower clamp bound; −∞ when unclamped. */
    public double min() {
        return min;
    }

    /** Upper clamp bound; +∞ when unclamped. */
    public double max() {
        return max;
    }

    @Override
    public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
        ImageRows.requireImages(batch, shape);
        int n = shape.size();
        row = ImageRows.grow(row, n);
        for (int i = 0, m = batch.rows(); i < m; i++) {
            batch.rowInto(i, row);
            for (int j = 0; j < n; j++) {
                double noisy = row[j] + std * rng.nextGaussian();
                row[j] = Math.min(max, Math.max(min, noisy)); // the identity when unclamped (±∞ bounds)
            }
            batch.setRow(i, row);
        }
    }

    @Override
    public String id() {
        return "noise=" + std + (clamped() ? ":" + min + ":" + max : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianNoise g && Double.compare(std, g.std) == 0 && Double.compare(min, g.min) == 0
                && Double.compare(max, g.max) == 0;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(std) * 31 + Double.hashCode(min)) * 31 + Double.hashCode(max);
    }

    @Override
    public String toString() {
        return "GaussianNoise(std=" + std + (clamped() ? ", min=" + min + ", max=" + max : "") + ")";
    }
}
