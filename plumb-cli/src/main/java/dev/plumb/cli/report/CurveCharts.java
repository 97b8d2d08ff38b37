package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.ValidationCurve;

/**
 * Learning and validation curves as charts: self-contained {@code <figure>} fragments (inline SVG with a title and
 * a description, a legend, the verdict as the caption), drawn from the curve records alone, for any page that shows
 * curves — the curves page of {@code plumb curves}, a tuning study. Errors are drawn as measured: the
 * misclassification rate of a classifier (0 to 1), the mean squared error of a regressor.
 */
final class CurveCharts {

    static final int WIDTH = 680;
    static final int HEIGHT = 360;
    /** The marker of the value with the lowest dev error, and of early stopping's epoch in the run report. */
    static final String BEST_COLOUR = "#7c3aed";
    /** Adjacent x tick labels closer than this (pixels) would overlap: round ticks are used instead. */
    private static final double MIN_TICK_GAP = 40;
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private CurveCharts() {
    }

    /**
     * Train and dev error against the number of training examples, the optimal error as a dashed line, the dev−train
     * gap shaded and its size at the largest set written beside it, the verdict as the caption.
     */
    static String learningCurve(LearningCurve curve) {
        int n = curve.examples().size();
        double[] xs = new double[n];
        double[] train = new double[n];
        double[] dev = new double[n];
        double hi = finiteOr(curve.bayesError(), 0);
        for (int i = 0; i < n; i++) {
            xs[i] = curve.examples().get(i);
            train[i] = curve.trainErrors().get(i);
            dev[i] = curve.devErrors().get(i);
            hi = Math.max(hi, Math.max(finiteOr(train[i], 0), finiteOr(dev[i], 0)));
        }
        double xMax = n == 0 ? 1 : Math.max(1, xs[n - 1]);
        double[] xr = Ticks.niceRange(0, xMax, 6);
        double[] yr = Ticks.niceRange(0, hi > 0 ? hi * 1.08 : 0.1, 5);
        String title = "Learning curve on " + curve.source();
        String description = "Train and dev error against the number of training examples (" + join(curve.examples())
                + "); train error " + nums(curve.trainErrors()) + ", dev error " + nums(curve.devErrors())
                + "; optimal error " + Html.num(curve.bayesError()) + ". " + curve.verdict();
        Svg svg = new Svg(WIDTH, HEIGHT, title + ": train and dev error against training-set size")
                .describe(title, description)
                .scales(Svg.Axis.linear(0, xr[1]), Svg.Axis.linear(0, yr[1]));
        svg.axes(Ticks.linear(0, xr[1], 6), "training examples (m)", Ticks.linear(0, yr[1], 5), "error");
        if (n > 0) {
            svg.group("gap").band(xs, train, dev, Html.DEV_COLOUR, 0.14, "dev − train gap (variance)").end();
        }
        // labelled at the left: at the right it would collide with the gap bracket of the largest size
        svg.group("optimal").hline(curve.bayesError(), Html.OPTIMAL_COLOUR, "optimal error " + Html.num(curve.bayesError()),
                true).end();
        series(svg, "train", Html.TRAIN_COLOUR, xs, train, i -> "m = " + Html.count(curve.examples().get(i)) + " ("
                + Html.num(curve.fractions().get(i)) + " of train)");
        series(svg, "dev", Html.DEV_COLOUR, xs, dev, i -> "m = " + Html.count(curve.examples().get(i)) + " ("
                + Html.num(curve.fractions().get(i)) + " of train)");
        if (n > 0 && Double.isFinite(train[n - 1]) && Double.isFinite(dev[n - 1])) {
            double gap = dev[n - 1] - train[n - 1];
            svg.group("gap-note");
            svg.segment(xs[n - 1], train[n - 1], xs[n - 1], dev[n - 1], "#5b21b6", "gap-bracket");
            double top = Math.min(svg.py(train[n - 1]), svg.py(dev[n - 1]));
            double bottom = Math.max(svg.py(train[n - 1]), svg.py(dev[n - 1]));
            // beside the bracket when the text fits between the two dots, else above the upper one, clear of both
            double y = bottom - top >= 18 ? (top + bottom) / 2 + 4 : top - 10;
            svg.text(svg.px(xs[n - 1]) - 8, y, "end", "gap-label", "gap " + Html.num(gap, 3));
            svg.end();
        }
        return figure("learning-curve", svg.toString(),
                List.of("train error", "dev error", "dev − train gap", "optimal error"),
                List.of(Html.TRAIN_COLOUR, Html.DEV_COLOUR, Html.tint(Html.DEV_COLOUR, 0.3), dashes(Html.OPTIMAL_COLOUR)),
                "<strong>Verdict:</strong> " + esc(curve.verdict()) + ". Each size is a seeded subset of the training part; "
                        + "dev error is measured on the same, whole dev part every time.");
    }

    /**
     * Train and dev error against the values of one hyperparameter — on a log axis when the numbers span two decades
     * or more (a zero then sits apart at the left, behind an axis break), evenly spaced when they are not all numbers —
     * with the value of the lowest dev error marked and the verdict as the caption.
     */
    static String validationCurve(ValidationCurve curve) {
        XScale scale = XScale.of(curve.values(), WIDTH - 64 - 16);
        int n = curve.values().size();
        double[] train = new double[n];
        double[] dev = new double[n];
        double hi = 0;
        for (int i = 0; i < n; i++) {
            train[i] = curve.trainErrors().get(i);
            dev[i] = curve.devErrors().get(i);
            hi = Math.max(hi, Math.max(finiteOr(train[i], 0), finiteOr(dev[i], 0)));
        }
        double[] yr = Ticks.niceRange(0, hi > 0 ? hi * 1.08 : 0.1, 5);
        String title = "Validation curve of " + curve.parameter() + " on " + curve.source();
        String description = "Train and dev error for " + curve.parameter() + " = " + String.join(", ", curve.values())
                + " (" + scale.kind().describe() + "); train error " + nums(curve.trainErrors()) + ", dev error "
                + nums(curve.devErrors()) + "; lowest dev error at " + curve.parameter() + "=" + curve.best() + ". "
                + curve.verdict();
        Svg svg = new Svg(WIDTH, HEIGHT, title + ": train and dev error against " + curve.parameter())
                .describe(title, description)
                .scales(Svg.Axis.linear(scale.lo(), scale.hi()), Svg.Axis.linear(0, yr[1]));
        svg.axes(scale.ticks(), curve.parameter() + scale.kind().axisNote(), Ticks.linear(0, yr[1], 5), "error");
        if (scale.breakAt() != null) {
            svg.axisBreak(scale.breakAt());
        }
        int best = curve.values().indexOf(curve.best());
        if (best >= 0) {
            svg.group("best").vline(scale.positions()[best], BEST_COLOUR, "lowest dev error: " + curve.parameter() + "="
                    + curve.best()).end();
        }
        // lines join the values in axis order, whatever order they were given in
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> scale.positions()[i]))
                .mapToInt(Integer::intValue).toArray();
        double[] xs = new double[n];
        double[] trainSorted = new double[n];
        double[] devSorted = new double[n];
        String[] labels = new String[n];
        int bestSorted = -1;
        for (int k = 0; k < n; k++) {
            xs[k] = scale.positions()[order[k]];
            trainSorted[k] = train[order[k]];
            devSorted[k] = dev[order[k]];
            labels[k] = curve.parameter() + " = " + curve.values().get(order[k]);
            if (order[k] == best) {
                bestSorted = k;
            }
        }
        series(svg, "train", Html.TRAIN_COLOUR, xs, trainSorted, k -> labels[k]);
        int marked = bestSorted;
        svg.group("series dev").polyline(xs, devSorted, Html.DEV_COLOUR, false);
        for (int k = 0; k < n; k++) {
            if (Double.isFinite(devSorted[k])) {
                boolean isBest = k == marked;
                svg.dot(xs[k], devSorted[k], isBest ? 6 : 3.5, Html.DEV_COLOUR, "dev error, " + labels[k] + ": "
                        + Html.num(devSorted[k]) + (isBest ? " (lowest)" : ""), isBest ? "point dev best" : "point dev");
            }
        }
        svg.end();
        return figure("validation-curve", svg.toString(),
                List.of("train error", "dev error", "lowest dev error"),
                List.of(Html.TRAIN_COLOUR, Html.DEV_COLOUR, dashes(BEST_COLOUR)),
                "<strong>Verdict:</strong> " + esc(curve.verdict()) + ". Every value trains a fresh network on the same "
                        + "training part and is measured on the same dev part.");
    }

    private interface Label {
        String of(int i);
    }

    private static void series(Svg svg, String name, String colour, double[] xs, double[] ys, Label label) {
        svg.group("series " + name).polyline(xs, ys, colour, false);
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(ys[i])) {
                svg.dot(xs[i], ys[i], 3.5, colour, name + " error, " + label.of(i) + ": " + Html.num(ys[i]), "point " + name);
            }
        }
        svg.end();
    }

    private static String figure(String cssClass, String svg, List<String> legend, List<String> colours, String caption) {
        return "<figure class=\"curve-chart " + cssClass + "\">" + svg + Html.legend(legend, colours) + "<figcaption>"
                + caption + " Error is the misclassification rate (the mean squared error for a regression task).</figcaption></figure>";
    }

    private static String dashes(String colour) {
        return "repeating-linear-gradient(90deg," + colour + " 0 5px,transparent 5px 8px)";
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }

    private static String join(List<Integer> values) {
        return String.join(", ", values.stream().map(v -> Html.count(v)).toList());
    }

    private static String nums(List<Double> values) {
        return String.join(", ", values.stream().map(Html::num).toList());
    }

    /** How the values of a hyperparameter are laid out along x. */
    enum Kind {
        /** Numbers spanning two decades or more: log10 of each value. */
        LOG,
        /** Numbers spanning less: each value as it is. */
        LINEAR,
        /** Not all numbers (layers=16,64:32, activation=relu,tanh): evenly spaced in the order given. */
        CATEGORICAL;

        String describe() {
            return switch (this) {
                case LOG -> "log scale";
                case LINEAR -> "linear scale";
                case CATEGORICAL -> "evenly spaced, in the order given";
            };
        }

        String axisNote() {
            return switch (this) {
                case LOG -> " (log scale)";
                case LINEAR -> "";
                case CATEGORICAL -> " (as given)";
            };
        }
    }

    /**
     * The x layout of a validation curve in axis units: log10 of the value on a log axis (a zero one decade left of the
     * smallest positive value, with an axis break halfway), the value itself on a linear one, the index for categories.
     *
     * @param positions where each value sits, in the order given
     * @param ticks     the tick marks: the values themselves where their labels do not collide, else round numbers
     * @param lo        left end of the axis
     * @param hi        right end of the axis
     * @param breakAt   where the axis is broken (between a zero and the log scale), or null
     */
    record XScale(Kind kind, double[] positions, List<Ticks.Tick> ticks, double lo, double hi, Double breakAt) {

        static XScale of(List<String> values, double plotWidth) {
            int n = values.size();
            double[] numbers = new double[n];
            boolean numeric = true;
            for (int i = 0; i < n && numeric; i++) {
                String v = values.get(i).strip();
                numeric = NUMBER.matcher(v).matches();
                numbers[i] = numeric ? Double.parseDouble(v) : Double.NaN;
            }
            if (!numeric || n == 0) {
                double[] positions = IntStream.range(0, n).asDoubleStream().toArray();
                List<Ticks.Tick> ticks = IntStream.range(0, n).mapToObj(i -> new Ticks.Tick(i, values.get(i))).toList();
                return new XScale(Kind.CATEGORICAL, positions, ticks, -0.5, Math.max(0.5, n - 0.5), null);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double minPositive = Double.POSITIVE_INFINITY;
            boolean zero = false;
            for (double v : numbers) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (v > 0) {
                    minPositive = Math.min(minPositive, v);
                }
                zero |= v == 0;
            }
            if (min >= 0 && max > 0 && max / minPositive >= 100) {
                double zeroAt = Math.log10(minPositive) - 1;
                double[] positions = new double[n];
                for (int i = 0; i < n; i++) {
                    positions[i] = numbers[i] == 0 ? zeroAt : Math.log10(numbers[i]);
                }
                double from = zero ? zeroAt : Math.log10(minPositive);
                double to = Math.log10(max);
                double pad = 0.06 * (to - from);
                double lo = from - pad;
                double hi = to + pad;
                List<Ticks.Tick> ticks = valueTicks(values, positions, lo, hi, plotWidth);
                if (ticks == null) {
                    ticks = new ArrayList<>();
                    if (zero) {
                        ticks.add(new Ticks.Tick(zeroAt, "0"));
                    }
                    for (Ticks.Tick t : Ticks.log(Math.pow(10, Math.floor(Math.log10(minPositive) + 1e-9)),
                            Math.pow(10, Math.ceil(Math.log10(max) - 1e-9)))) {
                        double u = Math.log10(t.value());
                        if (u >= Math.log10(minPositive) - 1e-9 - pad && u <= hi) {
                            ticks.add(new Ticks.Tick(u, t.label()));
                        }
                    }
                }
                return new XScale(Kind.LOG, positions, ticks, lo, hi, zero ? zeroAt + 0.5 : null);
            }
            double span = max - min;
            double pad = span > 0 ? 0.06 * span : Math.max(1, Math.abs(max) * 0.1);
            double lo = min - pad;
            double hi = max + pad;
            List<Ticks.Tick> ticks = valueTicks(values, numbers, lo, hi, plotWidth);
            if (ticks == null) {
                ticks = Ticks.linear(lo, hi, 6);
            }
            return new XScale(Kind.LINEAR, numbers.clone(), ticks, lo, hi, null);
        }

        // a tick at each value, labelled as the user wrote it, unless two labels would collide
        private static List<Ticks.Tick> valueTicks(List<String> values, double[] positions, double lo, double hi,
                                                   double plotWidth) {
            double[] sorted = positions.clone();
            java.util.Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if ((sorted[i] - sorted[i - 1]) / (hi - lo) * plotWidth < MIN_TICK_GAP) {
                    return null;
                }
            }
            List<Ticks.Tick> ticks = new ArrayList<>();
            for (int i = 0; i < positions.length; i++) {
                ticks.add(new Ticks.Tick(positions[i], values.get(i).strip()));
            }
            return ticks;
        }
    }
}
