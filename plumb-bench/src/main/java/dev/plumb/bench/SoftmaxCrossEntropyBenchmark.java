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

import dev.plumb.nn.Loss;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Softmax cross-entropy on a batch of logits (128 × 10, the MLP's output at batch 128): the cost, as the
 * trainer computes it every step, the gradient (softmax − y)/m, and both in one pass as a training step
 * makes them. Microseconds per call:
 * {@code java -jar plumb-bench/target/plumb-benchmarks.jar SoftmaxCrossEntropyBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SoftmaxCrossEntropyBenchmark {

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    @Param("128")
    public int rows;

    private final Loss loss = Loss.softmaxCrossEntropy();
    private Matrix logits;
    private Matrix target;
    private Matrix grad;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(3);
        logits = Matrix.zeros(dtype, rows, 10);
        target = logits.zerosLike();
        grad = logits.zerosLike();
        for (int i = 0; i < logits.size(); i++) {
            logits.set(i, rng.nextDouble(-5, 5));
        }
        for (int r = 0; r < rows; r++) {
            target.set(r, rng.nextInt(10), 1.0);
        }
    }

    @Benchmark
    public double cost() {
        return loss.cost(logits, target);
    }

    @Benchmark
    public Matrix gradient() {
        loss.gradient(logits, target, grad);
        return grad;
    }

    /** What a training step calls: both in one pass. */
    @Benchmark
    public double costAndGradient() {
        return loss.costAndGradient(logits, target, grad);
    }
}
