package dev.plumb.tune;

import java.util.Locale;

/** How a study chooses its trials. */
public enum Strategy {
    /** Points drawn at random from the space (log-uniform on log ranges): the default for wide spaces. */
    RANDOM,
    /** Every point of a grid (ranges at evenly spaced points, every choice). */
    GRID,
    /**
     * The note's loop: start from a small, fast model, read the bias/variance verdict of each trial, and move along
     * the capacity axes when avoidable bias dominates or the regularization axes when variance does.
     */
    RECIPE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy parse(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "random" -> RANDOM;
            case "grid" -> GRID;
            case "recipe" -> RECIPE;
            default -> throw new IllegalArgumentException("Invalid value for option --strategy: '" + text
                    + "'. Expected random, grid or recipe.");
        };
    }
}
