package dev.plumb.train;

import java.util.Optional;

/** Asks to stop after mini-batch {@code batch} of epoch {@code epoch}, as Ctrl-C would: for the resume tests. */
public final class StopAt implements Callback {
    private final int epoch;
    private final int batch;
    private boolean due;

    public StopAt(int epoch, int batch) {
        this.epoch = epoch;
        this.batch = batch;
    }

    @Override
    public void onBatchEnd(int e, int b, double cost) {
        due = e == epoch && b == batch;
    }

    @Override
    public Optional<String> interruption() {
        return due ? Optional.of("stopped by the test") : Optional.empty();
    }
}
