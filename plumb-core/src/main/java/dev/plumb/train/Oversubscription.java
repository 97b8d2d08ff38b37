package dev.plumb.train;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells an epoch slowed down by a busy machine from one that is simply long: an epoch more than {@value #SLOWDOWN}
 * times slower than the fastest epoch of the run so far, and at least {@value #MIN_SECONDS_LOST} s slower, while the
 * 1-minute load average is above the number of cores.
 * Every epoch of a run does the same work, so such a gap is the machine, not the training: BLAS threads that spin while
 * other processes hold the cores (the same Fashion-MNIST epoch took from 1.1 s to 39 s on a shared machine). Quiet
 * machines vary far less between epochs (1.6 to 2.1 s over 20 Fashion-MNIST epochs of a 256,128 network on two
 * cores), so {@value #SLOWDOWN}× is well clear of jitter. One per run: it keeps the fastest epoch seen.
 */
public final class Oversubscription {

    /** How many times slower than the run's fastest epoch an epoch must be to count as slowed down. */
    public static final double SLOWDOWN = 3;
    /**
     * The least time an epoch must lose to count: epochs of a few milliseconds vary many times over from the JIT and the
     * garbage collector alone, and a slowdown shorter than this costs nothing worth a warning.
     */
    public static final double MIN_SECONDS_LOST = 1;

    /** Where the epoch times and the load come from: this machine, or a test's. */
    public interface Machine {

        /** A monotonic clock in nanoseconds, as {@link System#nanoTime}. */
        long nanoTime();

        /** The 1-minute load average: runnable and running processes; negative when the system does not say. */
        double loadAverage();

        /** The processors this JVM may use. */
        int cores();

        /** This machine: {@link System#nanoTime}, the operating system's load average, the JVM's processor count. */
        static Machine local() {
            return LocalMachine.INSTANCE;
        }
    }

    private enum LocalMachine implements Machine {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public double loadAverage() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        @Override
        public int cores() {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private final Machine machine;
    private double fastest = Double.POSITIVE_INFINITY;
    private int fastestEpoch;

    public Oversubscription(Machine machine) {
        this.machine = Objects.requireNonNull(machine, "machine");
    }

    /**
     * Takes note of an epoch that took {@code seconds}; if it was slowed down by a busy machine, says so in a sentence
     * for the progress line and the record.
     */
    public Optional<String> observe(int epoch, double seconds) {
        double best = fastest;
        int bestEpoch = fastestEpoch;
        if (seconds < fastest) {
            fastest = seconds;
            fastestEpoch = epoch;
        }
        if (!(seconds > SLOWDOWN * best && seconds - best >= MIN_SECONDS_LOST)) {
            return Optional.empty();
        }
        double load = machine.loadAverage();
        int cores = machine.cores();
        if (!(load > cores)) { // not busy, or the system does not report a load: a long epoch, not an oversubscribed one
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "oversubscribed: epoch %d took %.1f s, %.0f times the %.1f s of "
                        + "epoch %d, with a load average of %.1f on %d cores; other work holds the cores and the BLAS threads "
                        + "wait for them: use fewer (plumb train --threads 1, or OPENBLAS_NUM_THREADS=1) or a quieter machine",
                epoch, seconds, seconds / best, best, bestEpoch, load, cores));
    }
}
