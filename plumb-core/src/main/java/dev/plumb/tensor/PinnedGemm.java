package dev.plumb.tensor;

import java.io.File;
import java.net.URL;
import java.util.Arrays;
import java.util.Map;

import org.bytedeco.javacpp.Loader;

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
 * operands as before. While a call runs the garbage collector waits (that is what pinning means; on
 * JDK 17 G1 holds every collection off, not only of the pinned regions), so only products of up to
 * {@link #MAX_MULTIPLY_ADDS} multiply-adds are pinned — a few milliseconds at this machine's GEMM rate,
 * every product of training and of predicting a batch of 1,000 Fashion-MNIST images; larger ones are
 * copied, where the copies cost relatively little (O(n²) against O(n³)).
 *
 * <p>Callers must have checked every array against the shapes and strides they pass: past this point an
 * out-of-bounds access is memory corruption, not an exception.
 */
final class PinnedGemm {

    /** Must equal {@code PLUMB_PINNED_GEMM_ABI} in the C source; guards against a stale library. */
    private static final int ABI = 2;

    /** Largest product (m·n·k) made on pinned arrays: 2²⁸, about 4 ms at 130 GFLOPS. */
    static final long MAX_MULTIPLY_ADDS = 1L << 28;

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

    /** Whether a product of this size is made on pinned arrays (see {@link #MAX_MULTIPLY_ADDS}). */
    static boolean suits(int m, int n, int k) {
        return (long) m * n * k <= MAX_MULTIPLY_ADDS;
    }

    /**
     * Loads the library for this platform; OpenBLAS must already be loaded (its CBLAS functions are looked
     * up in it). Never throws: a missing or broken library is a {@link Load#failure() reason}.
     */
    static Load load() {
        return load(PinnedGemm.class.getResource(RESOURCE));
    }

    /** {@link #load()} from a given location ({@code null}: not built), for tests. */
    static Load load(URL url) {
        if (url == null) {
            return Load.failed("the pinned-GEMM library is not in this build for " + platform()
                    + " (built without a C compiler, or for another platform)");
        }
        try {
            File file = "file".equals(url.getProtocol()) ? new File(url.toURI()) : Loader.cacheResource(url);
            System.load(file.getAbsolutePath());
            if (abi() != ABI) {
                return Load.failed("the pinned-GEMM library is from another version of Plumb (ABI " + abi()
                        + ", expected " + ABI + "); rebuild");
            }
            String openblas = openBlasFile();
            if (openblas == null) {
                return Load.failed("JavaCPP has not loaded OpenBLAS's library file, so CBLAS cannot be found in it");
            }
            PinnedGemm gemm = new PinnedGemm(lookup(openblas, "cblas_sgemm"), lookup(openblas, "cblas_dgemm"));
            if (gemm.sgemm == 0 || gemm.dgemm == 0) {
                return Load.failed("cblas_sgemm/cblas_dgemm not found in " + openblas);
            }
            String wrong = gemm.selfTest();
            return wrong.isEmpty() ? new Load(gemm, "") : Load.failed("the pinned-GEMM library gave a wrong product ("
                    + wrong + "); rebuild");
        } catch (Exception | LinkageError e) { // UnsatisfiedLinkError (also a stale library's missing method), I/O ...
            return Load.failed("the pinned-GEMM library did not load: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** The file of JavaCPP's loaded OpenBLAS (its key is "openblas_nolapack@.0" or similar), or null. */
    private static String openBlasFile() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("openblas_nolapack") && e.getValue() != null) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * One small product per precision through every argument, against its known value: a library whose
     * functions do not match this class (a stale build with the same ABI number) fails here, at load time,
     * rather than in the first real product.
     */
    private String selfTest() {
        float[] c = new float[6];
        // op(A) = Aᵀ (A stored 3×2), op(B) = Bᵀ (B stored 3×3), C (2×3) with ldc 3: C = 2·AᵀBᵀ + 1·C
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 0, 0, 1, 0, 1, 1, 1};
        Arrays.fill(c, 1f);
        sgemm(true, true, 2, 3, 3, 2f, a, 2, b, 3, 1f, c, 3);
        float[] expected = {3, 7, 19, 5, 9, 25};
        if (!Arrays.equals(c, expected)) {
            return "sgemm " + Arrays.toString(c) + ", expected " + Arrays.toString(expected);
        }
        double[] cd = {1, 1, 1, 1, 1, 1};
        dgemm(true, true, 2, 3, 3, 2d, new double[] {1, 2, 3, 4, 5, 6}, 2, new double[] {1, 0, 0, 0, 1, 0, 1, 1, 1},
                3, 1d, cd, 3);
        double[] expectedD = {3, 7, 19, 5, 9, 25};
        return Arrays.equals(cd, expectedD) ? ""
                : "dgemm " + Arrays.toString(cd) + ", expected " + Arrays.toString(expectedD);
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

    private static native long lookup(String libraryFile, String symbol);

    private static native void sgemm(long fn, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                     float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    private static native void dgemm(long fn, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                     double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc);

    @Override
    public String toString() {
        return "pinned Java arrays";
    }
}
