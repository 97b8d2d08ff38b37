package dev.plumb.data.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The contents of one IDX file: its element type, its dimensions and its values, kept as the
 * big-endian bytes the file stores (one byte per pixel for the MNIST family, so the array costs what the
 * file costs) and converted on request. Values are in row-major order: the last dimension varies fastest.
 */
public final class IdxArray {

    private final IdxType type;
    private final int[] dims;
    private final byte[] data;
    private final ByteBuffer bigEndian;

    /**
     * @param data {@code product(dims) × type.bytes()} big-endian bytes; kept, not copied
     */
    IdxArray(IdxType type, int[] dims, byte[] data) {
        this.type = Objects.requireNonNull(type, "type");
        this.dims = dims.clone();
        this.data = data;
        this.bigEndian = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        long count = 1;
        for (int d : this.dims) {
            count *= d;
        }
        if (count * type.bytes() != data.length) {
            throw new IllegalArgumentException("Invalid IDX array: " + data.length + " bytes for dimensions "
                    + shapeString() + " of " + type);
        }
    }

    public IdxType type() {
        return type;
    }

    /** Number of dimensions, 1 to {@link IdxReader#MAX_RANK}. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code k} (0-based). */
    public int dim(int k) {
        return dims[k];
    }

    /** The dimensions, outermost first (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of values: the product of the dimensions. */
    public int count() {
        return data.length / type.bytes();
    }

    /** Where value {@code i} is stored in the (decompressed) file: after the 4-byte magic and the dimensions. */
    public long byteOffset(int i) {
        return headerBytes(dims.length) + (long) i * type.bytes();
    }

    /** Value {@code i} in row-major order, exactly (every IDX type fits a double). */
    public double get(int i) {
        Objects.checkIndex(i, count());
        ByteBuffer b = bigEndian; // absolute reads only, so safe to share
        return switch (type) {
            case UNSIGNED_BYTE -> data[i] & 0xFF;
            case SIGNED_BYTE -> data[i];
            case SHORT -> b.getShort(2 * i);
            case INT -> b.getInt(4 * i);
            case FLOAT -> b.getFloat(4 * i);
            case DOUBLE -> b.getDouble(8 * i);
        };
    }

    /**
     * All values as floats. With {@link PixelScaling#UNIT_INTERVAL}, unsigned-byte values v become
     * v / 255 (correctly rounded); every other type, and {@link PixelScaling#RAW}, gives the values as
     * stored (ints beyond 2^24 and doubles round to the nearest float).
     */
    public float[] toFloatArray(PixelScaling scaling) {
        Objects.requireNonNull(scaling, "scaling");
        int n = count();
        float[] out = new float[n];
        switch (type) {
            case UNSIGNED_BYTE -> {
                // one table lookup per pixel: the hot loop for MNIST-style images
                float[] value = new float[256];
                for (int v = 0; v < 256; v++) {
                    value[v] = scaling == PixelScaling.UNIT_INTERVAL ? v / 255f : v;
                }
                for (int i = 0; i < n; i++) {
                    out[i] = value[data[i] & 0xFF];
                }
            }
            case FLOAT -> bigEndian.asFloatBuffer().get(out);
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) get(i);
                }
            }
        }
        return out;
    }

    /** All values as doubles, exactly as stored. */
    public double[] toDoubleArray() {
        int n = count();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * All values as ints, for the whole-number types (labels, counts).
     *
     * @throws IllegalStateException for float and double files; check {@link IdxType#isInteger()} first
     */
    public int[] toIntArray() {
        if (!type.isInteger()) {
            throw new IllegalStateException("IDX array of " + type + " values cannot be read as ints");
        }
        int n = count();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) get(i);
        }
        return out;
    }

    static int headerBytes(int rank) {
        return 4 + 4 * rank;
    }

    /** "3x28x28", as messages name a shape. */
    public String shapeString() {
        return shapeString(dims);
    }

    static String shapeString(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < dims.length; k++) {
            s.append(k == 0 ? "" : "x").append(dims[k]);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "IdxArray[" + shapeString() + " " + type + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && type == a.type && Arrays.equals(dims, a.dims) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(dims)) + Arrays.hashCode(data);
    }
}
