package dev.plumb.diagnose.gradcheck;

import java.util.Objects;

import dev.plumb.nn.Mode;

/**
 * How to run a {@link GradientCheck}: validated on construction, with the note's defaults in
 * {@link #defaults()}.
 *
 * @param epsilon       the step ε of the two-sided differences; finite and > 0 (default 1e-7)
 * @param sampleSize    coordinates checked per tensor, drawn at random (seeded); 0 checks every coordinate.
 *                      A sampled check costs 2 forward passes per coordinate, whatever the network's size
 * @param seed          seed of the coordinate samples, of the single-layer check's random weighting r, and
 *                      of the mini-batch order of the training steps
 * @param afterSteps    training steps (mini-batch updates, {@link #learningRate}, plain gradient descent unless
 *                      the check is given another optimizer) taken on the float64 copy before checking;
 *                      0 checks the weights as given (at initialization, for a freshly built network)
 * @param learningRate  α of those steps; finite and > 0
 * @param batchSize     examples per training step; 0 uses the whole check batch
 * @param maxWorst      worst coordinates kept per tensor in the report, ≥ 0
 * @param mode          the mode J and the gradient are computed in: {@link Mode#EVAL} (dropout off, the default
 *                      and what the note asks); {@link Mode#TRAIN} is refused for a network with active dropout
 * @param absoluteFloor the least denominator of the relative error, so that all-zero gradients give 0 rather
 *                      than 0/0; finite and > 0 (default 1e-8)
 * @param thresholds    where the verdicts change
 */
public record GradientCheckConfig(double epsilon, int sampleSize, long seed, int afterSteps, double learningRate,
                                  int batchSize, int maxWorst, Mode mode, double absoluteFloor,
                                  VerdictThresholds thresholds) {

    public static final double DEFAULT_EPSILON = 1e-7;

    public GradientCheckConfig {
        NumericalGradient.validEpsilon(epsilon);
        if (sampleSize < 0) {
            throw new IllegalArgumentException("Invalid value for argument sampleSize: " + sampleSize
                    + ". Expected 0 (check every coordinate) or a positive number of coordinates per tensor.");
        }
        if (afterSteps < 0) {
            throw new IllegalArgumentException("Invalid value for argument afterSteps: " + afterSteps
                    + ". Expected 0 (check the weights as given) or a positive number of training steps.");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Invalid value for argument learningRate: " + learningRate
                    + ". Expected a finite number > 0.");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("Invalid value for argument batchSize: " + batchSize
                    + ". Expected 0 (the whole check batch) or a positive number of examples per step.");
        }
        if (maxWorst < 0) {
            throw new IllegalArgumentException("Invalid value for argument maxWorst: " + maxWorst
                    + ". Expected an integer >= 0 (worst coordinates listed per tensor).");
        }
        Objects.requireNonNull(mode, "mode");
        if (!(absoluteFloor > 0) || !Double.isFinite(absoluteFloor)) {
            throw new IllegalArgumentException("Invalid value for argument absoluteFloor: " + absoluteFloor
                    + ". Expected a finite number > 0, such as 1e-8.");
        }
        Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * ε = 1e-7, every coordinate, seed 42, no training steps (α 0.1, whole batch if asked for), 5 worst
     * coordinates, eval mode, floor 1e-8, the note's thresholds.
     */
    public static GradientCheckConfig defaults() {
        return new GradientCheckConfig(DEFAULT_EPSILON, 0, 42, 0, 0.1, 0, 5, Mode.EVAL, 1e-8, VerdictThresholds.NOTE);
    }

    public GradientCheckConfig withEpsilon(double value) {
        return new GradientCheckConfig(value, sampleSize, seed, afterSteps, learningRate, batchSize, maxWorst, mode,
                absoluteFloor, thresholds);
    }

    public GradientCheckConfig withSampleSize(int value) {
        return new GradientCheckConfig(epsilon, value, seed, afterSteps, learningRate, batchSize, maxWorst, mode,
                absoluteFloor, thresholds);
    }

    public GradientCheckConfig withSeed(long value) {
        return new GradientCheckConfig(epsilon, sampleSize, value, afterSteps, learningRate, batchSize, maxWorst, mode,
                absoluteFloor, thresholds);
    }

    /** {@code steps} training steps of α = {@code rate} on batches of {@code batch} examples (0 = all) first. */
    public GradientCheckConfig withTraining(int steps, double rate, int batch) {
        return new GradientCheckConfig(epsilon, sampleSize, seed, steps, rate, batch, maxWorst, mode,
                absoluteFloor, thresholds);
    }

    public GradientCheckConfig withAfterSteps(int value) {
        return withTraining(value, learningRate, batchSize);
    }

    public GradientCheckConfig withMaxWorst(int value) {
        return new GradientCheckConfig(epsilon, sampleSize, seed, afterSteps, learningRate, batchSize, value, mode,
                absoluteFloor, thresholds);
    }

    public GradientCheckConfig withMode(Mode value) {
        return new GradientCheckConfig(epsilon, sampleSize, seed, afterSteps, learningRate, batchSize, maxWorst, value,
                absoluteFloor, thresholds);
    }

    public GradientCheckConfig withAbsoluteFloor(double value) {
        return new GradientCheckConfig(epsilon, sampleSize, seed, afterSteps, learningRate, batchSize, maxWorst, mode,
                value, thresholds);
    }

    public GradientCheckConfig withThresholds(VerdictThresholds value) {
        return new GradientCheckConfig(epsilon, sampleSize, seed, afterSteps, learningRate, batchSize, maxWorst, mode,
                absoluteFloor, value);
    }
}
