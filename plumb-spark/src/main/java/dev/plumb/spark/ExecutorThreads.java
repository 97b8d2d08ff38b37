package dev.plumb.spark;

import dev.plumb.tensor.NativeBlas;

/**
 * Spark runs one task per core at once, and each of Plumb's steps on an executor is a task: OpenBLAS's own threads
 * would then compete with the other tasks for the same cores (two tasks × two BLAS threads on two cores is the
 * oversubscription that makes epochs erratic). So an executor's products run single-threaded and the parallelism is
 * Spark's, one partition per core.
 */
final class ExecutorThreads {

    private static volatile boolean set;

    private ExecutorThreads() {
    }

    /** Once per JVM: OpenBLAS (if loaded) on one thread. */
    static void single() {
        if (!set) {
            synchronized (ExecutorThreads.class) {
                if (!set) {
                    NativeBlas.tryLoad().ifPresent(b -> b.setThreads(1));
                    set = true;
                }
            }
        }
    }
}
