package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;

/** The run at a glance: final train, dev and test figures, epochs, why training stopped, when and how long. */
final class SummarySection implements Section {

    private final RunRecord record;

    SummarySection(RunRecord record) {
        this.record = record;
    }

    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String title() {
        return "Summary";
    }

    @Override
    public String body() {
        boolean classification = Section.classification(record);
        StringBuilder sb = new StringBuilder("<div class=\"tiles\">");
        for (String split : new String[] {"train", "dev", "test"}) {
            Evaluation e = record.evaluation(split).orElse(null);
            if (e == null) {
                tile(sb, split + (classification ? " error" : " MSE"), "—", "not measured");
            } else if (classification) {
                tile(sb, split + " error", Html.pct(e.error()), Html.count(e.examples()) + " examples, accuracy " + Html.pct(e.accuracy()));
            } else {
                tile(sb, split + " MSE", Html.num(e.error()), Html.count(e.examples()) + " examples, cost " + Html.num(e.cost()));
            }
        }
        tile(sb, "epochs", record.history().size() + " of " + record.setup().config().epochs(),
                record.bestEpoch() == 0 ? "initial weights" : "weights of the " + Section.keptEpoch(record) + ", " + record.bestEpoch());
        tile(sb, "parameters", Html.count(record.setup().parameterCount()), record.setup().dtype() + ", " + record.setup().optimizer());
        tile(sb, "wall time", Html.num(record.training().seconds(), 3) + " s", record.setup().blas() == null ? "" : "BLAS: " + record.setup().blas());
        sb.append("</div>");
        sb.append("<p><strong>").append(outcome(record.outcome())).append(":</strong> ")
                .append(esc(record.training().stopReason())).append("</p>");
        sb.append("<p class=\"meta\">Data <code>").append(esc(record.setup().dataset())).append("</code> · finished ")
                .append(esc(record.createdAt())).append(" · Plumb ").append(esc(record.plumbVersion()))
                .append(" · run record format ").append(record.formatVersion()).append("</p>");
        return sb.toString();
    }

    private static String outcome(TrainingOutcome outcome) {
        return switch (outcome) {
            case COMPLETED -> "Completed";
            case STOPPED_EARLY -> "Stopped early";
            case STOPPED_BY_CALLBACK -> "Stopped";
            case INTERRUPTED -> "Interrupted";
            case DIVERGED -> "Diverged";
        };
    }

    private static void tile(StringBuilder sb, String label, String value, String note) {
        sb.append("<div class=\"tile\"><div class=\"tile-label\">").append(esc(label)).append("</div><div class=\"tile-value\">")
                .append(esc(value)).append("</div><div class=\"tile-note\">").append(esc(note)).append("</div></div>");
    }
}
