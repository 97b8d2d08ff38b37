package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.plumb.diagnose.health.GradientHealthConfig;
import dev.plumb.diagnose.health.HealthReport;
import dev.plumb.diagnose.health.LayerHealth;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;

/**
 * Gradient and activation health per layer, as measured during training: the weight-gradient norm and
 * the activation spread by depth (first and last epoch), each layer's statistics with its flags, and the
 * warnings (vanishing / exploding gradients, saturation, dead ReLUs).
 */
final class HealthSection implements Section {

    private static final String FIRST_COLOUR = "#8fb3d9";
    private static final String LAST_COLOUR = "#1f4e79";

    private final HealthReport report;
    private final RunRecord.Training training;

    /** @param training how training went (null if unknown): an exploded cost is never shown as healthy */
    HealthSection(HealthReport report, RunRecord.Training training) {
        this.report = report;
        this.training = training;
    }

    // The training cost's explosion (over 1000× its initial value) or divergence, in words; null when there was none.
    private String explosion() {
        if (training == null) {
            return null;
        }
        if (training.outcome() == TrainingOutcome.DIVERGED) {
            return "Training diverged: " + training.stopReason() + ".";
        }
        int epoch = training.explodedEpoch();
        return epoch == 0 ? null : "The training cost exploded at epoch " + epoch + " (" + Html.num(training.history().get(epoch - 1).trainCost())
                + ", over 1000 times its initial " + Html.num(training.initialCost()) + ") and training went on.";
    }

    @Override
    public String id() {
        return "gradient-health";
    }

    @Override
    public String title() {
        return "Gradient and activation health";
    }

    @Override
    public String body() {
        if (report == null || report.layers().isEmpty()) {
            String explosion = explosion();
            return (explosion == null ? "" : "<p>" + Html.badge("bad", "cost exploded") + ' ' + esc(explosion) + "</p>")
                    + Html.absent("Not computed for this run: per-layer gradient and activation statistics were not recorded"
                    + (explosion == null ? "." : " (no epoch finished before the cost exploded)."));
        }
        List<Integer> epochs = report.epochs();
        int first = epochs.get(0);
        int last = epochs.get(epochs.size() - 1);
        GradientHealthConfig c = report.config();
        StringBuilder sb = new StringBuilder();
        sb.append("<p>Measured at the end of each epoch on a probe of ").append(report.probeExamples())
                .append(" training examples, in eval mode. Flagged: ‖dZ‖ shrinking (factor &lt; ").append(esc(Html.num(c.shrinkRatio())))
                .append(" per layer) or growing (&gt; ").append(esc(Html.num(c.growRatio()))).append(") over at least ").append(c.minLayers())
                .append(" layers going back from the output; more than ").append(esc(Html.pct(c.saturationLimit())))
                .append(" of a tanh/sigmoid layer saturated; more than ").append(esc(Html.pct(c.deadLimit()))).append(" of a ReLU layer's units dead.</p>");
        String explosion = explosion();
        if (explosion != null) {
            sb.append("<p>").append(Html.badge("bad", "cost exploded")).append(' ').append(esc(explosion)).append("</p>");
        }
        if (report.warnings().isEmpty() && explosion == null) {
            sb.append("<p>").append(Html.badge("good", "healthy")).append(" No vanishing or exploding gradients, saturation or dead ReLUs.</p>");
        } else if (report.warnings().isEmpty()) {
            sb.append("<p>No vanishing or exploding gradients, saturation or dead ReLUs on the probe examples, but the cost "
                    + "exploded: the learning rate is too large for this network and data.</p>");
        } else {
            sb.append(warnings());
        }
        List<LayerHealth> firstLayers = report.forEpoch(first);
        List<LayerHealth> lastLayers = report.forEpoch(last);
        sb.append("<div class=\"pair\"><figure>")
                .append(LayerChart.draw("Weight-gradient norm by layer", "‖dW[l]‖ (Frobenius, log scale)", true,
                        series(firstLayers, lastLayers, first, last, true), null, null))
                .append("<figcaption>Norm of the data loss's gradient for each layer's W, first and last epoch: a norm that falls "
                        + "layer after layer towards the input is vanishing, one that rises is exploding.</figcaption></figure><figure>")
                .append(LayerChart.draw("Activation spread by layer", "std of activations A[l]", false,
                        series(firstLayers, lastLayers, first, last, false), null, null))
                .append("<figcaption>Standard deviation of each layer's activations A = g(Z): collapsing towards 0 starves the "
                        + "layers after it, growing makes them saturate.</figcaption></figure></div>");
        sb.append(Html.legend(List.of("epoch " + first, "epoch " + last), List.of(FIRST_COLOUR, LAST_COLOUR)));
        sb.append("<h3>Layers at epoch ").append(last).append("</h3>");
        Table t = new Table("layers", "layer", "description", "mean(A)", "std(A)", "saturated", "dead units", "‖dW‖", "‖db‖", "‖dZ‖", "flags");
        for (LayerHealth l : lastLayers) {
            boolean saturates = l.activation().equals("tanh") || l.activation().equals("sigmoid");
            boolean relu = l.activation().startsWith("relu");
            t.row(Integer.toString(l.layer()), l.description(), Table.num(Html.num(l.activationMean(), 3)),
                    Table.num(Html.num(l.activationStd(), 3)),
                    Table.num(saturates ? Html.pct(l.saturatedFraction()) : "—"), Table.num(relu ? Html.pct(l.deadFraction()) : "—"),
                    Table.num(Html.num(l.weightGradientNorm(), 3)), Table.num(Html.num(l.biasGradientNorm(), 3)),
                    Table.num(Html.num(l.preActivationGradientNorm(), 3)), Table.raw(flags(l.layer())));
        }
        sb.append(t);
        return sb.toString();
    }

    private static List<LayerChart.Series> series(List<LayerHealth> first, List<LayerHealth> last, int firstEpoch, int lastEpoch,
                                                  boolean gradient) {
        List<LayerChart.Series> out = new ArrayList<>();
        if (firstEpoch != lastEpoch) {
            out.add(new LayerChart.Series("epoch " + firstEpoch, FIRST_COLOUR, true, values(first, gradient)));
        }
        out.add(new LayerChart.Series("epoch " + lastEpoch, LAST_COLOUR, false, values(last, gradient)));
        return out;
    }

    private static double[] values(List<LayerHealth> layers, boolean gradient) {
        return layers.stream().mapToDouble(l -> gradient ? l.weightGradientNorm() : l.activationStd()).toArray();
    }

    /** Badges for every kind of warning raised on layer {@code l} at any epoch. */
    private String flags(int l) {
        StringBuilder sb = new StringBuilder();
        for (HealthReport.Kind kind : HealthReport.Kind.values()) {
            List<Integer> at = report.warnings(kind).stream().filter(w -> w.firstLayer() <= l && l <= w.lastLayer())
                    .map(HealthReport.Warning::epoch).distinct().toList();
            if (!at.isEmpty()) {
                sb.append(Html.badge(kind == HealthReport.Kind.VANISHING_GRADIENTS || kind == HealthReport.Kind.EXPLODING_GRADIENTS
                        ? "bad" : "warn", name(kind))).append(' ');
            }
        }
        return sb.length() == 0 ? Html.badge("good", "ok") : sb.toString().trim();
    }

    private String warnings() {
        Map<String, List<HealthReport.Warning>> groups = new LinkedHashMap<>();
        for (HealthReport.Warning w : report.warnings()) {
            groups.computeIfAbsent(w.kind() + "/" + w.firstLayer() + "/" + w.lastLayer(), k -> new ArrayList<>()).add(w);
        }
        StringBuilder sb = new StringBuilder("<ul class=\"warnings\">");
        for (List<HealthReport.Warning> group : groups.values()) {
            HealthReport.Warning latest = group.get(group.size() - 1);
            List<Integer> epochs = group.stream().map(HealthReport.Warning::epoch).distinct().toList();
            sb.append("<li>").append(Html.badge(latest.kind() == HealthReport.Kind.VANISHING_GRADIENTS
                            || latest.kind() == HealthReport.Kind.EXPLODING_GRADIENTS ? "bad" : "warn", name(latest.kind())))
                    .append(" <span class=\"note\">epoch").append(epochs.size() == 1 ? " " : "s ").append(esc(ranges(epochs)))
                    .append("</span> ").append(esc(latest.message())).append("</li>");
        }
        return sb.append("</ul>").toString();
    }

    private static String name(HealthReport.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ').replace("relu", "ReLU");
    }

    /** "1–3, 5" for [1, 2, 3, 5]. */
    static String ranges(List<Integer> sorted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            int start = sorted.get(i);
            while (i + 1 < sorted.size() && sorted.get(i + 1) == sorted.get(i) + 1) {
                i++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(start).append(start == sorted.get(i) ? "" : "–" + sorted.get(i));
        }
        return sb.toString();
    }
}
