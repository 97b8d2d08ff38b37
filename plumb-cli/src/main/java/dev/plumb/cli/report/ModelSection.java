package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.stream.IntStream;

import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.train.ChosenDefault;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;

/**
 * The model: its layers with their parameters, initializers, penalties and dropout, how it was trained, and which
 * options were left at {@code auto} and chosen from the data.
 */
final class ModelSection implements Section {

    private final RunRecord record;

    ModelSection(RunRecord record) {
        this.record = record;
    }

    @Override
    public String id() {
        return "model";
    }

    @Override
    public String title() {
        return "Model";
    }

    @Override
    public String body() {
        StringBuilder sb = new StringBuilder();
        NetworkSpec spec = record.setup().network();
        if (spec == null) {
            sb.append("<p>A network of hand-made layers (no architecture spec in the record):</p><pre>")
                    .append(esc(record.setup().networkSummary())).append("</pre>");
        } else {
            layers(sb, spec);
        }
        training(sb, record.setup().config());
        return sb.toString();
    }

    private void layers(StringBuilder sb, NetworkSpec spec) {
        sb.append("<p>").append(spec.inputs()).append(" inputs → ").append(spec.outputs()).append(" outputs, loss <code>")
                .append(esc(spec.loss().id())).append("</code>, ").append(Html.count(record.setup().parameterCount()))
                .append(" trainable parameters in ").append(esc(record.setup().dtype())).append(".</p>");
        if (record.setup().initializedFrom() != null) {
            sb.append("<p class=\"init-from\">Fine-tuned: the architecture, the starting weights and the input normalizer "
                    + "are those of the model in <code>").append(esc(record.setup().initializedFrom()))
                    .append("</code> (<code>--init-from</code>); the initializers below are the ones it was first trained with.</p>");
        }
        Table t = new Table("layers", "#", "layer", "output width", "activation", "initializer", "keep prob",
                "L2 λ", "L1 λ", "parameters");
        int width = spec.inputs();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            String position = Integer.toString(i + 1);
            if (layer.isDense()) {
                String initializer = layer.initializer().id();
                t.row(position, "dense " + width + " → " + layer.units(), layer.units(), layer.activation().id(),
                        Table.raw("<code>" + esc(initializer) + "</code> <span class=\"note\">" + esc(initializerVariance(initializer))
                                + "</span>"), "—", penalty(spec.l2Of(i), layer.l2() != null), penalty(spec.l1Of(i), layer.l1() != null),
                        spec.parameterCount(i));
                width = layer.units();
            } else {
                t.styledRow(layer.keepProb() < 1 ? "dropout" : "", position, "dropout (inverted)", width, "—", "—",
                        layer.keepProb(), "—", "—", 0);
            }
        }
        sb.append(t);
        boolean anyL1 = IntStream.range(0, spec.layers().size()).anyMatch(i -> spec.l1Of(i) > 0);
        sb.append("<p class=\"note\">Weight penalties apply to every W, never to the biases b; cost J = (1/m)ΣL + (λ/2m)Σ‖W‖²_F")
                .append(anyL1 ? " + (λ₁/m)Σ|W|" : "")
                .append(". Dropout is inverted (kept activations are divided by keep prob) and is off at evaluation and prediction.</p>");
    }

    private static Object penalty(double lambda, boolean own) {
        if (lambda == 0) {
            return "off";
        }
        return Table.raw(esc(Html.num(lambda)) + (own ? " <span class=\"note\">(layer's own)</span>" : ""));
    }

    /** The variance of Var(W) an initializer id stands for, as the note writes it. */
    static String initializerVariance(String id) {
        String base = id == null ? "" : id.replace("_uniform", "");
        String form = id != null && id.endsWith("_uniform") ? ", uniform" : ", normal";
        return switch (base) {
            case "he" -> "Var(W) = 2/n_in" + form;
            case "lecun" -> "Var(W) = 1/n_in" + form;
            case "glorot" -> "Var(W) = 2/(n_in + n_out)" + form;
            case "small" -> "N(0, 1) × 0.01";
            case "zeros" -> "all zero";
            default -> "";
        };
    }

    private void training(StringBuilder sb, TrainConfig config) {
        sb.append("<h3>Training</h3>");
        String schedule = config.schedule() == null || "constant".equals(config.schedule().kind()) ? "constant"
                : config.schedule().kind() + " (factor " + Html.num(config.schedule().factor())
                + (config.schedule().every() > 0 ? ", every " + config.schedule().every() + " epochs" : "") + ")";
        Table t = new Table("kv");
        t.row("optimizer", Table.raw("<code>" + esc(record.setup().optimizer()) + "</code>"))
                .row("learning rate α", config.learningRate())
                .row("learning-rate schedule", schedule)
                .row("epochs", record.history().size() + " run of " + config.epochs() + " configured")
                .row("mini-batch size", config.batchSize())
                .row("shuffle", config.shuffle() ? "every epoch, seed " + config.seed() : "no (seed " + config.seed() + ")")
                .row("precision", record.setup().dtype())
                .row("matrix products", record.setup().blas() == null ? "—" : record.setup().blas());
        if (record.training().earlyStopping() != null) {
            var es = record.training().earlyStopping();
            t.row("early stopping", "on " + es.monitor() + ", patience " + es.patience() + ", min delta " + Html.num(es.minDelta()));
        } else {
            t.row("early stopping", "off");
        }
        sb.append(t);
        defaults(sb);
    }

    // The options left at auto and what the run chose for them from its data, with the reasons.
    private void defaults(StringBuilder sb) {
        if (record.setup().defaults().isEmpty()) {
            return;
        }
        sb.append("<h3>Defaults chosen from the data</h3><p>These options were left at <code>auto</code>; the run chose "
                + "them from its data (config.yaml keeps <code>auto</code>, so the run repeated on other data chooses again).</p>");
        Table t = new Table("defaults", "option", "chosen", "why");
        for (ChosenDefault d : record.setup().defaults()) {
            t.row(Table.raw("<code>" + esc(d.option()) + "</code>"), Table.raw("<code>" + esc(d.value()) + "</code>"), d.reason());
        }
        sb.append(t);
    }
}
