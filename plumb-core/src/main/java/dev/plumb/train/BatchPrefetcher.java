package dev.plumb.train;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Prepares the next mini-batch (gathers and augments it) on a thread of its own while the current one trains, so
 * augmentation stops adding to a step's time whenever a core has room for it. One request at a time: {@link #start}
 * asks for a batch, {@link #await} waits until it is ready. The batches are prepared in the order they are asked
 * for, by one thread, with the same generator: what the serial loop would have made, bit for bit.
 *
 * <p>The thread is a daemon, started on the first request and ended after a second without one (so a study's many
 * training sets leave no threads behind); the hand-off allocates nothing.
 */
final class BatchPrefetcher {

    private static final long IDLE_NANOS = 1_000_000_000L;
    private static final long SPIN_NANOS = 20_000;

    private final IntConsumer prepare;
    private final String name;
    private volatile long requested;   // requests made so far
    private volatile long completed;   // requests finished so far
    private volatile int batch = -1;   // the batch of the latest request
    private volatile Throwable failure;
    private volatile Thread waiter;
    private Thread worker;              // guarded by this

    /** @param prepare prepares batch b into its buffers; runs on the prefetch thread */
    BatchPrefetcher(IntConsumer prepare, String name) {
        this.prepare = prepare;
        this.name = name;
    }

    /** The batch asked for by the latest {@link #start} (ready or not), or -1 before any. */
    int pending() {
        return batch;
    }

    /** Starts preparing batch {@code b}; the previous request must have been awaited. */
    void start(int b) {
        if (completed != requested) {
            throw new IllegalStateException("BatchPrefetcher.start before the previous batch was awaited");
        }
        batch = b;
        requested = requested + 1; // publishes batch
        Thread t;
        synchronized (this) {
            if (worker == null) {
                worker = new Thread(this::work, name);
                worker.setDaemon(true);
                worker.start();
            }
            t = worker;
        }
        LockSupport.unpark(t);
    }

    /** Waits until the latest request is ready (returns at once when there is none); rethrows its failure. */
    void await() {
        long target = requested;
        if (completed != target) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (completed != target && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            waiter = Thread.currentThread();
            while (completed != target) {
                LockSupport.park(this);
            }
            waiter = null;
        }
        Throwable failed = failure;
        if (failed != null) {
            failure = null;
            if (failed instanceof RuntimeException r) {
                throw r;
            }
            if (failed instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("Preparing a mini-batch failed", failed);
        }
    }

    private void work() {
        long done = completed;
        while (true) {
            long idleSince = System.nanoTime();
            while (requested == done) {
                if (System.nanoTime() - idleSince > IDLE_NANOS) {
                    synchronized (this) {
                        if (requested == done) { // start() checks worker under the same lock: no request is lost
                            worker = null;
                            return;
                        }
                    }
                }
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
            long target = requested;
            try {
                prepare.accept(batch);
            } catch (Throwable e) {
                failure = e;
            }
            done = target;
            completed = target;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }
}
