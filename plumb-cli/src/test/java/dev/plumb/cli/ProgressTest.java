package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;

/** Progress lines when output is not a terminal, on a clock the test advances. */
class ProgressTest {

    private final StringWriter text = new StringWriter();
    private long now;

    private Progress lines(int epochs, int batches) {
        Progress progress = new Progress(new PrintWriter(text, true), Progress.Style.LINES, () -> now);
        progress.onTrainBegin(null, new TrainConfig(epochs, 32, 0.01, 1, true), batches);
        return progress;
    }

    private List<String> printed() {
        return text.toString().lines().toList();
    }

    /** Runs one epoch of {@code batches} batches, each taking {@code secondsPerBatch}. */
    private void epoch(Progress progress, int epoch, int batches, double secondsPerBatch) {
        for (int b = 1; b <= batches; b++) {
            if (b > 1) {
                now += (long) (secondsPerBatch * 1e9);
            }
            progress.onBatchEnd(epoch, b, 0.5);
        }
        now += (long) (secondsPerBatch * 1e9);
    }

    @Test
    void aLongEpochPrintsALineEveryTenSecondsAtMostAndATenthOfTheEpochAtLeast() {
        // 1,000 batches of 0.1 s: 100 s per epoch. 10 s = 100 batches = a tenth: a line every 100 batches, 9 in all
        // (none at the last batch: the epoch line follows it)
        Progress progress = lines(3, 1000);
        epoch(progress, 1, 1000, 0.1);
        List<String> during = printed();
        assertThat(during).hasSize(9);
        assertThat(during.get(0)).startsWith("  epoch 1/3    10% (101/1000 batches)   cost 0.5000   320 samples/s");
        // the run estimate: the rest of this epoch (90 s) and two more epochs of the same length (200 s)
        assertThat(during.get(0)).endsWith("run: 4 min 50 s left");
    }

    @Test
    void shortBatchesPrintNoMoreThanATenthOfAnEpochApartAndFastEpochsPrintOnlyTheirEndLine() {
        Progress progress = lines(2, 1000);
        // 1,000 batches of 1 s: every 10 s is 10 batches, but a line needs a tenth of the epoch (100 batches) too
        epoch(progress, 1, 1000, 1.0);
        assertThat(printed()).hasSize(9);

        text.getBuffer().setLength(0);
        Progress fast = lines(2, 1000);
        epoch(fast, 1, 1000, 0.001); // a 1 s epoch: nothing until the epoch line
        assertThat(printed()).isEmpty();
    }

    @Test
    void theEpochLineEstimatesTheWholeRunFromTheMeanEpochTime() {
        Progress progress = lines(10, 4);
        progress.onEpochEnd(new EpochLogs(1, 0.9, 0.3, 1.0, 0.35, 0.95, 0.01, 30.0));
        progress.onEpochEnd(new EpochLogs(2, 0.8, 0.2, 0.9, 0.25, 0.85, 0.01, 50.0));
        // mean 40 s × 8 epochs left = 320 s
        assertThat(printed().get(1)).isEqualTo("  epoch  2/10   train cost 0.8000 error  20.00%   dev cost 0.9000 error  25.00%"
                + "   50.00s   run: 5 min 20 s left");
        progress.onEpochEnd(new EpochLogs(10, 0.1, 0.0, 0.2, 0.05, 0.1, 0.01, 40.0));
        assertThat(printed().get(2)).doesNotContain("left");
    }

    @Test
    void longPhasesAreAnnouncedAndQuietPrintsNothing() {
        Progress progress = lines(1, 10);
        progress.phase("loading data.csv");
        progress.onTrainEnd(null);
        assertThat(printed()).containsExactly("loading data.csv …",
                "training done; evaluating the test set once and analysing the run (gradient health, weights, bias/variance) …");

        StringWriter quietText = new StringWriter();
        Progress quiet = new Progress(new PrintWriter(quietText, true), Progress.Style.QUIET, () -> now);
        quiet.onTrainBegin(null, new TrainConfig(1, 32, 0.01, 1, true), 1000);
        quiet.phase("loading");
        epoch(quiet, 1, 1000, 1.0);
        quiet.onEpochEnd(new EpochLogs(1, 0.9, 0.3, null, null, 0.95, 0.01, 1000.0));
        quiet.onTrainEnd(null);
        assertThat(quietText.toString()).isEmpty();
    }

    @Test
    void durationsReadLikeAPersonWritesThem() {
        assertThat(Progress.duration(42.4)).isEqualTo("42 s");
        assertThat(Progress.duration(185)).isEqualTo("3 min 05 s");
        assertThat(Progress.duration(7800)).isEqualTo("2 h 10 min");
        assertThat(Progress.duration(-3)).isEqualTo("0 s");
    }

    @Test
    void anEpochSlowedDownByABusyMachineSaysSoOnItsLine() {
        Progress progress = lines(3, 10);
        progress.onEpochEnd(new EpochLogs(1, 0.9, 0.3, null, null, 0.95, 0.01, 1.1));
        progress.onEpochEnd(new EpochLogs(2, 0.8, 0.2, null, null, 0.85, 0.01, 39.0, "oversubscribed: epoch 2 took 39.0 s"));
        List<String> lines = printed();
        assertThat(lines.get(0)).doesNotContain("oversubscribed");
        assertThat(lines.get(1)).startsWith("  epoch 2/3   train cost 0.8000").endsWith("left   oversubscribed: epoch 2 took 39.0 s");
    }
}
