package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.train.RunRecord;

/**
 * A run directory's {@code run.json}: {@link RunRecord#read(Path)} gives a record or an IllegalArgumentException
 * naming the file ("errors name the file"), and {@link RunRecord#fromJson} on the same text a record or an
 * IllegalArgumentException about "The run record". Both agree on whether the text is a record, and a record that
 * is read survives {@link RunRecord#toJson} and {@code fromJson} unchanged.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/RunRecordFuzzTestInputs/read/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='RunRecordFuzzTest#read'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class RunRecordFuzzTest {

    private static final ReaderContract READ = ReaderContract.of("RunRecord.read", IllegalArgumentException.class);
    private static final ReaderContract FROM_JSON = ReaderContract.of("RunRecord.fromJson",
            IllegalArgumentException.class);

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws IOException {
        Path file = work.resolve("run.json");
        Files.write(file, input);
        RunRecord read = READ.readOrReject(file, input.length, () -> RunRecord.read(file));

        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            assertThat(read).as("a run.json that is not UTF-8").isNull();
            return;
        }
        RunRecord parsed = FROM_JSON.readOrReject(message -> message.startsWith("The run record"), "the run record",
                input.length, () -> RunRecord.fromJson(text));
        assertThat(parsed).isEqualTo(read);
        if (parsed != null) {
            assertThat(RunRecord.fromJson(parsed.toJson())).isEqualTo(parsed);
        }
    }
}
