package dev.plumb.data.augment;

import java.util.Objects;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * What the augmentations share. Each moves one image row of a batch to a {@code double[]} scratch row and
 * back ({@link Matrix#rowInto}, {@link Matrix#setRow}: a plain array loop for each precision), so it is
 * written once, in double, and allocates nothing.
 */
final class ImageRows {

    private ImageRows() {
    }

    static void requireImages(Matrix batch, ImageShape shape) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(shape, "shape");
        if (batch.cols() != shape.size()) {
            throw new IllegalArgumentException("Invalid argument batch: rows of " + batch.cols()
                    + " features, but images of shape " + shape + " have " + shape.size()
                    + ". Expected one flattened image per row.");
        }
    }

    /** {@code buffer} if it holds at least {@code n} values, else a new one that does. */
    static int[] grow(int[] buffer, int n) {
        return buffer != null && buffer.length >= n ? buffer : new int[n];
    }

    /** {@code buffer} if it holds at least {@code n} values, else a new one that does. */
    static double[] grow(double[] buffer, int n) {
        return buffer != null && buffer.length >= n ? buffer : new double[n];
    }
}
