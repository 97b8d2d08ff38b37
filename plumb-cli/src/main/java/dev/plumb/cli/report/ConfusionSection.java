package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.Locale;

import dev.plumb.workflow.RunAnalysis;

/**
 * The test set's confusion matrix as a heat-map table (each cell shaded by its share of the actual
 * class's row: the diagonal in blue, confusions in red) with per-class precision, recall and F1.
 */
final class ConfusionSection implements Section {

    private final RunAnalysis analysis;

    ConfusionSection(RunAnalysis analysis) {
        this.analysis = analysis;
    }

    @Override
    public String id() {
        return "confusion-matrix";
    }

    @Override
    public String title() {
        return "Confusion matrix (test set)";
    }

    @Override
    public String body() {
        RunAnalysis.TestReport test = analysis == null ? null : analysis.test();
        if (test == null) {
            return Html.absent("Not computed for this run: it needs a classifier and a test set (and the run's analysis.json).");
        }
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (long[] row : test.confusion()) {
            for (long c : row) {
                total += c;
            }
        }
        sb.append("<p>").append(Html.count(total)).append(" test examples, evaluated once at the end: accuracy <strong>")
                .append(Html.pct(test.accuracy())).append("</strong>, macro precision ").append(Html.num(test.macroPrecision(), 3))
                .append(", macro recall ").append(Html.num(test.macroRecall(), 3)).append(", macro F1 ")
                .append(Html.num(test.macroF1(), 3)).append(".</p>");
        int n = test.classNames().size();
        sb.append("<div class=\"scroll\"><table class=\"confusion\"><thead><tr><th class=\"corner\">actual ↓ / predicted →</th>");
        for (String name : test.classNames()) {
            sb.append("<th scope=\"col\">").append(esc(name)).append("</th>");
        }
        sb.append("<th scope=\"col\" class=\"metric\">support</th><th scope=\"col\" class=\"metric\">precision</th>")
                .append("<th scope=\"col\" class=\"metric\">recall</th><th scope=\"col\" class=\"metric\">F1</th></tr></thead><tbody>");
        for (int a = 0; a < n; a++) {
            long rowTotal = 0;
            for (long c : test.confusion()[a]) {
                rowTotal += c;
            }
            sb.append("<tr><th scope=\"row\">").append(esc(test.classNames().get(a))).append("</th>");
            for (int p = 0; p < n; p++) {
                long c = test.confusion()[a][p];
                double share = rowTotal == 0 ? 0 : (double) c / rowTotal;
                sb.append("<td style=\"").append(shade(share, a == p)).append("\" title=\"actual ").append(esc(test.classNames().get(a)))
                        .append(", predicted ").append(esc(test.classNames().get(p))).append(": ").append(c).append(" (")
                        .append(Html.pct(share)).append(" of the row)\">").append(c).append("</td>");
            }
            sb.append("<td class=\"metric\">").append(test.support()[a]).append("</td>")
                    .append(metric(test.precision()[a])).append(metric(test.recall()[a])).append(metric(test.f1()[a])).append("</tr>");
        }
        sb.append("</tbody></table></div>");
        sb.append("<p class=\"note\">Rows are the actual class, columns the predicted class; a cell's shade is its share of the row. "
                + "Precision = correct / predicted as the class (column), recall = correct / actually the class (row), F1 their harmonic mean.</p>");
        return sb.toString();
    }

    private static String metric(double v) {
        return "<td class=\"metric\">" + esc(Html.num(v, 3)) + "</td>";
    }

    /** Background shade: blue on the diagonal (right), red off it (confused); white text once it is dark. */
    private static String shade(double share, boolean diagonal) {
        if (share == 0) {
            return "background:#fff;color:#9aa0a6";
        }
        double alpha = 0.08 + 0.92 * share;
        String rgb = diagonal ? "31,111,180" : "214,39,40";
        return String.format(Locale.ROOT, "background:rgba(%s,%.3f);color:%s", rgb, alpha, alpha > 0.55 ? "#fff" : "#1f2328");
    }
}
