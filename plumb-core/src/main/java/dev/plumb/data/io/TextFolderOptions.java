package dev.plumb.data.io;

import java.util.Objects;

/**
 * How {@link TextFolderReader} decodes document files.
 *
 * @param malformedInput   what to do with bytes that are not valid UTF-8
 * @param maxDocumentBytes the largest file accepted, so a stray archive or log in a class folder is an
 *                         error rather than an out-of-memory crash
 */
public record TextFolderOptions(MalformedInput malformedInput, long maxDocumentBytes) {

    /** 16 MiB: far more than any e-mail or article. */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 16L << 20;

    /** What to do with a file that is not valid UTF-8. */
    public enum MalformedInput {
        /** A {@link DataFileException} naming the file and the byte offset of the first bad sequence. */
        REJECT,
        /**
         * Decode each malformed sequence as U+FFFD (the replacement character) and go on: for corpora in
         * mixed encodings, such as old e-mail collections, where a few mangled accents do not matter.
         * U+FFFD is not a letter, so it separates tokens and never becomes one.
         */
        REPLACE
    }

    public TextFolderOptions {
        Objects.requireNonNull(malformedInput, "malformedInput");
        if (maxDocumentBytes <= 0 || maxDocumentBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Invalid value for argument maxDocumentBytes: " + maxDocumentBytes
                    + ". Expected a number of bytes in [1, " + (Integer.MAX_VALUE - 8) + "].");
        }
    }

    /** Strict UTF-8, files up to {@link #DEFAULT_MAX_DOCUMENT_BYTES}. */
    public static TextFolderOptions defaults() {
        return new TextFolderOptions(MalformedInput.REJECT, DEFAULT_MAX_DOCUMENT_BYTES);
    }
}
