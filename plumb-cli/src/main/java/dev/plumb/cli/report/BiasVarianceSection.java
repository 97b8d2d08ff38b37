package dev.plumb.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.plumb.diagnose.biasvariance.BiasVariance.Verdict;
import dev.plumb.diagnose.biasvariance.BiasVarianceReport;
import dev.plumb.diagnose.biasvariance.BiasVarianceThresholds;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.workflow.RunAnalysis;

/**
 * Bias and variance: bars of the optimal, train and dev error with the two gaps between them (avoidable
 * bias = train − optimal, variance = dev − train), the verdict and the note's recipe for what to do next.
 */
final class BiasVarianceSection implements Section {

    private final RunRecord record;
    private final RunAnalysis analysis;

    BiasVarianceSection(RunRecord record, RunAnalysis analysis) {
        this.record = record;
        this.analysis = analysis;
    }

    @Override
    public String id() {
        return "bias-variance";
    }

    @Override
    public String title() {
        return "Bias and variance";
    }

    @Override
    public String body() {
        BiasVarianceReport report = analysis == null ? null : analysis.biasVariance();
        if (report != null) {
            return verdict(report);
        }
        if (!Section.classification(record)) {
            return Html.absent("A bias/variance verdict compares error rates of a classifier; this run is a regression (MSE).");
        }
        Evaluation train = record.evaluation("train").orElse(null);
        Evaluation dev = record.evaluation("dev").orElse(null);
        if (train == null || dev == null) {
            return Html.absent("Not computed for this run: it needs a final train and dev evaluation.");
        }
        return Html.absent("The bias/variance verdict and recipe were not computed for this run; the bars show the record's final "
                + "train and dev errors (the optimal error is not in the record).")
                + "<figure>" + chart(Double.NaN, train.error(), dev.error(), null) + "</figure>";
    }

    private static String verdict(BiasVarianceReport r) {
        Verdict v = r.verdict();
        String kind = switch (v) {
            case LOW_BIAS_AND_VARIANCE -> "good";
            case HIGH_BIAS, HIGH_VARIANCE -> "warn";
            case HIGH_BIAS_AND_VARIANCE -> "bad";
        };
        StringBuilder sb = new StringBuilder("<p class=\"verdict\">Verdict: ").append(Html.badge(kind, v.description())).append("</p>");
        sb.append("<div class=\"pair\"><figure>").append(chart(r.optimalError(), r.trainError(), r.devError(), r.thresholds()))
                .append("<figcaption>Avoidable bias = train error − optimal (Bayes / human-level) error; variance = dev error − train "
                        + "error. A gap above its threshold is high.</figcaption></figure><div>");
        sb.append(new Table("kv")
                .row("train error", Table.num(Html.pct(r.trainError())))
                .row("dev error", Table.num(Html.pct(r.devError())))
                .row("optimal error", Table.num(Html.pct(r.optimalError())))
                .row("avoidable bias", Table.raw(Html.esc(points(r.avoidableBias())) + " " + level(v.highBias(), r.thresholds().bias())))
                .row("variance", Table.raw(Html.esc(points(r.variance())) + " " + level(v.highVariance(), r.thresholds().variance()))));
        sb.append("<h3>What to try next, in order</h3><ol class=\"recipe\">");
        r.recipe().forEach(step -> sb.append("<li>").append(Html.esc(step)).append("</li>"));
        sb.append("</ol>");
        if (!r.notes().isEmpty()) {
            sb.append("<h3>Notes</h3><ul class=\"notes\">");
            r.notes().forEach(note -> sb.append("<li>").append(Html.esc(note)).append("</li>"));
            sb.append("</ul>");
        }
        return sb.append("</div></div>").toString();
    }

    private static String level(boolean high, double threshold) {
        return Html.badge(high ? "warn" : "good", (high ? "high" : "low") + ", threshold " + points(threshold));
    }

    /** A gap between error rates in percentage points: 0.0922 → "9.22 points". */
    static String points(double gap) {
        return String.format(Locale.ROOT, "%.2f points", gap * 100).replace("-", "−");
    }

    /**
     * Bars of the optimal (if known), train and dev error in percent, with the gaps between them marked and,
     * when {@code thresholds} are known, whether each gap is above its threshold ("high").
     */
    static String chart(double optimal, double train, double dev, BiasVarianceThresholds thresholds) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        if (!Double.isNaN(optimal)) {
            names.add("optimal (Bayes)");
            values.add(optimal * 100);
            colours.add(Html.OPTIMAL_COLOUR);
        }
        names.add("train");
        values.add(train * 100);
        colours.add(Html.TRAIN_COLOUR);
        names.add("dev");
        values.add(dev * 100);
        colours.add(Html.DEV_COLOUR);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double[] y = Ticks.niceRange(0, Math.max(0.5, max * 1.25), 5);
        Svg svg = new Svg(560, 300, "Optimal, train and dev error with the avoidable bias and the variance between them")
                .scales(Svg.Axis.linear(0, names.size()), Svg.Axis.linear(0, y[1]));
        List<Ticks.Tick> ticks = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ticks.add(new Ticks.Tick(i + 0.5, names.get(i)));
        }
        svg.axes(ticks, "", Ticks.linear(0, y[1], 5), "error (%)");
        for (int i = 0; i < names.size(); i++) {
            svg.rect(i + 0.22, 0, i + 0.78, values.get(i), colours.get(i), names.get(i) + " error: " + Html.pct(values.get(i) / 100));
            svg.text(svg.px(i + 0.5), svg.py(values.get(i)) - 5, "middle", "value", Html.pct(values.get(i) / 100));
        }
        int trainIndex = names.indexOf("train");
        if (trainIndex > 0) {
            gap(svg, trainIndex, values.get(0), values.get(trainIndex), "avoidable bias", thresholds == null ? Double.NaN : thresholds.bias());
        }
        gap(svg, trainIndex + 1, values.get(trainIndex), values.get(trainIndex + 1), "variance",
                thresholds == null ? Double.NaN : thresholds.variance());
        return svg.toString();
    }

    /** A bracket between the bars at {@code boundary − 1} and {@code boundary}, from one error to the other, labelled. */
    private static void gap(Svg svg, int boundary, double from, double to, String what, double threshold) {
        double x = svg.px(boundary);
        double y0 = svg.py(from);
        double y1 = svg.py(to);
        String colour = "#7c3aed";
        svg.rectPx(x - 1, Math.min(y0, y1), 2, Math.max(1, Math.abs(y1 - y0)), colour, null);
        svg.rectPx(x - 6, y0 - 1, 12, 2, colour, null);
        svg.rectPx(x - 6, y1 - 1, 12, 2, colour, null);
        String points = String.format(Locale.ROOT, "%s%.2f pts", to - from < 0 ? "−" : "", Math.abs(to - from));
        double top = Math.min(y0, y1);
        if (!Double.isNaN(threshold)) {
            svg.text(x, top - 33, "middle", "gap-label", what);
            svg.text(x, top - 20, "middle", "gap-label", points);
            svg.text(x, top - 7, "middle", "gap-note", (to - from > threshold * 100 ? "high: > " : "low: ≤ ")
                    + Html.num(threshold * 100, 3));
        } else {
            svg.text(x, top - 20, "middle", "gap-label", what);
            svg.text(x, top - 7, "middle", "gap-label", points);
        }
    }
}
