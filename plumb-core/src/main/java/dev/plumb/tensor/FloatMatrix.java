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
    /** The {@link #version} at which every element was last known finite; -1: not known. */
    private long finiteAt = -1;

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
        FloatMatrix copy = new FloatMatrix(rows, cols, data.clone());
        if (knownFinite()) {
            copy.finiteAt = copy.version;
        }
        return copy;
    }

    @Override
    public void copyFrom(Matrix source) {
        version++;
        requireSameShape("source", source);
        if (source instanceof FloatMatrix f) {
            System.arraycopy(f.data, 0, data, 0, data.length);
            if (f.knownFinite() && !shared) {
                finiteAt = version;
            }
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
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            axpy(a, xs, data, 0, data.length);
            return;
        }
        o.f0 = xs;
        o.f1 = data;
        o.s0 = a;
        ParallelLoops.run(o, data.length, (p, chunk, from, to) -> axpy((float) p.s0, p.f0, p.f1, from, to));
    }

    private static void axpy(float a, float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += a * x[i];
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
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            addRowVector(data, b, cols, 0, rows);
            return;
        }
        o.f0 = data;
        o.f1 = b;
        o.i0 = cols;
        ParallelLoops.run(o, rows, ParallelLoops.rowGrain(cols),
                (p, chunk, from, to) -> addRowVector(p.f0, p.f1, p.i0, from, to));
    }

    private static void addRowVector(float[] data, float[] b, int cols, int fromRow, int toRow) {
        for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
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
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            columnSums(data, target.data, rows, cols, 0, cols);
            return;
        }
        o.f0 = data;
        o.f1 = target.data;
        o.i0 = rows;
        o.i1 = cols;
        // by columns: each sum adds its rows in order, whichever thread computes it
        ParallelLoops.run(o, cols, ParallelLoops.rowGrain(Math.max(1, rows)),
                (p, chunk, from, to) -> columnSums(p.f0, p.f1, p.i0, p.i1, from, to));
    }

    private static void columnSums(float[] data, float[] sums, int rows, int cols, int fromCol, int toCol) {
        java.util.Arrays.fill(sums, fromCol, toCol, 0f);
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = fromCol; j < toCol; j++) {
                sums[j] += data[off + j];
            }
        }
    }

    @Override
    public void gatherRows(Matrix source, int[] index, int from) {
        version++;
        requireGather(source, index, from);
        FloatMatrix f = (FloatMatrix) sameType("source", source);
        float[] s = f.data;
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            gather(s, data, index, from, cols, 0, rows);
        } else {
            o.f0 = s;
            o.f1 = data;
            o.index = index;
            o.i0 = from;
            o.i1 = cols;
            ParallelLoops.run(o, rows, ParallelLoops.rowGrain(cols),
                    (p, chunk, fromRow, toRow) -> gather(p.f0, p.f1, p.index, p.i0, p.i1, fromRow, toRow));
        }
        if (f.knownFinite() && !shared) { // every row is one of the source's
            finiteAt = version;
        }
    }

    private static void gather(float[] source, float[] target, int[] index, int from, int cols, int fromRow, int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            System.arraycopy(source, index[from + r] * cols, target, r * cols, cols);
        }
    }

    @Override
    public double sumOfSquares() {
        return FloatReductions.sumOfSquares(data);
    }

    @Override
    public double sumOfAbsolutes() {
        return FloatReductions.sumOfAbsolutes(data);
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

    /**
     * {@inheritDoc} A matrix remembers the answer until its next write, and a copy or a gather of rows of a matrix
     * known to be finite is known to be finite: the data a network is fed is looked at once, not at every prediction.
     * A {@link #wrap wrapped} array is always looked at, since it may change behind the matrix's back.
     */
    @Override
    public boolean allFinite() {
        if (knownFinite()) {
            return true;
        }
        boolean finite = FloatReductions.allFinite(data);
        if (finite && !shared) {
            finiteAt = version;
        }
        return finite;
    }

    private boolean knownFinite() {
        return !shared && finiteAt == version;
    }

    private Matrix sameType(String argument, Matrix other) {
        if (!(other instanceof FloatMatrix)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": a " + other.dtype()
                    + " matrix cannot be combined with a FLOAT32 matrix; convert it with to(DType.FLOAT32)");
        }
        return other;
    }
}
