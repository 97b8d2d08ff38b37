package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.plumb.data.io.CsvOptions;

/**
 * How a CSV file is read, beyond its label: the field separator, which columns are features, and what a missing
 * value does. Typed and validated; {@link RunSpec} parses it from the options {@code delimiter}, {@code columns},
 * {@code drop-columns} and {@code allow-missing}.
 *
 * @param delimiter    the field separator: ',' (the default), ';' (European exports), '\t', …
 * @param columns      the feature columns, by header name or 0-based index, in the order the model gets them; empty
 *                     means every column except the label and {@code dropColumns}
 * @param dropColumns  columns left out of the features (an id column, say), by name or index; only without
 *                     {@code columns}
 * @param allowMissing drop a row with a missing or empty value (counted in the split manifest) instead of failing
 */
public record CsvSettings(char delimiter, List<String> columns, List<String> dropColumns, boolean allowMissing) {

    /** ',' separated, every column but the label, a missing value is an error. */
    public static final CsvSettings DEFAULTS = new CsvSettings(',', List.of(), List.of(), false);

    public CsvSettings {
        columns = checkColumns(RunOption.COLUMNS, columns);
        dropColumns = checkColumns(RunOption.DROP_COLUMNS, dropColumns);
        if (!columns.isEmpty() && !dropColumns.isEmpty()) {
            throw new IllegalArgumentException("Invalid options columns " + String.join(",", columns) + " and drop-columns "
                    + String.join(",", dropColumns) + ": give the columns to use (--columns) or the columns to leave out "
                    + "(--drop-columns), not both.");
        }
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw Options.invalid(RunOption.DELIMITER, String.valueOf(delimiter),
                    "a single character other than the quote, CR or LF, e.g. ';' or tab");
        }
    }

    /** {@code options} reading CSV files this way. */
    public CsvOptions applyTo(CsvOptions options) {
        CsvOptions out = options.withDelimiter(delimiter).withAllowMissing(allowMissing);
        return columns.isEmpty() ? out.withDropColumns(dropColumns) : out.withFeatureColumns(columns);
    }

    /**
     * The CSV settings among text options (the keys {@code delimiter}, {@code columns}, {@code drop-columns},
     * {@code allow-missing}; missing ones take their defaults): for commands that read a CSV file without training.
     */
    public static CsvSettings parse(Map<String, String> given) {
        return parse(new Options(given));
    }

    static CsvSettings parse(Options o) {
        return new CsvSettings(o.parsed(RunOption.DELIMITER, CsvSettings::delimiter), o.list(RunOption.COLUMNS),
                o.list(RunOption.DROP_COLUMNS), o.bool(RunOption.ALLOW_MISSING));
    }

    void writeTo(Map<RunOption, String> out) {
        out.put(RunOption.DELIMITER, switch (delimiter) {
            case '\t' -> "tab";
            case ' ' -> "space";
            default -> String.valueOf(delimiter);
        });
        out.put(RunOption.COLUMNS, String.join(",", columns));
        out.put(RunOption.DROP_COLUMNS, String.join(",", dropColumns));
        out.put(RunOption.ALLOW_MISSING, String.valueOf(allowMissing));
    }

    /** One character, or the name of an invisible one: tab (also {@code \t}) or space. */
    static char delimiter(String text) {
        return switch (text) {
            case "tab", "TAB", "\\t", "\t" -> '\t';
            case "space", "SPACE", " " -> ' ';
            default -> {
                if (text.length() != 1) {
                    throw Options.invalid(RunOption.DELIMITER, text, "a single character, e.g. ',' or ';', or tab");
                }
                yield text.charAt(0);
            }
        };
    }

    private static List<String> checkColumns(RunOption option, List<String> given) {
        Objects.requireNonNull(given, option.key());
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>(given.size());
        for (String column : given) {
            if (column == null || column.isBlank() || !column.equals(column.strip()) || column.contains(",")) {
                throw Options.invalid(option, String.join(",", given), "comma-separated column names or 0-based indices, "
                        + "e.g. id,timestamp or 0,3 (names without commas or surrounding spaces)");
            }
            if (!seen.add(column)) {
                throw Options.invalid(option, String.join(",", given), "each column once; '" + column + "' is listed twice");
            }
            out.add(column);
        }
        return List.copyOf(out);
    }
}
