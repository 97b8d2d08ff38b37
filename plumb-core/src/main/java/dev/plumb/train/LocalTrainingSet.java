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
 * one optimizer step per mini-batch. With augmentation, the next batch is gathered and augmented on a prefetch
 * thread ({@link BatchPrefetcher}) while the current one trains, in step order: the same batches, bit for bit. Also what a cluster partition runs on its own share of the data.
 */
public final class LocalTrainingSet implements TrainingSet {

    private final Dataset data;
    private final BatchBuffers batches;
    private final boolean shuffle;
    private final long seed;
    private final Augmenter augmenter;
    private final Evaluator evaluator;
    private final BatchPrefetcher prefetcher; // prepares the next augmented batch during a step; null without augmentation

    /**
     * @param data      the examples, already in the network's precision {@code dtype}
     * @param batchSize examples per step (capped at the data's size)
     * @param shuffle   draw a new order each epoch (else the data's order)
     * @param seed      the seed the epochs' orders derive from
     * @param augmenter augments each gathered mini-batch; null for none
     */
    public LocalTrainingSet(Dataset data, DType dtype, int batchSize, boolean shuffle, long seed, Augmenter augmenter) {
        this(data, dtype, batchSize, shuffle, seed, augmenter, augmenter != null);
    }

    /** As above; {@code prefetch} false prepares every batch on the training thread (the reference its test compares to). */
    LocalTrainingSet(Dataset data, DType dtype, int batchSize, boolean shuffle, long seed, Augmenter augmenter,
                     boolean prefetch) {
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
        this.prefetcher = prefetch ? new BatchPrefetcher(this::prepare, "plumb-prefetch-" + data.name()) : null;
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
        if (prefetcher != null) {
            prefetcher.await(); // a batch still being prepared reads the order and the augmenter about to change
        }
        batches.shuffle(shuffle, seed, epoch);
        network.beginEpoch(epoch);
        if (augmenter != null) {
            augmenter.beginEpoch(epoch);
        }
        if (prefetcher != null) {
            prefetcher.start(0);
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
        if (prefetcher == null) {
            prepare(step);
        } else {
            prefetcher.await();
            // steps come in order, so this is the batch prepared ahead; asked out of order (no caller does), make it now
            // — its augmentation then draws after the prefetched batch's, unlike a serial run
            if (prefetcher.pending() != step) {
                prepare(step);
            }
            if (step + 1 < batches.batches()) {
                prefetcher.start(step + 1); // into the other buffer, while this one trains
            }
        }
        return network.computeGradients(batches.features(step), batches.targets(step), Mode.TRAIN, penaltyExamples);
    }

    /**
     * Gathers mini-batch {@code step} of the current epoch into its buffers and augments it. With augmentation it runs
     * on the prefetch thread, one batch ahead of training, and batches are prepared in step order either way, so the
     * augmenter's stream is drawn in the same order as without prefetching.
     */
    private void prepare(int step) {
        batches.gather(step);
        if (augmenter != null) {
            augmenter.augment(batches.features(step));
        }
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
