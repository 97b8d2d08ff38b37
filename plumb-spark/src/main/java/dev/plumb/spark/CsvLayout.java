package dev.plumb.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvOptions.LabelColumn;
import dev.plumb.data.io.DataFileException;

/**
 * A CSV header resolved against {@link CsvOptions} with the core's rules ({@code dev.plumb.data.io.CsvColumns}, which
 * is package-private): names trimmed and unique, the label by name, by index or the last column, the features every
 * other column in file order (less the dropped ones) or the listed ones in the listed order. The feature order decides
 * each row's content hash, so it must be the core's.
 *
 * @param names    the header's names, trimmed
 * @param label    index of the label column
 * @param features indices of the feature columns, in feature order
 */
record CsvLayout(List<String> names, int label, int[] features) implements java.io.Serializable {

    private static final String AT = "header";

    static CsvLayout resolve(Path file, List<String> names, CsvOptions options) throws DataFileException {
        if (names.size() < 2) {
            throw new DataFileException(file, AT, "the header has only 1 column (" + CsvCells.quote(names.get(0))
                    + "); expected a label column and at least one feature column — if the file is separated by another "
                    + "character than " + CsvCells.quote(String.valueOf(options.delimiter()))
                    + ", pass it with CsvOptions.withDelimiter (e.g. ';' or '\\t')", null);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            Integer earlier = name.isEmpty() ? null : index.putIfAbsent(name, j);
            if (earlier != null) {
                throw new DataFileException(file, AT, "columns " + earlier + " and " + j + " (counting from 0) are both named "
                        + CsvCells.quote(name) + "; column names must be unique — rename one of them", null);
            }
        }
        int label;
        if (options.label() instanceof LabelColumn.Named named) {
            label = find(file, names, index, named.name(), "label column");
        } else if (options.label() instanceof LabelColumn.At at) {
            if (at.index() >= names.size()) {
                throw new DataFileException(file, AT, "label column index " + at.index() + " is out of range: the header has "
                        + names.size() + " columns, index 0 to " + (names.size() - 1) + " (" + CsvCells.listNames(names)
                        + "); pass an index in range", null);
            }
            label = at.index();
        } else {
            label = names.size() - 1; // LabelColumn.Last; None is refused by SparkSources.csv
        }
        int[] features;
        if (options.featureColumns().isEmpty()) {
            boolean[] dropped = new boolean[names.size()];
            for (String column : options.dropColumns()) {
                int j = find(file, names, index, column, "column to drop");
                if (j == label) {
                    throw new DataFileException(file, AT, "column " + CsvCells.quote(names.get(j)) + " is the label and "
                            + "cannot be dropped; remove it from the drop columns, or choose another label", null);
                }
                dropped[j] = true;
            }
            int labelColumn = label;
            features = IntStream.range(0, names.size()).filter(j -> j != labelColumn && !dropped[j]).toArray();
            if (features.length == 0) {
                throw new DataFileException(file, AT, "no feature column is left: the header has "
                        + CsvCells.listNames(names) + ", and the drop columns leave out every column but the label; "
                        + "drop fewer columns", null);
            }
        } else {
            features = new int[options.featureColumns().size()];
            for (int k = 0; k < features.length; k++) {
                features[k] = find(file, names, index, options.featureColumns().get(k), "feature column");
                if (features[k] == label) {
                    throw new DataFileException(file, AT, "column " + CsvCells.quote(names.get(label)) + " is the label "
                            + "(index " + label + ") and is also a feature column; remove it from the feature columns or "
                            + "choose another label", null);
                }
                for (int earlier = 0; earlier < k; earlier++) {
                    if (features[earlier] == features[k]) {
                        throw new DataFileException(file, AT, "the feature columns name column "
                                + CsvCells.quote(names.get(features[k])) + " twice; list each column once", null);
                    }
                }
            }
        }
        requireName(file, names, label, "the label");
        for (int j : features) {
            requireName(file, names, j, "a feature");
        }
        return new CsvLayout(List.copyOf(names), label, features);
    }

    private static int find(Path file, List<String> names, Map<String, Integer> index, String name, String role)
            throws DataFileException {
        Integer j = index.get(name);
        if (j != null) {
            return j;
        }
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (name.length() < 10 && Integer.parseInt(name) < names.size()) {
                return Integer.parseInt(name);
            }
            throw new DataFileException(file, AT, "no " + role + " " + name + ": the header has " + names.size()
                    + " columns, index 0 to " + (names.size() - 1) + " (" + CsvCells.listNames(names)
                    + "); give a name from the header or an index in range", null);
        }
        String hint = "";
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                hint = " (did you mean " + CsvCells.quote(candidate) + "? names are case-sensitive)";
            }
        }
        throw new DataFileException(file, AT, "no " + role + " named " + CsvCells.quote(name) + hint
                + "; the header has " + CsvCells.listNames(names) + " — use one of these", null);
    }

    private static void requireName(Path file, List<String> names, int column, String role) throws DataFileException {
        if (names.get(column).isEmpty()) {
            throw new DataFileException(file, AT, "column " + column + " (counting from 0) has no name in the header, "
                    + "but would be " + role + "; name it, or leave it out with the drop columns (a pandas index written "
                    + "by to_csv has no name: write with index=False)", null);
        }
    }

    /** The column for a message: its quoted name. */
    String describe(int column) {
        return CsvCells.quote(names.get(column));
    }

    List<String> featureNames() {
        List<String> out = new ArrayList<>(features.length);
        for (int j : features) {
            out.add(names.get(j));
        }
        return out;
    }
}
