package dev.plumb.optim;

import java.util.Locale;

/**
 * Which optimizer to train with, as a value: what a run configuration holds. {@link #create} makes a new
 * optimizer with fresh state each time (state belongs to one training run).
 */
public enum OptimizerSpec {
    /** Plain (mini-batch) gradient descent. */
    SGD,
    /** Momentum with β = 0.9. */
    MOMENTUM,
    /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    ADAM;

    /** A new optimizer of this kind, with fresh state. */
    public Optimizer create() {
        return switch (this) {
            case SGD -> new Sgd();
            case MOMENTUM -> new Momentum(0.9);
            case ADAM -> new Adam(0.9, 0.999, 1e-8);
        };
    }

    /** The id on the command line and in configuration files: sgd, momentum, adam. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "sgd" (also "gd", "gradient_descent"), "momentum" or "adam". */
    public static OptimizerSpec parse(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "sgd", "gd", "gradient_descent" -> SGD;
            case "momentum" -> MOMENTUM;
            case "adam" -> ADAM;
            default -> throw new IllegalArgumentException("Invalid optimizer: '" + id
                    + "'. Expected one of: sgd, momentum, adam.");
        };
    }
}
