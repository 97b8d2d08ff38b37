package dev.plumb.train;

/**
 * What one epoch measured. Train and dev figures are measured after the epoch in eval mode (no
 * dropout, no augmentation) over the whole set, so that train error and dev error are comparable —
 * the two numbers a bias/variance verdict is made from.
 *
 * @param epoch          1-based
 * @param trainCost      J on the training set: mean loss + weight penalty
 * @param trainError     error on the training set (misclassification rate, or MSE for regression)
 * @param devCost        mean dev loss + the same weight penalty, or null without a dev set
 * @param devError       error on the dev set, or null without a dev set
 * @param meanBatchCost  mean of the mini-batch costs during the epoch (train mode, as optimized)
 * @param learningRate   α used in this epoch
 * @param seconds        wall time of the epoch including the evaluation
 * @param slowdown       when the epoch was far slower than the run's fastest on a machine loaded beyond its cores, what
 *                       {@link Oversubscription} said about it; null otherwise
 */
public record EpochLogs(int epoch, double trainCost, double trainError, Double devCost, Double devError,
                        double meanBatchCost, double learningRate, double seconds, String slowdown) {

    /** An epoch not slowed down by the machine. */
    public EpochLogs(int epoch, double trainCost, double trainError, Double devCost, Double devError,
                     double meanBatchCost, double learningRate, double seconds) {
        this(epoch, trainCost, trainError, devCost, devError, meanBatchCost, learningRate, seconds, null);
    }

    public boolean hasDev() {
        return devError != null;
    }
}
