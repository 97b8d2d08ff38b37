package dev.plumb.data.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
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
 * <p>Files are decoded as UTF-8; a leading byte-order mark is dropped. By default
 * ({@link TextFolderOptions.MalformedInput#REJECT}) a file that is not valid UTF-8 is a
 * {@link DataFileException} naming the file and the byte offset of the first bad sequence, because
 * silently mangled text is a data bug nobody sees; {@link TextFolderOptions.MalformedInput#REPLACE}
 * decodes such bytes as U+FFFD instead. An empty file is an empty document. A file larger than
 * {@link TextFolderOptions#maxDocumentBytes()}, an empty class folder or fewer than two classes is a
 * {@link DataFileException} too.
 */
public final class TextFolderReader {

    private TextFolderReader() {
    }

    /** Reads the corpus under {@code root} with strict UTF-8 ({@link TextFolderOptions#defaults()}). */
    public static TextCorpus read(Path root) throws DataFileException {
        return read(root, TextFolderOptions.defaults());
    }

    /** Reads the corpus under {@code root}; it is named after the folder. */
    public static TextCorpus read(Path root, TextFolderOptions options) throws DataFileException {
        List<ClassFolders.ClassFolder> classes = ClassFolders.list(root, "documents");
        List<String> documents = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            classNames.add(classes.get(label).name());
            for (Path file : classes.get(label).files()) {
                documents.add(readDocument(file, options));
                labels.add(label);
            }
        }
        Path folderName = root.getFileName();
        return new TextCorpus(folderName == null ? root.toString() : folderName.toString(), documents,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** One document file as text, decoded as {@link #read} decodes it. */
    public static String readDocument(Path file, TextFolderOptions options) throws DataFileException {
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
        CodingErrorAction onError = options.malformedInput() == TextFolderOptions.MalformedInput.REPLACE
                ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(onError)
                .onUnmappableCharacter(onError);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            byte[] bad = new byte[Math.min(result.length(), bytes.length - at)];
            System.arraycopy(bytes, at, bad, 0, bad.length);
            throw new DataFileException(file, "byte " + at, "not valid UTF-8 (malformed sequence 0x"
                    + HexFormat.of().formatHex(bad) + "); convert the file to UTF-8, or read with MalformedInput.REPLACE"
                    + " to decode bad bytes as U+FFFD", null);
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String tooLarge(long size, TextFolderOptions options) {
        return size + " bytes, more than the limit of " + options.maxDocumentBytes()
                + " bytes per document; is it really a document? Remove it or raise maxDocumentBytes";
    }
}
