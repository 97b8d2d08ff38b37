package dev.plumb.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.TextCorpus;

/** {@link TextFolderReader} on a small spam / not-spam mail folder written by the tests. */
class TextFolderReaderTest {

    @TempDir
    Path root;

    static final String HAM_1 = "Hi Ana,\nthe meeting moved to 3pm tomorrow. See you there.\n";
    static final String HAM_2 = "Can you send the report before the meeting?\n";
    static final String SPAM_1 = "WIN a FREE prize!!! Click now to claim your FREE money.\n";
    static final String SPAM_2 = "Cheap meds, free shipping. Click here.\n";

    /** A 2-class text folder: ham/ and spam/, two e-mails each, written out of name order. */
    static void writeMail(Path root) throws IOException {
        write(root.resolve("spam/0002.txt"), SPAM_2);
        write(root.resolve("spam/0001.txt"), SPAM_1);
        write(root.resolve("ham/0002.txt"), HAM_2);
        write(root.resolve("ham/0001.txt"), HAM_1);
    }

    @Test
    void readsATwoClassFolderClassByClassInFileNameOrder() throws IOException {
        writeMail(root);

        TextCorpus corpus = TextFolderReader.read(root);

        assertThat(corpus.name()).isEqualTo(root.getFileName().toString());
        assertThat(corpus.classNames()).containsExactly("ham", "spam");
        assertThat(corpus.documents()).containsExactly(HAM_1, HAM_2, SPAM_1, SPAM_2);
        assertThat(corpus.labels()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void decodesUtf8AndDropsAByteOrderMark() throws IOException {
        writeMail(root);
        Path file = root.resolve("ham/0003.txt");
        byte[] text = "Grüße aus Köln, 東京 🙂".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(file, withBom);

        assertThat(TextFolderReader.read(root).documents().get(2)).isEqualTo("Grüße aus Köln, 東京 🙂");
    }

    @Test
    void malformedUtf8IsRejectedNamingTheFileAndTheByte() throws IOException {
        writeMail(root);
        Path latin1 = root.resolve("spam/0003.txt");
        Files.write(latin1, "Prix: très bon".getBytes(StandardCharsets.ISO_8859_1)); // 'è' is the single byte 0xE8

        assertThatThrownBy(() -> TextFolderReader.read(root))
                .isInstanceOf(DataFileException.class)
                .hasMessage(latin1 + ", byte 8: not valid UTF-8 (malformed sequence 0xe8); convert the file to UTF-8,"
                        + " or read with MalformedInput.REPLACE to decode bad bytes as U+FFFD")
                .satisfies(e -> {
                    assertThat(((DataFileException) e).file()).isEqualTo(latin1);
                    assertThat(((DataFileException) e).location()).isEqualTo("byte 8");
                });
    }

    @Test
    void aMultiByteSequenceCutAtTheEndIsMalformedToo() throws IOException {
        writeMail(root);
        Path cut = root.resolve("ham/0003.txt");
        Files.write(cut, new byte[] {'c', 'a', 'f', (byte) 0xC3}); // "café" without the last byte of 'é'

        assertThatThrownBy(() -> TextFolderReader.read(root))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(cut + ", byte 3: not valid UTF-8 (malformed sequence 0xc3)");
    }

    @Test
    void replaceDecodesMalformedBytesAsTheReplacementCharacter() throws IOException {
        writeMail(root);
        Files.write(root.resolve("spam/0003.txt"), new byte[] {'t', 'r', (byte) 0xE8, 's', ' ', 'b', 'o', 'n'});
        TextFolderOptions replace = new TextFolderOptions(TextFolderOptions.MalformedInput.REPLACE,
                TextFolderOptions.DEFAULT_MAX_DOCUMENT_BYTES);

        TextCorpus corpus = TextFolderReader.read(root, replace);

        assertThat(corpus.documents().get(4)).isEqualTo("tr\uFFFDs bon");
    }

    @Test
    void anEmptyFileIsAnEmptyDocument() throws IOException {
        writeMail(root);
        write(root.resolve("ham/0000.txt"), "");

        assertThat(TextFolderReader.read(root).documents().get(0)).isEmpty();
    }

    @Test
    void aFileOverTheSizeLimitIsRejected() throws IOException {
        writeMail(root);
        TextFolderOptions small = new TextFolderOptions(TextFolderOptions.MalformedInput.REJECT, 50);

        assertThatThrownBy(() -> TextFolderReader.read(root, small))
                .isInstanceOf(DataFileException.class)
                .hasMessage(root.resolve("ham/0001.txt") + ": " + HAM_1.length() + " bytes, more than the limit of 50"
                        + " bytes per document; is it really a document? Remove it or raise maxDocumentBytes");
        assertThatThrownBy(() -> new TextFolderOptions(TextFolderOptions.MalformedInput.REJECT, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value for argument maxDocumentBytes: 0.");
    }

    @Test
    void dotfilesAreSkipped() throws IOException {
        writeMail(root);
        write(root.resolve("spam/.DS_Store"), "\u0000\u0001 Finder junk");
        write(root.resolve("LICENSE"), "not a class");

        TextCorpus corpus = TextFolderReader.read(root);

        assertThat(corpus.size()).isEqualTo(4);
        assertThat(corpus.classNames()).containsExactly("ham", "spam");
    }

    @Test
    void anEmptyClassFolderIsRejectedNamingIt() throws IOException {
        writeMail(root);
        Files.createDirectories(root.resolve("phishing"));

        assertThatThrownBy(() -> TextFolderReader.read(root))
                .isInstanceOf(DataFileException.class)
                .hasMessage(root.resolve("phishing") + ": class folder 'phishing' holds no documents;"
                        + " add some or remove the folder");
    }

    @Test
    void aSingleClassIsRejected() throws IOException {
        write(root.resolve("spam/0001.txt"), SPAM_1);

        assertThatThrownBy(() -> TextFolderReader.read(root))
                .isInstanceOf(DataFileException.class)
                .hasMessage(root + ": 1 class folder ('spam'); expected at least 2, one sub-folder of documents per class");
    }

    @Test
    void aFileInsteadOfAFolderIsRejected() throws IOException {
        Path file = root.resolve("mail.txt");
        write(file, HAM_1);

        assertThatThrownBy(() -> TextFolderReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ": not a directory; expected a folder with one sub-folder of documents per class");
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
