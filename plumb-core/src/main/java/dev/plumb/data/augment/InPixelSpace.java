package dev.plumb.data.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.data.Normalizer;
import dev.plumb.tensor.Matrix;

/**
 * Applies an augmentation to the raw pixels behind a normalized batch: undoes x'' = (x − μ)/σ (or the
 * min-max map) per feature, augments, normalizes again with the same statistics.
 *
 * <p>Why it is needed: a standardizer gives every pixel position its own μ and σ, so a
 * standardized image is not an image any more. Moving a value from one position to another (flip,
 * shift, rotation) would carry one position's scaling to another, and "zero" padding would mean "this
 * position's mean" rather than black. Geometry and noise belong in pixel space; this wrapper puts them
 * there for a trainer that only sees standardized batches.
 *
 * <p>Constant features (σ = 0) are divided by 1, as the normalizers do. In float32 the round trip
 * adds rounding of order 1e-7 relative. Keeps a scratch row; not thread-safe (see {@link Augmentation}).
 */
public final class InPixelSpace implements Augmentation {

    private final Augmentation inner;
    private final Normalizer standardizer;
    private final double[] mean;
    private final double[] scale;
    private double[] row = new double[0];
    private final PerImageTransform[] perImage; // the inner steps, when every one draws independently of the pixels
    private final ImagePipeline pipeline = new ImagePipeline();

    public InPixelSpace(Augmentation inner, Normalizer standardizer) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
        this.mean = standardizer.offsets();
        this.scale = standardizer.divisors(); // 1 for a constant feature, as the normalizer's own transform
        this.perImage = ImagePipeline.stepsOf(inner);
    }

    public Augmentation inner() {
        return inner;
    }

    public Normalizer standardizer() {
        return standardizer;
    }

    @Override
    public void requireApplicable(ImageShape shape) {
        if (shape.size() != mean.length) {
            throw new IllegalArgumentException("Invalid argument shape: images of " + shape + " have " + shape.size()
                    + " pixels, but the standardizer was fitted on " + mean.length + " features.");
        }
        inner.requireApplicable(shape);
    }

    @Override
    public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
        ImageRows.requireImages(batch, shape);
        requireApplicable(shape);
        if (perImage != null) { // image by image, with the draws and values of the three passes below
            pipeline.apply(perImage, batch, shape, rng, mean, scale);
            return;
        }
        int n = shape.size();
        row = ImageRows.grow(row, n);
        for (int i = 0, m = batch.rows(); i < m; i++) {
            batch.rowInto(i, row);
            for (int j = 0; j < n; j++) {
                row[j] = row[j] * scale[j] + mean[j]; // x = x''·σ + μ
            }
            batch.setRow(i, row);
        }
        inner.apply(batch, shape, rng);
        for (int i = 0, m = batch.rows(); i < m; i++) {
            batch.rowInto(i, row);
            for (int j = 0; j < n; j++) {
                row[j] = (row[j] - mean[j]) / scale[j]; // x'' = (x − μ)/σ
            }
            batch.setRow(i, row);
        }
    }

    /** The inner augmentation's id: standardization is a property of the data, not of the spec. */
    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InPixelSpace p && inner.equals(p.inner) && standardizer.equals(p.standardizer);
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + standardizer.hashCode();
    }

    @Override
    public String toString() {
        return "InPixelSpace(" + inner + ")";
    }
}
