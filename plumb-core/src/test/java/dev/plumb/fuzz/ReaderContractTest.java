package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.plumb.data.io.DataFileException;

/** The fuzz tests' property fails on each way a reader can break it, and only then. */
@Tag("fuzz")
class ReaderContractTest {

    private static final Path FILE = Path.of("some", "data.csv");
    private static final ReaderContract CONTRACT = ReaderContract.of("TestReader", DataFileException.class);

    @Test
    void aValueReadIsReturned() {
        assertThat(CONTRACT.readOrReject(FILE, 10, () -> "read")).isEqualTo("read");
    }

    @Test
    void theTypedExceptionNamingTheFileIsARejection() {
        assertThat(CONTRACT.<String>readOrReject(FILE, 10, () -> {
            throw new DataFileException(FILE, "line 3", "not a number", null);
        })).isNull();
    }

    @Test
    void anyOtherExceptionFailsWithItAsTheCause() {
        NumberFormatException thrown = new NumberFormatException("For input string: \"x\"");
        assertThatThrownBy(() -> CONTRACT.readOrReject(FILE, 10, () -> {
            throw thrown;
        })).isInstanceOf(AssertionError.class).hasMessageContaining("TestReader threw java.lang.NumberFormatException")
                .hasCause(thrown);
    }

    @Test
    void anErrorFails() {
        assertThatThrownBy(() -> CONTRACT.readOrReject(FILE, 10, () -> {
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("OutOfMemoryError");
    }

    @Test
    void theTypedExceptionWithoutTheFileNameFails() {
        assertThatThrownBy(() -> CONTRACT.readOrReject(FILE, 10, () -> {
            throw new DataFileException(Path.of("other.csv"), "not a number");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("does not name " + FILE);
    }

    @Test
    void aReaderThatDoesNotFinishFails() {
        ReaderContract quick = CONTRACT.withTimeBound(Duration.ofMillis(200));
        assertThatThrownBy(() -> quick.readOrReject(FILE, 10, () -> {
            Thread.sleep(10_000);
            return "too late";
        })).hasMessageContaining("TestReader did not finish within 200 ms");
    }

    @Test
    void allocatingFarMoreThanTheInputFails() {
        long allowed = CONTRACT.allowance(100);
        assertThatThrownBy(() -> CONTRACT.readOrReject(FILE, 100, () -> new byte[(int) allowed + (1 << 20)]))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TestReader allocated")
                .hasMessageContaining("for an input of 100 bytes");
        // the same allocation is within a documented fixed allowance
        assertThat(CONTRACT.withFixedAllowance(2L << 20).readOrReject(FILE, 100,
                () -> new byte[(int) allowed + (1 << 20)])).hasSize((int) allowed + (1 << 20));
    }
}
