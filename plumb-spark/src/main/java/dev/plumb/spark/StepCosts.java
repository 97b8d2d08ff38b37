package dev.plumb.spark;

import java.util.Locale;

/**
 * The time of a run's steps on Spark, split where it goes, for the benchmark: per step, the partitions' arithmetic
 * (the slowest partition of each step, as they run in parallel), the rest of the round trip — Spark's scheduling, the
 * task's closure with the weights going out, the shares coming back, their sum on the driver — and the driver's
 * update (mean and optimizer step).
 */
public final class StepCosts {

    private long steps;
    private long roundTripNanos;
    private long updateNanos;
    private long computeNanos;

    synchronized void add(long roundTrip, long update, long compute) {
        steps++;
        roundTripNanos += roundTrip;
        updateNanos += update;
        computeNanos += compute;
    }

    /** Steps measured. */
    public synchronized long steps() {
        return steps;
    }

    /** Mean milliseconds per step of the partitions' arithmetic. */
    public synchronized double computeMillis() {
        return steps == 0 ? 0 : computeNanos / 1e6 / steps;
    }

    /** Mean milliseconds per step spent beyond the arithmetic: scheduling, shipping, collecting and summing. */
    public synchronized double overheadMillis() {
        return steps == 0 ? 0 : (roundTripNanos - computeNanos) / 1e6 / steps;
    }

    /** Mean milliseconds per step of the driver's update. */
    public synchronized double updateMillis() {
        return steps == 0 ? 0 : updateNanos / 1e6 / steps;
    }

    /** Mean milliseconds per step, all told. */
    public synchronized double totalMillis() {
        return steps == 0 ? 0 : (roundTripNanos + updateNanos) / 1e6 / steps;
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT, "%d steps: %.2f ms each = compute %.2f + Spark round trip %.2f + driver update %.2f",
                steps, totalMillis(), computeMillis(), overheadMillis(), updateMillis());
    }
}
