package dev.plumb.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.plumb.tensor.Blas;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sgemm and dgemm at the products one training step of a 784-256-128-10 MLP makes on a batch of 128,
 * on each {@link Blas} backend: OpenBLAS with the arrays pinned ({@code native}; copies if the pinned-GEMM
 * library was not built), OpenBLAS with operands copied off-heap and back ({@code native-copy}), pure Java.
 *
 * <p>Per dense layer with input A (batch × in), weights W (out × in) and output gradient dZ (batch × out):
 * forward {@code Z = A·Wᵀ} (transB), weight gradient {@code dW = dZᵀ·A} (transA), input gradient
 * {@code dX = dZ·W} (no transpose; training skips it for the first layer, it is here for completeness).
 *
 * <p>Results: the primary score is GEMM calls per second. The {@code gflop} line (an {@link AuxCounters}
 * counter adding 2·m·n·k·10⁻⁹ per call) reads directly as GFLOPS, since its unit is "ops/s" = GFLOP/s.
 * By hand: GFLOPS = calls/s × 2·m·n·k / 10⁹, e.g. fc1-forward (128·256·784) does 0.0514 GFLOP per call.
 *
 * <p>OpenBLAS uses its own thread pool (two threads on the reference machine) while the JMH thread and
 * JavaBlas use one: compare backends knowing that. Run from the repository root:
 * {@code java -jar plumb-bench/target/plumb-benchmarks.jar GemmBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache"})
@State(Scope.Thread)
public class GemmBenchmark {

    /** One product of the training step: op(A) is m × k, op(B) is k × n. */
    public enum LayerProduct {
        FC1_FORWARD(false, true, 128, 256, 784),
        FC1_DW(true, false, 256, 784, 128),
        FC1_DX(false, false, 128, 784, 256),
        FC2_FORWARD(false, true, 128, 128, 256),
        FC2_DW(true, false, 128, 256, 128),
        FC2_DX(false, false, 128, 256, 128),
        FC3_FORWARD(false, true, 128, 10, 128),
        FC3_DW(true, false, 10, 128, 128),
        FC3_DX(false, false, 128, 128, 10);

        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;

        LayerProduct(boolean transA, boolean transB, int m, int n, int k) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
        }

        /** Row stride of the stored A (k × m when transposed, m × k otherwise). */
        int lda() {
            return transA ? m : k;
        }

        int ldb() {
            return transB ? k : n;
        }

        double gflopPerCall() {
            return 2.0 * m * n * k * 1e-9;
        }
    }

    /** OpenBLAS on pinned arrays (when built), OpenBLAS with off-heap copies, pure Java. */
    @Param({"native", "native-copy", "java"})
    public String backend;

    @Param
    public LayerProduct product;

    private Blas blas;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    /** Floating-point work done, in GFLOP; reported per second, i.e. in GFLOPS. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        blas = Blas.fromChoice(backend); // "native" fails the trial, with the reason, if OpenBLAS does not load
        SplittableRandom rng = new SplittableRandom(42);
        int m = product.m;
        int n = product.n;
        int k = product.k;
        ad = rng.doubles((long) m * k, -1, 1).toArray();
        bd = rng.doubles((long) k * n, -1, 1).toArray();
        cd = new double[m * n];
        af = toFloats(ad);
        bf = toFloats(bd);
        cf = new float[m * n];
    }

    @Benchmark
    public float[] sgemm(Work work) {
        LayerProduct p = product;
        blas.sgemm(p.transA, p.transB, p.m, p.n, p.k, 1f, af, p.lda(), bf, p.ldb(), 0f, cf, p.n);
        work.gflop += p.gflopPerCall();
        return cf;
    }

    @Benchmark
    public double[] dgemm(Work work) {
        LayerProduct p = product;
        blas.dgemm(p.transA, p.transB, p.m, p.n, p.k, 1d, ad, p.lda(), bd, p.ldb(), 0d, cd, p.n);
        work.gflop += p.gflopPerCall();
        return cd;
    }

    private static float[] toFloats(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
