package dev.plumb.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Matrix;

/**
 * A training run's state taken for a checkpoint and given back on resume: the network's parameters, the optimizer's
 * state and the stateful callbacks' states, checked against the run that takes them back.
 */
final class RunState {

    private RunState() {
    }

    /** The checkpoint to resume from, if the store holds one. */
    static Optional<TrainingState> latest(Checkpoints checkpoints) {
        try {
            return checkpoints.latest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state after the epochs in {@code history}, with the stop if a callback asked for one (else nulls). */
    static TrainingState capture(Network network, Optimizer optimizer, List<Callback> callbacks, List<EpochLogs> history,
                                 TrainingOutcome stoppedOutcome, String stoppedReason) {
        Map<String, Parameter> named = network.parameters();
        Map<String, Matrix> values = new LinkedHashMap<>();
        named.forEach((name, p) -> values.put(name, p.value()));
        Map<String, CallbackState> states = new LinkedHashMap<>();
        for (Callback c : callbacks) {
            CallbackState s = c.saveState(named);
            if (s != null && states.put(c.stateKey(), s) != null) {
                throw new IllegalStateException("Two callbacks keep their state under the same key " + c.stateKey()
                        + "; give one of them another stateKey()");
            }
        }
        return new TrainingState(history.size(), history, stoppedOutcome, stoppedReason, values, optimizer.state(named),
                states);
    }

    /** Puts the network, the optimizer and the stateful callbacks where the checkpoint left them. */
    static void restore(TrainingState state, TrainConfig config, Network network, Optimizer optimizer,
                        List<Callback> callbacks) {
        if (state.epoch() > config.epochs()) {
            throw new IllegalArgumentException("Invalid resume: the checkpoint is after epoch " + state.epoch()
                    + " but this run has " + config.epochs() + " epochs; resume with the run's own configuration");
        }
        Map<String, Parameter> named = network.parameters();
        if (!state.parameters().keySet().equals(named.keySet())) {
            throw new IllegalArgumentException("Invalid resume: the checkpoint holds parameters " + state.parameters().keySet()
                    + " but the network has " + named.keySet() + "; it was written by a run with another architecture");
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            Matrix saved = state.parameters().get(e.getKey());
            Matrix value = e.getValue().value();
            if (!saved.sameShape(value) || saved.dtype() != value.dtype()) {
                throw new IllegalArgumentException("Invalid resume: parameter " + e.getKey() + " is " + saved.shapeString()
                        + " " + saved.dtype() + " in the checkpoint but " + value.shapeString() + " " + value.dtype()
                        + " in the network; it was written by a run with another architecture or precision");
            }
            value.copyFrom(saved);
        }
        optimizer.restoreState(state.optimizer(), named);
        for (Callback c : callbacks) {
            CallbackState saved = state.callbacks().get(c.stateKey());
            if (saved != null) {
                try {
                    c.restoreState(saved, named);
                } catch (RuntimeException e) {
                    throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException("Invalid checkpoint: the "
                            + "state of " + c.stateKey() + " cannot be restored (" + e + "); it was written by another run", e);
                }
            }
        }
    }
}
