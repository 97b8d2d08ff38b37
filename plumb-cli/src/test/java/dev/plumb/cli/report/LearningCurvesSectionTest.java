package dev.plumb.cli.report;

import static dev.plumb.cli.report.HtmlReportTest.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;

/** The learning curves say where the dev cost and the dev error disagree, and which epochs a busy machine slowed. */
class LearningCurvesSectionTest {

    private static RunRecord withHistory(List<EpochLogs> history, EarlyStopping.Report stopping) {
        RunRecord base = ReportFixtures.hostileRecord();
        return base.toBuilder().training(new RunRecord.Training(TrainingOutcome.COMPLETED, "completed 4 epochs", history,
                stopping, 1.5)).build();
    }

    @Test
    void aDevCostThatRisesWhileTheDevErrorFallsIsMarkedAndSaid() {
        // overconfidence: the dev cost is lowest at epoch 2, the dev error at epoch 4
        List<EpochLogs> history = List.of(
                new EpochLogs(1, 1.0, 0.5, 0.60, 0.50, 1.0, 0.01, 0.5),
                new EpochLogs(2, 0.8, 0.4, 0.50, 0.45, 0.8, 0.01, 0.5),
                new EpochLogs(3, 0.6, 0.3, 0.55, 0.40, 0.6, 0.01, 0.5),
                new EpochLogs(4, 0.4, 0.2, 0.65, 0.35, 0.4, 0.01, 2.5, "oversubscribed: epoch 4 took 2.5 s"));
        String html = HtmlReport.render(withHistory(history,
                new EarlyStopping.Report("dev_error", 5, 1e-4, 4, 0.35, 4, false)), ReportFixtures.hostileAnalysis());
        String s = section(html, "learning-curves");
        assertThat(s).contains("The dev cost was lowest at <strong>epoch 2</strong> and the dev error at <strong>epoch 4"
                + "</strong>: after epoch 2 the cost rose while the error still fell");
        assertThat(s).contains("early stopping watched <code>dev_error</code> and kept epoch 4");
        // epoch 4 is the kept one (its own line); epoch 2 gets a line on each chart
        assertThat(HtmlReportTest.count(s, "lowest dev cost 2")).isGreaterThanOrEqualTo(2);
        assertThat(s).contains("ran to the last epoch, 4, 0 epochs after the best");
        assertThat(s).contains("Slowed down by the machine").contains("oversubscribed: epoch 4 took 2.5 s");
    }

    @Test
    void curvesThatAgreeGetNoNoteAndNoExtraMarks() {
        // both lowest at epoch 3, no slow epoch
        List<EpochLogs> history = List.of(
                new EpochLogs(1, 1.0, 0.5, 0.60, 0.50, 1.0, 0.01, 0.5),
                new EpochLogs(2, 0.8, 0.4, 0.50, 0.45, 0.8, 0.01, 0.5),
                new EpochLogs(3, 0.6, 0.3, 0.45, 0.40, 0.6, 0.01, 0.5),
                new EpochLogs(4, 0.4, 0.2, 0.65, 0.42, 0.4, 0.01, 0.5));
        String html = HtmlReport.render(withHistory(history,
                new EarlyStopping.Report("dev_error", 5, 1e-4, 3, 0.40, 4, false)), ReportFixtures.hostileAnalysis());
        String s = section(html, "learning-curves");
        assertThat(s).doesNotContain("The dev cost was lowest").doesNotContain("lowest dev cost")
                .doesNotContain("Slowed down by the machine");
        assertThat(s).contains("ran to the last epoch, 4, 1 epoch after the best");
    }
}
