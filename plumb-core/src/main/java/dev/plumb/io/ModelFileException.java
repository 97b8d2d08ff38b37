package dev.plumb.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file could not be read or written: it is missing, unreadable, truncated, corrupt, or not in
 * the expected format.
 *
 * <p>Checked, and an {@link IOException} like {@link java.util.zip.ZipException}: a damaged file is a
 * fact about the world outside the program, not a bug in the caller, so the compiler makes every
 * caller decide what to tell the user, and existing {@code catch (IOException e)} blocks keep working.
 * Bugs in the caller's arguments (an empty tensor name, a null matrix) are
 * {@link IllegalArgumentException}s instead, as everywhere else in Plumb.
 *
 * <p>The message reads {@code "<file>: <problem>; <what to do>"}, e.g. {@code "model.safetensors:
 * truncated: header says tensor 'W1' ends at byte 40000 of the data section but the file has only
 * 1234 data bytes; the file is incomplete — save or download it again"}.
 */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** {@code problem} is the message without the file name, which is prepended. */
    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is about, as the caller named it. */
    public Path file() {
        return file;
    }
}
