package dev.plumb.spark;

import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

import dev.plumb.data.SplitManifest;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Network;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.TrainConfig;

/**
 * A split, normalized data set on Spark, ready to train on: the train, dev and test parts as cached {@link Block}s on
 * the executors, with the split's manifest and the normalizer fitted on the training part. What the driver holds is
 * small: the manifest, the normalizer's statistics, the names.
 */
public final class SparkData implements AutoCloseable {

    private final String name;
    private final List<String> classNames;
    private final int featureCount;
    private final SplitManifest manifest;
    private final Standardizer normalizer;
    private final DType dtype;
    private final JavaRDD<Block> train;
    private final JavaRDD<Block> dev;
    private final JavaRDD<Block> test;

    private SparkData(String name, List<String> classNames, int featureCount,
                      SplitManifest manifest, Standardizer normalizer, DType dtype, JavaRDD<Block> train,
                      JavaRDD<Block> dev, JavaRDD<Block> test) {
        this.name = name;
        this.classNames = List.copyOf(classNames);
        this.featureCount = featureCount;
        this.manifest = manifest;
        this.normalizer = normalizer;
        this.dtype = dtype;
        this.train = train;
        this.dev = dev;
        this.test = test;
    }

    /**
     * The blocks of a split's parts, normalized by {@code normalizer} (null: raw features) and in precision
     * {@code dtype}. Lazy: the blocks are built by the first job that reads them.
     */
    public static SparkData of(SparkSplit.Parts parts, String name, List<String> classNames, int featureCount,
                               Standardizer normalizer, DType dtype) {
        double[] mean = normalizer == null ? null : normalizer.mean();
        double[] std = normalizer == null ? null : normalizer.std();
        return new SparkData(name, classNames, featureCount, parts.manifest(), normalizer, dtype,
                blocks(parts.train(), name + " (train)", classNames, featureCount, mean, std, dtype),
                blocks(parts.dev(), name + " (dev)", classNames, featureCount, mean, std, dtype),
                blocks(parts.test(), name + " (test)", classNames, featureCount, mean, std, dtype));
    }

    private static JavaRDD<Block> blocks(org.apache.spark.sql.Dataset<Row> rows, String name, List<String> classNames,
                                         int featureCount, double[] mean, double[] std, DType dtype) {
        return Block.of(rows, name, classNames, featureCount, mean, std, dtype);
    }

    /** The training part as a {@link dev.plumb.train.TrainingSet} for {@code network} (one per run: close it after). */
    public SparkTrainingSet trainingSet(Network network, TrainConfig config, OptimizerSpec optimizer,
                                        SparkTraining training, String engine) {
        requirePrecision(network);
        return new SparkTrainingSet(train, name, featureCount, classNames.size(), network, config, optimizer,
                training, engine);
    }

    /** The dev part, measured with {@code trainingSet}'s executors' state. */
    public SparkExampleSet dev(SparkTrainingSet trainingSet) {
        // the manifest counts the part's rows after the leakage check, as its blocks hold them: no job to count again
        return new SparkExampleSet(dev, name + " (dev)", featureCount, classNames.size(), trainingSet.recipe(), "dev",
                manifest.part("dev").size());
    }

    /** The test part, measured with {@code trainingSet}'s executors' state. */
    public SparkExampleSet test(SparkTrainingSet trainingSet) {
        return new SparkExampleSet(test, name + " (test)", featureCount, classNames.size(), trainingSet.recipe(), "test",
                manifest.part("test").size());
    }

    private void requirePrecision(Network network) {
        if (network.dtype() != dtype) {
            throw new IllegalArgumentException("Invalid network: " + network.dtype() + ", but the data's blocks are "
                    + dtype + "; prepare the data in the network's precision");
        }
    }

    public String name() {
        return name;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int featureCount() {
        return featureCount;
    }

    public SplitManifest manifest() {
        return manifest;
    }

    /** The normalizer fitted on the training part (null: raw features). */
    public Standardizer normalizer() {
        return normalizer;
    }

    /** Releases the cached blocks. */
    @Override
    public void close() {
        train.unpersist(false);
        dev.unpersist(false);
        test.unpersist(false);
    }
}
