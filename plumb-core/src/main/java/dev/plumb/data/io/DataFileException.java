package dev.plumb.data.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file could not be read: missing, unreadable, truncated, or not in the expected format. Every
 * reader in this package reports problems with it, never with an index or parse exception.
 *
 * <p>The message reads {@code "<file>[, line N | , byte N]: <problem>; <what to do>"}, e.g.
 * {@code "train.csv, line 7: column 'age' holds 'abc', which is not a number; fix the row or drop the column"}.
 * Checked, and an {@link IOException}, for the same reason as {@code ModelFileException}: a bad file is
 * a fact about the world, and the caller must decide what to tell the user.
 */
public final class DataFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String location;

    /** A problem with the file as a whole. */
    public DataFileException(Path file, String problem) {
        this(file, "", problem, null);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        this(file, "", problem, cause);
    }

    /**
     * A problem at {@code location} within the file, e.g. "line 7" or "byte 16".
     */
    public DataFileException(Path file, String location, String problem, Throwable cause) {
        super(file + (location == null || location.isEmpty() ? "" : ", " + location) + ": " + problem, cause);
        this.file = file;
        this.location = location == null ? "" : location;
    }

    /** The file, as the caller named it. */
    public Path file() {
        return file;
    }

    /** Where in the file ("line 7", "byte 16"), or "" for the file as a whole. */
    public String location() {
        return location;
    }
}
