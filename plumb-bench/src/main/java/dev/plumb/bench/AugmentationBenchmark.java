package dev.plumb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.Standardizer;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.nn.Network;
import dev.plumb.optim.Momentum;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.LocalTrainingSet;

/**
 * Augmentation on a Fashion-MNIST-sized batch (128 × 28 × 28, float32, standardized, augmented in pixel space as
 * {@code plumb train --augment} does), microseconds per call:
 * <ul>
 *   <li>{@code transform}: the augmentation of one batch on the calling thread (a copy of the clean batch into the
 *       buffer first, ~5 µs, so that rotations do not blur the images away call after call);
 *   <li>{@code trainingStep}: one step of the benchmark's MLP — the wait for the batch the prefetch thread prepared,
 *       forward, backward and the momentum step — with the augmentation of the next batch running beside it; with
 *       {@code none} it is the plain step, whose batch is gathered on the training thread.
 * </ul>
 * {@code java -jar plumb-bench/target/plumb-benchmarks.jar AugmentationBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AugmentationBenchmark {

    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final int BATCH = 128;
    private static final int EXAMPLES = 4096;

    @Param({"none", "shift=2", "flip", "flip,rotate=10"})
    public String augment;

    private Augmenter augmenter;
    private Matrix clean;
    private Matrix batch;

    private Network network;
    private Optimizer optimizer;
    private LocalTrainingSet trainingSet;
    private List<dev.plumb.nn.Parameter> parameters;
    private int step;
    private int epoch;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(3);
        Matrix features = Matrix.zeros(DType.FLOAT32, EXAMPLES, SHAPE.size());
        for (int i = 0; i < features.size(); i++) {
            features.set(i, rng.nextDouble(-0.8, 2.0)); // the range of standardized Fashion-MNIST pixels
        }
        int[] labels = new int[EXAMPLES];
        Arrays.setAll(labels, i -> i % 10);
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            classes.add("class " + k);
        }
        Dataset data = Dataset.classification("synthetic", features, labels, classes, List.of(), SHAPE);
        double[] mean = new double[SHAPE.size()];
        double[] std = new double[SHAPE.size()];
        Arrays.fill(mean, 72.9);
        Arrays.fill(std, 90.0);
        Standardizer standardizer = Standardizer.of(mean, std);

        clean = features.rowRange(0, BATCH);
        batch = clean.copy();
        Augmenter forSteps = null;
        if (!augment.equals("none")) {
            augmenter = new Augmenter(Augmentation.parse(augment), SHAPE, standardizer, 5);
            forSteps = new Augmenter(Augmentation.parse(augment), SHAPE, standardizer, 5);
        }
        FashionMnistBench.Options options = FashionMnistBench.Options.parse(new String[0]);
        network = FashionMnistBench.spec(options).build(DType.FLOAT32, 42);
        optimizer = new Momentum(0.9);
        parameters = List.copyOf(network.parameters().values());
        trainingSet = new LocalTrainingSet(data, DType.FLOAT32, BATCH, true, 7, forSteps);
        epoch = 1;
        trainingSet.beginEpoch(network, epoch);
        step = 0;
    }

    @Benchmark
    public Matrix transform() {
        batch.copyFrom(clean);
        if (augmenter != null) {
            augmenter.augment(batch);
        }
        return batch;
    }

    @Benchmark
    public double trainingStep() {
        double cost = trainingSet.step(network, parameters, optimizer, epoch, step, 0.01);
        if (++step == trainingSet.steps()) {
            trainingSet.beginEpoch(network, ++epoch);
            step = 0;
        }
        return cost;
    }
}
