package dev.plumb.data.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;

/**
 * How {@link CsvReader} turns a CSV file with a header row into a data set. Immutable and validated
 * when built; start from {@link #defaults()}, {@link #classification(String)} or
 * {@link #regression(String)} and adjust with the {@code with…} methods:
 *
 * <pre>{@code
 * CsvOptions.classification("label").withFeatureColumns("subject_len", "links").withDelimiter(';')
 * CsvOptions.classification("label").withDropColumns("id")
 * }</pre>
 *
 * <p>A column is given by its header name, compared exactly (case-sensitive) with the header's names, from
 * which leading and trailing spaces and tabs are removed; or, when no header name matches and the text is
 * all digits, by its 0-based index ({@code "0"} is the first column).
 *
 * @param label          which column holds the label (classification) or target (regression)
 * @param featureColumns the feature columns by name or index, in the order the feature matrix gets them;
 *                       empty means every column except the label (and the dropped ones), in file order
 * @param dropColumns    columns left out of the features, by name or index (an id column, say); only
 *                       when {@code featureColumns} is empty — one list or the other, not both
 * @param task           classification (labels are class names) or regression (the label is a number)
 * @param delimiter      the field separator, e.g. ',' ';' or '\t'
 * @param allowMissing   false (the default): a missing value is an error. True: a row with a missing
 *                       value in a feature column or the label column is dropped, and the count is
 *                       reported in {@link CsvData#rowsDropped()}; nothing is imputed. A numeric value
 *                       is missing when it is empty or one of {@code NA}, {@code N/A}, {@code NaN},
 *                       {@code null}, {@code ?} (in any case); a class label only when it is empty.
 *                       Infinite values ({@code Infinity}, {@code inf}, {@code 1e999}) are never
 *                       missing values: they are always an error.
 * @param dtype          the precision of the feature and target matrices
 */
public record CsvOptions(LabelColumn label, List<String> featureColumns, List<String> dropColumns, Task task,
                         char delimiter, boolean allowMissing, DType dtype) {

    /** What the label column holds. */
    public enum Task {
        /** Class names; each distinct value is a class. */
        CLASSIFICATION,
        /** A number to predict. */
        REGRESSION
    }

    /** Where the label column is: by header name, by 0-based position, or the last column. */
    public sealed interface LabelColumn {

        /** The column whose header is {@code name}. */
        static LabelColumn named(String name) {
            return new Named(name);
        }

        /** The column at 0-based {@code index} in the header. */
        static LabelColumn at(int index) {
            return new At(index);
        }

        /** The last column of the header. */
        static LabelColumn last() {
            return new Last();
        }

        /** No label: every (selected) column is a feature — a file of new examples to predict. */
        static LabelColumn none() {
            return new None();
        }

        record Named(String name) implements LabelColumn {
            public Named {
                checkColumnName("label", name);
            }
        }

        record At(int index) implements LabelColumn {
            public At {
                Checks.nonNegative("label index", index);
            }
        }

        record Last() implements LabelColumn {
        }

        record None() implements LabelColumn {
        }
    }

    public CsvOptions {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(featureColumns, "featureColumns");
        Objects.requireNonNull(dropColumns, "dropColumns");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dtype, "dtype");
        Set<String> seen = distinct("featureColumns", featureColumns);
        Set<String> dropped = distinct("dropColumns", dropColumns);
        featureColumns = List.copyOf(featureColumns);
        dropColumns = List.copyOf(dropColumns);
        if (!featureColumns.isEmpty() && !dropColumns.isEmpty()) {
            throw new IllegalArgumentException("Invalid options: featureColumns " + featureColumns + " and dropColumns "
                    + dropColumns + " are both given. Expected one of them: the columns to use, or the columns to leave out.");
        }
        if (label instanceof LabelColumn.Named named && dropped.contains(named.name())) {
            throw new IllegalArgumentException("Invalid options: the label column '" + named.name()
                    + "' is also listed in dropColumns " + dropColumns + ". The label cannot be dropped; remove it from dropColumns.");
        }
        if (label instanceof LabelColumn.Named named && seen.contains(named.name())) {
            throw new IllegalArgumentException("Invalid options: the label column '" + named.name()
                    + "' is also listed in featureColumns " + featureColumns
                    + ". A column cannot be both the label and a feature; remove it from featureColumns.");
        }
        // the quote and line breaks structure the file; they cannot also separate fields
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("Invalid value for argument delimiter: " + printable(delimiter)
                    + ". Expected a character other than the quote '\"', CR or LF, e.g. ',', ';' or '\\t'.");
        }
    }

    /**
     * The last column is the class label, every other column a feature; ',' separated, missing values
     * are errors, float32.
     */
    public static CsvOptions defaults() {
        return new CsvOptions(LabelColumn.last(), List.of(), List.of(), Task.CLASSIFICATION, ',', false, DType.FLOAT32);
    }

    /** The defaults, with the class label in the column named {@code labelColumn}. */
    public static CsvOptions classification(String labelColumn) {
        return defaults().withLabel(labelColumn);
    }

    /** The defaults, with a numeric regression target in the column named {@code targetColumn}. */
    public static CsvOptions regression(String targetColumn) {
        return defaults().withLabel(targetColumn).withTask(Task.REGRESSION);
    }

    /** The label in the column named {@code name}. */
    public CsvOptions withLabel(String name) {
        return withLabel(LabelColumn.named(name));
    }

    /** The label in the column at 0-based {@code index}. */
    public CsvOptions withLabelIndex(int index) {
        return withLabel(LabelColumn.at(index));
    }

    public CsvOptions withLabel(LabelColumn column) {
        return new CsvOptions(column, featureColumns, dropColumns, task, delimiter, allowMissing, dtype);
    }

    /** Only these columns, in this order, as features (at least one). */
    public CsvOptions withFeatureColumns(String... names) {
        return withFeatureColumns(List.of(names));
    }

    /** Only these columns, in this order, as features (at least one). */
    public CsvOptions withFeatureColumns(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("Invalid value for argument featureColumns: []. Expected at least one "
                    + "column name; use withAllFeatureColumns() for every column except the label.");
        }
        return new CsvOptions(label, new ArrayList<>(names), dropColumns, task, delimiter, allowMissing, dtype);
    }

    /** Every column except the label is a feature (the default). */
    public CsvOptions withAllFeatureColumns() {
        return new CsvOptions(label, List.of(), List.of(), task, delimiter, allowMissing, dtype);
    }

    /** Every column except the label and these (by name or index) is a feature. */
    public CsvOptions withDropColumns(String... names) {
        return withDropColumns(List.of(names));
    }

    /** Every column except the label and these (by name or index) is a feature. */
    public CsvOptions withDropColumns(List<String> names) {
        return new CsvOptions(label, featureColumns, new ArrayList<>(names), task, delimiter, allowMissing, dtype);
    }

    public CsvOptions withTask(Task newTask) {
        return new CsvOptions(label, featureColumns, dropColumns, newTask, delimiter, allowMissing, dtype);
    }

    public CsvOptions withDelimiter(char newDelimiter) {
        return new CsvOptions(label, featureColumns, dropColumns, task, newDelimiter, allowMissing, dtype);
    }

    /** See {@link #allowMissing()}: true drops rows with missing values instead of failing. */
    public CsvOptions withAllowMissing(boolean allow) {
        return new CsvOptions(label, featureColumns, dropColumns, task, delimiter, allow, dtype);
    }

    public CsvOptions withDtype(DType newDtype) {
        return new CsvOptions(label, featureColumns, dropColumns, task, delimiter, allowMissing, newDtype);
    }

    private static Set<String> distinct(String argument, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            checkColumnName(argument, name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + names
                        + " lists '" + name + "' twice. Expected distinct column names.");
            }
        }
        return seen;
    }

    private static void checkColumnName(String argument, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": "
                    + (name == null ? "null" : "'" + name + "'") + ". Expected a column name from the header.");
        }
        if (!name.equals(CsvValues.trim(name))) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": '" + name
                    + "'. Expected a column name without leading or trailing spaces (header names are read trimmed).");
        }
    }

    private static String printable(char c) {
        return switch (c) {
            case '\r' -> "'\\r'";
            case '\n' -> "'\\n'";
            default -> "'" + c + "'";
        };
    }
}
