package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.plumb.nn.Network;
import dev.plumb.train.Callback;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress for a person. On a terminal a progress bar per epoch (batches, samples/s, running cost); otherwise
 * — a log, a pipe, CI — lines: one during an epoch whenever both {@link #LINE_INTERVAL_NANOS} of wall time and a tenth
 * of the epoch have passed since the last (so a long epoch is never silent for long, and a short one prints no more
 * than its end line), and one per epoch. Every epoch line, and every line during an epoch, gives an estimate of the
 * time left for the whole run: the epochs left times the mean epoch time so far (early stopping may end it sooner).
 * {@link #phase} announces the long steps before and after training. Quiet prints nothing.
 */
final class Progress implements Callback {

    enum Style { BAR, LINES, QUIET }

    /** The shortest wall time between two lines during an epoch. */
    static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
    /** The least share of an epoch between two lines during it. */
    static final double LINE_INTERVAL_EPOCH_SHARE = 0.1;

    private final PrintWriter out;
    private final Style style;
    private final LongSupplier nanoClock;
    private int epochs;
    private int batches;
    private int batchSize;
    private ProgressBar bar;
    private double costSum;
    private long epochStart;
    private long lastLine;
    private int lastLineBatch;
    private double finishedSeconds;
    private int finishedEpochs;

    Progress(PrintWriter out, Style style) {
        this(out, style, System::nanoTime);
    }

    /** With {@code nanoClock} as the wall clock (tests give one they advance). */
    Progress(PrintWriter out, Style style, LongSupplier nanoClock) {
        this.out = out;
        this.style = style;
        this.nanoClock = nanoClock;
    }

    /** A bar when standard output is a terminal, lines otherwise. */
    static Style choose(boolean quiet) {
        return quiet ? Style.QUIET : System.console() != null ? Style.BAR : Style.LINES;
    }

    /** Announces a long step that prints nothing while it runs: loading the data, the final analysis. */
    void phase(String what) {
        if (style != Style.QUIET) {
            out.println(what + " …");
            out.flush();
        }
    }

    @Override
    public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
        epochs = config.epochs();
        batches = batchesPerEpoch;
        batchSize = config.batchSize();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double batchCost) {
        if (style == Style.QUIET) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (batch == 1) {
            costSum = 0;
            epochStart = now;
            lastLine = now;
            lastLineBatch = 0;
            if (style == Style.BAR) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                        .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                        .build();
            }
        }
        costSum += batchCost;
        // the clock starts when the first batch ends, so the time measured is that of batches 2..batch
        double seconds = (now - epochStart) / 1e9;
        double secondsPerBatch = batch > 1 ? seconds / (batch - 1) : 0;
        double samplesPerSecond = seconds > 0 ? (batch - 1) * batchSize / seconds : 0;
        if (style == Style.BAR) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " cost %.4f, %.0f samples/s", costSum / batch, samplesPerSecond));
            return;
        }
        if (batch < batches && now - lastLine >= LINE_INTERVAL_NANOS
                && batch - lastLineBatch >= LINE_INTERVAL_EPOCH_SHARE * batches) {
            lastLine = now;
            lastLineBatch = batch;
            // this epoch's batches so far give its length until one has finished
            double epochEstimate = secondsPerBatch * batches;
            double left = secondsPerBatch * (batches - batch)
                    + (epochs - epoch) * (finishedEpochs > 0 ? meanEpochSeconds() : epochEstimate);
            out.printf(Locale.ROOT, "  epoch %s/%d   %3.0f%% (%d/%d batches)   cost %.4f   %.0f samples/s   run: %s left%n",
                    pad(epoch), epochs, 100.0 * batch / batches, batch, batches, costSum / batch, samplesPerSecond,
                    duration(left));
            out.flush();
        }
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        finishedSeconds += logs.seconds();
        finishedEpochs++;
        if (style == Style.QUIET) {
            return Decision.proceed();
        }
        String dev = logs.hasDev()
                ? String.format(Locale.ROOT, "   dev cost %.4f error %6.2f%%", logs.devCost(), 100 * logs.devError()) : "";
        int left = epochs - logs.epoch();
        String eta = left > 0 ? "   run: " + duration(left * meanEpochSeconds()) + " left" : "";
        // a machine too busy for the run says so on the line of the epoch it slowed down
        String slowdown = logs.slowdown() == null ? "" : "   " + logs.slowdown();
        out.printf(Locale.ROOT, "  epoch %s/%d   train cost %.4f error %6.2f%%%s   %.2fs%s%s%n",
                pad(logs.epoch()), epochs, logs.trainCost(), 100 * logs.trainError(), dev, logs.seconds(), eta, slowdown);
        out.flush();
        return Decision.proceed();
    }

    @Override
    public void onTrainEnd(Network network) {
        phase("training done; evaluating the test set once and analysing the run (gradient health, weights, "
                + "bias/variance)");
    }

    private double meanEpochSeconds() {
        return finishedSeconds / finishedEpochs;
    }

    private String pad(int epoch) {
        return String.format(Locale.ROOT, "%" + String.valueOf(epochs).length() + "d", epoch);
    }

    /** A duration for a person: 42 s, 3 min 05 s, 2 h 10 min. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
