package dev.plumb.data.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.plumb.data.TextCorpus;
import dev.plumb.data.TextDecoding;

/**
 * Reads a text classification corpus from a folder with one sub-folder per class and one document per
 * file, such as the note's spam filter:
 *
 * <pre>
 * mail/
 *   ham/   0001.txt  0002.txt …
 *   spam/  0001.txt  …
 * </pre>
 *
 * <p>Class names are the sub-folder names in sorted order; documents come class by class, files in
 * name order. Dotfiles are skipped and files next to the class folders ignored; every other file in a
 * class folder is a document, whatever its extension.
 *
 * <p>Files are decoded in {@link TextFolderOptions#charset()} (UTF-8 by default); a leading byte-order mark is
 * dropped, and a file that starts with a UTF-16 byte-order mark while the charset is UTF-8 is read as UTF-16 (those
 * two bytes never start UTF-8 text, and the mark says which it is). With {@link TextFolderOptions.MalformedInput#FAIL}
 * a byte sequence that is not valid in the charset is a {@link DataFileException} naming the file and the byte
 * offset of the first bad sequence; with {@link TextFolderOptions.MalformedInput#REPLACE} each such sequence is
 * decoded as U+FFFD, and {@link #readCounted} says how many documents and sequences were. An empty file is an empty
 * document. A file larger than {@link TextFolderOptions#maxDocumentBytes()}, an empty class folder or fewer than two
 * classes is a {@link DataFileException} too.
 */
public final class TextFolderReader {

    private TextFolderReader() {
    }

    /** A corpus and how its bytes became text. */
    public record Counted(TextCorpus corpus, TextDecoding decoding) {
    }

    /**
     * One document's text and the number of byte sequences that were replaced by U+FFFD to get it (0 unless the
     * options say {@link TextFolderOptions.MalformedInput#REPLACE}).
     */
    public record Document(String text, int sequencesReplaced) {
    }

    /** Reads the corpus under {@code root} with strict UTF-8 ({@link TextFolderOptions#defaults()}). */
    public static TextCorpus read(Path root) throws DataFileException {
        return read(root, TextFolderOptions.defaults());
    }

    /** Reads the corpus under {@code root}; it is named after the folder. */
    public static TextCorpus read(Path root, TextFolderOptions options) throws DataFileException {
        return readCounted(root, options).corpus();
    }

    /** As {@link #read(Path, TextFolderOptions)}, with the count of documents and byte sequences replaced. */
    public static Counted readCounted(Path root, TextFolderOptions options) throws DataFileException {
        List<ClassFolders.ClassFolder> classes = ClassFolders.list(root, "documents");
        List<String> documents = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        int replacedDocuments = 0;
        long replacedSequences = 0;
        for (int label = 0; label < classes.size(); label++) {
            classNames.add(classes.get(label).name());
            for (Path file : classes.get(label).files()) {
                Document document = decodeDocument(file, options);
                documents.add(document.text());
                labels.add(label);
                replacedDocuments += document.sequencesReplaced() > 0 ? 1 : 0;
                replacedSequences += document.sequencesReplaced();
            }
        }
        Path folderName = root.getFileName();
        TextCorpus corpus = new TextCorpus(folderName == null ? root.toString() : folderName.toString(), documents,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
        return new Counted(corpus, decoding(options, documents.size(), replacedDocuments, replacedSequences));
    }

    /** The record of reading {@code documents} files with {@code options}, of which some had bytes replaced. */
    public static TextDecoding decoding(TextFolderOptions options, int documents, int documentsReplaced,
                                        long sequencesReplaced) {
        return new TextDecoding(options.charset().name(), options.malformedInput().word(), documents, documentsReplaced,
                sequencesReplaced);
    }

    /** One document file as text, decoded as {@link #read} decodes it. */
    public static String readDocument(Path file, TextFolderOptions options) throws DataFileException {
        return decodeDocument(file, options).text();
    }

    /** One document file as text, decoded as {@link #read} decodes it, with the number of sequences replaced. */
    public static Document decodeDocument(Path file, TextFolderOptions options) throws DataFileException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > options.maxDocumentBytes()) {
                throw new DataFileException(file, tooLarge(size, options));
            }
            bytes = Files.readAllBytes(file);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e, e);
        }
        if (bytes.length > options.maxDocumentBytes()) { // it grew after we looked
            throw new DataFileException(file, tooLarge(bytes.length, options));
        }
        Charset charset = options.charset();
        if (charset.equals(StandardCharsets.UTF_8) && startsWithUtf16Mark(bytes)) {
            charset = StandardCharsets.UTF_16; // the "UTF-16" decoder reads the mark and the byte order it gives
        }
        return decode(file, bytes, charset, options.malformedInput());
    }

    private static boolean startsWithUtf16Mark(byte[] bytes) {
        return bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    }

    // Decodes with REPORT and replaces by hand, so that each replaced sequence is counted and FAIL can say where.
    private static Document decode(Path file, byte[] bytes, Charset charset, TextFolderOptions.MalformedInput policy)
            throws DataFileException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L,
                (long) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 16));
        int replaced = 0;
        boolean flushing = false;
        while (true) {
            CoderResult result = flushing ? decoder.flush(out) : decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                if (flushing) {
                    break;
                }
                flushing = true;
            } else if (result.isOverflow()) {
                out = grown(out);
            } else if (policy == TextFolderOptions.MalformedInput.FAIL) {
                throw notDecodable(file, bytes, in.position(), result.length(), charset);
            } else {
                if (!out.hasRemaining()) {
                    out = grown(out);
                }
                out.put('\uFFFD');
                in.position(in.position() + result.length());
                replaced++;
            }
        }
        out.flip();
        String text = out.toString();
        return new Document(text.startsWith("\uFEFF") ? text.substring(1) : text, replaced);
    }

    private static CharBuffer grown(CharBuffer out) {
        CharBuffer bigger = CharBuffer.allocate(Math.max(16, out.capacity() * 2));
        out.flip();
        return bigger.put(out);
    }

    private static DataFileException notDecodable(Path file, byte[] bytes, int at, int length, Charset charset) {
        byte[] bad = new byte[Math.max(1, Math.min(Math.min(length, 4), bytes.length - at))];
        System.arraycopy(bytes, at, bad, 0, Math.min(bad.length, bytes.length - at));
        String example = charset.equals(StandardCharsets.UTF_8) ? "ISO-8859-1" : "UTF-8";
        return new DataFileException(file, "byte " + at, "not valid " + charset.name() + " (byte sequence 0x"
                + HexFormat.of().formatHex(bad) + "); pass the files' encoding with --encoding (e.g. --encoding " + example
                + "), or --undecodable replace to read bad bytes as U+FFFD and count them", null);
    }

    private static String tooLarge(long size, TextFolderOptions options) {
        return size + " bytes, more than the limit of " + options.maxDocumentBytes()
                + " bytes per document; is it really a document? Remove it or raise maxDocumentBytes";
    }
}
