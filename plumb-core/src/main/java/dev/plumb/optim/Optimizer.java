package dev.plumb.optim;

import java.util.List;
import java.util.Map;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;

/**
 * Updates parameters from their gradients. Life cycle: {@link #step} once per mini-batch after the
 * gradients are computed; {@link #reset} forgets all state (moments, step count); {@link #copy} gives
 * an optimizer with the same settings and fresh state.
 *
 * <p>State (velocities, moments) lives here, keyed by the {@link Parameter} object, never in layers.
 * The learning rate is passed per step so that a schedule, owned by the trainer, can change it.
 */
public interface Optimizer {

    /** Applies one update to each parameter with learning rate {@code learningRate}. */
    void step(List<Parameter> parameters, double learningRate);

    /** Forgets all state. */
    void reset();

    /** Same settings, fresh state. */
    Optimizer copy();

    /** Stable identifier with settings, e.g. "adam(beta1=0.9, beta2=0.999, epsilon=1e-08)". */
    String id();

    /**
     * The state a checkpoint keeps so that training resumed from it takes the very same steps: matrices by name,
     * keyed through {@code parameters} (e.g. Adam's "m/W1", "v/W1" and its step count "t"). The matrices may be the
     * optimizer's own: write them out before the next step. Empty for a stateless optimizer.
     */
    default Map<String, Matrix> state(Map<String, Parameter> parameters) {
        return Map.of();
    }

    /**
     * Takes back what {@link #state} gave, for the parameters named in {@code parameters}.
     *
     * @throws IllegalArgumentException when the state does not fit these parameters (a checkpoint of another run)
     */
    default void restoreState(Map<String, Matrix> state, Map<String, Parameter> parameters) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("Invalid optimizer state: " + id() + " keeps no state, but the checkpoint has "
                    + state.keySet() + "; it was written by a run with another optimizer");
        }
    }

    /** Parses "sgd", "momentum" (β=0.9), "adam" (defaults): a new optimizer of {@link OptimizerSpec#parse}'s kind. */
    static Optimizer parse(String id) {
        return OptimizerSpec.parse(id).create();
    }
}
