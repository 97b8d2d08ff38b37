package dev.plumb.spark;

import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.plumb.data.Dataset;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.Checkpoints;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * The benchmark of BENCHMARKS.md's Spark section, not part of {@code mvn verify} (it needs Fashion-MNIST and takes
 * about twenty minutes): Fashion-MNIST 784-256-128-10 (ReLU, Adam lr 1e-3, float32) on the content-hash split's
 * training part, one machine against Spark {@code local[2]} in both modes at global batch 128, 1024 and 4096 — epoch
 * time, dev accuracy after the same epochs, and each Spark step's time split into the partitions' arithmetic, Spark's
 * round trip and the driver's update. Run:
 * <pre>mvn -B -ntp -o -pl plumb-spark -am test -Dtest=SparkTrainingMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dplumb.spark.measure=true -Dplumb.spark.heap=8g</pre>
 */
@EnabledIfSystemProperty(named = "plumb.spark.measure", matches = "true")
class SparkTrainingMeasurement {

    private static final Split SPLIT = new Split(0.6, 0.2, 0.2, 42L, true);
    private static final int EPOCHS = Integer.getInteger("plumb.spark.epochs", 5);
    private static final long SEED = 1;

    private static NetworkSpec spec() {
        return new NetworkSpec(784, List.of(LayerSpec.dense(256, Activation.relu()), LayerSpec.dense(128, Activation.relu()),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
    }

    @Test
    void fashionMnistOneMachineAgainstLocal2() throws Exception {
        SparkSession spark = LocalSpark.get();
        SparkSources.Loaded loaded = SparkSources.fashionMnist(spark, FashionMnist.DEFAULT_DIRECTORY, false, 2);
        SparkSplit.Parts parts = SparkSplit.apply(SPLIT, loaded.rows(), loaded.classNames());
        Standardizer normalizer = SparkStandardizer.fit(parts);
        Split.Parts local = LocalContentHashSplit.apply(SPLIT, FashionMnist.train());
        Dataset train = normalizer.transform(local.train());
        Dataset dev = normalizer.transform(local.dev());
        System.out.printf(Locale.ROOT, "MEASURE split: train %d, dev %d; %d epochs each%n", train.size(), dev.size(), EPOCHS);
        try (SparkData data = SparkData.of(parts, "fashion-mnist", loaded.classNames(), 784, normalizer, DType.FLOAT32)) {
            for (int batch : new int[] {128, 1024, 4096}) {
                TrainConfig config = new TrainConfig(EPOCHS, batch, 1e-3, SEED, true);
                RunRecord one = new Trainer(config, OptimizerSpec.ADAM.create()).fit(spec().build(DType.FLOAT32, SEED), train, dev);
                report("one machine", batch, one, null);
                // how far one machine's own accuracy moves with the seed (initialization and order): the noise floor
                for (long seed = SEED + 1; seed <= SEED + 2; seed++) {
                    TrainConfig other = new TrainConfig(EPOCHS, batch, 1e-3, seed, true);
                    report("one machine, seed " + seed, batch, new Trainer(other, OptimizerSpec.ADAM.create())
                            .fit(spec().build(DType.FLOAT32, seed), train, dev), null);
                }
                for (SparkTraining mode : new SparkTraining[] {SparkTraining.SYNCHRONOUS, SparkTraining.averaging(4)}) {
                    Network network = spec().build(DType.FLOAT32, SEED);
                    try (SparkTrainingSet set = data.trainingSet(network, config, OptimizerSpec.ADAM, mode, "spark local[2]")) {
                        RunRecord record = new Trainer(config, OptimizerSpec.ADAM.create()).fit(network, set, data.dev(set),
                                Checkpoints.NONE);
                        report("spark local[2], " + mode.describe(), batch, record, set.costs());
                    }
                }
            }
        }
    }

    // the median epoch time (the first epoch warms the JIT and Spark's code paths), the final dev accuracy, the split
    private static void report(String what, int batch, RunRecord record, StepCosts costs) {
        double[] seconds = record.history().stream().mapToDouble(EpochLogs::seconds).sorted().toArray();
        double median = seconds[seconds.length / 2];
        System.out.printf(Locale.ROOT, "MEASURE batch %4d  %-52s epoch %7.2f s (median of %d)  dev accuracy %.4f%s%n", batch,
                what, median, seconds.length, 1 - record.evaluation("dev").orElseThrow().error(),
                costs == null ? "" : "  per step: " + costs);
    }
}
