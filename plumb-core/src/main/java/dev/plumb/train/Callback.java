package dev.plumb.train;

import java.util.Map;
import java.util.Optional;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;

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

    /**
     * Checked after every mini-batch and before every epoch: a reason (e.g. "interrupted by SIGINT") stops training at once, the network
     * going back to the weights of the last finished epoch — what the last checkpoint holds, so a resumed run
     * continues exactly. Empty to go on. Keep it cheap: it runs in the hot loop.
     */
    default Optional<String> interruption() {
        return Optional.empty();
    }

    /**
     * What this callback has learnt so far, for a checkpoint after each epoch, so that a run resumed from it behaves
     * as if it had never stopped (early stopping's best weights, a monitor's history); null when it keeps nothing.
     * {@code parameters} name the network's parameters, for keying tensors.
     */
    default CallbackState saveState(Map<String, Parameter> parameters) {
        return null;
    }

    /** Takes back what {@link #saveState} gave, after {@link #onTrainBegin}, when a run resumes. */
    default void restoreState(CallbackState state, Map<String, Parameter> parameters) {
    }

    /** The name this callback's state has in a checkpoint; two stateful callbacks of a run need different names. */
    default String stateKey() {
        return getClass().getSimpleName();
    }
}
