package dev.plumb.tensor;

import java.lang.ref.WeakReference;
import java.util.Optional;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM on OpenBLAS, through the JavaCPP bindings from Maven Central (the native library is unpacked
 * from the jar; nothing is installed on the system).
 *
 * <p>Operands reach OpenBLAS one of two ways. <b>Pinned</b> (the default when Plumb's small JNI library
 * {@link PinnedGemm} was built and loads): the Java arrays themselves are pinned for the call, nothing is
 * copied. <b>Copied</b> (otherwise, or {@link #copying()}, {@code PLUMB_BLAS=native-copy}): operands are
 * copied into off-heap buffers reused across calls and the product copied back. JavaCPP's own array
 * overloads copy through {@code Get<Type>ArrayElements} on every call and measured 30–40% slower, so
 * the copies are made here, where they can be skipped: for {@link FloatMatrix} operands made through
 * {@link Linalg}, a matrix whose {@link FloatMatrix#version() version} has not moved since its last copy
 * is not copied again (the weights during prediction, the batch and activations that a training step
 * reads twice). The copies that remain (weights after each update, every product's output) are ~12 % of
 * the time spent in GEMM when training the Fashion-MNIST MLP, which the pinned path saves
 * (BENCHMARKS.md). Scratch buffers belong to the calling thread, so concurrent callers never share one.
 *
 * <p>Every array is checked against its shape and stride before either path runs: OpenBLAS reading past
 * an array would corrupt memory instead of throwing.
 */
public final class NativeBlas implements Blas {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private static volatile String loadFailure = "";

    private final String version;
    private final PinnedGemm pinned;
    private final String whyCopied;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private NativeBlas(String version, PinnedGemm pinned, String whyCopied) {
        this.version = version;
        this.pinned = pinned;
        this.whyCopied = whyCopied;
    }

    /**
     * OpenBLAS if its native library loads on this machine, otherwise empty (see {@link #loadFailure()});
     * operands pinned when {@link PinnedGemm} loads, copied otherwise (see {@link #operands()}).
     */
    public static Optional<NativeBlas> tryLoad() {
        return Optional.ofNullable(Loaded.INSTANCE);
    }

    /** Why the last load attempt failed, or "" if it did not. */
    public static String loadFailure() {
        return loadFailure;
    }

    /** The same OpenBLAS with operands always copied to off-heap buffers: for comparison, or to rule the pinned path out. */
    public NativeBlas copying() {
        return pinned == null ? this : new NativeBlas(version, null, "copies requested");
    }

    /** OpenBLAS's version, e.g. "OpenBLAS 0.3.31". */
    public String version() {
        return version;
    }

    /** Whether Java arrays are handed to OpenBLAS in place (pinned) rather than copied. */
    public boolean pinsArrays() {
        return pinned != null;
    }

    /** How operands reach OpenBLAS, and if they are copied, why. */
    public String operands() {
        return pinned != null ? "pinned Java arrays" : "copied to off-heap buffers (" + whyCopied + ")";
    }

    /** Number of threads OpenBLAS uses. */
    public int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    /**
     * Sets the number of threads OpenBLAS uses for every later product, in the whole process (OpenBLAS has one pool):
     * for callers that run several trainings side by side on the cores, so that the products do not oversubscribe them.
     */
    public void setThreads(int threads) {
        Checks.positive("threads", threads);
        openblas_nolapack.blas_set_num_threads(threads);
    }

    @Override
    public String name() {
        return pinned != null ? version : version + " (copied operands)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        Checks.gemm(m, n, k, a, b, c);
        if (m == 0 || n == 0) {
            return;
        }
        int aLen = extent("a", a.length, transA ? k : m, transA ? m : k, "lda", lda);
        int bLen = extent("b", b.length, transB ? n : k, transB ? k : n, "ldb", ldb);
        int cLen = extent("c", c.length, m, n, "ldc", ldc);
        if (pinned != null && PinnedGemm.suits(m, n, k)) {
            pinned.sgemm(transA, transB, m, n, k, alpha, a, Math.max(1, lda), b, Math.max(1, ldb), beta, c, Math.max(1, ldc));
            return;
        }
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

    /**
     * {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, float[], int, float, float[], int)} on
     * matrices (row strides = column counts): an operand whose off-heap copy from an earlier call is still
     * current ({@link FloatMatrix#version()} unchanged) is not copied again. Within a training step that
     * spares the second copy of the batch, the activations and the weights of all but the first layer (each
     * is read by the forward and a backward product); in prediction it spares copying every weight matrix
     * on every call, which is most of the work for a single example.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (pinned != null && PinnedGemm.suits(m, n, k)) { // Linalg checked shapes: each array is exactly its matrix
            pinned.sgemm(transA, transB, m, n, k, alpha, a.array(), Math.max(1, a.cols()), b.array(),
                    Math.max(1, b.cols()), beta, c.array(), Math.max(1, n));
            return;
        }
        int cLen = m * n;
        Scratch s = scratch.get();
        FloatPointer pa = s.resident(a);
        FloatPointer pb = s.resident(b);
        FloatPointer pc = s.floats(2, cLen);
        float[] cs = c.array();
        if (beta != 0f) {
            pc.put(cs, 0, cLen);
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, pa, Math.max(1, a.cols()), pb, Math.max(1, b.cols()), beta, pc, Math.max(1, n));
        pc.get(cs, 0, cLen);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        Checks.gemm(m, n, k, a, b, c);
        if (m == 0 || n == 0) {
            return;
        }
        int aLen = extent("a", a.length, transA ? k : m, transA ? m : k, "lda", lda);
        int bLen = extent("b", b.length, transB ? n : k, transB ? k : n, "ldb", ldb);
        int cLen = extent("c", c.length, m, n, "ldc", ldc);
        if (pinned != null && PinnedGemm.suits(m, n, k)) {
            pinned.dgemm(transA, transB, m, n, k, alpha, a, Math.max(1, lda), b, Math.max(1, ldb), beta, c, Math.max(1, ldc));
            return;
        }
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
        return name();
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

    /**
     * Off-heap buffers of one thread, grown geometrically and never shrunk: three scratch slots per
     * precision, and a few float buffers that each hold the copy of one matrix at one version, replaced
     * least recently used first. Twelve cover every input of a training step of a net of up to ~5 dense
     * layers (a step reads each of its 2L−1 operands twice, up to 2L−1 other products apart).
     */
    private static final class Scratch {
        private static final int RESIDENT = 12;

        private final FloatPointer[] floats = new FloatPointer[3];
        private final DoublePointer[] doubles = new DoublePointer[3];
        private final Resident[] resident = new Resident[RESIDENT];
        private long clock;

        /** A buffer holding {@code m}'s current contents: kept from an earlier call, or copied now. */
        FloatPointer resident(FloatMatrix m) {
            float[] array = m.array();
            int length = array.length;
            if (m.shared()) {
                return copyInto(leastRecent(), null, m, array, length);
            }
            clock++;
            Resident victim = null;
            for (Resident r : resident) {
                if (r == null) {
                    continue;
                }
                if (r.array.get() == array) {
                    if (r.version == m.version() && r.length == length) {
                        r.lastUse = clock;
                        return r.buffer;
                    }
                    victim = r; // a stale copy of this very matrix: overwrite it
                }
            }
            return copyInto(victim != null ? victim : leastRecent(), array, m, array, length);
        }

        private Resident leastRecent() {
            Resident oldest = null;
            for (int i = 0; i < RESIDENT; i++) {
                if (resident[i] == null) {
                    resident[i] = new Resident();
                    return resident[i];
                }
                if (oldest == null || resident[i].lastUse < oldest.lastUse) {
                    oldest = resident[i];
                }
            }
            return oldest;
        }

        private FloatPointer copyInto(Resident r, float[] key, FloatMatrix m, float[] array, int length) {
            if (r.buffer == null || r.buffer.capacity() < length) {
                if (r.buffer != null) {
                    r.buffer.close();
                }
                r.buffer = new FloatPointer(Math.max(1024L, Math.max(length, r.buffer == null ? 0 : r.buffer.capacity() * 3 / 2)));
            }
            r.buffer.put(array, 0, length);
            if (r.array.get() != key) { // a new reference only when the buffer changes hands: none per batch once warm
                r.array = key == null ? NO_ARRAY : new WeakReference<>(key);
            }
            r.version = m.version();
            r.length = length;
            r.lastUse = ++clock;
            return r.buffer;
        }

        private static final WeakReference<float[]> NO_ARRAY = new WeakReference<>(null);

        /** One kept copy: of which array (weakly held, so a dropped matrix is not kept alive), at which version. */
        private static final class Resident {
            WeakReference<float[]> array = NO_ARRAY;
            long version;
            int length;
            long lastUse;
            FloatPointer buffer;
        }

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
                PinnedGemm.Load pinned = PinnedGemm.load();
                return new NativeBlas(openblas_nolapack.OPENBLAS_VERSION.trim(), pinned.gemm(), pinned.failure());
            } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, …: fall back to Java
                loadFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                return null;
            }
        }
    }
}
