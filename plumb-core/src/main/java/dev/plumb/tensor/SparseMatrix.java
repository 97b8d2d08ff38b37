package dev.plumb.tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A read-only matrix that stores only its non-zero elements, row by row (compressed sparse rows): the form of text
 * features, where a document uses a few hundred of a vocabulary's hundred thousand terms. Row {@code i}'s elements are
 * {@code values[rowStart[i] … rowStart[i + 1])} in the columns {@code columns[…]}, ascending.
 *
 * <p>It goes where a dense feature matrix goes — a {@code Dataset}, a split, a mini-batch, the input of a network —
 * and costs memory in proportion to its non-zeros. The first {@code Dense} layer multiplies it as it is
 * ({@link Linalg#gemm} takes it as the left operand of Z = X·Wᵀ and the right operand of dW = dZᵀ·X, touching only the
 * non-zeros); what comes after is dense as before. Values are held rounded to the matrix's precision, so a sparse
 * float32 matrix has exactly the elements of its dense float32 form.
 *
 * <p>Being read-only, it refuses the in-place kernels ({@code set}, {@code scale}, {@code axpy}, …) with an
 * {@link UnsupportedOperationException} that says so; rows are taken with {@link #selectRows}. Its shape may exceed
 * what a dense matrix can hold; {@link #size()} then refuses, and {@link #toDense()} refuses beyond a dense matrix's
 * limit.
 */
public final class SparseMatrix extends Matrix {

    private final DType dtype;
    private final int[] rowStart;
    private final int[] columns;
    private final double[] values;

    private SparseMatrix(DType dtype, int rows, int cols, int[] rowStart, int[] columns, double[] values) {
        super(rows, cols, true);
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
    }

    /**
     * A sparse matrix from its three arrays (not copied), after checking them: {@code rowStart} has {@code rows + 1}
     * non-decreasing offsets from 0 to the number of non-zeros, each row's columns ascend within [0, cols), and every
     * value is finite. Values are rounded to {@code dtype}; zeros are kept as given.
     */
    public static SparseMatrix of(DType dtype, int rows, int cols, int[] rowStart, int[] columns, double[] values) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        if (rowStart.length != rows + 1 || rowStart[0] != 0) {
            throw new IllegalArgumentException("Invalid sparse matrix: rowStart has " + rowStart.length
                    + " offsets starting at " + (rowStart.length == 0 ? "nothing" : rowStart[0]) + "; expected "
                    + (rows + 1) + " starting at 0");
        }
        int nnz = rowStart[rows];
        if (columns.length != nnz || values.length != nnz) {
            throw new IllegalArgumentException("Invalid sparse matrix: rowStart ends at " + nnz + " but there are "
                    + columns.length + " column indices and " + values.length + " values");
        }
        for (int i = 0; i < rows; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("Invalid sparse matrix: rowStart decreases at row " + i);
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (columns[k] < 0 || columns[k] >= cols || (k > rowStart[i] && columns[k] <= columns[k - 1])) {
                    throw new IllegalArgumentException("Invalid sparse matrix: row " + i + " has column " + columns[k]
                            + " out of order or outside [0, " + cols + "); each row's columns must ascend");
                }
            }
        }
        for (int k = 0; k < nnz; k++) {
            values[k] = dtype == DType.FLOAT32 ? (float) values[k] : values[k];
        }
        return new SparseMatrix(dtype, rows, cols, rowStart, columns, values);
    }

    /** The non-zero elements of a dense matrix, in its precision. */
    public static SparseMatrix fromDense(Matrix dense) {
        if (dense instanceof SparseMatrix s) {
            return s;
        }
        Builder b = new Builder(dense.dtype(), dense.cols(), dense.rows());
        double[] row = new double[dense.cols()];
        int[] cols = new int[dense.cols()];
        double[] vals = new double[dense.cols()];
        for (int i = 0; i < dense.rows(); i++) {
            dense.rowInto(i, row);
            int n = 0;
            for (int j = 0; j < row.length; j++) {
                if (row[j] != 0 || Double.doubleToRawLongBits(row[j]) != 0) { // -0.0 is kept: it is not +0.0's bits
                    cols[n] = j;
                    vals[n++] = row[j];
                }
            }
            b.addRow(cols, vals, n);
        }
        return b.build();
    }

    /**
     * Builds a sparse matrix row by row, growing its arrays as needed: how a vectorizer writes documents without ever
     * holding a dense row.
     */
    public static final class Builder {
        private final DType dtype;
        private final int cols;
        private int rows;
        private int[] rowStart;
        private int[] columns = new int[1024];
        private double[] values = new double[1024];
        private int nnz;

        /** A builder for rows of {@code cols} columns; {@code expectedRows} sizes the first arrays. */
        public Builder(DType dtype, int cols, int expectedRows) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            this.cols = Checks.nonNegative("cols", cols);
            this.rowStart = new int[Math.max(1, expectedRows) + 1];
        }

        /** Appends a row: {@code n} entries of ascending {@code cols[k]} with {@code values[k]}. */
        public Builder addRow(int[] rowColumns, double[] rowValues, int n) {
            if (nnz + n < 0) {
                throw new IllegalArgumentException("Invalid sparse matrix: more than " + Integer.MAX_VALUE
                        + " non-zero elements");
            }
            if (rows + 2 > rowStart.length) {
                rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
            }
            if (nnz + n > columns.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(nnz + (long) n, columns.length * 2L));
                columns = Arrays.copyOf(columns, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            for (int k = 0; k < n; k++) {
                int c = rowColumns[k];
                if (c < 0 || c >= cols || (k > 0 && c <= rowColumns[k - 1])) {
                    throw new IllegalArgumentException("Invalid sparse row " + rows + ": column " + c
                            + " out of order or outside [0, " + cols + "); each row's columns must ascend");
                }
                columns[nnz + k] = c;
                values[nnz + k] = dtype == DType.FLOAT32 ? (float) rowValues[k] : rowValues[k];
            }
            nnz += n;
            rows++;
            rowStart[rows] = nnz;
            return this;
        }

        /** The matrix of the rows added so far (arrays trimmed to size). */
        public SparseMatrix build() {
            return new SparseMatrix(dtype, rows, cols, Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(columns, nnz),
                    Arrays.copyOf(values, nnz));
        }
    }

    // ---- what is sparse about it -------------------------------------------------------------------

    /** Number of stored elements. */
    public int nonZeros() {
        return rowStart[rows];
    }

    /** Offset of row {@code row}'s first stored element in {@link #columnAt}/{@link #valueAt} order. */
    public int rowStart(int row) {
        return rowStart[row];
    }

    /** Offset one past row {@code row}'s last stored element. */
    public int rowEnd(int row) {
        return rowStart[row + 1];
    }

    /** Column of stored element {@code k}. */
    public int columnAt(int k) {
        return columns[k];
    }

    /** Value of stored element {@code k}. */
    public double valueAt(int k) {
        return values[k];
    }

    /** Bytes this matrix holds in its arrays (12 per non-zero, 4 per row). */
    public long bytes() {
        return 12L * nonZeros() + 4L * (rows + 1);
    }

    /** The rows {@code index[from]}, …, {@code index[from + count - 1]}, in that order, as a new sparse matrix. */
    public SparseMatrix selectRows(int[] index, int from, int count) {
        if (from < 0 || count < 0 || from + count > index.length) {
            throw new IllegalArgumentException("Invalid row selection: " + count + " indices from " + from
                    + " of " + index.length);
        }
        int nnz = 0;
        for (int r = 0; r < count; r++) {
            int i = index[from + r];
            Checks.index("index[" + (from + r) + "]", i, rows);
            nnz += rowStart[i + 1] - rowStart[i];
        }
        int[] starts = new int[count + 1];
        int[] cols = new int[nnz];
        double[] vals = new double[nnz];
        int at = 0;
        for (int r = 0; r < count; r++) {
            int i = index[from + r];
            int n = rowStart[i + 1] - rowStart[i];
            System.arraycopy(columns, rowStart[i], cols, at, n);
            System.arraycopy(values, rowStart[i], vals, at, n);
            at += n;
            starts[r + 1] = at;
        }
        return new SparseMatrix(dtype, count, this.cols, starts, cols, vals);
    }

    /** The rows at {@code index}, in that order. */
    public SparseMatrix selectRows(int[] index) {
        return selectRows(index, 0, index.length);
    }

    /** This matrix as a dense one (refused when a dense matrix of this shape cannot exist). */
    public Matrix toDense() {
        Matrix out = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                out.set(i, columns[k], values[k]);
            }
        }
        return out;
    }

    /** The same elements in {@code target} precision (this matrix if it already is). */
    SparseMatrix convertTo(DType target) {
        if (target == dtype) {
            return this;
        }
        double[] v = values.clone();
        if (target == DType.FLOAT32) {
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) v[k];
            }
        }
        return new SparseMatrix(target, rows, cols, rowStart, columns, v);
    }

    // ---- Matrix --------------------------------------------------------------------------------------

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new UnsupportedOperationException("This sparse " + shapeString() + " matrix has more elements than "
                    + "a dense matrix can hold; work on its non-zeros (nonZeros(), rowStart(), columnAt(), valueAt())");
        }
        return (int) n;
    }

    @Override
    public double get(int i) {
        return find(i / cols, i % cols);
    }

    private double find(int row, int col) {
        Checks.index("row", row, rows);
        int k = Arrays.binarySearch(columns, rowStart[row], rowStart[row + 1], col);
        return k >= 0 ? values[k] : 0.0;
    }

    @Override
    public void set(int i, double value) {
        throw readOnly("set");
    }

    @Override
    public SparseMatrix copy() {
        return this; // immutable: a copy could not differ
    }

    @Override
    public void copyFrom(Matrix source) {
        throw readOnly("copyFrom");
    }

    @Override
    public double[] toDoubleArray() {
        return toDense().toDoubleArray();
    }

    @Override
    public float[] toFloatArray() {
        return toDense().toFloatArray();
    }

    @Override
    public void rowInto(int row, double[] into) {
        requireRowBuffer("into", row, into);
        Arrays.fill(into, 0, cols, 0.0);
        for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
            into[columns[k]] = values[k];
        }
    }

    @Override
    public void setRow(int row, double[] values) {
        throw readOnly("setRow");
    }

    @Override
    public int writeTo(ByteBuffer target, int from) {
        throw readOnly("writeTo (write its dense form, toDense())");
    }

    @Override
    public int readFrom(ByteBuffer source, int from) {
        throw readOnly("readFrom");
    }

    @Override
    public void fill(double value) {
        throw readOnly("fill");
    }

    @Override
    public void scale(double alpha) {
        throw readOnly("scale");
    }

    @Override
    public void axpy(double alpha, Matrix x) {
        throw readOnly("axpy");
    }

    @Override
    public void multiplyElementwise(Matrix other) {
        throw readOnly("multiplyElementwise");
    }

    @Override
    public void addRowVector(Matrix bias) {
        throw readOnly("addRowVector");
    }

    @Override
    public void columnSumsInto(Matrix out) {
        requireRowVector("out", out);
        double[] sums = new double[cols];
        for (int k = 0; k < nonZeros(); k++) {
            sums[columns[k]] += values[k];
        }
        for (int j = 0; j < cols; j++) {
            out.set(j, sums[j]);
        }
    }

    @Override
    public void gatherRows(Matrix source, int[] index, int from) {
        throw readOnly("gatherRows (take rows with selectRows)");
    }

    @Override
    public double sumOfSquares() {
        double s = 0;
        for (int k = 0; k < nonZeros(); k++) {
            s += values[k] * values[k];
        }
        return s;
    }

    @Override
    public double sumOfAbsolutes() {
        double s = 0;
        for (int k = 0; k < nonZeros(); k++) {
            s += Math.abs(values[k]);
        }
        return s;
    }

    @Override
    public double sum() {
        double s = 0;
        for (int k = 0; k < nonZeros(); k++) {
            s += values[k];
        }
        return s;
    }

    @Override
    public boolean allFinite() {
        return firstNonFinite() < 0;
    }

    @Override
    public int firstNonFinite() {
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (!Double.isFinite(values[k])) {
                    return (int) Math.min(Integer.MAX_VALUE, (long) i * cols + columns[k]);
                }
            }
        }
        return -1;
    }

    @Override
    public int argmaxInRow(int row) {
        Checks.index("row", row, rows);
        int start = rowStart[row];
        int end = rowStart[row + 1];
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = start; k < end; k++) {
            if (values[k] > bestValue) {
                bestValue = values[k];
                best = columns[k];
            }
        }
        if (end - start < cols) { // an implicit zero: the first unstored column, if zero is the largest or ties earlier
            int firstZero = 0;
            for (int k = start; k < end && columns[k] == firstZero; k++) {
                firstZero++;
            }
            if (best < 0 || 0.0 > bestValue || (0.0 == bestValue && firstZero < best)) {
                return firstZero;
            }
        }
        return best;
    }

    @Override
    public Matrix rowRange(int from, int to) {
        return selectRows(rowIndices(from, to));
    }

    @Override
    public boolean contentEquals(Matrix other) {
        if (other instanceof SparseMatrix s) {
            return s.dtype == dtype && sameShape(s) && Arrays.equals(rowStart, s.rowStart)
                    && Arrays.equals(columns, s.columns) && Arrays.equals(values, s.values);
        }
        return other != null && other.dtype() == dtype && sameShape(other) && toDense().contentEquals(other);
    }

    @Override
    public String toString() {
        return dtype + " sparse matrix " + shapeString() + " (" + nonZeros() + " non-zeros)";
    }

    private UnsupportedOperationException readOnly(String operation) {
        return new UnsupportedOperationException("A sparse matrix is read-only: " + operation + " is not supported on "
                + this + "; make a dense copy with toDense() if it fits in memory");
    }
}
