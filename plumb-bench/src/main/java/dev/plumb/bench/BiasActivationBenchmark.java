package dev.plumb.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.plumb.nn.Activation;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The elementwise work of a dense layer around its GEMMs, at the MLP's first hidden layer on a batch of
 * 128 (128 × 256): forward adds the bias to Z = X·Wᵀ and applies the activation; backward forms
 * dZ = g'(Z) ⊙ dA and db = Σ_rows dZ. Microseconds per call:
 * {@code java -jar plumb-bench/target/plumb-benchmarks.jar BiasActivationBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BiasActivationBenchmark {

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    @Param({"relu", "tanh"})
    public String activation;

    @Param("128")
    public int rows;

    @Param("256")
    public int cols;

    private Activation g;
    private Matrix z;
    private Matrix zWork;
    private Matrix a;
    private Matrix bias;
    private Matrix dA;
    private Matrix dZ;
    private Matrix db;

    @Setup
    public void setUp() {
        g = Activation.parse(activation);
        SplittableRandom rng = new SplittableRandom(1);
        z = random(rng, rows, cols);
        dA = random(rng, rows, cols);
        bias = random(rng, 1, cols);
        zWork = z.zerosLike();
        a = z.zerosLike();
        dZ = z.zerosLike();
        db = bias.zerosLike();
        g.forward(z, a);
    }

    @Benchmark
    public Matrix forward() {
        zWork.copyFrom(z); // stands for the GEMM's fresh output
        zWork.addRowVector(bias);
        g.forward(zWork, a);
        return a;
    }

    @Benchmark
    public Matrix backward() {
        g.backward(z, a, dA, dZ);
        dZ.columnSumsInto(db);
        return db;
    }

    private Matrix random(SplittableRandom rng, int r, int c) {
        Matrix m = Matrix.zeros(dtype, r, c);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextDouble(-2, 2));
        }
        return m;
    }
}
