package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.io.ModelFileException;
import dev.plumb.io.SafeTensors;
import dev.plumb.io.SafeTensorsFile;
import dev.plumb.tensor.Matrix;

/**
 * {@link SafeTensors#read}: any bytes are read, or rejected with a {@link ModelFileException} naming the file
 * (its javadoc: "never an index exception or a JSON library's exception", "a corrupt header cannot make the
 * reader allocate more than the file holds"). A file that is read holds no more tensor bytes than it has.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/SafeTensorsFuzzTestInputs/read/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='SafeTensorsFuzzTest#read'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class SafeTensorsFuzzTest {

    private static final ReaderContract CONTRACT = ReaderContract.of("SafeTensors.read", ModelFileException.class);

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws Exception {
        Path file = work.resolve("model.safetensors");
        Files.write(file, input);
        SafeTensorsFile read = CONTRACT.readOrReject(file, input.length, () -> SafeTensors.read(file));
        if (read != null) {
            long tensorBytes = 0;
            for (Matrix m : read.tensors().values()) {
                tensorBytes += (long) m.size() * m.dtype().bytes();
            }
            assertThat(tensorBytes).as("tensor bytes read from a file of %d bytes", input.length)
                    .isLessThanOrEqualTo(input.length);
        }
    }
}
