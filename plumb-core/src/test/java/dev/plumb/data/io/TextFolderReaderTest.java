package dev.plumb.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.TextCorpus;
import dev.plumb.data.TextDecoding;

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
                .hasMessage(latin1 + ", byte 8: not valid UTF-8 (byte sequence 0xe8); pass the files' encoding with"
                        + " --encoding (e.g. --encoding ISO-8859-1), or --undecodable replace to read bad bytes as U+FFFD"
                        + " and count them")
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
                .hasMessageStartingWith(cut + ", byte 3: not valid UTF-8 (byte sequence 0xc3)");
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
        TextFolderOptions small = new TextFolderOptions(TextFolderOptions.MalformedInput.FAIL, 50);

        assertThatThrownBy(() -> TextFolderReader.read(root, small))
                .isInstanceOf(DataFileException.class)
                .hasMessage(root.resolve("ham/0001.txt") + ": " + HAM_1.length() + " bytes, more than the limit of 50"
                        + " bytes per document; is it really a document? Remove it or raise maxDocumentBytes");
        assertThatThrownBy(() -> new TextFolderOptions(TextFolderOptions.MalformedInput.FAIL, 0))
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

    @Test
    void aMixedEncodingMailFolderIsReadAsTheJdksReplacingDecoderReadsItAndTheReplacementsAreCounted() throws IOException {
        List<EmailCorpus.Message> mail = EmailCorpus.write(root, 10, 7);
        TextFolderOptions replace = TextFolderOptions.defaults().withMalformedInput(TextFolderOptions.MalformedInput.REPLACE);

        TextFolderReader.Counted read = TextFolderReader.readCounted(root, replace);

        // reference: String's own UTF-8 decoding, which replaces each malformed sequence by one U+FFFD
        int documents = 0;
        long sequences = 0;
        for (int i = 0; i < mail.size(); i++) {
            String jdk = new String(mail.get(i).bytes(), StandardCharsets.UTF_8);
            assertThat(read.corpus().documents().get(i)).as(mail.get(i).file().toString()).isEqualTo(jdk);
            long marks = jdk.chars().filter(c -> c == 0xFFFD).count();
            documents += marks > 0 ? 1 : 0;
            sequences += marks;
        }
        // the generator writes messages 1, 2 and 4 of every 5 in Latin-1, windows-1252 and UTF-8 + binary garbage
        assertThat(documents).isEqualTo(12);
        assertThat(read.decoding()).isEqualTo(new TextDecoding("UTF-8", "replace", 20, 12, sequences));
        assertThat(read.decoding().summary()).isEqualTo("read as UTF-8; 12 of 20 documents had bytes that are not UTF-8, "
                + "read as U+FFFD (" + sequences + " sequences; --undecodable fail stops at them instead)");
    }

    @Test
    void latin1AndWindows1252MessagesReadInTheirEncodingGiveTheTextTheyWereWrittenFrom() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        EmailCorpus.Message latin1 = EmailCorpus.write(root.resolve("spam/latin1.eml"), true, 1, random);
        EmailCorpus.Message cp1252 = EmailCorpus.write(root.resolve("spam/cp1252.eml"), true, 2, random);
        assertThat(latin1.bytes()).contains((byte) 0xE8); // 'è', not UTF-8 on its own
        assertThat(cp1252.bytes()).contains((byte) 0x80, (byte) 0x93); // '€' and '“' in windows-1252

        TextFolderOptions options = TextFolderOptions.defaults();
        assertThat(TextFolderReader.decodeDocument(latin1.file(), options.withCharset(StandardCharsets.ISO_8859_1)))
                .isEqualTo(new TextFolderReader.Document(latin1.text(), 0));
        assertThat(TextFolderReader.decodeDocument(cp1252.file(), options.withCharset(Charset.forName("windows-1252"))))
                .isEqualTo(new TextFolderReader.Document(cp1252.text(), 0));
    }

    @Test
    void aUtf16FileWithAByteOrderMarkIsReadAsUtf16WhateverTheByteOrder() throws IOException {
        String text = "Grüße aus Köln 🙂 €";
        Path little = root.resolve("le.txt");
        Path big = root.resolve("be.txt");
        Files.write(little, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
        Files.write(big, concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE)));
        TextFolderOptions utf8 = TextFolderOptions.defaults();

        for (Path file : List.of(little, big)) {
            // the mark is read as such when UTF-8 was asked for (FF FE and FE FF never start UTF-8) or UTF-16 was
            assertThat(TextFolderReader.readDocument(file, utf8)).as(file.toString()).isEqualTo(text);
            assertThat(TextFolderReader.readDocument(file, utf8.withCharset(StandardCharsets.UTF_16))).isEqualTo(text);
        }
        // a byte order given explicitly keeps the mark as U+FEFF at the start, which is dropped
        assertThat(TextFolderReader.readDocument(little, utf8.withCharset(StandardCharsets.UTF_16LE))).isEqualTo(text);
    }

    @Test
    void anUndecodableByteInAnotherEncodingIsNamedWithTheFlagsThatFixIt() throws IOException {
        writeMail(root);
        Path file = root.resolve("ham/0009.txt");
        Files.write(file, new byte[] {'o', 'k', ' ', (byte) 0x81, '!'}); // 0x81 is unmapped in windows-1252
        TextFolderOptions cp1252 = TextFolderOptions.defaults().withCharset(Charset.forName("windows-1252"));

        assertThatThrownBy(() -> TextFolderReader.read(root, cp1252))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", byte 3: not valid windows-1252 (byte sequence 0x81); pass the files' encoding with"
                        + " --encoding (e.g. --encoding UTF-8), or --undecodable replace to read bad bytes as U+FFFD and"
                        + " count them");
        TextFolderReader.Counted replaced = TextFolderReader.readCounted(root,
                cp1252.withMalformedInput(TextFolderOptions.MalformedInput.REPLACE));
        assertThat(replaced.corpus().documents()).contains("ok \uFFFD!");
        assertThat(replaced.decoding()).isEqualTo(new TextDecoding("windows-1252", "replace", 5, 1, 1));
    }

    @Test
    void anUnknownEncodingNameIsRefusedNamingItAndListingExamples() {
        assertThatThrownBy(() -> TextFolderOptions.charset("latin-99"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for option encoding: 'latin-99'. Expected a charset name Java knows, e.g. UTF-8,"
                        + " ISO-8859-1 (latin1), windows-1252 or UTF-16.");
        assertThatThrownBy(() -> TextFolderOptions.charset("utf 8")).hasMessageStartingWith("Invalid value for option encoding: 'utf 8'.");
        assertThat(TextFolderOptions.charset(" latin1 ")).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
