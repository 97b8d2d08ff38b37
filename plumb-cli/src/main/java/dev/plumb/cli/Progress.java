package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.Locale;

import dev.plumb.nn.Network;
import dev.plumb.train.Callback;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress for a person: on a terminal a progress bar per epoch (batches, samples/s, running
 * cost), otherwise — or with plain output — one line per epoch. Quiet prints nothing.
 */
final class Progress implements Callback {

    enum Style { BAR, LINES, QUIET }

    private final PrintWriter out;
    private final Style style;
    private int epochs;
    private int batches;
    private int batchSize;
    private ProgressBar bar;
    private double costSum;
    private long epochStart;

    Progress(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    /** A bar when standard output is a terminal, lines otherwise. */
    static Style choose(boolean quiet) {
        return quiet ? Style.QUIET : System.console() != null ? Style.BAR : Style.LINES;
    }

    @Override
    public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
        epochs = config.epochs();
        batches = batchesPerEpoch;
        batchSize = config.batchSize();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double batchCost) {
        if (style != Style.BAR) {
            return;
        }
        if (batch == 1) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
            costSum = 0;
            epochStart = System.nanoTime();
        }
        costSum += batchCost;
        bar.stepTo(batch);
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        bar.setExtraMessage(String.format(Locale.ROOT, " cost %.4f, %.0f samples/s", costSum / batch,
                seconds > 0 ? batch * batchSize / seconds : 0));
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (style == Style.QUIET) {
            return Decision.proceed();
        }
        String dev = logs.hasDev()
                ? String.format(Locale.ROOT, "   dev cost %.4f error %6.2f%%", logs.devCost(), 100 * logs.devError()) : "";
        out.printf(Locale.ROOT, "  epoch %" + String.valueOf(epochs).length() + "d/%d   train cost %.4f error %6.2f%%%s   %.2fs%n",
                logs.epoch(), epochs, logs.trainCost(), 100 * logs.trainError(), dev, logs.seconds());
        out.flush();
        return Decision.proceed();
    }
}
