package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned path: built by this build when a C compiler was present, loaded, and right while the
 * garbage collector is busy — arrays are pinned only during a call, so a collection between calls may
 * move them and the next call must still find them.
 */
class PinnedGemmTest {

    private NativeBlas pinned;

    @BeforeEach
    void requireTheLibrary() {
        assumeTrue(PinnedGemm.class.getResource(PinnedGemm.RESOURCE) != null,
                "the pinned-GEMM library was not built (no /usr/bin/cc at build time); NativeBlas copies operands");
        pinned = BlasTest.nativeBlas();
    }

    @Test
    void builtLibraryLoadsAndIsWhatNativeBlasUses() {
        assertThat(pinned.pinsArrays()).as("NativeBlas operands: %s", pinned.operands()).isTrue();
        assertThat(pinned.operands()).isEqualTo("pinned Java arrays");
        assertThat(pinned.copying().pinsArrays()).isFalse();
        assertThat(pinned.copying().operands()).contains("copied");
        assertThat(pinned.copying().name()).isNotEqualTo(pinned.name()); // benchmark tables tell them apart
    }

    @Test
    void aMissingOrBrokenLibraryIsAReasonNotAnError(@TempDir Path dir) throws Exception {
        assertThat(PinnedGemm.load(null).gemm()).isNull();
        assertThat(PinnedGemm.load(null).failure()).contains("not in this build").contains(PinnedGemm.platform());
        // the real library marked as built for another machine (e_machine, bytes 18–19, set to AArch64's 183):
        // the loader refuses it. A file that is not ELF at all would be refused too, but HotSpot, finding no
        // non-executable-stack marking in it, first prints a stack-guard warning into the build output.
        byte[] elf;
        try (java.io.InputStream in = PinnedGemm.class.getResourceAsStream(PinnedGemm.RESOURCE)) {
            elf = in.readAllBytes();
        }
        elf[18] = (byte) 183;
        elf[19] = 0;
        Path otherMachine = Files.write(dir.resolve("libplumbpinnedgemm.so"), elf);
        PinnedGemm.Load broken = PinnedGemm.load(otherMachine.toUri().toURL());
        assertThat(broken.gemm()).isNull();
        assertThat(broken.failure()).startsWith("the pinned-GEMM library did not load: UnsatisfiedLinkError");
    }

    @Test
    void aProductAboveThePinningLimitIsCopiedAndStillRight() {
        int m = 700;
        int n = 700;
        int k = 700;
        assertThat(PinnedGemm.suits(m, n, k)).as("343M multiply-adds are above the limit").isFalse();
        assertThat(PinnedGemm.suits(1000, 256, 784)).as("a batch of 1000 through the first layer is pinned").isTrue();
        SplittableRandom rng = new SplittableRandom(5);
        float[] a = quarters(rng, m * k);
        float[] b = quarters(rng, k * n);
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        new JavaBlas().sgemm(false, true, m, n, k, 1f, a, k, b, k, 0f, expected, n);
        pinned.sgemm(false, true, m, n, k, 1f, a, k, b, k, 0f, actual, n);
        assertThat(actual).containsExactly(expected); // quarters: every sum is exact in float32
    }

    @Test
    void productsStayRightOnFourThreadsWhileAnotherThreadForcesCollections() throws Exception {
        assertThat(pinned.pinsArrays()).isTrue();
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            List<float[]> garbage = new ArrayList<>();
            while (!stop.get()) {
                garbage.add(new float[64 * 1024]);
                if (garbage.size() > 64) {
                    garbage.clear();
                    System.gc();
                }
            }
        }, "garbage-churn");
        churn.start();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 100 + t;
                results.add(pool.submit(() -> checkedProducts(seed, 60)));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(60);
            }
        } finally {
            stop.set(true);
            churn.join();
            pool.shutdownNow();
        }
    }

    /** Products of fresh (movable) arrays whose entries are quarters: exact in float, any order of summation. */
    private int checkedProducts(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        Blas java = new JavaBlas();
        int done = 0;
        for (int i = 0; i < count; i++) {
            int m = rng.nextInt(1, 90);
            int n = rng.nextInt(1, 90);
            int k = rng.nextInt(1, 90);
            float[] a = quarters(rng, m * k);
            float[] b = quarters(rng, k * n);
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            java.sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n);
            pinned.sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, actual, n);
            assertThat(actual).containsExactly(expected);
            double[] ad = toDouble(a);
            double[] bd = toDouble(b);
            double[] expectedD = new double[m * n];
            double[] actualD = new double[m * n];
            java.dgemm(true, true, n, m, k, 1d, bd, n, ad, k, 0d, expectedD, m); // Cᵀ = Bᵀ·Aᵀ
            pinned.dgemm(true, true, n, m, k, 1d, bd, n, ad, k, 0d, actualD, m);
            assertThat(actualD).containsExactly(expectedD);
            done++;
        }
        return done;
    }

    private static float[] quarters(SplittableRandom rng, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = rng.nextInt(-8, 9) / 4f;
        }
        return values;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
