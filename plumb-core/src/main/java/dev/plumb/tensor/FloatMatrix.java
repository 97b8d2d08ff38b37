package dev.plumb.tensor;

import java.nio.ByteBuffer;

/**
 * A float32 {@link Matrix} backed by a row-major {@code float[]}.
 *
 * <p>The matrix counts its writes ({@link #version()}): every method that may change an element, and
 * every call of {@link #data()}, which hands the array out for writing, moves the count on. That lets
 * {@link NativeBlas} keep an off-heap copy of a matrix it multiplied (the weights, a batch used by both
 * the forward and the backward pass) and skip copying it again while the count stands still. A matrix
 * made by {@link #wrap} is never kept that way: whoever passed the array may write to it at any time.
 *
 * <p>The array never leaves this package: code elsewhere writes through {@link Matrix} methods and the
 * kernels beside this class ({@link ReluKernel}, {@link SoftmaxKernel}, {@link DropoutKernel},
 * {@link MomentumKernel}, {@link AdamKernel}), which all count their writes, so no caller has to remember
 * to ask for the array again after a matrix product has read it.
 */
public final class FloatMatrix extends Matrix {

    private final float[] data;
    private final boolean shared;
    private long version;

    FloatMatrix(int rows, int cols, float[] data) {
        this(rows, cols, data, false);
    }

    private FloatMatrix(int rows, int cols, float[] data, boolean shared) {
        super(rows, cols);
        this.data = data;
        this.shared = shared;
    }

    /** Wraps {@code data} (row-major, not copied) as a {@code rows × cols} matrix. */
    public static FloatMatrix wrap(int rows, int cols, float[] data) {
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("Invalid argument data: length " + data.length
                    + " does not match shape " + rows + "x" + cols);
        }
        return new FloatMatrix(rows, cols, data, true);
    }

    /**
     * The backing array, row-major, for writing: the call is what tells the matrix products that the
     * contents may change, so write right after asking (ask again after any matrix product that read this
     * matrix). Package-private so that only this package's kernels, which keep that rule, write the array.
     */
    float[] data() {
        version++;
        return data;
    }

    /** The backing array, for reading only: what the matrix products use. */
    float[] array() {
        return data;
    }

    /** Moves on with every possible write; equal versions of one matrix mean equal contents. */
    long version() {
        return version;
    }

    /** True when the array may be written behind the matrix's back (it was {@link #wrap wrapped}). */
    boolean shared() {
        return shared;
    }

    /** Records a write made to the array from outside this class (a matrix product's output). */
    void written() {
        version++;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public double get(int i) {
        return data[i];
    }

    @Override
    public void set(int i, double value) {
        version++;
        data[i] = (float) value;
    }

    @Override
    public FloatMatrix copy() {
        return new FloatMatrix(rows, cols, data.clone());
    }

    @Override
    public void copyFrom(Matrix source) {
        version++;
        requireSameShape("source", source);
        if (source instanceof FloatMatrix f) {
            System.arraycopy(f.data, 0, data, 0, data.length);
        } else {
            double[] s = ((DoubleMatrix) source).data();
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) s[i];
            }
        }
    }

    @Override
    public float[] toFloatArray() {
        return data.clone();
    }

    @Override
    public void rowInto(int row, double[] into) {
        int offset = requireRowBuffer("into", row, into);
        for (int j = 0; j < cols; j++) {
            into[j] = data[offset + j];
        }
    }

    @Override
    public void setRow(int row, double[] values) {
        int offset = requireRowBuffer("values", row, values);
        version++;
        for (int j = 0; j < cols; j++) {
            data[offset + j] = (float) values[j];
        }
    }

    @Override
    public int writeTo(ByteBuffer target, int from) {
        int count = transferCount(target, from);
        target.asFloatBuffer().put(data, from, count); // the view takes target's byte order
        target.position(target.position() + count * Float.BYTES);
        return count;
    }

    @Override
    public int readFrom(ByteBuffer source, int from) {
        int count = transferCount(source, from);
        version++;
        source.asFloatBuffer().get(data, from, count);
        source.position(source.position() + count * Float.BYTES);
        return count;
    }

    @Override
    public void fill(double value) {
        version++;
        java.util.Arrays.fill(data, (float) value);
    }

    @Override
    public void scale(double alpha) {
        version++;
        float a = (float) alpha;
        for (int i = 0; i < data.length; i++) {
            data[i] *= a;
        }
    }

    @Override
    public void axpy(double alpha, Matrix x) {
        version++;
        requireSameShape("x", x);
        float a = (float) alpha;
        float[] xs = ((FloatMatrix) sameType("x", x)).data;
        for (int i = 0; i < data.length; i++) {
            data[i] += a * xs[i];
        }
    }

    @Override
    public void multiplyElementwise(Matrix other) {
        version++;
        requireSameShape("other", other);
        float[] o = ((FloatMatrix) sameType("other", other)).data;
        for (int i = 0; i < data.length; i++) {
            data[i] *= o[i];
        }
    }

    @Override
    public void addRowVector(Matrix bias) {
        version++;
        requireRowVector("bias", bias);
        float[] b = ((FloatMatrix) sameType("bias", bias)).data;
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = 0; j < cols; j++) {
                data[off + j] += b[j];
            }
        }
    }

    @Override
    public void columnSumsInto(Matrix out) {
        requireRowVector("out", out);
        FloatMatrix target = (FloatMatrix) sameType("out", out);
        target.version++;
        float[] o = target.data;
        java.util.Arrays.fill(o, 0f);
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = 0; j < cols; j++) {
                o[j] += data[off + j];
            }
        }
    }

    @Override
    public void gatherRows(Matrix source, int[] index, int from) {
        version++;
        requireGather(source, index, from);
        float[] s = ((FloatMatrix) sameType("source", source)).data;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s, index[from + r] * cols, data, r * cols, cols);
        }
    }

    // The two sums below run once per mini-batch over every weight when a penalty is on. One double
    // accumulator makes each addition wait for the last (~4 cycles an element); eight float accumulators
    // over blocks of 256, each block's total then added in double, run four times faster and stay
    // accurate: a float accumulator never holds more than 32 terms.
    private static final int BLOCK = 256;

    @Override
    public double sumOfSquares() {
        double total = 0;
        int i = 0;
        for (; i + BLOCK <= data.length; i += BLOCK) {
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int j = i; j < i + BLOCK; j += 8) {
                a0 += data[j] * data[j];
                a1 += data[j + 1] * data[j + 1];
                a2 += data[j + 2] * data[j + 2];
                a3 += data[j + 3] * data[j + 3];
                a4 += data[j + 4] * data[j + 4];
                a5 += data[j + 5] * data[j + 5];
                a6 += data[j + 6] * data[j + 6];
                a7 += data[j + 7] * data[j + 7];
            }
            total += (double) a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
        }
        for (; i < data.length; i++) {
            total += (double) data[i] * data[i];
        }
        return total;
    }

    @Override
    public double sumOfAbsolutes() {
        double total = 0;
        int i = 0;
        for (; i + BLOCK <= data.length; i += BLOCK) {
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int j = i; j < i + BLOCK; j += 8) {
                a0 += Math.abs(data[j]);
                a1 += Math.abs(data[j + 1]);
                a2 += Math.abs(data[j + 2]);
                a3 += Math.abs(data[j + 3]);
                a4 += Math.abs(data[j + 4]);
                a5 += Math.abs(data[j + 5]);
                a6 += Math.abs(data[j + 6]);
                a7 += Math.abs(data[j + 7]);
            }
            total += (double) a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
        }
        for (; i < data.length; i++) {
            total += Math.abs(data[i]);
        }
        return total;
    }

    @Override
    public int firstNonFinite() {
        if (allFinite()) { // the common answer, in one fast pass; the search below stops early and stays scalar
            return -1;
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean allFinite() {
        float largest = 0;
        for (float v : data) {
            largest = Math.max(largest, Math.abs(v)); // a NaN or ∞ ends as the result: one vectorized pass
        }
        return largest <= Float.MAX_VALUE;
    }

    private Matrix sameType(String argument, Matrix other) {
        if (!(other instanceof FloatMatrix)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": a " + other.dtype()
                    + " matrix cannot be combined with a FLOAT32 matrix; convert it with to(DType.FLOAT32)");
        }
        return other;
    }
}
