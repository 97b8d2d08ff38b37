package dev.plumb.data.io;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.plumb.data.io.CsvOptions.LabelColumn;

/**
 * A CSV header resolved against {@link CsvOptions}: the column names, and which columns are the label
 * and the features.
 *
 * <p>Public because the Spark reader ({@code dev.plumb.spark.SparkSources}) resolves its header with
 * these same rules through {@link #resolveNames}: the feature order decides each row's content hash,
 * so it must be this one. Serializable so the Spark reader can ship it to its executors.
 *
 * @param names    the header's names, trimmed, one per column
 * @param label    index of the label column
 * @param features indices of the feature columns, in the order of the feature matrix
 */
public record CsvColumns(List<String> names, int label, int[] features) implements Serializable {

    /**
     * Resolves {@code header}, the fields of the header row at {@code line}.
     *
     * @throws DataFileException for a header with fewer than two columns, duplicate names, an unknown
     *                           or out-of-range column, a label that is also a feature, or a used column
     *                           without a name
     */
    static CsvColumns resolve(Path file, long line, List<String> header, CsvOptions options)
            throws DataFileException {
        List<String> names = new ArrayList<>(header.size());
        for (String field : header) {
            names.add(CsvValues.trim(field));
        }
        return resolve(file, "line " + line, names, options, true);
    }

    /**
     * Resolves a header for a caller that is not the command line, the Spark reader: {@code names} are
     * the header's names, already trimmed with {@link CsvValues#trim}; the place in a message is
     * "header", and a message names the {@link CsvOptions} settings ("the drop columns",
     * {@code CsvOptions.withDelimiter}) rather than command-line flags. The rules are those of
     * {@link CsvReader}.
     *
     * @throws DataFileException as {@link CsvReader} for the same header and options
     */
    public static CsvColumns resolveNames(Path file, List<String> names, CsvOptions options) throws DataFileException {
        return resolve(file, "header", names, options, false);
    }

    /** {@code flags}: whether messages name the command-line flags (--drop-columns) or the settings. */
    private static CsvColumns resolve(Path file, String at, List<String> names, CsvOptions options, boolean flags)
            throws DataFileException {
        if (names.size() < 2) {
            throw new DataFileException(file, at, "the header has only 1 column (" + CsvValues.quote(names.get(0))
                    + "); expected a label column and at least one feature column — " + (flags
                    ? delimiterAdvice(names.get(0), options.delimiter())
                    : "if the file is separated by another character than " + CsvValues.quote(String.valueOf(options.delimiter()))
                    + ", pass it with CsvOptions.withDelimiter (e.g. ';' or '\\t')"), null);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            Integer earlier = name.isEmpty() ? null : index.putIfAbsent(name, j);
            if (earlier != null) {
                throw new DataFileException(file, at, "columns " + earlier + " and " + j + " (counting from 0) are both named "
                        + CsvValues.quote(name) + "; column names must be unique — rename one of them", null);
            }
        }
        int label;
        if (options.label() instanceof LabelColumn.Named named) {
            label = find(file, at, names, index, named.name(), "label column");
        } else if (options.label() instanceof LabelColumn.At byIndex) {
            if (byIndex.index() >= names.size()) {
                throw new DataFileException(file, at, "label column index " + byIndex.index()
                        + " is out of range: the header has " + names.size() + " columns, index 0 to "
                        + (names.size() - 1) + " (" + CsvValues.listNames(names) + "); pass an index in range", null);
            }
            label = byIndex.index();
        } else if (options.label() instanceof LabelColumn.None) {
            label = -1; // unlabeled: a file to predict on
        } else {
            label = names.size() - 1;
        }
        int[] features;
        if (options.featureColumns().isEmpty()) {
            boolean[] dropped = new boolean[names.size()];
            for (String column : options.dropColumns()) {
                int j = find(file, at, names, index, column, "column to drop");
                if (j == label) {
                    throw new DataFileException(file, at, "column " + CsvValues.quote(names.get(j)) + " is the label and "
                            + "cannot be dropped; remove it from " + (flags ? "--drop-columns" : "the drop columns")
                            + ", or choose another " + (flags ? "--label" : "label"), null);
                }
                dropped[j] = true;
            }
            features = IntStream.range(0, names.size()).filter(j -> j != label && !dropped[j]).toArray();
            if (features.length == 0) {
                throw new DataFileException(file, at, "no feature column is left: the header has " + CsvValues.listNames(names)
                        + ", and " + (flags ? "--drop-columns leaves" : "the drop columns leave")
                        + " out every column but the label; drop fewer columns", null);
            }
        } else {
            features = new int[options.featureColumns().size()];
            for (int k = 0; k < features.length; k++) {
                String column = options.featureColumns().get(k);
                features[k] = find(file, at, names, index, column, "feature column");
                if (features[k] == label) {
                    throw new DataFileException(file, at, "column " + CsvValues.quote(names.get(label)) + " is the label "
                            + "(index " + label + ") and is also " + (flags ? "listed in --columns; remove it from --columns"
                            : "a feature column; remove it from the feature columns") + " or choose another "
                            + (flags ? "--label" : "label"), null);
                }
                for (int earlier = 0; earlier < k; earlier++) {
                    if (features[earlier] == features[k]) {
                        throw new DataFileException(file, at, flags
                                ? "--columns names column " + describe(names, features[k]) + " twice (as "
                                + CsvValues.quote(options.featureColumns().get(earlier)) + " and "
                                + CsvValues.quote(column) + "); list each column once"
                                : "the feature columns name column " + CsvValues.quote(names.get(features[k]))
                                + " twice; list each column once", null);
                    }
                }
            }
        }
        if (label >= 0) {
            requireName(file, at, names, label, "the label", flags);
        }
        for (int j : features) {
            requireName(file, at, names, j, "a feature", flags);
        }
        return new CsvColumns(List.copyOf(names), label, features);
    }

    private static int find(Path file, String at, List<String> names, Map<String, Integer> index, String name,
                            String role) throws DataFileException {
        Integer j = index.get(name);
        if (j != null) {
            return j;
        }
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (name.length() < 10 && Integer.parseInt(name) < names.size()) {
                return Integer.parseInt(name);
            }
            throw new DataFileException(file, at, "no " + role + " " + name + ": the header has " + names.size()
                    + " columns, index 0 to " + (names.size() - 1) + " (" + CsvValues.listNames(names)
                    + "); give a name from the header or an index in range", null);
        }
        String hint = "";
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                hint = " (did you mean " + CsvValues.quote(candidate) + "? names are case-sensitive)";
            }
        }
        throw new DataFileException(file, at, "no " + role + " named " + CsvValues.quote(name) + hint
                + "; the header has " + CsvValues.listNames(names) + " — use one of these", null);
    }

    private static void requireName(Path file, String at, List<String> names, int column, String role, boolean flags)
            throws DataFileException {
        if (names.get(column).isEmpty()) {
            throw new DataFileException(file, at, "column " + column + " (counting from 0) has no name in the header, "
                    + "but would be " + role + "; name it, or leave it out with "
                    + (flags ? "--drop-columns " + column : "the drop columns")
                    + " (a pandas index written by to_csv has no name: write with index=False)", null);
        }
    }

    /**
     * What to say when the header is a single column: a header holding a likely separator is a file
     * separated by it (a European export separated by ';', a tab-separated file).
     */
    private static String delimiterAdvice(String header, char delimiter) {
        for (char c : new char[] {';', '\t', ',', '|'}) {
            if (c != delimiter && header.indexOf(c) >= 0) {
                String flag = c == '\t' ? "tab" : "'" + c + "'";
                return "the header contains " + (c == '\t' ? "tabs" : CsvValues.quote(String.valueOf(c)))
                        + ", so the file looks separated by " + (c == '\t' ? "tabs" : "it") + ": read it with --delimiter " + flag;
            }
        }
        return "if the file is separated by another character than " + CsvValues.quote(String.valueOf(delimiter))
                + ", pass it with --delimiter (e.g. --delimiter ';' or --delimiter tab)";
    }

    private static String describe(List<String> names, int column) {
        return names.get(column).isEmpty() ? "at index " + column : CsvValues.quote(names.get(column));
    }

    /** Number of columns every row must have. */
    int width() {
        return names.size();
    }

    /** The column for a message: its quoted name, or its index when the header leaves it unnamed. */
    public String describe(int column) {
        String name = names.get(column);
        return name.isEmpty() ? "at index " + column + " (no name)" : CsvValues.quote(name);
    }

    /** The feature columns' names, in the order of the feature matrix. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>(features.length);
        for (int j : features) {
            out.add(names.get(j));
        }
        return out;
    }
}
