package dev.plumb.data;

import java.util.Locale;

import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * What a normalizer does with sparse features: an affine map per feature turns every zero into a non-zero, so it makes
 * them dense. That is done when the dense form is small enough to be harmless, and refused, with the reason and the
 * fix, when it is not (a text vocabulary of a hundred thousand terms).
 */
final class DenseFeatures {

    /** The largest dense form a normalizer makes of sparse features: 512 MiB. */
    static final long MAX_BYTES = 512L << 20;

    private DenseFeatures() {
    }

    /** {@code x} itself when dense; its dense form when that fits in {@link #MAX_BYTES}; else a clear refusal. */
    static Matrix of(Matrix x, String normalizer) {
        if (!(x instanceof SparseMatrix sparse)) {
            return x;
        }
        long bytes = (long) sparse.rows() * sparse.cols() * sparse.dtype().bytes();
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Invalid normalization: %s scaling would "
                            + "turn %d×%d sparse features (%.2f%% non-zero) into a dense matrix of %.1f GB; these are "
                            + "text features, whose TF-IDF rows already have unit length: use normalize none (the "
                            + "default for text) or a smaller vocabulary", normalizer, sparse.rows(), sparse.cols(),
                    100.0 * sparse.nonZeros() / ((double) sparse.rows() * sparse.cols()), bytes / 1e9));
        }
        return sparse.toDense();
    }
}
