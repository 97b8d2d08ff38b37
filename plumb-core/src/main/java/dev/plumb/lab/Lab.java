package dev.plumb.lab;

import java.util.List;
import java.util.Optional;

/** The experiments, in the order of the note's claims. */
public final class Lab {

    private Lab() {
    }

    /** Every experiment, in order. */
    public static List<Experiment> experiments() {
        // the note's order: l2, dropout, normalization, initialization, numerical-gradient, gradient-check,
        // early-stopping, bias-variance, augmentation
        return List.of(new L2Experiment(), new DropoutExperiment(), new Normalization(), new InitializationExperiment(),
                new NumericalGradientExperiment(), new GradientCheckExperiment(), new EarlyStoppingExperiment(),
                new BiasVarianceExperiment(), new AugmentationExperiment());
    }

    /** The experiment named {@code name}, if there is one. */
    public static Optional<Experiment> find(String name) {
        return experiments().stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
