package dev.plumb.cli;

import java.io.PrintWriter;

import dev.plumb.train.Callback;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import dev.plumb.nn.Network;

/** Prints one line per epoch: costs and errors on train and dev, and the epoch's time. */
final class EpochPrinter implements Callback {

    private final PrintWriter out;
    private int epochs;

    EpochPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
        epochs = config.epochs();
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        String width = String.valueOf(epochs).length() + "";
        String dev = logs.hasDev()
                ? String.format("   dev cost %.4f error %6.2f%%", logs.devCost(), 100 * logs.devError())
                : "";
        out.printf("  epoch %" + width + "d/%d   train cost %.4f error %6.2f%%%s   %.2fs%n", logs.epoch(), epochs,
                logs.trainCost(), 100 * logs.trainError(), dev, logs.seconds());
        out.flush();
        return Decision.proceed();
    }
}
