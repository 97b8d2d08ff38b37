package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.data.TextCorpus;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.TextFolderOptions;
import dev.plumb.data.io.TextFolderReader;

/**
 * {@link TextFolderReader#read}: a class folder holding any bytes as a document is read, or rejected with a
 * {@link DataFileException} naming the file. The folder is {@code mail/ham/input} (the fuzzer's bytes) and
 * {@code mail/spam/reference.txt}. Strict UTF-8 (the default) either rejects the input or gives exactly the
 * JDK's decoding of it (as UTF-16 when it starts with a UTF-16 byte-order mark), less a leading byte-order mark;
 * {@code MalformedInput.REPLACE} reads every input as the JDK's replacing decoder does.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/TextFolderReaderFuzzTestInputs/read/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='TextFolderReaderFuzzTest#read'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class TextFolderReaderFuzzTest {

    private static final ReaderContract CONTRACT = ReaderContract.of("TextFolderReader.read", DataFileException.class);
    private static final TextFolderOptions REPLACE = new TextFolderOptions(TextFolderOptions.MalformedInput.REPLACE,
            TextFolderOptions.DEFAULT_MAX_DOCUMENT_BYTES);

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws IOException {
        Path root = work.resolve("mail");
        Path reference = root.resolve("spam").resolve("reference.txt");
        if (!Files.exists(reference)) {
            Files.createDirectories(reference.getParent());
            Files.writeString(reference, "win a free prize now");
        }
        Path file = root.resolve("ham").resolve("input");
        Files.createDirectories(file.getParent());
        Files.write(file, input);

        TextCorpus strict = CONTRACT.readOrReject(root, input.length, () -> TextFolderReader.read(root));
        if (strict != null) {
            String expected = new String(input, startsWithUtf16Mark(input) ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
            assertThat(strict.documents()).containsExactly(
                    expected.startsWith("\uFEFF") ? expected.substring(1) : expected, "win a free prize now");
            assertThat(strict.classNames()).containsExactly("ham", "spam");
        }
        TextCorpus lenient = CONTRACT.readOrReject(root, input.length, () -> TextFolderReader.read(root, REPLACE));
        assertThat(lenient).as("a document of %d bytes read with MalformedInput.REPLACE", input.length).isNotNull();
        assertThat(lenient.documents()).hasSize(2);
        String replaced = new String(input, startsWithUtf16Mark(input) ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
        assertThat(lenient.documents().get(0)).isEqualTo(replaced.startsWith("\uFEFF") ? replaced.substring(1) : replaced);
    }

    private static boolean startsWithUtf16Mark(byte[] input) {
        return input.length >= 2 && ((input[0] == (byte) 0xFE && input[1] == (byte) 0xFF)
                || (input[0] == (byte) 0xFF && input[1] == (byte) 0xFE));
    }
}
