package dev.plumb.workflow;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A run option's value, or {@code auto}: left to {@link DataDrivenDefaults}, which chooses it from the data once the
 * data is prepared. A spec keeps {@code auto} (so config.yaml does, and the run can be repeated on other data); the
 * spec a run trains with is resolved, and {@link #value()} on an unresolved option is a bug in the caller.
 *
 * @param given the value, or empty for auto
 * @param <T>   the option's type
 */
public record AutoOr<T>(Optional<T> given) {

    /** The text of an automatic option in flags and config files. */
    public static final String AUTO = "auto";

    public AutoOr {
        Objects.requireNonNull(given, "given");
    }

    /** Chosen from the data. */
    public static <T> AutoOr<T> auto() {
        return new AutoOr<>(Optional.empty());
    }

    /** Exactly {@code value}. */
    public static <T> AutoOr<T> of(T value) {
        return new AutoOr<>(Optional.of(value));
    }

    public boolean isAuto() {
        return given.isEmpty();
    }

    /** The value; only for an option that was given or resolved. */
    public T value() {
        return given.orElseThrow(() -> new IllegalStateException("an automatic option read before "
                + "DataDrivenDefaults.resolve chose its value from the data"));
    }

    /** {@code auto}, or the value as {@code format} writes it. */
    String text(Function<T, String> format) {
        return given.map(format).orElse(AUTO);
    }

    @Override
    public String toString() {
        return text(String::valueOf);
    }
}
