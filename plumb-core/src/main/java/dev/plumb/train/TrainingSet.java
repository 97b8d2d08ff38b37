package dev.plumb.train;

import java.util.List;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;

/**
 * The examples a {@link Trainer} trains on, and how one step of an epoch is taken on them. The trainer owns
 * everything around the steps — the epochs, the learning rate, callbacks, early stopping, checkpoints, divergence,
 * the record — and a training set owns where the examples are and where the step's arithmetic runs: in this JVM on
 * a shuffled mini-batch ({@link LocalTrainingSet}), or on a cluster, where each partition computes the gradient of its
 * share of a global batch, or takes several local steps whose results are averaged. So a run on a cluster is the
 * same run, with the same record, as one on a single machine.
 */
public interface TrainingSet extends ExampleSet {

    /** Steps per epoch. */
    int steps();

    /** Called before the first step of epoch {@code epoch} (1-based): the epoch's order of examples is drawn here. */
    void beginEpoch(Network network, int epoch);

    /**
     * Takes step {@code step} (0-based) of epoch {@code epoch}: computes the cost of the step's examples and, if it is
     * finite, updates {@code parameters} (the network's, in order) — normally by computing their gradients and letting
     * {@code optimizer} apply them at {@code learningRate}. A cost that is NaN or infinite leaves the parameters as
     * they were.
     *
     * @return the mean cost of the examples of the step, the quantity the trainer averages into the epoch's batch cost
     */
    double step(Network network, List<Parameter> parameters, Optimizer optimizer, int epoch, int step, double learningRate);

    /** How many examples step {@code step} used (the weight of its cost in the epoch's mean). */
    int stepExamples(int step);

    /** The augmentation applied to training batches, as the run record says it ("none" for none). */
    default String augmentation() {
        return "none";
    }

    /** What the run record says of where training ran, e.g. "this JVM" or "spark local[2], 2 partitions, synchronous". */
    default String engine() {
        return "";
    }
}
