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

import dev.plumb.nn.Dropout;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Inverted dropout in training mode on the MLP's first hidden activations at batch 128 (128 × 256):
 * forward draws the mask and applies it, backward applies it to the gradient. Microseconds per call:
 * {@code java -jar plumb-bench/target/plumb-benchmarks.jar DropoutBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DropoutBenchmark {

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    @Param("0.8")
    public double keepProb;

    private Dropout dropout;
    private Matrix input;
    private Matrix grad;

    @Setup
    public void setUp() {
        dropout = new Dropout(keepProb, 7, dtype);
        SplittableRandom rng = new SplittableRandom(2);
        input = Matrix.zeros(dtype, 128, 256);
        grad = input.zerosLike();
        for (int i = 0; i < input.size(); i++) {
            input.set(i, rng.nextDouble());
            grad.set(i, rng.nextDouble(-1, 1));
        }
    }

    @Benchmark
    public Matrix forward() {
        return dropout.forward(input, dev.plumb.nn.Mode.TRAIN);
    }

    @Benchmark
    public Matrix forwardAndBackward() {
        dropout.forward(input, dev.plumb.nn.Mode.TRAIN);
        return dropout.backward(grad);
    }
}
