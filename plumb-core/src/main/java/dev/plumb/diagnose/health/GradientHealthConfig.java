package dev.plumb.diagnose.health;

/**
 * Thresholds of {@link GradientHealth}: when a trend across layers counts as vanishing or exploding,
 * and when a layer counts as saturated or dead. Immutable, validated on construction.
 *
 * @param shrinkRatio      a per-layer factor below this (going back from the output) is a vanishing step;
 *                         in (0, 1), default 0.5
 * @param growRatio        a per-layer factor above this is an exploding step; &gt; 1, default 2
 * @param minLayers        a vanishing or exploding run must span at least this many consecutive dense
 *                         layers (that is, minLayers − 1 steps in a row past the ratio); ≥ 2, default 3
 * @param saturationMargin an activation within this distance of a tanh/sigmoid asymptote is saturated
 *                         (|tanh| &gt; 1 − margin; sigmoid &lt; margin or &gt; 1 − margin); in (0, 0.5), default 0.01
 * @param saturationLimit  warn when more than this fraction of a tanh/sigmoid layer's activations is
 *                         saturated; in (0, 1], default 0.5
 * @param deadLimit        warn when more than this fraction of a ReLU layer's units is dead; in (0, 1], default 0.5
 * @param probeExamples    rows {@link GradientHealth#sampling} draws from the training set; ≥ 1, default 256
 * @param seed             seed of that draw
 */
public record GradientHealthConfig(double shrinkRatio, double growRatio, int minLayers, double saturationMargin,
                                   double saturationLimit, double deadLimit, int probeExamples, long seed) {

    public GradientHealthConfig {
        if (!(shrinkRatio > 0 && shrinkRatio < 1)) {
            throw invalid("shrinkRatio", shrinkRatio, "a per-layer factor in (0, 1), e.g. 0.5");
        }
        if (!(growRatio > 1) || !Double.isFinite(growRatio)) {
            throw invalid("growRatio", growRatio, "a finite per-layer factor > 1, e.g. 2");
        }
        if (minLayers < 2) {
            throw invalid("minLayers", minLayers, "an integer >= 2 (a trend needs at least two layers), e.g. 3");
        }
        if (!(saturationMargin > 0 && saturationMargin < 0.5)) {
            throw invalid("saturationMargin", saturationMargin, "a distance from the asymptote in (0, 0.5), e.g. 0.01");
        }
        if (!(saturationLimit > 0 && saturationLimit <= 1)) {
            throw invalid("saturationLimit", saturationLimit, "a fraction in (0, 1], e.g. 0.5");
        }
        if (!(deadLimit > 0 && deadLimit <= 1)) {
            throw invalid("deadLimit", deadLimit, "a fraction in (0, 1], e.g. 0.5");
        }
        if (probeExamples < 1) {
            throw invalid("probeExamples", probeExamples, "a positive integer, e.g. 256");
        }
    }

    /** Halving or doubling per layer over 3 layers; more than half saturated or dead; a probe of 256 rows. */
    public static GradientHealthConfig defaults() {
        return new GradientHealthConfig(0.5, 2.0, 3, 0.01, 0.5, 0.5, 256, 0);
    }

    public GradientHealthConfig withShrinkRatio(double value) {
        return new GradientHealthConfig(value, growRatio, minLayers, saturationMargin, saturationLimit, deadLimit,
                probeExamples, seed);
    }

    public GradientHealthConfig withGrowRatio(double value) {
        return new GradientHealthConfig(shrinkRatio, value, minLayers, saturationMargin, saturationLimit, deadLimit,
                probeExamples, seed);
    }

    public GradientHealthConfig withMinLayers(int value) {
        return new GradientHealthConfig(shrinkRatio, growRatio, value, saturationMargin, saturationLimit, deadLimit,
                probeExamples, seed);
    }

    public GradientHealthConfig withProbe(int examples, long drawSeed) {
        return new GradientHealthConfig(shrinkRatio, growRatio, minLayers, saturationMargin, saturationLimit,
                deadLimit, examples, drawSeed);
    }

    private static IllegalArgumentException invalid(String argument, Object value, String expected) {
        return new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                + ". Expected " + expected + ".");
    }
}
