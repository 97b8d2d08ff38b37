package dev.plumb.tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A row-major matrix of {@code rows × cols} elements in one {@link DType}: dense ({@link FloatMatrix},
 * {@link DoubleMatrix}) or, for features such as text that are mostly zeros, {@link SparseMatrix} (read-only).
 *
 * <p>Element access goes through {@link #get(int)} / {@link #set(int, double)} in double arithmetic, so
 * code written against {@code Matrix} runs unchanged in float32 and float64 (a float32 matrix rounds
 * on {@code set}). The bulk operations below are the hot kernels of training; each has one loop per
 * precision in the two subclasses and nothing else. Matrix products live in {@link Linalg}.
 *
 * <p>A batch is laid out with one example per row.
 */
public abstract sealed class Matrix permits FloatMatrix, DoubleMatrix, SparseMatrix {

    protected final int rows;
    protected final int cols;

    protected Matrix(int rows, int cols) {
        this(rows, cols, false);
    }

    /** A sparse matrix's shape is not limited by what one array holds: only rows and columns are checked. */
    Matrix(int rows, int cols, boolean sparse) {
        if (sparse) {
            Checks.nonNegative("rows", rows);
            Checks.nonNegative("cols", cols);
        } else {
            checkedSize(rows, cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    /** {@code rows * cols}, after checking the shape is one a Java array can hold. */
    private static int checkedSize(int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Invalid matrix shape " + rows + "x" + cols
                    + ": more than " + (Integer.MAX_VALUE - 8) + " elements; use smaller batches");
        }
        return rows * cols;
    }

    // ---- construction ----------------------------------------------------------------------------

    /** A new matrix of zeros. */
    public static Matrix zeros(DType dtype, int rows, int cols) {
        int size = checkedSize(rows, cols); // before allocating: -1 rows must not end as NegativeArraySizeException
        return switch (dtype) {
            case FLOAT32 -> new FloatMatrix(rows, cols, new float[size]);
            case FLOAT64 -> new DoubleMatrix(rows, cols, new double[size]);
        };
    }

    /** A matrix holding a copy of {@code values} (rows of equal length). */
    public static Matrix of(DType dtype, double[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Matrix m = zeros(dtype, r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("Invalid argument values: row " + i + " has "
                        + values[i].length + " columns but row 0 has " + c + "; all rows must have the same length");
            }
            for (int j = 0; j < c; j++) {
                m.set(i * c + j, values[i][j]);
            }
        }
        return m;
    }

    /** A matrix holding a copy of {@code values}, read in row-major order. */
    public static Matrix fromRowMajor(DType dtype, int rows, int cols, double[] values) {
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException("Invalid argument values: length " + values.length
                    + " does not match shape " + rows + "x" + cols + " (" + (long) rows * cols + " elements expected)");
        }
        Matrix m = zeros(dtype, rows, cols);
        for (int i = 0; i < values.length; i++) {
            m.set(i, values[i]);
        }
        return m;
    }

    // ---- shape and element access ------------------------------------------------------------------

    public final int rows() {
        return rows;
    }

    public final int cols() {
        return cols;
    }

    /** Number of elements, {@code rows * cols}. */
    public int size() {
        return rows * cols;
    }

    public abstract DType dtype();

    /** Element {@code i} in row-major order. */
    public abstract double get(int i);

    /** Sets element {@code i} in row-major order (rounded to this matrix's precision). */
    public abstract void set(int i, double value);

    public final double get(int row, int col) {
        return get(index(row, col));
    }

    public final void set(int row, int col, double value) {
        set(index(row, col), value);
    }

    private int index(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("Element (" + row + ", " + col + ") is outside a "
                    + rows + "x" + cols + " matrix");
        }
        return row * cols + col;
    }

    /** True when both have the same number of rows and columns. */
    public final boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    public final String shapeString() {
        return rows + "x" + cols;
    }

    // ---- copies and conversion -----------------------------------------------------------------------

    /** A deep copy in the same precision. */
    public abstract Matrix copy();

    /** A new zero matrix of the same precision and shape. */
    public final Matrix zerosLike() {
        return zeros(dtype(), rows, cols);
    }

    /** A new zero matrix of the same precision and the given shape. */
    public final Matrix zerosLike(int rows, int cols) {
        return zeros(dtype(), rows, cols);
    }

    /** This matrix in {@code target} precision: a copy, or this matrix itself if it already is. */
    public final Matrix to(DType target) {
        if (target == dtype()) {
            return this;
        }
        if (this instanceof SparseMatrix sparse) {
            return sparse.convertTo(target);
        }
        Matrix out = zeros(target, rows, cols);
        out.copyFrom(this);
        return out;
    }

    /** Overwrites this matrix with {@code source} (same shape; precision converted if needed). */
    public abstract void copyFrom(Matrix source);

    /** All elements as doubles, row-major. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** All elements as floats, row-major (rounded if this is float64). */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }

    /** Row {@code row} as doubles. */
    public double[] row(int row) {
        double[] out = new double[cols];
        rowInto(row, out);
        return out;
    }

    /**
     * Copies row {@code row} into {@code into[0, cols)} as doubles, allocating nothing: how an algorithm
     * written once in double over a scratch row (an image augmentation) reads a batch of either precision.
     */
    public abstract void rowInto(int row, double[] into);

    /** Overwrites row {@code row} with {@code values[0, cols)}, rounded to this matrix's precision. */
    public abstract void setRow(int row, double[] values);

    /**
     * Writes elements {@code from}, {@code from + 1}, … into {@code target}'s remaining bytes in this
     * matrix's precision (4-byte floats or 8-byte doubles, in {@code target}'s byte order), as many as fit
     * and the matrix holds, and moves {@code target}'s position past them: how a file format streams a
     * matrix out through a fixed-size buffer.
     *
     * @return the number of elements written
     */
    public abstract int writeTo(ByteBuffer target, int from);

    /**
     * The inverse of {@link #writeTo}: overwrites elements {@code from}, {@code from + 1}, … with values
     * read from {@code source}'s remaining bytes (in this matrix's precision and {@code source}'s byte
     * order), as many as it holds and the matrix has room for, and moves {@code source}'s position past them.
     *
     * @return the number of elements read
     */
    public abstract int readFrom(ByteBuffer source, int from);

    // ---- bulk kernels (one loop per precision in the subclasses) ----------------------------------

    /** Sets every element to {@code value}. */
    public abstract void fill(double value);

    /** {@code this *= alpha}. */
    public abstract void scale(double alpha);

    /** {@code this += alpha * x} (same shape). */
    public abstract void axpy(double alpha, Matrix x);

    /** {@code this *= other}, elementwise (same shape). */
    public abstract void multiplyElementwise(Matrix other);

    /** Adds the {@code 1 × cols} row vector {@code bias} to every row: broadcasting a bias over a batch. */
    public abstract void addRowVector(Matrix bias);

    /** Writes the sum of each column into the {@code 1 × cols} matrix {@code out}: a bias gradient over a batch. */
    public abstract void columnSumsInto(Matrix out);

    /**
     * Copies rows {@code index[from]}, {@code index[from+1]}, … of {@code source} into the rows of this
     * matrix, one per row: how a shuffled mini-batch is assembled without allocating.
     */
    public abstract void gatherRows(Matrix source, int[] index, int from);

    /** Σ x². */
    public abstract double sumOfSquares();

    /** Σ |x|. */
    public abstract double sumOfAbsolutes();

    /** Σ x. */
    public double sum() {
        double s = 0;
        for (int i = 0, n = size(); i < n; i++) {
            s += get(i);
        }
        return s;
    }

    /** True when no element is NaN or infinite. */
    public boolean allFinite() {
        for (int i = 0, n = size(); i < n; i++) {
            if (!Double.isFinite(get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first non-finite element, or -1. */
    public int firstNonFinite() {
        for (int i = 0, n = size(); i < n; i++) {
            if (!Double.isFinite(get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Column of the largest element of {@code row} (the first one on ties). */
    public int argmaxInRow(int row) {
        Checks.index("row", row, rows);
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            double v = get(row * cols + j);
            if (v > bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a new matrix. */
    public Matrix rowRange(int from, int to) {
        int[] index = rowIndices(from, to);
        Matrix out = zeros(dtype(), to - from, cols);
        out.gatherRows(this, index, 0);
        return out;
    }

    /** Same elements in the same precision and shape. */
    public boolean contentEquals(Matrix other) {
        if (other == null || other.dtype() != dtype() || !sameShape(other)) {
            return false;
        }
        for (int i = 0, n = size(); i < n; i++) {
            if (Double.doubleToLongBits(get(i)) != Double.doubleToLongBits(other.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return dtype() + " matrix " + shapeString();
    }

    // ---- shared argument checks for the subclasses --------------------------------------------------

    /** {@code from, from + 1, …, to − 1}, after checking they are rows of this matrix. */
    protected final int[] rowIndices(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IllegalArgumentException("Invalid row range [" + from + ", " + to + ") for a matrix with "
                    + rows + " rows; expected 0 <= from <= to <= " + rows);
        }
        int[] index = new int[to - from];
        Arrays.setAll(index, k -> from + k);
        return index;
    }

    protected final void requireSameShape(String argument, Matrix other) {
        if (!sameShape(other)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": shape " + other.shapeString()
                    + " does not match " + shapeString());
        }
    }

    protected final void requireRowVector(String argument, Matrix vector) {
        if (vector.rows != 1 || vector.cols != cols) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": shape " + vector.shapeString()
                    + ", expected 1x" + cols);
        }
    }

    /** The offset of row {@code row}, after checking it exists and {@code buffer} can hold a row. */
    protected final int requireRowBuffer(String argument, int row, double[] buffer) {
        Checks.index("row", row, rows);
        Objects.requireNonNull(buffer, argument);
        if (buffer.length < cols) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": length " + buffer.length
                    + ". Expected at least " + cols + ", the matrix's number of columns.");
        }
        return row * cols;
    }

    /** How many elements from {@code from} on a transfer through {@code buffer} moves. */
    protected final int transferCount(ByteBuffer buffer, int from) {
        Objects.requireNonNull(buffer, "buffer");
        if (from < 0 || from > size()) {
            throw new IndexOutOfBoundsException("Invalid value for argument from: " + from + ". Expected 0 <= from <= "
                    + size() + " (the matrix's number of elements).");
        }
        return Math.min(size() - from, buffer.remaining() / dtype().bytes());
    }

    protected final void requireGather(Matrix source, int[] index, int from) {
        if (source.cols != cols) {
            throw new IllegalArgumentException("Invalid argument source: " + source.cols + " columns, expected " + cols);
        }
        if (from < 0 || from + rows > index.length) {
            throw new IllegalArgumentException("Invalid argument from: " + from + "; needs " + rows
                    + " indices but index has " + index.length);
        }
        for (int r = from; r < from + rows; r++) {
            if (index[r] < 0 || index[r] >= source.rows) { // not Checks.index: its message would be built per row
                Checks.index("index[" + r + "]", index[r], source.rows);
            }
        }
    }
}
