package dev.plumb.spark;

import java.nio.file.Path;

import dev.plumb.data.io.DataFileException;

/**
 * A problem found in a data file by a task on an executor. It travels to the driver inside Spark's
 * {@code SparkException} (Spark keeps a task's exception as the cause of the job's failure), so it carries the file,
 * the location and the problem as strings (a {@link DataFileException}'s path is transient), and the driver turns it
 * back into the {@link DataFileException} the core's readers throw ({@link #unwrap}). Unchecked, because Spark's
 * iterators cannot throw checked exceptions; an {@link IllegalArgumentException}, so a failure met later, outside
 * {@link SparkSources}, still reads as what it is.
 */
final class SourceFailure extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String location;
    private final String problem;

    SourceFailure(String file, String location, String problem) {
        super(file + (location.isEmpty() ? "" : ", " + location) + ": " + problem);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    DataFileException toDataFileException() {
        return new DataFileException(Path.of(file), location, problem, this);
    }

    /** The {@link SourceFailure} in {@code e}'s causes, or null. */
    static SourceFailure find(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SourceFailure failure) {
                return failure;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** The data-file problem behind a failed Spark job, or {@code e} itself when it was something else. */
    static RuntimeException unwrap(RuntimeException e) throws DataFileException {
        SourceFailure failure = find(e);
        if (failure != null) {
            throw failure.toDataFileException();
        }
        return e;
    }
}
