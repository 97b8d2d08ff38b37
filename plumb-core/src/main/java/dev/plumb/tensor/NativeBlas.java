package dev.plumb.tensor;

import java.util.Optional;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM on OpenBLAS, through the JavaCPP bindings from Maven Central (the native library is unpacked
 * from the jar; nothing is installed on the system).
 *
 * <p>Operands are copied into off-heap scratch buffers that are reused across calls: passing Java
 * arrays straight through JNI costs a fresh copy and pin per call and measured 30–40% slower at
 * two threads, while the explicit copies here are O(m·k + k·n + m·n) against the O(m·n·k) product.
 * Scratch buffers belong to the calling thread, so concurrent callers never share one.
 */
public final class NativeBlas implements Blas {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private static volatile String loadFailure = "";

    private final String name;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private NativeBlas(String name) {
        this.name = name;
    }

    /** OpenBLAS if its native library loads on this machine, otherwise empty (see {@link #loadFailure()}). */
    public static Optional<NativeBlas> tryLoad() {
        return Optional.ofNullable(Loaded.INSTANCE);
    }

    /** Why the last load attempt failed, or "" if it did not. */
    public static String loadFailure() {
        return loadFailure;
    }

    /** Number of threads OpenBLAS uses. */
    public int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int aLen = extent("a", a.length, transA ? k : m, transA ? m : k, "lda", lda);
        int bLen = extent("b", b.length, transB ? n : k, transB ? k : n, "ldb", ldb);
        int cLen = extent("c", c.length, m, n, "ldc", ldc);
        Scratch s = scratch.get();
        FloatPointer pa = s.floats(0, aLen).put(a, 0, aLen);
        FloatPointer pb = s.floats(1, bLen).put(b, 0, bLen);
        FloatPointer pc = s.floats(2, cLen);
        if (beta != 0f || ldc != n) { // the copy back covers the padding between rows: it must be C's own
            pc.put(c, 0, cLen);
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, Math.max(1, ldc));
        pc.get(c, 0, cLen);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int aLen = extent("a", a.length, transA ? k : m, transA ? m : k, "lda", lda);
        int bLen = extent("b", b.length, transB ? n : k, transB ? k : n, "ldb", ldb);
        int cLen = extent("c", c.length, m, n, "ldc", ldc);
        Scratch s = scratch.get();
        DoublePointer pa = s.doubles(0, aLen).put(a, 0, aLen);
        DoublePointer pb = s.doubles(1, bLen).put(b, 0, bLen);
        DoublePointer pc = s.doubles(2, cLen);
        if (beta != 0d || ldc != n) { // the copy back covers the padding between rows: it must be C's own
            pc.put(c, 0, cLen);
        }
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, Math.max(1, ldc));
        pc.get(c, 0, cLen);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Elements spanned by a row-major {@code rows × cols} operand with row stride {@code ld}:
     * {@code (rows − 1)·ld + cols}, the least a BLAS caller must supply. Checked against the array
     * because JavaCPP copies between arrays and pointers without bounds checks, so an overrun here
     * would corrupt the Java heap instead of throwing.
     */
    private static int extent(String argument, int arrayLength, int rows, int cols, String strideArgument, int ld) {
        if (ld < cols) {
            throw new IllegalArgumentException("Invalid value for argument " + strideArgument + ": " + ld
                    + ". Expected a row stride >= " + cols + ", the length of a stored row of " + argument + ".");
        }
        long extent = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (extent > arrayLength) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": length " + arrayLength + ", but a "
                    + rows + "x" + cols + " operand with row stride " + ld + " needs " + extent + " elements.");
        }
        return (int) extent;
    }

    /** Off-heap buffers of one thread, grown geometrically and never shrunk. */
    private static final class Scratch {
        private final FloatPointer[] floats = new FloatPointer[3];
        private final DoublePointer[] doubles = new DoublePointer[3];

        FloatPointer floats(int slot, int length) {
            FloatPointer p = floats[slot];
            if (p == null || p.capacity() < length) {
                if (p != null) {
                    p.close();
                }
                p = new FloatPointer(Math.max(1024L, Math.max(length, p == null ? 0 : p.capacity() * 3 / 2)));
                floats[slot] = p;
            }
            return p;
        }

        DoublePointer doubles(int slot, int length) {
            DoublePointer p = doubles[slot];
            if (p == null || p.capacity() < length) {
                if (p != null) {
                    p.close();
                }
                p = new DoublePointer(Math.max(1024L, Math.max(length, p == null ? 0 : p.capacity() * 3 / 2)));
                doubles[slot] = p;
            }
            return p;
        }
    }

    /** Loads the native library once per class loader. */
    private static final class Loaded {
        static final NativeBlas INSTANCE = load();

        private static NativeBlas load() {
            try {
                Loader.load(openblas_nolapack.class);
                return new NativeBlas(openblas_nolapack.OPENBLAS_VERSION.trim());
            } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, …: fall back to Java
                loadFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                return null;
            }
        }
    }
}
