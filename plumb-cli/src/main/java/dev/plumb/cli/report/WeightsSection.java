package dev.plumb.cli.report;

import java.util.List;

import dev.plumb.train.RunRecord;
import dev.plumb.train.WeightStats;
import dev.plumb.workflow.RunAnalysis;

/**
 * The trained weights: a histogram of each weight matrix's values (from the run analysis) and each
 * matrix's size and sparsity (from the run record) — what L2 shrinks and L1 zeroes.
 */
final class WeightsSection implements Section {

    private final RunRecord record;
    private final RunAnalysis analysis;

    WeightsSection(RunRecord record, RunAnalysis analysis) {
        this.record = record;
        this.analysis = analysis;
    }

    @Override
    public String id() {
        return "weight-histograms";
    }

    @Override
    public String title() {
        return "Weights";
    }

    @Override
    public String body() {
        StringBuilder sb = new StringBuilder();
        List<RunAnalysis.WeightHistogram> histograms = analysis == null ? List.of() : analysis.weights();
        if (histograms.isEmpty()) {
            sb.append(Html.absent("Weight histograms were not computed for this run (no analysis.json)."));
        } else {
            sb.append("<div class=\"small-multiples\">");
            for (RunAnalysis.WeightHistogram h : histograms) {
                sb.append("<figure>").append(histogram(h)).append("<figcaption>").append(Html.esc(h.name()))
                        .append(shape(h.name())).append("</figcaption></figure>");
            }
            sb.append("</div>");
        }
        if (!record.result().weights().isEmpty()) {
            Table t = new Table("numbers", "matrix", "shape", "‖W‖_F", "mean |w|", "|w| < " + Html.num(WeightStats.NEAR_ZERO), "penalty");
            for (WeightStats w : record.result().weights()) {
                t.row(w.name(), w.rows() + " × " + w.cols(), w.norm(), w.meanAbs(), Html.pct(w.nearZero()),
                        Table.raw("<code>" + Html.esc(w.penalty()) + "</code>"));
            }
            sb.append(t).append("<p class=\"note\">The share of near-zero weights is what L1 raises (sparse weights, feature selection); "
                    + "L2 shrinks ‖W‖_F instead.</p>");
        }
        return sb.toString();
    }

    private String shape(String name) {
        return record.result().weights().stream().filter(w -> w.name().equals(name)).findFirst()
                .map(w -> " · " + w.rows() + " × " + w.cols() + " · ‖W‖_F = " + Html.num(w.norm())).orElse("");
    }

    static String histogram(RunAnalysis.WeightHistogram h) {
        int[] counts = h.counts();
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        double[] y = Ticks.niceRange(0, max, 4);
        Svg svg = new Svg(340, 210, "Histogram of the values of " + h.name(), 56, 12, 10, 42)
                .scales(Svg.Axis.linear(h.min(), h.max()), Svg.Axis.linear(0, y[1]));
        svg.axes(Ticks.linear(h.min(), h.max(), 4), "weight value", Ticks.linear(0, y[1], 4), "weights (count)");
        double binWidth = (h.max() - h.min()) / counts.length;
        for (int i = 0; i < counts.length; i++) {
            double lo = h.min() + i * binWidth;
            if (counts[i] > 0) {
                svg.rect(lo + binWidth * 0.04, 0, lo + binWidth * 0.96, counts[i], "#4e79a7",
                        "[" + Html.num(lo) + ", " + Html.num(lo + binWidth) + "): " + counts[i] + " weights");
            }
        }
        if (h.min() < 0 && h.max() > 0) {
            svg.vline(0, "#555", "0");
        }
        return svg.toString();
    }
}
