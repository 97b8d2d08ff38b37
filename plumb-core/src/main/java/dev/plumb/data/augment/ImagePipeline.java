package dev.plumb.data.augment;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Runs a list of {@link PerImageTransform}s on a batch image by image, optionally inside the pixel-space round trip
 * of {@link InPixelSpace}, and gives exactly what applying each step to the whole batch in turn gives: every step
 * draws for the whole batch first (the draws of applying them in turn, in the same order), and after each step an
 * image is rounded to the batch's precision, as writing it back into a float32 batch and reading it again would.
 * What it saves is the traffic: one read and one write of each image, instead of one per step and two more for the
 * standardization.
 *
 * <p>Keeps two scratch rows; not thread-safe (see {@link Augmentation}).
 */
final class ImagePipeline {

    private double[] row = new double[0];
    private double[] scratch = new double[0];

    /** The steps of {@code augmentation} if every one is a {@link PerImageTransform}, else null. */
    static PerImageTransform[] stepsOf(Augmentation augmentation) {
        if (augmentation instanceof PerImageTransform t) {
            return new PerImageTransform[] {t};
        }
        if (augmentation instanceof Compose c) {
            List<Augmentation> steps = c.steps();
            PerImageTransform[] out = new PerImageTransform[steps.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(steps.get(i) instanceof PerImageTransform t)) {
                    return null;
                }
                out[i] = t;
            }
            return out;
        }
        return null;
    }

    /**
     * Applies {@code steps} to every image of {@code batch}; with {@code mean} and {@code scale} (else null), in
     * pixel space: x = x''·σ + μ before the steps, x'' = (x − μ)/σ after, as {@link InPixelSpace} does.
     */
    void apply(PerImageTransform[] steps, Matrix batch, ImageShape shape, RandomGenerator rng, double[] mean,
            double[] scale) {
        int m = batch.rows();
        for (PerImageTransform step : steps) {
            step.draw(m, rng);
        }
        int n = shape.size();
        row = ImageRows.grow(row, n);
        scratch = ImageRows.grow(scratch, n);
        boolean toFloat = batch.dtype() == DType.FLOAT32;
        boolean inPixelSpace = mean != null;
        for (int i = 0; i < m; i++) {
            boolean changed = inPixelSpace;
            if (inPixelSpace) {
                batch.rowInto(i, row);
                if (toFloat) { // x = x''·σ + μ, rounded as storing it would, in one pass
                    for (int j = 0; j < n; j++) {
                        row[j] = (float) (row[j] * scale[j] + mean[j]);
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        row[j] = row[j] * scale[j] + mean[j];
                    }
                }
            }
            boolean read = inPixelSpace;
            for (PerImageTransform step : steps) {
                if (!read) {
                    batch.rowInto(i, row);
                    read = true;
                }
                if (step.transform(i, row, scratch, shape)) {
                    changed = true;
                    if (!step.movesValuesOnly()) { // moved float32 values need no rounding
                        round(row, n, toFloat);
                    }
                }
            }
            if (inPixelSpace) {
                for (int j = 0; j < n; j++) {
                    row[j] = (row[j] - mean[j]) / scale[j]; // x'' = (x − μ)/σ
                }
            }
            if (changed) {
                batch.setRow(i, row);
            }
        }
    }

    /** What storing into a float32 batch and reading back does to each value. */
    private static void round(double[] row, int n, boolean toFloat) {
        if (toFloat) {
            for (int j = 0; j < n; j++) {
                row[j] = (float) row[j];
            }
        }
    }
}
