package dev.plumb.data;

import java.util.Locale;

import dev.plumb.tensor.Matrix;

/**
 * Per-feature input scaling with statistics fitted on the training split only, then applied unchanged
 * to dev, test and every later prediction. Implementations are immutable once fitted and are saved with
 * the model. Both implementations are the per-feature affine map x ↦ (x − offset) / divisor
 * ({@link #offsets()}, {@link #divisors()}); a constant feature gets divisor 1, so it is centred and never NaN.
 */
public sealed interface Normalizer permits Standardizer, MinMaxScaler {

    /** "standard" or "minmax". */
    String kind();

    int featureCount();

    /** The scaled features as a new matrix of the same precision. */
    Matrix transform(Matrix x);

    /** The data set with scaled features. */
    default Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }

    /** The statistics: for "standard" (mean, std), for "minmax" (min, max). */
    double[][] parameters();

    /** Per-feature offset of the map x ↦ (x − offset) / divisor: μ, or min. */
    double[] offsets();

    /** Per-feature divisor of the map: σ, or max − min; 1 where that is 0. */
    double[] divisors();

    /** How to choose a normalizer on the command line or in a configuration file. */
    enum Kind {
        STANDARD, MINMAX, NONE;

        public static Kind parse(String value) {
            String s = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace("-", "");
            return switch (s) {
                case "standard", "standardize", "zscore" -> STANDARD;
                case "minmax" -> MINMAX;
                case "none", "off" -> NONE;
                default -> throw new IllegalArgumentException("Invalid normalization: '" + value
                        + "'. Expected one of: standard, minmax, none.");
            };
        }

        /** Fits this kind of normalizer on the training split, or null for NONE. */
        public Normalizer fit(Dataset training) {
            return switch (this) {
                case STANDARD -> Standardizer.fit(training);
                case MINMAX -> MinMaxScaler.fit(training);
                case NONE -> null;
            };
        }
    }

    /** The fitted statistics as plain data, for model files and run records. */
    default State state() {
        double[][] p = parameters();
        return new State(kind(), p[0], p[1]);
    }

    /** Restores a fitted normalizer from its {@link #state()} (a model file). */
    static Normalizer of(State state) {
        if (state.first() == null || state.second() == null) {
            throw new IllegalArgumentException("Invalid normalizer: its statistics are missing");
        }
        return switch (state.kind() == null ? "" : state.kind()) {
            case "standard" -> Standardizer.of(state.first(), state.second());
            case "minmax" -> MinMaxScaler.of(state.first(), state.second());
            default -> throw new IllegalArgumentException("Invalid normalizer kind: '" + state.kind()
                    + "'. Expected \"standard\" or \"minmax\".");
        };
    }

    /**
     * A fitted normalizer as plain data.
     *
     * @param kind   "standard" (first = mean, second = population std) or "minmax" (first = min, second = max)
     * @param first  per-feature values
     * @param second per-feature values
     */
    record State(String kind, double[] first, double[] second) {
        @Override
        public boolean equals(Object o) {
            return o instanceof State s && java.util.Objects.equals(kind, s.kind)
                    && java.util.Arrays.equals(first, s.first) && java.util.Arrays.equals(second, s.second);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(kind, java.util.Arrays.hashCode(first), java.util.Arrays.hashCode(second));
        }

        @Override
        public String toString() {
            return kind + " normalizer over " + (first == null ? 0 : first.length) + " features";
        }
    }
}
