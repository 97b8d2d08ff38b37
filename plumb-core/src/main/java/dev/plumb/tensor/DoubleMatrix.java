package dev.plumb.tensor;

import java.nio.ByteBuffer;

/** A float64 {@link Matrix} backed by a row-major {@code double[]}. */
public final class DoubleMatrix extends Matrix {

    private final double[] data;

    DoubleMatrix(int rows, int cols, double[] data) {
        super(rows, cols);
        this.data = data;
    }

    /** Wraps {@code data} (row-major, not copied) as a {@code rows × cols} matrix. */
    public static DoubleMatrix wrap(int rows, int cols, double[] data) {
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("Invalid argument data: length " + data.length
                    + " does not match shape " + rows + "x" + cols);
        }
        return new DoubleMatrix(rows, cols, data);
    }

    /**
     * The backing array, row-major; writes to it are writes to the matrix. Package-private like
     * {@link FloatMatrix}'s: code elsewhere goes through {@link Matrix} methods and this package's kernels.
     */
    double[] data() {
        return data;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT64;
    }

    @Override
    public double get(int i) {
        return data[i];
    }

    @Override
    public void set(int i, double value) {
        data[i] = value;
    }

    @Override
    public DoubleMatrix copy() {
        return new DoubleMatrix(rows, cols, data.clone());
    }

    @Override
    public void copyFrom(Matrix source) {
        requireSameShape("source", source);
        if (source instanceof DoubleMatrix d) {
            System.arraycopy(d.data, 0, data, 0, data.length);
        } else {
            float[] s = ((FloatMatrix) source).array();
            for (int i = 0; i < data.length; i++) {
                data[i] = s[i];
            }
        }
    }

    @Override
    public double[] toDoubleArray() {
        return data.clone();
    }

    @Override
    public void rowInto(int row, double[] into) {
        int offset = requireRowBuffer("into", row, into);
        System.arraycopy(data, offset, into, 0, cols);
    }

    @Override
    public void setRow(int row, double[] values) {
        int offset = requireRowBuffer("values", row, values);
        System.arraycopy(values, 0, data, offset, cols);
    }

    @Override
    public int writeTo(ByteBuffer target, int from) {
        int count = transferCount(target, from);
        target.asDoubleBuffer().put(data, from, count); // the view takes target's byte order
        target.position(target.position() + count * Double.BYTES);
        return count;
    }

    @Override
    public int readFrom(ByteBuffer source, int from) {
        int count = transferCount(source, from);
        source.asDoubleBuffer().get(data, from, count);
        source.position(source.position() + count * Double.BYTES);
        return count;
    }

    @Override
    public void fill(double value) {
        java.util.Arrays.fill(data, value);
    }

    @Override
    public void scale(double alpha) {
        double a = alpha;
        for (int i = 0; i < data.length; i++) {
            data[i] *= a;
        }
    }

    @Override
    public void axpy(double alpha, Matrix x) {
        requireSameShape("x", x);
        double[] xs = ((DoubleMatrix) sameType("x", x)).data;
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            axpy(alpha, xs, data, 0, data.length);
            return;
        }
        o.d0 = xs;
        o.d1 = data;
        o.s0 = alpha;
        ParallelLoops.run(o, data.length, (p, chunk, from, to) -> axpy(p.s0, p.d0, p.d1, from, to));
    }

    private static void axpy(double a, double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += a * x[i];
        }
    }

    @Override
    public void multiplyElementwise(Matrix other) {
        requireSameShape("other", other);
        double[] o = ((DoubleMatrix) sameType("other", other)).data;
        for (int i = 0; i < data.length; i++) {
            data[i] *= o[i];
        }
    }

    @Override
    public void addRowVector(Matrix bias) {
        requireRowVector("bias", bias);
        double[] b = ((DoubleMatrix) sameType("bias", bias)).data;
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            addRowVector(data, b, cols, 0, rows);
            return;
        }
        o.d0 = data;
        o.d1 = b;
        o.i0 = cols;
        ParallelLoops.run(o, rows, ParallelLoops.rowGrain(cols),
                (p, chunk, from, to) -> addRowVector(p.d0, p.d1, p.i0, from, to));
    }

    private static void addRowVector(double[] data, double[] b, int cols, int fromRow, int toRow) {
        for (int r = fromRow, off = fromRow * cols; r < toRow; r++, off += cols) {
            for (int j = 0; j < cols; j++) {
                data[off + j] += b[j];
            }
        }
    }

    @Override
    public void columnSumsInto(Matrix out) {
        requireRowVector("out", out);
        double[] sums = ((DoubleMatrix) sameType("out", out)).data;
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            columnSums(data, sums, rows, cols, 0, cols);
            return;
        }
        o.d0 = data;
        o.d1 = sums;
        o.i0 = rows;
        o.i1 = cols;
        ParallelLoops.run(o, cols, ParallelLoops.rowGrain(Math.max(1, rows)),
                (p, chunk, from, to) -> columnSums(p.d0, p.d1, p.i0, p.i1, from, to));
    }

    private static void columnSums(double[] data, double[] sums, int rows, int cols, int fromCol, int toCol) {
        java.util.Arrays.fill(sums, fromCol, toCol, 0.0);
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = fromCol; j < toCol; j++) {
                sums[j] += data[off + j];
            }
        }
    }

    @Override
    public void gatherRows(Matrix source, int[] index, int from) {
        requireGather(source, index, from);
        double[] s = ((DoubleMatrix) sameType("source", source)).data;
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            gather(s, data, index, from, cols, 0, rows);
            return;
        }
        o.d0 = s;
        o.d1 = data;
        o.index = index;
        o.i0 = from;
        o.i1 = cols;
        ParallelLoops.run(o, rows, ParallelLoops.rowGrain(cols),
                (p, chunk, fromRow, toRow) -> gather(p.d0, p.d1, p.index, p.i0, p.i1, fromRow, toRow));
    }

    private static void gather(double[] source, double[] target, int[] index, int from, int cols, int fromRow,
            int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            System.arraycopy(source, index[from + r] * cols, target, r * cols, cols);
        }
    }

    @Override
    public double sumOfSquares() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return s;
    }

    @Override
    public double sumOfAbsolutes() {
        double s = 0;
        for (double v : data) {
            s += Math.abs(v);
        }
        return s;
    }

    private Matrix sameType(String argument, Matrix other) {
        if (!(other instanceof DoubleMatrix)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": a " + other.dtype()
                    + " matrix cannot be combined with a FLOAT64 matrix; convert it with to(DType.FLOAT64)");
        }
        return other;
    }
}
