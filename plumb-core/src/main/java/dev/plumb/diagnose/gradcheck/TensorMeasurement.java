package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleSupplier;

import dev.plumb.tensor.Matrix;

/**
 * Compares backprop's gradient of one tensor with the two-sided numerical gradient on its (sampled)
 * coordinates, and turns the two vectors into a {@link TensorCheck}.
 */
final class TensorMeasurement {

    /** How closely a must equal s·n before the report calls the difference a constant factor s. */
    private static final double SCALE_FIT = 1e-4;

    private TensorMeasurement() {
    }

    /** Which tensor, for the report. */
    record Subject(String name, TensorCheck.Kind kind, int layerPosition, int layerNumber, String layer,
                   boolean regularized) {
    }

    /** A tensor's check with the vectors behind it, for rules that need more than the summary. */
    record Measured(TensorCheck check, int[] indices, double[] analytic, double[] numeric) {
    }

    /**
     * Measures {@code value}'s coordinates: {@code analyticAll} is backprop's gradient of the whole tensor
     * (row-major), {@code cost} evaluates J with the tensor as it currently is.
     */
    static Measured measure(Subject subject, Matrix value, double[] analyticAll, DoubleSupplier cost,
                            GradientCheckConfig config) {
        NumericalGradient numerical = NumericalGradient.twoSided(config.epsilon());
        int[] indices = CoordinateSample.draw(value.size(), config.sampleSize(), config.seed(), subject.name());
        double[] analytic = new double[indices.length];
        double[] numeric = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            analytic[k] = analyticAll[indices[k]];
            numeric[k] = numerical.partial(NumericalGradient.Coordinate.of(value, indices[k]), cost);
        }
        return new Measured(summarize(subject, value.rows(), value.cols(), indices, analytic, numeric, config),
                indices, analytic, numeric);
    }

    static TensorCheck summarize(Subject s, int rows, int cols, int[] indices, double[] analytic, double[] numeric,
                                 GradientCheckConfig config) {
        double aa = 0;
        double nn = 0;
        double dd = 0;
        double an = 0;
        for (int k = 0; k < indices.length; k++) {
            double d = analytic[k] - numeric[k];
            aa += analytic[k] * analytic[k];
            nn += numeric[k] * numeric[k];
            dd += d * d;
            an += analytic[k] * numeric[k];
        }
        double error = relativeError(Math.sqrt(dd), Math.sqrt(aa), Math.sqrt(nn), config.absoluteFloor());
        return new TensorCheck(s.name(), s.kind(), s.layerPosition(), s.layerNumber(), s.layer(), rows, cols,
                indices.length, rows * cols, error, config.thresholds().judge(error), Math.sqrt(aa), Math.sqrt(nn),
                Math.sqrt(dd), scale(analytic, numeric, an, nn, config.absoluteFloor()), s.regularized(),
                worst(indices, cols, analytic, numeric, config.maxWorst()));
    }

    /**
     * The note's ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂), with the denominator floored at {@code floor} so that two
     * all-zero gradients give 0 instead of 0/0. NaN when a gradient is not finite.
     */
    static double relativeError(double differenceNorm, double analyticNorm, double numericNorm, double floor) {
        return differenceNorm / Math.max(analyticNorm + numericNorm, floor);
    }

    /** s = ⟨a, n⟩ / ⟨n, n⟩ when a = s·n to within {@link #SCALE_FIT} and s is not 1; else NaN. */
    private static double scale(double[] a, double[] n, double an, double nn, double floor) {
        if (!(nn > 0) || !Double.isFinite(an)) {
            return Double.NaN;
        }
        double s = an / nn;
        double rr = 0;
        double aa = 0;
        for (int k = 0; k < a.length; k++) {
            double r = a[k] - s * n[k];
            rr += r * r;
            aa += a[k] * a[k];
        }
        double fit = relativeError(Math.sqrt(rr), Math.sqrt(aa), Math.abs(s) * Math.sqrt(nn), floor);
        return fit < SCALE_FIT && Math.abs(s - 1) > 1e-3 ? s : Double.NaN;
    }

    private static List<WorstCoordinate> worst(int[] indices, int cols, double[] a, double[] n, int max) {
        Integer[] order = new Integer[indices.length];
        Arrays.setAll(order, k -> k);
        // NaN differences sort first: a non-finite coordinate is the worst there is
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> {
            double d = Math.abs(a[k] - n[k]);
            return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }).reversed());
        List<WorstCoordinate> out = new ArrayList<>();
        for (int j = 0; j < Math.min(max, order.length); j++) {
            int k = order[j];
            int index = indices[k];
            out.add(new WorstCoordinate(index, index / cols, index % cols, a[k], n[k], a[k] - n[k]));
        }
        return out;
    }
}
