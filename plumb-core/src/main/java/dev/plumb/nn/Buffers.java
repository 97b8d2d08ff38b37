package dev.plumb.nn;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Output buffers of a layer, reused across batches so that training allocates nothing per batch once
 * warm. A training epoch sees at most two batch sizes (full batches and the last, partial one) and
 * evaluation one or two more, so a handful of slots keyed by row count is enough; the least recently
 * used slot is replaced when a new row count shows up.
 */
final class Buffers {

    private static final int SLOTS = 6;

    private final DType dtype;
    private final int cols;
    private final Matrix[] slots = new Matrix[SLOTS];
    private final long[] lastUse = new long[SLOTS];
    private long clock;

    Buffers(DType dtype, int cols) {
        this.dtype = dtype;
        this.cols = cols;
    }

    /** A {@code rows × cols} matrix owned by this cache; its contents are whatever was left in it. */
    Matrix get(int rows) {
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
