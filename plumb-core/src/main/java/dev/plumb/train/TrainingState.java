package dev.plumb.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.plumb.tensor.Matrix;

/**
 * Everything a training run needs to continue exactly where it was after epoch {@link #epoch}: the weights, the
 * optimizer's state (moments, step count), each stateful callback's state (early stopping's best weights, the
 * gradient-health monitor's history), the history of the epochs run, and — when training had already ended at that
 * epoch (early stopping) — how it ended. Randomness needs no state here: the shuffles, dropout masks and
 * augmentation of epoch k are drawn from generators derived from (seed, k).
 *
 * @param epoch          the last finished epoch, ≥ 1
 * @param history        one entry per finished epoch
 * @param stoppedOutcome how training ended at this epoch, or null if it goes on
 * @param stoppedReason  the stop reason, or null if it goes on
 * @param parameters     the network's parameters by name (W1, b1, …)
 * @param optimizer      the optimizer's state by name (empty for plain gradient descent)
 * @param callbacks      stateful callbacks' states by {@link Callback#stateKey}
 */
public record TrainingState(int epoch, List<EpochLogs> history, TrainingOutcome stoppedOutcome, String stoppedReason,
                            Map<String, Matrix> parameters, Map<String, Matrix> optimizer,
                            Map<String, CallbackState> callbacks) {

    public TrainingState {
        if (epoch < 1) {
            throw new IllegalArgumentException("Invalid checkpoint: epoch " + epoch + ". Expected the last finished epoch, ≥ 1.");
        }
        history = List.copyOf(history);
        if (history.size() != epoch) {
            throw new IllegalArgumentException("Invalid checkpoint: " + history.size() + " history entries for epoch "
                    + epoch + ". Expected one per finished epoch.");
        }
        if ((stoppedOutcome == null) != (stoppedReason == null)) {
            throw new IllegalArgumentException("Invalid checkpoint: a stop needs both an outcome and a reason");
        }
        parameters = unmodifiable(parameters);
        optimizer = unmodifiable(optimizer);
        callbacks = unmodifiable(callbacks);
    }

    /** True when training had ended at this epoch: resuming goes straight to the final evaluation. */
    public boolean stopped() {
        return stoppedOutcome != null;
    }

    private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map)));
    }
}
