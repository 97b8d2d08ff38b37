package dev.plumb.nn;

import java.util.Objects;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Output buffers of a layer, reused across batches so that training allocates nothing per batch once
 * warm. A training epoch sees at most two batch sizes (full batches and the last, partial one) and
 * evaluation one or two more, so a handful of slots keyed by row count is enough; the least recently
 * used slot is replaced when a new row count shows up.
 *
 * <p>For a layer of your own: one {@code Buffers} per output it returns (its forward output, its ∂J/∂input),
 * created in the constructor with the layer's precision and the output's width, and {@code get(batchRows)} in
 * {@link Layer#forward}/{@link Layer#backward}. That is what lets a layer return a matrix "owned by the layer and
 * overwritten by its next call", as {@link Layer} allows, instead of allocating one per batch. A matrix from
 * {@link #get} holds stale values: overwrite every entry. Not thread-safe, like the layers that own it.
 */
public final class Buffers {

    private static final int SLOTS = 6;

    private final DType dtype;
    private final int cols;
    private final Matrix[] slots = new Matrix[SLOTS];
    private final long[] lastUse = new long[SLOTS];
    private long clock;

    /** Buffers of {@code cols} columns in precision {@code dtype}. */
    public Buffers(DType dtype, int cols) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.cols = Checks.positive("cols", cols);
    }

    /** A {@code rows × cols} matrix owned by this cache; its contents are whatever was left in it. */
    public Matrix get(int rows) {
        Checks.positive("rows", rows);
        clock++;
        int victim = 0;
        for (int i = 0; i < SLOTS; i++) {
            Matrix m = slots[i];
            if (m != null && m.rows() == rows) {
                lastUse[i] = clock;
                return m;
            }
            if (m == null || (slots[victim] != null && lastUse[i] < lastUse[victim])) {
                victim = i;
            }
        }
        Matrix fresh = Matrix.zeros(dtype, rows, cols);
        slots[victim] = fresh;
        lastUse[victim] = clock;
        return fresh;
    }
}
