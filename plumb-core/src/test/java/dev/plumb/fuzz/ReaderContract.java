package dev.plumb.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The property every fuzz test checks for each input: the reader either returns, or throws its typed
 * exception with a message that names the file — within {@link #TIME_BOUND} (10 s) and without allocating far more
 * than the input's size. Anything else (an index, number-format or null-pointer exception, an
 * {@link OutOfMemoryError}, a hang, an allocation that follows a size the header claims) fails the input
 * with an {@link AssertionError} whose cause is what the reader threw, so Jazzer reports its stack.
 *
 * <p>Allocation is what the reading thread allocated, measured by the JVM
 * ({@code com.sun.management.ThreadMXBean}): at most {@link #BASE_ALLOWANCE} plus
 * {@link #BYTES_PER_INPUT_BYTE} per input byte, plus the reader's own documented fixed allowance (see
 * {@link #withFixedAllowance}). It counts garbage too, so the bound is loose; what it catches is a tiny file
 * whose header makes the reader allocate megabytes or gigabytes.
 */
final class ReaderContract {

    /** Per input, generous for a cold JVM on a busy 2-core machine; a reader that loops forever exceeds it. */
    static final Duration TIME_BOUND = Duration.ofSeconds(10);
    /**
     * What reading anything at all may allocate: buffers, parser tables. (A first read that initializes classes
     * allocates more; an input over the bound is measured a second time.)
     */
    static final long BASE_ALLOWANCE = 24L << 20;
    /** Text parsed into objects takes tens of bytes per input byte (strings, boxed values, JSON nodes). */
    static final long BYTES_PER_INPUT_BYTE = 200;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Code that reads a file and may throw anything. */
    @FunctionalInterface
    interface Read<T> {
        T read() throws Exception;
    }

    private final String reader;
    private final List<Class<? extends Exception>> typed;
    private final long fixedAllowance;
    private final Duration timeBound;

    private ReaderContract(String reader, List<Class<? extends Exception>> typed, long fixedAllowance,
                           Duration timeBound) {
        this.reader = reader;
        this.typed = typed;
        this.fixedAllowance = fixedAllowance;
        this.timeBound = timeBound;
    }

    /** The contract of {@code reader}, whose documented failure is {@code typed}. */
    static ReaderContract of(String reader, Class<? extends Exception> typed) {
        return new ReaderContract(reader, List.of(typed), 0, TIME_BOUND);
    }

    /** This contract, allowing {@code bytes} more for a buffer the reader documents as fixed-size. */
    ReaderContract withFixedAllowance(long bytes) {
        return new ReaderContract(reader, typed, bytes, timeBound);
    }

    /** This contract with another time bound per input. */
    ReaderContract withTimeBound(Duration bound) {
        return new ReaderContract(reader, typed, fixedAllowance, bound);
    }

    /** Most bytes reading an input of {@code inputBytes} may allocate. */
    long allowance(long inputBytes) {
        return BASE_ALLOWANCE + fixedAllowance + BYTES_PER_INPUT_BYTE * inputBytes;
    }

    /**
     * Runs {@code read} on a file made from {@code inputBytes} bytes of input; returns what it read, or null
     * if it rejected the input as the contract allows. {@code named} is the path the message must contain
     * (the file, or the folder the files are in).
     */
    <T> T readOrReject(Path named, long inputBytes, Read<T> read) {
        String path = named.toString();
        return readOrReject(message -> message.contains(path), path, inputBytes, read);
    }

    /**
     * {@link #readOrReject(Path, long, Read)} for a reader whose messages must satisfy {@code names}, described as
     * naming {@code subject}.
     */
    <T> T readOrReject(Predicate<String> names, String subject, long inputBytes, Read<T> read) {
        Outcome<T> outcome = timed(read, inputBytes);
        long allowed = allowance(inputBytes);
        if (outcome.allocatedBytes() > allowed) {
            // the first read of a kind pays for class initialization and parser tables: measure once more
            outcome = timed(read, inputBytes);
        }
        if (outcome.thrown() != null) {
            checkRejection(names, subject, outcome.thrown());
        }
        if (outcome.allocatedBytes() > allowed) {
            throw new AssertionError(reader + " allocated " + outcome.allocatedBytes() + " bytes for an input of "
                    + inputBytes + " bytes, more than the " + allowed + " allowed; a size claimed by the file is "
                    + "allocated before it is checked against the data");
        }
        return outcome.value();
    }

    private <T> Outcome<T> timed(Read<T> read, long inputBytes) {
        return assertTimeoutPreemptively(timeBound, () -> measured(read),
                () -> reader + " did not finish within " + timeBound.toMillis() + " ms on an input of "
                        + inputBytes + " bytes");
    }

    private void checkRejection(Predicate<String> names, String subject, Throwable thrown) {
        if (typed.stream().noneMatch(type -> type.isInstance(thrown))) {
            throw new AssertionError(reader + " threw " + thrown + "; expected it to read the input or throw "
                    + typed.stream().map(Class::getSimpleName).toList(), thrown);
        }
        String message = thrown.getMessage();
        if (message == null || !names.test(message)) {
            throw new AssertionError(reader + " threw a " + thrown.getClass().getSimpleName()
                    + " whose message does not name " + subject + ": " + message, thrown);
        }
    }

    private record Outcome<T>(T value, Throwable thrown, long allocatedBytes) {
    }

    private static <T> Outcome<T> measured(Read<T> read) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T value = null;
        Throwable thrown = null;
        try {
            value = read.read();
        } catch (Throwable t) { // OutOfMemoryError and StackOverflowError included: they break the contract too
            thrown = t;
        }
        return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
}
