package dev.plumb.nn;

import java.util.Locale;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.plumb.tensor.Matrix;

/**
 * How a weight matrix gets its starting values. Weights that start too large or too small make
 * activations and gradients grow or shrink geometrically with depth (exploding / vanishing
 * gradients); scaling the variance by the fan-in keeps them of order one.
 *
 * <p>Ids (as in model files and on the command line): {@code zeros}, {@code small} (N(0,1)·0.01),
 * {@code lecun} / {@code xavier} (Var = 1/n_in), {@code he} (Var = 2/n_in), {@code glorot}
 * (Var = 2/(n_in + n_out)); each variance-scaling id takes a {@code _uniform} suffix for the uniform
 * form U(−√(3·Var), √(3·Var)), which has the same variance.
 */
public sealed interface Initializer permits Initializer.Zeros, Initializer.SmallRandom, Initializer.VarianceScaling {

    /** Fills {@code w} (fanOut × fanIn, one row per output unit) from {@code rng}. */
    void initialize(Matrix w, RandomGenerator rng);

    @JsonValue
    String id();

    /** The variance the weights are drawn with, for a layer of the given fan-in and fan-out. */
    double variance(int fanIn, int fanOut);

    /** The note's advice: He (2/n) for the ReLU family, LeCun/Xavier (1/n) for tanh, sigmoid and the rest. */
    static Initializer defaultFor(Activation activation) {
        return activation instanceof Relu || activation instanceof LeakyRelu
                ? new VarianceScaling(Scale.HE, false)
                : new VarianceScaling(Scale.LECUN, false);
    }

    @JsonCreator
    static Initializer parse(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        boolean uniform = s.endsWith("_uniform");
        String base = uniform ? s.substring(0, s.length() - "_uniform".length()) : s.replace("_normal", "");
        return switch (base) {
            case "zeros", "zero" -> new Zeros();
            case "small", "small_random" -> new SmallRandom(0.01);
            case "lecun", "xavier" -> new VarianceScaling(Scale.LECUN, uniform);
            case "he", "kaiming" -> new VarianceScaling(Scale.HE, uniform);
            case "glorot" -> new VarianceScaling(Scale.GLOROT, uniform);
            default -> throw new IllegalArgumentException("Invalid initializer: '" + id + "'. Expected one of: zeros, small, "
                    + "lecun, xavier, he, glorot (append _uniform for the uniform form).");
        };
    }

    /** All zeros: every unit computes the same function and stays so (symmetry is never broken). */
    record Zeros() implements Initializer {
        @Override
        public void initialize(Matrix w, RandomGenerator rng) {
            w.fill(0);
        }

        @Override
        public String id() {
            return "zeros";
        }

        @Override
        public double variance(int fanIn, int fanOut) {
            return 0;
        }
    }

    /** N(0, 1) × scale (the note's "× 0.01"): fine for shallow nets, vanishing signals in deep ones. */
    record SmallRandom(double scale) implements Initializer {
        public SmallRandom {
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException("Invalid value for argument scale: " + scale + ". Expected a finite number > 0.");
            }
        }

        @Override
        public void initialize(Matrix w, RandomGenerator rng) {
            for (int i = 0, n = w.size(); i < n; i++) {
                w.set(i, rng.nextGaussian() * scale);
            }
        }

        @Override
        public String id() {
            return "small";
        }

        @Override
        public double variance(int fanIn, int fanOut) {
            return scale * scale;
        }
    }

    /** The variance-scaling family: LeCun/Xavier 1/n_in, He 2/n_in, Glorot 2/(n_in + n_out). */
    enum Scale {
        LECUN, HE, GLOROT
    }

    record VarianceScaling(Scale scale, boolean uniform) implements Initializer {
        public VarianceScaling {
            java.util.Objects.requireNonNull(scale, "scale");
        }

        @Override
        public void initialize(Matrix w, RandomGenerator rng) {
            double variance = variance(w.cols(), w.rows());
            if (uniform) {
                double limit = Math.sqrt(3 * variance); // Var(U(−l, l)) = l²/3
                for (int i = 0, n = w.size(); i < n; i++) {
                    w.set(i, (2 * rng.nextDouble() - 1) * limit);
                }
            } else {
                double std = Math.sqrt(variance);
                for (int i = 0, n = w.size(); i < n; i++) {
                    w.set(i, rng.nextGaussian() * std);
                }
            }
        }

        @Override
        public double variance(int fanIn, int fanOut) {
            return switch (scale) {
                case LECUN -> 1.0 / fanIn;
                case HE -> 2.0 / fanIn;
                case GLOROT -> 2.0 / (fanIn + fanOut);
            };
        }

        @Override
        public String id() {
            return scale.name().toLowerCase(Locale.ROOT) + (uniform ? "_uniform" : "");
        }
    }
}
