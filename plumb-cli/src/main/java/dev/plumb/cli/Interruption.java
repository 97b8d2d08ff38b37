package dev.plumb.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.plumb.train.Callback;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;

/**
 * Ctrl-C during training: the shutdown hook asks training to stop after the current epoch and waits
 * (up to a minute) until the run directory has been written, so what finished is kept and the record
 * says it was interrupted.
 */
final class Interruption implements Callback, AutoCloseable {

    static final String REASON = "interrupted by the user (Ctrl-C); the weights are those after the last finished epoch";

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "plumb-interrupt");

    Interruption() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal() {
        requested.set(true);
        try {
            saved.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean requested() {
        return requested.get();
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        return requested.get() ? Decision.stop(REASON) : Decision.proceed();
    }

    /** The run directory is written (or given up on): let the JVM exit. */
    @Override
    public void close() {
        saved.countDown();
        if (!requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
