package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.workflow.ConfigFile;
import dev.plumb.workflow.RunSpec;

/**
 * A run's {@code config.yaml}: {@link ConfigFile#read} gives text options or "one IllegalArgumentException
 * naming the file"; {@link RunSpec#parse} turns those into a spec or an IllegalArgumentException that names
 * the option ("every problem names the option": it says "option key", or names a key it was given). A spec that
 * parses survives the trip through the file a run directory holds: written with {@link ConfigFile#write} and
 * read back, it parses to an equal spec.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/ConfigFileFuzzTestInputs/readAndParse/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='ConfigFileFuzzTest#readAndParse'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class ConfigFileFuzzTest {

    private static final ReaderContract READ = ReaderContract.of("ConfigFile.read", IllegalArgumentException.class);
    private static final ReaderContract PARSE = ReaderContract.of("RunSpec.parse", IllegalArgumentException.class);

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void readAndParse(byte[] input) throws IOException {
        Path file = work.resolve("config.yaml");
        Files.write(file, input);
        Map<String, String> options = READ.readOrReject(file, input.length, () -> ConfigFile.read(file));
        if (options == null) {
            return;
        }
        // "names the option": says "option <key>", or names an option that was given ("Invalid split ratios …")
        RunSpec spec = PARSE.readOrReject(message -> message.contains("option")
                        || options.keySet().stream().anyMatch(key -> !key.isBlank() && message.contains(key)),
                "the option", input.length, () -> RunSpec.parse(options));
        if (spec == null) {
            return;
        }
        Path written = work.resolve("written.yaml");
        Files.writeString(written, ConfigFile.write(spec.toOptions()));
        assertThat(RunSpec.parse(ConfigFile.read(written))).isEqualTo(spec);
    }
}
