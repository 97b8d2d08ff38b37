package dev.plumb.train;

import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A training set held in this JVM: each epoch a permutation drawn from (seed, epoch), mini-batches gathered into
 * buffers allocated once ({@link BatchBuffers}), each augmented after it is gathered (with an {@link Augmenter}), and
 * one optimizer step per mini-batch. Also what a cluster partition runs on its own share of the data.
 */
public final class LocalTrainingSet implements TrainingSet {

    private final Dataset data;
    private final BatchBuffers batches;
    private final boolean shuffle;
    private final long seed;
    private final Augmenter augmenter;
    private final Evaluator evaluator;

    /**
     * @param data      the examples, already in the network's precision {@code dtype}
     * @param batchSize examples per step (capped at the data's size)
     * @param shuffle   draw a new order each epoch (else the data's order)
     * @param seed      the seed the epochs' orders derive from
     * @param augmenter augments each gathered mini-batch; null for none
     */
    public LocalTrainingSet(Dataset data, DType dtype, int batchSize, boolean shuffle, long seed, Augmenter augmenter) {
        if (data.features().dtype() != dtype) {
            throw new IllegalArgumentException("Invalid data " + data.name() + ": " + data.features().dtype() + ", but the network is "
                    + dtype + "; convert it with Dataset.to(" + dtype + ")");
        }
        this.data = data;
        this.batches = new BatchBuffers(data, dtype, batchSize);
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmenter = augmenter;
        this.evaluator = new Evaluator(Math.max(batches.batchSize(), 256));
    }

    /** The examples. */
    public Dataset data() {
        return data;
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int featureCount() {
        return data.featureCount();
    }

    @Override
    public int targetColumns() {
        return data.targets().cols();
    }

    @Override
    public int steps() {
        return batches.batches();
    }

    @Override
    public void beginEpoch(Network network, int epoch) {
        batches.shuffle(shuffle, seed, epoch);
        network.beginEpoch(epoch);
        if (augmenter != null) {
            augmenter.beginEpoch(epoch);
        }
    }

    @Override
    public double step(Network network, List<Parameter> parameters, Optimizer optimizer, int epoch, int step,
                       double learningRate) {
        double cost = computeGradients(network, step, size());
        if (Double.isFinite(cost)) {
            optimizer.step(parameters, learningRate);
        }
        return cost;
    }

    /**
     * Gathers (and augments) mini-batch {@code step} of the current epoch and computes the network's gradients on it,
     * the weight penalty scaled by {@code penaltyExamples}; returns the batch's cost. A cluster partition calls this to
     * contribute its share of a global batch.
     */
    public double computeGradients(Network network, int step, int penaltyExamples) {
        batches.gather(step);
        Matrix x = batches.features(step);
        if (augmenter != null) {
            augmenter.augment(x);
        }
        return network.computeGradients(x, batches.targets(step), Mode.TRAIN, penaltyExamples);
    }

    @Override
    public int stepExamples(int step) {
        return batches.rows(step);
    }

    @Override
    public Evaluation evaluate(String split, Network network, int penaltyExamples) {
        return evaluator.evaluate(split, network, data, penaltyExamples);
    }

    @Override
    public String engine() {
        return "";
    }

    @Override
    public String augmentation() {
        return augmenter == null ? "none" : augmenter.id();
    }

    /**
     * A set to measure on only (dev, test), in chunks of the size this set's own evaluation uses (so that its sums are
     * taken in the same order as they always were).
     */
    public ExampleSet evaluationSet(Dataset data) {
        Dataset converted = data.to(this.data.features().dtype());
        Evaluator evaluator = new Evaluator(Math.max(batches.batchSize(), 256));
        return new ExampleSet() {
            @Override
            public String name() {
                return converted.name();
            }

            @Override
            public int size() {
                return converted.size();
            }

            @Override
            public int featureCount() {
                return converted.featureCount();
            }

            @Override
            public int targetColumns() {
                return converted.targets().cols();
            }

            @Override
            public Evaluation evaluate(String split, Network network, int penaltyExamples) {
                return evaluator.evaluate(split, network, converted, penaltyExamples);
            }
        };
    }
}
