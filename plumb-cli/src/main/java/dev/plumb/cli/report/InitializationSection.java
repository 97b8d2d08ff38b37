package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.plumb.diagnose.health.InitializationAuditReport;
import dev.plumb.diagnose.health.InitializationAuditReport.LayerAudit;

/**
 * The initialization audit: each layer's initializer against the one its activation calls for, and how
 * the variance of the activations evolves with depth at initialization (Var(A[l]) / Var(X)), with the
 * collapse and explosion limits drawn in.
 */
final class InitializationSection implements Section {

    private final InitializationAuditReport report;

    InitializationSection(InitializationAuditReport report) {
        this.report = report;
    }

    @Override
    public String id() {
        return "initialization";
    }

    @Override
    public String title() {
        return "Initialization";
    }

    @Override
    public String body() {
        if (report == null || report.layers().isEmpty()) {
            return Html.absent("Not computed for this run: the network was not audited at initialization.");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<p>The network as initialized, before the first step, on a probe of ").append(report.probeExamples())
                .append(" training examples with Var(X) = ").append(esc(Html.num(report.inputVariance())))
                .append(". He (Var(W) = 2/n_in) suits ReLU, LeCun/Xavier (1/n_in) suits tanh and sigmoid; either keeps Var(A) roughly "
                        + "constant from layer to layer.</p>");
        if (report.warnings().isEmpty()) {
            sb.append("<p>").append(Html.badge("good", "no findings")).append(" Every initializer fits its activation and the "
                    + "activation variance neither collapses nor explodes with depth.</p>");
        } else {
            sb.append("<ul class=\"warnings\">");
            for (InitializationAuditReport.Warning w : report.warnings()) {
                sb.append("<li>").append(Html.badge(w.finding() == InitializationAuditReport.Finding.INITIALIZER_MISMATCH ? "warn" : "bad",
                        findingName(w.finding()))).append(' ').append(esc(w.message())).append("</li>");
            }
            sb.append("</ul>");
        }
        double[] ratio = report.layers().stream().mapToDouble(LayerAudit::varianceToInput).toArray();
        sb.append("<figure>").append(LayerChart.draw("Activation variance relative to the input's, by layer, at initialization",
                        "Var(A[l]) / Var(X) (log scale)", true,
                        List.of(new LayerChart.Series("Var(A[l]) / Var(X)", "#1f4e79", false, ratio)), 1.0, "Var(X)"))
                .append("<figcaption>Flagged below ").append(esc(Html.num(report.config().collapseRatio())))
                .append(" (collapse) or above ").append(esc(Html.num(report.config().explodeRatio()))).append(" (explosion).</figcaption></figure>");
        Table t = new Table("layers", "layer", "description", "initializer", "recommended", "fits", "n_in · Var(W)", "n_in · recommended",
                "Var(Z)", "Var(A)", "Var(A) / Var(X)", "‖dW‖");
        for (LayerAudit l : report.layers()) {
            String source = switch (l.initializerSource()) {
                case SPEC -> "";
                case INFERRED -> " (inferred from the weights)";
                case UNKNOWN -> " (unknown)";
            };
            t.row(Integer.toString(l.layer()), l.description(), l.initializer() + source, l.recommended(),
                    Table.classed(l.initializerFits() ? "good" : "warn", l.initializerFits() ? "yes" : "no"),
                    Table.num(Html.num(l.fanIn() * l.weightVariance(), 3)), Table.num(Html.num(l.fanIn() * l.recommendedVariance(), 3)),
                    Table.num(Html.num(l.zVariance(), 3)), Table.num(Html.num(l.aVariance(), 3)),
                    Table.num(Html.num(l.varianceToInput(), 3)), Table.num(Html.num(l.weightGradientNorm(), 3)));
        }
        sb.append(t);
        String findings = report.layers().stream().filter(l -> !l.findings().isEmpty())
                .map(l -> "layer " + l.layer() + ": " + l.findings().stream().map(InitializationSection::findingName)
                        .collect(Collectors.joining(", "))).collect(Collectors.joining("; "));
        if (!findings.isEmpty()) {
            sb.append("<p class=\"note\">Findings by layer: ").append(esc(findings)).append(".</p>");
        }
        return sb.toString();
    }

    private static String findingName(InitializationAuditReport.Finding f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
