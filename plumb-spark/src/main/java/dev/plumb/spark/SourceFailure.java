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

    /**
     * The {@link SourceFailure} in {@code e}'s causes, or null. Spark does not always keep the task's exception as the
     * cause (a failed shuffle-map task, as in an aggregate, arrives as a message only), so a failure named in a
     * message, as Spark writes it ({@code "…: dev.plumb.spark.SourceFailure: <file>, <location>: <problem>\n\tat …"}),
     * is rebuilt from it; {@code file} is the path the failing reader was given.
     */
    static SourceFailure find(Throwable e, String file) {
        String marker = SourceFailure.class.getName() + ": " + file;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SourceFailure failure) {
                return failure;
            }
            String message = cause.getMessage();
            int at = message == null ? -1 : message.indexOf(marker);
            if (at >= 0) {
                String rest = message.substring(at + marker.length());
                int end = rest.indexOf('\n');
                rest = end < 0 ? rest : rest.substring(0, end);
                if (rest.startsWith(": ")) {
                    return new SourceFailure(file, "", rest.substring(2));
                }
                if (rest.startsWith(", ") && rest.indexOf(": ") > 0) {
                    int colon = rest.indexOf(": ");
                    return new SourceFailure(file, rest.substring(2, colon), rest.substring(colon + 2));
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * The data-file problem behind a failed Spark job as the core's {@link DataFileException}; any other failure is
     * rethrown as Spark threw it (Spark's {@code SparkException} is a checked exception that Scala throws undeclared,
     * so callers catch {@link Exception}, and this keeps its type).
     */
    static DataFileException unwrap(Exception e, String file) {
        if (e instanceof DataFileException d) {
            return d;
        }
        SourceFailure failure = find(e, file);
        if (failure != null) {
            return failure.toDataFileException();
        }
        throw SourceFailure.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable e) throws T {
        throw (T) e;
    }
}
