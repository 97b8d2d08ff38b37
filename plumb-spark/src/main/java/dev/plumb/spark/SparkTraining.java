package dev.plumb.spark;

import java.util.Locale;

/**
 * How a run trains on Spark, as a validated value.
 *
 * @param mode       {@link Mode#SYNCHRONOUS}: every step, each partition computes the gradient of its share of the
 *                   global batch and the driver applies the optimizer to their weighted mean — one machine's
 *                   mathematics at that batch size; {@link Mode#AVERAGING}: each partition takes {@code localSteps}
 *                   steps of its own from the same weights, and the driver takes the weighted mean of the weights
 *                   and optimizer states they reach (fewer, larger communications)
 * @param localSteps steps each partition takes between averages (1 in synchronous mode)
 */
public record SparkTraining(Mode mode, int localSteps) {

    /** Where the arithmetic of a step happens. */
    public enum Mode { SYNCHRONOUS, AVERAGING }

    public SparkTraining {
        if (mode == null) {
            throw new IllegalArgumentException("Invalid Spark training mode: null. Expected sync or average=K.");
        }
        if (mode == Mode.SYNCHRONOUS && localSteps != 1) {
            throw new IllegalArgumentException("Invalid Spark training: synchronous mode takes one step per exchange, not "
                    + localSteps + "; use average=" + localSteps + " for local steps between averages");
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("Invalid number of local steps between averages: " + localSteps
                    + ". Expected at least 1, e.g. average=8.");
        }
    }

    public static final SparkTraining SYNCHRONOUS = new SparkTraining(Mode.SYNCHRONOUS, 1);

    /** Parameter averaging every {@code k} local steps. */
    public static SparkTraining averaging(int k) {
        return new SparkTraining(Mode.AVERAGING, k);
    }

    /** Parses "sync" or "average=K" (K local steps between averages; "average" alone is average=8). */
    public static SparkTraining parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("sync") || s.equals("synchronous")) {
            return SYNCHRONOUS;
        }
        if (s.equals("average")) {
            return averaging(8);
        }
        if (s.startsWith("average=")) {
            try {
                return averaging(Integer.parseInt(s.substring("average=".length())));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("Invalid Spark training mode: '" + text + "'. Expected sync (synchronous "
                + "data-parallel steps) or average=K (parameter averaging every K local steps), e.g. average=8.");
    }

    /** As the run record says it. */
    public String describe() {
        return mode == Mode.SYNCHRONOUS ? "synchronous data-parallel steps"
                : "parameter averaging every " + localSteps + " local steps";
    }
}
