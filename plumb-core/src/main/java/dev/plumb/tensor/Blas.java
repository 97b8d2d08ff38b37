package dev.plumb.tensor;

import java.util.Locale;
import java.util.Optional;

/**
 * The one seam every matrix product goes through: row-major GEMM,
 * {@code C = alpha · op(A) · op(B) + beta · C} where {@code op(X)} is {@code X} or {@code Xᵀ}.
 * {@code op(A)} is {@code m × k}, {@code op(B)} is {@code k × n}, {@code C} is {@code m × n};
 * {@code lda}, {@code ldb}, {@code ldc} are the row strides of the stored (untransposed) arrays.
 *
 * <p>Two implementations: {@link NativeBlas} (OpenBLAS, loaded from the org.bytedeco jars) and
 * {@link JavaBlas} (pure Java). {@link #defaultBlas()} picks native when it loads, unless the
 * environment variable {@code PLUMB_BLAS} (or system property {@code plumb.blas}) says {@code java}.
 */
public interface Blas {

    /** Name for logs and benchmark tables, e.g. "openblas 0.3.31" or "java". */
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    void dgemm(boolean transA, boolean transB, int m, int n, int k,
               double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc);

    /**
     * The implementation chosen for this process: {@code PLUMB_BLAS} / {@code plumb.blas} =
     * {@code java} forces {@link JavaBlas}; {@code native} requires OpenBLAS (failing loudly if it
     * cannot load); {@code native-copy} is OpenBLAS with operands copied rather than pinned
     * ({@link NativeBlas#copying()}); unset or {@code auto} uses OpenBLAS when it loads and Java
     * otherwise. Chosen once.
     */
    static Blas defaultBlas() {
        return DefaultBlasHolder.INSTANCE;
    }

    /** The choice this process was given: system property {@code plumb.blas}, else {@code PLUMB_BLAS}, else "auto". */
    static String configuredChoice() {
        return System.getProperty("plumb.blas", System.getenv().getOrDefault("PLUMB_BLAS", "auto"));
    }

    /**
     * Why {@link #defaultBlas()} would fail for this process's choice (an unknown value, or {@code native}
     * on a machine where OpenBLAS does not load), or empty: lets a command line say so in one line
     * before anything else runs.
     */
    static Optional<String> problemWithConfiguredChoice() {
        try {
            fromChoice(configuredChoice());
            return Optional.empty();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Resolves a choice string as described in {@link #defaultBlas()}; exposed for tests and tools. */
    static Blas fromChoice(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "", "auto" -> NativeBlas.tryLoad().<Blas>map(b -> b).orElseGet(JavaBlas::new);
            case "java" -> new JavaBlas();
            case "native", "openblas" -> requireNative(choice);
            case "native-copy" -> requireNative(choice).copying();
            default -> throw new IllegalArgumentException("Invalid value for PLUMB_BLAS: '" + choice
                    + "'. Expected one of: auto, native, native-copy, java (or leave it unset).");
        };
    }

    private static NativeBlas requireNative(String choice) {
        return NativeBlas.tryLoad().orElseThrow(() -> new IllegalStateException(
                "PLUMB_BLAS=" + choice + " but OpenBLAS could not be loaded: " + NativeBlas.loadFailure()
                        + ". Unset PLUMB_BLAS to fall back to the pure-Java kernel."));
    }
}

/** Lazy, immutable holder: the choice is read from the environment once, on first use. */
final class DefaultBlasHolder {
    static final Blas INSTANCE = Blas.fromChoice(Blas.configuredChoice());

    private DefaultBlasHolder() {
    }
}
