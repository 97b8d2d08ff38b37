package dev.plumb.data.io;

import java.util.Arrays;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A growable row-major array of values in one precision, turned into a {@link Matrix} once, at the end
 * of a file. Capacity doubles, so appending n values copies fewer than 2n; float32 data is kept as
 * floats, so a large file needs half the memory of doubles.
 */
final class ValueBuffer {

    /** The most elements a {@link Matrix} can hold. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private float[] floats;
    private double[] doubles;
    private int size;

    ValueBuffer(DType dtype, int initialCapacity) {
        this.dtype = dtype;
        if (dtype == DType.FLOAT32) {
            floats = new float[initialCapacity];
        } else {
            doubles = new double[initialCapacity];
        }
    }

    /** Appends {@code values[0..count)}; the caller keeps the total within {@link #MAX_VALUES}. */
    void append(double[] values, int count) {
        int needed = size + count;
        if (dtype == DType.FLOAT32) {
            if (needed > floats.length) {
                floats = Arrays.copyOf(floats, grow(floats.length, needed));
            }
            for (int i = 0; i < count; i++) {
                floats[size + i] = (float) values[i];
            }
        } else {
            if (needed > doubles.length) {
                doubles = Arrays.copyOf(doubles, grow(doubles.length, needed));
            }
            System.arraycopy(values, 0, doubles, size, count);
        }
        size = needed;
    }

    private static int grow(int capacity, int needed) {
        long doubled = Math.max(2L * capacity, 16);
        return (int) Math.min(Math.max(doubled, needed), MAX_VALUES);
    }

    int size() {
        return size;
    }

    /** The values as a {@code rows × cols} matrix; {@code rows · cols} must equal {@link #size()}. */
    Matrix toMatrix(int rows, int cols) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < size; i++) {
                m.set(i, floats[i]);
            }
        } else {
            for (int i = 0; i < size; i++) {
                m.set(i, doubles[i]);
            }
        }
        return m;
    }
}
