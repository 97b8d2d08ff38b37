package dev.plumb.spark;

import java.io.Serializable;

import org.apache.spark.sql.Row;

import dev.plumb.data.io.CsvColumns;
import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvValues;
import dev.plumb.tensor.DType;

/**
 * Turns one CSV row, all cells strings, into a {@link ParsedRow} on an executor, with the core {@code CsvReader}'s
 * rules and messages: a feature is a plain decimal number, parsed at the options' precision (float32 parses the text
 * with {@link Float#parseFloat}, as the core does, and widens exactly to float64), a missing value ({@code ""},
 * {@code NA}, {@code NaN}, {@code ?} …) is an error unless missing values are allowed, and an infinite or non-numeric
 * value is always an error. The location is the data row (1 is the first row after the header): Spark does not give
 * line numbers, and without blank lines or quoted line breaks the line is the row + 1.
 */
final class CsvRowParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final CsvColumns layout;
    private final boolean float32;
    private final boolean allowMissing;

    CsvRowParser(String file, CsvColumns layout, CsvOptions options) {
        this.file = file;
        this.layout = layout;
        this.float32 = options.dtype() == DType.FLOAT32;
        this.allowMissing = options.allowMissing();
    }

    static String location(long row) {
        return "data row " + (row + 1);
    }

    ParsedRow parse(Row cells, long row) {
        int[] features = layout.features();
        double[] x = new double[features.length];
        boolean complete = true;
        for (int k = 0; k < features.length; k++) {
            x[k] = number(cells, features[k], row);
            complete &= !Double.isNaN(x[k]);
        }
        String label = CsvValues.trim(cell(cells, layout.label()));
        if (label.isEmpty()) {
            if (!allowMissing) {
                throw new SourceFailure(file, location(row), "label column " + layout.describe(layout.label())
                        + " is empty; give every row a label, or drop unlabeled rows (--allow-missing, "
                        + "CsvOptions.withAllowMissing(true))");
            }
            complete = false;
        }
        return complete ? new ParsedRow(row, label, x) : new ParsedRow(row, null, null);
    }

    private static String cell(Row cells, int column) {
        return cells.isNullAt(column) ? "" : cells.getString(column); // Spark reads an empty cell as null
    }

    private double number(Row cells, int column, long row) {
        String value = CsvValues.trim(cell(cells, column));
        String what = "column " + layout.describe(column);
        if (CsvValues.isDecimal(value)) {
            double v = float32 ? Float.parseFloat(value) : Double.parseDouble(value);
            if (Double.isInfinite(v)) {
                throw new SourceFailure(file, location(row), what + " holds " + CsvValues.quote(value) + ", which is too large for "
                        + (float32 ? "float32 (beyond ±3.4e38); pass --dtype float64 (CsvOptions.withDtype) or"
                        : "a 64-bit float;") + " rescale the column");
            }
            return v;
        }
        if (CsvValues.isMissing(value)) {
            if (allowMissing) {
                return Double.NaN;
            }
            throw new SourceFailure(file, location(row), what + (value.isEmpty() ? " is empty" : " holds "
                    + CsvValues.quote(value) + ", a missing value") + "; fill it in, or drop rows with a missing value "
                    + "(--allow-missing, CsvOptions.withAllowMissing(true))");
        }
        if (CsvValues.isInfinity(value)) {
            throw new SourceFailure(file, location(row), what + " holds " + CsvValues.quote(value)
                    + ", which is not a finite number; fix the value or remove the row");
        }
        String comma = value.matches("[+-]?\\d+,\\d+") ? " (a decimal comma: numbers need a decimal point, "
                + value.replace(',', '.') + ")" : "";
        throw new SourceFailure(file, location(row), what + " holds " + CsvValues.quote(value) + ", which is not a number"
                + comma + "; fix the value, or leave the column out with --drop-columns "
                + CsvValues.quote(layout.names().get(column)) + " (CsvOptions.withDropColumns)");
    }
}
