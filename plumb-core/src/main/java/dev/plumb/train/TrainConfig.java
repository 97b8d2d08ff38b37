package dev.plumb.train;

import dev.plumb.tensor.Checks;

/**
 * How to train: validated on construction.
 *
 * @param epochs        passes over the training set, ≥ 1
 * @param batchSize     examples per mini-batch, ≥ 1 (a batch as large as the training set is batch gradient descent)
 * @param learningRate  α, > 0
 * @param seed          seed of the per-epoch shuffles (derived from (seed, epoch))
 * @param shuffle       reshuffle the training set every epoch
 * @param schedule      how α changes from epoch to epoch (α = learningRate for a constant schedule)
 * @param onDivergence  what to do when the cost explodes (see {@link DivergencePolicy}); null means stop
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, long seed, boolean shuffle,
                          LearningRateSchedule schedule, DivergencePolicy onDivergence) {

    public TrainConfig {
        Checks.positive("epochs", epochs);
        Checks.positive("batchSize", batchSize);
        Checks.positive("learningRate", learningRate);
        schedule = schedule == null ? LearningRateSchedule.constant() : schedule;
        onDivergence = onDivergence == null ? DivergencePolicy.STOP : onDivergence;
    }

    /** Stopping when the cost explodes. */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed, boolean shuffle,
                       LearningRateSchedule schedule) {
        this(epochs, batchSize, learningRate, seed, shuffle, schedule, DivergencePolicy.STOP);
    }

    /** A constant learning rate. */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed, boolean shuffle) {
        this(epochs, batchSize, learningRate, seed, shuffle, LearningRateSchedule.constant());
    }

    /** α of 1-based {@code epoch}. */
    public double learningRate(int epoch) {
        return schedule.rate(learningRate, epoch);
    }

    public TrainConfig withSchedule(LearningRateSchedule value) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, shuffle, value, onDivergence);
    }

    /** Defaults that suit small tabular data: 20 epochs, batch 32, α = 0.01, seed 42, shuffled. */
    public static TrainConfig defaults() {
        return new TrainConfig(20, 32, 0.01, 42, true);
    }

    public TrainConfig withEpochs(int value) {
        return new TrainConfig(value, batchSize, learningRate, seed, shuffle, schedule, onDivergence);
    }

    public TrainConfig withBatchSize(int value) {
        return new TrainConfig(epochs, value, learningRate, seed, shuffle, schedule, onDivergence);
    }

    public TrainConfig withLearningRate(double value) {
        return new TrainConfig(epochs, batchSize, value, seed, shuffle, schedule, onDivergence);
    }

    public TrainConfig withSeed(long value) {
        return new TrainConfig(epochs, batchSize, learningRate, value, shuffle, schedule, onDivergence);
    }

    public TrainConfig withOnDivergence(DivergencePolicy value) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, shuffle, schedule, value);
    }
}
