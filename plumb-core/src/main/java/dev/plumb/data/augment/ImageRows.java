package dev.plumb.data.augment;

import java.util.Objects;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DoubleMatrix;
import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * Moves one image row of a batch to and from a {@code double[]} scratch row, with a plain array loop
 * for each precision, so the kernels are written once, in double, and allocate nothing.
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
    static double[] grow(double[] buffer, int n) {
        return buffer != null && buffer.length >= n ? buffer : new double[n];
    }

    static void read(Matrix batch, int row, double[] into) {
        int n = batch.cols();
        int offset = row * n;
        if (batch instanceof FloatMatrix f) {
            float[] data = f.data();
            for (int j = 0; j < n; j++) {
                into[j] = data[offset + j];
            }
        } else if (batch instanceof DoubleMatrix d) {
            System.arraycopy(d.data(), offset, into, 0, n);
        } else {
            for (int j = 0; j < n; j++) {
                into[j] = batch.get(offset + j);
            }
        }
    }

    static void write(double[] from, Matrix batch, int row) {
        int n = batch.cols();
        int offset = row * n;
        if (batch instanceof FloatMatrix f) {
            float[] data = f.data();
            for (int j = 0; j < n; j++) {
                data[offset + j] = (float) from[j];
            }
        } else if (batch instanceof DoubleMatrix d) {
            System.arraycopy(from, 0, d.data(), offset, n);
        } else {
            for (int j = 0; j < n; j++) {
                batch.set(offset + j, from[j]);
            }
        }
    }
}
