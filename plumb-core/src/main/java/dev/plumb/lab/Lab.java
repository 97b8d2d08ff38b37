package dev.plumb.lab;

import java.util.List;
import java.util.Optional;

/** The experiments, in the order of the note's claims. */
public final class Lab {

    private Lab() {
    }

    /** Every experiment, in order. */
    public static List<Experiment> experiments() {
        return List.of(new Normalization(), new BiasVarianceExperiment(), new AugmentationExperiment());
    }

    /** The experiment named {@code name}, if there is one. */
    public static Optional<Experiment> find(String name) {
        return experiments().stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
