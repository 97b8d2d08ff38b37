package dev.plumb.train;

import java.util.function.LongSupplier;

/**
 * When the {@link Trainer} writes a checkpoint: after every finished epoch, unless that would spend more than
 * {@link #SHARE} of the time on checkpoints — hundreds of epochs of a few milliseconds each (a small CSV under the
 * default step budget), whose checkpoint grows with the history — then after the first epoch that ends at least
 * {@code 1 / SHARE − 1} times the last write's duration after it. A kill then loses at most that much training, and a
 * resumed run replays the lost epochs exactly (they derive from (seed, epoch)). The trainer writes after the last
 * epoch, and after one that stops the run, whatever the pace says.
 */
final class CheckpointPace {

    /** The most of a run's time that writing checkpoints may take, when epochs are short. */
    static final double SHARE = 0.1;

    private final LongSupplier nanoClock;
    private long writeStart;
    private long lastEnd;
    private long lastDuration;
    private boolean warm;

    /** @param nanoClock {@code System::nanoTime}, or a test's clock */
    CheckpointPace(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Whether a checkpoint is due now. */
    boolean due() {
        return nanoClock.getAsLong() - lastEnd >= (long) (lastDuration * (1 / SHARE - 1));
    }

    /** A write begins (the state's capture included). */
    void begin() {
        writeStart = nanoClock.getAsLong();
    }

    /** The write ended; the first is not counted: it pays for loading the writer's classes, not for its size. */
    void end() {
        lastEnd = nanoClock.getAsLong();
        lastDuration = warm ? lastEnd - writeStart : 0;
        warm = true;
    }
}
