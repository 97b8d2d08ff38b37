package dev.plumb.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;

import dev.plumb.data.Dataset;
import dev.plumb.eval.ConfusionMatrix;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.Evaluation;
import dev.plumb.train.ExampleSet;

/**
 * Examples in partitions on the executors that a network is measured on: each partition sums its examples' losses and
 * errors in eval mode (chunks of rows, as the core's evaluator does), Spark sums the partitions', and the driver
 * divides and adds the weight penalty. Also the confusion matrix of a test part, summed the same way. Only the sums
 * and the weights travel.
 */
final class SparkExampleSet implements ExampleSet {

    private static final int CHUNK = 1024;

    private final JavaRDD<Block> blocks;
    private final String name;
    private final int featureCount;
    private final int classes;
    private final Recipe recipe;
    private final String role;
    private final int size;

    SparkExampleSet(JavaRDD<Block> blocks, String name, int featureCount, int classes,
                    Recipe recipe, String role, int size) {
        this.blocks = blocks;
        this.name = name;
        this.featureCount = featureCount;
        this.classes = classes;
        this.recipe = recipe;
        this.role = role;
        this.size = size;
    }


    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public int targetColumns() {
        return classes;
    }

    /** Sums of a partition's losses and errors (each a mean over a chunk, times its rows). */
    record Sums(long examples, double loss, double errors) implements Serializable {
        Sums plus(Sums o) {
            return new Sums(examples + o.examples, loss + o.loss, errors + o.errors);
        }
    }

    @Override
    public Evaluation evaluate(String split, Network network, int penaltyExamples) {
        if (size == 0) {
            return new Evaluation(split, 0, Double.NaN, Double.NaN);
        }
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        byte[] weights = Weights.pack(parameters); // in the closure, as a step's
        Recipe r = recipe;
        String key = role;
        Sums sums = blocks.map(b -> sums(r, key, weights, b)).reduce(Sums::plus);
        double cost = sums.loss() / sums.examples() + network.regularizationCost(penaltyExamples);
        return new Evaluation(split, (int) sums.examples(), cost, sums.errors() / sums.examples());
    }

    /** The confusion matrix (actual × predicted counts) of the network on these examples. */
    ConfusionMatrix confusion(Network network, List<String> classNames) {
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        byte[] weights = Weights.pack(parameters);
        Recipe r = recipe;
        String key = role;
        int k = classNames.size();
        long[][] counts = blocks.map(b -> confusion(r, key, weights, b, k)).reduce(SparkExampleSet::add);
        return ConfusionMatrix.fromCounts(counts, classNames);
    }

    private static long[][] add(long[][] a, long[][] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] += b[i][j];
            }
        }
        return a;
    }

    // ---- on the executors -------------------------------------------------------------------------------------------

    private static Network network(Recipe recipe, String role, byte[] weights, Block block) {
        ExecutorCache.Entry e = ExecutorCache.get(recipe, "eval-" + role, block,
                b -> new ExecutorCache.Entry(recipe.network(b.partition()), b.data()));
        Weights.unpack(weights, List.copyOf(e.network.parameters().values()));
        return e.network;
    }

    static Sums sums(Recipe recipe, String role, byte[] weights, Block block) {
        Dataset data = block.data();
        if (data.size() == 0) {
            return new Sums(0, 0, 0);
        }
        ExecutorThreads.single();
        Network network = network(recipe, role, weights, block);
        double loss = 0;
        double errors = 0;
        for (int from = 0; from < data.size(); from += CHUNK) {
            int to = Math.min(data.size(), from + CHUNK);
            Matrix x = from == 0 && to == data.size() ? data.features() : data.features().rowRange(from, to);
            Matrix y = from == 0 && to == data.size() ? data.targets() : data.targets().rowRange(from, to);
            Matrix out = network.forward(x, Mode.EVAL);
            loss += network.loss().cost(out, y) * (to - from);
            errors += network.loss().error(out, y) * (to - from);
        }
        return new Sums(data.size(), loss, errors);
    }

    static long[][] confusion(Recipe recipe, String role, byte[] weights, Block block, int classes) {
        long[][] counts = new long[classes][classes];
        Dataset data = block.data();
        if (data.size() == 0) {
            return counts;
        }
        ExecutorThreads.single();
        int[] predicted = network(recipe, role, weights, block).predictClasses(data.features());
        int[] actual = data.labels();
        for (int i = 0; i < predicted.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }
}
