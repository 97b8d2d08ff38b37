package dev.plumb.cli;

import java.io.PrintWriter;

import dev.plumb.tensor.Blas;
import dev.plumb.tensor.NativeBlas;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}: how many threads OpenBLAS uses for the run's matrix products. A machine setting, not part of the
 * run's configuration (config.yaml does not keep it, and {@code --resume} takes it beside the run directory): OpenBLAS
 * has one thread pool per process, and the right number depends on what else the machine runs.
 */
final class ThreadsOption {

    /** The most threads accepted per core: beyond that, threads only wait for one another. */
    static final int MAX_PER_CORE = 4;

    @Option(names = "--threads", paramLabel = "N", description = "OpenBLAS threads for the matrix products, 1 to 4 × the "
            + "cores (default: for train OpenBLAS's choice — OPENBLAS_NUM_THREADS if set, else one per core; for tune the "
            + "cores divided among the trials side by side). On a machine busy with other work, fewer threads than cores "
            + "keep the run from waiting on spinning threads.")
    Integer threads;

    /** The threads {@code --threads} asks for, checked; 0 when it was not given. */
    int checked() {
        if (threads == null) {
            return 0;
        }
        check(threads, Runtime.getRuntime().availableProcessors());
        return threads;
    }

    /** Sets OpenBLAS's threads when {@code --threads} was given, and says so on {@code out}. */
    void apply(PrintWriter out) {
        if (checked() == 0) {
            return;
        }
        if (!(Blas.defaultBlas() instanceof NativeBlas blas)) {
            throw new IllegalArgumentException("--threads sets OpenBLAS's threads, but this run multiplies with "
                    + Blas.defaultBlas().name() + ", not OpenBLAS (PLUMB_BLAS=" + Blas.configuredChoice() + "; plumb "
                    + "--version says why); drop --threads");
        }
        blas.setThreads(threads);
        out.println("threads: " + threads + " OpenBLAS " + (threads == 1 ? "thread" : "threads") + " (--threads)");
    }

    /** Refuses a thread count outside 1 .. {@value #MAX_PER_CORE} × {@code cores}, in one line that says what is allowed. */
    static void check(int threads, int cores) {
        int most = MAX_PER_CORE * cores;
        if (threads < 1 || threads > most) {
            throw new IllegalArgumentException("Invalid value for option --threads: " + threads + ". Expected a number of "
                    + "OpenBLAS threads from 1 to " + most + " (" + MAX_PER_CORE + " × the " + cores
                    + (cores == 1 ? " core" : " cores") + " of this machine), e.g. --threads 1 on a busy machine.");
        }
    }
}
