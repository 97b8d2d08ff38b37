package dev.plumb.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.api.java.JavaRDD;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.Evaluation;
import dev.plumb.train.LocalTrainingSet;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.TrainingSet;

/**
 * A training set whose examples stay in partitions on Spark's executors ({@link Block}s), trained by the core's
 * {@link dev.plumb.train.Trainer} with everything it does around the steps — epochs, learning rate, early stopping,
 * checkpoints, divergence, the record — while each step's arithmetic runs where the data is.
 *
 * <p><b>Global batches.</b> A step of batch size B over m examples takes from partition p (holding n_p) a share of
 * ⌈B·n_p/m⌉ examples: the next mini-batch of its own order, drawn each epoch from (seed, epoch) for partition 0 — as
 * one machine draws it — and from a seed derived from (seed, p) for the others. An epoch has ⌈m/B⌉ steps and every
 * partition's examples are each used once in it. With one partition, a step is exactly one machine's.
 *
 * <p><b>Synchronous mode.</b> Per step, the driver sends the weights (in the step's closure, which Spark broadcasts); each partition computes the gradient of
 * its share with Plumb's own layers (dropout masks from its stream), weighted by its examples; Spark sums the
 * gradients in a tree ({@code treeReduce}); the driver divides by the examples and lets the optimizer apply the mean,
 * which is the gradient of the global batch. One Spark job per step.
 *
 * <p><b>Parameter averaging.</b> Per round, the driver sends the weights and the optimizer's state; each
 * partition takes K local steps from them with its own copy of the optimizer; the driver takes the mean of the
 * weights and optimizer states they reach, weighted by the examples each used. One job per K steps; an epoch has
 * ⌈⌈m/B⌉/K⌉ rounds, which are what the trainer counts as its steps.
 *
 * <p>A lost executor costs nothing but time: Spark reruns its tasks, rebuilding its blocks from their lineage and its
 * working state from the {@link Recipe}; the step's result is the same up to the dropout masks of the rebuilt partition.
 */
public final class SparkTrainingSet implements TrainingSet, AutoCloseable {

    private final JavaRDD<Block> blocks;
    private final SparkTraining training;
    private final Recipe recipe;
    private final String name;
    private final String engine;
    private final int size;
    private final int featureCount;
    private final int targetColumns;
    private final int globalSteps;
    private final int[] examplesOfStep;
    private final SparkExampleSet evaluation;
    private final StepCosts costs = new StepCosts();

    /**
     * @param blocks    the training part's blocks (cached; see {@link Block#of})
     * @param network   the network to train (its architecture and precision go to the executors)
     * @param config    batch size, shuffle and seed
     * @param optimizer the optimizer the driver applies (and, averaging, each partition copies)
     * @param engine    what the run record says of where it ran, e.g. "spark local[2]"
     */
    SparkTrainingSet(JavaRDD<Block> blocks, String name, int featureCount, int classes,
                     Network network, TrainConfig config, OptimizerSpec optimizer, SparkTraining training, String engine) {
        this.blocks = blocks;
        this.training = training;
        this.name = name;
        this.featureCount = featureCount;
        this.targetColumns = classes;
        List<Integer> sizes = blocks.map(Block::size).collect();
        int m = 0;
        for (int n : sizes) {
            m += n;
        }
        this.size = m;
        int batch = Math.max(1, Math.min(config.batchSize(), Math.max(m, 1)));
        int[] shares = new int[sizes.size()];
        for (int p = 0; p < shares.length; p++) {
            int n = sizes.get(p);
            shares[p] = n == 0 ? 0 : (int) Math.min(n, Math.max(1, ((long) batch * n + m - 1) / m));
        }
        this.globalSteps = m == 0 ? 0 : (m + batch - 1) / batch;
        this.recipe = new Recipe(UUID.randomUUID().toString(), Recipe.json(network.spec()), network.dtype(), config.seed(),
                config.shuffle(), shares, optimizer, Math.max(m, 1));
        this.examplesOfStep = new int[steps()];
        this.engine = engine + ", " + sizes.size() + " partition" + (sizes.size() == 1 ? "" : "s") + ", " + training.describe();
        this.evaluation = new SparkExampleSet(blocks, name, featureCount, classes, recipe, "train", m);
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
        return targetColumns;
    }

    @Override
    public String engine() {
        return engine;
    }

    /** Steps of the global batch per epoch: in parameter averaging, the trainer's steps are rounds of K of them. */
    @Override
    public int steps() {
        return training.mode() == SparkTraining.Mode.SYNCHRONOUS ? globalSteps
                : (globalSteps + training.localSteps() - 1) / training.localSteps();
    }

    @Override
    public void beginEpoch(Network network, int epoch) {
        // each partition draws its epoch's order when its first task of the epoch runs
    }

    @Override
    public double step(Network network, List<Parameter> parameters, Optimizer optimizer, int epoch, int step,
                       double learningRate) {
        long start = System.nanoTime();
        // the weights travel in the task's closure: Spark ships a stage's closure to each executor once, as a broadcast
        // of its own, so a separate broadcast would only add a block to create and destroy at every step
        byte[] weights = Weights.pack(parameters);
        Recipe r = recipe;
        boolean synchronous = training.mode() == SparkTraining.Mode.SYNCHRONOUS;
        Map<String, Parameter> named = network.parameters();
        LinkedHashMap<String, byte[]> state = synchronous ? null : StepSum.encode(optimizer.state(named));
        int from = step * training.localSteps();
        int to = Math.min(globalSteps, from + training.localSteps());
        JavaRDD<StepSum.Share> shares = synchronous
                ? blocks.mapPartitions((Iterator<Block> it) -> List.of(gradientOfShare(r, weights, epoch, step,
                        it.next())).iterator())
                : blocks.mapPartitions((Iterator<Block> it) -> List.of(localSteps(r, weights, state, epoch, from, to,
                        learningRate, it.next())).iterator());
        StepSum sum = sum(shares, parameters);
        long summed = System.nanoTime();
        examplesOfStep[step] = (int) sum.examples;
        double cost = sum.cost();
        if (Double.isFinite(cost)) {
            if (synchronous) {
                sum.meanInto(parameters, true);
                optimizer.step(parameters, learningRate);
            } else {
                sum.meanInto(parameters, false);
                optimizer.restoreState(sum.meanState(named), named);
            }
        }
        costs.add(summed - start, System.nanoTime() - summed, sum.slowestComputeNanos);
        return cost;
    }

    /**
     * Where the time of the steps taken so far went, on the driver's clock: the whole step, the part the partitions
     * spent computing (the slowest of each step's partitions), and the driver's own update after the sum.
     */
    public StepCosts costs() {
        return costs;
    }

    @Override
    public int stepExamples(int step) {
        return examplesOfStep[step];
    }

    @Override
    public Evaluation evaluate(String split, Network network, int penaltyExamples) {
        return evaluation.evaluate(split, network, penaltyExamples);
    }

    /** The executors' working state of this run is forgotten (in this JVM; executors forget it at the next run). */
    @Override
    public void close() {
        ExecutorCache.forget(recipe.run());
    }

    Recipe recipe() {
        return recipe;
    }

    /** Partitions up to which the driver sums the shares itself, in partition order; beyond, Spark sums them in a tree. */
    static final int DRIVER_SUM_LIMIT = 16;

    /**
     * The weighted sum of the partitions' shares. Up to {@value #DRIVER_SUM_LIMIT} partitions the shares come to the
     * driver in the network's precision and are summed there in partition order — one stage, and the same sum on every
     * run (a resumed run takes the very same steps); beyond, each is weighted on its executor and Spark sums them in a
     * tree ({@code treeReduce}, two levels), so the driver receives about √P partial sums instead of P shares.
     */
    private StepSum sum(JavaRDD<StepSum.Share> shares, List<Parameter> parameters) {
        DType dtype = recipe.dtype();
        int values = Weights.count(parameters);
        if (shares.getNumPartitions() <= DRIVER_SUM_LIMIT) {
            return StepSum.sum(shares.collect(), dtype, values);
        }
        return shares.map(s -> StepSum.of(s, dtype, values)).treeReduce(StepSum::merge, 2);
    }

    // ---- on the executors -------------------------------------------------------------------------------------------

    private static ExecutorCache.Entry entry(Recipe recipe, Block block, int epoch) {
        ExecutorCache.Entry e = ExecutorCache.get(recipe, "train", block, b -> {
            Network network = recipe.network(b.partition());
            ExecutorCache.Entry made = new ExecutorCache.Entry(network, b.data());
            made.trainingSet = new LocalTrainingSet(b.data(), recipe.dtype(), recipe.batchShares()[b.partition()],
                    recipe.shuffle(), recipe.seed(b.partition()), null);
            return made;
        });
        if (e.epoch != epoch) {
            e.trainingSet.beginEpoch(e.network, epoch);
            e.epoch = epoch;
        }
        return e;
    }

    /** Synchronous mode: the gradient of this partition's share of global step {@code step}, weighted by its examples. */
    static StepSum.Share gradientOfShare(Recipe recipe, byte[] weights, int epoch, int step, Block block) {
        if (block.size() == 0) {
            return StepSum.Share.none();
        }
        ExecutorThreads.single();
        ExecutorCache.Entry e = entry(recipe, block, epoch);
        if (step >= e.trainingSet.steps()) {
            return StepSum.Share.none();
        }
        List<Parameter> parameters = List.copyOf(e.network.parameters().values());
        long start = System.nanoTime();
        Weights.unpack(weights, parameters);
        double cost = e.trainingSet.computeGradients(e.network, step, recipe.penaltyExamples());
        return StepSum.Share.of(e.trainingSet.stepExamples(step), cost, parameters, true, start);
    }

    /**
     * Parameter averaging: local steps {@code from} to {@code to} (exclusive) of this partition from the broadcast
     * weights and optimizer state; the weights and state it reaches, weighted by the examples it used.
     */
    static StepSum.Share localSteps(Recipe recipe, byte[] weights, LinkedHashMap<String, byte[]> state, int epoch,
                                    int from, int to,
                                    double learningRate, Block block) {
        if (block.size() == 0) {
            return StepSum.Share.none();
        }
        ExecutorThreads.single();
        ExecutorCache.Entry e = entry(recipe, block, epoch);
        int last = Math.min(to, e.trainingSet.steps());
        if (from >= last) {
            return StepSum.Share.none();
        }
        long start = System.nanoTime();
        Map<String, Parameter> named = e.network.parameters();
        List<Parameter> parameters = List.copyOf(named.values());
        Weights.unpack(weights, parameters);
        if (e.optimizer == null) {
            e.optimizer = recipe.optimizer().create();
        }
        if (state.isEmpty()) {
            e.optimizer.reset();
        } else {
            e.optimizer.restoreState(StepSum.decode(state, named), named);
        }
        double costSum = 0;
        int examples = 0;
        for (int s = from; s < last; s++) {
            double cost = e.trainingSet.step(e.network, parameters, e.optimizer, epoch, s, learningRate);
            int n = e.trainingSet.stepExamples(s);
            costSum += cost * n;
            examples += n;
            if (!Double.isFinite(cost)) {
                break;
            }
        }
        return StepSum.Share.of(examples, costSum / examples, parameters, false, start).withState(e.optimizer.state(named));
    }
}
