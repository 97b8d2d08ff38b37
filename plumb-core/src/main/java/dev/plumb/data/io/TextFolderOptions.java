package dev.plumb.data.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link TextFolderReader} decodes document files.
 *
 * @param charset          the files' encoding, e.g. UTF-8 (the default), ISO-8859-1 or windows-1252 for old e-mail
 * @param malformedInput   what to do with a byte sequence that is not valid in {@code charset}
 * @param maxDocumentBytes the largest file accepted, so a stray archive or log in a class folder is an
 *                         error rather than an out-of-memory crash
 */
public record TextFolderOptions(Charset charset, MalformedInput malformedInput, long maxDocumentBytes) {

    /** 16 MiB: far more than any e-mail or article. */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 16L << 20;

    /** What to do with a file that is not valid in the charset; the command line's {@code --undecodable} words. */
    public enum MalformedInput {
        /** A {@link DataFileException} naming the file and the byte offset of the first bad sequence. */
        FAIL,
        /**
         * Decode each malformed sequence as U+FFFD (the replacement character) and go on, counting the sequences and
         * the documents: for corpora in mixed encodings, such as old e-mail collections, where a few mangled accents
         * do not matter. U+FFFD is not a letter, so it separates tokens and never becomes one.
         */
        REPLACE;

        /** The command-line word: "fail" or "replace". */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TextFolderOptions {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(malformedInput, "malformedInput");
        if (maxDocumentBytes <= 0 || maxDocumentBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Invalid value for argument maxDocumentBytes: " + maxDocumentBytes
                    + ". Expected a number of bytes in [1, " + (Integer.MAX_VALUE - 8) + "].");
        }
    }

    /** UTF-8 files read with {@code malformedInput}. */
    public TextFolderOptions(MalformedInput malformedInput, long maxDocumentBytes) {
        this(StandardCharsets.UTF_8, malformedInput, maxDocumentBytes);
    }

    /**
     * Strict UTF-8, files up to {@link #DEFAULT_MAX_DOCUMENT_BYTES}: the reader on its own fails on a bad byte, since
     * it has no record to count replacements in. A training run's default is {@link MalformedInput#REPLACE}, because
     * its run record and report count them.
     */
    public static TextFolderOptions defaults() {
        return new TextFolderOptions(StandardCharsets.UTF_8, MalformedInput.FAIL, DEFAULT_MAX_DOCUMENT_BYTES);
    }

    /** These options reading files in {@code encoding}. */
    public TextFolderOptions withCharset(Charset encoding) {
        return new TextFolderOptions(encoding, malformedInput, maxDocumentBytes);
    }

    /** These options doing {@code policy} with undecodable bytes. */
    public TextFolderOptions withMalformedInput(MalformedInput policy) {
        return new TextFolderOptions(charset, policy, maxDocumentBytes);
    }

    /**
     * The charset a name gives, e.g. "UTF-8", "latin1", "windows-1252"; an unknown or malformed name is an
     * {@link IllegalArgumentException} naming it and listing examples.
     */
    public static Charset charset(String name) {
        String trimmed = name == null ? "" : name.trim();
        try {
            return Charset.forName(trimmed);
        } catch (IllegalArgumentException e) { // IllegalCharsetNameException, UnsupportedCharsetException, ""
            throw new IllegalArgumentException("Invalid value for option encoding: '" + trimmed + "'. Expected a charset"
                    + " name Java knows, e.g. UTF-8, ISO-8859-1 (latin1), windows-1252 or UTF-16.", e);
        }
    }
}
