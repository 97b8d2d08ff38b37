package dev.plumb.train;

import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * The mini-batches of one training set, gathered into buffers allocated once: two pairs (features,
 * targets) for full batches — even batches in one, odd in the other, so that the next batch can be prepared
 * while the current one trains — and one for the shorter last batch, plus the epoch's permutation. Reusing them
 * is what keeps an epoch free of allocation. Sparse features (text) are the exception: each batch's rows are taken
 * into a small sparse matrix of its own (again one for even and one for odd batches), a few kilobytes, since a dense
 * batch of a 100,000-term vocabulary would not be small.
 */
final class BatchBuffers {

    private final Dataset data;
    private final int batchSize;
    private final int batches;
    private final int[] order;
    private final Matrix[] xFull;
    private final Matrix[] yFull;
    private final Matrix xRest;
    private final Matrix yRest;
    /** Sparse features (text): each batch is its own small sparse matrix, taken from these by row. */
    private final SparseMatrix sparse;
    private final SparseMatrix[] sparseBatches = new SparseMatrix[2];

    /** Buffers for {@code data} (already in {@code dtype}) in batches of {@code batchSize} (capped at its size). */
    BatchBuffers(Dataset data, DType dtype, int batchSize) {
        this.data = data;
        int m = data.size();
        this.batchSize = Math.min(batchSize, m);
        this.batches = (m + this.batchSize - 1) / this.batchSize;
        this.order = new int[m];
        int features = data.featureCount();
        int targets = data.targets().cols();
        this.sparse = data.features() instanceof SparseMatrix s ? s : null;
        this.xFull = sparse != null ? null : new Matrix[] {Matrix.zeros(dtype, this.batchSize, features),
                Matrix.zeros(dtype, this.batchSize, features)};
        this.yFull = new Matrix[] {Matrix.zeros(dtype, this.batchSize, targets), Matrix.zeros(dtype, this.batchSize, targets)};
        int rest = m % this.batchSize;
        this.xRest = rest == 0 || sparse != null ? null : Matrix.zeros(dtype, rest, features);
        this.yRest = rest == 0 ? null : Matrix.zeros(dtype, rest, targets);
    }

    int batchSize() {
        return batchSize;
    }

    int batches() {
        return batches;
    }

    /**
     * Sets the epoch's order of examples: a permutation that depends only on (seed, epoch), so resuming at
     * epoch k reproduces it; the identity without shuffling.
     */
    void shuffle(boolean shuffle, long seed, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (!shuffle) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Gathers batch {@code b} (0-based) of the current order into its buffers. */
    void gather(int b) {
        int from = b * batchSize;
        if (sparse != null) {
            sparseBatches[b & 1] = sparse.selectRows(order, from, rows(b));
        } else {
            features(b).gatherRows(data.features(), order, from);
        }
        targets(b).gatherRows(data.targets(), order, from);
    }

    /** Number of examples in batch {@code b}. */
    int rows(int b) {
        return Math.min(batchSize, order.length - b * batchSize);
    }

    /** The features buffer batch {@code b} is gathered into. */
    Matrix features(int b) {
        if (sparse != null) {
            return sparseBatches[b & 1];
        }
        return isPartial(b) ? xRest : xFull[b & 1];
    }

    /** The targets buffer batch {@code b} is gathered into. */
    Matrix targets(int b) {
        return isPartial(b) ? yRest : yFull[b & 1];
    }

    private boolean isPartial(int b) {
        return (b + 1) * batchSize > order.length;
    }
}
