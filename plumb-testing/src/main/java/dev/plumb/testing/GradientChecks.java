package dev.plumb.testing;

import java.util.Objects;
import java.util.SplittableRandom;

import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * One-line gradient-check assertions for the tests of layers, activations, losses and penalties you write:
 * {@code GradientChecks.assertCorrect(myLayer)}. Each runs {@link GradientCheck} (float64, on the
 * {@link Layer#copy(DType) copy(FLOAT64)} of what it is given, dropout off) and, when the check fails, throws an
 * {@link AssertionError} whose message is the check's diagnosis followed by its whole report: which tensor is
 * wrong (W1, b1, X, …), by how much, and where. A plain {@code AssertionError}, so any test framework reports it.
 */
public final class GradientChecks {

    /** Inputs checked per layer: different random batches, so a bug that vanishes on one input shows on another. */
    public static final int SEEDS = 5;
    /** Rows of each random input batch. */
    public static final int EXAMPLES = 4;
    /** Input width tried first for a layer that takes any width. */
    static final int PREFERRED_WIDTH = 5;
    /** Widest input probed when looking for the width a layer takes. */
    static final int MAX_WIDTH = 4096;

    private GradientChecks() {
    }

    /**
     * Checks {@code layer} on its own — its parameters' gradients and its input gradient dX — on {@value #SEEDS}
     * batches of {@value #EXAMPLES} random inputs in [−1, 1] (float64), at its current parameter values. The input
     * width is the first one the layer accepts ({@link Layer#outputSize} does not throw): {@value #PREFERRED_WIDTH}
     * if it takes any width, else the one it was built for.
     *
     * @throws AssertionError naming the seed and giving the check's diagnosis and report, at the first failing batch
     */
    public static void assertCorrect(Layer layer) {
        assertCorrect(layer, inputWidth(Objects.requireNonNull(layer, "layer")));
    }

    /** As {@link #assertCorrect(Layer)}, with input batches of {@code inputWidth} columns. */
    public static void assertCorrect(Layer layer, int inputWidth) {
        Objects.requireNonNull(layer, "layer");
        if (inputWidth < 1) {
            throw new IllegalArgumentException("Invalid value for argument inputWidth: " + inputWidth
                    + ". Expected a positive number of input columns.");
        }
        GradientCheck check = new GradientCheck();
        for (int seed = 1; seed <= SEEDS; seed++) {
            GradientCheckReport report = check.check(layer, randomInput(EXAMPLES, inputWidth, seed));
            if (!report.passed()) {
                throw failure(report, "on random input " + seed + " of " + SEEDS + " (" + EXAMPLES + " × " + inputWidth
                        + ", seed " + seed + ")");
            }
        }
    }

    /**
     * Checks {@code network} on the batch ({@code x}, {@code y}) against its cost J = loss + penalty: every
     * parameter's gradient, in float64, at its current weights.
     *
     * @throws AssertionError with the check's diagnosis and report when a gradient is wrong
     */
    public static void assertCorrect(Network network, Matrix x, Matrix y) {
        GradientCheckReport report = new GradientCheck().check(Objects.requireNonNull(network, "network"), x, y);
        if (!report.passed()) {
            throw failure(report, "on the given batch (" + x.rows() + " examples)");
        }
    }

    private static AssertionError failure(GradientCheckReport report, String where) {
        return new AssertionError("Gradient check failed " + where + ": " + report.diagnosis().message()
                + System.lineSeparator() + System.lineSeparator() + report.format());
    }

    private static int inputWidth(Layer layer) {
        if (accepts(layer, PREFERRED_WIDTH)) {
            return PREFERRED_WIDTH;
        }
        for (int width = 1; width <= MAX_WIDTH; width++) {
            if (accepts(layer, width)) {
                return width;
            }
        }
        throw new IllegalArgumentException("Invalid argument layer: " + layer.describe() + " takes no input width from 1 to "
                + MAX_WIDTH + " (its outputSize throws for each); use assertCorrect(layer, inputWidth)");
    }

    private static boolean accepts(Layer layer, int width) {
        try {
            layer.outputSize(width);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Uniform in [−1, 1]: small enough that sigmoid and tanh are not saturated, where every gradient looks right. */
    static Matrix randomInput(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(DType.FLOAT64, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble(-1, 1));
        }
        return x;
    }
}
