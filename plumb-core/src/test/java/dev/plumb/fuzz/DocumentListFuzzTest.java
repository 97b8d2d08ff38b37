package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.DocumentFiles;

/**
 * {@link DocumentFiles#listed}: a list of documents to score ({@code plumb predict --document-list}) holding any bytes
 * is read, or rejected with a {@link DataFileException} naming the list. The list sits in a folder holding {@code a.txt},
 * {@code b.txt} and a folder {@code sub}. What is read is exactly the input's non-blank lines, stripped, each a regular
 * file.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/DocumentListFuzzTestInputs/listed/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='DocumentListFuzzTest#listed'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class DocumentListFuzzTest {

    private static final ReaderContract CONTRACT = ReaderContract.of("DocumentFiles.listed", DataFileException.class);

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void listed(byte[] input) throws IOException {
        Path list = work.resolve("list.txt");
        if (!Files.exists(work.resolve("a.txt"))) {
            Files.writeString(work.resolve("a.txt"), "first");
            Files.writeString(work.resolve("b.txt"), "second");
            Files.createDirectories(work.resolve("sub"));
        }
        Files.write(list, input);

        List<DocumentFiles.Named> read = CONTRACT.readOrReject(list, input.length, () -> DocumentFiles.listed(list));
        if (read != null) {
            String text = new String(input, StandardCharsets.UTF_8);
            List<String> lines = Arrays.stream((text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n"))
                    .filter(l -> !l.isBlank()).map(String::strip).toList();
            assertThat(read).extracting(DocumentFiles.Named::name).containsExactlyElementsOf(lines);
            assertThat(read).allSatisfy(named -> assertThat(named.file()).isRegularFile());
        }
    }
}
