package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link GradientCheckReport} as a text table for the command line; computes nothing. */
final class GradientCheckFormat {

    private GradientCheckFormat() {
    }

    static String format(GradientCheckReport r) {
        StringBuilder out = new StringBuilder();
        out.append("Gradient check of ").append(r.subject()).append('\n');
        out.append(r.stage()).append(" · ").append(r.examples()).append(" examples · two-sided differences, ε = ")
                .append(sci(r.epsilon())).append(" · ").append(r.dtype().name().toLowerCase(Locale.ROOT))
                .append(" · mode ").append(r.mode()).append("\n\n");
        table(out, r);
        out.append('\n').append("verdict: ").append(r.verdict()).append(" — ").append(r.verdict().meaning())
                .append("   (").append(r.thresholds().describe()).append(")\n");
        out.append("diagnosis: ").append(r.diagnosis().message()).append('\n');
        List<TensorCheck> shown = r.failing();
        if (!shown.isEmpty() && shown.stream().anyMatch(t -> !t.worst().isEmpty())) {
            out.append("\nworst coordinates of the failing tensors (backprop vs numerical):\n");
            for (TensorCheck t : shown) {
                for (WorstCoordinate w : t.worst()) {
                    String at = t.name() + " [" + w.row() + ", " + w.col() + "] (flat " + w.index() + ")";
                    out.append(String.format(Locale.ROOT, "  %-28s backprop %+.6e   numerical %+.6e   difference %+.3e%n",
                            at, w.analytic(), w.numeric(), w.difference()));
                }
            }
        }
        if (r.tensors().stream().anyMatch(t -> !t.outliers().isEmpty())) {
            out.append("\ncoordinates standing far above their tensor's round-off floor (suspicious):\n");
            for (TensorCheck t : r.tensors()) {
                for (WorstCoordinate w : t.outliers()) {
                    String at = t.name() + " [" + w.row() + ", " + w.col() + "] (flat " + w.index() + ")";
                    out.append(String.format(Locale.ROOT, "  %-28s backprop %+.6e   numerical %+.6e   relative %.1e%n",
                            at, w.analytic(), w.numeric(), w.relativeError()));
                }
            }
        }
        if (!r.layerChecks().isEmpty()) {
            out.append("\neach layer on its own (J = Σ r ⊙ layer(X), X its input in the network):\n");
            for (LayerCheck c : r.layerChecks()) {
                out.append("  ").append(c.passed() ? "pass  " : "FAIL  ").append(c.label()).append(": ")
                        .append(c.report().tensors().stream()
                                .map(t -> t.name() + " " + t.verdict() + " " + sci(t.relativeError()))
                                .collect(Collectors.joining(", ")))
                        .append('\n');
            }
        }
        if (!r.notes().isEmpty()) {
            out.append("\nnotes:\n");
            for (String note : r.notes()) {
                out.append("  - ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, GradientCheckReport r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"tensor", "layer", "shape", "checked", "rel. error", "verdict", "factor"});
        for (TensorCheck t : r.tensors()) {
            String layer = t.layerNumber() > 0 ? t.layerNumber() + ": " + t.layer() : t.layer();
            rows.add(new String[] {t.name(), layer, t.shape(), t.coverage(), sci(t.relativeError()),
                    t.verdict().name(), t.hasScale() ? String.format(Locale.ROOT, "backprop = %.4g × numerical", t.scale())
                    : ""});
        }
        rows.add(new String[] {"overall", "", "", r.checked() + " of " + r.total()
                + (r.nonDifferentiable() > 0 ? " (" + r.nonDifferentiable() + " non-differentiable)" : ""), sci(r.overallError()),
                r.overallVerdict().name(), ""});
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            if (i == rows.size() - 1) {
                out.append("-".repeat(width[0] + width[1] + width[2] + width[3] + width[4] + width[5] + 10)).append('\n');
            }
            String[] row = rows.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(pad(row[c], width[c])).append(c < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    static String sci(double x) {
        return Double.isNaN(x) ? "NaN" : String.format(Locale.ROOT, "%.1e", x);
    }
}
