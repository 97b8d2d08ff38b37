package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.List;

import dev.plumb.train.EarlyStopping.Report;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;

/**
 * Learning curves: train and dev cost per epoch and train and dev error per epoch, two line charts, with
 * the epoch whose weights the network kept (early stopping's best, else the final epoch) marked on both.
 */
final class LearningCurvesSection implements Section {

    /** Up to this many epochs each measurement also gets a dot. */
    private static final int MAX_DOTTED_EPOCHS = 40;

    private final RunRecord record;

    LearningCurvesSection(RunRecord record) {
        this.record = record;
    }

    @Override
    public String id() {
        return "learning-curves";
    }

    @Override
    public String title() {
        return "Learning curves";
    }

    @Override
    public String body() {
        List<EpochLogs> history = record.history();
        if (history.isEmpty()) {
            return Html.absent("No epoch finished in this run, so there is nothing to plot.");
        }
        boolean classification = Section.classification(record);
        boolean ce = record.setup().network() == null || record.setup().network().loss().isClassification();
        int n = history.size();
        double[] epochs = new double[n];
        double[] trainCost = new double[n];
        double[] devCost = new double[n];
        double[] batchCost = new double[n];
        double[] trainError = new double[n];
        double[] devError = new double[n];
        double scale = classification ? 100 : 1; // errors as percentages
        for (int i = 0; i < n; i++) {
            EpochLogs e = history.get(i);
            epochs[i] = e.epoch();
            trainCost[i] = e.trainCost();
            devCost[i] = e.devCost() == null ? Double.NaN : e.devCost();
            batchCost[i] = e.meanBatchCost();
            trainError[i] = e.trainError() * scale;
            devError[i] = e.devError() == null ? Double.NaN : e.devError() * scale;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(stoppingText());
        sb.append(disagreementText());
        sb.append(slowdownText());
        sb.append("<div class=\"pair\">");
        sb.append("<figure>").append(chart("Cost per epoch", epochs, new double[][] {trainCost, devCost, batchCost},
                ce ? "cost J (nats per example)" : "cost J (squared target units)")).append("<figcaption>Cost J = mean loss + weight penalty, measured after each epoch in eval mode; dashed: mean mini-batch cost while training (train mode, with dropout and augmentation).</figcaption></figure>");
        sb.append("<figure>").append(chart("Error per epoch", epochs, new double[][] {trainError, devError, null},
                classification ? "error (% misclassified)" : "error (MSE, squared target units)"))
                .append("<figcaption>").append(classification ? "Misclassification rate" : "Mean squared error")
                .append(" on the whole train and dev parts after each epoch.</figcaption></figure>");
        sb.append("</div>");
        sb.append(Html.legend(List.of("train", "dev", "mean mini-batch cost (train mode)", "weights kept (" + Section.keptEpoch(record) + ")"),
                List.of(Html.TRAIN_COLOUR, Html.DEV_COLOUR, "repeating-linear-gradient(90deg," + Html.TRAIN_COLOUR + " 0 5px,transparent 5px 8px)", "#7c3aed")));
        sb.append(historyTable(classification));
        return sb.toString();
    }

    private String stoppingText() {
        Report es = record.training().earlyStopping();
        StringBuilder sb = new StringBuilder("<p>");
        if (es == null) {
            sb.append("No early stopping: the network has the weights of the last epoch run (").append(record.history().size()).append(").");
        } else {
            sb.append("Early stopping watched <code>").append(esc(es.monitor())).append("</code> (patience ").append(es.patience())
                    .append(", min delta ").append(esc(Html.num(es.minDelta()))).append("): best at <strong>epoch ").append(es.bestEpoch())
                    .append("</strong> (").append(esc(Html.num(es.bestValue()))).append("), ")
                    .append(es.stoppedEarly() ? "stopped early after epoch " : "ran to the last epoch, ").append(es.stoppedEpoch())
                    .append(", ").append(es.epochsAfterBest()).append(es.epochsAfterBest() == 1 ? " epoch" : " epochs")
                    .append(" after the best; the best epoch's weights were restored.");
        }
        return sb.append("</p>").toString();
    }

    // Where the dev cost and the dev error bottom out at different epochs (a classifier growing overconfident: its cost
    // rises while its error still falls), both epochs are marked on both charts and said here.
    private String disagreementText() {
        int cost = record.training().lowestDevCostEpoch();
        int error = record.training().lowestDevErrorEpoch();
        if (cost == 0 || error == 0 || cost == error) {
            return "";
        }
        Report es = record.training().earlyStopping();
        return "<p class=\"note\">The dev cost was lowest at <strong>epoch " + cost + "</strong> and the dev error at "
                + "<strong>epoch " + error + "</strong>" + (cost < error ? ": after epoch " + cost + " the cost rose while the "
                + "error still fell, as a classifier's probabilities grow overconfident on the examples it gets wrong" : "")
                + ". Both epochs are marked on both charts" + (es == null ? "" : "; early stopping watched <code>"
                + esc(es.monitor()) + "</code> and kept epoch " + es.bestEpoch()) + ".</p>";
    }

    // Epochs a busy machine slowed down, with what the trainer said about each.
    private String slowdownText() {
        List<EpochLogs> slow = record.training().slowedDown();
        if (slow.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<p class=\"note\">Slowed down by the machine, not by the training:</p><ul "
                + "class=\"notes\">");
        slow.forEach(e -> sb.append("<li>").append(esc(e.slowdown())).append("</li>"));
        return sb.append("</ul>").toString();
    }

    private String chart(String label, double[] epochs, double[][] series, String yLabel) {
        double hi = 0;
        for (double[] s : series) {
            if (s != null) {
                for (double v : s) {
                    if (Double.isFinite(v)) {
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        int n = epochs.length;
        double[] y = Ticks.niceRange(0, hi > 0 ? hi * 1.05 : 1, 5);
        Svg svg = new Svg(520, 300, label).scales(Svg.Axis.linear(n == 1 ? 0.5 : 1, n == 1 ? 1.5 : n), Svg.Axis.linear(0, y[1]));
        svg.axes(Ticks.integers(1, n, 8), "epoch", Ticks.linear(0, y[1], 5), yLabel);
        int best = record.bestEpoch();
        if (best >= 1 && best <= n) {
            svg.vline(best, "#7c3aed", Section.keptEpoch(record) + " " + best);
        }
        int lowestCost = record.training().lowestDevCostEpoch();
        int lowestError = record.training().lowestDevErrorEpoch();
        if (lowestCost > 0 && lowestError > 0 && lowestCost != lowestError) {
            for (int[] mark : new int[][] {{lowestCost, 0}, {lowestError, 1}}) {
                if (mark[0] != best) {
                    svg.vline(mark[0], Html.DEV_COLOUR, (mark[1] == 0 ? "lowest dev cost " : "lowest dev error ") + mark[0]);
                }
            }
        }
        String[] colours = {Html.TRAIN_COLOUR, Html.DEV_COLOUR, Html.TRAIN_COLOUR};
        String[] names = {"train", "dev", "mean mini-batch"};
        for (int k = 0; k < series.length; k++) {
            if (series[k] == null) {
                continue;
            }
            svg.polyline(epochs, series[k], colours[k], k == 2);
            if (k < 2) {
                for (int i = 0; i < n; i++) {
                    if (Double.isFinite(series[k][i]) && (n <= MAX_DOTTED_EPOCHS || i + 1 == best)) {
                        svg.dot(epochs[i], series[k][i], i + 1 == best ? 4.5 : 2.5, colours[k],
                                names[k] + ", epoch " + (i + 1) + ": " + Html.num(series[k][i]));
                    }
                }
            }
        }
        return svg.toString();
    }

    private String historyTable(boolean classification) {
        String unit = classification ? " (%)" : " (MSE)";
        Table t = new Table("numbers compact", "epoch", "train cost", "dev cost", "train error" + unit, "dev error" + unit,
                "mean batch cost", "α", "seconds");
        for (EpochLogs e : record.history()) {
            t.styledRow(e.epoch() == record.bestEpoch() ? "kept" : "", Integer.toString(e.epoch()), e.trainCost(),
                    e.devCost() == null ? "—" : e.devCost(), error(e.trainError(), classification),
                    e.devError() == null ? "—" : error(e.devError(), classification), e.meanBatchCost(), e.learningRate(),
                    Html.num(e.seconds(), 3));
        }
        return "<details><summary>Every epoch as a table</summary>" + t + "</details>";
    }

    private static String error(double value, boolean classification) {
        return classification ? Html.num(value * 100, 4) : Html.num(value);
    }
}
