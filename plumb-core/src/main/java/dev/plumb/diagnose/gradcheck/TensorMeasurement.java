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

    /**
     * A tensor's check with the vectors behind it, for rules that need more than the summary: the coordinates
     * that count toward the verdict (non-differentiable ones left out).
     */
    record Measured(TensorCheck check, int[] indices, double[] analytic, double[] numeric, Steps steps) {
    }

    /**
     * How the steps were chosen for a tensor's coordinates: {@code widened} of them used {@code wideEpsilon}
     * (100ε), because there the ε-step's round-off, about {@code roundoff}, was the larger error; {@code
     * truncation} bounds the wide step's truncation error by the largest |D(100ε) − D(ε)| accepted.
     */
    record Steps(double epsilon, double wideEpsilon, int widened, double roundoff, double truncation) {
    }

    /** The wider step, as a multiple of ε: truncation grows 1e4-fold, round-off shrinks 100-fold. */
    private static final double WIDER = 100;
    /** The widest step tried: beyond it the O(ε²) truncation of the two-sided difference can show. */
    private static final double WIDEST = 1e-4;
    /** Round-off of one evaluation of J, in units of max(1, |J|): a few ulps of a sum of many terms. */
    private static final double ROUNDOFF_J = 1e-15;

    /**
     * Relative part of the tolerance on |right − left|: a smooth J has right − left ≈ J''·ε, far below this
     * share of the slopes at ε = 1e-7; a kink's jump does not shrink with ε.
     */
    private static final double KINK_RELATIVE = 1e-4;
    /** How far above the floor a coordinate's |a − n| must stand to be an outlier. */
    static final double OUTLIER_FACTOR = 30;
    /** Round-off of J(θ ± ε) in units of max(1, |J|): a few ulps of a sum of many terms. */
    private static final double ROUNDOFF = 1e-16;
    /** A coordinate's own relative error below this is round-off, however it compares with the others. */
    private static final double OUTLIER_RELATIVE = 1e-7;
    /** Absolute part, in units of max(1, |J|): float64 round-off in J is ~1e-15·|J|, so about 4e-15·|J|/ε in right − left. */
    private static final double KINK_ROUNDOFF = 1e-13;

    /**
     * Measures {@code value}'s coordinates: {@code analyticAll} is backprop's gradient of the whole tensor
     * (row-major), {@code cost} evaluates J with the tensor as it currently is.
     */
    static Measured measure(Subject subject, Matrix value, double[] analyticAll, DoubleSupplier cost,
                            GradientCheckConfig config) {
        double epsilon = config.epsilon();
        int[] indices = CoordinateSample.draw(value.size(), config.sampleSize(), config.seed(), subject.name());
        double atTheta = cost.getAsDouble();
        double[] analytic = new double[indices.length];
        double[] numeric = new double[indices.length];
        boolean[] kink = new boolean[indices.length];
        int kinks = 0;
        // ε per coordinate: at ε = 1e-7 round-off (~1e-15·|J|/ε) dominates the two-sided difference; 100ε cuts
        // it 100-fold, and is used where the two agree to within that round-off (a smooth J there, no kink)
        double wide = WIDER * epsilon;
        boolean tryWide = wide <= WIDEST;
        double roundoff = ROUNDOFF_J * Math.max(1, Math.abs(atTheta)) / epsilon;
        int widened = 0;
        double truncation = 0;
        for (int k = 0; k < indices.length; k++) {
            analytic[k] = analyticAll[indices[k]];
            NumericalGradient.Coordinate coordinate = NumericalGradient.Coordinate.of(value, indices[k]);
            double[] sides = oneSided(coordinate, cost, atTheta, epsilon);
            numeric[k] = sides[2];
            kink[k] = isKink(sides[0], sides[1], analytic[k], atTheta, epsilon);
            kinks += kink[k] ? 1 : 0;
            if (tryWide && !kink[k] && Double.isFinite(sides[2])) {
                double wider = oneSided(coordinate, cost, atTheta, wide)[2];
                double gap = Math.abs(wider - sides[2]);
                if (gap <= 2 * roundoff) {
                    numeric[k] = wider;
                    widened++;
                    truncation = Math.max(truncation, gap);
                }
            }
        }
        int[] keptIndices = new int[indices.length - kinks];
        double[] keptAnalytic = new double[keptIndices.length];
        double[] keptNumeric = new double[keptIndices.length];
        for (int k = 0, j = 0; k < indices.length; k++) {
            if (!kink[k]) {
                keptIndices[j] = indices[k];
                keptAnalytic[j] = analytic[k];
                keptNumeric[j++] = numeric[k];
            }
        }
        TensorCheck check = summarize(subject, value.rows(), value.cols(), keptIndices, keptAnalytic, keptNumeric,
                config, outliers(keptIndices, value.cols(), keptAnalytic, keptNumeric, atTheta, epsilon))
                .withNonDifferentiable(kinks);
        return new Measured(check, keptIndices, keptAnalytic, keptNumeric,
                new Steps(epsilon, wide, widened, roundoff, truncation));
    }

    /**
     * {left, right, two-sided} differences along {@code coordinate}: (J(θ) − J(θ−ε))/ε, (J(θ+ε) − J(θ))/ε and
     * their mean, with the steps actually stored (a float32 element rounds θ ± ε). The coordinate is restored.
     */
    private static double[] oneSided(NumericalGradient.Coordinate coordinate, DoubleSupplier cost, double atTheta,
                                     double epsilon) {
        double saved = coordinate.get();
        try {
            coordinate.set(saved + epsilon);
            double plus = coordinate.get();
            double fPlus = cost.getAsDouble();
            coordinate.set(saved - epsilon);
            double minus = coordinate.get();
            double fMinus = cost.getAsDouble();
            return new double[] {(atTheta - fMinus) / (saved - minus), (fPlus - atTheta) / (plus - saved),
                    (fPlus - fMinus) / (plus - minus)};
        } finally {
            coordinate.set(saved);
        }
    }

    /**
     * True when J is not differentiable at θ within ±ε along this coordinate — its left and right slopes
     * differ beyond what round-off and curvature allow — and backprop's value is one of them or lies between
     * them (a subgradient): then no difference quotient can judge it. A backprop value outside that interval
     * stays in the verdict, so a bug at a kink is still found.
     */
    static boolean isKink(double left, double right, double analytic, double atTheta, double epsilon) {
        double tolerance = KINK_RELATIVE * (Math.abs(left) + Math.abs(right))
                + KINK_ROUNDOFF * Math.max(1, Math.abs(atTheta)) / epsilon;
        if (!(Math.abs(right - left) > tolerance)) {
            return false; // also false for NaN: a non-finite J is reported, not excused
        }
        return analytic >= Math.min(left, right) - tolerance && analytic <= Math.max(left, right) + tolerance;
    }

    static TensorCheck summarize(Subject s, int rows, int cols, int[] indices, double[] analytic, double[] numeric,
                                 GradientCheckConfig config) {
        return summarize(s, rows, cols, indices, analytic, numeric, config, List.of());
    }

    static TensorCheck summarize(Subject s, int rows, int cols, int[] indices, double[] analytic, double[] numeric,
                                 GradientCheckConfig config, List<WorstCoordinate> outliers) {
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
        Verdict verdict = config.thresholds().judge(error).worse(outliers.isEmpty() ? Verdict.CORRECT : Verdict.SUSPICIOUS);
        return new TensorCheck(s.name(), s.kind(), s.layerPosition(), s.layerNumber(), s.layer(), rows, cols,
                indices.length, rows * cols, error, verdict, Math.sqrt(aa), Math.sqrt(nn),
                Math.sqrt(dd), scale(analytic, numeric, an, nn, config.absoluteFloor()), s.regularized(),
                worst(indices, cols, analytic, numeric, config.maxWorst()), 0, outliers);
    }

    /**
     * The coordinates whose |a − n| exceeds {@link #OUTLIER_FACTOR} × the tensor's floor, the larger of the
     * median |a − n| over its checked coordinates and the round-off of a two-sided difference,
     * {@link #ROUNDOFF}·max(1, |J|)/ε; and whose own |a − n| / (|a| + |n|) is at least {@link #OUTLIER_RELATIVE}.
     * The norm of the whole tensor dilutes one wrong coordinate; this does not. Worst first.
     */
    static List<WorstCoordinate> outliers(int[] indices, int cols, double[] a, double[] n, double atTheta,
                                          double epsilon) {
        double[] d = new double[indices.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = Math.abs(a[k] - n[k]);
            if (Double.isNaN(d[k])) {
                return List.of(); // a non-finite gradient has its own verdict
            }
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        double floor = Math.max(median, ROUNDOFF * Math.max(1, Math.abs(atTheta)) / epsilon);
        List<WorstCoordinate> out = new ArrayList<>();
        for (int k = 0; k < d.length; k++) {
            if (d[k] > OUTLIER_FACTOR * floor && d[k] >= OUTLIER_RELATIVE * (Math.abs(a[k]) + Math.abs(n[k]))) {
                out.add(new WorstCoordinate(indices[k], indices[k] / cols, indices[k] % cols, a[k], n[k], a[k] - n[k]));
            }
        }
        out.sort(Comparator.comparingDouble((WorstCoordinate w) -> Math.abs(w.difference())).reversed());
        return out;
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
