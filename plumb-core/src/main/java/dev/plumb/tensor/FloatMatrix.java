package dev.plumb.tensor;

/** A float32 {@link Matrix} backed by a row-major {@code float[]}. */
public final class FloatMatrix extends Matrix {

    private final float[] data;

    FloatMatrix(int rows, int cols, float[] data) {
        super(rows, cols);
        this.data = data;
    }

    /** Wraps {@code data} (row-major, not copied) as a {@code rows × cols} matrix. */
    public static FloatMatrix wrap(int rows, int cols, float[] data) {
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("Invalid argument data: length " + data.length
                    + " does not match shape " + rows + "x" + cols);
        }
        return new FloatMatrix(rows, cols, data);
    }

    /** The backing array, row-major; writes to it are writes to the matrix. */
    public float[] data() {
        return data;
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
        data[i] = (float) value;
    }

    @Override
    public FloatMatrix copy() {
        return new FloatMatrix(rows, cols, data.clone());
    }

    @Override
    public void copyFrom(Matrix source) {
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
    public void fill(double value) {
        java.util.Arrays.fill(data, (float) value);
    }

    @Override
    public void scale(double alpha) {
        float a = (float) alpha;
        for (int i = 0; i < data.length; i++) {
            data[i] *= a;
        }
    }

    @Override
    public void axpy(double alpha, Matrix x) {
        requireSameShape("x", x);
        float a = (float) alpha;
        float[] xs = ((FloatMatrix) sameType("x", x)).data;
        for (int i = 0; i < data.length; i++) {
            data[i] += a * xs[i];
        }
    }

    @Override
    public void multiplyElementwise(Matrix other) {
        requireSameShape("other", other);
        float[] o = ((FloatMatrix) sameType("other", other)).data;
        for (int i = 0; i < data.length; i++) {
            data[i] *= o[i];
        }
    }

    @Override
    public void addRowVector(Matrix bias) {
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
        float[] o = ((FloatMatrix) sameType("out", out)).data;
        java.util.Arrays.fill(o, 0f);
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = 0; j < cols; j++) {
                o[j] += data[off + j];
            }
        }
    }

    @Override
    public void gatherRows(Matrix source, int[] index, int from) {
        requireGather(source, index, from);
        float[] s = ((FloatMatrix) sameType("source", source)).data;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s, index[from + r] * cols, data, r * cols, cols);
        }
    }

    @Override
    public double sumOfSquares() {
        double s = 0;
        for (float v : data) {
            s += (double) v * v;
        }
        return s;
    }

    @Override
    public double sumOfAbsolutes() {
        double s = 0;
        for (float v : data) {
            s += Math.abs(v);
        }
        return s;
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
        float check = 0;
        for (float v : data) {
            check += v * 0f; // stays 0 unless some v is NaN or ±∞ (then NaN): one vectorizable pass
        }
        return check == 0;
    }

    private Matrix sameType(String argument, Matrix other) {
        if (!(other instanceof FloatMatrix)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": a " + other.dtype()
                    + " matrix cannot be combined with a FLOAT32 matrix; convert it with to(DType.FLOAT32)");
        }
        return other;
    }
}
