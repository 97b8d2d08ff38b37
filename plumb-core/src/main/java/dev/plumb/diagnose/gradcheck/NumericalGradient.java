package dev.plumb.diagnose.gradcheck;

import java.util.Objects;
import java.util.function.DoubleSupplier;

import dev.plumb.tensor.Matrix;

/**
 * Derivatives by finite differences: two-sided (f(θ+ε) − f(θ−ε)) / 2ε, whose error
 * is O(ε²), and one-sided (f(θ+ε) − f(θ)) / ε, whose error is O(ε). Both are here so that the difference
 * in order can be shown; a gradient check uses the two-sided form.
 *
 * <p>Each coordinate is perturbed in place and restored to its exact previous value. The division is by
 * the step actually taken, (θ+ε) − (θ−ε) as stored, which differs from 2ε when θ ± ε rounds.
 */
public final class NumericalGradient {

    /** Which finite difference. */
    public enum Scheme {
        /** (f(θ+ε) − f(θ−ε)) / 2ε: error O(ε²), two evaluations per coordinate. */
        TWO_SIDED("two-sided"),
        /** (f(θ+ε) − f(θ)) / ε: error O(ε), one evaluation per coordinate plus f(θ) once. */
        ONE_SIDED("one-sided");

        private final String label;

        Scheme(String label) {
            this.label = label;
        }

        /** "two-sided" or "one-sided". */
        public String label() {
            return label;
        }
    }

    /** One scalar that a function reads, wherever it lives: an array slot, a matrix element. */
    public interface Coordinate {
        double get();

        void set(double value);

        /** Element {@code i} (row-major) of {@code matrix}. */
        static Coordinate of(Matrix matrix, int i) {
            return new Coordinate() {
                @Override
                public double get() {
                    return matrix.get(i);
                }

                @Override
                public void set(double value) {
                    matrix.set(i, value);
                }
            };
        }

        /** Slot {@code i} of {@code values}. */
        static Coordinate of(double[] values, int i) {
            return new Coordinate() {
                @Override
                public double get() {
                    return values[i];
                }

                @Override
                public void set(double value) {
                    values[i] = value;
                }
            };
        }
    }

    private final Scheme scheme;
    private final double epsilon;

    /**
     * @param scheme  which difference
     * @param epsilon the step ε; finite and > 0 (1e-7 is the usual choice for a gradient check in float64)
     */
    public NumericalGradient(Scheme scheme, double epsilon) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.epsilon = validEpsilon(epsilon);
    }

    public static NumericalGradient twoSided(double epsilon) {
        return new NumericalGradient(Scheme.TWO_SIDED, epsilon);
    }

    public static NumericalGradient oneSided(double epsilon) {
        return new NumericalGradient(Scheme.ONE_SIDED, epsilon);
    }

    /** The check every place that takes an ε shares. */
    static double validEpsilon(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("Invalid value for argument epsilon: " + epsilon
                    + ". Expected a finite step > 0, typically 1e-7 for a gradient check in float64.");
        }
        return epsilon;
    }

    public Scheme scheme() {
        return scheme;
    }

    public double epsilon() {
        return epsilon;
    }

    /** ∂f/∂θ_i for every i; θ is unchanged afterwards. */
    public double[] gradient(ScalarFunction f, double[] theta) {
        int[] all = new int[theta.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return gradient(f, theta, all);
    }

    /** ∂f/∂θ_i for each i in {@code coordinates}, in that order; θ is unchanged afterwards. */
    public double[] gradient(ScalarFunction f, double[] theta, int[] coordinates) {
        Objects.requireNonNull(f, "f");
        for (int i : coordinates) {
            if (i < 0 || i >= theta.length) {
                throw new IndexOutOfBoundsException("Invalid coordinate " + i + " for a parameter vector of length "
                        + theta.length + "; expected 0 <= coordinate < " + theta.length);
            }
        }
        DoubleSupplier atTheta = () -> f.value(theta);
        double base = scheme == Scheme.ONE_SIDED ? atTheta.getAsDouble() : Double.NaN; // f(θ) once for all i
        double[] out = new double[coordinates.length];
        for (int k = 0; k < coordinates.length; k++) {
            out[k] = derivative(Coordinate.of(theta, coordinates[k]), atTheta, base);
        }
        return out;
    }

    /** ∂f/∂θ_i; θ is unchanged afterwards. */
    public double partial(ScalarFunction f, double[] theta, int i) {
        return gradient(f, theta, new int[] {i})[0];
    }

    /**
     * The derivative of {@code f} along {@code coordinate}, which {@code f} reads (e.g. an element of a
     * weight matrix that a cost function uses); the coordinate is restored afterwards.
     */
    public double partial(Coordinate coordinate, DoubleSupplier f) {
        return derivative(coordinate, f, scheme == Scheme.ONE_SIDED ? f.getAsDouble() : Double.NaN);
    }

    /**
     * As {@link #partial(Coordinate, DoubleSupplier)}, with f(θ) already known: the one-sided difference
     * then costs one evaluation. Ignored by the two-sided difference.
     */
    public double partial(Coordinate coordinate, DoubleSupplier f, double valueAtTheta) {
        return derivative(coordinate, f, valueAtTheta);
    }

    private double derivative(Coordinate coordinate, DoubleSupplier f, double valueAtTheta) {
        double saved = coordinate.get();
        try {
            coordinate.set(saved + epsilon);
            double plus = coordinate.get(); // the value stored: a float32 element rounds θ+ε
            double fPlus = f.getAsDouble();
            if (scheme == Scheme.ONE_SIDED) {
                return (fPlus - valueAtTheta) / (plus - saved);
            }
            coordinate.set(saved - epsilon);
            double minus = coordinate.get();
            double fMinus = f.getAsDouble();
            return (fPlus - fMinus) / (plus - minus);
        } finally {
            coordinate.set(saved);
        }
    }
}
