package dev.plumb.tensor;

import java.io.File;
import java.net.URL;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm} on Java arrays in place: a small JNI library of our
 * own ({@code src/main/c/plumb_pinned_gemm.c}) pins the arrays for the duration of the call
 * ({@code GetPrimitiveArrayCritical}) instead of copying them to off-heap memory and the result back.
 * In training that removes the copies of the weights after every update and of every product's output,
 * about a tenth of an epoch (BENCHMARKS.md).
 *
 * <p>The library is compiled by the build when a C compiler is present (Maven profile
 * {@code pinned-gemm} in {@code plumb-core/pom.xml}) and packed as a resource for the build machine's
 * platform. Without it, or when it does not load, {@link #load()} says why and {@link NativeBlas} copies
 * operands as before. While a call runs the garbage collector waits (that is what pinning means), so a
 * very large product delays other threads' collections by its duration.
 *
 * <p>Callers must have checked every array against the shapes and strides they pass: past this point an
 * out-of-bounds access is memory corruption, not an exception.
 */
final class PinnedGemm {

    /** Must equal {@code PLUMB_PINNED_GEMM_ABI} in the C source; guards against a stale library. */
    private static final int ABI = 1;

    static final String RESOURCE = "native/" + platform() + "/libplumbpinnedgemm.so";

    private final long sgemm;
    private final long dgemm;

    private PinnedGemm(long sgemm, long dgemm) {
        this.sgemm = sgemm;
        this.dgemm = dgemm;
    }

    /** The build machine's and this machine's platform, as Maven's and Java's os.name / os.arch spell it. */
    static String platform() {
        return System.getProperty("os.name", "unknown").replace(' ', '_') + "-" + System.getProperty("os.arch", "unknown");
    }

    /** Outcome of loading: the library, or why there is none. */
    record Load(PinnedGemm gemm, String failure) {
        static Load failed(String why) {
            return new Load(null, why);
        }
    }

    /**
     * Loads the library for this platform; OpenBLAS must already be loaded (its CBLAS functions are looked
     * up in it). Never throws: a missing or broken library is a {@link Load#failure() reason}.
     */
    static Load load() {
        URL url = PinnedGemm.class.getResource(RESOURCE);
        if (url == null) {
            return Load.failed("the pinned-GEMM library was not built for " + platform()
                    + " (no C compiler when Plumb was built)");
        }
        try {
            File file = "file".equals(url.getProtocol()) ? new File(url.toURI()) : Loader.cacheResource(url);
            System.load(file.getAbsolutePath());
            if (abi() != ABI) {
                return Load.failed("the pinned-GEMM library is from another version of Plumb (ABI " + abi()
                        + ", expected " + ABI + "); rebuild");
            }
            long s = address("cblas_sgemm");
            long d = address("cblas_dgemm");
            if (s == 0 || d == 0) {
                return Load.failed("cblas_sgemm/cblas_dgemm not found in the loaded OpenBLAS");
            }
            return new Load(new PinnedGemm(s, d), "");
        } catch (Exception | LinkageError e) { // UnsatisfiedLinkError, an I/O error unpacking it, ...
            return Load.failed("the pinned-GEMM library did not load: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private static long address(String symbol) {
        Pointer p = Loader.addressof(symbol);
        return p == null ? 0 : p.address();
    }

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
               float[] b, int ldb, float beta, float[] c, int ldc) {
        sgemm(sgemm, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda,
               double[] b, int ldb, double beta, double[] c, int ldc) {
        dgemm(dgemm, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static native int abi();

    private static native void sgemm(long fn, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                     float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    private static native void dgemm(long fn, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                     double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc);

    @Override
    public String toString() {
        return "pinned Java arrays";
    }
}
