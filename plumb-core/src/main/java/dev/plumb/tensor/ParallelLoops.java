package dev.plumb.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the elementwise loops of a training step — bias and activation, softmax, dropout masks, optimizer
 * steps, gathers — on all cores instead of one. OpenBLAS uses every core inside the matrix products only;
 * between them a step's other loops ran on the calling thread while the other cores waited.
 *
 * <p>One pool per process, {@link #shared()}, made when a kernel first asks for it: {@code cores − 1} daemon
 * worker threads (at most three), the caller being the last worker. A loop over {@code [0, n)} is cut into a few
 * chunks that the caller and the workers claim one at a time, so a worker that wakes late costs nothing but its
 * wake-up: the caller takes the chunks nobody claimed. Every element is computed by the same operations in the
 * same order whichever thread runs it, and no chunk adds into another's result, so the results are bit for bit
 * those of the single-threaded loop (each kernel's test holds it to that).
 *
 * <p>Nothing is allocated per loop: a kernel takes the pool's one lease ({@link #acquire}), writes its operands
 * into the lease's {@link LoopOperands} and runs a non-capturing body. The lease is taken with a compare-and-set;
 * when another thread holds it (trials trained side by side, Spark tasks in one JVM), or the loop is too small
 * to repay a hand-off (a few microseconds), the kernel runs its loop serially, with the same results.
 *
 * <p>A worker spins for a short while after a loop (the step's next loop usually follows within microseconds),
 * then parks; the caller unparks it with the next loop.
 */
final class ParallelLoops {

    /** A loop body over the index range {@code [from, to)}, chunk {@code chunk} of the split. */
    interface Body {
        void run(LoopOperands operands, int chunk, int from, int to);
    }

    /**
     * Below this many elements (or element-equivalents of work) a loop stays on the calling thread. Measured on the
     * 2-core VM of BENCHMARKS.md (issue 18): splitting the loops of a batch-128 training step (16k–200k elements, 10–60
     * µs each) made the epoch 8–19 % slower, not faster: a hand-off costs microseconds, and between two products
     * OpenBLAS's own worker most likely still spins on the second core. So only loops of a quarter of a million elements and more
     * are split (Adam's step on a large layer, the finiteness check of a large batch, big gathers), where a hand-off
     * is small against the loop.
     */
    static final int MIN_WORK = 1 << 18;
    /** The smallest chunk, in elements: a few microseconds of work, against ~0.1 µs to claim it. */
    private static final int MIN_CHUNK = 4_096;
    private static final int MAX_WORKERS = 3;
    static final int MAX_CHUNKS = 4 * (MAX_WORKERS + 1);
    private static final long SPIN_NANOS = 40_000;

    private static volatile ParallelLoops shared;

    private final Thread[] workers;
    private final AtomicBoolean leased = new AtomicBoolean();
    private final LoopOperands operands = new LoopOperands();
    /** The loop being run: generation in the high 32 bits, the next unclaimed chunk in the low 32. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger sleepers = new AtomicInteger();
    private volatile int generation;
    private volatile Throwable failure;
    // the loop being run, written by the lease holder before it publishes the loop through claims
    private Body body;
    private int length;
    private int chunks;
    private int chunkSize;
    private long parallelRuns;

    private ParallelLoops(int workerCount) {
        workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "plumb-loops-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /** The process's pool, started on first use; null on a single core, where every loop stays serial. */
    static ParallelLoops shared() {
        ParallelLoops pool = shared;
        if (pool == null) {
            synchronized (ParallelLoops.class) {
                pool = shared;
                if (pool == null) {
                    int cores = Runtime.getRuntime().availableProcessors();
                    if (cores < 2) {
                        return null;
                    }
                    pool = new ParallelLoops(Math.min(cores - 1, MAX_WORKERS));
                    shared = pool;
                }
            }
        }
        return pool;
    }

    /**
     * The lease's operands when a loop of {@code work} elements is worth splitting and the pool is free, else null
     * (run the loop serially). The caller must then {@link #run} exactly once, which gives the lease back.
     */
    static LoopOperands acquire(long work) {
        if (work < MIN_WORK) {
            return null;
        }
        ParallelLoops pool = shared();
        if (pool == null || !pool.leased.compareAndSet(false, true)) {
            return null;
        }
        return pool.operands;
    }

    /**
     * Runs {@code body} over {@code [0, length)} on the calling thread and the workers, in chunks of at least
     * {@code grain} indices (a row-wise loop passes the number of rows worth {@link #MIN_CHUNK} elements), and
     * gives the lease back. {@code operands} must come from {@link #acquire}.
     */
    static void run(LoopOperands operands, int length, int grain, Body body) {
        ParallelLoops pool = shared;
        if (pool == null || operands != pool.operands) {
            throw new IllegalStateException("ParallelLoops.run without the lease of acquire");
        }
        try {
            pool.split(length, Math.max(1, grain), body);
        } finally {
            release(operands);
        }
    }

    /** Gives back the lease of {@link #acquire} without running a loop. */
    static void release(LoopOperands operands) {
        ParallelLoops pool = shared;
        if (pool == null || operands != pool.operands) {
            throw new IllegalStateException("ParallelLoops.release without the lease of acquire");
        }
        operands.clear();
        pool.body = null;
        pool.leased.set(false);
    }

    /** {@link #run} for elementwise loops: chunks of at least {@link #MIN_CHUNK} elements. */
    static void run(LoopOperands operands, int length, Body body) {
        run(operands, length, MIN_CHUNK, body);
    }

    /** The smallest number of rows of {@code cols} elements worth a chunk of their own. */
    static int rowGrain(int cols) {
        return Math.max(1, MIN_CHUNK / Math.max(1, cols));
    }

    /** How many loops have run split, for tests that must know the parallel path was taken. */
    static long parallelRuns() {
        ParallelLoops pool = shared();
        return pool == null ? 0 : pool.parallelRuns;
    }

    /** Number of threads a loop runs on, the caller included. */
    static int threads() {
        ParallelLoops pool = shared();
        return pool == null ? 1 : pool.workers.length + 1;
    }

    private void split(int length, int grain, Body body) {
        int maxChunks = Math.min(MAX_CHUNKS, 4 * (workers.length + 1));
        int count = (int) Math.max(1, Math.min(maxChunks, (long) length / grain));
        // chunk sizes rounded up to 16 indices, so that every chunk but the last starts on a 64-byte line
        int size = (length + count - 1) / count;
        size = count == 1 ? length : (size + 15) & ~15;
        count = size == 0 ? 1 : (length + size - 1) / size;
        this.body = body;
        this.length = length;
        this.chunks = count;
        this.chunkSize = size;
        parallelRuns++;
        finished.set(0);
        int next = generation + 1;
        generation = next;
        claims.set((long) next << 32); // publishes the fields above: a worker reads them only after a claim
        if (sleepers.get() > 0) {
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
        }
        try {
            runChunks(next);
        } finally {
            awaitChunks(count);
        }
        Throwable failed = failure;
        if (failed != null) {
            failure = null;
            throw new IllegalStateException("A parallel loop failed on a worker thread", failed);
        }
    }

    /**
     * Waits for the chunks the workers claimed. Spinning first (a chunk takes microseconds); then yielding, so that on
     * an oversubscribed machine a worker preempted inside its chunk gets the core back instead of this spin.
     */
    private void awaitChunks(int count) {
        long spins = 0;
        while (finished.get() < count) {
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Claims and runs chunks of loop {@code gen} until none is left or another loop has begun. */
    private void runChunks(int gen) {
        while (true) {
            long c = claims.get();
            if ((int) (c >>> 32) != gen) {
                return;
            }
            int chunk = (int) c;
            if (chunk >= chunks) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            int from = chunk * chunkSize;
            int to = Math.min(length, from + chunkSize);
            try {
                body.run(operands, chunk, from, to);
            } finally {
                finished.incrementAndGet();
            }
        }
    }

    private void work() {
        int seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            int gen;
            while ((gen = generation) == seen) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                sleepers.incrementAndGet();
                if (generation == seen) {
                    LockSupport.park(this);
                }
                sleepers.decrementAndGet();
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
            seen = gen;
            try {
                runChunks(gen);
            } catch (Throwable e) {
                failure = e; // the caller rethrows it; the worker stays alive for the next loop
            }
        }
    }
}
