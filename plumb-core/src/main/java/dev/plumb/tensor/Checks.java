package dev.plumb.tensor;

/**
 * Argument checks whose messages name the argument, the value received and what is allowed.
 * Public because every layer of the library validates its inputs the same way.
 */
public final class Checks {

    private Checks() {
    }

    public static int positive(String argument, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a positive integer.");
        }
        return value;
    }

    public static int nonNegative(String argument, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected an integer >= 0.");
        }
        return value;
    }

    public static double finite(String argument, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a finite number.");
        }
        return value;
    }

    public static double positive(String argument, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a finite number > 0.");
        }
        return value;
    }

    public static double nonNegative(String argument, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a finite number >= 0.");
        }
        return value;
    }

    /** A probability of keeping something: in (0, 1]. */
    public static double keepProbability(String argument, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a keep probability in (0, 1]; 1.0 keeps every unit.");
        }
        return value;
    }

    /** A value in the half-open interval [0, 1). */
    public static double unitInterval(String argument, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a number in [0, 1).");
        }
        return value;
    }

    public static void index(String argument, int value, int size) {
        if (value < 0 || value >= size) {
            throw new IndexOutOfBoundsException("Invalid value for argument " + argument + ": " + value
                    + ". Expected 0 <= " + argument + " < " + size + ".");
        }
    }

    /** Rejects a matrix holding NaN or infinity, naming the first offending element. */
    public static Matrix allFinite(String argument, Matrix matrix) {
        int bad = matrix.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": element (" + bad / Math.max(1, matrix.cols())
                    + ", " + bad % Math.max(1, matrix.cols()) + ") is " + matrix.get(bad)
                    + ". Expected finite numbers; remove or impute missing values first.");
        }
        return matrix;
    }

    /**
     * What every kernel checks of each matrix it is handed beside the first: the same shape, and the same
     * precision, since a kernel runs one loop over arrays of one element type.
     */
    static void sameShapeAndDType(String argument, Matrix matrix, String referenceName, Matrix reference) {
        if (!matrix.sameShape(reference)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": shape " + matrix.shapeString()
                    + " does not match " + referenceName + "'s shape " + reference.shapeString()
                    + ". Expected the same shape.");
        }
        if (matrix.dtype() != reference.dtype()) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": a " + matrix.dtype()
                    + " matrix cannot be combined with " + referenceName + ", a " + reference.dtype()
                    + " matrix. Expected the same precision; convert it with to(DType." + reference.dtype() + ").");
        }
    }

    /**
     * What every GEMM entry point checks before any arithmetic: no negative dimension, and an output array
     * apart from both inputs (BLAS leaves an aliased C undefined; OpenBLAS computes it wrong).
     */
    static void gemm(int m, int n, int k, Object a, Object b, Object c) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("Invalid gemm dimensions: m=" + m + ", n=" + n + ", k=" + k
                    + ". Expected all >= 0.");
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("Invalid argument c: the output array is also input " + (c == a ? "a" : "b")
                    + ". GEMM needs C apart from A and B; multiply into a new matrix, or copy the input first.");
        }
    }
}
