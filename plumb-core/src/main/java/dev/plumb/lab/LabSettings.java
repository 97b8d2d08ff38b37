package dev.plumb.lab;

import java.util.Optional;

/**
 * What a user may change about an experiment: the data (a CLI {@code --data} value: {@code digits}, a CSV file, …;
 * empty for the experiment's own choice) and the seed every draw derives from.
 */
public record LabSettings(Optional<String> data, long seed) {

    public LabSettings {
        data = data == null ? Optional.empty() : data.filter(s -> !s.isBlank());
    }

    /** The experiment's own data, seed 1. */
    public static LabSettings defaults() {
        return new LabSettings(Optional.empty(), 1);
    }
}
