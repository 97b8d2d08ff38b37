package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both GEMM implementations against an independent float64 triple loop ({@link GemmReference}), on a
 * grid of shapes, every transpose combination, row strides wider than the rows, and the BLAS edge
 * cases (beta = 0 overwrites NaN, k = 0 leaves beta·C).
 */
class BlasTest {

    /** Every m, n and k is drawn from these: 1-row/1-column edges, odd sizes, and k across JavaBlas.KC. */
    private static final int[] DIMS = {1, 2, 3, 7, 64, 129, 300};

    /** (alpha, beta) pairs, all exact in float32; beta = 0 is run with C pre-filled with NaN. */
    private static final double[][] ALPHA_BETA = {{1, 0}, {1, 1}, {0.5, 0.5}, {-1.5, 0}, {2, 1}, {1, 0.5}};

    static NativeBlas nativeBlas() {
        return NativeBlas.tryLoad().orElseThrow(() -> new AssertionError(
                "OpenBLAS must load on this machine but did not: " + NativeBlas.loadFailure()));
    }

    /** The pure-Java kernel, and OpenBLAS both ways: operands pinned (when built) and copied. */
    static Stream<Blas> implementations() {
        NativeBlas nat = nativeBlas();
        return nat.pinsArrays() ? Stream.of(new JavaBlas(), nat, nat.copying()) : Stream.of(new JavaBlas(), nat);
    }

    static Stream<Arguments> implementationsAndPrecisions() {
        return implementations().flatMap(blas -> Stream.of(DType.values())
                .map(dtype -> Arguments.of(Named.of(blas.name(), blas), dtype)));
    }

    static Stream<Arguments> gridCases() {
        List<Arguments> cases = new ArrayList<>();
        implementationsAndPrecisions().forEach(args -> {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    cases.add(Arguments.of(args.get()[0], args.get()[1], transA, transB));
                }
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} transA={2} transB={3}")
    @MethodSource("gridCases")
    void matchesFloat64ReferenceOnEveryShapeOfTheGrid(Blas blas, DType dtype, boolean transA, boolean transB) {
        SplittableRandom rng = new SplittableRandom(Arrays.hashCode(new Object[] {dtype, transA, transB}));
        int index = 0;
        for (int m : DIMS) {
            for (int n : DIMS) {
                for (int k : DIMS) {
                    // 343 shapes cycle through the 6 (alpha, beta) pairs; 6 and 7 are coprime, so every
                    // pair meets every value of k.
                    double[] ab = ALPHA_BETA[index++ % ALPHA_BETA.length];
                    GemmCase c = GemmCase.random(rng, dtype, transA, transB, m, n, k, 0, ab[0], ab[1]);
                    c.assertMatchesReference(blas);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsAndPrecisions")
    void matchesFloat64ReferenceOnRandomShapesAndStrides(Blas blas, DType dtype) {
        SplittableRandom rng = new SplittableRandom(20240917L + dtype.ordinal());
        for (int trial = 0; trial < 150; trial++) {
            int m = 1 + rng.nextInt(rng.nextBoolean() ? 8 : 160);
            int n = 1 + rng.nextInt(rng.nextBoolean() ? 8 : 160);
            int k = 1 + rng.nextInt(rng.nextBoolean() ? 8 : 300);
            double[] ab = ALPHA_BETA[rng.nextInt(ALPHA_BETA.length)];
            GemmCase c = GemmCase.random(rng, dtype, rng.nextBoolean(), rng.nextBoolean(), m, n, k,
                    rng.nextInt(4), ab[0], ab[1]);
            c.assertMatchesReference(blas);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsAndPrecisions")
    void betaZeroOverwritesNaNInCAndLeavesRowPaddingAlone(Blas blas, DType dtype) {
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] shape : new int[][] {{1, 1, 1}, {1, 300, 7}, {300, 1, 7}, {7, 3, 129}, {64, 64, 64}}) {
            for (int pad : new int[] {0, 1, 5}) {
                GemmCase c = GemmCase.random(rng, dtype, false, true, shape[0], shape[1], shape[2], pad, 1, 0);
                assertThat(Arrays.stream(c.c).anyMatch(Double::isNaN)).as("C is pre-filled with NaN when beta = 0").isTrue();
                double[] out = c.assertMatchesReference(blas);
                for (int i = 0; i < c.m; i++) {
                    for (int j = 0; j < c.n; j++) {
                        assertThat(out[i * c.ldc + j]).as("C(%d, %d)", i, j).isFinite();
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsAndPrecisions")
    void kZeroLeavesBetaTimesC(Blas blas, DType dtype) {
        SplittableRandom rng = new SplittableRandom(11);
        for (double beta : new double[] {0, 0.5, 1, -2}) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    GemmCase c = GemmCase.random(rng, dtype, transA, transB, 3, 4, 0, 0, 1.5, beta);
                    double[] out = c.run(blas);
                    for (int i = 0; i < out.length; i++) {
                        // beta·c is one rounding in either precision, and c is float-exact for FLOAT32
                        double expected = beta == 0 ? 0 : round(dtype, beta * c.c[i]);
                        assertThat(out[i]).as("beta=%s transA=%s transB=%s element %d", beta, transA, transB, i)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void javaAndNativeAgreeWithEachOther(DType dtype) {
        Blas java = new JavaBlas();
        Blas openblas = nativeBlas();
        SplittableRandom rng = new SplittableRandom(3);
        int[] dims = {1, 7, 129, 300};
        for (int m : dims) {
            for (int n : dims) {
                for (int k : dims) {
                    double[] ab = ALPHA_BETA[rng.nextInt(ALPHA_BETA.length)];
                    GemmCase c = GemmCase.random(rng, dtype, rng.nextBoolean(), rng.nextBoolean(), m, n, k,
                            rng.nextInt(3), ab[0], ab[1]);
                    double[] fromJava = c.run(java);
                    double[] fromNative = c.run(openblas);
                    GemmReference ref = c.reference();
                    for (int i = 0; i < fromJava.length; i++) {
                        // each is within bound of the exact product, so of each other within twice that
                        double allowed = 2 * ref.bound()[i];
                        if (!(Math.abs(fromJava[i] - fromNative[i]) <= allowed)) {
                            fail("%s: java %s and native %s differ by more than %s at element %d",
                                    c, fromJava[i], fromNative[i], allowed, i);
                        }
                    }
                }
            }
        }
    }

    static Stream<DType> dtypes() {
        return Stream.of(DType.values());
    }

    @Test
    void javaBlasAllocatesNothingOnceWarm() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not measure the bytes a thread allocates (ThreadMXBean)");
        JavaBlas blas = new JavaBlas();
        int m = 16;
        int n = 200;
        int k = 300;
        float[] af = new float[m * k];
        float[] bf = new float[k * n];
        float[] cf = new float[m * n];
        double[] ad = new double[m * k];
        double[] bd = new double[k * n];
        double[] cd = new double[m * n];
        blas.sgemm(false, false, m, n, k, 1f, af, k, bf, n, 0f, cf, n);
        blas.dgemm(false, true, m, n, k, 1d, ad, k, bd, k, 0d, cd, n);

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int call = 0; call < 20; call++) {
            blas.sgemm(false, false, m, n, k, 1f, af, k, bf, n, 0f, cf, n);
            blas.dgemm(false, true, m, n, k, 1d, ad, k, bd, k, 0d, cd, n);
            blas.sgemm(true, true, n / 2, m, k, 1f, bf, n, af, k, 0f, cf, m); // narrower: reuses the same rows
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One fresh panel would be KC·n·4 = 100 kB; allow a little for the measurement itself.
        assertThat(allocated).as("bytes allocated by 60 warm GEMM calls").isLessThan(4096);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeVariants")
    void nativeBlasRejectsArraysTooShortForTheirShapeInsteadOfOverrunningThem(NativeBlas blas) {
        float[] a = new float[2 * 3];
        float[] b = new float[3 * 4];
        assertThatThrownBy(() -> blas.sgemm(false, false, 2, 4, 3, 1f, a, 3, b, 4, 0f, new float[7], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument c").hasMessageContaining("length 7").hasMessageContaining("2x4");
        assertThatThrownBy(() -> blas.dgemm(true, false, 2, 4, 3, 1d, new double[5], 2, new double[12], 4,
                0d, new double[8], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument a").hasMessageContaining("length 5").hasMessageContaining("3x2");
        assertThatThrownBy(() -> blas.sgemm(false, true, 2, 4, 3, 1f, a, 3, b, 2, 0f, new float[8], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ldb: 2").hasMessageContaining(">= 3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void negativeDimensionsAreRejectedBeforeAnyArithmetic(Blas blas) {
        float[] a = new float[16];
        float[] b = new float[16];
        float[] c = new float[16];
        for (int[] mnk : new int[][] {{-1, 2, 2}, {2, -1, 2}, {2, 2, -3}}) {
            assertThatThrownBy(() -> blas.sgemm(false, false, mnk[0], mnk[1], mnk[2], 1f, a, 4, b, 4, 0f, c, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("m=" + mnk[0] + ", n=" + mnk[1] + ", k=" + mnk[2]);
            assertThatThrownBy(() -> blas.dgemm(false, false, mnk[0], mnk[1], mnk[2], 1d, new double[16], 4,
                    new double[16], 4, 0d, new double[16], 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void anOutputArrayThatIsAlsoAnInputIsRejected(Blas blas) {
        float[] a = new float[64 * 64];
        float[] b = new float[64 * 64];
        assertThatThrownBy(() -> blas.sgemm(false, false, 64, 64, 64, 1f, a, 64, b, 64, 0f, a, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also input a");
        assertThatThrownBy(() -> blas.sgemm(false, false, 64, 64, 64, 1f, a, 64, b, 64, 0f, b, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also input b");
        double[] d = new double[64 * 64];
        assertThatThrownBy(() -> blas.dgemm(true, false, 64, 64, 64, 1d, d, 64, new double[64 * 64], 64, 0d, d, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also input a");
    }

    @Test
    void linalgRejectsAnOutputSharingItsArrayWithAnInputEvenAsAnotherMatrix() {
        float[] values = new float[8 * 8];
        Matrix x = FloatMatrix.wrap(8, 8, values);
        Matrix sameArray = FloatMatrix.wrap(8, 8, values);
        Matrix w = Matrix.zeros(DType.FLOAT32, 8, 8);
        for (Blas blas : implementations().toList()) {
            assertThatThrownBy(() -> Linalg.gemm(blas, false, true, 1.0, x, w, 0.0, sameArray))
                    .as(blas.name()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also input a");
            assertThatThrownBy(() -> Linalg.gemm(blas, false, true, 1.0, w, x, 0.0, x))
                    .as(blas.name()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also input b");
        }
    }

    static Stream<Named<NativeBlas>> nativeVariants() {
        NativeBlas nat = nativeBlas();
        return Stream.of(Named.of(nat.operands(), nat), Named.of("copied", nat.copying()));
    }

    @Test
    void fromChoiceResolvesEveryDocumentedValue() {
        assertThat(Blas.fromChoice("native-copy")).isInstanceOfSatisfying(NativeBlas.class,
                b -> assertThat(b.pinsArrays()).as("native-copy copies").isFalse());
        assertThat(Blas.fromChoice("java")).isInstanceOf(JavaBlas.class);
        assertThat(Blas.fromChoice("native")).isInstanceOf(NativeBlas.class);
        assertThat(Blas.fromChoice("auto")).as("auto on a machine where OpenBLAS loads").isInstanceOf(NativeBlas.class);
        assertThat(Blas.fromChoice(" Java ")).as("trimmed and case-insensitive").isInstanceOf(JavaBlas.class);
        assertThat(Blas.fromChoice(null)).as("unset means auto").isInstanceOf(NativeBlas.class);
    }

    @Test
    void fromChoiceRejectsAnUnknownValueNamingTheVariableAndTheAllowedValues() {
        assertThatThrownBy(() -> Blas.fromChoice("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLUMB_BLAS")
                .hasMessageContaining("'bogus'")
                .hasMessageContaining("auto")
                .hasMessageContaining("native-copy")
                .hasMessageContaining("java");
    }

    @Test
    void nativeBlasNamesItsOpenBlasVersion() {
        assertThat(nativeBlas().name()).containsIgnoringCase("openblas");
        assertThat(new JavaBlas().name()).isEqualTo("java");
    }

    static double round(DType dtype, double x) {
        return dtype == DType.FLOAT32 ? (float) x : x;
    }

    /** One GEMM call's inputs: operands stored untransposed in row-major arrays with row stride cols + pad. */
    static final class GemmCase {
        final DType dtype;
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final double alpha;
        final double beta;
        final double[] a;
        final int lda;
        final double[] b;
        final int ldb;
        final double[] c;
        final int ldc;

        private GemmCase(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
                         double[] a, int lda, double[] b, int ldb, double[] c, int ldc) {
            this.dtype = dtype;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.lda = lda;
            this.b = b;
            this.ldb = ldb;
            this.c = c;
            this.ldc = ldc;
        }

        /**
         * Random operands in [-1, 1), already rounded to {@code dtype} so the reference sees exactly what
         * the implementation sees. With {@code pad > 0} each stored row has {@code pad} extra elements and
         * the arrays are the minimum BLAS allows ((rows − 1)·ld + cols); C's padding holds a sentinel.
         */
        static GemmCase random(SplittableRandom rng, DType dtype, boolean transA, boolean transB,
                               int m, int n, int k, int pad, double alpha, double beta) {
            int aCols = transA ? m : k;
            int bCols = transB ? k : n;
            int lda = aCols + pad;
            int ldb = bCols + pad;
            int ldc = n + pad;
            double[] a = random(rng, dtype, extent(transA ? k : m, aCols, lda));
            double[] b = random(rng, dtype, extent(transB ? n : k, bCols, ldb));
            double[] c = random(rng, dtype, extent(m, n, ldc));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < ldc && i * ldc + j < c.length; j++) {
                    c[i * ldc + j] = j >= n ? PAD_SENTINEL : beta == 0 ? Double.NaN : c[i * ldc + j];
                }
            }
            return new GemmCase(dtype, transA, transB, m, n, k, alpha, beta, a, lda, b, ldb, c, ldc);
        }

        static final double PAD_SENTINEL = 12345.0;

        private static int extent(int rows, int cols, int ld) {
            return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
        }

        private static double[] random(SplittableRandom rng, DType dtype, int length) {
            double[] x = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = round(dtype, rng.nextDouble(-1, 1));
            }
            return x;
        }

        /** Runs sgemm or dgemm on fresh copies; checks A and B are left alone and returns C as doubles. */
        double[] run(Blas blas) {
            if (dtype == DType.FLOAT32) {
                float[] af = floats(a);
                float[] bf = floats(b);
                float[] cf = floats(c);
                blas.sgemm(transA, transB, m, n, k, (float) alpha, af, lda, bf, ldb, (float) beta, cf, ldc);
                assertThat(doubles(af)).as("A after %s", this).isEqualTo(a);
                assertThat(doubles(bf)).as("B after %s", this).isEqualTo(b);
                return doubles(cf);
            }
            double[] ad = a.clone();
            double[] bd = b.clone();
            double[] cd = c.clone();
            blas.dgemm(transA, transB, m, n, k, alpha, ad, lda, bd, ldb, beta, cd, ldc);
            assertThat(ad).as("A after %s", this).isEqualTo(a);
            assertThat(bd).as("B after %s", this).isEqualTo(b);
            return cd;
        }

        GemmReference reference() {
            return GemmReference.compute(dtype, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        /** Runs the case and fails naming the case and the worst element unless every element is in bound. */
        double[] assertMatchesReference(Blas blas) {
            double[] out = run(blas);
            GemmReference ref = reference();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < ldc && i * ldc + j < c.length; j++) {
                    int e = i * ldc + j;
                    if (j >= n) {
                        if (out[e] != PAD_SENTINEL) {
                            fail("%s on %s overwrote padding C(%d, %d): %s", blas.name(), this, i, j, out[e]);
                        }
                    } else if (!(Math.abs(out[e] - ref.c()[e]) <= ref.bound()[e])) {
                        fail("%s on %s: C(%d, %d) = %s but the float64 reference is %s (allowed error %s)",
                                blas.name(), this, i, j, out[e], ref.c()[e], ref.bound()[e]);
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return dtype + " m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
                    + " alpha=" + alpha + " beta=" + beta + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }

        private static float[] floats(double[] x) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = (float) x[i];
            }
            return out;
        }

        private static double[] doubles(float[] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i];
            }
            return out;
        }
    }
}
