package dev.plumb.train;

import dev.plumb.nn.Network;

/**
 * Hooks into a training run. All methods have no-op defaults: implement only what you need. Early
 * stopping, progress bars and gradient-health monitors are callbacks.
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
    }

    /** After each mini-batch step, with that batch's cost J. Keep it cheap: it runs in the hot loop. */
    default void onBatchEnd(int epoch, int batch, double batchCost) {
    }

    /** After each epoch's evaluation; returning {@link Decision#stop} ends training after this epoch. */
    default Decision onEpochEnd(EpochLogs logs) {
        return Decision.proceed();
    }

    /** After the last epoch, before the run record is made; may change the network (e.g. restore the best weights). */
    default void onTrainEnd(Network network) {
    }
}
