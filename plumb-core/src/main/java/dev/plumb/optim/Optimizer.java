package dev.plumb.optim;

import java.util.List;

import dev.plumb.nn.Parameter;

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

    /** Parses "sgd", "momentum" (β=0.9), "adam" (defaults): a new optimizer of {@link OptimizerSpec#parse}'s kind. */
    static Optimizer parse(String id) {
        return OptimizerSpec.parse(id).create();
    }
}
