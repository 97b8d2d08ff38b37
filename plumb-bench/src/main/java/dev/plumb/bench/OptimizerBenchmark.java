package dev.plumb.bench;

import java.util.ArrayList;
import java.util.List;
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

import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * One optimizer step over the parameters of the 784-256-128-10 MLP (235,146 scalars), as the trainer
 * makes once per mini-batch. Microseconds per step:
 * {@code java -jar plumb-bench/target/plumb-benchmarks.jar OptimizerBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OptimizerBenchmark {

    private static final int[] WIDTHS = {784, 256, 128, 10};

    @Param({"momentum", "adam", "sgd"})
    public String optimizer;

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    private Optimizer opt;
    private List<Parameter> parameters;

    @Setup
    public void setUp() {
        opt = Optimizer.parse(optimizer);
        SplittableRandom rng = new SplittableRandom(4);
        parameters = new ArrayList<>();
        for (int l = 0; l + 1 < WIDTHS.length; l++) {
            parameters.add(random(Parameter.weight("W", Matrix.zeros(dtype, WIDTHS[l + 1], WIDTHS[l])), rng));
            parameters.add(random(Parameter.bias("b", Matrix.zeros(dtype, 1, WIDTHS[l + 1])), rng));
        }
    }

    @Benchmark
    public List<Parameter> step() {
        // tiny rate: 10⁶ steps leave the weights where they were, so every iteration sees the same numbers
        opt.step(parameters, 1e-9);
        return parameters;
    }

    private static Parameter random(Parameter p, SplittableRandom rng) {
        for (int i = 0; i < p.value().size(); i++) {
            p.value().set(i, rng.nextDouble(-0.1, 0.1));
            p.grad().set(i, rng.nextDouble(-0.01, 0.01));
        }
        return p;
    }
}
