package dev.plumb.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

import dev.plumb.data.io.DataFileException;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.NumericalGradient;
import dev.plumb.diagnose.gradcheck.VerdictThresholds;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The note's finite differences: the two-sided difference (J(θ+ε) − J(θ−ε)) / 2ε has error O(ε²), the one-sided
 * (J(θ+ε) − J(θ)) / ε has error O(ε); below some ε round-off takes over and the error turns up again. Both
 * differences are Plumb's own {@link NumericalGradient} (the one a gradient check uses), on every coordinate of a small
 * float64 network, against backprop's gradient.
 */
public final class NumericalGradientExperiment implements Experiment {

    static final int BATCH = 32;
    static final int HIDDEN = 8;
    /** ε = 10^(−k/2) for k = 2 … 24: 1e-1 … 1e-12, two points a decade. */
    static final int FIRST_HALF_DECADE = 2;
    static final int LAST_HALF_DECADE = 24;
    /** The truncation-dominated range: ε at least this many times the ε of the smallest error. */
    static final double ABOVE_OPTIMUM = 100;
    static final double SLOPE_TOLERANCE = 0.3;

    @Override
    public String name() {
        return "numerical-gradient";
    }

    @Override
    public String claim() {
        return "The two-sided difference's error falls as ε² and the one-sided's as ε, until round-off makes both turn up"
                + " at small ε.";
    }

    /** One scheme's sweep: the relative error at each ε, its minimum and the fitted slopes on each side of it. */
    record Sweep(String scheme, double[] epsilon, double[] error, double bestEpsilon, double bestError,
                 double truncationSlope, int truncationPoints, double roundOffSlope) {
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        LabBatch batch = LabBatch.load(settings, BATCH);
        Matrix x = batch.data().features();
        Matrix y = batch.data().targets();
        NetworkSpec spec = new NetworkSpec(batch.data().featureCount(), List.of(
                LayerSpec.dense(HIDDEN, Activation.tanh(), new Initializer.VarianceScaling(Initializer.Scale.LECUN, false)),
                LayerSpec.dense(batch.outputs(), Activation.identity(),
                        new Initializer.VarianceScaling(Initializer.Scale.LECUN, false))), batch.loss(), 0, 0);
        Network network = spec.build(DType.FLOAT64, settings.seed());
        double recommended = GradientCheckConfig.DEFAULT_EPSILON;

        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", batch.description());
        setup.put("network", spec.inputs() + " → " + HIDDEN + " tanh → " + batch.outputs() + " identity, loss "
                + batch.loss().id() + ", LeCun weights (seed " + settings.seed() + "), float64, "
                + network.parameterCount() + " parameters");
        setup.put("J", "the network's cost on the batch in eval mode (no penalty)");
        setup.put("analytic gradient", "Network.computeGradients(x, y, EVAL, m): backprop");
        setup.put("numerical gradient", "dev.plumb.diagnose.gradcheck.NumericalGradient, one-sided and two-sided, on every"
                + " coordinate");
        setup.put("ε", "10^(−k/2), k = " + FIRST_HALF_DECADE + " … " + LAST_HALF_DECADE + " (1e-1 … 1e-12)");
        setup.put("error", "relative error ‖n − a‖₂ / (‖n‖₂ + ‖a‖₂) over all coordinates, as a gradient check computes it");
        setup.put("slope fit", "least squares of log10 error on log10 ε, over ε ≥ " + (int) ABOVE_OPTIMUM
                + " × the ε of the smallest error (truncation), and over ε below it (round-off)");
        setup.put("recommended ε", recommended + " — GradientCheckConfig.DEFAULT_EPSILON, what Plumb's gradient check uses"
                + " (the course's usual ε; the note's text names 1e-7 as the relative error below which backprop is right)");

        double[] analytic = analyticGradient(network, x, y);
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        DoubleSupplier cost = () -> network.cost(x, y, Mode.EVAL);
        int points = LAST_HALF_DECADE - FIRST_HALF_DECADE + 1;
        double[] epsilons = new double[points];
        for (int k = 0; k < points; k++) {
            epsilons[k] = Math.pow(10, -(FIRST_HALF_DECADE + k) / 2.0);
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (NumericalGradient.Scheme scheme : List.of(NumericalGradient.Scheme.ONE_SIDED,
                NumericalGradient.Scheme.TWO_SIDED)) {
            double[] errors = new double[points];
            for (int k = 0; k < points; k++) {
                errors[k] = relativeError(numerical(new NumericalGradient(scheme, epsilons[k]), parameters, cost), analytic);
            }
            sweeps.add(sweep(scheme.label(), epsilons, errors));
        }
        Sweep one = sweeps.get(0);
        Sweep two = sweeps.get(1);
        double twoAtRecommended = relativeError(numerical(NumericalGradient.twoSided(recommended), parameters, cost),
                analytic);

        List<LabResult.Series> series = List.of(new LabResult.Series("one-sided (J(θ+ε) − J(θ)) / ε", epsilons, one.error()),
                new LabResult.Series("two-sided (J(θ+ε) − J(θ−ε)) / 2ε", epsilons, two.error()));
        List<LabResult.Marker> markers = List.of(
                new LabResult.Marker(recommended, "ε = " + recommended + ", GradientCheck's default"),
                new LabResult.Marker(one.bestEpsilon(), "one-sided: smallest error"),
                new LabResult.Marker(two.bestEpsilon(), "two-sided: smallest error"));
        LabResult.Figure figure = new LabResult.Figure("Finite-difference error against backprop", "ε",
                "relative error", true, true, series, null, List.of(), markers);

        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            rows.add(List.of(epsilons[k], one.error()[k], two.error()[k]));
        }
        List<List<Object>> fits = new ArrayList<>();
        for (Sweep s : sweeps) {
            fits.add(List.of(s.scheme(), s.truncationSlope(), s.truncationPoints(), s.bestEpsilon(), s.bestError(),
                    s.roundOffSlope()));
        }
        List<LabResult.Table> tables = List.of(
                new LabResult.Table("Relative error per ε", List.of("ε", "one-sided", "two-sided"), rows),
                new LabResult.Table("Fitted slopes and the round-off floor", List.of("scheme", "slope (truncation range)",
                        "points fitted", "ε of the smallest error", "smallest error", "slope below it (round-off)"), fits));
        return new LabResult(name(), claim(), setup, List.of(figure), tables,
                LabResult.Verdict.of(checks(one, two, recommended, twoAtRecommended)), null);
    }

    static List<LabResult.Check> checks(Sweep one, Sweep two, double recommended, double twoAtRecommended) {
        List<LabResult.Check> checks = new ArrayList<>();
        checks.add(new LabResult.Check("the one-sided error falls as ε (slope 1 ± " + SLOPE_TOLERANCE
                + " on log-log) where truncation dominates", Math.abs(one.truncationSlope() - 1) <= SLOPE_TOLERANCE
                && one.truncationPoints() >= 3, fit(one)));
        checks.add(new LabResult.Check("the two-sided error falls as ε² (slope 2 ± " + SLOPE_TOLERANCE
                + ") where truncation dominates", Math.abs(two.truncationSlope() - 2) <= SLOPE_TOLERANCE
                && two.truncationPoints() >= 3, fit(two)));
        boolean below = true;
        StringBuilder evidence = new StringBuilder();
        for (int k = 0; k < two.epsilon().length; k++) {
            if (two.epsilon()[k] >= ABOVE_OPTIMUM * two.bestEpsilon()) {
                below &= two.error()[k] < one.error()[k];
                evidence.append(evidence.length() == 0 ? "" : "; ").append("ε ").append(fmt(two.epsilon()[k]))
                        .append(": ").append(fmt(two.error()[k])).append(" vs ").append(fmt(one.error()[k]));
            }
        }
        checks.add(new LabResult.Check("the two-sided error is below the one-sided at every ε of its truncation range,"
                + " and its best is lower", below && two.bestError() < one.bestError(), evidence + "; best "
                + fmt(two.bestError()) + " vs " + fmt(one.bestError())));
        checks.add(new LabResult.Check("round-off makes both turn up below their best ε (error at ε = "
                + fmt(one.epsilon()[one.epsilon().length - 1]) + " more than 10× the smallest; slope there < 0)",
                turnsUp(one) && turnsUp(two), "one-sided " + fmt(last(one)) + " vs best " + fmt(one.bestError())
                + " (slope " + fmt(one.roundOffSlope()) + "); two-sided " + fmt(last(two)) + " vs best "
                + fmt(two.bestError()) + " (slope " + fmt(two.roundOffSlope()) + ")"));
        double correct = VerdictThresholds.NOTE.correct();
        checks.add(new LabResult.Check("at GradientCheck's default ε = " + recommended + " the two-sided error is in the 'correct'"
                + " band (< " + fmt(correct) + ")", twoAtRecommended < correct,
                "relative error " + fmt(twoAtRecommended) + " at ε = " + recommended));
        return checks;
    }

    private static boolean turnsUp(Sweep s) {
        return last(s) > 10 * s.bestError() && s.roundOffSlope() < 0;
    }

    private static double last(Sweep s) {
        return s.error()[s.error().length - 1];
    }

    private static String fit(Sweep s) {
        return String.format(Locale.ROOT, "slope %.3f over %d points, ε from %s to %s", s.truncationSlope(),
                s.truncationPoints(), fmt(s.epsilon()[0]), fmt(s.epsilon()[s.truncationPoints() - 1]));
    }

    /** The sweep's minimum, and least-squares slopes above (truncation) and below (round-off) it. */
    static Sweep sweep(String scheme, double[] epsilons, double[] errors) {
        int best = 0;
        for (int k = 1; k < errors.length; k++) {
            if (errors[k] < errors[best]) {
                best = k;
            }
        }
        int truncation = 0; // ε decreases with k: the truncation range is a prefix
        while (truncation < epsilons.length && epsilons[truncation] >= ABOVE_OPTIMUM * epsilons[best]) {
            truncation++;
        }
        double truncationSlope = slope(epsilons, errors, 0, truncation);
        double roundOffSlope = slope(epsilons, errors, best, epsilons.length);
        return new Sweep(scheme, epsilons, errors, epsilons[best], errors[best], truncationSlope, truncation,
                roundOffSlope);
    }

    /** Least-squares slope of log10 y on log10 x over indices [from, to); NaN with fewer than two points. */
    static double slope(double[] x, double[] y, int from, int to) {
        int n = to - from;
        if (n < 2) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += Math.log10(x[i]);
            sy += Math.log10(y[i]);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = from; i < to; i++) {
            double dx = Math.log10(x[i]) - mx;
            sxy += dx * (Math.log10(y[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    private static double[] analyticGradient(Network network, Matrix x, Matrix y) {
        network.computeGradients(x, y, Mode.EVAL, x.rows());
        int size = (int) network.parameterCount();
        double[] out = new double[size];
        int k = 0;
        for (Parameter p : network.parameters().values()) {
            for (int i = 0; i < p.grad().size(); i++) {
                out[k++] = p.grad().get(i);
            }
        }
        return out;
    }

    private static double[] numerical(NumericalGradient difference, List<Parameter> parameters, DoubleSupplier cost) {
        double atTheta = cost.getAsDouble();
        int size = parameters.stream().mapToInt(p -> p.value().size()).sum();
        double[] out = new double[size];
        int k = 0;
        for (Parameter p : parameters) {
            for (int i = 0; i < p.value().size(); i++) {
                out[k++] = difference.partial(NumericalGradient.Coordinate.of(p.value(), i), cost, atTheta);
            }
        }
        return out;
    }

    static double relativeError(double[] numeric, double[] analytic) {
        double dd = 0;
        double nn = 0;
        double aa = 0;
        for (int i = 0; i < numeric.length; i++) {
            double d = numeric[i] - analytic[i];
            dd += d * d;
            nn += numeric[i] * numeric[i];
            aa += analytic[i] * analytic[i];
        }
        return Math.sqrt(dd) / (Math.sqrt(nn) + Math.sqrt(aa));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
