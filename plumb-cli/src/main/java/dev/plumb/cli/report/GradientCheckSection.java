package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.ArrayList;
import java.util.List;

import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.gradcheck.LayerCheck;
import dev.plumb.diagnose.gradcheck.TensorCheck;
import dev.plumb.diagnose.gradcheck.Verdict;
import dev.plumb.diagnose.gradcheck.VerdictThresholds;
import dev.plumb.diagnose.gradcheck.WorstCoordinate;

/**
 * The gradient check: per tensor, backprop's gradient against the two-sided numerical one — a log-scale
 * chart of the relative errors over the verdict bands, and a table with verdict colours, the worst
 * coordinate and the diagnosis.
 */
final class GradientCheckSection implements Section {

    private final GradientCheckReport report;

    GradientCheckSection(GradientCheckReport report) {
        this.report = report;
    }

    @Override
    public String id() {
        return "gradient-check";
    }

    @Override
    public String title() {
        return "Gradient check";
    }

    @Override
    public String body() {
        if (report == null) {
            return Html.absent("Not computed for this run: no gradient check was recorded (plumb demo records one; "
                    + "plumb gradcheck checks any network).");
        }
        GradientCheckReport r = report;
        StringBuilder sb = new StringBuilder();
        sb.append("<p>Checked the ").append(esc(r.subject())).append(' ').append(esc(r.stage())).append(": ")
                .append(Html.count(r.checked())).append(" of ").append(Html.count(r.total())).append(" coordinates")
                .append(r.nonDifferentiable() > 0 ? " (" + Html.count(r.nonDifferentiable()) + " more non-differentiable"
                        + " at this point, e.g. on a ReLU kink, left out of the verdict)" : "").append(" on ")
                .append(Html.count(r.examples())).append(" examples, two-sided differences with ε = ").append(esc(Html.num(r.epsilon())))
                .append(", in ").append(esc(String.valueOf(r.dtype()).toLowerCase(java.util.Locale.ROOT))).append(", ")
                .append(esc(String.valueOf(r.mode()).toLowerCase(java.util.Locale.ROOT))).append(" mode; J includes the weight penalty.</p>");
        sb.append("<p class=\"verdict\">Verdict: ").append(Html.badge(kind(r.verdict()), verdictText(r.verdict())))
                .append(" · overall relative error ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂) = <strong>")
                .append(esc(Html.sci(r.overallError()))).append("</strong></p>");
        sb.append("<p><strong>Diagnosis:</strong> ").append(esc(r.diagnosis().message())).append("</p>");
        sb.append("<figure>").append(chart(r.tensors(), r.thresholds())).append("<figcaption>Relative error per tensor on a log "
                + "scale; the bands are the verdicts: ").append(esc(r.thresholds().describe())).append(".</figcaption></figure>");
        sb.append(tensorTable(r.tensors()));
        if (!r.layerChecks().isEmpty()) {
            sb.append("<h3>Each layer checked on its own</h3>");
            Table t = new Table("layers", "layer", "verdict", "relative error", "diagnosis");
            for (LayerCheck c : r.layerChecks()) {
                t.row(c.label(), verdictCell(c.report().verdict()), Table.num(Html.sci(c.report().overallError())),
                        c.report().diagnosis().message());
            }
            sb.append(t);
        }
        if (!r.notes().isEmpty()) {
            sb.append("<ul class=\"notes\">");
            r.notes().forEach(n -> sb.append("<li>").append(esc(n)).append("</li>"));
            sb.append("</ul>");
        }
        return sb.toString();
    }

    private static String tensorTable(List<TensorCheck> tensors) {
        Table t = new Table("layers compact", "tensor", "layer", "gradient", "shape", "checked", "relative error", "verdict",
                "‖backprop‖₂", "‖numerical‖₂", "worst coordinate (backprop vs numerical)");
        for (TensorCheck c : tensors) {
            WorstCoordinate w = c.worst().isEmpty() ? null : c.worst().get(0);
            String worst = w == null ? "—" : "[" + w.row() + ", " + w.col() + "]: " + Html.num(w.analytic(), 3) + " vs " + Html.num(w.numeric(), 3);
            if (!c.outliers().isEmpty()) {
                WorstCoordinate o = c.outliers().get(0);
                worst += " · stands out above round-off: [" + o.row() + ", " + o.col() + "]";
            }
            String scale = c.hasScale() ? " (backprop = " + Html.num(c.scale()) + " × numerical)" : "";
            String checked = (c.sampled() ? Html.count(c.checked()) + " of " + Html.count(c.total()) : "all " + Html.count(c.total()))
                    + (c.nonDifferentiable() > 0 ? " (" + Html.count(c.nonDifferentiable()) + " non-differentiable)" : "");
            t.row(c.name(), c.layer(), c.kind().gradient(), c.shape(), Table.num(checked), Table.num(Html.sci(c.relativeError())),
                    verdictCell(c.verdict()), Table.num(Html.num(c.analyticNorm())), Table.num(Html.num(c.numericNorm())), worst + scale);
        }
        return t.toString();
    }

    private static Object verdictCell(Verdict v) {
        return Table.classed(kind(v), v.name().toLowerCase(java.util.Locale.ROOT));
    }

    static String verdictText(Verdict v) {
        return v.name().toLowerCase(java.util.Locale.ROOT) + " — " + v.meaning();
    }

    /** The colour class of a verdict: correct green, fine light green, suspicious amber, wrong red. */
    static String kind(Verdict v) {
        return switch (v) {
            case CORRECT -> "good";
            case FINE -> "ok";
            case SUSPICIOUS -> "warn";
            case WRONG -> "bad";
        };
    }

    private static String chart(List<TensorCheck> tensors, VerdictThresholds th) {
        double lo = th.correct() / 100;
        double hi = 1;
        for (TensorCheck c : tensors) {
            if (c.relativeError() > 0 && Double.isFinite(c.relativeError())) {
                lo = Math.min(lo, c.relativeError() / 3);
                hi = Math.max(hi, c.relativeError() * 3);
            }
        }
        lo = Math.pow(10, Math.floor(Math.log10(lo)));
        hi = Math.pow(10, Math.ceil(Math.log10(hi)));
        int n = tensors.size();
        Svg svg = new Svg(Math.max(420, Math.min(1040, 120 + 56 * n)), 280, "Relative error of each checked tensor against the verdict bands")
                .scales(Svg.Axis.linear(0, Math.max(1, n)), Svg.Axis.log10(lo, hi));
        double[][] bands = {{lo, th.correct()}, {th.correct(), th.fine()}, {th.fine(), th.suspicious()}, {th.suspicious(), hi}};
        String[] fills = {"#dafbe1", "#eef9e8", "#fff4ce", "#ffebe9"};
        String[] names = {"correct", "fine", "suspicious", "wrong"};
        for (int b = 0; b < bands.length; b++) {
            svg.rect(0, bands[b][0], Math.max(1, n), bands[b][1], fills[b], names[b] + ": " + Html.sci(bands[b][0]) + " … " + Html.sci(bands[b][1]));
            double top = svg.py(bands[b][1]);
            if (svg.py(bands[b][0]) - top >= 14) {
                svg.text(svg.plotRight() - 4, top + 12, "end", "band-label", names[b]);
            }
        }
        List<Ticks.Tick> xTicks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xTicks.add(new Ticks.Tick(i + 0.5, tensors.get(i).name()));
        }
        svg.axes(xTicks, "tensor", Ticks.log(lo, hi), "relative error (log scale)");
        for (int i = 0; i < n; i++) {
            TensorCheck c = tensors.get(i);
            double e = c.relativeError();
            double shown = !(e > lo) ? lo : Double.isFinite(e) ? Math.min(e, hi) : hi;
            svg.dot(i + 0.5, shown, 5, verdictColour(c.verdict()), c.name() + " (" + c.layer() + "): " + Html.sci(e) + ", " + verdictText(c.verdict()));
        }
        return svg.toString();
    }

    private static String verdictColour(Verdict v) {
        return switch (v) {
            case CORRECT -> "#1a7f37";
            case FINE -> "#4d9a2a";
            case SUSPICIOUS -> "#b7791f";
            case WRONG -> "#cf222e";
        };
    }
}
